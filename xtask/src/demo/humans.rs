//! Employees' accounts: which apps each person has, their connections from department, level
//! and roles, their status and sign-ins as the plan wants them, and the planted accounts
//! that belong to no one.

use std::io::Write;

use anyhow::Result;
use chrono::{NaiveTime, TimeDelta};

use crate::demo::catalog::{self, AppKind, Catalog};
use crate::demo::dice::Dice;
use crate::demo::identities::{Directory, NewIdentity, Templates, into_account, write_identity};
use crate::demo::names::{self, DEPARTMENTS};
use crate::demo::people::{Company, Employment, Fate, Level, Person};
use crate::demo::plan;
use crate::demo::sink::Sink;

/// The apps a person has an account in, in the order of [`AppKind::ALL`].
pub(super) fn apps_of(company: &Company, index: usize, dice: &mut Dice) -> Vec<AppKind> {
    let person = &company.people[index];
    let cast = &company.cast;
    let department = person.department;

    let google = if person.employment == Employment::Contractor {
        0.5
    } else {
        0.98
    };
    let azure = if person.fate == Fate::LeaverWithAccess {
        1.0
    } else {
        0.85
    };
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
pub(super) fn human_account(
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
        AppKind::Github => (
            dice.digits(8),
            format!("{}-nw", person.handle.replace('.', "-")),
        ),
        AppKind::Google => (dice.digits(21), email.clone()),
        AppKind::Salesforce => (format!("005{}", dice.base62(15)), email.clone()),
    };

    let end_instant = person.end_date.map(|end| {
        end.and_time(NaiveTime::from_hms_opt(17, 0, 0).unwrap_or_default())
            .and_utc()
    });
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
pub(super) fn dormant_app(apps: &[AppKind]) -> Option<AppKind> {
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
            if matches!(
                person.department,
                Some(names::ENGINEERING | names::IT_SECURITY)
            ) && dice.chance(0.3)
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

/// Planted human accounts linked to no one: six active (orphaned), three inactive.
pub(super) fn write_unmapped_humans<W: Write>(
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
            connections: &["all@northwind.example"],
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
        let connections = catalog.find_all(account.app, account.connections)?;
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
        let email = account
            .username
            .contains('@')
            .then(|| account.username.to_owned());
        let identity = NewIdentity {
            app: account.app,
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
