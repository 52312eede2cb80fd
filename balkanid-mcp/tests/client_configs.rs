//! The MCP client configuration files in `examples/mcp/` (Claude Desktop, Claude Code) start
//! this binary with options and an environment that open the tenant as the configured user.
//!
//! Each file's command line is run with its `serve` subcommand left out and `call whoami`
//! appended, with the file's environment and a temporary database: the tenant is opened as
//! `serve` would open it, and `whoami` must name the configured acting user. Credentials and
//! a user email inherited from the test's own environment are removed first, so only the
//! file decides.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// The variables a configuration may set that must come from the file alone.
const CONTROLLED_VARIABLES: &[&str] = &[
    "BALKANID_USER_EMAIL",
    "BALKANID_API_KEY_ID",
    "BALKANID_API_KEY_SECRET",
];

fn check_config(file: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/mcp")
        .join(file);
    let config: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let server = &config["mcpServers"]["balkanid"];
    assert_eq!(server["command"], "balkanid-mcp", "{file}");
    let environment = server["env"].as_object().unwrap();
    let configured_email = environment["BALKANID_USER_EMAIL"].as_str().unwrap();
    let arguments: Vec<&str> = server["args"]
        .as_array()
        .unwrap()
        .iter()
        .map(|argument| argument.as_str().unwrap())
        .collect();
    assert_eq!(arguments.first(), Some(&"serve"), "{file}: {arguments:?}");

    let database = tempfile::tempdir().unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_balkanid-mcp"));
    command.args(arguments.iter().filter(|argument| **argument != "serve"));
    command.arg("--db").arg(database.path().join("tenant.db"));
    command.args(["call", "whoami"]);
    for name in CONTROLLED_VARIABLES {
        command.env_remove(name);
    }
    for (name, value) in environment {
        command.env(name, value.as_str().unwrap());
    }

    let output = command.output().unwrap();

    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{file}: {stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let whoami: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(whoami["user_email"], configured_email, "{file}: {whoami}");
    assert_eq!(whoami["mode"], "sandbox", "{file}: {whoami}");
    // There are no write tools yet, so neither configuration restricts the server to reads.
    assert_eq!(whoami["read_only"], false, "{file}: {whoami}");
}

#[test]
fn the_claude_desktop_configuration_opens_the_tenant_as_its_user() {
    check_config("claude_desktop_config.json");
}

#[test]
fn the_claude_code_configuration_opens_the_tenant_as_its_user() {
    check_config(".mcp.json");
}
