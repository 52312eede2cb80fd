//! The review-queue rule: which review items wait for a given reviewer, from in-progress
//! campaigns and from access requests.

use chrono::NaiveDate;

use crate::ids::WorkEmail;
use crate::model::{Campaign, CampaignStatus, ReviewItem};

/// Where a queued review item comes from.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum QueueSource {
    /// An access-review campaign in progress.
    Campaign {
        /// The campaign's name.
        name: String,
        /// Its End Date, the due date.
        end_date: NaiveDate,
    },
    /// The approval of an access request.
    AccessRequest,
}

/// One item of a reviewer's queue.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct QueueEntry<'a> {
    /// The review item.
    pub item: &'a ReviewItem,
    /// Where it comes from.
    pub source: QueueSource,
}

/// Whether `item` waits for `reviewer`, and from where.
///
/// An item is in the queue when its Reviewer ID is `reviewer` (compared without regard to
/// case), its status is open ([`ReviewStatus::is_open`](crate::model::ReviewStatus::is_open):
/// pending, waiting for information, overdue) and either:
///
/// - it names a campaign, and `campaign` (the one with that name, as the store found it) is
///   in progress (`pending`). Items of draft campaigns are not yet sent; items of completed
///   or aborted campaigns can no longer be decided; an item whose campaign the store did not
///   find is left out;
/// - or it names no campaign: it approves an access request (inferred from the `request`
///   Review Type and the requests' `Entity Review ID` / `Purpose Review ID`), and `campaign`
///   is ignored.
///
/// Draft items are not in the queue: they have not been sent to the reviewer.
pub fn queue_source(
    reviewer: &WorkEmail,
    item: &ReviewItem,
    campaign: Option<&Campaign>,
) -> Option<QueueSource> {
    if item.reviewer_id != *reviewer || !item.status.is_open() {
        return None;
    }

    let campaign_name = item
        .campaign_name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    if campaign_name.is_none() {
        return Some(QueueSource::AccessRequest);
    }
    let campaign = campaign.filter(|c| c.status == CampaignStatus::Pending)?;

    Some(QueueSource::Campaign {
        name: campaign.name.clone(),
        end_date: campaign.end_date,
    })
}

/// The items of `candidates` that wait for `reviewer`, in the given order; see
/// [`queue_source`] for the rule.
///
/// Each candidate is an item and the campaign its `Campaign Name` refers to (`None` for
/// access-request items, or when the campaign is unknown). The store may pass every item of
/// the reviewer, or all items; the rule filters either way.
pub fn review_queue<'a>(
    reviewer: &WorkEmail,
    candidates: impl IntoIterator<Item = (&'a ReviewItem, Option<&'a Campaign>)>,
) -> Vec<QueueEntry<'a>> {
    candidates
        .into_iter()
        .filter_map(|(item, campaign)| {
            queue_source(reviewer, item, campaign).map(|source| QueueEntry { item, source })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::Ulid;
    use crate::model::ReviewStatus;

    fn date(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    fn email(text: &str) -> WorkEmail {
        text.parse().unwrap()
    }

    fn campaign(name: &str, status: CampaignStatus) -> Campaign {
        Campaign {
            id: Ulid::from_parts(1_700_000_000_000, 7),
            name: name.to_owned(),
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

    fn item(
        id: &str,
        reviewer: &str,
        campaign_name: Option<&str>,
        status: ReviewStatus,
    ) -> ReviewItem {
        ReviewItem {
            id: id.to_owned(),
            permission_name: "member".to_owned(),
            permission_value: true,
            resource: None,
            resource_type: None,
            identity_id: None,
            identity_type: "employee".to_owned(),
            identity_email: None,
            identity_username: None,
            identity_name: None,
            employee_id: None,
            employee_email: None,
            job_title: None,
            department: None,
            manager: None,
            employment_type: None,
            campaign_name: campaign_name.map(str::to_owned),
            application_name: "okta".to_owned(),
            application_description: None,
            connection: None,
            connection_type: None,
            reviewer: "Rita Reviewer".to_owned(),
            reviewer_id: email(reviewer),
            created: date(2025, 10, 1),
            completed: None,
            status,
            activity_log: None,
            review_type: campaign_name.is_none().then(|| "request".to_owned()),
            labels: None,
            recommendation: None,
            purpose_id: None,
            employee_id_for_purpose: None,
        }
    }

    #[test]
    fn queue_holds_open_items_of_running_campaigns_and_requests_for_the_reviewer() {
        // Rita's queue: r1 (pending, Q4 SOC running), r2 (overdue, Q4 SOC), r3 (waiting for
        // info, Q4 SOC) and r7 (a pending access-request approval). Left out: r4 (approved),
        // r5 (someone else's), r6 (draft campaign), r8 (completed campaign), r9 (aborted
        // campaign), r10 (a decided request), r11 (a draft item), r12 (campaign not found).
        let running = campaign("Q4 SOC", CampaignStatus::Pending);
        let draft = campaign("Q1 Draft", CampaignStatus::Draft);
        let completed = campaign("Q3 SOC", CampaignStatus::Completed);
        let aborted = campaign("Q2 Old", CampaignStatus::Aborted);
        let rita = "rita@example.com";
        let items = [
            (
                item("r1", rita, Some("Q4 SOC"), ReviewStatus::Pending),
                Some(&running),
            ),
            (
                item("r2", rita, Some("Q4 SOC"), ReviewStatus::Overdue),
                Some(&running),
            ),
            (
                item("r3", rita, Some("Q4 SOC"), ReviewStatus::WaitingForInfo),
                Some(&running),
            ),
            (
                item("r4", rita, Some("Q4 SOC"), ReviewStatus::Approved),
                Some(&running),
            ),
            (
                item(
                    "r5",
                    "omar@example.com",
                    Some("Q4 SOC"),
                    ReviewStatus::Pending,
                ),
                Some(&running),
            ),
            (
                item("r6", rita, Some("Q1 Draft"), ReviewStatus::Pending),
                Some(&draft),
            ),
            (item("r7", rita, None, ReviewStatus::Pending), None),
            (
                item("r8", rita, Some("Q3 SOC"), ReviewStatus::Pending),
                Some(&completed),
            ),
            (
                item("r9", rita, Some("Q2 Old"), ReviewStatus::Overdue),
                Some(&aborted),
            ),
            (item("r10", rita, None, ReviewStatus::Denied), None),
            (
                item("r11", rita, Some("Q4 SOC"), ReviewStatus::Draft),
                Some(&running),
            ),
            (item("r12", rita, Some("Gone"), ReviewStatus::Pending), None),
        ];

        let queue = review_queue(
            &email("Rita@Example.com"),
            items.iter().map(|(item, campaign)| (item, *campaign)),
        );

        let ids: Vec<&str> = queue.iter().map(|entry| entry.item.id.as_str()).collect();
        assert_eq!(ids, ["r1", "r2", "r3", "r7"]);
        assert_eq!(
            queue[0].source,
            QueueSource::Campaign {
                name: "Q4 SOC".to_owned(),
                end_date: date(2025, 12, 31)
            }
        );
        assert_eq!(queue[3].source, QueueSource::AccessRequest);
    }

    #[test]
    fn blank_campaign_name_is_an_access_request_item() {
        let request = item("r1", "rita@example.com", Some("  "), ReviewStatus::Pending);

        let source = queue_source(&email("rita@example.com"), &request, None);

        assert_eq!(source, Some(QueueSource::AccessRequest));
    }

    #[test]
    fn queue_source_serializes_with_a_type_tag() {
        let source = QueueSource::Campaign {
            name: "Q4 SOC".to_owned(),
            end_date: date(2025, 12, 31),
        };

        assert_eq!(
            serde_json::to_value(&source).unwrap(),
            serde_json::json!({"type": "campaign", "name": "Q4 SOC", "end_date": "2025-12-31"})
        );
        assert_eq!(
            serde_json::to_value(QueueSource::AccessRequest).unwrap(),
            serde_json::json!({"type": "access_request"})
        );
    }
}
