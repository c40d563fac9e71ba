//! Dropping the last handle of a blocking client joins its runtime thread: once `drop`
//! returns, the thread is gone. Alone in its test binary so that no other test's client
//! thread is counted.

#![cfg(target_os = "linux")]

mod common;

use common::*;
use getui_mock::BlockingMockServer;

/// The threads of this process named like the blocking client's runtime thread.
fn runtime_threads() -> usize {
    std::fs::read_dir("/proc/self/task")
        .unwrap()
        .filter_map(|task| std::fs::read_to_string(task.ok()?.path().join("comm")).ok())
        .filter(|name| name.trim() == "getui-transport")
        .count()
}

#[test]
fn dropping_the_last_handle_joins_the_runtime_thread() {
    let server = BlockingMockServer::start();
    assert_eq!(runtime_threads(), 0);

    let client = blocking_client(&server.serviceex_url());
    assert_eq!(runtime_threads(), 1);
    client.client_status(APP_ID, "c1").unwrap();

    let clone = client.clone();
    let batch = client.batch();
    drop(client);
    assert_eq!(runtime_threads(), 1, "a clone and a batch still hold it");
    drop(clone);
    assert_eq!(runtime_threads(), 1, "the batch still holds it");
    drop(batch);
    assert_eq!(runtime_threads(), 0, "joined when the last handle went");

    // A second client gets its own thread, also joined on drop.
    let other = blocking_client(&server.serviceex_url());
    assert_eq!(runtime_threads(), 1);
    drop(other);
    assert_eq!(runtime_threads(), 0);
}
