//! The delegation rule: whether one person's reviews may be delegated to another, given the
//! delegations already in effect.

use std::collections::{HashMap, HashSet, VecDeque};

use chrono::{DateTime, NaiveDate, Utc};

use crate::ids::WorkEmail;
use crate::model::{Employee, Role};
use crate::rules::employment::is_terminated;

/// One delegation: `from`'s reviews go to `to`, between two optional instants.
///
/// The store records them from nominated delegates (BalkanID's per-user "Nominate Delegate",
/// with start and end dates or none) and from reviews reassigned with `delegate_reviews`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct Delegation {
    /// Whose reviews are delegated.
    pub from: WorkEmail,
    /// Who receives them.
    pub to: WorkEmail,
    /// When the delegation starts; `None` since always.
    pub starts_at: Option<DateTime<Utc>>,
    /// When it ends (excluded); `None` for an indefinite delegation.
    pub ends_at: Option<DateTime<Utc>>,
}

impl Delegation {
    /// An indefinite delegation from `from` to `to`.
    pub fn new(from: WorkEmail, to: WorkEmail) -> Self {
        Delegation {
            from,
            to,
            starts_at: None,
            ends_at: None,
        }
    }

    /// Sets the window; without it the delegation is in effect at every instant.
    #[must_use]
    pub fn with_window(
        mut self,
        starts_at: Option<DateTime<Utc>>,
        ends_at: Option<DateTime<Utc>>,
    ) -> Self {
        self.starts_at = starts_at;
        self.ends_at = ends_at;
        self
    }

    /// Whether the delegation is in effect at `as_of`: `starts_at <= as_of < ends_at`.
    pub fn is_in_effect(&self, as_of: DateTime<Utc>) -> bool {
        let started = self.starts_at.is_none_or(|start| start <= as_of);
        let not_ended = self.ends_at.is_none_or(|end| as_of < end);
        started && not_ended
    }
}

/// Why a delegation is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DelegationError {
    /// The delegate is the delegator.
    #[error("cannot delegate reviews of {email} to themselves: choose another reviewer")]
    ToSelf {
        /// The delegator's email.
        email: WorkEmail,
    },
    /// The delegate holds none of the roles that may review.
    #[error(
        "cannot delegate reviews to {to}: they hold none of the roles reviewer, riskmanager or \
         admin"
    )]
    NotAReviewer {
        /// The delegate's email.
        to: WorkEmail,
    },
    /// The delegate's employment has ended.
    #[error("cannot delegate reviews to {to}: their employment ended on {end_date}")]
    DelegateTerminated {
        /// The delegate's email.
        to: WorkEmail,
        /// Their End Date, the last day of employment.
        end_date: NaiveDate,
    },
    /// The existing delegations already lead from the delegate back to the delegator.
    #[error(
        "cannot delegate reviews of {from} to {to}: it would close the delegation cycle {cycle}",
        cycle = join_cycle(.cycle)
    )]
    Cycle {
        /// The delegator's email.
        from: WorkEmail,
        /// The delegate's email.
        to: WorkEmail,
        /// The cycle the new delegation would close, starting and ending with `from`.
        cycle: Vec<WorkEmail>,
    },
}

/// Checks that `from` may delegate reviews to `to` at `as_of`, given the `existing`
/// delegations (those not in effect at `as_of` are ignored).
///
/// Refused, in this order of checks:
///
/// 1. to oneself (emails compared without regard to case);
/// 2. to someone without the reviewer role. The riskmanager and admin roles also qualify,
///    since BalkanID's roles are cumulative (a risk manager can do what a reviewer does);
/// 3. to someone whose employment has ended ([`super::is_terminated`]);
/// 4. when the existing delegations already lead from `to` back to `from`, directly or
///    through others: the reviews would travel in a circle and nobody would decide them.
///
/// Delegating again along an edge that already exists is allowed (a replay).
///
/// # Errors
///
/// Returns the [`DelegationError`] of the first check that fails.
pub fn check_delegation(
    from: &WorkEmail,
    to: &Employee,
    existing: &[Delegation],
    as_of: DateTime<Utc>,
) -> Result<(), DelegationError> {
    if *from == to.work_email {
        return Err(DelegationError::ToSelf {
            email: from.clone(),
        });
    }
    let may_review = [Role::Reviewer, Role::RiskManager, Role::Admin]
        .iter()
        .any(|r| to.has_role(r));
    if !may_review {
        return Err(DelegationError::NotAReviewer {
            to: to.work_email.clone(),
        });
    }
    if let Some(end_date) = to.end_date.filter(|_| is_terminated(to.end_date, as_of)) {
        return Err(DelegationError::DelegateTerminated {
            to: to.work_email.clone(),
            end_date,
        });
    }

    let in_effect = existing
        .iter()
        .filter(|delegation| delegation.is_in_effect(as_of));
    if let Some(path_back) = find_path(in_effect, &to.work_email, from) {
        let mut cycle = vec![from.clone()];
        cycle.extend(path_back);
        return Err(DelegationError::Cycle {
            from: from.clone(),
            to: to.work_email.clone(),
            cycle,
        });
    }

    Ok(())
}

/// The shortest chain of delegations from `start` to `goal`, both included; `None` when there
/// is none.
fn find_path<'a>(
    delegations: impl Iterator<Item = &'a Delegation>,
    start: &'a WorkEmail,
    goal: &WorkEmail,
) -> Option<Vec<WorkEmail>> {
    let mut next_hops: HashMap<&WorkEmail, Vec<&WorkEmail>> = HashMap::new();
    for delegation in delegations {
        next_hops
            .entry(&delegation.from)
            .or_default()
            .push(&delegation.to);
    }

    let mut came_from: HashMap<&WorkEmail, &WorkEmail> = HashMap::new();
    let mut seen: HashSet<&WorkEmail> = HashSet::from([start]);
    let mut queue = VecDeque::from([start]);
    while let Some(current) = queue.pop_front() {
        if current == goal {
            let mut path = vec![current.clone()];
            let mut step = current;
            while let Some(&previous) = came_from.get(step) {
                path.push(previous.clone());
                step = previous;
            }
            path.reverse();
            return Some(path);
        }
        for &next in next_hops.get(current).into_iter().flatten() {
            if seen.insert(next) {
                came_from.insert(next, current);
                queue.push_back(next);
            }
        }
    }

    None
}

/// `a -> b -> a`.
fn join_cycle(cycle: &[WorkEmail]) -> String {
    let names: Vec<&str> = cycle.iter().map(WorkEmail::as_str).collect();
    names.join(" -> ")
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn email(text: &str) -> WorkEmail {
        text.parse().unwrap()
    }

    fn instant(year: i32, month: u32, day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(year, month, day, 0, 0, 0).unwrap()
    }

    fn employee(address: &str, roles: &[Role]) -> Employee {
        let mut res = Employee::new(email(address), NaiveDate::from_ymd_opt(2020, 1, 6).unwrap());
        res.roles = roles.to_vec();
        res
    }

    fn edge(from: &str, to: &str) -> Delegation {
        Delegation::new(email(from), email(to))
    }

    #[test]
    fn delegation_to_a_reviewer_is_allowed() {
        let bob = employee("bob@example.com", &[Role::Reviewer]);

        let res = check_delegation(&email("ann@example.com"), &bob, &[], instant(2026, 3, 2));

        assert_eq!(res, Ok(()));
    }

    #[test]
    fn risk_managers_and_admins_may_receive_delegations() {
        let rita = employee("rita@example.com", &[Role::RiskManager]);
        let adam = employee("adam@example.com", &[Role::Admin]);
        let ann = email("ann@example.com");

        assert_eq!(
            check_delegation(&ann, &rita, &[], instant(2026, 3, 2)),
            Ok(())
        );
        assert_eq!(
            check_delegation(&ann, &adam, &[], instant(2026, 3, 2)),
            Ok(())
        );
    }

    #[test]
    fn delegation_to_oneself_is_refused_whatever_the_case() {
        let ann = employee("Ann@Example.com", &[Role::Reviewer]);

        let res = check_delegation(&email("ann@example.com"), &ann, &[], instant(2026, 3, 2));

        let error = res.unwrap_err();
        assert_eq!(
            error,
            DelegationError::ToSelf {
                email: email("ann@example.com")
            }
        );
        assert_eq!(
            error.to_string(),
            "cannot delegate reviews of ann@example.com to themselves: choose another reviewer"
        );
    }

    #[test]
    fn delegation_to_someone_without_a_reviewing_role_is_refused() {
        let carl = employee("carl@example.com", &[]);

        let error = check_delegation(&email("ann@example.com"), &carl, &[], instant(2026, 3, 2))
            .unwrap_err();

        assert_eq!(
            error,
            DelegationError::NotAReviewer {
                to: email("carl@example.com")
            }
        );
        assert_eq!(
            error.to_string(),
            "cannot delegate reviews to carl@example.com: they hold none of the roles reviewer, \
             riskmanager or admin"
        );
    }

    #[test]
    fn delegation_to_someone_who_left_is_refused_from_the_day_after_their_end_date() {
        // Bob's last day is 2026-03-01: allowed that day, refused from 2026-03-02.
        let mut bob = employee("bob@example.com", &[Role::Reviewer]);
        bob.end_date = NaiveDate::from_ymd_opt(2026, 3, 1);
        let ann = email("ann@example.com");

        let last_day = check_delegation(&ann, &bob, &[], instant(2026, 3, 1));
        let error = check_delegation(&ann, &bob, &[], instant(2026, 3, 2)).unwrap_err();

        assert_eq!(last_day, Ok(()));
        assert_eq!(
            error.to_string(),
            "cannot delegate reviews to bob@example.com: their employment ended on 2026-03-01"
        );
    }

    #[test]
    fn direct_cycle_is_refused() {
        // Bob already delegates to Ann; Ann delegating to Bob closes ann -> bob -> ann.
        let bob = employee("bob@example.com", &[Role::Reviewer]);
        let existing = [edge("bob@example.com", "ann@example.com")];

        let error = check_delegation(
            &email("ann@example.com"),
            &bob,
            &existing,
            instant(2026, 3, 2),
        )
        .unwrap_err();

        assert_eq!(
            error.to_string(),
            "cannot delegate reviews of ann@example.com to bob@example.com: it would close the \
             delegation cycle ann@example.com -> bob@example.com -> ann@example.com"
        );
    }

    #[test]
    fn longer_cycle_is_refused_and_names_every_step() {
        // Existing: bob -> cat -> dan -> ann, plus unrelated edges. Ann -> bob closes
        // ann -> bob -> cat -> dan -> ann. Emails in the edges differ in case on purpose.
        let bob = employee("bob@example.com", &[Role::Reviewer]);
        let existing = [
            edge("cat@example.com", "DAN@example.com"),
            edge("eve@example.com", "ann@example.com"),
            edge("bob@example.com", "cat@example.com"),
            edge("dan@example.com", "Ann@Example.com"),
            edge("bob@example.com", "eve@example.com"),
        ];

        let error = check_delegation(
            &email("ann@example.com"),
            &bob,
            &existing,
            instant(2026, 3, 2),
        )
        .unwrap_err();

        // Two ways lead back: bob -> eve -> ann (2 steps) and bob -> cat -> dan -> ann
        // (3 steps); the shortest is reported.
        let DelegationError::Cycle { cycle, .. } = error else {
            panic!("unexpected error {error:?}");
        };
        let cycle: Vec<String> = cycle.iter().map(|e| e.normalized()).collect();
        assert_eq!(
            cycle,
            [
                "ann@example.com",
                "bob@example.com",
                "eve@example.com",
                "ann@example.com"
            ]
        );
    }

    #[test]
    fn chain_without_a_way_back_is_allowed() {
        // bob -> cat -> dan never reaches ann; a cycle among others does not matter either.
        let bob = employee("bob@example.com", &[Role::Reviewer]);
        let existing = [
            edge("bob@example.com", "cat@example.com"),
            edge("cat@example.com", "dan@example.com"),
            edge("dan@example.com", "cat@example.com"),
        ];

        let res = check_delegation(
            &email("ann@example.com"),
            &bob,
            &existing,
            instant(2026, 3, 2),
        );

        assert_eq!(res, Ok(()));
    }

    #[test]
    fn replaying_an_existing_delegation_is_allowed() {
        let bob = employee("bob@example.com", &[Role::Reviewer]);
        let existing = [edge("ann@example.com", "bob@example.com")];

        let res = check_delegation(
            &email("ann@example.com"),
            &bob,
            &existing,
            instant(2026, 3, 2),
        );

        assert_eq!(res, Ok(()));
    }

    #[test]
    fn delegations_outside_their_window_do_not_form_cycles() {
        // Bob -> Ann ran from 2026-02-01 to 2026-03-01 (excluded). On 2026-03-02 it is over,
        // so Ann -> Bob is allowed; on 2026-02-15 it would close a cycle.
        let bob = employee("bob@example.com", &[Role::Reviewer]);
        let existing = [edge("bob@example.com", "ann@example.com")
            .with_window(Some(instant(2026, 2, 1)), Some(instant(2026, 3, 1)))];
        let ann = email("ann@example.com");

        assert_eq!(
            check_delegation(&ann, &bob, &existing, instant(2026, 3, 2)),
            Ok(())
        );
        assert!(matches!(
            check_delegation(&ann, &bob, &existing, instant(2026, 2, 15)),
            Err(DelegationError::Cycle { .. })
        ));
        assert!(!existing[0].is_in_effect(instant(2026, 3, 1)));
        assert!(existing[0].is_in_effect(instant(2026, 2, 1)));
    }

    #[test]
    fn self_delegation_is_reported_before_a_missing_role() {
        let ann = employee("ann@example.com", &[]);

        let error = check_delegation(&email("ann@example.com"), &ann, &[], instant(2026, 3, 2))
            .unwrap_err();

        assert!(matches!(error, DelegationError::ToSelf { .. }));
    }
}
