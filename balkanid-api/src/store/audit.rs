//! The audit trail: listing its records and verifying their hash chain.
//!
//! Each record's hash is the SHA-256, in lowercase hexadecimal, of the compact JSON array
//! `[sequence, at, actor, operation, targets, decision, reason, result, previous_hash]`; the
//! first record's previous hash is 64 zeros. Changing, removing or reordering a record breaks
//! the chain at that record or the next.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, params, params_from_iter};
use sha2::{Digest, Sha256};

use crate::error::Result;
use crate::query::{AuditQuery, PageRequest};
use crate::store::page::{self, Window};
use crate::store::source::hex;
use crate::store::sql::{Conditions, text};
use crate::store::{Context, During, Store};
use crate::views::{AuditEvent, AuditLog};

/// The previous hash of the first record.
pub(crate) const GENESIS_HASH: &str =
    "0000000000000000000000000000000000000000000000000000000000000000";

/// What a new audit record says; the chain fields are filled in by [`append`].
#[derive(Clone, Debug)]
#[cfg_attr(
    not(test),
    allow(
        dead_code,
        reason = "the write operations of a later issue append through it"
    )
)]
pub(crate) struct NewEvent {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub operation: String,
    pub targets: Vec<String>,
    pub decision: Option<String>,
    pub reason: Option<String>,
    pub result: String,
}

impl Store {
    /// See [`crate::Tenant::list_audit_events`].
    pub fn list_audit_events(&mut self, context: &Context, query: &AuditQuery) -> Result<AuditLog> {
        let _ = context;
        let filters = AuditQuery {
            page: PageRequest::default(),
            ..query.clone()
        };
        let window = Window::new(&query.page, &page::scope("list_audit_events", &filters))?;
        let mut conditions = Conditions::default();
        if let Some(actor) = &query.actor {
            let actor = self.known_value(
                "actor",
                actor,
                "SELECT DISTINCT actor FROM audit_events UNION SELECT email FROM employees",
            )?;
            conditions.add_with("actor = ? COLLATE NOCASE", [text(actor)]);
        }
        if let Some(operation) = &query.operation {
            conditions.add_with("operation = ?", [text(operation.trim())]);
        }
        if let Some(since) = query.since {
            conditions.add_with("at >= ?", [text(timestamp(since))]);
        }

        let where_clause = conditions.where_clause();
        let total = self.count(
            &format!("SELECT count(*) FROM audit_events {where_clause}"),
            params_from_iter(conditions.params()),
        )?;
        let (limit, offset) = window.sql();
        let events = self.rows(
            &format!(
                "SELECT {EVENT_COLUMNS} FROM audit_events {where_clause} \
                 ORDER BY sequence DESC LIMIT ? OFFSET ?"
            ),
            params_from_iter(conditions.params_with(&[limit, offset])),
            read_event,
        )?;
        let first_broken_sequence = verify(&self.connection)?;

        let page = window.page(events, total);
        Ok(AuditLog {
            items: page.items,
            total: page.total,
            next_cursor: page.next_cursor,
            chain_intact: first_broken_sequence.is_none(),
            first_broken_sequence,
        })
    }
}

const EVENT_COLUMNS: &str =
    "sequence, at, actor, operation, targets, decision, reason, result, previous_hash, hash";

/// Appends a record at the end of the chain, in the caller's transaction.
#[cfg_attr(
    not(test),
    allow(
        dead_code,
        reason = "the write operations of a later issue append through it"
    )
)]
pub(crate) fn append(connection: &Connection, event: &NewEvent) -> Result<AuditEvent> {
    let action = "writing the audit trail";
    let last: Option<(u64, String)> = connection
        .query_row(
            "SELECT sequence, hash FROM audit_events ORDER BY sequence DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map(Some)
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            other => Err(other),
        })
        .during(action)?;
    let (sequence, previous_hash) = match last {
        Some((sequence, hash)) => (sequence + 1, hash),
        None => (1, GENESIS_HASH.to_owned()),
    };

    let mut record = AuditEvent {
        sequence,
        at: event.at,
        actor: event.actor.clone(),
        operation: event.operation.clone(),
        targets: event.targets.clone(),
        decision: event.decision.clone(),
        reason: event.reason.clone(),
        result: event.result.clone(),
        previous_hash,
        hash: String::new(),
    };
    record.hash = record_hash(&record, &timestamp(record.at));
    let targets = serde_json::Value::from(record.targets.clone()).to_string();
    connection
        .execute(
            &format!(
                "INSERT INTO audit_events ({EVENT_COLUMNS}) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
            ),
            params![
                record.sequence,
                timestamp(record.at),
                record.actor,
                record.operation,
                targets,
                record.decision,
                record.reason,
                record.result,
                record.previous_hash,
                record.hash,
            ],
        )
        .during(action)?;
    Ok(record)
}

/// The first record whose sequence, link or hash does not verify; `None` when the whole
/// chain is intact.
pub(crate) fn verify(connection: &Connection) -> Result<Option<u64>> {
    let action = "verifying the audit trail";
    let mut statement = connection
        .prepare_cached(&format!(
            "SELECT {EVENT_COLUMNS} FROM audit_events ORDER BY sequence"
        ))
        .during(action)?;
    let mut rows = statement.query([]).during(action)?;

    let mut expected_sequence = 1_u64;
    let mut previous_hash = GENESIS_HASH.to_owned();
    while let Some(row) = rows.next().during(action)? {
        let stored_at: String = row.get(1).during(action)?;
        let event = read_event(row).during(action)?;
        let intact = event.sequence == expected_sequence
            && event.previous_hash == previous_hash
            && event.hash == record_hash(&event, &stored_at);
        if !intact {
            return Ok(Some(event.sequence));
        }
        expected_sequence += 1;
        previous_hash = event.hash;
    }
    Ok(None)
}

/// The hash of a record whose time is stored as `at`.
fn record_hash(event: &AuditEvent, at: &str) -> String {
    let canonical = serde_json::json!([
        event.sequence,
        at,
        event.actor,
        event.operation,
        event.targets,
        event.decision,
        event.reason,
        event.result,
        event.previous_hash,
    ]);
    hex(&Sha256::digest(canonical.to_string().as_bytes()))
}

/// The stored form of a record's time: RFC 3339 in UTC with microseconds, which sorts as
/// text in time order.
fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

fn read_event(row: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEvent> {
    let at: String = row.get(1)?;
    let targets: String = row.get(4)?;
    Ok(AuditEvent {
        sequence: row.get(0)?,
        at: DateTime::parse_from_rfc3339(&at)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default(),
        actor: row.get(2)?,
        operation: row.get(3)?,
        targets: serde_json::from_str(&targets).unwrap_or_default(),
        decision: row.get(5)?,
        reason: row.get(6)?,
        result: row.get(7)?,
        previous_hash: row.get(8)?,
        hash: row.get(9)?,
    })
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::store::schema;

    fn database() -> Connection {
        let mut connection = Connection::open_in_memory().unwrap();
        schema::migrate(&mut connection).unwrap();
        connection
    }

    fn event(minute: u32, decision: &str) -> NewEvent {
        NewEvent {
            at: Utc.with_ymd_and_hms(2026, 3, 2, 9, minute, 0).unwrap(),
            actor: "rita.risk@acme.test".to_owned(),
            operation: "decide_reviews".to_owned(),
            targets: vec!["rev-1".to_owned()],
            decision: Some(decision.to_owned()),
            reason: Some("left the company".to_owned()),
            result: "ok".to_owned(),
        }
    }

    #[test]
    fn an_empty_trail_verifies() {
        assert_eq!(verify(&database()).unwrap(), None);
    }

    #[test]
    fn appended_records_link_to_their_predecessor_and_verify() {
        let connection = database();

        let first = append(&connection, &event(0, "deny")).unwrap();
        let second = append(&connection, &event(1, "approve")).unwrap();

        assert_eq!((first.sequence, second.sequence), (1, 2));
        assert_eq!(first.previous_hash, GENESIS_HASH);
        assert_eq!(second.previous_hash, first.hash);
        assert_eq!(verify(&connection).unwrap(), None);
    }

    #[test]
    fn an_edited_record_breaks_the_chain_at_that_record() {
        let connection = database();
        for minute in 0..3 {
            append(&connection, &event(minute, "deny")).unwrap();
        }

        connection
            .execute(
                "UPDATE audit_events SET decision = 'approve' WHERE sequence = 2",
                [],
            )
            .unwrap();

        assert_eq!(verify(&connection).unwrap(), Some(2));
    }

    #[test]
    fn a_removed_record_breaks_the_chain_at_the_next_one() {
        let connection = database();
        for minute in 0..3 {
            append(&connection, &event(minute, "deny")).unwrap();
        }

        connection
            .execute("DELETE FROM audit_events WHERE sequence = 2", [])
            .unwrap();

        // Record 3 now follows record 1: its sequence and its link are both wrong.
        assert_eq!(verify(&connection).unwrap(), Some(3));
    }

    fn store_with_three_events() -> Store {
        let connection = database();
        // Rita denies at 09:00, Ana approves at 09:01, Rita delegates at 09:02.
        append(&connection, &event(0, "deny")).unwrap();
        let mut approve = event(1, "approve");
        approve.actor = "ana.kovac@acme.test".to_owned();
        append(&connection, &approve).unwrap();
        let mut delegate = event(2, "delegate");
        delegate.operation = "delegate_reviews".to_owned();
        append(&connection, &delegate).unwrap();
        Store {
            connection,
            path: "audit-test.sqlite".into(),
            snapshot_time: Utc.with_ymd_and_hms(2026, 3, 2, 12, 0, 0).unwrap(),
            tenant_name: "Acme Test".to_owned(),
            tenant_id: "01HWBCYJA11R3AA48K5V0DVM00".to_owned(),
        }
    }

    fn context() -> Context {
        Context {
            as_of: Utc.with_ymd_and_hms(2026, 3, 2, 12, 0, 0).unwrap(),
            user_email: "rita.risk@acme.test".to_owned(),
        }
    }

    fn sequences(log: &AuditLog) -> Vec<u64> {
        log.items.iter().map(|event| event.sequence).collect()
    }

    #[test]
    fn events_are_listed_newest_first_and_filtered_by_actor_operation_and_time() {
        let mut store = store_with_three_events();

        let all = store
            .list_audit_events(&context(), &AuditQuery::default())
            .unwrap();
        assert_eq!(sequences(&all), [3, 2, 1]);
        assert!(all.chain_intact);

        let query = AuditQuery::default().actor("RITA.RISK@acme.test");
        assert_eq!(
            sequences(&store.list_audit_events(&context(), &query).unwrap()),
            [3, 1]
        );

        let query = AuditQuery::default().operation("delegate_reviews");
        assert_eq!(
            sequences(&store.list_audit_events(&context(), &query).unwrap()),
            [3]
        );

        let since = Utc.with_ymd_and_hms(2026, 3, 2, 9, 1, 0).unwrap();
        let query = AuditQuery::default().since(since);
        let log = store.list_audit_events(&context(), &query).unwrap();
        assert_eq!(sequences(&log), [3, 2]);
        assert_eq!(log.total, 2);
    }

    #[test]
    fn a_listing_reports_where_the_chain_breaks() {
        let mut store = store_with_three_events();
        store
            .connection
            .execute(
                "UPDATE audit_events SET reason = 'no reason' WHERE sequence = 1",
                [],
            )
            .unwrap();

        let log = store
            .list_audit_events(&context(), &AuditQuery::default())
            .unwrap();

        assert!(!log.chain_intact);
        assert_eq!(log.first_broken_sequence, Some(1));
    }
}
