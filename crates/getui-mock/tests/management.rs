//! Aliases, tags, client status, black list, badges, cid↔phone binding, stop SMS.

mod common;

use common::*;
use getui_mock::{MockServer, DEFAULT_APP_ID};
use serde_json::{json, Value};

const APP: &str = DEFAULT_APP_ID;

struct Api {
    server: MockServer,
    c: HttpClient,
    token: String,
}

impl Api {
    async fn new() -> Api {
        let server = MockServer::builder()
            .client(APP, "c1", true)
            .client(APP, "c2", false)
            .start()
            .await;
        let c = client();
        let token = connect(&c, &server).await;
        Api { server, c, token }
    }

    async fn call(&self, members: Value) -> Value {
        post_json(
            &self.c,
            &self.server.api_url(),
            &with_auth(members, &self.token),
        )
        .await
    }
}

#[tokio::test]
async fn aliases() {
    let api = Api::new().await;
    let bind = |alias: &str, cid: &str| json!({"action": "alias_bind", "appid": APP, "alias": alias, "cid": cid});
    assert_eq!(api.call(bind("alice", "c1")).await["result"], "ok");
    assert_eq!(api.call(bind("bad alias!", "c1")).await["result"], "Error");
    assert_eq!(
        api.call(json!({"action": "alias_bind_list", "appid": APP,
            "aliaslist": [{"cid": "c2", "alias": "alice"}, {"cid": "c3", "alias": "bob"}]}))
            .await["result"],
        "ok"
    );
    let by_alias = api
        .call(json!({"action": "alias_query", "appid": APP, "alias": "alice"}))
        .await;
    assert_eq!(by_alias, json!({"result": "ok", "cidlist": ["c1", "c2"]}));
    let by_cid = api
        .call(json!({"action": "alias_query", "appid": APP, "cid": "c3"}))
        .await;
    assert_eq!(by_cid, json!({"result": "ok", "alias": "bob"}));

    // one client has one alias: binding a new one moves it
    api.call(bind("bob", "c1")).await;
    assert_eq!(api.server.alias_clients(APP, "alice"), ["c2"]);
    assert_eq!(api.server.alias_clients(APP, "bob"), ["c3", "c1"]);
    assert_eq!(
        api.server.client(APP, "c1").unwrap().alias.as_deref(),
        Some("bob")
    );

    // at most 10 clients per alias
    for i in 0..8 {
        assert_eq!(
            api.call(bind("bob", &format!("x{i}"))).await["result"],
            "ok"
        );
    }
    assert_eq!(api.call(bind("bob", "x9")).await["result"], "Error");

    // unbind one, then all
    let unbind = api
        .call(json!({"action": "alias_unbind", "appid": APP, "alias": "bob", "cid": "c1"}))
        .await;
    assert_eq!(unbind["result"], "ok");
    assert_eq!(api.server.alias_clients(APP, "bob").len(), 9);
    assert_eq!(api.server.client(APP, "c1").unwrap().alias, None);
    api.call(json!({"action": "alias_unbind", "appid": APP, "alias": "bob"}))
        .await;
    assert!(api.server.alias_clients(APP, "bob").is_empty());
    let by_cid = api
        .call(json!({"action": "alias_query", "appid": APP, "cid": "c3"}))
        .await;
    assert_eq!(by_cid["alias"], "");
}

#[tokio::test]
async fn tags_and_counts() {
    let api = Api::new().await;
    let set = json!({"action": "setTagAction", "appId": APP, "clientId": "c1", "tagList": ["a", "b", "a"]});
    assert_eq!(api.call(set).await, json!({"result": "Success"}));
    let tags = api
        .call(json!({"action": "getUserTags", "appId": APP, "clientId": "c1"}))
        .await;
    assert_eq!(tags, json!({"result": "ok", "tags": "a b"}));
    let change = json!({"action": "changeTagAction", "appId": APP, "operation": "add", "tag": "a", "cids": ["c2"]});
    assert_eq!(api.call(change).await["result"], "ok");
    let count = api
        .call(json!({"action": "getUserCountByTags", "appId": APP, "tagList": ["a", "b"]}))
        .await;
    assert_eq!(count["result"], "Success");
    assert_eq!(count["userCount"], 2);
    assert_eq!(
        count["tagCount"],
        json!([{"tag": "a", "count": 2}, {"tag": "b", "count": 1}])
    );
    let change = json!({"action": "changeTagAction", "appId": APP, "operation": "del", "tag": "a", "cids": ["c1", "c2"]});
    api.call(change).await;
    assert_eq!(api.server.client(APP, "c1").unwrap().tags, ["b"]);
    let over = api.call(json!({"action": "getUserCountByTags", "appId": APP, "tagList": (0..11).map(|i| i.to_string()).collect::<Vec<_>>()})).await;
    assert_eq!(over["result"], "Error");
    let persona = api
        .call(json!({"action": "getPersonaTags", "appId": APP}))
        .await;
    assert!(!persona["tags"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn client_status_and_black_list() {
    let api = Api::new().await;
    let status =
        |cid: &str| json!({"action": "getClientIdStatusAction", "appId": APP, "clientId": cid});
    let on = api.call(status("c1")).await;
    assert_eq!(on["result"], "Online");
    assert!(on["lastLogin"].as_u64().unwrap() > 0);
    assert_eq!(api.call(status("c2")).await["result"], "Offline");
    api.server.set_online(APP, "c2", true);
    assert_eq!(api.call(status("c2")).await["result"], "Online");

    let black = |opt: i64| json!({"action": "blackCidAction", "appId": APP, "cidList": ["c1"], "optType": opt});
    assert_eq!(api.call(black(1)).await["result"], "ok");
    assert_eq!(api.call(status("c1")).await["isblack"], true);
    let pushed = post_json(
        &api.c,
        &api.server.api_url(),
        &single_push(&api.token, "b1", "c1", ""),
    )
    .await;
    assert_eq!(pushed["status"], "successed_ignore");
    assert_eq!(api.call(black(2)).await["result"], "ok");
    assert!(!api.server.client(APP, "c1").unwrap().black);
    assert_eq!(api.call(black(3)).await["result"], "Error");
}

#[tokio::test]
async fn badges_phone_numbers_and_sms() {
    let api = Api::new().await;
    let badge = |b: &str| json!({"action": "setBadgeAction", "badge": b, "appid": APP, "deviceToken": [], "cid": ["c1"]});
    assert_eq!(api.call(badge("+3")).await["result"], "ok");
    assert_eq!(
        api.server.client(APP, "c1").unwrap().badge.as_deref(),
        Some("+3")
    );
    assert_eq!(api.call(badge("three")).await["result"], "Error");

    let bind = json!({"action": "bind_cid_pn", "appId": APP, "cidpnlist": {"c1": "d41d8cd98f00b204e9800998ecf8427e"}});
    assert_eq!(api.call(bind).await, json!({"result": "ok", "data": {}}));
    let query = json!({"action": "query_cid_pn", "appId": APP, "cids": ["c1", "c2"]});
    assert_eq!(
        api.call(query.clone()).await["data"],
        json!({"c1": "d41d8cd98f00b204e9800998ecf8427e"})
    );
    let unbind = json!({"action": "unbind_cid_pn", "appId": APP, "cids": ["c1"]});
    assert_eq!(api.call(unbind).await["result"], "ok");
    assert_eq!(api.call(query).await["data"], json!({}));

    let task = post_json(
        &api.c,
        &api.server.api_url(),
        &single_push(&api.token, "s", "c1", ""),
    )
    .await;
    let stop = json!({"action": "stop_sms", "appId": APP, "taskId": task["taskId"]});
    assert_eq!(api.call(stop).await["result"], "ok");
    let stop = json!({"action": "stop_sms", "appId": APP, "taskId": "OSS-0000_unknown"});
    assert_eq!(api.call(stop).await["result"], "NullMsgCommon");
}
