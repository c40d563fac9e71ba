//! App push with conditions and speed (official `pushMessageToApp(message, taskGroupName)`):
//! one message to the users of an app who match conditions, at a set rate.
//!
//! ```text
//! cargo run --example app_push
//! ```
//!
//! The message names the app (`appIdList`), the conditions the users must match (Android or
//! iOS phones, in 浙江, 上海 or 北京, tagged 开心) and the rate (`speed`: about 100 messages a
//! second, for full pushes that would otherwise load your servers with the clicks they bring).
//! `push_to_app` then makes the two requests of the official method: `getContentIdAction`
//! creates the task (`OSA-…`, with the task group name), `pushMessageToAppAction` starts it.
//! If the second step fails, the error carries the task id (`Error::task_id`): start that task
//! with `push_to_app_with_task_id` rather than creating another.
//!
//! The older form of the same conditions, the lists `phone_type_list`, `province_list` and
//! `tag_list` of the official demos, is still accepted; `conditions` replaces them when set.
//!
//! Against a real server this pushes to every matching user of the app (see
//! `examples/common/mod.rs`):
//!
//! ```text
//! GETUI_HOST=https://api.getui.com/serviceex GETUI_APP_ID=… GETUI_APP_KEY=… \
//! GETUI_MASTER_SECRET=… GETUI_CID=… cargo run --example app_push
//! ```

mod common;

use getui::model::{AppConditions, AppMessage, OptType, TransmissionTemplate};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let example = common::Example::start("app_push").await;
    let settings = &example.settings;
    let client = example.client_builder().build()?;

    let template = TransmissionTemplate::builder()
        .app_id(&settings.app_id)
        .app_key(&settings.app_key)
        .transmission_type(1)
        .transmission_content("透传内容")
        .build()?;

    // Who receives it: every condition must hold; within one, `OptType` combines the values
    // (`Or`: any of them, `And`: all of them, `Not`: none of them).
    let mut conditions = AppConditions::default();
    conditions
        .add_condition(AppConditions::PHONE_TYPE, ["ANDROID", "IOS"], OptType::Or)
        .add_condition(AppConditions::REGION, ["浙江", "上海", "北京"], OptType::Or)
        .add_condition(AppConditions::TAG, ["开心"], OptType::Or);

    let mut message = AppMessage::new(template);
    message.app_id_list = vec![settings.app_id.clone()];
    message.conditions = Some(conditions);
    message.speed = 100; // messages per second (only app pushes have a rate)
    message.is_offline = true;
    message.offline_expire_time = 12 * 3600 * 1000;

    common::heading("client.push_to_app(&message, Some(\"toApp任务组名\"))");
    let result = client.push_to_app(&message, Some("toApp任务组名")).await?;
    example.print_wire();
    println!("  result: task_id = {:?}", result.task_id);
    println!("  answer: {}", result.answer.to_json_text());
    Ok(())
}
