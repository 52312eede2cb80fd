//! [`Client`]: the cheap-to-clone handle every cloud call starts from.

use std::fmt;
use std::sync::Arc;

use secrecy::{ExposeSecret, SecretString};
use url::Url;

use super::bulk::Bulk;
use super::config::{ClientBuilder, PollConfig, Timeouts};
use super::graphql::{Identities, Integrations, Requests};
use super::retry::RetryConfig;
use super::time::Clock;

/// A client for BalkanID's cloud: the bulk REST API and the tenant's GraphQL Public API.
///
/// Cloning is cheap (one reference count) and clones share connections, so make one and pass
/// it around. Calls need a Tokio runtime.
///
/// ```no_run
/// # async fn run() -> Result<(), balkanid_api::cloud::Error> {
/// use futures::TryStreamExt;
///
/// let client = balkanid_api::cloud::Client::builder().build()?;
/// let employees: Vec<_> = client.bulk().employees().download().send().await?.try_collect().await?;
/// println!("{} employees", employees.len());
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

/// The shared state of a [`Client`].
pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: Url,
    pub(crate) graphql_url: Option<Url>,
    pub(crate) key_id: String,
    pub(crate) key_secret: SecretString,
    pub(crate) user_agent: String,
    pub(crate) timeouts: Timeouts,
    pub(crate) retry: RetryConfig,
    pub(crate) polling: PollConfig,
    pub(crate) clock: Arc<dyn Clock>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Inner {
            http: _,
            base_url,
            graphql_url,
            key_id,
            key_secret: _,
            user_agent,
            timeouts,
            retry,
            polling,
            clock,
        } = &*self.inner;
        f.debug_struct("Client")
            .field("base_url", &base_url.as_str())
            .field("graphql_url", &graphql_url.as_ref().map(Url::as_str))
            .field("key_id", key_id)
            .field("key_secret", &"[redacted]")
            .field("user_agent", user_agent)
            .field("timeouts", timeouts)
            .field("retry", retry)
            .field("polling", polling)
            .field("clock", clock)
            .finish()
    }
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    pub(crate) fn from_inner(inner: Inner) -> Self {
        Client {
            inner: Arc::new(inner),
        }
    }

    /// The bulk REST base URL, ending with `/`.
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }

    /// The tenant's GraphQL Public API URL, when configured.
    pub fn graphql_url(&self) -> Option<&Url> {
        self.inner.graphql_url.as_ref()
    }

    /// The API key id (not secret; the secret is never handed out).
    pub fn key_id(&self) -> &str {
        &self.inner.key_id
    }

    /// The user agent sent with every request.
    pub fn user_agent(&self) -> &str {
        &self.inner.user_agent
    }

    /// The timeouts in force.
    pub fn timeouts(&self) -> Timeouts {
        self.inner.timeouts
    }

    /// The retry settings in force.
    pub fn retry_config(&self) -> &RetryConfig {
        &self.inner.retry
    }

    /// The bulk-file polling settings in force.
    pub fn poll_config(&self) -> PollConfig {
        self.inner.polling
    }

    /// The bulk REST API: CSV downloads and uploads through pre-signed URLs.
    pub fn bulk(&self) -> Bulk {
        Bulk::new(self.clone())
    }

    /// Access requests in the GraphQL Public API: create, list, wait for a decision.
    pub fn requests(&self) -> Requests {
        Requests::new(self.clone())
    }

    /// Identities in the GraphQL Public API.
    pub fn identities(&self) -> Identities {
        Identities::new(self.clone())
    }

    /// Integrations in the GraphQL Public API: trigger a sync.
    pub fn integrations(&self) -> Integrations {
        Integrations::new(self.clone())
    }

    /// Replaces every occurrence of the API key secret in `text`.
    pub(crate) fn redact(&self, text: &str) -> String {
        let secret = self.inner.key_secret.expose_secret().trim();
        if secret.is_empty() || !text.contains(secret) {
            return text.to_owned();
        }
        text.replace(secret, "[redacted]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_debug_shows_settings_but_not_the_secret() {
        let client = Client::builder()
            .key_id("kid-1")
            .key_secret("sup3r-s3cret-v4lue")
            .ignore_environment()
            .build()
            .unwrap();

        let text = format!("{client:?}");

        assert!(!text.contains("sup3r-s3cret-v4lue"));
        assert!(text.contains("key_secret: \"[redacted]\""));
        assert!(text.contains("kid-1"));
    }

    #[test]
    fn redact_replaces_the_secret_wherever_it_appears() {
        let client = Client::builder()
            .key_id("kid")
            .key_secret("abc123secret")
            .ignore_environment()
            .build()
            .unwrap();

        let text = client.redact("echo: abc123secret and abc123secret");

        assert_eq!(text, "echo: [redacted] and [redacted]");
    }
}
