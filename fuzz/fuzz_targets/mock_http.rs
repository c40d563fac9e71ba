//! Shared by the mock targets: one in-process getui-mock on 127.0.0.1 for the whole run, and a
//! raw HTTP/1.1 exchange that fails loudly when the mock does not answer (a panic in its
//! handler drops the connection instead of answering).

use getui_mock::{BlockingMockServer, MockServer};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::OnceLock;
use std::time::Duration;

#[allow(dead_code)] // each target reads a different part
pub struct Mock {
    pub server: BlockingMockServer,
    pub addr: SocketAddr,
    pub token: String,
}

pub fn mock() -> &'static Mock {
    static MOCK: OnceLock<Mock> = OnceLock::new();
    MOCK.get_or_init(|| {
        let server = MockServer::builder()
            .record_requests(false)
            .start_blocking();
        let addr = server.host_addr(0);
        let ts = 1_700_000_000_000i64;
        let sign = getui_protocol::sign::connect_sign(
            getui_mock::DEFAULT_APP_KEY,
            ts,
            &getui_mock::DEFAULT_MASTER_SECRET.into(),
        );
        let body = serde_json::json!({
            "action": "connect", "appkey": getui_mock::DEFAULT_APP_KEY,
            "timeStamp": ts, "sign": sign, "version": "4.1.1.2",
        })
        .to_string();
        let (status, answer) =
            exchange(addr, "/apiex.htm", Some("connect"), false, body.as_bytes());
        assert_eq!(status, 200);
        let answer: serde_json::Value = serde_json::from_slice(&answer).expect("JSON");
        let token = answer["authtoken"].as_str().expect("a token").to_owned();
        Mock {
            server,
            addr,
            token,
        }
    })
}

/// POSTs `body` and returns the status and the raw body of the answer.
pub fn exchange(
    addr: SocketAddr,
    path: &str,
    action: Option<&str>,
    declare_gzip: bool,
    body: &[u8],
) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(addr).expect("the mock listens");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let mut head = format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    if let Some(action) = action {
        head.push_str(&format!("Gt-Action: {action}\r\n"));
    }
    if declare_gzip {
        head.push_str("Content-Encoding: gzip\r\n");
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).expect("write head");
    stream.write_all(body).expect("write body");
    let mut reply = Vec::new();
    stream
        .read_to_end(&mut reply)
        .expect("the mock answers before closing");
    let text_end = reply
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no HTTP answer: {:?}", String::from_utf8_lossy(&reply)));
    let head = String::from_utf8_lossy(&reply[..text_end]).to_string();
    let status = head
        .strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP answer: {head}"));
    (status, reply[text_end + 4..].to_vec())
}
