//! The async HTTP/1.1 stacks side by side, the justification of getui-transport's own pool
//! (`crates/getui-transport/src/hyper_pool.rs`): the same fixed single push (the ~1 KB legacy
//! notification, [`blocking_http::body`], the bytes wrk posts), N requests in flight on a
//! tokio runtime with one worker thread, each answer read whole, against one server:
//!
//! * `getui`: [`getui_transport::HyperClient`] — hyper's HTTP/1.1 connections in the
//!   transport's own pool, the SDK's default async stack, called as the transport calls it;
//! * `hyper-util`: hyper-util's pooled `client::legacy::Client` over its `HttpConnector`
//!   (what the transport used before), with the same pool limits (8 idle per host, 90 s);
//! * `hyper-conn`: one `hyper::client::conn::http1` connection per task and no pool — the
//!   floor of what hyper costs.
//!
//! `getui-bench async-http --url URL --stack getui|hyper-util|hyper-conn [--concurrency N]
//! [--seconds S] [--requests N]` prints one line `requests/s=… requests=… errors=…`;
//! `cargo xtask bench` runs wrk `-t1 -c64` and the three stacks back to back in each round
//! against the same nginx (`super::async_http_rounds`). `--requests N` stops after N answers
//! instead (for `valgrind --tool=callgrind`, which counts instructions per request whatever
//! else the machine does).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use getui_transport::{HttpRequest, HyperClient};
use http::header::{HeaderName, HeaderValue, CONTENT_TYPE, HOST};
use http_body_util::{BodyExt, Full};

use super::blocking_http::{self, ACTION};
use super::load;

/// Requests in flight by default (the target's concurrency).
pub const DEFAULT_CONCURRENCY: usize = 64;

/// The stack measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stack {
    /// getui-transport's `HyperClient`.
    Getui,
    /// hyper-util's pooled legacy client.
    HyperUtil,
    /// hyper's connection alone, one per task.
    HyperConn,
}

impl Stack {
    /// All three, in the order the rounds run them.
    pub const ALL: [Stack; 3] = [Stack::Getui, Stack::HyperUtil, Stack::HyperConn];

    /// The name on the command line (`--stack`).
    pub fn name(self) -> &'static str {
        match self {
            Stack::Getui => "getui",
            Stack::HyperUtil => "hyper-util",
            Stack::HyperConn => "hyper-conn",
        }
    }
}

impl std::str::FromStr for Stack {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Stack::ALL
            .into_iter()
            .find(|stack| stack.name() == s)
            .ok_or_else(|| format!("--stack: {s:?} is not getui, hyper-util or hyper-conn"))
    }
}

/// What one run measured: its summary line `requests/s=… requests=… errors=…`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct StackResult {
    /// Requests answered with a 2xx status per second.
    pub requests_per_s: f64,
    /// Requests answered.
    pub requests: u64,
    /// Failed requests (an error or another status).
    pub errors: u64,
}

impl StackResult {
    /// The summary line.
    pub fn summary(&self) -> String {
        format!(
            "requests/s={:.1} requests={} errors={}",
            self.requests_per_s, self.requests, self.errors
        )
    }
}

/// Parses the last summary line of `output`.
pub fn parse_summary(output: &str) -> Option<StackResult> {
    let mut r = StackResult::default();
    for (key, value) in load::summary_pairs(output, "requests/s")? {
        match key {
            "requests/s" => r.requests_per_s = value.parse().ok()?,
            "requests" => r.requests = value.parse().ok()?,
            "errors" => r.errors = value.parse().ok()?,
            _ => {}
        }
    }
    Some(r)
}

/// One run's settings.
struct Run {
    url: http::Uri,
    stack: Stack,
    concurrency: usize,
    seconds: f64,
    requests: u64,
    body: Bytes,
    headers: Vec<(HeaderName, HeaderValue)>,
}

impl Run {
    /// The POST of this run to `uri` as a hyper request.
    fn hyper_request(&self, uri: http::Uri) -> http::Request<Full<Bytes>> {
        let mut request = http::Request::post(uri)
            .body(Full::new(self.body.clone()))
            .expect("a request");
        for (name, value) in &self.headers {
            request.headers_mut().insert(name, value.clone());
        }
        request
    }
}

/// Counters shared by the tasks of a run.
struct Counters {
    /// Requests started (bounded by `--requests`).
    started: AtomicU64,
    answered: AtomicU64,
    errors: AtomicU64,
}

impl Counters {
    /// Whether a task may start another request.
    fn more(&self, run: &Run, deadline: Instant) -> bool {
        Instant::now() < deadline && self.started.fetch_add(1, Ordering::Relaxed) < run.requests
    }

    fn record(&self, ok: bool) {
        let counter = if ok { &self.answered } else { &self.errors };
        counter.fetch_add(1, Ordering::Relaxed);
    }
}

/// One task's requests, one after the other, until the run ends.
async fn task(run: Arc<Run>, counters: Arc<Counters>, deadline: Instant, clients: Clients) {
    match run.stack {
        Stack::Getui => {
            while counters.more(&run, deadline) {
                let mut request = HttpRequest::post(run.url.clone(), run.body.clone());
                for (name, value) in &run.headers {
                    request.headers.insert(name, value.clone());
                }
                let ok = matches!(clients.getui.execute(request).await,
                    Ok(answer) if answer.status.is_success() && !answer.body.is_empty());
                counters.record(ok);
            }
        }
        Stack::HyperUtil => {
            while counters.more(&run, deadline) {
                let request = run.hyper_request(run.url.clone());
                let ok = match clients.hyper_util.request(request).await {
                    Ok(answer) if answer.status().is_success() => {
                        answer.into_body().collect().await.is_ok()
                    }
                    _ => false,
                };
                counters.record(ok);
            }
        }
        Stack::HyperConn => {
            let Some(authority) = run.url.authority().cloned() else {
                return;
            };
            let Ok(stream) = tokio::net::TcpStream::connect(authority.as_str()).await else {
                counters.record(false);
                return;
            };
            let _ = stream.set_nodelay(true);
            let Ok((mut sender, connection)) =
                hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream)).await
            else {
                counters.record(false);
                return;
            };
            tokio::spawn(connection);
            let path = run.url.path_and_query().map_or_else(
                || http::Uri::from_static("/"),
                |p| http::Uri::from(p.clone()),
            );
            let host = HeaderValue::from_str(authority.as_str()).expect("an authority is a header");
            while counters.more(&run, deadline) {
                if sender.ready().await.is_err() {
                    counters.record(false);
                    return;
                }
                let mut request = run.hyper_request(path.clone());
                request.headers_mut().insert(HOST, host.clone());
                let ok = match sender.send_request(request).await {
                    Ok(answer) if answer.status().is_success() => {
                        answer.into_body().collect().await.is_ok()
                    }
                    _ => false,
                };
                counters.record(ok);
            }
        }
    }
}

/// The clients of a run, shared by its tasks.
#[derive(Clone)]
struct Clients {
    getui: HyperClient,
    hyper_util: hyper_util::client::legacy::Client<
        hyper_util::client::legacy::connect::HttpConnector,
        Full<Bytes>,
    >,
}

/// Runs `run` on a one-worker runtime.
fn measure(run: Run) -> Result<StackResult, String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start a runtime: {e}"))?;
    let run = Arc::new(run);
    let counters = Arc::new(Counters {
        started: AtomicU64::new(0),
        answered: AtomicU64::new(0),
        errors: AtomicU64::new(0),
    });
    let start = Instant::now();
    runtime.block_on(async {
        let clients = Clients {
            getui: HyperClient::new().map_err(|e| e.to_string())?,
            hyper_util: {
                let mut connector = hyper_util::client::legacy::connect::HttpConnector::new();
                connector.set_nodelay(true);
                hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
                    .pool_timer(hyper_util::rt::TokioTimer::new())
                    .pool_idle_timeout(Duration::from_secs(90))
                    .pool_max_idle_per_host(8)
                    .build(connector)
            },
        };
        let deadline = start + Duration::from_secs_f64(run.seconds);
        let tasks: Vec<_> = (0..run.concurrency)
            .map(|_| {
                tokio::spawn(task(
                    Arc::clone(&run),
                    Arc::clone(&counters),
                    deadline,
                    clients.clone(),
                ))
            })
            .collect();
        for t in tasks {
            t.await.map_err(|e| format!("a task failed: {e}"))?;
        }
        Ok::<(), String>(())
    })?;
    let elapsed = start.elapsed().as_secs_f64();
    let requests = counters.answered.load(Ordering::Relaxed);
    Ok(StackResult {
        requests_per_s: requests as f64 / elapsed,
        requests,
        errors: counters.errors.load(Ordering::Relaxed),
    })
}

/// `getui-bench async-http`: parses the arguments, measures, prints the summary line.
pub fn command(args: &[String]) -> Result<(), String> {
    let (mut url, mut stack, mut seconds) = (None, None, 5.0);
    let (mut concurrency, mut requests) = (DEFAULT_CONCURRENCY, u64::MAX);
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--url" => url = Some(value()?.clone()),
            "--stack" => stack = Some(value()?.parse::<Stack>()?),
            "--seconds" => {
                seconds = value()?.parse().map_err(|e| format!("--seconds: {e}"))?;
                if !(seconds > 0.0 && f64::is_finite(seconds)) {
                    return Err("--seconds must be positive".into());
                }
            }
            "--concurrency" => {
                concurrency = value()?
                    .parse()
                    .map_err(|e| format!("--concurrency: {e}"))?;
            }
            "--requests" => {
                requests = value()?.parse().map_err(|e| format!("--requests: {e}"))?;
            }
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    let url = url.ok_or("--url is required (http://HOST:PORT/apiex.htm)")?;
    let stack = stack.ok_or("--stack is required (getui, hyper-util or hyper-conn)")?;
    let body = blocking_http::body()?;
    eprintln!(
        "getui-bench async-http: {} posting {} bytes to {url}, {concurrency} in flight, one worker, {seconds} s",
        stack.name(),
        body.len()
    );
    let result = measure(Run {
        url: url.parse().map_err(|e| format!("--url: {e}"))?,
        stack,
        concurrency: concurrency.max(1),
        seconds,
        requests,
        body: Bytes::from(body),
        headers: vec![
            (
                CONTENT_TYPE,
                HeaderValue::from_static(blocking_http::CONTENT_TYPE),
            ),
            (
                HeaderName::from_static("gt-action"),
                HeaderValue::from_static(ACTION),
            ),
        ],
    })?;
    println!("{}", result.summary());
    Ok(())
}

/// The arguments of `getui-bench async-http` for one run.
pub fn args(stack: Stack, url: &str, seconds: f64) -> Vec<String> {
    vec![
        "async-http".to_owned(),
        "--stack".to_owned(),
        stack.name().to_owned(),
        "--url".to_owned(),
        url.to_owned(),
        "--seconds".to_owned(),
        seconds.to_string(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpListener;
    use std::sync::atomic::AtomicUsize;

    /// A keep-alive HTTP/1.1 server answering every POST with a small JSON body, one thread
    /// per connection; counts the connections and the requests with the push's headers and
    /// whole body.
    fn server(body_len: usize) -> (String, Arc<AtomicUsize>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!(
            "http://{}{}",
            listener.local_addr().unwrap(),
            blocking_http::PATH
        );
        let good = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&good);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                let counted = Arc::clone(&counted);
                std::thread::spawn(move || {
                    let mut reader = BufReader::new(stream.try_clone().unwrap());
                    let mut writer = stream;
                    loop {
                        let (mut length, mut action) = (0usize, false);
                        let mut line = String::new();
                        if reader.read_line(&mut line).unwrap_or(0) == 0 {
                            return;
                        }
                        loop {
                            line.clear();
                            reader.read_line(&mut line).unwrap();
                            let lower = line.trim_end().to_ascii_lowercase();
                            if lower.is_empty() {
                                break;
                            }
                            if let Some(v) = lower.strip_prefix("content-length:") {
                                length = v.trim().parse().unwrap();
                            }
                            action |=
                                lower == format!("gt-action: {}", ACTION.to_ascii_lowercase());
                        }
                        let mut body = vec![0; length];
                        reader.read_exact(&mut body).unwrap();
                        if action && length == body_len {
                            counted.fetch_add(1, Ordering::SeqCst);
                        }
                        let answer = br#"{"result":"ok"}"#;
                        let head = format!(
                            "HTTP/1.1 200 OK\r\ncontent-length: {}\r\n\r\n",
                            answer.len()
                        );
                        writer.write_all(head.as_bytes()).unwrap();
                        writer.write_all(answer).unwrap();
                    }
                });
            }
        });
        (url, good)
    }

    #[test]
    fn every_stack_delivers_every_request_whole() {
        let body = blocking_http::body().unwrap();
        let (url, good) = server(body.len());
        let mut total = 0;
        for stack in Stack::ALL {
            let result = measure(Run {
                url: url.parse().unwrap(),
                stack,
                concurrency: 4,
                seconds: 60.0,
                requests: 40,
                body: Bytes::from(body.clone()),
                headers: vec![(
                    HeaderName::from_static("gt-action"),
                    HeaderValue::from_static(ACTION),
                )],
            })
            .unwrap();
            assert_eq!(
                (result.requests, result.errors),
                (40, 0),
                "{}",
                stack.name()
            );
            total += 40;
            assert_eq!(good.load(Ordering::SeqCst), total, "{}", stack.name());
        }
    }

    #[test]
    fn summary_lines_round_trip_and_stacks_parse() {
        let r = StackResult {
            requests_per_s: 81234.5,
            requests: 406172,
            errors: 0,
        };
        assert_eq!(parse_summary(&format!("noise\n{}\n", r.summary())), Some(r));
        for stack in Stack::ALL {
            assert_eq!(stack.name().parse::<Stack>(), Ok(stack));
        }
        assert!("curl".parse::<Stack>().is_err());
        assert_eq!(
            args(Stack::HyperConn, "http://h/x", 4.0)[..3],
            ["async-http", "--stack", "hyper-conn"]
        );
    }
}
