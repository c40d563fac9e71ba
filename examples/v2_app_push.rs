//! REST v2 push to every user of the app (`push_all`; the legacy `pushMessageToApp` without
//! conditions), then a scheduled one that is looked at (`query_schedule_task`) and deleted
//! before it is sent (`delete_schedule_task`).
//!
//! ```text
//! cargo run --example v2_app_push
//! ```
//!
//! The push carries a `group_name` (the legacy task group), a speed limit (messages per
//! second), a time to live and a vendor strategy, and the vendor channels: an Android `ups`
//! notification with vendor `options` and the iOS APNs fields (alert, sound, `auto_badge`).
//! Scheduling (`settings.schedule_time`) needs the permission on a real app (else code 30002).
//!
//! Against the embedded getui-mock by default; the GETUI_* variables name a real app (see
//! `examples/common/v2.rs`) — careful: that pushes to every user of the app.

mod common;

use getui::model::v2::channel::{Alert, Aps, Ios, PushChannel, ThirdNotification, Ups};
use getui::model::v2::push::{ClickType, Notification, PushMessage, PushRequest};
use getui::model::v2::settings::{Settings, Strategy};

/// The message of both pushes.
fn announcement(settings: Settings) -> PushRequest {
    PushRequest::new()
        .all()
        .group_name("getui-rs-release")
        .settings(settings)
        .push_message(PushMessage::notification(
            Notification::new(
                "Version 2.0",
                "is out: see what is new",
                ClickType::Startapp,
            )
            .big_text("Version 2.0 brings faster sync, a dark theme and offline maps."),
        ))
        .push_channel(
            PushChannel::new()
                .ups(
                    Ups::new()
                        .notification(ThirdNotification::new(
                            "Version 2.0",
                            "is out: see what is new",
                            ClickType::Startapp,
                        ))
                        .add_option(Some("HW"), "/message/android/category", "MARKETING")
                        .add_option(None, "/classification", 0), // `None`: every vendor ("ALL")
                )
                .ios(
                    Ios::new()
                        .aps(
                            Aps::new()
                                .alert(Alert::new().title("Version 2.0").body("is out"))
                                .sound("default"),
                        )
                        .auto_badge("+1"),
                ),
        )
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    common::init_logging();
    let example = common::v2::Example::start("v2_app_push").await;
    let client = example.client_builder()?.build()?;

    // 1. To everyone now: at most 500 messages per second, kept 12 hours for offline users,
    //    vendor channel only for offline users (1), APNs for iOS (2).
    let request = announcement(
        Settings::new()
            .ttl(12 * 3600 * 1000)
            .speed(500)
            .strategy(Strategy::new().default_channel(1).ios(2)),
    );
    common::heading("client.push_all(&request)");
    let task = client.push_all(&request).await?;
    example.print_wire();
    println!("  typed result: task id {}", task.taskid);

    // 2. To everyone tomorrow: a scheduled task, looked at and deleted before it is sent.
    let tomorrow = common::v2::now_ms() + 24 * 3600 * 1000;
    let request = announcement(Settings::new().ttl(3600 * 1000).schedule_time(tomorrow));
    common::heading("client.push_all(&scheduled)");
    let scheduled = client.push_all(&request).await?;
    example.print_wire();
    println!("  typed result: task id {}", scheduled.taskid);

    common::heading("client.query_schedule_task(taskid)");
    let state = client.query_schedule_task(&scheduled.taskid).await?;
    example.print_wire();
    for (taskid, task) in &state {
        println!(
            "  typed result: {taskid}: state {:?}, push time {:?}",
            task.state(),
            task.push_time
        );
    }

    common::heading("client.delete_schedule_task(taskid)");
    client.delete_schedule_task(&scheduled.taskid).await?;
    example.print_wire();
    println!("  deleted {}", scheduled.taskid);
    Ok(())
}
