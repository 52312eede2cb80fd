//! What the facade's read operations return: flat, serializable views built for people and
//! for MCP clients, with ids as plain text and every computed judgement next to its evidence.
//!
//! With the `schema` feature each view also derives `schemars::JsonSchema`, which the MCP
//! server uses for its output schemas.

use chrono::{DateTime, NaiveDate, Utc};

use crate::query::{CredentialState, IdentityType};

/// Derives the traits every view has.
macro_rules! view {
    ($(#[$meta:meta])* pub struct $name:ident { $($body:tt)* }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[non_exhaustive]
        pub struct $name { $($body)* }
    };
}

view! {
    /// Who is acting and on which tenant.
    pub struct TenantInfo {
        /// The acting user's work email.
        pub user_email: String,
        /// The acting user's name.
        pub user_name: String,
        /// The acting user's BalkanID roles: `reviewer`, `riskmanager`, `admin`.
        pub roles: Vec<String>,
        /// The company's name.
        pub tenant_name: String,
        /// The tenant id.
        pub tenant_id: String,
        /// `sandbox` for the local demo or snapshot tenant, `cloud` for a BalkanID tenant.
        pub mode: String,
        /// The instant the data describes.
        pub snapshot_time: DateTime<Utc>,
        /// The instant the rules are evaluated at ("now", unless pinned).
        pub as_of: DateTime<Utc>,
        /// How old the local data is, in seconds, for a cloud mirror.
        pub data_age_seconds: Option<i64>,
        /// Where the local database lives.
        pub database_path: Option<String>,
    }
}

view! {
    /// A short reference to an employee.
    pub struct EmployeeRef {
        /// Work email.
        pub email: String,
        /// Display name.
        pub name: String,
        /// Last day of employment, if it is set.
        pub end_date: Option<NaiveDate>,
        /// Whether the employment has ended at `as_of`.
        pub terminated: bool,
    }
}

view! {
    /// An identity (an application account) with who it belongs to.
    pub struct IdentitySummary {
        /// BRN.
        pub brn: String,
        /// App id, such as `okta`.
        pub app: String,
        /// Integration id.
        pub integration_id: String,
        /// Display name.
        pub name: String,
        /// Username in the app.
        pub handle: String,
        /// The account's own email, if the app has one.
        pub email: Option<String>,
        /// `employee`, `service_account`, `bot` or `unmapped`.
        pub identity_type: IdentityType,
        /// The account's source type in the app, such as `user` or `service principal`.
        pub source_type: String,
        /// `active` or `inactive`.
        pub status: String,
        /// The environment the account serves, such as `production`.
        pub environment: Option<String>,
        /// Last sign-in or use.
        pub last_login: Option<DateTime<Utc>>,
        /// The employee this account is (`IS` relation).
        pub employee: Option<EmployeeRef>,
        /// The employees who own it (`OWNS` relations), primary owner first.
        pub owners: Vec<EmployeeRef>,
    }
}

view! {
    /// A short reference to an entity (identity, connection or resource).
    pub struct EntityRef {
        /// BRN.
        pub brn: String,
        /// Display name.
        pub name: String,
        /// `identity`, `connection`, `resource` or `role`.
        pub entity_type: String,
        /// Source type, such as `group`, `role`, `policy`, `repository`.
        pub source_type: String,
        /// App id.
        pub app: String,
    }
}

view! {
    /// One governance finding with the evidence that produced it.
    pub struct RiskFinding {
        /// What was found, named as the risk filters name it so that it can be passed back
        /// as one: `terminated_with_access`, `orphaned`, `service_account_without_owner` or
        /// `dormant` (the `kinds` of `find_risky_identities`), or `expired`, `expiring`,
        /// `unrotated`, `active_on_inactive_identity` or `broad_federated_trust` (the
        /// `kinds` of `find_risky_credentials`).
        pub kind: String,
        /// One sentence a person can check against the evidence.
        pub summary: String,
        /// The BRN of the identity, or the id of the credential, the finding is about.
        pub subject: String,
        /// The subject's display name.
        pub subject_name: String,
        /// The subject's app.
        pub app: String,
        /// The facts behind the finding: dates, linked employee, last login, expiry, owners.
        pub evidence: serde_json::Value,
    }
}

view! {
    /// An identity with everything known about it.
    pub struct IdentityDetail {
        /// The identity.
        pub identity: IdentitySummary,
        /// Connections (roles, groups, policies) it holds directly; at most 100.
        pub connections: Vec<EntityRef>,
        /// How many connections it holds directly in all.
        pub n_connections: u64,
        /// Resources it reaches through those connections; at most 100.
        pub resources: Vec<EntityRef>,
        /// How many resources it reaches in all.
        pub n_resources: u64,
        /// Its credentials.
        pub credentials: Vec<CredentialSummary>,
        /// Governance findings about it and its credentials.
        pub findings: Vec<RiskFinding>,
    }
}

view! {
    /// One edge met while walking relations from an entity.
    pub struct RelationshipEdge {
        /// The holding or granting side.
        pub parent: EntityRef,
        /// The held or granted side.
        pub child: EntityRef,
        /// Steps from the starting entity, 1 for a direct relation.
        pub depth: u32,
        /// Privilege name from the relation's metadata, such as `member`.
        pub privilege_name: Option<String>,
        /// Connection type from the relation's metadata, such as `group`.
        pub connection_type: Option<String>,
    }
}

view! {
    /// A credential and how it stands at `as_of`.
    pub struct CredentialSummary {
        /// Credential id.
        pub id: String,
        /// Display name.
        pub name: String,
        /// `api_key`, `access_key`, `client_secret`, `oauth_token`, `x509_certificate`,
        /// `ssh_key`, `service_account_key` or `federated_identity`.
        pub credential_type: String,
        /// The status the source reports: `active`, `expired`, `revoked`.
        pub status: String,
        /// The state at `as_of`: `active`, `expiring` (within 30 days), `expired`, `revoked`.
        pub state: CredentialState,
        /// BRN of the identity it authenticates as.
        pub identity_brn: String,
        /// That identity's name.
        pub identity_name: String,
        /// App id.
        pub app: String,
        /// Integration id.
        pub integration_id: String,
        /// The owning identity's environment, such as `production`.
        pub environment: Option<String>,
        /// When it was created.
        pub created_at: DateTime<Utc>,
        /// When it was last rotated.
        pub last_rotated_at: Option<DateTime<Utc>>,
        /// When it was last used.
        pub last_used_at: Option<DateTime<Utc>>,
        /// When it expires; never when absent.
        pub expires_at: Option<DateTime<Utc>>,
        /// Whole days from `as_of` to expiry; negative once expired.
        pub days_until_expiry: Option<i64>,
        /// Whole days since the last rotation, or since creation if never rotated.
        pub days_since_rotation: i64,
    }
}

view! {
    /// A credential with its identity, what it reaches and its findings.
    pub struct CredentialDetail {
        /// The credential.
        pub credential: CredentialSummary,
        /// The identity it authenticates as.
        pub identity: Option<IdentitySummary>,
        /// Resources that identity reaches; at most 100.
        pub resources: Vec<EntityRef>,
        /// How many resources it reaches in all.
        pub n_resources: u64,
        /// Issuer, subject and audiences with a breadth assessment, for a federated credential.
        pub federation: Option<FederatedCredential>,
        /// Governance findings about the credential.
        pub findings: Vec<RiskFinding>,
    }
}

view! {
    /// A federated identity credential and how broad its trust is.
    pub struct FederatedCredential {
        /// Credential id.
        pub id: String,
        /// Display name.
        pub name: String,
        /// BRN of the identity tokens are exchanged for.
        pub identity_brn: String,
        /// That identity's name.
        pub identity_name: String,
        /// App id.
        pub app: String,
        /// The trusted token issuer.
        pub issuer: Option<String>,
        /// The trusted subject; may hold wildcards.
        pub subject: Option<String>,
        /// The accepted audiences.
        pub audiences: Vec<String>,
        /// `narrow`, `broad` or `wildcard`.
        pub breadth: String,
        /// Why the breadth was judged so, one sentence each.
        pub reasons: Vec<String>,
    }
}

view! {
    /// An integration and its last sync.
    pub struct IntegrationSummary {
        /// Integration id, `<app>/<ULID>`.
        pub id: String,
        /// App id.
        pub app: String,
        /// Name.
        pub name: String,
        /// Description.
        pub description: Option<String>,
        /// `active` or `inactive`.
        pub status: String,
        /// When the last sync ran.
        pub last_run: Option<DateTime<Utc>>,
        /// The last sync's message, such as `Data Available`.
        pub message: Option<String>,
        /// Primary owner's email.
        pub primary_owner: Option<String>,
        /// How many identities it reported.
        pub n_identities: u64,
    }
}

view! {
    /// An employee.
    pub struct EmployeeSummary {
        /// Work email, the unique key.
        pub email: String,
        /// Display name.
        pub name: String,
        /// Department.
        pub department: Option<String>,
        /// Job title.
        pub title: Option<String>,
        /// Employment type, such as `Full-time` or `Contractor`.
        pub employment_type: Option<String>,
        /// Manager's work email.
        pub manager_email: Option<String>,
        /// Manager's name.
        pub manager_name: Option<String>,
        /// First day of employment.
        pub start_date: NaiveDate,
        /// Last day of employment.
        pub end_date: Option<NaiveDate>,
        /// Whether the employment has ended at `as_of`.
        pub terminated: bool,
        /// BalkanID roles.
        pub roles: Vec<String>,
    }
}

view! {
    /// An employee with their place in the organization and their accounts.
    pub struct EmployeeDetail {
        /// The employee.
        pub employee: EmployeeSummary,
        /// Their manager, the manager's manager, and so on up to the top.
        pub manager_chain: Vec<EmployeeRef>,
        /// Their direct reports; at most 100.
        pub direct_reports: Vec<EmployeeRef>,
        /// How many direct reports they have.
        pub n_direct_reports: u64,
        /// Accounts that are theirs (`IS`).
        pub identities: Vec<IdentitySummary>,
        /// Accounts they own (`OWNS`).
        pub owned_identities: Vec<IdentitySummary>,
    }
}

view! {
    /// A campaign with its progress.
    pub struct CampaignSummary {
        /// Campaign id.
        pub id: String,
        /// Name.
        pub name: String,
        /// Description.
        pub description: Option<String>,
        /// Stored status: `draft`, `pending` (in progress), `completed`, `aborted`.
        pub status: String,
        /// Start date.
        pub start_date: NaiveDate,
        /// Due date.
        pub end_date: NaiveDate,
        /// Whether it is past its due date and not completed at `as_of`.
        pub overdue: bool,
        /// Days past the due date, when overdue.
        pub days_overdue: Option<i64>,
        /// Decided items over all items, 0 to 100.
        pub completion_percent: f64,
        /// Number of review items.
        pub n_items: u64,
        /// Items still waiting for a decision.
        pub n_open: u64,
        /// Approved items.
        pub n_approved: u64,
        /// Denied items.
        pub n_denied: u64,
        /// Whether it is published to reviewers.
        pub is_published: bool,
        /// Recurrence rule.
        pub recurrence: Option<String>,
    }
}

view! {
    /// A review item of a campaign or an access request.
    pub struct ReviewSummary {
        /// Review item id.
        pub id: String,
        /// The campaign, or `None` for an access-request review.
        pub campaign: Option<String>,
        /// Status, such as `pending`, `overdue`, `approved`, `denied`.
        pub status: String,
        /// Reviewer's email.
        pub reviewer_email: String,
        /// Reviewer's name.
        pub reviewer_name: String,
        /// The reviewed account's name.
        pub identity_name: Option<String>,
        /// The reviewed account's email.
        pub identity_email: Option<String>,
        /// The reviewed account's username.
        pub identity_username: Option<String>,
        /// Application name.
        pub application: String,
        /// Permission under review.
        pub permission: String,
        /// Connection under review.
        pub connection: Option<String>,
        /// Resource under review.
        pub resource: Option<String>,
        /// When the item was created.
        pub created: NaiveDate,
        /// When it was decided.
        pub completed: Option<NaiveDate>,
        /// Review type, such as `manager` or `request`.
        pub review_type: Option<String>,
        /// BalkanID's recommendation, `approve` or `deny`, if any.
        pub recommendation: Option<String>,
    }
}

view! {
    /// The acting user's pending work.
    pub struct MyQueue {
        /// The acting user.
        pub user_email: String,
        /// Open review items assigned to them in campaigns in progress.
        pub reviews: Vec<ReviewSummary>,
        /// How many such items there are in all.
        pub n_reviews: u64,
        /// Access requests waiting for their approval.
        pub access_requests: Vec<AccessRequestSummary>,
        /// How many such requests there are in all.
        pub n_access_requests: u64,
        /// Pass as the cursor to get the next page of both lists; `None` when both are
        /// complete.
        pub next_cursor: Option<String>,
    }
}

view! {
    /// An access request, summarizing its rows.
    pub struct AccessRequestSummary {
        /// Request id.
        pub id: String,
        /// Who asked.
        pub requester: String,
        /// Whom the access is for.
        pub employee_email: String,
        /// `grant` or `revoke`.
        pub request_type: Option<String>,
        /// `employee_request`, `purpose_request`, `update_entity`, ...
        pub kind: String,
        /// Derived from its reviews: `pending`, `approved` or `denied`.
        pub status: String,
        /// Apps involved.
        pub apps: Vec<String>,
        /// What is asked for: one line per row, such as `okta group Engineering`.
        pub items: Vec<String>,
        /// `permanent` or a duration such as `24h`.
        pub duration: Option<String>,
        /// When granted access ends.
        pub expires_at: Option<DateTime<Utc>>,
        /// When access was or will be provisioned.
        pub provision_at: Option<DateTime<Utc>>,
        /// The reason given.
        pub reason: Option<String>,
        /// Emails of reviewers with an open review of it.
        pub assignees: Vec<String>,
        /// The purpose it requests, for just-in-time access.
        pub purpose_id: Option<String>,
    }
}

view! {
    /// An access request with its reviews.
    pub struct AccessRequestDetail {
        /// The request.
        pub request: AccessRequestSummary,
        /// Its review items, in order of creation.
        pub reviews: Vec<ReviewSummary>,
        /// Reviewers in the order they act: the assignees of each review level.
        pub approver_chain: Vec<String>,
        /// The request's metadata as BalkanID stores it.
        pub metadata: serde_json::Value,
    }
}

view! {
    /// One person's assignment to a purpose.
    pub struct PurposeAssignment {
        /// The employee.
        pub employee_email: String,
        /// The access request that made it.
        pub request_id: String,
        /// `scheduled`, `active`, `expired`, `pending` or `denied`.
        pub state: String,
        /// When access starts.
        pub starts_at: Option<DateTime<Utc>>,
        /// When access ends; never when absent.
        pub expires_at: Option<DateTime<Utc>>,
    }
}

view! {
    /// A purpose for just-in-time access, with its assignments.
    pub struct PurposeSummary {
        /// BRN.
        pub brn: String,
        /// Name.
        pub name: String,
        /// Description.
        pub description: String,
        /// Department.
        pub department: Option<String>,
        /// Job title.
        pub job_title: Option<String>,
        /// Team.
        pub team: Option<String>,
        /// Owner's email.
        pub owner: Option<String>,
        /// Birthright, if any.
        pub birthright: Option<String>,
        /// Warning period before expiry, such as `48h`.
        pub pre_expiry_notification: Option<String>,
        /// Number of entities it grants.
        pub n_entities: u64,
        /// Whether at least one assignment is active at `as_of`.
        pub active: bool,
        /// Assignments, active first; at most 50.
        pub assignments: Vec<PurposeAssignment>,
    }
}

view! {
    /// One audit record.
    pub struct AuditEvent {
        /// Position in the chain, from 1.
        pub sequence: u64,
        /// When it happened.
        pub at: DateTime<Utc>,
        /// The acting user.
        pub actor: String,
        /// The tool or operation.
        pub operation: String,
        /// Ids of what was acted on.
        pub targets: Vec<String>,
        /// The decision taken, if any, such as `approve`.
        pub decision: Option<String>,
        /// The reason given.
        pub reason: Option<String>,
        /// `ok` or the error.
        pub result: String,
        /// Hash of the previous record.
        pub previous_hash: String,
        /// Hash of this record.
        pub hash: String,
    }
}

view! {
    /// Audit records and whether their chain is intact.
    pub struct AuditLog {
        /// The records of this page.
        pub items: Vec<AuditEvent>,
        /// How many records match in all.
        pub total: u64,
        /// Pass as the cursor to get the next page.
        pub next_cursor: Option<String>,
        /// Whether every record's hash and link verify.
        pub chain_intact: bool,
        /// The first record that does not verify, if any.
        pub first_broken_sequence: Option<u64>,
    }
}

view! {
    /// The state of a cloud tenant's local mirror: where it is refreshed from, how old it is,
    /// and when it refreshes next.
    pub struct MirrorStatus {
        /// The bulk API base the mirror is pulled from.
        pub source_url: String,
        /// When the mirror's data was pulled from BalkanID (the start of the pull).
        pub pulled_at: DateTime<Utc>,
        /// How old the mirror's data is, in seconds.
        pub data_age_seconds: i64,
        /// After how many seconds the mirror counts as stale and the next tool call pulls it
        /// again first.
        pub refresh_after_seconds: u64,
        /// Why the last refresh failed, when it did; the mirror then keeps its older data.
        pub last_refresh_error: Option<String>,
    }
}
