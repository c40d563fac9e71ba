//! Host ranking, the probe loop and failover, on loopback servers with tokio's paused clock.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::{dead_url, handler, host, settle, LinesFetcher, Reply, Server};
use getui_transport::{
    ApiRequest, ErrorKind, Health, ProbeMethod, StatusCode, Transport, TransportBuilder,
};
use tokio::time::Instant;

const MS: Duration = Duration::from_millis(1);

fn builder_for(hosts: &[String]) -> TransportBuilder {
    Transport::builder().hosts(hosts.iter().cloned())
}

/// Waits (on the paused clock, in 1 ms steps, bounded) until `passes` ranking passes are done.
async fn wait_for_passes(t: &Transport, passes: u64) {
    for _ in 0..2000 {
        if t.ranking().passes >= passes {
            return;
        }
        tokio::time::sleep(MS).await;
    }
    panic!("pass {passes} did not happen: {:?}", t.ranking());
}

fn send_order(t: &Transport) -> Vec<String> {
    t.ranking()
        .send_order()
        .iter()
        .map(|h| h.url.clone())
        .collect()
}

#[tokio::test(start_paused = true)]
async fn fastest_2xx_host_is_chosen_and_failing_hosts_never_are() {
    let slow = Server::start(host("slow", 300 * MS)).await;
    let fast = Server::start(host("fast", 100 * MS)).await;
    let medium = Server::start(host("medium", 200 * MS)).await;
    // Answers at once, but not 2xx: faster than everyone, must never win.
    let error = Server::start(handler(|_, _| Reply::status(500, "no"))).await;
    let not_found = Server::start(handler(|_, _| Reply::status(404, "no"))).await;
    // Connection refused at once (the Python SDK ranked such a failure as fastest).
    let dead = dead_url().await;
    let list = [
        dead.clone(),
        error.url(),
        not_found.url(),
        slow.url(),
        fast.url(),
        medium.url(),
    ]
    .join("\n");
    let bootstrap = Server::start(handler(move |_, _| Reply::ok(list.clone()))).await;

    let t = Transport::builder()
        .bootstrap_urls([bootstrap.url()])
        .host_list_fetcher(Arc::new(LinesFetcher))
        .build()
        .unwrap();
    let ranking = t.refresh().await.unwrap();

    // The fetcher's answer is the host list; the bootstrap URL is not a host.
    assert_eq!(ranking.hosts.len(), 6);
    assert!(ranking.get(&bootstrap.url()).is_none());
    let fetches = bootstrap.requests();
    assert_eq!(fetches.len(), 1);
    assert_eq!(fetches[0].method, "POST");
    assert!(String::from_utf8_lossy(&fetches[0].body).contains("getOSPushDomailUrlListAction"));

    // One pass, every host probed once, concurrently (the pass took the slowest probe's time,
    // not the sum).
    assert_eq!(ranking.passes, 1);
    for s in [&slow, &fast, &medium, &error, &not_found] {
        assert_eq!(s.count("HEAD"), 1);
    }
    assert_eq!(send_order(&t), [fast.url(), medium.url(), slow.url()]);
    assert_eq!(ranking.current(), Some(fast.url().as_str()));
    let latency = ranking.get(&fast.url()).unwrap().latency.unwrap();
    assert!(latency >= 100 * MS && latency < 200 * MS, "{latency:?}");
    assert_eq!(
        ranking.get(&error.url()).unwrap().health,
        Health::Rejected(500)
    );
    assert_eq!(
        ranking.get(&not_found.url()).unwrap().health,
        Health::Rejected(404)
    );
    assert_eq!(ranking.get(&dead).unwrap().health, Health::Unreachable);

    for _ in 0..3 {
        let answer = t.send(ApiRequest::post("payload")).await.unwrap();
        assert_eq!(answer.body, "fast");
        assert_eq!(&*answer.host, fast.url());
        assert_eq!(answer.attempts, 1);
    }
    for s in [&slow, &medium, &error, &not_found] {
        assert_eq!(s.count("POST"), 0, "API call went to a non-fastest host");
    }
}

#[tokio::test(start_paused = true)]
async fn host_list_fetch_falls_through_bootstrap_urls_in_order() {
    let a = Server::start(host("a", MS)).await;
    let b = Server::start(host("b", MS)).await;
    let dead = dead_url().await;
    let empty = Server::start(handler(|_, _| Reply::ok(""))).await;
    let failing = Server::start(handler(|_, _| Reply::status(503, ""))).await;
    let list = format!("{}\n{}", a.url(), b.url());
    let good = Server::start(handler(move |_, _| Reply::ok(list.clone()))).await;

    let t = Transport::builder()
        .bootstrap_urls([dead.clone(), empty.url(), failing.url(), good.url()])
        .host_list_fetcher(Arc::new(LinesFetcher))
        .probing(false)
        .build()
        .unwrap();
    let answer = t.send(ApiRequest::post("x")).await.unwrap();
    assert_eq!(answer.body, "a");
    assert_eq!(empty.count("POST"), 1);
    assert_eq!(failing.count("POST"), 1);
    assert_eq!(good.count("POST"), 1);
    // Fetched once, not per call.
    t.send(ApiRequest::post("x")).await.unwrap();
    assert_eq!(good.count("POST"), 1);

    // No bootstrap URL gives a list: a typed error naming every URL asked.
    let t = Transport::builder()
        .bootstrap_urls([dead.clone(), empty.url()])
        .host_list_fetcher(Arc::new(LinesFetcher))
        .build()
        .unwrap();
    let err = t.send(ApiRequest::post("x")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::HostList);
    assert_eq!(err.hosts(), [dead, empty.url()]);
    assert!(!err.may_have_been_sent());
}

#[tokio::test(start_paused = true)]
async fn reprobe_happens_at_ten_minutes_not_before_and_keeps_happening() {
    let a = Server::start(host("a", 10 * MS)).await;
    let b = Server::start(host("b", 20 * MS)).await;
    let t = builder_for(&[a.url(), b.url()]).build().unwrap();
    let t0 = t.refresh().await.unwrap().last_pass.unwrap();
    assert_eq!((a.count("HEAD"), b.count("HEAD")), (1, 1));

    tokio::time::sleep_until(t0 + Duration::from_secs(599)).await;
    settle().await;
    assert_eq!(
        (a.count("HEAD"), b.count("HEAD")),
        (1, 1),
        "re-probed before 10:00"
    );
    assert_eq!(t.ranking().passes, 1);

    tokio::time::sleep_until(t0 + Duration::from_secs(600) + 50 * MS).await;
    assert_eq!(
        (a.count("HEAD"), b.count("HEAD")),
        (2, 2),
        "no re-probe at 10:00"
    );
    let at = a
        .requests()
        .iter()
        .filter(|r| r.method == "HEAD")
        .nth(1)
        .unwrap()
        .at;
    let offset = at - t0;
    assert!(
        offset >= Duration::from_secs(600) && offset < Duration::from_secs(600) + 5 * MS,
        "re-probe at {offset:?}"
    );

    // Periodic, not one-shot.
    tokio::time::sleep_until(t0 + Duration::from_secs(1200) + 50 * MS).await;
    assert_eq!((a.count("HEAD"), b.count("HEAD")), (3, 3));
    assert_eq!(t.ranking().passes, 3);
}

#[tokio::test(start_paused = true)]
async fn consecutive_failures_trigger_an_early_reprobe_at_most_once_a_minute() {
    // Probes succeed; API calls fail with 503 unless the body is "good".
    let h = || {
        handler(|req, _| match (req.method.as_str(), req.body.as_slice()) {
            ("HEAD", _) => Reply::ok(""),
            (_, b"good") => Reply::ok("fine"),
            _ => Reply::status(503, "busy"),
        })
    };
    let a = Server::start(h()).await;
    let b = Server::start(h()).await;
    let t = builder_for(&[a.url(), b.url()]).build().unwrap();
    t.refresh().await.unwrap();
    let probes = || a.count("HEAD") + b.count("HEAD");
    assert_eq!(probes(), 2);
    let fail = || async {
        let answer = t.send(ApiRequest::post("bad")).await.unwrap();
        // A 503 is an answer: returned, not retried.
        assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(answer.attempts, 1);
    };

    // Not consecutive: a success in between resets the count.
    fail().await;
    fail().await;
    assert_eq!(t.send(ApiRequest::post("good")).await.unwrap().status, 200);
    fail().await;
    fail().await;
    settle().await;
    assert_eq!(t.ranking().consecutive_failures, 2);
    assert_eq!((t.ranking().passes, probes()), (1, 2));

    // Third consecutive failure: early re-probe.
    fail().await;
    let triggered_at = Instant::now();
    wait_for_passes(&t, 2).await;
    assert_eq!(probes(), 4);

    // A second burst within the minute does not re-probe.
    for _ in 0..3 {
        fail().await;
    }
    tokio::time::sleep(Duration::from_secs(30)).await;
    assert_eq!((t.ranking().passes, probes()), (2, 4));

    // After the minute, the next failure (the count is still over the threshold) does.
    tokio::time::sleep_until(triggered_at + Duration::from_secs(60)).await;
    fail().await;
    wait_for_passes(&t, 3).await;
    assert_eq!(probes(), 6);
}

#[tokio::test(start_paused = true)]
async fn dropping_the_last_handle_ends_the_probe_task() {
    let metrics = tokio::runtime::Handle::current().metrics();
    let a = Server::start(host("a", MS)).await;
    let b = Server::start(host("b", 2 * MS)).await;
    let baseline = metrics.num_alive_tasks();

    let t = builder_for(&[a.url(), b.url()])
        .probe_interval(Duration::from_secs(60))
        .build()
        .unwrap();
    t.refresh().await.unwrap();
    t.send(ApiRequest::post("x")).await.unwrap();

    // A clone keeps the transport (and its probing) alive.
    let clone = t.clone();
    drop(t);
    tokio::time::sleep(Duration::from_secs(61)).await;
    settle().await;
    let probes = a.count("HEAD");
    assert_eq!(probes, 2);

    drop(clone);
    settle().await;
    for _ in 0..10 {
        tokio::time::sleep(Duration::from_secs(60)).await;
    }
    assert_eq!(
        a.count("HEAD"),
        probes,
        "probes after the transport was dropped"
    );
    assert_eq!(b.count("HEAD"), probes);
    // The probe task (and the client's connection tasks) are gone; only the servers remain.
    settle().await;
    assert_eq!(metrics.num_alive_tasks(), baseline);
}

#[tokio::test(start_paused = true)]
async fn fastest_host_dies_and_the_next_call_fails_over_within_the_call() {
    let fast = Server::start(host("fast", 10 * MS)).await;
    let next = Server::start(host("next", 30 * MS)).await;
    let last = Server::start(host("last", 50 * MS)).await;
    let t = builder_for(&[last.url(), next.url(), fast.url()])
        .build()
        .unwrap();
    t.refresh().await.unwrap();
    assert_eq!(t.send(ApiRequest::post("x")).await.unwrap().body, "fast");

    fast.kill();
    settle().await;
    // Not idempotent: a connect failure provably did not send anything, so failing over is
    // safe for any request.
    let answer = t.send(ApiRequest::post("x")).await.unwrap();
    assert_eq!(answer.body, "next");
    assert_eq!(answer.attempts, 2);
    assert_eq!(&*answer.host, next.url());

    // Later calls skip the dead host until the next pass.
    let ranking = t.ranking();
    assert_eq!(ranking.get(&fast.url()).unwrap().health, Health::Down);
    assert_eq!(ranking.current(), Some(next.url().as_str()));
    let answer = t.send(ApiRequest::post("x")).await.unwrap();
    assert_eq!((answer.body.as_ref(), answer.attempts), (&b"next"[..], 1));

    // The next pass confirms it is unreachable.
    let ranking = t.refresh().await.unwrap();
    assert_eq!(
        ranking.get(&fast.url()).unwrap().health,
        Health::Unreachable
    );
    assert_eq!(send_order(&t), [next.url(), last.url()]);
}

#[tokio::test(start_paused = true)]
async fn transports_in_one_process_do_not_share_ranking_or_failures() {
    let h = |name: &'static str, delay: Duration| {
        handler(move |req, _| match req.method.as_str() {
            "HEAD" => Reply::ok("").delayed(delay),
            _ if req.body == b"fail" => Reply::status(503, ""),
            _ => Reply::ok(name),
        })
    };
    let a1 = Server::start(h("a1", 10 * MS)).await;
    let a2 = Server::start(h("a2", 20 * MS)).await;
    let b1 = Server::start(h("b1", 20 * MS)).await;
    let b2 = Server::start(h("b2", 10 * MS)).await;
    let ta = builder_for(&[a1.url(), a2.url()]).build().unwrap();
    let tb = builder_for(&[b1.url(), b2.url()]).build().unwrap();
    ta.refresh().await.unwrap();
    tb.refresh().await.unwrap();
    assert_eq!(ta.send(ApiRequest::post("x")).await.unwrap().body, "a1");
    assert_eq!(tb.send(ApiRequest::post("x")).await.unwrap().body, "b2");

    for _ in 0..3 {
        ta.send(ApiRequest::post("fail")).await.unwrap();
    }
    wait_for_passes(&ta, 2).await;
    settle().await;
    assert_eq!(tb.ranking().passes, 1);
    assert_eq!(tb.ranking().consecutive_failures, 0);
    assert_eq!(b1.count("HEAD") + b2.count("HEAD"), 2);
    assert_eq!(a1.count("HEAD") + a2.count("HEAD"), 4);
}

#[tokio::test(start_paused = true)]
async fn a_single_host_is_never_probed_and_probing_can_be_disabled() {
    let only = Server::start(host("only", MS)).await;
    let t = builder_for(&[only.url()]).build().unwrap();
    for _ in 0..3 {
        assert_eq!(t.send(ApiRequest::post("x")).await.unwrap().body, "only");
    }
    t.refresh().await.unwrap();
    tokio::time::sleep(Duration::from_secs(3600)).await;
    assert_eq!(
        only.count("HEAD") + only.requests().iter().filter(|r| r.body.is_empty()).count(),
        0
    );
    assert_eq!(only.count("POST"), 3);

    // Two hosts, probing off: only the caller's requests are ever sent, in list order, and
    // failures trigger nothing.
    let first = Server::start(handler(|_, _| Reply::status(503, "first"))).await;
    let second = Server::start(host("second", MS)).await;
    let t = builder_for(&[first.url(), second.url()])
        .probing(false)
        .build()
        .unwrap();
    for _ in 0..5 {
        assert_eq!(t.send(ApiRequest::post("x")).await.unwrap().body, "first");
    }
    assert_eq!(t.refresh().await.unwrap().passes, 0);
    tokio::time::sleep(Duration::from_secs(3600)).await;
    assert_eq!(first.requests().len(), 5);
    assert_eq!(second.requests().len(), 0);
}

#[tokio::test(start_paused = true)]
async fn head_rejected_falls_back_to_an_empty_post() {
    let h = |delay: Duration| {
        handler(move |req, _| match req.method.as_str() {
            "HEAD" => Reply::status(405, ""),
            _ if req.body.is_empty() => Reply::ok("").delayed(delay),
            _ => Reply::ok("api"),
        })
    };
    let a = Server::start(h(30 * MS)).await;
    let b = Server::start(h(10 * MS)).await;
    let t = builder_for(&[a.url(), b.url()]).build().unwrap();
    let ranking = t.refresh().await.unwrap();
    assert_eq!(ranking.current(), Some(b.url().as_str()));
    assert_eq!(ranking.get(&a.url()).unwrap().health, Health::Up);
    assert_eq!((b.count("HEAD"), b.count("POST")), (1, 1));
    let probe = &b.requests()[1];
    assert_eq!(probe.header("content-length"), Some("0"));
    // The host is remembered as HEAD-rejecting: the next pass goes straight to POST.
    t.refresh().await.unwrap();
    assert_eq!((b.count("HEAD"), b.count("POST")), (1, 2));

    // HEAD only: a 405 is a rejection.
    let c = Server::start(host("c", MS)).await;
    let t = builder_for(&[a.url(), b.url(), c.url()])
        .probe_method(ProbeMethod::Head)
        .build()
        .unwrap();
    let ranking = t.refresh().await.unwrap();
    assert_eq!(ranking.get(&a.url()).unwrap().health, Health::Rejected(405));
    assert_eq!(ranking.current(), Some(c.url().as_str()));
    assert_eq!(b.count("POST"), 2, "no POST fallback in HEAD-only mode");
}

#[tokio::test(start_paused = true)]
async fn probe_timeout_excludes_slow_hosts() {
    let snail = Server::start(host("snail", Duration::from_secs(20))).await;
    let ok = Server::start(host("ok", Duration::from_secs(1))).await;
    let t = builder_for(&[snail.url(), ok.url()])
        .probe_timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let start = Instant::now();
    let ranking = t.refresh().await.unwrap();
    // The pass is bounded by the probe timeout, not by the slowest host.
    assert!(
        start.elapsed() < Duration::from_secs(6),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(
        ranking.get(&snail.url()).unwrap().health,
        Health::Unreachable
    );
    assert_eq!(ranking.current(), Some(ok.url().as_str()));
}

#[tokio::test(start_paused = true)]
async fn replacing_the_host_list_switches_at_once_and_reranks() {
    let old = Server::start(host("old", MS)).await;
    let slow = Server::start(host("slow", 40 * MS)).await;
    let quick = Server::start(host("quick", 5 * MS)).await;
    let t = builder_for(&[old.url()]).build().unwrap();
    assert_eq!(t.send(ApiRequest::post("x")).await.unwrap().body, "old");

    let passes = t.ranking().passes;
    t.replace_hosts([slow.url(), quick.url()]).unwrap();
    // List order until the pass (started by the replacement) completes.
    assert_eq!(t.ranking().current(), Some(slow.url().as_str()));
    wait_for_passes(&t, passes + 1).await;
    assert_eq!(old.count("HEAD"), 0);
    assert_eq!(t.send(ApiRequest::post("x")).await.unwrap().body, "quick");
    assert!(t.replace_hosts(Vec::<String>::new()).is_err());
    assert!(t.replace_hosts(["ftp://nope/"]).is_err());
}

#[tokio::test(start_paused = true)]
async fn when_no_host_is_reachable_the_host_list_is_fetched_again() {
    let a = Server::start(host("a", 5 * MS)).await;
    let b = Server::start(host("b", MS)).await;
    let dead1 = dead_url().await;
    let dead2 = dead_url().await;
    let first = format!("{dead1}\n{dead2}");
    let second = format!("{}\n{}", a.url(), b.url());
    let bootstrap = Server::start(handler(move |_, n| {
        Reply::ok(if n == 1 {
            first.clone()
        } else {
            second.clone()
        })
    }))
    .await;
    let t = Transport::builder()
        .bootstrap_urls([bootstrap.url()])
        .host_list_fetcher(Arc::new(LinesFetcher))
        .build()
        .unwrap();
    let ranking = t.refresh().await.unwrap();
    assert_eq!(bootstrap.count("POST"), 2);
    assert_eq!(ranking.current(), Some(b.url().as_str()));
    assert_eq!(send_order(&t), [b.url(), a.url()]);
    assert_eq!(t.send(ApiRequest::post("x")).await.unwrap().body, "b");
}

#[tokio::test(start_paused = true)]
async fn configuration_errors_are_typed() {
    let err = Transport::builder().build().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    let err = Transport::builder()
        .hosts(["not a url"])
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    // Bootstrap URLs without a fetcher cannot produce hosts.
    let err = Transport::builder()
        .bootstrap_urls(getui_transport::bootstrap::HTTPS.iter().copied())
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
}
