//! Retries, timeouts, gzip, size caps, proxy and TLS, on loopback servers.

mod common;

use std::io::Read;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[cfg(feature = "rustls")]
use common::test_pki;
use common::{dead_url, handler, ConnectProxy, ProxyMode, Reply, Server};
use getui_transport::{
    header, ApiRequest, AsyncHttpClient, BlockingHttpClient, BoxFuture, ErrorKind, HttpRequest,
    HttpResponse, HyperClient, Method, Proxy, RetryPolicy, StatusCode, Transport, TransportError,
};
use tokio::time::Instant;

fn gzip(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn gunzip(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(data)
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn single(url: String) -> Transport {
    Transport::builder().hosts([url]).build().unwrap()
}

const BODY: &str =
    r#"{"requestId": "REQ-1", "action": "pushMessageToSingleAction", "appkey": "K"}"#;

#[tokio::test(start_paused = true)]
async fn idempotent_requests_are_resent_with_byte_identical_bodies() {
    // The first two attempts reach the server and lose the connection before an answer.
    let server = Server::start(handler(|_, n| {
        if n < 3 {
            Reply::CloseAfterRead
        } else {
            Reply::ok("done")
        }
    }))
    .await;
    let t = single(server.url());
    // The caller's headers, a name with two values among them, go with every attempt (the
    // first takes the caller's map, later ones a copy).
    let mut request = ApiRequest::post(BODY).gzip(true).idempotent(true);
    let tag = header::HeaderName::from_static("x-tag");
    request
        .headers_mut()
        .append(tag.clone(), header::HeaderValue::from_static("one"));
    request
        .headers_mut()
        .append(tag, header::HeaderValue::from_static("two"));
    let answer = t.send(request).await.unwrap();
    assert_eq!(answer.body, "done");
    assert_eq!(answer.attempts, 3);

    let seen = server.requests();
    assert_eq!(seen.len(), 3);
    // Compressed once: the very same bytes each time (Node re-compressed per retry).
    assert!(seen.iter().all(|r| r.body == seen[0].body));
    assert_eq!(gunzip(&seen[0].body), BODY.as_bytes());
    assert!(seen
        .iter()
        .all(|r| r.header("content-encoding") == Some("gzip")));
    assert!(seen
        .iter()
        .all(|r| r.header("accept-encoding") == Some("gzip")));
    for r in &seen {
        let tags: Vec<&str> = r
            .headers
            .iter()
            .filter(|(name, _)| name.eq_ignore_ascii_case("x-tag"))
            .map(|(_, value)| value.as_str())
            .collect();
        assert_eq!(tags, ["one", "two"]);
    }
}

#[tokio::test(start_paused = true)]
async fn a_request_that_may_have_arrived_is_not_retried_without_request_id() {
    let server = Server::start(handler(|_, _| Reply::CloseAfterRead)).await;
    let t = single(server.url());
    let err = t
        .send(ApiRequest::post(r#"{"action": "pushMessageToAppAction"}"#))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Connection);
    assert!(err.may_have_been_sent());
    assert!(!err.is_connect());
    assert_eq!(err.attempts(), 1);
    assert_eq!(err.hosts(), [server.url()]);
    assert_eq!(server.requests().len(), 1);
    // The error never carries the body.
    assert!(!format!("{err} {err:?}").contains("pushMessageToAppAction"));

    // Marked idempotent, the same failure is retried up to the policy's limit.
    let t = Transport::builder()
        .hosts([server.url()])
        .retry_policy(RetryPolicy::new(4))
        .build()
        .unwrap();
    let err = t
        .send(ApiRequest::post(BODY).idempotent(true))
        .await
        .unwrap_err();
    assert_eq!(err.attempts(), 4);
    assert_eq!(server.requests().len(), 5);
}

#[tokio::test(start_paused = true)]
async fn connect_failures_are_retried_and_fail_over_for_any_request() {
    let alive = Server::start(handler(|_, _| Reply::ok("alive"))).await;
    let dead1 = dead_url().await;
    let dead2 = dead_url().await;
    let t = Transport::builder()
        .hosts([dead1.clone(), alive.url()])
        .probing(false)
        .build()
        .unwrap();
    let answer = t.send(ApiRequest::post("x")).await.unwrap();
    assert_eq!((answer.body.as_ref(), answer.attempts), (&b"alive"[..], 2));
    assert_eq!(&*answer.host, alive.url());
    // Without probing the configured order is kept: the next call fails over again.
    assert_eq!(t.send(ApiRequest::post("x")).await.unwrap().attempts, 2);

    // Every host down: the error lists each attempt's host; nothing was sent.
    let t = Transport::builder()
        .hosts([dead1.clone(), dead2.clone()])
        .probing(false)
        .build()
        .unwrap();
    let start = Instant::now();
    let err = t.send(ApiRequest::post("x")).await.unwrap_err();
    assert!(
        err.is_connect() && !err.is_timeout() && !err.may_have_been_sent(),
        "{err:?}"
    );
    assert_eq!(err.kind(), ErrorKind::Connect);
    assert_eq!(err.attempts(), 3);
    assert_eq!(err.hosts(), [dead1.clone(), dead2, dead1]);
    // Going back to an already tried host waited for a backoff (50..100 ms with jitter).
    let waited = start.elapsed();
    assert!(
        waited >= Duration::from_millis(50) && waited <= Duration::from_millis(110),
        "{waited:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn http_status_answers_are_returned_not_retried() {
    let server = Server::start(handler(|_, _| Reply::status(503, "busy"))).await;
    let t = single(server.url());
    let answer = t
        .send(ApiRequest::post(BODY).idempotent(true))
        .await
        .unwrap();
    assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(answer.body, "busy");
    assert_eq!(answer.attempts, 1);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn request_timeout_after_sending_is_surfaced_not_blindly_retried() {
    let server = Server::start(handler(|_, _| Reply::Hang)).await;
    let t = Transport::builder()
        .hosts([server.url()])
        .http(HyperClient::builder().request_timeout(Duration::from_secs(30)))
        .build()
        .unwrap();
    let start = Instant::now();
    let err = t.send(ApiRequest::post("x")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout);
    assert!(err.is_timeout() && err.may_have_been_sent() && !err.is_connect());
    assert_eq!(err.attempts(), 1);
    let waited = start.elapsed();
    assert!(
        waited >= Duration::from_secs(30) && waited < Duration::from_secs(31),
        "{waited:?}"
    );
    assert_eq!(server.requests().len(), 1);

    let err = t
        .send(ApiRequest::post(BODY).idempotent(true))
        .await
        .unwrap_err();
    assert!(err.is_timeout());
    assert_eq!(err.attempts(), 3);
    assert_eq!(server.requests().len(), 4);
}

#[tokio::test(start_paused = true)]
async fn connect_timeout_is_a_connect_failure_and_safe_to_retry() {
    // The proxy accepts TCP and never answers CONNECT: the connection is never established.
    let proxy = ConnectProxy::start(ProxyMode::Silent).await;
    let t = Transport::builder()
        .hosts(["http://127.0.0.1:9/apiex.htm"])
        .http(
            HyperClient::builder()
                .connect_timeout(Duration::from_secs(5))
                .proxy(Proxy::new("127.0.0.1", proxy.addr.port()).unwrap()),
        )
        .build()
        .unwrap();
    let start = Instant::now();
    let err = t.send(ApiRequest::post("x")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ConnectTimeout);
    assert!(err.is_connect() && err.is_timeout() && !err.may_have_been_sent());
    // Not sent, so retried even without a request id.
    assert_eq!(err.attempts(), 3);
    assert!(start.elapsed() >= Duration::from_secs(15));
    assert_eq!(proxy.requests().len(), 3);
}

#[tokio::test(start_paused = true)]
async fn a_short_connect_timeout_does_not_cut_a_written_request_short() {
    // The connect timeout (5 s) is over long before the request timeout (30 s): once the
    // request is written only the request timeout counts.
    let server = Server::start(handler(|_, _| Reply::Hang)).await;
    let t = Transport::builder()
        .hosts([server.url()])
        .http(
            HyperClient::builder()
                .connect_timeout(Duration::from_secs(5))
                .request_timeout(Duration::from_secs(30)),
        )
        .build()
        .unwrap();
    let start = Instant::now();
    let err = t.send(ApiRequest::post("x")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout);
    assert!(err.may_have_been_sent());
    let waited = start.elapsed();
    assert!(
        waited >= Duration::from_secs(30) && waited < Duration::from_secs(31),
        "{waited:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_short_request_timeout_does_not_cut_a_connection_attempt_short() {
    // The request timeout (2 s) is shorter than the connect timeout (5 s): while nothing is
    // written only the connect timeout counts.
    let proxy = ConnectProxy::start(ProxyMode::Silent).await;
    let t = Transport::builder()
        .hosts(["http://127.0.0.1:9/apiex.htm"])
        .http(
            HyperClient::builder()
                .connect_timeout(Duration::from_secs(5))
                .request_timeout(Duration::from_secs(2))
                .proxy(Proxy::new("127.0.0.1", proxy.addr.port()).unwrap()),
        )
        .retry_policy(RetryPolicy::no_retries())
        .build()
        .unwrap();
    let start = Instant::now();
    let err = t.send(ApiRequest::post("x")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ConnectTimeout);
    assert!(!err.may_have_been_sent());
    assert_eq!(err.attempts(), 1);
    let waited = start.elapsed();
    assert!(
        waited >= Duration::from_secs(5) && waited < Duration::from_secs(6),
        "{waited:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn timeouts_of_duration_max_mean_no_timeout() {
    let server = Server::start(handler(|_, _| Reply::ok(&b"{\"result\": \"ok\"}"[..]))).await;
    let t = Transport::builder()
        .hosts([server.url()])
        .http(
            HyperClient::builder()
                .connect_timeout(Duration::MAX)
                .request_timeout(Duration::MAX),
        )
        .build()
        .unwrap();
    let answer = t.send(ApiRequest::post(BODY)).await.unwrap();
    assert_eq!(answer.status, StatusCode::OK);
}

#[tokio::test(start_paused = true)]
async fn gzip_both_ways() {
    let big = br#"{"result": "ok", "taskId": "T"}"#.repeat(50);
    let packed = gzip(&big);
    let (with_header, without_header) = (packed.clone(), packed);
    let server = Server::start(handler(move |req, _| {
        if req.path.contains("plain") {
            return Reply::ok(&b"{\"result\": \"ok\"}"[..]);
        }
        let body = gunzip(&req.body);
        assert_eq!(body, BODY.as_bytes());
        if req.header("x-variant") == Some("no-header") {
            Reply::ok(without_header.clone())
        } else {
            Reply::ok(with_header.clone()).with_header("content-encoding", "gzip")
        }
    }))
    .await;
    let t = single(server.url());
    let answer = t.send(ApiRequest::post(BODY).gzip(true)).await.unwrap();
    assert_eq!(answer.body, big);
    assert!(answer.headers.get(header::CONTENT_ENCODING).is_none());

    // Gzip data without the header is recognised by its magic bytes.
    let answer = t
        .send(ApiRequest::post(BODY).gzip(true).header(
            header::HeaderName::from_static("x-variant"),
            header::HeaderValue::from_static("no-header"),
        ))
        .await
        .unwrap();
    assert_eq!(answer.body, big);

    // Not asked for: sent as is.
    let plain = single(format!("http://{}/plain", server.addr));
    plain.send(ApiRequest::post("abc")).await.unwrap();
    let last = server.requests().pop().unwrap();
    assert_eq!(last.body, b"abc");
    assert!(last.header("content-encoding").is_none());
}

#[tokio::test(start_paused = true)]
async fn over_cap_responses_are_typed_errors() {
    let bomb = gzip(&vec![b'a'; 1 << 20]);
    let server = Server::start(handler(move |req, _| {
        if req.path.contains("big") {
            Reply::ok(vec![b'x'; 4096])
        } else {
            Reply::ok(bomb.clone()).with_header("content-encoding", "gzip")
        }
    }))
    .await;

    // Raw body over the client's cap.
    let t = Transport::builder()
        .hosts([format!("http://{}/big", server.addr)])
        .http(HyperClient::builder().max_response_size(1024))
        .build()
        .unwrap();
    let err = t.send(ApiRequest::post("x")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ResponseTooLarge);
    assert!(err.is_too_large() && !err.is_transient());
    assert_eq!(err.attempts(), 1);

    // Small on the wire, over the cap once decompressed.
    let t = Transport::builder()
        .hosts([server.url()])
        .max_decompressed_size(64 * 1024)
        .build()
        .unwrap();
    let err = t.send(ApiRequest::post("x")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ResponseTooLarge);
    // The same response fits a larger cap.
    let t = Transport::builder()
        .hosts([server.url()])
        .max_decompressed_size(2 << 20)
        .build()
        .unwrap();
    assert_eq!(
        t.send(ApiRequest::post("x")).await.unwrap().body.len(),
        1 << 20
    );
}

#[tokio::test]
async fn requests_go_through_a_connect_proxy_with_basic_auth() {
    let target = Server::start(handler(|_, _| Reply::ok("via proxy"))).await;
    let proxy = ConnectProxy::start(ProxyMode::Tunnel {
        auth: Some("Basic dXNlcjpwYXNz".into()),
    })
    .await;
    let t = Transport::builder()
        .hosts([target.url()])
        .http(
            HyperClient::builder().proxy(
                Proxy::new("http://127.0.0.1", proxy.addr.port())
                    .unwrap()
                    .basic_auth("user", "pass"),
            ),
        )
        .build()
        .unwrap();
    let answer = t.send(ApiRequest::post("x")).await.unwrap();
    assert_eq!(answer.body, "via proxy");
    let tunnels = proxy.requests();
    assert_eq!(tunnels.len(), 1);
    assert_eq!(tunnels[0].0, target.addr.to_string());
    assert_eq!(tunnels[0].1.as_deref(), Some("Basic dXNlcjpwYXNz"));
    // Origin-form request inside the tunnel, as to a direct server.
    assert_eq!(target.requests()[0].path, "/apiex.htm");

    // Wrong credentials: the proxy refuses the tunnel; a connect error, nothing sent.
    let t = Transport::builder()
        .hosts([target.url()])
        .retry_policy(RetryPolicy::no_retries())
        .http(
            HyperClient::builder().proxy(
                Proxy::new("127.0.0.1", proxy.addr.port())
                    .unwrap()
                    .basic_auth("user", "wrong"),
            ),
        )
        .build()
        .unwrap();
    let err = t.send(ApiRequest::post("x")).await.unwrap_err();
    assert!(err.is_connect() && !err.may_have_been_sent(), "{err:?}");
    assert!(!format!("{err:?}").contains("wrong"));
    assert_eq!(target.requests().len(), 1);

    // HTTPS through the tunnel: TLS is end to end with the target.
    #[cfg(feature = "rustls")]
    https_through_the_tunnel(&proxy).await;
}

#[cfg(feature = "rustls")]
async fn https_through_the_tunnel(proxy: &ConnectProxy) {
    let pki = test_pki();
    let tls_target =
        Server::start_tls(handler(|_, _| Reply::ok("tls via proxy")), pki.acceptor).await;
    let t = Transport::builder()
        .hosts([tls_target.https_url()])
        .http(
            HyperClient::builder()
                .add_root_certificates_pem(pki.ca_pem.clone())
                .proxy(
                    Proxy::new("127.0.0.1", proxy.addr.port())
                        .unwrap()
                        .basic_auth("user", "pass"),
                ),
        )
        .build()
        .unwrap();
    assert_eq!(
        t.send(ApiRequest::post("x")).await.unwrap().body,
        "tls via proxy"
    );
    assert_eq!(
        proxy.requests().last().unwrap().0,
        tls_target.addr.to_string()
    );
}

#[cfg(feature = "rustls")]
#[tokio::test]
async fn https_with_a_trusted_test_ca_works_and_an_untrusted_one_fails() {
    let pki = test_pki();
    let server = Server::start_tls(handler(|_, _| Reply::ok("secure")), pki.acceptor).await;

    let t = Transport::builder()
        .hosts([server.https_url()])
        .http(HyperClient::builder().add_root_certificate_der(pki.ca_der.clone()))
        .build()
        .unwrap();
    assert_eq!(t.send(ApiRequest::post("x")).await.unwrap().body, "secure");
    // PEM works as well, and alone (no bundled roots).
    let t = Transport::builder()
        .hosts([server.https_url()])
        .http(
            HyperClient::builder()
                .builtin_roots(false)
                .add_root_certificates_pem(pki.ca_pem.clone()),
        )
        .build()
        .unwrap();
    assert_eq!(t.send(ApiRequest::post("x")).await.unwrap().body, "secure");

    // A server whose certificate comes from another CA.
    let other = test_pki();
    let t = Transport::builder()
        .hosts([server.https_url()])
        .http(HyperClient::builder().add_root_certificate_der(other.ca_der))
        .build()
        .unwrap();
    let err = t.send(ApiRequest::post("x")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Tls, "{err:?}");
    assert!(err.is_tls() && err.is_connect() && !err.may_have_been_sent());
    assert!(
        format!("{err:?}").to_lowercase().contains("certificate"),
        "{err:?}"
    );
    // Bundled web roots alone do not trust it either.
    let t = single(server.https_url());
    assert_eq!(
        t.send(ApiRequest::post("x")).await.unwrap_err().kind(),
        ErrorKind::Tls
    );
    assert_eq!(server.requests().len(), 2);
}

#[cfg(feature = "rustls")]
#[tokio::test(start_paused = true)]
async fn a_tls_handshake_without_answer_is_a_connect_timeout() {
    // The server accepts TCP and never answers the ClientHello: the connect timeout covers
    // the TLS handshake, and the request was not sent.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let silent = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    let t = Transport::builder()
        .hosts([format!("https://{addr}/apiex.htm")])
        .http(
            HyperClient::builder()
                .connect_timeout(Duration::from_secs(5))
                .request_timeout(Duration::from_secs(60)),
        )
        .retry_policy(RetryPolicy::no_retries())
        .build()
        .unwrap();
    let start = Instant::now();
    let err = t.send(ApiRequest::post("x")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ConnectTimeout, "{err:?}");
    assert!(err.is_connect() && !err.may_have_been_sent());
    let waited = start.elapsed();
    assert!(
        waited >= Duration::from_secs(5) && waited < Duration::from_secs(6),
        "{waited:?}"
    );
    silent.abort();
}

#[tokio::test(start_paused = true)]
async fn the_hyper_client_is_a_plain_exchange() {
    let server = Server::start(handler(|req, _| {
        Reply::status(201, format!("{} {}", req.method, req.body.len()))
            .with_header("x-answer", "yes")
    }))
    .await;
    let client = HyperClient::new().unwrap();
    let mut request = HttpRequest::post(server.url().parse().unwrap(), "hello");
    request.headers.insert(
        "gt-action",
        header::HeaderValue::from_static("pushMessageToSingleAction"),
    );
    let response = client.execute(request).await.unwrap();
    assert_eq!(response.status, StatusCode::CREATED);
    assert_eq!(response.body, "POST 5");
    assert_eq!(response.headers["x-answer"], "yes");
    let seen = &server.requests()[0];
    assert_eq!(seen.header("gt-action"), Some("pushMessageToSingleAction"));
    assert_eq!(
        seen.header("user-agent"),
        Some(getui_transport::DEFAULT_USER_AGENT)
    );
    // Keep-alive: a second request reuses the connection.
    common::settle().await;
    client
        .execute(HttpRequest::new(Method::GET, server.url().parse().unwrap()))
        .await
        .unwrap();
    let seen = server.requests();
    assert_eq!(seen[0].conn, seen[1].conn);

    let err = client
        .execute(HttpRequest::new(Method::GET, "ftp://x/".parse().unwrap()))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidRequest);
}

/// A user-supplied async HTTP stack that answers from memory.
struct Canned {
    seen: Mutex<Vec<HttpRequest>>,
}

impl AsyncHttpClient for Canned {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin(async move {
            let host = request.url.host().unwrap_or_default().to_owned();
            self.seen.lock().unwrap().push(request);
            if host == "down.invalid" {
                Err(TransportError::new(ErrorKind::Connect, "canned refusal"))
            } else {
                Ok(HttpResponse::new(
                    StatusCode::OK,
                    format!("canned from {host}"),
                ))
            }
        })
    }
}

/// A user-supplied blocking HTTP stack.
struct BlockingCanned;

impl BlockingHttpClient for BlockingCanned {
    fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        std::thread::sleep(Duration::from_millis(1));
        Ok(HttpResponse::new(StatusCode::OK, request.body))
    }
}

#[tokio::test]
async fn user_supplied_clients_plug_in() {
    let canned = Arc::new(Canned {
        seen: Mutex::new(Vec::new()),
    });
    let t = Transport::builder()
        .hosts([
            "http://down.invalid/apiex.htm",
            "http://up.invalid/apiex.htm",
        ])
        .probing(false)
        .http_client(canned.clone())
        .build()
        .unwrap();
    let answer = t.send(ApiRequest::post("x")).await.unwrap();
    assert_eq!(answer.body, "canned from up.invalid");
    assert_eq!(answer.attempts, 2);
    assert_eq!(canned.seen.lock().unwrap().len(), 2);

    let t = Transport::builder()
        .hosts(["http://echo.invalid/"])
        .blocking_http_client(Arc::new(BlockingCanned))
        .build()
        .unwrap();
    assert_eq!(t.send(ApiRequest::post("echo")).await.unwrap().body, "echo");
}
