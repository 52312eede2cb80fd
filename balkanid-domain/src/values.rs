//! Value formats found in BalkanID's files: dates, timestamps, durations, recurrences,
//! booleans, lists and JSON cells.
//!
//! Every parser says in its error what it accepts; every printer writes the form BalkanID
//! writes, so a file read and written again is unchanged.

use std::fmt;
use std::str::FromStr;

/// A Go duration as BalkanID writes it: `168h`, `2h`, `15m`, `1h30m`, `90s`.
///
/// Printing uses whole hours, minutes and seconds with zero parts left out, which gives back
/// the samples' text (`168h`, not Go's `168h0m0s`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct GoDuration {
    seconds: u64,
}

/// Why a value did not parse: the input and what is accepted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{input:?} is not {expected}")]
pub struct ValueError {
    /// The text that was given.
    pub input: String,
    /// What the format accepts, such as "a date in MM/DD/YYYY form".
    pub expected: &'static str,
}

impl ValueError {
    /// A value error for `input`, which should have been `expected`.
    pub fn new(input: &str, expected: &'static str) -> Self {
        ValueError { input: input.to_owned(), expected }
    }
}

impl GoDuration {
    /// A duration of `seconds` seconds.
    pub const fn from_seconds(seconds: u64) -> Self {
        GoDuration { seconds }
    }

    /// A duration of `hours` hours.
    pub const fn from_hours(hours: u64) -> Self {
        GoDuration { seconds: hours * 3600 }
    }

    /// The length in seconds.
    pub const fn as_seconds(self) -> u64 {
        self.seconds
    }

    /// The length as a chrono duration.
    pub fn to_chrono(self) -> chrono::TimeDelta {
        chrono::TimeDelta::seconds(i64::try_from(self.seconds).unwrap_or(i64::MAX))
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
        let (hours, minutes, seconds) =
            (self.seconds / 3600, self.seconds % 3600 / 60, self.seconds % 60);
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
        let body = &self.0["RRULE:".len()..];
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
        let has_prefix = text.len() > 6 && text[..6].eq_ignore_ascii_case("RRULE:");
        if !has_prefix {
            return Err(ValueError::new(input, EXPECTED));
        }
        let rule = Rrule(format!("RRULE:{}", &text[6..]));
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
