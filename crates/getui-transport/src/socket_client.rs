//! A blocking HTTP/1.1 client that does its I/O on the calling thread: keep-alive connections
//! over `std::net::TcpStream` (and rustls' `StreamOwned` for `https://`), no runtime, no
//! thread hand-off.
//!
//! The wire format is handled by three small pieces: the request head encoder
//! ([`encode_head`]), a buffered connection ([`Conn`]) that parses response heads with
//! `httparse` and reads bodies by `Content-Length`, chunked coding or until close, and a pool of
//! idle connections per destination (scheme and authority). Everything that can block is
//! bounded by a deadline: the socket's read/write timeout is set to the time left before each
//! blocking call.

use std::borrow::Cow;
use std::fmt;
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::header::{CONNECTION, CONTENT_LENGTH, HOST, TRANSFER_ENCODING, USER_AGENT};
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};

use crate::error::{ErrorKind, TransportError};
use crate::exchange::{BlockingHttpClient, HttpRequest, HttpResponse};
use crate::http_stack::{
    check_url, innermost_message, is_tls_error, too_large, HttpClientBuilder, Settings,
};
use crate::proxy::Proxy;

/// The most header lines a response head (or a chunked body's trailer section) may have.
const MAX_HEADERS: usize = 100;
/// The largest response head (status line and headers), and the largest trailer section.
const MAX_HEAD: usize = 128 * 1024;
/// The longest chunk-size line (size plus chunk extensions).
const MAX_CHUNK_LINE: usize = 16 * 1024;
/// A connection's read buffer starts (and is shrunk back to) this size.
const READ_BUF: usize = 8 * 1024;
/// Bodies up to this size are copied behind the head and written with it in one call.
const COALESCE_BODY: usize = 16 * 1024;
/// A write buffer that grew beyond this is not kept with an idle connection.
const KEEP_WRITE_BUF: usize = 64 * 1024;

/// A blocking [`BlockingHttpClient`] that does all its I/O on the calling thread: HTTP/1.1
/// over keep-alive `std::net::TcpStream`s (`TCP_NODELAY`), TLS by rustls with the `ring`
/// provider, optional CONNECT proxy. No runtime, no worker thread: a call costs the system
/// calls of the exchange and nothing else, and it works from plain threads and from inside
/// async code alike (where it blocks the current thread like any blocking call).
///
/// It is configured by an [`HttpClientBuilder`]
/// ([`build_socket_client`](HttpClientBuilder::build_socket_client)), the same options as the
/// async [`HyperClient`](crate::HyperClient) (feature `hyper`), and behaves the same:
///
/// * Idle connections are pooled per scheme and authority (as written in the URL), at most
///   [`pool_max_idle_per_host`](HttpClientBuilder::pool_max_idle_per_host) of them, each for
///   at most [`pool_idle_timeout`](HttpClientBuilder::pool_idle_timeout) (there is no
///   background task: expired connections are closed when the pool is next used for their
///   host, or when the last clone of the client is dropped). Before an idle connection is
///   reused it is checked without blocking that the server has not closed it, so a server's
///   idle close does not fail a request that must not be sent twice.
/// * Requests get a `Host` header (unless they carry one), a `User-Agent` when they have
///   none, and a `Content-Length` that states the body's actual length (`0` for empty bodies,
///   except on `GET`, `HEAD`, `OPTIONS` and `TRACE`); a `Content-Length` or
///   `Transfer-Encoding` header of the caller is replaced by it.
/// * Responses are read by `Content-Length`, chunked transfer coding (extensions and trailers
///   are accepted and dropped) or until the connection closes; `1xx` interim responses are
///   skipped. Bodies are returned as received (no redirects, no decompression) and capped at
///   [`max_response_size`](HttpClientBuilder::max_response_size). A connection is reused
///   only after a complete response when neither side asked to close it.
/// * Until the request starts to be written (DNS, TCP connect, proxy tunnel, TLS handshake)
///   the connect timeout applies and a failure is a connect error: the request was not sent.
///   From the first byte written the request timeout is one deadline over writing the request
///   and reading the whole response; a failure then may have reached the server.
///
/// Name resolution uses the system resolver on the calling thread; it cannot be interrupted,
/// so a resolver that hangs can hold a call beyond the connect timeout (the connect timeout
/// still applies to everything after it). Cheap to clone: clones share the pool.
#[derive(Clone)]
pub struct SocketClient {
    inner: Arc<Inner>,
}

struct Inner {
    connect_timeout: Duration,
    request_timeout: Duration,
    max_response_size: usize,
    user_agent: HeaderValue,
    proxy: Option<Proxy>,
    #[cfg(feature = "rustls")]
    tls: Arc<rustls::ClientConfig>,
    pool: Pool,
}

impl fmt::Debug for SocketClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        f.debug_struct("SocketClient")
            .field("connect_timeout", &inner.connect_timeout)
            .field("request_timeout", &inner.request_timeout)
            .field("pool_idle_timeout", &inner.pool.idle_timeout)
            .field("pool_max_idle_per_host", &inner.pool.max_idle)
            .field("max_response_size", &inner.max_response_size)
            .field("proxied", &inner.proxy.is_some())
            .field("idle_connections", &inner.pool.idle_count())
            .finish()
    }
}

impl SocketClient {
    /// A builder with the default configuration; finish it with
    /// [`build_socket_client`](HttpClientBuilder::build_socket_client).
    #[must_use]
    pub fn builder() -> HttpClientBuilder {
        HttpClientBuilder::new()
    }

    /// A client with the default configuration (see [`HttpClientBuilder::new`]).
    pub fn new() -> Result<SocketClient, TransportError> {
        HttpClientBuilder::new().build_socket_client()
    }

    pub(crate) fn from_settings(settings: Settings) -> SocketClient {
        SocketClient {
            inner: Arc::new(Inner {
                connect_timeout: settings.connect_timeout,
                request_timeout: settings.request_timeout,
                max_response_size: settings.max_response_size,
                user_agent: settings.user_agent,
                proxy: settings.proxy,
                #[cfg(feature = "rustls")]
                tls: settings.tls,
                pool: Pool {
                    max_idle: settings.pool_max_idle_per_host,
                    idle_timeout: settings.pool_idle_timeout,
                    hosts: Mutex::new(Vec::new()),
                },
            }),
        }
    }

    /// Sends one request on the calling thread and returns the whole response (the same as
    /// [`BlockingHttpClient::send`]).
    pub fn execute(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.exchange(&request)
            .map_err(|e| e.with_host(&request.url))
    }

    fn exchange(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        let inner = &*self.inner;
        let mut connect_deadline = None;
        let close_requested = has_token(&request.headers, CONNECTION, "close");
        loop {
            let (target, idle) = inner.pool.checkout(&request.url)?;
            let (mut conn, reused) = match idle {
                Some(conn) => (conn, true),
                None => {
                    let deadline = *connect_deadline
                        .get_or_insert_with(|| Instant::now().checked_add(inner.connect_timeout));
                    (self.connect(&target, deadline)?, false)
                }
            };
            // Phase 2: from the first byte written the request may reach the server.
            let deadline = Instant::now().checked_add(inner.request_timeout);
            encode_head(
                &mut conn.wbuf,
                request,
                &target.host_header,
                &inner.user_agent,
            );
            if let Err((err, accepted)) = conn.write_request(&request.body, deadline) {
                if !accepted {
                    if reused && !matches!(err, WireError::Timeout) {
                        // A pooled connection the server dropped after the idle check; not
                        // one byte of this request left the process: use another connection.
                        continue;
                    }
                    return Err(err.exchanging(inner.request_timeout).with_maybe_sent(false));
                }
                return Err(err.exchanging(inner.request_timeout));
            }
            let (response, reusable) = conn
                .read_response(&request.method, inner.max_response_size, deadline)
                .map_err(|e| e.exchanging(inner.request_timeout))?;
            if reusable && !close_requested {
                conn.trim_buffers();
                inner.pool.checkin(&target, conn);
            }
            return Ok(response);
        }
    }

    /// Phase 1: a new connection to the target, through the proxy's tunnel if there is one,
    /// with TLS for `https://`; bounded by `deadline`.
    fn connect(
        &self,
        target: &Target,
        deadline: Option<Instant>,
    ) -> Result<Conn<Stream>, TransportError> {
        let inner = &*self.inner;
        let timeout = inner.connect_timeout;
        let tcp = match &inner.proxy {
            None => connect_tcp(&target.key.host, target.key.port, deadline, timeout)?,
            Some(proxy) => {
                let (host, port) = proxy_address(proxy)?;
                let tcp = connect_tcp(host, port, deadline, timeout)?;
                open_tunnel(tcp, target, proxy.auth.as_ref(), deadline)
                    .map_err(|e| e.connecting(timeout))?
            }
        };
        #[cfg(feature = "rustls")]
        if target.key.https {
            return handshake(&inner.tls, tcp, target, deadline, timeout).map(Conn::new);
        }
        Ok(Conn::new(Stream::Plain(tcp)))
    }
}

impl BlockingHttpClient for SocketClient {
    fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.execute(request)
    }
}

/// Where a request goes: the parts of its URL the connection needs.
struct Target {
    /// The URL's authority as written (with the scheme, what tells destinations apart).
    authority: Box<str>,
    /// `host` or `host:port` (when the port is not the scheme's default), as in the URL.
    host_header: String,
    /// Scheme, host (lower case, without IPv6 brackets: for DNS and TLS server names) and port.
    key: PoolKey,
}

impl Target {
    fn of(url: &Uri) -> Result<Target, TransportError> {
        let https = url
            .scheme_str()
            .is_some_and(|s| s.eq_ignore_ascii_case("https"));
        #[cfg(not(feature = "rustls"))]
        if https {
            return Err(TransportError::new(
                ErrorKind::InvalidRequest,
                "https:// URLs need TLS support: enable the `rustls` feature",
            ));
        }
        let url_host = url.host().unwrap_or_default();
        let default_port = if https { 443 } else { 80 };
        let port = url.port_u16().unwrap_or(default_port);
        let host = url_host
            .strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .unwrap_or(url_host);
        let host_header = if port == default_port {
            url_host.to_owned()
        } else {
            format!("{url_host}:{port}")
        };
        Ok(Target {
            authority: url.authority().map_or("", |a| a.as_str()).into(),
            host_header,
            key: PoolKey {
                https,
                host: host.to_ascii_lowercase(),
                port,
            },
        })
    }

    /// Whether this is the target of a URL with this scheme (`Some(true)`: `https`) and
    /// authority.
    fn is(&self, https: Option<bool>, authority: &str) -> bool {
        https == Some(self.key.https) && *self.authority == *authority
    }

    /// `host:port` for `CONNECT`, IPv6 addresses in brackets.
    fn authority(&self) -> String {
        let PoolKey { host, port, .. } = &self.key;
        if host.contains(':') {
            format!("[{host}]:{port}")
        } else {
            format!("{host}:{port}")
        }
    }
}

fn proxy_address(proxy: &Proxy) -> Result<(&str, u16), TransportError> {
    let host = proxy.uri.host().unwrap_or_default();
    let host = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    match proxy.uri.port_u16() {
        Some(port) if !host.is_empty() => Ok((host, port)),
        _ => Err(TransportError::config("invalid proxy address")),
    }
}

/// Resolves `host` and connects to its addresses in turn, each with an equal share of the time
/// left. `TCP_NODELAY` is set on the result.
fn connect_tcp(
    host: &str,
    port: u16,
    deadline: Option<Instant>,
    timeout: Duration,
) -> Result<TcpStream, TransportError> {
    let addrs: Vec<SocketAddr> = (host, port)
        .to_socket_addrs()
        .map_err(|e| {
            TransportError::new(ErrorKind::Connect, format!("cannot resolve {host}")).with_source(e)
        })?
        .collect();
    if addrs.is_empty() {
        return Err(TransportError::new(
            ErrorKind::Connect,
            format!("{host} has no address"),
        ));
    }
    let mut last_error = None;
    for (i, addr) in addrs.iter().enumerate() {
        let attempt = match remaining(deadline) {
            Err(_) => break,
            Ok(None) => TcpStream::connect(addr),
            Ok(Some(left)) => {
                let share = u32::try_from(addrs.len() - i).unwrap_or(u32::MAX);
                TcpStream::connect_timeout(addr, (left / share).max(Duration::from_millis(1)))
            }
        };
        match attempt {
            Ok(tcp) => {
                tcp.set_nodelay(true).map_err(|e| {
                    TransportError::new(ErrorKind::Connect, "cannot set TCP_NODELAY").with_source(e)
                })?;
                return Ok(tcp);
            }
            Err(e) => last_error = Some(e),
        }
    }
    match last_error {
        Some(e) if !is_timeout(&e) => {
            Err(TransportError::new(ErrorKind::Connect, e.to_string()).with_source(e))
        }
        _ => Err(WireError::Timeout.connecting(timeout)),
    }
}

/// Asks the proxy for a tunnel to the target; on a 2xx answer the socket is the tunnel.
fn open_tunnel(
    tcp: TcpStream,
    target: &Target,
    auth: Option<&HeaderValue>,
    deadline: Option<Instant>,
) -> Result<TcpStream, WireError> {
    let mut conn = Conn::new(tcp);
    let authority = target.authority();
    let authority = authority.as_bytes();
    let buf = &mut conn.wbuf;
    buf.clear();
    for part in [
        b"CONNECT ",
        authority,
        b" HTTP/1.1\r\nhost: ",
        authority,
        b"\r\n",
    ] {
        buf.extend_from_slice(part);
    }
    if let Some(auth) = auth {
        buf.extend_from_slice(b"proxy-authorization: ");
        buf.extend_from_slice(auth.as_bytes());
        buf.extend_from_slice(b"\r\n");
    }
    buf.extend_from_slice(b"\r\n");
    conn.write_request(&[], deadline).map_err(|(e, _)| e)?;
    let head = conn.read_head(deadline)?;
    if !head.status.is_success() {
        return Err(WireError::Refused(head.status));
    }
    if conn.buffered() > 0 {
        return Err(WireError::Malformed(
            "the proxy sent data before the tunnel was used".into(),
        ));
    }
    Ok(conn.io.io)
}

#[cfg(feature = "rustls")]
fn handshake(
    config: &Arc<rustls::ClientConfig>,
    mut tcp: TcpStream,
    target: &Target,
    deadline: Option<Instant>,
    timeout: Duration,
) -> Result<Stream, TransportError> {
    let name = rustls::pki_types::ServerName::try_from(target.key.host.clone()).map_err(|e| {
        TransportError::new(ErrorKind::Connect, "invalid TLS server name").with_source(e)
    })?;
    let mut tls = rustls::ClientConnection::new(Arc::clone(config), name)
        .map_err(|e| TransportError::new(ErrorKind::Tls, innermost_message(&e)).with_source(e))?;
    while tls.is_handshaking() {
        let step = remaining(deadline).and_then(|left| {
            tcp.set_read_timeout(left)?;
            tcp.set_write_timeout(left)?;
            tls.complete_io(&mut tcp)?;
            Ok(())
        });
        step.map_err(|e| e.connecting(timeout))?;
    }
    Ok(Stream::Tls(Box::new(rustls::StreamOwned::new(tls, tcp))))
}

/// Writes the request head: request line, `Host`, the caller's headers, `User-Agent` and
/// `Content-Length`, into `out` (cleared first).
fn encode_head(out: &mut Vec<u8>, request: &HttpRequest, host: &str, user_agent: &HeaderValue) {
    out.clear();
    let url = &request.url;
    out.extend_from_slice(request.method.as_str().as_bytes());
    out.push(b' ');
    out.extend_from_slice(url.path().as_bytes());
    if url.path().is_empty() {
        out.push(b'/');
    }
    if let Some(query) = url.query() {
        out.push(b'?');
        out.extend_from_slice(query.as_bytes());
    }
    out.extend_from_slice(b" HTTP/1.1\r\n");
    let headers = &request.headers;
    if !headers.contains_key(HOST) {
        put_header(out, b"host", host.as_bytes());
    }
    for (name, value) in headers {
        if name != CONTENT_LENGTH && name != TRANSFER_ENCODING {
            put_header(out, name.as_str().as_bytes(), value.as_bytes());
        }
    }
    if !headers.contains_key(USER_AGENT) {
        put_header(out, b"user-agent", user_agent.as_bytes());
    }
    let len = request.body.len();
    if len > 0
        || !matches!(
            request.method,
            Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
        )
    {
        out.extend_from_slice(b"content-length: ");
        out.extend_from_slice(itoa::Buffer::new().format(len).as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"\r\n");
}

fn put_header(out: &mut Vec<u8>, name: &[u8], value: &[u8]) {
    out.extend_from_slice(name);
    out.extend_from_slice(b": ");
    out.extend_from_slice(value);
    out.extend_from_slice(b"\r\n");
}

/// Whether a comma-separated header (e.g. `Connection`) lists `token`, in any case.
fn has_token(headers: &HeaderMap, name: HeaderName, token: &str) -> bool {
    headers.get_all(name).iter().any(|v| {
        v.as_bytes()
            .split(|&b| b == b',')
            .any(|t| t.trim_ascii().eq_ignore_ascii_case(token.as_bytes()))
    })
}

/// Why reading or writing on a connection failed, before it is known which phase it was in.
#[derive(Debug)]
enum WireError {
    /// The deadline passed (or a socket timeout fired).
    Timeout,
    /// The peer closed the connection before the message was complete.
    Closed,
    /// A socket or TLS failure.
    Io(io::Error),
    /// Not valid HTTP/1.x.
    Malformed(Cow<'static, str>),
    /// The body is larger than the cap (the cap).
    TooLarge(usize),
    /// The proxy answered `CONNECT` with this status.
    Refused(StatusCode),
}

impl From<io::Error> for WireError {
    fn from(e: io::Error) -> Self {
        if is_timeout(&e) {
            WireError::Timeout
        } else if e.kind() == io::ErrorKind::UnexpectedEof && e.get_ref().is_none() {
            WireError::Closed
        } else {
            WireError::Io(e)
        }
    }
}

impl WireError {
    /// The error while establishing a connection (phase 1): nothing was sent.
    fn connecting(self, connect_timeout: Duration) -> TransportError {
        match self {
            WireError::Timeout => TransportError::new(
                ErrorKind::ConnectTimeout,
                format!("no connection within {} ms", connect_timeout.as_millis()),
            ),
            WireError::Closed => {
                TransportError::new(ErrorKind::Connect, "connection closed while connecting")
            }
            WireError::Io(e) => {
                let kind = if is_tls_error(&e) {
                    ErrorKind::Tls
                } else {
                    ErrorKind::Connect
                };
                TransportError::new(kind, innermost_message(&e)).with_source(e)
            }
            WireError::Malformed(m) => {
                TransportError::new(ErrorKind::Connect, format!("invalid proxy answer: {m}"))
            }
            WireError::TooLarge(_) => {
                TransportError::new(ErrorKind::Connect, "proxy answer too large")
            }
            WireError::Refused(status) if status == StatusCode::PROXY_AUTHENTICATION_REQUIRED => {
                TransportError::new(
                    ErrorKind::Connect,
                    "proxy authentication required (status 407)",
                )
            }
            WireError::Refused(status) => TransportError::new(
                ErrorKind::Connect,
                format!("the proxy refused the tunnel (status {})", status.as_u16()),
            ),
        }
    }

    /// The error once the request started to be written (phase 2): it may have been sent.
    fn exchanging(self, request_timeout: Duration) -> TransportError {
        match self {
            WireError::Timeout => TransportError::new(
                ErrorKind::Timeout,
                format!(
                    "no complete response within {} ms",
                    request_timeout.as_millis()
                ),
            ),
            WireError::Closed => TransportError::new(
                ErrorKind::Connection,
                "connection closed before the response was complete",
            ),
            WireError::Io(e) => {
                TransportError::new(ErrorKind::Connection, innermost_message(&e)).with_source(e)
            }
            WireError::Malformed(m) => {
                TransportError::new(ErrorKind::Connection, format!("invalid HTTP response: {m}"))
            }
            WireError::TooLarge(max) => too_large(max),
            WireError::Refused(status) => TransportError::new(
                ErrorKind::Connection,
                format!("unexpected status {}", status.as_u16()),
            ),
        }
    }
}

/// A socket timeout: `WouldBlock` on Unix, `TimedOut` on Windows and for connects.
fn is_timeout(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}

/// The time left before `deadline` (`None`: no deadline), or [`WireError::Timeout`].
fn remaining(deadline: Option<Instant>) -> Result<Option<Duration>, WireError> {
    match deadline {
        None => Ok(None),
        Some(deadline) => {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                Err(WireError::Timeout)
            } else {
                Ok(Some(left))
            }
        }
    }
}

/// A byte stream whose blocking calls can be bounded.
trait Io: Read + Write {
    fn set_read_timeout(&mut self, timeout: Option<Duration>) -> io::Result<()>;
    fn set_write_timeout(&mut self, timeout: Option<Duration>) -> io::Result<()>;
}

impl Io for TcpStream {
    fn set_read_timeout(&mut self, timeout: Option<Duration>) -> io::Result<()> {
        TcpStream::set_read_timeout(self, timeout)
    }

    fn set_write_timeout(&mut self, timeout: Option<Duration>) -> io::Result<()> {
        TcpStream::set_write_timeout(self, timeout)
    }
}

/// A connection to the target: plain TCP or TLS over TCP.
enum Stream {
    Plain(TcpStream),
    #[cfg(feature = "rustls")]
    Tls(Box<rustls::StreamOwned<rustls::ClientConnection, TcpStream>>),
}

impl Stream {
    fn tcp(&self) -> &TcpStream {
        match self {
            Stream::Plain(tcp) => tcp,
            #[cfg(feature = "rustls")]
            Stream::Tls(tls) => &tls.sock,
        }
    }

    /// Without blocking: `true` if the peer has neither closed the idle connection nor sent
    /// anything on it (which would be out of protocol for HTTP/1.1 without a request).
    fn is_usable(&mut self) -> bool {
        match self {
            Stream::Plain(tcp) => nothing_pending(tcp),
            #[cfg(feature = "rustls")]
            Stream::Tls(tls) => tls_is_usable(tls),
        }
    }
}

/// `true` if nothing is waiting to be read on `tcp`: no data, no EOF, no error. One
/// non-blocking `recv(MSG_PEEK)`.
#[cfg(unix)]
fn nothing_pending(tcp: &TcpStream) -> bool {
    let mut byte = [std::mem::MaybeUninit::<u8>::uninit()];
    let peeked =
        socket2::SockRef::from(tcp).recv_with_flags(&mut byte, libc::MSG_PEEK | libc::MSG_DONTWAIT);
    matches!(peeked, Err(e) if e.kind() == io::ErrorKind::WouldBlock)
}

/// `true` if nothing is waiting to be read on `tcp`: no data, no EOF, no error. A `peek` in
/// non-blocking mode.
#[cfg(not(unix))]
fn nothing_pending(tcp: &TcpStream) -> bool {
    if tcp.set_nonblocking(true).is_err() {
        return false;
    }
    let mut byte = [0u8; 1];
    let quiet = matches!(tcp.peek(&mut byte), Err(e) if e.kind() == io::ErrorKind::WouldBlock);
    tcp.set_nonblocking(false).is_ok() && quiet
}

/// What rustls holds must be neither plaintext nor a `close_notify`. If TLS records arrived
/// while the connection was idle they are read without blocking: handshake messages (a late
/// session ticket, a key update) leave it usable; a `close_notify`, application data, EOF or
/// an error do not.
#[cfg(feature = "rustls")]
fn tls_is_usable(tls: &mut rustls::StreamOwned<rustls::ClientConnection, TcpStream>) -> bool {
    let quiet =
        |state: &rustls::IoState| state.plaintext_bytes_to_read() == 0 && !state.peer_has_closed();
    if !tls.conn.process_new_packets().is_ok_and(|s| quiet(&s)) {
        return false;
    }
    if nothing_pending(&tls.sock) {
        return true;
    }
    if tls.sock.set_nonblocking(true).is_err() {
        return false;
    }
    let usable = loop {
        match tls.conn.read_tls(&mut tls.sock) {
            Ok(0) => break false,
            Ok(_) => {
                if !tls.conn.process_new_packets().is_ok_and(|s| quiet(&s)) {
                    break false;
                }
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => break true,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => break false,
        }
    };
    tls.sock.set_nonblocking(false).is_ok() && usable
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Stream::Plain(tcp) => tcp.read(buf),
            #[cfg(feature = "rustls")]
            Stream::Tls(tls) => tls.read(buf),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Stream::Plain(tcp) => tcp.write(buf),
            #[cfg(feature = "rustls")]
            Stream::Tls(tls) => tls.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Stream::Plain(tcp) => tcp.flush(),
            #[cfg(feature = "rustls")]
            Stream::Tls(tls) => tls.flush(),
        }
    }
}

impl Io for Stream {
    fn set_read_timeout(&mut self, timeout: Option<Duration>) -> io::Result<()> {
        self.tcp().set_read_timeout(timeout)
    }

    fn set_write_timeout(&mut self, timeout: Option<Duration>) -> io::Result<()> {
        self.tcp().set_write_timeout(timeout)
    }
}

/// A response head, owned.
struct Head {
    status: StatusCode,
    /// The minor version: `HTTP/1.0` or `HTTP/1.1`.
    minor: u8,
    headers: HeaderMap,
}

/// How the response body is delimited.
#[derive(Debug, PartialEq, Eq)]
enum Framing {
    None,
    Length(u64),
    Chunked,
    UntilClose,
}

/// RFC 9112 §6.3, for responses. The flag says the connection may be reused afterwards as far
/// as the framing is concerned (not with `Transfer-Encoding` and `Content-Length` both).
fn framing(method: &Method, head: &Head) -> Result<(Framing, bool), WireError> {
    let status = head.status;
    if *method == Method::HEAD
        || status.is_informational()
        || status == StatusCode::NO_CONTENT
        || status == StatusCode::NOT_MODIFIED
    {
        return Ok((Framing::None, true));
    }
    let has_length = head.headers.contains_key(CONTENT_LENGTH);
    if head.headers.contains_key(TRANSFER_ENCODING) {
        let last = head
            .headers
            .get_all(TRANSFER_ENCODING)
            .iter()
            .flat_map(|v| v.as_bytes().split(|&b| b == b','))
            .map(<[u8]>::trim_ascii)
            .rfind(|t| !t.is_empty());
        return Ok(match last {
            Some(t) if t.eq_ignore_ascii_case(b"chunked") => (Framing::Chunked, !has_length),
            _ => (Framing::UntilClose, false),
        });
    }
    if has_length {
        let mut length = None;
        for value in head.headers.get_all(CONTENT_LENGTH) {
            for part in value.as_bytes().split(|&b| b == b',') {
                let part = part.trim_ascii();
                let n = std::str::from_utf8(part)
                    .ok()
                    .filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
                    .and_then(|s| s.parse::<u64>().ok())
                    .ok_or(WireError::Malformed("invalid content-length".into()))?;
                if length.is_some_and(|l| l != n) {
                    return Err(WireError::Malformed("conflicting content-length".into()));
                }
                length = Some(n);
            }
        }
        if let Some(n) = length {
            return Ok((Framing::Length(n), true));
        }
    }
    Ok((Framing::UntilClose, false))
}

/// A connection with its read buffer (bytes received but not yet consumed are
/// `buf[start..end]`) and a write buffer reused for request heads.
struct Conn<S> {
    io: Bounded<S>,
    buf: Vec<u8>,
    start: usize,
    end: usize,
    wbuf: Vec<u8>,
}

impl<S: Io> Conn<S> {
    fn new(io: S) -> Conn<S> {
        Conn {
            io: Bounded::new(io),
            buf: vec![0; READ_BUF],
            start: 0,
            end: 0,
            wbuf: Vec::new(),
        }
    }

    fn buffered(&self) -> usize {
        self.end - self.start
    }

    /// Drops buffers that grew large, so idle connections stay small.
    fn trim_buffers(&mut self) {
        if self.buf.len() > READ_BUF && self.buffered() == 0 {
            self.buf = vec![0; READ_BUF];
            self.start = 0;
            self.end = 0;
        }
        if self.wbuf.capacity() > KEEP_WRITE_BUF {
            self.wbuf = Vec::new();
        }
    }

    /// Writes `wbuf` and then `body`: in one call when the body is small (copied behind the
    /// head), else in two. The flag says whether any byte was accepted by the socket (or TLS
    /// layer) before a failure.
    fn write_request(
        &mut self,
        body: &[u8],
        deadline: Option<Instant>,
    ) -> Result<(), (WireError, bool)> {
        let mut accepted = false;
        let small = body.len() <= COALESCE_BODY;
        if small {
            self.wbuf.extend_from_slice(body);
        }
        let result = self
            .io
            .write_all(&self.wbuf, deadline, &mut accepted)
            .and_then(|()| {
                if small {
                    Ok(())
                } else {
                    self.io.write_all(body, deadline, &mut accepted)
                }
            })
            .and_then(|()| self.io.io.flush().map_err(WireError::from));
        result.map_err(|e| (e, accepted))
    }

    /// Reads more bytes into the buffer, compacting or growing it as needed. `Ok(0)` is EOF.
    fn fill(&mut self, deadline: Option<Instant>) -> Result<usize, WireError> {
        if self.start == self.end {
            self.start = 0;
            self.end = 0;
        } else if self.end == self.buf.len() {
            if self.start > 0 {
                self.buf.copy_within(self.start..self.end, 0);
                self.end -= self.start;
                self.start = 0;
            } else {
                let len = self.buf.len();
                self.buf.resize(len * 2, 0);
            }
        }
        let n = self.io.read_some(&mut self.buf[self.end..], deadline)?;
        self.end += n;
        Ok(n)
    }

    /// Fills the buffer until it holds at least `n` bytes.
    fn fill_to(&mut self, n: usize, deadline: Option<Instant>) -> Result<(), WireError> {
        while self.buffered() < n {
            if self.fill(deadline)? == 0 {
                return Err(WireError::Closed);
            }
        }
        Ok(())
    }

    /// Reads one response head (interim ones included).
    fn read_head(&mut self, deadline: Option<Instant>) -> Result<Head, WireError> {
        loop {
            if self.buffered() > 0 {
                let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
                let mut response = httparse::Response::new(&mut headers);
                match response.parse(&self.buf[self.start..self.end]) {
                    Ok(httparse::Status::Complete(used)) => {
                        let head = owned_head(&response, &self.buf[self.start..self.start + used])?;
                        self.start += used;
                        return Ok(head);
                    }
                    Ok(httparse::Status::Partial) => {}
                    Err(e) => return Err(WireError::Malformed(e.to_string().into())),
                }
                if self.buffered() >= MAX_HEAD {
                    return Err(WireError::Malformed("response head too large".into()));
                }
            }
            if self.fill(deadline)? == 0 {
                return Err(WireError::Closed);
            }
        }
    }

    /// Reads a whole response: skips `1xx` heads (but `101`), reads the body as framed and
    /// says whether the connection can carry another request.
    fn read_response(
        &mut self,
        method: &Method,
        max: usize,
        deadline: Option<Instant>,
    ) -> Result<(HttpResponse, bool), WireError> {
        let head = loop {
            let head = self.read_head(deadline)?;
            if !head.status.is_informational() || head.status == StatusCode::SWITCHING_PROTOCOLS {
                break head;
            }
        };
        let keep_alive = if head.minor >= 1 {
            !has_token(&head.headers, CONNECTION, "close")
        } else {
            has_token(&head.headers, CONNECTION, "keep-alive")
                && !has_token(&head.headers, CONNECTION, "close")
        };
        let (framing, framing_reusable) = framing(method, &head)?;
        let body = match framing {
            Framing::None => Vec::new(),
            Framing::Length(n) => {
                if n > max as u64 {
                    return Err(WireError::TooLarge(max));
                }
                let mut body = Vec::new();
                self.read_exact_into(&mut body, n as usize, deadline)?;
                body
            }
            Framing::Chunked => self.read_chunked(max, deadline)?,
            Framing::UntilClose => self.read_to_close(max, deadline)?,
        };
        let reusable = keep_alive
            && framing_reusable
            && head.status != StatusCode::SWITCHING_PROTOCOLS
            && self.buffered() == 0;
        Ok((
            HttpResponse {
                status: head.status,
                headers: head.headers,
                body: Bytes::from(body),
            },
            reusable,
        ))
    }

    /// Appends exactly `n` bytes to `out`: first what is buffered, then straight from the
    /// stream into `out` (growing it step by step, so a false length costs no huge allocation).
    fn read_exact_into(
        &mut self,
        out: &mut Vec<u8>,
        n: usize,
        deadline: Option<Instant>,
    ) -> Result<(), WireError> {
        let take = n.min(self.buffered());
        out.extend_from_slice(&self.buf[self.start..self.start + take]);
        self.start += take;
        let mut need = n - take;
        if need == 0 {
            return Ok(());
        }
        if need < self.buf.len() {
            // Small rest: read through the buffer (it may bring the next bytes along).
            self.fill_to(need, deadline)?;
            out.extend_from_slice(&self.buf[self.start..self.start + need]);
            self.start += need;
            return Ok(());
        }
        out.reserve(need.min(1 << 20));
        while need > 0 {
            let len = out.len();
            let step = need.min(len.max(64 * 1024));
            out.resize(len + step, 0);
            let got = self.io.read_some(&mut out[len..], deadline);
            match got {
                Ok(0) => {
                    out.truncate(len);
                    return Err(WireError::Closed);
                }
                Ok(got) => {
                    out.truncate(len + got);
                    need -= got;
                }
                Err(e) => {
                    out.truncate(len);
                    return Err(e);
                }
            }
        }
        Ok(())
    }

    /// Reads the body until the peer closes the connection, at most `max` bytes.
    fn read_to_close(
        &mut self,
        max: usize,
        deadline: Option<Instant>,
    ) -> Result<Vec<u8>, WireError> {
        let mut out = Vec::new();
        out.extend_from_slice(&self.buf[self.start..self.end]);
        self.start = self.end;
        loop {
            if out.len() > max {
                return Err(WireError::TooLarge(max));
            }
            let len = out.len();
            // Room for at least one byte past the cap, so that an over-cap body is noticed.
            let step = (max - len).saturating_add(1).min(len.max(16 * 1024));
            out.resize(len + step, 0);
            match self.io.read_some(&mut out[len..], deadline) {
                Ok(0) => {
                    out.truncate(len);
                    return Ok(out);
                }
                Ok(got) => out.truncate(len + got),
                Err(e) => return Err(e),
            }
        }
    }

    /// Decodes a chunked body of at most `max` bytes; chunk extensions and trailers are read
    /// and dropped.
    fn read_chunked(
        &mut self,
        max: usize,
        deadline: Option<Instant>,
    ) -> Result<Vec<u8>, WireError> {
        let mut out = Vec::new();
        loop {
            let size = self.read_chunk_size(deadline)?;
            if size == 0 {
                self.read_trailers(deadline)?;
                return Ok(out);
            }
            if size > (max - out.len()) as u64 {
                return Err(WireError::TooLarge(max));
            }
            self.read_exact_into(&mut out, size as usize, deadline)?;
            self.fill_to(2, deadline)?;
            if self.buf[self.start..self.start + 2] != *b"\r\n" {
                return Err(WireError::Malformed("missing CRLF after a chunk".into()));
            }
            self.start += 2;
        }
    }

    fn read_chunk_size(&mut self, deadline: Option<Instant>) -> Result<u64, WireError> {
        loop {
            let line = &self.buf[self.start..self.end];
            if let Some(&first) = line.first() {
                // httparse takes an empty line for size 0; a size needs a digit.
                if !first.is_ascii_hexdigit() {
                    return Err(WireError::Malformed("invalid chunk size".into()));
                }
                match httparse::parse_chunk_size(line) {
                    Ok(httparse::Status::Complete((used, size))) => {
                        self.start += used;
                        return Ok(size);
                    }
                    Ok(httparse::Status::Partial) => {}
                    Err(_) => return Err(WireError::Malformed("invalid chunk size".into())),
                }
                if line.len() >= MAX_CHUNK_LINE {
                    return Err(WireError::Malformed("chunk size line too long".into()));
                }
            }
            if self.fill(deadline)? == 0 {
                return Err(WireError::Closed);
            }
        }
    }

    fn read_trailers(&mut self, deadline: Option<Instant>) -> Result<(), WireError> {
        loop {
            let section = &self.buf[self.start..self.end];
            let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
            match httparse::parse_headers(section, &mut headers) {
                Ok(httparse::Status::Complete((used, _))) => {
                    self.start += used;
                    return Ok(());
                }
                Ok(httparse::Status::Partial) => {}
                Err(e) => return Err(WireError::Malformed(format!("trailers: {e}").into())),
            }
            if section.len() >= MAX_HEAD {
                return Err(WireError::Malformed("trailers too large".into()));
            }
            if self.fill(deadline)? == 0 {
                return Err(WireError::Closed);
            }
        }
    }
}

/// The head `response` parsed from `raw`, owned: the header values share one copy of `raw`
/// (one allocation for all of them, not one each).
fn owned_head(response: &httparse::Response<'_, '_>, raw: &[u8]) -> Result<Head, WireError> {
    let code = response.code.unwrap_or_default();
    let status = StatusCode::from_u16(code)
        .map_err(|_| WireError::Malformed(format!("invalid status {code}").into()))?;
    let shared = Bytes::copy_from_slice(raw);
    let base = raw.as_ptr() as usize;
    let mut headers = HeaderMap::with_capacity(response.headers.len());
    for h in response.headers.iter() {
        let name = HeaderName::from_bytes(h.name.as_bytes())
            .map_err(|_| WireError::Malformed("invalid header name".into()))?;
        // httparse hands out slices of `raw`: the value's place in the copy.
        let at = (h.value.as_ptr() as usize).wrapping_sub(base);
        let value = if h.value.is_empty() {
            HeaderValue::from_static("")
        } else if at
            .checked_add(h.value.len())
            .is_some_and(|end| end <= raw.len())
        {
            HeaderValue::from_maybe_shared(shared.slice(at..at + h.value.len()))
                .map_err(|_| WireError::Malformed("invalid header value".into()))?
        } else {
            HeaderValue::from_bytes(h.value)
                .map_err(|_| WireError::Malformed("invalid header value".into()))?
        };
        headers.append(name, value);
    }
    Ok(Head {
        status,
        minor: response.version.unwrap_or_default(),
        headers,
    })
}

/// A stream and the timeouts last set on it. Before each blocking call the timeout is set to
/// the time left, unless the one already set differs from it by less than [`TIMEOUT_SLACK`]
/// (the kernel counts socket timeouts in clock ticks anyway): back-to-back fast exchanges on a
/// pooled connection then make no `setsockopt` calls at all.
struct Bounded<S> {
    io: S,
    /// The read timeout as last set (`None`: not known).
    read_set: Option<Option<Duration>>,
    /// The write timeout as last set (`None`: not known).
    write_set: Option<Option<Duration>>,
}

/// How far a socket timeout may be from the time left before it is set again.
const TIMEOUT_SLACK: Duration = Duration::from_millis(1);

impl<S: Io> Bounded<S> {
    fn new(io: S) -> Bounded<S> {
        Bounded {
            io,
            read_set: None,
            write_set: None,
        }
    }

    /// One read into `dst`, bounded by `deadline`. `Ok(0)` is EOF.
    fn read_some(&mut self, dst: &mut [u8], deadline: Option<Instant>) -> Result<usize, WireError> {
        bound(&mut self.read_set, deadline, |t| {
            self.io.set_read_timeout(t)
        })?;
        loop {
            match self.io.read(dst) {
                Ok(n) => return Ok(n),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Writes all of `data`, each call bounded by `deadline`; `accepted` is set once a byte
    /// was taken.
    fn write_all(
        &mut self,
        mut data: &[u8],
        deadline: Option<Instant>,
        accepted: &mut bool,
    ) -> Result<(), WireError> {
        while !data.is_empty() {
            bound(&mut self.write_set, deadline, |t| {
                self.io.set_write_timeout(t)
            })?;
            match self.io.write(data) {
                Ok(0) => return Err(WireError::Io(io::ErrorKind::WriteZero.into())),
                Ok(n) => {
                    *accepted = true;
                    data = &data[n..];
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }
}

/// Sets a socket timeout (through `set`) to the time left before `deadline`, unless the one in
/// `slot` is close enough to it.
fn bound(
    slot: &mut Option<Option<Duration>>,
    deadline: Option<Instant>,
    set: impl FnOnce(Option<Duration>) -> io::Result<()>,
) -> Result<(), WireError> {
    let want = remaining(deadline)?;
    let close = match (*slot, want) {
        (Some(None), None) => true,
        (Some(Some(have)), Some(want)) => have.abs_diff(want) <= TIMEOUT_SLACK.min(want / 8),
        _ => false,
    };
    if !close {
        *slot = None;
        set(want)?;
        *slot = Some(want);
    }
    Ok(())
}

/// Idle connections per destination, oldest first, each list with the parsed [`Target`] of
/// its destination so that a request to a known destination neither parses its URL's
/// authority again nor hashes it.
struct Pool {
    max_idle: usize,
    idle_timeout: Duration,
    hosts: Mutex<Vec<Host>>,
}

/// More destinations than this and the ones without idle connections are forgotten.
const MAX_HOSTS: usize = 32;

/// One destination: its target (scheme and authority as written in the URL) and its idle
/// connections, oldest first. Destinations are told apart by the URL's scheme and authority
/// as written; a target is derived from exactly these.
struct Host {
    target: Arc<Target>,
    idle: Vec<Idle>,
}

#[derive(Clone, PartialEq, Eq, Hash)]
struct PoolKey {
    https: bool,
    host: String,
    port: u16,
}

struct Idle {
    conn: Conn<Stream>,
    since: Instant,
}

impl Pool {
    fn lock(&self) -> MutexGuard<'_, Vec<Host>> {
        self.hosts.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn idle_count(&self) -> usize {
        self.lock().iter().map(|h| h.idle.len()).sum()
    }

    /// The target of `url` and, when there is one, the most recently used idle connection to
    /// it that is still open; expired and closed ones are dropped (outside the lock).
    fn checkout(&self, url: &Uri) -> Result<(Arc<Target>, Option<Conn<Stream>>), TransportError> {
        let (https, authority) = url_destination(url);
        let target = loop {
            let (target, expired, candidate) = {
                let mut hosts = self.lock();
                let Some(host) = hosts.iter_mut().find(|h| h.target.is(https, authority)) else {
                    break None;
                };
                let expired = self.drain_expired(&mut host.idle, Instant::now());
                (Arc::clone(&host.target), expired, host.idle.pop())
            };
            drop(expired);
            let Some(idle) = candidate else {
                break Some(target);
            };
            let mut conn = idle.conn;
            if conn.io.io.is_usable() {
                return Ok((target, Some(conn)));
            }
        };
        match target {
            Some(target) => Ok((target, None)),
            None => {
                check_url(url)?;
                Ok((Arc::new(Target::of(url)?), None))
            }
        }
    }

    /// Removes the connections idle for `idle_timeout` or longer (the oldest come first), to
    /// be dropped by the caller once the lock is released.
    fn drain_expired(&self, list: &mut Vec<Idle>, now: Instant) -> Vec<Idle> {
        let fresh = list
            .iter()
            .position(|i| now.saturating_duration_since(i.since) < self.idle_timeout)
            .unwrap_or(list.len());
        list.drain(..fresh).collect()
    }

    fn checkin(&self, target: &Arc<Target>, conn: Conn<Stream>) {
        if self.max_idle == 0 || self.idle_timeout.is_zero() {
            return;
        }
        let (expired, rejected) = {
            let mut hosts = self.lock();
            let now = Instant::now();
            let entry = Idle { conn, since: now };
            let same = |h: &&mut Host| {
                Arc::ptr_eq(&h.target, target)
                    || h.target.is(Some(target.key.https), &target.authority)
            };
            match hosts.iter_mut().find(same) {
                Some(host) => {
                    let expired = self.drain_expired(&mut host.idle, now);
                    if host.idle.len() >= self.max_idle {
                        (expired, Some(entry))
                    } else {
                        host.idle.push(entry);
                        (expired, None)
                    }
                }
                None => {
                    if hosts.len() >= MAX_HOSTS {
                        hosts.retain(|h| !h.idle.is_empty());
                    }
                    hosts.push(Host {
                        target: Arc::clone(target),
                        idle: vec![entry],
                    });
                    (Vec::new(), None)
                }
            }
        };
        drop((expired, rejected));
    }
}

/// Whether `url` is `https` (else `http` or something `check_url` refuses) and its authority
/// as written.
fn url_destination(url: &Uri) -> (Option<bool>, &str) {
    let https = match url.scheme_str() {
        Some(s) if s.eq_ignore_ascii_case("https") => Some(true),
        Some(s) if s.eq_ignore_ascii_case("http") => Some(false),
        _ => None,
    };
    (https, url.authority().map_or("", |a| a.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::VecDeque;

    /// A scripted stream: reads return the queued pieces in order (a piece larger than the
    /// caller's buffer is split), then EOF; writes are recorded.
    #[derive(Default)]
    struct Script {
        reads: VecDeque<Vec<u8>>,
        written: Vec<u8>,
        /// How many times a read or write timeout was set.
        timeouts_set: usize,
    }

    impl Script {
        fn new(pieces: impl IntoIterator<Item = Vec<u8>>) -> Script {
            Script {
                reads: pieces.into_iter().collect(),
                ..Script::default()
            }
        }

        /// `data` cut into pieces of `size` bytes.
        fn pieces(data: &[u8], size: usize) -> Script {
            Script::new(data.chunks(size.max(1)).map(<[u8]>::to_vec))
        }
    }

    impl Read for Script {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let Some(mut piece) = self.reads.pop_front() else {
                return Ok(0);
            };
            let n = piece.len().min(buf.len());
            buf[..n].copy_from_slice(&piece[..n]);
            if n < piece.len() {
                self.reads.push_front(piece.split_off(n));
            }
            Ok(n)
        }
    }

    impl Write for Script {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.written.extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Io for Script {
        fn set_read_timeout(&mut self, _: Option<Duration>) -> io::Result<()> {
            self.timeouts_set += 1;
            Ok(())
        }

        fn set_write_timeout(&mut self, _: Option<Duration>) -> io::Result<()> {
            self.timeouts_set += 1;
            Ok(())
        }
    }

    fn read(
        data: &[u8],
        piece: usize,
        method: Method,
        max: usize,
    ) -> Result<(HttpResponse, bool), WireError> {
        Conn::new(Script::pieces(data, piece)).read_response(&method, max, None)
    }

    fn post(data: &[u8]) -> (HttpResponse, bool) {
        read(data, usize::MAX, Method::POST, 1 << 20).unwrap()
    }

    #[test]
    fn header_values_are_kept_exactly() {
        let (r, _) = post(
            b"HTTP/1.1 200 OK\r\nX-Empty:\r\nX-Tab: a\tb\r\nX-Obs: caf\xc3\xa9\r\n\
              Set-Cookie: a=1\r\nSet-Cookie: b=2\r\nContent-Length: 0\r\n\r\n",
        );
        assert_eq!(r.headers["x-empty"], "");
        assert_eq!(r.headers["x-tab"], "a\tb");
        assert_eq!(r.headers["x-obs"].as_bytes(), "café".as_bytes());
        let cookies: Vec<_> = r.headers.get_all("set-cookie").iter().collect();
        assert_eq!(cookies, ["a=1", "b=2"]);
        assert_eq!(r.headers.len(), 6);
    }

    #[test]
    fn content_length_body() {
        let (r, reusable) =
            post(b"HTTP/1.1 201 Created\r\nContent-Length: 5\r\nX-A: b\r\n\r\nhello");
        assert_eq!(r.status, StatusCode::CREATED);
        assert_eq!(r.body, "hello");
        assert_eq!(r.headers["x-a"], "b");
        assert!(reusable);
        // The same split at every byte.
        let (r, reusable) = read(
            b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nhello",
            1,
            Method::POST,
            5,
        )
        .unwrap();
        assert_eq!((r.body.as_ref(), reusable), (&b"hello"[..], true));
        // Identical repeated values are one length.
        assert_eq!(
            post(b"HTTP/1.1 200 OK\r\ncontent-length: 2, 2\r\n\r\nhi")
                .0
                .body,
            "hi"
        );
    }

    #[test]
    fn a_large_body_is_read_around_the_buffer() {
        let body: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let mut data =
            format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\n\r\n", body.len()).into_bytes();
        data.extend_from_slice(&body);
        for piece in [1000, 7000, 70_000, usize::MAX] {
            let (r, reusable) = read(&data, piece, Method::POST, body.len()).unwrap();
            assert_eq!(r.body, body);
            assert!(reusable);
        }
    }

    #[test]
    fn chunked_body_with_extensions_and_trailers() {
        let data = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\
            5;name=value;other\r\nhello\r\n\
            6 ; quoted=\"a;b\"\r\n world\r\n\
            A\r\n0123456789\r\n\
            0;last\r\nExpires: never\r\nX-Checksum: abc\r\n\r\n";
        for piece in [1, 2, 3, 7, usize::MAX] {
            let (r, reusable) = read(data, piece, Method::POST, 1024).unwrap();
            assert_eq!(r.body, "hello world0123456789");
            assert_eq!(r.headers["transfer-encoding"], "chunked");
            assert!(reusable, "piece {piece}");
        }
        // No trailers.
        let (r, reusable) = post(
            b"HTTP/1.1 200 OK\r\ntransfer-encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
        );
        assert_eq!((r.body.as_ref(), reusable), (&b"abc"[..], true));
    }

    #[test]
    fn malformed_chunked_bodies_fail() {
        let head = b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n";
        for bad in [
            &b"\r\n"[..],
            b"x\r\n",
            b" 5\r\nhello\r\n0\r\n\r\n",
            b"5\r\nhelloXX0\r\n\r\n",
            b"-1\r\n",
            b"5\nhello\r\n0\r\n\r\n",
            b"fffffffffffffffff\r\n",
            b"0\r\nbad trailer\r\n\r\n",
        ] {
            let mut data = head.to_vec();
            data.extend_from_slice(bad);
            let err = read(&data, usize::MAX, Method::POST, 1 << 20).unwrap_err();
            assert!(
                matches!(err, WireError::Malformed(_)),
                "{:?}: {err:?}",
                String::from_utf8_lossy(bad)
            );
        }
        // Cut short.
        for short in [&b"5\r\nhel"[..], b"5\r\nhello\r\n", b"0\r\n", b"5"] {
            let mut data = head.to_vec();
            data.extend_from_slice(short);
            let err = read(&data, usize::MAX, Method::POST, 1 << 20).unwrap_err();
            assert!(matches!(err, WireError::Closed), "{err:?}");
        }
    }

    #[test]
    fn chunked_size_cap() {
        let data = b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n4\r\nabcd\r\n4\r\nefgh\r\n0\r\n\r\n";
        assert_eq!(read(data, 3, Method::POST, 8).unwrap().0.body, "abcdefgh");
        let err = read(data, 3, Method::POST, 7).unwrap_err();
        assert!(matches!(err, WireError::TooLarge(7)), "{err:?}");
        // A huge declared chunk fails before anything is read.
        let data = b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nffffffffffffff\r\n";
        assert!(matches!(
            read(data, usize::MAX, Method::POST, 1 << 20).unwrap_err(),
            WireError::TooLarge(_)
        ));
    }

    #[test]
    fn close_delimited_body() {
        let data = b"HTTP/1.1 200 OK\r\nx: y\r\n\r\nuntil the end";
        for piece in [1, 5, usize::MAX] {
            let (r, reusable) = read(data, piece, Method::POST, 100).unwrap();
            assert_eq!(r.body, "until the end");
            assert!(!reusable);
        }
        assert!(read(data, 4, Method::POST, 13).is_ok());
        assert!(matches!(
            read(data, 4, Method::POST, 12).unwrap_err(),
            WireError::TooLarge(12)
        ));
        // Unknown final transfer coding: until close as well.
        let (r, reusable) = post(b"HTTP/1.1 200 OK\r\ntransfer-encoding: gzip\r\n\r\nzz");
        assert_eq!((r.body.as_ref(), reusable), (&b"zz"[..], false));
    }

    #[test]
    fn declared_length_over_the_cap_fails_at_once() {
        // The body never arrives: the error comes from the head alone.
        let data = b"HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n";
        assert!(matches!(
            read(data, usize::MAX, Method::POST, 999).unwrap_err(),
            WireError::TooLarge(999)
        ));
    }

    #[test]
    fn bodiless_responses() {
        let (r, reusable) = read(
            b"HTTP/1.1 200 OK\r\ncontent-length: 50\r\n\r\n",
            100,
            Method::HEAD,
            10,
        )
        .unwrap();
        assert_eq!((r.body.len(), reusable), (0, true));
        for status in [204, 304] {
            let data = format!("HTTP/1.1 {status} X\r\ncontent-length: 3\r\n\r\n");
            let (r, reusable) = post(data.as_bytes());
            assert_eq!(
                (r.status.as_u16(), r.body.len(), reusable),
                (status, 0, true)
            );
        }
    }

    #[test]
    fn interim_responses_are_skipped() {
        let data = b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nlink: </a>\r\n\r\n\
            HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok";
        for piece in [1, usize::MAX] {
            let (r, reusable) = read(data, piece, Method::POST, 10).unwrap();
            assert_eq!(
                (r.status, r.body.as_ref(), reusable),
                (StatusCode::OK, &b"ok"[..], true)
            );
            assert!(r.headers.get("link").is_none());
        }
    }

    #[test]
    fn connection_reuse_rules() {
        let reusable = |data: &[u8]| post(data).1;
        assert!(reusable(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n"));
        assert!(!reusable(
            b"HTTP/1.1 200 OK\r\nconnection: Close\r\ncontent-length: 0\r\n\r\n"
        ));
        assert!(!reusable(
            b"HTTP/1.1 200 OK\r\nconnection: foo, close\r\ncontent-length: 0\r\n\r\n"
        ));
        assert!(!reusable(b"HTTP/1.0 200 OK\r\ncontent-length: 0\r\n\r\n"));
        assert!(reusable(
            b"HTTP/1.0 200 OK\r\nconnection: keep-alive\r\ncontent-length: 0\r\n\r\n"
        ));
        // Both framings: read as chunked, never reused.
        assert!(!reusable(
            b"HTTP/1.1 200 OK\r\ncontent-length: 3\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n"
        ));
        // Bytes after the response: out of protocol, not reused.
        assert!(!reusable(
            b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\nextra"
        ));
        // Upgrades are not followed.
        assert!(!reusable(
            b"HTTP/1.1 101 Switching Protocols\r\nupgrade: x\r\n\r\n"
        ));
    }

    #[test]
    fn malformed_heads_fail() {
        for bad in [
            &b"HTTP/2 200 OK\r\n\r\n"[..],
            b"HTTP/1.1 2000 OK\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nbad header\r\n\r\n",
            b"HTTP/1.1 200 OK\r\ncontent-length: -1\r\n\r\n",
            b"HTTP/1.1 200 OK\r\ncontent-length: +1\r\n\r\nx",
            b"HTTP/1.1 200 OK\r\ncontent-length: 1\r\ncontent-length: 2\r\n\r\nxx",
            b"HTTP/1.1 200 OK\r\ncontent-length: 99999999999999999999999\r\n\r\n",
            b"SSH-2.0-OpenSSH\r\n\r\n",
        ] {
            let err = read(bad, usize::MAX, Method::POST, 1 << 20).unwrap_err();
            assert!(
                matches!(err, WireError::Malformed(_)),
                "{:?}: {err:?}",
                String::from_utf8_lossy(bad)
            );
        }
        let mut many = b"HTTP/1.1 200 OK\r\n".to_vec();
        for i in 0..=MAX_HEADERS {
            many.extend_from_slice(format!("x-{i}: v\r\n").as_bytes());
        }
        many.extend_from_slice(b"\r\n");
        assert!(matches!(
            read(&many, usize::MAX, Method::POST, 10).unwrap_err(),
            WireError::Malformed(_)
        ));
        let mut huge = b"HTTP/1.1 200 OK\r\nx: ".to_vec();
        huge.resize(MAX_HEAD + 10, b'a');
        assert!(matches!(
            read(&huge, 4096, Method::POST, 10).unwrap_err(),
            WireError::Malformed(_)
        ));
        // Nothing, or a head cut short: the connection closed.
        assert!(matches!(
            read(b"", 1, Method::POST, 10).unwrap_err(),
            WireError::Closed
        ));
        assert!(matches!(
            read(b"HTTP/1.1 200 OK\r\ncontent", 1, Method::POST, 10).unwrap_err(),
            WireError::Closed
        ));
        assert!(matches!(
            read(
                b"HTTP/1.1 200 OK\r\ncontent-length: 9\r\n\r\nshort",
                1,
                Method::POST,
                10
            )
            .unwrap_err(),
            WireError::Closed
        ));
    }

    #[test]
    fn request_head_encoding() {
        let ua = HeaderValue::from_static("ua/1");
        let mut out = Vec::new();
        let mut req = HttpRequest::post("http://h:8080/p/a?x=1&y=2".parse().unwrap(), "body");
        req.headers
            .insert("gt-action", HeaderValue::from_static("push"));
        req.headers
            .insert(CONTENT_LENGTH, HeaderValue::from_static("99"));
        encode_head(&mut out, &req, "h:8080", &ua);
        assert_eq!(
            String::from_utf8(out.clone()).unwrap(),
            "POST /p/a?x=1&y=2 HTTP/1.1\r\nhost: h:8080\r\ngt-action: push\r\n\
             user-agent: ua/1\r\ncontent-length: 4\r\n\r\n"
        );
        // Empty bodies: `0` but for GET-like methods; the caller's Host and User-Agent win.
        let mut req = HttpRequest::new(Method::GET, "http://h".parse().unwrap());
        req.headers.insert(HOST, HeaderValue::from_static("other"));
        req.headers
            .insert(USER_AGENT, HeaderValue::from_static("mine"));
        encode_head(&mut out, &req, "h", &ua);
        assert_eq!(
            String::from_utf8(out.clone()).unwrap(),
            "GET / HTTP/1.1\r\nhost: other\r\nuser-agent: mine\r\n\r\n"
        );
        let req = HttpRequest::new(Method::DELETE, "http://h/x".parse().unwrap());
        encode_head(&mut out, &req, "h", &ua);
        assert!(out.ends_with(b"user-agent: ua/1\r\ncontent-length: 0\r\n\r\n"));
    }

    #[test]
    fn targets() {
        let t = Target::of(&"http://Example.COM/x".parse().unwrap()).unwrap();
        assert_eq!(t.host_header, "Example.COM");
        assert_eq!((t.key.host.as_str(), t.key.port), ("example.com", 80));
        assert_eq!(t.authority(), "example.com:80");
        let t = Target::of(&"http://[::1]:8080/x".parse().unwrap()).unwrap();
        assert_eq!(
            (t.key.host.as_str(), t.host_header.as_str()),
            ("::1", "[::1]:8080")
        );
        assert_eq!(t.authority(), "[::1]:8080");
        let t = Target::of(&"http://h:80/x".parse().unwrap()).unwrap();
        assert_eq!(t.host_header, "h");
        #[cfg(feature = "rustls")]
        {
            let t = Target::of(&"https://h/x".parse().unwrap()).unwrap();
            assert!(t.key.https && t.key.port == 443 && t.host_header == "h");
        }
    }

    #[test]
    fn writes_head_and_body() {
        for body in [vec![b'b'; 10], vec![b'c'; COALESCE_BODY + 1]] {
            let mut conn = Conn::new(Script::default());
            conn.wbuf.extend_from_slice(b"HEAD\r\n\r\n");
            conn.write_request(&body, None).unwrap();
            let mut expected = b"HEAD\r\n\r\n".to_vec();
            expected.extend_from_slice(&body);
            assert_eq!(conn.io.io.written, expected);
        }
    }

    #[test]
    fn socket_timeouts_are_set_only_when_the_time_left_moved() {
        let data = b"HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\n0123456789";
        let mut conn = Conn::new(Script::pieces(data, 3));
        let deadline = Instant::now().checked_add(Duration::from_secs(30));
        conn.wbuf.extend_from_slice(b"request");
        conn.write_request(b"", deadline).unwrap();
        let (response, _) = conn.read_response(&Method::GET, 100, deadline).unwrap();
        assert_eq!(response.body, "0123456789");
        // A read per 3 bytes and one write: one read and one write timeout set.
        assert_eq!(conn.io.io.timeouts_set, 2);

        let mut slot = None;
        let mut calls = Vec::new();
        let mut set = |slot: &mut Option<Option<Duration>>, deadline| {
            bound(slot, deadline, |t| {
                calls.push(t);
                Ok(())
            })
            .unwrap()
        };
        set(&mut slot, None);
        set(&mut slot, None);
        set(&mut slot, deadline);
        // A deadline 5 ms later: set again; 0.1 ms later: close enough.
        set(&mut slot, deadline.map(|d| d + Duration::from_millis(5)));
        set(
            &mut slot,
            deadline.map(|d| d + Duration::from_micros(5_100)),
        );
        assert_eq!(calls.len(), 3, "{calls:?}");
        assert_eq!(calls[0], None);
        // A passed deadline is a timeout, whatever was set.
        let passed = Some(Instant::now());
        assert!(matches!(
            bound(&mut slot, passed, |_| Ok(())),
            Err(WireError::Timeout)
        ));
    }

    #[cfg(not(feature = "rustls"))]
    #[test]
    fn https_needs_the_rustls_feature() {
        let client = SocketClient::new().unwrap();
        let err = client
            .execute(HttpRequest::post(
                "https://127.0.0.1:9/apiex.htm".parse().unwrap(),
                Vec::new(),
            ))
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidRequest);
        assert!(!err.may_have_been_sent());
        assert!(err.to_string().contains("rustls"), "{err}");
    }

    mod prop {
        use super::*;
        use proptest::prelude::*;

        fn chunked(body: &[u8], sizes: &[usize], ext: bool, trailers: bool) -> Vec<u8> {
            let mut out = b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n".to_vec();
            let mut rest = body;
            let mut i = 0;
            while !rest.is_empty() {
                let n = sizes[i % sizes.len()].clamp(1, rest.len());
                i += 1;
                out.extend_from_slice(format!("{n:x}").as_bytes());
                if ext {
                    out.extend_from_slice(b";k=v");
                }
                out.extend_from_slice(b"\r\n");
                out.extend_from_slice(&rest[..n]);
                out.extend_from_slice(b"\r\n");
                rest = &rest[n..];
            }
            out.extend_from_slice(b"0\r\n");
            if trailers {
                out.extend_from_slice(b"x-t: 1\r\n");
            }
            out.extend_from_slice(b"\r\n");
            out
        }

        proptest! {
            #[test]
            fn chunked_round_trip(
                body in proptest::collection::vec(any::<u8>(), 0..20_000),
                sizes in proptest::collection::vec(1usize..5000, 1..8),
                ext in any::<bool>(),
                trailers in any::<bool>(),
                piece in 1usize..9000,
            ) {
                let data = chunked(&body, &sizes, ext, trailers);
                let (r, reusable) = read(&data, piece, Method::POST, body.len()).unwrap();
                prop_assert_eq!(r.body.as_ref(), &body[..]);
                prop_assert!(reusable);
                if !body.is_empty() {
                    let over = read(&data, piece, Method::POST, body.len() - 1);
                    prop_assert!(matches!(over, Err(WireError::TooLarge(_))));
                }
            }

            #[test]
            fn arbitrary_bytes_never_panic(
                data in proptest::collection::vec(any::<u8>(), 0..600),
                piece in 1usize..64,
                head in any::<bool>(),
            ) {
                let method = if head { Method::HEAD } else { Method::POST };
                let _ = read(&data, piece, method, 256);
            }

            #[test]
            fn mangled_responses_never_panic(
                body in proptest::collection::vec(any::<u8>(), 0..300),
                flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..6),
                cut in any::<usize>(),
                piece in 1usize..40,
            ) {
                let mut data = chunked(&body, &[7, 100], true, true);
                for (at, byte) in flips {
                    let at = at % data.len();
                    data[at] = byte;
                }
                data.truncate(cut % (data.len() + 1));
                let _ = read(&data, piece, Method::POST, 1024);
            }
        }
    }
}
