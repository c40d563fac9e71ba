//! The push request (`PushRequest`, M1–M5 and M8–M11), its message (`push_message`), the
//! batch body of M3/M4 ([`BatchPushRequest`]) and the list-push body of M6/M7/M12
//! ([`AudienceRequest`]).
//!
//! Serde mirrors the wire: the official snake_case keys, every field optional and written only
//! when set, unknown keys rejected, integers as JSON integers, strings verbatim.

use serde::{Deserialize, Serialize};

use super::audience::{
    check_audience, check_audience_in, Audience, AudienceForm, CidByTag, Condition,
};
use super::channel::PushChannel;
use super::settings::Settings;
use crate::{Rule, ValidationError};

/// Chained `#[must_use]` setters: `name: Type, "doc"` writes `self.name = Some(value.into())`.
macro_rules! setters {
    ($( $name:ident : $ty:ty, $doc:literal; )*) => {
        $(
            #[doc = $doc]
            #[must_use]
            pub fn $name(mut self, value: impl Into<$ty>) -> Self {
                self.$name = Some(value.into());
                self
            }
        )*
    };
}
pub(crate) use setters;

/// Checks shared by the v2 types; every function takes the path of the object (`at`, empty for
/// the root) and the wire key, and builds the field name only on failure.
pub(crate) mod check {
    use crate::{Rule, ValidationError};

    use std::fmt;

    /// Where a field is: the path of its object, kept as borrowed pieces and rendered as text
    /// (`push_channel.android.ups`, `msg_list[2].audience`) only when an error names it, so
    /// validating a valid request builds no path at all.
    #[derive(Debug, Clone, Copy)]
    pub(crate) enum At<'a> {
        /// A path given as text (empty for the root).
        Text(&'a str),
        /// `parent.key`: `key` alone when the parent is empty, `parent` alone when `key` is.
        Field(&'a At<'a>, &'a str),
        /// `parent.key[index]`.
        Item(&'a At<'a>, &'a str, usize),
    }

    impl At<'_> {
        /// Whether the path renders as the empty text.
        fn is_empty(&self) -> bool {
            match self {
                At::Text(text) => text.is_empty(),
                At::Field(parent, key) => key.is_empty() && parent.is_empty(),
                At::Item(..) => false,
            }
        }
    }

    impl fmt::Display for At<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self {
                At::Text(text) => f.write_str(text),
                At::Field(parent, key) => {
                    parent.fmt(f)?;
                    if !parent.is_empty() && !key.is_empty() {
                        f.write_str(".")?;
                    }
                    f.write_str(key)
                }
                At::Item(parent, key, index) => {
                    At::Field(parent, key).fmt(f)?;
                    write!(f, "[{index}]")
                }
            }
        }
    }

    /// `at.key`, or `key` at the root.
    pub(crate) fn path<'a>(at: &'a At<'a>, key: &'a str) -> At<'a> {
        At::Field(at, key)
    }

    /// `at.key[index]`.
    pub(crate) fn item<'a>(at: &'a At<'a>, key: &'a str, index: usize) -> At<'a> {
        At::Item(at, key, index)
    }

    /// An error for `at.key`: the only place a path is rendered (out of line, so that the
    /// checks stay small where everything is valid).
    #[cold]
    #[inline(never)]
    pub(crate) fn err(at: &At<'_>, key: &str, rule: Rule) -> ValidationError {
        ValidationError::new(path(at, key).to_string(), rule)
    }

    /// A present string of at most `max` characters (empty allowed).
    #[inline]
    pub(crate) fn max_chars(
        at: &At<'_>,
        key: &str,
        value: Option<&String>,
        max: usize,
    ) -> Result<(), ValidationError> {
        // A string has at most as many characters as bytes: count only when it could be over.
        match value {
            Some(value) if value.len() > max => count_chars(at, key, value, max),
            _ => Ok(()),
        }
    }

    /// [`max_chars`] for a string longer than `max` bytes.
    #[cold]
    #[inline(never)]
    fn count_chars(at: &At<'_>, key: &str, value: &str, max: usize) -> Result<(), ValidationError> {
        let actual = value.chars().count();
        if actual > max {
            return Err(err(at, key, Rule::MaxChars { max, actual }));
        }
        Ok(())
    }

    /// A required, non-empty string of at most `max` characters.
    #[inline]
    pub(crate) fn required_chars(
        at: &At<'_>,
        key: &str,
        value: Option<&String>,
        max: usize,
    ) -> Result<(), ValidationError> {
        match value {
            Some(v) if !v.is_empty() => max_chars(at, key, value, max),
            _ => Err(err(at, key, Rule::Required)),
        }
    }

    /// A non-empty string of at most `max` characters when present.
    #[inline]
    pub(crate) fn non_empty_chars(
        at: &At<'_>,
        key: &str,
        value: Option<&String>,
        max: usize,
    ) -> Result<(), ValidationError> {
        match value {
            Some(v) if v.is_empty() => Err(err(at, key, Rule::Required)),
            _ => max_chars(at, key, value, max),
        }
    }

    /// A required, non-empty string (no length limit).
    #[inline]
    pub(crate) fn required(
        at: &At<'_>,
        key: &str,
        value: Option<&String>,
    ) -> Result<(), ValidationError> {
        required_chars(at, key, value, usize::MAX)
    }

    /// An integer within `min..=max` when present.
    #[inline]
    pub(crate) fn range(
        at: &At<'_>,
        key: &str,
        value: Option<i64>,
        min: i64,
        max: i64,
    ) -> Result<(), ValidationError> {
        match value {
            Some(actual) if !(min..=max).contains(&actual) => {
                Err(err(at, key, Rule::Range { min, max, actual }))
            }
            _ => Ok(()),
        }
    }

    /// Exactly one of the named members is present (`present[i]` for `names[i]`); the error
    /// names the object `at` itself.
    #[inline]
    pub(crate) fn exactly_one(
        at: &At<'_>,
        present: &[bool],
        message: &'static str,
    ) -> Result<(), ValidationError> {
        if present.iter().filter(|p| **p).count() == 1 {
            Ok(())
        } else {
            Err(not_one(at, message))
        }
    }

    #[cold]
    #[inline(never)]
    fn not_one(at: &At<'_>, message: &'static str) -> ValidationError {
        ValidationError::new(at.to_string(), Rule::Constraint(message))
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn paths_render_as_the_joined_text() {
            let root = At::Text("");
            let nested = At::Text("push_channel.android");
            let msg = item(&root, "msg_list", 2);
            let audience = path(&msg, "audience");
            let platform = item(&nested, "active_push_platform", 0);
            let empty = path(&root, "");
            let cases: [(&At<'_>, &str); 8] = [
                (&root, ""),
                (&path(&root, "audience"), "audience"),
                (&path(&nested, "ups"), "push_channel.android.ups"),
                (&nested, "push_channel.android"),
                (&audience, "msg_list[2].audience"),
                (&path(&audience, "cid"), "msg_list[2].audience.cid"),
                (
                    &path(&platform, ""),
                    "push_channel.android.active_push_platform[0]",
                ),
                (&path(&empty, "x"), "x"),
            ];
            for (at, text) in cases {
                assert_eq!(at.to_string(), text);
                assert_eq!(at.is_empty(), text.is_empty(), "{text}");
            }
            let error = err(&audience, "cid", Rule::Required);
            assert_eq!(
                error,
                ValidationError::new("msg_list[2].audience.cid", Rule::Required)
            );
            assert_eq!(
                exactly_one(&path(&nested, "ups"), &[true, true], "one").unwrap_err(),
                ValidationError::new("push_channel.android.ups", Rule::Constraint("one"))
            );
        }
    }
}

/// The largest `request_id`, in characters.
pub const REQUEST_ID_MAX_CHARS: usize = 32;
/// The smallest `request_id`, in characters.
pub const REQUEST_ID_MIN_CHARS: usize = 10;
/// The longest `group_name`, in characters.
pub const GROUP_NAME_MAX_CHARS: usize = 100;
/// The characters a `group_name` may hold.
pub const GROUP_NAME_PATTERN: &str = "^[0-9A-Za-z_-]*$";
/// The longest `transmission` (Getui channel, vendor channel and Harmony), in characters.
pub const TRANSMISSION_MAX_CHARS: usize = 3072;
/// The most `msg_list` entries of one batch push (M3/M4).
pub const BATCH_MAX_MESSAGES: usize = 200;
/// The most targets of one list push (M6/M7): `audience.cid` / `audience.alias`.
pub const LIST_PUSH_MAX_TARGETS: usize = 1000;
/// The smallest span of a `duration` display window (end − begin must be larger), in ms.
pub const DURATION_MIN_SPAN_MS: i64 = 600_000;

/// A push request: the body of M1/M2/M5/M8–M11 and every `msg_list` item of M3/M4
/// (docs/protocol-v2.md §8.1).
///
/// Only the fields the caller set are written; the endpoint decides which audience form is
/// allowed ([`PushRequest::check_audience`]).
///
/// ```
/// use getui_model::v2::push::{ClickType, Notification, PushMessage, PushRequest};
/// use getui_model::v2::settings::Settings;
///
/// let request = PushRequest::new()
///     .request_id("order-2024-000001")
///     .cid("0a1b2c3d4e5f60718293a4b5c6d7e8f9")
///     .settings(Settings::new().ttl(3_600_000))
///     .push_message(PushMessage::notification(Notification::new(
///         "Your order",
///         "has shipped",
///         ClickType::Startapp,
///     )));
/// assert!(request.validate().is_ok());
/// assert_eq!(
///     serde_json::to_value(&request).unwrap(),
///     serde_json::json!({
///         "request_id": "order-2024-000001",
///         "audience": {"cid": ["0a1b2c3d4e5f60718293a4b5c6d7e8f9"]},
///         "settings": {"ttl": 3600000},
///         "push_message": {"notification": {
///             "title": "Your order", "body": "has shipped", "click_type": "startapp"
///         }}
///     })
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct PushRequest {
    /// `request_id`: 10–32 characters, unique per message (a repeated id loses the message).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// `group_name`: task group for statistics (S2), ≤ 100 characters of `[0-9A-Za-z_-]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
    /// `audience`: the targets (the endpoint decides the form).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audience: Option<Audience>,
    /// `settings`: ttl, strategy, speed, schedule time…
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settings: Option<Settings>,
    /// `push_message`: the Getui-channel message (required).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub push_message: Option<PushMessage>,
    /// `push_channel`: the vendor channels (Android ups, iOS, Harmony).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub push_channel: Option<PushChannel>,
}

impl PushRequest {
    /// An empty request (nothing set).
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    setters! {
        request_id: String, "Sets `request_id` (10–32 characters).";
        group_name: String, "Sets `group_name` (≤ 100 characters of `[0-9A-Za-z_-]`).";
        audience: Audience, "Sets `audience`.";
        settings: Settings, "Sets `settings`.";
        push_message: PushMessage, "Sets `push_message`.";
        push_channel: PushChannel, "Sets `push_channel`.";
    }

    /// Sets `audience` to `{"cid": [cid]}` (single push by cid, M1 / M3 items).
    #[must_use]
    pub fn cid(self, cid: impl Into<String>) -> Self {
        self.audience(Audience::Cid(vec![cid.into()]))
    }

    /// Sets `audience` to `{"cid": [..]}`.
    #[must_use]
    pub fn cid_list<I: IntoIterator<Item = S>, S: Into<String>>(self, cids: I) -> Self {
        self.audience(Audience::cid_list(cids))
    }

    /// Sets `audience` to `{"alias": [alias]}` (single push by alias, M2 / M4 items).
    #[must_use]
    pub fn alias(self, alias: impl Into<String>) -> Self {
        self.audience(Audience::alias_list([alias]))
    }

    /// Sets `audience` to `{"alias": [..]}`.
    #[must_use]
    pub fn alias_list<I: IntoIterator<Item = S>, S: Into<String>>(self, aliases: I) -> Self {
        self.audience(Audience::alias_list(aliases))
    }

    /// Sets `audience` to `{"tag": [..]}` (M9).
    #[must_use]
    pub fn tag(self, conditions: Vec<Condition>) -> Self {
        self.audience(Audience::Tag(conditions))
    }

    /// Sets `audience` to `{"fast_custom_tag": tag}` (M10).
    #[must_use]
    pub fn fast_custom_tag(self, tag: impl Into<String>) -> Self {
        self.audience(Audience::FastCustomTag(tag.into()))
    }

    /// Sets `audience` to `{"cid_by_tag": [..]}` (M11).
    #[must_use]
    pub fn cid_by_tag(self, items: Vec<CidByTag>) -> Self {
        self.audience(Audience::CidByTag(items))
    }

    /// Sets `audience` to the string `"all"` (M8, and M5 for compatibility).
    #[must_use]
    pub fn all(self) -> Self {
        self.audience(Audience::All)
    }

    /// Checks every documented rule that does not depend on the endpoint: `request_id` 10–32
    /// characters when present, `group_name`, the audience (non-empty targets, conditions),
    /// `settings`, `push_message` (required) and `push_channel`. Field names are wire paths
    /// from the request (`push_message.notification.title`).
    pub fn validate(&self) -> Result<(), ValidationError> {
        self.validate_at("")
    }

    /// [`validate`](Self::validate) with every field name prefixed by `at` (e.g.
    /// `msg_list[2]`).
    pub fn validate_at(&self, at: &str) -> Result<(), ValidationError> {
        self.validate_in(&check::At::Text(at))
    }

    /// [`validate_at`](Self::validate_at) at a path built lazily.
    pub(crate) fn validate_in(&self, at: &check::At<'_>) -> Result<(), ValidationError> {
        if let Some(id) = &self.request_id {
            // An ASCII id (the usual) has as many characters as bytes.
            let actual = if id.is_ascii() {
                id.len()
            } else {
                id.chars().count()
            };
            if !(REQUEST_ID_MIN_CHARS..=REQUEST_ID_MAX_CHARS).contains(&actual) {
                return Err(check::err(
                    at,
                    "request_id",
                    Rule::Range {
                        min: REQUEST_ID_MIN_CHARS as i64,
                        max: REQUEST_ID_MAX_CHARS as i64,
                        actual: actual as i64,
                    },
                ));
            }
        }
        if let Some(name) = &self.group_name {
            check::max_chars(at, "group_name", Some(name), GROUP_NAME_MAX_CHARS)?;
            if !name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
            {
                return Err(check::err(
                    at,
                    "group_name",
                    Rule::Pattern {
                        pattern: GROUP_NAME_PATTERN,
                    },
                ));
            }
        }
        if let Some(audience) = &self.audience {
            audience.validate_in(&check::path(at, "audience"))?;
        }
        if let Some(settings) = &self.settings {
            settings.validate_at(&check::path(at, "settings"))?;
        }
        match &self.push_message {
            Some(message) => message.validate_at(&check::path(at, "push_message"))?,
            None => return Err(check::err(at, "push_message", Rule::Required)),
        }
        if let Some(channel) = &self.push_channel {
            channel.validate_at(&check::path(at, "push_channel"))?;
        }
        Ok(())
    }

    /// Checks the audience against what an endpoint takes (see [`AudienceForm`]): e.g.
    /// `AudienceForm::SingleCid` for M1, `AudienceForm::All` for M8. Errors name `audience…`.
    pub fn check_audience(&self, form: AudienceForm) -> Result<(), ValidationError> {
        check_audience(self.audience.as_ref(), form, "")
    }
}

/// `push_message`: exactly one of `notification`, `transmission`, `revoke`, plus the display
/// window and network type (docs/protocol-v2.md §8.4).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct PushMessage {
    /// `notification`: a Getui-channel notification (Android only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notification: Option<Notification>,
    /// `transmission`: pass-through content, non-empty, ≤ 3072 characters (opaque text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transmission: Option<String>,
    /// `revoke`: withdraw an earlier notification.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revoke: Option<Revoke>,
    /// `duration`: display window `"<begin ms>-<end ms>"`, end − begin > 10 minutes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// `network_type` (Java SDK only): 0 any network, 1 Wi-Fi only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network_type: Option<i64>,
}

impl PushMessage {
    /// An empty message (invalid until one of notification/transmission/revoke is set).
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// A message holding a notification.
    pub fn notification(notification: Notification) -> Self {
        Self::new().with_notification(notification)
    }

    /// A message holding pass-through content.
    pub fn transmission(content: impl Into<String>) -> Self {
        Self::new().with_transmission(content)
    }

    /// A message revoking an earlier task.
    pub fn revoke(revoke: Revoke) -> Self {
        Self::new().with_revoke(revoke)
    }

    /// Sets `notification`.
    #[must_use]
    pub fn with_notification(mut self, notification: Notification) -> Self {
        self.notification = Some(notification);
        self
    }

    /// Sets `transmission`.
    #[must_use]
    pub fn with_transmission(mut self, content: impl Into<String>) -> Self {
        self.transmission = Some(content.into());
        self
    }

    /// Sets `revoke`.
    #[must_use]
    pub fn with_revoke(mut self, revoke: Revoke) -> Self {
        self.revoke = Some(revoke);
        self
    }

    setters! {
        duration: String, "Sets `duration` (`\"<begin ms>-<end ms>\"`, sent as given).";
        network_type: i64, "Sets `network_type` (0 any network, 1 Wi-Fi only).";
    }

    /// Checks the message; field names start with `push_message`.
    pub fn validate(&self) -> Result<(), ValidationError> {
        self.validate_at(&check::At::Text("push_message"))
    }

    pub(crate) fn validate_at(&self, at: &check::At<'_>) -> Result<(), ValidationError> {
        check::exactly_one(
            at,
            &[
                self.notification.is_some(),
                self.transmission.is_some(),
                self.revoke.is_some(),
            ],
            "exactly one of notification, transmission, revoke is required",
        )?;
        if let Some(n) = &self.notification {
            n.validate_at(&check::path(at, "notification"))?;
        }
        check::non_empty_chars(
            at,
            "transmission",
            self.transmission.as_ref(),
            TRANSMISSION_MAX_CHARS,
        )?;
        if let Some(r) = &self.revoke {
            r.validate_at(&check::path(at, "revoke"))?;
        }
        if let Some(duration) = &self.duration {
            check_duration(at, duration)?;
        }
        check::range(at, "network_type", self.network_type, 0, 1)
    }
}

fn check_duration(at: &check::At<'_>, duration: &str) -> Result<(), ValidationError> {
    let parse = |s: &str| -> Option<i64> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    let bounds = duration
        .split_once('-')
        .and_then(|(begin, end)| Some((parse(begin)?, parse(end)?)));
    let Some((begin, end)) = bounds else {
        return Err(check::err(
            at,
            "duration",
            Rule::Format {
                expected: "<begin ms>-<end ms>",
            },
        ));
    };
    let span = end - begin;
    if span <= DURATION_MIN_SPAN_MS {
        return Err(check::err(
            at,
            "duration",
            Rule::Range {
                min: DURATION_MIN_SPAN_MS + 1,
                max: i64::MAX,
                actual: span,
            },
        ));
    }
    Ok(())
}

/// What a tap on a notification does (`click_type`).
///
/// Which values a place allows is checked by `validate`: the Getui notification takes the six
/// documented values (and `want` for the Harmony online channel), the vendor notification
/// `intent`, `url`, `payload`, `startapp`, `none`, the Harmony notification `want`,
/// `startapp`, `payload`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ClickType {
    /// `intent`: open a page of the app (needs `intent`).
    Intent,
    /// `url`: open a web page (needs `url`).
    Url,
    /// `payload`: start the app with custom content (needs `payload`).
    Payload,
    /// `payload_custom`: custom content without starting the app (needs `payload`).
    PayloadCustom,
    /// `startapp`: open the app's home page.
    Startapp,
    /// `none`: a plain notification, no action.
    None,
    /// `want`: Harmony, open the ability described by `want`.
    Want,
}

impl ClickType {
    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            ClickType::Intent => "intent",
            ClickType::Url => "url",
            ClickType::Payload => "payload",
            ClickType::PayloadCustom => "payload_custom",
            ClickType::Startapp => "startapp",
            ClickType::None => "none",
            ClickType::Want => "want",
        }
    }
}

/// The longest `intent`, in characters.
pub const INTENT_MAX_CHARS: usize = 4096;
/// The longest `url`, in characters.
pub const URL_MAX_CHARS: usize = 1024;
/// The longest `payload`, in characters.
pub const PAYLOAD_MAX_CHARS: usize = 3072;

/// The click type with its companion: `click_type` required and one of `allowed`; `intent`
/// for `intent`, `url` for `url`, `payload` for `payload`/`payload_custom`, `want` for `want`
/// (extra companions are allowed); companion lengths checked whenever present.
pub(crate) struct ClickFields<'a> {
    pub(crate) click_type: Option<ClickType>,
    pub(crate) intent: Option<&'a String>,
    pub(crate) url: Option<&'a String>,
    pub(crate) payload: Option<&'a String>,
    pub(crate) want: Option<&'a String>,
}

impl ClickFields<'_> {
    pub(crate) fn check(
        &self,
        at: &check::At<'_>,
        allowed: &[ClickType],
        message: &'static str,
    ) -> Result<(), ValidationError> {
        let Some(click_type) = self.click_type else {
            return Err(check::err(at, "click_type", Rule::Required));
        };
        if !allowed.contains(&click_type) {
            return Err(check::err(at, "click_type", Rule::Constraint(message)));
        }
        match click_type {
            ClickType::Intent => check::required(at, "intent", self.intent)?,
            ClickType::Url => check::required(at, "url", self.url)?,
            ClickType::Payload | ClickType::PayloadCustom => {
                check::required(at, "payload", self.payload)?
            }
            ClickType::Want => check::required(at, "want", self.want)?,
            ClickType::Startapp | ClickType::None => {}
        }
        check::max_chars(at, "intent", self.intent, INTENT_MAX_CHARS)?;
        check::max_chars(at, "url", self.url, URL_MAX_CHARS)?;
        check::max_chars(at, "payload", self.payload, PAYLOAD_MAX_CHARS)
    }
}

/// The largest `notify_id`.
pub const NOTIFY_ID_MAX: i64 = 2_147_483_647;

/// `push_message.notification`: the Getui-channel notification (docs/protocol-v2.md §8.4).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Notification {
    /// `title`: required, ≤ 50 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// `body`: required, ≤ 256 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// `big_text`: long-text style, ≤ 512 characters; exclusive with `big_image`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub big_text: Option<String>,
    /// `big_image`: big-picture URL, ≤ 1024 characters; exclusive with `big_text`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub big_image: Option<String>,
    /// `logo`: icon file name embedded in the app, ≤ 64 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
    /// `logo_url`: icon URL, ≤ 256 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
    /// `channel_id`: Android notification channel id, ≤ 64 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<String>,
    /// `channel_name`: Android notification channel name, ≤ 64 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel_name: Option<String>,
    /// `channel_level`: channel importance 0–4.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel_level: Option<i64>,
    /// `click_type`: required.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub click_type: Option<ClickType>,
    /// `intent`: required for `click_type` `intent`, ≤ 4096 characters (sent as given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intent: Option<String>,
    /// `url`: required for `click_type` `url`, ≤ 1024 characters (sent as given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// `payload`: required for `payload`/`payload_custom`, ≤ 3072 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payload: Option<String>,
    /// `notify_id`: 0–2147483647; a new message with the same id replaces the old one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notify_id: Option<i64>,
    /// `ring_name`: custom ring file name without suffix.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ring_name: Option<String>,
    /// `badge_add_num`: adds to the badge, > 0.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub badge_add_num: Option<i64>,
    /// `thread_id` (Java SDK): fold group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thread_id: Option<String>,
    /// `slot_type` (Java SDK): Harmony online-channel slot type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slot_type: Option<String>,
    /// `want` (Java SDK): Harmony click action (required for `click_type` `want`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub want: Option<String>,
    /// `redisplay_freq` (Java SDK): re-display count, 0 or 2–3.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redisplay_freq: Option<i64>,
    /// `redisplay_duration` (Java SDK): hours between re-displays, 0–24.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redisplay_duration: Option<i64>,
    /// `category` (Java SDK): local message classification.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
}

impl Notification {
    /// A notification with its three required fields.
    pub fn new(title: impl Into<String>, body: impl Into<String>, click_type: ClickType) -> Self {
        Self {
            title: Some(title.into()),
            body: Some(body.into()),
            click_type: Some(click_type),
            ..Self::default()
        }
    }

    setters! {
        title: String, "Sets `title` (≤ 50 characters).";
        body: String, "Sets `body` (≤ 256 characters).";
        big_text: String, "Sets `big_text` (≤ 512 characters).";
        big_image: String, "Sets `big_image` (≤ 1024 characters).";
        logo: String, "Sets `logo` (≤ 64 characters).";
        logo_url: String, "Sets `logo_url` (≤ 256 characters).";
        channel_id: String, "Sets `channel_id` (≤ 64 characters).";
        channel_name: String, "Sets `channel_name` (≤ 64 characters).";
        channel_level: i64, "Sets `channel_level` (0–4).";
        click_type: ClickType, "Sets `click_type`.";
        intent: String, "Sets `intent`.";
        url: String, "Sets `url`.";
        payload: String, "Sets `payload`.";
        notify_id: i64, "Sets `notify_id` (0–2147483647).";
        ring_name: String, "Sets `ring_name`.";
        badge_add_num: i64, "Sets `badge_add_num` (> 0).";
        thread_id: String, "Sets `thread_id`.";
        slot_type: String, "Sets `slot_type`.";
        want: String, "Sets `want`.";
        redisplay_freq: i64, "Sets `redisplay_freq` (0, 2 or 3).";
        redisplay_duration: i64, "Sets `redisplay_duration` (0–24 hours).";
        category: String, "Sets `category`.";
    }

    /// Checks the notification; field names start with `push_message.notification`.
    pub fn validate(&self) -> Result<(), ValidationError> {
        self.validate_at(&check::At::Text("push_message.notification"))
    }

    pub(crate) fn validate_at(&self, at: &check::At<'_>) -> Result<(), ValidationError> {
        check::required_chars(at, "title", self.title.as_ref(), 50)?;
        check::required_chars(at, "body", self.body.as_ref(), 256)?;
        check::max_chars(at, "big_text", self.big_text.as_ref(), 512)?;
        check::max_chars(at, "big_image", self.big_image.as_ref(), 1024)?;
        if self.big_text.is_some() && self.big_image.is_some() {
            return Err(check::err(
                at,
                "big_image",
                Rule::Constraint("big_text and big_image are exclusive"),
            ));
        }
        check::max_chars(at, "logo", self.logo.as_ref(), 64)?;
        check::max_chars(at, "logo_url", self.logo_url.as_ref(), 256)?;
        check::max_chars(at, "channel_id", self.channel_id.as_ref(), 64)?;
        check::max_chars(at, "channel_name", self.channel_name.as_ref(), 64)?;
        check::range(at, "channel_level", self.channel_level, 0, 4)?;
        ClickFields {
            click_type: self.click_type,
            intent: self.intent.as_ref(),
            url: self.url.as_ref(),
            payload: self.payload.as_ref(),
            want: self.want.as_ref(),
        }
        .check(
            at,
            &[
                ClickType::Intent,
                ClickType::Url,
                ClickType::Payload,
                ClickType::PayloadCustom,
                ClickType::Startapp,
                ClickType::None,
                ClickType::Want,
            ],
            "must be intent, url, payload, payload_custom, startapp, none or want",
        )?;
        check::range(at, "notify_id", self.notify_id, 0, NOTIFY_ID_MAX)?;
        check::range(at, "badge_add_num", self.badge_add_num, 1, i64::MAX)?;
        if let Some(freq) = self.redisplay_freq {
            if !(freq == 0 || (2..=3).contains(&freq)) {
                return Err(check::err(
                    at,
                    "redisplay_freq",
                    Rule::Constraint("must be 0 (no re-display), 2 or 3"),
                ));
            }
        }
        check::range(at, "redisplay_duration", self.redisplay_duration, 0, 24)
    }
}

/// `push_message.revoke`: withdraw the notification of an earlier task.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Revoke {
    /// `old_task_id`: the task to revoke (required).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_task_id: Option<String>,
    /// `force`: when the task is not found, revoke **every** notification of the app.
    /// Written only when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub force: Option<bool>,
}

impl Revoke {
    /// A revoke of `old_task_id` (`force` unset).
    pub fn new(old_task_id: impl Into<String>) -> Self {
        Self {
            old_task_id: Some(old_task_id.into()),
            force: None,
        }
    }

    setters! {
        old_task_id: String, "Sets `old_task_id`.";
        force: bool, "Sets `force`.";
    }

    /// Checks the revoke; field names start with `push_message.revoke`.
    pub fn validate(&self) -> Result<(), ValidationError> {
        self.validate_at(&check::At::Text("push_message.revoke"))
    }

    pub(crate) fn validate_at(&self, at: &check::At<'_>) -> Result<(), ValidationError> {
        check::required(at, "old_task_id", self.old_task_id.as_ref())
    }
}

/// The body of M3/M4 (`/push/single/batch/cid|alias`): one message per target.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct BatchPushRequest {
    /// `is_async`: no `data` in the answer when true; written only when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_async: Option<bool>,
    /// `msg_list`: 1–200 push requests, each with its own `request_id` and one target.
    pub msg_list: Vec<PushRequest>,
}

impl BatchPushRequest {
    /// A batch of the given messages.
    #[must_use]
    pub fn new(msg_list: Vec<PushRequest>) -> Self {
        Self {
            is_async: None,
            msg_list,
        }
    }

    setters! {
        is_async: bool, "Sets `is_async`.";
    }

    /// Appends one message to `msg_list`.
    #[must_use]
    pub fn push(mut self, request: PushRequest) -> Self {
        self.msg_list.push(request);
        self
    }

    /// Checks `msg_list` (1–200 items) and every item as a [`PushRequest`], naming
    /// `msg_list[i].…`.
    pub fn validate(&self) -> Result<(), ValidationError> {
        let actual = self.msg_list.len();
        if actual == 0 {
            return Err(ValidationError::new(
                "msg_list",
                Rule::MinItems { min: 1, actual },
            ));
        }
        if actual > BATCH_MAX_MESSAGES {
            return Err(ValidationError::new(
                "msg_list",
                Rule::MaxItems {
                    max: BATCH_MAX_MESSAGES,
                    actual,
                },
            ));
        }
        let root = check::At::Text("");
        for (i, request) in self.msg_list.iter().enumerate() {
            request.validate_in(&check::item(&root, "msg_list", i))?;
        }
        Ok(())
    }

    /// Checks the audience of every item against `form` (`SingleCid` for M3, `SingleAlias`
    /// for M4), naming `msg_list[i].audience…`.
    pub fn check_audiences(&self, form: AudienceForm) -> Result<(), ValidationError> {
        let root = check::At::Text("");
        for (i, request) in self.msg_list.iter().enumerate() {
            check_audience_in(
                request.audience.as_ref(),
                form,
                &check::item(&root, "msg_list", i),
            )?;
        }
        Ok(())
    }
}

/// The body of M6/M7/M12 (`/push/list/cid|alias|cid_by_tag`): push a stored message (M5's
/// `taskid`) to a list of targets.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct AudienceRequest {
    /// `taskid`: from M5 (required).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub taskid: Option<String>,
    /// `audience`: `{"cid": [..]}`, `{"alias": [..]}` or `{"cid_by_tag": [..]}` (required).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audience: Option<Audience>,
    /// `is_async`: written only when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_async: Option<bool>,
    /// `need_alias_detail` (M7, M12): answer per alias; needs `is_async` false.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub need_alias_detail: Option<bool>,
}

impl AudienceRequest {
    /// A request for `taskid` and `audience`.
    pub fn new(taskid: impl Into<String>, audience: Audience) -> Self {
        Self {
            taskid: Some(taskid.into()),
            audience: Some(audience),
            is_async: None,
            need_alias_detail: None,
        }
    }

    setters! {
        taskid: String, "Sets `taskid`.";
        audience: Audience, "Sets `audience`.";
        is_async: bool, "Sets `is_async`.";
        need_alias_detail: bool, "Sets `need_alias_detail`.";
    }

    /// Checks `taskid` (required) and the audience (required, a cid, alias or cid_by_tag
    /// list with non-empty targets). The list limit is the endpoint's:
    /// [`check_audience`](Self::check_audience).
    pub fn validate(&self) -> Result<(), ValidationError> {
        check::required(&check::At::Text(""), "taskid", self.taskid.as_ref())?;
        match &self.audience {
            None => Err(ValidationError::new("audience", Rule::Required)),
            Some(
                audience @ (Audience::Cid(_) | Audience::Alias { .. } | Audience::CidByTag(_)),
            ) => audience.validate_at("audience"),
            Some(_) => Err(ValidationError::new(
                "audience",
                Rule::Constraint(
                    "a list push takes audience.cid, audience.alias or audience.cid_by_tag",
                ),
            )),
        }
    }

    /// Checks the audience against what the endpoint takes: `CidList { max: 1000 }` (M6),
    /// `AliasList { max: 1000 }` (M7), `CidByTag` (M12).
    pub fn check_audience(&self, form: AudienceForm) -> Result<(), ValidationError> {
        check_audience(self.audience.as_ref(), form, "")
    }
}

/// The request body of a push, written directly: the same bytes as `serde_json` writes for the
/// value (field order, skipped `None`s, string escapes), without serde's per-field machinery
/// for the parts every push has (the request, `audience`, `settings`, `push_message`,
/// `notification`), member keys written as literals; the rest (`audience.tag`,
/// `audience.cid_by_tag`, `settings.strategy`, `revoke`, `push_channel`) goes through
/// `serde_json`. The destructuring below is exhaustive, so a new field cannot be forgotten
/// here.
mod wire_json {
    use super::{ClickType, Notification, PushMessage, PushRequest};
    use crate::v2::audience::Audience;
    use crate::v2::settings::Settings;

    /// `"name":`, the literal [`Object::key`] writes (after a `,` unless first). The names
    /// are the fixed wire keys, which need no escaping; a literal of known length is copied
    /// without a call.
    macro_rules! k {
        ($name:literal) => {
            concat!("\"", $name, "\":")
        };
    }

    /// Appends `s` as a JSON string, escaped as `serde_json` does: `"` and `\`, the control
    /// characters (`\b \t \n \f \r`, else `\u00xx` in lowercase hex); nothing else (no `/`, no
    /// non-ASCII). A string with nothing to escape (nearly all) is copied at once.
    #[inline]
    pub(super) fn write_str(out: &mut Vec<u8>, s: &str) {
        let bytes = s.as_bytes();
        match next_escape(bytes) {
            None => {
                out.reserve(bytes.len() + 2);
                out.push(b'"');
                out.extend_from_slice(bytes);
                out.push(b'"');
            }
            Some(first) => write_escaped(out, bytes, first),
        }
    }

    /// [`write_str`] for a string whose first byte to escape is at `first`.
    #[cold]
    #[inline(never)]
    fn write_escaped(out: &mut Vec<u8>, bytes: &[u8], first: usize) {
        out.reserve(bytes.len() + 8);
        out.push(b'"');
        let mut start = 0;
        let mut next = Some(first);
        while let Some(at) = next {
            let i = start + at;
            let b = bytes[i];
            let escape: &[u8] = match b {
                b'"' => b"\\\"",
                b'\\' => b"\\\\",
                0x08 => b"\\b",
                b'\t' => b"\\t",
                b'\n' => b"\\n",
                0x0c => b"\\f",
                b'\r' => b"\\r",
                _ => b"",
            };
            out.extend_from_slice(&bytes[start..i]);
            if escape.is_empty() {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(&[
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    HEX[usize::from(b >> 4)],
                    HEX[usize::from(b & 0xf)],
                ]);
            } else {
                out.extend_from_slice(escape);
            }
            start = i + 1;
            next = next_escape(&bytes[start..]);
        }
        out.extend_from_slice(&bytes[start..]);
        out.push(b'"');
    }

    /// The index of the first byte of `bytes` that a JSON string must escape (`"`, `\\`,
    /// below 0x20), a word at a time.
    #[inline(always)]
    fn next_escape(bytes: &[u8]) -> Option<usize> {
        let clean = crate::escape_scan::clean_prefix_len(
            bytes,
            crate::escape_scan::json_escape_lanes,
            |b| b < 0x20 || b == b'"' || b == b'\\',
        );
        (clean < bytes.len()).then_some(clean)
    }

    /// An object being written: `{`, then members separated by `,`.
    pub(super) struct Object<'a> {
        out: &'a mut Vec<u8>,
        first: bool,
    }

    impl<'a> Object<'a> {
        pub(super) fn new(out: &'a mut Vec<u8>) -> Self {
            out.push(b'{');
            Object { out, first: true }
        }

        /// Writes the member key `key` (`"name":` from `k!`), after a `,` unless first; the
        /// value must follow.
        #[inline]
        fn key(&mut self, key: &'static str) -> &mut Vec<u8> {
            if !self.first {
                self.out.push(b',');
            }
            self.first = false;
            self.out.extend_from_slice(key.as_bytes());
            self.out
        }

        #[inline]
        fn str(&mut self, key: &'static str, value: Option<&String>) {
            if let Some(value) = value {
                let out = self.key(key);
                write_str(out, value);
            }
        }

        #[inline]
        fn int(&mut self, key: &'static str, value: Option<i64>) {
            if let Some(value) = value {
                write_int(self.key(key), value);
            }
        }

        #[inline]
        fn bool(&mut self, key: &'static str, value: Option<bool>) {
            if let Some(value) = value {
                let text: &[u8] = if value { b"true" } else { b"false" };
                self.key(key).extend_from_slice(text);
            }
        }

        /// A member written by `serde_json`.
        fn serde<T: serde::Serialize>(&mut self, key: &'static str, value: Option<&T>) {
            if let Some(value) = value {
                let out = self.key(key);
                serde_json::to_writer(&mut *out, value).expect("model values serialise to JSON");
            }
        }

        pub(super) fn end(self) {
            self.out.push(b'}');
        }
    }

    /// Appends `value` in decimal, as serde_json writes it (with the same `itoa`).
    #[inline]
    fn write_int(out: &mut Vec<u8>, value: i64) {
        out.extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
    }

    /// A JSON array of strings.
    fn str_list(out: &mut Vec<u8>, items: &[String]) {
        out.push(b'[');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            write_str(out, item);
        }
        out.push(b']');
    }

    /// `audience` as its `Serialize` impl writes it; the nested forms (`tag`, `cid_by_tag`)
    /// go through `serde_json`.
    fn audience_json(a: &Audience, out: &mut Vec<u8>) {
        match a {
            Audience::All => out.extend_from_slice(b"\"all\""),
            Audience::Cid(list) => {
                out.extend_from_slice(b"{\"cid\":");
                str_list(out, list);
                out.push(b'}');
            }
            Audience::Alias { alias, alias_type } => {
                out.extend_from_slice(b"{\"alias\":");
                str_list(out, alias);
                if let Some(alias_type) = alias_type {
                    out.extend_from_slice(b",\"alias_type\":");
                    write_str(out, alias_type);
                }
                out.push(b'}');
            }
            Audience::FastCustomTag(tag) => {
                out.extend_from_slice(b"{\"fast_custom_tag\":");
                write_str(out, tag);
                out.push(b'}');
            }
            Audience::Tag(_) | Audience::CidByTag(_) => {
                serde_json::to_writer(&mut *out, a).expect("model values serialise to JSON");
            }
        }
    }

    /// `settings` as its derived `Serialize` writes it (`strategy` through `serde_json`).
    fn settings_json(s: &Settings, out: &mut Vec<u8>) {
        let Settings {
            ttl,
            strategy,
            speed,
            schedule_time,
            custom_callback,
            filter_notify_off,
            active_days,
            need_backup,
            activate_filter_day,
            activate_filter_type,
            lst,
            active_push,
            active_push_platform,
        } = s;
        let mut o = Object::new(out);
        o.int(k!("ttl"), *ttl);
        o.serde(k!("strategy"), strategy.as_ref());
        o.int(k!("speed"), *speed);
        o.int(k!("schedule_time"), *schedule_time);
        o.str(k!("custom_callback"), custom_callback.as_ref());
        o.bool(k!("filter_notify_off"), *filter_notify_off);
        o.int(k!("active_days"), *active_days);
        o.bool(k!("need_backup"), *need_backup);
        o.int(k!("activate_filter_day"), *activate_filter_day);
        o.int(k!("activate_filter_type"), *activate_filter_type);
        o.int(k!("lst"), *lst);
        o.bool(k!("active_push"), *active_push);
        if let Some(platforms) = active_push_platform {
            let out = o.key(k!("active_push_platform"));
            out.push(b'[');
            for (i, platform) in platforms.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_int(out, *platform);
            }
            out.push(b']');
        }
        o.end();
    }

    pub(super) fn request(
        r: &PushRequest,
        request_id: &str,
        audience_all: bool,
        out: &mut Vec<u8>,
    ) {
        let PushRequest {
            request_id: _,
            group_name,
            audience,
            settings,
            push_message,
            push_channel,
        } = r;
        let mut o = Object::new(out);
        write_str(o.key(k!("request_id")), request_id);
        o.str(k!("group_name"), group_name.as_ref());
        let audience = if audience_all {
            Some(&Audience::All)
        } else {
            audience.as_ref()
        };
        if let Some(audience) = audience {
            audience_json(audience, o.key(k!("audience")));
        }
        if let Some(settings) = settings {
            settings_json(settings, o.key(k!("settings")));
        }
        if let Some(message) = push_message {
            message_json(message, o.key(k!("push_message")));
        }
        o.serde(k!("push_channel"), push_channel.as_ref());
        o.end();
    }

    fn message_json(m: &PushMessage, out: &mut Vec<u8>) {
        let PushMessage {
            notification,
            transmission,
            revoke,
            duration,
            network_type,
        } = m;
        let mut o = Object::new(out);
        if let Some(n) = notification {
            notification_json(n, o.key(k!("notification")));
        }
        o.str(k!("transmission"), transmission.as_ref());
        o.serde(k!("revoke"), revoke.as_ref());
        o.str(k!("duration"), duration.as_ref());
        o.int(k!("network_type"), *network_type);
        o.end();
    }

    fn notification_json(n: &Notification, out: &mut Vec<u8>) {
        let Notification {
            title,
            body,
            big_text,
            big_image,
            logo,
            logo_url,
            channel_id,
            channel_name,
            channel_level,
            click_type,
            intent,
            url,
            payload,
            notify_id,
            ring_name,
            badge_add_num,
            thread_id,
            slot_type,
            want,
            redisplay_freq,
            redisplay_duration,
            category,
        } = n;
        let mut o = Object::new(out);
        o.str(k!("title"), title.as_ref());
        o.str(k!("body"), body.as_ref());
        o.str(k!("big_text"), big_text.as_ref());
        o.str(k!("big_image"), big_image.as_ref());
        o.str(k!("logo"), logo.as_ref());
        o.str(k!("logo_url"), logo_url.as_ref());
        o.str(k!("channel_id"), channel_id.as_ref());
        o.str(k!("channel_name"), channel_name.as_ref());
        o.int(k!("channel_level"), *channel_level);
        if let Some(click_type) = click_type {
            write_str(o.key(k!("click_type")), ClickType::as_str(*click_type));
        }
        o.str(k!("intent"), intent.as_ref());
        o.str(k!("url"), url.as_ref());
        o.str(k!("payload"), payload.as_ref());
        o.int(k!("notify_id"), *notify_id);
        o.str(k!("ring_name"), ring_name.as_ref());
        o.int(k!("badge_add_num"), *badge_add_num);
        o.str(k!("thread_id"), thread_id.as_ref());
        o.str(k!("slot_type"), slot_type.as_ref());
        o.str(k!("want"), want.as_ref());
        o.int(k!("redisplay_freq"), *redisplay_freq);
        o.int(k!("redisplay_duration"), *redisplay_duration);
        o.str(k!("category"), category.as_ref());
        o.end();
    }
}

impl PushRequest {
    /// Appends the JSON body of this request as a push sends it: exactly what
    /// `serde_json::to_writer` writes for the request with `request_id` set to `request_id`
    /// and, when `audience_all`, the audience `"all"` — written faster, without copying the
    /// request. Does not validate.
    ///
    /// ```
    /// use getui_model::v2::push::{PushMessage, PushRequest};
    /// let request = PushRequest::new().cid("c1").push_message(PushMessage::transmission("hi"));
    /// let mut body = Vec::new();
    /// request.write_wire_json("req_0000001", false, &mut body);
    /// let expected = serde_json::to_vec(&request.clone().request_id("req_0000001")).unwrap();
    /// assert_eq!(body, expected);
    /// ```
    pub fn write_wire_json(&self, request_id: &str, audience_all: bool, out: &mut Vec<u8>) {
        wire_json::request(self, request_id, audience_all, out);
    }
}

#[cfg(test)]
mod wire_json_tests {
    use super::*;

    fn check(request: &PushRequest, id: &str, all: bool) {
        let mut expected = request.clone();
        expected.request_id = Some(id.to_owned());
        if all {
            expected.audience = Some(Audience::All);
        }
        let mut body = Vec::new();
        request.write_wire_json(id, all, &mut body);
        assert_eq!(
            String::from_utf8(body).unwrap(),
            serde_json::to_string(&expected).unwrap()
        );
    }

    #[test]
    fn same_bytes_as_serde() {
        let texts = [
            "",
            "plain",
            "个推 é \u{7f} / <>&'",
            "q\"b\\s\u{8}\u{c}\n\r\t\u{0}\u{1}\u{1f}x",
        ];
        let numbers = [0, 1, -1, 9, 10, 1234567890, i64::MIN, i64::MAX];
        let clicks = [
            ClickType::Intent,
            ClickType::Url,
            ClickType::Payload,
            ClickType::PayloadCustom,
            ClickType::Startapp,
            ClickType::None,
            ClickType::Want,
        ];
        for (i, text) in texts.iter().enumerate() {
            let s = Some(text.to_string());
            let n = Some(numbers[i % numbers.len()]);
            let notification = Notification {
                title: s.clone(),
                body: s.clone(),
                big_text: s.clone(),
                big_image: s.clone(),
                logo: s.clone(),
                logo_url: s.clone(),
                channel_id: s.clone(),
                channel_name: s.clone(),
                channel_level: n,
                click_type: Some(clicks[i % clicks.len()]),
                intent: s.clone(),
                url: s.clone(),
                payload: s.clone(),
                notify_id: Some(numbers[(i + 1) % numbers.len()]),
                ring_name: s.clone(),
                badge_add_num: Some(numbers[(i + 2) % numbers.len()]),
                thread_id: s.clone(),
                slot_type: s.clone(),
                want: s.clone(),
                redisplay_freq: Some(numbers[(i + 3) % numbers.len()]),
                redisplay_duration: Some(numbers[(i + 4) % numbers.len()]),
                category: s.clone(),
            };
            let message = PushMessage {
                notification: Some(notification),
                transmission: s.clone(),
                revoke: None,
                duration: s.clone(),
                network_type: n,
            };
            let mut request = PushRequest::new()
                .cid(*text)
                .group_name(*text)
                .settings(Settings::new().ttl(3_600_000))
                .push_message(message);
            for all in [false, true] {
                check(&request, text, all);
            }
            request.push_message = Some(PushMessage::transmission(*text));
            request.audience = None;
            check(&request, "id", false);
        }
        for click in clicks {
            assert_eq!(
                serde_json::to_string(&click).unwrap(),
                format!("\"{}\"", click.as_str())
            );
        }
        // Every byte below 0x80 on its own.
        for b in 0u8..0x80 {
            let text = char::from(b).to_string();
            let request = PushRequest::new().push_message(PushMessage::transmission(&*text));
            check(&request, &text, false);
        }
        check(&PushRequest::new(), "empty", false);
    }

    #[test]
    fn audience_and_settings_forms_match_serde() {
        let audiences = [
            Audience::Cid(vec![]),
            Audience::Cid(vec!["c1".into(), "c\"2".into(), String::new()]),
            Audience::alias_list(["a1"]),
            Audience::alias_list_with_type(["a1", "a\n2"], "t\u{1}"),
            Audience::Alias {
                alias: vec![],
                alias_type: None,
            },
            Audience::FastCustomTag("tag 标签".into()),
            Audience::CidByTag(vec![]),
            Audience::Tag(vec![]),
            Audience::All,
        ];
        let settings: Settings = serde_json::from_value(serde_json::json!({
            "ttl": -1, "strategy": {"default": 1, "ios": 4}, "speed": 100,
            "schedule_time": 1_700_000_000_000_i64, "custom_callback": "cb\"x",
            "filter_notify_off": true, "active_days": 3, "need_backup": false,
            "activate_filter_day": 7, "activate_filter_type": -1, "lst": 5,
            "active_push": true, "active_push_platform": [1, 2, 3]
        }))
        .unwrap();
        let all_settings = [
            Settings::new(),
            Settings::new().ttl(0),
            Settings::new().active_push_platform(Vec::new()),
            Settings::new().need_backup(true).active_days(15),
            settings,
        ];
        for audience in audiences {
            for settings in &all_settings {
                let request = PushRequest::new()
                    .audience(audience.clone())
                    .settings(settings.clone())
                    .push_message(PushMessage::transmission("t"));
                check(&request, "id_00000001", false);
            }
        }
    }

    /// Characters around every branch of the escape scan, plain ones weighted up so that runs
    /// of every length (and every word offset) occur.
    fn any_char() -> impl proptest::strategy::Strategy<Value = char> {
        use proptest::prelude::*;
        prop_oneof![
            6 => proptest::char::range(' ', '~'),
            1 => prop::sample::select(vec![
                '"', '\\', '/', '\n', '\r', '\t', '\u{8}', '\u{c}', '\u{0}', '\u{1f}', '\u{7f}',
                '\u{80}', '\u{ff}', 'é', '中', '\u{ffff}', '😀', '!', '#', '[', ']', '{', '|',
            ]),
            1 => proptest::char::range('\u{0}', '\u{21}'),
            1 => any::<char>(),
        ]
    }

    proptest::proptest! {
        #[test]
        fn any_string_is_written_as_serde_json_writes_it(
            chars in proptest::collection::vec(any_char(), 0..40),
            before in 0usize..9,
        ) {
            let text: String = chars.into_iter().collect();
            let mut written = vec![b'x'; before];
            super::wire_json::write_str(&mut written, &text);
            let mut expected = vec![b'x'; before];
            serde_json::to_writer(&mut expected, &text).unwrap();
            proptest::prop_assert_eq!(
                String::from_utf8_lossy(&written),
                String::from_utf8_lossy(&expected)
            );
        }
    }

    #[test]
    fn every_ascii_byte_at_every_position() {
        for b in 0u8..0x80 {
            let special = char::from(b);
            for len in 0..=20 {
                for at in 0..=len {
                    let mut text: String = "abcdefghijklmnopqrstu"[..len].into();
                    text.insert(at, special);
                    let mut written = Vec::new();
                    super::wire_json::write_str(&mut written, &text);
                    assert_eq!(
                        String::from_utf8(written).unwrap(),
                        serde_json::to_string(&text).unwrap(),
                        "{text:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn serde_fallbacks_keep_the_other_members() {
        let request: PushRequest = serde_json::from_value(serde_json::json!({
            "audience": {"tag": [{"key": "phone_type", "values": ["android"], "opt_type": "or"}]},
            "settings": {"ttl": 1, "strategy": {"default": 1}},
            "push_message": {"revoke": {"old_task_id": "t", "force": true}},
            "push_channel": {"android": {"ups": {"notification": {
                "title": "t", "body": "b", "click_type": "none"}}}}
        }))
        .unwrap();
        check(&request, "x_id_000001", false);
    }
}

#[cfg(test)]
mod request_id_tests {
    use super::*;

    fn request(id: &str) -> PushRequest {
        PushRequest::new()
            .request_id(id)
            .push_message(PushMessage::transmission("t"))
    }

    #[test]
    fn request_id_length_is_counted_in_characters() {
        let range = |actual: i64| {
            Err(ValidationError::new(
                "request_id",
                Rule::Range {
                    min: REQUEST_ID_MIN_CHARS as i64,
                    max: REQUEST_ID_MAX_CHARS as i64,
                    actual,
                },
            ))
        };
        assert_eq!(request(&"a".repeat(10)).validate(), Ok(()));
        assert_eq!(request(&"a".repeat(32)).validate(), Ok(()));
        assert_eq!(request(&"a".repeat(9)).validate(), range(9));
        assert_eq!(request(&"a".repeat(33)).validate(), range(33));
        // 11 characters in 33 bytes, 33 characters in 99 bytes, 9 characters in 27 bytes.
        assert_eq!(request(&"中".repeat(11)).validate(), Ok(()));
        assert_eq!(request(&"中".repeat(33)).validate(), range(33));
        assert_eq!(request(&"é".repeat(9)).validate(), range(9));
        assert_eq!(
            request(&"a".repeat(3)).validate_at("msg_list[1]"),
            Err(ValidationError::new(
                "msg_list[1].request_id",
                Rule::Range {
                    min: 10,
                    max: 32,
                    actual: 3
                }
            ))
        );
    }
}
