//! Nearest matches for a key that matches nothing, offered in [`Error::NotFound`].

use crate::error::{Error, Result};

/// How many suggestions a not-found error offers at most.
const MAX_SUGGESTIONS: usize = 5;

/// Similarity below which a candidate is not worth suggesting (Jaro-Winkler, 0 to 1).
const MIN_SIMILARITY: f64 = 0.7;

/// The candidates nearest to `key`, best first, ignoring case; at most five, and only those
/// similar enough to be a plausible typo or partial match.
pub(crate) fn nearest(key: &str, candidates: impl IntoIterator<Item = String>) -> Vec<String> {
    let wanted = key.trim().to_lowercase();
    if wanted.chars().count() > MAX_KEY_CHARS {
        return Vec::new();
    }
    if let Some((local, domain)) = wanted.split_once('@') {
        return nearest_emails(local, domain, candidates);
    }
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
    scored
        .into_iter()
        .take(MAX_SUGGESTIONS)
        .map(|(_, candidate)| candidate)
        .collect()
}

/// Keys longer than this are no typo of anything: they get no suggestion (and comparing them
/// would be slow).
const MAX_KEY_CHARS: usize = 320;

/// Similarity of the local parts (before `@`) below which an email is not suggested.
const MIN_EMAIL_SIMILARITY: f64 = 0.8;

/// How many accepted values an error lists in full; beyond, it lists the nearest only.
const MAX_LISTED_VALUES: usize = 12;

/// The emails among `candidates` whose local part is close to `local` (Jaro-Winkler of at
/// least [`MIN_EMAIL_SIMILARITY`]), best first; a candidate of the same domain wins a tie.
fn nearest_emails(
    local: &str,
    domain: &str,
    candidates: impl IntoIterator<Item = String>,
) -> Vec<String> {
    let mut scored: Vec<(f64, bool, String)> = candidates
        .into_iter()
        .filter_map(|candidate| {
            let lower = candidate.to_lowercase();
            let (candidate_local, candidate_domain) = lower.split_once('@')?;
            let score = strsim::jaro_winkler(local, candidate_local);
            (score >= MIN_EMAIL_SIMILARITY).then(|| (score, candidate_domain == domain, candidate))
        })
        .collect();

    scored.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then_with(|| b.1.cmp(&a.1))
            .then_with(|| a.2.cmp(&b.2))
    });
    scored.dedup_by(|a, b| a.2 == b.2);
    scored
        .into_iter()
        .take(MAX_SUGGESTIONS)
        .map(|(_, _, candidate)| candidate)
        .collect()
}

/// The accepted value that `value` names, compared without regard to case and surrounding
/// spaces, in the tenant's spelling.
///
/// # Errors
///
/// [`Error::InvalidArgument`] naming `argument`, saying the value matches nothing, and
/// listing the accepted values when they are few (and the value is no email), else the
/// nearest ones.
pub(crate) fn closed_value(argument: &str, value: &str, accepted: Vec<String>) -> Result<String> {
    let wanted = value.trim().to_lowercase();
    if let Some(found) = accepted.iter().find(|a| a.to_lowercase() == wanted) {
        return Ok(found.clone());
    }

    let shown = crate::error::shorten(value);
    let message = if accepted.is_empty() {
        format!("{shown:?} matches no {argument} of this tenant, which has none")
    } else if accepted.len() <= MAX_LISTED_VALUES && !value.contains('@') {
        let mut sorted = accepted;
        sorted.sort();
        sorted.dedup();
        format!(
            "{shown:?} matches no {argument} of this tenant; use one of {}",
            sorted.join(", ")
        )
    } else {
        let close = nearest(value, accepted);
        if close.is_empty() {
            format!("{shown:?} matches no {argument} of this tenant, and none is close")
        } else {
            format!(
                "{shown:?} matches no {argument} of this tenant; nearest: {}",
                close.join(", ")
            )
        }
    };
    Err(Error::invalid(argument, message))
}

/// `error` with its [`Error::NotFound`] saying `what` was looked for, such as
/// `employee (manager_email)`, so that the message names the argument; other errors are
/// returned unchanged.
pub(crate) fn naming(error: Error, what: &'static str) -> Error {
    match error {
        Error::NotFound {
            key, suggestions, ..
        } => Error::NotFound {
            what,
            key,
            suggestions,
        },
        other => other,
    }
}

/// A [`Error::NotFound`] for `what` with the nearest `candidates`.
pub(crate) fn not_found(
    what: &'static str,
    key: &str,
    candidates: impl IntoIterator<Item = String>,
) -> Error {
    Error::NotFound {
        what,
        key: key.to_owned(),
        suggestions: nearest(key, candidates),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typo_in_an_email_suggests_the_right_one_first() {
        let candidates = [
            "ana.kovac@acme.test",
            "marko.horvat@acme.test",
            "ana.kova@acme.test",
        ]
        .map(str::to_owned);

        let res = nearest("ana.kovacc@acme.test", candidates);

        assert_eq!(res.first().map(String::as_str), Some("ana.kovac@acme.test"));
        assert!(res.contains(&"ana.kova@acme.test".to_owned()));
    }

    #[test]
    fn emails_with_a_distant_local_part_are_not_suggested() {
        let candidates = [
            "amara.okafor@acme.test",
            "omar.ali@acme.test",
            "bob@acme.test",
        ]
        .map(str::to_owned);

        let res = nearest("amara.okafr@acme.test", candidates);

        assert_eq!(res, vec!["amara.okafor@acme.test".to_owned()]);
    }

    #[test]
    fn a_closed_value_is_found_in_any_case_and_a_typo_lists_the_few_accepted() {
        let apps = ["Okta", "Azure AD"].map(str::to_owned).to_vec();

        assert_eq!(closed_value("app", " okta ", apps.clone()).unwrap(), "Okta");

        let error = closed_value("app", "oktaa", apps).unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid app: \"oktaa\" matches no app of this tenant; use one of Azure AD, Okta"
        );
    }

    #[test]
    fn many_accepted_values_list_only_the_nearest() {
        let departments: Vec<String> = (0..20).map(|i| format!("Department {i}")).collect();
        let mut with_engineering = departments.clone();
        with_engineering.push("Engineering".to_owned());

        let error = closed_value("department", "Enginering", with_engineering).unwrap_err();

        assert_eq!(
            error.to_string(),
            "invalid department: \"Enginering\" matches no department of this tenant; \
             nearest: Engineering"
        );
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
