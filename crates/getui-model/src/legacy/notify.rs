//! Third-party (vendor channel) notification: `Notify` and its `ExtKV` entries.

use crate::builder::setters;
use crate::checks::check_intent;
use crate::serde_util::{int_enum, official_class};
use crate::{Rule, ValidationError};
use serde::{Deserialize, Serialize};
use std::fmt;

int_enum! {
    /// What the vendor notification does when tapped (`NotifyInfo.Type`).
    #[non_exhaustive]
    pub enum NotifyType ("a NotifyInfo.Type") {
        /// Pass `payload` to the app (`_payload`, 0).
        Payload = 0 / "_payload",
        /// Open the Android `intent` (`_intent`, 1).
        Intent = 1 / "_intent",
        /// Open `url` (`_url`, 2).
        Url = 2 / "_url",
        /// Start the app (`_startApp`, 3).
        StartApp = 3 / "_startApp",
    }
}

/// The vendor channel an [`ExtKv`] applies to (`PLATFORM_CONSTRAINS`), written by its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Platform {
    /// Huawei (`HW`).
    Huawei,
    /// Xiaomi (`XM`).
    Xiaomi,
    /// Meizu (`MZ`).
    Meizu,
    /// OPPO (`OP`).
    Oppo,
    /// vivo (`VV`).
    Vivo,
    /// Firebase Cloud Messaging (`FCM`).
    Fcm,
    /// Every vendor (`ALL`, the default).
    #[default]
    All,
}

impl Platform {
    /// Every platform, in the official enum order (`HW` = 0 … `ALL` = 6).
    pub const ALL_PLATFORMS: &'static [Platform] = &[
        Self::Huawei,
        Self::Xiaomi,
        Self::Meizu,
        Self::Oppo,
        Self::Vivo,
        Self::Fcm,
        Self::All,
    ];

    /// The official code: `HW`, `XM`, `MZ`, `OP`, `VV`, `FCM` or `ALL`.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Huawei => "HW",
            Self::Xiaomi => "XM",
            Self::Meizu => "MZ",
            Self::Oppo => "OP",
            Self::Vivo => "VV",
            Self::Fcm => "FCM",
            Self::All => "ALL",
        }
    }

    /// The platform with the official code `code`.
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL_PLATFORMS
            .iter()
            .copied()
            .find(|p| p.code() == code)
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Platform {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Platform {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Platform;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a platform code (HW, XM, MZ, OP, VV, FCM, ALL) or its enum value")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Platform, E> {
                Platform::from_code(v)
                    .ok_or_else(|| E::invalid_value(serde::de::Unexpected::Str(v), &self))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Platform, E> {
                usize::try_from(v)
                    .ok()
                    .and_then(|i| Platform::ALL_PLATFORMS.get(i).copied())
                    .ok_or_else(|| E::invalid_value(serde::de::Unexpected::Unsigned(v), &self))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Platform, E> {
                u64::try_from(v)
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Signed(v), &self))
                    .and_then(|v| self.visit_u64(v))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// One vendor-specific extra key/value (official class `ExtKV`).
///
/// The official spelling of the platform attribute is `constains`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(
    remote = "Self",
    tag = "class",
    rename = "ExtKV",
    deny_unknown_fields,
    default
)]
#[non_exhaustive]
pub struct ExtKv {
    /// The key (`key`, default `""`).
    pub key: String,
    /// The value, sent as is (`value`, default `""`).
    pub value: String,
    /// The vendor it applies to (`constains`, default `ALL`).
    pub constains: Platform,
}

official_class!(ExtKv, "ExtKV");

impl ExtKv {
    /// An entry for `platform`.
    pub fn new(platform: Platform, key: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            key: key.into(),
            value: value.into(),
            constains: platform,
        }
    }
}

/// The notification vendor channels show when the device is offline (official class `Notify`,
/// attached with `TransmissionTemplate.set3rdNotifyInfo`, attribute `notifyInfo`).
///
/// Rules: `title` and `content` must be set (they may be empty, as in the official SDK); an
/// `intent` must follow [`INTENT_PATTERN`](crate::INTENT_PATTERN) and be at most 1000
/// characters. The official SDK checks the intent only when `type` is set (otherwise it drops
/// it); this crate checks any intent given.
///
/// ```
/// use getui_model::{Notify, NotifyType, Platform};
/// let mut notify = Notify::new("title", "content")
///     .notify_type(NotifyType::Url)
///     .url("https://example.com");
/// notify.add_ext_kv(Platform::Huawei, "badge", "1");
/// assert!(notify.validate().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(
    remote = "Self",
    tag = "class",
    rename = "Notify",
    rename_all = "camelCase",
    deny_unknown_fields,
    default
)]
#[non_exhaustive]
pub struct Notify {
    /// Title (`title`, required, default unset).
    pub title: Option<String>,
    /// Content (`content`, required, default unset).
    pub content: Option<String>,
    /// Payload passed to the app (`payload`).
    pub payload: Option<String>,
    /// What a tap does (`type`); when unset only `payload` is sent.
    pub r#type: Option<NotifyType>,
    /// URL for [`NotifyType::Url`] (`url`).
    pub url: Option<String>,
    /// Android intent for [`NotifyType::Intent`] (`intent`).
    pub intent: Option<String>,
    /// Vendor-specific extras (`extKVList`, filled by `addHWExtKV` & co.).
    #[serde(rename = "extKVList")]
    pub ext_kv_list: Vec<ExtKv>,
}

official_class!(Notify, "Notify");

setters! {
    Notify
    set {
        ext_kv_list: Vec<ExtKv>,
    }
    some {
        title: String,
        content: String,
        payload: String,
        url: String,
        intent: String,
    }
}

impl Notify {
    /// A notification with a title and a content.
    pub fn new(title: impl Into<String>, content: impl Into<String>) -> Self {
        Self {
            title: Some(title.into()),
            content: Some(content.into()),
            ..Self::default()
        }
    }

    /// Sets `type`, the field `r#type` (named `notify_type` here: `type` is a keyword).
    #[must_use]
    pub fn notify_type(mut self, value: NotifyType) -> Self {
        self.r#type = Some(value);
        self
    }

    /// Appends a vendor-specific extra (`addHWExtKV`, `addXMExtKV`, …, `addExtKVToAll`).
    pub fn add_ext_kv(
        &mut self,
        platform: Platform,
        key: impl Into<String>,
        value: impl Into<String>,
    ) -> &mut Self {
        self.ext_kv_list.push(ExtKv::new(platform, key, value));
        self
    }

    /// Checks the rules listed on the type.
    pub fn validate(&self) -> Result<(), ValidationError> {
        if self.title.is_none() {
            return Err(ValidationError::new(
                "title",
                Rule::Constraint("must be set (it may be empty)"),
            ));
        }
        if self.content.is_none() {
            return Err(ValidationError::new(
                "content",
                Rule::Constraint("must be set (it may be empty)"),
            ));
        }
        if let Some(intent) = &self.intent {
            check_intent("intent", intent)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn official_serde_form() {
        let n: Notify = serde_json::from_str(
            r#"{"class": "Notify", "title": "T", "content": "C", "type": 1,
                "intent": "intent:#Intent;a=b;end",
                "extKVList": [{"key": "k", "value": "v", "constains": "HW"},
                              {"class": "ExtKV", "key": "k2", "value": "v2"}]}"#,
        )
        .unwrap();
        assert_eq!(n.r#type, Some(NotifyType::Intent));
        assert_eq!(n.ext_kv_list[0], ExtKv::new(Platform::Huawei, "k", "v"));
        assert_eq!(n.ext_kv_list[1].constains, Platform::All);
        let n2: Notify = serde_json::from_str(r#"{"type": "_url"}"#).unwrap();
        assert_eq!(n2.r#type, Some(NotifyType::Url));
        let json = serde_json::to_value(&n).unwrap();
        assert_eq!(json["class"], "Notify");
        assert_eq!(json["type"], 1);
        assert_eq!(json["extKVList"][0]["constains"], "HW");
        assert_eq!(serde_json::from_value::<Notify>(json).unwrap(), n);
        assert!(serde_json::from_str::<Notify>(r#"{"type": 7}"#).is_err());
        assert!(serde_json::from_str::<Notify>(r#"{"notifyId": "1"}"#).is_err());
    }

    #[test]
    fn platform_codes() {
        for (i, p) in Platform::ALL_PLATFORMS.iter().copied().enumerate() {
            assert_eq!(Platform::from_code(p.code()), Some(p));
            let from_int: Platform = serde_json::from_value(serde_json::json!(i)).unwrap();
            assert_eq!(from_int, p);
        }
        assert!(serde_json::from_str::<Platform>(r#""HO""#).is_err());
    }

    #[test]
    fn title_and_content_must_be_set_but_may_be_empty() {
        assert!(Notify::new("", "").validate().is_ok());
        let n = Notify {
            content: Some("c".into()),
            ..Notify::default()
        };
        assert_eq!(n.validate().unwrap_err().field(), "title");
        let n = Notify {
            title: Some("t".into()),
            ..Notify::default()
        };
        assert_eq!(n.validate().unwrap_err().field(), "content");
    }

    #[test]
    fn intent_is_checked() {
        let mut n = Notify::new("t", "c");
        n.intent = Some("intent:#Intent;no-end".into());
        let err = n.validate().unwrap_err();
        assert_eq!(err.field(), "intent");
        assert!(matches!(err.rule(), Rule::Pattern { .. }));
        n.intent = Some(format!("intent:#Intent;{};end", "b".repeat(981)));
        assert!(n.validate().is_ok());
        n.intent = Some(format!("intent:#Intent;{};end", "b".repeat(982)));
        assert!(matches!(
            n.validate().unwrap_err().rule(),
            Rule::MaxChars {
                max: 1000,
                actual: 1001
            }
        ));
    }
}
