//! Properties of `getui_model::migrate` over generated legacy messages (every template kind,
//! styles, APNs and VoIP payloads, vendor notifications, windows, SMS, offline settings, app
//! conditions, targets):
//!
//! * every valid legacy message converts to a v2 request that validates (with the endpoint's
//!   audience check), or the migration names what it could not map;
//! * nothing is lost silently: every legacy field (each leaf of the message's official JSON
//!   form) is either mapped, needs nothing in v2, or is listed as unmapped;
//! * the JSON entry point gives the same migration as the typed one.

use getui_model::migrate::{self, Migration};
use getui_model::{AppMessage, ListMessage, SingleMessage, Target};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

type Field = (&'static str, BoxedStrategy<Value>);

/// An object of the class with each field present or absent.
fn object(class: &'static str, fields: Vec<Field>) -> BoxedStrategy<Value> {
    let parts: Vec<BoxedStrategy<Option<(String, Value)>>> = fields
        .into_iter()
        .map(|(key, s)| proptest::option::of(s.prop_map(move |v| (key.to_owned(), v))).boxed())
        .collect();
    parts
        .prop_map(move |entries| {
            let mut map = Map::new();
            if !class.is_empty() {
                map.insert("class".into(), json!(class));
            }
            map.extend(entries.into_iter().flatten());
            Value::Object(map)
        })
        .boxed()
}

fn s(pattern: &'static str) -> BoxedStrategy<Value> {
    pattern.prop_map(Value::String).boxed()
}

fn text() -> BoxedStrategy<Value> {
    prop_oneof![4 => s("[A-Za-z0-9 ]{1,20}"), 1 => Just(json!("")), 1 => s("[a-z]{45,60}")].boxed()
}

fn url() -> BoxedStrategy<Value> {
    prop_oneof![Just(json!("")), s("https://e\\.com/[a-z]{1,12}")].boxed()
}

fn boolean() -> BoxedStrategy<Value> {
    any::<bool>().prop_map(Value::from).boxed()
}

fn int(range: std::ops::RangeInclusive<i64>) -> BoxedStrategy<Value> {
    range.prop_map(Value::from).boxed()
}

fn intent() -> BoxedStrategy<Value> {
    s("intent:#Intent;component=com\\.e/\\.[A-Z][a-z]{1,6};S\\.k=[a-z]{1,4};end")
}

fn duration() -> BoxedStrategy<Value> {
    prop_oneof![
        (1_400_000_000_000_i64..1_900_000_000_000, 0_i64..3_000_000)
            .prop_map(|(b, d)| json!({"beginMs": b, "endMs": b + d})),
        Just(json!({"begin": "2015-03-06 14:36:10", "end": "2015-03-06 14:46:20"})),
        Just(json!({"begin": "2024-02-29 00:00:00", "end": "2024-02-29 00:05:00"})),
    ]
    .boxed()
}

fn sms() -> BoxedStrategy<Value> {
    Just(
        json!({"class": "SmsMessage", "smsTemplateId": "tpl", "isApplink": false,
                "smsContent": {"name": "v"}, "offlineSendtime": 1000}),
    )
    .boxed()
}

fn switches() -> Vec<Field> {
    vec![
        ("isRing", boolean()),
        ("isVibrate", boolean()),
        ("isClearable", boolean()),
    ]
}

fn channel() -> Vec<Field> {
    vec![
        (
            "channel",
            prop_oneof![Just(json!("Default")), s("[a-z]{1,8}")].boxed(),
        ),
        (
            "channelName",
            prop_oneof![Just(json!("Default")), s("[A-Z][a-z]{1,8}")].boxed(),
        ),
        ("channelLevel", int(0..=4)),
    ]
}

fn style() -> BoxedStrategy<Value> {
    let text_style = |class| {
        let mut f = vec![
            ("title", text()),
            ("text", text()),
            ("logo", s("[a-z]{0,6}")),
            ("logoUrl", url()),
        ];
        f.extend(switches());
        f.extend(channel());
        object(class, f)
    };
    let mut s4 = vec![("logo", s("[a-z]{0,6}")), ("banner_url", url())];
    s4.extend(switches());
    s4.extend(channel());
    let mut s6 = vec![
        ("title", text()),
        ("text", text()),
        (
            "bigStyle",
            prop_oneof![
                Just(json!("")),
                Just(json!("1")),
                Just(json!(2)),
                Just(json!("3"))
            ]
            .boxed(),
        ),
        ("bigImageUrl", url()),
        ("bigText", text()),
        ("bannerUrl", url()),
    ];
    s6.extend(switches());
    prop_oneof![
        text_style("Style0"),
        text_style("Style1"),
        object("Style4", s4),
        object("Style6", s6),
    ]
    .boxed()
}

fn apn_info() -> BoxedStrategy<Value> {
    let simple = s("[a-z ]{1,12}").prop_map(|t| json!({"class": "SimpleAlertMsg", "alertMsg": t}));
    let dictionary = object(
        "DictionaryAlertMsg",
        vec![
            ("title", s("[a-z]{0,8}")),
            ("body", s("[a-z]{1,8}")),
            ("subtitle", s("[a-z]{0,8}")),
            ("locKey", s("[a-z]{1,8}")),
            (
                "locArgs",
                proptest::collection::vec(s("[a-z]{1,4}"), 0..3)
                    .prop_map(Value::from)
                    .boxed(),
            ),
            ("launchImage", s("[a-z]{1,8}")),
            ("summaryArg", s("[a-z]{0,4}")),
            ("summaryArgCount", int(0..=3)),
        ],
    )
    .prop_map(|mut d| {
        d["body"] = json!("always");
        d
    });
    let media = object(
        "MultiMedia",
        vec![("resId", s("[a-z]{0,3}")), ("onlyWifi", boolean())],
    )
    .prop_flat_map(|m| {
        (Just(m), 1_i64..=3, s("https://e\\.com/[a-z]{1,6}")).prop_map(|(mut m, t, u)| {
            m["resType"] = json!(t);
            m["resUrl"] = u;
            m
        })
    });
    let payload = object(
        "APNPayload",
        vec![
            ("badge", int(-1..=9)),
            (
                "autoBadge",
                prop_oneof![Just(json!("+1")), Just(json!("5")), Just(json!("-1"))].boxed(),
            ),
            ("sound", s("[a-z]{0,6}")),
            ("sound_str", s("[a-z]{1,6}")),
            (
                "sound_d",
                object(
                    "Sound_Dictionary",
                    vec![
                        ("name", s("[a-z]{0,6}")),
                        ("critical", int(0..=1)),
                        (
                            "volume",
                            prop_oneof![Just(json!(0.5)), Just(json!(1.0))].boxed(),
                        ),
                    ],
                ),
            ),
            ("contentAvailable", int(0..=1)),
            ("category", s("[a-z]{0,6}")),
            ("threadId", s("[a-z]{0,6}")),
            ("apnsCollapseId", s("[a-z]{0,6}")),
            (
                "customMsg",
                proptest::collection::btree_map("[a-z]{1,5}", "[a-z]{0,5}", 0..3)
                    .prop_map(|m| json!(m))
                    .boxed(),
            ),
            ("voicePlayType", int(0..=2)),
            ("voicePlayMessage", s("[a-z]{0,6}")),
            (
                "multiMedia",
                proptest::collection::vec(media, 0..=3)
                    .prop_map(Value::from)
                    .boxed(),
            ),
        ],
    )
    .prop_flat_map(move |p| {
        (
            Just(p),
            prop_oneof![simple.clone().boxed(), dictionary.clone().boxed()],
        )
            .prop_map(|(mut p, alert)| {
                p["alertMsg"] = alert;
                p
            })
    });
    prop_oneof![
        4 => payload,
        1 => s("[a-z{}:\"]{0,12}").prop_map(|p| json!({"class": "VoIPPayload", "voIPPayload": p})),
    ]
    .boxed()
}

fn notify_info() -> BoxedStrategy<Value> {
    let kv = (
        "[a-z/]{1,8}",
        "[a-z0-9]{0,4}",
        prop_oneof![
            Just("HW"),
            Just("XM"),
            Just("OP"),
            Just("VV"),
            Just("MZ"),
            Just("FCM"),
            Just("ALL")
        ],
    )
        .prop_map(|(k, v, c)| json!({"key": k, "value": v, "constains": c}));
    object(
        "Notify",
        vec![
            ("payload", s("[a-z]{0,8}")),
            ("type", int(0..=3)),
            ("url", s("https://e\\.com/[a-z]{0,6}")),
            ("intent", intent()),
            (
                "extKVList",
                proptest::collection::vec(kv, 0..4)
                    .prop_map(Value::from)
                    .boxed(),
            ),
        ],
    )
    .prop_flat_map(|n| {
        (Just(n), text(), text()).prop_map(|(mut n, t, c)| {
            n["title"] = t;
            n["content"] = c;
            n
        })
    })
    .boxed()
}

/// The attachments every template takes.
fn common() -> Vec<Field> {
    vec![
        ("appId", s("[A-Za-z0-9]{0,8}")),
        ("appKey", s("[A-Za-z0-9]{0,8}")),
        ("duration", duration()),
        ("smsInfo", sms()),
        ("apnInfo", apn_info()),
    ]
}

fn with(mut fields: Vec<Field>, more: Vec<Field>) -> Vec<Field> {
    fields.extend(more);
    fields
}

fn template() -> BoxedStrategy<Value> {
    let content = || prop_oneof![Just(json!("")), s("\\{\"k\": [0-9]{1,3}\\}")].boxed();
    let notification_row = |title: &'static str,
                            text_key: &'static str,
                            logo: &'static str,
                            logo_url: &'static str| {
        let mut f = vec![
            (title, text()),
            (text_key, text()),
            (logo, s("[a-z]{0,6}")),
            (logo_url, url()),
            ("notifyid", int(0..=99)),
            ("notifyStyle", int(0..=1)),
            ("style", style()),
            ("transmissionType", int(0..=2)),
            ("transmissionContent", content()),
        ];
        f.extend(switches());
        f.extend(channel());
        f
    };
    let transmission = object(
        "TransmissionTemplate",
        with(
            common(),
            vec![
                ("transmissionType", int(0..=2)),
                ("transmissionContent", content()),
                ("notifyInfo", notify_info()),
                ("style", style()),
                (
                    "blackThirdParty",
                    proptest::sample::subsequence(vec!["HW", "XM", "VV", "MZ", "OP", "FCM"], 0..=3)
                        .prop_map(|v| json!(v))
                        .boxed(),
                ),
            ],
        ),
    );
    let notification = object(
        "NotificationTemplate",
        with(
            common(),
            notification_row("title", "text", "logo", "logoURL"),
        ),
    );
    let link = object(
        "LinkTemplate",
        with(
            common(),
            with(
                notification_row("title", "text", "logo", "logoURL"),
                vec![("url", url())],
            ),
        ),
    );
    let noty = object(
        "NotyPopLoadTemplate",
        with(
            common(),
            with(
                notification_row("notyTitle", "notyContent", "notyIcon", "logoUrl"),
                vec![
                    ("popTitle", s("[a-z]{0,6}")),
                    ("popContent", s("[a-z]{0,6}")),
                    ("popButton1", s("[a-z]{0,3}")),
                    ("loadUrl", url()),
                    ("isAutoInstall", boolean()),
                    ("androidMark", s("[a-z]{0,3}")),
                ],
            ),
        ),
    );
    let mut activity_fields = vec![
        ("title", text()),
        ("text", text()),
        ("logo", s("[a-z]{0,6}")),
        ("logoURL", url()),
        ("notifyStyle", int(0..=1)),
        ("notifyid", int(0..=3)),
        ("transmissionContent", content()),
    ];
    activity_fields.extend(switches());
    let activity =
        object("StartActivityTemplate", with(common(), activity_fields)).prop_flat_map(|t| {
            (Just(t), intent()).prop_map(|(mut t, i)| {
                t["intent"] = i;
                t
            })
        });
    let revoke = object(
        "RevokeTemplate",
        with(
            common(),
            vec![
                ("oldTaskId", s("[A-Za-z0-9_-]{0,16}")),
                ("force", boolean()),
                ("transmissionContent", content()),
                ("transmissionType", int(0..=1)),
            ],
        ),
    );
    let apn = object("APNTemplate", common());
    prop_oneof![
        3 => transmission,
        3 => notification,
        2 => link,
        1 => noty,
        2 => activity,
        1 => revoke,
        1 => apn,
    ]
    .boxed()
}

fn message_fields() -> Vec<Field> {
    vec![
        ("isOffline", boolean()),
        (
            "offlineExpireTime",
            prop_oneof![
                Just(json!(0)),
                int(1..=259_200_000),
                int(259_200_001..=400_000_000)
            ]
            .boxed(),
        ),
        ("pushNetWorkType", int(0..=2)),
        ("priority", int(0..=1)),
    ]
}

fn message(class: &'static str, more: Vec<Field>) -> BoxedStrategy<Value> {
    (object(class, with(message_fields(), more)), template())
        .prop_map(|(mut m, t)| {
            m["data"] = t;
            m
        })
        .boxed()
}

fn target() -> BoxedStrategy<Value> {
    object(
        "Target",
        vec![
            ("appId", s("[A-Z]{0,4}")),
            ("clientId", s("[a-f0-9]{0,32}")),
            ("alias", s("[a-z]{0,8}")),
        ],
    )
}

fn app_fields() -> Vec<Field> {
    let list = |p: &'static str| {
        proptest::collection::vec(s(p), 0..3)
            .prop_map(Value::from)
            .boxed()
    };
    let condition = (
        prop_oneof![
            Just("phoneType"),
            Just("region"),
            Just("tag"),
            Just("portrait")
        ],
        proptest::collection::vec("[A-Za-z0-9]{1,6}", 0..3),
        0..=2_i64,
    )
        .prop_map(|(k, v, o)| json!({"key": k, "values": v, "optType": o}));
    vec![
        ("appIdList", list("[A-Z]{1,4}")),
        ("phoneTypeList", list("(ANDROID|IOS)")),
        ("provinceList", list("[0-9]{8}")),
        ("tagList", list("[a-z]{1,5}")),
        (
            "conditions",
            proptest::collection::vec(condition, 0..4)
                .prop_map(|c| json!({"class": "AppConditions", "condition": c}))
                .boxed(),
        ),
        ("speed", int(0..=1000)),
        ("tag", s("[a-z]{0,5}")),
        (
            "pushTime",
            prop_oneof![
                Just(json!("")),
                Just(json!("203001011200")),
                s("20[0-9]{10}"),
                Just(json!("soon"))
            ]
            .boxed(),
        ),
    ]
}

/// The leaves of a JSON value (`a.b[0].c`), without `class` and nulls.
fn leaves(value: &Value, at: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if k != "class" {
                    let path = if at.is_empty() {
                        k.clone()
                    } else {
                        format!("{at}.{k}")
                    };
                    leaves(v, &path, out);
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                leaves(v, &format!("{at}[{i}]"), out);
            }
        }
        Value::Null => {}
        _ => out.push(at.to_owned()),
    }
}

fn within(path: &str, ancestor: &str) -> bool {
    path.strip_prefix(ancestor)
        .is_some_and(|r| r.is_empty() || r.starts_with('.') || r.starts_with('['))
}

/// The two properties every migration must have.
fn check(m: &Migration, legacy: &Value) -> Result<(), TestCaseError> {
    // Validates, or names what it could not map.
    if m.unmapped.is_empty() {
        prop_assert!(
            m.validate().is_ok(),
            "complete but invalid: {:?}\n{:#?}",
            m.validate(),
            m.request
        );
    } else if let Err(e) = m.validate() {
        prop_assert!(
            m.unmapped
                .iter()
                .any(|u| u.reason == migrate::Reason::RejectedByV2
                    || u.detail.contains("no audience")
                    || u.field == "data"),
            "invalid ({e}) without naming why: {:#?}",
            m.unmapped
        );
    }
    // Nothing lost silently.
    let mut paths = Vec::new();
    leaves(legacy, "", &mut paths);
    let covered: Vec<&str> = m
        .mapped
        .iter()
        .map(|x| x.legacy.as_str())
        .chain(
            m.unmapped
                .iter()
                .map(|u| u.field.as_str())
                .filter(|f| *f != "data"),
        )
        .collect();
    for path in paths {
        prop_assert!(
            covered.iter().any(|c| within(&path, c)),
            "legacy field {path} neither mapped nor listed\n{legacy:#}"
        );
    }
    // Every unmapped entry has an explanation.
    prop_assert!(m.unmapped.iter().all(|u| !u.detail.is_empty()));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 384, ..ProptestConfig::default() })]

    #[test]
    fn single_messages(message in message("IGtSingleMessage", vec![]), target in target()) {
        let Ok(typed) = serde_json::from_value::<SingleMessage>(message.clone()) else {
            return Err(TestCaseError::reject("not a legacy message"));
        };
        prop_assume!(typed.validate().is_ok());
        let target: Target = serde_json::from_value(target).unwrap();
        let m = migrate::single(&typed, &target);
        let mut legacy = serde_json::to_value(&typed).unwrap();
        legacy["target"] = serde_json::to_value(&target).unwrap();
        check(&m, &legacy)?;
        let envelope = json!({"message": typed, "target": target});
        prop_assert_eq!(migrate::from_json(&envelope.to_string()).unwrap(), m);
    }

    #[test]
    fn list_messages(message in message("IGtListMessage", vec![])) {
        let Ok(typed) = serde_json::from_value::<ListMessage>(message.clone()) else {
            return Err(TestCaseError::reject("not a legacy message"));
        };
        prop_assume!(typed.validate().is_ok());
        let m = migrate::list(&typed);
        check(&m, &serde_json::to_value(&typed).unwrap())?;
        prop_assert_eq!(migrate::from_json_value(serde_json::to_value(&typed).unwrap()).unwrap(), m);
    }

    #[test]
    fn app_messages(message in message("IGtAppMessage", app_fields())) {
        let Ok(typed) = serde_json::from_value::<AppMessage>(message.clone()) else {
            return Err(TestCaseError::reject("not a legacy message"));
        };
        prop_assume!(typed.validate().is_ok());
        let m = migrate::app(&typed);
        check(&m, &serde_json::to_value(&typed).unwrap())?;
        prop_assert_eq!(migrate::from_json_value(serde_json::to_value(&typed).unwrap()).unwrap(), m);
    }
}

/// Templates holding only what v2 takes, within the v2 limits.
fn clean_template() -> BoxedStrategy<Value> {
    let t = || s("[A-Za-z0-9]{1,20}");
    let row = |class: &'static str, more: Vec<Field>| {
        object(
            class,
            with(
                vec![
                    ("logo", s("[a-z]{0,6}")),
                    ("logoURL", url()),
                    ("notifyid", int(0..=99)),
                    (
                        "duration",
                        (
                            1_400_000_000_000_i64..1_900_000_000_000,
                            600_001_i64..9_000_000,
                        )
                            .prop_map(|(b, d)| json!({"beginMs": b, "endMs": b + d}))
                            .boxed(),
                    ),
                ],
                with(channel(), more),
            ),
        )
        .prop_flat_map(move |o| {
            (Just(o), t(), t()).prop_map(|(mut o, a, b)| {
                o["title"] = a;
                o["text"] = b;
                o
            })
        })
        .boxed()
    };
    prop_oneof![
        s("[a-z]{1,30}").prop_map(|c| json!({"class": "TransmissionTemplate", "transmissionContent": c,
            "apnInfo": {"class": "APNPayload", "alertMsg": {"class": "SimpleAlertMsg", "alertMsg": c},
                        "badge": 1, "category": "c", "multiMedia": [{"resType": 1, "resUrl": "https://e.com/p"}]},
            "notifyInfo": {"title": "T", "content": c, "type": 2, "url": "https://e.com",
                           "extKVList": [{"key": "k", "value": c, "constains": "XM"}]},
            "blackThirdParty": ["HW"]})),
        row("NotificationTemplate", vec![("transmissionContent", s("[a-z]{0,8}"))]),
        row("LinkTemplate", vec![]).prop_flat_map(|o| (Just(o), s("https://e\\.com/[a-z]{1,8}"))
            .prop_map(|(mut o, u)| { o["url"] = u; o })),
        s("[A-Za-z0-9]{1,16}").prop_map(|id| json!({"class": "RevokeTemplate", "oldTaskId": id})),
    ]
    .boxed()
}

proptest! {
    #[test]
    fn clean_messages_migrate_completely_and_validate(
        data in clean_template(),
        offline in any::<bool>(),
        ttl in 0_i64..=259_200_000,
        wifi in any::<bool>(),
        cid in "[a-f0-9]{32}",
    ) {
        let message: SingleMessage = serde_json::from_value(json!({"class": "IGtSingleMessage",
            "isOffline": offline, "offlineExpireTime": if offline { ttl } else { 0 }, "pushNetWorkType": i32::from(wifi),
            "data": data})).unwrap();
        prop_assume!(message.validate().is_ok());
        let m = migrate::single(&message, &Target::client("A", cid));
        prop_assert!(m.is_complete(), "{:#?}", m.unmapped);
        prop_assert!(m.validate().is_ok(), "{:?}", m.validate());
    }
}

#[test]
fn the_generators_reach_complete_migrations() {
    // The properties above are not vacuous: common messages do migrate completely.
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = message("IGtSingleMessage", vec![]);
    let (mut complete, mut partial) = (0, 0);
    for _ in 0..300 {
        let value = strategy.new_tree(&mut runner).unwrap().current();
        let Ok(typed) = serde_json::from_value::<SingleMessage>(value) else {
            continue;
        };
        if typed.validate().is_err() {
            continue;
        }
        let m = migrate::single(&typed, &Target::client("A", "cid"));
        if m.is_complete() {
            complete += 1;
        } else {
            partial += 1;
        }
    }
    assert!(
        complete > 0 && partial > 0,
        "complete {complete}, partial {partial}"
    );
}
