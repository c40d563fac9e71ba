//! The first calls of a transport (and the first after the host list changes) wait for the
//! first good probe answer and go to that host; concurrent first calls share one probe round;
//! without a good answer within the probe timeout they fall back to list order, visibly.
//!
//! The async transport runs on tokio's paused clock (the servers' delays are virtual); the
//! blocking transport calls on plain threads against servers on a runtime of their own, in real
//! time, with a wide margin (0 ms against 300 ms). The async tests use the built-in async
//! stack, so they need the `hyper` feature; the blocking ones run without it.

mod common;

#[cfg(feature = "hyper")]
use std::sync::Arc;
use std::time::Duration;

use common::{dead_url, handler, host, Handler, Reply, Server};
#[cfg(feature = "hyper")]
use common::{settle, LinesFetcher};
use getui_transport::{blocking, ApiRequest, HttpClientBuilder, Transport};
#[cfg(feature = "hyper")]
use tokio::task::JoinSet;
#[cfg(feature = "hyper")]
use tokio::time::Instant;

const MS: Duration = Duration::from_millis(1);

/// The three hosts of the issue: one answering probes at once, one after 300 ms, one refusing
/// connections.
struct Hosts {
    fast: Server,
    slow: Server,
    dead: String,
}

impl Hosts {
    async fn start() -> Hosts {
        Hosts {
            fast: Server::start(host("fast", Duration::ZERO)).await,
            slow: Server::start(host("slow", 300 * MS)).await,
            dead: dead_url().await,
        }
    }

    /// The three URLs in the order given by `perm` (0 fast, 1 slow, 2 dead).
    fn list(&self, perm: [usize; 3]) -> Vec<String> {
        let urls = [self.fast.url(), self.slow.url(), self.dead.clone()];
        perm.iter().map(|&i| urls[i].clone()).collect()
    }
}

/// Every order of three hosts.
const ORDERS: [[usize; 3]; 6] = [
    [0, 1, 2],
    [0, 2, 1],
    [1, 0, 2],
    [1, 2, 0],
    [2, 0, 1],
    [2, 1, 0],
];

/// API calls (not probes) a server received: probes are `HEAD`s and empty `POST`s.
fn api_calls(server: &Server) -> usize {
    server
        .requests()
        .iter()
        .filter(|r| r.method != "HEAD" && !r.body.is_empty())
        .count()
}

fn probes(server: &Server) -> usize {
    server
        .requests()
        .iter()
        .filter(|r| r.method == "HEAD" || r.body.is_empty())
        .count()
}

#[cfg(feature = "hyper")]
#[tokio::test(start_paused = true)]
async fn the_first_call_goes_to_the_fastest_host_in_every_list_order() {
    for perm in ORDERS {
        let hosts = Hosts::start().await;
        let list = hosts.list(perm);
        let t = Transport::builder().hosts(list.clone()).build().unwrap();
        let start = Instant::now();
        let answer = t.send(ApiRequest::post("push")).await.unwrap();
        assert_eq!(answer.body, "fast", "list {list:?}");
        assert_eq!(&*answer.host, hosts.fast.url());
        assert_eq!(answer.attempts, 1);
        assert!(!answer.unranked_fallback);
        // It went as soon as the fast host answered its probe, not after the whole round.
        assert!(start.elapsed() < 100 * MS, "{:?}", start.elapsed());

        // The rest of the round completes the ranking in the background.
        tokio::time::sleep(Duration::from_secs(1)).await;
        let ranking = t.ranking();
        assert_eq!(ranking.passes, 1);
        let order: Vec<_> = ranking.send_order().iter().map(|h| h.url.clone()).collect();
        assert_eq!(order, [hosts.fast.url(), hosts.slow.url()], "list {list:?}");
        for _ in 0..3 {
            assert_eq!(t.send(ApiRequest::post("push")).await.unwrap().body, "fast");
        }
        assert_eq!(
            api_calls(&hosts.slow),
            0,
            "a push reached the slow host: {list:?}"
        );
        assert_eq!((probes(&hosts.fast), probes(&hosts.slow)), (1, 1));
    }
}

#[cfg(feature = "hyper")]
#[tokio::test(start_paused = true)]
async fn concurrent_first_calls_share_one_probe_round() {
    for perm in [[1, 2, 0], [2, 1, 0]] {
        let hosts = Hosts::start().await;
        let t = Transport::builder()
            .hosts(hosts.list(perm))
            .build()
            .unwrap();
        let mut calls = JoinSet::new();
        for _ in 0..64 {
            let t = t.clone();
            calls.spawn(async move { t.send(ApiRequest::post("push")).await });
        }
        while let Some(answer) = calls.join_next().await {
            let answer = answer.unwrap().unwrap();
            assert_eq!(answer.body, "fast");
            assert!(!answer.unranked_fallback);
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
        // One probe per host, not one per call.
        assert_eq!((probes(&hosts.fast), probes(&hosts.slow)), (1, 1));
        assert_eq!(api_calls(&hosts.fast), 64);
        assert_eq!(api_calls(&hosts.slow), 0);
        assert_eq!(t.ranking().passes, 1);
    }
}

/// Answers API calls with `name`; probes never get an answer.
fn silent_to_probes(name: &'static str) -> Handler {
    handler(move |req, _| {
        if req.method == "HEAD" {
            Reply::Hang
        } else {
            Reply::ok(name)
        }
    })
}

#[cfg(feature = "hyper")]
#[tokio::test(start_paused = true)]
async fn without_a_good_probe_answer_in_time_the_call_falls_back_to_list_order() {
    let dead = dead_url().await;
    let a = Server::start(silent_to_probes("a")).await;
    let b = Server::start(silent_to_probes("b")).await;
    let t = Transport::builder()
        .hosts([dead.clone(), a.url(), b.url()])
        .probe_timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    let start = Instant::now();
    let answer = t.send(ApiRequest::post("push")).await.unwrap();
    let waited = start.elapsed();
    // Waited for the probe timeout, then list order: the refusing first host, failover to a.
    assert!(
        waited >= Duration::from_secs(2) && waited < Duration::from_secs(3),
        "{waited:?}"
    );
    assert_eq!(answer.body, "a");
    assert_eq!(&*answer.host, a.url());
    assert_eq!(answer.attempts, 2);
    assert!(answer.unranked_fallback, "the fallback is not visible");

    // Probes that fail at once end the wait at once (no need to sit out the timeout).
    let rejecting = |name: &'static str| {
        handler(move |req, _| match req.method.as_str() {
            "HEAD" => Reply::status(503, ""),
            _ if req.body.is_empty() => Reply::status(503, ""),
            _ => Reply::ok(name),
        })
    };
    let c = Server::start(rejecting("c")).await;
    let d = Server::start(rejecting("d")).await;
    let t = Transport::builder()
        .hosts([c.url(), d.url()])
        .build()
        .unwrap();
    let start = Instant::now();
    let answer = t.send(ApiRequest::post("push")).await.unwrap();
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );
    assert_eq!((answer.body.as_ref(), answer.attempts), (&b"c"[..], 1));
    assert!(answer.unranked_fallback);
    // Later calls do not wait again: the round is over.
    let start = Instant::now();
    let answer = t.send(ApiRequest::post("push")).await.unwrap();
    assert!(start.elapsed() < Duration::from_secs(1));
    assert!(!answer.unranked_fallback);
}

#[cfg(feature = "hyper")]
#[tokio::test(start_paused = true)]
async fn a_new_host_list_is_used_from_its_first_good_answer() {
    let a = Server::start(host("a", 10 * MS)).await;
    // Never answers probes: the first round of [a, stuck] lasts the whole probe timeout.
    let stuck = Server::start(silent_to_probes("stuck")).await;
    let t = Transport::builder()
        .hosts([stuck.url(), a.url()])
        .build()
        .unwrap();
    assert_eq!(t.send(ApiRequest::post("push")).await.unwrap().body, "a");

    // A disjoint list while that round is under way: nothing of the old ranking applies, so
    // the call waits for the new list's first good answer (the old round is abandoned).
    let hosts = Hosts::start().await;
    t.replace_hosts(hosts.list([1, 2, 0])).unwrap();
    let start = Instant::now();
    let answer = t.send(ApiRequest::post("push")).await.unwrap();
    assert_eq!(answer.body, "fast");
    assert!(!answer.unranked_fallback);
    assert!(start.elapsed() < 100 * MS, "{:?}", start.elapsed());
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(api_calls(&hosts.slow), 0);
    assert_eq!((probes(&hosts.fast), probes(&hosts.slow)), (1, 1));

    // A list that keeps a ranked host: it stays in use until the new list's first answer,
    // which takes over from the moment it arrives.
    let late = Server::start(host("late", 50 * MS)).await;
    t.replace_hosts([late.url(), hosts.fast.url()]).unwrap();
    assert_eq!(t.ranking().current(), Some(hosts.fast.url().as_str()));
    let answer = t.send(ApiRequest::post("push")).await.unwrap();
    assert_eq!(answer.body, "fast");
    tokio::time::sleep(Duration::from_secs(1)).await;
    // The new round ranked both; the fast host stays first, and nothing went elsewhere.
    let order: Vec<_> = t
        .ranking()
        .send_order()
        .iter()
        .map(|h| h.url.clone())
        .collect();
    assert_eq!(order, [hosts.fast.url(), late.url()]);
    assert_eq!(api_calls(&late), 0);
    assert_eq!(api_calls(&a) + api_calls(&stuck), 1);
    settle().await;
}

#[cfg(feature = "hyper")]
#[tokio::test(start_paused = true)]
async fn a_fetched_host_list_is_ranked_before_the_first_call() {
    let hosts = Hosts::start().await;
    let list = hosts.list([1, 2, 0]).join("\n");
    let bootstrap = Server::start(handler(move |_, _| Reply::ok(list.clone()))).await;
    let t = Transport::builder()
        .bootstrap_urls([bootstrap.url()])
        .host_list_fetcher(Arc::new(LinesFetcher))
        .build()
        .unwrap();
    let answer = t.send(ApiRequest::post("push")).await.unwrap();
    assert_eq!(answer.body, "fast");
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(api_calls(&hosts.slow), 0);
    assert_eq!(bootstrap.requests().len(), 1);
}

#[cfg(feature = "hyper")]
#[tokio::test(start_paused = true)]
async fn without_probing_calls_never_wait_and_nothing_is_probed() {
    let hosts = Hosts::start().await;
    let t = Transport::builder()
        .hosts(hosts.list([1, 0, 2]))
        .probing(false)
        .build()
        .unwrap();
    let start = Instant::now();
    assert_eq!(t.send(ApiRequest::post("x")).await.unwrap().body, "slow");
    assert!(start.elapsed() < 10 * MS);
    tokio::time::sleep(Duration::from_secs(3600)).await;
    assert_eq!(probes(&hosts.fast) + probes(&hosts.slow), 0);
}

/// Servers on a multi-threaded runtime of their own (real time), for the blocking transport.
struct Background(Option<tokio::runtime::Runtime>);

impl Background {
    fn new() -> Background {
        Background(Some(
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .enable_all()
                .build()
                .unwrap(),
        ))
    }

    fn hosts(&self) -> Hosts {
        self.0.as_ref().unwrap().block_on(Hosts::start())
    }

    fn server(&self, handler: Handler) -> Server {
        self.0.as_ref().unwrap().block_on(Server::start(handler))
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        if let Some(rt) = self.0.take() {
            rt.shutdown_background();
        }
    }
}

#[test]
fn the_blocking_transport_waits_for_the_fastest_host_too() {
    let bg = Background::new();
    for perm in ORDERS {
        let hosts = bg.hosts();
        let list = hosts.list(perm);
        let t = Transport::builder()
            .hosts(list.clone())
            .build_blocking()
            .unwrap();
        let answer = t.send(ApiRequest::post("push")).unwrap();
        assert_eq!(answer.body, "fast", "list {list:?}");
        assert!(!answer.unranked_fallback);
        assert_eq!(api_calls(&hosts.slow), 0, "list {list:?}");
        drop(t);
    }

    // 64 first calls at once, on 64 threads: one probe per host.
    let hosts = bg.hosts();
    let t = Transport::builder()
        .hosts(hosts.list([1, 2, 0]))
        .build_blocking()
        .unwrap();
    std::thread::scope(|s| {
        for _ in 0..64 {
            let t = t.clone();
            s.spawn(move || {
                let answer = t.send(ApiRequest::post("push")).unwrap();
                assert_eq!(answer.body, "fast");
            });
        }
    });
    // Let the slow probe finish (300 ms), generously.
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!((probes(&hosts.fast), probes(&hosts.slow)), (1, 1));
    assert_eq!(api_calls(&hosts.fast), 64);
    assert_eq!(api_calls(&hosts.slow), 0);
}

#[test]
fn the_blocking_transport_falls_back_to_list_order_visibly() {
    let bg = Background::new();
    let a = bg.server(silent_to_probes("a"));
    let b = bg.server(silent_to_probes("b"));
    // The blocking stack's probe of a silent host ends at its request timeout (the probe
    // timeout cannot interrupt a blocking read), and dropping the transport waits for it.
    let t = blocking::Transport::builder()
        .http(HttpClientBuilder::new().request_timeout(Duration::from_secs(1)))
        .hosts([a.url(), b.url()])
        .probe_timeout(Duration::from_millis(300))
        .build_blocking()
        .unwrap();
    let start = std::time::Instant::now();
    let answer = t.send(ApiRequest::post("push")).unwrap();
    assert!(start.elapsed() >= Duration::from_millis(300));
    assert_eq!(answer.body, "a");
    assert!(answer.unranked_fallback);
}
