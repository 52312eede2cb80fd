//! JSON Schemas for tool inputs and outputs, made self-contained for picky MCP clients.
//!
//! schemars writes `$schema`, `$defs` with `$ref`, `format: uint32` and `anyOf` with a `null`
//! branch for optional enums. Several clients reject exactly these (see the client quirks in
//! the MCP reference), so every schema a tool advertises goes through [`clean`]: references
//! are inlined, `$schema` and non-standard formats are dropped, the root is an object with
//! `properties`, every array has `items` and there is no union at the top level. Input schemas
//! also lose their `null` branches (an optional argument is simply not required; `null` is
//! still accepted when sent).

use std::any::TypeId;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use rmcp::model::JsonObject;
use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde_json::{Map, Value};

/// How deep references may nest before a recursive type is cut short.
const MAX_REF_DEPTH: usize = 16;

/// The `format` values JSON Schema 2020-12 defines; every other one is dropped.
const STANDARD_FORMATS: &[&str] = &[
    "date-time",
    "date",
    "time",
    "duration",
    "email",
    "idn-email",
    "hostname",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "uri",
    "uri-reference",
    "iri",
    "iri-reference",
    "uuid",
    "uri-template",
    "json-pointer",
    "relative-json-pointer",
    "regex",
];

/// Whether a schema describes what a client sends or what the server returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Tool arguments: optional fields lose their `null` branch.
    Input,
    /// Tool results: `null` stays, as a type of the property.
    Output,
}

/// The cleaned input schema of an argument type.
pub fn input<T: JsonSchema>() -> Arc<JsonObject> {
    let settings = SchemaSettings::draft2020_12();
    let root = settings.into_generator().into_root_schema_for::<T>();
    Arc::new(clean(root.to_value(), Direction::Input))
}

/// [`input`], computed once per type; argument parsing needs it on every call.
pub fn input_cached<T: JsonSchema + 'static>() -> Arc<JsonObject> {
    static CACHE: LazyLock<Mutex<HashMap<TypeId, Arc<JsonObject>>>> =
        LazyLock::new(Default::default);

    let mut cache = CACHE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let found = cache.entry(TypeId::of::<T>()).or_insert_with(input::<T>);
    Arc::clone(found)
}

/// The cleaned output schema of a result type, for its serialized form.
pub fn output<T: JsonSchema>() -> Arc<JsonObject> {
    let settings = SchemaSettings::draft2020_12().for_serialize();
    let root = settings.into_generator().into_root_schema_for::<T>();
    Arc::new(clean(root.to_value(), Direction::Output))
}

/// Makes a generated schema self-contained and client-friendly.
///
/// The result always has `type: "object"` and `properties` at the root, and no `$schema`,
/// `$defs`, `$ref`, `title` at the root, or top-level `anyOf`/`oneOf`/`allOf`.
pub fn clean(schema: Value, direction: Direction) -> JsonObject {
    let mut root = match schema {
        Value::Object(object) => object,
        _ => Map::new(),
    };

    let definitions = take_definitions(&mut root);
    root.remove("$schema");
    root.remove("$id");
    root.remove("title");
    if direction == Direction::Input {
        // The argument struct's own doc says nothing the tool's description does not.
        root.remove("description");
    }

    let mut value = Value::Object(root);
    inline_references(&mut value, &definitions, 0);
    simplify(&mut value, direction);

    let mut root = match value {
        Value::Object(object) => object,
        _ => Map::new(),
    };
    for keyword in ["anyOf", "oneOf", "allOf"] {
        root.remove(keyword);
    }
    root.insert("type".into(), Value::String("object".into()));
    root.entry("properties")
        .or_insert_with(|| Value::Object(Map::new()));
    root
}

/// Removes and returns the root's `$defs` (or the older `definitions`).
fn take_definitions(root: &mut JsonObject) -> JsonObject {
    let mut definitions = Map::new();
    for keyword in ["$defs", "definitions"] {
        if let Some(Value::Object(found)) = root.remove(keyword) {
            definitions.extend(found);
        }
    }
    definitions
}

/// Replaces every local `$ref` with the schema it points to, keeping sibling keywords (such
/// as a property's own `description`) over the referenced ones.
fn inline_references(value: &mut Value, definitions: &JsonObject, depth: usize) {
    match value {
        Value::Object(object) => {
            if let Some(Value::String(reference)) = object.remove("$ref") {
                let name = reference.rsplit('/').next().unwrap_or_default();
                let mut target = match definitions.get(name) {
                    Some(found) if depth < MAX_REF_DEPTH => found.clone(),
                    _ => serde_json::json!({ "type": "object" }),
                };
                inline_references(&mut target, definitions, depth + 1);
                if let Value::Object(target) = target {
                    for (key, inlined) in target {
                        object.entry(key).or_insert(inlined);
                    }
                }
            }
            for child in object.values_mut() {
                inline_references(child, definitions, depth);
            }
        }
        Value::Array(items) => {
            for child in items {
                inline_references(child, definitions, depth);
            }
        }
        _ => {}
    }
}

/// Drops non-standard formats and `null` defaults, folds `anyOf: [X, null]` into `X`, gives
/// arrays `items`, and (for inputs) removes `null` from types.
fn simplify(value: &mut Value, direction: Direction) {
    match value {
        Value::Object(object) => {
            for child in object.values_mut() {
                simplify(child, direction);
            }
            simplify_object(object, direction);
        }
        Value::Array(items) => {
            for child in items {
                simplify(child, direction);
            }
        }
        Value::Bool(true) => *value = Value::Object(Map::new()),
        _ => {}
    }
}

fn simplify_object(object: &mut JsonObject, direction: Direction) {
    fold_constant_union(object);
    fold_nullable_union(object, direction);

    if let Some(Value::String(description)) = object.get_mut("description") {
        *description = unwrap_lines(description);
    }
    let has_description = object.contains_key("description");
    if direction == Direction::Input
        && has_description
        && let Some(Value::Object(items)) = object.get_mut("items")
    {
        // An argument's own description covers its items; the item type's doc is written
        // for Rust readers.
        items.remove("description");
    }

    if direction == Direction::Input {
        add_integer_range(object);
    }
    if let Some(Value::String(format)) = object.get("format")
        && !STANDARD_FORMATS.contains(&format.as_str())
    {
        object.remove("format");
    }
    if object.get("default") == Some(&Value::Null) {
        object.remove("default");
    }

    if direction == Direction::Input {
        remove_null_type(object);
    }

    if has_type(object, "array") && !object.contains_key("items") {
        object.insert("items".into(), Value::Object(Map::new()));
    }
    if has_type(object, "object") && !object.contains_key("properties") {
        let open = !matches!(object.get("additionalProperties"), Some(Value::Object(_)));
        if open {
            object.insert("properties".into(), Value::Object(Map::new()));
        }
    }
}

/// Turns a union of constants (`oneOf: [{const: "a"}, {const: "b"}]`, which schemars writes
/// for documented enum variants) into the plainer `enum: ["a", "b"]` that every client reads.
fn fold_constant_union(object: &mut JsonObject) {
    for keyword in ["oneOf", "anyOf"] {
        let Some(Value::Array(branches)) = object.get(keyword) else {
            continue;
        };
        let constants: Option<Vec<Value>> = branches
            .iter()
            .map(|branch| branch.get("const").cloned())
            .collect();
        let Some(constants) = constants else {
            continue;
        };
        let all_strings = constants.iter().all(Value::is_string);

        object.remove(keyword);
        if all_strings {
            object.insert("type".into(), Value::String("string".into()));
        }
        object.insert("enum".into(), Value::Array(constants));
        return;
    }
}

/// Joins the lines of a doc comment paragraph, keeping blank lines between paragraphs.
pub fn unwrap_lines(text: &str) -> String {
    text.split("\n\n")
        .map(|paragraph| paragraph.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|paragraph| !paragraph.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Turns `anyOf: [X, {type: null}]` into `X` (input) or `X` with `null` added to its type
/// (output).
fn fold_nullable_union(object: &mut JsonObject, direction: Direction) {
    let Some(Value::Array(branches)) = object.get("anyOf") else {
        return;
    };
    let is_null = |branch: &Value| branch.get("type") == Some(&Value::String("null".into()));
    if branches.len() != 2 || !branches.iter().any(is_null) {
        return;
    }
    let Some(Value::Object(other)) = branches.iter().find(|branch| !is_null(branch)).cloned()
    else {
        return;
    };

    object.remove("anyOf");
    for (key, inner) in other {
        object.entry(key).or_insert(inner);
    }
    if direction == Direction::Output {
        add_null_type(object);
    }
}

/// Gives an integer argument the range of its Rust type as `minimum` and `maximum` (unless
/// it has its own), before the non-standard `format` (`uint32`...) that implied it is dropped:
/// a client then knows the bounds, and a value out of range is rejected with them.
fn add_integer_range(object: &mut JsonObject) {
    let Some(Value::String(format)) = object.get("format") else {
        return;
    };
    let (minimum, maximum): (i64, i64) = match format.as_str() {
        "uint8" => (0, u8::MAX.into()),
        "uint16" => (0, u16::MAX.into()),
        "uint32" => (0, u32::MAX.into()),
        "int8" => (i8::MIN.into(), i8::MAX.into()),
        "int16" => (i16::MIN.into(), i16::MAX.into()),
        "int32" => (i32::MIN.into(), i32::MAX.into()),
        _ => return,
    };
    object.entry("minimum").or_insert(Value::from(minimum));
    object.entry("maximum").or_insert(Value::from(maximum));
}

fn add_null_type(object: &mut JsonObject) {
    let null = Value::String("null".into());
    match object.get_mut("type") {
        Some(Value::String(single)) => {
            let single = Value::String(std::mem::take(single));
            object.insert("type".into(), Value::Array(vec![single, null.clone()]));
        }
        Some(Value::Array(types)) if !types.contains(&null) => types.push(null.clone()),
        _ => {}
    }
    if let Some(Value::Array(values)) = object.get_mut("enum")
        && !values.contains(&Value::Null)
    {
        values.push(Value::Null);
    }
}

fn remove_null_type(object: &mut JsonObject) {
    let null = Value::String("null".into());
    if let Some(Value::Array(types)) = object.get_mut("type") {
        types.retain(|kind| kind != &null);
        if types.len() == 1 {
            let single = types.remove(0);
            object.insert("type".into(), single);
        }
    }
    if let Some(Value::Array(values)) = object.get_mut("enum") {
        values.retain(|value| !value.is_null());
    }
}

fn has_type(object: &JsonObject, wanted: &str) -> bool {
    match object.get("type") {
        Some(Value::String(kind)) => kind == wanted,
        Some(Value::Array(kinds)) => kinds.iter().any(|kind| kind == wanted),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// Walks a schema and collects every key, so tests can assert a keyword is gone anywhere.
    fn keys(value: &Value, found: &mut Vec<String>) {
        match value {
            Value::Object(object) => {
                for (key, child) in object {
                    found.push(key.clone());
                    keys(child, found);
                }
            }
            Value::Array(items) => items.iter().for_each(|child| keys(child, found)),
            _ => {}
        }
    }

    #[derive(schemars::JsonSchema, serde::Deserialize, serde::Serialize)]
    #[serde(rename_all = "snake_case")]
    enum Colour {
        Red,
        Blue,
    }

    #[derive(schemars::JsonSchema, serde::Deserialize, serde::Serialize)]
    struct Inner {
        /// A count.
        count: u32,
    }

    #[derive(schemars::JsonSchema, serde::Deserialize, serde::Serialize)]
    struct Arguments {
        /// How many.
        limit: Option<u32>,
        /// Which colour.
        colour: Option<Colour>,
        /// Several colours.
        colours: Vec<Colour>,
        /// Nested.
        inner: Inner,
        /// A ratio.
        ratio: f64,
    }

    #[test]
    fn input_schema_has_no_references_schema_keyword_or_integer_formats() {
        let schema = Value::Object(input::<Arguments>().as_ref().clone());

        let mut found = Vec::new();
        keys(&schema, &mut found);

        for banned in ["$ref", "$defs", "$schema", "format", "anyOf", "definitions"] {
            assert!(
                !found.contains(&banned.to_string()),
                "{banned} left in {schema:#}"
            );
        }
        assert_eq!(schema["type"], "object");
    }

    #[test]
    fn input_schema_inlines_an_optional_enum_without_null() {
        let schema = input::<Arguments>();

        let colour = &schema["properties"]["colour"];

        assert_eq!(colour["type"], "string");
        assert_eq!(colour["enum"], json!(["red", "blue"]));
        assert_eq!(colour["description"], "Which colour.");
    }

    #[test]
    fn input_schema_makes_optional_integers_plain_integers_with_their_range() {
        let schema = input::<Arguments>();

        let limit = &schema["properties"]["limit"];

        assert_eq!(limit["type"], "integer");
        assert_eq!(limit["minimum"], 0);
        // `Option<u32>`: the largest u32 is 2^32 - 1.
        assert_eq!(limit["maximum"], 4_294_967_295_u64);
        assert!(limit.get("default").is_none());
    }

    #[test]
    fn arrays_keep_items_and_nested_structs_are_inlined() {
        let schema = input::<Arguments>();

        assert_eq!(
            schema["properties"]["colours"]["items"]["enum"],
            json!(["red", "blue"])
        );
        assert_eq!(
            schema["properties"]["inner"]["properties"]["count"]["type"],
            "integer"
        );
        assert_eq!(schema["properties"]["inner"]["description"], "Nested.");
    }

    #[test]
    fn output_schema_keeps_null_as_a_type_of_optional_fields() {
        let schema = output::<Arguments>();

        let colour = &schema["properties"]["colour"];

        assert_eq!(colour["type"], json!(["string", "null"]));
        assert_eq!(colour["enum"], json!(["red", "blue", null]));
        assert_eq!(
            schema["properties"]["limit"]["type"],
            json!(["integer", "null"])
        );
    }

    #[derive(schemars::JsonSchema, serde::Deserialize, serde::Serialize)]
    #[serde(rename_all = "snake_case")]
    enum Documented {
        /// The first.
        First,
        /// The second.
        Second,
    }

    #[derive(schemars::JsonSchema, serde::Deserialize, serde::Serialize)]
    struct WithDocumentedEnum {
        /// Which one, wrapped
        /// over two lines.
        which: Option<Documented>,
        /// Several.
        several: Vec<Documented>,
    }

    #[test]
    fn documented_enum_variants_become_a_plain_enum() {
        let schema = input::<WithDocumentedEnum>();

        let which = &schema["properties"]["which"];

        assert_eq!(which["type"], "string");
        assert_eq!(which["enum"], json!(["first", "second"]));
        assert!(which.get("oneOf").is_none());
        assert_eq!(
            schema["properties"]["several"]["items"],
            json!({
                "type": "string",
                "enum": ["first", "second"]
            })
        );
    }

    #[test]
    fn descriptions_are_unwrapped_and_the_input_root_has_none() {
        let schema = input::<WithDocumentedEnum>();

        assert_eq!(
            schema["properties"]["which"]["description"],
            "Which one, wrapped over two lines."
        );
        assert!(schema.get("description").is_none());
    }

    #[test]
    fn an_argument_free_schema_gets_an_empty_properties_object() {
        let cleaned = clean(
            json!({ "$schema": "x", "type": "object" }),
            Direction::Input,
        );

        assert_eq!(
            Value::Object(cleaned),
            json!({ "type": "object", "properties": {} })
        );
    }

    #[test]
    fn a_top_level_union_is_replaced_by_a_plain_object() {
        let union = json!({ "anyOf": [{ "type": "string" }, { "type": "integer" }] });

        let cleaned = clean(union, Direction::Output);

        assert_eq!(
            Value::Object(cleaned),
            json!({ "type": "object", "properties": {} })
        );
    }

    #[test]
    fn an_array_without_items_gets_an_open_items_schema() {
        let schema = json!({
            "type": "object",
            "properties": { "values": { "type": "array" } }
        });

        let cleaned = clean(schema, Direction::Output);

        assert_eq!(cleaned["properties"]["values"]["items"], json!({}));
    }

    #[test]
    fn a_recursive_reference_is_cut_short_instead_of_looping() {
        let schema = json!({
            "type": "object",
            "properties": { "node": { "$ref": "#/$defs/Node" } },
            "$defs": {
                "Node": {
                    "type": "object",
                    "properties": { "next": { "$ref": "#/$defs/Node" } }
                }
            }
        });

        let cleaned = clean(schema, Direction::Output);

        let text = serde_json::to_string(&cleaned).unwrap();
        assert!(!text.contains("$ref"));
        assert_eq!(
            cleaned["properties"]["node"]["properties"]["next"]["type"],
            "object"
        );
    }
}
