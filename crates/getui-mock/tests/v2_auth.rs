//! REST v2 auth: sign and timestamp checks, token lifetime, forced expiry, delete, and the
//! token check of every other call; legacy and v2 from one server.

mod common;
mod v2_common;

use std::time::Duration;

use common::*;
use getui_mock::{MockServer, DEFAULT_APP_ID, DEFAULT_APP_KEY, DEFAULT_MASTER_SECRET};
use hyper::Method;
use serde_json::json;
use v2_common::*;

const STATUS: &str = "/user/status/cid-1";

#[tokio::test]
async fn good_sign_issues_a_token_with_a_one_day_lifetime() {
    let server = MockServer::start().await;
    let c = client();
    let ts = now_ts();
    let body = auth_body(DEFAULT_APP_KEY, DEFAULT_MASTER_SECRET, &ts);
    let reply = call(&c, &server, Method::POST, "/auth", None, Some(&body))
        .await
        .unwrap();
    assert_eq!(reply.status, 200);
    let v = reply.json();
    assert_eq!(v["code"], 0, "{v}");
    let token = v["data"]["token"].as_str().unwrap();
    assert_eq!(token.len(), 64);
    let expire: u64 = v["data"]["expire_time"].as_str().unwrap().parse().unwrap();
    let ts: u64 = ts.parse().unwrap();
    let day = 86_400_000;
    assert!(
        expire >= ts + day - 5_000 && expire <= ts + day + 60_000,
        "{expire} vs {ts}"
    );
    assert_eq!(server.v2_auth_count(), 1);
    assert_eq!(server.v2_token_count(), 1);
    // the token works
    let data = ok_data(&c, &server, Method::GET, STATUS, token, None).await;
    assert_eq!(data["cid-1"]["status"], "online");
    // recorded with its endpoint and status
    let rec = server.requests_for("POST /auth").pop().unwrap();
    assert_eq!(rec.answer_status, Some(200));
    assert_eq!(rec.code(), Some(0));
}

#[tokio::test]
async fn refused_auth_answers_20001() {
    let server = MockServer::start().await;
    let c = client();
    let ts = now_ts();
    let cases = [
        (
            "wrong secret",
            auth_body(DEFAULT_APP_KEY, "not-the-secret", &ts),
        ),
        (
            "unknown appkey",
            auth_body("NoSuchKey", DEFAULT_MASTER_SECRET, &ts),
        ),
        (
            "12-digit timestamp",
            auth_body(DEFAULT_APP_KEY, DEFAULT_MASTER_SECRET, &ts[1..]),
        ),
        (
            "timestamp from 2020",
            auth_body(DEFAULT_APP_KEY, DEFAULT_MASTER_SECRET, "1600000000000"),
        ),
        (
            "missing sign",
            json!({"appkey": DEFAULT_APP_KEY, "timestamp": ts}),
        ),
        ("not an object", json!("auth")),
    ];
    for (what, body) in &cases {
        let reply = call(&c, &server, Method::POST, "/auth", None, Some(body))
            .await
            .unwrap();
        let v = reply.json();
        assert_eq!(
            (reply.status, &v["code"]),
            (400, &json!(20001)),
            "{what}: {v}"
        );
        assert!(v.get("data").is_none(), "{what}");
    }
    // a body that is not JSON at all: code 1, HTTP 200 (documented)
    let reply = send(
        &c,
        hyper::Request::post(format!("{}/auth", server.v2_app_url(DEFAULT_APP_ID)))
            .body(http_body_util::Full::new(bytes::Bytes::from_static(
                b"sign=x",
            )))
            .unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(
        (reply.status, reply.json()["code"].clone()),
        (200, json!(1))
    );
    // the app key of another app id
    server.add_v2_app("OtherAppId", "OtherKey", "OtherSecret");
    let body = auth_body("OtherKey", "OtherSecret", &ts);
    let reply = call(&c, &server, Method::POST, "/auth", None, Some(&body))
        .await
        .unwrap();
    assert_eq!(reply.status, 400, "OtherKey belongs to OtherAppId");
    assert_eq!(server.v2_auth_count(), 0);
    assert_eq!(server.v2_auth_refused(), cases.len() + 2);
    assert_eq!(server.v2_token_count(), 0);
}

#[tokio::test]
async fn numeric_timestamp_and_other_apps_and_skew_settings() {
    let server = MockServer::builder().v2_timestamp_skew(None).start().await;
    let c = client();
    // the Java SDK sends the timestamp as a number; the sign covers its text
    let mut body = auth_body(DEFAULT_APP_KEY, DEFAULT_MASTER_SECRET, "1600000000000");
    body["timestamp"] = json!(1_600_000_000_000u64);
    let v = call(&c, &server, Method::POST, "/auth", None, Some(&body))
        .await
        .unwrap()
        .json();
    assert_eq!(
        v["code"], 0,
        "skew check off: the 2020 timestamp passes: {v}"
    );
    // a second app, with its own tokens
    server.add_v2_app("OtherAppId", "OtherKey", "OtherSecret");
    let body = auth_body("OtherKey", "OtherSecret", &now_ts());
    let reply = send(
        &c,
        request(
            &server,
            "OtherAppId",
            Method::POST,
            "/auth",
            None,
            Some(&body),
        ),
    )
    .await
    .unwrap();
    let other = reply.json()["data"]["token"].as_str().unwrap().to_owned();
    // another app's token is no token for this app
    refused(&c, &server, Method::GET, STATUS, &other, None, 10001).await;
    let reply = send(
        &c,
        request(
            &server,
            "OtherAppId",
            Method::GET,
            STATUS,
            Some(&other),
            None,
        ),
    )
    .await
    .unwrap();
    assert_eq!(reply.status, 200);
    // skew back on
    server.set_v2_timestamp_skew(Some(Duration::from_secs(60)));
    let body = auth_body(DEFAULT_APP_KEY, DEFAULT_MASTER_SECRET, "1600000000000");
    let reply = call(&c, &server, Method::POST, "/auth", None, Some(&body))
        .await
        .unwrap();
    assert_eq!(reply.status, 400);
}

#[tokio::test]
async fn calls_without_a_valid_token_get_10001() {
    let server = MockServer::start().await;
    let c = client();
    let reply = call(&c, &server, Method::GET, STATUS, None, None)
        .await
        .unwrap();
    assert_eq!(reply.status, 401);
    assert_eq!(
        reply.json(),
        json!({"code": 10001, "msg": "token error or expired"})
    );
    refused(&c, &server, Method::GET, STATUS, "not-a-token", None, 10001).await;
    let body = push("request-0000000001", json!({"cid": ["c1"]}));
    refused(
        &c,
        &server,
        Method::POST,
        "/push/single/cid",
        "",
        Some(&body),
        10001,
    )
    .await;
    assert!(
        server.v2_pushes().is_empty(),
        "nothing pushed without a token"
    );
}

#[tokio::test]
async fn tokens_expire_after_their_lifetime() {
    let server = MockServer::builder()
        .v2_token_lifetime(Duration::from_millis(300))
        .start()
        .await;
    let c = client();
    let token = auth(&c, &server).await;
    ok_data(&c, &server, Method::GET, STATUS, &token, None).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    refused(&c, &server, Method::GET, STATUS, &token, None, 10001).await;
    assert_eq!(server.v2_token_count(), 0);
    // the lifetime can change at run time
    server.set_v2_token_lifetime(Duration::from_secs(3600));
    let token = auth(&c, &server).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    ok_data(&c, &server, Method::GET, STATUS, &token, None).await;
    assert_eq!(server.v2_auth_count(), 2);
}

#[tokio::test]
async fn forced_expiry_mid_stream() {
    let server = MockServer::start().await;
    let c = client();
    let a = auth(&c, &server).await;
    let b = auth(&c, &server).await;
    assert_ne!(a, b, "several tokens of one app are valid at once");
    assert_eq!(server.v2_token_count(), 2);
    for i in 0..3 {
        let rid = format!("stream-rid-{i:04}");
        ok_data(
            &c,
            &server,
            Method::POST,
            "/push/single/cid",
            &a,
            Some(&push(&rid, json!({"cid": ["c1"]}))),
        )
        .await;
    }
    // one token
    assert!(server.expire_v2_token(&a));
    assert!(!server.expire_v2_token(&a));
    refused(&c, &server, Method::GET, STATUS, &a, None, 10001).await;
    ok_data(&c, &server, Method::GET, STATUS, &b, None).await;
    // every token
    server.expire_v2_tokens();
    refused(&c, &server, Method::GET, STATUS, &b, None, 10001).await;
    let fresh = auth(&c, &server).await;
    ok_data(
        &c,
        &server,
        Method::POST,
        "/push/single/cid",
        &fresh,
        Some(&push("stream-rid-0003", json!({"cid": ["c1"]}))),
    )
    .await;
    assert_eq!(server.v2_pushes().len(), 4);
    assert_eq!(server.v2_auth_count(), 3);
}

#[tokio::test]
async fn delete_auth_invalidates_the_token() {
    let server = MockServer::start().await;
    let c = client();
    let a = auth(&c, &server).await;
    let b = auth(&c, &server).await;
    // b deletes a (a valid token header)
    ok_data(&c, &server, Method::DELETE, &format!("/auth/{a}"), &b, None).await;
    refused(&c, &server, Method::GET, STATUS, &a, None, 10001).await;
    // a token deletes itself, without a header too
    let reply = call(
        &c,
        &server,
        Method::DELETE,
        &format!("/auth/{b}"),
        None,
        None,
    )
    .await
    .unwrap();
    assert_eq!(
        (reply.status, reply.json()["code"].clone()),
        (200, json!(0))
    );
    refused(&c, &server, Method::GET, STATUS, &b, None, 10001).await;
    // nothing valid left: deleting needs a token
    refused(
        &c,
        &server,
        Method::DELETE,
        &format!("/auth/{b}"),
        "x",
        None,
        10001,
    )
    .await;
    assert_eq!(server.v2_token_count(), 0);
}

#[tokio::test]
async fn one_server_serves_legacy_and_v2() {
    let server = MockServer::start().await;
    let c = client();
    let legacy = connect(&c, &server).await;
    let v2 = auth(&c, &server).await;
    assert_ne!(legacy, v2);
    assert_eq!(server.token_count(), 1);
    assert_eq!(server.v2_token_count(), 1);
    assert_eq!(server.v2_base_url(), server.url());
    assert_eq!(
        server.v2_app_url(DEFAULT_APP_ID),
        format!("{}/v2/{DEFAULT_APP_ID}", server.url())
    );
    // a v2 token is no legacy token and expiring one generation leaves the other
    server.expire_tokens();
    ok_data(&c, &server, Method::GET, STATUS, &v2, None).await;
    // unknown v2 paths and methods
    let reply = call(&c, &server, Method::GET, "/push/nothing", Some(&v2), None)
        .await
        .unwrap();
    assert_eq!(
        (reply.status, reply.json()["code"].clone()),
        (404, json!(404))
    );
    let reply = call(
        &c,
        &server,
        Method::GET,
        "/push/single/cid",
        Some(&v2),
        None,
    )
    .await
    .unwrap();
    assert_eq!(
        (reply.status, reply.json()["code"].clone()),
        (405, json!(405))
    );
    let reply = call(&c, &server, Method::GET, "/auth", None, None)
        .await
        .unwrap();
    assert_eq!(reply.status, 405);
}
