//! Small async helpers (kept here so tokio's `macros` feature is not needed).

use std::future::{poll_fn, Future};
use std::pin::pin;
use std::task::Poll;

/// The outcome of [`select`]: which future finished first.
pub(crate) enum Either<A, B> {
    Left(A),
    Right(B),
}

/// Polls both futures until one completes; `a` is polled first (biased), so when both are
/// ready `a` wins.
pub(crate) async fn select<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
    let mut a = pin!(a);
    let mut b = pin!(b);
    poll_fn(|cx| {
        if let Poll::Ready(out) = a.as_mut().poll(cx) {
            return Poll::Ready(Either::Left(out));
        }
        if let Poll::Ready(out) = b.as_mut().poll(cx) {
            return Poll::Ready(Either::Right(out));
        }
        Poll::Pending
    })
    .await
}

/// A random `u64` from the standard library's per-process random hasher keys (no extra
/// dependency; only used for retry jitter).
pub(crate) fn random_u64() -> u64 {
    use std::collections::hash_map::RandomState;
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(0x9e37_79b9_7f4a_7c15);
    hasher.finish()
}
