//! The REST v2 conformance runner: the vectors recorded from the official PHP v2 SDK (format:
//! `tests/vectors-v2/README.md`) run through `getui::v2` against a local mock server, each
//! request compared with the recorded one.
//!
//! - [`schema`]: `_api.json` (what each official setter writes, constants, endpoint templates).
//! - [`replay`]: the mock server (auth sign check, tokens, `recorder.script`, default answers).
//! - [`input`]: the interpreter of a vector's `input` (SDK objects → JSON → model types).
//! - [`compare`]: the comparison of what was sent, placeholders by rule.
//! - [`run`]: one vector with one client (async or blocking).

pub mod compare;
pub mod input;
pub mod replay;
pub mod run;
pub mod schema;

use crate::capture::CaptureWriter;
use crate::cli::Summary;
use crate::run::ClientMode;
use run::{apart_tag, run_vector, VectorRun, VectorSet};
use serde_json::Value;
use std::io::Write;
use std::path::Path;

/// Whether the folder holds REST v2 vectors: an `_api.json` or `_index.json` naming the
/// official v2 SDK, or vectors whose requests carry an `endpoint`.
pub fn is_v2_folder(dir: &Path) -> bool {
    for meta in ["_api.json", "_index.json"] {
        if let Ok(text) = std::fs::read_to_string(dir.join(meta)) {
            if let Ok(doc) = serde_json::from_str::<Value>(&text) {
                if doc["sdk"]["package"]
                    .as_str()
                    .is_some_and(|p| p.contains("client-v2") || p.ends_with("-v2"))
                    || doc.get("endpoints").is_some()
                {
                    return true;
                }
            }
        }
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "json")
                && !p
                    .file_name()
                    .and_then(|f| f.to_str())
                    .is_some_and(|f| f.starts_with('_'))
        })
        .collect();
    files.sort();
    files.iter().take(8).any(|p| {
        std::fs::read_to_string(p)
            .ok()
            .and_then(|t| serde_json::from_str::<Value>(&t).ok())
            .is_some_and(|doc| {
                doc["requests"]
                    .as_array()
                    .is_some_and(|r| r.iter().any(|q| q.get("endpoint").is_some()))
            })
    })
}

/// Runs every vector of `set` with each client mode; a vector passes only if every mode
/// matched. The capture records the first mode's run.
pub fn run_all(
    set: &VectorSet,
    modes: &[ClientMode],
    mut capture: Option<&mut CaptureWriter<Box<dyn Write>>>,
) -> Summary {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    let mut summary = Summary::default();
    for vector in &set.vectors {
        let runs: Vec<VectorRun> = modes
            .iter()
            .map(|mode| runtime.block_on(run_vector(set, vector, *mode)))
            .collect();
        if let (Some(writer), Some(first)) = (capture.as_deref_mut(), runs.first()) {
            if let Err(e) = writer.write_marked(&vector.name, &first.capture_lines()) {
                eprintln!("capture: {e}");
            }
        }
        let all_passed = runs.iter().all(VectorRun::passed);
        if let Some(tag) = apart_tag(vector) {
            summary
                .apart
                .entry(tag)
                .or_default()
                .push((vector.name.clone(), all_passed));
            continue;
        }
        if all_passed {
            summary.passed += 1;
        } else {
            summary.failed += 1;
            for run in runs.iter().filter(|r| !r.passed()) {
                for diff in &run.differences {
                    summary.failures.push(format!(
                        "FAIL {} [{}] {diff}",
                        run.name,
                        run.mode.name()
                    ));
                }
            }
        }
    }
    summary
}
