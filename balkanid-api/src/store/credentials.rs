//! Credential reads: listing credentials with their state at `as_of`, one credential in
//! detail, the risky ones, and the trust of federated credentials.

use std::collections::HashMap;

use balkanid_domain::model::{CredentialType, IdentityView};
use balkanid_domain::rules::{
    self, CredentialFacts, CredentialPolicy, FindingKind, TrustAssessment, TrustPolicy,
};
use chrono::TimeDelta;
use rusqlite::params_from_iter;

use crate::error::{Error, Result};
use crate::query::{
    CredentialQuery, CredentialRiskKind, CredentialState, FederatedQuery, Page, PageRequest,
    RiskyCredentialQuery,
};
use crate::store::identities::{risk_finding, sorted_findings};
use crate::store::page::{self, Window};
use crate::store::rows::{CREDENTIAL_COLUMNS, CredentialRow, IdentityRow};
use crate::store::sql::{self, Conditions, text};
use crate::store::{Context, Store, suggest};
use crate::views::{CredentialDetail, CredentialSummary, FederatedCredential, RiskFinding};

/// The window of "expiring" when none is asked for, in days.
const DEFAULT_EXPIRING_DAYS: u32 = 30;

/// The stored type of federated credentials.
const FEDERATED: &str = "federated_identity";

impl Store {
    /// See [`crate::Tenant::list_credentials`].
    pub fn list_credentials(
        &mut self,
        context: &Context,
        query: &CredentialQuery,
    ) -> Result<Page<CredentialSummary>> {
        let filters = CredentialQuery { page: PageRequest::default(), ..query.clone() };
        let window = Window::new(&query.page, &page::scope("list_credentials", &filters))?;
        let mut conditions = Conditions::default();
        if let Some(credential_type) = &query.credential_type {
            conditions.add_with("c.credential_type = ?", [text(credential_type_name(credential_type)?)]);
        }
        if let Some(app) = &query.app {
            conditions.add_with("c.app = ?", [text(app.trim())]);
        }
        if let Some(owner) = &query.owner {
            if !owner.trim().to_ascii_lowercase().starts_with("brn:") {
                self.check_known_email(owner)?;
            }
            add_owner(&mut conditions, owner);
        }
        let expiring_days = query.expiring_within_days.unwrap_or(DEFAULT_EXPIRING_DAYS);
        let policy = CredentialPolicy::default().expiring_within_days(expiring_days);

        let mut identities = IdentityCache::default();
        let mut items = Vec::new();
        for row in self.credential_rows(&conditions)? {
            let identity = identities.get(self, row.identity)?;
            let facts = credential_facts(&row, identity.map(|(_, view)| view))?;
            if query.production_only && !facts.is_production() {
                continue;
            }
            let assessment = rules::assess_credential(&facts, context.as_of, &policy);
            let state = state_of(assessment.state);

            if query.state.is_some_and(|wanted| wanted != state) {
                continue;
            }
            if query.expiring_within_days.is_some() && state != CredentialState::Expiring {
                continue;
            }
            if let Some(days) = query.unrotated_for_days {
                let (_, basis) = rules::rotation_basis(&facts.credential);
                let too_old = context.as_of.signed_duration_since(basis)
                    > TimeDelta::days(i64::from(days));
                if !too_old {
                    continue;
                }
            }
            items.push(summary(context, &row, identity, state, assessment.days_since_rotation));
        }
        Ok(window.slice(items))
    }

    /// See [`crate::Tenant::get_credential`].
    pub fn get_credential(&mut self, context: &Context, id: &str) -> Result<CredentialDetail> {
        let mut conditions = Conditions::default();
        conditions.add_with("c.id = ?", [text(id.trim())]);
        let Some(row) = self.credential_rows(&conditions)?.into_iter().next() else {
            let candidates =
                self.rows("SELECT id FROM credentials UNION SELECT name FROM credentials", [], |r| {
                    r.get(0)
                })?;
            return Err(suggest::not_found("credential", id, candidates));
        };

        let identity_row = match row.identity {
            Some(identity) => self.identity_row(identity)?,
            None => None,
        };
        let (credential, findings) = self.assess_credential_row(context, &row, None)?;
        let identity = match &identity_row {
            Some(identity_row) => Some(self.identity_summary(context, identity_row)?),
            None => None,
        };
        let (resources, n_resources) = match row.identity {
            Some(identity) => self.reachable_resources(identity)?,
            None => (Vec::new(), 0),
        };
        let federation = (row.credential_type == FEDERATED).then(|| {
            let assessment = trust_of(&row);
            federated(&row, identity_row.as_ref(), &assessment)
        });

        Ok(CredentialDetail { credential, identity, resources, n_resources, federation, findings })
    }

    /// See [`crate::Tenant::find_risky_credentials`].
    pub fn find_risky_credentials(
        &mut self,
        context: &Context,
        query: &RiskyCredentialQuery,
    ) -> Result<Page<RiskFinding>> {
        let filters = RiskyCredentialQuery { page: PageRequest::default(), ..query.clone() };
        let window = Window::new(&query.page, &page::scope("find_risky_credentials", &filters))?;
        let kinds: Vec<FindingKind> = if query.kinds.is_empty() {
            FindingKind::ALL.iter().copied().filter(|k| !k.is_about_identities()).collect()
        } else {
            query.kinds.iter().map(|kind| finding_kind(*kind)).collect()
        };
        let mut policy = CredentialPolicy::default();
        if let Some(days) = query.expiring_within_days {
            policy = policy.expiring_within_days(days);
        }
        if let Some(days) = query.unrotated_for_days {
            policy = policy.unrotated_after_days(days);
        }
        let mut conditions = Conditions::default();
        if let Some(app) = &query.app {
            conditions.add_with("c.app = ?", [text(app.trim())]);
        }

        let mut identities = IdentityCache::default();
        let mut findings = Vec::new();
        for row in self.credential_rows(&conditions)? {
            let identity = identities.get(self, row.identity)?;
            let facts = credential_facts(&row, identity.map(|(_, view)| view))?;
            if query.production_only && !facts.is_production() {
                continue;
            }
            for finding in rules::assess_credential(&facts, context.as_of, &policy).findings {
                if kinds.contains(&finding.kind) {
                    findings.push((finding.kind, risk_finding(&finding, &row.app)?));
                }
            }
        }
        Ok(window.slice(sorted_findings(findings)))
    }

    /// See [`crate::Tenant::list_federated_credentials`].
    pub fn list_federated_credentials(
        &mut self,
        context: &Context,
        query: &FederatedQuery,
    ) -> Result<Page<FederatedCredential>> {
        let _ = context;
        let filters = FederatedQuery { page: PageRequest::default(), ..query.clone() };
        let window =
            Window::new(&query.page, &page::scope("list_federated_credentials", &filters))?;
        let mut conditions = Conditions::default();
        conditions.add_with("c.credential_type = ?", [text(FEDERATED)]);
        if let Some(app) = &query.app {
            conditions.add_with("c.app = ?", [text(app.trim())]);
        }

        let mut identities = IdentityCache::default();
        let mut items = Vec::new();
        for row in self.credential_rows(&conditions)? {
            let assessment = trust_of(&row);
            if query.broad_only && assessment.breadth == rules::TrustBreadth::Narrow {
                continue;
            }
            let identity = identities.get(self, row.identity)?;
            items.push(federated(&row, identity.map(|(row, _)| row), &assessment));
        }
        Ok(window.slice(items))
    }

    /// The credentials of one identity, sorted by name and id.
    pub(crate) fn credentials_of(&self, identity: i64) -> Result<Vec<CredentialRow>> {
        let mut conditions = Conditions::default();
        conditions.add_with("c.identity = ?", [sql::int(identity)]);
        self.credential_rows(&conditions)
    }

    /// A credential's summary and its findings under the default policy, or `policy`.
    pub(crate) fn assess_credential_row(
        &self,
        context: &Context,
        row: &CredentialRow,
        policy: Option<&CredentialPolicy>,
    ) -> Result<(CredentialSummary, Vec<RiskFinding>)> {
        let identity = match row.identity {
            Some(identity) => self.identity_row(identity)?,
            None => None,
        };
        let view = match &identity {
            Some(identity) => Some(identity.view()?),
            None => None,
        };
        let facts = credential_facts(row, view.as_ref())?;
        let default_policy = CredentialPolicy::default();
        let assessment =
            rules::assess_credential(&facts, context.as_of, policy.unwrap_or(&default_policy));

        let pair = identity.as_ref().zip(view.as_ref());
        let summary = summary(
            context,
            row,
            pair,
            state_of(assessment.state),
            assessment.days_since_rotation,
        );
        let findings = assessment
            .findings
            .iter()
            .map(|finding| risk_finding(finding, &row.app))
            .collect::<Result<Vec<_>>>()?;
        Ok((summary, findings))
    }

    /// Credentials matching `conditions`, sorted by app, identity name, name and id.
    fn credential_rows(&self, conditions: &Conditions) -> Result<Vec<CredentialRow>> {
        self.rows(
            &format!(
                "SELECT {CREDENTIAL_COLUMNS} FROM credentials c \
                 LEFT JOIN entities e ON e.id = c.identity {} \
                 ORDER BY c.app, e.name, c.name, c.id",
                conditions.where_clause()
            ),
            params_from_iter(conditions.params()),
            CredentialRow::read,
        )
    }
}

/// Identities already read during one query, with their rule view.
#[derive(Default)]
struct IdentityCache {
    entries: HashMap<i64, Option<(IdentityRow, IdentityView)>>,
}

impl IdentityCache {
    fn get(
        &mut self,
        store: &Store,
        identity: Option<i64>,
    ) -> Result<Option<(&IdentityRow, &IdentityView)>> {
        let Some(identity) = identity else {
            return Ok(None);
        };
        if !self.entries.contains_key(&identity) {
            let entry = match store.identity_row(identity)? {
                Some(row) => {
                    let view = row.view()?;
                    Some((row, view))
                }
                None => None,
            };
            self.entries.insert(identity, entry);
        }
        Ok(self.entries.get(&identity).and_then(|entry| entry.as_ref().map(|(r, v)| (r, v))))
    }
}

fn credential_facts(row: &CredentialRow, identity: Option<&IdentityView>) -> Result<CredentialFacts> {
    let facts = CredentialFacts::new(row.model()?);
    Ok(match identity {
        Some(view) => facts.with_identity(view.clone()),
        None => facts,
    })
}

fn summary(
    context: &Context,
    row: &CredentialRow,
    identity: Option<(&IdentityRow, &IdentityView)>,
    state: CredentialState,
    days_since_rotation: i64,
) -> CredentialSummary {
    let expires_at = row.expires_at.and_then(crate::store::dates::instant_of);
    CredentialSummary {
        id: row.id.clone(),
        name: row.name.clone(),
        credential_type: row.credential_type.clone(),
        status: row.status.clone(),
        state,
        identity_brn: row.identity_brn.clone(),
        identity_name: identity.map(|(row, _)| row.name.clone()).unwrap_or_default(),
        app: row.app.clone(),
        integration_id: row.integration.clone(),
        environment: identity.and_then(|(row, _)| row.environment.clone()),
        created_at: crate::store::dates::instant_of(row.created_at).unwrap_or_default(),
        last_rotated_at: row.last_rotated_at.and_then(crate::store::dates::instant_of),
        last_used_at: row.last_used_at.and_then(crate::store::dates::instant_of),
        expires_at,
        days_until_expiry: expires_at
            .map(|expires_at| expires_at.signed_duration_since(context.as_of).num_days()),
        days_since_rotation,
    }
}

fn trust_of(row: &CredentialRow) -> TrustAssessment {
    rules::assess_trust(
        row.issuer.as_deref(),
        row.subject.as_deref(),
        &row.audience_list(),
        &TrustPolicy::default(),
    )
}

fn federated(
    row: &CredentialRow,
    identity: Option<&IdentityRow>,
    assessment: &TrustAssessment,
) -> FederatedCredential {
    FederatedCredential {
        id: row.id.clone(),
        name: row.name.clone(),
        identity_brn: row.identity_brn.clone(),
        identity_name: identity.map(|row| row.name.clone()).unwrap_or_default(),
        app: row.app.clone(),
        issuer: row.issuer.clone(),
        subject: row.subject.clone(),
        audiences: row.audience_list(),
        breadth: assessment.breadth.as_str().to_owned(),
        reasons: assessment.concerns.iter().map(ToString::to_string).collect(),
    }
}

/// Narrows to credentials of one identity (by BRN) or of the identities an employee is or
/// owns (by email).
fn add_owner(conditions: &mut Conditions, owner: &str) {
    let owner = owner.trim();
    if owner.to_ascii_lowercase().starts_with("brn:") {
        conditions.add_with("c.identity_brn = ?", [text(owner)]);
        return;
    }
    conditions.add_with(
        "c.identity IN (SELECT identity FROM relations WHERE employee_key = ? \
         AND relation_type IN ('IS', 'OWNS'))",
        [text(sql::key(owner))],
    );
}

/// The stored name of a credential type given in any accepted spelling.
fn credential_type_name(given: &str) -> Result<String> {
    let parsed = CredentialType::parse(given);
    if parsed.is_unknown() {
        let known: Vec<&str> = CredentialType::KNOWN.iter().map(CredentialType::as_str).collect();
        let message = format!("{given:?} is not a credential type; use one of {}", known.join(", "));
        return Err(Error::invalid("credential_type", message));
    }
    Ok(parsed.as_str().to_owned())
}

fn state_of(state: rules::CredentialState) -> CredentialState {
    match state {
        rules::CredentialState::Expiring => CredentialState::Expiring,
        rules::CredentialState::Expired => CredentialState::Expired,
        rules::CredentialState::Revoked => CredentialState::Revoked,
        _ => CredentialState::Active,
    }
}

fn finding_kind(kind: CredentialRiskKind) -> FindingKind {
    match kind {
        CredentialRiskKind::Expired => FindingKind::ExpiredCredential,
        CredentialRiskKind::Expiring => FindingKind::ExpiringCredential,
        CredentialRiskKind::Unrotated => FindingKind::UnrotatedCredential,
        CredentialRiskKind::ActiveOnInactiveIdentity => {
            FindingKind::ActiveCredentialOnInactiveIdentity
        }
        CredentialRiskKind::BroadFederatedTrust => FindingKind::BroadFederatedTrust,
    }
}
