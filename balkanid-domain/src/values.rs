//! Value formats found in BalkanID's files: dates, timestamps, durations, recurrences,
//! booleans, lists, JSON cells and percentages.
//!
//! Every parser says in its error what it accepts; every printer writes the form BalkanID
//! writes, so a file read and written again is unchanged. Which format a column uses is
//! decided by its [`Record`](crate::csv::Record) implementation:
//!
//! | in the files | read with | written with |
//! |---|---|---|
//! | `01/21/2021` | [`parse_us_date`] | [`format_us_date`] |
//! | `2023-09-07` | [`parse_iso_date`] | [`format_iso_date`] |
//! | `2024-04-27 06:33:31 +0000 UTC` | [`parse_go_time`] | [`format_go_time`] |
//! | `2023-12-03T09:00:00-05:00` | [`parse_rfc3339`] | [`format_rfc3339`] |
//! | `2023-09-22 18:30:00` | [`parse_naive_datetime`] | [`format_naive_datetime`] |
//! | `168h`, `15m` | [`GoDuration`] | [`GoDuration`] |
//! | `permanent` or a duration | [`RequestDuration`] | [`RequestDuration`] |
//! | `RRULE:FREQ=MONTHLY;INTERVAL=1` | [`Rrule`] | [`Rrule`] |
//! | `TRUE`, `true` | [`parse_bool`] | [`format_bool`] |
//! | `a;b`, `a, b`, `[a, b]` | [`split_list`], [`parse_list`] | [`join_list`] |
//! | JSON | [`parse_json`] | [`format_json`] |
//! | `35.24` | [`parse_percent`] | [`format_percent`] |

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use chrono::{
    DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, SecondsFormat, TimeZone,
    Utc,
};

use crate::model::RequestDuration;

/// A Go duration as BalkanID writes it: `168h`, `2h`, `15m`, `1h30m`, `90s`.
///
/// Printing uses whole hours, minutes and seconds with zero parts left out, which gives back
/// the samples' text (`168h`, not Go's `168h0m0s`).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct GoDuration {
    seconds: u64,
}

/// Why a value did not parse: the input and what is accepted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{input:?} is not {expected}")]
pub struct ValueError {
    /// The text that was given, cut to its first 80 characters.
    pub input: String,
    /// What the format accepts, such as "a date in MM/DD/YYYY form".
    pub expected: Cow<'static, str>,
}

impl ValueError {
    /// A value error for `input`, which should have been `expected`.
    pub fn new(input: &str, expected: impl Into<Cow<'static, str>>) -> Self {
        const MAX_CHARS: usize = 80;
        let input = match input.char_indices().nth(MAX_CHARS) {
            Some((end, _)) => format!("{}…", &input[..end]),
            None => input.to_owned(),
        };
        ValueError {
            input,
            expected: expected.into(),
        }
    }
}

impl GoDuration {
    /// A duration of `seconds` seconds.
    pub const fn from_seconds(seconds: u64) -> Self {
        GoDuration { seconds }
    }

    /// A duration of `hours` hours.
    pub const fn from_hours(hours: u64) -> Self {
        GoDuration {
            seconds: hours * 3600,
        }
    }

    /// The length in seconds.
    pub const fn as_seconds(self) -> u64 {
        self.seconds
    }

    /// The length as a chrono duration.
    pub fn to_chrono(self) -> chrono::TimeDelta {
        let seconds = i64::try_from(self.seconds).unwrap_or(i64::MAX);
        chrono::TimeDelta::try_seconds(seconds).unwrap_or(chrono::TimeDelta::MAX)
    }
}

impl FromStr for GoDuration {
    type Err = ValueError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        const EXPECTED: &str = "a duration such as `168h`, `15m`, `1h30m` or `90s`";
        let fail = || ValueError::new(input, EXPECTED);
        let text = input.trim();
        if text.is_empty() {
            return Err(fail());
        }
        if text == "0" {
            return Ok(GoDuration { seconds: 0 });
        }

        let mut seconds: u64 = 0;
        let mut number = String::new();
        for c in text.chars() {
            if c.is_ascii_digit() {
                number.push(c);
                continue;
            }
            let unit = match c {
                'h' => 3600,
                'm' => 60,
                's' => 1,
                _ => return Err(fail()),
            };
            let value: u64 = number.parse().map_err(|_| fail())?;
            number.clear();
            seconds = value
                .checked_mul(unit)
                .and_then(|part| seconds.checked_add(part))
                .ok_or_else(fail)?;
        }
        if !number.is_empty() {
            return Err(fail());
        }

        Ok(GoDuration { seconds })
    }
}

impl fmt::Display for GoDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (hours, minutes, seconds) = (
            self.seconds / 3600,
            self.seconds % 3600 / 60,
            self.seconds % 60,
        );
        if self.seconds == 0 {
            return f.write_str("0s");
        }
        if hours > 0 {
            write!(f, "{hours}h")?;
        }
        if minutes > 0 {
            write!(f, "{minutes}m")?;
        }
        if seconds > 0 {
            write!(f, "{seconds}s")?;
        }
        Ok(())
    }
}

/// An iCalendar recurrence rule with BalkanID's `RRULE:` prefix, such as
/// `RRULE:FREQ=MONTHLY;INTERVAL=1;BYDAY=+1MO`.
///
/// The rule is checked for its prefix and a `FREQ` part and otherwise kept as text.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Rrule(String);

impl Rrule {
    /// The rule as written, with its prefix.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The `FREQ` part: `DAILY`, `WEEKLY`, `MONTHLY`, `YEARLY`.
    pub fn frequency(&self) -> &str {
        self.part("FREQ").unwrap_or_default()
    }

    /// One `KEY=value` part of the rule.
    pub fn part(&self, key: &str) -> Option<&str> {
        let body = self.0.get("RRULE:".len()..).unwrap_or_default();
        body.split(';').find_map(|kv| {
            let (k, v) = kv.split_once('=')?;
            k.eq_ignore_ascii_case(key).then_some(v)
        })
    }
}

impl FromStr for Rrule {
    type Err = ValueError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        const EXPECTED: &str = "a recurrence such as `RRULE:FREQ=MONTHLY;INTERVAL=1`";
        let text = input.trim();
        let body = match (text.get(..6), text.get(6..)) {
            (Some(prefix), Some(body)) if prefix.eq_ignore_ascii_case("RRULE:") => body,
            _ => return Err(ValueError::new(input, EXPECTED)),
        };
        let rule = Rrule(format!("RRULE:{body}"));
        if rule.part("FREQ").is_none_or(str::is_empty) {
            return Err(ValueError::new(input, EXPECTED));
        }
        Ok(rule)
    }
}

impl fmt::Display for Rrule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How a format writes booleans; every format reads `true` and `false` in any case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BoolCase {
    /// `TRUE` / `FALSE`, as campaigns and reviews write them.
    Upper,
    /// `true` / `false`, as the other formats write them.
    Lower,
}

/// How a list is written inside one cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ListStyle {
    /// `a;b`, as the secondary owners of business owners.
    Semicolon,
    /// `a, b`, as roles, entity BRNs, reviewer precedence, rule filters and audiences.
    CommaSpace,
    /// `[a, b]`, as the roles of RBAC rows.
    Bracketed,
}

/// Go's zero `time.Time` as `time.String()` prints it; BalkanID writes it for "no value".
pub const GO_ZERO_TIME: &str = "0001-01-01 00:00:00 +0000 UTC";

/// What [`ListStyle::Bracketed`] trims from around the items.
const BRACKETS: (char, char) = ('[', ']');

/// Reads a date written `MM/DD/YYYY`, such as `01/21/2021` (employee start and end dates).
///
/// # Errors
///
/// Returns a [`ValueError`] for any other form or an impossible date.
pub fn parse_us_date(input: &str) -> Result<NaiveDate, ValueError> {
    const EXPECTED: &str = "a date in MM/DD/YYYY form, such as 01/21/2021";
    let text = input.trim();
    let shaped = text.len() == 10 && text.as_bytes()[2] == b'/' && text.as_bytes()[5] == b'/';
    if !shaped {
        return Err(ValueError::new(input, EXPECTED));
    }
    NaiveDate::parse_from_str(text, "%m/%d/%Y").map_err(|_| ValueError::new(input, EXPECTED))
}

/// Writes a date as `MM/DD/YYYY`.
pub fn format_us_date(date: NaiveDate) -> String {
    date.format("%m/%d/%Y").to_string()
}

/// Reads a date written `YYYY-MM-DD`, such as `2023-09-07` (campaigns, reviews, apps).
///
/// # Errors
///
/// Returns a [`ValueError`] for any other form or an impossible date.
pub fn parse_iso_date(input: &str) -> Result<NaiveDate, ValueError> {
    const EXPECTED: &str = "a date in YYYY-MM-DD form, such as 2023-09-07";
    let text = input.trim();
    let shaped = text.len() == 10 && text.as_bytes()[4] == b'-' && text.as_bytes()[7] == b'-';
    if !shaped {
        return Err(ValueError::new(input, EXPECTED));
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| ValueError::new(input, EXPECTED))
}

/// Writes a date as `YYYY-MM-DD`.
pub fn format_iso_date(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// Reads a timestamp in the form of Go's `time.String()`, such as
/// `2024-04-27 06:33:31 +0000 UTC` (entities, entity relations, metadata values).
///
/// Fractional seconds are accepted, the offset may be any (`-0500 EST`, `+0530 IST`,
/// `+0300 +03`), the zone name after it is optional and not checked, and a trailing
/// monotonic-clock reading (`m=+0.001`) is ignored. Go's zero time
/// ([`GO_ZERO_TIME`]) means "no value" and gives `Ok(None)`.
///
/// # Errors
///
/// Returns a [`ValueError`] for any other form.
pub fn parse_go_time(input: &str) -> Result<Option<DateTime<Utc>>, ValueError> {
    const EXPECTED: &str = "a timestamp such as `2024-04-27 06:33:31 +0000 UTC` \
                            (date, time, offset and an optional zone name)";
    let fail = || ValueError::new(input, EXPECTED);
    let mut words = input.split_whitespace();
    let (Some(date), Some(time), Some(offset)) = (words.next(), words.next(), words.next()) else {
        return Err(fail());
    };
    let mut rest: Vec<&str> = words.collect();
    if rest.last().is_some_and(|word| word.starts_with("m=")) {
        rest.pop();
    }
    let zone_ok = match rest.as_slice() {
        [] => true,
        [zone] => zone
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-'),
        _ => false,
    };
    if !zone_ok {
        return Err(fail());
    }

    let naive = NaiveDateTime::parse_from_str(&format!("{date} {time}"), "%Y-%m-%d %H:%M:%S%.f")
        .map_err(|_| fail())?;
    let offset = parse_numeric_offset(offset).ok_or_else(fail)?;
    if is_go_zero(naive) && offset.local_minus_utc() == 0 {
        return Ok(None);
    }

    let instant = offset
        .from_local_datetime(&naive)
        .single()
        .ok_or_else(fail)?;
    Ok(Some(instant.with_timezone(&Utc)))
}

/// Writes an instant as Go's `time.String()` does in UTC: `2024-04-27 06:33:31 +0000 UTC`,
/// with fractional seconds only when there are any, trailing zeros left out.
pub fn format_go_time(instant: DateTime<Utc>) -> String {
    let seconds = instant.format("%Y-%m-%d %H:%M:%S");
    format!(
        "{seconds}{} +0000 UTC",
        fraction(instant.timestamp_subsec_nanos())
    )
}

/// Reads an RFC 3339 timestamp: `2024-10-23T10:00:00Z`, `2023-12-03T09:00:00-05:00`,
/// `2024-02-28T12:32:16.235468Z`. A timestamp without an offset (`2024-10-23T10:00:00`) is
/// read as UTC (inferred: BalkanID's files that omit the offset mean UTC elsewhere).
///
/// # Errors
///
/// Returns a [`ValueError`] for any other form.
pub fn parse_rfc3339(input: &str) -> Result<DateTime<FixedOffset>, ValueError> {
    const EXPECTED: &str = "an RFC 3339 timestamp such as `2023-12-03T09:00:00-05:00` or \
                            `2024-10-23T10:00:00Z`";
    let text = input.trim();
    if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
        return Ok(instant);
    }
    let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
        .map_err(|_| ValueError::new(input, EXPECTED))?;
    Ok(naive.and_utc().fixed_offset())
}

/// Reads an RFC 3339 timestamp as [`parse_rfc3339`] does and converts it to UTC.
///
/// # Errors
///
/// Returns a [`ValueError`] for any other form.
pub fn parse_rfc3339_utc(input: &str) -> Result<DateTime<Utc>, ValueError> {
    parse_rfc3339(input).map(|instant| instant.with_timezone(&Utc))
}

/// Writes an RFC 3339 timestamp: `Z` for UTC, else the offset; fractional seconds in groups
/// of three digits, only when there are any.
pub fn format_rfc3339<Tz: TimeZone>(instant: &DateTime<Tz>) -> String
where
    Tz::Offset: fmt::Display,
{
    instant.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// Reads a timestamp without a zone, `YYYY-MM-DD HH:MM:SS` such as `2023-09-22 18:30:00`
/// (requests, webhook templates). Fractional seconds and a `T` separator are also accepted.
/// The files mean UTC (inferred); the caller decides.
///
/// # Errors
///
/// Returns a [`ValueError`] for any other form.
pub fn parse_naive_datetime(input: &str) -> Result<NaiveDateTime, ValueError> {
    const EXPECTED: &str = "a timestamp in YYYY-MM-DD HH:MM:SS form, such as 2023-09-22 18:30:00";
    let text = input.trim();
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f"))
        .map_err(|_| ValueError::new(input, EXPECTED))
}

/// Writes a timestamp as `YYYY-MM-DD HH:MM:SS`, with fractional seconds only when there are
/// any.
pub fn format_naive_datetime(timestamp: NaiveDateTime) -> String {
    let seconds = timestamp.format("%Y-%m-%d %H:%M:%S");
    format!(
        "{seconds}{}",
        fraction(timestamp.and_utc().timestamp_subsec_nanos())
    )
}

/// Reads `true` or `false` in any case (`TRUE`, `True`, `false`).
///
/// # Errors
///
/// Returns a [`ValueError`] for anything else.
pub fn parse_bool(input: &str) -> Result<bool, ValueError> {
    const EXPECTED: &str = "a boolean: `true` or `false` (in any case)";
    let text = input.trim();
    if text.eq_ignore_ascii_case("true") {
        return Ok(true);
    }
    if text.eq_ignore_ascii_case("false") {
        return Ok(false);
    }
    Err(ValueError::new(input, EXPECTED))
}

/// Writes a boolean in the format's case.
pub fn format_bool(value: bool, case: BoolCase) -> &'static str {
    match (case, value) {
        (BoolCase::Upper, true) => "TRUE",
        (BoolCase::Upper, false) => "FALSE",
        (BoolCase::Lower, true) => "true",
        (BoolCase::Lower, false) => "false",
    }
}

/// Splits a list cell into its trimmed items; empty items are dropped.
///
/// A [`ListStyle::Bracketed`] cell may lack its brackets; the other styles split on `;` or `,`
/// with or without a space after it.
pub fn split_list(cell: &str, style: ListStyle) -> Vec<String> {
    let text = cell.trim();
    let (inner, separator) = match style {
        ListStyle::Semicolon => (text, ';'),
        ListStyle::CommaSpace => (text, ','),
        ListStyle::Bracketed => {
            let inner = text.strip_prefix(BRACKETS.0).unwrap_or(text);
            (inner.strip_suffix(BRACKETS.1).unwrap_or(inner), ',')
        }
    };
    inner
        .split(separator)
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Joins list items in a style; an empty list is an empty cell.
pub fn join_list<T: fmt::Display>(items: &[T], style: ListStyle) -> String {
    if items.is_empty() {
        return String::new();
    }
    let texts: Vec<String> = items.iter().map(ToString::to_string).collect();
    match style {
        ListStyle::Semicolon => texts.join(";"),
        ListStyle::CommaSpace => texts.join(", "),
        ListStyle::Bracketed => format!("{}{}{}", BRACKETS.0, texts.join(", "), BRACKETS.1),
    }
}

/// Reads a list cell and parses each item with `parse`.
///
/// # Errors
///
/// Returns the first item's error.
pub fn parse_list<T, E>(
    cell: &str,
    style: ListStyle,
    parse: impl Fn(&str) -> Result<T, E>,
) -> Result<Vec<T>, E> {
    split_list(cell, style)
        .iter()
        .map(|item| parse(item))
        .collect()
}

/// Reads a JSON cell.
///
/// # Errors
///
/// Returns a [`ValueError`] saying where the JSON broke.
pub fn parse_json(input: &str) -> Result<serde_json::Value, ValueError> {
    serde_json::from_str(input.trim()).map_err(|error| {
        let expected = format!(
            "JSON ({} at line {}, column {})",
            error_kind(&error),
            error.line(),
            error.column()
        );
        ValueError::new(input, expected)
    })
}

/// Writes a JSON cell compactly, keys in the order they were read.
pub fn format_json(value: &serde_json::Value) -> String {
    value.to_string()
}

/// Reads a percentage such as `35.24`, `0.00` or `100.00` (a trailing `%` is allowed).
///
/// # Errors
///
/// Returns a [`ValueError`] for a value that is not a number from 0 to 100.
pub fn parse_percent(input: &str) -> Result<f64, ValueError> {
    const EXPECTED: &str = "a percentage from 0 to 100 such as `35.24`";
    let text = input.trim();
    let number = text.strip_suffix('%').unwrap_or(text).trim();
    match number.parse::<f64>() {
        Ok(value) if (0.0..=100.0).contains(&value) => Ok(value),
        _ => Err(ValueError::new(input, EXPECTED)),
    }
}

/// Writes a percentage with two decimals: `35.24`.
pub fn format_percent(value: f64) -> String {
    format!("{value:.2}")
}

impl FromStr for RequestDuration {
    type Err = ValueError;

    /// Reads `permanent` (any case) or a Go duration such as `15m`.
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        const EXPECTED: &str = "`permanent` or a duration such as `168h`, `15m` or `1h30m`";
        if input.trim().eq_ignore_ascii_case("permanent") {
            return Ok(RequestDuration::Permanent);
        }
        match input.parse::<GoDuration>() {
            Ok(duration) => Ok(RequestDuration::For(duration)),
            Err(_) => Err(ValueError::new(input, EXPECTED)),
        }
    }
}

impl fmt::Display for RequestDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestDuration::Permanent => f.write_str("permanent"),
            RequestDuration::For(duration) => duration.fmt(f),
        }
    }
}

/// `.` and the nanoseconds with trailing zeros left out, or nothing for whole seconds.
fn fraction(nanos: u32) -> String {
    if nanos == 0 {
        return String::new();
    }
    let digits = format!("{nanos:09}");
    format!(".{}", digits.trim_end_matches('0'))
}

/// An offset written `+0000`, `-0500` or `+05:30`.
fn parse_numeric_offset(text: &str) -> Option<FixedOffset> {
    let (sign, digits) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let digits = digits.replacen(':', "", 1);
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits[2..].parse().ok()?;
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}

/// Whether `naive` is `0001-01-01 00:00:00`, the local time of Go's zero `time.Time`.
fn is_go_zero(naive: NaiveDateTime) -> bool {
    naive.year() == 1 && naive.ordinal() == 1 && naive.time() == NaiveTime::MIN
}

/// A short, lowercase name for what went wrong in a JSON cell.
fn error_kind(error: &serde_json::Error) -> &'static str {
    match error.classify() {
        serde_json::error::Category::Eof => "it ends early",
        serde_json::error::Category::Syntax => "a syntax error",
        serde_json::error::Category::Data | serde_json::error::Category::Io => "an invalid value",
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone, Timelike, Utc};

    use super::*;

    fn date(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    #[test]
    fn us_dates_read_month_first_and_print_zero_padded() {
        assert_eq!(parse_us_date("01/21/2021").unwrap(), date(2021, 1, 21));
        assert_eq!(format_us_date(date(2021, 1, 21)), "01/21/2021");
        assert_eq!(format_us_date(date(2024, 12, 5)), "12/05/2024");
    }

    #[test]
    fn us_dates_reject_other_forms_and_say_what_is_accepted() {
        let error = parse_us_date("21/01/2021").unwrap_err();
        assert_eq!(
            error.to_string(),
            "\"21/01/2021\" is not a date in MM/DD/YYYY form, such as 01/21/2021"
        );
        assert!(parse_us_date("2021-01-21").is_err());
        assert!(parse_us_date("02/30/2021").is_err());
        assert!(parse_us_date("1/2/2021").is_err());
        assert!(parse_us_date("01/21/2021é").is_err());
    }

    #[test]
    fn iso_dates_round_trip() {
        assert_eq!(parse_iso_date("2023-09-07").unwrap(), date(2023, 9, 7));
        assert_eq!(format_iso_date(date(2024, 5, 23)), "2024-05-23");
        let error = parse_iso_date("09/07/2023").unwrap_err();
        assert_eq!(
            error.expected,
            "a date in YYYY-MM-DD form, such as 2023-09-07"
        );
        assert!(parse_iso_date("2023-13-01").is_err());
    }

    #[test]
    fn go_time_in_utc_round_trips() {
        let text = "2024-04-27 06:33:31 +0000 UTC";
        let instant = parse_go_time(text).unwrap().unwrap();
        assert_eq!(
            instant,
            Utc.with_ymd_and_hms(2024, 4, 27, 6, 33, 31).unwrap()
        );
        assert_eq!(format_go_time(instant), text);
    }

    #[test]
    fn go_time_reads_other_offsets_and_zone_names() {
        // 01:33:31 at -05:00 is 06:33:31 UTC; 12:03:31 at +05:30 is the same instant.
        let expected = Utc.with_ymd_and_hms(2024, 4, 27, 6, 33, 31).unwrap();
        for text in [
            "2024-04-27 01:33:31 -0500 EST",
            "2024-04-27 01:33:31 -0500 CDT",
            "2024-04-27 12:03:31 +0530 IST",
            "2024-04-27 09:33:31 +0300 +03",
            "2024-04-27 06:33:31 +0000",
            "2024-04-27 06:33:31 +0000 UTC m=+0.000123",
        ] {
            assert_eq!(parse_go_time(text).unwrap(), Some(expected), "{text}");
        }
    }

    #[test]
    fn go_time_keeps_fractional_seconds_without_trailing_zeros() {
        let instant = parse_go_time("2024-04-27 06:33:31.2500 +0000 UTC")
            .unwrap()
            .unwrap();
        assert_eq!(instant.nanosecond(), 250_000_000);
        assert_eq!(format_go_time(instant), "2024-04-27 06:33:31.25 +0000 UTC");
    }

    #[test]
    fn go_zero_time_means_no_value() {
        assert_eq!(parse_go_time(GO_ZERO_TIME).unwrap(), None);
    }

    #[test]
    fn go_time_rejects_other_forms() {
        for text in [
            "2024-04-27T06:33:31Z",
            "2024-04-27 06:33:31",
            "2024-04-27 06:33:31 UTC",
            "2024-04-27 06:33:31 +0000 Eastern Standard Time",
            "2024-04-27 06:33:31 +2500 X",
        ] {
            let error = parse_go_time(text).unwrap_err();
            assert!(
                error.to_string().contains("2024-04-27 06:33:31 +0000 UTC"),
                "{text}"
            );
        }
    }

    #[test]
    fn rfc3339_keeps_offsets_and_fractions() {
        let with_offset = parse_rfc3339("2023-12-03T09:00:00-05:00").unwrap();
        assert_eq!(with_offset.offset().local_minus_utc(), -5 * 3600);
        assert_eq!(
            with_offset.with_timezone(&Utc),
            Utc.with_ymd_and_hms(2023, 12, 3, 14, 0, 0).unwrap()
        );
        assert_eq!(format_rfc3339(&with_offset), "2023-12-03T09:00:00-05:00");

        let fractional = parse_rfc3339_utc("2024-02-28T12:32:16.235468Z").unwrap();
        assert_eq!(fractional.nanosecond(), 235_468_000);
        assert_eq!(format_rfc3339(&fractional), "2024-02-28T12:32:16.235468Z");

        let zulu = parse_rfc3339_utc("2024-10-23T10:00:00Z").unwrap();
        assert_eq!(format_rfc3339(&zulu), "2024-10-23T10:00:00Z");
    }

    #[test]
    fn rfc3339_without_offset_is_utc() {
        let instant = parse_rfc3339_utc("2024-10-23T10:00:00").unwrap();
        assert_eq!(
            instant,
            Utc.with_ymd_and_hms(2024, 10, 23, 10, 0, 0).unwrap()
        );
        assert!(parse_rfc3339("2024-10-23").is_err());
    }

    #[test]
    fn naive_timestamps_round_trip() {
        let timestamp = parse_naive_datetime("2023-09-22 18:30:00").unwrap();
        assert_eq!(timestamp, date(2023, 9, 22).and_hms_opt(18, 30, 0).unwrap());
        assert_eq!(format_naive_datetime(timestamp), "2023-09-22 18:30:00");
        assert_eq!(
            parse_naive_datetime("2024-03-08T10:00:00").unwrap(),
            date(2024, 3, 8).and_hms_opt(10, 0, 0).unwrap()
        );
        assert!(parse_naive_datetime("2023-09-22").is_err());
    }

    #[test]
    fn go_durations_print_as_balkanid_writes_them() {
        let cases = [
            ("168h", 168 * 3600),
            ("2h", 7200),
            ("15m", 900),
            ("1h30m", 5400),
        ];
        for (text, seconds) in cases {
            let duration: GoDuration = text.parse().unwrap();
            assert_eq!(duration.as_seconds(), seconds, "{text}");
            assert_eq!(duration.to_string(), text);
        }
        assert_eq!(
            "168h0m0s".parse::<GoDuration>().unwrap().to_string(),
            "168h"
        );
        assert_eq!("0".parse::<GoDuration>().unwrap().to_string(), "0s");
        assert!("1d".parse::<GoDuration>().is_err());
        assert!("h".parse::<GoDuration>().is_err());
        assert!("15".parse::<GoDuration>().is_err());
    }

    #[test]
    fn request_durations_read_permanent_in_any_case() {
        assert_eq!(
            "permanent".parse::<RequestDuration>().unwrap(),
            RequestDuration::Permanent
        );
        assert_eq!(
            "Permanent".parse::<RequestDuration>().unwrap().to_string(),
            "permanent"
        );
        let fifteen = "15m".parse::<RequestDuration>().unwrap();
        assert_eq!(fifteen, RequestDuration::For(GoDuration::from_seconds(900)));
        assert_eq!(fifteen.to_string(), "15m");
        let error = "forever".parse::<RequestDuration>().unwrap_err();
        assert_eq!(
            error.to_string(),
            "\"forever\" is not `permanent` or a duration such as `168h`, `15m` or `1h30m`"
        );
    }

    #[test]
    fn rrules_keep_their_text_and_expose_parts() {
        let rule: Rrule = "RRULE:FREQ=MONTHLY;INTERVAL=1;BYDAY=+1MO".parse().unwrap();
        assert_eq!(rule.frequency(), "MONTHLY");
        assert_eq!(rule.part("byday"), Some("+1MO"));
        assert_eq!(rule.to_string(), "RRULE:FREQ=MONTHLY;INTERVAL=1;BYDAY=+1MO");
        assert!("FREQ=MONTHLY".parse::<Rrule>().is_err());
        assert!("RRULE:INTERVAL=1".parse::<Rrule>().is_err());
        assert!("RRULEé:FREQ=DAILY".parse::<Rrule>().is_err());
    }

    #[test]
    fn booleans_read_any_case_and_print_in_the_format_case() {
        for (text, value) in [
            ("TRUE", true),
            ("true", true),
            ("True", true),
            ("FALSE", false),
        ] {
            assert_eq!(parse_bool(text).unwrap(), value, "{text}");
        }
        assert!(parse_bool("yes").is_err());
        assert_eq!(format_bool(true, BoolCase::Upper), "TRUE");
        assert_eq!(format_bool(false, BoolCase::Lower), "false");
    }

    #[test]
    fn lists_split_and_join_in_each_style() {
        let owners = split_list(
            "secondary1@example.com;secondary2@example.com",
            ListStyle::Semicolon,
        );
        assert_eq!(owners, ["secondary1@example.com", "secondary2@example.com"]);
        assert_eq!(
            join_list(&owners, ListStyle::Semicolon),
            "secondary1@example.com;secondary2@example.com"
        );

        let roles = split_list("reviewer, riskmanager,admin", ListStyle::CommaSpace);
        assert_eq!(roles, ["reviewer", "riskmanager", "admin"]);
        assert_eq!(
            join_list(&roles, ListStyle::CommaSpace),
            "reviewer, riskmanager, admin"
        );

        let connections = split_list(
            "[policy/APIGatewayServiceRolePolicy, group/admins]",
            ListStyle::Bracketed,
        );
        assert_eq!(
            connections,
            ["policy/APIGatewayServiceRolePolicy", "group/admins"]
        );
        assert_eq!(
            join_list(&connections, ListStyle::Bracketed),
            "[policy/APIGatewayServiceRolePolicy, group/admins]"
        );
        assert!(split_list("[]", ListStyle::Bracketed).is_empty());
        assert_eq!(join_list::<String>(&[], ListStyle::Bracketed), "");
    }

    #[test]
    fn json_cells_keep_key_order() {
        let text = concat!(
            r#"{"project":"https://your-org.okta.com","privilegeName":"member","#,
            r#""privilegeValue":true,"connectionType":"group"}"#
        );
        let value = parse_json(text).unwrap();
        assert_eq!(value["privilegeValue"], serde_json::Value::Bool(true));
        assert_eq!(format_json(&value), text);
    }

    #[test]
    fn broken_json_says_where() {
        let error = parse_json(r#"{"a": 1,"#).unwrap_err();
        assert_eq!(
            error.to_string(),
            "\"{\\\"a\\\": 1,\" is not JSON (it ends early at line 1, column 8)"
        );
    }

    #[test]
    fn percentages_print_two_decimals() {
        assert_eq!(parse_percent("35.24").unwrap(), 35.24);
        assert_eq!(parse_percent("100.00").unwrap(), 100.0);
        assert_eq!(format_percent(0.0), "0.00");
        assert_eq!(format_percent(35.24), "35.24");
        assert_eq!(format_percent(100.0), "100.00");
        assert!(parse_percent("101").is_err());
        assert!(parse_percent("NaN").is_err());
    }

    #[test]
    fn long_inputs_are_cut_in_errors() {
        let long = "x".repeat(200);
        let error = parse_bool(&long).unwrap_err();
        assert_eq!(error.input.chars().count(), 81);
        assert!(error.input.ends_with('…'));
    }
}
