//! When an employee counts as terminated and an identity as active, and the employee facts the
//! identity rules need ([`LinkedEmployee`]).

use chrono::{DateTime, NaiveDate, Utc};

use crate::ids::WorkEmail;
use crate::model::{Employee, IdentityStatus};

/// An employee as an identity rule sees them: who they are and when their employment ended.
///
/// A store fills it from `employees.csv` for each `IS` or `OWNS` relation of an identity. A
/// relation whose employee is missing from `employees.csv` becomes a `LinkedEmployee` with no
/// end date, so it counts as employed.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct LinkedEmployee {
    /// The work email, the employee's key.
    pub email: WorkEmail,
    /// The display name, when known.
    pub name: Option<String>,
    /// The End Date: the last day of employment; `None` while employed.
    pub end_date: Option<NaiveDate>,
}

impl LinkedEmployee {
    /// An employee known by email only, still employed.
    pub fn new(email: WorkEmail) -> Self {
        LinkedEmployee {
            email,
            name: None,
            end_date: None,
        }
    }

    /// Sets the display name; without it the employee has none.
    #[must_use]
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets the End Date; without it the employee is still employed.
    #[must_use]
    pub fn with_end_date(mut self, end_date: NaiveDate) -> Self {
        self.end_date = Some(end_date);
        self
    }

    /// Whether the employment ended before `as_of`, see [`is_terminated`].
    pub fn is_terminated(&self, as_of: DateTime<Utc>) -> bool {
        is_terminated(self.end_date, as_of)
    }
}

impl From<&Employee> for LinkedEmployee {
    fn from(employee: &Employee) -> Self {
        LinkedEmployee {
            email: employee.work_email.clone(),
            name: Some(employee.display_name()),
            end_date: employee.end_date,
        }
    }
}

/// Whether an employee with this End Date is terminated at `as_of`.
///
/// The End Date is the last day of employment, so the employee is terminated from the next day
/// on: `end_date < as_of`'s UTC date. An End Date equal to that date (the last day) or later
/// (a planned departure) is not terminated; no End Date is not terminated. Using the UTC date
/// is this crate's reading (inferred): HR files carry a date with no zone.
pub fn is_terminated(end_date: Option<NaiveDate>, as_of: DateTime<Utc>) -> bool {
    match end_date {
        Some(end_date) => end_date < as_of.date_naive(),
        None => false,
    }
}

/// Whether an identity with this status can still be used.
///
/// Only [`IdentityStatus::Inactive`] counts as not active. A status this crate does not know
/// (such as `locked` or `staged`) counts as active, so an unfamiliar value never hides a risk
/// (inferred).
pub fn identity_is_active(status: &IdentityStatus) -> bool {
    !matches!(status, IdentityStatus::Inactive)
}

/// Whole days from `earlier` to `later` counted by UTC date, negative when `later` is before.
pub(crate) fn days_between(earlier: NaiveDate, later: NaiveDate) -> i64 {
    later.signed_duration_since(earlier).num_days()
}

/// `1 day`, `2 days`: a count of days for a summary sentence.
pub(crate) fn day_count(days: i64) -> String {
    if days == 1 || days == -1 {
        return format!("{days} day");
    }
    format!("{days} days")
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn date(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    fn instant(year: i32, month: u32, day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(year, month, day, hour, minute, 0)
            .unwrap()
    }

    #[test]
    fn employee_is_still_employed_on_their_last_day() {
        // End date 2026-03-01 is the last working day; as_of is 10:00 UTC that same day.
        assert!(!is_terminated(
            Some(date(2026, 3, 1)),
            instant(2026, 3, 1, 10, 0)
        ));
        // Even the last minute of that day is still employment.
        assert!(!is_terminated(
            Some(date(2026, 3, 1)),
            instant(2026, 3, 1, 23, 59)
        ));
    }

    #[test]
    fn employee_is_terminated_from_the_day_after_the_end_date() {
        // Midnight UTC on 2026-03-02 is the first instant after the last day.
        assert!(is_terminated(
            Some(date(2026, 3, 1)),
            instant(2026, 3, 2, 0, 0)
        ));
    }

    #[test]
    fn future_or_missing_end_date_is_not_terminated() {
        assert!(!is_terminated(
            Some(date(2026, 6, 30)),
            instant(2026, 3, 2, 0, 0)
        ));
        assert!(!is_terminated(None, instant(2026, 3, 2, 0, 0)));
    }

    #[test]
    fn only_inactive_identities_are_not_active() {
        assert!(identity_is_active(&IdentityStatus::Active));
        assert!(!identity_is_active(&IdentityStatus::Inactive));
        // "locked" is not a status this crate knows; it is kept and counts as active.
        assert!(identity_is_active(&IdentityStatus::parse("locked")));
        // "suspended" is an alias of inactive.
        assert!(!identity_is_active(&IdentityStatus::parse("suspended")));
    }

    #[test]
    fn linked_employee_from_an_employee_keeps_email_name_and_end_date() {
        let mut employee =
            Employee::new("Ana.Kovac@example.com".parse().unwrap(), date(2020, 1, 6));
        employee.full_name = Some("Ana Kovač".to_owned());
        employee.end_date = Some(date(2026, 3, 1));

        let linked = LinkedEmployee::from(&employee);

        assert_eq!(linked.email.as_str(), "Ana.Kovac@example.com");
        assert_eq!(linked.name.as_deref(), Some("Ana Kovač"));
        assert_eq!(linked.end_date, Some(date(2026, 3, 1)));
    }
}
