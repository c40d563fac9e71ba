//! Property tests: random valid templates are encoded, decoded with the prost structs, and the
//! decoded values are checked against the model (restating TEMPLATES.md sections 1–11).

use super::decode::{self, ActionChain, InnerFiled};
use crate::pb;
use getui_model::pyset::python_set_order;
use getui_model::{
    AlertMsg, ApnInfo, ApnTemplate, ApnsPayload, DisplayWindow, ExtKv, LinkTemplate, MediaType,
    MultiMedia, NotificationTemplate, Notify, NotifyType, NotyPopLoadTemplate, Platform,
    RevokeTemplate, SmsMessage, SoundDictionary, StartActivityTemplate, Style, Style0, Style1,
    Style4, Style6, Template, TransmissionTemplate, VoipPayload,
};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use prost::Message as _;

fn text() -> impl Strategy<Value = String> + Clone {
    vec(any::<char>(), 0..8).prop_map(String::from_iter)
}

fn non_empty_text() -> impl Strategy<Value = String> + Clone {
    vec(any::<char>(), 1..8).prop_map(String::from_iter)
}

fn intent() -> impl Strategy<Value = String> + Clone {
    vec(
        any::<char>().prop_filter("no newline", |c| *c != '\n'),
        0..8,
    )
    .prop_map(|chars| format!("intent:#Intent;{};end", String::from_iter(chars)))
}

fn level() -> impl Strategy<Value = i32> + Clone {
    0..=4
}

fn style() -> BoxedStrategy<Style> {
    let common = (
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        text(),
        text(),
        level(),
    );
    let texts = (text(), text(), text(), text());
    // The switches and channel attributes every style has (chained setters).
    macro_rules! common {
        ($style:expr, $c:expr) => {{
            let c = $c;
            $style
                .is_ring(c.0)
                .is_vibrate(c.1)
                .is_clearable(c.2)
                .channel(c.3)
                .channel_name(c.4)
                .channel_level(c.5)
        }};
    }
    prop_oneof![
        (texts.clone(), common.clone()).prop_map(|((title, text, logo, logo_url), c)| {
            let style = Style0::new(title, text).logo(logo).logo_url(logo_url);
            Style::Style0(common!(style, c))
        }),
        (texts.clone(), common.clone()).prop_map(|((title, text, logo, logo_url), c)| {
            let style = Style1::new(title, text).logo(logo).logo_url(logo_url);
            Style::Style1(common!(style, c))
        }),
        (text(), text(), common.clone()).prop_map(|(logo, banner_url, c)| {
            Style::Style4(common!(Style4::new(logo, banner_url), c))
        }),
        (
            texts,
            prop::sample::select(vec!["", "1", "2", "3"]),
            (text(), text(), text()),
            common
        )
            .prop_map(
                |((title, text, logo, logo_url), big, (image, big_text, banner), c)| {
                    let style = Style6::new(title, text)
                        .logo(logo)
                        .logo_url(logo_url)
                        .big_style(big)
                        .big_image_url(image)
                        .big_text(big_text)
                        .banner_url(banner);
                    Style::Style6(common!(style, c))
                }
            ),
    ]
    .boxed()
}

fn apn_info() -> BoxedStrategy<ApnInfo> {
    let media = (
        option::of(non_empty_text()),
        prop::sample::select(vec![MediaType::Pic, MediaType::Audio, MediaType::Video]),
        non_empty_text(),
        any::<bool>(),
    )
        .prop_map(|(res_id, kind, url, only_wifi)| {
            let mut media = MultiMedia::new(kind, url).only_wifi(only_wifi);
            media.res_id = res_id;
            media
        });
    let apns = (
        non_empty_text(),
        -1i64..100,
        option::of(text()),
        option::of(non_empty_text()),
        (0i64..2, option::of(text()), option::of(text())),
        option::of((
            option::of(text()),
            option::of(0i64..2),
            // Volumes of at most 4 decimals (ties of the rounding to 1 decimal included): such
            // literals read back exactly without serde_json's `float_roundtrip`, which
            // `templates_round_trip_through_serde` needs.
            option::of((0u32..=10_000).prop_map(|n| f64::from(n) / 10_000.0)),
        )),
        vec((non_empty_text(), text()), 0..3),
        (0i64..=2, text()),
        vec(media, 0..=3),
    )
        .prop_map(
            |(
                alert,
                badge,
                sound,
                category,
                (ca, collapse, thread),
                sound_d,
                custom,
                voice,
                media,
            )| {
                let mut p = ApnsPayload::default()
                    .alert_msg(AlertMsg::simple(alert))
                    .badge(badge)
                    .content_available(ca)
                    .voice_play_type(voice.0)
                    .voice_play_message(voice.1)
                    .multi_media(media);
                p.sound = sound;
                p.category = category;
                p.apns_collapse_id = collapse;
                p.thread_id = thread;
                p.sound_d = sound_d.map(|(name, critical, volume)| {
                    let mut d = SoundDictionary::default();
                    (d.name, d.critical, d.volume) = (name, critical, volume);
                    d
                });
                for (k, v) in custom {
                    p.add_custom_msg(k, v);
                }
                ApnInfo::Apns(p)
            },
        );
    prop_oneof![
        apns,
        non_empty_text().prop_map(|p| ApnInfo::Voip(VoipPayload::new(p))),
    ]
    .boxed()
}

fn notify() -> BoxedStrategy<Notify> {
    let ext = (
        prop::sample::select(Platform::ALL_PLATFORMS.to_vec()),
        text(),
        text(),
    )
        .prop_map(|(p, k, v)| ExtKv::new(p, k, v));
    (
        text(),
        text(),
        option::of(text()),
        option::of(prop::sample::select(vec![
            NotifyType::Payload,
            NotifyType::Intent,
            NotifyType::Url,
            NotifyType::StartApp,
        ])),
        option::of(text()),
        option::of(intent()),
        vec(ext, 0..3),
    )
        .prop_map(|(title, content, payload, ty, url, intent, ext)| {
            let mut notify = Notify::new(title, content).ext_kv_list(ext);
            (notify.payload, notify.r#type) = (payload, ty);
            (notify.url, notify.intent) = (url, intent);
            notify
        })
        .boxed()
}

fn sms() -> BoxedStrategy<SmsMessage> {
    (
        non_empty_text(),
        vec((non_empty_text(), text()), 0..3),
        any::<i64>(),
        any::<bool>(),
        text(),
        option::of(text()),
    )
        .prop_map(|(id, content, sendtime, applink, url, payload)| {
            let mut sms = SmsMessage::new(id, sendtime);
            for (k, v) in content {
                if k != "url" && !sms.sms_content.iter().any(|(key, _)| *key == k) {
                    sms.sms_content.push((k, v));
                }
            }
            sms.is_applink = applink;
            sms.url = Some(url);
            sms.payload = payload;
            sms
        })
        .boxed()
}

fn window() -> impl Strategy<Value = DisplayWindow> {
    (1i64..4_102_444_800_000, 0i64..100_000_000)
        .prop_map(|(begin, len)| DisplayWindow::from_epoch_ms(begin, begin + len))
}

type Common = (
    (String, String),
    Option<DisplayWindow>,
    Option<SmsMessage>,
    Option<ApnInfo>,
);

fn common() -> BoxedStrategy<Common> {
    (
        (text(), text()),
        option::of(window()),
        option::of(sms()),
        option::of(apn_info()),
    )
        .boxed()
}

/// The notification attributes shared by several templates.
type Notif = (
    (String, String, String, String),
    (bool, bool, bool),
    (i32, i32, i32),
    (String, String),
);

fn notif() -> BoxedStrategy<Notif> {
    (
        (text(), text(), text(), text()),
        (any::<bool>(), any::<bool>(), any::<bool>()),
        (0..=10i32, 0..=i32::MAX, level()),
        (text(), text()),
    )
        .boxed()
}

fn template() -> BoxedStrategy<Template> {
    // The templates are `#[non_exhaustive]`: built from `Default` and field assignments (no
    // builder, whose `build()` validates).
    macro_rules! set_common {
        ($t:ident, $c:expr) => {{
            let c: Common = $c;
            ($t.app_key, $t.app_id) = c.0;
            ($t.duration, $t.sms_info, $t.apn_info) = (c.1, c.2, c.3);
        }};
    }
    // A notification row (`Notif`): the four texts into the named fields, then the switches,
    // numbers and channel.
    macro_rules! set_row {
        ($t:ident, $n:ident, $title:ident, $text:ident, $logo:ident, $logo_url:ident) => {{
            ($t.$title, $t.$text, $t.$logo, $t.$logo_url) = $n.0;
            ($t.is_ring, $t.is_vibrate, $t.is_clearable) = $n.1;
            ($t.notify_style, $t.notify_id, $t.channel_level) = $n.2;
            ($t.channel, $t.channel_name) = $n.3;
        }};
    }
    prop_oneof![
        (
            common(),
            0..=3i32,
            text(),
            option::of(notify()),
            vec(
                prop::sample::select(vec!["HW", "XM", "VV", "MZ", "FCM", "OP"]),
                0..5
            )
        )
            .prop_map(|(c, tt, content, notify, black)| {
                let mut t = TransmissionTemplate::default();
                set_common!(t, c);
                (t.transmission_type, t.transmission_content) = (tt, content);
                t.notify_info = notify;
                t.black_third_party = black.into_iter().map(String::from).collect();
                t.into()
            }),
        (common(), notif(), 0..=3i32, option::of(style())).prop_map(|(c, n, tt, style)| {
            let mut t = NotificationTemplate::default();
            set_common!(t, c);
            set_row!(t, n, title, text, logo, logo_url);
            (t.transmission_type, t.style) = (tt, style);
            t.into()
        }),
        (common(), notif(), text(), option::of(style())).prop_map(|(c, n, url, style)| {
            let mut t = LinkTemplate::default();
            set_common!(t, c);
            set_row!(t, n, title, text, logo, logo_url);
            (t.url, t.style) = (url, style);
            t.into()
        }),
        (
            common(),
            notif(),
            (text(), text(), text(), text(), text(), text(), text()),
            (text(), text(), text(), any::<bool>(), any::<bool>()),
            option::of(style())
        )
            .prop_map(|(c, n, pop, load, style)| {
                let mut t = NotyPopLoadTemplate::default();
                set_common!(t, c);
                set_row!(t, n, noty_title, noty_content, noty_icon, logo_url);
                (t.pop_title, t.pop_content, t.pop_image) = (pop.0, pop.1, pop.2);
                (t.pop_button1, t.pop_button2) = (pop.3, pop.4);
                (t.load_icon, t.load_title, t.load_url) = (pop.5, pop.6, load.0);
                (t.android_mark, t.symbian_mark) = (load.1, load.2);
                (t.is_auto_install, t.is_active) = (load.3, load.4);
                t.style = style;
                t.into()
            }),
        (common(), notif(), intent()).prop_map(|(c, n, intent)| {
            let mut t = StartActivityTemplate::default();
            set_common!(t, c);
            (t.title, t.text, t.logo, t.logo_url) = n.0;
            (t.is_ring, t.is_vibrate, t.is_clearable) = n.1;
            (t.notify_style, t.intent) = (n.2 .0, intent);
            t.into()
        }),
        common().prop_map(|c| {
            let mut t = ApnTemplate::default();
            set_common!(t, c);
            t.into()
        }),
        (common(), any::<bool>(), text()).prop_map(|(c, force, task)| {
            let mut t = RevokeTemplate::default();
            set_common!(t, c);
            (t.force, t.old_task_id) = (force, task);
            t.into()
        }),
    ]
    .boxed()
}

const STR: i32 = 0;
const INT32: i32 = 1;
const BOOL: i32 = 5;

fn fields(chain: &ActionChain) -> Vec<(&str, &str, i32)> {
    chain
        .field
        .iter()
        .map(|f: &InnerFiled| {
            (
                f.key.as_deref().unwrap(),
                f.val.as_deref().unwrap(),
                f.r#type.unwrap(),
            )
        })
        .collect()
}

fn py_bool(value: bool) -> &'static str {
    if value {
        "True"
    } else {
        "False"
    }
}

/// TEMPLATES.md section 5 (the official Style4 keys), plus the template's `notifyid`.
fn style_fields(style: &Style, notify_id: i32) -> Vec<(String, String, i32)> {
    let s = |k: &str, v: &str, t: i32| (k.to_owned(), v.to_owned(), t);
    let flags = |ring: bool, clear: bool, vibrate: bool| {
        vec![
            s("is_noring", py_bool(!ring), BOOL),
            s("is_noclear", py_bool(!clear), BOOL),
            s("is_novibrate", py_bool(!vibrate), BOOL),
        ]
    };
    let channel = |c: &str, n: &str, l: i32| {
        vec![
            s("channel", c, STR),
            s("channelName", n, STR),
            s("channelLevel", &l.to_string(), INT32),
        ]
    };
    let mut out = Vec::new();
    match style {
        Style::Style0(x) => {
            out.extend([
                s("title", &x.title, STR),
                s("text", &x.text, STR),
                s("logo", &x.logo, STR),
                s("logo_url", &x.logo_url, STR),
                s("notifyStyle", "0", INT32),
            ]);
            out.extend(flags(x.is_ring, x.is_clearable, x.is_vibrate));
            out.extend(channel(&x.channel, &x.channel_name, x.channel_level));
        }
        Style::Style1(x) => {
            out.extend([
                s("title", &x.title, STR),
                s("text", &x.text, STR),
                s("logo", &x.logo, STR),
                s("logo_url", &x.logo_url, STR),
                s("notifyStyle", "1", STR),
            ]);
            out.extend(flags(x.is_ring, x.is_clearable, x.is_vibrate));
            out.extend(channel(&x.channel, &x.channel_name, x.channel_level));
        }
        Style::Style4(x) => {
            out.extend([
                s("logo", &x.logo, STR),
                s("banner_url", &x.banner_url, STR),
                s("is_noring", py_bool(!x.is_ring), BOOL),
                s("isClearable", py_bool(!x.is_clearable), BOOL),
                s("is_noclear", py_bool(!x.is_vibrate), BOOL),
                s("notifyStyle", "4", STR),
            ]);
            out.extend(channel(&x.channel, &x.channel_name, x.channel_level));
        }
        Style::Style6(x) => {
            out.extend([
                s("title", &x.title, STR),
                s("text", &x.text, STR),
                s("logo", &x.logo, STR),
                s("logo_url", &x.logo_url, STR),
                s("notifyStyle", "6", INT32),
            ]);
            out.extend(flags(x.is_ring, x.is_clearable, x.is_vibrate));
            out.push(s("bigStyle", &x.big_style, INT32));
            match x.big_style.as_str() {
                "1" => out.push(s("big_image_url", &x.big_image_url, STR)),
                "2" => out.push(s("big_text", &x.big_text, STR)),
                "3" => out.extend([
                    s("banner_url", &x.banner_url, STR),
                    s("big_image_url", &x.big_image_url, STR),
                ]),
                _ => {}
            }
            out.extend(channel(&x.channel, &x.channel_name, x.channel_level));
        }
    }
    out.push(s("notifyid", &notify_id.to_string(), STR));
    out
}

fn owned(fields: Vec<(&str, &str, i32)>) -> Vec<(String, String, i32)> {
    fields
        .into_iter()
        .map(|(k, v, t)| (k.to_owned(), v.to_owned(), t))
        .collect()
}

/// `(actionId, type, next)` of every row.
fn skeleton(t: &decode::Transparent) -> Vec<(i32, i32, Option<i32>)> {
    t.action_chain
        .iter()
        .map(|c| (c.action_id.unwrap(), c.r#type.unwrap(), c.next))
        .collect()
}

fn check_notification_row(
    row: &ActionChain,
    texts: (&str, &str, &str, &str),
    flags: (bool, bool, bool),
) {
    assert_eq!(row.r#type, Some(1));
    assert_eq!(row.title.as_deref(), Some(texts.0));
    assert_eq!(row.text.as_deref(), Some(texts.1));
    assert_eq!(row.logo.as_deref(), Some(texts.2));
    assert_eq!(row.logo_url.as_deref(), Some(texts.3));
    assert_eq!(
        (row.ring, row.clearable, row.buzz),
        (Some(flags.0), Some(flags.1), Some(flags.2))
    );
}

fn check_startapp(row: &ActionChain, autostart: bool) {
    assert_eq!(skeleton_row(row), (10030, 3, Some(100)));
    assert_eq!(row.appid.as_deref(), Some(""));
    assert_eq!(row.autostart, Some(autostart));
    assert_eq!(row.failed_action, Some(100));
    let ids = row.appstartupid.as_ref().unwrap();
    assert_eq!(
        (
            ids.android.as_deref(),
            ids.symbia.as_deref(),
            ids.ios.as_deref()
        ),
        (Some(""), Some(""), Some(""))
    );
}

fn skeleton_row(c: &ActionChain) -> (i32, i32, Option<i32>) {
    (c.action_id.unwrap(), c.r#type.unwrap(), c.next)
}

fn check_chains(template: &Template, t: &decode::Transparent) {
    let chains = &t.action_chain;
    let style_row = |row: &ActionChain, style: &Style, notify_id: i32| {
        assert_eq!(skeleton_row(row), (10000, 12, Some(10010)));
        assert_eq!(row.stype.as_deref(), Some("notification"));
        assert_eq!(owned(fields(row)), style_fields(style, notify_id));
    };
    match template {
        Template::Transmission(x) => {
            assert_eq!(
                skeleton(t),
                [(1, 0, Some(10030)), (10030, 3, Some(100)), (100, 7, None)]
            );
            check_startapp(&chains[1], x.transmission_type == 1);
        }
        Template::Notification(x) => {
            assert_eq!(skeleton(t)[0], (1, 0, Some(10000)));
            assert_eq!(
                skeleton(t)[2..],
                [
                    (10010, 0, Some(10030)),
                    (10030, 3, Some(100)),
                    (100, 7, None)
                ]
            );
            match &x.style {
                Some(style) => style_row(&chains[1], style, x.notify_id),
                None => {
                    assert_eq!(skeleton_row(&chains[1]), (10000, 1, Some(10010)));
                    check_notification_row(
                        &chains[1],
                        (&x.title, &x.text, &x.logo, &x.logo_url),
                        (x.is_ring, x.is_clearable, x.is_vibrate),
                    );
                    let level = x.channel_level.to_string();
                    let style = x.notify_style.to_string();
                    assert_eq!(
                        fields(&chains[1]),
                        [
                            ("notifyStyle", style.as_str(), INT32),
                            ("channel", x.channel.as_str(), STR),
                            ("channelName", x.channel_name.as_str(), STR),
                            ("channelLevel", level.as_str(), INT32),
                        ]
                    );
                }
            }
            check_startapp(&chains[3], x.transmission_type == 1);
        }
        Template::Link(x) => {
            assert_eq!(skeleton(t)[0], (1, 0, Some(10000)));
            assert_eq!(
                skeleton(t)[2..],
                [
                    (10010, 0, Some(10040)),
                    (10040, 4, Some(100)),
                    (100, 7, None)
                ]
            );
            assert_eq!(chains[3].url.as_deref(), Some(x.url.as_str()));
            match &x.style {
                Some(style) => style_row(&chains[1], style, x.notify_id),
                None => {
                    check_notification_row(
                        &chains[1],
                        (&x.title, &x.text, &x.logo, &x.logo_url),
                        (x.is_ring, x.is_clearable, x.is_vibrate),
                    );
                    let (id, level) = (x.notify_id.to_string(), x.channel_level.to_string());
                    // The official wire form: `notifyStyle` carries `notifyid`.
                    assert_eq!(
                        fields(&chains[1]),
                        [
                            ("notifyid", id.as_str(), STR),
                            ("channel", x.channel.as_str(), STR),
                            ("channelName", x.channel_name.as_str(), STR),
                            ("channelLevel", level.as_str(), INT32),
                            ("notifyStyle", id.as_str(), INT32),
                        ]
                    );
                }
            }
        }
        Template::NotyPopLoad(x) => {
            assert_eq!(
                skeleton(t)[2..],
                [
                    (10010, 0, Some(10020)),
                    (10020, 2, Some(6)),
                    (10040, 8, Some(6)),
                    (100, 7, None)
                ]
            );
            match &x.style {
                Some(style) => style_row(&chains[1], style, x.notify_id),
                None => check_notification_row(
                    &chains[1],
                    (&x.noty_title, &x.noty_content, &x.noty_icon, &x.logo_url),
                    (x.is_ring, x.is_clearable, x.is_vibrate),
                ),
            }
            let popup = &chains[3];
            assert_eq!(
                (
                    popup.title.as_deref(),
                    popup.text.as_deref(),
                    popup.img.as_deref()
                ),
                (
                    Some(x.pop_title.as_str()),
                    Some(x.pop_content.as_str()),
                    Some(x.pop_image.as_str())
                )
            );
            let buttons: Vec<_> = popup
                .buttons
                .iter()
                .map(|b| (b.text.as_deref().unwrap(), b.next.unwrap()))
                .collect();
            assert_eq!(
                buttons,
                [
                    (x.pop_button1.as_str(), 10040),
                    (x.pop_button2.as_str(), 100)
                ]
            );
            let download = &chains[4];
            assert_eq!(download.logo.as_deref(), Some(x.load_icon.as_str()));
            assert_eq!(download.url.as_deref(), Some(x.load_url.as_str()));
            assert_eq!(download.name.as_deref(), Some(x.load_title.as_str()));
            assert_eq!(download.autostart, Some(x.is_active));
            assert_eq!(download.auto_install, Some(x.is_auto_install));
            let ids = download.appstartupid.as_ref().unwrap();
            assert_eq!(ids.android.as_deref(), Some(x.android_mark.as_str()));
            assert_eq!(ids.symbia.as_deref(), Some(x.symbian_mark.as_str()));
        }
        Template::StartActivity(x) => {
            assert_eq!(
                skeleton(t),
                [
                    (1, 0, Some(10000)),
                    (10000, 12, Some(10010)),
                    (10010, 0, Some(11220)),
                    (11220, 12, Some(100)),
                    (100, 7, None)
                ]
            );
            let style = x.notify_style.to_string();
            assert_eq!(
                fields(&chains[1]),
                [
                    ("title", x.title.as_str(), STR),
                    ("text", x.text.as_str(), STR),
                    ("logo", x.logo.as_str(), STR),
                    ("logo_url", x.logo_url.as_str(), STR),
                    ("notifyStyle", style.as_str(), INT32),
                    ("is_noring", py_bool(!x.is_ring), BOOL),
                    ("is_noclear", py_bool(!x.is_clearable), BOOL),
                    ("is_novibrate", py_bool(!x.is_vibrate), BOOL),
                ]
            );
            assert_eq!(chains[3].stype.as_deref(), Some("startmyactivity"));
            assert_eq!(
                fields(&chains[3]),
                [("uri", x.intent.as_str(), STR), ("do_failed", "100", STR)]
            );
        }
        Template::Apn(_) => assert!(chains.is_empty()),
        Template::Revoke(x) => {
            assert_eq!(skeleton(t), [(1, 12, Some(100)), (100, 7, None)]);
            assert_eq!(chains[0].taskid.as_deref(), Some(x.old_task_id.as_str()));
            assert_eq!(chains[0].stype.as_deref(), Some("terminatetask"));
            assert_eq!(fields(&chains[0]), [("force", py_bool(x.force), BOOL)]);
        }
    }
}

fn check_push_info(template: &Template, p: &decode::PushInfo) {
    match template.apn_info() {
        Some(apn) => {
            assert_eq!(p.invalid_apn, Some(false));
            assert_eq!(p.apn_json.as_deref(), Some(apn.json().unwrap().as_str()));
        }
        None => assert_eq!((p.invalid_apn, p.apn_json.as_deref()), (Some(true), None)),
    }
    assert_eq!(p.invalid_mpn, Some(true));
    match template.notify_info() {
        None => assert!(p.valid_notify.is_none() && p.notify_info.is_none()),
        Some(n) => {
            assert_eq!(p.valid_notify, Some(true));
            let info = p.notify_info.as_ref().unwrap();
            assert_eq!(info.title, n.title);
            assert_eq!(info.content, n.content);
            assert_eq!(info.r#type, n.r#type.map(|t| t.value()));
            assert_eq!(info.payload, n.payload);
            let (intent, url) = match n.r#type {
                None => (None, None),
                Some(ty) => (
                    n.intent
                        .clone()
                        .or((ty == NotifyType::Intent).then(String::new)),
                    n.url.clone(),
                ),
            };
            assert_eq!((&info.intent, &info.url), (&intent, &url));
            let ext: Vec<_> = info
                .ext_kv
                .iter()
                .map(|e| {
                    (
                        e.key.clone().unwrap(),
                        e.value.clone().unwrap(),
                        e.constains.clone().unwrap(),
                    )
                })
                .collect();
            let expected: Vec<_> = n
                .ext_kv_list
                .iter()
                .map(|e| {
                    (
                        e.key.clone(),
                        e.value.clone(),
                        e.constains.code().to_owned(),
                    )
                })
                .collect();
            assert_eq!(ext, expected);
        }
    }
    assert_eq!(
        p.black_thirdparty,
        python_set_order(template.black_third_party())
    );
}

fn check_sms(template: &Template, sms: Option<&decode::SmsInfo>) {
    let Some(expected) = template.sms_info() else {
        assert!(sms.is_none());
        return;
    };
    let sms = sms.unwrap();
    assert_eq!(sms.sms_template_id, expected.sms_template_id);
    let mut entries: Vec<(String, String)> = Vec::new();
    if let Some(url) = expected.applink_url() {
        entries.push(("applinkIdentification".into(), "1".into()));
        entries.push(("url".into(), url));
    }
    entries.extend(expected.sms_content.iter().cloned());
    let actual: Vec<_> = sms
        .sms_content
        .iter()
        .map(|e| (e.key.clone().unwrap(), e.value.clone().unwrap()))
        .collect();
    assert_eq!(actual, entries);
    assert_eq!(sms.offline_sendtime, Some(expected.offline_sendtime));
    assert_eq!(sms.sms_send_duration, Some(0));
    assert_eq!(sms.sms_checked, Some(false));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn encoded_templates_decode_to_the_same_values(template in template()) {
        prop_assume!(template.validate().is_ok());
        let bytes = pb::transparent(&template).unwrap();
        let t = decode::Transparent::decode(bytes.as_slice()).unwrap();
        // Canonical: prost writes the decoded message back to the same bytes.
        prop_assert_eq!(t.encode_to_vec(), bytes.clone());
        prop_assert_eq!(t.id.as_deref(), Some(""));
        prop_assert_eq!(t.action.as_deref(), Some("pushmessage"));
        prop_assert_eq!(t.task_id.as_deref(), Some(""));
        prop_assert_eq!(t.message_id.as_deref(), Some(""));
        prop_assert_eq!(t.app_key.as_deref(), Some(template.app_key()));
        prop_assert_eq!(t.app_id.as_deref(), Some(template.app_id()));
        prop_assert_eq!(t.template_id, Some(template.template_id()));
        prop_assert_eq!(t.task_group_id.as_deref(), None);
        let condition = match template.duration() {
            None => String::new(),
            Some(w) => {
                let (b, e) = w.epoch_ms().unwrap();
                format!("duration={b}.0-{e}.0")
            }
        };
        prop_assert_eq!(&t.condition, &[condition]);
        check_push_info(&template, t.push_info.as_ref().unwrap());
        check_chains(&template, &t);
        check_sms(&template, t.sms_info.as_ref());
        // PI is the same PushInfo message.
        let pi = pb::push_info(&template).unwrap();
        prop_assert_eq!(decode::PushInfo::decode(pi.as_slice()).unwrap(), t.push_info.unwrap());
    }

    #[test]
    fn templates_round_trip_through_serde(template in template()) {
        // Through JSON text, not a `serde_json::Value`: without serde_json's `preserve_order`
        // a `Value` object sorts its keys, and `smsContent` and `customMsg` keep their order.
        let json = serde_json::to_string(&template).unwrap();
        let back: Template = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, template);
    }

    #[test]
    fn batch_requests_decode_to_the_same_values(
        batch_id in text(),
        // Items from empty to past 127 bytes (two length bytes), any `seqId` (negative ones
        // are 10-byte varints).
        items in vec((any::<i32>(), vec(any::<char>(), 0..100).prop_map(String::from_iter)), 0..4),
    ) {
        let batch: Vec<pb::BatchItem<'_>> = items
            .iter()
            .map(|(seq_id, d)| pb::BatchItem { seq_id: *seq_id, data: d })
            .collect();
        let bytes = pb::single_batch_request(&batch_id, &batch);
        prop_assert!(
            bytes.capacity() <= bytes.len() + 33 * batch.len(),
            "allocated for the texts and at most 33 bytes of keys and varints an item"
        );
        let decoded = decode::SingleBatchRequest::decode(bytes.as_slice()).unwrap();
        prop_assert_eq!(decoded.encode_to_vec(), bytes);
        prop_assert_eq!(decoded.batch_id, Some(batch_id));
        let back: Vec<_> = decoded
            .batch_item
            .iter()
            .map(|i| (i.seq_id.unwrap(), i.data.clone().unwrap()))
            .collect();
        prop_assert_eq!(back, items);
    }
}

/// Lengths around the limits of one, two and three varint bytes.
const LENGTHS: [usize; 12] = [
    0, 1, 60, 110, 127, 128, 129, 300, 16_250, 16_383, 16_384, 17_000,
];

/// Canonical: prost decodes `bytes` and writes them back the same.
fn assert_canonical(bytes: &[u8]) -> decode::Transparent {
    let t = decode::Transparent::decode(bytes).unwrap();
    assert_eq!(t.encode_to_vec(), bytes);
    t
}

#[test]
fn rows_with_texts_of_every_length_width_are_canonical() {
    for len in LENGTHS {
        let title = "t".repeat(len);
        let notification = NotificationTemplate::builder()
            .app_id("APPID")
            .app_key("APPKEY")
            .title(&title)
            .text("X")
            .build()
            .unwrap();
        let t = assert_canonical(&pb::transparent(&notification.into()).unwrap());
        assert_eq!(
            t.action_chain[1].title.as_deref(),
            Some(title.as_str()),
            "{len}"
        );

        let style = Style6::default().big_style("2").big_text(title.clone());
        let styled = NotificationTemplate::builder()
            .app_id("APPID")
            .app_key("APPKEY")
            .style(Style::from(style))
            .build()
            .unwrap();
        assert_canonical(&pb::transparent(&styled.into()).unwrap());

        let link = LinkTemplate::builder()
            .app_id("APPID")
            .app_key("APPKEY")
            .title("T")
            .text("X")
            .url(format!("http://{title}"))
            .build()
            .unwrap();
        assert_canonical(&pb::transparent(&link.into()).unwrap());
    }
    // An intent has at most 1,000 characters.
    for len in [0, 60, 100, 127, 128, 200, 900] {
        let start = StartActivityTemplate::builder()
            .app_id("APPID")
            .app_key("APPKEY")
            .title("T")
            .text("X")
            .intent(format!(
                "intent:#Intent;component=a/{};end",
                "b".repeat(len)
            ))
            .build()
            .unwrap();
        assert_canonical(&pb::transparent(&start.into()).unwrap());
    }
}

#[test]
fn apn_texts_of_every_length_width_are_canonical() {
    // The JSON text is at most `APNS_PAYLOAD_MAX_BYTES` (3,072) bytes: one or two length bytes.
    for len in [0, 1, 60, 90, 100, 110, 127, 128, 129, 300, 3_000] {
        let payload = ApnsPayload::with_alert("a".repeat(len)).badge(1);
        let template: Template = ApnTemplate::builder()
            .app_id("APPID")
            .app_key("APPKEY")
            .apn_info(ApnInfo::from(payload))
            .build()
            .unwrap()
            .into();
        let t = assert_canonical(&pb::transparent(&template).unwrap());
        let pi = pb::push_info(&template).unwrap();
        assert_eq!(
            Some(decode::PushInfo::decode(pi.as_slice()).unwrap()),
            t.push_info
        );
    }
}

#[test]
fn batch_items_of_every_length_width_are_canonical() {
    let texts: Vec<String> = LENGTHS.iter().map(|&n| "d".repeat(n)).collect();
    let items: Vec<pb::BatchItem<'_>> = texts
        .iter()
        .enumerate()
        .map(|(i, data)| pb::BatchItem {
            seq_id: if i % 2 == 0 { i as i32 } else { -(i as i32) },
            data,
        })
        .collect();
    let bytes = pb::single_batch_request("batch-0001", &items);
    // Allocated once for the texts and at most 33 bytes of keys and varints an item.
    assert!(bytes.capacity() <= bytes.len() + 33 * items.len());
    let decoded = decode::SingleBatchRequest::decode(bytes.as_slice()).unwrap();
    assert_eq!(decoded.encode_to_vec(), bytes);
    assert_eq!(decoded.batch_item.len(), texts.len());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// The SIMD base64 engine writes what the scalar engine writes, after any prefix.
    #[test]
    fn append_base64_is_the_scalar_engine_text(
        prefix in vec(any::<u8>(), 0..4),
        bytes in vec(any::<u8>(), 0..1200),
    ) {
        let mut out = prefix.clone();
        pb::append_base64(&bytes, &mut out);
        prop_assert_eq!(&out[..prefix.len()], &prefix[..]);
        let scalar = super::b64(&bytes);
        prop_assert_eq!(&out[prefix.len()..], scalar.as_bytes());
    }
}
