//! Loopback test servers: a tiny scripted HTTP/1.1 server (plain or TLS), a CONNECT proxy,
//! a test CA, and a host list fetcher. Everything listens on 127.0.0.1 and stops when dropped.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use getui_transport::{BoxError, HostListFetcher, HttpRequest, HttpResponse, Uri};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};
use tokio::time::Instant;

/// One request as the server saw it.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Arrival time on tokio's clock.
    pub at: Instant,
    /// Which connection (1-based, per server) carried it.
    pub conn: usize,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What the server does with a request.
pub enum Reply {
    /// Waits `delay` (tokio clock), then answers.
    Respond {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
        delay: Duration,
    },
    /// Reads the request, then closes the connection without answering.
    CloseAfterRead,
    /// Reads the request and never answers.
    Hang,
}

impl Reply {
    pub fn status(status: u16, body: impl Into<Vec<u8>>) -> Reply {
        Reply::Respond {
            status,
            headers: Vec::new(),
            body: body.into(),
            delay: Duration::ZERO,
        }
    }

    pub fn ok(body: impl Into<Vec<u8>>) -> Reply {
        Reply::status(200, body)
    }

    pub fn delayed(self, by: Duration) -> Reply {
        match self {
            Reply::Respond {
                status,
                headers,
                body,
                ..
            } => Reply::Respond {
                status,
                headers,
                body,
                delay: by,
            },
            other => other,
        }
    }

    pub fn with_header(self, name: &str, value: &str) -> Reply {
        match self {
            Reply::Respond {
                status,
                mut headers,
                body,
                delay,
            } => {
                headers.push((name.to_owned(), value.to_owned()));
                Reply::Respond {
                    status,
                    headers,
                    body,
                    delay,
                }
            }
            other => other,
        }
    }
}

pub type Handler = Arc<dyn Fn(&Recorded, usize) -> Reply + Send + Sync>;

/// Builds a handler from a closure getting the request and its 1-based index on this server.
pub fn handler(f: impl Fn(&Recorded, usize) -> Reply + Send + Sync + 'static) -> Handler {
    Arc::new(f)
}

/// A host that answers probes (HEAD) after `probe_delay` and API calls (POST) at once with its
/// own name as the body.
pub fn host(name: &'static str, probe_delay: Duration) -> Handler {
    handler(move |req, _| {
        if req.method == "HEAD" {
            Reply::ok("").delayed(probe_delay)
        } else {
            Reply::ok(name)
        }
    })
}

pub struct Server {
    pub addr: SocketAddr,
    log: Arc<Mutex<Vec<Recorded>>>,
    task: JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Server {
    pub async fn start(handler: Handler) -> Server {
        Server::start_inner(handler, None).await
    }

    pub async fn start_tls(handler: Handler, tls: tokio_rustls::TlsAcceptor) -> Server {
        Server::start_inner(handler, Some(tls)).await
    }

    async fn start_inner(handler: Handler, tls: Option<tokio_rustls::TlsAcceptor>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let task_log = Arc::clone(&log);
        let task = tokio::spawn(async move {
            let mut conns = JoinSet::new();
            let mut n = 0usize;
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                while conns.try_join_next().is_some() {}
                n += 1;
                let handler = Arc::clone(&handler);
                let log = Arc::clone(&task_log);
                let tls = tls.clone();
                conns.spawn(async move {
                    match tls {
                        None => serve(stream, handler, log, n).await,
                        Some(acceptor) => {
                            if let Ok(stream) = acceptor.accept(stream).await {
                                serve(stream, handler, log, n).await;
                            }
                        }
                    }
                });
            }
        });
        Server { addr, log, task }
    }

    /// `http://127.0.0.1:<port>/apiex.htm`
    pub fn url(&self) -> String {
        format!("http://{}/apiex.htm", self.addr)
    }

    pub fn https_url(&self) -> String {
        format!("https://{}/apiex.htm", self.addr)
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.log.lock().unwrap().clone()
    }

    pub fn count(&self, method: &str) -> usize {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter(|r| r.method == method)
            .count()
    }

    /// Stops listening and closes every open connection.
    pub fn kill(&self) {
        self.task.abort();
    }
}

async fn serve<S: AsyncRead + AsyncWrite + Unpin>(
    stream: S,
    handler: Handler,
    log: Arc<Mutex<Vec<Recorded>>>,
    conn: usize,
) {
    let mut reader = BufReader::new(stream);
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let mut parts = line.split_whitespace();
        let method = parts.next().unwrap_or_default().to_owned();
        let path = parts.next().unwrap_or_default().to_owned();
        let mut headers = Vec::new();
        loop {
            let mut h = String::new();
            match reader.read_line(&mut h).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((n, v)) = h.split_once(':') {
                headers.push((n.trim().to_owned(), v.trim().to_owned()));
            }
        }
        let len = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.parse::<usize>().ok())
            .unwrap_or(0);
        let mut body = vec![0; len];
        if reader.read_exact(&mut body).await.is_err() {
            return;
        }
        let rec = Recorded {
            method,
            path,
            headers,
            body,
            at: Instant::now(),
            conn,
        };
        let index = {
            let mut log = log.lock().unwrap();
            log.push(rec.clone());
            log.len()
        };
        match handler(&rec, index) {
            Reply::Respond {
                status,
                headers,
                body,
                delay,
            } => {
                if !delay.is_zero() {
                    tokio::time::sleep(delay).await;
                }
                let mut out = format!(
                    "HTTP/1.1 {status} Status\r\ncontent-length: {}\r\n",
                    body.len()
                );
                for (n, v) in headers {
                    out.push_str(&format!("{n}: {v}\r\n"));
                }
                out.push_str("\r\n");
                let mut bytes = out.into_bytes();
                if rec.method != "HEAD" {
                    bytes.extend_from_slice(&body);
                }
                let stream = reader.get_mut();
                if stream.write_all(&bytes).await.is_err() || stream.flush().await.is_err() {
                    return;
                }
            }
            Reply::CloseAfterRead => {
                let _ = reader.get_mut().shutdown().await;
                return;
            }
            Reply::Hang => std::future::pending::<()>().await,
        }
    }
}

/// Lets the runtime deliver pending I/O (e.g. connection closes) without moving a paused
/// clock far: a few short sleeps.
pub async fn settle() {
    for _ in 0..20 {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

/// An address nothing listens on (bound once, then released).
pub async fn dead_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}/apiex.htm")
}

/// A host list fetcher whose answer is one URL per line.
pub struct LinesFetcher;

impl HostListFetcher for LinesFetcher {
    fn request(&self, bootstrap_url: &Uri) -> HttpRequest {
        HttpRequest::post(
            bootstrap_url.clone(),
            r#"{"action":"getOSPushDomailUrlListAction","appkey":"K"}"#,
        )
    }

    fn parse(&self, response: HttpResponse) -> Result<Vec<String>, BoxError> {
        Ok(std::str::from_utf8(&response.body)?
            .lines()
            .map(str::to_owned)
            .collect())
    }
}

/// `(CONNECT target, Proxy-Authorization value)` of every tunnel request.
type TunnelLog = Mutex<Vec<(String, Option<String>)>>;

/// A minimal CONNECT proxy. Requires `Proxy-Authorization: <auth>` when `auth` is set.
pub struct ConnectProxy {
    pub addr: SocketAddr,
    log: Arc<TunnelLog>,
    task: JoinHandle<()>,
}

impl Drop for ConnectProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

pub enum ProxyMode {
    Tunnel {
        auth: Option<String>,
    },
    /// Accepts TCP but never answers the CONNECT request.
    Silent,
}

impl ConnectProxy {
    pub async fn start(mode: ProxyMode) -> ConnectProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let task_log = Arc::clone(&log);
        let mode = Arc::new(mode);
        let task = tokio::spawn(async move {
            let mut conns = JoinSet::new();
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                while conns.try_join_next().is_some() {}
                let log = Arc::clone(&task_log);
                let mode = Arc::clone(&mode);
                conns.spawn(async move {
                    let _ = tunnel(stream, &mode, &log).await;
                });
            }
        });
        ConnectProxy { addr, log, task }
    }

    pub fn requests(&self) -> Vec<(String, Option<String>)> {
        self.log.lock().unwrap().clone()
    }
}

async fn tunnel(stream: TcpStream, mode: &ProxyMode, log: &TunnelLog) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).await?;
    let mut auth = None;
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).await? == 0 {
            return Ok(());
        }
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((n, v)) = h.split_once(':') {
            if n.trim().eq_ignore_ascii_case("proxy-authorization") {
                auth = Some(v.trim().to_owned());
            }
        }
    }
    let target = line
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .to_owned();
    log.lock().unwrap().push((target.clone(), auth.clone()));
    let required = match mode {
        ProxyMode::Silent => return std::future::pending().await,
        ProxyMode::Tunnel { auth } => auth,
    };
    let mut client = reader.into_inner();
    if required.is_some() && *required != auth {
        client
            .write_all(b"HTTP/1.1 407 Proxy Authentication Required\r\ncontent-length: 0\r\n\r\n")
            .await?;
        return Ok(());
    }
    let mut upstream = TcpStream::connect(&target).await?;
    client
        .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
        .await?;
    tokio::io::copy_bidirectional(&mut client, &mut upstream).await?;
    Ok(())
}

/// A test certificate authority and a server certificate for 127.0.0.1 signed by it.
#[cfg(feature = "rustls")]
pub struct TestPki {
    pub ca_pem: String,
    pub ca_der: Vec<u8>,
    pub acceptor: tokio_rustls::TlsAcceptor,
}

#[cfg(feature = "rustls")]
pub fn test_pki() -> TestPki {
    use rcgen::{
        BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose,
    };
    use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};

    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "getui-transport test CA");
    ca_params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let ca_key = KeyPair::generate().unwrap();
    let ca_cert = ca_params.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca_params, ca_key);

    let mut leaf_params = CertificateParams::new(vec!["127.0.0.1".to_owned()]).unwrap();
    leaf_params
        .distinguished_name
        .push(DnType::CommonName, "127.0.0.1");
    let leaf_key = KeyPair::generate().unwrap();
    let leaf = leaf_params.signed_by(&leaf_key, &issuer).unwrap();

    // rustls 0.23.48 deprecates `ring::default_provider` (no post-quantum key exchange) and
    // offers no other way to name the `ring` provider; the test server needs exactly it.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![leaf.der().clone()],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der())),
        )
        .unwrap();
    TestPki {
        ca_pem: ca_cert.pem(),
        ca_der: ca_cert.der().to_vec(),
        acceptor: tokio_rustls::TlsAcceptor::from(Arc::new(config)),
    }
}

/// Counts how many times something happened, shareable with handlers.
#[derive(Clone, Default)]
pub struct Counter(Arc<AtomicUsize>);

impl Counter {
    pub fn bump(&self) -> usize {
        self.0.fetch_add(1, Ordering::SeqCst) + 1
    }

    pub fn get(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}
