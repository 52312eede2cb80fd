//! Which domain row types are which bulk resource, for downloads and uploads, and the named
//! resource methods of [`Bulk`].
//!
//! [`TYPED_DOWNLOADS`] and [`TYPED_UPLOADS`] are generated from the same lists as the trait
//! implementations, so the checked-in list of unsupported endpoints is compared against what
//! really exists.

use balkanid_domain::csv::{
    AppliedLabel, CampaignUpload, EntitlementUpload, EntityFindingRule, EntityInsight,
    EntityRelationUpload, EntityRule, EntityUpload, Filter, FindingUpload, IntegrationUpload,
    Label, PurposeUpload, Rbac2Entry, Rbac2EntryUpload, RbacRole, RbacRoleUpload, Record,
    RequestUploadByReference, RequestUploadDetailed, RequestUploadEntityUpdate,
    RequestUploadIdentity, Rule, WebhookTemplate,
};
use balkanid_domain::model::{
    AccessRequest, Admin, App, BusinessOwner, Campaign, Employee, Entitlement, Entity,
    EntityRelation, Finding, Integration, Purpose, Relation, ReviewItem,
};

use super::{Bulk, BulkResource, Resource};

/// A row type with a typed download: the rows of `RESOURCE`'s download file.
pub trait DownloadFormat: Record + Send + 'static {
    /// The resource whose download file holds these rows.
    const RESOURCE: BulkResource;
}

/// A row type with a typed upload: the rows of `RESOURCE`'s upload file.
pub trait UploadFormat: Record {
    /// The resource whose upload file holds these rows.
    const RESOURCE: BulkResource;
}

macro_rules! downloads {
    ($($(#[$doc:meta])* $method:ident => $row:ty, $resource:ident;)+) => {
        $(
            impl DownloadFormat for $row {
                const RESOURCE: BulkResource = BulkResource::$resource;
            }
        )+

        /// The resources with a typed download.
        #[cfg(test)]
        pub(crate) const TYPED_DOWNLOADS: &[BulkResource] = &[$(BulkResource::$resource),+];

        impl Bulk {
            $(
                $(#[$doc])*
                pub fn $method(&self) -> Resource<$row> {
                    self.of()
                }
            )+
        }
    };
}

macro_rules! uploads {
    ($($row:ty => $resource:ident;)+) => {
        $(
            impl UploadFormat for $row {
                const RESOURCE: BulkResource = BulkResource::$resource;
            }
        )+

        /// The resources with a typed upload (a resource may appear once per layout).
        #[cfg(test)]
        pub(crate) const TYPED_UPLOADS: &[BulkResource] = &[$(BulkResource::$resource),+];
    };
}

downloads! {
    /// `admins`: [`Admin`] rows.
    admins => Admin, Admins;
    /// `apps`: [`App`] rows.
    apps => App, Apps;
    /// `business-owners`: [`BusinessOwner`] rows, downloaded and uploaded.
    business_owners => BusinessOwner, BusinessOwners;
    /// `campaigns`: [`Campaign`] rows; uploads take [`CampaignUpload`] through
    /// [`Bulk::upload`].
    campaigns => Campaign, Campaigns;
    /// `entity-finding-rules`: [`EntityFindingRule`] rows.
    entity_finding_rules => EntityFindingRule, EntityFindingRules;
    /// `entity-rules` (custom insights): [`EntityRule`] rows.
    entity_rules => EntityRule, EntityRules;
    /// `filters`: [`Filter`] rows, downloaded and uploaded.
    filters => Filter, Filters;
    /// `findings`: [`Finding`] rows; uploads take [`FindingUpload`].
    findings => Finding, Findings;
    /// `labels`: [`Label`] rows, downloaded and uploaded.
    labels => Label, Labels;
    /// `rbac`: [`RbacRole`] rows; uploads take [`RbacRoleUpload`].
    rbac => RbacRole, Rbac;
    /// `rbac2`: [`Rbac2Entry`] rows; uploads take [`Rbac2EntryUpload`].
    rbac2 => Rbac2Entry, Rbac2;
    /// `rules`: [`Rule`] rows, downloaded and uploaded.
    rules => Rule, Rules;
    /// `employees`: [`Employee`] rows, downloaded and uploaded.
    employees => Employee, Employees;
    /// `entitlements`: [`Entitlement`] rows; uploads take [`EntitlementUpload`].
    entitlements => Entitlement, Entitlements;
    /// `entities`: [`Entity`] rows; uploads take [`EntityUpload`].
    entities => Entity, Entities;
    /// `entity-insights`: [`EntityInsight`] rows, downloaded and (assumed) uploaded.
    entity_insights => EntityInsight, EntityInsights;
    /// `entity-relations`: [`EntityRelation`] rows; uploads take [`EntityRelationUpload`].
    entity_relations => EntityRelation, EntityRelations;
    /// `integrations`: [`Integration`] rows; uploads take [`IntegrationUpload`].
    integrations => Integration, Integrations;
    /// `relations`: [`Relation`] rows, uploaded and downloaded (at an inferred path).
    relations => Relation, Relations;
    /// `purposes`: [`Purpose`] rows; uploads take [`PurposeUpload`].
    purposes => Purpose, Purposes;
    /// `requests`: [`AccessRequest`] rows; uploads take one of the four request layouts.
    requests => AccessRequest, Requests;
    /// `reviews`: [`ReviewItem`] rows.
    reviews => ReviewItem, Reviews;
    /// `webhook-templates`: [`WebhookTemplate`] rows, downloaded and (assumed) uploaded.
    webhook_templates => WebhookTemplate, WebhookTemplates;
}

uploads! {
    BusinessOwner => BusinessOwners;
    CampaignUpload => Campaigns;
    AppliedLabel => AppliedLabels;
    Filter => Filters;
    FindingUpload => Findings;
    Label => Labels;
    RbacRoleUpload => Rbac;
    Rbac2EntryUpload => Rbac2;
    Rule => Rules;
    Employee => Employees;
    EntitlementUpload => Entitlements;
    EntityUpload => Entities;
    EntityInsight => EntityInsights;
    EntityRelationUpload => EntityRelations;
    IntegrationUpload => Integrations;
    Relation => Relations;
    PurposeUpload => Purposes;
    RequestUploadIdentity => Requests;
    RequestUploadEntityUpdate => Requests;
    RequestUploadDetailed => Requests;
    RequestUploadByReference => Requests;
    WebhookTemplate => WebhookTemplates;
}
