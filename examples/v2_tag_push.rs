//! REST v2 push to the users matching tag conditions (`push_by_tag`; the legacy
//! `pushMessageToApp` with `AppConditions`), after counting them (`query_user_count`).
//!
//! ```text
//! cargo run --example v2_tag_push
//! ```
//!
//! Conditions on different keys are AND-ed; the values of one key combine by `opt_type`
//! (`or`, `and`, `not`). Here: Android or iOS phones, and not the custom tag `churned`. The
//! message is a pass-through with an Android vendor notification (for offline devices, with
//! vendor `options`) and the iOS APNs alert, sound, badge and a rich-media image.
//!
//! Against the embedded getui-mock by default; the GETUI_* variables name a real app (see
//! `examples/common/v2.rs`) — careful: that pushes to every matching user.

mod common;

use getui::model::v2::audience::{Condition, OptType};
use getui::model::v2::channel::{Alert, Aps, Ios, Multimedia, PushChannel, ThirdNotification, Ups};
use getui::model::v2::push::{ClickType, PushMessage, PushRequest};
use getui::model::v2::settings::Settings;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    common::init_logging();
    let example = common::v2::Example::start("v2_tag_push").await;
    let client = example.client_builder()?.build()?;

    let conditions = vec![
        Condition::new("phone_type", ["android", "ios"], OptType::Or),
        Condition::new("custom_tag", ["churned"], OptType::Not),
    ];

    common::heading("client.query_user_count(&conditions)");
    let count = client.query_user_count(&conditions).await?;
    example.print_wire();
    println!("  typed result: {} users match", count.user_count);

    let request = PushRequest::new()
        .tag(conditions)
        .group_name("getui-rs-tags")
        .settings(Settings::new().ttl(6 * 3600 * 1000).speed(100))
        .push_message(PushMessage::transmission(r#"{"screen": "offers"}"#))
        .push_channel(
            PushChannel::new()
                .ups(
                    Ups::new()
                        .notification(
                            ThirdNotification::new(
                                "Offers",
                                "Three offers for you",
                                ClickType::Payload,
                            )
                            .payload(r#"{"screen": "offers"}"#),
                        )
                        .add_option(Some("HW"), "/message/android/notification/badge/set_num", 3)
                        .add_option(Some("OP"), "/channel_id", "offers"),
                )
                .ios(
                    Ios::new()
                        .aps(
                            Aps::new()
                                .alert(Alert::new().title("Offers").body("Three offers for you"))
                                .sound("default")
                                .category("OFFERS"),
                        )
                        .auto_badge("3")
                        .add_multimedia(Multimedia::new(
                            "https://www.example.com/offers.jpg",
                            Multimedia::IMAGE,
                        ))
                        .payload(r#"{"screen": "offers"}"#),
                ),
        );
    common::heading("client.push_by_tag(&request)");
    let task = client.push_by_tag(&request).await?;
    example.print_wire();
    println!("  typed result: task id {}", task.taskid);
    Ok(())
}
