//! iOS APNs pushes by device token (official `pushAPNMessageToSingle`, and
//! `getAPNContentId` then `pushAPNMessageToList`): the message goes straight to Apple's push
//! service, addressed by device token instead of client id.
//!
//! ```text
//! cargo run --example apns_push
//! ```
//!
//! 1. `push_apns_to_single`: an `APNTemplate` whose payload has a dictionary alert (title,
//!    body, localisation keys) and a badge, to one device token (64 hex characters).
//! 2. `create_apns_task` uploads an `APNTemplate` with a simple alert, badge, sound,
//!    `content-available`, category and a custom key, and returns its task id.
//! 3. `push_apns_to_list` sends that task to a list of device tokens, with the status of
//!    each (`need_details`).
//!
//! The payload travels as the `apnJson` text inside the protobuf `PI` member (the printout of
//! the mock's requests shows it); the device receives it as the notification's `userInfo`.
//! Any template can carry an APNs payload for the client-id pushes too (`apn_info` of the
//! builders, official `setApnInfo`).
//!
//! Against a real server (see `examples/common/mod.rs`) the device token comes from
//! `GETUI_DEVICE_TOKEN`; without it the example says so and pushes nothing:
//!
//! ```text
//! GETUI_HOST=https://api.getui.com/serviceex GETUI_APP_ID=… GETUI_APP_KEY=… \
//! GETUI_MASTER_SECRET=… GETUI_CID=… GETUI_DEVICE_TOKEN=… cargo run --example apns_push
//! ```

mod common;

use getui::model::{
    ApnInfo, ApnTemplate, ApnsPayload, DictionaryAlertMsg, ListMessage, SingleMessage,
};
use getui::PushFlags;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let example = common::Example::start("apns_push").await;
    let settings = &example.settings;
    let Some(device_token) = settings.device_token.as_deref() else {
        println!("GETUI_DEVICE_TOKEN is not set: no iOS device to push to, nothing sent.");
        return Ok(());
    };
    let app_id = settings.app_id.as_str();
    let client = example
        .client_builder()
        .config(|config| config.flags(PushFlags::default().need_details(true)))
        .build()?;

    // 1. One device: a dictionary alert (iOS 8.2+ shows the title) and a badge.
    let alert = DictionaryAlertMsg::default()
        .title("订单已发货")
        .body("您的订单 42 已发货")
        .action_loc_key("VIEW")
        .loc_key("ORDER_SHIPPED")
        .loc_args(["42"]);
    let mut payload = ApnsPayload::default().alert_msg(alert).badge(5);
    payload.add_custom_msg("orderId", 42);
    let template = ApnTemplate::builder()
        .app_id(app_id)
        .app_key(&settings.app_key)
        .apn_info(ApnInfo::from(payload))
        .build()?;

    common::heading("1. client.push_apns_to_single(app_id, device_token, &message)");
    let result = client
        .push_apns_to_single(app_id, device_token, &SingleMessage::new(template))
        .await?;
    example.print_wire();
    println!(
        "  result: task_id = {:?}, status = {:?}",
        result.task_id, result.status
    );

    // 2. A list of devices: a simple alert with sound, badge and a silent-update flag.
    let mut payload = ApnsPayload::with_alert("AlertMsg")
        .badge(5)
        .content_available(1)
        .category("ACTIONABLE")
        .sound("test1.wav");
    payload.add_custom_msg("payload", "payload");
    let template = ApnTemplate::builder()
        .app_id(app_id)
        .app_key(&settings.app_key)
        .apn_info(ApnInfo::from(payload))
        .build()?;

    common::heading("2. client.create_apns_task(app_id, &message)");
    let task = client
        .create_apns_task(app_id, &ListMessage::new(template))
        .await?;
    example.print_wire();
    println!("  result: task_id = {}", task.task_id);

    common::heading("3. client.push_apns_to_list(app_id, &task.task_id, [token])");
    let result = client
        .push_apns_to_list(app_id, &task.task_id, [device_token])
        .await?;
    example.print_wire();
    println!("  result: task_id = {:?}", result.task_id);
    for (token, status) in result.details.iter().flatten() {
        println!("    {token}: {status:?}");
    }
    Ok(())
}
