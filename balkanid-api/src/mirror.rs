//! A cloud tenant's local mirror: BalkanID's bulk files pulled into a snapshot directory and
//! imported into a database with the sandbox's SQLite schema, which every read answers from.
//!
//! Next to the database `<db>` (by default `<data dir>/balkanid/cloud-<host>.sqlite`) live:
//! - `<db>.snapshot/`, the snapshot the mirror was imported from, kept because the store
//!   reopens a database by the snapshot it holds, so a restart needs no pull;
//! - `<db>.pull-<pid>/` while a pull runs; it is renamed to `<db>.snapshot/` once imported.
//!
//! The store's import is atomic (a new file renamed over the old), so a failed refresh leaves
//! the mirror as it was. The pull's time, the bulk URL and the key id are rows of the
//! database's `meta` table, so the mirror's age survives restarts and a mirror of another
//! tenant or key is never reused. Dates in the mirror are never shifted: they are BalkanID's.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension};

use crate::cloud::{Client, PullProgress};
use crate::error::{Error, Result};
use crate::store::{Opened, Store};
use crate::tenant::{ImportProgress, SandboxOptions, SnapshotSource};
use crate::views::MirrorStatus;

/// The `meta` key of the time the mirror's data was pulled (RFC 3339).
const META_PULLED_AT: &str = "mirror_pulled_at";
/// The `meta` key of the bulk and GraphQL URLs the mirror was pulled from.
const META_SOURCE: &str = "mirror_source";
/// The `meta` key of the API key id the mirror was pulled with.
const META_KEY_ID: &str = "mirror_key_id";

/// After a failed automatic refresh, tool calls answer from the older mirror for this long
/// before trying again, so an outage does not make every call wait for a failing pull.
const RETRY_AFTER_FAILURE: Duration = Duration::from_secs(60);

/// What a refresh is doing, for the progress callback of [`CloudOptions`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RefreshProgress {
    /// The download of the bulk files.
    Pull(PullProgress),
    /// The import of the downloaded files into the mirror.
    Import(ImportProgress),
}

/// A callback that hears about refresh progress; shared, since every refresh calls it.
pub type RefreshCallback = Arc<dyn Fn(RefreshProgress) + Send + Sync>;

/// How to open a cloud tenant with [`crate::Tenant::open_cloud`].
///
/// Only the client is required. Without other settings the mirror lives in
/// `<data dir>/balkanid/cloud-<host>.sqlite`, counts as stale after an hour, and rules are
/// evaluated at the client clock's present.
#[non_exhaustive]
pub struct CloudOptions {
    /// The client the mirror is pulled with.
    pub client: Client,
    /// The mirror's database file.
    pub database: Option<PathBuf>,
    /// How old the mirror may get before a tool call pulls it again first.
    pub refresh_after: Duration,
    /// Whether to pull the mirror at open whatever its age.
    pub reset: bool,
    /// The pinned present for rules; the data is never shifted.
    pub as_of: Option<DateTime<Utc>>,
    /// The acting user's work email.
    pub user_email: Option<String>,
    /// Hears about the progress of every refresh.
    pub progress: Option<RefreshCallback>,
}

impl fmt::Debug for CloudOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let CloudOptions {
            client,
            database,
            refresh_after,
            reset,
            as_of,
            user_email,
            progress,
        } = self;
        f.debug_struct("CloudOptions")
            .field("client", client)
            .field("database", database)
            .field("refresh_after", refresh_after)
            .field("reset", reset)
            .field("as_of", as_of)
            .field("user_email", user_email)
            .field("progress", &progress.as_ref().map(|_| "callback"))
            .finish()
    }
}

impl CloudOptions {
    /// How old the mirror may get when [`CloudOptions::refresh_after`] is not called.
    pub const DEFAULT_REFRESH_AFTER: Duration = Duration::from_secs(60 * 60);

    /// Options for the tenant `client` reaches, with every other setting at its default.
    pub fn new(client: Client) -> Self {
        CloudOptions {
            client,
            database: None,
            refresh_after: Self::DEFAULT_REFRESH_AFTER,
            reset: false,
            as_of: None,
            user_email: None,
            progress: None,
        }
    }

    /// Keeps the mirror in this database file; without this, in
    /// `<data dir>/balkanid/cloud-<host>.sqlite`, where `<host>` is the GraphQL URL's host
    /// (the tenant's own), else the bulk URL's.
    #[must_use]
    pub fn database(mut self, path: impl Into<PathBuf>) -> Self {
        self.database = Some(path.into());
        self
    }

    /// Pulls the mirror again before a tool call once it is this old (`0` pulls before every
    /// call); without this, after [`CloudOptions::DEFAULT_REFRESH_AFTER`].
    #[must_use]
    pub fn refresh_after(mut self, refresh_after: Duration) -> Self {
        self.refresh_after = refresh_after;
        self
    }

    /// Pulls the mirror when the tenant opens, however young it is; without this, a mirror
    /// younger than `refresh_after` is reused.
    #[must_use]
    pub fn reset(mut self, reset: bool) -> Self {
        self.reset = reset;
        self
    }

    /// Evaluates rules at this instant; without this, at the client clock's present. Unlike a
    /// sandbox, the data is not shifted: its dates are BalkanID's.
    #[must_use]
    pub fn as_of(mut self, as_of: DateTime<Utc>) -> Self {
        self.as_of = Some(as_of);
        self
    }

    /// Acts as the employee with this work email (any case). Required: BalkanID's API does
    /// not say whose key it is, and a pulled snapshot names no default user.
    #[must_use]
    pub fn user_email(mut self, email: impl Into<String>) -> Self {
        self.user_email = Some(email.into());
        self
    }

    /// Calls `progress` while a refresh downloads and imports; without this, refreshes are
    /// silent.
    #[must_use]
    pub fn progress(mut self, progress: impl Fn(RefreshProgress) + Send + Sync + 'static) -> Self {
        self.progress = Some(Arc::new(progress));
        self
    }
}

/// Where a mirror lives and how it is pulled; fixed for the tenant's life.
pub(crate) struct MirrorConfig {
    client: Client,
    database: PathBuf,
    snapshot_dir: PathBuf,
    refresh_after: Duration,
    reset: bool,
    user_email: String,
    progress: Option<RefreshCallback>,
}

/// A mirror opened or pulled, with the time of its data.
pub(crate) struct Loaded {
    pub opened: Opened,
    pub pulled_at: DateTime<Utc>,
    /// Why the pull at start failed, when an older mirror is served instead.
    pub refresh_error: Option<String>,
}

impl MirrorConfig {
    /// Checks `options` and settles the paths.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] when no acting user is given, or no database path can be
    /// chosen.
    pub fn new(options: CloudOptions) -> Result<MirrorConfig> {
        let CloudOptions {
            client,
            database,
            refresh_after,
            reset,
            as_of: _,
            user_email,
            progress,
        } = options;

        let user_email = user_email.filter(|email| !email.trim().is_empty());
        let Some(user_email) = user_email else {
            let message = "a cloud tenant needs the acting user's work email (--as or \
                           BALKANID_USER_EMAIL), since BalkanID's API does not say whose API key \
                           it is";
            return Err(Error::invalid("user", message));
        };
        let database = match database {
            Some(path) => path,
            None => default_database(&client)?,
        };
        let snapshot_dir = sibling(&database, "snapshot");

        Ok(MirrorConfig {
            client,
            database,
            snapshot_dir,
            refresh_after,
            reset,
            user_email,
            progress,
        })
    }

    /// The present by the client's clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.client.inner.clock.system_now().into()
    }

    /// Opens the mirror at start: reuses the database when it was pulled from the same
    /// place with the same key less than `refresh_after` ago (and `reset` is not set), and
    /// pulls it otherwise. When a stale mirror cannot be refreshed, serves it and says why in
    /// `refresh_error`.
    ///
    /// # Errors
    ///
    /// The errors of [`MirrorConfig::pull`] when there is no mirror to fall back on;
    /// [`Error::NotFound`] when the acting user is no employee of the mirror.
    pub async fn open(&self) -> Result<Loaded> {
        if self.reset {
            return self.pull().await;
        }
        let stored = self.stored_pull_time().await;

        if let Some(pulled_at) = stored {
            let fresh = !is_stale(pulled_at, self.now(), self.refresh_after);
            if fresh {
                match self.reopen(pulled_at).await {
                    Ok(opened) => {
                        tracing::info!(%pulled_at, "reusing the cloud mirror");
                        return Ok(Loaded {
                            opened,
                            pulled_at,
                            refresh_error: None,
                        });
                    }
                    Err(error) if error.is_not_found() || error.is_invalid_argument() => {
                        return Err(error);
                    }
                    Err(error) => {
                        tracing::warn!(%error, "the cloud mirror cannot be reopened; pulling it")
                    }
                }
            }
        }

        let pulled = self.pull().await;
        let (Err(error), Some(pulled_at)) = (&pulled, stored) else {
            return pulled;
        };
        if error.is_not_found() || error.is_invalid_argument() {
            return pulled;
        }
        match self.reopen(pulled_at).await {
            Ok(opened) => {
                tracing::warn!(%error, %pulled_at, "serving the older cloud mirror");
                Ok(Loaded {
                    opened,
                    pulled_at,
                    refresh_error: Some(error_text(error)),
                })
            }
            Err(_) => pulled,
        }
    }

    /// Pulls the tenant's bulk files into a new directory, imports them into the database
    /// (replacing it only once complete), records the pull, and keeps the directory as the
    /// mirror's snapshot.
    ///
    /// # Errors
    ///
    /// [`Error::Cloud`] when the pull fails; the import's errors ([`Error::Import`],
    /// [`Error::Store`]); [`Error::NotFound`] when the acting user is no employee of the
    /// tenant. The directory of a failed pull is removed.
    pub async fn pull(&self) -> Result<Loaded> {
        let pull_dir = sibling(&self.database, &format!("pull-{}", std::process::id()));
        let started = std::time::Instant::now();
        let database = self.database.clone();
        blocking(move || refuse_foreign_database(&database)).await?;
        blocking(remove_dir_if_present(pull_dir.clone())).await?;

        let progress = self.progress.clone();
        tracing::debug!(dir = %pull_dir.display(), "pulling the cloud tenant");
        let pulled = self
            .client
            .pull_snapshot(&pull_dir, |event: &PullProgress| {
                if let Some(progress) = &progress {
                    progress(RefreshProgress::Pull(event.clone()));
                }
            })
            .await;
        let manifest = match pulled {
            Ok(manifest) => manifest,
            Err(source) => {
                if let Err(error) = blocking(remove_dir_if_present(pull_dir.clone())).await {
                    tracing::warn!(dir = %pull_dir.display(), %error, "cannot remove");
                }
                return Err(Error::Cloud {
                    action: "pulling the tenant's bulk files".to_owned(),
                    source,
                });
            }
        };
        let pulled_at = manifest.snapshot_time;

        let mut options = SandboxOptions::default()
            .source(SnapshotSource::Directory(pull_dir.clone()))
            .database(&self.database)
            .reset(true)
            .as_of(pulled_at)
            .user_email(&self.user_email);
        if let Some(progress) = self.progress.clone() {
            options = options.progress(move |event| progress(RefreshProgress::Import(event)));
        }
        let record = PullRecord {
            pulled_at,
            source: self.source_text(),
            key_id: self.client.key_id().to_owned(),
        };
        let database = self.database.clone();
        let snapshot_dir = self.snapshot_dir.clone();
        let opened = blocking(move || {
            let res = import_and_keep(options, &database, &record, &pull_dir, &snapshot_dir);
            if res.is_err()
                && let Err(error) = remove_dir_if_present(pull_dir.clone())()
            {
                tracing::warn!(dir = %pull_dir.display(), %error, "cannot remove");
            }
            res
        })
        .await?;

        let n_rows: u64 = manifest.files.values().sum();
        let seconds = started.elapsed().as_secs_f64();
        tracing::info!(n_rows, seconds, %pulled_at, "pulled the cloud tenant into the mirror");
        Ok(Loaded {
            opened,
            pulled_at,
            refresh_error: None,
        })
    }

    /// Opens the existing database through its kept snapshot, unshifted, and checks that it
    /// still holds the pull of `pulled_at`.
    async fn reopen(&self, pulled_at: DateTime<Utc>) -> Result<Opened> {
        let options = SandboxOptions::default()
            .source(SnapshotSource::Directory(self.snapshot_dir.clone()))
            .database(&self.database)
            .as_of(pulled_at)
            .user_email(&self.user_email);
        let opened = blocking(move || Store::open(options)).await?;

        // The store imports the kept snapshot again when it no longer matches the database;
        // that loses the pull record, and the mirror is pulled afresh.
        if self.stored_pull_time().await != Some(pulled_at) {
            let message = "the database was imported again from its kept snapshot";
            return Err(Error::store(
                "reopening the mirror",
                std::io::Error::other(message),
            ));
        }
        Ok(opened)
    }

    /// The time of the pull the database holds, if it holds one from this client's URLs and
    /// key; `None` for a missing or unreadable database.
    async fn stored_pull_time(&self) -> Option<DateTime<Utc>> {
        let database = self.database.clone();
        let manifest = self.snapshot_dir.join("manifest.json");
        let record = blocking(move || {
            if !database.is_file() || !manifest.is_file() {
                return Ok(None);
            }
            read_pull_record(&database).map_err(|e| Error::store("reading the mirror", e))
        })
        .await;

        let record = match record {
            Ok(record) => record?,
            Err(error) => {
                tracing::debug!(%error, "the mirror's pull record cannot be read");
                return None;
            }
        };
        let same_origin = record.source == self.source_text() && record.key_id == self.key_id();
        if !same_origin {
            tracing::info!("the mirror was pulled from another tenant or key; pulling it again");
            return None;
        }
        Some(record.pulled_at)
    }

    fn key_id(&self) -> &str {
        self.client.key_id()
    }

    /// The URLs the mirror comes from, as recorded: the bulk base, and the GraphQL URL.
    fn source_text(&self) -> String {
        let graphql = self.client.graphql_url().map_or("", |url| url.as_str());
        format!("{} {graphql}", self.client.base_url())
            .trim_end()
            .to_owned()
    }
}

/// A cloud tenant's mirror: its configuration, the time of its data and the last refresh's
/// failure.
pub(crate) struct Mirror {
    config: MirrorConfig,
    state: Mutex<MirrorState>,
    refreshing: tokio::sync::Mutex<()>,
}

struct MirrorState {
    pulled_at: DateTime<Utc>,
    last_error: Option<String>,
    failed_at: Option<DateTime<Utc>>,
}

impl Mirror {
    /// The mirror of `config` as `loaded` left it.
    pub fn new(config: MirrorConfig, pulled_at: DateTime<Utc>, error: Option<String>) -> Mirror {
        let now = config.now();
        let failed_at = error.as_ref().map(|_| now);
        let state = MirrorState {
            pulled_at,
            last_error: error,
            failed_at,
        };
        Mirror {
            config,
            state: Mutex::new(state),
            refreshing: tokio::sync::Mutex::new(()),
        }
    }

    /// How the mirror is pulled.
    pub fn config(&self) -> &MirrorConfig {
        &self.config
    }

    /// The present by the client's clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.config.now()
    }

    /// Waits until no other refresh runs; hold the guard while refreshing.
    pub async fn lock_refresh(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.refreshing.lock().await
    }

    /// Whether a tool call at `now` should refresh first: the data is at least
    /// `refresh_after` old, and no automatic refresh failed in the last minute.
    pub fn needs_refresh(&self, now: DateTime<Utc>) -> bool {
        let state = self.lock_state();
        if !is_stale(state.pulled_at, now, self.config.refresh_after) {
            return false;
        }
        let waited = state.failed_at.map(|failed_at| now - failed_at);
        waited.is_none_or(|waited| waited >= to_delta(RETRY_AFTER_FAILURE))
    }

    /// Records a successful refresh.
    pub fn record_success(&self, pulled_at: DateTime<Utc>) {
        let mut state = self.lock_state();
        state.pulled_at = pulled_at;
        state.last_error = None;
        state.failed_at = None;
    }

    /// Records a failed refresh at `now`.
    pub fn record_failure(&self, now: DateTime<Utc>, error: &Error) {
        let mut state = self.lock_state();
        state.last_error = Some(error_text(error));
        state.failed_at = Some(now);
    }

    /// How old the data is at `now`, in whole seconds.
    pub fn age_seconds(&self, now: DateTime<Utc>) -> i64 {
        (now - self.lock_state().pulled_at).num_seconds().max(0)
    }

    /// The mirror's state at `now`.
    pub fn status(&self, now: DateTime<Utc>) -> MirrorStatus {
        let state = self.lock_state();
        MirrorStatus {
            source_url: self.config.client.base_url().to_string(),
            pulled_at: state.pulled_at,
            data_age_seconds: (now - state.pulled_at).num_seconds().max(0),
            refresh_after_seconds: self.config.refresh_after.as_secs(),
            last_refresh_error: state.last_error.clone(),
        }
    }

    fn lock_state(&self) -> std::sync::MutexGuard<'_, MirrorState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// What the `meta` table records about a pull.
struct PullRecord {
    pulled_at: DateTime<Utc>,
    source: String,
    key_id: String,
}

/// Whether data pulled at `pulled_at` is stale at `now`.
fn is_stale(pulled_at: DateTime<Utc>, now: DateTime<Utc>, refresh_after: Duration) -> bool {
    now - pulled_at >= to_delta(refresh_after)
}

fn to_delta(duration: Duration) -> TimeDelta {
    TimeDelta::from_std(duration).unwrap_or(TimeDelta::MAX)
}

/// An error and its causes on one line, for `last_refresh_error`.
fn error_text(error: &Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Imports the pulled snapshot into the database, records the pull, and keeps the snapshot.
fn import_and_keep(
    options: SandboxOptions,
    database: &Path,
    record: &PullRecord,
    pull_dir: &Path,
    snapshot_dir: &Path,
) -> Result<Opened> {
    let opened = Store::open(options)?;

    write_pull_record(database, record).map_err(|e| Error::store("recording the pull", e))?;
    replace_dir(pull_dir, snapshot_dir)
        .map_err(|e| Error::store(format!("keeping {}", snapshot_dir.display()), e))?;
    Ok(opened)
}

fn open_database(path: &Path, flags: OpenFlags) -> rusqlite::Result<Connection> {
    let connection = Connection::open_with_flags(path, flags)?;
    connection.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(connection)
}

fn write_pull_record(database: &Path, record: &PullRecord) -> rusqlite::Result<()> {
    let mut connection = open_database(database, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    let transaction = connection.transaction()?;
    let rows = [
        (META_PULLED_AT, record.pulled_at.to_rfc3339()),
        (META_SOURCE, record.source.clone()),
        (META_KEY_ID, record.key_id.clone()),
    ];
    for (key, value) in rows {
        transaction.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value.as_str()],
        )?;
    }
    transaction.commit()
}

fn read_pull_record(database: &Path) -> rusqlite::Result<Option<PullRecord>> {
    let connection = open_database(database, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let value = |key: &str| -> rusqlite::Result<Option<String>> {
        connection
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| {
                row.get(0)
            })
            .optional()
    };

    let (Some(pulled_at), Some(source), Some(key_id)) = (
        value(META_PULLED_AT)?,
        value(META_SOURCE)?,
        value(META_KEY_ID)?,
    ) else {
        return Ok(None);
    };
    let Ok(pulled_at) = DateTime::parse_from_rfc3339(&pulled_at) else {
        return Ok(None);
    };
    Ok(Some(PullRecord {
        pulled_at: pulled_at.with_timezone(&Utc),
        source,
        key_id,
    }))
}

/// Refuses to let a pull replace a file that is not a cloud mirror, such as a sandbox's
/// database with its decisions, or a file that is no database at all: a mirror holds a pull
/// record, or is the import of a pull directory (a refresh that stopped before recording).
fn refuse_foreign_database(database: &Path) -> Result<()> {
    if !database.exists() {
        return Ok(());
    }

    let pull_prefix = sibling(database, "pull-").display().to_string();
    let is_mirror = || -> rusqlite::Result<bool> {
        let connection = open_database(database, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        let value = |key: &str| -> rusqlite::Result<Option<String>> {
            connection
                .query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| {
                    row.get(0)
                })
                .optional()
        };
        if value(META_PULLED_AT)?.is_some() {
            return Ok(true);
        }
        // The store records where an import came from under this key.
        let source = value("source")?.unwrap_or_default();
        Ok(source.starts_with(&pull_prefix))
    };
    if is_mirror().unwrap_or(false) {
        return Ok(());
    }
    let message = format!(
        "{} exists and is not a cloud mirror (a sandbox tenant, or another file); a refresh \
         replaces the mirror's database, so choose another file (--db PATH)",
        database.display()
    );
    Err(Error::invalid("database", message))
}

/// `<data dir>/balkanid/cloud-<host>.sqlite`.
fn default_database(client: &Client) -> Result<PathBuf> {
    let Some(data_dir) = dirs::data_dir() else {
        let message = "this system has no user data directory; choose the mirror's database \
                       file (--db PATH)";
        return Err(Error::invalid("database", message));
    };
    let url = client.graphql_url().unwrap_or(client.base_url());
    let host = match (url.host_str(), url.port()) {
        (Some(host), Some(port)) => format!("{host}_{port}"),
        (Some(host), None) => host.to_owned(),
        (None, _) => "unknown".to_owned(),
    };
    let host: String = host
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    Ok(data_dir
        .join("balkanid")
        .join(format!("cloud-{host}.sqlite")))
}

/// `<path>.<suffix>`, next to `path`.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

/// Replaces the directory `to` by `from`: the old one is moved aside, then removed.
fn replace_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    let aside = sibling(to, &format!("old-{}", std::process::id()));
    remove_dir_if_present(aside.clone())()?;
    let had_old = match std::fs::rename(to, &aside) {
        Ok(()) => true,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => false,
        Err(error) => return Err(error),
    };

    std::fs::rename(from, to)?;
    if had_old {
        std::fs::remove_dir_all(&aside)?;
    }
    Ok(())
}

/// A job that removes the directory `path` and everything in it, if it exists.
fn remove_dir_if_present(path: PathBuf) -> impl FnOnce() -> std::io::Result<()> {
    move || match std::fs::remove_dir_all(&path) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(error) => Err(error),
    }
}

/// Runs `job` on tokio's blocking pool.
async fn blocking<T, E>(
    job: impl FnOnce() -> std::result::Result<T, E> + Send + 'static,
) -> Result<T>
where
    T: Send + 'static,
    E: Into<BlockingError> + Send + 'static,
{
    let res = tokio::task::spawn_blocking(job)
        .await
        .map_err(|e| Error::store("running a mirror task", e))?;
    res.map_err(|e| match e.into() {
        BlockingError::Facade(error) => error,
        BlockingError::Io(error) => Error::store("handling the mirror's files", error),
    })
}

/// The errors a blocking job of this module returns.
enum BlockingError {
    Facade(Error),
    Io(std::io::Error),
}

impl From<Error> for BlockingError {
    fn from(error: Error) -> Self {
        BlockingError::Facade(error)
    }
}

impl From<std::io::Error> for BlockingError {
    fn from(error: std::io::Error) -> Self {
        BlockingError::Io(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn instant(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn data_is_stale_once_it_is_as_old_as_refresh_after() {
        let pulled_at = instant("2026-06-01T12:00:00Z");
        let hour = Duration::from_secs(3600);

        assert!(!is_stale(pulled_at, instant("2026-06-01T12:59:59Z"), hour));
        assert!(is_stale(pulled_at, instant("2026-06-01T13:00:00Z"), hour));
        assert!(is_stale(pulled_at, pulled_at, Duration::ZERO));
    }

    #[test]
    fn sibling_paths_append_a_suffix_to_the_whole_file_name() {
        let database = Path::new("/data/balkanid/cloud-acme.balkanid.app.sqlite");

        assert_eq!(
            sibling(database, "snapshot"),
            Path::new("/data/balkanid/cloud-acme.balkanid.app.sqlite.snapshot")
        );
    }

    #[test]
    fn the_pull_record_round_trips_through_the_meta_table() {
        let dir = tempfile::tempdir().unwrap();
        let database = dir.path().join("mirror.sqlite");
        let connection = Connection::open(&database).unwrap();
        connection
            .execute_batch("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            .unwrap();
        drop(connection);
        let record = PullRecord {
            pulled_at: instant("2026-06-01T12:00:00.250Z"),
            source: "http://127.0.0.1:9/api/rest/v0/".to_owned(),
            key_id: "kid".to_owned(),
        };

        write_pull_record(&database, &record).unwrap();
        let read = read_pull_record(&database).unwrap().unwrap();

        assert_eq!(read.pulled_at, record.pulled_at);
        assert_eq!(read.source, record.source);
        assert_eq!(read.key_id, "kid");
    }

    #[test]
    fn a_database_without_a_pull_record_has_none() {
        let dir = tempfile::tempdir().unwrap();
        let database = dir.path().join("sandbox.sqlite");
        let connection = Connection::open(&database).unwrap();
        connection
            .execute_batch(
                "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); \
                 INSERT INTO meta VALUES ('snapshot_time', '2026-06-01T12:00:00Z');",
            )
            .unwrap();
        drop(connection);

        assert!(read_pull_record(&database).unwrap().is_none());
    }

    #[test]
    fn a_pull_never_replaces_a_sandbox_database_or_a_stranger_file() {
        let dir = tempfile::tempdir().unwrap();
        let sandbox = dir.path().join("demo.sqlite");
        let connection = Connection::open(&sandbox).unwrap();
        connection
            .execute_batch(
                "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); \
                 INSERT INTO meta VALUES ('source', 'demo');",
            )
            .unwrap();
        drop(connection);
        let notes = dir.path().join("notes.txt");
        std::fs::write(&notes, "not a database").unwrap();

        let sandbox_error = refuse_foreign_database(&sandbox).unwrap_err();
        let notes_error = refuse_foreign_database(&notes).unwrap_err();

        assert!(sandbox_error.is_invalid_argument());
        assert!(
            sandbox_error.to_string().contains("is not a cloud mirror"),
            "{sandbox_error}"
        );
        assert!(notes_error.is_invalid_argument());
        assert!(refuse_foreign_database(&dir.path().join("new.sqlite")).is_ok());
    }

    #[test]
    fn a_pull_may_replace_a_mirror_even_one_whose_record_was_never_written() {
        let dir = tempfile::tempdir().unwrap();
        let database = dir.path().join("cloud.sqlite");
        let connection = Connection::open(&database).unwrap();
        let source = sibling(&database, "pull-42").display().to_string();
        connection
            .execute_batch("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            .unwrap();
        connection
            .execute("INSERT INTO meta VALUES ('source', ?1)", [&source])
            .unwrap();
        drop(connection);

        assert!(refuse_foreign_database(&database).is_ok());
    }

    #[test]
    fn replacing_a_directory_keeps_only_the_new_content() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("mirror.snapshot");
        let new = dir.path().join("mirror.pull-1");
        std::fs::create_dir(&old).unwrap();
        std::fs::write(old.join("stale.csv"), "old").unwrap();
        std::fs::create_dir(&new).unwrap();
        std::fs::write(new.join("fresh.csv"), "new").unwrap();

        replace_dir(&new, &old).unwrap();

        assert!(!new.exists());
        assert!(old.join("fresh.csv").is_file());
        assert!(!old.join("stale.csv").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "{leftovers:?}");
    }
}
