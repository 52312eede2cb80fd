//! The catalog of tools: which toolset each belongs to and whether it only reads.
//!
//! This table is the one place that decides a tool's toolset, its safety annotations and
//! whether it needs a cloud tenant; the server narrows its surface with it (`--toolsets`,
//! `--read-only`, the tenant's mode) and a test checks that every routed tool has exactly one
//! entry.

use std::fmt;
use std::str::FromStr;

use rmcp::model::ToolAnnotations;

/// A group of related tools that can be switched on together with `--toolsets`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Toolset {
    /// Who is acting and on which tenant; always on.
    Context,
    /// Application accounts, their owners, relationships and risks.
    Identities,
    /// Secrets, keys, certificates and federated credentials of identities.
    Credentials,
    /// The connected applications and their syncs.
    Integrations,
    /// People, their managers and reports.
    Employees,
    /// Access-review campaigns and review items.
    Reviews,
    /// Access requests and their approvals.
    Access,
    /// Purposes for just-in-time access.
    Purposes,
    /// The audit trail.
    Audit,
}

impl Toolset {
    /// Every toolset, in the order the documentation lists them.
    pub const ALL: &'static [Toolset] = &[
        Toolset::Context,
        Toolset::Identities,
        Toolset::Credentials,
        Toolset::Integrations,
        Toolset::Employees,
        Toolset::Reviews,
        Toolset::Access,
        Toolset::Purposes,
        Toolset::Audit,
    ];

    /// The toolset's name on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Toolset::Context => "context",
            Toolset::Identities => "identities",
            Toolset::Credentials => "credentials",
            Toolset::Integrations => "integrations",
            Toolset::Employees => "employees",
            Toolset::Reviews => "reviews",
            Toolset::Access => "access",
            Toolset::Purposes => "purposes",
            Toolset::Audit => "audit",
        }
    }
}

impl fmt::Display for Toolset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A toolset name that is not one of [`Toolset::ALL`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown toolset {given:?}; accepted: {}", accepted_toolsets())]
pub struct UnknownToolset {
    /// The name given.
    pub given: String,
}

fn accepted_toolsets() -> String {
    Toolset::ALL
        .iter()
        .map(|toolset| toolset.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

impl FromStr for Toolset {
    type Err = UnknownToolset;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let wanted = text.trim().to_ascii_lowercase();
        Toolset::ALL
            .iter()
            .copied()
            .find(|toolset| toolset.as_str() == wanted)
            .ok_or_else(|| UnknownToolset {
                given: text.to_string(),
            })
    }
}

/// Whether a tool changes the tenant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Only reads.
    Read,
    /// Pulls a cloud tenant's data from BalkanID into the local mirror: reaches the outside
    /// world and replaces local data, but changes nothing in BalkanID. Offered only on a cloud
    /// tenant, and kept by `--read-only`, which removes the tools that change governance data.
    MirrorRefresh,
}

/// One tool's place in the catalog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CatalogEntry {
    /// The tool's name.
    pub name: &'static str,
    /// The toolset it belongs to.
    pub toolset: Toolset,
    /// Whether it changes anything.
    pub access: Access,
}

impl CatalogEntry {
    /// Whether the tool exists only on a cloud tenant.
    pub fn cloud_only(&self) -> bool {
        self.access == Access::MirrorRefresh
    }
}

const fn read(name: &'static str, toolset: Toolset) -> CatalogEntry {
    CatalogEntry {
        name,
        toolset,
        access: Access::Read,
    }
}

/// Every tool the server can offer.
pub const CATALOG: &[CatalogEntry] = &[
    read("whoami", Toolset::Context),
    CatalogEntry {
        name: "refresh_tenant",
        toolset: Toolset::Context,
        access: Access::MirrorRefresh,
    },
    read("list_identities", Toolset::Identities),
    read("get_identity", Toolset::Identities),
    read("find_risky_identities", Toolset::Identities),
    read("list_entity_relationships", Toolset::Identities),
    read("list_credentials", Toolset::Credentials),
    read("get_credential", Toolset::Credentials),
    read("find_risky_credentials", Toolset::Credentials),
    read("list_federated_credentials", Toolset::Credentials),
    read("list_integrations", Toolset::Integrations),
    read("list_employees", Toolset::Employees),
    read("get_employee", Toolset::Employees),
    read("list_direct_reports", Toolset::Employees),
    read("list_campaigns", Toolset::Reviews),
    read("list_reviews", Toolset::Reviews),
    read("get_my_queue", Toolset::Reviews),
    read("list_access_requests", Toolset::Access),
    read("get_access_request", Toolset::Access),
    read("list_purposes", Toolset::Purposes),
    read("list_audit_events", Toolset::Audit),
];

/// The catalog entry of a tool.
pub fn entry(name: &str) -> Option<&'static CatalogEntry> {
    CATALOG.iter().find(|entry| entry.name == name)
}

/// The annotations a tool of this access advertises, with its title.
pub fn annotations(access: Access, title: Option<&str>) -> ToolAnnotations {
    let annotations = match title {
        Some(title) => ToolAnnotations::with_title(title),
        None => ToolAnnotations::new(),
    };
    match access {
        Access::Read => annotations
            .read_only(true)
            .destructive(false)
            .idempotent(true)
            .open_world(false),
        Access::MirrorRefresh => annotations
            .read_only(false)
            .destructive(false)
            .idempotent(true)
            .open_world(true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toolset_names_parse_in_any_case() {
        assert_eq!("Reviews".parse::<Toolset>(), Ok(Toolset::Reviews));
        assert_eq!(" audit ".parse::<Toolset>(), Ok(Toolset::Audit));
    }

    #[test]
    fn an_unknown_toolset_lists_the_accepted_names() {
        let error = "hr".parse::<Toolset>().unwrap_err();

        assert_eq!(
            error.to_string(),
            "unknown toolset \"hr\"; accepted: context, identities, credentials, integrations, \
             employees, reviews, access, purposes, audit"
        );
    }

    #[test]
    fn every_toolset_of_the_design_has_at_least_one_tool() {
        for toolset in Toolset::ALL {
            assert!(
                CATALOG.iter().any(|entry| entry.toolset == *toolset),
                "{toolset} is empty"
            );
        }
    }

    #[test]
    fn the_mirror_refresh_is_an_idempotent_non_destructive_open_world_update() {
        let annotations = annotations(Access::MirrorRefresh, Some("Refresh the cloud mirror"));

        assert_eq!(annotations.read_only_hint, Some(false));
        assert_eq!(annotations.destructive_hint, Some(false));
        assert_eq!(annotations.idempotent_hint, Some(true));
        assert_eq!(annotations.open_world_hint, Some(true));
    }

    #[test]
    fn only_refresh_tenant_is_cloud_only() {
        let cloud_only: Vec<&str> = CATALOG
            .iter()
            .filter(|entry| entry.cloud_only())
            .map(|entry| entry.name)
            .collect();

        assert_eq!(cloud_only, ["refresh_tenant"]);
    }

    #[test]
    fn read_tools_are_read_only_idempotent_and_closed_world() {
        let annotations = annotations(Access::Read, Some("List identities"));

        assert_eq!(annotations.title.as_deref(), Some("List identities"));
        assert_eq!(annotations.read_only_hint, Some(true));
        assert_eq!(annotations.destructive_hint, Some(false));
        assert_eq!(annotations.idempotent_hint, Some(true));
        assert_eq!(annotations.open_world_hint, Some(false));
    }
}
