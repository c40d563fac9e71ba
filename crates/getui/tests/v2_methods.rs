//! Every REST v2 method through both clients against getui-mock: each scenario runs once with
//! `getui::v2::Client` and once with `getui::v2::blocking::Client` (the `scenario!` macro
//! expands it twice; `call!` awaits in the first, returns in the second), and checks the typed
//! answer and the mock's state.

use getui::model::v2::audience::{Audience, CidByTag, CidByTagOp, Condition, OptType};
use getui::model::v2::push::{AudienceRequest, BatchPushRequest, PushMessage, PushRequest};
use getui::model::v2::report::ReportQuery;
use getui::model::v2::settings::Settings;
use getui::model::v2::user::{AliasRequest, AuthRequest, Badge, CidAlias};
use getui_mock::{
    BlockingMockServer, MockServer, V2TaskKind, V2TaskState, DEFAULT_APP_ID as APP_ID,
    DEFAULT_APP_KEY as APP_KEY, DEFAULT_MASTER_SECRET as MASTER_SECRET,
};

/// Expands `$body` into a test with the async client and one with the blocking client.
macro_rules! scenario {
    ($name:ident, |$server:ident, $client:ident| $body:block) => {
        mod $name {
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn async_client() {
                let $server = MockServer::start().await;
                let $client = getui::v2::Client::builder(APP_ID, APP_KEY, MASTER_SECRET)
                    .base_url($server.v2_base_url())
                    .build()
                    .unwrap();
                #[allow(unused_macros)]
                macro_rules! call {
                    ($e:expr) => {
                        $e.await.unwrap()
                    };
                }
                $body
            }

            #[test]
            fn blocking_client() {
                let $server = BlockingMockServer::start();
                let $client = getui::v2::blocking::Client::builder(APP_ID, APP_KEY, MASTER_SECRET)
                    .base_url($server.v2_base_url())
                    .build()
                    .unwrap();
                #[allow(unused_macros)]
                macro_rules! call {
                    ($e:expr) => {
                        $e.unwrap()
                    };
                }
                $body
            }
        }
    };
}

fn message(text: &str) -> PushMessage {
    PushMessage::transmission(text)
}

fn ids(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

fn condition(key: &str, values: &[&str]) -> Condition {
    Condition::new(key, values.iter().copied(), OptType::Or)
}

scenario!(push_to_single_by_cid, |server, client| {
    let request = PushRequest::new()
        .request_id("methods-single-cid-1")
        .cid("cid-1")
        .push_message(message("a"));
    let answer = call!(client.push_to_single_by_cid(&request));
    let push = server
        .v2_push("methods-single-cid-1")
        .expect("in the ledger");
    assert!(answer.contains_key(&push.task_id), "{answer:?}");
    assert_eq!(push.endpoint, "POST /push/single/cid");
    assert!(answer[&push.task_id].contains_key("cid-1"));
});

scenario!(push_to_single_by_alias, |server, client| {
    call!(client.bind_alias(&AliasRequest::new(vec![CidAlias::new("cid-1", "alice")])));
    let request = PushRequest::new()
        .request_id("methods-single-alias")
        .alias("alice")
        .push_message(message("a"));
    let answer = call!(client.push_to_single_by_alias(&request));
    let push = server.v2_push("methods-single-alias").unwrap();
    assert!(answer[&push.task_id].contains_key("cid-1"), "{answer:?}");
});

scenario!(push_batch_by_cid_and_alias, |server, client| {
    let batch = BatchPushRequest::new(vec![
        PushRequest::new()
            .request_id("methods-batch-0001")
            .cid("cid-1")
            .push_message(message("1")),
        PushRequest::new().cid("cid-2").push_message(message("2")),
    ]);
    let answer = call!(client.push_batch_by_cid(&batch));
    assert_eq!(answer.len(), 2, "{answer:?}");
    assert!(server.v2_push("methods-batch-0001").is_some());
    call!(client.bind_alias(&AliasRequest::new(vec![CidAlias::new("cid-3", "carol")])));
    let batch = BatchPushRequest::new(vec![PushRequest::new()
        .alias("carol")
        .push_message(message("3"))]);
    let answer = call!(client.push_batch_by_alias(&batch));
    assert_eq!(answer.len(), 1, "{answer:?}");
    assert_eq!(server.v2_ledger().accepted, 3);
});

scenario!(list_pushes, |server, client| {
    let task = call!(client.create_list_msg(&PushRequest::new().push_message(message("news"))));
    assert!(server.v2_list_message(&task.taskid).is_some());
    let answer = call!(client.push_list_by_cid(&AudienceRequest::new(
        task.taskid.clone(),
        Audience::Cid(ids(&["cid-1", "cid-2"]))
    )));
    assert!(answer.contains_key(&task.taskid), "{answer:?}");
    call!(client.bind_alias(&AliasRequest::new(vec![CidAlias::new("cid-3", "carol")])));
    call!(client.push_list_by_alias(&AudienceRequest::new(
        task.taskid.clone(),
        Audience::Alias {
            alias: ids(&["carol"]),
            alias_type: None
        }
    )));
    call!(client.set_tag_for_cid("cid-4", &ids(&["vip"])));
    call!(client.push_list_cid_by_tag(&AudienceRequest::new(
        task.taskid.clone(),
        Audience::CidByTag(vec![CidByTag::new("cid-4", ["vip"], CidByTagOp::Or)])
    )));
    let reached: Vec<String> = server
        .v2_task_pushes(&task.taskid)
        .iter()
        .flat_map(|p| p.deliveries.iter().map(|d| d.client_id.clone()))
        .collect();
    for cid in ["cid-1", "cid-2", "cid-3", "cid-4"] {
        assert!(reached.iter().any(|c| c == cid), "{cid} in {reached:?}");
    }
});

scenario!(app_tag_and_fast_tag_pushes, |server, client| {
    let all = call!(client.push_all(&PushRequest::new().push_message(message("all"))));
    assert_eq!(server.v2_task(&all.taskid).unwrap().kind, V2TaskKind::App);
    call!(client.set_tag_for_cid("cid-1", &ids(&["vip"])));
    let tag = call!(client.push_by_tag(
        &PushRequest::new()
            .tag(vec![condition("custom_tag", &["vip"])])
            .push_message(message("tag"))
    ));
    assert!(server.v2_task(&tag.taskid).is_some());
    let fast = call!(client.push_by_fast_custom_tag(
        &PushRequest::new()
            .fast_custom_tag("vip")
            .push_message(message("fast"))
    ));
    assert!(server.v2_task(&fast.taskid).is_some());
    let single = call!(client.push_to_single_cid_by_tag(
        &PushRequest::new()
            .request_id("methods-cid-by-tag")
            .cid_by_tag(vec![CidByTag::new("cid-1", ["vip"], CidByTagOp::Or)])
            .push_message(message("x"))
    ));
    assert_eq!(single.len(), 1, "{single:?}");
});

scenario!(tasks, |server, client| {
    let task = call!(client.create_list_msg(&PushRequest::new().push_message(message("n"))));
    call!(client.stop_push(&task.taskid));
    assert_eq!(
        server.v2_task(&task.taskid).unwrap().state,
        V2TaskState::Stopped
    );

    let in_a_day = i64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis(),
    )
    .unwrap()
        + 24 * 3600 * 1000;
    let scheduled = call!(client.push_all(
        &PushRequest::new()
            .settings(Settings::new().schedule_time(in_a_day))
            .push_message(message("later"))
    ));
    let state = call!(client.query_schedule_task(&scheduled.taskid));
    assert!(state.contains_key(&scheduled.taskid), "{state:?}");
    call!(client.delete_schedule_task(&scheduled.taskid));
    assert_eq!(
        server.v2_task(&scheduled.taskid).unwrap().state,
        V2TaskState::ScheduleDeleted
    );

    let single = PushRequest::new()
        .request_id("methods-detail-001")
        .cid("cid-1")
        .push_message(message("d"));
    call!(client.push_to_single_by_cid(&single));
    let taskid = server.v2_push("methods-detail-001").unwrap().task_id;
    let detail = call!(client.query_task_detail("cid-1", &taskid));
    assert!(!detail.detail.is_empty(), "{detail:?}");
});

scenario!(statistics, |_server, client| {
    let task = call!(client.push_all(
        &PushRequest::new()
            .group_name("campaign-1")
            .push_message(message("s"))
    ));
    let ids = vec![task.taskid.clone()];
    let report = call!(client.query_push_result_by_task_ids(&ids));
    assert!(report.contains_key(&task.taskid), "{report:?}");
    let query = ReportQuery::new()
        .action_id_list(["10010"])
        .need_getui_by_brand(true);
    let report = call!(client.query_push_result_by_task_ids_with(&ids, &query));
    assert!(report.contains_key(&task.taskid), "{report:?}");
    let report = call!(client.query_push_task_detail_data(&ids));
    assert!(report.contains_key(&task.taskid), "{report:?}");
    let report = call!(client.query_push_result_by_group_name("campaign-1"));
    assert!(report.contains_key("campaign-1"), "{report:?}");
    let query = ReportQuery::new()
        .need_getui_by_brand(false)
        .start_date("2020-01-01")
        .end_date("2020-01-31");
    call!(client.query_push_result_by_group_name_with("campaign-1", &query));
    let report = call!(client.query_push_result_by_date("2020-01-01"));
    assert!(report.contains_key("2020-01-01"), "{report:?}");
    call!(client.query_push_result_by_date_with(
        "2020-01-01",
        &ReportQuery::new().need_getui_by_brand(true)
    ));
    call!(client.query_push_count_data());
    let users = call!(client.query_user_data_by_date("2020-01-01"));
    assert!(users.contains_key("2020-01-01"), "{users:?}");
    call!(client.query_online_user_data());
});

scenario!(aliases, |server, client| {
    let request = AliasRequest::new(vec![
        CidAlias::new("cid-1", "alice"),
        CidAlias::new("cid-2", "alice"),
    ]);
    call!(client.bind_alias(&request));
    assert_eq!(server.alias_clients(APP_ID, "alice").len(), 2);
    assert_eq!(call!(client.query_alias_by_cid("cid-1")).alias, "alice");
    call!(client.query_alias_by_cid_with_type("cid-1", "phone"));
    let cids = call!(client.query_cid_by_alias("alice")).cid;
    assert!(cids.contains(&"cid-1".to_owned()), "{cids:?}");
    call!(client.query_cid_by_alias_with_type("alice", "phone"));
    call!(client.unbind_alias(&AliasRequest::new(vec![CidAlias::new("cid-1", "alice")])));
    assert_eq!(server.alias_clients(APP_ID, "alice"), ["cid-2"]);
    call!(client.unbind_all_alias("alice"));
    assert!(server.alias_clients(APP_ID, "alice").is_empty());
    call!(client.unbind_all_alias_with_type("alice", "phone"));
});

scenario!(tags, |server, client| {
    call!(client.set_tag_for_cid("cid-1", &ids(&["vip", "beta"])));
    assert_eq!(server.client_tags(APP_ID, "cid-1"), ["vip", "beta"]);
    let result = call!(client.batch_modify_tag_for_batch_cid("gold", &ids(&["cid-1", "cid-2"])));
    assert_eq!(result.len(), 2, "{result:?}");
    assert!(server
        .client_tags(APP_ID, "cid-2")
        .contains(&"gold".to_owned()));
    call!(client.unbind_tag("gold", &ids(&["cid-2"])));
    assert!(!server
        .client_tags(APP_ID, "cid-2")
        .contains(&"gold".to_owned()));
    let tags = call!(client.query_user_tag("cid-1"));
    assert!(tags["cid-1"].contains(&"vip".to_owned()), "{tags:?}");
});

scenario!(blacklist_status_badge_count, |server, client| {
    call!(client.add_black_user(&ids(&["cid-1", "cid-2"])));
    assert_eq!(server.black_list(APP_ID).len(), 2);
    call!(client.remove_black_user(&ids(&["cid-1"])));
    assert_eq!(server.black_list(APP_ID), ["cid-2"]);
    server.add_client(APP_ID, "cid-9", true);
    let status = call!(client.query_user_status(&ids(&["cid-9"])));
    assert!(status.contains_key("cid-9"), "{status:?}");
    let devices = call!(client.query_device_status(&ids(&["cid-9"])));
    assert!(devices.contains_key("cid-9"), "{devices:?}");
    let detail = call!(client.query_user_detail(&ids(&["cid-9"])));
    assert!(detail.valid.contains_key("cid-9"), "{detail:?}");
    call!(client.set_badge(&ids(&["cid-9"]), &Badge::Set(5)));
    assert_eq!(server.v2_badge(APP_ID, "cid-9"), Some(5));
    call!(client.set_badge(&ids(&["cid-9"]), &Badge::Add(2)));
    assert_eq!(server.v2_badge(APP_ID, "cid-9"), Some(7));
    call!(client.set_tag_for_cid("cid-9", &ids(&["vip"])));
    let count = call!(client.query_user_count(&[condition("custom_tag", &["vip"])]));
    assert_eq!(count.user_count, 1);
});

scenario!(client_methods, |server, client| {
    assert_eq!(client.app_id(), APP_ID);
    assert!(
        client.token().is_none(),
        "nothing sent before the first call"
    );
    call!(client.authenticate());
    let token = client.token().expect("a token");
    assert_eq!(server.v2_auth_count(), 1);
    assert!(client.current_host().starts_with(&server.v2_base_url()));

    // A caller-built auth request is sent as given and leaves the client's token alone.
    let timestamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis()
        .to_string();
    let sign = getui_protocol::v2::sign::auth_sign(APP_KEY, &timestamp, &MASTER_SECRET.into());
    let info = call!(client.auth(&AuthRequest::new(APP_KEY, timestamp, sign)));
    assert_ne!(info.token, token);
    assert_eq!(client.token().as_ref(), Some(&token));

    // Closing another token keeps the client's; closing its own forgets it.
    call!(client.close_auth(Some(info.token.expose())));
    assert_eq!(client.token().as_ref(), Some(&token));
    call!(client.close());
    assert!(client.token().is_none());

    // A given token is used as is, until the service refuses it (the closed token: 10001,
    // one auth, one re-send).
    client.set_token(token.clone());
    assert_eq!(client.token().as_ref(), Some(&token));
    client.set_hosts([server.v2_base_url()]).unwrap();
    call!(client.query_online_user_data());
    assert_eq!(
        server.v2_auth_count(),
        3,
        "authenticate, the raw auth, the re-auth"
    );
    assert_ne!(client.token().as_ref(), Some(&token));
});
