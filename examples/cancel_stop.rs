//! Cancelling a prepared task and stopping a pushed one (official `cancelContentId(taskId)`
//! and `stop(taskId)`), and the typed error of pushing a cancelled task.
//!
//! ```text
//! cargo run --example cancel_stop
//! ```
//!
//! 1. `cancel_task`: a list task created with `create_list_task` but not pushed yet is marked
//!    invalid.
//! 2. Pushing it afterwards fails with a typed error: `ErrorKind::Api` with the result code
//!    `TaskIdHasBeanCanceled` (the server's spelling) and the whole answer.
//! 3. `stop_task`: a task that was pushed is stopped: messages still queued and those stored
//!    for offline devices are dropped; messages already shown stay (a `RevokeTemplate` push
//!    withdraws those). Stopping matters most for app pushes still running at a set `speed`;
//!    this example stops a list task so that, against a real server, it only ever reaches
//!    `GETUI_CID`.
//!
//! Both calls succeed only when the answer's `result` is `ok`. Against a real server (see
//! `examples/common/mod.rs`):
//!
//! ```text
//! GETUI_HOST=https://api.getui.com/serviceex GETUI_APP_ID=… GETUI_APP_KEY=… \
//! GETUI_MASTER_SECRET=… GETUI_CID=… cargo run --example cancel_stop
//! ```

mod common;

use getui::model::{ListMessage, Target, TransmissionTemplate};
use getui::ErrorKind;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let example = common::Example::start("cancel_stop").await;
    let settings = &example.settings;
    let client = example.client_builder().build()?;

    let template = TransmissionTemplate::builder()
        .app_id(&settings.app_id)
        .app_key(&settings.app_key)
        .transmission_type(2)
        .transmission_content("测试离线")
        .build()?;
    let mut message = ListMessage::new(template);
    message.is_offline = true;
    message.offline_expire_time = 12 * 3600 * 1000;
    let targets = [Target::client(&settings.app_id, settings.client_id())];

    common::heading("1. create_list_task, then client.cancel_task(&task.task_id)");
    let task = client.create_list_task(&message, None).await?;
    let answer = client.cancel_task(&task.task_id).await?;
    example.print_wire();
    println!(
        "  result: task {} cancelled: {}",
        task.task_id,
        answer.code()
    );

    common::heading("2. push_to_list of the cancelled task: a typed error");
    match client.push_to_list(&task.task_id, &targets).await {
        Ok(result) => println!("  unexpectedly accepted: {:?}", result.task_id),
        Err(error) if error.kind() == ErrorKind::Api => {
            example.print_wire();
            println!("  error: {error}");
            println!(
                "  kind = {:?}, action = {:?}, result code = {:?}",
                error.kind(),
                error.action(),
                error.result_code().map(ToString::to_string)
            );
        }
        Err(error) => return Err(error.into()),
    }

    common::heading("3. a list task pushed, then client.stop_task(&task.task_id)");
    let task = client.create_list_task(&message, None).await?;
    let pushed = client.push_to_list(&task.task_id, &targets).await?;
    let answer = client.stop_task(&task.task_id).await?;
    example.print_wire();
    println!(
        "  result: task {:?} pushed, then stopped: {}",
        pushed.task_id,
        answer.code()
    );
    Ok(())
}
