//! Importing streams the snapshot's files: the peak memory of the import stays well below the
//! size of the file it reads. In its own test binary so that no other test's memory counts.

#![cfg(target_os = "linux")]

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::Path;

use balkanid_api::query::IdentityQuery;
use balkanid_api::{SandboxOptions, SnapshotSource, Tenant};

const TENANT: &str = "01HWBCYJA11R3AA48K5V0DVM00";

/// Identities in the generated `entities.csv`.
const N_IDENTITIES: u64 = 60_000;

/// Bytes of padding in each identity's metadata, so that the file is large with few rows.
const PADDING: usize = 2_500;

/// What an import may add to the peak memory: SQLite's 64 MiB page cache and 32 MiB more.
const MEMORY_BOUND: u64 = 96 * 1024 * 1024;

/// The process's peak resident memory so far (`VmHWM`), in bytes.
fn peak_memory() -> u64 {
    let status = fs::read_to_string("/proc/self/status").unwrap();
    let line = status
        .lines()
        .find(|line| line.starts_with("VmHWM:"))
        .unwrap();
    let kilobytes: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    kilobytes * 1024
}

/// A snapshot of one employee and [`N_IDENTITIES`] padded identities, written row by row.
fn write_snapshot(directory: &Path) -> u64 {
    fs::write(
        directory.join("manifest.json"),
        format!(
            r#"{{"format_version": 1, "tenant_name": "Big", "tenant_id": "{TENANT}",
                "snapshot_time": "2026-03-02T12:00:00Z", "default_user": "rita@big.test"}}"#
        ),
    )
    .unwrap();
    fs::write(
        directory.join("employees.csv"),
        "Full Name,Work Email,Start Date\nRita Risk,rita@big.test,01/04/2021\n",
    )
    .unwrap();

    let path = directory.join("entities.csv");
    let mut out = BufWriter::new(File::create(&path).unwrap());
    writeln!(
        out,
        "BRN,Timestamp,App,Integration,Name,Entity Type,Source System,Source ID,Source Type,\
         Metadata Version,Metadata"
    )
    .unwrap();
    let padding = "x".repeat(PADDING);
    for n in 0..N_IDENTITIES {
        writeln!(
            out,
            "brn:bid:balkanid:::{TENANT}:identity:u{n},2026-03-02 06:00:00 +0000 UTC,okta,\
             okta/01J07X778EK4BH2M2A1VY4HCYF,User {n},identity,okta,00u{n},user,v1,\
             \"{{\"\"username\"\":\"\"u{n}\"\",\"\"note\"\":\"\"{padding}\"\"}}\""
        )
        .unwrap();
    }
    out.flush().unwrap();
    fs::metadata(&path).unwrap().len()
}

#[tokio::test]
async fn an_import_holds_far_less_memory_than_the_file_it_reads() {
    let directory = tempfile::tempdir().unwrap();
    let snapshot = directory.path().join("snapshot");
    fs::create_dir(&snapshot).unwrap();
    let file_size = write_snapshot(&snapshot);
    // About 60,000 rows of 2.7 kB: some 160 MB.
    let before = peak_memory();

    let options = SandboxOptions::default()
        .source(SnapshotSource::Directory(snapshot))
        .database(directory.path().join("big.sqlite"))
        .as_of("2026-03-02T12:00:00Z".parse().unwrap());
    let tenant = Tenant::open_sandbox(options).await.unwrap();
    let growth = peak_memory().saturating_sub(before);

    assert_eq!(
        tenant
            .list_identities(IdentityQuery::default())
            .await
            .unwrap()
            .total,
        N_IDENTITIES
    );
    // Streaming needs a row at a time plus SQLite's page cache (64 MiB during an import):
    // less than the bound below, which is itself well under the file's size, the least that
    // reading the file whole would need.
    assert!(file_size > MEMORY_BOUND * 3 / 2, "{file_size}");
    assert!(
        growth < MEMORY_BOUND,
        "peak memory grew by {growth} bytes for a {file_size}-byte file"
    );
}
