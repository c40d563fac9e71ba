//! REST v2 users (U1–U16) and statistics (S1–S7): state a test can read, documented limits.

mod common;
mod v2_common;

use common::*;
use getui_mock::{MockServer, DEFAULT_APP_ID};
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

fn pairs(list: &[(&str, &str)]) -> Value {
    let items: Vec<Value> = list
        .iter()
        .map(|(cid, alias)| json!({"cid": cid, "alias": alias}))
        .collect();
    json!({ "data_list": items })
}

#[tokio::test]
async fn aliases() {
    let (server, c, t) = setup().await;
    ok_data(
        &c,
        &server,
        Method::POST,
        "/user/alias",
        &t,
        Some(&pairs(&[("cid-on", "ann"), ("cid-off", "ann")])),
    )
    .await;
    assert_eq!(server.alias_clients(APP, "ann"), ["cid-on", "cid-off"]);
    let data = ok_data(&c, &server, Method::GET, "/user/alias/cid/cid-on", &t, None).await;
    assert_eq!(data, json!({"alias": "ann"}));
    let data = ok_data(&c, &server, Method::GET, "/user/cid/alias/ann", &t, None).await;
    assert_eq!(data, json!({"cid": ["cid-on", "cid-off"]}));
    // a cid has one alias: binding a new one unbinds the old
    ok_data(
        &c,
        &server,
        Method::POST,
        "/user/alias",
        &t,
        Some(&pairs(&[("cid-on", "bea")])),
    )
    .await;
    assert_eq!(server.alias_clients(APP, "ann"), ["cid-off"]);
    assert_eq!(
        server.client(APP, "cid-on").unwrap().alias.as_deref(),
        Some("bea")
    );
    // U4 unbinds pairs, U5 every cid of an alias
    ok_data(
        &c,
        &server,
        Method::DELETE,
        "/user/alias",
        &t,
        Some(&pairs(&[("cid-on", "bea")])),
    )
    .await;
    assert!(server.alias_clients(APP, "bea").is_empty());
    ok_data(&c, &server, Method::DELETE, "/user/alias/ann", &t, None).await;
    let data = ok_data(&c, &server, Method::GET, "/user/cid/alias/ann", &t, None).await;
    assert_eq!(data, json!({"cid": []}));
    let data = ok_data(
        &c,
        &server,
        Method::GET,
        "/user/alias/cid/cid-off",
        &t,
        None,
    )
    .await;
    assert_eq!(data, json!({"alias": ""}));
    // limits: ≤ 10 cids per alias, alias characters and length, 1–1000 pairs
    let eleven: Vec<(String, &str)> = (0..11).map(|i| (format!("c{i}"), "full")).collect();
    let eleven: Vec<(&str, &str)> = eleven.iter().map(|(c, a)| (c.as_str(), *a)).collect();
    refused(
        &c,
        &server,
        Method::POST,
        "/user/alias",
        &t,
        Some(&pairs(&eleven)),
        20001,
    )
    .await;
    assert!(
        server.alias_clients(APP, "full").is_empty(),
        "nothing bound"
    );
    refused(
        &c,
        &server,
        Method::POST,
        "/user/alias",
        &t,
        Some(&pairs(&[("c", "with-dash")])),
        20001,
    )
    .await;
    let long = "a".repeat(41);
    refused(
        &c,
        &server,
        Method::POST,
        "/user/alias",
        &t,
        Some(&pairs(&[("c", &long)])),
        20001,
    )
    .await;
    refused(
        &c,
        &server,
        Method::POST,
        "/user/alias",
        &t,
        Some(&json!({"data_list": []})),
        20001,
    )
    .await;
    // aliases outside the bind rule are opaque elsewhere, and escaped path segments decode
    let data = ok_data(
        &c,
        &server,
        Method::GET,
        "/user/cid/alias/alias-2",
        &t,
        None,
    )
    .await;
    assert_eq!(data, json!({"cid": []}));
    ok_data(
        &c,
        &server,
        Method::POST,
        "/user/alias",
        &t,
        Some(&pairs(&[("cid-on", "别名")])),
    )
    .await;
    let data = ok_data(
        &c,
        &server,
        Method::GET,
        "/user/cid/alias/%E5%88%AB%E5%90%8D",
        &t,
        None,
    )
    .await;
    assert_eq!(data, json!({"cid": ["cid-on"]}));
}

#[tokio::test]
async fn custom_tags() {
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
    assert_eq!(server.client_tags(APP, "cid-on"), ["a", "b"]);
    // overwrite
    ok_data(
        &c,
        &server,
        Method::POST,
        "/user/custom_tag/cid/cid-on",
        &t,
        Some(&json!({"custom_tag": ["c"]})),
    )
    .await;
    assert_eq!(server.client_tags(APP, "cid-on"), ["c"]);
    // U7 adds one tag to many cids, U8 removes it
    let data = ok_data(
        &c,
        &server,
        Method::PUT,
        "/user/custom_tag/batch/vip",
        &t,
        Some(&json!({"cid": ["cid-on", "cid-off"]})),
    )
    .await;
    assert_eq!(data, json!({"cid-on": "0", "cid-off": "0"}));
    assert_eq!(server.client_tags(APP, "cid-on"), ["c", "vip"]);
    let data = ok_data(
        &c,
        &server,
        Method::GET,
        "/user/custom_tag/cid/cid-on",
        &t,
        None,
    )
    .await;
    assert_eq!(data, json!({"cid-on": ["c", "vip"]}));
    let data = ok_data(
        &c,
        &server,
        Method::DELETE,
        "/user/custom_tag/batch/vip",
        &t,
        Some(&json!({"cid": ["cid-on"]})),
    )
    .await;
    assert_eq!(data, json!({"cid-on": "true"}));
    assert_eq!(server.client_tags(APP, "cid-on"), ["c"]);
    assert_eq!(server.client_tags(APP, "cid-off"), ["vip"]);
    // limits
    let many: Vec<String> = (0..101).map(|i| format!("t{i}")).collect();
    refused(
        &c,
        &server,
        Method::POST,
        "/user/custom_tag/cid/cid-on",
        &t,
        Some(&json!({"custom_tag": many})),
        20001,
    )
    .await;
    refused(
        &c,
        &server,
        Method::POST,
        "/user/custom_tag/cid/cid-on",
        &t,
        Some(&json!({"custom_tag": ["a b"]})),
        20001,
    )
    .await;
    refused(
        &c,
        &server,
        Method::POST,
        "/user/custom_tag/cid/cid-on",
        &t,
        Some(&json!({"custom_tag": ["x".repeat(33)]})),
        20001,
    )
    .await;
    let wide: Vec<String> = (0..20).map(|i| format!("{i:0>30}")).collect();
    refused(
        &c,
        &server,
        Method::POST,
        "/user/custom_tag/cid/cid-on",
        &t,
        Some(&json!({"custom_tag": wide})),
        20001,
    )
    .await;
    refused(
        &c,
        &server,
        Method::PUT,
        "/user/custom_tag/batch/a%20b",
        &t,
        Some(&json!({"cid": ["x"]})),
        20001,
    )
    .await;
    refused(
        &c,
        &server,
        Method::PUT,
        "/user/custom_tag/batch/vip",
        &t,
        Some(&json!({"cid": []})),
        20001,
    )
    .await;
    let cids: Vec<String> = (0..1001).map(|i| format!("c{i}")).collect();
    refused(
        &c,
        &server,
        Method::PUT,
        "/user/custom_tag/batch/vip",
        &t,
        Some(&json!({"cid": cids})),
        20001,
    )
    .await;
    refused(
        &c,
        &server,
        Method::POST,
        "/user/custom_tag/cid/cid-on",
        &t,
        Some(&json!({"tags": ["a"]})),
        20001,
    )
    .await;
    assert_eq!(
        server.client_tags(APP, "cid-on"),
        ["c"],
        "refusals change nothing"
    );
}

#[tokio::test]
async fn black_list_status_detail_badge_and_count() {
    let (server, c, t) = setup().await;
    ok_data(
        &c,
        &server,
        Method::POST,
        "/user/black/cid/cid-on,cid-x",
        &t,
        None,
    )
    .await;
    assert_eq!(server.black_list(APP), ["cid-on", "cid-x"]);
    let data = ok_data(
        &c,
        &server,
        Method::POST,
        "/push/single/cid",
        &t,
        Some(&push("black-rid-00001", json!({"cid": ["cid-on"]}))),
    )
    .await;
    assert_eq!(data[only_task(&data)]["cid-on"], "successed_ignore");
    ok_data(
        &c,
        &server,
        Method::DELETE,
        "/user/black/cid/cid-x",
        &t,
        None,
    )
    .await;
    assert_eq!(server.black_list(APP), ["cid-on"]);

    let data = ok_data(
        &c,
        &server,
        Method::GET,
        "/user/status/cid-on,cid-off",
        &t,
        None,
    )
    .await;
    assert_eq!(data["cid-on"]["status"], "online");
    assert_eq!(data["cid-off"]["status"], "offline");
    assert!(data["cid-off"]["last_login_time"].as_str().unwrap().len() == 13);
    let data = ok_data(
        &c,
        &server,
        Method::GET,
        "/user/deviceStatus/cid-off",
        &t,
        None,
    )
    .await;
    assert_eq!(
        data,
        json!({"cid-off": {"cid_status": "offline", "device_status": "offline"}})
    );
    let data = ok_data(
        &c,
        &server,
        Method::GET,
        "/user/detail/cid-on,ghost",
        &t,
        None,
    )
    .await;
    assert_eq!(data["invalidCids"], json!(["ghost"]));
    assert_eq!(data["validCids"]["cid-on"]["client_app_id"], APP);
    let cids: Vec<String> = (0..1001).map(|i| format!("c{i}")).collect();
    refused(
        &c,
        &server,
        Method::GET,
        &format!("/user/status/{}", cids.join(",")),
        &t,
        None,
        20001,
    )
    .await;
    refused(
        &c,
        &server,
        Method::POST,
        "/user/black/cid/a,,b",
        &t,
        None,
        20001,
    )
    .await;

    // U15: N sets, +N adds, -N subtracts
    for (badge, want) in [
        (json!("5"), 5),
        (json!("+2"), 7),
        (json!("-3"), 4),
        (json!(10), 10),
    ] {
        ok_data(
            &c,
            &server,
            Method::POST,
            "/user/badge/cid/cid-on,cid-off",
            &t,
            Some(&json!({"badge": badge})),
        )
        .await;
        assert_eq!(server.v2_badge(APP, "cid-on"), Some(want));
        assert_eq!(server.v2_badge(APP, "cid-off"), Some(want));
    }
    refused(
        &c,
        &server,
        Method::POST,
        "/user/badge/cid/cid-on",
        &t,
        Some(&json!({"badge": "+x"})),
        20001,
    )
    .await;
    assert_eq!(server.v2_badge(APP, "cid-on"), Some(10));
    assert_eq!(server.v2_badge(APP, "nobody"), None);

    // U16
    ok_data(
        &c,
        &server,
        Method::PUT,
        "/user/custom_tag/batch/vip",
        &t,
        Some(&json!({"cid": ["cid-on"]})),
    )
    .await;
    let vip = json!({"tag": [{"key": "custom_tag", "values": ["vip"], "opt_type": "or"}]});
    let data = ok_data(&c, &server, Method::POST, "/user/count", &t, Some(&vip)).await;
    assert_eq!(data, json!({"user_count": 1}));
    let phone = json!({"tag": [{"key": "phone_type", "values": ["android"], "opt_type": "or"}]});
    let data = ok_data(&c, &server, Method::POST, "/user/count", &t, Some(&phone)).await;
    assert_eq!(
        data["user_count"], 3,
        "every known client (cid-x was black-listed)"
    );
    refused(
        &c,
        &server,
        Method::POST,
        "/user/count",
        &t,
        Some(&json!({"tag": []})),
        20001,
    )
    .await;
    refused(
        &c,
        &server,
        Method::POST,
        "/user/count",
        &t,
        Some(&json!({"tag": [{"key": "custom_tag", "values": [], "opt_type": "or"}]})),
        20001,
    )
    .await;
}

#[tokio::test]
async fn statistics() {
    let (server, c, t) = setup().await;
    let mut message = push("stats-msg-00001", json!("all"));
    message["group_name"] = json!("g1");
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
    ok_data(&c, &server, Method::POST, "/user/black/cid/cid-x", &t, None).await;
    let list = json!({"taskid": task, "audience": {"cid": ["cid-on", "cid-off", "cid-x"]}});
    ok_data(&c, &server, Method::POST, "/push/list/cid", &t, Some(&list)).await;

    let data = ok_data(
        &c,
        &server,
        Method::GET,
        &format!("/report/push/task/{task},RASL_unknown?actionIdList=10010,10011"),
        &t,
        None,
    )
    .await;
    let entry = &data[&task];
    assert_eq!(
        data.as_object().unwrap().len(),
        1,
        "unknown task ids are left out"
    );
    assert_eq!(
        entry["total"],
        json!({"msg_num": 2, "target_num": 3, "receive_num": 1, "display_num": 1, "click_num": 0})
    );
    assert_eq!(entry["gt"], entry["total"]);
    assert_eq!(entry["actionCntMap"], json!({"10010": 0, "10011": 0}));
    let data = ok_data(
        &c,
        &server,
        Method::GET,
        &format!("/report/push/task/{task}/detail"),
        &t,
        None,
    )
    .await;
    assert_eq!(data[&task]["failed_detail"]["ts"]["gt"]["10"]["total"], 1);
    let ids: Vec<String> = (0..201).map(|i| format!("t{i}")).collect();
    refused(
        &c,
        &server,
        Method::GET,
        &format!("/report/push/task/{}", ids.join(",")),
        &t,
        None,
        20001,
    )
    .await;

    let data = ok_data(
        &c,
        &server,
        Method::GET,
        "/report/push/task_group/g1?startDate=2024-01-01",
        &t,
        None,
    )
    .await;
    assert_eq!(data["g1"]["total"]["target_num"], 3);
    refused(
        &c,
        &server,
        Method::GET,
        "/report/push/task_group/g1?endDate=2024-13-01",
        &t,
        None,
        20001,
    )
    .await;

    let data = ok_data(
        &c,
        &server,
        Method::GET,
        "/report/push/date/2024-01-01",
        &t,
        None,
    )
    .await;
    assert_eq!(data["2024-01-01"]["total"]["target_num"], 0);
    assert!(data["2024-01-01"]["total"].get("msg_num").is_none());
    refused(
        &c,
        &server,
        Method::GET,
        "/report/push/date/2024-02-30",
        &t,
        None,
        20001,
    )
    .await;
    refused(
        &c,
        &server,
        Method::GET,
        "/report/push/date/2999-01-01",
        &t,
        None,
        20001,
    )
    .await;

    let data = ok_data(&c, &server, Method::GET, "/report/push/count", &t, None).await;
    assert_eq!(data["gt"]["list"]["remain_num"], 2_000_000 - 1);
    assert_eq!(data["gt"]["app"]["remain_num"], 100);
    assert_eq!(data["xm"]["general"]["total_num"], "1000");

    let data = ok_data(
        &c,
        &server,
        Method::GET,
        "/report/user/date/2024-01-01",
        &t,
        None,
    )
    .await;
    assert_eq!(data["2024-01-01"]["accumulative_num"], 3);
    refused(
        &c,
        &server,
        Method::GET,
        "/report/user/date/20240101",
        &t,
        None,
        20001,
    )
    .await;

    let data = ok_data(&c, &server, Method::GET, "/report/online_user", &t, None).await;
    let points = data["online_statics"].as_object().unwrap();
    assert_eq!(points.len(), 144);
    // cid-on, and cid-x (known since it was black-listed; online under the default policy)
    assert!(points.values().all(|n| n == 2), "{points:?}");
}
