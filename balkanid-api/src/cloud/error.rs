//! The one error type of the cloud client, with the questions callers ask of it.
//!
//! Variants never carry `reqwest` or `serde_json` types: causes from those crates are boxed as
//! `source()`. The API error is the one place whose text includes what the server said (HTTP
//! status, server code and message), because that is what people print. Nothing here ever
//! holds the API key secret: bodies are scrubbed of it before they are stored, and URLs are
//! kept without their query strings (pre-signed URLs carry signatures there).

use std::fmt;
use std::io;
use std::path::PathBuf;
use std::time::Duration;

use balkanid_domain::csv::CsvError;

/// A boxed cause from a lower layer.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// The HTTP statuses the client retries: rate limited, bad gateway, unavailable, gateway
/// timeout, and Cloudflare's 520 "unknown error" (BalkanID's own client retries the same).
pub const RETRYABLE_STATUSES: &[u16] = &[429, 502, 503, 504, 520];

/// The longest excerpt of a response body kept in an error, in characters.
pub const BODY_EXCERPT_CHARS: usize = 300;

/// Everything that can go wrong talking to BalkanID's cloud.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// BalkanID (or something in front of it) answered with a non-success HTTP status.
    #[error(transparent)]
    Api(Box<ApiError>),

    /// The GraphQL Public API answered with an `errors` array.
    #[error(transparent)]
    GraphQl(Box<GraphQlError>),

    /// No connection could be made: refused, unreachable, DNS or TLS failure.
    #[error("could not connect to {origin}")]
    Connect {
        /// The scheme, host and port the client tried.
        origin: String,
        /// The cause.
        #[source]
        source: BoxError,
    },

    /// A timeout of the client ran out.
    #[error("{kind} timed out after {}", DisplayDuration(*after))]
    Timeout {
        /// Which timeout.
        kind: TimeoutKind,
        /// How long it was.
        after: Duration,
    },

    /// The request failed after the connection was made, for another reason than a timeout.
    #[error("the request to {origin} failed")]
    Transport {
        /// The scheme, host and port of the request.
        origin: String,
        /// The cause.
        #[source]
        source: BoxError,
    },

    /// A success response did not hold what the client expected.
    #[error(transparent)]
    Decode(Box<DecodeError>),

    /// A bulk file was still not ready when the polling deadline passed.
    #[error(
        "the {resource} file was not ready after {} ({n_polls} polls); raise the poll \
         timeout or try again later",
        DisplayDuration(*waited)
    )]
    NotReady {
        /// The bulk resource, such as `employees`.
        resource: String,
        /// How long the client polled.
        waited: Duration,
        /// How many polls it sent.
        n_polls: u32,
    },

    /// Something the client waits for (such as an access request's decision) did not happen
    /// in time.
    #[error("{what} was still pending after {} ({n_checks} checks)", DisplayDuration(*waited))]
    WaitTimedOut {
        /// What was awaited.
        what: String,
        /// How long the client waited.
        waited: Duration,
        /// How many times it checked.
        n_checks: u32,
    },

    /// Every pre-signed URL the client obtained had expired by the time it was used.
    #[error("the pre-signed URL of the {resource} file had expired on each of {n_urls} tries")]
    UrlExpired {
        /// The bulk resource.
        resource: String,
        /// How many URLs were requested.
        n_urls: u32,
    },

    /// A bulk file's body ended before its end: the connection dropped mid-file.
    #[error("the {resource} file ended early, after {received} bytes{}", expected_text(*expected))]
    Truncated {
        /// The bulk resource.
        resource: String,
        /// Bytes received before the body ended.
        received: u64,
        /// The length the server announced, when it did.
        expected: Option<u64>,
        /// The cause.
        #[source]
        source: Option<BoxError>,
    },

    /// A bulk file held a malformed row; the message names the file, line and column.
    #[error(transparent)]
    Csv(#[from] CsvError),

    /// A redirect chain was longer than the client follows.
    #[error("more than {max} redirects from {origin}")]
    TooManyRedirects {
        /// The origin of the first request.
        origin: String,
        /// The most redirects followed.
        max: u32,
    },

    /// The client's configuration is incomplete or invalid.
    #[error("invalid configuration: {message}")]
    Config {
        /// What is wrong and how to fix it.
        message: String,
    },

    /// An argument of a call was invalid.
    #[error("invalid input: {message}")]
    InvalidInput {
        /// What is wrong and what is accepted.
        message: String,
    },

    /// A GraphQL mutation answered `success: false` without saying why.
    #[error("`{operation}` answered success = false without an error")]
    Unsuccessful {
        /// The GraphQL operation, such as `syncIntegration`.
        operation: String,
    },

    /// A local file could not be written or read.
    #[error("could not write or read {}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: io::Error,
    },
}

impl Error {
    /// Whether trying the same call again later may succeed: a retryable HTTP status, a
    /// connection failure, a timeout of one attempt, or a dropped connection.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(api) => RETRYABLE_STATUSES.contains(&api.status),
            Error::Connect { .. } | Error::Transport { .. } | Error::Truncated { .. } => true,
            Error::Timeout { kind, .. } => *kind != TimeoutKind::Operation,
            _ => false,
        }
    }

    /// Whether a timeout or deadline of the client ran out (including bulk-file polling).
    pub fn is_timeout(&self) -> bool {
        matches!(
            self,
            Error::Timeout { .. } | Error::NotReady { .. } | Error::WaitTimedOut { .. }
        )
    }

    /// The HTTP status of an API error.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(api) => Some(api.status),
            _ => None,
        }
    }

    /// Whether BalkanID answered 404 Not Found.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404)
    }

    /// Whether the answer was an HTML page from a web application firewall, not BalkanID.
    pub fn is_waf_block(&self) -> bool {
        matches!(self, Error::Api(api) if api.body_kind == BodyKind::Html)
    }

    /// The API error, if this is one.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(api) => Some(api),
            _ => None,
        }
    }

    /// The GraphQL errors, if this is a GraphQL error.
    pub fn graphql_error(&self) -> Option<&GraphQlError> {
        match self {
            Error::GraphQl(error) => Some(error),
            _ => None,
        }
    }

    pub(crate) fn config(message: impl Into<String>) -> Self {
        Error::Config {
            message: message.into(),
        }
    }

    pub(crate) fn invalid_input(message: impl Into<String>) -> Self {
        Error::InvalidInput {
            message: message.into(),
        }
    }
}

/// Which of the client's timeouts ran out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// Opening the connection.
    Connect,
    /// One HTTP attempt, until the response headers (and a small body) arrived.
    Attempt,
    /// A whole call with all its retries.
    Operation,
    /// The silence between two pieces of a streamed bulk file.
    BodyIdle,
}

impl fmt::Display for TimeoutKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            TimeoutKind::Connect => "connecting",
            TimeoutKind::Attempt => "an HTTP attempt",
            TimeoutKind::Operation => "the whole operation",
            TimeoutKind::BodyIdle => "waiting for the next part of the response body",
        };
        f.write_str(text)
    }
}

/// What kind of body an error response had.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BodyKind {
    /// No body.
    Empty,
    /// A JSON document.
    Json,
    /// An HTML page: a web application firewall or CDN answered instead of BalkanID.
    Html,
    /// An XML document, as object stores answer for pre-signed URLs.
    Xml,
    /// Anything else.
    Text,
}

/// A non-success HTTP answer.
///
/// BalkanID documents no error body format; the client reads a code and a message from the
/// common shapes (inferred): a JSON object with `code` / `errorCode` / `error` and `message` /
/// `error_description` / `detail`, an object store's XML `<Code>` and `<Message>`, an HTML
/// page's `<title>`, or the first line of plain text.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status.
    pub status: u16,
    /// The request, as method and path without the query: `POST /api/rest/v0/apps/download-url`.
    pub request: String,
    /// The server's error code, when the body had one.
    pub code: Option<String>,
    /// The server's message, when the body had one.
    pub message: Option<String>,
    /// What kind of body came back.
    pub body_kind: BodyKind,
    /// The start of the body, at most [`BODY_EXCERPT_CHARS`] characters.
    pub excerpt: String,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: HTTP {}", self.request, self.status)?;
        if let Some(reason) = reason_phrase(self.status) {
            write!(f, " {reason}")?;
        }
        if self.body_kind == BodyKind::Html {
            f.write_str(
                ", answered by an HTML page instead of BalkanID's API (likely a web application \
                 firewall block)",
            )?;
            if let Some(message) = &self.message {
                write!(f, "; page title {message:?}")?;
            }
            return Ok(());
        }
        if let Some(code) = &self.code {
            write!(f, ", code {code}")?;
        }
        match &self.message {
            Some(message) => write!(f, ": {message}"),
            None if self.excerpt.is_empty() => Ok(()),
            None => write!(f, ": {:?}", self.excerpt),
        }
    }
}

impl std::error::Error for ApiError {}

impl ApiError {
    /// Builds an API error from a status and a body, reading code and message from the body.
    ///
    /// `redact` removes secrets from every text kept.
    pub(crate) fn from_body(
        status: u16,
        request: String,
        content_type: Option<&str>,
        body: &[u8],
        redact: &dyn Fn(&str) -> String,
    ) -> Self {
        let text = redact(&String::from_utf8_lossy(body));
        let body_kind = classify_body(content_type, &text);
        let (code, message) = match body_kind {
            BodyKind::Json => json_code_and_message(&text),
            BodyKind::Xml => (xml_element(&text, "Code"), xml_element(&text, "Message")),
            BodyKind::Html => (None, xml_element(&text, "title")),
            BodyKind::Text => (None, text.lines().next().map(|l| excerpt(l.trim()))),
            BodyKind::Empty => (None, None),
        };

        ApiError {
            status,
            request,
            code: code.map(|c| excerpt(&c)),
            message: message.map(|m| excerpt(&m)),
            body_kind,
            excerpt: excerpt(text.trim()),
        }
    }
}

/// A GraphQL `errors` array.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GraphQlError {
    /// The operation that failed, such as `createRequest`.
    pub operation: String,
    /// The errors, in the server's order; never empty.
    pub errors: Vec<GraphQlErrorItem>,
}

impl fmt::Display for GraphQlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "GraphQL operation `{}` failed", self.operation)?;
        let Some(first) = self.errors.first() else {
            return Ok(());
        };
        write!(f, ": {}", first.message)?;
        if let Some(code) = &first.code {
            write!(f, " (code {code})")?;
        }
        if let Some(path) = &first.path {
            write!(f, " at `{path}`")?;
        }
        if self.errors.len() > 1 {
            write!(f, "; and {} more", self.errors.len() - 1)?;
        }
        Ok(())
    }
}

impl std::error::Error for GraphQlError {}

impl GraphQlError {
    /// Whether any error's code is `code` (compared without regard to ASCII case).
    pub fn has_code(&self, code: &str) -> bool {
        self.errors.iter().any(|e| {
            e.code
                .as_deref()
                .is_some_and(|c| c.eq_ignore_ascii_case(code))
        })
    }
}

/// One entry of a GraphQL `errors` array.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GraphQlErrorItem {
    /// `message`.
    pub message: String,
    /// `extensions.code`, when present.
    pub code: Option<String>,
    /// `path`, joined with `.`, when present.
    pub path: Option<String>,
}

impl GraphQlErrorItem {
    /// An error item with a message.
    pub fn new(message: impl Into<String>, code: Option<String>, path: Option<String>) -> Self {
        GraphQlErrorItem {
            message: message.into(),
            code,
            path,
        }
    }
}

/// A success response whose body did not hold what the client expected.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct DecodeError {
    /// What was being decoded, such as `POST /api/rest/v0/apps/download-url`.
    pub request: String,
    /// The JSON path where decoding failed, such as `data.createRequest.id`.
    pub path: String,
    /// What was wrong there.
    pub message: String,
    /// The start of the body, at most [`BODY_EXCERPT_CHARS`] characters.
    pub excerpt: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not decode the response of {} at `{}`: {}; the body starts {:?}",
            self.request, self.path, self.message, self.excerpt
        )
    }
}

impl std::error::Error for DecodeError {}

/// Decodes `body` as JSON into `T`, naming the failing path.
pub(crate) fn decode_json<T: serde::de::DeserializeOwned>(
    request: &str,
    body: &[u8],
    redact: &dyn Fn(&str) -> String,
) -> Result<T, Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let res: Result<T, _> = serde_path_to_error::deserialize(&mut deserializer);
    let value = res.map_err(|error| {
        let path = error.path().to_string();
        let message = redact(&error.into_inner().to_string());
        let text = redact(&String::from_utf8_lossy(body));
        Error::Decode(Box::new(DecodeError {
            request: request.to_owned(),
            path,
            message,
            excerpt: excerpt(text.trim()),
        }))
    })?;
    Ok(value)
}

/// The first [`BODY_EXCERPT_CHARS`] characters of `text`, with `…` when cut.
pub(crate) fn excerpt(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(BODY_EXCERPT_CHARS).collect();
    if chars.next().is_some() {
        return format!("{head}…");
    }
    head
}

fn classify_body(content_type: Option<&str>, text: &str) -> BodyKind {
    let trimmed = text.trim_start();
    let content_type = content_type.unwrap_or("").to_ascii_lowercase();
    if content_type.contains("html") {
        return BodyKind::Html;
    }
    if trimmed.is_empty() {
        return BodyKind::Empty;
    }
    let head: String = trimmed
        .chars()
        .take(200)
        .collect::<String>()
        .to_ascii_lowercase();
    let looks_html = head.starts_with("<!doctype html") || head.contains("<html");
    if looks_html {
        return BodyKind::Html;
    }
    if content_type.contains("json") || trimmed.starts_with('{') || trimmed.starts_with('[') {
        return BodyKind::Json;
    }
    if content_type.contains("xml") || trimmed.starts_with("<?xml") || trimmed.starts_with('<') {
        return BodyKind::Xml;
    }
    BodyKind::Text
}

fn json_code_and_message(text: &str) -> (Option<String>, Option<String>) {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
        return (None, None);
    };
    let object = match &value {
        serde_json::Value::Object(_) => &value,
        serde_json::Value::Array(items) => match items.first() {
            Some(first) => first,
            None => return (None, None),
        },
        _ => return (None, None),
    };
    let string_at = |key: &str| match object.get(key) {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };

    let message = ["message", "error_description", "detail", "msg"]
        .iter()
        .find_map(|key| string_at(key))
        .or_else(|| {
            let first = object.get("errors")?.as_array()?.first()?;
            first.get("message")?.as_str().map(str::to_owned)
        });
    let code = ["code", "errorCode", "error_code"]
        .iter()
        .find_map(|key| string_at(key));
    match (code, message) {
        (code, Some(message)) => (code.or_else(|| string_at("error")), Some(message)),
        (code, None) => (code, string_at("error")),
    }
}

/// The text of the first `<name>…</name>` element, without markup; a tiny reader good enough
/// for object-store error documents and HTML titles.
fn xml_element(text: &str, name: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let open = format!("<{}", name.to_ascii_lowercase());
    let close = format!("</{}>", name.to_ascii_lowercase());
    let start_tag = lower.find(&open)?;
    let content_start = start_tag + lower[start_tag..].find('>')? + 1;
    let content_end = content_start + lower[content_start..].find(&close)?;
    let content = text.get(content_start..content_end)?.trim();
    if content.is_empty() {
        return None;
    }
    Some(content.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn reason_phrase(status: u16) -> Option<&'static str> {
    let text = match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        520 => "Unknown Error",
        _ => return None,
    };
    Some(text)
}

fn expected_text(expected: Option<u64>) -> String {
    match expected {
        Some(n) => format!(" of the {n} announced"),
        None => String::new(),
    }
}

/// A duration printed the way people read it: `250ms`, `30s`, `2m 5s`.
struct DisplayDuration(Duration);

impl fmt::Display for DisplayDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let millis = self.0.as_millis();
        if millis < 1_000 {
            return write!(f, "{millis}ms");
        }
        let seconds = self.0.as_secs();
        if seconds < 60 {
            let tenths = (millis % 1_000) / 100;
            if tenths == 0 {
                return write!(f, "{seconds}s");
            }
            return write!(f, "{seconds}.{tenths}s");
        }
        let (minutes, rest) = (seconds / 60, seconds % 60);
        if rest == 0 {
            return write!(f, "{minutes}m");
        }
        write!(f, "{minutes}m {rest}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_redaction(text: &str) -> String {
        text.to_owned()
    }

    #[test]
    fn api_error_shows_status_code_and_message_from_a_json_body() {
        let body = br#"{"code":"INVALID_RESOURCE","message":"unknown resource foo"}"#;
        let request = "POST /api/rest/v0/foo/download-url".to_owned();

        let error =
            ApiError::from_body(400, request, Some("application/json"), body, &no_redaction);

        assert_eq!(
            error.to_string(),
            "POST /api/rest/v0/foo/download-url: HTTP 400 Bad Request, code INVALID_RESOURCE: \
             unknown resource foo"
        );
        assert_eq!(error.body_kind, BodyKind::Json);
    }

    #[test]
    fn an_html_body_is_called_a_firewall_page_with_its_title() {
        let body = b"<!DOCTYPE html>\n<html><head><title>Attention Required! | Cloudflare</title>\
                     </head><body>blocked</body></html>";

        let error =
            ApiError::from_body(403, "GET /x".into(), Some("text/html"), body, &no_redaction);

        assert_eq!(error.body_kind, BodyKind::Html);
        assert_eq!(
            error.to_string(),
            "GET /x: HTTP 403 Forbidden, answered by an HTML page instead of BalkanID's API \
             (likely a web application firewall block); page title \"Attention Required! | \
             Cloudflare\""
        );
    }

    #[test]
    fn object_store_xml_gives_code_and_message() {
        let body = b"<?xml version=\"1.0\"?><Error><Code>AccessDenied</Code>\
                     <Message>Request has expired</Message></Error>";

        let error = ApiError::from_body(403, "GET /f.csv".into(), None, body, &no_redaction);

        assert_eq!(error.code.as_deref(), Some("AccessDenied"));
        assert_eq!(error.message.as_deref(), Some("Request has expired"));
    }

    #[test]
    fn a_json_error_string_is_the_message_when_no_message_field_exists() {
        let body = br#"{"error":"rate limited"}"#;

        let error = ApiError::from_body(429, "POST /a".into(), None, body, &no_redaction);

        assert_eq!(error.code, None);
        assert_eq!(error.message.as_deref(), Some("rate limited"));
    }

    #[test]
    fn redaction_applies_to_message_and_excerpt() {
        let body = br#"{"message":"bad key s3cr3t"}"#;
        let redact = |text: &str| text.replace("s3cr3t", "[redacted]");

        let error = ApiError::from_body(401, "POST /a".into(), None, body, &redact);

        assert_eq!(error.message.as_deref(), Some("bad key [redacted]"));
        assert!(!error.excerpt.contains("s3cr3t"));
    }

    #[test]
    fn excerpt_is_capped_with_an_ellipsis() {
        let long = "x".repeat(BODY_EXCERPT_CHARS + 10);

        let cut = excerpt(&long);

        assert_eq!(cut.chars().count(), BODY_EXCERPT_CHARS + 1);
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn decode_error_names_the_json_path() {
        #[derive(serde::Deserialize, Debug)]
        struct Links {
            #[allow(dead_code)]
            url: String,
        }
        #[derive(serde::Deserialize, Debug)]
        struct Outer {
            #[allow(dead_code)]
            links: Vec<Links>,
        }
        let body = br#"{"links":[{"url":"a"},{"url":7}]}"#;

        let error = decode_json::<Outer>("POST /p", body, &no_redaction).unwrap_err();

        let Error::Decode(decode) = &error else {
            panic!("expected a decode error: {error}")
        };
        assert_eq!(decode.path, "links[1].url");
        assert!(
            error
                .to_string()
                .starts_with("could not decode the response of POST /p at `links[1].url`")
        );
    }

    #[test]
    fn questions_answer_from_the_variant() {
        let not_found = Error::Api(Box::new(ApiError::from_body(
            404,
            "HEAD /p".into(),
            None,
            b"",
            &no_redaction,
        )));
        let busy = Error::Api(Box::new(ApiError::from_body(
            503,
            "GET /".into(),
            None,
            b"",
            &no_redaction,
        )));
        let operation = Error::Timeout {
            kind: TimeoutKind::Operation,
            after: Duration::from_secs(5),
        };

        assert!(not_found.is_not_found() && !not_found.is_retryable());
        assert_eq!(busy.status(), Some(503));
        assert!(busy.is_retryable());
        assert!(operation.is_timeout() && !operation.is_retryable());
        assert_eq!(
            operation.to_string(),
            "the whole operation timed out after 5s"
        );
    }

    #[test]
    fn durations_print_in_readable_units() {
        assert_eq!(
            DisplayDuration(Duration::from_millis(250)).to_string(),
            "250ms"
        );
        assert_eq!(
            DisplayDuration(Duration::from_millis(1_500)).to_string(),
            "1.5s"
        );
        assert_eq!(
            DisplayDuration(Duration::from_secs(125)).to_string(),
            "2m 5s"
        );
        assert_eq!(DisplayDuration(Duration::from_secs(600)).to_string(), "10m");
    }
}
