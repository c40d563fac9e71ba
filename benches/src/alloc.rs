//! A counting global allocator, to report allocations per encode next to criterion's times.
//!
//! A bench binary installs it and measures with [`measure`]:
//!
//! ```
//! use getui_benches::alloc::{measure, CountingAlloc};
//!
//! #[global_allocator]
//! static ALLOC: CountingAlloc = CountingAlloc;
//!
//! let stats = measure(100, || Vec::<u8>::with_capacity(64));
//! assert_eq!((stats.allocs, stats.reallocs, stats.bytes), (1.0, 0.0, 64.0));
//! ```
//!
//! Without the allocator installed [`measure`] counts nothing. Counting is off unless a [`measure`] call is running, so the
//! allocator costs one relaxed load per allocation while criterion times the code.
//!
//! This module is the only place of the crate allowed to use `unsafe`: `GlobalAlloc` is an
//! unsafe trait. Every method forwards to [`System`] unchanged.

#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};

/// The system allocator, counting allocation calls and bytes while [`measure`] runs.
#[derive(Debug, Clone, Copy, Default)]
pub struct CountingAlloc;

static ENABLED: AtomicBool = AtomicBool::new(false);
static ALLOCS: AtomicU64 = AtomicU64::new(0);
static REALLOCS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

#[inline]
fn note(size: usize, realloc: bool) {
    if ENABLED.load(Relaxed) {
        if realloc {
            REALLOCS.fetch_add(1, Relaxed);
        } else {
            ALLOCS.fetch_add(1, Relaxed);
        }
        BYTES.fetch_add(size as u64, Relaxed);
    }
}

// SAFETY: every method forwards to `System` with the caller's arguments; the counters have no
// influence on the memory handed out.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(layout.size(), false);
        // SAFETY: same contract as ours.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note(layout.size(), false);
        // SAFETY: same contract as ours.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as ours.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note(new_size, true);
        // SAFETY: same contract as ours.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// Allocation counts of one call, averaged over the calls [`measure`] made.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct AllocStats {
    /// Calls to `alloc` / `alloc_zeroed` per call.
    pub allocs: f64,
    /// Calls to `realloc` (a growing buffer) per call.
    pub reallocs: f64,
    /// Bytes requested per call (allocations and the new sizes of reallocations).
    pub bytes: f64,
}

impl AllocStats {
    /// Allocations of any kind (`alloc` and `realloc`) per call: what "allocations per
    /// encode" means in BENCHMARKS.md.
    pub fn total(&self) -> f64 {
        self.allocs + self.reallocs
    }
}

/// Runs `f` once to warm up (lazy statics, thread-locals), then `iterations` times with
/// counting on, and returns the counts per call.
///
/// Only meaningful when [`CountingAlloc`] is the global allocator and no other thread
/// allocates meanwhile (criterion benches are single-threaded).
pub fn measure<R>(iterations: u32, mut f: impl FnMut() -> R) -> AllocStats {
    measure_batched(iterations, || (), |()| f())
}

/// Like [`measure`], for `f` taking an input made by `setup` (not counted), as criterion's
/// `iter_batched`.
pub fn measure_batched<S, R>(
    iterations: u32,
    mut setup: impl FnMut() -> S,
    mut f: impl FnMut(S) -> R,
) -> AllocStats {
    drop(std::hint::black_box(f(setup())));
    let iterations = iterations.max(1);
    ALLOCS.store(0, Relaxed);
    REALLOCS.store(0, Relaxed);
    BYTES.store(0, Relaxed);
    for _ in 0..iterations {
        let input = setup();
        ENABLED.store(true, Relaxed);
        let output = std::hint::black_box(f(input));
        ENABLED.store(false, Relaxed);
        drop(output);
    }
    let n = f64::from(iterations);
    AllocStats {
        allocs: ALLOCS.load(Relaxed) as f64 / n,
        reallocs: REALLOCS.load(Relaxed) as f64 / n,
        bytes: BYTES.load(Relaxed) as f64 / n,
    }
}
