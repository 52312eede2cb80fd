//! The manifest of a snapshot directory: one company's tenant on disk as bulk CSV files.
//!
//! A snapshot directory holds `manifest.json` and one CSV file per resource, named after the
//! resource's REST path segment. Every date in the files is written relative to the
//! manifest's `snapshot_time`, so a loader can shift the whole tenant to another present.

use chrono::{DateTime, Utc};

/// The resources a snapshot directory may hold, with their file names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum SnapshotFile {
    /// `apps.csv`.
    Apps,
    /// `admins.csv`.
    Admins,
    /// `integrations.csv`.
    Integrations,
    /// `employees.csv`.
    Employees,
    /// `entities.csv`.
    Entities,
    /// `entity-relations.csv`.
    EntityRelations,
    /// `relations.csv`.
    Relations,
    /// `entitlements.csv`.
    Entitlements,
    /// `business-owners.csv`.
    BusinessOwners,
    /// `credentials.csv` (this crate's own format).
    Credentials,
    /// `campaigns.csv`.
    Campaigns,
    /// `reviews.csv`.
    Reviews,
    /// `requests.csv`.
    Requests,
    /// `purposes.csv`.
    Purposes,
    /// `findings.csv`.
    Findings,
}

impl SnapshotFile {
    /// Every file, in the order a loader should read them (referenced data first).
    pub const ALL: &'static [SnapshotFile] = &[
        SnapshotFile::Apps,
        SnapshotFile::Admins,
        SnapshotFile::Integrations,
        SnapshotFile::Employees,
        SnapshotFile::Entities,
        SnapshotFile::EntityRelations,
        SnapshotFile::Relations,
        SnapshotFile::Entitlements,
        SnapshotFile::BusinessOwners,
        SnapshotFile::Credentials,
        SnapshotFile::Campaigns,
        SnapshotFile::Reviews,
        SnapshotFile::Requests,
        SnapshotFile::Purposes,
        SnapshotFile::Findings,
    ];

    /// The REST path segment, such as `entity-relations`.
    pub fn resource(self) -> &'static str {
        match self {
            SnapshotFile::Apps => "apps",
            SnapshotFile::Admins => "admins",
            SnapshotFile::Integrations => "integrations",
            SnapshotFile::Employees => "employees",
            SnapshotFile::Entities => "entities",
            SnapshotFile::EntityRelations => "entity-relations",
            SnapshotFile::Relations => "relations",
            SnapshotFile::Entitlements => "entitlements",
            SnapshotFile::BusinessOwners => "business-owners",
            SnapshotFile::Credentials => "credentials",
            SnapshotFile::Campaigns => "campaigns",
            SnapshotFile::Reviews => "reviews",
            SnapshotFile::Requests => "requests",
            SnapshotFile::Purposes => "purposes",
            SnapshotFile::Findings => "findings",
        }
    }

    /// The file name, such as `entity-relations.csv`.
    pub fn file_name(self) -> String {
        format!("{}.csv", self.resource())
    }
}

/// `manifest.json` of a snapshot directory.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct Manifest {
    /// The manifest format version; this crate writes and reads `1`.
    pub format_version: u32,
    /// The company's name.
    pub tenant_name: String,
    /// The tenant id, as it appears in BRNs.
    pub tenant_id: String,
    /// The instant the snapshot describes; every date in the files is relative to it.
    pub snapshot_time: DateTime<Utc>,
    /// The acting user to assume when none is given, for demo tenants.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_user: Option<String>,
    /// What wrote the snapshot, such as `xtask demo-tenant --employees 300 --seed 7`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generator: Option<String>,
    /// The resource files present, by REST path segment, with their row counts.
    #[serde(default)]
    pub files: std::collections::BTreeMap<String, u64>,
}

impl Manifest {
    /// The manifest format version this crate writes.
    pub const FORMAT_VERSION: u32 = 1;
}
