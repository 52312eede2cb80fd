//! Identities in the GraphQL Public API (`identities`).

use serde::Deserialize;
use tracing::instrument;

use balkanid_domain::ids::IntegrationId;

use super::{Connection, DEFAULT_FIRST, execute};
use crate::cloud::client::Client;
use crate::cloud::error::Error;
use crate::cloud::ids::IdentityId;
use crate::cloud::retry::Idempotency;

const IDENTITY_BY_HANDLE: &str =
    "query IdentityByHandle($filter: IdentityFilterInput, $first: Int) {
  identities(filter: $filter, first: $first) { edges { node {
    id sourceId handle sourceType fullName } } }
}";

/// Identities of the GraphQL Public API; made by [`Client::identities`].
#[derive(Clone, Debug)]
pub struct Identities {
    client: Client,
}

impl Identities {
    pub(crate) fn new(client: Client) -> Self {
        Identities { client }
    }

    /// Lists identities, optionally filtered.
    pub fn list(&self) -> ListIdentities {
        ListIdentities {
            client: self.client.clone(),
            handle: None,
            integration: None,
            source_type: None,
            first: None,
        }
    }
}

/// One identity (a GraphQL `node` of `identities`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Identity {
    /// `id`.
    pub id: IdentityId,
    /// `sourceId`: the id in the application.
    #[serde(default)]
    pub source_id: Option<String>,
    /// `handle`: the account's name in the application.
    #[serde(default)]
    pub handle: Option<String>,
    /// `sourceType`, such as `user` or `aws service role`.
    #[serde(default)]
    pub source_type: Option<String>,
    /// `fullName`.
    #[serde(default)]
    pub full_name: Option<String>,
}

/// Lists identities; made by [`Identities::list`].
#[derive(Debug)]
pub struct ListIdentities {
    client: Client,
    handle: Option<String>,
    integration: Option<IntegrationId>,
    source_type: Option<String>,
    first: Option<u32>,
}

#[derive(Deserialize)]
struct IdentitiesData {
    identities: Option<Connection<Identity>>,
}

impl ListIdentities {
    /// Keeps identities with this handle (`{"handle": {"_eq": …}}`). When not called, any
    /// handle.
    #[must_use]
    pub fn handle(mut self, handle: impl Into<String>) -> Self {
        self.handle = Some(handle.into());
        self
    }

    /// Keeps identities of this integration (`{"integration": {"id": {"_eq": …}}}`). When
    /// not called, any integration.
    #[must_use]
    pub fn integration(mut self, integration: IntegrationId) -> Self {
        self.integration = Some(integration);
        self
    }

    /// Keeps identities of this source type (`{"sourceType": {"_eq": …}}`). When not called,
    /// any source type.
    #[must_use]
    pub fn source_type(mut self, source_type: impl Into<String>) -> Self {
        self.source_type = Some(source_type.into());
        self
    }

    /// Sets `first`, the most identities returned. When not called: 50 (inferred).
    #[must_use]
    pub fn first(mut self, first: u32) -> Self {
        self.first = Some(first);
        self
    }

    /// The `filter` variable, or `null` without filters.
    pub fn filter(&self) -> serde_json::Value {
        let mut filter = serde_json::Map::new();
        if let Some(handle) = &self.handle {
            filter.insert("handle".into(), serde_json::json!({ "_eq": handle }));
        }
        if let Some(integration) = &self.integration {
            let value = serde_json::json!({ "id": { "_eq": integration.to_string() } });
            filter.insert("integration".into(), value);
        }
        if let Some(source_type) = &self.source_type {
            filter.insert(
                "sourceType".into(),
                serde_json::json!({ "_eq": source_type }),
            );
        }
        if filter.is_empty() {
            return serde_json::Value::Null;
        }
        serde_json::Value::Object(filter)
    }

    /// Sends the query.
    ///
    /// FIXME: the Public API's cursor fields are not documented, so only the first page is
    /// returned.
    ///
    /// # Errors
    ///
    /// [`Error::GraphQl`] when BalkanID refuses it, [`Error::Decode`] for an answer of another
    /// shape, and any HTTP error.
    #[instrument(skip_all)]
    pub async fn send(self) -> Result<Vec<Identity>, Error> {
        let first = self.first.unwrap_or(DEFAULT_FIRST);
        let variables = serde_json::json!({ "filter": self.filter(), "first": first });
        let data: IdentitiesData = execute(
            &self.client,
            "identities",
            IDENTITY_BY_HANDLE,
            variables,
            Idempotency::Idempotent,
        )
        .await?;
        Ok(data
            .identities
            .map(Connection::into_nodes)
            .unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_has_the_reference_shape() {
        let client = Client::builder()
            .key_id("k")
            .key_secret("s")
            .ignore_environment()
            .build()
            .unwrap();
        let list = client
            .identities()
            .list()
            .handle("etl-role")
            .integration("aws/01JH0F7KETDT9ER6JKBK3JB1K9".parse().unwrap())
            .source_type("aws service role");

        assert_eq!(
            list.filter(),
            serde_json::json!({
                "handle": { "_eq": "etl-role" },
                "integration": { "id": { "_eq": "aws/01JH0F7KETDT9ER6JKBK3JB1K9" } },
                "sourceType": { "_eq": "aws service role" }
            })
        );
        assert_eq!(client.identities().list().filter(), serde_json::Value::Null);
    }
}
