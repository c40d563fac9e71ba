//! The blocking HTTP/1.1 stack side by side: getui-transport's hand-written
//! [`SocketClient`](getui_transport::SocketClient) (the HTTP client of
//! `getui::blocking::Client`, built the way the library builds it:
//! [`HttpClientBuilder::build_socket_client`], used through the [`BlockingHttpClient`] trait)
//! against a ureq 3 [`ureq::Agent`], each posting the same fixed single-push body (the ~1 KB
//! legacy notification push, the bytes `wrk` posts in the nginx runs) over one keep-alive
//! connection, one request after the other, reading each whole answer.
//!
//! `getui-bench blocking-http --url URL --client socket-client|ureq [--seconds S]
//! [--warmup N]` runs one of them and prints one summary line ([`StackResult`]);
//! `cargo xtask bench` runs wrk `-t1 -c1`, then both, back to back in each round against the
//! same nginx (`super::blocking_http_rounds`).

use std::time::{Duration, Instant};

use getui_model::secret::AuthToken;
use getui_transport::{
    header, BlockingHttpClient, Bytes, HeaderMap, HeaderValue, HttpClientBuilder, HttpRequest,
    StatusCode, Uri,
};

use super::load;
use crate::fixtures::{self, TemplateKind};

/// The `Content-Type` of the legacy pushes (what the SDK and `benches/wrk/push.lua` send).
pub const CONTENT_TYPE: &str = "text/html;charset=UTF-8";
/// The `Gt-Action` of a single push.
pub const ACTION: &str = "pushMessageToSingleAction";
/// The path the pushes are posted to.
pub const PATH: &str = "/apiex.htm";
/// Requests sent before the measurement starts (the connection is opened by the first).
pub const DEFAULT_WARMUP: u64 = 200;

/// The HTTP stack measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stack {
    /// getui-transport's `SocketClient`.
    SocketClient,
    /// A ureq 3 `Agent`.
    Ureq,
}

impl Stack {
    /// Both, in the order the rounds run them.
    pub const ALL: [Stack; 2] = [Stack::SocketClient, Stack::Ureq];

    /// The name on the command line (`--client`).
    pub fn name(self) -> &'static str {
        match self {
            Stack::SocketClient => "socket-client",
            Stack::Ureq => "ureq",
        }
    }
}

impl std::str::FromStr for Stack {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Stack::ALL
            .into_iter()
            .find(|stack| stack.name() == s)
            .ok_or_else(|| format!("--client: {s:?} is not socket-client or ureq"))
    }
}

/// What one run measured: its summary line
/// `requests/s=… p50_us=… p99_us=… errors=… requests=…`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct StackResult {
    /// Requests answered with 200 per second.
    pub requests_per_s: f64,
    /// Median latency of one exchange (µs).
    pub p50_us: f64,
    /// 99th percentile (µs).
    pub p99_us: f64,
    /// Failed requests (an error, or a status other than 200).
    pub errors: u64,
    /// Requests sent in the measured time.
    pub requests: u64,
}

impl StackResult {
    /// The summary line.
    pub fn summary(&self) -> String {
        format!(
            "requests/s={:.1} p50_us={:.1} p99_us={:.1} errors={} requests={}",
            self.requests_per_s, self.p50_us, self.p99_us, self.errors, self.requests
        )
    }
}

/// Parses the last summary line of `output`.
pub fn parse_summary(output: &str) -> Option<StackResult> {
    let mut r = StackResult::default();
    for (key, value) in load::summary_pairs(output, "requests/s")? {
        match key {
            "requests/s" => r.requests_per_s = value.parse().ok()?,
            "p50_us" => r.p50_us = value.parse().ok()?,
            "p99_us" => r.p99_us = value.parse().ok()?,
            "errors" => r.errors = value.parse().ok()?,
            "requests" => r.requests = value.parse().ok()?,
            _ => {}
        }
    }
    Some(r)
}

/// The body every stack posts (and wrk, from a file): the legacy single push of the
/// notification template with fixed ids, as the SDK encodes it (996 bytes).
pub fn body() -> Result<Vec<u8>, String> {
    load::push_body(
        TemplateKind::Notification,
        &AuthToken::new(fixtures::AUTH_TOKEN),
        fixtures::REQUEST_ID,
        &fixtures::client_id(0),
    )
}

/// One client posting the body again and again.
trait Poster {
    /// One exchange: posts the body, reads the whole answer; whether it was a 200 with a body.
    fn post(&mut self) -> Result<bool, String>;
}

/// [`SocketClient`](getui_transport::SocketClient) through the [`BlockingHttpClient`] trait.
struct SocketPoster {
    client: Box<dyn BlockingHttpClient>,
    url: Uri,
    headers: HeaderMap,
    body: Bytes,
}

impl Poster for SocketPoster {
    fn post(&mut self) -> Result<bool, String> {
        let mut request = HttpRequest::post(self.url.clone(), self.body.clone());
        request.headers = self.headers.clone();
        let response = self.client.send(request).map_err(|e| e.to_string())?;
        Ok(response.status == StatusCode::OK && !response.body.is_empty())
    }
}

/// A ureq 3 agent (HTTP status codes are answers, not errors).
struct UreqPoster {
    agent: ureq::Agent,
    url: String,
    body: Vec<u8>,
}

impl Poster for UreqPoster {
    fn post(&mut self) -> Result<bool, String> {
        let mut response = self
            .agent
            .post(&self.url)
            .header("Content-Type", CONTENT_TYPE)
            .header("Gt-Action", ACTION)
            .send(&self.body[..])
            .map_err(|e| e.to_string())?;
        let status = response.status();
        let answer = response
            .body_mut()
            .read_to_vec()
            .map_err(|e| e.to_string())?;
        Ok(status == 200 && !answer.is_empty())
    }
}

fn poster(stack: Stack, url: &str, body: Vec<u8>) -> Result<Box<dyn Poster>, String> {
    Ok(match stack {
        Stack::SocketClient => {
            let client = HttpClientBuilder::new()
                .build_socket_client()
                .map_err(|e| e.to_string())?;
            let mut headers = HeaderMap::new();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE));
            headers.insert("Gt-Action", HeaderValue::from_static(ACTION));
            Box::new(SocketPoster {
                client: Box::new(client),
                url: url.parse().map_err(|e| format!("--url: {e}"))?,
                headers,
                body: Bytes::from(body),
            })
        }
        Stack::Ureq => {
            let agent: ureq::Agent = ureq::Agent::config_builder()
                .http_status_as_error(false)
                .build()
                .into();
            Box::new(UreqPoster {
                agent,
                url: url.to_owned(),
                body,
            })
        }
    })
}

/// `warmup` requests, then requests one after the other for `seconds`, with `stack` posting
/// `body` to `url`.
pub fn measure(
    stack: Stack,
    url: &str,
    body: Vec<u8>,
    seconds: f64,
    warmup: u64,
) -> Result<StackResult, String> {
    let mut poster = poster(stack, url, body)?;
    for _ in 0..warmup {
        poster.post()?;
    }
    let length = Duration::from_secs_f64(seconds);
    let mut latencies_ns: Vec<u64> = Vec::with_capacity(1 << 20);
    let mut errors = 0;
    let start = Instant::now();
    loop {
        let sent = Instant::now();
        if !matches!(poster.post(), Ok(true)) {
            errors += 1;
        }
        let done = Instant::now();
        latencies_ns.push(done.duration_since(sent).as_nanos() as u64);
        if done.duration_since(start) >= length {
            break;
        }
    }
    let elapsed = start.elapsed().as_secs_f64();
    let requests = latencies_ns.len() as u64;
    latencies_ns.sort_unstable();
    let percentile = |p: f64| {
        let i = ((latencies_ns.len() - 1) as f64 * p).round() as usize;
        latencies_ns[i] as f64 / 1000.0
    };
    Ok(StackResult {
        requests_per_s: (requests - errors) as f64 / elapsed,
        p50_us: percentile(0.5),
        p99_us: percentile(0.99),
        errors,
        requests,
    })
}

/// `getui-bench blocking-http`: parses the arguments, measures, prints the summary line.
pub fn command(args: &[String]) -> Result<(), String> {
    let (mut url, mut stack, mut seconds, mut warmup) = (None, None, 5.0, DEFAULT_WARMUP);
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--url" => url = Some(value()?.clone()),
            "--client" => stack = Some(value()?.parse::<Stack>()?),
            "--seconds" => {
                seconds = value()?.parse().map_err(|e| format!("--seconds: {e}"))?;
                if !(seconds > 0.0 && f64::is_finite(seconds)) {
                    return Err("--seconds must be positive".into());
                }
            }
            "--warmup" => warmup = value()?.parse().map_err(|e| format!("--warmup: {e}"))?,
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    let url = url.ok_or("--url is required (http://HOST:PORT/apiex.htm)")?;
    let stack = stack.ok_or("--client is required (socket-client or ureq)")?;
    let body = body()?;
    eprintln!(
        "getui-bench blocking-http: {} posting {} bytes to {url}, one request at a time, {seconds} s",
        stack.name(),
        body.len()
    );
    let result = measure(stack, &url, body, seconds, warmup)?;
    println!("{}", result.summary());
    Ok(())
}

/// The arguments of `getui-bench blocking-http` for one run.
pub fn args(stack: Stack, url: &str, seconds: f64) -> Vec<String> {
    vec![
        "blocking-http".to_owned(),
        "--client".to_owned(),
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
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    /// A keep-alive HTTP/1.1 server answering every POST with a small JSON body; counts the
    /// connections it accepted and the requests with the legacy push's headers and body.
    fn server(body_len: usize) -> (String, Arc<AtomicUsize>, Arc<AtomicUsize>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}{PATH}", listener.local_addr().unwrap());
        let (connections, good) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let (c, g) = (Arc::clone(&connections), Arc::clone(&good));
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                c.fetch_add(1, Ordering::SeqCst);
                let g = Arc::clone(&g);
                std::thread::spawn(move || {
                    let mut writer = stream.try_clone().unwrap();
                    let mut reader = BufReader::new(stream);
                    loop {
                        let (mut length, mut pushes) = (0, false);
                        let mut line = String::new();
                        loop {
                            line.clear();
                            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                                return;
                            }
                            let lower = line.to_ascii_lowercase();
                            if let Some(v) = lower.strip_prefix("content-length:") {
                                length = v.trim().parse().unwrap();
                            }
                            pushes |= lower.trim() == "gt-action: pushmessagetosingleaction";
                            if line == "\r\n" {
                                break;
                            }
                        }
                        let mut body = vec![0; length];
                        reader.read_exact(&mut body).unwrap();
                        if pushes && length == body_len {
                            g.fetch_add(1, Ordering::SeqCst);
                        }
                        let answer =
                            r#"{"result":"ok","taskId":"OSS-test","status":"successed_online"}"#;
                        let head = format!(
                            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                            answer.len()
                        );
                        if writer.write_all(head.as_bytes()).is_err()
                            || writer.write_all(answer.as_bytes()).is_err()
                        {
                            return;
                        }
                    }
                });
            }
        });
        (url, connections, good)
    }

    #[test]
    fn both_stacks_post_the_body_over_one_connection_and_read_the_answers() {
        let body = body().unwrap();
        assert!((900..1200).contains(&body.len()), "{}", body.len());
        for stack in Stack::ALL {
            let (url, connections, good) = server(body.len());
            let r = measure(stack, &url, body.clone(), 0.2, 3).unwrap();
            assert_eq!(r.errors, 0, "{stack:?}");
            assert!(r.requests > 0 && r.requests_per_s > 0.0, "{stack:?} {r:?}");
            assert!(r.p50_us > 0.0 && r.p50_us <= r.p99_us, "{stack:?} {r:?}");
            // Every request (the warm-up's too) reached the server whole, on one connection.
            assert_eq!(
                good.load(Ordering::SeqCst) as u64,
                r.requests + 3,
                "{stack:?}"
            );
            assert_eq!(connections.load(Ordering::SeqCst), 1, "{stack:?}");
        }
    }

    #[test]
    fn a_refusing_server_counts_errors() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}{PATH}", listener.local_addr().unwrap());
        drop(listener);
        for stack in Stack::ALL {
            // The warm-up stops at the first failure.
            assert!(measure(stack, &url, body().unwrap(), 0.1, 1).is_err());
            let r = measure(stack, &url, body().unwrap(), 0.1, 0).unwrap();
            assert_eq!(r.errors, r.requests, "{stack:?}");
            assert_eq!(r.requests_per_s, 0.0);
        }
    }

    #[test]
    fn summary_lines_and_arguments() {
        let r = StackResult {
            requests_per_s: 41234.5,
            p50_us: 22.0,
            p99_us: 48.5,
            errors: 0,
            requests: 206172,
        };
        assert_eq!(parse_summary(&format!("noise\n{}\n", r.summary())), Some(r));
        assert!(parse_summary("nothing").is_none());
        assert_eq!("ureq".parse::<Stack>(), Ok(Stack::Ureq));
        assert!("curl".parse::<Stack>().is_err());
        assert_eq!(
            args(Stack::SocketClient, "http://h/apiex.htm", 6.0).join(" "),
            "blocking-http --client socket-client --url http://h/apiex.htm --seconds 6"
        );
        assert!(command(&["--url".into(), "http://h".into()]).is_err());
        assert!(command(&["--client".into(), "ureq".into()]).is_err());
    }
}
