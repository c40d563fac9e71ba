//! Blocking clients, in the style of `reqwest::blocking`.
//!
//! [`Transport`] sends on the calling thread through a blocking stack (by default a
//! [`SocketClient`], which needs no hyper). Each handle here owns one worker thread running a
//! single-threaded tokio runtime for what must run asynchronously: the transport's host list
//! fetch and probe task, the calls of an async stack, and every call of [`HyperClient`]
//! (feature `hyper`). Work is sent to it over a channel with a oneshot reply; the calling
//! thread parks until the reply comes or its deadline passes (then the in-flight work is
//! cancelled). Nothing here enters the caller's runtime, so these clients work from plain
//! threads and from inside a tokio runtime alike. The worker thread (and with it the probe task
//! and pooled connections) ends when the last handle is dropped; that drop joins the thread.

use std::fmt;
use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, JoinHandle, Thread};
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};

use crate::error::{ErrorKind, TransportError};
use crate::exchange::{BlockingHttpClient, BoxFuture};
#[cfg(feature = "hyper")]
use crate::exchange::{HttpRequest, HttpResponse};
use crate::hosts::HostRanking;
#[cfg(feature = "hyper")]
use crate::http_stack::HttpClientBuilder;
pub use crate::socket_client::SocketClient;
use crate::transport::{ApiRequest, ApiResponse, TransportBuilder};
use crate::util::{select, Either};

/// The worker thread and the sending side of its job channel.
struct Worker {
    jobs: Option<mpsc::UnboundedSender<BoxFuture<'static, ()>>>,
    thread: Option<JoinHandle<()>>,
}

impl Worker {
    fn start(name: &str) -> Result<Worker, TransportError> {
        let (jobs_tx, mut jobs_rx) = mpsc::unbounded_channel::<BoxFuture<'static, ()>>();
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let thread = thread::Builder::new()
            .name(name.to_owned())
            .spawn(move || {
                let runtime = match tokio::runtime::Builder::new_current_thread()
                    .enable_io()
                    .enable_time()
                    .build()
                {
                    Ok(rt) => {
                        let _ = ready_tx.send(Ok(()));
                        rt
                    }
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                        return;
                    }
                };
                runtime.block_on(async move {
                    while let Some(job) = jobs_rx.recv().await {
                        tokio::spawn(job);
                    }
                });
                // Every handle is gone: dropping the runtime cancels what is left (the probe
                // task, pooled connections, calls whose callers gave up).
                drop(runtime);
            })
            .map_err(|e| TransportError::config("cannot start the worker thread").with_source(e))?;
        match ready_rx.recv() {
            Ok(Ok(())) => Ok(Worker {
                jobs: Some(jobs_tx),
                thread: Some(thread),
            }),
            Ok(Err(e)) => {
                let _ = thread.join();
                Err(TransportError::config("cannot build the worker runtime").with_source(e))
            }
            Err(_) => {
                let _ = thread.join();
                Err(TransportError::config("the worker thread failed to start"))
            }
        }
    }

    /// Runs `work` on the worker and waits at most `deadline` for its result.
    fn run<T, F>(&self, work: F, deadline: Duration) -> Result<T, TransportError>
    where
        T: Send + 'static,
        F: Future<Output = Result<T, TransportError>> + Send + 'static,
    {
        let (reply_tx, reply_rx) = oneshot::channel();
        let job: BoxFuture<'static, ()> = Box::pin(async move {
            let mut reply_tx = reply_tx;
            let outcome = match select(work, reply_tx.closed()).await {
                Either::Left(outcome) => Some(outcome),
                // The caller stopped waiting: drop the work.
                Either::Right(()) => None,
            };
            if let Some(outcome) = outcome {
                let _ = reply_tx.send(outcome);
            }
        });
        let submitted = self
            .jobs
            .as_ref()
            .is_some_and(|jobs| jobs.send(job).is_ok());
        if !submitted {
            return Err(TransportError::new(
                ErrorKind::Closed,
                "the worker thread has stopped",
            ));
        }
        match wait_until(reply_rx, deadline) {
            Some(Ok(outcome)) => outcome,
            Some(Err(_)) => Err(TransportError::new(
                ErrorKind::Closed,
                "the worker thread dropped the call",
            )
            .with_maybe_sent(true)),
            None => Err(TransportError::new(
                ErrorKind::Timeout,
                format!(
                    "no result within the {} ms call deadline",
                    deadline.as_millis()
                ),
            )),
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        // Closing the channel ends the worker's loop.
        self.jobs.take();
        if let Some(thread) = self.thread.take() {
            if thread.thread().id() != thread::current().id() {
                let _ = thread.join();
            }
        }
    }
}

struct Unparker(Thread);

impl Wake for Unparker {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.0.unpark();
    }
}

/// Polls `future` on the current thread, parking between polls, until it completes or
/// `deadline` (wall-clock) passes.
pub(crate) fn wait_until<F: Future>(future: F, deadline: Duration) -> Option<F::Output> {
    let waker = Waker::from(Arc::new(Unparker(thread::current())));
    let mut cx = Context::from_waker(&waker);
    let mut future = pin!(future);
    let end = std::time::Instant::now().checked_add(deadline);
    loop {
        if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return Some(out);
        }
        match end {
            Some(end) => {
                let now = std::time::Instant::now();
                if now >= end {
                    return None;
                }
                thread::park_timeout(end - now);
            }
            None => thread::park(),
        }
    }
}

/// A [`BlockingHttpClient`] that runs a [`crate::HyperClient`] on the client's own worker
/// thread, for blocking callers who want hyper's stack (the default blocking stack is the
/// [`SocketClient`], which does its I/O on the calling thread). Cheap to clone; the thread
/// ends when the last clone is dropped.
#[cfg(feature = "hyper")]
#[cfg_attr(docsrs, doc(cfg(feature = "hyper")))]
#[derive(Clone)]
pub struct HyperClient {
    inner: Arc<ClientInner>,
}

#[cfg(feature = "hyper")]
struct ClientInner {
    // Field order matters: the worker (and its thread) goes first.
    worker: Worker,
    client: crate::HyperClient,
    deadline: Duration,
}

#[cfg(feature = "hyper")]
impl fmt::Debug for HyperClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("blocking::HyperClient")
            .field("client", &self.inner.client)
            .field("deadline", &self.inner.deadline)
            .finish()
    }
}

#[cfg(feature = "hyper")]
impl HyperClient {
    /// A client with the default configuration.
    pub fn new() -> Result<HyperClient, TransportError> {
        HyperClient::from_builder(HttpClientBuilder::new())
    }

    /// A client with this configuration. The caller waits at most connect timeout + request
    /// timeout + 1 s for one exchange.
    pub fn from_builder(builder: HttpClientBuilder) -> Result<HyperClient, TransportError> {
        let (connect, request) = builder.timeouts();
        let deadline = connect
            .saturating_add(request)
            .saturating_add(Duration::from_secs(1));
        let client = builder.build()?;
        let worker = Worker::start("getui-http")?;
        Ok(HyperClient {
            inner: Arc::new(ClientInner {
                worker,
                client,
                deadline,
            }),
        })
    }
}

#[cfg(feature = "hyper")]
impl BlockingHttpClient for HyperClient {
    fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let client = self.inner.client.clone();
        self.inner.worker.run(
            async move { client.execute(request).await },
            self.inner.deadline,
        )
    }
}

/// The blocking transport: a [`crate::Transport`] whose exchanges run on the calling thread.
///
/// With a blocking HTTP stack (the default [`SocketClient`], or one given with
/// [`TransportBuilder::blocking_http_client`]) every call does its I/O on the thread that
/// calls [`send`](Self::send): no runtime, no hand-off to another thread. The transport still
/// owns one worker thread with a single-threaded tokio runtime for the background work: the
/// host list fetch on first use and the probe task (which sends its probes through the same
/// blocking stack on that runtime's blocking pool). With an asynchronous stack
/// ([`TransportBuilder::http_client`]) calls are sent to the worker and the caller waits.
///
/// Cheap to clone; the worker thread ends (and is joined) when the last clone is dropped.
#[derive(Clone)]
pub struct Transport {
    inner: Arc<TransportInner>,
}

struct TransportInner {
    // Field order matters: the worker (and its thread) goes first.
    worker: Worker,
    transport: crate::Transport,
    /// The stack used on the caller's thread; `None`: calls go through the worker.
    direct: Option<Arc<dyn BlockingHttpClient>>,
    call_timeout: Duration,
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("blocking::Transport")
            .field("transport", &self.inner.transport)
            .field("on_calling_thread", &self.inner.direct.is_some())
            .field("call_timeout", &self.inner.call_timeout)
            .finish()
    }
}

impl Transport {
    /// A builder with the defaults (finish with
    /// [`build_blocking`](TransportBuilder::build_blocking)).
    #[must_use]
    pub fn builder() -> TransportBuilder {
        TransportBuilder::new()
    }

    /// Sends `request`; see [`crate::Transport::send`] for host choice, failover and retries.
    ///
    /// On the calling thread with a blocking HTTP stack (after the host list is known: the
    /// first call waits for the worker to fetch it); through the worker, waiting at most the
    /// [call timeout](TransportBuilder::blocking_call_timeout), with an asynchronous one.
    pub fn send(&self, request: ApiRequest) -> Result<ApiResponse, TransportError> {
        let inner = &*self.inner;
        match &inner.direct {
            Some(client) => {
                self.ensure_ready()?;
                inner.transport.send_blocking(&**client, request)
            }
            None => {
                let transport = inner.transport.clone();
                inner.worker.run(
                    async move { transport.send(request).await },
                    inner.call_timeout,
                )
            }
        }
    }

    /// Obtains the host list and starts the probe task, on the worker, once.
    fn ensure_ready(&self) -> Result<(), TransportError> {
        let inner = &*self.inner;
        if inner.transport.is_ready() {
            return Ok(());
        }
        let transport = inner.transport.clone();
        inner.worker.run(
            async move { transport.ensure_ready().await },
            inner.call_timeout,
        )
    }

    /// Runs a ranking pass now; see [`crate::Transport::refresh`].
    pub fn refresh(&self) -> Result<HostRanking, TransportError> {
        let transport = self.inner.transport.clone();
        self.inner.worker.run(
            async move { transport.refresh().await },
            self.inner.call_timeout,
        )
    }

    /// A snapshot of the host ranking.
    pub fn ranking(&self) -> HostRanking {
        self.inner.transport.ranking()
    }

    /// Replaces the host list; see [`crate::Transport::replace_hosts`].
    pub fn replace_hosts<I, S>(&self, hosts: I) -> Result<(), TransportError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.inner.transport.replace_hosts(hosts)
    }
}

impl TransportBuilder {
    /// Builds a [`blocking::Transport`](Transport) with its own worker thread. Without a
    /// custom stack it uses a [`SocketClient`] built from [`http`](Self::http)'s options.
    pub fn build_blocking(mut self) -> Result<Transport, TransportError> {
        let call_timeout = self
            .blocking_call_timeout
            .unwrap_or_else(|| self.default_blocking_call_timeout());
        let direct = match self.blocking_client() {
            Some(client) => Some(client),
            None if self.uses_default_client() => {
                let client: Arc<dyn BlockingHttpClient> =
                    Arc::new(self.http.clone().build_socket_client()?);
                self = self.blocking_http_client(Arc::clone(&client));
                Some(client)
            }
            None => None,
        };
        let transport = self.build()?;
        let worker = Worker::start("getui-transport")?;
        Ok(Transport {
            inner: Arc::new(TransportInner {
                worker,
                transport,
                direct,
                call_timeout,
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worker_runs_jobs_and_reports_deadlines() {
        let worker = Worker::start("test-worker").unwrap();
        assert_eq!(
            worker.run(async { Ok(7) }, Duration::from_secs(5)).unwrap(),
            7
        );
        let err = worker
            .run(
                async {
                    std::future::pending::<()>().await;
                    Ok(())
                },
                Duration::from_millis(20),
            )
            .unwrap_err();
        assert!(err.is_timeout() && err.may_have_been_sent(), "{err:?}");
        // A panicking job does not take the worker down.
        let err = worker
            .run::<(), _>(async { panic!("boom") }, Duration::from_secs(5))
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Closed);
        assert_eq!(
            worker.run(async { Ok(1) }, Duration::from_secs(5)).unwrap(),
            1
        );
    }
}
