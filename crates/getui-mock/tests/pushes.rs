//! Single, list, app, tag and APNs pushes with per-client results; content ids; results and
//! statistics; scheduled tasks; stop/cancel.

mod common;

use common::*;
use getui_mock::{
    DecodedProtobuf, DeliveryStatus, MockServer, UnknownClientPolicy, DEFAULT_APP_ID,
};
use serde_json::{json, Value};

const APP: &str = DEFAULT_APP_ID;

async fn setup() -> (MockServer, HttpClient, String) {
    let server = MockServer::builder()
        .client(APP, "cid-on", true)
        .client(APP, "cid-off", false)
        .start()
        .await;
    let c = client();
    let token = connect(&c, &server).await;
    (server, c, token)
}

fn content_id_body(token: &str, members: Value) -> Value {
    let mut body = json!({"action": "getContentIdAction", "clientData": CLIENT_DATA,
        "transmissionContent": "x", "isOffline": false, "offlineExpireTime": 0,
        "pushNetWorkType": 0, "pushType": "TransmissionMsg", "type": 2});
    for (k, v) in members.as_object().unwrap() {
        body[k] = v.clone();
    }
    with_auth(body, token)
}

#[tokio::test]
async fn single_push_reports_online_and_offline() {
    let (server, c, token) = setup().await;
    let on = post_json(
        &c,
        &server.api_url(),
        &single_push(&token, "r1", "cid-on", ""),
    )
    .await;
    assert_eq!(on["result"], "ok");
    assert_eq!(on["status"], "successed_online");
    let task = on["taskId"].as_str().unwrap();
    assert!(task.starts_with("OSS-") && task.len() == 31, "{task}");
    let off = post_json(
        &c,
        &server.api_url(),
        &single_push(&token, "r2", "cid-off", ""),
    )
    .await;
    assert_eq!(off["status"], "successed_offline");
    assert_ne!(off["taskId"], on["taskId"]);

    // unknown clients follow the default policy (online)
    let unknown = post_json(
        &c,
        &server.api_url(),
        &single_push(&token, "r3", "cid-new", ""),
    )
    .await;
    assert_eq!(unknown["status"], "successed_online");

    let ledger = server.accepted_pushes();
    assert_eq!(ledger.len(), 3);
    assert_eq!(ledger[1].deliveries[0].client_id, "cid-off");
    assert_eq!(ledger[1].deliveries[0].status, DeliveryStatus::Offline);
    assert_eq!(ledger[0].request_id.as_deref(), Some("r1"));
    assert_eq!(ledger[0].task_id.as_deref(), Some(task));

    // the recorded request carries the params and the decoded protobuf member
    let rec = &server.requests_for("pushMessageToSingleAction")[0];
    assert_eq!(rec.request_id(), Some("r1"));
    assert_eq!(rec.header("gt-action"), Some("pushMessageToSingleAction"));
    let pb = rec.protobuf("clientData").expect("clientData recorded");
    assert_eq!(pb.message_type, "Transparent");
    assert!(pb.bytes.as_ref().is_ok_and(|b| !b.is_empty()));
    let Ok(DecodedProtobuf::Transparent(t)) = &pb.decoded else {
        panic!("not decoded: {:?}", pb.decoded);
    };
    assert_eq!(t.app_key.as_deref(), Some(getui_mock::DEFAULT_APP_KEY));
    assert_eq!(t.template_id, Some(4));
}

#[tokio::test]
async fn reject_policy_and_errors() {
    let server = MockServer::builder()
        .unknown_clients(UnknownClientPolicy::Reject)
        .client(APP, "known", true)
        .start()
        .await;
    let c = client();
    let token = connect(&c, &server).await;
    let url = server.api_url();
    assert_eq!(
        post_json(&c, &url, &single_push(&token, "a", "unknown", "")).await,
        json!({"result": "TokenMD5NoUsers"})
    );
    assert_eq!(
        post_json(&c, &url, &single_push(&token, "b", "known", "")).await["result"],
        "ok"
    );
    // neither clientId nor alias
    assert_eq!(
        post_json(&c, &url, &single_push(&token, "c", "", "")).await["result"],
        "Error"
    );
    // unbound alias
    assert_eq!(
        post_json(&c, &url, &single_push(&token, "d", "", "nobody")).await["result"],
        "TokenMD5NoUsers"
    );
    // missing clientData
    let mut body = single_push(&token, "e", "known", "");
    body.as_object_mut().unwrap().remove("clientData");
    let answer = post_json(&c, &url, &body).await;
    assert_eq!(answer["result"], "Error");
    assert!(answer["error_msg"].as_str().unwrap().contains("clientData"));
    assert_eq!(server.accepted_pushes().len(), 1);
}

#[tokio::test]
async fn alias_push_reaches_bound_clients() {
    let (server, c, token) = setup().await;
    let url = server.api_url();
    let bind = |cid: &str| {
        with_auth(
            json!({"action": "alias_bind", "appid": APP, "alias": "user_1", "cid": cid}),
            &token,
        )
    };
    assert_eq!(post_json(&c, &url, &bind("cid-off")).await["result"], "ok");
    let answer = post_json(&c, &url, &single_push(&token, "x", "", "user_1")).await;
    assert_eq!(answer["status"], "successed_offline");
    assert_eq!(post_json(&c, &url, &bind("cid-on")).await["result"], "ok");
    let answer = post_json(&c, &url, &single_push(&token, "y", "", "user_1")).await;
    assert_eq!(answer["status"], "successed_online");
    assert_eq!(server.accepted_pushes()[1].deliveries.len(), 2);
}

#[tokio::test]
async fn list_push_with_and_without_details() {
    let (server, c, token) = setup().await;
    let url = server.api_url();
    let cid = post_json(
        &c,
        &url,
        &content_id_body(&token, json!({"contentType": 1, "taskGroupName": "g1"})),
    )
    .await;
    assert_eq!(cid["result"], "ok");
    let content_id = cid["contentId"].as_str().unwrap().to_owned();
    assert!(content_id.starts_with("OSL-"));

    let list = |details: Value| {
        with_auth(
            json!({"action": "pushMessageToListAction", "contentId": content_id, "needDetails": details,
                   "async": false, "appId": APP, "clientIdList": ["cid-on", "cid-off"], "aliasList": [], "type": 2}),
            &token,
        )
    };
    let plain = post_json(&c, &url, &list(json!(false))).await;
    assert_eq!(plain, json!({"result": "ok", "contentId": content_id}));
    // the Python SDK sends env-configured flags as strings
    let detailed = post_json(&c, &url, &list(json!("true"))).await;
    assert_eq!(
        detailed["details"],
        json!({"cid-on": "successed_online", "cid-off": "successed_offline"})
    );

    // results are computed from what was pushed
    let result = post_json(
        &c,
        &url,
        &with_auth(
            json!({"action": "getPushMsgResult", "taskId": content_id}),
            &token,
        ),
    )
    .await;
    assert_eq!(result["msgTotal"], 4);
    assert_eq!(result["msgProcess"], 2);
    let group = post_json(
        &c,
        &url,
        &with_auth(
            json!({"action": "getPushResultByGroupName", "appId": APP, "groupName": "g1"}),
            &token,
        ),
    )
    .await;
    assert_eq!(group["msgTotal"], 4);
    let many = post_json(
        &c,
        &url,
        &with_auth(json!({"action": "getPushMsgResultByTaskidList", "taskIdList": [content_id, "nope"], "actionIdList": null}), &token),
    )
    .await;
    assert_eq!(many["data"].as_array().unwrap().len(), 1);

    // empty targets, unknown content, cancelled content
    let mut empty = list(json!(false));
    empty["clientIdList"] = json!([]);
    assert_eq!(
        post_json(&c, &url, &empty).await["result"],
        "TargetListIsNullOrSizeIs0"
    );
    let mut unknown = list(json!(false));
    unknown["contentId"] = json!("OSL-0000_nope");
    assert_eq!(
        post_json(&c, &url, &unknown).await["result"],
        "NullMsgCommon"
    );
    let cancel = with_auth(
        json!({"action": "cancleContentIdAction", "contentId": content_id}),
        &token,
    );
    assert_eq!(post_json(&c, &url, &cancel).await["result"], "ok");
    assert_eq!(
        post_json(&c, &url, &cancel).await["result"],
        "TaskIdHasBeanCanceled"
    );
    assert_eq!(
        post_json(&c, &url, &list(json!(false))).await["result"],
        "TaskIdHasBeanCanceled"
    );
    let too_long = content_id_body(
        &token,
        json!({"contentType": 1, "taskGroupName": "组".repeat(14)}),
    );
    assert_eq!(post_json(&c, &url, &too_long).await["result"], "Error");
}

#[tokio::test]
async fn app_push_tag_push_and_scheduled_tasks() {
    let (server, c, token) = setup().await;
    let url = server.api_url();
    let set_tag = |cid: &str, tags: Value| {
        with_auth(
            json!({"action": "setTagAction", "appId": APP, "clientId": cid, "tagList": tags}),
            &token,
        )
    };
    assert_eq!(
        post_json(&c, &url, &set_tag("cid-on", json!(["vip", "bj"]))).await["result"],
        "Success"
    );
    assert_eq!(
        post_json(&c, &url, &set_tag("cid-off", json!(["bj"]))).await["result"],
        "Success"
    );

    let app_content = |members: Value| content_id_body(&token, members);
    let cid = post_json(
        &c,
        &url,
        &app_content(
            json!({"contentType": 2, "appIdList": [APP], "tagList": ["vip"],
        "phoneTypeList": [], "provinceList": [], "speed": 0}),
        ),
    )
    .await;
    let content_id = cid["contentId"].as_str().unwrap().to_owned();
    assert!(content_id.starts_with("OSA-"));
    let push = with_auth(
        json!({"action": "pushMessageToAppAction", "contentId": content_id, "type": 2}),
        &token,
    );
    assert_eq!(
        post_json(&c, &url, &push).await,
        json!({"result": "ok", "contentId": content_id})
    );
    let ledger = server.accepted_pushes();
    assert_eq!(
        ledger[0]
            .deliveries
            .iter()
            .map(|d| d.client_id.as_str())
            .collect::<Vec<_>>(),
        ["cid-on"]
    );

    // conditions: tag bj AND NOT vip
    let cond = app_content(
        json!({"contentType": 2, "appIdList": [APP], "speed": 0, "conditions": [
        {"key": "tag", "values": ["bj"], "optType": 0}, {"key": "tag", "values": ["vip"], "optType": 2}]}),
    );
    let content = post_json(&c, &url, &cond).await["contentId"].clone();
    let push = with_auth(
        json!({"action": "pushMessageToAppAction", "contentId": content, "type": 2}),
        &token,
    );
    post_json(&c, &url, &push).await;
    assert_eq!(
        server.accepted_pushes()[1].deliveries[0].client_id,
        "cid-off"
    );

    // another app's id in appIdList
    let other = app_content(json!({"contentType": 2, "appIdList": ["OtherApp"], "speed": 0}));
    assert_eq!(
        post_json(&c, &url, &other).await["result"],
        "AppidNoMatchAppKey"
    );

    // tag push
    let tag = with_auth(
        json!({"action": "pushMessageByTagAction", "clientData": CLIENT_DATA, "transmissionContent": "",
        "isOffline": false, "offlineExpireTime": 0, "pushNetWorkType": 0, "appIdList": [APP], "speed": 0,
        "requestId": "tag-1", "tag": "bj"}),
        &token,
    );
    let answer = post_json(&c, &url, &tag).await;
    assert!(answer["contentId"].as_str().unwrap().starts_with("OSA-"));
    assert_eq!(server.accepted_pushes()[2].deliveries.len(), 2);

    // a scheduled app push is not delivered until its time; it can be queried and deleted
    let sched = app_content(
        json!({"contentType": 2, "appIdList": [APP], "speed": 0, "pushTime": "203001011200"}),
    );
    let task_id = post_json(&c, &url, &sched).await["contentId"]
        .as_str()
        .unwrap()
        .to_owned();
    let push = with_auth(
        json!({"action": "pushMessageToAppAction", "contentId": task_id, "type": 2}),
        &token,
    );
    post_json(&c, &url, &push).await;
    assert!(server.accepted_pushes()[3].deliveries.is_empty());
    let get = with_auth(
        json!({"action": "getScheduleTaskAction", "appId": APP, "taskId": task_id}),
        &token,
    );
    let detail = post_json(&c, &url, &get).await;
    assert_eq!(detail["taskDetail"]["pushTime"], "203001011200");
    let del = with_auth(
        json!({"action": "delScheduleTaskAction", "appId": APP, "taskId": task_id}),
        &token,
    );
    assert_eq!(post_json(&c, &url, &del).await["result"], "ok");
    assert_eq!(post_json(&c, &url, &get).await["result"], "NullMsgCommon");

    // stop
    let stop = with_auth(
        json!({"action": "stopTaskAction", "contentId": content_id}),
        &token,
    );
    assert_eq!(post_json(&c, &url, &stop).await["result"], "ok");
    let stop = with_auth(
        json!({"action": "stopTaskAction", "contentId": "OSA-0000_unknown"}),
        &token,
    );
    assert_eq!(post_json(&c, &url, &stop).await["result"], "NullMsgCommon");
}

#[tokio::test]
async fn apns_pushes() {
    let (server, c, token) = setup().await;
    let url = server.api_url();
    let dt = "a".repeat(64);
    let single = |dt: &str| {
        with_auth(
            json!({"action": "apnPushToSingleAction", "appId": APP, "DT": dt, "PI": "CgA="}),
            &token,
        )
    };
    let answer = post_json(&c, &url, &single(&dt)).await;
    assert_eq!(answer["status"], "successed_online");
    assert_eq!(
        post_json(&c, &url, &single("short")).await["result"],
        "Error"
    );

    let content = with_auth(
        json!({"action": "apnGetContentIdAction", "appId": APP, "PI": "CgA=",
        "isOffline": false, "offlineExpireTime": 0, "pushNetWorkType": 0}),
        &token,
    );
    let content_id = post_json(&c, &url, &content).await["contentId"].clone();
    let list = with_auth(
        json!({"action": "apnPushToListAction", "appId": APP, "contentId": content_id,
        "DTL": [dt, "bad"], "needDetails": true, "async": false}),
        &token,
    );
    let answer = post_json(&c, &url, &list).await;
    assert_eq!(answer["details"]["bad"], "TokenMD5Error");
    assert_eq!(answer["details"][&dt], "successed_online");
    let rec = &server.requests_for("apnPushToSingleAction")[0];
    let pi = rec.protobuf("PI").unwrap();
    assert_eq!(pi.message_type, "PushInfo");
    assert!(matches!(pi.decoded, Ok(DecodedProtobuf::PushInfo(_))));
}

#[tokio::test]
async fn undecodable_protobuf_is_refused_unless_lenient() {
    for strict in [true, false] {
        let server = MockServer::builder().strict_protobuf(strict).start().await;
        let c = client();
        let token = connect(&c, &server).await;
        let mut body = single_push(&token, "pb", "cid", "");
        body["clientData"] = json!("/////w==");
        let answer = post_json(&c, &server.api_url(), &body).await;
        let rec = &server.requests_for("pushMessageToSingleAction")[0];
        assert!(rec.protobuf("clientData").unwrap().decoded.is_err());
        if strict {
            assert_eq!(answer["result"], "Error");
            assert!(
                answer["error_msg"].as_str().unwrap().contains("clientData"),
                "{answer}"
            );
        } else {
            assert_eq!(answer["result"], "ok");
        }
    }
}

#[tokio::test]
async fn statistics_have_plausible_shapes() {
    let (server, c, token) = setup().await;
    let url = server.api_url();
    post_json(&c, &url, &single_push(&token, "s1", "cid-on", "")).await;
    let push_data = with_auth(
        json!({"action": "queryAppPushData", "appId": APP, "date": "20240229"}),
        &token,
    );
    let data = post_json(&c, &url, &push_data).await;
    assert_eq!(data["data"]["sendCount"], 1);
    assert_eq!(data["data"]["date"], "20240229");
    let bad = with_auth(
        json!({"action": "queryAppPushData", "appId": APP, "date": "2024-02-29"}),
        &token,
    );
    assert_eq!(post_json(&c, &url, &bad).await["result"], "Error");
    let users = with_auth(
        json!({"action": "queryAppUserData", "appId": APP, "date": "20240229"}),
        &token,
    );
    let users = post_json(&c, &url, &users).await;
    assert_eq!(users["result"], "Success");
    assert_eq!(users["data"]["registTotalCount"], 2);
    assert_eq!(users["data"]["onlineCount"], 1);
    let online = with_auth(
        json!({"action": "getLast24HoursOnlineUser", "appId": APP}),
        &token,
    );
    let online = post_json(&c, &url, &online).await;
    assert_eq!(online["onlineStatics"].as_object().unwrap().len(), 24);
    let count = with_auth(json!({"action": "queryUserCount", "appId": APP}), &token);
    assert_eq!(post_json(&c, &url, &count).await["userCount"], 2);
}
