//! The default async stack, [`HyperClient`]: hyper 1's HTTP/1.1 connections in a small pool,
//! TLS by rustls through `tokio-rustls`, an optional CONNECT proxy, and timeouts that know
//! whether the request was written. Compiled with the `hyper` feature only.

use std::convert::Infallible;
use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http::header::{CONTENT_LENGTH, HOST, USER_AGENT};
use http::{HeaderValue, Method, Uri};
use http_body::{Body, Frame, SizeHint};
use http_body_util::BodyExt;
use hyper::client::conn::http1;
use hyper_util::client::legacy::connect::proxy::Tunnel;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;
use tower_service::Service;

use crate::error::{BoxError, ErrorKind, TransportError};
use crate::exchange::{AsyncHttpClient, BoxFuture, HttpRequest, HttpResponse};
use crate::http_stack::{
    chain_has, check_url, innermost_message, is_tls_error, too_large, HttpClientBuilder, Settings,
};
use crate::hyper_pool::{HostKey, Pool, Pooled};

/// The default [`AsyncHttpClient`]: hyper 1's HTTP/1.1 connections in a small pool (HTTP/1.1
/// keep-alive, idle timeout driven by tokio's timer), TLS by rustls with the `ring`
/// provider, optional CONNECT proxy. Cheap to clone (clones share the pool). Configured by an
/// [`HttpClientBuilder`] ([`build`](HttpClientBuilder::build)).
///
/// Requests must be sent from within a tokio runtime (connections are driven by tasks
/// spawned on it). Redirects are never followed. Response bodies are returned as received
/// (no decompression), capped at [`HttpClientBuilder::max_response_size`].
///
/// Timeouts distinguish the phases of an exchange: until the request starts to be written
/// the connect timeout applies and a failure means the request was not sent; from then on the
/// request timeout applies and a failure means it may have reached the server.
#[derive(Clone)]
pub struct HyperClient {
    inner: Arc<Inner>,
}

struct Inner {
    pool: Pool<TrackedBody>,
    connector: Connector,
    connect_timeout: Duration,
    request_timeout: Duration,
    max_response_size: usize,
    user_agent: HeaderValue,
    proxied: bool,
}

impl fmt::Debug for HyperClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HyperClient")
            .field("connect_timeout", &self.inner.connect_timeout)
            .field("request_timeout", &self.inner.request_timeout)
            .field("max_response_size", &self.inner.max_response_size)
            .field("proxied", &self.inner.proxied)
            .finish()
    }
}

impl HyperClient {
    /// A builder with the default configuration; finish it with
    /// [`build`](HttpClientBuilder::build).
    #[must_use]
    pub fn builder() -> HttpClientBuilder {
        HttpClientBuilder::new()
    }

    /// A client with the default configuration (see [`HttpClientBuilder::new`]).
    pub fn new() -> Result<HyperClient, TransportError> {
        HttpClientBuilder::new().build()
    }

    pub(crate) fn from_settings(settings: Settings) -> HyperClient {
        let mut tcp = HttpConnector::new();
        tcp.enforce_http(false);
        tcp.set_nodelay(true);
        tcp.set_connect_timeout(Some(settings.connect_timeout));
        let route = match &settings.proxy {
            None => Route::Direct(tcp),
            Some(proxy) => {
                let mut tunnel = Tunnel::new(proxy.uri.clone(), tcp);
                if let Some(auth) = &proxy.auth {
                    tunnel = tunnel.with_auth(auth.clone());
                }
                Route::Tunnel(tunnel)
            }
        };
        let connector = Connector {
            route,
            #[cfg(feature = "rustls")]
            tls: tokio_rustls::TlsConnector::from(settings.tls),
            timeout: settings.connect_timeout,
        };
        HyperClient {
            inner: Arc::new(Inner {
                pool: Pool::new(settings.pool_max_idle_per_host, settings.pool_idle_timeout),
                connector,
                connect_timeout: settings.connect_timeout,
                request_timeout: settings.request_timeout,
                max_response_size: settings.max_response_size,
                user_agent: settings.user_agent,
                proxied: settings.proxy.is_some(),
            }),
        }
    }

    /// Sends one request (the same as [`AsyncHttpClient::send`]).
    pub async fn execute(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let host = self.host_of(&request.url)?;
        self.exchange(request, host).await
    }

    /// The pool's key for the host of `url`; a host the pool knows passed the checks of
    /// [`check`](Self::check) when it was first seen.
    fn host_of(&self, url: &Uri) -> Result<HostKey, TransportError> {
        match self.inner.pool.known_host(url) {
            Some(host) => Ok(host),
            None => Self::check(url).map_err(|e| e.with_host(url)),
        }
    }

    /// The key of a URL not seen before, once it passed the checks.
    fn check(url: &Uri) -> Result<HostKey, TransportError> {
        check_url(url)?;
        #[cfg(not(feature = "rustls"))]
        if url
            .scheme_str()
            .is_some_and(|s| s.eq_ignore_ascii_case("https"))
        {
            return Err(TransportError::new(
                ErrorKind::InvalidRequest,
                "https:// URLs need TLS support: enable the `rustls` feature",
            ));
        }
        HostKey::of(url)
            .ok_or_else(|| TransportError::new(ErrorKind::InvalidRequest, "URL has no host"))
    }

    /// The exchange of `request` with `host`, its key; errors name the URL's host.
    ///
    /// The request is prepared here, before the future exists, and the future holds it once:
    /// a future keeps a slot for every local that lives (or was borrowed) across one of its
    /// awaits, and this future is boxed and alive for every request in flight.
    fn exchange(
        &self,
        request: HttpRequest,
        host: HostKey,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> + Send + '_ {
        let inner = &*self.inner;
        let HttpRequest {
            method,
            url,
            mut headers,
            body,
        } = request;
        // `entry`: one lookup each where `contains_key` + `insert` would hash the name twice.
        headers
            .entry(USER_AGENT)
            .or_insert_with(|| inner.user_agent.clone());
        if body.is_empty()
            && !headers.contains_key(CONTENT_LENGTH)
            && !matches!(
                method,
                Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
            )
        {
            headers.insert(CONTENT_LENGTH, const { HeaderValue::from_static("0") });
        }
        headers
            .entry(HOST)
            .or_insert_with(|| host.host_header().clone());
        let written = Arc::new(WriteSignal::default());
        let body = TrackedBody {
            data: (!body.is_empty()).then_some(body),
            signal: Arc::clone(&written),
        };
        // Typed method, URL and headers: nothing left for `http::request::Builder` to check.
        // The request line carries the origin form (path and query): through a proxy the
        // connection is a CONNECT tunnel to the host.
        let mut req = http::Request::new(body);
        *req.method_mut() = method;
        *req.uri_mut() = url
            .path_and_query()
            .map_or_else(|| Uri::from_static("/"), |pq| Uri::from(pq.clone()));
        *req.headers_mut() = headers;
        // `Some` until the request is handed to a connection (which gives it back unsent when
        // it was closed while idle).
        let mut req = Some(req);

        async move {
            // One clock read per exchange: the start of the timeouts, the moment an idle
            // connection is checked against the idle timeout, and the moment the connection
            // counts as idle again (earlier than the true moment by the exchange's duration:
            // an idle connection is closed that much sooner, never later).
            let start = tokio::time::Instant::now();
            let mut exchange =
                std::pin::pin!(inner.round_trip(&host, &url, &mut req, &written, start));

            // Two phases, one timer and no wake-up between them. Until the request starts to
            // be written (connect, proxy, TLS, pool checkout) the connect timeout applies; from
            // the moment the connection task starts writing, which `written` records, the
            // request timeout. The timer is set to the earliest deadline that can apply and
            // moved when it fires.
            let connect_deadline = deadline(start, inner.connect_timeout);
            let mut timer = std::pin::pin!(tokio::time::sleep_until(deadline(
                start,
                inner.connect_timeout.min(inner.request_timeout)
            )));
            std::future::poll_fn(|cx| {
                if let Poll::Ready(result) = exchange.as_mut().poll(cx) {
                    return Poll::Ready(result);
                }
                while timer.as_mut().poll(cx).is_ready() {
                    let now = tokio::time::Instant::now();
                    // One read of the signal decides both the deadline and the error.
                    let (due, sent) = match written.started_at() {
                        Some(at) => (deadline(at, inner.request_timeout), true),
                        None => (connect_deadline, false),
                    };
                    if now >= due {
                        return Poll::Ready(Err(timed_out(inner, sent)));
                    }
                    timer.as_mut().reset(due);
                }
                Poll::Pending
            })
            .await
            .map_err(|e| e.with_host(&url))
        }
    }
}

impl Inner {
    /// Sends the request in `req` on a pooled connection, or on a new one when none is idle,
    /// and reads the answer (at most `max_response_size` bytes). A request that a reused
    /// connection gave back unsent (the server closed it while it was idle) goes out again on
    /// the next connection: it never reached the server.
    ///
    /// The request is borrowed, not owned: the caller's future holds it, and this one does
    /// not hold a second slot for it.
    async fn round_trip(
        &self,
        host: &HostKey,
        url: &Uri,
        req: &mut Option<http::Request<TrackedBody>>,
        written: &WriteSignal,
        start: tokio::time::Instant,
    ) -> Result<HttpResponse, TransportError> {
        let (response, sender) = loop {
            let Pooled { mut sender, reused } = match self.pool.take(host, start) {
                Some(pooled) => pooled,
                // Boxed: connecting is rare, and its large future would otherwise make every
                // exchange's future (boxed per request) larger.
                None => Box::pin(self.connect(url)).await?,
            };
            if let Err(e) = sender.ready().await {
                if reused {
                    continue;
                }
                return Err(
                    TransportError::new(ErrorKind::Connect, innermost_message(&e)).with_source(e),
                );
            }
            let Some(request) = req.take() else {
                unreachable!("the request is put back whenever the loop goes round again")
            };
            match sender.try_send_request(request).await {
                Ok(response) => break (response, sender),
                Err(mut e) => match e.take_message() {
                    Some(unsent) if reused => *req = Some(unsent),
                    Some(_) => {
                        let e = e.into_error();
                        return Err(TransportError::new(
                            ErrorKind::Connection,
                            innermost_message(&e),
                        )
                        .with_maybe_sent(false)
                        .with_source(e));
                    }
                    None => {
                        let e = e.into_error();
                        return Err(TransportError::new(
                            ErrorKind::Connection,
                            innermost_message(&e),
                        )
                        .with_maybe_sent(written.is_set())
                        .with_source(e));
                    }
                },
            }
        };
        let (parts, body) = response.into_parts();
        let max = self.max_response_size;
        let declared = parts
            .headers
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > max as u64) {
            return Err(too_large(max));
        }
        let body = read_body(body, max).await?;
        // The answer was read to its end: the connection can carry the next request.
        self.pool.put(host, sender, start);
        Ok(HttpResponse {
            status: parts.status,
            headers: parts.headers,
            body,
        })
    }

    /// A new connection to the host of `url` (TCP, tunnel, TLS, then the HTTP/1.1
    /// handshake), driven by a task on the current runtime.
    async fn connect(&self, url: &Uri) -> Result<Pooled<TrackedBody>, TransportError> {
        let sender = match self.connector.connect(url).await.map_err(connect_error)? {
            Stream::Plain(io) => handshake(io).await?,
            #[cfg(feature = "rustls")]
            Stream::Tls(io) => handshake(io).await?,
        };
        Ok(Pooled {
            sender,
            reused: false,
        })
    }
}

/// The HTTP/1.1 handshake over a new connection (no I/O: it sets up hyper's state), and the
/// task that drives the connection on the current runtime.
async fn handshake<T>(io: T) -> Result<http1::SendRequest<TrackedBody>, TransportError>
where
    T: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
{
    // hyper's default write strategy is kept: `writev(false)` would save ~240 instructions
    // per push by copying the body into the head's buffer, but that buffer keeps its largest
    // size for the connection's life (a batch or list body would stay allocated per idle
    // connection).
    let (sender, connection) = http1::Builder::new().handshake(io).await.map_err(|e| {
        TransportError::new(ErrorKind::Connect, innermost_message(&e)).with_source(e)
    })?;
    tokio::spawn(async move {
        // Ends when the server closes the connection or when every sender is dropped.
        let _ = connection.await;
    });
    Ok(sender)
}

/// `start + timeout`, or about 30 years from `start` when that does not fit in an `Instant`
/// (a timeout of `Duration::MAX` means no timeout, as with `tokio::time::sleep`).
fn deadline(start: tokio::time::Instant, timeout: Duration) -> tokio::time::Instant {
    start
        .checked_add(timeout)
        .unwrap_or_else(|| start + Duration::from_secs(86_400 * 365 * 30))
}

/// The error of an exchange over time: before the request was written a connect timeout
/// (not sent), after it a request timeout (may have reached the server).
fn timed_out(inner: &Inner, written: bool) -> TransportError {
    if written {
        TransportError::new(
            ErrorKind::Timeout,
            format!(
                "no complete response within {} ms",
                inner.request_timeout.as_millis()
            ),
        )
    } else {
        TransportError::new(
            ErrorKind::ConnectTimeout,
            format!(
                "no connection within {} ms",
                inner.connect_timeout.as_millis()
            ),
        )
    }
}

impl AsyncHttpClient for HyperClient {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        // The host is looked up before the future is built: the boxed future is then the
        // exchange itself, not an `execute` future around it (every byte of a future's size
        // is copied into the box).
        match self.host_of(&request.url) {
            Ok(host) => Box::pin(self.exchange(request, host)),
            Err(e) => Box::pin(std::future::ready(Err(e))),
        }
    }
}

/// Reads a response body of at most `max` bytes. A body in one chunk (the usual answer) is
/// returned as that chunk, without a copy or a list of chunks.
async fn read_body<B>(mut body: B, max: usize) -> Result<Bytes, TransportError>
where
    B: Body<Data = Bytes> + Unpin,
    B::Error: Into<BoxError>,
{
    let mut first: Option<Bytes> = None;
    let mut joined: Vec<u8> = Vec::new();
    let mut total = 0usize;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| {
            TransportError::new(ErrorKind::Connection, "failed to read the response body")
                .with_source(e.into())
        })?;
        let Ok(data) = frame.into_data() else {
            continue; // trailers
        };
        total = total.saturating_add(data.len());
        if total > max {
            return Err(too_large(max));
        }
        if data.is_empty() {
            continue;
        }
        if first.is_none() && joined.is_empty() {
            first = Some(data);
            continue;
        }
        if let Some(head) = first.take() {
            joined.extend_from_slice(&head);
        }
        joined.extend_from_slice(&data);
    }
    Ok(first.unwrap_or_else(|| Bytes::from(joined)))
}

/// Maps a failure to connect (TCP, tunnel, TLS, or the connect timeout): the request was
/// not sent.
fn connect_error(err: BoxError) -> TransportError {
    let kind = if is_tls_error(&*err) {
        ErrorKind::Tls
    } else if chain_has(&*err, |e| {
        e.is::<ConnectTimedOut>()
            || e.downcast_ref::<io::Error>()
                .is_some_and(|io| io.kind() == io::ErrorKind::TimedOut)
    }) {
        ErrorKind::ConnectTimeout
    } else {
        ErrorKind::Connect
    };
    let message = innermost_message(&*err);
    TransportError::new(kind, message).with_source(err)
}

/// Marks the moment hyper first looks at the request body, which it does right before
/// writing the request head: until then nothing of the request has left the process. The
/// moment is read by the exchange's timer when it fires (nobody is woken when it is set).
#[derive(Default)]
struct WriteSignal {
    started_at: std::sync::OnceLock<tokio::time::Instant>,
}

impl WriteSignal {
    fn fire(&self) {
        self.started_at.get_or_init(tokio::time::Instant::now);
    }

    fn is_set(&self) -> bool {
        self.started_at.get().is_some()
    }

    /// When hyper started writing the request, if it did.
    fn started_at(&self) -> Option<tokio::time::Instant> {
        self.started_at.get().copied()
    }
}

/// The request body handed to hyper: one chunk, plus the write signal.
struct TrackedBody {
    data: Option<Bytes>,
    signal: Arc<WriteSignal>,
}

impl Body for TrackedBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.signal.fire();
        Poll::Ready(self.data.take().map(|d| Ok(Frame::data(d))))
    }

    fn is_end_stream(&self) -> bool {
        self.signal.fire();
        self.data.is_none()
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.data.as_ref().map_or(0, |d| d.len() as u64))
    }
}

/// The connector's own connect timeout marker (covers proxy tunnel and TLS, which the TCP
/// connector's timeout does not).
#[derive(Debug)]
struct ConnectTimedOut;

impl fmt::Display for ConnectTimedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connect timed out")
    }
}

impl StdError for ConnectTimedOut {}

/// TCP directly, or through a CONNECT tunnel.
#[derive(Clone)]
enum Route {
    Direct(HttpConnector),
    Tunnel(Tunnel<HttpConnector>),
}

impl Service<Uri> for Route {
    type Response = TokioIo<TcpStream>;
    type Error = BoxError;
    type Future = BoxFuture<'static, Result<TokioIo<TcpStream>, BoxError>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        match self {
            Route::Direct(c) => c.poll_ready(cx).map_err(Into::into),
            Route::Tunnel(c) => c.poll_ready(cx).map_err(Into::into),
        }
    }

    fn call(&mut self, dst: Uri) -> Self::Future {
        match self {
            Route::Direct(c) => {
                let fut = c.call(dst);
                Box::pin(async move { fut.await.map_err(Into::into) })
            }
            Route::Tunnel(c) => {
                // hyper-util's tunnel assumes port 443 when the URL has none.
                let fut = c.call(with_explicit_port(dst));
                Box::pin(async move { fut.await.map_err(Into::into) })
            }
        }
    }
}

/// `http://h/x` → `http://h:80/x`, `https://h/x` → `https://h:443/x`.
fn with_explicit_port(dst: Uri) -> Uri {
    if dst.port().is_some() {
        return dst;
    }
    let port = if dst
        .scheme_str()
        .is_some_and(|s| s.eq_ignore_ascii_case("https"))
    {
        443
    } else {
        80
    };
    let Some(host) = dst.host() else { return dst };
    let authority = if host.contains(':') && !host.starts_with('[') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    };
    let mut parts = dst.clone().into_parts();
    match authority.parse() {
        Ok(a) => parts.authority = Some(a),
        Err(_) => return dst,
    }
    Uri::from_parts(parts).unwrap_or(dst)
}
/// How a connection is made: TCP directly or through a CONNECT tunnel, then TLS for
/// `https://` URLs, with one timeout over all of it.
struct Connector {
    route: Route,
    /// rustls (verification always on) over the route's stream, for `https://` URLs. No ALPN
    /// protocol is offered, as by the blocking stack (which shares the configuration).
    #[cfg(feature = "rustls")]
    tls: tokio_rustls::TlsConnector,
    timeout: Duration,
}

/// A new connection: the route's TCP stream, or TLS over it (boxed: rustls' connection state
/// is large, and the stream is moved into the connection's task).
enum Stream {
    Plain(TokioIo<TcpStream>),
    #[cfg(feature = "rustls")]
    Tls(TokioIo<Box<tokio_rustls::client::TlsStream<TcpStream>>>),
}

impl Connector {
    /// Connects to the host of `url` (checked: `http` or `https`, with a host). A failure,
    /// the connect timeout included, is classified by [`connect_error`].
    async fn connect(&self, url: &Uri) -> Result<Stream, BoxError> {
        #[cfg(feature = "rustls")]
        let server_name = if url
            .scheme_str()
            .is_some_and(|s| s.eq_ignore_ascii_case("https"))
        {
            Some(server_name(url)?)
        } else {
            None
        };
        let connect = async {
            let mut route = self.route.clone();
            std::future::poll_fn(|cx| route.poll_ready(cx)).await?;
            let tcp = route.call(url.clone()).await?;
            #[cfg(feature = "rustls")]
            if let Some(name) = server_name {
                let tls = self.tls.connect(name, tcp.into_inner()).await?;
                return Ok(Stream::Tls(TokioIo::new(Box::new(tls))));
            }
            Ok(Stream::Plain(tcp))
        };
        match tokio::time::timeout(self.timeout, connect).await {
            Ok(result) => result,
            Err(_) => Err(Box::new(ConnectTimedOut) as BoxError),
        }
    }
}

/// The TLS server name of `url`: its host, without the brackets of an IPv6 address.
#[cfg(feature = "rustls")]
fn server_name(url: &Uri) -> Result<rustls::pki_types::ServerName<'static>, BoxError> {
    let host = url.host().unwrap_or_default();
    let host = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    Ok(rustls::pki_types::ServerName::try_from(host.to_owned())?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A body that yields the given chunks, one frame each.
    struct Chunks(std::collections::VecDeque<Bytes>);

    impl Body for Chunks {
        type Data = Bytes;
        type Error = Infallible;

        fn poll_frame(
            mut self: Pin<&mut Self>,
            _cx: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
            Poll::Ready(self.0.pop_front().map(|d| Ok(Frame::data(d))))
        }
    }

    fn chunks(parts: &[&'static str]) -> Chunks {
        Chunks(
            parts
                .iter()
                .map(|p| Bytes::from_static(p.as_bytes()))
                .collect(),
        )
    }

    #[tokio::test]
    async fn read_body_joins_chunks_and_enforces_the_cap_on_the_total() {
        let one = read_body(chunks(&["{\"result\": \"ok\"}"]), 64)
            .await
            .unwrap();
        assert_eq!(one, "{\"result\": \"ok\"}");
        let three = read_body(chunks(&["ab", "", "cd", "e"]), 5).await.unwrap();
        assert_eq!(three, "abcde");
        assert_eq!(read_body(chunks(&[]), 5).await.unwrap(), "");
        let err = read_body(chunks(&["abc", "def"]), 5).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::ResponseTooLarge);
        let err = read_body(chunks(&["abcdef"]), 5).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::ResponseTooLarge);
    }

    /// The boxed exchange is alive for every request on the wire: it holds the request once
    /// (prepared before the future exists) and the connect step only as a box. 1,080 bytes
    /// with rustc 1.95 (2,624 when the request was prepared inside the future and handed on
    /// by value); an `http::Request` is 264 bytes.
    #[tokio::test]
    async fn an_exchange_future_holds_the_request_once() {
        let client = HyperClient::new().unwrap();
        let request = HttpRequest::post("http://127.0.0.1:9/x".parse().unwrap(), "body");
        let future = AsyncHttpClient::send(&client, request);
        let size = std::mem::size_of_val(&*future);
        assert!(size <= 1_200, "HyperClient exchange future: {size} bytes");
    }

    #[test]
    fn explicit_port_for_tunnels() {
        let u = |s: &str| with_explicit_port(s.parse().unwrap()).to_string();
        assert_eq!(
            u("http://example.com/apiex.htm"),
            "http://example.com:80/apiex.htm"
        );
        assert_eq!(u("https://example.com/"), "https://example.com:443/");
        assert_eq!(u("http://example.com:8080/x"), "http://example.com:8080/x");
        assert_eq!(u("http://[::1]/x"), "http://[::1]:80/x");
    }

    #[cfg(not(feature = "rustls"))]
    #[tokio::test]
    async fn https_needs_the_rustls_feature() {
        let client = HyperClient::new().unwrap();
        let err = client
            .execute(HttpRequest::post(
                "https://127.0.0.1:9/apiex.htm".parse().unwrap(),
                Vec::new(),
            ))
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidRequest);
        assert!(!err.may_have_been_sent());
        assert!(err.to_string().contains("rustls"), "{err}");
    }
}
