//! Credential reads: listing credentials with their state at `as_of`, one credential in
//! detail, the risky ones, and the trust of federated credentials.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use balkanid_domain::model::{CredentialType, IdentityView};
use balkanid_domain::rules::{
    self, CredentialFacts, CredentialPolicy, Finding, FindingKind, TrustAssessment, TrustPolicy,
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

/// Federated credentials whose trust the trust rule judged broad or wildcard at import.
const BROAD_TRUST: &str = "c.trust_breadth IN ('broad', 'wildcard')";

/// A pre-filter for production credentials: the owning identity's environment, as
/// [`CredentialFacts::is_production`] reads it.
const PRODUCTION: &str = "lower(trim(e.environment)) = 'production'";

impl Store {
    /// See [`crate::Tenant::list_credentials`].
    ///
    /// Without a filter that needs the rules (state, expiry window, rotation, production),
    /// the page is cut in SQL and only its credentials are judged; with one, SQL narrows the
    /// candidates and the rules decide.
    pub fn list_credentials(
        &mut self,
        context: &Context,
        query: &CredentialQuery,
    ) -> Result<Page<CredentialSummary>> {
        let filters = CredentialQuery {
            page: PageRequest::default(),
            ..query.clone()
        };
        let window = Window::new(&query.page, &page::scope("list_credentials", &filters))?;
        let mut conditions = Conditions::default();
        if let Some(credential_type) = &query.credential_type {
            let stored = credential_type_name(credential_type)?;
            conditions.add_with("c.credential_type = ?", [text(stored)]);
        }
        if let Some(app) = &query.app {
            conditions.add_with("c.app = ?", [text(self.known_app(app)?)]);
        }
        if let Some(owner) = &query.owner {
            if !owner.trim().to_ascii_lowercase().starts_with("brn:") {
                self.check_known_email_for("person or account (owner)", owner)?;
            }
            add_owner(&mut conditions, owner);
        }
        let expiring_days = query.expiring_within_days.unwrap_or(DEFAULT_EXPIRING_DAYS);
        let policy = CredentialPolicy::default().expiring_within_days(expiring_days);
        let mut identities = IdentityCache::default();

        let needs_rules = query.state.is_some()
            || query.expiring_within_days.is_some()
            || query.unrotated_for_days.is_some()
            || query.production_only;
        if !needs_rules {
            let total = self.count(
                &format!(
                    "SELECT count(*) FROM credentials c {}",
                    conditions.where_clause()
                ),
                params_from_iter(conditions.params()),
            )?;
            let mut items = Vec::new();
            for row in self.credential_rows(&conditions, Some(&window))? {
                let identity = identities.get(self, row.identity)?;
                let facts = credential_facts(&row, identity.map(|(_, view)| view))?;
                let assessment = rules::assess_credential(&facts, context.as_of, &policy);
                let state = state_of(assessment.state);
                items.push(summary(
                    context,
                    &row,
                    identity,
                    state,
                    assessment.days_since_rotation,
                ));
            }
            return Ok(window.page(items, total));
        }

        let now = context.now_seconds();
        match query.state {
            Some(CredentialState::Expired) => conditions.add_with(
                "(c.status = 'expired' OR c.expires_at <= ?)",
                [sql::int(now)],
            ),
            Some(CredentialState::Revoked) => conditions.add("c.status = 'revoked'"),
            Some(CredentialState::Expiring) => {
                conditions.add_with("c.expires_at <= ?", [sql::int(now + days(expiring_days))])
            }
            _ => {}
        }
        if query.expiring_within_days.is_some() {
            conditions.add_with("c.expires_at <= ?", [sql::int(now + days(expiring_days))]);
        }
        if let Some(unrotated) = query.unrotated_for_days {
            conditions.add_with(
                "coalesce(c.last_rotated_at, c.created_at) <= ?",
                [sql::int(now - days(unrotated))],
            );
        }
        if query.production_only {
            conditions.add(PRODUCTION);
        }

        let mut items = Vec::new();
        for row in self.credential_rows(&conditions, None)? {
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
            if let Some(unrotated) = query.unrotated_for_days {
                let (_, basis) = rules::rotation_basis(&facts.credential);
                let age = context.as_of.signed_duration_since(basis);
                if age <= TimeDelta::days(i64::from(unrotated)) {
                    continue;
                }
            }
            items.push(summary(
                context,
                &row,
                identity,
                state,
                assessment.days_since_rotation,
            ));
        }
        Ok(window.slice(items))
    }

    /// See [`crate::Tenant::get_credential`].
    pub fn get_credential(&mut self, context: &Context, id: &str) -> Result<CredentialDetail> {
        let mut conditions = Conditions::default();
        conditions.add_with("c.id = ? COLLATE NOCASE", [text(id.trim())]);
        let Some(row) = self.credential_rows(&conditions, None)?.into_iter().next() else {
            let candidates = self.rows(
                "SELECT id FROM credentials UNION SELECT name FROM credentials",
                [],
                |r| r.get(0),
            )?;
            return Err(suggest::not_found("credential (id)", id, candidates));
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

        Ok(CredentialDetail {
            credential,
            identity,
            resources,
            n_resources,
            federation,
            findings,
        })
    }

    /// See [`crate::Tenant::find_risky_credentials`].
    ///
    /// SQL selects the credentials that may have a finding of the kinds asked for; for broad
    /// trust, the trust rule itself picks the federated credentials, which is cheap. The
    /// credential rules then judge each candidate.
    pub fn find_risky_credentials(
        &mut self,
        context: &Context,
        query: &RiskyCredentialQuery,
    ) -> Result<Page<RiskFinding>> {
        let filters = RiskyCredentialQuery {
            page: PageRequest::default(),
            ..query.clone()
        };
        let window = Window::new(
            &query.page,
            &page::scope("find_risky_credentials", &filters),
        )?;
        let kinds: Vec<FindingKind> = if query.kinds.is_empty() {
            FindingKind::ALL
                .iter()
                .copied()
                .filter(|k| !k.is_about_identities())
                .collect()
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
        let mut scope = Conditions::default();
        if let Some(app) = &query.app {
            scope.add_with("c.app = ?", [text(self.known_app(app)?)]);
        }
        if query.production_only {
            scope.add(PRODUCTION);
        }

        let mut candidates = Vec::new();
        if let Some((clause, params)) = candidate_clause(&kinds, context, &policy) {
            let mut conditions = scope.clone();
            conditions.add_with(&clause, params);
            candidates.extend(self.credential_rows(&conditions, None)?);
        }
        if kinds.contains(&FindingKind::BroadFederatedTrust) {
            let mut conditions = scope.clone();
            conditions.add(BROAD_TRUST);
            let seen: HashSet<String> = candidates.iter().map(|row| row.id.clone()).collect();
            for row in self.credential_rows(&conditions, None)? {
                if !seen.contains(&row.id) {
                    candidates.push(row);
                }
            }
        }

        let mut identities = IdentityCache::default();
        let mut findings = Vec::new();
        for row in &candidates {
            let identity = identities.get(self, row.identity)?;
            let facts = credential_facts(row, identity.map(|(_, view)| view))?;
            let identity_row = identity.map(|(identity_row, _)| identity_row.clone());
            if query.production_only && !facts.is_production() {
                continue;
            }
            for finding in rules::assess_credential(&facts, context.as_of, &policy).findings {
                if kinds.contains(&finding.kind) {
                    let shown = self.credential_finding(&finding, row, identity_row.as_ref())?;
                    findings.push((finding.kind, shown));
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
        let filters = FederatedQuery {
            page: PageRequest::default(),
            ..query.clone()
        };
        let window = Window::new(
            &query.page,
            &page::scope("list_federated_credentials", &filters),
        )?;
        let mut conditions = Conditions::default();
        conditions.add_with("c.credential_type = ?", [text(FEDERATED)]);
        if let Some(app) = &query.app {
            conditions.add_with("c.app = ?", [text(self.known_app(app)?)]);
        }

        if query.broad_only {
            conditions.add(BROAD_TRUST);
        }

        let total = self.count(
            &format!(
                "SELECT count(*) FROM credentials c LEFT JOIN entities e ON e.id = c.identity {}",
                conditions.where_clause()
            ),
            params_from_iter(conditions.params()),
        )?;
        let mut identities = IdentityCache::default();
        let mut items = Vec::new();
        for row in self.credential_rows(&conditions, Some(&window))? {
            let identity = identities.get(self, row.identity)?;
            items.push(federated(
                &row,
                identity.map(|(row, _)| row),
                &trust_of(&row),
            ));
        }
        Ok(window.page(items, total))
    }

    /// The credentials of one identity, sorted by name and id.
    pub(crate) fn credentials_of(&self, identity: i64) -> Result<Vec<CredentialRow>> {
        let mut conditions = Conditions::default();
        conditions.add_with("c.identity = ?", [sql::int(identity)]);
        self.credential_rows(&conditions, None)
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
            .map(|finding| self.credential_finding(finding, row, identity.as_ref()))
            .collect::<Result<Vec<_>>>()?;
        Ok((summary, findings))
    }

    /// A credential rule's finding as the views show it, naming the owning account: the
    /// summary names the identity by its name and app rather than its BRN, and the evidence
    /// gains an `account` object with the identity's BRN, name and app, the employee it is
    /// (`IS`) and the emails of its owners (`OWNS`).
    fn credential_finding(
        &self,
        finding: &Finding,
        row: &CredentialRow,
        identity: Option<&IdentityRow>,
    ) -> Result<RiskFinding> {
        let mut res = risk_finding(finding, &row.app)?;
        let Some(identity) = identity else {
            return Ok(res);
        };

        let linked = self.linked_people(identity.id)?;
        let employee = linked
            .iter()
            .find(|person| !person.owns)
            .map(|person| person.email.clone());
        let owners: Vec<String> = linked
            .iter()
            .filter(|person| person.owns)
            .map(|person| person.email.clone())
            .collect();
        let account = serde_json::json!({
            "identity_brn": identity.brn,
            "identity_name": identity.name,
            "app": identity.app,
            "employee": employee,
            "owners": owners,
        });
        if let serde_json::Value::Object(evidence) = &mut res.evidence {
            evidence.insert("account".to_owned(), account);
        } else {
            res.evidence = serde_json::json!({ "details": res.evidence, "account": account });
        }

        let brn = identity.brn.as_str();
        if !brn.is_empty() {
            let named = format!("{} ({})", identity.name, identity.app);
            res.summary = res.summary.replace(brn, &named);
        }
        Ok(res)
    }

    /// Credentials matching `conditions`, sorted by app, identity name, name and id; only
    /// those of `window` when given.
    fn credential_rows(
        &self,
        conditions: &Conditions,
        window: Option<&Window>,
    ) -> Result<Vec<CredentialRow>> {
        let (limit, offset) = window.map_or((-1, 0), Window::sql);
        self.rows(
            &format!(
                "SELECT {CREDENTIAL_COLUMNS} FROM credentials c \
                 LEFT JOIN entities e ON e.id = c.identity {} \
                 ORDER BY c.app, e.name, c.name, c.id LIMIT ? OFFSET ?",
                conditions.where_clause()
            ),
            params_from_iter(conditions.params_with(&[limit, offset])),
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
        let entry = match self.entries.entry(identity) {
            Entry::Occupied(occupied) => occupied.into_mut(),
            Entry::Vacant(vacant) => {
                let loaded = match store.identity_row(identity)? {
                    Some(row) => {
                        let view = row.view()?;
                        Some((row, view))
                    }
                    None => None,
                };
                vacant.insert(loaded)
            }
        };
        Ok(entry.as_ref().map(|(row, view)| (row, view)))
    }
}

fn credential_facts(
    row: &CredentialRow,
    identity: Option<&IdentityView>,
) -> Result<CredentialFacts> {
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
        identity_name: identity
            .map(|(row, _)| row.name.clone())
            .unwrap_or_default(),
        app: row.app.clone(),
        integration_id: row.integration.clone(),
        environment: identity.and_then(|(row, _)| row.environment.clone()),
        created_at: crate::store::dates::instant_of(row.created_at).unwrap_or_default(),
        last_rotated_at: row
            .last_rotated_at
            .and_then(crate::store::dates::instant_of),
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
        reasons: assessment
            .concerns
            .iter()
            .map(ToString::to_string)
            .collect(),
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
        let known: Vec<&str> = CredentialType::KNOWN
            .iter()
            .map(CredentialType::as_str)
            .collect();
        let message = format!(
            "{:?} is not a credential type; use one of {}",
            crate::error::shorten(given),
            known.join(", ")
        );
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

/// A pre-filter for the credential rules: credentials that may have a finding of one of
/// `kinds` other than broad trust, with its parameters; `None` when no such kind is asked.
/// It lets through a superset; the rules decide. Each alternative is a separate, indexed
/// selection of ids, so that no query walks every credential.
fn candidate_clause(
    kinds: &[FindingKind],
    context: &Context,
    policy: &CredentialPolicy,
) -> Option<(String, Vec<rusqlite::types::Value>)> {
    let now = context.now_seconds();
    let mut alternatives = Vec::new();
    let mut params = Vec::new();
    if kinds.contains(&FindingKind::ExpiredCredential) {
        alternatives.push("SELECT id FROM credentials WHERE status = 'expired'");
        alternatives.push("SELECT id FROM credentials WHERE expires_at <= ?");
        params.push(sql::int(now));
    }
    if kinds.contains(&FindingKind::ExpiringCredential) {
        alternatives.push("SELECT id FROM credentials WHERE expires_at <= ?");
        params.push(sql::int(now + days(policy.expiring_within_days)));
    }
    if kinds.contains(&FindingKind::UnrotatedCredential) {
        alternatives
            .push("SELECT id FROM credentials WHERE coalesce(last_rotated_at, created_at) <= ?");
        params.push(sql::int(now - days(policy.unrotated_after_days)));
    }
    if kinds.contains(&FindingKind::ActiveCredentialOnInactiveIdentity) {
        alternatives.push(
            "SELECT id FROM credentials WHERE identity IN \
             (SELECT id FROM entities WHERE active = 0)",
        );
    }
    if alternatives.is_empty() {
        return None;
    }
    Some((
        format!("c.id IN ({})", alternatives.join(" UNION ")),
        params,
    ))
}

/// `n` days in seconds.
fn days(n: u32) -> i64 {
    i64::from(n) * 86_400
}
