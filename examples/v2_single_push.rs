//! REST v2 single pushes: one message to one client id (`push_to_single_by_cid`), then to
//! the devices of one alias (`push_to_single_by_alias`), with the vendor channels filled in.
//!
//! ```text
//! cargo run --example v2_single_push
//! ```
//!
//! The first push is a notification for the Getui channel, plus what the vendor channels
//! need when the device is offline: an Android `ups` notification with vendor `options`
//! (Huawei badge, Xiaomi channel, OPPO channel, vivo classification) and the iOS APNs fields
//! (`aps` alert with subtitle, sound, thread id; `auto_badge`; a rich-media image; a custom
//! payload; a collapse id). The second is a pass-through (transmission) message to an alias,
//! with a vendor pass-through and a silent iOS push (`content-available` 1).
//!
//! Against the embedded getui-mock by default; the GETUI_* variables name a real app (see
//! `examples/common/v2.rs`). The alias `getui_rs_example` is bound to the first client id
//! for the second push and unbound at the end.

mod common;

use getui::model::v2::channel::{Alert, Aps, Ios, Multimedia, PushChannel, ThirdNotification, Ups};
use getui::model::v2::push::{ClickType, Notification, PushMessage, PushRequest};
use getui::model::v2::settings::{Settings, Strategy};
use getui::model::v2::user::{AliasRequest, CidAlias};

/// The alias the example binds for the alias push.
const ALIAS: &str = "getui_rs_example";

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    common::init_logging();
    let example = common::v2::Example::start("v2_single_push").await;
    let client = example.client_builder()?.build()?;

    // 1. A notification to one cid, with the Android vendor and iOS APNs channels.
    let android = Ups::new()
        .notification(
            ThirdNotification::new("Order shipped", "Order 42 is on its way", ClickType::Intent)
                .intent("intent:#Intent;component=com.example.app/.OrderActivity;S.order=42;end")
                .notify_id(42),
        )
        // Vendor extension fields: constraint (vendor) → the vendor's own field path → value.
        .add_option(
            Some("HW"),
            "/message/android/notification/badge/class",
            "com.example.app.MainActivity",
        )
        .add_option(Some("HW"), "/message/android/notification/badge/add_num", 1)
        .add_option(Some("XM"), "/extra.channel_id", "orders")
        .add_option(Some("OP"), "/channel_id", "orders")
        .add_option(Some("VV"), "/classification", 1);
    let ios = Ios::new()
        .r#type("notify")
        .aps(
            Aps::new()
                .alert(
                    Alert::new()
                        .title("Order shipped")
                        .subtitle("Order 42")
                        .body("It is on its way"),
                )
                .sound("default")
                .thread_id("orders"),
        )
        .auto_badge("+1") // the badge: +1 on every push
        .add_multimedia(
            Multimedia::new("https://www.example.com/parcel.png", Multimedia::IMAGE)
                .only_wifi(false),
        )
        .payload(r#"{"order": 42}"#)
        .apns_collapse_id("order-42");
    let request = PushRequest::new()
        .cid(example.cid())
        .group_name("orders")
        .settings(
            Settings::new()
                .ttl(2 * 3600 * 1000)
                // Online: the Getui channel; offline: the vendor channel (1); iOS: APNs only (2).
                .strategy(Strategy::new().default_channel(1).ios(2)),
        )
        .push_message(PushMessage::notification(
            Notification::new(
                "Order shipped",
                "Order 42 is on its way",
                ClickType::Payload,
            )
            .payload(r#"{"order": 42}"#)
            .channel_id("orders")
            .channel_name("Orders")
            .channel_level(3),
        ))
        .push_channel(PushChannel::new().ups(android).ios(ios));
    common::heading("client.push_to_single_by_cid(&request)");
    let result = client.push_to_single_by_cid(&request).await?;
    example.print_wire();
    common::v2::print_push_result(&result);

    // 2. Bind an alias, then push a pass-through message to it.
    common::heading("client.bind_alias(&aliases)");
    let aliases = AliasRequest::new(vec![CidAlias::new(example.cid(), ALIAS)]);
    client.bind_alias(&aliases).await?;
    example.print_wire();
    println!("  bound {ALIAS:?} to {}", example.cid());

    let request = PushRequest::new()
        .alias(ALIAS)
        .push_message(PushMessage::transmission(r#"{"sync": "orders"}"#))
        .push_channel(
            PushChannel::new()
                .ups(Ups::new().transmission(r#"{"sync": "orders"}"#))
                // A silent push: the app is woken in the background, nothing is shown.
                .ios(
                    Ios::new()
                        .aps(Aps::new().content_available(1))
                        .payload(r#"{"sync": "orders"}"#),
                ),
        );
    common::heading("client.push_to_single_by_alias(&request)");
    let result = client.push_to_single_by_alias(&request).await?;
    example.print_wire();
    common::v2::print_push_result(&result);

    common::heading("client.unbind_alias(&aliases)");
    client.unbind_alias(&aliases).await?;
    example.print_wire();
    println!("  unbound {ALIAS:?}");
    Ok(())
}
