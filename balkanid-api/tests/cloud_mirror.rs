//! The cloud tenant against wiremock: the demo company's committed CSV files served as
//! BalkanID's bulk files, pulled into a mirror that answers like the sandbox, reused across
//! restarts while young, pulled again once stale, kept when a refresh fails; writes BalkanID
//! does not document are refused. The client's clock is simulated and starts at the demo's
//! snapshot time, so the mirror holds the demo's dates unshifted.

mod cloud_support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use balkanid_api::cloud::time::{Clock, SimulatedClock};
use balkanid_api::cloud::{Client, PullProgress};
use balkanid_api::query::{EmployeeQuery, RiskyIdentityQuery};
use balkanid_api::tenant::{CloudOptions, RefreshProgress};
use balkanid_api::writes::CLOUD_WRITES;
use balkanid_api::{Error, SandboxOptions, SnapshotSource, Tenant, TenantMode, WriteOperation};
use balkanid_domain::model::SnapshotFile;
use chrono::{DateTime, Utc};
use cloud_support::*;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The demo manifest's `snapshot_time`, as Unix seconds: 2026-06-01T12:00:00Z.
const DEMO_SNAPSHOT_SECONDS: u64 = 1_780_315_200;

/// The demo manifest's default user, an employee with the riskmanager role.
const USER: &str = "amara.okafor@northwind.example";

/// A demo file's text.
fn demo_file(name: &str) -> String {
    let path = format!("{}/demo/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Serves every demo file but `credentials.csv` (BalkanID exports none) as a bulk download.
async fn mount_demo(server: &MockServer) {
    for file in SnapshotFile::ALL {
        if *file == SnapshotFile::Credentials {
            continue;
        }
        mount_download(server, file.resource(), &demo_file(&file.file_name())).await;
    }
}

/// How many `download-url` requests the server has had for `resource`.
async fn n_pulls(server: &MockServer, resource: &str) -> usize {
    let wanted = format!("{REST}/{resource}/download-url");
    let requests = server.received_requests().await.unwrap_or_default();
    requests.iter().filter(|r| r.url.path() == wanted).count()
}

/// A simulated clock at the demo's snapshot time.
fn demo_clock() -> SimulatedClock {
    SimulatedClock::starting_at(SystemTime::UNIX_EPOCH + Duration::from_secs(DEMO_SNAPSHOT_SECONDS))
}

fn demo_instant() -> DateTime<Utc> {
    "2026-06-01T12:00:00Z".parse().unwrap()
}

fn cloud_client(server: &MockServer, clock: &SimulatedClock) -> Client {
    builder(server).clock(clock.clone()).build().unwrap()
}

fn options(
    server: &MockServer,
    clock: &SimulatedClock,
    database: &std::path::Path,
) -> CloudOptions {
    CloudOptions::new(cloud_client(server, clock))
        .database(database)
        .user_email(USER)
}

/// Moves the simulated clock forward.
async fn advance(clock: &SimulatedClock, duration: Duration) {
    clock.sleep(duration).await;
}

#[tokio::test]
async fn a_cloud_tenant_answers_from_its_mirror_as_the_sandbox_answers_from_the_demo() {
    let server = server().await;
    mount_demo(&server).await;
    let dir = tempfile::tempdir().unwrap();
    let clock = demo_clock();

    let cloud = Tenant::open_cloud(options(&server, &clock, &dir.path().join("cloud.sqlite")))
        .await
        .unwrap();
    let sandbox = Tenant::open_sandbox(
        SandboxOptions::default()
            .source(SnapshotSource::Demo)
            .database(dir.path().join("demo.sqlite"))
            .as_of(demo_instant()),
    )
    .await
    .unwrap();

    let info = cloud.info().await.unwrap();
    assert_eq!(cloud.mode(), TenantMode::Cloud);
    assert_eq!(info.mode, "cloud");
    assert_eq!(info.tenant_name, "Northwind Labs");
    assert_eq!(info.user_email, USER);
    // Pulled at the clock's start, and no simulated time has passed since.
    assert_eq!(info.snapshot_time, demo_instant());
    assert_eq!(info.as_of, demo_instant());
    assert_eq!(info.data_age_seconds, Some(0));
    let query = RiskyIdentityQuery::default();
    let from_cloud = cloud.find_risky_identities(query.clone()).await.unwrap();
    let from_sandbox = sandbox.find_risky_identities(query).await.unwrap();
    assert!(from_cloud.total > 0);
    assert_eq!(from_cloud.total, from_sandbox.total);
    assert_eq!(from_cloud.items, from_sandbox.items);
}

#[tokio::test]
async fn the_mirror_age_grows_with_the_clock_and_survives_a_restart_without_a_pull() {
    let server = server().await;
    mount_demo(&server).await;
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("cloud.sqlite");
    let clock = demo_clock();
    let first = Tenant::open_cloud(options(&server, &clock, &database))
        .await
        .unwrap();
    drop(first);

    advance(&clock, Duration::from_secs(30 * 60)).await;
    let second = Tenant::open_cloud(options(&server, &clock, &database))
        .await
        .unwrap();

    let info = second.info().await.unwrap();
    assert_eq!(info.data_age_seconds, Some(30 * 60));
    assert_eq!(info.snapshot_time, demo_instant());
    let status = second.mirror_status().unwrap();
    assert_eq!(status.pulled_at, demo_instant());
    assert_eq!(status.refresh_after_seconds, 3600);
    assert_eq!(status.last_refresh_error, None);
    assert_eq!(n_pulls(&server, "employees").await, 1);
}

#[tokio::test]
async fn a_stale_mirror_is_pulled_again_before_a_read_and_shows_the_new_data() {
    let server = server().await;
    // Every resource but employees, whose file changes between the two pulls.
    for file in SnapshotFile::ALL {
        if matches!(file, SnapshotFile::Credentials | SnapshotFile::Employees) {
            continue;
        }
        mount_download(&server, file.resource(), &demo_file(&file.file_name())).await;
    }
    mount_links(&server, "employees", &server.uri()).await;
    Mock::given(method("HEAD"))
        .and(path("/poll/employees"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let employees = demo_file("employees.csv");
    let newcomer = "01GVFQ90E0NEWC0MER0000000A,Nia Newcomer,Nia,Newcomer,\
                    nia.newcomer@northwind.example,Engineering,Software Engineer,06/01/2026,,\
                    Full-time,Aarav Yılmaz,aarav.yilmaz@northwind.example,NW-19999,,v1,\n";
    Mock::given(method("GET"))
        .and(path("/files/employees.csv"))
        .respond_with(ResponseTemplate::new(200).set_body_string(employees.clone()))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/files/employees.csv"))
        .respond_with(ResponseTemplate::new(200).set_body_string(format!("{employees}{newcomer}")))
        .with_priority(2)
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let clock = demo_clock();
    let tenant = Tenant::open_cloud(options(&server, &clock, &dir.path().join("cloud.sqlite")))
        .await
        .unwrap();
    let before = tenant
        .list_employees(EmployeeQuery::default())
        .await
        .unwrap();

    // One hour is the default refresh interval; two hours later the mirror is stale.
    advance(&clock, Duration::from_secs(2 * 3600)).await;
    let after = tenant
        .list_employees(EmployeeQuery::default())
        .await
        .unwrap();

    // The demo has 300 employees; the second file adds one.
    assert_eq!(before.total, 300);
    assert_eq!(after.total, 301);
    assert_eq!(n_pulls(&server, "employees").await, 2);
    let newcomer = tenant
        .get_employee("nia.newcomer@northwind.example")
        .await
        .unwrap();
    assert_eq!(newcomer.employee.name, "Nia Newcomer");
    let info = tenant.info().await.unwrap();
    assert_eq!(info.data_age_seconds, Some(0));
    assert_eq!(info.snapshot_time.to_rfc3339(), "2026-06-01T14:00:00+00:00");
}

#[tokio::test]
async fn a_young_mirror_is_not_pulled_again_before_a_read() {
    let server = server().await;
    mount_demo(&server).await;
    let dir = tempfile::tempdir().unwrap();
    let clock = demo_clock();
    let tenant = Tenant::open_cloud(options(&server, &clock, &dir.path().join("cloud.sqlite")))
        .await
        .unwrap();

    advance(&clock, Duration::from_secs(59 * 60)).await;
    tenant
        .list_employees(EmployeeQuery::default())
        .await
        .unwrap();

    assert_eq!(n_pulls(&server, "employees").await, 1);
}

#[tokio::test]
async fn a_refresh_after_of_zero_pulls_before_every_read() {
    let server = server().await;
    mount_demo(&server).await;
    let dir = tempfile::tempdir().unwrap();
    let clock = demo_clock();
    let options =
        options(&server, &clock, &dir.path().join("cloud.sqlite")).refresh_after(Duration::ZERO);
    let tenant = Tenant::open_cloud(options).await.unwrap();

    tenant
        .list_employees(EmployeeQuery::default())
        .await
        .unwrap();
    tenant
        .list_employees(EmployeeQuery::default())
        .await
        .unwrap();

    // One pull to open, one before each of the two reads.
    assert_eq!(n_pulls(&server, "employees").await, 3);
}

#[tokio::test]
async fn a_failed_refresh_keeps_the_older_mirror_and_says_why() {
    let server = server().await;
    mount_demo(&server).await;
    let dir = tempfile::tempdir().unwrap();
    let clock = demo_clock();
    let tenant = Tenant::open_cloud(options(&server, &clock, &dir.path().join("cloud.sqlite")))
        .await
        .unwrap();
    server.reset().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(serde_json::json!({"message": "key revoked"})),
        )
        .mount(&server)
        .await;

    advance(&clock, Duration::from_secs(2 * 3600)).await;
    let page = tenant
        .list_employees(EmployeeQuery::default())
        .await
        .unwrap();
    let explicit = tenant.refresh().await.unwrap_err();

    assert_eq!(page.total, 300, "the older mirror still answers");
    let status = tenant.mirror_status().unwrap();
    assert_eq!(status.pulled_at, demo_instant());
    assert_eq!(status.data_age_seconds, 2 * 3600);
    let reason = status.last_refresh_error.unwrap();
    assert!(reason.contains("401"), "{reason}");
    assert!(reason.contains("key revoked"), "{reason}");
    assert!(!reason.contains(SECRET), "{reason}");
    let Error::Cloud { source, .. } = &explicit else {
        panic!("{explicit:?}");
    };
    assert_eq!(source.status(), Some(401));
    assert_eq!(
        explicit.to_string(),
        "the BalkanID cloud failed while pulling the tenant's bulk files"
    );
}

#[tokio::test]
async fn a_stale_mirror_is_served_at_start_when_its_refresh_fails() {
    let server = server().await;
    mount_demo(&server).await;
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("cloud.sqlite");
    let clock = demo_clock();
    drop(
        Tenant::open_cloud(options(&server, &clock, &database))
            .await
            .unwrap(),
    );
    server.reset().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;

    advance(&clock, Duration::from_secs(2 * 3600)).await;
    let tenant = Tenant::open_cloud(options(&server, &clock, &database))
        .await
        .unwrap();

    let status = tenant.mirror_status().unwrap();
    assert_eq!(status.pulled_at, demo_instant());
    assert_eq!(status.data_age_seconds, 2 * 3600);
    assert!(status.last_refresh_error.unwrap().contains("401"));
    let page = tenant
        .list_employees(EmployeeQuery::default())
        .await
        .unwrap();
    assert_eq!(page.total, 300);
}

#[tokio::test]
async fn an_explicit_refresh_pulls_whatever_the_age_and_reports_progress() {
    let server = server().await;
    mount_demo(&server).await;
    let dir = tempfile::tempdir().unwrap();
    let clock = demo_clock();
    let events = Arc::new(Mutex::new(Vec::new()));
    let recorded = Arc::clone(&events);
    let options = options(&server, &clock, &dir.path().join("cloud.sqlite"))
        .progress(move |event| recorded.lock().unwrap().push(event));
    let tenant = Tenant::open_cloud(options).await.unwrap();
    events.lock().unwrap().clear();

    advance(&clock, Duration::from_secs(5 * 60)).await;
    let status = tenant.refresh().await.unwrap();

    assert_eq!(n_pulls(&server, "employees").await, 2);
    assert_eq!(status.data_age_seconds, 0);
    assert_eq!(status.pulled_at.to_rfc3339(), "2026-06-01T12:05:00+00:00");
    let events = events.lock().unwrap();
    assert!(
        events.contains(&RefreshProgress::Pull(PullProgress::Finished {
            file: SnapshotFile::Employees,
            rows: 300,
            bytes: demo_file("employees.csv").len() as u64,
        }))
    );
    let imported_employees = events.iter().any(|event| {
        matches!(event, RefreshProgress::Import(import)
            if import.file == "employees.csv" && import.file_done && import.rows_done == 300)
    });
    assert!(imported_employees, "{events:?}");
}

#[tokio::test]
async fn a_cloud_tenant_needs_an_acting_user_and_asks_nothing_without_one() {
    let server = server().await;
    let dir = tempfile::tempdir().unwrap();
    let clock = demo_clock();
    let options =
        CloudOptions::new(cloud_client(&server, &clock)).database(dir.path().join("cloud.sqlite"));

    let error = Tenant::open_cloud(options).await.unwrap_err();

    assert!(error.is_invalid_argument(), "{error}");
    assert!(
        error.to_string().contains("--as or BALKANID_USER_EMAIL"),
        "{error}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_mirror_of_another_key_is_not_reused() {
    let server = server().await;
    mount_demo(&server).await;
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("cloud.sqlite");
    let clock = demo_clock();
    Tenant::open_cloud(options(&server, &clock, &database))
        .await
        .unwrap();

    Mock::given(method("POST"))
        .and(header("x-api-key-id", "another-key-id"))
        .respond_with(ResponseTemplate::new(403).set_body_json(serde_json::json!({
            "message": "this key may not export the tenant"
        })))
        .mount(&server)
        .await;

    let other_key = builder(&server)
        .key_id("another-key-id")
        .clock(clock.clone())
        .build()
        .unwrap();
    let options = CloudOptions::new(other_key)
        .database(&database)
        .user_email(USER);
    let error = Tenant::open_cloud(options).await.unwrap_err();

    // Reusing the first key's mirror would have succeeded without a request; instead the
    // other key's pull was tried, and BalkanID's refusal is the answer.
    let Error::Cloud { source, .. } = &error else {
        panic!("{error:?}");
    };
    assert_eq!(source.status(), Some(403));
}

#[tokio::test]
async fn writes_balkanid_does_not_document_are_refused_on_the_cloud_only() {
    let server = server().await;
    mount_demo(&server).await;
    let dir = tempfile::tempdir().unwrap();
    let clock = demo_clock();
    let cloud = Tenant::open_cloud(options(&server, &clock, &dir.path().join("cloud.sqlite")))
        .await
        .unwrap();
    let sandbox = Tenant::open_sandbox(
        SandboxOptions::default()
            .database(dir.path().join("demo.sqlite"))
            .as_of(demo_instant()),
    )
    .await
    .unwrap();

    // From the table: sync_integration (syncIntegration), upsert_employee (employees upload)
    // and create_access_request (createRequest, three types) are documented.
    let documented = [
        WriteOperation::SyncIntegration,
        WriteOperation::UpsertEmployee,
        WriteOperation::CreateAccessRequest,
    ];
    assert_eq!(CLOUD_WRITES.len(), WriteOperation::ALL.len());
    for operation in WriteOperation::ALL {
        assert!(sandbox.check_write(*operation).is_ok(), "{operation:?}");
        let res = cloud.check_write(*operation);
        if documented.contains(operation) {
            assert!(res.is_ok(), "{operation:?}");
            continue;
        }
        let error = res.unwrap_err();
        assert!(error.is_undocumented_write(), "{operation:?}");
        let text = error.to_string();
        assert!(text.starts_with(operation.tool_name()), "{text}");
        assert!(
            text.contains("BalkanID's public API documents no such operation"),
            "{text}"
        );
        assert!(text.contains("no endpoint is guessed"), "{text}");
        assert!(text.contains("BalkanID web app"), "{text}");
    }
}

#[tokio::test]
async fn a_sandbox_has_no_mirror_to_refresh() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = Tenant::open_sandbox(
        SandboxOptions::default()
            .database(dir.path().join("demo.sqlite"))
            .as_of(demo_instant()),
    )
    .await
    .unwrap();

    let error = sandbox.refresh().await.unwrap_err();

    assert_eq!(sandbox.mode(), TenantMode::Sandbox);
    assert!(sandbox.mirror_status().is_none());
    assert!(matches!(error, Error::Unsupported { .. }), "{error}");
}

#[tokio::test]
async fn cloud_options_debug_never_shows_the_secret() {
    let server = server().await;
    let clock = demo_clock();

    let text = format!(
        "{:?}",
        options(&server, &clock, std::path::Path::new("x.sqlite"))
    );

    assert!(!text.contains(SECRET), "{text}");
    assert!(text.contains("CloudOptions"), "{text}");
}

const LARGE_HEADER: &str = "Employee ID,Full Name,First Name,Last Name,Work Email,Department,\
                            Title,Start Date,End Date,Employment Type,Manager,Manager Work Email,\
                            Source Employee ID,BalkanID Roles,Metadata Version,Metadata\n";

fn large_row(i: usize) -> String {
    format!(
        "E{i},Person Number {i},Person,Number {i},person.{i}@acme.example.com,Engineering,\
         Software Engineer,01/21/2021,,Full-time,,,HR-{i},,v1,\n"
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pull_reports_rows_so_far_while_a_large_file_streams() {
    const N_ROWS: usize = 60_000;
    let server = server().await;
    let (client, _clock) = client(&server);
    for file in SnapshotFile::ALL {
        if matches!(file, SnapshotFile::Credentials | SnapshotFile::Employees) {
            continue;
        }
        mount_download(&server, file.resource(), &fixture(&file.file_name())).await;
    }
    let file_host = raw_server(RawAnswer::Generated {
        header: LARGE_HEADER.to_owned(),
        n_rows: N_ROWS,
        row: large_row,
    })
    .await;
    let links = serde_json::json!({
        "url": format!("{file_host}/employees.csv"),
        "pollingUrl": format!("{}/poll/employees", server.uri()),
    });
    Mock::given(method("POST"))
        .and(path(format!("{REST}/employees/download-url")))
        .respond_with(ResponseTemplate::new(200).set_body_json(links))
        .mount(&server)
        .await;
    Mock::given(method("HEAD"))
        .and(path("/poll/employees"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let events = Arc::new(Mutex::new(Vec::new()));
    let recorded = Arc::clone(&events);

    client
        .pull_snapshot(dir.path(), move |event: &PullProgress| {
            recorded.lock().unwrap().push(event.clone())
        })
        .await
        .unwrap();

    let events = events.lock().unwrap();
    let so_far: Vec<u64> = events
        .iter()
        .filter_map(|event| match event {
            PullProgress::Rows {
                file: SnapshotFile::Employees,
                rows,
            } => Some(*rows),
            _ => None,
        })
        .collect();
    // The body's channel holds 16 chunks, so the writer is never far behind the download: by
    // the file's last chunks, tens of thousands of its 60,000 rows are written.
    assert!(!so_far.is_empty(), "no rows-so-far report");
    assert!(
        so_far.windows(2).all(|pair| pair[1] >= pair[0] + 10_000),
        "{so_far:?}"
    );
    assert!(
        so_far.iter().all(|rows| (10_000..=60_000).contains(rows)),
        "{so_far:?}"
    );
    assert!(events.iter().any(|event| matches!(
        event,
        PullProgress::Finished {
            file: SnapshotFile::Employees,
            rows: 60_000,
            ..
        }
    )));
}
