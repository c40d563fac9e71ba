//! The iOS payload (`apnInfo`: `APNPayload` or `VoIPPayload`) → `push_channel.ios`.

use super::{Ctx, Reason};
use crate::v2::channel::{Alert, Aps, Ios, Multimedia};
use crate::{AlertMsg, ApnInfo, ApnsPayload, CustomMsg, DictionaryAlertMsg};

const AT: &str = "data.apnInfo";
const IOS: &str = "push_channel.ios";

fn at(key: &str) -> String {
    format!("{AT}.{key}")
}

/// An optional legacy text: unset or empty is not sent.
fn text(ctx: &mut Ctx, key: &str, value: &Option<String>, v2: &str) -> Option<String> {
    match value {
        None => None,
        Some(v) => ctx.text(at(key), v, v2),
    }
}

/// An optional list: empty is not sent.
fn list(ctx: &mut Ctx, key: &str, value: &[String], v2: &str) -> Option<Vec<String>> {
    if value.is_empty() {
        None
    } else {
        ctx.map(at(key), v2);
        Some(value.to_vec())
    }
}

/// Converts the iOS payload.
pub(super) fn ios(ctx: &mut Ctx, apn: &ApnInfo) -> Ios {
    match apn {
        ApnInfo::Voip(v) => {
            let mut ios = Ios::new().r#type("voip");
            ios.payload = ctx.text(
                at("voIPPayload"),
                &v.voip_payload,
                &format!("{IOS}.payload"),
            );
            ios
        }
        ApnInfo::Apns(p) => payload(ctx, p),
    }
}

fn payload(ctx: &mut Ctx, p: &ApnsPayload) -> Ios {
    let mut ios = Ios::new();
    let mut aps = Aps::new();

    aps.alert = match &p.alert_msg {
        None => None,
        Some(AlertMsg::Simple(s)) => text(
            ctx,
            "alertMsg.alertMsg",
            &s.alert_msg,
            &format!("{IOS}.aps.alert.body"),
        )
        .map(|body| Alert::new().body(body)),
        Some(AlertMsg::Dictionary(d)) => dictionary(ctx, d),
    };

    match &p.auto_badge {
        Some(auto_badge) => {
            ios.auto_badge = Some(auto_badge.clone());
            ctx.map(at("autoBadge"), format!("{IOS}.auto_badge"));
            ctx.ignored(
                at("badge"),
                p.badge < 0,
                "the legacy payload sends autoBadge instead of badge when both are set",
            );
        }
        None if p.badge >= 0 => {
            ios.auto_badge = Some(p.badge.to_string());
            ctx.map(at("badge"), format!("{IOS}.auto_badge"));
        }
        None => ctx.nothing(at("badge")),
    }

    sound(ctx, p, &mut aps);

    if p.content_available > 0 {
        aps.content_available = Some(p.content_available);
        ctx.map(
            at("contentAvailable"),
            format!("{IOS}.aps.content-available"),
        );
    } else {
        ctx.nothing(at("contentAvailable"));
    }
    aps.category = text(ctx, "category", &p.category, &format!("{IOS}.aps.category"));
    aps.thread_id = text(
        ctx,
        "threadId",
        &p.thread_id,
        &format!("{IOS}.aps.thread-id"),
    );
    ios.apns_collapse_id = text(
        ctx,
        "apnsCollapseId",
        &p.apns_collapse_id,
        &format!("{IOS}.apns-collapse-id"),
    );

    custom(ctx, p, &mut ios);

    if p.voice_play_type == 0 {
        ctx.nothing(at("voicePlayType"));
    } else {
        ctx.lose(
            at("voicePlayType"),
            Reason::NoEquivalent,
            "v2 has no voice playback of notifications",
        );
    }
    if p.voice_play_message.is_empty() {
        ctx.nothing(at("voicePlayMessage"));
    } else {
        ctx.lose(
            at("voicePlayMessage"),
            Reason::NoEquivalent,
            "v2 has no voice playback of notifications",
        );
    }

    for (i, media) in p.multi_media.iter().enumerate() {
        let legacy = |key: &str| at(&format!("multiMedia[{i}].{key}"));
        let v2 = |key: &str| format!("{IOS}.multimedia[{i}].{key}");
        let mut item = Multimedia {
            url: media.res_url.clone(),
            r#type: media.res_type.map(|t| i64::from(t.value())),
            only_wifi: None,
        };
        ctx.map(legacy("resUrl"), v2("url"));
        ctx.map(legacy("resType"), v2("type"));
        if media.only_wifi {
            item.only_wifi = Some(true);
            ctx.map(legacy("onlyWifi"), v2("only_wifi"));
        } else {
            ctx.nothing(legacy("onlyWifi"));
        }
        match media.res_id.as_deref() {
            None | Some("") => ctx.nothing(legacy("resId")),
            Some(_) => ctx.lose(
                legacy("resId"),
                Reason::NoEquivalent,
                "v2 multimedia items have no id (they are told apart by their place)",
            ),
        }
        ios.multimedia.get_or_insert_with(Vec::new).push(item);
    }

    if aps != Aps::default() {
        ios.aps = Some(aps);
    }
    ios
}

fn dictionary(ctx: &mut Ctx, d: &DictionaryAlertMsg) -> Option<Alert> {
    let a = |key: &str| format!("{IOS}.aps.alert.{key}");
    let alert = Alert {
        title: text(ctx, "alertMsg.title", &d.title, &a("title")),
        body: text(ctx, "alertMsg.body", &d.body, &a("body")),
        title_loc_key: text(
            ctx,
            "alertMsg.titleLocKey",
            &d.title_loc_key,
            &a("title-loc-key"),
        ),
        title_loc_args: list(
            ctx,
            "alertMsg.titleLocArgs",
            &d.title_loc_args,
            &a("title-loc-args"),
        ),
        action_loc_key: text(
            ctx,
            "alertMsg.actionLocKey",
            &d.action_loc_key,
            &a("action-loc-key"),
        ),
        loc_key: text(ctx, "alertMsg.locKey", &d.loc_key, &a("loc-key")),
        loc_args: list(ctx, "alertMsg.locArgs", &d.loc_args, &a("loc-args")),
        launch_image: text(
            ctx,
            "alertMsg.launchImage",
            &d.launch_image,
            &a("launch-image"),
        ),
        subtitle: text(ctx, "alertMsg.subtitle", &d.subtitle, &a("subtitle")),
        subtitle_loc_key: text(
            ctx,
            "alertMsg.subtitleLocKey",
            &d.subtitle_loc_key,
            &a("subtitle-loc-key"),
        ),
        subtitle_loc_args: list(
            ctx,
            "alertMsg.subtitleLocArgs",
            &d.subtitle_loc_args,
            &a("subtitle-loc-args"),
        ),
    };
    const SUMMARY: &str = "v2's alert has no summary-arg / summary-arg-count";
    match d.summary_arg.as_deref() {
        None => {}
        Some("") => ctx.nothing(at("alertMsg.summaryArg")),
        Some(_) => ctx.lose(at("alertMsg.summaryArg"), Reason::NoEquivalent, SUMMARY),
    }
    if d.summary_arg_count.is_some() {
        ctx.lose(
            at("alertMsg.summaryArgCount"),
            Reason::NoEquivalent,
            SUMMARY,
        );
    }
    (alert != Alert::default()).then_some(alert)
}

/// `sound`, `sound_str` and the critical-alert dictionary `sound_d`.
fn sound(ctx: &mut Ctx, p: &ApnsPayload, aps: &mut Aps) {
    let v2 = format!("{IOS}.aps.sound");
    let sound_str_set = p.sound_str != ApnsPayload::default().sound_str;
    match p.sound_d.as_ref().filter(|d| d.is_set()) {
        Some(d) => {
            const INSTEAD: &str = "the legacy payload sends the sound dictionary (sound_d) instead";
            ctx.ignored(at("sound"), p.sound.is_none(), INSTEAD);
            ctx.ignored(at("sound_str"), !sound_str_set, INSTEAD);
            aps.sound = text(ctx, "sound_d.name", &d.name, &v2);
            const CRITICAL: &str =
                "v2's sound is a file name: no critical alert and no volume (sound_d)";
            if d.critical.is_some() {
                ctx.lose(at("sound_d.critical"), Reason::NoEquivalent, CRITICAL);
            }
            if d.volume.is_some() {
                ctx.lose(at("sound_d.volume"), Reason::NoEquivalent, CRITICAL);
            }
        }
        None => {
            if p.sound_d.is_some() {
                ctx.nothing(at("sound_d"));
            }
            aps.sound = p.effective_sound().map(str::to_owned);
            match (&p.sound, sound_str_set) {
                (Some(_), _) => {
                    ctx.map(at("sound"), v2);
                    ctx.ignored(
                        at("sound_str"),
                        !sound_str_set,
                        "the legacy payload sends sound instead of sound_str when both are set",
                    );
                }
                (None, true) => ctx.map(at("sound_str"), v2),
                (None, false) => ctx.nothing(at("sound_str")),
            }
        }
    }
}

/// `customMsg` → `payload` (one JSON text, the keys in their `customMsg` order).
fn custom(ctx: &mut Ctx, p: &ApnsPayload, ios: &mut Ios) {
    let mut keys = CustomMsg::new();
    for (key, value) in &p.custom_msg {
        let path = at(&format!("customMsg.{key}"));
        if key.is_empty() || value.is_null() {
            ctx.nothing(path);
        } else if key == "aps" {
            ctx.lose(
                path,
                Reason::IgnoredByLegacy,
                "the legacy payload writes its own aps over a custom `aps` key",
            );
        } else {
            keys.insert(key, value.clone());
        }
    }
    if keys.is_empty() {
        ctx.nothing(at("customMsg"));
        return;
    }
    ios.payload = Some(serde_json::to_string(&keys).expect("JSON values serialise"));
    ctx.map(at("customMsg"), format!("{IOS}.payload"));
    ctx.lose(
        at("customMsg"),
        Reason::Approximated,
        "v2 sends the custom keys as one JSON text in `payload`, not as keys of the \
         notification: the app reads them from userInfo[\"payload\"]",
    );
}
