//! Upload formats of the model's resources whose columns differ from the download: entities,
//! entity relations, entitlements, campaigns, integrations, purposes, the four request
//! layouts, findings, and the relations file of an Entity RBAC upload.
//!
//! Employees, business owners and relations upload in their download format, so their
//! model types ([`Employee`](crate::model::Employee),
//! [`BusinessOwner`](crate::model::BusinessOwner), [`Relation`](crate::model::Relation)) serve
//! both directions.

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::csv::{FieldError, Record, Row, cell, json_cell, parse_count, versioned_cells};
use crate::ids::{AppId, Brn, IntegrationId, WorkEmail};
use crate::model::{
    Birthright, CampaignStatus, EntityType, IntegrationStatus, RequestDuration, RequestKind,
    RequestType, ReviewerKind, VersionedJson, WorkflowStatus,
};
use crate::open_enum::open_enum;
use crate::values::{
    BoolCase, GoDuration, ListStyle, Rrule, format_bool, format_iso_date, format_rfc3339,
    join_list, parse_bool, parse_iso_date, parse_json, parse_rfc3339,
};

open_enum! {
    /// `Status` of a purposes upload row.
    pub enum PurposeStatus {
        /// Keep the purpose (inferred: the page names only `deleted`).
        Active => "active",
        /// Delete the purpose.
        Deleted => "deleted",
    }
}

/// One row of the entities upload: an entity of a custom application, also the entities file
/// of an Entity RBAC upload (with `Entity Type` `role` and `Source Type` `rbac role`).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct EntityUpload {
    /// `App`.
    pub app: Option<AppId>,
    /// `Name`.
    pub name: String,
    /// `Entity Type`.
    pub entity_type: EntityType,
    /// `Source System`.
    pub source_system: String,
    /// `Source ID`: the id in the source application.
    pub source_id: String,
    /// `Source Type`: `user`, `group`, `role`, `rbac role`, ...
    pub source_type: String,
    /// `Metadata Version` and `Metadata`.
    pub metadata: Option<VersionedJson>,
}

/// One row of the entity relations upload: parent and child found by their source ids.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct EntityRelationUpload {
    /// `App`.
    pub app: Option<AppId>,
    /// `Parent Entity Source ID`.
    pub parent_source_id: String,
    /// `Parent Entity Type`.
    pub parent_entity_type: EntityType,
    /// `Entity Source ID`: the child.
    pub entity_source_id: String,
    /// `Entity Type`: the child's type.
    pub entity_type: EntityType,
    /// `Source System`.
    pub source_system: Option<String>,
    /// `Metadata Version` and `Metadata`.
    pub metadata: Option<VersionedJson>,
}

/// One row of the relations file of an Entity RBAC upload: like
/// [`EntityRelationUpload`] with each side's integration and without an app.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct EntityRbacRelation {
    /// `Parent Entity Integration ID`.
    pub parent_integration_id: Option<IntegrationId>,
    /// `Parent Entity Source ID`.
    pub parent_source_id: String,
    /// `Parent Entity Type`.
    pub parent_entity_type: EntityType,
    /// `Entity Integration ID`.
    pub entity_integration_id: Option<IntegrationId>,
    /// `Entity Source ID`.
    pub entity_source_id: String,
    /// `Entity Type`.
    pub entity_type: EntityType,
    /// `Source System`.
    pub source_system: Option<String>,
    /// `Metadata Version` and `Metadata`.
    pub metadata: Option<VersionedJson>,
}

/// One row of the entitlements upload.
///
/// The column definitions also name an `Email` column that the documented header lacks; this
/// format keeps the header and so requires `User ID` or `Username` (inferred).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct EntitlementUpload {
    /// `Project`; BalkanID uses `default` when empty.
    pub project: Option<String>,
    /// `Privilege Name`.
    pub privilege_name: String,
    /// `Privilege Value`: `true` grants, `false` is an explicit deny.
    pub privilege_value: bool,
    /// `User ID`.
    pub user_id: Option<String>,
    /// `Username`.
    pub username: Option<String>,
    /// `Name`.
    pub name: Option<String>,
    /// `Connection`; required when `Connection Type` is set.
    pub connection: Option<String>,
    /// `Connection Type`: `role`, `policy`, `group`, ...
    pub connection_type: Option<String>,
    /// `Resource`.
    pub resource: Option<String>,
    /// `Resource Type`.
    pub resource_type: Option<String>,
}

/// One row of the campaigns upload. The name is the key: a row with a known name updates
/// that campaign's description and dates.
///
/// The page does not say how `Escalation Date` is written here; it is read as the download's
/// `YYYY-MM-DD` (inferred).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct CampaignUpload {
    /// `Name`.
    pub name: String,
    /// `Description`.
    pub description: Option<String>,
    /// `Start Date`, RFC 3339 with offset such as `2023-12-03T09:00:00-05:00`.
    pub start_date: DateTime<FixedOffset>,
    /// `End Date`, RFC 3339 with offset.
    pub end_date: DateTime<FixedOffset>,
    /// `Is Published`; a published campaign cannot become a draft again.
    pub is_published: bool,
    /// `Updated At`, RFC 3339 with offset.
    pub updated_at: DateTime<FixedOffset>,
    /// `Updated By`: the updating user's email.
    pub updated_by: WorkEmail,
    /// `Status`: only `deleted` and `aborted` are accepted by BalkanID.
    pub status: Option<CampaignStatus>,
    /// `Escalation`.
    pub escalation: Option<GoDuration>,
    /// `Escalation Date`.
    pub escalation_date: Option<NaiveDate>,
    /// `Reviewer Count`.
    pub reviewer_count: Option<u32>,
    /// `Reviewer Precedence`.
    pub reviewer_precedence: Vec<ReviewerKind>,
    /// `Recurrence`.
    pub recurrence: Option<Rrule>,
}

/// One row of the integrations upload: an empty `ID` creates an integration, an `ID` updates
/// it.
///
/// `Secrets` is read as JSON like the download's `Metadata` descriptor array (inferred).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct IntegrationUpload {
    /// `ID`.
    pub id: Option<IntegrationId>,
    /// `Name`.
    pub name: String,
    /// `Description`.
    pub description: Option<String>,
    /// `Status`.
    pub status: Option<IntegrationStatus>,
    /// `Secrets`, JSON.
    pub secrets: Option<serde_json::Value>,
    /// `Sync`: whether to start a sync (inferred).
    pub sync: Option<bool>,
    /// `Reviewer Precedence`.
    pub reviewer_precedence: Vec<ReviewerKind>,
    /// `Provisioning Options`, JSON.
    pub provisioning_options: Option<serde_json::Value>,
    /// `Extraction Options`, JSON.
    pub extraction_options: Option<serde_json::Value>,
    /// `Reviewer Count`.
    pub reviewer_count: Option<u32>,
    /// `Entity Request Values Templates`, JSON.
    pub entity_request_values_templates: Option<serde_json::Value>,
    /// `Entity Request Values Defaults`, JSON.
    pub entity_request_values_defaults: Option<serde_json::Value>,
}

/// One row of the purposes upload: an empty `BRN` creates a purpose, a `BRN` updates it and
/// `Status` `deleted` deletes it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct PurposeUpload {
    /// `BRN`.
    pub brn: Option<Brn>,
    /// `Purpose Name`.
    pub name: String,
    /// `Description`.
    pub description: String,
    /// `Pre-Expiry Notification`.
    pub pre_expiry_notification: Option<GoDuration>,
    /// `Department`.
    pub department: Option<String>,
    /// `Job Title`.
    pub job_title: Option<String>,
    /// `Team`.
    pub team: Option<String>,
    /// `Owner`: an email.
    pub owner: Option<WorkEmail>,
    /// `Birthright`.
    pub birthright: Option<Birthright>,
    /// `Status`.
    pub status: Option<PurposeStatus>,
    /// `Entity BRNs`, at least one.
    pub entity_brns: Vec<Brn>,
}

/// Requests upload, layout 1: temporary access for an existing identity.
///
/// `Requester | Work Email | App ID | Identity ID | Metadata | Duration | Type`. The page
/// gives sample layouts without definitions; `Requester`, `Work Email` and `Type` are
/// required here (inferred).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct RequestUploadIdentity {
    /// `Requester`.
    pub requester: WorkEmail,
    /// `Work Email`: whom the access is for.
    pub work_email: WorkEmail,
    /// `App ID`.
    pub app_id: Option<String>,
    /// `Identity ID`.
    pub identity_id: Option<String>,
    /// `Metadata`, JSON.
    pub metadata: Option<serde_json::Value>,
    /// `Duration`, such as `15m`.
    pub duration: Option<RequestDuration>,
    /// `Type`, such as `employee_request`.
    pub kind: RequestKind,
}

/// Requests upload, layout 2: a change to an entity (`Type` `update_entity`), described by
/// its metadata.
///
/// `Requester | Work Email | App ID | Identity ID | Metadata | Type`; metadata keys include
/// `description`, `entity_type`, `identity_type`, `integration`, `name`,
/// `provisioning_option`, `reason`, `scim_endpoint`, `scim_payload` and `source_type`.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct RequestUploadEntityUpdate {
    /// `Requester`.
    pub requester: WorkEmail,
    /// `Work Email`.
    pub work_email: WorkEmail,
    /// `App ID`.
    pub app_id: Option<String>,
    /// `Identity ID`.
    pub identity_id: Option<String>,
    /// `Metadata`, JSON.
    pub metadata: Option<serde_json::Value>,
    /// `Type`.
    pub kind: RequestKind,
}

/// Requests upload, layout 3: a request described by the employee, app, connection and an
/// external ticket.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct RequestUploadDetailed {
    /// `Requester`.
    pub requester: WorkEmail,
    /// `Request Type`.
    pub request_type: Option<RequestType>,
    /// `Employee`: the employee's name.
    pub employee: Option<String>,
    /// `Work Email`.
    pub work_email: WorkEmail,
    /// `Department`.
    pub department: Option<String>,
    /// `Title`.
    pub title: Option<String>,
    /// `Manager`.
    pub manager: Option<String>,
    /// `Manager Work Email`.
    pub manager_work_email: Option<WorkEmail>,
    /// `App Name`.
    pub app_name: Option<String>,
    /// `App ID`.
    pub app_id: Option<String>,
    /// `Connection`.
    pub connection: Option<String>,
    /// `Connection Type`.
    pub connection_type: Option<String>,
    /// `Project`.
    pub project: Option<String>,
    /// `Duration`, such as `permanent`.
    pub duration: Option<RequestDuration>,
    /// `Source`: the ticketing system, such as `jira`.
    pub source: Option<String>,
    /// `Source ID`: the ticket, such as `EN-123456`.
    pub source_id: Option<String>,
    /// `Identity ID`.
    pub identity_id: Option<String>,
    /// `Identity Email`.
    pub identity_email: Option<String>,
    /// `Username`.
    pub username: Option<String>,
    /// `Reason`.
    pub reason: Option<String>,
    /// `Type`.
    pub kind: RequestKind,
}

/// Requests upload, layout 4: access modelled on a reference employee.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct RequestUploadByReference {
    /// `Requester`.
    pub requester: WorkEmail,
    /// `Work Email`.
    pub work_email: WorkEmail,
    /// `Request Type`.
    pub request_type: Option<RequestType>,
    /// `App ID`.
    pub app_id: Option<String>,
    /// `Project`.
    pub project: Option<String>,
    /// `Reference Employee`: whose access to copy.
    pub reference_employee: Option<String>,
    /// `Metadata`, JSON.
    pub metadata: Option<serde_json::Value>,
    /// `Connection`.
    pub connection: Option<String>,
    /// `Connection Type`.
    pub connection_type: Option<String>,
    /// `Duration`.
    pub duration: Option<RequestDuration>,
    /// `Source`.
    pub source: Option<String>,
    /// `Source ID`.
    pub source_id: Option<String>,
    /// `Type`.
    pub kind: RequestKind,
}

/// One row of the findings upload: an `ID` updates that finding, no `ID` creates one.
///
/// The page lists the columns but its header row was not captured; this crate writes them
/// in the order of the column definitions (inferred), and reads them in any order.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct FindingUpload {
    /// `ID`.
    pub id: Option<String>,
    /// `Employee`: an email.
    pub employee: String,
    /// `Identity`: the identity's email.
    pub identity: String,
    /// `Labels`, JSON.
    pub labels: serde_json::Value,
    /// `Integration`.
    pub integration: String,
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
    /// `Assigned To`.
    pub assigned_to: String,
    /// `Updated At`, RFC 3339.
    pub updated_at: Option<DateTime<FixedOffset>>,
    /// `Updated By`.
    pub updated_by: String,
    /// `Workflow Status`: `created`, `started`, `stopped`, `completed`.
    pub workflow_status: Option<WorkflowStatus>,
}

impl EntityUpload {
    /// A row with the required columns and no app or metadata.
    pub fn new(
        name: impl Into<String>,
        entity_type: EntityType,
        source_system: impl Into<String>,
        source_id: impl Into<String>,
        source_type: impl Into<String>,
    ) -> Self {
        EntityUpload {
            app: None,
            name: name.into(),
            entity_type,
            source_system: source_system.into(),
            source_id: source_id.into(),
            source_type: source_type.into(),
            metadata: None,
        }
    }
}

impl EntityRelationUpload {
    /// A row with the required columns and nothing else.
    pub fn new(
        parent_source_id: impl Into<String>,
        parent_entity_type: EntityType,
        entity_source_id: impl Into<String>,
        entity_type: EntityType,
    ) -> Self {
        EntityRelationUpload {
            app: None,
            parent_source_id: parent_source_id.into(),
            parent_entity_type,
            entity_source_id: entity_source_id.into(),
            entity_type,
            source_system: None,
            metadata: None,
        }
    }
}

impl EntityRbacRelation {
    /// A row with the required columns and nothing else.
    pub fn new(
        parent_source_id: impl Into<String>,
        parent_entity_type: EntityType,
        entity_source_id: impl Into<String>,
        entity_type: EntityType,
    ) -> Self {
        EntityRbacRelation {
            parent_integration_id: None,
            parent_source_id: parent_source_id.into(),
            parent_entity_type,
            entity_integration_id: None,
            entity_source_id: entity_source_id.into(),
            entity_type,
            source_system: None,
            metadata: None,
        }
    }
}

impl EntitlementUpload {
    /// A privilege for the identity with `username`.
    pub fn new(
        privilege_name: impl Into<String>,
        privilege_value: bool,
        username: impl Into<String>,
    ) -> Self {
        EntitlementUpload {
            project: None,
            privilege_name: privilege_name.into(),
            privilege_value,
            user_id: None,
            username: Some(username.into()),
            name: None,
            connection: None,
            connection_type: None,
            resource: None,
            resource_type: None,
        }
    }
}

impl CampaignUpload {
    /// A row with the required columns and nothing else.
    pub fn new(
        name: impl Into<String>,
        start_date: DateTime<FixedOffset>,
        end_date: DateTime<FixedOffset>,
        is_published: bool,
        updated_at: DateTime<FixedOffset>,
        updated_by: WorkEmail,
    ) -> Self {
        CampaignUpload {
            name: name.into(),
            description: None,
            start_date,
            end_date,
            is_published,
            updated_at,
            updated_by,
            status: None,
            escalation: None,
            escalation_date: None,
            reviewer_count: None,
            reviewer_precedence: Vec::new(),
            recurrence: None,
        }
    }
}

impl IntegrationUpload {
    /// A new integration named `name`, with every other column empty.
    pub fn new(name: impl Into<String>) -> Self {
        IntegrationUpload {
            id: None,
            name: name.into(),
            description: None,
            status: None,
            secrets: None,
            sync: None,
            reviewer_precedence: Vec::new(),
            provisioning_options: None,
            extraction_options: None,
            reviewer_count: None,
            entity_request_values_templates: None,
            entity_request_values_defaults: None,
        }
    }
}

impl PurposeUpload {
    /// A new purpose granting `entity_brns`, with every other column empty.
    pub fn new(
        name: impl Into<String>,
        description: impl Into<String>,
        entity_brns: Vec<Brn>,
    ) -> Self {
        PurposeUpload {
            brn: None,
            name: name.into(),
            description: description.into(),
            pre_expiry_notification: None,
            department: None,
            job_title: None,
            team: None,
            owner: None,
            birthright: None,
            status: None,
            entity_brns,
        }
    }
}

impl RequestUploadIdentity {
    /// A request of `kind` by `requester` for `work_email`, with every other column empty.
    pub fn new(requester: WorkEmail, work_email: WorkEmail, kind: RequestKind) -> Self {
        RequestUploadIdentity {
            requester,
            work_email,
            app_id: None,
            identity_id: None,
            metadata: None,
            duration: None,
            kind,
        }
    }
}

impl RequestUploadEntityUpdate {
    /// A request of `kind` by `requester` for `work_email`, with every other column empty.
    pub fn new(requester: WorkEmail, work_email: WorkEmail, kind: RequestKind) -> Self {
        RequestUploadEntityUpdate {
            requester,
            work_email,
            app_id: None,
            identity_id: None,
            metadata: None,
            kind,
        }
    }
}

impl RequestUploadDetailed {
    /// A request of `kind` by `requester` for `work_email`, with every other column empty.
    pub fn new(requester: WorkEmail, work_email: WorkEmail, kind: RequestKind) -> Self {
        RequestUploadDetailed {
            requester,
            request_type: None,
            employee: None,
            work_email,
            department: None,
            title: None,
            manager: None,
            manager_work_email: None,
            app_name: None,
            app_id: None,
            connection: None,
            connection_type: None,
            project: None,
            duration: None,
            source: None,
            source_id: None,
            identity_id: None,
            identity_email: None,
            username: None,
            reason: None,
            kind,
        }
    }
}

impl RequestUploadByReference {
    /// A request of `kind` by `requester` for `work_email`, with every other column empty.
    pub fn new(requester: WorkEmail, work_email: WorkEmail, kind: RequestKind) -> Self {
        RequestUploadByReference {
            requester,
            work_email,
            request_type: None,
            app_id: None,
            project: None,
            reference_employee: None,
            metadata: None,
            connection: None,
            connection_type: None,
            duration: None,
            source: None,
            source_id: None,
            kind,
        }
    }
}

impl FindingUpload {
    /// A new finding with the required columns and nothing else.
    pub fn new(
        employee: impl Into<String>,
        identity: impl Into<String>,
        labels: serde_json::Value,
        integration: impl Into<String>,
        assigned_to: impl Into<String>,
        updated_by: impl Into<String>,
    ) -> Self {
        FindingUpload {
            id: None,
            employee: employee.into(),
            identity: identity.into(),
            labels,
            integration: integration.into(),
            name: None,
            description: None,
            value: None,
            metadata: None,
            reason: None,
            assigned_to: assigned_to.into(),
            updated_at: None,
            updated_by: updated_by.into(),
            workflow_status: None,
        }
    }
}

impl Record for EntityUpload {
    const FILE_NAME: &'static str = "entities-upload.csv";
    const HEADERS: &'static [&'static str] = &[
        "App",
        "Name",
        "Entity Type",
        "Source System",
        "Source ID",
        "Source Type",
        "Metadata Version",
        "Metadata",
    ];
    const REQUIRED_HEADERS: &'static [&'static str] = &[
        "Name",
        "Entity Type",
        "Source System",
        "Source ID",
        "Source Type",
    ];

    fn from_row(row: &Row<'_>) -> Result<Self, FieldError> {
        Ok(EntityUpload {
            app: row.parse_opt("App", str::parse)?,
            name: row.required_text("Name")?,
            entity_type: row.parse_req("Entity Type", str::parse)?,
            source_system: row.required_text("Source System")?,
            source_id: row.required_text("Source ID")?,
            source_type: row.required_text("Source Type")?,
            metadata: row.versioned_json("Metadata Version", "Metadata")?,
        })
    }

    fn to_row(&self) -> Vec<String> {
        let [metadata_version, metadata] = versioned_cells(self.metadata.as_ref());
        vec![
            cell(self.app.as_ref()),
            self.name.clone(),
            self.entity_type.to_string(),
            self.source_system.clone(),
            self.source_id.clone(),
            self.source_type.clone(),
            metadata_version,
            metadata,
        ]
    }
}

impl Record for EntityRelationUpload {
    const FILE_NAME: &'static str = "entity-relations-upload.csv";
    const HEADERS: &'static [&'static str] = &[
        "App",
        "Parent Entity Source ID",
        "Parent Entity Type",
        "Entity Source ID",
        "Entity Type",
        "Source System",
        "Metadata Version",
        "Metadata",
    ];
    const REQUIRED_HEADERS: &'static [&'static str] = &[
        "Parent Entity Source ID",
        "Parent Entity Type",
        "Entity Source ID",
        "Entity Type",
    ];

    fn from_row(row: &Row<'_>) -> Result<Self, FieldError> {
        Ok(EntityRelationUpload {
            app: row.parse_opt("App", str::parse)?,
            parent_source_id: row.required_text("Parent Entity Source ID")?,
            parent_entity_type: row.parse_req("Parent Entity Type", str::parse)?,
            entity_source_id: row.required_text("Entity Source ID")?,
            entity_type: row.parse_req("Entity Type", str::parse)?,
            source_system: row.text("Source System"),
            metadata: row.versioned_json("Metadata Version", "Metadata")?,
        })
    }

    fn to_row(&self) -> Vec<String> {
        let [metadata_version, metadata] = versioned_cells(self.metadata.as_ref());
        vec![
            cell(self.app.as_ref()),
            self.parent_source_id.clone(),
            self.parent_entity_type.to_string(),
            self.entity_source_id.clone(),
            self.entity_type.to_string(),
            cell(self.source_system.as_ref()),
            metadata_version,
            metadata,
        ]
    }
}

impl Record for EntityRbacRelation {
    const FILE_NAME: &'static str = "entity-rbac-relations.csv";
    const HEADERS: &'static [&'static str] = &[
        "Parent Entity Integration ID",
        "Parent Entity Source ID",
        "Parent Entity Type",
        "Entity Integration ID",
        "Entity Source ID",
        "Entity Type",
        "Source System",
        "Metadata Version",
        "Metadata",
    ];
    const REQUIRED_HEADERS: &'static [&'static str] = &[
        "Parent Entity Source ID",
        "Parent Entity Type",
        "Entity Source ID",
        "Entity Type",
    ];

    fn from_row(row: &Row<'_>) -> Result<Self, FieldError> {
        Ok(EntityRbacRelation {
            parent_integration_id: row.parse_opt("Parent Entity Integration ID", str::parse)?,
            parent_source_id: row.required_text("Parent Entity Source ID")?,
            parent_entity_type: row.parse_req("Parent Entity Type", str::parse)?,
            entity_integration_id: row.parse_opt("Entity Integration ID", str::parse)?,
            entity_source_id: row.required_text("Entity Source ID")?,
            entity_type: row.parse_req("Entity Type", str::parse)?,
            source_system: row.text("Source System"),
            metadata: row.versioned_json("Metadata Version", "Metadata")?,
        })
    }

    fn to_row(&self) -> Vec<String> {
        let [metadata_version, metadata] = versioned_cells(self.metadata.as_ref());
        vec![
            cell(self.parent_integration_id.as_ref()),
            self.parent_source_id.clone(),
            self.parent_entity_type.to_string(),
            cell(self.entity_integration_id.as_ref()),
            self.entity_source_id.clone(),
            self.entity_type.to_string(),
            cell(self.source_system.as_ref()),
            metadata_version,
            metadata,
        ]
    }
}

impl Record for EntitlementUpload {
    const FILE_NAME: &'static str = "entitlements-upload.csv";
    const HEADERS: &'static [&'static str] = &[
        "Project",
        "Privilege Name",
        "Privilege Value",
        "User ID",
        "Username",
        "Name",
        "Connection",
        "Connection Type",
        "Resource",
        "Resource Type",
    ];
    const REQUIRED_HEADERS: &'static [&'static str] = &["Privilege Name", "Privilege Value"];

    fn from_row(row: &Row<'_>) -> Result<Self, FieldError> {
        let res = EntitlementUpload {
            project: row.text("Project"),
            privilege_name: row.required_text("Privilege Name")?,
            privilege_value: row.parse_req("Privilege Value", parse_bool)?,
            user_id: row.text("User ID"),
            username: row.text("Username"),
            name: row.text("Name"),
            connection: row.text("Connection"),
            connection_type: row.text("Connection Type"),
            resource: row.text("Resource"),
            resource_type: row.text("Resource Type"),
        };

        if res.user_id.is_none() && res.username.is_none() {
            return Err(FieldError::new(
                "User ID",
                "is empty, and so is Username; one is required",
            ));
        }
        if res.connection_type.is_some() && res.connection.is_none() {
            return Err(FieldError::new(
                "Connection",
                "is required when Connection Type is set",
            ));
        }
        Ok(res)
    }

    fn to_row(&self) -> Vec<String> {
        vec![
            cell(self.project.as_ref()),
            self.privilege_name.clone(),
            format_bool(self.privilege_value, BoolCase::Lower).to_owned(),
            cell(self.user_id.as_ref()),
            cell(self.username.as_ref()),
            cell(self.name.as_ref()),
            cell(self.connection.as_ref()),
            cell(self.connection_type.as_ref()),
            cell(self.resource.as_ref()),
            cell(self.resource_type.as_ref()),
        ]
    }
}

impl Record for CampaignUpload {
    const FILE_NAME: &'static str = "campaigns-upload.csv";
    const HEADERS: &'static [&'static str] = &[
        "Name",
        "Description",
        "Start Date",
        "End Date",
        "Is Published",
        "Updated At",
        "Updated By",
        "Status",
        "Escalation",
        "Escalation Date",
        "Reviewer Count",
        "Reviewer Precedence",
        "Recurrence",
    ];
    const REQUIRED_HEADERS: &'static [&'static str] = &[
        "Name",
        "Start Date",
        "End Date",
        "Is Published",
        "Updated At",
        "Updated By",
    ];

    fn from_row(row: &Row<'_>) -> Result<Self, FieldError> {
        Ok(CampaignUpload {
            name: row.required_text("Name")?,
            description: row.text("Description"),
            start_date: row.parse_req("Start Date", parse_rfc3339)?,
            end_date: row.parse_req("End Date", parse_rfc3339)?,
            is_published: row.parse_req("Is Published", parse_bool)?,
            updated_at: row.parse_req("Updated At", parse_rfc3339)?,
            updated_by: row.parse_req("Updated By", str::parse)?,
            status: row.parse_opt("Status", str::parse)?,
            escalation: row.parse_opt("Escalation", str::parse)?,
            escalation_date: row.parse_opt("Escalation Date", parse_iso_date)?,
            reviewer_count: row.parse_opt("Reviewer Count", parse_count)?,
            reviewer_precedence: row.list(
                "Reviewer Precedence",
                ListStyle::CommaSpace,
                str::parse,
            )?,
            recurrence: row.parse_opt("Recurrence", str::parse)?,
        })
    }

    fn to_row(&self) -> Vec<String> {
        vec![
            self.name.clone(),
            cell(self.description.as_ref()),
            format_rfc3339(&self.start_date),
            format_rfc3339(&self.end_date),
            format_bool(self.is_published, BoolCase::Upper).to_owned(),
            format_rfc3339(&self.updated_at),
            self.updated_by.to_string(),
            cell(self.status.as_ref()),
            cell(self.escalation.as_ref()),
            self.escalation_date
                .map(format_iso_date)
                .unwrap_or_default(),
            cell(self.reviewer_count.as_ref()),
            join_list(&self.reviewer_precedence, ListStyle::CommaSpace),
            cell(self.recurrence.as_ref()),
        ]
    }
}

impl Record for IntegrationUpload {
    const FILE_NAME: &'static str = "integrations-upload.csv";
    const HEADERS: &'static [&'static str] = &[
        "ID",
        "Name",
        "Description",
        "Status",
        "Secrets",
        "Sync",
        "Reviewer Precedence",
        "Provisioning Options",
        "Extraction Options",
        "Reviewer Count",
        "Entity Request Values Templates",
        "Entity Request Values Defaults",
    ];
    const REQUIRED_HEADERS: &'static [&'static str] = &["Name"];

    fn from_row(row: &Row<'_>) -> Result<Self, FieldError> {
        Ok(IntegrationUpload {
            id: row.parse_opt("ID", str::parse)?,
            name: row.required_text("Name")?,
            description: row.text("Description"),
            status: row.parse_opt("Status", str::parse)?,
            secrets: row.parse_opt("Secrets", parse_json)?,
            sync: row.parse_opt("Sync", parse_bool)?,
            reviewer_precedence: row.list(
                "Reviewer Precedence",
                ListStyle::CommaSpace,
                str::parse,
            )?,
            provisioning_options: row.parse_opt("Provisioning Options", parse_json)?,
            extraction_options: row.parse_opt("Extraction Options", parse_json)?,
            reviewer_count: row.parse_opt("Reviewer Count", parse_count)?,
            entity_request_values_templates: row
                .parse_opt("Entity Request Values Templates", parse_json)?,
            entity_request_values_defaults: row
                .parse_opt("Entity Request Values Defaults", parse_json)?,
        })
    }

    fn to_row(&self) -> Vec<String> {
        vec![
            cell(self.id.as_ref()),
            self.name.clone(),
            cell(self.description.as_ref()),
            cell(self.status.as_ref()),
            json_cell(self.secrets.as_ref()),
            self.sync
                .map(|v| format_bool(v, BoolCase::Lower).to_owned())
                .unwrap_or_default(),
            join_list(&self.reviewer_precedence, ListStyle::CommaSpace),
            json_cell(self.provisioning_options.as_ref()),
            json_cell(self.extraction_options.as_ref()),
            cell(self.reviewer_count.as_ref()),
            json_cell(self.entity_request_values_templates.as_ref()),
            json_cell(self.entity_request_values_defaults.as_ref()),
        ]
    }
}

impl Record for PurposeUpload {
    const FILE_NAME: &'static str = "purposes-upload.csv";
    const HEADERS: &'static [&'static str] = &[
        "BRN",
        "Purpose Name",
        "Description",
        "Pre-Expiry Notification",
        "Department",
        "Job Title",
        "Team",
        "Owner",
        "Birthright",
        "Status",
        "Entity BRNs",
    ];
    const REQUIRED_HEADERS: &'static [&'static str] =
        &["Purpose Name", "Description", "Entity BRNs"];

    fn from_row(row: &Row<'_>) -> Result<Self, FieldError> {
        let entity_brns = row.list("Entity BRNs", ListStyle::CommaSpace, str::parse::<Brn>)?;
        if entity_brns.is_empty() {
            return Err(FieldError::new("Entity BRNs", "is required but empty"));
        }

        Ok(PurposeUpload {
            brn: row.parse_opt("BRN", str::parse)?,
            name: row.required_text("Purpose Name")?,
            description: row.required_text("Description")?,
            pre_expiry_notification: row.parse_opt("Pre-Expiry Notification", str::parse)?,
            department: row.text("Department"),
            job_title: row.text("Job Title"),
            team: row.text("Team"),
            owner: row.parse_opt("Owner", str::parse)?,
            birthright: row.parse_opt("Birthright", str::parse)?,
            status: row.parse_opt("Status", str::parse)?,
            entity_brns,
        })
    }

    fn to_row(&self) -> Vec<String> {
        vec![
            cell(self.brn.as_ref()),
            self.name.clone(),
            self.description.clone(),
            cell(self.pre_expiry_notification.as_ref()),
            cell(self.department.as_ref()),
            cell(self.job_title.as_ref()),
            cell(self.team.as_ref()),
            cell(self.owner.as_ref()),
            cell(self.birthright.as_ref()),
            cell(self.status.as_ref()),
            join_list(&self.entity_brns, ListStyle::CommaSpace),
        ]
    }
}

impl Record for RequestUploadIdentity {
    const FILE_NAME: &'static str = "requests-upload.csv";
    const HEADERS: &'static [&'static str] = &[
        "Requester",
        "Work Email",
        "App ID",
        "Identity ID",
        "Metadata",
        "Duration",
        "Type",
    ];
    const REQUIRED_HEADERS: &'static [&'static str] = &["Requester", "Work Email", "Type"];

    fn from_row(row: &Row<'_>) -> Result<Self, FieldError> {
        Ok(RequestUploadIdentity {
            requester: row.parse_req("Requester", str::parse)?,
            work_email: row.parse_req("Work Email", str::parse)?,
            app_id: row.text("App ID"),
            identity_id: row.text("Identity ID"),
            metadata: row.parse_opt("Metadata", parse_json)?,
            duration: row.parse_opt("Duration", str::parse)?,
            kind: row.parse_req("Type", str::parse)?,
        })
    }

    fn to_row(&self) -> Vec<String> {
        vec![
            self.requester.to_string(),
            self.work_email.to_string(),
            cell(self.app_id.as_ref()),
            cell(self.identity_id.as_ref()),
            json_cell(self.metadata.as_ref()),
            cell(self.duration.as_ref()),
            self.kind.to_string(),
        ]
    }
}

impl Record for RequestUploadEntityUpdate {
    const FILE_NAME: &'static str = "requests-upload.csv";
    const HEADERS: &'static [&'static str] = &[
        "Requester",
        "Work Email",
        "App ID",
        "Identity ID",
        "Metadata",
        "Type",
    ];
    const REQUIRED_HEADERS: &'static [&'static str] = &["Requester", "Work Email", "Type"];

    fn from_row(row: &Row<'_>) -> Result<Self, FieldError> {
        Ok(RequestUploadEntityUpdate {
            requester: row.parse_req("Requester", str::parse)?,
            work_email: row.parse_req("Work Email", str::parse)?,
            app_id: row.text("App ID"),
            identity_id: row.text("Identity ID"),
            metadata: row.parse_opt("Metadata", parse_json)?,
            kind: row.parse_req("Type", str::parse)?,
        })
    }

    fn to_row(&self) -> Vec<String> {
        vec![
            self.requester.to_string(),
            self.work_email.to_string(),
            cell(self.app_id.as_ref()),
            cell(self.identity_id.as_ref()),
            json_cell(self.metadata.as_ref()),
            self.kind.to_string(),
        ]
    }
}

impl Record for RequestUploadDetailed {
    const FILE_NAME: &'static str = "requests-upload.csv";
    const HEADERS: &'static [&'static str] = &[
        "Requester",
        "Request Type",
        "Employee",
        "Work Email",
        "Department",
        "Title",
        "Manager",
        "Manager Work Email",
        "App Name",
        "App ID",
        "Connection",
        "Connection Type",
        "Project",
        "Duration",
        "Source",
        "Source ID",
        "Identity ID",
        "Identity Email",
        "Username",
        "Reason",
        "Type",
    ];
    const REQUIRED_HEADERS: &'static [&'static str] = &["Requester", "Work Email", "Type"];

    fn from_row(row: &Row<'_>) -> Result<Self, FieldError> {
        Ok(RequestUploadDetailed {
            requester: row.parse_req("Requester", str::parse)?,
            request_type: row.parse_opt("Request Type", str::parse)?,
            employee: row.text("Employee"),
            work_email: row.parse_req("Work Email", str::parse)?,
            department: row.text("Department"),
            title: row.text("Title"),
            manager: row.text("Manager"),
            manager_work_email: row.parse_opt("Manager Work Email", str::parse)?,
            app_name: row.text("App Name"),
            app_id: row.text("App ID"),
            connection: row.text("Connection"),
            connection_type: row.text("Connection Type"),
            project: row.text("Project"),
            duration: row.parse_opt("Duration", str::parse)?,
            source: row.text("Source"),
            source_id: row.text("Source ID"),
            identity_id: row.text("Identity ID"),
            identity_email: row.text("Identity Email"),
            username: row.text("Username"),
            reason: row.text("Reason"),
            kind: row.parse_req("Type", str::parse)?,
        })
    }

    fn to_row(&self) -> Vec<String> {
        vec![
            self.requester.to_string(),
            cell(self.request_type.as_ref()),
            cell(self.employee.as_ref()),
            self.work_email.to_string(),
            cell(self.department.as_ref()),
            cell(self.title.as_ref()),
            cell(self.manager.as_ref()),
            cell(self.manager_work_email.as_ref()),
            cell(self.app_name.as_ref()),
            cell(self.app_id.as_ref()),
            cell(self.connection.as_ref()),
            cell(self.connection_type.as_ref()),
            cell(self.project.as_ref()),
            cell(self.duration.as_ref()),
            cell(self.source.as_ref()),
            cell(self.source_id.as_ref()),
            cell(self.identity_id.as_ref()),
            cell(self.identity_email.as_ref()),
            cell(self.username.as_ref()),
            cell(self.reason.as_ref()),
            self.kind.to_string(),
        ]
    }
}

impl Record for RequestUploadByReference {
    const FILE_NAME: &'static str = "requests-upload.csv";
    const HEADERS: &'static [&'static str] = &[
        "Requester",
        "Work Email",
        "Request Type",
        "App ID",
        "Project",
        "Reference Employee",
        "Metadata",
        "Connection",
        "Connection Type",
        "Duration",
        "Source",
        "Source ID",
        "Type",
    ];
    const REQUIRED_HEADERS: &'static [&'static str] = &["Requester", "Work Email", "Type"];

    fn from_row(row: &Row<'_>) -> Result<Self, FieldError> {
        Ok(RequestUploadByReference {
            requester: row.parse_req("Requester", str::parse)?,
            work_email: row.parse_req("Work Email", str::parse)?,
            request_type: row.parse_opt("Request Type", str::parse)?,
            app_id: row.text("App ID"),
            project: row.text("Project"),
            reference_employee: row.text("Reference Employee"),
            metadata: row.parse_opt("Metadata", parse_json)?,
            connection: row.text("Connection"),
            connection_type: row.text("Connection Type"),
            duration: row.parse_opt("Duration", str::parse)?,
            source: row.text("Source"),
            source_id: row.text("Source ID"),
            kind: row.parse_req("Type", str::parse)?,
        })
    }

    fn to_row(&self) -> Vec<String> {
        vec![
            self.requester.to_string(),
            self.work_email.to_string(),
            cell(self.request_type.as_ref()),
            cell(self.app_id.as_ref()),
            cell(self.project.as_ref()),
            cell(self.reference_employee.as_ref()),
            json_cell(self.metadata.as_ref()),
            cell(self.connection.as_ref()),
            cell(self.connection_type.as_ref()),
            cell(self.duration.as_ref()),
            cell(self.source.as_ref()),
            cell(self.source_id.as_ref()),
            self.kind.to_string(),
        ]
    }
}

impl Record for FindingUpload {
    const FILE_NAME: &'static str = "findings-upload.csv";
    const HEADERS: &'static [&'static str] = &[
        "ID",
        "Employee",
        "Identity",
        "Labels",
        "Integration",
        "Name",
        "Description",
        "Value",
        "Metadata",
        "Reason",
        "Assigned To",
        "Updated At",
        "Updated By",
        "Workflow Status",
    ];
    const REQUIRED_HEADERS: &'static [&'static str] = &[
        "Employee",
        "Identity",
        "Labels",
        "Integration",
        "Assigned To",
        "Updated By",
    ];

    fn from_row(row: &Row<'_>) -> Result<Self, FieldError> {
        Ok(FindingUpload {
            id: row.text("ID"),
            employee: row.required_text("Employee")?,
            identity: row.required_text("Identity")?,
            labels: row.parse_req("Labels", parse_json)?,
            integration: row.required_text("Integration")?,
            name: row.text("Name"),
            description: row.text("Description"),
            value: row.text("Value"),
            metadata: row.parse_opt("Metadata", parse_json)?,
            reason: row.text("Reason"),
            assigned_to: row.required_text("Assigned To")?,
            updated_at: row.parse_opt("Updated At", parse_rfc3339)?,
            updated_by: row.required_text("Updated By")?,
            workflow_status: row.parse_opt("Workflow Status", str::parse)?,
        })
    }

    fn to_row(&self) -> Vec<String> {
        vec![
            cell(self.id.as_ref()),
            self.employee.clone(),
            self.identity.clone(),
            crate::values::format_json(&self.labels),
            self.integration.clone(),
            cell(self.name.as_ref()),
            cell(self.description.as_ref()),
            cell(self.value.as_ref()),
            json_cell(self.metadata.as_ref()),
            cell(self.reason.as_ref()),
            self.assigned_to.clone(),
            self.updated_at
                .as_ref()
                .map(format_rfc3339)
                .unwrap_or_default(),
            self.updated_by.clone(),
            cell(self.workflow_status.as_ref()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use serde_json::json;

    use super::*;
    use crate::csv::read_all;
    use crate::csv::tests::round_trip;

    macro_rules! fixture {
        ($file:literal) => {
            include_str!(concat!("../../tests/fixtures/reference/", $file))
        };
    }

    fn email(text: &str) -> WorkEmail {
        text.parse().unwrap()
    }

    #[test]
    fn entities_upload_sample_parses_and_round_trips() {
        let rows: Vec<EntityUpload> = round_trip(fixture!("entities-upload.csv"));
        let [row] = rows.as_slice() else {
            panic!("one row expected")
        };
        assert_eq!(row.app.as_ref().map(AppId::as_str), Some("azure"));
        assert_eq!(row.name, "Aaron Chen");
        assert_eq!(row.entity_type, EntityType::Identity);
        assert_eq!(row.source_system, "azure");
        assert_eq!(row.source_id, "63c16f61-5d2e-4c1b-9a7e-0c4f8b2d1e90");
        assert_eq!(row.source_type, "user");
        let metadata = row.metadata.as_ref().unwrap();
        assert_eq!(metadata.version, "v1");
        assert_eq!(
            metadata.str_field("lastPasswordChange"),
            Some("2023-12-14 04:50:34 +0000 UTC")
        );
    }

    #[test]
    fn entity_relations_upload_sample_parses_and_round_trips() {
        let rows: Vec<EntityRelationUpload> = round_trip(fixture!("entity-relations-upload.csv"));
        let [row] = rows.as_slice() else {
            panic!("one row expected")
        };
        assert_eq!(row.parent_source_id, "00u1a2b3c4");
        assert_eq!(row.parent_entity_type, EntityType::Identity);
        assert_eq!(row.entity_source_id, "00g1a2b3c4");
        assert_eq!(row.entity_type, EntityType::Connection);
        assert_eq!(row.source_system.as_deref(), Some("okta"));
        let metadata = &row.metadata.as_ref().unwrap().value;
        assert_eq!(metadata["privilegeName"], "member");
        assert_eq!(metadata["privilegeValue"], true);
    }

    #[test]
    fn entity_rbac_upload_samples_parse_and_round_trip() {
        let roles: Vec<EntityUpload> = round_trip(fixture!("entity-rbac-entities.csv"));
        assert_eq!(
            roles[0].app.as_ref().map(AppId::as_str),
            Some("entity_rbac_zip")
        );
        assert_eq!(roles[0].entity_type, EntityType::Role);
        assert_eq!(roles[0].source_type, "rbac role");
        let metadata = &roles[0].metadata.as_ref().unwrap().value;
        assert_eq!(
            metadata["integrations"],
            json!(["okta/01J07X778EK4BH2M2A1VY4HCYF"])
        );

        let relations: Vec<EntityRbacRelation> = round_trip(fixture!("entity-rbac-relations.csv"));
        let [relation] = relations.as_slice() else {
            panic!("one row expected")
        };
        assert_eq!(relation.parent_integration_id, None);
        assert_eq!(relation.parent_source_id, "payments-engineer");
        assert_eq!(relation.parent_entity_type, EntityType::Role);
        let integration = relation.entity_integration_id.as_ref().unwrap();
        assert_eq!(integration.to_string(), "okta/01J07X778EK4BH2M2A1VY4HCYF");
        assert_eq!(relation.entity_type, EntityType::Connection);
        assert_eq!(relation.metadata, Some(VersionedJson::new("v1", json!({}))));
    }

    #[test]
    fn entitlements_upload_sample_parses_and_round_trips() {
        let rows: Vec<EntitlementUpload> = round_trip(fixture!("entitlements-upload.csv"));
        let [member, deny] = rows.as_slice() else {
            panic!("two rows expected")
        };
        assert_eq!(member.project.as_deref(), Some("default"));
        assert!(member.privilege_value);
        assert_eq!(member.user_id, None);
        assert_eq!(member.username.as_deref(), Some("aaron.chen"));
        assert_eq!(member.connection_type.as_deref(), Some("group"));
        assert!(!deny.privilege_value);
        assert_eq!(deny.user_id.as_deref(), Some("id/77aa"));
        assert_eq!(deny.resource.as_deref(), Some("repo/payments"));
    }

    #[test]
    fn entitlements_upload_requires_an_identity_and_a_connection_for_its_type() {
        let header = "Project,Privilege Name,Privilege Value,User ID,Username,Connection,\
                      Connection Type\n";
        let no_identity = format!("{header}default,member,true,,,Engineering,group\n");
        let error = read_all::<EntitlementUpload>(no_identity.as_bytes()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "entitlements-upload.csv, line 2, column `User ID`: is empty, and so is Username; \
             one is required"
        );

        let no_connection = format!("{header}default,member,true,u1,,,group\n");
        let error = read_all::<EntitlementUpload>(no_connection.as_bytes()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "entitlements-upload.csv, line 2, column `Connection`: is required when Connection \
             Type is set"
        );
    }

    #[test]
    fn campaigns_upload_sample_keeps_offsets() {
        let rows: Vec<CampaignUpload> = round_trip(fixture!("campaigns-upload.csv"));
        let [q4, old] = rows.as_slice() else {
            panic!("two rows expected")
        };

        assert_eq!(q4.name, "Q4 SOC");
        assert_eq!(q4.start_date.offset().local_minus_utc(), -5 * 3600);
        let start_utc = Utc.with_ymd_and_hms(2023, 12, 3, 14, 0, 0).unwrap();
        assert_eq!(q4.start_date.with_timezone(&Utc), start_utc);
        assert_eq!(
            q4.end_date.with_timezone(&Utc),
            Utc.with_ymd_and_hms(2023, 12, 31, 22, 0, 0).unwrap()
        );
        assert!(q4.is_published);
        assert_eq!(
            q4.updated_at.with_timezone(&Utc),
            Utc.with_ymd_and_hms(2023, 12, 1, 12, 30, 0).unwrap()
        );
        assert_eq!(q4.updated_by, email("risk@example.com"));
        assert_eq!(q4.status, None);
        assert_eq!(q4.escalation, Some(GoDuration::from_hours(168)));
        assert_eq!(q4.escalation_date, NaiveDate::from_ymd_opt(2023, 12, 24));
        assert_eq!(q4.reviewer_count, Some(2));
        assert_eq!(
            q4.reviewer_precedence,
            [ReviewerKind::Manager, ReviewerKind::PrimaryOwner]
        );
        assert_eq!(
            q4.recurrence.as_ref().map(Rrule::frequency),
            Some("MONTHLY")
        );

        assert!(!old.is_published);
        assert_eq!(old.status, Some(CampaignStatus::Deleted));
    }

    #[test]
    fn integrations_upload_sample_parses_and_round_trips() {
        let rows: Vec<IntegrationUpload> = round_trip(fixture!("integrations-upload.csv"));
        let [github, okta] = rows.as_slice() else {
            panic!("two rows expected")
        };
        assert_eq!(github.id, None);
        assert_eq!(github.name, "GitHub");
        assert_eq!(github.status, Some(IntegrationStatus::Active));
        assert_eq!(github.secrets.as_ref().unwrap()[0]["key"], "token");
        assert_eq!(github.sync, Some(true));
        assert_eq!(
            github.reviewer_precedence,
            [ReviewerKind::Manager, ReviewerKind::RiskManager]
        );
        assert_eq!(github.extraction_options.as_ref().unwrap()["upload"], true);
        assert_eq!(github.reviewer_count, Some(1));
        assert_eq!(
            okta.id.as_ref().unwrap().to_string(),
            "okta/01J07X778EK4BH2M2A1VY4HCYF"
        );
        assert_eq!(okta.status, Some(IntegrationStatus::Inactive));
        assert_eq!(okta.sync, Some(false));
    }

    #[test]
    fn purposes_upload_sample_parses_and_round_trips() {
        let rows: Vec<PurposeUpload> = round_trip(fixture!("purposes-upload.csv"));
        let [create, delete] = rows.as_slice() else {
            panic!("two rows expected")
        };
        assert_eq!(create.brn, None);
        assert_eq!(
            create.pre_expiry_notification,
            Some(GoDuration::from_hours(48))
        );
        assert_eq!(create.birthright, Some(Birthright::Department));
        assert_eq!(create.status, None);
        assert_eq!(create.entity_brns.len(), 1);
        assert_eq!(create.entity_brns[0].kind(), "connection");
        assert_eq!(delete.brn.as_ref().map(Brn::kind), Some("purpose"));
        assert_eq!(
            delete.pre_expiry_notification,
            Some(GoDuration::from_hours(2))
        );
        assert_eq!(delete.birthright, Some(Birthright::Organization));
        assert_eq!(delete.status, Some(PurposeStatus::Deleted));
        assert_eq!(delete.entity_brns.len(), 2);
    }

    #[test]
    fn purposes_upload_requires_an_entity_brn() {
        let text = "Purpose Name,Description,Entity BRNs\nOn-call,Access,\n";
        let error = read_all::<PurposeUpload>(text.as_bytes()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "purposes-upload.csv, line 2, column `Entity BRNs`: is required but empty"
        );
    }

    #[test]
    fn requests_upload_layout_1_parses_and_round_trips() {
        let rows: Vec<RequestUploadIdentity> = round_trip(fixture!("requests-upload-1.csv"));
        let [row] = rows.as_slice() else {
            panic!("one row expected")
        };
        assert_eq!(row.requester, email("jane.doe@example.com"));
        assert_eq!(row.work_email, email("aaron.chen@example.com"));
        assert_eq!(row.app_id.as_deref(), Some("okta"));
        assert_eq!(row.identity_id.as_deref(), Some("email/5f2b9c"));
        assert_eq!(row.metadata, Some(json!({"reason": "incident 42"})));
        assert_eq!(
            row.duration,
            Some(RequestDuration::For(GoDuration::from_seconds(15 * 60)))
        );
        assert_eq!(row.kind, RequestKind::EmployeeRequest);
    }

    #[test]
    fn requests_upload_layout_2_parses_and_round_trips() {
        let rows: Vec<RequestUploadEntityUpdate> = round_trip(fixture!("requests-upload-2.csv"));
        let [row] = rows.as_slice() else {
            panic!("one row expected")
        };
        assert_eq!(row.kind, RequestKind::UpdateEntity);
        let metadata = row.metadata.as_ref().unwrap();
        assert_eq!(metadata["identity_type"], "service account");
        assert_eq!(
            metadata["scim_payload"]["grants"][0]["source_name"],
            "AmazonS3ReadOnlyAccess"
        );
        assert_eq!(metadata["scim_payload"]["revokes"], json!([]));
    }

    #[test]
    fn requests_upload_layout_3_parses_and_round_trips() {
        let rows: Vec<RequestUploadDetailed> = round_trip(fixture!("requests-upload-3.csv"));
        let [row] = rows.as_slice() else {
            panic!("one row expected")
        };
        assert_eq!(row.request_type, Some(RequestType::Grant));
        assert_eq!(row.employee.as_deref(), Some("Aaron Chen"));
        assert_eq!(row.manager_work_email, Some(email("jane.doe@example.com")));
        assert_eq!(row.app_name.as_deref(), Some("Okta"));
        assert_eq!(row.project.as_deref(), Some("default"));
        assert_eq!(row.duration, Some(RequestDuration::Permanent));
        assert_eq!(row.source.as_deref(), Some("jira"));
        assert_eq!(row.source_id.as_deref(), Some("EN-123456"));
        assert_eq!(
            row.reason.as_deref(),
            Some("Joins the team, needs the group")
        );
        assert_eq!(row.kind, RequestKind::EmployeeRequest);
    }

    #[test]
    fn requests_upload_layout_4_parses_and_round_trips() {
        let rows: Vec<RequestUploadByReference> = round_trip(fixture!("requests-upload-4.csv"));
        let [row] = rows.as_slice() else {
            panic!("one row expected")
        };
        assert_eq!(row.work_email, email("zoe.angstrom@example.com"));
        assert_eq!(
            row.reference_employee.as_deref(),
            Some("aaron.chen@example.com")
        );
        assert_eq!(row.connection_type.as_deref(), Some("team"));
        assert_eq!(
            row.duration,
            Some(RequestDuration::For(GoDuration::from_hours(168)))
        );
        assert_eq!(row.source, None);
    }

    #[test]
    fn each_request_layout_writes_its_own_header() {
        let first_line = |text: &str| text.lines().next().unwrap().to_owned();
        assert_eq!(
            RequestUploadIdentity::HEADERS.join(","),
            first_line(fixture!("requests-upload-1.csv"))
        );
        assert_eq!(
            RequestUploadEntityUpdate::HEADERS.join(","),
            first_line(fixture!("requests-upload-2.csv"))
        );
        assert_eq!(
            RequestUploadDetailed::HEADERS.join(","),
            first_line(fixture!("requests-upload-3.csv"))
        );
        assert_eq!(
            RequestUploadByReference::HEADERS.join(","),
            first_line(fixture!("requests-upload-4.csv"))
        );
    }

    #[test]
    fn findings_upload_sample_parses_and_round_trips() {
        let rows: Vec<FindingUpload> = round_trip(fixture!("findings-upload.csv"));
        let [row] = rows.as_slice() else {
            panic!("one row expected")
        };
        assert_eq!(row.id.as_deref(), Some("f-0001"));
        assert_eq!(row.labels[0][0]["key"], "employee/terminated");
        assert_eq!(row.assigned_to, "risk@example.com");
        assert_eq!(row.updated_by, "risk@example.com");
        assert_eq!(row.workflow_status, Some(WorkflowStatus::Completed));
        let updated = Utc.with_ymd_and_hms(2024, 2, 28, 12, 32, 16).unwrap()
            + chrono::TimeDelta::microseconds(235_468);
        assert_eq!(row.updated_at.map(|t| t.with_timezone(&Utc)), Some(updated));
    }
}
