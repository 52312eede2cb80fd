//! What the bulk REST API sends and receives, where BalkanID's reference is silent included.
//!
//! Every decision the reference leaves open is taken here, once, and marked (inferred):
//! - the body of `POST …/download-url` is the empty JSON object `{}` (inferred: the pages
//!   have a body section whose contents no public copy shows);
//! - the body of `POST …/upload-url` is `{}`, or `{"integrationId": "<app>/<id>"}` for the
//!   integration-scoped resources (documented for entitlements by third-party code; inferred
//!   for entities and entity relations, whose upload rows name no integration);
//! - the `PUT` of an upload sends `Content-Type: text/csv` (`application/zip` for Entity
//!   RBAC), as the one known working client does (inferred: the reference's curl sends none);
//! - a pre-signed URL has expired when its `GET` or `PUT` answers 400 or 403 with a body that
//!   says "expired" (S3 answers 403 `AccessDenied` "Request has expired"; GCS answers 400
//!   `ExpiredToken`) (inferred: the reference documents no expiry);
//! - while polling, 404 and 403 both mean "not ready yet" (403 is what an object store
//!   answers before the object exists when listing is not allowed), unless the 403 is an
//!   HTML page, which is a firewall block and fails at once.

use bytes::Bytes;
use serde::Deserialize;

use balkanid_domain::ids::IntegrationId;

/// The answer to `POST …/download-url`.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DownloadLinks {
    /// The pre-signed URL of the file.
    pub(crate) url: String,
    /// Where to send `HEAD` until the file is ready.
    pub(crate) polling_url: String,
}

/// The answer to `POST …/upload-url`.
#[derive(Clone, Debug, Deserialize)]
pub(crate) struct UploadLink {
    /// The pre-signed URL to `PUT` the file to.
    pub(crate) url: String,
}

/// The JSON media type of the URL requests.
pub(crate) const JSON: &str = "application/json";

/// The body of `POST …/download-url` (inferred).
pub(crate) fn download_url_body() -> Bytes {
    Bytes::from_static(b"{}")
}

/// The body of `POST …/upload-url` (inferred, see the module docs).
pub(crate) fn upload_url_body(integration: Option<&IntegrationId>) -> Bytes {
    let body = match integration {
        Some(id) => serde_json::json!({ "integrationId": id.to_string() }),
        None => serde_json::json!({}),
    };
    Bytes::from(body.to_string())
}

/// The content type of an upload `PUT` (inferred).
pub(crate) fn upload_content_type(is_zip: bool) -> &'static str {
    if is_zip {
        "application/zip"
    } else {
        "text/csv"
    }
}

/// What one poll said.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PollAnswer {
    /// The file is ready.
    Ready,
    /// Not yet: poll again later.
    NotReady,
    /// Anything else: an error.
    Failed,
}

/// Reads a poll's status and content type.
pub(crate) fn poll_answer(status: u16, content_type: Option<&str>) -> PollAnswer {
    let is_html = content_type.is_some_and(|t| t.to_ascii_lowercase().contains("html"));
    match status {
        200..=299 => PollAnswer::Ready,
        404 => PollAnswer::NotReady,
        403 if !is_html => PollAnswer::NotReady,
        _ => PollAnswer::Failed,
    }
}

/// Whether a failed `GET` or `PUT` of a pre-signed URL says the URL has expired (inferred).
pub(crate) fn is_expired_url(status: u16, body: &[u8]) -> bool {
    if !matches!(status, 400 | 403) {
        return false;
    }
    let text = String::from_utf8_lossy(body).to_ascii_lowercase();
    text.contains("expired")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upload_url_body_names_the_integration_only_when_given() {
        let id: IntegrationId = "okta/01J07X778EK4BH2M2A1VY4HCYF".parse().unwrap();

        assert_eq!(upload_url_body(None), Bytes::from_static(b"{}"));
        assert_eq!(
            upload_url_body(Some(&id)),
            Bytes::from_static(br#"{"integrationId":"okta/01J07X778EK4BH2M2A1VY4HCYF"}"#)
        );
    }

    #[test]
    fn polling_reads_404_and_plain_403_as_not_ready_and_an_html_403_as_failure() {
        assert_eq!(poll_answer(200, None), PollAnswer::Ready);
        assert_eq!(poll_answer(404, None), PollAnswer::NotReady);
        assert_eq!(
            poll_answer(403, Some("application/xml")),
            PollAnswer::NotReady
        );
        assert_eq!(
            poll_answer(403, Some("text/html; charset=utf-8")),
            PollAnswer::Failed
        );
        assert_eq!(poll_answer(500, None), PollAnswer::Failed);
    }

    #[test]
    fn an_expired_url_is_a_400_or_403_that_says_expired() {
        let s3 = b"<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>";
        let gcs = b"<Error><Code>ExpiredToken</Code></Error>";

        assert!(is_expired_url(403, s3));
        assert!(is_expired_url(400, gcs));
        assert!(!is_expired_url(
            403,
            b"<Error><Code>AccessDenied</Code></Error>"
        ));
        assert!(!is_expired_url(500, s3));
    }

    #[test]
    fn download_links_read_url_and_polling_url() {
        let body = r#"{"url":"https://files/x.csv?sig=1","pollingUrl":"https://files/x.csv"}"#;

        let links: DownloadLinks = serde_json::from_str(body).unwrap();

        assert_eq!(links.url, "https://files/x.csv?sig=1");
        assert_eq!(links.polling_url, "https://files/x.csv");
    }
}
