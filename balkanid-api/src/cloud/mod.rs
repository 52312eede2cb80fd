//! The typed client for BalkanID's cloud: the bulk REST API (v0) and the tenant's GraphQL
//! Public API.
//!
//! Placeholder module docs; the full account of what is documented and what is inferred
//! comes with the finished client.

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
