//! The iOS payloads (`setApnInfo`): `APNPayload` and `VoIPPayload`, and the `apnJson` text the
//! official Python SDK builds from them.
//!
//! The text is Python's `json.dumps` output byte for byte (`", "` and `": "` separators,
//! `\uXXXX` escapes, Python float repr), written with [`crate::json_text`]; its length in bytes
//! is limited to [`APNS_PAYLOAD_MAX_BYTES`].

use crate::builder::setters;
use crate::json_text::{self, ObjectWriter};
use crate::serde_util::{int_enum, official_class};
use crate::{CustomMsg, Rule, ValidationError};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The maximum length of the `apnJson` text in bytes (Python SDK 4.1.1.2, PHP 4.1.2.0).
pub const APNS_PAYLOAD_MAX_BYTES: usize = 3072;

/// The maximum number of rich-media attachments.
pub const MULTI_MEDIA_MAX_ITEMS: usize = 3;

/// The pattern a relative or absolute `autoBadge` must match (C# SDK rule).
pub const AUTO_BADGE_PATTERN: &str = "^[+-]?[0-9]+$";

/// The `sound` value that means "no sound key" in the Python SDK (`APN_SOUND_SILENCE`).
const PY_SOUND_SILENCE: &str = "default";

/// The iOS part of a template (`apnInfo`, set with `setApnInfo`), tagged by its official class.
///
/// Not `#[non_exhaustive]`, on purpose: the official classes are a closed set and every encoder
/// (`getui-protocol`) must write each one exactly; a new class would be a breaking change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "class")]
// Built once per request and rarely moved: boxing would only add an allocation.
#[allow(clippy::large_enum_variant)]
pub enum ApnInfo {
    /// A regular APNs payload (`APNPayload`).
    #[serde(rename = "APNPayload")]
    Apns(ApnsPayload),
    /// A VoIP push (`VoIPPayload`).
    #[serde(rename = "VoIPPayload")]
    Voip(VoipPayload),
}

impl ApnInfo {
    /// Appends the `apnJson` text (no validation; see [`ApnInfo::json`]).
    pub fn write_json(&self, out: &mut Vec<u8>) {
        match self {
            Self::Apns(p) => p.write_json(out),
            Self::Voip(p) => p.write_json(out),
        }
    }

    /// The validated `apnJson` text.
    pub fn json(&self) -> Result<String, ValidationError> {
        match self {
            Self::Apns(p) => p.json(),
            Self::Voip(p) => p.json(),
        }
    }

    /// Checks every rule of the payload, including the size of the `apnJson` text.
    pub fn validate(&self) -> Result<(), ValidationError> {
        match self {
            Self::Apns(p) => p.validate(),
            Self::Voip(p) => p.validate(),
        }
    }

    /// Checks every rule except the size of the `apnJson` text (which
    /// [`write_json_checked`](Self::write_json_checked) measures while writing).
    pub fn validate_structure(&self) -> Result<(), ValidationError> {
        match self {
            Self::Apns(p) => p.validate_structure(),
            Self::Voip(p) => p.validate_structure(),
        }
    }

    /// Appends the `apnJson` text and checks its size; on error `out` is left as it was.
    /// Call [`validate_structure`](Self::validate_structure) first.
    pub fn write_json_checked(&self, out: &mut Vec<u8>) -> Result<(), ValidationError> {
        let start = out.len();
        self.write_json(out);
        let result = check_length(&out[start..]);
        if result.is_err() {
            out.truncate(start);
        }
        result
    }
}

impl From<ApnsPayload> for ApnInfo {
    fn from(payload: ApnsPayload) -> Self {
        Self::Apns(payload)
    }
}

impl From<VoipPayload> for ApnInfo {
    fn from(payload: VoipPayload) -> Self {
        Self::Voip(payload)
    }
}

/// The alert of an APNs payload, tagged by its official class.
///
/// Not `#[non_exhaustive]`, on purpose: the official classes are a closed set and the `apnJson`
/// writer must render each one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "class")]
// Built once per request and rarely moved: boxing would only add an allocation.
#[allow(clippy::large_enum_variant)]
pub enum AlertMsg {
    /// A plain text alert (`SimpleAlertMsg`).
    #[serde(rename = "SimpleAlertMsg")]
    Simple(SimpleAlertMsg),
    /// A structured alert (`DictionaryAlertMsg`).
    #[serde(rename = "DictionaryAlertMsg")]
    Dictionary(DictionaryAlertMsg),
}

impl AlertMsg {
    /// A plain text alert.
    pub fn simple(text: impl Into<String>) -> Self {
        Self::Simple(SimpleAlertMsg::new(text))
    }

    /// Whether the alert renders to something (an empty alert is left out of `aps`).
    pub fn is_empty(&self) -> bool {
        match self {
            Self::Simple(s) => s.alert_msg.as_deref().is_none_or(str::is_empty),
            Self::Dictionary(d) => d.is_empty(),
        }
    }

    fn write_json(&self, out: &mut Vec<u8>) {
        match self {
            Self::Simple(s) => json_text::write_str(out, s.alert_msg.as_deref().unwrap_or("")),
            Self::Dictionary(d) => d.write_json(out),
        }
    }
}

impl From<SimpleAlertMsg> for AlertMsg {
    fn from(alert: SimpleAlertMsg) -> Self {
        Self::Simple(alert)
    }
}

impl From<DictionaryAlertMsg> for AlertMsg {
    fn from(alert: DictionaryAlertMsg) -> Self {
        Self::Dictionary(alert)
    }
}

/// A plain text alert (official class `SimpleAlertMsg`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(
    remote = "Self",
    rename_all = "camelCase",
    deny_unknown_fields,
    default
)]
#[non_exhaustive]
pub struct SimpleAlertMsg {
    /// The text (`alertMsg`); unset or empty means no alert.
    pub alert_msg: Option<String>,
}

official_class!(SimpleAlertMsg, "SimpleAlertMsg");

impl SimpleAlertMsg {
    /// An alert with the text `text` (see also [`AlertMsg::simple`]).
    pub fn new(text: impl Into<String>) -> Self {
        Self {
            alert_msg: Some(text.into()),
        }
    }
}

/// A structured alert (official class `DictionaryAlertMsg`).
///
/// Rendered as an object whose keys appear in this order, each only when non-empty:
/// `title`, `body`, `title-loc-key`, `title-loc-args`, `action-loc-key`, `loc-key`, `loc-args`,
/// `launch-image`, `subtitle`, `subtitle-loc-key`, `subtitle-loc-args`, `summary-arg`,
/// `summary-arg-count` (when set).
///
/// ```
/// use getui_model::{ApnsPayload, DictionaryAlertMsg};
/// let alert = DictionaryAlertMsg::default().title("Sale").body("50% off").loc_args(["a"]);
/// let payload = ApnsPayload::default().alert_msg(alert);
/// assert_eq!(
///     payload.json().unwrap(),
///     r#"{"aps": {"alert": {"title": "Sale", "body": "50% off", "loc-args": ["a"]}}}"#
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(
    remote = "Self",
    rename_all = "camelCase",
    deny_unknown_fields,
    default
)]
#[non_exhaustive]
pub struct DictionaryAlertMsg {
    /// `title`.
    pub title: Option<String>,
    /// `body`.
    pub body: Option<String>,
    /// `title-loc-key`.
    pub title_loc_key: Option<String>,
    /// `title-loc-args`.
    pub title_loc_args: Vec<String>,
    /// `action-loc-key`.
    pub action_loc_key: Option<String>,
    /// `loc-key`.
    pub loc_key: Option<String>,
    /// `loc-args`.
    pub loc_args: Vec<String>,
    /// `launch-image`.
    pub launch_image: Option<String>,
    /// `subtitle` (iOS 10).
    pub subtitle: Option<String>,
    /// `subtitle-loc-key`.
    pub subtitle_loc_key: Option<String>,
    /// `subtitle-loc-args`.
    pub subtitle_loc_args: Vec<String>,
    /// `summary-arg` (iOS 12).
    pub summary_arg: Option<String>,
    /// `summary-arg-count` (iOS 12).
    pub summary_arg_count: Option<i64>,
}

official_class!(DictionaryAlertMsg, "DictionaryAlertMsg");

setters! {
    DictionaryAlertMsg
    some {
        title: String,
        body: String,
        title_loc_key: String,
        action_loc_key: String,
        loc_key: String,
        launch_image: String,
        subtitle: String,
        subtitle_loc_key: String,
        summary_arg: String,
        summary_arg_count: i64,
    }
    list {
        title_loc_args,
        loc_args,
        subtitle_loc_args,
    }
}

fn non_empty(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|s| !s.is_empty())
}

impl DictionaryAlertMsg {
    /// Whether no key would be rendered.
    pub fn is_empty(&self) -> bool {
        [
            &self.title,
            &self.body,
            &self.title_loc_key,
            &self.action_loc_key,
            &self.loc_key,
            &self.launch_image,
            &self.subtitle,
            &self.subtitle_loc_key,
            &self.summary_arg,
        ]
        .into_iter()
        .all(|v| non_empty(v).is_none())
            && self.title_loc_args.is_empty()
            && self.loc_args.is_empty()
            && self.subtitle_loc_args.is_empty()
            && self.summary_arg_count.is_none()
    }

    fn write_json(&self, out: &mut Vec<u8>) {
        let mut obj = ObjectWriter::new(out);
        let text = |obj: &mut ObjectWriter<'_>, key: &str, value: &Option<String>| {
            if let Some(v) = non_empty(value) {
                obj.str(key, v);
            }
        };
        let list = |obj: &mut ObjectWriter<'_>, key: &str, value: &Vec<String>| {
            if !value.is_empty() {
                obj.str_list(key, value);
            }
        };
        text(&mut obj, "title", &self.title);
        text(&mut obj, "body", &self.body);
        text(&mut obj, "title-loc-key", &self.title_loc_key);
        list(&mut obj, "title-loc-args", &self.title_loc_args);
        text(&mut obj, "action-loc-key", &self.action_loc_key);
        text(&mut obj, "loc-key", &self.loc_key);
        list(&mut obj, "loc-args", &self.loc_args);
        text(&mut obj, "launch-image", &self.launch_image);
        text(&mut obj, "subtitle", &self.subtitle);
        text(&mut obj, "subtitle-loc-key", &self.subtitle_loc_key);
        list(&mut obj, "subtitle-loc-args", &self.subtitle_loc_args);
        text(&mut obj, "summary-arg", &self.summary_arg);
        if let Some(count) = self.summary_arg_count {
            obj.i64("summary-arg-count", count);
        }
        obj.finish();
    }
}

/// The iOS 12 critical-alert sound (official class `Sound_Dictionary`, attribute `sound_d`).
///
/// Emitted as `aps.sound = {"name", "volume", "critical"}` (replacing a string sound) when any
/// member is set. The Python SDK then writes all three members, with sentinel values for the
/// unset ones (its defect #9); this crate writes only the members that are set, in the same
/// order. `volume` is rounded to one decimal like Python's `round(volume, 1)`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(
    remote = "Self",
    tag = "class",
    rename = "Sound_Dictionary",
    deny_unknown_fields,
    default
)]
#[non_exhaustive]
pub struct SoundDictionary {
    /// Sound file name (`name`); empty counts as unset.
    pub name: Option<String>,
    /// Critical alert flag, normally 0 or 1 (`critical`).
    pub critical: Option<i64>,
    /// Volume within `0.0..=1.0` (`volume`).
    pub volume: Option<f64>,
}

official_class!(SoundDictionary, "Sound_Dictionary");

setters! {
    SoundDictionary
    some {
        name: String,
        critical: i64,
        volume: f64,
    }
}

impl SoundDictionary {
    /// Whether any member is set (the dictionary is then emitted).
    pub fn is_set(&self) -> bool {
        non_empty(&self.name).is_some() || self.critical.is_some() || self.volume.is_some()
    }

    /// Checks the volume range (`0.0..=1.0`).
    pub fn validate(&self) -> Result<(), ValidationError> {
        match self.volume {
            Some(v) if !(0.0..=1.0).contains(&v) => Err(ValidationError::new(
                "volume",
                Rule::Constraint("must be within 0.0..=1.0"),
            )),
            _ => Ok(()),
        }
    }

    fn write_json(&self, out: &mut Vec<u8>) {
        let mut obj = ObjectWriter::new(out);
        if let Some(name) = non_empty(&self.name) {
            obj.str("name", name);
        }
        if let Some(volume) = self.volume {
            obj.f64("volume", python_round_1(volume));
        }
        if let Some(critical) = self.critical {
            obj.i64("critical", critical);
        }
        obj.finish();
    }
}

/// Python's `round(value, 1)`: correctly rounded (ties to even on the exact binary value).
fn python_round_1(value: f64) -> f64 {
    format!("{value:.1}").parse().unwrap_or(value)
}

int_enum! {
    /// The kind of a rich-media attachment (`MediaType`).
    #[non_exhaustive]
    pub enum MediaType ("a MediaType") {
        /// A picture (`pic`, 1).
        Pic = 1 / "pic",
        /// An audio clip (`audio`, 2).
        Audio = 2 / "audio",
        /// A video (`video`, 3).
        Video = 3 / "video",
    }
}

/// A rich-media attachment of an APNs payload (official class `MultiMedia`, shown by an iOS 10+
/// notification service extension).
///
/// Written into `_grinfo_` as `{"resId", "resType", "resUrl", "isOnlyWifi": 0|1}`. When an id
/// is missing or ids repeat, all ids are regenerated as `grid1`, `grid2`, … (Python SDK form).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(
    remote = "Self",
    tag = "class",
    rename = "MultiMedia",
    rename_all = "camelCase",
    deny_unknown_fields,
    default
)]
#[non_exhaustive]
pub struct MultiMedia {
    /// Resource id (`resId`).
    pub res_id: Option<String>,
    /// Kind (`resType`, set with `setResType`), required.
    pub res_type: Option<MediaType>,
    /// URL (`resUrl`), required.
    pub res_url: Option<String>,
    /// Download only over Wi-Fi (`onlyWifi`, set with `setOnlyWifi`; written as `isOnlyWifi`).
    pub only_wifi: bool,
}

official_class!(MultiMedia, "MultiMedia");

setters! {
    MultiMedia
    set {
        only_wifi: bool,
    }
    some {
        res_id: String,
        res_type: MediaType,
        res_url: String,
    }
}

impl MultiMedia {
    /// An attachment of kind `res_type` at `res_url`.
    pub fn new(res_type: MediaType, res_url: impl Into<String>) -> Self {
        Self {
            res_type: Some(res_type),
            res_url: Some(res_url.into()),
            ..Self::default()
        }
    }

    /// Checks that the type and a non-empty URL are given.
    ///
    /// The Python SDK crashes on a `MultiMedia` without a type (its defect #10); here it is a
    /// validation error.
    pub fn validate(&self) -> Result<(), ValidationError> {
        if self.res_type.is_none() {
            return Err(ValidationError::new("resType", Rule::Required));
        }
        if self.res_url.as_deref().is_none_or(str::is_empty) {
            return Err(ValidationError::new("resUrl", Rule::Required));
        }
        Ok(())
    }
}

/// An APNs payload (official class `APNPayload`).
///
/// The `apnJson` text is built as the Python SDK does: an `aps` object with `alert` (when it
/// renders to something), `autoBadge` or else `badge` (when `>= 0`), `sound`,
/// `content-available` (when `> 0`), `category`, `apns-collapse-id`, `thread-id` (when
/// non-empty); the root holds the `customMsg` entries in order, then `aps`, then the voice keys
/// `_gvp_t_`/`_gvp_m_` and the rich media `_grinfo_`.
///
/// Sound: the Python SDK never emits a sound it was given (its defect #8: `sound_str` other than
/// `"default"` crashes, `sound` alone is ignored). Here:
/// * `sound` set: `aps.sound` is that value (`"default"` when empty);
/// * otherwise `sound_str` other than `"default"`: that value (`"default"` when empty; the
///   Python SDK emits `"default"` for an empty `sound_str` too);
/// * otherwise no `sound` key;
/// * a set [`SoundDictionary`] (`sound_d`) replaces the string.
///
/// Rules: `aps` must not be empty before `content-available` is considered (alert, badge or
/// sound; official "format error"), `autoBadge` matches [`AUTO_BADGE_PATTERN`],
/// `voicePlayType` is 0, 1 or 2, the sound volume is within `0.0..=1.0`, at most
/// [`MULTI_MEDIA_MAX_ITEMS`] attachments each with a type and a URL, and the text is at most
/// [`APNS_PAYLOAD_MAX_BYTES`] bytes.
///
/// ```
/// use getui_model::{AlertMsg, ApnsPayload};
/// let p = ApnsPayload::default().alert_msg(AlertMsg::simple("你好")).badge(3);
/// assert_eq!(p.json().unwrap(), r#"{"aps": {"alert": "\u4f60\u597d", "badge": 3}}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    remote = "Self",
    rename_all = "camelCase",
    deny_unknown_fields,
    default
)]
#[non_exhaustive]
pub struct ApnsPayload {
    /// The alert (`alertMsg`).
    pub alert_msg: Option<AlertMsg>,
    /// The badge number, emitted when `>= 0` and no `autoBadge` is set (`badge`, default -1).
    pub badge: i64,
    /// A badge computed by the server, e.g. `"+1"` (`autoBadge`); wins over `badge`.
    pub auto_badge: Option<String>,
    /// The sound file name (`sound`); see the type documentation.
    pub sound: Option<String>,
    /// The Python SDK's sound attribute (`sound_str`, default `"default"` = no sound key).
    #[serde(rename = "sound_str")]
    pub sound_str: String,
    /// The iOS 12 sound dictionary (`sound_d`).
    #[serde(rename = "sound_d")]
    pub sound_d: Option<SoundDictionary>,
    /// `content-available`, emitted when `> 0` (`contentAvailable`, default 0).
    pub content_available: i64,
    /// `category` (`category`).
    pub category: Option<String>,
    /// `apns-collapse-id`, written inside `aps` as the Python SDK does (`apnsCollapseId`).
    pub apns_collapse_id: Option<String>,
    /// `thread-id` (`threadId`, iOS 12).
    pub thread_id: Option<String>,
    /// Extra root keys in insertion order (`customMsg`, filled by `addCustomMsg`; see
    /// [`CustomMsg`] for what keeps the order); entries with an empty key or a `null` value are
    /// left out of the text, as `addCustomMsg` does.
    pub custom_msg: CustomMsg,
    /// Voice announcement: 1 reads the alert, 2 reads `voicePlayMessage` (`voicePlayType`).
    pub voice_play_type: i64,
    /// Text read for `voicePlayType` 2 (`voicePlayMessage`).
    pub voice_play_message: String,
    /// Rich media (`multiMedia`).
    pub multi_media: Vec<MultiMedia>,
}

official_class!(ApnsPayload, "APNPayload");

setters! {
    ApnsPayload
    set {
        badge: i64,
        sound_str: String,
        content_available: i64,
        custom_msg: CustomMsg,
        voice_play_type: i64,
        voice_play_message: String,
        multi_media: Vec<MultiMedia>,
    }
    some {
        alert_msg: AlertMsg,
        auto_badge: String,
        sound: String,
        sound_d: SoundDictionary,
        category: String,
        apns_collapse_id: String,
        thread_id: String,
    }
}

impl Default for ApnsPayload {
    fn default() -> Self {
        Self {
            alert_msg: None,
            badge: -1,
            auto_badge: None,
            sound: None,
            sound_str: PY_SOUND_SILENCE.to_owned(),
            sound_d: None,
            content_available: 0,
            category: None,
            apns_collapse_id: None,
            thread_id: None,
            custom_msg: CustomMsg::new(),
            voice_play_type: 0,
            voice_play_message: String::new(),
            multi_media: Vec::new(),
        }
    }
}

impl ApnsPayload {
    /// A payload with a plain text alert.
    pub fn with_alert(text: impl Into<String>) -> Self {
        Self {
            alert_msg: Some(AlertMsg::simple(text)),
            ..Self::default()
        }
    }

    /// Adds a root key (`addCustomMsg`); an empty key or a `null` value is ignored.
    pub fn add_custom_msg(&mut self, key: impl Into<String>, value: impl Into<Value>) -> &mut Self {
        let key = key.into();
        let value = value.into();
        if !key.is_empty() && !value.is_null() {
            self.custom_msg.insert(key, value);
        }
        self
    }

    /// The string sound written into `aps`, if any (see the type documentation).
    pub fn effective_sound(&self) -> Option<&str> {
        let chosen = match &self.sound {
            Some(sound) => sound.as_str(),
            None if self.sound_str != PY_SOUND_SILENCE => self.sound_str.as_str(),
            None => return None,
        };
        Some(if chosen.is_empty() { "default" } else { chosen })
    }

    fn set_sound_d(&self) -> Option<&SoundDictionary> {
        self.sound_d.as_ref().filter(|d| d.is_set())
    }

    fn alert(&self) -> Option<&AlertMsg> {
        self.alert_msg.as_ref().filter(|a| !a.is_empty())
    }

    fn aps_has_content(&self) -> bool {
        self.alert().is_some()
            || self.auto_badge.is_some()
            || self.badge >= 0
            || self.effective_sound().is_some()
            || self.set_sound_d().is_some()
    }

    fn voice_type(&self) -> Option<i64> {
        match self.voice_play_type {
            1 => Some(1),
            2 if !self.voice_play_message.is_empty() => Some(2),
            _ => None,
        }
    }

    fn write_aps(&self, out: &mut Vec<u8>) {
        let mut aps = ObjectWriter::new(out);
        if let Some(alert) = self.alert() {
            alert.write_json(aps.key("alert"));
        }
        if let Some(auto_badge) = &self.auto_badge {
            aps.str("autoBadge", auto_badge);
        } else if self.badge >= 0 {
            aps.i64("badge", self.badge);
        }
        if let Some(dict) = self.set_sound_d() {
            dict.write_json(aps.key("sound"));
        } else if let Some(sound) = self.effective_sound() {
            aps.str("sound", sound);
        }
        if self.content_available > 0 {
            aps.i64("content-available", self.content_available);
        }
        for (key, value) in [
            ("category", &self.category),
            ("apns-collapse-id", &self.apns_collapse_id),
            ("thread-id", &self.thread_id),
        ] {
            if let Some(v) = non_empty(value) {
                aps.str(key, v);
            }
        }
        aps.finish();
    }

    fn write_grinfo(&self, out: &mut Vec<u8>) {
        let media = &self.multi_media;
        let regenerate = media.iter().enumerate().any(|(i, m)| match &m.res_id {
            None => true,
            Some(id) => media[..i].iter().any(|o| o.res_id.as_ref() == Some(id)),
        });
        out.push(b'[');
        for (i, m) in media.iter().enumerate() {
            if i > 0 {
                out.extend_from_slice(b", ");
            }
            let mut obj = ObjectWriter::new(out);
            if regenerate {
                let key = obj.key("resId");
                key.extend_from_slice(b"\"grid");
                json_text::write_i64(key, i as i64 + 1);
                key.push(b'"');
            } else if let Some(id) = &m.res_id {
                obj.str("resId", id);
            }
            if let Some(t) = m.res_type {
                obj.i64("resType", t.value().into());
            }
            if let Some(url) = &m.res_url {
                obj.str("resUrl", url);
            }
            obj.i64("isOnlyWifi", i64::from(m.only_wifi));
            obj.finish();
        }
        out.push(b']');
    }

    /// Appends the `apnJson` text (no validation; an invalid payload gives well-formed but
    /// meaningless JSON, so call [`validate`](Self::validate) or use [`json`](Self::json)).
    pub fn write_json(&self, out: &mut Vec<u8>) {
        let voice = self.voice_type();
        let grinfo = !self.multi_media.is_empty();
        let (mut aps_done, mut gvp_t_done, mut gvp_m_done, mut grinfo_done) =
            (false, false, false, false);
        let mut root = ObjectWriter::new(out);
        // Python builds a dict from customMsg, then assigns `aps` and the voice/media keys:
        // a custom entry with one of those keys keeps its position and takes the new value.
        for (key, value) in &self.custom_msg {
            if key.is_empty() || value.is_null() {
                continue;
            }
            match key {
                "aps" => {
                    self.write_aps(root.key("aps"));
                    aps_done = true;
                }
                "_gvp_t_" if voice.is_some() => {
                    root.i64("_gvp_t_", voice.unwrap_or_default());
                    gvp_t_done = true;
                }
                "_gvp_m_" if voice == Some(2) => {
                    root.str("_gvp_m_", &self.voice_play_message);
                    gvp_m_done = true;
                }
                "_grinfo_" if grinfo => {
                    self.write_grinfo(root.key("_grinfo_"));
                    grinfo_done = true;
                }
                _ => {
                    root.value(key, value);
                }
            }
        }
        if !aps_done {
            self.write_aps(root.key("aps"));
        }
        if let Some(t) = voice {
            if !gvp_t_done {
                root.i64("_gvp_t_", t);
            }
            if t == 2 && !gvp_m_done {
                root.str("_gvp_m_", &self.voice_play_message);
            }
        }
        if grinfo && !grinfo_done {
            self.write_grinfo(root.key("_grinfo_"));
        }
        root.finish();
    }

    /// The validated `apnJson` text.
    pub fn json(&self) -> Result<String, ValidationError> {
        self.validate_structure()?;
        let mut out = Vec::with_capacity(128);
        self.write_json(&mut out);
        check_length(&out)?;
        Ok(String::from_utf8(out).expect("json_text writes ASCII"))
    }

    /// Checks every rule listed on the type except the size of the text.
    pub fn validate_structure(&self) -> Result<(), ValidationError> {
        if !self.aps_has_content() {
            return Err(ValidationError::new(
                "aps",
                Rule::Constraint("needs an alert, a badge or a sound (official \"format error\")"),
            ));
        }
        if let Some(auto_badge) = &self.auto_badge {
            let digits = auto_badge
                .strip_prefix(['+', '-'])
                .unwrap_or(auto_badge.as_str());
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(ValidationError::new(
                    "autoBadge",
                    Rule::Pattern {
                        pattern: AUTO_BADGE_PATTERN,
                    },
                ));
            }
        }
        if let Some(dict) = &self.sound_d {
            dict.validate().map_err(|e| e.within("sound_d"))?;
        }
        if !(0..=2).contains(&self.voice_play_type) {
            return Err(ValidationError::new(
                "voicePlayType",
                Rule::Range {
                    min: 0,
                    max: 2,
                    actual: self.voice_play_type,
                },
            ));
        }
        if self.multi_media.len() > MULTI_MEDIA_MAX_ITEMS {
            return Err(ValidationError::new(
                "multiMedia",
                Rule::MaxItems {
                    max: MULTI_MEDIA_MAX_ITEMS,
                    actual: self.multi_media.len(),
                },
            ));
        }
        for media in &self.multi_media {
            media.validate().map_err(|e| e.within("multiMedia"))?;
        }
        Ok(())
    }

    /// Checks the rules listed on the type (this builds the `apnJson` text to measure it).
    pub fn validate(&self) -> Result<(), ValidationError> {
        self.json().map(|_| ())
    }
}

fn check_length(text: &[u8]) -> Result<(), ValidationError> {
    if text.len() > APNS_PAYLOAD_MAX_BYTES {
        return Err(ValidationError::new(
            "apnJson",
            Rule::MaxBytes {
                max: APNS_PAYLOAD_MAX_BYTES,
                actual: text.len(),
            },
        ));
    }
    Ok(())
}

/// A VoIP push (official class `VoIPPayload`): `apnJson = {"payload": <voIPPayload>, "isVoIP": 1}`.
///
/// Rules: the payload must not be empty; the text is at most [`APNS_PAYLOAD_MAX_BYTES`] bytes.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields, default)]
#[non_exhaustive]
pub struct VoipPayload {
    /// The payload string (`voIPPayload`).
    #[serde(rename = "voIPPayload")]
    pub voip_payload: String,
}

official_class!(VoipPayload, "VoIPPayload");

impl VoipPayload {
    /// A VoIP payload.
    pub fn new(payload: impl Into<String>) -> Self {
        Self {
            voip_payload: payload.into(),
        }
    }

    /// Appends the `apnJson` text (no validation).
    pub fn write_json(&self, out: &mut Vec<u8>) {
        let mut obj = ObjectWriter::new(out);
        obj.str("payload", &self.voip_payload).i64("isVoIP", 1);
        obj.finish();
    }

    /// Checks that the payload is not empty (the size is checked by [`json`](Self::json)).
    pub fn validate_structure(&self) -> Result<(), ValidationError> {
        if self.voip_payload.is_empty() {
            return Err(ValidationError::new("voIPPayload", Rule::Required));
        }
        Ok(())
    }

    /// The validated `apnJson` text.
    pub fn json(&self) -> Result<String, ValidationError> {
        self.validate_structure()?;
        let mut out = Vec::with_capacity(self.voip_payload.len() + 32);
        self.write_json(&mut out);
        check_length(&out)?;
        Ok(String::from_utf8(out).expect("json_text writes ASCII"))
    }

    /// Checks the rules listed on the type.
    pub fn validate(&self) -> Result<(), ValidationError> {
        self.json().map(|_| ())
    }
}

/// The arguments of the deprecated `setPushInfo(actionLocKey, badge, message, sound, payload,
/// locKey, locArgs, launchImage, contentAvailable=0)`; convert with
/// [`ApnsPayload::from`] and attach as `apnInfo`.
///
/// The conversion does what the official SDK intends: a [`DictionaryAlertMsg`] with `loc-key`,
/// `loc-args` (one element), `action-loc-key`, `body` (= `message`) and `launch-image`, each when
/// non-empty; the badge on `aps` (the Python SDK drops it, its defect #11); the sound when
/// non-empty (the Python SDK crashes on it); `content-available`; and the custom root key
/// `payload` when non-empty. Unlike the Python SDK it does not reset the rest of the push info
/// (vendor notification, black list).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
#[non_exhaustive]
pub struct LegacyPushInfo {
    /// `actionLocKey`.
    pub action_loc_key: String,
    /// `badge`.
    pub badge: Option<i64>,
    /// `message` (the alert body).
    pub message: String,
    /// `sound`.
    pub sound: String,
    /// `payload` (custom root key `payload`).
    pub payload: String,
    /// `locKey`.
    pub loc_key: String,
    /// `locArgs` (a single argument).
    pub loc_args: String,
    /// `launchImage`.
    pub launch_image: String,
    /// `contentAvailable` (default 0).
    pub content_available: i64,
}

setters! {
    LegacyPushInfo
    set {
        action_loc_key: String,
        message: String,
        sound: String,
        payload: String,
        loc_key: String,
        loc_args: String,
        launch_image: String,
        content_available: i64,
    }
    some {
        badge: i64,
    }
}

impl From<LegacyPushInfo> for ApnsPayload {
    fn from(legacy: LegacyPushInfo) -> Self {
        let some = |s: String| (!s.is_empty()).then_some(s);
        let alert = DictionaryAlertMsg {
            loc_key: some(legacy.loc_key),
            loc_args: some(legacy.loc_args).into_iter().collect(),
            action_loc_key: some(legacy.action_loc_key),
            body: some(legacy.message),
            launch_image: some(legacy.launch_image),
            ..DictionaryAlertMsg::default()
        };
        let mut payload = ApnsPayload {
            alert_msg: Some(AlertMsg::Dictionary(alert)),
            badge: legacy.badge.unwrap_or(-1),
            sound: some(legacy.sound),
            content_available: legacy.content_available,
            ..ApnsPayload::default()
        };
        if !legacy.payload.is_empty() {
            payload.add_custom_msg("payload", legacy.payload);
        }
        payload
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Reads the payload from JSON text: a `json!` value would already have lost the order of
    /// `customMsg` (serde_json's `preserve_order` is off in this crate's own builds).
    fn payload(text: &str) -> ApnsPayload {
        match serde_json::from_str::<ApnInfo>(text).unwrap() {
            ApnInfo::Apns(p) => p,
            ApnInfo::Voip(_) => unreachable!(),
        }
    }

    #[test]
    fn reference_outputs_of_the_spec() {
        let p = payload(r#"{"class": "APNPayload", "badge": 0, "voicePlayType": 1}"#);
        assert_eq!(p.json().unwrap(), r#"{"aps": {"badge": 0}, "_gvp_t_": 1}"#);
        let p = payload(
            r#"{"class": "APNPayload", "badge": 0,
            "sound_d": {"class": "Sound_Dictionary", "name": "n.caf", "critical": 1, "volume": 0.55}}"#,
        );
        assert_eq!(
            p.json().unwrap(),
            r#"{"aps": {"badge": 0, "sound": {"name": "n.caf", "volume": 0.6, "critical": 1}}}"#
        );
        let p = payload(
            r#"{"class": "APNPayload",
            "alertMsg": {"class": "DictionaryAlertMsg", "title": "t", "body": "b", "titleLocKey": "tlk",
                "titleLocArgs": ["x"], "actionLocKey": "alk", "locKey": "lk", "locArgs": ["y"],
                "launchImage": "li", "subtitle": "st", "subtitleLocKey": "slk", "subtitleLocArgs": ["z"],
                "summaryArg": "sa", "summaryArgCount": 2},
            "autoBadge": "+1", "badge": 5, "contentAvailable": 1, "category": "cat",
            "apnsCollapseId": "cid", "threadId": "th",
            "customMsg": {"payload": "pp", "k2": {"a": 1}},
            "voicePlayType": 2, "voicePlayMessage": "vm"}"#,
        );
        assert_eq!(
            p.json().unwrap(),
            r#"{"payload": "pp", "k2": {"a": 1}, "aps": {"alert": {"title": "t", "body": "b", "title-loc-key": "tlk", "title-loc-args": ["x"], "action-loc-key": "alk", "loc-key": "lk", "loc-args": ["y"], "launch-image": "li", "subtitle": "st", "subtitle-loc-key": "slk", "subtitle-loc-args": ["z"], "summary-arg": "sa", "summary-arg-count": 2}, "autoBadge": "+1", "content-available": 1, "category": "cat", "apns-collapse-id": "cid", "thread-id": "th"}, "_gvp_t_": 2, "_gvp_m_": "vm"}"#
        );
        let voip = ApnInfo::from(VoipPayload::new("vp"));
        assert_eq!(voip.json().unwrap(), r#"{"payload": "vp", "isVoIP": 1}"#);
    }

    #[test]
    fn sound_rules() {
        let mut p = ApnsPayload::with_alert("b");
        assert_eq!(p.effective_sound(), None);
        p.sound_str = String::new();
        assert_eq!(
            p.json().unwrap(),
            r#"{"aps": {"alert": "b", "sound": "default"}}"#
        );
        p.sound_str = "x.caf".into();
        assert_eq!(
            p.json().unwrap(),
            r#"{"aps": {"alert": "b", "sound": "x.caf"}}"#
        );
        p.sound = Some("ding.wav".into());
        assert_eq!(
            p.json().unwrap(),
            r#"{"aps": {"alert": "b", "sound": "ding.wav"}}"#
        );
        p.sound_d = Some(SoundDictionary {
            volume: Some(1.0),
            ..SoundDictionary::default()
        });
        assert_eq!(
            p.json().unwrap(),
            r#"{"aps": {"alert": "b", "sound": {"volume": 1.0}}}"#
        );
        p.sound_d = Some(SoundDictionary {
            name: Some(String::new()),
            ..SoundDictionary::default()
        });
        assert_eq!(
            p.json().unwrap(),
            r#"{"aps": {"alert": "b", "sound": "ding.wav"}}"#
        );
    }

    #[test]
    fn volume_rounds_like_python() {
        for (v, expected) in [
            (0.25, 0.2),
            (0.35, 0.3),
            (0.45, 0.5),
            (0.55, 0.6),
            (0.75, 0.8),
            (0.05, 0.1),
            (0.15, 0.1),
            (1.0, 1.0),
        ] {
            assert_eq!(python_round_1(v), expected, "{v}");
        }
    }

    #[test]
    fn custom_keys_keep_order_and_skip_empty() {
        let mut p = ApnsPayload::with_alert("b");
        p.custom_msg.insert("str", json!("值"));
        p.custom_msg.insert("", json!("ignored"));
        p.custom_msg.insert("none", Value::Null);
        p.custom_msg.insert("list", json!(["x", 1.5, true]));
        p.add_custom_msg("", "also ignored")
            .add_custom_msg("n", Value::Null);
        assert_eq!(
            p.json().unwrap(),
            r#"{"str": "\u503c", "list": ["x", 1.5, true], "aps": {"alert": "b"}}"#
        );
    }

    #[test]
    fn reserved_custom_keys_are_overwritten_in_place() {
        let mut p = ApnsPayload::with_alert("b");
        p.voice_play_type = 1;
        p.multi_media.push(MultiMedia::new(MediaType::Pic, "u"));
        p.add_custom_msg("_grinfo_", "x")
            .add_custom_msg("aps", "y")
            .add_custom_msg("_gvp_t_", 9)
            .add_custom_msg("_gvp_m_", "kept");
        assert_eq!(
            p.json().unwrap(),
            r#"{"_grinfo_": [{"resId": "grid1", "resType": 1, "resUrl": "u", "isOnlyWifi": 0}], "aps": {"alert": "b"}, "_gvp_t_": 1, "_gvp_m_": "kept"}"#
        );
    }

    #[test]
    fn multimedia_ids() {
        let mut p = ApnsPayload::with_alert("m");
        let mut a = MultiMedia::new(MediaType::Pic, "a");
        a.res_id = Some("r1".into());
        let mut b = MultiMedia::new(MediaType::Video, "b");
        b.res_id = Some("r2".into());
        b.only_wifi = true;
        p.multi_media = vec![a.clone(), b.clone()];
        assert_eq!(
            p.json().unwrap(),
            r#"{"aps": {"alert": "m"}, "_grinfo_": [{"resId": "r1", "resType": 1, "resUrl": "a", "isOnlyWifi": 0}, {"resId": "r2", "resType": 3, "resUrl": "b", "isOnlyWifi": 1}]}"#
        );
        b.res_id = Some("r1".into());
        p.multi_media = vec![a, b];
        assert!(p.json().unwrap().contains(r#""resId": "grid2""#));
    }

    #[test]
    fn aps_must_not_be_empty() {
        for p in [
            ApnsPayload::default(),
            ApnsPayload {
                content_available: 1,
                ..ApnsPayload::default()
            },
            ApnsPayload::with_alert(""),
            ApnsPayload {
                alert_msg: Some(AlertMsg::Dictionary(DictionaryAlertMsg::default())),
                ..ApnsPayload::default()
            },
        ] {
            assert_eq!(p.validate().unwrap_err().field(), "aps");
        }
        let badge_only = ApnsPayload {
            badge: 0,
            ..ApnsPayload::default()
        };
        assert!(badge_only.validate().is_ok());
    }

    #[test]
    fn auto_badge_pattern() {
        for ok in ["+1", "-1", "5", "+100"] {
            let p = ApnsPayload {
                auto_badge: Some(ok.into()),
                ..ApnsPayload::default()
            };
            assert_eq!(
                p.json().unwrap(),
                format!(r#"{{"aps": {{"autoBadge": "{ok}"}}}}"#)
            );
        }
        for bad in ["", "+", "1a", "++1", " 1"] {
            let p = ApnsPayload {
                auto_badge: Some(bad.into()),
                ..ApnsPayload::default()
            };
            assert_eq!(p.validate().unwrap_err().field(), "autoBadge", "{bad:?}");
        }
    }

    #[test]
    fn sound_volume_range() {
        for bad in [-0.1, 1.01, f64::NAN] {
            let p = ApnsPayload {
                sound_d: Some(SoundDictionary {
                    volume: Some(bad),
                    ..SoundDictionary::default()
                }),
                ..ApnsPayload::with_alert("a")
            };
            assert_eq!(p.validate().unwrap_err().field(), "sound_d.volume");
        }
    }

    #[test]
    fn voice_play_type_range() {
        let p = ApnsPayload {
            voice_play_type: 3,
            ..ApnsPayload::with_alert("a")
        };
        assert_eq!(
            p.validate().unwrap_err(),
            ValidationError::new(
                "voicePlayType",
                Rule::Range {
                    min: 0,
                    max: 2,
                    actual: 3
                }
            )
        );
    }

    #[test]
    fn multimedia_rules() {
        let mut p = ApnsPayload::with_alert("a");
        p.multi_media = vec![MultiMedia::new(MediaType::Pic, "u"); 4];
        assert_eq!(
            p.validate().unwrap_err(),
            ValidationError::new("multiMedia", Rule::MaxItems { max: 3, actual: 4 })
        );
        p.multi_media = vec![MultiMedia {
            res_url: Some("u".into()),
            ..MultiMedia::default()
        }];
        assert_eq!(
            p.validate().unwrap_err(),
            ValidationError::new("multiMedia.resType", Rule::Required)
        );
        p.multi_media = vec![MultiMedia {
            res_type: Some(MediaType::Audio),
            res_url: Some(String::new()),
            ..MultiMedia::default()
        }];
        assert_eq!(
            p.validate().unwrap_err(),
            ValidationError::new("multiMedia.resUrl", Rule::Required)
        );
    }

    #[test]
    fn payload_size_limit_counts_escaped_bytes() {
        // {"aps": {"alert": "<n>"}} is 22 bytes plus the escaped alert.
        let ok = ApnsPayload::with_alert("x".repeat(3050));
        assert_eq!(ok.json().unwrap().len(), 3072);
        let over = ApnsPayload::with_alert("x".repeat(3051));
        assert_eq!(
            over.validate().unwrap_err(),
            ValidationError::new(
                "apnJson",
                Rule::MaxBytes {
                    max: 3072,
                    actual: 3073
                }
            )
        );
        let zh = ApnsPayload::with_alert("中".repeat(509));
        assert_eq!(
            zh.validate().unwrap_err().rule(),
            &Rule::MaxBytes {
                max: 3072,
                actual: 3076
            }
        );
    }

    #[test]
    fn checked_writing_measures_the_text() {
        let ok = ApnInfo::from(ApnsPayload::with_alert("x".repeat(3050)));
        let mut out = b"prefix".to_vec();
        ok.write_json_checked(&mut out).unwrap();
        assert_eq!(out.len(), 6 + 3072);
        let over = ApnInfo::from(ApnsPayload::with_alert("x".repeat(3051)));
        let mut out = b"prefix".to_vec();
        assert_eq!(
            over.write_json_checked(&mut out).unwrap_err(),
            ValidationError::new(
                "apnJson",
                Rule::MaxBytes {
                    max: 3072,
                    actual: 3073
                }
            )
        );
        assert_eq!(out, b"prefix");
        assert!(over.validate_structure().is_ok());
        assert!(ApnInfo::from(VoipPayload::default())
            .validate_structure()
            .is_err());
    }

    #[test]
    fn voip_rules() {
        assert_eq!(
            VoipPayload::default().validate().unwrap_err(),
            ValidationError::new("voIPPayload", Rule::Required)
        );
        let long = VoipPayload::new("v".repeat(3100));
        assert_eq!(long.validate().unwrap_err().field(), "apnJson");
    }

    #[test]
    fn legacy_push_info_keeps_the_badge() {
        let p = ApnsPayload::from(LegacyPushInfo {
            action_loc_key: "ACTION".into(),
            badge: Some(4),
            message: "消息 body".into(),
            payload: "custom-payload".into(),
            loc_key: "LOC".into(),
            loc_args: "arg1".into(),
            launch_image: "launch.png".into(),
            content_available: 1,
            ..LegacyPushInfo::default()
        });
        assert_eq!(
            p.json().unwrap(),
            r#"{"payload": "custom-payload", "aps": {"alert": {"body": "\u6d88\u606f body", "action-loc-key": "ACTION", "loc-key": "LOC", "loc-args": ["arg1"], "launch-image": "launch.png"}, "badge": 4, "content-available": 1}}"#
        );
    }

    #[test]
    fn serde_round_trip() {
        let mut p = ApnsPayload::with_alert("a");
        p.sound_d = Some(SoundDictionary {
            name: Some("n".into()),
            critical: Some(1),
            volume: Some(0.5),
        });
        p.multi_media.push(MultiMedia::new(MediaType::Audio, "u"));
        p.add_custom_msg("k", json!({"x": [1, 2.5]}));
        let info = ApnInfo::from(p);
        let json = serde_json::to_value(&info).unwrap();
        assert_eq!(json["class"], "APNPayload");
        assert_eq!(json["sound_d"]["class"], "Sound_Dictionary");
        assert_eq!(json["multiMedia"][0]["resType"], 2);
        assert_eq!(serde_json::from_value::<ApnInfo>(json).unwrap(), info);
        assert!(serde_json::from_value::<ApnInfo>(json!({"class": "APNPayload", "x": 1})).is_err());
        let media: MultiMedia =
            serde_json::from_value(json!({"class": "MultiMedia", "resType": "video"})).unwrap();
        assert_eq!(media.res_type, Some(MediaType::Video));
    }
}
