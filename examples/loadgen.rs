//! Load generator: drives the real client path against a Getui server (normally getui-mock)
//! and measures pushes per second, latency percentiles and peak memory.
//!
//! ```text
//! cargo run --release -p getui-benches --example loadgen -- \
//!     --url URL | --mock  [--protocol legacy|v2] [--concurrency N] [--requests N]
//!     [--duration SECS] [--warmup N] [--blocking] [--fixed]
//!     [--template transmission|notification|link|notypopload|startactivity|revoke]
//! ```
//!
//! (The example belongs to the `getui-benches` crate, whence `-p getui-benches`.)
//!
//! * `--url URL`: the bootstrap URL (`http://127.0.0.1:PORT/serviceex` of a running
//!   `getui-mock`); the client asks it for the host list, as in production. With
//!   `--protocol v2`, the REST v2 base URL (`http://127.0.0.1:PORT` of getui-mock, its "v2
//!   base URL"): the client appends `/v2/{appId}/…`.
//! * `--protocol legacy|v2` (default legacy): the legacy OpenService client
//!   (`getui::Client`, `push_to_single`) or the REST v2 client (`getui::v2::Client`,
//!   `push_to_single_by_cid`, `POST /v2/{appId}/push/single/cid`). The v2 pushes carry the
//!   v2 form of the template (`--template notification` or `transmission`).
//! * `--fixed`: every push has the same body: the same client id and a fixed request id
//!   (`push_to_single_with_request_id`; a `request_id` set in the v2 request). For a server
//!   that does not de-duplicate (the nginx baseline), next to wrk posting one fixed body;
//!   without it each push goes to a distinct client id with a fresh request id.
//! * `--mock`: start getui-mock in this process instead (loopback, recording off, its own
//!   two-thread runtime), with the mock's default app. Its memory then counts in the peak RSS.
//! * `--concurrency N` (default 1): pushes in flight. The async client runs N tasks on a
//!   multi-threaded runtime with one worker per CPU; `--blocking` uses N threads sharing one
//!   `getui::blocking::Client` (each push does its I/O on the calling thread).
//! * `--requests N` (default 10,000): pushes to send (after the warm-up); `--duration SECS`
//!   stops earlier once that much time has passed.
//! * `--warmup N` (default 0): pushes sent first and not measured (connections, caches).
//! * `--template KIND` (default notification): the template of every push.
//! * `--app-key`, `--master-secret`, `--app-id`: credentials (default: the mock's app).
//! * `--workers N`: worker threads of the async client's runtime (default: one per CPU).
//! * Experiments (async client only; they replace the built-in HTTP stack by a
//!   `getui_transport::HyperClient` given to `ClientBuilder::http_client`, so they are *not* the
//!   default path): `--max-connections N` lets at most N requests use the network at once (the
//!   others wait for a permit), `--pool-max-idle N` keeps up to N idle connections per host
//!   (the built-in stack keeps 8). BENCHMARKS.md uses them to check proposed fixes.
//!
//! What it does: builds the client (`Client::builder(app_key, secret).config(|c| c.host(url))`),
//! fetches the host list (`getOSPushDomailUrlListAction`), connects (`connect`), then sends
//! single pushes (`pushMessageToSingleAction`), each to a distinct client id with a fresh
//! random `requestId`, through `push_to_single`, exactly what an application calls. With
//! `--protocol v2`: `v2::Client::builder(app_id, app_key, secret).base_url(url)`,
//! `authenticate` (`POST /v2/{appId}/auth`), then `push_to_single_by_cid` with a request
//! whose audience is a distinct cid and without `request_id`, so the client generates one.
//!
//! The last line printed is the summary the `cargo xtask bench` report reads:
//!
//! ```text
//! pushes/s=… p50_us=… p99_us=… errors=… peak_rss_kib=…
//! ```
//!
//! `pushes/s` counts successful pushes over the wall time of the measured phase; latencies are
//! per push, from the call to its answer, successful or not; `peak_rss_kib` is `VmHWM` of
//! `/proc/self/status` at the end.

use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use getui_benches::fixtures::{self, TemplateKind};
use getui_benches::system;
use getui_model::v2::audience::Audience;
use getui_model::v2::push::PushRequest;
use getui_model::{SingleMessage, Target};
use getui_transport::{
    AsyncHttpClient, BoxFuture, HttpRequest, HttpResponse, HyperClient, TransportError,
};

const USAGE: &str = "usage: loadgen (--url URL | --mock) [--protocol legacy|v2] [--concurrency N] \
[--requests N] [--duration SECS] [--warmup N] [--blocking] [--fixed] [--template KIND] \
[--app-key K] [--master-secret S] [--app-id A] [--max-connections N] [--pool-max-idle N] \
[--workers N]";

/// Which client and API the load generator drives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Protocol {
    /// The legacy OpenService API (`getui::Client`).
    Legacy,
    /// REST API v2 (`getui::v2::Client`).
    V2,
}

/// The command line.
#[derive(Debug, Clone)]
struct Args {
    url: Option<String>,
    mock: bool,
    protocol: Protocol,
    fixed: bool,
    concurrency: usize,
    requests: u64,
    duration: Option<Duration>,
    warmup: u64,
    blocking: bool,
    template: TemplateKind,
    app_key: String,
    master_secret: String,
    app_id: String,
    max_connections: Option<usize>,
    pool_max_idle: Option<usize>,
    workers: Option<usize>,
}

impl Default for Args {
    fn default() -> Self {
        Self {
            url: None,
            mock: false,
            protocol: Protocol::Legacy,
            fixed: false,
            concurrency: 1,
            requests: 10_000,
            duration: None,
            warmup: 0,
            blocking: false,
            template: TemplateKind::Notification,
            app_key: fixtures::APP_KEY.to_owned(),
            master_secret: fixtures::MASTER_SECRET.to_owned(),
            app_id: fixtures::APP_ID.to_owned(),
            max_connections: None,
            pool_max_idle: None,
            workers: None,
        }
    }
}

fn parse_args(mut it: impl Iterator<Item = String>) -> Result<Args, String> {
    fn number<T: std::str::FromStr>(name: &str, value: String) -> Result<T, String>
    where
        T::Err: std::fmt::Display,
    {
        value.parse().map_err(|e| format!("{name}: {e}"))
    }
    let mut args = Args::default();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--url" => args.url = Some(value("--url")?),
            "--mock" => args.mock = true,
            "--protocol" => {
                args.protocol = match value("--protocol")?.as_str() {
                    "legacy" => Protocol::Legacy,
                    "v2" => Protocol::V2,
                    other => return Err(format!("--protocol: {other:?} is not legacy or v2")),
                }
            }
            "--fixed" => args.fixed = true,
            "--concurrency" => args.concurrency = number("--concurrency", value("--concurrency")?)?,
            "--requests" => args.requests = number("--requests", value("--requests")?)?,
            "--duration" => {
                let secs: f64 = number("--duration", value("--duration")?)?;
                if !(secs > 0.0 && secs.is_finite()) {
                    return Err("--duration must be positive".into());
                }
                args.duration = Some(Duration::from_secs_f64(secs));
            }
            "--warmup" => args.warmup = number("--warmup", value("--warmup")?)?,
            "--blocking" => args.blocking = true,
            "--workers" => args.workers = Some(number("--workers", value("--workers")?)?),
            "--template" => args.template = value("--template")?.parse()?,
            "--app-key" => args.app_key = value("--app-key")?,
            "--master-secret" => args.master_secret = value("--master-secret")?,
            "--app-id" => args.app_id = value("--app-id")?,
            "--max-connections" => {
                args.max_connections =
                    Some(number("--max-connections", value("--max-connections")?)?);
            }
            "--pool-max-idle" => {
                args.pool_max_idle = Some(number("--pool-max-idle", value("--pool-max-idle")?)?);
            }
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    if args.concurrency == 0 {
        return Err("--concurrency must be at least 1".into());
    }
    if args.blocking && (args.max_connections.is_some() || args.pool_max_idle.is_some()) {
        return Err("--max-connections and --pool-max-idle are for the async client".into());
    }
    if args.max_connections == Some(0) {
        return Err("--max-connections must be at least 1".into());
    }
    if args.mock == args.url.is_some() {
        return Err("give exactly one of --url URL and --mock".into());
    }
    if args.protocol == Protocol::V2 {
        fixtures::v2_push_request(args.template, "cid")?;
    }
    Ok(args)
}

/// What the workers share.
struct Shared {
    /// The next push number to send.
    next: AtomicU64,
    /// The first push number that is not sent.
    end: u64,
    /// Set once `--duration` has passed.
    stop: AtomicBool,
    errors: AtomicU64,
    /// The first error, for the report.
    first_error: std::sync::Mutex<Option<String>>,
}

impl Shared {
    fn new(start: u64, count: u64) -> Self {
        Self {
            next: AtomicU64::new(start),
            end: start + count,
            stop: AtomicBool::new(false),
            errors: AtomicU64::new(0),
            first_error: std::sync::Mutex::new(None),
        }
    }

    /// The next push number, or `None` when done.
    fn take(&self) -> Option<u64> {
        if self.stop.load(Ordering::Relaxed) {
            return None;
        }
        let i = self.next.fetch_add(1, Ordering::Relaxed);
        (i < self.end).then_some(i)
    }

    fn error(&self, e: &dyn std::fmt::Display) {
        if self.errors.fetch_add(1, Ordering::Relaxed) == 0 {
            *self.first_error.lock().unwrap_or_else(|p| p.into_inner()) = Some(e.to_string());
        }
    }
}

/// The measured phase: latencies (µs) of every push and the wall time.
struct Outcome {
    latencies_us: Vec<u32>,
    elapsed: Duration,
    errors: u64,
    first_error: Option<String>,
}

fn micros(d: Duration) -> u32 {
    u32::try_from(d.as_micros()).unwrap_or(u32::MAX)
}

/// Stops the run after `duration` (when given): a timer thread sets `stop`.
fn arm_deadline(shared: &Arc<Shared>, duration: Option<Duration>) {
    if let Some(duration) = duration {
        let shared = Arc::clone(shared);
        std::thread::spawn(move || {
            std::thread::sleep(duration);
            shared.stop.store(true, Ordering::Relaxed);
        });
    }
}

/// What every push of a run carries, per protocol.
#[derive(Clone)]
enum Work {
    Legacy {
        message: Arc<SingleMessage>,
        app_id: Arc<str>,
    },
    V2 {
        request: Arc<PushRequest>,
    },
}

impl Work {
    fn new(args: &Args) -> Result<Work, String> {
        Ok(match args.protocol {
            Protocol::Legacy => {
                let mut message = args.template.single_message();
                if args.app_id != fixtures::APP_ID {
                    // The fixtures name the mock's app; push in the given one.
                    message = retarget(message, &args.app_id, &args.app_key);
                }
                Work::Legacy {
                    message: Arc::new(message),
                    app_id: args.app_id.as_str().into(),
                }
            }
            Protocol::V2 => {
                let mut request =
                    fixtures::v2_push_request(args.template, &fixtures::client_id(0))?;
                if args.fixed {
                    request = request.request_id(fixtures::V2_REQUEST_ID);
                }
                Work::V2 {
                    request: Arc::new(request),
                }
            }
        })
    }

    /// The state of one task or thread.
    fn slot(&self, fixed: bool) -> Slot {
        match self {
            Work::Legacy { message, app_id } => Slot::Legacy {
                message: Arc::clone(message),
                app_id: Arc::clone(app_id),
                target: Target::client(&**app_id, fixtures::client_id(0)),
                fixed,
            },
            Work::V2 { request } => Slot::V2 {
                request: Box::new(PushRequest::clone(request)),
                fixed,
            },
        }
    }
}

/// What one task or thread reuses from push to push.
enum Slot {
    Legacy {
        message: Arc<SingleMessage>,
        app_id: Arc<str>,
        target: Target,
        fixed: bool,
    },
    V2 {
        /// Boxed: a request is much larger than the legacy variant.
        request: Box<PushRequest>,
        fixed: bool,
    },
}

impl Slot {
    /// Sets the target of push `i` (a distinct client id unless `--fixed`).
    fn prepare(&mut self, i: u64) {
        match self {
            Slot::Legacy {
                app_id,
                target,
                fixed: false,
                ..
            } => *target = Target::client(&**app_id, fixtures::client_id(i)),
            Slot::V2 {
                request,
                fixed: false,
            } => request.audience = Some(Audience::Cid(vec![fixtures::client_id(i)])),
            _ => {}
        }
    }

    async fn push(&self, client: &AsyncClient) -> getui::Result<()> {
        match (self, client) {
            (
                Slot::Legacy {
                    message,
                    target,
                    fixed,
                    ..
                },
                AsyncClient::Legacy(c),
            ) => if *fixed {
                c.push_to_single_with_request_id(message, target, fixtures::REQUEST_ID)
                    .await
            } else {
                c.push_to_single(message, target).await
            }
            .map(drop),
            (Slot::V2 { request, .. }, AsyncClient::V2(c)) => {
                c.push_to_single_by_cid(request).await.map(drop)
            }
            _ => unreachable!("the slot and the client come from the same --protocol"),
        }
    }

    fn push_blocking(&self, client: &BlockingClient) -> getui::Result<()> {
        match (self, client) {
            (
                Slot::Legacy {
                    message,
                    target,
                    fixed,
                    ..
                },
                BlockingClient::Legacy(c),
            ) => if *fixed {
                c.push_to_single_with_request_id(message, target, fixtures::REQUEST_ID)
            } else {
                c.push_to_single(message, target)
            }
            .map(drop),
            (Slot::V2 { request, .. }, BlockingClient::V2(c)) => {
                c.push_to_single_by_cid(request).map(drop)
            }
            _ => unreachable!("the slot and the client come from the same --protocol"),
        }
    }
}

/// The asynchronous client of either protocol.
#[derive(Clone)]
enum AsyncClient {
    Legacy(getui::Client),
    V2(getui::v2::Client),
}

/// The blocking client of either protocol.
enum BlockingClient {
    Legacy(getui::blocking::Client),
    V2(getui::v2::blocking::Client),
}

fn run_async(args: &Args, url: &str, work: Work) -> Result<Outcome, String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(args.workers.unwrap_or_else(system::nproc).max(1))
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start a runtime: {e}"))?;
    runtime.block_on(async {
        let client = match args.protocol {
            Protocol::Legacy => {
                let mut builder =
                    getui::Client::builder(args.app_key.as_str(), args.master_secret.as_str())
                        .config(|c| c.host(url));
                if args.max_connections.is_some() || args.pool_max_idle.is_some() {
                    builder = builder.http_client(experimental_http(args)?);
                }
                let client = builder
                    .build()
                    .map_err(|e| format!("cannot build the client: {e}"))?;
                client
                    .refresh_hosts()
                    .await
                    .map_err(|e| format!("host list: {e}"))?;
                client
                    .connect()
                    .await
                    .map_err(|e| format!("connect: {e}"))?;
                AsyncClient::Legacy(client)
            }
            Protocol::V2 => {
                let mut builder = getui::v2::Client::builder(
                    args.app_id.as_str(),
                    args.app_key.as_str(),
                    args.master_secret.as_str(),
                )
                .base_url(url);
                if args.max_connections.is_some() || args.pool_max_idle.is_some() {
                    builder = builder.http_client(experimental_http(args)?);
                }
                let client = builder
                    .build()
                    .map_err(|e| format!("cannot build the client: {e}"))?;
                client
                    .authenticate()
                    .await
                    .map_err(|e| format!("auth: {e}"))?;
                AsyncClient::V2(client)
            }
        };
        let fixed = args.fixed;

        let phase = |start: u64, count: u64| {
            let shared = Arc::new(Shared::new(start, count));
            let workers = args
                .concurrency
                .min(usize::try_from(count).unwrap_or(usize::MAX));
            let per_worker = usize::try_from(count).unwrap_or(0) / workers.max(1) + 1;
            let tasks: Vec<_> = (0..workers)
                .map(|_| {
                    let (client, shared) = (client.clone(), Arc::clone(&shared));
                    let mut slot = work.slot(fixed);
                    tokio::spawn(async move {
                        let mut latencies = Vec::with_capacity(per_worker.min(1 << 16));
                        while let Some(i) = shared.take() {
                            slot.prepare(i);
                            let sent = Instant::now();
                            let result = slot.push(&client).await;
                            latencies.push(micros(sent.elapsed()));
                            if let Err(e) = result {
                                shared.error(&e);
                            }
                        }
                        latencies
                    })
                })
                .collect();
            (shared, tasks)
        };

        if args.warmup > 0 {
            let (_, tasks) = phase(0, args.warmup);
            for task in tasks {
                let _ = task.await;
            }
        }
        let started = Instant::now();
        let (shared, tasks) = phase(args.warmup, args.requests);
        arm_deadline(&shared, args.duration);
        let mut latencies_us = Vec::with_capacity(usize::try_from(args.requests).unwrap_or(0));
        for task in tasks {
            latencies_us.extend(task.await.map_err(|e| format!("a worker failed: {e}"))?);
        }
        let elapsed = started.elapsed();
        let first_error = shared
            .first_error
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        Ok(Outcome {
            latencies_us,
            elapsed,
            errors: shared.errors.load(Ordering::Relaxed),
            first_error,
        })
    })
}

/// The HTTP stack of the `--max-connections` / `--pool-max-idle` experiments.
fn experimental_http(args: &Args) -> Result<Arc<dyn AsyncHttpClient>, String> {
    let mut http = HyperClient::builder();
    if let Some(idle) = args.pool_max_idle {
        http = http.pool_max_idle_per_host(idle);
    }
    let inner = http
        .build()
        .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
    Ok(match args.max_connections {
        Some(n) => Arc::new(Limited {
            inner,
            permits: tokio::sync::Semaphore::new(n),
        }),
        None => Arc::new(inner),
    })
}

/// An HTTP stack that lets at most as many requests as it has permits use the network at once.
struct Limited {
    inner: HyperClient,
    permits: tokio::sync::Semaphore,
}

impl AsyncHttpClient for Limited {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin(async move {
            let _permit = self.permits.acquire().await.expect("never closed");
            self.inner.send(request).await
        })
    }
}

fn run_blocking(args: &Args, url: &str, work: Work) -> Result<Outcome, String> {
    let client = match args.protocol {
        Protocol::Legacy => {
            let client = getui::blocking::Client::builder(
                args.app_key.as_str(),
                args.master_secret.as_str(),
            )
            .config(|c| c.host(url))
            .build()
            .map_err(|e| format!("cannot build the client: {e}"))?;
            client
                .refresh_hosts()
                .map_err(|e| format!("host list: {e}"))?;
            client.connect().map_err(|e| format!("connect: {e}"))?;
            BlockingClient::Legacy(client)
        }
        Protocol::V2 => {
            let client = getui::v2::blocking::Client::builder(
                args.app_id.as_str(),
                args.app_key.as_str(),
                args.master_secret.as_str(),
            )
            .base_url(url)
            .build()
            .map_err(|e| format!("cannot build the client: {e}"))?;
            client.authenticate().map_err(|e| format!("auth: {e}"))?;
            BlockingClient::V2(client)
        }
    };

    let phase = |start: u64, count: u64, duration: Option<Duration>| {
        let shared = Arc::new(Shared::new(start, count));
        arm_deadline(&shared, duration);
        let threads = args
            .concurrency
            .min(usize::try_from(count).unwrap_or(usize::MAX));
        let all = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|_| {
                    let (client, shared) = (&client, &shared);
                    let mut slot = work.slot(args.fixed);
                    scope.spawn(move || {
                        let mut latencies = Vec::new();
                        while let Some(i) = shared.take() {
                            slot.prepare(i);
                            let sent = Instant::now();
                            let result = slot.push_blocking(client);
                            latencies.push(micros(sent.elapsed()));
                            if let Err(e) = result {
                                shared.error(&e);
                            }
                        }
                        latencies
                    })
                })
                .collect();
            let mut all = Vec::new();
            for handle in handles {
                all.extend(handle.join().unwrap_or_default());
            }
            all
        });
        (shared, all)
    };

    if args.warmup > 0 {
        phase(0, args.warmup, None);
    }
    let started = Instant::now();
    let (shared, latencies_us) = phase(args.warmup, args.requests, args.duration);
    let elapsed = started.elapsed();
    let first_error = shared
        .first_error
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .take();
    Ok(Outcome {
        latencies_us,
        elapsed,
        errors: shared.errors.load(Ordering::Relaxed),
        first_error,
    })
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("loadgen: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(if e.is_empty() { 0 } else { 2 });
        }
    };
    let work = match Work::new(&args) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("loadgen: {e}");
            return ExitCode::from(2);
        }
    };

    // `--mock`: getui-mock in this process, on a runtime of its own.
    let mock = args.mock.then(|| {
        getui_mock::MockServer::builder()
            .record_requests(false)
            .start_blocking()
    });
    let url = match (&mock, &args.url) {
        (Some(server), _) if args.protocol == Protocol::V2 => server.v2_base_url(),
        (Some(server), _) => server.serviceex_url(),
        (None, Some(url)) => url.clone(),
        (None, None) => unreachable!("checked by parse_args"),
    };
    eprintln!(
        "loadgen: {} {} client, {} template{}, concurrency {}, {} pushes{}{} against {url}{}",
        if args.blocking { "blocking" } else { "async" },
        match args.protocol {
            Protocol::Legacy => "legacy",
            Protocol::V2 => "REST v2",
        },
        args.template,
        if args.fixed { ", one fixed body" } else { "" },
        args.concurrency,
        args.requests,
        args.duration
            .map(|d| format!(" (at most {:.1} s)", d.as_secs_f64()))
            .unwrap_or_default(),
        if args.warmup > 0 {
            format!(" after {} warm-up pushes", args.warmup)
        } else {
            String::new()
        },
        if mock.is_some() {
            " (in-process mock)"
        } else {
            ""
        },
    );

    let result = if args.blocking {
        run_blocking(&args, &url, work)
    } else {
        run_async(&args, &url, work)
    };
    let mut outcome = match result {
        Ok(o) => o,
        Err(e) => {
            eprintln!("loadgen: {e}");
            return ExitCode::FAILURE;
        }
    };
    drop(mock);

    outcome.latencies_us.sort_unstable();
    let sent = outcome.latencies_us.len() as u64;
    let ok = sent - outcome.errors.min(sent);
    let secs = outcome.elapsed.as_secs_f64().max(1e-9);
    if let Some(e) = &outcome.first_error {
        eprintln!("loadgen: {} errors, the first: {e}", outcome.errors);
    }
    eprintln!(
        "loadgen: {sent} pushes in {secs:.3} s, {ok} ok, max latency {} us",
        outcome.latencies_us.last().copied().unwrap_or(0)
    );
    println!(
        "pushes/s={:.1} p50_us={} p99_us={} errors={} peak_rss_kib={}",
        ok as f64 / secs,
        system::quantile(&outcome.latencies_us, 0.50),
        system::quantile(&outcome.latencies_us, 0.99),
        outcome.errors,
        system::peak_rss_kib()
    );
    if outcome.errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// The fixture message with another app id / app key in its template.
fn retarget(message: SingleMessage, app_id: &str, app_key: &str) -> SingleMessage {
    let mut value = serde_json::to_value(&message).expect("a message serializes");
    if let Some(data) = value.get_mut("data").and_then(|d| d.as_object_mut()) {
        data.insert("appId".into(), app_id.into());
        data.insert("appKey".into(), app_key.into());
    }
    serde_json::from_value(value).expect("still a valid message")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Args, String> {
        parse_args(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn arguments() {
        let a = parse(&[
            "--mock",
            "--concurrency",
            "64",
            "--template",
            "link",
            "--blocking",
        ])
        .unwrap();
        assert!(a.mock && a.blocking);
        assert_eq!((a.concurrency, a.template), (64, TemplateKind::Link));
        let a = parse(&[
            "--url",
            "http://x/serviceex",
            "--requests",
            "5",
            "--duration",
            "1.5",
        ])
        .unwrap();
        assert_eq!(a.requests, 5);
        assert_eq!(a.duration, Some(Duration::from_millis(1500)));
        assert_eq!((a.protocol, a.fixed), (Protocol::Legacy, false));
        let a = parse(&[
            "--url",
            "http://127.0.0.1:1",
            "--protocol",
            "v2",
            "--fixed",
            "--template",
            "transmission",
        ])
        .unwrap();
        assert_eq!((a.protocol, a.fixed), (Protocol::V2, true));
        for bad in [
            &[][..],
            &["--mock", "--url", "u"],
            &["--mock", "--concurrency", "0"],
            &["--mock", "--template", "apn"],
            &["--mock", "--duration", "-1"],
            &["--mock", "--what"],
            &["--mock", "--blocking", "--max-connections", "8"],
            &["--mock", "--max-connections", "0"],
            &["--mock", "--protocol", "v3"],
            // The v2 pushes exist for the notification and transmission templates.
            &["--mock", "--protocol", "v2", "--template", "link"],
            // Gone: the blocking client now does its I/O on the calling thread.
            &["--mock", "--sans-io"],
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn retargeting_keeps_the_message() {
        let m = retarget(TemplateKind::Link.single_message(), "A2", "K2");
        assert_eq!((m.data.app_id(), m.data.app_key()), ("A2", "K2"));
        assert!(m.is_offline);
    }
}
