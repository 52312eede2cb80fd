//! The `identities` toolset: application accounts, who they belong to, what they reach and
//! which of them are risky.

use balkanid_api::query::{
    Direction, IdentityKey, IdentityQuery, IdentityRiskKind, IdentityType, RelationshipQuery,
    RiskyIdentityQuery,
};
use balkanid_api::views::{IdentityDetail, IdentitySummary, RelationshipEdge, RiskFinding};
use rmcp::model::{CallToolResult, JsonObject};
use rmcp::{tool, tool_router};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::arguments::ArgumentError;
use crate::results::{self, ListResult};
use crate::schema;
use crate::server::BalkanidServer;
use crate::tools::{
    ActivityStatus, MAX_DAYS, Noted, PageArguments, facade_or_return, parse_or_return,
};

/// Arguments of `list_identities`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
pub(crate) struct ListIdentitiesArguments {
    /// Only accounts of this app id, such as `okta`, `azure`, `aws`, `github`, `google`,
    /// `salesforce` (see `list_integrations`).
    pub app: Option<String>,
    /// Only accounts reported by this integration id, `<app>/<ULID>`.
    pub integration_id: Option<String>,
    /// Only accounts of this kind: `service_account` (service accounts, service principals,
    /// managed identities, cloud roles) and `bot` by their type in the app; any other account
    /// is `employee` when an employee is or owns it, else `unmapped`.
    pub identity_type: Option<IdentityType>,
    /// Only `active` or `inactive` accounts.
    pub status: Option<ActivityStatus>,
    /// Only accounts linked to this email (any case): accounts with this email of their own,
    /// accounts this employee is (`IS` relation) and accounts this employee owns (`OWNS`,
    /// such as service accounts). Use this for "everything linked to jane@..." across
    /// integrations.
    pub email: Option<String>,
    /// Only accounts with this username (handle) in their app.
    pub handle: Option<String>,
    /// `true`: only accounts that are (`IS` relation) an employee whose employment has ended
    /// (End Date before today); `false`: only accounts that are not.
    pub terminated: Option<bool>,
    /// `true`: only accounts that some employee is (`IS`) or owns (`OWNS`); `false`: only
    /// accounts with neither (unmapped or ownerless).
    pub has_owner: Option<bool>,
    /// Free text matched against the account's name, handle and email.
    pub query: Option<String>,
    #[serde(flatten)]
    pub page: PageArguments,
}

/// Arguments of `get_identity`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
pub(crate) struct GetIdentityArguments {
    /// The identity's BRN, as returned by other tools. Give this, or `email`, or `handle`.
    pub brn: Option<String>,
    /// The account's own email or its employee's work email (any case).
    pub email: Option<String>,
    /// The account's username in its app.
    pub handle: Option<String>,
    /// The app id, needed with `email` or `handle` when the person has accounts in several
    /// apps.
    pub app: Option<String>,
}

/// Arguments of `find_risky_identities`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
pub(crate) struct FindRiskyIdentitiesArguments {
    /// Which risks to look for; every kind when empty or omitted.
    /// `terminated_with_access`: an active account of an employee whose employment ended.
    /// `orphaned`: an active account linked to no employee and owned by no one.
    /// `service_account_without_owner`: a service account with no primary owner in employment.
    /// `dormant`: an active account with no sign-in for `dormant_after_days`.
    #[serde(default)]
    pub kinds: Vec<IdentityRiskKind>,
    /// Only accounts of this app id, such as `okta` or `azure`.
    pub app: Option<String>,
    /// Only accounts of this kind: `employee` (a human account linked to an employee),
    /// `unmapped` (an account linked to no one and owned by no one, often a person's orphaned
    /// account), `service_account` or `bot`. Human accounts are `employee` and `unmapped`, so
    /// omit this to see every risky human account; non-human ones are `service_account` and
    /// `bot`.
    pub identity_type: Option<IdentityType>,
    /// Days without sign-in after which an active account counts as dormant; 90 when omitted.
    #[schemars(range(max = MAX_DAYS))]
    pub dormant_after_days: Option<u32>,
    #[serde(flatten)]
    pub page: PageArguments,
}

/// Arguments of `list_entity_relationships`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
pub(crate) struct ListEntityRelationshipsArguments {
    /// The BRN of the entity to start from: an identity, a connection (role, group, policy)
    /// or a resource.
    pub brn: String,
    /// `down` (default): what the entity holds or grants (identity -> roles -> resources).
    /// `up`: what holds or grants it (resource -> roles -> identities).
    pub direction: Option<Direction>,
    /// `true`: follow relations through intermediate roles and groups; `false` (default):
    /// one step only.
    pub transitive: Option<bool>,
    #[serde(flatten)]
    pub page: PageArguments,
}

#[tool_router(router = identities_router, vis = "pub(crate)")]
impl BalkanidServer {
    /// Lists identities (application accounts: people's accounts, service accounts, bots)
    /// across every integration, with their app, type, status, last sign-in, linked employee
    /// and owners. Filters combine (all must match). Sorted by app, then name.
    #[tool(
        name = "list_identities",
        title = "List identities",
        input_schema = schema::input::<ListIdentitiesArguments>(),
        output_schema = schema::output::<ListResult<IdentitySummary>>()
    )]
    async fn list_identities(&self, arguments: JsonObject) -> CallToolResult {
        let arguments: ListIdentitiesArguments = parse_or_return!(arguments);

        let mut query = IdentityQuery::default();
        query.app = arguments.app;
        query.integration_id = arguments.integration_id;
        query.identity_type = arguments.identity_type;
        query.active = arguments.status.map(ActivityStatus::is_active);
        query.email = arguments.email;
        query.handle = arguments.handle;
        query.terminated = arguments.terminated;
        query.has_owner = arguments.has_owner;
        query.query = arguments.query;

        results::page(arguments.page.request(), |page| {
            let mut query = query.clone();
            query.page = page;
            self.tenant.list_identities(query)
        })
        .await
    }

    /// One identity with everything known about it: the account, its linked employee and
    /// owners, the connections (roles, groups, policies) it holds, the resources it reaches
    /// (first 100, with the full count), its credentials and its governance findings with
    /// evidence. Find it by `brn`, or by `email` or `handle` (add `app` when the person has
    /// accounts in several apps).
    #[tool(
        name = "get_identity",
        title = "Get an identity",
        input_schema = schema::input::<GetIdentityArguments>(),
        output_schema = schema::output::<Noted<IdentityDetail>>()
    )]
    async fn get_identity(&self, arguments: JsonObject) -> CallToolResult {
        let arguments: GetIdentityArguments = parse_or_return!(arguments);

        let key = match identity_key(arguments) {
            Ok(key) => key,
            Err(error) => return results::argument_error(&error),
        };
        let detail = facade_or_return!(self.tenant.get_identity(key));
        results::structured(&Noted::new(detail))
    }

    /// Finds risky identities with the evidence behind each finding (dates, linked employee
    /// and its end date, owners, last sign-in): accounts of people who left that are still
    /// active, orphaned accounts, service accounts without an owner, dormant accounts.
    /// Sorted by kind, then app, then name. Human accounts are of two types: `employee`
    /// (linked to an employee) and `unmapped` (linked to no one, such as an orphaned account
    /// of someone who left); for "risky human identities" give no `identity_type` or look at
    /// both. Non-human accounts are `service_account` and `bot`.
    #[tool(
        name = "find_risky_identities",
        title = "Find risky identities",
        input_schema = schema::input::<FindRiskyIdentitiesArguments>(),
        output_schema = schema::output::<ListResult<RiskFinding>>()
    )]
    async fn find_risky_identities(&self, arguments: JsonObject) -> CallToolResult {
        let arguments: FindRiskyIdentitiesArguments = parse_or_return!(arguments);

        let mut query = RiskyIdentityQuery::default();
        query.kinds = arguments.kinds;
        query.app = arguments.app;
        query.identity_type = arguments.identity_type;
        query.dormant_after_days = arguments.dormant_after_days;

        results::page(arguments.page.request(), |page| {
            let mut query = query.clone();
            query.page = page;
            self.tenant.find_risky_identities(query)
        })
        .await
    }

    /// Walks relations from one entity: with `direction` `down`, the connections (roles,
    /// groups, policies) an identity holds and the resources they grant; with `up`, who holds
    /// a resource or connection. Each edge has its parent, child, depth (1 = direct) and
    /// privilege name.
    #[tool(
        name = "list_entity_relationships",
        title = "List entity relationships",
        input_schema = schema::input::<ListEntityRelationshipsArguments>(),
        output_schema = schema::output::<ListResult<RelationshipEdge>>()
    )]
    async fn list_entity_relationships(&self, arguments: JsonObject) -> CallToolResult {
        let arguments: ListEntityRelationshipsArguments = parse_or_return!(arguments);

        let mut query = RelationshipQuery::default();
        query.brn = arguments.brn;
        query.direction = arguments.direction.unwrap_or_default();
        query.transitive = arguments.transitive.unwrap_or(false);

        results::page(arguments.page.request(), |page| {
            let mut query = query.clone();
            query.page = page;
            self.tenant.list_entity_relationships(query)
        })
        .await
    }
}

/// The facade's key for `get_identity`: exactly one of `brn`, `email`, `handle`.
fn identity_key(arguments: GetIdentityArguments) -> Result<IdentityKey, ArgumentError> {
    let GetIdentityArguments {
        brn,
        email,
        handle,
        app,
    } = arguments;

    match (brn, email, handle) {
        (Some(brn), None, None) => Ok(IdentityKey::Brn(brn)),
        (None, Some(email), None) => Ok(IdentityKey::Email { email, app }),
        (None, None, Some(handle)) => Ok(IdentityKey::Handle { handle, app }),
        (None, None, None) => Err(ArgumentError::new(
            "brn",
            "no identity given; give `brn`, or `email` or `handle` (with `app` if needed)",
        )),
        _ => Err(ArgumentError::new(
            "brn",
            "give only one of `brn`, `email` and `handle`, not several",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arguments(brn: Option<&str>, email: Option<&str>) -> GetIdentityArguments {
        GetIdentityArguments {
            brn: brn.map(str::to_string),
            email: email.map(str::to_string),
            handle: None,
            app: Some("okta".to_string()),
        }
    }

    #[test]
    fn an_email_with_an_app_is_an_email_key() {
        let key = identity_key(arguments(None, Some("ada@example.com"))).unwrap();

        assert_eq!(
            key,
            IdentityKey::Email {
                email: "ada@example.com".into(),
                app: Some("okta".into())
            }
        );
    }

    #[test]
    fn no_key_at_all_is_an_argument_error_naming_brn() {
        let error = identity_key(arguments(None, None)).unwrap_err();

        assert_eq!(error.argument, "brn");
    }

    #[test]
    fn two_keys_at_once_are_rejected() {
        let error = identity_key(arguments(Some("brn:x"), Some("ada@example.com"))).unwrap_err();

        assert!(error.message.contains("only one of"), "{}", error.message);
    }
}
