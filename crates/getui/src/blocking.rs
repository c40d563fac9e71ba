//! The blocking client, in the style of reqwest's `blocking` module.
//!
//! Each [`Client`] owns one runtime thread that runs the asynchronous client; calls travel to
//! it over a channel and come back on a one-shot reply channel, and the calling thread waits
//! with a deadline. No `block_on` happens on the caller's thread, so the client works from
//! plain threads and from inside a tokio runtime. The thread ends (and is joined) when the last
//! clone of the client is dropped.
//!
//! Every method of the asynchronous client has a blocking twin with the same name, arguments
//! and output. Input is validated before anything is sent, on the caller's thread where the
//! request can be built there.
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
use crate::client::{Client as AsyncClient, ClientBuilder as AsyncClientBuilder};
use crate::config::{Config, ConfigBuilder};
use crate::error::{Error, Result};
use getui_model::secret::MasterSecret;
use getui_model::{AppMessage, ListMessage, SingleMessage, Target};
use getui_protocol::action::{
    Action, BatchPushResult, GetContentId, PreparedTask, PushMessageByTag, PushMessageToApp,
    PushMessageToSingle, SinglePushResult, TaskPushResult,
};
use getui_protocol::answer::Answer;
use getui_transport::{AsyncHttpClient, HostRanking};
use std::future::Future;
use std::pin::Pin;
use std::sync::{mpsc, Arc};
use std::thread::{self, JoinHandle};
use std::time::Duration;
use tokio::sync::mpsc as tokio_mpsc;

type Job = Box<dyn FnOnce(AsyncClient) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send>;

/// The blocking Getui client (feature `blocking`). Cheap to clone; all clones share one
/// runtime thread, which is joined when the last clone is dropped.
///
/// Usable from plain threads and from inside a tokio runtime (calls wait on a channel, never
/// with `block_on`); inside a single-threaded runtime a call blocks that runtime's only
/// thread while it waits, like any blocking call.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    jobs: Option<tokio_mpsc::UnboundedSender<Job>>,
    thread: Option<JoinHandle<()>>,
    config: Config,
    deadline: Duration,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("blocking::Client")
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        // Closing the channel ends the runtime thread's loop.
        self.jobs.take();
        if let Some(handle) = self.thread.take() {
            // The last handle may be dropped on the runtime thread itself (inside a job):
            // that thread cannot join itself; it ends on its own right after.
            if handle.thread().id() != thread::current().id() {
                let _ = handle.join();
            }
        }
    }
}

/// Builds a blocking [`Client`].
#[derive(Debug)]
pub struct ClientBuilder {
    inner: AsyncClientBuilder,
}

impl ClientBuilder {
    /// Changes the configuration options (host, timeouts, limits…).
    pub fn config(mut self, f: impl FnOnce(ConfigBuilder) -> ConfigBuilder) -> Self {
        self.inner = self.inner.config(f);
        self
    }

    /// Uses `url` as the bootstrap URL (see [`ConfigBuilder::host`]).
    pub fn host(self, url: impl Into<String>) -> Self {
        self.config(|c| c.host(url))
    }

    /// Trusts an extra root certificate (DER); verification is always on.
    pub fn add_root_certificate_der(mut self, der: impl Into<Vec<u8>>) -> Self {
        self.inner = self.inner.add_root_certificate_der(der);
        self
    }

    /// Sends through your own HTTP stack instead of the built-in hyper client (it runs on the
    /// client's runtime thread; see [`crate::ClientBuilder::http_client`]).
    pub fn http_client(mut self, client: Arc<dyn AsyncHttpClient>) -> Self {
        self.inner = self.inner.http_client(client);
        self
    }

    /// Builds the client and starts its runtime thread.
    pub fn build(self) -> Result<Client> {
        Client::start(self.inner)
    }
}

impl Client {
    /// A builder for the app `app_key` with its master secret.
    pub fn builder(
        app_key: impl Into<String>,
        master_secret: impl Into<MasterSecret>,
    ) -> ClientBuilder {
        ClientBuilder {
            inner: AsyncClient::builder(app_key, master_secret),
        }
    }

    /// A client with this configuration.
    pub fn new(config: Config) -> Result<Self> {
        Self::start(AsyncClientBuilder::from_config(config))
    }

    fn start(builder: AsyncClientBuilder) -> Result<Self> {
        let (ready_tx, ready_rx) =
            mpsc::sync_channel::<Result<(Config, tokio_mpsc::UnboundedSender<Job>)>>(1);
        let thread = thread::Builder::new()
            .name("getui-blocking".into())
            .spawn(move || {
                let runtime = match tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    Ok(rt) => rt,
                    Err(_) => {
                        let _ =
                            ready_tx.send(Err(Error::closed("could not start the runtime thread")));
                        return;
                    }
                };
                runtime.block_on(async move {
                    // Built on the runtime thread so that background tasks belong to it.
                    let client = match builder.build() {
                        Ok(c) => c,
                        Err(e) => {
                            let _ = ready_tx.send(Err(e));
                            return;
                        }
                    };
                    let (jobs_tx, mut jobs_rx) = tokio_mpsc::unbounded_channel::<Job>();
                    if ready_tx
                        .send(Ok((client.config().clone(), jobs_tx)))
                        .is_err()
                    {
                        return;
                    }
                    let mut running = tokio::task::JoinSet::new();
                    while let Some(job) = jobs_rx.recv().await {
                        running.spawn(job(client.clone()));
                        // Reap finished jobs so the set does not grow.
                        while running.try_join_next().is_some() {}
                    }
                    // Every handle is gone: nobody waits for the remaining jobs' replies.
                    running.shutdown().await;
                });
            })
            .map_err(|_| Error::closed("could not spawn the runtime thread"))?;
        let (config, jobs) = match ready_rx.recv() {
            Ok(Ok(ready)) => ready,
            Ok(Err(e)) => {
                let _ = thread.join();
                return Err(e);
            }
            Err(_) => {
                let _ = thread.join();
                return Err(Error::closed("the runtime thread ended during start-up"));
            }
        };
        // A call can take every attempt's timeouts; wait a little longer than that.
        let per_attempt = config.connect_timeout() + config.request_timeout();
        let deadline = per_attempt * config.max_attempts().max(1) * 2 + Duration::from_secs(5);
        Ok(Self {
            inner: Arc::new(Inner {
                jobs: Some(jobs),
                thread: Some(thread),
                config,
                deadline,
            }),
        })
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Runs `f` with the asynchronous client on the runtime thread and waits for its result.
    fn call<T, F, Fut>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(AsyncClient) -> Fut + Send + 'static,
        Fut: Future<Output = Result<T>> + Send + 'static,
    {
        let (reply_tx, reply_rx) = mpsc::sync_channel(1);
        let job: Job = Box::new(move |client| {
            Box::pin(async move {
                let _ = reply_tx.send(f(client).await);
            })
        });
        let jobs = self
            .inner
            .jobs
            .as_ref()
            .ok_or_else(|| Error::closed("the client is shut down"))?;
        jobs.send(job)
            .map_err(|_| Error::closed("the runtime thread has stopped"))?;
        match reply_rx.recv_timeout(self.inner.deadline) {
            Ok(result) => result,
            Err(mpsc::RecvTimeoutError::Timeout) => Err(Error::closed(
                "no answer from the runtime thread before the deadline",
            )),
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                Err(Error::closed("the runtime thread dropped the call"))
            }
        }
    }

    /// Sends one action and returns its typed output (see [`crate::Client::execute`]).
    pub fn execute<A>(&self, action: A) -> Result<A::Output>
    where
        A: Action + Send + Sync + 'static,
        A::Output: Send + 'static,
    {
        self.call(move |client| async move { client.execute(&action).await })
    }

    /// Authenticates now (see [`crate::Client::connect`]).
    pub fn connect(&self) -> Result<()> {
        self.call(|client| async move { client.connect().await })
    }

    /// Obtains the host list now and ranks the hosts (see [`crate::Client::refresh_hosts`]).
    pub fn refresh_hosts(&self) -> Result<HostRanking> {
        self.call(|client| async move { client.refresh_hosts().await })
    }

    /// A snapshot of the host ranking.
    pub fn hosts(&self) -> Result<HostRanking> {
        self.call(|client| async move { Ok(client.hosts()) })
    }

    /// Invalidates the auth token (see [`crate::Client::close`]).
    pub fn close(&self) -> Result<Answer> {
        self.call(|client| async move { client.close().await })
    }

    /// Pushes `message` to one client with a new random `requestId` (see
    /// [`crate::Client::push_to_single`]).
    pub fn push_to_single(
        &self,
        message: &SingleMessage,
        target: &Target,
    ) -> Result<SinglePushResult> {
        let (message, target) = (message.clone(), target.clone());
        self.call(move |client| async move {
            let action = checked(PushMessageToSingle::new(&message, &target))?;
            client.execute(&action).await
        })
    }

    /// Pushes `message` to one client with the caller's `requestId` (see
    /// [`crate::Client::push_to_single_with_request_id`]).
    pub fn push_to_single_with_request_id(
        &self,
        message: &SingleMessage,
        target: &Target,
        request_id: &str,
    ) -> Result<SinglePushResult> {
        let (message, target) = (message.clone(), target.clone());
        let request_id = request_id.to_owned();
        self.call(move |client| async move {
            let action = checked(PushMessageToSingle::with_request_id(
                &message, &target, request_id,
            ))?;
            client.execute(&action).await
        })
    }

    /// Uploads a list message and returns its task id (see
    /// [`crate::Client::create_list_task`]).
    pub fn create_list_task(
        &self,
        message: &ListMessage,
        task_group_name: Option<&str>,
    ) -> Result<PreparedTask> {
        let message = message.clone();
        let group = task_group_name.map(str::to_owned);
        self.call(move |client| async move {
            let action = checked(GetContentId::list(&message, group.as_deref()))?;
            client.execute(&action).await
        })
    }

    /// Uploads an app message and returns its task id (see
    /// [`crate::Client::create_app_task`]).
    pub fn create_app_task(
        &self,
        message: &AppMessage,
        task_group_name: Option<&str>,
    ) -> Result<PreparedTask> {
        let message = message.clone();
        let group = task_group_name.map(str::to_owned);
        self.call(move |client| async move {
            let action = checked(GetContentId::app(&message, group.as_deref()))?;
            client.execute(&action).await
        })
    }

    /// Creates an app task and starts it (see [`crate::Client::push_to_app`]); an error after
    /// the task was created carries its id ([`Error::task_id`]).
    pub fn push_to_app(
        &self,
        message: &AppMessage,
        task_group_name: Option<&str>,
    ) -> Result<TaskPushResult> {
        let message = message.clone();
        let group = task_group_name.map(str::to_owned);
        self.call(move |client| async move {
            let prepare = checked(GetContentId::app(&message, group.as_deref()))?;
            let task = client.execute(&prepare).await?;
            client
                .execute(&PushMessageToApp::new(&task.task_id))
                .await
                .map_err(|e| e.with_task_id(task.task_id))
        })
    }

    /// Pushes an app message to the users carrying its tag, with a new random `requestId`
    /// (see [`crate::Client::push_by_tag`]).
    pub fn push_by_tag(&self, message: &AppMessage) -> Result<TaskPushResult> {
        let message = message.clone();
        self.call(move |client| async move {
            let action = checked(PushMessageByTag::new(&message))?;
            client.execute(&action).await
        })
    }

    /// Pushes an app message to the users carrying its tag with the caller's `requestId` (see
    /// [`crate::Client::push_by_tag_with_request_id`]).
    pub fn push_by_tag_with_request_id(
        &self,
        message: &AppMessage,
        request_id: &str,
    ) -> Result<TaskPushResult> {
        check_request_id::<PushMessageByTag<'_>>(request_id)?;
        let message = message.clone();
        let request_id = request_id.to_owned();
        self.call(move |client| async move {
            let action = checked(PushMessageByTag::with_request_id(&message, request_id))?;
            client.execute(&action).await
        })
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
        let message = message.clone();
        let group = task_group_name.map(str::to_owned);
        self.call(move |client| async move {
            let action = checked(GetContentId::single(&message, group.as_deref()))?;
            client.execute(&action).await
        })
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
    pub fn submit(&mut self) -> Result<BatchPushResult> {
        let request = self.state.take_submit()?;
        self.client.execute(Shared(request))
    }

    /// Sends the last submitted request again, unchanged (official `retry`); before any
    /// submit it is a validation error and nothing is sent.
    pub fn retry(&self) -> Result<BatchPushResult> {
        let request = self.state.last()?;
        self.client.execute(Shared(request))
    }
}
