//! The demo company's six applications: apps, integrations, and each app's connections
//! (groups, roles, policies, teams, profiles) and resources (repositories, buckets, accounts,
//! shared drives, objects), with the edges from connections to the resources they grant.
//!
//! The catalogue is the same for every company size: a large company has more members per
//! group, not more groups.

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use serde_json::json;

use balkanid_domain::ids::{AppId, Brn, IntegrationId, WorkEmail};
use balkanid_domain::model::{
    App, BusinessOwner, Entity, EntityRelation, EntityType, Integration, IntegrationStatus,
    ReviewerKind, VersionedJson,
};

use crate::demo::dice::{Dice, Phase};
use crate::demo::names::{self, DEPARTMENTS};
use crate::demo::people::Company;
use crate::demo::plan;
use crate::demo::sink::Sink;

/// One of the six applications.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum AppKind {
    Okta,
    Azure,
    Aws,
    Github,
    Google,
    Salesforce,
}

impl AppKind {
    /// Every app, in the order of `apps.csv`.
    pub(crate) const ALL: [AppKind; 6] = [
        AppKind::Okta,
        AppKind::Azure,
        AppKind::Aws,
        AppKind::Github,
        AppKind::Google,
        AppKind::Salesforce,
    ];

    /// The app id, such as `okta`.
    pub(crate) fn id(self) -> &'static str {
        match self {
            AppKind::Okta => "okta",
            AppKind::Azure => "azure",
            AppKind::Aws => "aws",
            AppKind::Github => "github",
            AppKind::Google => "google",
            AppKind::Salesforce => "salesforce",
        }
    }

    /// The app's display name.
    pub(crate) fn name(self) -> &'static str {
        match self {
            AppKind::Okta => "Okta",
            AppKind::Azure => "Azure AD",
            AppKind::Aws => "Amazon Web Services",
            AppKind::Github => "GitHub",
            AppKind::Google => "Google Workspace",
            AppKind::Salesforce => "Salesforce",
        }
    }

    /// What the app is.
    pub(crate) fn description(self) -> &'static str {
        match self {
            AppKind::Okta => "Workforce identity and single sign-on",
            AppKind::Azure => "Microsoft Entra ID directory and Azure subscriptions",
            AppKind::Aws => "Cloud computing platform",
            AppKind::Github => "Source code hosting and CI",
            AppKind::Google => "Email, documents and Google Cloud projects",
            AppKind::Salesforce => "Customer relationship management",
        }
    }

    /// The `project` of the app's entity relations.
    pub(crate) fn project(self) -> &'static str {
        match self {
            AppKind::Okta => "https://northwind.okta.com",
            AppKind::Azure => "northwind.onmicrosoft.com",
            AppKind::Aws => "o-7x2kq9w4ne",
            AppKind::Github => "https://github.com/northwind",
            AppKind::Google => "northwind.example",
            AppKind::Salesforce => "https://northwind.my.salesforce.com",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// A connection or resource of one app.
#[derive(Debug)]
pub(crate) struct CatalogEntity {
    pub app: AppKind,
    pub entity_type: EntityType,
    pub brn: Brn,
    /// The BRN's id segment, BalkanID's `Entity ID`.
    pub entity_id: String,
    pub name: String,
    pub source_id: String,
    pub source_type: &'static str,
    /// The privilege an identity holds through this connection, such as `member`.
    pub privilege: &'static str,
    pub privileged: bool,
    /// For a connection, the resources it grants (indices into [`Catalog::entities`]).
    pub grants: Vec<usize>,
    /// The metadata of an edge from an identity to this connection.
    pub edge_metadata: VersionedJson,
}

/// The apps, their integrations and their connections and resources.
#[derive(Debug)]
pub(crate) struct Catalog {
    pub integrations: Vec<IntegrationId>,
    pub last_runs: Vec<DateTime<Utc>>,
    pub entities: Vec<CatalogEntity>,
    /// For each app (in the order of [`AppKind::ALL`]), its entities by name.
    by_name: Vec<BTreeMap<String, usize>>,
}

impl Catalog {
    /// The integration of `app`.
    pub(crate) fn integration(&self, app: AppKind) -> &IntegrationId {
        &self.integrations[app.index()]
    }

    /// When `app`'s integration last ran: the `Timestamp` of its entities.
    pub(crate) fn last_run(&self, app: AppKind) -> DateTime<Utc> {
        self.last_runs[app.index()]
    }

    /// The index of `app`'s connection or resource called `name`.
    ///
    /// # Errors
    ///
    /// Fails when the catalogue has no such entity, a mistake in this generator.
    pub(crate) fn find(&self, app: AppKind, name: &str) -> Result<usize> {
        self.by_name[app.index()]
            .get(name)
            .copied()
            .with_context(|| format!("the demo catalogue has no {} entity {name:?}", app.id()))
    }

    /// The indices of `names` in `app`.
    ///
    /// # Errors
    ///
    /// Fails when one is missing, a mistake in this generator.
    pub(crate) fn find_all(&self, app: AppKind, names: &[&str]) -> Result<Vec<usize>> {
        names.iter().map(|name| self.find(app, name)).collect()
    }

    /// A BRN of this tenant.
    ///
    /// # Errors
    ///
    /// Fails when `kind` or `id` cannot be part of a BRN, a mistake in this generator.
    pub(crate) fn brn(kind: &str, id: &str) -> Result<Brn> {
        Brn::new(plan::TENANT_ID, kind, id).with_context(|| format!("BRN of {kind} {id}"))
    }
}

/// One entry of an app's catalogue: name, source type, privilege, privileged, and for a
/// connection the names of the resources it grants.
struct Spec {
    name: String,
    source_type: &'static str,
    privilege: &'static str,
    privileged: bool,
    grants: Vec<String>,
}

fn spec(name: &str, source_type: &'static str, privilege: &'static str, grants: &[&str]) -> Spec {
    Spec {
        name: name.to_owned(),
        source_type,
        privilege,
        privileged: false,
        grants: grants.iter().map(|g| (*g).to_owned()).collect(),
    }
}

fn privileged(mut spec: Spec) -> Spec {
    spec.privileged = true;
    spec
}

/// `SG-Customer-Success` from `Customer Success`.
pub(crate) fn azure_group_name(department: &str) -> String {
    let words: Vec<&str> = department
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    format!("SG-{}", words.join("-"))
}

/// `customer-success@northwind.example` from `Customer Success`.
pub(crate) fn google_group_name(department: &str) -> String {
    let words: Vec<String> = department
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    format!("{}@{}", words.join("-"), names::EMAIL_DOMAIN)
}

/// `Dept - Customer Success`.
pub(crate) fn okta_department_group(department: &str) -> String {
    format!("Dept - {department}")
}

/// `Customer Success Shared Drive`.
fn shared_drive(department: &str) -> String {
    format!("{department} Shared Drive")
}

/// Resources, then connections, of one app.
fn app_specs(app: AppKind) -> (Vec<Spec>, Vec<Spec>) {
    let departments = DEPARTMENTS.iter().map(|d| d.name);
    match app {
        AppKind::Okta => {
            let resources = [
                "Slack",
                "Zoom",
                "Jira",
                "Confluence",
                "Workday",
                "1Password",
                "GitHub Enterprise Cloud",
                "AWS IAM Identity Center",
                "Salesforce",
                "Google Workspace",
                "Microsoft 365",
            ]
            .iter()
            .map(|n| spec(n, "application", "assigned", &[]))
            .collect();
            let mut connections = vec![
                spec(
                    "Everyone",
                    "group",
                    "member",
                    &[
                        "Slack",
                        "Zoom",
                        "Jira",
                        "Confluence",
                        "Workday",
                        "1Password",
                    ],
                ),
                spec(
                    "App - GitHub",
                    "group",
                    "member",
                    &["GitHub Enterprise Cloud"],
                ),
                spec("App - AWS", "group", "member", &["AWS IAM Identity Center"]),
                spec("App - Salesforce", "group", "member", &["Salesforce"]),
                spec(
                    "App - Google Workspace",
                    "group",
                    "member",
                    &["Google Workspace"],
                ),
                spec("App - Microsoft 365", "group", "member", &["Microsoft 365"]),
                spec("VPN Users", "group", "member", &[]),
                spec("Contractors", "group", "member", &["Slack", "Jira"]),
                spec("People Managers", "group", "member", &["Workday"]),
                privileged(spec("Super Administrator", "role", "assigned", &[])),
                spec("Read-Only Administrator", "role", "assigned", &[]),
                privileged(spec(
                    "API Access Management Administrator",
                    "role",
                    "assigned",
                    &[],
                )),
            ];
            connections.extend(
                departments.map(|d| spec(&okta_department_group(d), "group", "member", &[])),
            );
            (resources, connections)
        }
        AppKind::Google => {
            let mut resources = vec![
                spec("Company Handbook", "shared drive", "reader", &[]),
                spec("Board Materials", "shared drive", "reader", &[]),
                spec("northwind-prod", "project", "member", &[]),
                spec("northwind-staging", "project", "member", &[]),
                spec("northwind-analytics", "project", "member", &[]),
            ];
            resources.extend(
                departments
                    .clone()
                    .map(|d| spec(&shared_drive(d), "shared drive", "writer", &[])),
            );
            let mut connections = vec![
                spec(
                    "all@northwind.example",
                    "group",
                    "member",
                    &["Company Handbook"],
                ),
                spec(
                    "leadership@northwind.example",
                    "group",
                    "member",
                    &["Board Materials"],
                ),
                spec("people-managers@northwind.example", "group", "member", &[]),
                spec("oncall@northwind.example", "group", "member", &[]),
                spec("social@northwind.example", "group", "member", &[]),
                spec("running-club@northwind.example", "group", "member", &[]),
                spec("book-club@northwind.example", "group", "member", &[]),
                spec("rust-guild@northwind.example", "group", "member", &[]),
                privileged(spec("Super Admin", "role", "assigned", &[])),
                spec(
                    "roles/storage.objectViewer",
                    "role",
                    "granted",
                    &["northwind-prod"],
                ),
                spec(
                    "roles/bigquery.dataEditor",
                    "role",
                    "granted",
                    &["northwind-analytics"],
                ),
                spec(
                    "roles/pubsub.publisher",
                    "role",
                    "granted",
                    &["northwind-prod"],
                ),
                spec(
                    "roles/cloudsql.client",
                    "role",
                    "granted",
                    &["northwind-prod"],
                ),
                spec(
                    "roles/container.developer",
                    "role",
                    "granted",
                    &["northwind-staging"],
                ),
                privileged(spec("roles/owner", "role", "granted", &["northwind-prod"])),
            ];
            connections.extend(departments.map(|d| {
                let mut group = spec(&google_group_name(d), "group", "member", &[]);
                group.grants.push(shared_drive(d));
                group
            }));
            (resources, connections)
        }
        AppKind::Azure => {
            let resources = vec![
                spec("Northwind Production", "subscription", "access", &[]),
                spec("Northwind Staging", "subscription", "access", &[]),
                spec("Northwind Sandbox", "subscription", "access", &[]),
                spec("kv-nw-prod-payments", "key vault", "access", &[]),
                spec("kv-nw-prod-platform", "key vault", "access", &[]),
                spec("stnwprodlogs", "storage account", "access", &[]),
                spec("stnwanalytics", "storage account", "access", &[]),
            ];
            let mut connections = vec![
                spec("SG-All-Employees", "group", "member", &[]),
                spec("SG-VPN-Users", "group", "member", &[]),
                spec("SG-MFA-Registered", "group", "member", &[]),
                spec(
                    "SG-Prod-Readers",
                    "group",
                    "member",
                    &["Northwind Production"],
                ),
                privileged(spec(
                    "Global Administrator",
                    "directory role",
                    "assigned",
                    &[],
                )),
                privileged(spec(
                    "User Administrator",
                    "directory role",
                    "assigned",
                    &[],
                )),
                privileged(spec(
                    "Application Administrator",
                    "directory role",
                    "assigned",
                    &[],
                )),
                spec("Security Reader", "directory role", "assigned", &[]),
                privileged(spec("Owner", "role", "assigned", &["Northwind Production"])),
                spec(
                    "Contributor",
                    "role",
                    "assigned",
                    &["Northwind Staging", "Northwind Sandbox"],
                ),
                spec("Reader", "role", "assigned", &["Northwind Production"]),
                spec(
                    "Key Vault Secrets User",
                    "role",
                    "assigned",
                    &["kv-nw-prod-payments", "kv-nw-prod-platform"],
                ),
                spec(
                    "Storage Blob Data Contributor",
                    "role",
                    "assigned",
                    &["stnwprodlogs", "stnwanalytics"],
                ),
                spec("AcrPull", "role", "assigned", &["Northwind Production"]),
            ];
            connections
                .extend(departments.map(|d| spec(&azure_group_name(d), "group", "member", &[])));
            (resources, connections)
        }
        AppKind::Aws => {
            let resources = vec![
                spec("northwind-prod (210987654321)", "account", "access", &[]),
                spec("northwind-staging (345678901234)", "account", "access", &[]),
                spec("northwind-dev (456789012345)", "account", "access", &[]),
                spec(
                    "northwind-security (567890123456)",
                    "account",
                    "access",
                    &[],
                ),
                spec("northwind-prod-customer-data", "s3 bucket", "access", &[]),
                spec("northwind-prod-logs", "s3 bucket", "access", &[]),
                spec("northwind-ml-datasets", "s3 bucket", "access", &[]),
                spec("northwind-terraform-state", "s3 bucket", "access", &[]),
            ];
            let connections = vec![
                privileged(spec(
                    "AdministratorAccess",
                    "policy",
                    "attached",
                    &[
                        "northwind-prod (210987654321)",
                        "northwind-staging (345678901234)",
                        "northwind-dev (456789012345)",
                        "northwind-security (567890123456)",
                    ],
                )),
                spec(
                    "PowerUserAccess",
                    "policy",
                    "attached",
                    &[
                        "northwind-staging (345678901234)",
                        "northwind-dev (456789012345)",
                    ],
                ),
                spec(
                    "ReadOnlyAccess",
                    "policy",
                    "attached",
                    &["northwind-prod (210987654321)"],
                ),
                spec(
                    "ViewOnlyAccess",
                    "policy",
                    "attached",
                    &["northwind-prod (210987654321)"],
                ),
                spec(
                    "Billing",
                    "policy",
                    "attached",
                    &["northwind-prod (210987654321)"],
                ),
                spec(
                    "SecurityAudit",
                    "policy",
                    "attached",
                    &[
                        "northwind-security (567890123456)",
                        "northwind-prod (210987654321)",
                    ],
                ),
                spec(
                    "NorthwindDataScience",
                    "policy",
                    "attached",
                    &["northwind-ml-datasets"],
                ),
                privileged(spec(
                    "NorthwindDeployPolicy",
                    "policy",
                    "attached",
                    &[
                        "northwind-prod (210987654321)",
                        "northwind-staging (345678901234)",
                    ],
                )),
                spec(
                    "AmazonS3ReadOnlyAccess",
                    "policy",
                    "attached",
                    &["northwind-prod-logs"],
                ),
                spec(
                    "NorthwindBackupPolicy",
                    "policy",
                    "attached",
                    &["northwind-prod-customer-data"],
                ),
                spec(
                    "TerraformStateAccess",
                    "policy",
                    "attached",
                    &["northwind-terraform-state"],
                ),
            ];
            (resources, connections)
        }
        AppKind::Github => {
            let resources = [
                "api-gateway",
                "payments-service",
                "billing-service",
                "web-app",
                "design-system",
                "ios-app",
                "android-app",
                "infra",
                "terraform-modules",
                "helm-charts",
                "data-pipelines",
                "ml-models",
                "docs",
                "security-tools",
            ]
            .iter()
            .map(|n| spec(n, "repository", "write", &[]))
            .collect();
            let connections = vec![
                spec("engineering", "team", "read", &["docs"]),
                spec(
                    "platform",
                    "team",
                    "write",
                    &["infra", "terraform-modules", "helm-charts", "api-gateway"],
                ),
                spec(
                    "payments",
                    "team",
                    "write",
                    &["payments-service", "billing-service"],
                ),
                spec("web", "team", "write", &["web-app", "design-system"]),
                spec("mobile", "team", "write", &["ios-app", "android-app"]),
                spec("data", "team", "write", &["data-pipelines", "ml-models"]),
                spec("security", "team", "write", &["security-tools", "infra"]),
                spec("sre", "team", "maintain", &["infra", "helm-charts"]),
                spec("product", "team", "triage", &["docs", "design-system"]),
                privileged(spec("Owner", "role", "admin", &[])),
            ];
            (resources, connections)
        }
        AppKind::Salesforce => {
            let resources = [
                "Account",
                "Contact",
                "Opportunity",
                "Lead",
                "Case",
                "Quote",
                "Contract",
            ]
            .iter()
            .map(|n| spec(n, "object", "read", &[]))
            .collect();
            let connections = vec![
                privileged(spec(
                    "System Administrator",
                    "profile",
                    "assigned",
                    &[
                        "Account",
                        "Contact",
                        "Opportunity",
                        "Lead",
                        "Case",
                        "Quote",
                        "Contract",
                    ],
                )),
                spec(
                    "Sales User",
                    "profile",
                    "assigned",
                    &["Account", "Contact", "Opportunity", "Lead", "Quote"],
                ),
                spec(
                    "Customer Success User",
                    "profile",
                    "assigned",
                    &["Account", "Contact", "Case"],
                ),
                spec(
                    "Marketing User",
                    "profile",
                    "assigned",
                    &["Lead", "Contact"],
                ),
                spec(
                    "Read Only",
                    "profile",
                    "assigned",
                    &["Account", "Opportunity"],
                ),
                spec(
                    "API Only Integration",
                    "profile",
                    "assigned",
                    &["Account", "Contact", "Opportunity", "Lead", "Case"],
                ),
                spec("Reports Export", "permission set", "assigned", &[]),
                privileged(spec(
                    "Data Loader",
                    "permission set",
                    "assigned",
                    &["Account", "Contact"],
                )),
                spec("API Enabled", "permission set", "assigned", &[]),
            ];
            (resources, connections)
        }
    }
}

/// A source id in the shape `app` uses for a connection or resource of `source_type`.
fn catalog_source_id(dice: &mut Dice, app: AppKind, source_type: &str, name: &str) -> String {
    match (app, source_type) {
        (AppKind::Okta, "application") => format!("0oa{}", dice.base62(17)),
        (AppKind::Okta, "group") => format!("00g{}", dice.base62(17)),
        (AppKind::Okta, _) => name.to_ascii_uppercase().replace([' ', '-'], "_"),
        (AppKind::Google, "group") => format!("0{}", dice.hex(14)),
        (AppKind::Google, "shared drive") => format!("0A{}", dice.base62(17)),
        (AppKind::Google, _) => name.to_owned(),
        (AppKind::Azure, _) => dice.guid(),
        (AppKind::Aws, "account") => name.split(['(', ')']).nth(1).unwrap_or(name).to_owned(),
        (AppKind::Aws, "s3 bucket") => format!("arn:aws:s3:::{name}"),
        (AppKind::Aws, _) if name.starts_with("Northwind") || name.starts_with("Terraform") => {
            format!("arn:aws:iam::210987654321:policy/{name}")
        }
        (AppKind::Aws, _) => format!("arn:aws:iam::aws:policy/{name}"),
        (AppKind::Github, _) => dice.digits(9),
        (AppKind::Salesforce, "profile") => format!("00e{}", dice.base62(15)),
        (AppKind::Salesforce, "permission set") => format!("0PS{}", dice.base62(15)),
        (AppKind::Salesforce, _) => name.to_owned(),
    }
}

/// Builds the catalogue and writes apps, admins, integrations, the catalogue's entities, the
/// edges from connections to resources, and business owners.
///
/// # Errors
///
/// Fails when a file cannot be written.
pub(crate) fn write<W: std::io::Write>(
    seed: u64,
    company: &Company,
    sink: &mut Sink<W>,
) -> Result<Catalog> {
    let mut dice = Dice::new(seed, Phase::Catalog);
    let tenant_created = plan::tenant_created();

    let mut integrations = Vec::new();
    let mut last_runs = Vec::new();
    for app in AppKind::ALL {
        let created = tenant_created + TimeDelta::days(2 + app.index() as i64);
        let id = IntegrationId::new(app.id(), &dice.ulid(created).to_string())
            .with_context(|| format!("integration id of {}", app.id()))?;
        integrations.push(id);
        let last_run = match app {
            AppKind::Salesforce => dice.instant(-41, 3),
            _ => plan::snapshot_time() - TimeDelta::minutes(dice.between(90, 420)),
        };
        last_runs.push(last_run);
    }

    let mut catalog = Catalog {
        integrations,
        last_runs,
        entities: Vec::new(),
        by_name: vec![BTreeMap::new(); AppKind::ALL.len()],
    };
    for app in AppKind::ALL {
        let (resources, connections) = app_specs(app);
        for (entity_type, specs) in [
            (EntityType::Resource, resources),
            (EntityType::Connection, connections),
        ] {
            for spec in specs {
                add_entity(&mut catalog, &mut dice, app, entity_type.clone(), spec)?;
            }
        }
    }

    write_apps(sink, tenant_created.date_naive())?;
    write_admins(company, sink)?;
    write_integrations(&catalog, company, sink)?;
    write_catalog_entities(&catalog, sink)?;
    write_business_owners(&catalog, company, &mut dice, sink)?;
    Ok(catalog)
}

fn add_entity(
    catalog: &mut Catalog,
    dice: &mut Dice,
    app: AppKind,
    entity_type: EntityType,
    spec: Spec,
) -> Result<()> {
    let mut grants = Vec::with_capacity(spec.grants.len());
    for grant in &spec.grants {
        grants.push(catalog.find(app, grant)?);
    }
    let entity_id = dice.entity_id();
    let kind = if entity_type == EntityType::Resource {
        "resource"
    } else {
        "connection"
    };
    let brn = Catalog::brn(kind, &entity_id)?;
    let edge_metadata = VersionedJson::new(
        "v1",
        json!({
            "connectionType": spec.source_type,
            "privilegeName": spec.privilege,
            "privilegeValue": true,
            "project": app.project(),
        }),
    );
    let source_id = catalog_source_id(dice, app, spec.source_type, &spec.name);

    catalog.by_name[app.index()].insert(spec.name.clone(), catalog.entities.len());
    catalog.entities.push(CatalogEntity {
        app,
        entity_type,
        brn,
        entity_id,
        name: spec.name,
        source_id,
        source_type: spec.source_type,
        privilege: spec.privilege,
        privileged: spec.privileged,
        grants,
        edge_metadata,
    });
    Ok(())
}

fn write_apps<W: std::io::Write>(sink: &mut Sink<W>, tenant_created: NaiveDate) -> Result<()> {
    for app in AppKind::ALL {
        let id: AppId = app.id().parse().context("app id")?;
        let mut row = App::new(
            plan::TENANT_ID,
            plan::TENANT_NAME,
            "active",
            tenant_created,
            id,
            app.name(),
        );
        row.description = Some(app.description().to_owned());
        sink.apps.write(&row)?;
    }
    Ok(())
}

fn write_admins<W: std::io::Write>(company: &Company, sink: &mut Sink<W>) -> Result<()> {
    use balkanid_domain::model::Admin;

    for admin in company.cast.admins {
        sink.admins
            .write(&Admin::new(company.people[admin].email.clone(), true))?;
    }
    let partner: WorkEmail = "support@cobalt-msp.example"
        .parse()
        .context("partner admin")?;
    sink.admins.write(&Admin::new(partner, false))?;
    Ok(())
}

fn write_integrations<W: std::io::Write>(
    catalog: &Catalog,
    company: &Company,
    sink: &mut Sink<W>,
) -> Result<()> {
    let [first_admin, second_admin] = company.cast.admins;
    for app in AppKind::ALL {
        let (status, message) = match app {
            AppKind::Aws => (IntegrationStatus::Active, "1 error occured"),
            AppKind::Salesforce => (IntegrationStatus::Inactive, "Data Available"),
            _ => (IntegrationStatus::Active, "Data Available"),
        };
        let owner = match app {
            AppKind::Okta | AppKind::Google => first_admin,
            AppKind::Azure | AppKind::Salesforce => second_admin,
            AppKind::Aws | AppKind::Github => company.cast.app_owners[0],
        };
        let secrets = match app {
            AppKind::Okta => secrets(&[
                ("Okta Domain", "domain", "public", "northwind.okta.com"),
                ("API Token", "api_token", "secret", ""),
            ]),
            AppKind::Azure => secrets(&[
                (
                    "Tenant ID",
                    "tenant_id",
                    "public",
                    "northwind.onmicrosoft.com",
                ),
                ("Client ID", "client_id", "public", ""),
                ("Client Secret", "client_secret", "secret", ""),
            ]),
            AppKind::Aws => secrets(&[
                (
                    "Role ARN",
                    "role_arn",
                    "public",
                    "arn:aws:iam::567890123456:role/BalkanIDReadOnly",
                ),
                ("External ID", "external_id", "secret", ""),
            ]),
            AppKind::Github => secrets(&[
                ("Organization", "organization", "public", "northwind"),
                ("App Private Key", "private_key", "secret", ""),
            ]),
            AppKind::Google => secrets(&[
                ("Customer ID", "customer_id", "public", "C03nw7k2p"),
                ("Service Account Key", "service_account_key", "secret", ""),
            ]),
            AppKind::Salesforce => secrets(&[
                (
                    "Instance URL",
                    "instance_url",
                    "public",
                    "https://northwind.my.salesforce.com",
                ),
                ("Client Secret", "client_secret", "secret", ""),
            ]),
        };

        let mut row = Integration::new(catalog.integration(app).clone(), app.name(), status);
        row.description = Some(format!("{} for {}", app.description(), plan::TENANT_NAME));
        row.last_run = Some(catalog.last_run(app));
        row.primary_owner = Some(company.people[owner].email.clone());
        row.message = Some(message.to_owned());
        row.metadata = Some(secrets);
        row.reviewer_precedence = vec![
            ReviewerKind::Manager,
            ReviewerKind::PrimaryOwner,
            ReviewerKind::RiskManager,
        ];
        row.provisioning_options = Some(json!({
            "sso": app == AppKind::Okta,
            "app": false,
            "ticket": true,
            "scim": matches!(app, AppKind::Okta | AppKind::Github),
            "webhook": false,
            "playbook": false,
        }));
        row.extraction_options =
            Some(json!({"scim": false, "upload": false, "direct_configuration": true}));
        row.reviewer_count = Some(1);
        sink.integrations.write(&row)?;
    }
    Ok(())
}

/// An integration's secrets descriptor from (name, key, type, value) entries; secret values
/// are blank, as BalkanID's download writes them.
fn secrets(entries: &[(&str, &str, &str, &str)]) -> serde_json::Value {
    let entries: Vec<serde_json::Value> = entries
        .iter()
        .map(|(name, key, kind, value)| {
            json!({"name": name, "key": key, "type": kind, "value": value})
        })
        .collect();
    serde_json::Value::Array(entries)
}

fn write_catalog_entities<W: std::io::Write>(catalog: &Catalog, sink: &mut Sink<W>) -> Result<()> {
    for entity in &catalog.entities {
        let integration = catalog.integration(entity.app).clone();
        let timestamp = catalog.last_run(entity.app);
        let mut row = Entity::new(
            entity.brn.clone(),
            timestamp,
            integration.clone(),
            entity.name.clone(),
            entity.entity_type.clone(),
            entity.source_id.clone(),
            entity.source_type,
        );
        let mut metadata = json!({"displayName": entity.name});
        if entity.privileged {
            metadata["privileged"] = json!(true);
        }
        row.metadata = Some(VersionedJson::new("v1", metadata));
        sink.entities.write(&row)?;

        for grant in &entity.grants {
            let resource = &catalog.entities[*grant];
            let mut edge = EntityRelation::new(
                integration.clone(),
                timestamp,
                entity.brn.clone(),
                resource.brn.clone(),
                EntityType::Resource,
            );
            edge.metadata = Some(VersionedJson::new(
                "v1",
                json!({
                    "connectionType": entity.source_type,
                    "privilegeName": resource.privilege,
                    "privilegeValue": true,
                    "project": entity.app.project(),
                }),
            ));
            sink.entity_relations.write(&edge)?;
        }
    }
    Ok(())
}

fn write_business_owners<W: std::io::Write>(
    catalog: &Catalog,
    company: &Company,
    dice: &mut Dice,
    sink: &mut Sink<W>,
) -> Result<()> {
    let owners = &company.cast.app_owners;
    for entity in &catalog.entities {
        let primary = *dice.pick(owners);
        let mut row = BusinessOwner::new(
            entity.entity_id.clone(),
            entity.entity_type.clone(),
            catalog.integration(entity.app).clone(),
            company.people[primary].email.clone(),
        );
        row.entity_name = Some(entity.name.clone());
        row.source_type = Some(entity.source_type.to_owned());
        row.integration_name = Some(entity.app.name().to_owned());
        row.integration_description = Some(entity.app.description().to_owned());
        let n_secondary = if owners.len() > 2 {
            1 + dice.below(2)
        } else {
            owners.len() - 1
        };
        let mut secondary: Vec<usize> = Vec::new();
        while secondary.len() < n_secondary {
            let candidate = *dice.pick(owners);
            if candidate != primary && !secondary.contains(&candidate) {
                secondary.push(candidate);
            }
        }
        row.secondary_owner_emails = secondary
            .iter()
            .map(|s| company.people[*s].email.clone())
            .collect();
        sink.business_owners.write(&row)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_names_follow_each_apps_conventions() {
        assert_eq!(azure_group_name("Customer Success"), "SG-Customer-Success");
        assert_eq!(azure_group_name("IT & Security"), "SG-IT-Security");
        assert_eq!(
            google_group_name("Data & Analytics"),
            "data-analytics@northwind.example"
        );
        assert_eq!(okta_department_group("Legal"), "Dept - Legal");
    }

    #[test]
    fn every_grant_names_a_resource_of_the_same_app() {
        for app in AppKind::ALL {
            let (resources, connections) = app_specs(app);
            for connection in &connections {
                for grant in &connection.grants {
                    assert!(
                        resources.iter().any(|r| &r.name == grant),
                        "{}: {} grants unknown {grant}",
                        app.id(),
                        connection.name
                    );
                }
            }
        }
    }
}
