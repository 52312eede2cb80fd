//! The `context` toolset: `whoami`, who is acting on which tenant.

use balkanid_api::views::TenantInfo;
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
}

#[tool_router(router = context_router, vis = "pub(crate)")]
impl BalkanidServer {
    /// Who is acting and on what: the acting user's email, name and BalkanID roles
    /// (`reviewer`, `riskmanager`, `admin`), the tenant's name and id, the mode (`sandbox`
    /// for the local demo or snapshot, `cloud` for a BalkanID tenant), the snapshot time, the
    /// instant rules are evaluated at (`as_of`), whether the server is read-only and which
    /// toolsets it offers. Call this first: "today", "terminated", "expired" and "overdue" all
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
        };
        results::structured(&answer)
    }
}

/// The arguments of a tool that takes none.
#[derive(Clone, Debug, Default, serde::Deserialize, JsonSchema)]
pub(crate) struct NoArguments {}
