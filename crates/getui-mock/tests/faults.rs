//! Every fault kind, and how faults are targeted (host, action, path, times, skip, remove).
//! Timing faults run on tokio's paused clock: the mock's sleeps advance virtual time.

mod common;

use std::io::Read;
use std::time::Duration;

use common::*;
use getui_mock::{Fault, MockServer, DEFAULT_APP_ID, DEFAULT_APP_KEY};
use serde_json::{json, Value};
use tokio::time::Instant;

const SINGLE: &str = "pushMessageToSingleAction";

async fn setup() -> (MockServer, HttpClient, String) {
    let server = MockServer::builder().hosts(2).start().await;
    let c = fresh_client();
    let token = connect(&c, &server).await;
    (server, c, token)
}

fn status_body(token: &str) -> Value {
    with_auth(
        json!({"action": "getClientIdStatusAction", "appId": DEFAULT_APP_ID, "clientId": "cid"}),
        token,
    )
}

#[tokio::test]
async fn http_statuses_for_the_next_n_requests() {
    let (server, c, token) = setup().await;
    for code in [404u16, 500, 503] {
        server
            .inject(Fault::Status(code))
            .on_action(SINGLE)
            .times(1);
        let reply = post(
            &c,
            &server.api_url(),
            &single_push(&token, &format!("s{code}"), "cid", ""),
        )
        .await
        .unwrap();
        assert_eq!(reply.status, code);
    }
    // used up: the next one is normal, and the refused ones were not processed
    let ok = post_json(
        &c,
        &server.api_url(),
        &single_push(&token, "s503", "cid", ""),
    )
    .await;
    assert_eq!(ok["result"], "ok");
    assert_eq!(server.accepted_pushes().len(), 1);
    let recs = server.requests_for(SINGLE);
    assert_eq!(recs.len(), 4);
    assert_eq!(recs[0].fault, Some(Fault::Status(404)));
    assert!(recs[0].answer.is_none());
    assert!(recs[3].fault.is_none());
}

#[tokio::test]
async fn dropped_connections() {
    let (server, c, token) = setup().await;
    let url = server.api_url();

    server
        .inject(Fault::DropBeforeRead)
        .on_action(SINGLE)
        .times(1);
    assert!(post(&c, &url, &single_push(&token, "d1", "cid", ""))
        .await
        .is_err());
    let rec = server.requests_for(SINGLE).pop().unwrap();
    assert!(rec.body.is_empty() && rec.params.is_none());

    server
        .inject(Fault::DropAfterRead)
        .on_action(SINGLE)
        .times(1);
    assert!(post(&c, &url, &single_push(&token, "d2", "cid", ""))
        .await
        .is_err());
    let rec = server.requests_for(SINGLE).pop().unwrap();
    assert_eq!(rec.request_id(), Some("d2"));
    assert!(
        server.accepted_pushes().is_empty(),
        "DropAfterRead must not process"
    );

    server
        .inject(Fault::DropAfterProcess)
        .on_action(SINGLE)
        .times(1);
    assert!(post(&c, &url, &single_push(&token, "d3", "cid", ""))
        .await
        .is_err());
    assert_eq!(server.acceptance_count("d3"), 1);

    // the server keeps serving
    assert_eq!(
        post_json(&c, &url, &status_body(&token)).await["result"],
        "Online"
    );
}

#[tokio::test(start_paused = true)]
async fn hangs_never_answer() {
    let (server, c, token) = setup().await;
    let url = server.api_url();
    server.inject(Fault::Hang).on_action(SINGLE).times(1);
    server
        .inject(Fault::HangAfterProcess)
        .on_action(SINGLE)
        .times(1);
    let started = Instant::now();
    let hung = tokio::time::timeout(
        Duration::from_secs(60),
        post(&c, &url, &single_push(&token, "h1", "cid", "")),
    )
    .await;
    assert!(hung.is_err());
    assert!(started.elapsed() >= Duration::from_secs(60));
    assert_eq!(server.acceptance_count("h1"), 0);
    let hung = tokio::time::timeout(
        Duration::from_secs(60),
        post(&c, &url, &single_push(&token, "h2", "cid", "")),
    )
    .await;
    assert!(hung.is_err());
    assert_eq!(server.acceptance_count("h2"), 1);
    // both were recorded while hanging, and others are still served
    assert_eq!(server.requests_for(SINGLE).len(), 2);
    assert_eq!(
        post_json(&c, &url, &status_body(&token)).await["result"],
        "Online"
    );
    // dropping the server ends the hanging connections
    drop(server);
}

#[tokio::test]
async fn damaged_answers() {
    let (server, c, token) = setup().await;
    let url = server.api_url();
    let push = |rid: &str| single_push(&token, rid, "cid", "");

    server
        .inject(Fault::MalformedJson)
        .on_action(SINGLE)
        .times(1);
    let reply = post(&c, &url, &push("m1")).await.unwrap();
    assert_eq!(reply.status, 200);
    assert!(serde_json::from_slice::<Value>(&reply.raw).is_err());

    server.inject(Fault::EmptyBody).on_action(SINGLE).times(1);
    let reply = post(&c, &url, &push("m2")).await.unwrap();
    assert_eq!(reply.status, 200);
    assert!(reply.raw.is_empty());

    server
        .inject(Fault::TruncatedGzip)
        .on_action(SINGLE)
        .times(1);
    let reply = post(&c, &url, &push("m3")).await.unwrap();
    assert!(reply.gzip());
    let mut out = Vec::new();
    assert!(flate2::read::GzDecoder::new(&reply.raw[..])
        .read_to_end(&mut out)
        .is_err());

    server
        .inject(Fault::GzipBomb {
            expanded_len: 16 << 20,
        })
        .on_action(SINGLE)
        .times(1);
    let reply = post(&c, &url, &push("m4")).await.unwrap();
    assert!(reply.gzip());
    assert!(
        reply.raw.len() < 64 << 10,
        "bomb is {} bytes on the wire",
        reply.raw.len()
    );
    let mut limited = flate2::read::GzDecoder::new(&reply.raw[..]).take((1 << 20) + 1);
    out.clear();
    limited.read_to_end(&mut out).unwrap();
    assert!(out.len() > 1 << 20, "the bomb inflates past a 1 MiB cap");
    assert_eq!(reply.body().len(), 16 << 20);

    server
        .inject(Fault::OversizedAnswer { len: 5 << 20 })
        .on_action(SINGLE)
        .times(1);
    let reply = post(&c, &url, &push("m5")).await.unwrap();
    assert_eq!(reply.raw.len(), 5 << 20);
    assert_eq!(reply.json()["result"], "ok");

    // all of these were processed: only the answers were damaged
    for rid in ["m1", "m2", "m3", "m4", "m5"] {
        assert_eq!(server.acceptance_count(rid), 1, "{rid}");
    }
}

#[tokio::test(start_paused = true)]
async fn slow_loris_and_latency() {
    let (server, c, token) = setup().await;
    let url = server.api_url();
    server
        .inject(Fault::SlowLoris {
            chunk: 8,
            interval: Duration::from_millis(100),
        })
        .on_action("getClientIdStatusAction")
        .times(1);
    let started = Instant::now();
    let reply = post(&c, &url, &status_body(&token)).await.unwrap();
    let elapsed = started.elapsed();
    let chunks = reply.raw.len().div_ceil(8) as u32;
    assert!(chunks > 3);
    assert!(
        elapsed >= Duration::from_millis(100) * chunks,
        "{elapsed:?} for {chunks} chunks"
    );
    assert_eq!(reply.json()["result"], "Online");

    server
        .inject(Fault::Latency(Duration::from_secs(5)))
        .on_action(SINGLE)
        .times(1);
    let started = Instant::now();
    let answer = post_json(&c, &url, &single_push(&token, "late", "cid", "")).await;
    assert!(started.elapsed() >= Duration::from_secs(5));
    assert_eq!(answer["result"], "ok");
}

#[tokio::test]
async fn canned_answers_domain_error_and_sign_error() {
    let (server, c, token) = setup().await;
    let url = server.api_url();
    let hosts = vec![server.host_api_url(1)];
    server
        .inject(Fault::DomainError(hosts.clone()))
        .on_action(SINGLE)
        .times(1);
    let answer = post_json(&c, &url, &single_push(&token, "x", "cid", "")).await;
    assert_eq!(answer, json!({"result": "domain_error", "osList": hosts}));

    server.inject(Fault::SignError).on_action(SINGLE).times(1);
    let answer = post_json(&c, &url, &single_push(&token, "x", "cid", "")).await;
    assert_eq!(answer, json!({"result": "sign_error"}));

    server
        .inject(Fault::Answer(json!({"result": "flow_exceeded"})))
        .on_action(SINGLE)
        .times(1);
    let answer = post_json(&c, &url, &single_push(&token, "x", "cid", "")).await;
    assert_eq!(answer["result"], "flow_exceeded");
    assert_eq!(
        server.acceptance_count("x"),
        0,
        "canned answers are not processed"
    );

    // gzip requests get the canned answer gzip-encoded
    server.inject(Fault::SignError).on_action(SINGLE).times(1);
    let reply = send(
        &c,
        api_request(&url, &single_push(&token, "x", "cid", ""), true),
    )
    .await
    .unwrap();
    assert!(reply.gzip());
    assert_eq!(reply.json()["result"], "sign_error");

    // finally accepted
    assert_eq!(
        post_json(&c, &url, &single_push(&token, "x", "cid", "")).await["result"],
        "ok"
    );
}

#[tokio::test]
async fn targeting_hosts_paths_skip_and_removal() {
    let (server, c, token) = setup().await;
    let body = status_body(&token);
    let on_host1 = server.inject(Fault::Status(503)).on_host(1).install();
    assert_eq!(
        post(&c, &server.host_api_url(0), &body)
            .await
            .unwrap()
            .status,
        200
    );
    assert_eq!(
        post(&c, &server.host_api_url(1), &body)
            .await
            .unwrap()
            .status,
        503
    );
    // probes on that host fail too (no action filter)
    let head = hyper::Request::head(server.host_api_url(1))
        .body(http_body_util::Full::new(bytes::Bytes::new()))
        .unwrap();
    assert_eq!(send(&c, head).await.unwrap().status, 503);
    assert_eq!(on_host1.hits(), 2);
    assert!(on_host1.is_live());
    on_host1.remove();
    assert!(!on_host1.is_live());
    assert_eq!(
        post(&c, &server.host_api_url(1), &body)
            .await
            .unwrap()
            .status,
        200
    );

    // path filter: only the bootstrap URL fails
    server.inject(Fault::Status(404)).on_path("/serviceex");
    let list = json!({"action": "getOSPushDomailUrlListAction", "appkey": DEFAULT_APP_KEY});
    assert_eq!(
        post(&c, &server.serviceex_url(), &list)
            .await
            .unwrap()
            .status,
        404
    );
    assert_eq!(
        post(&c, &server.api_url(), &list).await.unwrap().status,
        200
    );
    server.clear_faults();
    assert_eq!(
        post(&c, &server.serviceex_url(), &list)
            .await
            .unwrap()
            .status,
        200
    );

    // skip: the second matching request fails, the first and third pass
    let second = server
        .inject(Fault::Status(500))
        .on_action("getClientIdStatusAction")
        .skip(1)
        .times(1)
        .install();
    let statuses: Vec<u16> = [
        post(&c, &server.api_url(), &body).await.unwrap().status,
        post(&c, &server.api_url(), &body).await.unwrap().status,
        post(&c, &server.api_url(), &body).await.unwrap().status,
    ]
    .into();
    assert_eq!(statuses, [200, 500, 200]);
    assert_eq!(second.hits(), 1);
    assert!(!second.is_live());

    // a fault on connect breaks authentication
    server
        .inject(Fault::SignError)
        .on_action("connect")
        .times(1);
    let answer = post_json(
        &c,
        &server.api_url(),
        &connect_body(DEFAULT_APP_KEY, getui_mock::DEFAULT_MASTER_SECRET),
    )
    .await;
    assert_eq!(answer["result"], "sign_error");
}

#[tokio::test]
async fn faults_without_gt_action_header_match_the_body_action() {
    let (server, c, token) = setup().await;
    server.inject(Fault::Status(503)).on_action(SINGLE).times(1);
    let body = serde_json::to_vec(&single_push(&token, "nh", "cid", "")).unwrap();
    let req = hyper::Request::post(server.api_url())
        .body(http_body_util::Full::new(bytes::Bytes::from(body)))
        .unwrap();
    assert_eq!(send(&c, req).await.unwrap().status, 503);
    let rec = server.requests_for(SINGLE).pop().unwrap();
    assert_eq!(rec.header("gt-action"), None);
    assert_eq!(rec.action.as_deref(), Some(SINGLE));
}
