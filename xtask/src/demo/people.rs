//! The demo company's people: the reporting tree (CEO, VPs, directors, managers, individual
//! contributors), leavers, BalkanID roles, and the cast of planted people.
//!
//! Each department is a tree of span [`SPAN`] under its VP: the department's k-th member
//! reports to member `(k - 1) / SPAN`, so large departments grow directors and small ones are
//! a VP with a few managers. Leavers are attached to a manager of their department.

use std::collections::HashSet;

use anyhow::{Context, Result};
use chrono::{NaiveDate, TimeDelta};

use serde_json::json;

use balkanid_domain::ids::WorkEmail;
use balkanid_domain::model::{Employee, Role, VersionedJson};

use crate::demo::dice::{Dice, Phase};
use crate::demo::names::{self, DEPARTMENTS};
use crate::demo::plan;
use crate::demo::sink::Sink;

/// How many people report to one manager at most.
const SPAN: usize = 7;

/// Leavers in percent of the company (at least a handful).
const LEAVER_PERCENT: usize = 4;

/// Where someone sits in the hierarchy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Level {
    Ceo,
    Vp,
    Director,
    Manager,
    Individual,
}

/// Whether and when someone leaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Fate {
    /// Employed, no End Date.
    Employed,
    /// Left long ago; every account was deprovisioned.
    Leaver,
    /// Left recently; the Okta and Azure accounts were left active (planted).
    LeaverWithAccess,
    /// End Date after the snapshot date (planted).
    LeavingSoon,
    /// End Date on the snapshot date (planted).
    LastDayToday,
}

impl Fate {
    /// Whether the End Date lies before the snapshot date.
    pub(crate) fn is_terminated(self) -> bool {
        matches!(self, Fate::Leaver | Fate::LeaverWithAccess)
    }
}

/// `Employment Type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Employment {
    FullTime,
    PartTime,
    Contractor,
    Intern,
}

impl Employment {
    /// The text of the `Employment Type` column.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Employment::FullTime => "Full-time",
            Employment::PartTime => "Part-time",
            Employment::Contractor => "Contractor",
            Employment::Intern => "Intern",
        }
    }
}

/// One employee, before becoming a row of `employees.csv`.
#[derive(Debug)]
pub(crate) struct Person {
    pub first: &'static str,
    pub last: &'static str,
    /// The email's local part, such as `jose.garcia2`.
    pub handle: String,
    pub email: WorkEmail,
    /// Index into [`DEPARTMENTS`]; `None` for the CEO.
    pub department: Option<usize>,
    pub title: String,
    pub level: Level,
    pub manager: Option<usize>,
    pub reports: Vec<usize>,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub fate: Fate,
    pub employment: Employment,
    pub roles: Vec<Role>,
    /// BalkanID's `Employee ID`, a ULID.
    pub employee_id: String,
    /// The HR system's id, such as `NW-10042`.
    pub source_employee_id: String,
    pub office: &'static str,
}

impl Person {
    /// `First Last`.
    pub(crate) fn full_name(&self) -> String {
        format!("{} {}", self.first, self.last)
    }

    /// The department's name.
    pub(crate) fn department_name(&self) -> &'static str {
        self.department
            .map_or(names::EXECUTIVE, |d| DEPARTMENTS[d].name)
    }

    /// Employed and not leaving: eligible to own things and to be picked for the plan.
    pub(crate) fn is_steady(&self) -> bool {
        self.fate == Fate::Employed
    }

    /// Holds the reviewer role.
    pub(crate) fn is_reviewer(&self) -> bool {
        self.roles.contains(&Role::Reviewer)
    }
}

/// The people the plan needs by name, as indices into [`Company::people`].
#[derive(Debug)]
pub(crate) struct Cast {
    pub default_user: usize,
    pub admins: [usize; plan::ADMINS],
    pub risk_managers: [usize; plan::RISK_MANAGERS],
    pub q4_reviewers: [usize; 3],
    pub terminated_with_access: [usize; plan::TERMINATED_WITH_ACTIVE_ACCESS],
    pub dormant: [usize; plan::DORMANT_ACCOUNTS],
    /// Steady engineers, data and IT people who own service accounts.
    pub owners: Vec<usize>,
    /// Steady reviewers who own connections, resources and integrations.
    pub app_owners: Vec<usize>,
}

/// Everyone, and the cast.
#[derive(Debug)]
pub(crate) struct Company {
    pub people: Vec<Person>,
    pub cast: Cast,
}

impl Company {
    /// The direct reports of `manager` who are steady individual contributors.
    pub(crate) fn steady_reports(&self, manager: usize) -> Vec<usize> {
        let reports = &self.people[manager].reports;
        reports
            .iter()
            .copied()
            .filter(|r| self.people[*r].is_steady() && self.people[*r].level == Level::Individual)
            .collect()
    }
}

/// Generates `n_employees` people for `seed`.
///
/// # Errors
///
/// Fails when the company is too small for the plan.
pub(crate) fn generate(n_employees: usize, seed: u64) -> Result<Company> {
    let mut dice = Dice::new(seed, Phase::People);
    let n_leavers =
        (n_employees * LEAVER_PERCENT / 100).max(plan::TERMINATED_WITH_ACTIVE_ACCESS + 4);
    let n_active = n_employees - n_leavers;

    let mut namer = Namer::new();
    let mut people = Vec::with_capacity(n_employees);
    people.push(namer.person(&mut dice, None, None, Level::Ceo)?);
    let sizes = apportion(
        n_active - 1,
        &DEPARTMENTS.iter().map(|d| d.weight).collect::<Vec<_>>(),
    );
    for (department, size) in sizes.into_iter().enumerate() {
        let first = people.len();
        for k in 0..size {
            let manager = if k == 0 { 0 } else { first + (k - 1) / SPAN };
            people.push(namer.person(
                &mut dice,
                Some(department),
                Some(manager),
                Level::Individual,
            )?);
        }
    }
    link_reports(&mut people);
    assign_levels(&mut people);

    let weights: Vec<u32> = DEPARTMENTS.iter().map(|d| d.weight).collect();
    let mut managers_by_department: Vec<Vec<usize>> = vec![Vec::new(); DEPARTMENTS.len()];
    for (index, person) in people.iter().enumerate() {
        let manages = matches!(person.level, Level::Manager | Level::Director | Level::Vp);
        if let (true, Some(department)) = (manages, person.department) {
            managers_by_department[department].push(index);
        }
    }
    for index in 0..n_leavers {
        let department = dice.weighted(&weights);
        let manager = *dice.pick(&managers_by_department[department]);
        let mut leaver = namer.person(
            &mut dice,
            Some(department),
            Some(manager),
            Level::Individual,
        )?;
        leaver.fate = if index < plan::TERMINATED_WITH_ACTIVE_ACCESS {
            Fate::LeaverWithAccess
        } else {
            Fate::Leaver
        };
        let leaver_index = people.len();
        people.push(leaver);
        people[manager].reports.push(leaver_index);
    }

    describe_jobs(&mut people, &mut dice);
    date_everyone(&mut people, &mut dice);
    let cast = choose_cast(&mut people, &mut dice)?;
    Ok(Company { people, cast })
}

/// Draws names and makes each email unique with a number after the family name.
struct Namer {
    taken: HashSet<String>,
}

impl Namer {
    fn new() -> Self {
        let default_handle = plan::DEFAULT_USER.split('@').next().unwrap_or_default();
        Namer {
            taken: HashSet::from([default_handle.to_owned()]),
        }
    }

    fn person(
        &mut self,
        dice: &mut Dice,
        department: Option<usize>,
        manager: Option<usize>,
        level: Level,
    ) -> Result<Person> {
        let first = *dice.pick(names::FIRST_NAMES);
        let last = *dice.pick(names::LAST_NAMES);
        let base = format!("{}.{}", names::ascii_slug(first), names::ascii_slug(last));
        let mut handle = base.clone();
        let mut n = 2;
        while !self.taken.insert(handle.clone()) {
            handle = format!("{base}{n}");
            n += 1;
        }
        let email = format!("{handle}@{}", names::EMAIL_DOMAIN)
            .parse()
            .with_context(|| format!("the generated email of {handle} is not valid"))?;

        Ok(Person {
            first,
            last,
            handle,
            email,
            department,
            title: String::new(),
            level,
            manager,
            reports: Vec::new(),
            start_date: NaiveDate::MIN,
            end_date: None,
            fate: Fate::Employed,
            employment: Employment::FullTime,
            roles: Vec::new(),
            employee_id: String::new(),
            source_employee_id: String::new(),
            office: names::OFFICES[dice.below(names::OFFICES.len())],
        })
    }
}

/// Splits `total` by `weights` with the largest-remainder method, so the parts add up.
fn apportion(total: usize, weights: &[u32]) -> Vec<usize> {
    let sum: usize = weights.iter().map(|w| *w as usize).sum();
    let mut parts: Vec<usize> = weights.iter().map(|w| total * *w as usize / sum).collect();
    let mut remainders: Vec<(usize, usize)> = weights
        .iter()
        .enumerate()
        .map(|(i, w)| (total * *w as usize % sum, i))
        .collect();
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let missing = total - parts.iter().sum::<usize>();
    for (_, index) in remainders.into_iter().take(missing) {
        parts[index] += 1;
    }
    parts
}

fn link_reports(people: &mut [Person]) {
    for index in 0..people.len() {
        if let Some(manager) = people[index].manager {
            people[manager].reports.push(index);
        }
    }
}

/// VPs report to the CEO; a manager of managers is a director; anyone else with reports is a
/// manager.
fn assign_levels(people: &mut [Person]) {
    for index in 1..people.len() {
        let has_reports = !people[index].reports.is_empty();
        let manages_managers = people[index]
            .reports
            .iter()
            .any(|r| !people[*r].reports.is_empty());
        people[index].level = match (people[index].manager, has_reports, manages_managers) {
            (Some(0), _, _) => Level::Vp,
            (_, _, true) => Level::Director,
            (_, true, false) => Level::Manager,
            _ => Level::Individual,
        };
    }
}

fn describe_jobs(people: &mut [Person], dice: &mut Dice) {
    for person in people.iter_mut() {
        let department = person.department.map(|d| &DEPARTMENTS[d]);
        person.employment = match person.level {
            Level::Individual => match dice.weighted(&[86, 4, 8, 2]) {
                0 => Employment::FullTime,
                1 => Employment::PartTime,
                2 => Employment::Contractor,
                _ => Employment::Intern,
            },
            _ => Employment::FullTime,
        };
        person.title = match (person.level, department) {
            (Level::Ceo, _) | (_, None) => "Chief Executive Officer".to_owned(),
            (Level::Vp, Some(d)) => format!("VP of {}", d.name),
            (Level::Director, Some(d)) => format!("Director of {}", d.name),
            (Level::Manager, Some(d)) => d.manager_title.to_owned(),
            (Level::Individual, Some(d)) if person.employment == Employment::Intern => {
                format!("{} Intern", d.name)
            }
            (Level::Individual, Some(d)) => (*dice.pick(d.ic_titles)).to_owned(),
        };
        if person.level != Level::Individual && person.level != Level::Ceo {
            person.roles.push(Role::Reviewer);
        }
    }
}

fn date_everyone(people: &mut [Person], dice: &mut Dice) {
    for (index, person) in people.iter_mut().enumerate() {
        person.source_employee_id = format!("NW-{}", 10_001 + index);
    }

    let snapshot = plan::snapshot_date();
    let founded = NaiveDate::from_ymd_opt(2017, 3, 1).unwrap_or(NaiveDate::MIN);
    let planted_end_days = [12, 23, 37, 58];
    let mut n_planted = 0;

    for person in people.iter_mut() {
        let end_date = match person.fate {
            Fate::Leaver => Some(snapshot - TimeDelta::days(dice.between(95, 1_000))),
            Fate::LeaverWithAccess => {
                let days = planted_end_days[n_planted % planted_end_days.len()];
                n_planted += 1;
                Some(snapshot - TimeDelta::days(days))
            }
            _ => None,
        };
        let latest_start = end_date.map_or(snapshot - TimeDelta::days(10), |end| {
            end - TimeDelta::days(60)
        });
        let earliest_start = match person.level {
            Level::Ceo => founded,
            Level::Vp => founded + TimeDelta::days(30),
            _ => founded + TimeDelta::days(180),
        };
        let span_days = (latest_start - earliest_start).num_days().max(1);
        let start = match person.level {
            Level::Ceo => founded,
            Level::Vp => earliest_start + TimeDelta::days(dice.between(0, span_days.min(900))),
            _ => earliest_start + TimeDelta::days(dice.between(0, span_days)),
        };
        person.start_date = start;
        person.end_date = end_date;
        let hired = dice.instant(-(snapshot - start).num_days(), 6);
        person.employee_id = dice.ulid(hired.max(plan::tenant_created())).to_string();
    }
}

fn choose_cast(people: &mut [Person], dice: &mut Dice) -> Result<Cast> {
    let steady_ics = |people: &[Person], department: usize| -> Vec<usize> {
        (0..people.len())
            .filter(|p| people[*p].department == Some(department))
            .filter(|p| people[*p].level == Level::Individual && people[*p].is_steady())
            .filter(|p| people[*p].employment == Employment::FullTime)
            .collect()
    };

    let security = steady_ics(people, names::IT_SECURITY);
    let finance = steady_ics(people, names::FINANCE);
    let legal = steady_ics(people, names::LEGAL);
    if security.len() < 3 || finance.is_empty() || legal.is_empty() {
        return Err(too_small());
    }

    let default_user = security[0];
    let admins = [security[1], security[2]];
    let risk_managers = [default_user, finance[0], legal[0]];
    {
        let amara = &mut people[default_user];
        amara.first = plan::DEFAULT_USER_FIRST_NAME;
        amara.last = plan::DEFAULT_USER_LAST_NAME;
        amara.handle = plan::DEFAULT_USER
            .split('@')
            .next()
            .unwrap_or_default()
            .to_owned();
        amara.email = plan::DEFAULT_USER
            .parse()
            .context("the default user's email")?;
        amara.title = "GRC Lead".to_owned();
    }
    people[admins[0]].title = "IT Systems Administrator".to_owned();
    people[admins[1]].title = "Identity & Access Administrator".to_owned();
    people[finance[0]].title = "Internal Audit Manager".to_owned();
    people[legal[0]].title = "Compliance Manager".to_owned();
    for admin in admins {
        people[admin].roles = vec![Role::Admin, Role::Reviewer];
    }
    for risk_manager in risk_managers {
        people[risk_manager].roles = vec![Role::RiskManager, Role::Reviewer];
    }

    let mut reserved: Vec<usize> = vec![default_user, admins[0], admins[1], finance[0], legal[0]];
    let q4_reviewers = choose_q4_reviewers(people, dice, &reserved)?;
    reserved.extend(q4_reviewers);
    for reviewer in q4_reviewers {
        reserved.extend(people[reviewer].reports.iter().copied());
    }

    let free_ics: Vec<usize> = (0..people.len())
        .filter(|p| people[*p].level == Level::Individual && people[*p].is_steady())
        .filter(|p| !reserved.contains(p))
        .collect();
    let picks = dice.sample(
        free_ics.len(),
        plan::LEAVING_SOON + plan::LAST_DAY_TODAY + plan::DORMANT_ACCOUNTS,
    );
    if picks.len() < plan::LEAVING_SOON + plan::LAST_DAY_TODAY + plan::DORMANT_ACCOUNTS {
        return Err(too_small());
    }
    let picked: Vec<usize> = picks.iter().map(|i| free_ics[*i]).collect();
    let snapshot = plan::snapshot_date();
    for (k, person) in picked.iter().take(plan::LEAVING_SOON).enumerate() {
        people[*person].fate = Fate::LeavingSoon;
        people[*person].end_date = Some(snapshot + TimeDelta::days(6 + 9 * k as i64));
    }
    let last_day = picked[plan::LEAVING_SOON];
    people[last_day].fate = Fate::LastDayToday;
    people[last_day].end_date = Some(snapshot);
    let mut dormant = [0; plan::DORMANT_ACCOUNTS];
    dormant.copy_from_slice(&picked[plan::LEAVING_SOON + plan::LAST_DAY_TODAY..]);

    let mut terminated_with_access = [0; plan::TERMINATED_WITH_ACTIVE_ACCESS];
    let planted_leavers: Vec<usize> = (0..people.len())
        .filter(|p| people[*p].fate == Fate::LeaverWithAccess)
        .collect();
    terminated_with_access.copy_from_slice(&planted_leavers);

    let owners: Vec<usize> = (1..people.len())
        .filter(|p| people[*p].is_steady() && !dormant.contains(p))
        .filter(|p| {
            matches!(
                people[*p].department,
                Some(names::ENGINEERING | names::DATA | names::IT_SECURITY)
            )
        })
        .collect();
    let app_owners: Vec<usize> = (1..people.len())
        .filter(|p| people[*p].is_steady() && people[*p].is_reviewer())
        .filter(|p| !q4_reviewers.contains(p) && *p != default_user)
        .filter(|p| {
            matches!(
                people[*p].department,
                Some(names::ENGINEERING | names::DATA | names::IT_SECURITY)
            )
        })
        .collect();
    if owners.is_empty() || app_owners.is_empty() {
        return Err(too_small());
    }

    Ok(Cast {
        default_user,
        admins,
        risk_managers,
        q4_reviewers,
        terminated_with_access,
        dormant,
        owners,
        app_owners,
    })
}

/// The error of a company too small for the plan; [`plan::MIN_EMPLOYEES`] always fits.
fn too_small() -> anyhow::Error {
    anyhow::anyhow!(
        "the company is too small for the demo plan; use at least {} employees",
        plan::MIN_EMPLOYEES
    )
}

/// Three first-line managers with at least three steady reports each, from different
/// departments when possible.
fn choose_q4_reviewers(
    people: &[Person],
    dice: &mut Dice,
    reserved: &[usize],
) -> Result<[usize; 3]> {
    let candidates: Vec<usize> = (0..people.len())
        .filter(|p| people[*p].level == Level::Manager && !reserved.contains(p))
        .filter(|p| {
            let steady = people[*p]
                .reports
                .iter()
                .filter(|r| people[**r].is_steady() && people[**r].level == Level::Individual);
            steady.count() >= 3
        })
        .collect();
    let mut shuffled = candidates;
    dice.shuffle(&mut shuffled);

    let mut chosen: Vec<usize> = Vec::new();
    for candidate in &shuffled {
        let department = people[*candidate].department;
        if chosen.iter().all(|c| people[*c].department != department) {
            chosen.push(*candidate);
        }
    }
    for candidate in &shuffled {
        if !chosen.contains(candidate) {
            chosen.push(*candidate);
        }
    }
    chosen.truncate(3);
    chosen.sort_unstable();
    match chosen[..] {
        [a, b, c] => Ok([a, b, c]),
        _ => Err(too_small()),
    }
}

/// Writes `employees.csv`.
///
/// # Errors
///
/// Fails when the file cannot be written.
pub(crate) fn write<W: std::io::Write>(company: &Company, sink: &mut Sink<W>) -> Result<()> {
    for person in &company.people {
        let mut row = Employee::new(person.email.clone(), person.start_date);
        row.employee_id = Some(person.employee_id.clone());
        row.full_name = Some(person.full_name());
        row.first_name = Some(person.first.to_owned());
        row.last_name = Some(person.last.to_owned());
        row.department = Some(person.department_name().to_owned());
        row.title = Some(person.title.clone());
        row.end_date = person.end_date;
        row.employment_type = Some(person.employment.as_str().to_owned());
        if let Some(manager) = person.manager.map(|m| &company.people[m]) {
            row.manager = Some(manager.full_name());
            row.manager_work_email = Some(manager.email.clone());
        }
        row.source_employee_id = Some(person.source_employee_id.clone());
        row.roles = person.roles.clone();
        row.metadata = Some(VersionedJson::new(
            "v1",
            json!({"location": {"address": person.office}}),
        ));
        sink.employees.write(&row)?;
    }
    Ok(())
}
