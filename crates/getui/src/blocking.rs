//! The blocking client, in the style of reqwest's `blocking` module.
//!
//! Each [`Client`] owns one runtime thread that runs the asynchronous client; calls travel to
//! it over a channel and come back on a one-shot reply channel, and the calling thread waits
//! with a deadline. No `block_on` happens on the caller's thread, so the client works from
//! plain threads and from inside a tokio runtime. The thread ends (and is joined) when the last
//! clone of the client is dropped.
//!
//! ```no_run
//! let client = getui::blocking::Client::builder("AppKey", "MasterSecret").build()?;
//! let status = client.execute(getui::action::GetClientIdStatus::new("AppId", "cid"))?;
//! println!("{status:?}");
//! # Ok::<(), getui::Error>(())
//! ```

use crate::client::{Client as AsyncClient, ClientBuilder as AsyncClientBuilder};
use crate::config::{Config, ConfigBuilder};
use crate::error::{Error, Result};
use getui_model::secret::MasterSecret;
use getui_protocol::action::Action;
use getui_transport::HostRanking;
use std::future::Future;
use std::pin::Pin;
use std::sync::{mpsc, Arc};
use std::thread::{self, JoinHandle};
use std::time::Duration;
use tokio::sync::mpsc as tokio_mpsc;

type Job = Box<dyn FnOnce(AsyncClient) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send>;

/// The blocking Getui client. Cheap to clone; all clones share one runtime thread.
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
}
