//! The clock and the sleep the client waits with, behind a small trait so tests run instantly.
//!
//! Every wait of the client (retry backoff, `Retry-After`, bulk-file polling) and every
//! deadline it checks goes through [`Clock`]. [`TokioClock`] is the real one; [`SimulatedClock`]
//! returns from every sleep at once, advances its own time by the slept amount and records
//! the sleeps, so a test of ten retries with thirty-second waits takes milliseconds.
//!
//! Two limits measure real time instead, because they bound real waits on the network: the
//! per-attempt timeout and the longest silence while a file streams.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime};

/// A sleep in progress.
pub type Sleep = Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

/// Where the client reads the time and how it waits.
pub trait Clock: Send + Sync + fmt::Debug + 'static {
    /// A monotonic instant, for deadlines.
    fn now(&self) -> Instant;

    /// The wall-clock time, for `Retry-After` dates and snapshot times.
    fn system_now(&self) -> SystemTime;

    /// Waits for `duration`.
    fn sleep(&self, duration: Duration) -> Sleep;
}

/// The real clock: `Instant::now`, `SystemTime::now` and `tokio::time::sleep`.
#[derive(Clone, Copy, Debug, Default)]
#[non_exhaustive]
pub struct TokioClock;

impl Clock for TokioClock {
    fn now(&self) -> Instant {
        Instant::now()
    }

    fn system_now(&self) -> SystemTime {
        SystemTime::now()
    }

    fn sleep(&self, duration: Duration) -> Sleep {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// A clock for tests: sleeps return at once and move the clock forward by their length.
///
/// Real time still passes underneath (an HTTP attempt takes as long as it takes); the slept
/// time is added on top. Clones share the same time and the same record of sleeps.
#[derive(Clone, Debug)]
pub struct SimulatedClock {
    state: Arc<Mutex<SimulatedState>>,
}

#[derive(Debug)]
struct SimulatedState {
    offset: Duration,
    system_start: SystemTime,
    sleeps: Vec<Duration>,
}

impl SimulatedClock {
    /// A simulated clock whose wall-clock time starts at `system_start`.
    pub fn starting_at(system_start: SystemTime) -> Self {
        let state = SimulatedState {
            offset: Duration::ZERO,
            system_start,
            sleeps: Vec::new(),
        };
        SimulatedClock {
            state: Arc::new(Mutex::new(state)),
        }
    }

    /// Every sleep requested so far, in order.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.lock().sleeps.clone()
    }

    /// The total time slept so far.
    pub fn slept(&self) -> Duration {
        self.lock().offset
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, SimulatedState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Default for SimulatedClock {
    /// A simulated clock starting at the real current time.
    fn default() -> Self {
        SimulatedClock::starting_at(SystemTime::now())
    }
}

impl Clock for SimulatedClock {
    fn now(&self) -> Instant {
        Instant::now() + self.lock().offset
    }

    fn system_now(&self) -> SystemTime {
        let state = self.lock();
        state.system_start + state.offset
    }

    fn sleep(&self, duration: Duration) -> Sleep {
        let mut state = self.lock();
        state.offset += duration;
        state.sleeps.push(duration);
        Box::pin(tokio::task::yield_now())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn simulated_sleep_advances_time_and_records_each_sleep() {
        let start = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000);
        let clock = SimulatedClock::starting_at(start);
        let before = clock.now();

        clock.sleep(Duration::from_secs(30)).await;
        clock.sleep(Duration::from_secs(2)).await;

        assert_eq!(
            clock.sleeps(),
            vec![Duration::from_secs(30), Duration::from_secs(2)]
        );
        assert_eq!(clock.system_now(), start + Duration::from_secs(32));
        assert!(clock.now() >= before + Duration::from_secs(32));
    }
}
