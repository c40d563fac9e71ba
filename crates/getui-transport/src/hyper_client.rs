//! The default [`AsyncHttpClient`]: hyper 1's HTTP/1.1 connections in a small pool, rustls, an
//! optional CONNECT proxy, and timeouts that know whether the request was written.

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
use hyper::body::Incoming;
use hyper::client::conn::http1;
#[cfg(feature = "rustls")]
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::proxy::Tunnel;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioIo;
#[cfg(feature = "rustls")]
use rustls::pki_types::pem::PemObject;
#[cfg(feature = "rustls")]
use rustls::pki_types::CertificateDer;
use tokio::net::TcpStream;
use tower_service::Service;

use crate::error::{BoxError, ErrorKind, TransportError};
use crate::exchange::{AsyncHttpClient, BoxFuture, HttpRequest, HttpResponse};
use crate::hyper_pool::{HostKey, Pool, Pooled};
use crate::proxy::Proxy;
use crate::socket_client::{Settings, SocketClient};

/// The `User-Agent` sent when the request has none.
pub const DEFAULT_USER_AGENT: &str = concat!("getui-rs/", env!("CARGO_PKG_VERSION"));

/// Configuration of a [`HyperClient`].
///
/// TLS certificate verification is always on; [`add_root_certificate_der`] and
/// [`add_root_certificates_pem`] add trust anchors (e.g. a private CA), they never disable
/// checks.
///
/// [`add_root_certificate_der`]: HyperClientBuilder::add_root_certificate_der
/// [`add_root_certificates_pem`]: HyperClientBuilder::add_root_certificates_pem
#[derive(Clone)]
pub struct HyperClientBuilder {
    connect_timeout: Duration,
    request_timeout: Duration,
    pool_idle_timeout: Duration,
    pool_max_idle_per_host: usize,
    max_response_size: usize,
    user_agent: String,
    proxy: Option<Proxy>,
    builtin_roots: bool,
    extra_roots_der: Vec<Vec<u8>>,
    extra_roots_pem: Vec<Vec<u8>>,
}

impl Default for HyperClientBuilder {
    fn default() -> Self {
        HyperClientBuilder {
            connect_timeout: Duration::from_secs(60),
            request_timeout: Duration::from_secs(30),
            pool_idle_timeout: Duration::from_secs(90),
            pool_max_idle_per_host: 8,
            max_response_size: 16 * 1024 * 1024,
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            proxy: None,
            builtin_roots: true,
            extra_roots_der: Vec::new(),
            extra_roots_pem: Vec::new(),
        }
    }
}

impl fmt::Debug for HyperClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HyperClientBuilder")
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("pool_idle_timeout", &self.pool_idle_timeout)
            .field("pool_max_idle_per_host", &self.pool_max_idle_per_host)
            .field("max_response_size", &self.max_response_size)
            .field("user_agent", &self.user_agent)
            .field("proxy", &self.proxy)
            .field("builtin_roots", &self.builtin_roots)
            .field(
                "extra_roots",
                &(self.extra_roots_der.len() + self.extra_roots_pem.len()),
            )
            .finish()
    }
}

impl HyperClientBuilder {
    /// The default configuration: connect timeout 60 s, request timeout 30 s, idle pooled
    /// connections closed after 90 s, responses capped at 16 MiB, bundled web PKI roots.
    #[must_use]
    pub fn new() -> Self {
        HyperClientBuilder::default()
    }

    /// Time allowed to establish a connection: TCP connect, proxy tunnel and TLS handshake
    /// (default 60 s, the official `gexin_http_connection_timeout`). A connect timeout is a
    /// [`ErrorKind::ConnectTimeout`]: the request was not sent.
    #[must_use]
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time allowed for the exchange once the request starts to be written: sending it and
    /// receiving the complete response (default 30 s, the official `gexin_http_so_timeout`).
    /// An exchange over time is a [`ErrorKind::Timeout`] that may have reached the server.
    #[must_use]
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// How long an idle keep-alive connection stays in the pool (default 90 s).
    #[must_use]
    pub fn pool_idle_timeout(mut self, timeout: Duration) -> Self {
        self.pool_idle_timeout = timeout;
        self
    }

    /// At most this many idle connections are kept per host (default 8).
    #[must_use]
    pub fn pool_max_idle_per_host(mut self, max: usize) -> Self {
        self.pool_max_idle_per_host = max;
        self
    }

    /// Responses with a larger body (as received, before any decompression) fail with
    /// [`ErrorKind::ResponseTooLarge`] (default 16 MiB).
    #[must_use]
    pub fn max_response_size(mut self, bytes: usize) -> Self {
        self.max_response_size = bytes;
        self
    }

    /// The `User-Agent` for requests that carry none (default `getui-rs/<version>`).
    #[must_use]
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Sends everything through this HTTP CONNECT proxy.
    #[must_use]
    pub fn proxy(mut self, proxy: Proxy) -> Self {
        self.proxy = Some(proxy);
        self
    }

    /// Trusts this additional root certificate (DER encoded).
    #[must_use]
    pub fn add_root_certificate_der(mut self, der: impl Into<Vec<u8>>) -> Self {
        self.extra_roots_der.push(der.into());
        self
    }

    /// Trusts the additional root certificates in this PEM text (all `CERTIFICATE` blocks).
    #[must_use]
    pub fn add_root_certificates_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.extra_roots_pem.push(pem.into());
        self
    }

    /// Whether the bundled web PKI roots (and, with the `native-roots` feature, the operating
    /// system's roots) are trusted (default `true`). Turning them off trusts only the added
    /// roots, for private deployments; it never turns verification off.
    #[must_use]
    pub fn builtin_roots(mut self, enabled: bool) -> Self {
        self.builtin_roots = enabled;
        self
    }

    pub(crate) fn timeouts(&self) -> (Duration, Duration) {
        (self.connect_timeout, self.request_timeout)
    }

    #[cfg(feature = "rustls")]
    fn tls_config(&self) -> Result<rustls::ClientConfig, TransportError> {
        let mut roots = rustls::RootCertStore::empty();
        if self.builtin_roots {
            roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
            #[cfg(feature = "native-roots")]
            {
                let found = rustls_native_certs::load_native_certs();
                roots.add_parsable_certificates(found.certs);
            }
        }
        for der in &self.extra_roots_der {
            roots
                .add(CertificateDer::from(der.clone()))
                .map_err(|e| TransportError::config("invalid root certificate").with_source(e))?;
        }
        for pem in &self.extra_roots_pem {
            let mut found = 0usize;
            for cert in CertificateDer::pem_slice_iter(pem) {
                let cert = cert.map_err(|e| {
                    TransportError::config("unreadable PEM root certificate")
                        .with_source(e.to_string())
                })?;
                roots.add(cert).map_err(|e| {
                    TransportError::config("invalid root certificate").with_source(e)
                })?;
                found += 1;
            }
            if found == 0 {
                return Err(TransportError::config(
                    "no CERTIFICATE block in the PEM root certificates",
                ));
            }
        }
        if roots.is_empty() {
            return Err(TransportError::config("no trusted root certificates"));
        }
        Ok(rustls::ClientConfig::builder_with_provider(ring_provider())
            .with_safe_default_protocol_versions()
            .map_err(|e| TransportError::config("TLS setup failed").with_source(e))?
            .with_root_certificates(roots)
            .with_no_client_auth())
    }

    /// Builds the client. Fails on unusable root certificates or an invalid user agent.
    ///
    /// Without the `rustls` feature no TLS is compiled in: root certificates are not read and
    /// `https://` requests fail with [`ErrorKind::InvalidRequest`].
    pub fn build(self) -> Result<HyperClient, TransportError> {
        let user_agent = HeaderValue::from_str(&self.user_agent)
            .map_err(|e| TransportError::config("invalid user agent").with_source(e))?;
        #[cfg(feature = "rustls")]
        let tls = self.tls_config()?;

        let mut tcp = HttpConnector::new();
        tcp.enforce_http(false);
        tcp.set_nodelay(true);
        tcp.set_connect_timeout(Some(self.connect_timeout));
        let route = match &self.proxy {
            None => Route::Direct(tcp),
            Some(proxy) => {
                let mut tunnel = Tunnel::new(proxy.uri.clone(), tcp);
                if let Some(auth) = &proxy.auth {
                    tunnel = tunnel.with_auth(auth.clone());
                }
                Route::Tunnel(tunnel)
            }
        };
        #[cfg(feature = "rustls")]
        let route = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1()
            .wrap_connector(route);
        let connector = Connector {
            inner: route,
            timeout: self.connect_timeout,
        };
        Ok(HyperClient {
            inner: Arc::new(Inner {
                pool: Pool::new(self.pool_max_idle_per_host, self.pool_idle_timeout),
                connector,
                connect_timeout: self.connect_timeout,
                request_timeout: self.request_timeout,
                max_response_size: self.max_response_size,
                user_agent,
                proxied: self.proxy.is_some(),
            }),
        })
    }

    /// Builds a [`SocketClient`] with these settings: the same timeouts, pool limits, size
    /// cap, user agent, proxy and trust roots as [`build`](Self::build), but with all I/O on
    /// the calling thread (no tokio runtime). Fails like [`build`](Self::build).
    pub fn build_socket_client(self) -> Result<SocketClient, TransportError> {
        let user_agent = HeaderValue::from_str(&self.user_agent)
            .map_err(|e| TransportError::config("invalid user agent").with_source(e))?;
        Ok(SocketClient::from_settings(Settings {
            #[cfg(feature = "rustls")]
            tls: Arc::new(self.tls_config()?),
            connect_timeout: self.connect_timeout,
            request_timeout: self.request_timeout,
            pool_idle_timeout: self.pool_idle_timeout,
            pool_max_idle_per_host: self.pool_max_idle_per_host,
            max_response_size: self.max_response_size,
            user_agent,
            proxy: self.proxy,
        }))
    }
}

/// The default [`AsyncHttpClient`]: hyper 1's HTTP/1.1 connections in a small pool (HTTP/1.1
/// keep-alive, idle timeout driven by tokio's timer), TLS by rustls with the `ring`
/// provider, optional CONNECT proxy. Cheap to clone (clones share the pool).
///
/// Requests must be sent from within a tokio runtime (connections are driven by tasks
/// spawned on it). Redirects are never followed. Response bodies are returned as received
/// (no decompression), capped at [`HyperClientBuilder::max_response_size`].
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
    /// A builder with the default configuration.
    #[must_use]
    pub fn builder() -> HyperClientBuilder {
        HyperClientBuilder::new()
    }

    /// A client with the default configuration.
    pub fn new() -> Result<HyperClient, TransportError> {
        HyperClientBuilder::new().build()
    }

    /// Sends one request (the same as [`AsyncHttpClient::send`]).
    pub async fn execute(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let url = request.url.clone();
        self.exchange(request).await.map_err(|e| e.with_host(&url))
    }

    async fn exchange(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let inner = &*self.inner;
        check_url(&request.url)?;
        #[cfg(not(feature = "rustls"))]
        if request
            .url
            .scheme_str()
            .is_some_and(|s| s.eq_ignore_ascii_case("https"))
        {
            return Err(TransportError::new(
                ErrorKind::InvalidRequest,
                "https:// URLs need TLS support: enable the `rustls` feature",
            ));
        }
        let HttpRequest {
            method,
            url,
            mut headers,
            body,
        } = request;
        if !headers.contains_key(USER_AGENT) {
            headers.insert(USER_AGENT, inner.user_agent.clone());
        }
        if body.is_empty()
            && !headers.contains_key(CONTENT_LENGTH)
            && !matches!(
                method,
                Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
            )
        {
            headers.insert(CONTENT_LENGTH, HeaderValue::from_static("0"));
        }
        let Some(host) = HostKey::of(&url) else {
            return Err(TransportError::new(
                ErrorKind::InvalidRequest,
                "URL has no host",
            ));
        };
        if !headers.contains_key(HOST) {
            headers.insert(HOST, host.host_header().clone());
        }
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

        let max = inner.max_response_size;
        let exchange = async {
            let (response, sender) = inner.send(&host, &url, req, &written).await?;
            let (parts, body) = response.into_parts();
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
            inner.pool.put(&host, sender);
            Ok(HttpResponse {
                status: parts.status,
                headers: parts.headers,
                body,
            })
        };
        let mut exchange = std::pin::pin!(exchange);

        // Two phases, one timer and no wake-up between them. Until the request starts to be
        // written (connect, proxy, TLS, pool checkout) the connect timeout applies; from the
        // moment the connection task starts writing, which `written` records, the request
        // timeout. The timer is set to the earliest deadline that can apply and moved when it
        // fires.
        let start = tokio::time::Instant::now();
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
    }
}

impl Inner {
    /// Sends `req` on a pooled connection, or on a new one when none is idle. A request that a
    /// reused connection gave back unsent (the server closed it while it was idle) goes out
    /// again on the next connection: it never reached the server.
    async fn send(
        &self,
        host: &HostKey,
        url: &Uri,
        mut req: http::Request<TrackedBody>,
        written: &WriteSignal,
    ) -> Result<(http::Response<Incoming>, http1::SendRequest<TrackedBody>), TransportError> {
        loop {
            let Pooled { mut sender, reused } = match self.pool.take(host) {
                Some(pooled) => pooled,
                None => self.connect(url).await?,
            };
            if let Err(e) = sender.ready().await {
                if reused {
                    continue;
                }
                return Err(
                    TransportError::new(ErrorKind::Connect, innermost_message(&e)).with_source(e),
                );
            }
            match sender.try_send_request(req).await {
                Ok(response) => return Ok((response, sender)),
                Err(mut e) => match e.take_message() {
                    Some(unsent) if reused => req = unsent,
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
        }
    }

    /// A new connection to the host of `url` (TCP, tunnel, TLS, then the HTTP/1.1
    /// handshake), driven by a task on the current runtime.
    async fn connect(&self, url: &Uri) -> Result<Pooled<TrackedBody>, TransportError> {
        let mut connector = self.connector.clone();
        let io = async {
            std::future::poll_fn(|cx| connector.poll_ready(cx)).await?;
            connector.call(url.clone()).await
        }
        .await
        .map_err(connect_error)?;
        let (sender, connection) = http1::Builder::new().handshake(io).await.map_err(|e| {
            TransportError::new(ErrorKind::Connect, innermost_message(&e)).with_source(e)
        })?;
        tokio::spawn(async move {
            // Ends when the server closes the connection or when every sender is dropped.
            let _ = connection.await;
        });
        Ok(Pooled {
            sender,
            reused: false,
        })
    }
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
        Box::pin(self.execute(request))
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

pub(crate) fn too_large(max: usize) -> TransportError {
    TransportError::new(
        ErrorKind::ResponseTooLarge,
        format!("response body exceeds {max} bytes"),
    )
}

pub(crate) fn check_url(url: &Uri) -> Result<(), TransportError> {
    match url.scheme_str() {
        Some(s) if s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https") => {}
        _ => {
            return Err(TransportError::new(
                ErrorKind::InvalidRequest,
                "URL scheme must be http or https",
            ))
        }
    }
    if url.host().is_none_or(str::is_empty) {
        return Err(TransportError::new(
            ErrorKind::InvalidRequest,
            "URL has no host",
        ));
    }
    Ok(())
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

/// The `ring` crypto provider, handed to each `ClientConfig` explicitly: no process-wide
/// default is read or installed, so an application that also links rustls' `aws-lc-rs`
/// provider (or installs its own default) neither changes this client nor makes it panic.
///
/// rustls 0.23.48 deprecates `rustls::crypto::ring::default_provider` ("no support for
/// post-quantum algorithms") without a non-deprecated way to obtain the `ring` provider: the
/// only ones left are the process default (global state, and a panic when both providers are
/// linked) or the `aws-lc-rs` provider (a C build). Until this crate moves to one of them, the
/// deprecation is allowed here, in this one place, so that `-D warnings` holds with every
/// rustls 0.23.
#[cfg(feature = "rustls")]
#[allow(deprecated)]
pub(crate) fn ring_provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

#[cfg(feature = "rustls")]
pub(crate) fn is_tls_error(err: &(dyn StdError + 'static)) -> bool {
    chain_has(err, |e| e.is::<rustls::Error>())
}

#[cfg(not(feature = "rustls"))]
pub(crate) fn is_tls_error(_err: &(dyn StdError + 'static)) -> bool {
    false
}

/// Walks `source()` links and the inner errors of `io::Error`s.
fn chain_has(
    err: &(dyn StdError + 'static),
    pred: impl Fn(&(dyn StdError + 'static)) -> bool,
) -> bool {
    let mut stack: Vec<&(dyn StdError + 'static)> = vec![err];
    while let Some(e) = stack.pop() {
        if pred(e) {
            return true;
        }
        if let Some(io) = e.downcast_ref::<io::Error>() {
            if let Some(inner) = io.get_ref() {
                stack.push(inner);
            }
        }
        if let Some(next) = e.source() {
            stack.push(next);
        }
    }
    false
}

pub(crate) fn innermost_message(err: &(dyn StdError + 'static)) -> String {
    let mut last = err.to_string();
    let mut next = err.source();
    while let Some(e) = next {
        last = e.to_string();
        next = e.source();
    }
    last
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

/// The connector below the timeout: TLS over the route, or the route alone without TLS support.
#[cfg(feature = "rustls")]
type Stack = HttpsConnector<Route>;
#[cfg(not(feature = "rustls"))]
type Stack = Route;

/// The whole connector stack with one timeout over TCP, tunnel and TLS.
#[derive(Clone)]
struct Connector {
    inner: Stack,
    timeout: Duration,
}

impl Service<Uri> for Connector {
    type Response = <Stack as Service<Uri>>::Response;
    type Error = BoxError;
    type Future = BoxFuture<'static, Result<Self::Response, BoxError>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, dst: Uri) -> Self::Future {
        let fut = self.inner.call(dst);
        let timeout = self.timeout;
        Box::pin(async move {
            match tokio::time::timeout(timeout, fut).await {
                Ok(result) => result,
                Err(_) => Err(Box::new(ConnectTimedOut) as BoxError),
            }
        })
    }
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

    #[test]
    fn url_checks() {
        assert!(check_url(&"http://h/x".parse().unwrap()).is_ok());
        assert!(check_url(&"HTTPS://h/x".parse().unwrap()).is_ok());
        let e = check_url(&"ftp://h/x".parse().unwrap()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidRequest);
        assert!(check_url(&"/relative".parse().unwrap()).is_err());
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

    #[cfg(feature = "rustls")]
    #[test]
    fn builder_rejects_bad_roots() {
        let e = HyperClient::builder()
            .add_root_certificate_der(vec![1, 2, 3])
            .build()
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Config);
        let e = HyperClient::builder()
            .add_root_certificates_pem(b"not pem".to_vec())
            .build()
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Config);
        let e = HyperClient::builder()
            .builtin_roots(false)
            .build()
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Config);
        assert!(HyperClient::new().is_ok());
    }
}
