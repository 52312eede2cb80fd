//! Filters of closed vocabularies (apps, integrations, departments, employment types, review
//! applications, audit actors) refuse a value that matches nothing instead of returning an
//! empty list; errors about ids name the argument and stay short; credential findings name
//! their account; and a page is partial only when another follows. On the hand-written
//! fixture `tests/fixtures/acme`, at its snapshot time.

use std::path::PathBuf;

use balkanid_api::query::{
    AuditQuery, CredentialQuery, CredentialRiskKind, EmployeeQuery, IdentityKey, IdentityQuery,
    PageRequest, PurposeQuery, ReviewQuery, RiskyCredentialQuery, RiskyIdentityQuery,
};
use balkanid_api::{Error, SandboxOptions, SnapshotSource, Tenant};

const TENANT: &str = "01HWBCYJA11R3AA48K5V0DVM00";

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/acme")
}

async fn open() -> (Tenant, tempfile::TempDir) {
    let directory = tempfile::tempdir().unwrap();
    let options = SandboxOptions::default()
        .source(SnapshotSource::Directory(fixture()))
        .database(directory.path().join("acme.sqlite"))
        .as_of("2026-03-02T12:00:00Z".parse().unwrap());
    (Tenant::open_sandbox(options).await.unwrap(), directory)
}

fn invalid_message(error: &Error) -> String {
    assert!(error.is_invalid_argument(), "{error}");
    error.to_string()
}

#[tokio::test]
async fn an_unknown_app_or_integration_is_refused_with_the_accepted_values() {
    let (tenant, _directory) = open().await;
    // entities.csv and integrations.csv hold the apps azure, github and okta.
    let apps = "use one of azure, github, okta";

    for app in ["oktaa", ""] {
        let error = tenant
            .list_identities(IdentityQuery::default().app(app))
            .await
            .unwrap_err();
        let expected = format!("invalid app: {app:?} matches no app of this tenant; {apps}");
        assert_eq!(invalid_message(&error), expected);
    }
    let error = tenant
        .list_credentials(CredentialQuery::default().app("azzure"))
        .await
        .unwrap_err();
    assert!(invalid_message(&error).ends_with(apps), "{error}");
    let error = tenant
        .find_risky_identities(RiskyIdentityQuery::default().app("gihub"))
        .await
        .unwrap_err();
    assert!(invalid_message(&error).ends_with(apps), "{error}");
    let error = tenant
        .find_risky_credentials(RiskyCredentialQuery::default().app("azzure"))
        .await
        .unwrap_err();
    assert!(invalid_message(&error).ends_with(apps), "{error}");

    let error = tenant
        .list_identities(IdentityQuery::default().integration_id("okta"))
        .await
        .unwrap_err();
    assert_eq!(
        invalid_message(&error),
        "invalid integration_id: \"okta\" matches no integration_id of this tenant; use one of \
         azure/01J07X778EK4BH2M2A1VY4HCYG, github/01J07X778EK4BH2M2A1VY4HCYH, \
         okta/01J07X778EK4BH2M2A1VY4HCYF"
    );
}

#[tokio::test]
async fn a_known_app_matches_in_any_case() {
    let (tenant, _directory) = open().await;

    // entities.csv has 8 okta identities.
    let lower = tenant
        .list_identities(IdentityQuery::default().app("okta"))
        .await
        .unwrap();
    let upper = tenant
        .list_identities(IdentityQuery::default().app("OKTA"))
        .await
        .unwrap();

    assert_eq!(lower.total, 8);
    assert_eq!(upper.total, 8);
}

#[tokio::test]
async fn unknown_departments_employment_types_and_applications_are_refused() {
    let (tenant, _directory) = open().await;

    let error = tenant
        .list_employees(EmployeeQuery::default().department("Enginering"))
        .await
        .unwrap_err();
    assert_eq!(
        invalid_message(&error),
        "invalid department: \"Enginering\" matches no department of this tenant; use one of \
         Engineering, Executive, Sales, Security"
    );
    let error = tenant
        .list_purposes(PurposeQuery::default().department("Finance"))
        .await
        .unwrap_err();
    assert!(
        invalid_message(&error).ends_with("use one of Engineering, Executive, Sales, Security"),
        "{error}"
    );
    let error = tenant
        .list_employees(EmployeeQuery::default().employment_type("freelance"))
        .await
        .unwrap_err();
    assert_eq!(
        invalid_message(&error),
        "invalid employment_type: \"freelance\" matches no employment_type of this tenant; \
         use one of Contractor, Full-time"
    );

    // reviews.csv names Azure AD, GitHub and Okta; apps.csv adds the ids azure, github and
    // okta, of which only azure differs from a name other than by case.
    let error = tenant
        .list_reviews(ReviewQuery::default().application("Azur AD"))
        .await
        .unwrap_err();
    assert_eq!(
        invalid_message(&error),
        "invalid application: \"Azur AD\" matches no application of this tenant; use one of \
         Azure AD, GitHub, Okta, azure"
    );

    // A department in another case still matches: Engineering has 5 employees (Ana, Bob,
    // Dora, Cody and Otto).
    let engineering = tenant
        .list_employees(EmployeeQuery::default().department("engineering"))
        .await
        .unwrap();
    assert_eq!(engineering.total, 5);
}

#[tokio::test]
async fn an_unknown_audit_actor_suggests_the_nearest_email() {
    let (tenant, _directory) = open().await;

    let error = tenant
        .list_audit_events(AuditQuery::default().actor("rita.rsk@acme.test"))
        .await
        .unwrap_err();

    assert_eq!(
        invalid_message(&error),
        "invalid actor: \"rita.rsk@acme.test\" matches no actor of this tenant; nearest: \
         rita.risk@acme.test"
    );
}

#[tokio::test]
async fn a_huge_input_is_cut_short_in_the_error() {
    let (tenant, _directory) = open().await;
    let email = format!("{}@acme.test", "x".repeat(100_000));

    let error = tenant.get_employee(&email).await.unwrap_err();

    // "no employee (email) matches " (28) + the quoted 80 characters and ellipsis (83).
    let expected = format!("no employee (email) matches \"{}…\"", "x".repeat(80));
    assert_eq!(error.to_string(), expected);
}

#[tokio::test]
async fn a_not_found_email_names_the_argument_and_only_close_suggestions() {
    let (tenant, _directory) = open().await;

    let error = tenant
        .list_employees(EmployeeQuery::default().manager_email("ana.kovak@acme.test"))
        .await
        .unwrap_err();

    assert!(error.is_not_found());
    assert_eq!(
        error.to_string(),
        "no employee (manager_email) matches \"ana.kovak@acme.test\"; did you mean \
         ana.kovac@acme.test?"
    );
}

#[tokio::test]
async fn malformed_and_wrong_kind_brns_are_explained() {
    let (tenant, _directory) = open().await;

    let error = tenant
        .get_identity(IdentityKey::Brn("not a brn".to_owned()))
        .await
        .unwrap_err();
    let message = invalid_message(&error);
    assert!(
        message.starts_with("invalid brn: \"not a brn\" is not a well-formed BRN: its prefix"),
        "{message}"
    );
    assert!(
        message.contains("brn:bid:balkanid:::<tenant>:<type>:<id>"),
        "{message}"
    );

    // entities.csv: the GitHub repository acme/api is a resource.
    let resource = format!("brn:bid:balkanid:::{TENANT}:resource:gh-api");
    let error = tenant
        .get_identity(IdentityKey::Brn(resource))
        .await
        .unwrap_err();
    assert!(
        invalid_message(&error).starts_with("invalid brn: that BRN is a resource, not an identity"),
        "{error}"
    );
}

#[tokio::test]
async fn a_credential_id_is_found_in_any_case() {
    let (tenant, _directory) = open().await;

    let detail = tenant.get_credential("CRED-BILLING-SECRET").await.unwrap();

    assert_eq!(detail.credential.id, "cred-billing-secret");
}

#[tokio::test]
async fn credential_findings_use_the_filter_names_and_name_the_account() {
    let (tenant, _directory) = open().await;

    let page = tenant
        .find_risky_credentials(
            RiskyCredentialQuery::default().kinds([CredentialRiskKind::Expired]),
        )
        .await
        .unwrap();

    // credentials.csv: the billing-sync secret of azure-billing expired on 2026-02-20;
    // relations.csv: otto.owner and bob.builder OWN sp-billing (billing-sync), no one IS it.
    let finding = &page.items[0];
    assert_eq!(page.items.len(), 1);
    assert_eq!(finding.kind, "expired");
    let kind: CredentialRiskKind =
        serde_json::from_value(serde_json::Value::String(finding.kind.clone())).unwrap();
    assert_eq!(kind, CredentialRiskKind::Expired);
    assert!(
        finding.summary.contains("of billing-sync (azure)"),
        "{}",
        finding.summary
    );
    assert!(!finding.summary.contains("brn:"), "{}", finding.summary);
    let account = &finding.evidence["account"];
    assert_eq!(account["identity_name"], "billing-sync");
    assert_eq!(account["app"], "azure");
    assert_eq!(account["employee"], serde_json::Value::Null);
    assert_eq!(
        account["owners"],
        serde_json::json!(["otto.owner@acme.test", "bob.builder@acme.test"])
    );
}

#[tokio::test]
async fn only_a_page_followed_by_another_is_partial() {
    let (tenant, _directory) = open().await;
    let page_of = |cursor: Option<String>| {
        let mut request = PageRequest::default().limit(5);
        if let Some(cursor) = cursor {
            request = request.cursor(cursor);
        }
        EmployeeQuery::default().page(request)
    };

    // Ten employees in pages of five: the first is partial, the second is the last.
    let first = tenant.list_employees(page_of(None)).await.unwrap();
    assert!(first.is_partial());
    let second = tenant
        .list_employees(page_of(first.next_cursor.clone()))
        .await
        .unwrap();
    assert_eq!(second.items.len(), 5);
    assert_eq!(second.next_cursor, None);
    assert!(!second.is_partial());
}
