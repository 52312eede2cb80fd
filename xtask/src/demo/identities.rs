//! Identities of the demo company: every employee's accounts, the service accounts and bots
//! with their owners and credentials, and the planted accounts and credentials of the plan.
//!
//! Each identity becomes a row of `entities.csv`, an edge in `entity-relations.csv` and a row
//! of `entitlements.csv` per connection it holds, and a row of `relations.csv` saying whose it
//! is (`IS`) or who owns it (`OWNS`), unless it is planted as unmapped.

use std::collections::HashSet;
use std::io::Write;
use std::ops::Range;

use anyhow::Result;
use chrono::{DateTime, NaiveTime, TimeDelta, Utc};
use serde_json::{Map, Value, json};

use balkanid_domain::ids::Brn;
use balkanid_domain::model::{
    Credential, CredentialStatus, CredentialType, Entitlement, Entity, EntityRelation,
    EntityType, Relation, RelationType, VersionedJson,
};
use balkanid_domain::values::format_go_time;

use crate::demo::catalog::{self, AppKind, Catalog};
use crate::demo::dice::{Dice, Phase};
use crate::demo::names::{self, DEPARTMENTS};
use crate::demo::people::{Company, Employment, Fate, Level, Person};
use crate::demo::plan;
use crate::demo::sink::Sink;

/// Background service accounts and bots per ten employees.
const MACHINES_PER_TEN_EMPLOYEES: usize = 23;

/// What an account is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AccountKind {
    Human,
    Service,
    Bot,
}

/// What the workflows need to know about an account: enough to write review items and
/// requests about it.
#[derive(Debug)]
pub(crate) struct Account {
    pub app: AppKind,
    pub kind: AccountKind,
    /// The employee the account is (`IS`).
    pub person: Option<usize>,
    /// The account's primary owner (first `OWNS`).
    pub owner: Option<usize>,
    pub name: String,
    pub source_id: String,
    pub username: String,
    pub email: Option<String>,
    pub active: bool,
    /// Connections held, as indices into the catalogue.
    pub connections: Vec<usize>,
}

impl Account {
    /// `Identity Type` as reviews and entitlements write it.
    pub(crate) fn identity_type(&self) -> &'static str {
        match (self.person, self.owner) {
            (Some(_), _) => "employee",
            (None, Some(_)) => "service account",
            (None, None) => "unmapped",
        }
    }
}

/// The accounts kept for the workflows: every employee's accounts, grouped by person, and
/// the planted unmapped and ownerless ones.
#[derive(Debug)]
pub(crate) struct Directory {
    pub accounts: Vec<Account>,
    /// For each person, the range of their accounts in `accounts`.
    pub by_person: Vec<Range<usize>>,
    /// Planted active unmapped human accounts.
    pub orphans: Vec<usize>,
    /// Planted active service accounts without an owner.
    pub ownerless: Vec<usize>,
}

impl Directory {
    /// The accounts of `person`.
    pub(crate) fn of(&self, person: usize) -> &[Account] {
        &self.accounts[self.by_person[person].clone()]
    }
}

/// An identity about to be written.
struct NewIdentity {
    app: AppKind,
    kind: AccountKind,
    person: Option<usize>,
    owners: Vec<usize>,
    name: String,
    source_id: String,
    source_type: &'static str,
    username: String,
    email: Option<String>,
    active: bool,
    last_login: DateTime<Utc>,
    last_password_change: Option<DateTime<Utc>>,
    environment: Option<&'static str>,
    connections: Vec<usize>,
}

/// Writes every identity with its edges, entitlements, relations and credentials.
///
/// # Errors
///
/// Fails when a file cannot be written.
pub(crate) fn write<W: Write>(
    seed: u64,
    company: &Company,
    catalog: &Catalog,
    sink: &mut Sink<W>,
) -> Result<Directory> {
    let mut dice = Dice::new(seed, Phase::Humans);
    let templates = &mut Templates::new(catalog);
    let mut directory = Directory {
        accounts: Vec::new(),
        by_person: Vec::with_capacity(company.people.len()),
        orphans: Vec::new(),
        ownerless: Vec::new(),
    };

    for (index, person) in company.people.iter().enumerate() {
        let first = directory.accounts.len();
        let apps = apps_of(company, index, &mut dice);
        let dormant = if company.cast.dormant.contains(&index) { dormant_app(&apps) } else { None };
        for app in apps {
            let is_dormant = dormant == Some(app);
            let identity =
                human_account(company, catalog, index, person, app, is_dormant, &mut dice)?;
            write_identity(sink, catalog, company, templates, &identity, &mut dice)?;
            directory.accounts.push(into_account(identity));
        }
        directory.by_person.push(first..directory.accounts.len());
    }
    write_unmapped_humans(sink, catalog, company, templates, &mut directory, &mut dice)?;

    let mut dice = Dice::new(seed, Phase::Machines);
    let mut taken: HashSet<(AppKind, String)> = HashSet::new();
    write_planted_machines(sink, catalog, company, templates, &mut directory, &mut taken, &mut dice)?;
    let n_machines = company.people.len() * MACHINES_PER_TEN_EMPLOYEES / 10;
    for _ in 0..n_machines {
        write_background_machine(sink, catalog, company, templates, &mut taken, &mut dice)?;
    }
    Ok(directory)
}

fn into_account(identity: NewIdentity) -> Account {
    Account {
        app: identity.app,
        kind: identity.kind,
        person: identity.person,
        owner: identity.owners.first().copied(),
        name: identity.name,
        source_id: identity.source_id,
        username: identity.username,
        email: identity.email,
        active: identity.active,
        connections: identity.connections,
    }
}

/// The apps a person has an account in, in the order of [`AppKind::ALL`].
fn apps_of(company: &Company, index: usize, dice: &mut Dice) -> Vec<AppKind> {
    let person = &company.people[index];
    let cast = &company.cast;
    let department = person.department;

    let google = if person.employment == Employment::Contractor { 0.5 } else { 0.98 };
    let azure = if person.fate == Fate::LeaverWithAccess { 1.0 } else { 0.85 };
    let github = match department {
        Some(names::ENGINEERING) => 0.97,
        Some(names::DATA) => 0.9,
        Some(names::IT_SECURITY) => 0.7,
        Some(names::PRODUCT) => 0.35,
        Some(_) => 0.02,
        None => 0.0,
    };
    let aws = match department {
        _ if cast.admins[0] == index => 1.0,
        Some(names::ENGINEERING) => 0.55,
        Some(names::DATA) => 0.8,
        Some(names::IT_SECURITY) => 0.6,
        Some(names::FINANCE) => 0.1,
        _ => 0.0,
    };
    let salesforce = match department {
        Some(names::SALES) => 0.98,
        Some(names::CUSTOMER_SUCCESS) => 0.95,
        Some(names::MARKETING) => 0.6,
        Some(names::FINANCE) => 0.3,
        Some(names::PRODUCT | names::LEGAL) => 0.1,
        Some(_) => 0.0,
        None => 1.0,
    };

    let mut apps = vec![AppKind::Okta];
    let draws = [
        (AppKind::Azure, azure),
        (AppKind::Aws, aws),
        (AppKind::Github, github),
        (AppKind::Google, google),
        (AppKind::Salesforce, salesforce),
    ];
    for (app, p) in draws {
        if dice.chance(p) {
            apps.push(app);
        }
    }
    if person.fate == Fate::LeaverWithAccess {
        apps.retain(|a| *a != AppKind::Github && *a != AppKind::Aws);
    }
    apps
}

/// The account of `person` in `app`, with its status and sign-ins as the plan wants them.
fn human_account(
    company: &Company,
    catalog: &Catalog,
    index: usize,
    person: &Person,
    app: AppKind,
    is_dormant: bool,
    dice: &mut Dice,
) -> Result<NewIdentity> {
    let email = person.email.to_string();
    let (source_id, username) = match app {
        AppKind::Okta => (format!("00u{}", dice.base62(17)), email.clone()),
        AppKind::Azure | AppKind::Aws => (dice.guid(), email.clone()),
        AppKind::Github => (dice.digits(8), format!("{}-nw", person.handle.replace('.', "-"))),
        AppKind::Google => (dice.digits(21), email.clone()),
        AppKind::Salesforce => (format!("005{}", dice.base62(15)), email.clone()),
    };

    let end_instant = person
        .end_date
        .map(|end| end.and_time(NaiveTime::from_hms_opt(17, 0, 0).unwrap_or_default()).and_utc());
    let active = match person.fate {
        Fate::Leaver => false,
        Fate::LeaverWithAccess => matches!(app, AppKind::Okta | AppKind::Azure),
        _ => true,
    };
    let last_login = match end_instant {
        Some(end) if person.fate.is_terminated() => {
            end - TimeDelta::seconds(dice.between(3_600, 3 * 86_400))
        }
        _ if is_dormant => dice.instant_between(-400, -95),
        _ => dice.instant_between(-plan::RECENT_LOGIN_MAX_DAYS, 0),
    };
    let last_password_change = match app {
        AppKind::Okta | AppKind::Azure | AppKind::Google => {
            Some(last_login - TimeDelta::seconds(dice.between(86_400, 180 * 86_400)))
        }
        _ => None,
    };

    Ok(NewIdentity {
        app,
        kind: AccountKind::Human,
        person: Some(index),
        owners: Vec::new(),
        name: person.full_name(),
        source_id,
        source_type: "user",
        username,
        email: Some(email),
        active,
        last_login,
        last_password_change,
        environment: None,
        connections: human_connections(company, catalog, index, app, dice)?,
    })
}

/// The one app in which a planted dormant person has not signed in for months: the first of
/// Salesforce, GitHub, AWS, Azure, Google and Okta they have an account in.
fn dormant_app(apps: &[AppKind]) -> Option<AppKind> {
    let preference = [
        AppKind::Salesforce,
        AppKind::Github,
        AppKind::Aws,
        AppKind::Azure,
        AppKind::Google,
        AppKind::Okta,
    ];
    preference.into_iter().find(|app| apps.contains(app))
}

/// The connections of a person's account in `app`, from their department, level and roles.
fn human_connections(
    company: &Company,
    catalog: &Catalog,
    index: usize,
    app: AppKind,
    dice: &mut Dice,
) -> Result<Vec<usize>> {
    let person = &company.people[index];
    let cast = &company.cast;
    let department = person.department.map(|d| DEPARTMENTS[d].name);
    let manages = !person.reports.is_empty();
    let senior = matches!(person.level, Level::Ceo | Level::Vp | Level::Director);
    let is_admin = |k: usize| cast.admins[k] == index;
    let is_risk_manager = cast.risk_managers.contains(&index);
    let mut names: Vec<String> = Vec::new();
    let mut add = |name: &str| names.push(name.to_owned());

    match app {
        AppKind::Okta => {
            add("Everyone");
            if let Some(department) = department {
                add(&catalog::okta_department_group(department));
            }
            add("App - Microsoft 365");
            add("App - Google Workspace");
            match person.department {
                Some(names::ENGINEERING | names::DATA | names::IT_SECURITY) => {
                    add("App - GitHub");
                    add("App - AWS");
                }
                Some(names::SALES | names::CUSTOMER_SUCCESS | names::MARKETING) | None => {
                    add("App - Salesforce");
                }
                _ => {}
            }
            if dice.chance(0.6) {
                add("VPN Users");
            }
            if person.employment == Employment::Contractor {
                add("Contractors");
            }
            if manages {
                add("People Managers");
            }
            if is_admin(0) {
                add("Super Administrator");
            }
            if is_admin(1) || is_risk_manager {
                add("Read-Only Administrator");
            }
        }
        AppKind::Google => {
            add("all@northwind.example");
            if let Some(department) = department {
                add(&catalog::google_group_name(department));
            }
            if manages {
                add("people-managers@northwind.example");
            }
            if senior {
                add("leadership@northwind.example");
            }
            if matches!(person.department, Some(names::ENGINEERING | names::IT_SECURITY))
                && dice.chance(0.3)
            {
                add("oncall@northwind.example");
            }
            if dice.chance(0.5) {
                let social = [
                    "social@northwind.example",
                    "running-club@northwind.example",
                    "book-club@northwind.example",
                    "rust-guild@northwind.example",
                ];
                let group = *dice.pick(&social);
                add(group);
            }
            if is_admin(0) {
                add("Super Admin");
            }
        }
        AppKind::Azure => {
            add("SG-All-Employees");
            if let Some(department) = department {
                add(&catalog::azure_group_name(department));
            }
            if dice.chance(0.6) {
                add("SG-VPN-Users");
            }
            if dice.chance(0.9) {
                add("SG-MFA-Registered");
            }
            if matches!(person.department, Some(names::ENGINEERING | names::DATA))
                && dice.chance(0.4)
            {
                add("SG-Prod-Readers");
            }
            if is_admin(0) {
                add("Global Administrator");
            }
            if is_admin(1) {
                add("User Administrator");
            }
            if is_risk_manager
                || (person.department == Some(names::IT_SECURITY) && dice.chance(0.5))
            {
                add("Security Reader");
            }
        }
        AppKind::Aws => match person.department {
            _ if is_admin(0) => {
                add("AdministratorAccess");
                add("SecurityAudit");
            }
            Some(names::ENGINEERING) => {
                add("PowerUserAccess");
                if dice.chance(0.5) {
                    add("ReadOnlyAccess");
                }
                if senior {
                    add("AdministratorAccess");
                }
            }
            Some(names::DATA) => {
                add("NorthwindDataScience");
                if dice.chance(0.5) {
                    add("AmazonS3ReadOnlyAccess");
                }
            }
            Some(names::IT_SECURITY) => {
                add("SecurityAudit");
                add("ReadOnlyAccess");
            }
            Some(names::FINANCE) => add("Billing"),
            _ => add("ViewOnlyAccess"),
        },
        AppKind::Github => match person.department {
            Some(names::ENGINEERING) => {
                add("engineering");
                let teams = ["platform", "payments", "web", "mobile", "sre"];
                let team = *dice.pick(&teams);
                add(team);
                if dice.chance(0.3) {
                    let second = *dice.pick(&teams);
                    add(second);
                }
                if senior {
                    add("Owner");
                }
            }
            Some(names::DATA) => {
                add("engineering");
                add("data");
            }
            Some(names::IT_SECURITY) => {
                add("security");
                if dice.chance(0.5) {
                    add("engineering");
                }
            }
            Some(names::PRODUCT) => add("product"),
            _ => add("engineering"),
        },
        AppKind::Salesforce => match person.department {
            Some(names::SALES) => {
                add("Sales User");
                if dice.chance(0.3) || senior {
                    add("Reports Export");
                }
            }
            Some(names::CUSTOMER_SUCCESS) => add("Customer Success User"),
            Some(names::MARKETING) => add("Marketing User"),
            Some(names::FINANCE) => {
                add("Read Only");
                if dice.chance(0.5) {
                    add("Reports Export");
                }
            }
            None => add("Read Only"),
            _ => add("Read Only"),
        },
    }

    let mut res = Vec::with_capacity(names.len());
    for name in &names {
        let found = catalog.find(app, name)?;
        if !res.contains(&found) {
            res.push(found);
        }
    }
    Ok(res)
}

/// For each connection, the edge and the entitlement row an identity holding it gets, built
/// once; writing swaps the identity's own columns in and out, so millions of rows cost no
/// copies of the shared columns.
struct Templates {
    rows: Vec<Option<(EntityRelation, Entitlement)>>,
}

impl Templates {
    fn new(catalog: &Catalog) -> Self {
        Templates { rows: (0..catalog.entities.len()).map(|_| None).collect() }
    }

    /// The templates of the catalogue's entity `connection`.
    fn get(&mut self, catalog: &Catalog, connection: usize) -> (&mut EntityRelation, &mut Entitlement) {
        let slot = &mut self.rows[connection];
        let (edge, entitlement) = slot.get_or_insert_with(|| {
            let target = &catalog.entities[connection];
            let mut edge = EntityRelation::new(
                catalog.integration(target.app).clone(),
                catalog.last_run(target.app),
                target.brn.clone(),
                target.brn.clone(),
                EntityType::Connection,
            );
            edge.metadata = Some(target.edge_metadata.clone());

            let mut entitlement = Entitlement::new(target.privilege, true);
            entitlement.project = Some("default".to_owned());
            entitlement.connection = Some(target.name.clone());
            entitlement.connection_type = Some(target.source_type.to_owned());
            if let Some(resource) = target.grants.first().map(|r| &catalog.entities[*r]) {
                entitlement.resource = Some(resource.name.clone());
                entitlement.resource_type = Some(resource.source_type.to_owned());
            }
            if target.privileged {
                entitlement.labels = Some(json!([{
                    "key": "entitlement/privileged",
                    "value": {"text": "Privileged"},
                }]));
            }
            (edge, entitlement)
        });
        (edge, entitlement)
    }
}

/// The columns of an edge and an entitlement that belong to the identity.
struct IdentityColumns {
    brn: Brn,
    identity_id: Option<String>,
    username: Option<String>,
    name: Option<String>,
    employee_id: Option<String>,
    identity_type: Option<String>,
}

impl IdentityColumns {
    /// Exchanges these columns with the entitlement's; doing it twice restores both.
    fn swap_into(&mut self, entitlement: &mut Entitlement) {
        std::mem::swap(&mut self.identity_id, &mut entitlement.identity_id);
        std::mem::swap(&mut self.username, &mut entitlement.username);
        std::mem::swap(&mut self.name, &mut entitlement.name);
        std::mem::swap(&mut self.employee_id, &mut entitlement.employee_id);
        std::mem::swap(&mut self.identity_type, &mut entitlement.identity_type);
    }
}

/// Writes one identity: its entity, an edge and an entitlement per connection, and its
/// `IS` or `OWNS` relations.
fn write_identity<W: Write>(
    sink: &mut Sink<W>,
    catalog: &Catalog,
    company: &Company,
    templates: &mut Templates,
    identity: &NewIdentity,
    dice: &mut Dice,
) -> Result<Brn> {
    let integration = catalog.integration(identity.app).clone();
    let timestamp = catalog.last_run(identity.app);
    let brn = Catalog::brn("identity", &dice.entity_id())?;

    let mut metadata = Map::new();
    metadata.insert("username".to_owned(), Value::from(identity.username.as_str()));
    if let Some(email) = &identity.email {
        metadata.insert("email".to_owned(), Value::from(email.as_str()));
    }
    let status = if identity.active { "active" } else { "inactive" };
    metadata.insert("status".to_owned(), Value::from(status));
    metadata.insert("lastLoginTime".to_owned(), Value::from(format_go_time(identity.last_login)));
    if let Some(changed) = identity.last_password_change {
        metadata.insert("lastPasswordChange".to_owned(), Value::from(format_go_time(changed)));
    }
    if let Some(environment) = identity.environment {
        metadata.insert("environment".to_owned(), Value::from(environment));
    }
    if let Some(person) = identity.person.map(|p| &company.people[p]) {
        if matches!(identity.app, AppKind::Azure | AppKind::Okta) {
            metadata.insert("department".to_owned(), Value::from(person.department_name()));
            metadata.insert("jobTitle".to_owned(), Value::from(person.title.as_str()));
        }
    }
    let mut entity = Entity::new(
        brn.clone(),
        timestamp,
        integration.clone(),
        identity.name.as_str(),
        EntityType::Identity,
        identity.source_id.as_str(),
        identity.source_type,
    );
    entity.metadata = Some(VersionedJson::new("v1", Value::Object(metadata)));
    sink.entities.write(&entity)?;

    let identity_type = match (identity.person, identity.owners.is_empty()) {
        (Some(_), _) => "employee",
        (None, false) => "service account",
        (None, true) => "unmapped",
    };
    let mut columns = IdentityColumns {
        brn,
        identity_id: Some(identity.source_id.clone()),
        username: Some(identity.username.clone()),
        name: Some(identity.name.clone()),
        employee_id: identity.person.map(|p| company.people[p].employee_id.clone()),
        identity_type: Some(identity_type.to_owned()),
    };
    for connection in &identity.connections {
        let (edge, entitlement) = templates.get(catalog, *connection);
        std::mem::swap(&mut edge.parent_brn, &mut columns.brn);
        let written = sink.entity_relations.write(edge);
        std::mem::swap(&mut edge.parent_brn, &mut columns.brn);
        written?;

        columns.swap_into(entitlement);
        let written = sink.entitlements.write(entitlement);
        columns.swap_into(entitlement);
        written?;
    }
    let brn = columns.brn;

    let linked: Vec<(RelationType, usize)> = match identity.person {
        Some(person) => vec![(RelationType::Is, person)],
        None => identity.owners.iter().map(|o| (RelationType::Owns, *o)).collect(),
    };
    for (relation_type, employee) in linked {
        let employee = &company.people[employee];
        let mut relation = Relation::new(
            identity.source_id.as_str(),
            identity.username.as_str(),
            identity.name.as_str(),
            identity.app.id(),
            identity.app.name(),
        );
        relation.identity_email = identity.email.clone();
        relation.app_description = Some(identity.app.description().to_owned());
        relation.relation_type = Some(relation_type);
        relation.employee_email = Some(employee.email.clone());
        relation.employee_name = Some(employee.full_name());
        relation.employee_department = Some(employee.department_name().to_owned());
        relation.employee_job_title = Some(employee.title.clone());
        sink.relations.write(&relation)?;
    }

    Ok(brn)
}

/// Planted human accounts linked to no one: six active (orphaned), three inactive.
fn write_unmapped_humans<W: Write>(
    sink: &mut Sink<W>,
    catalog: &Catalog,
    company: &Company,
    templates: &mut Templates,
    directory: &mut Directory,
    dice: &mut Dice,
) -> Result<()> {
    struct Unmapped {
        app: AppKind,
        name: &'static str,
        username: &'static str,
        active: bool,
        connections: &'static [&'static str],
    }
    let planted = [
        Unmapped {
            app: AppKind::Okta,
            name: "Dana Whitfield",
            username: "dana.whitfield@brightpath-agency.example",
            active: true,
            connections: &["Everyone", "Contractors", "VPN Users"],
        },
        Unmapped {
            app: AppKind::Okta,
            name: "QA Test User",
            username: "qa.test@northwind.example",
            active: true,
            connections: &["Everyone", "App - Salesforce"],
        },
        Unmapped {
            app: AppKind::Azure,
            name: "Legacy Admin",
            username: "admin-legacy@northwind.onmicrosoft.com",
            active: true,
            connections: &["SG-All-Employees", "User Administrator"],
        },
        Unmapped {
            app: AppKind::Github,
            name: "jdoe-personal",
            username: "jdoe-personal",
            active: true,
            connections: &["engineering", "platform"],
        },
        Unmapped {
            app: AppKind::Google,
            name: "Events Team",
            username: "events@northwind.example",
            active: true,
            connections: &["all@northwind.example", "Marketing Shared Drive"],
        },
        Unmapped {
            app: AppKind::Salesforce,
            name: "Temp Sales Ops",
            username: "temp.salesops@northwind.example",
            active: true,
            connections: &["Sales User", "Data Loader"],
        },
        Unmapped {
            app: AppKind::Okta,
            name: "Old Intern Account",
            username: "old.intern@northwind.example",
            active: false,
            connections: &["Everyone"],
        },
        Unmapped {
            app: AppKind::Azure,
            name: "Vendor Access",
            username: "vendor-access@northwind.onmicrosoft.com",
            active: false,
            connections: &["SG-VPN-Users"],
        },
        Unmapped {
            app: AppKind::Github,
            name: "former-consultant",
            username: "former-consultant",
            active: false,
            connections: &["web"],
        },
    ];

    for account in planted {
        let connections = account
            .connections
            .iter()
            .filter(|name| !name.ends_with("Shared Drive"))
            .map(|name| catalog.find(account.app, name))
            .collect::<Result<Vec<_>>>()?;
        let source_id = match account.app {
            AppKind::Okta => format!("00u{}", dice.base62(17)),
            AppKind::Azure | AppKind::Aws => dice.guid(),
            AppKind::Github => dice.digits(8),
            AppKind::Google => dice.digits(21),
            AppKind::Salesforce => format!("005{}", dice.base62(15)),
        };
        let last_login = if account.active {
            dice.instant_between(-40, -3)
        } else {
            dice.instant_between(-400, -150)
        };
        let email = account.username.contains('@').then(|| account.username.to_owned());
        let identity = NewIdentity {
            app: account.app,
            kind: AccountKind::Human,
            person: None,
            owners: Vec::new(),
            name: account.name.to_owned(),
            source_id,
            source_type: "user",
            username: account.username.to_owned(),
            email,
            active: account.active,
            last_login,
            last_password_change: None,
            environment: None,
            connections,
        };
        write_identity(sink, catalog, company, templates, &identity, dice)?;
        if account.active {
            directory.orphans.push(directory.accounts.len());
        }
        directory.accounts.push(into_account(identity));
    }
    Ok(())
}

/// The kinds of service accounts and bots.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MachineKind {
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

    fn app(self) -> AppKind {
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

    fn account_kind(self) -> AccountKind {
        match self {
            MachineKind::GithubBot => AccountKind::Bot,
            _ => AccountKind::Service,
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
            MachineKind::ManagedIdentity => {
                &["Key Vault Secrets User", "Storage Blob Data Contributor", "AcrPull", "Reader"]
            }
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
            MachineKind::OktaService => {
                &["Read-Only Administrator", "API Access Management Administrator"]
            }
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
        MachineKind::ServicePrincipal | MachineKind::ManagedIdentity => (dice.guid(), name.to_owned()),
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
            (dice.digits(21), format!("{name}@{project}.iam.gserviceaccount.com"))
        }
        MachineKind::GithubBot => (dice.digits(9), format!("{name}[bot]")),
        MachineKind::SalesforceIntegration => {
            let slug = names::ascii_slug(name.trim_start_matches("Integration User - "));
            (format!("005{}", dice.base62(15)), format!("integration.{slug}@{}", names::EMAIL_DOMAIN))
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

/// Token issuers of federated credentials.
#[derive(Clone, Copy, Debug)]
enum Issuer {
    GithubActions,
    AksCluster,
    GkeCluster,
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
        ownerless(machine(K::ServicePrincipal, "sp-legacy-reporting", &["Reader"], Planted::Ordinary(C::ClientSecret))),
        ownerless(machine(K::ServicePrincipal, "sp-marketing-automation", &["Storage Blob Data Contributor"], Planted::Ordinary(C::ClientSecret))),
        ownerless(in_environment(machine(K::ManagedIdentity, "mi-batch-exporter", &["Contributor"], Planted::Nothing), "staging")),
        ownerless(machine(K::ServicePrincipal, "sp-vendor-acme-integration", &["Key Vault Secrets User"], Planted::Ordinary(C::X509Certificate))),
        ownerless(machine(K::AwsRole, "legacy-etl-role", &["AmazonS3ReadOnlyAccess", "NorthwindBackupPolicy"], Planted::Nothing)),
        // Expired credentials on production service accounts, two in Azure.
        machine(K::ServicePrincipal, "sp-payments-api", &["Key Vault Secrets User", "Reader"], Planted::Expired(C::ClientSecret, 9)),
        machine(K::ServicePrincipal, "sp-invoice-renderer", &["Storage Blob Data Contributor"], Planted::Expired(C::X509Certificate, 34)),
        machine(K::GoogleServiceAccount, "data-export", &["roles/storage.objectViewer"], Planted::Expired(C::ServiceAccountKey, 5)),
        machine(K::OktaService, "scim-provisioner", &["API Access Management Administrator"], Planted::Expired(C::ApiKey, 61)),
        machine(K::SalesforceIntegration, "Integration User - HubSpot", &["API Only Integration"], Planted::Expired(C::OauthToken, 17)),
        // Expired credentials outside production.
        in_environment(machine(K::ServicePrincipal, "sp-search-indexer", &["Contributor"], Planted::Expired(C::ClientSecret, 14)), "staging"),
        in_environment(machine(K::GoogleServiceAccount, "ml-sandbox", &["roles/bigquery.dataEditor"], Planted::Expired(C::ServiceAccountKey, 27)), "development"),
        // Credentials expiring within 30 days, two of them within 7.
        machine(K::ServicePrincipal, "sp-checkout", &["Key Vault Secrets User"], Planted::Expiring(C::ClientSecret, 3)),
        machine(K::ServicePrincipal, "sp-sso-gateway", &["Reader"], Planted::Expiring(C::X509Certificate, 6)),
        machine(K::GoogleServiceAccount, "ml-training", &["roles/bigquery.dataEditor", "roles/storage.objectViewer"], Planted::Expiring(C::ServiceAccountKey, 12)),
        machine(K::GithubBot, "release-bot", &["platform"], Planted::Expiring(C::OauthToken, 19)),
        machine(K::OktaService, "hr-sync", &["Read-Only Administrator"], Planted::Expiring(C::ApiKey, 24)),
        machine(K::AwsUser, "svc-partner-sftp", &["NorthwindBackupPolicy"], Planted::Expiring(C::AccessKey, 28)),
        // Federated credentials trusting wildcard subjects.
        machine(K::AwsRole, "github-actions-deploy", &["NorthwindDeployPolicy", "TerraformStateAccess"], Planted::Wildcard(Issuer::GithubActions, "repo:northwind/*:*")),
        machine(K::ManagedIdentity, "mi-aks-workloads", &["Key Vault Secrets User", "AcrPull"], Planted::Wildcard(Issuer::AksCluster, "system:serviceaccount:*:*")),
        machine(K::ServicePrincipal, "sp-terraform-ci", &["Contributor"], Planted::Wildcard(Issuer::GithubActions, "repo:northwind/infra:*")),
        machine(K::GoogleServiceAccount, "gke-payments", &["roles/cloudsql.client"], Planted::Wildcard(Issuer::GkeCluster, "system:serviceaccount:payments:*")),
        // Credentials not rotated for more than the threshold.
        machine(K::AwsUser, "svc-legacy-backup", &["NorthwindBackupPolicy"], Planted::Unrotated(C::AccessKey, 903)),
        machine(K::AwsUser, "svc-datadog-integration", &["ReadOnlyAccess"], Planted::Unrotated(C::AccessKey, 540)),
        machine(K::GoogleServiceAccount, "bigquery-reporting", &["roles/bigquery.dataEditor"], Planted::Unrotated(C::ServiceAccountKey, 470)),
        machine(K::GithubBot, "infra-deploy-key", &["platform"], Planted::Unrotated(C::SshKey, 730)),
        machine(K::SalesforceIntegration, "Integration User - Zendesk", &["API Only Integration"], Planted::Unrotated(C::ApiKey, 410)),
        // Active credentials on inactive identities.
        inactive(machine(K::ServicePrincipal, "sp-old-crm-sync", &["Reader"], Planted::ActiveOnInactive(C::ClientSecret))),
        inactive(in_environment(machine(K::AwsUser, "svc-retired-etl", &["AmazonS3ReadOnlyAccess"], Planted::ActiveOnInactive(C::AccessKey)), "staging")),
        inactive(machine(K::GithubBot, "legacy-ci-bot", &["engineering"], Planted::ActiveOnInactive(C::SshKey))),
    ]
};

fn write_planted_machines<W: Write>(
    sink: &mut Sink<W>,
    catalog: &Catalog,
    company: &Company,
    templates: &mut Templates,
    directory: &mut Directory,
    taken: &mut HashSet<(AppKind, String)>,
    dice: &mut Dice,
) -> Result<()> {
    for planted in PLANTED_MACHINES {
        let app = planted.kind.app();
        taken.insert((app, planted.name.to_owned()));
        let (source_id, username) =
            machine_ids(planted.kind, planted.name, planted.environment, dice);
        let owners = if planted.owned { vec![*dice.pick(&company.cast.owners)] } else { Vec::new() };
        let last_login = if planted.active {
            dice.instant_between(-14, 0)
        } else {
            dice.instant_between(-300, -120)
        };
        let identity = NewIdentity {
            app,
            kind: planted.kind.account_kind(),
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
            write_credential(sink, catalog, &identity, &brn, &timing, dice)?;
        }

        if !planted.owned && planted.active {
            directory.ownerless.push(directory.accounts.len());
            directory.accounts.push(into_account(identity));
        }
    }
    Ok(())
}

fn write_background_machine<W: Write>(
    sink: &mut Sink<W>,
    catalog: &Catalog,
    company: &Company,
    templates: &mut Templates,
    taken: &mut HashSet<(AppKind, String)>,
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
    let mut name = base.clone();
    let mut n = 2;
    while !taken.insert((app, name.clone())) {
        name = format!("{base}-{n}");
        n += 1;
    }

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
    let mut connection_names: Vec<&str> =
        dice.sample(pool.len(), n_connections).into_iter().map(|i| pool[i]).collect();
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
        kind: kind.account_kind(),
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
        write_credential(sink, catalog, &identity, &brn, &timing, dice)?;
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
            res.push(if dice.chance(0.6) { C::SshKey } else { C::OauthToken });
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

fn issuer_for(kind: MachineKind) -> Issuer {
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
        "api-gateway", "payments-service", "billing-service", "web-app", "infra",
        "terraform-modules", "helm-charts", "data-pipelines", "ml-models",
    ];
    match issuer_for(kind) {
        Issuer::GithubActions => {
            let repository = dice.pick(REPOSITORIES);
            if dice.chance(0.5) {
                format!("repo:{}/{repository}:ref:refs/heads/main", names::GITHUB_ORG)
            } else {
                format!("repo:{}/{repository}:environment:production", names::GITHUB_ORG)
            }
        }
        Issuer::AksCluster | Issuer::GkeCluster => {
            let namespace = dice.pick(names::NAMESPACES);
            let system = dice.pick(names::SYSTEMS);
            format!("system:serviceaccount:{namespace}:{system}")
        }
    }
}

/// A credential's type, status and dates, before it gets ids.
#[derive(Debug)]
struct Timing {
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
fn ordinary_credential(credential_type: CredentialType, dice: &mut Dice) -> Timing {
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
fn expired_credential(credential_type: CredentialType, days: i64, dice: &mut Dice) -> Timing {
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
fn expiring_credential(credential_type: CredentialType, days: i64, dice: &mut Dice) -> Timing {
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
fn unrotated_credential(credential_type: CredentialType, days: i64, dice: &mut Dice) -> Timing {
    let rotated = dice.instant(-days, 6);
    let (created_at, last_rotated_at) = if days % 2 == 0 {
        (rotated - TimeDelta::days(dice.between(30, 300)), Some(rotated))
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
fn active_on_inactive_credential(credential_type: CredentialType, dice: &mut Dice) -> Timing {
    let expires_at = (credential_type == CredentialType::ClientSecret)
        .then(|| dice.instant_between(180, 240));
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
fn revoked_credential(credential_type: CredentialType, dice: &mut Dice) -> Timing {
    let federation = (credential_type == CredentialType::FederatedIdentity).then(|| {
        let subject = format!("repo:{}/retired-service:ref:refs/heads/main", names::GITHUB_ORG);
        (GITHUB_ISSUER.to_owned(), subject, vec!["api://AzureADTokenExchange".to_owned()])
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
fn federated_credential(
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
fn write_credential<W: Write>(
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
        C::X509Certificate => {
            (format!("CN={owner}.{}", names::EMAIL_DOMAIN), dice.hex(40).to_ascii_uppercase())
        }
        C::AccessKey => (format!("{owner} access key"), format!("AKIA{}", dice.upper_alnum(16))),
        C::ServiceAccountKey => (format!("{owner} key"), dice.hex(40)),
        C::ApiKey => (format!("{owner} API token"), format!("00T{}", dice.base62(17))),
        C::SshKey => (format!("{owner} deploy key"), format!("SHA256:{}", dice.entity_id())),
        C::OauthToken => (format!("{owner} OAuth token"), dice.digits(8)),
        C::FederatedIdentity => (format!("{owner} federated credential"), dice.guid()),
        other => (format!("{owner} {}", other.as_str()), dice.guid()),
    };
    let id = dice.ulid(timing.created_at.max(plan::tenant_created())).to_string();

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
