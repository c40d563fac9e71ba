//! Template → `Transparent` / `PushInfo` bytes, field by field as the Python SDK assigns them.

use super::wire::{
    boolean, decimal_len, delimited_len, int32, int32_len, int64, len_prefix, nested,
    nested_reserving, string, Fixed,
};
use getui_model::json_text::write_i64;
use getui_model::pyset::python_set_order;
use getui_model::{
    LinkTemplate, Notify, NotifyType, NotyPopLoadTemplate, SmsMessage, StartActivityTemplate,
    Style, Template, ValidationError,
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

// Transparent fields.
const ACTION_CHAIN: u32 = 8;

/// One `InnerFiled` (ActionChain field 381): `key`, a value of `value_len` bytes written by
/// `value` (field 2), `ty`. Its length is known first, so it is written without any move,
/// however long the value (an intent, a URL, a big text).
fn inner_field(
    buf: &mut Vec<u8>,
    key: &str,
    value_len: usize,
    value: impl FnOnce(&mut Vec<u8>),
    ty: i32,
) {
    let len = delimited_len(1, key.len()) + delimited_len(2, value_len) + int32_len(3, ty);
    len_prefix(buf, 381, len);
    string(buf, 1, key);
    len_prefix(buf, 2, value_len);
    value(buf);
    int32(buf, 3, ty);
}

/// One `InnerFiled` with a text value.
fn field_str(buf: &mut Vec<u8>, key: &str, value: &str, ty: i32) {
    inner_field(
        buf,
        key,
        value.len(),
        |b| b.extend_from_slice(value.as_bytes()),
        ty,
    );
}

/// One `InnerFiled` whose value is the decimal text of an integer. A single digit (a channel
/// level, a style, most often) is written as a constant text.
fn field_int(buf: &mut Vec<u8>, key: &str, value: i64, ty: i32) {
    const DIGITS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
    match usize::try_from(value) {
        Ok(digit) if digit < DIGITS.len() => field_str(buf, key, DIGITS[digit], ty),
        _ => inner_field(buf, key, decimal_len(value), |b| write_i64(b, value), ty),
    }
}

/// An `ActionChain` row without text of the caller's (shorter than 128 bytes).
fn chain(buf: &mut Vec<u8>, content: impl FnOnce(&mut Vec<u8>)) {
    nested(buf, ACTION_CHAIN, content);
}

/// An `ActionChain` row carrying the notification's texts or an intent: usually 128 bytes or
/// longer, so two bytes are reserved for its length.
fn text_chain(buf: &mut Vec<u8>, content: impl FnOnce(&mut Vec<u8>)) {
    nested_reserving(buf, ACTION_CHAIN, 2, content);
}

/// Appends bytes encoded at compile time (see [`Fixed`]).
#[inline(always)]
fn put<const N: usize>(buf: &mut Vec<u8>, fixed: &Fixed<N>) {
    buf.extend_from_slice(fixed.bytes());
}

/// An `ActionChain` row whose every field is a constant.
const fn fixed_chain<const M: usize>(content: &Fixed<M>) -> Fixed<48> {
    Fixed::new().nested(ACTION_CHAIN, content)
}

/// The `goto` row `action_id` → `next`.
const fn goto(action_id: i32, next: i32) -> Fixed<48> {
    fixed_chain(
        &Fixed::<16>::new()
            .int32(1, action_id)
            .int32(2, GOTO)
            .int32(3, next),
    )
}

/// The `startapp` row.
const fn startapp(autostart: bool) -> Fixed<48> {
    let app_start_up = Fixed::<8>::new().string(1, "").string(2, "").string(3, "");
    fixed_chain(
        &Fixed::<32>::new()
            .int32(1, 10030)
            .int32(2, STARTAPP)
            .int32(3, 100)
            .string(140, "")
            .nested(141, &app_start_up)
            .boolean(142, autostart)
            .int32(143, 100),
    )
}

/// The `eoa` row that ends every chain.
const EOA_ROW: Fixed<48> = fixed_chain(&Fixed::<8>::new().int32(1, 100).int32(2, EOA));

/// The first fields of a row: its action id, type and next action id.
const fn head(action_id: i32, ty: i32, next: i32) -> Fixed<32> {
    Fixed::new().int32(1, action_id).int32(2, ty).int32(3, next)
}

/// [`head`] of an `mmsinbox2` row, and its `stype`.
const fn mmsinbox2_head(action_id: i32, next: i32, stype: &str) -> Fixed<32> {
    head(action_id, MMSINBOX2, next).string(380, stype)
}

/// [`startapp`] in its two forms.
fn put_startapp(buf: &mut Vec<u8>, autostart: bool) {
    if autostart {
        put(buf, &const { startapp(true) });
    } else {
        put(buf, &const { startapp(false) });
    }
}

/// One `InnerFiled` entry whose key, value and type are constants.
const fn fixed_field(key: &str, value: &str, ty: i32) -> Fixed<48> {
    Fixed::new().nested(
        381,
        &Fixed::<40>::new()
            .string(1, key)
            .string(2, value)
            .int32(3, ty),
    )
}

/// The `InnerFiled` entry `key` = Python's `str(value)` of type `bool`, from its two forms.
macro_rules! put_bool_field {
    ($buf:expr, $key:literal, $value:expr) => {
        if $value {
            put($buf, &const { fixed_field($key, "True", BOOL) });
        } else {
            put($buf, &const { fixed_field($key, "False", BOOL) });
        }
    };
}

fn app_start_up(buf: &mut Vec<u8>, android: &str, symbia: &str, ios: &str) {
    nested(buf, 141, |b| {
        string(b, 1, android);
        string(b, 2, symbia);
        string(b, 3, ios);
    });
}

struct NotificationRow<'a> {
    title: &'a str,
    text: &'a str,
    logo: &'a str,
    logo_url: &'a str,
    ring: bool,
    clearable: bool,
    buzz: bool,
}

/// Row 10000 of type `notification`; `fields` writes its `InnerFiled` entries.
fn notification_row(
    buf: &mut Vec<u8>,
    row: &NotificationRow<'_>,
    fields: impl FnOnce(&mut Vec<u8>),
) {
    text_chain(buf, |b| {
        put(b, &const { head(10000, NOTIFICATION, 10010) });
        string(b, 100, row.logo);
        string(b, 101, row.logo_url);
        string(b, 102, row.title);
        string(b, 103, row.text);
        boolean(b, 104, row.clearable);
        boolean(b, 105, row.ring);
        boolean(b, 106, row.buzz);
        fields(b);
    });
}

fn channel_fields(buf: &mut Vec<u8>, channel: &str, channel_name: &str, channel_level: i32) {
    field_str(buf, "channel", channel, STR);
    field_str(buf, "channelName", channel_name, STR);
    field_int(buf, "channelLevel", channel_level.into(), INT32);
}

fn no_flags(buf: &mut Vec<u8>, ring: bool, clearable: bool, vibrate: bool) {
    put_bool_field!(buf, "is_noring", !ring);
    put_bool_field!(buf, "is_noclear", !clearable);
    put_bool_field!(buf, "is_novibrate", !vibrate);
}

/// Row 10000 built from a style (type `mmsinbox2`, stype `notification`), followed by the
/// template's `notifyid` field. Built afresh on every call: reusing a style never accumulates
/// fields (the Python SDK's defect #7).
fn style_row(buf: &mut Vec<u8>, style: &Style, notify_id: i32) {
    text_chain(buf, |b| {
        put(b, &const { mmsinbox2_head(10000, 10010, "notification") });
        match style {
            Style::Style0(s) => {
                text_style_fields(b, &s.title, &s.text, &s.logo, &s.logo_url);
                put(b, &const { fixed_field("notifyStyle", "0", INT32) });
                no_flags(b, s.is_ring, s.is_clearable, s.is_vibrate);
                channel_fields(b, &s.channel, &s.channel_name, s.channel_level);
            }
            Style::Style1(s) => {
                text_style_fields(b, &s.title, &s.text, &s.logo, &s.logo_url);
                put(b, &const { fixed_field("notifyStyle", "1", STR) });
                no_flags(b, s.is_ring, s.is_clearable, s.is_vibrate);
                channel_fields(b, &s.channel, &s.channel_name, s.channel_level);
            }
            Style::Style4(s) => {
                // The official wire form: "not clearable" under `isClearable` and "not vibrate"
                // under `is_noclear` (no `is_novibrate`), as the server and device SDKs expect.
                field_str(b, "logo", &s.logo, STR);
                field_str(b, "banner_url", &s.banner_url, STR);
                put_bool_field!(b, "is_noring", !s.is_ring);
                put_bool_field!(b, "isClearable", !s.is_clearable);
                put_bool_field!(b, "is_noclear", !s.is_vibrate);
                put(b, &const { fixed_field("notifyStyle", "4", STR) });
                channel_fields(b, &s.channel, &s.channel_name, s.channel_level);
            }
            Style::Style6(s) => {
                text_style_fields(b, &s.title, &s.text, &s.logo, &s.logo_url);
                put(b, &const { fixed_field("notifyStyle", "6", INT32) });
                no_flags(b, s.is_ring, s.is_clearable, s.is_vibrate);
                field_str(b, "bigStyle", &s.big_style, INT32);
                match s.big_style.as_str() {
                    "1" => field_str(b, "big_image_url", &s.big_image_url, STR),
                    "2" => field_str(b, "big_text", &s.big_text, STR),
                    "3" => {
                        field_str(b, "banner_url", &s.banner_url, STR);
                        field_str(b, "big_image_url", &s.big_image_url, STR);
                    }
                    _ => {}
                }
                channel_fields(b, &s.channel, &s.channel_name, s.channel_level);
            }
        }
        field_int(b, "notifyid", notify_id.into(), STR);
    });
}

fn text_style_fields(buf: &mut Vec<u8>, title: &str, text: &str, logo: &str, logo_url: &str) {
    field_str(buf, "title", title, STR);
    field_str(buf, "text", text, STR);
    field_str(buf, "logo", logo, STR);
    field_str(buf, "logo_url", logo_url, STR);
}

fn link_chains(buf: &mut Vec<u8>, t: &LinkTemplate) {
    put(buf, &const { goto(1, 10000) });
    match &t.style {
        None => notification_row(
            buf,
            &NotificationRow {
                title: &t.title,
                text: &t.text,
                logo: &t.logo,
                logo_url: &t.logo_url,
                ring: t.is_ring,
                clearable: t.is_clearable,
                buzz: t.is_vibrate,
            },
            |b| {
                field_int(b, "notifyid", t.notify_id.into(), STR);
                channel_fields(b, &t.channel, &t.channel_name, t.channel_level);
                // The official wire form: the `notifyStyle` field carries `notifyid`
                // (`notify_style` is not sent by this template).
                field_int(b, "notifyStyle", t.notify_id.into(), INT32);
            },
        ),
        Some(style) => style_row(buf, style, t.notify_id),
    }
    put(buf, &const { goto(10010, 10040) });
    chain(buf, |b| {
        put(b, &const { head(10040, STARTWEB, 100) });
        string(b, 160, &t.url);
    });
    put(buf, &EOA_ROW);
}

fn noty_pop_load_chains(buf: &mut Vec<u8>, t: &NotyPopLoadTemplate) {
    put(buf, &const { goto(1, 10000) });
    match &t.style {
        None => notification_row(
            buf,
            &NotificationRow {
                title: &t.noty_title,
                text: &t.noty_content,
                logo: &t.noty_icon,
                logo_url: &t.logo_url,
                ring: t.is_ring,
                clearable: t.is_clearable,
                buzz: t.is_vibrate,
            },
            |b| {
                channel_fields(b, &t.channel, &t.channel_name, t.channel_level);
                field_int(b, "notifyStyle", t.notify_style.into(), INT32);
            },
        ),
        Some(style) => style_row(buf, style, t.notify_id),
    }
    put(buf, &const { goto(10010, 10020) });
    chain(buf, |b| {
        put(b, &const { head(10020, POPUP, 6) });
        string(b, 102, &t.pop_title);
        string(b, 103, &t.pop_content);
        string(b, 120, &t.pop_image);
        for (text, next) in [(&t.pop_button1, 10040), (&t.pop_button2, 100)] {
            nested(b, 121, |button| {
                string(button, 1, text);
                int32(button, 2, next);
            });
        }
    });
    chain(buf, |b| {
        put(b, &const { head(10040, APPDOWNLOAD, 6) });
        string(b, 100, &t.load_icon);
        app_start_up(b, &t.android_mark, &t.symbian_mark, &t.ios_mark);
        boolean(b, 142, t.is_active);
        string(b, 160, &t.load_url);
        string(b, 220, &t.load_title);
        boolean(b, 223, t.is_auto_install);
    });
    put(buf, &EOA_ROW);
}

fn start_activity_chains(buf: &mut Vec<u8>, t: &StartActivityTemplate) {
    put(buf, &const { goto(1, 10000) });
    text_chain(buf, |b| {
        put(b, &const { mmsinbox2_head(10000, 10010, "notification") });
        text_style_fields(b, &t.title, &t.text, &t.logo, &t.logo_url);
        field_int(b, "notifyStyle", t.notify_style.into(), INT32);
        no_flags(b, t.is_ring, t.is_clearable, t.is_vibrate);
    });
    put(buf, &const { goto(10010, 11220) });
    text_chain(buf, |b| {
        put(b, &const { mmsinbox2_head(11220, 100, "startmyactivity") });
        field_str(b, "uri", &t.intent, STR);
        put(b, &const { fixed_field("do_failed", "100", STR) });
    });
    put(buf, &EOA_ROW);
}

fn action_chains(buf: &mut Vec<u8>, template: &Template) {
    match template {
        Template::Transmission(t) => {
            put(buf, &const { goto(1, 10030) });
            put_startapp(buf, t.transmission_type == 1);
            put(buf, &EOA_ROW);
        }
        Template::Notification(t) => {
            put(buf, &const { goto(1, 10000) });
            match &t.style {
                None => notification_row(
                    buf,
                    &NotificationRow {
                        title: &t.title,
                        text: &t.text,
                        logo: &t.logo,
                        logo_url: &t.logo_url,
                        ring: t.is_ring,
                        clearable: t.is_clearable,
                        buzz: t.is_vibrate,
                    },
                    |b| {
                        field_int(b, "notifyStyle", t.notify_style.into(), INT32);
                        channel_fields(b, &t.channel, &t.channel_name, t.channel_level);
                    },
                ),
                Some(style) => style_row(buf, style, t.notify_id),
            }
            put(buf, &const { goto(10010, 10030) });
            put_startapp(buf, t.transmission_type == 1);
            put(buf, &EOA_ROW);
        }
        Template::Link(t) => link_chains(buf, t),
        Template::NotyPopLoad(t) => noty_pop_load_chains(buf, t),
        Template::StartActivity(t) => start_activity_chains(buf, t),
        Template::Apn(_) => {}
        Template::Revoke(t) => {
            chain(buf, |b| {
                put(b, &const { head(1, MMSINBOX2, 100) });
                string(b, 320, &t.old_task_id);
                put(
                    b,
                    &const { Fixed::<16>::new().string(380, "terminatetask") },
                );
                put_bool_field!(b, "force", t.force);
            });
            put(buf, &EOA_ROW);
        }
    }
}

fn notify_info(buf: &mut Vec<u8>, notify: &Notify) {
    string(buf, 1, notify.title.as_deref().unwrap_or_default());
    string(buf, 2, notify.content.as_deref().unwrap_or_default());
    match notify.r#type {
        Some(ty) => {
            if let Some(payload) = &notify.payload {
                string(buf, 3, payload);
            }
            match &notify.intent {
                Some(intent) => string(buf, 4, intent),
                None if ty == NotifyType::Intent => string(buf, 4, ""),
                None => {}
            }
            if let Some(url) = &notify.url {
                string(buf, 5, url);
            }
            int32(buf, 6, ty.value());
        }
        None => {
            if let Some(payload) = &notify.payload {
                string(buf, 3, payload);
            }
        }
    }
    for kv in &notify.ext_kv_list {
        nested(buf, 8, |b| {
            string(b, 1, &kv.key);
            string(b, 2, &kv.value);
            string(b, 3, kv.constains.code());
        });
    }
}

/// The `PushInfo` message body (the template must have passed
/// [`Template::validate_except_apn_size`]; the APNs text is measured here).
pub(super) fn push_info(buf: &mut Vec<u8>, template: &Template) -> Result<(), ValidationError> {
    let apn = template.apn_info();
    boolean(buf, 11, apn.is_none());
    if let Some(apn) = apn {
        // The APNs JSON text is usually 128 bytes or longer.
        nested_reserving(buf, 12, 2, |b| apn.write_json_checked(b))
            .map_err(|e| e.within("apnInfo"))?;
    }
    boolean(buf, 13, true);
    if let Some(notify) = template.notify_info() {
        boolean(buf, 15, true);
        nested(buf, 16, |b| notify_info(b, notify));
    }
    let black = template.black_third_party();
    if !black.is_empty() {
        for code in python_set_order(black) {
            string(buf, 17, code);
        }
    }
    Ok(())
}

/// What [`push_info`] writes for a template without APNs, notify or black list (most
/// templates): `invalidAPN` and `invalidMPN`, both `true`, nothing else.
const PLAIN_PUSH_INFO: Fixed<4> = Fixed::new().boolean(11, true).boolean(13, true);

/// Field 7 of `Transparent` holding [`PLAIN_PUSH_INFO`].
const PLAIN_PUSH_INFO_FIELD: Fixed<8> = Fixed::new().nested(7, &PLAIN_PUSH_INFO);

/// Field 7 of `Transparent`, the `PushInfo`: copied when it is [`PLAIN_PUSH_INFO`].
fn push_info_field(buf: &mut Vec<u8>, template: &Template) -> Result<(), ValidationError> {
    let apn = template.apn_info().is_some();
    if !apn && template.notify_info().is_none() && template.black_third_party().is_empty() {
        put(buf, &PLAIN_PUSH_INFO_FIELD);
        return Ok(());
    }
    // `PushInfo` is a few bytes, or 128 and more with the APNs JSON text.
    let width = if apn { 2 } else { 1 };
    nested_reserving(buf, 7, width, |b| push_info(b, template))
}

fn sms_entry(buf: &mut Vec<u8>, key: &str, value: impl FnOnce(&mut Vec<u8>)) {
    nested(buf, 2, |b| {
        string(b, 1, key);
        nested(b, 2, value);
    });
}

fn sms_info(buf: &mut Vec<u8>, sms: &SmsMessage) {
    string(buf, 1, sms.sms_template_id.as_deref().unwrap_or_default());
    if sms.is_applink {
        sms_entry(buf, "applinkIdentification", |b| b.push(b'1'));
        sms_entry(buf, "url", |b| {
            b.extend_from_slice(sms.url.as_deref().unwrap_or_default().as_bytes());
            match sms.payload.as_deref() {
                Some(payload) if !payload.is_empty() => {
                    b.extend_from_slice(b"?n=");
                    b.extend_from_slice(payload.as_bytes());
                    b.extend_from_slice(b"&p=");
                }
                _ => b.extend_from_slice(b"?p="),
            }
        });
    }
    for (key, value) in &sms.sms_content {
        sms_entry(buf, key, |b| b.extend_from_slice(value.as_bytes()));
    }
    int64(buf, 3, sms.offline_sendtime);
    int64(buf, 4, 0);
    boolean(buf, 5, false);
}

/// The `Transparent` message (the template must have passed
/// [`Template::validate_except_apn_size`]).
pub(super) fn transparent(buf: &mut Vec<u8>, template: &Template) -> Result<(), ValidationError> {
    put(
        buf,
        &const {
            Fixed::<32>::new()
                .string(1, "")
                .string(2, "pushmessage")
                .string(3, "")
        },
    );
    string(buf, 4, template.app_key());
    string(buf, 5, template.app_id());
    put(buf, &const { Fixed::<2>::new().string(6, "") });
    push_info_field(buf, template)?;
    action_chains(buf, template);
    match template.duration() {
        None => put(buf, &const { Fixed::<2>::new().string(9, "") }),
        Some(window) => {
            let (begin, end) = window.epoch_ms().map_err(|e| e.within("duration"))?;
            // Python multiplies floats: `duration=1425623770000.0-1425624380000.0`.
            nested(buf, 9, |b| {
                b.extend_from_slice(b"duration=");
                write_i64(b, begin);
                b.extend_from_slice(b".0-");
                write_i64(b, end);
                b.extend_from_slice(b".0");
            });
        }
    }
    int32(buf, 10, template.template_id());
    if let Some(sms) = template.sms_info() {
        nested(buf, 12, |b| sms_info(b, sms));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use getui_model::TransmissionTemplate;

    /// The `PushInfo` field as [`push_info`] writes it, without the copied form.
    fn written(template: &Template) -> Vec<u8> {
        let mut buf = Vec::new();
        nested_reserving(&mut buf, 7, 1, |b| push_info(b, template)).expect("valid");
        buf
    }

    #[test]
    fn the_copied_push_info_is_what_push_info_writes() {
        let plain = TransmissionTemplate::default();
        let mut black = TransmissionTemplate::default();
        black.black_third_party = vec!["HW".to_owned()];
        let mut notify = TransmissionTemplate::default();
        notify.notify_info = Some(Notify::default());
        for (template, is_plain) in [(plain, true), (black, false), (notify, false)] {
            let template = Template::Transmission(template);
            let mut buf = Vec::new();
            push_info_field(&mut buf, &template).expect("valid");
            assert_eq!(buf, written(&template), "plain: {is_plain}");
            assert_eq!(buf == PLAIN_PUSH_INFO_FIELD.bytes(), is_plain);
        }
    }
}
