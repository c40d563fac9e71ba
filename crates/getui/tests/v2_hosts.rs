//! REST v2 hosts: the optional health check (an owned probe task on tokio's paused clock:
//! ranks, re-ranks every interval, stops when the client is dropped), the 301 host switch
//! with the configured hosts kept as fallback, and `set_hosts`. An in-memory HTTP stack
//! answers, so the paused clock moves only when the test says.

use getui::model::v2::push::{PushMessage, PushRequest};
use getui::transport::{AsyncHttpClient, BoxFuture, HttpRequest, HttpResponse, TransportError};
use http::StatusCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const APP_ID: &str = "HostsAppId00000000001";

/// Every request as `METHOD url`; host `down.invalid` refuses connections; `GET`/`POST` get a
/// Getui-shaped answer (a 301 pointing at `moved.invalid` when `switch` is set).
#[derive(Default)]
struct Stack {
    seen: Mutex<Vec<String>>,
    switch: Mutex<bool>,
}

impl Stack {
    fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }

    fn count(&self, prefix: &str) -> usize {
        self.seen().iter().filter(|s| s.starts_with(prefix)).count()
    }
}

impl AsyncHttpClient for Stack {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        let url = request.url.to_string();
        self.seen
            .lock()
            .unwrap()
            .push(format!("{} {url}", request.method));
        let answer = if url.contains("down.invalid") {
            Err(TransportError::new(
                getui::transport::ErrorKind::Connect,
                "refused",
            ))
        } else if request.method == http::Method::HEAD {
            Ok(HttpResponse::new(StatusCode::NOT_FOUND, Vec::new()))
        } else if url.ends_with("/auth") {
            let body = br#"{"code":0,"msg":"success","data":{"token":"t1","expire_time":"4102444800000"}}"#;
            Ok(HttpResponse::new(StatusCode::OK, body.to_vec()))
        } else if std::mem::take(&mut *self.switch.lock().unwrap()) {
            let body = br#"{"code":301,"msg":"domain error","data":{"host_list":[{"domain_list":["https://moved.invalid/v2/"]}]}}"#;
            Ok(HttpResponse::new(StatusCode::OK, body.to_vec()))
        } else {
            let body =
                br#"{"code":0,"msg":"success","data":{"RASS_1":{"cid-1":"successed_online"}}}"#;
            Ok(HttpResponse::new(StatusCode::OK, body.to_vec()))
        };
        Box::pin(async move { answer })
    }
}

fn push() -> PushRequest {
    PushRequest::new()
        .cid("cid-1")
        .push_message(PushMessage::transmission("x"))
}

#[tokio::test(flavor = "current_thread", start_paused = true)]
async fn health_check_ranks_reachable_hosts_and_stops_with_the_client() {
    let stack = Arc::new(Stack::default());
    let client = getui::v2::Client::builder(APP_ID, "key", "secret")
        .base_urls(["https://down.invalid", "https://up.invalid"])
        .health_check(Duration::from_secs(120))
        .http_client(stack.clone())
        .build()
        .unwrap();
    let ranking = client.refresh_hosts().await.unwrap();
    assert_eq!(ranking.current(), Some("https://up.invalid/"));
    assert_eq!(client.current_host(), "https://up.invalid/");
    // Any HTTP answer (here 404) makes a host reachable; the probe path is /v2/check.
    assert_eq!(stack.count("HEAD https://up.invalid/v2/check"), 1);
    assert_eq!(stack.count("HEAD https://down.invalid/v2/check"), 1);

    // Calls go to the ranked host: nothing is tried at the unreachable one.
    client.push_to_single_by_cid(&push()).await.unwrap();
    assert_eq!(stack.count("POST https://down.invalid"), 0);

    // The next pass comes after the interval, not before.
    tokio::time::sleep(Duration::from_secs(119)).await;
    assert_eq!(stack.count("HEAD https://up.invalid/v2/check"), 1);
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(stack.count("HEAD https://up.invalid/v2/check"), 2);

    // Dropped with the client: no probe after that.
    drop(client);
    tokio::time::sleep(Duration::from_secs(600)).await;
    assert_eq!(stack.count("HEAD https://up.invalid/v2/check"), 2);
}

#[tokio::test(flavor = "current_thread", start_paused = true)]
async fn without_health_check_nothing_but_the_calls_is_sent() {
    let stack = Arc::new(Stack::default());
    let client = getui::v2::Client::builder(APP_ID, "key", "secret")
        .http_client(stack.clone())
        .build()
        .unwrap();
    assert_eq!(client.current_host(), "https://restapi.getui.com/");
    client.push_to_single_by_cid(&push()).await.unwrap();
    tokio::time::sleep(Duration::from_secs(3600)).await;
    let seen = stack.seen();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert!(seen
        .iter()
        .all(|s| s.contains("https://restapi.getui.com/v2/")));
}

#[tokio::test(flavor = "current_thread", start_paused = true)]
async fn a_301_switches_hosts_once_and_keeps_the_configured_one_as_fallback() {
    let stack = Arc::new(Stack::default());
    let client = getui::v2::Client::builder(APP_ID, "key", "secret")
        .base_url("https://first.invalid")
        .http_client(stack.clone())
        .build()
        .unwrap();
    client.authenticate().await.unwrap();
    *stack.switch.lock().unwrap() = true;
    client.push_to_single_by_cid(&push()).await.unwrap();
    let seen = stack.seen();
    let path = format!("/v2/{APP_ID}/push/single/cid");
    assert_eq!(
        seen[1..],
        [
            format!("POST https://first.invalid{path}"),
            format!("POST https://moved.invalid{path}"),
        ]
    );
    assert_eq!(client.current_host(), "https://moved.invalid/");
    let ranking = client.hosts();
    let hosts: Vec<_> = ranking.send_order().iter().map(|h| h.url.clone()).collect();
    assert_eq!(hosts, ["https://moved.invalid/", "https://first.invalid/"]);
}

#[tokio::test(flavor = "current_thread", start_paused = true)]
async fn set_hosts_moves_later_calls() {
    let stack = Arc::new(Stack::default());
    let client = getui::v2::Client::builder(APP_ID, "key", "secret")
        .base_url("https://first.invalid")
        .http_client(stack.clone())
        .build()
        .unwrap();
    client.set_hosts(["https://second.invalid/v2/"]).unwrap();
    client.push_to_single_by_cid(&push()).await.unwrap();
    assert!(stack
        .seen()
        .iter()
        .all(|s| s.contains("https://second.invalid/v2/")));
}

#[test]
fn a_client_from_getui_variables() {
    let vars = [
        ("GETUI_APP_ID", APP_ID),
        ("GETUI_APP_KEY", "key"),
        ("GETUI_MASTER_SECRET", "secret"),
        ("GETUI_V2_BASE_URL", "https://gateway.invalid/getui/v2/"),
        ("UNRELATED", "x"),
    ];
    let client = getui::v2::blocking::ClientBuilder::from_vars(vars)
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(client.app_id(), APP_ID);
    assert_eq!(client.current_host(), "https://gateway.invalid/getui");
    let err = getui::v2::ClientBuilder::from_vars([("GETUI_APP_ID", APP_ID)]).unwrap_err();
    assert_eq!(err.kind(), getui::ErrorKind::Config);
    assert!(err.to_string().contains("GETUI_APP_KEY"), "{err}");
}
