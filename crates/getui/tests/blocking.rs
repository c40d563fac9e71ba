//! The blocking client from a plain thread and from inside tokio runtimes (what
//! `#[tokio::main]` and `#[tokio::test]` create): no nested `block_on`, no panic.

mod common;

use common::*;
use getui_mock::{BlockingMockServer, MockServer};
use std::sync::mpsc;

/// One push and one query, with checks; used from every context.
fn use_client(client: &getui::blocking::Client) {
    let result = client.push_to_single(&single("b"), &cid("c1")).unwrap();
    assert!(result.task_id.is_some());
    assert!(client.client_status(APP_ID, "c1").unwrap().online);
}

#[test]
fn from_a_plain_thread() {
    let server = BlockingMockServer::start();
    server.add_client(APP_ID, "c1", true);
    let url = server.serviceex_url();
    let (done_tx, done_rx) = mpsc::channel();
    let worker = std::thread::spawn(move || {
        let client = blocking_client(&url);
        use_client(&client);
        // A clone used from another thread works with the same token.
        let clone = client.clone();
        std::thread::spawn(move || use_client(&clone))
            .join()
            .unwrap();
        drop(client);
        done_tx.send(()).unwrap();
    });
    done_rx
        .recv_timeout(TEST_BOUND)
        .expect("the blocking calls did not finish in time");
    worker.join().unwrap();
    recorded(&server, "connect", 1);
    recorded(&server, "pushMessageToSingleAction", 3); // sign_error, then 2 accepted
    assert_eq!(server.accepted_pushes().len(), 2);
}

/// What `#[tokio::main]` expands to: a multi-threaded runtime blocking on the async main.
#[test]
fn inside_a_tokio_main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        bounded(async {
            let server = MockServer::start().await;
            server.add_client(APP_ID, "c1", true);
            let client = blocking_client(&server.serviceex_url());
            use_client(&client);
            drop(client);
            assert_eq!(server.accepted_pushes().len(), 1);
        })
        .await;
    });
}

#[tokio::test(flavor = "multi_thread")]
async fn inside_a_multi_threaded_tokio_test() {
    bounded(async {
        let server = MockServer::start().await;
        server.add_client(APP_ID, "c1", true);
        // Built, used and dropped right on a runtime worker thread.
        let client = blocking_client(&server.serviceex_url());
        use_client(&client);
        let mut batch = client.batch();
        batch.add(&single("b"), &cid("c1")).unwrap();
        assert_eq!(batch.submit().unwrap().items.len(), 1);
        drop(batch);
        drop(client);
        assert_eq!(server.accepted_pushes().len(), 2);
    })
    .await;
}

/// In a single-threaded runtime (`#[tokio::test]`'s default) the mock must run elsewhere:
/// the call blocks the runtime's only thread while it waits, and returns.
#[test]
fn inside_a_current_thread_runtime() {
    let server = BlockingMockServer::start();
    server.add_client(APP_ID, "c1", true);
    let url = server.serviceex_url();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let client = blocking_client(&url);
        use_client(&client);
        drop(client);
    });
    assert_eq!(server.accepted_pushes().len(), 1);
}

#[test]
fn a_failed_start_reports_the_configuration_error() {
    let err = getui::blocking::Client::builder("AppKey", "")
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), getui::ErrorKind::Config);
}
