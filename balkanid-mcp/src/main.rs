//! The `balkanid-mcp` binary: an MCP server over stdio for BalkanID identity governance, and
//! two helpers around it (`tools` lists the tools, `call` calls one in-process).
//!
//! stdout belongs to the MCP protocol while serving; logs go to stderr without colours.

use std::path::PathBuf;
use std::process::ExitCode;

use balkanid_api::Tenant;
use balkanid_api::tenant::{SandboxOptions, SnapshotSource};
use balkanid_mcp::{BalkanidServer, Settings, Toolset, call_in_process};
use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, Parser, Subcommand};
use rmcp::ServiceExt;
use rmcp::model::{CallToolResult, JsonObject};
use tracing_subscriber::EnvFilter;

/// An MCP server for BalkanID identity governance, on the built-in demo company or a snapshot
/// of a real tenant.
#[derive(Debug, Parser)]
#[command(name = "balkanid-mcp", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    options: ServerOptions,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve MCP over stdio (the default).
    Serve,
    /// List the tools and what they do.
    Tools {
        /// Print the full tool definitions (schemas, annotations) as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Call one tool in-process and print its result as JSON on stdout.
    Call {
        /// The tool's name, such as `find_risky_identities`.
        tool: String,
        /// The arguments as a JSON object, such as '{"app":"okta"}'.
        #[arg(default_value = "{}")]
        arguments: String,
    },
}

/// Which tenant to serve, as whom, and which tools to offer.
#[derive(Debug, Args)]
struct ServerOptions {
    /// The tenant: `demo` for the built-in demo company, or a snapshot directory
    /// (manifest.json and one CSV file per resource).
    #[arg(long, global = true, default_value = "demo", value_name = "demo|DIR")]
    tenant: String,
    /// The SQLite database holding the tenant; defaults to one under the user's data directory.
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Import the snapshot again, discarding changes made in the database.
    #[arg(long, global = true)]
    reset: bool,
    /// Evaluate every rule at this instant instead of now (RFC 3339, or a date for midnight
    /// UTC); the data is shifted so the snapshot time falls on it.
    #[arg(long, global = true, value_name = "RFC3339", value_parser = parse_instant)]
    as_of: Option<DateTime<Utc>>,
    /// Act as the employee with this work email; defaults to the tenant's default user.
    #[arg(
        long = "as",
        global = true,
        env = "BALKANID_USER_EMAIL",
        value_name = "EMAIL"
    )]
    user_email: Option<String>,
    /// Offer only tools that read.
    #[arg(long, global = true)]
    read_only: bool,
    /// Offer only these toolsets (comma-separated); `context` is always on.
    /// Accepted: context, identities, credentials, integrations, employees, reviews, access,
    /// purposes, audit.
    #[arg(long, global = true, value_delimiter = ',', value_name = "a,b")]
    toolsets: Option<Vec<Toolset>>,
}

impl ServerOptions {
    fn settings(&self) -> Settings {
        Settings {
            read_only: self.read_only,
            toolsets: self.toolsets.clone(),
        }
    }

    fn sandbox_options(&self) -> Result<SandboxOptions, String> {
        let source = match self.tenant.as_str() {
            "demo" => SnapshotSource::Demo,
            "cloud" => {
                return Err(
                    "--tenant cloud is not available yet; use demo or a snapshot \
                            directory"
                        .into(),
                );
            }
            directory => SnapshotSource::Directory(PathBuf::from(directory)),
        };

        let mut options = SandboxOptions::default().source(source).reset(self.reset);
        if let Some(db) = &self.db {
            options = options.database(db);
        }
        if let Some(as_of) = self.as_of {
            options = options.as_of(as_of);
        }
        if let Some(email) = &self.user_email {
            options = options.user_email(email);
        }
        options = options.progress(|progress| {
            if progress.file_done {
                tracing::info!(file = %progress.file, rows = progress.rows_done, "imported");
            } else {
                tracing::debug!(file = %progress.file, rows = progress.rows_done, "importing");
            }
        });
        Ok(options)
    }
}

/// Reads `--as-of`: an RFC 3339 instant, or a date taken as midnight UTC.
fn parse_instant(text: &str) -> Result<DateTime<Utc>, String> {
    if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
        return Ok(instant.with_timezone(&Utc));
    }
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(date.and_time(chrono::NaiveTime::MIN).and_utc());
    }
    Err(format!(
        "{text:?} is not an RFC 3339 date-time (2026-01-31T09:00:00Z) or a date"
    ))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_tracing();

    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => return fail(&format!("cannot start the async runtime: {error}")),
    };
    let res = runtime.block_on(run(cli));
    match res {
        Ok(code) => code,
        Err(message) => fail(&message),
    }
}

async fn run(cli: Cli) -> Result<ExitCode, String> {
    let Cli { command, options } = cli;

    match command.unwrap_or(Command::Serve) {
        Command::Serve => serve(&options).await,
        Command::Tools { json } => list_tools(&options.settings(), json),
        Command::Call { tool, arguments } => call(&options, &tool, &arguments).await,
    }
}

async fn open_tenant(options: &ServerOptions) -> Result<Tenant, String> {
    let sandbox = options.sandbox_options()?;
    Tenant::open_sandbox(sandbox)
        .await
        .map_err(|error| format!("cannot open the tenant: {error}"))
}

async fn serve(options: &ServerOptions) -> Result<ExitCode, String> {
    let tenant = open_tenant(options).await?;
    let info = tenant
        .info()
        .await
        .map_err(|error| format!("cannot read the tenant: {error}"))?;
    tracing::info!(
        tenant = %info.tenant_name,
        mode = %info.mode,
        user = %info.user_email,
        as_of = %info.as_of,
        database = info.database_path.as_deref().unwrap_or("-"),
        "serving MCP on stdio (no BalkanID cloud credentials are used: this is the sandbox)"
    );

    let server = BalkanidServer::new(tenant, options.settings());
    let running = server
        .serve(rmcp::transport::stdio())
        .await
        .map_err(|error| format!("cannot start the MCP session: {error}"))?;
    running
        .waiting()
        .await
        .map_err(|error| format!("the MCP session failed: {error}"))?;
    Ok(ExitCode::SUCCESS)
}

fn list_tools(settings: &Settings, json: bool) -> Result<ExitCode, String> {
    let tools = BalkanidServer::tools(settings);

    if json {
        let text = serde_json::to_string_pretty(&tools).map_err(|error| error.to_string())?;
        print_out(&text)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut listing = String::new();
    for toolset in settings.enabled_toolsets() {
        listing.push_str(&format!("{toolset}:\n"));
        let members = tools.iter().filter(|tool| {
            balkanid_mcp::toolsets::entry(&tool.name).is_some_and(|entry| entry.toolset == toolset)
        });
        for tool in members {
            let title = tool.title.as_deref().unwrap_or_default();
            listing.push_str(&format!("  {:<28} {title}\n", tool.name));
            let description = tool.description.as_deref().unwrap_or_default();
            for line in wrap(description, 70) {
                listing.push_str(&format!("  {:<28} {line}\n", ""));
            }
        }
    }
    print_out(listing.trim_end())?;
    Ok(ExitCode::SUCCESS)
}

/// Writes `text` and a newline to stdout; a closed pipe (`| head`) is not an error.
fn print_out(text: &str) -> Result<(), String> {
    use std::io::Write;

    let mut stdout = std::io::stdout().lock();
    match writeln!(stdout, "{text}").and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(error) => Err(format!("cannot write to stdout: {error}")),
    }
}

/// Splits `text` into lines of at most `width` characters, at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

async fn call(options: &ServerOptions, tool: &str, arguments: &str) -> Result<ExitCode, String> {
    let arguments: JsonObject = serde_json::from_str(arguments).map_err(|error| {
        format!("the arguments must be a JSON object such as '{{\"app\":\"okta\"}}': {error}")
    })?;
    let tenant = open_tenant(options).await?;

    let server = BalkanidServer::new(tenant, options.settings());
    let result = call_in_process(server, tool, arguments)
        .await
        .map_err(|error| format!("{error}: {}", source_text(&error)))?;

    print_out(&printable(&result))?;
    if result.is_error == Some(true) {
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// What `call` prints: the structured content, pretty, or the error text.
fn printable(result: &CallToolResult) -> String {
    if let Some(structured) = &result.structured_content {
        return serde_json::to_string_pretty(structured).unwrap_or_else(|_| structured.to_string());
    }
    let texts: Vec<&str> = result
        .content
        .iter()
        .filter_map(|block| block.as_text())
        .map(|t| t.text.as_str())
        .collect();
    let text = texts.join("\n");
    if result.is_error == Some(true) {
        return serde_json::json!({ "error": text }).to_string();
    }
    text
}

fn source_text(error: &dyn std::error::Error) -> String {
    error.source().map(ToString::to_string).unwrap_or_default()
}

fn init_tracing() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("warn,balkanid_mcp=info,balkanid_api=info"));
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_env_filter(filter)
        .init();
}

#[allow(clippy::print_stderr, reason = "a fatal error is one line on stderr")]
fn fail(message: &str) -> ExitCode {
    eprintln!("balkanid-mcp: error: {message}");
    ExitCode::FAILURE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;

        Cli::command().debug_assert();
    }

    #[test]
    fn options_parse_before_or_after_the_subcommand() {
        let cli = Cli::try_parse_from([
            "balkanid-mcp",
            "--read-only",
            "call",
            "whoami",
            "--as-of",
            "2026-03-01T12:00:00Z",
            "--toolsets",
            "reviews,access",
        ])
        .unwrap();

        assert!(cli.options.read_only);
        assert_eq!(
            cli.options.toolsets,
            Some(vec![Toolset::Reviews, Toolset::Access])
        );
        assert_eq!(
            cli.options.as_of.unwrap().to_rfc3339(),
            "2026-03-01T12:00:00+00:00"
        );
    }

    #[test]
    fn an_unknown_toolset_is_refused_with_the_accepted_names() {
        let error = Cli::try_parse_from(["balkanid-mcp", "--toolsets", "hr"]).unwrap_err();

        assert!(
            error.to_string().contains("accepted: context, identities"),
            "{error}"
        );
    }

    #[test]
    fn no_subcommand_means_serve() {
        let cli = Cli::try_parse_from(["balkanid-mcp", "--tenant", "demo"]).unwrap();

        assert!(cli.command.is_none());
    }

    #[test]
    fn wrap_breaks_at_spaces_within_the_width() {
        assert_eq!(wrap("aa bb cc dd", 5), ["aa bb", "cc dd"]);
    }

    #[test]
    fn as_of_accepts_a_plain_date() {
        assert_eq!(
            parse_instant("2026-03-01").unwrap().to_rfc3339(),
            "2026-03-01T00:00:00+00:00"
        );
    }
}
