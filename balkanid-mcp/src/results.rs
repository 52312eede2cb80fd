//! Tool results: bounded pages, size-capped structured content with a text copy, and the one
//! way a failure becomes a result.
//!
//! Every successful result carries `structuredContent` (matching the tool's output schema)
//! and the same JSON as a text block, so the JSON is in the result twice (the text copy
//! escaped). No serialized result, both copies together, is larger than [`MAX_RESULT_BYTES`]
//! (about 17,000 tokens, under Claude Code's 25,000-token cap): a page that would be larger is
//! fetched again with fewer items, and a detail that would be larger has its longest lists
//! shortened; either way a `note` says so.

use std::future::Future;

use balkanid_api::query::{Page, PageRequest};
use rmcp::model::{CallToolResult, ContentBlock};
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

use crate::arguments::ArgumentError;

/// The largest serialized `CallToolResult`, in bytes of JSON: the structured content and its
/// escaped text copy together, with the envelope around them.
pub const MAX_RESULT_BYTES: usize = 70_000;

/// Bytes a page keeps free for what surrounds its items: the result's own keys, and the
/// page's `total`, `next_cursor` and `note`, in both copies.
const PAGE_ENVELOPE_BYTES: usize = 2_000;

/// Bytes of the result's own keys around its two copies (`content`, `type`, `text`,
/// `structuredContent`, `isError`), rounded up.
const WRAPPER_BYTES: usize = 200;

/// One page of a list tool's result.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ListResult<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// How many items match the filters, in all pages.
    pub total: u64,
    /// Pass this as `cursor` (with the same filters) to get the next page; null on the last
    /// page.
    pub next_cursor: Option<String>,
    /// Present when this page does not hold every matching item, or was shortened to keep the
    /// result small: says how many are shown and how to get the rest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Runs a paged facade call and turns its page into a bounded result.
///
/// `fetch` is called with `request`; when the page would make a result larger than
/// [`MAX_RESULT_BYTES`] it is called again with a limit that fits, so the cursor of the
/// shortened page stays right.
pub async fn page<T, F, Fut>(request: PageRequest, fetch: F) -> CallToolResult
where
    T: Serialize,
    F: Fn(PageRequest) -> Fut,
    Fut: Future<Output = balkanid_api::Result<Page<T>>>,
{
    let first = match fetch(request.clone()).await {
        Ok(first) => first,
        Err(error) => return facade_error(&error),
    };

    let fitting = items_that_fit(&first.items);
    if fitting >= first.items.len() {
        return structured(&list_result(first, false));
    }

    let smaller = request.limit(u32::try_from(fitting.max(1)).unwrap_or(1));
    match fetch(smaller).await {
        Ok(shortened) => structured(&list_result(shortened, true)),
        Err(error) => facade_error(&error),
    }
}

/// How many leading items fit in a result (both copies), leaving room for the envelope.
fn items_that_fit<T: Serialize>(items: &[T]) -> usize {
    let mut used = PAGE_ENVELOPE_BYTES;
    for (index, item) in items.iter().enumerate() {
        let item_bytes = serde_json::to_value(item).map_or(0, |json| both_copies_bytes(&json));
        // One comma after the item in each copy.
        used += item_bytes + 2;
        if used > MAX_RESULT_BYTES {
            return index;
        }
    }
    items.len()
}

/// The bytes `json` takes in a serialized result: once as structured content, once as the
/// text copy, a JSON string in which every quote and backslash is escaped.
fn both_copies_bytes(json: &Value) -> usize {
    let text = json.to_string();
    let escaped = Value::String(text.clone()).to_string();
    text.len() + escaped.len()
}

/// Whether `json`, as a whole result with its text copy, is over [`MAX_RESULT_BYTES`].
fn too_large(json: &Value) -> bool {
    both_copies_bytes(json) + WRAPPER_BYTES > MAX_RESULT_BYTES
}

fn list_result<T>(page: Page<T>, shortened: bool) -> ListResult<T> {
    // Partial means "there is a next page"; a last page reached through a cursor holds fewer
    // items than `total` but is complete as far as paging goes.
    let partial = page.next_cursor.is_some();
    let n_items = page.items.len();
    let total = page.total;

    let mut notes = Vec::new();
    if shortened {
        notes.push(format!(
            "This page was shortened to {n_items} items to keep the result under the size limit."
        ));
    }
    if partial {
        notes.push(format!(
            "Partial list: {n_items} of {total} matching items are shown; pass next_cursor as \
             `cursor` for the next page, or narrow the filters. Do not report {n_items} as the \
             total."
        ));
    }

    ListResult {
        items: page.items,
        total,
        next_cursor: page.next_cursor,
        note: (!notes.is_empty()).then(|| notes.join(" ")),
    }
}

/// A successful result: `value` as structured content plus a text copy, with its longest lists
/// shortened (and a `note` added) if it is too large.
pub fn structured<T: Serialize>(value: &T) -> CallToolResult {
    let mut json = match serde_json::to_value(value) {
        Ok(json) => json,
        Err(error) => {
            tracing::error!(%error, "a result could not be serialized");
            return text_error(format!(
                "internal error: the result could not be encoded: {error}"
            ));
        }
    };

    shrink(&mut json);
    CallToolResult::structured(json)
}

/// Halves the longest list in `json` until the whole result fits, and records what was cut in
/// a top-level `note` (kept after any note `json` already had).
fn shrink(json: &mut Value) {
    let previous = json.get("note").and_then(Value::as_str).map(str::to_string);

    let mut cuts: Vec<String> = Vec::new();
    loop {
        if !cuts.is_empty()
            && let Value::Object(object) = &mut *json
        {
            let note = shrink_note(previous.as_deref(), &cuts);
            object.insert("note".into(), Value::String(note));
        }
        if !too_large(json) {
            return;
        }

        let Some((path, len)) = longest_array(json) else {
            return;
        };
        if len <= 1 {
            return;
        }
        if let Some(Value::Array(items)) = json.pointer_mut(&path) {
            items.truncate(len / 2);
        }
        cuts.push(format!(
            "`{}` cut to {} items",
            path.trim_start_matches('/'),
            len / 2
        ));
    }
}

/// The note of a shortened result: the note it had, then what was cut.
fn shrink_note(previous: Option<&str>, cuts: &[String]) -> String {
    let note = format!(
        "Shortened to keep the result under the size limit: {}. Use a list tool with filters \
         to see the rest.",
        cuts.join(", ")
    );
    match previous {
        Some(previous) => format!("{previous} {note}"),
        None => note,
    }
}

/// The JSON pointer and length of the array with the longest text in `json`.
fn longest_array(json: &Value) -> Option<(String, usize)> {
    let mut arrays = Vec::new();
    collect_arrays(json, String::new(), &mut arrays);
    arrays
        .into_iter()
        .max_by_key(|(_, _, size)| *size)
        .map(|(pointer, len, _)| (pointer, len))
}

/// Collects (pointer, length, size of text) of every array with more than one item.
fn collect_arrays(json: &Value, pointer: String, found: &mut Vec<(String, usize, usize)>) {
    match json {
        Value::Array(items) => {
            if items.len() > 1 {
                found.push((pointer.clone(), items.len(), json.to_string().len()));
            }
            for (index, child) in items.iter().enumerate() {
                collect_arrays(child, format!("{pointer}/{index}"), found);
            }
        }
        Value::Object(object) => {
            for (key, child) in object {
                let escaped = key.replace('~', "~0").replace('/', "~1");
                collect_arrays(child, format!("{pointer}/{escaped}"), found);
            }
        }
        _ => {}
    }
}

/// The one way a facade failure becomes a tool result: `isError: true` and a message the
/// model can act on (for a missing key, the nearest matches).
pub fn facade_error(error: &balkanid_api::Error) -> CallToolResult {
    text_error(with_causes(error))
}

/// An error's message followed by its causes', separated by `: `, so that a failure of
/// BalkanID's cloud shows the HTTP status and server message behind it.
pub fn with_causes(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// An argument problem as a tool result.
pub fn argument_error(error: &ArgumentError) -> CallToolResult {
    text_error(error.to_string())
}

/// A tool error with `message` as its only content and no structured content (some clients
/// validate structured content against the output schema even on errors).
pub fn text_error(message: impl Into<String>) -> CallToolResult {
    CallToolResult::error(vec![ContentBlock::text(message.into())])
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[derive(Serialize)]
    struct Row {
        text: String,
    }

    fn rows(n: usize, width: usize) -> Vec<Row> {
        (0..n)
            .map(|_| Row {
                text: "x".repeat(width),
            })
            .collect()
    }

    #[tokio::test]
    async fn a_complete_page_has_no_note() {
        let result = page(PageRequest::default(), |_| async {
            Ok(Page::new(rows(2, 3), 2, None))
        })
        .await;

        let content = result.structured_content.unwrap();
        assert_eq!(content["total"], 2);
        assert_eq!(content["items"].as_array().unwrap().len(), 2);
        assert!(content.get("note").is_none());
        assert_eq!(result.is_error, Some(false));
    }

    #[tokio::test]
    async fn a_partial_page_says_so_and_keeps_the_cursor() {
        let result = page(PageRequest::default(), |_| async {
            Ok(Page::new(rows(2, 3), 7, Some("c2".to_string())))
        })
        .await;

        let content = result.structured_content.unwrap();
        assert_eq!(content["next_cursor"], "c2");
        let note = content["note"].as_str().unwrap();
        assert!(note.contains("2 of 7"), "{note}");
    }

    #[tokio::test]
    async fn the_last_page_reached_with_a_cursor_has_no_partial_note() {
        let result = page(PageRequest::default().cursor("c2".to_string()), |_| async {
            Ok(Page::new(rows(2, 3), 7, None))
        })
        .await;

        let content = result.structured_content.unwrap();
        assert!(content["next_cursor"].is_null());
        assert!(content.get("note").is_none(), "{content}");
    }

    #[tokio::test]
    async fn an_oversized_page_is_fetched_again_with_a_limit_that_fits() {
        // A row `{"text":"x..."}` of width 1,000 is 1,011 bytes as structured content and
        // 1,017 as its escaped text copy (4 escaped quotes, 2 enclosing ones), plus a comma in
        // each copy: 2,030 bytes. After the 2,000 reserved bytes, 33 rows fit in 70,000
        // (2,000 + 33 * 2,030 = 68,990) and 34 do not (71,020).
        let asked = std::sync::Mutex::new(Vec::new());
        let result = page(PageRequest::default().limit(100), |request| {
            asked.lock().unwrap().push(request.limit);
            let n = request.limit.unwrap_or(50) as usize;
            async move { Ok(Page::new(rows(n, 1_000), 100, Some("next".to_string()))) }
        })
        .await;

        assert_eq!(*asked.lock().unwrap(), vec![Some(100), Some(33)]);
        assert!(serde_json::to_string(&result).unwrap().len() <= MAX_RESULT_BYTES);
        let content = result.structured_content.unwrap();
        assert_eq!(content["items"].as_array().unwrap().len(), 33);
        let note = content["note"].as_str().unwrap();
        assert!(note.contains("shortened to 33 items"), "{note}");
        assert!(note.contains("33 of 100"), "{note}");
    }

    #[tokio::test]
    async fn a_facade_error_becomes_a_tool_error_with_suggestions() {
        let result = page(PageRequest::default(), |_| async {
            Err::<Page<Row>, _>(balkanid_api::Error::NotFound {
                what: "campaign",
                key: "Q3 reveiw".to_string(),
                suggestions: vec!["Q3 review".to_string()],
            })
        })
        .await;

        assert_eq!(result.is_error, Some(true));
        assert!(result.structured_content.is_none());
        let text = serde_json::to_value(&result.content).unwrap()[0]["text"].clone();
        assert_eq!(
            text,
            "no campaign matches \"Q3 reveiw\"; did you mean Q3 review?"
        );
    }

    #[test]
    fn a_large_detail_has_its_longest_list_halved_and_a_note() {
        let detail = json!({
            "name": "svc",
            "small": [1, 2],
            "resources": (0..200).map(|i| "r".repeat(500) + &i.to_string()).collect::<Vec<_>>(),
        });

        let result = structured(&detail);

        // Each item is about 503 bytes quoted, 505 in the escaped text copy, about 1,010 in
        // both: 200 items are about 202,000 bytes and 100 about 101,000, both over 70,000;
        // 50 are about 50,500, which fits.
        assert!(serde_json::to_string(&result).unwrap().len() <= MAX_RESULT_BYTES);
        let content = result.structured_content.unwrap();
        assert_eq!(content["resources"].as_array().unwrap().len(), 50);
        assert_eq!(content["small"], json!([1, 2]));
        let note = content["note"].as_str().unwrap();
        assert!(
            note.contains("`resources` cut to 100 items, `resources` cut to 50 items"),
            "{note}"
        );
    }

    #[test]
    fn a_small_result_is_structured_with_a_text_copy() {
        let result = structured(&json!({ "a": 1 }));

        let text = serde_json::to_value(&result.content).unwrap()[0]["text"].clone();
        assert_eq!(text, "{\"a\":1}");
        assert_eq!(result.structured_content, Some(json!({ "a": 1 })));
    }
}
