//! The credential rules: a credential's state at `as_of` (active, expiring, expired, revoked)
//! and its findings (expired, expiring, unrotated, active on an inactive identity, broad
//! federated trust).

use chrono::{DateTime, TimeDelta, Utc};

use crate::model::{Credential, CredentialStatus, CredentialType, IdentityStatus, IdentityView};
use crate::rules::employment::day_count;
use crate::rules::federated::{TrustAssessment, TrustBreadth, TrustPolicy, assess_trust};
use crate::rules::finding::{
    ActiveOnInactiveIdentityEvidence, BroadTrustEvidence, Evidence, ExpiredCredentialEvidence,
    ExpiringCredentialEvidence, Finding, Subject, UnrotatedCredentialEvidence,
};

/// A credential's state at an instant, from its reported status and its expiry.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CredentialState {
    /// Usable, and not expiring within the window.
    Active,
    /// Usable, and expiring within the window.
    Expiring,
    /// Past its expiry, or reported expired.
    Expired,
    /// Reported revoked.
    Revoked,
}

impl CredentialState {
    /// The state's name: `active`, `expiring`, `expired` or `revoked`.
    pub fn as_str(self) -> &'static str {
        match self {
            CredentialState::Active => "active",
            CredentialState::Expiring => "expiring",
            CredentialState::Expired => "expired",
            CredentialState::Revoked => "revoked",
        }
    }

    /// Whether the credential can still authenticate: active or expiring.
    pub fn is_usable(self) -> bool {
        matches!(self, CredentialState::Active | CredentialState::Expiring)
    }
}

/// Which date a credential's rotation age counts from.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RotationBasis {
    /// The last rotation (`Last Rotated At`).
    LastRotatedAt,
    /// The creation (`Created At`), for a credential never rotated.
    CreatedAt,
}

/// One credential and its owning identity, as a store assembles them.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct CredentialFacts {
    /// The credential.
    pub credential: Credential,
    /// The identity of its `Identity BRN`; `None` when the store does not know it.
    pub identity: Option<IdentityView>,
}

impl CredentialFacts {
    /// A credential whose identity is not known.
    pub fn new(credential: Credential) -> Self {
        CredentialFacts {
            credential,
            identity: None,
        }
    }

    /// Sets the owning identity; without it the identity is unknown and the
    /// `active_credential_on_inactive_identity` rule cannot fire.
    #[must_use]
    pub fn with_identity(mut self, identity: IdentityView) -> Self {
        self.identity = Some(identity);
        self
    }

    /// Whether the credential serves production: its identity's `environment` metadata is
    /// `production`, compared without regard to ASCII case and surrounding spaces.
    pub fn is_production(&self) -> bool {
        self.identity
            .as_ref()
            .and_then(|identity| identity.environment.as_deref())
            .is_some_and(|environment| environment.trim().eq_ignore_ascii_case("production"))
    }
}

/// Thresholds of the credential rules.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CredentialPolicy {
    /// A usable credential whose expiry falls within this many days (of 24 hours) after
    /// `as_of` is expiring. Default 30.
    pub expiring_within_days: u32,
    /// A usable credential last rotated (else created) more than this many days (of 24 hours)
    /// before `as_of` is unrotated. Default 90.
    pub unrotated_after_days: u32,
    /// The federated trust rule's allow-list and limits.
    pub trust: TrustPolicy,
}

impl Default for CredentialPolicy {
    fn default() -> Self {
        CredentialPolicy {
            expiring_within_days: 30,
            unrotated_after_days: 90,
            trust: TrustPolicy::default(),
        }
    }
}

impl CredentialPolicy {
    /// Sets the expiry window in days; without it the window is 30 days.
    #[must_use]
    pub fn expiring_within_days(mut self, days: u32) -> Self {
        self.expiring_within_days = days;
        self
    }

    /// Sets the rotation threshold in days; without it the threshold is 90 days.
    #[must_use]
    pub fn unrotated_after_days(mut self, days: u32) -> Self {
        self.unrotated_after_days = days;
        self
    }

    /// Sets the federated trust policy; without it [`TrustPolicy::default`] applies.
    #[must_use]
    pub fn trust(mut self, trust: TrustPolicy) -> Self {
        self.trust = trust;
        self
    }
}

/// Everything the credential rules say about one credential.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct CredentialAssessment {
    /// The state at `as_of`.
    pub state: CredentialState,
    /// Whole 24-hour days since the last rotation, else since creation (negative when that
    /// date is after `as_of`).
    pub days_since_rotation: i64,
    /// The trust breadth of a federated credential; `None` for other types.
    pub trust: Option<TrustAssessment>,
    /// The findings, in the order expired, expiring, unrotated, active on an inactive
    /// identity, broad federated trust.
    pub findings: Vec<Finding>,
}

/// A credential's state at `as_of`.
///
/// - A reported status of `revoked` gives [`CredentialState::Revoked`] and of `expired` gives
///   [`CredentialState::Expired`], whatever the dates say.
/// - Otherwise (`active`, or a status this crate does not know, read as active) the expiry
///   decides: `expires_at <= as_of` is expired; `as_of < expires_at <= as_of +
///   expiring_within_days × 24 h` is expiring; later is active. "Within 7 days" therefore
///   means the 168 hours after `as_of`, not calendar days.
/// - A credential without an expiry never expires: it is active.
pub fn credential_state(
    credential: &Credential,
    as_of: DateTime<Utc>,
    expiring_within_days: u32,
) -> CredentialState {
    match credential.status {
        CredentialStatus::Revoked => return CredentialState::Revoked,
        CredentialStatus::Expired => return CredentialState::Expired,
        _ => {}
    }
    let Some(expires_at) = credential.expires_at else {
        return CredentialState::Active;
    };
    if expires_at <= as_of {
        return CredentialState::Expired;
    }

    let window = TimeDelta::days(i64::from(expiring_within_days));
    let within_window = match as_of.checked_add_signed(window) {
        Some(window_end) => expires_at <= window_end,
        None => true,
    };
    if within_window {
        return CredentialState::Expiring;
    }
    CredentialState::Active
}

/// The date a credential's rotation age counts from: its last rotation, else its creation.
pub fn rotation_basis(credential: &Credential) -> (RotationBasis, DateTime<Utc>) {
    match credential.last_rotated_at {
        Some(rotated_at) => (RotationBasis::LastRotatedAt, rotated_at),
        None => (RotationBasis::CreatedAt, credential.created_at),
    }
}

/// Evaluates the credential rules on one credential at `as_of`.
///
/// - `expired_credential`: the state is expired.
/// - `expiring_credential`: the state is expiring.
/// - `unrotated_credential`: usable, not a federated credential (it holds no secret to
///   rotate), and last rotated (else created) more than `unrotated_after_days` × 24 hours
///   before `as_of`.
/// - `active_credential_on_inactive_identity`: usable, and the owning identity is known and
///   inactive.
/// - `broad_federated_trust`: a usable federated credential whose [`assess_trust`] breadth is
///   broad or wildcard.
///
/// A revoked credential raises no finding. The trust breadth of a federated credential is
/// assessed whatever its state, for listings.
pub fn assess_credential(
    facts: &CredentialFacts,
    as_of: DateTime<Utc>,
    policy: &CredentialPolicy,
) -> CredentialAssessment {
    let credential = &facts.credential;
    let state = credential_state(credential, as_of, policy.expiring_within_days);
    let (basis, rotated_or_created_at) = rotation_basis(credential);
    let days_since_rotation = as_of
        .signed_duration_since(rotated_or_created_at)
        .num_days();
    let trust = (credential.credential_type == CredentialType::FederatedIdentity).then(|| {
        assess_trust(
            credential.issuer.as_deref(),
            credential.subject.as_deref(),
            &credential.audiences,
            &policy.trust,
        )
    });

    let mut findings = Vec::new();
    match state {
        CredentialState::Expired => findings.push(expired(facts, as_of)),
        CredentialState::Expiring => findings.extend(expiring(facts, as_of, policy)),
        CredentialState::Active | CredentialState::Revoked => {}
    }
    if state.is_usable() {
        let rotation_age = as_of.signed_duration_since(rotated_or_created_at);
        let too_old = rotation_age > TimeDelta::days(i64::from(policy.unrotated_after_days));
        if too_old && credential.credential_type != CredentialType::FederatedIdentity {
            findings.push(unrotated(
                facts,
                basis,
                rotated_or_created_at,
                rotation_age,
                policy,
            ));
        }
        findings.extend(active_on_inactive_identity(facts, state));
        findings.extend(trust.as_ref().and_then(|trust| broad_trust(facts, trust)));
    }

    CredentialAssessment {
        state,
        days_since_rotation,
        trust,
        findings,
    }
}

fn subject_of(credential: &Credential) -> Subject {
    Subject::Credential {
        id: credential.id.clone(),
        name: credential.name.clone(),
        credential_type: credential.credential_type.clone(),
        identity_brn: credential.identity_brn.clone(),
    }
}

fn expired(facts: &CredentialFacts, as_of: DateTime<Utc>) -> Finding {
    let credential = &facts.credential;
    let days_since_expiry = credential
        .expires_at
        .map(|expires_at| as_of.signed_duration_since(expires_at).num_days());

    let when = match (credential.expires_at, days_since_expiry) {
        (Some(expires_at), Some(days)) => {
            format!(
                "expired on {} ({} ago)",
                expires_at.date_naive(),
                day_count(days)
            )
        }
        _ => "is reported expired".to_owned(),
    };
    let summary = format!(
        "{kind} {name} of {identity} {when}",
        kind = credential.credential_type,
        name = credential.name,
        identity = credential.identity_brn,
    );
    let evidence = ExpiredCredentialEvidence {
        reported_status: credential.status.clone(),
        expires_at: credential.expires_at,
        days_since_expiry,
        identity_kind: facts
            .identity
            .as_ref()
            .map(|identity| identity.kind.clone()),
        identity_environment: facts
            .identity
            .as_ref()
            .and_then(|identity| identity.environment.clone()),
        last_used_at: credential.last_used_at,
    };

    Finding::new(
        subject_of(credential),
        summary,
        Evidence::ExpiredCredential(evidence),
    )
}

fn expiring(
    facts: &CredentialFacts,
    as_of: DateTime<Utc>,
    policy: &CredentialPolicy,
) -> Option<Finding> {
    let credential = &facts.credential;
    let expires_at = credential.expires_at?;

    let days_until_expiry = expires_at.signed_duration_since(as_of).num_days();
    let summary = format!(
        "{kind} {name} of {identity} expires on {date}, within {window}",
        kind = credential.credential_type,
        name = credential.name,
        identity = credential.identity_brn,
        date = expires_at.date_naive(),
        window = day_count(i64::from(policy.expiring_within_days)),
    );
    let evidence = ExpiringCredentialEvidence {
        expires_at,
        days_until_expiry,
        expiring_within_days: policy.expiring_within_days,
        identity_environment: facts
            .identity
            .as_ref()
            .and_then(|identity| identity.environment.clone()),
    };

    Some(Finding::new(
        subject_of(credential),
        summary,
        Evidence::ExpiringCredential(evidence),
    ))
}

fn unrotated(
    facts: &CredentialFacts,
    basis: RotationBasis,
    rotated_or_created_at: DateTime<Utc>,
    rotation_age: TimeDelta,
    policy: &CredentialPolicy,
) -> Finding {
    let credential = &facts.credential;
    let days_since_rotation = rotation_age.num_days();

    let since = match basis {
        RotationBasis::LastRotatedAt => "last rotated",
        RotationBasis::CreatedAt => "never rotated since its creation",
    };
    let summary = format!(
        "{kind} {name} of {identity} was {since} on {date}, {days} ago (more than {limit})",
        kind = credential.credential_type,
        name = credential.name,
        identity = credential.identity_brn,
        date = rotated_or_created_at.date_naive(),
        days = day_count(days_since_rotation),
        limit = day_count(i64::from(policy.unrotated_after_days)),
    );
    let evidence = UnrotatedCredentialEvidence {
        basis,
        rotated_or_created_at,
        days_since_rotation,
        unrotated_after_days: policy.unrotated_after_days,
    };

    Finding::new(
        subject_of(credential),
        summary,
        Evidence::UnrotatedCredential(evidence),
    )
}

fn active_on_inactive_identity(facts: &CredentialFacts, state: CredentialState) -> Option<Finding> {
    let identity = facts.identity.as_ref()?;
    if identity.status != IdentityStatus::Inactive {
        return None;
    }

    let credential = &facts.credential;
    let summary = format!(
        "{kind} {name} is {state} but its {app} identity {handle} is inactive",
        kind = credential.credential_type,
        name = credential.name,
        state = state.as_str(),
        app = identity.app,
        handle = identity.handle,
    );
    let evidence = ActiveOnInactiveIdentityEvidence {
        identity_status: identity.status.clone(),
        credential_state: state,
        expires_at: credential.expires_at,
        last_used_at: credential.last_used_at,
    };

    Some(Finding::new(
        subject_of(credential),
        summary,
        Evidence::ActiveCredentialOnInactiveIdentity(evidence),
    ))
}

fn broad_trust(facts: &CredentialFacts, trust: &TrustAssessment) -> Option<Finding> {
    if trust.breadth == TrustBreadth::Narrow {
        return None;
    }

    let credential = &facts.credential;
    let reasons: Vec<String> = trust.concerns.iter().map(ToString::to_string).collect();
    let summary = format!(
        "federated credential {name} of {identity} has {breadth} trust: {reasons}",
        name = credential.name,
        identity = credential.identity_brn,
        breadth = trust.breadth.as_str(),
        reasons = reasons.join("; "),
    );
    let evidence = BroadTrustEvidence {
        issuer: credential.issuer.clone(),
        subject: credential.subject.clone(),
        audiences: credential.audiences.clone(),
        breadth: trust.breadth,
        concerns: trust.concerns.clone(),
    };

    Some(Finding::new(
        subject_of(credential),
        summary,
        Evidence::BroadFederatedTrust(evidence),
    ))
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::model::IdentityKind;
    use crate::rules::finding::FindingKind;

    fn instant(year: i32, month: u32, day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(year, month, day, hour, minute, 0)
            .unwrap()
    }

    /// An active AWS access key created 2026-02-01, never rotated, with no expiry.
    fn credential(credential_type: CredentialType) -> Credential {
        Credential {
            id: "cred-1".to_owned(),
            name: "deploy-key".to_owned(),
            credential_type,
            status: CredentialStatus::Active,
            identity_brn: "brn:bid:balkanid:::01HWBCYJA11R3AA48K5V0DVM00:identity:svc-deploy"
                .parse()
                .unwrap(),
            app: "aws".parse().unwrap(),
            integration: "aws/01J07X778EK4BH2M2A1VY4HCYF".parse().unwrap(),
            source_id: None,
            created_at: instant(2026, 2, 1, 0, 0),
            last_rotated_at: None,
            last_used_at: None,
            expires_at: None,
            issuer: None,
            subject: None,
            audiences: Vec::new(),
            metadata: None,
        }
    }

    fn service_identity(status: IdentityStatus, environment: Option<&str>) -> IdentityView {
        IdentityView {
            brn: "brn:bid:balkanid:::01HWBCYJA11R3AA48K5V0DVM00:identity:svc-deploy"
                .parse()
                .unwrap(),
            app: "aws".parse().unwrap(),
            integration: "aws/01J07X778EK4BH2M2A1VY4HCYF".parse().unwrap(),
            name: "svc-deploy".to_owned(),
            handle: "svc-deploy".to_owned(),
            email: None,
            kind: IdentityKind::ServiceAccount,
            status,
            last_login: None,
            last_password_change: None,
            environment: environment.map(str::to_owned),
        }
    }

    fn kinds(assessment: &CredentialAssessment) -> Vec<FindingKind> {
        assessment
            .findings
            .iter()
            .map(|finding| finding.kind)
            .collect()
    }

    #[test]
    fn credential_without_expiry_never_expires() {
        let key = credential(CredentialType::AccessKey);

        assert_eq!(
            credential_state(&key, instant(2099, 12, 31, 0, 0), 30),
            CredentialState::Active
        );
    }

    #[test]
    fn expiry_at_as_of_is_expired() {
        // expires_at == as_of: the window (as_of, as_of + N days] excludes as_of itself.
        let mut key = credential(CredentialType::AccessKey);
        key.expires_at = Some(instant(2026, 3, 2, 12, 0));

        assert_eq!(
            credential_state(&key, instant(2026, 3, 2, 12, 0), 7),
            CredentialState::Expired
        );
    }

    #[test]
    fn within_seven_days_means_168_hours_after_as_of() {
        // as_of 2026-03-02T12:00Z; 7 × 24 h later is 2026-03-09T12:00Z.
        let as_of = instant(2026, 3, 2, 12, 0);
        let mut key = credential(CredentialType::AccessKey);

        key.expires_at = Some(instant(2026, 3, 2, 12, 1));
        assert_eq!(credential_state(&key, as_of, 7), CredentialState::Expiring);

        key.expires_at = Some(instant(2026, 3, 9, 12, 0));
        assert_eq!(credential_state(&key, as_of, 7), CredentialState::Expiring);

        // One minute past the 168 hours, though still on the calendar day 2026-03-09.
        key.expires_at = Some(instant(2026, 3, 9, 12, 1));
        assert_eq!(credential_state(&key, as_of, 7), CredentialState::Active);
    }

    #[test]
    fn reported_status_wins_over_dates() {
        // Revoked with a future expiry is revoked; "expired" with no expiry is expired.
        let as_of = instant(2026, 3, 2, 12, 0);
        let mut revoked = credential(CredentialType::ApiKey);
        revoked.status = CredentialStatus::Revoked;
        revoked.expires_at = Some(instant(2027, 1, 1, 0, 0));
        let mut expired = credential(CredentialType::ApiKey);
        expired.status = CredentialStatus::Expired;

        assert_eq!(
            credential_state(&revoked, as_of, 30),
            CredentialState::Revoked
        );
        assert_eq!(
            credential_state(&expired, as_of, 30),
            CredentialState::Expired
        );
    }

    #[test]
    fn unknown_reported_status_is_read_as_active() {
        let mut key = credential(CredentialType::ApiKey);
        key.status = CredentialStatus::parse("suspended-by-admin");

        assert_eq!(
            credential_state(&key, instant(2026, 3, 2, 0, 0), 30),
            CredentialState::Active
        );
    }

    #[test]
    fn past_expiry_gives_an_expired_finding_with_production_evidence() {
        // Expired 2026-02-20T12:00Z, as_of 2026-03-02T12:00Z: 8 + 2 = 10 days ago. The
        // source still reports it active.
        let mut key = credential(CredentialType::ClientSecret);
        key.expires_at = Some(instant(2026, 2, 20, 12, 0));
        let facts = CredentialFacts::new(key)
            .with_identity(service_identity(IdentityStatus::Active, Some("production")));

        let assessment = assess_credential(
            &facts,
            instant(2026, 3, 2, 12, 0),
            &CredentialPolicy::default(),
        );

        assert!(facts.is_production());
        assert_eq!(assessment.state, CredentialState::Expired);
        assert_eq!(kinds(&assessment), [FindingKind::ExpiredCredential]);
        let Evidence::ExpiredCredential(evidence) = &assessment.findings[0].evidence else {
            panic!("unexpected evidence {:?}", assessment.findings[0].evidence);
        };
        assert_eq!(evidence.reported_status, CredentialStatus::Active);
        assert_eq!(evidence.days_since_expiry, Some(10));
        assert_eq!(evidence.identity_kind, Some(IdentityKind::ServiceAccount));
        assert_eq!(evidence.identity_environment.as_deref(), Some("production"));
        assert_eq!(
            assessment.findings[0].summary,
            "client_secret deploy-key of \
             brn:bid:balkanid:::01HWBCYJA11R3AA48K5V0DVM00:identity:svc-deploy expired on \
             2026-02-20 (10 days ago)"
        );
    }

    #[test]
    fn reported_expired_without_a_date_says_so() {
        let mut key = credential(CredentialType::ApiKey);
        key.status = CredentialStatus::Expired;
        let facts = CredentialFacts::new(key);

        let assessment = assess_credential(
            &facts,
            instant(2026, 3, 2, 12, 0),
            &CredentialPolicy::default(),
        );

        let Evidence::ExpiredCredential(evidence) = &assessment.findings[0].evidence else {
            panic!("unexpected evidence {:?}", assessment.findings[0].evidence);
        };
        assert_eq!(evidence.expires_at, None);
        assert_eq!(evidence.days_since_expiry, None);
        assert!(
            assessment.findings[0]
                .summary
                .ends_with(" is reported expired")
        );
    }

    #[test]
    fn expiry_in_29_days_is_expiring_with_the_default_30_day_window() {
        // Expires 2026-03-31T12:00Z, as_of 2026-03-02T12:00Z: 29 days ahead, inside 30.
        let mut key = credential(CredentialType::X509Certificate);
        key.expires_at = Some(instant(2026, 3, 31, 12, 0));
        let facts = CredentialFacts::new(key);

        let assessment = assess_credential(
            &facts,
            instant(2026, 3, 2, 12, 0),
            &CredentialPolicy::default(),
        );

        assert_eq!(assessment.state, CredentialState::Expiring);
        assert_eq!(kinds(&assessment), [FindingKind::ExpiringCredential]);
        let Evidence::ExpiringCredential(evidence) = &assessment.findings[0].evidence else {
            panic!("unexpected evidence {:?}", assessment.findings[0].evidence);
        };
        assert_eq!(evidence.days_until_expiry, 29);
        assert_eq!(evidence.expiring_within_days, 30);
    }

    #[test]
    fn credential_rotated_more_than_90_days_ago_is_unrotated() {
        // Created 2025-06-01, rotated 2025-11-01T00:00Z, as_of 2026-02-01T00:00Z:
        // 30 (Nov) + 31 (Dec) + 31 (Jan) = 92 days since rotation, more than 90.
        let mut key = credential(CredentialType::AccessKey);
        key.created_at = instant(2025, 6, 1, 0, 0);
        key.last_rotated_at = Some(instant(2025, 11, 1, 0, 0));
        let facts = CredentialFacts::new(key);

        let assessment = assess_credential(
            &facts,
            instant(2026, 2, 1, 0, 0),
            &CredentialPolicy::default(),
        );

        assert_eq!(assessment.state, CredentialState::Active);
        assert_eq!(assessment.days_since_rotation, 92);
        assert_eq!(kinds(&assessment), [FindingKind::UnrotatedCredential]);
        let Evidence::UnrotatedCredential(evidence) = &assessment.findings[0].evidence else {
            panic!("unexpected evidence {:?}", assessment.findings[0].evidence);
        };
        assert_eq!(evidence.basis, RotationBasis::LastRotatedAt);
        assert_eq!(evidence.rotated_or_created_at, instant(2025, 11, 1, 0, 0));
        assert_eq!(evidence.days_since_rotation, 92);
    }

    #[test]
    fn never_rotated_credential_ages_from_its_creation() {
        // Created 2026-02-01T00:00Z, never rotated. as_of 2026-05-02T00:00Z is
        // 28 + 31 + 30 + 1 = 90 days later: not more than 90, no finding. One minute more is.
        let key = credential(CredentialType::ApiKey);
        let facts = CredentialFacts::new(key);
        let policy = CredentialPolicy::default();

        let at_threshold = assess_credential(&facts, instant(2026, 5, 2, 0, 0), &policy);
        let past_threshold = assess_credential(&facts, instant(2026, 5, 2, 0, 1), &policy);

        assert!(
            at_threshold.findings.is_empty(),
            "{:?}",
            at_threshold.findings
        );
        assert_eq!(kinds(&past_threshold), [FindingKind::UnrotatedCredential]);
        let Evidence::UnrotatedCredential(evidence) = &past_threshold.findings[0].evidence else {
            panic!(
                "unexpected evidence {:?}",
                past_threshold.findings[0].evidence
            );
        };
        assert_eq!(evidence.basis, RotationBasis::CreatedAt);
        assert_eq!(evidence.rotated_or_created_at, instant(2026, 2, 1, 0, 0));
    }

    #[test]
    fn expired_credential_is_not_also_unrotated() {
        // Created 2025-01-01 and expired 2025-12-31: the only finding is that it expired.
        let mut key = credential(CredentialType::SshKey);
        key.created_at = instant(2025, 1, 1, 0, 0);
        key.expires_at = Some(instant(2025, 12, 31, 0, 0));
        let facts = CredentialFacts::new(key);

        let assessment = assess_credential(
            &facts,
            instant(2026, 3, 2, 0, 0),
            &CredentialPolicy::default(),
        );

        assert_eq!(kinds(&assessment), [FindingKind::ExpiredCredential]);
    }

    #[test]
    fn usable_credential_on_inactive_identity_is_flagged() {
        let key = credential(CredentialType::ServiceAccountKey);
        let facts = CredentialFacts::new(key)
            .with_identity(service_identity(IdentityStatus::Inactive, None));

        let assessment = assess_credential(
            &facts,
            instant(2026, 3, 2, 0, 0),
            &CredentialPolicy::default(),
        );

        assert_eq!(
            kinds(&assessment),
            [FindingKind::ActiveCredentialOnInactiveIdentity]
        );
        let Evidence::ActiveCredentialOnInactiveIdentity(evidence) =
            &assessment.findings[0].evidence
        else {
            panic!("unexpected evidence {:?}", assessment.findings[0].evidence);
        };
        assert_eq!(evidence.identity_status, IdentityStatus::Inactive);
        assert_eq!(evidence.credential_state, CredentialState::Active);
        assert_eq!(
            assessment.findings[0].summary,
            "service_account_key deploy-key is active but its aws identity svc-deploy is inactive"
        );
    }

    #[test]
    fn revoked_credential_on_inactive_identity_raises_nothing() {
        let mut key = credential(CredentialType::ServiceAccountKey);
        key.status = CredentialStatus::Revoked;
        key.created_at = instant(2020, 1, 1, 0, 0);
        let facts = CredentialFacts::new(key)
            .with_identity(service_identity(IdentityStatus::Inactive, None));

        let assessment = assess_credential(
            &facts,
            instant(2026, 3, 2, 0, 0),
            &CredentialPolicy::default(),
        );

        assert_eq!(assessment.state, CredentialState::Revoked);
        assert!(assessment.findings.is_empty(), "{:?}", assessment.findings);
    }

    #[test]
    fn unknown_identity_cannot_be_inactive() {
        let facts = CredentialFacts::new(credential(CredentialType::ApiKey));

        let assessment = assess_credential(
            &facts,
            instant(2026, 3, 2, 0, 0),
            &CredentialPolicy::default(),
        );

        assert!(!facts.is_production());
        assert!(assessment.findings.is_empty(), "{:?}", assessment.findings);
    }

    #[test]
    fn wildcard_federated_credential_is_flagged_and_never_unrotated() {
        // A GitHub Actions credential for any repository of acme, created 2025-01-01 (over a
        // year before as_of): federated credentials hold no secret, so no unrotated finding.
        let mut federated = credential(CredentialType::FederatedIdentity);
        federated.created_at = instant(2025, 1, 1, 0, 0);
        federated.issuer = Some("https://token.actions.githubusercontent.com".to_owned());
        federated.subject = Some("repo:acme/*".to_owned());
        federated.audiences = vec!["api://AzureADTokenExchange".to_owned()];
        let facts = CredentialFacts::new(federated);

        let assessment = assess_credential(
            &facts,
            instant(2026, 3, 2, 0, 0),
            &CredentialPolicy::default(),
        );

        assert_eq!(kinds(&assessment), [FindingKind::BroadFederatedTrust]);
        assert_eq!(
            assessment.trust.as_ref().map(|t| t.breadth),
            Some(TrustBreadth::Wildcard)
        );
        let Evidence::BroadFederatedTrust(evidence) = &assessment.findings[0].evidence else {
            panic!("unexpected evidence {:?}", assessment.findings[0].evidence);
        };
        assert_eq!(evidence.subject.as_deref(), Some("repo:acme/*"));
        assert_eq!(evidence.breadth, TrustBreadth::Wildcard);
        assert_eq!(evidence.concerns.len(), 1);
    }

    #[test]
    fn narrow_federated_credential_raises_nothing_but_keeps_its_assessment() {
        let mut federated = credential(CredentialType::FederatedIdentity);
        federated.issuer = Some("https://token.actions.githubusercontent.com".to_owned());
        federated.subject = Some("repo:acme/api:environment:production".to_owned());
        federated.audiences = vec!["api://AzureADTokenExchange".to_owned()];
        let facts = CredentialFacts::new(federated);

        let assessment = assess_credential(
            &facts,
            instant(2026, 3, 2, 0, 0),
            &CredentialPolicy::default(),
        );

        assert!(assessment.findings.is_empty(), "{:?}", assessment.findings);
        assert_eq!(
            assessment.trust.map(|t| t.breadth),
            Some(TrustBreadth::Narrow)
        );
    }

    #[test]
    fn revoked_wildcard_federated_credential_raises_nothing() {
        let mut federated = credential(CredentialType::FederatedIdentity);
        federated.status = CredentialStatus::Revoked;
        federated.issuer = Some("https://token.actions.githubusercontent.com".to_owned());
        federated.subject = Some("*".to_owned());
        federated.audiences = vec!["api://AzureADTokenExchange".to_owned()];
        let facts = CredentialFacts::new(federated);

        let assessment = assess_credential(
            &facts,
            instant(2026, 3, 2, 0, 0),
            &CredentialPolicy::default(),
        );

        assert!(assessment.findings.is_empty(), "{:?}", assessment.findings);
        assert_eq!(
            assessment.trust.map(|t| t.breadth),
            Some(TrustBreadth::Wildcard)
        );
    }

    #[test]
    fn other_credential_types_have_no_trust_assessment() {
        let facts = CredentialFacts::new(credential(CredentialType::OauthToken));

        let assessment = assess_credential(
            &facts,
            instant(2026, 3, 2, 0, 0),
            &CredentialPolicy::default(),
        );

        assert_eq!(assessment.trust, None);
    }

    #[test]
    fn expiring_unrotated_key_on_inactive_identity_gets_three_findings_in_order() {
        // Created 2025-10-01T00:00Z (152 days before 2026-03-02: 31 + 30 + 31 + 31 + 28 + 1),
        // expiring 2026-03-05T00:00Z (3 days ahead), identity disabled.
        let mut key = credential(CredentialType::AccessKey);
        key.created_at = instant(2025, 10, 1, 0, 0);
        key.expires_at = Some(instant(2026, 3, 5, 0, 0));
        let facts = CredentialFacts::new(key)
            .with_identity(service_identity(IdentityStatus::Inactive, None));

        let assessment = assess_credential(
            &facts,
            instant(2026, 3, 2, 0, 0),
            &CredentialPolicy::default(),
        );

        assert_eq!(assessment.days_since_rotation, 152);
        assert_eq!(
            kinds(&assessment),
            [
                FindingKind::ExpiringCredential,
                FindingKind::UnrotatedCredential,
                FindingKind::ActiveCredentialOnInactiveIdentity
            ]
        );
    }
}
