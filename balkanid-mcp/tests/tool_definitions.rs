//! Snapshots of every tool definition (name, title, description, schemas, annotations) as
//! clients receive them, one sorted-key JSON file per tool under `tests/snapshots/`.
//!
//! A changed definition fails the test; after checking the change, regenerate with
//! `UPDATE_SNAPSHOTS=1 cargo test -p balkanid-mcp --test tool_definitions`. A missing
//! snapshot fails too (it is written only when regenerating), and so does a stale one.
//!
//! The tools are those of a cloud tenant, the widest surface (the sandbox's plus
//! `refresh_tenant`).

use std::path::{Path, PathBuf};

use balkanid_api::TenantMode;
use balkanid_mcp::{BalkanidServer, Settings};
use rmcp::model::Tool;
use serde_json::{Map, Value};

/// Every tool a server can offer: those of a cloud tenant.
fn all_tools() -> Vec<Tool> {
    BalkanidServer::tools_for(&Settings::default(), TenantMode::Cloud)
}

fn snapshot_directory() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots")
}

fn updating() -> bool {
    std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|value| !value.is_empty() && value != "0")
}

/// `value` with every object's keys in sorted order, pretty-printed.
fn sorted_json(value: &Value) -> String {
    fn sort(value: &Value) -> Value {
        match value {
            Value::Object(object) => {
                let mut keys: Vec<&String> = object.keys().collect();
                keys.sort();
                let sorted: Map<String, Value> = keys
                    .into_iter()
                    .map(|key| (key.clone(), sort(&object[key])))
                    .collect();
                Value::Object(sorted)
            }
            Value::Array(items) => Value::Array(items.iter().map(sort).collect()),
            other => other.clone(),
        }
    }
    serde_json::to_string_pretty(&sort(value)).unwrap() + "\n"
}

#[test]
fn every_tool_definition_matches_its_snapshot() {
    let directory = snapshot_directory();
    let tools = all_tools();

    let mut problems = Vec::new();
    for tool in &tools {
        let path = directory.join(format!("{}.json", tool.name));
        let actual = sorted_json(&serde_json::to_value(tool).unwrap());
        if updating() {
            std::fs::create_dir_all(&directory).unwrap();
            std::fs::write(&path, &actual).unwrap();
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(expected) if expected == actual => {}
            Ok(_) => problems.push(format!("{} changed", tool.name)),
            Err(_) => problems.push(format!("{} has no snapshot", tool.name)),
        }
    }

    assert!(
        problems.is_empty(),
        "{}; check the change, then run UPDATE_SNAPSHOTS=1 cargo test -p balkanid-mcp --test \
         tool_definitions",
        problems.join(", ")
    );
}

#[test]
fn no_snapshot_is_left_for_a_tool_that_no_longer_exists() {
    let names: Vec<String> = all_tools()
        .into_iter()
        .map(|tool| format!("{}.json", tool.name))
        .collect();

    let stale: Vec<String> = std::fs::read_dir(snapshot_directory())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !names.contains(name))
        .collect();

    assert!(stale.is_empty(), "stale snapshots: {stale:?}");
}

#[test]
fn every_schema_is_self_contained_with_an_object_root() {
    for tool in all_tools() {
        let name = &tool.name;
        let schemas = [
            Some(tool.input_schema.as_ref()),
            tool.output_schema.as_deref(),
        ];
        for schema in schemas.into_iter().flatten() {
            let text = serde_json::to_string(schema).unwrap();
            for banned in [
                "$ref", "$defs", "$schema", "uint", "int32", "int64", "double",
            ] {
                assert!(!text.contains(banned), "{name}: {banned} in {text}");
            }
            assert_eq!(schema["type"], "object", "{name}");
            assert!(schema["properties"].is_object(), "{name}");
            for union in ["anyOf", "oneOf", "allOf"] {
                assert!(schema.get(union).is_none(), "{name}: top-level {union}");
            }
            assert_arrays_have_items(&Value::Object(schema.clone()), name);
        }
    }
}

fn assert_arrays_have_items(schema: &Value, name: &str) {
    match schema {
        Value::Object(object) => {
            let is_array = match object.get("type") {
                Some(Value::String(kind)) => kind == "array",
                Some(Value::Array(kinds)) => kinds.iter().any(|kind| kind == "array"),
                _ => false,
            };
            assert!(
                !is_array || object.contains_key("items"),
                "{name}: array without items"
            );
            object
                .values()
                .for_each(|child| assert_arrays_have_items(child, name));
        }
        Value::Array(items) => items
            .iter()
            .for_each(|child| assert_arrays_have_items(child, name)),
        _ => {}
    }
}
