//! Credentials of service accounts and bots: the dates each planted situation needs, the
//! ordinary ones that never trip a rule, and the ids and names of each kind.

use std::io::Write;

use anyhow::Result;
use chrono::{DateTime, TimeDelta, Utc};

use balkanid_domain::ids::Brn;
use balkanid_domain::model::{Credential, CredentialStatus, CredentialType};

use crate::demo::catalog::{AppKind, Catalog};
use crate::demo::dice::Dice;
use crate::demo::identities::NewIdentity;
use crate::demo::machines::MachineKind;
use crate::demo::names;
use crate::demo::plan;
use crate::demo::sink::Sink;

/// Token issuers of federated credentials.
#[derive(Clone, Copy, Debug)]
pub(super) enum Issuer {
    GithubActions,
    AksCluster,
    GkeCluster,
}

/// A credential's type, status and dates, before it gets ids.
#[derive(Debug)]
pub(super) struct Timing {
    credential_type: CredentialType,
    status: CredentialStatus,
    created_at: DateTime<Utc>,
    last_rotated_at: Option<DateTime<Utc>>,
    last_used_at: Option<DateTime<Utc>>,
    expires_at: Option<DateTime<Utc>>,
    federation: Option<(String, String, Vec<String>)>,
}

/// An active credential rotated in the last [`plan::ROTATED_WITHIN_DAYS`] days, expiring, if
/// at all, more than [`plan::ORDINARY_EXPIRY_MIN_DAYS`] days after the snapshot.
pub(super) fn ordinary_credential(credential_type: CredentialType, dice: &mut Dice) -> Timing {
    use CredentialType as C;
    let expires_at = match credential_type {
        C::ClientSecret => Some(dice.instant_between(plan::ORDINARY_EXPIRY_MIN_DAYS, 700)),
        C::X509Certificate => Some(dice.instant_between(plan::ORDINARY_EXPIRY_MIN_DAYS, 365)),
        C::ApiKey | C::ServiceAccountKey if dice.chance(0.4) => {
            Some(dice.instant_between(plan::ORDINARY_EXPIRY_MIN_DAYS, 700))
        }
        _ => None,
    };
    Timing {
        credential_type,
        status: CredentialStatus::Active,
        created_at: dice.instant_between(-1_200, -90),
        last_rotated_at: Some(dice.instant_between(-plan::ROTATED_WITHIN_DAYS, -1)),
        last_used_at: Some(dice.instant_between(-10, 0)),
        expires_at,
        federation: None,
    }
}

/// Expired `days` days ago; rotated (to the secret that expired) within the rotation window.
pub(super) fn expired_credential(
    credential_type: CredentialType,
    days: i64,
    dice: &mut Dice,
) -> Timing {
    Timing {
        credential_type,
        status: CredentialStatus::Expired,
        created_at: dice.instant_between(-900, -90),
        last_rotated_at: Some(dice.instant_between(-plan::ROTATED_WITHIN_DAYS, -(days + 1))),
        last_used_at: Some(dice.instant_between(-(days + 5), -(days + 1))),
        expires_at: Some(dice.instant(-days, 6)),
        federation: None,
    }
}

/// Active and expiring `days` days after the snapshot.
pub(super) fn expiring_credential(
    credential_type: CredentialType,
    days: i64,
    dice: &mut Dice,
) -> Timing {
    Timing {
        credential_type,
        status: CredentialStatus::Active,
        created_at: dice.instant_between(-900, -90),
        last_rotated_at: Some(dice.instant_between(-plan::ROTATED_WITHIN_DAYS, -5)),
        last_used_at: Some(dice.instant_between(-10, 0)),
        expires_at: Some(dice.instant(days, 6)),
        federation: None,
    }
}

/// Active, with no expiry, last rotated `days` days ago (or, every other one, never rotated
/// since it was created then).
pub(super) fn unrotated_credential(
    credential_type: CredentialType,
    days: i64,
    dice: &mut Dice,
) -> Timing {
    let rotated = dice.instant(-days, 6);
    let (created_at, last_rotated_at) = if days % 2 == 0 {
        (
            rotated - TimeDelta::days(dice.between(30, 300)),
            Some(rotated),
        )
    } else {
        (rotated, None)
    };
    Timing {
        credential_type,
        status: CredentialStatus::Active,
        created_at,
        last_rotated_at,
        last_used_at: Some(dice.instant_between(-10, 0)),
        expires_at: None,
        federation: None,
    }
}

/// Active on an identity that was disabled months ago.
pub(super) fn active_on_inactive_credential(
    credential_type: CredentialType,
    dice: &mut Dice,
) -> Timing {
    let expires_at =
        (credential_type == CredentialType::ClientSecret).then(|| dice.instant_between(180, 240));
    Timing {
        credential_type,
        status: CredentialStatus::Active,
        created_at: dice.instant_between(-900, -200),
        last_rotated_at: Some(dice.instant_between(-60, -20)),
        last_used_at: Some(dice.instant_between(-150, -120)),
        expires_at,
        federation: None,
    }
}

/// Revoked with its identity, long ago; no expiry.
pub(super) fn revoked_credential(credential_type: CredentialType, dice: &mut Dice) -> Timing {
    let federation = (credential_type == CredentialType::FederatedIdentity).then(|| {
        let subject = format!(
            "repo:{}/retired-service:ref:refs/heads/main",
            names::GITHUB_ORG
        );
        (
            GITHUB_ISSUER.to_owned(),
            subject,
            vec!["api://AzureADTokenExchange".to_owned()],
        )
    });
    Timing {
        credential_type,
        status: CredentialStatus::Revoked,
        created_at: dice.instant_between(-1_500, -610),
        last_rotated_at: Some(dice.instant_between(-600, -300)),
        last_used_at: Some(dice.instant_between(-300, -100)),
        expires_at: None,
        federation,
    }
}

const GITHUB_ISSUER: &str = "https://token.actions.githubusercontent.com";

/// A federated identity credential trusting `subject` from `issuer`, created within the
/// rotation window (it holds no secret to rotate).
pub(super) fn federated_credential(
    issuer: Issuer,
    subject: &str,
    kind: MachineKind,
    dice: &mut Dice,
) -> Timing {
    let issuer_url = match issuer {
        Issuer::GithubActions => GITHUB_ISSUER.to_owned(),
        Issuer::AksCluster => {
            "https://westeurope.oic.prod-aks.azure.com/6f1c2a9e-4b7d-4e0a-9c3f-2d8b5e7a1c40/\
             b2e4d6f8-1a3c-4e5f-8a9b-0c1d2e3f4a5b/"
                .to_owned()
        }
        Issuer::GkeCluster => "https://container.googleapis.com/v1/projects/northwind-prod/\
                               locations/europe-west1/clusters/prod-eu"
            .to_owned(),
    };
    let audience = match kind.app() {
        AppKind::Aws => "sts.amazonaws.com",
        AppKind::Google => "northwind-prod.svc.id.goog",
        _ => "api://AzureADTokenExchange",
    };
    Timing {
        credential_type: CredentialType::FederatedIdentity,
        status: CredentialStatus::Active,
        created_at: dice.instant_between(-plan::ROTATED_WITHIN_DAYS, -5),
        last_rotated_at: None,
        last_used_at: Some(dice.instant_between(-10, 0)),
        expires_at: None,
        federation: Some((issuer_url, subject.to_owned(), vec![audience.to_owned()])),
    }
}

/// Gives a credential its ids and name and writes it.
pub(super) fn write<W: Write>(
    sink: &mut Sink<W>,
    catalog: &Catalog,
    identity: &NewIdentity,
    brn: &Brn,
    timing: &Timing,
    dice: &mut Dice,
) -> Result<()> {
    use CredentialType as C;
    let owner = identity.name.as_str();
    let (name, source_id) = match &timing.credential_type {
        C::ClientSecret => (format!("{owner} client secret"), dice.guid()),
        C::X509Certificate => (
            format!("CN={owner}.{}", names::EMAIL_DOMAIN),
            dice.hex(40).to_ascii_uppercase(),
        ),
        C::AccessKey => (
            format!("{owner} access key"),
            format!("AKIA{}", dice.upper_alnum(16)),
        ),
        C::ServiceAccountKey => (format!("{owner} key"), dice.hex(40)),
        C::ApiKey => (
            format!("{owner} API token"),
            format!("00T{}", dice.base62(17)),
        ),
        C::SshKey => (
            format!("{owner} deploy key"),
            format!("SHA256:{}", dice.entity_id()),
        ),
        C::OauthToken => (format!("{owner} OAuth token"), dice.digits(8)),
        C::FederatedIdentity => (format!("{owner} federated credential"), dice.guid()),
        other => (format!("{owner} {}", other.as_str()), dice.guid()),
    };
    let id = dice
        .ulid(timing.created_at.max(plan::tenant_created()))
        .to_string();

    let mut credential = Credential::new(
        id,
        name,
        timing.credential_type.clone(),
        timing.status.clone(),
        brn.clone(),
        catalog.integration(identity.app).clone(),
        timing.created_at,
    );
    credential.source_id = Some(source_id);
    credential.last_rotated_at = timing.last_rotated_at;
    credential.last_used_at = timing.last_used_at;
    credential.expires_at = timing.expires_at;
    if let Some((issuer, subject, audiences)) = &timing.federation {
        credential.issuer = Some(issuer.clone());
        credential.subject = Some(subject.clone());
        credential.audiences = audiences.clone();
    }
    sink.credentials.write(&credential)?;
    Ok(())
}
