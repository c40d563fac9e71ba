//! Every legacy fault kind on REST v2 paths, plus the v2-specific ones: token expiry
//! mid-stream (10001) and the 301 host switch. Timing faults run on tokio's paused clock.

mod common;
mod v2_common;

use std::io::Read;
use std::time::Duration;

use common::*;
use getui_mock::{Fault, MockServer, DEFAULT_APP_ID};
use hyper::Method;
use serde_json::{json, Value};
use tokio::time::Instant;
use v2_common::*;

const SINGLE: &str = "POST /push/single/cid";

async fn setup() -> (MockServer, HttpClient, String) {
    let server = MockServer::builder().hosts(2).start().await;
    let c = fresh_client();
    let token = auth(&c, &server).await;
    (server, c, token)
}

fn single(rid: &str) -> Value {
    push(rid, json!({"cid": ["cid-1"]}))
}

async fn post_single(
    c: &HttpClient,
    server: &MockServer,
    t: &str,
    rid: &str,
) -> Result<Reply, Error> {
    call(
        c,
        server,
        Method::POST,
        "/push/single/cid",
        Some(t),
        Some(&single(rid)),
    )
    .await
}

#[tokio::test]
async fn http_statuses_are_not_processed() {
    let (server, c, t) = setup().await;
    for code in [404u16, 429, 500, 503] {
        server
            .inject(Fault::Status(code))
            .on_action(SINGLE)
            .times(1);
        let reply = post_single(&c, &server, &t, &format!("status-rid-{code}"))
            .await
            .unwrap();
        assert_eq!(reply.status, code);
    }
    assert!(server.v2_pushes().is_empty());
    let reply = post_single(&c, &server, &t, "status-rid-ok1")
        .await
        .unwrap();
    assert_eq!(reply.status, 200);
    let recs = server.requests_for(SINGLE);
    assert_eq!(recs.len(), 5);
    assert_eq!(recs[0].fault, Some(Fault::Status(404)));
    assert_eq!(recs[0].request_id(), Some("status-rid-404"));
    assert!(recs[0].answer.is_none());
    assert_eq!(recs[4].answer_status, Some(200));
}

#[tokio::test]
async fn dropped_connections_and_resending_the_same_request_id() {
    let (server, c, t) = setup().await;
    server
        .inject(Fault::DropBeforeRead)
        .on_action(SINGLE)
        .times(1);
    assert!(post_single(&c, &server, &t, "drop-rid-00001")
        .await
        .is_err());
    let rec = server.requests_for(SINGLE).pop().unwrap();
    assert!(
        rec.body.is_empty(),
        "v2: dropped before the body, without a header"
    );

    server
        .inject(Fault::DropAfterRead)
        .on_action(SINGLE)
        .times(1);
    assert!(post_single(&c, &server, &t, "drop-rid-00002")
        .await
        .is_err());
    assert_eq!(
        server.requests_for(SINGLE).pop().unwrap().request_id(),
        Some("drop-rid-00002")
    );
    assert!(server.v2_pushes().is_empty(), "not processed");

    // processed, answer lost: the resend with the same request id is not delivered again
    server
        .inject(Fault::DropAfterProcess)
        .on_action(SINGLE)
        .times(1);
    assert!(post_single(&c, &server, &t, "drop-rid-00003")
        .await
        .is_err());
    assert_eq!(server.v2_request_id_stats("drop-rid-00003").accepted, 1);
    let reply = post_single(&c, &server, &t, "drop-rid-00003")
        .await
        .unwrap();
    let data = reply.json()["data"].clone();
    assert_eq!(
        only_task(&data),
        server.v2_push("drop-rid-00003").unwrap().task_id
    );
    let ledger = server.v2_ledger();
    assert_eq!(
        (ledger.accepted, ledger.duplicates, ledger.accepted_twice),
        (1, 1, 0)
    );
}

#[tokio::test(start_paused = true)]
async fn hangs_latency_and_slow_answers() {
    let (server, c, t) = setup().await;
    server.inject(Fault::Hang).on_action(SINGLE).times(1);
    server
        .inject(Fault::HangAfterProcess)
        .on_action(SINGLE)
        .times(1);
    let hung = tokio::time::timeout(
        Duration::from_secs(60),
        post_single(&c, &server, &t, "hang-rid-00001"),
    )
    .await;
    assert!(hung.is_err());
    assert_eq!(server.v2_request_id_stats("hang-rid-00001").accepted, 0);
    let hung = tokio::time::timeout(
        Duration::from_secs(60),
        post_single(&c, &server, &t, "hang-rid-00002"),
    )
    .await;
    assert!(hung.is_err());
    assert_eq!(server.v2_request_id_stats("hang-rid-00002").accepted, 1);

    server
        .inject(Fault::Latency(Duration::from_secs(5)))
        .on_v2()
        .times(1);
    let started = Instant::now();
    let reply = post_single(&c, &server, &t, "slow-rid-00001")
        .await
        .unwrap();
    assert_eq!(reply.status, 200);
    assert!(started.elapsed() >= Duration::from_secs(5));

    server
        .inject(Fault::SlowLoris {
            chunk: 16,
            interval: Duration::from_secs(1),
        })
        .on_action(SINGLE)
        .times(1);
    let started = Instant::now();
    let reply = post_single(&c, &server, &t, "slow-rid-00002")
        .await
        .unwrap();
    assert_eq!(reply.json()["code"], 0);
    assert!(
        started.elapsed() >= Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    drop(server);
}

#[tokio::test]
async fn damaged_answers_of_processed_requests() {
    let (server, c, t) = setup().await;
    server
        .inject(Fault::MalformedJson)
        .on_action(SINGLE)
        .times(1);
    let reply = post_single(&c, &server, &t, "damage-rid-0001")
        .await
        .unwrap();
    assert_eq!(reply.status, 200);
    assert!(serde_json::from_slice::<Value>(&reply.raw).is_err());
    assert!(reply.raw.starts_with(b"{\"code\": 0"));

    server.inject(Fault::EmptyBody).on_action(SINGLE).times(1);
    let reply = post_single(&c, &server, &t, "damage-rid-0002")
        .await
        .unwrap();
    assert!(reply.raw.is_empty());

    server
        .inject(Fault::OversizedAnswer { len: 3 << 20 })
        .on_action(SINGLE)
        .times(1);
    let reply = post_single(&c, &server, &t, "damage-rid-0003")
        .await
        .unwrap();
    assert_eq!(reply.raw.len(), 3 << 20);
    assert_eq!(reply.json()["code"], 0);

    server
        .inject(Fault::TruncatedGzip)
        .on_action(SINGLE)
        .times(1);
    let reply = post_single(&c, &server, &t, "damage-rid-0004")
        .await
        .unwrap();
    assert!(reply.gzip());
    let mut out = Vec::new();
    assert!(flate2::read::GzDecoder::new(&reply.raw[..])
        .read_to_end(&mut out)
        .is_err());

    server
        .inject(Fault::GzipBomb {
            expanded_len: 8 << 20,
        })
        .on_action(SINGLE)
        .times(1);
    let reply = post_single(&c, &server, &t, "damage-rid-0005")
        .await
        .unwrap();
    assert!(reply.gzip() && reply.raw.len() < 64 << 10);
    assert_eq!(reply.body().len(), 8 << 20);

    // every one of them was processed: the pushes are in the ledger
    assert_eq!(server.v2_ledger().accepted, 5);
}

#[tokio::test]
async fn token_expiry_mid_stream_and_canned_answers() {
    let (server, c, t) = setup().await;
    // a 10001 for the next push only: not processed, the token stays valid
    server.inject(Fault::SignError).on_action(SINGLE).times(1);
    let reply = post_single(&c, &server, &t, "expiry-rid-0001")
        .await
        .unwrap();
    assert_eq!(reply.status, 401);
    assert_eq!(
        reply.json(),
        json!({"code": 10001, "msg": "token error or expired"})
    );
    assert!(server.v2_pushes().is_empty());
    assert_eq!(
        post_single(&c, &server, &t, "expiry-rid-0001")
            .await
            .unwrap()
            .status,
        200
    );
    // a real expiry in the middle of a stream of pushes
    let mut codes = Vec::new();
    for i in 0..6 {
        if i == 3 {
            server.expire_v2_tokens();
        }
        let reply = post_single(&c, &server, &t, &format!("expiry-rid-1{i:03}"))
            .await
            .unwrap();
        codes.push(reply.json()["code"].as_i64().unwrap());
    }
    assert_eq!(codes, [0, 0, 0, 10001, 10001, 10001]);
    // any canned answer
    server
        .inject(Fault::Answer(json!({"code": 30019, "msg": "busy"})))
        .on_v2()
        .times(1);
    let reply = post_single(&c, &server, &t, "expiry-rid-2000")
        .await
        .unwrap();
    assert_eq!(reply.json()["code"], 30019);
}

#[tokio::test]
async fn host_switch_301_and_targeting() {
    let (server, c, t) = setup().await;
    let hosts = vec![server.v2_base_urls()[1].clone()];
    server
        .inject(Fault::DomainError(hosts.clone()))
        .on_host(0)
        .on_v2()
        .times(1);
    let reply = post_single(&c, &server, &t, "switch-rid-0001")
        .await
        .unwrap();
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.json(),
        json!({"code": 301, "msg": "domain error", "data": {"host_list": [{"domain_list": hosts}]}})
    );
    assert!(server.v2_pushes().is_empty(), "a 301 is not processed");
    // the client resends to the host named: served by the same state
    let url = format!("{}/v2/{DEFAULT_APP_ID}/push/single/cid", hosts[0]);
    let req = hyper::Request::post(url)
        .header("token", &t)
        .header("Content-Type", "application/json")
        .body(http_body_util::Full::new(bytes::Bytes::from(
            single("switch-rid-0001").to_string(),
        )))
        .unwrap();
    let reply = send(&c, req).await.unwrap();
    assert_eq!(reply.json()["code"], 0);
    assert_eq!(server.v2_push("switch-rid-0001").unwrap().host, 1);

    // v2 faults leave legacy requests alone, and a whole v2 path or an endpoint can be targeted
    let handle = server.inject(Fault::Status(500)).on_v2().install();
    let legacy = connect(&c, &server).await;
    assert!(!legacy.is_empty());
    assert_eq!(handle.hits(), 0);
    let reply = call(&c, &server, Method::GET, "/user/status/x", Some(&t), None)
        .await
        .unwrap();
    assert_eq!(reply.status, 500);
    assert_eq!(handle.hits(), 1);
    handle.remove();
    let path = format!("/v2/{DEFAULT_APP_ID}/user/status/x");
    server.inject(Fault::Status(502)).on_path(path).times(1);
    server
        .inject(Fault::Status(503))
        .on_action("GET /user/status/{cids}")
        .times(1);
    let first = call(&c, &server, Method::GET, "/user/status/x", Some(&t), None)
        .await
        .unwrap();
    let second = call(&c, &server, Method::GET, "/user/status/x", Some(&t), None)
        .await
        .unwrap();
    let third = call(&c, &server, Method::GET, "/user/status/x", Some(&t), None)
        .await
        .unwrap();
    assert_eq!((first.status, second.status, third.status), (502, 503, 200));
    // the auth endpoint can fail too
    server
        .inject(Fault::Status(503))
        .on_action("POST /auth")
        .times(1);
    let body = auth_body(
        getui_mock::DEFAULT_APP_KEY,
        getui_mock::DEFAULT_MASTER_SECRET,
        &now_ts(),
    );
    let reply = call(&c, &server, Method::POST, "/auth", None, Some(&body))
        .await
        .unwrap();
    assert_eq!(reply.status, 503);
}
