//! A plain hyper client for driving the mock in tests.
#![allow(dead_code)] // each test file uses a different part

use std::io::{Read, Write};

use bytes::Bytes;
use getui_mock::{MockServer, DEFAULT_APP_KEY, DEFAULT_MASTER_SECRET};
use http_body_util::{BodyExt, Full};
use hyper::header::{HeaderMap, CONTENT_ENCODING};
use hyper::{Method, Request};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use md5::{Digest, Md5};
use serde_json::{json, Value};

pub type HttpClient = Client<HttpConnector, Full<Bytes>>;

pub fn client() -> HttpClient {
    Client::builder(TokioExecutor::new()).build_http()
}

/// A client that opens a new connection per request (for faults that kill connections).
pub fn fresh_client() -> HttpClient {
    Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(0)
        .build_http()
}

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    /// As received (still gzip-encoded if it was).
    pub raw: Bytes,
}

impl Reply {
    pub fn gzip(&self) -> bool {
        self.headers
            .get(CONTENT_ENCODING)
            .is_some_and(|v| v == "gzip")
    }

    /// The body, inflated when `Content-Encoding: gzip`.
    pub fn body(&self) -> Vec<u8> {
        if self.gzip() {
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(&self.raw[..])
                .read_to_end(&mut out)
                .expect("valid gzip");
            out
        } else {
            self.raw.to_vec()
        }
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body())
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", String::from_utf8_lossy(&self.raw)))
    }
}

pub type Error = Box<dyn std::error::Error + Send + Sync>;

pub async fn send(client: &HttpClient, req: Request<Full<Bytes>>) -> Result<Reply, Error> {
    let resp = client.request(req).await?;
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let raw = resp.into_body().collect().await?.to_bytes();
    Ok(Reply {
        status,
        headers,
        raw,
    })
}

pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

/// Builds an API request the way the SDKs do: `Gt-Action` header, optional gzip.
pub fn api_request(url: &str, body: &Value, gzip_it: bool) -> Request<Full<Bytes>> {
    let action = body["action"].as_str().unwrap_or_default().to_owned();
    let text = serde_json::to_vec(body).unwrap();
    let mut b = Request::builder()
        .method(Method::POST)
        .uri(url)
        .header("Content-Type", "text/html;charset=UTF-8")
        .header("Gt-Action", action);
    let payload = if gzip_it {
        b = b
            .header("Content-Encoding", "gzip")
            .header("Accept-Encoding", "gzip");
        gzip(&text)
    } else {
        text
    };
    b.body(Full::new(Bytes::from(payload))).unwrap()
}

pub async fn post(client: &HttpClient, url: &str, body: &Value) -> Result<Reply, Error> {
    send(client, api_request(url, body, false)).await
}

pub async fn post_json(client: &HttpClient, url: &str, body: &Value) -> Value {
    let reply = post(client, url, body).await.expect("request failed");
    assert_eq!(
        reply.status,
        200,
        "{:?}",
        String::from_utf8_lossy(&reply.raw)
    );
    reply.json()
}

pub fn sign(app_key: &str, timestamp: i64, secret: &str) -> String {
    let mut h = Md5::new();
    h.update(format!("{app_key}{timestamp}{secret}"));
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

pub fn connect_body(app_key: &str, secret: &str) -> Value {
    let ts = 1_700_000_000_000i64;
    json!({"action": "connect", "appkey": app_key, "timeStamp": ts, "sign": sign(app_key, ts, secret), "version": "4.1.1.2"})
}

/// Connects with the default app and returns the token.
pub async fn connect(client: &HttpClient, server: &MockServer) -> String {
    let answer = post_json(
        client,
        &server.api_url(),
        &connect_body(DEFAULT_APP_KEY, DEFAULT_MASTER_SECRET),
    )
    .await;
    assert_eq!(answer["result"], "success", "{answer}");
    answer["authtoken"].as_str().unwrap().to_owned()
}

/// Adds `appkey`, `version` and `authToken` to `members` (an object with `action` first).
pub fn with_auth(mut members: Value, token: &str) -> Value {
    let o = members.as_object_mut().unwrap();
    o.entry("appkey")
        .or_insert_with(|| Value::String(DEFAULT_APP_KEY.into()));
    o.insert("version".into(), "4.1.1.2".into());
    o.insert("authToken".into(), token.into());
    members
}

/// The base64 `clientData` of a Transmission template as the Python SDK sent it (golden
/// vector); the mock only needs it to be present and valid base64.
pub const CLIENT_DATA: &str = "CgASC3B1c2htZXNzYWdlGgAiFk9yYWNsZUFwcEtleTAwMDAwMDAwMDEqFk9yYWNsZUFwcElkMDAwMDAwMDAwMDEyADoEWAFoAUIHCAEQABiuTkIZCK5OEAMYZOIIAOoIBgoAEgAaAPAIAPgIZEIECGQQB0oAUAQ=";

/// A `pushMessageToSingleAction` body for `cid` (or alias when `cid` is empty).
pub fn single_push(token: &str, request_id: &str, cid: &str, alias: &str) -> Value {
    with_auth(
        json!({
            "requestId": request_id,
            "action": "pushMessageToSingleAction",
            "appkey": getui_mock::DEFAULT_APP_KEY,
            "clientData": CLIENT_DATA,
            "transmissionContent": "",
            "isOffline": true,
            "offlineExpireTime": 43_200_000,
            "pushNetWorkType": 0,
            "appId": getui_mock::DEFAULT_APP_ID,
            "clientId": cid,
            "alias": alias,
            "type": 2,
            "pushType": "TransmissionMsg",
        }),
        token,
    )
}
