//! The async HTTP/1.1 stacks side by side: the same POST, N in flight on a one-worker tokio
//! runtime, for a few seconds, against one server (the nginx baseline of `cargo xtask bench`).
//!
//! * `getui`: `getui_transport::HyperClient` — hyper's HTTP/1.1 connections with the
//!   transport's own pool (`crates/getui-transport/src/hyper_pool.rs`), the SDK's default;
//! * `hyper-util`: hyper-util's pooled `client::legacy::Client` over its `HttpConnector`,
//!   what the transport used before, with the same pool limits;
//! * `hyper-conn`: one `hyper::client::conn::http1` connection per task, no pool at all —
//!   the floor of what hyper costs.
//!
//! Each request reads its whole answer. The last line is `stack=NAME requests_per_s=N`.
//!
//! ```sh
//! cargo run --release -p getui-benches --example async_http -- \
//!     --url http://127.0.0.1:8898/v2/app/push/single/cid --stack getui --concurrency 64 --seconds 5
//! ```
//!
//! `--requests N` stops after N requests instead (for `valgrind --tool=callgrind`, which counts
//! instructions per request whatever else the machine does).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use getui_transport::{HttpRequest, HyperClient, Method};
use http::header::{HeaderName, HeaderValue, CONTENT_TYPE, HOST};
use http_body_util::{BodyExt, Full};

#[derive(Clone, Copy, PartialEq)]
enum Stack {
    Getui,
    HyperUtil,
    HyperConn,
}

struct Args {
    url: http::Uri,
    stack: Stack,
    concurrency: usize,
    seconds: f64,
    requests: u64,
    body: Bytes,
    headers: Vec<(HeaderName, HeaderValue)>,
}

fn parse_args() -> Result<Args, String> {
    let mut url = None;
    let mut stack = Stack::Getui;
    let mut concurrency = 64;
    let mut seconds = 5.0;
    let mut requests = u64::MAX;
    let mut body =
        Bytes::from_static(br#"{"request_id":"0123456789abcdef","audience":{"cid":["c"]}}"#);
    let mut headers = vec![(
        CONTENT_TYPE,
        HeaderValue::from_static("application/json;charset=utf-8"),
    )];
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--url" => url = Some(value()?.parse().map_err(|e| format!("--url: {e}"))?),
            "--stack" => {
                stack = match value()?.as_str() {
                    "getui" => Stack::Getui,
                    "hyper-util" => Stack::HyperUtil,
                    "hyper-conn" => Stack::HyperConn,
                    other => return Err(format!("--stack: unknown {other:?}")),
                }
            }
            "--concurrency" => concurrency = value()?.parse().map_err(|e| format!("{e}"))?,
            "--seconds" => seconds = value()?.parse().map_err(|e| format!("{e}"))?,
            "--requests" => requests = value()?.parse().map_err(|e| format!("{e}"))?,
            "--body" => {
                body = std::fs::read(value()?)
                    .map_err(|e| format!("--body: {e}"))?
                    .into()
            }
            "--header" => {
                let text = value()?;
                let (name, v) = text.split_once(':').ok_or("--header needs name:value")?;
                headers.push((
                    name.trim().parse().map_err(|e| format!("--header: {e}"))?,
                    v.trim().parse().map_err(|e| format!("--header: {e}"))?,
                ));
            }
            "-h" | "--help" => {
                return Err(
                    "usage: async_http --url URL [--stack getui|hyper-util|hyper-conn] \
                            [--concurrency N] [--seconds S] [--requests N] [--body FILE] \
                            [--header name:value]…"
                        .into(),
                )
            }
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(Args {
        url: url.ok_or("--url is required")?,
        stack,
        concurrency: concurrency.max(1),
        seconds,
        requests,
        body,
        headers,
    })
}

/// The POST of `args` to `uri` as a hyper request.
fn hyper_request(args: &Args, uri: http::Uri) -> http::Request<Full<Bytes>> {
    let mut request = http::Request::post(uri)
        .body(Full::new(args.body.clone()))
        .expect("a request");
    for (name, value) in &args.headers {
        request.headers_mut().insert(name, value.clone());
    }
    request
}

fn main() {
    let args = match parse_args() {
        Ok(args) => Arc::new(args),
        Err(e) => {
            eprintln!("async_http: {e}");
            std::process::exit(2);
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a runtime");
    // Requests started (bounded by `--requests`) and requests answered.
    let started_count = Arc::new(AtomicU64::new(0));
    let done = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    runtime.block_on(async {
        let deadline = started + Duration::from_secs_f64(args.seconds);
        let getui = HyperClient::new().expect("a client");
        let legacy = {
            let mut connector = hyper_util::client::legacy::connect::HttpConnector::new();
            connector.set_nodelay(true);
            hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
                .pool_timer(hyper_util::rt::TokioTimer::new())
                .pool_idle_timeout(Duration::from_secs(90))
                .pool_max_idle_per_host(8)
                .build::<_, Full<Bytes>>(connector)
        };
        let tasks: Vec<_> = (0..args.concurrency)
            .map(|_| {
                let (args, issued, done, getui, legacy) = (
                    Arc::clone(&args),
                    Arc::clone(&started_count),
                    Arc::clone(&done),
                    getui.clone(),
                    legacy.clone(),
                );
                tokio::spawn(async move {
                    let more = || {
                        Instant::now() < deadline
                            && issued.fetch_add(1, Ordering::Relaxed) < args.requests
                    };
                    let answered = || done.fetch_add(1, Ordering::Relaxed);
                    match args.stack {
                        Stack::Getui => {
                            while more() {
                                let mut request =
                                    HttpRequest::post(args.url.clone(), args.body.clone());
                                request.method = Method::POST;
                                for (name, value) in &args.headers {
                                    request.headers.insert(name, value.clone());
                                }
                                let answer = getui.execute(request).await.expect("an answer");
                                assert!(answer.status.is_success(), "{}", answer.status);
                                answered();
                            }
                        }
                        Stack::HyperUtil => {
                            while more() {
                                let request = hyper_request(&args, args.url.clone());
                                let answer = legacy.request(request).await.expect("an answer");
                                assert!(answer.status().is_success());
                                answer.into_body().collect().await.expect("a body");
                                answered();
                            }
                        }
                        Stack::HyperConn => {
                            let authority = args.url.authority().expect("a host").clone();
                            let stream = tokio::net::TcpStream::connect(authority.as_str())
                                .await
                                .expect("a connection");
                            stream.set_nodelay(true).expect("nodelay");
                            let (mut sender, connection) = hyper::client::conn::http1::handshake(
                                hyper_util::rt::TokioIo::new(stream),
                            )
                            .await
                            .expect("a handshake");
                            tokio::spawn(connection);
                            let path = args.url.path_and_query().expect("a path").clone();
                            let host = HeaderValue::from_str(authority.as_str()).expect("a host");
                            while more() {
                                sender.ready().await.expect("ready");
                                let mut request =
                                    hyper_request(&args, http::Uri::from(path.clone()));
                                request.headers_mut().insert(HOST, host.clone());
                                let answer = sender.send_request(request).await.expect("an answer");
                                assert!(answer.status().is_success());
                                answer.into_body().collect().await.expect("a body");
                                answered();
                            }
                        }
                    }
                })
            })
            .collect();
        for task in tasks {
            task.await.expect("a task");
        }
    });
    let elapsed = started.elapsed().as_secs_f64();
    let requests = done.load(Ordering::Relaxed);
    let name = match args.stack {
        Stack::Getui => "getui",
        Stack::HyperUtil => "hyper-util",
        Stack::HyperConn => "hyper-conn",
    };
    println!(
        "stack={name} requests={requests} seconds={elapsed:.3} requests_per_s={:.1}",
        requests as f64 / elapsed
    );
}
