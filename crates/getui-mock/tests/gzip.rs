//! gzip request bodies and gzip answers.

mod common;

use bytes::Bytes;
use common::*;
use getui_mock::MockServer;
use http_body_util::Full;
use hyper::Request;
use serde_json::json;

#[tokio::test]
async fn gzip_requests_get_gzip_answers() {
    let server = MockServer::start().await;
    let c = client();
    let token = connect(&c, &server).await;
    let body = single_push(&token, "gz-1", "cid", "");
    let reply = send(&c, api_request(&server.api_url(), &body, true))
        .await
        .unwrap();
    assert_eq!(reply.status, 200);
    assert!(reply.gzip(), "answer not gzip-encoded: {:?}", reply.headers);
    assert_eq!(&reply.raw[..2], &[0x1f, 0x8b]);
    assert_eq!(reply.json()["result"], "ok");

    // recorded decoded
    let rec = &server.requests_for("pushMessageToSingleAction")[0];
    assert!(rec.gzip);
    assert_eq!(rec.header("content-encoding"), Some("gzip"));
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&rec.body).unwrap(),
        body
    );
    assert_eq!(rec.request_id(), Some("gz-1"));

    // plain requests get plain answers
    let reply = send(
        &c,
        api_request(
            &server.api_url(),
            &single_push(&token, "gz-2", "cid", ""),
            false,
        ),
    )
    .await
    .unwrap();
    assert!(!reply.gzip());
    assert_eq!(reply.json()["result"], "ok");
}

#[tokio::test]
async fn gzip_errors_answer_gzip_too() {
    // C# decompresses unconditionally when it sent gzip: every answer to a gzip request is gzip
    let server = MockServer::start().await;
    let c = client();
    let reply = send(
        &c,
        api_request(&server.api_url(), &single_push("", "r", "cid", ""), true),
    )
    .await
    .unwrap();
    assert!(reply.gzip());
    assert_eq!(reply.json(), json!({"result": "sign_error"}));
}

#[tokio::test]
async fn bad_or_too_large_bodies_are_refused() {
    let server = MockServer::builder().max_body(1024).start().await;
    let c = client();
    let post_raw = |body: Vec<u8>, gzip_header: bool| {
        let mut b = Request::post(server.api_url()).header("Gt-Action", "connect");
        if gzip_header {
            b = b.header("Content-Encoding", "gzip");
        }
        b.body(Full::new(Bytes::from(body))).unwrap()
    };
    // not gzip at all
    let reply = send(&c, post_raw(b"{\"action\": \"connect\"}".to_vec(), true))
        .await
        .unwrap();
    assert_eq!(reply.status, 400);
    // truncated gzip
    let z = gzip(&serde_json::to_vec(&connect_body("k", "s")).unwrap());
    let reply = send(&c, post_raw(z[..z.len() - 6].to_vec(), true))
        .await
        .unwrap();
    assert_eq!(reply.status, 400);
    // inflates past the limit
    let big = serde_json::to_vec(&json!({"action": "connect", "pad": "x".repeat(10_000)})).unwrap();
    let reply = send(&c, post_raw(gzip(&big), true)).await.unwrap();
    assert_eq!(reply.status, 400);
    // over the limit on the wire
    let reply = send(&c, post_raw(big, false)).await.unwrap();
    assert_eq!(reply.status, 413);
    assert_eq!(server.request_count(), 4);
}
