//! Entities (identities, connections, resources), the relations between them, entitlements and
//! business owners: `entities.csv`, `entity-relations.csv`, `entitlements.csv`,
//! `business-owners.csv`.

use chrono::{DateTime, Utc};

use crate::ids::{AppId, Brn, IntegrationId, WorkEmail};
use crate::model::VersionedJson;
use crate::open_enum::open_enum;

open_enum! {
    /// What an entity is (`Entity Type`).
    pub enum EntityType {
        /// An account in an application: a person's user, a service account, a bot.
        Identity => "identity",
        /// How an identity gets a privilege: a role, group, policy or team.
        Connection => "connection",
        /// Something accessed: a repository, a bucket, a project.
        Resource => "resource",
        /// A role defined by Entity RBAC.
        Role => "role",
    }
}

open_enum! {
    /// Whether an identity is enabled in its application.
    ///
    /// BalkanID's entity download has no status column; this crate reads it from the `status`
    /// key of the identity's metadata, as the custom-application template's `Entity Status`
    /// column does (inferred).
    pub enum IdentityStatus {
        /// The account can sign in or be used.
        Active => "active" | "enabled",
        /// The account is disabled or suspended.
        Inactive => "inactive" | "disabled" | "suspended",
    }
}

open_enum! {
    /// What kind of account an identity is, read from its `Source Type`.
    ///
    /// Whether a human account is mapped to an employee is a separate question answered by the
    /// `IS` relation; see [`crate::rules`].
    pub enum IdentityKind {
        /// A person's user account (`user`).
        Human => "user" | "human" | "member",
        /// A service account, service principal, managed identity or IAM role.
        ServiceAccount => "service account"
            | "service_account"
            | "serviceaccount"
            | "service principal"
            | "managed identity"
            | "aws service role"
            | "iam role",
        /// An automation account such as a chat bot or CI bot.
        Bot => "bot" | "app bot",
    }
}

/// One entity (a row of `entities.csv`).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct Entity {
    /// `BRN`.
    pub brn: Brn,
    /// `Timestamp`: when BalkanID last saw the entity.
    pub timestamp: DateTime<Utc>,
    /// `App`.
    pub app: AppId,
    /// `Integration`.
    pub integration: IntegrationId,
    /// `Name`.
    pub name: String,
    /// `Entity Type`.
    pub entity_type: EntityType,
    /// `Source System`, usually the app id.
    pub source_system: String,
    /// `Source ID`: the id in the source application.
    pub source_id: String,
    /// `Source Type`: `user`, `group`, `role`, `policy`, `repository`, `service account`, ...
    pub source_type: String,
    /// `Metadata Version` and `Metadata`.
    pub metadata: Option<VersionedJson>,
}

/// The identity-specific reading of an [`Entity`] whose type is `identity`.
///
/// Everything here comes from the entity's columns and its v1 metadata keys `username`,
/// `email`, `status`, `lastLoginTime`, `lastPasswordChange` and `environment`. Only
/// `username` and `lastPasswordChange` appear in BalkanID's samples; the others are this
/// crate's inferred extension of the same metadata object.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct IdentityView {
    /// The entity's BRN.
    pub brn: Brn,
    /// The app the account lives in.
    pub app: AppId,
    /// The integration that reported it.
    pub integration: IntegrationId,
    /// The display name.
    pub name: String,
    /// The account's handle (`username` metadata, else the source id).
    pub handle: String,
    /// The account's email, when the app has one.
    pub email: Option<String>,
    /// Human, service account or bot.
    pub kind: IdentityKind,
    /// Active unless the metadata says otherwise.
    pub status: IdentityStatus,
    /// The last sign-in or use.
    pub last_login: Option<DateTime<Utc>>,
    /// The last password change.
    pub last_password_change: Option<DateTime<Utc>>,
    /// The environment the account serves, such as `production`.
    pub environment: Option<String>,
}

impl Entity {
    /// Reads the identity attributes of an identity entity; `None` for other entity types.
    ///
    /// `parse_time` turns a metadata timestamp into an instant; it is passed in so that this
    /// module does not pick a timestamp format (BalkanID writes Go's `time.String()` form).
    pub fn identity_view(
        &self,
        parse_time: impl Fn(&str) -> Option<DateTime<Utc>>,
    ) -> Option<IdentityView> {
        if self.entity_type != EntityType::Identity {
            return None;
        }

        let field = |key: &str| {
            self.metadata
                .as_ref()
                .and_then(|m| m.str_field(key))
                .map(str::trim)
                .filter(|v| !v.is_empty())
        };
        let handle = field("username").unwrap_or(&self.source_id).to_owned();
        let status = field("status").map_or(IdentityStatus::Active, IdentityStatus::parse);

        Some(IdentityView {
            brn: self.brn.clone(),
            app: self.app.clone(),
            integration: self.integration.clone(),
            name: self.name.clone(),
            handle,
            email: field("email").map(str::to_owned),
            kind: IdentityKind::parse(&self.source_type),
            status,
            last_login: field("lastLoginTime").and_then(&parse_time),
            last_password_change: field("lastPasswordChange").and_then(&parse_time),
            environment: field("environment").map(str::to_owned),
        })
    }
}

/// One edge between two entities (a row of `entity-relations.csv`): the parent holds, grants
/// or contains the child. An identity is the parent of the connections it holds; a connection
/// is the parent of the resources it grants.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct EntityRelation {
    /// `App`.
    pub app: AppId,
    /// `Timestamp`.
    pub timestamp: DateTime<Utc>,
    /// `Integration`.
    pub integration: IntegrationId,
    /// `Parent Entity BRN`.
    pub parent_brn: Brn,
    /// `Entity BRN`: the child.
    pub entity_brn: Brn,
    /// `Entity Type`: the child's type.
    pub entity_type: EntityType,
    /// `Source System`.
    pub source_system: String,
    /// `Metadata Version` and `Metadata`: v1 holds `connectionType`, `privilegeName`,
    /// `privilegeValue` and `project`.
    pub metadata: Option<VersionedJson>,
}

/// One entitlement (a row of `entitlements.csv` as downloaded): an identity's privilege
/// through a connection on a resource.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct Entitlement {
    /// `Project`, `default` when not set.
    pub project: Option<String>,
    /// `Privilege Name`.
    pub privilege_name: String,
    /// `Privilege Value`: `true` grants, `false` is an explicit deny.
    pub privilege_value: bool,
    /// `Identity ID`.
    pub identity_id: Option<String>,
    /// `Username`.
    pub username: Option<String>,
    /// `Name`.
    pub name: Option<String>,
    /// `Connection`.
    pub connection: Option<String>,
    /// `Connection Type`: `role`, `policy`, `group`, ...
    pub connection_type: Option<String>,
    /// `Resource`.
    pub resource: Option<String>,
    /// `Resource Type`.
    pub resource_type: Option<String>,
    /// `Employee ID`.
    pub employee_id: Option<String>,
    /// `Labels`: a JSON array of label objects.
    pub labels: Option<serde_json::Value>,
    /// `Identity Type`.
    pub identity_type: Option<String>,
    /// `Connection Provider`.
    pub connection_provider: Option<String>,
    /// `Connection Provider Type`.
    pub connection_provider_type: Option<String>,
    /// `Metadata`, JSON (this format has no version column).
    pub metadata: Option<serde_json::Value>,
}

/// The owners of a connection or resource (a row of `business-owners.csv`).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct BusinessOwner {
    /// `Entity ID`: the entity's id within the tenant (the last BRN segment).
    pub entity_id: String,
    /// `Entity Name`.
    pub entity_name: Option<String>,
    /// `Entity Type`: `connection` or `resource`.
    pub entity_type: EntityType,
    /// `Source Type`.
    pub source_type: Option<String>,
    /// `Integration ID`.
    pub integration_id: IntegrationId,
    /// `Integration Name`.
    pub integration_name: Option<String>,
    /// `Integration Description`.
    pub integration_description: Option<String>,
    /// `Primary Owner Email`.
    pub primary_owner_email: WorkEmail,
    /// `Secondary Owners Emails`, separated by `;` in the file.
    pub secondary_owner_emails: Vec<WorkEmail>,
}
