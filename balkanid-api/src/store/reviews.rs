//! Access-review reads: campaigns with their progress, review items, and the acting user's
//! queue of pending reviews and access-request approvals.

use std::collections::HashMap;

use balkanid_domain::model::{CampaignStatus, ReviewStatus};
use balkanid_domain::rules::{self, QueueSource};
use rusqlite::params_from_iter;

use crate::error::{Error, Result};
use crate::query::{CampaignQuery, Page, PageRequest, ReviewQuery};
use crate::store::dates::date_of;
use crate::store::page::{self, Window};
use crate::store::rows::{CAMPAIGN_COLUMNS, CampaignRow, REVIEW_COLUMNS, ReviewRow};
use crate::store::sql::{self, Conditions, text};
use crate::store::{Context, Store, suggest};
use crate::views::{CampaignSummary, MyQueue, ReviewSummary};

impl Store {
    /// See [`crate::Tenant::list_campaigns`].
    pub fn list_campaigns(
        &mut self,
        context: &Context,
        query: &CampaignQuery,
    ) -> Result<Page<CampaignSummary>> {
        let filters = CampaignQuery {
            page: PageRequest::default(),
            ..query.clone()
        };
        let window = Window::new(&query.page, &page::scope("list_campaigns", &filters))?;
        let wanted_status = match &query.status {
            Some(status) => Some(campaign_status(status)?),
            None => None,
        };

        let mut counts: HashMap<String, Vec<(ReviewStatus, usize)>> = HashMap::new();
        let grouped = self.rows(
            "SELECT campaign_key, status, count(*) FROM reviews \
             WHERE campaign_key IS NOT NULL GROUP BY campaign_key, status",
            [],
            |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, i64>(2)?,
                ))
            },
        )?;
        for (campaign, status, n) in grouped {
            let n = usize::try_from(n).unwrap_or(0);
            counts
                .entry(campaign)
                .or_default()
                .push((ReviewStatus::parse(&status), n));
        }

        let rows = self.rows(
            &format!(
                "SELECT {CAMPAIGN_COLUMNS} FROM campaigns k ORDER BY k.end_date, k.name, k.id"
            ),
            [],
            CampaignRow::read,
        )?;
        let mut items = Vec::new();
        for row in rows {
            let campaign = row.model()?;
            if wanted_status
                .as_ref()
                .is_some_and(|wanted| *wanted != campaign.status)
            {
                continue;
            }
            let statuses = counts
                .get(&row.name_key)
                .map(Vec::as_slice)
                .unwrap_or_default();
            let expanded = statuses
                .iter()
                .flat_map(|(status, n)| std::iter::repeat_n(status, *n));
            let assessment = rules::assess_campaign(&campaign, expanded, context.as_of);
            if query.overdue_only && !assessment.is_overdue {
                continue;
            }

            let counts = &assessment.counts;
            items.push(CampaignSummary {
                id: row.id.clone(),
                name: row.name.clone(),
                description: row.description.clone(),
                status: row.status.clone(),
                start_date: row.start(),
                end_date: row.end(),
                overdue: assessment.is_overdue,
                days_overdue: assessment.days_overdue,
                completion_percent: assessment.completion_percent,
                n_items: counts.total as u64,
                n_open: counts.open() as u64,
                n_approved: counts.approved as u64,
                n_denied: counts.denied as u64,
                is_published: row.is_published,
                recurrence: row.recurrence.clone(),
            });
        }
        Ok(window.slice(items))
    }

    /// See [`crate::Tenant::list_reviews`].
    pub fn list_reviews(
        &mut self,
        context: &Context,
        query: &ReviewQuery,
    ) -> Result<Page<ReviewSummary>> {
        let _ = context;
        let filters = ReviewQuery {
            page: PageRequest::default(),
            ..query.clone()
        };
        let window = Window::new(&query.page, &page::scope("list_reviews", &filters))?;
        let mut conditions = Conditions::default();
        if let Some(campaign) = &query.campaign {
            let name_key = self.campaign_key(campaign)?;
            conditions.add_with("v.campaign_key = ?", [text(name_key)]);
        }
        if let Some(status) = &query.status {
            add_review_status(&mut conditions, status)?;
        }
        if let Some(reviewer) = &query.reviewer {
            let reviewer = self.employee_email_for("employee (reviewer)", reviewer)?;
            conditions.add_with("v.reviewer_key = ?", [text(sql::key(&reviewer))]);
        }
        if let Some(application) = &query.application {
            let application = self.known_value(
                "application",
                application,
                "SELECT application_name FROM reviews WHERE application_name IS NOT NULL \
                 UNION SELECT id FROM apps UNION SELECT name FROM apps",
            )?;
            let application = application.as_str();
            conditions.add_with(
                "(v.application_name = ? OR v.application_name IN \
                 (SELECT name FROM apps WHERE id = ? COLLATE NOCASE))",
                [text(application), text(application)],
            );
        }
        if let Some(permission) = &query.permission {
            conditions.add_with("v.permission_name = ?", [text(permission.trim())]);
        }
        if let Some(identity) = &query.identity {
            let identity = identity.trim();
            conditions.add_with(
                "(v.identity_email = ? COLLATE NOCASE OR v.identity_username = ? COLLATE NOCASE \
                 OR v.identity_id = ? OR v.employee_key = ?)",
                [
                    text(identity),
                    text(identity),
                    text(identity),
                    text(sql::key(identity)),
                ],
            );
        }

        let where_clause = conditions.where_clause();
        let total = self.count(
            &format!("SELECT count(*) FROM reviews v {where_clause}"),
            params_from_iter(conditions.params()),
        )?;
        let (limit, offset) = window.sql();
        let rows = self.rows(
            &format!(
                "SELECT {REVIEW_COLUMNS} FROM reviews v {where_clause} \
                 ORDER BY v.created, v.id LIMIT ? OFFSET ?"
            ),
            params_from_iter(conditions.params_with(&[limit, offset])),
            ReviewRow::read,
        )?;
        Ok(window.page(rows.iter().map(review_summary).collect(), total))
    }

    /// See [`crate::Tenant::my_queue`].
    pub fn my_queue(&mut self, context: &Context, page_request: &PageRequest) -> Result<MyQueue> {
        let scope = page::scope("get_my_queue", &sql::key(&context.user_email));
        let window = Window::new(page_request, &scope)?;
        let Ok(reviewer) = context.user_email.parse() else {
            return Err(Error::invalid(
                "user",
                "the acting user's email is not an email",
            ));
        };

        // Pre-filter: the reviewer's open items; the review-queue rule decides.
        let open = open_statuses();
        let marks = vec!["?"; open.len()].join(", ");
        let mut params = vec![text(sql::key(&context.user_email))];
        params.extend(open.iter().map(|status| text(*status)));
        let candidates = self.rows(
            &format!(
                "SELECT {REVIEW_COLUMNS}, {CAMPAIGN_COLUMNS} FROM reviews v \
                 LEFT JOIN campaigns k ON k.name_key = v.campaign_key \
                 WHERE v.reviewer_key = ? AND v.status IN ({marks}) \
                 ORDER BY v.created, v.id"
            ),
            params_from_iter(params),
            |row| {
                let review = ReviewRow::read(row)?;
                let campaign_id: Option<String> = row.get(32)?;
                let campaign = match campaign_id {
                    Some(_) => Some(CampaignRow::read_at(row, 32)?),
                    None => None,
                };
                Ok((review, campaign))
            },
        )?;

        let mut reviews = Vec::new();
        let mut request_ids: Vec<String> = Vec::new();
        for (row, campaign_row) in &candidates {
            let item = row.model()?;
            let campaign = match campaign_row {
                Some(campaign_row) => Some(campaign_row.model()?),
                None => None,
            };
            match rules::queue_source(&reviewer, &item, campaign.as_ref()) {
                Some(QueueSource::AccessRequest) => {
                    for request_id in self.requests_reviewed_by(&row.id)? {
                        if !request_ids.contains(&request_id) {
                            request_ids.push(request_id);
                        }
                    }
                }
                Some(_) => reviews.push(review_summary(row)),
                None => {}
            }
        }

        let n_reviews = reviews.len() as u64;
        let n_access_requests = request_ids.len() as u64;
        let (limit, offset) = window.sql();
        let (limit, offset) = (limit as usize, offset as usize);
        let reviews: Vec<ReviewSummary> = reviews.into_iter().skip(offset).take(limit).collect();
        let mut access_requests = Vec::new();
        for request_id in request_ids.iter().skip(offset).take(limit) {
            access_requests.push(self.request_summary(context, request_id)?.0);
        }
        let end = (offset + limit) as u64;
        let next_cursor = (end < n_reviews.max(n_access_requests)).then(|| window.cursor_at(end));

        Ok(MyQueue {
            user_email: context.user_email.clone(),
            reviews,
            n_reviews,
            access_requests,
            n_access_requests,
            next_cursor,
        })
    }

    /// The name key of a campaign given by id or name (any case).
    fn campaign_key(&self, campaign: &str) -> Result<String> {
        let wanted = campaign.trim();
        let found = self.rows(
            "SELECT name_key FROM campaigns WHERE id = ?1 COLLATE NOCASE OR name_key = ?2",
            [wanted.to_owned(), sql::key(wanted)],
            |row| row.get::<_, String>(0),
        )?;
        match found.into_iter().next() {
            Some(key) => Ok(key),
            None => {
                let names = self.rows("SELECT name FROM campaigns", [], |row| row.get(0))?;
                Err(suggest::not_found("campaign", campaign, names))
            }
        }
    }
}

/// A review item as the views show it.
pub(crate) fn review_summary(row: &ReviewRow) -> ReviewSummary {
    ReviewSummary {
        id: row.id.clone(),
        campaign: row.campaign_name.clone(),
        status: row.status.clone(),
        reviewer_email: row.reviewer_email.clone(),
        reviewer_name: row.reviewer.clone(),
        identity_name: row.identity_name.clone(),
        identity_email: row.identity_email.clone(),
        identity_username: row.identity_username.clone(),
        application: row.application_name.clone(),
        permission: row.permission_name.clone(),
        connection: row.connection.clone(),
        resource: row.resource.clone(),
        created: row.created_date(),
        completed: row.completed.and_then(date_of),
        review_type: row.review_type.clone(),
        recommendation: row.recommendation_value(),
    }
}

/// The stored names of the statuses that still wait for a decision.
pub(crate) fn open_statuses() -> Vec<&'static str> {
    ReviewStatus::KNOWN
        .iter()
        .filter(|status| status.is_open())
        .map(ReviewStatus::as_str)
        .collect()
}

/// Narrows to one review status, or to every open one for `open`.
fn add_review_status(conditions: &mut Conditions, status: &str) -> Result<()> {
    if status.trim().eq_ignore_ascii_case("open") {
        let open = open_statuses();
        let marks = vec!["?"; open.len()].join(", ");
        conditions.add_with(
            &format!("v.status IN ({marks})"),
            open.into_iter().map(text),
        );
        return Ok(());
    }

    let parsed = ReviewStatus::parse(status);
    if parsed.is_unknown() {
        let known: Vec<&str> = ReviewStatus::KNOWN
            .iter()
            .map(ReviewStatus::as_str)
            .collect();
        let message = format!(
            "{:?} is not a review status; use open or one of {}",
            crate::error::shorten(status),
            known.join(", ")
        );
        return Err(Error::invalid("status", message));
    }
    conditions.add_with("v.status = ?", [text(parsed.as_str())]);
    Ok(())
}

fn campaign_status(status: &str) -> Result<CampaignStatus> {
    let parsed = CampaignStatus::parse(status);
    if parsed.is_unknown() {
        let known: Vec<&str> = CampaignStatus::KNOWN
            .iter()
            .map(CampaignStatus::as_str)
            .collect();
        let message = format!(
            "{:?} is not a campaign status; use one of {}",
            crate::error::shorten(status),
            known.join(", ")
        );
        return Err(Error::invalid("status", message));
    }
    Ok(parsed)
}
