//! Pulls a BalkanID tenant into a snapshot directory: one normalized CSV file per resource and
//! `manifest.json`, streamed so that memory stays flat whatever the tenant's size.
//!
//! ```text
//! BALKANID_API_KEY_ID=... BALKANID_API_KEY_SECRET=... \
//!     cargo run -p balkanid-examples --example snapshot_pull -- ./acme-snapshot
//! ```

#![allow(
    clippy::print_stderr,
    reason = "an example reports its progress on stderr"
)]

use std::path::{Path, PathBuf};

use anyhow::Context;
use balkanid_api::cloud::{Client, PullProgress};
use balkanid_domain::model::Manifest;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    balkanid_examples::init_tracing();
    let dir: PathBuf = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .context("usage: snapshot_pull DIR (the directory to write the snapshot into)")?;
    let client = balkanid_examples::client_from_env()?;

    let manifest = run(&client, &dir).await?;

    let n_rows: u64 = manifest.files.values().sum();
    eprintln!(
        "wrote {} files ({n_rows} rows) of tenant {:?} to {}",
        manifest.files.len(),
        manifest.tenant_name,
        dir.display()
    );
    Ok(())
}

/// Pulls the snapshot into `dir`, reporting each file on stderr.
pub async fn run(client: &Client, dir: &Path) -> anyhow::Result<Manifest> {
    let manifest = client
        .pull_snapshot(dir, |event: &PullProgress| match event {
            PullProgress::Started { file } => eprintln!("{}: requested", file.file_name()),
            PullProgress::Downloading { file, bytes } => {
                eprintln!("{}: {} MiB", file.file_name(), bytes / (1024 * 1024));
            }
            PullProgress::Finished { file, rows, .. } => {
                eprintln!("{}: {rows} rows", file.file_name());
            }
            PullProgress::Skipped { file, reason } => eprintln!("{}: {reason}", file.file_name()),
            other => eprintln!("{other:?}"),
        })
        .await
        .with_context(|| format!("pulling the snapshot into {}", dir.display()))?;
    Ok(manifest)
}
