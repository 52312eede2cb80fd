//! The cloud tenant through the MCP server and the `balkanid-mcp` binary, against wiremock
//! serving the demo company's committed CSV files as BalkanID's bulk files: `snapshot pull`
//! writes a snapshot the sandbox answers from, `--tenant cloud` serves reads from a mirror
//! whose age `whoami` reports, the default tenant follows the credentials, `refresh_tenant`
//! pulls again, and missing or wrong settings are one line on stderr that never shows the
//! secret.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, SystemTime};

use balkanid_api::cloud::Client;
use balkanid_api::cloud::time::SimulatedClock;
use balkanid_api::tenant::CloudOptions;
use balkanid_api::{Tenant, TenantMode};
use balkanid_mcp::{BalkanidServer, Settings};
use common::{Era, call, connect_to};
use serde_json::{Value, json};
use wiremock::matchers::{any, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY_ID: &str = "mcp-test-key-id";
const SECRET: &str = "MCP-TEST-SECRET-7f41c2a9e6";
const REST: &str = "/api/rest/v0";
const USER: &str = "amara.okafor@northwind.example";
const DIEGO_OKTA: &str = "brn:bid:balkanid:::01HWN0RTHW1ND0DEM0TENANT00:identity:\
                          01zp_OuIpkzLpIyvd_uDeWu7MzX7-m0IcJ-TH4awyYP";

/// Every demo file BalkanID would export (all but `credentials.csv`), by resource.
const RESOURCES: &[&str] = &[
    "admins",
    "apps",
    "business-owners",
    "campaigns",
    "employees",
    "entities",
    "entitlements",
    "entity-relations",
    "findings",
    "integrations",
    "purposes",
    "relations",
    "requests",
    "reviews",
];

fn demo_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../balkanid-api/demo")
}

/// A mock of BalkanID's bulk API serving the demo files to the test key; anything else is
/// answered 401, as BalkanID answers a wrong key (inferred).
async fn mock_balkanid() -> MockServer {
    let server = MockServer::start().await;
    for resource in RESOURCES {
        let csv = std::fs::read(demo_dir().join(format!("{resource}.csv"))).unwrap();
        let links = json!({
            "url": format!("{}/files/{resource}.csv?X-Amz-Signature=sig", server.uri()),
            "pollingUrl": format!("{}/poll/{resource}", server.uri()),
        });
        Mock::given(method("POST"))
            .and(path(format!("{REST}/{resource}/download-url")))
            .and(header("x-api-key-id", KEY_ID))
            .and(header("x-api-key-secret", SECRET))
            .respond_with(ResponseTemplate::new(200).set_body_json(links))
            .mount(&server)
            .await;
        Mock::given(method("HEAD"))
            .and(path(format!("/poll/{resource}")))
            .respond_with(ResponseTemplate::new(200))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path(format!("/files/{resource}.csv")))
            .respond_with(ResponseTemplate::new(200).set_body_raw(csv, "text/csv"))
            .mount(&server)
            .await;
    }
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(401).set_body_json(json!({"message": "invalid API key"})),
        )
        .with_priority(u8::MAX)
        .mount(&server)
        .await;
    server
}

/// How many `download-url` requests the server has had for the employees file.
async fn n_employee_pulls(server: &MockServer) -> usize {
    let wanted = format!("{REST}/employees/download-url");
    let requests = server.received_requests().await.unwrap_or_default();
    requests.iter().filter(|r| r.url.path() == wanted).count()
}

/// The settings of the binary's environment.
#[derive(Clone, Debug, Default)]
struct Environment {
    key_id: Option<&'static str>,
    secret: Option<&'static str>,
    api_url: Option<String>,
    rust_log: Option<&'static str>,
}

impl Environment {
    /// The test key, against `server`.
    fn for_server(server: &MockServer) -> Self {
        Environment {
            key_id: Some(KEY_ID),
            secret: Some(SECRET),
            api_url: Some(format!("{}{REST}", server.uri())),
            rust_log: None,
        }
    }
}

/// Runs the binary with `arguments` and only the given BALKANID_* settings, off the async
/// runtime so that the mock server keeps answering.
async fn run(arguments: Vec<String>, environment: Environment, data_home: &Path) -> Output {
    let data_home = data_home.to_path_buf();
    tokio::task::spawn_blocking(move || {
        let mut command = Command::new(env!("CARGO_BIN_EXE_balkanid-mcp"));
        command.args(&arguments);
        for name in [
            "BALKANID_API_KEY_ID",
            "BALKANID_API_KEY_SECRET",
            "BALKANID_API_URL",
            "BALKANID_GRAPHQL_URL",
            "BALKANID_USER_EMAIL",
            "RUST_LOG",
        ] {
            command.env_remove(name);
        }
        // Any default database lands in the test's directory, never the user's.
        command.env("XDG_DATA_HOME", &data_home);
        command.env("HOME", &data_home);
        let settings = [
            ("BALKANID_API_KEY_ID", environment.key_id.map(str::to_owned)),
            (
                "BALKANID_API_KEY_SECRET",
                environment.secret.map(str::to_owned),
            ),
            ("BALKANID_API_URL", environment.api_url),
            ("RUST_LOG", environment.rust_log.map(str::to_owned)),
        ];
        for (name, value) in settings {
            if let Some(value) = value {
                command.env(name, value);
            }
        }
        command.output().unwrap()
    })
    .await
    .unwrap()
}

fn args(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| (*item).to_owned()).collect()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Checks that no output of the run shows the secret.
fn assert_secret_absent(output: &Output) {
    assert!(!stdout(output).contains(SECRET), "the secret is on stdout");
    assert!(!stderr(output).contains(SECRET), "the secret is on stderr");
}

/// The JSON a successful `call` printed.
fn json_of(output: &Output) -> Value {
    assert!(output.status.success(), "failed: {}", stderr(output));
    serde_json::from_slice(&output.stdout).unwrap()
}

fn subjects(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["subject"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn snapshot_pull_writes_a_snapshot_that_the_sandbox_answers_from() {
    let server = mock_balkanid().await;
    let dir = tempfile::tempdir().unwrap();
    let snapshot = dir.path().join("northwind");
    let snapshot_text = snapshot.display().to_string();

    let pulled = run(
        args(&["snapshot", "pull", &snapshot_text]),
        Environment::for_server(&server),
        dir.path(),
    )
    .await;

    assert!(pulled.status.success(), "{}", stderr(&pulled));
    assert_secret_absent(&pulled);
    let log = stderr(&pulled);
    // Progress per resource: the demo's manifest counts 300 employees and 2049 entities.
    assert!(log.contains("employees.csv: 300 rows"), "{log}");
    assert!(log.contains("entities.csv: 2049 rows"), "{log}");
    assert!(log.contains("credentials.csv: skipped"), "{log}");
    assert!(log.contains("wrote 15 files"), "{log}");
    assert!(snapshot.join("manifest.json").is_file());

    // The sandbox opens the pulled directory; it is dated today, so it is not shifted, and
    // Diego Fernández (last day 2026-05-20, okta account active) has left with access.
    let database = dir.path().join("pulled.sqlite").display().to_string();
    let arguments = args(&[
        "--tenant",
        &snapshot_text,
        "--db",
        &database,
        "--as",
        USER,
        "call",
        "find_risky_identities",
        r#"{"kinds":["terminated_with_access"],"limit":500}"#,
    ]);
    let answered = run(arguments, Environment::default(), dir.path()).await;
    let page = json_of(&answered);
    assert!(subjects(&page).contains(&DIEGO_OKTA.to_owned()), "{page}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tenant_cloud_serves_reads_from_a_mirror_and_whoami_reports_its_age() {
    let server = mock_balkanid().await;
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("mirror.sqlite").display().to_string();
    let cloud = |tool: &str, arguments: &str| {
        args(&[
            "--tenant", "cloud", "--db", &database, "--as", USER, "call", tool, arguments,
        ])
    };

    let first = run(
        cloud("whoami", "{}"),
        Environment::for_server(&server),
        dir.path(),
    )
    .await;
    let second = run(
        cloud(
            "find_risky_identities",
            r#"{"kinds":["terminated_with_access"],"limit":500}"#,
        ),
        Environment::for_server(&server),
        dir.path(),
    )
    .await;

    let me = json_of(&first);
    assert_eq!(me["mode"], "cloud");
    assert_eq!(me["tenant_name"], "Northwind Labs");
    assert_eq!(me["user_email"], USER);
    let age = me["data_age_seconds"].as_i64().unwrap();
    assert!(
        (0..120).contains(&age),
        "a fresh mirror is seconds old: {age}"
    );
    assert_eq!(me["mirror"]["refresh_after_seconds"], 3600);
    assert_eq!(me["mirror"]["pulled_at"], me["snapshot_time"]);
    assert!(
        stderr(&first).contains("chosen with --tenant"),
        "{}",
        stderr(&first)
    );
    let page = json_of(&second);
    assert!(subjects(&page).contains(&DIEGO_OKTA.to_owned()), "{page}");
    // The second process reused the young mirror: one pull in all.
    assert_eq!(n_employee_pulls(&server).await, 1);
    assert_secret_absent(&first);
    assert_secret_absent(&second);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refresh_after_of_zero_pulls_again_before_the_call() {
    let server = mock_balkanid().await;
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("mirror.sqlite").display().to_string();

    let output = run(
        args(&[
            "--tenant",
            "cloud",
            "--db",
            &database,
            "--as",
            USER,
            "--refresh-after",
            "0",
            "call",
            "whoami",
        ]),
        Environment::for_server(&server),
        dir.path(),
    )
    .await;

    let me = json_of(&output);
    assert_eq!(me["mirror"]["refresh_after_seconds"], 0);
    // One pull to open the missing mirror, one because it is stale before the call.
    assert_eq!(n_employee_pulls(&server).await, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_tenant_credentials_choose_the_cloud_and_their_absence_the_demo() {
    let server = mock_balkanid().await;
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("default.sqlite").display().to_string();
    let whoami = args(&["--db", &database, "--as", USER, "call", "whoami"]);

    let with_credentials = run(whoami.clone(), Environment::for_server(&server), dir.path()).await;
    let demo_database = dir.path().join("demo.sqlite").display().to_string();
    let without = run(
        args(&["--db", &demo_database, "call", "whoami"]),
        Environment::default(),
        dir.path(),
    )
    .await;

    assert_eq!(json_of(&with_credentials)["mode"], "cloud");
    let log = stderr(&with_credentials);
    assert!(log.contains("BalkanID credentials are set"), "{log}");
    assert_eq!(json_of(&without)["mode"], "sandbox");
    let log = stderr(&without);
    assert!(log.contains("no BalkanID credentials are set"), "{log}");
    assert!(log.contains("demo company"), "{log}");
}

/// Checks a failed run: a non-zero exit, and exactly one line on stderr that contains
/// `expected`, no panic and no secret.
fn assert_one_line_failure(output: &Output, expected: &str) {
    let log = stderr(output);
    assert!(!output.status.success(), "it succeeded: {log}");
    assert_eq!(log.lines().count(), 1, "{log}");
    assert!(log.starts_with("balkanid-mcp: error: "), "{log}");
    assert!(log.contains(expected), "{log}");
    assert!(!log.contains("panicked"), "{log}");
    assert_secret_absent(output);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_or_wrong_settings_are_one_clear_line_and_a_failure() {
    let server = mock_balkanid().await;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out").display().to_string();
    let pull = args(&["snapshot", "pull", &target]);

    let nothing = run(pull.clone(), Environment::default(), dir.path()).await;
    assert_one_line_failure(
        &nothing,
        "BALKANID_API_KEY_ID and BALKANID_API_KEY_SECRET are not set",
    );

    let no_key_id = Environment {
        key_id: None,
        ..Environment::for_server(&server)
    };
    let output = run(pull.clone(), no_key_id, dir.path()).await;
    assert_one_line_failure(&output, "BALKANID_API_KEY_ID is not set");

    let no_secret = Environment {
        secret: None,
        ..Environment::for_server(&server)
    };
    let output = run(pull.clone(), no_secret, dir.path()).await;
    assert_one_line_failure(&output, "BALKANID_API_KEY_SECRET is not set");

    let bad_url = Environment {
        api_url: Some("ftp://files.example/rest".to_owned()),
        ..Environment::for_server(&server)
    };
    let output = run(pull.clone(), bad_url, dir.path()).await;
    assert_one_line_failure(
        &output,
        "BALKANID_API_URL \"ftp://files.example/rest\" is not http",
    );

    let not_a_url = Environment {
        api_url: Some("app.balkan.id".to_owned()),
        ..Environment::for_server(&server)
    };
    let output = run(pull.clone(), not_a_url, dir.path()).await;
    assert_one_line_failure(&output, "BALKANID_API_URL \"app.balkan.id\" is not a URL");

    let cloud_without_key = run(
        args(&["--tenant", "cloud", "--as", USER, "call", "whoami"]),
        Environment::default(),
        dir.path(),
    )
    .await;
    assert_one_line_failure(&cloud_without_key, "BALKANID_API_KEY_ID and");

    let cloud_without_user = run(
        args(&["--tenant", "cloud", "call", "whoami"]),
        Environment::for_server(&server),
        dir.path(),
    )
    .await;
    assert_one_line_failure(&cloud_without_user, "--as or BALKANID_USER_EMAIL");
    assert_eq!(
        n_employee_pulls(&server).await,
        0,
        "nothing was pulled without a user"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_secret_is_refused_in_one_line_that_never_shows_it_even_at_trace_level() {
    static WRONG: &str = "WRONG-SECRET-d81b0f3e55";
    let server = mock_balkanid().await;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out").display().to_string();
    let wrong = Environment {
        secret: Some(WRONG),
        ..Environment::for_server(&server)
    };

    let refused = run(args(&["snapshot", "pull", &target]), wrong, dir.path()).await;
    let traced = run(
        args(&["snapshot", "pull", &target]),
        Environment {
            rust_log: Some("trace"),
            ..Environment::for_server(&server)
        },
        dir.path(),
    )
    .await;

    assert_one_line_failure(&refused, "401");
    assert!(
        stderr(&refused).contains("invalid API key"),
        "{}",
        stderr(&refused)
    );
    assert!(!stderr(&refused).contains(WRONG));
    assert!(traced.status.success(), "{}", stderr(&traced));
    assert!(
        stderr(&traced).lines().count() > 20,
        "trace logs are written"
    );
    assert_secret_absent(&traced);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refresh_tenant_pulls_the_mirror_again_in_process() {
    let server = mock_balkanid().await;
    let dir = tempfile::tempdir().unwrap();
    // The demo's snapshot time, so the mirror's dates need no shift.
    let start = SystemTime::UNIX_EPOCH + Duration::from_secs(1_780_315_200);
    let clock = SimulatedClock::starting_at(start);
    let client = Client::builder()
        .base_url(format!("{}{REST}", server.uri()))
        .key_id(KEY_ID)
        .key_secret(SECRET)
        .clock(clock.clone())
        .ignore_environment()
        .build()
        .unwrap();
    let options = CloudOptions::new(client)
        .database(dir.path().join("mirror.sqlite"))
        .user_email(USER);
    let tenant = Tenant::open_cloud(options).await.unwrap();
    assert_eq!(tenant.mode(), TenantMode::Cloud);
    let client = connect_to(
        BalkanidServer::new(tenant, Settings::default()),
        Era::Legacy,
    )
    .await;

    let tools = client.list_all_tools().await.unwrap();
    let refreshed = call(&client, "refresh_tenant", json!({})).await;
    let me = call(&client, "whoami", json!({})).await;

    let refresh = tools
        .iter()
        .find(|tool| tool.name == "refresh_tenant")
        .expect("refresh_tenant is offered on a cloud tenant");
    let annotations = refresh.annotations.as_ref().unwrap();
    assert_eq!(annotations.read_only_hint, Some(false));
    assert_eq!(annotations.destructive_hint, Some(false));
    assert_eq!(annotations.open_world_hint, Some(true));
    assert_eq!(n_employee_pulls(&server).await, 2);
    assert_eq!(refreshed["pulled_at"], "2026-06-01T12:00:00Z");
    assert_eq!(refreshed["data_age_seconds"], 0);
    assert_eq!(me["mode"], "cloud");
    assert_eq!(me["data_age_seconds"], 0);
    assert_eq!(me["mirror"]["last_refresh_error"], Value::Null);
}
