//! The GraphQL Public API against wiremock: createRequest (with step-up), requests,
//! identities, syncIntegration, GraphQL errors, waiting for a decision, and retry rules for
//! mutations.

mod cloud_support;

use std::time::Duration;

use balkanid_api::cloud::Error;
use balkanid_api::cloud::graphql::{
    AgentAccess, AgentAction, CreateRequest, CreateRequestOutcome, RequestState,
};
use cloud_support::*;
use wiremock::matchers::{body_partial_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn jit_request() -> CreateRequest {
    let payload = AgentAccess::new(AgentAction::Create, "release-agent", "claude-code")
        .integration("aws/01JH0F7KETDT9ER6JKBK3JB1K9".parse().unwrap());
    CreateRequest::agent_access("jane@acme.com".parse().unwrap(), "ship 2.4", payload)
        .duration(Duration::from_secs(4 * 3600))
}

async fn mount_graphql(
    server: &MockServer,
    operation: &str,
    answer: serde_json::Value,
    times: u64,
) {
    Mock::given(method("POST"))
        .and(path(GRAPHQL))
        .and(header("x-api-key-id", KEY_ID))
        .and(header("x-api-key-secret", SECRET))
        .and(wiremock::matchers::body_string_contains(operation))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer))
        .expect(times)
        .mount(server)
        .await;
}

#[tokio::test]
async fn create_request_sends_the_input_and_returns_the_created_id() {
    let server = server().await;
    let (client, _clock) = client(&server);
    Mock::given(method("POST"))
        .and(path(GRAPHQL))
        .and(body_partial_json(serde_json::json!({
            "variables": { "input": {
                "requestType": "AGENT_ACCESS",
                "employeeEmail": "jane@acme.com",
                "reason": "ship 2.4",
                "duration": 14400,
                "payload": { "agentAccess": {
                    "action": "CREATE",
                    "name": "release-agent",
                    "agentType": "claude-code",
                    "integrationId": "aws/01JH0F7KETDT9ER6JKBK3JB1K9"
                }}
            }}
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "data": { "createRequest": {
                "id": "req-42",
                "success": true,
                "eventIds": ["ev-1", "ev-2"],
                "stepUpRequired": false
            }}
        })))
        .expect(1)
        .mount(&server)
        .await;

    let outcome = client
        .requests()
        .create(jit_request())
        .send()
        .await
        .unwrap();

    let CreateRequestOutcome::Created(created) = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(created.id.as_str(), "req-42");
    let events: Vec<&str> = created.event_ids.iter().map(|e| e.as_str()).collect();
    assert_eq!(events, ["ev-1", "ev-2"]);
    let requests = server.received_requests().await.unwrap();
    let body: serde_json::Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert!(
        body["query"]
            .as_str()
            .unwrap()
            .starts_with("mutation CreateRequest($input: CreateRequestInput!)")
    );
}

#[tokio::test]
async fn step_up_required_is_a_distinct_outcome() {
    let server = server().await;
    let (client, _clock) = client(&server);
    let answer = serde_json::json!({
        "data": { "createRequest": {
            "id": null, "success": false, "eventIds": null, "stepUpRequired": true
        } }
    });
    mount_graphql(&server, "createRequest", answer, 1).await;

    let outcome = client
        .requests()
        .create(jit_request())
        .send()
        .await
        .unwrap();

    assert_eq!(outcome, CreateRequestOutcome::StepUpRequired);
}

#[tokio::test]
async fn graphql_errors_become_a_typed_error_with_message_code_and_path() {
    let server = server().await;
    let (client, _clock) = client(&server);
    let answer = serde_json::json!({
        "data": null,
        "errors": [
            {
                "message": "employee not found",
                "path": ["createRequest"],
                "extensions": { "code": "NOT_FOUND" }
            },
            { "message": "second problem" }
        ]
    });
    mount_graphql(&server, "createRequest", answer, 1).await;

    let error = client
        .requests()
        .create(jit_request())
        .send()
        .await
        .unwrap_err();

    let graphql = error.graphql_error().expect("a GraphQL error");
    assert_eq!(graphql.errors.len(), 2);
    assert!(graphql.has_code("not_found"));
    assert_eq!(
        error.to_string(),
        "GraphQL operation `createRequest` failed: employee not found (code NOT_FOUND) at \
         `createRequest`; and 1 more"
    );
}

#[tokio::test]
async fn success_false_without_step_up_is_an_error() {
    let server = server().await;
    let (client, _clock) = client(&server);
    let answer = serde_json::json!({ "data": { "createRequest": { "success": false } } });
    mount_graphql(&server, "createRequest", answer, 1).await;

    let error = client
        .requests()
        .create(jit_request())
        .send()
        .await
        .unwrap_err();

    assert_eq!(
        error.to_string(),
        "`createRequest` answered success = false without an error"
    );
}

#[tokio::test]
async fn a_mutation_is_not_retried_after_a_5xx() {
    let server = server().await;
    let (client, clock) = client(&server);
    Mock::given(method("POST"))
        .and(path(GRAPHQL))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;

    let error = client
        .requests()
        .create(jit_request())
        .send()
        .await
        .unwrap_err();

    assert_eq!(error.status(), Some(503));
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn a_mutation_is_retried_after_429_which_refuses_before_processing() {
    let server = server().await;
    let (client, clock) = client(&server);
    Mock::given(method("POST"))
        .and(path(GRAPHQL))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "2"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    let answer = serde_json::json!({
        "data": { "syncIntegration": { "success": true, "correlationId": "c-9" } }
    });
    mount_graphql(&server, "syncIntegration", answer, 1).await;

    let started = client
        .integrations()
        .sync("okta/01J07X778EK4BH2M2A1VY4HCYF".parse().unwrap())
        .send()
        .await
        .unwrap();

    assert_eq!(started.correlation_id.unwrap().as_str(), "c-9");
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(2)]);
}

#[tokio::test]
async fn a_mutation_is_retried_when_the_connection_is_refused() {
    // A port that was just free: nothing listens there, so nothing can have been sent.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let clock = clock();
    let client = balkanid_api::cloud::Client::builder()
        .graphql_url(format!("http://{address}{GRAPHQL}"))
        .key_id(KEY_ID)
        .key_secret(SECRET)
        .max_attempts(3)
        .clock(clock.clone())
        .ignore_environment()
        .build()
        .unwrap();

    let error = client
        .requests()
        .create(jit_request())
        .send()
        .await
        .unwrap_err();

    assert!(matches!(error, Error::Connect { .. }), "{error}");
    assert_eq!(
        error.to_string(),
        format!("could not connect to http://{address}")
    );
    assert_eq!(clock.sleeps().len(), 2);
}

#[tokio::test]
async fn sync_integration_sends_the_integration_id() {
    let server = server().await;
    let (client, _clock) = client(&server);
    Mock::given(method("POST"))
        .and(path(GRAPHQL))
        .and(body_partial_json(serde_json::json!({
            "variables": { "input": { "integrationId": "okta/01J07X778EK4BH2M2A1VY4HCYF" } }
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "data": { "syncIntegration": { "success": true, "correlationId": "corr-1" } }
        })))
        .expect(1)
        .mount(&server)
        .await;

    let started = client
        .integrations()
        .sync("okta/01J07X778EK4BH2M2A1VY4HCYF".parse().unwrap())
        .send()
        .await
        .unwrap();

    assert_eq!(started.correlation_id.unwrap().as_str(), "corr-1");
}

fn request_answer(
    id: &str,
    status: &str,
    approval: &str,
    provisioning: Option<&str>,
) -> serde_json::Value {
    serde_json::json!({ "data": { "requests": { "edges": [ { "node": {
        "id": id,
        "status": status,
        "requestApprovalStatus": approval,
        "requestProvisioningStatus": provisioning,
        "requestType": "AGENT_ACCESS",
        "metadata": { "reason": "ship 2.4" }
    } } ] } } })
}

#[tokio::test]
async fn requests_filters_by_id_and_reads_statuses() {
    let server = server().await;
    let (client, _clock) = client(&server);
    Mock::given(method("POST"))
        .and(path(GRAPHQL))
        .and(body_partial_json(serde_json::json!({
            "variables": { "filter": { "id": { "_eq": "req-42" } }, "first": 1 }
        })))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(request_answer("req-42", "OPEN", "PENDING", None)),
        )
        .expect(1)
        .mount(&server)
        .await;

    let request = client
        .requests()
        .get("req-42".parse().unwrap())
        .send()
        .await
        .unwrap()
        .unwrap();

    assert_eq!(request.status.unwrap().as_str(), "OPEN");
    assert_eq!(request.request_type.as_deref(), Some("AGENT_ACCESS"));
    assert_eq!(request.metadata.unwrap()["reason"], "ship 2.4");
}

#[tokio::test]
async fn requests_list_sends_the_default_page_size_and_no_filter() {
    let server = server().await;
    let (client, _clock) = client(&server);
    Mock::given(method("POST"))
        .and(path(GRAPHQL))
        .and(body_partial_json(
            serde_json::json!({ "variables": { "filter": null, "first": 50 } }),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "data": { "requests": { "edges": [] } }
        })))
        .expect(1)
        .mount(&server)
        .await;

    let requests = client.requests().list().send().await.unwrap();

    assert!(requests.is_empty());
}

#[tokio::test]
async fn waiting_checks_until_the_request_is_decided() {
    let server = server().await;
    let (client, clock) = client(&server);
    Mock::given(method("POST"))
        .and(path(GRAPHQL))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(request_answer("req-42", "OPEN", "PENDING", None)),
        )
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(GRAPHQL))
        .respond_with(ResponseTemplate::new(200).set_body_json(request_answer(
            "req-42",
            "CLOSED",
            "APPROVED",
            Some("PENDING"),
        )))
        .with_priority(2)
        .expect(1)
        .mount(&server)
        .await;

    let request = client
        .requests()
        .wait("req-42".parse().unwrap())
        .interval(Duration::from_secs(10))
        .send()
        .await
        .unwrap();

    assert_eq!(request.state(), RequestState::Approved);
    assert_eq!(
        clock.sleeps(),
        vec![Duration::from_secs(10), Duration::from_secs(10)]
    );
}

#[tokio::test]
async fn waiting_too_long_is_a_timeout_that_says_what_was_awaited() {
    let server = server().await;
    let (client, _clock) = client(&server);
    Mock::given(method("POST"))
        .and(path(GRAPHQL))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(request_answer("req-42", "OPEN", "PENDING", None)),
        )
        .mount(&server)
        .await;

    let error = client
        .requests()
        .wait("req-42".parse().unwrap())
        .interval(Duration::from_secs(30))
        .timeout(Duration::from_secs(60))
        .send()
        .await
        .unwrap_err();

    // Checks at 0, 30 and 60 s, then the minute is over.
    let Error::WaitTimedOut { n_checks, .. } = &error else {
        panic!("{error}")
    };
    assert_eq!(*n_checks, 3);
    assert!(error.is_timeout());
    assert!(
        error
            .to_string()
            .starts_with("access request req-42 was still pending after 1m"),
        "{error}"
    );
}

#[tokio::test]
async fn identities_send_the_filter_and_read_the_nodes() {
    let server = server().await;
    let (client, _clock) = client(&server);
    Mock::given(method("POST"))
        .and(path(GRAPHQL))
        .and(body_partial_json(serde_json::json!({
            "variables": {
                "filter": {
                    "handle": { "_eq": "etl-role" },
                    "sourceType": { "_eq": "aws service role" }
                },
                "first": 5
            }
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "data": { "identities": { "edges": [ { "node": {
                "id": "id-7", "sourceId": "AROA123", "handle": "etl-role",
                "sourceType": "aws service role", "fullName": null
            } } ] } }
        })))
        .expect(1)
        .mount(&server)
        .await;

    let identities = client
        .identities()
        .list()
        .handle("etl-role")
        .source_type("aws service role")
        .first(5)
        .send()
        .await
        .unwrap();

    assert_eq!(identities.len(), 1);
    assert_eq!(identities[0].id.as_str(), "id-7");
    assert_eq!(identities[0].source_id.as_deref(), Some("AROA123"));
    assert_eq!(identities[0].full_name, None);
}

#[tokio::test]
async fn a_graphql_call_without_a_graphql_url_says_how_to_set_one() {
    let client = balkanid_api::cloud::Client::builder()
        .key_id(KEY_ID)
        .key_secret(SECRET)
        .ignore_environment()
        .build()
        .unwrap();

    let error = client.identities().list().send().await.unwrap_err();

    assert!(
        error.to_string().contains("BALKANID_GRAPHQL_URL"),
        "{error}"
    );
}

#[tokio::test]
async fn the_raw_graphql_escape_hatch_returns_data_as_asked() {
    let server = server().await;
    let (client, _clock) = client(&server);
    mount_graphql(
        &server,
        "whoami",
        serde_json::json!({ "data": { "whoami": { "email": "a@b.c" } } }),
        1,
    )
    .await;

    let data: serde_json::Value = client
        .graphql("query { whoami { email } }")
        .query_only()
        .send()
        .await
        .unwrap();

    assert_eq!(data["whoami"]["email"], "a@b.c");
}
