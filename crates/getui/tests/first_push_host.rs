//! The first push of a fresh client goes to the fastest push host (issue 16, part 1), through
//! both clients: a bootstrap URL names three push hosts (probes answered at once, after
//! 300 ms, connections refused) in every order; the push arrives at the fast host, nothing but
//! a probe reaches the slow one, and 64 concurrent first pushes cause one probe per host. When
//! no host answers a probe within the probe timeout, the push still succeeds by failover and a
//! `tracing` warning names the list-order fallback.
//!
//! The asynchronous client runs on tokio's paused clock (the hosts' delays are virtual); the
//! blocking client in real time, against servers on a runtime of their own, with the 0 ms
//! against 300 ms margin.

#![cfg(all(feature = "async", feature = "blocking"))]

mod common;
mod legacy_hosts;
mod tracing_capture;

use std::time::Duration;

use common::{cid, single, APP_KEY, SECRET};
use legacy_hosts::{refusing_url, LegacyServer, Probe, ThreeHosts, ORDERS};

const PUSH: &str = "pushMessageToSingleAction";

fn async_client(serviceex_url: &str) -> getui::Client {
    let url = serviceex_url.to_owned();
    getui::Client::builder(APP_KEY, SECRET)
        .config(move |c| c.host(url))
        .build()
        .expect("client")
}

fn blocking_client(serviceex_url: &str) -> getui::blocking::Client {
    let url = serviceex_url.to_owned();
    getui::blocking::Client::builder(APP_KEY, SECRET)
        .config(move |c| c.host(url))
        .build()
        .expect("blocking client")
}

#[tokio::test(start_paused = true)]
async fn async_first_push_goes_to_the_fast_host_in_every_order() {
    for perm in ORDERS {
        let hosts = ThreeHosts::start().await;
        let bootstrap = hosts.bootstrap(perm).await;
        let client = async_client(&bootstrap.serviceex_url());
        client
            .push_to_single(&single("first"), &cid("c1"))
            .await
            .unwrap_or_else(|e| panic!("order {perm:?}: {e}"));
        assert_eq!(hosts.fast.count(PUSH), 1, "order {perm:?}");
        // The rest of the round completes; nothing but its probe reached the slow host.
        tokio::time::sleep(Duration::from_secs(1)).await;
        assert_eq!(hosts.slow.api_calls(), 0, "order {perm:?}");
        assert_eq!((hosts.fast.probes(), hosts.slow.probes()), (1, 1));
        let ranking = client.hosts();
        assert_eq!(ranking.current(), Some(hosts.fast.push_url().as_str()));
        assert_eq!(ranking.send_order().len(), 2, "{ranking:?}");
    }
}

#[tokio::test(start_paused = true)]
async fn async_concurrent_first_pushes_share_one_probe_round() {
    let hosts = ThreeHosts::start().await;
    let bootstrap = hosts.bootstrap([1, 2, 0]).await;
    let client = async_client(&bootstrap.serviceex_url());
    let mut pushes = tokio::task::JoinSet::new();
    for i in 0..64 {
        let client = client.clone();
        pushes.spawn(async move {
            client
                .push_to_single(&single(&format!("m{i}")), &cid("c1"))
                .await
        });
    }
    while let Some(result) = pushes.join_next().await {
        result.unwrap().unwrap();
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!((hosts.fast.probes(), hosts.slow.probes()), (1, 1));
    assert_eq!(hosts.fast.count(PUSH), 64);
    assert_eq!(hosts.slow.api_calls(), 0);
    assert_eq!(bootstrap.count("getOSPushDomailUrlListAction"), 1);
}

#[tokio::test(start_paused = true)]
async fn async_without_a_probe_answer_the_push_fails_over_in_list_order_and_says_so() {
    tracing_capture::install();
    let refusing = refusing_url().await;
    let silent_a = LegacyServer::start(Probe::Silent, Vec::new()).await;
    let silent_b = LegacyServer::start(Probe::Silent, Vec::new()).await;
    let list = vec![refusing, silent_a.push_url(), silent_b.push_url()];
    let bootstrap = LegacyServer::start(Probe::Silent, list).await;
    let client = async_client(&bootstrap.serviceex_url());
    let start = tokio::time::Instant::now();
    client
        .push_to_single(&single("fallback"), &cid("c1"))
        .await
        .expect("the push succeeds by failover");
    // The default probe timeout (10 s, virtual here) bounded the wait.
    let waited = start.elapsed();
    assert!(
        waited >= Duration::from_secs(10) && waited < Duration::from_secs(11),
        "{waited:?}"
    );
    // List order: the refusing first host, then the next one.
    assert!(silent_a.count(PUSH) >= 1);
    assert_eq!(silent_b.api_calls(), 0);
    let port = format!("127.0.0.1:{}", silent_a.port);
    let warned = tracing_capture::captured().into_iter().any(|line| {
        line.contains("no probe answered well within the probe timeout") && line.contains(&port)
    });
    assert!(
        warned,
        "no fallback event: {:?}",
        tracing_capture::captured()
    );
}

/// Servers on a multi-threaded runtime of their own (real time), for the blocking client.
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

    fn run<F: std::future::Future>(&self, f: F) -> F::Output {
        self.0.as_ref().unwrap().block_on(f)
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
fn blocking_first_push_goes_to_the_fast_host_in_every_order() {
    let bg = Background::new();
    for perm in ORDERS {
        let hosts = bg.run(ThreeHosts::start());
        let bootstrap = bg.run(hosts.bootstrap(perm));
        let client = blocking_client(&bootstrap.serviceex_url());
        client
            .push_to_single(&single("first"), &cid("c1"))
            .unwrap_or_else(|e| panic!("order {perm:?}: {e}"));
        assert_eq!(hosts.fast.count(PUSH), 1, "order {perm:?}");
        assert_eq!(hosts.slow.api_calls(), 0, "order {perm:?}");
    }

    // 64 first pushes at once, from 64 threads: one probe per host.
    let hosts = bg.run(ThreeHosts::start());
    let bootstrap = bg.run(hosts.bootstrap([1, 2, 0]));
    let client = blocking_client(&bootstrap.serviceex_url());
    std::thread::scope(|s| {
        for i in 0..64 {
            let client = client.clone();
            s.spawn(move || {
                client
                    .push_to_single(&single(&format!("m{i}")), &cid("c1"))
                    .unwrap();
            });
        }
    });
    // The slow probe answers after 300 ms; leave it a generous margin to arrive.
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!((hosts.fast.probes(), hosts.slow.probes()), (1, 1));
    assert_eq!(hosts.fast.count(PUSH), 64);
    assert_eq!(hosts.slow.api_calls(), 0);
}
