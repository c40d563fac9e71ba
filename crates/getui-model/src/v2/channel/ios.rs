//! `push_channel.ios`: the APNs channel (docs/protocol-v2.md §8.6). Keys with `-` (`apns-collapse-id`,
//! `content-available`, `thread-id`, `loc-args`…) are written as Apple spells them.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::v2::push::{check, setters};
use crate::{Rule, ValidationError};

/// The most `multimedia` items.
pub const MULTIMEDIA_MAX_ITEMS: usize = 3;
/// The pattern of `auto_badge`.
pub const AUTO_BADGE_PATTERN: &str = "^[+-]?[0-9]+$";

/// `push_channel.ios`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Ios {
    /// `type`: `notify` (default), `voip` or `liveactivity` (Java SDK, with `laId`).
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub r#type: Option<String>,
    /// `aps`: the APNs dictionary.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aps: Option<Aps>,
    /// `auto_badge`: `"+1"`, `"-1"`, `"5"`… (`^[+-]?[0-9]+$`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_badge: Option<String>,
    /// `payload`: custom data (opaque text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payload: Option<String>,
    /// `multimedia`: at most 3 rich-media items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub multimedia: Option<Vec<Multimedia>>,
    /// `apns-collapse-id`: a new message with the same id replaces the old one.
    #[serde(rename = "apns-collapse-id", skip_serializing_if = "Option::is_none")]
    pub apns_collapse_id: Option<String>,
    /// `laId` (Java SDK): live-activity id.
    #[serde(rename = "laId", skip_serializing_if = "Option::is_none")]
    pub la_id: Option<String>,
}

impl Ios {
    /// Nothing set.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    setters! {
        r#type: String, "Sets `type` (`notify`, `voip`, `liveactivity`).";
        aps: Aps, "Sets `aps`.";
        auto_badge: String, "Sets `auto_badge`.";
        payload: String, "Sets `payload`.";
        multimedia: Vec<Multimedia>, "Sets `multimedia`.";
        apns_collapse_id: String, "Sets `apns-collapse-id`.";
        la_id: String, "Sets `laId`.";
    }

    /// Appends one `multimedia` item.
    #[must_use]
    pub fn add_multimedia(mut self, item: Multimedia) -> Self {
        self.multimedia.get_or_insert_with(Vec::new).push(item);
        self
    }

    /// Checks the iOS channel; field names start with `push_channel.ios`.
    pub fn validate(&self) -> Result<(), ValidationError> {
        self.validate_at(&check::At::Text("push_channel.ios"))
    }

    pub(crate) fn validate_at(&self, at: &check::At<'_>) -> Result<(), ValidationError> {
        if let Some(kind) = &self.r#type {
            if !matches!(kind.as_str(), "notify" | "voip" | "liveactivity") {
                return Err(check::err(
                    at,
                    "type",
                    Rule::Constraint("must be notify, voip or liveactivity"),
                ));
            }
        }
        if let Some(aps) = &self.aps {
            aps.validate_at(&check::path(at, "aps"))?;
        }
        if let Some(badge) = &self.auto_badge {
            let digits = badge.strip_prefix(['+', '-']).unwrap_or(badge);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(check::err(
                    at,
                    "auto_badge",
                    Rule::Pattern {
                        pattern: AUTO_BADGE_PATTERN,
                    },
                ));
            }
        }
        if let Some(items) = &self.multimedia {
            if items.len() > MULTIMEDIA_MAX_ITEMS {
                return Err(check::err(
                    at,
                    "multimedia",
                    Rule::MaxItems {
                        max: MULTIMEDIA_MAX_ITEMS,
                        actual: items.len(),
                    },
                ));
            }
            for (i, item) in items.iter().enumerate() {
                item.validate_at(&check::item(at, "multimedia", i))?;
            }
        }
        Ok(())
    }
}

/// `push_channel.ios.aps`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Aps {
    /// `alert`: the visible text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alert: Option<Alert>,
    /// `content-available`: 0 normal notification, 1 silent push.
    #[serde(rename = "content-available", skip_serializing_if = "Option::is_none")]
    pub content_available: Option<i64>,
    /// `sound`: sound file name (`com.gexin.ios.silence` = silent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sound: Option<String>,
    /// `category`: the action set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// `thread-id`: grouping (iOS ≥ 12).
    #[serde(rename = "thread-id", skip_serializing_if = "Option::is_none")]
    pub thread_id: Option<String>,
    /// `timestamp` (Java SDK, live activity): 10-digit seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<i64>,
    /// `event` (Java SDK, live activity): `update` or `end`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// `dismissal-date` (Java SDK, live activity): 10-digit seconds.
    #[serde(rename = "dismissal-date", skip_serializing_if = "Option::is_none")]
    pub dismissal_date: Option<i64>,
    /// `content-state` (Java SDK, live activity): any JSON object.
    #[serde(rename = "content-state", skip_serializing_if = "Option::is_none")]
    pub content_state: Option<Map<String, Value>>,
}

impl Aps {
    /// Nothing set.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    setters! {
        alert: Alert, "Sets `alert`.";
        content_available: i64, "Sets `content-available` (0 or 1).";
        sound: String, "Sets `sound`.";
        category: String, "Sets `category`.";
        thread_id: String, "Sets `thread-id`.";
        timestamp: i64, "Sets `timestamp`.";
        event: String, "Sets `event`.";
        dismissal_date: i64, "Sets `dismissal-date`.";
        content_state: Map<String, Value>, "Sets `content-state`.";
    }

    /// Checks `content-available` (0 or 1); field names start with `push_channel.ios.aps`.
    pub fn validate(&self) -> Result<(), ValidationError> {
        self.validate_at(&check::At::Text("push_channel.ios.aps"))
    }

    pub(crate) fn validate_at(&self, at: &check::At<'_>) -> Result<(), ValidationError> {
        check::range(at, "content-available", self.content_available, 0, 1)
    }
}

/// `push_channel.ios.aps.alert`: Apple's alert dictionary (no rules).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[non_exhaustive]
pub struct Alert {
    /// `title`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// `body`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// `action-loc-key`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action_loc_key: Option<String>,
    /// `loc-key`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub loc_key: Option<String>,
    /// `loc-args`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub loc_args: Option<Vec<String>>,
    /// `launch-image`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub launch_image: Option<String>,
    /// `title-loc-key` (iOS ≥ 8.2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title_loc_key: Option<String>,
    /// `title-loc-args` (iOS ≥ 8.2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title_loc_args: Option<Vec<String>>,
    /// `subtitle` (iOS ≥ 8.2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    /// `subtitle-loc-key`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtitle_loc_key: Option<String>,
    /// `subtitle-loc-args`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtitle_loc_args: Option<Vec<String>>,
}

impl Alert {
    /// Nothing set.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    setters! {
        title: String, "Sets `title`.";
        body: String, "Sets `body`.";
        action_loc_key: String, "Sets `action-loc-key`.";
        loc_key: String, "Sets `loc-key`.";
        loc_args: Vec<String>, "Sets `loc-args`.";
        launch_image: String, "Sets `launch-image`.";
        title_loc_key: String, "Sets `title-loc-key`.";
        title_loc_args: Vec<String>, "Sets `title-loc-args`.";
        subtitle: String, "Sets `subtitle`.";
        subtitle_loc_key: String, "Sets `subtitle-loc-key`.";
        subtitle_loc_args: Vec<String>, "Sets `subtitle-loc-args`.";
    }

    /// Always `Ok`: the alert has no documented rule.
    pub fn validate(&self) -> Result<(), ValidationError> {
        Ok(())
    }
}

/// One `push_channel.ios.multimedia` item.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Multimedia {
    /// `url`: the resource (required, sent as given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// `type`: 1 image, 2 audio, 3 video (required).
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub r#type: Option<i64>,
    /// `only_wifi`: load only on Wi-Fi; written only when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub only_wifi: Option<bool>,
}

impl Multimedia {
    /// 1: an image.
    pub const IMAGE: i64 = 1;
    /// 2: audio.
    pub const AUDIO: i64 = 2;
    /// 3: video.
    pub const VIDEO: i64 = 3;

    /// An item with its two required fields.
    pub fn new(url: impl Into<String>, r#type: i64) -> Self {
        Self {
            url: Some(url.into()),
            r#type: Some(r#type),
            only_wifi: None,
        }
    }

    setters! {
        url: String, "Sets `url`.";
        r#type: i64, "Sets `type` (1 image, 2 audio, 3 video).";
        only_wifi: bool, "Sets `only_wifi`.";
    }

    /// Checks `url` (required) and `type` (required, 1–3); field names are relative.
    pub fn validate(&self) -> Result<(), ValidationError> {
        self.validate_at(&check::At::Text(""))
    }

    pub(crate) fn validate_at(&self, at: &check::At<'_>) -> Result<(), ValidationError> {
        check::required(at, "url", self.url.as_ref())?;
        match self.r#type {
            None => Err(check::err(at, "type", Rule::Required)),
            value => check::range(at, "type", value, 1, 3),
        }
    }
}
