//! Downloads: request the file's URLs, poll until it is ready, open it, renew expired URLs.

use std::io;
use std::marker::PhantomData;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header;
use reqwest::{Method, Response};
use tokio::sync::mpsc;
use tracing::{debug, info, instrument};
use url::Url;

use super::stream::{BYTE_CHANNEL_CHUNKS, ByteStream, Rows, to_io_error};
use super::wire::{self, DownloadLinks, PollAnswer};
use super::{BulkResource, DownloadFormat, check_endpoint};
use crate::cloud::client::Client;
use crate::cloud::config::PollConfig;
use crate::cloud::error::{ApiError, DecodeError, Error, TimeoutKind, excerpt};
use crate::cloud::retry::Idempotency;
use crate::cloud::transport::{Call, origin_text};

/// A typed download in preparation; made by [`Resource::download`](super::Resource::download).
///
/// ```no_run
/// # async fn run(client: balkanid_api::cloud::Client) -> Result<(), balkanid_api::cloud::Error> {
/// use futures::StreamExt;
///
/// let mut rows = client.bulk().employees().download().send().await?;
/// while let Some(employee) = rows.next().await {
///     let employee = employee?;
///     println!("{}", employee.work_email);
/// }
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Download<T> {
    client: Client,
    poll: PollConfig,
    marker: PhantomData<fn() -> T>,
}

impl<T: DownloadFormat> Download<T> {
    pub(crate) fn new(client: Client) -> Self {
        let poll = client.inner.polling;
        Download {
            client,
            poll,
            marker: PhantomData,
        }
    }

    /// Sets how long to wait for the file to be ready.
    ///
    /// When not called, the client's [`PollConfig::timeout`] applies.
    #[must_use]
    pub fn poll_timeout(mut self, timeout: Duration) -> Self {
        self.poll.timeout = timeout;
        self
    }

    /// Sets how many fresh URLs to request when a pre-signed URL has expired.
    ///
    /// When not called, the client's [`PollConfig::max_url_refreshes`] applies.
    #[must_use]
    pub fn max_url_refreshes(mut self, refreshes: u32) -> Self {
        self.poll.max_url_refreshes = refreshes;
        self
    }

    /// Requests the file, waits until it is ready and starts streaming its rows.
    ///
    /// # Errors
    ///
    /// [`Error::Api`] when a request is refused, [`Error::NotReady`] when the file is not
    /// ready in time, [`Error::UrlExpired`] when every pre-signed URL had expired, and the
    /// connection and timeout errors of any call. Errors while the file streams come out of
    /// the returned [`Rows`].
    #[instrument(skip_all, fields(resource = %T::RESOURCE))]
    pub async fn send(self) -> Result<Rows<T>, Error> {
        let response = open_file(&self.client, T::RESOURCE, self.poll).await?;

        let (sender, receiver) = mpsc::channel(BYTE_CHANNEL_CHUNKS);
        let idle = self.client.inner.timeouts.attempt;
        let network = tokio::spawn(pump_body(idle, T::RESOURCE, response, sender, |_| {}));
        Ok(Rows::start(T::RESOURCE, receiver, network))
    }
}

/// A download of a resource's file as bytes; made by
/// [`RawResource::download`](super::RawResource::download).
#[derive(Debug)]
pub struct RawDownload {
    client: Client,
    resource: BulkResource,
    poll: PollConfig,
}

impl RawDownload {
    pub(crate) fn new(client: Client, resource: BulkResource) -> Self {
        let poll = client.inner.polling;
        RawDownload {
            client,
            resource,
            poll,
        }
    }

    /// Sets how long to wait for the file to be ready.
    ///
    /// When not called, the client's [`PollConfig::timeout`] applies.
    #[must_use]
    pub fn poll_timeout(mut self, timeout: Duration) -> Self {
        self.poll.timeout = timeout;
        self
    }

    /// Sets how many fresh URLs to request when a pre-signed URL has expired.
    ///
    /// When not called, the client's [`PollConfig::max_url_refreshes`] applies.
    #[must_use]
    pub fn max_url_refreshes(mut self, refreshes: u32) -> Self {
        self.poll.max_url_refreshes = refreshes;
        self
    }

    /// Requests the file, waits until it is ready and starts streaming its bytes.
    ///
    /// # Errors
    ///
    /// As [`Download::send`], and [`Error::InvalidInput`] for a resource without a download
    /// endpoint.
    #[instrument(skip_all, fields(resource = %self.resource))]
    pub async fn send(self) -> Result<ByteStream, Error> {
        let response = open_file(&self.client, self.resource, self.poll).await?;
        let content_length = response.content_length();

        let (sender, receiver) = mpsc::channel(BYTE_CHANNEL_CHUNKS);
        let idle = self.client.inner.timeouts.attempt;
        let network = tokio::spawn(pump_body(idle, self.resource, response, sender, |_| {}));
        Ok(ByteStream::new(
            self.resource,
            receiver,
            network,
            content_length,
        ))
    }
}

/// Runs the download flow up to an open response whose body is the file.
pub(crate) async fn open_file(
    client: &Client,
    resource: BulkResource,
    poll: PollConfig,
) -> Result<Response, Error> {
    check_endpoint(resource, false)?;
    let mut n_urls: u32 = 0;

    loop {
        n_urls += 1;
        let links = request_links(client, resource).await?;
        let polling_url = resolve(client, resource, &links.polling_url, "pollingUrl")?;
        let file_url = resolve(client, resource, &links.url, "url")?;
        wait_until_ready(client, resource, &polling_url, poll).await?;

        let call = Call::new(client, Method::GET, file_url, Idempotency::Idempotent);
        let response = client.execute(&call).await?;
        if response.status().is_success() {
            debug!(resource = %resource, length = ?response.content_length(), "file opened");
            return Ok(response);
        }

        let status = response.status().as_u16();
        let content_type = content_type(&response);
        let body = client
            .read_small_body(response, call.deadline)
            .await
            .unwrap_or_default();
        if !wire::is_expired_url(status, &body) {
            let redact = |text: &str| client.redact(text);
            let api = ApiError::from_body(
                status,
                call.label(),
                content_type.as_deref(),
                &body,
                &redact,
            );
            return Err(Error::Api(Box::new(api)));
        }
        if n_urls > poll.max_url_refreshes {
            return Err(Error::UrlExpired {
                resource: resource.to_string(),
                n_urls,
            });
        }
        info!(resource = %resource, n_urls, "the pre-signed URL had expired; asking for a new one");
    }
}

/// Reads `response` to its end into `sender`, with a limit on silence between chunks;
/// `on_chunk` sees the running byte count. Errors go into the channel.
pub(crate) async fn pump_body(
    idle: Duration,
    resource: BulkResource,
    mut response: Response,
    sender: mpsc::Sender<io::Result<Bytes>>,
    mut on_chunk: impl FnMut(u64) + Send,
) {
    let expected = response.content_length();
    let origin = origin_text(response.url());
    let mut received: u64 = 0;

    loop {
        let next = tokio::time::timeout(idle, response.chunk()).await;
        let chunk = match next {
            Err(_elapsed) => {
                let error = Error::Timeout {
                    kind: TimeoutKind::BodyIdle,
                    after: idle,
                };
                let _ = sender.send(Err(to_io_error(error))).await;
                return;
            }
            Ok(Err(error)) => {
                debug!(resource = %resource, %origin, received, "the file's body broke off");
                let error = Error::Truncated {
                    resource: resource.to_string(),
                    received,
                    expected,
                    source: Some(Box::new(error.without_url())),
                };
                let _ = sender.send(Err(to_io_error(error))).await;
                return;
            }
            Ok(Ok(None)) => {
                if let Some(expected) = expected.filter(|e| received < *e) {
                    let error = Error::Truncated {
                        resource: resource.to_string(),
                        received,
                        expected: Some(expected),
                        source: None,
                    };
                    let _ = sender.send(Err(to_io_error(error))).await;
                }
                return;
            }
            Ok(Ok(Some(chunk))) => chunk,
        };

        received += chunk.len() as u64;
        on_chunk(received);
        if sender.send(Ok(chunk)).await.is_err() {
            return;
        }
    }
}

/// `POST {base}/{resource}/download-url`.
async fn request_links(client: &Client, resource: BulkResource) -> Result<DownloadLinks, Error> {
    let url = endpoint_url(client, resource, "download-url")?;
    let call = Call::new(client, Method::POST, url, Idempotency::Idempotent)
        .with_body(wire::download_url_body(), wire::JSON);
    client.execute_json(&call).await
}

/// `{base}/{resource}/{action}`.
pub(crate) fn endpoint_url(
    client: &Client,
    resource: BulkResource,
    action: &str,
) -> Result<Url, Error> {
    let path = format!("{}/{action}", resource.path());
    client
        .base_url()
        .join(&path)
        .map_err(|e| Error::config(format!("the base URL cannot take the path {path:?}: {e}")))
}

/// Polls `polling_url` with `HEAD` until it answers 200, with growing waits, until the
/// polling deadline.
async fn wait_until_ready(
    client: &Client,
    resource: BulkResource,
    polling_url: &Url,
    poll: PollConfig,
) -> Result<(), Error> {
    let clock = &client.inner.clock;
    let started = clock.now();
    let deadline = started + poll.timeout;
    let mut interval = poll.initial_interval;
    let mut n_polls: u32 = 0;

    loop {
        let not_ready = |n_polls| Error::NotReady {
            resource: resource.to_string(),
            waited: clock.now().saturating_duration_since(started),
            n_polls,
        };
        if clock.now() >= deadline {
            return Err(not_ready(n_polls));
        }

        n_polls += 1;
        let call = Call::new(
            client,
            Method::HEAD,
            polling_url.clone(),
            Idempotency::Idempotent,
        )
        .with_deadline(deadline);
        let response = match client.execute(&call).await {
            Ok(response) => response,
            Err(Error::Timeout {
                kind: TimeoutKind::Operation,
                ..
            }) if clock.now() >= deadline => {
                return Err(not_ready(n_polls));
            }
            Err(error) => return Err(error),
        };
        let status = response.status().as_u16();
        match wire::poll_answer(status, content_type(&response).as_deref()) {
            PollAnswer::Ready => return Ok(()),
            PollAnswer::NotReady => {}
            PollAnswer::Failed => {
                return Err(client.api_error(&call.label(), response, deadline).await);
            }
        }

        let remaining = deadline.saturating_duration_since(clock.now());
        if remaining.is_zero() {
            return Err(not_ready(n_polls));
        }
        let wait = interval.min(remaining);
        let wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX);
        debug!(resource = %resource, n_polls, status, wait_ms, "file not ready");
        clock.sleep(wait).await;
        interval = interval.saturating_mul(2).min(poll.max_interval);
    }
}

/// Resolves a URL from a response, relative to the base URL when it is relative.
fn resolve(client: &Client, resource: BulkResource, text: &str, field: &str) -> Result<Url, Error> {
    let url = client.base_url().join(text.trim()).ok();
    if let Some(url) = url.filter(|u| matches!(u.scheme(), "http" | "https")) {
        return Ok(url);
    }
    Err(Error::Decode(Box::new(DecodeError {
        request: format!("POST {}", resource.path()),
        path: field.to_owned(),
        message: "is not an http(s) URL".to_owned(),
        excerpt: excerpt(&client.redact(text.split('?').next().unwrap_or(""))),
    })))
}

fn content_type(response: &Response) -> Option<String> {
    let value = response.headers().get(header::CONTENT_TYPE)?;
    value.to_str().ok().map(str::to_owned)
}
