//! Which writes a BalkanID cloud tenant can make: [`CLOUD_WRITES`], the one table of every
//! write operation of the MCP surface with what BalkanID's public API documents for it, and
//! the refusal a caller gets for the others.
//!
//! A write reaches BalkanID only through an operation BalkanID publishes: a bulk upload of
//! the Developer Hub or a GraphQL Public API mutation seen in BalkanID's own reference code.
//! No endpoint is guessed for a write, since a guess that happens to exist could change a
//! real tenant in ways nobody checked. The sandbox tenant makes every write on its own
//! database and refuses none of them.

use crate::cloud::graphql::CreateRequestType;
use crate::error::{Error, Result};

/// A write operation of the MCP surface (DESIGN section 5), named after its tool.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WriteOperation {
    /// `sync_integration`: trigger a sync of one integration.
    SyncIntegration,
    /// `upsert_employee`: create or edit an employee by work email.
    UpsertEmployee,
    /// `decide_reviews`: approve or deny review items.
    DecideReviews,
    /// `delegate_reviews`: reassign review items to another reviewer.
    DelegateReviews,
    /// `decide_access_request`: approve, reject or delegate an access request or one of its
    /// reviews.
    DecideAccessRequest,
    /// `create_access_request`: request access for an employee.
    CreateAccessRequest,
    /// `request_purpose`: request a purpose for an employee.
    RequestPurpose,
    /// `assign_purpose`: the acting user joins a purpose.
    AssignPurpose,
    /// `unassign_purpose`: the acting user leaves a purpose.
    UnassignPurpose,
}

impl WriteOperation {
    /// Every write operation, in the order of DESIGN section 5.
    pub const ALL: &'static [WriteOperation] = &[
        WriteOperation::SyncIntegration,
        WriteOperation::UpsertEmployee,
        WriteOperation::DecideReviews,
        WriteOperation::DelegateReviews,
        WriteOperation::DecideAccessRequest,
        WriteOperation::CreateAccessRequest,
        WriteOperation::RequestPurpose,
        WriteOperation::AssignPurpose,
        WriteOperation::UnassignPurpose,
    ];

    /// The name of the MCP tool that makes this write.
    pub fn tool_name(self) -> &'static str {
        match self {
            WriteOperation::SyncIntegration => "sync_integration",
            WriteOperation::UpsertEmployee => "upsert_employee",
            WriteOperation::DecideReviews => "decide_reviews",
            WriteOperation::DelegateReviews => "delegate_reviews",
            WriteOperation::DecideAccessRequest => "decide_access_request",
            WriteOperation::CreateAccessRequest => "create_access_request",
            WriteOperation::RequestPurpose => "request_purpose",
            WriteOperation::AssignPurpose => "assign_purpose",
            WriteOperation::UnassignPurpose => "unassign_purpose",
        }
    }

    /// This operation's row of [`CLOUD_WRITES`].
    pub fn cloud_support(self) -> &'static CloudWrite {
        let row = CLOUD_WRITES.iter().find(|row| row.operation == self);
        // Every operation has a row; a test checks it. The fallback refuses, never guesses.
        row.map_or(&NO_ROW, |row| &row.support)
    }
}

/// What BalkanID's public API offers for one write operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CloudWrite {
    /// Documented for every case of the operation.
    Documented {
        /// The call that makes it.
        through: &'static str,
        /// What the documentation leaves open and a caller must keep in mind; empty when
        /// nothing.
        caveat: &'static str,
    },
    /// Documented for some kinds of the operation only.
    DocumentedFor {
        /// The call that makes it.
        through: &'static str,
        /// The kinds it covers.
        only: &'static str,
        /// What to do for the other kinds.
        instead: &'static str,
    },
    /// Not documented: refused on a cloud tenant.
    Undocumented {
        /// What to do instead.
        instead: &'static str,
    },
}

impl CloudWrite {
    /// Whether a cloud tenant may make at least some cases of the operation.
    pub fn is_documented(&self) -> bool {
        !matches!(self, CloudWrite::Undocumented { .. })
    }
}

/// One row of [`CLOUD_WRITES`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CloudWriteRow {
    /// The operation.
    pub operation: WriteOperation,
    /// What BalkanID documents for it.
    pub support: CloudWrite,
}

const fn row(operation: WriteOperation, support: CloudWrite) -> CloudWriteRow {
    CloudWriteRow { operation, support }
}

/// What to do instead of a write BalkanID does not document, for reviews.
const INSTEAD_REVIEWS: &str = "decide the items in the BalkanID web app under Access Reviews \
                               (My Tasks), or try the workflow on the sandbox tenant";

/// What to do instead of a purpose write.
const INSTEAD_PURPOSES: &str = "manage purpose assignments in the BalkanID web app (just-in-time \
                                access, Purposes), or try the workflow on the sandbox tenant";

/// The one table of every write operation and what BalkanID's public API documents for it.
///
/// Sources: the Developer Hub's bulk pages (uploads) and BalkanID's agent-lifecycle reference
/// repository (the four GraphQL operations), as `../shared/reference/balkanid-api.md`
/// summarizes them. Two uploads exist but are not used, both (inferred) unsafe to build a
/// single write on: the Reviews upload's path and columns are undocumented, and the Requests
/// upload's columns are only partly defined.
pub const CLOUD_WRITES: &[CloudWriteRow] = &[
    row(
        WriteOperation::SyncIntegration,
        CloudWrite::Documented {
            through: "the GraphQL Public API mutation syncIntegration",
            caveat: "the sync runs asynchronously and BalkanID publishes no query for its \
                     status; the answer is only a correlation id",
        },
    ),
    row(
        WriteOperation::UpsertEmployee,
        CloudWrite::Documented {
            through: "the bulk Employees upload (POST employees/upload-url, then PUT of an \
                      Employees CSV)",
            caveat: "BalkanID does not document whether an upload replaces the employee list \
                     or merges into it, so an upload must carry every employee, not only the \
                     edited one",
        },
    ),
    row(
        WriteOperation::DecideReviews,
        CloudWrite::Undocumented {
            instead: INSTEAD_REVIEWS,
        },
    ),
    row(
        WriteOperation::DelegateReviews,
        CloudWrite::Undocumented {
            instead: "reassign the items in the BalkanID web app under Access Reviews, or \
                      nominate a delegate in Account Preferences, or try the workflow on the \
                      sandbox tenant",
        },
    ),
    row(
        WriteOperation::DecideAccessRequest,
        CloudWrite::Undocumented {
            instead: "approve, reject or delegate the request in the BalkanID web app under \
                      Access Requests (My Tasks), or try the workflow on the sandbox tenant",
        },
    ),
    row(
        WriteOperation::CreateAccessRequest,
        CloudWrite::DocumentedFor {
            through: "the GraphQL Public API mutation createRequest",
            only: "AGENT_ACCESS, CREATE_SERVICE_ACCOUNT and SERVICE_ACCOUNT_ASSIGNMENT \
                   requests",
            instead: "request other access in the BalkanID web app under Access Requests, or \
                      try the workflow on the sandbox tenant",
        },
    ),
    row(
        WriteOperation::RequestPurpose,
        CloudWrite::Undocumented {
            instead: INSTEAD_PURPOSES,
        },
    ),
    row(
        WriteOperation::AssignPurpose,
        CloudWrite::Undocumented {
            instead: INSTEAD_PURPOSES,
        },
    ),
    row(
        WriteOperation::UnassignPurpose,
        CloudWrite::Undocumented {
            instead: INSTEAD_PURPOSES,
        },
    ),
];

/// What an operation missing from the table gets: a refusal.
const NO_ROW: CloudWrite = CloudWrite::Undocumented {
    instead: "use the BalkanID web app, or try the workflow on the sandbox tenant",
};

/// Whether a cloud tenant may make `operation`: `Ok` for a documented one (for
/// [`CloudWrite::DocumentedFor`], the caller still checks the kind, see
/// [`check_cloud_request_type`]).
///
/// # Errors
///
/// [`Error::UndocumentedWrite`] saying that BalkanID's public API documents no such operation,
/// that no endpoint is guessed, and what to do instead.
pub fn check_cloud_write(operation: WriteOperation) -> Result<()> {
    match operation.cloud_support() {
        CloudWrite::Undocumented { instead } => Err(Error::UndocumentedWrite {
            operation: operation.tool_name().to_owned(),
            instead: (*instead).to_owned(),
        }),
        CloudWrite::Documented { .. } | CloudWrite::DocumentedFor { .. } => Ok(()),
    }
}

/// The GraphQL request type a `create_access_request` on a cloud tenant is made with, from its
/// name in any case (`agent_access`, `CREATE_SERVICE_ACCOUNT`, ...).
///
/// # Errors
///
/// [`Error::UndocumentedWrite`] for any other kind of request (an ordinary grant or revoke of
/// a role, group or resource), naming the three documented types.
pub fn check_cloud_request_type(request_type: &str) -> Result<CreateRequestType> {
    let wanted = request_type.trim().to_ascii_uppercase();
    let documented = [
        CreateRequestType::AgentAccess,
        CreateRequestType::CreateServiceAccount,
        CreateRequestType::ServiceAccountAssignment,
    ];
    if let Some(found) = documented.into_iter().find(|t| t.as_str() == wanted) {
        return Ok(found);
    }

    let (only, instead) = match WriteOperation::CreateAccessRequest.cloud_support() {
        CloudWrite::DocumentedFor { only, instead, .. } => (*only, *instead),
        _ => ("no", "use the BalkanID web app"),
    };
    Err(Error::UndocumentedWrite {
        operation: format!("create_access_request of type {request_type:?}"),
        instead: format!("createRequest is documented for {only} only; {instead}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_has_exactly_one_row_in_table_order() {
        let operations: Vec<WriteOperation> = CLOUD_WRITES.iter().map(|r| r.operation).collect();

        assert_eq!(operations, WriteOperation::ALL);
    }

    #[test]
    fn tool_names_are_the_design_surface() {
        let names: Vec<&str> = WriteOperation::ALL.iter().map(|o| o.tool_name()).collect();

        assert_eq!(
            names,
            [
                "sync_integration",
                "upsert_employee",
                "decide_reviews",
                "delegate_reviews",
                "decide_access_request",
                "create_access_request",
                "request_purpose",
                "assign_purpose",
                "unassign_purpose",
            ]
        );
    }

    #[test]
    fn sync_integration_goes_through_the_graphql_mutation() {
        let support = WriteOperation::SyncIntegration.cloud_support();

        let CloudWrite::Documented { through, .. } = support else {
            panic!("{support:?}");
        };
        assert!(through.contains("syncIntegration"), "{through}");
        assert!(check_cloud_write(WriteOperation::SyncIntegration).is_ok());
    }

    #[test]
    fn upsert_employee_goes_through_the_employees_upload() {
        let support = WriteOperation::UpsertEmployee.cloud_support();

        let CloudWrite::Documented { through, caveat } = support else {
            panic!("{support:?}");
        };
        assert!(through.contains("employees/upload-url"), "{through}");
        assert!(caveat.contains("must carry every employee"), "{caveat}");
        assert!(check_cloud_write(WriteOperation::UpsertEmployee).is_ok());
    }

    #[test]
    fn create_access_request_is_documented_for_the_three_request_types_only() {
        let support = WriteOperation::CreateAccessRequest.cloud_support();

        let CloudWrite::DocumentedFor { through, only, .. } = support else {
            panic!("{support:?}");
        };
        assert!(through.contains("createRequest"));
        for kind in [
            "AGENT_ACCESS",
            "CREATE_SERVICE_ACCOUNT",
            "SERVICE_ACCOUNT_ASSIGNMENT",
        ] {
            assert!(only.contains(kind), "{kind}");
        }
        assert!(check_cloud_write(WriteOperation::CreateAccessRequest).is_ok());
    }

    #[test]
    fn decide_reviews_is_refused_with_what_to_do_instead() {
        let error = check_cloud_write(WriteOperation::DecideReviews).unwrap_err();

        assert!(error.is_undocumented_write());
        assert_eq!(
            error.to_string(),
            "decide_reviews is refused on a BalkanID cloud tenant: BalkanID's public API \
             documents no such operation, and no endpoint is guessed for a write; decide the \
             items in the BalkanID web app under Access Reviews (My Tasks), or try the \
             workflow on the sandbox tenant"
        );
    }

    #[test]
    fn delegate_reviews_is_refused_and_points_to_reassignment_in_the_web_app() {
        let error = check_cloud_write(WriteOperation::DelegateReviews).unwrap_err();

        let text = error.to_string();
        assert!(text.starts_with("delegate_reviews is refused"), "{text}");
        assert!(text.contains("documents no such operation"), "{text}");
        assert!(text.contains("no endpoint is guessed"), "{text}");
        assert!(
            text.contains("reassign the items in the BalkanID web app"),
            "{text}"
        );
    }

    #[test]
    fn decide_access_request_is_refused_and_points_to_access_requests() {
        let error = check_cloud_write(WriteOperation::DecideAccessRequest).unwrap_err();

        let text = error.to_string();
        assert!(
            text.starts_with("decide_access_request is refused"),
            "{text}"
        );
        assert!(text.contains("no endpoint is guessed"), "{text}");
        assert!(text.contains("under Access Requests"), "{text}");
    }

    #[test]
    fn purpose_writes_are_refused_and_point_to_purposes() {
        for operation in [
            WriteOperation::RequestPurpose,
            WriteOperation::AssignPurpose,
            WriteOperation::UnassignPurpose,
        ] {
            let error = check_cloud_write(operation).unwrap_err();

            let text = error.to_string();
            assert!(text.starts_with(operation.tool_name()), "{text}");
            assert!(text.contains("documents no such operation"), "{text}");
            assert!(text.contains("Purposes"), "{text}");
        }
    }

    #[test]
    fn exactly_the_documented_rows_pass_the_check() {
        let passing: Vec<&str> = WriteOperation::ALL
            .iter()
            .filter(|operation| check_cloud_write(**operation).is_ok())
            .map(|operation| operation.tool_name())
            .collect();

        assert_eq!(
            passing,
            [
                "sync_integration",
                "upsert_employee",
                "create_access_request"
            ]
        );
    }

    #[test]
    fn the_documented_request_types_are_read_in_any_case() {
        assert_eq!(
            check_cloud_request_type("agent_access").unwrap(),
            CreateRequestType::AgentAccess
        );
        assert_eq!(
            check_cloud_request_type(" CREATE_SERVICE_ACCOUNT ").unwrap(),
            CreateRequestType::CreateServiceAccount
        );
        assert_eq!(
            check_cloud_request_type("Service_Account_Assignment").unwrap(),
            CreateRequestType::ServiceAccountAssignment
        );
    }

    #[test]
    fn a_grant_request_is_refused_naming_the_documented_types() {
        let error = check_cloud_request_type("grant").unwrap_err();

        assert!(error.is_undocumented_write());
        assert_eq!(
            error.to_string(),
            "create_access_request of type \"grant\" is refused on a BalkanID cloud tenant: \
             BalkanID's public API documents no such operation, and no endpoint is guessed \
             for a write; createRequest is documented for AGENT_ACCESS, \
             CREATE_SERVICE_ACCOUNT and SERVICE_ACCOUNT_ASSIGNMENT requests only; request \
             other access in the BalkanID web app under Access Requests, or try the workflow \
             on the sandbox tenant"
        );
    }
}
