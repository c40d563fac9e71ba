//! Wi-Fi-only push with the blocking client (official `setPushNetWorkType(1)`): the message
//! is shown only to a device on Wi-Fi.
//!
//! ```text
//! cargo run --example wifi_only
//! ```
//!
//! Meant for rich media, videos and downloads: a device online over mobile data does not get
//! the message now; it is kept as an offline message until the device comes online over
//! Wi-Fi (so set `is_offline`, and an expiry long enough for that). `push_network_type` is a
//! field of every message type: single (shown here), list and app pushes all honour it;
//! `PushNetworkType::Any` (0) is the default. On the wire it is the `pushNetWorkType` member.
//!
//! This example uses `getui::blocking::Client` (feature `blocking`). Against a real server
//! (see `examples/common/mod.rs`):
//!
//! ```text
//! GETUI_HOST=https://api.getui.com/serviceex GETUI_APP_ID=… GETUI_APP_KEY=… \
//! GETUI_MASTER_SECRET=… GETUI_CID=… cargo run --example wifi_only
//! ```

mod common;

use getui::model::{NotificationTemplate, PushNetworkType, SingleMessage, Target};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let example = common::Example::start_blocking("wifi_only");
    let settings = &example.settings;
    let client = example.blocking_client_builder().build()?;

    let template = NotificationTemplate::builder()
        .app_id(&settings.app_id)
        .app_key(&settings.app_key)
        .title("新视频")
        .text("连接 Wi-Fi 后观看")
        .transmission_type(1)
        .transmission_content(r#"{"video": "https://example.com/v/42.mp4"}"#)
        .build()?;
    let mut message = SingleMessage::new(template);
    message.push_network_type = PushNetworkType::Wifi; // pushNetWorkType 1
    message.is_offline = true; // wait for Wi-Fi…
    message.offline_expire_time = 72 * 3600 * 1000; // …up to 72 hours
    let target = Target::client(&settings.app_id, settings.client_id());

    common::heading("client.push_to_single(&message, &target), Wi-Fi only");
    let result = client.push_to_single(&message, &target)?;
    example.print_wire();
    println!(
        "  result: task_id = {:?}, status = {:?}",
        result.task_id, result.status
    );
    Ok(())
}
