//! The `reviews` toolset: access-review campaigns, their review items and the acting user's
//! queue.

use balkanid_api::query::{CampaignQuery, PageRequest, ReviewQuery};
use balkanid_api::views::{CampaignSummary, MyQueue, ReviewSummary};
use rmcp::model::{CallToolResult, JsonObject};
use rmcp::{tool, tool_router};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::results::{self, ListResult};
use crate::schema;
use crate::server::BalkanidServer;
use crate::tools::{Noted, PageArguments, facade_or_return, parse_or_return};

/// A campaign's stored status.
#[derive(Clone, Copy, Debug, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub(crate) enum CampaignStatus {
    /// Not yet published to reviewers.
    Draft,
    /// Published and not yet marked completed; BalkanID's UI shows it as "In Progress".
    Pending,
    /// Marked completed.
    Completed,
    /// Stopped early.
    Aborted,
}

impl CampaignStatus {
    fn as_str(self) -> &'static str {
        match self {
            CampaignStatus::Draft => "draft",
            CampaignStatus::Pending => "pending",
            CampaignStatus::Completed => "completed",
            CampaignStatus::Aborted => "aborted",
        }
    }
}

/// A review item's status, or `open` for every status still waiting for a decision.
#[derive(Clone, Copy, Debug, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub(crate) enum ReviewStatus {
    /// Every status that still waits for a decision: pending, waiting_for_info, overdue,
    /// overdue_waiting_for_info (drafts are not yet sent to the reviewer).
    Open,
    /// Not yet sent to the reviewer.
    Draft,
    /// Waiting for the reviewer's decision.
    Pending,
    /// The reviewer asked for more information.
    WaitingForInfo,
    /// Past the campaign's due date without a decision.
    Overdue,
    /// Overdue and waiting for more information.
    OverdueWaitingForInfo,
    /// Access kept.
    Approved,
    /// Access to be removed.
    Denied,
}

impl ReviewStatus {
    fn as_str(self) -> &'static str {
        match self {
            ReviewStatus::Open => "open",
            ReviewStatus::Draft => "draft",
            ReviewStatus::Pending => "pending",
            ReviewStatus::WaitingForInfo => "waiting_for_info",
            ReviewStatus::Overdue => "overdue",
            ReviewStatus::OverdueWaitingForInfo => "overdue_waiting_for_info",
            ReviewStatus::Approved => "approved",
            ReviewStatus::Denied => "denied",
        }
    }
}

/// Arguments of `list_campaigns`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
pub(crate) struct ListCampaignsArguments {
    /// Only campaigns with this stored status: `draft`, `pending` (in progress), `completed`
    /// or `aborted`.
    pub status: Option<CampaignStatus>,
    /// `true`: only overdue campaigns (past their due date and not completed).
    pub overdue_only: Option<bool>,
    #[serde(flatten)]
    pub page: PageArguments,
}

/// Arguments of `list_reviews`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
pub(crate) struct ListReviewsArguments {
    /// Only items of this campaign, by id or exact name (any case). An unknown name fails
    /// with the nearest campaign names.
    pub campaign: Option<String>,
    /// Only items with this status. `open` means every status still waiting for a decision
    /// (`pending`, `waiting_for_info`, `overdue`, `overdue_waiting_for_info`); `draft` items
    /// are not yet sent to their reviewer.
    pub status: Option<ReviewStatus>,
    /// Only items assigned to this reviewer's work email (any case).
    pub reviewer: Option<String>,
    /// Only items of this application, by name or app id.
    pub application: Option<String>,
    /// Only items about this permission name.
    pub permission: Option<String>,
    /// Only items about this identity: its email, username or id.
    pub identity: Option<String>,
    #[serde(flatten)]
    pub page: PageArguments,
}

/// Arguments of `get_my_queue`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
pub(crate) struct GetMyQueueArguments {
    /// How many review items, and how many access requests, to return: 1 to 500, 50 when
    /// not given. The counts are always complete.
    #[schemars(range(min = 1, max = 500))]
    pub limit: Option<u32>,
}

#[tool_router(router = reviews_router, vis = "pub(crate)")]
impl BalkanidServer {
    /// Lists access-review campaigns with their status, start and due dates, whether they are
    /// overdue (past due and not completed) and by how many days, completion percentage
    /// (decided items over all items, 0 to 100) and item counts (open, approved, denied).
    /// Sorted by due date, then name.
    #[tool(
        name = "list_campaigns",
        title = "List campaigns",
        input_schema = schema::input::<ListCampaignsArguments>(),
        output_schema = schema::output::<ListResult<CampaignSummary>>()
    )]
    async fn list_campaigns(&self, arguments: JsonObject) -> CallToolResult {
        let arguments: ListCampaignsArguments = parse_or_return!(arguments);

        let mut query = CampaignQuery::default();
        query.status = arguments.status.map(|status| status.as_str().to_string());
        query.overdue_only = arguments.overdue_only.unwrap_or(false);

        results::page(arguments.page.request(), |page| {
            let mut query = query.clone();
            query.page = page;
            self.tenant.list_campaigns(query)
        })
        .await
    }

    /// Lists review items (one identity's permission to keep or remove) of campaigns and of
    /// access requests, with status, reviewer, application, permission, reviewed account and
    /// BalkanID's recommendation. Filters combine. Sorted by creation date, then id.
    #[tool(
        name = "list_reviews",
        title = "List review items",
        input_schema = schema::input::<ListReviewsArguments>(),
        output_schema = schema::output::<ListResult<ReviewSummary>>()
    )]
    async fn list_reviews(&self, arguments: JsonObject) -> CallToolResult {
        let arguments: ListReviewsArguments = parse_or_return!(arguments);

        let mut query = ReviewQuery::default();
        query.campaign = arguments.campaign;
        query.status = arguments.status.map(|status| status.as_str().to_string());
        query.reviewer = arguments.reviewer;
        query.application = arguments.application;
        query.permission = arguments.permission;
        query.identity = arguments.identity;

        results::page(arguments.page.request(), |page| {
            let mut query = query.clone();
            query.page = page;
            self.tenant.list_reviews(query)
        })
        .await
    }

    /// The acting user's pending work: open review items assigned to them in campaigns in
    /// progress, and access requests waiting for their approval, with the full count of
    /// each. To see another reviewer's items, use `list_reviews` with `reviewer` and
    /// `list_access_requests` with `assignee`.
    #[tool(
        name = "get_my_queue",
        title = "Get my review queue",
        input_schema = schema::input::<GetMyQueueArguments>(),
        output_schema = schema::output::<Noted<MyQueue>>()
    )]
    async fn get_my_queue(&self, arguments: JsonObject) -> CallToolResult {
        let arguments: GetMyQueueArguments = parse_or_return!(arguments);

        let mut page = PageRequest::default();
        if let Some(limit) = arguments.limit {
            page = page.limit(limit);
        }
        let queue = facade_or_return!(self.tenant.my_queue(page));

        let note = queue_note(&queue);
        results::structured(&Noted { value: queue, note })
    }
}

/// Says which of the queue's two lists is partial, if any.
fn queue_note(queue: &MyQueue) -> Option<String> {
    let mut parts = Vec::new();
    if (queue.reviews.len() as u64) < queue.n_reviews {
        parts.push(format!(
            "{} of {} review items are shown (use list_reviews with reviewer and status open \
             to page through them)",
            queue.reviews.len(),
            queue.n_reviews
        ));
    }
    if (queue.access_requests.len() as u64) < queue.n_access_requests {
        parts.push(format!(
            "{} of {} access requests are shown (use list_access_requests with assignee and \
             status pending to page through them)",
            queue.access_requests.len(),
            queue.n_access_requests
        ));
    }
    (!parts.is_empty()).then(|| format!("Partial queue: {}.", parts.join("; ")))
}
