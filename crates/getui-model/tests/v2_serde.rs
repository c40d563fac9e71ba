//! Serde of the REST v2 push model: strict types, one audience target, unknown keys refused,
//! only what was set is written; property tests for the Audience and Strategy round trips.

use getui_model::v2::audience::{Audience, CidByTag, CidByTagOp, Condition, OptType};
use getui_model::v2::channel::{Alert, Aps, Ios, Multimedia, PushChannel, ThirdNotification, Ups};
use getui_model::v2::push::{
    AudienceRequest, BatchPushRequest, ClickType, Notification, PushMessage, PushRequest, Revoke,
};
use getui_model::v2::settings::{Settings, Strategy as ChannelStrategy};
use proptest::prelude::*;
use serde_json::{json, Value};

fn refused<T: serde::de::DeserializeOwned + std::fmt::Debug>(value: Value) -> String {
    serde_json::from_value::<T>(value.clone())
        .expect_err(&format!("{value} should be refused"))
        .to_string()
}

#[test]
fn floats_and_numeric_strings_never_fill_integers() {
    refused::<Settings>(json!({"ttl": 3600000.0}));
    refused::<Settings>(json!({"ttl": "3600000"}));
    refused::<Settings>(json!({"speed": 1.5}));
    refused::<Settings>(json!({"strategy": {"default": 1.0}}));
    refused::<Settings>(json!({"strategy": {"default": "1"}}));
    refused::<Notification>(
        json!({"title": "t", "body": "b", "click_type": "none", "notify_id": "7"}),
    );
    refused::<Notification>(
        json!({"title": "t", "body": "b", "click_type": "none", "channel_level": 3.0}),
    );
    refused::<Notification>(
        json!({"title": "t", "body": "b", "click_type": "none", "badge_add_num": "1"}),
    );
    refused::<Aps>(json!({"content-available": "1"}));
    refused::<Multimedia>(json!({"url": "u", "type": 1.0}));
    refused::<CidByTag>(json!({"cid": "c", "tag": ["t"], "op_type": "1"}));
    // Booleans are booleans, strings are strings.
    refused::<Revoke>(json!({"old_task_id": "x", "force": 1}));
    refused::<Notification>(json!({"title": 1, "body": "b", "click_type": "none"}));
    refused::<PushRequest>(json!({"request_id": 1234567890123_i64}));
}

#[test]
fn unknown_keys_are_refused_at_every_level() {
    refused::<PushRequest>(json!({"task_name": "x"}));
    refused::<PushMessage>(json!({"transmission": "x", "extra": 1}));
    refused::<Notification>(
        json!({"title": "t", "body": "b", "click_type": "none", "sub_title": "x"}),
    );
    refused::<Settings>(json!({"ttl": 1, "TTL": 1}));
    refused::<PushChannel>(json!({"mp": {}}));
    refused::<Ups>(json!({"transmission": "t", "x": 1}));
    refused::<ThirdNotification>(
        json!({"title": "t", "body": "b", "click_type": "none", "big_text": "x"}),
    );
    refused::<Ios>(json!({"apns_collapse_id": "x"}));
    refused::<Aps>(json!({"thread_id": "x"}));
    refused::<Alert>(json!({"sub_title": "x"}));
    refused::<Multimedia>(json!({"url": "u", "type": 1, "onlyWifi": true}));
    refused::<Condition>(json!({"key": "k", "values": ["v"], "opt_type": "or", "x": 1}));
    refused::<BatchPushRequest>(json!({"msg_list": [], "async": true}));
    refused::<AudienceRequest>(
        json!({"taskid": "t", "audience": {"cid": ["c"]}, "need_detail": true}),
    );
    refused::<Audience>(json!({"cid": ["c"], "all": "all"}));
    refused::<ClickType>(json!("open"));
    refused::<OptType>(json!("AND"));
}

#[test]
fn audience_needs_exactly_one_target() {
    let msg = refused::<Audience>(json!({"cid": ["c"], "alias": ["a"]}));
    assert!(msg.contains("exactly one"), "{msg}");
    let msg = refused::<Audience>(json!({}));
    assert!(msg.contains("exactly one"), "{msg}");
    let msg = refused::<Audience>(json!({"alias_type": "t"}));
    assert!(msg.contains("exactly one"), "{msg}");
    refused::<Audience>(json!({"cid": ["c"], "alias_type": "t"}));
    refused::<Audience>(json!("everyone"));
    refused::<Audience>(json!(["c"]));
    refused::<PushRequest>(json!({"audience": {"tag": [], "fast_custom_tag": "vip"}}));
}

#[test]
fn audience_forms_round_trip() {
    for value in [
        json!("all"),
        json!({"cid": ["a", "b"]}),
        json!({"alias": ["x"]}),
        json!({"alias": ["x"], "alias_type": "t1"}),
        json!({"tag": [{"key": "phone_type", "values": ["IOS"], "opt_type": "and"}]}),
        json!({"fast_custom_tag": "vip"}),
        json!({"cid_by_tag": [{"cid": "c", "tag": ["a", "b"], "op_type": 2}]}),
        // Empty targets deserialize (validate refuses them) and keep their shape.
        json!({"cid": []}),
        json!({"fast_custom_tag": ""}),
    ] {
        let audience: Audience = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(serde_json::to_value(&audience).unwrap(), value);
    }
}

#[test]
fn only_what_was_set_is_written() {
    assert_eq!(serde_json::to_value(PushRequest::new()).unwrap(), json!({}));
    assert_eq!(serde_json::to_value(Settings::new()).unwrap(), json!({}));
    assert_eq!(
        serde_json::to_value(Revoke::new("RASS_1")).unwrap(),
        json!({"old_task_id": "RASS_1"})
    );
    assert_eq!(
        serde_json::to_value(Revoke::new("RASS_1").force(false)).unwrap(),
        json!({"old_task_id": "RASS_1", "force": false})
    );
    assert_eq!(
        serde_json::to_value(BatchPushRequest::new(vec![])).unwrap(),
        json!({"msg_list": []})
    );
    assert_eq!(
        serde_json::to_value(AudienceRequest::new("RASL_1", Audience::alias_list(["a"]))).unwrap(),
        json!({"taskid": "RASL_1", "audience": {"alias": ["a"]}})
    );
    assert_eq!(
        serde_json::to_value(Multimedia::new("u", Multimedia::VIDEO)).unwrap(),
        json!({"url": "u", "type": 3})
    );
}

#[test]
fn strings_are_sent_verbatim() {
    let url = "https://www.example.com/a?b=c&d=中文 %41";
    let n = Notification::new("t", "b", ClickType::Url)
        .url(url)
        .payload("{\"k\": 1}");
    let v = serde_json::to_value(&n).unwrap();
    assert_eq!(v["url"], url);
    assert_eq!(v["payload"], "{\"k\": 1}");
    assert_eq!(v["click_type"], "url");
}

#[test]
fn builders_write_the_wire_keys() {
    let request = PushRequest::new()
        .request_id("oracleReq0000000001")
        .group_name("g")
        .alias("别名")
        .settings(
            Settings::new().ttl(3_600_000).strategy(
                ChannelStrategy::new()
                    .default_channel(ChannelStrategy::THIRD_FIRST)
                    .ios(3)
                    .hoshw(2),
            ),
        )
        .push_message(
            PushMessage::notification(
                Notification::new("t", "b", ClickType::Intent)
                    .intent("intent:#Intent;end")
                    .channel_level(3)
                    .notify_id(1),
            )
            .duration("1590547347000-1590633747000"),
        )
        .push_channel(
            PushChannel::new()
                .ups(
                    Ups::new()
                        .notification(ThirdNotification::new("t", "b", ClickType::Startapp))
                        .add_option(Some("HW"), "k", "first")
                        .add_option(Some(""), "/classification", 1)
                        .add_option(Some("HW"), "k", "second"),
                )
                .ios(
                    Ios::new()
                        .r#type("notify")
                        .auto_badge("+1")
                        .apns_collapse_id("c")
                        .la_id("la")
                        .add_multimedia(Multimedia::new("u", 1).only_wifi(true))
                        .aps(
                            Aps::new()
                                .content_available(0)
                                .thread_id("th")
                                .alert(Alert::new().loc_args(vec!["a".into()]).subtitle("s")),
                        ),
                ),
        );
    request.validate().unwrap();
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({
            "request_id": "oracleReq0000000001",
            "group_name": "g",
            "audience": {"alias": ["别名"]},
            "settings": {"ttl": 3600000, "strategy": {"default": 4, "ios": 3, "hoshw": 2}},
            "push_message": {
                "notification": {"title": "t", "body": "b", "click_type": "intent",
                                  "intent": "intent:#Intent;end", "channel_level": 3, "notify_id": 1},
                "duration": "1590547347000-1590633747000"
            },
            "push_channel": {
                "android": {"ups": {
                    "notification": {"title": "t", "body": "b", "click_type": "startapp"},
                    "options": {"HW": {"k": "second"}, "ALL": {"/classification": 1}}
                }},
                "ios": {
                    "type": "notify", "auto_badge": "+1", "apns-collapse-id": "c", "laId": "la",
                    "multimedia": [{"url": "u", "type": 1, "only_wifi": true}],
                    "aps": {"content-available": 0, "thread-id": "th",
                            "alert": {"loc-args": ["a"], "subtitle": "s"}}
                }
            }
        })
    );
}

#[test]
fn strategy_keeps_insertion_order_and_replaces_in_place() {
    let s = ChannelStrategy::new().hw(1).default_channel(2).hw(4);
    assert_eq!(
        serde_json::to_string(&s).unwrap(),
        r#"{"hw":4,"default":2}"#
    );
    assert_eq!(s.get("hw"), Some(4));
    let back: ChannelStrategy = serde_json::from_str(r#"{"xm":2,"ios":3}"#).unwrap();
    assert_eq!(back.iter().collect::<Vec<_>>(), vec![("xm", 2), ("ios", 3)]);
    refused::<ChannelStrategy>(json!(["default", 1]));
    assert!(serde_json::from_str::<ChannelStrategy>(r#"{"hw":1,"hw":2}"#).is_err());
}

#[test]
fn cid_by_tag_op_values() {
    assert_eq!(
        serde_json::to_value(CidByTag::new("c", ["t"], CidByTagOp::And)).unwrap(),
        json!({"cid": "c", "tag": ["t"], "op_type": 1})
    );
    assert_eq!(CidByTagOp::Or.value(), 0);
    assert_eq!(i64::from(CidByTagOp::Not), 2);
    let c = Condition::new("phone_type", ["IOS", "ANDROID"], OptType::Or);
    assert_eq!(
        serde_json::to_value(c).unwrap(),
        json!({"key": "phone_type", "values": ["IOS", "ANDROID"], "opt_type": "or"})
    );
}

fn text() -> impl proptest::strategy::Strategy<Value = String> {
    "[a-zA-Z0-9_\\-中文 ]{0,12}"
}

fn audience() -> impl proptest::strategy::Strategy<Value = Audience> {
    let list = || prop::collection::vec(text(), 0..5);
    let condition = (
        text(),
        list(),
        prop_oneof![Just(OptType::And), Just(OptType::Or), Just(OptType::Not)],
    )
        .prop_map(|(k, v, o)| Condition::new(k, v, o));
    let cid_by_tag = (text(), list(), 0i64..3)
        .prop_map(|(c, t, o)| CidByTag::new(c, t, CidByTagOp::Or).op_type(o));
    prop_oneof![
        Just(Audience::All),
        list().prop_map(Audience::Cid),
        (list(), prop::option::of(text()))
            .prop_map(|(alias, alias_type)| Audience::Alias { alias, alias_type }),
        prop::collection::vec(condition, 0..4).prop_map(Audience::Tag),
        text().prop_map(Audience::FastCustomTag),
        prop::collection::vec(cid_by_tag, 0..4).prop_map(Audience::CidByTag),
    ]
}

proptest! {
    #[test]
    fn audience_round_trips(a in audience()) {
        let text = serde_json::to_string(&a).unwrap();
        let back: Audience = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(back, a);
    }

    #[test]
    fn strategy_round_trips(entries in prop::collection::vec(("[a-z]{1,6}", -10i64..10), 0..10)) {
        let s: getui_model::v2::settings::Strategy = entries.iter().map(|(k, v)| (k.clone(), *v)).collect();
        let text = serde_json::to_string(&s).unwrap();
        let back: getui_model::v2::settings::Strategy = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(&back, &s);
        // Valid exactly when every value is 1–4.
        prop_assert_eq!(s.validate().is_ok(), s.iter().all(|(_, v)| (1..=4).contains(&v)));
    }
}
