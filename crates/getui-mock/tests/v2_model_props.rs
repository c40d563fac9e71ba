//! Property tests: every REST v2 model value that validates is serialized by the SDK's
//! protocol layer (the action's path and body, byte for byte what a client sends) into a
//! request that getui-mock's request parser ([`getui_mock::parse_v2_request`], the server's
//! own router and body parser) reads back as the same value.
//!
//! Strategies: push requests with settings (ttl, strategy, speed, schedule, callback, filters),
//! a message (notification with each click type, transmission, revoke; duration, network
//! type) and vendor channels (Android ups, iOS APNs, Harmony), with every audience form
//! (cid, alias, tag conditions, fast custom tag, cid_by_tag, all); batches; list pushes; alias
//! bindings; badges; user-count conditions. Values are generated mostly valid; one that does
//! not validate is refused by the action's constructor and skipped, and
//! `strategies_mostly_validate` checks that most values do, so the properties are not vacuous.

use getui_mock::{parse_v2_request, V2Body};
use getui_model::v2::audience::{Audience, CidByTag, CidByTagOp, Condition, OptType};
use getui_model::v2::channel::{
    Alert, Android, Aps, Harmony, HarmonyNotification, Ios, PushChannel, ThirdNotification, Ups,
};
use getui_model::v2::push::{
    AudienceRequest, BatchPushRequest, ClickType, Notification, PushMessage, PushRequest, Revoke,
};
use getui_model::v2::settings::{Settings, Strategy as Channels};
use getui_model::v2::user::{AliasRequest, Badge, CidAlias};
use getui_protocol::v2::action::{self, Action};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};

const APP: &str = "PropAppId00000000001";

/// What the mock reads from `action` as a client would send it.
fn through_mock<A: Action>(a: &A) -> V2Body {
    let mut path = format!("/v2/{APP}");
    a.write_path(&mut path);
    let body = a.body().unwrap_or_default();
    let parsed = parse_v2_request(a.method().as_str(), &path, &body)
        .unwrap_or_else(|r| panic!("the mock refused {path}: {r:?}"));
    assert_eq!(parsed.app_id, APP);
    assert_eq!(parsed.endpoint, A::ENDPOINT);
    parsed.body
}

fn word() -> impl Strategy<Value = String> {
    "[A-Za-z0-9_-]{1,12}"
}

/// Short text, sometimes with non-ASCII and JSON-special characters.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[A-Za-z0-9 ,.!?_-]{1,30}",
        1 => "[\u{4e00}-\u{4e20}\"\\\\/\n\t😀é]{1,10}",
    ]
}

fn cid() -> impl Strategy<Value = String> {
    "[a-f0-9]{32}"
}

fn settings() -> impl Strategy<Value = Settings> {
    (
        prop::option::of(prop_oneof![Just(-1i64), 60_000i64..=259_200_000]),
        prop::option::of((0i64..=4, 0i64..=4, 0i64..=4)),
        prop::option::of(0i64..=10_000),
        prop::option::of(1_900_000_000_000i64..=1_999_999_999_999),
        prop::option::of("https://cb\\.example/[a-z]{1,8}"),
        prop::option::of(any::<bool>()),
        prop::option::of(any::<bool>()),
    )
        .prop_map(
            |(ttl, strategy, speed, schedule, callback, filter, backup)| {
                let mut s = Settings::new();
                s.ttl = ttl;
                s.strategy =
                    strategy.map(|(d, ios, hw)| Channels::new().default_channel(d).ios(ios).hw(hw));
                s.speed = speed;
                s.schedule_time = schedule;
                s.custom_callback = callback;
                s.filter_notify_off = filter;
                s.need_backup = backup;
                s
            },
        )
}

fn notification() -> impl Strategy<Value = Notification> {
    (
        text(),
        text(),
        0..4usize,
        prop::option::of(0i64..=4),
        prop::option::of(text()),
    )
        .prop_map(|(title, body, click, level, big_text)| {
            let click_type = [
                ClickType::Startapp,
                ClickType::Url,
                ClickType::Payload,
                ClickType::None,
            ][click];
            let mut n = Notification::new(title, body, click_type);
            match click {
                1 => n.url = Some("https://example.com/page".into()),
                2 => n.payload = Some("{\"k\":1}".into()),
                _ => {}
            }
            n.channel_level = level;
            n.big_text = big_text;
            n
        })
}

fn message() -> impl Strategy<Value = PushMessage> {
    (
        prop_oneof![
            notification().prop_map(PushMessage::notification),
            text().prop_map(PushMessage::transmission),
            word().prop_map(|t| PushMessage::revoke(Revoke::new(t))),
        ],
        prop::option::of(0i64..=1),
        prop::option::of((1_900_000_000_000i64..1_950_000_000_000, 1i64..1_000_000_000)),
    )
        .prop_map(|(mut m, network, duration)| {
            m.network_type = network;
            m.duration = duration.map(|(begin, len)| format!("{begin}-{}", begin + len));
            m
        })
}

fn channel() -> impl Strategy<Value = PushChannel> {
    (
        prop::option::of(prop_oneof![
            (text(), text()).prop_map(|(t, b)| {
                let mut ups = Ups::new();
                ups.notification = Some(ThirdNotification::new(t, b, ClickType::Startapp));
                ups
            }),
            text().prop_map(|t| {
                let mut ups = Ups::new();
                ups.transmission = Some(t);
                ups
            }),
        ]),
        prop::option::of((
            text(),
            text(),
            prop::option::of("\\+[1-9]|[0-9]{1,2}"),
            prop::option::of(text()),
        )),
        prop::option::of((text(), text())),
    )
        .prop_map(|(ups, ios, harmony)| {
            let mut c = PushChannel::new();
            c.android = ups.map(|ups| {
                let mut a = Android::new();
                a.ups = Some(ups);
                a
            });
            c.ios = ios.map(|(title, body, auto_badge, payload)| {
                let mut alert = Alert::new();
                alert.title = Some(title);
                alert.body = Some(body);
                let mut aps = Aps::new();
                aps.alert = Some(alert);
                aps.sound = Some("default".into());
                let mut ios = Ios::new();
                ios.aps = Some(aps);
                ios.auto_badge = auto_badge;
                ios.payload = payload;
                ios
            });
            c.harmony = harmony.map(|(t, b)| {
                let mut h = Harmony::new();
                h.notification = Some(HarmonyNotification::new(t, b, ClickType::Startapp));
                h
            });
            c
        })
}

fn condition() -> impl Strategy<Value = Condition> {
    (
        prop::sample::select(vec!["phone_type", "region", "custom_tag", "portrait"]),
        prop::collection::vec(word(), 1..4),
        prop::sample::select(vec![OptType::Or, OptType::And, OptType::Not]),
    )
        .prop_map(|(key, values, op)| Condition::new(key, values, op))
}

fn audience() -> impl Strategy<Value = Option<Audience>> {
    prop_oneof![
        cid().prop_map(|c| Some(Audience::Cid(vec![c]))),
        (word(), prop::option::of(word())).prop_map(|(a, t)| Some(Audience::Alias {
            alias: vec![a],
            alias_type: t,
        })),
        prop::collection::vec(condition(), 1..4).prop_map(|c| Some(Audience::Tag(c))),
        word().prop_map(|t| Some(Audience::FastCustomTag(t))),
        (cid(), prop::collection::vec(word(), 1..3)).prop_map(|(c, tags)| Some(
            Audience::CidByTag(vec![CidByTag::new(c, tags, CidByTagOp::Or)])
        )),
        Just(Some(Audience::All)),
        Just(None),
    ]
}

fn push_request() -> impl Strategy<Value = PushRequest> {
    (
        prop::option::of("[A-Za-z0-9]{10,32}"),
        prop::option::of(word()),
        audience(),
        prop::option::of(settings()),
        message(),
        prop::option::of(channel()),
    )
        .prop_map(|(rid, group, audience, settings, message, channel)| {
            let mut p = PushRequest::new().push_message(message);
            p.request_id = rid;
            p.group_name = group;
            p.audience = audience;
            p.settings = settings;
            p.push_channel = channel;
            p
        })
}

/// The push endpoint for the request's audience: the action, and what the mock must read.
/// `None` when the request does not validate.
fn push_round_trip(p: &PushRequest) -> Option<(V2Body, PushRequest)> {
    fn check<A: Action>(a: A, p: &PushRequest, all: bool) -> (V2Body, PushRequest) {
        let mut expected = p.clone();
        // The action generates a request_id when there is none, and pushAll sends "all".
        expected.request_id = a.request_id().map(str::to_owned);
        if all {
            expected.audience = Some(Audience::All);
        }
        (through_mock(&a), expected)
    }
    Some(match &p.audience {
        Some(Audience::Cid(_)) => check(action::PushToSingleByCid::new(p).ok()?, p, false),
        Some(Audience::Alias { .. }) => check(action::PushToSingleByAlias::new(p).ok()?, p, false),
        Some(Audience::Tag(_)) => check(action::PushByTag::new(p).ok()?, p, false),
        Some(Audience::FastCustomTag(_)) => {
            check(action::PushByFastCustomTag::new(p).ok()?, p, false)
        }
        Some(Audience::CidByTag(_)) => check(action::PushToSingleCidByTag::new(p).ok()?, p, false),
        _ => check(action::PushAll::new(p).ok()?, p, true),
    })
}

fn badge() -> impl Strategy<Value = Badge> {
    prop_oneof![
        (0u32..10_000).prop_map(Badge::Add),
        (0u32..10_000).prop_map(Badge::Sub),
        any::<u32>().prop_map(Badge::Set),
        any::<i64>().prop_map(Badge::RawInt),
    ]
}

fn alias_request() -> impl Strategy<Value = AliasRequest> {
    (
        // aliases: letters, digits, `_` and Chinese characters
        prop::collection::vec((cid(), "[A-Za-z0-9_\u{4e00}-\u{4e10}]{1,16}"), 1..5),
        prop::option::of(word()),
    )
        .prop_map(|(pairs, alias_type)| {
            let mut r = AliasRequest::new(
                pairs
                    .into_iter()
                    .map(|(c, a)| CidAlias::new(c, a))
                    .collect(),
            );
            if let Some(t) = alias_type {
                r = r.alias_type(t);
            }
            r
        })
}

proptest! {
    #![proptest_config(Config { cases: 256, ..Config::default() })]

    #[test]
    fn push_requests_round_trip(p in push_request()) {
        if let Some((body, expected)) = push_round_trip(&p) {
            prop_assert_eq!(body, V2Body::Push(Box::new(expected)));
        }
    }

    #[test]
    fn list_messages_round_trip(p in push_request()) {
        let mut p = p;
        p.audience = None;
        if let Ok(a) = action::CreateListMsg::new(&p) {
            let mut expected = p.clone();
            expected.request_id = a.request_id().map(str::to_owned);
            expected.audience = Some(Audience::All);
            prop_assert_eq!(through_mock(&a), V2Body::Push(Box::new(expected)));
        }
    }

    #[test]
    fn batches_round_trip(items in prop::collection::vec(push_request(), 1..5), is_async in prop::option::of(any::<bool>())) {
        let items: Vec<PushRequest> = items.into_iter().map(|mut p| {
            p.audience = Some(Audience::Cid(vec![format!("{:032x}", p.request_id.as_deref().map_or(0, str::len))]));
            p
        }).collect();
        let mut batch = BatchPushRequest::new(items);
        batch.is_async = is_async;
        if let Ok(a) = action::PushBatchByCid::new(&batch) {
            let mut expected = batch.clone();
            for (item, id) in expected.msg_list.iter_mut().zip(a.request_ids()) {
                item.request_id = Some(id.clone());
            }
            prop_assert_eq!(through_mock(&a), V2Body::Batch(expected));
        }
    }

    #[test]
    fn list_pushes_round_trip(task in "RASL_[A-Za-z0-9]{8,20}", cids in prop::collection::vec(cid(), 1..20), is_async in prop::option::of(any::<bool>())) {
        let mut r = AudienceRequest::new(task, Audience::Cid(cids));
        r.is_async = is_async;
        let a = action::PushListByCid::new(&r).expect("a valid list push");
        prop_assert_eq!(through_mock(&a), V2Body::List(r));
    }

    #[test]
    fn conditions_round_trip(conditions in prop::collection::vec(condition(), 1..6)) {
        let a = action::QueryUserCount::new(&conditions).expect("valid conditions");
        prop_assert_eq!(through_mock(&a), V2Body::Conditions(conditions));
    }

    #[test]
    fn alias_requests_round_trip(r in alias_request()) {
        if let Ok(a) = action::BindAlias::new(&r) {
            prop_assert_eq!(through_mock(&a), V2Body::Alias(r.clone()));
        }
        if let Ok(a) = action::UnbindAlias::new(&r) {
            prop_assert_eq!(through_mock(&a), V2Body::Alias(r));
        }
    }

    #[test]
    fn badges_round_trip(badge in badge(), cids in prop::collection::vec(cid(), 1..5)) {
        let a = action::SetBadge::new(&cids, badge).expect("a valid badge");
        prop_assert_eq!(through_mock(&a), V2Body::Badge(badge));
    }
}

/// The strategies are not vacuous: most generated values validate (so the properties above
/// check them) and every audience form occurs among those that do.
#[test]
fn strategies_mostly_validate() {
    let mut runner = TestRunner::deterministic();
    let strategy = push_request();
    let (mut valid, mut forms) = (0, std::collections::BTreeSet::new());
    for _ in 0..400 {
        let p = strategy.new_tree(&mut runner).expect("a value").current();
        if push_round_trip(&p).is_some() {
            valid += 1;
            forms.insert(p.audience.as_ref().map_or("none", Audience::form_name));
        }
    }
    assert!(valid >= 200, "only {valid} of 400 push requests validate");
    assert!(forms.len() >= 6, "audience forms seen: {forms:?}");
    let aliases = alias_request();
    let valid_aliases = (0..100)
        .filter(|_| {
            let r = aliases.new_tree(&mut runner).expect("a value").current();
            action::BindAlias::new(&r).is_ok()
        })
        .count();
    assert!(
        valid_aliases >= 50,
        "only {valid_aliases} of 100 alias requests validate"
    );
}
