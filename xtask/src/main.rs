//! Project automation.
//!
//! - `cargo xtask conformance [--vectors DIR] [--capture FILE] [--client async|blocking|both] [--protocol legacy|v2]`:
//!   run the golden vectors through the SDK against a local replay server.
//! - `cargo xtask ci`: what CI runs: formatting, lints, docs, every feature combination of the
//!   `getui` facade, and the tests.
//! - `cargo xtask bench [--quick] [--seconds S] [--rounds R] [--no-criterion] [--no-load]
//!   [--no-wrk] [--no-nginx] [--reference REV]`: the criterion benches (legacy and REST v2), the load generator
//!   of both generations and `wrk` (when installed) against getui-mock, and, when `nginx` and
//!   `wrk` are on PATH (Debian: `apt-get install -y nginx-light wrk`), both generations against
//!   the nginx baseline (`benches/nginx/nginx.conf`) next to wrk, with a fixed body and with
//!   fresh ids; with `--reference REV` the targets table's figures of commit `REV` measured
//!   side by side with this tree's; then `BENCHMARKS.md` (runs `getui-bench` of the
//!   `getui-benches` crate, release build).
//! - `cargo xtask soak [--protocol legacy|v2] [--pushes N] …`: a long push run against
//!   getui-mock reporting the client's memory; fails if it grows after warm-up (see `soak.rs`, RELIABILITY.md).

mod soak;

use std::process::{Command, ExitCode};

/// The feature combinations of the `getui` crate that must each build.
const FEATURE_MATRIX: &[&str] = &[
    "",
    "async",
    "blocking",
    "async,rustls",
    "blocking,rustls",
    "async,blocking,rustls",
    "async,rustls,native-roots",
    "async,blocking,rustls,tracing",
    "blocking,tracing",
    "async,rustls,mock",
];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("conformance") => {
            let code = getui_conformance::cli::main(&args[1..]);
            ExitCode::from(u8::try_from(code).unwrap_or(1))
        }
        Some("ci") => ci(),
        Some("bench") => {
            let mut run = vec![
                "run",
                "--release",
                "-p",
                "getui-benches",
                "--bin",
                "getui-bench",
                "--",
            ];
            run.extend(args[1..].iter().map(String::as_str));
            if cargo(&run) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Some("soak") => soak::main(&args[1..]),
        Some("soak-run") => soak::run(&args[1..]),
        Some("soak-server") => soak::server(&args[1..]),
        _ => {
            eprintln!(
                "usage:\n  cargo xtask conformance [--vectors DIR] [--capture FILE] [--client async|blocking|both] [--protocol legacy|v2]\n  cargo xtask ci\n  cargo xtask bench [--quick] [--seconds S] [--rounds R] [--no-criterion] [--no-load] [--no-wrk] [--no-nginx] [--reference REV]\n  cargo xtask soak [--protocol legacy|v2] [--pushes N] [--concurrency C] [--reports R] [--warmup-percent P] [--max-growth-mib M] [--debug]"
            );
            ExitCode::from(2)
        }
    }
}

fn cargo(args: &[&str]) -> bool {
    eprintln!("$ cargo {}", args.join(" "));
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .status()
        .is_ok_and(|s| s.success())
}

fn ci() -> ExitCode {
    let mut ok = cargo(&["fmt", "--all", "--", "--check"])
        && cargo(&[
            "clippy",
            "--workspace",
            "--all-targets",
            "--all-features",
            "--",
            "-D",
            "warnings",
        ]);
    for features in FEATURE_MATRIX {
        if !ok {
            break;
        }
        ok = cargo(&[
            "check",
            "-p",
            "getui",
            "--no-default-features",
            "--features",
            features,
        ]);
    }
    // The only check of the build without TLS: an `https://` host is refused, `http://` works.
    ok = ok
        && cargo(&[
            "test",
            "-p",
            "getui",
            "--no-default-features",
            "--features",
            "async",
            "--test",
            "tls",
        ]);
    ok = ok && cargo(&["test", "--workspace"]);
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
