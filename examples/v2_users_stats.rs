//! REST v2 user management and statistics with the blocking client: aliases, custom tags,
//! the blacklist, the iOS badge, online status and user counts (`/user/…`), then the push
//! and user statistics (`/report/…`) of a list push made for the purpose.
//!
//! ```text
//! cargo run --example v2_users_stats --features getui/blocking
//! ```
//!
//! Every change is undone before the end (alias unbound, tag removed, cid taken off the
//! blacklist). Some statistics need a permission on a real app (code 30002 or similar: the
//! example then prints the error and goes on).
//!
//! Against the embedded getui-mock by default; the GETUI_* variables name a real app (see
//! `examples/common/v2.rs`).

mod common;

use getui::model::v2::audience::{Audience, Condition, OptType};
use getui::model::v2::push::{AudienceRequest, PushMessage, PushRequest};
use getui::model::v2::report::ReportQuery;
use getui::model::v2::user::{AliasRequest, Badge, CidAlias};

/// Prints an answer, or the error of a statistics query a real app may not be allowed.
fn show<T: std::fmt::Debug>(example: &common::v2::Example, result: getui::Result<T>) {
    example.print_wire();
    match result {
        Ok(answer) => println!("  typed result: {answer:?}"),
        Err(error) => println!("  error: {error}"),
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    common::init_logging();
    let example = common::v2::Example::start_blocking("v2_users_stats");
    let client = example.blocking_client_builder()?.build()?;
    let cid = example.cid().to_owned();
    let cids = vec![cid.clone()];

    // Aliases: bind, look up both ways, unbind.
    let aliases = AliasRequest::new(vec![CidAlias::new(&cid, "getui_rs_user")]);
    common::heading("client.bind_alias(&aliases)");
    client.bind_alias(&aliases)?;
    example.print_wire();
    common::heading("client.query_alias_by_cid(cid)");
    let alias = client.query_alias_by_cid(&cid)?;
    example.print_wire();
    println!("  typed result: alias {:?}", alias.alias);
    common::heading("client.query_cid_by_alias(alias)");
    let bound = client.query_cid_by_alias("getui_rs_user")?;
    example.print_wire();
    println!("  typed result: cids {:?}", bound.cid);
    common::heading("client.unbind_all_alias(alias)");
    client.unbind_all_alias("getui_rs_user")?;
    example.print_wire();

    // Custom tags of one cid: set, read, remove.
    common::heading("client.set_tag_for_cid(cid, &tags)");
    client.set_tag_for_cid(&cid, &["getui-rs-a".to_owned(), "getui-rs-b".to_owned()])?;
    example.print_wire();
    common::heading("client.query_user_tag(cid)");
    let tags = client.query_user_tag(&cid)?;
    example.print_wire();
    println!("  typed result: {tags:?}");
    common::heading("client.unbind_tag(tag, &cids)");
    client.unbind_tag("getui-rs-a", &cids)?;
    client.unbind_tag("getui-rs-b", &cids)?;
    example.print_wire();

    // Blacklist: add and remove (a blacklisted cid receives nothing).
    common::heading("client.add_black_user(&cids) / remove_black_user(&cids)");
    client.add_black_user(&cids)?;
    client.remove_black_user(&cids)?;
    example.print_wire();
    println!("  {cid} was blacklisted, then restored");

    // iOS badge: set to 5 (`Badge::Add(1)` / `Badge::Sub(1)` change it relatively).
    common::heading("client.set_badge(&cids, &Badge::Set(5))");
    client.set_badge(&cids, &Badge::Set(5))?;
    example.print_wire();

    // Status and counts.
    common::heading("client.query_user_status(&cids)");
    let statuses = client.query_user_status(&cids)?;
    example.print_wire();
    for (cid, status) in &statuses {
        println!(
            "  typed result: {cid}: {:?}, last login {:?}",
            status.status, status.last_login_time
        );
    }
    common::heading("client.query_user_count(&conditions)");
    let count =
        client.query_user_count(&[Condition::new("phone_type", ["android"], OptType::Or)])?;
    example.print_wire();
    println!("  typed result: {} Android users", count.user_count);

    // Statistics: of a list push made now, of its group, of yesterday, quotas, users.
    let task = client.create_list_msg(
        &PushRequest::new()
            .group_name("getui-rs-stats")
            .push_message(PushMessage::transmission("stats")),
    )?;
    client.push_list_by_cid(&AudienceRequest::new(
        &task.taskid,
        Audience::cid_list(&cids),
    ))?;
    example.print_wire();
    common::heading("client.query_push_result_by_task_ids(&[taskid])");
    let report = client.query_push_result_by_task_ids(std::slice::from_ref(&task.taskid))?;
    example.print_wire();
    for (taskid, entry) in &report {
        // `total` and one entry per channel (`gt`, `hw`, …), typed on demand.
        println!("  typed result: {taskid}: total {:?}", entry.total());
    }
    common::heading("client.query_push_result_by_group_name_with(group, &query)");
    let by_brand = ReportQuery::new().need_getui_by_brand(true);
    show(
        &example,
        client.query_push_result_by_group_name_with("getui-rs-stats", &by_brand),
    );
    let yesterday = common::v2::date_days_ago(1);
    common::heading(&format!("client.query_push_result_by_date({yesterday:?})"));
    show(&example, client.query_push_result_by_date(&yesterday));
    common::heading("client.query_push_count_data()");
    show(&example, client.query_push_count_data());
    common::heading(&format!("client.query_user_data_by_date({yesterday:?})"));
    show(&example, client.query_user_data_by_date(&yesterday));
    common::heading("client.query_online_user_data()");
    let online = client.query_online_user_data();
    show(
        &example,
        // One point per 10 minutes over 24 hours: the latest one.
        online.map(|users| users.online_statics.into_iter().next_back()),
    );
    Ok(())
}
