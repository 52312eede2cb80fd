//! Purposes for just-in-time, purpose-based access (`purposes.csv`).

use crate::ids::{Brn, WorkEmail};
use crate::open_enum::open_enum;
use crate::values::GoDuration;

open_enum! {
    /// `Birthright`: who gets the purpose without asking.
    pub enum Birthright {
        /// Everyone in the purpose's department.
        Department => "Department Birthright",
        /// Everyone in the purpose's team.
        Team => "Team Birthright",
        /// Everyone in the organization.
        Organization => "Organization Birthright",
    }
}

/// One purpose (a row of `purposes.csv` as downloaded).
///
/// Assignments of a purpose to people are access requests carrying its `Purpose ID`; a
/// purpose is active while at least one approved assignment's window contains the present
/// (see [`crate::rules`]).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct Purpose {
    /// `BRN`.
    pub brn: Brn,
    /// `Purpose Name`.
    pub name: String,
    /// `Description`.
    pub description: String,
    /// `Pre-Expiry Notification`: how long before expiry holders are warned.
    pub pre_expiry_notification: Option<GoDuration>,
    /// `Department`.
    pub department: Option<String>,
    /// `Job Title`.
    pub job_title: Option<String>,
    /// `Team`.
    pub team: Option<String>,
    /// `Owner`: an email.
    pub owner: Option<WorkEmail>,
    /// `Birthright`.
    pub birthright: Option<Birthright>,
    /// `Entity BRNs`: the connections and resources the purpose grants.
    pub entity_brns: Vec<Brn>,
}
