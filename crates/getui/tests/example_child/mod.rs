//! Running an example of `examples/` in a process of its own, from a test target built with
//! `harness = false` that compiles the example into itself (`#[path]`): the target's `main`
//! is the example when the target's child variable is set ([`child`]), and otherwise runs the
//! target's tests ([`run_tests`]), which start servers, run the target again as a child
//! ([`run_child`]) and check what it sent and printed.
//!
//! The example thus gets what `cargo run --example …` gives it (its environment, its global
//! `tracing` subscriber, its runtime, its exit status: `Error: …` and 1 when its `main`
//! returns an error) without a nested `cargo run` (slow, and blocked on the build-directory
//! lock `cargo test` holds) and without a stale example binary. No test is ignored or returns
//! early: the child is not a test at all.

use std::error::Error;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::process::{Command, ExitCode};

/// Whether this process is the child, asked for by `variable`.
pub fn is_child(variable: &str) -> bool {
    std::env::var_os(variable).is_some()
}

/// The child's exit: what `fn main() -> Result<…>` does with the example's result.
pub fn child(result: Result<(), Box<dyn Error>>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Error: {e:?}");
            ExitCode::FAILURE
        }
    }
}

/// Runs this test binary again as the child (`variable` set), with `vars` and `RUST_LOG` as
/// given and every other `GETUI_*` variable removed; its exit status and what it printed
/// (stdout, then stderr).
pub fn run_child(variable: &str, vars: &[(&str, &str)]) -> (bool, String) {
    let mut command = Command::new(std::env::current_exe().expect("the test binary"));
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("GETUI_") || name == "RUST_LOG" {
            command.env_remove(name);
        }
    }
    command.env(variable, "1").envs(vars.iter().copied());
    let output = command.output().expect("the child process runs");
    let text = format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

/// Runs the named tests one after the other and reports each as libtest does, reading the
/// libtest arguments that select tests: name filters (substrings, or whole names with
/// `--exact`), `--skip NAME`, `--list`; the other options are accepted and ignored (the tests
/// run one at a time anyway). Fails when one of the tests run failed.
pub fn run_tests(tests: &[(&str, fn())]) -> ExitCode {
    let (mut filters, mut skips, mut exact, mut list) = (Vec::new(), Vec::new(), false, false);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--exact" => exact = true,
            "--list" => list = true,
            "--skip" => skips.extend(args.next()),
            // Options followed by a value.
            "--test-threads" | "--color" | "--format" | "--logfile" | "-Z" | "--shuffle-seed" => {
                args.next();
            }
            other if other.starts_with('-') => {}
            _ => filters.push(arg),
        }
    }
    let matches = |name: &str, pattern: &String| {
        if exact {
            name == pattern
        } else {
            name.contains(pattern.as_str())
        }
    };
    let chosen: Vec<_> = tests
        .iter()
        .filter(|(name, _)| filters.is_empty() || filters.iter().any(|f| matches(name, f)))
        .filter(|(name, _)| !skips.iter().any(|s| matches(name, s)))
        .collect();
    if list {
        for (name, _) in &chosen {
            println!("{name}: test");
        }
        return ExitCode::SUCCESS;
    }
    let plural = if chosen.len() == 1 { "" } else { "s" };
    println!("\nrunning {} test{plural}", chosen.len());
    let mut failed = Vec::new();
    for (name, test) in &chosen {
        let outcome = catch_unwind(AssertUnwindSafe(test));
        println!(
            "test {name} ... {}",
            if outcome.is_ok() { "ok" } else { "FAILED" }
        );
        if outcome.is_err() {
            failed.push(*name);
        }
    }
    let passed = chosen.len() - failed.len();
    if failed.is_empty() {
        println!("\ntest result: ok. {passed} passed; 0 failed\n");
        ExitCode::SUCCESS
    } else {
        println!(
            "\ntest result: FAILED. {passed} passed; {} failed: {failed:?}\n",
            failed.len()
        );
        ExitCode::FAILURE
    }
}
