//! The README's quickstart (`cargo run --example quickstart`) pointed through the `GETUI_*`
//! variables at a small local three-host setup sends its push to the fast host (issue 16,
//! part 1): the bootstrap URL names a push host that answers probes after 300 ms, one that
//! answers at once and one that refuses connections, in that order (the report).
//!
//! How the example is run: this file compiles `examples/quickstart.rs` into itself
//! (`#[path]`); the ignored test `child_runs_the_quickstart` calls its `main` when the
//! variable [`CHILD`] is set. The test below starts the servers, runs this test binary again as
//! a child process that runs only that test, with the `GETUI_*` variables pointing at the
//! setup, and then checks where the push arrived. The example gets a process of its own (its
//! environment, its runtime, its exit status) without a nested `cargo run`. Real time: the
//! slow host's 300 ms are real.

#![cfg(feature = "async")]

mod legacy_hosts;

use std::process::Command;
use std::time::Duration;

use legacy_hosts::ThreeHosts;

#[path = "../../../examples/quickstart.rs"]
#[allow(dead_code)]
mod quickstart;

/// Set in the child process: run the example.
const CHILD: &str = "GETUI_RS_QUICKSTART_FAST_HOST_CHILD";

/// Not a test of its own: the child process of the test below (see the file's docs).
#[test]
#[ignore = "run as a child process by the other test of this file"]
fn child_runs_the_quickstart() {
    if std::env::var_os(CHILD).is_some() {
        quickstart::main().expect("the example succeeds");
    }
}

#[test]
fn quickstart_pointed_at_three_hosts_pushes_to_the_fast_one() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let hosts = rt.block_on(ThreeHosts::start());
    // The order: slow, fast, refusing.
    let bootstrap = rt.block_on(hosts.bootstrap([1, 0, 2]));

    let mut command = Command::new(std::env::current_exe().expect("the test binary"));
    command.args([
        "child_runs_the_quickstart",
        "--exact",
        "--ignored",
        "--nocapture",
        "--test-threads=1",
    ]);
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("GETUI_") || name == "RUST_LOG" {
            command.env_remove(name);
        }
    }
    command.env(CHILD, "1").envs([
        ("GETUI_HOST", bootstrap.serviceex_url().as_str()),
        ("GETUI_APP_ID", "QsAppId00000000000001"),
        ("GETUI_APP_KEY", "QsAppKey0000000000001"),
        ("GETUI_MASTER_SECRET", "QsMasterSecret000001"),
        ("GETUI_CID", "0a1b2c3d4e5f60718293a4b5c6d7e8f9"),
    ]);
    let output = command.output().expect("the child process runs");
    let text = format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "the quickstart failed:\n{text}");
    assert!(text.contains("OSS-1"), "no task id printed:\n{text}");

    assert_eq!(bootstrap.count("getOSPushDomailUrlListAction"), 1);
    assert_eq!(
        hosts.fast.count("pushMessageToSingleAction"),
        1,
        "the push did not reach the fast host:\n{text}"
    );
    // The slow host's probe may still be answering when the example exits; it never got the
    // push (nor anything else but its probe).
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(hosts.slow.api_calls(), 0, "{:?}", hosts.slow.seen());
    rt.shutdown_background();
}
