//! `getui mock`: getui-mock (REST v2 and legacy) on a local port, until Ctrl-C.

use clap::Args;
use getui::mock::{MockServer, DEFAULT_APP_ID, DEFAULT_APP_KEY, DEFAULT_MASTER_SECRET};
use serde_json::json;

use crate::error::CliError;
use crate::output::Output;

/// Examples shown by `getui mock --help`.
pub const EXAMPLES: &str = "\
Prints `export` lines for the mock's app (its own test credentials, not yours) and URLs; the
CLI and the repository's examples use them:

Examples:
  getui mock --port 8080
  eval \"$(getui mock --port 8080 | grep ^export)\"   # in another shell, while it runs
  getui push --cid cid-1 --title Hi --body 'from the mock'";

/// `getui mock` options.
#[derive(Debug, Clone, Args)]
pub struct MockArgs {
    /// The port on 127.0.0.1 (0: any free port).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
}

/// Runs `getui mock` until Ctrl-C.
pub fn run(args: &MockArgs, out: &Output) -> Result<(), CliError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CliError::transport(format!("cannot start a runtime: {e}")))?;
    runtime.block_on(async {
        let server = MockServer::builder()
            .port(args.port)
            .try_start()
            .await
            .map_err(|e| CliError::transport(format!("getui-mock: {e}")))?;
        let v2 = server.v2_base_url();
        let legacy = server.serviceex_url();
        let vars = json!({
            "GETUI_APP_ID": DEFAULT_APP_ID,
            "GETUI_APP_KEY": DEFAULT_APP_KEY,
            "GETUI_MASTER_SECRET": DEFAULT_MASTER_SECRET,
            "GETUI_V2_BASE_URL": v2,
            "GETUI_HOST": legacy,
            "GETUI_CID": "cid-1",
        });
        out.result(
            &json!({"v2_base_url": v2, "legacy_host": legacy, "variables": vars}),
            |_| {
                let mut text = String::from(
                "getui-mock: REST v2 and legacy, the mock's own test app (not your credentials):\n",
            );
                if let Some(map) = vars.as_object() {
                    for (k, v) in map {
                        text.push_str(&format!("export {k}={}\n", v.as_str().unwrap_or_default()));
                    }
                }
                text
            },
        );
        out.note("Ctrl-C to stop");
        let _ = tokio::signal::ctrl_c().await;
        server.shutdown().await;
        Ok(())
    })
}
