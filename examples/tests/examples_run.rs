//! Runs each example's `run` against a local wiremock server standing in for BalkanID.

#[allow(dead_code, reason = "the example's `main` is not called here")]
#[path = "../snapshot_pull.rs"]
mod snapshot_pull;

#[allow(dead_code, reason = "the example's `main` is not called here")]
#[path = "../employees_terminated_with_access.rs"]
mod employees_terminated_with_access;

#[allow(dead_code, reason = "the example's `main` is not called here")]
#[path = "../requests_create_jit.rs"]
mod requests_create_jit;

use std::time::Duration;

use balkanid_api::cloud::Client;
use balkanid_api::cloud::graphql::RequestState;
use balkanid_api::cloud::time::SimulatedClock;
use balkanid_domain::rules::Evidence;
use chrono::{TimeZone, Utc};
use wiremock::matchers::{any, body_string_contains, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const REST: &str = "/api/rest/v0";

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(599).set_body_string("unexpected request"))
        .with_priority(u8::MAX)
        .expect(0)
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(format!("{}{REST}", server.uri()))
        .graphql_url(format!("{}/api/public", server.uri()))
        .key_id("example-key")
        .key_secret("example-secret")
        .clock(SimulatedClock::default())
        .ignore_environment()
        .build()
        .unwrap()
}

async fn mount_download(server: &MockServer, resource: &str, csv: String) {
    let links = serde_json::json!({
        "url": format!("{}/files/{resource}.csv", server.uri()),
        "pollingUrl": format!("{}/poll/{resource}", server.uri()),
    });
    Mock::given(method("POST"))
        .and(path(format!("{REST}/{resource}/download-url")))
        .respond_with(ResponseTemplate::new(200).set_body_json(links))
        .mount(server)
        .await;
    Mock::given(method("HEAD"))
        .and(path(format!("/poll/{resource}")))
        .respond_with(ResponseTemplate::new(200))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/files/{resource}.csv")))
        .respond_with(ResponseTemplate::new(200).set_body_string(csv))
        .mount(server)
        .await;
}

fn reference(name: &str) -> String {
    let path = format!(
        "{}/../balkanid-domain/tests/fixtures/reference/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(path).unwrap()
}

#[tokio::test]
async fn snapshot_pull_writes_a_snapshot_directory() {
    let server = server().await;
    for file in balkanid_domain::model::SnapshotFile::ALL {
        if file.resource() != "credentials" {
            mount_download(&server, file.resource(), reference(&file.file_name())).await;
        }
    }
    let dir = tempfile::tempdir().unwrap();

    let manifest = snapshot_pull::run(&client(&server), dir.path())
        .await
        .unwrap();

    // The reference employees sample has two rows, the relations sample three.
    assert_eq!(manifest.files["employees"], 2);
    assert_eq!(manifest.files["relations"], 3);
    assert!(dir.path().join("manifest.json").is_file());
}

const EMPLOYEES: &str = include_str!("fixtures/employees.csv");

const ENTITIES: &str = include_str!("fixtures/entities.csv");

const RELATIONS: &str = include_str!("fixtures/relations.csv");

#[tokio::test]
async fn employees_terminated_with_access_finds_the_active_account_of_a_leaver() {
    let server = server().await;
    mount_download(&server, "employees", EMPLOYEES.to_owned()).await;
    mount_download(&server, "entities", ENTITIES.to_owned()).await;
    mount_download(&server, "relations", RELATIONS.to_owned()).await;
    let as_of = Utc.with_ymd_and_hms(2024, 6, 1, 12, 0, 0).unwrap();

    let findings = employees_terminated_with_access::run(&client(&server), as_of)
        .await
        .unwrap();

    // Ann left on 2024-01-31: her active okta account 00u1 is a finding, her inactive 00u3 is
    // not; Bob has no end date.
    assert_eq!(findings.len(), 1);
    let Evidence::TerminatedWithAccess(evidence) = &findings[0].evidence else {
        panic!("{:?}", findings[0].evidence)
    };
    assert_eq!(evidence.employee_email.as_str(), "ann@acme.com");
    // 2024-01-31 to 2024-06-01 is 122 days.
    assert_eq!(evidence.days_since_end_date, 122);
}

fn request_answer(approval: &str) -> serde_json::Value {
    serde_json::json!({ "data": { "requests": { "edges": [ { "node": {
        "id": "req-7", "status": "OPEN", "requestApprovalStatus": approval,
        "requestProvisioningStatus": null, "requestType": "AGENT_ACCESS", "metadata": null
    } } ] } } })
}

#[tokio::test]
async fn requests_create_jit_creates_the_request_and_waits_for_the_decision() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(body_string_contains("createRequest"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "data": { "createRequest": {
                "id": "req-7", "success": true, "eventIds": [], "stepUpRequired": false
            } }
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(body_string_contains("RequestStatus"))
        .respond_with(ResponseTemplate::new(200).set_body_json(request_answer("PENDING")))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(body_string_contains("RequestStatus"))
        .respond_with(ResponseTemplate::new(200).set_body_json(request_answer("APPROVED")))
        .with_priority(2)
        .mount(&server)
        .await;
    let request = requests_create_jit::JitRequest {
        employee: "jane@acme.com".parse().unwrap(),
        integration: "aws/01JH0F7KETDT9ER6JKBK3JB1K9".parse().unwrap(),
        agent_name: "release-agent".into(),
        reason: "deploy 2.4".into(),
        duration: Duration::from_secs(3600),
        poll_interval: Duration::from_secs(10),
    };

    let decided = requests_create_jit::run(&client(&server), request)
        .await
        .unwrap();

    assert_eq!(decided.id.as_str(), "req-7");
    assert_eq!(decided.state(), RequestState::Approved);
}
