//! Identities of the demo company: how one is written, and the order in which employees'
//! accounts ([`super::humans`]) and service accounts and bots ([`super::machines`]) are.
//!
//! Each identity becomes a row of `entities.csv`, an edge in `entity-relations.csv` and a row
//! of `entitlements.csv` per connection it holds, and a row of `relations.csv` saying whose it
//! is (`IS`) or who owns it (`OWNS`), unless it is planted as unmapped.

use std::io::Write;
use std::ops::Range;

use anyhow::Result;
use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

use balkanid_domain::ids::Brn;
use balkanid_domain::model::{
    Entitlement, Entity, EntityRelation, EntityType, Relation, RelationType, VersionedJson,
};
use balkanid_domain::values::format_go_time;

use crate::demo::catalog::{AppKind, Catalog};
use crate::demo::dice::{Dice, Phase};
use crate::demo::humans::{apps_of, dormant_app, human_account, write_unmapped_humans};
use crate::demo::machines::{Names, write_background_machine, write_planted_machines};
use crate::demo::people::Company;
use crate::demo::sink::Sink;

/// Background service accounts and bots per ten employees.
const MACHINES_PER_TEN_EMPLOYEES: usize = 23;

/// What the workflows need to know about an account: enough to write review items and
/// requests about it.
#[derive(Debug)]
pub(crate) struct Account {
    pub app: AppKind,
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
pub(super) struct NewIdentity {
    pub app: AppKind,
    pub person: Option<usize>,
    pub owners: Vec<usize>,
    pub name: String,
    pub source_id: String,
    pub source_type: &'static str,
    pub username: String,
    pub email: Option<String>,
    pub active: bool,
    pub last_login: DateTime<Utc>,
    pub last_password_change: Option<DateTime<Utc>>,
    pub environment: Option<&'static str>,
    pub connections: Vec<usize>,
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
        let dormant = if company.cast.dormant.contains(&index) {
            dormant_app(&apps)
        } else {
            None
        };
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
    let mut taken = Names::default();
    write_planted_machines(
        sink,
        catalog,
        company,
        templates,
        &mut directory,
        &mut taken,
        &mut dice,
    )?;
    let n_machines = company.people.len() * MACHINES_PER_TEN_EMPLOYEES / 10;
    for _ in 0..n_machines {
        write_background_machine(sink, catalog, company, templates, &mut taken, &mut dice)?;
    }
    Ok(directory)
}

pub(super) fn into_account(identity: NewIdentity) -> Account {
    Account {
        app: identity.app,
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

/// For each connection, the edge and the entitlement row an identity holding it gets, built
/// once; writing swaps the identity's own columns in and out, so millions of rows cost no
/// copies of the shared columns.
pub(super) struct Templates {
    rows: Vec<Option<(EntityRelation, Entitlement)>>,
}

impl Templates {
    fn new(catalog: &Catalog) -> Self {
        Templates {
            rows: (0..catalog.entities.len()).map(|_| None).collect(),
        }
    }

    /// The templates of the catalogue's entity `connection`.
    fn get(
        &mut self,
        catalog: &Catalog,
        connection: usize,
    ) -> (&mut EntityRelation, &mut Entitlement) {
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
pub(super) fn write_identity<W: Write>(
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
    metadata.insert(
        "username".to_owned(),
        Value::from(identity.username.as_str()),
    );
    if let Some(email) = &identity.email {
        metadata.insert("email".to_owned(), Value::from(email.as_str()));
    }
    let status = if identity.active {
        "active"
    } else {
        "inactive"
    };
    metadata.insert("status".to_owned(), Value::from(status));
    metadata.insert(
        "lastLoginTime".to_owned(),
        Value::from(format_go_time(identity.last_login)),
    );
    if let Some(changed) = identity.last_password_change {
        metadata.insert(
            "lastPasswordChange".to_owned(),
            Value::from(format_go_time(changed)),
        );
    }
    if let Some(environment) = identity.environment {
        metadata.insert("environment".to_owned(), Value::from(environment));
    }
    let directory_app = matches!(identity.app, AppKind::Azure | AppKind::Okta);
    if let (Some(person), true) = (identity.person.map(|p| &company.people[p]), directory_app) {
        metadata.insert(
            "department".to_owned(),
            Value::from(person.department_name()),
        );
        metadata.insert("jobTitle".to_owned(), Value::from(person.title.as_str()));
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
        employee_id: identity
            .person
            .map(|p| company.people[p].employee_id.clone()),
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
        None => identity
            .owners
            .iter()
            .map(|o| (RelationType::Owns, *o))
            .collect(),
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
