//! The MCP server: [`BalkanidServer`] holds the tenant and the tool router narrowed to the
//! chosen toolsets, and answers MCP requests in both protocol eras (rmcp negotiates
//! 2025-11-25 through `initialize` and 2026-07-28 through `server/discover`).

use std::sync::Arc;

use balkanid_api::{Tenant, TenantMode};
use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::model::{Implementation, ServerCapabilities, ServerConfig, Tool};
use rmcp::{ServerHandler, tool_handler};

use crate::schema;
use crate::toolsets::{self, Access, Toolset};

/// What the server name says to clients.
pub const SERVER_NAME: &str = "balkanid-mcp";

/// Guidance sent to clients on connection; models read it before choosing tools.
pub const INSTRUCTIONS: &str = "\
BalkanID identity governance: employees, their application accounts (identities), \
credentials of service accounts, integrations, access-review campaigns, access requests, \
purposes and the audit trail of one company (the tenant). Call `whoami` first to learn who is \
acting, on which tenant, and the instant the data describes; every date rule (terminated, \
expired, overdue, expiring within N days) is evaluated at that instant. \
Start with `find_risky_identities` and `find_risky_credentials` for risk questions, \
`list_campaigns` and `get_my_queue` for reviews, `list_access_requests` for approvals. \
Lists return at most `limit` items (default 50, at most 500) with `total` and a \
`next_cursor`; when a `note` says a list is partial, page with `cursor` or narrow the filters \
rather than reporting the page size as a count. Emails match in any case; an unknown name or \
email fails with the nearest matches.";

/// How the server's surface is narrowed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    /// Removes every tool that changes the tenant; wins over `toolsets`.
    pub read_only: bool,
    /// Only these toolsets (plus `context`, which is always on); every toolset when `None`.
    pub toolsets: Option<Vec<Toolset>>,
}

impl Settings {
    /// Whether a tool with this catalog entry is offered on a tenant of `mode`.
    fn offers(&self, entry: &toolsets::CatalogEntry, mode: TenantMode) -> bool {
        if entry.cloud_only() && mode != TenantMode::Cloud {
            return false;
        }
        // Refreshing the mirror changes no governance data, so read-only keeps it.
        if self.read_only && !matches!(entry.access, Access::Read | Access::MirrorRefresh) {
            return false;
        }
        match &self.toolsets {
            None => true,
            Some(chosen) => entry.toolset == Toolset::Context || chosen.contains(&entry.toolset),
        }
    }

    /// The toolsets that are on, in catalog order.
    pub fn enabled_toolsets(&self) -> Vec<Toolset> {
        Toolset::ALL
            .iter()
            .copied()
            .filter(|toolset| match &self.toolsets {
                None => true,
                Some(chosen) => *toolset == Toolset::Context || chosen.contains(toolset),
            })
            .collect()
    }
}

/// The BalkanID MCP server, acting as one user on one tenant.
#[derive(Clone, Debug)]
pub struct BalkanidServer {
    pub(crate) tenant: Tenant,
    pub(crate) settings: Arc<Settings>,
    tool_router: ToolRouter<Self>,
}

impl BalkanidServer {
    /// A server on `tenant` offering the tools `settings` allow on a tenant of its mode.
    pub fn new(tenant: Tenant, settings: Settings) -> Self {
        let tool_router = Self::router(&settings, tenant.mode());
        BalkanidServer {
            tenant,
            settings: Arc::new(settings),
            tool_router,
        }
    }

    /// The tools a server with these settings offers on a sandbox tenant, sorted by name;
    /// needs no tenant.
    pub fn tools(settings: &Settings) -> Vec<Tool> {
        Self::tools_for(settings, TenantMode::Sandbox)
    }

    /// The tools a server with these settings offers on a tenant of `mode`, sorted by name;
    /// needs no tenant. A cloud tenant adds `refresh_tenant`.
    pub fn tools_for(settings: &Settings, mode: TenantMode) -> Vec<Tool> {
        Self::router(settings, mode).list_all()
    }

    /// Every tool's router, annotated from the catalog, narrowed to the settings and mode.
    fn router(settings: &Settings, mode: TenantMode) -> ToolRouter<Self> {
        let mut router = Self::all_tools();

        let mut removed = Vec::new();
        for (name, route) in &mut router.map {
            let Some(entry) = toolsets::entry(name) else {
                tracing::error!(tool = %name, "a tool is missing from the catalog");
                continue;
            };
            if !settings.offers(entry, mode) {
                removed.push(name.to_string());
                continue;
            }
            let tool = &mut route.attr;
            if let Some(description) = &tool.description {
                tool.description = Some(schema::unwrap_lines(description).into());
            }
            tool.annotations = Some(toolsets::annotations(entry.access, tool.title.as_deref()));
            tool.input_schema = Arc::new(schema::clean(
                serde_json::Value::Object(tool.input_schema.as_ref().clone()),
                schema::Direction::Input,
            ));
            if let Some(output) = &tool.output_schema {
                let output = serde_json::Value::Object(output.as_ref().clone());
                tool.output_schema =
                    Some(Arc::new(schema::clean(output, schema::Direction::Output)));
            }
        }
        for name in removed {
            router.remove_route(&name);
        }
        router
    }

    /// The union of every toolset's router, before narrowing.
    pub(crate) fn all_tools() -> ToolRouter<Self> {
        Self::context_router()
            + Self::identities_router()
            + Self::credentials_router()
            + Self::integrations_router()
            + Self::employees_router()
            + Self::reviews_router()
            + Self::access_router()
            + Self::purposes_router()
            + Self::audit_router()
    }
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for BalkanidServer {
    fn get_info(&self) -> ServerConfig {
        let capabilities = ServerCapabilities::builder().enable_tools().build();
        let implementation = Implementation::new(SERVER_NAME, env!("CARGO_PKG_VERSION"))
            .with_title("BalkanID identity governance")
            .with_description(
                "Identities, credentials, access reviews, requests and purposes of a BalkanID \
                 tenant or the built-in demo company",
            );
        ServerConfig::new(capabilities)
            .with_server_info(implementation)
            .with_instructions(INSTRUCTIONS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_routed_tool_has_a_catalog_entry_and_every_entry_a_tool() {
        let router = BalkanidServer::all_tools();

        let mut routed: Vec<String> = router.map.keys().map(|name| name.to_string()).collect();
        routed.sort();
        let mut cataloged: Vec<String> = toolsets::CATALOG
            .iter()
            .map(|entry| entry.name.to_string())
            .collect();
        cataloged.sort();

        assert_eq!(routed, cataloged);
    }

    #[test]
    fn toolsets_narrow_the_surface_but_keep_whoami() {
        let settings = Settings {
            read_only: false,
            toolsets: Some(vec![Toolset::Reviews]),
        };

        let names: Vec<String> = BalkanidServer::tools(&settings)
            .into_iter()
            .map(|tool| tool.name.into())
            .collect();

        assert_eq!(
            names,
            ["get_my_queue", "list_campaigns", "list_reviews", "whoami"]
        );
    }

    #[test]
    fn read_only_keeps_every_read_tool() {
        let settings = Settings {
            read_only: true,
            toolsets: None,
        };

        let tools = BalkanidServer::tools(&settings);

        let n_read = toolsets::CATALOG
            .iter()
            .filter(|entry| entry.access == Access::Read)
            .count();
        assert_eq!(tools.len(), n_read);
    }

    #[test]
    fn refresh_tenant_is_offered_on_a_cloud_tenant_only_and_survives_read_only() {
        let read_only = Settings {
            read_only: true,
            toolsets: Some(vec![Toolset::Reviews]),
        };
        let names = |tools: Vec<Tool>| -> Vec<String> {
            tools.into_iter().map(|tool| tool.name.into()).collect()
        };

        let sandbox = names(BalkanidServer::tools_for(&read_only, TenantMode::Sandbox));
        let cloud = names(BalkanidServer::tools_for(&read_only, TenantMode::Cloud));

        assert!(!sandbox.contains(&"refresh_tenant".to_string()));
        assert_eq!(
            cloud,
            [
                "get_my_queue",
                "list_campaigns",
                "list_reviews",
                "refresh_tenant",
                "whoami"
            ]
        );
    }

    #[test]
    fn every_tool_has_a_title_description_annotations_and_an_output_schema() {
        for tool in BalkanidServer::tools(&Settings::default()) {
            let name = &tool.name;
            assert!(
                tool.title.as_deref().is_some_and(|t| !t.is_empty()),
                "{name}: title"
            );
            assert!(
                tool.description.as_deref().is_some_and(|d| d.len() > 40),
                "{name}: doc"
            );
            let annotations = tool.annotations.as_ref().unwrap();
            assert_eq!(annotations.read_only_hint, Some(true), "{name}");
            assert_eq!(annotations.open_world_hint, Some(false), "{name}");
            assert_eq!(annotations.idempotent_hint, Some(true), "{name}");
            assert_eq!(annotations.title, tool.title, "{name}");
            assert!(tool.output_schema.is_some(), "{name}: output schema");
        }
    }
}
