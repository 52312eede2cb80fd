//! What the in-process tests share: the demo tenant, imported once per test binary into a
//! temporary database with `as_of` pinned to the demo's snapshot time (so the files' dates
//! apply unshifted), and rmcp's client connected to the server over an in-memory pipe in
//! either protocol era.

#![allow(
    dead_code,
    reason = "each test binary uses a different part of this module"
)]

use std::sync::OnceLock;

use balkanid_api::{SandboxOptions, SnapshotSource, Tenant};
use balkanid_mcp::{BalkanidServer, Settings};
use chrono::{DateTime, Utc};
use rmcp::model::{CallToolRequestParams, CallToolResult, ProtocolVersion};
use rmcp::service::RunningService;
use rmcp::{ClientLifecycleMode, ClientServiceExt, RoleClient, ServiceExt};
use serde_json::Value;

/// The demo manifest's `snapshot_time`.
pub const SNAPSHOT_TIME: &str = "2026-06-01T12:00:00Z";

/// The demo's default acting user (the manifest's `default_user`).
pub const DEFAULT_USER: &str = "amara.okafor@northwind.example";

/// The BRN prefix of every demo entity.
pub const BRN_PREFIX: &str = "brn:bid:balkanid:::01HWN0RTHW1ND0DEM0TENANT00:";

/// A protocol era a client can speak.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Era {
    /// 2025-11-25, with the `initialize` handshake.
    Legacy,
    /// 2026-07-28, with `server/discover` and per-request metadata.
    Modern,
}

impl Era {
    /// Both eras, so every test runs in each.
    pub const ALL: [Era; 2] = [Era::Legacy, Era::Modern];

    /// The protocol version the era negotiates.
    pub fn version(self) -> ProtocolVersion {
        match self {
            Era::Legacy => ProtocolVersion::V_2025_11_25,
            Era::Modern => ProtocolVersion::V_2026_07_28,
        }
    }
}

/// The demo tenant acting as the default user; imported on first use.
pub fn tenant() -> Tenant {
    static TENANT: OnceLock<Tenant> = OnceLock::new();
    TENANT.get_or_init(|| open_tenant(None)).clone()
}

/// The demo tenant acting as `email`, on the same database.
pub fn tenant_as(email: &str) -> Tenant {
    tenant();
    open_tenant(Some(email))
}

fn open_tenant(user: Option<&str>) -> Tenant {
    let as_of: DateTime<Utc> = SNAPSHOT_TIME.parse().unwrap();
    let database = database_path();
    let first = user.is_none();
    let user = user.map(str::to_string);

    // A runtime of its own, so any test's runtime may use the tenant afterwards.
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let mut options = SandboxOptions::default()
            .source(SnapshotSource::Directory(concat!(env!("CARGO_MANIFEST_DIR"), "/../balkanid-api/demo").into())) // TEMPORARY
            .database(database)
            .reset(first)
            .as_of(as_of);
        if let Some(user) = user {
            options = options.user_email(user);
        }
        runtime.block_on(Tenant::open_sandbox(options)).unwrap()
    })
    .join()
    .unwrap()
}

/// A database of this test binary's own under cargo's temporary directory for integration
/// tests; the first open of a run imports the demo afresh (`reset`).
fn database_path() -> std::path::PathBuf {
    let directory = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("balkanid-mcp");
    std::fs::create_dir_all(&directory).unwrap();
    directory.join(format!("{}.sqlite", env!("CARGO_CRATE_NAME")))
}

/// A client connected in `era` to a server with default settings on the demo tenant.
pub async fn connect(era: Era) -> RunningService<RoleClient, ()> {
    connect_to(BalkanidServer::new(tenant(), Settings::default()), era).await
}

/// A client connected in `era` to `server`.
pub async fn connect_to(server: BalkanidServer, era: Era) -> RunningService<RoleClient, ()> {
    let (server_io, client_io) = tokio::io::duplex(256 * 1024);
    tokio::spawn(async move {
        let running = server.serve(server_io).await.unwrap();
        let _ = running.waiting().await;
    });

    let client = match era {
        Era::Legacy => ().serve(client_io).await.unwrap(),
        Era::Modern => {
            let lifecycle = ClientLifecycleMode::Discover {
                preferred_versions: vec![ProtocolVersion::V_2026_07_28],
            };
            ().serve_with_lifecycle(client_io, lifecycle).await.unwrap()
        }
    };
    let negotiated = client.peer_info().unwrap().protocol_version.clone();
    assert_eq!(
        negotiated,
        era.version(),
        "{era:?} negotiated another version"
    );
    client
}

/// Calls `tool` with `arguments` (a JSON object).
pub async fn call_raw(
    client: &RunningService<RoleClient, ()>,
    tool: &str,
    arguments: Value,
) -> CallToolResult {
    let Value::Object(arguments) = arguments else {
        panic!("arguments must be an object")
    };
    let request = CallToolRequestParams::new(tool.to_string()).with_arguments(arguments);
    client.call_tool(request).await.unwrap()
}

/// Calls a tool that must succeed, checks the text copy, and returns the structured content.
pub async fn call(client: &RunningService<RoleClient, ()>, tool: &str, arguments: Value) -> Value {
    let result = call_raw(client, tool, arguments).await;

    let text = text_of(&result);
    assert_ne!(result.is_error, Some(true), "{tool} failed: {text}");
    let structured = result.structured_content.expect("structured content");
    assert_eq!(
        serde_json::from_str::<Value>(&text).unwrap(),
        structured,
        "text copy of {tool}"
    );
    structured
}

/// Calls a tool that must fail with a tool error, and returns the error text.
pub async fn call_error(
    client: &RunningService<RoleClient, ()>,
    tool: &str,
    arguments: Value,
) -> String {
    let result = call_raw(client, tool, arguments).await;

    assert_eq!(result.is_error, Some(true), "{tool} should have failed");
    assert!(
        result.structured_content.is_none(),
        "an error carries no structured content"
    );
    text_of(&result)
}

/// The text of a result's first content block.
pub fn text_of(result: &CallToolResult) -> String {
    result
        .content
        .first()
        .and_then(|block| block.as_text())
        .map(|text| text.text.clone())
        .unwrap_or_default()
}

/// The `field` of every item of a page, as strings.
pub fn field_of_items(page: &Value, field: &str) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item[field].as_str().unwrap_or_default().to_string())
        .collect()
}
