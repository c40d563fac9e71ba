//! connect and the sign check, tokens, expiry, close, appkey/appId checks, unknown actions.

mod common;

use common::*;
use getui_mock::{MockApp, MockServer, DEFAULT_APP_ID, DEFAULT_APP_KEY, DEFAULT_MASTER_SECRET};
use serde_json::json;

#[tokio::test]
async fn connect_checks_the_sign_and_issues_a_token() {
    let server = MockServer::start().await;
    let c = client();
    let token = connect(&c, &server).await;
    assert_eq!(token.len(), 64);
    assert_eq!(server.token_count(), 1);

    // the worked example of docs/protocol-legacy.md with its own app
    server.add_app(MockApp::new("APPKEY", "APPID", "MASTERSECRET"));
    let answer = post_json(
        &c,
        &server.api_url(),
        &json!({"action": "connect", "appkey": "APPKEY", "timeStamp": 1_600_000_000_000i64,
                "sign": "0285070899e6ecaa99140eaf59951aa3", "version": "4.1.1.2"}),
    )
    .await;
    assert_eq!(answer["result"], "success");

    // PHP sends the timestamp as a decimal string
    let answer = post_json(
        &c,
        &server.api_url(),
        &json!({"action": "connect", "appkey": "APPKEY", "timeStamp": "1600000000000",
                "sign": "0285070899e6ecaa99140eaf59951aa3"}),
    )
    .await;
    assert_eq!(answer["result"], "success");

    let rec = &server.requests_for("connect")[0];
    assert_eq!(rec.param_str("appkey"), Some(DEFAULT_APP_KEY));
    assert_eq!(rec.result(), Some("success"));
}

#[tokio::test]
async fn wrong_sign_and_unknown_appkey_are_refused() {
    let server = MockServer::start().await;
    let c = client();
    let mut body = connect_body(DEFAULT_APP_KEY, "not the secret");
    assert_eq!(
        post_json(&c, &server.api_url(), &body).await,
        json!({"result": "sign_error"})
    );
    // a sign over another timestamp
    body = connect_body(DEFAULT_APP_KEY, DEFAULT_MASTER_SECRET);
    body["timeStamp"] = json!(1_700_000_000_001i64);
    assert_eq!(
        post_json(&c, &server.api_url(), &body).await["result"],
        "sign_error"
    );
    body = connect_body("NoSuchAppKey", DEFAULT_MASTER_SECRET);
    assert_eq!(
        post_json(&c, &server.api_url(), &body).await["result"],
        "appkey_error"
    );
    assert_eq!(server.token_count(), 0);
}

#[tokio::test]
async fn actions_need_a_valid_token_of_their_app() {
    let server = MockServer::builder()
        .app(MockApp::default())
        .app(MockApp::new("OtherKey", "OtherApp", "OtherSecret"))
        .start()
        .await;
    let c = client();
    let status = |token: &str| {
        with_auth(
            json!({"action": "getClientIdStatusAction", "appId": DEFAULT_APP_ID, "clientId": "cid"}),
            token,
        )
    };
    // the official SDKs' first request goes out with an empty token
    assert_eq!(
        post_json(&c, &server.api_url(), &status("")).await["result"],
        "sign_error"
    );
    assert_eq!(
        post_json(&c, &server.api_url(), &status("bogus")).await["result"],
        "sign_error"
    );

    let other = post_json(
        &c,
        &server.api_url(),
        &connect_body("OtherKey", "OtherSecret"),
    )
    .await;
    let other_token = other["authtoken"].as_str().unwrap();
    assert_eq!(
        post_json(&c, &server.api_url(), &status(other_token)).await["result"],
        "sign_error"
    );

    let token = connect(&c, &server).await;
    assert_eq!(
        post_json(&c, &server.api_url(), &status(&token)).await["result"],
        "Online"
    );

    // an appId that is not the app key's
    let mut wrong = status(&token);
    wrong["appId"] = json!("OtherApp");
    assert_eq!(
        post_json(&c, &server.api_url(), &wrong).await["result"],
        "AppidNoMatchAppKey"
    );

    // unknown app key with a token
    let mut unknown = status(&token);
    unknown["appkey"] = json!("NoSuchAppKey");
    assert_eq!(
        post_json(&c, &server.api_url(), &unknown).await["result"],
        "appkey_error"
    );
}

#[tokio::test]
async fn expired_tokens_get_sign_error_until_reconnect() {
    let server = MockServer::start().await;
    let c = client();
    let token = connect(&c, &server).await;
    let body = with_auth(
        json!({"action": "getPersonaTags", "appId": DEFAULT_APP_ID}),
        &token,
    );
    assert_eq!(
        post_json(&c, &server.api_url(), &body).await["result"],
        "Success"
    );

    server.expire_tokens();
    assert_eq!(server.token_count(), 0);
    assert_eq!(
        post_json(&c, &server.api_url(), &body).await["result"],
        "sign_error"
    );

    let fresh = connect(&c, &server).await;
    assert_ne!(fresh, token);
    let body = with_auth(
        json!({"action": "getPersonaTags", "appId": DEFAULT_APP_ID}),
        &fresh,
    );
    assert_eq!(
        post_json(&c, &server.api_url(), &body).await["result"],
        "Success"
    );
}

#[tokio::test]
async fn close_invalidates_the_token() {
    let server = MockServer::start().await;
    let c = client();
    let token = connect(&c, &server).await;
    let close = with_auth(json!({"action": "close"}), &token);
    assert_eq!(
        post_json(&c, &server.api_url(), &close).await["result"],
        "ok"
    );
    assert_eq!(
        post_json(&c, &server.api_url(), &close).await["result"],
        "sign_error"
    );

    // PHP sends the token as lowercase `authtoken`
    let token = connect(&c, &server).await;
    let php = json!({"action": "close", "appkey": DEFAULT_APP_KEY, "version": "4.1.2.0", "authtoken": token});
    assert_eq!(post_json(&c, &server.api_url(), &php).await["result"], "ok");
    assert_eq!(server.token_count(), 0);
}

#[tokio::test]
async fn unknown_or_missing_action_is_action_error() {
    let server = MockServer::start().await;
    let c = client();
    let token = connect(&c, &server).await;
    for body in [
        with_auth(
            json!({"action": "restoreCid", "appId": DEFAULT_APP_ID}),
            &token,
        ),
        with_auth(json!({"appId": DEFAULT_APP_ID}), &token),
        json!({"action": "removeClientId"}),
    ] {
        assert_eq!(
            post_json(&c, &server.api_url(), &body).await,
            json!({"result": "action_error"})
        );
    }
    // a body that is not a JSON object
    let reply = send(
        &c,
        hyper::Request::post(server.api_url())
            .body(http_body_util::Full::new(bytes::Bytes::from_static(
                b"[1, 2]",
            )))
            .unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(reply.json()["result"], "Error");
    assert_eq!(getui_mock::ACTIONS.len(), 39);
}
