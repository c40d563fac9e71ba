//! The retry policy: how many attempts, and how long to wait before re-sending to a host that
//! was already tried in the same call.

use std::time::Duration;

/// How often a call is attempted and how the transport backs off between attempts.
///
/// Which failures are retried at all is fixed by safety, not by the policy: failures before
/// the request was written (connect, DNS, TLS, connect timeout) are always retryable; failures
/// after that only when the request is marked
/// [`idempotent`](crate::ApiRequest::idempotent) (it carries a `requestId` the server
/// de-duplicates). HTTP answers such as 503 are responses and are never retried here.
///
/// Each retry goes to the next host in rank order. Moving to a host not yet tried in this
/// call happens at once; re-sending to a host already tried waits for an exponential backoff
/// (`initial_backoff * 2^(n-1)`, at most `max_backoff`) with "equal jitter" (a random value
/// between half and all of it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    jitter: bool,
}

impl Default for RetryPolicy {
    /// 3 attempts (as the official SDKs' `gexin_http_tryCount`), 100 ms initial backoff,
    /// at most 2 s, with jitter.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(2),
            jitter: true,
        }
    }
}

impl RetryPolicy {
    /// The default policy with `max_attempts` attempts in total (at least 1).
    #[must_use]
    pub fn new(max_attempts: u32) -> Self {
        RetryPolicy {
            max_attempts: max_attempts.max(1),
            ..RetryPolicy::default()
        }
    }

    /// A single attempt, no retries and no failover.
    pub fn no_retries() -> Self {
        RetryPolicy::new(1)
    }

    /// Sets the first backoff and the cap of the exponential backoff.
    #[must_use]
    pub fn with_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// Turns jitter on (default) or off (exact exponential delays).
    #[must_use]
    pub fn with_jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// The total number of attempts per call.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The upper bound of all backoff delays of one call (for deadlines).
    pub(crate) fn max_total_backoff(&self) -> Duration {
        (1..self.max_attempts).map(|n| self.base_delay(n)).sum()
    }

    fn base_delay(&self, retry: u32) -> Duration {
        let factor = 1u32
            .checked_shl(retry.saturating_sub(1))
            .unwrap_or(u32::MAX);
        self.initial_backoff
            .checked_mul(factor)
            .unwrap_or(self.max_backoff)
            .min(self.max_backoff)
    }

    /// The delay before the `retry`-th re-send (1-based) to an already tried host.
    pub(crate) fn backoff(&self, retry: u32, random: u64) -> Duration {
        let base = self.base_delay(retry);
        if !self.jitter || base.is_zero() {
            return base;
        }
        let half = base / 2;
        let span = u64::try_from((base - half).as_nanos()).unwrap_or(u64::MAX);
        half + Duration::from_nanos(random % span.saturating_add(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exponential_and_capped() {
        let p = RetryPolicy::new(10)
            .with_backoff(Duration::from_millis(100), Duration::from_millis(350))
            .with_jitter(false);
        assert_eq!(p.backoff(1, 0), Duration::from_millis(100));
        assert_eq!(p.backoff(2, 0), Duration::from_millis(200));
        assert_eq!(p.backoff(3, 0), Duration::from_millis(350));
        assert_eq!(p.backoff(40, 0), Duration::from_millis(350));
    }

    #[test]
    fn jitter_stays_between_half_and_full() {
        let p = RetryPolicy::default();
        for r in [0, 1, 7, u64::MAX, crate::util::random_u64()] {
            let d = p.backoff(2, r);
            assert!(
                d >= Duration::from_millis(100) && d <= Duration::from_millis(200),
                "{d:?}"
            );
        }
    }

    #[test]
    fn at_least_one_attempt() {
        assert_eq!(RetryPolicy::new(0).max_attempts(), 1);
        assert_eq!(
            RetryPolicy::no_retries().max_total_backoff(),
            Duration::ZERO
        );
    }
}
