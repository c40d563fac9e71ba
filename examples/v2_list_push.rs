//! REST v2 list push: store a message once (`create_list_msg`, which answers a task id),
//! then push it to a list of client ids (`push_list_by_cid`), and to a list of aliases
//! (`push_list_by_alias`, with per-alias details). The legacy equivalent is
//! `getContentId` + `pushMessageToList`.
//!
//! ```text
//! cargo run --example v2_list_push
//! ```
//!
//! The stored message is a notification with a `group_name` (the legacy task group: the
//! statistics of every list push of the message can be read by that name) and the vendor
//! channels: an Android `ups` notification with vendor `options`, and the iOS APNs fields
//! (alert, sound, `auto_badge`, a rich-media video). Each list push may carry up to 1000
//! targets; the same task id can be pushed to many lists.
//!
//! Against the embedded getui-mock by default; the GETUI_* variables name a real app (see
//! `examples/common/v2.rs`; several client ids in `GETUI_CID`, comma-separated). The alias
//! `getui_rs_list` is bound to the first client id for the alias push and unbound at the end.

mod common;

use getui::model::v2::audience::Audience;
use getui::model::v2::channel::{Alert, Aps, Ios, Multimedia, PushChannel, ThirdNotification, Ups};
use getui::model::v2::push::{AudienceRequest, ClickType, Notification, PushMessage, PushRequest};
use getui::model::v2::settings::Settings;
use getui::model::v2::user::{AliasRequest, CidAlias};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    common::init_logging();
    let example = common::v2::Example::start("v2_list_push").await;
    let client = example.client_builder()?.build()?;

    // 1. The message, stored once: no audience (the list pushes name the targets).
    let message = PushRequest::new()
        .group_name("getui-rs-weekly")
        .settings(Settings::new().ttl(24 * 3600 * 1000))
        .push_message(PushMessage::notification(
            Notification::new("This week", "Five new recipes", ClickType::Url)
                .url("https://www.example.com/weekly")
                .big_image("https://www.example.com/weekly.png"),
        ))
        .push_channel(
            PushChannel::new()
                .ups(
                    Ups::new()
                        .notification(
                            ThirdNotification::new("This week", "Five new recipes", ClickType::Url)
                                .url("https://www.example.com/weekly"),
                        )
                        // vivo: 0 = operations message; Xiaomi: its message channel.
                        .add_option(Some("VV"), "/classification", 0)
                        .add_option(Some("XM"), "/extra.channel_id", "weekly"),
                )
                .ios(
                    Ios::new()
                        .aps(
                            Aps::new()
                                .alert(Alert::new().title("This week").body("Five new recipes"))
                                .sound("default"),
                        )
                        .auto_badge("+1")
                        .add_multimedia(
                            Multimedia::new(
                                "https://www.example.com/weekly.mp4",
                                Multimedia::VIDEO,
                            )
                            .only_wifi(true),
                        ),
                ),
        );
    common::heading("client.create_list_msg(&message)");
    let task = client.create_list_msg(&message).await?;
    example.print_wire();
    println!("  typed result: task id {}", task.taskid);

    // 2. Push it to a list of client ids.
    let to_cids =
        AudienceRequest::new(&task.taskid, Audience::cid_list(&example.cids)).is_async(false);
    common::heading("client.push_list_by_cid(&to_cids)");
    let result = client.push_list_by_cid(&to_cids).await?;
    example.print_wire();
    common::v2::print_push_result(&result);

    // 3. And to a list of aliases, with the status per alias.
    let aliases = AliasRequest::new(vec![CidAlias::new(example.cid(), "getui_rs_list")]);
    client.bind_alias(&aliases).await?;
    let to_aliases = AudienceRequest::new(&task.taskid, Audience::alias_list(["getui_rs_list"]))
        .need_alias_detail(true);
    common::heading("client.push_list_by_alias(&to_aliases)");
    let result = client.push_list_by_alias(&to_aliases).await?;
    example.print_wire();
    println!("  typed result: {result:?}");
    client.unbind_alias(&aliases).await?;
    Ok(())
}
