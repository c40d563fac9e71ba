//! Quickstart: one push to one device with the asynchronous client, then what went over the
//! wire.
//!
//! ```text
//! cargo run --example quickstart
//! ```
//!
//! needs nothing else: it starts getui-mock (a local stand-in for the Getui server) in the
//! process, pushes a transmission message to one client id, prints the typed result, and then
//! every request the mock received with its answer. Those show what the client does by itself:
//! it asks the bootstrap URL for the push hosts, meets `sign_error` on the first push (it has no
//! auth token yet), connects, and sends the very same push again.
//!
//! To push to a real Getui app instead, set all five variables (see `examples/common/mod.rs`):
//!
//! ```text
//! GETUI_HOST=https://api.getui.com/serviceex GETUI_APP_ID=… GETUI_APP_KEY=… \
//! GETUI_MASTER_SECRET=… GETUI_CID=… cargo run --example quickstart
//! ```

mod common;

use getui::model::{SingleMessage, Target, TransmissionTemplate};

/// The quickstart (the test `crates/getui/tests/quickstart_fast_host.rs` runs it too).
#[tokio::main(flavor = "current_thread")]
pub async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let example = common::Example::start("quickstart").await;
    let settings = &example.settings;

    // A client for the app: its key and master secret, and where the server is. Building it
    // sends nothing; it connects when the server asks for it.
    let client = example.client_builder().build()?;

    // The message: a transmission (pass-through) template, whose content the app receives
    // as is; kept for 12 hours if the device is offline.
    let template = TransmissionTemplate::builder()
        .app_id(&settings.app_id)
        .app_key(&settings.app_key)
        .transmission_type(2) // 1: start the app on arrival, 2: let the app decide
        .transmission_content(r#"{"hello": "getui-rs"}"#)
        .build()?; // validates: a bad template is refused before anything is sent
    let mut message = SingleMessage::new(template);
    message.is_offline = true;
    message.offline_expire_time = 12 * 3600 * 1000;

    // The target: one client id (`Target::alias` pushes to an alias instead).
    let target = Target::client(&settings.app_id, settings.client_id());

    common::heading("client.push_to_single(&message, &target)");
    let result = client.push_to_single(&message, &target).await?;
    example.print_wire(); // what was sent and answered (against the mock)
    println!("  typed result (getui::action::SinglePushResult):");
    println!("    task_id = {:?}", result.task_id);
    println!("    status  = {:?}", result.status);
    println!("    answer  = {}", result.answer.to_json_text());
    Ok(())
}
