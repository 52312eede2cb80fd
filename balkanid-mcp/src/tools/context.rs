//! The `context` toolset: `whoami`, who is acting on which tenant, and on a cloud tenant
//! `refresh_tenant`, which pulls the local mirror again.

use balkanid_api::views::{MirrorStatus, TenantInfo};
use rmcp::model::CallToolResult;
use rmcp::{tool, tool_router};
use schemars::JsonSchema;
use serde::Serialize;

use crate::results;
use crate::schema;
use crate::server::BalkanidServer;
use crate::tools::facade_or_return;

/// `whoami`'s answer: the tenant's view of the acting user plus the server's own settings.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub(crate) struct WhoAmI {
    #[serde(flatten)]
    pub tenant: TenantInfo,
    /// Whether the server offers only tools that read.
    pub read_only: bool,
    /// The toolsets this server offers.
    pub toolsets: Vec<String>,
    /// On a cloud tenant, the local mirror every read answers from: when it was pulled, how
    /// old it is, after how long it is pulled again, and why its last refresh failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mirror: Option<MirrorStatus>,
}

#[tool_router(router = context_router, vis = "pub(crate)")]
impl BalkanidServer {
    /// Who is acting and on what: the acting user's email, name and BalkanID roles
    /// (`reviewer`, `riskmanager`, `admin`), the tenant's name and id, the mode (`sandbox`
    /// for the local demo or snapshot, `cloud` for a BalkanID tenant), the snapshot time, the
    /// instant rules are evaluated at (`as_of`), whether the server is read-only and which
    /// toolsets it offers; in cloud mode also the local mirror's age (`data_age_seconds`) and
    /// refresh interval. Call this first: "today", "terminated", "expired" and "overdue" all
    /// mean "at `as_of`".
    #[tool(
        name = "whoami",
        title = "Who am I",
        input_schema = schema::input::<NoArguments>(),
        output_schema = schema::output::<WhoAmI>()
    )]
    async fn whoami(&self) -> CallToolResult {
        let tenant = facade_or_return!(self.tenant.info());

        let toolsets = self.settings.enabled_toolsets();
        let answer = WhoAmI {
            tenant,
            read_only: self.settings.read_only,
            toolsets: toolsets
                .iter()
                .map(|toolset| toolset.as_str().to_string())
                .collect(),
            mirror: self.tenant.mirror_status(),
        };
        results::structured(&answer)
    }

    /// Pulls the BalkanID cloud tenant's data again from BalkanID's bulk API and replaces the
    /// local mirror every read tool answers from, then returns the mirror's new state
    /// (`pulled_at`, `data_age_seconds`). Changes nothing in BalkanID. Reads already refresh
    /// by themselves once the mirror is `refresh_after_seconds` old (see `whoami`); call this
    /// only when changes made in BalkanID in the last minutes matter. It takes as long as the
    /// download: seconds, or minutes on a large tenant. If it fails, the older mirror stays.
    #[tool(
        name = "refresh_tenant",
        title = "Refresh the cloud mirror",
        input_schema = schema::input::<NoArguments>(),
        output_schema = schema::output::<MirrorStatus>()
    )]
    async fn refresh_tenant(&self) -> CallToolResult {
        let status = facade_or_return!(self.tenant.refresh());

        results::structured(&status)
    }
}

/// The arguments of a tool that takes none.
#[derive(Clone, Debug, Default, serde::Deserialize, JsonSchema)]
pub(crate) struct NoArguments {}
