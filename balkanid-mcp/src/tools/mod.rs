//! The tools, one module per toolset, and what they share: the page arguments, argument
//! parsing into a tool error, and the wrapper that lets a detail result carry a note.
//!
//! Each tool is thin: parse its argument struct, build the facade's query, make one facade
//! call, map the answer to a result. No governance logic lives here.

mod access;
mod audit;
mod context;
mod credentials;
mod employees;
mod identities;
mod integrations;
mod purposes;
mod reviews;

use balkanid_api::query::PageRequest;
use rmcp::model::JsonObject;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::arguments::{self, ArgumentError};
use crate::schema;

/// The largest number of days a day-count argument (`expiring_within_days`,
/// `dormant_after_days`...) accepts: 100 years, longer than any credential or account lives.
pub(crate) const MAX_DAYS: u32 = 36_500;

/// Which page of a list to return; shared by every list tool.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
pub(crate) struct PageArguments {
    /// How many items to return: 1 to 500, 50 when not given. Results are also kept under
    /// about 70 KB (about 17,000 tokens), so wide items may come in smaller pages (a `note`
    /// says so).
    #[schemars(range(min = 1, max = 500))]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page, to continue a list; give the same filters
    /// again. Omit for the first page.
    pub cursor: Option<String>,
}

impl PageArguments {
    /// The facade's page request.
    pub(crate) fn request(&self) -> PageRequest {
        let mut request = PageRequest::default();
        if let Some(limit) = self.limit {
            request = request.limit(limit);
        }
        if let Some(cursor) = &self.cursor {
            request = request.cursor(cursor.clone());
        }
        request
    }
}

/// Whether an account or an integration is in use.
#[derive(Clone, Copy, Debug, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub(crate) enum ActivityStatus {
    /// In use: the account can sign in, the integration syncs.
    Active,
    /// Disabled, suspended or switched off.
    Inactive,
}

impl ActivityStatus {
    /// Whether this is [`ActivityStatus::Active`].
    pub(crate) fn is_active(self) -> bool {
        self == ActivityStatus::Active
    }
}

/// A result that may have been shortened; `note` says what was left out.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub(crate) struct Noted<T> {
    #[serde(flatten)]
    pub value: T,
    /// Present when lists in this result were shortened or are partial: says what is missing
    /// and how to see it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl<T> Noted<T> {
    /// `value` with no note.
    pub(crate) fn new(value: T) -> Self {
        Noted { value, note: None }
    }
}

/// Parses a tool's arguments against the tool's own input schema.
pub(crate) fn parse<T>(arguments: JsonObject) -> Result<T, ArgumentError>
where
    T: DeserializeOwned + JsonSchema + 'static,
{
    let input_schema = schema::input_cached::<T>();
    arguments::parse(arguments, &input_schema)
}

/// Returns early from a tool with the tool error of a failed parse.
macro_rules! parse_or_return {
    ($arguments:expr) => {
        match crate::tools::parse($arguments) {
            Ok(parsed) => parsed,
            Err(error) => return crate::results::argument_error(&error),
        }
    };
}
pub(crate) use parse_or_return;

/// Returns early from a tool with the result of a failed facade call.
macro_rules! facade_or_return {
    ($call:expr) => {
        match $call.await {
            Ok(value) => value,
            Err(error) => return crate::results::facade_error(&error),
        }
    };
}
pub(crate) use facade_or_return;
