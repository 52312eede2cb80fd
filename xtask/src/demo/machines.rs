//! Service accounts and bots: the planted ones of the plan, each with exactly the credential
//! it is planted for, and the background ones, owned by engineers and carrying ordinary
//! credentials.

use std::collections::{HashMap, HashSet};
use std::io::Write;

use anyhow::Result;

use balkanid_domain::model::CredentialType;

use crate::demo::catalog::{AppKind, Catalog};
use crate::demo::credentials::{
    self, Issuer, active_on_inactive_credential, expired_credential, expiring_credential,
    federated_credential, ordinary_credential, revoked_credential, unrotated_credential,
};
use crate::demo::dice::Dice;
use crate::demo::identities::{Directory, NewIdentity, Templates, into_account, write_identity};
use crate::demo::names;
use crate::demo::people::Company;
use crate::demo::sink::Sink;

/// Machine names given so far, per app: each name once, later ones numbered `-2`, `-3`, ...
#[derive(Debug, Default)]
pub(super) struct Names {
    taken: HashSet<(AppKind, String)>,
    /// For each base name, how many machines asked for it.
    asked: HashMap<(AppKind, String), usize>,
}

impl Names {
    pub(super) fn reserve(&mut self, app: AppKind, name: &str) {
        self.taken.insert((app, name.to_owned()));
    }

    /// `base`, or `base-N` with the next free number.
    pub(super) fn unique(&mut self, app: AppKind, base: String) -> String {
        let asked = self.asked.entry((app, base.clone())).or_insert(0);
        loop {
            *asked += 1;
            let name = if *asked == 1 {
                base.clone()
            } else {
                format!("{base}-{asked}")
            };
            if self.taken.insert((app, name.clone())) {
                return name;
            }
        }
    }
}

/// The kinds of service accounts and bots.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum MachineKind {
    ServicePrincipal,
    ManagedIdentity,
    AwsRole,
    AwsUser,
    GoogleServiceAccount,
    GithubBot,
    SalesforceIntegration,
    OktaService,
}

impl MachineKind {
    const ALL: [MachineKind; 8] = [
        MachineKind::ServicePrincipal,
        MachineKind::ManagedIdentity,
        MachineKind::AwsRole,
        MachineKind::AwsUser,
        MachineKind::GoogleServiceAccount,
        MachineKind::GithubBot,
        MachineKind::SalesforceIntegration,
        MachineKind::OktaService,
    ];

    /// Shares of the background machines, in percent, in the order of [`Self::ALL`].
    const WEIGHTS: [u32; 8] = [23, 10, 21, 9, 20, 9, 4, 4];

    pub(super) fn app(self) -> AppKind {
        match self {
            MachineKind::ServicePrincipal | MachineKind::ManagedIdentity => AppKind::Azure,
            MachineKind::AwsRole | MachineKind::AwsUser => AppKind::Aws,
            MachineKind::GoogleServiceAccount => AppKind::Google,
            MachineKind::GithubBot => AppKind::Github,
            MachineKind::SalesforceIntegration => AppKind::Salesforce,
            MachineKind::OktaService => AppKind::Okta,
        }
    }

    fn source_type(self) -> &'static str {
        match self {
            MachineKind::ServicePrincipal => "service principal",
            MachineKind::ManagedIdentity => "managed identity",
            MachineKind::AwsRole => "aws service role",
            MachineKind::GithubBot => "bot",
            _ => "service account",
        }
    }

    /// The connections background machines of this kind draw from.
    fn connection_pool(self) -> &'static [&'static str] {
        match self {
            MachineKind::ServicePrincipal => &[
                "Contributor",
                "Reader",
                "Key Vault Secrets User",
                "Storage Blob Data Contributor",
                "AcrPull",
            ],
            MachineKind::ManagedIdentity => &[
                "Key Vault Secrets User",
                "Storage Blob Data Contributor",
                "AcrPull",
                "Reader",
            ],
            MachineKind::AwsRole => &[
                "ReadOnlyAccess",
                "NorthwindDeployPolicy",
                "AmazonS3ReadOnlyAccess",
                "NorthwindBackupPolicy",
                "TerraformStateAccess",
                "NorthwindDataScience",
                "PowerUserAccess",
            ],
            MachineKind::AwsUser => &[
                "AmazonS3ReadOnlyAccess",
                "NorthwindBackupPolicy",
                "ReadOnlyAccess",
                "TerraformStateAccess",
            ],
            MachineKind::GoogleServiceAccount => &[
                "roles/storage.objectViewer",
                "roles/bigquery.dataEditor",
                "roles/pubsub.publisher",
                "roles/cloudsql.client",
                "roles/container.developer",
            ],
            MachineKind::GithubBot => &["platform", "payments", "web", "mobile", "data", "sre"],
            MachineKind::SalesforceIntegration => &["API Only Integration"],
            MachineKind::OktaService => &[
                "Read-Only Administrator",
                "API Access Management Administrator",
            ],
        }
    }
}

/// `prod`, `stg` or `dev`.
fn environment_short(environment: &str) -> &'static str {
    match environment {
        "production" => "prod",
        "staging" => "stg",
        _ => "dev",
    }
}

/// The AWS account of an environment.
fn aws_account(environment: &str) -> &'static str {
    match environment {
        "production" => "210987654321",
        "staging" => "345678901234",
        _ => "456789012345",
    }
}

/// Source id and username of a machine called `name`.
fn machine_ids(
    kind: MachineKind,
    name: &str,
    environment: &str,
    dice: &mut Dice,
) -> (String, String) {
    match kind {
        MachineKind::ServicePrincipal | MachineKind::ManagedIdentity => {
            (dice.guid(), name.to_owned())
        }
        MachineKind::AwsRole => (
            format!("AROA{}", dice.upper_alnum(17)),
            format!("arn:aws:iam::{}:role/{name}", aws_account(environment)),
        ),
        MachineKind::AwsUser => (format!("AIDA{}", dice.upper_alnum(17)), name.to_owned()),
        MachineKind::GoogleServiceAccount => {
            let project = match environment {
                "production" => "northwind-prod",
                "staging" => "northwind-staging",
                _ => "northwind-dev",
            };
            (
                dice.digits(21),
                format!("{name}@{project}.iam.gserviceaccount.com"),
            )
        }
        MachineKind::GithubBot => (dice.digits(9), format!("{name}[bot]")),
        MachineKind::SalesforceIntegration => {
            let slug = names::ascii_slug(name.trim_start_matches("Integration User - "));
            (
                format!("005{}", dice.base62(15)),
                format!("integration.{slug}@{}", names::EMAIL_DOMAIN),
            )
        }
        MachineKind::OktaService => (format!("0oa{}", dice.base62(17)), name.to_owned()),
    }
}

/// What a planted machine carries.
#[derive(Clone, Debug)]
enum Planted {
    /// No credential.
    Nothing,
    /// One ordinary credential of this type.
    Ordinary(CredentialType),
    /// Expired this many days before the snapshot.
    Expired(CredentialType, i64),
    /// Expires this many days after the snapshot.
    Expiring(CredentialType, i64),
    /// A federated credential with a wildcard subject.
    Wildcard(Issuer, &'static str),
    /// Active and last rotated this many days ago.
    Unrotated(CredentialType, i64),
    /// Active although the identity is inactive.
    ActiveOnInactive(CredentialType),
}

struct PlantedMachine {
    kind: MachineKind,
    name: &'static str,
    environment: &'static str,
    active: bool,
    owned: bool,
    connections: &'static [&'static str],
    carries: Planted,
}

const fn machine(
    kind: MachineKind,
    name: &'static str,
    connections: &'static [&'static str],
    carries: Planted,
) -> PlantedMachine {
    PlantedMachine {
        kind,
        name,
        environment: "production",
        active: true,
        owned: true,
        connections,
        carries,
    }
}

const fn ownerless(mut planted: PlantedMachine) -> PlantedMachine {
    planted.owned = false;
    planted
}

const fn inactive(mut planted: PlantedMachine) -> PlantedMachine {
    planted.active = false;
    planted
}

const fn in_environment(mut planted: PlantedMachine, environment: &'static str) -> PlantedMachine {
    planted.environment = environment;
    planted
}

/// The planted service accounts and bots, each with exactly the credential it is planted
/// for; their counts are the plan's.
const PLANTED_MACHINES: &[PlantedMachine] = {
    use CredentialType as C;
    use MachineKind as K;
    &[
        // Active service accounts without an owner: four in Azure, one in AWS.
        ownerless(machine(
            K::ServicePrincipal,
            "sp-legacy-reporting",
            &["Reader"],
            Planted::Ordinary(C::ClientSecret),
        )),
        ownerless(machine(
            K::ServicePrincipal,
            "sp-marketing-automation",
            &["Storage Blob Data Contributor"],
            Planted::Ordinary(C::ClientSecret),
        )),
        ownerless(in_environment(
            machine(
                K::ManagedIdentity,
                "mi-batch-exporter",
                &["Contributor"],
                Planted::Nothing,
            ),
            "staging",
        )),
        ownerless(machine(
            K::ServicePrincipal,
            "sp-vendor-acme-integration",
            &["Key Vault Secrets User"],
            Planted::Ordinary(C::X509Certificate),
        )),
        ownerless(machine(
            K::AwsRole,
            "legacy-etl-role",
            &["AmazonS3ReadOnlyAccess", "NorthwindBackupPolicy"],
            Planted::Nothing,
        )),
        // Expired credentials on production service accounts, two in Azure.
        machine(
            K::ServicePrincipal,
            "sp-payments-api",
            &["Key Vault Secrets User", "Reader"],
            Planted::Expired(C::ClientSecret, 9),
        ),
        machine(
            K::ServicePrincipal,
            "sp-invoice-renderer",
            &["Storage Blob Data Contributor"],
            Planted::Expired(C::X509Certificate, 34),
        ),
        machine(
            K::GoogleServiceAccount,
            "data-export",
            &["roles/storage.objectViewer"],
            Planted::Expired(C::ServiceAccountKey, 5),
        ),
        machine(
            K::OktaService,
            "scim-provisioner",
            &["API Access Management Administrator"],
            Planted::Expired(C::ApiKey, 61),
        ),
        machine(
            K::SalesforceIntegration,
            "Integration User - HubSpot",
            &["API Only Integration"],
            Planted::Expired(C::OauthToken, 17),
        ),
        // Expired credentials outside production.
        in_environment(
            machine(
                K::ServicePrincipal,
                "sp-search-indexer",
                &["Contributor"],
                Planted::Expired(C::ClientSecret, 14),
            ),
            "staging",
        ),
        in_environment(
            machine(
                K::GoogleServiceAccount,
                "ml-sandbox",
                &["roles/bigquery.dataEditor"],
                Planted::Expired(C::ServiceAccountKey, 27),
            ),
            "development",
        ),
        // Credentials expiring within 30 days, two of them within 7.
        machine(
            K::ServicePrincipal,
            "sp-checkout",
            &["Key Vault Secrets User"],
            Planted::Expiring(C::ClientSecret, 3),
        ),
        machine(
            K::ServicePrincipal,
            "sp-sso-gateway",
            &["Reader"],
            Planted::Expiring(C::X509Certificate, 5),
        ),
        machine(
            K::GoogleServiceAccount,
            "ml-training",
            &["roles/bigquery.dataEditor", "roles/storage.objectViewer"],
            Planted::Expiring(C::ServiceAccountKey, 12),
        ),
        machine(
            K::GithubBot,
            "release-bot",
            &["platform"],
            Planted::Expiring(C::OauthToken, 19),
        ),
        machine(
            K::OktaService,
            "hr-sync",
            &["Read-Only Administrator"],
            Planted::Expiring(C::ApiKey, 24),
        ),
        machine(
            K::AwsUser,
            "svc-partner-sftp",
            &["NorthwindBackupPolicy"],
            Planted::Expiring(C::AccessKey, 28),
        ),
        // Federated credentials trusting wildcard subjects.
        machine(
            K::AwsRole,
            "github-actions-deploy",
            &["NorthwindDeployPolicy", "TerraformStateAccess"],
            Planted::Wildcard(Issuer::GithubActions, "repo:northwind/*:*"),
        ),
        machine(
            K::ManagedIdentity,
            "mi-aks-workloads",
            &["Key Vault Secrets User", "AcrPull"],
            Planted::Wildcard(Issuer::AksCluster, "system:serviceaccount:*:*"),
        ),
        machine(
            K::ServicePrincipal,
            "sp-terraform-ci",
            &["Contributor"],
            Planted::Wildcard(Issuer::GithubActions, "repo:northwind/infra:*"),
        ),
        machine(
            K::GoogleServiceAccount,
            "gke-payments",
            &["roles/cloudsql.client"],
            Planted::Wildcard(Issuer::GkeCluster, "system:serviceaccount:payments:*"),
        ),
        // Credentials not rotated for more than the threshold.
        machine(
            K::AwsUser,
            "svc-legacy-backup",
            &["NorthwindBackupPolicy"],
            Planted::Unrotated(C::AccessKey, 903),
        ),
        machine(
            K::AwsUser,
            "svc-datadog-integration",
            &["ReadOnlyAccess"],
            Planted::Unrotated(C::AccessKey, 540),
        ),
        machine(
            K::GoogleServiceAccount,
            "bigquery-reporting",
            &["roles/bigquery.dataEditor"],
            Planted::Unrotated(C::ServiceAccountKey, 470),
        ),
        machine(
            K::GithubBot,
            "infra-deploy-key",
            &["platform"],
            Planted::Unrotated(C::SshKey, 730),
        ),
        machine(
            K::SalesforceIntegration,
            "Integration User - Zendesk",
            &["API Only Integration"],
            Planted::Unrotated(C::ApiKey, 410),
        ),
        // Active credentials on inactive identities.
        inactive(machine(
            K::ServicePrincipal,
            "sp-old-crm-sync",
            &["Reader"],
            Planted::ActiveOnInactive(C::ClientSecret),
        )),
        inactive(in_environment(
            machine(
                K::AwsUser,
                "svc-retired-etl",
                &["AmazonS3ReadOnlyAccess"],
                Planted::ActiveOnInactive(C::AccessKey),
            ),
            "staging",
        )),
        inactive(machine(
            K::GithubBot,
            "legacy-ci-bot",
            &["engineering"],
            Planted::ActiveOnInactive(C::SshKey),
        )),
    ]
};

pub(super) fn write_planted_machines<W: Write>(
    sink: &mut Sink<W>,
    catalog: &Catalog,
    company: &Company,
    templates: &mut Templates,
    directory: &mut Directory,
    taken: &mut Names,
    dice: &mut Dice,
) -> Result<()> {
    for planted in PLANTED_MACHINES {
        let app = planted.kind.app();
        taken.reserve(app, planted.name);
        let (source_id, username) =
            machine_ids(planted.kind, planted.name, planted.environment, dice);
        let owners = if planted.owned {
            vec![*dice.pick(&company.cast.owners)]
        } else {
            Vec::new()
        };
        let last_login = if planted.active {
            dice.instant_between(-14, 0)
        } else {
            dice.instant_between(-300, -120)
        };
        let identity = NewIdentity {
            app,
            person: None,
            owners,
            name: planted.name.to_owned(),
            source_id,
            source_type: planted.kind.source_type(),
            username,
            email: None,
            active: planted.active,
            last_login,
            last_password_change: None,
            environment: Some(planted.environment),
            connections: catalog.find_all(app, planted.connections)?,
        };
        let brn = write_identity(sink, catalog, company, templates, &identity, dice)?;

        let credential = match planted.carries.clone() {
            Planted::Nothing => None,
            Planted::Ordinary(kind) => Some(ordinary_credential(kind, dice)),
            Planted::Expired(kind, days) => Some(expired_credential(kind, days, dice)),
            Planted::Expiring(kind, days) => Some(expiring_credential(kind, days, dice)),
            Planted::Wildcard(issuer, subject) => {
                Some(federated_credential(issuer, subject, planted.kind, dice))
            }
            Planted::Unrotated(kind, days) => Some(unrotated_credential(kind, days, dice)),
            Planted::ActiveOnInactive(kind) => Some(active_on_inactive_credential(kind, dice)),
        };
        if let Some(timing) = credential {
            credentials::write(sink, catalog, &identity, &brn, &timing, dice)?;
        }

        if !planted.owned && planted.active {
            directory.ownerless.push(directory.accounts.len());
            directory.accounts.push(into_account(identity));
        }
    }
    Ok(())
}

pub(super) fn write_background_machine<W: Write>(
    sink: &mut Sink<W>,
    catalog: &Catalog,
    company: &Company,
    templates: &mut Templates,
    taken: &mut Names,
    dice: &mut Dice,
) -> Result<()> {
    let kind = MachineKind::ALL[dice.weighted(&MachineKind::WEIGHTS)];
    let app = kind.app();
    let environment = ["production", "staging", "development"][dice.weighted(&[55, 25, 20])];
    let system = *dice.pick(names::SYSTEMS);
    let env = environment_short(environment);
    let base = match kind {
        MachineKind::ServicePrincipal => format!("sp-{system}-{env}"),
        MachineKind::ManagedIdentity => format!("mi-{system}-{env}"),
        MachineKind::AwsRole => format!("{system}-{env}-role"),
        MachineKind::AwsUser => format!("svc-{system}-{env}"),
        MachineKind::GoogleServiceAccount => format!("{system}-{env}"),
        MachineKind::GithubBot => format!("{system}-bot"),
        MachineKind::SalesforceIntegration => format!("Integration User - {}", title_case(system)),
        MachineKind::OktaService => format!("{system}-okta-service"),
    };
    let name = taken.unique(app, base);

    let active = dice.chance(0.94);
    let (source_id, username) = machine_ids(kind, &name, environment, dice);
    let n_owners = if dice.chance(0.3) { 2 } else { 1 };
    let owners = dice
        .sample(company.cast.owners.len(), n_owners)
        .into_iter()
        .map(|i| company.cast.owners[i])
        .collect();
    let pool = kind.connection_pool();
    let n_connections = match kind {
        MachineKind::AwsRole => 1 + dice.below(3),
        MachineKind::SalesforceIntegration | MachineKind::OktaService => 1,
        _ => 1 + dice.below(2),
    };
    let mut connection_names: Vec<&str> = dice
        .sample(pool.len(), n_connections)
        .into_iter()
        .map(|i| pool[i])
        .collect();
    if kind == MachineKind::SalesforceIntegration && dice.chance(0.4) {
        connection_names.push("API Enabled");
    }
    if kind == MachineKind::ServicePrincipal && dice.chance(0.03) {
        connection_names.push("Owner");
    }
    let last_login = if active {
        dice.instant_between(-14, 0)
    } else {
        dice.instant_between(-600, -100)
    };

    let identity = NewIdentity {
        app,
        person: None,
        owners,
        name,
        source_id,
        source_type: kind.source_type(),
        username,
        email: None,
        active,
        last_login,
        last_password_change: None,
        environment: Some(environment),
        connections: catalog.find_all(app, &connection_names)?,
    };
    let brn = write_identity(sink, catalog, company, templates, &identity, dice)?;

    for credential_type in background_credentials(kind, dice) {
        let timing = if active {
            if credential_type == CredentialType::FederatedIdentity {
                let subject = narrow_subject(kind, dice);
                federated_credential(issuer_for(kind), &subject, kind, dice)
            } else {
                ordinary_credential(credential_type, dice)
            }
        } else {
            revoked_credential(credential_type, dice)
        };
        credentials::write(sink, catalog, &identity, &brn, &timing, dice)?;
    }
    Ok(())
}

/// `Crm Sync` from `crm-sync`.
fn title_case(slug: &str) -> String {
    slug.split('-')
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The credential types a background machine of `kind` carries.
fn background_credentials(kind: MachineKind, dice: &mut Dice) -> Vec<CredentialType> {
    use CredentialType as C;
    let mut res = Vec::new();
    match kind {
        MachineKind::ServicePrincipal => {
            res.push(C::ClientSecret);
            if dice.chance(0.3) {
                res.push(C::X509Certificate);
            }
            if dice.chance(0.15) {
                res.push(C::FederatedIdentity);
            }
        }
        MachineKind::ManagedIdentity => {
            if dice.chance(0.35) {
                res.push(C::FederatedIdentity);
            }
        }
        MachineKind::AwsRole => {
            if dice.chance(0.25) {
                res.push(C::FederatedIdentity);
            }
        }
        MachineKind::AwsUser => {
            res.push(C::AccessKey);
            if dice.chance(0.3) {
                res.push(C::AccessKey);
            }
        }
        MachineKind::GoogleServiceAccount => {
            if dice.chance(0.7) {
                res.push(C::ServiceAccountKey);
            }
            if dice.chance(0.15) {
                res.push(C::FederatedIdentity);
            }
        }
        MachineKind::GithubBot => {
            res.push(if dice.chance(0.6) {
                C::SshKey
            } else {
                C::OauthToken
            });
        }
        MachineKind::SalesforceIntegration => {
            res.push(C::OauthToken);
            if dice.chance(0.3) {
                res.push(C::ApiKey);
            }
        }
        MachineKind::OktaService => res.push(C::ApiKey),
    }
    res
}

pub(super) fn issuer_for(kind: MachineKind) -> Issuer {
    match kind {
        MachineKind::ManagedIdentity => Issuer::AksCluster,
        MachineKind::GoogleServiceAccount => Issuer::GkeCluster,
        _ => Issuer::GithubActions,
    }
}

/// A subject naming one branch or environment of one repository, or one Kubernetes service
/// account: never a wildcard.
fn narrow_subject(kind: MachineKind, dice: &mut Dice) -> String {
    const REPOSITORIES: &[&str] = &[
        "api-gateway",
        "payments-service",
        "billing-service",
        "web-app",
        "infra",
        "terraform-modules",
        "helm-charts",
        "data-pipelines",
        "ml-models",
    ];
    match issuer_for(kind) {
        Issuer::GithubActions => {
            let repository = dice.pick(REPOSITORIES);
            if dice.chance(0.5) {
                format!(
                    "repo:{}/{repository}:ref:refs/heads/main",
                    names::GITHUB_ORG
                )
            } else {
                format!(
                    "repo:{}/{repository}:environment:production",
                    names::GITHUB_ORG
                )
            }
        }
        Issuer::AksCluster | Issuer::GkeCluster => {
            let namespace = dice.pick(names::NAMESPACES);
            let system = dice.pick(names::SYSTEMS);
            format!("system:serviceaccount:{namespace}:{system}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::plan;

    fn planted(matches: impl Fn(&PlantedMachine) -> bool) -> usize {
        PLANTED_MACHINES.iter().filter(|m| matches(m)).count()
    }

    #[test]
    fn the_planted_table_holds_the_plans_counts() {
        let production = |m: &PlantedMachine| m.environment == "production";
        let azure = |m: &PlantedMachine| m.kind.app() == AppKind::Azure;

        assert_eq!(
            planted(|m| !m.owned && m.active),
            plan::OWNERLESS_ACTIVE_SERVICE_ACCOUNTS
        );
        assert_eq!(
            planted(|m| !m.owned && m.active && azure(m)),
            plan::OWNERLESS_ACTIVE_AZURE_SERVICE_ACCOUNTS
        );
        let expired = |m: &PlantedMachine| matches!(m.carries, Planted::Expired(..));
        assert_eq!(
            planted(|m| expired(m) && production(m)),
            plan::EXPIRED_PRODUCTION_CREDENTIALS
        );
        assert_eq!(
            planted(|m| expired(m) && production(m) && azure(m)),
            plan::EXPIRED_PRODUCTION_AZURE_CREDENTIALS
        );
        assert_eq!(
            planted(|m| expired(m) && !production(m)),
            plan::EXPIRED_NON_PRODUCTION_CREDENTIALS
        );
        let expiring_within = |m: &PlantedMachine, limit: i64| match m.carries {
            Planted::Expiring(_, days) => days < limit,
            _ => false,
        };
        assert_eq!(
            planted(|m| expiring_within(m, 30)),
            plan::EXPIRING_WITHIN_30_DAYS
        );
        assert_eq!(
            planted(|m| expiring_within(m, 7)),
            plan::EXPIRING_WITHIN_7_DAYS
        );
        assert_eq!(
            planted(|m| matches!(m.carries, Planted::Wildcard(..))),
            plan::WILDCARD_FEDERATED_CREDENTIALS
        );
        assert_eq!(
            planted(|m| matches!(m.carries, Planted::Unrotated(..))),
            plan::UNROTATED_CREDENTIALS
        );
        assert_eq!(
            planted(|m| matches!(m.carries, Planted::ActiveOnInactive(_)) && !m.active),
            plan::ACTIVE_CREDENTIALS_ON_INACTIVE_IDENTITIES
        );
    }

    #[test]
    fn planted_dates_keep_two_days_from_every_threshold() {
        for machine in PLANTED_MACHINES {
            let name = machine.name;
            match machine.carries {
                Planted::Expired(_, days) => assert!(days >= 2, "{name}"),
                Planted::Expiring(_, days) => {
                    for threshold in [0, 7, 30] {
                        assert!(
                            (days - threshold).abs() >= 2,
                            "{name}: {days} near {threshold}"
                        );
                    }
                }
                Planted::Unrotated(_, days) => {
                    assert!(days >= plan::UNROTATED_AFTER_DAYS + 2, "{name}");
                }
                _ => {}
            }
        }
    }

    #[test]
    fn title_case_capitalizes_each_word_of_a_slug() {
        assert_eq!(title_case("crm-sync"), "Crm Sync");
        assert_eq!(title_case("etl"), "Etl");
    }

    #[test]
    fn later_machines_of_the_same_name_are_numbered() {
        let mut names = Names::default();
        names.reserve(AppKind::Azure, "sp-billing-prod-2");

        assert_eq!(
            names.unique(AppKind::Azure, "sp-billing-prod".to_owned()),
            "sp-billing-prod"
        );
        assert_eq!(
            names.unique(AppKind::Azure, "sp-billing-prod".to_owned()),
            "sp-billing-prod-3"
        );
        assert_eq!(
            names.unique(AppKind::Aws, "sp-billing-prod".to_owned()),
            "sp-billing-prod"
        );
    }
}
