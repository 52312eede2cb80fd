//! Bulk downloads against wiremock: every typed resource, polling, expired URLs, truncated and
//! malformed files, firewall pages, retries with `Retry-After`, timeouts and redirects.

mod cloud_support;

use std::fmt::Debug;
use std::time::Duration;

use balkanid_api::cloud::bulk::{BulkResource, DownloadFormat};
use balkanid_api::cloud::{Error, TimeoutKind};
use balkanid_domain::csv::{self, EntityFindingRule, EntityInsight, EntityRule, Filter, Label};
use balkanid_domain::csv::{Rbac2Entry, RbacRole, Rule, WebhookTemplate};
use balkanid_domain::model::{
    AccessRequest, Admin, App, BusinessOwner, Campaign, Employee, Entitlement, Entity,
    EntityRelation, Finding, Integration, Purpose, Relation, ReviewItem,
};
use cloud_support::*;
use futures::{StreamExt, TryStreamExt};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const EMPLOYEES_CSV: &str = include_str!("cloud_support/fixtures/employees.csv");

async fn download_all<T: DownloadFormat>(
    client: &balkanid_api::cloud::Client,
) -> Result<Vec<T>, Error> {
    client
        .bulk()
        .download::<T>()
        .send()
        .await?
        .try_collect()
        .await
}

async fn check_typed_download<T: DownloadFormat + PartialEq + Debug>(fixture_name: &str) {
    let server = server().await;
    let (client, _clock) = client(&server);
    let csv = fixture(fixture_name);
    mount_download(&server, T::RESOURCE.path(), &csv).await;

    let rows: Vec<T> = download_all(&client).await.expect("download");

    let expected: Vec<T> = csv::read_all(csv.as_bytes()).expect("fixture parses");
    assert!(!rows.is_empty(), "{fixture_name} has rows");
    assert_eq!(rows, expected, "{fixture_name}");
}

#[tokio::test]
async fn every_typed_download_streams_the_reference_sample_into_rows() {
    check_typed_download::<Admin>("admins.csv").await;
    check_typed_download::<App>("apps.csv").await;
    check_typed_download::<BusinessOwner>("business-owners.csv").await;
    check_typed_download::<Campaign>("campaigns.csv").await;
    check_typed_download::<EntityFindingRule>("entity-finding-rules.csv").await;
    check_typed_download::<EntityRule>("entity-rules.csv").await;
    check_typed_download::<Filter>("filters.csv").await;
    check_typed_download::<Finding>("findings.csv").await;
    check_typed_download::<Label>("labels.csv").await;
    check_typed_download::<RbacRole>("rbac.csv").await;
    check_typed_download::<Rbac2Entry>("rbac2.csv").await;
    check_typed_download::<Rule>("rules.csv").await;
    check_typed_download::<Employee>("employees.csv").await;
    check_typed_download::<Entitlement>("entitlements.csv").await;
    check_typed_download::<Entity>("entities.csv").await;
    check_typed_download::<EntityInsight>("entity-insights.csv").await;
    check_typed_download::<EntityRelation>("entity-relations.csv").await;
    check_typed_download::<Integration>("integrations.csv").await;
    check_typed_download::<Relation>("relations.csv").await;
    check_typed_download::<Purpose>("purposes.csv").await;
    check_typed_download::<AccessRequest>("requests.csv").await;
    check_typed_download::<ReviewItem>("reviews.csv").await;
    check_typed_download::<WebhookTemplate>("webhook-templates.csv").await;
}

#[tokio::test]
async fn download_sends_the_key_an_empty_json_body_and_the_user_agent() {
    let server = server().await;
    let (client, _clock) = client(&server);
    mount_download(&server, "employees", EMPLOYEES_CSV).await;

    let employees: Vec<Employee> = client
        .bulk()
        .employees()
        .download()
        .send()
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();

    assert_eq!(employees.len(), 2);
    assert_eq!(employees[0].work_email.as_str(), "ada@acme.com");
    assert_eq!(
        employees[1].end_date,
        chrono::NaiveDate::from_ymd_opt(2023, 11, 30)
    );
    let requests = server.received_requests().await.unwrap();
    let post = requests
        .iter()
        .find(|r| r.method.as_str() == "POST")
        .unwrap();
    assert_eq!(post.body, b"{}");
    assert_eq!(
        post.headers.get("content-type").unwrap(),
        "application/json"
    );
    let agent = post.headers.get("user-agent").unwrap().to_str().unwrap();
    assert_eq!(agent, format!("balkanid-api/{}", env!("CARGO_PKG_VERSION")));
}

#[tokio::test]
async fn polling_waits_through_404_and_403_with_doubling_waits() {
    let server = server().await;
    let (client, clock) = client(&server);
    mount_links(&server, "apps", &server.uri()).await;
    for status in [404, 404, 403] {
        Mock::given(method("HEAD"))
            .and(path("/poll/apps"))
            .respond_with(ResponseTemplate::new(status))
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&server)
            .await;
    }
    Mock::given(method("HEAD"))
        .and(path("/poll/apps"))
        .respond_with(ResponseTemplate::new(200))
        .with_priority(2)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/files/apps.csv"))
        .respond_with(ResponseTemplate::new(200).set_body_string(fixture("apps.csv")))
        .mount(&server)
        .await;

    let apps: Vec<App> = download_all(&client).await.unwrap();

    assert_eq!(apps.len(), 1);
    // Waits start at 1 s and double after every poll that is not ready.
    assert_eq!(
        clock.sleeps(),
        vec![
            Duration::from_secs(1),
            Duration::from_secs(2),
            Duration::from_secs(4)
        ]
    );
}

#[tokio::test]
async fn polling_that_never_becomes_ready_stops_at_the_deadline_with_a_clear_error() {
    let server = server().await;
    let clock = clock();
    let client = builder(&server)
        .clock(clock.clone())
        .poll_timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    mount_links(&server, "apps", &server.uri()).await;
    Mock::given(method("HEAD"))
        .and(path("/poll/apps"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;

    let error = download_all::<App>(&client).await.unwrap_err();

    // Polls at 0, 1, 3 and 7 s; the last wait is cut to the 3 s left, then time is up.
    let Error::NotReady {
        resource,
        waited,
        n_polls,
    } = &error
    else {
        panic!("{error}")
    };
    assert_eq!(resource, "apps");
    assert!(*waited >= Duration::from_secs(10));
    assert!((4..=5).contains(n_polls), "{n_polls} polls");
    assert_eq!(
        clock.sleeps()[..3],
        [
            Duration::from_secs(1),
            Duration::from_secs(2),
            Duration::from_secs(4)
        ]
    );
    assert!(error.is_timeout());
    assert!(
        error
            .to_string()
            .starts_with("the apps file was not ready after 10"),
        "{error}"
    );
}

#[tokio::test]
async fn a_firewall_page_while_polling_fails_at_once() {
    let server = server().await;
    let (client, clock) = client(&server);
    mount_links(&server, "apps", &server.uri()).await;
    Mock::given(method("HEAD"))
        .and(path("/poll/apps"))
        .respond_with(ResponseTemplate::new(403).insert_header("content-type", "text/html"))
        .expect(1)
        .mount(&server)
        .await;

    let error = download_all::<App>(&client).await.unwrap_err();

    assert_eq!(error.status(), Some(403));
    assert!(error.is_waf_block());
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn an_expired_presigned_url_is_replaced_by_a_fresh_one() {
    let server = server().await;
    let (client, _clock) = client(&server);
    let first = serde_json::json!({
        "url": format!("{}/files/old.csv?X-Amz-Expires=1", server.uri()),
        "pollingUrl": format!("{}/poll/x", server.uri()),
    });
    let second = serde_json::json!({
        "url": format!("{}/files/new.csv?X-Amz-Expires=900", server.uri()),
        "pollingUrl": format!("{}/poll/x", server.uri()),
    });
    Mock::given(method("POST"))
        .and(path(format!("{REST}/employees/download-url")))
        .respond_with(ResponseTemplate::new(200).set_body_json(first))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{REST}/employees/download-url")))
        .respond_with(ResponseTemplate::new(200).set_body_json(second))
        .with_priority(2)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("HEAD"))
        .and(path("/poll/x"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let expired = "<?xml version=\"1.0\"?><Error><Code>AccessDenied</Code>\
                   <Message>Request has expired</Message></Error>";
    Mock::given(method("GET"))
        .and(path("/files/old.csv"))
        .respond_with(ResponseTemplate::new(403).set_body_raw(expired, "application/xml"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/files/new.csv"))
        .respond_with(ResponseTemplate::new(200).set_body_string(EMPLOYEES_CSV))
        .mount(&server)
        .await;

    let employees: Vec<Employee> = download_all(&client).await.unwrap();

    assert_eq!(employees.len(), 2);
}

#[tokio::test]
async fn urls_that_keep_expiring_give_up_after_the_refresh_limit() {
    let server = server().await;
    let (client, _clock) = client(&server);
    mount_links(&server, "employees", &server.uri()).await;
    Mock::given(method("HEAD"))
        .and(path("/poll/employees"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/files/employees.csv"))
        .respond_with(
            ResponseTemplate::new(400).set_body_string("<Error><Code>ExpiredToken</Code></Error>"),
        )
        .expect(3)
        .mount(&server)
        .await;

    let error = download_all::<Employee>(&client).await.unwrap_err();

    // One URL plus the default two refreshes.
    assert!(
        matches!(error, Error::UrlExpired { n_urls: 3, .. }),
        "{error}"
    );
    assert_eq!(
        error.to_string(),
        "the pre-signed URL of the employees file had expired on each of 3 tries"
    );
}

#[tokio::test]
async fn a_file_cut_short_ends_the_stream_with_a_truncation_error() {
    let server = server().await;
    let (client, _clock) = client(&server);
    let body = EMPLOYEES_CSV.as_bytes()[..EMPLOYEES_CSV.len() - 40].to_vec();
    let sent = body.len();
    let file_host = raw_server(RawAnswer::CutShort {
        announced: EMPLOYEES_CSV.len(),
        body,
    })
    .await;
    mount_links(&server, "employees", &server.uri()).await;
    Mock::given(method("HEAD"))
        .and(path("/poll/employees"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let links = serde_json::json!({
        "url": format!("{file_host}/employees.csv"),
        "pollingUrl": format!("{}/poll/employees", server.uri()),
    });
    Mock::given(method("POST"))
        .and(path(format!("{REST}/employees/download-url")))
        .respond_with(ResponseTemplate::new(200).set_body_json(links))
        .with_priority(1)
        .mount(&server)
        .await;

    let mut rows = client.bulk().employees().download().send().await.unwrap();
    let mut items = Vec::new();
    while let Some(item) = rows.next().await {
        items.push(item);
    }

    let last = items.pop().unwrap().unwrap_err();
    let Error::Truncated {
        received, expected, ..
    } = &last
    else {
        panic!("{last}")
    };
    assert_eq!(*received, sent as u64);
    assert_eq!(*expected, Some(EMPLOYEES_CSV.len() as u64));
    assert!(last.is_retryable());
    assert!(
        last.to_string()
            .starts_with("the employees file ended early, after")
    );
}

#[tokio::test]
async fn a_malformed_row_names_file_line_and_column_and_reading_goes_on() {
    let server = server().await;
    let (client, _clock) = client(&server);
    let csv = EMPLOYEES_CSV.replace("03/02/2020", "2020-03-02");
    mount_download(&server, "employees", &csv).await;

    let items: Vec<Result<Employee, Error>> = client
        .bulk()
        .employees()
        .download()
        .send()
        .await
        .unwrap()
        .collect()
        .await;

    assert_eq!(items.len(), 2);
    assert!(items[0].is_ok());
    let error = items[1].as_ref().unwrap_err();
    let Error::Csv(csv_error) = error else {
        panic!("{error}")
    };
    assert_eq!(csv_error.line(), Some(3));
    assert_eq!(csv_error.column(), Some("Start Date"));
    assert!(
        error
            .to_string()
            .starts_with("employees.csv, line 3, column `Start Date`"),
        "{error}"
    );
}

#[tokio::test]
async fn a_firewall_page_is_recognised_and_said_so() {
    let server = server().await;
    let (client, _clock) = client(&server);
    let page = "<!DOCTYPE html><html><head>\
                <title>Access denied | app.balkan.id used Cloudflare</title>\
                </head><body>Sorry, you have been blocked</body></html>";
    Mock::given(method("POST"))
        .and(path(format!("{REST}/apps/download-url")))
        .respond_with(ResponseTemplate::new(403).set_body_raw(page, "text/html; charset=UTF-8"))
        .expect(1)
        .mount(&server)
        .await;

    let error = download_all::<App>(&client).await.unwrap_err();

    assert!(error.is_waf_block());
    assert!(!error.is_retryable());
    assert_eq!(
        error.to_string(),
        "POST /api/rest/v0/apps/download-url: HTTP 403 Forbidden, answered by an HTML page instead \
         of BalkanID's API (likely a web application firewall block); page title \"Access denied | \
         app.balkan.id used Cloudflare\""
    );
}

async fn mount_then(server: &MockServer, first: ResponseTemplate, n_first: u64) {
    Mock::given(method("POST"))
        .and(path(format!("{REST}/apps/download-url")))
        .respond_with(first)
        .up_to_n_times(n_first)
        .with_priority(1)
        .expect(n_first)
        .mount(server)
        .await;
    mount_download(server, "apps", &fixture("apps.csv")).await;
}

#[tokio::test]
async fn retries_after_429_waiting_the_seconds_of_retry_after() {
    let server = server().await;
    let (client, clock) = client(&server);
    mount_then(
        &server,
        ResponseTemplate::new(429).insert_header("retry-after", "7"),
        1,
    )
    .await;

    let apps: Vec<App> = download_all(&client).await.unwrap();

    assert_eq!(apps.len(), 1);
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(7)]);
}

#[tokio::test]
async fn retries_after_429_waiting_until_the_http_date_of_retry_after() {
    let server = server().await;
    let (client, clock) = client(&server);
    // The simulated clock reads 1700000000 s; the date is 20 s later.
    let date = httpdate::fmt_http_date(
        std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(START_SECONDS + 20),
    );
    mount_then(
        &server,
        ResponseTemplate::new(429).insert_header("retry-after", date.as_str()),
        1,
    )
    .await;

    let apps: Vec<App> = download_all(&client).await.unwrap();

    assert_eq!(apps.len(), 1);
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(20)]);
}

#[tokio::test]
async fn a_long_retry_after_is_clamped_to_the_backoff_ceiling() {
    let server = server().await;
    let (client, clock) = client(&server);
    mount_then(
        &server,
        ResponseTemplate::new(429).insert_header("retry-after", "3600"),
        1,
    )
    .await;

    download_all::<App>(&client).await.unwrap();

    assert_eq!(clock.sleeps(), vec![Duration::from_secs(30)]);
}

#[tokio::test]
async fn retries_5xx_with_growing_backoff_then_succeeds() {
    let server = server().await;
    let (client, clock) = client(&server);
    Mock::given(method("POST"))
        .and(path(format!("{REST}/apps/download-url")))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{REST}/apps/download-url")))
        .respond_with(ResponseTemplate::new(520))
        .up_to_n_times(1)
        .with_priority(2)
        .mount(&server)
        .await;
    mount_download(&server, "apps", &fixture("apps.csv")).await;

    download_all::<App>(&client).await.unwrap();

    // Backoff 500 ms then 1 s, each with up to half of it as jitter.
    let sleeps = clock.sleeps();
    assert_eq!(sleeps.len(), 2);
    assert!(sleeps[0] >= Duration::from_millis(250) && sleeps[0] <= Duration::from_millis(500));
    assert!(sleeps[1] >= Duration::from_millis(500) && sleeps[1] <= Duration::from_secs(1));
}

#[tokio::test]
async fn a_5xx_that_persists_is_returned_after_max_attempts() {
    let server = server().await;
    let clock = clock();
    let client = builder(&server)
        .clock(clock.clone())
        .max_attempts(3)
        .build()
        .unwrap();
    Mock::given(method("POST"))
        .and(path(format!("{REST}/apps/download-url")))
        .respond_with(ResponseTemplate::new(502).set_body_string("upstream down"))
        .expect(3)
        .mount(&server)
        .await;

    let error = download_all::<App>(&client).await.unwrap_err();

    assert_eq!(error.status(), Some(502));
    assert!(error.is_retryable());
    assert_eq!(
        error.to_string(),
        "POST /api/rest/v0/apps/download-url: HTTP 502 Bad Gateway: upstream down"
    );
    assert_eq!(clock.sleeps().len(), 2);
}

#[tokio::test]
async fn a_slow_answer_times_out_each_attempt() {
    let server = server().await;
    let clock = clock();
    let client = builder(&server)
        .clock(clock.clone())
        .attempt_timeout(Duration::from_millis(200))
        .max_attempts(2)
        .build()
        .unwrap();
    Mock::given(method("POST"))
        .and(path(format!("{REST}/apps/download-url")))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
        .expect(2)
        .mount(&server)
        .await;

    let error = download_all::<App>(&client).await.unwrap_err();

    assert!(
        matches!(
            error,
            Error::Timeout {
                kind: TimeoutKind::Attempt,
                ..
            }
        ),
        "{error}"
    );
    assert!(error.is_timeout());
    assert_eq!(error.to_string(), "an HTTP attempt timed out after 200ms");
}

#[tokio::test]
async fn a_cross_origin_redirect_never_carries_the_key() {
    let server = server().await;
    let other = MockServer::start().await;
    let (client, _clock) = client(&server);
    mount_links(&server, "apps", &server.uri()).await;
    Mock::given(method("HEAD"))
        .and(path("/poll/apps"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/files/apps.csv"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("location", format!("{}/elsewhere/apps.csv", other.uri())),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/elsewhere/apps.csv"))
        .respond_with(ResponseTemplate::new(200).set_body_string(fixture("apps.csv")))
        .expect(1)
        .mount(&other)
        .await;

    let apps: Vec<App> = download_all(&client).await.unwrap();

    assert_eq!(apps.len(), 1);
    let at_other = other.received_requests().await.unwrap();
    assert_eq!(at_other.len(), 1);
    assert!(at_other[0].headers.get("x-api-key-id").is_none());
    assert!(at_other[0].headers.get("x-api-key-secret").is_none());
    let at_origin = server.received_requests().await.unwrap();
    let redirected = at_origin
        .iter()
        .find(|r| r.url.path() == "/files/apps.csv")
        .unwrap();
    assert_eq!(redirected.headers.get("x-api-key-secret").unwrap(), SECRET);
}

#[tokio::test]
async fn a_same_origin_redirect_keeps_the_key() {
    let server = server().await;
    let (client, _clock) = client(&server);
    Mock::given(method("POST"))
        .and(path(format!("{REST}/apps/download-url")))
        .respond_with(
            ResponseTemplate::new(307)
                .insert_header("location", format!("{REST}/v2/apps/download-url")),
        )
        .mount(&server)
        .await;
    let links = serde_json::json!({
        "url": format!("{}/files/apps.csv", server.uri()),
        "pollingUrl": format!("{}/poll/apps", server.uri()),
    });
    Mock::given(method("POST"))
        .and(path(format!("{REST}/v2/apps/download-url")))
        .and(header("x-api-key-secret", SECRET))
        .and(body_json(serde_json::json!({})))
        .respond_with(ResponseTemplate::new(200).set_body_json(links))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("HEAD"))
        .and(path("/poll/apps"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/files/apps.csv"))
        .respond_with(ResponseTemplate::new(200).set_body_string(fixture("apps.csv")))
        .mount(&server)
        .await;

    let apps: Vec<App> = download_all(&client).await.unwrap();

    assert_eq!(apps.len(), 1);
}

#[tokio::test]
async fn raw_download_streams_the_bytes_of_an_untyped_resource() {
    let server = server().await;
    let (client, _clock) = client(&server);
    let zip_bytes: Vec<u8> = vec![0x50, 0x4b, 0x03, 0x04, 1, 2, 3];
    mount_links(&server, "entity-rbac", &server.uri()).await;
    Mock::given(method("HEAD"))
        .and(path("/poll/entity-rbac"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/files/entity-rbac.csv"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(zip_bytes.clone(), "application/zip"))
        .mount(&server)
        .await;

    let stream = client
        .bulk()
        .raw(BulkResource::EntityRbac)
        .download()
        .send()
        .await
        .unwrap();
    assert_eq!(stream.content_length(), Some(7));
    let chunks: Vec<bytes::Bytes> = stream.try_collect().await.unwrap();

    assert_eq!(chunks.concat(), zip_bytes);
}

#[tokio::test]
async fn a_resource_without_a_download_endpoint_is_refused_before_any_request() {
    let server = server().await;
    let (client, _clock) = client(&server);

    let error = client
        .bulk()
        .raw(BulkResource::AppliedLabels)
        .download()
        .send()
        .await
        .unwrap_err();

    assert_eq!(
        error.to_string(),
        "invalid input: BalkanID's bulk API has no download endpoint for `applied-labels`"
    );
}

#[tokio::test]
async fn a_404_from_the_api_is_not_found_with_the_server_message() {
    let server = server().await;
    let (client, _clock) = client(&server);
    Mock::given(method("POST"))
        .and(path(format!("{REST}/apps/download-url")))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(
                serde_json::json!({"code": "NOT_FOUND", "message": "no such resource"}),
            ),
        )
        .expect(1)
        .mount(&server)
        .await;

    let error = download_all::<App>(&client).await.unwrap_err();

    assert!(error.is_not_found());
    assert_eq!(
        error.to_string(),
        "POST /api/rest/v0/apps/download-url: HTTP 404 Not Found, code NOT_FOUND: no such resource"
    );
}

#[tokio::test]
async fn a_success_answer_of_the_wrong_shape_names_the_json_path() {
    let server = server().await;
    let (client, _clock) = client(&server);
    Mock::given(method("POST"))
        .and(path(format!("{REST}/apps/download-url")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(r#"{"url":"x","pollingUrl":5}"#, "application/json"),
        )
        .mount(&server)
        .await;

    let error = download_all::<App>(&client).await.unwrap_err();

    let Error::Decode(decode) = &error else {
        panic!("{error}")
    };
    assert_eq!(decode.path, "pollingUrl");
    assert_eq!(decode.excerpt, r#"{"url":"x","pollingUrl":5}"#);
}
