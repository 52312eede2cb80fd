//! The `employees` toolset: people, their place in the organization and their accounts.

use balkanid_api::query::EmployeeQuery;
use balkanid_api::views::{EmployeeDetail, EmployeeSummary};
use rmcp::model::{CallToolResult, JsonObject};
use rmcp::{tool, tool_router};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::results::{self, ListResult};
use crate::schema;
use crate::server::BalkanidServer;
use crate::tools::{Noted, PageArguments, facade_or_return, parse_or_return};

/// Arguments of `list_employees`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
pub(crate) struct ListEmployeesArguments {
    /// Only this department, such as `Engineering` (any case).
    pub department: Option<String>,
    /// Only titles containing this text, such as `engineer` (any case).
    pub title: Option<String>,
    /// Only direct reports of the manager with this work email (any case).
    pub manager_email: Option<String>,
    /// Only this employment type, such as `Full-time` or `Contractor` (any case).
    pub employment_type: Option<String>,
    /// `true`: only employees whose employment has ended (End Date before today);
    /// `false`: only current employees.
    pub terminated: Option<bool>,
    /// Free text matched against name, work email and title.
    pub query: Option<String>,
    #[serde(flatten)]
    pub page: PageArguments,
}

/// Arguments of `get_employee`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
pub(crate) struct GetEmployeeArguments {
    /// The employee's work email (any case).
    pub email: String,
}

/// Arguments of `list_direct_reports`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
pub(crate) struct ListDirectReportsArguments {
    /// The manager's work email (any case).
    pub manager_email: String,
    /// `true`: everyone in the manager's organization, through every level of management;
    /// `false` (default): direct reports only.
    pub recursive: Option<bool>,
    #[serde(flatten)]
    pub page: PageArguments,
}

#[tool_router(router = employees_router, vis = "pub(crate)")]
impl BalkanidServer {
    /// Lists employees from the HR data with department, title, employment type, manager,
    /// start and end dates, whether their employment has ended, and their BalkanID roles.
    /// Filters combine. Sorted by name, then email.
    #[tool(
        name = "list_employees",
        title = "List employees",
        input_schema = schema::input::<ListEmployeesArguments>(),
        output_schema = schema::output::<ListResult<EmployeeSummary>>()
    )]
    async fn list_employees(&self, arguments: JsonObject) -> CallToolResult {
        let arguments: ListEmployeesArguments = parse_or_return!(arguments);

        let mut query = EmployeeQuery::default();
        query.department = arguments.department;
        query.title = arguments.title;
        query.manager_email = arguments.manager_email;
        query.employment_type = arguments.employment_type;
        query.terminated = arguments.terminated;
        query.query = arguments.query;

        results::page(arguments.page.request(), |page| {
            let mut query = query.clone();
            query.page = page;
            self.tenant.list_employees(query)
        })
        .await
    }

    /// One employee by work email: their profile, manager chain up to the top, direct
    /// reports (first 100, with the count), the accounts that are theirs (`IS` relations) and
    /// the accounts they own (`OWNS` relations, such as service accounts).
    #[tool(
        name = "get_employee",
        title = "Get an employee",
        input_schema = schema::input::<GetEmployeeArguments>(),
        output_schema = schema::output::<Noted<EmployeeDetail>>()
    )]
    async fn get_employee(&self, arguments: JsonObject) -> CallToolResult {
        let arguments: GetEmployeeArguments = parse_or_return!(arguments);

        let detail = facade_or_return!(self.tenant.get_employee(&arguments.email));
        results::structured(&Noted::new(detail))
    }

    /// Lists who reports to a manager: directly, or with `recursive` everyone below them.
    /// Sorted by name, then email.
    #[tool(
        name = "list_direct_reports",
        title = "List direct reports",
        input_schema = schema::input::<ListDirectReportsArguments>(),
        output_schema = schema::output::<ListResult<EmployeeSummary>>()
    )]
    async fn list_direct_reports(&self, arguments: JsonObject) -> CallToolResult {
        let arguments: ListDirectReportsArguments = parse_or_return!(arguments);

        let recursive = arguments.recursive.unwrap_or(false);
        let manager_email = arguments.manager_email.as_str();
        results::page(arguments.page.request(), |page| {
            self.tenant
                .list_direct_reports(manager_email, recursive, page)
        })
        .await
    }
}
