//! The BalkanID SDK: a typed client for BalkanID's cloud and a sandbox tenant on SQLite,
//! behind one facade.

#![deny(missing_docs)]

pub mod cloud;
pub mod error;
pub mod query;
mod store;
pub mod tenant;
pub mod views;

pub use error::{Error, Result};
pub use tenant::{ImportProgress, SandboxOptions, SnapshotSource, Tenant};
