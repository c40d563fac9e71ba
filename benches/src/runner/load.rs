//! The load runs: a `getui-mock` process per run, the load generator against it, and `wrk`
//! against it with the same single push.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use getui_model::secret::{AuthToken, MasterSecret};
use getui_model::Target;
use getui_protocol::action::{encode, Action, Connect, PushMessageToSingle, RequestContext};
use getui_protocol::answer::{Answer, AnswerLimits};
use getui_protocol::v2;

use crate::fixtures::{self, TemplateKind};

/// The markers `benches/wrk/push.lua` replaces in the body file.
pub const REQUEST_ID_MARKER: &str = "@@REQUEST_ID@@";
/// See [`REQUEST_ID_MARKER`].
pub const CLIENT_ID_MARKER: &str = "@@CLIENT_ID@@";

/// Worker threads of the mock's runtime in the load and wrk runs: on a 2-CPU machine the
/// server and the load generator (client or wrk) then get about one core each; with one server
/// thread per CPU (the mock's default) the server's threads time-slice against the client's
/// workers and the tail latencies measure the scheduler.
pub const MOCK_THREADS: usize = 1;

/// Threads of the load generator in the load and wrk runs: the async client's runtime gets
/// this many worker threads (`loadgen --workers`) and wrk this many threads (`-t`), the other
/// half of the split described at [`MOCK_THREADS`]. The blocking client has one thread per
/// call in flight by its nature.
pub const LOAD_THREADS: usize = 1;

/// The arguments of a mock started by [`MockProcess::start`].
pub fn mock_args(threads: usize) -> Vec<String> {
    ["--port", "0", "--no-record", "--threads"]
        .map(String::from)
        .into_iter()
        .chain([threads.to_string()])
        .collect()
}

/// A `getui-mock` process started for one run; killed when dropped.
#[derive(Debug)]
pub struct MockProcess {
    child: Child,
    /// `http://127.0.0.1:PORT/serviceex`.
    pub serviceex_url: String,
}

impl MockProcess {
    /// Starts `binary --port 0 --no-record --threads THREADS` (on `cpu` when given) and waits
    /// for the URL it prints. The load and wrk runs use [`MOCK_THREADS`].
    pub fn start(binary: &Path, threads: usize, cpu: Option<usize>) -> Result<Self, String> {
        let mut child = pinned_command(binary, cpu)
            .args(mock_args(threads))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut lines = BufReader::new(stdout).lines();
        let url = loop {
            match lines.next() {
                Some(Ok(line)) => {
                    if let Some(url) = line.strip_prefix("serviceex: ") {
                        break url.trim().to_owned();
                    }
                }
                _ => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err("getui-mock ended before printing its URL".into());
                }
            }
        };
        // Keep draining its stdout so it never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Ok(Self {
            child,
            serviceex_url: url,
        })
    }

    /// `127.0.0.1:PORT`.
    pub fn authority(&self) -> &str {
        authority(&self.serviceex_url)
    }

    /// `http://127.0.0.1:PORT/apiex.htm`.
    pub fn api_url(&self) -> String {
        format!("http://{}/apiex.htm", self.authority())
    }

    /// `http://127.0.0.1:PORT`: the REST v2 base URL (the client appends `/v2/{appId}/…`).
    pub fn v2_base_url(&self) -> String {
        format!("http://{}", self.authority())
    }
}

impl Drop for MockProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn authority(url: &str) -> &str {
    let rest = url.strip_prefix("http://").unwrap_or(url);
    rest.split('/').next().unwrap_or(rest)
}

/// The summary line of the load generator.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct LoadResult {
    /// Successful pushes per second.
    pub pushes_per_s: f64,
    /// Median latency (µs).
    pub p50_us: f64,
    /// 99th percentile latency (µs).
    pub p99_us: f64,
    /// Failed pushes.
    pub errors: u64,
    /// Peak RSS of the load generator (KiB).
    pub peak_rss_kib: u64,
}

impl LoadResult {
    /// One result for runs of equal length: the mean rate, the median of the medians, the
    /// highest 99th percentile, all the errors, the highest peak RSS. `None` for no run.
    pub fn combine(parts: &[LoadResult]) -> Option<LoadResult> {
        let (rate, p50, p99) =
            combined(parts.iter().map(|p| (p.pushes_per_s, p.p50_us, p.p99_us)))?;
        Some(LoadResult {
            pushes_per_s: rate,
            p50_us: p50,
            p99_us: p99,
            errors: parts.iter().map(|p| p.errors).sum(),
            peak_rss_kib: parts.iter().map(|p| p.peak_rss_kib).max().unwrap_or(0),
        })
    }
}

/// The mean of the rates, the median of the medians and the highest 99th percentile of
/// `(rate, p50, p99)` triples; `None` for none.
fn combined(parts: impl Iterator<Item = (f64, f64, f64)>) -> Option<(f64, f64, f64)> {
    let parts: Vec<_> = parts.collect();
    let n = parts.len();
    if n == 0 {
        return None;
    }
    let mut p50: Vec<f64> = parts.iter().map(|p| p.1).collect();
    p50.sort_by(f64::total_cmp);
    let rate = parts.iter().map(|p| p.0).sum::<f64>() / n as f64;
    let p99 = parts.iter().map(|p| p.2).fold(0.0, f64::max);
    Some((rate, p50[n / 2], p99))
}

/// The `key=value` pairs of the last line of `output` that starts with `first_key=` (the
/// summary lines of the load generator and of `getui-bench blocking-http`); `None` without
/// such a line or when a word of it is not `key=value`.
pub fn summary_pairs<'a>(output: &'a str, first_key: &str) -> Option<Vec<(&'a str, &'a str)>> {
    let line = output.lines().rev().find(|l| {
        l.strip_prefix(first_key)
            .is_some_and(|rest| rest.starts_with('='))
    })?;
    line.split_whitespace()
        .map(|pair| pair.split_once('='))
        .collect()
}

/// Parses `pushes/s=… p50_us=… p99_us=… errors=… peak_rss_kib=…` (the last such line).
pub fn parse_summary(output: &str) -> Option<LoadResult> {
    let mut r = LoadResult::default();
    for (key, value) in summary_pairs(output, "pushes/s")? {
        match key {
            "pushes/s" => r.pushes_per_s = value.parse().ok()?,
            "p50_us" => r.p50_us = value.parse().ok()?,
            "p99_us" => r.p99_us = value.parse().ok()?,
            "errors" => r.errors = value.parse().ok()?,
            "peak_rss_kib" => r.peak_rss_kib = value.parse().ok()?,
            _ => {}
        }
    }
    Some(r)
}

/// One load generator run.
#[derive(Debug, Clone)]
pub struct LoadRun<'a> {
    /// The loadgen executable.
    pub loadgen: &'a Path,
    /// The bootstrap URL.
    pub url: &'a str,
    /// `--blocking`.
    pub blocking: bool,
    /// `--concurrency`.
    pub concurrency: usize,
    /// `--requests`.
    pub requests: u64,
    /// `--duration` (seconds).
    pub duration: Option<f64>,
    /// `--warmup`.
    pub warmup: u64,
    /// `--template`.
    pub template: TemplateKind,
    /// `--workers` of the async client (ignored for the blocking one).
    pub workers: usize,
    /// `--protocol v2` when true (`url` is then the v2 base URL).
    pub v2: bool,
    /// `--fixed`: the same body for every push.
    pub fixed: bool,
    /// Further arguments (the experiment flags).
    pub extra: Vec<String>,
    /// The CPU to run on (`taskset -c`), or wherever the scheduler puts it.
    pub cpu: Option<usize>,
}

/// `cargo` arguments that build the load generator (release).
pub const BUILD_LOADGEN: [&str; 6] = [
    "build",
    "--release",
    "-p",
    "getui-benches",
    "--example",
    "loadgen",
];

/// `cargo` arguments that build getui-mock (release).
pub const BUILD_MOCK: [&str; 6] = [
    "build",
    "--release",
    "-p",
    "getui-mock",
    "--bin",
    "getui-mock",
];

impl<'a> LoadRun<'a> {
    /// The legacy client pushing the notification template with a fresh id per push, on
    /// [`LOAD_THREADS`] worker threads: for `duration` seconds after `concurrency` warm-up
    /// pushes, or `requests` pushes at once without warm-up when `duration` is `None`.
    pub fn legacy(
        loadgen: &'a Path,
        url: &'a str,
        blocking: bool,
        concurrency: usize,
        requests: u64,
        duration: Option<f64>,
        cpu: Option<usize>,
    ) -> Self {
        Self {
            loadgen,
            url,
            blocking,
            concurrency,
            requests,
            duration,
            warmup: if duration.is_some() {
                concurrency as u64
            } else {
                0
            },
            template: TemplateKind::Notification,
            workers: LOAD_THREADS,
            v2: false,
            fixed: false,
            extra: Vec::new(),
            cpu,
        }
    }
}

impl LoadRun<'_> {
    /// The arguments after `--` (what BENCHMARKS.md shows).
    pub fn args(&self) -> Vec<String> {
        let mut args = Vec::new();
        if self.v2 {
            args.extend(["--protocol".to_owned(), "v2".to_owned()]);
        }
        args.extend([
            "--url".to_owned(),
            self.url.to_owned(),
            "--concurrency".to_owned(),
            self.concurrency.to_string(),
            "--requests".to_owned(),
            self.requests.to_string(),
            "--template".to_owned(),
            self.template.name().to_owned(),
        ]);
        if let Some(d) = self.duration {
            args.extend(["--duration".to_owned(), d.to_string()]);
        }
        if self.warmup > 0 {
            args.extend(["--warmup".to_owned(), self.warmup.to_string()]);
        }
        if self.blocking {
            args.push("--blocking".to_owned());
        } else {
            args.extend(["--workers".to_owned(), self.workers.to_string()]);
        }
        if self.fixed {
            args.push("--fixed".to_owned());
        }
        args.extend(self.extra.iter().cloned());
        args
    }

    /// Runs it and parses its summary (its stderr goes to ours).
    pub fn run(&self) -> Result<LoadResult, String> {
        let out = pinned_command(self.loadgen, self.cpu)
            .args(self.args())
            .stderr(Stdio::inherit())
            .output()
            .map_err(|e| format!("cannot run {}: {e}", self.loadgen.display()))?;
        let text = String::from_utf8_lossy(&out.stdout);
        print!("{text}");
        parse_summary(&text).ok_or_else(|| format!("no summary from loadgen ({})", out.status))
    }
}

/// One HTTP/1.1 POST over a fresh connection (`Connection: close`); returns the status and
/// the body. Enough for the mock's fixed-length answers.
pub fn http_post(
    authority: &str,
    path: &str,
    action: &str,
    body: &[u8],
) -> Result<(u16, Vec<u8>), String> {
    http_request(
        authority,
        path,
        &[
            ("Content-Type", "text/html;charset=UTF-8"),
            ("Gt-Action", action),
        ],
        body,
    )
}

/// One HTTP/1.1 POST of `body` with `headers` over a fresh connection (`Connection: close`);
/// returns the status and the body.
pub fn http_request(
    authority: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Result<(u16, Vec<u8>), String> {
    let mut stream =
        TcpStream::connect(authority).map_err(|e| format!("connect {authority}: {e}"))?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .map_err(|e| e.to_string())?;
    let mut head = format!("POST {path} HTTP/1.1\r\nHost: {authority}\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.write_all(body))
        .map_err(|e| format!("send: {e}"))?;
    let mut response = Vec::new();
    stream
        .read_to_end(&mut response)
        .map_err(|e| format!("receive: {e}"))?;
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or("no end of headers")?;
    let status_line = String::from_utf8_lossy(&response[..split]);
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or("no status")?;
    Ok((status, response[split + 4..].to_vec()))
}

/// Connects to the server at `authority` with the mock's default app; returns the token.
pub fn connect(authority: &str) -> Result<AuthToken, String> {
    let secret = MasterSecret::new(fixtures::MASTER_SECRET);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    let request = encode(
        &Connect::new(now, &secret),
        &RequestContext::new(fixtures::APP_KEY),
    );
    let (status, body) = http_post(authority, "/apiex.htm", request.action, &request.json)?;
    if status != 200 {
        return Err(format!("connect: HTTP {status}"));
    }
    let answer = Answer::parse(&body, &AnswerLimits::default()).map_err(|e| e.to_string())?;
    let connected = <Connect<'_> as Action>::parse(answer).map_err(|e| e.to_string())?;
    connected
        .auth_token
        .ok_or_else(|| "connect: no token".to_owned())
}

/// The body of one single push as the SDK encodes it with `token`, with `request_id` and
/// `client_id`.
pub fn push_body(
    template: TemplateKind,
    token: &AuthToken,
    request_id: &str,
    client_id: &str,
) -> Result<Vec<u8>, String> {
    let message = template.single_message();
    let target = Target::client(fixtures::APP_ID, client_id);
    let action = PushMessageToSingle::with_request_id(&message, &target, request_id)
        .map_err(|e| e.to_string())?;
    let ctx = RequestContext::new(fixtures::APP_KEY).with_auth_token(Some(token));
    Ok(encode(&action, &ctx).json)
}

/// Connects, checks that a real push is accepted, and returns the wrk body (with the
/// markers, or with a fixed request id and client id when `fixed`) and the length of the
/// real bodies it stands for.
pub fn wrk_body(
    authority: &str,
    template: TemplateKind,
    fixed: bool,
) -> Result<(Vec<u8>, usize), String> {
    let token = connect(authority)?;
    let real = push_body(
        template,
        &token,
        &format!("wrk{:033}", 0),
        &format!("{:032}", 0),
    )?;
    let (status, answer) = http_post(authority, "/apiex.htm", "pushMessageToSingleAction", &real)?;
    let answer_text = String::from_utf8_lossy(&answer);
    if status != 200 || !answer_text.contains("\"ok\"") {
        return Err(format!(
            "the check push was refused: HTTP {status} {answer_text}"
        ));
    }
    let body = if fixed {
        push_body(
            template,
            &token,
            fixtures::REQUEST_ID,
            &fixtures::client_id(0),
        )?
    } else {
        push_body(template, &token, REQUEST_ID_MARKER, CLIENT_ID_MARKER)?
    };
    Ok((body, real.len()))
}

/// `POST /v2/{appId}/auth` with the mock's default app at the server behind `authority`;
/// returns the token.
pub fn v2_auth(authority: &str) -> Result<AuthToken, String> {
    let secret = MasterSecret::new(fixtures::MASTER_SECRET);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64);
    let action =
        v2::action::Auth::signed(fixtures::APP_KEY, &secret, now).map_err(|e| e.to_string())?;
    let request = v2::request::encode(&action, &v2::request::Context::new(fixtures::APP_ID, None));
    let (status, body) = http_request(
        authority,
        &request.path,
        &[("Content-Type", v2::request::JSON_CONTENT_TYPE)],
        request.body.as_deref().unwrap_or_default(),
    )?;
    let envelope = v2::answer::Envelope::parse(status, &body, &AnswerLimits::default())
        .map_err(|e| format!("v2 auth: {e}"))?;
    let info = <v2::action::Auth as v2::action::Action>::parse(envelope)
        .map_err(|e| format!("v2 auth: {e}"))?;
    Ok(info.token)
}

/// The path of a REST v2 single push by cid in the mock's default app.
pub fn v2_push_path() -> String {
    format!("/v2/{}/push/single/cid", fixtures::APP_ID)
}

/// The body of one REST v2 single push by cid, as the SDK encodes it.
pub fn v2_push_body(
    template: TemplateKind,
    request_id: &str,
    client_id: &str,
) -> Result<Vec<u8>, String> {
    let request = fixtures::v2_push_request(template, client_id)?.request_id(request_id);
    let action = v2::action::PushToSingleByCid::new(&request).map_err(|e| e.to_string())?;
    let encoded = v2::request::encode(&action, &v2::request::Context::new(fixtures::APP_ID, None));
    Ok(encoded.body.map(|b| b.to_vec()).unwrap_or_default())
}

/// The REST v2 counterpart of [`wrk_body`]: authenticates, checks that a real push is
/// accepted, and returns the body `benches/wrk/push_v2.lua` posts (markers, or fixed ids when
/// `fixed`), the token for its `token` header, and the length of the real bodies.
pub fn v2_wrk_body(
    authority: &str,
    template: TemplateKind,
    fixed: bool,
) -> Result<(Vec<u8>, AuthToken, usize), String> {
    let token = v2_auth(authority)?;
    let real = v2_push_body(template, &format!("wrk{:029}", 0), &format!("{:032}", 0))?;
    let (status, answer) = http_request(
        authority,
        &v2_push_path(),
        &[
            ("Content-Type", v2::request::JSON_CONTENT_TYPE),
            ("token", token.expose()),
        ],
        &real,
    )?;
    let envelope = v2::answer::Envelope::parse(status, &answer, &AnswerLimits::default())
        .map_err(|e| format!("the check push: {e}"))?;
    if !envelope.code.is_ok() {
        return Err(format!(
            "the check push was refused: HTTP {status} {}",
            String::from_utf8_lossy(&answer)
        ));
    }
    let body = if fixed {
        v2_push_body(template, fixtures::V2_REQUEST_ID, &fixtures::client_id(0))?
    } else {
        v2_push_body(template, REQUEST_ID_MARKER, CLIENT_ID_MARKER)?
    };
    Ok((body, token, real.len()))
}

/// An nginx process serving `benches/nginx/nginx.conf` on a free port (the baseline server
/// of the nginx runs); stopped when dropped.
#[derive(Debug)]
pub struct NginxProcess {
    child: Child,
    port: u16,
    /// The CPU of the clients that measure against it, when nginx is pinned (see
    /// [`Placement`]).
    client_cpu: Option<usize>,
}

/// Where the processes of the nginx runs go: nginx on one CPU, wrk and the clients on
/// another (`taskset`, util-linux). Every round then has the same placement; left to the
/// scheduler, a one-connection round trip on this kind of VM moves between about 20 and
/// 90 µs from run to run with where the two processes happen to land.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    /// nginx's CPU.
    pub server: usize,
    /// The CPU of wrk and the clients.
    pub client: usize,
}

impl Placement {
    /// CPU 0 for nginx and CPU 1 for the clients, when this machine has two CPUs or more
    /// and `taskset` runs; `None` otherwise.
    pub fn detect() -> Option<Placement> {
        let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
        let taskset = Command::new("taskset")
            .args(["-c", "0", "true"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        (cpus >= 2 && taskset).then_some(Placement {
            server: 0,
            client: 1,
        })
    }
}

/// `program` as a command, under `taskset -c CPU` when `cpu` is given.
pub fn pinned_command(program: impl AsRef<std::ffi::OsStr>, cpu: Option<usize>) -> Command {
    match cpu {
        Some(cpu) => {
            let mut cmd = Command::new("taskset");
            cmd.arg("-c").arg(cpu.to_string()).arg(program);
            cmd
        }
        None => Command::new(program),
    }
}

impl NginxProcess {
    /// Writes the config with a free port under `prefix` (created; `logs/` in it) and starts
    /// `nginx -g "daemon off;"` with it (on `placement`'s server CPU when given); waits until
    /// the port accepts connections.
    pub fn start(
        config: &Path,
        prefix: &Path,
        placement: Option<Placement>,
    ) -> Result<Self, String> {
        let text = std::fs::read_to_string(config)
            .map_err(|e| format!("cannot read {}: {e}", config.display()))?;
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free port: {e}"))?
            .port();
        std::fs::create_dir_all(prefix.join("logs")).map_err(|e| e.to_string())?;
        let conf = prefix.join("nginx.conf");
        std::fs::write(&conf, text.replace("8898", &port.to_string()))
            .map_err(|e| format!("cannot write {}: {e}", conf.display()))?;
        let child = pinned_command("nginx", placement.map(|p| p.server))
            .arg("-p")
            .arg(prefix)
            .args(["-e", "logs/error.log", "-g", "daemon off;", "-c"])
            .arg(&conf)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot start nginx: {e}"))?;
        let mut nginx = Self {
            child,
            port,
            client_cpu: placement.map(|p| p.client),
        };
        for _ in 0..100 {
            if TcpStream::connect(nginx.authority()).is_ok() {
                return Ok(nginx);
            }
            if let Ok(Some(status)) = nginx.child.try_wait() {
                return Err(format!(
                    "nginx ended at once ({status}); see {}",
                    prefix.join("logs/error.log").display()
                ));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Err("nginx does not accept connections after 5 s".into())
    }

    /// `127.0.0.1:PORT`.
    pub fn authority(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// The CPU that wrk and the clients measuring against this nginx run on, when pinned.
    pub fn client_cpu(&self) -> Option<usize> {
        self.client_cpu
    }

    /// `http://127.0.0.1:PORT/serviceex` (the legacy bootstrap URL).
    pub fn serviceex_url(&self) -> String {
        format!("http://{}/serviceex", self.authority())
    }

    /// `http://127.0.0.1:PORT` (the REST v2 base URL).
    pub fn v2_base_url(&self) -> String {
        format!("http://{}", self.authority())
    }
}

impl Drop for NginxProcess {
    fn drop(&mut self) {
        // SIGTERM: the master stops its worker too (a SIGKILL would leave the worker).
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        for _ in 0..100 {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Whether `nginx` runs here (`nginx -v`).
pub fn nginx_available() -> bool {
    nginx_version().is_some()
}

/// `nginx -v` (it prints to stderr), e.g. `nginx version: nginx/1.22.1`.
pub fn nginx_version() -> Option<String> {
    let out = Command::new("nginx").arg("-v").output().ok()?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    let line = text.lines().next()?.trim().to_owned();
    line.starts_with("nginx").then_some(line)
}

/// What `wrk --latency` reports.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct WrkResult {
    /// `Requests/sec`.
    pub requests_per_s: f64,
    /// The 50% latency (µs).
    pub p50_us: f64,
    /// The 99% latency (µs).
    pub p99_us: f64,
    /// Non-2xx responses plus socket errors.
    pub errors: u64,
}

impl WrkResult {
    /// One result for runs of equal length, as [`LoadResult::combine`]: the mean rate, the
    /// median of the medians, the highest 99th percentile, all the errors.
    pub fn combine(parts: &[WrkResult]) -> Option<WrkResult> {
        let (rate, p50, p99) =
            combined(parts.iter().map(|p| (p.requests_per_s, p.p50_us, p.p99_us)))?;
        Some(WrkResult {
            requests_per_s: rate,
            p50_us: p50,
            p99_us: p99,
            errors: parts.iter().map(|p| p.errors).sum(),
        })
    }
}

fn micros(text: &str) -> Option<f64> {
    let text = text.trim();
    let split = text.find(|c: char| c.is_ascii_alphabetic())?;
    let (number, unit) = text.split_at(split);
    let value: f64 = number.parse().ok()?;
    Some(match unit {
        "us" => value,
        "ms" => value * 1e3,
        "s" => value * 1e6,
        "m" => value * 60e6,
        _ => return None,
    })
}

/// Parses the output of `wrk --latency`.
pub fn parse_wrk(output: &str) -> Option<WrkResult> {
    let mut r = WrkResult::default();
    let mut found = false;
    for line in output.lines() {
        let line = line.trim();
        if let Some(v) = line.strip_prefix("Requests/sec:") {
            r.requests_per_s = v.trim().parse().ok()?;
            found = true;
        } else if let Some(v) = line.strip_prefix("50%") {
            r.p50_us = micros(v)?;
        } else if let Some(v) = line.strip_prefix("99%") {
            r.p99_us = micros(v)?;
        } else if let Some(v) = line.strip_prefix("Non-2xx or 3xx responses:") {
            r.errors += v.trim().parse::<u64>().ok()?;
        } else if let Some(v) = line.strip_prefix("Socket errors:") {
            r.errors += v
                .split(',')
                .filter_map(|part| part.split_whitespace().last()?.parse::<u64>().ok())
                .sum::<u64>();
        }
    }
    found.then_some(r)
}

/// The wrk command line for `connections` against `url`.
pub fn wrk_args(connections: usize, seconds: f64, script: &Path, url: &str) -> Vec<String> {
    vec![
        format!("-t{}", connections.min(LOAD_THREADS)),
        format!("-c{connections}"),
        format!("-d{}s", seconds.round().max(1.0)),
        "--latency".to_owned(),
        "-s".to_owned(),
        script.display().to_string(),
        url.to_owned(),
    ]
}

/// Runs wrk (on `cpu` when given) with `body_file` as `GETUI_WRK_BODY` (and `token` as
/// `GETUI_WRK_TOKEN`, for `push_v2.lua`).
pub fn run_wrk(
    args: &[String],
    body_file: &Path,
    token: Option<&str>,
    cpu: Option<usize>,
) -> Result<WrkResult, String> {
    let mut cmd = pinned_command("wrk", cpu);
    cmd.args(args).env("GETUI_WRK_BODY", body_file);
    if let Some(token) = token {
        cmd.env("GETUI_WRK_TOKEN", token);
    }
    let out = cmd.output().map_err(|e| format!("cannot run wrk: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    print!("{text}");
    eprint!("{}", String::from_utf8_lossy(&out.stderr));
    parse_wrk(&text).ok_or_else(|| format!("no result from wrk ({})", out.status))
}

/// Whether `wrk` runs here.
pub fn wrk_available() -> bool {
    Command::new("wrk")
        .arg("--version")
        .output()
        .is_ok_and(|o| !o.stdout.is_empty() || !o.stderr.is_empty())
}

/// `<target dir>/release/<name>`.
pub fn release_binary(target_dir: &Path, name: &str) -> PathBuf {
    target_dir.join("release").join(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_lines() {
        let out = "noise\npushes/s=31029.2 p50_us=1826 p99_us=6771 errors=0 peak_rss_kib=83824\n";
        let r = parse_summary(out).unwrap();
        assert_eq!(r.pushes_per_s, 31029.2);
        assert_eq!((r.p50_us, r.p99_us), (1826.0, 6771.0));
        assert_eq!((r.errors, r.peak_rss_kib), (0, 83824));
        assert!(parse_summary("nothing").is_none());
    }

    #[test]
    fn wrk_output() {
        let out = "Running 10s test @ http://127.0.0.1:8080/apiex.htm
  2 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.21ms  300.00us   9.87ms   80.00%
    Req/Sec    26.12k     1.10k   28.00k    70.00%
  Latency Distribution
     50%  1.15ms
     75%  1.30ms
     90%  1.50ms
     99%    2.10ms
  520000 requests in 10.00s, 90.00MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:  52000.12
Transfer/sec:      9.00MB
";
        let r = parse_wrk(out).unwrap();
        assert_eq!(r.requests_per_s, 52000.12);
        assert_eq!((r.p50_us, r.p99_us), (1150.0, 2100.0));
        assert_eq!(r.errors, 7);
        assert_eq!(micros("812.00us"), Some(812.0));
        assert_eq!(micros("1.5s"), Some(1.5e6));
        assert!(parse_wrk("").is_none());
    }

    #[test]
    fn wrk_command() {
        let args = wrk_args(1, 10.0, Path::new("push.lua"), "http://h/apiex.htm");
        assert_eq!(
            args.join(" "),
            "-t1 -c1 -d10s --latency -s push.lua http://h/apiex.htm"
        );
        // wrk gets the load generator's share of the CPUs.
        assert_eq!(wrk_args(64, 3.0, Path::new("p"), "u")[0], "-t1");
    }

    #[test]
    fn loadgen_command() {
        let run = |blocking| LoadRun {
            loadgen: Path::new("loadgen"),
            url: "http://h/serviceex",
            blocking,
            concurrency: 64,
            requests: 100,
            duration: Some(6.0),
            warmup: 64,
            template: TemplateKind::Notification,
            workers: LOAD_THREADS,
            v2: false,
            fixed: false,
            extra: vec!["--max-connections".into(), "64".into()],
            cpu: None,
        };
        assert_eq!(
            run(false).args().join(" "),
            "--url http://h/serviceex --concurrency 64 --requests 100 --template notification \
             --duration 6 --warmup 64 --workers 1 --max-connections 64"
        );
        let v2 = LoadRun {
            url: "http://h",
            v2: true,
            fixed: true,
            extra: Vec::new(),
            ..run(false)
        };
        assert_eq!(
            v2.args().join(" "),
            "--protocol v2 --url http://h --concurrency 64 --requests 100 --template \
             notification --duration 6 --warmup 64 --workers 1 --fixed"
        );
        // The blocking client has a thread per call: no runtime workers to set.
        assert!(!run(true).args().contains(&"--workers".to_owned()));
    }

    #[test]
    fn slices_combine_into_one_result() {
        let run = |rate, p50, p99, errors, rss| LoadResult {
            pushes_per_s: rate,
            p50_us: p50,
            p99_us: p99,
            errors,
            peak_rss_kib: rss,
        };
        let c = LoadResult::combine(&[
            run(100.0, 10.0, 50.0, 0, 5),
            run(200.0, 30.0, 40.0, 2, 7),
            run(300.0, 20.0, 90.0, 1, 6),
        ])
        .unwrap();
        assert_eq!(
            (c.pushes_per_s, c.p50_us, c.p99_us, c.errors, c.peak_rss_kib),
            (200.0, 20.0, 90.0, 3, 7)
        );
        assert!(LoadResult::combine(&[]).is_none());
        let w = |rate, p50, p99, errors| WrkResult {
            requests_per_s: rate,
            p50_us: p50,
            p99_us: p99,
            errors,
        };
        let c = WrkResult::combine(&[w(10.0, 1.0, 5.0, 1), w(30.0, 3.0, 4.0, 0)]).unwrap();
        assert_eq!(
            (c.requests_per_s, c.p50_us, c.p99_us, c.errors),
            (20.0, 3.0, 5.0, 1)
        );
        assert!(WrkResult::combine(&[]).is_none());
    }

    #[test]
    fn pinned_commands() {
        let cmd = pinned_command("wrk", Some(1));
        assert_eq!(cmd.get_program(), "taskset");
        let args: Vec<_> = cmd.get_args().collect();
        assert_eq!(args, ["-c", "1", "wrk"]);
        let cmd = pinned_command("wrk", None);
        assert_eq!(
            (cmd.get_program(), cmd.get_args().count()),
            ("wrk".as_ref(), 0)
        );
    }

    #[test]
    fn mock_command() {
        assert_eq!(
            mock_args(MOCK_THREADS).join(" "),
            "--port 0 --no-record --threads 1"
        );
        assert_eq!(mock_args(2).last().map(String::as_str), Some("2"));
    }

    #[test]
    fn authorities() {
        assert_eq!(authority("http://127.0.0.1:80/serviceex"), "127.0.0.1:80");
    }

    #[test]
    fn wrk_bodies_keep_the_real_length() {
        let token = AuthToken::new(fixtures::AUTH_TOKEN);
        let real = push_body(
            TemplateKind::Notification,
            &token,
            &format!("wrk{:033}", 0),
            &format!("{:032}", 0),
        )
        .unwrap();
        // The Lua script puts 36 + 32 characters where the markers are.
        let marked = push_body(
            TemplateKind::Notification,
            &token,
            REQUEST_ID_MARKER,
            CLIENT_ID_MARKER,
        )
        .unwrap();
        assert_eq!(
            marked.len() - REQUEST_ID_MARKER.len() - CLIENT_ID_MARKER.len() + 36 + 32,
            real.len()
        );
        let text = String::from_utf8(marked).unwrap();
        assert!(text.find(REQUEST_ID_MARKER).unwrap() < text.find(CLIENT_ID_MARKER).unwrap());
    }
}
