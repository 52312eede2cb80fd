//! Opening a sandbox tenant: importing a snapshot with progress, reusing or replacing the
//! database, shifting dates to a pinned present, keeping the old database when an import
//! fails, and the embedded demo company.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use balkanid_api::query::{
    AccessRequestQuery, CampaignQuery, CredentialQuery, CredentialRiskKind, EmployeeQuery,
    FederatedQuery, IdentityRiskKind, PageRequest, PurposeQuery, ReviewQuery, RiskyCredentialQuery,
    RiskyIdentityQuery,
};
use balkanid_api::{Error, ImportProgress, SandboxOptions, SnapshotSource, Tenant};
use chrono::{DateTime, NaiveDate, Utc};

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/acme")
}

fn instant(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn options(source: &Path, database: &Path, as_of: &str) -> SandboxOptions {
    SandboxOptions::default()
        .source(SnapshotSource::Directory(source.to_owned()))
        .database(database)
        .as_of(instant(as_of))
}

/// A copy of the fixture in `directory`, for tests that damage a file.
fn copy_fixture(directory: &Path) -> PathBuf {
    let copy = directory.join("snapshot");
    fs::create_dir_all(&copy).unwrap();
    for entry in fs::read_dir(fixture()).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), copy.join(entry.file_name())).unwrap();
    }
    copy
}

/// Replaces the first occurrence of `from` in a file of the snapshot.
fn edit(snapshot: &Path, file: &str, from: &str, to: &str) {
    let path = snapshot.join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} lacks {from}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

type Reports = Arc<Mutex<Vec<ImportProgress>>>;

fn recorder() -> (Reports, impl FnMut(ImportProgress) + Send + 'static) {
    let reports: Reports = Arc::default();
    let sink = Arc::clone(&reports);
    (reports, move |progress| sink.lock().unwrap().push(progress))
}

async fn employee_end_date(tenant: &Tenant, email: &str) -> Option<NaiveDate> {
    tenant.get_employee(email).await.unwrap().employee.end_date
}

#[tokio::test]
async fn an_import_reports_every_file_with_its_row_count() {
    let directory = tempfile::tempdir().unwrap();
    let (reports, progress) = recorder();

    let database = directory.path().join("acme.sqlite");
    let options = options(&fixture(), &database, "2026-03-02T12:00:00Z").progress(progress);
    Tenant::open_sandbox(options).await.unwrap();

    // One final report per file, with the manifest's count, which is the file's row count.
    let reports = reports.lock().unwrap();
    let finished: Vec<(String, u64, Option<u64>)> = reports
        .iter()
        .filter(|r| r.file_done)
        .map(|r| (r.file.clone(), r.rows_done, r.rows_expected))
        .collect();
    assert_eq!(finished.len(), 15);
    assert!(finished.contains(&("entities.csv".to_owned(), 23, Some(23))));
    assert!(finished.contains(&("reviews.csv".to_owned(), 16, Some(16))));
    assert!(finished.contains(&("relations.csv".to_owned(), 16, Some(16))));
}

#[tokio::test]
async fn an_existing_database_of_the_same_snapshot_is_reused_unless_reset() {
    let directory = tempfile::tempdir().unwrap();
    let database = directory.path().join("acme.sqlite");
    Tenant::open_sandbox(options(&fixture(), &database, "2026-03-02T12:00:00Z"))
        .await
        .unwrap();

    let (reports, progress) = recorder();
    let options_again = options(&fixture(), &database, "2026-03-02T12:00:00Z").progress(progress);
    let tenant = Tenant::open_sandbox(options_again).await.unwrap();
    assert!(
        reports.lock().unwrap().is_empty(),
        "the database was imported again"
    );
    assert_eq!(
        tenant
            .list_employees(EmployeeQuery::default())
            .await
            .unwrap()
            .total,
        10
    );
    drop(tenant);

    let (reports, progress) = recorder();
    let reset = options(&fixture(), &database, "2026-03-02T12:00:00Z")
        .reset(true)
        .progress(progress);
    Tenant::open_sandbox(reset).await.unwrap();
    assert!(!reports.lock().unwrap().is_empty(), "reset did not import");
}

#[tokio::test]
async fn a_changed_snapshot_keeps_the_existing_database_until_reset() {
    let directory = tempfile::tempdir().unwrap();
    let snapshot = copy_fixture(directory.path());
    let database = directory.path().join("acme.sqlite");
    let tenant = Tenant::open_sandbox(options(&snapshot, &database, "2026-03-02T12:00:00Z"))
        .await
        .unwrap();
    drop(tenant);

    // Ana's title changes in the snapshot after its import.
    edit(
        &snapshot,
        "employees.csv",
        "Engineering Manager",
        "Head of Engineering",
    );
    let (reports, progress) = recorder();
    let again = options(&snapshot, &database, "2026-03-02T12:00:00Z").progress(progress);
    let tenant = Tenant::open_sandbox(again).await.unwrap();
    assert!(
        reports.lock().unwrap().is_empty(),
        "the changed snapshot was imported"
    );
    let ana = tenant.get_employee("ana.kovac@acme.test").await.unwrap();
    assert_eq!(ana.employee.title.as_deref(), Some("Engineering Manager"));
    drop(tenant);

    let reset = options(&snapshot, &database, "2026-03-02T12:00:00Z").reset(true);
    let tenant = Tenant::open_sandbox(reset).await.unwrap();
    let ana = tenant.get_employee("ana.kovac@acme.test").await.unwrap();
    assert_eq!(ana.employee.title.as_deref(), Some("Head of Engineering"));
}

#[tokio::test]
async fn a_missing_snapshot_directory_is_named() {
    let directory = tempfile::tempdir().unwrap();
    let missing = directory.path().join("nonexistent");
    let database = directory.path().join("acme.sqlite");

    let error = Tenant::open_sandbox(options(&missing, &database, "2026-03-02T12:00:00Z"))
        .await
        .unwrap_err();

    assert!(error.is_invalid_argument(), "{error}");
    let expected = format!(
        "invalid tenant: the snapshot directory {} does not exist or is not a directory",
        missing.display()
    );
    assert_eq!(error.to_string(), expected);
}

#[tokio::test]
async fn text_search_ignores_case_beyond_ascii() {
    let directory = tempfile::tempdir().unwrap();
    let snapshot = copy_fixture(directory.path());
    edit(
        &snapshot,
        "employees.csv",
        "Bob Builder,Bob,Builder",
        "Bob Żak,Bob,Żak",
    );
    let database = directory.path().join("acme.sqlite");
    let tenant = Tenant::open_sandbox(options(&snapshot, &database, "2026-03-02T12:00:00Z"))
        .await
        .unwrap();

    for needle in ["żak", "ŻAK", "Żak"] {
        let page = tenant
            .list_employees(EmployeeQuery::default().query(needle))
            .await
            .unwrap();
        let names: Vec<&str> = page.items.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["Bob Żak"], "{needle}");
    }
}

#[tokio::test]
async fn dates_are_shifted_so_that_the_snapshot_falls_on_the_pinned_date() {
    let directory = tempfile::tempdir().unwrap();
    let database = directory.path().join("acme.sqlite");

    // 2026-03-02 to 2026-06-10 is 100 days (29 + 30 + 31 + 10).
    let tenant = Tenant::open_sandbox(options(&fixture(), &database, "2026-06-10T12:00:00Z"))
        .await
        .unwrap();

    let info = tenant.info().await.unwrap();
    assert_eq!(info.snapshot_time, instant("2026-06-10T12:00:00Z"));
    // Dora's End Date 2026-02-15 moves 100 days to 2026-05-26; Eve's last day is still today.
    assert_eq!(
        employee_end_date(&tenant, "dora.done@acme.test").await,
        Some(date("2026-05-26"))
    );
    let eve = tenant
        .get_employee("eve.exit@acme.test")
        .await
        .unwrap()
        .employee;
    assert_eq!(eve.end_date, Some(date("2026-06-10")));
    assert!(!eve.terminated);

    // Every relative fact holds as on the snapshot day: the same seven identity findings,
    // Dora ended 15 days ago, the Q4 campaign is 15 days overdue, the deploy cert expires in
    // 18 days (2026-03-20 12:00 + 100 days = 2026-06-28 12:00).
    let risky = tenant
        .find_risky_identities(RiskyIdentityQuery::default())
        .await
        .unwrap();
    assert_eq!(risky.total, 7);
    assert_eq!(risky.items[0].evidence["days_since_end_date"], 15);
    let campaigns = CampaignQuery::default().overdue_only(true);
    let overdue = tenant.list_campaigns(campaigns).await.unwrap();
    assert_eq!(overdue.items[0].days_overdue, Some(15));
    assert_eq!(overdue.items[0].end_date, date("2026-05-26"));
    let cert = tenant
        .get_credential("cred-deploy-cert")
        .await
        .unwrap()
        .credential;
    assert_eq!(cert.expires_at, Some(instant("2026-06-28T12:00:00Z")));
    assert_eq!(cert.days_until_expiry, Some(18));
    // Bob's purpose window (03-01 09:00 to 03-03 09:00) moved with it and is active.
    let active = PurposeQuery::default().active_only(true);
    assert_eq!(tenant.list_purposes(active).await.unwrap().total, 1);
}

#[tokio::test]
async fn a_database_opened_on_another_day_is_shifted_by_the_difference() {
    let directory = tempfile::tempdir().unwrap();
    let database = directory.path().join("acme.sqlite");
    let tenant = Tenant::open_sandbox(options(&fixture(), &database, "2026-06-10T12:00:00Z"))
        .await
        .unwrap();
    drop(tenant);

    // Two days later (and at another hour) the same database moves two more days.
    let later = Tenant::open_sandbox(options(&fixture(), &database, "2026-06-12T08:00:00Z"))
        .await
        .unwrap();
    assert_eq!(
        employee_end_date(&later, "dora.done@acme.test").await,
        Some(date("2026-05-28"))
    );
    assert_eq!(
        later.info().await.unwrap().snapshot_time,
        instant("2026-06-12T12:00:00Z")
    );
    drop(later);

    // Back on the snapshot's own date, the files' dates come back.
    let original = Tenant::open_sandbox(options(&fixture(), &database, "2026-03-02T23:00:00Z"))
        .await
        .unwrap();
    assert_eq!(
        employee_end_date(&original, "dora.done@acme.test").await,
        Some(date("2026-02-15"))
    );
}

#[tokio::test]
async fn a_failed_import_leaves_the_previous_database_as_it_was() {
    let directory = tempfile::tempdir().unwrap();
    let database = directory.path().join("acme.sqlite");
    let tenant = Tenant::open_sandbox(options(&fixture(), &database, "2026-03-02T12:00:00Z"))
        .await
        .unwrap();
    drop(tenant);
    let before = fs::read(&database).unwrap();

    // Line 4 of employees.csv is Ana's row (line 1 is the header); break her Start Date.
    let broken = copy_fixture(directory.path());
    edit(&broken, "employees.csv", "02/01/2020", "13/45/2020");
    let reset = options(&broken, &database, "2026-03-02T12:00:00Z").reset(true);
    let error = Tenant::open_sandbox(reset).await.unwrap_err();

    match &error {
        Error::Import {
            file, line, column, ..
        } => {
            assert_eq!(file, "employees.csv");
            assert_eq!(*line, Some(4));
            assert_eq!(column.as_deref(), Some("Start Date"));
        }
        other => panic!("expected an import error, got {other}"),
    }
    assert!(
        error.to_string().starts_with(
            "cannot import employees.csv of the snapshot, line 4, column `Start Date`"
        ),
        "{error}"
    );
    // The cause says what is wrong without naming the place again.
    let cause = std::error::Error::source(&error).unwrap().to_string();
    assert!(!cause.contains("employees.csv"), "{cause}");
    assert!(!cause.contains("line 4"), "{cause}");
    // The database file is byte for byte the one before, and no temporary file is left.
    assert_eq!(fs::read(&database).unwrap(), before);
    let mut left: Vec<String> = fs::read_dir(directory.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["acme.sqlite", "snapshot"]);

    let tenant = Tenant::open_sandbox(options(&fixture(), &database, "2026-03-02T12:00:00Z"))
        .await
        .unwrap();
    assert_eq!(
        tenant
            .list_employees(EmployeeQuery::default())
            .await
            .unwrap()
            .total,
        10
    );
}

#[tokio::test]
async fn a_duplicate_key_names_its_line_and_column() {
    let directory = tempfile::tempdir().unwrap();
    let broken = copy_fixture(directory.path());
    // Bob's row (line 5) takes Ana's email, which line 4 already has.
    edit(
        &broken,
        "employees.csv",
        "bob.builder@acme.test",
        "ana.kovac@acme.test",
    );

    let database = directory.path().join("acme.sqlite");
    let error = Tenant::open_sandbox(options(&broken, &database, "2026-03-02T12:00:00Z"))
        .await
        .unwrap_err();

    assert!(
        error.to_string().starts_with(
            "cannot import employees.csv of the snapshot, line 5, column `Work Email`"
        ),
        "{error}"
    );
    assert!(!database.exists());
}

#[tokio::test]
async fn a_listed_file_that_is_missing_or_a_broken_manifest_is_named() {
    let directory = tempfile::tempdir().unwrap();
    let broken = copy_fixture(directory.path());
    fs::remove_file(broken.join("reviews.csv")).unwrap();
    let database = directory.path().join("acme.sqlite");

    let error = Tenant::open_sandbox(options(&broken, &database, "2026-03-02T12:00:00Z"))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Import { file, .. } if file == "reviews.csv"),
        "{error}"
    );

    edit(
        &broken,
        "manifest.json",
        "\"format_version\": 1",
        "\"format_version\": \"one\"",
    );
    let error = Tenant::open_sandbox(options(&broken, &database, "2026-03-02T12:00:00Z"))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Import { file, line: Some(2), .. } if file == "manifest.json"),
        "{error}"
    );
}

#[tokio::test]
async fn a_malformed_sign_in_time_in_identity_metadata_is_refused() {
    let directory = tempfile::tempdir().unwrap();
    let broken = copy_fixture(directory.path());
    edit(
        &broken,
        "entities.csv",
        "2026-03-01 08:00:00 +0000 UTC",
        "yesterday",
    );
    let database = directory.path().join("acme.sqlite");

    let error = Tenant::open_sandbox(options(&broken, &database, "2026-03-02T12:00:00Z"))
        .await
        .unwrap_err();

    // The first identity, okta Ana, is on line 2.
    assert!(
        error
            .to_string()
            .starts_with("cannot import entities.csv of the snapshot, line 2, column `Metadata`"),
        "{error}"
    );
}

/// The embedded demo company, checked against the situations its generator plants
/// (`xtask/src/demo/plan.rs`), at its snapshot time 2026-06-01T12:00:00Z.
#[tokio::test]
async fn the_embedded_demo_answers_the_planted_situations() {
    let directory = tempfile::tempdir().unwrap();
    let options = SandboxOptions::default()
        .database(directory.path().join("demo.sqlite"))
        .as_of(instant("2026-06-01T12:00:00Z"));
    let tenant = Tenant::open_sandbox(options).await.unwrap();

    let info = tenant.info().await.unwrap();
    assert_eq!(info.tenant_name, "Northwind Labs");
    assert_eq!(info.user_email, "amara.okafor@northwind.example");
    assert!(info.roles.contains(&"riskmanager".to_owned()));
    assert_eq!(
        tenant
            .list_employees(EmployeeQuery::default())
            .await
            .unwrap()
            .total,
        300
    );

    let identity_findings = |kind: IdentityRiskKind, app: Option<&str>| {
        let tenant = tenant.clone();
        let mut query = RiskyIdentityQuery::default().kinds([kind]);
        query.app = app.map(str::to_owned);
        async move { tenant.find_risky_identities(query).await.unwrap().total }
    };
    // Four leavers with their Okta and Azure accounts active: eight accounts.
    assert_eq!(
        identity_findings(IdentityRiskKind::TerminatedWithAccess, None).await,
        8
    );
    // Six human accounts and five service accounts linked to no one; two humans in Okta.
    assert_eq!(
        identity_findings(IdentityRiskKind::Orphaned, None).await,
        11
    );
    assert_eq!(
        identity_findings(IdentityRiskKind::Orphaned, Some("okta")).await,
        2
    );
    // Five ownerless service accounts, four of them in Azure.
    assert_eq!(
        identity_findings(IdentityRiskKind::ServiceAccountWithoutOwner, None).await,
        5
    );
    assert_eq!(
        identity_findings(IdentityRiskKind::ServiceAccountWithoutOwner, Some("azure")).await,
        4
    );
    assert_eq!(identity_findings(IdentityRiskKind::Dormant, None).await, 5);

    let credential_findings = |kind: CredentialRiskKind, app: Option<&str>, production: bool| {
        let tenant = tenant.clone();
        let mut query = RiskyCredentialQuery::default()
            .kinds([kind])
            .production_only(production);
        query.app = app.map(str::to_owned);
        async move { tenant.find_risky_credentials(query).await.unwrap().total }
    };
    // Five expired credentials on production service accounts, two in Azure; two more
    // elsewhere.
    assert_eq!(
        credential_findings(CredentialRiskKind::Expired, None, true).await,
        5
    );
    assert_eq!(
        credential_findings(CredentialRiskKind::Expired, Some("azure"), true).await,
        2
    );
    assert_eq!(
        credential_findings(CredentialRiskKind::Expired, None, false).await,
        7
    );
    assert_eq!(
        credential_findings(CredentialRiskKind::Unrotated, None, false).await,
        5
    );
    assert_eq!(
        credential_findings(CredentialRiskKind::ActiveOnInactiveIdentity, None, false).await,
        3
    );
    assert_eq!(
        credential_findings(CredentialRiskKind::BroadFederatedTrust, None, false).await,
        4
    );

    // Six credentials expire within 30 days, two of them within 7.
    let within = |days: u32| {
        let tenant = tenant.clone();
        let query = CredentialQuery::default().expiring_within_days(days);
        async move { tenant.list_credentials(query).await.unwrap().total }
    };
    assert_eq!(within(30).await, 6);
    assert_eq!(within(7).await, 2);

    // Only the four wildcard federated credentials are broad.
    let broad = FederatedQuery::default().broad_only(true);
    let broad = tenant.list_federated_credentials(broad).await.unwrap();
    assert_eq!(broad.total, 4);
    assert!(broad.items.iter().all(|c| c.breadth == "wildcard"));

    let overdue = CampaignQuery::default().overdue_only(true);
    assert_eq!(tenant.list_campaigns(overdue).await.unwrap().total, 3);
    let q4_pending = ReviewQuery::default().campaign("Q4 SOC").status("pending");
    assert_eq!(tenant.list_reviews(q4_pending).await.unwrap().total, 12);

    // The default user's queue: three open items of an overdue campaign, one request review.
    let queue = tenant.my_queue(PageRequest::default()).await.unwrap();
    assert_eq!((queue.n_reviews, queue.n_access_requests), (3, 1));

    // Four access requests wait for a reviewer; two were denied.
    let pending = AccessRequestQuery::default().status("pending");
    assert_eq!(tenant.list_access_requests(pending).await.unwrap().total, 4);
    let denied = AccessRequestQuery::default().status("denied");
    assert_eq!(tenant.list_access_requests(denied).await.unwrap().total, 2);

    // Six purposes, three with an active assignment.
    assert_eq!(
        tenant
            .list_purposes(PurposeQuery::default())
            .await
            .unwrap()
            .total,
        6
    );
    let active = PurposeQuery::default().active_only(true);
    assert_eq!(tenant.list_purposes(active).await.unwrap().total, 3);
}
