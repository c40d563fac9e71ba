//! What the CLI tests share: a getui-mock with an app of its own (a distinctive master
//! secret that no output may contain), the real `getui` binary pointed at it, temporary
//! directories.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Output;

use assert_cmd::Command;
use getui_mock::{BlockingMockServer, MockApp, MockServer};

pub const APP_ID: &str = "CliTestAppId000000001";
pub const APP_KEY: &str = "CliTestAppKey00000001";
/// Must never appear in any output.
pub const SECRET: &str = "CliTestMasterSecretZq81";

/// A mock serving the test app (REST v2 and legacy).
pub fn mock() -> BlockingMockServer {
    MockServer::builder()
        .app(MockApp::new(APP_KEY, APP_ID, SECRET))
        .start_blocking()
}

/// A fresh temporary directory for one test.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("getui-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The `getui` binary with no configuration from the test's environment: HOME is an empty
/// directory and no `GETUI_*` variable is inherited.
pub fn bare() -> Command {
    let mut cmd = Command::cargo_bin("getui").unwrap();
    for (name, _) in std::env::vars() {
        if name.starts_with("GETUI_") || name == "XDG_CONFIG_HOME" {
            cmd.env_remove(name);
        }
    }
    let home = std::env::temp_dir().join(format!("getui-cli-{}-home", std::process::id()));
    std::fs::create_dir_all(&home).unwrap();
    cmd.env("HOME", home);
    cmd
}

/// The `getui` binary configured for `server` through the `GETUI_*` variables.
pub fn getui(server: &MockServer) -> Command {
    let mut cmd = bare();
    cmd.env("GETUI_APP_ID", APP_ID)
        .env("GETUI_APP_KEY", APP_KEY)
        .env("GETUI_MASTER_SECRET", SECRET)
        .env("GETUI_V2_BASE_URL", server.v2_base_url())
        .env("GETUI_HOST", server.serviceex_url());
    cmd
}

/// Runs `cmd`, checks the exit code and that the secret is in neither stream; returns
/// (stdout, stderr).
pub fn run(cmd: &mut Command, code: i32) -> (String, String) {
    let output: Output = cmd.output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        output.status.code(),
        Some(code),
        "exit code\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert_no_secret(&stdout);
    assert_no_secret(&stderr);
    (stdout, stderr)
}

/// The master secret is not in `text`.
pub fn assert_no_secret(text: &str) {
    assert!(!text.contains(SECRET), "the master secret leaked:\n{text}");
}

/// Parses stdout as one JSON document.
pub fn json(stdout: &str) -> serde_json::Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}"))
}
