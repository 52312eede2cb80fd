//! Access-request and purpose reads: requests with their status derived from their review
//! items, one request in detail, and purposes with their assignments at `as_of`.

use balkanid_domain::ids::Brn;
use balkanid_domain::model::{RequestType, ReviewStatus};
use balkanid_domain::rules::{self, AssignmentState, RequestStatus};
use chrono::NaiveDate;
use rusqlite::params_from_iter;

use crate::error::{Error, Result};
use crate::query::{AccessRequestQuery, Page, PageRequest, PurposeQuery};
use crate::store::dates::instant_of;
use crate::store::page::{self, Window};
use crate::store::reviews::review_summary;
use crate::store::rows::{REQUEST_COLUMNS, REVIEW_COLUMNS, RequestRow, ReviewRow};
use crate::store::sql::{self, Conditions, text};
use crate::store::{Context, Store, suggest};
use crate::views::{AccessRequestDetail, AccessRequestSummary, PurposeAssignment, PurposeSummary};

/// How many assignments a purpose lists at most.
const MAX_ASSIGNMENTS: usize = 50;

/// One access request: its rows and the review items that approve them.
pub(crate) struct Request {
    rows: Vec<RequestRow>,
    reviews: Vec<ReviewRow>,
}

impl Request {
    /// The status derived from the review items by the access-request rule.
    fn status(&self) -> RequestStatus {
        let statuses: Vec<ReviewStatus> = self
            .reviews
            .iter()
            .map(|review| ReviewStatus::parse(&review.status))
            .collect();
        rules::request_status(&statuses)
    }

    /// Reviewers with an open item, in order of the items.
    fn assignees(&self) -> Vec<String> {
        let mut res: Vec<String> = Vec::new();
        for review in &self.reviews {
            let open = ReviewStatus::parse(&review.status).is_open();
            if open
                && !res
                    .iter()
                    .any(|r| r.eq_ignore_ascii_case(&review.reviewer_email))
            {
                res.push(review.reviewer_email.clone());
            }
        }
        res
    }

    /// When the request was made: the creation date of its first review item.
    fn created(&self) -> Option<NaiveDate> {
        self.reviews.iter().map(ReviewRow::created_date).min()
    }
}

impl Store {
    /// See [`crate::Tenant::list_access_requests`].
    pub fn list_access_requests(
        &mut self,
        context: &Context,
        query: &AccessRequestQuery,
    ) -> Result<Page<AccessRequestSummary>> {
        let filters = AccessRequestQuery {
            page: PageRequest::default(),
            ..query.clone()
        };
        let window = Window::new(&query.page, &page::scope("list_access_requests", &filters))?;
        let wanted_status = match &query.status {
            Some(status) => Some(request_status(status)?),
            None => None,
        };
        let assignee = match &query.assignee {
            Some(assignee) => Some(self.employee_email_for("employee (assignee)", assignee)?),
            None => None,
        };
        let mut conditions = Conditions::default();
        if let Some(requester) = &query.requester {
            let requester = self.employee_email_for("employee (requester)", requester)?;
            conditions.add_with("requester_key = ?", [text(sql::key(&requester))]);
        }
        if let Some(employee) = &query.employee {
            let employee = self.employee_email_for("employee (employee)", employee)?;
            conditions.add_with("work_email_key = ?", [text(sql::key(&employee))]);
        }
        if let Some(request_type) = &query.request_type {
            conditions.add_with("request_type = ?", [text(request_type_name(request_type)?)]);
        }

        let mut requests = Vec::new();
        for request in self.requests(&conditions)? {
            let status = request.status();
            if wanted_status.is_some_and(|wanted| wanted != status) {
                continue;
            }
            let assignees = request.assignees();
            let assigned = assignee
                .as_ref()
                .is_none_or(|assignee| assignees.iter().any(|a| a.eq_ignore_ascii_case(assignee)));
            if !assigned {
                continue;
            }
            requests.push(request);
        }
        requests.sort_by(|a, b| {
            b.created()
                .cmp(&a.created())
                .then_with(|| a.rows[0].request_id.cmp(&b.rows[0].request_id))
        });

        let items = requests
            .iter()
            .map(|request| summary(request, context))
            .collect();
        Ok(window.slice(items))
    }

    /// See [`crate::Tenant::get_access_request`].
    pub fn get_access_request(
        &mut self,
        context: &Context,
        id: &str,
    ) -> Result<AccessRequestDetail> {
        let (request_summary, request) = self.request_summary(context, id)?;
        let reviews: Vec<_> = request.reviews.iter().map(review_summary).collect();
        let mut approver_chain: Vec<String> = Vec::new();
        for review in &request.reviews {
            if !approver_chain
                .iter()
                .any(|a| a.eq_ignore_ascii_case(&review.reviewer_email))
            {
                approver_chain.push(review.reviewer_email.clone());
            }
        }
        let metadata = serde_json::from_str(&request.rows[0].metadata)
            .map_err(|e| Error::store("reading an access request", e))?;

        Ok(AccessRequestDetail {
            request: request_summary,
            reviews,
            approver_chain,
            metadata,
        })
    }

    /// See [`crate::Tenant::list_purposes`].
    pub fn list_purposes(
        &mut self,
        context: &Context,
        query: &PurposeQuery,
    ) -> Result<Page<PurposeSummary>> {
        let filters = PurposeQuery {
            page: PageRequest::default(),
            ..query.clone()
        };
        let window = Window::new(&query.page, &page::scope("list_purposes", &filters))?;
        let mut conditions = Conditions::default();
        if let Some(department) = &query.department {
            let department = self.known_value(
                "department",
                department,
                "SELECT department FROM purposes WHERE department IS NOT NULL \
                 UNION SELECT department FROM employees WHERE department IS NOT NULL",
            )?;
            conditions.add_with("p.department = ?", [text(department)]);
        }
        if let Some(owner) = &query.owner {
            let owner = self.employee_email_for("employee (owner)", owner)?;
            conditions.add_with("p.owner_key = ?", [text(sql::key(&owner))]);
        }
        if let Some(needle) = query.query.as_deref().filter(|q| !q.trim().is_empty()) {
            let pattern = sql::contains_pattern(needle);
            conditions.add_with(
                "(unicode_lower(p.name) LIKE ? ESCAPE '\\' \
                 OR unicode_lower(p.description) LIKE ? ESCAPE '\\')",
                [text(pattern.clone()), text(pattern)],
            );
        }

        let purposes = self.rows(
            &format!(
                "SELECT p.brn, p.name, p.description, p.department, p.job_title, p.team, \
                     p.owner, p.birthright, p.pre_expiry_notification, p.entity_brns \
                 FROM purposes p {} ORDER BY p.name, p.brn",
                conditions.where_clause()
            ),
            params_from_iter(conditions.params()),
            |row| {
                let entity_brns: String = row.get(9)?;
                let n_entities = serde_json::from_str::<Vec<String>>(&entity_brns)
                    .map_or(0, |brns| brns.len() as u64);
                Ok(PurposeSummary {
                    brn: row.get(0)?,
                    name: row.get(1)?,
                    description: row.get(2)?,
                    department: row.get(3)?,
                    job_title: row.get(4)?,
                    team: row.get(5)?,
                    owner: row.get(6)?,
                    birthright: row.get(7)?,
                    pre_expiry_notification: row.get(8)?,
                    n_entities,
                    active: false,
                    assignments: Vec::new(),
                })
            },
        )?;

        let mut items = Vec::new();
        for mut purpose in purposes {
            let mut assignments = self.assignments(context, &purpose.brn)?;
            let states: Vec<AssignmentState> =
                assignments.iter().map(|(state, _)| *state).collect();
            purpose.active = rules::purpose_is_active(&states);
            if query.active_only && !purpose.active {
                continue;
            }
            assignments.sort_by(|(state_a, a), (state_b, b)| {
                state_rank(*state_a)
                    .cmp(&state_rank(*state_b))
                    .then_with(|| a.starts_at.cmp(&b.starts_at))
                    .then_with(|| a.employee_email.cmp(&b.employee_email))
                    .then_with(|| a.request_id.cmp(&b.request_id))
            });
            purpose.assignments = assignments
                .into_iter()
                .take(MAX_ASSIGNMENTS)
                .map(|(_, a)| a)
                .collect();
            items.push(purpose);
        }
        Ok(window.slice(items))
    }

    /// One request's summary, with its rows and review items.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] with the nearest request ids when there is no such request.
    pub(crate) fn request_summary(
        &self,
        context: &Context,
        id: &str,
    ) -> Result<(AccessRequestSummary, Request)> {
        let mut conditions = Conditions::default();
        conditions.add_with("request_id = ?", [text(id.trim())]);
        let Some(request) = self.requests(&conditions)?.into_iter().next() else {
            let ids = self.rows("SELECT DISTINCT request_id FROM requests", [], |row| {
                row.get(0)
            })?;
            return Err(suggest::not_found("access request", id, ids));
        };
        Ok((summary(&request, context), request))
    }

    /// The ids of the requests a review item approves.
    pub(crate) fn requests_reviewed_by(&self, review_id: &str) -> Result<Vec<String>> {
        self.rows(
            "SELECT request_id FROM requests WHERE entity_review_id = ?1 \
             OR purpose_review_id = ?1 GROUP BY request_id ORDER BY min(id)",
            [review_id],
            |row| row.get(0),
        )
    }

    /// The requests having a row that matches `conditions` (on the `requests` columns), each
    /// with all its rows in file order and its review items by creation.
    fn requests(&self, conditions: &Conditions) -> Result<Vec<Request>> {
        let rows = self.rows(
            &format!(
                "SELECT {REQUEST_COLUMNS} FROM requests q WHERE q.request_id IN \
                 (SELECT request_id FROM requests {}) ORDER BY q.request_id, q.id",
                conditions.where_clause()
            ),
            params_from_iter(conditions.params()),
            RequestRow::read,
        )?;

        let mut res: Vec<Request> = Vec::new();
        for row in rows {
            match res.last_mut() {
                Some(request) if request.rows[0].request_id == row.request_id => {
                    request.rows.push(row);
                }
                _ => res.push(Request {
                    rows: vec![row],
                    reviews: Vec::new(),
                }),
            }
        }
        for request in &mut res {
            let mut ids: Vec<String> = Vec::new();
            for id in request.rows.iter().flat_map(RequestRow::review_ids) {
                if !ids.iter().any(|known| known == id) {
                    ids.push(id.to_owned());
                }
            }
            if ids.is_empty() {
                continue;
            }
            let marks = vec!["?"; ids.len()].join(", ");
            request.reviews = self.rows(
                &format!(
                    "SELECT {REVIEW_COLUMNS} FROM reviews v WHERE v.id IN ({marks}) \
                     ORDER BY v.created, v.id"
                ),
                params_from_iter(ids),
                ReviewRow::read,
            )?;
        }
        Ok(res)
    }

    /// The assignments of a purpose: the request rows naming it by BRN or by the BRN's id,
    /// each judged by the assignment rule with its request's status.
    fn assignments(
        &self,
        context: &Context,
        purpose_brn: &str,
    ) -> Result<Vec<(AssignmentState, PurposeAssignment)>> {
        let short_id = purpose_brn
            .parse::<Brn>()
            .map(|brn| brn.id().to_owned())
            .ok();
        let mut conditions = Conditions::default();
        conditions.add_with(
            "(purpose_id = ? OR purpose_id = ?)",
            [
                text(purpose_brn),
                text(short_id.unwrap_or_else(|| purpose_brn.to_owned())),
            ],
        );

        let mut res = Vec::new();
        for request in self.requests(&conditions)? {
            let status = request.status();
            for row in &request.rows {
                let names_purpose = row.purpose_id.as_deref().is_some_and(|id| {
                    id == purpose_brn || purpose_brn.ends_with(&format!(":{id}"))
                });
                if !names_purpose {
                    continue;
                }
                let assessment = rules::assess_assignment(&row.model()?, status, context.as_of);
                res.push((
                    assessment.state,
                    PurposeAssignment {
                        employee_email: row.work_email.clone(),
                        request_id: row.request_id.clone(),
                        state: assignment_state_name(assessment.state).to_owned(),
                        starts_at: assessment.starts_at,
                        expires_at: assessment.ends_at,
                    },
                ));
            }
        }
        Ok(res)
    }
}

fn summary(request: &Request, context: &Context) -> AccessRequestSummary {
    let _ = context;
    let first = &request.rows[0];
    let mut apps: Vec<String> = Vec::new();
    for app in request.rows.iter().filter_map(|row| row.app_id.clone()) {
        if !apps.contains(&app) {
            apps.push(app);
        }
    }
    let metadata: serde_json::Value =
        serde_json::from_str(&first.metadata).unwrap_or(serde_json::Value::Null);

    AccessRequestSummary {
        id: first.request_id.clone(),
        requester: first.requester.clone(),
        employee_email: first.work_email.clone(),
        request_type: first.request_type.clone(),
        kind: first.kind.clone(),
        status: request.status().as_str().to_owned(),
        apps,
        items: request.rows.iter().map(item_line).collect(),
        duration: first.duration.clone(),
        expires_at: first.expiration_date.and_then(instant_of),
        provision_at: first.provision_date.and_then(instant_of),
        reason: metadata
            .get("reason")
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned),
        assignees: request.assignees(),
        purpose_id: request.rows.iter().find_map(|row| row.purpose_id.clone()),
    }
}

/// One line per requested row: `okta group Engineering`, `purpose <id>`, with the resource
/// and privilege when given.
fn item_line(row: &RequestRow) -> String {
    if let Some(purpose) = &row.purpose_id {
        return format!("purpose {purpose}");
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in [
        &row.app_id,
        &row.connection_type,
        &row.connection,
        &row.resource_type,
        &row.resource,
    ] {
        if let Some(part) = part.as_deref().filter(|p| !p.is_empty()) {
            parts.push(part);
        }
    }
    let mut res = parts.join(" ");
    if let Some(privilege) = &row.privilege_name {
        res.push_str(&format!(" ({privilege})"));
    }
    res
}

fn request_status(status: &str) -> Result<RequestStatus> {
    match status.trim().to_ascii_lowercase().as_str() {
        "pending" => Ok(RequestStatus::Pending),
        "approved" => Ok(RequestStatus::Approved),
        "denied" | "rejected" => Ok(RequestStatus::Denied),
        _ => Err(Error::invalid(
            "status",
            format!(
                "{:?} is not a request status; use pending, approved or denied",
                crate::error::shorten(status)
            ),
        )),
    }
}

fn request_type_name(request_type: &str) -> Result<String> {
    let parsed = RequestType::parse(request_type);
    if parsed.is_unknown() {
        let message = format!(
            "{:?} is not a request type; use grant or revoke",
            crate::error::shorten(request_type)
        );
        return Err(Error::invalid("request_type", message));
    }
    Ok(parsed.as_str().to_owned())
}

fn assignment_state_name(state: AssignmentState) -> &'static str {
    match state {
        AssignmentState::Pending => "pending",
        AssignmentState::Denied => "denied",
        AssignmentState::Scheduled => "scheduled",
        AssignmentState::Active => "active",
        AssignmentState::Expired => "expired",
        _ => "unknown",
    }
}

/// Active assignments first, then scheduled, pending, expired and denied.
fn state_rank(state: AssignmentState) -> u8 {
    match state {
        AssignmentState::Active => 0,
        AssignmentState::Scheduled => 1,
        AssignmentState::Pending => 2,
        AssignmentState::Expired => 3,
        AssignmentState::Denied => 4,
        _ => 5,
    }
}
