//! Single push (official `pushMessageToSingle`): a transmission message to one client id, and
//! the official demos' retry with the same `requestId` when no answer came back.
//!
//! ```text
//! cargo run --example single_push
//! ```
//!
//! 1. A transmission template (`transmissionType` 1: start the app) with a display window,
//!    kept 12 hours for an offline device, pushed with `push_to_single`.
//! 2. The retry of the official demos (`catch (RequestException e) { push again with
//!    e.RequestId }`): a push whose answer was lost fails with an error carrying its request
//!    id; pushing again with that id is safe, because the server delivers a request id once.
//!    Against the mock the answer really is lost: a fault is injected so that the mock accepts
//!    the push but closes the connection before answering, on every attempt of the first call
//!    (the client itself makes up to 3 attempts at a push with a request id before giving up).
//!
//! Against a real server (see `examples/common/mod.rs`), step 2 is an ordinary push that only
//! takes the retry path if the network fails:
//!
//! ```text
//! GETUI_HOST=https://api.getui.com/serviceex GETUI_APP_ID=… GETUI_APP_KEY=… \
//! GETUI_MASTER_SECRET=… GETUI_CID=… cargo run --example single_push
//! ```

mod common;

use std::time::{SystemTime, UNIX_EPOCH};

use getui::action::SinglePushResult;
use getui::model::{DisplayWindow, SingleMessage, Target, TransmissionTemplate};
use getui_mock::Fault;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let example = common::Example::start("single_push").await;
    let settings = &example.settings;
    let client = example.client_builder().build()?;

    // The display window (official `setDuration(begin, end)`): the device shows the message
    // only within it. The demos give Beijing-time text (`DisplayWindow::new("2015-03-06
    // 14:36:10", …)`); here the next hour, as epoch milliseconds.
    let now_ms = i64::try_from(SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis())?;
    let template = TransmissionTemplate::builder()
        .app_id(&settings.app_id)
        .app_key(&settings.app_key)
        .transmission_type(1) // 1: start the app on arrival, 2: let the app decide
        .transmission_content("透传内容")
        .duration(DisplayWindow::from_epoch_ms(now_ms, now_ms + 3_600_000))
        .build()?;
    let mut message = SingleMessage::new(template);
    message.is_offline = true; // keep it for an offline device…
    message.offline_expire_time = 12 * 3600 * 1000; // …for 12 hours (milliseconds)
    let target = Target::client(&settings.app_id, settings.client_id());

    common::heading("1. client.push_to_single(&message, &target)");
    let result = client.push_to_single(&message, &target).await?;
    example.print_wire();
    print_result(&result);

    common::heading("2. a push whose answer is lost, retried with its requestId");
    if let Some(mock) = example.mock() {
        println!("  (mock: the next 3 pushes are accepted, but their answers are lost)");
        mock.inject(Fault::DropAfterProcess)
            .on_action("pushMessageToSingleAction")
            .times(3)
            .install();
    }
    let result = match client.push_to_single(&message, &target).await {
        Ok(result) => result,
        // No answer came back (timeout, dropped connection): the push may or may not have
        // been accepted. Re-sending with the same request id cannot deliver it twice.
        Err(error) if error.is_retryable() && error.request_id().is_some() => {
            let request_id = error.request_id().unwrap_or_default();
            example.print_wire();
            println!("  the call failed: {error}");
            println!("  retrying with requestId {request_id}");
            let result = client
                .push_to_single_with_request_id(&message, &target, request_id)
                .await?;
            example.print_wire();
            if let Some(mock) = example.mock() {
                // The mock's ledger: one acceptance, however many times it was sent.
                let stats = mock.request_id_stats(request_id);
                println!(
                    "  mock ledger: requestId {request_id} sent {} times, accepted {} time",
                    stats.submitted, stats.accepted
                );
            }
            result
        }
        Err(error) => return Err(error.into()),
    };
    example.print_wire();
    print_result(&result);
    Ok(())
}

fn print_result(result: &SinglePushResult) {
    println!(
        "  result: task_id = {:?}, status = {:?}",
        result.task_id, result.status
    );
}
