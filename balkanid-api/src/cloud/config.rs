//! [`ClientBuilder`]: where the client's URLs, API key, user agent, timeouts, retries and
//! polling come from.
//!
//! Anything not set in code is read from the environment at [`ClientBuilder::build`]:
//! `BALKANID_API_KEY_ID`, `BALKANID_API_KEY_SECRET`, `BALKANID_API_URL` (the bulk REST base) and
//! `BALKANID_GRAPHQL_URL` (the tenant's Public API), unless
//! [`ClientBuilder::ignore_environment`] was called.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use url::Url;

use super::client::{Client, Inner};
use super::error::Error;
use super::retry::RetryConfig;
use super::time::{Clock, TokioClock};

/// The public base of BalkanID's bulk REST API.
pub const DEFAULT_BASE_URL: &str = "https://app.balkan.id/api/rest/v0/";

/// The environment variable holding the API key id.
pub const ENV_KEY_ID: &str = "BALKANID_API_KEY_ID";
/// The environment variable holding the API key secret.
pub const ENV_KEY_SECRET: &str = "BALKANID_API_KEY_SECRET";
/// The environment variable holding the bulk REST base URL.
pub const ENV_BASE_URL: &str = "BALKANID_API_URL";
/// The environment variable holding the tenant's GraphQL Public API URL.
pub const ENV_GRAPHQL_URL: &str = "BALKANID_GRAPHQL_URL";

/// The client's three timeouts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Timeouts {
    /// Opening a connection (TCP and TLS).
    pub connect: Duration,
    /// One HTTP attempt until its response headers arrive (and its small JSON body is read);
    /// while a bulk file streams, the longest silence between two parts of it.
    pub attempt: Duration,
    /// One call with all its attempts and waits: a `download-url` request, one poll, a
    /// GraphQL call, an upload `PUT`. Polling as a whole is bounded by
    /// [`PollConfig::timeout`] instead, and the streaming of a file by the silence limit.
    pub operation: Duration,
}

impl Default for Timeouts {
    /// Connect 10 s, attempt 30 s, operation 2 min.
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(10),
            attempt: Duration::from_secs(30),
            operation: Duration::from_secs(120),
        }
    }
}

/// How the client waits for a bulk file to be ready and how often it renews expired URLs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PollConfig {
    /// The wait before the second poll; it doubles after each poll that is not ready.
    pub initial_interval: Duration,
    /// The longest wait between two polls.
    pub max_interval: Duration,
    /// How long to poll before giving up with [`Error::NotReady`].
    pub timeout: Duration,
    /// How many times a fresh download or upload URL is requested when a pre-signed URL has
    /// expired, after the first one.
    pub max_url_refreshes: u32,
}

impl Default for PollConfig {
    /// First wait 1 s, doubling to at most 15 s, for at most 15 min; 2 URL refreshes.
    fn default() -> Self {
        PollConfig {
            initial_interval: Duration::from_secs(1),
            max_interval: Duration::from_secs(15),
            timeout: Duration::from_secs(15 * 60),
            max_url_refreshes: 2,
        }
    }
}

/// Builds a [`Client`].
///
/// ```no_run
/// # async fn run() -> Result<(), balkanid_api::cloud::Error> {
/// use std::time::Duration;
///
/// let client = balkanid_api::cloud::Client::builder()
///     .graphql_url("https://acme.balkanid.app/api/public")
///     .app_name("nightly-hr-sync/1.2")
///     .operation_timeout(Duration::from_secs(60))
///     .build()?;
/// # Ok(()) }
/// ```
#[derive(Clone, Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    graphql_url: Option<String>,
    key_id: Option<String>,
    key_secret: Option<SecretString>,
    app_name: Option<String>,
    timeouts: Timeouts,
    retry: RetryConfig,
    polling: PollConfig,
    clock: Option<Arc<dyn Clock>>,
    ignore_environment: bool,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ClientBuilder {
            base_url,
            graphql_url,
            key_id,
            key_secret,
            app_name,
            timeouts,
            retry,
            polling,
            clock,
            ignore_environment,
        } = self;
        f.debug_struct("ClientBuilder")
            .field("base_url", base_url)
            .field("graphql_url", graphql_url)
            .field("key_id", key_id)
            .field("key_secret", &key_secret.as_ref().map(|_| "[redacted]"))
            .field("app_name", app_name)
            .field("timeouts", timeouts)
            .field("retry", retry)
            .field("polling", polling)
            .field("clock", clock)
            .field("ignore_environment", ignore_environment)
            .finish()
    }
}

impl ClientBuilder {
    /// Sets the bulk REST base URL.
    ///
    /// When not called, `BALKANID_API_URL` is used, else [`DEFAULT_BASE_URL`]. A missing
    /// trailing `/` is added.
    #[must_use]
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Sets the tenant's GraphQL Public API URL, such as
    /// `https://acme.balkanid.app/api/public`.
    ///
    /// When not called, `BALKANID_GRAPHQL_URL` is used; without either, GraphQL calls fail
    /// with a configuration error and bulk calls still work.
    #[must_use]
    pub fn graphql_url(mut self, url: impl Into<String>) -> Self {
        self.graphql_url = Some(url.into());
        self
    }

    /// Sets the API key id (sent as `X-Api-Key-ID`).
    ///
    /// When not called, `BALKANID_API_KEY_ID` is used; without either, `build` fails.
    #[must_use]
    pub fn key_id(mut self, key_id: impl Into<String>) -> Self {
        self.key_id = Some(key_id.into());
        self
    }

    /// Sets the API key secret (sent as `X-Api-Key-Secret`, never logged or printed).
    ///
    /// When not called, `BALKANID_API_KEY_SECRET` is used; without either, `build` fails.
    #[must_use]
    pub fn key_secret(mut self, secret: impl Into<SecretString>) -> Self {
        self.key_secret = Some(secret.into());
        self
    }

    /// Adds an application name to the user agent: `balkanid-api/<version> <name>`.
    ///
    /// When not called, the user agent is `balkanid-api/<version>` alone.
    #[must_use]
    pub fn app_name(mut self, name: impl Into<String>) -> Self {
        self.app_name = Some(name.into());
        self
    }

    /// Sets the connect timeout. When not called: 10 s.
    #[must_use]
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.timeouts.connect = timeout;
        self
    }

    /// Sets the per-attempt timeout (see [`Timeouts::attempt`]). When not called: 30 s.
    #[must_use]
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.timeouts.attempt = timeout;
        self
    }

    /// Sets the whole-operation timeout (see [`Timeouts::operation`]). When not called: 2 min.
    #[must_use]
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.timeouts.operation = timeout;
        self
    }

    /// Sets how many attempts a call gets, counting the first; `1` disables retries.
    ///
    /// When not called: 5. A value of 0 is treated as 1.
    #[must_use]
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.retry.max_attempts = attempts.max(1);
        self
    }

    /// Sets the base of the exponential backoff. When not called: 500 ms.
    #[must_use]
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.retry.initial_backoff = backoff;
        self
    }

    /// Sets the longest wait between attempts, which also caps `Retry-After`. When not
    /// called: 30 s.
    #[must_use]
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.retry.max_backoff = backoff;
        self
    }

    /// Sets the wait before the second poll of a bulk file. When not called: 1 s.
    #[must_use]
    pub fn poll_interval(mut self, interval: Duration) -> Self {
        self.polling.initial_interval = interval;
        self
    }

    /// Sets the longest wait between two polls. When not called: 15 s.
    #[must_use]
    pub fn max_poll_interval(mut self, interval: Duration) -> Self {
        self.polling.max_interval = interval;
        self
    }

    /// Sets how long to wait for a bulk file to be ready. When not called: 15 min.
    #[must_use]
    pub fn poll_timeout(mut self, timeout: Duration) -> Self {
        self.polling.timeout = timeout;
        self
    }

    /// Sets how many fresh URLs are requested after a pre-signed URL expired. When not
    /// called: 2.
    #[must_use]
    pub fn max_url_refreshes(mut self, refreshes: u32) -> Self {
        self.polling.max_url_refreshes = refreshes;
        self
    }

    /// Sets the clock the client reads and sleeps with. When not called: the real clock
    /// ([`TokioClock`]); tests pass a [`SimulatedClock`](super::time::SimulatedClock).
    #[must_use]
    pub fn clock(mut self, clock: impl Clock) -> Self {
        self.clock = Some(Arc::new(clock));
        self
    }

    /// Reads nothing from the environment: everything must be set in code.
    ///
    /// When not called, unset values fall back to the `BALKANID_*` variables.
    #[must_use]
    pub fn ignore_environment(mut self) -> Self {
        self.ignore_environment = true;
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    ///
    /// Returns [`Error::Config`] when the key id or secret is missing or not a valid header
    /// value, a URL does not parse or is not http(s), or the app name holds characters a
    /// user agent cannot.
    pub fn build(self) -> Result<Client, Error> {
        let read_env = !self.ignore_environment;
        self.build_with_env(|name| {
            if read_env {
                std::env::var(name).ok()
            } else {
                None
            }
        })
    }

    pub(crate) fn build_with_env(
        self,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Client, Error> {
        let ClientBuilder {
            base_url,
            graphql_url,
            key_id,
            key_secret,
            app_name,
            timeouts,
            retry,
            polling,
            clock,
            ignore_environment: _,
        } = self;

        let key_id = key_id
            .or_else(|| env(ENV_KEY_ID))
            .map(|k| k.trim().to_owned());
        let Some(key_id) = key_id.filter(|k| !k.is_empty()) else {
            let message = format!("no API key id: call ClientBuilder::key_id or set {ENV_KEY_ID}");
            return Err(Error::config(message));
        };
        if !is_header_text(&key_id) {
            let message = "the API key id holds characters an HTTP header cannot carry";
            return Err(Error::config(message));
        }
        let key_secret = key_secret.or_else(|| env(ENV_KEY_SECRET).map(SecretString::from));
        let Some(key_secret) = key_secret.filter(|s| !s.expose_secret().trim().is_empty()) else {
            let message = format!(
                "no API key secret: call ClientBuilder::key_secret or set {ENV_KEY_SECRET}"
            );
            return Err(Error::config(message));
        };
        if !is_header_text(key_secret.expose_secret().trim()) {
            let message = "the API key secret holds characters an HTTP header cannot carry";
            return Err(Error::config(message));
        }

        let base_text = base_url.or_else(|| env(ENV_BASE_URL));
        let base_text = base_text.unwrap_or_else(|| DEFAULT_BASE_URL.to_owned());
        let base_url = parse_http_url("the base URL", &base_text, true)?;
        let graphql_text = graphql_url.or_else(|| env(ENV_GRAPHQL_URL));
        let graphql_url = match graphql_text.filter(|u| !u.trim().is_empty()) {
            Some(text) => Some(parse_http_url("the GraphQL URL", &text, false)?),
            None => None,
        };

        let user_agent = user_agent(app_name.as_deref())?;
        let http = reqwest::Client::builder()
            .connect_timeout(timeouts.connect)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(user_agent.clone())
            .build()
            .map_err(|e| Error::config(format!("the HTTP client could not start: {e}")))?;

        let inner = Inner {
            http,
            base_url,
            graphql_url,
            key_id,
            key_secret,
            user_agent,
            timeouts,
            retry,
            polling,
            clock: clock.unwrap_or_else(|| Arc::new(TokioClock)),
        };
        Ok(Client::from_inner(inner))
    }
}

fn is_header_text(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| (0x21..0x7f).contains(&b))
}

fn parse_http_url(what: &str, text: &str, as_base: bool) -> Result<Url, Error> {
    let text = text.trim();
    let mut url = Url::parse(text).map_err(|e| {
        Error::config(format!(
            "{what} {text:?} is not a URL ({e}); expected https://host/path"
        ))
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        let message = format!("{what} {text:?} is not http or https");
        return Err(Error::config(message));
    }
    if url.query().is_some() || url.fragment().is_some() {
        let message = format!("{what} must not have a query or fragment");
        return Err(Error::config(message));
    }
    if as_base && !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

/// `balkanid-api/<version>`, plus the caller's application name.
fn user_agent(app_name: Option<&str>) -> Result<String, Error> {
    let base = concat!("balkanid-api/", env!("CARGO_PKG_VERSION"));
    let Some(name) = app_name.map(str::trim).filter(|n| !n.is_empty()) else {
        return Ok(base.to_owned());
    };
    let valid = name.bytes().all(|b| (0x20..0x7f).contains(&b));
    if !valid {
        let message = format!(
            "the app name {name:?} holds characters a user agent cannot; use printable ASCII"
        );
        return Err(Error::config(message));
    }
    Ok(format!("{base} {name}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn credentials_and_urls_come_from_the_environment_when_not_set_in_code() {
        let env = env_of(&[
            (ENV_KEY_ID, "kid"),
            (ENV_KEY_SECRET, "env-secret"),
            (ENV_BASE_URL, "http://127.0.0.1:9/api/rest/v0"),
            (ENV_GRAPHQL_URL, "http://127.0.0.1:9/api/public"),
        ]);

        let client = ClientBuilder::default().build_with_env(env).unwrap();

        assert_eq!(
            client.base_url().as_str(),
            "http://127.0.0.1:9/api/rest/v0/"
        );
        assert_eq!(
            client.graphql_url().map(Url::as_str),
            Some("http://127.0.0.1:9/api/public")
        );
        assert_eq!(client.key_id(), "kid");
    }

    #[test]
    fn values_set_in_code_win_over_the_environment() {
        let env = env_of(&[(ENV_KEY_ID, "env-id"), (ENV_KEY_SECRET, "env-secret")]);

        let client = ClientBuilder::default()
            .key_id("code-id")
            .build_with_env(env)
            .unwrap();

        assert_eq!(client.key_id(), "code-id");
        assert_eq!(client.base_url().as_str(), DEFAULT_BASE_URL);
        assert!(client.graphql_url().is_none());
    }

    #[test]
    fn a_missing_secret_names_the_setter_and_the_variable() {
        let env = env_of(&[(ENV_KEY_ID, "kid")]);

        let error = ClientBuilder::default().build_with_env(env).unwrap_err();

        assert_eq!(
            error.to_string(),
            "invalid configuration: no API key secret: call ClientBuilder::key_secret or set \
             BALKANID_API_KEY_SECRET"
        );
    }

    #[test]
    fn user_agent_is_crate_and_version_plus_the_app_name() {
        let version = env!("CARGO_PKG_VERSION");

        assert_eq!(user_agent(None).unwrap(), format!("balkanid-api/{version}"));
        assert_eq!(
            user_agent(Some("hr-sync/2")).unwrap(),
            format!("balkanid-api/{version} hr-sync/2")
        );
        assert!(user_agent(Some("bad\nname")).is_err());
    }

    #[test]
    fn a_non_http_url_is_rejected_with_what_is_expected() {
        let env = env_of(&[(ENV_KEY_ID, "kid"), (ENV_KEY_SECRET, "s")]);

        let error = ClientBuilder::default()
            .base_url("ftp://x/")
            .build_with_env(env)
            .unwrap_err();

        assert_eq!(
            error.to_string(),
            "invalid configuration: the base URL \"ftp://x/\" is not http or https"
        );
    }

    #[test]
    fn builder_debug_never_shows_the_secret() {
        let builder = ClientBuilder::default()
            .key_id("kid")
            .key_secret("very-secret-value");

        let text = format!("{builder:?}");

        assert!(!text.contains("very-secret-value"));
        assert!(text.contains("[redacted]"));
    }
}
