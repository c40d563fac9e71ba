//! The blocking `SocketClient` against loopback servers that run on plain threads: keep-alive,
//! idle closes, body framings, size caps, timeouts and their classification, the CONNECT
//! proxy and TLS.

mod common;

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

#[cfg(feature = "rustls")]
use common::test_pki;
use getui_transport::{
    header, BlockingHttpClient, ErrorKind, HttpRequest, HttpResponse, Method, Proxy, SocketClient,
    StatusCode, TransportError, DEFAULT_USER_AGENT,
};

/// One request as the server read it.
#[derive(Clone, Debug)]
struct Seen {
    /// Which connection (1-based, per server) carried it.
    conn: usize,
    /// The request line and headers, exactly as received (with the final empty line).
    head: String,
    method: String,
    path: String,
    body: Vec<u8>,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

type Log = Arc<Mutex<Vec<Seen>>>;

/// The server's side of a connection.
enum ServerStream {
    Plain(TcpStream),
    #[cfg(feature = "rustls")]
    Tls(Box<rustls::StreamOwned<rustls::ServerConnection, TcpStream>>),
}

impl Read for ServerStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            ServerStream::Plain(s) => s.read(buf),
            #[cfg(feature = "rustls")]
            ServerStream::Tls(s) => s.read(buf),
        }
    }
}

impl Write for ServerStream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            ServerStream::Plain(s) => s.write(buf),
            #[cfg(feature = "rustls")]
            ServerStream::Tls(s) => s.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            ServerStream::Plain(s) => s.flush(),
            #[cfg(feature = "rustls")]
            ServerStream::Tls(s) => s.flush(),
        }
    }
}

/// One accepted connection, handed to the server's script.
struct Peer {
    conn: usize,
    io: BufReader<ServerStream>,
    log: Log,
}

impl Peer {
    /// Reads the next request (head and `Content-Length` body) and logs it; `None` once the
    /// client closed the connection.
    fn request(&mut self) -> Option<Seen> {
        let mut head = Vec::new();
        loop {
            let mut line = Vec::new();
            if self.io.read_until(b'\n', &mut line).ok()? == 0 {
                return None;
            }
            head.extend_from_slice(&line);
            if line == b"\r\n" {
                break;
            }
        }
        let head = String::from_utf8(head).ok()?;
        let mut first = head.lines().next()?.split(' ');
        let (method, path) = (first.next()?.to_owned(), first.next()?.to_owned());
        let mut seen = Seen {
            conn: self.conn,
            head,
            method,
            path,
            body: Vec::new(),
        };
        let len = seen
            .header("content-length")
            .map_or(0, |v| v.parse().unwrap());
        seen.body = vec![0; len];
        self.io.read_exact(&mut seen.body).ok()?;
        self.log.lock().unwrap().push(seen.clone());
        Some(seen)
    }

    fn send(&mut self, bytes: impl AsRef<[u8]>) -> bool {
        let io = self.io.get_mut();
        io.write_all(bytes.as_ref())
            .and_then(|()| io.flush())
            .is_ok()
    }

    fn respond(&mut self, status: u16, body: &str) -> bool {
        self.send(format!(
            "HTTP/1.1 {status} Status\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        ))
    }

    /// Blocks until the client closes the connection (reading and dropping what it sends).
    fn wait_for_close(&mut self) {
        let mut sink = [0u8; 1024];
        while matches!(self.io.read(&mut sink), Ok(n) if n > 0) {}
    }

    /// Closes the connection both ways (after a TLS `close_notify` on TLS).
    fn shut(&mut self) {
        #[cfg(feature = "rustls")]
        if let ServerStream::Tls(tls) = self.io.get_mut() {
            tls.conn.send_close_notify();
            let _ = tls.flush();
        }
        self.tcp().shutdown(std::net::Shutdown::Both).unwrap();
    }

    fn tcp(&self) -> &TcpStream {
        match self.io.get_ref() {
            ServerStream::Plain(tcp) => tcp,
            #[cfg(feature = "rustls")]
            ServerStream::Tls(tls) => &tls.sock,
        }
    }
}

type Script = Arc<dyn Fn(&mut Peer) + Send + Sync>;

fn script(f: impl Fn(&mut Peer) + Send + Sync + 'static) -> Script {
    Arc::new(f)
}

/// Answers every request `200` with body `ok` until the client closes.
fn ok_server() -> Script {
    script(|peer| {
        while peer.request().is_some() {
            if !peer.respond(200, "ok") {
                return;
            }
        }
    })
}

/// A loopback server: one thread accepts, one thread per connection runs the script.
struct TestServer {
    addr: SocketAddr,
    log: Log,
    accepted: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    acceptor: Option<JoinHandle<()>>,
}

impl TestServer {
    fn start(script: Script) -> TestServer {
        TestServer::start_inner(script, None)
    }

    #[cfg(feature = "rustls")]
    fn start_tls(script: Script, tls: Arc<rustls::ServerConfig>) -> TestServer {
        TestServer::start_inner(script, Some(tls))
    }

    fn start_inner(script: Script, tls: Option<TlsConfig>) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let log = Log::default();
        let accepted = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let acceptor = {
            let (log, accepted, stop) = (log.clone(), accepted.clone(), stop.clone());
            thread::spawn(move || {
                for tcp in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        return;
                    }
                    let Ok(tcp) = tcp else { continue };
                    let conn = accepted.fetch_add(1, Ordering::SeqCst) + 1;
                    let (script, log, tls) = (script.clone(), log.clone(), tls.clone());
                    thread::spawn(move || {
                        let io = server_stream(tcp, tls);
                        script(&mut Peer {
                            conn,
                            io: BufReader::new(io),
                            log,
                        });
                    });
                }
            })
        };
        TestServer {
            addr,
            log,
            accepted,
            stop,
            acceptor: Some(acceptor),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    #[cfg(feature = "rustls")]
    fn https_url(&self, path: &str) -> String {
        format!("https://{}{path}", self.addr)
    }

    fn seen(&self) -> Vec<Seen> {
        self.log.lock().unwrap().clone()
    }

    fn accepted(&self) -> usize {
        self.accepted.load(Ordering::SeqCst)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the acceptor, which then sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}

#[cfg(feature = "rustls")]
type TlsConfig = Arc<rustls::ServerConfig>;
/// Without TLS support there is no server configuration.
#[cfg(not(feature = "rustls"))]
#[derive(Clone)]
enum TlsConfig {}

#[cfg(feature = "rustls")]
fn server_stream(tcp: TcpStream, tls: Option<TlsConfig>) -> ServerStream {
    match tls {
        None => ServerStream::Plain(tcp),
        Some(config) => ServerStream::Tls(Box::new(rustls::StreamOwned::new(
            rustls::ServerConnection::new(config).unwrap(),
            tcp,
        ))),
    }
}

#[cfg(not(feature = "rustls"))]
fn server_stream(tcp: TcpStream, _tls: Option<TlsConfig>) -> ServerStream {
    ServerStream::Plain(tcp)
}

/// A CONNECT proxy script: requires `Proxy-Authorization: <auth>` when `auth` is set, then
/// relays bytes both ways.
fn tunnel(auth: Option<&'static str>) -> Script {
    script(move |peer| {
        let Some(connect) = peer.request() else {
            return;
        };
        if connect.header("proxy-authorization") != auth {
            peer.send("HTTP/1.1 407 Proxy Authentication Required\r\ncontent-length: 0\r\n\r\n");
            return;
        }
        let Ok(upstream) = TcpStream::connect(&connect.path) else {
            peer.send("HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n");
            return;
        };
        peer.send("HTTP/1.1 200 Connection established\r\n\r\n");
        let client = peer.tcp().try_clone().unwrap();
        relay(client, upstream);
    })
}

fn relay(a: TcpStream, b: TcpStream) {
    let (mut a_read, mut b_write) = (a.try_clone().unwrap(), b.try_clone().unwrap());
    let forward = thread::spawn(move || {
        let _ = io::copy(&mut a_read, &mut b_write);
        let _ = b_write.shutdown(std::net::Shutdown::Write);
    });
    let (mut b_read, mut a_write) = (b, a);
    let _ = io::copy(&mut b_read, &mut a_write);
    let _ = a_write.shutdown(std::net::Shutdown::Write);
    let _ = forward.join();
}

/// Reads requests and never answers.
fn silent() -> Script {
    script(|peer| {
        peer.request();
        peer.wait_for_close();
    })
}

fn get(url: &str) -> HttpRequest {
    HttpRequest::new(Method::GET, url.parse().unwrap())
}

fn post(url: &str, body: &'static str) -> HttpRequest {
    HttpRequest::post(url.parse().unwrap(), body)
}

fn client() -> SocketClient {
    SocketClient::new().unwrap()
}

#[test]
fn a_plain_exchange_with_the_exact_request_head() {
    let server = TestServer::start(script(|peer| {
        while let Some(req) = peer.request() {
            let body = format!("{} {}", req.method, req.body.len());
            peer.send(format!(
                "HTTP/1.1 201 Created\r\nx-answer: yes\r\ncontent-length: {}\r\n\r\n{body}",
                body.len()
            ));
        }
    }));
    let client = client();
    let mut request = post(&server.url("/apiex.htm?sign=a%20b"), "hello");
    request.headers.insert(
        "gt-action",
        header::HeaderValue::from_static("pushMessageToSingleAction"),
    );
    let response = client.send(request).unwrap();
    assert_eq!(response.status, StatusCode::CREATED);
    assert_eq!(response.body, "POST 5");
    assert_eq!(response.headers["x-answer"], "yes");
    let seen = server.seen();
    assert_eq!(
        seen[0].head,
        format!(
            "POST /apiex.htm?sign=a%20b HTTP/1.1\r\nhost: {}\r\n\
             gt-action: pushMessageToSingleAction\r\nuser-agent: {DEFAULT_USER_AGENT}\r\n\
             content-length: 5\r\n\r\n",
            server.addr
        )
    );
    assert_eq!(seen[0].body, b"hello");

    // A GET has no Content-Length; an empty POST says 0.
    client.send(get(&server.url("/x"))).unwrap();
    client.send(post(&server.url("/y"), "")).unwrap();
    let seen = server.seen();
    assert_eq!(
        seen[1].head,
        format!(
            "GET /x HTTP/1.1\r\nhost: {}\r\nuser-agent: {DEFAULT_USER_AGENT}\r\n\r\n",
            server.addr
        )
    );
    assert_eq!(seen[2].header("content-length"), Some("0"));

    // The builder's user agent, unless the request has its own.
    let custom = SocketClient::builder()
        .user_agent("mine/1.0")
        .build_socket_client()
        .unwrap();
    custom.send(get(&server.url("/"))).unwrap();
    let mut request = get(&server.url("/"));
    request.headers.insert(
        header::USER_AGENT,
        header::HeaderValue::from_static("theirs"),
    );
    custom.send(request).unwrap();
    let seen = server.seen();
    assert_eq!(seen[3].header("user-agent"), Some("mine/1.0"));
    assert_eq!(seen[4].header("user-agent"), Some("theirs"));

    // Not an http(s) URL: nothing is sent.
    let err = client.send(get("ftp://127.0.0.1/x")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidRequest);
    assert!(!err.may_have_been_sent());
    assert_eq!(server.seen().len(), 5);
}

#[test]
fn keep_alive_carries_many_requests_on_one_connection() {
    let server = TestServer::start(ok_server());
    let client = client();
    for _ in 0..3 {
        assert_eq!(client.send(post(&server.url("/"), "x")).unwrap().body, "ok");
    }
    assert_eq!(server.accepted(), 1);
    assert!(server.seen().iter().all(|s| s.conn == 1));
    // Clones share the pool.
    let clone = client.clone();
    clone.send(get(&server.url("/"))).unwrap();
    assert_eq!(server.accepted(), 1);
    assert!(
        format!("{client:?}").contains("idle_connections: 1"),
        "{client:?}"
    );
}

#[test]
fn an_idle_connection_closed_by_the_server_is_not_used() {
    let (closed_tx, closed_rx) = mpsc::channel();
    let closed_tx = Mutex::new(closed_tx);
    let server = TestServer::start(script(move |peer| {
        if peer.conn == 1 {
            // Answer one request, then close the idle connection.
            if peer.request().is_some() {
                peer.respond(200, "first");
            }
            peer.shut();
            closed_tx.lock().unwrap().send(()).unwrap();
        } else {
            while peer.request().is_some() {
                peer.respond(200, "second");
            }
        }
    }));
    let client = client();
    assert_eq!(
        client.send(post(&server.url("/"), "a")).unwrap().body,
        "first"
    );
    closed_rx.recv().unwrap();
    // A push must not fail because the pooled connection went away while idle.
    let answer = client.send(post(&server.url("/"), "b")).unwrap();
    assert_eq!(answer.body, "second");
    let seen = server.seen();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_eq!((seen[1].conn, seen[1].body.as_slice()), (2, &b"b"[..]));
    assert_eq!(server.accepted(), 2);
}

/// Serves `/len`, `/chunked`, `/close`, `/head` (HEAD: headers only), `/continue` (a 100
/// first), `/http10` and `/http10-keep`.
fn framings() -> Script {
    script(|peer| {
        while let Some(req) = peer.request() {
            let reply: &[u8] = match req.path.as_str() {
                "/len" => b"HTTP/1.1 200 OK\r\ncontent-length: 6\r\n\r\nlength",
                "/chunked" => {
                    b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n\
                      4;ext=1\r\nchun\r\n3\r\nked\r\n0\r\nx-trailer: t\r\n\r\n"
                }
                "/close" => {
                    peer.send("HTTP/1.1 200 OK\r\n\r\nuntil close");
                    return;
                }
                "/head" => b"HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n",
                "/continue" => {
                    b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok"
                }
                "/http10" => {
                    peer.send("HTTP/1.0 200 OK\r\ncontent-length: 3\r\n\r\nold");
                    return;
                }
                "/http10-keep" => {
                    b"HTTP/1.0 200 OK\r\nconnection: keep-alive\r\ncontent-length: 3\r\n\r\nold"
                }
                _ => b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n",
            };
            if !peer.send(reply) {
                return;
            }
        }
    })
}

#[test]
fn bodies_by_length_chunked_and_close() {
    let server = TestServer::start(framings());
    let client = client();
    let body = |path: &str| client.send(get(&server.url(path))).unwrap().body;
    assert_eq!(body("/len"), "length");
    let chunked = client.send(get(&server.url("/chunked"))).unwrap();
    assert_eq!(chunked.body, "chunked");
    assert_eq!(chunked.headers["transfer-encoding"], "chunked");
    assert!(chunked.headers.get("x-trailer").is_none());
    assert_eq!(server.accepted(), 1);
    // Read until the server closes; that connection is not reused.
    assert_eq!(body("/close"), "until close");
    assert_eq!(body("/len"), "length");
    assert_eq!(server.accepted(), 2);
    // HEAD: no body even with a Content-Length; the connection stays usable.
    let head = client
        .send(HttpRequest::new(
            Method::HEAD,
            server.url("/head").parse().unwrap(),
        ))
        .unwrap();
    assert_eq!((head.status, head.body.len()), (StatusCode::OK, 0));
    assert_eq!(head.headers["content-length"], "1000");
    // Interim responses are skipped.
    assert_eq!(body("/continue"), "ok");
    assert_eq!(server.accepted(), 2);
    // HTTP/1.0 closes unless it says keep-alive.
    assert_eq!(body("/http10-keep"), "old");
    assert_eq!(body("/len"), "length");
    assert_eq!(server.accepted(), 2);
    assert_eq!(body("/http10"), "old");
    assert_eq!(body("/len"), "length");
    assert_eq!(server.accepted(), 3);
    let seen = server.seen();
    assert!(seen.iter().all(|s| s.header("connection").is_none()));
}

#[test]
fn either_side_can_ask_to_close() {
    let server = TestServer::start(script(|peer| {
        while let Some(req) = peer.request() {
            let close = if req.path == "/bye" {
                "connection: close\r\n"
            } else {
                ""
            };
            peer.send(format!(
                "HTTP/1.1 200 OK\r\n{close}content-length: 2\r\n\r\nok"
            ));
            if !close.is_empty() {
                return;
            }
        }
    }));
    let client = client();
    client.send(get(&server.url("/bye"))).unwrap();
    client.send(get(&server.url("/"))).unwrap();
    assert_eq!(server.accepted(), 2);
    // The request says close: the connection is dropped after the answer.
    let mut request = get(&server.url("/"));
    request.headers.insert(
        header::CONNECTION,
        header::HeaderValue::from_static("close"),
    );
    client.send(request).unwrap();
    client.send(get(&server.url("/"))).unwrap();
    assert_eq!(server.accepted(), 3);
    assert_eq!(server.seen()[2].header("connection"), Some("close"));
}

#[test]
fn pool_limits() {
    let server = TestServer::start(ok_server());
    // No idle connections kept.
    let client = SocketClient::builder()
        .pool_max_idle_per_host(0)
        .build_socket_client()
        .unwrap();
    for _ in 0..3 {
        client.send(get(&server.url("/"))).unwrap();
    }
    assert_eq!(server.accepted(), 3);
    // Idle connections expire at once.
    let client = SocketClient::builder()
        .pool_idle_timeout(Duration::ZERO)
        .build_socket_client()
        .unwrap();
    for _ in 0..2 {
        client.send(get(&server.url("/"))).unwrap();
    }
    assert_eq!(server.accepted(), 5);

    // Concurrent callers share a pool of at most two idle connections.
    let client = SocketClient::builder()
        .pool_max_idle_per_host(2)
        .build_socket_client()
        .unwrap();
    thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                for _ in 0..5 {
                    assert_eq!(client.send(get(&server.url("/"))).unwrap().body, "ok");
                }
            });
        }
    });
    let debug = format!("{client:?}");
    let idle: usize = debug
        .split("idle_connections: ")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!((1..=2).contains(&idle), "{debug}");
    assert_eq!(server.seen().len(), 25);
}

#[test]
fn response_size_cap_both_ways() {
    let server = TestServer::start(script(|peer| {
        while let Some(req) = peer.request() {
            match req.path.as_str() {
                // Declares too much and sends nothing more: the client must not wait.
                "/declared" => {
                    peer.send("HTTP/1.1 200 OK\r\ncontent-length: 4096\r\n\r\n");
                    peer.wait_for_close();
                    return;
                }
                "/chunked" => {
                    let chunk = "a".repeat(600);
                    peer.send(format!(
                        "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n\
                         258\r\n{chunk}\r\n258\r\n{chunk}\r\n0\r\n\r\n"
                    ));
                }
                "/close" => {
                    peer.send(format!("HTTP/1.1 200 OK\r\n\r\n{}", "b".repeat(2000)));
                    return;
                }
                _ => {
                    peer.send(format!(
                        "HTTP/1.1 200 OK\r\ncontent-length: 1024\r\n\r\n{}",
                        "c".repeat(1024)
                    ));
                }
            }
        }
    }));
    let client = SocketClient::builder()
        .max_response_size(1024)
        .build_socket_client()
        .unwrap();
    for path in ["/declared", "/chunked", "/close"] {
        let url = server.url(path);
        let err = client.send(get(&url)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::ResponseTooLarge, "{path}: {err:?}");
        assert!(err.is_too_large() && !err.is_transient(), "{err:?}");
        assert_eq!(err.hosts(), [url]);
    }
    // Exactly at the cap is fine.
    assert_eq!(
        client.send(get(&server.url("/fits"))).unwrap().body.len(),
        1024
    );
}

#[test]
fn large_bodies_both_ways() {
    let server = TestServer::start(script(|peer| {
        while let Some(req) = peer.request() {
            // Echo the body, twice over, with a checksum header.
            let sum: u64 = req.body.iter().map(|&b| u64::from(b)).sum();
            let mut reply = format!(
                "HTTP/1.1 200 OK\r\nx-sum: {sum}\r\ncontent-length: {}\r\n\r\n",
                req.body.len() * 2
            )
            .into_bytes();
            reply.extend_from_slice(&req.body);
            reply.extend_from_slice(&req.body);
            if !peer.send(reply) {
                return;
            }
        }
    }));
    let client = client();
    let body: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
    let sum: u64 = body.iter().map(|&b| u64::from(b)).sum();
    for _ in 0..2 {
        let response = client
            .send(HttpRequest::post(
                server.url("/").parse().unwrap(),
                body.clone(),
            ))
            .unwrap();
        assert_eq!(response.headers["x-sum"], sum.to_string().as_str());
        assert_eq!(response.body.len(), body.len() * 2);
        assert!(response.body[..body.len()] == body[..] && response.body[body.len()..] == body[..]);
    }
    assert_eq!(server.accepted(), 1);
}

#[test]
fn a_dripping_answer_still_ends_at_the_request_deadline() {
    // Each byte comes well within the request timeout, the whole body never does: one
    // deadline bounds the exchange, not each read.
    let server = TestServer::start(script(|peer| {
        if peer.request().is_some() {
            peer.send("HTTP/1.1 200 OK\r\ncontent-length: 40\r\n\r\n");
            for _ in 0..40 {
                thread::sleep(Duration::from_millis(50));
                if !peer.send("x") {
                    return;
                }
            }
        }
    }));
    let client = SocketClient::builder()
        .request_timeout(Duration::from_millis(400))
        .build_socket_client()
        .unwrap();
    let err = client.send(get(&server.url("/"))).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err:?}");
    assert!(err.may_have_been_sent());
}

#[test]
fn a_refused_connection_is_a_connect_error_and_not_sent() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/apiex.htm", listener.local_addr().unwrap());
    drop(listener);
    let err = client().send(post(&url, "x")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Connect, "{err:?}");
    assert!(err.is_connect() && !err.is_timeout() && !err.may_have_been_sent());
    assert_eq!(err.hosts(), [url]);
    assert_eq!(err.attempts(), 1);
}

#[test]
fn connect_timeouts_are_connect_errors_and_not_sent() {
    // The proxy accepts TCP and never answers CONNECT.
    let proxy = TestServer::start(silent());
    let client = SocketClient::builder()
        .connect_timeout(Duration::from_millis(300))
        .proxy(Proxy::new("127.0.0.1", proxy.addr.port()).unwrap())
        .build_socket_client()
        .unwrap();
    let err = client
        .send(post("http://127.0.0.1:9/apiex.htm", "x"))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ConnectTimeout, "{err:?}");
    assert!(err.is_connect() && err.is_timeout() && !err.may_have_been_sent());
    assert_eq!(proxy.seen()[0].method, "CONNECT");

    // A server that takes TCP but never speaks TLS: the handshake runs out of time.
    #[cfg(feature = "rustls")]
    {
        let server = TestServer::start(script(|peer| peer.wait_for_close()));
        let client = SocketClient::builder()
            .connect_timeout(Duration::from_millis(300))
            .build_socket_client()
            .unwrap();
        let err = client.send(post(&server.https_url("/"), "x")).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::ConnectTimeout, "{err:?}");
        assert!(!err.may_have_been_sent());
    }
}

#[test]
fn no_answer_is_a_timeout_that_may_have_been_sent() {
    let server = TestServer::start(silent());
    let client = SocketClient::builder()
        .request_timeout(Duration::from_millis(300))
        .build_socket_client()
        .unwrap();
    let url = server.url("/apiex.htm");
    let err = client.send(post(&url, "push")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err:?}");
    assert!(err.is_timeout() && err.may_have_been_sent() && !err.is_connect());
    assert_eq!(err.hosts(), [url]);
    assert_eq!(server.seen().len(), 1);
    assert_eq!(server.seen()[0].body, b"push");
}

#[test]
fn a_lost_or_garbled_answer_may_have_been_sent() {
    let server = TestServer::start(script(|peer| {
        if let Some(req) = peer.request() {
            match req.path.as_str() {
                "/garbage" => {
                    peer.send("SSH-2.0-OpenSSH_9.6\r\n\r\n");
                }
                "/short" => {
                    peer.send("HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nabc");
                }
                _ => {} // closed without an answer
            }
        }
    }));
    let client = client();
    for (path, what) in [
        ("/close", "closed before"),
        ("/short", "closed before"),
        ("/garbage", "invalid HTTP response"),
    ] {
        let err = client.send(post(&server.url(path), "x")).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Connection, "{path}: {err:?}");
        assert!(err.may_have_been_sent() && !err.is_connect());
        assert!(err.to_string().contains(what), "{err}");
        // The error never carries the body or header values.
        assert!(!format!("{err:?}").contains("OpenSSH"), "{err:?}");
    }
    assert_eq!(server.seen().len(), 3);
}

#[test]
fn requests_go_through_a_connect_proxy_with_basic_auth() {
    let target = TestServer::start(ok_server());
    let proxy = TestServer::start(tunnel(Some("Basic dXNlcjpwYXNz")));
    let client = SocketClient::builder()
        .proxy(
            Proxy::new("http://127.0.0.1", proxy.addr.port())
                .unwrap()
                .basic_auth("user", "pass"),
        )
        .build_socket_client()
        .unwrap();
    assert!(!format!("{client:?}").contains("dXNlcjpwYXNz"));
    for _ in 0..2 {
        assert_eq!(
            client
                .send(post(&target.url("/apiex.htm"), "x"))
                .unwrap()
                .body,
            "ok"
        );
    }
    // One tunnel, kept alive; origin-form requests inside it.
    let tunnels = proxy.seen();
    assert_eq!(tunnels.len(), 1);
    assert_eq!(
        tunnels[0].head,
        format!(
            "CONNECT {0} HTTP/1.1\r\nhost: {0}\r\nproxy-authorization: Basic dXNlcjpwYXNz\r\n\r\n",
            target.addr
        )
    );
    assert_eq!(target.seen()[0].path, "/apiex.htm");
    assert_eq!(target.accepted(), 1);
    // The credentials are for the proxy only.
    assert!(target.seen()[0].header("proxy-authorization").is_none());

    // Wrong credentials: the proxy answers 407; a connect error, nothing sent.
    let client = SocketClient::builder()
        .proxy(
            Proxy::new("127.0.0.1", proxy.addr.port())
                .unwrap()
                .basic_auth("user", "wrong"),
        )
        .build_socket_client()
        .unwrap();
    let err = client
        .send(post(&target.url("/apiex.htm"), "x"))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Connect, "{err:?}");
    assert!(err.is_connect() && !err.may_have_been_sent());
    assert!(err.to_string().contains("407"), "{err}");
    let shown = format!("{err} {err:?}");
    assert!(
        !shown.contains("wrong") && !shown.contains("dXNlcjp3cm9uZw"),
        "{shown}"
    );
    assert_eq!(target.seen().len(), 2);

    #[cfg(feature = "rustls")]
    {
        // HTTPS through the tunnel: TLS end to end with the target.
        let pki = test_pki();
        let tls_target = TestServer::start_tls(ok_server(), pki.acceptor.config().clone());
        let client = SocketClient::builder()
            .add_root_certificates_pem(pki.ca_pem.clone())
            .proxy(
                Proxy::new("127.0.0.1", proxy.addr.port())
                    .unwrap()
                    .basic_auth("user", "pass"),
            )
            .build_socket_client()
            .unwrap();
        let answer = client.send(post(&tls_target.https_url("/"), "x")).unwrap();
        assert_eq!(answer.body, "ok");
        assert_eq!(
            proxy.seen().last().unwrap().path,
            tls_target.addr.to_string()
        );
    }
}

#[cfg(feature = "rustls")]
#[test]
fn https_with_a_trusted_test_ca_works_and_an_untrusted_one_fails() {
    let pki = test_pki();
    let server = TestServer::start_tls(ok_server(), pki.acceptor.config().clone());
    let url = server.https_url("/apiex.htm");

    let client = SocketClient::builder()
        .add_root_certificate_der(pki.ca_der.clone())
        .build_socket_client()
        .unwrap();
    for _ in 0..3 {
        assert_eq!(client.send(post(&url, "x")).unwrap().body, "ok");
    }
    assert_eq!(server.accepted(), 1);
    // PEM works as well, and alone (no bundled roots).
    let client = SocketClient::builder()
        .builtin_roots(false)
        .add_root_certificates_pem(pki.ca_pem.clone())
        .build_socket_client()
        .unwrap();
    assert_eq!(client.send(post(&url, "x")).unwrap().body, "ok");

    // A certificate from another CA.
    let other = test_pki();
    let client = SocketClient::builder()
        .add_root_certificate_der(other.ca_der)
        .build_socket_client()
        .unwrap();
    let err = client.send(post(&url, "x")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Tls, "{err:?}");
    assert!(err.is_tls() && err.is_connect() && !err.may_have_been_sent());
    assert!(
        format!("{err:?}").to_lowercase().contains("certificate"),
        "{err:?}"
    );
    // The bundled web roots alone do not trust it either.
    assert_eq!(
        SocketClient::new()
            .unwrap()
            .send(post(&url, "x"))
            .unwrap_err()
            .kind(),
        ErrorKind::Tls
    );
    assert_eq!(server.seen().len(), 4);
}

#[cfg(feature = "rustls")]
#[test]
fn an_idle_tls_connection_closed_by_the_server_is_not_used() {
    let pki = test_pki();
    let (closed_tx, closed_rx) = mpsc::channel();
    let closed_tx = Mutex::new(closed_tx);
    let server = TestServer::start_tls(
        script(move |peer| {
            if peer.request().is_some() {
                peer.respond(200, &format!("conn {}", peer.conn));
            }
            if peer.conn == 1 {
                peer.shut();
                closed_tx.lock().unwrap().send(()).unwrap();
            } else {
                peer.wait_for_close();
            }
        }),
        pki.acceptor.config().clone(),
    );
    let client = SocketClient::builder()
        .add_root_certificate_der(pki.ca_der.clone())
        .build_socket_client()
        .unwrap();
    let url = server.https_url("/");
    assert_eq!(client.send(post(&url, "a")).unwrap().body, "conn 1");
    closed_rx.recv().unwrap();
    assert_eq!(client.send(post(&url, "b")).unwrap().body, "conn 2");
    let seen = server.seen();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_eq!(seen[1].body, b"b");
}

#[tokio::test]
async fn usable_directly_inside_a_tokio_runtime() {
    // No runtime of its own, no block_on: a plain blocking call works in async code.
    let server = TestServer::start(ok_server());
    let client = client();
    assert_eq!(client.send(post(&server.url("/"), "x")).unwrap().body, "ok");
    assert_eq!(client.execute(get(&server.url("/"))).unwrap().body, "ok");
    assert_eq!(server.accepted(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn usable_from_spawned_blocking_tasks() {
    let server = Arc::new(TestServer::start(ok_server()));
    let client: Arc<dyn BlockingHttpClient> = Arc::new(client());
    let mut tasks = Vec::new();
    for _ in 0..4 {
        let (client, server) = (client.clone(), server.clone());
        tasks.push(tokio::task::spawn_blocking(move || {
            client.send(get(&server.url("/")))
        }));
    }
    for task in tasks {
        let response: Result<HttpResponse, TransportError> = task.await.unwrap();
        assert_eq!(response.unwrap().body, "ok");
    }
    assert_eq!(server.seen().len(), 4);
}
