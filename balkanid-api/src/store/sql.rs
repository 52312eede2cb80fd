//! Small helpers for building the read queries: a `WHERE` clause assembled from optional
//! filters with its parameters, and `LIKE` patterns that match text literally.

use rusqlite::types::Value;

/// The conditions of a `WHERE` clause and their parameters, in order of their `?` marks.
#[derive(Clone, Debug, Default)]
pub(crate) struct Conditions {
    clauses: Vec<String>,
    params: Vec<Value>,
}

impl Conditions {
    /// Adds a condition without parameters.
    pub fn add(&mut self, clause: &str) {
        self.clauses.push(clause.to_owned());
    }

    /// Adds a condition whose `?` marks take `params`, in order.
    pub fn add_with(&mut self, clause: &str, params: impl IntoIterator<Item = Value>) {
        self.clauses.push(clause.to_owned());
        self.params.extend(params);
    }

    /// `WHERE a AND b ...`, or nothing when there is no condition.
    pub fn where_clause(&self) -> String {
        if self.clauses.is_empty() {
            return String::new();
        }
        format!("WHERE {}", self.clauses.join(" AND "))
    }

    /// The parameters, followed by `extra` (for `LIMIT` and `OFFSET`).
    pub fn params_with(&self, extra: &[i64]) -> Vec<Value> {
        let mut res = self.params.clone();
        res.extend(extra.iter().map(|n| Value::Integer(*n)));
        res
    }

    /// The parameters.
    pub fn params(&self) -> Vec<Value> {
        self.params.clone()
    }
}

/// A text parameter.
pub(crate) fn text(value: impl Into<String>) -> Value {
    Value::Text(value.into())
}

/// An integer parameter.
pub(crate) fn int(value: i64) -> Value {
    Value::Integer(value)
}

/// A `LIKE` pattern (used with `ESCAPE '\'`) matching `needle` anywhere, literally, in
/// Unicode lower case: compare it with a column passed through [`UNICODE_LOWER`], as SQLite's
/// own case folding knows only ASCII.
pub(crate) fn contains_pattern(needle: &str) -> String {
    let mut res = String::from("%");
    for c in needle.trim().to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            res.push('\\');
        }
        res.push(c);
    }
    res.push('%');
    res
}

/// The SQL function that lowers text by Unicode's rules (SQLite's `lower` knows only
/// ASCII); [`register_functions`] adds it to a connection.
pub(crate) const UNICODE_LOWER: &str = "unicode_lower";

/// Adds the store's SQL functions, such as [`UNICODE_LOWER`], to `connection`.
pub(crate) fn register_functions(connection: &rusqlite::Connection) -> rusqlite::Result<()> {
    let flags = rusqlite::functions::FunctionFlags::SQLITE_UTF8
        | rusqlite::functions::FunctionFlags::SQLITE_DETERMINISTIC;
    connection.create_scalar_function(UNICODE_LOWER, 1, flags, |context| {
        let text: Option<String> = context.get(0)?;
        Ok(text.map(|text| text.to_lowercase()))
    })
}

/// The lookup key of an email or name: trimmed and in lower case.
pub(crate) fn key(text: &str) -> String {
    text.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(contains_pattern(" 50%_off "), "%50\\%\\_off%");
    }

    #[test]
    fn patterns_and_columns_are_lowered_by_unicode_rules() {
        let connection = rusqlite::Connection::open_in_memory().unwrap();
        register_functions(&connection).unwrap();

        let matches: bool = connection
            .query_row(
                "SELECT unicode_lower('Ana Żak') LIKE ?1 ESCAPE '\\'",
                [contains_pattern("ŻAK")],
                |row| row.get(0),
            )
            .unwrap();

        assert_eq!(contains_pattern("ŻAK"), "%żak%");
        assert!(matches);
    }

    #[test]
    fn conditions_join_with_and_and_keep_parameter_order() {
        let mut conditions = Conditions::default();
        conditions.add("a = 1");
        conditions.add_with("b = ? AND c = ?", [text("x"), int(2)]);

        assert_eq!(conditions.where_clause(), "WHERE a = 1 AND b = ? AND c = ?");
        assert_eq!(
            conditions.params_with(&[10]),
            vec![text("x"), int(2), int(10)]
        );
    }
}
