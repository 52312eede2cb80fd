//! The plan of the demo company: its fixed facts and the exact number of times each situation
//! the product's example questions ask about is planted.
//!
//! The rest of the company is generated so that it never produces one of these situations by
//! accident: ordinary employees' accounts are mapped and active until they leave, ordinary
//! leavers' accounts are all inactive, ordinary credentials were rotated in the last
//! [`ROTATED_WITHIN_DAYS`] days and expire, if ever, more than [`ORDINARY_EXPIRY_MIN_DAYS`]
//! days after the snapshot, ordinary federated subjects name one repository branch or one
//! Kubernetes service account, and ordinary accounts signed in during the last
//! [`RECENT_LOGIN_MAX_DAYS`] days. So every count below is exact, for any company size and
//! seed, and the tests in `snapshot_tests.rs` check them on the committed snapshot.
//!
//! Planted dates keep at least two days away from every threshold, because loaders shift the
//! tenant by whole days and "now" may be any time of that day.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

/// The company's name.
pub(crate) const TENANT_NAME: &str = "Northwind Labs";

/// The tenant id, a ULID, as it appears in every BRN.
pub(crate) const TENANT_ID: &str = "01HWN0RTHW1ND0DEM0TENANT00";

/// The acting user of the demo: a risk manager (who is also a reviewer).
pub(crate) const DEFAULT_USER: &str = "amara.okafor@northwind.example";

/// The default user's given name.
pub(crate) const DEFAULT_USER_FIRST_NAME: &str = "Amara";

/// The default user's family name.
pub(crate) const DEFAULT_USER_LAST_NAME: &str = "Okafor";

/// The smallest company the plan fits in: below it, departments are too small to hold the
/// planted people.
pub(crate) const MIN_EMPLOYEES: usize = 100;

/// The largest company the generator accepts.
pub(crate) const MAX_EMPLOYEES: usize = 1_000_000;

/// The instant the snapshot describes: `2026-06-01T12:00:00Z`. Every date is relative to it.
pub(crate) fn snapshot_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 12, 0, 0).single().unwrap_or_default()
}

/// When the tenant was created in BalkanID; no record's id is older.
pub(crate) fn tenant_created() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2023, 3, 14, 9, 30, 0).single().unwrap_or_default()
}

/// The snapshot's UTC date.
pub(crate) fn snapshot_date() -> NaiveDate {
    snapshot_time().date_naive()
}

// Thresholds that the planted situations are measured against.

/// Dormant: an active account whose last sign-in is more than this many days old.
pub(crate) const DORMANT_AFTER_DAYS: i64 = 90;

/// Unrotated: an active credential last rotated (or, never rotated, created) more than this
/// many days ago.
pub(crate) const UNROTATED_AFTER_DAYS: i64 = 90;

/// Ordinary credentials were rotated at most this many days before the snapshot.
pub(crate) const ROTATED_WITHIN_DAYS: i64 = 85;

/// Ordinary credentials that expire do so at least this many days after the snapshot.
pub(crate) const ORDINARY_EXPIRY_MIN_DAYS: i64 = 95;

/// Ordinary active accounts signed in at most this many days before the snapshot.
pub(crate) const RECENT_LOGIN_MAX_DAYS: i64 = 45;

// Employees.

/// Employees terminated (End Date before the snapshot date) whose Okta and Azure accounts are
/// both still active; all their other accounts are inactive.
pub(crate) const TERMINATED_WITH_ACTIVE_ACCESS: usize = 4;

/// Active identities of those employees: exactly their Okta and Azure accounts.
pub(crate) const TERMINATED_ACTIVE_IDENTITIES: usize = 2 * TERMINATED_WITH_ACTIVE_ACCESS;

/// Employees whose End Date lies after the snapshot date: leaving, not terminated.
pub(crate) const LEAVING_SOON: usize = 2;

/// Employees whose End Date is the snapshot date: their last day, not terminated.
pub(crate) const LAST_DAY_TODAY: usize = 1;

/// Employees with the `riskmanager` role, the default user among them.
pub(crate) const RISK_MANAGERS: usize = 3;

/// Employees with the `admin` role.
pub(crate) const ADMINS: usize = 2;

// Identities.

/// Active human accounts linked to no employee and owned by no one (orphaned).
pub(crate) const ORPHANED_HUMAN_ACCOUNTS: usize = 6;

/// Of those, the ones in Okta.
pub(crate) const ORPHANED_OKTA_ACCOUNTS: usize = 2;

/// Inactive human accounts linked to no one: unmapped, but not orphaned since inactive.
pub(crate) const UNMAPPED_INACTIVE_ACCOUNTS: usize = 3;

/// Active Azure service accounts (service principals, managed identities) with no owner.
pub(crate) const OWNERLESS_ACTIVE_AZURE_SERVICE_ACCOUNTS: usize = 4;

/// Active service accounts of any app with no owner: the Azure ones and one AWS role.
pub(crate) const OWNERLESS_ACTIVE_SERVICE_ACCOUNTS: usize = 5;

/// Active identities of any kind linked to no employee and owned by no one.
pub(crate) const ORPHANED_IDENTITIES: usize =
    ORPHANED_HUMAN_ACCOUNTS + OWNERLESS_ACTIVE_SERVICE_ACCOUNTS;

/// Active accounts of employed people whose last sign-in is more than
/// [`DORMANT_AFTER_DAYS`] days old.
pub(crate) const DORMANT_ACCOUNTS: usize = 5;

// Credentials.

/// Credentials past their expiry on production service accounts (identity metadata
/// `environment` = `production`).
pub(crate) const EXPIRED_PRODUCTION_CREDENTIALS: usize = 5;

/// Of those, the ones in Azure.
pub(crate) const EXPIRED_PRODUCTION_AZURE_CREDENTIALS: usize = 2;

/// Credentials past their expiry on staging or development service accounts.
pub(crate) const EXPIRED_NON_PRODUCTION_CREDENTIALS: usize = 2;

/// Active credentials that expire within 30 days (30 × 24 hours) after the snapshot.
pub(crate) const EXPIRING_WITHIN_30_DAYS: usize = 6;

/// Of those, the ones that expire within 7 days.
pub(crate) const EXPIRING_WITHIN_7_DAYS: usize = 2;

/// Federated identity credentials whose subject holds a `*` wildcard.
pub(crate) const WILDCARD_FEDERATED_CREDENTIALS: usize = 4;

/// Active credentials last rotated more than [`UNROTATED_AFTER_DAYS`] days ago.
pub(crate) const UNROTATED_CREDENTIALS: usize = 5;

/// Active credentials of inactive identities.
pub(crate) const ACTIVE_CREDENTIALS_ON_INACTIVE_IDENTITIES: usize = 3;

// Campaigns and reviews.

/// The campaign the example question names.
pub(crate) const Q4_SOC: &str = "Q4 SOC";

/// Pending `Q4 SOC` items of each of its three reviewers, all holders of the reviewer role.
pub(crate) const Q4_SOC_PENDING_BY_REVIEWER: [usize; 3] = [5, 4, 3];

/// Pending `Q4 SOC` items in all.
pub(crate) const Q4_SOC_PENDING_ITEMS: usize = 12;

/// Decided `Q4 SOC` items: two of each reviewer.
pub(crate) const Q4_SOC_DECIDED_ITEMS: usize = 6;

/// Campaigns in `draft`.
pub(crate) const DRAFT_CAMPAIGNS: usize = 2;

/// Campaigns `pending` whose End Date is on or after the snapshot date (in progress), `Q4 SOC`
/// among them.
pub(crate) const IN_PROGRESS_CAMPAIGNS: usize = 3;

/// Campaigns `pending` whose End Date is before the snapshot date (overdue).
pub(crate) const OVERDUE_CAMPAIGNS: usize = 3;

/// Campaigns `completed`.
pub(crate) const COMPLETED_CAMPAIGNS: usize = 3;

/// Campaigns `aborted`; their undecided items are not in anyone's queue.
pub(crate) const ABORTED_CAMPAIGNS: usize = 1;

/// Open items of overdue campaigns assigned to the default user (as risk manager).
pub(crate) const DEFAULT_USER_OPEN_CAMPAIGN_ITEMS: usize = 3;

// Access requests and purposes.

/// Access requests (distinct Request IDs, not purpose assignments) waiting for a reviewer:
/// three grants and one revocation.
pub(crate) const PENDING_ACCESS_REQUESTS: usize = 4;

/// Their pending review items: one request has two rows, each with its own review.
pub(crate) const PENDING_REQUEST_REVIEWS: usize = 5;

/// Pending request reviews assigned to the default user.
pub(crate) const DEFAULT_USER_PENDING_REQUEST_REVIEWS: usize = 1;

/// Access requests approved, and denied.
pub(crate) const APPROVED_ACCESS_REQUESTS: usize = 4;

/// Access requests denied.
pub(crate) const DENIED_ACCESS_REQUESTS: usize = 2;

/// Purposes in all.
pub(crate) const PURPOSES: usize = 6;

/// Purposes with at least one active assignment.
pub(crate) const ACTIVE_PURPOSES: usize = 3;

/// Approved assignments whose window contains the snapshot.
pub(crate) const ACTIVE_ASSIGNMENTS: usize = 5;

/// Approved assignments whose window ended before the snapshot.
pub(crate) const EXPIRED_ASSIGNMENTS: usize = 3;

/// Approved assignments whose window starts after the snapshot.
pub(crate) const SCHEDULED_ASSIGNMENTS: usize = 2;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_counts_add_up() {
        assert_eq!(Q4_SOC_PENDING_BY_REVIEWER.iter().sum::<usize>(), Q4_SOC_PENDING_ITEMS);
        assert_eq!(ORPHANED_IDENTITIES, 11);
        assert_eq!(TERMINATED_ACTIVE_IDENTITIES, 8);
    }

    #[test]
    fn the_tenant_id_is_a_ulid() {
        assert!(TENANT_ID.parse::<balkanid_domain::ids::Ulid>().is_ok());
    }

    #[test]
    fn the_snapshot_is_noon_utc_on_the_first_of_june_2026() {
        assert_eq!(snapshot_time().to_rfc3339(), "2026-06-01T12:00:00+00:00");
    }
}
