//! A small local legacy (OpenService) setup for host-choice tests: a bootstrap URL whose
//! `getOSPushDomailUrlListAction` answer names push hosts, and push hosts that answer probes
//! (`HEAD`) after a delay of their own and API calls at once, recording what they receive.
//! Everything listens on 127.0.0.1 and stops when dropped; delays are on tokio's clock (virtual
//! under a paused clock, real otherwise).

#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

/// One request as a server saw it.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    /// The `gt-action` header (empty for probes).
    pub action: String,
    pub body_len: usize,
}

/// How a server answers probes.
#[derive(Clone, Copy)]
pub enum Probe {
    /// `200` after this delay.
    After(Duration),
    /// Never.
    Silent,
}

/// One loopback legacy server.
pub struct LegacyServer {
    pub port: u16,
    log: Arc<Mutex<Vec<Seen>>>,
    task: JoinHandle<()>,
}

impl Drop for LegacyServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl LegacyServer {
    /// A push host (and bootstrap: its host list answer is `os_list`).
    pub async fn start(probe: Probe, os_list: Vec<String>) -> LegacyServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let log = Arc::new(Mutex::new(Vec::new()));
        let task_log = Arc::clone(&log);
        let os_list = Arc::new(os_list);
        let task = tokio::spawn(async move {
            let mut conns = JoinSet::new();
            while let Ok((stream, _)) = listener.accept().await {
                while conns.try_join_next().is_some() {}
                conns.spawn(serve(
                    stream,
                    probe,
                    Arc::clone(&os_list),
                    Arc::clone(&task_log),
                ));
            }
        });
        LegacyServer { port, log, task }
    }

    /// `http://127.0.0.1:<port>/apiex.htm`
    pub fn push_url(&self) -> String {
        format!("http://127.0.0.1:{}/apiex.htm", self.port)
    }

    /// `http://127.0.0.1:<port>/serviceex`
    pub fn serviceex_url(&self) -> String {
        format!("http://127.0.0.1:{}/serviceex", self.port)
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.log.lock().unwrap().clone()
    }

    /// Probes received (`HEAD`s and empty `POST`s).
    pub fn probes(&self) -> usize {
        self.seen()
            .iter()
            .filter(|s| s.method == "HEAD" || s.body_len == 0)
            .count()
    }

    /// API calls received (anything but a probe).
    pub fn api_calls(&self) -> usize {
        self.seen()
            .iter()
            .filter(|s| s.method != "HEAD" && s.body_len > 0)
            .count()
    }

    /// Requests of this action received.
    pub fn count(&self, action: &str) -> usize {
        self.seen().iter().filter(|s| s.action == action).count()
    }
}

/// An address nothing listens on (bound once, then released): connections are refused.
pub async fn refusing_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}/apiex.htm")
}

/// The three push hosts of issue 16: probes answered at once, after 300 ms, refused.
pub struct ThreeHosts {
    pub fast: LegacyServer,
    pub slow: LegacyServer,
    pub refusing: String,
}

impl ThreeHosts {
    pub async fn start() -> ThreeHosts {
        ThreeHosts {
            fast: LegacyServer::start(Probe::After(Duration::ZERO), Vec::new()).await,
            slow: LegacyServer::start(Probe::After(Duration::from_millis(300)), Vec::new()).await,
            refusing: refusing_url().await,
        }
    }

    /// The push host URLs in the order `perm` gives (0 fast, 1 slow, 2 refusing).
    pub fn list(&self, perm: [usize; 3]) -> Vec<String> {
        let urls = [
            self.fast.push_url(),
            self.slow.push_url(),
            self.refusing.clone(),
        ];
        perm.iter().map(|&i| urls[i].clone()).collect()
    }

    /// A bootstrap server whose host list is `self.list(perm)`.
    pub async fn bootstrap(&self, perm: [usize; 3]) -> LegacyServer {
        LegacyServer::start(Probe::Silent, self.list(perm)).await
    }
}

/// Every order of three hosts.
pub const ORDERS: [[usize; 3]; 6] = [
    [0, 1, 2],
    [0, 2, 1],
    [1, 0, 2],
    [1, 2, 0],
    [2, 0, 1],
    [2, 1, 0],
];

async fn serve(
    stream: TcpStream,
    probe: Probe,
    os_list: Arc<Vec<String>>,
    log: Arc<Mutex<Vec<Seen>>>,
) {
    let mut reader = BufReader::new(stream);
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let method = line
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_owned();
        let (mut action, mut len) = (String::new(), 0usize);
        loop {
            let mut h = String::new();
            match reader.read_line(&mut h).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((n, v)) = h.split_once(':') {
                let (n, v) = (n.trim(), v.trim());
                if n.eq_ignore_ascii_case("content-length") {
                    len = v.parse().unwrap_or(0);
                } else if n.eq_ignore_ascii_case("gt-action") {
                    action = v.to_owned();
                }
            }
        }
        let mut body = vec![0; len];
        if reader.read_exact(&mut body).await.is_err() {
            return;
        }
        log.lock().unwrap().push(Seen {
            method: method.clone(),
            action: action.clone(),
            body_len: len,
        });
        let answer = if method == "HEAD" || len == 0 {
            match probe {
                Probe::After(delay) => {
                    tokio::time::sleep(delay).await;
                    String::new()
                }
                Probe::Silent => std::future::pending().await,
            }
        } else {
            match action.as_str() {
                "getOSPushDomailUrlListAction" => {
                    let list: Vec<String> = os_list.iter().map(|u| format!("{u:?}")).collect();
                    format!(r#"{{"result":"ok","osList":[{}]}}"#, list.join(","))
                }
                "connect" => r#"{"result":"success","authtoken":"T0KEN"}"#.to_owned(),
                "pushMessageToSingleAction" => {
                    r#"{"result":"ok","taskId":"OSS-1","status":"successed_online"}"#.to_owned()
                }
                _ => r#"{"result":"ok"}"#.to_owned(),
            }
        };
        let mut out = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: text/html;charset=UTF-8\r\ncontent-length: {}\r\n\r\n",
            answer.len()
        )
        .into_bytes();
        if method != "HEAD" {
            out.extend_from_slice(answer.as_bytes());
        }
        let stream = reader.get_mut();
        if stream.write_all(&out).await.is_err() || stream.flush().await.is_err() {
            return;
        }
    }
}
