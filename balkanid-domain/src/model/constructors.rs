//! Constructors for the model types, for code outside this crate (generators, the SDK, tests).
//!
//! The model structs are `#[non_exhaustive]`, so other crates cannot build them with struct
//! literals. Each constructor here takes the fields a row cannot do without and leaves every
//! optional field empty; the fields are public, so callers fill in the rest afterwards.

use chrono::{DateTime, NaiveDate, Utc};

use crate::ids::{AppId, Brn, IntegrationId, Ulid, WorkEmail};
use crate::model::{
    AccessRequest, Admin, App, BusinessOwner, Campaign, CampaignStatus, Credential,
    CredentialStatus, CredentialType, Entitlement, Entity, EntityRelation, EntityType, Finding,
    Integration, IntegrationStatus, Manifest, Purpose, Relation, RequestKind, ReviewItem,
    ReviewStatus,
};

impl Entity {
    /// An entity reported by `integration`, whose `App` and `Source System` are the
    /// integration's app, with no metadata.
    pub fn new(
        brn: Brn,
        timestamp: DateTime<Utc>,
        integration: IntegrationId,
        name: impl Into<String>,
        entity_type: EntityType,
        source_id: impl Into<String>,
        source_type: impl Into<String>,
    ) -> Self {
        let app = integration.app().clone();
        Entity {
            brn,
            timestamp,
            source_system: app.as_str().to_owned(),
            app,
            integration,
            name: name.into(),
            entity_type,
            source_id: source_id.into(),
            source_type: source_type.into(),
            metadata: None,
        }
    }
}

impl EntityRelation {
    /// An edge from `parent_brn` to `entity_brn` reported by `integration`, whose `App` and
    /// `Source System` are the integration's app, with no metadata.
    pub fn new(
        integration: IntegrationId,
        timestamp: DateTime<Utc>,
        parent_brn: Brn,
        entity_brn: Brn,
        entity_type: EntityType,
    ) -> Self {
        let app = integration.app().clone();
        EntityRelation {
            source_system: app.as_str().to_owned(),
            app,
            timestamp,
            integration,
            parent_brn,
            entity_brn,
            entity_type,
            metadata: None,
        }
    }
}

impl Entitlement {
    /// An entitlement naming only its privilege.
    pub fn new(privilege_name: impl Into<String>, privilege_value: bool) -> Self {
        Entitlement {
            project: None,
            privilege_name: privilege_name.into(),
            privilege_value,
            identity_id: None,
            username: None,
            name: None,
            connection: None,
            connection_type: None,
            resource: None,
            resource_type: None,
            employee_id: None,
            labels: None,
            identity_type: None,
            connection_provider: None,
            connection_provider_type: None,
            metadata: None,
        }
    }
}

impl BusinessOwner {
    /// The primary owner of one connection or resource, with no secondary owners.
    pub fn new(
        entity_id: impl Into<String>,
        entity_type: EntityType,
        integration_id: IntegrationId,
        primary_owner_email: WorkEmail,
    ) -> Self {
        BusinessOwner {
            entity_id: entity_id.into(),
            entity_name: None,
            entity_type,
            source_type: None,
            integration_id,
            integration_name: None,
            integration_description: None,
            primary_owner_email,
            secondary_owner_emails: Vec::new(),
        }
    }
}

impl App {
    /// An app of a tenant's catalogue, with no description or logo.
    pub fn new(
        tenant_id: impl Into<String>,
        tenant_name: impl Into<String>,
        tenant_status: impl Into<String>,
        tenant_created_at: NaiveDate,
        id: AppId,
        name: impl Into<String>,
    ) -> Self {
        App {
            tenant_id: tenant_id.into(),
            tenant_name: tenant_name.into(),
            tenant_status: tenant_status.into(),
            tenant_created_at,
            id,
            name: name.into(),
            description: None,
            logo: None,
        }
    }
}

impl Admin {
    /// An administrator.
    pub fn new(email: WorkEmail, is_employee: bool) -> Self {
        Admin { email, is_employee }
    }
}

impl Integration {
    /// An integration with only its id, name and status.
    pub fn new(id: IntegrationId, name: impl Into<String>, status: IntegrationStatus) -> Self {
        Integration {
            id,
            name: name.into(),
            description: None,
            last_run: None,
            status,
            primary_owner: None,
            message: None,
            metadata: None,
            reviewer_precedence: Vec::new(),
            provisioning_options: None,
            extraction_options: None,
            reviewer_count: None,
            entity_request_values_templates: None,
            entity_request_values_defaults: None,
        }
    }
}

impl Campaign {
    /// A campaign 0 % complete, published unless its status is draft, with no recurrence or
    /// escalation.
    pub fn new(
        id: Ulid,
        name: impl Into<String>,
        status: CampaignStatus,
        start_date: NaiveDate,
        end_date: NaiveDate,
    ) -> Self {
        let is_published = status != CampaignStatus::Draft;
        Campaign {
            id,
            name: name.into(),
            description: None,
            status,
            start_date,
            end_date,
            percentage_completed: 0.0,
            is_published,
            recurrence: None,
            escalation: None,
            escalation_date: None,
        }
    }
}

impl Credential {
    /// A credential of the identity `identity_brn` reported by `integration`, whose `App` is
    /// the integration's app; it has no expiry, rotation or use recorded.
    pub fn new(
        id: impl Into<String>,
        name: impl Into<String>,
        credential_type: CredentialType,
        status: CredentialStatus,
        identity_brn: Brn,
        integration: IntegrationId,
        created_at: DateTime<Utc>,
    ) -> Self {
        Credential {
            id: id.into(),
            name: name.into(),
            credential_type,
            status,
            identity_brn,
            app: integration.app().clone(),
            integration,
            source_id: None,
            created_at,
            last_rotated_at: None,
            last_used_at: None,
            expires_at: None,
            issuer: None,
            subject: None,
            audiences: Vec::new(),
            metadata: None,
        }
    }
}

impl Purpose {
    /// A purpose granting nothing yet, with no owner or scope.
    pub fn new(brn: Brn, name: impl Into<String>, description: impl Into<String>) -> Self {
        Purpose {
            brn,
            name: name.into(),
            description: description.into(),
            pre_expiry_notification: None,
            department: None,
            job_title: None,
            team: None,
            owner: None,
            birthright: None,
            entity_brns: Vec::new(),
        }
    }
}

impl Relation {
    /// A row naming an identity with no relation type and no employee yet.
    pub fn new(
        identity_id: impl Into<String>,
        username: impl Into<String>,
        identity_name: impl Into<String>,
        app_id: impl Into<String>,
        app_name: impl Into<String>,
    ) -> Self {
        Relation {
            identity_id: identity_id.into(),
            username: username.into(),
            identity_email: None,
            identity_name: identity_name.into(),
            app_id: app_id.into(),
            app_name: app_name.into(),
            app_description: None,
            relation_type: None,
            employee_email: None,
            employee_name: None,
            employee_department: None,
            employee_job_title: None,
        }
    }
}

impl ReviewItem {
    /// A review item keeping the permission (`Permission Value` true); the reviewer's name
    /// starts as their email, set `reviewer` to show a name.
    pub fn new(
        id: impl Into<String>,
        permission_name: impl Into<String>,
        identity_type: impl Into<String>,
        application_name: impl Into<String>,
        reviewer_id: WorkEmail,
        created: NaiveDate,
        status: ReviewStatus,
    ) -> Self {
        ReviewItem {
            id: id.into(),
            permission_name: permission_name.into(),
            permission_value: true,
            resource: None,
            resource_type: None,
            identity_id: None,
            identity_type: identity_type.into(),
            identity_email: None,
            identity_username: None,
            identity_name: None,
            employee_id: None,
            employee_email: None,
            job_title: None,
            department: None,
            manager: None,
            employment_type: None,
            campaign_name: None,
            application_name: application_name.into(),
            application_description: None,
            connection: None,
            connection_type: None,
            reviewer: reviewer_id.to_string(),
            reviewer_id,
            created,
            completed: None,
            status,
            activity_log: None,
            review_type: None,
            labels: None,
            recommendation: None,
            purpose_id: None,
            employee_id_for_purpose: None,
        }
    }
}

impl AccessRequest {
    /// One row of a request, with empty metadata (`{}`) and nothing requested yet.
    pub fn new(
        request_id: impl Into<String>,
        requester: WorkEmail,
        username: impl Into<String>,
        work_email: WorkEmail,
        kind: RequestKind,
    ) -> Self {
        AccessRequest {
            request_id: request_id.into(),
            requester,
            username: username.into(),
            work_email,
            reference: None,
            duration: None,
            expiration_date: None,
            provision_date: None,
            source: None,
            source_id: None,
            request_type: None,
            app_id: None,
            connection: None,
            connection_type: None,
            resource: None,
            resource_type: None,
            privilege_name: None,
            privilege_value: None,
            kind,
            metadata: serde_json::Value::Object(serde_json::Map::new()),
            scheduled_date: None,
            entity_review_id: None,
            purpose_id: None,
            purpose_review_id: None,
        }
    }
}

impl Finding {
    /// A finding with only its id.
    pub fn new(id: impl Into<String>) -> Self {
        Finding {
            id: id.into(),
            employee: None,
            identity: None,
            labels: None,
            integration: None,
            name: None,
            description: None,
            value: None,
            metadata: None,
            reason: None,
            rule: None,
            assigned_to: None,
            workflow_status: None,
            created_at: None,
            updated_at: None,
            activity_log: None,
        }
    }
}

impl Manifest {
    /// A manifest of the current format version listing no files yet.
    pub fn new(
        tenant_name: impl Into<String>,
        tenant_id: impl Into<String>,
        snapshot_time: DateTime<Utc>,
    ) -> Self {
        Manifest {
            format_version: Manifest::FORMAT_VERSION,
            tenant_name: tenant_name.into(),
            tenant_id: tenant_id.into(),
            snapshot_time,
            default_user: None,
            generator: None,
            files: std::collections::BTreeMap::new(),
        }
    }
}
