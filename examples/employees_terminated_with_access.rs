//! Lists employees whose employment has ended but who still have an active identity in an
//! application, from the downloaded employees, entities and relations files.
//!
//! An identity belongs to an employee through an `IS` row of the relations file, matched by
//! app and the identity's source id; the rule itself is `balkanid_domain::rules`.
//!
//! ```text
//! BALKANID_API_KEY_ID=... BALKANID_API_KEY_SECRET=... \
//!     cargo run -p balkanid-examples --example employees_terminated_with_access
//! ```

#![allow(clippy::print_stdout, reason = "an example prints its answer")]

use std::collections::HashMap;

use balkanid_api::cloud::Client;
use balkanid_domain::model::{Employee, Entity, Relation, RelationType};
use balkanid_domain::rules::{
    Finding, FindingKind, IdentityFacts, IdentityPolicy, LinkedEmployee, assess_identity,
};
use balkanid_domain::values::parse_go_time;
use chrono::{DateTime, Utc};
use futures::TryStreamExt;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    balkanid_examples::init_tracing();
    let client = balkanid_examples::client_from_env()?;

    let findings = run(&client, Utc::now()).await?;

    for finding in &findings {
        println!("{}", finding.summary);
    }
    println!(
        "{} identities of former employees are still active",
        findings.len()
    );
    Ok(())
}

/// Downloads the three files and returns the `terminated_with_access` findings at `as_of`.
pub async fn run(client: &Client, as_of: DateTime<Utc>) -> anyhow::Result<Vec<Finding>> {
    let bulk = client.bulk();
    let employees: Vec<Employee> = bulk
        .employees()
        .download()
        .send()
        .await?
        .try_collect()
        .await?;
    let relations: Vec<Relation> = bulk
        .relations()
        .download()
        .send()
        .await?
        .try_collect()
        .await?;
    let by_email: HashMap<String, &Employee> = employees
        .iter()
        .map(|e| (e.work_email.normalized(), e))
        .collect();
    let mut accounts: HashMap<(String, String), Vec<LinkedEmployee>> = HashMap::new();
    for relation in relations
        .iter()
        .filter(|r| r.relation_type == Some(RelationType::Is))
    {
        let Some(employee) = relation
            .employee_email
            .as_ref()
            .and_then(|e| by_email.get(&e.normalized()))
        else {
            continue;
        };
        let mut linked =
            LinkedEmployee::new(employee.work_email.clone()).with_name(employee.display_name());
        if let Some(end_date) = employee.end_date {
            linked = linked.with_end_date(end_date);
        }
        let key = (relation.app_id.clone(), relation.identity_id.clone());
        accounts.entry(key).or_default().push(linked);
    }

    let policy = IdentityPolicy::default();
    let mut findings = Vec::new();
    let mut entities = bulk.entities().download().send().await?;
    while let Some(entity) = entities.try_next().await? {
        let Some(identity) = identity_of(&entity) else {
            continue;
        };
        let key = (entity.app.to_string(), entity.source_id.clone());
        let Some(linked) = accounts.get(&key) else {
            continue;
        };
        let facts = linked.iter().cloned().fold(
            IdentityFacts::new(identity),
            IdentityFacts::with_linked_employee,
        );
        let found = assess_identity(&facts, as_of, &policy);
        findings.extend(
            found
                .into_iter()
                .filter(|f| f.kind == FindingKind::TerminatedWithAccess),
        );
    }
    Ok(findings)
}

fn identity_of(entity: &Entity) -> Option<balkanid_domain::model::IdentityView> {
    entity.identity_view(|text| parse_go_time(text).ok().flatten())
}
