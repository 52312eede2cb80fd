//! The MCP client configuration files in `examples/mcp/` (Claude Desktop, Claude Code) start
//! this binary with options it accepts.
//!
//! Each file's command line is run with its `serve` subcommand swapped for `tools`, which
//! parses the same options and environment but lists the tools instead of serving.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn check_config(file: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/mcp")
        .join(file);
    let config: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let server = &config["mcpServers"]["balkanid"];

    assert_eq!(server["command"], "balkanid-mcp", "{file}");
    let arguments: Vec<String> = server["args"]
        .as_array()
        .unwrap()
        .iter()
        .map(|argument| argument.as_str().unwrap().to_string())
        .map(|argument| {
            if argument == "serve" {
                "tools".to_string()
            } else {
                argument
            }
        })
        .collect();
    let mut command = Command::new(env!("CARGO_BIN_EXE_balkanid-mcp"));
    command.args(&arguments);
    if let Some(environment) = server["env"].as_object() {
        for (name, value) in environment {
            command.env(name, value.as_str().unwrap());
        }
    }

    let output = command.output().unwrap();

    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{file}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("find_risky_identities"), "{file}: {stdout}");
}

#[test]
fn the_claude_desktop_configuration_starts_the_server() {
    check_config("claude_desktop_config.json");
}

#[test]
fn the_claude_code_configuration_starts_the_server() {
    check_config(".mcp.json");
}
