//! Nearest matches for a key that matches nothing, offered in [`Error::NotFound`].

use crate::error::Error;

/// How many suggestions a not-found error offers at most.
const MAX_SUGGESTIONS: usize = 5;

/// Similarity below which a candidate is not worth suggesting (Jaro-Winkler, 0 to 1).
const MIN_SIMILARITY: f64 = 0.7;

/// The candidates nearest to `key`, best first, ignoring case; at most five, and only those
/// similar enough to be a plausible typo or partial match.
pub(crate) fn nearest(key: &str, candidates: impl IntoIterator<Item = String>) -> Vec<String> {
    let wanted = key.trim().to_lowercase();
    let mut scored: Vec<(f64, String)> = candidates
        .into_iter()
        .map(|candidate| {
            let lower = candidate.to_lowercase();
            let mut score = strsim::jaro_winkler(&wanted, &lower);
            if !wanted.is_empty() && lower.contains(&wanted) {
                score = score.max(0.9);
            }
            (score, candidate)
        })
        .filter(|(score, _)| *score >= MIN_SIMILARITY)
        .collect();

    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(MAX_SUGGESTIONS).map(|(_, candidate)| candidate).collect()
}

/// A [`Error::NotFound`] for `what` with the nearest `candidates`.
pub(crate) fn not_found(
    what: &'static str,
    key: &str,
    candidates: impl IntoIterator<Item = String>,
) -> Error {
    Error::NotFound { what, key: key.to_owned(), suggestions: nearest(key, candidates) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typo_in_an_email_suggests_the_right_one_first() {
        let candidates = ["ana.kovac@acme.test", "marko.horvat@acme.test", "ana.kova@acme.test"]
            .map(str::to_owned);

        let res = nearest("ana.kovacc@acme.test", candidates);

        assert_eq!(res.first().map(String::as_str), Some("ana.kovac@acme.test"));
        assert!(res.contains(&"ana.kova@acme.test".to_owned()));
    }

    #[test]
    fn nothing_alike_gives_no_suggestion() {
        let res = nearest("zzzz", ["ana.kovac@acme.test".to_owned()]);

        assert!(res.is_empty());
    }

    #[test]
    fn a_part_of_a_name_suggests_the_names_that_contain_it() {
        let candidates = ["Q1 Okta access review", "Q2 AWS review"].map(str::to_owned);

        let res = nearest("okta", candidates);

        assert_eq!(res, vec!["Q1 Okta access review".to_owned()]);
    }
}
