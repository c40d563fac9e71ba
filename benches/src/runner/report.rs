//! BENCHMARKS.md and its chart, from one run's results.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::async_http::StackResult as AsyncStackResult;
use super::blocking_http::StackResult;
use super::criterion::{format_ns, BenchResult};
use super::load::{LoadResult, WrkResult, LOAD_THREADS, MOCK_THREADS};
use super::reference::ReferenceReport;
use crate::fixtures::TemplateKind;

/// Everything past this line of BENCHMARKS.md is written by hand and kept by every run.
pub const HAND_WRITTEN_MARKER: &str =
    "<!-- Everything below this line is written by hand; `cargo xtask bench` keeps it. -->";

/// The file name of the chart, in `benches/`.
pub const CHART_FILE: &str = "pushes_per_second.svg";

/// The concurrencies of the load table and chart.
pub const CONCURRENCIES: [usize; 4] = [1, 4, 16, 64];

/// The machine the run happened on.
#[derive(Debug, Clone, Default)]
pub struct Machine {
    /// CPUs available.
    pub nproc: usize,
    /// `model name` of /proc/cpuinfo.
    pub cpu_model: String,
    /// `rustc --version`.
    pub rustc: String,
    /// `wrk --version` (first line), if installed.
    pub wrk: Option<String>,
    /// `nginx -v`, if installed.
    pub nginx: Option<String>,
    /// Load averages (1, 5, 15 min) when the run started and ended.
    pub load_before: Option<[f64; 3]>,
    /// See `load_before`.
    pub load_after: Option<[f64; 3]>,
    /// Other processes using more than 5% CPU when the run started (`ps`), for context.
    pub busy_processes: Vec<String>,
}

/// One load generator run in the report.
#[derive(Debug, Clone)]
pub struct LoadRow {
    /// `--blocking`.
    pub blocking: bool,
    /// `--concurrency`.
    pub concurrency: usize,
    /// What it printed.
    pub result: LoadResult,
}

/// One wrk run in the report.
#[derive(Debug, Clone)]
pub struct WrkRow {
    /// `-c`.
    pub connections: usize,
    /// What it printed.
    pub result: WrkResult,
}

/// The server of a pair of runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerKind {
    /// getui-mock (a fresh process per run).
    Mock,
    /// The nginx baseline (`benches/nginx/nginx.conf`).
    Nginx,
}

/// A client run and the wrk run just before it (same server, same in-flight count, the same
/// kind of body): the round with the median ratio, and every round.
#[derive(Debug, Clone)]
pub struct PairRow {
    /// The server.
    pub server: ServerKind,
    /// REST v2 (else legacy).
    pub v2: bool,
    /// One fixed body (else a fresh request id and client id per push).
    pub fixed: bool,
    /// The blocking client (else the async one).
    pub blocking: bool,
    /// Pushes in flight (tasks or threads; wrk connections).
    pub concurrency: usize,
    /// The client in the median round.
    pub client: Option<LoadResult>,
    /// wrk in the median round.
    pub wrk: Option<WrkResult>,
    /// Every round: (client pushes/s, wrk requests/s).
    pub rounds: Vec<(f64, Option<f64>)>,
    /// The loadgen arguments (with a placeholder port).
    pub command: String,
}

impl PairRow {
    /// `legacy async client, 64 in flight, fixed body, nginx`.
    pub fn label(&self) -> String {
        format!(
            "{} {} client, {} in flight, {}, {}",
            if self.v2 { "REST v2" } else { "legacy" },
            if self.blocking { "blocking" } else { "async" },
            self.concurrency,
            if self.fixed {
                "fixed body"
            } else {
                "fresh ids"
            },
            match self.server {
                ServerKind::Mock => "getui-mock",
                ServerKind::Nginx => "nginx",
            }
        )
    }

    /// client ÷ wrk in the median round.
    pub fn ratio(&self) -> Option<f64> {
        let (c, w) = (self.client?, self.wrk?);
        (w.requests_per_s > 0.0).then(|| c.pushes_per_s / w.requests_per_s)
    }
}

/// One round of the blocking HTTP/1.1 stack at one connection against nginx: wrk `-t1 -c1`,
/// then `SocketClient`, then ureq, back to back (`None`: that run failed).
#[derive(Debug, Clone, Copy, Default)]
pub struct BlockingHttpRound {
    /// wrk `-t1 -c1`.
    pub wrk: Option<WrkResult>,
    /// getui-transport's `SocketClient`.
    pub socket_client: Option<StackResult>,
    /// A ureq 3 `Agent`.
    pub ureq: Option<StackResult>,
}

impl BlockingHttpRound {
    /// SocketClient ÷ wrk, ureq ÷ wrk and SocketClient ÷ ureq, where both were measured.
    pub fn ratios(&self) -> [Option<f64>; 3] {
        let wrk = self.wrk.map(|w| w.requests_per_s);
        let socket = self.socket_client.map(|r| r.requests_per_s);
        let ureq = self.ureq.map(|r| r.requests_per_s);
        let ratio = |a: Option<f64>, b: Option<f64>| {
            let (a, b) = (a?, b?);
            (b > 0.0).then(|| a / b)
        };
        [ratio(socket, wrk), ratio(ureq, wrk), ratio(socket, ureq)]
    }
}

/// One round of the async HTTP/1.1 stacks at 64 in flight against nginx: wrk `-t1 -c64`,
/// then getui-transport's `HyperClient`, hyper-util's pooled client and hyper's bare
/// connection, back to back (`None`: that run failed).
#[derive(Debug, Clone, Copy, Default)]
pub struct AsyncHttpRound {
    /// wrk `-t1 -c64`.
    pub wrk: Option<WrkResult>,
    /// getui-transport's `HyperClient` (its own pool over hyper's connections).
    pub getui: Option<AsyncStackResult>,
    /// hyper-util's pooled `client::legacy::Client`.
    pub hyper_util: Option<AsyncStackResult>,
    /// hyper's `client::conn::http1`, one connection per task.
    pub hyper_conn: Option<AsyncStackResult>,
}

impl AsyncHttpRound {
    /// Each stack's rate ÷ wrk's, in the order getui, hyper-util, hyper-conn; and getui ÷
    /// hyper-util.
    pub fn ratios(&self) -> [Option<f64>; 4] {
        let wrk = self.wrk.map(|w| w.requests_per_s);
        let rate = |r: Option<AsyncStackResult>| r.map(|r| r.requests_per_s);
        let ratio = |a: Option<f64>, b: Option<f64>| {
            let (a, b) = (a?, b?);
            (b > 0.0).then(|| a / b)
        };
        [
            ratio(rate(self.getui), wrk),
            ratio(rate(self.hyper_util), wrk),
            ratio(rate(self.hyper_conn), wrk),
            ratio(rate(self.getui), rate(self.hyper_util)),
        ]
    }
}

/// Every round's rates at one concurrency: (concurrency, async, blocking, wrk).
pub type RoundRates = (usize, Vec<f64>, Vec<f64>, Vec<f64>);

/// One run of `cargo xtask bench`.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// UTC date and time of the run.
    pub date: String,
    /// The machine.
    pub machine: Machine,
    /// Whether `--quick` shortened everything.
    pub quick: bool,
    /// Seconds per load run.
    pub load_seconds: f64,
    /// Rounds of load runs (the median round is reported).
    pub load_rounds: usize,
    /// Every round's rate per concurrency: (concurrency, async, blocking, wrk).
    pub all_rates: Vec<RoundRates>,
    /// Criterion medians and allocation counts by id.
    pub benches: BTreeMap<String, BenchResult>,
    /// Length of the single-push body (notification template) in bytes.
    pub push_body_len: Option<usize>,
    /// The load generator runs.
    pub load: Vec<LoadRow>,
    /// The wrk runs.
    pub wrk: Vec<WrkRow>,
    /// Why there are no wrk runs, if there are none.
    pub wrk_missing: Option<String>,
    /// The 10,000-in-flight run.
    pub inflight: Option<LoadResult>,
    /// Runs in other configurations (the load generator's experiment flags, another mock
    /// thread count): label, loadgen arguments, result.
    pub experiments: Vec<(String, String, LoadResult)>,
    /// The loadgen command line of the 64-concurrency async run, for the method section.
    pub example_loadgen_command: String,
    /// The wrk command line of the 64-connection run.
    pub example_wrk_command: String,
    /// The wrk command line of the REST v2 64-connection run (fresh ids).
    pub example_wrk_v2_command: String,
    /// The REST v2 clients against getui-mock next to wrk.
    pub v2_mock: Vec<PairRow>,
    /// Both generations against nginx next to wrk.
    pub nginx: Vec<PairRow>,
    /// Why there are no nginx runs, if there are none.
    pub nginx_missing: Option<String>,
    /// The CPUs of nginx and of the clients in the nginx runs, when pinned.
    pub placement: Option<super::load::Placement>,
    /// The blocking HTTP/1.1 stack at one connection against nginx, every round.
    pub blocking_http: Vec<BlockingHttpRound>,
    /// The commands of those rounds (wrk, SocketClient, ureq) with a placeholder port.
    pub blocking_http_commands: Vec<String>,
    /// The async HTTP/1.1 stacks at 64 in flight against nginx, every round.
    pub async_http: Vec<AsyncHttpRound>,
    /// The commands of those rounds (wrk and the three stacks) with a placeholder port.
    pub async_http_commands: Vec<String>,
    /// The targets table's figures of another commit measured side by side (`--reference`).
    pub reference: Option<ReferenceReport>,
    /// Problems met during the run (a failed step does not stop the others).
    pub problems: Vec<String>,
}

impl Report {
    fn bench(&self, id: &str) -> Option<&BenchResult> {
        self.benches.get(id)
    }

    fn load_row(&self, blocking: bool, concurrency: usize) -> Option<&LoadResult> {
        self.load
            .iter()
            .find(|r| r.blocking == blocking && r.concurrency == concurrency)
            .map(|r| &r.result)
    }

    fn wrk_row(&self, connections: usize) -> Option<&WrkResult> {
        self.wrk
            .iter()
            .find(|r| r.connections == connections)
            .map(|r| &r.result)
    }

    /// The pair of runs against `server` with this client and body.
    fn pair(&self, server: ServerKind, v2: bool, fixed: bool, blocking: bool) -> Option<&PairRow> {
        let rows = match server {
            ServerKind::Mock => &self.v2_mock,
            ServerKind::Nginx => &self.nginx,
        };
        rows.iter()
            .find(|r| r.v2 == v2 && r.fixed == fixed && r.blocking == blocking)
    }

    /// The share of wrk's rate the client reached, if both were measured.
    fn ratio(&self, blocking: bool, concurrency: usize) -> Option<f64> {
        let client = self.load_row(blocking, concurrency)?;
        let wrk = self.wrk_row(concurrency)?;
        (wrk.requests_per_s > 0.0).then(|| client.pushes_per_s / wrk.requests_per_s)
    }
}

fn verdict(ok: Option<bool>) -> &'static str {
    match ok {
        Some(true) => "met",
        Some(false) => "**missed**",
        None => "not measured",
    }
}

fn load_text(load: Option<[f64; 3]>) -> String {
    load.map_or_else(
        || "unknown".to_owned(),
        |[a, b, c]| format!("{a:.2}, {b:.2}, {c:.2}"),
    )
}

fn allocs_text(r: &BenchResult) -> String {
    r.allocs
        .map_or_else(|| "–".to_owned(), |a| format!("{a:.2}"))
}

/// The targets table rows: (target, measured, verdict).
fn targets(report: &Report) -> Vec<(String, String, &'static str)> {
    let mut rows = Vec::new();

    let body = report.bench("single_push_body/notification");
    let body_new = report.bench("single_push_body_new_id/notification");
    rows.push((
        "single-push body, NotificationTemplate: ≤ 1.0 µs and ≤ 4 allocations".to_owned(),
        match (body, body_new) {
            (Some(b), new) => format!(
                "{}, {} allocations (with a new random requestId: {})",
                format_ns(b.median_ns),
                allocs_text(b),
                new.map_or_else(
                    || "–".to_owned(),
                    |n| format!("{}, {} allocations", format_ns(n.median_ns), allocs_text(n))
                ),
            ),
            (None, _) => "–".to_owned(),
        },
        verdict(body.map(|b| b.median_ns <= 1_000.0 && b.allocs.is_some_and(|a| a <= 4.0))),
    ));

    let v2_body = report.bench("v2_single_push_body/notification");
    let v2_body_new = report.bench("v2_single_push_body_new_id/notification");
    rows.push((
        "REST v2 single-push body (`PushToSingleByCid::new` + `encode`), notification: ≤ 1.0 µs and ≤ 4 allocations (issue #15)".to_owned(),
        match (v2_body, v2_body_new) {
            (Some(b), new) => format!(
                "{}, {} allocations (with a generated request_id: {})",
                format_ns(b.median_ns),
                allocs_text(b),
                new.map_or_else(
                    || "–".to_owned(),
                    |n| format!("{}, {} allocations", format_ns(n.median_ns), allocs_text(n))
                ),
            ),
            (None, _) => "–".to_owned(),
        },
        verdict(v2_body.map(|b| {
            b.median_ns <= 1_000.0
                && b.allocs.is_some_and(|a| a <= 4.0)
                && v2_body_new
                    .is_some_and(|n| n.median_ns <= 1_000.0 && n.allocs.is_some_and(|a| a <= 4.0))
        })),
    ));

    let mut pb_ok = None;
    let mut pb_text = Vec::new();
    for kind in TemplateKind::ALL {
        let get = |f: &str| {
            report
                .bench(&format!("protobuf/{kind}/{f}"))
                .map(|b| b.median_ns)
        };
        if let (Some(hand), Some(prost), Some(hand_vec), Some(prost_vec)) = (
            get("hand_reuse"),
            get("prost_reuse"),
            get("hand_vec"),
            get("prost_vec"),
        ) {
            let ok = hand <= prost && hand_vec <= prost_vec;
            pb_ok = Some(pb_ok.unwrap_or(true) && ok);
            pb_text.push(format!("{kind} {:.2}×", prost / hand));
        }
    }
    if let (Some(hand), Some(prost)) = (
        report.bench("protobuf/batch_1000/hand_vec"),
        report.bench("protobuf/batch_1000/prost_vec"),
    ) {
        pb_ok = Some(pb_ok.unwrap_or(true) && hand.median_ns <= prost.median_ns);
        pb_text.push(format!(
            "batch_1000 {:.2}×",
            prost.median_ns / hand.median_ns
        ));
    }
    rows.push((
        "protobuf encoder at least as fast as prost's derive encoding".to_owned(),
        if pb_text.is_empty() {
            "–".to_owned()
        } else {
            format!("prost time ÷ hand-written time: {}", pb_text.join(", "))
        },
        verdict(pb_ok),
    ));

    let list = report.bench("list_push_10k/body_gzip");
    rows.push((
        "list push body, 10,000 client ids, gzip: ≤ 2 ms".to_owned(),
        list.map_or_else(|| "–".to_owned(), |b| format_ns(b.median_ns)),
        verdict(list.map(|b| b.median_ns <= 2_000_000.0)),
    ));

    let async64 = report.load_row(false, 64);
    let ratio64 = report.ratio(false, 64);
    rows.push((
        "async client, 64 in flight: ≥ 60% of wrk at 64 connections, p99 ≤ 5 ms".to_owned(),
        match async64 {
            Some(r) => format!(
                "{:.0} pushes/s = {} of wrk, p99 {:.2} ms",
                r.pushes_per_s,
                ratio64.map_or_else(|| "? (no wrk)".to_owned(), target_share),
                r.p99_us / 1000.0
            ),
            None => "–".to_owned(),
        },
        verdict(async64.and_then(|r| Some(ratio64? >= 0.6 && r.p99_us <= 5_000.0))),
    ));

    let blocking1 = report.load_row(true, 1);
    let ratio1 = report.ratio(true, 1);
    rows.push((
        "blocking client, 1 thread: ≥ 80% of wrk at 1 connection".to_owned(),
        match blocking1 {
            Some(r) => format!(
                "{:.0} pushes/s = {} of wrk",
                r.pushes_per_s,
                ratio1.map_or_else(|| "? (no wrk)".to_owned(), target_share),
            ),
            None => "–".to_owned(),
        },
        verdict(ratio1.map(|x| x >= 0.8)),
    ));

    for (v2, blocking, min, issue) in [
        (true, false, 0.6, "#15"),
        (true, true, 0.9, "#15"),
        (false, false, 0.6, "#16"),
        (false, true, 0.9, "#16"),
    ] {
        let row = report.pair(ServerKind::Nginx, v2, true, blocking);
        let target = format!(
            "{} {} client, {}: ≥ {:.0}% of wrk against nginx, fixed body (issue {issue})",
            if v2 { "REST v2" } else { "legacy" },
            if blocking { "blocking" } else { "async" },
            if blocking {
                "1 thread, 1 connection"
            } else {
                "64 in flight, 1 worker thread"
            },
            min * 100.0
        );
        let measured = match row.and_then(|r| Some((r.client?, r))) {
            Some((c, r)) => format!(
                "{:.0} pushes/s = {} of wrk ({}), p99 {:.2} ms; with fresh ids: {}",
                c.pushes_per_s,
                r.ratio().map_or_else(|| "?".to_owned(), target_share),
                r.wrk.map_or_else(
                    || "no wrk".to_owned(),
                    |w| format!("{:.0} requests/s", w.requests_per_s)
                ),
                c.p99_us / 1000.0,
                report
                    .pair(ServerKind::Nginx, v2, false, blocking)
                    .and_then(PairRow::ratio)
                    .map_or_else(|| "–".to_owned(), |x| format!("{} of wrk", target_share(x))),
            ),
            None => report
                .nginx_missing
                .clone()
                .unwrap_or_else(|| "–".to_owned()),
        };
        rows.push((
            target,
            measured,
            verdict(row.and_then(|r| Some(r.ratio()? >= min && r.client?.errors == 0))),
        ));
    }

    rows.push((
        "10,000 pushes in flight: ≤ 64 MiB peak RSS".to_owned(),
        report.inflight.map_or_else(
            || "–".to_owned(),
            |r| {
                format!(
                    "{:.1} MiB ({} errors, {:.0} pushes/s)",
                    r.peak_rss_kib as f64 / 1024.0,
                    r.errors,
                    r.pushes_per_s
                )
            },
        ),
        verdict(
            report
                .inflight
                .map(|r| r.peak_rss_kib <= 64 * 1024 && r.errors == 0),
        ),
    ));

    if let Some(r) = &report.reference {
        rows.push(reference_target(r));
    }
    rows
}

/// The targets-table row of the reference comparison (issue #16: no figure gets worse).
fn reference_target(r: &ReferenceReport) -> (String, String, &'static str) {
    let short = r.short();
    let target = format!(
        "no figure above worse than at the reference `{}` ({short}), both measured side by side \
         in this run (issue #16)",
        r.rev
    );
    let pairs = r
        .comparisons
        .iter()
        .map(|c| c.pairs.len())
        .min()
        .unwrap_or(0);
    let worse = r.worse();
    let measured = if r.comparisons.is_empty() {
        "nothing compared (see Problems)".to_owned()
    } else if worse.is_empty() {
        format!(
            "{} figures compared in {pairs}–{} pairs each: none worse in every pair (see \
             **Against the reference**)",
            r.comparisons.len(),
            r.comparisons
                .iter()
                .map(|c| c.pairs.len())
                .max()
                .unwrap_or(0),
        )
    } else {
        format!(
            "worse in every pair: {}",
            worse
                .iter()
                .map(|c| {
                    let (t, f) = c.medians().unwrap_or((f64::NAN, f64::NAN));
                    format!(
                        "{} ({} against {})",
                        c.figure,
                        c.unit.format(t),
                        c.unit.format(f)
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        )
    };
    let ok = (!r.comparisons.is_empty()).then_some(worse.is_empty());
    (target, measured, verdict(ok))
}

fn reference_section(md: &mut String, report: &Report) {
    let Some(r) = &report.reference else {
        return;
    };
    let short = r.short();
    let _ = writeln!(md, "## Against the reference `{}` ({short})\n", r.rev);
    let _ = writeln!(
        md,
        "The targets table's figures of commit {} (`--reference {}`), exported with `git \
         archive` and built next to this tree, measured with its own criterion benches and \
         load generator, in pairs with this tree's ({} asked for per figure; the order within \
         a pair switches every pair). Criterion runs of the target benches only, `{}`; load \
         runs as in the load table ({} s each), both trees' clients against fresh processes \
         of this tree's getui-mock, each client run right after a wrk run of its own (the \
         mock is the instrument, held the same for both). A figure is worse when it is \
         worse in every pair: with 5 pairs, noise alone does that 1 time in 32. The nginx \
         rows are not compared (their commands are newer than the references).\n",
        r.commit,
        r.rev,
        r.rounds,
        super::reference::CRITERION_ARGS.join(" "),
        report.load_seconds,
    );
    let _ = writeln!(
        md,
        "| figure | this tree (median) | reference (median) | pairs where this tree is worse | every pair (this / reference) | verdict |\n|---|---:|---:|---:|---|---|"
    );
    for c in &r.comparisons {
        let (t, f) = c.medians().unwrap_or((f64::NAN, f64::NAN));
        let every = c
            .pairs
            .iter()
            .map(|(t, f)| format!("{} / {}", c.unit.format(*t), c.unit.format(*f)))
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} of {} | {every} | {} |",
            c.figure,
            c.unit.format(t),
            c.unit.format(f),
            c.worse_pairs(),
            c.pairs.len(),
            if c.is_worse() {
                "**worse**"
            } else {
                "not worse"
            }
        );
    }
    let _ = writeln!(md);
}

/// The generated part of BENCHMARKS.md (up to and including [`HAND_WRITTEN_MARKER`]).
pub fn markdown(report: &Report) -> String {
    let mut md = String::new();
    let m = &report.machine;
    let _ = writeln!(md, "# Benchmarks\n");
    let _ = writeln!(
        md,
        "Generated by `cargo xtask bench` on {} (UTC){}. Every figure below comes from that one \
         run; ratios compare runs of that run. Medians, release build. Other work on the machine \
         makes the numbers noisy: see the load averages.\n",
        report.date,
        if report.quick {
            " with `--quick` (short measurements: indicative only)"
        } else {
            ""
        }
    );

    let _ = writeln!(md, "## Targets (issues #5, #15, #16)\n");
    let _ = writeln!(md, "| target | measured | verdict |\n|---|---|---|");
    for (target, measured, verdict) in targets(report) {
        let _ = writeln!(md, "| {target} | {measured} | {verdict} |");
    }
    let _ = writeln!(
        md,
        "\nWhy a target is missed and what would fix it: see **Findings** at the end.\n"
    );

    let _ = writeln!(md, "## Machine\n");
    let _ = writeln!(md, "| | |\n|---|---|");
    let _ = writeln!(md, "| CPUs (nproc) | {} |", m.nproc);
    let _ = writeln!(md, "| CPU model | {} |", m.cpu_model);
    let _ = writeln!(md, "| rustc | {} |", m.rustc);
    let _ = writeln!(
        md,
        "| wrk | {} |",
        m.wrk.as_deref().unwrap_or("not installed")
    );
    let _ = writeln!(
        md,
        "| nginx | {} |",
        m.nginx.as_deref().unwrap_or("not installed")
    );
    let _ = writeln!(
        md,
        "| load average (1, 5, 15 min) at the start | {} |",
        load_text(m.load_before)
    );
    let _ = writeln!(
        md,
        "| load average (1, 5, 15 min) at the end | {} |",
        load_text(m.load_after)
    );
    if !m.busy_processes.is_empty() {
        let _ = writeln!(
            md,
            "| other busy processes at the start | {} |",
            m.busy_processes.join("; ")
        );
    }
    let _ = writeln!(md);

    method(&mut md, report);
    encoding_tables(&mut md, report);
    load_tables(&mut md, report);
    reference_section(&mut md, report);

    if !report.problems.is_empty() {
        let _ = writeln!(md, "## Problems during this run\n");
        for p in &report.problems {
            let _ = writeln!(md, "- {p}");
        }
        let _ = writeln!(md);
    }
    let _ = writeln!(md, "{HAND_WRITTEN_MARKER}\n");
    md
}

fn method(md: &mut String, report: &Report) {
    let _ = writeln!(md, "## Method\n");
    let _ = writeln!(
        md,
        "* **Encoders** (`benches/benches/*.rs`, criterion 0.5, `cargo bench -p getui-benches`): \
         each benchmark starts from ready model values (templates in `benches/src/fixtures.rs`, \
         the official JSON form) and ends with the bytes of the request. `single_push_body/<template>` \
         is `PushMessageToSingle::with_request_id` (validation, protobuf kept in the action) + \
         `encode` (JSON with the base64 `clientData`, `version`, `authToken`); \
         `single_push_body_new_id` uses `PushMessageToSingle::new`, which also draws the random \
         `requestId` as every push through the client does. The notification body is {} bytes.",
        report
            .push_body_len
            .map_or_else(|| "?".to_owned(), |n| n.to_string())
    );
    let _ = writeln!(
        md,
        "* **Allocations** are counted by a counting global allocator in each bench binary \
         (`benches/src/alloc.rs`): `alloc` + `realloc` calls per call, averaged over many calls \
         after one warm-up call; counting is off while criterion times."
    );
    let _ = writeln!(
        md,
        "* **prost** (`benches/src/prost_equiv.rs`): prost values equal to what the hand-written \
         encoder writes (a test checks that both encode to the same bytes for every fixture). \
         `hand_reuse` (`pb::write_transparent`, validation included) vs `prost_reuse` \
         (`Message::encode` of a ready value), both into a reused buffer; `hand_vec` \
         (`pb::transparent`) vs `prost_vec` (`encode_to_vec`); `prost_build_vec` also builds the \
         prost value from the model, which is what the library would do with prost."
    );
    let _ = writeln!(
        md,
        "* **Load** (`examples/loadgen.rs`): for every run a fresh `getui-mock` process \
         (`target/release/getui-mock --port 0 --no-record --threads {MOCK_THREADS}`, see below), \
         then the \
         load generator in another process: the real client path (`Client::builder(…).config(|c| \
         c.host(url))`, host list, `connect`, then `push_to_single` with a distinct client id and \
         a fresh `requestId` per push), {:.0} s per run, {} round(s): at each concurrency wrk, \
         the async client and the blocking client run back to back, and the table shows the \
         round with the median rate (every round's rate is listed below the table). E.g. \
         `cargo run --release -p getui-benches --example loadgen -- {}` (`-p getui-benches` is needed: the \
         example belongs to that crate, which is not a default member of the workspace). The async client runs N tasks on a tokio runtime \
         with `--workers {LOAD_THREADS}` worker thread(s); the blocking client N threads sharing one \
         `getui::blocking::Client`. Client, mock (and wrk) share the {} CPUs, so they are split \
         between the server and the load generator, about one core each: the mock's tokio \
         runtime gets `--threads {MOCK_THREADS}` (like an nginx with `worker_processes 1`), the \
         async client's runtime `--workers {LOAD_THREADS}` and wrk `-t{LOAD_THREADS}`, instead \
         of their defaults of one thread per CPU. With one thread per CPU on both sides, three \
         or four busy threads time-slice on two CPUs, and the tail latencies of loadgen and wrk \
         then measure the scheduler more than the client (the experiments with `--workers 2` \
         and `--threads 2` below show the difference). {}",
        report.load_seconds,
        report.load_rounds,
        report.example_loadgen_command,
        report.machine.nproc,
        placement_text(report.placement)
    );
    let _ = writeln!(
        md,
        "* **wrk** against the same kind of fresh mock, with the same push body: \
         `getui-bench wrk-body` connects, checks that one push is accepted, and writes the body \
         with markers; `benches/wrk/push.lua` replaces the markers with a fresh 36-character \
         request id and 32-character client id per request (the mock de-duplicates on \
         `requestId`, so a fixed body would be cheaper for it than the SDK's pushes). Command: \
         `{}`. wrk needs a body with a valid token, so by hand:\n\n  ```sh\n  \
         target/release/getui-mock --port 8899 --no-record --threads {MOCK_THREADS} &\n  \
         cargo run --release -p getui-benches --bin getui-bench -- wrk-body --url \
         http://127.0.0.1:8899/serviceex --out wrk-body.json\n  \
         GETUI_WRK_BODY=wrk-body.json wrk -t1 -c64 -d10s --latency -s benches/wrk/push.lua \
         http://127.0.0.1:8899/apiex.htm\n  ```",
        report.example_wrk_command
    );
    let _ = writeln!(
        md,
        "* **In flight**: `loadgen --concurrency 10000 --requests 10000` against a fresh mock \
         process: 10,000 pushes started at once (10,000 tasks, 10,000 connections); peak RSS is the \
         load generator's `VmHWM` (the mock runs in its own process)."
    );
    let _ = writeln!(
        md,
        "* **REST v2 encoding** (`benches/benches/v2.rs`): `v2_single_push_body/<template>` is \
         `PushToSingleByCid::new` (validation, the JSON body written once and kept in the action) \
         + `v2::request::encode` (method, path with the app id, token, body) of a ready \
         `PushRequest` with the caller's `request_id` (the v2 form of the notification and \
         transmission fixtures, `benches/src/fixtures.rs`); `v2_single_push_body_new_id` leaves \
         `request_id` out so the action generates one; `v2_answer/single_push` parses the \
         answer to one push (`Envelope::parse` + the action's `parse`)."
    );
    let _ = writeln!(
        md,
        "* **REST v2 load** (`loadgen --protocol v2 --url BASE`, BASE the v2 base URL; the client \
         appends `/v2/{{appId}}/…`): `v2::Client::builder(app_id, app_key, secret).base_url(BASE)`, \
         `authenticate`, then `push_to_single_by_cid` to a distinct cid without `request_id` \
         (generated by the client) per push; async at 64 in flight with `--workers \
         {LOAD_THREADS}`, blocking at 1 thread, against fresh getui-mock processes, each next \
         to wrk posting the same v2 push with a fresh request_id and cid per request \
         (`benches/wrk/push_v2.lua`; `{}`).",
        report.example_wrk_v2_command
    );
    let _ = writeln!(
        md,
        "* **nginx baseline** (issues #15, #16; run when `nginx` and `wrk` are installed: \
         {}): one nginx (`benches/nginx/nginx.conf`, `worker_processes 1`, canned answers, \
         nothing checked, started on a free port) serves both generations. For each generation, \
         body and client, {} round(s): in each round wrk and the client take turns in one-second \
         slices, {:.0} s each in all (the machine's speed drifts over seconds, and taking turns \
         every second measures both under the same conditions; a round's rate is the mean of its \
         slices, its p99 the highest); \
         the table shows the round with the median client ÷ wrk ratio and lists every round. \
         *Fixed body*: every request is the same bytes (wrk posts one body with no Lua per \
         request; `loadgen --fixed` pushes to one client id with a fixed request id); *fresh \
         ids*: a new request id and client id per push (wrk builds each body in Lua, which \
         costs wrk some of its rate). The targets compare with the fixed body. The same nginx \
         then serves the blocking HTTP/1.1 stack at one connection (the last table). The \
         same placement as above.\n",
        super::INSTALL_HINT,
        report.load_rounds,
        report.load_seconds
    );
}

/// How the processes of the nginx runs were placed.
fn placement_text(placement: Option<super::load::Placement>) -> String {
    match placement {
        Some(p) => format!(
            "*Placement*: the server (getui-mock or nginx) runs on CPU {} and wrk and the load \
             generator on CPU {} (`taskset -c`), in every round: each side has a CPU of its own, \
             and the one-connection round trip does not change with where the scheduler happens \
             to put the two processes (the experiments with other thread counts are not pinned; \
             `--no-pin` leaves everything to the scheduler).",
            p.server, p.client
        ),
        None => "*Placement*: left to the scheduler (not pinned: `--no-pin`, fewer than two \
                 CPUs, or no `taskset`)."
            .to_owned(),
    }
}

fn encoding_tables(md: &mut String, report: &Report) {
    if report.benches.is_empty() {
        let _ = writeln!(md, "## Encoding\n\nNot measured in this run.\n");
        return;
    }
    let _ = writeln!(md, "## Encoding (criterion medians)\n");
    let _ = writeln!(
        md,
        "| benchmark | median | allocations per call | bytes allocated per call |\n|---|---:|---:|---:|"
    );
    for (id, r) in &report.benches {
        // The protobuf comparisons have their own table.
        if id.starts_with("protobuf/") {
            continue;
        }
        let _ = writeln!(
            md,
            "| `{id}` | {} | {} | {} |",
            format_ns(r.median_ns),
            allocs_text(r),
            r.bytes
                .map_or_else(|| "–".to_owned(), |b| format!("{b:.0}"))
        );
    }
    let _ = writeln!(md, "\n### Protobuf: hand-written encoder vs prost\n");
    let _ = writeln!(
        md,
        "| message | hand_reuse | prost_reuse | prost ÷ hand | hand_vec | prost_vec | prost_build_vec | allocations hand_vec / prost_build_vec |\n|---|---:|---:|---:|---:|---:|---:|---:|"
    );
    let mut names: Vec<String> = TemplateKind::ALL
        .iter()
        .map(|k| k.name().to_owned())
        .collect();
    names.push("batch_1000".to_owned());
    for name in names {
        let get = |f: &str| report.bench(&format!("protobuf/{name}/{f}"));
        let time = |f: &str| get(f).map_or_else(|| "–".to_owned(), |b| format_ns(b.median_ns));
        let ratio = match (get("hand_reuse"), get("prost_reuse")) {
            (Some(h), Some(p)) => format!("{:.2}×", p.median_ns / h.median_ns),
            _ => match (get("hand_vec"), get("prost_vec")) {
                (Some(h), Some(p)) => format!("{:.2}× (vec)", p.median_ns / h.median_ns),
                _ => "–".to_owned(),
            },
        };
        let allocs = format!(
            "{} / {}",
            get("hand_vec").map_or_else(|| "–".to_owned(), allocs_text),
            get("prost_build_vec").map_or_else(|| "–".to_owned(), allocs_text)
        );
        let _ = writeln!(
            md,
            "| {name} | {} | {} | {ratio} | {} | {} | {} | {allocs} |",
            time("hand_reuse"),
            time("prost_reuse"),
            time("hand_vec"),
            time("prost_vec"),
            time("prost_build_vec"),
        );
    }
    let _ = writeln!(md);
}

fn load_tables(md: &mut String, report: &Report) {
    let _ = writeln!(md, "## Load against getui-mock\n");
    if report.load.is_empty() && report.wrk.is_empty() {
        let _ = writeln!(md, "Not measured in this run.\n");
        return;
    }
    let _ = writeln!(
        md,
        "| client | in flight | pushes/s | p50 | p99 | errors | peak RSS | share of wrk |\n|---|---:|---:|---:|---:|---:|---:|---:|"
    );
    for blocking in [false, true] {
        for c in CONCURRENCIES {
            let Some(r) = report.load_row(blocking, c) else {
                continue;
            };
            let _ = writeln!(
                md,
                "| {} | {c} | {:.0} | {:.0} µs | {:.0} µs | {} | {:.1} MiB | {} |",
                if blocking { "blocking" } else { "async" },
                r.pushes_per_s,
                r.p50_us,
                r.p99_us,
                r.errors,
                r.peak_rss_kib as f64 / 1024.0,
                report
                    .ratio(blocking, c)
                    .map_or_else(|| "–".to_owned(), |x| format!("{:.0}%", x * 100.0))
            );
        }
    }
    for r in &report.wrk {
        let _ = writeln!(
            md,
            "| wrk | {} | {:.0} | {:.0} µs | {:.0} µs | {} | – | 100% |",
            r.connections,
            r.result.requests_per_s,
            r.result.p50_us,
            r.result.p99_us,
            r.result.errors
        );
    }
    if let Some(r) = &report.inflight {
        let _ = writeln!(
            md,
            "| async | 10000 | {:.0} | {:.0} µs | {:.0} µs | {} | {:.1} MiB | – |",
            r.pushes_per_s,
            r.p50_us,
            r.p99_us,
            r.errors,
            r.peak_rss_kib as f64 / 1024.0
        );
    }
    if let Some(why) = &report.wrk_missing {
        let _ = writeln!(md, "\nwrk: {why}");
    }
    if !report.all_rates.is_empty() {
        let list = |v: &[f64]| {
            v.iter()
                .map(|x| format!("{x:.0}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = writeln!(md, "\nEvery round (pushes/s):\n");
        for (c, a, b, w) in &report.all_rates {
            let _ = writeln!(
                md,
                "- {c} in flight: async {}; blocking {}; wrk {}",
                list(a),
                list(b),
                if w.is_empty() {
                    "–".to_owned()
                } else {
                    list(w)
                }
            );
        }
    }
    if !report.experiments.is_empty() {
        let _ = writeln!(
            md,
            "\n### Experiments (other configurations than the table above)\n\n\
             The `--max-connections` rows replace the client's HTTP stack by a bounded one (not \
             the default client path); the `--workers 2` row gives the async client's runtime \
             one worker per CPU (its default, and the configuration of the runs before they got \
             `--workers {LOAD_THREADS}`); the `--threads 2` row runs the mock on two worker \
             threads (the configuration before the mock was started with \
             `--threads {MOCK_THREADS}`).\n"
        );
        let _ = writeln!(
            md,
            "| experiment | loadgen arguments | pushes/s | p50 | p99 | errors | peak RSS |\n|---|---|---:|---:|---:|---:|---:|"
        );
        for (label, args, r) in &report.experiments {
            let _ = writeln!(
                md,
                "| {label} | `{args}` | {:.0} | {:.0} µs | {:.0} µs | {} | {:.1} MiB |",
                r.pushes_per_s,
                r.p50_us,
                r.p99_us,
                r.errors,
                r.peak_rss_kib as f64 / 1024.0
            );
        }
    }
    let _ = writeln!(
        md,
        "\n![pushes per second against concurrency](benches/{CHART_FILE})\n"
    );
    pair_table(
        md,
        "## REST v2 against getui-mock",
        &report.v2_mock,
        report.wrk_missing.as_deref(),
    );
    pair_table(
        md,
        "## Against nginx (legacy and REST v2)",
        &report.nginx,
        report.nginx_missing.as_deref(),
    );
    blocking_http_table(md, report);
    async_http_table(md, report);
}

/// The async HTTP/1.1 stacks next to wrk at 64 in flight, round by round: why getui-transport
/// has a pool of its own.
fn async_http_table(md: &mut String, report: &Report) {
    let _ = writeln!(
        md,
        "## Async HTTP/1.1 stacks at 64 in flight: HyperClient vs hyper-util vs hyper's connection vs wrk\n"
    );
    if report.async_http.is_empty() {
        let _ = writeln!(
            md,
            "{}\n",
            report
                .nginx_missing
                .as_deref()
                .unwrap_or("Not measured in this run.")
        );
        return;
    }
    let _ = writeln!(
        md,
        "The HTTP stack of the async clients alone, against the nginx above, with the fixed \
         {}-byte legacy single push (`POST /apiex.htm`, the headers the SDK sends), {} requests \
         in flight on a tokio runtime with one worker thread, every answer read whole: \
         getui-transport's `HyperClient` (hyper's HTTP/1.1 connections in the transport's own \
         pool, `crates/getui-transport/src/hyper_pool.rs`), hyper-util's pooled \
         `client::legacy::Client` (what the transport used before; same pool limits) and \
         hyper's `client::conn::http1` with one connection per task and no pool (the floor of \
         what hyper costs); wrk `-t1 -c{}` posts the same bytes. In each round wrk and the \
         three stacks run back to back, {:.0} s each (`getui-bench async-http`, a process \
         per run).\n",
        report
            .push_body_len
            .map_or_else(|| "~1000".to_owned(), |n| n.to_string()),
        super::async_http::DEFAULT_CONCURRENCY,
        super::async_http::DEFAULT_CONCURRENCY,
        report.load_seconds
    );
    let _ = writeln!(
        md,
        "| round | wrk requests/s | HyperClient | hyper-util | hyper conn | HyperClient ÷ wrk | hyper-util ÷ wrk | hyper conn ÷ wrk | HyperClient ÷ hyper-util | errors (HyperClient, hyper-util, hyper conn) |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
    );
    let count =
        |r: Option<AsyncStackResult>| r.map_or_else(|| "–".to_owned(), |r| r.errors.to_string());
    let rates = |r: &AsyncHttpRound| {
        [r.getui, r.hyper_util, r.hyper_conn].map(|s| s.map(|s| s.requests_per_s))
    };
    for (i, r) in report.async_http.iter().enumerate() {
        let [getui, util, conn] = rates(r);
        let [g, u, c, gu] = r.ratios();
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {}, {}, {} |",
            i + 1,
            rate(r.wrk.map(|w| w.requests_per_s)),
            rate(getui),
            rate(util),
            rate(conn),
            percent(g),
            percent(u),
            percent(c),
            percent(gu),
            count(r.getui),
            count(r.hyper_util),
            count(r.hyper_conn),
        );
    }
    let rounds = &report.async_http;
    let _ = writeln!(
        md,
        "| median | {} | {} | {} | {} | {} | {} | {} | {} | |",
        rate(median(
            rounds.iter().map(|r| r.wrk.map(|w| w.requests_per_s))
        )),
        rate(median(rounds.iter().map(|r| rates(r)[0]))),
        rate(median(rounds.iter().map(|r| rates(r)[1]))),
        rate(median(rounds.iter().map(|r| rates(r)[2]))),
        percent(median(rounds.iter().map(|r| r.ratios()[0]))),
        percent(median(rounds.iter().map(|r| r.ratios()[1]))),
        percent(median(rounds.iter().map(|r| r.ratios()[2]))),
        percent(median(rounds.iter().map(|r| r.ratios()[3]))),
    );
    if !report.async_http_commands.is_empty() {
        let commands: Vec<String> = report
            .async_http_commands
            .iter()
            .map(|c| format!("`{c}`"))
            .collect();
        let _ = writeln!(md, "\nCommands: {}.", commands.join("; "));
    }
    let _ = writeln!(md);
}

fn rate(r: Option<f64>) -> String {
    r.map_or_else(|| "–".to_owned(), |x| format!("{x:.0}"))
}

/// A share of wrk's rate in the targets table, to a tenth of a percent: a whole-number
/// rounding would show 59.8% as "60%" next to a missed ≥ 60% target.
fn target_share(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

fn percent(r: Option<f64>) -> String {
    r.map_or_else(|| "–".to_owned(), |x| format!("{:.0}%", x * 100.0))
}

/// The median of the values present.
fn median(values: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    let mut v: Vec<f64> = values.flatten().collect();
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied()
}

/// getui-transport's `SocketClient` next to ureq and wrk at one connection, round by round.
fn blocking_http_table(md: &mut String, report: &Report) {
    let _ = writeln!(
        md,
        "## Blocking HTTP/1.1 stack at one connection: SocketClient vs ureq vs wrk
"
    );
    if report.blocking_http.is_empty() {
        let _ = writeln!(
            md,
            "{}\n",
            report
                .nginx_missing
                .as_deref()
                .unwrap_or("Not measured in this run.")
        );
        return;
    }
    let _ = writeln!(
        md,
        "The HTTP client of `getui::blocking::Client` alone: getui-transport's `SocketClient` \
         (built as the library builds it, `HttpClientBuilder::build_socket_client`, called \
         through the `BlockingHttpClient` trait) and a ureq 3 `Agent` (no TLS, default \
         configuration) each post the fixed {}-byte legacy single push to the nginx above \
         (`POST /apiex.htm`, the headers the SDK sends), one request after the other over one \
         keep-alive connection, reading every answer whole, after {} warm-up requests; wrk \
         `-t1 -c1` posts the same bytes (`benches/wrk/push.lua` with that body). In each round \
         wrk, SocketClient and ureq run back to back, {:.0} s each (`getui-bench \
         blocking-http`, a process per run). Requests/s are the requests answered with 200.\n",
        report
            .push_body_len
            .map_or_else(|| "~1000".to_owned(), |n| n.to_string()),
        super::blocking_http::DEFAULT_WARMUP,
        report.load_seconds
    );
    let _ = writeln!(
        md,
        "| round | wrk requests/s | SocketClient requests/s | ureq requests/s | SocketClient ÷ wrk | ureq ÷ wrk | SocketClient ÷ ureq | SocketClient p50 / p99 | ureq p50 / p99 | errors (wrk, SocketClient, ureq) |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
    );
    let latency = |r: Option<StackResult>| {
        r.map_or_else(
            || "–".to_owned(),
            |r| format!("{:.0} / {:.0} µs", r.p50_us, r.p99_us),
        )
    };
    let errors = |r: &BlockingHttpRound| {
        let count = |e: Option<u64>| e.map_or_else(|| "–".to_owned(), |e| e.to_string());
        format!(
            "{}, {}, {}",
            count(r.wrk.map(|w| w.errors)),
            count(r.socket_client.map(|s| s.errors)),
            count(r.ureq.map(|u| u.errors))
        )
    };
    for (i, r) in report.blocking_http.iter().enumerate() {
        let [socket_wrk, ureq_wrk, socket_ureq] = r.ratios();
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            i + 1,
            rate(r.wrk.map(|w| w.requests_per_s)),
            rate(r.socket_client.map(|s| s.requests_per_s)),
            rate(r.ureq.map(|u| u.requests_per_s)),
            percent(socket_wrk),
            percent(ureq_wrk),
            percent(socket_ureq),
            latency(r.socket_client),
            latency(r.ureq),
            errors(r),
        );
    }
    let rounds = &report.blocking_http;
    let _ = writeln!(
        md,
        "| median | {} | {} | {} | {} | {} | {} | | | |",
        rate(median(
            rounds.iter().map(|r| r.wrk.map(|w| w.requests_per_s))
        )),
        rate(median(
            rounds
                .iter()
                .map(|r| r.socket_client.map(|s| s.requests_per_s))
        )),
        rate(median(
            rounds.iter().map(|r| r.ureq.map(|u| u.requests_per_s))
        )),
        percent(median(rounds.iter().map(|r| r.ratios()[0]))),
        percent(median(rounds.iter().map(|r| r.ratios()[1]))),
        percent(median(rounds.iter().map(|r| r.ratios()[2]))),
    );
    if !report.blocking_http_commands.is_empty() {
        let commands: Vec<String> = report
            .blocking_http_commands
            .iter()
            .map(|c| format!("`{c}`"))
            .collect();
        let _ = writeln!(md, "\nCommands: {}.", commands.join("; "));
    }
    let _ = writeln!(md);
}

/// A table of client runs next to the wrk run of the same round.
fn pair_table(md: &mut String, title: &str, rows: &[PairRow], missing: Option<&str>) {
    let _ = writeln!(md, "{title}\n");
    if rows.is_empty() {
        let _ = writeln!(md, "{}\n", missing.unwrap_or("Not measured in this run."));
        return;
    }
    let _ = writeln!(
        md,
        "| protocol | client | in flight | body | pushes/s | p50 | p99 | errors | wrk requests/s | wrk errors | share of wrk |\n|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|"
    );
    for r in rows {
        let Some(c) = r.client else { continue };
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {:.0} | {:.0} µs | {:.0} µs | {} | {} | {} | {} |",
            if r.v2 { "REST v2" } else { "legacy" },
            if r.blocking { "blocking" } else { "async" },
            r.concurrency,
            if r.fixed { "fixed" } else { "fresh ids" },
            c.pushes_per_s,
            c.p50_us,
            c.p99_us,
            c.errors,
            r.wrk
                .map_or_else(|| "–".to_owned(), |w| format!("{:.0}", w.requests_per_s)),
            r.wrk
                .map_or_else(|| "–".to_owned(), |w| w.errors.to_string()),
            r.ratio()
                .map_or_else(|| "–".to_owned(), |x| format!("{:.0}%", x * 100.0)),
        );
    }
    let _ = writeln!(
        md,
        "\nEvery round (client pushes/s ÷ wrk requests/s = share):\n"
    );
    for r in rows {
        let rounds: Vec<String> = r
            .rounds
            .iter()
            .map(|(c, w)| match w {
                Some(w) if *w > 0.0 => format!("{c:.0} ÷ {w:.0} = {:.0}%", c / w * 100.0),
                _ => format!("{c:.0}"),
            })
            .collect();
        let _ = writeln!(md, "- {}: {}", r.label(), rounds.join("; "));
    }
    if let Some(r) = rows.first() {
        let _ = writeln!(md, "\nloadgen arguments, e.g.: `{}`", r.command);
    }
    let _ = writeln!(md);
}

/// One line of the chart: name, colour, (concurrency, rate) points.
type Series<'a> = (&'a str, &'a str, Vec<(usize, f64)>);

/// The chart: pushes/s against concurrency (1, 4, 16, 64) for the async client, the blocking
/// client and wrk, as a hand-written SVG.
pub fn svg(report: &Report) -> String {
    const W: f64 = 640.0;
    const H: f64 = 400.0;
    const LEFT: f64 = 80.0;
    const RIGHT: f64 = 150.0;
    const TOP: f64 = 40.0;
    const BOTTOM: f64 = 60.0;
    let series: Vec<Series<'_>> = vec![
        (
            "async client",
            "#1f77b4",
            CONCURRENCIES
                .iter()
                .filter_map(|&c| Some((c, report.load_row(false, c)?.pushes_per_s)))
                .collect(),
        ),
        (
            "blocking client",
            "#ff7f0e",
            CONCURRENCIES
                .iter()
                .filter_map(|&c| Some((c, report.load_row(true, c)?.pushes_per_s)))
                .collect(),
        ),
        (
            "wrk",
            "#2ca02c",
            CONCURRENCIES
                .iter()
                .filter_map(|&c| Some((c, report.wrk_row(c)?.requests_per_s)))
                .collect(),
        ),
    ];
    let max = series
        .iter()
        .flat_map(|(_, _, points)| points.iter().map(|p| p.1))
        .fold(0.0_f64, f64::max);
    let top = nice_ceiling(max.max(1.0));
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let x = |c: usize| {
        let i = CONCURRENCIES.iter().position(|&k| k == c).unwrap_or(0) as f64;
        LEFT + plot_w * i / (CONCURRENCIES.len() - 1) as f64
    };
    let y = |v: f64| TOP + plot_h * (1.0 - v / top);

    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(s, r#"<rect width="{W}" height="{H}" fill="white"/>"#);
    let _ = writeln!(
        s,
        r#"<text x="{}" y="22" text-anchor="middle" font-size="14">Single pushes per second against getui-mock ({})</text>"#,
        LEFT + plot_w / 2.0,
        report.date
    );
    for i in 0..=5 {
        let v = top * f64::from(i) / 5.0;
        let yy = y(v);
        let _ = writeln!(
            s,
            r##"<line x1="{LEFT}" y1="{yy:.1}" x2="{:.1}" y2="{yy:.1}" stroke="#ddd"/><text x="{:.1}" y="{:.1}" text-anchor="end">{:.0}</text>"##,
            LEFT + plot_w,
            LEFT - 6.0,
            yy + 4.0,
            v
        );
    }
    for c in CONCURRENCIES {
        let xx = x(c);
        let _ = writeln!(
            s,
            r##"<line x1="{xx:.1}" y1="{TOP}" x2="{xx:.1}" y2="{:.1}" stroke="#eee"/><text x="{xx:.1}" y="{:.1}" text-anchor="middle">{c}</text>"##,
            TOP + plot_h,
            TOP + plot_h + 18.0
        );
    }
    let _ = writeln!(
        s,
        r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">in flight (tasks, threads or connections)</text>"#,
        LEFT + plot_w / 2.0,
        H - 18.0
    );
    let _ = writeln!(
        s,
        r#"<text x="18" y="{:.1}" text-anchor="middle" transform="rotate(-90 18 {:.1})">pushes / s</text>"#,
        TOP + plot_h / 2.0,
        TOP + plot_h / 2.0
    );
    let _ = writeln!(
        s,
        r#"<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="none" stroke="black"/>"#
    );
    for (i, (name, color, points)) in series.iter().enumerate() {
        if !points.is_empty() {
            let path: Vec<String> = points
                .iter()
                .map(|&(c, v)| format!("{:.1},{:.1}", x(c), y(v)))
                .collect();
            let _ = writeln!(
                s,
                r#"<polyline fill="none" stroke="{color}" stroke-width="2" points="{}"/>"#,
                path.join(" ")
            );
            for &(c, v) in points {
                let _ = writeln!(
                    s,
                    r#"<circle cx="{:.1}" cy="{:.1}" r="3.5" fill="{color}"><title>{name}, {c}: {v:.0}/s</title></circle>"#,
                    x(c),
                    y(v)
                );
            }
        }
        let ly = TOP + 16.0 + 20.0 * i as f64;
        let lx = LEFT + plot_w + 14.0;
        let _ = writeln!(
            s,
            r#"<line x1="{lx}" y1="{ly}" x2="{}" y2="{ly}" stroke="{color}" stroke-width="2"/><text x="{}" y="{}">{name}</text>"#,
            lx + 20.0,
            lx + 26.0,
            ly + 4.0
        );
    }
    let _ = writeln!(s, "</svg>");
    s
}

/// The smallest 1, 2 or 5 × 10^k at least `value`.
fn nice_ceiling(value: f64) -> f64 {
    let magnitude = 10f64.powf(value.log10().floor());
    for step in [1.0, 2.0, 5.0, 10.0] {
        if step * magnitude >= value {
            return step * magnitude;
        }
    }
    10.0 * magnitude
}

/// The whole BENCHMARKS.md: the generated part, then what the old file had below
/// [`HAND_WRITTEN_MARKER`] (or a placeholder).
pub fn merge(generated: &str, old: Option<&str>) -> String {
    let kept = old
        .and_then(|text| text.split_once(HAND_WRITTEN_MARKER))
        .map(|(_, tail)| tail.trim_start_matches('\n'))
        .unwrap_or("## Findings\n\n(to be written after a full run)\n");
    format!("{generated}{kept}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Report {
        let mut benches = BTreeMap::new();
        let mut put = |id: &str, ns: f64, allocs: f64| {
            benches.insert(
                id.to_owned(),
                BenchResult {
                    median_ns: ns,
                    allocs: Some(allocs),
                    bytes: Some(100.0),
                },
            );
        };
        put("single_push_body/notification", 900.0, 4.0);
        put("single_push_body_new_id/notification", 1100.0, 4.0);
        put("v2_single_push_body/notification", 700.0, 4.0);
        put("v2_single_push_body_new_id/notification", 750.0, 4.0);
        put("list_push_10k/body_gzip", 3_000_000.0, 3.0);
        for kind in TemplateKind::ALL {
            put(&format!("protobuf/{kind}/hand_reuse"), 100.0, 0.0);
            put(&format!("protobuf/{kind}/prost_reuse"), 250.0, 0.0);
            put(&format!("protobuf/{kind}/hand_vec"), 120.0, 1.0);
            put(&format!("protobuf/{kind}/prost_vec"), 260.0, 1.0);
        }
        let row = |blocking, concurrency, pushes_per_s| LoadRow {
            blocking,
            concurrency,
            result: LoadResult {
                pushes_per_s,
                p50_us: 100.0,
                p99_us: 4000.0,
                errors: 0,
                peak_rss_kib: 20_000,
            },
        };
        Report {
            date: "2026-01-01 00:00".into(),
            benches,
            load: vec![row(false, 64, 30_000.0), row(true, 1, 7_000.0)],
            wrk: vec![
                WrkRow {
                    connections: 64,
                    result: WrkResult {
                        requests_per_s: 40_000.0,
                        ..WrkResult::default()
                    },
                },
                WrkRow {
                    connections: 1,
                    result: WrkResult {
                        requests_per_s: 10_000.0,
                        ..WrkResult::default()
                    },
                },
            ],
            inflight: Some(LoadResult {
                peak_rss_kib: 70 * 1024,
                ..LoadResult::default()
            }),
            nginx: vec![
                nginx_row(true, false, 70_000.0, 100_000.0),
                nginx_row(false, false, 50_000.0, 100_000.0),
                nginx_row(false, true, 8_000.0, 10_000.0),
            ],
            ..Report::default()
        }
    }

    fn nginx_row(v2: bool, blocking: bool, client: f64, wrk: f64) -> PairRow {
        PairRow {
            server: ServerKind::Nginx,
            v2,
            fixed: true,
            blocking,
            concurrency: if blocking { 1 } else { 64 },
            client: Some(LoadResult {
                pushes_per_s: client,
                ..LoadResult::default()
            }),
            wrk: Some(WrkResult {
                requests_per_s: wrk,
                ..WrkResult::default()
            }),
            rounds: vec![(client, Some(wrk))],
            command: String::new(),
        }
    }

    #[test]
    fn verdicts() {
        let rows = targets(&sample());
        let verdicts: Vec<_> = rows.iter().map(|r| r.2).collect();
        assert_eq!(
            verdicts,
            [
                "met",
                "met",
                "met",
                "**missed**",
                "met",
                "**missed**",
                "met",
                "not measured",
                "**missed**",
                "**missed**",
                "**missed**"
            ]
        );
        assert!(rows[4].1.contains("75.0% of wrk"), "{}", rows[4].1);
        assert!(rows[6].1.contains("70.0% of wrk"), "{}", rows[6].1);
        assert!(targets(&Report::default())
            .iter()
            .all(|r| r.2 == "not measured"));
    }

    #[test]
    fn a_share_just_below_its_target_is_not_shown_as_the_target() {
        let mut report = sample();
        report.nginx[0] = nginx_row(true, false, 59_800.0, 100_000.0);
        let rows = targets(&report);
        assert!(rows[6].1.contains("= 59.8% of wrk"), "{}", rows[6].1);
        assert_eq!(rows[6].2, "**missed**");
    }

    #[test]
    fn reference_row_and_section() {
        use crate::runner::reference::{Better, Comparison, Unit};
        let mut report = sample();
        let mut body = Comparison::new(
            "single-push body, notification, time",
            Unit::Nanos,
            Better::Lower,
        );
        body.pairs = vec![(480.0, 560.0), (530.0, 520.0)];
        let mut share = Comparison::new(
            "async client, 64 in flight, share of wrk",
            Unit::Share,
            Better::Higher,
        );
        share.pairs = vec![(1.00, 1.02), (0.99, 1.01)];
        report.reference = Some(ReferenceReport {
            rev: "9238525".into(),
            commit: "9238525aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".into(),
            rounds: 2,
            comparisons: vec![body],
        });
        let row = targets(&report).pop().unwrap();
        assert_eq!(row.2, "met");
        assert!(row.0.contains("`9238525` (9238525aaaaa)"), "{}", row.0);
        assert!(
            row.1.contains("1 figures compared in 2–2 pairs"),
            "{}",
            row.1
        );
        let md = markdown(&report);
        assert!(md.contains("## Against the reference `9238525` (9238525aaaaa)"));
        assert!(
            md.contains("| single-push body, notification, time | 505 ns | 540 ns | 1 of 2 | 480 ns / 560 ns, 530 ns / 520 ns | not worse |"),
            "{md}"
        );

        report.reference.as_mut().unwrap().comparisons.push(share);
        let row = targets(&report).pop().unwrap();
        assert_eq!(row.2, "**missed**");
        assert_eq!(
            row.1,
            "worse in every pair: async client, 64 in flight, share of wrk (100% against 102%)"
        );
        assert!(markdown(&report).contains("| 2 of 2 | 100% / 102%, 99% / 101% | **worse** |"));

        report.reference.as_mut().unwrap().comparisons.clear();
        assert_eq!(targets(&report).pop().unwrap().2, "not measured");
        assert!(!markdown(&sample()).contains("Against the reference"));
    }

    #[test]
    fn markdown_keeps_the_hand_written_part() {
        let generated = markdown(&sample());
        assert!(generated.contains("| `single_push_body/notification` | 900 ns | 4.00 | 100 |"));
        assert!(generated.ends_with(&format!("{HAND_WRITTEN_MARKER}\n\n")));
        assert!(generated.contains("getui-mock --port 0 --no-record --threads 1`"));
        let old = format!("# old\n{HAND_WRITTEN_MARKER}\n\n## Findings\n\nkept\n");
        let merged = merge(&generated, Some(&old));
        assert!(merged.ends_with("## Findings\n\nkept\n"));
        assert!(!merged.contains("# old"));
        assert!(merge(&generated, None).contains("## Findings"));
    }

    #[test]
    fn blocking_http_stack_table() {
        let stack = |requests_per_s| StackResult {
            requests_per_s,
            p50_us: 22.0,
            p99_us: 45.0,
            ..StackResult::default()
        };
        let wrk = |requests_per_s| WrkResult {
            requests_per_s,
            ..WrkResult::default()
        };
        let mut report = sample();
        report.blocking_http = vec![
            BlockingHttpRound {
                wrk: Some(wrk(40_000.0)),
                socket_client: Some(stack(38_000.0)),
                ureq: Some(stack(30_000.0)),
            },
            BlockingHttpRound {
                wrk: Some(wrk(44_000.0)),
                socket_client: None,
                ureq: Some(stack(33_000.0)),
            },
        ];
        let md = markdown(&report);
        let at = md
            .find("## Blocking HTTP/1.1 stack at one connection: SocketClient vs ureq vs wrk")
            .unwrap();
        let table = &md[at..];
        assert!(
            table.contains("| 1 | 40000 | 38000 | 30000 | 95% | 75% | 127% | 22 / 45 µs |"),
            "{table}"
        );
        assert!(
            table.contains("| 2 | 44000 | – | 33000 | – | 75% | – | – |"),
            "{table}"
        );
        // Medians of what was measured.
        assert!(
            table.contains("| median | 44000 | 38000 | 33000 | 95% | 75% | 127% |"),
            "{table}"
        );
        report.blocking_http.clear();
        report.nginx_missing = Some("not measured: nginx not installed".into());
        let md = markdown(&report);
        assert!(md.contains("SocketClient vs ureq vs wrk\n\nnot measured: nginx not installed"));
    }

    #[test]
    fn chart() {
        let svg = svg(&sample());
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        assert_eq!(svg.matches("<polyline").count(), 3);
        assert_eq!(nice_ceiling(40_000.0), 50_000.0);
        assert_eq!(nice_ceiling(9.0), 10.0);
        assert_eq!(nice_ceiling(100.0), 100.0);
    }
}
