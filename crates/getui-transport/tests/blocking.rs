//! The blocking clients: from plain threads, from inside tokio runtimes, and their worker
//! thread's lifetime.

mod common;

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{handler, host, Reply, Server};
#[cfg(feature = "hyper")]
use getui_transport::{blocking, HyperClient, Method};
use getui_transport::{
    ApiRequest, AsyncHttpClient, BlockingHttpClient, BoxFuture, HttpRequest, HttpResponse,
    StatusCode, Transport, TransportError,
};

/// Servers on their own multi-threaded runtime, so they keep answering while the test thread
/// blocks. Shut down in the background on drop (safe inside async contexts too).
struct Background {
    rt: Option<tokio::runtime::Runtime>,
}

impl Background {
    fn new() -> Background {
        Background {
            rt: Some(
                tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(1)
                    .enable_all()
                    .build()
                    .unwrap(),
            ),
        }
    }

    fn server(&self, handler: common::Handler) -> Server {
        let rt = self.rt.as_ref().unwrap();
        // From a helper thread: `block_on` must not run inside the caller's runtime.
        std::thread::scope(|s| {
            s.spawn(|| rt.block_on(Server::start(handler)))
                .join()
                .unwrap()
        })
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        if let Some(rt) = self.rt.take() {
            rt.shutdown_background();
        }
    }
}

#[test]
fn blocking_transport_from_plain_threads() {
    let bg = Background::new();
    let a = bg.server(host("a", Duration::from_millis(1)));
    // b rejects probes, so the ranking does not depend on wall-clock speed.
    let b = bg.server(handler(|req, _| {
        if req.method == "HEAD" {
            Reply::status(500, "")
        } else {
            Reply::ok("b")
        }
    }));
    let t = Transport::builder()
        .hosts([b.url(), a.url()])
        .build_blocking()
        .unwrap();
    let ranking = t.refresh().unwrap();
    assert_eq!(ranking.current(), Some(a.url().as_str()));
    assert_eq!(t.send(ApiRequest::post("x")).unwrap().body, "a");

    // Concurrent callers on several threads share one transport.
    std::thread::scope(|s| {
        for _ in 0..4 {
            let t = t.clone();
            s.spawn(move || {
                for _ in 0..5 {
                    let answer = t.send(ApiRequest::post("x").idempotent(true)).unwrap();
                    assert_eq!(answer.body, "a");
                }
            });
        }
    });
    assert_eq!(a.count("POST"), 21);
    assert_eq!(t.ranking().passes, 1);
    drop(t);
    drop((a, b));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn blocking_transport_inside_a_multi_thread_runtime() {
    // Servers on the caller's own runtime: the blocked worker thread does not stop them.
    let a = Server::start(host("a", Duration::from_millis(1))).await;
    let t = Transport::builder()
        .hosts([a.url()])
        .build_blocking()
        .unwrap();
    assert_eq!(t.send(ApiRequest::post("x")).unwrap().body, "a");
    // Dropping inside the runtime joins the worker thread without panicking.
    drop(t);
}

#[tokio::test]
async fn blocking_clients_inside_a_current_thread_runtime() {
    let bg = Background::new();
    let a = bg.server(host("a", Duration::from_millis(1)));
    let t = Transport::builder()
        .hosts([a.url()])
        .build_blocking()
        .unwrap();
    assert_eq!(t.send(ApiRequest::post("x")).unwrap().body, "a");
    drop(t);

    #[cfg(feature = "hyper")]
    {
        let client = blocking::HyperClient::new().unwrap();
        let response = client
            .send(HttpRequest::new(Method::GET, a.url().parse().unwrap()))
            .unwrap();
        assert_eq!(response.status, StatusCode::OK);
        drop(client);
    }
}

#[cfg(feature = "hyper")]
#[test]
fn blocking_hyper_client_from_a_plain_thread() {
    let bg = Background::new();
    let a = bg.server(handler(|req, _| Reply::ok(req.body.clone())));
    let client = HyperClient::builder()
        .request_timeout(Duration::from_secs(5))
        .build_blocking()
        .unwrap();
    let response = client
        .send(HttpRequest::post(a.url().parse().unwrap(), "ping"))
        .unwrap();
    assert_eq!(response.body, "ping");
    // Usable as a trait object.
    let dynamic: Arc<dyn BlockingHttpClient> = Arc::new(client);
    let response = dynamic
        .send(HttpRequest::post(a.url().parse().unwrap(), "pong"))
        .unwrap();
    assert_eq!(response.body, "pong");
}

/// Set (by a thread-local destructor) when the thread that polled [`ThreadProbe`] exits.
struct ExitFlag(Arc<AtomicBool>);

impl Drop for ExitFlag {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

thread_local! {
    static EXIT_FLAG: RefCell<Option<ExitFlag>> = const { RefCell::new(None) };
}

/// A client that records the thread it runs on and arms an exit flag there.
struct ThreadProbe {
    exited: Arc<AtomicBool>,
    threads: Mutex<Vec<(String, String)>>,
}

impl AsyncHttpClient for ThreadProbe {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin(async move {
            let name = std::thread::current().name().unwrap_or("").to_owned();
            self.threads
                .lock()
                .unwrap()
                .push((request.method.to_string(), name));
            EXIT_FLAG.with(|f| {
                f.borrow_mut()
                    .get_or_insert_with(|| ExitFlag(Arc::clone(&self.exited)));
            });
            Ok(HttpResponse::new(StatusCode::OK, "probe"))
        })
    }
}

#[test]
fn the_worker_thread_runs_calls_and_probes_and_is_joined_on_last_drop() {
    let probe = Arc::new(ThreadProbe {
        exited: Arc::new(AtomicBool::new(false)),
        threads: Mutex::new(Vec::new()),
    });
    let t = Transport::builder()
        .hosts(["http://a.invalid/", "http://b.invalid/"])
        .http_client(probe.clone())
        .build_blocking()
        .unwrap();
    t.refresh().unwrap();
    t.send(ApiRequest::post("x")).unwrap();
    {
        let threads = probe.threads.lock().unwrap();
        // Two probes and one call, all on the transport's own worker thread.
        assert_eq!(threads.len(), 3);
        assert!(threads.iter().any(|(m, _)| m == "HEAD"));
        assert!(
            threads.iter().all(|(_, name)| name == "getui-transport"),
            "{threads:?}"
        );
    }

    let clone = t.clone();
    drop(t);
    assert!(
        !probe.exited.load(Ordering::SeqCst),
        "thread ended while a handle lives"
    );
    clone.send(ApiRequest::post("x")).unwrap();
    drop(clone);
    // Dropping the last handle joined the worker: its thread-local destructors have run.
    assert!(
        probe.exited.load(Ordering::SeqCst),
        "worker thread still running"
    );
}

/// A blocking stack that records the thread of every exchange.
#[derive(Default)]
struct BlockingThreadProbe {
    threads: Mutex<Vec<(String, std::thread::ThreadId, String)>>,
}

impl BlockingHttpClient for BlockingThreadProbe {
    fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let current = std::thread::current();
        self.threads.lock().unwrap().push((
            request.method.to_string(),
            current.id(),
            current.name().unwrap_or("").to_owned(),
        ));
        Ok(HttpResponse::new(StatusCode::OK, "ok"))
    }
}

#[test]
fn with_a_blocking_stack_calls_run_on_the_calling_thread_and_probes_on_the_worker() {
    let probe = Arc::new(BlockingThreadProbe::default());
    let t = Transport::builder()
        .hosts(["http://a.invalid/", "http://b.invalid/"])
        .blocking_http_client(probe.clone())
        .build_blocking()
        .unwrap();
    t.refresh().unwrap();
    let caller = std::thread::current().id();
    t.send(ApiRequest::post("x")).unwrap();
    let other = std::thread::spawn({
        let t = t.clone();
        move || {
            t.send(ApiRequest::post("y")).unwrap();
            std::thread::current().id()
        }
    })
    .join()
    .unwrap();

    let threads = probe.threads.lock().unwrap();
    let posts: Vec<_> = threads.iter().filter(|(m, ..)| m == "POST").collect();
    assert_eq!(posts.len(), 2, "{threads:?}");
    assert_eq!(posts[0].1, caller, "the first call ran on another thread");
    assert_eq!(posts[1].1, other, "the second call ran on another thread");
    // The probes of the ranking pass ran off the callers' threads (on the worker's blocking
    // pool), never on a caller's.
    let probes: Vec<_> = threads.iter().filter(|(m, ..)| m == "HEAD").collect();
    assert_eq!(probes.len(), 2, "{threads:?}");
    assert!(
        probes
            .iter()
            .all(|(_, id, _)| *id != caller && *id != other),
        "{threads:?}"
    );
}

#[test]
fn the_default_blocking_transport_sends_on_the_calling_thread() {
    let bg = Background::new();
    let a = bg.server(handler(|req, _| Reply::ok(req.body.clone())));
    let t = Transport::builder()
        .hosts([a.url()])
        .build_blocking()
        .unwrap();
    assert!(
        format!("{t:?}").contains("on_calling_thread: true"),
        "{t:?}"
    );
    assert_eq!(t.send(ApiRequest::post("one")).unwrap().body, "one");
    assert_eq!(t.send(ApiRequest::post("two")).unwrap().body, "two");
    assert_eq!(a.count("POST"), 2);
}
