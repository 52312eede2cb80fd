//! The `balkanid-mcp` binary: an MCP server over stdio for BalkanID identity governance, on
//! the sandbox or a BalkanID cloud tenant, and helpers around it (`tools` lists the tools,
//! `call` calls one in-process, `snapshot pull` downloads a cloud tenant).
//!
//! stdout belongs to the MCP protocol while serving; logs go to stderr without colours. A
//! fatal error is one line on stderr and a non-zero exit.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use balkanid_api::cloud::{
    Client, ENV_BASE_URL, ENV_GRAPHQL_URL, ENV_KEY_ID, ENV_KEY_SECRET, PullProgress,
};
use balkanid_api::tenant::{CloudOptions, RefreshProgress, SandboxOptions, SnapshotSource};
use balkanid_api::{Tenant, TenantMode};
use balkanid_mcp::results::with_causes;
use balkanid_mcp::{BalkanidServer, Settings, Toolset, call_in_process};
use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, Parser, Subcommand};
use rmcp::ServiceExt;
use rmcp::model::{CallToolResult, JsonObject};
use tracing_subscriber::EnvFilter;

/// An MCP server for BalkanID identity governance, on the built-in demo company, a snapshot
/// directory, or a BalkanID cloud tenant.
///
/// Cloud settings come from the environment: BALKANID_API_KEY_ID and BALKANID_API_KEY_SECRET
/// (an API key), BALKANID_API_URL (the bulk REST base, default
/// https://app.balkan.id/api/rest/v0/) and BALKANID_GRAPHQL_URL (the tenant's Public API).
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
    /// Work with snapshot directories.
    Snapshot {
        #[command(subcommand)]
        command: SnapshotCommand,
    },
}

#[derive(Debug, Subcommand)]
enum SnapshotCommand {
    /// Download the BalkanID cloud tenant of the BALKANID_* settings into a snapshot
    /// directory (manifest.json and one CSV file per resource), with progress on stderr.
    Pull {
        /// The directory to write; created if missing.
        dir: PathBuf,
    },
}

/// Which tenant to serve, as whom, and which tools to offer.
#[derive(Debug, Args)]
struct ServerOptions {
    /// The tenant: `demo` for the built-in demo company, `cloud` for the BalkanID tenant of
    /// the BALKANID_* settings (read from a local mirror), or a snapshot directory
    /// (manifest.json and one CSV file per resource). Default: `cloud` when
    /// BALKANID_API_KEY_ID or BALKANID_API_KEY_SECRET is set, else `demo`.
    #[arg(long, global = true, value_name = "demo|cloud|DIR")]
    tenant: Option<String>,
    /// The SQLite database holding the tenant (for `cloud`, the mirror); defaults to one under
    /// the user's data directory.
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Import the snapshot again, discarding changes made in the database; for `cloud`, pull
    /// the mirror at start whatever its age.
    #[arg(long, global = true)]
    reset: bool,
    /// Evaluate every rule at this instant instead of now (RFC 3339, or a date for midnight
    /// UTC); a sandbox's data is shifted so the snapshot time falls on it, a cloud mirror's
    /// is not.
    #[arg(long, global = true, value_name = "RFC3339", value_parser = parse_instant)]
    as_of: Option<DateTime<Utc>>,
    /// For `cloud`: pull the mirror again before a tool call once it is this old, such as
    /// `30m`, `1h`, `1d`, `90s` or `0` (before every call).
    #[arg(
        long,
        global = true,
        value_name = "DURATION",
        default_value = "1h",
        value_parser = parse_duration
    )]
    refresh_after: Duration,
    /// Act as the employee with this work email; defaults to the snapshot's default user
    /// (required for `cloud`, which has none).
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

    /// The tenant to serve and why it was chosen, from `--tenant` or, without it, from
    /// whether BalkanID credentials are set.
    fn tenant_choice(&self) -> (TenantChoice, &'static str) {
        let choice = match self.tenant.as_deref().map(str::trim) {
            Some("demo") => TenantChoice::Sandbox(SnapshotSource::Demo),
            Some("cloud") => TenantChoice::Cloud,
            Some(directory) => {
                TenantChoice::Sandbox(SnapshotSource::Directory(PathBuf::from(directory)))
            }
            None if credentials_set() => {
                let why = "BalkanID credentials are set; pass --tenant demo for the sandbox";
                return (TenantChoice::Cloud, why);
            }
            None => {
                let why = "no BalkanID credentials are set (BALKANID_API_KEY_ID, \
                           BALKANID_API_KEY_SECRET)";
                return (TenantChoice::Sandbox(SnapshotSource::Demo), why);
            }
        };
        (choice, "chosen with --tenant")
    }

    fn cloud_options(&self, client: Client) -> CloudOptions {
        let mut options = CloudOptions::new(client)
            .refresh_after(self.refresh_after)
            .reset(self.reset)
            .progress(log_refresh_progress);
        if let Some(db) = &self.db {
            options = options.database(db);
        }
        if let Some(as_of) = self.as_of {
            options = options.as_of(as_of);
        }
        if let Some(email) = &self.user_email {
            options = options.user_email(email);
        }
        options
    }

    fn sandbox_options(&self, source: SnapshotSource) -> SandboxOptions {
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
        let mut next_report = LARGE_FILE_ROWS;
        options = options.progress(move |progress| {
            // Only a large tenant's import is slow enough to be worth lines on stderr: one per
            // 100,000 rows of a file, and one when such a file is done.
            if progress.file_done {
                if progress.rows_done >= LARGE_FILE_ROWS {
                    tracing::info!(file = %progress.file, rows = progress.rows_done, "imported");
                }
                next_report = LARGE_FILE_ROWS;
            } else if progress.rows_done >= next_report {
                tracing::info!(file = %progress.file, rows = progress.rows_done, "importing");
                next_report = progress.rows_done + LARGE_FILE_ROWS;
            }
        });
        options
    }
}

/// Which kind of tenant the options ask for.
#[derive(Clone, Debug, PartialEq, Eq)]
enum TenantChoice {
    /// The demo company or a snapshot directory.
    Sandbox(SnapshotSource),
    /// The BalkanID tenant of the BALKANID_* settings.
    Cloud,
}

impl TenantChoice {
    fn mode(&self) -> TenantMode {
        match self {
            TenantChoice::Sandbox(_) => TenantMode::Sandbox,
            TenantChoice::Cloud => TenantMode::Cloud,
        }
    }

    fn describe(&self) -> String {
        match self {
            TenantChoice::Sandbox(SnapshotSource::Demo) => {
                "the built-in demo company (sandbox)".to_owned()
            }
            TenantChoice::Sandbox(SnapshotSource::Directory(dir)) => {
                format!("the snapshot in {} (sandbox)", dir.display())
            }
            TenantChoice::Sandbox(_) => "a sandbox tenant".to_owned(),
            TenantChoice::Cloud => "the BalkanID cloud tenant, from a local mirror".to_owned(),
        }
    }
}

/// Files with at least this many rows get import progress on stderr.
const LARGE_FILE_ROWS: u64 = 100_000;

/// Reads `--refresh-after`: whole numbers with a unit, `s`, `m`, `h` or `d`, one or more
/// (`1h30m`), or `0`.
fn parse_duration(text: &str) -> Result<Duration, String> {
    let invalid = || {
        format!(
            "{text:?} is not a duration; use a number with a unit, such as 90s, 30m, 1h, 1d or \
             1h30m, or 0"
        )
    };
    let text = text.trim();
    if text == "0" {
        return Ok(Duration::ZERO);
    }
    if text.is_empty() {
        return Err(invalid());
    }

    let mut seconds: u64 = 0;
    let mut number = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit: u64 = match c.to_ascii_lowercase() {
            's' => 1,
            'm' => 60,
            'h' => 60 * 60,
            'd' => 24 * 60 * 60,
            _ => return Err(invalid()),
        };
        let value: u64 = number.parse().map_err(|_| invalid())?;
        seconds = value
            .checked_mul(unit)
            .and_then(|part| seconds.checked_add(part))
            .ok_or_else(invalid)?;
        number.clear();
    }
    if !number.is_empty() {
        return Err(invalid());
    }
    Ok(Duration::from_secs(seconds))
}

/// Whether either half of a BalkanID API key is in the environment.
fn credentials_set() -> bool {
    [ENV_KEY_ID, ENV_KEY_SECRET]
        .iter()
        .any(|name| env_value(name).is_some())
}

/// A non-blank environment variable.
fn env_value(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .filter(|value| !value.trim().is_empty())
}

/// The cloud client of the BALKANID_* settings; a missing or unusable setting is one message
/// naming the variable, which never shows the secret.
fn cloud_client() -> Result<Client, String> {
    let key_id = env_value(ENV_KEY_ID);
    let secret = env_value(ENV_KEY_SECRET);
    let missing = match (&key_id, &secret) {
        (None, None) => Some(format!("{ENV_KEY_ID} and {ENV_KEY_SECRET} are")),
        (None, Some(_)) => Some(format!("{ENV_KEY_ID} is")),
        (Some(_), None) => Some(format!("{ENV_KEY_SECRET} is")),
        (Some(_), Some(_)) => None,
    };
    if let Some(missing) = missing {
        return Err(format!(
            "{missing} not set: the BalkanID cloud needs an API key's id and secret (BalkanID: \
             profile menu, API Keys)"
        ));
    }
    let secret = secret.unwrap_or_default();
    check_url_setting(ENV_BASE_URL, &secret)?;
    check_url_setting(ENV_GRAPHQL_URL, &secret)?;

    Client::builder()
        .app_name(concat!("balkanid-mcp/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|error| {
            format!(
                "the BalkanID settings cannot be used: {}",
                with_causes(&error)
            )
        })
}

/// Checks that the URL in the variable `name`, if set, is an http(s) URL with a host.
fn check_url_setting(name: &str, secret: &str) -> Result<(), String> {
    let Some(text) = env_value(name) else {
        return Ok(());
    };

    let shown = if !secret.is_empty() && text.contains(secret) {
        "(not shown)".to_owned()
    } else {
        format!("{:?}", text.trim())
    };
    let problem = match url::Url::parse(text.trim()) {
        Ok(url) if !matches!(url.scheme(), "http" | "https") => "is not http or https".to_owned(),
        Ok(url) if url.host_str().is_none_or(str::is_empty) => "has no host".to_owned(),
        Ok(_) => return Ok(()),
        Err(error) => format!("is not a URL ({error})"),
    };
    Err(format!(
        "{name} {shown} {problem}; expected an address such as https://app.balkan.id/api/rest/v0/"
    ))
}

/// Logs a refresh's progress on stderr: each finished file at info level, rows so far at
/// debug level.
fn log_refresh_progress(progress: RefreshProgress) {
    match progress {
        RefreshProgress::Pull(PullProgress::Finished { file, rows, .. }) => {
            tracing::info!(file = %file.file_name(), rows, "pulled");
        }
        RefreshProgress::Pull(PullProgress::Rows { file, rows }) => {
            tracing::debug!(file = %file.file_name(), rows, "pulling");
        }
        RefreshProgress::Import(import)
            if import.file_done && import.rows_done >= LARGE_FILE_ROWS =>
        {
            tracing::info!(file = %import.file, rows = import.rows_done, "imported");
        }
        _ => {}
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
        Command::Tools { json } => {
            let (choice, _) = options.tenant_choice();
            list_tools(&options.settings(), choice.mode(), json)
        }
        Command::Call { tool, arguments } => call(&options, &tool, &arguments).await,
        Command::Snapshot {
            command: SnapshotCommand::Pull { dir },
        } => pull_snapshot(&dir).await,
    }
}

/// Opens the tenant the options choose, then says on stderr which one it is and why (after,
/// so that a missing or wrong setting stays the only line).
async fn open_tenant(options: &ServerOptions) -> Result<Tenant, String> {
    let (choice, why) = options.tenant_choice();

    let opened = match &choice {
        TenantChoice::Sandbox(source) => {
            Tenant::open_sandbox(options.sandbox_options(source.clone())).await
        }
        TenantChoice::Cloud => {
            let client = cloud_client()?;
            Tenant::open_cloud(options.cloud_options(client)).await
        }
    };
    let tenant =
        opened.map_err(|error| format!("cannot open the tenant: {}", with_causes(&error)))?;
    tracing::info!(tenant = %choice.describe(), "{why}");
    Ok(tenant)
}

async fn serve(options: &ServerOptions) -> Result<ExitCode, String> {
    let tenant = open_tenant(options).await?;
    let info = tenant
        .info()
        .await
        .map_err(|error| format!("cannot read the tenant: {}", with_causes(&error)))?;
    let mirror_age = info.data_age_seconds.map(|age| format!("{age} s"));
    tracing::info!(
        tenant = %info.tenant_name,
        mode = %info.mode,
        user = %info.user_email,
        as_of = %info.as_of,
        database = info.database_path.as_deref().unwrap_or("-"),
        mirror_age = mirror_age.as_deref().unwrap_or("-"),
        "serving MCP on stdio"
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

fn list_tools(settings: &Settings, mode: TenantMode, json: bool) -> Result<ExitCode, String> {
    let tools = BalkanidServer::tools_for(settings, mode);

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
    let settings = options.settings();
    let (choice, _) = options.tenant_choice();
    let offered: Vec<String> = BalkanidServer::tools_for(&settings, choice.mode())
        .into_iter()
        .map(|tool| tool.name.into())
        .collect();
    if !offered.iter().any(|name| name == tool) {
        return Err(format!(
            "no tool is named {tool:?}; the tools are {}",
            offered.join(", ")
        ));
    }
    let tenant = open_tenant(options).await?;

    let server = BalkanidServer::new(tenant, settings);
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

/// `snapshot pull DIR`: downloads the cloud tenant into `dir`, reporting each file's rows on
/// stderr.
///
/// Nothing is printed until the first file is complete: a wrong key fails on the first
/// request, and its error then stays the only line.
async fn pull_snapshot(dir: &Path) -> Result<ExitCode, String> {
    let client = cloud_client()?;

    let mut held: Vec<String> = Vec::new();
    let mut key_accepted = false;
    let manifest = client
        .pull_snapshot(dir, |event: &PullProgress| {
            let Some(line) = pull_progress_line(event) else {
                return;
            };
            if key_accepted {
                note(&line);
                return;
            }
            held.push(line);
            if matches!(event, PullProgress::Finished { .. }) {
                key_accepted = true;
                note(&format!(
                    "pulling the BalkanID tenant from {} into {}",
                    client.base_url(),
                    dir.display()
                ));
                held.drain(..).for_each(|line| note(&line));
            }
        })
        .await
        .map_err(|error| format!("cannot pull the snapshot: {}", with_causes(&error)))?;

    let n_rows: u64 = manifest.files.values().sum();
    note(&format!(
        "wrote {} files ({n_rows} rows) of tenant {:?} to {}",
        manifest.files.len(),
        manifest.tenant_name,
        dir.display()
    ));
    Ok(ExitCode::SUCCESS)
}

/// The stderr line of one pull event; `None` for byte counts, which rows say better.
fn pull_progress_line(event: &PullProgress) -> Option<String> {
    match event {
        PullProgress::Started { file } => Some(format!("{}: requested", file.file_name())),
        PullProgress::Rows { file, rows } => {
            Some(format!("{}: {rows} rows so far", file.file_name()))
        }
        PullProgress::Finished { file, rows, bytes } => Some(format!(
            "{}: {rows} rows ({bytes} bytes), done",
            file.file_name()
        )),
        PullProgress::Skipped { file, reason } => {
            Some(format!("{}: skipped: {reason}", file.file_name()))
        }
        _ => None,
    }
}

#[allow(
    clippy::print_stderr,
    reason = "progress of a command-line job is for the person"
)]
fn note(line: &str) {
    eprintln!("balkanid-mcp: {line}");
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
    let line: Vec<&str> = message.split_whitespace().collect();
    eprintln!("balkanid-mcp: error: {}", line.join(" "));
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
    fn refresh_after_reads_units_and_sums_them() {
        assert_eq!(parse_duration("30m"), Ok(Duration::from_secs(1800)));
        assert_eq!(parse_duration("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_duration("1d"), Ok(Duration::from_secs(86_400)));
        assert_eq!(parse_duration("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("90S"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("0"), Ok(Duration::ZERO));
    }

    #[test]
    fn refresh_after_refuses_a_bare_number_or_unknown_unit_with_the_accepted_forms() {
        for bad in ["", "15", "1w", "h", "-1h", "1.5h"] {
            let error = parse_duration(bad).unwrap_err();

            assert!(
                error.contains("such as 90s, 30m, 1h, 1d"),
                "{bad:?}: {error}"
            );
        }
    }

    #[test]
    fn refresh_after_defaults_to_an_hour() {
        let cli = Cli::try_parse_from(["balkanid-mcp", "--tenant", "demo"]).unwrap();

        assert_eq!(cli.options.refresh_after, Duration::from_secs(3600));
    }

    #[test]
    fn an_explicit_tenant_wins_over_the_environment() {
        let cli = Cli::try_parse_from(["balkanid-mcp", "--tenant", "cloud", "tools"]).unwrap();
        let (choice, why) = cli.options.tenant_choice();
        assert_eq!(choice, TenantChoice::Cloud);
        assert_eq!(why, "chosen with --tenant");

        let cli = Cli::try_parse_from(["balkanid-mcp", "--tenant", "./acme"]).unwrap();
        let (choice, _) = cli.options.tenant_choice();
        assert_eq!(
            choice,
            TenantChoice::Sandbox(SnapshotSource::Directory(PathBuf::from("./acme")))
        );
    }

    #[test]
    fn snapshot_pull_takes_a_directory() {
        let cli = Cli::try_parse_from(["balkanid-mcp", "snapshot", "pull", "out"]).unwrap();

        let Some(Command::Snapshot {
            command: SnapshotCommand::Pull { dir },
        }) = cli.command
        else {
            panic!("not snapshot pull");
        };
        assert_eq!(dir, PathBuf::from("out"));
    }

    #[test]
    fn as_of_accepts_a_plain_date() {
        assert_eq!(
            parse_instant("2026-03-01").unwrap().to_rfc3339(),
            "2026-03-01T00:00:00+00:00"
        );
    }
}
