//! The API key secret never leaves the client: not in `Debug`, not in logs at trace level,
//! not in any error message, even when the server echoes it back.

mod cloud_support;

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use balkanid_api::cloud::bulk::BulkResource;
use balkanid_api::cloud::graphql::{AgentAccess, AgentAction, CreateRequest};
use balkanid_api::cloud::{Client, Error};
use balkanid_domain::model::{App, Employee};
use cloud_support::*;
use futures::TryStreamExt;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

/// Everything the tracing subscriber of this test binary wrote.
fn log_buffer() -> Arc<Mutex<Vec<u8>>> {
    static BUFFER: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    BUFFER
        .get_or_init(|| {
            let buffer = Arc::new(Mutex::new(Vec::new()));
            let writer = BufferWriter(buffer.clone());
            let subscriber = tracing_subscriber::fmt()
                .with_max_level(tracing::Level::TRACE)
                .with_ansi(false)
                .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
                .with_writer(move || writer.clone())
                .finish();
            tracing::subscriber::set_global_default(subscriber).expect("one subscriber");
            buffer
        })
        .clone()
}

#[derive(Clone)]
struct BufferWriter(Arc<Mutex<Vec<u8>>>);

impl Write for BufferWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Every rendering of an error and of its causes.
fn renderings(error: &Error) -> Vec<String> {
    let mut texts = vec![
        error.to_string(),
        format!("{error:?}"),
        format!("{error:#?}"),
    ];
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        texts.push(cause.to_string());
        texts.push(format!("{cause:?}"));
        source = cause.source();
    }
    texts
}

fn assert_no_secret(what: &str, texts: &[String]) {
    for text in texts {
        assert!(!text.contains(SECRET), "{what} leaks the secret: {text}");
    }
}

async fn download_apps(client: &Client) -> Result<Vec<App>, Error> {
    client
        .bulk()
        .apps()
        .download()
        .send()
        .await?
        .try_collect()
        .await
}

#[tokio::test]
async fn debug_output_never_contains_the_secret() {
    let server = cloud_support::server().await;
    let builder = builder(&server);
    let (client, _clock) = cloud_support::client(&server);

    let texts = [
        format!("{builder:?}"),
        format!("{client:?}"),
        format!("{client:#?}"),
    ];

    assert_no_secret("Debug", &texts);
    assert!(texts[1].contains("[redacted]"));
    assert!(texts[1].contains(KEY_ID));
}

#[tokio::test]
async fn no_error_message_contains_the_secret_even_when_the_server_echoes_it() {
    let buffer = log_buffer();
    let mut errors: Vec<(&str, Error)> = Vec::new();

    // 401 whose body echoes the secret.
    let server = cloud_support::server().await;
    let (client, _clock) = cloud_support::client(&server);
    Mock::given(method("POST"))
        .and(path(format!("{REST}/apps/download-url")))
        .respond_with(ResponseTemplate::new(401).set_body_json(serde_json::json!({
            "code": "UNAUTHORIZED", "message": format!("key secret {SECRET} is not valid")
        })))
        .mount(&server)
        .await;
    errors.push(("401 echo", download_apps(&client).await.unwrap_err()));

    // A success body of the wrong shape that holds the secret.
    let server = cloud_support::server().await;
    let (client, _clock) = cloud_support::client(&server);
    Mock::given(method("POST"))
        .and(path(format!("{REST}/apps/download-url")))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({ "echo": SECRET })),
        )
        .mount(&server)
        .await;
    errors.push(("decode echo", download_apps(&client).await.unwrap_err()));

    // GraphQL errors that hold the secret.
    let server = cloud_support::server().await;
    let (client, _clock) = cloud_support::client(&server);
    Mock::given(method("POST"))
        .and(path(GRAPHQL))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "errors": [ { "message": format!("bad header X-Api-Key-Secret: {SECRET}") } ]
        })))
        .mount(&server)
        .await;
    let payload = AgentAccess::new(AgentAction::Create, "a", "b");
    let request = CreateRequest::agent_access("j@acme.com".parse().unwrap(), "why", payload);
    errors.push((
        "graphql echo",
        client.requests().create(request).send().await.unwrap_err(),
    ));

    // A firewall page, a retried 503, a polling deadline and an expired URL.
    let server = cloud_support::server().await;
    let clock = cloud_support::clock();
    let client = builder(&server)
        .clock(clock.clone())
        .poll_timeout(Duration::from_secs(3))
        .max_attempts(2)
        .build()
        .unwrap();
    Mock::given(method("POST"))
        .and(path(format!("{REST}/admins/download-url")))
        .respond_with(
            ResponseTemplate::new(403)
                .set_body_raw(format!("<html><title>{SECRET}</title></html>"), "text/html"),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{REST}/integrations/download-url")))
        .respond_with(ResponseTemplate::new(503).set_body_string(SECRET))
        .mount(&server)
        .await;
    mount_links(&server, "apps", &server.uri()).await;
    Mock::given(method("HEAD"))
        .and(path("/poll/apps"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    mount_links(&server, "employees", &server.uri()).await;
    Mock::given(method("HEAD"))
        .and(path("/poll/employees"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/files/employees.csv"))
        .respond_with(
            ResponseTemplate::new(403).set_body_string(format!("Request has expired {SECRET}")),
        )
        .mount(&server)
        .await;
    let waf = client
        .bulk()
        .raw(BulkResource::Admins)
        .download()
        .send()
        .await
        .unwrap_err();
    errors.push(("waf", waf));
    let busy = client
        .bulk()
        .raw(BulkResource::Integrations)
        .download()
        .send()
        .await
        .unwrap_err();
    errors.push(("503", busy));
    errors.push(("not ready", download_apps(&client).await.unwrap_err()));
    let expired = client
        .bulk()
        .download::<Employee>()
        .send()
        .await
        .unwrap_err();
    errors.push(("expired", expired));

    // Connection refused and a timeout.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let refused = Client::builder()
        .base_url(format!("http://{address}/api/rest/v0"))
        .key_id(KEY_ID)
        .key_secret(SECRET)
        .max_attempts(1)
        .ignore_environment()
        .build()
        .unwrap();
    errors.push(("refused", download_apps(&refused).await.unwrap_err()));
    let server = cloud_support::server().await;
    let slow = builder(&server)
        .attempt_timeout(Duration::from_millis(100))
        .max_attempts(1)
        .build()
        .unwrap();
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    errors.push(("timeout", download_apps(&slow).await.unwrap_err()));

    // Configuration errors.
    let bad_secret = Client::builder()
        .key_id(KEY_ID)
        .key_secret(format!("{SECRET} \u{7}x"))
        .ignore_environment()
        .build();
    let no_id = Client::builder()
        .key_secret(SECRET)
        .ignore_environment()
        .build();
    errors.push(("bad secret", bad_secret.unwrap_err()));
    errors.push(("no id", no_id.unwrap_err()));

    assert_eq!(errors.len(), 11);
    for (what, error) in &errors {
        assert_no_secret(what, &renderings(error));
    }
    let (_, echo) = &errors[0];
    assert_eq!(
        echo.to_string(),
        "POST /api/rest/v0/apps/download-url: HTTP 401 Unauthorized, code UNAUTHORIZED: key secret \
         [redacted] is not valid"
    );
    let logs = String::from_utf8(buffer.lock().unwrap().clone()).unwrap();
    assert_no_secret("logs", &[logs]);
}

#[tokio::test]
async fn trace_logs_show_one_span_per_attempt_and_a_warning_per_retry_but_no_secret() {
    let buffer = log_buffer();
    let server = cloud_support::server().await;
    let (client, _clock) = cloud_support::client(&server);
    Mock::given(method("POST"))
        .and(path(format!("{REST}/apps/download-url")))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "3"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    mount_download(&server, "apps", &fixture("apps.csv")).await;

    let apps = download_apps(&client).await.unwrap();

    assert_eq!(apps.len(), 1);
    let logs = String::from_utf8(buffer.lock().unwrap().clone()).unwrap();
    assert_no_secret("logs", std::slice::from_ref(&logs));
    assert!(logs.contains("balkanid.http"), "{logs}");
    assert!(
        logs.contains("path=/api/rest/v0/apps/download-url attempt=2"),
        "{logs}"
    );
    assert!(logs.contains("retrying BalkanID call"), "{logs}");
    assert!(logs.contains("delay_ms=3000"), "{logs}");
    // The pre-signed URL's signature never appears: spans record the path only.
    assert!(!logs.contains("X-Amz-Signature"), "{logs}");
}
