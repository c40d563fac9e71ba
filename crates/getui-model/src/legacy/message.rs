//! Messages (what to push and how), targets, app conditions and task group names.

use crate::builder::setters;
use crate::serde_util::{int_enum, official_class};
use crate::{Rule, Template, ValidationError};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Which networks the message may be delivered over (`pushNetWorkType`, an integer on the wire).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum PushNetworkType {
    /// Any network (0, the default).
    #[default]
    Any,
    /// Wi-Fi only (1).
    Wifi,
    /// Mobile data (2G/3G/4G) only (2).
    Mobile,
}

impl PushNetworkType {
    /// The integer sent on the wire.
    pub const fn value(self) -> i32 {
        match self {
            Self::Any => 0,
            Self::Wifi => 1,
            Self::Mobile => 2,
        }
    }

    /// The variant for a wire value.
    #[must_use]
    pub const fn from_value(value: i64) -> Option<Self> {
        match value {
            0 => Some(Self::Any),
            1 => Some(Self::Wifi),
            2 => Some(Self::Mobile),
            _ => None,
        }
    }
}

impl Serialize for PushNetworkType {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i32(self.value())
    }
}

impl<'de> Deserialize<'de> for PushNetworkType {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = i64::deserialize(deserializer)?;
        Self::from_value(value).ok_or_else(|| {
            serde::de::Error::invalid_value(
                serde::de::Unexpected::Signed(value),
                &"0 (any), 1 (Wi-Fi) or 2 (mobile)",
            )
        })
    }
}

macro_rules! message_struct {
    ($(#[$meta:meta])* $name:ident, $class:literal { $($(#[$fmeta:meta])* pub $field:ident : $ty:ty,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(
            remote = "Self",
            tag = "class",
            rename = $class,
            rename_all = "camelCase",
            deny_unknown_fields
        )]
        #[non_exhaustive]
        pub struct $name {
            /// Keep the message for offline devices (`isOffline`, default `false`; also read
            /// as `offline`, the name of its setter `setOffline`).
            #[serde(default, alias = "offline")]
            pub is_offline: bool,
            /// How long an offline message is kept, in milliseconds (`offlineExpireTime`,
            /// default 0; the documentation says 1 to 72 hours, no SDK enforces it).
            #[serde(default)]
            pub offline_expire_time: i64,
            /// Allowed networks (`pushNetWorkType`, default any).
            #[serde(default, rename = "pushNetWorkType")]
            pub push_network_type: PushNetworkType,
            /// `priority` (default 0; no SDK sends it).
            #[serde(default)]
            pub priority: i32,
            /// The template (`data`, set with `setData`), required.
            pub data: Template,
            $( $(#[$fmeta])* #[serde(default)] pub $field: $ty, )*
        }

        official_class!($name, $class);

        setters! {
            $name
            set {
                is_offline: bool,
                offline_expire_time: i64,
                push_network_type: PushNetworkType,
                priority: i32,
                data: Template,
            }
        }
    };
}

message_struct!(
    /// A message for one device (official class `IGtSingleMessage`): single pushes and batch
    /// items.
    SingleMessage, "IGtSingleMessage" {}
);

message_struct!(
    /// A message for a list of devices (official class `IGtListMessage`, `getContentId` then
    /// `pushMessageToList`).
    ListMessage, "IGtListMessage" {}
);

message_struct!(
    /// A message for a whole app or a selection of its users (official class `IGtAppMessage`);
    /// a tag push (`pushMessageByTagAction`) uses `appIdList`, `tag` and `speed`.
    ///
    /// The official Python `setSpeed` is shadowed by a second definition that sets `pushTime`
    /// (its defect #4); here `speed` and `pushTime` are separate attributes.
    AppMessage, "IGtAppMessage" {
        /// The apps to push to; the documentation requires exactly one (`appIdList`).
        pub app_id_list: Vec<String>,
        /// Phone types, e.g. `ANDROID`, `IOS` (`phoneTypeList`).
        pub phone_type_list: Vec<String>,
        /// Provinces or cities (`provinceList`).
        pub province_list: Vec<String>,
        /// Custom tags (`tagList`).
        pub tag_list: Vec<String>,
        /// Conditions replacing the three lists above when set (`conditions`).
        pub conditions: Option<AppConditions>,
        /// Messages per second for full pushes, 0 = server default (`speed`).
        pub speed: i32,
        /// The tag of a tag push (`tag`).
        pub tag: String,
        /// Scheduled start, sent when non-empty, believed to be `yyyyMMddHHmm` (`pushTime`).
        pub push_time: String,
    }
);

impl SingleMessage {
    /// A message with the official defaults carrying `data`.
    pub fn new(data: impl Into<Template>) -> Self {
        Self {
            is_offline: false,
            offline_expire_time: 0,
            push_network_type: PushNetworkType::Any,
            priority: 0,
            data: data.into(),
        }
    }

    /// Checks the template.
    pub fn validate(&self) -> Result<(), ValidationError> {
        self.data.validate().map_err(|e| e.within("data"))
    }
}

impl ListMessage {
    /// A message with the official defaults carrying `data`.
    pub fn new(data: impl Into<Template>) -> Self {
        Self {
            is_offline: false,
            offline_expire_time: 0,
            push_network_type: PushNetworkType::Any,
            priority: 0,
            data: data.into(),
        }
    }

    /// Checks the template.
    pub fn validate(&self) -> Result<(), ValidationError> {
        self.data.validate().map_err(|e| e.within("data"))
    }
}

impl From<SingleMessage> for ListMessage {
    /// The official `getContentId` accepts any message; a single message has the same fields.
    fn from(m: SingleMessage) -> Self {
        Self {
            is_offline: m.is_offline,
            offline_expire_time: m.offline_expire_time,
            push_network_type: m.push_network_type,
            priority: m.priority,
            data: m.data,
        }
    }
}

setters! {
    AppMessage
    set {
        speed: i32,
        tag: String,
        push_time: String,
    }
    some {
        conditions: AppConditions,
    }
    list {
        app_id_list,
        phone_type_list,
        province_list,
        tag_list,
    }
}

impl AppMessage {
    /// A message with the official defaults carrying `data`.
    pub fn new(data: impl Into<Template>) -> Self {
        Self {
            is_offline: false,
            offline_expire_time: 0,
            push_network_type: PushNetworkType::Any,
            priority: 0,
            data: data.into(),
            app_id_list: Vec::new(),
            phone_type_list: Vec::new(),
            province_list: Vec::new(),
            tag_list: Vec::new(),
            conditions: None,
            speed: 0,
            tag: String::new(),
            push_time: String::new(),
        }
    }

    /// Checks the template and the conditions.
    pub fn validate(&self) -> Result<(), ValidationError> {
        self.data.validate().map_err(|e| e.within("data"))?;
        if let Some(conditions) = &self.conditions {
            conditions.validate().map_err(|e| e.within("conditions"))?;
        }
        Ok(())
    }
}

int_enum! {
    /// How the values of a [`Condition`] combine (`OptType`).
    pub enum OptType ("an OptType") {
        /// Any value matches (`OR`, 0, the default).
        Or = 0 / "OR",
        /// All values must match (`AND`, 1).
        And = 1 / "AND",
        /// None of the values may match (`NOT`, 2).
        Not = 2 / "NOT",
    }
}

// The enum is declared by a macro that has no `#[default]` support.
#[allow(clippy::derivable_impls)]
impl Default for OptType {
    fn default() -> Self {
        Self::Or
    }
}

/// One condition of an app push: `{"key", "values", "optType"}` (a plain object, as
/// `AppConditions.addCondition` builds it).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct Condition {
    /// `phoneType`, `region`, `tag` or a custom key (`key`).
    pub key: String,
    /// The values (`values`).
    pub values: Vec<String>,
    /// How the values combine (`optType`, default OR).
    #[serde(default)]
    pub opt_type: OptType,
}

impl Condition {
    /// A condition on `key` (see [`AppConditions::add_condition`]).
    pub fn new<I, S>(key: impl Into<String>, values: I, opt_type: OptType) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self {
            key: key.into(),
            values: values.into_iter().map(Into::into).collect(),
            opt_type,
        }
    }
}

/// The conditions of an app push (official class `AppConditions`, attribute `condition`).
///
/// ```
/// use getui_model::{AppConditions, OptType};
/// let mut c = AppConditions::default();
/// c.add_condition(AppConditions::PHONE_TYPE, ["ANDROID"], OptType::Or)
///  .add_condition(AppConditions::TAG, ["vip", "new"], OptType::And);
/// assert_eq!(c.condition.len(), 2);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(
    remote = "Self",
    tag = "class",
    rename = "AppConditions",
    deny_unknown_fields,
    default
)]
#[non_exhaustive]
pub struct AppConditions {
    /// The conditions in order (`condition`).
    pub condition: Vec<Condition>,
}

official_class!(AppConditions, "AppConditions");

impl AppConditions {
    /// The phone type key (`PHONE_TYPE`).
    pub const PHONE_TYPE: &'static str = "phoneType";
    /// The region key (`REGION`).
    pub const REGION: &'static str = "region";
    /// The custom tag key (`TAG`).
    pub const TAG: &'static str = "tag";

    /// Appends a condition (`addCondition(key, values, optType)`).
    pub fn add_condition<I, S>(
        &mut self,
        key: impl Into<String>,
        values: I,
        opt_type: OptType,
    ) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.condition.push(Condition::new(key, values, opt_type));
        self
    }

    /// Checks that every condition has a key.
    pub fn validate(&self) -> Result<(), ValidationError> {
        if self.condition.iter().any(|c| c.key.is_empty()) {
            return Err(ValidationError::new("condition.key", Rule::Required));
        }
        Ok(())
    }
}

/// A push target (official class `Target`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(
    remote = "Self",
    tag = "class",
    rename = "Target",
    rename_all = "camelCase",
    deny_unknown_fields,
    default
)]
#[non_exhaustive]
pub struct Target {
    /// `appId`.
    pub app_id: String,
    /// `clientId` (the device's cid).
    pub client_id: String,
    /// `alias` (used when `clientId` is empty).
    pub alias: String,
}

official_class!(Target, "Target");

impl Target {
    /// A target by client id.
    pub fn client(app_id: impl Into<String>, client_id: impl Into<String>) -> Self {
        Self {
            app_id: app_id.into(),
            client_id: client_id.into(),
            alias: String::new(),
        }
    }

    /// A target by alias.
    pub fn alias(app_id: impl Into<String>, alias: impl Into<String>) -> Self {
        Self {
            app_id: app_id.into(),
            client_id: String::new(),
            alias: alias.into(),
        }
    }

    /// Checks that a client id or an alias is given.
    pub fn validate(&self) -> Result<(), ValidationError> {
        if self.client_id.is_empty() && self.alias.is_empty() {
            return Err(ValidationError::new(
                "clientId",
                Rule::Constraint("a client id or an alias is required"),
            ));
        }
        Ok(())
    }
}

/// The maximum length of a task group name, in bytes (UTF-8), as the C# and PHP SDKs count.
pub const TASK_GROUP_NAME_MAX_BYTES: usize = 40;

/// A task group name (`taskGroupName` of `getContentId` and `pushMessageToApp`): at most
/// [`TASK_GROUP_NAME_MAX_BYTES`] bytes.
///
/// ```
/// use getui_model::TaskGroupName;
/// assert!(TaskGroupName::new("任务组名称").is_ok()); // 15 bytes
/// assert!(TaskGroupName::new("g".repeat(41)).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TaskGroupName(String);

impl TaskGroupName {
    /// A validated name.
    pub fn new(name: impl Into<String>) -> Result<Self, ValidationError> {
        let name = name.into();
        Self::validate(&name)?;
        Ok(Self(name))
    }

    /// Checks a name without keeping it.
    pub fn validate(name: &str) -> Result<(), ValidationError> {
        if name.len() > TASK_GROUP_NAME_MAX_BYTES {
            return Err(ValidationError::new(
                "taskGroupName",
                Rule::MaxBytes {
                    max: TASK_GROUP_NAME_MAX_BYTES,
                    actual: name.len(),
                },
            ));
        }
        Ok(())
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for TaskGroupName {
    type Error = ValidationError;
    fn try_from(name: String) -> Result<Self, ValidationError> {
        Self::new(name)
    }
}

impl From<TaskGroupName> for String {
    fn from(name: TaskGroupName) -> Self {
        name.0
    }
}

impl AsRef<str> for TaskGroupName {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TaskGroupName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The length of an iOS device token, in characters.
pub const DEVICE_TOKEN_CHARS: usize = 64;

/// Checks an iOS device token (`deviceToken` of the APN actions): exactly
/// [`DEVICE_TOKEN_CHARS`] characters, the official SDKs' only rule. The SDK's one device-token
/// rule: the protocol's APN actions check their tokens with
/// [`validate_device_token_field`].
///
/// ```
/// assert!(getui_model::validate_device_token(&"a1".repeat(32)).is_ok());
/// assert!(getui_model::validate_device_token("abc").is_err());
/// ```
pub fn validate_device_token(token: &str) -> Result<(), ValidationError> {
    validate_device_token_field("deviceToken", token)
}

/// [`validate_device_token`] with the field the error names (e.g. `deviceTokenList[3]`).
///
/// ```
/// let err = getui_model::validate_device_token_field("deviceTokenList[3]", "abc").unwrap_err();
/// assert_eq!(err.field(), "deviceTokenList[3]");
/// ```
pub fn validate_device_token_field(
    field: impl Into<std::borrow::Cow<'static, str>>,
    token: &str,
) -> Result<(), ValidationError> {
    let chars = token.chars().count();
    if chars != DEVICE_TOKEN_CHARS {
        return Err(ValidationError::new(
            field,
            Rule::ExactChars {
                expected: DEVICE_TOKEN_CHARS,
                actual: chars,
            },
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn single_message_official_form() {
        let m: SingleMessage = serde_json::from_value(json!({
            "class": "IGtSingleMessage", "isOffline": true, "offlineExpireTime": -9223372036854775808i64,
            "pushNetWorkType": 1, "priority": 5,
            "data": {"class": "TransmissionTemplate", "transmissionContent": "variant"}}))
        .unwrap();
        assert!(m.is_offline);
        assert_eq!(m.offline_expire_time, i64::MIN);
        assert_eq!(m.push_network_type, PushNetworkType::Wifi);
        assert_eq!(m.data.transmission_content(), "variant");
        let back = serde_json::to_value(&m).unwrap();
        assert_eq!(back["class"], "IGtSingleMessage");
        assert_eq!(back["pushNetWorkType"], 1);
        assert_eq!(serde_json::from_value::<SingleMessage>(back).unwrap(), m);
        // data is required; other classes are rejected.
        assert!(serde_json::from_value::<SingleMessage>(json!({"isOffline": true})).is_err());
        assert!(
            serde_json::from_value::<ListMessage>(json!({"class": "IGtSingleMessage",
            "data": {"class": "APNTemplate"}}))
            .is_err()
        );
        let m: SingleMessage =
            serde_json::from_value(json!({"offline": true, "data": {"class": "APNTemplate"}}))
                .unwrap();
        assert!(m.is_offline);
        assert!(
            serde_json::from_value::<SingleMessage>(json!({"pushNetWorkType": 3,
            "data": {"class": "APNTemplate"}}))
            .is_err()
        );
    }

    #[test]
    fn app_message_official_form() {
        let m: AppMessage = serde_json::from_value(json!({
            "class": "IGtAppMessage", "appIdList": ["A"], "tag": "vip", "speed": 10,
            "pushTime": "202501011200",
            "conditions": {"class": "AppConditions", "condition": [
                {"key": "phoneType", "values": ["ANDROID"], "optType": 0},
                {"key": "tag", "values": ["a", "b"], "optType": "NOT"}]},
            "data": {"class": "NotificationTemplate", "title": "t"}}))
        .unwrap();
        let c = m.conditions.as_ref().unwrap();
        assert_eq!(c.condition[1].opt_type, OptType::Not);
        assert_eq!((m.speed, m.tag.as_str()), (10, "vip"));
        let back = serde_json::to_value(&m).unwrap();
        assert_eq!(back["conditions"]["condition"][1]["optType"], 2);
        assert_eq!(serde_json::from_value::<AppMessage>(back).unwrap(), m);
        assert!(m.validate().is_ok());
    }

    #[test]
    fn message_validation_reaches_the_template() {
        let m = SingleMessage::new(crate::StartActivityTemplate::default());
        assert_eq!(m.validate().unwrap_err().field(), "data.intent");
        let list = ListMessage::from(m);
        assert_eq!(list.validate().unwrap_err().field(), "data.intent");
    }

    #[test]
    fn condition_keys_are_required() {
        let mut m = AppMessage::new(crate::TransmissionTemplate::default());
        let mut c = AppConditions::default();
        c.add_condition("", ["x"], OptType::Or);
        m.conditions = Some(c);
        assert_eq!(
            m.validate().unwrap_err(),
            ValidationError::new("conditions.condition.key", Rule::Required)
        );
    }

    #[test]
    fn target_needs_client_id_or_alias() {
        assert!(Target::client("A", "cid").validate().is_ok());
        assert!(Target::alias("A", "al").validate().is_ok());
        assert_eq!(
            Target::default().validate().unwrap_err().field(),
            "clientId"
        );
        let t: Target =
            serde_json::from_value(json!({"class": "Target", "appId": "A", "clientId": "c"}))
                .unwrap();
        assert_eq!(t, Target::client("A", "c"));
    }

    #[test]
    fn task_group_name_is_at_most_40_bytes() {
        assert!(TaskGroupName::new("g".repeat(40)).is_ok());
        assert_eq!(
            TaskGroupName::new("g".repeat(41)).unwrap_err(),
            ValidationError::new(
                "taskGroupName",
                Rule::MaxBytes {
                    max: 40,
                    actual: 41
                }
            )
        );
        // 14 CJK characters are 42 bytes.
        assert!(TaskGroupName::new("组".repeat(14)).is_err());
        let name: TaskGroupName = serde_json::from_value(json!("app_group")).unwrap();
        assert_eq!(name.as_str(), "app_group");
        assert!(serde_json::from_value::<TaskGroupName>(json!("g".repeat(41))).is_err());
    }

    #[test]
    fn device_token_is_64_chars() {
        assert!(validate_device_token(&"0".repeat(64)).is_ok());
        assert_eq!(
            validate_device_token("abc").unwrap_err(),
            ValidationError::new(
                "deviceToken",
                Rule::ExactChars {
                    expected: 64,
                    actual: 3
                }
            )
        );
        assert!(validate_device_token(&"0".repeat(65)).is_err());
    }
}
