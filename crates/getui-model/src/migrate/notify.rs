//! The vendor side of a Transmission template: the third-party notification (`notifyInfo`) →
//! `push_channel.android.ups`, and the vendor black list (`blackThirdParty`) →
//! `settings.strategy`.

use super::{Ctx, Reason};
use crate::v2::channel::{ThirdNotification, Ups};
use crate::v2::push::ClickType;
use crate::v2::settings::{Settings, Strategy};
use crate::{Notify, NotifyType, Platform};

const AT: &str = "data.notifyInfo";
const UPS: &str = "push_channel.android.ups";
const NOTE: &str = "push_channel.android.ups.notification";

fn at(key: &str) -> String {
    format!("{AT}.{key}")
}

/// Converts the vendor notification into `ups.notification` and `ups.options`.
pub(super) fn ups(ctx: &mut Ctx, ups: &mut Ups, n: &Notify) {
    let mut t = ThirdNotification {
        title: n.title.clone(),
        body: n.content.clone(),
        ..ThirdNotification::default()
    };
    ctx.map(at("title"), format!("{NOTE}.title"));
    ctx.map(at("content"), format!("{NOTE}.body"));
    match n.r#type {
        Some(kind) => {
            t.click_type = Some(match kind {
                NotifyType::Payload => ClickType::Payload,
                NotifyType::Intent => ClickType::Intent,
                NotifyType::Url => ClickType::Url,
                NotifyType::StartApp => ClickType::Startapp,
            });
            ctx.map(at("type"), format!("{NOTE}.click_type"));
            // With a type the official SDK sends every companion given; v2 accepts them.
            t.payload = n.payload.clone();
            t.intent = n.intent.clone();
            t.url = n.url.clone();
            let required = match kind {
                NotifyType::Payload => "payload",
                NotifyType::Intent => "intent",
                NotifyType::Url => "url",
                NotifyType::StartApp => "",
            };
            for (key, value) in [
                ("payload", &n.payload),
                ("intent", &n.intent),
                ("url", &n.url),
            ] {
                if value.is_some() || key == required {
                    ctx.map(at(key), format!("{NOTE}.{key}"));
                }
            }
        }
        None => {
            // Without a type the official SDK sends only the payload (the app starts with it).
            match n.payload.as_deref() {
                Some(p) if !p.is_empty() => {
                    t.click_type = Some(ClickType::Payload);
                    t.payload = Some(p.to_owned());
                    ctx.map(at("payload"), format!("{NOTE}.payload"));
                }
                other => {
                    t.click_type = Some(ClickType::Startapp);
                    if other.is_some() {
                        ctx.nothing(at("payload"));
                    }
                }
            }
            for (key, value) in [("intent", &n.intent), ("url", &n.url)] {
                if value.is_some() {
                    ctx.lose(
                        at(key),
                        Reason::IgnoredByLegacy,
                        "without a type the official SDK sends only the payload",
                    );
                }
            }
        }
    }
    ups.notification = Some(t);

    for (i, kv) in n.ext_kv_list.iter().enumerate() {
        let path = at(&format!("extKVList[{i}]"));
        if kv.constains == Platform::Fcm {
            ctx.lose(
                path,
                Reason::NoEquivalent,
                "v2 has no FCM vendor channel; nothing was sent for it",
            );
            continue;
        }
        let code = kv.constains.code();
        let later = n.ext_kv_list[i + 1..]
            .iter()
            .any(|o| o.constains == kv.constains && o.key == kv.key);
        if later {
            ctx.lose(
                path,
                Reason::Overridden,
                format!(
                    "a later entry sets the same {code} key `{}`: v2 options keep one value \
                     per key",
                    kv.key
                ),
            );
            continue;
        }
        *ups = std::mem::take(ups).add_option(Some(code), kv.key.clone(), kv.value.clone());
        ctx.map(path, format!("{UPS}.options.{code}.{}", kv.key));
    }
}

/// `blackThirdParty` vendor codes → `settings.strategy` 3 (Getui channel only) for each.
pub(super) fn black_list(ctx: &mut Ctx, settings: &mut Settings, codes: &[String]) {
    for (i, code) in codes.iter().enumerate() {
        let path = format!("data.blackThirdParty[{i}]");
        let key = match code.as_str() {
            "HW" => "hw",
            "XM" => "xm",
            "VV" => "vv",
            "MZ" => "mz",
            "OP" => "op",
            "FCM" => {
                ctx.lose(
                    path,
                    Reason::NoEquivalent,
                    "v2 has no FCM vendor channel to turn off",
                );
                continue;
            }
            other => {
                ctx.lose(
                    path,
                    Reason::Invalid,
                    format!("unknown vendor code `{other}` (HW, XM, VV, MZ, OP, FCM)"),
                );
                continue;
            }
        };
        settings
            .strategy
            .get_or_insert_with(Strategy::new)
            .insert(key, Strategy::GT_ONLY);
        ctx.map(path, format!("settings.strategy.{key}"));
    }
}
