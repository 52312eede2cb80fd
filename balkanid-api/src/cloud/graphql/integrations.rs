//! Integrations in the GraphQL Public API: `syncIntegration`.

use serde::Deserialize;
use tracing::instrument;

use balkanid_domain::ids::IntegrationId;

use super::execute;
use crate::cloud::client::Client;
use crate::cloud::error::{DecodeError, Error};
use crate::cloud::ids::CorrelationId;
use crate::cloud::retry::Idempotency;

const SYNC_INTEGRATION: &str = "mutation SyncIntegration($input: SyncIntegrationInput!) {
  syncIntegration(input: $input) { success correlationId }
}";

/// Integrations of the GraphQL Public API; made by [`Client::integrations`].
#[derive(Clone, Debug)]
pub struct Integrations {
    client: Client,
}

impl Integrations {
    pub(crate) fn new(client: Client) -> Self {
        Integrations { client }
    }

    /// Triggers a sync of one integration (`syncIntegration`).
    pub fn sync(&self, integration: IntegrationId) -> SyncIntegration {
        SyncIntegration {
            client: self.client.clone(),
            integration,
        }
    }
}

/// A started sync. Syncs run asynchronously and the API documents no way to follow one; the
/// bulk integrations file shows its `Last Run` and `Message` afterwards.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SyncStarted {
    /// `correlationId`, when BalkanID returned one.
    pub correlation_id: Option<CorrelationId>,
}

/// Triggers a sync; made by [`Integrations::sync`].
#[derive(Debug)]
pub struct SyncIntegration {
    client: Client,
    integration: IntegrationId,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SyncData {
    sync_integration: Option<SyncAnswer>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SyncAnswer {
    #[serde(default)]
    success: Option<bool>,
    #[serde(default)]
    correlation_id: Option<CorrelationId>,
}

impl SyncIntegration {
    /// Sends the mutation. It is not retried after it may have reached BalkanID.
    ///
    /// # Errors
    ///
    /// [`Error::GraphQl`] when BalkanID refuses it, [`Error::Unsuccessful`] for
    /// `success: false`, and any HTTP error.
    #[instrument(skip_all, fields(integration = %self.integration))]
    pub async fn send(self) -> Result<SyncStarted, Error> {
        let input = serde_json::json!({ "integrationId": self.integration.to_string() });
        let variables = serde_json::json!({ "input": input });

        let data: SyncData = execute(
            &self.client,
            "syncIntegration",
            SYNC_INTEGRATION,
            variables,
            Idempotency::NotIdempotent,
        )
        .await?;

        let Some(answer) = data.sync_integration else {
            return Err(Error::Decode(Box::new(DecodeError {
                request: "GraphQL syncIntegration".to_owned(),
                path: "data.syncIntegration".to_owned(),
                message: "is missing or null".to_owned(),
                excerpt: String::new(),
            })));
        };
        if answer.success != Some(true) {
            return Err(Error::Unsuccessful {
                operation: "syncIntegration".to_owned(),
            });
        }
        Ok(SyncStarted {
            correlation_id: answer.correlation_id,
        })
    }
}
