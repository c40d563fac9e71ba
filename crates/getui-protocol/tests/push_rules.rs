//! The validation rules of the push actions (each limit at and past its edge) and the
//! request-id and trailer behaviour of re-encoding.

use getui_model::secret::AuthToken;
use getui_model::{
    AppConditions, AppMessage, ListMessage, NotificationTemplate, OptType, Rule, SingleMessage,
    Target, TransmissionTemplate,
};
use getui_protocol::action::{
    encode, Action, ApnGetContentId, ApnPushToSingle, GetContentId, ListPushOptions,
    PushMessageByTag, PushMessageToList, PushMessageToSingle, QueryUserCount, RequestContext,
    SingleBatch,
};
use serde_json::Value;

fn transmission() -> TransmissionTemplate {
    TransmissionTemplate::builder()
        .app_id("APPID")
        .app_key("APPKEY")
        .transmission_content("hello")
        .build()
        .unwrap()
}

fn json(req: &getui_protocol::action::EncodedRequest) -> Value {
    serde_json::from_slice(&req.json).unwrap()
}

fn targets(n: usize) -> Vec<Target> {
    (0..n)
        .map(|i| Target::client("APPID", format!("{i:032x}")))
        .collect()
}

#[test]
fn list_push_sync_limit_is_1000() {
    let t = targets(1001);
    assert!(PushMessageToList::new("T", &t[..1000], ListPushOptions::default()).is_ok());
    let err = PushMessageToList::new("T", &t, ListPushOptions::default()).unwrap_err();
    assert_eq!(err.field(), "targets");
    assert_eq!(
        err.rule(),
        &Rule::MaxItems {
            max: 1000,
            actual: 1001
        }
    );
}

#[test]
fn list_push_async_limit_is_10000_without_details() {
    let t = targets(10_001);
    let async_push = ListPushOptions {
        async_push: true,
        ..ListPushOptions::default()
    };
    assert!(PushMessageToList::new("T", &t[..10_000], async_push).is_ok());
    let err = PushMessageToList::new("T", &t, async_push).unwrap_err();
    assert_eq!(
        err.rule(),
        &Rule::MaxItems {
            max: 10_000,
            actual: 10_001
        }
    );
    // With details the sync limit applies again.
    let details = ListPushOptions {
        need_details: true,
        ..async_push
    };
    assert!(PushMessageToList::new("T", &t[..1001], details).is_err());
    // Configured limits.
    let custom = ListPushOptions {
        sync_limit: 2,
        ..ListPushOptions::default()
    };
    assert!(PushMessageToList::new("T", &t[..3], custom).is_err());
}

#[test]
fn list_push_is_gzip_and_splits_targets() {
    let both = |app_id: &str, client_id: &str, alias: &str| {
        let mut target = Target::client(app_id, client_id);
        target.alias = alias.into();
        target
    };
    let t = vec![
        both(" ", " ", " "),
        both(" A ", " c1 ", "ignored"),
        Target::alias("B", " al "),
    ];
    let action = PushMessageToList::new("T", &t, ListPushOptions::default()).unwrap();
    let req = encode(&action, &RequestContext::new("K"));
    assert!(req.gzip);
    assert_eq!(req.content_encoding(), Some("gzip"));
    let body = json(&req);
    assert_eq!(body["appId"], "A");
    assert_eq!(body["clientIdList"], serde_json::json!(["c1"]));
    assert_eq!(body["aliasList"], serde_json::json!(["al"]));
    assert_eq!(body["needDetails"], false);
    assert_eq!(body["async"], false);
    // The body sent is the gzip of the JSON text.
    let sent = req.body();
    assert_eq!(
        getui_protocol::gzip::decompress(&sent, 1 << 20).unwrap(),
        req.json
    );
}

#[test]
fn task_group_name_is_40_bytes_and_blank_is_omitted() {
    let m = ListMessage::new(transmission());
    assert!(GetContentId::list(&m, Some(&"g".repeat(40))).is_ok());
    let err = GetContentId::list(&m, Some(&"g".repeat(41))).unwrap_err();
    assert_eq!(err.field(), "taskGroupName");
    assert_eq!(
        err.rule(),
        &Rule::MaxBytes {
            max: 40,
            actual: 41
        }
    );
    // 14 CJK characters are 42 bytes (the Python SDK would count 14 characters).
    assert!(GetContentId::list(&m, Some(&"组".repeat(14))).is_err());
    for blank in [None, Some(""), Some("   ")] {
        let req = encode(
            &GetContentId::list(&m, blank).unwrap(),
            &RequestContext::new("K"),
        );
        assert!(json(&req).get("taskGroupName").is_none());
    }
    let req = encode(
        &GetContentId::list(&m, Some(" g ")).unwrap(),
        &RequestContext::new("K"),
    );
    let text = String::from_utf8(req.json).unwrap();
    assert!(text.starts_with(r#"{"taskGroupName": " g ", "action": "getContentIdAction""#));
    assert!(text.contains(r#""contentType": 1, "version""#));
}

#[test]
fn app_content_lists_or_conditions() {
    let mut m = AppMessage::new(transmission());
    m.app_id_list = vec!["APPID".into()];
    m.push_time = "202501011200".into();
    let body = json(&encode(
        &GetContentId::app(&m, None).unwrap(),
        &RequestContext::new("K"),
    ));
    assert_eq!(body["phoneTypeList"], serde_json::json!([]));
    assert_eq!(body["contentType"], 2);
    assert_eq!(body["pushTime"], "202501011200");
    let mut c = AppConditions::default();
    c.add_condition(AppConditions::TAG, ["a", "b"], OptType::Not);
    m.conditions = Some(c);
    m.push_time.clear();
    let body = json(&encode(
        &GetContentId::app(&m, None).unwrap(),
        &RequestContext::new("K"),
    ));
    assert!(body.get("phoneTypeList").is_none());
    assert!(body.get("pushTime").is_none());
    assert_eq!(
        body["conditions"],
        serde_json::json!([{"key": "tag", "values": ["a", "b"], "optType": 2}])
    );
    // A condition without key is refused.
    let mut bad = AppConditions::default();
    bad.add_condition("", ["x"], OptType::Or);
    m.conditions = Some(bad.clone());
    assert_eq!(
        GetContentId::app(&m, None).unwrap_err().field(),
        "conditions.condition.key"
    );
    assert!(QueryUserCount::new("A", Some(&bad)).is_err());
}

#[test]
fn batch_holds_at_most_5000_items() {
    let m = SingleMessage::new(transmission());
    let t = Target::client("APPID", "cid");
    let mut batch = SingleBatch::with_batch_id("K", "B");
    for i in 1..=5000 {
        assert_eq!(batch.add(&m, &t).unwrap(), i);
    }
    let err = batch.add(&m, &t).unwrap_err();
    assert_eq!(err.field(), "batchItem");
    assert_eq!(
        err.rule(),
        &Rule::MaxItems {
            max: 5000,
            actual: 5001
        }
    );
    let submit = batch.submit(false);
    assert!(batch.is_empty());
    assert_eq!(batch.add(&m, &t).unwrap(), 1);
    let req = encode(&submit, &RequestContext::new("other"));
    assert!(req.gzip);
    // The batch's own app key, not the context's.
    assert_eq!(json(&req)["appkey"], "K");
}

#[test]
fn batch_items_need_a_client_id() {
    let m = SingleMessage::new(transmission());
    let mut batch = SingleBatch::new("K");
    let err = batch.add(&m, &Target::alias("APPID", "al")).unwrap_err();
    assert_eq!(err.field(), "clientId");
    assert!(batch.is_empty());
    // A new batch id per batch, kept across submits.
    let other = SingleBatch::new("K");
    assert_ne!(batch.batch_id(), other.batch_id());
}

#[test]
fn batch_submit_gets_a_new_request_id_each_time() {
    let m = SingleMessage::new(transmission());
    let t = Target::client("APPID", "cid");
    let mut batch = SingleBatch::new("K");
    batch.add(&m, &t).unwrap();
    let first = batch.submit(true);
    batch.add(&m, &t).unwrap();
    let second = batch.submit(true);
    assert_ne!(first.request_id(), second.request_id());
    let body = json(&encode(&first, &RequestContext::new("K")));
    assert_eq!(body["async"], true);
    assert_eq!(body["serialize"], "pb");
}

#[test]
fn single_push_target_needs_client_id_or_alias() {
    let m = SingleMessage::new(transmission());
    let err = PushMessageToSingle::new(&m, &Target::default()).unwrap_err();
    assert_eq!(err.field(), "clientId");
    assert!(PushMessageToSingle::new(&m, &Target::alias("A", "al")).is_ok());
}

#[test]
fn invalid_templates_are_refused_before_encoding() {
    let mut template = NotificationTemplate::default();
    template.notify_id = -1;
    let m = SingleMessage::new(template);
    let err = PushMessageToSingle::new(&m, &Target::client("A", "c")).unwrap_err();
    assert!(err.field().starts_with("data."), "{err}");
}

#[test]
fn reencoding_keeps_the_request_id_and_changes_only_the_token() {
    let m = SingleMessage::new(transmission());
    let t = Target::client("APPID", "cid");
    let action = PushMessageToSingle::new(&m, &t).unwrap();
    let old = AuthToken::new("OLD");
    let new = AuthToken::new("NEW");
    let first = encode(
        &action,
        &RequestContext::new("K").with_auth_token(Some(&old)),
    );
    let second = encode(
        &action,
        &RequestContext::new("K").with_auth_token(Some(&new)),
    );
    let (mut a, mut b) = (json(&first), json(&second));
    let id = a["requestId"].as_str().unwrap().to_owned();
    assert_eq!(id.len(), 36);
    assert_eq!(action.request_id(), Some(id.as_str()));
    assert_eq!(b["requestId"], id.as_str());
    assert_eq!(a["authToken"], "OLD");
    assert_eq!(b["authToken"], "NEW");
    a.as_object_mut().unwrap().remove("authToken");
    b.as_object_mut().unwrap().remove("authToken");
    assert_eq!(a, b);
    // Two actions built from the same message get different ids.
    let other = PushMessageToSingle::new(&m, &t).unwrap();
    assert_ne!(other.request_id(), action.request_id());
}

#[test]
fn tag_push_needs_a_tag_and_generates_blank_ids() {
    let mut m = AppMessage::new(transmission());
    assert_eq!(PushMessageByTag::new(&m).unwrap_err().field(), "tag");
    m.tag = "vip".into();
    let blank = PushMessageByTag::with_request_id(&m, "  ").unwrap();
    assert_eq!(blank.request_id().unwrap().len(), 36);
    let given = PushMessageByTag::with_request_id(&m, "REQ").unwrap();
    let body = json(&encode(&given, &RequestContext::new("K")));
    assert_eq!(body["requestId"], "REQ");
    assert!(body.get("type").is_none() && body.get("pushType").is_none());
}

#[test]
fn apn_actions_check_the_token_and_send_plain_base64() {
    let m = SingleMessage::new(transmission());
    let err = ApnPushToSingle::new("A", "abc", &m).unwrap_err();
    assert_eq!(err.field(), "deviceToken");
    assert_eq!(
        err.rule(),
        &Rule::ExactChars {
            expected: 64,
            actual: 3
        }
    );
    let token = "0123456789abcdef".repeat(4);
    let req = encode(
        &ApnPushToSingle::new("A", token.as_str(), &m).unwrap(),
        &RequestContext::new("K"),
    );
    let body = json(&req);
    let pi = body["PI"].as_str().unwrap();
    assert!(!pi.contains('\n') && !pi.is_empty());
    assert_eq!(body["DT"], token.as_str());
    let list = ListMessage::new(transmission());
    let body = json(&encode(
        &ApnGetContentId::new("A", &list).unwrap(),
        &RequestContext::new("K"),
    ));
    assert_eq!(body["PI"].as_str(), Some(pi));
}
