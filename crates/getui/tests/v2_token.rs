//! REST v2 token handling against a local scripted server: lazy auth, single-flight refresh
//! before expiry under tokio's paused clock, one re-auth and one re-send after 10001 (same
//! `request_id`), no second re-auth, no recursion on the auth call; path escaping; secrets
//! never printed.

mod v2_common;

use getui::model::v2::push::{PushMessage, PushRequest};
use getui::ErrorKind;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use v2_common::*;

const LIFETIME_MS: u64 = 10 * 60 * 1000;

fn client(server: &Server) -> getui::v2::Client {
    getui::v2::Client::builder(APP_ID, APP_KEY, MASTER_SECRET)
        .base_url(&server.base_url)
        // No transport timers: under the paused clock only the token clock moves.
        .connect_timeout(Duration::MAX)
        .request_timeout(Duration::MAX)
        .build()
        .unwrap()
}

fn blocking_client(server: &Server) -> getui::v2::blocking::Client {
    getui::v2::blocking::Client::builder(APP_ID, APP_KEY, MASTER_SECRET)
        .base_url(&server.base_url)
        .build()
        .unwrap()
}

fn push() -> PushRequest {
    PushRequest::new()
        .request_id("test-request-0001")
        .cid("cid-1")
        .push_message(PushMessage::transmission("hello"))
}

/// Auth with a 10-minute token; every other call succeeds with a push-shaped answer.
fn normal(request: &Recorded, server: &Server) -> Answer {
    if request.is_auth() {
        return server.auth_answer(request, LIFETIME_MS);
    }
    ok(serde_json::json!({"RASS_1": {"cid-1": "successed_online"}}))
}

#[tokio::test(flavor = "current_thread", start_paused = true)]
async fn concurrent_calls_near_expiry_share_one_auth() {
    let server = Server::start(normal).await;
    let client = client(&server);
    client.push_to_single_by_cid(&push()).await.unwrap();
    assert_eq!(server.auth_count(), 1);

    // 10-minute token, 5-minute margin: after 6 minutes it is due for renewal.
    tokio::time::advance(Duration::from_secs(6 * 60)).await;
    let calls: Vec<_> = (0..64)
        .map(|i| {
            let client = client.clone();
            tokio::spawn(async move {
                let request = PushRequest::new()
                    .request_id(format!("concurrent-req-{i:04}"))
                    .cid("cid-1")
                    .push_message(PushMessage::transmission("x"));
                client.push_to_single_by_cid(&request).await
            })
        })
        .collect();
    let mut results = Vec::new();
    for call in calls {
        results.push(call.await.unwrap());
    }
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    assert_eq!(server.auth_count(), 2, "one auth for all 64 callers");
    let tokens: Vec<_> = server
        .requests()
        .iter()
        .skip(2)
        .filter(|r| !r.is_auth())
        .map(|r| r.header("token").unwrap().to_owned())
        .collect();
    assert_eq!(tokens.len(), 64);
    assert!(tokens.iter().all(|t| t == "token-2"), "{tokens:?}");
}

#[tokio::test(flavor = "current_thread", start_paused = true)]
async fn a_token_without_expiry_trouble_is_reused() {
    let server = Server::start(normal).await;
    let client = client(&server);
    for _ in 0..3 {
        client.push_to_single_by_cid(&push()).await.unwrap();
        tokio::time::advance(Duration::from_secs(60)).await;
    }
    assert_eq!(server.auth_count(), 1);
}

/// The first push answer is 10001, the rest succeed.
fn expired_once() -> impl Fn(&Recorded, &Server) -> Answer {
    let pushes = AtomicUsize::new(0);
    move |request, server| {
        if request.is_auth() {
            return server.auth_answer(request, LIFETIME_MS);
        }
        if pushes.fetch_add(1, Ordering::SeqCst) == 0 {
            return token_expired();
        }
        normal(request, server)
    }
}

fn assert_reauth_and_resend(server: &Server) {
    let requests = server.requests();
    let shape: Vec<_> = requests.iter().map(Recorded::is_auth).collect();
    assert_eq!(shape, [true, false, true, false], "auth, push, auth, push");
    let (first, second) = (&requests[1], &requests[3]);
    assert_eq!(first.header("token"), Some("token-1"));
    assert_eq!(second.header("token"), Some("token-2"));
    assert_eq!(first.body, second.body, "the same request is sent again");
    assert_eq!(second.json()["request_id"], "test-request-0001");
}

#[tokio::test(flavor = "current_thread", start_paused = true)]
async fn token_expired_answer_reauths_and_resends_once_async() {
    let server = Server::start(expired_once()).await;
    client(&server)
        .push_to_single_by_cid(&push())
        .await
        .unwrap();
    assert_reauth_and_resend(&server);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 1)]
async fn token_expired_answer_reauths_and_resends_once_blocking() {
    let server = Server::start(expired_once()).await;
    let client = blocking_client(&server);
    tokio::task::spawn_blocking(move || client.push_to_single_by_cid(&push()))
        .await
        .unwrap()
        .unwrap();
    assert_reauth_and_resend(&server);
}

#[tokio::test(flavor = "current_thread", start_paused = true)]
async fn generated_request_id_is_kept_on_the_resend() {
    let server = Server::start(expired_once()).await;
    let request = PushRequest::new()
        .cid("cid-1")
        .push_message(PushMessage::transmission("hello"));
    client(&server)
        .push_to_single_by_cid(&request)
        .await
        .unwrap();
    let requests = server.requests();
    let first = requests[1].json()["request_id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(first.len(), 32, "{first}");
    assert!(first.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_eq!(requests[3].json()["request_id"], first.as_str());
}

#[tokio::test(flavor = "current_thread", start_paused = true)]
async fn a_second_token_expired_answer_is_an_error() {
    let server = Server::start(|request: &Recorded, server: &Server| {
        if request.is_auth() {
            return server.auth_answer(request, LIFETIME_MS);
        }
        token_expired()
    })
    .await;
    let err = client(&server)
        .push_to_single_by_cid(&push())
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(10001));
    assert!(err.is_token_invalid());
    assert!(!err.is_rate_limited());
    assert_eq!(err.request_id(), Some("test-request-0001"));
    let shape: Vec<_> = server.requests().iter().map(Recorded::is_auth).collect();
    assert_eq!(shape, [true, false, true, false], "no third attempt");
}

#[tokio::test(flavor = "current_thread", start_paused = true)]
async fn an_auth_answer_of_10001_is_an_error_not_a_recursion() {
    let server = Server::start(|_: &Recorded, _: &Server| token_expired()).await;
    let err = client(&server)
        .push_to_single_by_cid(&push())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Auth);
    assert_eq!(err.code(), Some(10001));
    assert_eq!(server.requests().len(), 1, "one auth request, nothing else");
    assert!(server.requests()[0].header("token").is_none());
}

#[tokio::test(flavor = "current_thread", start_paused = true)]
async fn a_refused_explicit_auth_keeps_the_previous_token() {
    let refuse = Arc::new(AtomicUsize::new(0));
    let refused = Arc::clone(&refuse);
    let server = Server::start(move |request: &Recorded, server: &Server| {
        if request.is_auth() {
            if refused.load(Ordering::SeqCst) == 1 {
                return (
                    400,
                    serde_json::json!({"code": 20001, "msg": "sign is invalid"}),
                );
            }
            return server.auth_answer(request, LIFETIME_MS);
        }
        normal(request, server)
    })
    .await;
    let client = client(&server);
    client.authenticate().await.unwrap();
    let before = client.token().unwrap();
    refuse.store(1, Ordering::SeqCst);
    assert_eq!(
        client.authenticate().await.unwrap_err().kind(),
        ErrorKind::Auth
    );
    assert_eq!(client.token().unwrap(), before);
}

#[tokio::test(flavor = "current_thread", start_paused = true)]
async fn path_parameters_are_one_escaped_segment() {
    let server = Server::start(normal).await;
    let client = client(&server);
    client.stop_push("a/b?c d%e中").await.unwrap();
    let path = server.requests()[1].path.clone();
    assert_eq!(
        path.to_ascii_uppercase(),
        format!("/v2/{APP_ID}/task/a%2Fb%3Fc%20d%25e%E4%B8%AD").to_ascii_uppercase()
    );
}

#[tokio::test(flavor = "current_thread", start_paused = true)]
async fn close_deletes_and_forgets_the_token() {
    let server = Server::start(normal).await;
    let client = client(&server);
    client.authenticate().await.unwrap();
    client.close().await.unwrap();
    assert!(client.token().is_none());
    let requests = server.requests();
    assert_eq!(requests[1].method, "DELETE");
    assert_eq!(requests[1].path, format!("/v2/{APP_ID}/auth/token-1"));
    assert!(requests[1].body.is_empty());
    client.push_to_single_by_cid(&push()).await.unwrap();
    assert_eq!(server.auth_count(), 2, "the next call authenticates first");
}

#[tokio::test(flavor = "current_thread", start_paused = true)]
async fn secrets_never_appear_in_debug_display_or_errors() {
    let server = Server::start(|request: &Recorded, server: &Server| {
        if request.is_auth() {
            return server.auth_answer(request, LIFETIME_MS);
        }
        (
            400,
            serde_json::json!({"code": 20001, "msg": "cid is invalid"}),
        )
    })
    .await;
    let client = client(&server);
    let err = client.push_to_single_by_cid(&push()).await.unwrap_err();
    let token = client.token().unwrap();
    let sign = server.requests()[0].json()["sign"]
        .as_str()
        .unwrap()
        .to_owned();
    let builder = getui::v2::Client::builder(APP_ID, APP_KEY, MASTER_SECRET);
    let texts = [
        format!("{client:?}"),
        format!("{builder:?}"),
        format!("{err:?}"),
        format!("{err}"),
        format!("{token:?}"),
        format!("{token}"),
    ];
    for text in &texts {
        assert!(!text.contains(MASTER_SECRET), "{text}");
        assert!(!text.contains(token.expose()), "{text}");
        assert!(!text.contains(&sign), "{text}");
    }
    assert_eq!(err.code(), Some(20001));
    assert_eq!(
        err.code_class(),
        Some(getui_protocol::v2::answer::CodeClass::InvalidParam)
    );
    assert_eq!(err.message(), Some("cid is invalid"));
}
