//! The host list, probes, several hosts with latencies, paths and methods.

mod common;

use std::time::Duration;

use bytes::Bytes;
use common::*;
use getui_mock::{MockServer, DEFAULT_APP_KEY};
use http_body_util::Full;
use hyper::{Method, Request};
use serde_json::json;
use tokio::time::Instant;

#[tokio::test]
async fn serviceex_answers_the_host_list() {
    let server = MockServer::builder().hosts(3).start().await;
    let c = client();
    let body = json!({"action": "getOSPushDomailUrlListAction", "appkey": DEFAULT_APP_KEY});
    let answer = post_json(&c, &server.serviceex_url(), &body).await;
    assert_eq!(answer["result"], "ok");
    assert_eq!(answer["osList"], json!(server.api_urls()));
    assert_eq!(server.os_list().len(), 3);
    // every host serves the same API and the same state
    for i in 0..3 {
        let url = format!("{}/serviceex", server.host_url(i));
        assert_eq!(post_json(&c, &url, &body).await["osList"], answer["osList"]);
    }
    let recs = server.requests_for("getOSPushDomailUrlListAction");
    assert_eq!(
        recs.iter().map(|r| r.host).collect::<Vec<_>>(),
        [0, 0, 1, 2]
    );
    assert!(recs.iter().all(|r| r.path == "/serviceex"));

    server.set_os_list(vec!["http://127.0.0.1:1/apiex.htm".into()]);
    assert_eq!(
        post_json(&c, &server.serviceex_url(), &body).await["osList"],
        json!(["http://127.0.0.1:1/apiex.htm"])
    );
}

#[tokio::test]
async fn head_and_empty_post_probes_get_200() {
    let server = MockServer::start().await;
    let c = client();
    for method in [Method::HEAD, Method::POST] {
        let req = Request::builder()
            .method(method.clone())
            .uri(server.api_url())
            .body(Full::new(Bytes::new()))
            .unwrap();
        let reply = send(&c, req).await.unwrap();
        assert_eq!(reply.status, 200, "{method}");
        assert!(reply.raw.is_empty());
    }
    let recs = server.requests();
    assert_eq!(recs.len(), 2);
    assert!(recs
        .iter()
        .all(|r| r.action.is_none() && r.answer.is_none()));
}

#[tokio::test]
async fn unknown_paths_and_methods_are_refused() {
    let server = MockServer::start().await;
    let c = client();
    let req = |m: Method, path: &str| {
        Request::builder()
            .method(m)
            .uri(format!("{}{path}", server.url()))
            .body(Full::new(Bytes::new()))
            .unwrap()
    };
    assert_eq!(
        send(&c, req(Method::POST, "/other")).await.unwrap().status,
        404
    );
    assert_eq!(
        send(&c, req(Method::GET, "/apiex.htm"))
            .await
            .unwrap()
            .status,
        405
    );
    assert_eq!(server.request_count(), 2);
}

/// Per-host latency, measured on tokio's paused clock: the sleeps inside the mock advance
/// virtual time, so the test is exact and takes no real time.
#[tokio::test(start_paused = true)]
async fn host_latencies_rank_hosts() {
    let server = MockServer::builder()
        .hosts(3)
        .host_latency(0, Duration::from_millis(300))
        .host_latency(2, Duration::from_millis(150))
        .start()
        .await;
    let c = client();
    let probe = |i: usize| {
        let c = c.clone();
        let url = server.host_api_url(i);
        async move {
            let start = Instant::now();
            let req = Request::head(url).body(Full::new(Bytes::new())).unwrap();
            assert_eq!(send(&c, req).await.unwrap().status, 200);
            (i, start.elapsed())
        }
    };
    let mut times = vec![];
    for (i, elapsed) in futures_join3(probe(0), probe(1), probe(2)).await {
        times.push((elapsed, i));
    }
    times.sort();
    assert_eq!(times.iter().map(|t| t.1).collect::<Vec<_>>(), [1, 2, 0]);
    assert!(times[0].0 < Duration::from_millis(150));
    assert!(times[1].0 >= Duration::from_millis(150) && times[1].0 < Duration::from_millis(300));
    assert!(times[2].0 >= Duration::from_millis(300));

    // latencies can change at run time
    server.set_host_latency(0, Duration::ZERO);
    server.set_host_latency(1, Duration::from_secs(2));
    let (_, e0) = probe(0).await;
    let (_, e1) = probe(1).await;
    assert!(e0 < Duration::from_millis(100));
    assert!(e1 >= Duration::from_secs(2));
}

async fn futures_join3<A, B, C>(a: A, b: B, c: C) -> [A::Output; 3]
where
    A: std::future::Future,
    B: std::future::Future<Output = A::Output>,
    C: std::future::Future<Output = A::Output>,
{
    let (a, b, c) = tokio::join!(a, b, c);
    [a, b, c]
}
