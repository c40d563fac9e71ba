//! # getui-benches
//!
//! The benchmarks of getui-rs (issue #5) and what they share:
//!
//! * `benches/encode.rs`: the whole single-push request body per template (model → protobuf →
//!   base64 → JSON bytes), and the protobuf encoder against prost's derive encoding of the same
//!   messages.
//! * `benches/bulk.rs`: a list push to 10,000 client ids with gzip, a batch of 1,000 items.
//! * `benches/answer.rs`: answer parsing and the connect sign.
//! * `examples/loadgen.rs` (at the workspace root): the load generator driving the real client.
//! * `src/bin/getui-bench.rs`: `cargo xtask bench`, which runs all of that (and `wrk` when
//!   installed) and writes `BENCHMARKS.md`; `getui-bench blocking-http` measures the blocking
//!   HTTP/1.1 stack (`SocketClient`) next to ureq.
//!
//! Every bench binary installs [`alloc::CountingAlloc`] and reports allocations per call next
//! to criterion's times ([`AllocReport`]).
//!
//! ## Dependencies
//! - `getui`, `getui-model`, `getui-protocol` (feature `decode` for the prost structs),
//!   `getui-mock`: what is measured, and the server it is measured against; `getui-transport`:
//!   the HTTP stack of the load generator's experiments.
//! - `prost`: the reference encoder.
//! - `serde_json`: fixtures in the official JSON form, criterion's estimates, the reports.
//! - `tokio`: the runtime of the load generator and of the in-process mock.
//! - `ureq` (no default features: plain HTTP): the blocking HTTP/1.1 client that
//!   `getui-bench blocking-http` measures next to getui-transport's `SocketClient`.
//! - `criterion` (dev, no default features): the benchmark harness.

pub mod alloc;
pub mod fixtures;
pub mod prost_equiv;
pub mod runner;
pub mod system;

use std::collections::BTreeMap;
use std::path::PathBuf;

use alloc::AllocStats;

/// Where criterion writes its results, as criterion 0.5 decides it: `$CRITERION_HOME`, else
/// `$CARGO_TARGET_DIR/criterion`, else the workspace's `target/criterion`.
pub fn criterion_home() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"));
    target.join("criterion")
}

/// The workspace root (the parent of this crate's directory).
pub fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map_or(manifest.clone(), PathBuf::from)
}

/// The allocation counts of one bench binary: measured with [`alloc::measure`], printed, and
/// written to `<criterion home>/getui-allocs/<bench>.json` for the report.
#[derive(Debug)]
pub struct AllocReport {
    bench: &'static str,
    rows: BTreeMap<String, AllocStats>,
}

impl AllocReport {
    /// An empty report for the bench binary `bench`.
    pub fn new(bench: &'static str) -> Self {
        Self {
            bench,
            rows: BTreeMap::new(),
        }
    }

    /// Counts the allocations of `f` over `iterations` calls and records them under `id` (the
    /// criterion id, `group/function`).
    pub fn measure<R>(&mut self, id: &str, iterations: u32, f: impl FnMut() -> R) -> AllocStats {
        let stats = alloc::measure(iterations, f);
        self.record(id, stats)
    }

    /// Like [`measure`](Self::measure) for `f` taking an input made by `setup` (not counted).
    pub fn measure_batched<S, R>(
        &mut self,
        id: &str,
        iterations: u32,
        setup: impl FnMut() -> S,
        f: impl FnMut(S) -> R,
    ) -> AllocStats {
        let stats = alloc::measure_batched(iterations, setup, f);
        self.record(id, stats)
    }

    fn record(&mut self, id: &str, stats: AllocStats) -> AllocStats {
        println!(
            "allocations {id}: {:.2} per call ({:.2} alloc + {:.2} realloc), {:.0} bytes per call",
            stats.total(),
            stats.allocs,
            stats.reallocs,
            stats.bytes
        );
        self.rows.insert(id.to_owned(), stats);
        stats
    }

    /// Writes the report (errors are printed, not fatal: the times matter more).
    pub fn write(&self) {
        let dir = criterion_home().join("getui-allocs");
        let rows: serde_json::Map<String, serde_json::Value> = self
            .rows
            .iter()
            .map(|(id, s)| {
                (
                    id.clone(),
                    serde_json::json!({"allocs": s.allocs, "reallocs": s.reallocs, "bytes": s.bytes}),
                )
            })
            .collect();
        let path = dir.join(format!("{}.json", self.bench));
        let result = std::fs::create_dir_all(&dir).and_then(|()| {
            std::fs::write(
                &path,
                serde_json::to_vec_pretty(&rows).expect("a JSON map serializes"),
            )
        });
        if let Err(e) = result {
            eprintln!("cannot write {}: {e}", path.display());
        }
    }
}
