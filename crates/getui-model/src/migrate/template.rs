//! The templates: what the device shows or receives (`push_message`), their styles, display
//! window and SMS fallback.

use super::{apns, notify, Ctx, Parts, Reason};
use crate::v2::push::{ClickType, Notification, Revoke, DURATION_MIN_SPAN_MS};
use crate::{
    DisplayWindow, LinkTemplate, NotificationTemplate, NotyPopLoadTemplate, RevokeTemplate,
    StartActivityTemplate, Style, Template, TransmissionTemplate,
};

const N: &str = "push_message.notification";

/// The legacy notification row: `(attribute, value)` pairs under `at`.
struct Row<'a> {
    at: &'a str,
    title: Option<(&'a str, &'a str)>,
    text: Option<(&'a str, &'a str)>,
    logo: Option<(&'a str, &'a str)>,
    logo_url: Option<(&'a str, &'a str)>,
    /// `isRing`, `isVibrate`, `isClearable`, when taken from this row.
    switches: Option<[bool; 3]>,
    /// `channel`, `channelName`, `channelLevel`, when the row has them.
    channel: Option<(&'a str, &'a str, i32)>,
}

const SWITCHES: [(&str, &str); 3] = [
    ("isRing", "turn the ring off"),
    ("isVibrate", "turn vibration off"),
    ("isClearable", "make a notification not clearable"),
];

impl Row<'_> {
    fn path(&self, key: &str) -> String {
        format!("{}.{key}", self.at)
    }

    /// Carries the row over to `n`.
    fn apply(&self, ctx: &mut Ctx, n: &mut Notification) {
        if let Some((key, value)) = self.title {
            n.title = Some(value.to_owned());
            ctx.map(self.path(key), format!("{N}.title"));
        }
        if let Some((key, value)) = self.text {
            n.body = Some(value.to_owned());
            ctx.map(self.path(key), format!("{N}.body"));
        }
        if let Some((key, value)) = self.logo {
            n.logo = ctx.text(self.path(key), value, &format!("{N}.logo"));
        }
        if let Some((key, value)) = self.logo_url {
            n.logo_url = ctx.text(self.path(key), value, &format!("{N}.logo_url"));
        }
        if let Some(switches) = self.switches {
            for ((key, what), value) in SWITCHES.into_iter().zip(switches) {
                ctx.switch(self.path(key), value, what);
            }
        }
        if let Some((channel, name, level)) = self.channel {
            n.channel_id = default_or(ctx, self.path("channel"), channel, "channel_id");
            n.channel_name = default_or(ctx, self.path("channelName"), name, "channel_name");
            if level == 3 {
                ctx.nothing(self.path("channelLevel"));
            } else {
                n.channel_level = Some(i64::from(level));
                ctx.map(self.path("channelLevel"), format!("{N}.channel_level"));
            }
        }
    }

    /// Records the row as replaced by a style (listed where it holds a non-default value).
    fn replaced(&self, ctx: &mut Ctx) {
        const WHY: &str = "the legacy API shows the style's fields instead of the template's";
        for (key, value) in [self.title, self.text, self.logo, self.logo_url]
            .into_iter()
            .flatten()
        {
            ctx.ignored(self.path(key), value.is_empty(), WHY);
        }
        if let Some(switches) = self.switches {
            for ((key, _), value) in SWITCHES.into_iter().zip(switches) {
                ctx.ignored(self.path(key), value, WHY);
            }
        }
        if let Some((channel, name, level)) = self.channel {
            ctx.ignored(self.path("channel"), channel == "Default", WHY);
            ctx.ignored(self.path("channelName"), name == "Default", WHY);
            ctx.ignored(self.path("channelLevel"), level == 3, WHY);
        }
    }
}

/// A channel text: `"Default"` (the default of both APIs) is not sent.
fn default_or(ctx: &mut Ctx, legacy: String, value: &str, key: &str) -> Option<String> {
    if value == "Default" {
        ctx.nothing(legacy);
        None
    } else {
        ctx.map(legacy, format!("{N}.{key}"));
        Some(value.to_owned())
    }
}

/// The row of a `Style0` or `Style1` (two types with the same fields).
macro_rules! text_style_row {
    ($at:expr, $s:expr) => {
        Row {
            at: $at,
            title: Some(("title", &$s.title)),
            text: Some(("text", &$s.text)),
            logo: Some(("logo", &$s.logo)),
            logo_url: Some(("logoUrl", &$s.logo_url)),
            switches: Some([$s.is_ring, $s.is_vibrate, $s.is_clearable]),
            channel: Some((&$s.channel, &$s.channel_name, $s.channel_level)),
        }
    };
}

/// The notification of a template row, or of its style when it has one.
fn display(ctx: &mut Ctx, own: &Row<'_>, style: Option<&Style>) -> Notification {
    let mut n = Notification::default();
    let at = "data.style";
    match style {
        None => own.apply(ctx, &mut n),
        Some(Style::Style0(s)) => {
            own.replaced(ctx);
            text_style_row!(at, s).apply(ctx, &mut n);
        }
        Some(Style::Style1(s)) => {
            own.replaced(ctx);
            text_style_row!(at, s).apply(ctx, &mut n);
        }
        Some(Style::Style6(s)) => {
            own.replaced(ctx);
            Row {
                at,
                title: Some(("title", &s.title)),
                text: Some(("text", &s.text)),
                logo: Some(("logo", &s.logo)),
                logo_url: Some(("logoUrl", &s.logo_url)),
                switches: Some([s.is_ring, s.is_vibrate, s.is_clearable]),
                channel: Some((&s.channel, &s.channel_name, s.channel_level)),
            }
            .apply(ctx, &mut n);
            big_style(ctx, s, &mut n);
        }
        Some(Style::Style4(s)) => {
            // A banner has no title or text, which v2 requires: the template's are used.
            Row {
                logo: None,
                logo_url: None,
                channel: None,
                switches: None,
                ..*own
            }
            .apply(ctx, &mut n);
            Row {
                title: None,
                text: None,
                ..*own
            }
            .replaced(ctx);
            Row {
                at,
                title: None,
                text: None,
                logo: Some(("logo", &s.logo)),
                logo_url: None,
                switches: Some([s.is_ring, s.is_vibrate, s.is_clearable]),
                channel: Some((&s.channel, &s.channel_name, s.channel_level)),
            }
            .apply(ctx, &mut n);
            if s.banner_url.is_empty() {
                ctx.nothing("data.style.banner_url");
            } else {
                ctx.lose(
                    "data.style.banner_url",
                    Reason::NoEquivalent,
                    "v2 has no banner style: the notification shows the template's title and \
                     text (use big_image for a picture)",
                );
            }
        }
    }
    n
}

/// `Style6.bigStyle`: 1 big picture, 2 big text, 3 banner + big picture.
fn big_style(ctx: &mut Ctx, s: &crate::Style6, n: &mut Notification) {
    const UNUSED: &str = "not shown by the legacy API for this bigStyle";
    let image = "data.style.bigImageUrl".to_owned();
    let text = "data.style.bigText".to_owned();
    let banner = "data.style.bannerUrl".to_owned();
    match s.big_style.as_str() {
        "1" | "3" => {
            ctx.map("data.style.bigStyle", format!("{N}.big_image"));
            n.big_image = ctx.text(image, &s.big_image_url, &format!("{N}.big_image"));
            ctx.ignored(text, s.big_text.is_empty(), UNUSED);
            if s.big_style == "3" && !s.banner_url.is_empty() {
                ctx.lose(
                    banner,
                    Reason::NoEquivalent,
                    "v2 has no banner: only the big picture (big_image) is shown",
                );
            } else {
                ctx.ignored(banner, s.banner_url.is_empty(), UNUSED);
            }
        }
        "2" => {
            ctx.map("data.style.bigStyle", format!("{N}.big_text"));
            n.big_text = ctx.text(text, &s.big_text, &format!("{N}.big_text"));
            ctx.ignored(image, s.big_image_url.is_empty(), UNUSED);
            ctx.ignored(banner, s.banner_url.is_empty(), UNUSED);
        }
        other => {
            if other.is_empty() {
                ctx.nothing("data.style.bigStyle");
            } else {
                ctx.lose(
                    "data.style.bigStyle",
                    Reason::Invalid,
                    format!("unknown bigStyle `{other}` (1, 2 or 3); no big style was set"),
                );
            }
            for (path, value) in [
                (image, &s.big_image_url),
                (text, &s.big_text),
                (banner, &s.banner_url),
            ] {
                ctx.ignored(path, value.is_empty(), UNUSED);
            }
        }
    }
}

/// `notifyid` → `notify_id` (0, the default, is not sent).
fn notify_id(ctx: &mut Ctx, id: i32, n: &mut Notification) {
    match id {
        0 => ctx.nothing("data.notifyid"),
        id if id > 0 => {
            n.notify_id = Some(i64::from(id));
            ctx.map("data.notifyid", format!("{N}.notify_id"));
        }
        id => ctx.lose(
            "data.notifyid",
            Reason::Invalid,
            format!("a negative notifyid ({id}); no notify_id was set"),
        ),
    }
}

/// `notifyStyle`: a numbered style v2 does not have.
fn notify_style(ctx: &mut Ctx, value: i32, styled: bool) {
    if value == 0 {
        ctx.nothing("data.notifyStyle");
    } else if styled {
        ctx.lose(
            "data.notifyStyle",
            Reason::IgnoredByLegacy,
            "the style's own number is sent instead",
        );
    } else {
        ctx.lose(
            "data.notifyStyle",
            Reason::NoEquivalent,
            "v2 has no numbered notification styles",
        );
    }
}

/// `transmissionType` 1 (start the app on arrival).
fn transmission_type(ctx: &mut Ctx, value: i32) {
    if value == 1 {
        ctx.lose(
            "data.transmissionType",
            Reason::NoEquivalent,
            "v2 cannot start the app on arrival (transmissionType 1): the app decides what to \
             do when it receives the message",
        );
    } else {
        ctx.nothing("data.transmissionType");
    }
}

/// The data of a template whose action never reaches the app.
fn unused_content(ctx: &mut Ctx, content: &str, advice: &str) {
    if content.is_empty() {
        ctx.nothing("data.transmissionContent");
    } else {
        ctx.lose(
            "data.transmissionContent",
            Reason::NoEquivalent,
            format!("a v2 notification of this kind carries no data for the app: {advice}"),
        );
    }
}

/// Converts the template and what it carries.
pub(super) fn template(ctx: &mut Ctx, parts: &mut Parts, t: &Template) {
    ctx.nothing("data.appId");
    ctx.nothing("data.appKey");
    ctx.nothing("data.pushType");
    match t {
        Template::Transmission(t) => transmission(ctx, parts, t),
        Template::Notification(t) => notification(ctx, parts, t),
        Template::Link(t) => link(ctx, parts, t),
        Template::NotyPopLoad(t) => noty_pop_load(ctx, parts, t),
        Template::StartActivity(t) => start_activity(ctx, parts, t),
        Template::Revoke(t) => revoke(ctx, parts, t),
        Template::Apn(_) => ctx.lose(
            "data",
            Reason::NoEquivalent,
            "an APNTemplate carries only the iOS payload (push_channel.ios), but v2 needs a \
             push_message: add a transmission (online Android devices receive it too)",
        ),
    }
    if let Some(window) = t.duration() {
        duration(ctx, parts, window);
    }
    if t.sms_info().is_some() {
        ctx.lose(
            "data.smsInfo",
            Reason::NoEquivalent,
            "v2 has no SMS fallback; nothing was sent for it",
        );
    }
    if let Some(apn) = t.apn_info() {
        parts.ios = Some(apns::ios(ctx, apn));
    }
}

fn transmission(ctx: &mut Ctx, parts: &mut Parts, t: &TransmissionTemplate) {
    parts.message.transmission = Some(t.transmission_content.clone());
    ctx.map("data.transmissionContent", "push_message.transmission");
    transmission_type(ctx, t.transmission_type);
    if t.style.is_some() {
        ctx.lose(
            "data.style",
            Reason::IgnoredByLegacy,
            "a Transmission template shows nothing, so the official SDK ignores its style",
        );
    }
    if let Some(n) = &t.notify_info {
        notify::ups(ctx, &mut parts.ups, n);
    }
    notify::black_list(ctx, &mut parts.settings, &t.black_third_party);
}

fn notification(ctx: &mut Ctx, parts: &mut Parts, t: &NotificationTemplate) {
    let own = Row {
        at: "data",
        title: Some(("title", &t.title)),
        text: Some(("text", &t.text)),
        logo: Some(("logo", &t.logo)),
        logo_url: Some(("logoURL", &t.logo_url)),
        switches: Some([t.is_ring, t.is_vibrate, t.is_clearable]),
        channel: Some((&t.channel, &t.channel_name, t.channel_level)),
    };
    let mut n = display(ctx, &own, t.style.as_ref());
    notify_style(ctx, t.notify_style, t.style.is_some());
    notify_id(ctx, t.notify_id, &mut n);
    transmission_type(ctx, t.transmission_type);
    if t.transmission_content.is_empty() {
        n.click_type = Some(ClickType::Startapp);
        ctx.nothing("data.transmissionContent");
    } else {
        n.click_type = Some(ClickType::Payload);
        n.payload = Some(t.transmission_content.clone());
        ctx.map("data.transmissionContent", format!("{N}.payload"));
    }
    parts.message.notification = Some(n);
}

fn link(ctx: &mut Ctx, parts: &mut Parts, t: &LinkTemplate) {
    let own = Row {
        at: "data",
        title: Some(("title", &t.title)),
        text: Some(("text", &t.text)),
        logo: Some(("logo", &t.logo)),
        logo_url: Some(("logoURL", &t.logo_url)),
        switches: Some([t.is_ring, t.is_vibrate, t.is_clearable]),
        channel: Some((&t.channel, &t.channel_name, t.channel_level)),
    };
    let mut n = display(ctx, &own, t.style.as_ref());
    ctx.ignored(
        "data.notifyStyle".to_owned(),
        t.notify_style == 0,
        "the official wire form of a LinkTemplate never sends its notifyStyle",
    );
    notify_id(ctx, t.notify_id, &mut n);
    n.click_type = Some(ClickType::Url);
    n.url = Some(t.url.clone());
    ctx.map("data.url", format!("{N}.url"));
    unused_content(
        ctx,
        &t.transmission_content,
        "put the data into the URL's query",
    );
    ctx.ignored(
        "data.transmissionType".to_owned(),
        t.transmission_type == 0,
        "not used by a LinkTemplate's actions",
    );
    parts.message.notification = Some(n);
}

fn noty_pop_load(ctx: &mut Ctx, parts: &mut Parts, t: &NotyPopLoadTemplate) {
    let own = Row {
        at: "data",
        title: Some(("notyTitle", &t.noty_title)),
        text: Some(("notyContent", &t.noty_content)),
        logo: Some(("notyIcon", &t.noty_icon)),
        logo_url: Some(("logoUrl", &t.logo_url)),
        switches: Some([t.is_ring, t.is_vibrate, t.is_clearable]),
        channel: Some((&t.channel, &t.channel_name, t.channel_level)),
    };
    let mut n = display(ctx, &own, t.style.as_ref());
    notify_style(ctx, t.notify_style, t.style.is_some());
    notify_id(ctx, t.notify_id, &mut n);
    if t.load_url.is_empty() {
        n.click_type = Some(ClickType::None);
        ctx.nothing("data.loadUrl");
    } else {
        n.click_type = Some(ClickType::Url);
        n.url = Some(t.load_url.clone());
        ctx.map("data.loadUrl", format!("{N}.url"));
        ctx.lose(
            "data.loadUrl",
            Reason::Approximated,
            "v2 has no pop-up and no in-app download: a tap opens the download URL in the \
             browser (click_type url)",
        );
    }
    const NO_POPUP: &str = "v2 has no pop-up and no in-app download (NotyPopLoad); nothing was \
                            sent for it";
    for (key, value) in [
        ("popTitle", &t.pop_title),
        ("popContent", &t.pop_content),
        ("popImage", &t.pop_image),
        ("popButton1", &t.pop_button1),
        ("popButton2", &t.pop_button2),
        ("loadIcon", &t.load_icon),
        ("loadTitle", &t.load_title),
        ("androidMark", &t.android_mark),
        ("symbianMark", &t.symbian_mark),
        ("iosMark", &t.ios_mark),
    ] {
        let path = format!("data.{key}");
        if value.is_empty() {
            ctx.nothing(path);
        } else {
            ctx.lose(path, Reason::NoEquivalent, NO_POPUP);
        }
    }
    for (key, value) in [
        ("isAutoInstall", t.is_auto_install),
        ("isActive", t.is_active),
    ] {
        let path = format!("data.{key}");
        if value {
            ctx.lose(path, Reason::NoEquivalent, NO_POPUP);
        } else {
            ctx.nothing(path);
        }
    }
    unused_content(ctx, &t.transmission_content, "use a transmission push");
    ctx.ignored(
        "data.transmissionType".to_owned(),
        t.transmission_type == 0,
        "not used by a NotyPopLoadTemplate's actions",
    );
    parts.message.notification = Some(n);
}

fn start_activity(ctx: &mut Ctx, parts: &mut Parts, t: &StartActivityTemplate) {
    let own = Row {
        at: "data",
        title: Some(("title", &t.title)),
        text: Some(("text", &t.text)),
        logo: Some(("logo", &t.logo)),
        logo_url: Some(("logoURL", &t.logo_url)),
        switches: Some([t.is_ring, t.is_vibrate, t.is_clearable]),
        channel: None,
    };
    let mut n = display(ctx, &own, None);
    notify_style(ctx, t.notify_style, false);
    if t.style.is_some() {
        ctx.lose(
            "data.style",
            Reason::IgnoredByLegacy,
            "the official SDK ignores the style of a StartActivityTemplate",
        );
    }
    ctx.ignored(
        "data.notifyid".to_owned(),
        t.notify_id == 0,
        "the official SDK ignores the notifyid of a StartActivityTemplate",
    );
    n.click_type = Some(ClickType::Intent);
    n.intent = Some(t.intent.clone());
    ctx.map("data.intent", format!("{N}.intent"));
    unused_content(
        ctx,
        &t.transmission_content,
        "put the data into the intent's extras (S.key=value)",
    );
    parts.message.notification = Some(n);
}

fn revoke(ctx: &mut Ctx, parts: &mut Parts, t: &RevokeTemplate) {
    let mut r = Revoke::new(t.old_task_id.clone());
    r.force = Some(t.force);
    ctx.map("data.oldTaskId", "push_message.revoke.old_task_id");
    ctx.map("data.force", "push_message.revoke.force");
    unused_content(ctx, &t.transmission_content, "a revoke carries nothing");
    ctx.ignored(
        "data.transmissionType".to_owned(),
        t.transmission_type == 0,
        "not used by a RevokeTemplate's actions",
    );
    parts.message.revoke = Some(r);
}

/// `duration` → `push_message.duration` (`"<begin ms>-<end ms>"`).
fn duration(ctx: &mut Ctx, parts: &mut Parts, window: &DisplayWindow) {
    match window.epoch_ms() {
        Err(e) => ctx.lose(
            "data.duration",
            Reason::Invalid,
            format!("{e}; no push_message.duration was set"),
        ),
        Ok((begin, end)) if end - begin > DURATION_MIN_SPAN_MS => {
            parts.message.duration = Some(format!("{begin}-{end}"));
            ctx.map("data.duration", "push_message.duration");
        }
        Ok((begin, end)) => ctx.lose(
            "data.duration",
            Reason::OutOfRange,
            format!(
                "v2 needs a display window of more than 10 minutes ({} ms given); no \
                 push_message.duration was set, so the message may show at any time",
                end - begin
            ),
        ),
    }
}
