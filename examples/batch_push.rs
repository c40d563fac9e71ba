//! Batch single push with the blocking client (official `BatchImpl`: `add`, `submit`,
//! `retry`): several single pushes, each with its own message and target, in one request.
//!
//! ```text
//! cargo run --example batch_push
//! ```
//!
//! A transmission message for the first client id and a notification for the second are
//! added to one batch and submitted together (`pushMessageToSingleBatchAction`, gzip). The
//! answer has one result per item, in the order of `add` (against the mock: the first client
//! is online, the second offline). When a submit fails without an answer, `retry` sends the
//! very same request again (same `requestId`, batch id and items), which the server does not
//! deliver twice. Use a batch when you have many single pushes: fewer round trips (at most
//! 5000 items per submit).
//!
//! This example uses `getui::blocking::Client` (feature `blocking`), usable from any thread
//! without an async runtime. Against a real server (see `examples/common/mod.rs`), with
//! `GETUI_CID` holding one or more client ids separated by commas:
//!
//! ```text
//! GETUI_HOST=https://api.getui.com/serviceex GETUI_APP_ID=… GETUI_APP_KEY=… \
//! GETUI_MASTER_SECRET=… GETUI_CID=cid1,cid2 cargo run --example batch_push
//! ```

mod common;

use getui::model::{NotificationTemplate, SingleMessage, Target, Template, TransmissionTemplate};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let example = common::Example::start_blocking("batch_push");
    let settings = &example.settings;
    let client = example.blocking_client_builder().build()?;

    let transmission = TransmissionTemplate::builder()
        .app_id(&settings.app_id)
        .app_key(&settings.app_key)
        .transmission_type(1)
        .transmission_content("透传内容")
        .build()?;
    let notification = NotificationTemplate::builder()
        .app_id(&settings.app_id)
        .app_key(&settings.app_key)
        .title("请填写通知标题")
        .text("请填写通知内容")
        .transmission_type(1)
        .transmission_content("请填写透传内容")
        .build()?;

    // Alternate the two messages over the client ids (with one client id, it gets both).
    let messages = [offline_message(transmission), offline_message(notification)];
    let client_ids = settings.client_ids.iter().cycle();
    let items = messages.len().max(settings.client_ids.len());

    common::heading("batch.add(&message, &target) per item, then batch.submit()");
    let mut batch = client.batch();
    for (message, client_id) in messages.iter().cycle().zip(client_ids).take(items) {
        batch.add(message, &Target::client(&settings.app_id, client_id))?;
    }
    println!("  batch {} holds {} items", batch.batch_id(), batch.len());
    let result = match batch.submit() {
        Ok(result) => result,
        // No answer: the same request again is safe (the server de-duplicates it).
        Err(error) if error.is_retryable() => {
            println!("  submit failed ({error}); retrying the same request");
            batch.retry()?
        }
        Err(error) => return Err(error.into()),
    };
    example.print_wire();
    println!("  result: one entry per item, in the order of add:");
    for item in &result.items {
        println!(
            "    item {}: result = {:?}, task_id = {:?}, status = {:?}",
            item.seq_id,
            item.code.as_ref().map(ToString::to_string),
            item.task_id,
            item.status
        );
    }
    Ok(())
}

/// A single message kept 12 hours for an offline device.
fn offline_message(template: impl Into<Template>) -> SingleMessage {
    let mut message = SingleMessage::new(template);
    message.is_offline = true;
    message.offline_expire_time = 12 * 3600 * 1000;
    message
}
