//! The BalkanID SDK: a typed client for BalkanID's cloud and a sandbox tenant on SQLite,
//! behind one facade, [`Tenant`].
//!
//! The sandbox tenant imports a snapshot directory (BalkanID's bulk CSV files and a manifest)
//! into a SQLite database, with the built-in demo company as the default, and answers every
//! read question of the MCP server from it. Governance judgements (terminated with access,
//! orphaned, expired credentials, overdue campaigns, ...) come from `balkanid_domain::rules`.
//!
//! A cloud tenant ([`Tenant::open_cloud`]) answers the same reads from a local mirror with the
//! sandbox's schema, pulled from BalkanID's bulk API through [`cloud::Client`] and pulled
//! again once older than its refresh interval; it refuses the writes BalkanID's public API
//! does not document ([`writes`]).
//!
//! # Example
//!
//! ```no_run
//! use balkanid_api::query::{IdentityRiskKind, RiskyIdentityQuery};
//! use balkanid_api::{SandboxOptions, Tenant};
//!
//! # async fn run() -> balkanid_api::Result<()> {
//! // The demo company, kept under the user's data directory and shifted to today.
//! let tenant = Tenant::open_sandbox(SandboxOptions::default()).await?;
//!
//! let query = RiskyIdentityQuery::default().kinds([IdentityRiskKind::TerminatedWithAccess]);
//! let page = tenant.find_risky_identities(query).await?;
//! for finding in &page.items {
//!     eprintln!("{}: {}", finding.subject_name, finding.summary);
//! }
//! # Ok(())
//! # }
//! ```

#![deny(missing_docs)]

pub mod cloud;
pub mod error;
mod mirror;
pub mod query;
mod store;
pub mod tenant;
pub mod views;
pub mod writes;

pub use error::{Error, Result, StoreError};
pub use tenant::{
    CloudOptions, ImportProgress, ProgressCallback, SandboxOptions, SnapshotSource, Tenant,
    TenantMode,
};
pub use writes::WriteOperation;
