//! `cargo xtask`: the repository's automation, one subcommand per job.
//!
//! This file only parses the command line and hands each subcommand to its module.

// A command-line tool reports on stderr.
#![allow(clippy::print_stderr)]

mod demo;
mod test;
mod tidy;

use clap::{Parser, Subcommand};

/// Repository automation for balkanid-rs.
#[derive(Debug, Parser)]
#[command(name = "xtask")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Generate the demo company's snapshot directory (manifest and CSV files).
    DemoTenant(demo::DemoTenantArgs),
    /// Run every check: fmt, clippy, tests, and the MCP interop suite.
    Test(test::TestArgs),
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::DemoTenant(args) => demo::run(&args),
        Command::Test(args) => test::run(&args),
    }
}
