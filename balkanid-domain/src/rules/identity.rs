//! The identity rules: terminated with access, orphaned, service account without owner and
//! dormant, evaluated on one identity and the employees linked to it.

use chrono::{DateTime, TimeDelta, Utc};

use crate::model::{IdentityKind, IdentityView};
use crate::rules::employment::{LinkedEmployee, day_count, days_between, identity_is_active};
use crate::rules::finding::{
    DormantEvidence, Evidence, Finding, OrphanedEvidence, OwnerlessEvidence, Subject,
    TerminatedEvidence,
};

/// One identity and the employees its relations point to, as a store assembles them.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct IdentityFacts {
    /// The identity.
    pub identity: IdentityView,
    /// The employees the identity is (`IS` relations), in file order.
    pub linked_employees: Vec<LinkedEmployee>,
    /// The employees who own the identity (`OWNS` relations), in file order; the first is the
    /// primary owner (inferred: the Relations format has no primary flag).
    pub owners: Vec<LinkedEmployee>,
}

impl IdentityFacts {
    /// An identity with no relations yet.
    pub fn new(identity: IdentityView) -> Self {
        IdentityFacts {
            identity,
            linked_employees: Vec::new(),
            owners: Vec::new(),
        }
    }

    /// Adds an `IS` relation.
    #[must_use]
    pub fn with_linked_employee(mut self, employee: LinkedEmployee) -> Self {
        self.linked_employees.push(employee);
        self
    }

    /// Adds an `OWNS` relation after the ones already added; the first one added is the
    /// primary owner.
    #[must_use]
    pub fn with_owner(mut self, owner: LinkedEmployee) -> Self {
        self.owners.push(owner);
        self
    }

    /// The primary owner: the first `OWNS` relation, if any.
    pub fn primary_owner(&self) -> Option<&LinkedEmployee> {
        self.owners.first()
    }
}

/// Thresholds of the identity rules.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct IdentityPolicy {
    /// An identity whose last sign-in is more than this many days (of 24 hours) before
    /// `as_of` is dormant. Default 90.
    pub dormant_after_days: u32,
}

impl Default for IdentityPolicy {
    fn default() -> Self {
        IdentityPolicy {
            dormant_after_days: 90,
        }
    }
}

impl IdentityPolicy {
    /// Sets the dormancy threshold in days; without it the threshold is 90 days.
    #[must_use]
    pub fn dormant_after_days(mut self, days: u32) -> Self {
        self.dormant_after_days = days;
        self
    }
}

/// Evaluates the identity rules on one identity at `as_of`.
///
/// No rule fires on an identity that is not active ([`super::identity_is_active`]): an
/// account that cannot be used grants no access. On an active identity:
///
/// - `terminated_with_access`: one finding per `IS` employee whose End Date is before `as_of`'s
///   UTC date ([`super::is_terminated`]).
/// - `orphaned`: no `IS` and no `OWNS` relation at all.
/// - `service_account_without_owner`: a service account (not a bot or a person's account)
///   whose primary owner is missing, or whose primary owner's employment has ended. A
///   primary owner who has left counts as no owner even when secondary owners remain, since
///   nobody took over the account (inferred); the evidence names the former owner and the
///   other owners.
/// - `dormant`: the last sign-in is more than `dormant_after_days` × 24 hours before `as_of`.
///   An identity with no known last sign-in is never dormant: the rule cannot tell "never
///   used" from "not reported".
///
/// A service account with no relation at all gets both `orphaned` and
/// `service_account_without_owner`.
pub fn assess_identity(
    facts: &IdentityFacts,
    as_of: DateTime<Utc>,
    policy: &IdentityPolicy,
) -> Vec<Finding> {
    let identity = &facts.identity;
    if !identity_is_active(&identity.status) {
        return Vec::new();
    }

    let mut res = Vec::new();
    for employee in &facts.linked_employees {
        res.extend(terminated_with_access(identity, employee, as_of));
    }
    res.extend(orphaned(facts));
    res.extend(service_account_without_owner(facts, as_of));
    res.extend(dormant(identity, as_of, policy));
    res
}

fn subject_of(identity: &IdentityView) -> Subject {
    Subject::Identity {
        brn: identity.brn.clone(),
        app: identity.app.clone(),
        name: identity.name.clone(),
        handle: identity.handle.clone(),
        kind: identity.kind.clone(),
    }
}

/// `user account`, `service account`, `bot account`: the identity kind in a sentence.
fn kind_phrase(kind: &IdentityKind) -> String {
    match kind {
        IdentityKind::Human => "user account".to_owned(),
        IdentityKind::ServiceAccount => "service account".to_owned(),
        IdentityKind::Bot => "bot account".to_owned(),
        other => format!("{other} account"),
    }
}

fn terminated_with_access(
    identity: &IdentityView,
    employee: &LinkedEmployee,
    as_of: DateTime<Utc>,
) -> Option<Finding> {
    let end_date = employee
        .end_date
        .filter(|_| employee.is_terminated(as_of))?;

    let days_since_end_date = days_between(end_date, as_of.date_naive());
    let logged_in_after_end_date = identity
        .last_login
        .is_some_and(|login| login.date_naive() > end_date);
    let who = employee.name.as_deref().unwrap_or(employee.email.as_str());
    let summary = format!(
        "{app} account {handle} is still active but it belongs to {who}, whose employment \
         ended on {end_date} ({days} before as_of)",
        app = identity.app,
        handle = identity.handle,
        days = day_count(days_since_end_date),
    );
    let evidence = TerminatedEvidence {
        employee_email: employee.email.clone(),
        employee_name: employee.name.clone(),
        end_date,
        days_since_end_date,
        identity_status: identity.status.clone(),
        last_login: identity.last_login,
        logged_in_after_end_date,
    };

    Some(Finding::new(
        subject_of(identity),
        summary,
        Evidence::TerminatedWithAccess(evidence),
    ))
}

fn orphaned(facts: &IdentityFacts) -> Option<Finding> {
    if !facts.linked_employees.is_empty() || !facts.owners.is_empty() {
        return None;
    }

    let identity = &facts.identity;
    let summary = format!(
        "{app} {kind} {handle} is active, is no employee's account and is owned by no one",
        app = identity.app,
        kind = kind_phrase(&identity.kind),
        handle = identity.handle,
    );
    let evidence = OrphanedEvidence {
        identity_kind: identity.kind.clone(),
        identity_status: identity.status.clone(),
        identity_email: identity.email.clone(),
        last_login: identity.last_login,
    };

    Some(Finding::new(
        subject_of(identity),
        summary,
        Evidence::Orphaned(evidence),
    ))
}

fn service_account_without_owner(facts: &IdentityFacts, as_of: DateTime<Utc>) -> Option<Finding> {
    let identity = &facts.identity;
    if identity.kind != IdentityKind::ServiceAccount {
        return None;
    }
    let former_primary_owner = match facts.primary_owner() {
        None => None,
        Some(owner) if owner.is_terminated(as_of) => Some(owner.clone()),
        Some(_) => return None,
    };

    let summary = match &former_primary_owner {
        None => format!(
            "{app} service account {handle} is active and has no primary owner",
            app = identity.app,
            handle = identity.handle,
        ),
        Some(owner) => format!(
            "{app} service account {handle} is active and its primary owner {who} left on \
             {end_date}",
            app = identity.app,
            handle = identity.handle,
            who = owner.name.as_deref().unwrap_or(owner.email.as_str()),
            end_date = owner
                .end_date
                .map(|date| date.to_string())
                .unwrap_or_default(),
        ),
    };
    let evidence = OwnerlessEvidence {
        identity_status: identity.status.clone(),
        former_primary_owner,
        other_owners: facts.owners.iter().skip(1).cloned().collect(),
        environment: identity.environment.clone(),
    };

    Some(Finding::new(
        subject_of(identity),
        summary,
        Evidence::ServiceAccountWithoutOwner(evidence),
    ))
}

fn dormant(
    identity: &IdentityView,
    as_of: DateTime<Utc>,
    policy: &IdentityPolicy,
) -> Option<Finding> {
    let last_login = identity.last_login?;
    let idle = as_of.signed_duration_since(last_login);
    if idle <= TimeDelta::days(i64::from(policy.dormant_after_days)) {
        return None;
    }

    let days_since_last_login = idle.num_days();
    let summary = format!(
        "{app} account {handle} is active but last signed in on {login}, {days} ago (more than \
         {limit})",
        app = identity.app,
        handle = identity.handle,
        login = last_login.date_naive(),
        days = day_count(days_since_last_login),
        limit = day_count(i64::from(policy.dormant_after_days)),
    );
    let evidence = DormantEvidence {
        last_login,
        days_since_last_login,
        dormant_after_days: policy.dormant_after_days,
    };

    Some(Finding::new(
        subject_of(identity),
        summary,
        Evidence::Dormant(evidence),
    ))
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone};

    use super::*;
    use crate::model::IdentityStatus;
    use crate::rules::finding::FindingKind;

    fn date(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    fn instant(year: i32, month: u32, day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(year, month, day, hour, minute, 0)
            .unwrap()
    }

    fn identity(handle: &str, kind: IdentityKind) -> IdentityView {
        IdentityView {
            brn: format!("brn:bid:balkanid:::01HWBCYJA11R3AA48K5V0DVM00:identity:{handle}")
                .parse()
                .unwrap(),
            app: "okta".parse().unwrap(),
            integration: "okta/01J07X778EK4BH2M2A1VY4HCYF".parse().unwrap(),
            name: handle.to_owned(),
            handle: handle.to_owned(),
            email: None,
            kind,
            status: IdentityStatus::Active,
            last_login: None,
            last_password_change: None,
            environment: None,
        }
    }

    fn employee(email: &str) -> LinkedEmployee {
        LinkedEmployee::new(email.parse().unwrap())
    }

    fn kinds(findings: &[Finding]) -> Vec<FindingKind> {
        findings.iter().map(|finding| finding.kind).collect()
    }

    #[test]
    fn employee_on_their_last_day_is_not_terminated_with_access() {
        // End date 2026-03-01, as_of 2026-03-01T10:00Z: still employed on the last day.
        let facts = IdentityFacts::new(identity("ana", IdentityKind::Human))
            .with_linked_employee(employee("ana@example.com").with_end_date(date(2026, 3, 1)));

        let findings = assess_identity(
            &facts,
            instant(2026, 3, 1, 10, 0),
            &IdentityPolicy::default(),
        );

        assert!(findings.is_empty(), "{findings:?}");
    }

    #[test]
    fn employee_is_terminated_with_access_from_the_next_day() {
        // End date 2026-03-01, as_of 2026-03-02T00:00Z: the first day after employment.
        // The account last signed in on 2026-03-01T18:00Z, the last day, so not "after".
        let mut account = identity("ana", IdentityKind::Human);
        account.last_login = Some(instant(2026, 3, 1, 18, 0));
        let facts = IdentityFacts::new(account).with_linked_employee(
            employee("ana@example.com")
                .with_name("Ana Kovač")
                .with_end_date(date(2026, 3, 1)),
        );

        let findings = assess_identity(
            &facts,
            instant(2026, 3, 2, 0, 0),
            &IdentityPolicy::default(),
        );

        assert_eq!(kinds(&findings), [FindingKind::TerminatedWithAccess]);
        let Evidence::TerminatedWithAccess(evidence) = &findings[0].evidence else {
            panic!("unexpected evidence {:?}", findings[0].evidence);
        };
        assert_eq!(evidence.employee_email.as_str(), "ana@example.com");
        assert_eq!(evidence.employee_name.as_deref(), Some("Ana Kovač"));
        assert_eq!(evidence.end_date, date(2026, 3, 1));
        assert_eq!(evidence.days_since_end_date, 1);
        assert_eq!(evidence.last_login, Some(instant(2026, 3, 1, 18, 0)));
        assert!(!evidence.logged_in_after_end_date);
        assert_eq!(
            findings[0].summary,
            "okta account ana is still active but it belongs to Ana Kovač, whose employment \
             ended on 2026-03-01 (1 day before as_of)"
        );
    }

    #[test]
    fn sign_in_after_the_end_date_is_called_out() {
        // End date 2026-02-10; a sign-in on 2026-02-20 happened after employment ended.
        // as_of 2026-03-01: 2026-02-10 to 2026-03-01 is 18 + 1 = 19 days.
        let mut account = identity("ana", IdentityKind::Human);
        account.last_login = Some(instant(2026, 2, 20, 9, 0));
        let facts = IdentityFacts::new(account)
            .with_linked_employee(employee("ana@example.com").with_end_date(date(2026, 2, 10)));

        let findings = assess_identity(
            &facts,
            instant(2026, 3, 1, 12, 0),
            &IdentityPolicy::default(),
        );

        let Evidence::TerminatedWithAccess(evidence) = &findings[0].evidence else {
            panic!("unexpected evidence {:?}", findings[0].evidence);
        };
        assert_eq!(evidence.days_since_end_date, 19);
        assert!(evidence.logged_in_after_end_date);
    }

    #[test]
    fn future_end_date_is_not_terminated_with_access() {
        // A departure planned for 2026-04-30 does not count on 2026-03-02.
        let facts = IdentityFacts::new(identity("ana", IdentityKind::Human))
            .with_linked_employee(employee("ana@example.com").with_end_date(date(2026, 4, 30)));

        let findings = assess_identity(
            &facts,
            instant(2026, 3, 2, 0, 0),
            &IdentityPolicy::default(),
        );

        assert!(findings.is_empty(), "{findings:?}");
    }

    #[test]
    fn inactive_identity_raises_no_finding_even_when_terminated_and_unowned() {
        // Terminated employee, and a service account without owner, but the account is
        // disabled: it grants no access, so nothing fires.
        let mut account = identity("ana", IdentityKind::Human);
        account.status = IdentityStatus::Inactive;
        account.last_login = Some(instant(2025, 1, 1, 0, 0));
        let facts = IdentityFacts::new(account)
            .with_linked_employee(employee("ana@example.com").with_end_date(date(2026, 1, 1)));
        let mut service = identity("deploy-bot", IdentityKind::ServiceAccount);
        service.status = IdentityStatus::Inactive;
        let service_facts = IdentityFacts::new(service);
        let as_of = instant(2026, 3, 2, 0, 0);

        assert!(assess_identity(&facts, as_of, &IdentityPolicy::default()).is_empty());
        assert!(assess_identity(&service_facts, as_of, &IdentityPolicy::default()).is_empty());
    }

    #[test]
    fn active_identity_with_no_relation_is_orphaned() {
        let mut account = identity("old-admin", IdentityKind::Human);
        account.email = Some("old-admin@example.com".to_owned());
        let facts = IdentityFacts::new(account);

        let findings = assess_identity(
            &facts,
            instant(2026, 3, 2, 0, 0),
            &IdentityPolicy::default(),
        );

        assert_eq!(kinds(&findings), [FindingKind::Orphaned]);
        let Evidence::Orphaned(evidence) = &findings[0].evidence else {
            panic!("unexpected evidence {:?}", findings[0].evidence);
        };
        assert_eq!(evidence.identity_kind, IdentityKind::Human);
        assert_eq!(
            evidence.identity_email.as_deref(),
            Some("old-admin@example.com")
        );
    }

    #[test]
    fn owned_identity_is_not_orphaned() {
        // A shared human account with an OWNS relation to an employed owner: no finding.
        let facts = IdentityFacts::new(identity("shared", IdentityKind::Human))
            .with_owner(employee("lead@example.com"));

        let findings = assess_identity(
            &facts,
            instant(2026, 3, 2, 0, 0),
            &IdentityPolicy::default(),
        );

        assert!(findings.is_empty(), "{findings:?}");
    }

    #[test]
    fn service_account_with_no_relation_is_orphaned_and_without_owner() {
        let mut service = identity("ci-deployer", IdentityKind::ServiceAccount);
        service.environment = Some("production".to_owned());
        let facts = IdentityFacts::new(service);

        let findings = assess_identity(
            &facts,
            instant(2026, 3, 2, 0, 0),
            &IdentityPolicy::default(),
        );

        assert_eq!(
            kinds(&findings),
            [
                FindingKind::Orphaned,
                FindingKind::ServiceAccountWithoutOwner
            ]
        );
        let Evidence::ServiceAccountWithoutOwner(evidence) = &findings[1].evidence else {
            panic!("unexpected evidence {:?}", findings[1].evidence);
        };
        assert_eq!(evidence.former_primary_owner, None);
        assert!(evidence.other_owners.is_empty());
        assert_eq!(evidence.environment.as_deref(), Some("production"));
        assert_eq!(
            findings[1].summary,
            "okta service account ci-deployer is active and has no primary owner"
        );
    }

    #[test]
    fn service_account_with_an_employed_primary_owner_has_an_owner() {
        // Primary owner employed; a secondary owner who left does not matter.
        let facts = IdentityFacts::new(identity("ci-deployer", IdentityKind::ServiceAccount))
            .with_owner(employee("lead@example.com"))
            .with_owner(employee("gone@example.com").with_end_date(date(2025, 12, 31)));

        let findings = assess_identity(
            &facts,
            instant(2026, 3, 2, 0, 0),
            &IdentityPolicy::default(),
        );

        assert!(findings.is_empty(), "{findings:?}");
    }

    #[test]
    fn service_account_whose_primary_owner_left_has_no_owner() {
        // Primary owner's End Date 2026-02-27 is before 2026-03-02: they left. The secondary
        // owner is still employed but did not become primary; both appear in the evidence.
        // The account has OWNS relations, so it is not orphaned.
        let facts = IdentityFacts::new(identity("ci-deployer", IdentityKind::ServiceAccount))
            .with_owner(employee("gone@example.com").with_end_date(date(2026, 2, 27)))
            .with_owner(employee("second@example.com"));

        let findings = assess_identity(
            &facts,
            instant(2026, 3, 2, 0, 0),
            &IdentityPolicy::default(),
        );

        assert_eq!(kinds(&findings), [FindingKind::ServiceAccountWithoutOwner]);
        let Evidence::ServiceAccountWithoutOwner(evidence) = &findings[0].evidence else {
            panic!("unexpected evidence {:?}", findings[0].evidence);
        };
        assert_eq!(
            evidence.former_primary_owner,
            Some(employee("gone@example.com").with_end_date(date(2026, 2, 27)))
        );
        assert_eq!(evidence.other_owners, [employee("second@example.com")]);
        assert_eq!(
            findings[0].summary,
            "okta service account ci-deployer is active and its primary owner \
             gone@example.com left on 2026-02-27"
        );
    }

    #[test]
    fn primary_owner_on_their_last_day_still_owns_the_service_account() {
        // End date 2026-03-02 and as_of 2026-03-02T15:00Z: the owner's last day.
        let facts = IdentityFacts::new(identity("ci-deployer", IdentityKind::ServiceAccount))
            .with_owner(employee("leaving@example.com").with_end_date(date(2026, 3, 2)));

        let findings = assess_identity(
            &facts,
            instant(2026, 3, 2, 15, 0),
            &IdentityPolicy::default(),
        );

        assert!(findings.is_empty(), "{findings:?}");
    }

    #[test]
    fn bot_without_owner_is_orphaned_but_not_a_service_account_without_owner() {
        let facts = IdentityFacts::new(identity("slack-bot", IdentityKind::Bot));

        let findings = assess_identity(
            &facts,
            instant(2026, 3, 2, 0, 0),
            &IdentityPolicy::default(),
        );

        assert_eq!(kinds(&findings), [FindingKind::Orphaned]);
    }

    #[test]
    fn sign_in_exactly_at_the_threshold_is_not_dormant() {
        // as_of 2026-03-31T00:00Z minus 90 × 24 h is 2025-12-31T00:00Z (31 + 28 + 31 = 90 days
        // from 2025-12-31 to 2026-03-31). "Older than 90 days" needs strictly more.
        let mut account = identity("ana", IdentityKind::Human);
        account.last_login = Some(instant(2025, 12, 31, 0, 0));
        let facts = IdentityFacts::new(account).with_linked_employee(employee("ana@example.com"));

        let findings = assess_identity(
            &facts,
            instant(2026, 3, 31, 0, 0),
            &IdentityPolicy::default(),
        );

        assert!(findings.is_empty(), "{findings:?}");
    }

    #[test]
    fn sign_in_a_minute_past_the_threshold_is_dormant() {
        // One minute earlier than the previous test's sign-in: 90 days and 1 minute idle.
        let mut account = identity("ana", IdentityKind::Human);
        account.last_login = Some(instant(2025, 12, 30, 23, 59));
        let facts = IdentityFacts::new(account).with_linked_employee(employee("ana@example.com"));

        let findings = assess_identity(
            &facts,
            instant(2026, 3, 31, 0, 0),
            &IdentityPolicy::default(),
        );

        assert_eq!(kinds(&findings), [FindingKind::Dormant]);
        let Evidence::Dormant(evidence) = &findings[0].evidence else {
            panic!("unexpected evidence {:?}", findings[0].evidence);
        };
        assert_eq!(evidence.last_login, instant(2025, 12, 30, 23, 59));
        assert_eq!(evidence.days_since_last_login, 90);
        assert_eq!(evidence.dormant_after_days, 90);
        assert_eq!(
            findings[0].summary,
            "okta account ana is active but last signed in on 2025-12-30, 90 days ago (more \
             than 90 days)"
        );
    }

    #[test]
    fn dormancy_threshold_comes_from_the_policy() {
        // Last sign-in 2026-02-20T00:00Z, as_of 2026-03-02T00:00Z: 8 + 2 = 10 days idle.
        // Dormant with a 7-day policy, not with the default 90.
        let mut account = identity("ana", IdentityKind::Human);
        account.last_login = Some(instant(2026, 2, 20, 0, 0));
        let facts = IdentityFacts::new(account).with_linked_employee(employee("ana@example.com"));
        let as_of = instant(2026, 3, 2, 0, 0);

        let strict = assess_identity(
            &facts,
            as_of,
            &IdentityPolicy::default().dormant_after_days(7),
        );
        let default = assess_identity(&facts, as_of, &IdentityPolicy::default());

        assert_eq!(kinds(&strict), [FindingKind::Dormant]);
        let Evidence::Dormant(evidence) = &strict[0].evidence else {
            panic!("unexpected evidence {:?}", strict[0].evidence);
        };
        assert_eq!(evidence.days_since_last_login, 10);
        assert!(default.is_empty(), "{default:?}");
    }

    #[test]
    fn identity_with_no_known_sign_in_is_not_dormant() {
        let facts = IdentityFacts::new(identity("ana", IdentityKind::Human))
            .with_linked_employee(employee("ana@example.com"));

        let findings = assess_identity(
            &facts,
            instant(2030, 1, 1, 0, 0),
            &IdentityPolicy::default().dormant_after_days(0),
        );

        assert!(findings.is_empty(), "{findings:?}");
    }

    #[test]
    fn finding_serializes_with_kind_subject_summary_and_evidence() {
        let facts = IdentityFacts::new(identity("ana", IdentityKind::Human))
            .with_linked_employee(employee("ana@example.com").with_end_date(date(2026, 3, 1)));

        let findings = assess_identity(
            &facts,
            instant(2026, 3, 2, 0, 0),
            &IdentityPolicy::default(),
        );
        let json = serde_json::to_value(&findings[0]).unwrap();

        assert_eq!(json["kind"], "terminated_with_access");
        assert_eq!(json["subject"]["type"], "identity");
        assert_eq!(json["subject"]["app"], "okta");
        assert_eq!(json["subject"]["kind"], "user");
        assert_eq!(json["evidence"]["employee_email"], "ana@example.com");
        assert_eq!(json["evidence"]["end_date"], "2026-03-01");
        assert_eq!(json["evidence"]["days_since_end_date"], 1);
        assert_eq!(json["evidence"]["identity_status"], "active");
    }
}
