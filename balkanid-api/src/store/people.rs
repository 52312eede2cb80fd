//! Employee and integration reads: listing employees, one employee with their manager chain,
//! reports and accounts, the reports of a manager, and the integrations.

use balkanid_domain::rules;
use rusqlite::params_from_iter;

use crate::error::Result;
use crate::query::{EmployeeQuery, IntegrationQuery, Page, PageRequest};
use crate::store::dates::{date_of, instant_of};
use crate::store::identities::DETAIL_LIMIT;
use crate::store::page::{self, Window};
use crate::store::rows::{IDENTITY_COLUMNS, IdentityRow};
use crate::store::sql::{self, Conditions, int, text};
use crate::store::{Context, Store, split_roles};
use crate::views::{EmployeeDetail, EmployeeRef, EmployeeSummary, IntegrationSummary};

/// How far up a manager chain is followed at most, against cycles in the HR data.
const MAX_CHAIN: usize = 50;

/// An employee's columns with their manager's name; the table is aliased `emp`, the
/// manager `mgr`.
const EMPLOYEE_COLUMNS: &str = "emp.email, emp.name, emp.department, emp.title, \
     emp.employment_type, coalesce(mgr.email, emp.manager_email), \
     coalesce(mgr.name, emp.manager_name), emp.start_date, emp.end_date, emp.roles";

const EMPLOYEE_FROM: &str =
    "FROM employees emp LEFT JOIN employees mgr ON mgr.email_key = emp.manager_key";

impl Store {
    /// See [`crate::Tenant::list_employees`].
    pub fn list_employees(
        &mut self,
        context: &Context,
        query: &EmployeeQuery,
    ) -> Result<Page<EmployeeSummary>> {
        let filters = EmployeeQuery {
            page: PageRequest::default(),
            ..query.clone()
        };
        let window = Window::new(&query.page, &page::scope("list_employees", &filters))?;
        let mut conditions = Conditions::default();
        if let Some(department) = &query.department {
            let department = self.known_value(
                "department",
                department,
                "SELECT DISTINCT department FROM employees WHERE department IS NOT NULL",
            )?;
            conditions.add_with("emp.department = ?", [text(department)]);
        }
        if let Some(title) = &query.title {
            conditions.add_with(
                "unicode_lower(emp.title) LIKE ? ESCAPE '\\'",
                [text(sql::contains_pattern(title))],
            );
        }
        if let Some(manager) = &query.manager_email {
            let manager = self.employee_email_for("employee (manager_email)", manager)?;
            conditions.add_with("emp.manager_key = ?", [text(sql::key(&manager))]);
        }
        if let Some(employment_type) = &query.employment_type {
            let employment_type = self.known_value(
                "employment_type",
                employment_type,
                "SELECT DISTINCT employment_type FROM employees \
                 WHERE employment_type IS NOT NULL",
            )?;
            conditions.add_with("emp.employment_type = ?", [text(employment_type)]);
        }
        if let Some(terminated) = query.terminated {
            // Mirrors rules::is_terminated: the End Date is before as_of's date.
            let clause = if terminated {
                "emp.end_date < ?"
            } else {
                "(emp.end_date IS NULL OR emp.end_date >= ?)"
            };
            conditions.add_with(clause, [int(context.today())]);
        }
        if let Some(needle) = query.query.as_deref().filter(|q| !q.trim().is_empty()) {
            let pattern = sql::contains_pattern(needle);
            conditions.add_with(
                "(unicode_lower(emp.name) LIKE ? ESCAPE '\\' \
                 OR unicode_lower(emp.email) LIKE ? ESCAPE '\\' \
                 OR unicode_lower(emp.title) LIKE ? ESCAPE '\\')",
                [text(pattern.clone()), text(pattern.clone()), text(pattern)],
            );
        }

        let where_clause = conditions.where_clause();
        let total = self.count(
            &format!("SELECT count(*) {EMPLOYEE_FROM} {where_clause}"),
            params_from_iter(conditions.params()),
        )?;
        let (limit, offset) = window.sql();
        let items = self.rows(
            &format!(
                "SELECT {EMPLOYEE_COLUMNS} {EMPLOYEE_FROM} {where_clause} \
                 ORDER BY emp.name COLLATE NOCASE, emp.email_key LIMIT ? OFFSET ?"
            ),
            params_from_iter(conditions.params_with(&[limit, offset])),
            |row| read_employee(row, context),
        )?;
        Ok(window.page(items, total))
    }

    /// See [`crate::Tenant::get_employee`].
    pub fn get_employee(&mut self, context: &Context, email: &str) -> Result<EmployeeDetail> {
        let email = self.employee_email_for("employee (email)", email)?;
        let key = sql::key(&email);
        let employee = self
            .rows(
                &format!("SELECT {EMPLOYEE_COLUMNS} {EMPLOYEE_FROM} WHERE emp.email_key = ?1"),
                [&key],
                |row| read_employee(row, context),
            )?
            .into_iter()
            .next()
            .ok_or_else(|| crate::store::suggest::not_found("employee", &email, []))?;

        let mut manager_chain: Vec<EmployeeRef> = Vec::new();
        let mut next = employee.manager_email.clone();
        while let Some(manager) = next.take() {
            let seen = manager_chain
                .iter()
                .any(|m| m.email.eq_ignore_ascii_case(&manager));
            if seen || manager.eq_ignore_ascii_case(&email) || manager_chain.len() >= MAX_CHAIN {
                break;
            }
            let found = self.rows(
                "SELECT email, name, end_date, manager_email FROM employees WHERE email_key = ?1",
                [sql::key(&manager)],
                |row| {
                    let end_date = row.get::<_, Option<i64>>(2)?.and_then(date_of);
                    let reference = EmployeeRef {
                        email: row.get(0)?,
                        name: row.get(1)?,
                        end_date,
                        terminated: rules::is_terminated(end_date, context.as_of),
                    };
                    Ok((reference, row.get::<_, Option<String>>(3)?))
                },
            )?;
            let Some((reference, manager_of_manager)) = found.into_iter().next() else {
                break;
            };
            manager_chain.push(reference);
            next = manager_of_manager;
        }

        let n_direct_reports = self.count(
            "SELECT count(*) FROM employees WHERE manager_key = ?1",
            [&key],
        )?;
        let direct_reports = self.rows(
            "SELECT email, name, end_date FROM employees WHERE manager_key = ?1 \
             ORDER BY name COLLATE NOCASE, email_key LIMIT ?2",
            rusqlite::params![key, DETAIL_LIMIT],
            |row| {
                let end_date = row.get::<_, Option<i64>>(2)?.and_then(date_of);
                Ok(EmployeeRef {
                    email: row.get(0)?,
                    name: row.get(1)?,
                    end_date,
                    terminated: rules::is_terminated(end_date, context.as_of),
                })
            },
        )?;

        let identities = self.linked_identities(context, &key, "IS")?;
        let owned_identities = self.linked_identities(context, &key, "OWNS")?;
        Ok(EmployeeDetail {
            employee,
            manager_chain,
            direct_reports,
            n_direct_reports,
            identities,
            owned_identities,
        })
    }

    /// See [`crate::Tenant::list_direct_reports`].
    pub fn list_direct_reports(
        &mut self,
        context: &Context,
        manager_email: &str,
        recursive: bool,
        page_request: &PageRequest,
    ) -> Result<Page<EmployeeSummary>> {
        let manager = self.employee_email_for("employee (manager_email)", manager_email)?;
        let scope = page::scope("list_direct_reports", &(sql::key(&manager), recursive));
        let window = Window::new(page_request, &scope)?;
        let max_depth: i64 = if recursive { MAX_CHAIN as i64 } else { 1 };

        let reports = "WITH RECURSIVE reports (key, depth) AS ( \
                 SELECT email_key, 1 FROM employees WHERE manager_key = ?1 \
                 UNION \
                 SELECT e.email_key, r.depth + 1 FROM employees e \
                 JOIN reports r ON e.manager_key = r.key WHERE r.depth < ?2 \
             )";
        let filter = "WHERE emp.email_key IN (SELECT key FROM reports) AND emp.email_key <> ?1";
        let key = sql::key(&manager);
        let total = self.count(
            &format!("{reports} SELECT count(*) {EMPLOYEE_FROM} {filter}"),
            rusqlite::params![key, max_depth],
        )?;
        let (limit, offset) = window.sql();
        let items = self.rows(
            &format!(
                "{reports} SELECT {EMPLOYEE_COLUMNS} {EMPLOYEE_FROM} {filter} \
                 ORDER BY emp.name COLLATE NOCASE, emp.email_key LIMIT ?3 OFFSET ?4"
            ),
            rusqlite::params![key, max_depth, limit, offset],
            |row| read_employee(row, context),
        )?;
        Ok(window.page(items, total))
    }

    /// See [`crate::Tenant::list_integrations`].
    pub fn list_integrations(
        &mut self,
        context: &Context,
        query: &IntegrationQuery,
    ) -> Result<Page<IntegrationSummary>> {
        let _ = context;
        let filters = IntegrationQuery {
            page: PageRequest::default(),
            ..query.clone()
        };
        let window = Window::new(&query.page, &page::scope("list_integrations", &filters))?;
        let mut conditions = Conditions::default();
        if let Some(app) = &query.app {
            conditions.add_with("i.app = ?", [text(self.known_app(app)?)]);
        }
        if let Some(active) = query.active {
            let clause = if active {
                "i.status = 'active'"
            } else {
                "i.status <> 'active'"
            };
            conditions.add(clause);
        }

        let where_clause = conditions.where_clause();
        let total = self.count(
            &format!("SELECT count(*) FROM integrations i {where_clause}"),
            params_from_iter(conditions.params()),
        )?;
        let (limit, offset) = window.sql();
        let items = self.rows(
            &format!(
                "SELECT i.id, i.app, i.name, i.description, i.status, i.last_run, i.message, \
                     i.primary_owner, \
                     (SELECT count(*) FROM entities e WHERE e.integration = i.id \
                      AND e.entity_type = 'identity') \
                 FROM integrations i {where_clause} \
                 ORDER BY i.app, i.name COLLATE NOCASE, i.id LIMIT ? OFFSET ?"
            ),
            params_from_iter(conditions.params_with(&[limit, offset])),
            |row| {
                Ok(IntegrationSummary {
                    id: row.get(0)?,
                    app: row.get(1)?,
                    name: row.get(2)?,
                    description: row.get(3)?,
                    status: row.get(4)?,
                    last_run: row.get::<_, Option<i64>>(5)?.and_then(instant_of),
                    message: row.get(6)?,
                    primary_owner: row.get(7)?,
                    n_identities: row.get(8)?,
                })
            },
        )?;
        Ok(window.page(items, total))
    }

    /// The identities an employee is (`IS`) or owns (`OWNS`), sorted by app, name and BRN.
    fn linked_identities(
        &self,
        context: &Context,
        key: &str,
        relation_type: &str,
    ) -> Result<Vec<crate::views::IdentitySummary>> {
        let rows = self.rows(
            &format!(
                "SELECT {IDENTITY_COLUMNS} FROM entities e WHERE e.id IN ( \
                     SELECT identity FROM relations \
                     WHERE employee_key = ?1 AND relation_type = ?2) \
                 ORDER BY e.app, e.name, e.brn"
            ),
            [key, relation_type],
            IdentityRow::read,
        )?;
        rows.iter()
            .map(|row| self.identity_summary(context, row))
            .collect()
    }
}

fn read_employee(row: &rusqlite::Row<'_>, context: &Context) -> rusqlite::Result<EmployeeSummary> {
    let end_date = row.get::<_, Option<i64>>(8)?.and_then(date_of);
    Ok(EmployeeSummary {
        email: row.get(0)?,
        name: row.get(1)?,
        department: row.get(2)?,
        title: row.get(3)?,
        employment_type: row.get(4)?,
        manager_email: row.get(5)?,
        manager_name: row.get(6)?,
        start_date: row
            .get::<_, i64>(7)
            .map(|day| date_of(day).unwrap_or_default())?,
        end_date,
        terminated: rules::is_terminated(end_date, context.as_of),
        roles: split_roles(&row.get::<_, String>(9)?),
    })
}
