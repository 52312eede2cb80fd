//! Integrations: the connections from BalkanID to each application (`integrations.csv`).

use chrono::{DateTime, Utc};

use crate::ids::{IntegrationId, WorkEmail};
use crate::open_enum::open_enum;

open_enum! {
    /// `Status` of an integration.
    pub enum IntegrationStatus {
        /// Syncing on schedule.
        Active => "active",
        /// Turned off.
        Inactive => "inactive",
    }
}

open_enum! {
    /// One step of `Reviewer Precedence`: who reviews an item, in order.
    pub enum ReviewerKind {
        /// The identity's first-line manager.
        Manager => "manager",
        /// The application's primary owner.
        PrimaryOwner => "primaryowner",
        /// A risk manager.
        RiskManager => "riskmanager",
    }
}

/// One integration (a row of `integrations.csv` as downloaded).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct Integration {
    /// `ID`: `<app>/<ULID>`.
    pub id: IntegrationId,
    /// `Name`.
    pub name: String,
    /// `Description`.
    pub description: Option<String>,
    /// `Last Run` (RFC 3339): when the last sync ran.
    pub last_run: Option<DateTime<Utc>>,
    /// `Status`.
    pub status: IntegrationStatus,
    /// `Primary Owner`: an email.
    pub primary_owner: Option<WorkEmail>,
    /// `Message`: the last sync's outcome, such as `Data Available` or `1 error occured`.
    pub message: Option<String>,
    /// `Metadata`: the secrets descriptor array (values of secret entries are blank).
    pub metadata: Option<serde_json::Value>,
    /// `Reviewer Precedence`.
    pub reviewer_precedence: Vec<ReviewerKind>,
    /// `Provisioning Options`: JSON with boolean keys `sso`, `app`, `ticket`, `scim`, ...
    pub provisioning_options: Option<serde_json::Value>,
    /// `Extraction Options`: JSON with keys `scim`, `upload`, `direct_configuration`.
    pub extraction_options: Option<serde_json::Value>,
    /// `Reviewer Count`: how many review levels are required.
    pub reviewer_count: Option<u32>,
    /// `Entity Request Values Templates`, JSON.
    pub entity_request_values_templates: Option<serde_json::Value>,
    /// `Entity Request Values Defaults`, JSON.
    pub entity_request_values_defaults: Option<serde_json::Value>,
}
