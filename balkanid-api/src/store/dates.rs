//! Dates in the sandbox database: how they are stored, and the one list of date columns that
//! moves when the tenant is shifted in time.
//!
//! A snapshot's dates are relative to its snapshot time. The store shifts every date column
//! by a whole number of days so that the snapshot time falls on the date of `as_of`: once
//! right after an import, and again whenever the tenant is used on another day. Instants are
//! stored as Unix seconds and calendar dates as days since 1970-01-01, so a shift is one
//! addition per column.
//!
//! Dates inside JSON cells (an identity's raw metadata, a review's activity log) are not
//! shifted; the ones the rules use are copied into columns at import and shifted there.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use rusqlite::Transaction;

/// How a date column counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unit {
    /// Unix seconds.
    Seconds,
    /// Days since 1970-01-01.
    Days,
}

/// Every date column that shifts with the tenant: table, column and unit.
///
/// The audit trail is not here: its times are when things really happened.
pub(crate) const SHIFTED_COLUMNS: &[(&str, &str, Unit)] = &[
    ("apps", "tenant_created_at", Unit::Days),
    ("integrations", "last_run", Unit::Seconds),
    ("employees", "start_date", Unit::Days),
    ("employees", "end_date", Unit::Days),
    ("entities", "seen_at", Unit::Seconds),
    ("entities", "last_login", Unit::Seconds),
    ("entities", "last_password_change", Unit::Seconds),
    ("entity_relations", "seen_at", Unit::Seconds),
    ("credentials", "created_at", Unit::Seconds),
    ("credentials", "last_rotated_at", Unit::Seconds),
    ("credentials", "last_used_at", Unit::Seconds),
    ("credentials", "expires_at", Unit::Seconds),
    ("campaigns", "start_date", Unit::Days),
    ("campaigns", "end_date", Unit::Days),
    ("campaigns", "escalation_date", Unit::Days),
    ("reviews", "created", Unit::Days),
    ("reviews", "completed", Unit::Days),
    ("requests", "expiration_date", Unit::Seconds),
    ("requests", "provision_date", Unit::Seconds),
    ("requests", "scheduled_date", Unit::Seconds),
    ("findings", "created_at", Unit::Seconds),
    ("findings", "updated_at", Unit::Seconds),
];

const SECONDS_PER_DAY: i64 = 86_400;

/// Moves every date of [`SHIFTED_COLUMNS`] by `days` (earlier when negative).
pub(crate) fn shift_all(transaction: &Transaction<'_>, days: i64) -> rusqlite::Result<()> {
    if days == 0 {
        return Ok(());
    }

    for (table, column, unit) in SHIFTED_COLUMNS {
        let amount = match unit {
            Unit::Seconds => days * SECONDS_PER_DAY,
            Unit::Days => days,
        };
        let sql = format!(
            "UPDATE {table} SET {column} = {column} + ?1 WHERE {column} IS NOT NULL"
        );
        transaction.execute(&sql, [amount])?;
    }
    Ok(())
}

/// The whole days to add to a snapshot taken at `snapshot_time` so that it falls on the date
/// of `as_of` (both UTC dates).
pub(crate) fn days_to(snapshot_time: DateTime<Utc>, as_of: DateTime<Utc>) -> i64 {
    as_of.date_naive().signed_duration_since(snapshot_time.date_naive()).num_days()
}

/// The stored form of a calendar date.
pub(crate) fn day_number(date: NaiveDate) -> i64 {
    date.signed_duration_since(NaiveDate::default()).num_days()
}

/// The calendar date of a stored day number; `None` if it is out of chrono's range.
pub(crate) fn date_of(day_number: i64) -> Option<NaiveDate> {
    NaiveDate::default().checked_add_signed(chrono::TimeDelta::try_days(day_number)?)
}

/// The stored form of an instant.
pub(crate) fn seconds(instant: DateTime<Utc>) -> i64 {
    instant.timestamp()
}

/// The stored form of a zoneless timestamp, read as UTC (inferred for `requests.csv`).
pub(crate) fn naive_seconds(timestamp: NaiveDateTime) -> i64 {
    timestamp.and_utc().timestamp()
}

/// The instant of stored Unix seconds; `None` if it is out of chrono's range.
pub(crate) fn instant_of(seconds: i64) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(seconds, 0)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use rusqlite::Connection;

    use super::*;

    #[test]
    fn day_numbers_count_from_1970() {
        let date = NaiveDate::from_ymd_opt(1970, 1, 11).unwrap();

        assert_eq!(day_number(date), 10);
        assert_eq!(date_of(10), Some(date));
    }

    #[test]
    fn days_to_counts_calendar_days_not_hours() {
        // 23:00 on March 1st to 01:00 on March 3rd is 26 hours but two calendar days.
        let snapshot = Utc.with_ymd_and_hms(2026, 3, 1, 23, 0, 0).unwrap();
        let as_of = Utc.with_ymd_and_hms(2026, 3, 3, 1, 0, 0).unwrap();

        assert_eq!(days_to(snapshot, as_of), 2);
        assert_eq!(days_to(as_of, snapshot), -2);
    }

    #[test]
    fn every_listed_column_exists_and_moves_by_whole_days() {
        let mut connection = Connection::open_in_memory().unwrap();
        super::super::schema::migrate(&mut connection).unwrap();
        connection
            .execute(
                "INSERT INTO campaigns (id, name, name_key, status, start_date, end_date, \
                 percentage_completed, is_published) VALUES ('c', 'C', 'c', 'pending', 100, \
                 130, 0, 1)",
                [],
            )
            .unwrap();
        connection
            .execute(
                "INSERT INTO integrations (id, app, name, status, reviewer_precedence, \
                 last_run) VALUES ('okta/x', 'okta', 'Okta', 'active', '', 1000)",
                [],
            )
            .unwrap();

        let transaction = connection.transaction().unwrap();
        shift_all(&transaction, 3).unwrap();
        transaction.commit().unwrap();

        let (start, end, escalation): (i64, i64, Option<i64>) = connection
            .query_row(
                "SELECT start_date, end_date, escalation_date FROM campaigns",
                [],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .unwrap();
        // Day columns move by 3; an empty date stays empty.
        assert_eq!((start, end, escalation), (103, 133, None));
        let last_run: i64 =
            connection.query_row("SELECT last_run FROM integrations", [], |r| r.get(0)).unwrap();
        // Second columns move by 3 × 86 400.
        assert_eq!(last_run, 1000 + 3 * 86_400);
    }
}
