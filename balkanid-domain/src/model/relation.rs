//! Who an identity belongs to: BalkanID's Relations format (`relations.csv`), whose `IS` rows
//! say an account is an employee's and whose `OWNS` rows say an employee owns a service account.

use crate::ids::WorkEmail;
use crate::open_enum::open_enum;

open_enum! {
    /// `Relation type`. Samples write it in lower case.
    pub enum RelationType {
        /// The identity is the employee's own account.
        Is => "IS",
        /// The employee owns the identity (a service account, bot or shared account).
        Owns => "OWNS",
    }
}

/// One row of `relations.csv`: an identity and the employee it is, or is owned by.
///
/// BalkanID publishes only the upload format; this crate downloads and writes the same
/// columns. The identity is found by `App ID` and `Identity ID`, which is the entity's
/// `Source ID`. The first `OWNS` row of an identity is its primary owner (inferred: the format
/// has no primary flag).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct Relation {
    /// `Identity ID`: the identity's source id, such as `email/<hash>` or `id/<hash>`.
    pub identity_id: String,
    /// `Username`.
    pub username: String,
    /// `Identity email`.
    pub identity_email: Option<String>,
    /// `Identity name`.
    pub identity_name: String,
    /// `App ID`.
    pub app_id: String,
    /// `App Name`.
    pub app_name: String,
    /// `App Description`.
    pub app_description: Option<String>,
    /// `Relation type`; empty cells are read as `None`.
    pub relation_type: Option<RelationType>,
    /// `Employee email`.
    pub employee_email: Option<WorkEmail>,
    /// `Employee name`.
    pub employee_name: Option<String>,
    /// `Employee department`.
    pub employee_department: Option<String>,
    /// `Employee job title`.
    pub employee_job_title: Option<String>,
}
