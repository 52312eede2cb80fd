//! The `meta` table: what the database holds (tenant, snapshot, how far it is shifted), as
//! text values under fixed keys.

use rusqlite::{Connection, OptionalExtension};

/// The company's name.
pub(crate) const TENANT_NAME: &str = "tenant_name";
/// The tenant id.
pub(crate) const TENANT_ID: &str = "tenant_id";
/// The manifest's snapshot time, RFC 3339, as in the files (not shifted).
pub(crate) const SNAPSHOT_TIME: &str = "snapshot_time";
/// How many days every date column is shifted from the files.
pub(crate) const SHIFT_DAYS: &str = "shift_days";
/// The manifest's default acting user; empty when it names none.
pub(crate) const DEFAULT_USER: &str = "default_user";
/// Where the snapshot came from: `demo` or a directory path.
pub(crate) const SOURCE: &str = "source";
/// The snapshot's fingerprint, see [`super::source::Snapshot`].
pub(crate) const FINGERPRINT: &str = "fingerprint";

/// Sets `key` to `value`.
pub(crate) fn set(connection: &Connection, key: &str, value: &str) -> rusqlite::Result<()> {
    connection.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

/// The value of `key`, if set.
pub(crate) fn get(connection: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    connection
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| row.get(0))
        .optional()
}
