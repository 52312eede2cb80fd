//! The `integrations` toolset: the connected applications and how their syncs went.

use balkanid_api::query::IntegrationQuery;
use balkanid_api::views::IntegrationSummary;
use rmcp::model::{CallToolResult, JsonObject};
use rmcp::{tool, tool_router};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::results::{self, ListResult};
use crate::schema;
use crate::server::BalkanidServer;
use crate::tools::{ActivityStatus, PageArguments, parse_or_return};

/// Arguments of `list_integrations`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
pub(crate) struct ListIntegrationsArguments {
    /// Only integrations of this app id, such as `okta`, `azure`, `aws`, `github`, `google`
    /// or `salesforce`.
    pub app: Option<String>,
    /// Only `active` or `inactive` integrations.
    pub status: Option<ActivityStatus>,
    #[serde(flatten)]
    pub page: PageArguments,
}

#[tool_router(router = integrations_router, vis = "pub(crate)")]
impl BalkanidServer {
    /// Lists integrations (connected applications) with their id (`<app>/<ULID>`), status
    /// (`active` or `inactive`), when the last sync ran, the last sync's message (such as
    /// `Data Available`, or an error count), primary owner and how many identities each
    /// reported. Sorted by app, then name.
    #[tool(
        name = "list_integrations",
        title = "List integrations",
        input_schema = schema::input::<ListIntegrationsArguments>(),
        output_schema = schema::output::<ListResult<IntegrationSummary>>()
    )]
    async fn list_integrations(&self, arguments: JsonObject) -> CallToolResult {
        let arguments: ListIntegrationsArguments = parse_or_return!(arguments);

        let mut query = IntegrationQuery::default();
        query.app = arguments.app;
        query.active = arguments.status.map(ActivityStatus::is_active);

        results::page(arguments.page.request(), |page| {
            let mut query = query.clone();
            query.page = page;
            self.tenant.list_integrations(query)
        })
        .await
    }
}
