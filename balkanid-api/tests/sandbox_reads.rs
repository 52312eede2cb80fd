//! Every read operation of the sandbox tenant on the hand-written fixture `tests/fixtures/acme`,
//! with the expected answers worked out by hand from the files.
//!
//! The clock is pinned at the snapshot time, 2026-03-02T12:00:00Z, so no date moves. The
//! company, in short (see the CSV files for the rest):
//!
//! | employee | department | manager | End Date | at as_of |
//! |---|---|---|---|---|
//! | Carl Ceo | Executive | - | - | employed |
//! | Rita Risk (acting user, riskmanager) | Security | Carl | - | employed |
//! | Ana Kovac | Engineering | Carl | - | employed |
//! | Sam Sales | Sales | Carl | - | employed |
//! | Bob Builder | Engineering | Ana | - | employed |
//! | Dora Done | Engineering | Ana | 2026-02-15 | terminated |
//! | Otto Owner | Engineering | Ana | 2026-01-31 | terminated |
//! | Cody Contractor (Contractor) | Engineering | Ana | - | employed |
//! | Eve Exit | Sales | Sam | 2026-03-02 | employed (last day) |
//! | Fay Future | Sales | Sam | 2026-03-31 | employed (planned) |

use std::path::PathBuf;

use balkanid_api::query::{
    AccessRequestQuery, AuditQuery, CampaignQuery, CredentialQuery, CredentialRiskKind,
    CredentialState, Direction, EmployeeQuery, FederatedQuery, IdentityKey, IdentityQuery,
    IdentityRiskKind, IdentityType, IntegrationQuery, PageRequest, PurposeQuery, RelationshipQuery,
    ReviewQuery, RiskyCredentialQuery, RiskyIdentityQuery,
};
use balkanid_api::{Error, SandboxOptions, SnapshotSource, Tenant};
use chrono::{DateTime, NaiveDate, Utc};

const TENANT: &str = "01HWBCYJA11R3AA48K5V0DVM00";

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/acme")
}

fn snapshot_time() -> DateTime<Utc> {
    "2026-03-02T12:00:00Z".parse().unwrap()
}

fn brn(kind: &str, id: &str) -> String {
    format!("brn:bid:balkanid:::{TENANT}:{kind}:{id}")
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// The fixture in a fresh database, acting as `user` (the default user when `None`).
async fn open_as(user: Option<&str>) -> (Tenant, tempfile::TempDir) {
    let directory = tempfile::tempdir().unwrap();
    let mut options = SandboxOptions::default()
        .source(SnapshotSource::Directory(fixture()))
        .database(directory.path().join("acme.sqlite"))
        .as_of(snapshot_time());
    if let Some(user) = user {
        options = options.user_email(user);
    }
    (Tenant::open_sandbox(options).await.unwrap(), directory)
}

async fn open() -> (Tenant, tempfile::TempDir) {
    open_as(None).await
}

fn names<T>(items: &[T], name: impl Fn(&T) -> &str) -> Vec<String> {
    items.iter().map(|item| name(item).to_owned()).collect()
}

#[tokio::test]
async fn whoami_names_the_default_user_their_roles_and_the_tenant() {
    let (tenant, _directory) = open().await;

    let info = tenant.info().await.unwrap();

    // The manifest's default_user is Rita; employees.csv gives her "riskmanager, reviewer".
    assert_eq!(info.user_email, "rita.risk@acme.test");
    assert_eq!(info.user_name, "Rita Risk");
    assert_eq!(info.roles, ["riskmanager", "reviewer"]);
    assert_eq!(
        (info.tenant_name.as_str(), info.tenant_id.as_str()),
        ("Acme Test", TENANT)
    );
    assert_eq!(info.mode, "sandbox");
    assert_eq!(info.snapshot_time, snapshot_time());
    assert_eq!(info.as_of, snapshot_time());
    assert!(info.database_path.unwrap().ends_with("acme.sqlite"));
}

#[tokio::test]
async fn the_acting_user_is_found_in_any_case_and_an_unknown_one_gets_suggestions() {
    let (tenant, _directory) = open_as(Some("ANA.Kovac@ACME.test")).await;
    assert_eq!(
        tenant.info().await.unwrap().user_email,
        "ana.kovac@acme.test"
    );

    let directory = tempfile::tempdir().unwrap();
    let options = SandboxOptions::default()
        .source(SnapshotSource::Directory(fixture()))
        .database(directory.path().join("acme.sqlite"))
        .as_of(snapshot_time())
        .user_email("ana.kovacc@acme.test");
    let error = Tenant::open_sandbox(options).await.unwrap_err();

    assert!(error.is_not_found(), "{error}");
    assert_eq!(
        error.suggestions().first().map(String::as_str),
        Some("ana.kovac@acme.test")
    );
}

#[tokio::test]
async fn identities_are_listed_by_app_then_name_with_their_type_and_people() {
    let (tenant, _directory) = open().await;

    let page = tenant
        .list_identities(IdentityQuery::default())
        .await
        .unwrap();

    // 17 identities: 6 azure, 3 github, 8 okta; sorted by app, then name (any case), then BRN.
    assert_eq!(page.total, 17);
    assert_eq!(page.next_cursor, None);
    assert_eq!(
        names(&page.items, |i| &i.name),
        [
            "Ana Kovac",
            "billing-sync",
            "deploy-pipeline",
            "Dora Done",
            "legacy-export",
            "reporting-app",
            "Bob Builder",
            "Cody Contractor",
            "release-bot",
            "Ana Kovac",
            "Bob Builder",
            "Carl Ceo",
            "Dora Done",
            "Eve Exit",
            "Ghost User",
            "Old Intern",
            "Rita Risk",
        ]
    );

    // billing-sync is owned by Otto (first OWNS row, the primary) and then Bob.
    let billing = &page.items[1];
    assert_eq!(billing.identity_type, IdentityType::ServiceAccount);
    assert_eq!(billing.environment.as_deref(), Some("production"));
    assert_eq!(billing.employee, None);
    assert_eq!(
        names(&billing.owners, |o| &o.email),
        ["otto.owner@acme.test", "bob.builder@acme.test"]
    );
    assert!(billing.owners[0].terminated);
    assert!(!billing.owners[1].terminated);

    // GitHub's Bob is Bob's own account (IS) with handle `bobb`.
    let github_bob = &page.items[6];
    assert_eq!(github_bob.handle, "bobb");
    assert_eq!(
        github_bob.employee.as_ref().unwrap().email,
        "bob.builder@acme.test"
    );
    assert_eq!(github_bob.identity_type, IdentityType::Employee);
}

#[tokio::test]
async fn identity_filters_narrow_the_list() {
    let (tenant, _directory) = open().await;
    let list = |query: IdentityQuery| {
        let tenant = tenant.clone();
        async move {
            let page = tenant.list_identities(query).await.unwrap();
            (page.total, names(&page.items, |i| &i.brn))
        }
    };

    // Okta has 8 identities.
    let query = IdentityQuery::default().app("OKTA");
    assert_eq!(list(query).await.0, 8);

    // The GitHub integration reported 3.
    let query = IdentityQuery::default().integration_id("github/01J07X778EK4BH2M2A1VY4HCYH");
    assert_eq!(list(query).await.0, 3);

    // Unmapped: the two okta accounts with no IS and no OWNS row, Ghost User and Old Intern.
    let query = IdentityQuery::default().identity_type(IdentityType::Unmapped);
    assert_eq!(
        list(query).await.1,
        [
            brn("identity", "okta-ghost"),
            brn("identity", "okta-intern")
        ]
    );

    // Service accounts: the four azure service principals; bots: release-bot.
    let query = IdentityQuery::default().identity_type(IdentityType::ServiceAccount);
    assert_eq!(list(query).await.0, 4);
    let query = IdentityQuery::default().identity_type(IdentityType::Bot);
    assert_eq!(list(query).await.1, [brn("identity", "github-release-bot")]);

    // Inactive: azure Dora (`disabled`), legacy-export and Old Intern.
    let query = IdentityQuery::default().active(false);
    assert_eq!(
        list(query).await.1,
        [
            brn("identity", "azure-dora"),
            brn("identity", "azure-legacy"),
            brn("identity", "okta-intern")
        ]
    );

    // Everything linked to Bob: his okta and github accounts (IS) and billing-sync (OWNS).
    let query = IdentityQuery::default().email("Bob.Builder@acme.test");
    assert_eq!(
        list(query).await.1,
        [
            brn("identity", "azure-billing"),
            brn("identity", "github-bob"),
            brn("identity", "okta-bob")
        ]
    );

    // The handle `cody-c` is Cody's GitHub account.
    let query = IdentityQuery::default().handle("Cody-C");
    assert_eq!(list(query).await.1, [brn("identity", "github-cody")]);

    // Accounts of terminated employees: Dora's azure and okta accounts (Otto has none of his
    // own; Eve's last day is today).
    let query = IdentityQuery::default().terminated(true);
    assert_eq!(
        list(query).await.1,
        [brn("identity", "azure-dora"), brn("identity", "okta-dora")]
    );

    // No owner and no employee: reporting-app, Ghost User and Old Intern.
    let query = IdentityQuery::default().has_owner(false);
    assert_eq!(
        list(query).await.1,
        [
            brn("identity", "azure-reporting"),
            brn("identity", "okta-ghost"),
            brn("identity", "okta-intern")
        ]
    );

    // Free text `sync` matches the name billing-sync only.
    let query = IdentityQuery::default().query("SYNC");
    assert_eq!(list(query).await.1, [brn("identity", "azure-billing")]);

    // Filters combine: active azure service accounts with no owner: reporting-app.
    let query = IdentityQuery::default()
        .app("azure")
        .identity_type(IdentityType::ServiceAccount)
        .active(true)
        .has_owner(false);
    assert_eq!(list(query).await.1, [brn("identity", "azure-reporting")]);
}

#[tokio::test]
async fn an_identity_email_filter_that_matches_no_one_offers_the_nearest_emails() {
    let (tenant, _directory) = open().await;

    let query = IdentityQuery::default().email("bob.bulder@acme.test");
    let error = tenant.list_identities(query).await.unwrap_err();

    assert!(error.is_not_found(), "{error}");
    assert!(
        error
            .suggestions()
            .contains(&"bob.builder@acme.test".to_owned()),
        "{error}"
    );
}

#[tokio::test]
async fn get_identity_shows_connections_reachable_resources_credentials_and_findings() {
    let (tenant, _directory) = open().await;

    let detail = tenant
        .get_identity(IdentityKey::Brn(brn("identity", "azure-billing")))
        .await
        .unwrap();

    // billing-sync holds the Contributor role, which grants prod-subscription.
    assert_eq!(names(&detail.connections, |c| &c.name), ["Contributor"]);
    assert_eq!(detail.n_connections, 1);
    assert_eq!(names(&detail.resources, |r| &r.name), ["prod-subscription"]);
    assert_eq!(detail.n_resources, 1);
    // Its one credential expired on 2026-02-20 00:00, 10.5 days before as_of.
    assert_eq!(
        names(&detail.credentials, |c| &c.id),
        ["cred-billing-secret"]
    );
    assert_eq!(detail.credentials[0].state, CredentialState::Expired);
    assert_eq!(detail.credentials[0].days_until_expiry, Some(-10));
    // Its primary owner Otto left; its last sign-in (2025-11-15) is 107 days old; and the
    // credential's expiry.
    assert_eq!(
        names(&detail.findings, |f| &f.kind),
        ["service_account_without_owner", "dormant", "expired"]
    );
}

#[tokio::test]
async fn get_identity_by_email_or_handle_needs_an_app_when_the_person_has_several_accounts() {
    let (tenant, _directory) = open().await;

    // Bob has an okta and a github account.
    let key = IdentityKey::Email {
        email: "bob.builder@acme.test".to_owned(),
        app: None,
    };
    let error = tenant.get_identity(key).await.unwrap_err();
    assert!(error.is_invalid_argument(), "{error}");
    assert!(error.to_string().contains("github, okta"), "{error}");

    let key = IdentityKey::Email {
        email: "BOB.BUILDER@acme.test".to_owned(),
        app: Some("okta".to_owned()),
    };
    let detail = tenant.get_identity(key).await.unwrap();
    assert_eq!(detail.identity.brn, brn("identity", "okta-bob"));
    // okta Bob is in Engineering, which grants acme/api and acme/web; the relation to a
    // connection missing from entities.csv was skipped at import.
    assert_eq!(detail.n_connections, 1);
    assert_eq!(
        names(&detail.resources, |r| &r.name),
        ["acme/api", "acme/web"]
    );

    let key = IdentityKey::Handle {
        handle: "bobb".to_owned(),
        app: None,
    };
    assert_eq!(
        tenant.get_identity(key).await.unwrap().identity.brn,
        brn("identity", "github-bob")
    );
}

#[tokio::test]
async fn an_unknown_identity_offers_the_nearest_keys() {
    let (tenant, _directory) = open().await;

    let error = tenant
        .get_identity(IdentityKey::Brn(brn("identity", "azure-bilingg")))
        .await
        .unwrap_err();
    assert!(error.is_not_found());
    assert_eq!(
        error.suggestions().first(),
        Some(&brn("identity", "azure-billing"))
    );

    let key = IdentityKey::Handle {
        handle: "bob".to_owned(),
        app: None,
    };
    let error = tenant.get_identity(key).await.unwrap_err();
    assert!(error.suggestions().contains(&"bobb".to_owned()), "{error}");
}

#[tokio::test]
async fn risky_identities_are_found_with_their_evidence() {
    let (tenant, _directory) = open().await;

    let page = tenant
        .find_risky_identities(RiskyIdentityQuery::default())
        .await
        .unwrap();

    // terminated_with_access: okta Dora (active, End Date 2026-02-15); azure Dora is disabled.
    // orphaned: reporting-app and Ghost User (Old Intern is inactive).
    // service_account_without_owner: billing-sync (Otto left), reporting-app (no owner).
    // dormant (> 90 days): billing-sync (2025-11-15, 107 days), Ghost User (2025-10-01).
    // Sorted by kind, then app, then name.
    let found: Vec<(String, String)> = page
        .items
        .iter()
        .map(|f| (f.kind.clone(), f.subject_name.clone()))
        .collect();
    let expected = [
        ("terminated_with_access", "Dora Done"),
        ("orphaned", "reporting-app"),
        ("orphaned", "Ghost User"),
        ("service_account_without_owner", "billing-sync"),
        ("service_account_without_owner", "reporting-app"),
        ("dormant", "billing-sync"),
        ("dormant", "Ghost User"),
    ]
    .map(|(kind, name)| (kind.to_owned(), name.to_owned()));
    assert_eq!(found, expected);
    assert_eq!(page.total, 7);

    let dora = &page.items[0];
    assert_eq!(dora.subject, brn("identity", "okta-dora"));
    assert_eq!(dora.evidence["end_date"], "2026-02-15");
    assert_eq!(dora.evidence["days_since_end_date"], 15);
    // Her last okta sign-in, 2026-02-20, came after her End Date.
    assert_eq!(dora.evidence["logged_in_after_end_date"], true);
}

#[tokio::test]
async fn risky_identity_filters_pick_kinds_apps_types_and_the_dormancy_threshold() {
    let (tenant, _directory) = open().await;
    let find = |query: RiskyIdentityQuery| {
        let tenant = tenant.clone();
        async move {
            let page = tenant.find_risky_identities(query).await.unwrap();
            page.items
                .iter()
                .map(|f| format!("{} {}", f.kind, f.subject_name))
                .collect::<Vec<_>>()
        }
    };

    let query = RiskyIdentityQuery::default().kinds([IdentityRiskKind::Orphaned]);
    assert_eq!(
        find(query).await,
        ["orphaned reporting-app", "orphaned Ghost User"]
    );

    let query = RiskyIdentityQuery::default().app("okta");
    assert_eq!(
        find(query).await,
        [
            "terminated_with_access Dora Done",
            "orphaned Ghost User",
            "dormant Ghost User"
        ]
    );

    let query = RiskyIdentityQuery::default()
        .identity_type(IdentityType::ServiceAccount)
        .kinds([
            IdentityRiskKind::ServiceAccountWithoutOwner,
            IdentityRiskKind::Dormant,
        ]);
    assert_eq!(
        find(query).await,
        [
            "service_account_without_owner billing-sync",
            "service_account_without_owner reporting-app",
            "dormant billing-sync"
        ]
    );

    // With a 3-day threshold more accounts are dormant: every active one whose last sign-in
    // is more than 72 hours before 2026-03-02 12:00: okta Bob (02-27 09:30), okta Dora
    // (02-20), billing-sync and Ghost User; Cody (02-28 16:00) and Ana's azure account (02-28
    // 09:00) are under 72 hours.
    let query = RiskyIdentityQuery::default()
        .kinds([IdentityRiskKind::Dormant])
        .dormant_after_days(3);
    assert_eq!(
        find(query).await,
        [
            "dormant billing-sync",
            "dormant Bob Builder",
            "dormant Dora Done",
            "dormant Ghost User"
        ]
    );
}

#[tokio::test]
async fn relationships_walk_down_and_up_one_step_or_transitively() {
    let (tenant, _directory) = open().await;
    let walk = |brn: String, direction: Direction, transitive: bool| {
        let tenant = tenant.clone();
        async move {
            let query = RelationshipQuery::new(brn)
                .direction(direction)
                .transitive(transitive);
            let page = tenant.list_entity_relationships(query).await.unwrap();
            page.items
                .iter()
                .map(|e| format!("{} {} > {}", e.depth, e.parent.name, e.child.name))
                .collect::<Vec<_>>()
        }
    };

    // okta Bob holds Engineering (the dangling relation was skipped)...
    assert_eq!(
        walk(brn("identity", "okta-bob"), Direction::Down, false).await,
        ["1 Bob Builder > Engineering"]
    );
    // ...which grants acme/api and acme/web.
    assert_eq!(
        walk(brn("identity", "okta-bob"), Direction::Down, true).await,
        [
            "1 Bob Builder > Engineering",
            "2 Engineering > acme/api",
            "2 Engineering > acme/web"
        ]
    );
    // acme/api is granted by Engineering, held by Ana, Bob and Dora.
    assert_eq!(
        walk(brn("resource", "gh-api"), Direction::Up, true).await,
        [
            "1 Engineering > acme/api",
            "2 Ana Kovac > Engineering",
            "2 Bob Builder > Engineering",
            "2 Dora Done > Engineering"
        ]
    );

    let query = RelationshipQuery::new(brn("resource", "gh-ap"));
    let error = tenant.list_entity_relationships(query).await.unwrap_err();
    assert_eq!(
        error.suggestions().first(),
        Some(&brn("resource", "gh-api"))
    );
}

#[tokio::test]
async fn relationship_edges_carry_the_privilege_and_connection_type() {
    let (tenant, _directory) = open().await;

    let query = RelationshipQuery::new(brn("identity", "okta-ana"));
    let page = tenant.list_entity_relationships(query).await.unwrap();

    assert_eq!(page.items[0].privilege_name.as_deref(), Some("member"));
    assert_eq!(page.items[0].connection_type.as_deref(), Some("group"));
    assert_eq!(page.items[0].child.entity_type, "connection");
}

#[tokio::test]
async fn credentials_are_listed_with_their_state_at_as_of() {
    let (tenant, _directory) = open().await;

    let page = tenant
        .list_credentials(CredentialQuery::default())
        .await
        .unwrap();

    // Sorted by app, then identity name (billing-sync, deploy-pipeline, legacy-export,
    // reporting-app; Bob Builder, release-bot), then credential name.
    assert_eq!(
        names(&page.items, |c| &c.id),
        [
            "cred-billing-secret",
            "cred-ci-federation",
            "cred-deploy-cert",
            "cred-deploy-federation",
            "cred-legacy-token",
            "cred-reporting-key",
            "cred-bob-ssh",
            "cred-bot-token"
        ]
    );
    let states: Vec<CredentialState> = page.items.iter().map(|c| c.state).collect();
    use CredentialState::{Active, Expired, Expiring, Revoked};
    // The deploy cert expires 2026-03-20 12:00, 18 days after as_of: expiring (within 30).
    assert_eq!(
        states,
        [
            Expired, Active, Expiring, Active, Active, Active, Active, Revoked
        ]
    );

    let cert = &page.items[2];
    assert_eq!(cert.days_until_expiry, Some(18));
    // Created 2025-09-01 00:00, never rotated: 182.5 days, 182 whole days.
    assert_eq!(cert.days_since_rotation, 182);
    assert_eq!(cert.environment.as_deref(), Some("staging"));
    assert_eq!(cert.identity_name, "deploy-pipeline");
}

#[tokio::test]
async fn credential_filters_narrow_the_list() {
    let (tenant, _directory) = open().await;
    let ids = |query: CredentialQuery| {
        let tenant = tenant.clone();
        async move {
            names(&tenant.list_credentials(query).await.unwrap().items, |c| {
                &c.id
            })
        }
    };

    let query = CredentialQuery::default().state(CredentialState::Expired);
    assert_eq!(ids(query).await, ["cred-billing-secret"]);

    let query = CredentialQuery::default().credential_type("Client Secret");
    assert_eq!(
        ids(query).await,
        ["cred-billing-secret", "cred-reporting-key"]
    );

    let query = CredentialQuery::default().app("github");
    assert_eq!(ids(query).await, ["cred-bob-ssh", "cred-bot-token"]);

    // Bob is github Bob (IS) and owns billing-sync (OWNS).
    let query = CredentialQuery::default().owner("bob.builder@acme.test");
    assert_eq!(ids(query).await, ["cred-billing-secret", "cred-bob-ssh"]);

    let query = CredentialQuery::default().owner(brn("identity", "azure-deploy"));
    assert_eq!(
        ids(query).await,
        [
            "cred-ci-federation",
            "cred-deploy-cert",
            "cred-deploy-federation"
        ]
    );

    // Expiring within 30 days: the deploy cert (18 days); within 10 days: none.
    let query = CredentialQuery::default().expiring_within_days(30);
    assert_eq!(ids(query).await, ["cred-deploy-cert"]);
    let query = CredentialQuery::default().expiring_within_days(10);
    assert!(ids(query).await.is_empty());

    // Not rotated for more than 180 days, counted from the last rotation or the creation:
    // billing secret (366 days), deploy cert (182), reporting key (2025-06-01, 274) and the
    // bot token (425); not the ci federation (91) nor the others.
    let query = CredentialQuery::default().unrotated_for_days(180);
    assert_eq!(
        ids(query).await,
        [
            "cred-billing-secret",
            "cred-deploy-cert",
            "cred-reporting-key",
            "cred-bot-token"
        ]
    );

    // Production identities: billing-sync, legacy-export, reporting-app.
    let query = CredentialQuery::default().production_only(true);
    assert_eq!(
        ids(query).await,
        [
            "cred-billing-secret",
            "cred-legacy-token",
            "cred-reporting-key"
        ]
    );

    let query = CredentialQuery::default().credential_type("password");
    let error = tenant.list_credentials(query).await.unwrap_err();
    assert!(
        error.to_string().starts_with("invalid credential_type:"),
        "{error}"
    );
}

#[tokio::test]
async fn get_credential_shows_its_identity_resources_federation_and_findings() {
    let (tenant, _directory) = open().await;

    let detail = tenant.get_credential("cred-ci-federation").await.unwrap();
    assert_eq!(detail.identity.as_ref().unwrap().name, "deploy-pipeline");
    // deploy-pipeline holds no connection, so it reaches no resource.
    assert_eq!(detail.n_resources, 0);
    let federation = detail.federation.unwrap();
    assert_eq!(federation.breadth, "wildcard");
    assert_eq!(
        names(&detail.findings, |f| &f.kind),
        ["broad_federated_trust"]
    );

    let detail = tenant.get_credential("cred-billing-secret").await.unwrap();
    assert_eq!(names(&detail.resources, |r| &r.name), ["prod-subscription"]);
    assert!(detail.federation.is_none());

    let error = tenant
        .get_credential("cred-billing-secrt")
        .await
        .unwrap_err();
    assert_eq!(
        error.suggestions().first().map(String::as_str),
        Some("cred-billing-secret")
    );
}

#[tokio::test]
async fn risky_credentials_are_found_with_their_evidence() {
    let (tenant, _directory) = open().await;

    let page = tenant
        .find_risky_credentials(RiskyCredentialQuery::default())
        .await
        .unwrap();

    // expired: billing secret (2026-02-20). expiring (30 days): deploy cert (2026-03-20).
    // unrotated (90 days): deploy cert (182 days), reporting key (274); the expired secret
    // is not usable and federated credentials are not rotated.
    // active on inactive identity: legacy token (legacy-export is inactive).
    // broad federated trust: ci federation (subject `repo:acme/*...`).
    let found: Vec<String> = page
        .items
        .iter()
        .map(|f| format!("{} {}", f.kind, f.subject_name))
        .collect();
    assert_eq!(
        found,
        [
            "expired billing-sync secret",
            "expiring deploy cert",
            "unrotated deploy cert",
            "unrotated reporting key",
            "active_on_inactive_identity legacy token",
            "broad_federated_trust ci federation"
        ]
    );
    assert_eq!(page.items[0].evidence["days_since_expiry"], 10);
    assert_eq!(page.items[0].evidence["identity_environment"], "production");
}

#[tokio::test]
async fn risky_credential_filters_pick_kinds_production_and_windows() {
    let (tenant, _directory) = open().await;
    let find = |query: RiskyCredentialQuery| {
        let tenant = tenant.clone();
        async move {
            let page = tenant.find_risky_credentials(query).await.unwrap();
            page.items
                .iter()
                .map(|f| format!("{} {}", f.kind, f.subject_name))
                .collect::<Vec<_>>()
        }
    };

    // Expired Azure credentials on production identities: the billing secret.
    let query = RiskyCredentialQuery::default()
        .kinds([CredentialRiskKind::Expired])
        .app("azure")
        .production_only(true);
    assert_eq!(find(query).await, ["expired billing-sync secret"]);

    let query = RiskyCredentialQuery::default().production_only(true);
    assert_eq!(
        find(query).await,
        [
            "expired billing-sync secret",
            "unrotated reporting key",
            "active_on_inactive_identity legacy token"
        ]
    );

    // A 10-day window leaves the deploy cert (18 days) out; a 300-day rotation threshold
    // leaves only ... nothing: the reporting key's 274 days are under it.
    let query = RiskyCredentialQuery::default()
        .kinds([CredentialRiskKind::Expiring, CredentialRiskKind::Unrotated])
        .expiring_within_days(10)
        .unrotated_for_days(300);
    assert!(find(query).await.is_empty());
}

#[tokio::test]
async fn federated_credentials_show_their_trust_breadth() {
    let (tenant, _directory) = open().await;

    let page = tenant
        .list_federated_credentials(FederatedQuery::default())
        .await
        .unwrap();

    assert_eq!(
        names(&page.items, |c| &c.id),
        ["cred-ci-federation", "cred-deploy-federation"]
    );
    let ci = &page.items[0];
    assert_eq!(
        ci.issuer.as_deref(),
        Some("https://token.actions.githubusercontent.com")
    );
    assert_eq!(
        ci.subject.as_deref(),
        Some("repo:acme/*:ref:refs/heads/main")
    );
    assert_eq!(ci.audiences, ["api://AzureADTokenExchange"]);
    assert_eq!(ci.breadth, "wildcard");
    assert_eq!(ci.reasons.len(), 1);
    // One exact repository and environment, GitHub's issuer, one audience: narrow.
    assert_eq!(page.items[1].breadth, "narrow");
    assert!(page.items[1].reasons.is_empty());

    let query = FederatedQuery::default().broad_only(true);
    let page = tenant.list_federated_credentials(query).await.unwrap();
    assert_eq!(names(&page.items, |c| &c.id), ["cred-ci-federation"]);

    // Both are Azure credentials; GitHub has none.
    let azure = FederatedQuery::default().app("azure");
    let page = tenant.list_federated_credentials(azure).await.unwrap();
    assert_eq!(page.total, 2);
    let github = FederatedQuery::default().app("github");
    let page = tenant.list_federated_credentials(github).await.unwrap();
    assert_eq!(page.total, 0);
}

#[tokio::test]
async fn integrations_show_status_last_run_message_and_identity_counts() {
    let (tenant, _directory) = open().await;

    let page = tenant
        .list_integrations(IntegrationQuery::default())
        .await
        .unwrap();

    let rows: Vec<(String, String, Option<String>, u64)> = page
        .items
        .iter()
        .map(|i| {
            (
                i.app.clone(),
                i.status.clone(),
                i.message.clone(),
                i.n_identities,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                "azure".to_owned(),
                "active".to_owned(),
                Some("Data Available".to_owned()),
                6
            ),
            (
                "github".to_owned(),
                "inactive".to_owned(),
                Some("1 error occured".to_owned()),
                3
            ),
            (
                "okta".to_owned(),
                "active".to_owned(),
                Some("Data Available".to_owned()),
                8
            ),
        ]
    );
    assert_eq!(
        page.items[2].last_run,
        Some("2026-03-02T06:00:00Z".parse().unwrap())
    );
    assert_eq!(
        page.items[2].primary_owner.as_deref(),
        Some("rita.risk@acme.test")
    );

    let query = IntegrationQuery::default().active(false);
    let page = tenant.list_integrations(query).await.unwrap();
    assert_eq!(names(&page.items, |i| &i.app), ["github"]);
    let query = IntegrationQuery::default().app("Okta");
    assert_eq!(tenant.list_integrations(query).await.unwrap().total, 1);
}

#[tokio::test]
async fn employees_are_listed_by_name_and_filtered() {
    let (tenant, _directory) = open().await;
    let list = |query: EmployeeQuery| {
        let tenant = tenant.clone();
        async move {
            names(&tenant.list_employees(query).await.unwrap().items, |e| {
                &e.name
            })
        }
    };

    assert_eq!(
        list(EmployeeQuery::default()).await,
        [
            "Ana Kovac",
            "Bob Builder",
            "Carl Ceo",
            "Cody Contractor",
            "Dora Done",
            "Eve Exit",
            "Fay Future",
            "Otto Owner",
            "Rita Risk",
            "Sam Sales"
        ]
    );

    let query = EmployeeQuery::default().department("engineering");
    assert_eq!(
        list(query).await,
        [
            "Ana Kovac",
            "Bob Builder",
            "Cody Contractor",
            "Dora Done",
            "Otto Owner"
        ]
    );

    // `engineer` is part of Engineering Manager, Software/Sales/Platform Engineer.
    let query = EmployeeQuery::default().title("engineer");
    assert_eq!(
        list(query).await,
        [
            "Ana Kovac",
            "Bob Builder",
            "Dora Done",
            "Fay Future",
            "Otto Owner"
        ]
    );

    let query = EmployeeQuery::default().manager_email("sam.sales@acme.test");
    assert_eq!(list(query).await, ["Eve Exit", "Fay Future"]);

    let query = EmployeeQuery::default().employment_type("contractor");
    assert_eq!(list(query).await, ["Cody Contractor"]);

    // Dora (End Date 02-15) and Otto (01-31); not Eve (today is her last day) nor Fay.
    let query = EmployeeQuery::default().terminated(true);
    assert_eq!(list(query).await, ["Dora Done", "Otto Owner"]);
    let query = EmployeeQuery::default().terminated(false);
    assert_eq!(list(query).await.len(), 8);

    // `sales` is in Sam's name and email and in Fay's title.
    let query = EmployeeQuery::default().query("Sales");
    assert_eq!(list(query).await, ["Fay Future", "Sam Sales"]);

    let page = tenant
        .list_employees(EmployeeQuery::default())
        .await
        .unwrap();
    let bob = &page.items[1];
    assert_eq!(bob.manager_email.as_deref(), Some("ana.kovac@acme.test"));
    assert_eq!(bob.manager_name.as_deref(), Some("Ana Kovac"));
    assert_eq!(bob.start_date, date("2022-03-15"));
    let eve = &page.items[5];
    assert_eq!(eve.end_date, Some(date("2026-03-02")));
    assert!(!eve.terminated);
}

#[tokio::test]
async fn get_employee_shows_the_manager_chain_reports_and_accounts() {
    let (tenant, _directory) = open().await;

    let ana = tenant.get_employee("Ana.Kovac@acme.test").await.unwrap();
    assert_eq!(
        names(&ana.manager_chain, |m| &m.email),
        ["carl.ceo@acme.test"]
    );
    assert_eq!(
        names(&ana.direct_reports, |r| &r.name),
        ["Bob Builder", "Cody Contractor", "Dora Done", "Otto Owner"]
    );
    assert_eq!(ana.n_direct_reports, 4);
    assert_eq!(
        names(&ana.identities, |i| &i.brn),
        [brn("identity", "azure-ana"), brn("identity", "okta-ana")]
    );
    assert_eq!(
        names(&ana.owned_identities, |i| &i.brn),
        [
            brn("identity", "azure-deploy"),
            brn("identity", "github-release-bot")
        ]
    );

    let bob = tenant.get_employee("bob.builder@acme.test").await.unwrap();
    assert_eq!(
        names(&bob.manager_chain, |m| &m.email),
        ["ana.kovac@acme.test", "carl.ceo@acme.test"]
    );

    let error = tenant
        .get_employee("ana.kovacc@acme.test")
        .await
        .unwrap_err();
    assert_eq!(
        error.suggestions().first().map(String::as_str),
        Some("ana.kovac@acme.test")
    );
}

#[tokio::test]
async fn direct_reports_are_listed_directly_or_recursively() {
    let (tenant, _directory) = open().await;

    let direct = tenant
        .list_direct_reports("carl.ceo@acme.test", false, PageRequest::default())
        .await
        .unwrap();
    assert_eq!(
        names(&direct.items, |e| &e.name),
        ["Ana Kovac", "Rita Risk", "Sam Sales"]
    );

    // Everyone but Carl reports to him, directly or through Ana and Sam.
    let all = tenant
        .list_direct_reports("carl.ceo@acme.test", true, PageRequest::default())
        .await
        .unwrap();
    assert_eq!(all.total, 9);

    let error = tenant
        .list_direct_reports("carl@acme.test", false, PageRequest::default())
        .await
        .unwrap_err();
    assert_eq!(
        error.suggestions().first().map(String::as_str),
        Some("carl.ceo@acme.test")
    );
}

#[tokio::test]
async fn campaigns_show_due_dates_completion_and_overdue_state() {
    let (tenant, _directory) = open().await;

    let page = tenant
        .list_campaigns(CampaignQuery::default())
        .await
        .unwrap();

    // Sorted by due date. Q4 Okta: 4 items, 2 decided: 50 %, pending past 2026-02-15 by 15
    // days. Q1 Azure: 1 of 3 decided. 2025 GitHub: 1 of 2, completed so never overdue.
    // Draft SaaS: no item, 0 %.
    let rows: Vec<(String, bool, Option<i64>, f64, u64, u64)> = page
        .items
        .iter()
        .map(|c| {
            (
                c.name.clone(),
                c.overdue,
                c.days_overdue,
                c.completion_percent,
                c.n_items,
                c.n_open,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("2025 GitHub review".to_owned(), false, None, 50.0, 2, 1),
            (
                "Q4 Okta access review".to_owned(),
                true,
                Some(15),
                50.0,
                4,
                2
            ),
            ("Q1 Azure review".to_owned(), false, None, 33.33, 3, 2),
            ("Draft SaaS review".to_owned(), false, None, 0.0, 0, 0),
        ]
    );
    let okta = &page.items[1];
    assert_eq!((okta.n_approved, okta.n_denied), (1, 1));
    assert_eq!(okta.end_date, date("2026-02-15"));

    let query = CampaignQuery::default().overdue_only(true);
    let page = tenant.list_campaigns(query).await.unwrap();
    assert_eq!(names(&page.items, |c| &c.name), ["Q4 Okta access review"]);

    let query = CampaignQuery::default().status("in progress");
    let page = tenant.list_campaigns(query).await.unwrap();
    assert_eq!(
        names(&page.items, |c| &c.name),
        ["Q4 Okta access review", "Q1 Azure review"]
    );

    let query = CampaignQuery::default().status("late");
    let error = tenant.list_campaigns(query).await.unwrap_err();
    assert!(error.to_string().starts_with("invalid status:"), "{error}");
}

#[tokio::test]
async fn reviews_are_filtered_by_campaign_status_reviewer_application_permission_identity() {
    let (tenant, _directory) = open().await;
    let ids = |query: ReviewQuery| {
        let tenant = tenant.clone();
        async move { names(&tenant.list_reviews(query).await.unwrap().items, |r| &r.id) }
    };

    assert_eq!(
        tenant
            .list_reviews(ReviewQuery::default())
            .await
            .unwrap()
            .total,
        16
    );

    let query = ReviewQuery::default().campaign("q4 okta ACCESS review");
    assert_eq!(ids(query).await, ["rev-01", "rev-02", "rev-03", "rev-04"]);
    let query = ReviewQuery::default().campaign("01HZX00000000000000000000A");
    assert_eq!(ids(query).await, ["rev-01", "rev-02", "rev-03", "rev-04"]);

    // Open: pending, waiting for info and overdue items; sorted by creation date, then id.
    let query = ReviewQuery::default().status("open");
    assert_eq!(
        ids(query).await,
        [
            "rev-16", "rev-01", "rev-04", "rev-05", "rev-06", "rev-09", "rev-14"
        ]
    );
    let query = ReviewQuery::default().status("overdue");
    assert_eq!(ids(query).await, ["rev-04"]);

    let query = ReviewQuery::default().reviewer("ana.kovac@acme.test");
    assert_eq!(ids(query).await, ["rev-01", "rev-02", "rev-06", "rev-13"]);

    // By application name or by app id.
    let query = ReviewQuery::default().application("GitHub");
    assert_eq!(ids(query).await, ["rev-08", "rev-16", "rev-10"]);
    let query = ReviewQuery::default().application("azure");
    assert_eq!(
        ids(query).await,
        ["rev-05", "rev-06", "rev-07", "rev-11", "rev-13", "rev-14"]
    );

    let query = ReviewQuery::default().permission("WRITE");
    assert_eq!(ids(query).await, ["rev-08", "rev-16"]);

    let query = ReviewQuery::default().identity("bobb");
    assert_eq!(ids(query).await, ["rev-08"]);

    let query = ReviewQuery::default().campaign("Q4 Okta");
    let error = tenant.list_reviews(query).await.unwrap_err();
    assert_eq!(
        error.suggestions().first().map(String::as_str),
        Some("Q4 Okta access review")
    );

    let query = ReviewQuery::default().status("stale");
    let error = tenant.list_reviews(query).await.unwrap_err();
    assert!(error.to_string().starts_with("invalid status:"), "{error}");
}

#[tokio::test]
async fn a_review_shows_its_reviewer_and_recommendation() {
    let (tenant, _directory) = open().await;

    let query = ReviewQuery::default().campaign("Q4 Okta access review");
    let page = tenant.list_reviews(query).await.unwrap();

    let dora = &page.items[1];
    assert_eq!(dora.reviewer_email, "ana.kovac@acme.test");
    assert_eq!(dora.reviewer_name, "Ana Kovac");
    assert_eq!(dora.recommendation.as_deref(), Some("deny"));
    assert_eq!(dora.completed, Some(date("2026-01-20")));
    assert_eq!(dora.campaign.as_deref(), Some("Q4 Okta access review"));
}

#[tokio::test]
async fn my_queue_holds_open_items_of_campaigns_in_progress_and_pending_approvals() {
    let (tenant, _directory) = open().await;

    let queue = tenant.my_queue(PageRequest::default()).await.unwrap();

    // Rita's open items: rev-04 (Q4 Okta, in progress), rev-05 (Q1 Azure, in progress),
    // rev-16 (2025 GitHub, completed: left out), rev-09 (REQ-1) and rev-14 (REQ-5).
    assert_eq!(queue.user_email, "rita.risk@acme.test");
    assert_eq!(names(&queue.reviews, |r| &r.id), ["rev-04", "rev-05"]);
    assert_eq!(queue.n_reviews, 2);
    assert_eq!(names(&queue.access_requests, |r| &r.id), ["REQ-1", "REQ-5"]);
    assert_eq!(queue.n_access_requests, 2);
    assert_eq!(queue.next_cursor, None);

    // Ana's: rev-01 and rev-06; her request review rev-13 is approved already.
    let (tenant, _directory) = open_as(Some("ana.kovac@acme.test")).await;
    let queue = tenant.my_queue(PageRequest::default()).await.unwrap();
    assert_eq!(names(&queue.reviews, |r| &r.id), ["rev-01", "rev-06"]);
    assert!(queue.access_requests.is_empty());
}

#[tokio::test]
async fn my_queue_pages_both_lists_together() {
    let (tenant, _directory) = open().await;

    let first = tenant
        .my_queue(PageRequest::default().limit(1))
        .await
        .unwrap();
    assert_eq!(names(&first.reviews, |r| &r.id), ["rev-04"]);
    assert_eq!(names(&first.access_requests, |r| &r.id), ["REQ-1"]);

    let cursor = first.next_cursor.unwrap();
    let second = tenant
        .my_queue(PageRequest::default().limit(1).cursor(cursor))
        .await
        .unwrap();
    assert_eq!(names(&second.reviews, |r| &r.id), ["rev-05"]);
    assert_eq!(names(&second.access_requests, |r| &r.id), ["REQ-5"]);
    assert_eq!(second.next_cursor, None);
}

#[tokio::test]
async fn access_requests_have_a_status_derived_from_their_reviews() {
    let (tenant, _directory) = open().await;

    let page = tenant
        .list_access_requests(AccessRequestQuery::default())
        .await
        .unwrap();

    // Newest first by the creation of their first review item: REQ-5 (03-02), REQ-4 (03-01),
    // REQ-1 (02-28), REQ-3 (02-25), REQ-2 (02-20), REQ-6 (01-31).
    let rows: Vec<(String, String)> = page
        .items
        .iter()
        .map(|r| (r.id.clone(), r.status.clone()))
        .collect();
    let expected = [
        ("REQ-5", "pending"),
        ("REQ-4", "approved"),
        ("REQ-1", "pending"),
        ("REQ-3", "denied"),
        ("REQ-2", "approved"),
        ("REQ-6", "approved"),
    ]
    .map(|(id, status)| (id.to_owned(), status.to_owned()));
    assert_eq!(rows, expected);

    // REQ-2 has two rows, both approved (by Rita and by Carl).
    let req2 = &page.items[4];
    assert_eq!(req2.apps, ["github", "azure"]);
    assert_eq!(
        req2.items,
        [
            "github team deployers (member)",
            "azure role Reader (member)"
        ]
    );
    assert_eq!(req2.reason.as_deref(), Some("onboarding a contractor"));
    assert_eq!(req2.duration.as_deref(), Some("permanent"));
    assert!(req2.assignees.is_empty());

    let req1 = &page.items[2];
    assert_eq!(req1.assignees, ["rita.risk@acme.test"]);
    assert_eq!(req1.request_type.as_deref(), Some("grant"));
}

#[tokio::test]
async fn access_request_filters_narrow_the_list() {
    let (tenant, _directory) = open().await;
    let ids = |query: AccessRequestQuery| {
        let tenant = tenant.clone();
        async move {
            names(
                &tenant.list_access_requests(query).await.unwrap().items,
                |r| &r.id,
            )
        }
    };

    let query = AccessRequestQuery::default().status("pending");
    assert_eq!(ids(query).await, ["REQ-5", "REQ-1"]);
    let query = AccessRequestQuery::default().status("denied");
    assert_eq!(ids(query).await, ["REQ-3"]);

    let query = AccessRequestQuery::default().assignee("rita.risk@acme.test");
    assert_eq!(ids(query).await, ["REQ-5", "REQ-1"]);

    let query = AccessRequestQuery::default().requester("bob.builder@acme.test");
    assert_eq!(ids(query).await, ["REQ-4", "REQ-1"]);

    let query = AccessRequestQuery::default().employee("cody.contractor@acme.test");
    assert_eq!(ids(query).await, ["REQ-5", "REQ-2"]);

    let query = AccessRequestQuery::default().request_type("REVOKE");
    assert_eq!(ids(query).await, ["REQ-3"]);

    let query = AccessRequestQuery::default().status("waiting");
    let error = tenant.list_access_requests(query).await.unwrap_err();
    assert!(error.to_string().starts_with("invalid status:"), "{error}");

    let query = AccessRequestQuery::default().requester("bob@acme.test");
    let error = tenant.list_access_requests(query).await.unwrap_err();
    assert!(error.is_not_found());
}

#[tokio::test]
async fn get_access_request_shows_reviews_and_approver_chain() {
    let (tenant, _directory) = open().await;

    let detail = tenant.get_access_request("REQ-2").await.unwrap();

    assert_eq!(names(&detail.reviews, |r| &r.id), ["rev-10", "rev-11"]);
    assert_eq!(
        detail.approver_chain,
        ["rita.risk@acme.test", "carl.ceo@acme.test"]
    );
    assert_eq!(detail.metadata["reason"], "onboarding a contractor");
    assert_eq!(detail.request.employee_email, "cody.contractor@acme.test");

    let error = tenant.get_access_request("REQ-22").await.unwrap_err();
    assert!(error.is_not_found());
    assert!(error.suggestions().contains(&"REQ-2".to_owned()), "{error}");
}

#[tokio::test]
async fn purposes_show_their_assignments_and_whether_they_are_active() {
    let (tenant, _directory) = open().await;

    let page = tenant.list_purposes(PurposeQuery::default()).await.unwrap();

    assert_eq!(
        names(&page.items, |p| &p.name),
        [
            "Incident response",
            "Production database debugging",
            "Sales reporting"
        ]
    );
    // Production database debugging: Bob's approved window 03-01 09:00 to 03-03 09:00
    // contains as_of (active); Cody's request (named by the BRN's id) is still pending.
    let debugging = &page.items[1];
    assert!(debugging.active);
    let assignments: Vec<(String, String)> = debugging
        .assignments
        .iter()
        .map(|a| (a.employee_email.clone(), a.state.clone()))
        .collect();
    assert_eq!(
        assignments,
        [
            ("bob.builder@acme.test".to_owned(), "active".to_owned()),
            ("cody.contractor@acme.test".to_owned(), "pending".to_owned())
        ]
    );
    assert_eq!(debugging.n_entities, 1);
    assert_eq!(debugging.owner.as_deref(), Some("ana.kovac@acme.test"));
    // Sales reporting: Fay's window ended on 2026-02-02.
    assert!(!page.items[2].active);
    assert_eq!(page.items[2].assignments[0].state, "expired");
    // Incident response has two entities, a birthright and no assignment.
    assert_eq!(page.items[0].n_entities, 2);
    assert_eq!(
        page.items[0].birthright.as_deref(),
        Some("Department Birthright")
    );
}

#[tokio::test]
async fn purpose_filters_narrow_the_list() {
    let (tenant, _directory) = open().await;
    let list = |query: PurposeQuery| {
        let tenant = tenant.clone();
        async move {
            names(&tenant.list_purposes(query).await.unwrap().items, |p| {
                &p.name
            })
        }
    };

    let query = PurposeQuery::default().active_only(true);
    assert_eq!(list(query).await, ["Production database debugging"]);
    let query = PurposeQuery::default().department("sales");
    assert_eq!(list(query).await, ["Sales reporting"]);
    let query = PurposeQuery::default().owner("RITA.RISK@acme.test");
    assert_eq!(list(query).await, ["Incident response"]);
    let query = PurposeQuery::default().query("dashboards");
    assert_eq!(list(query).await, ["Sales reporting"]);
}

#[tokio::test]
async fn the_audit_trail_of_a_fresh_import_is_empty_and_intact() {
    let (tenant, _directory) = open().await;

    let log = tenant
        .list_audit_events(AuditQuery::default())
        .await
        .unwrap();

    assert!(log.items.is_empty());
    assert_eq!(log.total, 0);
    assert!(log.chain_intact);
    assert_eq!(log.first_broken_sequence, None);
}

#[tokio::test]
async fn list_pages_follow_their_cursor_and_refuse_a_foreign_one() {
    let (tenant, _directory) = open().await;

    // 10 employees in pages of 3: 3 + 3 + 3 + 1.
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut n_pages = 0;
    loop {
        let mut page_request = PageRequest::default().limit(3);
        if let Some(cursor) = cursor.take() {
            page_request = page_request.cursor(cursor);
        }
        let query = EmployeeQuery::default().page(page_request);
        let page = tenant.list_employees(query).await.unwrap();
        assert_eq!(page.total, 10);
        seen.extend(names(&page.items, |e| &e.email));
        n_pages += 1;
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(n_pages, 4);
    let all = tenant
        .list_employees(EmployeeQuery::default())
        .await
        .unwrap();
    assert_eq!(seen, names(&all.items, |e| &e.email));

    // A cursor of the employee list does not continue a filtered one.
    let first = tenant
        .list_employees(EmployeeQuery::default().page(PageRequest::default().limit(3)))
        .await
        .unwrap();
    let query = EmployeeQuery::default()
        .department("Sales")
        .page(PageRequest::default().cursor(first.next_cursor.unwrap()));
    let error = tenant.list_employees(query).await.unwrap_err();
    assert!(matches!(&error, Error::InvalidArgument { argument, .. } if argument == "cursor"));

    for limit in [0, 501] {
        let query = IdentityQuery::default().page(PageRequest::default().limit(limit));
        let error = tenant.list_identities(query).await.unwrap_err();
        assert!(matches!(&error, Error::InvalidArgument { argument, .. } if argument == "limit"));
    }
}

#[tokio::test]
async fn in_memory_lists_page_the_same_way() {
    let (tenant, _directory) = open().await;

    let query = RiskyIdentityQuery::default().page(PageRequest::default().limit(4));
    let first = tenant.find_risky_identities(query).await.unwrap();
    assert_eq!((first.items.len(), first.total), (4, 7));

    let query = RiskyIdentityQuery::default().page(
        PageRequest::default()
            .limit(4)
            .cursor(first.next_cursor.unwrap()),
    );
    let second = tenant.find_risky_identities(query).await.unwrap();
    // The last three of the seven: the second service account finding and the two dormant.
    assert_eq!(second.items.len(), 3);
    assert_eq!(second.items[0].kind, "service_account_without_owner");
    assert_eq!(second.next_cursor, None);
}

#[test]
fn a_tenant_can_be_shared_across_tasks() {
    fn assert_shareable<T: Send + Sync + Clone + 'static>() {}
    assert_shareable::<Tenant>();
}
