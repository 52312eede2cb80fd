//! The BalkanID SDK: a typed client for BalkanID's cloud and a sandbox tenant on SQLite,
//! behind one facade.

#![deny(missing_docs)]

pub mod cloud;
