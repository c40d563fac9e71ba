//! REST v2 batch pushes with the blocking client: a different message to each client id in
//! one request (`push_batch_by_cid`), then to each alias (`push_batch_by_alias`).
//!
//! ```text
//! cargo run --example v2_batch_push --features getui/blocking
//! ```
//!
//! Each `msg_list` item is a whole push request with exactly one target; the client gives
//! every item its own `request_id` (kept on re-sends) and checks the limits (at most 200
//! items) before sending. Here the first item is an Android notification with its vendor
//! notification, the second a pass-through message with an iOS APNs alert. The batch is
//! synchronous (`is_async` false), so the answer carries every item's delivery status.
//!
//! Against the embedded getui-mock by default; the GETUI_* variables name a real app (see
//! `examples/common/v2.rs`; give two client ids in `GETUI_CID`, comma-separated, to see two
//! items). The aliases `getui_rs_batch_N` are bound for the second batch and unbound at the end.

mod common;

use getui::model::v2::channel::{Alert, Aps, Ios, PushChannel, ThirdNotification, Ups};
use getui::model::v2::push::{BatchPushRequest, ClickType, Notification, PushMessage, PushRequest};
use getui::model::v2::user::{AliasRequest, CidAlias};

/// One item for `target`: a notification for the first, a transmission for the others.
fn item(index: usize, target: PushRequest) -> PushRequest {
    if index == 0 {
        target
            .push_message(PushMessage::notification(Notification::new(
                "Your order",
                "has shipped",
                ClickType::Startapp,
            )))
            .push_channel(
                PushChannel::new().ups(Ups::new().notification(ThirdNotification::new(
                    "Your order",
                    "has shipped",
                    ClickType::Startapp,
                ))),
            )
    } else {
        target
            .push_message(PushMessage::transmission(format!(r#"{{"item": {index}}}"#)))
            .push_channel(
                PushChannel::new().ios(
                    Ios::new()
                        .aps(
                            Aps::new()
                                .alert(Alert::new().title("News").body("Something new"))
                                .sound("default"),
                        )
                        .auto_badge("1"),
                ),
            )
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    common::init_logging();
    let example = common::v2::Example::start_blocking("v2_batch_push");
    let client = example.blocking_client_builder()?.build()?;

    // By client id: one item per cid.
    let batch = BatchPushRequest::new(
        example
            .cids
            .iter()
            .enumerate()
            .map(|(i, cid)| item(i, PushRequest::new().cid(cid.as_str())))
            .collect(),
    )
    .is_async(false);
    common::heading("client.push_batch_by_cid(&batch)");
    let result = client.push_batch_by_cid(&batch)?;
    example.print_wire();
    common::v2::print_push_result(&result);

    // By alias: bind one alias per cid first.
    let aliases = AliasRequest::new(
        example
            .cids
            .iter()
            .enumerate()
            .map(|(i, cid)| CidAlias::new(cid.as_str(), format!("getui_rs_batch_{i}")))
            .collect(),
    );
    common::heading("client.bind_alias(&aliases)");
    client.bind_alias(&aliases)?;
    example.print_wire();

    let batch = BatchPushRequest::new(
        aliases
            .data_list
            .iter()
            .enumerate()
            .map(|(i, pair)| item(i, PushRequest::new().alias(pair.alias.as_str())))
            .collect(),
    );
    common::heading("client.push_batch_by_alias(&batch)");
    let result = client.push_batch_by_alias(&batch)?;
    example.print_wire();
    common::v2::print_push_result(&result);

    common::heading("client.unbind_alias(&aliases)");
    client.unbind_alias(&aliases)?;
    example.print_wire();
    Ok(())
}
