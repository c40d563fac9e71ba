//! The documented differences from the official Python SDK, applied to what it recorded, so
//! that the Rust output can be compared byte for byte with "the recording, corrected".
//!
//! Each fix mirrors one defect of the README's list and is applied only where the template
//! actually triggers it; the vector tests then check that the set of vectors needing a fix is
//! exactly the documented one.

use super::{b64, decode, decode_transparent};
use getui_model::json_text;
use getui_model::{Style, Template};
use prost::Message as _;
use serde_json::{json, Value};

fn style_of(template: &Template) -> Option<&Style> {
    match template {
        Template::Notification(t) => t.style.as_ref(),
        Template::Link(t) => t.style.as_ref(),
        Template::NotyPopLoad(t) => t.style.as_ref(),
        _ => None,
    }
}

/// Defect #6: Style4 writes `isClearable` under `isClearable` and `isVibrate` under
/// `is_noclear`. The values are right (negated), only the keys are wrong.
fn fix_style4(template: &Template, t: &mut decode::Transparent) {
    if !matches!(style_of(template), Some(Style::Style4(_))) {
        return;
    }
    for chain in t
        .action_chain
        .iter_mut()
        .filter(|c| c.action_id == Some(10000))
    {
        for field in &mut chain.field {
            let renamed = match field.key.as_deref() {
                Some("isClearable") => "is_noclear",
                Some("is_noclear") => "is_novibrate",
                _ => continue,
            };
            field.key = Some(renamed.to_owned());
        }
    }
}

/// Defect #5: LinkTemplate writes `notifyid` into the `notifyStyle` field.
fn fix_link_notify_style(template: &Template, t: &mut decode::Transparent) {
    let Template::Link(link) = template else {
        return;
    };
    if link.style.is_some() {
        return;
    }
    for chain in t
        .action_chain
        .iter_mut()
        .filter(|c| c.action_id == Some(10000))
    {
        for field in &mut chain.field {
            if field.key.as_deref() == Some("notifyStyle") {
                field.val = Some(link.notify_style.to_string());
            }
        }
    }
}

/// Defects #8, #9, #11: the APNs text the official SDK meant to send, for the vectors that
/// show the sound and `setPushInfo` defects.
fn intended_apn_json(vector: &str) -> Option<Value> {
    Some(match vector {
        "apns_sound_attr_only" => json!({"aps": {"alert": "b", "sound": "ding.wav"}}),
        "apns_sound_dictionary_name_only" => {
            json!({"aps": {"alert": "b", "sound": {"name": "n.caf"}}})
        }
        "apns_sound_dictionary_volume_only" => {
            json!({"aps": {"alert": "b", "sound": {"volume": 1.0}}})
        }
        "single_notification_legacy_setpushinfo" => json!({
            "payload": "custom-payload",
            "aps": {
                "alert": {"body": "消息 body", "action-loc-key": "ACTION", "loc-key": "LOC",
                          "loc-args": ["arg1"], "launch-image": "launch.png"},
                "badge": 4,
                "content-available": 1
            }
        }),
        _ => return None,
    })
}

fn python_json(value: &Value) -> String {
    let mut out = Vec::new();
    json_text::write_value(&mut out, value);
    String::from_utf8(out).unwrap()
}

/// The recorded `clientData` with the documented corrections applied.
pub(super) fn corrected_client_data(vector: &str, template: &Template, recorded: &str) -> String {
    let mut t = decode_transparent(recorded);
    fix_style4(template, &mut t);
    fix_link_notify_style(template, &mut t);
    if let Some(apn) = intended_apn_json(vector) {
        t.push_info.as_mut().expect("pushInfo").apn_json = Some(python_json(&apn));
    }
    let corrected = b64(&t.encode_to_vec());
    if corrected == b64(&decode_transparent(recorded).encode_to_vec()) {
        // Nothing changed: keep the recording itself (not its prost re-encoding).
        recorded.to_owned()
    } else {
        corrected
    }
}

/// The recorded `PI` with the documented corrections applied.
pub(super) fn corrected_push_info(vector: &str, recorded: &str) -> String {
    match intended_apn_json(vector) {
        None => recorded.to_owned(),
        Some(apn) => {
            let mut p = decode::PushInfo::decode(super::unb64(recorded).as_slice()).unwrap();
            p.apn_json = Some(python_json(&apn));
            b64(&p.encode_to_vec())
        }
    }
}
