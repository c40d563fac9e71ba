//! Bad input: one test per validation rule of docs/protocol-legacy.md section 8 (and the template rules of
//! TEMPLATES.md), through both clients of the facade. Each refusal must be a validation error
//! for the right action, naming the field and the rule with its limit and the value seen, and
//! the mock must have received nothing at all (not even the host list request). Where a rule
//! has a limit, the value at the limit is accepted and sent, so the limit is exact.

#![cfg(all(feature = "async", feature = "blocking"))]

mod reliability_common;

use getui::action::ListPushOptions;
use getui::model::{
    AlertMsg, ApnInfo, ApnTemplate, ApnsPayload, AppConditions, AppMessage, DisplayWindow,
    ListMessage, MediaType, MultiMedia, NotificationTemplate, Notify, OptType, Rule, SingleMessage,
    SmsMessage, SoundDictionary, StartActivityTemplate, Target, Template, DISPLAY_WINDOW_FORMAT,
    INTENT_PATTERN,
};
use getui::{Error, ErrorKind};
use getui_mock::MockServer;
use reliability_common::*;

/// A mock and one client of each kind pointed at it.
struct Fixture {
    server: MockServer,
    a: getui::Client,
    b: Option<getui::blocking::Client>,
}

impl Fixture {
    async fn new() -> Fixture {
        let server = MockServer::start().await;
        let url = server.serviceex_url();
        let a = getui::Client::builder(APP_KEY, SECRET)
            .config(|c| fast(c).host(url.clone()))
            .build()
            .unwrap();
        let b = tokio::task::block_in_place(|| {
            getui::blocking::Client::builder(APP_KEY, SECRET)
                .config(|c| fast(c).host(url))
                .build()
                .unwrap()
        });
        Fixture {
            server,
            a,
            b: Some(b),
        }
    }

    fn b(&self) -> &getui::blocking::Client {
        self.b.as_ref().expect("present until drop")
    }

    #[track_caller]
    fn nothing_sent(&self) {
        let requests = self.server.requests();
        assert!(
            requests.is_empty(),
            "refused input must send nothing: {requests:#?}"
        );
    }

    /// After accepted calls: `n` requests of `action` reached the mock past authentication
    /// (the first call of a client also meets `sign_error` once and is re-sent).
    #[track_caller]
    fn sent(&self, action: &str, n: usize) {
        let authenticated = self
            .server
            .requests_for(action)
            .iter()
            .filter(|r| r.result() != Some("sign_error"))
            .count();
        assert_eq!(authenticated, n, "{action}");
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let b = self.b.take();
        tokio::task::block_in_place(move || drop(b));
    }
}

/// A validation error for `action` naming `field` and `rule` exactly.
#[track_caller]
fn check_refusal<T: std::fmt::Debug>(
    result: Result<T, Error>,
    action: &str,
    field: &str,
    rule: &Rule,
) {
    let err = result.expect_err("the input must be refused");
    assert_eq!(err.kind(), ErrorKind::Validation, "{err:?}");
    assert_eq!(err.action(), Some(action), "{err:?}");
    let broken = err.validation().expect("the broken rule");
    assert_eq!(broken.field(), field, "{err}");
    assert_eq!(broken.rule(), rule, "{err}");
    assert!(!err.is_retryable(), "{err:?}");
    // The message names the field and the limit.
    let text = err.to_string();
    assert!(text.contains(field), "{text}");
    assert!(text.contains(&rule.to_string()), "{text}");
}

/// The same call through the async and the blocking client: both refuse it the same way,
/// and nothing reaches the mock.
macro_rules! refused {
    ($fx:expr, $method:ident ( $($arg:expr),* $(,)? ), $action:expr, $field:expr, $rule:expr) => {{
        let fx = &$fx;
        let rule: Rule = $rule;
        check_refusal(fx.a.$method($($arg),*).await, $action, $field, &rule);
        check_refusal(
            tokio::task::block_in_place(|| fx.b().$method($($arg),*)),
            $action,
            $field,
            &rule,
        );
        fx.nothing_sent();
    }};
}

/// The call is not refused by validation (the mock may still answer with an API error).
#[track_caller]
fn not_refused<T: std::fmt::Debug>(result: Result<T, Error>) {
    if let Err(e) = result {
        assert_ne!(e.kind(), ErrorKind::Validation, "{e}");
    }
}

const SINGLE_ACTION: &str = "pushMessageToSingleAction";
const CONTENT_ID: &str = "getContentIdAction";
const APN_SINGLE: &str = "apnPushToSingleAction";
const APN_LIST: &str = "apnPushToListAction";
/// A 64-character device token.
const TOKEN: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

fn targets(n: usize) -> Vec<Target> {
    (0..n).map(|i| cid(&format!("c{i}"))).collect()
}

fn ids(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("c{i}")).collect()
}

fn with_template(template: impl Into<Template>) -> SingleMessage {
    SingleMessage::new(template.into())
}

/// Built without the validating builder (as a program could), so that the client refuses it.
fn apns_message(payload: ApnsPayload) -> SingleMessage {
    let mut template = ApnTemplate::default();
    (template.app_id, template.app_key) = (APP_ID.into(), APP_KEY.into());
    template.apn_info = Some(ApnInfo::from(payload));
    with_template(template)
}

fn server_accepted_nothing(server: &MockServer) -> bool {
    server.accepted_pushes().is_empty()
}

fn max_items(max: usize, actual: usize) -> Rule {
    Rule::MaxItems { max, actual }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn device_token_has_exactly_64_characters() {
    let fx = Fixture::new().await;
    let m = apns_message(ApnsPayload::with_alert("hi"));
    let exact = |actual| Rule::ExactChars {
        expected: 64,
        actual,
    };
    refused!(
        fx,
        push_apns_to_single(APP_ID, &TOKEN[1..], &m),
        APN_SINGLE,
        "deviceToken",
        exact(63)
    );
    refused!(
        fx,
        push_apns_to_single(APP_ID, &format!("{TOKEN}0"), &m),
        APN_SINGLE,
        "deviceToken",
        exact(65)
    );
    refused!(
        fx,
        push_apns_to_single(APP_ID, "", &m),
        APN_SINGLE,
        "deviceToken",
        exact(0)
    );
    refused!(
        fx,
        push_apns_to_list(APP_ID, "OSA-1", [TOKEN, &TOKEN[2..]]),
        APN_LIST,
        "deviceTokenList[1]",
        exact(62)
    );
    // 64 characters pass; the spec's only rule is the length (hex digits are not required by
    // any official SDK, so a 64-character non-hex token is sent too).
    not_refused(fx.a.push_apns_to_single(APP_ID, TOKEN, &m).await);
    not_refused(fx.a.push_apns_to_single(APP_ID, &"z".repeat(64), &m).await);
    fx.sent(APN_SINGLE, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn apns_payload_is_at_most_3072_bytes_of_escaped_json() {
    let fx = Fixture::new().await;
    // The limit is measured on the apnJson text as sent: Python's json.dumps with every
    // non-ASCII character escaped (`中` is `\u4e2d`, 6 bytes; 3 bytes in UTF-8).
    let overhead = ApnsPayload::with_alert("a").json().unwrap().len() - 1;
    let alert = |ascii: usize| format!("{}{}", "中".repeat(500), "a".repeat(ascii));
    let at_limit = alert(3072 - overhead - 3000);
    let payload = ApnsPayload::with_alert(at_limit.clone());
    assert_eq!(payload.json().unwrap().len(), 3072);
    assert!(
        at_limit.len() + overhead < 3072 - 1000,
        "the UTF-8 text is far shorter"
    );
    let over = apns_message(ApnsPayload::with_alert(alert(3072 - overhead - 3000 + 1)));
    let rule = Rule::MaxBytes {
        max: 3072,
        actual: 3073,
    };
    refused!(
        fx,
        push_apns_to_single(APP_ID, TOKEN, &over),
        APN_SINGLE,
        "data.apnInfo.apnJson",
        rule.clone()
    );
    refused!(
        fx,
        create_apns_task(APP_ID, &over),
        "apnGetContentIdAction",
        "data.apnInfo.apnJson",
        rule.clone()
    );
    // The same payload on a template of a regular push.
    let mut transmission = transmission("x");
    transmission.apn_info = over.data.apn_info().cloned();
    let m = with_template(transmission);
    refused!(
        fx,
        push_to_single(&m, &cid("c1")),
        SINGLE_ACTION,
        "data.apnInfo.apnJson",
        rule
    );
    not_refused(
        fx.a.push_apns_to_single(APP_ID, TOKEN, &apns_message(payload))
            .await,
    );
    fx.sent(APN_SINGLE, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn task_group_name_is_at_most_40_bytes() {
    let fx = Fixture::new().await;
    let list = ListMessage::new(transmission("x"));
    let mut app = AppMessage::new(transmission("x"));
    app.app_id_list = vec![APP_ID.into()];
    let bytes = |actual| Rule::MaxBytes { max: 40, actual };
    let ascii = "g".repeat(41);
    // 14 characters, 42 bytes: counted in bytes (C#/PHP), not characters (Python).
    let cjk = "组".repeat(14);
    refused!(
        fx,
        create_list_task(&list, Some(ascii.as_str())),
        CONTENT_ID,
        "taskGroupName",
        bytes(41)
    );
    refused!(
        fx,
        create_list_task(&list, Some(cjk.as_str())),
        CONTENT_ID,
        "taskGroupName",
        bytes(42)
    );
    refused!(
        fx,
        create_app_task(&app, Some(ascii.as_str())),
        CONTENT_ID,
        "taskGroupName",
        bytes(41)
    );
    refused!(
        fx,
        push_to_app(&app, Some(cjk.as_str())),
        CONTENT_ID,
        "taskGroupName",
        bytes(42)
    );
    let forty = "g".repeat(40);
    fx.a.create_list_task(&list, Some(forty.as_str()))
        .await
        .unwrap();
    fx.sent(CONTENT_ID, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_push_targets_are_limited_by_mode() {
    let fx = Fixture::new().await;
    let action = "pushMessageToListAction";
    let sync = ListPushOptions::DEFAULT;
    let async_no_details = ListPushOptions {
        async_push: true,
        ..sync
    };
    let async_details = ListPushOptions {
        need_details: true,
        ..async_no_details
    };
    refused!(
        fx,
        push_to_list("OSL-1", &targets(1001)),
        action,
        "targets",
        max_items(1000, 1001)
    );
    refused!(
        fx,
        push_to_list_with_options("OSL-1", &targets(10_001), async_no_details),
        action,
        "targets",
        max_items(10_000, 10_001)
    );
    refused!(
        fx,
        push_to_list_with_options("OSL-1", &targets(1001), async_details),
        action,
        "targets",
        max_items(1000, 1001)
    );
    let task =
        fx.a.create_list_task(&ListMessage::new(transmission("x")), None)
            .await
            .unwrap();
    fx.a.push_to_list(&task.task_id, &targets(1000))
        .await
        .unwrap();
    fx.a.push_to_list_with_options(&task.task_id, &targets(10_000), async_no_details)
        .await
        .unwrap();
    fx.sent(action, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn black_list_takes_at_most_1000_client_ids() {
    let fx = Fixture::new().await;
    let action = "blackCidAction";
    refused!(
        fx,
        add_to_black_list(APP_ID, ids(1001)),
        action,
        "cidList",
        max_items(1000, 1001)
    );
    refused!(
        fx,
        restore_from_black_list(APP_ID, ids(1001)),
        action,
        "cidList",
        max_items(1000, 1001)
    );
    not_refused(fx.a.add_to_black_list(APP_ID, ids(1000)).await);
    fx.sent(action, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn user_count_by_tags_takes_at_most_10_tags() {
    let fx = Fixture::new().await;
    let action = "getUserCountByTags";
    refused!(
        fx,
        user_count_by_tags(APP_ID, ids(11)),
        action,
        "tagList",
        max_items(10, 11)
    );
    not_refused(fx.a.user_count_by_tags(APP_ID, ids(10)).await);
    fx.sent(action, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_holds_at_most_5000_items() {
    let fx = Fixture::new().await;
    let action = "pushMessageToSingleBatchAction";
    let m = single("batch");
    let mut a = fx.a.batch();
    let mut b = fx.b().batch();
    for i in 0..5000 {
        let target = cid(&format!("c{i}"));
        assert_eq!(a.add(&m, &target).unwrap(), i + 1);
        assert_eq!(b.add(&m, &target).unwrap(), i + 1);
    }
    let rule = max_items(5000, 5001);
    check_refusal(a.add(&m, &cid("one-more")), action, "batchItem", &rule);
    check_refusal(b.add(&m, &cid("one-more")), action, "batchItem", &rule);
    fx.nothing_sent();
    assert_eq!((a.len(), b.len()), (5000, 5000));
    a.submit().await.unwrap();
    fx.sent(action, 1);
    tokio::task::block_in_place(|| drop(b));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn statistics_dates_are_real_past_dates() {
    let fx = Fixture::new().await;
    let format = || Rule::Format {
        expected: "yyyyMMdd",
    };
    let future =
        Rule::Constraint("must not be after today (the date's first instant must be past)");
    refused!(
        fx,
        app_push_data(APP_ID, "20230229"),
        "queryAppPushData",
        "date",
        format()
    );
    refused!(
        fx,
        app_push_data(APP_ID, "2024-01-01"),
        "queryAppPushData",
        "date",
        format()
    );
    refused!(
        fx,
        app_user_data(APP_ID, "00000101"),
        "queryAppUserData",
        "date",
        format()
    );
    refused!(
        fx,
        app_push_data(APP_ID, "20991231"),
        "queryAppPushData",
        "date",
        future.clone()
    );
    refused!(
        fx,
        app_user_data(APP_ID, "20991231"),
        "queryAppUserData",
        "date",
        future
    );
    not_refused(fx.a.app_push_data(APP_ID, "20240229").await);
    fx.sent("queryAppPushData", 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn display_window_begins_before_it_ends_and_is_positive() {
    let fx = Fixture::new().await;
    let windowed = |window: DisplayWindow| {
        let mut t = transmission("x");
        t.duration = Some(window);
        with_template(t)
    };
    let backwards = windowed(DisplayWindow::new(
        "2024-01-02 00:00:00",
        "2024-01-01 00:00:00",
    ));
    refused!(
        fx,
        push_to_single(&backwards, &cid("c1")),
        SINGLE_ACTION,
        "data.duration.begin",
        Rule::Constraint("the window must not begin after it ends")
    );
    let garbled = windowed(DisplayWindow::new(
        "2024/01/01 00:00",
        "2024-01-01 00:10:00",
    ));
    refused!(
        fx,
        push_to_single(&garbled, &cid("c1")),
        SINGLE_ACTION,
        "data.duration.begin",
        Rule::Format {
            expected: DISPLAY_WINDOW_FORMAT
        }
    );
    let zero = windowed(DisplayWindow::from_epoch_ms(0, 1000));
    refused!(
        fx,
        push_to_single(&zero, &cid("c1")),
        SINGLE_ACTION,
        "data.duration.begin",
        Rule::Range {
            min: 1,
            max: i64::MAX,
            actual: 0
        }
    );
    // begin == end is allowed (the Docs' 6-minute rule is not enforced by any SDK).
    let instant = windowed(DisplayWindow::new(
        "2024-01-01 00:00:00",
        "2024-01-01 00:00:00",
    ));
    fx.a.push_to_single(&instant, &cid("c1")).await.unwrap();
    fx.sent(SINGLE_ACTION, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn intents_follow_the_pattern_and_length() {
    let fx = Fixture::new().await;
    let start = |intent: String| {
        let mut template = StartActivityTemplate::default();
        (template.app_id, template.app_key) = (APP_ID.into(), APP_KEY.into());
        template.intent = intent;
        with_template(template)
    };
    let pattern = || Rule::Pattern {
        pattern: INTENT_PATTERN,
    };
    refused!(
        fx,
        push_to_single(&start("not an intent".into()), &cid("c1")),
        SINGLE_ACTION,
        "data.intent",
        pattern()
    );
    refused!(
        fx,
        push_to_single(&start(String::new()), &cid("c1")),
        SINGLE_ACTION,
        "data.intent",
        pattern()
    );
    let long = format!("intent:#Intent;{};end", "x".repeat(1000 - 19 + 1));
    refused!(
        fx,
        push_to_single(&start(long.clone()), &cid("c1")),
        SINGLE_ACTION,
        "data.intent",
        Rule::MaxChars {
            max: 1000,
            actual: 1001
        }
    );
    // The vendor notification's intent follows the same rule.
    let mut t = transmission("x");
    let mut notify = Notify::new("title", "content");
    notify.intent = Some("intent:#Intent;no end".into());
    t.notify_info = Some(notify);
    refused!(
        fx,
        push_to_single(&with_template(t.clone()), &cid("c1")),
        SINGLE_ACTION,
        "data.notifyInfo.intent",
        pattern()
    );
    // 1000 characters in the pattern pass.
    let exact = format!("intent:#Intent;{};end", "x".repeat(1000 - 19));
    fx.a.push_to_single(&start(exact), &cid("c1"))
        .await
        .unwrap();
    fx.sent(SINGLE_ACTION, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vendor_notification_needs_title_and_content() {
    let fx = Fixture::new().await;
    let mut t = transmission("x");
    let mut notify = Notify::new("t", "c");
    notify.title = None;
    t.notify_info = Some(notify);
    refused!(
        fx,
        push_to_single(&with_template(t.clone()), &cid("c1")),
        SINGLE_ACTION,
        "data.notifyInfo.title",
        Rule::Constraint("must be set (it may be empty)")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notification_id_and_channel_level_ranges() {
    let fx = Fixture::new().await;
    let notification = |notify_id: i32, channel_level: i32| {
        let mut template = NotificationTemplate::default();
        (template.app_id, template.app_key) = (APP_ID.into(), APP_KEY.into());
        (template.title, template.text) = ("t".into(), "x".into());
        (template.notify_id, template.channel_level) = (notify_id, channel_level);
        with_template(template)
    };
    refused!(
        fx,
        push_to_single(&notification(-1, 0), &cid("c1")),
        SINGLE_ACTION,
        "data.notifyid",
        Rule::Range {
            min: 0,
            max: i32::MAX.into(),
            actual: -1
        }
    );
    for level in [-1, 5] {
        refused!(
            fx,
            push_to_single(&notification(0, level), &cid("c1")),
            SINGLE_ACTION,
            "data.channelLevel",
            Rule::Range {
                min: 0,
                max: 4,
                actual: level.into()
            }
        );
    }
    fx.a.push_to_single(&notification(0, 4), &cid("c1"))
        .await
        .unwrap();
    fx.sent(SINGLE_ACTION, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn apns_payload_structure_rules() {
    let fx = Fixture::new().await;
    let push = |p: ApnsPayload| apns_message(p);
    // No alert, badge or sound: the official "format error".
    refused!(
        fx,
        push_apns_to_single(APP_ID, TOKEN, &push(ApnsPayload::default())),
        APN_SINGLE,
        "data.apnInfo.aps",
        Rule::Constraint("needs an alert, a badge or a sound (official \"format error\")")
    );
    let mut p = ApnsPayload::with_alert("x");
    p.auto_badge = Some("+x".into());
    refused!(
        fx,
        push_apns_to_single(APP_ID, TOKEN, &push(p.clone())),
        APN_SINGLE,
        "data.apnInfo.autoBadge",
        Rule::Pattern {
            pattern: "^[+-]?[0-9]+$"
        }
    );
    let mut p = ApnsPayload::with_alert("x");
    p.voice_play_type = 3;
    refused!(
        fx,
        push_apns_to_single(APP_ID, TOKEN, &push(p.clone())),
        APN_SINGLE,
        "data.apnInfo.voicePlayType",
        Rule::Range {
            min: 0,
            max: 2,
            actual: 3
        }
    );
    let mut p = ApnsPayload::with_alert("x");
    p.sound_d = Some(SoundDictionary::default().name("a.caf").volume(1.5));
    refused!(
        fx,
        push_apns_to_single(APP_ID, TOKEN, &push(p.clone())),
        APN_SINGLE,
        "data.apnInfo.sound_d.volume",
        Rule::Constraint("must be within 0.0..=1.0")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rich_media_at_most_3_items_each_with_type_and_url() {
    let fx = Fixture::new().await;
    let media = |n: usize| {
        (0..n)
            .map(|i| MultiMedia::new(MediaType::Pic, format!("https://m/{i}.png")))
            .collect::<Vec<_>>()
    };
    let with_media = |items: Vec<MultiMedia>| {
        let mut p = ApnsPayload::with_alert("x");
        p.multi_media = items;
        apns_message(p)
    };
    refused!(
        fx,
        push_apns_to_single(APP_ID, TOKEN, &with_media(media(4))),
        APN_SINGLE,
        "data.apnInfo.multiMedia",
        max_items(3, 4)
    );
    let mut no_url = media(1);
    no_url[0].res_url = Some(String::new());
    refused!(
        fx,
        push_apns_to_single(APP_ID, TOKEN, &with_media(no_url.clone())),
        APN_SINGLE,
        "data.apnInfo.multiMedia.resUrl",
        Rule::Required
    );
    let mut no_type = media(1);
    no_type[0].res_type = None;
    refused!(
        fx,
        push_apns_to_single(APP_ID, TOKEN, &with_media(no_type.clone())),
        APN_SINGLE,
        "data.apnInfo.multiMedia.resType",
        Rule::Required
    );
    not_refused(
        fx.a.push_apns_to_single(APP_ID, TOKEN, &with_media(media(3)))
            .await,
    );
    fx.sent(APN_SINGLE, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sms_fallback_rules() {
    let fx = Fixture::new().await;
    let with_sms = |sms: SmsMessage| {
        let mut t = transmission("x");
        t.sms_info = Some(sms);
        with_template(t)
    };
    let valid = || SmsMessage::new("tpl-1", 60_000).is_applink(false);
    refused!(
        fx,
        push_to_single(&with_sms(valid().sms_template_id("")), &cid("c1")),
        SINGLE_ACTION,
        "data.smsInfo.smsTemplateId",
        Rule::Required
    );
    refused!(
        fx,
        push_to_single(&with_sms(valid().is_applink(true)), &cid("c1")),
        SINGLE_ACTION,
        "data.smsInfo.url",
        Rule::Required
    );
    let content_with_url = valid()
        .is_applink(true)
        .url("https://a.example/x")
        .sms_content([("url".to_owned(), "https://b.example".to_owned())]);
    refused!(
        fx,
        push_to_single(&with_sms(content_with_url.clone()), &cid("c1")),
        SINGLE_ACTION,
        "data.smsInfo.smsContent",
        Rule::Constraint("must not contain the key `url` when `isApplink` is set")
    );
    fx.a.push_to_single(&with_sms(valid()), &cid("c1"))
        .await
        .unwrap();
    fx.sent(SINGLE_ACTION, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_push_needs_a_target() {
    let fx = Fixture::new().await;
    let m = single("x");
    let rule = Rule::Constraint("a client id or an alias is required");
    refused!(
        fx,
        push_to_single(&m, &Target::default()),
        SINGLE_ACTION,
        "clientId",
        rule.clone()
    );
    refused!(
        fx,
        push_to_single(&m, &Target::client(APP_ID, "")),
        SINGLE_ACTION,
        "clientId",
        rule
    );
    // A batch item needs a client id: batch items carry no alias.
    let batch_rule =
        Rule::Constraint("a batch item needs a client id (batch items carry no alias)");
    let action = "pushMessageToSingleBatchAction";
    check_refusal(
        fx.a.batch().add(&m, &Target::alias(APP_ID, "al")),
        action,
        "clientId",
        &batch_rule,
    );
    check_refusal(
        fx.b().batch().add(&m, &Target::alias(APP_ID, "al")),
        action,
        "clientId",
        &batch_rule,
    );
    fx.nothing_sent();
    // An empty batch is no bad input (the official SDK sends it): see `tests/batch.rs`.
    // An empty target list is no client-side rule of any official SDK: it is sent (with an
    // empty `appId`, taken from the first target) and the server's refusal comes back as a
    // typed API error; nothing is pushed.
    let task =
        fx.a.create_list_task(&ListMessage::new(transmission("x")), None)
            .await
            .unwrap();
    let err = fx.a.push_to_list(&task.task_id, &[]).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Api, "{err}");
    assert!(server_accepted_nothing(&fx.server));
    fx.server.clear_requests();
    // An alias alone is a target (the mock knows no client bound to it, but it was sent).
    not_refused(fx.a.push_to_single(&m, &Target::alias(APP_ID, "al")).await);
    fx.sent(SINGLE_ACTION, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tag_push_needs_a_tag_and_a_non_blank_request_id() {
    let fx = Fixture::new().await;
    let mut untagged = AppMessage::new(transmission("x"));
    untagged.app_id_list = vec![APP_ID.into()];
    refused!(
        fx,
        push_by_tag(&untagged),
        "pushMessageByTagAction",
        "tag",
        Rule::Required
    );
    let mut tagged = untagged.clone();
    tagged.tag = "vip".into();
    refused!(
        fx,
        push_by_tag_with_request_id(&tagged, " "),
        "pushMessageByTagAction",
        "requestId",
        Rule::Required
    );
    // (A blank requestId given to a single push is sent as given, as the official SDK does
    // — golden vector `single_given_requestid_empty` — so it is no validation rule there.)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn app_push_conditions_need_keys() {
    let fx = Fixture::new().await;
    let mut m = AppMessage::new(transmission("x"));
    m.app_id_list = vec![APP_ID.into()];
    let mut conditions = AppConditions::default();
    conditions.add_condition("", ["ANDROID"], OptType::Or);
    m.conditions = Some(conditions);
    refused!(
        fx,
        create_app_task(&m, None),
        CONTENT_ID,
        "conditions.condition.key",
        Rule::Required
    );
    refused!(
        fx,
        push_to_app(&m, None),
        CONTENT_ID,
        "conditions.condition.key",
        Rule::Required
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn simple_alert_is_a_valid_apns_payload() {
    // The positive control of the APNs rules above: the smallest valid payload is sent.
    let fx = Fixture::new().await;
    let p = ApnsPayload::default().alert_msg(AlertMsg::simple("hi"));
    not_refused(
        fx.a.push_apns_to_single(APP_ID, TOKEN, &apns_message(p))
            .await,
    );
    fx.sent(APN_SINGLE, 1);
}
