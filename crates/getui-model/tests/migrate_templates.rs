//! `getui_model::migrate`: one test per legacy template kind and field group, each compared with
//! a hand-checked v2 body and the exact list of what did not carry over.

use getui_model::migrate::{self, Endpoint, Migration, Reason};
use getui_model::{SingleMessage, Target};
use serde_json::{json, Value};

/// Converts `{"message": message, "target": {"clientId": "cid-1"}}` for a single message, or
/// the message alone.
fn run(message: Value) -> Migration {
    let value = if message["class"] == "IGtSingleMessage" {
        json!({"message": message, "target": {"class": "Target", "appId": "A", "clientId": "cid-1"}})
    } else {
        message
    };
    migrate::from_json(&value.to_string()).unwrap()
}

fn single(data: Value) -> Migration {
    run(
        json!({"class": "IGtSingleMessage", "isOffline": true, "offlineExpireTime": 3_600_000, "data": data}),
    )
}

fn unmapped(m: &Migration) -> Vec<(String, Reason)> {
    m.unmapped
        .iter()
        .map(|u| (u.field.clone(), u.reason))
        .collect()
}

fn expect(m: &Migration, body: Value, lost: &[(&str, Reason)]) {
    assert_eq!(m.body(), body, "body");
    let want: Vec<(String, Reason)> = lost.iter().map(|(f, r)| (f.to_string(), *r)).collect();
    assert_eq!(unmapped(m), want, "unmapped: {:#?}", m.unmapped);
    if lost.is_empty() {
        m.validate().unwrap();
    }
}

const BASE: fn(Value) -> Value = |push_message| json!({"audience": {"cid": ["cid-1"]}, "settings": {"ttl": 3_600_000}, "push_message": push_message});

#[test]
fn transmission() {
    let m = single(
        json!({"class": "TransmissionTemplate", "appId": "A", "appKey": "K",
        "transmissionType": 2, "transmissionContent": "{\"k\": 1}"}),
    );
    assert_eq!(m.endpoint, Endpoint::PushSingleByCid);
    expect(&m, BASE(json!({"transmission": "{\"k\": 1}"})), &[]);

    let m = single(
        json!({"class": "TransmissionTemplate", "transmissionType": 1,
        "transmissionContent": "x", "style": {"class": "Style0"}}),
    );
    expect(
        &m,
        BASE(json!({"transmission": "x"})),
        &[
            ("data.transmissionType", Reason::NoEquivalent),
            ("data.style", Reason::IgnoredByLegacy),
        ],
    );

    // An empty transmission is refused by v2, and named.
    let m = single(json!({"class": "TransmissionTemplate"}));
    expect(
        &m,
        BASE(json!({"transmission": ""})),
        &[("data.transmissionContent", Reason::RejectedByV2)],
    );
    assert!(m.validate().is_err());
}

#[test]
fn notification() {
    let m = single(
        json!({"class": "NotificationTemplate", "title": "T", "text": "B",
        "logo": "push.png", "logoURL": "https://e.com/l.png", "notifyid": 7,
        "channel": "orders", "channelName": "Orders", "channelLevel": 4,
        "transmissionContent": "{\"order\": 42}"}),
    );
    expect(
        &m,
        BASE(
            json!({"notification": {"title": "T", "body": "B", "logo": "push.png",
            "logo_url": "https://e.com/l.png", "channel_id": "orders", "channel_name": "Orders",
            "channel_level": 4, "click_type": "payload", "payload": "{\"order\": 42}",
            "notify_id": 7}}),
        ),
        &[],
    );

    // Defaults ("Default" channel, level 3, empty logos) are not sent; no content: startapp.
    let m = single(
        json!({"class": "NotificationTemplate", "title": "T", "text": "B",
        "isRing": false, "isVibrate": false, "isClearable": false, "notifyStyle": 2,
        "transmissionType": 1}),
    );
    expect(
        &m,
        BASE(json!({"notification": {"title": "T", "body": "B", "click_type": "startapp"}})),
        &[
            ("data.isRing", Reason::NoEquivalent),
            ("data.isVibrate", Reason::NoEquivalent),
            ("data.isClearable", Reason::NoEquivalent),
            ("data.notifyStyle", Reason::NoEquivalent),
            ("data.transmissionType", Reason::NoEquivalent),
        ],
    );
}

#[test]
fn styles_0_and_1_replace_the_template_row() {
    for class in ["Style0", "Style1"] {
        let m = single(
            json!({"class": "NotificationTemplate", "title": "ignored", "text": "",
            "style": {"class": class, "title": "ST", "text": "SX", "logoUrl": "https://e.com/s.png",
                      "isVibrate": false, "channelLevel": 2}}),
        );
        expect(
            &m,
            BASE(json!({"notification": {"title": "ST", "body": "SX",
                "logo_url": "https://e.com/s.png", "channel_level": 2, "click_type": "startapp"}})),
            &[
                ("data.title", Reason::IgnoredByLegacy),
                ("data.style.isVibrate", Reason::NoEquivalent),
            ],
        );
    }
}

#[test]
fn style6_big_text_big_picture_and_banner() {
    let style = |big: Value| {
        let mut s = json!({"class": "Style6", "title": "T", "text": "X",
            "bigImageUrl": "https://e.com/big.png", "bigText": "a long text"});
        s.as_object_mut()
            .unwrap()
            .extend(big.as_object().unwrap().clone());
        single(json!({"class": "NotificationTemplate", "style": s}))
    };
    let n = |extra: Value| {
        let mut n = json!({"title": "T", "body": "X"});
        n.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        n["click_type"] = json!("startapp");
        BASE(json!({ "notification": n }))
    };
    expect(
        &style(json!({"bigStyle": "1"})),
        n(json!({"big_image": "https://e.com/big.png"})),
        &[("data.style.bigText", Reason::IgnoredByLegacy)],
    );
    expect(
        &style(json!({"bigStyle": 2})),
        n(json!({"big_text": "a long text"})),
        &[("data.style.bigImageUrl", Reason::IgnoredByLegacy)],
    );
    expect(
        &style(json!({"bigStyle": "3", "bigText": "", "bannerUrl": "https://e.com/banner.png"})),
        n(json!({"big_image": "https://e.com/big.png"})),
        &[("data.style.bannerUrl", Reason::NoEquivalent)],
    );
    expect(
        &style(json!({"bigStyle": "", "bigText": ""})),
        n(json!({})),
        &[("data.style.bigImageUrl", Reason::IgnoredByLegacy)],
    );
}

#[test]
fn style4_banner() {
    let m = single(
        json!({"class": "NotificationTemplate", "title": "T", "text": "X",
        "logo": "own.png",
        "style": {"class": "Style4", "logo": "l.png", "banner_url": "https://e.com/b.png",
                  "isClearable": false}}),
    );
    expect(
        &m,
        BASE(
            json!({"notification": {"title": "T", "body": "X", "logo": "l.png",
            "click_type": "startapp"}}),
        ),
        &[
            ("data.logo", Reason::IgnoredByLegacy),
            ("data.style.isClearable", Reason::NoEquivalent),
            ("data.style.banner_url", Reason::NoEquivalent),
        ],
    );
}

#[test]
fn link() {
    let m = single(
        json!({"class": "LinkTemplate", "title": "Sale", "text": "50% off",
        "url": "https://e.com/sale?a=1&b=2", "notifyid": "3", "channel": "promo"}),
    );
    expect(
        &m,
        BASE(
            json!({"notification": {"title": "Sale", "body": "50% off", "channel_id": "promo",
            "click_type": "url", "url": "https://e.com/sale?a=1&b=2", "notify_id": 3}}),
        ),
        &[],
    );
    let m = single(json!({"class": "LinkTemplate", "title": "T", "text": "X",
        "url": "https://e.com", "transmissionContent": "data", "notifyStyle": 1}));
    expect(
        &m,
        BASE(
            json!({"notification": {"title": "T", "body": "X", "click_type": "url",
            "url": "https://e.com"}}),
        ),
        &[
            ("data.notifyStyle", Reason::IgnoredByLegacy),
            ("data.transmissionContent", Reason::NoEquivalent),
        ],
    );
}

#[test]
fn noty_pop_load_is_a_download_template() {
    let m = single(
        json!({"class": "NotyPopLoadTemplate", "notyTitle": "New version",
        "notyContent": "Tap to download", "notyIcon": "icon.png",
        "popTitle": "Download?", "popContent": "2.0 is out", "popButton1": "Yes", "popButton2": "No",
        "loadTitle": "App", "loadUrl": "https://e.com/app.apk", "isAutoInstall": true,
        "androidMark": "com.e"}),
    );
    expect(
        &m,
        BASE(
            json!({"notification": {"title": "New version", "body": "Tap to download",
            "logo": "icon.png", "click_type": "url", "url": "https://e.com/app.apk"}}),
        ),
        &[
            ("data.loadUrl", Reason::Approximated),
            ("data.popTitle", Reason::NoEquivalent),
            ("data.popContent", Reason::NoEquivalent),
            ("data.popButton1", Reason::NoEquivalent),
            ("data.popButton2", Reason::NoEquivalent),
            ("data.loadTitle", Reason::NoEquivalent),
            ("data.androidMark", Reason::NoEquivalent),
            ("data.isAutoInstall", Reason::NoEquivalent),
        ],
    );
    assert!(m.validate().is_ok(), "the notification itself is valid");
}

#[test]
fn start_activity() {
    let intent = "intent:#Intent;component=com.e/.Main;S.k=v;end";
    let m = single(
        json!({"class": "StartActivityTemplate", "title": "T", "text": "X",
        "logoURL": "https://e.com/l.png", "intent": intent}),
    );
    expect(
        &m,
        BASE(json!({"notification": {"title": "T", "body": "X",
            "logo_url": "https://e.com/l.png", "click_type": "intent", "intent": intent}})),
        &[],
    );
    let m = single(
        json!({"class": "StartActivityTemplate", "title": "T", "text": "X",
        "intent": intent, "transmissionContent": "c", "notifyid": 4,
        "style": {"class": "Style0"}}),
    );
    expect(
        &m,
        BASE(
            json!({"notification": {"title": "T", "body": "X", "click_type": "intent",
            "intent": intent}}),
        ),
        &[
            ("data.style", Reason::IgnoredByLegacy),
            ("data.notifyid", Reason::IgnoredByLegacy),
            ("data.transmissionContent", Reason::NoEquivalent),
        ],
    );
}

#[test]
fn revoke_writes_force_always() {
    let m = single(json!({"class": "RevokeTemplate", "oldTaskId": "OSS-0101_abc"}));
    expect(
        &m,
        BASE(json!({"revoke": {"old_task_id": "OSS-0101_abc", "force": true}})),
        &[],
    );
    let m = single(
        json!({"class": "RevokeTemplate", "oldTaskId": "t", "force": false,
        "transmissionType": 1}),
    );
    expect(
        &m,
        BASE(json!({"revoke": {"old_task_id": "t", "force": false}})),
        &[("data.transmissionType", Reason::IgnoredByLegacy)],
    );
}

#[test]
fn apn_template_has_no_push_message() {
    let m = single(json!({"class": "APNTemplate",
        "duration": {"beginMs": 1_000_000, "endMs": 2_000_000},
        "apnInfo": {"class": "APNPayload", "alertMsg": {"class": "SimpleAlertMsg", "alertMsg": "hi"},
                    "badge": 1}}));
    expect(
        &m,
        json!({"audience": {"cid": ["cid-1"]}, "settings": {"ttl": 3_600_000},
            "push_message": {"duration": "1000000-2000000"},
            "push_channel": {"ios": {"aps": {"alert": {"body": "hi"}}, "auto_badge": "1"}}}),
        &[("data", Reason::NoEquivalent)],
    );
    assert_eq!(m.validate().unwrap_err().field(), "push_message");
}

#[test]
fn apns_payload() {
    let m = single(
        json!({"class": "TransmissionTemplate", "transmissionContent": "x",
        "apnInfo": {"class": "APNPayload",
            "alertMsg": {"class": "DictionaryAlertMsg", "title": "T", "body": "B", "subtitle": "S",
                         "titleLocKey": "TK", "titleLocArgs": ["a"], "actionLocKey": "AK",
                         "locKey": "LK", "locArgs": ["b", "c"], "launchImage": "l.png",
                         "subtitleLocKey": "SK", "subtitleLocArgs": ["d"]},
            "autoBadge": "+1", "sound": "ding.caf", "contentAvailable": 1, "category": "cat",
            "threadId": "th", "apnsCollapseId": "col",
            "multiMedia": [{"class": "MultiMedia", "resType": 1, "resUrl": "https://e.com/p.png",
                            "onlyWifi": true},
                           {"resType": "video", "resUrl": "https://e.com/v.mp4"}]}}),
    );
    expect(
        &m,
        BASE(json!({"transmission": "x"}))
            .as_object()
            .unwrap()
            .clone()
            .into_iter()
            .chain([(
                "push_channel".to_owned(),
                json!({"ios": {
                "aps": {"alert": {"title": "T", "body": "B", "action-loc-key": "AK",
                                  "loc-key": "LK", "loc-args": ["b", "c"], "launch-image": "l.png",
                                  "title-loc-key": "TK", "title-loc-args": ["a"], "subtitle": "S",
                                  "subtitle-loc-key": "SK", "subtitle-loc-args": ["d"]},
                        "content-available": 1, "sound": "ding.caf", "category": "cat",
                        "thread-id": "th"},
                "auto_badge": "+1",
                "multimedia": [{"url": "https://e.com/p.png", "type": 1, "only_wifi": true},
                               {"url": "https://e.com/v.mp4", "type": 3}],
                "apns-collapse-id": "col"}}),
            )])
            .collect(),
        &[],
    );
}

#[test]
fn apns_payload_fields_without_v2_place() {
    let m = single(
        json!({"class": "TransmissionTemplate", "transmissionContent": "x",
        "apnInfo": {"class": "APNPayload",
            "alertMsg": {"class": "DictionaryAlertMsg", "body": "B", "summaryArg": "s"},
            "badge": 3, "autoBadge": "5", "sound": "a.caf",
            "sound_d": {"class": "Sound_Dictionary", "name": "alarm.caf", "critical": 1, "volume": 0.5},
            "customMsg": {"order": 42, "aps": "x"}, "voicePlayType": 1,
            "multiMedia": [{"resId": "r1", "resType": 2, "resUrl": "https://e.com/a.mp3"}]}}),
    );
    expect(
        &m,
        json!({"audience": {"cid": ["cid-1"]}, "settings": {"ttl": 3_600_000},
            "push_message": {"transmission": "x"},
            "push_channel": {"ios": {"aps": {"alert": {"body": "B"}, "sound": "alarm.caf"},
                "auto_badge": "5", "payload": "{\"order\":42}",
                "multimedia": [{"url": "https://e.com/a.mp3", "type": 2}]}}}),
        &[
            ("data.apnInfo.alertMsg.summaryArg", Reason::NoEquivalent),
            ("data.apnInfo.badge", Reason::IgnoredByLegacy),
            ("data.apnInfo.sound", Reason::IgnoredByLegacy),
            ("data.apnInfo.sound_d.critical", Reason::NoEquivalent),
            ("data.apnInfo.sound_d.volume", Reason::NoEquivalent),
            ("data.apnInfo.customMsg.aps", Reason::IgnoredByLegacy),
            ("data.apnInfo.customMsg", Reason::Approximated),
            ("data.apnInfo.voicePlayType", Reason::NoEquivalent),
            ("data.apnInfo.multiMedia[0].resId", Reason::NoEquivalent),
        ],
    );
}

#[test]
fn voip_payload() {
    let m = single(
        json!({"class": "TransmissionTemplate", "transmissionContent": "x",
        "apnInfo": {"class": "VoIPPayload", "voIPPayload": "{\"call\": 1}"}}),
    );
    expect(
        &m,
        json!({"audience": {"cid": ["cid-1"]}, "settings": {"ttl": 3_600_000},
            "push_message": {"transmission": "x"},
            "push_channel": {"ios": {"type": "voip", "payload": "{\"call\": 1}"}}}),
        &[],
    );
}

#[test]
fn third_party_notify_info_and_black_list() {
    let m = single(
        json!({"class": "TransmissionTemplate", "transmissionContent": "x",
        "notifyInfo": {"class": "Notify", "title": "T", "content": "C", "type": "_url",
                       "url": "https://e.com", "payload": "p",
                       "extKVList": [{"key": "/classification", "value": "1", "constains": "HW"},
                                     {"key": "k", "value": "v"},
                                     {"key": "f", "value": "1", "constains": "FCM"},
                                     {"key": "k", "value": "w"}]},
        "blackThirdParty": ["HW", "OP", "FCM"]}),
    );
    expect(
        &m,
        json!({"audience": {"cid": ["cid-1"]},
            "settings": {"ttl": 3_600_000, "strategy": {"hw": 3, "op": 3}},
            "push_message": {"transmission": "x"},
            "push_channel": {"android": {"ups": {
                "notification": {"title": "T", "body": "C", "click_type": "url",
                                 "url": "https://e.com", "payload": "p"},
                "options": {"ALL": {"k": "w"}, "HW": {"/classification": "1"}}}}}}),
        &[
            ("data.notifyInfo.extKVList[1]", Reason::Overridden),
            ("data.notifyInfo.extKVList[2]", Reason::NoEquivalent),
            ("data.blackThirdParty[2]", Reason::NoEquivalent),
        ],
    );

    // Without a type: the payload starts the app; intent and url were dropped by the legacy SDK.
    let m = single(
        json!({"class": "TransmissionTemplate", "transmissionContent": "x",
        "notifyInfo": {"title": "T", "content": "C", "payload": "p", "url": "https://e.com"}}),
    );
    assert_eq!(
        m.body()["push_channel"]["android"]["ups"]["notification"],
        json!({"title": "T", "body": "C", "click_type": "payload", "payload": "p"})
    );
    assert_eq!(
        unmapped(&m),
        [("data.notifyInfo.url".to_owned(), Reason::IgnoredByLegacy)]
    );
    let m = single(
        json!({"class": "TransmissionTemplate", "transmissionContent": "x",
        "notifyInfo": {"title": "T", "content": "C", "type": 1,
                       "intent": "intent:#Intent;component=a/.B;end"}}),
    );
    assert_eq!(
        m.body()["push_channel"]["android"]["ups"]["notification"],
        json!({"title": "T", "body": "C", "click_type": "intent",
               "intent": "intent:#Intent;component=a/.B;end"})
    );
    assert!(m.is_complete() && m.validate().is_ok());
}

#[test]
fn duration() {
    let with = |duration: Value| {
        single(
            json!({"class": "TransmissionTemplate", "transmissionContent": "x",
            "duration": duration}),
        )
    };
    expect(
        &with(json!({"begin": "2015-03-06 14:36:10", "end": "2015-03-06 14:46:20"})),
        BASE(json!({"transmission": "x", "duration": "1425623770000-1425624380000"})),
        &[],
    );
    expect(
        &with(json!({"beginMs": 1_000_000, "endMs": 2_000_000})),
        BASE(json!({"transmission": "x", "duration": "1000000-2000000"})),
        &[],
    );
    expect(
        &with(json!({"begin": "2015-03-06 14:36:10", "end": "2015-03-06 14:46:10"})),
        BASE(json!({"transmission": "x"})),
        &[("data.duration", Reason::OutOfRange)],
    );
    expect(
        &with(json!({"begin": "2015/03/06", "end": "2015-03-06 14:46:10"})),
        BASE(json!({"transmission": "x"})),
        &[("data.duration", Reason::Invalid)],
    );
}

#[test]
fn sms_info_has_no_equivalent() {
    let m = single(
        json!({"class": "NotificationTemplate", "title": "T", "text": "X",
        "smsInfo": {"class": "SmsMessage", "smsTemplateId": "tpl", "isApplink": false,
                    "smsContent": {"name": "Zhang"}, "offlineSendtime": 60000}}),
    );
    expect(
        &m,
        BASE(json!({"notification": {"title": "T", "body": "X", "click_type": "startapp"}})),
        &[("data.smsInfo", Reason::NoEquivalent)],
    );
}

#[test]
fn offline_network_and_priority() {
    let data = json!({"class": "TransmissionTemplate", "transmissionContent": "x"});
    let m = run(json!({"class": "IGtSingleMessage", "data": data}));
    expect(
        &m,
        json!({"audience": {"cid": ["cid-1"]}, "settings": {"ttl": -1},
               "push_message": {"transmission": "x"}}),
        &[],
    );
    let m = run(
        json!({"class": "IGtSingleMessage", "isOffline": true, "data": data,
        "pushNetWorkType": 1}),
    );
    expect(
        &m,
        json!({"audience": {"cid": ["cid-1"]},
               "push_message": {"transmission": "x", "network_type": 1}}),
        &[],
    );
    let m = run(json!({"class": "IGtSingleMessage", "isOffline": true,
        "offlineExpireTime": 4 * 86_400_000_i64, "pushNetWorkType": 2, "priority": 1,
        "data": data}));
    expect(
        &m,
        json!({"audience": {"cid": ["cid-1"]}, "settings": {"ttl": 259_200_000},
               "push_message": {"transmission": "x"}}),
        &[
            ("offlineExpireTime", Reason::OutOfRange),
            ("pushNetWorkType", Reason::OutOfRange),
            ("priority", Reason::IgnoredByLegacy),
        ],
    );
    let m = run(json!({"class": "IGtSingleMessage", "isOffline": false,
        "offlineExpireTime": 1000, "data": data}));
    assert_eq!(
        unmapped(&m),
        [("offlineExpireTime".to_owned(), Reason::IgnoredByLegacy)]
    );
    let m = run(json!({"class": "IGtSingleMessage", "isOffline": true,
        "offlineExpireTime": -5, "data": data}));
    assert_eq!(
        unmapped(&m),
        [("offlineExpireTime".to_owned(), Reason::Invalid)]
    );
}

#[test]
fn targets() {
    let message = SingleMessage::new(
        getui_model::TransmissionTemplate::builder()
            .transmission_content("x")
            .build()
            .unwrap(),
    );
    let m = migrate::single(&message, &Target::alias("A", "alice"));
    assert_eq!(m.endpoint, Endpoint::PushSingleByAlias);
    assert_eq!(m.body()["audience"], json!({"alias": ["alice"]}));
    assert!(m.validate().is_ok());

    let mut both = Target::client("A", "cid-9");
    both.alias = "alice".into();
    let m = migrate::single(&message, &both);
    assert_eq!(m.body()["audience"], json!({"cid": ["cid-9"]}));
    assert_eq!(
        unmapped(&m),
        [("target.alias".to_owned(), Reason::IgnoredByLegacy)]
    );

    let m = migrate::single(&message, &Target::default());
    assert_eq!(m.body().get("audience"), None);
    assert_eq!(unmapped(&m), [("target".to_owned(), Reason::Invalid)]);
    assert!(m.validate().is_err());
}

#[test]
fn list_message_and_task_group() {
    let value = json!({"message": {"class": "IGtListMessage", "isOffline": true,
            "offlineExpireTime": 7_200_000,
            "data": {"class": "NotificationTemplate", "title": "T", "text": "X"}},
        "taskGroupName": "spring-sale_1"});
    let m = migrate::from_json_value(value).unwrap();
    assert_eq!(m.endpoint, Endpoint::CreateListMsg);
    expect(
        &m,
        json!({"group_name": "spring-sale_1", "audience": "all", "settings": {"ttl": 7_200_000},
               "push_message": {"notification": {"title": "T", "body": "X",
                                                 "click_type": "startapp"}}}),
        &[],
    );
}

#[test]
fn app_message_audiences() {
    let app = |extra: Value| {
        let mut m = json!({"class": "IGtAppMessage", "isOffline": true, "appIdList": ["A"],
            "data": {"class": "TransmissionTemplate", "transmissionContent": "x"}});
        m.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        run(m)
    };
    let body = |audience: Value, settings: Option<Value>| {
        let mut b = json!({"audience": audience, "push_message": {"transmission": "x"}});
        if let Some(s) = settings {
            b["settings"] = s;
        }
        b
    };

    let m = app(json!({}));
    assert_eq!(m.endpoint, Endpoint::PushAll);
    expect(&m, body(json!("all"), None), &[]);

    let m = app(json!({"speed": 100, "pushTime": "203001010000",
        "conditions": {"class": "AppConditions", "condition": [
            {"key": "phoneType", "values": ["ANDROID"], "optType": 0},
            {"key": "region", "values": ["11000000"], "optType": "AND"},
            {"key": "tag", "values": ["vip"], "optType": 2},
            {"key": "portrait", "values": ["p1"]}]},
        "tagList": ["ignored"], "tag": "fast"}));
    assert_eq!(m.endpoint, Endpoint::PushByTag);
    expect(
        &m,
        json!({"audience": {"tag": [
                {"key": "phone_type", "values": ["ANDROID"], "opt_type": "or"},
                {"key": "region", "values": ["11000000"], "opt_type": "and"},
                {"key": "custom_tag", "values": ["vip"], "opt_type": "not"},
                {"key": "portrait", "values": ["p1"], "opt_type": "or"}]},
            "settings": {"speed": 100, "schedule_time": 1_893_427_200_000_i64},
            "push_message": {"transmission": "x"}}),
        &[
            ("tagList", Reason::IgnoredByLegacy),
            ("tag", Reason::Overridden),
        ],
    );

    let m = app(
        json!({"phoneTypeList": ["IOS"], "provinceList": ["33010000", "11000000"],
        "tagList": ["a", "b"]}),
    );
    expect(
        &m,
        body(
            json!({"tag": [
                {"key": "phone_type", "values": ["IOS"], "opt_type": "or"},
                {"key": "region", "values": ["33010000", "11000000"], "opt_type": "or"},
                {"key": "custom_tag", "values": ["a", "b"], "opt_type": "or"}]}),
            None,
        ),
        &[],
    );

    let m = app(json!({"tag": "vip", "speed": 10}));
    assert_eq!(m.endpoint, Endpoint::PushByFastCustomTag);
    expect(
        &m,
        body(
            json!({"fast_custom_tag": "vip"}),
            Some(json!({"speed": 10})),
        ),
        &[],
    );

    let m = app(
        json!({"appIdList": ["A", "B"], "pushTime": "2030-01-01", "speed": -1,
        "conditions": {"condition": [{"key": "tag", "values": []}]}}),
    );
    assert_eq!(m.endpoint, Endpoint::PushAll);
    expect(
        &m,
        body(json!("all"), None),
        &[
            ("appIdList[1]", Reason::NoEquivalent),
            ("conditions.condition[0]", Reason::OutOfRange),
            ("speed", Reason::Invalid),
            ("pushTime", Reason::Invalid),
        ],
    );
}

#[test]
fn values_v2_refuses_are_named_with_their_legacy_field() {
    let m = single(
        json!({"class": "NotificationTemplate", "title": "t".repeat(51), "text": "",
        "channelLevel": 4, "logo": "l".repeat(65)}),
    );
    assert_eq!(
        unmapped(&m),
        [
            ("data.title".to_owned(), Reason::RejectedByV2),
            ("data.text".to_owned(), Reason::RejectedByV2),
            ("data.logo".to_owned(), Reason::RejectedByV2),
        ]
    );
    assert!(m.unmapped[0]
        .detail
        .contains("push_message.notification.title"));
    // The values are kept as given: the request shows what to fix.
    assert_eq!(
        m.body()["push_message"]["notification"]["title"],
        "t".repeat(51)
    );

    let m = single(json!({"class": "LinkTemplate", "title": "T", "text": "X"}));
    assert_eq!(
        unmapped(&m),
        [("data.url".to_owned(), Reason::RejectedByV2)]
    );
    let m = single(
        json!({"class": "TransmissionTemplate", "transmissionContent": "x",
        "notifyInfo": {"title": "T", "content": "", "type": 0}}),
    );
    assert_eq!(
        unmapped(&m),
        [
            ("data.notifyInfo.content".to_owned(), Reason::RejectedByV2),
            ("data.notifyInfo.payload".to_owned(), Reason::RejectedByV2),
        ]
    );
}

#[test]
fn json_entry_point_shapes() {
    let data = json!({"class": "TransmissionTemplate", "transmissionContent": "x"});
    // A single message without its target: converted, the target named.
    let m = migrate::from_json_value(json!({"class": "IGtSingleMessage", "data": data})).unwrap();
    assert_eq!(unmapped(&m), [("target".to_owned(), Reason::Invalid)]);
    for bad in [
        json!([1]),
        json!({"data": data}),
        json!({"class": "IGtTagMessage", "data": data}),
        json!({"message": {"class": "IGtListMessage", "data": data}, "target": {"clientId": "c"}}),
        json!({"message": {"class": "IGtSingleMessage", "data": data}, "taskGroupName": "g"}),
        json!({"message": {"class": "IGtSingleMessage", "data": data}, "extra": 1}),
        json!({"class": "IGtSingleMessage", "data": data, "unknown": 1}),
    ] {
        assert!(migrate::from_json_value(bad.clone()).is_err(), "{bad}");
    }
    assert!(migrate::from_json("not json").is_err());
    let report = migrate::from_json(
        &json!({"class": "IGtAppMessage", "tag": "t", "data": data}).to_string(),
    )
    .unwrap()
    .to_json();
    assert_eq!(
        report,
        json!({"endpoint": "push_by_fast_custom_tag", "method": "POST",
               "path": "/push/fast_custom_tag",
               "body": {"audience": {"fast_custom_tag": "t"}, "settings": {"ttl": -1},
                        "push_message": {"transmission": "x"}},
               "unmapped": []})
    );
}
