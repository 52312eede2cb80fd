//! The `credentials` toolset: secrets, keys, certificates and federated credentials of
//! identities, and which of them are risky.

use balkanid_api::query::{
    CredentialQuery, CredentialRiskKind, CredentialState, FederatedQuery, RiskyCredentialQuery,
};
use balkanid_api::views::{CredentialDetail, CredentialSummary, FederatedCredential, RiskFinding};
use rmcp::model::{CallToolResult, JsonObject};
use rmcp::{tool, tool_router};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::results::{self, ListResult};
use crate::schema;
use crate::server::BalkanidServer;
use crate::tools::{MAX_DAYS, Noted, PageArguments, facade_or_return, parse_or_return};

/// The kinds of credential BalkanID's integrations report.
#[derive(Clone, Copy, Debug, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub(crate) enum CredentialType {
    /// An API key.
    ApiKey,
    /// A cloud access key (such as an AWS access key).
    AccessKey,
    /// An application's client secret (such as an Azure app secret).
    ClientSecret,
    /// An OAuth token.
    OauthToken,
    /// An X.509 certificate.
    X509Certificate,
    /// An SSH key.
    SshKey,
    /// A service account key (such as a Google Cloud key).
    ServiceAccountKey,
    /// A federated identity credential (workload identity federation).
    FederatedIdentity,
}

impl CredentialType {
    /// The name the facade filters on.
    fn as_str(self) -> &'static str {
        match self {
            CredentialType::ApiKey => "api_key",
            CredentialType::AccessKey => "access_key",
            CredentialType::ClientSecret => "client_secret",
            CredentialType::OauthToken => "oauth_token",
            CredentialType::X509Certificate => "x509_certificate",
            CredentialType::SshKey => "ssh_key",
            CredentialType::ServiceAccountKey => "service_account_key",
            CredentialType::FederatedIdentity => "federated_identity",
        }
    }
}

/// Arguments of `list_credentials`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
pub(crate) struct ListCredentialsArguments {
    /// Only credentials in this state now: `active`, `expiring` (expires within 30 days),
    /// `expired` or `revoked`.
    pub status: Option<CredentialState>,
    /// Only credentials of this type.
    pub credential_type: Option<CredentialType>,
    /// Only credentials of this app id, such as `azure` or `aws`.
    pub app: Option<String>,
    /// Only credentials of identities owned by, or belonging to, this employee (work email,
    /// any case), or of the identity with this BRN.
    pub owner: Option<String>,
    /// Only credentials that have not expired and expire within this many days from now
    /// (for "expiring in the next 30 days", give 30).
    #[schemars(range(max = MAX_DAYS))]
    pub expiring_within_days: Option<u32>,
    /// Only credentials not rotated for more than this many days (since creation when never
    /// rotated).
    #[schemars(range(max = MAX_DAYS))]
    pub unrotated_for_days: Option<u32>,
    /// `true`: only credentials of identities whose environment is `production`.
    pub production_only: Option<bool>,
    #[serde(flatten)]
    pub page: PageArguments,
}

/// Arguments of `get_credential`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
pub(crate) struct GetCredentialArguments {
    /// The credential's id, as returned by other tools.
    pub id: String,
}

/// Arguments of `find_risky_credentials`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
pub(crate) struct FindRiskyCredentialsArguments {
    /// Which risks to look for; every kind when empty or omitted.
    /// `expired`: past its expiry and not revoked. `expiring`: expires within
    /// `expiring_within_days`. `unrotated`: not rotated for more than `unrotated_for_days`.
    /// `active_on_inactive_identity`: still active on a disabled account.
    /// `broad_federated_trust`: a federated credential trusting wildcard or overly broad
    /// subjects, unknown issuers or many audiences.
    #[serde(default)]
    pub kinds: Vec<CredentialRiskKind>,
    /// Only credentials of this app id, such as `azure` or `aws`.
    pub app: Option<String>,
    /// `true`: only credentials of identities whose environment is `production`.
    pub production_only: Option<bool>,
    /// Days ahead that count as expiring soon; 30 when omitted.
    #[schemars(range(max = MAX_DAYS))]
    pub expiring_within_days: Option<u32>,
    /// Days without rotation that count as unrotated; 90 when omitted.
    #[schemars(range(max = MAX_DAYS))]
    pub unrotated_for_days: Option<u32>,
    #[serde(flatten)]
    pub page: PageArguments,
}

/// Arguments of `list_federated_credentials`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
pub(crate) struct ListFederatedCredentialsArguments {
    /// Only credentials of this app id, such as `azure` or `aws`.
    pub app: Option<String>,
    /// `true`: only credentials whose trust is `broad` or `wildcard`.
    pub broad_only: Option<bool>,
    #[serde(flatten)]
    pub page: PageArguments,
}

#[tool_router(router = credentials_router, vis = "pub(crate)")]
impl BalkanidServer {
    /// Lists credentials (API keys, access keys, client secrets, certificates, SSH keys,
    /// service account keys, federated credentials) with their owning identity, environment,
    /// creation, rotation, last use and expiry dates, days until expiry (negative once expired)
    /// and state now. Filters combine. Sorted by app, then identity, then name.
    #[tool(
        name = "list_credentials",
        title = "List credentials",
        input_schema = schema::input::<ListCredentialsArguments>(),
        output_schema = schema::output::<ListResult<CredentialSummary>>()
    )]
    async fn list_credentials(&self, arguments: JsonObject) -> CallToolResult {
        let arguments: ListCredentialsArguments = parse_or_return!(arguments);

        let mut query = CredentialQuery::default();
        query.state = arguments.status;
        query.credential_type = arguments
            .credential_type
            .map(|kind| kind.as_str().to_string());
        query.app = arguments.app;
        query.owner = arguments.owner;
        query.expiring_within_days = arguments.expiring_within_days;
        query.unrotated_for_days = arguments.unrotated_for_days;
        query.production_only = arguments.production_only.unwrap_or(false);

        results::page(arguments.page.request(), |page| {
            let mut query = query.clone();
            query.page = page;
            self.tenant.list_credentials(query)
        })
        .await
    }

    /// One credential with its owning identity, the resources that identity reaches (first
    /// 100, with the full count), its federation trust (issuer, subject, audiences, breadth)
    /// when it is federated, and its governance findings with evidence.
    #[tool(
        name = "get_credential",
        title = "Get a credential",
        input_schema = schema::input::<GetCredentialArguments>(),
        output_schema = schema::output::<Noted<CredentialDetail>>()
    )]
    async fn get_credential(&self, arguments: JsonObject) -> CallToolResult {
        let arguments: GetCredentialArguments = parse_or_return!(arguments);

        let detail = facade_or_return!(self.tenant.get_credential(&arguments.id));
        results::structured(&Noted::new(detail))
    }

    /// Finds risky credentials with evidence: expired (not revoked), expiring soon, not
    /// rotated for too long, still active on an inactive identity, and federated credentials
    /// with overly broad trust. `production_only` keeps credentials of production identities.
    /// Sorted by kind, then app, then name.
    #[tool(
        name = "find_risky_credentials",
        title = "Find risky credentials",
        input_schema = schema::input::<FindRiskyCredentialsArguments>(),
        output_schema = schema::output::<ListResult<RiskFinding>>()
    )]
    async fn find_risky_credentials(&self, arguments: JsonObject) -> CallToolResult {
        let arguments: FindRiskyCredentialsArguments = parse_or_return!(arguments);

        let mut query = RiskyCredentialQuery::default();
        query.kinds = arguments.kinds;
        query.app = arguments.app;
        query.production_only = arguments.production_only.unwrap_or(false);
        query.expiring_within_days = arguments.expiring_within_days;
        query.unrotated_for_days = arguments.unrotated_for_days;

        results::page(arguments.page.request(), |page| {
            let mut query = query.clone();
            query.page = page;
            self.tenant.find_risky_credentials(query)
        })
        .await
    }

    /// Lists federated identity credentials (workload identity federation) with the issuer,
    /// subject and audiences they trust, and a breadth assessment (`narrow`, `broad` or
    /// `wildcard`) with one reason per concern. Sorted by app, then identity, then name.
    #[tool(
        name = "list_federated_credentials",
        title = "List federated credentials",
        input_schema = schema::input::<ListFederatedCredentialsArguments>(),
        output_schema = schema::output::<ListResult<FederatedCredential>>()
    )]
    async fn list_federated_credentials(&self, arguments: JsonObject) -> CallToolResult {
        let arguments: ListFederatedCredentialsArguments = parse_or_return!(arguments);

        let mut query = FederatedQuery::default();
        query.app = arguments.app;
        query.broad_only = arguments.broad_only.unwrap_or(false);

        results::page(arguments.page.request(), |page| {
            let mut query = query.clone();
            query.page = page;
            self.tenant.list_federated_credentials(query)
        })
        .await
    }
}
