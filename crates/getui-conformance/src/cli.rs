//! The command line: `cargo xtask conformance [--vectors DIR] [--capture FILE] [--client MODE]
//! [--protocol legacy|v2]`. Without `--protocol` the folder decides: REST v2 vectors
//! ([`crate::v2::is_v2_folder`]) run through `getui::v2`, others through the legacy client.

use crate::capture::CaptureWriter;
use crate::run::{apart_tag, run_vector, ClientMode, VectorRun, VectorSet};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

/// Which vector format a run reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// The legacy API's vectors (`tests/vectors`).
    Legacy,
    /// REST API v2 vectors (`tests/vectors-v2`).
    V2,
}

/// The outcome of a whole run.
#[derive(Debug, Default)]
pub struct Summary {
    /// Judged vectors that passed with every client.
    pub passed: usize,
    /// Judged vectors that failed with some client.
    pub failed: usize,
    /// One line per difference of a failed vector.
    pub failures: Vec<String>,
    /// Vectors reported apart, by tag: (name, whether the Rust SDK sent what the official one did).
    pub apart: BTreeMap<&'static str, Vec<(String, bool)>>,
}

/// Runs every vector of `set` with each client mode; writes the capture of the first mode.
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
            if let Err(e) = writer.write_vector(&vector.name, &first.setup, &first.call) {
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

/// Runs the conformance command; returns the process exit code.
pub fn main(args: &[String]) -> i32 {
    let mut vectors: Option<PathBuf> = None;
    let mut protocol: Option<Protocol> = None;
    let mut capture_path: Option<PathBuf> = None;
    let mut modes = vec![ClientMode::Async, ClientMode::Blocking];
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--vectors" => match it.next() {
                Some(dir) => vectors = Some(PathBuf::from(dir)),
                None => return usage("--vectors needs a folder"),
            },
            "--capture" => match it.next() {
                Some(file) => capture_path = Some(PathBuf::from(file)),
                None => return usage("--capture needs a file"),
            },
            "--client" => {
                modes = match it.next().map(String::as_str) {
                    Some("async") => vec![ClientMode::Async],
                    Some("blocking") => vec![ClientMode::Blocking],
                    Some("both") => vec![ClientMode::Async, ClientMode::Blocking],
                    _ => return usage("--client is async, blocking or both"),
                }
            }
            "--protocol" => {
                protocol = match it.next().map(String::as_str) {
                    Some("legacy") => Some(Protocol::Legacy),
                    Some("v2") => Some(Protocol::V2),
                    _ => return usage("--protocol is legacy or v2"),
                }
            }
            other => return usage(&format!("unknown argument {other}")),
        }
    }
    let protocol = protocol.unwrap_or_else(|| match &vectors {
        Some(dir) if crate::v2::is_v2_folder(dir) => Protocol::V2,
        _ => Protocol::Legacy,
    });
    let vectors = vectors.unwrap_or_else(|| match protocol {
        Protocol::Legacy => crate::vectors::legacy_dir(),
        Protocol::V2 => crate::vectors::v2_dir(),
    });
    let mut writer = match &capture_path {
        Some(path) => match std::fs::File::create(path) {
            Ok(f) => Some(CaptureWriter::new(
                Box::new(std::io::BufWriter::new(f)) as Box<dyn Write>
            )),
            Err(e) => {
                eprintln!("cannot create {}: {e}", path.display());
                return 2;
            }
        },
        None => None,
    };
    if protocol == Protocol::V2 {
        let set = match crate::v2::run::VectorSet::load(&vectors) {
            Ok(set) => set,
            Err(e) => {
                eprintln!("cannot load vectors: {e}");
                return 2;
            }
        };
        let summary = crate::v2::run_all(&set, &modes, writer.as_mut());
        print_summary(&summary);
        return i32::from(summary.failed > 0);
    }
    let set = match VectorSet::load(&vectors) {
        Ok(set) => set,
        Err(e) => {
            eprintln!("cannot load vectors: {e}");
            return 2;
        }
    };
    let summary = run_all(&set, &modes, writer.as_mut());
    print_summary(&summary);
    i32::from(summary.failed > 0)
}

/// Prints the failures, the vectors reported apart, and the closing `N passed, N failed` line.
pub fn print_summary(summary: &Summary) {
    for line in &summary.failures {
        println!("{line}");
    }
    for (tag, names) in &summary.apart {
        let list: Vec<String> = names
            .iter()
            .map(|(n, same)| format!("{n}{}", if *same { "" } else { " (differs, as intended)" }))
            .collect();
        println!("skipped [{tag}] {}: {}", names.len(), list.join(", "));
    }
    println!("{} passed, {} failed", summary.passed, summary.failed);
}

fn usage(problem: &str) -> i32 {
    eprintln!("{problem}\nusage: cargo xtask conformance [--vectors DIR] [--capture FILE] [--client async|blocking|both] [--protocol legacy|v2]");
    2
}
