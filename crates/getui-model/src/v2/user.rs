//! Users (`/user/...`, U1–U16) and authentication (`/auth`, A1): the request values and the
//! answer types.
//!
//! Request types mirror the wire (`deny_unknown_fields`, official keys); answer types ignore
//! unknown fields and read numbers leniently. Maps keyed by cids are [`BTreeMap`]s.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::report::lenient;
use crate::{Rule, ValidationError};

/// The most `data_list` items of U1/U4 (`数组长度不大于1000`).
pub const ALIAS_LIST_MAX: usize = 1000;
/// An alias bound by U1 has fewer than 40 characters (`长度<40字`; enforced as ≤ 40, the
/// service answers beyond its real limit).
pub const ALIAS_MAX_CHARS: usize = 40;

/// A caller-built `POST /auth` body (`GTAuthRequest` / J2 `AuthDTO`): sent exactly as given,
/// no re-signing and no clock check. `Debug` redacts `sign`.
///
/// ```
/// use getui_model::v2::user::AuthRequest;
/// let r = AuthRequest::new("KEY", "1600000000000", "abcdef");
/// assert!(!format!("{r:?}").contains("abcdef"));
/// assert_eq!(serde_json::to_string(&r).unwrap(),
///            r#"{"appkey":"KEY","timestamp":"1600000000000","sign":"abcdef"}"#);
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct AuthRequest {
    /// `appkey`: the app key.
    pub appkey: String,
    /// `timestamp`: epoch milliseconds as a string (13 digits when built by the SDK).
    pub timestamp: String,
    /// `sign`: lowercase hex SHA-256 of `appkey + timestamp + masterSecret`.
    pub sign: String,
}

impl AuthRequest {
    /// A request from its three values.
    pub fn new(
        appkey: impl Into<String>,
        timestamp: impl Into<String>,
        sign: impl Into<String>,
    ) -> Self {
        Self {
            appkey: appkey.into(),
            timestamp: timestamp.into(),
            sign: sign.into(),
        }
    }
}

impl fmt::Debug for AuthRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthRequest")
            .field("appkey", &self.appkey)
            .field("timestamp", &self.timestamp)
            .field("sign", &"***")
            .finish()
    }
}

/// One `{cid, alias}` pair of U1/U4.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CidAlias {
    /// `cid`.
    pub cid: String,
    /// `alias`.
    pub alias: String,
}

impl CidAlias {
    /// A pair.
    pub fn new(cid: impl Into<String>, alias: impl Into<String>) -> Self {
        Self {
            cid: cid.into(),
            alias: alias.into(),
        }
    }
}

/// The body of U1 `POST /user/alias` (bind) and U4 `DELETE /user/alias` (unbind).
///
/// ```
/// use getui_model::v2::user::{AliasRequest, CidAlias};
/// let r = AliasRequest::new(vec![CidAlias::new("cid1", "alias_1")]);
/// assert!(r.validate().is_ok());
/// assert!(AliasRequest::new(vec![]).validate().is_err());
/// assert_eq!(serde_json::to_string(&r).unwrap(), r#"{"data_list":[{"cid":"cid1","alias":"alias_1"}]}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct AliasRequest {
    /// `data_list`: 1–1000 pairs.
    pub data_list: Vec<CidAlias>,
    /// `alias_type` (J2): sent only when set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias_type: Option<String>,
}

impl AliasRequest {
    /// A request for these pairs.
    #[must_use]
    pub fn new(data_list: Vec<CidAlias>) -> Self {
        Self {
            data_list,
            alias_type: None,
        }
    }

    /// Sets `alias_type`.
    #[must_use]
    pub fn alias_type(mut self, alias_type: impl Into<String>) -> Self {
        self.alias_type = Some(alias_type.into());
        self
    }

    /// 1–1000 items, each with a non-empty `cid` and `alias`. The character rule of bound
    /// aliases is checked by [`AliasRequest::validate_for_bind`] only (U1).
    pub fn validate(&self) -> Result<(), ValidationError> {
        let n = self.data_list.len();
        if n == 0 {
            return Err(ValidationError::new(
                "data_list",
                Rule::MinItems { min: 1, actual: 0 },
            ));
        }
        if n > ALIAS_LIST_MAX {
            return Err(ValidationError::new(
                "data_list",
                Rule::MaxItems {
                    max: ALIAS_LIST_MAX,
                    actual: n,
                },
            ));
        }
        for (i, item) in self.data_list.iter().enumerate() {
            if item.cid.is_empty() {
                return Err(ValidationError::new(
                    format!("data_list[{i}].cid"),
                    Rule::Required,
                ));
            }
            if item.alias.is_empty() {
                return Err(ValidationError::new(
                    format!("data_list[{i}].alias"),
                    Rule::Required,
                ));
            }
        }
        if self.alias_type.as_deref() == Some("") {
            return Err(ValidationError::new("alias_type", Rule::Required));
        }
        Ok(())
    }

    /// [`AliasRequest::validate`] plus the U1 rule for the aliases bound: letters, digits,
    /// `_` and Chinese characters, at most [`ALIAS_MAX_CHARS`] characters.
    pub fn validate_for_bind(&self) -> Result<(), ValidationError> {
        self.validate()?;
        for (i, item) in self.data_list.iter().enumerate() {
            let chars = item.alias.chars().count();
            if chars > ALIAS_MAX_CHARS {
                return Err(ValidationError::new(
                    format!("data_list[{i}].alias"),
                    Rule::MaxChars {
                        max: ALIAS_MAX_CHARS,
                        actual: chars,
                    },
                ));
            }
            if !item.alias.chars().all(|c| c.is_alphanumeric() || c == '_') {
                return Err(ValidationError::new(
                    format!("data_list[{i}].alias"),
                    Rule::Constraint("letters, digits, `_` and Chinese characters only"),
                ));
            }
        }
        Ok(())
    }
}

/// The iOS badge of U15 `POST /user/badge/cid/{cids}`.
///
/// `Add`, `Sub` and `Set` are the documented string forms `"+N"`, `"-N"`, `"N"`; `RawInt` is
/// a JSON number, as the official PHP SDK sends an integer it is given (vector
/// `user_badge_int`). Reading accepts a string matching `^[+-]?[0-9]+$` or an integer.
///
/// ```
/// use getui_model::v2::user::Badge;
/// assert_eq!(serde_json::to_string(&Badge::Add(1)).unwrap(), r#""+1""#);
/// assert_eq!(serde_json::to_string(&Badge::Sub(2)).unwrap(), r#""-2""#);
/// assert_eq!(serde_json::to_string(&Badge::Set(3)).unwrap(), r#""3""#);
/// assert_eq!(serde_json::to_string(&Badge::RawInt(10)).unwrap(), "10");
/// assert_eq!(serde_json::from_str::<Badge>(r#""-7""#).unwrap(), Badge::Sub(7));
/// assert_eq!(serde_json::from_str::<Badge>("10").unwrap(), Badge::RawInt(10));
/// assert!(serde_json::from_str::<Badge>(r#""1.5""#).is_err());
/// assert!(Badge::Add(1).is_relative() && !Badge::Set(1).is_relative());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Badge {
    /// `"+N"`: add N.
    Add(u32),
    /// `"-N"`: subtract N.
    Sub(u32),
    /// `"N"`: set to N.
    Set(u32),
    /// A JSON number, sent as given.
    RawInt(i64),
}

impl Badge {
    /// Whether the badge changes relatively (`+N`, `-N`): sending it twice changes the badge
    /// twice, so such a request is not safe to re-send.
    pub fn is_relative(&self) -> bool {
        matches!(self, Badge::Add(_) | Badge::Sub(_))
    }

    /// Parses the string form `^[+-]?[0-9]+$`.
    pub fn parse(text: &str) -> Result<Self, ValidationError> {
        let err = || {
            ValidationError::new(
                "badge",
                Rule::Pattern {
                    pattern: "^[+-]?[0-9]+$",
                },
            )
        };
        let (ctor, digits): (fn(u32) -> Badge, &str) = match text.as_bytes().first() {
            Some(b'+') => (Badge::Add, &text[1..]),
            Some(b'-') => (Badge::Sub, &text[1..]),
            _ => (Badge::Set, text),
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let n: u32 = digits.parse().map_err(|_| {
            ValidationError::new(
                "badge",
                Rule::Range {
                    min: 0,
                    max: i64::from(u32::MAX),
                    actual: i64::MAX,
                },
            )
        })?;
        Ok(ctor(n))
    }
}

impl fmt::Display for Badge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Badge::Add(n) => write!(f, "+{n}"),
            Badge::Sub(n) => write!(f, "-{n}"),
            Badge::Set(n) => write!(f, "{n}"),
            Badge::RawInt(n) => write!(f, "{n}"),
        }
    }
}

impl Serialize for Badge {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Badge::RawInt(n) => s.serialize_i64(*n),
            other => s.collect_str(other),
        }
    }
}

impl<'de> Deserialize<'de> for Badge {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Badge;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string matching ^[+-]?[0-9]+$ or an integer")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Badge, E> {
                Ok(Badge::RawInt(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Badge, E> {
                i64::try_from(v)
                    .map(Badge::RawInt)
                    .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Badge, E> {
                Badge::parse(v).map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }
        d.deserialize_any(V)
    }
}

/// The answer of U2: the alias bound to a cid.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Alias {
    /// `alias`.
    #[serde(default)]
    pub alias: String,
}

/// The answer of U3: the cids bound to an alias.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Cids {
    /// `cid`.
    #[serde(default)]
    pub cid: Vec<String>,
}

/// One value of the U7/U8 answers (undocumented: `"0"`, `"true"` or `true` seen).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum TagResult {
    /// A string value, verbatim.
    Text(String),
    /// A boolean value.
    Bool(bool),
    /// A number, verbatim.
    Number(i64),
}

/// The answer of U7/U8: cid → result value.
pub type TagBindResult = BTreeMap<String, TagResult>;

/// The answer of U9: cid → tags. The service may return one element holding every tag
/// separated by spaces: [`split_tags`] flattens that.
pub type UserTags = BTreeMap<String, Vec<String>>;

/// Splits tag list elements on spaces (U9 may answer `["a b c"]`), dropping empty parts.
///
/// ```
/// assert_eq!(getui_model::v2::user::split_tags(&["a b".into(), "c".into()]), ["a", "b", "c"]);
/// ```
pub fn split_tags(tags: &[String]) -> Vec<String> {
    tags.iter()
        .flat_map(|t| t.split(' '))
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `online` / `offline` (U12, U13).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OnlineStatus {
    /// `online`.
    Online,
    /// `offline`.
    Offline,
    /// Any other value, verbatim.
    Other(String),
}

impl OnlineStatus {
    /// The text as the server sends it.
    pub fn as_str(&self) -> &str {
        match self {
            OnlineStatus::Online => "online",
            OnlineStatus::Offline => "offline",
            OnlineStatus::Other(t) => t,
        }
    }
}

impl From<&str> for OnlineStatus {
    fn from(text: &str) -> Self {
        match text {
            "online" => OnlineStatus::Online,
            "offline" => OnlineStatus::Offline,
            other => OnlineStatus::Other(other.to_owned()),
        }
    }
}

impl Serialize for OnlineStatus {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for OnlineStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Ok(OnlineStatus::from(text.as_str()))
    }
}

/// The state of one cid (U12).
///
/// ```
/// use getui_model::v2::user::{OnlineStatus, UserStatuses};
/// let s: UserStatuses = serde_json::from_str(r#"{"c1": {"last_login_time": "1600000000000", "status": "online"}}"#).unwrap();
/// assert_eq!(s["c1"].status, Some(OnlineStatus::Online));
/// assert_eq!(s["c1"].last_login_time, Some(1_600_000_000_000));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UserStatus {
    /// `last_login_time`: epoch milliseconds.
    #[serde(
        default,
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub last_login_time: Option<i64>,
    /// `status`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<OnlineStatus>,
}

/// The answer of U12: cid → state.
pub type UserStatuses = BTreeMap<String, UserStatus>;

/// The device state of one cid (U13). A per-cid nested `{code, msg, data}` envelope is read
/// too (its `data` holds the two keys).
///
/// ```
/// use getui_model::v2::user::{DeviceStatuses, OnlineStatus};
/// let s: DeviceStatuses = serde_json::from_str(r#"{"c1": {"cid_status": "online", "device_status": "offline"},
///     "c2": {"code": 0, "msg": "", "data": {"cid_status": "offline", "device_status": "online"}}}"#).unwrap();
/// assert_eq!(s["c1"].cid_status, Some(OnlineStatus::Online));
/// assert_eq!(s["c2"].device_status, Some(OnlineStatus::Online));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "RawDeviceStatus")]
#[non_exhaustive]
pub struct DeviceStatus {
    /// `cid_status`: the app's connection.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cid_status: Option<OnlineStatus>,
    /// `device_status`: any app with the Getui SDK on the device.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_status: Option<OnlineStatus>,
}

#[derive(Deserialize)]
struct RawDeviceStatus {
    #[serde(default)]
    cid_status: Option<OnlineStatus>,
    #[serde(default)]
    device_status: Option<OnlineStatus>,
    #[serde(default)]
    data: Option<Box<RawDeviceStatus>>,
}

impl From<RawDeviceStatus> for DeviceStatus {
    fn from(raw: RawDeviceStatus) -> Self {
        let nested = raw.data.map(|d| DeviceStatus::from(*d)).unwrap_or_default();
        DeviceStatus {
            cid_status: raw.cid_status.or(nested.cid_status),
            device_status: raw.device_status.or(nested.device_status),
        }
    }
}

/// The answer of U13: cid → device state.
pub type DeviceStatuses = BTreeMap<String, DeviceStatus>;

/// What U14 knows about one valid cid. Reads the documented camel-case keys and their
/// snake-case forms.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DeviceInfo {
    /// `client_app_id`.
    #[serde(
        default,
        alias = "clientAppId",
        skip_serializing_if = "Option::is_none"
    )]
    pub client_app_id: Option<String>,
    /// `package_name`.
    #[serde(
        default,
        alias = "packageName",
        skip_serializing_if = "Option::is_none"
    )]
    pub package_name: Option<String>,
    /// `device_token`: the vendor token.
    #[serde(
        default,
        alias = "deviceToken",
        skip_serializing_if = "Option::is_none"
    )]
    pub device_token: Option<String>,
    /// `phone_type`: 1 Android, 2 iOS.
    #[serde(
        default,
        alias = "phoneType",
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub phone_type: Option<i64>,
    /// `phoneModel`.
    #[serde(
        default,
        rename = "phoneModel",
        alias = "phone_model",
        skip_serializing_if = "Option::is_none"
    )]
    pub phone_model: Option<String>,
    /// `notificationSwitch`.
    #[serde(
        default,
        rename = "notificationSwitch",
        alias = "notification_switch",
        deserialize_with = "lenient::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub notification_switch: Option<bool>,
    /// `createTime`: first login, `yyyy-MM-dd HH:mm:ss`.
    #[serde(
        default,
        rename = "createTime",
        alias = "create_time",
        skip_serializing_if = "Option::is_none"
    )]
    pub create_time: Option<String>,
    /// `loginFreq`.
    #[serde(
        default,
        rename = "loginFreq",
        alias = "login_freq",
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub login_freq: Option<i64>,
}

/// The answer of U14.
///
/// ```
/// use getui_model::v2::user::UserDetail;
/// let d: UserDetail = serde_json::from_str(r#"{"invalidCids": ["x"], "validCids": {"c1": {"phone_type": "1", "phoneModel": "M", "notificationSwitch": true, "loginFreq": 3}}}"#).unwrap();
/// assert_eq!(d.invalid, ["x"]);
/// assert_eq!(d.valid["c1"].phone_type, Some(1));
/// assert_eq!(d.valid["c1"].login_freq, Some(3));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UserDetail {
    /// `invalidCids`.
    #[serde(default, rename = "invalidCids", alias = "invalid_cids")]
    pub invalid: Vec<String>,
    /// `validCids`: cid → information.
    #[serde(default, rename = "validCids", alias = "valid_cids")]
    pub valid: BTreeMap<String, DeviceInfo>,
}

/// The answer of U16.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UserCount {
    /// `user_count`.
    #[serde(default, deserialize_with = "lenient::i64")]
    pub user_count: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn badge_parse_edges() {
        assert_eq!(Badge::parse("+0").unwrap(), Badge::Add(0));
        assert!(Badge::parse("+").is_err());
        assert!(Badge::parse("").is_err());
        assert!(Badge::parse("1 ").is_err());
        assert!(Badge::parse("99999999999").is_err());
        assert!(serde_json::from_str::<Badge>("true").is_err());
    }

    #[test]
    fn bind_alias_rule() {
        let ok = AliasRequest::new(vec![CidAlias::new("c", "别名_2")]);
        assert!(ok.validate_for_bind().is_ok());
        let dash = AliasRequest::new(vec![CidAlias::new("c", "alias-2")]);
        assert!(dash.validate().is_ok());
        assert!(dash.validate_for_bind().is_err());
        let empty = AliasRequest::new(vec![CidAlias::new("c", "")]);
        assert_eq!(empty.validate().unwrap_err().field(), "data_list[0].alias");
        let u: UserCount = serde_json::from_str(r#"{"user_count": "12"}"#).unwrap();
        assert_eq!(u.user_count, 12);
    }
}
