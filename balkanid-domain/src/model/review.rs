//! Review items of access-review campaigns and of access requests (`reviews.csv`).

use chrono::NaiveDate;

use crate::ids::WorkEmail;
use crate::open_enum::open_enum;

open_enum! {
    /// `Review Status` of one item.
    ///
    /// The files show `overdue`; the other spellings follow the UI's names in snake case
    /// (inferred).
    pub enum ReviewStatus {
        /// Not yet sent to the reviewer.
        Draft => "draft",
        /// Waiting for the reviewer's decision.
        Pending => "pending" | "created" | "started",
        /// The reviewer asked for more information.
        WaitingForInfo => "waiting_for_info" | "waiting for info",
        /// Past the campaign's due date without a decision.
        Overdue => "overdue",
        /// Overdue and waiting for information.
        OverdueWaitingForInfo => "overdue_waiting_for_info" | "overdue, waiting for info",
        /// Access kept.
        Approved => "approved",
        /// Access to be removed.
        Denied => "denied" | "rejected",
    }
}

impl ReviewStatus {
    /// Whether the item still waits for a decision.
    pub fn is_open(&self) -> bool {
        matches!(
            self,
            ReviewStatus::Pending
                | ReviewStatus::WaitingForInfo
                | ReviewStatus::Overdue
                | ReviewStatus::OverdueWaitingForInfo
        )
    }

    /// Whether the item has a decision.
    pub fn is_decided(&self) -> bool {
        matches!(self, ReviewStatus::Approved | ReviewStatus::Denied)
    }
}

/// One review item (a row of `reviews.csv`).
///
/// Items of a campaign name it in `Campaign Name`. Items that approve an access request have
/// no campaign and are referenced from the request's `Entity Review ID` or `Purpose Review ID`
/// (inferred; BalkanID documents the column but not such rows).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct ReviewItem {
    /// `ID`.
    pub id: String,
    /// `Permission Name`.
    pub permission_name: String,
    /// `Permission Value`.
    pub permission_value: bool,
    /// `Resource`.
    pub resource: Option<String>,
    /// `Resource Type`.
    pub resource_type: Option<String>,
    /// `Identity ID`.
    pub identity_id: Option<String>,
    /// `Identity Type`: `employee`, `service account`, `unmapped`.
    pub identity_type: String,
    /// `Identity Email`.
    pub identity_email: Option<String>,
    /// `Identity Username`.
    pub identity_username: Option<String>,
    /// `Identity Name`.
    pub identity_name: Option<String>,
    /// `Employee ID`.
    pub employee_id: Option<String>,
    /// `Employee Email`.
    pub employee_email: Option<WorkEmail>,
    /// `Job Title`.
    pub job_title: Option<String>,
    /// `Department`.
    pub department: Option<String>,
    /// `Manager`.
    pub manager: Option<String>,
    /// `Employment Type`.
    pub employment_type: Option<String>,
    /// `Campaign Name`; `None` for access-request reviews.
    pub campaign_name: Option<String>,
    /// `Application Name`.
    pub application_name: String,
    /// `Application Description`.
    pub application_description: Option<String>,
    /// `Connection`.
    pub connection: Option<String>,
    /// `Connection Type`.
    pub connection_type: Option<String>,
    /// `Reviewer`: the reviewer's name.
    pub reviewer: String,
    /// `Reviewer ID`: the reviewer's email.
    pub reviewer_id: WorkEmail,
    /// `Access Review Creation Date`.
    pub created: NaiveDate,
    /// `Access Review Completion Date`.
    pub completed: Option<NaiveDate>,
    /// `Review Status`.
    pub status: ReviewStatus,
    /// `Activity Log`: JSON array of `{"Actor ID","Actor Name","Activity Comment",
    /// "Previous Status","Status","Timestamp"}`.
    pub activity_log: Option<serde_json::Value>,
    /// `Review Type`, such as `manager`, `riskmanager` or, for request approvals, `request`.
    pub review_type: Option<String>,
    /// `Labels Array`, JSON.
    pub labels: Option<serde_json::Value>,
    /// `Recommendation`, JSON `{"value","explanation"}`.
    pub recommendation: Option<serde_json::Value>,
    /// `Purpose ID`.
    pub purpose_id: Option<String>,
    /// `Employee ID For Purpose`.
    pub employee_id_for_purpose: Option<String>,
}
