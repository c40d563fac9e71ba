//! Model values from the language-neutral description of official SDK objects.
//!
//! The golden vectors (and anyone porting code from an official SDK) describe an object the
//! way the official SDKs build it: `{"class": C, attribute: value, …, "calls": [{"method": m,
//! "args": […]}, …]}`, enum constants as `{"enum": E, "name": N}`, saved values as
//! `{"$var": name}`. This crate keeps the state an official setter holds as a plain attribute,
//! so each call becomes an attribute of the serde form:
//!
//! | official call | attribute |
//! |---|---|
//! | `setApnInfo(p)` | `apnInfo` |
//! | `setDuration(begin, end)` | `duration: {"begin", "end"}` |
//! | `set3rdNotifyInfo(n)` | `notifyInfo` |
//! | `setSmsInfo(s)` | `smsInfo` |
//! | `setBlackThirdParty([..])` | `blackThirdParty` (appended) |
//! | `setPushInfo(actionLocKey, badge, …)` | `apnInfo` (through [`LegacyPushInfo`]) |
//! | `addCustomMsg(k, v)` | a `customMsg` entry |
//! | `addHWExtKV(k, v)`, `addXMExtKV`… `addExtKVToAll` | an `extKVList` entry |
//! | `setExtKv(key, value, constains)` | `key`, `value`, `constains` |
//! | `addCondition(key, values, optType=0)` | a `condition` entry |
//! | `setOffline(b)` | `isOffline` |
//! | any other `setXxx(v)` | `xxx` |
//!
//! Enum constants become their official names (the model reads names and numbers).
//!
//! Descriptions are `serde_json::Value`s, so the members of an object in a description come
//! in `serde_json::Map` order (insertion order only with serde_json's `preserve_order`
//! feature, sorted by key without it). Where order is part of the wire format, the calls keep
//! it: `addCustomMsg` calls become a list of `[key, value]` pairs (a serde form of
//! [`CustomMsg`](crate::CustomMsg)), in the order of the calls.
//!
//! ```
//! use getui_model::description::Scope;
//! use getui_model::Template;
//! let described = serde_json::json!({
//!     "class": "TransmissionTemplate", "appId": "A", "transmissionContent": "hi",
//!     "calls": [{"method": "setBlackThirdParty", "args": [["HW"]]}]
//! });
//! let template: Template = Scope::default().build(&described)?;
//! assert_eq!(template.black_third_party(), ["HW".to_owned()]);
//! # Ok::<(), getui_model::description::DescriptionError>(())
//! ```

use crate::apns::{ApnInfo, ApnsPayload, LegacyPushInfo};
use serde::de::DeserializeOwned;
use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// A description that cannot be turned into a model value; says what and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DescriptionError(String);

impl DescriptionError {
    fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }
}

/// The values descriptions may refer to with `{"$var": name}`.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// Saved values, already in the serde form.
    pub vars: HashMap<String, Value>,
}

impl Scope {
    /// The serde form of a description (recursively).
    pub fn normalize(&self, value: &Value) -> Result<Value, DescriptionError> {
        match value {
            Value::Object(obj) => {
                if let Some(name) = obj.get("$var").and_then(Value::as_str) {
                    return self
                        .vars
                        .get(name)
                        .cloned()
                        .ok_or_else(|| DescriptionError::new(format!("unknown variable {name}")));
                }
                if let (Some(_), Some(name)) = (
                    obj.get("enum").and_then(Value::as_str),
                    obj.get("name").and_then(Value::as_str),
                ) {
                    return Ok(Value::String(name.to_owned()));
                }
                let mut out = Map::new();
                for (k, v) in obj {
                    if k != "calls" {
                        out.insert(k.clone(), self.normalize(v)?);
                    }
                }
                if let Some(calls) = obj.get("calls").and_then(Value::as_array) {
                    let class = obj.get("class").and_then(Value::as_str).unwrap_or("object");
                    for call in calls {
                        let method = call["method"]
                            .as_str()
                            .ok_or_else(|| DescriptionError::new("a call without method"))?;
                        let args = call["args"]
                            .as_array()
                            .map(|a| a.iter().map(|v| self.normalize(v)).collect())
                            .unwrap_or_else(|| Ok(Vec::new()))?;
                        apply_call(class, &mut out, method, &args)?;
                    }
                }
                Ok(Value::Object(out))
            }
            Value::Array(items) => items
                .iter()
                .map(|v| self.normalize(v))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array),
            other => Ok(other.clone()),
        }
    }

    /// Builds a model value from its description.
    pub fn build<T: DeserializeOwned>(&self, description: &Value) -> Result<T, DescriptionError> {
        let value = self.normalize(description)?;
        serde_json::from_value(value).map_err(|e| DescriptionError::new(e.to_string()))
    }
}

fn list_entry<'a>(obj: &'a mut Map<String, Value>, key: &str) -> &'a mut Vec<Value> {
    let slot = obj
        .entry(key.to_owned())
        .or_insert_with(|| Value::Array(Vec::new()));
    if !slot.is_array() {
        *slot = Value::Array(Vec::new());
    }
    slot.as_array_mut().expect("just made an array")
}

/// The `PLATFORM_CONSTRAINS` code of an `add…ExtKV` method.
fn ext_kv_platform(method: &str) -> Option<&'static str> {
    Some(match method {
        "addExtKVToAll" => "ALL",
        "addHWExtKV" => "HW",
        "addXMExtKV" => "XM",
        "addMZExtKV" => "MZ",
        "addOPExtKV" => "OP",
        "addVVExtKV" => "VV",
        "addFCMExtKV" => "FCM",
        _ => return None,
    })
}

/// The argument names of the deprecated `setPushInfo`, in order.
const SET_PUSH_INFO_ARGS: [&str; 9] = [
    "actionLocKey",
    "badge",
    "message",
    "sound",
    "payload",
    "locKey",
    "locArgs",
    "launchImage",
    "contentAvailable",
];

/// Applies one official call as an attribute change.
fn apply_call(
    class: &str,
    obj: &mut Map<String, Value>,
    method: &str,
    args: &[Value],
) -> Result<(), DescriptionError> {
    let arg = |i: usize| args.get(i).cloned().unwrap_or(Value::Null);
    match method {
        "setApnInfo" => drop(obj.insert("apnInfo".into(), arg(0))),
        "setDuration" => {
            drop(obj.insert("duration".into(), json!({"begin": arg(0), "end": arg(1)})))
        }
        "set3rdNotifyInfo" => drop(obj.insert("notifyInfo".into(), arg(0))),
        "setSmsInfo" => drop(obj.insert("smsInfo".into(), arg(0))),
        "setOffline" => drop(obj.insert("isOffline".into(), arg(0))),
        "setBlackThirdParty" => {
            let items = match arg(0) {
                Value::Array(items) => items,
                other => vec![other],
            };
            list_entry(obj, "blackThirdParty").extend(items);
        }
        "setPushInfo" => {
            let legacy: Map<String, Value> = SET_PUSH_INFO_ARGS
                .iter()
                .zip(args)
                .map(|(name, v)| ((*name).to_owned(), v.clone()))
                .collect();
            let legacy: LegacyPushInfo = serde_json::from_value(Value::Object(legacy))
                .map_err(|e| DescriptionError::new(format!("{class}.setPushInfo: {e}")))?;
            let payload = ApnInfo::from(ApnsPayload::from(legacy));
            let payload = serde_json::to_value(payload)
                .map_err(|e| DescriptionError::new(format!("{class}.setPushInfo: {e}")))?;
            obj.insert("apnInfo".into(), payload);
        }
        "addCustomMsg" => {
            // A list of `[key, value]` pairs (a serde form of `CustomMsg`): unlike an object
            // it keeps the order of the calls without serde_json's `preserve_order`.
            let key = arg(0).as_str().unwrap_or_default().to_owned();
            let slot = obj
                .entry("customMsg".to_owned())
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Object(map) = slot {
                let pairs = std::mem::take(map).into_iter();
                *slot = Value::Array(pairs.map(|(k, v)| json!([k, v])).collect());
            }
            if let Value::Array(pairs) = slot {
                pairs.push(json!([key, arg(1)]));
            }
        }
        "setExtKv" => {
            obj.insert("key".into(), arg(0));
            obj.insert("value".into(), arg(1));
            obj.insert("constains".into(), arg(2));
        }
        "addCondition" => {
            let opt = args.get(2).cloned().unwrap_or(json!(0));
            list_entry(obj, "condition")
                .push(json!({"key": arg(0), "values": arg(1), "optType": opt}));
        }
        _ => {
            if let Some(platform) = ext_kv_platform(method) {
                list_entry(obj, "extKVList")
                    .push(json!({"key": arg(0), "value": arg(1), "constains": platform}));
                return Ok(());
            }
            let rest = method
                .strip_prefix("set")
                .filter(|r| !r.is_empty() && args.len() == 1)
                .ok_or_else(|| {
                    DescriptionError::new(format!("{class}.{method}: no attribute form"))
                })?;
            let mut chars = rest.chars();
            let first = chars.next().expect("non-empty").to_ascii_lowercase();
            obj.insert(std::iter::once(first).chain(chars).collect(), arg(0));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{NotifyType, SingleMessage, Template};

    #[test]
    fn calls_become_attributes() {
        let described = json!({
            "class": "TransmissionTemplate", "appId": "A",
            "calls": [
                {"method": "setApnInfo", "args": [{"class": "APNPayload", "badge": 1,
                    "calls": [{"method": "addCustomMsg", "args": ["k", 1.5]}]}]},
                {"method": "setDuration", "args": ["2015-03-06 14:36:10", "2015-03-06 14:46:20"]},
                {"method": "setBlackThirdParty", "args": [["HW", "XM"]]}
            ]
        });
        let out = Scope::default().normalize(&described).unwrap();
        assert_eq!(
            out,
            json!({"class": "TransmissionTemplate", "appId": "A",
                "apnInfo": {"class": "APNPayload", "badge": 1, "customMsg": [["k", 1.5]]},
                "duration": {"begin": "2015-03-06 14:36:10", "end": "2015-03-06 14:46:20"},
                "blackThirdParty": ["HW", "XM"]})
        );
        let template: Template = Scope::default().build(&described).unwrap();
        assert_eq!(template.black_third_party().len(), 2);
    }

    #[test]
    fn custom_msg_calls_keep_their_order() {
        let described = json!({"class": "APNPayload", "badge": 1, "customMsg": {"first": 0},
            "calls": [
                {"method": "addCustomMsg", "args": ["zz", 1]},
                {"method": "addCustomMsg", "args": ["aa", {"x": 2}]},
                {"method": "addCustomMsg", "args": ["first", 3]}]});
        let payload: ApnsPayload = Scope::default().build(&described).unwrap();
        assert_eq!(
            payload.json().unwrap(),
            r#"{"first": 3, "zz": 1, "aa": {"x": 2}, "aps": {"badge": 1}}"#
        );
    }

    #[test]
    fn enums_setters_and_vendor_extensions() {
        let described = json!({"class": "IGtSingleMessage", "data": {"class": "TransmissionTemplate",
            "calls": [{"method": "set3rdNotifyInfo", "args": [{"class": "Notify", "title": "t", "content": "c",
                "calls": [
                    {"method": "setType", "args": [{"enum": "NotifyInfo.Type", "name": "_intent"}]},
                    {"method": "addHWExtKV", "args": ["k", "v"]}]}]}]},
            "calls": [{"method": "setOffline", "args": [true]}]});
        let message: SingleMessage = Scope::default().build(&described).unwrap();
        assert!(message.is_offline);
        let notify = message.data.notify_info().unwrap();
        assert_eq!(notify.r#type, Some(NotifyType::Intent));
        assert_eq!(notify.ext_kv_list.len(), 1);
    }

    #[test]
    fn variables_resolve_and_unknown_calls_are_errors() {
        let mut scope = Scope::default();
        scope.vars.insert("cid".into(), json!("OSL-1"));
        assert_eq!(
            scope.normalize(&json!({"$var": "cid"})).unwrap(),
            json!("OSL-1")
        );
        assert!(scope.normalize(&json!({"$var": "nope"})).is_err());
        let bad = json!({"class": "Notify", "calls": [{"method": "frobnicate", "args": []}]});
        assert_eq!(
            scope.normalize(&bad).unwrap_err().to_string(),
            "Notify.frobnicate: no attribute form"
        );
    }
}
