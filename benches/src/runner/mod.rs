//! `cargo xtask bench` (the `getui-bench` binary): runs the criterion benches, the load
//! generator and wrk against fresh getui-mock processes, and writes BENCHMARKS.md and its chart.
//!
//! ```text
//! getui-bench [run] [--quick] [--seconds S] [--rounds R] [--no-criterion] [--no-load]
//!             [--no-wrk] [--no-nginx] [--no-pin] [--out FILE] [-- CRITERION ARGS…]
//! getui-bench wrk-body --url URL [--protocol legacy|v2] [--fixed] [--template KIND] [--out FILE]
//! getui-bench blocking-http --url URL --client socket-client|ureq [--seconds S] [--warmup N]
//! getui-bench async-http --url URL --stack getui|hyper-util|hyper-conn [--concurrency N]
//!             [--seconds S] [--requests N]
//! ```
//!
//! * `run` (default): everything, then BENCHMARKS.md at the workspace root (the hand-written
//!   part below [`report::HAND_WRITTEN_MARKER`] is kept) and `benches/pushes_per_second.svg`.
//!   `--quick` shortens criterion's measurements and the load runs (for trying the harness;
//!   the report says so). `--seconds` sets the length of each load run (default 6),
//!   `--rounds` how many times each load run is repeated (default 5; wrk, the async and the
//!   blocking client run back to back at each concurrency, and the round with the median rate
//!   is reported).
//!   The load runs are: the legacy clients and wrk against getui-mock at 1, 4, 16 and 64 in
//!   flight; the REST v2 clients and wrk against getui-mock (async at 64, blocking at 1);
//!   and, when `nginx` and `wrk` are installed (`apt-get install -y nginx-light wrk` on
//!   Debian), both generations against the nginx baseline (`benches/nginx/nginx.conf`) next
//!   to wrk, with a fixed body and with fresh ids, and the blocking HTTP/1.1 stack at one
//!   connection: wrk `-t1 -c1`, getui-transport's `SocketClient` and ureq back to back in each
//!   round, and the async HTTP/1.1 stacks at 64 in flight: wrk `-t1 -c64`, getui-transport's
//!   `HyperClient`, hyper-util's pooled client and hyper's bare connection (`--no-nginx` skips
//!   them). The server (getui-mock with one thread, or nginx) is pinned to CPU 0 and wrk and
//!   the clients to CPU 1 ([`load::Placement`], `taskset`) when the machine has two CPUs
//!   (not the experiments with other thread counts); `--no-pin` leaves the placement to the
//!   scheduler. `--reference REV` then measures the targets table's figures of commit `REV`
//!   side by side with this tree's, in pairs, `--rounds` of them ([`mod@reference`]), and adds
//!   a "no figure worse than at REV" row to the table.
//! * `wrk-body`: connects to the server behind `URL` with the mock's default app and writes
//!   the body `benches/wrk/push.lua` posts (default `wrk-body.json`); with `--protocol v2`
//!   (`URL` the v2 base URL) the body of `benches/wrk/push_v2.lua`, and prints the token for
//!   its `GETUI_WRK_TOKEN`; `--fixed` writes one fixed body instead of one with markers.
//! * `blocking-http`: posts the fixed ~1 KB single push to `URL` (`http://HOST:PORT/apiex.htm`)
//!   one request after the other over one keep-alive connection with `SocketClient` or a ureq
//!   `Agent`, and prints `requests/s=… p50_us=… p99_us=… errors=… requests=…`
//!   ([`blocking_http`]).
//! * `async-http`: posts the same push with N in flight on a one-worker runtime through one of
//!   the async stacks and prints `requests/s=… requests=… errors=…` ([`async_http`]).
//!
//! A step that fails is reported in BENCHMARKS.md ("Problems during this run") and the other
//! steps still run.

pub mod async_http;
pub mod blocking_http;
pub mod criterion;
pub mod load;
pub mod reference;
pub mod report;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use crate::fixtures::{self, TemplateKind};
use crate::system;
use load::{LoadRun, MockProcess, NginxProcess, Placement, LOAD_THREADS, MOCK_THREADS};
use reference::{Better, Comparison, Reference, ReferenceReport, Unit};
use report::{
    AsyncHttpRound, BlockingHttpRound, LoadRow, Machine, PairRow, Report, ServerKind, WrkRow,
    CONCURRENCIES,
};

const USAGE: &str = "usage:
  getui-bench [run] [--quick] [--seconds S] [--rounds R] [--no-criterion] [--no-load] [--no-wrk] [--no-nginx] [--no-pin] [--reference REV] [--out FILE] [-- CRITERION ARGS...]
  getui-bench wrk-body --url URL [--protocol legacy|v2] [--fixed] [--template KIND] [--out FILE]
  getui-bench blocking-http --url URL --client socket-client|ureq [--seconds S] [--warmup N]
  getui-bench async-http --url URL --stack getui|hyper-util|hyper-conn [--concurrency N] [--seconds S] [--requests N]";

/// How to install the nginx baseline's tools (Debian packages).
pub const INSTALL_HINT: &str = "`apt-get install -y nginx-light wrk` (Debian)";

/// Options of `run`.
#[derive(Debug, Clone, PartialEq)]
struct RunOptions {
    quick: bool,
    seconds: f64,
    rounds: usize,
    criterion: bool,
    load: bool,
    wrk: bool,
    nginx: bool,
    /// Pin nginx and the clients measured against it to CPUs of their own (`--no-pin`: no).
    pin: bool,
    /// `--reference REV`: measure the targets table's figures of that commit side by side.
    reference: Option<String>,
    out: PathBuf,
    criterion_args: Vec<String>,
}

impl Default for RunOptions {
    fn default() -> Self {
        Self {
            quick: false,
            seconds: 10.0,
            rounds: 5,
            criterion: true,
            load: true,
            wrk: true,
            nginx: true,
            pin: true,
            reference: None,
            out: crate::workspace_root().join("BENCHMARKS.md"),
            criterion_args: Vec::new(),
        }
    }
}

fn parse_run(args: &[String]) -> Result<RunOptions, String> {
    let mut o = RunOptions::default();
    let mut seconds = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--quick" => o.quick = true,
            "--seconds" => {
                let v = it.next().ok_or("--seconds needs a value")?;
                let s: f64 = v.parse().map_err(|e| format!("--seconds: {e}"))?;
                if !(s >= 1.0 && s.is_finite()) {
                    return Err("--seconds must be at least 1".into());
                }
                seconds = Some(s);
            }
            "--rounds" => {
                let v = it.next().ok_or("--rounds needs a value")?;
                o.rounds = v.parse().map_err(|e| format!("--rounds: {e}"))?;
                if o.rounds == 0 {
                    return Err("--rounds must be at least 1".into());
                }
            }
            "--no-criterion" => o.criterion = false,
            "--no-load" => o.load = false,
            "--no-wrk" => o.wrk = false,
            "--no-nginx" => o.nginx = false,
            "--no-pin" => o.pin = false,
            "--reference" => {
                let rev = it.next().ok_or("--reference needs a commit")?;
                if rev.is_empty() || rev.starts_with('-') {
                    return Err(format!("--reference: {rev:?} is not a commit"));
                }
                o.reference = Some(rev.clone());
            }
            "--out" => o.out = PathBuf::from(it.next().ok_or("--out needs a value")?),
            "--" => {
                o.criterion_args = it.by_ref().cloned().collect();
            }
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    o.seconds = seconds.unwrap_or(if o.quick { 2.0 } else { 6.0 });
    if o.quick {
        o.rounds = o.rounds.min(1);
    }
    if o.quick && o.criterion_args.is_empty() {
        o.criterion_args = ["--warm-up-time", "1", "--measurement-time", "2"]
            .map(String::from)
            .to_vec();
    }
    Ok(o)
}

/// The entry point of `getui-bench` (arguments without the program name).
pub fn main(args: &[String]) -> ExitCode {
    let result = match args.first().map(String::as_str) {
        Some("wrk-body") => wrk_body_command(&args[1..]),
        Some("blocking-http") => blocking_http::command(&args[1..]),
        Some("async-http") => async_http::command(&args[1..]),
        Some("run") => parse_run(&args[1..]).and_then(|o| run(&o)),
        Some("-h" | "--help") => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => parse_run(args).and_then(|o| run(&o)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("getui-bench: {e}\n{USAGE}");
            ExitCode::FAILURE
        }
    }
}

fn wrk_body_command(args: &[String]) -> Result<(), String> {
    let mut url = None;
    let mut template = TemplateKind::Notification;
    let mut out = None;
    let mut v2 = false;
    let mut fixed = false;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--url" => url = Some(value()?.clone()),
            "--template" => template = value()?.parse()?,
            "--out" => out = Some(PathBuf::from(value()?)),
            "--protocol" => {
                v2 = match value()?.as_str() {
                    "legacy" => false,
                    "v2" => true,
                    other => return Err(format!("--protocol: {other:?} is not legacy or v2")),
                }
            }
            "--fixed" => fixed = true,
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    let url = url.ok_or("--url is required")?;
    let authority = url
        .strip_prefix("http://")
        .ok_or("--url must be an http:// URL")?
        .split('/')
        .next()
        .unwrap_or_default();
    let out = out.unwrap_or_else(|| {
        PathBuf::from(if v2 {
            "wrk-body-v2.json"
        } else {
            "wrk-body.json"
        })
    });
    let (body, real_len) = if v2 {
        let (body, token, real_len) = load::v2_wrk_body(authority, template, fixed)?;
        println!("GETUI_WRK_TOKEN={}", token.expose());
        (body, real_len)
    } else {
        load::wrk_body(authority, template, fixed)?
    };
    std::fs::write(&out, body).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    eprintln!(
        "wrote {} ({real_len}-byte pushes{})",
        out.display(),
        if fixed {
            ""
        } else {
            " once the markers are replaced"
        }
    );
    Ok(())
}

fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

fn run_cargo(args: &[&str], envs: &[(&str, &Path)]) -> Result<(), String> {
    run_cargo_in(&crate::workspace_root(), args, envs)
}

/// `cargo ARGS` in `dir` with `envs` set.
fn run_cargo_in(dir: &Path, args: &[&str], envs: &[(&str, &Path)]) -> Result<(), String> {
    eprintln!("$ (in {}) cargo {}", dir.display(), args.join(" "));
    let mut cmd = cargo();
    cmd.args(args).current_dir(dir);
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let status = cmd.status().map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`cargo {}` failed ({status})", args.join(" ")))
    }
}

/// The cargo target directory (`CARGO_TARGET_DIR`, else the workspace's `target`).
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|p| {
            if p.is_absolute() {
                p
            } else {
                crate::workspace_root().join(p)
            }
        })
        .unwrap_or_else(|| crate::workspace_root().join("target"))
}

fn machine() -> Machine {
    let wrk = Command::new("wrk")
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| {
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            );
            text.lines().next().map(|l| l.trim().to_owned())
        });
    Machine {
        nproc: system::nproc(),
        cpu_model: system::cpu_model(),
        rustc: system::rustc_version(),
        wrk: wrk.filter(|l| l.starts_with("wrk")),
        nginx: load::nginx_version(),
        load_before: system::load_average(),
        load_after: None,
        busy_processes: busy_processes(),
    }
}

/// Processes above 5% CPU (`ps`), e.g. other builds sharing the machine.
fn busy_processes() -> Vec<String> {
    let Ok(out) = Command::new("ps")
        .args(["-eo", "pcpu,comm", "--sort=-pcpu", "--no-headers"])
        .output()
    else {
        return Vec::new();
    };
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            let (cpu, name) = l.trim().split_once(char::is_whitespace)?;
            let cpu: f64 = cpu.parse().ok()?;
            (cpu >= 5.0).then(|| format!("{} {cpu:.0}%", name.trim()))
        })
        .take(8)
        .collect()
}

fn run(o: &RunOptions) -> Result<(), String> {
    let mut report = Report {
        date: system::command_line("date", &["-u", "+%Y-%m-%d %H:%M"]).unwrap_or_default(),
        machine: machine(),
        quick: o.quick,
        load_seconds: o.seconds,
        load_rounds: o.rounds,
        placement: if o.pin { Placement::detect() } else { None },
        ..Report::default()
    };
    let token = getui_model::secret::AuthToken::new(fixtures::AUTH_TOKEN);
    report.push_body_len = load::push_body(
        TemplateKind::Notification,
        &token,
        fixtures::REQUEST_ID,
        &fixtures::client_id(0),
    )
    .ok()
    .map(|b| b.len());
    eprintln!(
        "getui-bench: {} CPUs ({}), load average {:?}",
        report.machine.nproc, report.machine.cpu_model, report.machine.load_before
    );

    let home = crate::criterion_home();
    let started = std::time::SystemTime::now();
    if o.criterion {
        let mut args = vec!["bench", "-p", "getui-benches"];
        if !o.criterion_args.is_empty() {
            args.push("--");
            args.extend(o.criterion_args.iter().map(String::as_str));
        }
        if let Err(e) = run_cargo(&args, &[("CRITERION_HOME", &home)]) {
            report.problems.push(e);
        }
        report.benches = criterion::read(&home, started);
    }

    if o.load {
        load_runs(o, &mut report);
    }
    if let Some(rev) = &o.reference {
        reference_runs(o, &mut report, rev);
    }

    report.machine.load_after = system::load_average();
    let md = report::merge(
        &report::markdown(&report),
        std::fs::read_to_string(&o.out).ok().as_deref(),
    );
    std::fs::write(&o.out, md).map_err(|e| format!("cannot write {}: {e}", o.out.display()))?;
    let chart = crate::workspace_root()
        .join("benches")
        .join(report::CHART_FILE);
    std::fs::write(&chart, report::svg(&report))
        .map_err(|e| format!("cannot write {}: {e}", chart.display()))?;
    eprintln!(
        "getui-bench: wrote {} and {}",
        o.out.display(),
        chart.display()
    );
    for p in &report.problems {
        eprintln!("getui-bench: problem: {p}");
    }
    Ok(())
}

/// The figures of the targets table for commit `rev` and for this tree, measured in pairs
/// (see [`mod@reference`]): criterion's target benches, then the legacy clients of both trees
/// and wrk against this tree's getui-mock, then 10,000 pushes in flight; the order within a
/// pair switches every round.
fn reference_runs(o: &RunOptions, report: &mut Report, rev: &str) {
    let base = target_dir().join("getui-bench").join("reference");
    let reference = match Reference::prepare(&crate::workspace_root(), &base, rev) {
        Ok(r) => r,
        Err(e) => {
            report.problems.push(e);
            return;
        }
    };
    let mut out = ReferenceReport {
        rev: reference.rev.clone(),
        commit: reference.commit.clone(),
        rounds: o.rounds,
        comparisons: Vec::new(),
    };
    if o.criterion {
        for round in 0..o.rounds {
            eprintln!(
                "getui-bench: reference {}, criterion pair {}/{}",
                reference.short(),
                round + 1,
                o.rounds
            );
            let homes = ["this", "reference"].map(|side| {
                let home = base.join("criterion").join(format!("{side}-{round}"));
                let _ = std::fs::remove_dir_all(&home);
                home
            });
            let run_this = || {
                run_cargo(
                    &reference::criterion_command(),
                    &[("CRITERION_HOME", &homes[0])],
                )
            };
            let result = if round % 2 == 0 {
                run_this().and_then(|()| reference.criterion(&homes[1]))
            } else {
                reference.criterion(&homes[1]).and_then(|()| run_this())
            };
            if let Err(e) = result {
                report.problems.push(e);
                break;
            }
            reference::add_criterion_pair(
                &mut out.comparisons,
                &reference::read_criterion(&homes[0]),
                &reference::read_criterion(&homes[1]),
            );
        }
    }
    if o.load {
        let target = target_dir();
        // Both clients against this tree's getui-mock: the figures are the client's, and the
        // mock is the instrument. Each tree against its own mock mixes in the mock's own
        // changes (this tree's mock answers one connection ~11% faster than 9238525's, which
        // lowered this client's share of wrk while its rate rose; 2026-12-06 13:32 run).
        let mock = load::release_binary(&target, "getui-mock");
        let loadgens = [
            load::release_binary(&target, "examples/loadgen"),
            reference.loadgen(),
        ];
        let wrk = o.wrk && load::wrk_available();
        for round in 0..o.rounds {
            eprintln!(
                "getui-bench: reference {}, load pair {}/{}",
                reference.short(),
                round + 1,
                o.rounds
            );
            let order = if round % 2 == 0 { [0, 1] } else { [1, 0] };
            let mut figures: [Vec<(Comparison, f64)>; 2] = [Vec::new(), Vec::new()];
            for side in order {
                figures[side] = legacy_target_figures(o, report, &loadgens[side], &mock, wrk);
            }
            let [this, theirs] = figures;
            for (c, value) in this {
                if let Some((_, r)) = theirs.iter().find(|(t, _)| t.figure == c.figure) {
                    reference::add(&mut out.comparisons, c, value, *r);
                }
            }
        }
    }
    report.reference = Some(out);
}

/// The load figures of the targets table for one tree's load generator and mock: the async
/// client at 64 in flight and the blocking client at 1 thread, each as a share of wrk against
/// the same kind of mock (the rate when wrk is not used), the async p99, and the peak RSS of
/// 10,000 pushes in flight.
fn legacy_target_figures(
    o: &RunOptions,
    report: &mut Report,
    loadgen: &Path,
    mock_bin: &Path,
    wrk: bool,
) -> Vec<(Comparison, f64)> {
    let mut out = Vec::new();
    for (blocking, c) in [(false, 64), (true, 1)] {
        let label = if blocking {
            "blocking client, 1 thread"
        } else {
            "async client, 64 in flight"
        };
        let wrk_rate = if wrk {
            match wrk_run(o, mock_bin, c, report) {
                Ok(r) => Some(r.requests_per_s),
                Err(e) => {
                    report.problems.push(format!("reference runs, wrk: {e}"));
                    continue;
                }
            }
        } else {
            None
        };
        let result =
            MockProcess::start(mock_bin, MOCK_THREADS, server_cpu(report)).and_then(|mock| {
                let url = &mock.serviceex_url;
                let cpu = client_cpu(report);
                LoadRun::legacy(loadgen, url, blocking, c, 10_000_000, Some(o.seconds), cpu).run()
            });
        let r = match result {
            Ok(r) if r.errors == 0 => r,
            Ok(r) => {
                report.problems.push(format!(
                    "reference runs, {label} ({}): {} errors",
                    loadgen.display(),
                    r.errors
                ));
                continue;
            }
            Err(e) => {
                report
                    .problems
                    .push(format!("reference runs, {label}: {e}"));
                continue;
            }
        };
        match wrk_rate {
            Some(w) if w > 0.0 => out.push((
                Comparison::new(
                    format!("{label}, share of wrk"),
                    Unit::Share,
                    Better::Higher,
                ),
                r.pushes_per_s / w,
            )),
            _ => out.push((
                Comparison::new(
                    format!("{label}, pushes/s (no wrk)"),
                    Unit::Count,
                    Better::Higher,
                ),
                r.pushes_per_s,
            )),
        }
        if !blocking {
            out.push((
                Comparison::new(format!("{label}, p99"), Unit::Micros, Better::Lower),
                r.p99_us,
            ));
        }
    }
    match inflight_run(loadgen, mock_bin, report) {
        Ok(r) if r.errors == 0 => out.push((
            Comparison::new(
                "10,000 pushes in flight, peak RSS",
                Unit::Kib,
                Better::Lower,
            ),
            r.peak_rss_kib as f64,
        )),
        Ok(r) => report.problems.push(format!(
            "reference runs, 10,000 in flight: {} errors",
            r.errors
        )),
        Err(e) => report
            .problems
            .push(format!("reference runs, 10,000 in flight: {e}")),
    }
    out
}

/// 10,000 pushes started at once by `loadgen` against a fresh `mock_bin` (the standard
/// placement): the in-flight row of the targets table.
fn inflight_run(
    loadgen: &Path,
    mock_bin: &Path,
    report: &Report,
) -> Result<load::LoadResult, String> {
    let mock = MockProcess::start(mock_bin, MOCK_THREADS, server_cpu(report))?;
    let cpu = client_cpu(report);
    LoadRun::legacy(
        loadgen,
        &mock.serviceex_url,
        false,
        10_000,
        10_000,
        None,
        cpu,
    )
    .run()
}

/// An experiment run: label, worker threads of the mock, concurrency, requests, duration,
/// extra loadgen arguments.
/// A load run in another configuration than the table's.
struct Experiment<'a> {
    label: &'a str,
    mock_threads: usize,
    workers: usize,
    concurrency: usize,
    requests: u64,
    duration: Option<f64>,
    extra: &'a [&'a str],
}

fn load_runs(o: &RunOptions, report: &mut Report) {
    if let Err(e) =
        run_cargo(&load::BUILD_LOADGEN, &[]).and_then(|()| run_cargo(&load::BUILD_MOCK, &[]))
    {
        report.problems.push(e);
        return;
    }
    let target = target_dir();
    let loadgen = load::release_binary(&target, "examples/loadgen");
    let mock_bin = load::release_binary(&target, "getui-mock");
    let wrk = if !o.wrk {
        report.wrk_missing = Some("skipped (`--no-wrk`).".into());
        false
    } else if !load::wrk_available() {
        report.wrk_missing = Some(format!(
            "not installed, so no ratio (install: {INSTALL_HINT}, then run `cargo xtask bench` again)."
        ));
        false
    } else {
        true
    };

    v2_mock_runs(o, report, &loadgen, &mock_bin, wrk);
    nginx_runs(o, report, &loadgen, wrk);

    // Rounds of wrk, async client and blocking client back to back at each concurrency, so
    // that each ratio compares runs made moments apart; each figure is then the round with
    // the median rate.
    let mut loads: Vec<LoadRow> = Vec::new();
    let mut wrks: Vec<WrkRow> = Vec::new();
    for round in 0..o.rounds {
        for c in CONCURRENCIES {
            eprintln!(
                "getui-bench: round {}/{}, {c} in flight",
                round + 1,
                o.rounds
            );
            if wrk {
                match wrk_run(o, &mock_bin, c, report) {
                    Ok(result) => wrks.push(WrkRow {
                        connections: c,
                        result,
                    }),
                    Err(e) => report.problems.push(format!("wrk, {c} connections: {e}")),
                }
            }
            for blocking in [false, true] {
                let result = MockProcess::start(&mock_bin, MOCK_THREADS, server_cpu(report))
                    .and_then(|mock| {
                        let url = &mock.serviceex_url;
                        let cpu = client_cpu(report);
                        let duration = Some(o.seconds);
                        let run =
                            LoadRun::legacy(&loadgen, url, blocking, c, 10_000_000, duration, cpu);
                        let command = (!blocking && c == 64).then(|| report_command(&run));
                        run.run().map(|r| (r, command))
                    });
                match result {
                    Ok((result, command)) => {
                        if let Some(command) = command {
                            report.example_loadgen_command = command;
                        }
                        loads.push(LoadRow {
                            blocking,
                            concurrency: c,
                            result,
                        });
                    }
                    Err(e) => report.problems.push(format!(
                        "{} client, {c} in flight: {e}",
                        if blocking { "blocking" } else { "async" }
                    )),
                }
            }
        }
    }
    for c in CONCURRENCIES {
        for blocking in [false, true] {
            let mut rows: Vec<&LoadRow> = loads
                .iter()
                .filter(|r| r.blocking == blocking && r.concurrency == c)
                .collect();
            rows.sort_by(|a, b| a.result.pushes_per_s.total_cmp(&b.result.pushes_per_s));
            if let Some(median) = rows.get(rows.len() / 2) {
                report.load.push((*median).clone());
            }
        }
        let mut rows: Vec<&WrkRow> = wrks.iter().filter(|r| r.connections == c).collect();
        rows.sort_by(|a, b| a.result.requests_per_s.total_cmp(&b.result.requests_per_s));
        if let Some(median) = rows.get(rows.len() / 2) {
            report.wrk.push((*median).clone());
        }
    }
    report.all_rates = CONCURRENCIES
        .iter()
        .map(|&c| {
            let rates = |blocking: bool| -> Vec<f64> {
                loads
                    .iter()
                    .filter(|r| r.blocking == blocking && r.concurrency == c)
                    .map(|r| r.result.pushes_per_s)
                    .collect()
            };
            let wrk_rates = wrks
                .iter()
                .filter(|r| r.connections == c)
                .map(|r| r.result.requests_per_s)
                .collect();
            (c, rates(false), rates(true), wrk_rates)
        })
        .collect();

    match inflight_run(&loadgen, &mock_bin, report) {
        Ok(r) => report.inflight = Some(r),
        Err(e) => report.problems.push(format!("10,000 in flight: {e}")),
    }

    // Other configurations: a bounded HTTP stack (the load generator's experiment flags), the
    // default client on a runtime with one worker per CPU (its default, which the load runs
    // used before they got `--workers 1`), and against a mock on two worker threads (the
    // mock's default on two CPUs, which the load runs used before they got `--threads 1`).
    let experiments = [
        Experiment {
            label: "10,000 in flight, at most 64 connections",
            mock_threads: MOCK_THREADS,
            workers: LOAD_THREADS,
            concurrency: 10_000,
            requests: 10_000,
            duration: None,
            extra: &["--max-connections", "64", "--pool-max-idle", "64"],
        },
        Experiment {
            label: "async, 64 in flight, at most 64 connections, 64 idle kept",
            mock_threads: MOCK_THREADS,
            workers: LOAD_THREADS,
            concurrency: 64,
            requests: 10_000_000,
            duration: Some(o.seconds),
            extra: &["--max-connections", "64", "--pool-max-idle", "64"],
        },
        Experiment {
            label: "async, 64 in flight, client runtime with 2 worker threads (`--workers 2`, its default on 2 CPUs)",
            mock_threads: MOCK_THREADS,
            workers: 2,
            concurrency: 64,
            requests: 10_000_000,
            duration: Some(o.seconds),
            extra: &[],
        },
        Experiment {
            label: "async, 64 in flight, mock on 2 worker threads (`--threads 2`, its default on 2 CPUs)",
            mock_threads: 2,
            workers: LOAD_THREADS,
            concurrency: 64,
            requests: 10_000_000,
            duration: Some(o.seconds),
            extra: &[],
        },
    ];
    for Experiment {
        label,
        mock_threads,
        workers,
        concurrency,
        requests,
        duration,
        extra,
    } in experiments
    {
        // Other thread counts than the standard split: left to the scheduler.
        let result = MockProcess::start(&mock_bin, mock_threads, None).and_then(|mock| {
            let url = &mock.serviceex_url;
            let mut run =
                LoadRun::legacy(&loadgen, url, false, concurrency, requests, duration, None);
            run.workers = workers;
            run.extra = extra.iter().map(|s| s.to_string()).collect();
            let args = report_command(&run);
            run.run().map(|r| (args, r))
        });
        match result {
            Ok((args, r)) => report.experiments.push((label.to_owned(), args, r)),
            Err(e) => report.problems.push(format!("experiment {label}: {e}")),
        }
    }
}

/// One wrk run against a fresh mock with `c` connections.
fn wrk_run(
    o: &RunOptions,
    mock_bin: &Path,
    c: usize,
    report: &mut Report,
) -> Result<load::WrkResult, String> {
    let script = crate::workspace_root().join("benches/wrk/push.lua");
    let body_file = target_dir().join("getui-bench").join("wrk-body.json");
    let mock = MockProcess::start(mock_bin, MOCK_THREADS, server_cpu(report))?;
    let (body, _) = load::wrk_body(mock.authority(), TemplateKind::Notification, false)?;
    if let Some(dir) = body_file.parent() {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    }
    std::fs::write(&body_file, body).map_err(|e| e.to_string())?;
    let args = load::wrk_args(c, o.seconds, &script, &mock.api_url());
    if c == 64 {
        let shown = load::wrk_args(
            c,
            o.seconds,
            Path::new("benches/wrk/push.lua"),
            "http://127.0.0.1:PORT/apiex.htm",
        );
        report.example_wrk_command =
            format!("GETUI_WRK_BODY=wrk-body.json wrk {}", shown.join(" "));
    }
    eprintln!("$ wrk {}", args.join(" "));
    load::run_wrk(&args, &body_file, None, client_cpu(report))
}

/// The CPU of the server (mock or nginx) in the standard runs, when pinned.
fn server_cpu(report: &Report) -> Option<usize> {
    report.placement.map(|p| p.server)
}

/// The CPU of wrk and the load generator in the standard runs, when pinned.
fn client_cpu(report: &Report) -> Option<usize> {
    report.placement.map(|p| p.client)
}

/// Where one pair of runs (wrk, then a client) is measured.
enum Server<'a> {
    /// A fresh getui-mock process for every run (on the server CPU when pinned).
    Mock(&'a Path, Option<Placement>),
    /// The one nginx of the nginx runs.
    Nginx(&'a NginxProcess),
}

impl Server<'_> {
    /// Starts what a run needs: the mock process (kept alive by the guard) or nothing; returns
    /// the authority to talk to.
    fn for_run(&self) -> Result<(Option<MockProcess>, String), String> {
        match self {
            Server::Mock(bin, placement) => {
                let mock = MockProcess::start(bin, MOCK_THREADS, placement.map(|p| p.server))?;
                let authority = mock.authority().to_owned();
                Ok((Some(mock), authority))
            }
            Server::Nginx(nginx) => Ok((None, nginx.authority())),
        }
    }

    /// The CPU that wrk and the clients run on against this server, when pinned.
    fn client_cpu(&self) -> Option<usize> {
        match self {
            Server::Mock(_, placement) => placement.map(|p| p.client),
            Server::Nginx(nginx) => nginx.client_cpu(),
        }
    }

    fn kind(&self) -> ServerKind {
        match self {
            Server::Mock(..) => ServerKind::Mock,
            Server::Nginx(_) => ServerKind::Nginx,
        }
    }
}

/// What one pair measures: which client, how many in flight, which body.
#[derive(Debug, Clone, Copy)]
struct PairSpec {
    v2: bool,
    fixed: bool,
    blocking: bool,
    concurrency: usize,
}

/// One wrk run with the push body of `spec` against the server at `authority`.
fn wrk_for(
    seconds: f64,
    authority: &str,
    spec: PairSpec,
    cpu: Option<usize>,
    report: &mut Report,
) -> Result<load::WrkResult, String> {
    let root = crate::workspace_root();
    let name = format!(
        "wrk-body{}{}.json",
        if spec.v2 { "-v2" } else { "" },
        if spec.fixed { "-fixed" } else { "" }
    );
    let body_file = target_dir().join("getui-bench").join(name);
    if let Some(dir) = body_file.parent() {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    }
    let (script, shown_script, url, shown_url, token, body) = if spec.v2 {
        let (body, token, _) =
            load::v2_wrk_body(authority, TemplateKind::Notification, spec.fixed)?;
        (
            root.join("benches/wrk/push_v2.lua"),
            "benches/wrk/push_v2.lua",
            format!("http://{authority}{}", load::v2_push_path()),
            format!("http://127.0.0.1:PORT{}", load::v2_push_path()),
            Some(token.expose().to_owned()),
            body,
        )
    } else {
        let (body, _) = load::wrk_body(authority, TemplateKind::Notification, spec.fixed)?;
        (
            root.join("benches/wrk/push.lua"),
            "benches/wrk/push.lua",
            format!("http://{authority}/apiex.htm"),
            "http://127.0.0.1:PORT/apiex.htm".to_owned(),
            None,
            body,
        )
    };
    std::fs::write(&body_file, body).map_err(|e| e.to_string())?;
    let args = load::wrk_args(spec.concurrency, seconds, &script, &url);
    if spec.v2 && spec.concurrency == 64 && !spec.fixed {
        let shown = load::wrk_args(
            spec.concurrency,
            seconds,
            Path::new(shown_script),
            &shown_url,
        );
        report.example_wrk_v2_command = format!(
            "GETUI_WRK_BODY=wrk-body-v2.json GETUI_WRK_TOKEN=TOKEN wrk {}",
            shown.join(" ")
        );
    }
    eprintln!("$ wrk {}", args.join(" "));
    load::run_wrk(&args, &body_file, token.as_deref(), cpu)
}

/// `rounds` rounds of wrk then the client, back to back, for every spec; one row per spec
/// with the round whose client ÷ wrk ratio is the median.
fn pair_rounds(
    o: &RunOptions,
    report: &mut Report,
    loadgen: &Path,
    server: &Server<'_>,
    specs: &[PairSpec],
    wrk: bool,
) -> Vec<PairRow> {
    let mut rows: Vec<PairRow> = specs
        .iter()
        .map(|s| PairRow {
            server: server.kind(),
            v2: s.v2,
            fixed: s.fixed,
            blocking: s.blocking,
            concurrency: s.concurrency,
            client: None,
            wrk: None,
            rounds: Vec::new(),
            command: String::new(),
        })
        .collect();
    let mut all: Vec<Vec<(load::LoadResult, Option<load::WrkResult>)>> =
        vec![Vec::new(); specs.len()];
    // Against nginx each round alternates wrk and the client in one-second slices: the
    // machine's speed drifts over seconds, and alternating compares the two under the same
    // conditions (see `slices`). A fresh mock per run keeps one run per side.
    let (slices, slice_seconds) = match server {
        Server::Nginx(_) => slices(o.seconds),
        Server::Mock(..) => (1, o.seconds),
    };
    for round in 0..o.rounds {
        for (i, &spec) in specs.iter().enumerate() {
            let label = rows[i].label();
            eprintln!("getui-bench: round {}/{}, {label}", round + 1, o.rounds);
            let mut wrk_parts = Vec::new();
            let mut client_parts = Vec::new();
            for _ in 0..slices {
                if wrk {
                    match server.for_run().and_then(|(_guard, authority)| {
                        wrk_for(slice_seconds, &authority, spec, server.client_cpu(), report)
                    }) {
                        Ok(r) => wrk_parts.push(r),
                        Err(e) => report.problems.push(format!("wrk for {label}: {e}")),
                    }
                }
                let result = server.for_run().and_then(|(_guard, authority)| {
                    let url = if spec.v2 {
                        format!("http://{authority}")
                    } else {
                        format!("http://{authority}/serviceex")
                    };
                    let run = LoadRun {
                        loadgen,
                        url: &url,
                        blocking: spec.blocking,
                        concurrency: spec.concurrency,
                        requests: 10_000_000,
                        duration: Some(slice_seconds),
                        warmup: spec.concurrency as u64,
                        template: TemplateKind::Notification,
                        workers: LOAD_THREADS,
                        v2: spec.v2,
                        fixed: spec.fixed,
                        extra: Vec::new(),
                        cpu: server.client_cpu(),
                    };
                    let command = report_command(&run);
                    run.run().map(|r| (r, command))
                });
                match result {
                    Ok((r, command)) => {
                        rows[i].command = command;
                        client_parts.push(r);
                    }
                    Err(e) => report.problems.push(format!("{label}: {e}")),
                }
            }
            // A round counts only when every slice of the client ran (and of wrk, if any).
            let wrk_result =
                load::WrkResult::combine(&wrk_parts).filter(|_| wrk_parts.len() == slices);
            if let Some(r) =
                load::LoadResult::combine(&client_parts).filter(|_| client_parts.len() == slices)
            {
                all[i].push((r, wrk_result));
            }
        }
    }
    for (row, results) in rows.iter_mut().zip(all) {
        row.rounds = results
            .iter()
            .map(|(c, w)| (c.pushes_per_s, w.map(|w| w.requests_per_s)))
            .collect();
        let mut sorted = results;
        // The median by ratio when every round has wrk, else by the client's rate.
        let key = |(c, w): &(load::LoadResult, Option<load::WrkResult>)| match w {
            Some(w) if w.requests_per_s > 0.0 => c.pushes_per_s / w.requests_per_s,
            _ => c.pushes_per_s,
        };
        sorted.sort_by(|a, b| key(a).total_cmp(&key(b)));
        if let Some((c, w)) = sorted.get(sorted.len() / 2) {
            row.client = Some(*c);
            row.wrk = *w;
        }
    }
    rows
}

/// How a run of `seconds` against nginx is cut: that many one-second slices (at least one),
/// wrk and the client taking turns. Back-to-back runs of several seconds each compare the
/// two under different conditions on a VM whose speed drifts over seconds (the same client
/// measured 76–99% of wrk in 4-second pairs a few seconds apart, and 88–100% in 1-second
/// pairs, by hand on 2026-12-06); alternating every second cancels most of that drift.
fn slices(seconds: f64) -> (usize, f64) {
    let n = (seconds.round() as usize).max(1);
    (n, seconds / n as f64)
}

/// The REST v2 clients against getui-mock (fresh ids), next to wrk posting the same v2 push.
fn v2_mock_runs(o: &RunOptions, report: &mut Report, loadgen: &Path, mock_bin: &Path, wrk: bool) {
    let specs = [
        PairSpec {
            v2: true,
            fixed: false,
            blocking: false,
            concurrency: 64,
        },
        PairSpec {
            v2: true,
            fixed: false,
            blocking: true,
            concurrency: 1,
        },
    ];
    report.v2_mock = pair_rounds(
        o,
        report,
        loadgen,
        &Server::Mock(mock_bin, report.placement),
        &specs,
        wrk,
    );
}

/// Both generations against the nginx baseline next to wrk, with a fixed body and with fresh
/// ids: async at 64 in flight (1 worker), blocking at 1.
fn nginx_runs(o: &RunOptions, report: &mut Report, loadgen: &Path, wrk: bool) {
    if !o.nginx {
        report.nginx_missing = Some("skipped (`--no-nginx`).".into());
        return;
    }
    let missing: Vec<&str> = [
        (!load::nginx_available()).then_some("nginx"),
        (!wrk).then_some("wrk"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !missing.is_empty() {
        report.nginx_missing = Some(format!(
            "not measured: {} not installed (install: {INSTALL_HINT}, then run `cargo xtask \
             bench` again).",
            missing.join(" and ")
        ));
        return;
    }
    let prefix = target_dir().join("getui-bench").join("nginx");
    let placement = report.placement;
    let nginx = match NginxProcess::start(
        &crate::workspace_root().join("benches/nginx/nginx.conf"),
        &prefix,
        placement,
    ) {
        Ok(n) => n,
        Err(e) => {
            report.problems.push(format!("nginx: {e}"));
            report.nginx_missing = Some(format!("not measured: {e}"));
            return;
        }
    };
    let mut specs = Vec::new();
    for v2 in [false, true] {
        for fixed in [true, false] {
            for (blocking, concurrency) in [(false, 64), (true, 1)] {
                specs.push(PairSpec {
                    v2,
                    fixed,
                    blocking,
                    concurrency,
                });
            }
        }
    }
    report.nginx = pair_rounds(o, report, loadgen, &Server::Nginx(&nginx), &specs, true);
    report.blocking_http = blocking_http_rounds(o, report, &nginx);
    report.async_http = async_http_rounds(o, report, &nginx);
    drop(nginx);
}

/// The async HTTP/1.1 stacks at 64 in flight against `nginx`: in each round wrk `-t1 -c64`,
/// then getui-transport's `HyperClient`, hyper-util's pooled client and hyper's bare
/// connection, back to back, posting the same fixed ~1 KB single push ([`async_http`]; each
/// stack runs as `getui-bench async-http`, a process each).
fn async_http_rounds(
    o: &RunOptions,
    report: &mut Report,
    nginx: &NginxProcess,
) -> Vec<AsyncHttpRound> {
    let url = format!("http://{}{}", nginx.authority(), blocking_http::PATH);
    let (body_file, exe) = match stack_run_setup() {
        Ok(setup) => setup,
        Err(e) => {
            report.problems.push(format!("async HTTP stacks: {e}"));
            return Vec::new();
        }
    };
    let script = crate::workspace_root().join("benches/wrk/push.lua");
    let shown_url = format!("http://127.0.0.1:PORT{}", blocking_http::PATH);
    let concurrency = async_http::DEFAULT_CONCURRENCY;
    report.async_http_commands = std::iter::once(format!(
        "GETUI_WRK_BODY=body.json wrk {}",
        load::wrk_args(
            concurrency,
            o.seconds,
            Path::new("benches/wrk/push.lua"),
            &shown_url
        )
        .join(" ")
    ))
    .chain(async_http::Stack::ALL.into_iter().map(|stack| {
        format!(
            "getui-bench {}",
            async_http::args(stack, &shown_url, o.seconds).join(" ")
        )
    }))
    .collect();
    let mut rounds = Vec::new();
    for round in 0..o.rounds {
        eprintln!(
            "getui-bench: round {}/{}, async HTTP stacks at {concurrency} in flight (wrk, getui, hyper-util, hyper-conn), nginx",
            round + 1,
            o.rounds
        );
        let args = load::wrk_args(concurrency, o.seconds, &script, &url);
        eprintln!("$ wrk {}", args.join(" "));
        let wrk = load::run_wrk(&args, &body_file, None, nginx.client_cpu())
            .map_err(|e| report.problems.push(format!("async HTTP stacks, wrk: {e}")))
            .ok();
        let mut stacks = [None; 3];
        for (slot, stack) in stacks.iter_mut().zip(async_http::Stack::ALL) {
            let args = async_http::args(stack, &url, o.seconds);
            *slot = run_own(&exe, &args, nginx.client_cpu(), async_http::parse_summary)
                .map_err(|e| {
                    report
                        .problems
                        .push(format!("async HTTP stacks, {}: {e}", stack.name()))
                })
                .ok();
        }
        let [getui, hyper_util, hyper_conn] = stacks;
        rounds.push(AsyncHttpRound {
            wrk,
            getui,
            hyper_util,
            hyper_conn,
        });
    }
    rounds
}

/// What the HTTP-stack rounds need: the fixed push body in a file (for wrk) and this
/// program's binary (for its `blocking-http` / `async-http` subcommands).
fn stack_run_setup() -> Result<(PathBuf, PathBuf), String> {
    let body_file = target_dir()
        .join("getui-bench")
        .join("http-stack-body.json");
    let body = blocking_http::body()?;
    if let Some(dir) = body_file.parent() {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    }
    std::fs::write(&body_file, body).map_err(|e| e.to_string())?;
    Ok((body_file, own_binary()?))
}

/// Runs a subcommand of this program (`args`, on `cpu` when given), passes its output through and parses the
/// summary line of its standard output.
fn run_own<T>(
    exe: &Path,
    args: &[String],
    cpu: Option<usize>,
    parse: impl FnOnce(&str) -> Option<T>,
) -> Result<T, String> {
    eprintln!("$ getui-bench {}", args.join(" "));
    let out = load::pinned_command(exe, cpu)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", exe.display()))?;
    eprint!("{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    print!("{text}");
    parse(&text).ok_or_else(|| format!("no summary ({})", out.status))
}

/// This program's binary, to run its subcommands. The cargo builds of the load runs may
/// relink it while it runs (the running file is then unlinked), so the one at its path in the
/// target directory is used when it is there.
fn own_binary() -> Result<PathBuf, String> {
    let built = load::release_binary(&target_dir(), "getui-bench");
    if built.is_file() {
        return Ok(built);
    }
    std::env::current_exe().map_err(|e| e.to_string())
}

/// The blocking HTTP/1.1 stack at one connection against `nginx`: in each round wrk `-t1 -c1`,
/// `SocketClient` and ureq back to back, posting the same fixed ~1 KB single push
/// ([`blocking_http`]; the clients run as `getui-bench blocking-http`, a process each).
fn blocking_http_rounds(
    o: &RunOptions,
    report: &mut Report,
    nginx: &NginxProcess,
) -> Vec<BlockingHttpRound> {
    let url = format!("http://{}{}", nginx.authority(), blocking_http::PATH);
    let (body_file, exe) = match stack_run_setup() {
        Ok(setup) => setup,
        Err(e) => {
            report.problems.push(format!("blocking HTTP stack: {e}"));
            return Vec::new();
        }
    };
    let script = crate::workspace_root().join("benches/wrk/push.lua");
    let shown_url = format!("http://127.0.0.1:PORT{}", blocking_http::PATH);
    report.blocking_http_commands = vec![
        format!(
            "GETUI_WRK_BODY=body.json wrk {}",
            load::wrk_args(1, o.seconds, Path::new("benches/wrk/push.lua"), &shown_url).join(" ")
        ),
        format!(
            "getui-bench {}",
            blocking_http::args(blocking_http::Stack::SocketClient, &shown_url, o.seconds)
                .join(" ")
        ),
        format!(
            "getui-bench {}",
            blocking_http::args(blocking_http::Stack::Ureq, &shown_url, o.seconds).join(" ")
        ),
    ];
    let mut rounds = Vec::new();
    for round in 0..o.rounds {
        eprintln!(
            "getui-bench: round {}/{}, blocking HTTP stack at one connection (wrk, SocketClient, ureq), nginx",
            round + 1,
            o.rounds
        );
        let args = load::wrk_args(1, o.seconds, &script, &url);
        eprintln!("$ wrk {}", args.join(" "));
        let wrk = load::run_wrk(&args, &body_file, None, nginx.client_cpu())
            .map_err(|e| {
                report
                    .problems
                    .push(format!("blocking HTTP stack, wrk: {e}"))
            })
            .ok();
        let mut run = |stack: blocking_http::Stack| {
            let args = blocking_http::args(stack, &url, o.seconds);
            run_own(
                &exe,
                &args,
                nginx.client_cpu(),
                blocking_http::parse_summary,
            )
            .map_err(|e| {
                report
                    .problems
                    .push(format!("blocking HTTP stack, {}: {e}", stack.name()))
            })
            .ok()
        };
        let socket_client = run(blocking_http::Stack::SocketClient);
        let ureq = run(blocking_http::Stack::Ureq);
        rounds.push(BlockingHttpRound {
            wrk,
            socket_client,
            ureq,
        });
    }
    rounds
}

/// The loadgen command as BENCHMARKS.md shows it (with a placeholder port).
fn report_command(run: &LoadRun<'_>) -> String {
    let args: Vec<String> = run
        .args()
        .into_iter()
        .map(|a| {
            if a == run.url {
                if run.v2 {
                    "http://127.0.0.1:PORT".to_owned()
                } else {
                    "http://127.0.0.1:PORT/serviceex".to_owned()
                }
            } else {
                a
            }
        })
        .collect();
    args.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn nginx_runs_are_cut_in_one_second_slices() {
        assert_eq!(slices(6.0), (6, 1.0));
        assert_eq!(slices(2.0), (2, 1.0));
        assert_eq!(slices(1.0), (1, 1.0));
        assert_eq!(slices(4.4), (4, 1.1));
    }

    #[test]
    fn run_options() {
        let o = parse_run(&strings(&["--quick", "--no-wrk"])).unwrap();
        assert!(o.quick && !o.wrk && o.load && o.criterion && o.nginx);
        assert!(!parse_run(&strings(&["--no-nginx"])).unwrap().nginx);
        assert!(parse_run(&strings(&[])).unwrap().pin);
        assert!(!parse_run(&strings(&["--no-pin"])).unwrap().pin);
        assert_eq!((o.seconds, o.rounds), (2.0, 1));
        assert_eq!(o.criterion_args[0], "--warm-up-time");
        let o = parse_run(&strings(&[
            "--seconds",
            "5",
            "--rounds",
            "2",
            "--",
            "encode",
        ]))
        .unwrap();
        assert_eq!(o.rounds, 2);
        assert_eq!(
            (o.seconds, o.criterion_args.clone()),
            (5.0, strings(&["encode"]))
        );
        assert!(o.out.ends_with("BENCHMARKS.md"));
        assert!(parse_run(&strings(&["--seconds", "0"])).is_err());
        assert!(parse_run(&strings(&["--rounds", "0"])).is_err());
        assert!(parse_run(&strings(&["--what"])).is_err());
        assert_eq!(o.reference, None);
        let o = parse_run(&strings(&["--reference", "9238525", "--no-nginx"])).unwrap();
        assert_eq!(o.reference.as_deref(), Some("9238525"));
        assert!(parse_run(&strings(&["--reference"])).is_err());
        assert!(parse_run(&strings(&["--reference", "--no-load"])).is_err());
    }
}
