//! The sandbox database's schema as an ordered list of migrations, applied by
//! [`migrate`] and counted in SQLite's `user_version`.
//!
//! Dates are stored as integers so that shifting a tenant in time is one addition per column:
//! instants as Unix seconds, calendar dates as days since 1970-01-01 (see [`super::dates`]).
//! Columns ending in `_key` hold a lowercase copy of an email or name, for lookups that ignore
//! case. A migration, once released, is never edited: a change is a new entry at the end.

use rusqlite::Connection;

use crate::error::{Error, Result};

/// The migrations, in order; the database's `user_version` counts how many were applied.
const MIGRATIONS: &[&str] = &[MIGRATION_1];

/// The first schema: every snapshot resource, the derived identity linkage, the audit chain.
const MIGRATION_1: &str = r"
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE apps (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT,
    logo TEXT,
    tenant_id TEXT NOT NULL,
    tenant_name TEXT NOT NULL,
    tenant_status TEXT NOT NULL,
    tenant_created_at INTEGER NOT NULL
);

CREATE TABLE admins (
    email_key TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    is_employee INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE integrations (
    id TEXT PRIMARY KEY,
    app TEXT NOT NULL COLLATE NOCASE,
    name TEXT NOT NULL COLLATE NOCASE,
    description TEXT,
    last_run INTEGER,
    status TEXT NOT NULL,
    primary_owner TEXT,
    message TEXT,
    metadata TEXT,
    reviewer_precedence TEXT NOT NULL,
    provisioning_options TEXT,
    extraction_options TEXT,
    reviewer_count INTEGER,
    request_values_templates TEXT,
    request_values_defaults TEXT
);
CREATE INDEX integrations_by_app ON integrations (app, name, id);
CREATE INDEX integrations_by_status ON integrations (status);

CREATE TABLE employees (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    email_key TEXT NOT NULL UNIQUE,
    employee_id TEXT,
    full_name TEXT,
    first_name TEXT,
    last_name TEXT,
    name TEXT NOT NULL COLLATE NOCASE,
    department TEXT COLLATE NOCASE,
    title TEXT COLLATE NOCASE,
    start_date INTEGER NOT NULL,
    end_date INTEGER,
    employment_type TEXT COLLATE NOCASE,
    manager_name TEXT,
    manager_email TEXT,
    manager_key TEXT,
    source_employee_id TEXT,
    roles TEXT NOT NULL,
    metadata_version TEXT,
    metadata TEXT
);
CREATE INDEX employees_by_name ON employees (name, email_key);
CREATE INDEX employees_by_manager ON employees (manager_key, name);
CREATE INDEX employees_by_department ON employees (department);
CREATE INDEX employees_by_employment_type ON employees (employment_type);
CREATE INDEX employees_by_end_date ON employees (end_date);

-- Identities, connections and resources. The identity columns (handle to environment) are
-- read from an identity's metadata; the linkage columns (identity_type to n_owners) are
-- derived from relations.csv after it is imported.
CREATE TABLE entities (
    id INTEGER PRIMARY KEY,
    brn TEXT NOT NULL UNIQUE,
    seen_at INTEGER NOT NULL,
    app TEXT NOT NULL COLLATE NOCASE,
    integration TEXT NOT NULL,
    name TEXT NOT NULL COLLATE NOCASE,
    entity_type TEXT NOT NULL,
    source_system TEXT NOT NULL,
    source_id TEXT NOT NULL,
    source_type TEXT NOT NULL,
    metadata_version TEXT,
    metadata TEXT,
    handle TEXT,
    handle_key TEXT,
    email TEXT,
    email_key TEXT,
    kind TEXT,
    status TEXT,
    active INTEGER,
    last_login INTEGER,
    last_password_change INTEGER,
    environment TEXT,
    identity_type TEXT,
    employee_key TEXT,
    primary_owner_key TEXT,
    n_owners INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX entities_by_source ON entities (app, source_id, entity_type);
CREATE INDEX entities_by_type ON entities (entity_type, app, name, brn);
CREATE INDEX entities_by_integration ON entities (integration, entity_type);
CREATE INDEX entities_by_email ON entities (email_key);
CREATE INDEX entities_by_handle ON entities (handle_key);
CREATE INDEX entities_by_identity_type ON entities (identity_type);
CREATE INDEX entities_by_linkage ON entities (employee_key, n_owners, entity_type);
CREATE INDEX entities_by_kind ON entities (kind, primary_owner_key);
CREATE INDEX entities_by_primary_owner ON entities (primary_owner_key);
CREATE INDEX entities_by_last_login ON entities (last_login);
CREATE INDEX entities_by_active ON entities (active);

-- Edges between entities: the parent holds or grants the child.
CREATE TABLE entity_relations (
    id INTEGER PRIMARY KEY,
    parent INTEGER NOT NULL REFERENCES entities (id),
    child INTEGER NOT NULL REFERENCES entities (id),
    app TEXT NOT NULL,
    seen_at INTEGER NOT NULL,
    integration TEXT NOT NULL,
    child_type TEXT NOT NULL,
    source_system TEXT NOT NULL,
    metadata_version TEXT,
    metadata TEXT,
    privilege_name TEXT,
    connection_type TEXT
);
CREATE INDEX entity_relations_by_parent ON entity_relations (parent, child);
CREATE INDEX entity_relations_by_child ON entity_relations (child, parent);

-- relations.csv: who an identity is (IS) or who owns it (OWNS), in file order (id). The
-- identity is the entity whose app and source id match; NULL when none does.
CREATE TABLE relations (
    id INTEGER PRIMARY KEY,
    identity INTEGER REFERENCES entities (id),
    identity_source_id TEXT NOT NULL,
    username TEXT NOT NULL,
    identity_email TEXT,
    identity_name TEXT NOT NULL,
    app_id TEXT NOT NULL,
    app_name TEXT NOT NULL,
    app_description TEXT,
    relation_type TEXT,
    employee_email TEXT,
    employee_key TEXT,
    employee_name TEXT,
    employee_department TEXT,
    employee_job_title TEXT
);
CREATE INDEX relations_by_identity ON relations (identity, relation_type, id);
CREATE INDEX relations_by_employee ON relations (employee_key, relation_type);

CREATE TABLE entitlements (
    id INTEGER PRIMARY KEY,
    project TEXT,
    privilege_name TEXT NOT NULL,
    privilege_value INTEGER NOT NULL,
    identity_id TEXT,
    username TEXT,
    name TEXT,
    connection TEXT,
    connection_type TEXT,
    resource TEXT,
    resource_type TEXT,
    employee_id TEXT,
    labels TEXT,
    identity_type TEXT,
    connection_provider TEXT,
    connection_provider_type TEXT,
    metadata TEXT
);
CREATE INDEX entitlements_by_identity ON entitlements (identity_id);

CREATE TABLE business_owners (
    id INTEGER PRIMARY KEY,
    entity_id TEXT NOT NULL,
    entity_name TEXT,
    entity_type TEXT NOT NULL,
    source_type TEXT,
    integration_id TEXT NOT NULL,
    integration_name TEXT,
    integration_description TEXT,
    primary_owner_email TEXT NOT NULL,
    primary_owner_key TEXT NOT NULL,
    secondary_owner_emails TEXT NOT NULL
);
CREATE INDEX business_owners_by_entity ON business_owners (entity_id);
CREATE INDEX business_owners_by_owner ON business_owners (primary_owner_key);

-- trust_breadth is the trust rule's judgement (narrow, broad, wildcard) under the default
-- policy, computed at import for federated credentials; it does not depend on the present.
CREATE TABLE credentials (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL COLLATE NOCASE,
    credential_type TEXT NOT NULL,
    status TEXT NOT NULL,
    identity_brn TEXT NOT NULL,
    identity INTEGER REFERENCES entities (id),
    app TEXT NOT NULL COLLATE NOCASE,
    integration TEXT NOT NULL,
    source_id TEXT,
    created_at INTEGER NOT NULL,
    last_rotated_at INTEGER,
    last_used_at INTEGER,
    expires_at INTEGER,
    issuer TEXT,
    subject TEXT,
    audiences TEXT NOT NULL,
    metadata_version TEXT,
    metadata TEXT,
    trust_breadth TEXT
);
CREATE INDEX credentials_by_identity ON credentials (identity);
CREATE INDEX credentials_by_app ON credentials (app, credential_type);
CREATE INDEX credentials_by_type ON credentials (credential_type);
CREATE INDEX credentials_by_expiry ON credentials (expires_at);
CREATE INDEX credentials_by_status ON credentials (status);
CREATE INDEX credentials_by_trust ON credentials (trust_breadth);
CREATE INDEX credentials_by_rotation ON credentials (coalesce(last_rotated_at, created_at));

CREATE TABLE campaigns (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL COLLATE NOCASE,
    name_key TEXT NOT NULL UNIQUE,
    description TEXT,
    status TEXT NOT NULL,
    start_date INTEGER NOT NULL,
    end_date INTEGER NOT NULL,
    percentage_completed REAL NOT NULL,
    is_published INTEGER NOT NULL,
    recurrence TEXT,
    escalation TEXT,
    escalation_date INTEGER
);
CREATE INDEX campaigns_by_end_date ON campaigns (end_date, name);
CREATE INDEX campaigns_by_status ON campaigns (status);

-- Review items of campaigns (campaign_key set) and of access requests (campaign_key NULL).
CREATE TABLE reviews (
    id TEXT PRIMARY KEY,
    permission_name TEXT NOT NULL COLLATE NOCASE,
    permission_value INTEGER NOT NULL,
    resource TEXT,
    resource_type TEXT,
    identity_id TEXT,
    identity_type TEXT NOT NULL,
    identity_email TEXT,
    identity_username TEXT,
    identity_name TEXT,
    employee_id TEXT,
    employee_email TEXT,
    employee_key TEXT,
    job_title TEXT,
    department TEXT,
    manager TEXT,
    employment_type TEXT,
    campaign_name TEXT,
    campaign_key TEXT,
    application_name TEXT NOT NULL COLLATE NOCASE,
    application_description TEXT,
    connection TEXT,
    connection_type TEXT,
    reviewer TEXT NOT NULL,
    reviewer_email TEXT NOT NULL,
    reviewer_key TEXT NOT NULL,
    created INTEGER NOT NULL,
    completed INTEGER,
    status TEXT NOT NULL,
    activity_log TEXT,
    review_type TEXT,
    labels TEXT,
    recommendation TEXT,
    purpose_id TEXT,
    employee_id_for_purpose TEXT
);
CREATE INDEX reviews_by_campaign ON reviews (campaign_key, status);
CREATE INDEX reviews_by_reviewer ON reviews (reviewer_key, status);
CREATE INDEX reviews_by_created ON reviews (created, id);
CREATE INDEX reviews_by_application ON reviews (application_name);
CREATE INDEX reviews_by_permission ON reviews (permission_name);
CREATE INDEX reviews_by_identity_email ON reviews (identity_email COLLATE NOCASE);
CREATE INDEX reviews_by_identity_username ON reviews (identity_username COLLATE NOCASE);
CREATE INDEX reviews_by_identity_id ON reviews (identity_id);
CREATE INDEX reviews_by_employee ON reviews (employee_key);

-- requests.csv: one row per requested grant or revocation, in file order (id).
CREATE TABLE requests (
    id INTEGER PRIMARY KEY,
    request_id TEXT NOT NULL,
    requester TEXT NOT NULL,
    requester_key TEXT NOT NULL,
    username TEXT NOT NULL,
    work_email TEXT NOT NULL,
    work_email_key TEXT NOT NULL,
    reference TEXT,
    duration TEXT,
    expiration_date INTEGER,
    provision_date INTEGER,
    source TEXT,
    source_id TEXT,
    request_type TEXT,
    app_id TEXT,
    connection TEXT,
    connection_type TEXT,
    resource TEXT,
    resource_type TEXT,
    privilege_name TEXT,
    privilege_value INTEGER,
    kind TEXT NOT NULL,
    metadata TEXT NOT NULL,
    scheduled_date INTEGER,
    entity_review_id TEXT,
    purpose_id TEXT,
    purpose_review_id TEXT
);
CREATE INDEX requests_by_request ON requests (request_id, id);
CREATE INDEX requests_by_requester ON requests (requester_key);
CREATE INDEX requests_by_employee ON requests (work_email_key);
CREATE INDEX requests_by_purpose ON requests (purpose_id);
CREATE INDEX requests_by_entity_review ON requests (entity_review_id);
CREATE INDEX requests_by_purpose_review ON requests (purpose_review_id);

CREATE TABLE purposes (
    brn TEXT PRIMARY KEY,
    name TEXT NOT NULL COLLATE NOCASE,
    description TEXT NOT NULL,
    pre_expiry_notification TEXT,
    department TEXT COLLATE NOCASE,
    job_title TEXT,
    team TEXT,
    owner TEXT,
    owner_key TEXT,
    birthright TEXT,
    entity_brns TEXT NOT NULL
);
CREATE INDEX purposes_by_name ON purposes (name, brn);
CREATE INDEX purposes_by_department ON purposes (department);
CREATE INDEX purposes_by_owner ON purposes (owner_key);

-- findings.csv: BalkanID's own stored findings, kept for export.
CREATE TABLE findings (
    id TEXT PRIMARY KEY,
    employee TEXT,
    identity TEXT,
    labels TEXT,
    integration TEXT,
    name TEXT,
    description TEXT,
    value TEXT,
    metadata TEXT,
    reason TEXT,
    rule TEXT,
    assigned_to TEXT,
    workflow_status TEXT,
    created_at INTEGER,
    updated_at INTEGER,
    activity_log TEXT
);

-- The audit trail: each record holds the hash of the one before it. Its times are real
-- times, never shifted.
CREATE TABLE audit_events (
    sequence INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    operation TEXT NOT NULL,
    targets TEXT NOT NULL,
    decision TEXT,
    reason TEXT,
    result TEXT NOT NULL,
    previous_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_events_by_actor ON audit_events (actor COLLATE NOCASE);
CREATE INDEX audit_events_by_at ON audit_events (at);
CREATE INDEX audit_events_by_operation ON audit_events (operation);
";

/// How many migrations this version of the crate knows.
pub(crate) fn latest_version() -> u32 {
    MIGRATIONS.len() as u32
}

/// Brings the database to the latest schema, one migration per transaction.
///
/// # Errors
///
/// [`Error::Store`] when a migration fails, or when the database was written by a newer
/// version of this crate.
pub(crate) fn migrate(connection: &mut Connection) -> Result<()> {
    let action = "updating the database schema";
    let version: u32 = connection
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .map_err(|e| Error::store(action, e))?;
    if version > latest_version() {
        let message = format!(
            "the database has schema version {version}, newer than this program's {}; \
             use a newer program or import the snapshot again",
            latest_version()
        );
        return Err(Error::Store {
            action: action.to_owned(),
            source: crate::error::StoreError::message(message),
        });
    }

    for (index, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let transaction = connection
            .transaction()
            .map_err(|e| Error::store(action, e))?;
        transaction
            .execute_batch(sql)
            .map_err(|e| Error::store(action, e))?;
        transaction
            .pragma_update(None, "user_version", index as u32 + 1)
            .map_err(|e| Error::store(action, e))?;
        transaction.commit().map_err(|e| Error::store(action, e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_database_gets_every_migration_and_a_second_run_changes_nothing() {
        let mut connection = Connection::open_in_memory().unwrap();

        migrate(&mut connection).unwrap();
        migrate(&mut connection).unwrap();

        let version: u32 = connection
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .unwrap();
        assert_eq!(version, MIGRATIONS.len() as u32);
        let n_audit: i64 = connection
            .query_row("SELECT count(*) FROM audit_events", [], |row| row.get(0))
            .unwrap();
        assert_eq!(n_audit, 0);
    }

    #[test]
    fn a_database_from_a_newer_program_is_refused() {
        let mut connection = Connection::open_in_memory().unwrap();
        connection.pragma_update(None, "user_version", 99).unwrap();

        let error = migrate(&mut connection).unwrap_err();

        assert!(
            error.to_string().contains("updating the database schema"),
            "{error}"
        );
    }
}
