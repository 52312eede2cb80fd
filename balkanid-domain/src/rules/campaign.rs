//! The campaign rule: whether a campaign is overdue at `as_of`, how complete it is and how
//! many of its review items are in each status.

use chrono::{DateTime, NaiveDate, Utc};

use crate::model::{Campaign, CampaignStatus, ReviewStatus};
use crate::rules::employment::days_between;

/// How many review items of a campaign are in each status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct ReviewCounts {
    /// Every item.
    pub total: usize,
    /// Not yet sent to the reviewer.
    pub draft: usize,
    /// Waiting for a decision.
    pub pending: usize,
    /// The reviewer asked for more information.
    pub waiting_for_info: usize,
    /// Past due without a decision.
    pub overdue: usize,
    /// Past due and waiting for information.
    pub overdue_waiting_for_info: usize,
    /// Access kept.
    pub approved: usize,
    /// Access to be removed.
    pub denied: usize,
    /// In a status this crate does not know.
    pub other: usize,
}

impl ReviewCounts {
    /// Counts a list of item statuses.
    pub fn from_statuses<'a>(statuses: impl IntoIterator<Item = &'a ReviewStatus>) -> Self {
        let mut res = ReviewCounts::default();
        for status in statuses {
            res.total += 1;
            let bucket = match status {
                ReviewStatus::Draft => &mut res.draft,
                ReviewStatus::Pending => &mut res.pending,
                ReviewStatus::WaitingForInfo => &mut res.waiting_for_info,
                ReviewStatus::Overdue => &mut res.overdue,
                ReviewStatus::OverdueWaitingForInfo => &mut res.overdue_waiting_for_info,
                ReviewStatus::Approved => &mut res.approved,
                ReviewStatus::Denied => &mut res.denied,
                _ => &mut res.other,
            };
            *bucket += 1;
        }
        res
    }

    /// Items with a decision: approved or denied.
    pub fn decided(&self) -> usize {
        self.approved + self.denied
    }

    /// Items still waiting for a decision: pending, waiting for information or overdue.
    pub fn open(&self) -> usize {
        self.pending + self.waiting_for_info + self.overdue + self.overdue_waiting_for_info
    }
}

/// A campaign's state at `as_of`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct CampaignAssessment {
    /// The stored status.
    pub status: CampaignStatus,
    /// The End Date, the campaign's due date.
    pub end_date: NaiveDate,
    /// Whether the campaign is in progress and past its End Date.
    pub is_overdue: bool,
    /// Days from the End Date to `as_of`'s UTC date, when overdue (at least 1).
    pub days_overdue: Option<i64>,
    /// Decided items out of all items, in percent rounded to two decimals; 0 with no items.
    pub completion_percent: f64,
    /// Items per status.
    pub counts: ReviewCounts,
}

/// Assesses a campaign and the statuses of its review items at `as_of`.
///
/// - Overdue: the status is `pending` (published and in progress) and the End Date is before
///   `as_of`'s UTC date, so a campaign is still on time on its End Date, like an employee on
///   their last day. Draft campaigns are not yet running and completed or aborted ones are
///   over, so none of them is overdue.
/// - Completion: approved and denied items over all items, in percent, rounded half up to two
///   decimals as `Percentage Completed` is written. A campaign with no items is 0 % complete
///   (inferred): nothing has been reviewed, and showing 100 % would make an empty or
///   not-yet-generated campaign look finished.
pub fn assess_campaign<'a>(
    campaign: &Campaign,
    item_statuses: impl IntoIterator<Item = &'a ReviewStatus>,
    as_of: DateTime<Utc>,
) -> CampaignAssessment {
    let counts = ReviewCounts::from_statuses(item_statuses);

    let as_of_date = as_of.date_naive();
    let is_overdue = campaign.status == CampaignStatus::Pending && campaign.end_date < as_of_date;
    let days_overdue = is_overdue.then(|| days_between(campaign.end_date, as_of_date));

    CampaignAssessment {
        status: campaign.status.clone(),
        end_date: campaign.end_date,
        is_overdue,
        days_overdue,
        completion_percent: completion_percent(counts.decided(), counts.total),
        counts,
    }
}

/// `decided / total` in percent, rounded half up to two decimals; 0 when `total` is 0.
fn completion_percent(decided: usize, total: usize) -> f64 {
    if total == 0 {
        return 0.0;
    }

    // Hundredths of a percent, rounded half up with integers so that 2/3 gives exactly 66.67.
    let decided = decided as u128;
    let total = total as u128;
    let hundredths = (decided * 10_000 * 2 + total) / (2 * total);
    hundredths as f64 / 100.0
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::ids::Ulid;

    fn date(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    fn instant(year: i32, month: u32, day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(year, month, day, hour, minute, 0)
            .unwrap()
    }

    /// "Q4 SOC", running 2025-10-01 to 2025-12-31.
    fn campaign(status: CampaignStatus) -> Campaign {
        Campaign {
            id: Ulid::from_parts(1_700_000_000_000, 7),
            name: "Q4 SOC".to_owned(),
            description: None,
            status,
            start_date: date(2025, 10, 1),
            end_date: date(2025, 12, 31),
            percentage_completed: 0.0,
            is_published: true,
            recurrence: None,
            escalation: None,
            escalation_date: None,
        }
    }

    #[test]
    fn in_progress_campaign_is_on_time_on_its_end_date() {
        let res = assess_campaign(
            &campaign(CampaignStatus::Pending),
            [],
            instant(2025, 12, 31, 23, 0),
        );

        assert!(!res.is_overdue);
        assert_eq!(res.days_overdue, None);
    }

    #[test]
    fn in_progress_campaign_is_overdue_the_day_after_its_end_date() {
        // End 2025-12-31, as_of 2026-01-05: 5 days overdue.
        let res = assess_campaign(
            &campaign(CampaignStatus::Pending),
            [],
            instant(2026, 1, 5, 8, 0),
        );

        assert!(res.is_overdue);
        assert_eq!(res.days_overdue, Some(5));
    }

    #[test]
    fn draft_completed_and_aborted_campaigns_are_never_overdue() {
        for status in [
            CampaignStatus::Draft,
            CampaignStatus::Completed,
            CampaignStatus::Aborted,
        ] {
            let res = assess_campaign(&campaign(status.clone()), [], instant(2026, 6, 1, 0, 0));

            assert!(!res.is_overdue, "{status}");
        }
    }

    #[test]
    fn completion_counts_approved_and_denied_over_all_items() {
        // 2 approved + 1 denied decided, of 6 items: 3 / 6 = 50 %.
        let statuses = [
            ReviewStatus::Approved,
            ReviewStatus::Approved,
            ReviewStatus::Denied,
            ReviewStatus::Pending,
            ReviewStatus::Overdue,
            ReviewStatus::WaitingForInfo,
        ];

        let res = assess_campaign(
            &campaign(CampaignStatus::Pending),
            &statuses,
            instant(2025, 11, 1, 0, 0),
        );

        assert_eq!(res.completion_percent, 50.0);
        assert_eq!(
            res.counts,
            ReviewCounts {
                total: 6,
                pending: 1,
                waiting_for_info: 1,
                overdue: 1,
                approved: 2,
                denied: 1,
                ..ReviewCounts::default()
            }
        );
        assert_eq!(res.counts.decided(), 3);
        assert_eq!(res.counts.open(), 3);
    }

    #[test]
    fn completion_rounds_half_up_to_two_decimals() {
        // 2 of 3 is 66.666...% -> 66.67; 1 of 3 is 33.333...% -> 33.33; 1 of 8 is 12.5 exactly.
        let two_of_three = [
            ReviewStatus::Approved,
            ReviewStatus::Denied,
            ReviewStatus::Pending,
        ];
        let one_of_three = [
            ReviewStatus::Approved,
            ReviewStatus::Pending,
            ReviewStatus::Pending,
        ];
        let mut one_of_eight = vec![ReviewStatus::Pending; 7];
        one_of_eight.push(ReviewStatus::Approved);
        let as_of = instant(2025, 11, 1, 0, 0);
        let running = campaign(CampaignStatus::Pending);

        assert_eq!(
            assess_campaign(&running, &two_of_three, as_of).completion_percent,
            66.67
        );
        assert_eq!(
            assess_campaign(&running, &one_of_three, as_of).completion_percent,
            33.33
        );
        assert_eq!(
            assess_campaign(&running, &one_of_eight, as_of).completion_percent,
            12.5
        );
    }

    #[test]
    fn campaign_without_items_is_zero_percent_complete() {
        let res = assess_campaign(
            &campaign(CampaignStatus::Completed),
            [],
            instant(2026, 1, 5, 0, 0),
        );

        assert_eq!(res.completion_percent, 0.0);
        assert_eq!(res.counts.total, 0);
    }

    #[test]
    fn unknown_and_draft_item_statuses_are_counted_but_not_decided() {
        let statuses = [
            ReviewStatus::parse("escalated"),
            ReviewStatus::Draft,
            ReviewStatus::Approved,
        ];

        let res = assess_campaign(
            &campaign(CampaignStatus::Pending),
            &statuses,
            instant(2025, 11, 1, 0, 0),
        );

        assert_eq!(res.counts.other, 1);
        assert_eq!(res.counts.draft, 1);
        assert_eq!(res.completion_percent, 33.33);
    }
}
