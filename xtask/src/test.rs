//! `cargo xtask test`: every check the repository has, in order, from the cheapest on.
//!
//! 1. `cargo fmt --check`;
//! 2. clippy on all targets with warnings denied;
//! 3. `cargo test` on the workspace, then `cargo doc` with rustdoc warnings denied;
//! 4. the interop suite: a Python virtual environment with the pinned `mcp` client (created
//!    here on first use), the `balkanid-mcp` binary built, and
//!    `balkanid-mcp/tests/interop/run.py` driving it over stdio in both MCP protocol eras.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

/// The Python MCP client the interop suite runs against; pinned so results are repeatable.
const PYTHON_MCP: &str = "mcp==2.3.0";

/// Options of `cargo xtask test`.
#[derive(Debug, clap::Args)]
pub struct TestArgs {
    /// Only run the interop suite (skip fmt, clippy and cargo test).
    #[arg(long)]
    interop_only: bool,
    /// Skip the interop suite.
    #[arg(long, conflicts_with = "interop_only")]
    no_interop: bool,
}

/// Runs the checks `args` select; stops at the first that fails.
pub fn run(args: &TestArgs) -> anyhow::Result<()> {
    let root = workspace_root()?;

    if !args.interop_only {
        cargo(&root, &["fmt", "--all", "--", "--check"])?;
        cargo(
            &root,
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        )?;
        cargo(&root, &["test", "--workspace"])?;
        documentation(&root)?;
    }
    if !args.no_interop {
        interop(&root)?;
    }

    eprintln!("xtask test: every check passed");
    Ok(())
}

/// Builds the server and drives it with the Python `mcp` client.
fn interop(root: &Path) -> anyhow::Result<()> {
    let python = virtual_environment(root)?;
    let binary = build_server(root)?;

    let script = root.join("balkanid-mcp/tests/interop/run.py");
    let demo = root.join("balkanid-api/demo");
    let mut command = Command::new(&python);
    command
        .arg(&script)
        .arg("--binary")
        .arg(&binary)
        .arg("--demo")
        .arg(&demo);
    run_command(&mut command, "the interop suite")
}

/// The virtual environment's Python, with the pinned `mcp` installed.
fn virtual_environment(root: &Path) -> anyhow::Result<PathBuf> {
    let venv = root.join(".venv");
    let python = venv.join("bin/python");

    if !python.exists() {
        let mut command = Command::new("python3");
        command.args(["-m", "venv"]).arg(&venv);
        run_command(&mut command, "creating the Python virtual environment")?;
    }

    let installed = Command::new(&python)
        .args([
            "-c",
            "import importlib.metadata as m; print(m.version('mcp'))",
        ])
        .output()
        .context("asking the virtual environment for its mcp version")?;
    let version = String::from_utf8_lossy(&installed.stdout)
        .trim()
        .to_string();
    let wanted = PYTHON_MCP.trim_start_matches("mcp==");
    if installed.status.success() && version == wanted {
        return Ok(python);
    }

    let mut command = Command::new(&python);
    command.args([
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        PYTHON_MCP,
    ]);
    run_command(&mut command, "installing the Python mcp client")?;
    Ok(python)
}

/// Builds `balkanid-mcp` and returns the executable's path, wherever the target dir is.
fn build_server(root: &Path) -> anyhow::Result<PathBuf> {
    let output = Command::new(cargo_binary())
        .current_dir(root)
        .args([
            "build",
            "--package",
            "balkanid-mcp",
            "--bin",
            "balkanid-mcp",
        ])
        .args(["--message-format", "json-render-diagnostics"])
        .stderr(std::process::Stdio::inherit())
        .output()
        .context("running cargo build")?;
    if !output.status.success() {
        bail!("building balkanid-mcp failed");
    }

    let stdout = String::from_utf8_lossy(&output.stdout);
    let executable = stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|message| message["target"]["name"] == "balkanid-mcp")
        .find_map(|message| message["executable"].as_str().map(PathBuf::from));
    executable.context("cargo build did not report the balkanid-mcp executable")
}

/// Builds the libraries' documentation with rustdoc warnings denied, so broken intra-doc links
/// and malformed doc comments fail the run.
fn documentation(root: &Path) -> anyhow::Result<()> {
    let mut command = Command::new(cargo_binary());
    command
        .current_dir(root)
        .args(["doc", "--no-deps", "--all-features"])
        .args([
            "-p",
            "balkanid-domain",
            "-p",
            "balkanid-api",
            "-p",
            "balkanid-mcp",
        ])
        .env("RUSTDOCFLAGS", "-D warnings");
    run_command(&mut command, "cargo doc (rustdoc warnings denied)")
}

fn cargo(root: &Path, arguments: &[&str]) -> anyhow::Result<()> {
    let mut command = Command::new(cargo_binary());
    command.current_dir(root).args(arguments);
    run_command(&mut command, &format!("cargo {}", arguments.join(" ")))
}

fn run_command(command: &mut Command, what: &str) -> anyhow::Result<()> {
    eprintln!("xtask test: {what}");
    let status = command
        .status()
        .with_context(|| format!("cannot start {what}"))?;
    if !status.success() {
        bail!("{what} failed ({status})");
    }
    Ok(())
}

fn cargo_binary() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string())
}

/// The workspace root: the parent of this crate's directory.
fn workspace_root() -> anyhow::Result<PathBuf> {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let root = manifest_dir
        .parent()
        .context("xtask has no parent directory")?;
    Ok(root.to_path_buf())
}
