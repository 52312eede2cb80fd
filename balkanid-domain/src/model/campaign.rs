//! Access-review campaigns (`campaigns.csv`).

use chrono::NaiveDate;

use crate::ids::Ulid;
use crate::open_enum::open_enum;
use crate::values::{GoDuration, Rrule};

open_enum! {
    /// `Status` of a campaign as the bulk files write it.
    ///
    /// The UI's "In Progress" is `pending` in the files (inferred); "Overdue" is not a stored
    /// status but `pending` past the End Date, see [`crate::rules`].
    pub enum CampaignStatus {
        /// Being prepared, not yet published to reviewers.
        Draft => "draft",
        /// Published and in progress.
        Pending => "pending" | "in progress" | "in_progress",
        /// Marked complete by a risk manager or admin.
        Completed => "completed",
        /// Stopped early.
        Aborted => "aborted",
        /// Deleted (accepted on upload only).
        Deleted => "deleted",
    }
}

/// One campaign (a row of `campaigns.csv` as downloaded).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct Campaign {
    /// `ID`.
    pub id: Ulid,
    /// `Name`, unique within the tenant.
    pub name: String,
    /// `Description`.
    pub description: Option<String>,
    /// `Status`.
    pub status: CampaignStatus,
    /// `Start Date` (`YYYY-MM-DD`).
    pub start_date: NaiveDate,
    /// `End Date` (`YYYY-MM-DD`), the due date.
    pub end_date: NaiveDate,
    /// `Percentage Completed`, 0 to 100, written with two decimals.
    pub percentage_completed: f64,
    /// `Is Published`.
    pub is_published: bool,
    /// `Recurrence`: an `RRULE:` string.
    pub recurrence: Option<Rrule>,
    /// `Escalation`: how long before the due date reviewers are reminded.
    pub escalation: Option<GoDuration>,
    /// `Escalation Date`.
    pub escalation_date: Option<NaiveDate>,
}
