//! Every named method of both clients against getui-mock: what the mock recorded (action,
//! members, gzip) and the typed output.
//!
//! One script runs through an [`Api`] that is either client; the `call!` macro invokes the
//! method of the same name on whichever it is (the blocking one inside `block_in_place`, so the
//! mock keeps running on the other worker).

mod common;

use common::*;
use getui::action::{AliasBinding, BlackListOperation};
use getui::answer::DeliveryStatus;
use getui::model::{AppConditions, OptType, Target};
use getui::{Config, ErrorKind};
use getui_mock::{DecodedProtobuf, MockServer};

enum Api {
    Async(getui::Client),
    Blocking(getui::blocking::Client),
}

impl Api {
    fn config(&self) -> &Config {
        match self {
            Api::Async(c) => c.config(),
            Api::Blocking(c) => c.config(),
        }
    }
}

/// Calls `method(args…)` on either client.
macro_rules! call {
    ($api:expr, $method:ident($($arg:expr),* $(,)?)) => {
        match $api {
            Api::Async(c) => c.$method($($arg),*).await,
            Api::Blocking(c) => tokio::task::block_in_place(|| c.$method($($arg),*)),
        }
    };
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_action_through_the_async_client() {
    bounded(async {
        let server = MockServer::start().await;
        let api = Api::Async(async_client(&server));
        script(&api, &server, "async").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_action_through_the_blocking_client() {
    bounded(async {
        let server = MockServer::start().await;
        let url = server.serviceex_url();
        let api = Api::Blocking(tokio::task::block_in_place(|| blocking_client(&url)));
        script(&api, &server, "blocking").await;
        tokio::task::block_in_place(move || drop(api));
    })
    .await;
}

async fn script(api: &Api, server: &MockServer, kind: &str) {
    server.add_client(APP_ID, "cid-on", true);
    server.add_client(APP_ID, "cid-off", false);
    server.add_client(APP_ID, "cid-2", true);

    // ----- connect ------------------------------------------------------------------------
    call!(api, connect()).unwrap();
    let connect = &recorded(server, "connect", 1)[0];
    assert_eq!(connect.param_str("appkey"), Some(APP_KEY));
    assert_eq!(connect.param_str("sign").map(str::len), Some(32));

    // ----- single pushes -------------------------------------------------------------------
    let r = call!(api, push_to_single(&single("s1"), &cid("cid-on"))).unwrap();
    let req = &recorded(server, "pushMessageToSingleAction", 1)[0];
    assert_eq!(req.param_str("clientId"), Some("cid-on"));
    assert_eq!(req.param_str("alias"), Some(""));
    assert_eq!(req.param_str("transmissionContent"), Some("s1"));
    assert_eq!(req.param("isOffline"), Some(&true.into()));
    assert_eq!(req.header("gt-action"), Some("pushMessageToSingleAction"));
    assert!(!req.gzip);
    let rid = req.request_id().expect("a request id").to_owned();
    assert_eq!(rid.len(), 36, "a UUID: {rid}");
    assert_eq!(server.acceptance_count(&rid), 1);
    assert_eq!(r.status, Some(DeliveryStatus::Online));
    assert!(r.task_id.as_deref().unwrap().starts_with("OSS-"), "{r:?}");

    let r = call!(api, push_to_single(&single("s2"), &cid("cid-off"))).unwrap();
    assert_eq!(r.status, Some(DeliveryStatus::Offline));
    let second = &recorded(server, "pushMessageToSingleAction", 2)[1];
    assert_ne!(second.request_id(), Some(rid.as_str()), "a new id per push");

    let id = format!("{kind}-single-1");
    let a = call!(
        api,
        push_to_single_with_request_id(&single("s3"), &cid("cid-on"), &id)
    )
    .unwrap();
    let b = call!(
        api,
        push_to_single_with_request_id(&single("s3"), &cid("cid-on"), &id)
    )
    .unwrap();
    let sent = recorded(server, "pushMessageToSingleAction", 4);
    assert_eq!(sent[2].request_id(), Some(id.as_str()));
    assert_eq!(sent[3].request_id(), Some(id.as_str()));
    assert_eq!(
        a.task_id, b.task_id,
        "the repeated id gets the first answer"
    );
    let stats = server.request_id_stats(&id);
    assert_eq!((stats.submitted, stats.accepted), (2, 1));

    // ----- aliases --------------------------------------------------------------------------
    call!(api, bind_alias(APP_ID, "alice", "cid-on")).unwrap();
    let req = &recorded(server, "alias_bind", 1)[0];
    assert_eq!(req.param_str("appid"), Some(APP_ID));
    assert_eq!(req.param_str("cid"), Some("cid-on"));
    assert_eq!(server.alias_clients(APP_ID, "alice"), ["cid-on"]);

    call!(
        api,
        bind_aliases(
            APP_ID,
            [
                AliasBinding::new("cid-2", "bob"),
                AliasBinding::new("cid-off", "bob")
            ]
        )
    )
    .unwrap();
    let req = &recorded(server, "alias_bind_list", 1)[0];
    assert_eq!(req.param("aliaslist").unwrap().as_array().unwrap().len(), 2);
    let mut bob = call!(api, client_ids_by_alias(APP_ID, "bob"))
        .unwrap()
        .client_ids;
    bob.sort();
    assert_eq!(bob, ["cid-2", "cid-off"]);
    let alias = call!(api, alias_by_client_id(APP_ID, "cid-on")).unwrap();
    assert_eq!(alias.alias.as_deref(), Some("alice"));
    let queries = recorded(server, "alias_query", 2);
    assert_eq!(queries[0].param_str("alias"), Some("bob"));
    assert_eq!(queries[1].param_str("cid"), Some("cid-on"));

    let r = call!(
        api,
        push_to_single(&single("s4"), &Target::alias(APP_ID, "alice"))
    )
    .unwrap();
    assert_eq!(r.status, Some(DeliveryStatus::Online));
    let req = &recorded(server, "pushMessageToSingleAction", 5)[4];
    assert_eq!(
        (req.param_str("clientId"), req.param_str("alias")),
        (Some(""), Some("alice"))
    );
    let pushed = server.accepted_pushes();
    assert_eq!(pushed.last().unwrap().deliveries[0].client_id, "cid-on");

    call!(api, unbind_alias(APP_ID, "bob", "cid-off")).unwrap();
    assert_eq!(server.alias_clients(APP_ID, "bob"), ["cid-2"]);
    call!(api, unbind_alias_all(APP_ID, "bob")).unwrap();
    assert!(server.alias_clients(APP_ID, "bob").is_empty());
    let unbinds = recorded(server, "alias_unbind", 2);
    assert_eq!(unbinds[0].param_str("cid"), Some("cid-off"));
    assert_eq!(unbinds[1].param("cid"), None, "unbind all sends no cid");

    // ----- list push ------------------------------------------------------------------------
    let task = call!(api, create_list_task(&list("l1"), Some("group-1"))).unwrap();
    assert!(task.task_id.starts_with("OSL-"), "{task:?}");
    let req = &recorded(server, "getContentIdAction", 1)[0];
    assert_eq!(req.param("contentType"), Some(&1.into()));
    assert_eq!(req.param_str("taskGroupName"), Some("group-1"));
    assert_eq!(req.param_str("transmissionContent"), Some("l1"));

    let targets = [
        cid("cid-on"),
        cid("cid-off"),
        Target::alias(APP_ID, "alice"),
    ];
    let res = call!(api, push_to_list(&task.task_id, &targets)).unwrap();
    assert_eq!(res.task_id.as_deref(), Some(task.task_id.as_str()));
    assert!(res.details.is_none(), "not asked for");
    let req = &recorded(server, "pushMessageToListAction", 1)[0];
    assert!(req.gzip, "list pushes are sent gzip-compressed");
    assert_eq!(req.param_str("contentId"), Some(task.task_id.as_str()));
    assert_eq!(strings(req, "clientIdList"), ["cid-on", "cid-off"]);
    assert_eq!(strings(req, "aliasList"), ["alice"]);
    assert_eq!(req.param("needDetails"), Some(&false.into()));
    assert_eq!(req.param("async"), Some(&false.into()));
    assert_eq!(req.param_str("appId"), Some(APP_ID));

    let mut options = api.config().list_push_options();
    options.need_details = true;
    let res = call!(
        api,
        push_to_list_with_options(&task.task_id, &[cid("cid-on")], options)
    )
    .unwrap();
    assert_eq!(
        res.details.unwrap(),
        [("cid-on".to_owned(), DeliveryStatus::Online)]
    );
    assert_eq!(
        recorded(server, "pushMessageToListAction", 2)[1].param("needDetails"),
        Some(&true.into())
    );

    let counters = call!(api, push_result(&task.task_id)).unwrap();
    assert_eq!(counters.task_id.as_deref(), Some(task.task_id.as_str()));
    assert_eq!(
        (counters.msg_total, counters.msg_process),
        (Some(4), Some(3))
    );
    let group = call!(api, push_result_by_group_name(APP_ID, "group-1")).unwrap();
    assert_eq!(group.msg_total, Some(4));

    let unused = call!(api, create_list_task(&list("l2"), None)).unwrap();
    assert_eq!(
        recorded(server, "getContentIdAction", 2)[1].param("taskGroupName"),
        None
    );
    call!(api, cancel_task(&unused.task_id)).unwrap();
    let err = call!(api, cancel_task(&unused.task_id)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Api);
    assert_eq!(
        err.result_code().map(|c| c.as_str()),
        Some("TaskIdHasBeanCanceled")
    );
    assert_eq!(err.action(), Some("cancleContentIdAction"));
    assert!(err.answer().is_some());

    // ----- tags and counts ---------------------------------------------------------------------
    call!(api, set_client_tags(APP_ID, "cid-on", ["vip", "new"])).unwrap();
    assert_eq!(
        strings(&recorded(server, "setTagAction", 1)[0], "tagList"),
        ["vip", "new"]
    );
    assert_eq!(
        server.client(APP_ID, "cid-on").unwrap().tags,
        ["vip", "new"]
    );
    let tags = call!(api, client_tags(APP_ID, "cid-on")).unwrap();
    assert_eq!(tags.tags, ["vip", "new"]);
    call!(api, change_client_tag(APP_ID, "vip", "add", ["cid-2"])).unwrap();
    let req = &recorded(server, "changeTagAction", 1)[0];
    assert_eq!(
        (req.param_str("operation"), req.param_str("tag")),
        (Some("add"), Some("vip"))
    );
    assert!(server
        .client(APP_ID, "cid-2")
        .unwrap()
        .tags
        .contains(&"vip".to_owned()));
    let count = call!(api, user_count_by_tags(APP_ID, ["vip"])).unwrap();
    assert_eq!(count.user_count, Some(2));
    let persona = call!(api, persona_tags(APP_ID)).unwrap();
    assert!(persona.code().is_success(), "{persona:?}");
    let all = call!(api, user_count(APP_ID, None)).unwrap();
    assert_eq!(all.user_count, Some(3));
    assert_eq!(
        recorded(server, "queryUserCount", 1)[0].param("conditions"),
        None
    );
    let mut vip = AppConditions::default();
    vip.add_condition(AppConditions::TAG, ["vip"], OptType::Or);
    let some = call!(api, user_count(APP_ID, Some(&vip))).unwrap();
    assert_eq!(some.user_count, Some(2));
    assert!(recorded(server, "queryUserCount", 2)[1]
        .param("conditions")
        .is_some());

    // ----- app pushes ---------------------------------------------------------------------
    let mut vip_app = app("a1");
    vip_app.tag_list = vec!["vip".to_owned()];
    let app_task = call!(api, create_app_task(&vip_app, None)).unwrap();
    assert!(app_task.task_id.starts_with("OSA-"), "{app_task:?}");
    let req = &recorded(server, "getContentIdAction", 3)[2];
    assert_eq!(req.param("contentType"), Some(&2.into()));
    assert_eq!(strings(req, "appIdList"), [APP_ID]);
    assert_eq!(strings(req, "tagList"), ["vip"]);
    let started = call!(api, push_to_app_with_task_id(&app_task.task_id)).unwrap();
    assert_eq!(started.task_id.as_deref(), Some(app_task.task_id.as_str()));
    let pushed = server.accepted_pushes();
    let mut reached: Vec<_> = pushed
        .last()
        .unwrap()
        .deliveries
        .iter()
        .map(|d| d.client_id.clone())
        .collect();
    reached.sort();
    assert_eq!(reached, ["cid-2", "cid-on"]);

    let whole = call!(api, push_to_app(&app("a2"), Some("group-2"))).unwrap();
    let prepared = &recorded(server, "getContentIdAction", 4)[3];
    assert_eq!(prepared.param_str("taskGroupName"), Some("group-2"));
    let start = &recorded(server, "pushMessageToAppAction", 2)[1];
    assert_eq!(start.param_str("contentId"), whole.task_id.as_deref());
    assert_eq!(start.param("type"), Some(&2.into()));

    call!(api, stop_task(&app_task.task_id)).unwrap();
    assert_eq!(
        recorded(server, "stopTaskAction", 1)[0].param_str("contentId"),
        Some(app_task.task_id.as_str())
    );

    // A scheduled app push, its schedule read and deleted.
    let mut later = app("a3");
    later.push_time = "203001011200".to_owned();
    let scheduled = call!(api, push_to_app(&later, None)).unwrap();
    let scheduled_id = scheduled.task_id.unwrap();
    let detail = call!(api, schedule_task(APP_ID, &scheduled_id)).unwrap();
    assert!(detail.get("taskDetail").is_some(), "{detail:?}");
    let req = &recorded(server, "getScheduleTaskAction", 1)[0];
    assert_eq!(req.param_str("taskId"), Some(scheduled_id.as_str()));
    call!(api, delete_schedule_task(APP_ID, &scheduled_id)).unwrap();
    recorded(server, "delScheduleTaskAction", 1);
    let gone = call!(api, schedule_task(APP_ID, &scheduled_id)).unwrap_err();
    assert_eq!(
        gone.result_code().map(|c| c.as_str()),
        Some("NullMsgCommon")
    );

    // ----- tag pushes -----------------------------------------------------------------------
    let r = call!(api, push_by_tag(&tagged("t1", "vip"))).unwrap();
    assert!(r.task_id.as_deref().unwrap().starts_with("OSA-"));
    let req = &recorded(server, "pushMessageByTagAction", 1)[0];
    assert_eq!(req.param_str("tag"), Some("vip"));
    assert_eq!(req.request_id().map(str::len), Some(36));
    let id = format!("{kind}-tag-1");
    let a = call!(api, push_by_tag_with_request_id(&tagged("t2", "vip"), &id)).unwrap();
    let b = call!(api, push_by_tag_with_request_id(&tagged("t2", "vip"), &id)).unwrap();
    assert_eq!(a.task_id, b.task_id);
    assert_eq!(server.acceptance_count(&id), 1);
    let sent = recorded(server, "pushMessageByTagAction", 3);
    assert!(sent[1..]
        .iter()
        .all(|r| r.request_id() == Some(id.as_str())));

    // ----- APNs ---------------------------------------------------------------------------
    let r = call!(api, push_apns_to_single(APP_ID, DEVICE_TOKEN, &apns("hi"))).unwrap();
    assert_eq!(r.status, Some(DeliveryStatus::Online));
    let req = &recorded(server, "apnPushToSingleAction", 1)[0];
    assert_eq!(req.param_str("DT"), Some(DEVICE_TOKEN));
    assert_eq!(req.param_str("appId"), Some(APP_ID));
    let pi = req.protobuf("PI").expect("PI decoded");
    assert!(
        matches!(pi.decoded, Ok(DecodedProtobuf::PushInfo(_))),
        "{pi:?}"
    );
    assert!(
        !req.param_str("PI").unwrap().contains('\n'),
        "plain base64, not the Python SDK's MIME lines"
    );

    let apns_task = call!(api, create_apns_task(APP_ID, &apns("to many"))).unwrap();
    recorded(server, "apnGetContentIdAction", 1);
    let r = call!(
        api,
        push_apns_to_list(APP_ID, &apns_task.task_id, [DEVICE_TOKEN])
    )
    .unwrap();
    assert!(r.details.is_none());
    let req = &recorded(server, "apnPushToListAction", 1)[0];
    assert_eq!(strings(req, "DTL"), [DEVICE_TOKEN]);
    assert_eq!(req.param_str("contentId"), Some(apns_task.task_id.as_str()));
    let mut options = api.config().list_push_options();
    options.need_details = true;
    let r = call!(
        api,
        push_apns_to_list_with_options(APP_ID, &apns_task.task_id, [DEVICE_TOKEN], options)
    )
    .unwrap();
    assert_eq!(
        r.details.unwrap(),
        [(DEVICE_TOKEN.to_owned(), DeliveryStatus::Online)]
    );

    // ----- client status and black list ---------------------------------------------------------
    let on = call!(api, client_status(APP_ID, "cid-on")).unwrap();
    assert!(on.online);
    assert_eq!(on.is_black, Some(false));
    let off = call!(api, client_status(APP_ID, "cid-off")).unwrap();
    assert!(!off.online);
    assert_eq!(
        recorded(server, "getClientIdStatusAction", 2)[1].param_str("clientId"),
        Some("cid-off")
    );

    call!(api, add_to_black_list(APP_ID, ["cid-2"])).unwrap();
    assert!(server.client(APP_ID, "cid-2").unwrap().black);
    let blocked = call!(api, client_status(APP_ID, "cid-2")).unwrap();
    assert_eq!(blocked.is_black, Some(true));
    call!(api, restore_from_black_list(APP_ID, ["cid-2"])).unwrap();
    assert!(!server.client(APP_ID, "cid-2").unwrap().black);
    call!(
        api,
        update_black_list(APP_ID, ["cid-2"], BlackListOperation::Add)
    )
    .unwrap();
    assert!(server.client(APP_ID, "cid-2").unwrap().black);
    call!(
        api,
        update_black_list(APP_ID, ["cid-2"], BlackListOperation::Restore)
    )
    .unwrap();
    let ops: Vec<_> = recorded(server, "blackCidAction", 4)
        .iter()
        .map(|r| r.param("optType").and_then(|v| v.as_i64()))
        .collect();
    assert_eq!(ops, [Some(1), Some(2), Some(1), Some(2)]);

    // ----- badges ---------------------------------------------------------------------------
    call!(api, set_badge("+1", APP_ID, [DEVICE_TOKEN], ["cid-on"])).unwrap();
    assert_eq!(
        server.client(APP_ID, "cid-on").unwrap().badge.as_deref(),
        Some("+1")
    );
    call!(api, set_badge_for_client_ids("5", APP_ID, ["cid-2"])).unwrap();
    assert_eq!(
        server.client(APP_ID, "cid-2").unwrap().badge.as_deref(),
        Some("5")
    );
    call!(
        api,
        set_badge_for_device_tokens("-1", APP_ID, [DEVICE_TOKEN])
    )
    .unwrap();
    let badges = recorded(server, "setBadgeAction", 3);
    assert_eq!(strings(&badges[0], "deviceToken"), [DEVICE_TOKEN]);
    assert_eq!(strings(&badges[0], "cid"), ["cid-on"]);
    assert!(strings(&badges[1], "deviceToken").is_empty());
    assert!(strings(&badges[2], "cid").is_empty());
    assert_eq!(badges[2].param_str("badge"), Some("-1"));

    // ----- results and statistics -------------------------------------------------------------
    let results = call!(
        api,
        push_results([task.task_id.as_str(), app_task.task_id.as_str()])
    )
    .unwrap();
    assert_eq!(results.items.len(), 2);
    assert_eq!(
        results.items[0].task_id.as_deref(),
        Some(task.task_id.as_str())
    );
    let by_action = call!(api, push_action_results([task.task_id.as_str()], ["10010"])).unwrap();
    assert_eq!(by_action.items.len(), 1);
    let sent = recorded(server, "getPushMsgResultByTaskidList", 2);
    assert_eq!(
        sent[0].param("actionIdList"),
        Some(&serde_json::Value::Null)
    );
    assert_eq!(strings(&sent[1], "actionIdList"), ["10010"]);

    let online = call!(api, online_users_last_24h(APP_ID)).unwrap();
    assert_eq!(online.online.len(), 24);
    let push_data = call!(api, app_push_data(APP_ID, "20240101")).unwrap();
    assert!(push_data.send_count.unwrap() > 0, "{push_data:?}");
    assert_eq!(
        recorded(server, "queryAppPushData", 1)[0].param_str("date"),
        Some("20240101")
    );
    let user_data = call!(api, app_user_data(APP_ID, "20240101")).unwrap();
    assert_eq!(user_data.regist_total_count, Some(3));

    // ----- SMS fallback -------------------------------------------------------------------------
    call!(api, bind_client_phones(APP_ID, [("cid-on", "digest-1")])).unwrap();
    assert_eq!(
        server.client(APP_ID, "cid-on").unwrap().phone.as_deref(),
        Some("digest-1")
    );
    let phones = call!(api, client_phones(APP_ID, ["cid-on"])).unwrap();
    assert_eq!(
        phones.get("data").and_then(|d| d.get("cid-on")),
        Some(&"digest-1".into())
    );
    call!(api, unbind_client_phones(APP_ID, ["cid-on"])).unwrap();
    assert_eq!(server.client(APP_ID, "cid-on").unwrap().phone, None);
    call!(api, stop_sms(APP_ID, &task.task_id)).unwrap();
    assert_eq!(
        recorded(server, "stop_sms", 1)[0].param_str("taskId"),
        Some(task.task_id.as_str())
    );

    // ----- close: the token is gone; the next call connects again ------------------------------
    let tokens = server.token_count();
    call!(api, close()).unwrap();
    assert_eq!(server.token_count(), tokens - 1);
    let close = &recorded(server, "close", 1)[0];
    assert!(!close.param_str("authToken").unwrap_or_default().is_empty());
    assert!(call!(api, client_status(APP_ID, "cid-on")).unwrap().online);
    recorded(server, "connect", 2);
}
