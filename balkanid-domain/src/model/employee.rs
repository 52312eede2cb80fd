//! Employees, BalkanID's record of people from the HR system (`employees.csv`).

use chrono::NaiveDate;

use crate::ids::WorkEmail;
use crate::model::VersionedJson;
use crate::open_enum::open_enum;

open_enum! {
    /// A BalkanID role held by an employee (`BalkanID Roles`).
    ///
    /// The bulk format writes `reviewer`, `riskmanager` and `admin`; the manual-upload page of
    /// the UI writes `risk manager` and `administrator`, which are read as aliases.
    pub enum Role {
        /// Reviews items assigned to them and approves access requests.
        Reviewer => "reviewer",
        /// Manages campaigns, entities and access reviews.
        RiskManager => "riskmanager" | "risk manager" | "risk_manager",
        /// Configures the tenant, on top of what a risk manager does.
        Admin => "admin" | "administrator",
    }
}

/// One employee (a row of `employees.csv`). The work email is the unique key.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct Employee {
    /// `Employee ID`: BalkanID's id, empty on upload of a new employee.
    pub employee_id: Option<String>,
    /// `Full Name`.
    pub full_name: Option<String>,
    /// `First Name`.
    pub first_name: Option<String>,
    /// `Last Name`.
    pub last_name: Option<String>,
    /// `Work Email`, the unique key.
    pub work_email: WorkEmail,
    /// `Department`.
    pub department: Option<String>,
    /// `Title`, the job title.
    pub title: Option<String>,
    /// `Start Date` (`MM/DD/YYYY`).
    pub start_date: NaiveDate,
    /// `End Date` (`MM/DD/YYYY`): the last day of employment; empty while employed.
    pub end_date: Option<NaiveDate>,
    /// `Employment Type`, free text such as `Full-time`, `Part-time`, `Contractor`.
    pub employment_type: Option<String>,
    /// `Manager`: the manager's full name.
    pub manager: Option<String>,
    /// `Manager Work Email`, which links the reporting hierarchy.
    pub manager_work_email: Option<WorkEmail>,
    /// `Source Employee ID`: the id in the HR system.
    pub source_employee_id: Option<String>,
    /// `BalkanID Roles`.
    pub roles: Vec<Role>,
    /// `Metadata Version` and `Metadata`.
    pub metadata: Option<VersionedJson>,
}

impl Employee {
    /// A new employee with the two required fields and nothing else.
    pub fn new(work_email: WorkEmail, start_date: NaiveDate) -> Self {
        Employee {
            employee_id: None,
            full_name: None,
            first_name: None,
            last_name: None,
            work_email,
            department: None,
            title: None,
            start_date,
            end_date: None,
            employment_type: None,
            manager: None,
            manager_work_email: None,
            source_employee_id: None,
            roles: Vec::new(),
            metadata: None,
        }
    }

    /// The best display name: the full name, else first and last name, else the email.
    pub fn display_name(&self) -> String {
        if let Some(full) = self.full_name.as_deref().filter(|n| !n.is_empty()) {
            return full.to_owned();
        }
        let parts: Vec<&str> = [self.first_name.as_deref(), self.last_name.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        if parts.is_empty() {
            return self.work_email.to_string();
        }
        parts.join(" ")
    }

    /// Whether the employee holds `role`.
    pub fn has_role(&self, role: &Role) -> bool {
        self.roles.contains(role)
    }
}
