//! Using the mock from blocking code, with a raw TCP HTTP/1.1 client.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use getui_mock::{BlockingMockServer, Fault, MockServer, DEFAULT_APP_ID};
use serde_json::{json, Value};

/// One HTTP/1.1 request over a fresh connection; returns (status, body).
fn raw_post(server: &BlockingMockServer, path: &str, body: &Value) -> (u16, Vec<u8>) {
    let addr = server.host_addr(0);
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let action = body["action"].as_str().unwrap_or_default().to_owned();
    let body = serde_json::to_vec(body).unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nGt-Action: {action}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(&body).unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    let split = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a head");
    let head = String::from_utf8_lossy(&answer[..split]).into_owned();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, answer[split + 4..].to_vec())
}

fn sign(app_key: &str, ts: i64, secret: &str) -> String {
    use md5::{Digest, Md5};
    Md5::digest(format!("{app_key}{ts}{secret}"))
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn a_blocking_test_drives_the_mock() {
    let server = MockServer::builder()
        .client(DEFAULT_APP_ID, "cid", false)
        .start_blocking();
    let connect = json!({"action": "connect", "appkey": getui_mock::DEFAULT_APP_KEY, "timeStamp": 5,
        "sign": sign(getui_mock::DEFAULT_APP_KEY, 5, getui_mock::DEFAULT_MASTER_SECRET)});
    let (status, body) = raw_post(&server, "/apiex.htm", &connect);
    assert_eq!(status, 200);
    let answer: Value = serde_json::from_slice(&body).unwrap();
    let token = answer["authtoken"].as_str().unwrap();

    let query = json!({"action": "getClientIdStatusAction", "appkey": getui_mock::DEFAULT_APP_KEY,
        "appId": DEFAULT_APP_ID, "clientId": "cid", "authToken": token});
    let (_, body) = raw_post(&server, "/apiex.htm", &query);
    assert_eq!(
        serde_json::from_slice::<Value>(&body).unwrap()["result"],
        "Offline"
    );

    server.inject(Fault::Status(503)).times(1);
    assert_eq!(raw_post(&server, "/apiex.htm", &query).0, 503);
    assert_eq!(server.requests().len(), 3);
    assert_eq!(server.requests_for("getClientIdStatusAction").len(), 2);
}

#[test]
fn dropping_a_blocking_server_frees_its_port() {
    let server = BlockingMockServer::start();
    let addr = server.host_addr(0);
    server.inject(Fault::Hang);
    // a hanging connection does not keep the server alive
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .write_all(b"POST /apiex.htm HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}")
        .unwrap();
    drop(server);
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut buf = Vec::new();
    // the connection is closed (EOF or reset), not left hanging
    let _ = stream.read_to_end(&mut buf);
    assert!(buf.is_empty());
    assert!(
        TcpStream::connect(addr).is_err(),
        "listener still accepting"
    );
}
