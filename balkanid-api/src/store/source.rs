//! Where a snapshot is read from: a directory on disk or the demo company built into the
//! crate, with its manifest and a fingerprint that tells whether a database holds it.

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

use balkanid_domain::model::{Manifest, SnapshotFile};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result, StoreError};
use crate::store::demo;
use crate::tenant::SnapshotSource;

/// The name of a snapshot's manifest file.
pub(crate) const MANIFEST_FILE: &str = "manifest.json";

/// An opened snapshot source with its manifest read.
pub(crate) struct Snapshot {
    origin: Origin,
    /// The manifest.
    pub manifest: Manifest,
    /// Identifies this snapshot's content: the manifest and the embedded files' content, or
    /// for a directory each file's size and modification time.
    pub fingerprint: String,
}

enum Origin {
    Embedded(&'static [(&'static str, &'static str)]),
    Directory(PathBuf),
}

impl Snapshot {
    /// Reads the manifest of `source`.
    ///
    /// # Errors
    ///
    /// [`Error::Import`] naming `manifest.json` when it is missing or not a manifest this
    /// crate reads.
    pub fn open(source: &SnapshotSource) -> Result<Snapshot> {
        let origin = match source {
            SnapshotSource::Demo => Origin::Embedded(demo::files()),
            SnapshotSource::Directory(path) => Origin::Directory(path.clone()),
        };

        let manifest_bytes = match &origin {
            Origin::Embedded(files) => match find_embedded(files, MANIFEST_FILE) {
                Some(text) => text.as_bytes().to_vec(),
                None => return Err(manifest_error(StoreError::message("it is missing"))),
            },
            Origin::Directory(path) if !path.is_dir() => {
                let message = format!(
                    "the snapshot directory {} does not exist or is not a directory",
                    display_path(path)
                );
                return Err(Error::invalid("tenant", message));
            }
            Origin::Directory(path) => std::fs::read(path.join(MANIFEST_FILE)).map_err(|e| {
                let message = format!(
                    "cannot read {}: {e}",
                    display_path(&path.join(MANIFEST_FILE))
                );
                manifest_error(StoreError::message(message))
            })?,
        };
        let manifest: Manifest =
            serde_json::from_slice(&manifest_bytes).map_err(|e| Error::Import {
                file: MANIFEST_FILE.to_owned(),
                line: Some(e.line() as u64),
                column: None,
                source: StoreError::new(e),
            })?;
        if manifest.format_version != Manifest::FORMAT_VERSION {
            let message = format!(
                "format_version is {}; this program reads version {}",
                manifest.format_version,
                Manifest::FORMAT_VERSION
            );
            return Err(manifest_error(StoreError::message(message)));
        }

        let mut hasher = Sha256::new();
        hasher.update(&manifest_bytes);
        match &origin {
            // Built into the program: hashing the few megabytes costs milliseconds and
            // notices any change of the demo company.
            Origin::Embedded(files) => {
                for (name, text) in files.iter() {
                    hasher.update(format!("\n{name} {}\n", text.len()).as_bytes());
                    hasher.update(text.as_bytes());
                }
            }
            // Possibly gigabytes: each file's size and modification time stand for its
            // content (inferred to be enough, since snapshots are written whole).
            Origin::Directory(path) => {
                for file in SnapshotFile::ALL {
                    let name = file.file_name();
                    let Ok(metadata) = std::fs::metadata(path.join(&name)) else {
                        continue;
                    };
                    let modified = metadata
                        .modified()
                        .ok()
                        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                        .map_or(0, |d| d.as_nanos());
                    hasher.update(format!("\n{name} {} {modified}", metadata.len()).as_bytes());
                }
            }
        }
        let fingerprint = hex(&hasher.finalize());

        Ok(Snapshot {
            origin,
            manifest,
            fingerprint,
        })
    }

    /// Opens one resource file for streaming; `None` when the snapshot does not have it.
    ///
    /// # Errors
    ///
    /// [`Error::Import`] when the file exists but cannot be opened, or when the manifest
    /// lists it and it is missing.
    pub fn open_file(&self, file: SnapshotFile) -> Result<Option<Box<dyn Read + Send>>> {
        let name = file.file_name();
        let listed = self.manifest.files.contains_key(file.resource());
        let missing = || Error::Import {
            file: name.clone(),
            line: None,
            column: None,
            source: StoreError::message("the manifest lists this file but it is missing"),
        };

        match &self.origin {
            Origin::Embedded(files) => match find_embedded(files, &name) {
                Some(text) => Ok(Some(Box::new(text.as_bytes()))),
                None if listed => Err(missing()),
                None => Ok(None),
            },
            Origin::Directory(path) => match File::open(path.join(&name)) {
                Ok(handle) => Ok(Some(Box::new(BufReader::with_capacity(1 << 16, handle)))),
                Err(e) if e.kind() == io::ErrorKind::NotFound && !listed => Ok(None),
                Err(e) if e.kind() == io::ErrorKind::NotFound => Err(missing()),
                Err(e) => Err(Error::Import {
                    file: name.clone(),
                    line: None,
                    column: None,
                    source: StoreError::new(e),
                }),
            },
        }
    }

    /// The file name, without directory, a database of this snapshot gets by default:
    /// `demo.sqlite` for the demo company, else the tenant id with anything but letters,
    /// digits, `-` and `_` replaced.
    pub fn default_database_name(&self) -> String {
        let stem = match &self.origin {
            Origin::Embedded(_) => "demo".to_owned(),
            Origin::Directory(_) => self
                .manifest
                .tenant_id
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect(),
        };
        format!("{stem}.sqlite")
    }

    /// Says where the snapshot comes from, for the database's records.
    pub fn describe(&self) -> String {
        match &self.origin {
            Origin::Embedded(_) => "demo".to_owned(),
            Origin::Directory(path) => display_path(path),
        }
    }
}

fn find_embedded(files: &[(&str, &'static str)], name: &str) -> Option<&'static str> {
    files
        .iter()
        .find(|(file, _)| *file == name)
        .map(|(_, text)| *text)
}

fn manifest_error(source: StoreError) -> Error {
    Error::Import {
        file: MANIFEST_FILE.to_owned(),
        line: None,
        column: None,
        source,
    }
}

fn display_path(path: &Path) -> String {
    path.display().to_string()
}

/// Lowercase hexadecimal of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
