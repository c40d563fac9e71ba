//! The blocking client.
//!
//! A call runs entirely on the calling thread: the request is built and validated there and
//! sent over a keep-alive connection of the client's pool with blocking socket I/O (the
//! transport's [`SocketClient`](getui_transport::SocketClient)); there is no runtime on the
//! caller's side, no `block_on` and no hand-off to another thread, so the client works from
//! plain threads and from inside a tokio runtime (where, like any blocking call, it blocks
//! the runtime thread it runs on). Clones share the pool, the host ranking and the token.
//!
//! Each client owns one background thread (named `getui-transport`, with a single-threaded
//! tokio runtime) for what must happen off the calls: fetching the push host list on first use
//! and probing the hosts every 10 minutes. It ends, and is joined, when the last clone of the
//! client is dropped. With a custom asynchronous HTTP stack
//! ([`ClientBuilder::http_client`]) the exchanges run on that thread instead and the caller
//! waits for them.
//!
//! Every method of the asynchronous client has a blocking twin with the same name, arguments
//! and output.

// Why not a runtime thread for every call, as in reqwest's `blocking` module: on the 2-core
// benchmark machine the hand-off (two thread wake-ups per call) cost ~17 µs a push and kept a
// single blocking caller at 64% of what `wrk` reaches; on the calling thread it is at the
// level of `wrk` (BENCHMARKS.md).
//!
//! ```
//! use getui::model::{SingleMessage, Target, TransmissionTemplate};
//! use getui_mock::{BlockingMockServer, DEFAULT_APP_ID as APP_ID, DEFAULT_APP_KEY, DEFAULT_MASTER_SECRET};
//! let server = BlockingMockServer::start(); // a local stand-in for Getui
//!
//! let client = getui::blocking::Client::builder(DEFAULT_APP_KEY, DEFAULT_MASTER_SECRET)
//!     .host(server.serviceex_url())
//!     .build()?;
//! let template = TransmissionTemplate::builder()
//!     .app_id(APP_ID)
//!     .app_key(DEFAULT_APP_KEY)
//!     .transmission_content("hello")
//!     .build()?;
//! let result = client.push_to_single(&SingleMessage::new(template), &Target::client(APP_ID, "cid-1"))?;
//! assert!(result.task_id.is_some());
//! # Ok::<(), getui::Error>(())
//! ```

use crate::api::{check_request_id, checked};
use crate::batch::{BatchState, Shared};
use crate::client::{ClientBuilder as AsyncClientBuilder, Core, LegacyCall};
use crate::config::{Config, ConfigBuilder};
use crate::driver::{drive_blocking, BlockingEngine};
use crate::error::Result;
use getui_model::secret::MasterSecret;
use getui_model::{AppMessage, ListMessage, SingleMessage, Target};
use getui_protocol::action::{
    Action, BatchPushResult, Close, Connect, GetContentId, PreparedTask, PushMessageByTag,
    PushMessageToSingle, SinglePushResult, TaskPushResult,
};
use getui_protocol::answer::Answer;
use getui_transport::blocking::Transport;
use getui_transport::{ApiRequest, ApiResponse, AsyncHttpClient, HostRanking};
use std::sync::{Arc, Mutex, MutexGuard};

/// The blocking Getui client (feature `blocking`). Cheap to clone; clones share the
/// connection pool, the host ranking, the auth token and the background thread, which is
/// joined when the last clone is dropped.
///
/// Usable from plain threads and from inside a tokio runtime (calls never use `block_on`);
/// inside a runtime a call blocks the thread it runs on, like any blocking call.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    core: Core,
    transport: Transport,
    /// One connect at a time: callers that saw the same `sign_error` connect once.
    connect_lock: Mutex<()>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("blocking::Client")
            .field("config", self.inner.core.config())
            .field("transport", &self.inner.transport)
            .finish_non_exhaustive()
    }
}

/// Builds a blocking [`Client`].
#[derive(Debug)]
pub struct ClientBuilder {
    inner: AsyncClientBuilder,
}

impl ClientBuilder {
    /// See [`crate::ClientBuilder::from_env`]: the `GETUI_*` variables, read now and only here.
    pub fn from_env() -> Result<Self> {
        Ok(ClientBuilder {
            inner: AsyncClientBuilder::from_env()?,
        })
    }

    /// See [`crate::ClientBuilder::from_vars`].
    pub fn from_vars<I, K, V>(vars: I) -> Result<Self>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        Ok(ClientBuilder {
            inner: AsyncClientBuilder::from_vars(vars)?,
        })
    }

    /// Changes the configuration options (host, timeouts, limits…).
    #[must_use]
    pub fn config(mut self, f: impl FnOnce(ConfigBuilder) -> ConfigBuilder) -> Self {
        self.inner = self.inner.config(f);
        self
    }

    /// Uses `url` as the bootstrap URL (see [`ConfigBuilder::host`]).
    #[must_use]
    pub fn host(self, url: impl Into<String>) -> Self {
        self.config(|c| c.host(url))
    }

    /// Trusts an extra root certificate (DER); verification is always on.
    #[must_use]
    pub fn add_root_certificate_der(mut self, der: impl Into<Vec<u8>>) -> Self {
        self.inner = self.inner.add_root_certificate_der(der);
        self
    }

    /// Sends through your own asynchronous HTTP stack instead of the built-in blocking one.
    /// Its exchanges run on the client's background thread (a single-threaded tokio runtime)
    /// and callers wait for them; see [`crate::ClientBuilder::http_client`].
    #[must_use]
    pub fn http_client(mut self, client: Arc<dyn AsyncHttpClient>) -> Self {
        self.inner = self.inner.http_client(client);
        self
    }

    /// Builds the client and starts its background thread.
    ///
    /// With a plain `http://` host (or [`ConfigBuilder::https`]`(false)`) it emits one
    /// `tracing` warning (feature `tracing`): see [HTTPS by default](crate::config#https-by-default).
    pub fn build(self) -> Result<Client> {
        let (config, transport) = self.inner.into_transport()?;
        let transport = transport.build_blocking()?;
        crate::client::warn_if_plain_http(&config);
        Ok(Client {
            inner: Arc::new(Inner {
                core: Core::new(config),
                transport,
                connect_lock: Mutex::new(()),
            }),
        })
    }
}

impl Client {
    /// A builder for the app `app_key` with its master secret.
    pub fn builder(
        app_key: impl Into<String>,
        master_secret: impl Into<MasterSecret>,
    ) -> ClientBuilder {
        ClientBuilder {
            inner: AsyncClientBuilder::new(Config::builder(app_key, master_secret)),
        }
    }

    /// A client configured from the `GETUI_*` variables of the process environment (see
    /// [`ClientBuilder::from_env`]); the environment is read here, never by other
    /// constructors.
    pub fn from_env() -> Result<Self> {
        ClientBuilder::from_env()?.build()
    }

    /// A client with this configuration.
    pub fn new(config: Config) -> Result<Self> {
        ClientBuilder {
            inner: AsyncClientBuilder::from_config(config),
        }
        .build()
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        self.inner.core.config()
    }

    fn connect_lock(&self) -> MutexGuard<'_, ()> {
        self.inner
            .connect_lock
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }

    /// Sends `action` once with the current token; returns the token generation it carried.
    fn send<A: Action>(&self, action: &A) -> Result<(u64, Answer)> {
        let (generation, request) = self.inner.core.request(action);
        let response = self.inner.transport.send(request)?;
        Ok((generation, self.inner.core.answer(response)?))
    }

    /// Connects unless another caller connected since `seen_generation` (single flight).
    fn reconnect(&self, seen_generation: u64) -> Result<()> {
        let _guard = self.connect_lock();
        if self.inner.core.connected_since(seen_generation) {
            return Ok(());
        }
        self.connect_now()
    }

    fn connect_now(&self) -> Result<()> {
        let core = &self.inner.core;
        let action = core.connect_action();
        let (_, answer) = self
            .send(&action)
            .map_err(|e| e.with_context(<Connect<'_> as Action>::NAME, None))?;
        core.connected(answer)
    }

    /// Sends one action and returns its typed output (see [`crate::Client::execute`]): on
    /// `sign_error` it connects and sends again, on `domain_error` it switches hosts and sends
    /// again.
    pub fn execute<A: Action>(&self, action: &A) -> Result<A::Output> {
        drive_blocking(self, LegacyCall::new(&self.inner.core, action))
    }

    /// Authenticates now (see [`crate::Client::connect`]).
    pub fn connect(&self) -> Result<()> {
        let _guard = self.connect_lock();
        self.connect_now()
    }

    /// Obtains the host list if needed and ranks the hosts now (see
    /// [`crate::Client::refresh_hosts`]).
    pub fn refresh_hosts(&self) -> Result<HostRanking> {
        Ok(self.inner.transport.refresh()?)
    }

    /// A snapshot of the host ranking.
    pub fn hosts(&self) -> HostRanking {
        self.inner.transport.ranking()
    }

    /// Closes the session (see [`crate::Client::close`]).
    pub fn close(&self) -> Result<Answer> {
        let _guard = self.connect_lock();
        let (_, answer) = self
            .send(&Close)
            .map_err(|e| e.with_context(<Close as Action>::NAME, None))?;
        self.inner.core.closed(answer)
    }

    /// Pushes `message` to one client with a new random `requestId` (see
    /// [`crate::Client::push_to_single`]).
    pub fn push_to_single(
        &self,
        message: &SingleMessage,
        target: &Target,
    ) -> Result<SinglePushResult> {
        self.execute(&checked(PushMessageToSingle::new(message, target))?)
    }

    /// Pushes `message` to one client with the caller's `requestId` (see
    /// [`crate::Client::push_to_single_with_request_id`]).
    pub fn push_to_single_with_request_id(
        &self,
        message: &SingleMessage,
        target: &Target,
        request_id: &str,
    ) -> Result<SinglePushResult> {
        self.execute(&checked(PushMessageToSingle::with_request_id(
            message, target, request_id,
        ))?)
    }

    /// Uploads a list message and returns its task id (see
    /// [`crate::Client::create_list_task`]).
    pub fn create_list_task(
        &self,
        message: &ListMessage,
        task_group_name: Option<&str>,
    ) -> Result<PreparedTask> {
        self.execute(&checked(GetContentId::list(message, task_group_name))?)
    }

    /// Uploads an app message and returns its task id (see
    /// [`crate::Client::create_app_task`]).
    pub fn create_app_task(
        &self,
        message: &AppMessage,
        task_group_name: Option<&str>,
    ) -> Result<PreparedTask> {
        self.execute(&checked(GetContentId::app(message, task_group_name))?)
    }

    /// Creates an app task and starts it (see [`crate::Client::push_to_app`]); an error after
    /// the task was created carries its id ([`Error::task_id`](crate::Error::task_id)).
    pub fn push_to_app(
        &self,
        message: &AppMessage,
        task_group_name: Option<&str>,
    ) -> Result<TaskPushResult> {
        let task = self.create_app_task(message, task_group_name)?;
        self.push_to_app_with_task_id(&task.task_id)
            .map_err(|e| e.with_task_id(task.task_id))
    }

    /// Pushes an app message to the users carrying its tag, with a new random `requestId`
    /// (see [`crate::Client::push_by_tag`]).
    pub fn push_by_tag(&self, message: &AppMessage) -> Result<TaskPushResult> {
        self.execute(&checked(PushMessageByTag::new(message))?)
    }

    /// Pushes an app message to the users carrying its tag with the caller's `requestId` (see
    /// [`crate::Client::push_by_tag_with_request_id`]).
    pub fn push_by_tag_with_request_id(
        &self,
        message: &AppMessage,
        request_id: &str,
    ) -> Result<TaskPushResult> {
        check_request_id::<PushMessageByTag<'_>>(request_id)?;
        self.execute(&checked(PushMessageByTag::with_request_id(
            message, request_id,
        ))?)
    }

    /// A new, empty [`Batch`] of single pushes for this client (see
    /// [`crate::Client::batch`]).
    pub fn batch(&self) -> Batch {
        Batch {
            state: BatchState::new(self.config()),
            client: self.clone(),
        }
    }

    /// A batch whose requests carry another `appkey` (see
    /// [`crate::Client::batch_with_app_key`]).
    pub fn batch_with_app_key(&self, app_key: &str) -> Batch {
        Batch {
            state: BatchState::with_app_key(self.config(), app_key),
            client: self.clone(),
        }
    }

    /// Uploads a single message for a list push (see [`crate::Client::create_task`]).
    pub fn create_task(
        &self,
        message: &SingleMessage,
        task_group_name: Option<&str>,
    ) -> Result<PreparedTask> {
        self.execute(&checked(GetContentId::single(message, task_group_name))?)
    }
}

/// A batch of single pushes sent in one request (official `BatchImpl`), from
/// [`Client::batch`]; the blocking twin of [`crate::Batch`] with the same rules: up to 5000
/// items per submit, a new `requestId` per [`submit`](Self::submit), and
/// [`retry`](Self::retry) sending the last submitted request unchanged.
///
/// ```
/// use getui::model::{SingleMessage, Target, TransmissionTemplate};
/// use getui_mock::{BlockingMockServer, DEFAULT_APP_ID as APP_ID, DEFAULT_APP_KEY, DEFAULT_MASTER_SECRET};
/// let server = BlockingMockServer::start();
/// let client = getui::blocking::Client::builder(DEFAULT_APP_KEY, DEFAULT_MASTER_SECRET)
///     .host(server.serviceex_url())
///     .build()?;
/// let message = SingleMessage::new(
///     TransmissionTemplate::builder().app_id(APP_ID).app_key(DEFAULT_APP_KEY).build()?,
/// );
/// let mut batch = client.batch();
/// for cid in ["cid-1", "cid-2", "cid-3"] {
///     batch.add(&message, &Target::client(APP_ID, cid))?;
/// }
/// let result = batch.submit()?;
/// assert_eq!(result.items.len(), 3);
/// # Ok::<(), getui::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Batch {
    client: Client,
    state: BatchState,
}

impl Batch {
    /// The batch id (`SingleBatchRequest.batchId`), generated once for this batch.
    pub fn batch_id(&self) -> &str {
        self.state.batch_id()
    }

    /// The number of items waiting for [`submit`](Self::submit).
    pub fn len(&self) -> usize {
        self.state.len()
    }

    /// Whether no item waits.
    pub fn is_empty(&self) -> bool {
        self.state.len() == 0
    }

    /// Sets the `async` flag of the next submits (default: the configured
    /// [`PushFlags::batch_async`](crate::PushFlags::batch_async)).
    #[must_use]
    pub fn async_push(mut self, on: bool) -> Self {
        self.state.set_async_push(on);
        self
    }

    /// Whether submits ask the server to push asynchronously.
    pub fn is_async_push(&self) -> bool {
        self.state.async_push()
    }

    /// The `requestId` of the last submit, if any.
    pub fn last_request_id(&self) -> Option<&str> {
        self.state.last_request_id()
    }

    /// Adds one push and returns the number of items now waiting (official `add`); a
    /// validation error adds nothing.
    pub fn add(&mut self, message: &SingleMessage, target: &Target) -> Result<usize> {
        self.state.add(message, target)
    }

    /// Sends the waiting items as one request with a new `requestId` (official `submit`);
    /// the batch is empty afterwards and the request is kept for [`retry`](Self::retry).
    /// With no item waiting, the request is sent all the same (a `SingleBatchRequest`
    /// holding only the batch id, as the official SDK sends it) and the server's answer is
    /// returned, as with [`crate::Batch::submit`].
    pub fn submit(&mut self) -> Result<BatchPushResult> {
        let request = self.state.take_submit();
        self.client.execute(&Shared(request))
    }

    /// Sends the last submitted request again, unchanged (official `retry`); before any
    /// submit it is a validation error and nothing is sent.
    pub fn retry(&self) -> Result<BatchPushResult> {
        let request = self.state.last()?;
        self.client.execute(&Shared(request))
    }
}

impl BlockingEngine for Client {
    fn send(&self, request: ApiRequest) -> Result<ApiResponse> {
        Ok(self.inner.transport.send(request)?)
    }

    fn authenticate(&self, seen: u64) -> Result<()> {
        self.reconnect(seen)
    }

    fn switch_hosts(&self, hosts: &[String]) -> Result<()> {
        Ok(self.inner.transport.replace_hosts(hosts)?)
    }
}
