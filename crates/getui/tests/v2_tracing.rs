//! REST v2 secrets in logs: with the `tracing` feature on, every event and span the SDK emits
//! while it authenticates, meets a 10001 answer, re-authenticates, deletes its token through a
//! dropped connection and retries, and reports an API error is captured; neither the master
//! secret, nor a sign, nor any token the server issued may appear in them, nor in the errors.

#![cfg(all(feature = "tracing", feature = "async", feature = "blocking"))]

mod tracing_capture;
mod v2_common;

use getui::model::v2::push::{PushMessage, PushRequest};
use std::sync::atomic::{AtomicUsize, Ordering};
use tracing_capture::{captured, install};
use v2_common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 1)]
async fn no_secret_in_tracing_output_or_errors() {
    install();
    let pushes = AtomicUsize::new(0);
    let server = Server::start(move |request: &Recorded, server: &Server| {
        if request.is_auth() {
            return server.auth_answer(request, 24 * 3600 * 1000);
        }
        if request.method == "DELETE" {
            return (DROP, serde_json::Value::Null);
        }
        match pushes.fetch_add(1, Ordering::SeqCst) {
            0 => token_expired(),
            1 => ok(serde_json::json!({"RASS_1": {"cid-1": "successed_online"}})),
            _ => (
                400,
                serde_json::json!({"code": 20001, "msg": "target user is invalid"}),
            ),
        }
    })
    .await;
    let push = PushRequest::new()
        .cid("cid-1")
        .push_message(PushMessage::transmission("hello"));
    let client = getui::v2::Client::builder(APP_ID, APP_KEY, MASTER_SECRET)
        .base_url(&server.base_url)
        .build()
        .unwrap();
    client.push_to_single_by_cid(&push).await.unwrap();
    let api_error = client.push_to_single_by_cid(&push).await.unwrap_err();
    let close_error = client.close().await.unwrap_err();

    let blocking = getui::v2::blocking::Client::builder(APP_ID, APP_KEY, MASTER_SECRET)
        .base_url(&server.base_url)
        .build()
        .unwrap();
    let blocking_error = tokio::task::spawn_blocking(move || {
        blocking.authenticate().unwrap();
        blocking.close().unwrap_err()
    })
    .await
    .unwrap();

    let requests = server.requests();
    let mut secrets = vec![MASTER_SECRET.to_owned()];
    for request in &requests {
        if let Some(sign) = request.json()["sign"].as_str() {
            secrets.push(sign.to_owned());
        }
        if let Some(token) = request.header("token") {
            secrets.push(token.to_owned());
        }
    }
    assert!(
        secrets.iter().any(|s| s.starts_with("token-")),
        "tokens were used"
    );
    let lines = captured();
    assert!(!lines.is_empty(), "events were emitted");
    let errors = [api_error, close_error, blocking_error]
        .iter()
        .flat_map(|e| [format!("{e}"), format!("{e:?}")])
        .collect::<Vec<_>>();
    for text in lines.iter().chain(&errors) {
        for secret in &secrets {
            assert!(!text.contains(secret.as_str()), "{secret:?} in {text}");
        }
    }
}
