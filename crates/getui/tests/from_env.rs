//! `Client::from_env()`, `blocking::Client::from_env()` and `v2::Client::from_env()` build
//! clients from the `GETUI_*` variables (and `HTTPS_PROXY`/`NO_PROXY`) of the process
//! environment. The environment of this test process is never changed: the test runs its own
//! binary again as a child process with the variables set (and every inherited `GETUI_*`,
//! proxy variable removed), and the child, recognising [`CHILD`], builds the clients and
//! pushes through them to a getui-mock started by the parent.
#![cfg(all(feature = "async", feature = "blocking"))]

use getui_mock::{MockServer, DEFAULT_APP_ID, DEFAULT_APP_KEY, DEFAULT_MASTER_SECRET};
use std::process::Command;

/// Set in the child process: build the clients from the environment.
const CHILD: &str = "GETUI_RS_FROM_ENV_CHILD";
/// Printed by the child when every check passed.
const DONE: &str = "from_env child: all clients built and used";

#[test]
fn clients_are_built_from_getui_variables_of_the_environment() {
    if std::env::var_os(CHILD).is_some() {
        child();
        return;
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let server = rt.block_on(MockServer::start());
    server.add_client(DEFAULT_APP_ID, "cid-1", true);

    let mut command = Command::new(std::env::current_exe().expect("the test binary"));
    command.args([
        "clients_are_built_from_getui_variables_of_the_environment",
        "--exact",
        "--nocapture",
        "--test-threads=1",
    ]);
    for (name, _) in std::env::vars_os() {
        let name_text = name.to_string_lossy().to_ascii_uppercase();
        if name_text.starts_with("GETUI_") || name_text == "HTTPS_PROXY" || name_text == "NO_PROXY"
        {
            command.env_remove(name);
        }
    }
    command.env(CHILD, "1").envs([
        ("GETUI_HOST", server.serviceex_url().as_str()),
        ("GETUI_APP_ID", DEFAULT_APP_ID),
        ("GETUI_APP_KEY", DEFAULT_APP_KEY),
        ("GETUI_MASTER_SECRET", DEFAULT_MASTER_SECRET),
        ("GETUI_V2_BASE_URL", "http://127.0.0.1:9"),
        // A proxy that does not exist, turned off for the mock's host by NO_PROXY: the calls
        // below only succeed if both variables are honoured.
        ("HTTPS_PROXY", "http://user:pw@proxy.invalid:3128"),
        ("NO_PROXY", "localhost,127.0.0.1"),
    ]);
    let output = command.output().expect("the child process runs");
    let text = format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "the child failed:\n{text}");
    assert!(
        text.contains(DONE),
        "the child did not run the checks:\n{text}"
    );
    // The status queries of both legacy clients reached the mock (each sent twice: before
    // and after its connect).
    assert_eq!(server.requests_for("getClientIdStatusAction").len(), 4);
}

/// The child's part: runs with the variables set by the parent.
fn child() {
    assert_eq!(std::env::var("GETUI_APP_KEY").unwrap(), DEFAULT_APP_KEY);

    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = getui::Client::from_env().expect("an async client from GETUI_*");
    assert_eq!(client.config().app_key(), DEFAULT_APP_KEY);
    assert!(
        client.config().proxy().is_none(),
        "NO_PROXY lists 127.0.0.1"
    );
    let status = rt
        .block_on(client.client_status(DEFAULT_APP_ID, "cid-1"))
        .expect("a status through the async client");
    assert!(status.online);

    let blocking = getui::blocking::Client::from_env().expect("a blocking client from GETUI_*");
    assert_eq!(
        blocking.config().hosts().bootstrap,
        client.config().hosts().bootstrap
    );
    assert!(
        blocking
            .client_status(DEFAULT_APP_ID, "cid-1")
            .expect("a status through the blocking client")
            .online
    );

    // REST v2: built (nothing is sent until the first call).
    let v2 = rt.block_on(async { getui::v2::Client::from_env() });
    assert_eq!(
        v2.expect("a v2 client from GETUI_*").app_id(),
        DEFAULT_APP_ID
    );
    let v2 = getui::v2::blocking::Client::from_env().expect("a blocking v2 client");
    assert_eq!(v2.app_id(), DEFAULT_APP_ID);

    println!("{DONE}");
}
