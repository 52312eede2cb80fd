//! The `access` toolset: access requests and their approvals.

use balkanid_api::query::AccessRequestQuery;
use balkanid_api::views::{AccessRequestDetail, AccessRequestSummary};
use rmcp::model::{CallToolResult, JsonObject};
use rmcp::{tool, tool_router};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::results::{self, ListResult};
use crate::schema;
use crate::server::BalkanidServer;
use crate::tools::{Noted, PageArguments, facade_or_return, parse_or_return};

/// An access request's status, derived from its review items.
#[derive(Clone, Copy, Debug, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub(crate) enum RequestStatus {
    /// Some review is still open and none denied it.
    Pending,
    /// Every review approved it.
    Approved,
    /// A review denied it.
    Denied,
}

impl RequestStatus {
    fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Pending => "pending",
            RequestStatus::Approved => "approved",
            RequestStatus::Denied => "denied",
        }
    }
}

/// Whether a request adds or removes access.
#[derive(Clone, Copy, Debug, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub(crate) enum RequestType {
    /// Adds access.
    Grant,
    /// Removes access.
    Revoke,
}

impl RequestType {
    fn as_str(self) -> &'static str {
        match self {
            RequestType::Grant => "grant",
            RequestType::Revoke => "revoke",
        }
    }
}

/// Arguments of `list_access_requests`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
pub(crate) struct ListAccessRequestsArguments {
    /// Only requests made by this work email (any case).
    pub requester: Option<String>,
    /// Only requests for this employee's work email (any case).
    pub employee: Option<String>,
    /// Only requests with this status: `pending`, `approved` or `denied`.
    pub status: Option<RequestStatus>,
    /// Only requests with an open review assigned to this reviewer's work email (any case):
    /// "requests waiting for X's approval".
    pub assignee: Option<String>,
    /// Only `grant` or `revoke` requests.
    pub request_type: Option<RequestType>,
    #[serde(flatten)]
    pub page: PageArguments,
}

/// Arguments of `get_access_request`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
pub(crate) struct GetAccessRequestArguments {
    /// The request's id, as returned by `list_access_requests`.
    pub id: String,
}

#[tool_router(router = access_router, vis = "pub(crate)")]
impl BalkanidServer {
    /// Lists access requests with requester, the employee the access is for, grant or
    /// revoke, kind (`employee_request`, `purpose_request`, ...), status derived from their
    /// reviews (`pending`, `approved`, `denied`), apps and items asked for, duration, expiry,
    /// reason and the reviewers with an open review. Filters combine. Newest first.
    #[tool(
        name = "list_access_requests",
        title = "List access requests",
        input_schema = schema::input::<ListAccessRequestsArguments>(),
        output_schema = schema::output::<ListResult<AccessRequestSummary>>()
    )]
    async fn list_access_requests(&self, arguments: JsonObject) -> CallToolResult {
        let arguments: ListAccessRequestsArguments = parse_or_return!(arguments);

        let mut query = AccessRequestQuery::default();
        query.requester = arguments.requester;
        query.employee = arguments.employee;
        query.status = arguments.status.map(|status| status.as_str().to_string());
        query.assignee = arguments.assignee;
        query.request_type = arguments.request_type.map(|kind| kind.as_str().to_string());

        results::page(arguments.page.request(), |page| {
            let mut query = query.clone();
            query.page = page;
            self.tenant.list_access_requests(query)
        })
        .await
    }

    /// One access request with its review items (the approval history, in order), the
    /// approver chain (reviewers in the order they act) and its metadata as BalkanID stores
    /// it.
    #[tool(
        name = "get_access_request",
        title = "Get an access request",
        input_schema = schema::input::<GetAccessRequestArguments>(),
        output_schema = schema::output::<Noted<AccessRequestDetail>>()
    )]
    async fn get_access_request(&self, arguments: JsonObject) -> CallToolResult {
        let arguments: GetAccessRequestArguments = parse_or_return!(arguments);

        let detail = facade_or_return!(self.tenant.get_access_request(&arguments.id));
        results::structured(&Noted::new(detail))
    }
}
