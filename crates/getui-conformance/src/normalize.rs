//! Turns a vector's language-neutral values into the serde form of the Rust model.
//!
//! A vector describes an SDK object as `{"class": C, attr: value, …, "calls": [...]}`. The Rust
//! model keeps the state an official setter holds as a plain attribute, so each call becomes an
//! attribute (`setApnInfo(p)` → `"apnInfo": p`, `addHWExtKV(k, v)` → an `extKVList` entry,
//! `setXxx(v)` → `"xxx": v`), and the result is deserialized with serde. The `class` key is kept
//! only where the model is polymorphic (templates, styles, alert messages, APNs payloads), where
//! it is the serde tag.

use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// Classes whose objects keep `"class"` as the serde tag.
const TAGGED_CLASSES: &[&str] = &[
    "TransmissionTemplate",
    "NotificationTemplate",
    "LinkTemplate",
    "NotyPopLoadTemplate",
    "StartActivityTemplate",
    "APNTemplate",
    "RevokeTemplate",
    "Style0",
    "Style1",
    "Style4",
    "Style6",
    "SimpleAlertMsg",
    "DictionaryAlertMsg",
    "APNPayload",
    "VoIPPayload",
];

/// Enum constants of the vectors (`_api.json` → `enums`), by enum and constant name.
#[derive(Debug, Clone, Default)]
pub struct Enums(HashMap<String, HashMap<String, Value>>);

const BUNDLED_API: &str = include_str!("../../../tests/vectors/_api.json");

impl Enums {
    /// The enum table of the bundled `_api.json`.
    pub fn bundled() -> Self {
        Self::parse(BUNDLED_API).expect("the bundled _api.json is valid")
    }

    /// Reads the `enums` table of an `_api.json` document.
    pub fn parse(text: &str) -> Result<Self, String> {
        let doc: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let mut table = HashMap::new();
        if let Some(enums) = doc["enums"].as_object() {
            for (name, constants) in enums {
                let constants = constants
                    .as_object()
                    .map(|c| c.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                    .unwrap_or_default();
                table.insert(name.clone(), constants);
            }
        }
        Ok(Self(table))
    }

    fn value(&self, enum_name: &str, constant: &str) -> Result<Value, String> {
        self.0
            .get(enum_name)
            .and_then(|c| c.get(constant))
            .cloned()
            .ok_or_else(|| format!("unknown enum constant {enum_name}.{constant}"))
    }
}

/// What values refer to: saved variables and enum constants.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// Saved values (`let`, `saveAs`), already normalised.
    pub vars: HashMap<String, Value>,
    /// The enum table.
    pub enums: Enums,
}

impl Scope {
    /// Normalises one value of a vector input (recursively).
    pub fn normalize(&self, value: &Value) -> Result<Value, String> {
        match value {
            Value::Object(obj) => {
                if let Some(name) = obj.get("$var").and_then(Value::as_str) {
                    return self
                        .vars
                        .get(name)
                        .cloned()
                        .ok_or_else(|| format!("unknown variable {name}"));
                }
                if let (Some(e), Some(n)) = (
                    obj.get("enum").and_then(Value::as_str),
                    obj.get("name").and_then(Value::as_str),
                ) {
                    return self.enums.value(e, n);
                }
                if let Some(class) = obj.get("class").and_then(Value::as_str) {
                    return self.normalize_object(class, obj);
                }
                let mut out = Map::new();
                for (k, v) in obj {
                    out.insert(k.clone(), self.normalize(v)?);
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

    fn normalize_object(&self, class: &str, obj: &Map<String, Value>) -> Result<Value, String> {
        let mut out = Map::new();
        if TAGGED_CLASSES.contains(&class) {
            out.insert("class".into(), Value::String(class.to_owned()));
        }
        for (k, v) in obj {
            if k == "class" || k == "calls" {
                continue;
            }
            out.insert(k.clone(), self.normalize(v)?);
        }
        if let Some(calls) = obj.get("calls").and_then(Value::as_array) {
            for call in calls {
                let method = call["method"].as_str().ok_or("call without method")?;
                let args = call["args"]
                    .as_array()
                    .map(|a| a.iter().map(|v| self.normalize(v)).collect())
                    .unwrap_or_else(|| Ok(Vec::new()))?;
                apply_call(class, &mut out, method, args)?;
            }
        }
        Ok(Value::Object(out))
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

fn arg(args: &[Value], i: usize) -> Value {
    args.get(i).cloned().unwrap_or(Value::Null)
}

/// Applies one official call as an attribute change.
fn apply_call(
    class: &str,
    obj: &mut Map<String, Value>,
    method: &str,
    args: Vec<Value>,
) -> Result<(), String> {
    let vendor_ext = |code: &str| -> Value {
        json!({"key": arg(&args, 0), "value": arg(&args, 1), "constains": code})
    };
    match method {
        "setApnInfo" => {
            obj.insert("apnInfo".into(), arg(&args, 0));
        }
        "setDuration" => {
            obj.insert(
                "duration".into(),
                json!({"begin": arg(&args, 0), "end": arg(&args, 1)}),
            );
        }
        "set3rdNotifyInfo" => {
            obj.insert("notifyInfo".into(), arg(&args, 0));
        }
        "setSmsInfo" => {
            obj.insert("smsInfo".into(), arg(&args, 0));
        }
        "setBlackThirdParty" => {
            let items = match arg(&args, 0) {
                Value::Array(items) => items,
                other => vec![other],
            };
            list_entry(obj, "blackThirdParty").extend(items);
        }
        "setPushInfo" => {
            obj.insert("apnInfo".into(), legacy_push_info(&args));
        }
        "addCustomMsg" => {
            let key = arg(&args, 0).as_str().unwrap_or_default().to_owned();
            let slot = obj
                .entry("customMsg".to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(map) = slot {
                map.insert(key, arg(&args, 1));
            }
        }
        "addHWExtKV" => list_entry(obj, "extKVList").push(vendor_ext("HW")),
        "addXMExtKV" => list_entry(obj, "extKVList").push(vendor_ext("XM")),
        "addMZExtKV" => list_entry(obj, "extKVList").push(vendor_ext("MZ")),
        "addOPExtKV" => list_entry(obj, "extKVList").push(vendor_ext("OP")),
        "addVVExtKV" => list_entry(obj, "extKVList").push(vendor_ext("VV")),
        "addFCMExtKV" => list_entry(obj, "extKVList").push(vendor_ext("FCM")),
        "addExtKVToAll" => list_entry(obj, "extKVList").push(vendor_ext("ALL")),
        "setExtKv" => {
            obj.insert("key".into(), arg(&args, 0));
            obj.insert("value".into(), arg(&args, 1));
            obj.insert("constains".into(), arg(&args, 2));
        }
        "addCondition" => {
            let opt = args.get(2).cloned().unwrap_or(json!(0));
            list_entry(obj, "condition")
                .push(json!({"key": arg(&args, 0), "values": arg(&args, 1), "optType": opt}));
        }
        "setOffline" => {
            obj.insert("isOffline".into(), arg(&args, 0));
        }
        _ => {
            let Some(rest) = method.strip_prefix("set").filter(|r| !r.is_empty()) else {
                return Err(format!("{class}.{method}: no attribute form for this call"));
            };
            if args.len() != 1 {
                return Err(format!("{class}.{method}: expected one argument"));
            }
            let mut chars = rest.chars();
            let first = chars.next().expect("non-empty").to_ascii_lowercase();
            let attr: String = std::iter::once(first).chain(chars).collect();
            obj.insert(attr, arg(&args, 0));
        }
    }
    Ok(())
}

/// The deprecated `setPushInfo(actionLocKey, badge, message, sound, payload, locKey, locArgs,
/// launchImage, contentAvailable=0)` as the APNs payload it intends (the badge kept, `payload`
/// as a custom key when non-empty).
fn legacy_push_info(args: &[Value]) -> Value {
    let text = |i: usize| arg(args, i).as_str().unwrap_or_default().to_owned();
    let mut alert = Map::new();
    alert.insert("class".into(), json!("DictionaryAlertMsg"));
    for (key, i) in [
        ("locKey", 5),
        ("actionLocKey", 0),
        ("body", 2),
        ("launchImage", 7),
    ] {
        if !text(i).is_empty() {
            alert.insert(key.into(), json!(text(i)));
        }
    }
    if !text(6).is_empty() {
        alert.insert("locArgs".into(), json!([text(6)]));
    }
    let mut payload = Map::new();
    payload.insert("class".into(), json!("APNPayload"));
    payload.insert("alertMsg".into(), Value::Object(alert));
    let badge = arg(args, 1);
    let badge = match &badge {
        Value::String(s) => s.trim().parse::<i64>().map(Value::from).unwrap_or(badge),
        _ => badge,
    };
    if !badge.is_null() {
        payload.insert("badge".into(), badge);
    }
    if !text(3).is_empty() {
        payload.insert("sound".into(), json!(text(3)));
    }
    let content_available = args.get(8).cloned().unwrap_or(json!(0));
    payload.insert("contentAvailable".into(), content_available);
    if !text(4).is_empty() {
        payload.insert("customMsg".into(), json!({"payload": text(4)}));
    }
    Value::Object(payload)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope() -> Scope {
        Scope {
            enums: Enums::bundled(),
            ..Scope::default()
        }
    }

    #[test]
    fn calls_become_attributes() {
        let input = json!({
            "class": "TransmissionTemplate", "appId": "A",
            "calls": [
                {"method": "setApnInfo", "args": [{"class": "APNPayload", "badge": 1,
                    "calls": [{"method": "addCustomMsg", "args": ["k", 1.5]}]}]},
                {"method": "setDuration", "args": ["2015-03-06 14:36:10", "2015-03-06 14:46:20"]},
                {"method": "setBlackThirdParty", "args": [["HW", "XM"]]}
            ]
        });
        let out = scope().normalize(&input).unwrap();
        assert_eq!(
            out,
            json!({"class": "TransmissionTemplate", "appId": "A",
                "apnInfo": {"class": "APNPayload", "badge": 1, "customMsg": {"k": 1.5}},
                "duration": {"begin": "2015-03-06 14:36:10", "end": "2015-03-06 14:46:20"},
                "blackThirdParty": ["HW", "XM"]})
        );
    }

    #[test]
    fn untagged_classes_lose_the_class_key_and_setters_map_to_attributes() {
        let input = json!({"class": "Notify", "title": "t", "calls": [
            {"method": "setType", "args": [{"enum": "NotifyInfo.Type", "name": "_intent"}]},
            {"method": "addHWExtKV", "args": ["k", "v"]}]});
        let out = scope().normalize(&input).unwrap();
        assert_eq!(
            out,
            json!({"title": "t", "type": 1, "extKVList": [{"key": "k", "value": "v", "constains": "HW"}]})
        );
    }

    #[test]
    fn variables_resolve() {
        let mut s = scope();
        s.vars.insert("cid".into(), json!("OSL-1"));
        assert_eq!(
            s.normalize(&json!({"$var": "cid"})).unwrap(),
            json!("OSL-1")
        );
        assert!(s.normalize(&json!({"$var": "nope"})).is_err());
    }
}
