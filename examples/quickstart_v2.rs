//! Quickstart (REST API v2): one notification to one device with the asynchronous v2
//! client, then what went over the wire.
//!
//! ```text
//! cargo run --example quickstart_v2
//! ```
//!
//! needs nothing else: it starts getui-mock (a local stand-in for the Getui service) in the
//! process, pushes a notification to one client id, prints the task id and delivery status
//! it got back, and then the two requests the mock received: the client authenticates
//! first (`POST /v2/{appId}/auth`, signed with sha256(appkey + timestamp + master secret);
//! no token yet), then sends the push with the token it was issued and a `request_id` it
//! generated.
//!
//! To push to a real Getui app instead, set the four variables (see
//! `examples/common/v2.rs`); `GETUI_V2_BASE_URL` is optional (default
//! `https://restapi.getui.com`):
//!
//! ```text
//! GETUI_APP_ID=… GETUI_APP_KEY=… GETUI_MASTER_SECRET=… GETUI_CID=… \
//!     cargo run --example quickstart_v2
//! ```
//!
//! `RUST_LOG=trace` (or `debug`) also prints the SDK's `tracing` events to stderr: one per
//! exchange, and a warning for a plain `http://` base URL such as the mock's. Neither they
//! nor anything else printed carries the master secret, the sign or the token
//! (`crates/getui/tests/quickstart_v2.rs` checks that, against a mock that checks the sign).

mod common;

use getui::model::v2::push::{ClickType, Notification, PushMessage, PushRequest};
use getui::model::v2::settings::Settings;

/// The quickstart (the test `crates/getui/tests/quickstart_v2.rs` runs it too).
#[tokio::main(flavor = "current_thread")]
pub async fn main() -> Result<(), Box<dyn std::error::Error>> {
    common::init_logging();
    let example = common::v2::Example::start("quickstart_v2").await;

    // The client: app id, app key and master secret, and the base URL — read from the
    // GETUI_* variables by `getui::v2::ClientBuilder::from_env()` (the SDK reads nothing by
    // itself), or the mock's. Building it sends nothing: the first call authenticates.
    let client = example.client_builder()?.build()?;

    // The push: a notification (title, body, what a tap does) to one client id, kept for an
    // hour if the device is offline. The client adds a `request_id` (32 hex characters) and
    // keeps it for every re-send, so the service never delivers the push twice.
    let request = PushRequest::new()
        .cid(example.cid())
        .settings(Settings::new().ttl(3_600_000))
        .push_message(PushMessage::notification(Notification::new(
            "getui-rs",
            "Hello from the REST v2 quickstart",
            ClickType::Startapp, // tap: open the app
        )));

    common::heading("client.push_to_single_by_cid(&request)");
    let result = client.push_to_single_by_cid(&request).await?;
    example.print_wire(); // what was sent and answered (against the mock)

    // The typed result: task id → client id → delivery status.
    println!("  typed result (getui::model::v2::task::PushResult):");
    for (task_id, statuses) in &result {
        println!("    task id {task_id}");
        for (cid, status) in statuses {
            println!("      {cid}: {status}");
        }
    }
    Ok(())
}
