//! A small scripted REST v2 server for the facade's v2 tests: HTTP/1.1 keep-alive on
//! 127.0.0.1, every request recorded (method, raw path, headers, body), each answered by a
//! closure the test gives.

#![allow(dead_code)]

use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

pub const APP_ID: &str = "V2TestAppId0000000001";
pub const APP_KEY: &str = "V2TestAppKey000000001";
pub const MASTER_SECRET: &str = "V2-Test-M4ster-S3cret";

/// One request as received.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }

    pub fn is_auth(&self) -> bool {
        self.method == "POST" && self.path == format!("/v2/{APP_ID}/auth")
    }
}

/// The status that makes the server close the connection without answering.
pub const DROP: u16 = 0;

/// What the server answers: HTTP status and JSON body (status [`DROP`]: no answer).
pub type Answer = (u16, serde_json::Value);

type Handler = dyn Fn(&Recorded, &Server) -> Answer + Send + Sync;

/// The running server (it stops with the runtime that started it).
#[derive(Clone)]
pub struct Server {
    pub base_url: String,
    requests: Arc<Mutex<Vec<Recorded>>>,
    tokens: Arc<AtomicUsize>,
}

impl Server {
    /// Starts a server answering with `handler`.
    pub async fn start(
        handler: impl Fn(&Recorded, &Server) -> Answer + Send + Sync + 'static,
    ) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let server = Server {
            base_url: format!("http://{}", listener.local_addr().unwrap()),
            requests: Arc::default(),
            tokens: Arc::default(),
        };
        let handler: Arc<Handler> = Arc::new(handler);
        let accepting = server.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, accepting.clone(), Arc::clone(&handler)));
            }
        });
        server
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }

    pub fn auth_count(&self) -> usize {
        self.requests().iter().filter(|r| r.is_auth()).count()
    }

    /// The answer of a correct auth: a new token `token-N`, expiring `lifetime_ms` after the
    /// request's timestamp; a wrong sign gets 20001.
    pub fn auth_answer(&self, request: &Recorded, lifetime_ms: u64) -> Answer {
        let body = request.json();
        let timestamp = body["timestamp"].as_str().unwrap_or_default().to_owned();
        let expected = hex(&Sha256::digest(
            format!("{APP_KEY}{timestamp}{MASTER_SECRET}").as_bytes(),
        ));
        if body["sign"] != expected.as_str() || body["appkey"] != APP_KEY {
            return (
                400,
                serde_json::json!({"code": 20001, "msg": "sign is invalid"}),
            );
        }
        let n = self.tokens.fetch_add(1, Ordering::SeqCst) + 1;
        let expire = timestamp.parse::<u64>().unwrap_or(0) + lifetime_ms;
        (
            200,
            serde_json::json!({"code": 0, "msg": "success",
                "data": {"token": format!("token-{n}"), "expire_time": expire.to_string()}}),
        )
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

async fn serve(mut stream: TcpStream, server: Server, handler: Arc<Handler>) {
    let mut buffer = Vec::new();
    loop {
        let head_end = loop {
            if let Some(i) = find(&buffer, b"\r\n\r\n") {
                break i;
            }
            let mut chunk = [0u8; 4096];
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        };
        let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
        let mut lines = head.split("\r\n");
        let mut first = lines.next().unwrap_or_default().split(' ');
        let method = first.next().unwrap_or_default().to_owned();
        let path = first.next().unwrap_or_default().to_owned();
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
            .collect();
        let length = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.parse::<usize>().ok())
            .unwrap_or(0);
        let total = head_end + 4 + length;
        while buffer.len() < total {
            let mut chunk = [0u8; 4096];
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        }
        let body = buffer[head_end + 4..total].to_vec();
        buffer.drain(..total);
        let recorded = Recorded {
            method,
            path,
            headers,
            body,
        };
        server.requests.lock().unwrap().push(recorded.clone());
        let (status, json) = handler(&recorded, &server);
        if status == DROP {
            return;
        }
        let body = json.to_string();
        let response = format!(
            "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        if stream.write_all(response.as_bytes()).await.is_err() {
            return;
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A success answer with `data`.
pub fn ok(data: serde_json::Value) -> Answer {
    (
        200,
        serde_json::json!({"code": 0, "msg": "success", "data": data}),
    )
}

/// The 10001 answer.
pub fn token_expired() -> Answer {
    (
        401,
        serde_json::json!({"code": 10001, "msg": "token error or expired"}),
    )
}
