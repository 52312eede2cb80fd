//! [`Client::pull_snapshot`]: a cloud tenant written to disk as a snapshot directory.
//!
//! Every resource of `SnapshotFile::ALL` that BalkanID exports is downloaded, parsed row by
//! row while it streams, and written again through the domain writer, so the files are in
//! the normalized form the sandbox reads; a malformed row stops the pull with its file, line
//! and column. Each file is written as `<name>.partial` and renamed when complete, and
//! `manifest.json` is written last, so a directory with a manifest is a complete snapshot.
//!
//! `credentials.csv` is this project's own format and BalkanID exports no credentials, so a
//! pulled snapshot holds that file with its header only.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, Utc};
use tokio::sync::mpsc;
use tracing::{info, instrument, warn};

use balkanid_domain::csv::{Reader, Writer};
use balkanid_domain::model::{
    AccessRequest, Admin, App, BusinessOwner, Campaign, Credential, Employee, Entitlement, Entity,
    EntityRelation, Finding, Integration, Manifest, Purpose, Relation, ReviewItem, SnapshotFile,
};

use super::bulk::{ChannelReader, DownloadFormat, from_csv_error, open_file, pump_body};
use super::client::Client;
use super::error::Error;

/// The byte interval between two [`PullProgress::Downloading`] reports.
const PROGRESS_EVERY_BYTES: u64 = 1024 * 1024;

/// The row interval between two [`PullProgress::Rows`] reports.
const PROGRESS_EVERY_ROWS: u64 = 10_000;

/// What a snapshot pull is doing, for progress reports.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PullProgress {
    /// A file's download is being requested (this includes waiting for it to be ready).
    Started {
        /// The file.
        file: SnapshotFile,
    },
    /// Part of a file has arrived.
    Downloading {
        /// The file.
        file: SnapshotFile,
        /// Bytes received so far.
        bytes: u64,
    },
    /// Rows of a file written so far; reported every ten thousand rows or so, as parts of
    /// the file arrive.
    Rows {
        /// The file.
        file: SnapshotFile,
        /// Rows written so far.
        rows: u64,
    },
    /// A file is complete on disk.
    Finished {
        /// The file.
        file: SnapshotFile,
        /// Rows written.
        rows: u64,
        /// Bytes downloaded.
        bytes: u64,
    },
    /// A file was written empty because BalkanID has nothing to download for it.
    Skipped {
        /// The file.
        file: SnapshotFile,
        /// Why.
        reason: &'static str,
    },
}

/// One file's result.
struct Pulled<T> {
    rows: u64,
    first: Option<T>,
}

impl Client {
    /// Downloads every snapshot resource into `dir` (created if missing) as
    /// `<resource>.csv`, then writes `manifest.json` with `snapshot_time` = now.
    ///
    /// `progress` is called as each file starts, every megabyte and every ten thousand rows,
    /// and when it is done. The manifest's tenant id is the tenant of the first entity's BRN
    /// (else the apps file's `Tenant ID`), its name the apps file's `Tenant Name` (else the
    /// first label of the GraphQL host).
    ///
    /// # Errors
    ///
    /// The errors of a download ([`Error::Api`], [`Error::NotReady`], [`Error::Truncated`],
    /// ...), [`Error::Csv`] for a malformed row, and [`Error::Io`] when `dir` cannot be
    /// written. Files completed before the error stay in `dir`; no manifest is written.
    #[instrument(skip_all, fields(dir = %dir.as_ref().display()))]
    pub async fn pull_snapshot(
        &self,
        dir: impl AsRef<Path>,
        mut progress: impl FnMut(&PullProgress) + Send,
    ) -> Result<Manifest, Error> {
        let dir = dir.as_ref().to_path_buf();
        tokio::fs::create_dir_all(&dir)
            .await
            .map_err(|source| Error::Io {
                path: dir.clone(),
                source,
            })?;
        let snapshot_time: DateTime<Utc> = self.inner.clock.system_now().into();
        let mut files = std::collections::BTreeMap::new();
        let mut tenant_from_apps: Option<(String, String)> = None;
        let mut tenant_from_entities: Option<String> = None;

        for file in SnapshotFile::ALL.iter().copied() {
            let rows = match file {
                SnapshotFile::Apps => {
                    let pulled = self.pull_file::<App>(&dir, file, &mut progress).await?;
                    tenant_from_apps = pulled.first.map(|app| (app.tenant_id, app.tenant_name));
                    pulled.rows
                }
                SnapshotFile::Entities => {
                    let pulled = self.pull_file::<Entity>(&dir, file, &mut progress).await?;
                    tenant_from_entities =
                        pulled.first.map(|entity| entity.brn.tenant().to_owned());
                    pulled.rows
                }
                SnapshotFile::Admins => {
                    self.pull_file::<Admin>(&dir, file, &mut progress)
                        .await?
                        .rows
                }
                SnapshotFile::Integrations => {
                    self.pull_file::<Integration>(&dir, file, &mut progress)
                        .await?
                        .rows
                }
                SnapshotFile::Employees => {
                    self.pull_file::<Employee>(&dir, file, &mut progress)
                        .await?
                        .rows
                }
                SnapshotFile::EntityRelations => {
                    self.pull_file::<EntityRelation>(&dir, file, &mut progress)
                        .await?
                        .rows
                }
                SnapshotFile::Relations => {
                    self.pull_file::<Relation>(&dir, file, &mut progress)
                        .await?
                        .rows
                }
                SnapshotFile::Entitlements => {
                    self.pull_file::<Entitlement>(&dir, file, &mut progress)
                        .await?
                        .rows
                }
                SnapshotFile::BusinessOwners => {
                    self.pull_file::<BusinessOwner>(&dir, file, &mut progress)
                        .await?
                        .rows
                }
                SnapshotFile::Campaigns => {
                    self.pull_file::<Campaign>(&dir, file, &mut progress)
                        .await?
                        .rows
                }
                SnapshotFile::Reviews => {
                    self.pull_file::<ReviewItem>(&dir, file, &mut progress)
                        .await?
                        .rows
                }
                SnapshotFile::Requests => {
                    self.pull_file::<AccessRequest>(&dir, file, &mut progress)
                        .await?
                        .rows
                }
                SnapshotFile::Purposes => {
                    self.pull_file::<Purpose>(&dir, file, &mut progress)
                        .await?
                        .rows
                }
                SnapshotFile::Findings => {
                    self.pull_file::<Finding>(&dir, file, &mut progress)
                        .await?
                        .rows
                }
                SnapshotFile::Credentials => {
                    write_empty::<Credential>(&dir).await?;
                    let reason = "BalkanID exports no credentials; the file has its header only";
                    progress(&PullProgress::Skipped { file, reason });
                    0
                }
                other => {
                    warn!(file = ?other, "this version does not know how to pull this file");
                    continue;
                }
            };
            files.insert(file.resource().to_owned(), rows);
        }

        let (apps_tenant_id, apps_tenant_name) = tenant_from_apps.unzip();
        let tenant_id = tenant_from_entities.or(apps_tenant_id).unwrap_or_default();
        let tenant_name = apps_tenant_name
            .filter(|name| !name.trim().is_empty())
            .or_else(|| self.graphql_tenant_label())
            .unwrap_or_else(|| "BalkanID tenant".to_owned());
        let manifest = serde_json::json!({
            "format_version": Manifest::FORMAT_VERSION,
            "tenant_name": tenant_name,
            "tenant_id": tenant_id,
            "snapshot_time": snapshot_time,
            "generator": concat!("balkanid-api ", env!("CARGO_PKG_VERSION"), " pull_snapshot"),
            "files": files,
        });
        let manifest: Manifest = serde_json::from_value(manifest)
            .map_err(|e| Error::config(format!("the manifest could not be built: {e}")))?;

        let path = dir.join("manifest.json");
        let mut text = serde_json::to_string_pretty(&manifest)
            .map_err(|e| Error::config(format!("the manifest could not be written: {e}")))?;
        text.push('\n');
        tokio::fs::write(&path, text)
            .await
            .map_err(|source| Error::Io { path, source })?;
        info!(n_files = manifest.files.len(), "snapshot pulled");
        Ok(manifest)
    }

    /// Downloads one resource into `dir/<file>`, rewriting it through the domain writer.
    async fn pull_file<T: DownloadFormat>(
        &self,
        dir: &Path,
        file: SnapshotFile,
        progress: &mut (impl FnMut(&PullProgress) + Send),
    ) -> Result<Pulled<T>, Error> {
        progress(&PullProgress::Started { file });
        let response = open_file(self, T::RESOURCE, self.inner.polling).await?;

        let final_path = dir.join(file.file_name());
        let partial_path = dir.join(format!("{}.partial", file.file_name()));
        let (sender, receiver) = mpsc::channel(super::bulk::BYTE_CHANNEL_CHUNKS);
        let writer_path = partial_path.clone();
        let rows_written = Arc::new(AtomicU64::new(0));
        let writer_rows = Arc::clone(&rows_written);
        let writer =
            tokio::task::spawn_blocking(move || rewrite::<T>(receiver, &writer_path, &writer_rows));

        let mut next_report = PROGRESS_EVERY_BYTES;
        let mut next_rows_report = PROGRESS_EVERY_ROWS;
        let mut bytes = 0;
        let idle = self.inner.timeouts.attempt;
        pump_body(idle, T::RESOURCE, response, sender, |received| {
            bytes = received;
            if received >= next_report {
                next_report = received + PROGRESS_EVERY_BYTES;
                progress(&PullProgress::Downloading {
                    file,
                    bytes: received,
                });
            }
            // The writer runs behind the download, so the count is of rows written by now.
            let rows = rows_written.load(Ordering::Relaxed);
            if rows >= next_rows_report {
                next_rows_report = rows + PROGRESS_EVERY_ROWS;
                progress(&PullProgress::Rows { file, rows });
            }
        })
        .await;

        let written = writer.await.map_err(|e| Error::Io {
            path: partial_path.clone(),
            source: std::io::Error::other(format!("the writer task failed: {e}")),
        })?;
        let (rows, first) = written?;
        tokio::fs::rename(&partial_path, &final_path)
            .await
            .map_err(|source| Error::Io {
                path: final_path.clone(),
                source,
            })?;
        progress(&PullProgress::Finished { file, rows, bytes });
        Ok(Pulled { rows, first })
    }

    fn graphql_tenant_label(&self) -> Option<String> {
        let host = self.graphql_url()?.host_str()?;
        let label = host.split('.').next()?;
        (!label.is_empty()).then(|| label.to_owned())
    }
}

/// Reads rows from the chunks and writes them to `path`, counting them in `rows_written`;
/// returns the row count and the first row. Runs on a blocking thread.
fn rewrite<T: DownloadFormat>(
    chunks: mpsc::Receiver<std::io::Result<bytes::Bytes>>,
    path: &Path,
    rows_written: &AtomicU64,
) -> Result<(u64, Option<T>), Error> {
    let io_error = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let output = File::create(path).map_err(io_error)?;
    let mut writer = Writer::<_, T>::new(BufWriter::new(output))?;
    let mut first = None;

    for row in Reader::<_, T>::new(ChannelReader::new(chunks)) {
        let row = row.map_err(from_csv_error)?;
        writer.write(&row)?;
        rows_written.store(writer.n_rows(), Ordering::Relaxed);
        if first.is_none() {
            first = Some(row);
        }
    }

    let rows = writer.n_rows();
    let mut output = writer.finish()?;
    output.flush().map_err(io_error)?;
    Ok((rows, first))
}

/// Writes a file of `T` with its header only.
async fn write_empty<T: balkanid_domain::csv::Record>(dir: &Path) -> Result<(), Error> {
    let path: PathBuf = dir.join(T::FILE_NAME);
    let bytes = balkanid_domain::csv::write_all::<T>(std::iter::empty())?;
    tokio::fs::write(&path, bytes)
        .await
        .map_err(|source| Error::Io { path, source })
}
