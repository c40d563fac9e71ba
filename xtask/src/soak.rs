//! `cargo xtask soak`: a long run of single pushes through the async client against getui-mock,
//! reporting the client process's resident memory at intervals and failing when it grows after
//! warm-up (a leak) or when any push fails.
//!
//! ```text
//! cargo xtask soak [--protocol legacy|v2] [--pushes N] [--concurrency C] [--reports R] [--warmup-percent P] [--max-growth-mib M] [--debug]
//! ```
//!
//! `--protocol legacy` (the default) sends legacy single pushes (`push_to_single`) through
//! `getui::Client`; `--protocol v2` sends REST v2 single pushes (`push_to_single_by_cid`, each
//! with its own generated `request_id`) through `getui::v2::Client` to the mock's v2 base URL.
//!
//! Defaults: 1,000,000 pushes, 64 concurrent callers, 20 reports, warm-up 10 %, at most 8 MiB of
//! growth after warm-up. The soak itself runs as `xtask soak-run` in a release build (`--debug`
//! keeps the debug build); the mock runs in a child process (`xtask soak-server`) so that the
//! measured memory is the client's alone — the mock keeps its ledger of every accepted push,
//! which grows by design.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Protocol {
    Legacy,
    V2,
}

struct Options {
    protocol: Protocol,
    pushes: usize,
    concurrency: usize,
    reports: usize,
    warmup_percent: usize,
    max_growth_mib: u64,
    debug: bool,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        protocol: Protocol::Legacy,
        pushes: 1_000_000,
        concurrency: 64,
        reports: 20,
        warmup_percent: 10,
        max_growth_mib: 8,
        debug: false,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut number = |name: &str| -> Result<u64, String> {
            it.next()
                .ok_or_else(|| format!("{name} needs a value"))?
                .replace('_', "")
                .parse()
                .map_err(|e| format!("{name}: {e}"))
        };
        match arg.as_str() {
            "--pushes" => o.pushes = number("--pushes")? as usize,
            "--concurrency" => o.concurrency = (number("--concurrency")? as usize).max(1),
            "--reports" => o.reports = (number("--reports")? as usize).max(1),
            "--warmup-percent" => o.warmup_percent = (number("--warmup-percent")? as usize).min(90),
            "--max-growth-mib" => o.max_growth_mib = number("--max-growth-mib")?,
            "--debug" => o.debug = true,
            "--protocol" => {
                o.protocol = match it.next().map(String::as_str) {
                    Some("legacy") => Protocol::Legacy,
                    Some("v2") => Protocol::V2,
                    other => return Err(format!("--protocol legacy|v2, not {other:?}")),
                }
            }
            other => return Err(format!("unknown option {other}")),
        }
    }
    if o.pushes == 0 {
        return Err("--pushes must be at least 1".into());
    }
    Ok(o)
}

const USAGE: &str =
    "usage: cargo xtask soak [--protocol legacy|v2] [--pushes N] [--concurrency C] [--reports R] \
[--warmup-percent P] [--max-growth-mib M] [--debug]";

/// `xtask soak`: builds and runs `xtask soak-run` (release unless `--debug`).
pub fn main(args: &[String]) -> ExitCode {
    let options = match parse(args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mut run = vec!["run", "--quiet"];
    if !options.debug {
        run.push("--release");
    }
    run.extend(["-p", "xtask", "--", "soak-run"]);
    run.extend(args.iter().map(String::as_str));
    eprintln!("$ cargo {}", run.join(" "));
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(&run)
        .status();
    match status {
        Ok(s) if s.success() => ExitCode::SUCCESS,
        _ => ExitCode::FAILURE,
    }
}

/// `xtask soak-server [--protocol v2]`: a mock on 127.0.0.1 until standard input closes;
/// prints its bootstrap URL (with `--protocol v2`: its v2 base URL) as the first line.
pub fn server(args: &[String]) -> ExitCode {
    let v2 = args.iter().any(|a| a == "v2");
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("soak-server: {e}");
            return ExitCode::FAILURE;
        }
    };
    let server = runtime.block_on(
        getui_mock::MockServer::builder()
            .record_requests(false)
            .start(),
    );
    if v2 {
        println!("{}", server.v2_base_url());
    } else {
        println!("{}", server.serviceex_url());
    }
    let _ = std::io::stdout().flush();
    // Serve until the parent closes our standard input (or dies).
    let _ = std::io::stdin().read_to_end(&mut Vec::new());
    drop(server);
    ExitCode::SUCCESS
}

/// Resident and peak resident memory of a process, in KiB (`/proc/<pid>/status`).
fn memory_kib(pid: &str) -> Option<(u64, u64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))?
            .split_whitespace()
            .nth(1)?
            .parse::<u64>()
            .ok()
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

struct Sample {
    pushes: usize,
    elapsed: Duration,
    rss_kib: u64,
    peak_kib: u64,
}

/// Ends the mock child when dropped.
struct MockChild(Child);

impl Drop for MockChild {
    fn drop(&mut self) {
        drop(self.0.stdin.take());
        let _ = self.0.wait();
    }
}

/// `xtask soak-run`: the soak itself.
pub fn run(args: &[String]) -> ExitCode {
    let options = match parse(args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(e) => {
            eprintln!("soak: {e}");
            return ExitCode::FAILURE;
        }
    };
    let child = Command::new(exe)
        .arg("soak-server")
        .args(match options.protocol {
            Protocol::Legacy => &[][..],
            Protocol::V2 => &["--protocol", "v2"][..],
        })
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => MockChild(c),
        Err(e) => {
            eprintln!("soak: cannot start the mock: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut url = String::new();
    if let Some(out) = child.0.stdout.take() {
        let _ = BufReader::new(out).read_line(&mut url);
    }
    let url = url.trim().to_owned();
    if !url.starts_with("http://127.0.0.1:") {
        eprintln!("soak: the mock did not start ({url:?})");
        return ExitCode::FAILURE;
    }
    let mock_pid = child.0.id().to_string();

    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("soak: {e}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = runtime.block_on(soak(&options, &url));
    let mock_memory = memory_kib(&mock_pid);
    drop(child);
    let (samples, errors) = match outcome {
        Ok(r) => r,
        Err(e) => {
            eprintln!("soak: {e}");
            return ExitCode::FAILURE;
        }
    };
    verdict(&options, &samples, &errors, mock_memory)
}

/// One push of either protocol to client `soak-{i % 1000}`.
#[derive(Clone)]
enum Pusher {
    Legacy(getui::Client, Arc<getui::model::SingleMessage>),
    V2(getui::v2::Client, Box<getui::model::v2::push::PushMessage>),
}

impl Pusher {
    fn new(protocol: Protocol, url: &str) -> Result<Pusher, String> {
        let app_id = getui_mock::DEFAULT_APP_ID;
        let content = r#"{"soak": true}"#;
        if protocol == Protocol::V2 {
            let client = getui::v2::Client::builder(
                app_id,
                getui_mock::DEFAULT_APP_KEY,
                getui_mock::DEFAULT_MASTER_SECRET,
            )
            .base_url(url)
            .connect_timeout(Duration::from_secs(5))
            .request_timeout(Duration::from_secs(30))
            .build()
            .map_err(|e| e.to_string())?;
            let message = getui::model::v2::push::PushMessage::transmission(content);
            return Ok(Pusher::V2(client, Box::new(message)));
        }
        let client = getui::Client::builder(
            getui_mock::DEFAULT_APP_KEY,
            getui_mock::DEFAULT_MASTER_SECRET,
        )
        .config(|c| {
            c.host(url)
                .connect_timeout(Duration::from_secs(5))
                .request_timeout(Duration::from_secs(30))
        })
        .build()
        .map_err(|e| e.to_string())?;
        let template = getui::model::TransmissionTemplate::builder()
            .app_id(app_id)
            .app_key(getui_mock::DEFAULT_APP_KEY)
            .transmission_content(content)
            .build()
            .map_err(|e| e.to_string())?;
        let mut message = getui::model::SingleMessage::new(template);
        message.is_offline = true;
        message.offline_expire_time = 3_600_000;
        Ok(Pusher::Legacy(client, Arc::new(message)))
    }

    async fn push(&self, i: usize) -> Result<(), getui::Error> {
        let cid = format!("soak-{}", i % 1000);
        match self {
            Pusher::Legacy(client, message) => {
                let target = getui::model::Target::client(getui_mock::DEFAULT_APP_ID, cid);
                client.push_to_single(message, &target).await.map(drop)
            }
            Pusher::V2(client, message) => {
                // No request_id: the client generates one per push (32 hex characters).
                let request = getui::model::v2::push::PushRequest::new()
                    .cid(cid)
                    .push_message((**message).clone());
                client.push_to_single_by_cid(&request).await.map(drop)
            }
        }
    }
}

async fn soak(options: &Options, url: &str) -> Result<(Vec<Sample>, Vec<String>), String> {
    let pusher = Pusher::new(options.protocol, url)?;

    let started = Instant::now();
    let step = (options.pushes / options.reports).max(1);
    let next = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(AtomicUsize::new(0));
    let samples = Arc::new(Mutex::new(Vec::new()));
    let errors = Arc::new(Mutex::new(Vec::new()));
    println!(
        "soak: {} {:?} pushes, {} concurrent callers, mock at {url}",
        options.pushes, options.protocol, options.concurrency
    );
    println!(
        "{:>10} {:>9} {:>9} {:>10} {:>10}",
        "pushes", "seconds", "push/s", "RSS MiB", "peak MiB"
    );
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..options.concurrency {
        let pusher = pusher.clone();
        let (next, done) = (Arc::clone(&next), Arc::clone(&done));
        let (samples, errors) = (Arc::clone(&samples), Arc::clone(&errors));
        let total = options.pushes;
        workers.spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= total {
                    break;
                }
                if let Err(e) = pusher.push(i).await {
                    let mut errors = errors.lock().unwrap_or_else(|p| p.into_inner());
                    if errors.len() < 1000 {
                        errors.push(e.to_string());
                    }
                }
                let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                if n % step == 0 || n == total {
                    let (rss_kib, peak_kib) = memory_kib("self").unwrap_or((0, 0));
                    let elapsed = started.elapsed();
                    println!(
                        "{n:>10} {:>9.1} {:>9.0} {:>10.1} {:>10.1}",
                        elapsed.as_secs_f64(),
                        n as f64 / elapsed.as_secs_f64(),
                        mib(rss_kib),
                        mib(peak_kib)
                    );
                    samples
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .push(Sample {
                            pushes: n,
                            elapsed,
                            rss_kib,
                            peak_kib,
                        });
                }
            }
        });
    }
    while let Some(joined) = workers.join_next().await {
        joined.map_err(|e| format!("a caller panicked: {e}"))?;
    }
    let mut samples = std::mem::take(&mut *samples.lock().unwrap_or_else(|p| p.into_inner()));
    samples.sort_by_key(|s| s.pushes);
    let errors = std::mem::take(&mut *errors.lock().unwrap_or_else(|p| p.into_inner()));
    Ok((samples, errors))
}

fn verdict(
    options: &Options,
    samples: &[Sample],
    errors: &[String],
    mock_memory: Option<(u64, u64)>,
) -> ExitCode {
    let mut ok = true;
    if !errors.is_empty() {
        ok = false;
        println!(
            "FAIL: {} pushes failed, e.g. {:?}",
            errors.len(),
            &errors[..errors.len().min(3)]
        );
    }
    let warmup = options.pushes * options.warmup_percent / 100;
    let Some(base) = samples.iter().find(|s| s.pushes >= warmup.max(1)) else {
        println!("FAIL: no memory sample");
        return ExitCode::FAILURE;
    };
    let after: Vec<&Sample> = samples.iter().filter(|s| s.pushes > base.pushes).collect();
    let last = samples.last().unwrap_or(base);
    let max_after = after
        .iter()
        .map(|s| s.rss_kib)
        .max()
        .unwrap_or(base.rss_kib);
    let growth_kib = max_after.saturating_sub(base.rss_kib);
    let per_push = if last.pushes > base.pushes {
        (last.rss_kib as f64 - base.rss_kib as f64) * 1024.0 / (last.pushes - base.pushes) as f64
    } else {
        0.0
    };
    println!(
        "after warm-up ({} pushes): RSS {:.1} MiB; highest RSS after it {:.1} MiB (+{:.1} MiB); \
         end {:.1} MiB ({per_push:+.2} bytes per push); peak (VmHWM) {:.1} MiB; {:.0} push/s overall",
        base.pushes,
        mib(base.rss_kib),
        mib(max_after),
        mib(growth_kib),
        mib(last.rss_kib),
        mib(last.peak_kib),
        last.pushes as f64 / last.elapsed.as_secs_f64()
    );
    if let Some((rss, peak)) = mock_memory {
        println!(
            "(the mock process, whose ledger keeps every push: RSS {:.1} MiB, peak {:.1} MiB)",
            mib(rss),
            mib(peak)
        );
    }
    if growth_kib > options.max_growth_mib * 1024 {
        ok = false;
        println!(
            "FAIL: the client's memory grew by {:.1} MiB after warm-up (limit {} MiB)",
            mib(growth_kib),
            options.max_growth_mib
        );
    }
    if ok {
        println!("soak: OK, memory flat after warm-up and every push accepted");
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
