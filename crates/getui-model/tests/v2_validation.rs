//! One test per REST v2 validation rule: the field path (wire path from the request) and the
//! rule with the value seen.

use getui_model::v2::audience::{
    check_audience, Audience, AudienceForm, CidByTag, CidByTagOp, Condition, OptType,
};
use getui_model::v2::channel::{
    Alert, Android, Aps, Harmony, HarmonyCustom, HarmonyNotification, Ios, Multimedia, PushChannel,
    ThirdNotification, ThirdRevoke, Ups,
};
use getui_model::v2::push::{
    AudienceRequest, BatchPushRequest, ClickType, Notification, PushMessage, PushRequest, Revoke,
};
use getui_model::v2::settings::{Settings, Strategy};
use getui_model::{Rule, ValidationError};

const CID: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

fn note() -> Notification {
    Notification::new("title", "body", ClickType::None)
}

/// A valid single push to one cid, with the given message.
fn push(message: PushMessage) -> PushRequest {
    PushRequest::new()
        .request_id("request-0000001")
        .cid(CID)
        .push_message(message)
}

fn with_notification(n: Notification) -> PushRequest {
    push(PushMessage::notification(n))
}

fn with_channel(channel: PushChannel) -> PushRequest {
    push(PushMessage::notification(note())).push_channel(channel)
}

#[track_caller]
fn fails(result: Result<(), ValidationError>, field: &str, rule: Rule) {
    let err = result.expect_err("validation should fail");
    assert_eq!(err.field(), field, "{err}");
    assert_eq!(err.rule(), &rule, "{err}");
}

#[track_caller]
fn fails_constraint(result: Result<(), ValidationError>, field: &str) {
    let err = result.expect_err("validation should fail");
    assert_eq!(err.field(), field, "{err}");
    assert!(matches!(err.rule(), Rule::Constraint(_)), "{err}");
}

fn chars(n: usize) -> String {
    "字".repeat(n)
}

#[test]
fn a_valid_push_passes() {
    let request = with_notification(note());
    request.validate().unwrap();
    request.check_audience(AudienceForm::SingleCid).unwrap();
}

#[test]
fn request_id_is_10_to_32_characters_when_present() {
    fails(
        push(PushMessage::transmission("x"))
            .request_id("short")
            .validate(),
        "request_id",
        Rule::Range {
            min: 10,
            max: 32,
            actual: 5,
        },
    );
    fails(
        push(PushMessage::transmission("x"))
            .request_id("r".repeat(33))
            .validate(),
        "request_id",
        Rule::Range {
            min: 10,
            max: 32,
            actual: 33,
        },
    );
    push(PushMessage::transmission("x"))
        .request_id(chars(10))
        .validate()
        .unwrap();
    push(PushMessage::transmission("x"))
        .request_id("r".repeat(32))
        .validate()
        .unwrap();
    let mut no_id = push(PushMessage::transmission("x"));
    no_id.request_id = None;
    no_id.validate().unwrap();
}

#[test]
fn group_name_length_and_characters() {
    fails(
        push(PushMessage::transmission("x"))
            .group_name("g".repeat(101))
            .validate(),
        "group_name",
        Rule::MaxChars {
            max: 100,
            actual: 101,
        },
    );
    fails(
        push(PushMessage::transmission("x"))
            .group_name("a b")
            .validate(),
        "group_name",
        Rule::Pattern {
            pattern: "^[0-9A-Za-z_-]*$",
        },
    );
    push(PushMessage::transmission("x"))
        .group_name("oracle_group-1")
        .validate()
        .unwrap();
}

#[test]
fn push_message_is_required_and_holds_exactly_one_content() {
    let mut request = push(PushMessage::transmission("x"));
    request.push_message = None;
    fails(request.validate(), "push_message", Rule::Required);
    fails_constraint(push(PushMessage::new()).validate(), "push_message");
    fails_constraint(
        push(PushMessage::notification(note()).with_transmission("x")).validate(),
        "push_message",
    );
    fails_constraint(
        push(PushMessage::transmission("x").with_revoke(Revoke::new("RASS_1"))).validate(),
        "push_message",
    );
}

#[test]
fn transmission_is_non_empty_and_at_most_3072() {
    fails(
        push(PushMessage::transmission("")).validate(),
        "push_message.transmission",
        Rule::Required,
    );
    fails(
        push(PushMessage::transmission(chars(3073))).validate(),
        "push_message.transmission",
        Rule::MaxChars {
            max: 3072,
            actual: 3073,
        },
    );
    push(PushMessage::transmission(chars(3072)))
        .validate()
        .unwrap();
}

#[test]
fn notification_title_and_body() {
    let mut n = note();
    n.title = None;
    fails(
        with_notification(n).validate(),
        "push_message.notification.title",
        Rule::Required,
    );
    fails(
        with_notification(note().title("")).validate(),
        "push_message.notification.title",
        Rule::Required,
    );
    fails(
        with_notification(note().title(chars(51))).validate(),
        "push_message.notification.title",
        Rule::MaxChars {
            max: 50,
            actual: 51,
        },
    );
    let mut n = note();
    n.body = None;
    fails(
        with_notification(n).validate(),
        "push_message.notification.body",
        Rule::Required,
    );
    fails(
        with_notification(note().body(chars(257))).validate(),
        "push_message.notification.body",
        Rule::MaxChars {
            max: 256,
            actual: 257,
        },
    );
}

type Setter = fn(Notification, String) -> Notification;

#[test]
fn notification_lengths() {
    let cases: [(Setter, &str, usize); 7] = [
        (|n, v| n.big_text(v), "big_text", 512),
        (|n, v| n.big_image(v), "big_image", 1024),
        (|n, v| n.logo(v), "logo", 64),
        (|n, v| n.logo_url(v), "logo_url", 256),
        (|n, v| n.channel_id(v), "channel_id", 64),
        (|n, v| n.channel_name(v), "channel_name", 64),
        (
            |n, v| n.click_type(ClickType::Payload).payload(v),
            "payload",
            3072,
        ),
    ];
    for (set, key, max) in cases {
        with_notification(set(note(), chars(max)))
            .validate()
            .unwrap();
        fails(
            with_notification(set(note(), chars(max + 1))).validate(),
            &format!("push_message.notification.{key}"),
            Rule::MaxChars {
                max,
                actual: max + 1,
            },
        );
    }
}

#[test]
fn big_text_and_big_image_are_exclusive() {
    fails_constraint(
        with_notification(note().big_text("t").big_image("https://x/y.png")).validate(),
        "push_message.notification.big_image",
    );
}

#[test]
fn channel_level_0_to_4() {
    fails(
        with_notification(note().channel_level(5)).validate(),
        "push_message.notification.channel_level",
        Rule::Range {
            min: 0,
            max: 4,
            actual: 5,
        },
    );
    fails(
        with_notification(note().channel_level(-1)).validate(),
        "push_message.notification.channel_level",
        Rule::Range {
            min: 0,
            max: 4,
            actual: -1,
        },
    );
}

#[test]
fn click_type_is_required_with_its_companion() {
    let mut n = note();
    n.click_type = None;
    fails(
        with_notification(n).validate(),
        "push_message.notification.click_type",
        Rule::Required,
    );
    let at = "push_message.notification";
    fails(
        with_notification(note().click_type(ClickType::Intent)).validate(),
        &format!("{at}.intent"),
        Rule::Required,
    );
    fails(
        with_notification(note().click_type(ClickType::Url)).validate(),
        &format!("{at}.url"),
        Rule::Required,
    );
    fails(
        with_notification(note().click_type(ClickType::Payload)).validate(),
        &format!("{at}.payload"),
        Rule::Required,
    );
    fails(
        with_notification(note().click_type(ClickType::PayloadCustom)).validate(),
        &format!("{at}.payload"),
        Rule::Required,
    );
    fails(
        with_notification(note().click_type(ClickType::Url).url(chars(1025))).validate(),
        &format!("{at}.url"),
        Rule::MaxChars {
            max: 1024,
            actual: 1025,
        },
    );
    fails(
        with_notification(note().click_type(ClickType::Intent).intent(chars(4097))).validate(),
        &format!("{at}.intent"),
        Rule::MaxChars {
            max: 4096,
            actual: 4097,
        },
    );
    // Extra companions are allowed; the intent form is not checked.
    with_notification(
        note()
            .click_type(ClickType::Url)
            .url("https://www.example.com/a?b=c&d=中文")
            .intent("anything")
            .payload("p"),
    )
    .validate()
    .unwrap();
}

#[test]
fn notify_id_and_badge_add_num() {
    fails(
        with_notification(note().notify_id(2_147_483_648_i64)).validate(),
        "push_message.notification.notify_id",
        Rule::Range {
            min: 0,
            max: 2_147_483_647,
            actual: 2_147_483_648,
        },
    );
    with_notification(note().notify_id(2_147_483_647))
        .validate()
        .unwrap();
    fails(
        with_notification(note().badge_add_num(0)).validate(),
        "push_message.notification.badge_add_num",
        Rule::Range {
            min: 1,
            max: i64::MAX,
            actual: 0,
        },
    );
}

#[test]
fn java_only_notification_keys() {
    fails_constraint(
        with_notification(note().redisplay_freq(1)).validate(),
        "push_message.notification.redisplay_freq",
    );
    fails(
        with_notification(note().redisplay_duration(25)).validate(),
        "push_message.notification.redisplay_duration",
        Rule::Range {
            min: 0,
            max: 24,
            actual: 25,
        },
    );
    fails(
        with_notification(note().click_type(ClickType::Want)).validate(),
        "push_message.notification.want",
        Rule::Required,
    );
}

#[test]
fn duration_is_two_timestamps_more_than_10_minutes_apart() {
    let message = |d: &str| push(PushMessage::transmission("x").duration(d));
    message("1590547347000-1590633747000").validate().unwrap();
    fails(
        message("1590547347000-1590547947000").validate(),
        "push_message.duration",
        Rule::Range {
            min: 600_001,
            max: i64::MAX,
            actual: 600_000,
        },
    );
    for bad in [
        "",
        "1590547347000",
        "a-b",
        "1590547347000-",
        "-1590547347000",
    ] {
        fails(
            message(bad).validate(),
            "push_message.duration",
            Rule::Format {
                expected: "<begin ms>-<end ms>",
            },
        );
    }
}

#[test]
fn network_type_is_0_or_1() {
    fails(
        push(PushMessage::transmission("x").network_type(2)).validate(),
        "push_message.network_type",
        Rule::Range {
            min: 0,
            max: 1,
            actual: 2,
        },
    );
}

#[test]
fn revoke_needs_old_task_id() {
    fails(
        push(PushMessage::revoke(Revoke::new(""))).validate(),
        "push_message.revoke.old_task_id",
        Rule::Required,
    );
    push(PushMessage::revoke(Revoke::new("RASS_1").force(false)))
        .validate()
        .unwrap();
}

#[test]
fn settings_rules() {
    let with = |s: Settings| push(PushMessage::transmission("x")).settings(s);
    with(Settings::new()).validate().unwrap();
    with(Settings::new().ttl(-1)).validate().unwrap();
    with(Settings::new().ttl(259_200_000)).validate().unwrap();
    fails(
        with(Settings::new().ttl(259_200_001)).validate(),
        "settings.ttl",
        Rule::Range {
            min: -1,
            max: 259_200_000,
            actual: 259_200_001,
        },
    );
    fails(
        with(Settings::new().ttl(-2)).validate(),
        "settings.ttl",
        Rule::Range {
            min: -1,
            max: 259_200_000,
            actual: -2,
        },
    );
    fails(
        with(Settings::new().speed(-1)).validate(),
        "settings.speed",
        Rule::Range {
            min: 0,
            max: i64::MAX,
            actual: -1,
        },
    );
    fails(
        with(Settings::new().schedule_time(0)).validate(),
        "settings.schedule_time",
        Rule::Range {
            min: 1,
            max: i64::MAX,
            actual: 0,
        },
    );
    // Not compared with the clock: a time long past is accepted.
    with(Settings::new().schedule_time(1)).validate().unwrap();
    fails(
        with(Settings::new().strategy(Strategy::new().default_channel(4).hw(5))).validate(),
        "settings.strategy.hw",
        Rule::Range {
            min: 1,
            max: 4,
            actual: 5,
        },
    );
    fails(
        with(Settings::new().strategy(Strategy::new().set("anything", 0))).validate(),
        "settings.strategy.anything",
        Rule::Range {
            min: 1,
            max: 4,
            actual: 0,
        },
    );
    // Any value 1–4 for ios (advice, not a rule).
    with(Settings::new().strategy(Strategy::new().ios(3)))
        .validate()
        .unwrap();
    fails(
        with(Settings::new().ttl(1000).lst(1000)).validate(),
        "settings.lst",
        Rule::Range {
            min: 1,
            max: 999,
            actual: 1000,
        },
    );
    fails(
        with(Settings::new().active_push_platform(vec![1, 4])).validate(),
        "settings.active_push_platform[1]",
        Rule::Range {
            min: 1,
            max: 3,
            actual: 4,
        },
    );
}

#[test]
fn ups_holds_exactly_one_content() {
    let ups = |u: Ups| with_channel(PushChannel::new().ups(u));
    ups(Ups::new()).validate().unwrap();
    with_channel(PushChannel::new().android(Android::new()))
        .validate()
        .unwrap();
    fails_constraint(
        ups(Ups::new()
            .transmission("t")
            .revoke(ThirdRevoke::new("RASS_1")))
        .validate(),
        "push_channel.android.ups",
    );
    fails_constraint(
        ups(Ups::new().add_option(Some("HW"), "k", "v")).validate(),
        "push_channel.android.ups",
    );
    ups(Ups::new().transmission("t").add_option(None, "k", 1))
        .validate()
        .unwrap();
    fails(
        ups(Ups::new().transmission("")).validate(),
        "push_channel.android.ups.transmission",
        Rule::Required,
    );
    fails(
        ups(Ups::new().revoke(ThirdRevoke::default())).validate(),
        "push_channel.android.ups.revoke.old_task_id",
        Rule::Required,
    );
}

#[test]
fn third_notification_rules() {
    let at = "push_channel.android.ups.notification";
    let ups =
        |n: ThirdNotification| with_channel(PushChannel::new().ups(Ups::new().notification(n)));
    let ok = ThirdNotification::new("t", "b", ClickType::Startapp);
    ups(ok.clone()).validate().unwrap();
    let mut n = ok.clone();
    n.title = None;
    fails(ups(n).validate(), &format!("{at}.title"), Rule::Required);
    let mut n = ok.clone();
    n.body = None;
    fails(ups(n).validate(), &format!("{at}.body"), Rule::Required);
    let mut n = ok.clone();
    n.click_type = None;
    fails(
        ups(n).validate(),
        &format!("{at}.click_type"),
        Rule::Required,
    );
    fails(
        ups(ok.clone().title(chars(51))).validate(),
        &format!("{at}.title"),
        Rule::MaxChars {
            max: 50,
            actual: 51,
        },
    );
    fails(
        ups(ok.clone().click_type(ClickType::Url)).validate(),
        &format!("{at}.url"),
        Rule::Required,
    );
    fails(
        ups(ok.clone().click_type(ClickType::Intent)).validate(),
        &format!("{at}.intent"),
        Rule::Required,
    );
    fails(
        ups(ok.clone().click_type(ClickType::Payload)).validate(),
        &format!("{at}.payload"),
        Rule::Required,
    );
    fails_constraint(
        ups(ok.clone().click_type(ClickType::Want)).validate(),
        &format!("{at}.click_type"),
    );
    fails(
        ups(ok.notify_id(-1)).validate(),
        &format!("{at}.notify_id"),
        Rule::Range {
            min: 0,
            max: 2_147_483_647,
            actual: -1,
        },
    );
}

#[test]
fn ios_rules() {
    let ios = |i: Ios| with_channel(PushChannel::new().ios(i));
    for kind in ["notify", "voip", "liveactivity"] {
        ios(Ios::new().r#type(kind)).validate().unwrap();
    }
    fails_constraint(
        ios(Ios::new().r#type("apns")).validate(),
        "push_channel.ios.type",
    );
    for badge in ["+1", "-1", "5", "0"] {
        ios(Ios::new().auto_badge(badge)).validate().unwrap();
    }
    for badge in ["", "+", "1.5", "++1", " 1", "one"] {
        fails(
            ios(Ios::new().auto_badge(badge)).validate(),
            "push_channel.ios.auto_badge",
            Rule::Pattern {
                pattern: "^[+-]?[0-9]+$",
            },
        );
    }
    fails(
        ios(Ios::new().aps(
            Aps::new()
                .content_available(2)
                .alert(Alert::new().body("b")),
        ))
        .validate(),
        "push_channel.ios.aps.content-available",
        Rule::Range {
            min: 0,
            max: 1,
            actual: 2,
        },
    );
}

#[test]
fn multimedia_rules() {
    let ios =
        |items: Vec<Multimedia>| with_channel(PushChannel::new().ios(Ios::new().multimedia(items)));
    let item = || Multimedia::new("https://img.example.com/a.png", Multimedia::IMAGE);
    ios(vec![item(), item(), item()]).validate().unwrap();
    fails(
        ios(vec![item(), item(), item(), item()]).validate(),
        "push_channel.ios.multimedia",
        Rule::MaxItems { max: 3, actual: 4 },
    );
    fails(
        ios(vec![item(), Multimedia::new("", 1)]).validate(),
        "push_channel.ios.multimedia[1].url",
        Rule::Required,
    );
    fails(
        ios(vec![item(), item(), Multimedia::new("u", 4)]).validate(),
        "push_channel.ios.multimedia[2].type",
        Rule::Range {
            min: 1,
            max: 3,
            actual: 4,
        },
    );
    let mut no_type = item();
    no_type.r#type = None;
    fails(
        ios(vec![no_type]).validate(),
        "push_channel.ios.multimedia[0].type",
        Rule::Required,
    );
}

#[test]
fn harmony_rules() {
    let h = |h: Harmony| with_channel(PushChannel::new().harmony(h));
    h(Harmony::new()).validate().unwrap();
    h(Harmony::new().transmission("t")).validate().unwrap();
    fails_constraint(
        h(Harmony::new()
            .transmission("t")
            .revoke(ThirdRevoke::new("x")))
        .validate(),
        "push_channel.harmony",
    );
    let n = HarmonyNotification::new("t", "b", ClickType::Want);
    fails(
        h(Harmony::new().notification(n.clone())).validate(),
        "push_channel.harmony.notification.want",
        Rule::Required,
    );
    h(Harmony::new().notification(n.want("{\"bundleName\":\"x\"}")))
        .validate()
        .unwrap();
    fails_constraint(
        h(Harmony::new().notification(HarmonyNotification::new("t", "b", ClickType::Url)))
            .validate(),
        "push_channel.harmony.notification.click_type",
    );
    fails(
        h(Harmony::new().notification(
            HarmonyNotification::new("t", "b", ClickType::Startapp).category(chars(51)),
        ))
        .validate(),
        "push_channel.harmony.notification.category",
        Rule::MaxChars {
            max: 50,
            actual: 51,
        },
    );
    fails_constraint(
        h(Harmony::new().add_custom("k", HarmonyCustom::new("other", "{}"))).validate(),
        "push_channel.harmony.custom.k.type",
    );
    h(Harmony::new().add_custom("k", HarmonyCustom::new("live_view", "{}")))
        .validate()
        .unwrap();
}

#[test]
fn condition_rules() {
    let tag = |c: Condition| {
        push(PushMessage::transmission("x"))
            .tag(vec![Condition::new("phone_type", ["IOS"], OptType::And), c])
    };
    tag(Condition::new("region", ["11000000"], OptType::Or))
        .validate()
        .unwrap();
    fails(
        tag(Condition::new("", ["v"], OptType::Or)).validate(),
        "audience.tag[1].key",
        Rule::Required,
    );
    fails(
        tag(Condition::new("k", Vec::<String>::new(), OptType::Or)).validate(),
        "audience.tag[1].values",
        Rule::Required,
    );
    let mut c = Condition::new("k", ["v"], OptType::Or);
    c.opt_type = None;
    fails(
        tag(c).validate(),
        "audience.tag[1].opt_type",
        Rule::Required,
    );
    // Standalone: relative names, or a prefix of the caller's choice (U16 `tag`).
    fails(
        Condition::new("", ["v"], OptType::Not).validate(),
        "key",
        Rule::Required,
    );
    fails(
        Condition::new("", ["v"], OptType::Not).validate_at("tag[0]"),
        "tag[0].key",
        Rule::Required,
    );
}

#[test]
fn audience_targets_are_non_empty() {
    let with = |a: Audience| push(PushMessage::transmission("x")).audience(a);
    fails(
        with(Audience::Cid(vec![])).validate(),
        "audience.cid",
        Rule::Required,
    );
    fails(
        with(Audience::cid_list([""])).validate(),
        "audience.cid[0]",
        Rule::Required,
    );
    fails(
        with(Audience::cid_list(["c", ""])).validate(),
        "audience.cid[1]",
        Rule::Required,
    );
    fails(
        with(Audience::alias_list([""])).validate(),
        "audience.alias[0]",
        Rule::Required,
    );
    fails(
        with(Audience::Tag(vec![])).validate(),
        "audience.tag",
        Rule::Required,
    );
    fails(
        with(Audience::FastCustomTag(String::new())).validate(),
        "audience.fast_custom_tag",
        Rule::Required,
    );
    fails(
        with(Audience::CidByTag(vec![])).validate(),
        "audience.cid_by_tag",
        Rule::Required,
    );
    // Alias characters are not checked.
    with(Audience::alias_list(["别名 with space/?"]))
        .validate()
        .unwrap();
}

#[test]
fn cid_by_tag_rules() {
    let with = |c: CidByTag| push(PushMessage::transmission("x")).cid_by_tag(vec![c]);
    with(CidByTag::new(CID, ["vip"], CidByTagOp::Not))
        .validate()
        .unwrap();
    fails(
        with(CidByTag::new(CID, ["vip"], CidByTagOp::Or).op_type(3)).validate(),
        "audience.cid_by_tag[0].op_type",
        Rule::Range {
            min: 0,
            max: 2,
            actual: 3,
        },
    );
    let mut no_op = CidByTag::new(CID, ["vip"], CidByTagOp::And);
    no_op.op_type = None;
    fails(
        with(no_op).validate(),
        "audience.cid_by_tag[0].op_type",
        Rule::Required,
    );
    fails(
        with(CidByTag::new("", ["vip"], CidByTagOp::And)).validate(),
        "audience.cid_by_tag[0].cid",
        Rule::Required,
    );
    fails(
        with(CidByTag::new(CID, Vec::<String>::new(), CidByTagOp::And)).validate(),
        "audience.cid_by_tag[0].tag",
        Rule::Required,
    );
}

#[test]
fn per_endpoint_audience_forms() {
    let base = || push(PushMessage::transmission("x"));
    // Single pushes: exactly one cid / alias.
    base().check_audience(AudienceForm::SingleCid).unwrap();
    fails(
        base()
            .cid_list(["a", "b"])
            .check_audience(AudienceForm::SingleCid),
        "audience.cid",
        Rule::MaxItems { max: 1, actual: 2 },
    );
    fails(
        base()
            .audience(Audience::Cid(vec![]))
            .check_audience(AudienceForm::SingleCid),
        "audience.cid",
        Rule::Required,
    );
    fails_constraint(
        base().alias("a").check_audience(AudienceForm::SingleCid),
        "audience",
    );
    base()
        .alias("a")
        .check_audience(AudienceForm::SingleAlias)
        .unwrap();
    let mut none = base();
    none.audience = None;
    fails(
        none.check_audience(AudienceForm::SingleCid),
        "audience",
        Rule::Required,
    );
    // push_all / list message: "all" or nothing.
    none.check_audience(AudienceForm::AllOrNone).unwrap();
    base()
        .all()
        .check_audience(AudienceForm::AllOrNone)
        .unwrap();
    fails_constraint(base().check_audience(AudienceForm::AllOrNone), "audience");
    // Tag pushes need at least one condition.
    fails(
        base().tag(vec![]).check_audience(AudienceForm::Tag),
        "audience.tag",
        Rule::Required,
    );
    fails(
        base()
            .fast_custom_tag("")
            .check_audience(AudienceForm::FastCustomTag),
        "audience.fast_custom_tag",
        Rule::Required,
    );
    // List pushes: 1..=max.
    let cids: Vec<String> = (0..1001).map(|i| format!("cid{i}")).collect();
    let list = AudienceRequest::new("RASL_1", Audience::cid_list(cids.clone()));
    list.validate().unwrap();
    fails(
        list.check_audience(AudienceForm::CidList { max: 1000 }),
        "audience.cid",
        Rule::MaxItems {
            max: 1000,
            actual: 1001,
        },
    );
    AudienceRequest::new("RASL_1", Audience::cid_list(&cids[..1000]))
        .check_audience(AudienceForm::CidList { max: 1000 })
        .unwrap();
    fails_constraint(
        AudienceRequest::new("RASL_1", Audience::All).validate(),
        "audience",
    );
    fails(
        AudienceRequest::new("", Audience::cid_list(["c"])).validate(),
        "taskid",
        Rule::Required,
    );
    // The free function, as the protocol crate calls it.
    fails(
        check_audience(None, AudienceForm::Tag, "msg_list[3]"),
        "msg_list[3].audience",
        Rule::Required,
    );
}

#[test]
fn batch_rules() {
    fails(
        BatchPushRequest::new(vec![]).validate(),
        "msg_list",
        Rule::MinItems { min: 1, actual: 0 },
    );
    let item =
        |i: usize| push(PushMessage::transmission("x")).request_id(format!("request-{i:05}"));
    let full = BatchPushRequest::new((0..200).map(item).collect());
    full.validate().unwrap();
    full.check_audiences(AudienceForm::SingleCid).unwrap();
    fails(
        full.clone().push(item(200)).validate(),
        "msg_list",
        Rule::MaxItems {
            max: 200,
            actual: 201,
        },
    );
    let batch = BatchPushRequest::new(vec![item(0), item(1), item(2).request_id("bad")]);
    fails(
        batch.validate(),
        "msg_list[2].request_id",
        Rule::Range {
            min: 10,
            max: 32,
            actual: 3,
        },
    );
    let batch = BatchPushRequest::new(vec![
        item(0),
        push(PushMessage::notification(note().title(""))).request_id("request-00001"),
    ]);
    fails(
        batch.validate(),
        "msg_list[1].push_message.notification.title",
        Rule::Required,
    );
    let batch = BatchPushRequest::new(vec![item(0), item(1).alias("a")]);
    fails_constraint(
        batch.check_audiences(AudienceForm::SingleCid),
        "msg_list[1].audience",
    );
}

#[test]
fn standalone_validate_names_the_canonical_path() {
    fails(
        Notification::new("", "b", ClickType::None).validate(),
        "push_message.notification.title",
        Rule::Required,
    );
    fails_constraint(PushMessage::new().validate(), "push_message");
    fails(
        Settings::new().ttl(-5).validate(),
        "settings.ttl",
        Rule::Range {
            min: -1,
            max: 259_200_000,
            actual: -5,
        },
    );
    fails(
        Audience::cid_list([""]).validate(),
        "audience.cid[0]",
        Rule::Required,
    );
    fails(Multimedia::new("", 1).validate(), "url", Rule::Required);
}
