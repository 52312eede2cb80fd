//! The typed BalkanID data model, one module per resource.
//!
//! Field names follow the columns of BalkanID's bulk CSV formats; where a field is renamed the
//! doc comment gives the column. Values that BalkanID documents as free text stay `String`;
//! vocabularies become open enums that keep values they do not know.

mod access_request;
mod app;
mod campaign;
mod constructors;
mod credential;
mod employee;
mod entity;
mod finding;
mod integration;
mod purpose;
mod relation;
mod review;
mod snapshot;

pub use access_request::{AccessRequest, RequestDuration, RequestKind, RequestType};
pub use app::{Admin, App};
pub use campaign::{Campaign, CampaignStatus};
pub use credential::{Credential, CredentialStatus, CredentialType};
pub use employee::{Employee, Role};
pub use entity::{
    BusinessOwner, Entitlement, Entity, EntityRelation, EntityType, IdentityKind, IdentityStatus,
    IdentityView,
};
pub use finding::{Finding, WorkflowStatus};
pub use integration::{Integration, IntegrationStatus, ReviewerKind};
pub use purpose::{Birthright, Purpose};
pub use relation::{Relation, RelationType};
pub use review::{ReviewItem, ReviewStatus};
pub use snapshot::{Manifest, SnapshotFile};

/// A JSON cell together with the version column that describes it, such as `Metadata Version`
/// and `Metadata`.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct VersionedJson {
    /// The schema version of the JSON, `v1` in every published sample.
    pub version: String,
    /// The JSON value.
    pub value: serde_json::Value,
}

impl VersionedJson {
    /// Pairs a version with a value.
    pub fn new(version: impl Into<String>, value: serde_json::Value) -> Self {
        VersionedJson {
            version: version.into(),
            value,
        }
    }

    /// A string field of an object value, if present and a string.
    pub fn str_field(&self, key: &str) -> Option<&str> {
        self.value.get(key).and_then(serde_json::Value::as_str)
    }
}
