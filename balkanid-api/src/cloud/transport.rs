//! Sending one logical call: attempts, retries with backoff, timeouts, redirects, and the
//! rule that keeps the API key on BalkanID's own origins.
//!
//! The API key headers go only to the origins of the configured base URL and GraphQL URL.
//! Redirects are followed here rather than by reqwest, hop by hop, so every hop decides
//! afresh: a hop to any other origin (an object store, or a hostile host) is sent without
//! them. Pre-signed URLs on an object store therefore never see the key at all.
//!
//! Each attempt runs inside one debug-level span `balkanid.http` with the method, the path
//! (never the query, which holds signatures for pre-signed URLs), the attempt number and the
//! final status. A retry is a `warn!` saying why and how long the client waits.

use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::{Method, Response, StatusCode};
use secrecy::ExposeSecret;
use tracing::{Instrument, debug, warn};
use url::Url;

use super::client::Client;
use super::error::{ApiError, Error, TimeoutKind, decode_json};
use super::retry::{AttemptOutcome, Idempotency, parse_retry_after, should_retry};

/// The most redirects followed within one attempt.
pub(crate) const MAX_REDIRECTS: u32 = 5;

/// The most bytes of an error or JSON response body the client reads.
pub(crate) const MAX_SMALL_BODY: usize = 4 * 1024 * 1024;

/// The key id header, as the bulk REST reference spells it (header names are
/// case-insensitive, so the GraphQL API's `X-Api-Key-Id` is the same header).
pub(crate) const HEADER_KEY_ID: &str = "x-api-key-id";
/// The key secret header.
pub(crate) const HEADER_KEY_SECRET: &str = "x-api-key-secret";

/// One logical call, sent with as many attempts as the retry policy allows.
#[derive(Clone, Debug)]
pub(crate) struct Call {
    pub(crate) method: Method,
    pub(crate) url: Url,
    pub(crate) body: Option<Bytes>,
    pub(crate) content_type: Option<&'static str>,
    pub(crate) idempotency: Idempotency,
    pub(crate) deadline: Instant,
    /// The limit the deadline came from, for the timeout error's text.
    pub(crate) operation_timeout: Duration,
}

impl Call {
    /// A call that must end within the client's operation timeout from now.
    pub(crate) fn new(client: &Client, method: Method, url: Url, idempotency: Idempotency) -> Self {
        let operation_timeout = client.inner.timeouts.operation;
        Call {
            method,
            url,
            body: None,
            content_type: None,
            idempotency,
            deadline: client.inner.clock.now() + operation_timeout,
            operation_timeout,
        }
    }

    /// Attaches a body and its content type.
    pub(crate) fn with_body(mut self, body: Bytes, content_type: &'static str) -> Self {
        self.body = Some(body);
        self.content_type = Some(content_type);
        self
    }

    /// Ends the call no later than `deadline`.
    pub(crate) fn with_deadline(mut self, deadline: Instant) -> Self {
        if deadline < self.deadline {
            self.deadline = deadline;
        }
        self
    }

    /// `METHOD /path`, without query: how the call is named in spans and errors.
    pub(crate) fn label(&self) -> String {
        format!("{} {}", self.method, self.url.path())
    }
}

impl Client {
    /// Sends `call`, retrying as the policy allows, and returns the last response whatever
    /// its status.
    pub(crate) async fn execute(&self, call: &Call) -> Result<Response, Error> {
        let retry = &self.inner.retry;
        let clock = &self.inner.clock;
        let mut attempt: u32 = 0;

        loop {
            attempt += 1;
            let remaining = call.deadline.saturating_duration_since(clock.now());
            if remaining.is_zero() {
                return Err(Error::Timeout {
                    kind: TimeoutKind::Operation,
                    after: call.operation_timeout,
                });
            }
            let attempt_limit = remaining.min(self.inner.timeouts.attempt);
            let limited_by_operation = attempt_limit < self.inner.timeouts.attempt;

            let span = tracing::debug_span!(
                "balkanid.http",
                method = %call.method,
                path = %call.url.path(),
                attempt,
                status = tracing::field::Empty,
            );
            let sent = tokio::time::timeout(attempt_limit, self.send_following_redirects(call))
                .instrument(span.clone())
                .await;
            let res = match sent {
                Ok(res) => res,
                Err(_elapsed) if limited_by_operation => Err(Error::Timeout {
                    kind: TimeoutKind::Operation,
                    after: call.operation_timeout,
                }),
                Err(_elapsed) => Err(Error::Timeout {
                    kind: TimeoutKind::Attempt,
                    after: attempt_limit,
                }),
            };

            let outcome = match &res {
                Ok(response) => {
                    span.record("status", response.status().as_u16());
                    AttemptOutcome::Status(response.status().as_u16())
                }
                Err(Error::Connect { .. }) => AttemptOutcome::ConnectFailed,
                Err(Error::Timeout {
                    kind: TimeoutKind::Connect,
                    ..
                }) => AttemptOutcome::ConnectFailed,
                Err(Error::Timeout {
                    kind: TimeoutKind::Attempt,
                    ..
                })
                | Err(Error::Transport { .. }) => AttemptOutcome::LostAfterSending,
                Err(_) => return res,
            };
            if attempt >= retry.max_attempts || !should_retry(outcome, call.idempotency) {
                return res;
            }

            let retry_after = match &res {
                Ok(response) => self.retry_after(response),
                Err(_) => None,
            };
            let delay = retry.delay(attempt, retry_after);
            if clock.now() + delay >= call.deadline {
                debug!(call = %call.label(), "no time left for another attempt");
                return res;
            }
            let reason = match &res {
                Ok(response) => format!("HTTP {}", response.status().as_u16()),
                Err(error) => error.to_string(),
            };
            warn!(
                call = %call.label(),
                attempt,
                delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                %reason,
                "retrying BalkanID call"
            );
            drop(res);
            clock.sleep(delay).await;
        }
    }

    /// Sends `call` and returns the response when its status is a success.
    ///
    /// # Errors
    ///
    /// A non-success status becomes [`Error::Api`] with the body's code and message.
    pub(crate) async fn execute_ok(&self, call: &Call) -> Result<Response, Error> {
        let response = self.execute(call).await?;
        if response.status().is_success() {
            return Ok(response);
        }
        Err(self.api_error(&call.label(), response, call.deadline).await)
    }

    /// Sends `call`, expects a success, and decodes its JSON body into `T`.
    pub(crate) async fn execute_json<T: serde::de::DeserializeOwned>(
        &self,
        call: &Call,
    ) -> Result<T, Error> {
        let response = self.execute_ok(call).await?;
        let body = self.read_small_body(response, call.deadline).await?;
        decode_json(&call.label(), &body, &|text| self.redact(text))
    }

    /// Turns a non-success response into an API error, reading at most a small body.
    pub(crate) async fn api_error(
        &self,
        label: &str,
        response: Response,
        deadline: Instant,
    ) -> Error {
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        // A body that cannot be read still yields an API error with the status.
        let body = self
            .read_small_body(response, deadline)
            .await
            .unwrap_or_default();
        let api = ApiError::from_body(
            status,
            label.to_owned(),
            content_type.as_deref(),
            &body,
            &|text| self.redact(text),
        );
        Error::Api(Box::new(api))
    }

    /// Reads a body of at most [`MAX_SMALL_BODY`] bytes within the attempt timeout.
    pub(crate) async fn read_small_body(
        &self,
        mut response: Response,
        deadline: Instant,
    ) -> Result<Bytes, Error> {
        let origin = origin_text(response.url());
        let remaining = deadline.saturating_duration_since(self.inner.clock.now());
        let limit = remaining.min(self.inner.timeouts.attempt);
        let read = async {
            let mut body = BytesMut::new();
            while let Some(chunk) = response.chunk().await.map_err(|e| body_error(e, &origin))? {
                let room = MAX_SMALL_BODY.saturating_sub(body.len());
                body.extend_from_slice(&chunk[..chunk.len().min(room)]);
                if body.len() >= MAX_SMALL_BODY {
                    break;
                }
            }
            Ok(body.freeze())
        };
        match tokio::time::timeout(limit, read).await {
            Ok(res) => res,
            Err(_elapsed) => Err(Error::Timeout {
                kind: TimeoutKind::Attempt,
                after: limit,
            }),
        }
    }

    /// Whether `url` is on the origin of the base URL or of the GraphQL URL.
    pub(crate) fn is_api_origin(&self, url: &Url) -> bool {
        let origin = url.origin();
        if origin == self.inner.base_url.origin() {
            return true;
        }
        self.inner
            .graphql_url
            .as_ref()
            .is_some_and(|g| g.origin() == origin)
    }

    /// One attempt: the request and any redirects, each hop deciding whether the key goes.
    async fn send_following_redirects(&self, call: &Call) -> Result<Response, Error> {
        let mut method = call.method.clone();
        let mut url = call.url.clone();
        let mut body = call.body.clone();

        for _hop in 0..=MAX_REDIRECTS {
            let mut request = self.inner.http.request(method.clone(), url.clone());
            if self.is_api_origin(&url) {
                request = request.headers(self.key_headers()?);
            }
            if let Some(bytes) = &body {
                request = request.body(bytes.clone());
                if let Some(content_type) = call.content_type {
                    request = request.header(header::CONTENT_TYPE, content_type);
                }
            }
            let response = request.send().await.map_err(|e| self.send_error(e, &url))?;

            let Some(next) = redirect_target(&response, &url) else {
                return Ok(response);
            };
            let status = response.status();
            debug!(
                status = status.as_u16(),
                to = %origin_text(&next),
                keeps_key = self.is_api_origin(&next),
                "following redirect"
            );
            let becomes_get = status == StatusCode::SEE_OTHER
                || (matches!(status, StatusCode::MOVED_PERMANENTLY | StatusCode::FOUND)
                    && method == Method::POST);
            if becomes_get && method != Method::HEAD {
                method = Method::GET;
                body = None;
            }
            url = next;
        }

        Err(Error::TooManyRedirects {
            origin: origin_text(&call.url),
            max: MAX_REDIRECTS,
        })
    }

    fn key_headers(&self) -> Result<HeaderMap, Error> {
        let invalid = || Error::config("the API key holds characters an HTTP header cannot carry");
        let mut id = HeaderValue::from_str(&self.inner.key_id).map_err(|_| invalid())?;
        let secret = self.inner.key_secret.expose_secret().trim();
        let mut secret = HeaderValue::from_str(secret).map_err(|_| invalid())?;
        id.set_sensitive(true);
        secret.set_sensitive(true);

        let mut headers = HeaderMap::with_capacity(2);
        headers.insert(HEADER_KEY_ID, id);
        headers.insert(HEADER_KEY_SECRET, secret);
        Ok(headers)
    }

    fn retry_after(&self, response: &Response) -> Option<Duration> {
        let value = response.headers().get(header::RETRY_AFTER)?.to_str().ok()?;
        parse_retry_after(value, self.inner.clock.system_now())
    }

    fn send_error(&self, error: reqwest::Error, url: &Url) -> Error {
        let origin = origin_text(url);
        if error.is_connect() && error.is_timeout() {
            return Error::Timeout {
                kind: TimeoutKind::Connect,
                after: self.inner.timeouts.connect,
            };
        }
        if error.is_connect() {
            return Error::Connect {
                origin,
                source: Box::new(error.without_url()),
            };
        }
        Error::Transport {
            origin,
            source: Box::new(error.without_url()),
        }
    }
}

/// The scheme, host and port of `url`, which is all an error or log may show of it.
pub(crate) fn origin_text(url: &Url) -> String {
    url.origin().ascii_serialization()
}

/// An error while reading a body, without its URL.
pub(crate) fn body_error(error: reqwest::Error, origin: &str) -> Error {
    Error::Transport {
        origin: origin.to_owned(),
        source: Box::new(error.without_url()),
    }
}

fn redirect_target(response: &Response, from: &Url) -> Option<Url> {
    let status = response.status();
    let follows = matches!(
        status,
        StatusCode::MOVED_PERMANENTLY
            | StatusCode::FOUND
            | StatusCode::SEE_OTHER
            | StatusCode::TEMPORARY_REDIRECT
            | StatusCode::PERMANENT_REDIRECT
    );
    if !follows {
        return None;
    }
    let location = response.headers().get(header::LOCATION)?.to_str().ok()?;
    let next = from.join(location).ok()?;
    matches!(next.scheme(), "http" | "https").then_some(next)
}
