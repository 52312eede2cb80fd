//! The `purposes` toolset: purposes for just-in-time access and who holds them.

use balkanid_api::query::PurposeQuery;
use balkanid_api::views::PurposeSummary;
use rmcp::model::{CallToolResult, JsonObject};
use rmcp::{tool, tool_router};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::results::{self, ListResult};
use crate::schema;
use crate::server::BalkanidServer;
use crate::tools::{PageArguments, parse_or_return};

/// Arguments of `list_purposes`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
pub(crate) struct ListPurposesArguments {
    /// `true`: only purposes with at least one assignment active now (approved, started and
    /// not expired).
    pub active_only: Option<bool>,
    /// Only purposes of this department (any case).
    pub department: Option<String>,
    /// Only purposes owned by this work email (any case).
    pub owner: Option<String>,
    /// Free text matched against name and description.
    pub query: Option<String>,
    #[serde(flatten)]
    pub page: PageArguments,
}

#[tool_router(router = purposes_router, vis = "pub(crate)")]
impl BalkanidServer {
    /// Lists purposes (bundles of access granted just in time for a reason) with department,
    /// owner, how many entities each grants, whether any assignment is active now, and their
    /// assignments (employee, state `scheduled`/`active`/`expired`/`pending`/`denied`, start
    /// and expiry; active first, at most 50 per purpose). Sorted by name.
    #[tool(
        name = "list_purposes",
        title = "List purposes",
        input_schema = schema::input::<ListPurposesArguments>(),
        output_schema = schema::output::<ListResult<PurposeSummary>>()
    )]
    async fn list_purposes(&self, arguments: JsonObject) -> CallToolResult {
        let arguments: ListPurposesArguments = parse_or_return!(arguments);

        let mut query = PurposeQuery::default();
        query.active_only = arguments.active_only.unwrap_or(false);
        query.department = arguments.department;
        query.owner = arguments.owner;
        query.query = arguments.query;

        results::page(arguments.page.request(), |page| {
            let mut query = query.clone();
            query.page = page;
            self.tenant.list_purposes(query)
        })
        .await
    }
}
