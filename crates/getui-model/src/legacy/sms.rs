//! SMS fallback (`SmsMessage`, attached with `setSmsInfo`, attribute `smsInfo`).

use crate::builder::setters;
use crate::serde_util::official_class;
use crate::{Rule, ValidationError};
use serde::{Deserialize, Serialize};

/// An SMS sent when the device stays offline (official class `SmsMessage`).
///
/// On the wire (`SmsInfo`), when `isApplink` is true the entries
/// `applinkIdentification = "1"` and `url = <url>?n=<payload>&p=` (or `<url>?p=` without a
/// payload) come first, then every `smsContent` entry in order.
///
/// Rules (official SDK): `smsTemplateId` non-empty; with `isApplink`, `url` must be set and
/// `smsContent` must not have a `url` key; content keys must not be empty.
///
/// ```
/// use getui_model::SmsMessage;
/// let mut sms = SmsMessage::new("tpl_0001", 60_000).url("https://sms.example.com/a");
/// sms.sms_content.push(("name".into(), "张三".into()));
/// assert!(sms.validate().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    remote = "Self",
    tag = "class",
    rename = "SmsMessage",
    rename_all = "camelCase",
    deny_unknown_fields,
    default
)]
#[non_exhaustive]
pub struct SmsMessage {
    /// The SMS template id registered with Getui (`smsTemplateId`, required).
    pub sms_template_id: Option<String>,
    /// Template variables in order (`smsContent`, a JSON object on the serde side).
    #[serde(with = "ordered_pairs")]
    pub sms_content: Vec<(String, String)>,
    /// How long after the device went offline the SMS is sent, believed to be milliseconds
    /// (`offlineSendtime`, default 0).
    pub offline_sendtime: i64,
    /// AppLink base URL (`url`), required when `isApplink`.
    pub url: Option<String>,
    /// Add the AppLink entries (`isApplink`, default `true` as in the Python SDK).
    pub is_applink: bool,
    /// Payload appended to the AppLink URL (`payload`).
    pub payload: Option<String>,
}

official_class!(SmsMessage, "SmsMessage");

setters! {
    SmsMessage
    set {
        sms_content: Vec<(String, String)>,
        offline_sendtime: i64,
        is_applink: bool,
    }
    some {
        sms_template_id: String,
        url: String,
        payload: String,
    }
}

impl Default for SmsMessage {
    fn default() -> Self {
        Self {
            sms_template_id: None,
            sms_content: Vec::new(),
            offline_sendtime: 0,
            url: None,
            is_applink: true,
            payload: None,
        }
    }
}

impl SmsMessage {
    /// An SMS with the official defaults (AppLink on, so [`url`](Self::url) is still needed).
    pub fn new(sms_template_id: impl Into<String>, offline_sendtime: i64) -> Self {
        Self {
            sms_template_id: Some(sms_template_id.into()),
            offline_sendtime,
            ..Self::default()
        }
    }

    /// The `url` entry of an AppLink SMS: `<url>?n=<payload>&p=`, or `<url>?p=` without a
    /// payload; `None` when `isApplink` is false or `url` is unset.
    pub fn applink_url(&self) -> Option<String> {
        if !self.is_applink {
            return None;
        }
        let url = self.url.as_deref()?;
        Some(match self.payload.as_deref() {
            Some(payload) if !payload.is_empty() => format!("{url}?n={payload}&p="),
            _ => format!("{url}?p="),
        })
    }

    /// Checks the rules listed on the type.
    pub fn validate(&self) -> Result<(), ValidationError> {
        if self.sms_template_id.as_deref().is_none_or(str::is_empty) {
            return Err(ValidationError::new("smsTemplateId", Rule::Required));
        }
        if self.is_applink {
            if self.sms_content.iter().any(|(key, _)| key == "url") {
                return Err(ValidationError::new(
                    "smsContent",
                    Rule::Constraint("must not contain the key `url` when `isApplink` is set"),
                ));
            }
            if self.url.is_none() {
                return Err(ValidationError::new("url", Rule::Required));
            }
        }
        if self.sms_content.iter().any(|(key, _)| key.is_empty()) {
            return Err(ValidationError::new(
                "smsContent",
                Rule::Constraint("keys must not be empty"),
            ));
        }
        Ok(())
    }
}

/// `Vec<(String, String)>` as a JSON object, keeping the order; a repeated key keeps its first
/// position and takes the last value (like a Python dict).
mod ordered_pairs {
    use serde::de::{MapAccess, Visitor};
    use serde::ser::SerializeMap;
    use serde::{Deserializer, Serializer};
    use std::fmt;

    pub(super) fn serialize<S: Serializer>(
        pairs: &[(String, String)],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(pairs.len()))?;
        for (key, value) in pairs {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<(String, String)>, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Vec<(String, String)>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object whose values are strings")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut pairs: Vec<(String, String)> = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, String>()? {
                    match pairs.iter_mut().find(|(k, _)| *k == key) {
                        Some(entry) => entry.1 = value,
                        None => pairs.push((key, value)),
                    }
                }
                Ok(pairs)
            }
        }
        deserializer.deserialize_map(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn applink() -> SmsMessage {
        SmsMessage {
            url: Some("https://a".into()),
            ..SmsMessage::new("t", 1)
        }
    }

    #[test]
    fn official_serde_form_keeps_content_order() {
        let sms: SmsMessage = serde_json::from_str(
            r#"{"class": "SmsMessage", "smsTemplateId": "tpl", "smsContent": {"name": "张三", "code": "1234", "name": "x"},
                "offlineSendtime": 60000, "url": "https://sms", "payload": "P"}"#,
        )
        .unwrap();
        assert_eq!(
            sms.sms_content,
            [("name".into(), "x".into()), ("code".into(), "1234".into())]
        );
        assert!(sms.is_applink);
        let json = serde_json::to_string(&sms).unwrap();
        assert!(
            json.contains(r#""smsContent":{"name":"x","code":"1234"}"#),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<SmsMessage>(&json).unwrap(), sms);
        assert!(serde_json::from_str::<SmsMessage>(r#"{"smsContent": {"a": 1}}"#).is_err());
    }

    #[test]
    fn applink_url() {
        let mut sms = applink();
        assert_eq!(sms.applink_url().as_deref(), Some("https://a?p="));
        sms.payload = Some("pp".into());
        assert_eq!(sms.applink_url().as_deref(), Some("https://a?n=pp&p="));
        sms.is_applink = false;
        assert_eq!(sms.applink_url(), None);
    }

    #[test]
    fn template_id_is_required() {
        let mut sms = applink();
        sms.sms_template_id = None;
        assert_eq!(sms.validate().unwrap_err().field(), "smsTemplateId");
        sms.sms_template_id = Some(String::new());
        assert_eq!(
            sms.validate().unwrap_err(),
            ValidationError::new("smsTemplateId", Rule::Required)
        );
    }

    #[test]
    fn applink_needs_url() {
        let mut sms = applink();
        sms.url = None;
        assert_eq!(
            sms.validate().unwrap_err(),
            ValidationError::new("url", Rule::Required)
        );
        sms.is_applink = false;
        assert!(sms.validate().is_ok());
    }

    #[test]
    fn applink_content_must_not_have_url_key() {
        let mut sms = applink();
        sms.sms_content.push(("url".into(), "x".into()));
        assert_eq!(sms.validate().unwrap_err().field(), "smsContent");
        sms.is_applink = false;
        assert!(sms.validate().is_ok());
    }

    #[test]
    fn content_keys_must_not_be_empty() {
        let mut sms = applink();
        sms.sms_content.push((String::new(), "x".into()));
        assert_eq!(sms.validate().unwrap_err().field(), "smsContent");
    }
}
