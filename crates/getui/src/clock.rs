//! "Now" as an input: the clock a client reads for auth timestamps and token expiry.
//!
//! Clients never read the time directly; they ask their [`Clock`]. The default of the
//! asynchronous clients is [`TokioClock`] (tokio's clock, so tests with a paused runtime
//! control token expiry with `tokio::time::advance`), the default of the blocking clients is
//! [`SystemClock`]; [`ManualClock`] is moved by hand in tests.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// A source of the current time.
pub trait Clock: Send + Sync + fmt::Debug {
    /// The current monotonic instant (token expiry is computed on it).
    fn now(&self) -> Instant;

    /// The current wall-clock time in milliseconds since the Unix epoch (the auth
    /// `timestamp`).
    fn unix_millis(&self) -> u64;
}

fn system_unix_millis() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

/// The operating system's clocks ([`Instant::now`], [`SystemTime::now`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }

    fn unix_millis(&self) -> u64 {
        system_unix_millis()
    }
}

/// tokio's clock for instants (it stands still and moves with `tokio::time::advance` in a
/// runtime with paused time), the system clock for the wall-clock timestamp. Outside a tokio
/// runtime it reads [`Instant::now`].
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioClock;

impl Clock for TokioClock {
    fn now(&self) -> Instant {
        if tokio::runtime::Handle::try_current().is_ok() {
            tokio::time::Instant::now().into_std()
        } else {
            Instant::now()
        }
    }

    fn unix_millis(&self) -> u64 {
        system_unix_millis()
    }
}

/// A clock that moves only when told to ([`advance`](Self::advance)), for tests.
///
/// ```
/// use getui::clock::{Clock, ManualClock};
/// use std::time::Duration;
/// let clock = ManualClock::new(1_600_000_000_000);
/// let before = clock.now();
/// clock.advance(Duration::from_secs(90));
/// assert_eq!(clock.now() - before, Duration::from_secs(90));
/// assert_eq!(clock.unix_millis(), 1_600_000_090_000);
/// ```
#[derive(Debug, Clone)]
pub struct ManualClock {
    start: Instant,
    start_unix_millis: u64,
    elapsed: Arc<Mutex<Duration>>,
}

impl ManualClock {
    /// A clock standing at `unix_millis` (wall clock) and at the current instant.
    #[must_use]
    pub fn new(unix_millis: u64) -> Self {
        ManualClock {
            start: Instant::now(),
            start_unix_millis: unix_millis,
            elapsed: Arc::new(Mutex::new(Duration::ZERO)),
        }
    }

    /// Moves the clock (and every clone of it) forward by `by`.
    pub fn advance(&self, by: Duration) {
        let mut elapsed = self.elapsed.lock().unwrap_or_else(|p| p.into_inner());
        *elapsed = elapsed.saturating_add(by);
    }

    fn elapsed(&self) -> Duration {
        *self.elapsed.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Instant {
        self.start + self.elapsed()
    }

    fn unix_millis(&self) -> u64 {
        let elapsed = u64::try_from(self.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.start_unix_millis.saturating_add(elapsed)
    }
}
