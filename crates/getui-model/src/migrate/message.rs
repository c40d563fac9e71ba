//! The message level: offline time, network type, priority, targets, app conditions, speed and
//! schedule.

use super::{Ctx, Endpoint, Parts, Reason};
use crate::v2::audience::{Audience, Condition, OptType as V2OptType};
use crate::v2::settings::TTL_MAX_MS;
use crate::{AppMessage, DisplayWindow, OptType, PushNetworkType, Target};

/// The fields every legacy message has.
pub(super) struct Common {
    pub(super) is_offline: bool,
    pub(super) offline_expire_time: i64,
    pub(super) push_network_type: PushNetworkType,
    pub(super) priority: i32,
}

/// `isOffline`, `offlineExpireTime`, `pushNetWorkType`, `priority`.
pub(super) fn common(ctx: &mut Ctx, parts: &mut Parts, m: &Common) {
    if !m.is_offline {
        parts.settings.ttl = Some(-1);
        ctx.map("isOffline", "settings.ttl");
        ctx.ignored(
            "offlineExpireTime".to_owned(),
            m.offline_expire_time == 0,
            "the legacy API keeps no message for offline devices when isOffline is false; \
             settings.ttl is -1",
        );
    } else {
        ctx.map("isOffline", "settings.ttl");
        match m.offline_expire_time {
            0 => ctx.nothing("offlineExpireTime"),
            ms @ 1..=TTL_MAX_MS => {
                parts.settings.ttl = Some(ms);
                ctx.map("offlineExpireTime", "settings.ttl");
            }
            ms if ms > TTL_MAX_MS => {
                parts.settings.ttl = Some(TTL_MAX_MS);
                ctx.map("offlineExpireTime", "settings.ttl");
                ctx.lose(
                    "offlineExpireTime",
                    Reason::OutOfRange,
                    format!(
                        "v2 keeps an offline message at most 3 days: settings.ttl is \
                         {TTL_MAX_MS} instead of {ms}"
                    ),
                );
            }
            ms => ctx.lose(
                "offlineExpireTime",
                Reason::Invalid,
                format!("a negative offline time ({ms} ms); no settings.ttl was set"),
            ),
        }
    }
    match m.push_network_type {
        PushNetworkType::Any => ctx.nothing("pushNetWorkType"),
        PushNetworkType::Wifi => {
            parts.message.network_type = Some(1);
            ctx.map("pushNetWorkType", "push_message.network_type");
        }
        PushNetworkType::Mobile => ctx.lose(
            "pushNetWorkType",
            Reason::OutOfRange,
            "v2 network_type is 0 (any) or 1 (Wi-Fi only): there is no mobile-only delivery; \
             nothing was set (any network)",
        ),
    }
    ctx.ignored(
        "priority".to_owned(),
        m.priority == 0,
        "no official SDK sends priority, and v2 has none",
    );
}

/// The target of a single message: client id first (as the legacy API), else alias.
pub(super) fn target(ctx: &mut Ctx, parts: &mut Parts, target: &Target) -> Endpoint {
    ctx.nothing("target.appId");
    if !target.client_id.is_empty() {
        parts.audience = Some(Audience::Cid(vec![target.client_id.clone()]));
        ctx.map("target.clientId", "audience.cid");
        ctx.ignored(
            "target.alias".to_owned(),
            target.alias.is_empty(),
            "the legacy API uses the alias only when the client id is empty",
        );
        Endpoint::PushSingleByCid
    } else if !target.alias.is_empty() {
        parts.audience = Some(Audience::alias_list([target.alias.clone()]));
        ctx.nothing("target.clientId");
        ctx.map("target.alias", "audience.alias");
        Endpoint::PushSingleByAlias
    } else {
        ctx.lose(
            "target",
            Reason::Invalid,
            "a client id or an alias is required; the request has no audience",
        );
        Endpoint::PushSingleByCid
    }
}

/// The v2 condition key of a legacy one (`phoneType`, `region`, `tag`; others as given).
fn v2_key(key: &str) -> &str {
    match key {
        "phoneType" => "phone_type",
        "region" => "region",
        "tag" => "custom_tag",
        other => other,
    }
}

fn v2_opt(opt: OptType) -> V2OptType {
    match opt {
        OptType::Or => V2OptType::Or,
        OptType::And => V2OptType::And,
        OptType::Not => V2OptType::Not,
    }
}

/// The app-only fields; returns the endpoint the audience needs.
pub(super) fn app(ctx: &mut Ctx, parts: &mut Parts, m: &AppMessage) -> Endpoint {
    for (i, id) in m.app_id_list.iter().enumerate() {
        let path = format!("appIdList[{i}]");
        if i == 0 {
            ctx.nothing(path);
        } else {
            ctx.lose(
                path,
                Reason::NoEquivalent,
                format!(
                    "a v2 request pushes to the app of its client only: push to app {id} with \
                     a client for that app"
                ),
            );
        }
    }

    let mut conditions = Vec::new();
    let lists = [
        ("phoneTypeList", "phone_type", &m.phone_type_list),
        ("provinceList", "region", &m.province_list),
        ("tagList", "custom_tag", &m.tag_list),
    ];
    match &m.conditions {
        Some(c) if !c.condition.is_empty() => {
            for (name, _, list) in lists {
                ctx.ignored(
                    name.to_owned(),
                    list.is_empty(),
                    "the legacy API uses conditions instead of the lists when both are set",
                );
            }
            for (i, c) in c.condition.iter().enumerate() {
                let path = format!("conditions.condition[{i}]");
                if c.key.is_empty() {
                    ctx.lose(path, Reason::Invalid, "a condition without a key; left out");
                } else if c.values.is_empty() {
                    ctx.lose(
                        path,
                        Reason::OutOfRange,
                        "v2 needs at least one value per condition; left out",
                    );
                } else {
                    ctx.map(path, format!("audience.tag[{}]", conditions.len()));
                    conditions.push(Condition::new(
                        v2_key(&c.key),
                        c.values.iter().cloned(),
                        v2_opt(c.opt_type),
                    ));
                }
            }
        }
        other => {
            if other.is_some() {
                ctx.nothing("conditions");
            }
            for (name, key, list) in lists {
                if list.is_empty() {
                    ctx.nothing(name);
                } else {
                    ctx.map(name, format!("audience.tag[{}]", conditions.len()));
                    conditions.push(Condition::new(key, list.iter().cloned(), V2OptType::Or));
                }
            }
        }
    }

    let endpoint = if !conditions.is_empty() {
        parts.audience = Some(Audience::Tag(conditions));
        if m.tag.is_empty() {
            ctx.nothing("tag");
        } else {
            ctx.lose(
                "tag",
                Reason::Overridden,
                "a v2 request has one audience and this one uses the conditions: push the tag \
                 with a second request (push_by_fast_custom_tag)",
            );
        }
        Endpoint::PushByTag
    } else if !m.tag.is_empty() {
        parts.audience = Some(Audience::FastCustomTag(m.tag.clone()));
        ctx.map("tag", "audience.fast_custom_tag");
        Endpoint::PushByFastCustomTag
    } else {
        parts.audience = Some(Audience::All);
        ctx.nothing("tag");
        Endpoint::PushAll
    };

    match m.speed {
        0 => ctx.nothing("speed"),
        s if s > 0 => {
            parts.settings.speed = Some(i64::from(s));
            ctx.map("speed", "settings.speed");
        }
        s => ctx.lose(
            "speed",
            Reason::Invalid,
            format!("a negative speed ({s}); no settings.speed was set"),
        ),
    }

    if m.push_time.is_empty() {
        ctx.nothing("pushTime");
    } else {
        match schedule_ms(&m.push_time) {
            Some(ms) => {
                parts.settings.schedule_time = Some(ms);
                ctx.map("pushTime", "settings.schedule_time");
            }
            None => ctx.lose(
                "pushTime",
                Reason::Invalid,
                format!(
                    "`{}` is not a yyyyMMddHHmm time; no settings.schedule_time was set",
                    m.push_time
                ),
            ),
        }
    }
    endpoint
}

/// `yyyyMMddHHmm` read as Beijing time (as the legacy dates), in epoch milliseconds.
pub(super) fn schedule_ms(text: &str) -> Option<i64> {
    if text.len() != 12 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (y, rest) = text.split_at(4);
    let (mo, rest) = rest.split_at(2);
    let (d, rest) = rest.split_at(2);
    let (h, mi) = rest.split_at(2);
    let at = format!("{y}-{mo}-{d} {h}:{mi}:00");
    DisplayWindow::new(at.clone(), at)
        .epoch_ms()
        .ok()
        .map(|(ms, _)| ms)
}
