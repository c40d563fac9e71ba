//! List push with a task group (official `getContentId(message, taskGroupName)` then
//! `pushMessageToList(contentId, targets)`): one notification to several client ids, with the
//! delivery status of each, and the counters of the task group.
//!
//! ```text
//! cargo run --example list_push
//! ```
//!
//! 1. `create_list_task` uploads the message once and returns its task id (`contentId`,
//!    `OSL-…`); the task group name (at most 40 bytes) ties several tasks together, e.g. the A
//!    and B of an A/B test, so that their results can be read as one.
//! 2. `push_to_list` sends that task to the targets (client ids or aliases, up to 1000). The
//!    client is built with `need_details`, the official `needDetails=true` knob, so the answer
//!    tells the status of every target (against the mock: the first client is online, the
//!    second offline).
//! 3. `push_result_by_group_name` reads the counters of the whole task group.
//!
//! For one device use a single push: a list push is the slower path. Against a real server,
//! `GETUI_CID` may hold several client ids separated by commas (see `examples/common/mod.rs`):
//!
//! ```text
//! GETUI_HOST=https://api.getui.com/serviceex GETUI_APP_ID=… GETUI_APP_KEY=… \
//! GETUI_MASTER_SECRET=… GETUI_CID=cid1,cid2 cargo run --example list_push
//! ```

mod common;

use getui::model::{ListMessage, NotificationTemplate, Target};
use getui::PushFlags;

/// The task group: every task created with this name is counted together.
const TASK_GROUP: &str = "toList任务组名";

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let example = common::Example::start("list_push").await;
    let settings = &example.settings;
    // `need_details`: list pushes answer with the status of every target.
    let client = example
        .client_builder()
        .config(|config| config.flags(PushFlags::default().need_details(true)))
        .build()?;

    // A notification that opens the app when tapped.
    let template = NotificationTemplate::builder()
        .app_id(&settings.app_id)
        .app_key(&settings.app_key)
        .title("请填写通知标题")
        .text("请填写通知内容")
        .transmission_type(1)
        .transmission_content("请填写透传内容")
        .is_ring(true)
        .is_vibrate(true)
        .is_clearable(true)
        .build()?;
    let mut message = ListMessage::new(template);
    message.is_offline = true;
    message.offline_expire_time = 12 * 3600 * 1000;

    common::heading("1. client.create_list_task(&message, Some(TASK_GROUP))");
    let task = client.create_list_task(&message, Some(TASK_GROUP)).await?;
    example.print_wire();
    println!("  result: task_id = {}", task.task_id);

    common::heading("2. client.push_to_list(&task.task_id, &targets)");
    let targets: Vec<Target> = settings
        .client_ids
        .iter()
        .map(|cid| Target::client(&settings.app_id, cid))
        .collect();
    let result = client.push_to_list(&task.task_id, &targets).await?;
    example.print_wire();
    println!("  result: task_id = {:?}", result.task_id);
    for (client_id, status) in result.details.iter().flatten() {
        println!("    {client_id}: {status:?}");
    }

    common::heading("3. client.push_result_by_group_name(app_id, TASK_GROUP)");
    let counters = client
        .push_result_by_group_name(&settings.app_id, TASK_GROUP)
        .await?;
    example.print_wire();
    println!(
        "  result: msg_total = {:?}, msg_process = {:?}",
        counters.msg_total, counters.msg_process
    );
    Ok(())
}
