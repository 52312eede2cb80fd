//! Identifiers the GraphQL Public API hands out: requests, identities, events, sync runs.
//!
//! Each is a newtype over the server's text with `Display`, `FromStr` and transparent serde,
//! so a request id cannot be passed where an identity id is expected. Their shapes are not
//! documented, so any non-empty text without white space at its ends is accepted.

use std::fmt;
use std::str::FromStr;

/// Why an identifier did not parse.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid {kind}: {problem}")]
#[non_exhaustive]
pub struct InvalidId {
    /// Which kind of identifier.
    pub kind: &'static str,
    /// What is wrong with it.
    pub problem: &'static str,
}

macro_rules! string_id {
    ($(#[$meta:meta])* $name:ident, $kind:literal) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// The identifier as the server wrote it.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = InvalidId;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                let text = text.trim();
                if text.is_empty() {
                    return Err(InvalidId { kind: $kind, problem: "it is empty" });
                }
                Ok($name(text.to_owned()))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                // Ids arrive as strings, but a GraphQL `ID` may also be sent as a number.
                let value = serde_json::Value::deserialize(deserializer)?;
                let text = match value {
                    serde_json::Value::String(text) => text,
                    serde_json::Value::Number(number) => number.to_string(),
                    other => {
                        let message = format!("expected a string {}, found {other}", $kind);
                        return Err(serde::de::Error::custom(message));
                    }
                };
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

string_id!(
    /// The id of an access request (`createRequest.id`, `requests.edges.node.id`).
    RequestId,
    "request id"
);
string_id!(
    /// The id of an identity in the GraphQL Public API (`identities.edges.node.id`).
    IdentityId,
    "identity id"
);
string_id!(
    /// The id of an event `createRequest` emitted (`eventIds`).
    EventId,
    "event id"
);
string_id!(
    /// The correlation id of an integration sync (`syncIntegration.correlationId`).
    CorrelationId,
    "correlation id"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_strings_and_numbers_and_print_as_given() {
        let from_text: RequestId = serde_json::from_str(r#""req-01""#).unwrap();
        let from_number: RequestId = serde_json::from_str("42").unwrap();

        assert_eq!(from_text.to_string(), "req-01");
        assert_eq!(from_number.as_str(), "42");
        assert_eq!(serde_json::to_string(&from_text).unwrap(), r#""req-01""#);
    }

    #[test]
    fn an_empty_id_is_rejected_naming_its_kind() {
        let error = "  ".parse::<IdentityId>().unwrap_err();

        assert_eq!(error.to_string(), "invalid identity id: it is empty");
    }
}
