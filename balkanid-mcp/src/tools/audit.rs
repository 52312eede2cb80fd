//! The `audit` toolset: the hash-chained record of every change made through this server.

use balkanid_api::query::AuditQuery;
use balkanid_api::views::AuditLog;
use chrono::{DateTime, NaiveDate, Utc};
use rmcp::model::{CallToolResult, JsonObject};
use rmcp::{tool, tool_router};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::arguments::ArgumentError;
use crate::results;
use crate::schema;
use crate::server::BalkanidServer;
use crate::tools::{Noted, PageArguments, facade_or_return, parse_or_return};

/// Arguments of `list_audit_events`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
pub(crate) struct ListAuditEventsArguments {
    /// Only events by this acting user's work email (any case).
    pub actor: Option<String>,
    /// Only events of this tool or operation, such as `decide_reviews`.
    pub operation: Option<String>,
    /// Only events at or after this instant: an RFC 3339 date-time such as
    /// `2026-01-31T09:00:00Z`, or a date such as `2026-01-31` (midnight UTC).
    pub since: Option<String>,
    #[serde(flatten)]
    pub page: PageArguments,
}

#[tool_router(router = audit_router, vis = "pub(crate)")]
impl BalkanidServer {
    /// Lists audit records, newest first: when, who acted, which tool or operation, on which
    /// ids, the decision and reason, and the result. Also says whether the whole hash chain
    /// verifies (`chain_intact`) and, if not, the first record that does not.
    #[tool(
        name = "list_audit_events",
        title = "List audit events",
        input_schema = schema::input::<ListAuditEventsArguments>(),
        output_schema = schema::output::<Noted<AuditLog>>()
    )]
    async fn list_audit_events(&self, arguments: JsonObject) -> CallToolResult {
        let arguments: ListAuditEventsArguments = parse_or_return!(arguments);

        let since = match arguments.since.as_deref().map(parse_instant).transpose() {
            Ok(since) => since,
            Err(error) => return results::argument_error(&error),
        };
        let mut query = AuditQuery::default();
        query.actor = arguments.actor;
        query.operation = arguments.operation;
        query.since = since;
        query.page = arguments.page.request();

        let log = facade_or_return!(self.tenant.list_audit_events(query));

        let shown = log.items.len() as u64;
        let note = log.next_cursor.is_some().then(|| {
            format!(
                "Partial list: {shown} of {} records are shown; pass next_cursor as `cursor` \
                 for the next page.",
                log.total
            )
        });
        results::structured(&Noted { value: log, note })
    }
}

/// Reads `since`: an RFC 3339 instant, or a date taken as midnight UTC.
fn parse_instant(text: &str) -> Result<DateTime<Utc>, ArgumentError> {
    if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
        return Ok(instant.with_timezone(&Utc));
    }
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(date.and_time(chrono::NaiveTime::MIN).and_utc());
    }
    Err(ArgumentError::new(
        "since",
        format!(
            "{text:?} is not accepted; accepts an RFC 3339 date-time such as \
             2026-01-31T09:00:00Z, or a date such as 2026-01-31"
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_accepts_an_rfc_3339_instant_with_an_offset() {
        let instant = parse_instant("2026-01-31T10:00:00+01:00").unwrap();

        assert_eq!(instant.to_rfc3339(), "2026-01-31T09:00:00+00:00");
    }

    #[test]
    fn since_accepts_a_date_as_midnight_utc() {
        let instant = parse_instant("2026-01-31").unwrap();

        assert_eq!(instant.to_rfc3339(), "2026-01-31T00:00:00+00:00");
    }

    #[test]
    fn since_rejects_other_text_naming_the_argument() {
        let error = parse_instant("last week").unwrap_err();

        assert_eq!(error.argument, "since");
        assert!(
            error.message.starts_with("\"last week\" is not accepted"),
            "{}",
            error.message
        );
    }
}
