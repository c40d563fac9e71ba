//! REST v2 pushes (M1–M12) and tasks (T1–T4): answers of the documented shapes from state,
//! the request-id ledger, and the documented limits (20001 answers, not crashes).

mod common;
mod v2_common;

use common::*;
use getui_mock::{
    DeliveryStatus, MockServer, UnknownClientPolicy, V2TaskKind, V2TaskState, DEFAULT_APP_ID,
};
use hyper::Method;
use serde_json::{json, Value};
use v2_common::*;

const APP: &str = DEFAULT_APP_ID;

async fn setup() -> (MockServer, HttpClient, String) {
    let server = MockServer::start().await;
    server.add_client(APP, "cid-on", true);
    server.add_client(APP, "cid-off", false);
    let c = client();
    let token = auth(&c, &server).await;
    (server, c, token)
}

fn later(ms: i64) -> i64 {
    now_ts().parse::<i64>().unwrap() + ms
}

#[tokio::test]
async fn single_push_by_cid_and_the_ledger() {
    let (server, c, t) = setup().await;
    let body = push("single-rid-000001", json!({"cid": ["cid-on"]}));
    let data = ok_data(
        &c,
        &server,
        Method::POST,
        "/push/single/cid",
        &t,
        Some(&body),
    )
    .await;
    let task = only_task(&data);
    assert!(task.starts_with("RASS_"), "{task}");
    assert_eq!(data[&task], json!({"cid-on": "successed_online"}));
    let off = push("single-rid-000002", json!({"cid": ["cid-off"]}));
    let data2 = ok_data(
        &c,
        &server,
        Method::POST,
        "/push/single/cid",
        &t,
        Some(&off),
    )
    .await;
    assert_eq!(data2[only_task(&data2)]["cid-off"], "successed_offline");

    // the same request id again: the first answer, nothing delivered
    let again = ok_data(
        &c,
        &server,
        Method::POST,
        "/push/single/cid",
        &t,
        Some(&body),
    )
    .await;
    assert_eq!(again, data);
    let pushes = server.v2_pushes();
    assert_eq!(pushes.len(), 2);
    assert_eq!(pushes[0].request_id.as_deref(), Some("single-rid-000001"));
    assert_eq!(pushes[0].endpoint, "POST /push/single/cid");
    assert_eq!(pushes[0].task_id, task);
    assert_eq!(pushes[0].deliveries[0].status, DeliveryStatus::Online);
    let title = pushes[0].message.push_message.as_ref().unwrap();
    assert_eq!(
        title.notification.as_ref().unwrap().title.as_deref(),
        Some("Hello")
    );
    let stats = server.v2_request_id_stats("single-rid-000001");
    assert_eq!((stats.submitted, stats.accepted), (2, 1));
    let ledger = server.v2_ledger();
    assert_eq!(
        (
            ledger.accepted,
            ledger.request_ids,
            ledger.duplicates,
            ledger.accepted_twice
        ),
        (2, 2, 1, 0)
    );
    assert_eq!(server.v2_push("single-rid-000002").unwrap().seq, 1);
    assert_eq!(server.v2_task_pushes(&task).len(), 1);
    let snapshot = server.v2_task(&task).unwrap();
    assert_eq!(snapshot.kind, V2TaskKind::Single);
    assert_eq!(snapshot.count(DeliveryStatus::Online), 1);
}

#[tokio::test]
async fn single_push_limits_answer_20001() {
    let (server, c, t) = setup().await;
    let mut cases: Vec<(&str, Value)> = Vec::new();
    cases.push((
        "short request_id",
        push("short", json!({"cid": ["cid-on"]})),
    ));
    cases.push((
        "long request_id",
        push(&"x".repeat(33), json!({"cid": ["cid-on"]})),
    ));
    let mut no_rid = push("x", json!({"cid": ["cid-on"]}));
    no_rid.as_object_mut().unwrap().remove("request_id");
    cases.push(("missing request_id", no_rid));
    cases.push((
        "two cids",
        push("two-cids-000001", json!({"cid": ["cid-on", "cid-off"]})),
    ));
    cases.push(("empty cid", push("empty-cid-00001", json!({"cid": [""]}))));
    cases.push((
        "alias audience",
        push("alias-aud-00001", json!({"alias": ["a"]})),
    ));
    let mut long_title = push("long-title-0001", json!({"cid": ["cid-on"]}));
    long_title["push_message"]["notification"]["title"] = json!("t".repeat(51));
    cases.push(("title > 50", long_title));
    let mut both = push("both-msgs-00001", json!({"cid": ["cid-on"]}));
    both["push_message"]["transmission"] = json!("x");
    cases.push(("notification and transmission", both));
    let mut ttl = push("bad-ttl-0000001", json!({"cid": ["cid-on"]}));
    ttl["settings"]["ttl"] = json!(259_200_001);
    cases.push(("ttl > 3 days", ttl));
    let mut unknown = push("unknown-key-001", json!({"cid": ["cid-on"]}));
    unknown["surprise"] = json!(1);
    cases.push(("unknown key", unknown));
    let mut group = push("bad-group-00001", json!({"cid": ["cid-on"]}));
    group["group_name"] = json!("with space");
    cases.push(("group_name pattern", group));
    let mut no_msg = push("no-message-0001", json!({"cid": ["cid-on"]}));
    no_msg.as_object_mut().unwrap().remove("push_message");
    cases.push(("no push_message", no_msg));
    for (what, body) in &cases {
        let v = refused(
            &c,
            &server,
            Method::POST,
            "/push/single/cid",
            &t,
            Some(body),
            20001,
        )
        .await;
        assert!(
            v["msg"].as_str().is_some_and(|m| !m.is_empty()),
            "{what}: {v}"
        );
    }
    let v = refused(
        &c,
        &server,
        Method::POST,
        "/push/single/cid",
        &t,
        Some(&json!({"request_id": "no-audience-01", "push_message": {"transmission": "x"}})),
        20001,
    )
    .await;
    assert_eq!(v["msg"], "audience can not be empty");
    // not JSON: code 1 (HTTP 200)
    let reply = send(
        &c,
        hyper::Request::post(format!("{}/push/single/cid", server.v2_app_url(APP)))
            .header("token", &t)
            .body(http_body_util::Full::new(bytes::Bytes::from_static(
                b"{oops",
            )))
            .unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(
        (reply.status, reply.json()["code"].clone()),
        (200, json!(1))
    );
    assert!(server.v2_pushes().is_empty());
    assert_eq!(server.v2_ledger().duplicates, 0);
}

#[tokio::test]
async fn unknown_clients_under_the_reject_policy() {
    let server = MockServer::builder()
        .unknown_clients(UnknownClientPolicy::Reject)
        .client(APP, "known", false)
        .start()
        .await;
    let c = client();
    let t = auth(&c, &server).await;
    let v = refused(
        &c,
        &server,
        Method::POST,
        "/push/single/cid",
        &t,
        Some(&push("reject-rid-0001", json!({"cid": ["stranger"]}))),
        20001,
    )
    .await;
    assert_eq!(v["msg"], "target user is invalid");
    let data = ok_data(
        &c,
        &server,
        Method::POST,
        "/push/single/cid",
        &t,
        Some(&push("reject-rid-0002", json!({"cid": ["known"]}))),
    )
    .await;
    assert_eq!(data[only_task(&data)]["known"], "successed_offline");
}

#[tokio::test]
async fn alias_pushes_and_batches() {
    let (server, c, t) = setup().await;
    let bind = json!({"data_list": [{"cid": "cid-on", "alias": "bob"}, {"cid": "cid-off", "alias": "bob"}]});
    ok_data(&c, &server, Method::POST, "/user/alias", &t, Some(&bind)).await;
    let data = ok_data(
        &c,
        &server,
        Method::POST,
        "/push/single/alias",
        &t,
        Some(&push("alias-rid-00001", json!({"alias": ["bob"]}))),
    )
    .await;
    assert_eq!(
        data[only_task(&data)],
        json!({"cid-on": "successed_online", "cid-off": "successed_offline"})
    );
    refused(
        &c,
        &server,
        Method::POST,
        "/push/single/alias",
        &t,
        Some(&push("alias-rid-00002", json!({"alias": ["nobody"]}))),
        20001,
    )
    .await;

    // M3: one task per message; a known item is answered from the ledger
    let batch = json!({"msg_list": [
        push("batch-rid-00001", json!({"cid": ["cid-on"]})),
        push("batch-rid-00002", json!({"cid": ["cid-off"]})),
    ]});
    let data = ok_data(
        &c,
        &server,
        Method::POST,
        "/push/single/batch/cid",
        &t,
        Some(&batch),
    )
    .await;
    assert_eq!(data.as_object().unwrap().len(), 2, "{data}");
    let again = ok_data(
        &c,
        &server,
        Method::POST,
        "/push/single/batch/cid",
        &t,
        Some(&batch),
    )
    .await;
    assert_eq!(again, data);
    // async: no data
    let batch =
        json!({"is_async": true, "msg_list": [push("batch-rid-00003", json!({"cid": ["c9"]}))]});
    let reply = call_json(
        &c,
        &server,
        Method::POST,
        "/push/single/batch/cid",
        &t,
        Some(&batch),
    )
    .await;
    assert_eq!(reply.1, json!({"code": 0, "msg": "success"}));
    // M4 by alias
    let batch = json!({"msg_list": [push("batch-rid-00004", json!({"alias": ["bob"]}))]});
    let data = ok_data(
        &c,
        &server,
        Method::POST,
        "/push/single/batch/alias",
        &t,
        Some(&batch),
    )
    .await;
    assert_eq!(data[only_task(&data)].as_object().unwrap().len(), 2);
    // limits: a repeated request id in one batch, > 200 messages, an empty list
    let dup = json!({"msg_list": [
        push("batch-dup-00001", json!({"cid": ["a"]})),
        push("batch-dup-00001", json!({"cid": ["b"]})),
    ]});
    refused(
        &c,
        &server,
        Method::POST,
        "/push/single/batch/cid",
        &t,
        Some(&dup),
        20001,
    )
    .await;
    let many: Vec<Value> = (0..201)
        .map(|i| push(&format!("batch-many-{i:05}"), json!({"cid": ["a"]})))
        .collect();
    let v = refused(
        &c,
        &server,
        Method::POST,
        "/push/single/batch/cid",
        &t,
        Some(&json!({ "msg_list": many })),
        20001,
    )
    .await;
    assert_eq!(v["msg"], "msg_list size over limit");
    refused(
        &c,
        &server,
        Method::POST,
        "/push/single/batch/cid",
        &t,
        Some(&json!({"msg_list": []})),
        20001,
    )
    .await;
    // 1 + 2 + 1 + 1 entries (the batch of 2, then async 1, then alias 1)
    assert_eq!(server.v2_pushes().len(), 5);
    assert_eq!(server.v2_ledger().duplicates, 2);
}

#[tokio::test]
async fn list_pushes_and_stopping_a_task() {
    let (server, c, t) = setup().await;
    let mut message = push("list-msg-000001", json!("all"));
    message["group_name"] = json!("campaign_1");
    let data = ok_data(
        &c,
        &server,
        Method::POST,
        "/push/list/message",
        &t,
        Some(&message),
    )
    .await;
    let task = data["taskid"].as_str().unwrap().to_owned();
    assert!(task.starts_with("RASL_"), "{task}");
    let stored = server.v2_list_message(&task).unwrap();
    assert_eq!(stored.group_name.as_deref(), Some("campaign_1"));
    assert!(
        server.v2_pushes().is_empty(),
        "storing a message delivers nothing"
    );

    let list = json!({"taskid": task, "audience": {"cid": ["cid-on", "cid-off", "cid-new"]}});
    let data = ok_data(&c, &server, Method::POST, "/push/list/cid", &t, Some(&list)).await;
    assert_eq!(
        data[&task],
        json!({"cid-on": "successed_online", "cid-off": "successed_offline", "cid-new": "successed_online"})
    );
    // async: no data
    let list = json!({"taskid": task, "audience": {"cid": ["cid-on"]}, "is_async": true});
    let (_, v) = call_json(&c, &server, Method::POST, "/push/list/cid", &t, Some(&list)).await;
    assert!(v.get("data").is_none() && v["code"] == 0, "{v}");
    // M7 with alias detail
    ok_data(
        &c,
        &server,
        Method::POST,
        "/user/alias",
        &t,
        Some(&json!({"data_list": [{"cid": "cid-on", "alias": "al1"}, {"cid": "cid-off", "alias": "al2"}]})),
    )
    .await;
    let list =
        json!({"taskid": task, "audience": {"alias": ["al1", "al2"]}, "need_alias_detail": true});
    let data = ok_data(
        &c,
        &server,
        Method::POST,
        "/push/list/alias",
        &t,
        Some(&list),
    )
    .await;
    assert_eq!(data[&task]["al2"], json!({"cid-off": "successed_offline"}));
    let list = json!({"taskid": task, "audience": {"alias": ["al1"]}});
    let data = ok_data(
        &c,
        &server,
        Method::POST,
        "/push/list/alias",
        &t,
        Some(&list),
    )
    .await;
    assert_eq!(data[&task], json!({"cid-on": "successed_online"}));
    let pushes = server.v2_task_pushes(&task);
    assert_eq!(pushes.len(), 4);
    assert!(pushes
        .iter()
        .all(|p| p.request_id.is_none() && p.message.group_name.is_some()));
    assert_eq!(
        server.v2_task(&task).unwrap().deliveries.len(),
        3 + 1 + 2 + 1
    );

    // limits
    let many: Vec<String> = (0..1001).map(|i| format!("c{i}")).collect();
    let v = refused(
        &c,
        &server,
        Method::POST,
        "/push/list/cid",
        &t,
        Some(&json!({"taskid": task, "audience": {"cid": many}})),
        20001,
    )
    .await;
    assert_eq!(v["msg"], "audience.cid size over limit");
    refused(
        &c,
        &server,
        Method::POST,
        "/push/list/cid",
        &t,
        Some(&json!({"taskid": task, "audience": {"cid": ["a", "a"]}})),
        20001,
    )
    .await;
    refused(
        &c,
        &server,
        Method::POST,
        "/push/list/cid",
        &t,
        Some(&json!({"taskid": "RASL_nothing", "audience": {"cid": ["a"]}})),
        20001,
    )
    .await;
    refused(
        &c,
        &server,
        Method::POST,
        "/push/list/message",
        &t,
        Some(&push("list-msg-000002", json!({"cid": ["a"]}))),
        20001,
    )
    .await;

    // T1: stop; list pushes of a stopped task are refused
    ok_data(
        &c,
        &server,
        Method::DELETE,
        &format!("/task/{task}"),
        &t,
        None,
    )
    .await;
    assert_eq!(server.v2_task(&task).unwrap().state, V2TaskState::Stopped);
    refused(
        &c,
        &server,
        Method::POST,
        "/push/list/cid",
        &t,
        Some(&json!({"taskid": task, "audience": {"cid": ["a"]}})),
        22002,
    )
    .await;
    refused(
        &c,
        &server,
        Method::DELETE,
        "/task/RASL_unknown",
        &t,
        None,
        20001,
    )
    .await;
}

#[tokio::test]
async fn app_tag_and_fast_tag_pushes() {
    let (server, c, t) = setup().await;
    ok_data(
        &c,
        &server,
        Method::POST,
        "/user/custom_tag/cid/cid-on",
        &t,
        Some(&json!({"custom_tag": ["vip", "beijing"]})),
    )
    .await;
    ok_data(
        &c,
        &server,
        Method::POST,
        "/user/black/cid/cid-off",
        &t,
        None,
    )
    .await;
    let data = ok_data(
        &c,
        &server,
        Method::POST,
        "/push/all",
        &t,
        Some(&push("all-rid-0000001", json!("all"))),
    )
    .await;
    let all = data["taskid"].as_str().unwrap().to_owned();
    assert!(all.starts_with("RASA_"));
    let task = server.v2_task(&all).unwrap();
    assert_eq!(task.kind, V2TaskKind::App);
    assert_eq!(task.count(DeliveryStatus::Online), 1);
    assert_eq!(task.count(DeliveryStatus::Ignored), 1, "black-listed");

    let tag = json!({"tag": [{"key": "custom_tag", "values": ["vip"], "opt_type": "and"}]});
    let data = ok_data(
        &c,
        &server,
        Method::POST,
        "/push/tag",
        &t,
        Some(&push("tag-rid-0000001", tag)),
    )
    .await;
    let pushed = server.v2_task(data["taskid"].as_str().unwrap()).unwrap();
    assert_eq!(pushed.deliveries.len(), 1);
    assert_eq!(pushed.deliveries[0].client_id, "cid-on");
    let not = json!({"tag": [{"key": "custom_tag", "values": ["vip"], "opt_type": "not"}]});
    let data = ok_data(
        &c,
        &server,
        Method::POST,
        "/push/tag",
        &t,
        Some(&push("tag-rid-0000002", not)),
    )
    .await;
    let pushed = server.v2_task(data["taskid"].as_str().unwrap()).unwrap();
    assert_eq!(pushed.deliveries[0].client_id, "cid-off");

    let data = ok_data(
        &c,
        &server,
        Method::POST,
        "/push/fast_custom_tag",
        &t,
        Some(&push(
            "fast-rid-000001",
            json!({"fast_custom_tag": "beijing"}),
        )),
    )
    .await;
    let pushed = server.v2_task(data["taskid"].as_str().unwrap()).unwrap();
    assert_eq!(pushed.deliveries.len(), 1);

    // wrong audience forms and empty targets
    refused(
        &c,
        &server,
        Method::POST,
        "/push/all",
        &t,
        Some(&push("all-rid-0000002", json!({"cid": ["a"]}))),
        20001,
    )
    .await;
    refused(
        &c,
        &server,
        Method::POST,
        "/push/tag",
        &t,
        Some(&push("tag-rid-0000003", json!({"tag": []}))),
        20001,
    )
    .await;
    refused(
        &c,
        &server,
        Method::POST,
        "/push/fast_custom_tag",
        &t,
        Some(&push("fast-rid-000002", json!({"fast_custom_tag": ""}))),
        20001,
    )
    .await;
    assert_eq!(server.v2_pushes().len(), 4);
}

#[tokio::test]
async fn scheduled_tasks() {
    let (server, c, t) = setup().await;
    let mut body = push("sched-rid-00001", json!("all"));
    body["settings"]["schedule_time"] = json!(later(3_600_000));
    body["push_message"] = json!({"transmission": "payload-1"});
    let data = ok_data(&c, &server, Method::POST, "/push/all", &t, Some(&body)).await;
    let task = data["taskid"].as_str().unwrap().to_owned();
    assert_eq!(server.v2_scheduled_tasks().len(), 1);
    assert!(
        server.v2_task(&task).unwrap().deliveries.is_empty(),
        "not sent yet"
    );
    let data = ok_data(
        &c,
        &server,
        Method::GET,
        &format!("/task/schedule/{task}"),
        &t,
        None,
    )
    .await;
    let entry = &data[&task];
    assert_eq!(entry["transmission_content"], "payload-1");
    assert_eq!(entry["send_result"], "do_not_send");
    assert_eq!(
        entry["push_time"],
        body["settings"]["schedule_time"].to_string()
    );
    assert!(entry["create_time"].as_str().unwrap().len() == 13);
    // T3 deletes it
    ok_data(
        &c,
        &server,
        Method::DELETE,
        &format!("/task/schedule/{task}"),
        &t,
        None,
    )
    .await;
    assert_eq!(
        server.v2_task(&task).unwrap().state,
        V2TaskState::ScheduleDeleted
    );
    let data = ok_data(
        &c,
        &server,
        Method::GET,
        &format!("/task/schedule/{task}"),
        &t,
        None,
    )
    .await;
    assert_eq!(data[&task]["send_result"], "has_delete");
    // less than a minute before: 22001
    let mut soon = push("sched-rid-00002", json!("all"));
    soon["settings"]["schedule_time"] = json!(later(30_000));
    let data = ok_data(&c, &server, Method::POST, "/push/all", &t, Some(&soon)).await;
    let soon_task = data["taskid"].as_str().unwrap().to_owned();
    refused(
        &c,
        &server,
        Method::DELETE,
        &format!("/task/schedule/{soon_task}"),
        &t,
        None,
        22001,
    )
    .await;
    // a time in the past: 22002; unknown and unscheduled tasks: 22002
    let mut past = push("sched-rid-00003", json!("all"));
    past["settings"]["schedule_time"] = json!(later(-1000));
    refused(
        &c,
        &server,
        Method::POST,
        "/push/all",
        &t,
        Some(&past),
        22002,
    )
    .await;
    refused(
        &c,
        &server,
        Method::GET,
        "/task/schedule/RASA_nothing",
        &t,
        None,
        22002,
    )
    .await;
    let data = ok_data(
        &c,
        &server,
        Method::POST,
        "/push/all",
        &t,
        Some(&push("sched-rid-00004", json!("all"))),
    )
    .await;
    let now_task = data["taskid"].as_str().unwrap().to_owned();
    refused(
        &c,
        &server,
        Method::GET,
        &format!("/task/schedule/{now_task}"),
        &t,
        None,
        22002,
    )
    .await;
}

#[tokio::test]
async fn cid_by_tag_pushes_and_task_detail() {
    let (server, c, t) = setup().await;
    ok_data(
        &c,
        &server,
        Method::POST,
        "/user/custom_tag/cid/cid-on",
        &t,
        Some(&json!({"custom_tag": ["a", "b"]})),
    )
    .await;
    let audience = json!({"cid_by_tag": [{"cid": "cid-on", "tag": ["a", "b"], "op_type": 1}]});
    let data = ok_data(
        &c,
        &server,
        Method::POST,
        "/push/single/cid_by_tag",
        &t,
        Some(&push("cbt-rid-0000001", audience)),
    )
    .await;
    let task = only_task(&data);
    assert_eq!(data[&task], json!({"cid-on": "successed_online"}));
    let none = json!({"cid_by_tag": [{"cid": "cid-on", "tag": ["a"], "op_type": 2}]});
    let data = ok_data(
        &c,
        &server,
        Method::POST,
        "/push/single/cid_by_tag",
        &t,
        Some(&push("cbt-rid-0000002", none)),
    )
    .await;
    assert_eq!(data[only_task(&data)], json!({}), "the filter keeps nobody");
    refused(
        &c,
        &server,
        Method::POST,
        "/push/single/cid_by_tag",
        &t,
        Some(&push(
            "cbt-rid-0000003",
            json!({"cid_by_tag": [{"cid": "x", "tag": ["a"], "op_type": 3}]}),
        )),
        20001,
    )
    .await;
    // M12
    let msg = ok_data(
        &c,
        &server,
        Method::POST,
        "/push/list/message",
        &t,
        Some(&push("cbt-msg-0000001", json!("all"))),
    )
    .await;
    let list_task = msg["taskid"].as_str().unwrap().to_owned();
    let body = json!({"taskid": list_task, "audience": {"cid_by_tag": [
        {"cid": "cid-on", "tag": ["b"], "op_type": 0},
        {"cid": "cid-off", "tag": ["b"], "op_type": 0},
    ]}});
    let data = ok_data(
        &c,
        &server,
        Method::POST,
        "/push/list/cid_by_tag",
        &t,
        Some(&body),
    )
    .await;
    assert_eq!(data[&list_task], json!({"cid-on": "successed_online"}));

    // T4: cid first, then task id
    let data = ok_data(
        &c,
        &server,
        Method::GET,
        &format!("/task/detail/cid-on/{task}"),
        &t,
        None,
    )
    .await;
    let detail = data["detail"].as_array().unwrap();
    assert_eq!(detail.len(), 2);
    assert_eq!(detail[1]["event"], "sent_online");
    assert_eq!(
        detail[0]["time"].as_str().unwrap().len(),
        "yyyy-MM-dd HH:mm:ss".len()
    );
    let data = ok_data(
        &c,
        &server,
        Method::GET,
        &format!("/task/detail/cid-off/{task}"),
        &t,
        None,
    )
    .await;
    assert_eq!(data["detail"], json!([]));
    refused(
        &c,
        &server,
        Method::GET,
        "/task/detail/cid-on/RASS_nothing",
        &t,
        None,
        20001,
    )
    .await;
}
