//! Access requests (`requests.csv`): one row per requested grant or revocation, several rows
//! sharing a `Request ID`.

use chrono::NaiveDateTime;

use crate::ids::WorkEmail;
use crate::open_enum::open_enum;
use crate::values::GoDuration;

open_enum! {
    /// `Request Type`: give or take away access.
    pub enum RequestType {
        /// Provision access.
        Grant => "grant",
        /// De-provision access.
        Revoke => "revoke",
    }
}

open_enum! {
    /// `Type`: what the request is about.
    pub enum RequestKind {
        /// An employee asks for (or loses) access to an app's connection or resource.
        EmployeeRequest => "employee_request",
        /// A change to an entity, such as a service account's grants.
        UpdateEntity => "update_entity",
        /// Joining a purpose for a time window (just-in-time access).
        PurposeRequest => "purpose_request",
    }
}

/// How long granted access lasts (`Duration`): a Go duration such as `15m` or `168h`, or
/// `permanent`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum RequestDuration {
    /// Until revoked.
    Permanent,
    /// For this long after provisioning.
    For(GoDuration),
}

/// One row of `requests.csv` as downloaded.
///
/// Timestamps in this format have no zone; they are read as UTC (inferred).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct AccessRequest {
    /// `Request ID`, shared by the rows of one request.
    pub request_id: String,
    /// `Requester`: who asked.
    pub requester: WorkEmail,
    /// `Username`.
    pub username: String,
    /// `Work Email`: whom the access is for.
    pub work_email: WorkEmail,
    /// `Reference`.
    pub reference: Option<String>,
    /// `Duration`.
    pub duration: Option<RequestDuration>,
    /// `Expiration Date` (`YYYY-MM-DD HH:MM:SS`).
    pub expiration_date: Option<NaiveDateTime>,
    /// `Provision Date`.
    pub provision_date: Option<NaiveDateTime>,
    /// `Source`: an external system such as `jira`.
    pub source: Option<String>,
    /// `Source ID`: the ticket there.
    pub source_id: Option<String>,
    /// `Request Type`.
    pub request_type: Option<RequestType>,
    /// `App ID`.
    pub app_id: Option<String>,
    /// `Connection`.
    pub connection: Option<String>,
    /// `Connection Type`.
    pub connection_type: Option<String>,
    /// `Resource`.
    pub resource: Option<String>,
    /// `Resource Type`.
    pub resource_type: Option<String>,
    /// `Privilege Name`.
    pub privilege_name: Option<String>,
    /// `Privilege Value`.
    pub privilege_value: Option<bool>,
    /// `Type`.
    pub kind: RequestKind,
    /// `Metadata`, JSON with keys such as `reason` and `reference_employee`.
    pub metadata: serde_json::Value,
    /// `Scheduled Date`: when provisioning is planned.
    pub scheduled_date: Option<NaiveDateTime>,
    /// `Entity Review ID`: the review item that approves this row.
    pub entity_review_id: Option<String>,
    /// `Purpose ID`: the purpose this row requests, for just-in-time access.
    pub purpose_id: Option<String>,
    /// `Purpose Review ID`: the review item that approves the purpose assignment.
    pub purpose_review_id: Option<String>,
}

impl AccessRequest {
    /// The `reason` key of the metadata, if any.
    pub fn reason(&self) -> Option<&str> {
        self.metadata
            .get("reason")
            .and_then(serde_json::Value::as_str)
    }
}
