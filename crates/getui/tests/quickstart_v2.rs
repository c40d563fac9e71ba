//! The acceptance of `cargo run --example quickstart_v2`: against the embedded mock it prints
//! a pushed task id; pointed by the GETUI_* variables at a stand-in that checks the sign
//! (getui-mock, with an app of its own), it sends exactly one auth with a valid sign and one
//! push with the issued token and a 10–32 character `request_id`, and at `RUST_LOG=trace` the
//! master secret appears nowhere in what it prints.
//!
//! How the example is run: this test target (`harness = false`) compiles
//! `examples/quickstart_v2.rs` into itself (`#[path]`); its `main` is the example's own `main`
//! (logging set-up included) when [`CHILD`] is set, and otherwise runs the tests below. Each
//! starts getui-mock, then runs this binary again as the child with the variables it chooses
//! (`RUST_LOG=trace`, the GETUI_* ones or none) and reads the child's stdout and stderr: what
//! a user of `cargo run --example quickstart_v2` would see (`example_child`).

use std::process::ExitCode;

use getui_mock::{BlockingMockServer, MockServer, RecordedRequest};
use sha2::{Digest, Sha256};

mod example_child;

#[path = "../../../examples/quickstart_v2.rs"]
#[allow(dead_code)]
mod quickstart_v2;

/// Set in the child process: run the example.
const CHILD: &str = "GETUI_RS_QUICKSTART_V2_CHILD";

/// An app of its own, so that its master secret is unlike anything else in the output.
const APP_ID: &str = "QsV2AppId0000000000001";
const APP_KEY: &str = "QsV2AppKey000000000001";
const MASTER_SECRET: &str = "Qs-V2-M4ster-S3cret-5b1e";
const CID: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

fn main() -> ExitCode {
    if example_child::is_child(CHILD) {
        return example_child::child(quickstart_v2::main());
    }
    example_child::run_tests(&[
        (
            "against_a_sign_checking_server_one_auth_one_push_no_secret_printed",
            against_a_sign_checking_server_one_auth_one_push_no_secret_printed,
        ),
        (
            "with_no_variables_it_pushes_to_the_embedded_mock",
            with_no_variables_it_pushes_to_the_embedded_mock,
        ),
        (
            "with_only_some_variables_it_refuses_before_sending",
            with_only_some_variables_it_refuses_before_sending,
        ),
    ])
}

/// Runs the example in a child process with `vars` and `RUST_LOG=trace` (every other GETUI_*
/// variable removed); its exit status and what it printed (stdout, then stderr).
fn run_example(vars: &[(&str, &str)]) -> (bool, String) {
    let mut all = vec![("RUST_LOG", "trace")];
    all.extend_from_slice(vars);
    example_child::run_child(CHILD, &all)
}

fn with_action<'a>(requests: &'a [RecordedRequest], action: &str) -> Vec<&'a RecordedRequest> {
    requests
        .iter()
        .filter(|r| r.action.as_deref() == Some(action))
        .collect()
}

fn against_a_sign_checking_server_one_auth_one_push_no_secret_printed() {
    let server = BlockingMockServer::start();
    let mock: &MockServer = &server;
    mock.add_v2_app(APP_ID, APP_KEY, MASTER_SECRET);
    mock.add_client(APP_ID, CID, true);
    let base_url = mock.v2_base_url();

    let (ok, output) = run_example(&[
        ("GETUI_V2_BASE_URL", &base_url),
        ("GETUI_APP_ID", APP_ID),
        ("GETUI_APP_KEY", APP_KEY),
        ("GETUI_MASTER_SECRET", MASTER_SECRET),
        ("GETUI_CID", CID),
    ]);
    assert!(ok, "the example failed:\n{output}");

    // Exactly two requests: one auth, one push.
    let requests = mock.requests();
    assert_eq!(requests.len(), 2, "requests: {requests:#?}\n{output}");
    let auths = with_action(&requests, "POST /auth");
    let pushes = with_action(&requests, "POST /push/single/cid");
    assert_eq!((auths.len(), pushes.len()), (1, 1), "{requests:#?}");
    let (auth, push) = (auths[0], pushes[0]);
    assert!(auth.seq < push.seq, "the auth comes first");

    // The auth is signed: sha256(appkey + timestamp + master secret), and accepted.
    let timestamp = auth.param_str("timestamp").expect("a timestamp");
    let expected_sign = format!(
        "{:x}",
        Sha256::digest(format!("{APP_KEY}{timestamp}{MASTER_SECRET}"))
    );
    assert_eq!(auth.param_str("appkey"), Some(APP_KEY));
    assert_eq!(auth.param_str("sign"), Some(expected_sign.as_str()));
    assert_eq!(auth.code(), Some(0), "the mock accepted the sign");
    assert_eq!((mock.v2_auth_count(), mock.v2_auth_refused()), (1, 0));
    let token = auth.answer.as_ref().expect("an answer")["data"]["token"]
        .as_str()
        .expect("a token issued")
        .to_owned();

    // The push carries the issued token and a 10–32 character request_id, and was accepted.
    assert_eq!(push.path, format!("/v2/{APP_ID}/push/single/cid"));
    assert_eq!(push.header("token"), Some(token.as_str()));
    let request_id = push.request_id().expect("a request_id").to_owned();
    assert!(
        (10..=32).contains(&request_id.chars().count()),
        "request_id {request_id:?}"
    );
    assert_eq!(push.code(), Some(0));
    let ledger = mock.v2_pushes();
    assert_eq!(ledger.len(), 1);
    assert_eq!(ledger[0].request_id.as_deref(), Some(request_id.as_str()));

    // What it printed: the task id, the SDK's trace output, and no secret.
    let task_id = &ledger[0].task_id;
    assert!(
        output.contains(&format!("task id {task_id}")),
        "no task id {task_id} in:\n{output}"
    );
    assert!(
        output.contains("getui-transport: response"),
        "RUST_LOG=trace shows the SDK's events:\n{output}"
    );
    assert!(
        !output.contains(MASTER_SECRET),
        "the master secret was printed:\n{output}"
    );
    assert!(!output.contains(&token), "the token was printed:\n{output}");
    assert!(
        !output.contains(&expected_sign),
        "the sign was printed:\n{output}"
    );
}

fn with_no_variables_it_pushes_to_the_embedded_mock() {
    let (ok, output) = run_example(&[]);
    assert!(ok, "the example failed:\n{output}");
    assert!(
        output.contains("REST v2 against the in-process getui-mock"),
        "{output}"
    );
    // One auth, one push, and the task id of the push (`RASS_…` for a single push).
    assert!(output.contains("POST /v2/{appId}/auth"), "{output}");
    assert!(
        output.contains("POST /v2/{appId}/push/single/cid"),
        "{output}"
    );
    let task_line = output
        .lines()
        .find(|line| line.trim_start().starts_with("task id "))
        .unwrap_or_else(|| panic!("no task id in:\n{output}"));
    assert!(task_line.contains("RASS_"), "{task_line}");
    assert!(output.contains("successed_online"), "{output}");
    assert!(
        !output.contains(getui_mock::DEFAULT_MASTER_SECRET),
        "{output}"
    );
}

fn with_only_some_variables_it_refuses_before_sending() {
    // A typo in one name must not send the push to the mock (or anywhere): exit status 2.
    let server = BlockingMockServer::start();
    let base_url = server.v2_base_url();
    let (ok, output) = run_example(&[
        ("GETUI_V2_BASE_URL", &base_url),
        ("GETUI_APP_ID", APP_ID),
        ("GETUI_APP_KEY", APP_KEY),
    ]);
    assert!(!ok, "{output}");
    assert!(
        output.contains("missing: GETUI_MASTER_SECRET, GETUI_CID"),
        "{output}"
    );
    assert!(server.requests().is_empty());
}
