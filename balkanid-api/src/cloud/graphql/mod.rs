//! The tenant's GraphQL Public API: access requests, identities, integration syncs.
//!
//! BalkanID publishes no schema for this API; everything here follows the operations its own
//! reference repository sends (see the cloud module docs). A call is a `POST` of
//! `{query, variables, operationName}` with the API key headers; an `errors` array in the
//! answer becomes [`Error::GraphQl`], whatever `data` holds beside it. Queries are retried like
//! any idempotent call; mutations only when the request surely did not arrive.

use bytes::Bytes;
use reqwest::Method;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::client::Client;
use super::error::{DecodeError, Error, GraphQlError, GraphQlErrorItem, decode_json, excerpt};
use super::retry::Idempotency;
use super::transport::Call;

mod identities;
mod integrations;
mod requests;

pub use identities::{Identities, Identity, ListIdentities};
pub use integrations::{Integrations, SyncIntegration, SyncStarted};
pub use requests::{
    AgentAccess, AgentAction, CreateRequest, CreateRequestOutcome, CreateRequestType,
    CreatedRequest, GetRequest, ListRequests, Request, RequestState, RequestStatus, Requests,
    ScimGrant, ScimPayload, SendCreateRequest, ServiceAccount, WaitForRequest,
};

/// An arbitrary GraphQL operation, for what the client has not modelled; made by
/// [`Client::graphql`].
#[derive(Debug)]
pub struct GraphQlRequest {
    client: Client,
    query: String,
    variables: serde_json::Value,
    idempotency: Idempotency,
}

impl Client {
    /// Prepares an arbitrary GraphQL operation (the escape hatch for unmodelled ones).
    ///
    /// ```no_run
    /// # use balkanid_api::cloud::{Client, Error};
    /// # async fn run(client: Client) -> Result<(), Error> {
    /// let data: serde_json::Value = client
    ///     .graphql("query { requests(first: 1) { edges { node { id } } } }")
    ///     .query_only()
    ///     .send()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn graphql(&self, query: impl Into<String>) -> GraphQlRequest {
        GraphQlRequest {
            client: self.clone(),
            query: query.into(),
            variables: serde_json::Value::Object(serde_json::Map::new()),
            idempotency: Idempotency::NotIdempotent,
        }
    }
}

impl GraphQlRequest {
    /// Sets the variables. When not called: `{}`.
    #[must_use]
    pub fn variables(mut self, variables: serde_json::Value) -> Self {
        self.variables = variables;
        self
    }

    /// Declares the operation a query, so it is retried like any idempotent call.
    ///
    /// When not called, the operation is treated as a mutation and retried only when the
    /// request surely did not reach BalkanID.
    #[must_use]
    pub fn query_only(mut self) -> Self {
        self.idempotency = Idempotency::Idempotent;
        self
    }

    /// Sends the operation and decodes `data` into `T`.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] without a GraphQL URL, [`Error::GraphQl`] for an `errors` answer,
    /// [`Error::Decode`] when `data` does not fit `T`, and any HTTP error.
    pub async fn send<T: DeserializeOwned>(self) -> Result<T, Error> {
        let GraphQlRequest {
            client,
            query,
            variables,
            idempotency,
        } = self;
        execute(&client, "graphql", &query, variables, idempotency).await
    }
}

#[derive(Deserialize)]
struct Envelope {
    #[serde(default)]
    data: Option<serde_json::Value>,
    #[serde(default)]
    errors: Option<Vec<RawError>>,
}

#[derive(Deserialize)]
struct RawError {
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    path: Option<Vec<serde_json::Value>>,
    #[serde(default)]
    extensions: Option<serde_json::Value>,
}

/// Sends one operation to the GraphQL URL and decodes `data` into `T`.
pub(crate) async fn execute<T: DeserializeOwned>(
    client: &Client,
    operation: &str,
    query: &str,
    variables: serde_json::Value,
    idempotency: Idempotency,
) -> Result<T, Error> {
    let Some(url) = client.graphql_url().cloned() else {
        let message = "the GraphQL Public API URL is not set: call ClientBuilder::graphql_url or \
                       set BALKANID_GRAPHQL_URL (such as https://acme.balkanid.app/api/public)";
        return Err(Error::config(message));
    };
    let body = serde_json::json!({ "query": query, "variables": variables });
    let body = Bytes::from(body.to_string());

    let call =
        Call::new(client, Method::POST, url, idempotency).with_body(body, "application/json");
    let response = client.execute_ok(&call).await?;
    let bytes = client.read_small_body(response, call.deadline).await?;
    let redact = |text: &str| client.redact(text);
    let envelope: Envelope = decode_json(&call.label(), &bytes, &redact)?;

    if let Some(errors) = envelope.errors.filter(|e| !e.is_empty()) {
        let errors = errors.into_iter().map(|e| error_item(e, &redact)).collect();
        return Err(Error::GraphQl(Box::new(GraphQlError {
            operation: operation.to_owned(),
            errors,
        })));
    }
    let data = envelope.data.unwrap_or(serde_json::Value::Null);
    let res: Result<T, _> = serde_path_to_error::deserialize(&data);
    res.map_err(|error| {
        Error::Decode(Box::new(DecodeError {
            request: format!("GraphQL {operation}"),
            path: format!("data.{}", error.path()),
            message: redact(&error.into_inner().to_string()),
            excerpt: excerpt(&redact(&data.to_string())),
        }))
    })
}

fn error_item(raw: RawError, redact: &dyn Fn(&str) -> String) -> GraphQlErrorItem {
    let message = redact(raw.message.as_deref().unwrap_or("(no message)"));
    let code = raw
        .extensions
        .as_ref()
        .and_then(|e| e.get("code"))
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned);
    let path = raw.path.map(|segments| {
        let parts: Vec<String> = segments
            .iter()
            .map(|s| match s {
                serde_json::Value::String(text) => text.clone(),
                other => other.to_string(),
            })
            .collect();
        parts.join(".")
    });
    GraphQlErrorItem::new(excerpt(&message), code, path)
}

/// A Relay connection: `{ edges: [ { node } ] }`.
#[derive(Deserialize)]
pub(crate) struct Connection<T> {
    #[serde(default = "Vec::new")]
    pub(crate) edges: Vec<Edge<T>>,
}

/// One edge of a [`Connection`].
#[derive(Deserialize)]
pub(crate) struct Edge<T> {
    pub(crate) node: T,
}

impl<T> Connection<T> {
    pub(crate) fn into_nodes(self) -> Vec<T> {
        self.edges.into_iter().map(|edge| edge.node).collect()
    }
}

/// The `first` argument lists send when the caller sets none (inferred: the reference's
/// client always sends one, and the server's default page size is unknown).
pub(crate) const DEFAULT_FIRST: u32 = 50;
