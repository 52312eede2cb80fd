//! Formats of the tenant's configuration: applied labels, entity finding rules, custom
//! insights (entity rules), filters, labels, RBAC and RBAC2 roles, rules, entity insights and
//! webhook templates.
//!
//! Where the reference gives only a download format and assumes the upload is the same
//! (filters, labels, rules, entity insights, webhook templates), one type serves both.

use chrono::{DateTime, FixedOffset, NaiveDateTime};

use crate::csv::{FieldError, Record, Row, cell, json_cell, parse_text};
use crate::ids::{Brn, IntegrationId, WorkEmail};
use crate::open_enum::open_enum;
use crate::values::{
    BoolCase, ListStyle, format_bool, format_json, format_naive_datetime, format_rfc3339,
    join_list, parse_bool, parse_json, parse_naive_datetime, parse_rfc3339,
};

open_enum! {
    /// `Type` of a filter: which list of the UI it filters.
    pub enum FilterType {
        /// People (employees).
        People => "PEOPLE",
        /// Identities.
        Identities => "IDENTITIES",
        /// Applications.
        Applications => "APPLICATIONS",
        /// Entitlements.
        Entitlements => "ENTITLEMENTS",
        /// Entitlements of people.
        PeopleEntitlements => "PEOPLE_ENTITLEMENTS",
        /// Entitlements of applications.
        ApplicationEntitlements => "APPLICATION_ENTITLEMENTS",
        /// Entitlements of identities.
        IdentitiesEntitlements => "IDENTITIES_ENTITLEMENTS",
        /// Review items.
        Reviews => "REVIEWS",
    }
}

open_enum! {
    /// `Status` of a rule.
    pub enum RuleStatus {
        /// The rule applies its label.
        Active => "active",
        /// The rule is off.
        Inactive => "inactive",
    }
}

open_enum! {
    /// `Logic` of a rule: how its filters combine.
    pub enum RuleLogic {
        /// The union of the filters' matches.
        Or => "OR",
        /// The intersection of the filters' matches.
        And => "AND",
    }
}

open_enum! {
    /// `Status` of an RBAC2 upload row.
    pub enum Rbac2Status {
        /// Keep the record (the default when empty).
        Active => "active",
        /// Remove the record.
        Delete => "delete",
    }
}

open_enum! {
    /// `Insight` of an entity insight.
    pub enum InsightKind {
        /// The identity's access differs from its peers'.
        Outlier => "outlier",
    }
}

open_enum! {
    /// `Scope` of a webhook template.
    pub enum WebhookScope {
        /// Fires for one integration, named in `Integration`.
        Integration => "integration",
        /// Fires for the whole tenant.
        Global => "global",
    }
}

open_enum! {
    /// `Type` of a webhook template: what event it carries.
    pub enum WebhookType {
        /// A finding.
        Finding => "finding",
        /// An access request.
        Request => "request",
        /// A review item.
        Review => "review",
    }
}

/// One row of the applied labels upload: a label put on one resource.
///
/// The page's header spells the first column `Resourse Type`; this format writes that
/// spelling and reads both it and `Resource Type`.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct AppliedLabel {
    /// `Resourse Type` (sic).
    pub resource_type: String,
    /// `Resource ID`.
    pub resource_id: String,
    /// `Source`.
    pub source: String,
    /// `Key`: the label id, such as `entitlement/privileged`.
    pub key: String,
    /// `Version`.
    pub version: String,
    /// `Value`.
    pub value: String,
    /// `Integration`.
    pub integration: IntegrationId,
    /// `Correlation ID`.
    pub correlation_id: String,
}

/// One entity finding rule (download only).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct EntityFindingRule {
    /// `brn` (the definitions call it `ID`).
    pub brn: Brn,
    /// `entity_filter`, JSON.
    pub entity_filter: serde_json::Value,
    /// `name`.
    pub name: String,
    /// `description`.
    pub description: Option<String>,
    /// `created_at`, RFC 3339.
    pub created_at: Option<DateTime<FixedOffset>>,
    /// `updated_at`, RFC 3339.
    pub updated_at: Option<DateTime<FixedOffset>>,
}

/// One custom insight, downloaded from `/entity-rules/`.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct EntityRule {
    /// `ID`.
    pub id: String,
    /// `entity_filter`, JSON.
    pub entity_filter: serde_json::Value,
    /// `name`.
    pub name: String,
    /// `description`.
    pub description: Option<String>,
    /// `label`.
    pub label: Option<String>,
    /// `created_at`, RFC 3339.
    pub created_at: DateTime<FixedOffset>,
    /// `updated_at`, RFC 3339.
    pub updated_at: DateTime<FixedOffset>,
    /// `created_by`.
    pub created_by: Option<String>,
    /// `updated_by`.
    pub updated_by: Option<String>,
}

/// One saved filter, download and upload.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct Filter {
    /// `ID`; empty on upload of a new filter.
    pub id: Option<String>,
    /// `Name`.
    pub name: String,
    /// `Type`.
    pub filter_type: FilterType,
    /// `Value`: filter JSON with Hasura-like operators, such as
    /// `{"department":{"_in":["Engineering"]}}`.
    pub value: serde_json::Value,
}

/// One label definition, download and upload.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct Label {
    /// `ID`, such as `entitlement/privileged`.
    pub id: Option<String>,
    /// `Name`.
    pub name: String,
    /// `Color`.
    pub color: Option<String>,
    /// `Icon`.
    pub icon: Option<String>,
    /// `Background Color`.
    pub background_color: Option<String>,
    /// `Text Color`.
    pub text_color: Option<String>,
    /// `Type`, such as `entitlement` or `employee`.
    pub label_type: String,
    /// `Light Background Color`.
    pub light_background_color: Option<String>,
    /// `Light Text Color`.
    pub light_text_color: Option<String>,
    /// `Dark Background Color`.
    pub dark_background_color: Option<String>,
    /// `Dark Text Color`.
    pub dark_text_color: Option<String>,
}

/// One RBAC role as downloaded.
///
/// `Value` is kept as text: the reference's sample
/// (`[ {department: engineering, job-title: engineer, ratio: 0.90 } ]`) is not JSON. The
/// format of `Employees` is not documented, so it is kept as text too.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct RbacRole {
    /// `ID`.
    pub id: Option<String>,
    /// `Name`.
    pub name: String,
    /// `Value`.
    pub value: String,
    /// `Integration ID`.
    pub integration_id: IntegrationId,
    /// `Role`: the connections of the role, written `[policy/a, group/b]`.
    pub role: Vec<String>,
    /// `Employees`.
    pub employees: String,
    /// `Created At`, RFC 3339.
    pub created_at: Option<DateTime<FixedOffset>>,
    /// `Updated At`, RFC 3339.
    pub updated_at: Option<DateTime<FixedOffset>>,
    /// `Department`.
    pub department: Option<String>,
    /// `Job Title`.
    pub job_title: Option<String>,
}

/// One RBAC role to upload: an `ID` updates that role, none creates one.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct RbacRoleUpload {
    /// `ID`.
    pub id: Option<String>,
    /// `Name`.
    pub name: String,
    /// `Value`, kept as text (see [`RbacRole`]).
    pub value: String,
    /// `Integration ID`.
    pub integration_id: IntegrationId,
    /// `Role`, written `[policy/a, group/b]`.
    pub role: Vec<String>,
    /// `Employees`.
    pub employees: String,
    /// `Department`.
    pub department: Option<String>,
    /// `Job Title`.
    pub job_title: Option<String>,
}

/// One RBAC2 record as downloaded: an identity's expected privilege.
///
/// `Privilege Value` is read as a boolean like the entitlements' column (inferred).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct Rbac2Entry {
    /// `ID`.
    pub id: Option<String>,
    /// `Name`.
    pub name: Option<String>,
    /// `Value`.
    pub value: Option<String>,
    /// `Integration`.
    pub integration: Option<IntegrationId>,
    /// `Employee Email`.
    pub employee_email: Option<WorkEmail>,
    /// `Identity Username`.
    pub identity_username: String,
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
    /// `Label`.
    pub label: Option<String>,
    /// `Metadata`, JSON.
    pub metadata: Option<serde_json::Value>,
}

/// One RBAC2 record to upload: the download's columns plus `Status`.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct Rbac2EntryUpload {
    /// The columns shared with the download.
    pub entry: Rbac2Entry,
    /// `Status`: `active` (the default) or `delete`.
    pub status: Option<Rbac2Status>,
}

/// One labelling rule, download and upload: a label applied to what its filters match.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct Rule {
    /// `ID`.
    pub id: Option<String>,
    /// `Name`.
    pub name: String,
    /// `Label`: the id of an existing label.
    pub label: String,
    /// `Status`.
    pub status: Option<RuleStatus>,
    /// `Filters`: filter ids, written `f1, f2`.
    pub filters: Vec<String>,
    /// `Logic`.
    pub logic: RuleLogic,
}

/// One entity insight, download and (assumed) upload.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct EntityInsight {
    /// `ID`.
    pub id: String,
    /// `Insight`.
    pub insight: InsightKind,
    /// `Identity ID`.
    pub identity_id: String,
    /// `Identity Email`.
    pub identity_email: String,
    /// `Value`: JSON with `connections`, `job`, `department`, `role`, `insight_type`,
    /// `date identified` and `insight_description`.
    pub value: serde_json::Value,
    /// `Integration ID`.
    pub integration_id: IntegrationId,
}

/// One webhook template, download and (assumed) upload.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct WebhookTemplate {
    /// `ID`.
    pub id: Option<String>,
    /// `Name`.
    pub name: String,
    /// `Description`.
    pub description: Option<String>,
    /// `Value`: the JSON template.
    pub value: Option<serde_json::Value>,
    /// `EntityType`.
    pub entity_type: Option<String>,
    /// `CreatedAt`, `YYYY-MM-DD HH:MM:SS`.
    pub created_at: Option<NaiveDateTime>,
    /// `UpdatedAt`, `YYYY-MM-DD HH:MM:SS`.
    pub updated_at: Option<NaiveDateTime>,
    /// `Active`.
    pub active: Option<bool>,
    /// `Scope`.
    pub scope: Option<WebhookScope>,
    /// `Type`.
    pub webhook_type: Option<WebhookType>,
    /// `Server Url`.
    pub server_url: Option<String>,
    /// `Integration`; required when the scope is `integration`.
    pub integration: Option<IntegrationId>,
}

impl AppliedLabel {
    /// A row; every column of this format is required.
    #[allow(
        clippy::too_many_arguments,
        reason = "one argument per required column"
    )]
    pub fn new(
        resource_type: impl Into<String>,
        resource_id: impl Into<String>,
        source: impl Into<String>,
        key: impl Into<String>,
        version: impl Into<String>,
        value: impl Into<String>,
        integration: IntegrationId,
        correlation_id: impl Into<String>,
    ) -> Self {
        AppliedLabel {
            resource_type: resource_type.into(),
            resource_id: resource_id.into(),
            source: source.into(),
            key: key.into(),
            version: version.into(),
            value: value.into(),
            integration,
            correlation_id: correlation_id.into(),
        }
    }
}

impl EntityFindingRule {
    /// A rule with no description or timestamps.
    pub fn new(brn: Brn, entity_filter: serde_json::Value, name: impl Into<String>) -> Self {
        EntityFindingRule {
            brn,
            entity_filter,
            name: name.into(),
            description: None,
            created_at: None,
            updated_at: None,
        }
    }
}

impl EntityRule {
    /// A rule with the required columns and nothing else.
    pub fn new(
        id: impl Into<String>,
        entity_filter: serde_json::Value,
        name: impl Into<String>,
        created_at: DateTime<FixedOffset>,
        updated_at: DateTime<FixedOffset>,
    ) -> Self {
        EntityRule {
            id: id.into(),
            entity_filter,
            name: name.into(),
            description: None,
            label: None,
            created_at,
            updated_at,
            created_by: None,
            updated_by: None,
        }
    }
}

impl Filter {
    /// A new filter (no id).
    pub fn new(name: impl Into<String>, filter_type: FilterType, value: serde_json::Value) -> Self {
        Filter {
            id: None,
            name: name.into(),
            filter_type,
            value,
        }
    }
}

impl Label {
    /// A new label (no id) without colours or icon.
    pub fn new(name: impl Into<String>, label_type: impl Into<String>) -> Self {
        Label {
            id: None,
            name: name.into(),
            color: None,
            icon: None,
            background_color: None,
            text_color: None,
            label_type: label_type.into(),
            light_background_color: None,
            light_text_color: None,
            dark_background_color: None,
            dark_text_color: None,
        }
    }
}

impl RbacRole {
    /// A role with the required columns and nothing else.
    pub fn new(
        name: impl Into<String>,
        value: impl Into<String>,
        integration_id: IntegrationId,
        role: Vec<String>,
        employees: impl Into<String>,
    ) -> Self {
        RbacRole {
            id: None,
            name: name.into(),
            value: value.into(),
            integration_id,
            role,
            employees: employees.into(),
            created_at: None,
            updated_at: None,
            department: None,
            job_title: None,
        }
    }
}

impl RbacRoleUpload {
    /// A new role (no id) with the required columns and nothing else.
    pub fn new(
        name: impl Into<String>,
        value: impl Into<String>,
        integration_id: IntegrationId,
        role: Vec<String>,
        employees: impl Into<String>,
    ) -> Self {
        RbacRoleUpload {
            id: None,
            name: name.into(),
            value: value.into(),
            integration_id,
            role,
            employees: employees.into(),
            department: None,
            job_title: None,
        }
    }
}

impl Rbac2Entry {
    /// A record for the identity `identity_username`, with every other column empty.
    pub fn new(identity_username: impl Into<String>) -> Self {
        Rbac2Entry {
            id: None,
            name: None,
            value: None,
            integration: None,
            employee_email: None,
            identity_username: identity_username.into(),
            connection: None,
            connection_type: None,
            resource: None,
            resource_type: None,
            privilege_name: None,
            privilege_value: None,
            label: None,
            metadata: None,
        }
    }
}

impl Rbac2EntryUpload {
    /// An upload row for `entry` with `status`.
    pub fn new(entry: Rbac2Entry, status: Option<Rbac2Status>) -> Self {
        Rbac2EntryUpload { entry, status }
    }
}

impl Rule {
    /// A new rule (no id, no status).
    pub fn new(
        name: impl Into<String>,
        label: impl Into<String>,
        filters: Vec<String>,
        logic: RuleLogic,
    ) -> Self {
        Rule {
            id: None,
            name: name.into(),
            label: label.into(),
            status: None,
            filters,
            logic,
        }
    }
}

impl EntityInsight {
    /// An insight; every column of this format is required.
    pub fn new(
        id: impl Into<String>,
        insight: InsightKind,
        identity_id: impl Into<String>,
        identity_email: impl Into<String>,
        value: serde_json::Value,
        integration_id: IntegrationId,
    ) -> Self {
        EntityInsight {
            id: id.into(),
            insight,
            identity_id: identity_id.into(),
            identity_email: identity_email.into(),
            value,
            integration_id,
        }
    }
}

impl WebhookTemplate {
    /// A new template named `name`, with every other column empty.
    pub fn new(name: impl Into<String>) -> Self {
        WebhookTemplate {
            id: None,
            name: name.into(),
            description: None,
            value: None,
            entity_type: None,
            created_at: None,
            updated_at: None,
            active: None,
            scope: None,
            webhook_type: None,
            server_url: None,
            integration: None,
        }
    }
}

/// The column names of the applied-labels resource type, as written and as also read.
const APPLIED_LABEL_RESOURCE_TYPE: [&str; 2] = ["Resourse Type", "Resource Type"];

impl Record for AppliedLabel {
    const FILE_NAME: &'static str = "applied-labels-upload.csv";
    const HEADERS: &'static [&'static str] = &[
        APPLIED_LABEL_RESOURCE_TYPE[0],
        "Resource ID",
        "Source",
        "Key",
        "Version",
        "Value",
        "Integration",
        "Correlation ID",
    ];
    const REQUIRED_HEADERS: &'static [&'static str] = &[
        "Resource ID",
        "Source",
        "Key",
        "Version",
        "Value",
        "Integration",
        "Correlation ID",
    ];

    fn from_row(row: &Row<'_>) -> Result<Self, FieldError> {
        let [written, corrected] = APPLIED_LABEL_RESOURCE_TYPE;
        let resource_type = row.get(written).or_else(|| row.get(corrected));
        let Some(resource_type) = resource_type else {
            let has_column = row.has_column(written) || row.has_column(corrected);
            let message = if has_column {
                "is required but empty"
            } else {
                "is missing from the header (also read as `Resource Type`)"
            };
            return Err(FieldError::new(written, message));
        };

        Ok(AppliedLabel {
            resource_type: resource_type.to_owned(),
            resource_id: row.required_text("Resource ID")?,
            source: row.required_text("Source")?,
            key: row.required_text("Key")?,
            version: row.required_text("Version")?,
            value: row.required_text("Value")?,
            integration: row.parse_req("Integration", str::parse)?,
            correlation_id: row.required_text("Correlation ID")?,
        })
    }

    fn to_row(&self) -> Vec<String> {
        vec![
            self.resource_type.clone(),
            self.resource_id.clone(),
            self.source.clone(),
            self.key.clone(),
            self.version.clone(),
            self.value.clone(),
            self.integration.to_string(),
            self.correlation_id.clone(),
        ]
    }
}

impl Record for EntityFindingRule {
    const FILE_NAME: &'static str = "entity-finding-rules.csv";
    const HEADERS: &'static [&'static str] = &[
        "brn",
        "entity_filter",
        "name",
        "description",
        "created_at",
        "updated_at",
    ];
    const REQUIRED_HEADERS: &'static [&'static str] = &["brn", "entity_filter", "name"];

    fn from_row(row: &Row<'_>) -> Result<Self, FieldError> {
        Ok(EntityFindingRule {
            brn: row.parse_req("brn", str::parse)?,
            entity_filter: row.parse_req("entity_filter", parse_json)?,
            name: row.required_text("name")?,
            description: row.text("description"),
            created_at: row.parse_opt("created_at", parse_rfc3339)?,
            updated_at: row.parse_opt("updated_at", parse_rfc3339)?,
        })
    }

    fn to_row(&self) -> Vec<String> {
        vec![
            self.brn.to_string(),
            format_json(&self.entity_filter),
            self.name.clone(),
            cell(self.description.as_ref()),
            self.created_at
                .as_ref()
                .map(format_rfc3339)
                .unwrap_or_default(),
            self.updated_at
                .as_ref()
                .map(format_rfc3339)
                .unwrap_or_default(),
        ]
    }
}

impl Record for EntityRule {
    const FILE_NAME: &'static str = "entity-rules.csv";
    const HEADERS: &'static [&'static str] = &[
        "ID",
        "entity_filter",
        "name",
        "description",
        "label",
        "created_at",
        "updated_at",
        "created_by",
        "updated_by",
    ];
    const REQUIRED_HEADERS: &'static [&'static str] =
        &["ID", "entity_filter", "name", "created_at", "updated_at"];

    fn from_row(row: &Row<'_>) -> Result<Self, FieldError> {
        Ok(EntityRule {
            id: row.required_text("ID")?,
            entity_filter: row.parse_req("entity_filter", parse_json)?,
            name: row.required_text("name")?,
            description: row.text("description"),
            label: row.text("label"),
            created_at: row.parse_req("created_at", parse_rfc3339)?,
            updated_at: row.parse_req("updated_at", parse_rfc3339)?,
            created_by: row.text("created_by"),
            updated_by: row.text("updated_by"),
        })
    }

    fn to_row(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            format_json(&self.entity_filter),
            self.name.clone(),
            cell(self.description.as_ref()),
            cell(self.label.as_ref()),
            format_rfc3339(&self.created_at),
            format_rfc3339(&self.updated_at),
            cell(self.created_by.as_ref()),
            cell(self.updated_by.as_ref()),
        ]
    }
}

impl Record for Filter {
    const FILE_NAME: &'static str = "filters.csv";
    const HEADERS: &'static [&'static str] = &["ID", "Name", "Type", "Value"];
    const REQUIRED_HEADERS: &'static [&'static str] = &["Name", "Type", "Value"];

    fn from_row(row: &Row<'_>) -> Result<Self, FieldError> {
        Ok(Filter {
            id: row.text("ID"),
            name: row.required_text("Name")?,
            filter_type: row.parse_req("Type", str::parse)?,
            value: row.parse_req("Value", parse_json)?,
        })
    }

    fn to_row(&self) -> Vec<String> {
        vec![
            cell(self.id.as_ref()),
            self.name.clone(),
            self.filter_type.to_string(),
            format_json(&self.value),
        ]
    }
}

impl Record for Label {
    const FILE_NAME: &'static str = "labels.csv";
    const HEADERS: &'static [&'static str] = &[
        "ID",
        "Name",
        "Color",
        "Icon",
        "Background Color",
        "Text Color",
        "Type",
        "Light Background Color",
        "Light Text Color",
        "Dark Background Color",
        "Dark Text Color",
    ];
    const REQUIRED_HEADERS: &'static [&'static str] = &["Name", "Type"];

    fn from_row(row: &Row<'_>) -> Result<Self, FieldError> {
        Ok(Label {
            id: row.text("ID"),
            name: row.required_text("Name")?,
            color: row.text("Color"),
            icon: row.text("Icon"),
            background_color: row.text("Background Color"),
            text_color: row.text("Text Color"),
            label_type: row.required_text("Type")?,
            light_background_color: row.text("Light Background Color"),
            light_text_color: row.text("Light Text Color"),
            dark_background_color: row.text("Dark Background Color"),
            dark_text_color: row.text("Dark Text Color"),
        })
    }

    fn to_row(&self) -> Vec<String> {
        vec![
            cell(self.id.as_ref()),
            self.name.clone(),
            cell(self.color.as_ref()),
            cell(self.icon.as_ref()),
            cell(self.background_color.as_ref()),
            cell(self.text_color.as_ref()),
            self.label_type.clone(),
            cell(self.light_background_color.as_ref()),
            cell(self.light_text_color.as_ref()),
            cell(self.dark_background_color.as_ref()),
            cell(self.dark_text_color.as_ref()),
        ]
    }
}

impl Record for RbacRole {
    const FILE_NAME: &'static str = "rbac.csv";
    const HEADERS: &'static [&'static str] = &[
        "ID",
        "Name",
        "Value",
        "Integration ID",
        "Role",
        "Employees",
        "Created At",
        "Updated At",
        "Department",
        "Job Title",
    ];
    const REQUIRED_HEADERS: &'static [&'static str] =
        &["Name", "Value", "Integration ID", "Role", "Employees"];

    fn from_row(row: &Row<'_>) -> Result<Self, FieldError> {
        Ok(RbacRole {
            id: row.text("ID"),
            name: row.required_text("Name")?,
            value: row.required_text("Value")?,
            integration_id: row.parse_req("Integration ID", str::parse)?,
            role: row.list("Role", ListStyle::Bracketed, parse_text)?,
            employees: row.required_text("Employees")?,
            created_at: row.parse_opt("Created At", parse_rfc3339)?,
            updated_at: row.parse_opt("Updated At", parse_rfc3339)?,
            department: row.text("Department"),
            job_title: row.text("Job Title"),
        })
    }

    fn to_row(&self) -> Vec<String> {
        vec![
            cell(self.id.as_ref()),
            self.name.clone(),
            self.value.clone(),
            self.integration_id.to_string(),
            join_list(&self.role, ListStyle::Bracketed),
            self.employees.clone(),
            self.created_at
                .as_ref()
                .map(format_rfc3339)
                .unwrap_or_default(),
            self.updated_at
                .as_ref()
                .map(format_rfc3339)
                .unwrap_or_default(),
            cell(self.department.as_ref()),
            cell(self.job_title.as_ref()),
        ]
    }
}

impl Record for RbacRoleUpload {
    const FILE_NAME: &'static str = "rbac-upload.csv";
    const HEADERS: &'static [&'static str] = &[
        "ID",
        "Name",
        "Value",
        "Integration ID",
        "Role",
        "Employees",
        "Department",
        "Job Title",
    ];
    const REQUIRED_HEADERS: &'static [&'static str] =
        &["Name", "Value", "Integration ID", "Role", "Employees"];

    fn from_row(row: &Row<'_>) -> Result<Self, FieldError> {
        Ok(RbacRoleUpload {
            id: row.text("ID"),
            name: row.required_text("Name")?,
            value: row.required_text("Value")?,
            integration_id: row.parse_req("Integration ID", str::parse)?,
            role: row.list("Role", ListStyle::Bracketed, parse_text)?,
            employees: row.required_text("Employees")?,
            department: row.text("Department"),
            job_title: row.text("Job Title"),
        })
    }

    fn to_row(&self) -> Vec<String> {
        vec![
            cell(self.id.as_ref()),
            self.name.clone(),
            self.value.clone(),
            self.integration_id.to_string(),
            join_list(&self.role, ListStyle::Bracketed),
            self.employees.clone(),
            cell(self.department.as_ref()),
            cell(self.job_title.as_ref()),
        ]
    }
}

/// The RBAC2 download's columns; the upload puts `Status` before `Metadata`.
const RBAC2_HEADERS: &[&str] = &[
    "ID",
    "Name",
    "Value",
    "Integration",
    "Employee Email",
    "Identity Username",
    "Connection",
    "Connection Type",
    "Resource",
    "Resource Type",
    "Privilege Name",
    "Privilege Value",
    "Label",
    "Metadata",
];

impl Rbac2Entry {
    /// Reads the columns shared by the download and the upload.
    fn read(row: &Row<'_>) -> Result<Self, FieldError> {
        Ok(Rbac2Entry {
            id: row.text("ID"),
            name: row.text("Name"),
            value: row.text("Value"),
            integration: row.parse_opt("Integration", str::parse)?,
            employee_email: row.parse_opt("Employee Email", str::parse)?,
            identity_username: row.required_text("Identity Username")?,
            connection: row.text("Connection"),
            connection_type: row.text("Connection Type"),
            resource: row.text("Resource"),
            resource_type: row.text("Resource Type"),
            privilege_name: row.text("Privilege Name"),
            privilege_value: row.parse_opt("Privilege Value", parse_bool)?,
            label: row.text("Label"),
            metadata: row.parse_opt("Metadata", parse_json)?,
        })
    }
}

impl Record for Rbac2Entry {
    const FILE_NAME: &'static str = "rbac2.csv";
    const HEADERS: &'static [&'static str] = RBAC2_HEADERS;
    const REQUIRED_HEADERS: &'static [&'static str] = &["Identity Username"];

    fn from_row(row: &Row<'_>) -> Result<Self, FieldError> {
        Rbac2Entry::read(row)
    }

    fn to_row(&self) -> Vec<String> {
        vec![
            cell(self.id.as_ref()),
            cell(self.name.as_ref()),
            cell(self.value.as_ref()),
            cell(self.integration.as_ref()),
            cell(self.employee_email.as_ref()),
            self.identity_username.clone(),
            cell(self.connection.as_ref()),
            cell(self.connection_type.as_ref()),
            cell(self.resource.as_ref()),
            cell(self.resource_type.as_ref()),
            cell(self.privilege_name.as_ref()),
            self.privilege_value
                .map(|v| format_bool(v, BoolCase::Lower).to_owned())
                .unwrap_or_default(),
            cell(self.label.as_ref()),
            json_cell(self.metadata.as_ref()),
        ]
    }
}

impl Record for Rbac2EntryUpload {
    const FILE_NAME: &'static str = "rbac2-upload.csv";
    const HEADERS: &'static [&'static str] = &[
        "ID",
        "Name",
        "Value",
        "Integration",
        "Employee Email",
        "Identity Username",
        "Connection",
        "Connection Type",
        "Resource",
        "Resource Type",
        "Privilege Name",
        "Privilege Value",
        "Label",
        "Status",
        "Metadata",
    ];
    const REQUIRED_HEADERS: &'static [&'static str] = &["Identity Username"];

    fn from_row(row: &Row<'_>) -> Result<Self, FieldError> {
        Ok(Rbac2EntryUpload {
            entry: Rbac2Entry::read(row)?,
            status: row.parse_opt("Status", str::parse)?,
        })
    }

    fn to_row(&self) -> Vec<String> {
        let mut res = self.entry.to_row();
        let metadata_index = res.len() - 1;
        res.insert(metadata_index, cell(self.status.as_ref()));
        res
    }
}

impl Record for Rule {
    const FILE_NAME: &'static str = "rules.csv";
    const HEADERS: &'static [&'static str] = &["ID", "Name", "Label", "Status", "Filters", "Logic"];
    const REQUIRED_HEADERS: &'static [&'static str] = &["Name", "Label", "Filters", "Logic"];

    fn from_row(row: &Row<'_>) -> Result<Self, FieldError> {
        let filters = row.list("Filters", ListStyle::CommaSpace, parse_text)?;
        if filters.is_empty() {
            return Err(FieldError::new("Filters", "is required but empty"));
        }

        Ok(Rule {
            id: row.text("ID"),
            name: row.required_text("Name")?,
            label: row.required_text("Label")?,
            status: row.parse_opt("Status", str::parse)?,
            filters,
            logic: row.parse_req("Logic", str::parse)?,
        })
    }

    fn to_row(&self) -> Vec<String> {
        vec![
            cell(self.id.as_ref()),
            self.name.clone(),
            self.label.clone(),
            cell(self.status.as_ref()),
            join_list(&self.filters, ListStyle::CommaSpace),
            self.logic.to_string(),
        ]
    }
}

impl Record for EntityInsight {
    const FILE_NAME: &'static str = "entity-insights.csv";
    const HEADERS: &'static [&'static str] = &[
        "ID",
        "Insight",
        "Identity ID",
        "Identity Email",
        "Value",
        "Integration ID",
    ];
    const REQUIRED_HEADERS: &'static [&'static str] = Self::HEADERS;

    fn from_row(row: &Row<'_>) -> Result<Self, FieldError> {
        Ok(EntityInsight {
            id: row.required_text("ID")?,
            insight: row.parse_req("Insight", str::parse)?,
            identity_id: row.required_text("Identity ID")?,
            identity_email: row.required_text("Identity Email")?,
            value: row.parse_req("Value", parse_json)?,
            integration_id: row.parse_req("Integration ID", str::parse)?,
        })
    }

    fn to_row(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.insight.to_string(),
            self.identity_id.clone(),
            self.identity_email.clone(),
            format_json(&self.value),
            self.integration_id.to_string(),
        ]
    }
}

impl Record for WebhookTemplate {
    const FILE_NAME: &'static str = "webhook-templates.csv";
    const HEADERS: &'static [&'static str] = &[
        "ID",
        "Name",
        "Description",
        "Value",
        "EntityType",
        "CreatedAt",
        "UpdatedAt",
        "Active",
        "Scope",
        "Type",
        "Server Url",
        "Integration",
    ];
    const REQUIRED_HEADERS: &'static [&'static str] = &["Name"];

    /// Reads a row; a template scoped to an integration must name it.
    fn from_row(row: &Row<'_>) -> Result<Self, FieldError> {
        let res = WebhookTemplate {
            id: row.text("ID"),
            name: row.required_text("Name")?,
            description: row.text("Description"),
            value: row.parse_opt("Value", parse_json)?,
            entity_type: row.text("EntityType"),
            created_at: row.parse_opt("CreatedAt", parse_naive_datetime)?,
            updated_at: row.parse_opt("UpdatedAt", parse_naive_datetime)?,
            active: row.parse_opt("Active", parse_bool)?,
            scope: row.parse_opt("Scope", str::parse)?,
            webhook_type: row.parse_opt("Type", str::parse)?,
            server_url: row.text("Server Url"),
            integration: row.parse_opt("Integration", str::parse)?,
        };

        if res.scope == Some(WebhookScope::Integration) && res.integration.is_none() {
            return Err(FieldError::new(
                "Integration",
                "is required when Scope is `integration`",
            ));
        }
        Ok(res)
    }

    fn to_row(&self) -> Vec<String> {
        vec![
            cell(self.id.as_ref()),
            self.name.clone(),
            cell(self.description.as_ref()),
            json_cell(self.value.as_ref()),
            cell(self.entity_type.as_ref()),
            self.created_at
                .map(format_naive_datetime)
                .unwrap_or_default(),
            self.updated_at
                .map(format_naive_datetime)
                .unwrap_or_default(),
            self.active
                .map(|v| format_bool(v, BoolCase::Lower).to_owned())
                .unwrap_or_default(),
            cell(self.scope.as_ref()),
            cell(self.webhook_type.as_ref()),
            cell(self.server_url.as_ref()),
            cell(self.integration.as_ref()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone, Utc};
    use serde_json::json;

    use super::*;
    use crate::csv::read_all;
    use crate::csv::tests::round_trip;

    macro_rules! fixture {
        ($file:literal) => {
            include_str!(concat!("../../tests/fixtures/reference/", $file))
        };
    }

    #[test]
    fn applied_labels_sample_parses_and_round_trips() {
        let rows: Vec<AppliedLabel> = round_trip(fixture!("applied-labels-upload.csv"));
        let expected = AppliedLabel {
            resource_type: "Some Resource Type".to_owned(),
            resource_id: "0x21".to_owned(),
            source: "s1".to_owned(),
            key: "k1".to_owned(),
            version: "v1".to_owned(),
            value: "value".to_owned(),
            integration: "aws/012x".parse().unwrap(),
            correlation_id: "d924-sfdj9j".to_owned(),
        };
        assert_eq!(rows, [expected]);
    }

    #[test]
    fn applied_labels_also_read_the_corrected_header_spelling() {
        let text = "Resource Type,Resource ID,Source,Key,Version,Value,Integration,Correlation ID\n\
                    Some Resource Type,0x21,s1,k1,v1,value,aws/012x,d924-sfdj9j\n";
        let rows: Vec<AppliedLabel> = read_all(text.as_bytes()).unwrap();
        assert_eq!(rows[0].resource_type, "Some Resource Type");

        let without = "Resource ID,Source,Key,Version,Value,Integration,Correlation ID\n\
                       0x21,s1,k1,v1,value,aws/012x,d924-sfdj9j\n";
        let error = read_all::<AppliedLabel>(without.as_bytes()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "applied-labels-upload.csv, line 2, column `Resourse Type`: is missing from the \
             header (also read as `Resource Type`)"
        );
    }

    #[test]
    fn entity_finding_rules_sample_parses_and_round_trips() {
        let rows: Vec<EntityFindingRule> = round_trip(fixture!("entity-finding-rules.csv"));
        let [rule] = rows.as_slice() else {
            panic!("one row expected")
        };
        assert_eq!(rule.brn.kind(), "rule");
        assert_eq!(
            rule.entity_filter,
            json!({"department": {"_in": ["Engineering"]}})
        );
        assert_eq!(rule.name, "Engineering admins");
        assert_eq!(rule.description, None);
        let created = Utc.with_ymd_and_hms(2024, 10, 23, 10, 0, 0).unwrap();
        assert_eq!(
            rule.created_at.map(|t| t.with_timezone(&Utc)),
            Some(created)
        );
    }

    #[test]
    fn entity_rules_sample_parses_and_round_trips() {
        let rows: Vec<EntityRule> = round_trip(fixture!("entity-rules.csv"));
        let [rule] = rows.as_slice() else {
            panic!("one row expected")
        };
        assert_eq!(rule.id, "er-1");
        assert_eq!(
            rule.entity_filter["_and"][0]["labels"][0]["key"],
            "entitlement/privileged"
        );
        assert_eq!(rule.label.as_deref(), Some("entitlement/privileged"));
        // 08:30 at +02:00 is 06:30 UTC.
        let updated = Utc.with_ymd_and_hms(2024, 10, 24, 6, 30, 0).unwrap();
        assert_eq!(rule.updated_at.with_timezone(&Utc), updated);
        assert_eq!(rule.created_by.as_deref(), Some("risk@example.com"));
        assert_eq!(rule.updated_by, None);
    }

    #[test]
    fn filters_sample_parses_and_round_trips() {
        let rows: Vec<Filter> = round_trip(fixture!("filters.csv"));
        let [people, entitlements] = rows.as_slice() else {
            panic!("two rows expected")
        };
        assert_eq!(people.id.as_deref(), Some("flt-1"));
        assert_eq!(people.filter_type, FilterType::People);
        assert_eq!(
            people.value,
            json!({"department": {"_in": ["Engineering"]}})
        );
        assert_eq!(entitlements.id, None);
        assert_eq!(entitlements.filter_type, FilterType::Entitlements);
        let not = &entitlements.value["_and"][1]["_not"];
        assert_eq!(not["employee"]["department"]["_in"][0], "Engineering");
    }

    #[test]
    fn labels_sample_parses_and_round_trips() {
        let rows: Vec<Label> = round_trip(fixture!("labels.csv"));
        let [privileged, sod] = rows.as_slice() else {
            panic!("two rows expected")
        };
        assert_eq!(privileged.id.as_deref(), Some("entitlement/privileged"));
        assert_eq!(privileged.color.as_deref(), Some("#d32f2f"));
        assert_eq!(privileged.label_type, "entitlement");
        assert_eq!(privileged.dark_text_color.as_deref(), Some("#fdecea"));
        assert_eq!(sod.id.as_deref(), Some("employee/sod"));
        assert_eq!(sod.label_type, "employee");
        assert_eq!(sod.color, None);
    }

    #[test]
    fn rbac_samples_keep_value_text_and_bracketed_roles() {
        let rows: Vec<RbacRole> = round_trip(fixture!("rbac.csv"));
        let [role] = rows.as_slice() else {
            panic!("one row expected")
        };
        assert_eq!(
            role.value,
            "[ {department: engineering, job-title: engineer, ratio: 0.90 } ]"
        );
        assert_eq!(role.integration_id.to_string(), "aws/234");
        assert_eq!(
            role.role,
            ["policy/APIGatewayServiceRolePolicy", "group/developers"]
        );
        assert_eq!(role.employees, "12");
        let created = Utc.with_ymd_and_hms(2023, 12, 3, 14, 0, 0).unwrap();
        assert_eq!(
            role.created_at.map(|t| t.with_timezone(&Utc)),
            Some(created)
        );
        assert_eq!(role.department.as_deref(), Some("engineering"));

        let uploads: Vec<RbacRoleUpload> = round_trip(fixture!("rbac-upload.csv"));
        assert_eq!(uploads[0].id, None);
        assert_eq!(uploads[0].role, ["policy/APIGatewayServiceRolePolicy"]);
    }

    #[test]
    fn rbac2_samples_parse_and_round_trip() {
        let rows: Vec<Rbac2Entry> = round_trip(fixture!("rbac2.csv"));
        let [full, bare] = rows.as_slice() else {
            panic!("two rows expected")
        };
        assert_eq!(
            full.integration.as_ref().unwrap().to_string(),
            "google/01JH0F7KETDT9ER6JKBK3JB1K9"
        );
        assert_eq!(
            full.employee_email.as_ref().map(WorkEmail::as_str),
            Some("aaron.chen@example.com")
        );
        assert_eq!(full.identity_username, "aaron.chen");
        assert_eq!(full.privilege_value, Some(true));
        assert_eq!(full.label.as_deref(), Some("No role"));
        assert_eq!(bare.identity_username, "deploy-bot");
        assert_eq!(bare.id, None);

        let uploads: Vec<Rbac2EntryUpload> = round_trip(fixture!("rbac2-upload.csv"));
        let [delete, add] = uploads.as_slice() else {
            panic!("two rows expected")
        };
        assert_eq!(delete.status, Some(Rbac2Status::Delete));
        assert_eq!(delete.entry.id.as_deref(), Some("r2-1"));
        assert_eq!(add.status, Some(Rbac2Status::Active));
        assert_eq!(add.entry.metadata, Some(json!({"source": "upload"})));
    }

    #[test]
    fn rules_sample_parses_and_round_trips() {
        let rows: Vec<Rule> = round_trip(fixture!("rules.csv"));
        let [and, or] = rows.as_slice() else {
            panic!("two rows expected")
        };
        assert_eq!(and.label, "entitlement/privileged");
        assert_eq!(and.status, Some(RuleStatus::Active));
        assert_eq!(and.filters, ["f1", "f2"]);
        assert_eq!(and.logic, RuleLogic::And);
        assert_eq!(or.id, None);
        assert_eq!(or.status, Some(RuleStatus::Inactive));
        assert_eq!(or.filters, ["f3"]);
        assert_eq!(or.logic, RuleLogic::Or);
    }

    #[test]
    fn entity_insights_sample_parses_and_round_trips() {
        let rows: Vec<EntityInsight> = round_trip(fixture!("entity-insights.csv"));
        let [insight] = rows.as_slice() else {
            panic!("one row expected")
        };
        assert_eq!(insight.insight, InsightKind::Outlier);
        assert_eq!(insight.identity_email, "aaron.chen@example.com");
        assert_eq!(insight.value["insight_type"], "Unique Connection(s)");
        assert_eq!(insight.value["date identified"], "2024-05-01");
        assert_eq!(
            insight.integration_id.to_string(),
            "okta/01J07X778EK4BH2M2A1VY4HCYF"
        );
    }

    #[test]
    fn webhook_templates_sample_parses_and_round_trips() {
        let rows: Vec<WebhookTemplate> = round_trip(fixture!("webhook-templates.csv"));
        let [global, scoped] = rows.as_slice() else {
            panic!("two rows expected")
        };
        let created = NaiveDate::from_ymd_opt(2024, 3, 8)
            .unwrap()
            .and_hms_opt(10, 0, 0);
        assert_eq!(global.created_at, created);
        assert_eq!(global.active, Some(true));
        assert_eq!(global.scope, Some(WebhookScope::Global));
        assert_eq!(global.webhook_type, Some(WebhookType::Finding));
        assert_eq!(global.value, Some(json!({"text": "{{finding.name}}"})));
        assert_eq!(global.integration, None);
        assert_eq!(scoped.active, Some(false));
        assert_eq!(scoped.scope, Some(WebhookScope::Integration));
        let updated = NaiveDate::from_ymd_opt(2024, 3, 9)
            .unwrap()
            .and_hms_opt(11, 15, 30);
        assert_eq!(scoped.updated_at, updated);
        assert_eq!(scoped.integration.as_ref().unwrap().app().as_str(), "okta");
    }

    #[test]
    fn a_webhook_scoped_to_an_integration_must_name_it() {
        let text = "Name,Scope,Integration\nOkta requests,integration,\n";
        let error = read_all::<WebhookTemplate>(text.as_bytes()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "webhook-templates.csv, line 2, column `Integration`: is required when Scope is \
             `integration`"
        );
    }
}
