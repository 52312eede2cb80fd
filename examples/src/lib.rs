//! Shared helpers for the examples: a client configured from the `BALKANID_*` environment
//! variables, and logging to stderr filtered by `RUST_LOG`.

use anyhow::Context;
use balkanid_api::cloud::Client;

/// The application name the examples add to the user agent.
pub const APP_NAME: &str = concat!("balkanid-examples/", env!("CARGO_PKG_VERSION"));

/// A client from `BALKANID_API_KEY_ID`, `BALKANID_API_KEY_SECRET`, and optionally
/// `BALKANID_API_URL` and `BALKANID_GRAPHQL_URL`.
///
/// # Errors
///
/// Fails with a sentence naming the missing or invalid variable.
pub fn client_from_env() -> anyhow::Result<Client> {
    Client::builder()
        .app_name(APP_NAME)
        .build()
        .context("configuring the BalkanID client")
}

/// Sends `tracing` events to stderr, filtered by `RUST_LOG` (default `warn`).
pub fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}
