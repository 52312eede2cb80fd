//! The facade: [`Tenant`], one company's governance data with the same typed operations
//! whether it is the local sandbox or BalkanID's cloud, [`SandboxOptions`], how a sandbox
//! tenant is opened, and [`CloudOptions`], how a cloud tenant is.
//!
//! Every operation runs as the acting user at an `as_of` instant: the pinned one, or the
//! present. The sandbox keeps its data in SQLite; each call runs on tokio's blocking pool.
//! A cloud tenant reads from a local mirror with the same schema (see `crate::mirror`),
//! pulled again before a call once it is older than its refresh interval.

use std::fmt;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Utc};

use crate::error::{Error, Result};
use crate::mirror::{Mirror, MirrorConfig};
use crate::query::{
    AccessRequestQuery, AuditQuery, CampaignQuery, CredentialQuery, EmployeeQuery, FederatedQuery,
    IdentityKey, IdentityQuery, IntegrationQuery, Page, PageRequest, PurposeQuery,
    RelationshipQuery, ReviewQuery, RiskyCredentialQuery, RiskyIdentityQuery,
};
use crate::store::{Context, Store};
use crate::views::{
    AccessRequestDetail, AccessRequestSummary, AuditLog, CampaignSummary, CredentialDetail,
    CredentialSummary, EmployeeDetail, EmployeeSummary, FederatedCredential, IdentityDetail,
    IdentitySummary, IntegrationSummary, MirrorStatus, MyQueue, PurposeSummary, RelationshipEdge,
    ReviewSummary, RiskFinding, TenantInfo,
};
use crate::writes::{self, WriteOperation};

pub use crate::mirror::{CloudOptions, RefreshCallback, RefreshProgress};

/// Whether a tenant is the local sandbox or BalkanID's cloud.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TenantMode {
    /// The demo company or a snapshot directory, in a local database that every workflow
    /// changes.
    Sandbox,
    /// A BalkanID tenant, read from a local mirror refreshed from the bulk API.
    Cloud,
}

impl TenantMode {
    /// `sandbox` or `cloud`, as `whoami` says it.
    pub fn as_str(self) -> &'static str {
        match self {
            TenantMode::Sandbox => "sandbox",
            TenantMode::Cloud => "cloud",
        }
    }
}

/// Where a sandbox tenant's data comes from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum SnapshotSource {
    /// The demo company built into this crate.
    #[default]
    Demo,
    /// A snapshot directory: `manifest.json` and one CSV file per resource.
    Directory(PathBuf),
}

/// How far an import has come; passed to the progress callback of [`SandboxOptions`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ImportProgress {
    /// The file being read, such as `entities.csv`.
    pub file: String,
    /// Rows of that file imported so far.
    pub rows_done: u64,
    /// Rows the manifest announces for that file, when it does.
    pub rows_expected: Option<u64>,
    /// Whether the file is finished.
    pub file_done: bool,
}

/// A callback that hears about import progress.
pub type ProgressCallback = Box<dyn FnMut(ImportProgress) + Send>;

/// How to open a sandbox tenant with [`Tenant::open_sandbox`].
///
/// Every setting has a default: the built-in demo company, in a database under the user's
/// data directory, shifted to the present, acting as the snapshot's default user.
#[derive(Default)]
#[non_exhaustive]
pub struct SandboxOptions {
    /// Where the data comes from.
    pub source: SnapshotSource,
    /// The database file.
    pub database: Option<PathBuf>,
    /// Whether to import the snapshot again even if the database exists. Without it, an
    /// existing database is kept even when the snapshot changed since its import (a warning
    /// says so); only a missing, unreadable or older-schema database is imported again.
    pub reset: bool,
    /// The pinned present.
    pub as_of: Option<DateTime<Utc>>,
    /// The acting user's work email.
    pub user_email: Option<String>,
    /// Hears about import progress.
    pub progress: Option<ProgressCallback>,
}

impl fmt::Debug for SandboxOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let SandboxOptions {
            source,
            database,
            reset,
            as_of,
            user_email,
            progress,
        } = self;
        f.debug_struct("SandboxOptions")
            .field("source", source)
            .field("database", database)
            .field("reset", reset)
            .field("as_of", as_of)
            .field("user_email", user_email)
            .field("progress", &progress.as_ref().map(|_| "callback"))
            .finish()
    }
}

impl SandboxOptions {
    /// Reads the tenant from a snapshot directory; without this, the built-in demo company.
    #[must_use]
    pub fn source(mut self, source: SnapshotSource) -> Self {
        self.source = source;
        self
    }

    /// Keeps the tenant in this database file; without this, in
    /// `<data dir>/balkanid/<tenant>.sqlite`, where `<tenant>` is `demo` for the demo company
    /// and the snapshot's tenant id otherwise.
    #[must_use]
    pub fn database(mut self, path: impl Into<PathBuf>) -> Self {
        self.database = Some(path.into());
        self
    }

    /// Imports the snapshot again, replacing the database and its changes; without this, an
    /// existing database is reused (with its changes), even when the snapshot changed since
    /// its import: a `tracing` warning then says so and that `reset` (`--reset`) imports it
    /// again. Only a missing, unreadable or older-schema database is imported without it.
    #[must_use]
    pub fn reset(mut self, reset: bool) -> Self {
        self.reset = reset;
        self
    }

    /// Pins the present: rules are evaluated at this instant and the data is shifted so that
    /// the snapshot time falls on its date. Without this, the present is the clock's.
    #[must_use]
    pub fn as_of(mut self, as_of: DateTime<Utc>) -> Self {
        self.as_of = Some(as_of);
        self
    }

    /// Acts as the employee with this work email (any case); without this, as the
    /// snapshot's default user.
    #[must_use]
    pub fn user_email(mut self, email: impl Into<String>) -> Self {
        self.user_email = Some(email.into());
        self
    }

    /// Calls `progress` while importing, every few thousand rows and at the end of each
    /// file; without this, imports are silent.
    #[must_use]
    pub fn progress(mut self, progress: impl FnMut(ImportProgress) + Send + 'static) -> Self {
        self.progress = Some(Box::new(progress));
        self
    }
}

/// One company's governance data and the operations on it, acting as one user.
///
/// Cheap to clone; clones share the same database.
#[derive(Clone)]
pub struct Tenant {
    inner: Arc<Sandbox>,
}

/// A sandbox tenant: a SQLite database and who acts on it; for a cloud tenant, also the
/// mirror the database is pulled into.
struct Sandbox {
    store: Mutex<Store>,
    pinned_as_of: Option<DateTime<Utc>>,
    user_email: String,
    mirror: Option<Mirror>,
}

impl fmt::Debug for Tenant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tenant")
            .field("mode", &self.mode().as_str())
            .field("user_email", &self.inner.user_email)
            .field("pinned_as_of", &self.inner.pinned_as_of)
            .finish_non_exhaustive()
    }
}

impl Tenant {
    /// Opens a sandbox tenant: imports the snapshot into the database if the database is
    /// missing, unreadable, of an older schema, or `reset` is set (a database of a snapshot
    /// changed since its import is kept); shifts its dates to the present;
    /// and checks the acting user.
    ///
    /// An import writes a new database file next to the target and renames it over the
    /// target only once complete, so a failed import leaves an existing database as it was.
    ///
    /// # Errors
    ///
    /// [`Error::Import`] when the snapshot cannot be read, naming the file, line and column;
    /// [`Error::NotFound`] when the acting user is no employee of the tenant;
    /// [`Error::InvalidArgument`] when no acting user is given and the snapshot names none,
    /// or no database path can be chosen; [`Error::Store`] when the database fails.
    pub async fn open_sandbox(options: SandboxOptions) -> Result<Tenant> {
        let pinned_as_of = options.as_of;
        let opened = tokio::task::spawn_blocking(move || Store::open(options))
            .await
            .map_err(|e| Error::store("opening the sandbox tenant", e))??;

        let sandbox = Sandbox {
            store: Mutex::new(opened.store),
            pinned_as_of,
            user_email: opened.user_email,
            mirror: None,
        };
        Ok(Tenant {
            inner: Arc::new(sandbox),
        })
    }

    /// Opens a BalkanID cloud tenant: its local mirror is reused when it was pulled from the
    /// same URLs with the same key less than `refresh_after` ago, and pulled from the bulk
    /// API otherwise (into a new directory, imported atomically). A stale mirror that cannot
    /// be refreshed is served, and [`Tenant::mirror_status`] says why it is old.
    ///
    /// Reads answer from the mirror; before each, a mirror at least `refresh_after` old is
    /// pulled again first. Its dates are never shifted.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] when no acting user is given or no database path can be
    /// chosen; [`Error::Cloud`] when there is no mirror yet and the pull fails;
    /// [`Error::Import`] or [`Error::Store`] when the pulled files cannot be imported;
    /// [`Error::NotFound`] when the acting user is no employee of the tenant.
    pub async fn open_cloud(options: CloudOptions) -> Result<Tenant> {
        let pinned_as_of = options.as_of;
        let config = MirrorConfig::new(options)?;
        let loaded = config.open().await?;

        let mirror = Mirror::new(config, loaded.pulled_at, loaded.refresh_error);
        let sandbox = Sandbox {
            store: Mutex::new(loaded.opened.store),
            pinned_as_of,
            user_email: loaded.opened.user_email,
            mirror: Some(mirror),
        };
        Ok(Tenant {
            inner: Arc::new(sandbox),
        })
    }

    /// Whether this is the sandbox or a cloud tenant.
    pub fn mode(&self) -> TenantMode {
        match self.inner.mirror {
            Some(_) => TenantMode::Cloud,
            None => TenantMode::Sandbox,
        }
    }

    /// A cloud tenant's mirror: where it comes from, how old it is, when it refreshes and why
    /// its last refresh failed; `None` for a sandbox.
    pub fn mirror_status(&self) -> Option<MirrorStatus> {
        let mirror = self.inner.mirror.as_ref()?;
        Some(mirror.status(mirror.now()))
    }

    /// Pulls a cloud tenant's mirror again now, whatever its age, and answers its new state.
    /// Reads made meanwhile answer from the previous mirror; a failed refresh keeps it.
    ///
    /// # Errors
    ///
    /// [`Error::Unsupported`] on a sandbox tenant; the errors of a pull and import as in
    /// [`Tenant::open_cloud`].
    pub async fn refresh(&self) -> Result<MirrorStatus> {
        let Some(mirror) = &self.inner.mirror else {
            return Err(Error::Unsupported {
                operation: "refreshing from BalkanID (a sandbox has no cloud to pull from)"
                    .to_owned(),
            });
        };

        let _refreshing = mirror.lock_refresh().await;
        self.refresh_locked(mirror).await?;
        Ok(mirror.status(mirror.now()))
    }

    /// Whether this tenant may make `operation`: a sandbox makes every write; a cloud tenant
    /// only those BalkanID's public API documents ([`crate::writes::CLOUD_WRITES`]). Write
    /// operations call this first.
    ///
    /// # Errors
    ///
    /// [`Error::UndocumentedWrite`] on a cloud tenant for an operation BalkanID does not
    /// document, saying what to do instead.
    pub fn check_write(&self, operation: WriteOperation) -> Result<()> {
        match self.mode() {
            TenantMode::Sandbox => Ok(()),
            TenantMode::Cloud => writes::check_cloud_write(operation),
        }
    }

    /// Who is acting, on which tenant, in which mode, and at which instant (`whoami`); for a
    /// cloud tenant also how old the mirror is.
    ///
    /// # Errors
    ///
    /// [`Error::Store`] when the database fails.
    pub async fn info(&self) -> Result<TenantInfo> {
        let mut info = self.run(|store, context| store.info(context)).await?;

        if let Some(mirror) = &self.inner.mirror {
            info.mode = TenantMode::Cloud.as_str().to_owned();
            info.data_age_seconds = Some(mirror.age_seconds(mirror.now()));
        }
        Ok(info)
    }

    /// Identities (application accounts) matching the filters, sorted by app, then name,
    /// then BRN.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] for a bad page request; [`Error::Store`] when the database
    /// fails.
    pub async fn list_identities(&self, query: IdentityQuery) -> Result<Page<IdentitySummary>> {
        self.run(move |store, context| store.list_identities(context, &query))
            .await
    }

    /// One identity with its employee, owners, connections, reachable resources, credentials
    /// and findings.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] with the nearest BRNs, emails or handles when nothing matches;
    /// [`Error::InvalidArgument`] when an email or handle matches accounts in several apps
    /// and no app is given; [`Error::Store`] when the database fails.
    pub async fn get_identity(&self, key: IdentityKey) -> Result<IdentityDetail> {
        self.run(move |store, context| store.get_identity(context, &key))
            .await
    }

    /// Identity findings (terminated with access, orphaned, service account without owner,
    /// dormant) with their evidence, sorted by kind, then app, then identity name.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] for a bad page request; [`Error::Store`] when the database
    /// fails.
    pub async fn find_risky_identities(
        &self,
        query: RiskyIdentityQuery,
    ) -> Result<Page<RiskFinding>> {
        self.run(move |store, context| store.find_risky_identities(context, &query))
            .await
    }

    /// The relations met walking from one entity: the connections an identity holds and the
    /// resources they grant (`down`), or who holds a resource or connection (`up`).
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] with the nearest BRNs when the entity does not exist;
    /// [`Error::InvalidArgument`] for a bad page request; [`Error::Store`] when the database
    /// fails.
    pub async fn list_entity_relationships(
        &self,
        query: RelationshipQuery,
    ) -> Result<Page<RelationshipEdge>> {
        self.run(move |store, context| store.list_entity_relationships(context, &query))
            .await
    }

    /// Credentials matching the filters, sorted by app, then identity, then name.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] for a bad page request or an unknown credential type;
    /// [`Error::Store`] when the database fails.
    pub async fn list_credentials(
        &self,
        query: CredentialQuery,
    ) -> Result<Page<CredentialSummary>> {
        self.run(move |store, context| store.list_credentials(context, &query))
            .await
    }

    /// One credential with its identity, the resources behind it and its findings.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] with the nearest credential ids and names when nothing matches;
    /// [`Error::Store`] when the database fails.
    pub async fn get_credential(&self, id: &str) -> Result<CredentialDetail> {
        let id = id.to_owned();
        self.run(move |store, context| store.get_credential(context, &id))
            .await
    }

    /// Credential findings (expired, expiring, unrotated, active on an inactive identity,
    /// broad federated trust) with their evidence, sorted by kind, then app, then name.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] for a bad page request; [`Error::Store`] when the database
    /// fails.
    pub async fn find_risky_credentials(
        &self,
        query: RiskyCredentialQuery,
    ) -> Result<Page<RiskFinding>> {
        self.run(move |store, context| store.find_risky_credentials(context, &query))
            .await
    }

    /// Federated identity credentials with their issuer, subject, audiences and how broad
    /// their trust is, sorted by app, then identity, then name.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] for a bad page request; [`Error::Store`] when the database
    /// fails.
    pub async fn list_federated_credentials(
        &self,
        query: FederatedQuery,
    ) -> Result<Page<FederatedCredential>> {
        self.run(move |store, context| store.list_federated_credentials(context, &query))
            .await
    }

    /// Integrations with their status, last run and sync message, sorted by app, then name.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] for a bad page request; [`Error::Store`] when the database
    /// fails.
    pub async fn list_integrations(
        &self,
        query: IntegrationQuery,
    ) -> Result<Page<IntegrationSummary>> {
        self.run(move |store, context| store.list_integrations(context, &query))
            .await
    }

    /// Employees matching the filters, sorted by name, then email.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] when `manager_email` is no employee; [`Error::InvalidArgument`]
    /// for a bad page request; [`Error::Store`] when the database fails.
    pub async fn list_employees(&self, query: EmployeeQuery) -> Result<Page<EmployeeSummary>> {
        self.run(move |store, context| store.list_employees(context, &query))
            .await
    }

    /// One employee by work email (any case), with their manager chain, direct reports and
    /// accounts.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] with the nearest emails when no employee has this email;
    /// [`Error::Store`] when the database fails.
    pub async fn get_employee(&self, email: &str) -> Result<EmployeeDetail> {
        let email = email.to_owned();
        self.run(move |store, context| store.get_employee(context, &email))
            .await
    }

    /// The people who report to `manager_email`: directly, or with `recursive` also through
    /// their managers, sorted by name, then email.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] with the nearest emails when the manager is no employee;
    /// [`Error::InvalidArgument`] for a bad page request; [`Error::Store`] when the database
    /// fails.
    pub async fn list_direct_reports(
        &self,
        manager_email: &str,
        recursive: bool,
        page: PageRequest,
    ) -> Result<Page<EmployeeSummary>> {
        let manager_email = manager_email.to_owned();
        self.run(move |store, context| {
            store.list_direct_reports(context, &manager_email, recursive, &page)
        })
        .await
    }

    /// Campaigns with their due date, completion and counts, sorted by due date, then name.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] for a bad page request or status; [`Error::Store`] when
    /// the database fails.
    pub async fn list_campaigns(&self, query: CampaignQuery) -> Result<Page<CampaignSummary>> {
        self.run(move |store, context| store.list_campaigns(context, &query))
            .await
    }

    /// Review items matching the filters, sorted by creation date, then id.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] with the nearest names when the campaign does not exist;
    /// [`Error::InvalidArgument`] for a bad page request; [`Error::Store`] when the database
    /// fails.
    pub async fn list_reviews(&self, query: ReviewQuery) -> Result<Page<ReviewSummary>> {
        self.run(move |store, context| store.list_reviews(context, &query))
            .await
    }

    /// The acting user's open review items in campaigns in progress and the access requests
    /// waiting for their approval; `page` bounds each of the two lists.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] for a bad page request; [`Error::Store`] when the database
    /// fails.
    pub async fn my_queue(&self, page: PageRequest) -> Result<MyQueue> {
        self.run(move |store, context| store.my_queue(context, &page))
            .await
    }

    /// Access requests matching the filters, newest first, then by id.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] for a bad page request, status or request type;
    /// [`Error::Store`] when the database fails.
    pub async fn list_access_requests(
        &self,
        query: AccessRequestQuery,
    ) -> Result<Page<AccessRequestSummary>> {
        self.run(move |store, context| store.list_access_requests(context, &query))
            .await
    }

    /// One access request with its review items and approver chain.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] with the nearest request ids when nothing matches;
    /// [`Error::Store`] when the database fails.
    pub async fn get_access_request(&self, id: &str) -> Result<AccessRequestDetail> {
        let id = id.to_owned();
        self.run(move |store, context| store.get_access_request(context, &id))
            .await
    }

    /// Purposes with their assignments, sorted by name, then BRN.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] for a bad page request; [`Error::Store`] when the database
    /// fails.
    pub async fn list_purposes(&self, query: PurposeQuery) -> Result<Page<PurposeSummary>> {
        self.run(move |store, context| store.list_purposes(context, &query))
            .await
    }

    /// Audit records, newest first, and whether the whole hash chain verifies.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] for a bad page request; [`Error::Store`] when the database
    /// fails.
    pub async fn list_audit_events(&self, query: AuditQuery) -> Result<AuditLog> {
        self.run(move |store, context| store.list_audit_events(context, &query))
            .await
    }

    /// The instant rules are evaluated at: the pinned one, or the clock's (for a cloud
    /// tenant, its client's clock).
    fn as_of(&self) -> DateTime<Utc> {
        if let Some(pinned) = self.inner.pinned_as_of {
            return pinned;
        }
        match &self.inner.mirror {
            Some(mirror) => mirror.now(),
            None => Utc::now(),
        }
    }

    /// Runs `operation` on the store on tokio's blocking pool. A sandbox's data is first
    /// shifted to the present's date if the day changed since the last call; a cloud
    /// tenant's mirror is first pulled again if it is stale.
    async fn run<T, F>(&self, operation: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store, &Context) -> Result<T> + Send + 'static,
    {
        self.refresh_if_stale().await;

        let sandbox = Arc::clone(&self.inner);
        let context = Context {
            as_of: self.as_of(),
            user_email: sandbox.user_email.clone(),
        };

        let task = tokio::task::spawn_blocking(move || {
            let mut store = lock(&sandbox.store);
            // A mirror holds BalkanID's own dates: it is never shifted.
            if sandbox.mirror.is_none() {
                store.rebase(context.as_of)?;
            }
            operation(&mut store, &context)
        });
        task.await.map_err(|e| Error::store("running a query", e))?
    }

    /// Pulls a cloud tenant's mirror again when it is stale; on failure, logs a warning and
    /// leaves the older mirror to answer (its age and the error are in `mirror_status`).
    async fn refresh_if_stale(&self) {
        let Some(mirror) = &self.inner.mirror else {
            return;
        };
        if !mirror.needs_refresh(mirror.now()) {
            return;
        }

        let _refreshing = mirror.lock_refresh().await;
        // Another call may have refreshed while this one waited.
        if !mirror.needs_refresh(mirror.now()) {
            return;
        }
        if let Err(error) = self.refresh_locked(mirror).await {
            tracing::warn!(%error, "the cloud mirror could not be refreshed; answering from it");
        }
    }

    /// Pulls the mirror and swaps the new database in; the caller holds the refresh lock.
    async fn refresh_locked(&self, mirror: &Mirror) -> Result<()> {
        match mirror.config().pull().await {
            Ok(loaded) => {
                *lock(&self.inner.store) = loaded.opened.store;
                mirror.record_success(loaded.pulled_at);
                Ok(())
            }
            Err(error) => {
                mirror.record_failure(mirror.now(), &error);
                Err(error)
            }
        }
    }
}

/// Locks the store; a panic in another query does not leave the database unusable, since
/// every write runs in a transaction.
fn lock(store: &Mutex<Store>) -> MutexGuard<'_, Store> {
    store
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
