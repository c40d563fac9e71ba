//! Plain HTTP helpers for the REST v2 tests (on top of `common`).
#![allow(dead_code)] // each test file uses a different part

use std::time::{SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use getui_mock::{MockServer, DEFAULT_APP_ID, DEFAULT_APP_KEY, DEFAULT_MASTER_SECRET};
use getui_model::secret::MasterSecret;
use getui_protocol::v2::sign::auth_sign;
use http_body_util::Full;
use hyper::{Method, Request};
use serde_json::{json, Value};

use crate::common::{send, Error, HttpClient, Reply};

/// The current epoch milliseconds as the 13-digit text the auth body carries.
pub fn now_ts() -> String {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis()
        .to_string()
}

/// A `POST /auth` body signed with `secret`.
pub fn auth_body(app_key: &str, secret: &str, ts: &str) -> Value {
    let sign = auth_sign(app_key, ts, &MasterSecret::new(secret));
    json!({"sign": sign, "timestamp": ts, "appkey": app_key})
}

/// A request to `{base}/v2/{app}{path}` the way a v2 client sends it: the `token` header
/// when given, a JSON body with its Content-Type when given.
pub fn request(
    server: &MockServer,
    app_id: &str,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> Request<Full<Bytes>> {
    let mut b = Request::builder()
        .method(method)
        .uri(format!("{}{path}", server.v2_app_url(app_id)));
    if let Some(t) = token {
        b = b.header("token", t);
    }
    let payload = match body {
        Some(v) => {
            b = b.header("Content-Type", "application/json;charset=UTF-8");
            serde_json::to_vec(v).unwrap()
        }
        None => Vec::new(),
    };
    b.body(Full::new(Bytes::from(payload))).unwrap()
}

/// Sends a v2 request for the default app.
pub async fn call(
    c: &HttpClient,
    server: &MockServer,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> Result<Reply, Error> {
    send(
        c,
        request(server, DEFAULT_APP_ID, method, path, token, body),
    )
    .await
}

/// Sends a v2 request for the default app and returns (HTTP status, JSON answer).
pub async fn call_json(
    c: &HttpClient,
    server: &MockServer,
    method: Method,
    path: &str,
    token: &str,
    body: Option<&Value>,
) -> (u16, Value) {
    let reply = call(c, server, method, path, Some(token), body)
        .await
        .expect("request failed");
    (reply.status, reply.json())
}

/// Like [`call_json`] but asserts HTTP 200 and code 0, returning `data`.
pub async fn ok_data(
    c: &HttpClient,
    server: &MockServer,
    method: Method,
    path: &str,
    token: &str,
    body: Option<&Value>,
) -> Value {
    let (status, v) = call_json(c, server, method.clone(), path, token, body).await;
    assert_eq!(
        (status, &v["code"]),
        (200, &json!(0)),
        "{method} {path}: {v}"
    );
    v.get("data").cloned().unwrap_or(Value::Null)
}

/// Asserts a refusal with `code` (and the HTTP status the service gives it).
pub async fn refused(
    c: &HttpClient,
    server: &MockServer,
    method: Method,
    path: &str,
    token: &str,
    body: Option<&Value>,
    code: i64,
) -> Value {
    let (status, v) = call_json(c, server, method.clone(), path, token, body).await;
    let want_status = match code {
        1 => 200,
        10001..=10005 => 401,
        20001..=29999 => 400,
        _ => 200,
    };
    assert_eq!(
        (status, v["code"].as_i64()),
        (want_status, Some(code)),
        "{method} {path}: {v}"
    );
    v
}

/// Authenticates the default app and returns the token.
pub async fn auth(c: &HttpClient, server: &MockServer) -> String {
    let body = auth_body(DEFAULT_APP_KEY, DEFAULT_MASTER_SECRET, &now_ts());
    let reply = call(c, server, Method::POST, "/auth", None, Some(&body))
        .await
        .unwrap();
    let v = reply.json();
    assert_eq!((reply.status, &v["code"]), (200, &json!(0)), "{v}");
    v["data"]["token"].as_str().unwrap().to_owned()
}

/// A minimal push request body (notification, startapp).
pub fn push(request_id: &str, audience: Value) -> Value {
    json!({
        "request_id": request_id,
        "audience": audience,
        "settings": {"ttl": 3_600_000},
        "push_message": {"notification": {"title": "Hello", "body": "World", "click_type": "startapp"}},
    })
}

/// The single task id of a `{taskid: {...}}` answer.
pub fn only_task(data: &Value) -> String {
    let map = data.as_object().expect("an object");
    assert_eq!(map.len(), 1, "{data}");
    map.keys().next().unwrap().clone()
}
