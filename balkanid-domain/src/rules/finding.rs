//! What the rules report: a [`Finding`] names its kind, its subject, a one-line summary and the
//! typed [`Evidence`] that produced it, all serializable for the MCP server.
//!
//! These are this crate's own findings, computed at an `as_of` instant; they are not
//! BalkanID's stored findings of `findings.csv` ([`crate::model::Finding`]).

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};

use crate::ids::{AppId, Brn, WorkEmail};
use crate::model::{CredentialStatus, CredentialType, IdentityKind, IdentityStatus};
use crate::rules::credential::{CredentialState, RotationBasis};
use crate::rules::employment::LinkedEmployee;
use crate::rules::federated::{TrustBreadth, TrustConcern};

/// The kinds of finding, with the names the MCP tools accept in their `kinds` argument.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FindingKind {
    /// An active identity of an employee whose employment has ended.
    TerminatedWithAccess,
    /// An active identity that is no employee's and owned by no one.
    Orphaned,
    /// An active service account whose primary owner is missing or has left.
    ServiceAccountWithoutOwner,
    /// An active identity that has not signed in for longer than the policy allows.
    Dormant,
    /// A credential past its expiry or reported expired.
    ExpiredCredential,
    /// A usable credential that expires within the policy's window.
    ExpiringCredential,
    /// A usable credential not rotated for longer than the policy allows.
    UnrotatedCredential,
    /// A usable credential whose identity is inactive.
    ActiveCredentialOnInactiveIdentity,
    /// A usable federated credential that trusts more than one narrow subject.
    BroadFederatedTrust,
}

impl FindingKind {
    /// Every kind, identity kinds first.
    pub const ALL: &'static [FindingKind] = &[
        FindingKind::TerminatedWithAccess,
        FindingKind::Orphaned,
        FindingKind::ServiceAccountWithoutOwner,
        FindingKind::Dormant,
        FindingKind::ExpiredCredential,
        FindingKind::ExpiringCredential,
        FindingKind::UnrotatedCredential,
        FindingKind::ActiveCredentialOnInactiveIdentity,
        FindingKind::BroadFederatedTrust,
    ];

    /// The kind's name, as serialized: `terminated_with_access`, `orphaned`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::TerminatedWithAccess => "terminated_with_access",
            FindingKind::Orphaned => "orphaned",
            FindingKind::ServiceAccountWithoutOwner => "service_account_without_owner",
            FindingKind::Dormant => "dormant",
            FindingKind::ExpiredCredential => "expired_credential",
            FindingKind::ExpiringCredential => "expiring_credential",
            FindingKind::UnrotatedCredential => "unrotated_credential",
            FindingKind::ActiveCredentialOnInactiveIdentity => {
                "active_credential_on_inactive_identity"
            }
            FindingKind::BroadFederatedTrust => "broad_federated_trust",
        }
    }

    /// Whether findings of this kind are about identities (else about credentials).
    pub fn is_about_identities(self) -> bool {
        matches!(
            self,
            FindingKind::TerminatedWithAccess
                | FindingKind::Orphaned
                | FindingKind::ServiceAccountWithoutOwner
                | FindingKind::Dormant
        )
    }
}

impl fmt::Display for FindingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A finding kind name that is not one of [`FindingKind::ALL`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown finding kind {input:?}: expected one of terminated_with_access, orphaned, \
     service_account_without_owner, dormant, expired_credential, expiring_credential, \
     unrotated_credential, active_credential_on_inactive_identity, broad_federated_trust"
)]
pub struct UnknownFindingKind {
    /// The text that was given.
    pub input: String,
}

impl FromStr for FindingKind {
    type Err = UnknownFindingKind;

    /// Parses a kind name ignoring ASCII case and surrounding spaces, with `-` or a space
    /// accepted in place of `_`.
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let normalized: String = input
            .trim()
            .chars()
            .map(|c| {
                if c == '-' || c == ' ' {
                    '_'
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect();

        FindingKind::ALL
            .iter()
            .copied()
            .find(|kind| kind.as_str() == normalized)
            .ok_or_else(|| UnknownFindingKind {
                input: input.to_owned(),
            })
    }
}

/// What a finding is about.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Subject {
    /// An identity (an account in an app).
    Identity {
        /// The identity's BRN.
        brn: Brn,
        /// The app it lives in.
        app: AppId,
        /// Its display name.
        name: String,
        /// Its handle in the app.
        handle: String,
        /// Human, service account or bot.
        kind: IdentityKind,
    },
    /// A credential of an identity.
    Credential {
        /// The credential's id.
        id: String,
        /// Its display name.
        name: String,
        /// Its type.
        credential_type: CredentialType,
        /// The identity it authenticates as.
        identity_brn: Brn,
    },
}

/// One finding: its kind, what it is about, a one-line summary and the evidence.
///
/// Serialized as `{"kind": ..., "subject": {...}, "summary": ..., "evidence": {...}}`; the
/// evidence's fields depend on the kind.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct Finding {
    /// The kind, always the one that matches [`Self::evidence`].
    pub kind: FindingKind,
    /// What the finding is about.
    pub subject: Subject,
    /// One sentence a person can read, naming the facts that matter.
    pub summary: String,
    /// The facts that produced the finding.
    pub evidence: Evidence,
}

impl Finding {
    /// A finding whose kind is taken from its evidence.
    pub(crate) fn new(subject: Subject, summary: String, evidence: Evidence) -> Self {
        Finding {
            kind: evidence.kind(),
            subject,
            summary,
            evidence,
        }
    }
}

/// The facts behind a finding, one variant per [`FindingKind`].
///
/// Serialized as the inner struct alone; the finding's `kind` says which one it is.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum Evidence {
    /// See [`FindingKind::TerminatedWithAccess`].
    TerminatedWithAccess(TerminatedEvidence),
    /// See [`FindingKind::Orphaned`].
    Orphaned(OrphanedEvidence),
    /// See [`FindingKind::ServiceAccountWithoutOwner`].
    ServiceAccountWithoutOwner(OwnerlessEvidence),
    /// See [`FindingKind::Dormant`].
    Dormant(DormantEvidence),
    /// See [`FindingKind::ExpiredCredential`].
    ExpiredCredential(ExpiredCredentialEvidence),
    /// See [`FindingKind::ExpiringCredential`].
    ExpiringCredential(ExpiringCredentialEvidence),
    /// See [`FindingKind::UnrotatedCredential`].
    UnrotatedCredential(UnrotatedCredentialEvidence),
    /// See [`FindingKind::ActiveCredentialOnInactiveIdentity`].
    ActiveCredentialOnInactiveIdentity(ActiveOnInactiveIdentityEvidence),
    /// See [`FindingKind::BroadFederatedTrust`].
    BroadFederatedTrust(BroadTrustEvidence),
}

impl Evidence {
    /// The kind of finding this evidence supports.
    pub fn kind(&self) -> FindingKind {
        match self {
            Evidence::TerminatedWithAccess(_) => FindingKind::TerminatedWithAccess,
            Evidence::Orphaned(_) => FindingKind::Orphaned,
            Evidence::ServiceAccountWithoutOwner(_) => FindingKind::ServiceAccountWithoutOwner,
            Evidence::Dormant(_) => FindingKind::Dormant,
            Evidence::ExpiredCredential(_) => FindingKind::ExpiredCredential,
            Evidence::ExpiringCredential(_) => FindingKind::ExpiringCredential,
            Evidence::UnrotatedCredential(_) => FindingKind::UnrotatedCredential,
            Evidence::ActiveCredentialOnInactiveIdentity(_) => {
                FindingKind::ActiveCredentialOnInactiveIdentity
            }
            Evidence::BroadFederatedTrust(_) => FindingKind::BroadFederatedTrust,
        }
    }
}

/// Why an identity counts as terminated with access.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct TerminatedEvidence {
    /// The employee the identity is (`IS` relation).
    pub employee_email: WorkEmail,
    /// Their name, when known.
    pub employee_name: Option<String>,
    /// Their End Date, the last day of employment.
    pub end_date: NaiveDate,
    /// Days from the End Date to `as_of`'s UTC date; at least 1.
    pub days_since_end_date: i64,
    /// The identity's status, which is not inactive.
    pub identity_status: IdentityStatus,
    /// The identity's last sign-in, when known.
    pub last_login: Option<DateTime<Utc>>,
    /// Whether that sign-in fell on a day after the End Date.
    pub logged_in_after_end_date: bool,
}

/// Why an identity counts as orphaned: it has no `IS` and no `OWNS` relation.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct OrphanedEvidence {
    /// Human, service account or bot.
    pub identity_kind: IdentityKind,
    /// The identity's status, which is not inactive.
    pub identity_status: IdentityStatus,
    /// The identity's own email, which may help map it by hand.
    pub identity_email: Option<String>,
    /// The identity's last sign-in, when known.
    pub last_login: Option<DateTime<Utc>>,
}

/// Why a service account counts as having no owner.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct OwnerlessEvidence {
    /// The identity's status, which is not inactive.
    pub identity_status: IdentityStatus,
    /// The primary owner (first `OWNS` relation) whose employment has ended; `None` when the
    /// account has no `OWNS` relation at all.
    pub former_primary_owner: Option<LinkedEmployee>,
    /// The other `OWNS` relations, in file order, whether still employed or not.
    pub other_owners: Vec<LinkedEmployee>,
    /// The environment the account serves, such as `production`.
    pub environment: Option<String>,
}

/// Why an identity counts as dormant.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct DormantEvidence {
    /// The last sign-in.
    pub last_login: DateTime<Utc>,
    /// Whole 24-hour days from the last sign-in to `as_of`.
    pub days_since_last_login: i64,
    /// The policy's threshold.
    pub dormant_after_days: u32,
}

/// Why a credential counts as expired.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct ExpiredCredentialEvidence {
    /// The status the source reports (it may still say `active`).
    pub reported_status: CredentialStatus,
    /// The expiry, when known.
    pub expires_at: Option<DateTime<Utc>>,
    /// Whole 24-hour days from the expiry to `as_of`, when the expiry is known.
    pub days_since_expiry: Option<i64>,
    /// The kind of the owning identity, when known.
    pub identity_kind: Option<IdentityKind>,
    /// The environment of the owning identity, such as `production`, when known.
    pub identity_environment: Option<String>,
    /// The last use, when known.
    pub last_used_at: Option<DateTime<Utc>>,
}

/// Why a credential counts as expiring.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct ExpiringCredentialEvidence {
    /// The expiry, after `as_of`.
    pub expires_at: DateTime<Utc>,
    /// Whole 24-hour days left before the expiry (0 when less than a day is left).
    pub days_until_expiry: i64,
    /// The policy's window.
    pub expiring_within_days: u32,
    /// The environment of the owning identity, when known.
    pub identity_environment: Option<String>,
}

/// Why a credential counts as unrotated.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct UnrotatedCredentialEvidence {
    /// Which date the age is counted from.
    pub basis: RotationBasis,
    /// That date: the last rotation, else the creation.
    pub rotated_or_created_at: DateTime<Utc>,
    /// Whole 24-hour days from that date to `as_of`.
    pub days_since_rotation: i64,
    /// The policy's threshold.
    pub unrotated_after_days: u32,
}

/// Why a credential counts as active on an inactive identity.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct ActiveOnInactiveIdentityEvidence {
    /// The identity's status, inactive.
    pub identity_status: IdentityStatus,
    /// The credential's state at `as_of`, active or expiring.
    pub credential_state: CredentialState,
    /// The credential's expiry; `None` never expires.
    pub expires_at: Option<DateTime<Utc>>,
    /// The last use, when known.
    pub last_used_at: Option<DateTime<Utc>>,
}

/// Why a federated credential's trust counts as broad.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct BroadTrustEvidence {
    /// The trusted issuer.
    pub issuer: Option<String>,
    /// The trusted subject, possibly with `*`.
    pub subject: Option<String>,
    /// The accepted audiences.
    pub audiences: Vec<String>,
    /// Broad or wildcard.
    pub breadth: TrustBreadth,
    /// Every reason found, at least one.
    pub concerns: Vec<TrustConcern>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_parses_back_from_its_name() {
        for kind in FindingKind::ALL {
            assert_eq!(kind.as_str().parse::<FindingKind>().unwrap(), *kind);
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        }
    }

    #[test]
    fn kind_names_accept_case_dashes_and_spaces() {
        assert_eq!(
            " Terminated-With-Access ".parse::<FindingKind>().unwrap(),
            FindingKind::TerminatedWithAccess
        );
        assert_eq!(
            "service account without owner"
                .parse::<FindingKind>()
                .unwrap(),
            FindingKind::ServiceAccountWithoutOwner
        );
    }

    #[test]
    fn unknown_kind_error_lists_the_accepted_names() {
        let error = "stale".parse::<FindingKind>().unwrap_err();

        assert_eq!(error.input, "stale");
        let message = error.to_string();
        assert!(message.starts_with("unknown finding kind \"stale\": expected one of "));
        for kind in FindingKind::ALL {
            assert!(message.contains(kind.as_str()), "{message} lacks {kind}");
        }
    }

    #[test]
    fn only_the_four_identity_kinds_are_about_identities() {
        let identity_kinds: Vec<FindingKind> = FindingKind::ALL
            .iter()
            .copied()
            .filter(|k| k.is_about_identities())
            .collect();

        assert_eq!(
            identity_kinds,
            [
                FindingKind::TerminatedWithAccess,
                FindingKind::Orphaned,
                FindingKind::ServiceAccountWithoutOwner,
                FindingKind::Dormant
            ]
        );
    }
}
