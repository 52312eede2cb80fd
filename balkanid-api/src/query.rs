//! What the facade's read operations take: filters for each list and the page request.
//!
//! Every filter is optional and defaults to "no filter"; setting several narrows the result to
//! items matching all of them. Text filters compare without regard to ASCII case.

use chrono::{DateTime, Utc};

/// Which page of a list to return.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PageRequest {
    /// How many items to return: 50 when not set, at most [`PageRequest::MAX_LIMIT`].
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page; the first page when not set.
    pub cursor: Option<String>,
}

impl PageRequest {
    /// The page size used when none is asked for.
    pub const DEFAULT_LIMIT: u32 = 50;
    /// The largest page size.
    pub const MAX_LIMIT: u32 = 500;

    /// Sets the page size.
    #[must_use]
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }

    /// Continues after a previous page.
    #[must_use]
    pub fn cursor(mut self, cursor: impl Into<String>) -> Self {
        self.cursor = Some(cursor.into());
        self
    }
}

/// One page of a list.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// How many items match the filters in all pages.
    pub total: u64,
    /// Pass this as the cursor to get the next page; `None` on the last page.
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// A page of `items` out of `total`, with a cursor to the next page if there is one.
    pub fn new(items: Vec<T>, total: u64, next_cursor: Option<String>) -> Self {
        Page {
            items,
            total,
            next_cursor,
        }
    }

    /// Whether more pages follow this one, that is whether it has a next cursor. The last
    /// page of a list is not partial, nor is a page past the end (which holds no items).
    pub fn is_partial(&self) -> bool {
        self.next_cursor.is_some()
    }
}

/// The kind of account an identity is, as the identity tools name it.
///
/// `employee` is a human account linked to an employee by an `IS` relation; `unmapped` is an
/// account linked to no employee and owned by no one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum IdentityType {
    /// A person's account linked to an employee.
    Employee,
    /// A service account, service principal or cloud role.
    ServiceAccount,
    /// An automation account.
    Bot,
    /// An account linked to no employee and owned by no one.
    Unmapped,
}

/// Filters for [`crate::Tenant::list_identities`].
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct IdentityQuery {
    /// Only identities of this app (`okta`, `azure`, ...).
    pub app: Option<String>,
    /// Only identities reported by this integration (`okta/01J...`).
    pub integration_id: Option<String>,
    /// Only identities of this type.
    pub identity_type: Option<IdentityType>,
    /// Only active (`true`) or inactive (`false`) identities.
    pub active: Option<bool>,
    /// Only identities whose own email, or whose linked employee's email, is this one.
    pub email: Option<String>,
    /// Only identities with this handle (username).
    pub handle: Option<String>,
    /// Only identities linked to a terminated employee (`true`) or not (`false`).
    pub terminated: Option<bool>,
    /// Only identities with (`true`) or without (`false`) an owner or linked employee.
    pub has_owner: Option<bool>,
    /// Free text matched against name, handle and email.
    pub query: Option<String>,
    /// The page.
    pub page: PageRequest,
}

/// How to find one identity for [`crate::Tenant::get_identity`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum IdentityKey {
    /// By BRN.
    Brn(String),
    /// By the identity's or its employee's email, optionally within one app.
    Email {
        /// The email.
        email: String,
        /// The app, when the person has accounts in several.
        app: Option<String>,
    },
    /// By handle, optionally within one app.
    Handle {
        /// The handle.
        handle: String,
        /// The app, when the handle exists in several.
        app: Option<String>,
    },
}

/// The identity risks [`crate::Tenant::find_risky_identities`] looks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum IdentityRiskKind {
    /// An active account of an employee whose employment ended.
    TerminatedWithAccess,
    /// An active account linked to no employee and owned by no one.
    Orphaned,
    /// A service account with no primary owner in employment.
    ServiceAccountWithoutOwner,
    /// An active account unused for longer than the dormancy threshold.
    Dormant,
}

/// Filters for [`crate::Tenant::find_risky_identities`].
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct RiskyIdentityQuery {
    /// The kinds to look for; all kinds when empty.
    pub kinds: Vec<IdentityRiskKind>,
    /// Only identities of this app.
    pub app: Option<String>,
    /// Only identities of this type.
    pub identity_type: Option<IdentityType>,
    /// Days without sign-in after which an account is dormant; 90 when not set.
    pub dormant_after_days: Option<u32>,
    /// The page.
    pub page: PageRequest,
}

/// Which way to walk relations from an entity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Direction {
    /// From the entity to what it holds or grants (identity -> role -> resource).
    #[default]
    Down,
    /// From the entity to what holds or grants it (resource -> role -> identity).
    Up,
}

/// Filters for [`crate::Tenant::list_entity_relationships`].
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct RelationshipQuery {
    /// The entity to start from, by BRN.
    pub brn: String,
    /// Which way to walk.
    pub direction: Direction,
    /// Follow relations transitively (identity -> role -> resource) instead of one step.
    pub transitive: bool,
    /// The page.
    pub page: PageRequest,
}

/// How a credential stands at the present instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CredentialState {
    /// Usable and not expiring within the window asked about.
    Active,
    /// Usable but expiring within the window asked about (30 days when not set).
    Expiring,
    /// Past its expiry.
    Expired,
    /// Revoked.
    Revoked,
}

/// Filters for [`crate::Tenant::list_credentials`].
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct CredentialQuery {
    /// Only credentials in this state.
    pub state: Option<CredentialState>,
    /// Only credentials of this type (`api_key`, `client_secret`, ...).
    pub credential_type: Option<String>,
    /// Only credentials of this app.
    pub app: Option<String>,
    /// Only credentials of identities owned by, or belonging to, this employee email; or of
    /// the identity with this BRN.
    pub owner: Option<String>,
    /// Only credentials that expire within this many days from now (and have not expired).
    pub expiring_within_days: Option<u32>,
    /// Only credentials not rotated for more than this many days.
    pub unrotated_for_days: Option<u32>,
    /// Only credentials of identities in production.
    pub production_only: bool,
    /// The page.
    pub page: PageRequest,
}

/// The credential risks [`crate::Tenant::find_risky_credentials`] looks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CredentialRiskKind {
    /// Past its expiry (and not revoked).
    Expired,
    /// Expiring within the window (30 days when not set).
    Expiring,
    /// Not rotated for longer than the threshold (90 days when not set).
    Unrotated,
    /// Active, on an identity that is inactive.
    ActiveOnInactiveIdentity,
    /// A federated credential trusting too broad a set of subjects, issuers or audiences.
    BroadFederatedTrust,
}

/// Filters for [`crate::Tenant::find_risky_credentials`].
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct RiskyCredentialQuery {
    /// The kinds to look for; all kinds when empty.
    pub kinds: Vec<CredentialRiskKind>,
    /// Only credentials of this app.
    pub app: Option<String>,
    /// Only credentials of identities in production.
    pub production_only: bool,
    /// Days ahead that count as expiring soon; 30 when not set.
    pub expiring_within_days: Option<u32>,
    /// Days without rotation that count as unrotated; 90 when not set.
    pub unrotated_for_days: Option<u32>,
    /// The page.
    pub page: PageRequest,
}

/// Filters for [`crate::Tenant::list_federated_credentials`].
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct FederatedQuery {
    /// Only credentials of this app.
    pub app: Option<String>,
    /// Only credentials whose trust is broad or wildcard.
    pub broad_only: bool,
    /// The page.
    pub page: PageRequest,
}

/// Filters for [`crate::Tenant::list_integrations`].
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct IntegrationQuery {
    /// Only integrations of this app.
    pub app: Option<String>,
    /// Only active (`true`) or inactive (`false`) integrations.
    pub active: Option<bool>,
    /// The page.
    pub page: PageRequest,
}

/// Filters for [`crate::Tenant::list_employees`].
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct EmployeeQuery {
    /// Only this department.
    pub department: Option<String>,
    /// Only this title (substring).
    pub title: Option<String>,
    /// Only direct reports of this manager.
    pub manager_email: Option<String>,
    /// Only this employment type (`Full-time`, `Contractor`, ...).
    pub employment_type: Option<String>,
    /// Only terminated (`true`) or current (`false`) employees.
    pub terminated: Option<bool>,
    /// Free text matched against name, email and title.
    pub query: Option<String>,
    /// The page.
    pub page: PageRequest,
}

/// Filters for [`crate::Tenant::list_campaigns`].
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct CampaignQuery {
    /// Only campaigns with this stored status (`draft`, `pending`, `completed`, `aborted`).
    pub status: Option<String>,
    /// Only overdue campaigns.
    pub overdue_only: bool,
    /// The page.
    pub page: PageRequest,
}

/// Filters for [`crate::Tenant::list_reviews`].
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct ReviewQuery {
    /// Only items of this campaign, by id or exact name (any case).
    pub campaign: Option<String>,
    /// Only items with this status (`pending`, `overdue`, `approved`, `denied`, ...), or
    /// `open` for every status that still waits for a decision.
    pub status: Option<String>,
    /// Only items assigned to this reviewer email.
    pub reviewer: Option<String>,
    /// Only items of this application (name or app id).
    pub application: Option<String>,
    /// Only items about this permission name.
    pub permission: Option<String>,
    /// Only items about this identity (email, username or id).
    pub identity: Option<String>,
    /// The page.
    pub page: PageRequest,
}

/// Filters for [`crate::Tenant::list_access_requests`].
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct AccessRequestQuery {
    /// Only requests made by this email.
    pub requester: Option<String>,
    /// Only requests for this employee email.
    pub employee: Option<String>,
    /// Only requests with this derived status (`pending`, `approved`, `denied`).
    pub status: Option<String>,
    /// Only requests with an open review assigned to this email.
    pub assignee: Option<String>,
    /// Only `grant` or `revoke` requests.
    pub request_type: Option<String>,
    /// The page.
    pub page: PageRequest,
}

/// Filters for [`crate::Tenant::list_purposes`].
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct PurposeQuery {
    /// Only purposes with at least one active assignment.
    pub active_only: bool,
    /// Only this department.
    pub department: Option<String>,
    /// Only purposes owned by this email.
    pub owner: Option<String>,
    /// Free text matched against name and description.
    pub query: Option<String>,
    /// The page.
    pub page: PageRequest,
}

/// Filters for [`crate::Tenant::list_audit_events`].
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct AuditQuery {
    /// Only events by this acting user.
    pub actor: Option<String>,
    /// Only events of this tool or operation.
    pub operation: Option<String>,
    /// Only events at or after this instant.
    pub since: Option<DateTime<Utc>>,
    /// The page.
    pub page: PageRequest,
}

/// Writes by-value setters for the fields of a filter struct: `field: argument type => stored
/// value, "doc";`.
macro_rules! setters {
    ($type:ident { $($field:ident: $argument:ty => $value:expr, $doc:literal;)* }) => {
        impl $type {
            $(
                #[doc = $doc]
                #[must_use]
                pub fn $field(mut self, $field: $argument) -> Self {
                    self.$field = $value;
                    self
                }
            )*
        }
    };
}

setters!(IdentityQuery {
    app: impl Into<String> => Some(app.into()),
        "Only identities of this app; without it, of every app.";
    integration_id: impl Into<String> => Some(integration_id.into()),
        "Only identities of this integration; without it, of every integration.";
    identity_type: IdentityType => Some(identity_type),
        "Only identities of this type; without it, of every type.";
    active: bool => Some(active),
        "Only active (`true`) or inactive (`false`) identities; without it, both.";
    email: impl Into<String> => Some(email.into()),
        "Only identities linked to this email; without it, anyone's.";
    handle: impl Into<String> => Some(handle.into()),
        "Only identities with this handle; without it, any handle.";
    terminated: bool => Some(terminated),
        "Only identities of terminated (`true`) or current (`false`) employees; without it, both.";
    has_owner: bool => Some(has_owner),
        "Only identities with (`true`) or without (`false`) an owner or employee; else both.";
    query: impl Into<String> => Some(query.into()),
        "Only identities whose name, handle or email contains this text; without it, all.";
    page: PageRequest => page, "The page; without it, the first 50 items.";
});

setters!(RiskyIdentityQuery {
    kinds: impl IntoIterator<Item = IdentityRiskKind> => kinds.into_iter().collect(),
        "The kinds to look for; without it, every kind.";
    app: impl Into<String> => Some(app.into()),
        "Only identities of this app; without it, of every app.";
    identity_type: IdentityType => Some(identity_type),
        "Only identities of this type; without it, of every type.";
    dormant_after_days: u32 => Some(dormant_after_days),
        "Days without sign-in after which an account is dormant; without it, 90.";
    page: PageRequest => page, "The page; without it, the first 50 items.";
});

impl RelationshipQuery {
    /// Walks one step down from the entity with this BRN; the setters change the walk.
    pub fn new(brn: impl Into<String>) -> Self {
        RelationshipQuery {
            brn: brn.into(),
            ..Default::default()
        }
    }
}

setters!(RelationshipQuery {
    direction: Direction => direction, "Which way to walk; without it, down.";
    transitive: bool => transitive,
        "Whether to follow relations transitively; without it, one step.";
    page: PageRequest => page, "The page; without it, the first 50 items.";
});

setters!(CredentialQuery {
    state: CredentialState => Some(state),
        "Only credentials in this state; without it, in any state.";
    credential_type: impl Into<String> => Some(credential_type.into()),
        "Only credentials of this type; without it, of every type.";
    app: impl Into<String> => Some(app.into()),
        "Only credentials of this app; without it, of every app.";
    owner: impl Into<String> => Some(owner.into()),
        "Only credentials of this employee's identities, or of this BRN; without it, anyone's.";
    expiring_within_days: u32 => Some(expiring_within_days),
        "Only credentials expiring within this many days; without it, whenever they expire.";
    unrotated_for_days: u32 => Some(unrotated_for_days),
        "Only credentials not rotated for more than this many days; without it, however recent.";
    production_only: bool => production_only,
        "Only credentials of production identities; without it, of every environment.";
    page: PageRequest => page, "The page; without it, the first 50 items.";
});

setters!(RiskyCredentialQuery {
    kinds: impl IntoIterator<Item = CredentialRiskKind> => kinds.into_iter().collect(),
        "The kinds to look for; without it, every kind.";
    app: impl Into<String> => Some(app.into()),
        "Only credentials of this app; without it, of every app.";
    production_only: bool => production_only,
        "Only credentials of production identities; without it, of every environment.";
    expiring_within_days: u32 => Some(expiring_within_days),
        "Days ahead that count as expiring soon; without it, 30.";
    unrotated_for_days: u32 => Some(unrotated_for_days),
        "Days without rotation that count as unrotated; without it, 90.";
    page: PageRequest => page, "The page; without it, the first 50 items.";
});

setters!(FederatedQuery {
    app: impl Into<String> => Some(app.into()),
        "Only credentials of this app; without it, of every app.";
    broad_only: bool => broad_only,
        "Only credentials whose trust is broad or wildcard; without it, narrow ones too.";
    page: PageRequest => page, "The page; without it, the first 50 items.";
});

setters!(IntegrationQuery {
    app: impl Into<String> => Some(app.into()),
        "Only integrations of this app; without it, of every app.";
    active: bool => Some(active),
        "Only active (`true`) or inactive (`false`) integrations; without it, both.";
    page: PageRequest => page, "The page; without it, the first 50 items.";
});

setters!(EmployeeQuery {
    department: impl Into<String> => Some(department.into()),
        "Only this department; without it, every department.";
    title: impl Into<String> => Some(title.into()),
        "Only titles containing this text; without it, every title.";
    manager_email: impl Into<String> => Some(manager_email.into()),
        "Only direct reports of this manager; without it, anyone's.";
    employment_type: impl Into<String> => Some(employment_type.into()),
        "Only this employment type; without it, every type.";
    terminated: bool => Some(terminated),
        "Only terminated (`true`) or current (`false`) employees; without it, both.";
    query: impl Into<String> => Some(query.into()),
        "Only employees whose name, email or title contains this text; without it, all.";
    page: PageRequest => page, "The page; without it, the first 50 items.";
});

setters!(CampaignQuery {
    status: impl Into<String> => Some(status.into()),
        "Only campaigns with this stored status; without it, every status.";
    overdue_only: bool => overdue_only, "Only overdue campaigns; without it, all.";
    page: PageRequest => page, "The page; without it, the first 50 items.";
});

setters!(ReviewQuery {
    campaign: impl Into<String> => Some(campaign.into()),
        "Only items of this campaign (id or name); without it, of every campaign and request.";
    status: impl Into<String> => Some(status.into()),
        "Only items with this status, or `open`; without it, every status.";
    reviewer: impl Into<String> => Some(reviewer.into()),
        "Only items assigned to this reviewer; without it, anyone's.";
    application: impl Into<String> => Some(application.into()),
        "Only items of this application; without it, of every application.";
    permission: impl Into<String> => Some(permission.into()),
        "Only items about this permission; without it, any permission.";
    identity: impl Into<String> => Some(identity.into()),
        "Only items about this identity; without it, any identity.";
    page: PageRequest => page, "The page; without it, the first 50 items.";
});

setters!(AccessRequestQuery {
    requester: impl Into<String> => Some(requester.into()),
        "Only requests made by this email; without it, by anyone.";
    employee: impl Into<String> => Some(employee.into()),
        "Only requests for this employee; without it, for anyone.";
    status: impl Into<String> => Some(status.into()),
        "Only requests with this status; without it, every status.";
    assignee: impl Into<String> => Some(assignee.into()),
        "Only requests with an open review for this email; without it, anyone's.";
    request_type: impl Into<String> => Some(request_type.into()),
        "Only `grant` or `revoke` requests; without it, both.";
    page: PageRequest => page, "The page; without it, the first 50 items.";
});

setters!(PurposeQuery {
    active_only: bool => active_only, "Only purposes with an active assignment; without it, all.";
    department: impl Into<String> => Some(department.into()),
        "Only this department; without it, every department.";
    owner: impl Into<String> => Some(owner.into()),
        "Only purposes owned by this email; without it, anyone's.";
    query: impl Into<String> => Some(query.into()),
        "Only purposes whose name or description contains this text; without it, all.";
    page: PageRequest => page, "The page; without it, the first 50 items.";
});

setters!(AuditQuery {
    actor: impl Into<String> => Some(actor.into()),
        "Only events by this acting user; without it, anyone's.";
    operation: impl Into<String> => Some(operation.into()),
        "Only events of this operation; without it, every operation.";
    since: DateTime<Utc> => Some(since), "Only events at or after this instant; without it, all.";
    page: PageRequest => page, "The page; without it, the first 50 items.";
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_partial_only_when_a_next_page_follows() {
        let middle = Page::new(vec![1, 2], 5, Some("next".to_owned()));
        let last = Page::new(vec![5], 5, None);
        let past_the_end: Page<i32> = Page::new(Vec::new(), 5, None);

        assert!(middle.is_partial());
        assert!(!last.is_partial());
        assert!(!past_the_end.is_partial());
    }
}
