//! The bulk REST API (v0): every resource as a CSV file behind a pre-signed URL.
//!
//! A download asks `POST {base}/{resource}/download-url` for a file URL and a polling URL,
//! sends `HEAD` to the polling URL until the file is ready, then streams `GET` of the file
//! into typed rows while it arrives: the file is never held whole. An upload writes typed
//! rows as CSV, asks `POST {base}/{resource}/upload-url` for a URL and `PUT`s the bytes there.
//! What the reference leaves open about these requests is decided in one place, the `wire`
//! module, and listed in [the cloud module docs](super).
//!
//! Typed calls exist for every resource whose CSV format `balkanid_domain::csv` knows; the
//! others (and Entity RBAC, which downloads as a ZIP) are reachable as bytes through
//! [`Bulk::raw`]. `unsupported_endpoints.txt` beside this module lists every endpoint without a
//! typed call, and a test keeps that list equal to what is implemented.

use std::fmt;
use std::marker::PhantomData;

use bytes::Bytes;

use balkanid_domain::csv::{CsvError, Record, Writer};
use balkanid_domain::ids::IntegrationId;

use super::client::Client;
use super::error::Error;

mod download;
mod formats;
mod stream;
mod upload;
mod wire;

pub use download::{Download, RawDownload};
pub use formats::{DownloadFormat, UploadFormat};
#[cfg(test)]
pub(crate) use formats::{TYPED_DOWNLOADS, TYPED_UPLOADS};
pub use stream::{ByteStream, Rows};
pub use upload::{Upload, UploadReceipt};

pub(crate) use download::{open_file, pump_body};
pub(crate) use stream::{BYTE_CHANNEL_CHUNKS, ChannelReader, from_csv_error};

/// One resource of the bulk REST API, named by its path segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum BulkResource {
    /// `admins`: download.
    Admins,
    /// `apps`: download.
    Apps,
    /// `business-owners`: download and upload (same format).
    BusinessOwners,
    /// `campaigns`: download and upload (different formats).
    Campaigns,
    /// `applied-labels`: upload.
    AppliedLabels,
    /// `entity-finding-rules`: download.
    EntityFindingRules,
    /// `entity-rules` (custom insights): download.
    EntityRules,
    /// `filters`: download; upload at an inferred path.
    Filters,
    /// `findings`: download and upload.
    Findings,
    /// `labels`: download; upload at an inferred path.
    Labels,
    /// `privileged`: download and upload at inferred paths; content unknown.
    Privileged,
    /// `rbac`: download and upload.
    Rbac,
    /// `rbac2`: download and upload.
    Rbac2,
    /// `rules`: download; upload at an inferred path.
    Rules,
    /// `employees`: download and upload (same format).
    Employees,
    /// `entitlements`: download and upload (different formats).
    Entitlements,
    /// `entities`: download and upload (different formats).
    Entities,
    /// `entity-insights`: download; upload at an inferred path.
    EntityInsights,
    /// `entity-rbac`: download (a ZIP) and upload.
    EntityRbac,
    /// `entity-relations`: download and upload (different formats).
    EntityRelations,
    /// `integrations`: download and upload (different formats).
    Integrations,
    /// `playbook-templates`: download at an inferred path; content unknown.
    PlaybookTemplates,
    /// `relations`: upload; download at an inferred path, in the upload's format.
    Relations,
    /// `purposes`: download and upload.
    Purposes,
    /// `requests`: download and upload (different formats).
    Requests,
    /// `reviews`: download; upload at an inferred path.
    Reviews,
    /// `webhook-templates`: download; upload at an inferred path.
    WebhookTemplates,
}

/// How well an endpoint of a resource is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EndpointStatus {
    /// The reference documents the endpoint.
    Documented,
    /// A page exists but its path was inferred from the pattern of the others.
    InferredPath,
    /// No such endpoint is known.
    Absent,
}

impl EndpointStatus {
    /// Whether the client will call the endpoint (documented or at an inferred path).
    pub fn is_available(self) -> bool {
        self != EndpointStatus::Absent
    }
}

impl BulkResource {
    /// Every resource of the reference's endpoint table.
    pub const ALL: &'static [BulkResource] = &[
        BulkResource::Admins,
        BulkResource::Apps,
        BulkResource::BusinessOwners,
        BulkResource::Campaigns,
        BulkResource::AppliedLabels,
        BulkResource::EntityFindingRules,
        BulkResource::EntityRules,
        BulkResource::Filters,
        BulkResource::Findings,
        BulkResource::Labels,
        BulkResource::Privileged,
        BulkResource::Rbac,
        BulkResource::Rbac2,
        BulkResource::Rules,
        BulkResource::Employees,
        BulkResource::Entitlements,
        BulkResource::Entities,
        BulkResource::EntityInsights,
        BulkResource::EntityRbac,
        BulkResource::EntityRelations,
        BulkResource::Integrations,
        BulkResource::PlaybookTemplates,
        BulkResource::Relations,
        BulkResource::Purposes,
        BulkResource::Requests,
        BulkResource::Reviews,
        BulkResource::WebhookTemplates,
    ];

    /// The path segment, such as `entity-relations`.
    pub fn path(self) -> &'static str {
        match self {
            BulkResource::Admins => "admins",
            BulkResource::Apps => "apps",
            BulkResource::BusinessOwners => "business-owners",
            BulkResource::Campaigns => "campaigns",
            BulkResource::AppliedLabels => "applied-labels",
            BulkResource::EntityFindingRules => "entity-finding-rules",
            BulkResource::EntityRules => "entity-rules",
            BulkResource::Filters => "filters",
            BulkResource::Findings => "findings",
            BulkResource::Labels => "labels",
            BulkResource::Privileged => "privileged",
            BulkResource::Rbac => "rbac",
            BulkResource::Rbac2 => "rbac2",
            BulkResource::Rules => "rules",
            BulkResource::Employees => "employees",
            BulkResource::Entitlements => "entitlements",
            BulkResource::Entities => "entities",
            BulkResource::EntityInsights => "entity-insights",
            BulkResource::EntityRbac => "entity-rbac",
            BulkResource::EntityRelations => "entity-relations",
            BulkResource::Integrations => "integrations",
            BulkResource::PlaybookTemplates => "playbook-templates",
            BulkResource::Relations => "relations",
            BulkResource::Purposes => "purposes",
            BulkResource::Requests => "requests",
            BulkResource::Reviews => "reviews",
            BulkResource::WebhookTemplates => "webhook-templates",
        }
    }

    /// The resource with path segment `path`.
    pub fn from_path(path: &str) -> Option<BulkResource> {
        let path = path.trim().trim_matches('/');
        BulkResource::ALL.iter().copied().find(|r| r.path() == path)
    }

    /// How well `POST {resource}/download-url` is known.
    pub fn download(self) -> EndpointStatus {
        match self {
            BulkResource::AppliedLabels => EndpointStatus::Absent,
            BulkResource::Privileged
            | BulkResource::PlaybookTemplates
            | BulkResource::Relations => EndpointStatus::InferredPath,
            _ => EndpointStatus::Documented,
        }
    }

    /// How well `POST {resource}/upload-url` is known.
    pub fn upload(self) -> EndpointStatus {
        match self {
            BulkResource::Admins
            | BulkResource::Apps
            | BulkResource::EntityFindingRules
            | BulkResource::EntityRules
            | BulkResource::PlaybookTemplates => EndpointStatus::Absent,
            BulkResource::Filters
            | BulkResource::Labels
            | BulkResource::Privileged
            | BulkResource::Rules
            | BulkResource::EntityInsights
            | BulkResource::Reviews
            | BulkResource::WebhookTemplates => EndpointStatus::InferredPath,
            _ => EndpointStatus::Documented,
        }
    }

    /// Whether the file is a ZIP rather than a CSV (Entity RBAC).
    pub fn is_zip(self) -> bool {
        self == BulkResource::EntityRbac
    }

    /// Whether an upload must name the integration its rows belong to (inferred, see the
    /// `wire` module): entitlements, entities and entity relations.
    pub fn upload_needs_integration(self) -> bool {
        matches!(
            self,
            BulkResource::Entitlements | BulkResource::Entities | BulkResource::EntityRelations
        )
    }
}

impl fmt::Display for BulkResource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.path())
    }
}

/// The bulk REST API of a [`Client`]; made by [`Client::bulk`].
#[derive(Clone, Debug)]
pub struct Bulk {
    client: Client,
}

impl Bulk {
    pub(crate) fn new(client: Client) -> Self {
        Bulk { client }
    }

    /// The typed resource whose rows are `T`, such as `bulk.of::<Employee>()`.
    pub fn of<T>(&self) -> Resource<T> {
        Resource {
            client: self.client.clone(),
            marker: PhantomData,
        }
    }

    /// Downloads the file whose rows are `T`, such as `bulk.download::<Employee>()`.
    pub fn download<T: DownloadFormat>(&self) -> Download<T> {
        Download::new(self.client.clone())
    }

    /// Uploads `rows` to the resource of their type; for resources whose upload layout
    /// differs from the download (such as [`EntityUpload`](balkanid_domain::csv::EntityUpload)
    /// rows for `entities`).
    pub fn upload<'a, U: UploadFormat + 'a>(
        &self,
        rows: impl IntoIterator<Item = &'a U>,
    ) -> Upload {
        let written = write_rows(rows);
        Upload::new(self.client.clone(), U::RESOURCE, written)
    }

    /// A resource as bytes, for formats the client does not type (and Entity RBAC's ZIP).
    pub fn raw(&self, resource: BulkResource) -> RawResource {
        RawResource {
            client: self.client.clone(),
            resource,
        }
    }
}

/// One typed bulk resource; made by the named methods of [`Bulk`] or [`Bulk::of`].
pub struct Resource<T> {
    client: Client,
    marker: PhantomData<fn() -> T>,
}

impl<T> fmt::Debug for Resource<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Resource")
            .field("rows", &std::any::type_name::<T>())
            .finish()
    }
}

impl<T: DownloadFormat> Resource<T> {
    /// Downloads the resource's file as typed rows; see [`Download`].
    pub fn download(&self) -> Download<T> {
        Download::new(self.client.clone())
    }
}

impl<T: UploadFormat> Resource<T> {
    /// Uploads `rows` as the resource's file; see [`Upload`].
    pub fn upload<'a>(&self, rows: impl IntoIterator<Item = &'a T>) -> Upload
    where
        T: 'a,
    {
        let written = write_rows(rows);
        Upload::new(self.client.clone(), T::RESOURCE, written)
    }
}

/// One bulk resource as bytes; made by [`Bulk::raw`].
#[derive(Clone, Debug)]
pub struct RawResource {
    client: Client,
    resource: BulkResource,
}

impl RawResource {
    /// Downloads the file as a stream of bytes; see [`RawDownload`].
    pub fn download(&self) -> RawDownload {
        RawDownload::new(self.client.clone(), self.resource)
    }

    /// Uploads `bytes` (a CSV file, or a ZIP for Entity RBAC) as they are; see [`Upload`].
    pub fn upload(&self, bytes: impl Into<Bytes>) -> Upload {
        let bytes = bytes.into();
        Upload::new(self.client.clone(), self.resource, Ok((bytes, None)))
    }
}

/// Writes rows as a CSV file in memory, with the row count.
fn write_rows<'a, T: Record + 'a>(
    rows: impl IntoIterator<Item = &'a T>,
) -> Result<(Bytes, Option<u64>), CsvError> {
    let mut writer = Writer::<_, T>::new(Vec::new())?;
    for row in rows {
        writer.write(row)?;
    }
    let n_rows = writer.n_rows();
    let bytes = writer.finish()?;
    Ok((Bytes::from(bytes), Some(n_rows)))
}

/// Checks that `resource` has the endpoint a call needs.
pub(crate) fn check_endpoint(resource: BulkResource, upload: bool) -> Result<(), Error> {
    let (status, what) = match upload {
        true => (resource.upload(), "upload"),
        false => (resource.download(), "download"),
    };
    if status.is_available() {
        return Ok(());
    }
    let message = format!("BalkanID's bulk API has no {what} endpoint for `{resource}`");
    Err(Error::invalid_input(message))
}

/// The integration named for an upload, checked against the resource's needs.
pub(crate) fn check_integration(
    resource: BulkResource,
    integration: Option<&IntegrationId>,
) -> Result<(), Error> {
    if integration.is_some() || !resource.upload_needs_integration() {
        return Ok(());
    }
    let message = format!(
        "an upload of `{resource}` must name its integration: call Upload::integration with an \
         id such as `okta/01J07X778EK4BH2M2A1VY4HCYF`"
    );
    Err(Error::invalid_input(message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_resource_path_reads_back_as_the_same_resource() {
        for resource in BulkResource::ALL {
            assert_eq!(BulkResource::from_path(resource.path()), Some(*resource));
        }
        assert_eq!(
            BulkResource::from_path("/entity-relations/"),
            Some(BulkResource::EntityRelations)
        );
        assert_eq!(BulkResource::from_path("nope"), None);
    }

    #[test]
    fn endpoint_table_matches_the_reference_counts() {
        // Reference section 2 lists 49 rows: 26 downloads (one inferred-only row, relations),
        // 22 uploads and one unknown upload (playbook templates) that is not offered.
        let n_downloads = BulkResource::ALL
            .iter()
            .filter(|r| r.download().is_available())
            .count();
        let n_uploads = BulkResource::ALL
            .iter()
            .filter(|r| r.upload().is_available())
            .count();

        assert_eq!(n_downloads, 26);
        assert_eq!(n_uploads, 22);
    }

    #[test]
    fn an_absent_endpoint_is_refused_with_a_clear_error() {
        let error = check_endpoint(BulkResource::Apps, true).unwrap_err();

        assert_eq!(
            error.to_string(),
            "invalid input: BalkanID's bulk API has no upload endpoint for `apps`"
        );
    }

    /// The endpoints `unsupported_endpoints.txt` lists, as `(path, reach)`.
    fn unsupported_list() -> Vec<(String, String)> {
        include_str!("unsupported_endpoints.txt")
            .lines()
            .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
            .map(|line| {
                let parts: Vec<&str> = line.split('|').map(str::trim).collect();
                assert_eq!(parts.len(), 3, "malformed line {line:?}");
                let path = parts[0]
                    .strip_prefix("POST ")
                    .expect("POST endpoint")
                    .to_owned();
                (path, parts[1].to_owned())
            })
            .collect()
    }

    #[test]
    fn unsupported_endpoints_list_matches_the_implementation() {
        let listed = unsupported_list();
        let mut expected = Vec::new();
        for resource in BulkResource::ALL {
            let directions = [
                (
                    "download-url",
                    resource.download(),
                    TYPED_DOWNLOADS.contains(resource),
                ),
                (
                    "upload-url",
                    resource.upload(),
                    TYPED_UPLOADS.contains(resource),
                ),
            ];
            for (action, status, typed) in directions {
                if status.is_available() && !typed {
                    expected.push((format!("/{resource}/{action}"), "raw".to_owned()));
                }
            }
        }

        let listed_raw: Vec<(String, String)> = listed
            .iter()
            .filter(|(_, reach)| reach == "raw")
            .cloned()
            .collect();
        let mut listed_sorted = listed_raw.clone();
        listed_sorted.sort();
        expected.sort();
        assert_eq!(
            listed_sorted, expected,
            "unsupported_endpoints.txt is stale"
        );

        for (path, reach) in &listed {
            assert!(
                reach == "raw" || reach == "none",
                "unknown reach {reach:?} for {path}"
            );
            if reach == "none" {
                let callable = BulkResource::ALL.iter().any(|r| {
                    let download =
                        format!("/{r}/download-url") == *path && r.download().is_available();
                    let upload = format!("/{r}/upload-url") == *path && r.upload().is_available();
                    download || upload
                });
                assert!(
                    !callable,
                    "{path} is listed as not callable but the client calls it"
                );
            }
        }
    }

    #[test]
    fn every_typed_resource_has_its_endpoint() {
        for resource in TYPED_DOWNLOADS {
            assert!(resource.download().is_available(), "{resource}");
        }
        for resource in TYPED_UPLOADS {
            assert!(resource.upload().is_available(), "{resource}");
        }
    }

    #[test]
    fn integration_scoped_uploads_require_an_integration() {
        assert!(check_integration(BulkResource::Entitlements, None).is_err());
        assert!(check_integration(BulkResource::Employees, None).is_ok());
    }
}
