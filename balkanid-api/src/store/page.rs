//! Pages of lists: checking a [`PageRequest`], and the opaque cursor that continues a list.
//!
//! A cursor is the URL-safe base64 of `<offset>.<fingerprint>`, where the fingerprint is a
//! hash of the operation's name and filters. A cursor from another query, or text that is no
//! cursor of ours, is refused rather than silently starting over.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::query::{Page, PageRequest};
use crate::store::source::hex;

/// The part of a list one page covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Window {
    /// Items to skip.
    pub offset: u64,
    /// Items to return at most.
    pub limit: u64,
    fingerprint: String,
}

impl Window {
    /// Checks `page` for a list identified by `scope` (the operation and its filters).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] naming `limit` when it is 0 or above
    /// [`PageRequest::MAX_LIMIT`], or `cursor` when it is not a cursor of this same query.
    pub fn new(page: &PageRequest, scope: &str) -> Result<Window> {
        let limit = page.limit.unwrap_or(PageRequest::DEFAULT_LIMIT);
        if limit == 0 || limit > PageRequest::MAX_LIMIT {
            let message = format!(
                "must be between 1 and {}, got {limit}",
                PageRequest::MAX_LIMIT
            );
            return Err(Error::invalid("limit", message));
        }

        let fingerprint = fingerprint(scope);
        let offset = match page.cursor.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            None => 0,
            Some(cursor) => decode(cursor, &fingerprint)?,
        };
        Ok(Window { offset, limit: u64::from(limit), fingerprint })
    }

    /// The SQL `LIMIT` and `OFFSET` values, in that order.
    pub fn sql(&self) -> (i64, i64) {
        let clamp = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
        (clamp(self.limit), clamp(self.offset))
    }

    /// Wraps the items of this window, out of `total`, with a cursor to the next page when
    /// more follow.
    pub fn page<T>(&self, items: Vec<T>, total: u64) -> Page<T> {
        let end = self.offset + items.len() as u64;
        let next_cursor = (end < total && !items.is_empty()).then(|| self.cursor_at(end));
        Page::new(items, total, next_cursor)
    }

    /// Cuts this window out of a whole list held in memory.
    pub fn slice<T>(&self, all: Vec<T>) -> Page<T> {
        let total = all.len() as u64;
        let items: Vec<T> = all
            .into_iter()
            .skip(usize::try_from(self.offset).unwrap_or(usize::MAX))
            .take(usize::try_from(self.limit).unwrap_or(usize::MAX))
            .collect();
        self.page(items, total)
    }

    /// The cursor that starts a page at `offset`.
    pub fn cursor_at(&self, offset: u64) -> String {
        URL_SAFE_NO_PAD.encode(format!("{offset}.{}", self.fingerprint))
    }
}

/// The scope of a list query: the operation's name and the filters' debug text, which
/// changes whenever a filter does.
pub(crate) fn scope(operation: &str, filters: &impl std::fmt::Debug) -> String {
    format!("{operation} {filters:?}")
}

fn fingerprint(scope: &str) -> String {
    let digest = Sha256::digest(scope.as_bytes());
    hex(&digest[..8])
}

fn decode(cursor: &str, fingerprint: &str) -> Result<u64> {
    let not_ours = || {
        Error::invalid(
            "cursor",
            "is not a cursor this tenant returned; pass the next_cursor of the previous page \
             unchanged, or no cursor for the first page",
        )
    };

    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| not_ours())?;
    let text = String::from_utf8(bytes).map_err(|_| not_ours())?;
    let (offset, cursor_fingerprint) = text.split_once('.').ok_or_else(not_ours)?;
    let offset: u64 = offset.parse().map_err(|_| not_ours())?;
    if cursor_fingerprint != fingerprint {
        let message = "belongs to a query with other filters; repeat the query's filters \
                       exactly with its cursor, or drop the cursor to start over";
        return Err(Error::invalid("cursor", message));
    }
    Ok(offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(limit: Option<u32>, cursor: Option<&str>) -> PageRequest {
        PageRequest { limit, cursor: cursor.map(str::to_owned) }
    }

    #[test]
    fn the_default_page_is_the_first_fifty() {
        let window = Window::new(&PageRequest::default(), "list x").unwrap();

        assert_eq!((window.offset, window.limit), (0, 50));
    }

    #[test]
    fn limits_outside_one_to_five_hundred_are_refused_by_name() {
        for limit in [0, 501] {
            let error = Window::new(&request(Some(limit), None), "list x").unwrap_err();
            assert!(
                error.to_string().starts_with("invalid limit: must be between 1 and 500"),
                "{error}"
            );
        }
        assert!(Window::new(&request(Some(500), None), "list x").is_ok());
    }

    #[test]
    fn a_cursor_continues_where_the_page_ended() {
        let first = Window::new(&request(Some(2), None), "list x").unwrap();
        // Five items in all; the first page holds two, so the next starts at offset 2.
        let page = first.slice(vec!['a', 'b', 'c', 'd', 'e']);
        assert_eq!(page.items, vec!['a', 'b']);
        assert_eq!(page.total, 5);

        let cursor = page.next_cursor.unwrap();
        let second = Window::new(&request(Some(2), Some(&cursor)), "list x").unwrap();
        assert_eq!(second.offset, 2);

        let last = Window::new(&request(Some(2), Some(&second.cursor_at(4))), "list x").unwrap();
        let page = last.slice(vec!['a', 'b', 'c', 'd', 'e']);
        assert_eq!(page.items, vec!['e']);
        assert_eq!(page.next_cursor, None);
    }

    #[test]
    fn a_cursor_of_another_query_or_of_no_query_is_refused() {
        let other = Window::new(&PageRequest::default(), "list y").unwrap().cursor_at(50);

        let error = Window::new(&request(None, Some(&other)), "list x").unwrap_err();
        assert!(error.to_string().starts_with("invalid cursor: belongs to a query"), "{error}");

        let error = Window::new(&request(None, Some("page-2")), "list x").unwrap_err();
        assert!(error.to_string().starts_with("invalid cursor: is not a cursor"), "{error}");
    }
}
