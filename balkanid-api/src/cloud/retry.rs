//! When the client tries a call again, and how long it waits first.
//!
//! Retried: the statuses of [`RETRYABLE_STATUSES`](super::error::RETRYABLE_STATUSES) and
//! failures to connect, up to [`RetryConfig::max_attempts`] attempts. The wait is exponential
//! with jitter and a ceiling, or the server's `Retry-After` (seconds or an HTTP date), clamped
//! to the same ceiling.
//!
//! Which calls may be retried depends on what a second copy could do:
//! - idempotent calls are retried on every retryable outcome: `HEAD` polls, `GET` of a file,
//!   `PUT` of an upload (it replaces the same object), GraphQL queries, and the
//!   `download-url` / `upload-url` requests, which only hand out pre-signed URLs and create
//!   nothing durable (inferred: the reference documents no job or quota tied to them);
//! - GraphQL mutations (`createRequest`, `syncIntegration`) are retried only when the request
//!   certainly did not reach BalkanID: the connection could not be made, or the answer was 429
//!   Too Many Requests, which a rate limiter gives before any processing. A 5xx or a timeout
//!   after sending is returned to the caller, who knows whether a duplicate would hurt.

use std::time::{Duration, SystemTime};

use rand::Rng;

use super::error::RETRYABLE_STATUSES;

/// How often and how patiently the client retries.
///
/// Retried outcomes: HTTP 429, 502, 503, 504 and 520, failures to connect, and (for
/// idempotent calls) attempts that timed out or lost their connection. Idempotent calls are
/// the polls, file downloads, upload `PUT`s, GraphQL queries and the `download-url` /
/// `upload-url` requests (which create nothing durable, inferred). GraphQL mutations are
/// retried only after a failure to connect or a 429, when the request surely did not act.
/// The wait is the server's `Retry-After` (seconds or HTTP date) or exponential backoff with
/// jitter, never more than [`RetryConfig::max_backoff`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryConfig {
    /// Attempts per call, counting the first one; `1` disables retries.
    pub max_attempts: u32,
    /// The base of the exponential backoff: the wait after the first failure is about this.
    pub initial_backoff: Duration,
    /// The longest wait between attempts, for backoff and `Retry-After` alike.
    pub max_backoff: Duration,
}

impl Default for RetryConfig {
    /// Five attempts (as BalkanID's own reference client makes), waits from 500 ms doubling up
    /// to 30 s.
    fn default() -> Self {
        RetryConfig {
            max_attempts: 5,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
        }
    }
}

impl RetryConfig {
    /// The wait before attempt `failed_attempt + 1`: the server's `Retry-After` when it sent
    /// one, else exponential backoff with jitter; never more than `max_backoff`.
    pub(crate) fn delay(&self, failed_attempt: u32, retry_after: Option<Duration>) -> Duration {
        match retry_after {
            Some(wait) => wait.min(self.max_backoff),
            None => self.backoff(failed_attempt),
        }
    }

    /// "Equal jitter": half of the exponential step for sure, the other half at random, so
    /// clients that failed together do not come back together.
    fn backoff(&self, failed_attempt: u32) -> Duration {
        let exponent = failed_attempt.saturating_sub(1).min(20);
        let step = self
            .initial_backoff
            .saturating_mul(1 << exponent)
            .min(self.max_backoff);
        let half = step / 2;
        let half_millis = u64::try_from(half.as_millis()).unwrap_or(u64::MAX);
        let jitter = rand::rng().random_range(0..=half_millis);
        half + Duration::from_millis(jitter)
    }
}

/// Whether a call may be sent twice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Idempotency {
    /// A second copy does no harm.
    Idempotent,
    /// A second copy could act twice: retried only when the first surely did not arrive.
    NotIdempotent,
}

/// What an attempt ended with, as far as retrying is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AttemptOutcome {
    /// A response with this status.
    Status(u16),
    /// No connection could be made; nothing was sent.
    ConnectFailed,
    /// The request was sent (or may have been) but no answer came in time, or the
    /// connection dropped.
    LostAfterSending,
}

/// Whether the outcome deserves another attempt.
pub(crate) fn should_retry(outcome: AttemptOutcome, idempotency: Idempotency) -> bool {
    match (outcome, idempotency) {
        (AttemptOutcome::ConnectFailed, _) => true,
        (AttemptOutcome::Status(429), _) => true,
        (AttemptOutcome::Status(status), Idempotency::Idempotent) => {
            RETRYABLE_STATUSES.contains(&status)
        }
        (AttemptOutcome::LostAfterSending, Idempotency::Idempotent) => true,
        (_, Idempotency::NotIdempotent) => false,
    }
}

/// Reads a `Retry-After` value: whole seconds (`120`) or an HTTP date
/// (`Wed, 21 Oct 2015 07:28:00 GMT`), relative to `now`. A date in the past means no wait.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_in_seconds_is_read_as_is() {
        let now = SystemTime::UNIX_EPOCH;

        assert_eq!(parse_retry_after(" 7 ", now), Some(Duration::from_secs(7)));
    }

    #[test]
    fn retry_after_as_an_http_date_is_the_time_until_that_date() {
        // 1994-11-06 08:49:37 UTC is 784111777 seconds after the epoch.
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777 - 90);

        let wait = parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now);

        assert_eq!(wait, Some(Duration::from_secs(90)));
    }

    #[test]
    fn retry_after_in_the_past_means_no_wait_and_garbage_means_none() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777 + 5);

        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn retry_after_is_clamped_to_the_ceiling() {
        let config = RetryConfig {
            max_backoff: Duration::from_secs(30),
            ..RetryConfig::default()
        };

        assert_eq!(
            config.delay(1, Some(Duration::from_secs(3_600))),
            Duration::from_secs(30)
        );
        assert_eq!(
            config.delay(1, Some(Duration::from_secs(4))),
            Duration::from_secs(4)
        );
    }

    #[test]
    fn backoff_doubles_within_jitter_and_stops_at_the_ceiling() {
        let config = RetryConfig {
            max_attempts: 10,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(8),
        };

        for _ in 0..50 {
            // Step 1 s: between 0.5 s and 1 s. Step 4 s: between 2 s and 4 s.
            let first = config.delay(1, None);
            let third = config.delay(3, None);
            // Step 64 s is capped to 8 s: between 4 s and 8 s.
            let seventh = config.delay(7, None);
            assert!(first >= Duration::from_millis(500) && first <= Duration::from_secs(1));
            assert!(third >= Duration::from_secs(2) && third <= Duration::from_secs(4));
            assert!(seventh >= Duration::from_secs(4) && seventh <= Duration::from_secs(8));
        }
    }

    #[test]
    fn mutations_are_retried_only_when_nothing_reached_the_server() {
        let mutation = Idempotency::NotIdempotent;

        assert!(should_retry(AttemptOutcome::ConnectFailed, mutation));
        assert!(should_retry(AttemptOutcome::Status(429), mutation));
        assert!(!should_retry(AttemptOutcome::Status(503), mutation));
        assert!(!should_retry(AttemptOutcome::LostAfterSending, mutation));
    }

    #[test]
    fn idempotent_calls_are_retried_on_every_retryable_status_but_not_others() {
        let query = Idempotency::Idempotent;

        for status in [429, 502, 503, 504, 520] {
            assert!(
                should_retry(AttemptOutcome::Status(status), query),
                "{status}"
            );
        }
        for status in [400, 401, 403, 404, 500] {
            assert!(
                !should_retry(AttemptOutcome::Status(status), query),
                "{status}"
            );
        }
        assert!(should_retry(AttemptOutcome::LostAfterSending, query));
    }
}
