//! Tests of the committed demo snapshot in `balkanid-api/demo/`: it equals a fresh generation,
//! every file reads with the domain's CSV readers, and each planted situation occurs exactly
//! as often as [`plan`] says, counted with the governance rules of `balkanid_domain::rules` at
//! the snapshot time (or, where no rule exists, with the direct reading stated in a comment).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::OnceLock;

use chrono::{DateTime, Utc};

use balkanid_domain::csv::{Record, read_all};
use balkanid_domain::ids::WorkEmail;
use balkanid_domain::model::{
    AccessRequest, Admin, App, BusinessOwner, Campaign, CampaignStatus, Credential,
    CredentialType, Employee, Entitlement, Entity, EntityRelation, EntityType, Finding,
    IdentityKind, IdentityStatus, IdentityView, Integration, IntegrationStatus, Manifest,
    Purpose, Relation, RelationType, RequestKind, ReviewItem, ReviewStatus, Role,
};
use balkanid_domain::rules::{
    AssignmentState, CredentialFacts, CredentialPolicy, FindingKind, IdentityFacts,
    IdentityPolicy, LinkedEmployee, QueueSource, RequestStatus, assess_assignment,
    assess_campaign, assess_credential, assess_identity, request_status, review_queue,
};
use balkanid_domain::values::parse_go_time;

use super::plan;

/// The committed snapshot's directory.
fn demo_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../balkanid-api/demo")
}

/// The size and seed the committed snapshot was generated with.
const COMMITTED_EMPLOYEES: usize = 300;
const COMMITTED_SEED: u64 = 7;

/// Every file of the committed snapshot, read once.
struct Tenant {
    manifest: Manifest,
    employees: Vec<Employee>,
    entities: Vec<Entity>,
    relations: Vec<Relation>,
    credentials: Vec<Credential>,
    campaigns: Vec<Campaign>,
    reviews: Vec<ReviewItem>,
    requests: Vec<AccessRequest>,
    purposes: Vec<Purpose>,
    integrations: Vec<Integration>,
    n_rows: BTreeMap<String, u64>,
}

fn read<T: Record>(n_rows: &mut BTreeMap<String, u64>, resource: &str) -> Vec<T> {
    let path = demo_dir().join(format!("{resource}.csv"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let rows = read_all::<T>(&bytes).unwrap_or_else(|e| panic!("{resource}: {e}"));
    n_rows.insert(resource.to_owned(), rows.len() as u64);
    rows
}

fn tenant() -> &'static Tenant {
    static TENANT: OnceLock<Tenant> = OnceLock::new();
    TENANT.get_or_init(|| {
        let manifest_bytes = std::fs::read(demo_dir().join("manifest.json")).unwrap();
        let manifest: Manifest = serde_json::from_slice(&manifest_bytes).unwrap();
        let mut n_rows = BTreeMap::new();
        let _: Vec<App> = read(&mut n_rows, "apps");
        let _: Vec<Admin> = read(&mut n_rows, "admins");
        let _: Vec<EntityRelation> = read(&mut n_rows, "entity-relations");
        let _: Vec<Entitlement> = read(&mut n_rows, "entitlements");
        let _: Vec<BusinessOwner> = read(&mut n_rows, "business-owners");
        let _: Vec<Finding> = read(&mut n_rows, "findings");
        Tenant {
            manifest,
            employees: read(&mut n_rows, "employees"),
            entities: read(&mut n_rows, "entities"),
            relations: read(&mut n_rows, "relations"),
            credentials: read(&mut n_rows, "credentials"),
            campaigns: read(&mut n_rows, "campaigns"),
            reviews: read(&mut n_rows, "reviews"),
            requests: read(&mut n_rows, "requests"),
            purposes: read(&mut n_rows, "purposes"),
            integrations: read(&mut n_rows, "integrations"),
            n_rows,
        }
    })
}

fn as_of() -> DateTime<Utc> {
    plan::snapshot_time()
}

fn email(text: &str) -> WorkEmail {
    text.parse().unwrap()
}

impl Tenant {
    fn employee(&self, email: &WorkEmail) -> Option<&Employee> {
        self.employees.iter().find(|e| e.work_email == *email)
    }

    fn identities(&self) -> Vec<IdentityView> {
        let parse = |text: &str| parse_go_time(text).ok().flatten();
        self.entities.iter().filter_map(|e| e.identity_view(parse)).collect()
    }

    /// Each identity with its `IS` and `OWNS` employees, found by app and source id.
    fn identity_facts(&self) -> Vec<IdentityFacts> {
        let mut by_identity: HashMap<(&str, &str), Vec<&Relation>> = HashMap::new();
        for relation in &self.relations {
            let key = (relation.app_id.as_str(), relation.identity_id.as_str());
            by_identity.entry(key).or_default().push(relation);
        }
        let source_ids: HashMap<_, _> =
            self.entities.iter().map(|e| (e.brn.clone(), e.source_id.as_str())).collect();

        let mut res = Vec::new();
        for identity in self.identities() {
            let source_id = source_ids[&identity.brn];
            let mut facts = IdentityFacts::new(identity.clone());
            let key = (identity.app.as_str(), source_id);
            for relation in by_identity.get(&key).into_iter().flatten() {
                let employee_email = relation.employee_email.clone().unwrap();
                let linked = match self.employee(&employee_email) {
                    Some(employee) => LinkedEmployee::from(employee),
                    None => LinkedEmployee::new(employee_email),
                };
                facts = match relation.relation_type {
                    Some(RelationType::Is) => facts.with_linked_employee(linked),
                    _ => facts.with_owner(linked),
                };
            }
            res.push(facts);
        }
        res
    }

    fn identity_findings(&self) -> Vec<(IdentityFacts, FindingKind)> {
        let policy = IdentityPolicy::default().dormant_after_days(plan::DORMANT_AFTER_DAYS as u32);
        let mut res = Vec::new();
        for facts in self.identity_facts() {
            for finding in assess_identity(&facts, as_of(), &policy) {
                res.push((facts.clone(), finding.kind));
            }
        }
        res
    }

    fn credential_findings(&self, policy: &CredentialPolicy) -> Vec<(CredentialFacts, FindingKind)> {
        let identities: HashMap<_, _> =
            self.identities().into_iter().map(|i| (i.brn.clone(), i)).collect();
        let mut res = Vec::new();
        for credential in &self.credentials {
            let identity = identities[&credential.identity_brn].clone();
            let facts = CredentialFacts::new(credential.clone()).with_identity(identity);
            for finding in assess_credential(&facts, as_of(), policy).findings {
                res.push((facts.clone(), finding.kind));
            }
        }
        res
    }

    fn review(&self, id: &str) -> &ReviewItem {
        self.reviews.iter().find(|r| r.id == id).unwrap()
    }

    fn campaign_named(&self, name: &str) -> Option<&Campaign> {
        self.campaigns.iter().find(|c| c.name == name)
    }
}

fn count(findings: &[(impl Sized, FindingKind)], kind: FindingKind) -> usize {
    findings.iter().filter(|(_, k)| *k == kind).count()
}

#[test]
fn the_committed_snapshot_equals_a_fresh_generation() {
    let fresh = super::generate_in_memory(COMMITTED_EMPLOYEES, COMMITTED_SEED).unwrap();

    let on_disk: BTreeSet<String> = std::fs::read_dir(demo_dir())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let generated: BTreeSet<String> = fresh.keys().cloned().collect();
    assert_eq!(on_disk, generated, "regenerate with `cargo xtask demo-tenant --out balkanid-api/demo`");
    for (name, bytes) in &fresh {
        let committed = std::fs::read(demo_dir().join(name)).unwrap();
        assert!(
            committed == *bytes,
            "{name} is stale; regenerate with `cargo xtask demo-tenant --out balkanid-api/demo`"
        );
    }
}

#[test]
fn the_same_seed_and_size_give_the_same_bytes_and_another_seed_does_not() {
    let first = super::generate_in_memory(120, 11).unwrap();
    let second = super::generate_in_memory(120, 11).unwrap();
    let other = super::generate_in_memory(120, 12).unwrap();

    assert_eq!(first, second);
    assert_ne!(first["employees.csv"], other["employees.csv"]);
}

#[test]
fn a_size_outside_the_range_is_refused_with_the_accepted_range() {
    let error = super::generate_in_memory(plan::MIN_EMPLOYEES - 1, 7).unwrap_err();

    assert_eq!(
        error.to_string(),
        "--employees 99 is out of range: the demo company has 100 to 1000000 employees"
    );
}

#[test]
fn the_manifest_names_the_tenant_the_default_user_and_every_file_with_its_rows() {
    let tenant = tenant();
    let manifest = &tenant.manifest;

    assert_eq!(manifest.tenant_name, "Northwind Labs");
    assert_eq!(manifest.snapshot_time.to_rfc3339(), "2026-06-01T12:00:00+00:00");
    assert_eq!(manifest.default_user.as_deref(), Some("amara.okafor@northwind.example"));
    assert_eq!(
        manifest.generator.as_deref(),
        Some("xtask demo-tenant --employees 300 --seed 7")
    );
    assert_eq!(manifest.files, tenant.n_rows);
    assert_eq!(manifest.files["employees"], 300);
    assert_eq!(manifest.files.len(), 15);
}

#[test]
fn the_default_user_is_a_risk_manager_and_the_roles_are_few() {
    let tenant = tenant();
    let default_user = tenant.employee(&email(plan::DEFAULT_USER)).unwrap();
    let holders = |role: Role| tenant.employees.iter().filter(|e| e.has_role(&role)).count();

    assert!(default_user.has_role(&Role::RiskManager));
    assert!(default_user.has_role(&Role::Reviewer));
    assert_eq!(holders(Role::RiskManager), plan::RISK_MANAGERS);
    assert_eq!(holders(Role::Admin), plan::ADMINS);
}

#[test]
fn the_company_has_a_reporting_tree_under_one_ceo() {
    let tenant = tenant();
    // The CEO is the one employee without a manager; every Manager Work Email is an employee.
    let without_manager: Vec<&Employee> =
        tenant.employees.iter().filter(|e| e.manager_work_email.is_none()).collect();
    assert_eq!(without_manager.len(), 1);
    assert_eq!(without_manager[0].title.as_deref(), Some("Chief Executive Officer"));
    for employee in &tenant.employees {
        if let Some(manager) = &employee.manager_work_email {
            assert!(tenant.employee(manager).is_some(), "{manager}");
        }
    }

    let has_non_ascii = tenant.employees.iter().any(|e| !e.display_name().is_ascii());
    assert!(has_non_ascii, "some names keep letters beyond ASCII");
    let types: BTreeSet<&str> =
        tenant.employees.iter().filter_map(|e| e.employment_type.as_deref()).collect();
    assert!(types.contains("Full-time") && types.contains("Contractor"), "{types:?}");
}

#[test]
fn end_dates_plant_leavers_a_last_day_and_future_departures() {
    let tenant = tenant();
    let today = plan::snapshot_date();
    // An End Date equal to the snapshot date is the last day; a later one a planned departure.
    let on = tenant.employees.iter().filter(|e| e.end_date == Some(today)).count();
    let after = tenant.employees.iter().filter(|e| e.end_date.is_some_and(|d| d > today)).count();

    assert_eq!(on, plan::LAST_DAY_TODAY);
    assert_eq!(after, plan::LEAVING_SOON);
}

#[test]
fn six_integrations_one_failing_and_one_inactive() {
    let tenant = tenant();
    let apps: BTreeSet<&str> = tenant.integrations.iter().map(|i| i.id.app().as_str()).collect();
    let failing = tenant
        .integrations
        .iter()
        .filter(|i| i.message.as_deref() == Some("1 error occured"))
        .count();
    let inactive =
        tenant.integrations.iter().filter(|i| i.status == IntegrationStatus::Inactive).count();

    assert_eq!(
        apps,
        BTreeSet::from(["aws", "azure", "github", "google", "okta", "salesforce"])
    );
    for integration in &tenant.integrations {
        assert!(integration.id.id().parse::<balkanid_domain::ids::Ulid>().is_ok());
    }
    assert_eq!(failing, 1);
    assert_eq!(inactive, 1);
}

#[test]
fn identities_are_human_service_bot_and_unmapped() {
    let tenant = tenant();
    let facts = tenant.identity_facts();
    let kinds: BTreeSet<&str> = facts.iter().map(|f| f.identity.kind.as_str()).collect();
    // Unmapped: no IS and no OWNS relation; inactive ones are not orphaned.
    let unmapped_inactive = facts
        .iter()
        .filter(|f| f.linked_employees.is_empty() && f.owners.is_empty())
        .filter(|f| f.identity.status == IdentityStatus::Inactive)
        .count();

    assert!(kinds.contains("user") && kinds.contains("service account") && kinds.contains("bot"));
    assert_eq!(unmapped_inactive, plan::UNMAPPED_INACTIVE_ACCOUNTS);
}

#[test]
fn terminated_employees_keep_active_okta_and_azure_accounts() {
    let tenant = tenant();
    let findings = tenant.identity_findings();
    let terminated: Vec<&IdentityFacts> = findings
        .iter()
        .filter(|(_, kind)| *kind == FindingKind::TerminatedWithAccess)
        .map(|(facts, _)| facts)
        .collect();
    let mut apps_by_employee: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for facts in &terminated {
        let employee = facts.linked_employees[0].email.to_string();
        apps_by_employee.entry(employee).or_default().insert(facts.identity.app.as_str());
    }

    assert_eq!(terminated.len(), plan::TERMINATED_ACTIVE_IDENTITIES);
    assert_eq!(apps_by_employee.len(), plan::TERMINATED_WITH_ACTIVE_ACCESS);
    for apps in apps_by_employee.values() {
        assert_eq!(*apps, BTreeSet::from(["azure", "okta"]));
    }
}

#[test]
fn orphaned_and_ownerless_accounts_are_planted_exactly() {
    let tenant = tenant();
    let findings = tenant.identity_findings();
    let orphaned: Vec<&IdentityView> = findings
        .iter()
        .filter(|(_, kind)| *kind == FindingKind::Orphaned)
        .map(|(facts, _)| &facts.identity)
        .collect();
    let ownerless: Vec<&IdentityView> = findings
        .iter()
        .filter(|(_, kind)| *kind == FindingKind::ServiceAccountWithoutOwner)
        .map(|(facts, _)| &facts.identity)
        .collect();
    let human = orphaned.iter().filter(|i| i.kind == IdentityKind::Human).count();
    let human_okta =
        orphaned.iter().filter(|i| i.kind == IdentityKind::Human && i.app.as_str() == "okta");
    let ownerless_azure = ownerless.iter().filter(|i| i.app.as_str() == "azure").count();

    assert_eq!(orphaned.len(), plan::ORPHANED_IDENTITIES);
    assert_eq!(human, plan::ORPHANED_HUMAN_ACCOUNTS);
    assert_eq!(human_okta.count(), plan::ORPHANED_OKTA_ACCOUNTS);
    assert_eq!(ownerless.len(), plan::OWNERLESS_ACTIVE_SERVICE_ACCOUNTS);
    assert_eq!(ownerless_azure, plan::OWNERLESS_ACTIVE_AZURE_SERVICE_ACCOUNTS);
}

#[test]
fn dormant_accounts_are_planted_exactly() {
    let findings = tenant().identity_findings();

    assert_eq!(count(&findings, FindingKind::Dormant), plan::DORMANT_ACCOUNTS);
}

#[test]
fn every_credential_kind_occurs() {
    let kinds: BTreeSet<&str> =
        tenant().credentials.iter().map(|c| c.credential_type.as_str()).collect();

    for kind in CredentialType::KNOWN {
        assert!(kinds.contains(kind.as_str()), "no {kind} credential");
    }
}

#[test]
fn expired_credentials_on_production_service_accounts_are_planted_exactly() {
    let findings = tenant().credential_findings(&CredentialPolicy::default());
    let expired: Vec<&CredentialFacts> = findings
        .iter()
        .filter(|(_, kind)| *kind == FindingKind::ExpiredCredential)
        .map(|(facts, _)| facts)
        .collect();
    let production: Vec<&&CredentialFacts> = expired.iter().filter(|f| f.is_production()).collect();
    let production_azure =
        production.iter().filter(|f| f.credential.app.as_str() == "azure").count();
    let on_service_accounts = production
        .iter()
        .filter(|f| f.identity.as_ref().is_some_and(|i| i.kind == IdentityKind::ServiceAccount))
        .count();

    assert_eq!(production.len(), plan::EXPIRED_PRODUCTION_CREDENTIALS);
    assert_eq!(on_service_accounts, plan::EXPIRED_PRODUCTION_CREDENTIALS);
    assert_eq!(production_azure, plan::EXPIRED_PRODUCTION_AZURE_CREDENTIALS);
    assert_eq!(
        expired.len() - production.len(),
        plan::EXPIRED_NON_PRODUCTION_CREDENTIALS
    );
}

#[test]
fn credentials_expiring_within_30_and_7_days_are_planted_exactly() {
    let tenant = tenant();
    let within_30 = tenant.credential_findings(&CredentialPolicy::default().expiring_within_days(30));
    let within_7 = tenant.credential_findings(&CredentialPolicy::default().expiring_within_days(7));

    assert_eq!(count(&within_30, FindingKind::ExpiringCredential), plan::EXPIRING_WITHIN_30_DAYS);
    assert_eq!(count(&within_7, FindingKind::ExpiringCredential), plan::EXPIRING_WITHIN_7_DAYS);
}

#[test]
fn wildcard_federated_credentials_are_the_only_broad_trust() {
    let findings = tenant().credential_findings(&CredentialPolicy::default());
    let broad: Vec<&CredentialFacts> = findings
        .iter()
        .filter(|(_, kind)| *kind == FindingKind::BroadFederatedTrust)
        .map(|(facts, _)| facts)
        .collect();

    assert_eq!(broad.len(), plan::WILDCARD_FEDERATED_CREDENTIALS);
    for facts in broad {
        let subject = facts.credential.subject.as_deref().unwrap_or_default();
        assert!(subject.contains('*'), "{subject}");
    }
    let subjects: BTreeSet<&str> =
        tenant().credentials.iter().filter_map(|c| c.subject.as_deref()).collect();
    assert!(subjects.contains("repo:northwind/*:*"));
    assert!(subjects.contains("system:serviceaccount:*:*"));
}

#[test]
fn unrotated_credentials_and_active_credentials_on_inactive_identities_are_planted_exactly() {
    let findings = tenant().credential_findings(&CredentialPolicy::default());

    assert_eq!(count(&findings, FindingKind::UnrotatedCredential), plan::UNROTATED_CREDENTIALS);
    assert_eq!(
        count(&findings, FindingKind::ActiveCredentialOnInactiveIdentity),
        plan::ACTIVE_CREDENTIALS_ON_INACTIVE_IDENTITIES
    );
}

#[test]
fn campaigns_exist_in_every_state_and_their_percentages_match_their_items() {
    let tenant = tenant();
    let mut overdue = 0;
    let mut in_progress = 0;
    let mut by_status: BTreeMap<&str, usize> = BTreeMap::new();
    for campaign in &tenant.campaigns {
        let statuses: Vec<&ReviewStatus> = tenant
            .reviews
            .iter()
            .filter(|r| r.campaign_name.as_deref() == Some(campaign.name.as_str()))
            .map(|r| &r.status)
            .collect();
        let assessment = assess_campaign(campaign, statuses, as_of());
        assert_eq!(campaign.percentage_completed, assessment.completion_percent, "{}", campaign.name);
        assert!(assessment.counts.total > 0, "{} has no items", campaign.name);
        *by_status.entry(campaign.status.as_str()).or_default() += 1;
        if assessment.is_overdue {
            overdue += 1;
        } else if campaign.status == CampaignStatus::Pending {
            in_progress += 1;
        }
    }

    assert_eq!(overdue, plan::OVERDUE_CAMPAIGNS);
    assert_eq!(in_progress, plan::IN_PROGRESS_CAMPAIGNS);
    assert_eq!(by_status["draft"], plan::DRAFT_CAMPAIGNS);
    assert_eq!(by_status["completed"], plan::COMPLETED_CAMPAIGNS);
    assert_eq!(by_status["aborted"], plan::ABORTED_CAMPAIGNS);
}

#[test]
fn q4_soc_has_pending_items_for_reviewers_with_the_reviewer_role() {
    let tenant = tenant();
    let campaign = tenant.campaign_named(plan::Q4_SOC).unwrap();
    let items: Vec<&ReviewItem> = tenant
        .reviews
        .iter()
        .filter(|r| r.campaign_name.as_deref() == Some(plan::Q4_SOC))
        .collect();
    let mut pending_by_reviewer: BTreeMap<String, usize> = BTreeMap::new();
    for item in items.iter().filter(|r| r.status == ReviewStatus::Pending) {
        *pending_by_reviewer.entry(item.reviewer_id.to_string()).or_default() += 1;
    }
    let mut pending_counts: Vec<usize> = pending_by_reviewer.values().copied().collect();
    pending_counts.sort_unstable_by(|a, b| b.cmp(a));
    let decided = items.iter().filter(|r| r.status.is_decided()).count();

    assert_eq!(campaign.status, CampaignStatus::Pending);
    assert!(!assess_campaign(campaign, items.iter().map(|r| &r.status), as_of()).is_overdue);
    assert_eq!(pending_counts, plan::Q4_SOC_PENDING_BY_REVIEWER.to_vec());
    assert_eq!(pending_counts.iter().sum::<usize>(), plan::Q4_SOC_PENDING_ITEMS);
    assert_eq!(decided, plan::Q4_SOC_DECIDED_ITEMS);
    for reviewer in pending_by_reviewer.keys() {
        let employee = tenant.employee(&email(reviewer)).unwrap();
        assert!(employee.has_role(&Role::Reviewer), "{reviewer}");
    }
}

#[test]
fn the_counted_queues_hold_exactly_the_planted_items() {
    let tenant = tenant();
    let campaigns: HashMap<&str, &Campaign> =
        tenant.campaigns.iter().map(|c| (c.name.as_str(), c)).collect();
    let queue = |reviewer: &WorkEmail| {
        let candidates = tenant.reviews.iter().map(|item| {
            let campaign = item.campaign_name.as_deref().and_then(|n| campaigns.get(n).copied());
            (item, campaign)
        });
        let entries = review_queue(reviewer, candidates);
        let from_campaigns: BTreeMap<String, usize> = entries
            .iter()
            .filter_map(|e| match &e.source {
                QueueSource::Campaign { name, .. } => Some(name.clone()),
                _ => None,
            })
            .fold(BTreeMap::new(), |mut acc, name| {
                *acc.entry(name).or_default() += 1;
                acc
            });
        let from_requests =
            entries.iter().filter(|e| e.source == QueueSource::AccessRequest).count();
        (from_campaigns, from_requests)
    };

    let (default_campaigns, default_requests) = queue(&email(plan::DEFAULT_USER));
    let default_total: usize = default_campaigns.values().sum();
    assert_eq!(default_total, plan::DEFAULT_USER_OPEN_CAMPAIGN_ITEMS);
    assert_eq!(default_campaigns.len(), 1);
    let overdue_campaign = tenant.campaign_named(default_campaigns.keys().next().unwrap()).unwrap();
    assert!(overdue_campaign.end_date < plan::snapshot_date());
    assert_eq!(default_requests, plan::DEFAULT_USER_PENDING_REQUEST_REVIEWS);

    // Each Q4 SOC reviewer's queue is their Q4 SOC items plus their pending request reviews.
    let q4_reviewers: BTreeSet<WorkEmail> = tenant
        .reviews
        .iter()
        .filter(|r| r.campaign_name.as_deref() == Some(plan::Q4_SOC))
        .map(|r| r.reviewer_id.clone())
        .collect();
    let mut request_reviews_of_q4_reviewers = 0;
    for reviewer in &q4_reviewers {
        let (campaign_entries, request_entries) = queue(reviewer);
        assert_eq!(campaign_entries.keys().collect::<Vec<_>>(), vec![plan::Q4_SOC]);
        request_reviews_of_q4_reviewers += request_entries;
    }
    assert_eq!(
        request_reviews_of_q4_reviewers + plan::DEFAULT_USER_PENDING_REQUEST_REVIEWS,
        plan::PENDING_REQUEST_REVIEWS
    );
}

#[test]
fn access_requests_are_pending_approved_and_denied_as_planned() {
    let tenant = tenant();
    let mut rows_by_request: BTreeMap<&str, Vec<&AccessRequest>> = BTreeMap::new();
    for row in tenant.requests.iter().filter(|r| r.kind != RequestKind::PurposeRequest) {
        rows_by_request.entry(row.request_id.as_str()).or_default().push(row);
    }
    let mut by_status: BTreeMap<RequestStatus, usize> = BTreeMap::new();
    let mut pending_reviews = 0;
    for rows in rows_by_request.values() {
        let reviews: Vec<&ReviewItem> =
            rows.iter().map(|r| tenant.review(r.entity_review_id.as_deref().unwrap())).collect();
        let status = request_status(reviews.iter().map(|r| &r.status));
        *by_status.entry(status).or_default() += 1;
        for review in reviews {
            assert_eq!(review.campaign_name, None);
            assert_eq!(review.review_type.as_deref(), Some("request"));
            let reviewer = tenant.employee(&review.reviewer_id).unwrap();
            assert!(reviewer.has_role(&Role::Reviewer), "{}", review.reviewer_id);
            if status == RequestStatus::Pending {
                pending_reviews += 1;
            }
        }
    }

    assert_eq!(by_status[&RequestStatus::Pending], plan::PENDING_ACCESS_REQUESTS);
    assert_eq!(by_status[&RequestStatus::Approved], plan::APPROVED_ACCESS_REQUESTS);
    assert_eq!(by_status[&RequestStatus::Denied], plan::DENIED_ACCESS_REQUESTS);
    assert_eq!(pending_reviews, plan::PENDING_REQUEST_REVIEWS);
}

#[test]
fn purposes_have_active_expired_and_scheduled_assignments_as_planned() {
    let tenant = tenant();
    let mut states: BTreeMap<AssignmentState, usize> = BTreeMap::new();
    let mut active_purposes: BTreeSet<&str> = BTreeSet::new();
    for row in tenant.requests.iter().filter(|r| r.kind == RequestKind::PurposeRequest) {
        let review = tenant.review(row.purpose_review_id.as_deref().unwrap());
        let status = request_status([&review.status]);
        let state = assess_assignment(row, status, as_of()).state;
        *states.entry(state).or_default() += 1;
        if state == AssignmentState::Active {
            active_purposes.insert(row.purpose_id.as_deref().unwrap());
        }
        let purpose_id = row.purpose_id.as_deref().unwrap();
        assert!(tenant.purposes.iter().any(|p| p.brn.id() == purpose_id), "{purpose_id}");
    }

    assert_eq!(tenant.purposes.len(), plan::PURPOSES);
    assert_eq!(active_purposes.len(), plan::ACTIVE_PURPOSES);
    assert_eq!(states[&AssignmentState::Active], plan::ACTIVE_ASSIGNMENTS);
    assert_eq!(states[&AssignmentState::Expired], plan::EXPIRED_ASSIGNMENTS);
    assert_eq!(states[&AssignmentState::Scheduled], plan::SCHEDULED_ASSIGNMENTS);
    assert_eq!(states.len(), 3, "no pending or denied assignment: {states:?}");
}

#[test]
fn identity_relations_point_at_connections_and_connections_at_resources() {
    let tenant = tenant();
    let types: HashMap<_, _> =
        tenant.entities.iter().map(|e| (e.brn.clone(), e.entity_type.clone())).collect();
    let path = demo_dir().join("entity-relations.csv");
    let edges = read_all::<EntityRelation>(&std::fs::read(path).unwrap()).unwrap();

    for edge in &edges {
        let parent = &types[&edge.parent_brn];
        let child = &types[&edge.entity_brn];
        assert_eq!(*child, edge.entity_type);
        let expected_child = match parent {
            EntityType::Identity => EntityType::Connection,
            _ => EntityType::Resource,
        };
        assert_eq!(*child, expected_child);
    }
}
