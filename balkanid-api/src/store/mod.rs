//! The sandbox tenant's store: a SQLite database holding one imported snapshot, and the read
//! queries behind the facade's operations.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::query::{
    AccessRequestQuery, AuditQuery, CampaignQuery, CredentialQuery, EmployeeQuery,
    FederatedQuery, IdentityKey, IdentityQuery, IntegrationQuery, Page, PageRequest,
    PurposeQuery, RelationshipQuery, ReviewQuery, RiskyCredentialQuery, RiskyIdentityQuery,
};
use crate::tenant::SandboxOptions;
use crate::views::{
    AccessRequestDetail, AccessRequestSummary, AuditLog, CampaignSummary, CredentialDetail,
    CredentialSummary, EmployeeDetail, EmployeeSummary, FederatedCredential, IdentityDetail,
    IdentitySummary, IntegrationSummary, MyQueue, PurposeSummary, RelationshipEdge,
    ReviewSummary, RiskFinding, TenantInfo,
};

/// What every query needs besides its filters.
#[derive(Clone, Debug)]
pub(crate) struct Context {
    /// The instant rules are evaluated at.
    pub as_of: DateTime<Utc>,
    /// The acting user's work email, as the employee record spells it.
    pub user_email: String,
}

/// A store opened by [`Store::open`], with the acting user it checked.
pub(crate) struct Opened {
    pub store: Store,
    pub user_email: String,
}

/// An open sandbox database.
pub(crate) struct Store {
    connection: Connection,
    path: PathBuf,
}

fn not_yet(operation: &str) -> Error {
    Error::Unsupported { operation: format!("{operation} (not implemented yet)") }
}

impl Store {
    pub fn open(options: SandboxOptions) -> Result<Opened> {
        let _ = options;
        Err(not_yet("opening a sandbox"))
    }

    pub fn rebase(&mut self, as_of: DateTime<Utc>) -> Result<()> {
        let _ = (as_of, &self.connection, &self.path);
        Ok(())
    }

    pub fn info(&mut self, context: &Context) -> Result<TenantInfo> {
        let _ = context;
        Err(not_yet("whoami"))
    }

    pub fn list_identities(
        &mut self,
        context: &Context,
        query: &IdentityQuery,
    ) -> Result<Page<IdentitySummary>> {
        let _ = (context, query);
        Err(not_yet("list_identities"))
    }

    pub fn get_identity(&mut self, context: &Context, key: &IdentityKey) -> Result<IdentityDetail> {
        let _ = (context, key);
        Err(not_yet("get_identity"))
    }

    pub fn find_risky_identities(
        &mut self,
        context: &Context,
        query: &RiskyIdentityQuery,
    ) -> Result<Page<RiskFinding>> {
        let _ = (context, query);
        Err(not_yet("find_risky_identities"))
    }

    pub fn list_entity_relationships(
        &mut self,
        context: &Context,
        query: &RelationshipQuery,
    ) -> Result<Page<RelationshipEdge>> {
        let _ = (context, query);
        Err(not_yet("list_entity_relationships"))
    }

    pub fn list_credentials(
        &mut self,
        context: &Context,
        query: &CredentialQuery,
    ) -> Result<Page<CredentialSummary>> {
        let _ = (context, query);
        Err(not_yet("list_credentials"))
    }

    pub fn get_credential(&mut self, context: &Context, id: &str) -> Result<CredentialDetail> {
        let _ = (context, id);
        Err(not_yet("get_credential"))
    }

    pub fn find_risky_credentials(
        &mut self,
        context: &Context,
        query: &RiskyCredentialQuery,
    ) -> Result<Page<RiskFinding>> {
        let _ = (context, query);
        Err(not_yet("find_risky_credentials"))
    }

    pub fn list_federated_credentials(
        &mut self,
        context: &Context,
        query: &FederatedQuery,
    ) -> Result<Page<FederatedCredential>> {
        let _ = (context, query);
        Err(not_yet("list_federated_credentials"))
    }

    pub fn list_integrations(
        &mut self,
        context: &Context,
        query: &IntegrationQuery,
    ) -> Result<Page<IntegrationSummary>> {
        let _ = (context, query);
        Err(not_yet("list_integrations"))
    }

    pub fn list_employees(
        &mut self,
        context: &Context,
        query: &EmployeeQuery,
    ) -> Result<Page<EmployeeSummary>> {
        let _ = (context, query);
        Err(not_yet("list_employees"))
    }

    pub fn get_employee(&mut self, context: &Context, email: &str) -> Result<EmployeeDetail> {
        let _ = (context, email);
        Err(not_yet("get_employee"))
    }

    pub fn list_direct_reports(
        &mut self,
        context: &Context,
        manager_email: &str,
        recursive: bool,
        page: &PageRequest,
    ) -> Result<Page<EmployeeSummary>> {
        let _ = (context, manager_email, recursive, page);
        Err(not_yet("list_direct_reports"))
    }

    pub fn list_campaigns(
        &mut self,
        context: &Context,
        query: &CampaignQuery,
    ) -> Result<Page<CampaignSummary>> {
        let _ = (context, query);
        Err(not_yet("list_campaigns"))
    }

    pub fn list_reviews(
        &mut self,
        context: &Context,
        query: &ReviewQuery,
    ) -> Result<Page<ReviewSummary>> {
        let _ = (context, query);
        Err(not_yet("list_reviews"))
    }

    pub fn my_queue(&mut self, context: &Context, page: &PageRequest) -> Result<MyQueue> {
        let _ = (context, page);
        Err(not_yet("get_my_queue"))
    }

    pub fn list_access_requests(
        &mut self,
        context: &Context,
        query: &AccessRequestQuery,
    ) -> Result<Page<AccessRequestSummary>> {
        let _ = (context, query);
        Err(not_yet("list_access_requests"))
    }

    pub fn get_access_request(
        &mut self,
        context: &Context,
        id: &str,
    ) -> Result<AccessRequestDetail> {
        let _ = (context, id);
        Err(not_yet("get_access_request"))
    }

    pub fn list_purposes(
        &mut self,
        context: &Context,
        query: &PurposeQuery,
    ) -> Result<Page<PurposeSummary>> {
        let _ = (context, query);
        Err(not_yet("list_purposes"))
    }

    pub fn list_audit_events(&mut self, context: &Context, query: &AuditQuery) -> Result<AuditLog> {
        let _ = (context, query);
        Err(not_yet("list_audit_events"))
    }
}
