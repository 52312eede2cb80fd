//! The typed client for BalkanID's cloud: the bulk REST API (v0) and the tenant's GraphQL
//! Public API.
//!
//! # Example
//!
//! ```no_run
//! # async fn run() -> Result<(), balkanid_api::cloud::Error> {
//! use futures::TryStreamExt;
//! use balkanid_api::cloud::Client;
//!
//! // Key id and secret from BALKANID_API_KEY_ID / BALKANID_API_KEY_SECRET.
//! let client = Client::builder().app_name("offboarding-report/1.0").build()?;
//! let employees: Vec<_> = client.bulk().employees().download().send().await?.try_collect().await?;
//! let terminated = employees.iter().filter(|e| e.end_date.is_some()).count();
//! println!("{terminated} of {} employees have an end date", employees.len());
//! # Ok(()) }
//! ```
//!
//! # What is documented and what is inferred
//!
//! BalkanID's public documentation covers only part of what a client needs. Everything the
//! client does rests on one of three grounds, and each inferred choice is made in one place:
//!
//! Documented by BalkanID's Developer Hub:
//! - the bulk base URL `https://app.balkan.id/api/rest/v0/`, the headers `X-Api-Key-ID` and
//!   `X-Api-Key-Secret`, and the `POST {resource}/download-url` / `upload-url` paths of the
//!   resources marked documented in [`bulk::BulkResource`];
//! - the download flow: a JSON answer with `url` and `pollingUrl`, `HEAD` on the polling URL
//!   until 200 (404 = not ready), then `GET` of the file; the upload flow: an answer with
//!   `url`, then `PUT` of the file's bytes;
//! - every CSV format `balkanid_domain::csv` implements (it cites its sources).
//!
//! Seen in BalkanID's own reference code (the agent-lifecycle Terraform repository):
//! - the GraphQL endpoint `https://<tenant>.balkanid.app/api/public`, the four operations and
//!   their fields ([`graphql`]), `stepUpRequired`, and the request-status word lists that
//!   [`graphql::RequestState`] uses;
//! - retrying 429, 502, 503, 504 and 520, and a 403 with an HTML body meaning a firewall
//!   block.
//!
//! Inferred here (marked "(inferred)" where they are decided):
//! - the bodies of `download-url` (`{}`) and `upload-url` (`{}` or `{"integrationId": …}`
//!   for entitlements, entities and entity relations), the `PUT`'s content type (`text/csv`,
//!   `application/zip` for Entity RBAC), what an expired pre-signed URL answers, and that 403
//!   also means "not ready" while polling: all in the private `bulk::wire` module;
//! - the paths of the endpoints [`bulk::EndpointStatus::InferredPath`] marks;
//! - that `download-url` and `upload-url` create nothing durable and so may be retried;
//! - the error body format ([`ApiError`] reads the common shapes);
//! - GraphQL details: `first` defaults to 50, `expirationDate` is RFC 3339, pagination
//!   cursors are unknown so lists return their first page only.
//!
//! Not supported: the endpoints listed in `bulk/unsupported_endpoints.txt` have no typed call
//! (a test keeps that list equal to the implementation); most are reachable as bytes through
//! [`bulk::Bulk::raw`]. Entity RBAC downloads are ZIP files and are offered raw only.
//!
//! # Behaviour
//!
//! - Retries, timeouts and the rule for non-idempotent calls: see [`RetryConfig`] and
//!   [`Timeouts`]; waits go through [`time::Clock`], so tests use
//!   [`time::SimulatedClock`].
//! - The key headers are marked sensitive, sent only to the origins of the configured base
//!   and GraphQL URLs, and never follow a redirect to another origin; logs and errors show
//!   URLs without their query strings; bodies kept in errors are scrubbed of the secret.
//! - Downloads parse rows while the file streams, through two small bounded channels, so
//!   memory stays flat whatever the file's size; [`Client::pull_snapshot`] writes a whole
//!   snapshot directory the same way.

pub mod bulk;
mod client;
mod config;
mod error;
pub mod graphql;
pub mod ids;
mod retry;
mod snapshot;
pub mod time;
mod transport;

pub use client::Client;
pub use config::{
    ClientBuilder, DEFAULT_BASE_URL, ENV_BASE_URL, ENV_GRAPHQL_URL, ENV_KEY_ID, ENV_KEY_SECRET,
    PollConfig, Timeouts,
};
pub use error::{
    ApiError, BODY_EXCERPT_CHARS, BodyKind, BoxError, DecodeError, Error, GraphQlError,
    GraphQlErrorItem, RETRYABLE_STATUSES, TimeoutKind,
};
pub use retry::RetryConfig;
pub use snapshot::PullProgress;
