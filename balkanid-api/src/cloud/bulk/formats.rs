//! Which domain row types are which bulk resource, for downloads and uploads.

use balkanid_domain::csv::Record;

use super::BulkResource;

/// A row type with a typed download: the rows of `RESOURCE`'s download file.
pub trait DownloadFormat: Record + Send + 'static {
    /// The resource whose download file holds these rows.
    const RESOURCE: BulkResource;
}

/// A row type with a typed upload: the rows of `RESOURCE`'s upload file.
pub trait UploadFormat: Record {
    /// The resource whose upload file holds these rows.
    const RESOURCE: BulkResource;
}
