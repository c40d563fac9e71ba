//! The host-managed transport: fastest-host ranking with an owned probe loop, failover,
//! safe retries, gzip.

use std::fmt;
use std::future::{poll_fn, Future};
use std::pin::pin;
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::task::Poll;
use std::time::Duration;

use bytes::Bytes;
use http::header::{ACCEPT_ENCODING, CONTENT_ENCODING, CONTENT_LENGTH};
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};
use tokio::sync::{oneshot, watch, Notify, OnceCell, Semaphore};
use tokio::time::Instant;

use crate::error::{display_url, BoxError, ErrorKind, TransportError};
use crate::exchange::{
    AsyncHttpClient, BlockingHttpClient, HttpRequest, HttpResponse, SpawnBlocking,
};
use crate::gzip;
use crate::hosts::{
    parse_hosts, probe_all, Candidate, HostListFetcher, HostRanking, HostTable, ProbeMethod,
};
use crate::http_stack::HttpClientBuilder;
use crate::retry::RetryPolicy;
use crate::util::{random_u64, select, Either};

/// The default bound of exchanges under way at once per transport (see
/// [`TransportBuilder::max_in_flight`]).
pub const DEFAULT_MAX_IN_FLIGHT: usize = 256;

/// A request to the API host, whichever host that currently is.
///
/// The transport adds the URL (the chosen host), compresses the body once when
/// [`gzip`](Self::gzip) is set, and re-sends the identical bytes on retries.
///
/// (The by-value builder methods are `#[inline]`: called from another crate without it,
/// each would copy the whole request in and out once per call.)
#[derive(Clone)]
pub struct ApiRequest {
    method: Method,
    path: Option<String>,
    headers: HeaderMap,
    body: Bytes,
    gzip: bool,
    idempotent: bool,
}

impl ApiRequest {
    /// A `POST` of `body` (the Getui API's only method).
    pub fn post(body: impl Into<Bytes>) -> Self {
        ApiRequest {
            method: Method::POST,
            path: None,
            headers: HeaderMap::new(),
            body: body.into(),
            gzip: false,
            idempotent: false,
        }
    }

    /// Uses another method than `POST`.
    #[must_use]
    #[inline]
    pub fn method(mut self, method: Method) -> Self {
        self.method = method;
        self
    }

    /// A request without a body (e.g. a `GET` or a parameterless `DELETE` of REST v2).
    #[must_use]
    pub fn new(method: Method) -> Self {
        ApiRequest {
            method,
            ..ApiRequest::post(Bytes::new())
        }
    }

    /// Appends `path_and_query` (starting with `/`, already percent-encoded) to the chosen
    /// host's URL, e.g. `/v2/{appId}/push/single/cid` after `https://restapi.getui.com`
    /// (REST v2). Without it the host URL is the endpoint itself (the legacy API).
    #[must_use]
    pub fn path(mut self, path_and_query: impl Into<String>) -> Self {
        self.path = Some(path_and_query.into());
        self
    }

    /// The path set with [`path`](Self::path).
    pub fn path_and_query(&self) -> Option<&str> {
        self.path.as_deref()
    }

    /// The method.
    pub fn http_method(&self) -> &Method {
        &self.method
    }

    /// Adds a header (replacing earlier values of that name).
    #[must_use]
    #[inline]
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.insert(name, value);
        self
    }

    /// The headers, for editing.
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        &mut self.headers
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The (uncompressed) body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// Sends the body gzip-compressed (level 1) with `Content-Encoding: gzip` and
    /// `Accept-Encoding: gzip`, as the official SDKs do for list and batch pushes.
    #[must_use]
    #[inline]
    pub fn gzip(mut self, gzip: bool) -> Self {
        self.gzip = gzip;
        self
    }

    /// Marks the request as safe to re-send after it may have reached the server: it carries
    /// a `requestId` by which the server de-duplicates. Unmarked requests are only retried
    /// when they provably were not sent.
    #[must_use]
    #[inline]
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = idempotent;
        self
    }

    /// Whether [`idempotent`](Self::idempotent) is set.
    pub fn is_idempotent(&self) -> bool {
        self.idempotent
    }

    /// Whether [`gzip`](Self::gzip) is set.
    pub fn is_gzip(&self) -> bool {
        self.gzip
    }
}

/// `Debug` shows header names and body length only.
impl fmt::Debug for ApiRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("body_len", &self.body.len())
            .field("gzip", &self.gzip)
            .field("idempotent", &self.idempotent)
            .finish()
    }
}

/// The answer to an [`ApiRequest`]: the HTTP response (body gzip-decoded) and where it came
/// from.
///
/// Any status is a response, including 404 and 503: the transport does not retry them (it
/// counts them as host failures for early re-probing); the caller decides what they mean.
#[derive(Clone)]
#[non_exhaustive]
pub struct ApiResponse {
    /// The status code.
    pub status: StatusCode,
    /// Response headers (without `Content-Encoding`/`Content-Length` when the body was
    /// decompressed).
    pub headers: HeaderMap,
    /// The body, decompressed if it was gzip.
    pub body: Bytes,
    /// The host that answered (shared with the transport's host list: no copy per call).
    pub host: Arc<str>,
    /// Attempts made for this call (1 = first try).
    pub attempts: u32,
    /// The call waited for the first good probe answer of a new host list and none came
    /// within the [probe timeout](TransportBuilder::probe_timeout) (or every probe failed):
    /// its hosts were tried in list order instead of by rank. A `tracing` event says so too.
    pub unranked_fallback: bool,
}

/// `Debug` shows header names and body length only.
impl fmt::Debug for ApiResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiResponse")
            .field("status", &self.status)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("body_len", &self.body.len())
            .field("host", &self.host)
            .field("attempts", &self.attempts)
            .field("unranked_fallback", &self.unranked_fallback)
            .finish()
    }
}

enum ClientChoice {
    Default,
    Async(Arc<dyn AsyncHttpClient>),
    Blocking(Arc<dyn BlockingHttpClient>),
}

/// Configuration of a [`Transport`] (async) or [`blocking::Transport`](crate::blocking::Transport).
///
/// Hosts come from one of:
/// * [`hosts`](Self::hosts): a known list (e.g. the host the user gave), ranked by probing
///   when it has more than one entry;
/// * [`bootstrap_urls`](Self::bootstrap_urls) + [`host_list_fetcher`](Self::host_list_fetcher):
///   the push host list is fetched on first use (and again when no host is reachable).
///
/// With [`probing(false)`](Self::probing) nothing but the caller's requests is ever sent
/// (no probes, no background task); hosts are tried in list order.
pub struct TransportBuilder {
    pub(crate) http: HttpClientBuilder,
    client: ClientChoice,
    hosts: Vec<String>,
    bootstrap: Vec<String>,
    fetcher: Option<Arc<dyn HostListFetcher>>,
    probing: bool,
    probe_interval: Duration,
    probe_timeout: Duration,
    probe_method: ProbeMethod,
    failure_threshold: u32,
    trigger_interval: Duration,
    retry: RetryPolicy,
    max_decompressed_size: usize,
    max_in_flight: usize,
    pub(crate) blocking_call_timeout: Option<Duration>,
}

impl Default for TransportBuilder {
    fn default() -> Self {
        TransportBuilder {
            http: HttpClientBuilder::new(),
            client: ClientChoice::Default,
            hosts: Vec::new(),
            bootstrap: Vec::new(),
            fetcher: None,
            probing: true,
            probe_interval: Duration::from_secs(600),
            probe_timeout: Duration::from_secs(10),
            probe_method: ProbeMethod::default(),
            failure_threshold: 3,
            trigger_interval: Duration::from_secs(60),
            retry: RetryPolicy::default(),
            max_decompressed_size: 32 * 1024 * 1024,
            max_in_flight: DEFAULT_MAX_IN_FLIGHT,
            blocking_call_timeout: None,
        }
    }
}

impl fmt::Debug for TransportBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportBuilder")
            .field("http", &self.http)
            .field(
                "client",
                &match self.client {
                    ClientChoice::Default => "built-in",
                    ClientChoice::Async(_) => "custom async",
                    ClientChoice::Blocking(_) => "custom blocking",
                },
            )
            .field("hosts", &self.hosts)
            .field("bootstrap", &self.bootstrap)
            .field("fetcher", &self.fetcher.is_some())
            .field("probing", &self.probing)
            .field("probe_interval", &self.probe_interval)
            .field("probe_timeout", &self.probe_timeout)
            .field("probe_method", &self.probe_method)
            .field("failure_threshold", &self.failure_threshold)
            .field("trigger_interval", &self.trigger_interval)
            .field("retry", &self.retry)
            .field("max_decompressed_size", &self.max_decompressed_size)
            .field("max_in_flight", &self.max_in_flight)
            .finish()
    }
}

impl TransportBuilder {
    /// The defaults: probing on, re-probe every 10 minutes, 10 s probe timeout, early re-probe
    /// after 3 consecutive failures at most once a minute, 3 attempts, 32 MiB decoded body cap,
    /// the built-in HTTP stack with the default [`HttpClientBuilder`] options. No hosts yet.
    #[must_use]
    pub fn new() -> Self {
        TransportBuilder::default()
    }

    /// Options of the built-in HTTP stack (timeouts, proxy, roots, raw response cap): the
    /// [`HyperClient`](crate::HyperClient) of an async transport (feature `hyper`), the
    /// [`SocketClient`](crate::SocketClient) of a blocking one. Ignored when a custom client
    /// is set.
    #[must_use]
    pub fn http(mut self, http: HttpClientBuilder) -> Self {
        self.http = http;
        self
    }

    /// Uses this HTTP stack instead of the built-in one.
    #[must_use]
    pub fn http_client(mut self, client: Arc<dyn AsyncHttpClient>) -> Self {
        self.client = ClientChoice::Async(client);
        self
    }

    /// Uses this blocking HTTP stack: a [`blocking::Transport`](crate::blocking::Transport)
    /// calls it on the calling thread, an async [`Transport`] on tokio's blocking thread pool.
    #[must_use]
    pub fn blocking_http_client(mut self, client: Arc<dyn BlockingHttpClient>) -> Self {
        self.client = ClientChoice::Blocking(client);
        self
    }

    /// The push host URLs (e.g. `http://sdk.open.api.igexin.com/apiex.htm`). With one host
    /// it is used as is and never probed.
    #[must_use]
    pub fn hosts<I, S>(mut self, hosts: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.hosts = hosts.into_iter().map(Into::into).collect();
        self
    }

    /// URLs to fetch the push host list from, in order (see [`crate::bootstrap`] for the
    /// built-in lists). Needs [`host_list_fetcher`](Self::host_list_fetcher).
    #[must_use]
    pub fn bootstrap_urls<I, S>(mut self, urls: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.bootstrap = urls.into_iter().map(Into::into).collect();
        self
    }

    /// How to ask a bootstrap URL for the push host list.
    #[must_use]
    pub fn host_list_fetcher(mut self, fetcher: Arc<dyn HostListFetcher>) -> Self {
        self.fetcher = Some(fetcher);
        self
    }

    /// Whether hosts are probed and ranked (default `true`). `false`: no probes, no host list
    /// re-fetch and no background task; every call tries the hosts in list order (a single
    /// fixed host, typically), failing over within the call as usual.
    #[must_use]
    pub fn probing(mut self, enabled: bool) -> Self {
        self.probing = enabled;
        self
    }

    /// Period of the re-probe (default 10 minutes, per the Getui documentation).
    #[must_use]
    pub fn probe_interval(mut self, interval: Duration) -> Self {
        self.probe_interval = interval;
        self
    }

    /// Time limit of one probe (default 10 s); a host that does not answer in time is not
    /// ranked. Also the longest a call waits for the first good probe answer of a new host
    /// list before it falls back to list order (see [`Transport`]).
    #[must_use]
    pub fn probe_timeout(mut self, timeout: Duration) -> Self {
        self.probe_timeout = timeout;
        self
    }

    /// How hosts are probed (default `HEAD`, falling back to an empty `POST`).
    #[must_use]
    pub fn probe_method(mut self, method: ProbeMethod) -> Self {
        self.probe_method = method;
        self
    }

    /// Consecutive failed calls (transport errors, HTTP 404 and 5xx answers) that trigger an
    /// early re-probe (default 3; `0` never triggers). Any other answer resets the count.
    #[must_use]
    pub fn failure_threshold(mut self, failures: u32) -> Self {
        self.failure_threshold = failures;
        self
    }

    /// Minimum time between two failure-triggered re-probes (default 60 s).
    #[must_use]
    pub fn trigger_interval(mut self, interval: Duration) -> Self {
        self.trigger_interval = interval;
        self
    }

    /// Attempts per call and backoff (default 3 attempts, see [`RetryPolicy`]).
    #[must_use]
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Cap on the body handed to the caller after gzip decoding (default 32 MiB); larger
    /// bodies fail with [`ErrorKind::ResponseTooLarge`]. Also applies to uncompressed bodies.
    #[must_use]
    pub fn max_decompressed_size(mut self, bytes: usize) -> Self {
        self.max_decompressed_size = bytes;
        self
    }

    /// For [`build_blocking`](Self::build_blocking): how long a blocking caller waits for one
    /// call at most. Default: enough for every attempt to use its full connect and request
    /// timeouts plus backoff (and the host list fetch).
    #[must_use]
    pub fn blocking_call_timeout(mut self, timeout: Duration) -> Self {
        self.blocking_call_timeout = Some(timeout);
        self
    }

    /// The custom blocking stack, if one was given.
    pub(crate) fn blocking_client(&self) -> Option<Arc<dyn BlockingHttpClient>> {
        match &self.client {
            ClientChoice::Blocking(client) => Some(Arc::clone(client)),
            _ => None,
        }
    }

    /// Whether no custom stack was given.
    pub(crate) fn uses_default_client(&self) -> bool {
        matches!(self.client, ClientChoice::Default)
    }

    pub(crate) fn default_blocking_call_timeout(&self) -> Duration {
        let (connect, request) = self.http.timeouts();
        let exchange = connect.saturating_add(request);
        let attempts = self
            .retry
            .max_attempts()
            .saturating_add(u32::try_from(self.bootstrap.len()).unwrap_or(u32::MAX));
        exchange
            .saturating_mul(attempts)
            .saturating_add(self.retry.max_total_backoff())
            .saturating_add(Duration::from_secs(5))
    }

    /// The most HTTP exchanges this transport has under way at once (default
    /// [`DEFAULT_MAX_IN_FLIGHT`]); further calls wait for a free slot before they take a
    /// connection. This bounds connections and buffers when a caller starts thousands of
    /// pushes at once. Waiting does not count against the request timeout.
    #[must_use]
    pub fn max_in_flight(mut self, exchanges: usize) -> Self {
        self.max_in_flight = exchanges.max(1);
        self
    }

    /// Builds an async transport. It needs a tokio runtime (with time and I/O) when used, not
    /// when built; the probe task starts on first use.
    ///
    /// The built-in async stack is a [`HyperClient`](crate::HyperClient), compiled with the
    /// `hyper` feature. Without that feature an async transport needs a stack of its own
    /// ([`http_client`](Self::http_client) or [`blocking_http_client`](Self::blocking_http_client),
    /// e.g. a [`SocketClient`](crate::SocketClient) run on tokio's blocking pool); with
    /// neither, this fails with [`ErrorKind::Config`] naming the feature.
    pub fn build(self) -> Result<Transport, TransportError> {
        let client: Arc<dyn AsyncHttpClient> = match self.client {
            #[cfg(feature = "hyper")]
            ClientChoice::Default => Arc::new(self.http.clone().build()?),
            #[cfg(not(feature = "hyper"))]
            ClientChoice::Default => {
                return Err(TransportError::config(
                    "no async HTTP stack: enable the `hyper` feature of getui-transport, or \
                     give one with `http_client` or `blocking_http_client`",
                ))
            }
            ClientChoice::Async(ref c) => Arc::clone(c),
            ClientChoice::Blocking(ref c) => Arc::new(SpawnBlocking(Arc::clone(c))),
        };
        let hosts = parse_hosts(&self.hosts)?;
        let bootstrap = parse_hosts(&self.bootstrap)?;
        if hosts.is_empty() && (bootstrap.is_empty() || self.fetcher.is_none()) {
            return Err(TransportError::config(
                "no hosts: give host URLs, or bootstrap URLs and a host list fetcher",
            ));
        }
        let settings = Arc::new(Settings {
            probing: self.probing,
            probe_interval: self.probe_interval,
            probe_timeout: self.probe_timeout,
            probe_method: self.probe_method,
            failure_threshold: self.failure_threshold,
            trigger_interval: self.trigger_interval,
            retry: self.retry,
            max_decompressed_size: self.max_decompressed_size,
            bootstrap,
            fetcher: self.fetcher,
        });
        let (closed_tx, closed_rx) = oneshot::channel();
        let (progress_tx, progress_rx) = watch::channel(Progress::default());
        Ok(Transport {
            shared: Arc::new(Shared {
                client,
                settings,
                table: Mutex::new(HostTable::new(hosts, self.probing)),
                changes: watch::channel(0).0,
                in_flight: Semaphore::new(self.max_in_flight),
                init: OnceCell::new(),
                wake: Arc::new(Notify::new()),
                loop_parts: Mutex::new(Some((closed_rx, progress_tx))),
                progress: progress_rx,
                _closed: closed_tx,
            }),
        })
    }
}

struct Settings {
    probing: bool,
    probe_interval: Duration,
    probe_timeout: Duration,
    probe_method: ProbeMethod,
    failure_threshold: u32,
    trigger_interval: Duration,
    retry: RetryPolicy,
    max_decompressed_size: usize,
    bootstrap: Vec<Uri>,
    fetcher: Option<Arc<dyn HostListFetcher>>,
}

#[derive(Debug, Default, Clone, Copy)]
struct Progress {
    started: u64,
    completed: u64,
}

type LoopParts = (oneshot::Receiver<()>, watch::Sender<Progress>);

struct Shared {
    client: Arc<dyn AsyncHttpClient>,
    settings: Arc<Settings>,
    table: Mutex<HostTable>,
    /// Bounds the exchanges under way (see `TransportBuilder::max_in_flight`).
    in_flight: Semaphore,
    init: OnceCell<()>,
    /// Wakes the probe loop (failure trigger, refresh, new host list).
    wake: Arc<Notify>,
    /// Bumped when the host table changes in a way a waiting call or the probe loop cares
    /// about: a new host list, the first good probe answer of a list, the end of a round.
    changes: watch::Sender<u64>,
    /// Handed to the probe loop when it starts.
    loop_parts: Mutex<Option<LoopParts>>,
    progress: watch::Receiver<Progress>,
    /// Dropped with the transport: ends the probe loop at once, even mid-pass.
    _closed: oneshot::Sender<()>,
}

/// The async transport: sends [`ApiRequest`]s to the fastest reachable host.
///
/// Cheap to clone; clones share one host ranking and one HTTP connection pool. Separate
/// transports never share state.
///
/// On first use it obtains the host list (if not given) and, with probing on and more than
/// one host, starts a probe task on the current tokio runtime. That task ranks the hosts by
/// probe latency among 2xx answers at once, then every
/// [`probe_interval`](TransportBuilder::probe_interval), and early after
/// [`failure_threshold`](TransportBuilder::failure_threshold) consecutive failures. It holds
/// only a `Weak` reference and ends when the last clone of the transport is dropped. All timing
/// uses tokio's clock.
///
/// The first calls do not go out in list order: until the host list has a ranking, a call
/// waits for the first probe that answers well (by construction the fastest host) and is sent
/// there, while the rest of the round completes the ranking in the background. Concurrent
/// first calls share that one round. The wait is bounded by the
/// [probe timeout](TransportBuilder::probe_timeout); when no probe answers well within it
/// (or the round ends without a good answer) the call falls back to list order, says so with a
/// `tracing` event and [`ApiResponse::unranked_fallback`], and fails over as usual. The same
/// holds after the host list changes ([`replace_hosts`](Self::replace_hosts), a re-fetch):
/// the hosts of the previous ranking that are still listed keep their rank until the new
/// list's first good answer, and calls only wait when none is. With probing off, or a single
/// host, calls never wait.
#[derive(Clone)]
pub struct Transport {
    shared: Arc<Shared>,
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transport")
            .field("ranking", &self.ranking())
            .finish_non_exhaustive()
    }
}

impl Transport {
    /// A builder with the defaults.
    #[must_use]
    pub fn builder() -> TransportBuilder {
        TransportBuilder::new()
    }

    /// Sends `request` to the best host, failing over and retrying as the
    /// [`RetryPolicy`] and safety allow.
    ///
    /// Each attempt goes to the next host in rank order; a host that cannot be connected to
    /// is skipped by later calls until the next probe pass. Before the host list has a
    /// ranking, the call first waits (at most the probe timeout) for the first good probe
    /// answer; see [`Transport`]. A failure after the request may
    /// have been written is only retried for [`idempotent`](ApiRequest::idempotent) requests,
    /// always with the identical body.
    ///
    /// (The future of a call holds the request once, and nothing of the rare steps — the
    /// first host list fetch, the wait for a first probe answer, a backoff, a wait for a free
    /// exchange slot — but a box: every call under way, also one waiting for a slot, holds
    /// one such future.)
    // Not an `async fn`: its body would move the request into a local of its own, one more
    // slot of 184 bytes in every call's future (776 against 592 bytes, `-Zprint-type-sizes`).
    #[allow(clippy::manual_async_fn)]
    pub fn send(
        &self,
        request: ApiRequest,
    ) -> impl Future<Output = Result<ApiResponse, TransportError>> + Send + '_ {
        async move {
            let shared = &*self.shared;
            let route = match self.ready_route() {
                Some(route) => route,
                None => Box::pin(self.route_when_ready()).await?,
            };
            let mut call = Call::new(shared, request, route)?;
            loop {
                if let Some(delay) = call.begin_attempt() {
                    Box::pin(tokio::time::sleep(delay)).await;
                }
                let permit = match shared.in_flight.try_acquire() {
                    Ok(permit) => permit,
                    Err(_) => Box::pin(shared.in_flight.acquire())
                        .await
                        .expect("the semaphore is never closed"),
                };
                // Bound first: the temporaries of a statement live until its end, and one
                // holding the request would take a slot in the future across the await.
                let http_request = call.attempt_request()?;
                let exchanged = shared.client.send(http_request).await;
                drop(permit);
                if let Some(result) = call.finish_attempt(exchanged) {
                    return result;
                }
            }
        }
    }

    /// The route of a call when the transport is ready and the host list has a ranking (no
    /// wait needed).
    fn ready_route(&self) -> Option<Route> {
        if !self.is_ready() {
            return None;
        }
        let (generation, order, awaiting) = self.shared.table().order();
        (!awaiting).then_some(Route {
            generation,
            order,
            fallback: false,
        })
    }

    /// The route of a call after the host list is known and has a ranking, or after the wait
    /// for its first probe answer ended (see [`Transport`]).
    async fn route_when_ready(&self) -> Result<Route, TransportError> {
        self.ensure_ready().await?;
        let (generation, order, awaiting) = self.shared.table().order();
        Ok(if awaiting {
            self.first_answer().await
        } else {
            Route {
                generation,
                order,
                fallback: false,
            }
        })
    }

    /// Whether the host list is known and the probe task started (see
    /// [`ensure_ready`](Self::ensure_ready)).
    pub(crate) fn is_ready(&self) -> bool {
        self.shared.init.initialized()
    }

    /// [`send`](Self::send) with a blocking HTTP stack on the calling thread, for a transport
    /// that [`is_ready`](Self::is_ready). Backoff sleeps the thread. Not bounded by
    /// `max_in_flight`: each calling thread has one exchange under way at most.
    pub(crate) fn send_blocking(
        &self,
        client: &dyn BlockingHttpClient,
        request: ApiRequest,
    ) -> Result<ApiResponse, TransportError> {
        let (generation, order, awaiting) = self.shared.table().order();
        let route = if awaiting {
            // The probe task runs elsewhere (the worker): wait for its news on this thread,
            // by the wall clock.
            let waited = crate::blocking::wait_until(
                self.shared.until_not_awaiting(),
                self.shared.settings.probe_timeout,
            );
            self.shared.route_after_wait(waited.is_none())
        } else {
            Route {
                generation,
                order,
                fallback: false,
            }
        };
        let mut call = Call::new(&self.shared, request, route)?;
        loop {
            if let Some(delay) = call.begin_attempt() {
                std::thread::sleep(delay);
            }
            let exchanged = client.send(call.attempt_request()?);
            if let Some(result) = call.finish_attempt(exchanged) {
                return result;
            }
        }
    }

    /// Waits (at most the probe timeout) until the host list has a good probe answer or its
    /// first round ended; the route of a call after that wait.
    async fn first_answer(&self) -> Route {
        let shared = &*self.shared;
        let deadline = Instant::now() + shared.settings.probe_timeout;
        let timed_out = tokio::time::timeout_at(deadline, shared.until_not_awaiting())
            .await
            .is_err();
        shared.route_after_wait(timed_out)
    }

    /// Runs a ranking pass now (through the probe task) and returns the ranking after it.
    /// Also obtains the host list first if that has not happened yet. Without probing, or with
    /// a single host, it only returns the ranking.
    pub async fn refresh(&self) -> Result<HostRanking, TransportError> {
        self.ensure_ready().await?;
        let shared = &*self.shared;
        if !shared.settings.probing {
            return Ok(self.ranking());
        }
        let mut progress = shared.progress.clone();
        let target = progress.borrow_and_update().started + 1;
        shared.wake.notify_one();
        while progress.borrow_and_update().completed < target {
            if progress.changed().await.is_err() {
                return Err(TransportError::new(
                    ErrorKind::Closed,
                    "the probe task has stopped (its runtime was shut down)",
                ));
            }
        }
        Ok(self.ranking())
    }

    /// A snapshot of the host ranking.
    pub fn ranking(&self) -> HostRanking {
        self.shared.table().snapshot()
    }

    /// Replaces the host list (e.g. with the `osList` of a `domain_error` answer). A ranking
    /// round of the new list starts at once (a round of the old list under way is abandoned).
    /// Until its first good answer, the hosts of the old ranking that are still listed keep
    /// their rank; when none is, calls wait for that answer (see [`Transport`]).
    pub fn replace_hosts<I, S>(&self, hosts: I) -> Result<(), TransportError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let urls = parse_hosts(hosts)?;
        if urls.is_empty() {
            return Err(TransportError::config("the new host list is empty"));
        }
        self.shared.table().replace(urls);
        self.shared.changed();
        if self.shared.settings.probing {
            self.shared.wake.notify_one();
        }
        Ok(())
    }

    /// Obtains the host list if needed and starts the probe task (once).
    pub(crate) async fn ensure_ready(&self) -> Result<(), TransportError> {
        let shared = &self.shared;
        shared
            .init
            .get_or_try_init(|| async {
                if shared.table().len() == 0 {
                    let fetcher = shared.settings.fetcher.as_deref().ok_or_else(|| {
                        TransportError::config("no hosts and no host list fetcher")
                    })?;
                    let urls = fetch_host_list(
                        &*shared.client,
                        fetcher,
                        &shared.settings.bootstrap,
                        shared.settings.max_decompressed_size,
                    )
                    .await?;
                    let mut table = shared.table();
                    if table.len() == 0 {
                        table.replace(urls);
                    }
                    drop(table);
                    shared.changed();
                }
                if shared.settings.probing {
                    self.spawn_probe_loop();
                }
                Ok::<(), TransportError>(())
            })
            .await
            .map(|_| ())
    }

    fn spawn_probe_loop(&self) {
        let parts = self
            .shared
            .loop_parts
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        if let Some((closed, progress)) = parts {
            tokio::spawn(probe_loop(
                Arc::downgrade(&self.shared),
                Arc::clone(&self.shared.settings),
                Arc::clone(&self.shared.wake),
                closed,
                progress,
            ));
        }
    }
}

/// One call's walk over the hosts, shared by the async and the blocking send paths: which
/// host each attempt goes to, when to back off, and whether a failure may be retried. The
/// body is compressed once; every attempt sends the identical bytes.
struct Call<'a> {
    shared: &'a Shared,
    method: Method,
    /// With [`ApiRequest::path`]: what follows each host's URL (the full URL is built for
    /// the host of each attempt).
    path: Option<String>,
    /// The URL of the first attempt (with a path), built when the call was.
    first_url: Option<Uri>,
    /// The caller's headers, given to the first attempt as they are (no copy).
    headers: Option<HeaderMap>,
    /// The same headers as pairs, for later attempts: a flat copy (one allocation, no
    /// hashing), taken only when the retry policy allows a second attempt.
    retry_headers: Vec<(HeaderName, HeaderValue)>,
    body: Bytes,
    idempotent: bool,
    generation: u64,
    /// The hosts in send order: attempt `n` (from 1) goes to `order[(n - 1) % len]`.
    order: Arc<[Candidate]>,
    /// The order is the list order because no probe answered well in time.
    fallback: bool,
    attempt: u32,
}

/// The hosts a call walks: the send order of host list `generation`, and whether that order
/// is the list-order fallback of a call that waited in vain for a probe answer.
struct Route {
    generation: u64,
    order: Arc<[Candidate]>,
    fallback: bool,
}

impl<'a> Call<'a> {
    fn new(shared: &'a Shared, request: ApiRequest, route: Route) -> Result<Self, TransportError> {
        let ApiRequest {
            method,
            path,
            mut headers,
            body,
            gzip: compress,
            idempotent,
        } = request;
        let body = if compress {
            headers.insert(CONTENT_ENCODING, const { HeaderValue::from_static("gzip") });
            headers
                .entry(ACCEPT_ENCODING)
                .or_insert(const { HeaderValue::from_static("gzip") });
            gzip::compress(&body)
        } else {
            body
        };
        let Route {
            generation,
            order,
            fallback,
        } = route;
        if order.is_empty() {
            return Err(TransportError::config("the host list is empty"));
        }
        // The first attempt's URL; a path that fits one host's URL fits them all (a later
        // attempt builds the URL of its host).
        let first_url = match &path {
            Some(path) => Some(order[0].url_with(path)?),
            None => None,
        };
        let retry_headers = if shared.settings.retry.max_attempts() > 1 {
            headers
                .iter()
                .map(|(name, value)| (name.clone(), value.clone()))
                .collect()
        } else {
            Vec::new()
        };
        Ok(Call {
            shared,
            method,
            path,
            first_url,
            headers: Some(headers),
            retry_headers,
            body,
            idempotent,
            generation,
            order,
            fallback,
            attempt: 0,
        })
    }

    fn candidate(&self) -> &Candidate {
        &self.order[(self.attempt as usize - 1) % self.order.len()]
    }

    /// Starts the next attempt; returns the backoff to wait first (when the walk comes back
    /// to a host it already tried).
    fn begin_attempt(&mut self) -> Option<Duration> {
        self.attempt += 1;
        // The order holds each host once: an attempt past the first round revisits a host.
        let revisits = (self.attempt as usize).saturating_sub(self.order.len());
        (revisits > 0).then(|| {
            let revisits = u32::try_from(revisits).unwrap_or(u32::MAX);
            self.shared.settings.retry.backoff(revisits, random_u64())
        })
    }

    /// The request of the attempt begun last, for its host.
    fn attempt_request(&mut self) -> Result<HttpRequest, TransportError> {
        let first_url = self.first_url.take();
        let candidate = self.candidate();
        let url = match (&self.path, first_url) {
            (None, _) => candidate.url.clone(),
            (Some(_), Some(first)) => first,
            (Some(path), None) => candidate.url_with(path)?,
        };
        Ok(HttpRequest {
            method: self.method.clone(),
            url,
            headers: match self.headers.take() {
                Some(headers) => headers,
                None => attempt_headers(&self.retry_headers),
            },
            body: self.body.clone(),
        })
    }

    /// The hosts of the attempts so far, in order (for errors).
    fn tried(&self) -> Vec<String> {
        (0..self.attempt as usize)
            .map(|i| self.order[i % self.order.len()].label.to_string())
            .collect()
    }

    /// Records the attempt's outcome: `Some` ends the call with this result, `None` asks for
    /// another attempt.
    fn finish_attempt(
        &mut self,
        exchanged: Result<HttpResponse, TransportError>,
    ) -> Option<Result<ApiResponse, TransportError>> {
        let shared = self.shared;
        let attempt = self.attempt;
        let candidate = self.candidate();
        match exchanged {
            Ok(response) => {
                shared.record_status(response.status);
                event!(
                    host = %candidate.label,
                    attempt,
                    status = response.status.as_u16(),
                    "getui-transport: response"
                );
                Some(
                    match decode(response, shared.settings.max_decompressed_size) {
                        Ok(response) => Ok(ApiResponse {
                            status: response.status,
                            headers: response.headers,
                            body: response.body,
                            host: Arc::clone(&candidate.label),
                            attempts: attempt,
                            unranked_fallback: self.fallback,
                        }),
                        Err(err) => Err(err.with_hosts(self.tried())),
                    },
                )
            }
            Err(err) => {
                // Name hosts by their labels only: the URL the HTTP stack reports may carry
                // the request's path, and a REST v2 path can hold a token (`/auth/{token}`).
                let err = err.with_hosts(self.tried());
                // Skip the host in later calls until the next pass (without probing the
                // list order stays as configured).
                if err.is_connect() && shared.settings.probing {
                    shared.table().mark_down(self.generation, candidate.index);
                }
                let retry = attempt < shared.settings.retry.max_attempts()
                    && err.is_transient()
                    && (!err.may_have_been_sent() || self.idempotent);
                event!(
                    host = %candidate.label,
                    attempt,
                    retry,
                    error = %err,
                    "getui-transport: attempt failed"
                );
                if retry {
                    None
                } else {
                    shared.record_error(&err);
                    Some(Err(err))
                }
            }
        }
    }
}

/// `base` (a host URL, possibly with a path prefix) followed by `path_and_query`. The
/// scheme and authority of `base` are reused as they are (parsed once, when the host was
/// added); only the path is parsed here.
pub(crate) fn join_url(base: &Uri, path_and_query: &str) -> Result<Uri, TransportError> {
    let invalid = |e: &dyn std::fmt::Display| {
        TransportError::config(format!("invalid request path {path_and_query:?}: {e}"))
    };
    let prefix = base.path().trim_end_matches('/');
    let path = if prefix.is_empty() {
        http::uri::PathAndQuery::try_from(path_and_query)
    } else {
        http::uri::PathAndQuery::try_from(format!("{prefix}{path_and_query}"))
    }
    .map_err(|e| invalid(&e))?;
    if !path.as_str().starts_with('/') {
        return Err(invalid(&"the path must start with `/`"));
    }
    let mut parts = http::uri::Parts::default();
    parts.scheme = base.scheme().cloned();
    parts.authority = base.authority().cloned();
    parts.path_and_query = Some(path);
    Uri::from_parts(parts).map_err(|e| invalid(&e))
}

impl Shared {
    fn table(&self) -> MutexGuard<'_, HostTable> {
        // The table stays consistent at every await-free step; a poisoned lock only means
        // another thread panicked elsewhere.
        self.table.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Tells waiting calls and the probe loop that the table changed.
    fn changed(&self) {
        self.changes.send_modify(|n| *n = n.wrapping_add(1));
    }

    /// Completes once calls need not wait for a first probe answer any more (runtime-free:
    /// the blocking send path polls it on the caller's thread).
    async fn until_not_awaiting(&self) {
        let mut changes = self.changes.subscribe();
        while self.table().order().2 {
            if changes.changed().await.is_err() {
                return;
            }
        }
    }

    /// The route of a call that waited for a first probe answer (`timed_out`: for the whole
    /// probe timeout). Without a good answer it is the list order, which is reported.
    fn route_after_wait(&self, timed_out: bool) -> Route {
        let (generation, order, fallback) = {
            let table = self.table();
            let (generation, order, _) = table.order();
            (generation, order, !table.has_up())
        };
        if fallback {
            #[cfg(feature = "tracing")]
            ::tracing::warn!(
                hosts = ?order.iter().map(|c| &*c.label).collect::<Vec<_>>(),
                probe_timeout_ms = self.settings.probe_timeout.as_millis() as u64,
                timed_out,
                "getui-transport: no probe answered well within the probe timeout; \
                 trying the hosts in list order"
            );
        }
        #[cfg(not(feature = "tracing"))]
        let _ = timed_out;
        Route {
            generation,
            order,
            fallback,
        }
    }

    fn record_status(&self, status: StatusCode) {
        if status == StatusCode::NOT_FOUND || status.is_server_error() {
            self.record_failure();
        } else {
            self.table().record_success();
        }
    }

    fn record_error(&self, err: &TransportError) {
        if !matches!(
            err.kind(),
            ErrorKind::InvalidRequest | ErrorKind::Config | ErrorKind::Closed
        ) {
            self.record_failure();
        }
    }

    fn record_failure(&self) {
        let s = &self.settings;
        let trigger = {
            let mut table = self.table();
            let can_react = s.probing && (table.len() > 1 || s.fetcher.is_some());
            if can_react {
                let t =
                    table.record_failure(Instant::now(), s.failure_threshold, s.trigger_interval);
                if t {
                    table.refetch_requested = true;
                }
                t
            } else {
                table.record_failure(Instant::now(), 0, s.trigger_interval);
                false
            }
        };
        if trigger {
            event!("getui-transport: consecutive failures, early re-probe");
            self.wake.notify_one();
        }
    }
}

/// Decompresses gzip bodies and enforces the decoded-size cap.
fn decode(mut response: HttpResponse, cap: usize) -> Result<HttpResponse, TransportError> {
    if gzip::is_gzip(&response.headers, &response.body) {
        response.body = gzip::decompress(&response.body, cap)?;
        response.headers.remove(CONTENT_ENCODING);
        response.headers.remove(CONTENT_LENGTH);
    } else if response.body.len() > cap {
        return Err(TransportError::new(
            ErrorKind::ResponseTooLarge,
            format!("response body exceeds {cap} bytes"),
        ));
    }
    Ok(response)
}

/// Asks each bootstrap URL in order until one yields a non-empty host list.
async fn fetch_host_list(
    client: &dyn AsyncHttpClient,
    fetcher: &dyn HostListFetcher,
    bootstrap: &[Uri],
    cap: usize,
) -> Result<Vec<Uri>, TransportError> {
    let mut tried = Vec::new();
    let mut last: Option<BoxError> = None;
    for url in bootstrap {
        tried.push(display_url(url));
        let outcome: Result<Vec<Uri>, BoxError> = async {
            let response = client.send(fetcher.request(url)).await?;
            if !response.status.is_success() {
                return Err(format!("HTTP status {}", response.status).into());
            }
            let hosts = fetcher.parse(decode(response, cap)?)?;
            let hosts = parse_hosts(hosts)?;
            if hosts.is_empty() {
                return Err("empty host list".into());
            }
            Ok(hosts)
        }
        .await;
        match outcome {
            Ok(hosts) => return Ok(hosts),
            Err(e) => last = Some(e),
        }
    }
    let err = TransportError::new(ErrorKind::HostList, "no bootstrap URL returned a host list")
        .with_hosts(tried);
    Err(match last {
        Some(source) => err.with_source(source),
        None => err,
    })
}

/// The probe task. Holds only a `Weak` to the transport; ends when the transport is dropped
/// (the `closed` channel fires) or its state is gone.
async fn probe_loop(
    weak: Weak<Shared>,
    settings: Arc<Settings>,
    wake: Arc<Notify>,
    mut closed: oneshot::Receiver<()>,
    progress: watch::Sender<Progress>,
) {
    let mut next_pass: Option<Instant> = None;
    loop {
        if let Some(at) = next_pass {
            let woke = select(
                &mut closed,
                select(tokio::time::sleep_until(at), wake.notified()),
            )
            .await;
            if let Either::Left(_) = woke {
                return;
            }
        }
        // Requests for a pass made before this point are served by this pass.
        consume_wake(&wake).await;
        let started = Instant::now();
        progress.send_modify(|p| p.started += 1);
        match select(&mut closed, run_pass(&weak, &settings, &wake, started)).await {
            Either::Left(_) | Either::Right(None) => return,
            Either::Right(Some(())) => {}
        }
        progress.send_modify(|p| p.completed += 1);
        next_pass = Some(started + settings.probe_interval);
    }
}

/// One ranking pass; `None` when the transport is gone.
async fn run_pass(
    weak: &Weak<Shared>,
    settings: &Settings,
    wake: &Notify,
    started: Instant,
) -> Option<()> {
    let (client, refetch_requested, mut changes) = {
        let shared = weak.upgrade()?;
        let refetch = std::mem::take(&mut shared.table().refetch_requested);
        (
            Arc::clone(&shared.client),
            refetch,
            shared.changes.subscribe(),
        )
    };
    // Probe the current list; when it is replaced meanwhile, abandon the round and probe the
    // new list instead (within this pass, which also serves the replacement's wake-up).
    let (generation, ranked, up) = loop {
        let (generation, targets) = weak.upgrade()?.table().probe_targets();
        changes.borrow_and_update();
        if targets.len() <= 1 {
            let shared = weak.upgrade()?;
            let up = shared.table().apply(generation, None);
            shared.changed();
            break (generation, false, up);
        }
        match probe_round(weak, &client, settings, generation, targets, &mut changes).await? {
            Some(up) => break (generation, true, Some(up)),
            None => consume_wake(wake).await,
        }
    };
    weak.upgrade()?.table().note_pass(started);
    event!(?up, "getui-transport: ranking pass done");

    // Nothing reachable (or a lone host keeps failing): ask for the host list again.
    let refetch = up == Some(0) && (ranked || refetch_requested);
    if let (true, Some(fetcher)) = (refetch, settings.fetcher.as_deref()) {
        if settings.bootstrap.is_empty() {
            return Some(());
        }
        let fetched = fetch_host_list(
            &*client,
            fetcher,
            &settings.bootstrap,
            settings.max_decompressed_size,
        )
        .await;
        if let Ok(urls) = fetched {
            let (generation, targets) = {
                let shared = weak.upgrade()?;
                let mut table = shared.table();
                if table.generation() != generation || table.same_urls(&urls) {
                    return Some(());
                }
                table.replace(urls);
                let targets = table.probe_targets();
                drop(table);
                shared.changed();
                targets
            };
            changes.borrow_and_update();
            if targets.len() > 1 {
                probe_round(weak, &client, settings, generation, targets, &mut changes).await?;
            } else {
                let shared = weak.upgrade()?;
                shared.table().apply(generation, None);
                shared.changed();
            }
        }
    }
    Some(())
}

/// Consumes a wake-up stored for the probe loop (the pass under way serves it).
async fn consume_wake(wake: &Notify) {
    let mut pending = pin!(wake.notified());
    poll_fn(|cx| {
        let _ = pending.as_mut().poll(cx);
        Poll::Ready(())
    })
    .await;
}

/// Probes every host of list `generation` once: the first round's good answers go into the
/// table as they arrive (the calls waiting for one go at once), the round's outcome when it
/// is complete. `Some(None)`: the list was replaced meanwhile (round abandoned); `None`: the
/// transport is gone.
async fn probe_round(
    weak: &Weak<Shared>,
    client: &Arc<dyn AsyncHttpClient>,
    settings: &Settings,
    generation: u64,
    targets: Vec<crate::hosts::ProbeTarget>,
    changes: &mut watch::Receiver<u64>,
) -> Option<Option<usize>> {
    let probes = probe_all(
        Arc::clone(client),
        targets,
        settings.probe_method,
        settings.probe_timeout,
        |index, latency| {
            if let Some(shared) = weak.upgrade() {
                let changed = shared.table().record_up(generation, index, latency);
                if changed {
                    event!(index, ?latency, "getui-transport: good probe answer");
                    shared.changed();
                }
            }
        },
    );
    let replaced = async {
        loop {
            if changes.changed().await.is_err() {
                return;
            }
            match weak.upgrade() {
                Some(shared) if shared.table().generation() == generation => {}
                _ => return,
            }
        }
    };
    let outcomes = match select(probes, replaced).await {
        Either::Left(outcomes) => outcomes,
        Either::Right(()) => {
            weak.upgrade()?;
            event!("getui-transport: host list replaced, probing the new one");
            return Some(None);
        }
    };
    let shared = weak.upgrade()?;
    let up = shared.table().apply(generation, Some(outcomes));
    shared.changed();
    Some(up)
}

/// The headers of a later attempt: the call's (see [`Call::retry_headers`]), with room for
/// the two that the HTTP stack adds (`User-Agent` and `Host`) so that the map is allocated
/// once, not grown while the request is assembled.
fn attempt_headers(headers: &[(HeaderName, HeaderValue)]) -> HeaderMap {
    let mut copy = HeaderMap::with_capacity(headers.len() + 2);
    for (name, value) in headers {
        copy.append(name.clone(), value.clone());
    }
    copy
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send<T: Send>(_: &T) {}
    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn handles_and_futures_can_cross_threads() {
        assert_send_sync::<Transport>();
        assert_send_sync::<crate::blocking::Transport>();
        #[cfg(feature = "hyper")]
        {
            assert_send_sync::<crate::HyperClient>();
            assert_send_sync::<crate::blocking::HyperClient>();
        }
        assert_send_sync::<crate::SocketClient>();
        assert_send_sync::<TransportError>();
        let t = Transport::builder()
            .hosts(["http://a.invalid/"])
            .blocking_http_client(Arc::new(crate::SocketClient::new().unwrap()))
            .build()
            .unwrap();
        assert_send(&t.send(ApiRequest::post("x")));
        assert_send(&t.refresh());
    }

    /// Every call under way holds one `send` future, also one waiting for a free exchange
    /// slot (10,000 pushes started at once hold 10,000): it holds the request once, and the
    /// rare steps (host list fetch, wait for a first probe answer, backoff, waiting for a
    /// slot) only as boxes. 592 bytes with rustc 1.95 (1,344 before these were boxed); the
    /// bound leaves room for other compilers, not for a second copy of the request.
    #[test]
    fn a_call_future_holds_the_request_once() {
        let t = Transport::builder()
            .hosts(["http://a.invalid/"])
            .blocking_http_client(Arc::new(crate::SocketClient::new().unwrap()))
            .build()
            .unwrap();
        let future = t.send(ApiRequest::post("x"));
        let size = std::mem::size_of_val(&future);
        assert!(
            size < 2 * std::mem::size_of::<ApiRequest>() + 320,
            "Transport::send future: {size} bytes"
        );
    }

    #[cfg(not(feature = "hyper"))]
    #[test]
    fn without_hyper_the_async_transport_needs_a_stack_of_its_own() {
        let err = Transport::builder()
            .hosts(["http://a.invalid/"])
            .build()
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Config);
        assert!(err.to_string().contains("`hyper` feature"), "{err}");
    }

    #[test]
    fn decode_caps_plain_bodies_too() {
        let r = HttpResponse::new(StatusCode::OK, vec![b'x'; 11]);
        assert_eq!(decode(r.clone(), 11).unwrap().body.len(), 11);
        assert_eq!(
            decode(r, 10).unwrap_err().kind(),
            ErrorKind::ResponseTooLarge
        );
    }

    #[test]
    fn default_blocking_deadline_covers_every_attempt() {
        let b = TransportBuilder::new()
            .http(
                HttpClientBuilder::new()
                    .connect_timeout(Duration::from_secs(1))
                    .request_timeout(Duration::from_secs(2)),
            )
            .retry_policy(
                RetryPolicy::new(3)
                    .with_backoff(Duration::from_millis(100), Duration::from_millis(100)),
            );
        // 3 attempts * 3 s + 2 backoffs + 5 s slack.
        assert_eq!(
            b.default_blocking_call_timeout(),
            Duration::from_millis(14_200)
        );
    }

    #[test]
    fn a_path_is_appended_to_the_host_and_its_prefix() {
        let join = |base: &str, path: &str| {
            join_url(&Uri::try_from(base).unwrap(), path)
                .unwrap()
                .to_string()
        };
        assert_eq!(
            join("http://127.0.0.1:8080", "/v2/app/push/single/cid"),
            "http://127.0.0.1:8080/v2/app/push/single/cid"
        );
        assert_eq!(
            join("https://gw.example/getui/", "/v2/app/task/RASL%2F1?x=1"),
            "https://gw.example/getui/v2/app/task/RASL%2F1?x=1"
        );
        assert!(join_url(&Uri::try_from("http://h").unwrap(), "/a b").is_err());
    }
}
