//! Uploads: write the file, request an upload URL, `PUT` the bytes there.

use bytes::Bytes;
use reqwest::Method;
use reqwest::header;
use tracing::{info, instrument};

use balkanid_domain::csv::CsvError;
use balkanid_domain::ids::IntegrationId;

use super::download::endpoint_url;
use super::wire::{self, UploadLink};
use super::{BulkResource, check_endpoint, check_integration};
use crate::cloud::client::Client;
use crate::cloud::error::{ApiError, DecodeError, Error, excerpt};
use crate::cloud::retry::Idempotency;
use crate::cloud::transport::Call;

/// An upload in preparation; made by [`Resource::upload`](super::Resource::upload) or
/// [`RawResource::upload`](super::RawResource::upload).
///
/// The file is held in memory until it is sent (a `PUT` to a pre-signed URL needs its
/// length up front, and a retry needs the bytes again).
///
/// ```no_run
/// # async fn run(
/// #     client: balkanid_api::cloud::Client,
/// #     employees: Vec<balkanid_domain::model::Employee>,
/// # ) -> Result<(), balkanid_api::cloud::Error> {
/// let receipt = client.bulk().employees().upload(&employees).send().await?;
/// println!("uploaded {} bytes", receipt.n_bytes);
/// # Ok(()) }
/// ```
pub struct Upload {
    client: Client,
    resource: BulkResource,
    written: Result<(Bytes, Option<u64>), CsvError>,
    integration: Option<IntegrationId>,
}

impl std::fmt::Debug for Upload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Upload {
            client: _,
            resource,
            written,
            integration,
        } = self;
        // The file itself may hold personal data: only its size is shown.
        let file = match written {
            Ok((bytes, n_rows)) => format!("{} bytes, {n_rows:?} rows", bytes.len()),
            Err(error) => format!("not written: {error}"),
        };
        f.debug_struct("Upload")
            .field("resource", resource)
            .field("file", &file)
            .field("integration", integration)
            .finish()
    }
}

/// What an upload sent. BalkanID processes the file afterwards and documents no way to
/// follow that processing; its UI shows the result.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct UploadReceipt {
    /// The resource uploaded.
    pub resource: BulkResource,
    /// The rows written, for typed uploads.
    pub n_rows: Option<u64>,
    /// The bytes sent.
    pub n_bytes: u64,
}

impl Upload {
    pub(crate) fn new(
        client: Client,
        resource: BulkResource,
        written: Result<(Bytes, Option<u64>), CsvError>,
    ) -> Self {
        Upload {
            client,
            resource,
            written,
            integration: None,
        }
    }

    /// Names the integration the rows belong to, sent as `integrationId` (inferred).
    ///
    /// Required for entitlements, entities and entity relations; when not called for those,
    /// `send` fails. For other resources it is sent when given and left out when not.
    #[must_use]
    pub fn integration(mut self, integration: IntegrationId) -> Self {
        self.integration = Some(integration);
        self
    }

    /// Sends the file.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a resource without an upload endpoint or a missing
    /// integration, [`Error::Csv`] if the rows could not be written, [`Error::Api`] when a
    /// request is refused, [`Error::UrlExpired`] when every pre-signed URL had expired, and
    /// the connection and timeout errors of any call.
    #[instrument(skip_all, fields(resource = %self.resource))]
    pub async fn send(self) -> Result<UploadReceipt, Error> {
        let Upload {
            client,
            resource,
            written,
            integration,
        } = self;
        check_endpoint(resource, true)?;
        check_integration(resource, integration.as_ref())?;
        let (bytes, n_rows) = written?;
        let max_urls = client.inner.polling.max_url_refreshes + 1;
        let mut n_urls: u32 = 0;

        loop {
            n_urls += 1;
            let url_call = Call::new(
                &client,
                Method::POST,
                endpoint_url(&client, resource, "upload-url")?,
                Idempotency::Idempotent,
            )
            .with_body(wire::upload_url_body(integration.as_ref()), wire::JSON);
            let link: UploadLink = client.execute_json(&url_call).await?;
            let Some(target) = client.base_url().join(link.url.trim()).ok() else {
                return Err(Error::Decode(Box::new(DecodeError {
                    request: url_call.label(),
                    path: "url".to_owned(),
                    message: "is not a URL".to_owned(),
                    excerpt: excerpt(&client.redact(link.url.split('?').next().unwrap_or(""))),
                })));
            };

            let content_type = wire::upload_content_type(resource.is_zip());
            let put = Call::new(&client, Method::PUT, target, Idempotency::Idempotent)
                .with_body(bytes.clone(), content_type);
            let response = client.execute(&put).await?;
            if response.status().is_success() {
                let n_bytes = bytes.len() as u64;
                info!(resource = %resource, n_bytes, "file uploaded");
                return Ok(UploadReceipt {
                    resource,
                    n_rows,
                    n_bytes,
                });
            }

            let status = response.status().as_u16();
            let response_type = response
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let body = client
                .read_small_body(response, put.deadline)
                .await
                .unwrap_or_default();
            if !wire::is_expired_url(status, &body) {
                let redact = |text: &str| client.redact(text);
                let api = ApiError::from_body(
                    status,
                    put.label(),
                    response_type.as_deref(),
                    &body,
                    &redact,
                );
                return Err(Error::Api(Box::new(api)));
            }
            if n_urls >= max_urls {
                return Err(Error::UrlExpired {
                    resource: resource.to_string(),
                    n_urls,
                });
            }
            info!(resource = %resource, n_urls, "the upload URL had expired; asking for a new one");
        }
    }
}
