//! Many parallel requests over several hosts.

mod common;

use std::collections::HashSet;

use common::*;
use getui_mock::MockServer;
use serde_json::Value;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_parallel_pushes_over_two_hosts() {
    let server = MockServer::builder().hosts(2).start().await;
    let c = client();
    let token = connect(&c, &server).await;
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..400 {
        let c = c.clone();
        let url = server.host_api_url(i % 2);
        let body = single_push(&token, &format!("p-{i}"), &format!("cid-{i}"), "");
        tasks.spawn(async move { post_json(&c, &url, &body).await });
    }
    let mut task_ids = HashSet::new();
    while let Some(answer) = tasks.join_next().await {
        let answer = answer.unwrap();
        assert_eq!(answer["result"], "ok");
        task_ids.insert(answer["taskId"].as_str().unwrap().to_owned());
    }
    assert_eq!(task_ids.len(), 400, "task ids are unique");
    let ledger = server.accepted_pushes();
    assert_eq!(ledger.len(), 400);
    assert_eq!(ledger.iter().filter(|p| p.host == 1).count(), 200);
    let seqs: Vec<u64> = server.requests().iter().map(|r| r.seq).collect();
    assert_eq!(
        seqs,
        (0..401).collect::<Vec<_>>(),
        "every request recorded once, in order"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_duplicates_are_accepted_once() {
    let server = MockServer::builder().hosts(2).start().await;
    let c = client();
    let token = connect(&c, &server).await;
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..100 {
        let c = c.clone();
        let url = server.host_api_url(i % 2);
        let body = single_push(&token, &format!("dup-{}", i % 5), "cid", "");
        tasks.spawn(async move { post_json(&c, &url, &body).await });
    }
    let mut answers: Vec<Value> = Vec::new();
    while let Some(answer) = tasks.join_next().await {
        answers.push(answer.unwrap());
    }
    let distinct: HashSet<String> = answers.iter().map(|a| a["taskId"].to_string()).collect();
    assert_eq!(distinct.len(), 5);
    assert_eq!(server.accepted_pushes().len(), 5);
    for k in 0..5 {
        let stats = server.request_id_stats(&format!("dup-{k}"));
        assert_eq!((stats.submitted, stats.accepted), (20, 1));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recording_can_be_turned_off_for_load() {
    let server = MockServer::builder().record_requests(false).start().await;
    let c = client();
    let token = connect(&c, &server).await;
    for i in 0..20 {
        post_json(
            &c,
            &server.api_url(),
            &single_push(&token, &format!("n{i}"), "cid", ""),
        )
        .await;
    }
    assert_eq!(server.request_count(), 0);
    assert_eq!(server.accepted_pushes().len(), 20, "the ledger is kept");
    server.set_recording(true);
    post_json(
        &c,
        &server.api_url(),
        &single_push(&token, "n-last", "cid", ""),
    )
    .await;
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn waiting_for_requests_sent_in_the_background() {
    let server = MockServer::start().await;
    let c = client();
    let url = server.api_url();
    let background = tokio::spawn(async move {
        for _ in 0..3 {
            let req = hyper::Request::head(url.as_str())
                .body(http_body_util::Full::new(bytes::Bytes::new()))
                .unwrap();
            send(&c, req).await.unwrap();
        }
    });
    let wait = std::time::Duration::from_secs(10);
    tokio::time::timeout(wait, server.wait_for_requests(3))
        .await
        .expect("three probes");
    tokio::time::timeout(
        wait,
        server.wait_until(|log| log.iter().all(|r| r.method == "HEAD")),
    )
    .await
    .unwrap();
    background.await.unwrap();
    assert_eq!(server.request_count(), 3);
}
