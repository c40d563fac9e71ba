//! The server handle, its builder, the listeners and the blocking wrapper.

use std::net::SocketAddr;
use std::ops::Deref;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;
use tokio::task::{JoinHandle, JoinSet};

use crate::fault::{Fault, FaultBuilder};
use crate::record::RecordedRequest;
use crate::service::{serve, Shared, API_PATH, SERVICEEX_PATH};
use crate::state::{
    now_ms, AcceptedPush, ClientSnapshot, MockApp, RequestIdStats, State, UnknownClientPolicy,
};
use crate::v2::state::{DEFAULT_TIMESTAMP_SKEW, DEFAULT_TOKEN_LIFETIME};
use crate::v2::{V2LedgerStats, V2Push, V2Task};
use getui_model::v2::push::PushRequest;

/// Why a [`MockServer`] could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MockError {
    /// Binding a listener on 127.0.0.1 failed (e.g. the requested port is taken).
    #[error("cannot listen on 127.0.0.1:{port}: {source}")]
    Bind {
        /// The requested port (0 = any).
        port: u16,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// Starting the runtime of a [`BlockingMockServer`] failed.
    #[error("cannot start a tokio runtime: {0}")]
    Runtime(#[source] std::io::Error),
}

/// A running mock Getui server: one or more hosts (listeners on 127.0.0.1) sharing one
/// in-memory state. Dropping the handle stops every listener and connection.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use getui_mock::MockServer;
/// let server = MockServer::start().await;
/// assert!(server.url().starts_with("http://127.0.0.1:"));
/// assert_eq!(server.serviceex_url(), format!("{}/serviceex", server.url()));
/// assert_eq!(server.api_url(), format!("{}/apiex.htm", server.url()));
/// assert!(server.requests().is_empty());
/// # }
/// ```
///
/// The listeners run on the tokio runtime that called [`start`](MockServer::start). Tests that
/// use a current-thread runtime work because requests are served while the test awaits its
/// client; for blocking tests use [`BlockingMockServer`].
#[derive(Debug)]
pub struct MockServer {
    shared: Arc<Shared>,
    addrs: Vec<SocketAddr>,
    listeners: Vec<JoinHandle<()>>,
}

/// Options for a [`MockServer`] (from [`MockServer::builder`]).
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use std::time::Duration;
/// use getui_mock::{MockApp, MockServer, UnknownClientPolicy};
/// let server = MockServer::builder()
///     .app(MockApp::new("key", "app", "secret"))
///     .hosts(3)
///     .host_latency(0, Duration::from_millis(50))
///     .client("app", "cid-1", true)
///     .unknown_clients(UnknownClientPolicy::Reject)
///     .start()
///     .await;
/// assert_eq!(server.host_count(), 3);
/// assert_eq!(server.os_list(), server.api_urls());
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct MockServerBuilder {
    apps: Vec<MockApp>,
    hosts: usize,
    port: u16,
    latencies: Vec<(usize, Duration)>,
    clients: Vec<(String, String, bool)>,
    os_list: Option<Vec<String>>,
    policy: UnknownClientPolicy,
    record: bool,
    max_body: usize,
    strict_protobuf: bool,
    v2_token_lifetime: Duration,
    v2_timestamp_skew: Option<Duration>,
}

impl Default for MockServerBuilder {
    fn default() -> Self {
        MockServerBuilder {
            apps: Vec::new(),
            hosts: 1,
            port: 0,
            latencies: Vec::new(),
            clients: Vec::new(),
            os_list: None,
            policy: UnknownClientPolicy::default(),
            record: true,
            max_body: 64 << 20,
            strict_protobuf: true,
            v2_token_lifetime: DEFAULT_TOKEN_LIFETIME,
            v2_timestamp_skew: Some(DEFAULT_TIMESTAMP_SKEW),
        }
    }
}

impl MockServerBuilder {
    /// Adds an app. Without any, the server knows [`MockApp::default()`].
    #[must_use]
    pub fn app(mut self, app: MockApp) -> Self {
        self.apps.push(app);
        self
    }

    /// The number of hosts (listeners sharing the state); at least 1, default 1.
    #[must_use]
    pub fn hosts(mut self, n: usize) -> Self {
        self.hosts = n.max(1);
        self
    }

    /// The port of host 0 (default 0: any free port). The other hosts always take free ports.
    #[must_use]
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Latency added to every request on host `index` (also settable later with
    /// [`MockServer::set_host_latency`]).
    #[must_use]
    pub fn host_latency(mut self, index: usize, latency: Duration) -> Self {
        self.latencies.push((index, latency));
        self
    }

    /// Registers a client of `app_id` as online or offline (see [`MockServer::add_client`]).
    #[must_use]
    pub fn client(
        mut self,
        app_id: impl Into<String>,
        client_id: impl Into<String>,
        online: bool,
    ) -> Self {
        self.clients.push((app_id.into(), client_id.into(), online));
        self
    }

    /// The `osList` answered to `getOSPushDomailUrlListAction` (default: every host's
    /// [`api_url`](MockServer::api_url), host 0 first).
    #[must_use]
    pub fn os_list(mut self, hosts: Vec<String>) -> Self {
        self.os_list = Some(hosts);
        self
    }

    /// How client ids never registered are treated (default [`UnknownClientPolicy::Online`]).
    #[must_use]
    pub fn unknown_clients(mut self, policy: UnknownClientPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// Whether requests are recorded (default true). Turn off for long load runs; the push
    /// ledger is kept either way.
    #[must_use]
    pub fn record_requests(mut self, record: bool) -> Self {
        self.record = record;
        self
    }

    /// The largest request body accepted, before and after gzip decoding (default 64 MiB);
    /// larger bodies get HTTP 413 (or 400 when they only grow past it while inflating).
    #[must_use]
    pub fn max_body(mut self, bytes: usize) -> Self {
        self.max_body = bytes;
        self
    }

    /// Whether a request whose protobuf member (`clientData`, `PI`, `singleDatas`) is not
    /// valid base64 of a valid message is refused with `{"result": "Error", …}` (default true).
    /// Turn off to accept placeholder bytes; decoding errors are recorded either way.
    #[must_use]
    pub fn strict_protobuf(mut self, strict: bool) -> Self {
        self.strict_protobuf = strict;
        self
    }

    /// The lifetime of the REST v2 tokens issued by `POST /v2/{appId}/auth` (default one day,
    /// as the service). `expire_time` is answered accordingly; a token used after it gets
    /// 10001. Also settable later with [`MockServer::set_v2_token_lifetime`].
    #[must_use]
    pub fn v2_token_lifetime(mut self, lifetime: Duration) -> Self {
        self.v2_token_lifetime = lifetime;
        self
    }

    /// How far the `timestamp` of a v2 auth request may be from the mock's clock (default
    /// 10 minutes; `None`: any 13-digit timestamp, e.g. for clients on a fake clock).
    #[must_use]
    pub fn v2_timestamp_skew(mut self, skew: Option<Duration>) -> Self {
        self.v2_timestamp_skew = skew;
        self
    }

    /// Starts the server on the current tokio runtime.
    ///
    /// # Panics
    ///
    /// If a listener cannot be bound (see [`try_start`](Self::try_start)) or when called outside
    /// a tokio runtime.
    pub async fn start(self) -> MockServer {
        match self.try_start().await {
            Ok(server) => server,
            Err(e) => panic!("getui-mock: {e}"),
        }
    }

    /// Starts the server on the current tokio runtime, reporting bind failures.
    ///
    /// # Panics
    ///
    /// When called outside a tokio runtime.
    pub async fn try_start(self) -> Result<MockServer, MockError> {
        let mut listeners = Vec::with_capacity(self.hosts);
        for i in 0..self.hosts {
            let port = if i == 0 { self.port } else { 0 };
            let listener = TcpListener::bind(("127.0.0.1", port))
                .await
                .map_err(|source| MockError::Bind { port, source })?;
            listeners.push(listener);
        }
        let addrs: Vec<SocketAddr> = listeners
            .iter()
            .map(|l| l.local_addr().expect("a bound listener has an address"))
            .collect();

        let apps = if self.apps.is_empty() {
            vec![MockApp::default()]
        } else {
            self.apps
        };
        let seed = now_ms() ^ (u64::from(addrs[0].port()) << 48);
        let mut state = State::new(apps, self.policy, seed);
        state.os_list = self.os_list.unwrap_or_else(|| {
            addrs
                .iter()
                .map(|a| format!("http://{a}{API_PATH}"))
                .collect()
        });
        for (app_id, cid, online) in self.clients {
            register(&mut state, &app_id, &cid, online);
        }
        state.v2.token_lifetime = self.v2_token_lifetime;
        state.v2.timestamp_skew = self.v2_timestamp_skew;
        let shared = Arc::new(Shared::new(
            state,
            self.hosts,
            self.record,
            self.max_body,
            self.strict_protobuf,
        ));
        for (i, latency) in self.latencies {
            if let Some(slot) = shared.latencies.get(i) {
                slot.store(duration_nanos(latency), Ordering::Relaxed);
            }
        }
        let tasks = listeners
            .into_iter()
            .enumerate()
            .map(|(host, l)| tokio::spawn(accept_loop(l, Arc::clone(&shared), host)))
            .collect();
        Ok(MockServer {
            shared,
            addrs,
            listeners: tasks,
        })
    }

    /// Starts the server on a runtime of its own, for tests without async (see
    /// [`BlockingMockServer`]).
    ///
    /// # Panics
    ///
    /// If the runtime cannot be created or a listener cannot be bound.
    pub fn start_blocking(self) -> BlockingMockServer {
        match BlockingMockServer::try_start(self) {
            Ok(s) => s,
            Err(e) => panic!("getui-mock: {e}"),
        }
    }
}

fn register(state: &mut State, app_id: &str, cid: &str, online: bool) {
    let c = state.client_mut(app_id, cid);
    c.registered = true;
    c.online = online;
    c.last_login_ms = now_ms();
}

fn duration_nanos(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

async fn accept_loop(listener: TcpListener, shared: Arc<Shared>, host: usize) {
    // Connection tasks live in this set: aborting the accept loop drops the set, which aborts
    // every connection (including hanging ones).
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    connections.spawn(serve_connection(stream, Arc::clone(&shared), host));
                }
                // e.g. out of file descriptors: back off instead of spinning
                Err(_) => tokio::time::sleep(Duration::from_millis(5)).await,
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

async fn serve_connection(stream: TcpStream, shared: Arc<Shared>, host: usize) {
    let _ = stream.set_nodelay(true);
    let kill = Arc::new(Notify::new());
    let svc = {
        let kill = Arc::clone(&kill);
        service_fn(move |req| serve(Arc::clone(&shared), host, Arc::clone(&kill), req))
    };
    let conn = http1::Builder::new().serve_connection(TokioIo::new(stream), svc);
    tokio::select! {
        _ = conn => {}
        _ = kill.notified() => {}
    }
}

impl MockServer {
    /// Starts a server with one host and the default app ([`MockApp::default()`]).
    ///
    /// # Panics
    ///
    /// If 127.0.0.1 cannot be bound, or when called outside a tokio runtime.
    pub async fn start() -> MockServer {
        MockServerBuilder::default().start().await
    }

    /// A builder for a server with options.
    #[must_use]
    pub fn builder() -> MockServerBuilder {
        MockServerBuilder::default()
    }

    /// `http://127.0.0.1:PORT` of host 0.
    pub fn url(&self) -> String {
        self.host_url(0)
    }

    /// `http://127.0.0.1:PORT/serviceex` of host 0: the bootstrap URL clients ask for the
    /// host list.
    pub fn serviceex_url(&self) -> String {
        format!("{}{SERVICEEX_PATH}", self.url())
    }

    /// `http://127.0.0.1:PORT/apiex.htm` of host 0: the API URL.
    pub fn api_url(&self) -> String {
        self.host_api_url(0)
    }

    /// The number of hosts.
    pub fn host_count(&self) -> usize {
        self.addrs.len()
    }

    /// The socket address of host `index`.
    ///
    /// # Panics
    ///
    /// If `index >= host_count()`.
    pub fn host_addr(&self, index: usize) -> SocketAddr {
        self.addrs[index]
    }

    /// `http://127.0.0.1:PORT` of host `index`.
    ///
    /// # Panics
    ///
    /// If `index >= host_count()`.
    pub fn host_url(&self, index: usize) -> String {
        format!("http://{}", self.addrs[index])
    }

    /// `http://127.0.0.1:PORT/apiex.htm` of host `index`.
    ///
    /// # Panics
    ///
    /// If `index >= host_count()`.
    pub fn host_api_url(&self, index: usize) -> String {
        format!("{}{API_PATH}", self.host_url(index))
    }

    /// The API URLs of all hosts, in host order.
    pub fn api_urls(&self) -> Vec<String> {
        (0..self.host_count())
            .map(|i| self.host_api_url(i))
            .collect()
    }

    /// The `osList` currently answered to `getOSPushDomailUrlListAction`.
    pub fn os_list(&self) -> Vec<String> {
        self.shared.state().os_list.clone()
    }

    /// Replaces the `osList` answered to `getOSPushDomailUrlListAction`.
    pub fn set_os_list(&self, hosts: Vec<String>) {
        self.shared.state().os_list = hosts;
    }

    /// Sets the latency added to every request on host `index` (HEAD probes included), so
    /// host ranking can be tested.
    ///
    /// # Panics
    ///
    /// If `index >= host_count()`.
    pub fn set_host_latency(&self, index: usize, latency: Duration) {
        self.shared.latencies[index].store(duration_nanos(latency), Ordering::Relaxed);
    }

    /// Adds an app at run time.
    pub fn add_app(&self, app: MockApp) {
        self.shared.state().apps.insert(app.app_key.clone(), app);
    }

    /// Registers client `client_id` of `app_id` as online or offline (re-registering changes
    /// its state and keeps its tags, alias, …).
    pub fn add_client(&self, app_id: &str, client_id: &str, online: bool) {
        register(&mut self.shared.state(), app_id, client_id, online);
    }

    /// Sets a client online or offline (same as [`add_client`](Self::add_client)).
    pub fn set_online(&self, app_id: &str, client_id: &str, online: bool) {
        self.add_client(app_id, client_id, online);
    }

    /// What the mock knows about a client (`None` if no call ever mentioned it).
    pub fn client(&self, app_id: &str, client_id: &str) -> Option<ClientSnapshot> {
        self.shared
            .state()
            .client(app_id, client_id)
            .map(|c| c.snapshot())
    }

    /// The client ids bound to `alias` in `app_id`.
    pub fn alias_clients(&self, app_id: &str, alias: &str) -> Vec<String> {
        self.shared
            .state()
            .data
            .get(app_id)
            .and_then(|d| d.aliases.get(alias))
            .cloned()
            .unwrap_or_default()
    }

    /// Invalidates every issued auth token: the next request of each client gets `sign_error`
    /// and has to `connect` again.
    pub fn expire_tokens(&self) {
        self.shared.state().tokens.clear();
    }

    /// The number of auth tokens currently valid.
    pub fn token_count(&self) -> usize {
        self.shared.state().tokens.len()
    }

    /// Every recorded request, in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.log.snapshot()
    }

    /// The recorded requests for one action (from the body, else the `Gt-Action` header).
    pub fn requests_for(&self, action: &str) -> Vec<RecordedRequest> {
        self.shared
            .log
            .filtered(|r| r.action.as_deref() == Some(action))
    }

    /// The recorded requests that reached host `index`.
    pub fn requests_on_host(&self, index: usize) -> Vec<RecordedRequest> {
        self.shared.log.filtered(|r| r.host == index)
    }

    /// The number of recorded requests.
    pub fn request_count(&self) -> usize {
        self.shared.log.len()
    }

    /// Waits until at least `n` requests have been recorded (e.g. requests a client sends from
    /// a background task). Wrap it in [`tokio::time::timeout`] to bound the wait.
    pub async fn wait_for_requests(&self, n: usize) {
        self.shared.log.wait_until(|log| log.len() >= n).await;
    }

    /// Waits until `done` holds for the recorded requests (in recording order, which is
    /// arrival order except between concurrent requests). Wrap it in [`tokio::time::timeout`]
    /// to bound the wait.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// # let server = getui_mock::MockServer::start().await;
    /// # let url = server.api_url();
    /// # tokio::spawn(async move {
    /// #     let mut s = tokio::net::TcpStream::connect(url.trim_start_matches("http://").trim_end_matches("/apiex.htm")).await.unwrap();
    /// #     tokio::io::AsyncWriteExt::write_all(&mut s, b"HEAD /apiex.htm HTTP/1.1\r\nHost: x\r\n\r\n").await.unwrap();
    /// #     let mut buf = [0u8; 64];
    /// #     let _ = tokio::io::AsyncReadExt::read(&mut s, &mut buf).await;
    /// # });
    /// use std::time::Duration;
    /// // … something in the background probes the host …
    /// tokio::time::timeout(
    ///     Duration::from_secs(5),
    ///     server.wait_until(|log| log.iter().any(|r| r.method == "HEAD")),
    /// )
    /// .await
    /// .expect("no probe arrived");
    /// # }
    /// ```
    pub async fn wait_until(&self, done: impl Fn(&[RecordedRequest]) -> bool) {
        self.shared.log.wait_until(done).await;
    }

    /// Turns request recording on or off at run time (see
    /// [`MockServerBuilder::record_requests`]).
    pub fn set_recording(&self, record: bool) {
        self.shared.record.store(record, Ordering::Relaxed);
    }

    /// Forgets the recorded requests (the state and the ledger stay).
    pub fn clear_requests(&self) {
        self.shared.log.clear();
    }

    /// The ledger: every push accepted, in acceptance order. A request repeating a known
    /// `requestId` is answered like the first one and adds nothing.
    pub fn accepted_pushes(&self) -> Vec<AcceptedPush> {
        self.shared.state().ledger.clone()
    }

    /// How many pushes carrying `request_id` were accepted (0 or 1 unless something is broken).
    pub fn acceptance_count(&self, request_id: &str) -> usize {
        self.request_id_stats(request_id).accepted
    }

    /// How often `request_id` was submitted and accepted.
    pub fn request_id_stats(&self, request_id: &str) -> RequestIdStats {
        self.shared
            .state()
            .request_ids
            .get(request_id)
            .copied()
            .unwrap_or_default()
    }

    // ---- REST v2 -------------------------------------------------------------------------

    /// The base URL a REST v2 client is given: `http://127.0.0.1:PORT` of host 0. The client
    /// appends `/v2/{appId}/…` (e.g. `/v2/{appId}/push/single/cid`); the legacy paths
    /// (`/serviceex`, `/apiex.htm`) are served by the same listeners.
    pub fn v2_base_url(&self) -> String {
        self.url()
    }

    /// The v2 base URLs of all hosts, in host order (e.g. for a 301 host switch:
    /// [`Fault::DomainError`] on a v2 path answers `{"code": 301, "data": {"host_list":
    /// [{"domain_list": hosts}]}}`).
    pub fn v2_base_urls(&self) -> Vec<String> {
        (0..self.host_count()).map(|i| self.host_url(i)).collect()
    }

    /// `http://127.0.0.1:PORT/v2/{app_id}` of host 0: the prefix of every v2 endpoint of the
    /// app (`app_id` inserted as given, not escaped).
    pub fn v2_app_url(&self, app_id: &str) -> String {
        format!("{}/v2/{app_id}", self.url())
    }

    /// Adds an app for v2 (and legacy) clients; same as [`add_app`](Self::add_app). The
    /// default app ([`DEFAULT_APP_ID`](crate::DEFAULT_APP_ID), …) works for v2 as it is.
    pub fn add_v2_app(&self, app_id: &str, app_key: &str, master_secret: &str) {
        self.add_app(MockApp::new(app_key, app_id, master_secret));
    }

    /// The number of v2 tokens issued (successful `POST /v2/{appId}/auth`).
    pub fn v2_auth_count(&self) -> usize {
        self.shared.state().v2.auth_count
    }

    /// The number of v2 auth requests refused (unknown appkey, bad timestamp or sign).
    pub fn v2_auth_refused(&self) -> usize {
        self.shared.state().v2.auth_refused
    }

    /// The number of v2 tokens currently valid (not expired, deleted or forced out).
    pub fn v2_token_count(&self) -> usize {
        let now = tokio::time::Instant::now();
        self.shared
            .state()
            .v2
            .tokens
            .values()
            .filter(|t| t.expires > now)
            .count()
    }

    /// Invalidates every v2 token: the next call of each client gets HTTP 401
    /// `{"code": 10001, "msg": "token error or expired"}` and has to authenticate again.
    pub fn expire_v2_tokens(&self) {
        self.shared.state().v2.tokens.clear();
    }

    /// Invalidates one v2 token; whether it was valid.
    pub fn expire_v2_token(&self, token: &str) -> bool {
        self.shared.state().v2.tokens.remove(token).is_some()
    }

    /// Sets the lifetime of the v2 tokens issued from now on (see
    /// [`MockServerBuilder::v2_token_lifetime`]).
    pub fn set_v2_token_lifetime(&self, lifetime: Duration) {
        self.shared.state().v2.token_lifetime = lifetime;
    }

    /// Sets the auth timestamp tolerance (see [`MockServerBuilder::v2_timestamp_skew`]).
    pub fn set_v2_timestamp_skew(&self, skew: Option<Duration>) {
        self.shared.state().v2.timestamp_skew = skew;
    }

    /// The v2 ledger: every push accepted, in acceptance order (a batch adds one entry per
    /// message). A push repeating a known `request_id` is answered like the first one and
    /// adds nothing.
    pub fn v2_pushes(&self) -> Vec<V2Push> {
        self.shared.state().v2.ledger.clone()
    }

    /// The ledger totals: pushes accepted, duplicates refused, request ids accepted twice
    /// (0 unless something is broken).
    pub fn v2_ledger(&self) -> V2LedgerStats {
        self.shared.state().v2.stats()
    }

    /// The push accepted with `request_id` (the first, should there be more).
    pub fn v2_push(&self, request_id: &str) -> Option<V2Push> {
        self.shared
            .state()
            .v2
            .ledger
            .iter()
            .find(|p| p.request_id.as_deref() == Some(request_id))
            .cloned()
    }

    /// How often `request_id` was submitted in a valid v2 push and accepted.
    pub fn v2_request_id_stats(&self, request_id: &str) -> RequestIdStats {
        self.shared
            .state()
            .v2
            .request_ids
            .get(request_id)
            .copied()
            .unwrap_or_default()
    }

    /// The pushes of one task id (a list task: every list push of its message).
    pub fn v2_task_pushes(&self, task_id: &str) -> Vec<V2Push> {
        let state = self.shared.state();
        state
            .v2
            .by_task
            .get(task_id)
            .map(|ix| ix.iter().map(|&i| state.v2.ledger[i].clone()).collect())
            .unwrap_or_default()
    }

    /// A v2 task (single, list or app push; its state after stop/delete; its schedule).
    pub fn v2_task(&self, task_id: &str) -> Option<V2Task> {
        self.shared.state().v2.tasks.get(task_id).cloned()
    }

    /// Every v2 task, oldest first.
    pub fn v2_tasks(&self) -> Vec<V2Task> {
        let mut all: Vec<V2Task> = self.shared.state().v2.tasks.values().cloned().collect();
        all.sort_by(|a, b| (a.created_ms, &a.task_id).cmp(&(b.created_ms, &b.task_id)));
        all
    }

    /// The v2 tasks with a `schedule_time` (scheduled toApp pushes), oldest first.
    pub fn v2_scheduled_tasks(&self) -> Vec<V2Task> {
        let mut all = self.v2_tasks();
        all.retain(|t| t.schedule_time.is_some());
        all
    }

    /// The message stored by `POST /push/list/message` under `task_id`.
    pub fn v2_list_message(&self, task_id: &str) -> Option<PushRequest> {
        self.shared
            .state()
            .v2
            .tasks
            .get(task_id)
            .filter(|t| t.kind == crate::V2TaskKind::List)
            .map(|t| PushRequest::clone(&t.message))
    }

    /// The iOS badge set for a cid by `POST /user/badge/cid/{cids}` (`None` if never set).
    pub fn v2_badge(&self, app_id: &str, cid: &str) -> Option<i64> {
        self.shared
            .state()
            .v2
            .badges
            .get(&(app_id.to_owned(), cid.to_owned()))
            .copied()
    }

    /// The custom tags of a cid (set by v2 `/user/custom_tag/…` or legacy `setTagAction`).
    pub fn client_tags(&self, app_id: &str, cid: &str) -> Vec<String> {
        self.client(app_id, cid).map(|c| c.tags).unwrap_or_default()
    }

    /// The cids on the black list of `app_id`, sorted.
    pub fn black_list(&self, app_id: &str) -> Vec<String> {
        let state = self.shared.state();
        let mut cids: Vec<String> = state
            .data
            .get(app_id)
            .map(|d| {
                d.clients
                    .iter()
                    .filter(|(_, c)| c.black)
                    .map(|(cid, _)| cid.clone())
                    .collect()
            })
            .unwrap_or_default();
        cids.sort();
        cids
    }

    /// Starts describing a fault; it is installed when the returned builder is dropped (at the
    /// end of the statement) or [`install`](FaultBuilder::install)ed.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// use getui_mock::{Fault, MockServer};
    /// let server = MockServer::start().await;
    /// server.inject(Fault::Status(503)).on_action("pushMessageToSingleAction").times(1);
    /// # }
    /// ```
    pub fn inject(&self, fault: Fault) -> FaultBuilder {
        FaultBuilder::new(Arc::clone(&self.shared.faults), fault)
    }

    /// Removes every installed fault.
    pub fn clear_faults(&self) {
        self.shared.faults.clear();
    }

    /// Stops the server and waits until the listeners are gone (dropping does the same without
    /// waiting).
    pub async fn shutdown(mut self) {
        for task in std::mem::take(&mut self.listeners) {
            task.abort();
            let _ = task.await;
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        for task in &self.listeners {
            task.abort();
        }
    }
}

/// A [`MockServer`] with a multi-threaded tokio runtime of its own, for tests and programs
/// without async. It dereferences to the [`MockServer`], so every method is there.
///
/// ```
/// use getui_mock::MockServer;
/// // a plain #[test] fn: no runtime needed
/// let server = MockServer::builder().start_blocking();
/// server.add_client(getui_mock::DEFAULT_APP_ID, "cid-1", false);
/// // … point a blocking HTTP client at server.serviceex_url() …
/// assert!(server.requests().is_empty());
/// ```
#[derive(Debug)]
pub struct BlockingMockServer {
    server: Option<MockServer>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl BlockingMockServer {
    /// Starts a default server (see [`MockServer::start`]).
    ///
    /// # Panics
    ///
    /// If the runtime cannot be created or 127.0.0.1 cannot be bound.
    pub fn start() -> Self {
        MockServerBuilder::default().start_blocking()
    }

    fn try_start(builder: MockServerBuilder) -> Result<Self, MockError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("getui-mock")
            .enable_all()
            .build()
            .map_err(MockError::Runtime)?;
        let server = runtime.block_on(builder.try_start())?;
        Ok(BlockingMockServer {
            server: Some(server),
            runtime: Some(runtime),
        })
    }

    /// The runtime serving the mock, e.g. to run async helpers from blocking code.
    pub fn runtime(&self) -> &tokio::runtime::Runtime {
        self.runtime.as_ref().expect("present until drop")
    }
}

impl Deref for BlockingMockServer {
    type Target = MockServer;

    fn deref(&self) -> &MockServer {
        self.server.as_ref().expect("present until drop")
    }
}

impl Drop for BlockingMockServer {
    fn drop(&mut self) {
        drop(self.server.take());
        if let Some(rt) = self.runtime.take() {
            if tokio::runtime::Handle::try_current().is_ok() {
                // Blocking inside an async context would panic: let the tasks die on their own.
                rt.shutdown_background();
            } else {
                // Every task was just aborted, so this returns as soon as they are dropped and
                // the ports are closed.
                rt.shutdown_timeout(Duration::from_secs(5));
            }
        }
    }
}
