//! The sandbox tenant's store: a SQLite database holding one imported snapshot, and the read
//! queries behind the facade's operations.
//!
//! [`Store::open`] imports the snapshot when needed (into a new file renamed over the old one
//! once complete) and shifts its dates to the present. The read queries live in one module
//! per area; they select candidates in SQL and leave every governance judgement to
//! `balkanid_domain::rules`.

use std::path::{Path, PathBuf};

use balkanid_domain::rules::{self, LinkedEmployee};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension, Params};

use crate::error::{Error, Result, StoreError};
use crate::store::dates::{date_of, day_number, seconds};
use crate::store::source::Snapshot;
use crate::tenant::SandboxOptions;
use crate::views::{EmployeeRef, TenantInfo};

mod audit;
mod credentials;
mod dates;
mod demo;
mod identities;
mod import;
mod meta;
mod page;
mod people;
mod requests;
mod reviews;
mod rows;
mod schema;
mod source;
mod sql;
mod suggest;

/// What every query needs besides its filters.
#[derive(Clone, Debug)]
pub(crate) struct Context {
    /// The instant rules are evaluated at.
    pub as_of: DateTime<Utc>,
    /// The acting user's work email, as the employee record spells it.
    pub user_email: String,
}

impl Context {
    /// The stored day number of `as_of`'s UTC date.
    pub fn today(&self) -> i64 {
        day_number(self.as_of.date_naive())
    }

    /// The stored form of `as_of`.
    pub fn now_seconds(&self) -> i64 {
        seconds(self.as_of)
    }
}

/// A store opened by [`Store::open`], with the acting user it checked.
pub(crate) struct Opened {
    pub store: Store,
    pub user_email: String,
}

/// An open sandbox database.
pub(crate) struct Store {
    connection: Connection,
    path: PathBuf,
    snapshot_time: DateTime<Utc>,
    tenant_name: String,
    tenant_id: String,
}

/// Adds what the store was doing to a database error.
pub(crate) trait During<T> {
    /// Turns a database error into [`Error::Store`] saying what was being done.
    fn during(self, action: &str) -> Result<T>;
}

impl<T> During<T> for rusqlite::Result<T> {
    fn during(self, action: &str) -> Result<T> {
        self.map_err(|e| Error::store(action, e))
    }
}

impl Store {
    /// Opens the database of `options`, importing the snapshot first when the database is
    /// missing, cannot be read, has an older schema, or `reset` is asked; then shifts it to
    /// the present and checks the acting user. A database of a snapshot that has changed
    /// since its import is kept (with a warning), so that its changes are not lost.
    ///
    /// # Errors
    ///
    /// See [`crate::Tenant::open_sandbox`].
    pub fn open(options: SandboxOptions) -> Result<Opened> {
        let SandboxOptions {
            source,
            database,
            reset,
            as_of,
            user_email,
            progress,
        } = options;
        let as_of = as_of.unwrap_or_else(Utc::now);
        let snapshot = Snapshot::open(&source)?;

        let path = match database {
            Some(path) => path,
            None => default_database_path(&snapshot)?,
        };
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|e| Error::store(format!("creating {}", parent.display()), e))?;
        }

        let reusable = !reset && reusable_database(&path, &snapshot);
        if !reusable {
            tracing::info!(path = %path.display(), source = %snapshot.describe(), "importing");
            import_into(&path, &snapshot, as_of, progress)?;
        }

        let mut connection = open_connection(&path)?;
        schema::migrate(&mut connection)?;
        let mut store = Store::load(connection, path)?;
        store.rebase(as_of)?;

        let default_user = meta::get(&store.connection, meta::DEFAULT_USER)
            .during("reading the tenant")?
            .filter(|user| !user.trim().is_empty());
        let Some(wanted) = user_email.or(default_user) else {
            let message = "the snapshot names no default user; give the acting user's work \
                           email (--as or BALKANID_USER_EMAIL)";
            return Err(Error::invalid("user", message));
        };
        let user_email = store.employee_email_for("employee (user)", &wanted)?;
        Ok(Opened { store, user_email })
    }

    fn load(connection: Connection, path: PathBuf) -> Result<Store> {
        let action = "reading the tenant";
        let field = |key: &str| -> Result<String> {
            let value = meta::get(&connection, key).during(action)?;
            value.ok_or_else(|| Error::Store {
                action: action.to_owned(),
                source: StoreError::message(format!("the database lacks its {key}")),
            })
        };
        let snapshot_time = field(meta::SNAPSHOT_TIME)?;
        let snapshot_time = DateTime::parse_from_rfc3339(&snapshot_time)
            .map_err(|e| Error::store(action, e))?
            .with_timezone(&Utc);
        let tenant_name = field(meta::TENANT_NAME)?;
        let tenant_id = field(meta::TENANT_ID)?;
        Ok(Store {
            connection,
            path,
            snapshot_time,
            tenant_name,
            tenant_id,
        })
    }

    /// Shifts every date so that the snapshot time falls on `as_of`'s date, if it does not
    /// already; a no-op on all calls of the same day.
    ///
    /// # Errors
    ///
    /// [`Error::Store`] when the database fails; nothing is shifted then.
    pub fn rebase(&mut self, as_of: DateTime<Utc>) -> Result<()> {
        let action = "shifting the tenant to the present";
        let wanted = dates::days_to(self.snapshot_time, as_of);
        if self.shift_days()? == wanted {
            return Ok(());
        }

        let transaction = self
            .connection
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .during(action)?;
        let current: i64 = meta::get(&transaction, meta::SHIFT_DAYS)
            .during(action)?
            .and_then(|text| text.parse().ok())
            .unwrap_or(0);
        dates::shift_all(&transaction, wanted - current).during(action)?;
        meta::set(&transaction, meta::SHIFT_DAYS, &wanted.to_string()).during(action)?;
        transaction.commit().during(action)?;
        tracing::debug!(days = wanted - current, "shifted the tenant");
        Ok(())
    }

    fn shift_days(&self) -> Result<i64> {
        let text = meta::get(&self.connection, meta::SHIFT_DAYS).during("reading the tenant")?;
        Ok(text.and_then(|text| text.parse().ok()).unwrap_or(0))
    }

    /// Who is acting, on which tenant.
    pub fn info(&mut self, context: &Context) -> Result<TenantInfo> {
        let action = "reading the acting user";
        let (name, roles): (String, String) = self
            .connection
            .query_row(
                "SELECT name, roles FROM employees WHERE email_key = ?1",
                [sql::key(&context.user_email)],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .during(action)?;
        let snapshot_time = self.snapshot_time + TimeDelta::days(self.shift_days()?);

        Ok(TenantInfo {
            user_email: context.user_email.clone(),
            user_name: name,
            roles: split_roles(&roles),
            tenant_name: self.tenant_name.clone(),
            tenant_id: self.tenant_id.clone(),
            mode: "sandbox".to_owned(),
            snapshot_time,
            as_of: context.as_of,
            data_age_seconds: None,
            database_path: Some(self.path.display().to_string()),
        })
    }

    /// The stored spelling of an employee's work email, found in any case.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] with the nearest emails when no employee has it.
    pub fn employee_email(&self, email: &str) -> Result<String> {
        let found: Option<String> = self
            .connection
            .query_row(
                "SELECT email FROM employees WHERE email_key = ?1",
                [sql::key(email)],
                |row| row.get(0),
            )
            .optional()
            .during("finding an employee")?;
        match found {
            Some(email) => Ok(email),
            None => Err(suggest::not_found(
                "employee",
                email,
                self.all_employee_emails()?,
            )),
        }
    }

    /// The tenant's spelling of `value`, one of the values `sql` selects (a closed vocabulary
    /// such as the apps or departments), compared without regard to case.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] naming `argument` when the value matches none of them.
    fn known_value(&self, argument: &str, value: &str, sql: &str) -> Result<String> {
        let accepted: Vec<String> = self.rows(sql, [], |row| row.get(0))?;
        suggest::closed_value(argument, value, accepted)
    }

    /// The tenant's spelling of an app name.
    fn known_app(&self, app: &str) -> Result<String> {
        self.known_value(
            "app",
            app,
            "SELECT app FROM entities WHERE app IS NOT NULL AND app != '' \
             UNION SELECT app FROM integrations WHERE app IS NOT NULL AND app != ''",
        )
    }

    /// [`Store::employee_email`] whose not-found error says `what` was looked for, naming
    /// the argument, such as `employee (manager_email)`.
    pub fn employee_email_for(&self, what: &'static str, email: &str) -> Result<String> {
        self.employee_email(email)
            .map_err(|error| suggest::naming(error, what))
    }

    fn all_employee_emails(&self) -> Result<Vec<String>> {
        self.rows("SELECT email FROM employees", [], |row| row.get(0))
    }

    /// Runs a query and reads every row with `read`.
    fn rows<T, P: Params>(
        &self,
        sql: &str,
        params: P,
        read: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let action = "reading the tenant";
        let mut statement = self.connection.prepare_cached(sql).during(action)?;
        let rows = statement.query_map(params, read).during(action)?;
        rows.collect::<rusqlite::Result<Vec<T>>>().during(action)
    }

    /// Runs a query returning one count.
    fn count<P: Params>(&self, sql: &str, params: P) -> Result<u64> {
        let mut statement = self.connection.prepare_cached(sql).during("counting")?;
        let n: i64 = statement
            .query_row(params, |row| row.get(0))
            .during("counting")?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// The employees an identity is (`IS`) and who own it (`OWNS`), in file order.
    fn linked_people(&self, identity: i64) -> Result<Vec<Linked>> {
        self.rows(
            "SELECT r.relation_type, coalesce(emp.email, r.employee_email), \
                    coalesce(emp.name, r.employee_name), emp.end_date \
             FROM relations r LEFT JOIN employees emp ON emp.email_key = r.employee_key \
             WHERE r.identity = ?1 AND r.employee_key IS NOT NULL \
               AND r.relation_type IN ('IS', 'OWNS') \
             ORDER BY r.id",
            [identity],
            |row| {
                Ok(Linked {
                    owns: row.get::<_, String>(0)? == "OWNS",
                    email: row.get(1)?,
                    name: row.get(2)?,
                    end_date: row.get::<_, Option<i64>>(3)?.and_then(date_of),
                })
            },
        )
    }
}

/// An employee linked to an identity by one relation.
#[derive(Clone, Debug)]
pub(crate) struct Linked {
    /// `OWNS` when true, `IS` when false.
    pub owns: bool,
    pub email: String,
    pub name: Option<String>,
    pub end_date: Option<NaiveDate>,
}

impl Linked {
    /// The employee as the rules see them; `None` when the email is not one.
    fn rule_view(&self) -> Option<LinkedEmployee> {
        let email = self.email.parse().ok()?;
        let mut res = LinkedEmployee::new(email);
        if let Some(name) = &self.name {
            res = res.with_name(name.clone());
        }
        if let Some(end_date) = self.end_date {
            res = res.with_end_date(end_date);
        }
        Some(res)
    }

    fn reference(&self, as_of: DateTime<Utc>) -> EmployeeRef {
        EmployeeRef {
            email: self.email.clone(),
            name: self.name.clone().unwrap_or_else(|| self.email.clone()),
            end_date: self.end_date,
            terminated: rules::is_terminated(self.end_date, as_of),
        }
    }
}

/// The roles column as a list.
fn split_roles(roles: &str) -> Vec<String> {
    roles
        .split(',')
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `<data dir>/balkanid/<name>` for the snapshot.
fn default_database_path(snapshot: &Snapshot) -> Result<PathBuf> {
    let Some(data_dir) = dirs::data_dir() else {
        let message = "this system has no user data directory; choose a database file \
                       (--db PATH)";
        return Err(Error::invalid("database", message));
    };
    Ok(data_dir
        .join("balkanid")
        .join(snapshot.default_database_name()))
}

/// What an existing database file holds, as far as reusing it goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Existing {
    /// No file.
    Missing,
    /// A database with an older schema than this program's: the snapshot is imported
    /// again, as the migrations do not recompute what an import derives.
    OlderSchema,
    /// The snapshot it was imported from.
    SameSnapshot,
    /// A snapshot that has changed since; the database, with its changes, is kept.
    ChangedSnapshot,
}

/// What the database at `path` holds; a database that cannot be read is an error.
fn existing_database(path: &Path, snapshot: &Snapshot) -> Result<Existing> {
    if !path.exists() {
        return Ok(Existing::Missing);
    }

    let connection = open_connection(path)?;
    let version: u32 = connection
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .during("reading the database schema")?;
    if version < schema::latest_version() {
        return Ok(Existing::OlderSchema);
    }

    let fingerprint = meta::get(&connection, meta::FINGERPRINT).during("reading")?;
    if fingerprint.as_deref() == Some(snapshot.fingerprint.as_str()) {
        Ok(Existing::SameSnapshot)
    } else {
        Ok(Existing::ChangedSnapshot)
    }
}

/// Whether the database at `path` is used as it is, rather than imported again: it is unless
/// it is missing, unreadable, or of an older schema. A database of a snapshot that changed
/// since its import is kept, with a warning, so that its changes are not lost.
fn reusable_database(path: &Path, snapshot: &Snapshot) -> bool {
    match existing_database(path, snapshot) {
        Ok(Existing::SameSnapshot) => true,
        Ok(Existing::ChangedSnapshot) => {
            tracing::warn!(
                path = %path.display(),
                source = %snapshot.describe(),
                "the snapshot changed since it was imported into this database; the database \
                 and its changes are kept; open with --reset to import the snapshot again"
            );
            true
        }
        Ok(Existing::Missing) => false,
        Ok(Existing::OlderSchema) => {
            tracing::info!(
                path = %path.display(),
                "the database has an older schema; the snapshot is imported again"
            );
            false
        }
        Err(error) => {
            tracing::warn!(path = %path.display(), %error, "the database will be imported again");
            false
        }
    }
}

fn open_connection(path: &Path) -> Result<Connection> {
    let action = format!("opening {}", path.display());
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let connection = Connection::open_with_flags(path, flags).during(&action)?;
    connection
        .busy_timeout(std::time::Duration::from_secs(5))
        .during(&action)?;
    connection
        .pragma_update(None, "foreign_keys", false)
        .during(&action)?;
    sql::register_functions(&connection).during(&action)?;
    Ok(connection)
}

/// Imports `snapshot` into a new file next to `path`, then renames it over `path`. On failure
/// the new file is removed and `path` is untouched.
fn import_into(
    path: &Path,
    snapshot: &Snapshot,
    as_of: DateTime<Utc>,
    progress: Option<crate::tenant::ProgressCallback>,
) -> Result<()> {
    let file_name = path.file_name().map_or_else(
        || "tenant.sqlite".to_owned(),
        |name| name.to_string_lossy().into_owned(),
    );
    let temporary = path.with_file_name(format!(".{file_name}.import-{}", std::process::id()));
    remove_if_present(&temporary);

    let res = import_file(&temporary, snapshot, as_of, progress);
    if let Err(error) = res {
        remove_if_present(&temporary);
        return Err(error);
    }

    // A journal left by the old database would be replayed into the new one: remove it.
    for suffix in ["-journal", "-wal", "-shm"] {
        let mut sidecar = path.as_os_str().to_owned();
        sidecar.push(suffix);
        remove_if_present(Path::new(&sidecar));
    }
    std::fs::rename(&temporary, path).map_err(|e| {
        remove_if_present(&temporary);
        Error::store(format!("replacing {}", path.display()), e)
    })
}

fn import_file(
    temporary: &Path,
    snapshot: &Snapshot,
    as_of: DateTime<Utc>,
    progress: Option<crate::tenant::ProgressCallback>,
) -> Result<()> {
    let action = "preparing the import";
    let mut connection = open_connection(temporary)?;
    // The file is new and is deleted on failure, so it needs no rollback journal.
    connection
        .pragma_update(None, "journal_mode", "OFF")
        .during(action)?;
    connection
        .pragma_update(None, "synchronous", "OFF")
        .during(action)?;
    connection
        .pragma_update(None, "cache_size", -65_536)
        .during(action)?;
    schema::migrate(&mut connection)?;

    import::import(&mut connection, snapshot, as_of, progress)?;

    connection
        .execute_batch("PRAGMA analysis_limit = 1000; ANALYZE;")
        .during("analyzing")?;
    connection
        .close()
        .map_err(|(_, e)| Error::store("closing the import", e))
}

fn remove_if_present(path: &Path) {
    match std::fs::remove_file(path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => tracing::warn!(path = %path.display(), %error, "cannot remove"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tenant::SnapshotSource;

    fn fixture() -> Snapshot {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/acme");
        Snapshot::open(&SnapshotSource::Directory(path)).unwrap()
    }

    #[test]
    fn a_database_of_an_older_schema_is_imported_again_and_a_current_one_kept() {
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("acme.sqlite");
        let snapshot = fixture();
        assert_eq!(
            existing_database(&path, &snapshot).unwrap(),
            Existing::Missing
        );

        let as_of = "2026-03-02T12:00:00Z".parse().unwrap();
        import_into(&path, &snapshot, as_of, None).unwrap();
        assert_eq!(
            existing_database(&path, &snapshot).unwrap(),
            Existing::SameSnapshot
        );
        assert!(reusable_database(&path, &snapshot));

        // One migration short of this program's schema.
        let older = schema::latest_version() - 1;
        let connection = open_connection(&path).unwrap();
        connection
            .pragma_update(None, "user_version", older)
            .unwrap();
        drop(connection);
        assert_eq!(
            existing_database(&path, &snapshot).unwrap(),
            Existing::OlderSchema
        );
        assert!(!reusable_database(&path, &snapshot));
    }

    #[test]
    fn a_database_of_a_changed_snapshot_is_kept() {
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("acme.sqlite");
        let mut snapshot = fixture();
        let as_of = "2026-03-02T12:00:00Z".parse().unwrap();
        import_into(&path, &snapshot, as_of, None).unwrap();

        snapshot.fingerprint = "another snapshot".to_owned();

        assert_eq!(
            existing_database(&path, &snapshot).unwrap(),
            Existing::ChangedSnapshot
        );
        assert!(reusable_database(&path, &snapshot));
    }
}
