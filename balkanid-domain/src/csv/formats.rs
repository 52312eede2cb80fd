//! The [`Record`](super::Record) implementations of the model types: the download formats of
//! a snapshot directory, one file per resource, with BalkanID's exact headers.
//!
//! Formats whose upload layout is the same as the download (employees, business owners,
//! relations) use these implementations for both directions.

use crate::csv::{
    FieldError, Record, Row, cell, json_cell, parse_count, parse_text, versioned_cells,
};
use crate::ids::{Brn, WorkEmail};
use crate::model::{
    AccessRequest, Admin, App, BusinessOwner, Campaign, Credential, Employee, Entitlement, Entity,
    EntityRelation, Finding, Integration, Purpose, Relation, RequestDuration, ReviewItem,
};
use crate::values::{
    self, BoolCase, ListStyle, format_bool, format_go_time, format_iso_date, format_naive_datetime,
    format_percent, format_rfc3339, format_us_date, join_list, parse_bool, parse_go_time,
    parse_iso_date, parse_json, parse_naive_datetime, parse_percent, parse_rfc3339_utc,
    parse_us_date,
};

/// The columns of `employees.csv`, download and upload alike.
const EMPLOYEE_HEADERS: &[&str] = &[
    "Employee ID",
    "Full Name",
    "First Name",
    "Last Name",
    "Work Email",
    "Department",
    "Title",
    "Start Date",
    "End Date",
    "Employment Type",
    "Manager",
    "Manager Work Email",
    "Source Employee ID",
    "BalkanID Roles",
    "Metadata Version",
    "Metadata",
];

impl Record for Employee {
    const FILE_NAME: &'static str = "employees.csv";
    const HEADERS: &'static [&'static str] = EMPLOYEE_HEADERS;
    const REQUIRED_HEADERS: &'static [&'static str] = &["Work Email", "Start Date"];

    /// Reads a row; at least one of `Full Name`, `First Name` and `Last Name` must be set.
    fn from_row(row: &Row<'_>) -> Result<Self, FieldError> {
        let res = Employee {
            employee_id: row.text("Employee ID"),
            full_name: row.text("Full Name"),
            first_name: row.text("First Name"),
            last_name: row.text("Last Name"),
            work_email: row.parse_req("Work Email", str::parse::<WorkEmail>)?,
            department: row.text("Department"),
            title: row.text("Title"),
            start_date: row.parse_req("Start Date", parse_us_date)?,
            end_date: row.parse_opt("End Date", parse_us_date)?,
            employment_type: row.text("Employment Type"),
            manager: row.text("Manager"),
            manager_work_email: row.parse_opt("Manager Work Email", str::parse::<WorkEmail>)?,
            source_employee_id: row.text("Source Employee ID"),
            roles: row.list("BalkanID Roles", ListStyle::CommaSpace, str::parse)?,
            metadata: row.versioned_json("Metadata Version", "Metadata")?,
        };

        let has_name =
            res.full_name.is_some() || res.first_name.is_some() || res.last_name.is_some();
        if !has_name {
            let message = "is empty, and so are First Name and Last Name; one of them is required";
            return Err(FieldError::new("Full Name", message));
        }
        Ok(res)
    }

    fn to_row(&self) -> Vec<String> {
        let [metadata_version, metadata] = versioned_cells(self.metadata.as_ref());
        vec![
            cell(self.employee_id.as_ref()),
            cell(self.full_name.as_ref()),
            cell(self.first_name.as_ref()),
            cell(self.last_name.as_ref()),
            self.work_email.to_string(),
            cell(self.department.as_ref()),
            cell(self.title.as_ref()),
            format_us_date(self.start_date),
            self.end_date.map(format_us_date).unwrap_or_default(),
            cell(self.employment_type.as_ref()),
            cell(self.manager.as_ref()),
            cell(self.manager_work_email.as_ref()),
            cell(self.source_employee_id.as_ref()),
            join_list(&self.roles, ListStyle::CommaSpace),
            metadata_version,
            metadata,
        ]
    }
}

impl Record for Entity {
    const FILE_NAME: &'static str = "entities.csv";
    const HEADERS: &'static [&'static str] = &[
        "BRN",
        "Timestamp",
        "App",
        "Integration",
        "Name",
        "Entity Type",
        "Source System",
        "Source ID",
        "Source Type",
        "Metadata Version",
        "Metadata",
    ];
    const REQUIRED_HEADERS: &'static [&'static str] = &[
        "BRN",
        "Timestamp",
        "App",
        "Integration",
        "Name",
        "Entity Type",
        "Source System",
        "Source ID",
        "Source Type",
    ];

    fn from_row(row: &Row<'_>) -> Result<Self, FieldError> {
        Ok(Entity {
            brn: row.parse_req("BRN", str::parse::<Brn>)?,
            timestamp: required_go_time(row, "Timestamp")?,
            app: row.parse_req("App", str::parse)?,
            integration: row.parse_req("Integration", str::parse)?,
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
            self.brn.to_string(),
            format_go_time(self.timestamp),
            self.app.to_string(),
            self.integration.to_string(),
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

impl Record for EntityRelation {
    const FILE_NAME: &'static str = "entity-relations.csv";
    const HEADERS: &'static [&'static str] = &[
        "App",
        "Timestamp",
        "Integration",
        "Parent Entity BRN",
        "Entity BRN",
        "Entity Type",
        "Source System",
        "Metadata Version",
        "Metadata",
    ];
    const REQUIRED_HEADERS: &'static [&'static str] = &[
        "App",
        "Timestamp",
        "Integration",
        "Parent Entity BRN",
        "Entity BRN",
        "Entity Type",
        "Source System",
    ];

    fn from_row(row: &Row<'_>) -> Result<Self, FieldError> {
        Ok(EntityRelation {
            app: row.parse_req("App", str::parse)?,
            timestamp: required_go_time(row, "Timestamp")?,
            integration: row.parse_req("Integration", str::parse)?,
            parent_brn: row.parse_req("Parent Entity BRN", str::parse)?,
            entity_brn: row.parse_req("Entity BRN", str::parse)?,
            entity_type: row.parse_req("Entity Type", str::parse)?,
            source_system: row.required_text("Source System")?,
            metadata: row.versioned_json("Metadata Version", "Metadata")?,
        })
    }

    fn to_row(&self) -> Vec<String> {
        let [metadata_version, metadata] = versioned_cells(self.metadata.as_ref());
        vec![
            self.app.to_string(),
            format_go_time(self.timestamp),
            self.integration.to_string(),
            self.parent_brn.to_string(),
            self.entity_brn.to_string(),
            self.entity_type.to_string(),
            self.source_system.clone(),
            metadata_version,
            metadata,
        ]
    }
}

impl Record for Relation {
    const FILE_NAME: &'static str = "relations.csv";
    const HEADERS: &'static [&'static str] = &[
        "Identity ID",
        "Username",
        "Identity email",
        "Identity name",
        "App ID",
        "App Name",
        "App Description",
        "Relation type",
        "Employee email",
        "Employee name",
        "Employee department",
        "Employee job title",
    ];
    const REQUIRED_HEADERS: &'static [&'static str] = &[
        "Identity ID",
        "Username",
        "Identity name",
        "App ID",
        "App Name",
    ];

    /// Reads a row. `Relation type` is read in any case (the reference's samples write `is`
    /// and `owns`) and written in the documented upper case, `IS` and `OWNS`.
    fn from_row(row: &Row<'_>) -> Result<Self, FieldError> {
        Ok(Relation {
            identity_id: row.required_text("Identity ID")?,
            username: row.required_text("Username")?,
            identity_email: row.text("Identity email"),
            identity_name: row.required_text("Identity name")?,
            app_id: row.required_text("App ID")?,
            app_name: row.required_text("App Name")?,
            app_description: row.text("App Description"),
            relation_type: row.parse_opt("Relation type", str::parse)?,
            employee_email: row.parse_opt("Employee email", str::parse::<WorkEmail>)?,
            employee_name: row.text("Employee name"),
            employee_department: row.text("Employee department"),
            employee_job_title: row.text("Employee job title"),
        })
    }

    fn to_row(&self) -> Vec<String> {
        vec![
            self.identity_id.clone(),
            self.username.clone(),
            cell(self.identity_email.as_ref()),
            self.identity_name.clone(),
            self.app_id.clone(),
            self.app_name.clone(),
            cell(self.app_description.as_ref()),
            cell(self.relation_type.as_ref()),
            cell(self.employee_email.as_ref()),
            cell(self.employee_name.as_ref()),
            cell(self.employee_department.as_ref()),
            cell(self.employee_job_title.as_ref()),
        ]
    }
}

impl Record for Entitlement {
    const FILE_NAME: &'static str = "entitlements.csv";
    const HEADERS: &'static [&'static str] = &[
        "Project",
        "Privilege Name",
        "Privilege Value",
        "Identity ID",
        "Username",
        "Name",
        "Connection",
        "Connection Type",
        "Resource",
        "Resource Type",
        "Employee ID",
        "Labels",
        "Identity Type",
        "Connection Provider",
        "Connection Provider Type",
        "Metadata",
    ];
    const REQUIRED_HEADERS: &'static [&'static str] = &["Privilege Name", "Privilege Value"];

    fn from_row(row: &Row<'_>) -> Result<Self, FieldError> {
        Ok(Entitlement {
            project: row.text("Project"),
            privilege_name: row.required_text("Privilege Name")?,
            privilege_value: row.parse_req("Privilege Value", parse_bool)?,
            identity_id: row.text("Identity ID"),
            username: row.text("Username"),
            name: row.text("Name"),
            connection: row.text("Connection"),
            connection_type: row.text("Connection Type"),
            resource: row.text("Resource"),
            resource_type: row.text("Resource Type"),
            employee_id: row.text("Employee ID"),
            labels: row.parse_opt("Labels", parse_json)?,
            identity_type: row.text("Identity Type"),
            connection_provider: row.text("Connection Provider"),
            connection_provider_type: row.text("Connection Provider Type"),
            metadata: row.parse_opt("Metadata", parse_json)?,
        })
    }

    fn to_row(&self) -> Vec<String> {
        vec![
            cell(self.project.as_ref()),
            self.privilege_name.clone(),
            format_bool(self.privilege_value, BoolCase::Lower).to_owned(),
            cell(self.identity_id.as_ref()),
            cell(self.username.as_ref()),
            cell(self.name.as_ref()),
            cell(self.connection.as_ref()),
            cell(self.connection_type.as_ref()),
            cell(self.resource.as_ref()),
            cell(self.resource_type.as_ref()),
            cell(self.employee_id.as_ref()),
            json_cell(self.labels.as_ref()),
            cell(self.identity_type.as_ref()),
            cell(self.connection_provider.as_ref()),
            cell(self.connection_provider_type.as_ref()),
            json_cell(self.metadata.as_ref()),
        ]
    }
}

impl Record for BusinessOwner {
    const FILE_NAME: &'static str = "business-owners.csv";
    const HEADERS: &'static [&'static str] = &[
        "Entity ID",
        "Entity Name",
        "Entity Type",
        "Source Type",
        "Integration ID",
        "Integration Name",
        "Integration Description",
        "Primary Owner Email",
        "Secondary Owners Emails",
    ];
    const REQUIRED_HEADERS: &'static [&'static str] = &[
        "Entity ID",
        "Entity Type",
        "Integration ID",
        "Primary Owner Email",
    ];

    /// Reads a row. `Secondary Owners Emails` is starred in the reference but an entity may
    /// have no secondary owner, so an empty cell is an empty list (inferred).
    fn from_row(row: &Row<'_>) -> Result<Self, FieldError> {
        Ok(BusinessOwner {
            entity_id: row.required_text("Entity ID")?,
            entity_name: row.text("Entity Name"),
            entity_type: row.parse_req("Entity Type", str::parse)?,
            source_type: row.text("Source Type"),
            integration_id: row.parse_req("Integration ID", str::parse)?,
            integration_name: row.text("Integration Name"),
            integration_description: row.text("Integration Description"),
            primary_owner_email: row.parse_req("Primary Owner Email", str::parse)?,
            secondary_owner_emails: row.list(
                "Secondary Owners Emails",
                ListStyle::Semicolon,
                str::parse::<WorkEmail>,
            )?,
        })
    }

    fn to_row(&self) -> Vec<String> {
        vec![
            self.entity_id.clone(),
            cell(self.entity_name.as_ref()),
            self.entity_type.to_string(),
            cell(self.source_type.as_ref()),
            self.integration_id.to_string(),
            cell(self.integration_name.as_ref()),
            cell(self.integration_description.as_ref()),
            self.primary_owner_email.to_string(),
            join_list(&self.secondary_owner_emails, ListStyle::Semicolon),
        ]
    }
}

impl Record for App {
    const FILE_NAME: &'static str = "apps.csv";
    const HEADERS: &'static [&'static str] = &[
        "Tenant ID",
        "Tenant Name",
        "Tenant Status",
        "Tenant Created At",
        "ID",
        "Name",
        "Description",
        "Logo",
    ];
    const REQUIRED_HEADERS: &'static [&'static str] = &[
        "Tenant ID",
        "Tenant Name",
        "Tenant Status",
        "Tenant Created At",
        "ID",
        "Name",
    ];

    fn from_row(row: &Row<'_>) -> Result<Self, FieldError> {
        Ok(App {
            tenant_id: row.required_text("Tenant ID")?,
            tenant_name: row.required_text("Tenant Name")?,
            tenant_status: row.required_text("Tenant Status")?,
            tenant_created_at: row.parse_req("Tenant Created At", parse_iso_date)?,
            id: row.parse_req("ID", str::parse)?,
            name: row.required_text("Name")?,
            description: row.text("Description"),
            logo: row.text("Logo"),
        })
    }

    fn to_row(&self) -> Vec<String> {
        vec![
            self.tenant_id.clone(),
            self.tenant_name.clone(),
            self.tenant_status.clone(),
            format_iso_date(self.tenant_created_at),
            self.id.to_string(),
            self.name.clone(),
            cell(self.description.as_ref()),
            cell(self.logo.as_ref()),
        ]
    }
}

impl Record for Admin {
    const FILE_NAME: &'static str = "admins.csv";
    const HEADERS: &'static [&'static str] = &["Email", "Is Employee"];
    const REQUIRED_HEADERS: &'static [&'static str] = &["Email"];

    /// Reads a row. An empty `Is Employee` is read as `false` (inferred) and written back as
    /// `false`.
    fn from_row(row: &Row<'_>) -> Result<Self, FieldError> {
        Ok(Admin {
            email: row.parse_req("Email", str::parse)?,
            is_employee: row.parse_opt("Is Employee", parse_bool)?.unwrap_or(false),
        })
    }

    fn to_row(&self) -> Vec<String> {
        vec![
            self.email.to_string(),
            format_bool(self.is_employee, BoolCase::Lower).to_owned(),
        ]
    }
}

impl Record for Integration {
    const FILE_NAME: &'static str = "integrations.csv";
    const HEADERS: &'static [&'static str] = &[
        "ID",
        "Name",
        "Description",
        "Last Run",
        "Status",
        "Primary Owner",
        "Message",
        "Metadata",
        "Reviewer Precedence",
        "Provisioning Options",
        "Extraction Options",
        "Reviewer Count",
        "Entity Request Values Templates",
        "Entity Request Values Defaults",
    ];
    const REQUIRED_HEADERS: &'static [&'static str] = &["ID", "Name", "Status"];

    fn from_row(row: &Row<'_>) -> Result<Self, FieldError> {
        Ok(Integration {
            id: row.parse_req("ID", str::parse)?,
            name: row.required_text("Name")?,
            description: row.text("Description"),
            last_run: row.parse_opt("Last Run", parse_rfc3339_utc)?,
            status: row.parse_req("Status", str::parse)?,
            primary_owner: row.parse_opt("Primary Owner", str::parse)?,
            message: row.text("Message"),
            metadata: row.parse_opt("Metadata", parse_json)?,
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
            self.id.to_string(),
            self.name.clone(),
            cell(self.description.as_ref()),
            self.last_run
                .as_ref()
                .map(format_rfc3339)
                .unwrap_or_default(),
            self.status.to_string(),
            cell(self.primary_owner.as_ref()),
            cell(self.message.as_ref()),
            json_cell(self.metadata.as_ref()),
            join_list(&self.reviewer_precedence, ListStyle::CommaSpace),
            json_cell(self.provisioning_options.as_ref()),
            json_cell(self.extraction_options.as_ref()),
            cell(self.reviewer_count.as_ref()),
            json_cell(self.entity_request_values_templates.as_ref()),
            json_cell(self.entity_request_values_defaults.as_ref()),
        ]
    }
}

impl Record for Credential {
    const FILE_NAME: &'static str = "credentials.csv";
    const HEADERS: &'static [&'static str] = &[
        "Credential ID",
        "Name",
        "Credential Type",
        "Status",
        "Identity BRN",
        "App",
        "Integration",
        "Source ID",
        "Created At",
        "Last Rotated At",
        "Last Used At",
        "Expires At",
        "Issuer",
        "Subject",
        "Audiences",
        "Metadata Version",
        "Metadata",
    ];
    const REQUIRED_HEADERS: &'static [&'static str] = &[
        "Credential ID",
        "Name",
        "Credential Type",
        "Status",
        "Identity BRN",
        "App",
        "Integration",
        "Created At",
    ];

    fn from_row(row: &Row<'_>) -> Result<Self, FieldError> {
        Ok(Credential {
            id: row.required_text("Credential ID")?,
            name: row.required_text("Name")?,
            credential_type: row.parse_req("Credential Type", str::parse)?,
            status: row.parse_req("Status", str::parse)?,
            identity_brn: row.parse_req("Identity BRN", str::parse)?,
            app: row.parse_req("App", str::parse)?,
            integration: row.parse_req("Integration", str::parse)?,
            source_id: row.text("Source ID"),
            created_at: row.parse_req("Created At", parse_rfc3339_utc)?,
            last_rotated_at: row.parse_opt("Last Rotated At", parse_rfc3339_utc)?,
            last_used_at: row.parse_opt("Last Used At", parse_rfc3339_utc)?,
            expires_at: row.parse_opt("Expires At", parse_rfc3339_utc)?,
            issuer: row.text("Issuer"),
            subject: row.text("Subject"),
            audiences: row.list("Audiences", ListStyle::CommaSpace, parse_text)?,
            metadata: row.versioned_json("Metadata Version", "Metadata")?,
        })
    }

    fn to_row(&self) -> Vec<String> {
        let [metadata_version, metadata] = versioned_cells(self.metadata.as_ref());
        vec![
            self.id.clone(),
            self.name.clone(),
            self.credential_type.to_string(),
            self.status.to_string(),
            self.identity_brn.to_string(),
            self.app.to_string(),
            self.integration.to_string(),
            cell(self.source_id.as_ref()),
            format_rfc3339(&self.created_at),
            self.last_rotated_at
                .as_ref()
                .map(format_rfc3339)
                .unwrap_or_default(),
            self.last_used_at
                .as_ref()
                .map(format_rfc3339)
                .unwrap_or_default(),
            self.expires_at
                .as_ref()
                .map(format_rfc3339)
                .unwrap_or_default(),
            cell(self.issuer.as_ref()),
            cell(self.subject.as_ref()),
            join_list(&self.audiences, ListStyle::CommaSpace),
            metadata_version,
            metadata,
        ]
    }
}

impl Record for Campaign {
    const FILE_NAME: &'static str = "campaigns.csv";
    const HEADERS: &'static [&'static str] = &[
        "ID",
        "Name",
        "Description",
        "Status",
        "Start Date",
        "End Date",
        "Percentage Completed",
        "Is Published",
        "Recurrence",
        "Escalation",
        "Escalation Date",
    ];
    const REQUIRED_HEADERS: &'static [&'static str] = &[
        "ID",
        "Name",
        "Status",
        "Start Date",
        "End Date",
        "Percentage Completed",
        "Is Published",
    ];

    /// Reads a row. The header stars `Recurrence`, `Escalation` and `Escalation Date` but the
    /// column definitions call them optional; they are read as optional.
    fn from_row(row: &Row<'_>) -> Result<Self, FieldError> {
        Ok(Campaign {
            id: row.parse_req("ID", str::parse)?,
            name: row.required_text("Name")?,
            description: row.text("Description"),
            status: row.parse_req("Status", str::parse)?,
            start_date: row.parse_req("Start Date", parse_iso_date)?,
            end_date: row.parse_req("End Date", parse_iso_date)?,
            percentage_completed: row.parse_req("Percentage Completed", parse_percent)?,
            is_published: row.parse_req("Is Published", parse_bool)?,
            recurrence: row.parse_opt("Recurrence", str::parse)?,
            escalation: row.parse_opt("Escalation", str::parse)?,
            escalation_date: row.parse_opt("Escalation Date", parse_iso_date)?,
        })
    }

    fn to_row(&self) -> Vec<String> {
        vec![
            self.id.to_string(),
            self.name.clone(),
            cell(self.description.as_ref()),
            self.status.to_string(),
            format_iso_date(self.start_date),
            format_iso_date(self.end_date),
            format_percent(self.percentage_completed),
            format_bool(self.is_published, BoolCase::Upper).to_owned(),
            cell(self.recurrence.as_ref()),
            cell(self.escalation.as_ref()),
            self.escalation_date
                .map(format_iso_date)
                .unwrap_or_default(),
        ]
    }
}

impl Record for ReviewItem {
    const FILE_NAME: &'static str = "reviews.csv";
    const HEADERS: &'static [&'static str] = &[
        "ID",
        "Permission Name",
        "Permission Value",
        "Resource",
        "Resource Type",
        "Identity ID",
        "Identity Type",
        "Identity Email",
        "Identity Username",
        "Identity Name",
        "Employee ID",
        "Employee Email",
        "Job Title",
        "Department",
        "Manager",
        "Employment Type",
        "Campaign Name",
        "Application Name",
        "Application Description",
        "Connection",
        "Connection Type",
        "Reviewer",
        "Reviewer ID",
        "Access Review Creation Date",
        "Access Review Completion Date",
        "Review Status",
        "Activity Log",
        "Review Type",
        "Labels Array",
        "Recommendation",
        "Purpose ID",
        "Employee ID For Purpose",
    ];
    const REQUIRED_HEADERS: &'static [&'static str] = &[
        "ID",
        "Permission Name",
        "Permission Value",
        "Identity Type",
        "Application Name",
        "Reviewer",
        "Reviewer ID",
        "Access Review Creation Date",
        "Review Status",
    ];

    /// Reads a row. `Campaign Name` is starred in the reference but empty for the review
    /// items of access requests, so it is read as optional (inferred).
    fn from_row(row: &Row<'_>) -> Result<Self, FieldError> {
        Ok(ReviewItem {
            id: row.required_text("ID")?,
            permission_name: row.required_text("Permission Name")?,
            permission_value: row.parse_req("Permission Value", parse_bool)?,
            resource: row.text("Resource"),
            resource_type: row.text("Resource Type"),
            identity_id: row.text("Identity ID"),
            identity_type: row.required_text("Identity Type")?,
            identity_email: row.text("Identity Email"),
            identity_username: row.text("Identity Username"),
            identity_name: row.text("Identity Name"),
            employee_id: row.text("Employee ID"),
            employee_email: row.parse_opt("Employee Email", str::parse)?,
            job_title: row.text("Job Title"),
            department: row.text("Department"),
            manager: row.text("Manager"),
            employment_type: row.text("Employment Type"),
            campaign_name: row.text("Campaign Name"),
            application_name: row.required_text("Application Name")?,
            application_description: row.text("Application Description"),
            connection: row.text("Connection"),
            connection_type: row.text("Connection Type"),
            reviewer: row.required_text("Reviewer")?,
            reviewer_id: row.parse_req("Reviewer ID", str::parse)?,
            created: row.parse_req("Access Review Creation Date", parse_iso_date)?,
            completed: row.parse_opt("Access Review Completion Date", parse_iso_date)?,
            status: row.parse_req("Review Status", str::parse)?,
            activity_log: row.parse_opt("Activity Log", parse_json)?,
            review_type: row.text("Review Type"),
            labels: row.parse_opt("Labels Array", parse_json)?,
            recommendation: row.parse_opt("Recommendation", parse_json)?,
            purpose_id: row.text("Purpose ID"),
            employee_id_for_purpose: row.text("Employee ID For Purpose"),
        })
    }

    fn to_row(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.permission_name.clone(),
            format_bool(self.permission_value, BoolCase::Upper).to_owned(),
            cell(self.resource.as_ref()),
            cell(self.resource_type.as_ref()),
            cell(self.identity_id.as_ref()),
            self.identity_type.clone(),
            cell(self.identity_email.as_ref()),
            cell(self.identity_username.as_ref()),
            cell(self.identity_name.as_ref()),
            cell(self.employee_id.as_ref()),
            cell(self.employee_email.as_ref()),
            cell(self.job_title.as_ref()),
            cell(self.department.as_ref()),
            cell(self.manager.as_ref()),
            cell(self.employment_type.as_ref()),
            cell(self.campaign_name.as_ref()),
            self.application_name.clone(),
            cell(self.application_description.as_ref()),
            cell(self.connection.as_ref()),
            cell(self.connection_type.as_ref()),
            self.reviewer.clone(),
            self.reviewer_id.to_string(),
            format_iso_date(self.created),
            self.completed.map(format_iso_date).unwrap_or_default(),
            self.status.to_string(),
            json_cell(self.activity_log.as_ref()),
            cell(self.review_type.as_ref()),
            json_cell(self.labels.as_ref()),
            json_cell(self.recommendation.as_ref()),
            cell(self.purpose_id.as_ref()),
            cell(self.employee_id_for_purpose.as_ref()),
        ]
    }
}

impl Record for AccessRequest {
    const FILE_NAME: &'static str = "requests.csv";
    const HEADERS: &'static [&'static str] = &[
        "Request ID",
        "Requester",
        "Username",
        "Work Email",
        "Reference",
        "Duration",
        "Expiration Date",
        "Provision Date",
        "Source",
        "Source ID",
        "Request Type",
        "App ID",
        "Connection",
        "Connection Type",
        "Resource",
        "Resource Type",
        "Privilege Name",
        "Privilege Value",
        "Type",
        "Metadata",
        "Scheduled Date",
        "Entity Review ID",
        "Purpose ID",
        "Purpose Review ID",
    ];
    const REQUIRED_HEADERS: &'static [&'static str] = &[
        "Request ID",
        "Requester",
        "Username",
        "Work Email",
        "Type",
        "Metadata",
    ];

    /// Reads a row. `Metadata` is starred, but an empty cell is read as JSON `null` and
    /// written back empty rather than failing the whole file (inferred).
    fn from_row(row: &Row<'_>) -> Result<Self, FieldError> {
        Ok(AccessRequest {
            request_id: row.required_text("Request ID")?,
            requester: row.parse_req("Requester", str::parse)?,
            username: row.required_text("Username")?,
            work_email: row.parse_req("Work Email", str::parse)?,
            reference: row.text("Reference"),
            duration: row.parse_opt("Duration", str::parse::<RequestDuration>)?,
            expiration_date: row.parse_opt("Expiration Date", parse_naive_datetime)?,
            provision_date: row.parse_opt("Provision Date", parse_naive_datetime)?,
            source: row.text("Source"),
            source_id: row.text("Source ID"),
            request_type: row.parse_opt("Request Type", str::parse)?,
            app_id: row.text("App ID"),
            connection: row.text("Connection"),
            connection_type: row.text("Connection Type"),
            resource: row.text("Resource"),
            resource_type: row.text("Resource Type"),
            privilege_name: row.text("Privilege Name"),
            privilege_value: row.parse_opt("Privilege Value", parse_bool)?,
            kind: row.parse_req("Type", str::parse)?,
            metadata: row
                .parse_opt("Metadata", parse_json)?
                .unwrap_or(serde_json::Value::Null),
            scheduled_date: row.parse_opt("Scheduled Date", parse_naive_datetime)?,
            entity_review_id: row.text("Entity Review ID"),
            purpose_id: row.text("Purpose ID"),
            purpose_review_id: row.text("Purpose Review ID"),
        })
    }

    fn to_row(&self) -> Vec<String> {
        let metadata = match &self.metadata {
            serde_json::Value::Null => String::new(),
            other => values::format_json(other),
        };
        vec![
            self.request_id.clone(),
            self.requester.to_string(),
            self.username.clone(),
            self.work_email.to_string(),
            cell(self.reference.as_ref()),
            cell(self.duration.as_ref()),
            self.expiration_date
                .map(format_naive_datetime)
                .unwrap_or_default(),
            self.provision_date
                .map(format_naive_datetime)
                .unwrap_or_default(),
            cell(self.source.as_ref()),
            cell(self.source_id.as_ref()),
            cell(self.request_type.as_ref()),
            cell(self.app_id.as_ref()),
            cell(self.connection.as_ref()),
            cell(self.connection_type.as_ref()),
            cell(self.resource.as_ref()),
            cell(self.resource_type.as_ref()),
            cell(self.privilege_name.as_ref()),
            self.privilege_value
                .map(|v| format_bool(v, BoolCase::Lower).to_owned())
                .unwrap_or_default(),
            self.kind.to_string(),
            metadata,
            self.scheduled_date
                .map(format_naive_datetime)
                .unwrap_or_default(),
            cell(self.entity_review_id.as_ref()),
            cell(self.purpose_id.as_ref()),
            cell(self.purpose_review_id.as_ref()),
        ]
    }
}

impl Record for Purpose {
    const FILE_NAME: &'static str = "purposes.csv";
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
        "Entity BRNs",
    ];
    const REQUIRED_HEADERS: &'static [&'static str] = &["BRN", "Purpose Name", "Description"];

    fn from_row(row: &Row<'_>) -> Result<Self, FieldError> {
        Ok(Purpose {
            brn: row.parse_req("BRN", str::parse)?,
            name: row.required_text("Purpose Name")?,
            description: row.required_text("Description")?,
            pre_expiry_notification: row.parse_opt("Pre-Expiry Notification", str::parse)?,
            department: row.text("Department"),
            job_title: row.text("Job Title"),
            team: row.text("Team"),
            owner: row.parse_opt("Owner", str::parse)?,
            birthright: row.parse_opt("Birthright", str::parse)?,
            entity_brns: row.list("Entity BRNs", ListStyle::CommaSpace, str::parse::<Brn>)?,
        })
    }

    fn to_row(&self) -> Vec<String> {
        vec![
            self.brn.to_string(),
            self.name.clone(),
            self.description.clone(),
            cell(self.pre_expiry_notification.as_ref()),
            cell(self.department.as_ref()),
            cell(self.job_title.as_ref()),
            cell(self.team.as_ref()),
            cell(self.owner.as_ref()),
            cell(self.birthright.as_ref()),
            join_list(&self.entity_brns, ListStyle::CommaSpace),
        ]
    }
}

impl Record for Finding {
    const FILE_NAME: &'static str = "findings.csv";
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
        "Rule",
        "Assigned To",
        "Workflow Status",
        "Created At",
        "Updated At",
        "Activity Log",
    ];
    const REQUIRED_HEADERS: &'static [&'static str] = &["ID"];

    fn from_row(row: &Row<'_>) -> Result<Self, FieldError> {
        Ok(Finding {
            id: row.required_text("ID")?,
            employee: row.text("Employee"),
            identity: row.text("Identity"),
            labels: row.parse_opt("Labels", parse_json)?,
            integration: row.text("Integration"),
            name: row.text("Name"),
            description: row.text("Description"),
            value: row.text("Value"),
            metadata: row.parse_opt("Metadata", parse_json)?,
            reason: row.text("Reason"),
            rule: row.text("Rule"),
            assigned_to: row.text("Assigned To"),
            workflow_status: row.parse_opt("Workflow Status", str::parse)?,
            created_at: row.parse_opt("Created At", parse_rfc3339_utc)?,
            updated_at: row.parse_opt("Updated At", parse_rfc3339_utc)?,
            activity_log: row.parse_opt("Activity Log", parse_json)?,
        })
    }

    fn to_row(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            cell(self.employee.as_ref()),
            cell(self.identity.as_ref()),
            json_cell(self.labels.as_ref()),
            cell(self.integration.as_ref()),
            cell(self.name.as_ref()),
            cell(self.description.as_ref()),
            cell(self.value.as_ref()),
            json_cell(self.metadata.as_ref()),
            cell(self.reason.as_ref()),
            cell(self.rule.as_ref()),
            cell(self.assigned_to.as_ref()),
            cell(self.workflow_status.as_ref()),
            self.created_at
                .as_ref()
                .map(format_rfc3339)
                .unwrap_or_default(),
            self.updated_at
                .as_ref()
                .map(format_rfc3339)
                .unwrap_or_default(),
            json_cell(self.activity_log.as_ref()),
        ]
    }
}

/// A required Go `time.String()` timestamp; Go's zero time counts as empty.
fn required_go_time(
    row: &Row<'_>,
    column: &str,
) -> Result<chrono::DateTime<chrono::Utc>, FieldError> {
    let timestamp = row.parse_req(column, parse_go_time)?;
    timestamp.ok_or_else(|| FieldError::new(column, "is required but holds Go's zero time"))
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone, Utc};
    use serde_json::json;

    use super::*;
    use crate::csv::tests::{reference, round_trip};
    use crate::model::{
        Birthright, CampaignStatus, CredentialStatus, CredentialType, EntityType,
        IntegrationStatus, RelationType, RequestKind, RequestType, ReviewStatus, ReviewerKind,
        Role, SnapshotFile, VersionedJson, WorkflowStatus,
    };
    use crate::values::GoDuration;

    const IDENTITY_BRN: &str = "brn:bid:balkanid:::01HWBCYJA11R3AA48K5V0DVM00:identity:\
                                04giq7jlHzhHyZ-cOvAn4Fn2dNc3bjqZrK4ufzx19Q0";
    const CONNECTION_BRN: &str = "brn:bid:balkanid:::01J06J6V8JT92BP4RGFDTG5G97:connection:\
                                  -HebVJVI8ca3kmd0FMm9t5hXMmsv4Ygc54hW2u7KQdg";

    fn date(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    fn email(text: &str) -> WorkEmail {
        text.parse().unwrap()
    }

    #[test]
    fn file_names_are_the_snapshot_file_names() {
        let cases = [
            (SnapshotFile::Apps, App::FILE_NAME),
            (SnapshotFile::Admins, Admin::FILE_NAME),
            (SnapshotFile::Integrations, Integration::FILE_NAME),
            (SnapshotFile::Employees, Employee::FILE_NAME),
            (SnapshotFile::Entities, Entity::FILE_NAME),
            (SnapshotFile::EntityRelations, EntityRelation::FILE_NAME),
            (SnapshotFile::Relations, Relation::FILE_NAME),
            (SnapshotFile::Entitlements, Entitlement::FILE_NAME),
            (SnapshotFile::BusinessOwners, BusinessOwner::FILE_NAME),
            (SnapshotFile::Credentials, Credential::FILE_NAME),
            (SnapshotFile::Campaigns, Campaign::FILE_NAME),
            (SnapshotFile::Reviews, ReviewItem::FILE_NAME),
            (SnapshotFile::Requests, AccessRequest::FILE_NAME),
            (SnapshotFile::Purposes, Purpose::FILE_NAME),
            (SnapshotFile::Findings, Finding::FILE_NAME),
        ];
        assert_eq!(cases.len(), SnapshotFile::ALL.len());
        for (file, name) in cases {
            assert_eq!(file.file_name(), name);
        }
    }

    #[test]
    fn apps_sample_parses_and_round_trips() {
        let apps: Vec<App> = round_trip(reference::APPS);
        let [app] = apps.as_slice() else {
            panic!("one row expected")
        };
        assert_eq!(app.tenant_id, "01XB");
        assert_eq!(app.tenant_name, "default");
        assert_eq!(app.tenant_status, "active");
        assert_eq!(app.tenant_created_at, date(2022, 1, 11));
        assert_eq!(app.id.as_str(), "aws");
        assert_eq!(app.name, "Amazon Web Services");
        assert_eq!(app.description.as_deref(), Some("Cloud computing platform"));
        assert_eq!(app.logo.as_deref(), Some("https://logo_link/"));
    }

    #[test]
    fn admins_sample_parses_and_round_trips() {
        let admins: Vec<Admin> = round_trip(reference::ADMINS);
        assert_eq!(
            admins,
            [Admin {
                email: email("mark@example.com"),
                is_employee: true
            }]
        );
    }

    #[test]
    fn business_owners_sample_splits_secondary_owners_on_semicolons() {
        let owners: Vec<BusinessOwner> = round_trip(reference::BUSINESS_OWNERS);
        let [owner] = owners.as_slice() else {
            panic!("one row expected")
        };
        assert_eq!(
            owner.entity_id,
            "0E4q6UXcQRZBrIF66lQRC9cCN7NRvRROXAWqwDUx6Zg"
        );
        assert_eq!(owner.entity_name.as_deref(), Some("Accounts"));
        assert_eq!(owner.entity_type, EntityType::Connection);
        assert_eq!(owner.source_type.as_deref(), Some("group"));
        assert_eq!(
            owner.integration_id.to_string(),
            "google/01JH0F7KETDT9ER6JKBK3JB1K9"
        );
        assert_eq!(owner.integration_name.as_deref(), Some("Test"));
        assert_eq!(owner.primary_owner_email, email("owner@example.com"));
        assert_eq!(
            owner.secondary_owner_emails,
            [
                email("secondary1@example.com"),
                email("secondary2@example.com")
            ]
        );
    }

    #[test]
    fn campaigns_sample_parses_and_round_trips() {
        let campaigns: Vec<Campaign> = round_trip(reference::CAMPAIGNS);
        let [sample, draft, completed] = campaigns.as_slice() else {
            panic!("three rows")
        };

        assert_eq!(sample.id.to_string(), "01HA02R3KH676CD9XHZAY8SCDZ");
        assert_eq!(sample.name, "Test campaign");
        assert_eq!(
            sample.description.as_deref(),
            Some("This is a test campaign")
        );
        assert_eq!(sample.status, CampaignStatus::Pending);
        assert_eq!(sample.start_date, date(2023, 9, 7));
        assert_eq!(sample.end_date, date(2023, 9, 26));
        assert_eq!(sample.percentage_completed, 35.24);
        assert!(!sample.is_published);
        let recurrence = sample.recurrence.as_ref().unwrap();
        assert_eq!(recurrence.frequency(), "MONTHLY");
        assert_eq!(recurrence.part("BYDAY"), Some("+1MO"));
        assert_eq!(sample.escalation, Some(GoDuration::from_hours(168)));
        assert_eq!(sample.escalation_date, Some(date(2024, 5, 23)));

        assert_eq!(draft.status, CampaignStatus::Draft);
        assert_eq!(draft.description, None);
        assert_eq!(draft.percentage_completed, 0.0);
        assert_eq!(
            (
                draft.recurrence.clone(),
                draft.escalation,
                draft.escalation_date
            ),
            (None, None, None)
        );
        assert_eq!(completed.status, CampaignStatus::Completed);
        assert_eq!(completed.percentage_completed, 100.0);
        assert!(completed.is_published);
    }

    #[test]
    fn employees_sample_parses_and_round_trips() {
        let employees: Vec<Employee> = round_trip(reference::EMPLOYEES);
        let [zoe, mark] = employees.as_slice() else {
            panic!("two rows expected")
        };

        assert_eq!(zoe.employee_id.as_deref(), Some("E1001"));
        assert_eq!(zoe.full_name.as_deref(), Some("Zoë Ångström"));
        assert_eq!(zoe.first_name.as_deref(), Some("Zoë"));
        assert_eq!(zoe.last_name.as_deref(), Some("Ångström"));
        assert_eq!(zoe.work_email, email("zoe.angstrom@example.com"));
        assert_eq!(zoe.department.as_deref(), Some("Engineering"));
        assert_eq!(zoe.title.as_deref(), Some("Software Engineer"));
        assert_eq!(zoe.start_date, date(2021, 1, 21));
        assert_eq!(zoe.end_date, None);
        assert_eq!(zoe.employment_type.as_deref(), Some("Full-time"));
        assert_eq!(zoe.manager.as_deref(), Some("Jane Doe"));
        assert_eq!(zoe.manager_work_email, Some(email("jane.doe@example.com")));
        assert_eq!(zoe.source_employee_id.as_deref(), Some("HR-1001"));
        assert_eq!(zoe.roles, [Role::Reviewer, Role::RiskManager]);
        let metadata = VersionedJson::new(
            "v1",
            json!({"location": {"address": "Stockholm"}, "manager id": "E1000"}),
        );
        assert_eq!(zoe.metadata, Some(metadata));

        assert_eq!(mark.full_name, None);
        assert_eq!(mark.display_name(), "Mark Lee");
        assert_eq!(mark.work_email.as_str(), "Mark.Lee@Example.com");
        assert_eq!(mark.start_date, date(2020, 3, 2));
        assert_eq!(mark.end_date, Some(date(2023, 11, 30)));
        assert!(mark.roles.is_empty());
        assert_eq!(mark.metadata, None);
    }

    #[test]
    fn entities_sample_parses_and_round_trips() {
        let entities: Vec<Entity> = round_trip(reference::ENTITIES);
        let [identity, group] = entities.as_slice() else {
            panic!("two rows expected")
        };

        assert_eq!(identity.brn.to_string(), IDENTITY_BRN);
        assert_eq!(
            identity.timestamp,
            Utc.with_ymd_and_hms(2024, 4, 27, 6, 33, 31).unwrap()
        );
        assert_eq!(identity.app.as_str(), "azure");
        assert_eq!(
            identity.integration.to_string(),
            "azure/01J06J6V8JT92BP4RGFDTG5G97"
        );
        assert_eq!(identity.name, "Aaron Chen");
        assert_eq!(identity.entity_type, EntityType::Identity);
        assert_eq!(identity.source_system, "azure");
        assert_eq!(identity.source_id, "63c16f61-5d2e-4c1b-9a7e-0c4f8b2d1e90");
        assert_eq!(identity.source_type, "user");
        let metadata = identity.metadata.as_ref().unwrap();
        assert_eq!(metadata.version, "v1");
        assert_eq!(
            metadata.str_field("username"),
            Some("aaron.chen@example.com")
        );
        assert_eq!(
            metadata.str_field("lastPasswordChange"),
            Some("2023-12-14 04:50:34 +0000 UTC")
        );

        let view = identity
            .identity_view(|text| crate::values::parse_go_time(text).ok().flatten())
            .unwrap();
        let changed = Utc.with_ymd_and_hms(2023, 12, 14, 4, 50, 34).unwrap();
        assert_eq!(view.last_password_change, Some(changed));

        assert_eq!(group.entity_type, EntityType::Connection);
        assert_eq!(group.source_type, "group");
        assert_eq!(group.metadata, None);
    }

    #[test]
    fn entity_relations_sample_parses_and_round_trips() {
        let relations: Vec<EntityRelation> = round_trip(reference::ENTITY_RELATIONS);
        let [relation] = relations.as_slice() else {
            panic!("one row expected")
        };
        assert_eq!(relation.app.as_str(), "okta");
        assert_eq!(
            relation.integration.to_string(),
            "okta/01J07X778EK4BH2M2A1VY4HCYF"
        );
        assert_eq!(relation.parent_brn.to_string(), IDENTITY_BRN);
        assert_eq!(relation.entity_brn.to_string(), CONNECTION_BRN);
        assert_eq!(relation.entity_type, EntityType::Connection);
        assert_eq!(relation.source_system, "okta");
        let expected = json!({
            "project": "https://your-org.okta.com",
            "privilegeName": "member",
            "privilegeValue": true,
            "connectionType": "group",
        });
        assert_eq!(relation.metadata, Some(VersionedJson::new("v1", expected)));
    }

    #[test]
    fn entitlements_sample_parses_and_round_trips() {
        let entitlements: Vec<Entitlement> = round_trip(reference::ENTITLEMENTS);
        let [member, deny] = entitlements.as_slice() else {
            panic!("two rows expected")
        };

        assert_eq!(member.project.as_deref(), Some("default"));
        assert_eq!(member.privilege_name, "member");
        assert!(member.privilege_value);
        assert_eq!(member.identity_id.as_deref(), Some("email/5f2b9c"));
        assert_eq!(member.connection.as_deref(), Some("Engineering"));
        assert_eq!(member.connection_type.as_deref(), Some("group"));
        assert_eq!(member.resource, None);
        assert_eq!(member.employee_id.as_deref(), Some("E1001"));
        let labels = member.labels.as_ref().unwrap();
        assert_eq!(labels[0]["key"], "entitlement/privileged");
        assert_eq!(labels[0]["value"]["text"], "Privileged");
        assert_eq!(labels[0]["version"], "20220726");
        assert_eq!(member.identity_type.as_deref(), Some("employee"));
        assert_eq!(member.connection_provider.as_deref(), Some("okta"));
        assert_eq!(member.metadata, None);

        assert_eq!(deny.project, None);
        assert!(!deny.privilege_value);
        assert_eq!(deny.resource.as_deref(), Some("repo/payments"));
        assert_eq!(deny.resource_type.as_deref(), Some("repository"));
        assert_eq!(deny.metadata, Some(json!({"note": "explicit deny"})));
    }

    #[test]
    fn integrations_sample_parses_and_round_trips() {
        let integrations: Vec<Integration> = round_trip(reference::INTEGRATIONS);
        let [okta, aws] = integrations.as_slice() else {
            panic!("two rows expected")
        };

        assert_eq!(okta.id.to_string(), "okta/01J07X778EK4BH2M2A1VY4HCYF");
        assert_eq!(okta.name, "Okta");
        assert_eq!(
            okta.last_run,
            Some(Utc.with_ymd_and_hms(2021, 7, 26, 18, 0, 0).unwrap())
        );
        assert_eq!(okta.status, IntegrationStatus::Active);
        assert_eq!(okta.primary_owner, Some(email("owner@example.com")));
        assert_eq!(okta.message.as_deref(), Some("Data Available"));
        let secrets = okta.metadata.as_ref().unwrap();
        assert_eq!(secrets[1]["key"], "client_secret");
        assert_eq!(secrets[1]["type"], "secret");
        assert_eq!(
            okta.reviewer_precedence,
            [
                ReviewerKind::Manager,
                ReviewerKind::PrimaryOwner,
                ReviewerKind::RiskManager
            ]
        );
        assert_eq!(okta.provisioning_options.as_ref().unwrap()["scim"], true);
        assert_eq!(
            okta.extraction_options.as_ref().unwrap()["direct_configuration"],
            true
        );
        assert_eq!(okta.reviewer_count, Some(1));
        assert_eq!(okta.entity_request_values_templates, None);

        assert_eq!(aws.id.to_string(), "aws/234");
        assert_eq!(aws.status, IntegrationStatus::Inactive);
        assert_eq!(aws.message.as_deref(), Some("1 error occured"));
        assert_eq!(aws.last_run, None);
        assert!(aws.reviewer_precedence.is_empty());
    }

    #[test]
    fn relations_sample_parses_and_round_trips() {
        let relations: Vec<Relation> = round_trip(reference::RELATIONS);
        let [is, owns, unmapped] = relations.as_slice() else {
            panic!("three rows")
        };

        assert_eq!(is.identity_id, "email/5f2b9c");
        assert_eq!(is.username, "aaron.chen");
        assert_eq!(is.identity_email.as_deref(), Some("aaron.chen@example.com"));
        assert_eq!(is.app_id, "okta");
        assert_eq!(is.relation_type, Some(RelationType::Is));
        assert_eq!(is.employee_email, Some(email("aaron.chen@example.com")));
        assert_eq!(is.employee_job_title.as_deref(), Some("Software Engineer"));

        assert_eq!(owns.relation_type, Some(RelationType::Owns));
        assert_eq!(owns.identity_email, None);
        assert_eq!(owns.employee_email, Some(email("jane.doe@example.com")));

        assert_eq!(unmapped.relation_type, None);
        assert_eq!(unmapped.employee_email, None);
    }

    #[test]
    fn relation_types_in_lower_case_are_written_in_upper_case() {
        // The reference's samples write `is` and `owns`; the documented values are upper case.
        let text = "Identity ID,Username,Identity name,App ID,App Name,Relation type\n\
                    id/1,bot,Bot,github,GitHub,owns\n";
        let relations: Vec<Relation> = crate::csv::read_all(text.as_bytes()).unwrap();
        assert_eq!(relations[0].relation_type, Some(RelationType::Owns));
        let written = String::from_utf8(crate::csv::write_all(&relations).unwrap()).unwrap();
        assert!(
            written.ends_with("\nid/1,bot,,Bot,github,GitHub,,OWNS,,,,\n"),
            "{written}"
        );
    }

    #[test]
    fn credentials_sample_parses_and_round_trips() {
        let credentials: Vec<Credential> = round_trip(reference::CREDENTIALS);
        let [key, federated] = credentials.as_slice() else {
            panic!("two rows expected")
        };

        assert_eq!(key.id, "cred-0001");
        assert_eq!(key.credential_type, CredentialType::AccessKey);
        assert_eq!(key.status, CredentialStatus::Expired);
        assert_eq!(key.identity_brn.to_string(), IDENTITY_BRN);
        assert_eq!(key.app.as_str(), "aws");
        assert_eq!(key.source_id.as_deref(), Some("AKIAEXAMPLE0001"));
        assert_eq!(
            key.created_at,
            Utc.with_ymd_and_hms(2023, 1, 5, 10, 0, 0).unwrap()
        );
        assert_eq!(key.last_rotated_at, None);
        assert_eq!(
            key.last_used_at,
            Some(Utc.with_ymd_and_hms(2024, 3, 1, 8, 15, 0).unwrap())
        );
        assert_eq!(
            key.expires_at,
            Some(Utc.with_ymd_and_hms(2024, 1, 5, 10, 0, 0).unwrap())
        );
        assert!(key.audiences.is_empty());
        assert_eq!(key.metadata, None);

        assert_eq!(federated.credential_type, CredentialType::FederatedIdentity);
        assert_eq!(federated.expires_at, None);
        assert_eq!(
            federated.issuer.as_deref(),
            Some("https://token.actions.githubusercontent.com")
        );
        assert_eq!(
            federated.subject.as_deref(),
            Some("repo:acme/*:ref:refs/heads/main")
        );
        assert_eq!(
            federated.audiences,
            ["api://AzureADTokenExchange", "api://acme-deploy"]
        );
        let metadata = VersionedJson::new("v1", json!({"environment": "production"}));
        assert_eq!(federated.metadata, Some(metadata));
    }

    #[test]
    fn reviews_sample_parses_and_round_trips() {
        let reviews: Vec<ReviewItem> = round_trip(reference::REVIEWS);
        let [item] = reviews.as_slice() else {
            panic!("one row expected")
        };

        assert_eq!(item.id, "01HB3F0000000000000000000A");
        assert_eq!(item.permission_name, "member");
        assert!(item.permission_value);
        assert_eq!(item.identity_type, "employee");
        assert_eq!(item.employee_email, Some(email("aaron.chen@example.com")));
        assert_eq!(item.campaign_name.as_deref(), Some("Test campaign"));
        assert_eq!(item.application_name, "Okta");
        assert_eq!(item.connection.as_deref(), Some("Engineering"));
        assert_eq!(item.reviewer, "Jane Doe");
        assert_eq!(item.reviewer_id, email("jane.doe@example.com"));
        assert_eq!(item.created, date(2023, 8, 29));
        assert_eq!(item.completed, None);
        assert_eq!(item.status, ReviewStatus::Overdue);
        let log = item.activity_log.as_ref().unwrap();
        assert_eq!(log[0]["Previous Status"], "created");
        assert_eq!(log[0]["Status"], "started");
        assert_eq!(log[0]["Timestamp"], "2023-08-29T14:46:36+00:00");
        assert_eq!(item.review_type.as_deref(), Some("manager"));
        assert_eq!(item.labels, None);
        assert_eq!(item.recommendation.as_ref().unwrap()["value"], "approve");
        assert_eq!(item.purpose_id, None);
    }

    #[test]
    fn requests_sample_parses_and_round_trips() {
        let requests: Vec<AccessRequest> = round_trip(reference::REQUESTS);
        let [grant, revoke] = requests.as_slice() else {
            panic!("two rows expected")
        };

        assert_eq!(grant.request_id, "01HC7Q0000000000000000000R");
        assert_eq!(grant.requester, email("jane.doe@example.com"));
        assert_eq!(grant.username, "aaron.chen");
        assert_eq!(grant.work_email, email("aaron.chen@example.com"));
        assert_eq!(
            grant.duration,
            Some(RequestDuration::For(GoDuration::from_seconds(900)))
        );
        let expires = date(2023, 9, 22).and_hms_opt(18, 30, 0).unwrap();
        assert_eq!(grant.expiration_date, Some(expires));
        assert_eq!(
            grant.provision_date,
            Some(date(2023, 9, 22).and_hms_opt(18, 15, 0).unwrap())
        );
        assert_eq!(grant.source.as_deref(), Some("jira"));
        assert_eq!(grant.source_id.as_deref(), Some("EN-123456"));
        assert_eq!(grant.request_type, Some(RequestType::Grant));
        assert_eq!(grant.privilege_value, Some(true));
        assert_eq!(grant.kind, RequestKind::EmployeeRequest);
        assert_eq!(grant.reason(), Some("on-call"));
        assert_eq!(grant.metadata["reference_type"], "employee");
        assert_eq!(
            grant.entity_review_id.as_deref(),
            Some("01HB3F0000000000000000000A")
        );

        assert_eq!(revoke.duration, Some(RequestDuration::Permanent));
        assert_eq!(revoke.request_type, Some(RequestType::Revoke));
        assert_eq!(revoke.privilege_value, None);
        assert_eq!(revoke.metadata, json!({}));
    }

    #[test]
    fn purposes_sample_parses_and_round_trips() {
        let purposes: Vec<Purpose> = round_trip(reference::PURPOSES);
        let [purpose] = purposes.as_slice() else {
            panic!("one row expected")
        };
        assert_eq!(purpose.brn.kind(), "purpose");
        assert_eq!(purpose.brn.id(), "01JH1JR91K9N91Z04PHK2201WR");
        assert_eq!(purpose.name, "Production on-call");
        assert_eq!(
            purpose.pre_expiry_notification,
            Some(GoDuration::from_hours(168))
        );
        assert_eq!(purpose.team.as_deref(), Some("Platform"));
        assert_eq!(purpose.owner, Some(email("owner@example.com")));
        assert_eq!(purpose.birthright, Some(Birthright::Team));
        let brns: Vec<String> = purpose
            .entity_brns
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(brns, [IDENTITY_BRN, CONNECTION_BRN]);
    }

    #[test]
    fn findings_sample_parses_and_round_trips() {
        let findings: Vec<Finding> = round_trip(reference::FINDINGS);
        let [finding] = findings.as_slice() else {
            panic!("one row expected")
        };
        assert_eq!(finding.id, "f-0001");
        assert_eq!(finding.employee.as_deref(), Some("mark.lee@example.com"));
        let labels = finding.labels.as_ref().unwrap();
        assert_eq!(labels[0][0]["key"], "employee/terminated");
        assert_eq!(
            labels[0][0]["explanation"]["termination_date"],
            "2023-12-25"
        );
        assert_eq!(finding.value.as_deref(), Some("true"));
        assert_eq!(finding.metadata, None);
        assert_eq!(finding.workflow_status, Some(WorkflowStatus::Started));
        let created = Utc.with_ymd_and_hms(2024, 2, 28, 12, 32, 16).unwrap()
            + chrono::TimeDelta::microseconds(235_468);
        assert_eq!(finding.created_at, Some(created));
        let log = finding.activity_log.as_ref().unwrap();
        assert_eq!(log[0]["Activity Metadata"][0][0]["action"], "accept_risk");
    }
}
