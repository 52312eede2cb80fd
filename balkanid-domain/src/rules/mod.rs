//! The identity-governance rules, as pure functions of the tenant's data and an `as_of`
//! instant. Each finding carries the evidence that produced it.
//!
//! Every rule looks at one subject and the facts linked to it (an identity with the employees
//! it is and the employees who own it, a credential with its identity, a campaign with its
//! review items, ...), so a store can evaluate it row by row without loading the tenant.
//! Nothing here reads the clock: the caller passes `as_of`, and every threshold lives in a
//! policy struct whose `Default` gives the documented value.
//!
//! - identity: [`assess_identity`] gives findings `terminated_with_access`, `orphaned`,
//!   `service_account_without_owner` and `dormant`;
//! - credential: [`assess_credential`] gives its [`CredentialState`] and findings
//!   `expired_credential`, `expiring_credential`, `unrotated_credential`,
//!   `active_credential_on_inactive_identity` and `broad_federated_trust`;
//! - federated trust: [`assess_trust`] gives a [`TrustBreadth`] and the [`TrustConcern`]s
//!   behind it;
//! - campaign: [`assess_campaign`] says whether it is overdue, how complete it is and how many
//!   items are in each status;
//! - reviewer: [`review_queue`] lists the open items waiting for them;
//! - access request: [`request_status`] says pending, approved or denied;
//! - purpose assignment: [`assess_assignment`] says pending, denied, scheduled, active or
//!   expired, and [`purpose_is_active`] whether a purpose has an active assignment;
//! - delegation: [`check_delegation`] allows it or says why not with a [`DelegationError`].
//!
//! # Decisions
//!
//! Where BalkanID's documentation is silent the rules pick one reading and keep it in one
//! place; the doc comment of that place says "(inferred)". The main ones:
//!
//! - An employee's End Date is the last day of employment: they are terminated from the next
//!   UTC day on, and a future End Date is not terminated ([`is_terminated`]).
//! - An identity whose status is anything but inactive counts as active
//!   ([`identity_is_active`]).
//! - "Within N days" means the N × 24 hours after `as_of`; a credential without an expiry
//!   never expires ([`credential_state`]).
//! - A federated subject holding `*` is flagged as a wildcard, never dropped ([`assess_trust`]).
//! - A campaign with no review items is 0 % complete ([`assess_campaign`]).
//! - Delegation to oneself or in a cycle is refused; the delegate needs the reviewer,
//!   riskmanager or admin role and must still be employed ([`check_delegation`]).
//!
//! # Example
//!
//! ```
//! use balkanid_domain::model::{Employee, Role};
//! use balkanid_domain::rules::{DelegationError, check_delegation, is_terminated};
//! use chrono::{NaiveDate, TimeZone, Utc};
//!
//! let as_of = Utc.with_ymd_and_hms(2026, 3, 2, 0, 0, 0).unwrap();
//!
//! // The End Date is the last day of employment: terminated from the day after.
//! assert!(is_terminated(NaiveDate::from_ymd_opt(2026, 3, 1), as_of));
//! assert!(!is_terminated(NaiveDate::from_ymd_opt(2026, 3, 2), as_of));
//!
//! // Reviews go only to someone who may review, and never back to oneself.
//! let start = NaiveDate::from_ymd_opt(2020, 1, 6).unwrap();
//! let mut bob = Employee::new("bob@example.com".parse()?, start);
//! bob.roles.push(Role::Reviewer);
//! check_delegation(&"ann@example.com".parse()?, &bob, &[], as_of)?;
//! let refused = check_delegation(&"Bob@Example.com".parse()?, &bob, &[], as_of);
//! assert!(matches!(refused, Err(DelegationError::ToSelf { .. })));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod access_request;
mod campaign;
mod credential;
mod delegation;
mod employment;
mod federated;
mod finding;
mod identity;
mod review_queue;

pub use access_request::{
    AssignmentAssessment, AssignmentState, RequestStatus, assess_assignment, purpose_is_active,
    request_status,
};
pub use campaign::{CampaignAssessment, ReviewCounts, assess_campaign};
pub use credential::{
    CredentialAssessment, CredentialFacts, CredentialPolicy, CredentialState, RotationBasis,
    assess_credential, credential_state, rotation_basis,
};
pub use delegation::{Delegation, DelegationError, check_delegation};
pub use employment::{LinkedEmployee, identity_is_active, is_terminated};
pub use federated::{
    DEFAULT_ALLOWED_ISSUERS, TrustAssessment, TrustBreadth, TrustConcern, TrustPolicy, assess_trust,
};
pub use finding::{
    ActiveOnInactiveIdentityEvidence, BroadTrustEvidence, DormantEvidence, Evidence,
    ExpiredCredentialEvidence, ExpiringCredentialEvidence, Finding, FindingKind, OrphanedEvidence,
    OwnerlessEvidence, Subject, TerminatedEvidence, UnknownFindingKind,
    UnrotatedCredentialEvidence,
};
pub use identity::{IdentityFacts, IdentityPolicy, assess_identity};
pub use review_queue::{QueueEntry, QueueSource, queue_source, review_queue};
