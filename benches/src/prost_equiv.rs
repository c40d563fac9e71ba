//! `prost` values equal to what `getui_protocol::pb` encodes, to compare the hand-written
//! encoder with prost's derive encoding of the same messages.
//!
//! [`transparent`] builds the `Transparent` of a template the way a prost-based library would
//! (a tree of owned `String`s and `Vec`s, mirroring `getui_protocol::pb`'s field choices); the
//! crate's tests check that its prost encoding is byte-identical to
//! [`getui_protocol::pb::transparent`] for every fixture. Only what the fixtures use is
//! covered: templates without style, APNs payload, vendor notification, SMS or display window.

use getui_model::Template;
use getui_protocol::pb::decode::{
    ActionChain, AppStartUp, Button, InnerFiled, PushInfo, SingleBatchItem, SingleBatchRequest,
    Transparent,
};

// ActionChain.Type
const GOTO: i32 = 0;
const NOTIFICATION: i32 = 1;
const POPUP: i32 = 2;
const STARTAPP: i32 = 3;
const STARTWEB: i32 = 4;
const EOA: i32 = 7;
const APPDOWNLOAD: i32 = 8;
const MMSINBOX2: i32 = 12;

// InnerFiled.Type
const STR: i32 = 0;
const INT32: i32 = 1;
const BOOL: i32 = 5;

fn s(value: &str) -> Option<String> {
    Some(value.to_owned())
}

fn py_bool(value: bool) -> &'static str {
    if value {
        "True"
    } else {
        "False"
    }
}

fn field(key: &str, val: &str, ty: i32) -> InnerFiled {
    InnerFiled {
        key: s(key),
        val: s(val),
        r#type: Some(ty),
    }
}

fn field_int(key: &str, val: i32, ty: i32) -> InnerFiled {
    InnerFiled {
        key: s(key),
        val: Some(val.to_string()),
        r#type: Some(ty),
    }
}

fn row(action_id: i32, ty: i32, next: Option<i32>) -> ActionChain {
    ActionChain {
        action_id: Some(action_id),
        r#type: Some(ty),
        next,
        ..ActionChain::default()
    }
}

fn goto(action_id: i32, next: i32) -> ActionChain {
    row(action_id, GOTO, Some(next))
}

fn eoa() -> ActionChain {
    row(100, EOA, None)
}

fn app_start_up(android: &str, symbia: &str, ios: &str) -> AppStartUp {
    AppStartUp {
        android: s(android),
        symbia: s(symbia),
        ios: s(ios),
    }
}

fn startapp(autostart: bool) -> ActionChain {
    ActionChain {
        appid: s(""),
        appstartupid: Some(app_start_up("", "", "")),
        autostart: Some(autostart),
        failed_action: Some(100),
        ..row(10030, STARTAPP, Some(100))
    }
}

#[allow(clippy::too_many_arguments)]
fn notification_row(
    title: &str,
    text: &str,
    logo: &str,
    logo_url: &str,
    ring: bool,
    clearable: bool,
    buzz: bool,
    field: Vec<InnerFiled>,
) -> ActionChain {
    ActionChain {
        logo: s(logo),
        logo_url: s(logo_url),
        title: s(title),
        text: s(text),
        clearable: Some(clearable),
        ring: Some(ring),
        buzz: Some(buzz),
        field,
        ..row(10000, NOTIFICATION, Some(10010))
    }
}

fn channel_fields(fields: &mut Vec<InnerFiled>, channel: &str, name: &str, level: i32) {
    fields.push(field("channel", channel, STR));
    fields.push(field("channelName", name, STR));
    fields.push(field_int("channelLevel", level, INT32));
}

fn unsupported(what: &str) -> ! {
    panic!("prost_equiv covers templates without {what}; the fixtures use none")
}

fn action_chain(template: &Template) -> Vec<ActionChain> {
    match template {
        Template::Transmission(t) => {
            if t.notify_info.is_some() || !t.black_third_party.is_empty() {
                unsupported("a vendor notification or black list");
            }
            vec![goto(1, 10030), startapp(t.transmission_type == 1), eoa()]
        }
        Template::Notification(t) => {
            if t.style.is_some() {
                unsupported("a style");
            }
            let mut fields = vec![field_int("notifyStyle", t.notify_style, INT32)];
            channel_fields(&mut fields, &t.channel, &t.channel_name, t.channel_level);
            vec![
                goto(1, 10000),
                notification_row(
                    &t.title,
                    &t.text,
                    &t.logo,
                    &t.logo_url,
                    t.is_ring,
                    t.is_clearable,
                    t.is_vibrate,
                    fields,
                ),
                goto(10010, 10030),
                startapp(t.transmission_type == 1),
                eoa(),
            ]
        }
        Template::Link(t) => {
            if t.style.is_some() {
                unsupported("a style");
            }
            let mut fields = vec![field_int("notifyid", t.notify_id, STR)];
            channel_fields(&mut fields, &t.channel, &t.channel_name, t.channel_level);
            fields.push(field_int("notifyStyle", t.notify_style, INT32));
            vec![
                goto(1, 10000),
                notification_row(
                    &t.title,
                    &t.text,
                    &t.logo,
                    &t.logo_url,
                    t.is_ring,
                    t.is_clearable,
                    t.is_vibrate,
                    fields,
                ),
                goto(10010, 10040),
                ActionChain {
                    url: s(&t.url),
                    ..row(10040, STARTWEB, Some(100))
                },
                eoa(),
            ]
        }
        Template::NotyPopLoad(t) => {
            if t.style.is_some() {
                unsupported("a style");
            }
            let mut fields = Vec::new();
            channel_fields(&mut fields, &t.channel, &t.channel_name, t.channel_level);
            fields.push(field_int("notifyStyle", t.notify_style, INT32));
            vec![
                goto(1, 10000),
                notification_row(
                    &t.noty_title,
                    &t.noty_content,
                    &t.noty_icon,
                    &t.logo_url,
                    t.is_ring,
                    t.is_clearable,
                    t.is_vibrate,
                    fields,
                ),
                goto(10010, 10020),
                ActionChain {
                    title: s(&t.pop_title),
                    text: s(&t.pop_content),
                    img: s(&t.pop_image),
                    buttons: vec![
                        Button {
                            text: s(&t.pop_button1),
                            next: Some(10040),
                        },
                        Button {
                            text: s(&t.pop_button2),
                            next: Some(100),
                        },
                    ],
                    ..row(10020, POPUP, Some(6))
                },
                ActionChain {
                    logo: s(&t.load_icon),
                    appstartupid: Some(app_start_up(&t.android_mark, &t.symbian_mark, &t.ios_mark)),
                    autostart: Some(t.is_active),
                    url: s(&t.load_url),
                    name: s(&t.load_title),
                    auto_install: Some(t.is_auto_install),
                    ..row(10040, APPDOWNLOAD, Some(6))
                },
                eoa(),
            ]
        }
        Template::StartActivity(t) => vec![
            goto(1, 10000),
            ActionChain {
                stype: s("notification"),
                field: vec![
                    field("title", &t.title, STR),
                    field("text", &t.text, STR),
                    field("logo", &t.logo, STR),
                    field("logo_url", &t.logo_url, STR),
                    field_int("notifyStyle", t.notify_style, INT32),
                    field("is_noring", py_bool(!t.is_ring), BOOL),
                    field("is_noclear", py_bool(!t.is_clearable), BOOL),
                    field("is_novibrate", py_bool(!t.is_vibrate), BOOL),
                ],
                ..row(10000, MMSINBOX2, Some(10010))
            },
            goto(10010, 11220),
            ActionChain {
                stype: s("startmyactivity"),
                field: vec![field("uri", &t.intent, STR), field("do_failed", "100", STR)],
                ..row(11220, MMSINBOX2, Some(100))
            },
            eoa(),
        ],
        Template::Revoke(t) => vec![
            ActionChain {
                taskid: s(&t.old_task_id),
                stype: s("terminatetask"),
                field: vec![field("force", py_bool(t.force), BOOL)],
                ..row(1, MMSINBOX2, Some(100))
            },
            eoa(),
        ],
        Template::Apn(_) => Vec::new(),
    }
}

/// The prost `Transparent` of `template`: what a prost-based encoder would build from the
/// model before encoding it.
///
/// # Panics
///
/// For templates with a style, APNs payload, vendor notification, SMS or display window (not
/// covered, see the module documentation).
pub fn transparent(template: &Template) -> Transparent {
    if template.apn_info().is_some() {
        unsupported("an APNs payload");
    }
    if template.sms_info().is_some() || template.duration().is_some() {
        unsupported("an SMS or a display window");
    }
    Transparent {
        id: s(""),
        action: s("pushmessage"),
        task_id: s(""),
        app_key: s(template.app_key()),
        app_id: s(template.app_id()),
        message_id: s(""),
        push_info: Some(PushInfo {
            invalid_apn: Some(true),
            invalid_mpn: Some(true),
            ..PushInfo::default()
        }),
        action_chain: action_chain(template),
        condition: vec![String::new()],
        template_id: Some(template.template_id()),
        task_group_id: None,
        sms_info: None,
    }
}

/// The prost `SingleBatchRequest` of a batch: what a prost-based encoder would build from the
/// items' JSON texts.
pub fn single_batch_request(batch_id: &str, items: &[&str]) -> SingleBatchRequest {
    SingleBatchRequest {
        batch_id: s(batch_id),
        batch_item: items
            .iter()
            .enumerate()
            .map(|(i, data)| SingleBatchItem {
                seq_id: Some(i32::try_from(i).expect("at most 5000 items")),
                data: s(data),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::TemplateKind;
    use getui_protocol::pb;
    use prost::Message as _;

    #[test]
    fn prost_values_encode_to_the_same_bytes() {
        for kind in TemplateKind::ALL {
            let template = kind.template();
            let expected = pb::transparent(&template).unwrap();
            let value = transparent(&template);
            assert_eq!(value.encode_to_vec(), expected, "{kind}");
            // And decoding the hand-written bytes gives the same value.
            assert_eq!(
                Transparent::decode(expected.as_slice()).unwrap(),
                value,
                "{kind}"
            );
        }
    }

    #[test]
    fn batch_requests_encode_to_the_same_bytes() {
        let items = ["{\"a\": 1}", "{}", ""];
        let hand = pb::single_batch_request(
            "B",
            &items
                .iter()
                .enumerate()
                .map(|(i, data)| pb::BatchItem {
                    seq_id: i as i32,
                    data,
                })
                .collect::<Vec<_>>(),
        );
        assert_eq!(single_batch_request("B", &items).encode_to_vec(), hand);
    }
}
