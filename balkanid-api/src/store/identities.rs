//! Identity reads: listing and finding identities, their linked people, the risky ones, and
//! walking the relations between entities.

use balkanid_domain::ids::{Brn, IdError};
use balkanid_domain::rules::{self, Finding, FindingKind, IdentityFacts, IdentityPolicy, Subject};
use rusqlite::params_from_iter;

use crate::error::{Error, Result};
use crate::query::{
    Direction, IdentityKey, IdentityQuery, IdentityRiskKind, IdentityType, Page, PageRequest,
    RelationshipQuery, RiskyIdentityQuery,
};
use crate::store::page::{self, Window};
use crate::store::rows::{IDENTITY_COLUMNS, IdentityRow};
use crate::store::sql::{self, Conditions, int, text};
use crate::store::{Context, Store, suggest};
use crate::views::{EntityRef, IdentityDetail, IdentitySummary, RelationshipEdge, RiskFinding};

/// How many steps a transitive walk of relations follows at most.
pub(crate) const MAX_DEPTH: i64 = 8;

/// How many connections or resources a detail view lists at most.
pub(crate) const DETAIL_LIMIT: i64 = 100;

/// How many keys a not-found error compares against at most.
pub(crate) const SUGGESTION_CANDIDATES: i64 = 50_000;

impl Store {
    /// See [`crate::Tenant::list_identities`].
    pub fn list_identities(
        &mut self,
        context: &Context,
        query: &IdentityQuery,
    ) -> Result<Page<IdentitySummary>> {
        let filters = IdentityQuery {
            page: PageRequest::default(),
            ..query.clone()
        };
        let window = Window::new(&query.page, &page::scope("list_identities", &filters))?;
        if let Some(email) = &query.email {
            self.check_known_email_for("person or account (email)", email)?;
        }
        let mut query = query.clone();
        if let Some(app) = &query.app {
            query.app = Some(self.known_app(app)?);
        }
        if let Some(integration) = &query.integration_id {
            query.integration_id = Some(self.known_value(
                "integration_id",
                integration,
                "SELECT id FROM integrations UNION SELECT integration FROM entities \
                 WHERE integration IS NOT NULL",
            )?);
        }
        let conditions = identity_conditions(context, &query);

        let where_clause = conditions.where_clause();
        let total = self.count(
            &format!("SELECT count(*) FROM entities e {where_clause}"),
            params_from_iter(conditions.params()),
        )?;
        let (limit, offset) = window.sql();
        let rows = self.rows(
            &format!(
                "SELECT {IDENTITY_COLUMNS} FROM entities e {where_clause} \
                 ORDER BY e.app, e.name, e.brn LIMIT ? OFFSET ?"
            ),
            params_from_iter(conditions.params_with(&[limit, offset])),
            IdentityRow::read,
        )?;

        let items = rows
            .iter()
            .map(|row| self.identity_summary(context, row))
            .collect::<Result<Vec<_>>>()?;
        Ok(window.page(items, total))
    }

    /// See [`crate::Tenant::get_identity`].
    pub fn get_identity(&mut self, context: &Context, key: &IdentityKey) -> Result<IdentityDetail> {
        let row = self.find_identity(key)?;
        self.identity_detail(context, &row)
    }

    /// See [`crate::Tenant::find_risky_identities`].
    pub fn find_risky_identities(
        &mut self,
        context: &Context,
        query: &RiskyIdentityQuery,
    ) -> Result<Page<RiskFinding>> {
        let filters = RiskyIdentityQuery {
            page: PageRequest::default(),
            ..query.clone()
        };
        let window = Window::new(&query.page, &page::scope("find_risky_identities", &filters))?;
        let kinds: Vec<FindingKind> = if query.kinds.is_empty() {
            FindingKind::ALL
                .iter()
                .copied()
                .filter(|k| k.is_about_identities())
                .collect()
        } else {
            query.kinds.iter().map(|kind| finding_kind(*kind)).collect()
        };
        let dormant_after_days = query.dormant_after_days.unwrap_or(90);
        let policy = IdentityPolicy::default().dormant_after_days(dormant_after_days);

        let mut conditions = Conditions::default();
        conditions.add("e.entity_type = 'identity' AND e.active = 1");
        if let Some(app) = &query.app {
            conditions.add_with("e.app = ?", [text(self.known_app(app)?)]);
        }
        if let Some(identity_type) = query.identity_type {
            conditions.add_with(
                "e.identity_type = ?",
                [text(identity_type_name(identity_type))],
            );
        }
        conditions.add_with(
            &candidate_clause(&kinds),
            candidate_params(&kinds, context, dormant_after_days),
        );
        let rows = self.rows(
            &format!(
                "SELECT {IDENTITY_COLUMNS} FROM entities e {} ORDER BY e.app, e.name, e.brn",
                conditions.where_clause()
            ),
            params_from_iter(conditions.params()),
            IdentityRow::read,
        )?;

        let mut findings = Vec::new();
        for row in &rows {
            let facts = self.identity_facts(row)?;
            for finding in rules::assess_identity(&facts, context.as_of, &policy) {
                if kinds.contains(&finding.kind) {
                    findings.push((finding.kind, risk_finding(&finding, &row.app)?));
                }
            }
        }
        Ok(window.slice(sorted_findings(findings)))
    }

    /// See [`crate::Tenant::list_entity_relationships`].
    pub fn list_entity_relationships(
        &mut self,
        context: &Context,
        query: &RelationshipQuery,
    ) -> Result<Page<RelationshipEdge>> {
        let _ = context;
        let filters = RelationshipQuery {
            page: PageRequest::default(),
            ..query.clone()
        };
        let window = Window::new(
            &query.page,
            &page::scope("list_entity_relationships", &filters),
        )?;
        let start = self.entity_id(&query.brn)?;
        let max_depth = if query.transitive { MAX_DEPTH } else { 1 };
        let (from, to) = match query.direction {
            Direction::Up => ("child", "parent"),
            Direction::Down => ("parent", "child"),
        };

        let walk = format!(
            "WITH RECURSIVE walk (edge, node, depth) AS ( \
                 SELECT id, {to}, 1 FROM entity_relations WHERE {from} = ?1 \
                 UNION \
                 SELECT er.id, er.{to}, w.depth + 1 FROM entity_relations er \
                 JOIN walk w ON er.{from} = w.node WHERE w.depth < ?2 \
             ), edges AS (SELECT edge, min(depth) AS depth FROM walk GROUP BY edge)"
        );
        let total = self.count(
            &format!("{walk} SELECT count(*) FROM edges"),
            [start, max_depth],
        )?;
        let (limit, offset) = window.sql();
        let items = self.rows(
            &format!(
                "{walk} SELECT ed.depth, er.privilege_name, er.connection_type, \
                     p.brn, p.name, p.entity_type, p.source_type, p.app, \
                     c.brn, c.name, c.entity_type, c.source_type, c.app \
                 FROM edges ed JOIN entity_relations er ON er.id = ed.edge \
                 JOIN entities p ON p.id = er.parent JOIN entities c ON c.id = er.child \
                 ORDER BY ed.depth, p.name, c.name, er.id LIMIT ?3 OFFSET ?4"
            ),
            [start, max_depth, limit, offset],
            |row| {
                let entity = |at: usize| -> rusqlite::Result<EntityRef> {
                    Ok(EntityRef {
                        brn: row.get(at)?,
                        name: row.get(at + 1)?,
                        entity_type: row.get(at + 2)?,
                        source_type: row.get(at + 3)?,
                        app: row.get(at + 4)?,
                    })
                };
                Ok(RelationshipEdge {
                    depth: row.get::<_, u32>(0)?,
                    privilege_name: row.get(1)?,
                    connection_type: row.get(2)?,
                    parent: entity(3)?,
                    child: entity(8)?,
                })
            },
        )?;
        Ok(window.page(items, total))
    }

    /// An identity's summary: its columns with the employee it is and its owners.
    pub(crate) fn identity_summary(
        &self,
        context: &Context,
        row: &IdentityRow,
    ) -> Result<IdentitySummary> {
        let linked = self.linked_people(row.id)?;
        let employee = linked
            .iter()
            .find(|l| !l.owns)
            .map(|l| l.reference(context.as_of));
        let owners = linked
            .iter()
            .filter(|l| l.owns)
            .map(|l| l.reference(context.as_of))
            .collect();

        Ok(IdentitySummary {
            brn: row.brn.clone(),
            app: row.app.clone(),
            integration_id: row.integration.clone(),
            name: row.name.clone(),
            handle: row.handle.clone().unwrap_or_else(|| row.source_id.clone()),
            email: row.email.clone(),
            identity_type: identity_type_of(row.identity_type.as_deref()),
            source_type: row.source_type.clone(),
            status: row.status.clone().unwrap_or_else(|| "active".to_owned()),
            environment: row.environment.clone(),
            last_login: row.last_login_at(),
            employee,
            owners,
        })
    }

    /// An identity with its linked employees and owners, as the identity rules take it.
    pub(crate) fn identity_facts(&self, row: &IdentityRow) -> Result<IdentityFacts> {
        let mut facts = IdentityFacts::new(row.view()?);
        for linked in self.linked_people(row.id)? {
            let Some(employee) = linked.rule_view() else {
                continue;
            };
            facts = if linked.owns {
                facts.with_owner(employee)
            } else {
                facts.with_linked_employee(employee)
            };
        }
        Ok(facts)
    }

    /// An identity row by its entity id.
    pub(crate) fn identity_row(&self, id: i64) -> Result<Option<IdentityRow>> {
        let rows = self.rows(
            &format!("SELECT {IDENTITY_COLUMNS} FROM entities e WHERE e.id = ?1"),
            [id],
            IdentityRow::read,
        )?;
        Ok(rows.into_iter().next())
    }

    /// The identity findings of one identity under the default policy.
    pub(crate) fn identity_findings(
        &self,
        context: &Context,
        row: &IdentityRow,
    ) -> Result<Vec<RiskFinding>> {
        let facts = self.identity_facts(row)?;
        rules::assess_identity(&facts, context.as_of, &IdentityPolicy::default())
            .iter()
            .map(|finding| risk_finding(finding, &row.app))
            .collect()
    }

    /// Resources an entity reaches by walking down its relations: the first
    /// [`DETAIL_LIMIT`], sorted by app, name and BRN, and how many there are.
    pub(crate) fn reachable_resources(&self, entity: i64) -> Result<(Vec<EntityRef>, u64)> {
        let walk = "WITH RECURSIVE reach (id, depth) AS ( \
                 SELECT child, 1 FROM entity_relations WHERE parent = ?1 \
                 UNION \
                 SELECT er.child, r.depth + 1 FROM entity_relations er \
                 JOIN reach r ON er.parent = r.id WHERE r.depth < ?2 \
             )";
        let filter = "FROM entities x WHERE x.id IN (SELECT id FROM reach) \
                      AND x.entity_type = 'resource'";
        let total = self.count(
            &format!("{walk} SELECT count(*) {filter}"),
            [entity, MAX_DEPTH],
        )?;
        let items = self.rows(
            &format!(
                "{walk} SELECT x.brn, x.name, x.entity_type, x.source_type, x.app {filter} \
                 ORDER BY x.app, x.name, x.brn LIMIT ?3"
            ),
            [entity, MAX_DEPTH, DETAIL_LIMIT],
            read_entity_ref,
        )?;
        Ok((items, total))
    }

    fn identity_detail(&self, context: &Context, row: &IdentityRow) -> Result<IdentityDetail> {
        let identity = self.identity_summary(context, row)?;
        let connections_from = "FROM entity_relations er JOIN entities x ON x.id = er.child \
                                WHERE er.parent = ?1";
        let n_connections = self.count(&format!("SELECT count(*) {connections_from}"), [row.id])?;
        let connections = self.rows(
            &format!(
                "SELECT x.brn, x.name, x.entity_type, x.source_type, x.app {connections_from} \
                 ORDER BY x.app, x.name, x.brn LIMIT ?2"
            ),
            [row.id, DETAIL_LIMIT],
            read_entity_ref,
        )?;
        let (resources, n_resources) = self.reachable_resources(row.id)?;

        let mut findings = self.identity_findings(context, row)?;
        let mut credentials = Vec::new();
        for credential in self.credentials_of(row.id)? {
            let (summary, credential_findings) =
                self.assess_credential_row(context, &credential, None)?;
            credentials.push(summary);
            findings.extend(credential_findings);
        }

        Ok(IdentityDetail {
            identity,
            connections,
            n_connections,
            resources,
            n_resources,
            credentials,
            findings,
        })
    }

    fn find_identity(&self, key: &IdentityKey) -> Result<IdentityRow> {
        let (what_key, matching, app) = match key {
            IdentityKey::Brn(brn) => {
                check_brn_syntax("brn", brn)?;
                let rows = self.rows(
                    &format!(
                        "SELECT {IDENTITY_COLUMNS} FROM entities e \
                         WHERE e.brn = ?1 AND e.entity_type = 'identity'"
                    ),
                    [brn.trim()],
                    IdentityRow::read,
                )?;
                return match rows.into_iter().next() {
                    Some(row) => Ok(row),
                    None => Err(self.missing_brn(brn, "identity")?),
                };
            }
            IdentityKey::Email { email, app } => {
                let rows = self.rows(
                    &format!(
                        "SELECT {IDENTITY_COLUMNS} FROM entities e \
                         WHERE e.entity_type = 'identity' AND e.id IN ( \
                             SELECT id FROM entities WHERE email_key = ?1 \
                             UNION SELECT identity FROM relations \
                             WHERE employee_key = ?1 AND relation_type = 'IS') \
                         ORDER BY e.app, e.name, e.brn"
                    ),
                    [sql::key(email)],
                    IdentityRow::read,
                )?;
                (("email", email), rows, app)
            }
            IdentityKey::Handle { handle, app } => {
                let rows = self.rows(
                    &format!(
                        "SELECT {IDENTITY_COLUMNS} FROM entities e \
                         WHERE e.entity_type = 'identity' AND e.handle_key = ?1 \
                         ORDER BY e.app, e.name, e.brn"
                    ),
                    [sql::key(handle)],
                    IdentityRow::read,
                )?;
                (("handle", handle), rows, app)
            }
        };
        let (argument, value) = what_key;

        let in_app: Vec<IdentityRow> = match app {
            Some(app) => matching
                .iter()
                .filter(|row| row.app.eq_ignore_ascii_case(app.trim()))
                .cloned()
                .collect(),
            None => matching.clone(),
        };
        if let [row] = in_app.as_slice() {
            return Ok(row.clone());
        }
        match in_app.len() {
            0 if !matching.is_empty() => {
                let apps: Vec<&str> = matching.iter().map(|row| row.app.as_str()).collect();
                let message = format!(
                    "{} has no account in {}; it has accounts in {}",
                    crate::error::shorten(value),
                    crate::error::shorten(app.as_deref().unwrap_or_default()),
                    apps.join(", ")
                );
                Err(Error::invalid("app", message))
            }
            0 => {
                let candidates = match argument {
                    "email" => self.identity_emails()?,
                    _ => self.identity_handles()?,
                };
                Err(suggest::not_found("identity", value, candidates))
            }
            _ if app.is_none() => {
                let mut apps: Vec<&str> = in_app.iter().map(|row| row.app.as_str()).collect();
                apps.dedup();
                let message = format!(
                    "{} matches {} accounts, in {}; give app to choose one, or a brn",
                    crate::error::shorten(value),
                    in_app.len(),
                    apps.join(", ")
                );
                Err(Error::invalid("app", message))
            }
            _ => {
                let brns: Vec<&str> = in_app.iter().map(|row| row.brn.as_str()).collect();
                let message = format!(
                    "{} matches {} accounts in that app: {}; give the brn of one",
                    crate::error::shorten(value),
                    in_app.len(),
                    brns.join(", ")
                );
                Err(Error::invalid(argument, message))
            }
        }
    }

    /// Why no identity has `brn`: another kind of entity has it (an
    /// [`Error::InvalidArgument`] saying which), or nothing does (an [`Error::NotFound`] with
    /// the nearest identity BRNs).
    fn missing_brn(&self, brn: &str, wanted: &str) -> Result<Error> {
        let stored: Option<String> = self
            .rows(
                "SELECT entity_type FROM entities WHERE brn = ?1",
                [brn.trim()],
                |row| row.get(0),
            )?
            .into_iter()
            .next();
        let kind = stored.or_else(|| {
            let parsed: Option<Brn> = brn.parse().ok();
            parsed.map(|parsed| parsed.kind().to_owned())
        });
        if let Some(kind) = kind.filter(|kind| kind != wanted) {
            let message = format!(
                "that BRN is a {kind}, not an {wanted}; an {wanted} BRN has `{wanted}` as its \
                 type, such as brn:bid:balkanid:::<tenant>:{wanted}:<id>"
            );
            return Ok(Error::invalid("brn", message));
        }
        Ok(suggest::not_found(
            "identity (brn)",
            brn,
            self.identity_brns()?,
        ))
    }

    /// The id of the entity with this BRN.
    fn entity_id(&self, brn: &str) -> Result<i64> {
        check_brn_syntax("brn", brn)?;
        let ids = self.rows(
            "SELECT id FROM entities WHERE brn = ?1",
            [brn.trim()],
            |row| row.get(0),
        )?;
        match ids.first() {
            Some(id) => Ok(*id),
            None => {
                let candidates = self.rows(
                    "SELECT brn FROM entities LIMIT ?1",
                    [SUGGESTION_CANDIDATES],
                    |row| row.get(0),
                )?;
                Err(suggest::not_found("entity", brn, candidates))
            }
        }
    }

    /// Checks that an email is some employee's or some identity's.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] with the nearest emails when it is no one's.
    pub(crate) fn check_known_email(&self, email: &str) -> Result<()> {
        let n = self.count(
            "SELECT (SELECT count(*) FROM employees WHERE email_key = ?1) \
                  + (SELECT count(*) FROM entities WHERE email_key = ?1)",
            [sql::key(email)],
        )?;
        if n > 0 {
            return Ok(());
        }
        Err(suggest::not_found(
            "person or account",
            email,
            self.identity_emails()?,
        ))
    }

    /// [`Store::check_known_email`] whose not-found error says `what` was looked for, naming
    /// the argument, such as `person or account (owner)`.
    pub(crate) fn check_known_email_for(&self, what: &'static str, email: &str) -> Result<()> {
        self.check_known_email(email)
            .map_err(|error| suggest::naming(error, what))
    }

    fn identity_brns(&self) -> Result<Vec<String>> {
        self.rows(
            "SELECT brn FROM entities WHERE entity_type = 'identity' LIMIT ?1",
            [SUGGESTION_CANDIDATES],
            |row| row.get(0),
        )
    }

    fn identity_emails(&self) -> Result<Vec<String>> {
        self.rows(
            "SELECT email FROM entities WHERE entity_type = 'identity' AND email IS NOT NULL \
             UNION SELECT email FROM employees LIMIT ?1",
            [SUGGESTION_CANDIDATES],
            |row| row.get(0),
        )
    }

    fn identity_handles(&self) -> Result<Vec<String>> {
        self.rows(
            "SELECT DISTINCT handle FROM entities WHERE entity_type = 'identity' \
             AND handle IS NOT NULL LIMIT ?1",
            [SUGGESTION_CANDIDATES],
            |row| row.get(0),
        )
    }
}

/// Checks that `brn` is a well-formed BRN.
///
/// # Errors
///
/// [`Error::InvalidArgument`] naming `argument`, saying which part is wrong and what a BRN
/// looks like.
pub(crate) fn check_brn_syntax(argument: &str, brn: &str) -> Result<()> {
    let Err(error) = brn.parse::<Brn>() else {
        return Ok(());
    };
    let reason = match error {
        IdError::Brn { part, problem, .. } => format!("its {part} {problem}"),
        _ => "it does not parse".to_owned(),
    };
    let message = format!(
        "{:?} is not a well-formed BRN: {reason}; a BRN looks like \
         brn:bid:balkanid:::<tenant>:<type>:<id>, such as \
         brn:bid:balkanid:::01HX3Z0000000000000000TEN1:identity:okta-00u1a2b3c4",
        crate::error::shorten(brn)
    );
    Err(Error::invalid(argument, message))
}

/// The `WHERE` clause of [`Store::list_identities`].
fn identity_conditions(context: &Context, query: &IdentityQuery) -> Conditions {
    let mut conditions = Conditions::default();
    conditions.add("e.entity_type = 'identity'");
    if let Some(app) = &query.app {
        conditions.add_with("e.app = ?", [text(app.trim())]);
    }
    if let Some(integration) = &query.integration_id {
        conditions.add_with("e.integration = ?", [text(integration.trim())]);
    }
    if let Some(identity_type) = query.identity_type {
        conditions.add_with(
            "e.identity_type = ?",
            [text(identity_type_name(identity_type))],
        );
    }
    if let Some(active) = query.active {
        conditions.add_with("e.active = ?", [int(i64::from(active))]);
    }
    if let Some(email) = &query.email {
        conditions.add_with(
            "e.id IN (SELECT id FROM entities WHERE email_key = ? \
             UNION SELECT identity FROM relations WHERE employee_key = ? \
             AND relation_type IN ('IS', 'OWNS'))",
            [text(sql::key(email)), text(sql::key(email))],
        );
    }
    if let Some(handle) = &query.handle {
        conditions.add_with("e.handle_key = ?", [text(sql::key(handle))]);
    }
    if let Some(terminated) = query.terminated {
        let operator = if terminated { "IN" } else { "NOT IN" };
        conditions.add_with(
            &format!("e.id {operator} ({TERMINATED_IDENTITIES})"),
            [int(context.today())],
        );
    }
    if let Some(has_owner) = query.has_owner {
        let clause = if has_owner {
            "(e.employee_key IS NOT NULL OR e.n_owners > 0)"
        } else {
            "(e.employee_key IS NULL AND e.n_owners = 0)"
        };
        conditions.add(clause);
    }
    if let Some(needle) = query.query.as_deref().filter(|q| !q.trim().is_empty()) {
        let pattern = sql::contains_pattern(needle);
        conditions.add_with(
            "(unicode_lower(e.name) LIKE ? ESCAPE '\\' \
             OR unicode_lower(e.handle) LIKE ? ESCAPE '\\' \
             OR unicode_lower(e.email) LIKE ? ESCAPE '\\')",
            [text(pattern.clone()), text(pattern.clone()), text(pattern)],
        );
    }
    conditions
}

/// The identities some terminated employee is (`IS`), given `as_of`'s day number: the
/// employees whose End Date is before that day, as [`rules::is_terminated`] counts them.
const TERMINATED_IDENTITIES: &str = "SELECT r.identity FROM employees emp \
     JOIN relations r ON r.employee_key = emp.email_key AND r.relation_type = 'IS' \
     WHERE emp.end_date < ? AND r.identity IS NOT NULL";

/// A pre-filter for the identity rules: identities that may have a finding of one of
/// `kinds`. It lets through a superset; the rules decide. Each alternative is a separate,
/// indexed selection of ids, so that no query walks every identity.
fn candidate_clause(kinds: &[FindingKind]) -> String {
    let mut alternatives = Vec::new();
    if kinds.contains(&FindingKind::TerminatedWithAccess) {
        alternatives.push(TERMINATED_IDENTITIES);
    }
    if kinds.contains(&FindingKind::Orphaned) {
        alternatives.push(
            "SELECT id FROM entities WHERE employee_key IS NULL AND n_owners = 0 \
             AND entity_type = 'identity'",
        );
    }
    if kinds.contains(&FindingKind::ServiceAccountWithoutOwner) {
        alternatives.push(
            "SELECT id FROM entities WHERE kind = 'service account' \
             AND (primary_owner_key IS NULL \
             OR primary_owner_key IN (SELECT email_key FROM employees WHERE end_date < ?))",
        );
    }
    if kinds.contains(&FindingKind::Dormant) {
        alternatives.push("SELECT id FROM entities WHERE last_login <= ?");
    }
    if alternatives.is_empty() {
        return "0".to_owned();
    }
    format!("e.id IN ({})", alternatives.join(" UNION "))
}

fn candidate_params(
    kinds: &[FindingKind],
    context: &Context,
    dormant_after_days: u32,
) -> Vec<rusqlite::types::Value> {
    let mut res = Vec::new();
    if kinds.contains(&FindingKind::TerminatedWithAccess) {
        res.push(int(context.today()));
    }
    if kinds.contains(&FindingKind::ServiceAccountWithoutOwner) {
        res.push(int(context.today()));
    }
    if kinds.contains(&FindingKind::Dormant) {
        res.push(int(
            context.now_seconds() - i64::from(dormant_after_days) * 86_400
        ));
    }
    res
}

/// The rule's finding kind of an identity risk the query names.
fn finding_kind(kind: IdentityRiskKind) -> FindingKind {
    match kind {
        IdentityRiskKind::TerminatedWithAccess => FindingKind::TerminatedWithAccess,
        IdentityRiskKind::Orphaned => FindingKind::Orphaned,
        IdentityRiskKind::ServiceAccountWithoutOwner => FindingKind::ServiceAccountWithoutOwner,
        IdentityRiskKind::Dormant => FindingKind::Dormant,
    }
}

/// The stored name of an identity type.
pub(crate) fn identity_type_name(identity_type: IdentityType) -> &'static str {
    match identity_type {
        IdentityType::Employee => "employee",
        IdentityType::ServiceAccount => "service_account",
        IdentityType::Bot => "bot",
        IdentityType::Unmapped => "unmapped",
    }
}

fn identity_type_of(name: Option<&str>) -> IdentityType {
    match name {
        Some("service_account") => IdentityType::ServiceAccount,
        Some("bot") => IdentityType::Bot,
        Some("unmapped") => IdentityType::Unmapped,
        _ => IdentityType::Employee,
    }
}

/// The name a [`RiskFinding`] gives a rule's finding kind: the name the risk filters take
/// ([`IdentityRiskKind`] and [`crate::query::CredentialRiskKind`] in snake case), so that a
/// result's kind can be passed back as a filter.
pub(crate) fn finding_kind_name(kind: FindingKind) -> &'static str {
    match kind {
        FindingKind::TerminatedWithAccess => "terminated_with_access",
        FindingKind::Orphaned => "orphaned",
        FindingKind::ServiceAccountWithoutOwner => "service_account_without_owner",
        FindingKind::Dormant => "dormant",
        FindingKind::ExpiredCredential => "expired",
        FindingKind::ExpiringCredential => "expiring",
        FindingKind::UnrotatedCredential => "unrotated",
        FindingKind::ActiveCredentialOnInactiveIdentity => "active_on_inactive_identity",
        FindingKind::BroadFederatedTrust => "broad_federated_trust",
        _ => "other",
    }
}

/// A rule's finding as the views show it.
pub(crate) fn risk_finding(finding: &Finding, app: &str) -> Result<RiskFinding> {
    let (subject, subject_name) = match &finding.subject {
        Subject::Identity { brn, name, .. } => (brn.to_string(), name.clone()),
        Subject::Credential { id, name, .. } => (id.clone(), name.clone()),
        _ => (String::new(), String::new()),
    };
    let evidence = serde_json::to_value(&finding.evidence)
        .map_err(|e| Error::store("describing a finding", e))?;
    Ok(RiskFinding {
        kind: finding_kind_name(finding.kind).to_owned(),
        summary: finding.summary.clone(),
        subject,
        subject_name,
        app: app.to_owned(),
        evidence,
    })
}

/// Findings sorted by kind (in the order of [`FindingKind::ALL`]), then app, subject name
/// and subject.
pub(crate) fn sorted_findings(mut findings: Vec<(FindingKind, RiskFinding)>) -> Vec<RiskFinding> {
    findings.sort_by(|(kind_a, a), (kind_b, b)| {
        kind_a
            .cmp(kind_b)
            .then_with(|| a.app.cmp(&b.app))
            .then_with(|| a.subject_name.cmp(&b.subject_name))
            .then_with(|| a.subject.cmp(&b.subject))
    });
    findings.into_iter().map(|(_, finding)| finding).collect()
}

pub(crate) fn read_entity_ref(row: &rusqlite::Row<'_>) -> rusqlite::Result<EntityRef> {
    Ok(EntityRef {
        brn: row.get(0)?,
        name: row.get(1)?,
        entity_type: row.get(2)?,
        source_type: row.get(3)?,
        app: row.get(4)?,
    })
}
