//! The facade's error type: what went wrong, in terms a caller (or a language model reading a
//! tool result) can act on.

use std::fmt;

/// Why a facade operation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Nothing matches the given key; `suggestions` holds the nearest existing keys.
    #[error("no {what} matches {:?}{}", shorten(key), suggestion_text(suggestions))]
    NotFound {
        /// What was looked for: `employee`, `identity`, `campaign`, ...
        what: &'static str,
        /// The key that was given.
        key: String,
        /// The nearest existing keys, best first; at most five.
        suggestions: Vec<String>,
    },
    /// An argument has a value the operation cannot use.
    #[error("invalid {argument}: {message}")]
    InvalidArgument {
        /// The argument's name.
        argument: String,
        /// What was wrong and what is accepted.
        message: String,
    },
    /// The acting user's roles do not allow the operation.
    #[error("permission denied: {0}")]
    PermissionDenied(String),
    /// A snapshot could not be imported; a database that existed before is left as it was.
    ///
    /// The source says what is wrong; for a CSV file it is a
    /// [`balkanid_domain::csv::CsvError`] naming the line and column.
    #[error("cannot import {file} of the snapshot{}", location_text(*line, column.as_deref()))]
    Import {
        /// The snapshot file at fault, such as `employees.csv` or `manifest.json`.
        file: String,
        /// The 1-based line, when one row is at fault.
        line: Option<u64>,
        /// The column, when one cell is at fault.
        column: Option<String>,
        /// What went wrong.
        #[source]
        source: StoreError,
    },
    /// The local tenant database failed.
    #[error("the tenant database failed while {action}")]
    Store {
        /// What the store was doing, such as `listing identities`.
        action: String,
        /// The cause.
        #[source]
        source: StoreError,
    },
    /// The tenant cannot do this operation.
    #[error("{operation} is not supported by this tenant")]
    Unsupported {
        /// The operation.
        operation: String,
    },
    /// A write that a BalkanID cloud tenant refuses because BalkanID's public API documents
    /// no operation for it; see [`crate::writes`].
    #[error(
        "{operation} is refused on a BalkanID cloud tenant: BalkanID's public API documents no \
         such operation, and no endpoint is guessed for a write; {instead}"
    )]
    UndocumentedWrite {
        /// The operation, as the MCP tool that makes it is named (`decide_reviews`, ...).
        operation: String,
        /// What to do instead.
        instead: String,
    },
    /// BalkanID's cloud failed while the facade worked with it, such as while refreshing a
    /// cloud tenant's local mirror. The source is the client's error, which never holds the
    /// API key secret.
    #[error("the BalkanID cloud failed while {action}")]
    Cloud {
        /// What the facade was doing, such as `pulling the tenant's bulk files`.
        action: String,
        /// The client's error.
        #[source]
        source: crate::cloud::Error,
    },
}

impl Error {
    /// Whether the error says that nothing matched a key.
    pub fn is_not_found(&self) -> bool {
        matches!(self, Error::NotFound { .. })
    }

    /// Whether the error is about an argument's value.
    pub fn is_invalid_argument(&self) -> bool {
        matches!(self, Error::InvalidArgument { .. })
    }

    /// Whether the error refuses a write that BalkanID's public API does not document.
    pub fn is_undocumented_write(&self) -> bool {
        matches!(self, Error::UndocumentedWrite { .. })
    }

    /// The nearest existing keys of a [`Error::NotFound`]; empty for other errors.
    pub fn suggestions(&self) -> &[String] {
        match self {
            Error::NotFound { suggestions, .. } => suggestions,
            _ => &[],
        }
    }

    /// An [`Error::InvalidArgument`] for `argument`.
    pub(crate) fn invalid(argument: &str, message: impl Into<String>) -> Self {
        Error::InvalidArgument {
            argument: argument.to_owned(),
            message: message.into(),
        }
    }

    /// An [`Error::Store`] while doing `action`, caused by `source`.
    pub(crate) fn store(
        action: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        Error::Store {
            action: action.into(),
            source: StoreError::new(source),
        }
    }
}

/// The underlying cause of a store or import failure, kept opaque so that the database
/// library's types stay out of the public API.
pub struct StoreError(Box<dyn std::error::Error + Send + Sync>);

impl StoreError {
    /// Wraps any error.
    pub(crate) fn new(source: impl std::error::Error + Send + Sync + 'static) -> Self {
        StoreError(Box::new(source))
    }

    /// A cause that is only a message.
    pub(crate) fn message(message: impl Into<String>) -> Self {
        StoreError(message.into().into())
    }

    /// The wrapped error, for callers that want to look deeper.
    pub fn get_ref(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        self.0.as_ref()
    }
}

impl fmt::Debug for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}

/// How many characters of a caller's input an error message repeats at most.
pub(crate) const MAX_ECHO_CHARS: usize = 80;

/// `text` as an error message may repeat it: at most [`MAX_ECHO_CHARS`] characters, the rest
/// replaced by an ellipsis, so that a huge input does not make a huge error.
pub(crate) fn shorten(text: &str) -> String {
    if text.chars().count() <= MAX_ECHO_CHARS {
        return text.to_owned();
    }
    let mut res: String = text.chars().take(MAX_ECHO_CHARS).collect();
    res.push('…');
    res
}

fn suggestion_text(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        return String::new();
    }
    format!("; did you mean {}?", suggestions.join(", "))
}

fn location_text(line: Option<u64>, column: Option<&str>) -> String {
    let mut text = String::new();
    if let Some(line) = line {
        text.push_str(&format!(", line {line}"));
    }
    if let Some(column) = column {
        text.push_str(&format!(", column `{column}`"));
    }
    text
}

/// The facade's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_found_lists_the_suggestions() {
        let error = Error::NotFound {
            what: "employee",
            key: "jane@acme.test".to_owned(),
            suggestions: vec!["jane.doe@acme.test".to_owned(), "jan@acme.test".to_owned()],
        };

        assert_eq!(
            error.to_string(),
            "no employee matches \"jane@acme.test\"; did you mean jane.doe@acme.test, \
             jan@acme.test?"
        );
        assert!(error.is_not_found());
        assert_eq!(error.suggestions().len(), 2);
    }

    #[test]
    fn a_long_key_is_cut_to_eighty_characters_in_the_message() {
        let error = Error::NotFound {
            what: "employee",
            key: "a".repeat(100_000),
            suggestions: Vec::new(),
        };

        // "no employee matches " (20) + quoted 80 a's and the ellipsis (83).
        let expected = format!("no employee matches \"{}…\"", "a".repeat(80));
        assert_eq!(error.to_string(), expected);
        assert_eq!(shorten("short"), "short");
    }

    #[test]
    fn import_error_names_file_line_and_column_and_keeps_the_cause() {
        let error = Error::Import {
            file: "employees.csv".to_owned(),
            line: Some(4),
            column: Some("Start Date".to_owned()),
            source: StoreError::message("expected MM/DD/YYYY"),
        };

        assert_eq!(
            error.to_string(),
            "cannot import employees.csv of the snapshot, line 4, column `Start Date`"
        );
        let cause = std::error::Error::source(&error).map(ToString::to_string);
        assert_eq!(cause.as_deref(), Some("expected MM/DD/YYYY"));
    }
}
