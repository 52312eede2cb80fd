//! The access-request rules: a request's status from its review items, and whether a purpose
//! assignment (a purpose request) is active at `as_of`.

use chrono::{DateTime, TimeDelta, Utc};

use crate::model::{AccessRequest, RequestDuration, ReviewStatus};

/// An access request's status, derived from its review items.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RequestStatus {
    /// Some review item still waits for a decision, or the request has none yet.
    Pending,
    /// Every review item is approved.
    Approved,
    /// At least one review item is denied.
    Denied,
}

impl RequestStatus {
    /// The status's name: `pending`, `approved` or `denied`.
    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Pending => "pending",
            RequestStatus::Approved => "approved",
            RequestStatus::Denied => "denied",
        }
    }
}

/// Where a purpose assignment stands at `as_of`.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum AssignmentState {
    /// The request is not decided yet.
    Pending,
    /// The request was denied.
    Denied,
    /// Approved, but its window has not started: no Provision Date yet, or a later one.
    Scheduled,
    /// Approved and inside its window.
    Active,
    /// Approved and past its window.
    Expired,
}

/// A purpose assignment's state and window at `as_of`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct AssignmentAssessment {
    /// The state.
    pub state: AssignmentState,
    /// The start of the window: the Provision Date, when set.
    pub starts_at: Option<DateTime<Utc>>,
    /// The end of the window (excluded): the Expiration Date, else the Provision Date plus
    /// the Duration; `None` when permanent or not known yet.
    pub ends_at: Option<DateTime<Utc>>,
    /// Whether the assignment has no end: no Expiration Date and a `permanent` or missing
    /// Duration.
    pub is_permanent: bool,
}

/// An access request's status from the statuses of its review items (those referenced by its
/// rows' `Entity Review ID` and `Purpose Review ID`).
///
/// Any denied item makes the request denied; all items approved make it approved; anything
/// else is pending, including a request with no review item yet (inferred: it waits to be
/// routed) and items in a status this crate does not know.
pub fn request_status<'a>(
    review_statuses: impl IntoIterator<Item = &'a ReviewStatus>,
) -> RequestStatus {
    let mut n_items = 0_usize;
    let mut all_approved = true;
    for status in review_statuses {
        n_items += 1;
        match status {
            ReviewStatus::Denied => return RequestStatus::Denied,
            ReviewStatus::Approved => {}
            _ => all_approved = false,
        }
    }

    if n_items > 0 && all_approved {
        return RequestStatus::Approved;
    }
    RequestStatus::Pending
}

/// A purpose assignment's state at `as_of`: one `purpose_request` row of `requests.csv` and
/// its request's status (from [`request_status`]).
///
/// An approved assignment is active when `Provision Date <= as_of < end`, where the end is
/// the Expiration Date, else the Provision Date plus a timed Duration, else none (permanent).
/// The file's timestamps have no zone and are read as UTC. An approved row with no Provision
/// Date has not been provisioned and is scheduled (inferred). The rule does not look at
/// `Request Type`: the caller passes the rows that grant the purpose.
pub fn assess_assignment(
    request: &AccessRequest,
    status: RequestStatus,
    as_of: DateTime<Utc>,
) -> AssignmentAssessment {
    let starts_at = request
        .provision_date
        .map(|provisioned| provisioned.and_utc());
    let timed_duration = match request.duration {
        Some(RequestDuration::For(duration)) => i64::try_from(duration.as_seconds())
            .ok()
            .and_then(TimeDelta::try_seconds),
        _ => None,
    };
    let ends_at = match (request.expiration_date, starts_at, timed_duration) {
        (Some(expires), _, _) => Some(expires.and_utc()),
        (None, Some(start), Some(duration)) => start.checked_add_signed(duration),
        _ => None,
    };
    let is_permanent = request.expiration_date.is_none()
        && matches!(request.duration, None | Some(RequestDuration::Permanent));

    let state = match (status, starts_at, ends_at) {
        (RequestStatus::Pending, _, _) => AssignmentState::Pending,
        (RequestStatus::Denied, _, _) => AssignmentState::Denied,
        (RequestStatus::Approved, None, _) => AssignmentState::Scheduled,
        (RequestStatus::Approved, Some(start), _) if as_of < start => AssignmentState::Scheduled,
        (RequestStatus::Approved, Some(_), Some(end)) if as_of >= end => AssignmentState::Expired,
        (RequestStatus::Approved, Some(_), _) => AssignmentState::Active,
    };

    AssignmentAssessment {
        state,
        starts_at,
        ends_at,
        is_permanent,
    }
}

/// Whether a purpose is active: at least one of its assignments is active at `as_of`.
pub fn purpose_is_active<'a>(
    assignment_states: impl IntoIterator<Item = &'a AssignmentState>,
) -> bool {
    assignment_states
        .into_iter()
        .any(|state| *state == AssignmentState::Active)
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, NaiveDateTime, TimeZone};

    use super::*;
    use crate::model::RequestKind;
    use crate::values::GoDuration;

    fn instant(year: i32, month: u32, day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(year, month, day, hour, minute, 0)
            .unwrap()
    }

    fn naive(year: i32, month: u32, day: u32, hour: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(year, month, day)
            .unwrap()
            .and_hms_opt(hour, 0, 0)
            .unwrap()
    }

    /// Jane asks for the purpose "prod-db-debug".
    fn purpose_request() -> AccessRequest {
        AccessRequest {
            request_id: "req-1".to_owned(),
            requester: "jane@example.com".parse().unwrap(),
            username: "jane".to_owned(),
            work_email: "jane@example.com".parse().unwrap(),
            reference: None,
            duration: None,
            expiration_date: None,
            provision_date: None,
            source: None,
            source_id: None,
            request_type: None,
            app_id: None,
            connection: None,
            connection_type: None,
            resource: None,
            resource_type: None,
            privilege_name: None,
            privilege_value: None,
            kind: RequestKind::PurposeRequest,
            metadata: serde_json::json!({"reason": "incident 42"}),
            scheduled_date: None,
            entity_review_id: None,
            purpose_id: Some("prod-db-debug".to_owned()),
            purpose_review_id: Some("rev-1".to_owned()),
        }
    }

    #[test]
    fn any_denied_item_denies_the_request() {
        let statuses = [
            ReviewStatus::Approved,
            ReviewStatus::Denied,
            ReviewStatus::Pending,
        ];

        assert_eq!(request_status(&statuses), RequestStatus::Denied);
    }

    #[test]
    fn all_approved_items_approve_the_request() {
        let statuses = [ReviewStatus::Approved, ReviewStatus::Approved];

        assert_eq!(request_status(&statuses), RequestStatus::Approved);
    }

    #[test]
    fn open_unknown_or_missing_items_leave_the_request_pending() {
        assert_eq!(
            request_status(&[ReviewStatus::Approved, ReviewStatus::WaitingForInfo]),
            RequestStatus::Pending
        );
        assert_eq!(
            request_status(&[ReviewStatus::Approved, ReviewStatus::parse("escalated")]),
            RequestStatus::Pending
        );
        assert_eq!(request_status([]), RequestStatus::Pending);
    }

    #[test]
    fn approved_assignment_is_active_from_provision_until_expiration() {
        // Window [2026-03-01T09:00Z, 2026-03-02T09:00Z).
        let mut request = purpose_request();
        request.provision_date = Some(naive(2026, 3, 1, 9));
        request.expiration_date = Some(naive(2026, 3, 2, 9));
        let state = |as_of| assess_assignment(&request, RequestStatus::Approved, as_of).state;

        assert_eq!(
            state(instant(2026, 3, 1, 8, 59)),
            AssignmentState::Scheduled
        );
        assert_eq!(state(instant(2026, 3, 1, 9, 0)), AssignmentState::Active);
        assert_eq!(state(instant(2026, 3, 2, 8, 59)), AssignmentState::Active);
        assert_eq!(state(instant(2026, 3, 2, 9, 0)), AssignmentState::Expired);
    }

    #[test]
    fn duration_gives_the_end_when_there_is_no_expiration_date() {
        // Provisioned 2026-03-01T09:00Z for 24h: ends 2026-03-02T09:00Z.
        let mut request = purpose_request();
        request.provision_date = Some(naive(2026, 3, 1, 9));
        request.duration = Some(RequestDuration::For(GoDuration::from_hours(24)));

        let res = assess_assignment(
            &request,
            RequestStatus::Approved,
            instant(2026, 3, 2, 10, 0),
        );

        assert_eq!(res.ends_at, Some(instant(2026, 3, 2, 9, 0)));
        assert_eq!(res.state, AssignmentState::Expired);
        assert!(!res.is_permanent);
    }

    #[test]
    fn assignment_without_expiration_is_permanent() {
        let mut request = purpose_request();
        request.provision_date = Some(naive(2025, 1, 1, 0));
        request.duration = Some(RequestDuration::Permanent);

        let res = assess_assignment(&request, RequestStatus::Approved, instant(2030, 1, 1, 0, 0));

        assert_eq!(res.state, AssignmentState::Active);
        assert_eq!(res.ends_at, None);
        assert!(res.is_permanent);
    }

    #[test]
    fn approved_assignment_without_provision_date_is_scheduled() {
        let request = purpose_request();

        let res = assess_assignment(&request, RequestStatus::Approved, instant(2026, 3, 2, 0, 0));

        assert_eq!(res.state, AssignmentState::Scheduled);
        assert_eq!(res.starts_at, None);
    }

    #[test]
    fn purpose_is_active_while_one_assignment_is() {
        use AssignmentState::{Active, Expired, Pending, Scheduled};

        assert!(purpose_is_active(&[Expired, Active, Pending]));
        assert!(!purpose_is_active(&[Expired, Scheduled, Pending]));
        assert!(!purpose_is_active([]));
    }

    #[test]
    fn undecided_or_denied_assignment_is_never_active_even_inside_its_window() {
        let mut request = purpose_request();
        request.provision_date = Some(naive(2026, 3, 1, 9));
        request.expiration_date = Some(naive(2026, 3, 2, 9));
        let inside = instant(2026, 3, 1, 12, 0);

        assert_eq!(
            assess_assignment(&request, RequestStatus::Pending, inside).state,
            AssignmentState::Pending
        );
        assert_eq!(
            assess_assignment(&request, RequestStatus::Denied, inside).state,
            AssignmentState::Denied
        );
    }
}
