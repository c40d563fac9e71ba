//! Shared helpers of the reliability tests (`reliability_*.rs`): clients with short timeouts,
//! a relay that can kill and revive a host, dead ports, and the ledger checks that prove a push
//! was accepted at most once.
//!
//! Everything listens on 127.0.0.1 only.

#![allow(dead_code)] // each test binary uses a different part

use getui_mock::MockServer;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::Duration;
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

/// The helpers every integration test shares (the time bound, the app, messages).
#[path = "../common/mod.rs"]
mod common;

#[allow(unused_imports)]
pub use common::{bounded, cid, single, transmission, APP_ID, APP_KEY, SECRET, TEST_BOUND};

/// The action of a single push.
pub const SINGLE: &str = "pushMessageToSingleAction";
/// The second step of an app push: not de-duplicated by the server (no requestId).
pub const APP_START: &str = "pushMessageToAppAction";

/// The request timeout of the fault tests: long enough for any loopback answer on a loaded
/// machine, short enough that hanging hosts cost little.
pub const REQUEST_TIMEOUT: Duration = Duration::from_millis(800);

/// The answer cap of the fault tests (1 MiB; the default is 16 MiB).
pub const ANSWER_CAP: usize = 1 << 20;

/// Short timeouts, 3 attempts, no probes (the mock then records API requests only), a 1 MiB
/// answer cap.
pub fn fast(c: getui::ConfigBuilder) -> getui::ConfigBuilder {
    c.probe(false)
        .connect_timeout(Duration::from_secs(2))
        .request_timeout(REQUEST_TIMEOUT)
        .max_attempts(3)
        .max_answer_bytes(ANSWER_CAP)
}

/// A URL on 127.0.0.1 where nothing listens: connecting is refused.
pub async fn dead_url(path: &str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    format!("http://{addr}{path}")
}

/// How often each `requestId` was accepted, from the mock's ledger. Panics if the ledger and
/// the per-id statistics disagree or if any id was accepted twice.
pub fn ledger_by_request_id(server: &MockServer) -> HashMap<String, usize> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for push in server.accepted_pushes() {
        if let Some(id) = push.request_id {
            *counts.entry(id).or_default() += 1;
        }
    }
    for (id, n) in &counts {
        assert_eq!(*n, 1, "requestId {id} was accepted {n} times");
        assert_eq!(
            server.acceptance_count(id),
            1,
            "the ledger and the statistics of {id} disagree"
        );
    }
    counts
}

/// A TCP relay on 127.0.0.1 in front of one mock host: a host that can die (its port refuses
/// connections and every open connection is cut) and come back on the same port.
pub struct Relay {
    addr: SocketAddr,
    target: SocketAddr,
    running: Mutex<Option<JoinHandle<()>>>,
}

impl Relay {
    /// Starts relaying `127.0.0.1:<new port>` to `target`.
    pub async fn start(target: SocketAddr) -> Relay {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind relay");
        let addr = listener.local_addr().expect("relay addr");
        let relay = Relay {
            addr,
            target,
            running: Mutex::new(None),
        };
        relay.run(listener);
        relay
    }

    fn run(&self, listener: TcpListener) {
        let target = self.target;
        let task = tokio::spawn(async move {
            // The connections live in this set: aborting the accept loop cuts them all.
            let mut connections = JoinSet::new();
            loop {
                tokio::select! {
                    accepted = listener.accept() => {
                        let Ok((inbound, _)) = accepted else { continue };
                        connections.spawn(async move {
                            if let Ok(outbound) = TcpStream::connect(target).await {
                                let _ = inbound.set_nodelay(true);
                                let _ = outbound.set_nodelay(true);
                                let (in_read, in_write) = inbound.into_split();
                                let (out_read, out_write) = outbound.into_split();
                                tokio::join!(pump(in_read, out_write), pump(out_read, in_write));
                            }
                        });
                    }
                    Some(_) = connections.join_next(), if !connections.is_empty() => {}
                }
            }
        });
        *self.running.lock().unwrap() = Some(task);
    }

    /// `http://127.0.0.1:PORT/apiex.htm` of the relay.
    pub fn api_url(&self) -> String {
        format!("http://{}/apiex.htm", self.addr)
    }

    /// `http://127.0.0.1:PORT` of the relay: a REST v2 base URL.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Kills the host: the listener closes (new connections are refused) and every open
    /// connection is cut, whatever was in flight.
    pub async fn kill(&self) {
        let task = self.running.lock().unwrap().take();
        if let Some(task) = task {
            task.abort();
            let _ = task.await;
        }
    }

    /// Brings the host back on the same port.
    pub async fn revive(&self) {
        // The port was just closed; binding it again may need a moment on a busy machine.
        for _ in 0..100 {
            if let Ok(listener) = TcpListener::bind(self.addr).await {
                self.run(listener);
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("could not bind {} again", self.addr);
    }
}

/// Copies one direction until end of stream or error, then closes the writing side (without
/// tokio's `io-util`).
async fn pump(from: OwnedReadHalf, to: OwnedWriteHalf) {
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        if from.readable().await.is_err() {
            return;
        }
        let n = match from.try_read(&mut buf) {
            Ok(0) => return,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => continue,
            Err(_) => return,
        };
        let mut written = 0;
        while written < n {
            if to.writable().await.is_err() {
                return;
            }
            match to.try_write(&buf[written..n]) {
                Ok(m) => written += m,
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(_) => return,
            }
        }
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        if let Some(task) = self.running.lock().unwrap().take() {
            task.abort();
        }
    }
}
