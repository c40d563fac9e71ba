//! The README's quickstart (`cargo run --example quickstart`) pointed through the `GETUI_*`
//! variables at a small local three-host setup sends its push to the fast host (issue 16,
//! part 1): the bootstrap URL names a push host that answers probes after 300 ms, one that
//! answers at once and one that refuses connections, in that order (the report).
//!
//! How the example is run: this test target (`harness = false`) compiles
//! `examples/quickstart.rs` into itself (`#[path]`); its `main` is the example's own `main`
//! when [`CHILD`] is set, and otherwise runs the test below, which starts the servers, runs
//! this binary again as the child with the `GETUI_*` variables pointing at the setup, and
//! then checks where the push arrived (`example_child`). The example gets a process of its
//! own (its environment, its runtime, its exit status) without a nested `cargo run`. Real
//! time: the slow host's 300 ms are real.

mod example_child;
mod legacy_hosts;

use std::process::ExitCode;
use std::time::Duration;

use legacy_hosts::ThreeHosts;

#[path = "../../../examples/quickstart.rs"]
#[allow(dead_code)]
mod quickstart;

/// Set in the child process: run the example.
const CHILD: &str = "GETUI_RS_QUICKSTART_FAST_HOST_CHILD";

fn main() -> ExitCode {
    if example_child::is_child(CHILD) {
        return example_child::child(quickstart::main());
    }
    example_child::run_tests(&[(
        "quickstart_pointed_at_three_hosts_pushes_to_the_fast_one",
        quickstart_pointed_at_three_hosts_pushes_to_the_fast_one,
    )])
}

fn quickstart_pointed_at_three_hosts_pushes_to_the_fast_one() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let hosts = rt.block_on(ThreeHosts::start());
    // The order: slow, fast, refusing.
    let bootstrap = rt.block_on(hosts.bootstrap([1, 0, 2]));

    let (ok, text) = example_child::run_child(
        CHILD,
        &[
            ("GETUI_HOST", bootstrap.serviceex_url().as_str()),
            ("GETUI_APP_ID", "QsAppId00000000000001"),
            ("GETUI_APP_KEY", "QsAppKey0000000000001"),
            ("GETUI_MASTER_SECRET", "QsMasterSecret000001"),
            ("GETUI_CID", "0a1b2c3d4e5f60718293a4b5c6d7e8f9"),
        ],
    );
    assert!(ok, "the quickstart failed:\n{text}");
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
