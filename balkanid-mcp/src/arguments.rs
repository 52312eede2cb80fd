//! Forgiving, then strict, parsing of tool arguments.
//!
//! MCP clients are sloppy in known ways: numbers and booleans arrive as strings, unset
//! optional arguments arrive as `null`, keys arrive in camelCase or with extra entries, enum
//! values arrive in another case, lists arrive as one comma-separated string. [`parse`] first
//! coerces the raw arguments towards the tool's own (cleaned) input schema, then deserializes
//! them; whatever still does not fit becomes an [`ArgumentError`] that names the argument and
//! says what it accepts, which the tool returns as a result with `isError: true`.

use rmcp::model::JsonObject;
use serde::de::DeserializeOwned;
use serde_json::{Map, Number, Value};

/// An argument a tool cannot use.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid argument `{argument}`: {message}")]
pub struct ArgumentError {
    /// The argument's name, as the input schema spells it.
    pub argument: String,
    /// What was wrong and what is accepted.
    pub message: String,
}

impl ArgumentError {
    /// An error about `argument`.
    pub fn new(argument: impl Into<String>, message: impl Into<String>) -> Self {
        ArgumentError {
            argument: argument.into(),
            message: message.into(),
        }
    }
}

/// Coerces `arguments` towards `schema` and deserializes them into `T`.
///
/// Unknown keys are dropped, `null` means "not given", keys match the schema's property names
/// without regard to case, `_` or `-`.
///
/// # Errors
///
/// An [`ArgumentError`] naming the first argument that does not fit, with what it accepts.
pub fn parse<T: DeserializeOwned>(
    arguments: JsonObject,
    schema: &JsonObject,
) -> Result<T, ArgumentError> {
    let empty = Map::new();
    let properties = match schema.get("properties") {
        Some(Value::Object(properties)) => properties,
        _ => &empty,
    };

    let mut coerced = Map::new();
    for (key, value) in arguments {
        let Some((name, property)) = find_property(properties, &key) else {
            tracing::debug!(argument = %key, "ignoring an unknown argument");
            continue;
        };
        if value.is_null() {
            continue;
        }
        let value = coerce(value, property, name)?;
        coerced.insert(name.to_string(), value);
    }

    let given = coerced.clone();
    let deserializer = Value::Object(coerced);
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = error.path().to_string();
        let cause = error.into_inner().to_string();
        if let Some(field) = cause.strip_prefix("missing field `") {
            let field = field.trim_end_matches('`');
            let accepted = properties.get(field).map(describe).unwrap_or_default();
            return ArgumentError::new(field, format!("it is required; give {accepted}"));
        }

        let argument = path
            .split(['.', '['])
            .next()
            .unwrap_or_default()
            .to_string();
        tracing::debug!(%argument, %cause, "an argument did not deserialize");
        let accepted = properties.get(&argument).map(describe).unwrap_or_default();
        ArgumentError::new(&argument, not_accepted(given.get(&argument), &accepted))
    })
}

/// The plain message for a value the tool cannot use: the value (shortened) and what is
/// accepted, without the deserializer's own wording.
fn not_accepted(value: Option<&Value>, accepted: &str) -> String {
    let shown = value.map_or_else(|| "this value".to_string(), shown_value);
    if accepted.is_empty() {
        return format!("{shown} is not accepted");
    }
    format!("{shown} is not accepted; accepts {accepted}")
}

/// A value as an error shows it: strings quoted, anything longer than 80 characters cut.
fn shown_value(value: &Value) -> String {
    const MAX_SHOWN_CHARS: usize = 80;

    let shown = match value {
        Value::String(text) => format!("{text:?}"),
        other => other.to_string(),
    };
    if shown.chars().count() <= MAX_SHOWN_CHARS {
        return shown;
    }
    let cut: String = shown.chars().take(MAX_SHOWN_CHARS).collect();
    format!("{cut}...")
}

/// Finds the schema property a client's key means.
fn find_property<'a>(properties: &'a JsonObject, key: &str) -> Option<(&'a str, &'a Value)> {
    if let Some((name, property)) = properties.get_key_value(key) {
        return Some((name.as_str(), property));
    }
    let wanted = normalize_key(key);
    properties
        .iter()
        .find(|(name, _)| normalize_key(name) == wanted)
        .map(|(name, property)| (name.as_str(), property))
}

fn normalize_key(key: &str) -> String {
    key.chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// Coerces one value towards its property schema, rejecting values that cannot fit.
fn coerce(value: Value, property: &Value, name: &str) -> Result<Value, ArgumentError> {
    if has_type(property, "array") {
        let items_schema = property.get("items").cloned().unwrap_or(Value::Null);
        let elements = match value {
            Value::Array(elements) => elements,
            Value::String(text) => text
                .split(',')
                .map(str::trim)
                .filter(|part| !part.is_empty())
                .map(|part| Value::String(part.to_string()))
                .collect(),
            Value::Null => Vec::new(),
            other => vec![other],
        };
        return elements
            .into_iter()
            .map(|element| coerce(element, &items_schema, name))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array);
    }

    if has_type(property, "integer") {
        let number = match &value {
            Value::Number(number) => number_as_integer(number),
            Value::String(text) => text.trim().parse::<i64>().ok(),
            _ => None,
        };
        let Some(number) = number else {
            return Err(rejected(name, &value, property));
        };
        let below = property
            .get("minimum")
            .and_then(Value::as_i64)
            .is_some_and(|min| number < min);
        let above = property
            .get("maximum")
            .and_then(Value::as_i64)
            .is_some_and(|max| number > max);
        if below || above {
            return Err(rejected(name, &value, property));
        }
        return Ok(Value::Number(Number::from(number)));
    }

    if has_type(property, "boolean") {
        let flag = match &value {
            Value::Bool(flag) => Some(*flag),
            Value::String(text) => parse_bool(text),
            Value::Number(number) => match number.as_i64() {
                Some(1) => Some(true),
                Some(0) => Some(false),
                _ => None,
            },
            _ => None,
        };
        return flag
            .map(Value::Bool)
            .ok_or_else(|| rejected(name, &value, property));
    }

    if let Some(Value::Array(members)) = property.get("enum") {
        let text = match &value {
            Value::String(text) => text.clone(),
            Value::Number(number) => number.to_string(),
            _ => return Err(rejected(name, &value, property)),
        };
        let wanted = normalize_enum(&text);
        let member = members.iter().find(|member| {
            member
                .as_str()
                .is_some_and(|member| normalize_enum(member) == wanted)
        });
        return member
            .cloned()
            .ok_or_else(|| rejected(name, &value, property));
    }

    if has_type(property, "string") {
        return match value {
            Value::String(text) => Ok(Value::String(text.trim().to_string())),
            Value::Number(number) => Ok(Value::String(number.to_string())),
            Value::Bool(flag) => Ok(Value::String(flag.to_string())),
            other => Err(rejected(name, &other, property)),
        };
    }

    Ok(value)
}

fn number_as_integer(number: &Number) -> Option<i64> {
    if let Some(integer) = number.as_i64() {
        return Some(integer);
    }
    let float = number.as_f64()?;
    let is_whole = float.fract() == 0.0 && float.abs() < 9.0e15;
    // The guard above keeps the conversion exact.
    #[allow(clippy::cast_possible_truncation)]
    is_whole.then_some(float as i64)
}

fn parse_bool(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "y" | "1" | "on" => Some(true),
        "false" | "no" | "n" | "0" | "off" => Some(false),
        _ => None,
    }
}

fn normalize_enum(text: &str) -> String {
    text.trim().to_ascii_lowercase().replace(['-', ' '], "_")
}

fn rejected(name: &str, value: &Value, property: &Value) -> ArgumentError {
    ArgumentError::new(name, not_accepted(Some(value), &describe(property)))
}

/// Says in words what a property schema accepts.
pub fn describe(property: &Value) -> String {
    if let Some(Value::Array(members)) = property.get("enum") {
        let members: Vec<String> = members
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect();
        return format!("one of: {}", members.join(", "));
    }
    if has_type(property, "array") {
        let items = property
            .get("items")
            .map(describe)
            .unwrap_or_else(|| "values".into());
        return format!("a list (or a comma-separated string) of {items}");
    }
    if has_type(property, "integer") {
        let min = property.get("minimum").and_then(Value::as_i64);
        let max = property.get("maximum").and_then(Value::as_i64);
        return match (min, max) {
            (Some(min), Some(max)) => format!("an integer from {min} to {max}"),
            (Some(min), None) => format!("an integer of at least {min}"),
            (None, Some(max)) => format!("an integer of at most {max}"),
            (None, None) => "an integer".into(),
        };
    }
    if has_type(property, "boolean") {
        return "true or false".into();
    }
    match property.get("format").and_then(Value::as_str) {
        Some("date-time") => "an RFC 3339 date-time such as 2026-01-31T09:00:00Z".into(),
        Some("date") => "a date such as 2026-01-31".into(),
        Some("email") => "an email address".into(),
        _ if has_type(property, "string") => "text".into(),
        _ => String::new(),
    }
}

fn has_type(property: &Value, wanted: &str) -> bool {
    match property.get("type") {
        Some(Value::String(kind)) => kind == wanted,
        Some(Value::Array(kinds)) => kinds.iter().any(|kind| kind == wanted),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::json;

    use super::*;

    #[derive(Debug, Deserialize, schemars::JsonSchema, PartialEq)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        Employee,
        ServiceAccount,
    }

    #[derive(Debug, Deserialize, schemars::JsonSchema, PartialEq)]
    struct Arguments {
        /// Page size.
        #[schemars(range(min = 1, max = 500))]
        limit: Option<u32>,
        /// A flag.
        terminated: Option<bool>,
        /// A kind.
        identity_type: Option<Kind>,
        /// Kinds.
        #[serde(default)]
        kinds: Vec<Kind>,
        /// An email.
        email: Option<String>,
    }

    #[derive(Debug, Deserialize, schemars::JsonSchema, PartialEq)]
    struct Required {
        /// The key.
        brn: String,
    }

    fn parse_json<T: DeserializeOwned + schemars::JsonSchema>(
        arguments: Value,
    ) -> Result<T, ArgumentError> {
        let Value::Object(arguments) = arguments else {
            panic!("arguments must be an object")
        };
        parse(arguments, &crate::schema::input::<T>())
    }

    #[test]
    fn integers_and_booleans_sent_as_strings_are_accepted() {
        let parsed: Arguments = parse_json(json!({ "limit": "25", "terminated": "true" })).unwrap();

        assert_eq!(parsed.limit, Some(25));
        assert_eq!(parsed.terminated, Some(true));
    }

    #[test]
    fn a_whole_float_is_accepted_as_an_integer() {
        let parsed: Arguments = parse_json(json!({ "limit": 10.0 })).unwrap();

        assert_eq!(parsed.limit, Some(10));
    }

    #[test]
    fn null_and_unknown_keys_are_ignored() {
        let parsed: Arguments =
            parse_json(json!({ "limit": null, "email": null, "colour": "red" })).unwrap();

        assert_eq!(parsed.limit, None);
        assert_eq!(parsed.email, None);
    }

    #[test]
    fn camel_case_keys_and_enum_values_in_another_case_are_accepted() {
        let parsed: Arguments = parse_json(json!({ "identityType": "Service-Account" })).unwrap();

        assert_eq!(parsed.identity_type, Some(Kind::ServiceAccount));
    }

    #[test]
    fn a_comma_separated_string_is_accepted_for_a_list() {
        let parsed: Arguments =
            parse_json(json!({ "kinds": "employee, service_account" })).unwrap();

        assert_eq!(parsed.kinds, vec![Kind::Employee, Kind::ServiceAccount]);
    }

    #[test]
    fn a_single_value_is_accepted_for_a_list() {
        let parsed: Arguments = parse_json(json!({ "kinds": "employee" })).unwrap();

        assert_eq!(parsed.kinds, vec![Kind::Employee]);
    }

    #[test]
    fn strings_are_trimmed_and_numbers_become_text() {
        let parsed: Arguments = parse_json(json!({ "email": "  Ada@Example.com " })).unwrap();

        assert_eq!(parsed.email.as_deref(), Some("Ada@Example.com"));
    }

    #[test]
    fn a_non_numeric_limit_names_the_argument_and_its_range() {
        let error = parse_json::<Arguments>(json!({ "limit": "many" })).unwrap_err();

        assert_eq!(error.argument, "limit");
        assert_eq!(
            error.message,
            "\"many\" is not accepted; accepts an integer from 1 to 500"
        );
    }

    #[test]
    fn a_limit_above_the_maximum_is_rejected() {
        let error = parse_json::<Arguments>(json!({ "limit": 501 })).unwrap_err();

        assert_eq!(error.argument, "limit");
        assert!(error.message.contains("from 1 to 500"), "{}", error.message);
    }

    #[test]
    fn an_unknown_enum_value_lists_the_accepted_values() {
        let error = parse_json::<Arguments>(json!({ "identity_type": "robot" })).unwrap_err();

        assert_eq!(error.argument, "identity_type");
        assert_eq!(
            error.message,
            "\"robot\" is not accepted; accepts one of: employee, service_account"
        );
    }

    #[test]
    fn an_unknown_value_inside_a_list_names_the_list() {
        let error = parse_json::<Arguments>(json!({ "kinds": ["employee", "robot"] })).unwrap_err();

        assert_eq!(error.argument, "kinds");
    }

    #[test]
    fn a_word_that_is_not_a_boolean_is_rejected() {
        let error = parse_json::<Arguments>(json!({ "terminated": "maybe" })).unwrap_err();

        assert_eq!(error.argument, "terminated");
        assert!(
            error.message.ends_with("accepts true or false"),
            "{}",
            error.message
        );
    }

    #[test]
    fn a_missing_required_argument_is_named() {
        let error = parse_json::<Required>(json!({})).unwrap_err();

        assert_eq!(
            error.to_string(),
            "invalid argument `brn`: it is required; give text"
        );
    }

    #[derive(Debug, Deserialize, schemars::JsonSchema, PartialEq)]
    struct Nested {
        /// Where.
        place: Place,
    }

    #[derive(Debug, Deserialize, schemars::JsonSchema, PartialEq)]
    struct Place {
        /// The city.
        city: String,
    }

    #[test]
    fn a_value_the_deserializer_refuses_is_reported_without_its_wording() {
        let error = parse_json::<Nested>(json!({ "place": "Paris" })).unwrap_err();

        assert_eq!(error.argument, "place");
        assert_eq!(error.message, "\"Paris\" is not accepted");
    }

    #[test]
    fn a_long_rejected_value_is_cut_in_the_message() {
        let long = "x".repeat(200);

        let error = parse_json::<Arguments>(json!({ "terminated": long })).unwrap_err();

        // The quoted value is cut after 80 characters: the quote and 79 `x`.
        let expected = format!(
            "\"{}... is not accepted; accepts true or false",
            "x".repeat(79)
        );
        assert_eq!(error.message, expected);
    }

    #[test]
    fn an_integer_above_the_u32_range_is_rejected_with_the_range() {
        #[derive(Debug, Deserialize, schemars::JsonSchema)]
        struct Days {
            /// Days.
            #[expect(dead_code, reason = "only parsed")]
            days: Option<u32>,
        }

        let error = parse_json::<Days>(json!({ "days": 100_000_000_000_u64 })).unwrap_err();

        assert_eq!(
            error.message,
            "100000000000 is not accepted; accepts an integer from 0 to 4294967295"
        );
    }

    #[test]
    fn an_object_where_text_is_expected_is_rejected() {
        let error = parse_json::<Required>(json!({ "brn": { "id": 1 } })).unwrap_err();

        assert_eq!(error.argument, "brn");
        assert!(error.message.ends_with("accepts text"), "{}", error.message);
    }
}
