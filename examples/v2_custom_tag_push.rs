//! REST v2 push to the users bound to a custom tag (`push_by_fast_custom_tag`), after
//! binding the tag to the example's client ids (`batch_modify_tag_for_batch_cid`).
//!
//! ```text
//! cargo run --example v2_custom_tag_push
//! ```
//!
//! The fast custom tag push is the quick way to reach a tagged group (the legacy
//! `pushTagMessage`); the message is a notification with an Android vendor notification
//! (with vendor `options`) and the iOS APNs alert, sound and badge. The tag is removed from
//! the client ids at the end (`unbind_tag`).
//!
//! Against the embedded getui-mock by default; the GETUI_* variables name a real app (see
//! `examples/common/v2.rs`) — careful: that pushes to every user with the tag
//! `getui-rs-vip`.

mod common;

use getui::model::v2::channel::{Alert, Aps, Ios, PushChannel, ThirdNotification, Ups};
use getui::model::v2::push::{ClickType, Notification, PushMessage, PushRequest};

/// The custom tag of the example.
const TAG: &str = "getui-rs-vip";

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    common::init_logging();
    let example = common::v2::Example::start("v2_custom_tag_push").await;
    let client = example.client_builder()?.build()?;

    common::heading("client.batch_modify_tag_for_batch_cid(tag, &cids)");
    let bound = client
        .batch_modify_tag_for_batch_cid(TAG, &example.cids)
        .await?;
    example.print_wire();
    println!("  typed result (cid → result): {bound:?}");

    let request = PushRequest::new()
        .fast_custom_tag(TAG)
        .push_message(PushMessage::notification(Notification::new(
            "VIP sale",
            "starts in one hour",
            ClickType::Startapp,
        )))
        .push_channel(
            PushChannel::new()
                .ups(
                    Ups::new()
                        .notification(ThirdNotification::new(
                            "VIP sale",
                            "starts in one hour",
                            ClickType::Startapp,
                        ))
                        .add_option(Some("XM"), "/extra.channel_id", "sales"),
                )
                .ios(
                    Ios::new()
                        .aps(
                            Aps::new()
                                .alert(Alert::new().title("VIP sale").body("starts in one hour"))
                                .sound("sale.caf"),
                        )
                        .auto_badge("+1"),
                ),
        );
    common::heading("client.push_by_fast_custom_tag(&request)");
    let task = client.push_by_fast_custom_tag(&request).await?;
    example.print_wire();
    println!("  typed result: task id {}", task.taskid);

    common::heading("client.unbind_tag(tag, &cids)");
    let unbound = client.unbind_tag(TAG, &example.cids).await?;
    example.print_wire();
    println!("  typed result (cid → result): {unbound:?}");
    Ok(())
}
