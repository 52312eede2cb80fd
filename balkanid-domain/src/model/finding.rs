//! BalkanID's own findings (`findings.csv`): risks its rules raised, with their workflow.

use chrono::{DateTime, Utc};

use crate::open_enum::open_enum;

open_enum! {
    /// `Workflow Status` of a finding.
    pub enum WorkflowStatus {
        /// Raised, not yet looked at.
        Created => "created",
        /// Being handled.
        Started => "started",
        /// Handling stopped.
        Stopped => "stopped",
        /// Handled.
        Completed => "completed",
    }
}

/// One finding (a row of `findings.csv` as downloaded).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct Finding {
    /// `ID`.
    pub id: String,
    /// `Employee`: an email.
    pub employee: Option<String>,
    /// `Identity`.
    pub identity: Option<String>,
    /// `Labels`: an array of arrays of `{"key","value":{"text"},"explanation"}`.
    pub labels: Option<serde_json::Value>,
    /// `Integration`.
    pub integration: Option<String>,
    /// `Name`.
    pub name: Option<String>,
    /// `Description`.
    pub description: Option<String>,
    /// `Value`.
    pub value: Option<String>,
    /// `Metadata`, JSON.
    pub metadata: Option<serde_json::Value>,
    /// `Reason`.
    pub reason: Option<String>,
    /// `Rule`.
    pub rule: Option<String>,
    /// `Assigned To`.
    pub assigned_to: Option<String>,
    /// `Workflow Status`.
    pub workflow_status: Option<WorkflowStatus>,
    /// `Created At` (RFC 3339).
    pub created_at: Option<DateTime<Utc>>,
    /// `Updated At` (RFC 3339).
    pub updated_at: Option<DateTime<Utc>>,
    /// `Activity Log`, JSON.
    pub activity_log: Option<serde_json::Value>,
}
