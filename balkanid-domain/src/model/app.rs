//! Apps and admins: `apps.csv` and `admins.csv`.

use chrono::NaiveDate;

use crate::ids::{AppId, WorkEmail};

/// One app of the tenant's catalogue (a row of `apps.csv`).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct App {
    /// `Tenant ID`.
    pub tenant_id: String,
    /// `Tenant Name`.
    pub tenant_name: String,
    /// `Tenant Status`: `active` or `inactive`.
    pub tenant_status: String,
    /// `Tenant Created At` (`YYYY-MM-DD`).
    pub tenant_created_at: NaiveDate,
    /// `ID`: `okta`, `aws`, ...
    pub id: AppId,
    /// `Name`.
    pub name: String,
    /// `Description`.
    pub description: Option<String>,
    /// `Logo`: a URL.
    pub logo: Option<String>,
}

/// One administrator (a row of `admins.csv`).
///
/// The reference page's copy lost the email column's header; this crate reads and writes
/// `Email` (inferred).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct Admin {
    /// `Email`.
    pub email: WorkEmail,
    /// `Is Employee`: whether the admin is also an employee of the tenant.
    pub is_employee: bool,
}
