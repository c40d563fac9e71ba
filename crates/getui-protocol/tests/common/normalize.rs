//! Turns a vector's language-neutral values into the serde form of the model (DESIGN.md,
//! "Conformance"): `{"class": C, attr…, "calls": […]}` becomes the attributes the official
//! setters would hold (`setApnInfo(p)` → `apnInfo`, `addCustomMsg(k, v)` → a `customMsg`
//! entry, `addHWExtKV(k, v)` → an `extKVList` entry, `addCondition(…)` → a `condition` entry,
//! `setXxx(v)` → `xxx`), enum constants become their `_api.json` values and `{"$var"}` the
//! saved value. `class` stays only where the model is polymorphic (its serde tag).

use std::collections::HashMap;

use serde_json::{json, Map, Value};

const TAGGED: &[&str] = &[
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

/// Saved variables and the enum table of `_api.json`.
pub struct Scope {
    pub vars: HashMap<String, Value>,
    enums: Value,
}

impl Scope {
    pub fn new() -> Self {
        let text = std::fs::read_to_string(super::vectors_dir().join("_api.json")).unwrap();
        let api: Value = serde_json::from_str(&text).unwrap();
        Self {
            vars: HashMap::new(),
            enums: api["enums"].clone(),
        }
    }

    pub fn normalize(&self, value: &Value) -> Result<Value, String> {
        match value {
            Value::Object(obj) => {
                if let Some(name) = obj.get("$var").and_then(Value::as_str) {
                    return self.vars.get(name).cloned().ok_or(format!("no var {name}"));
                }
                if let (Some(e), Some(n)) = (
                    obj.get("enum").and_then(Value::as_str),
                    obj.get("name").and_then(Value::as_str),
                ) {
                    let v = &self.enums[e][n];
                    return if v.is_null() {
                        Err(format!("no enum {e}.{n}"))
                    } else {
                        Ok(v.clone())
                    };
                }
                let mut out = Map::new();
                let class = obj.get("class").and_then(Value::as_str);
                if let Some(class) = class.filter(|c| TAGGED.contains(c)) {
                    out.insert("class".into(), json!(class));
                }
                for (k, v) in obj {
                    if (class.is_some() && (k == "class" || k == "calls")) || k == "$var" {
                        continue;
                    }
                    out.insert(k.clone(), self.normalize(v)?);
                }
                if let (Some(class), Some(calls)) =
                    (class, obj.get("calls").and_then(Value::as_array))
                {
                    for call in calls {
                        let method = call["method"].as_str().ok_or("call without method")?;
                        let args = call["args"]
                            .as_array()
                            .map(|a| a.iter().map(|v| self.normalize(v)).collect())
                            .unwrap_or_else(|| Ok(Vec::new()))?;
                        apply(class, &mut out, method, &args)?;
                    }
                }
                Ok(Value::Object(out))
            }
            Value::Array(items) => items.iter().map(|v| self.normalize(v)).collect(),
            other => Ok(other.clone()),
        }
    }
}

fn list<'a>(obj: &'a mut Map<String, Value>, key: &str) -> &'a mut Vec<Value> {
    let slot = obj.entry(key.to_owned()).or_insert_with(|| json!([]));
    if !slot.is_array() {
        *slot = json!([]);
    }
    slot.as_array_mut().unwrap()
}

fn apply(
    class: &str,
    obj: &mut Map<String, Value>,
    method: &str,
    args: &[Value],
) -> Result<(), String> {
    let a = |i: usize| args.get(i).cloned().unwrap_or(Value::Null);
    let ext = |code: &str| json!({"key": a(0), "value": a(1), "constains": code});
    match method {
        "setApnInfo" => drop(obj.insert("apnInfo".into(), a(0))),
        "setDuration" => drop(obj.insert("duration".into(), json!({"begin": a(0), "end": a(1)}))),
        "set3rdNotifyInfo" => drop(obj.insert("notifyInfo".into(), a(0))),
        "setSmsInfo" => drop(obj.insert("smsInfo".into(), a(0))),
        "setBlackThirdParty" => match a(0) {
            Value::Array(items) => list(obj, "blackThirdParty").extend(items),
            other => list(obj, "blackThirdParty").push(other),
        },
        "addCustomMsg" => {
            let slot = obj.entry("customMsg").or_insert_with(|| json!({}));
            slot.as_object_mut()
                .unwrap()
                .insert(a(0).as_str().unwrap_or_default().into(), a(1));
        }
        "addHWExtKV" => list(obj, "extKVList").push(ext("HW")),
        "addXMExtKV" => list(obj, "extKVList").push(ext("XM")),
        "addMZExtKV" => list(obj, "extKVList").push(ext("MZ")),
        "addOPExtKV" => list(obj, "extKVList").push(ext("OP")),
        "addVVExtKV" => list(obj, "extKVList").push(ext("VV")),
        "addFCMExtKV" => list(obj, "extKVList").push(ext("FCM")),
        "addExtKVToAll" => list(obj, "extKVList").push(ext("ALL")),
        "addCondition" => {
            let opt = args.get(2).cloned().unwrap_or(json!(0));
            list(obj, "condition").push(json!({"key": a(0), "values": a(1), "optType": opt}));
        }
        "setOffline" => drop(obj.insert("isOffline".into(), a(0))),
        "setPushInfo" => drop(obj.insert("apnInfo".into(), legacy_push_info(args))),
        _ => {
            let rest = method
                .strip_prefix("set")
                .filter(|r| !r.is_empty() && args.len() == 1)
                .ok_or(format!("{class}.{method}: no attribute form"))?;
            let mut chars = rest.chars();
            let first = chars.next().unwrap().to_ascii_lowercase();
            obj.insert(std::iter::once(first).chain(chars).collect(), a(0));
        }
    }
    Ok(())
}

/// The deprecated `setPushInfo(actionLocKey, badge, message, sound, payload, locKey, locArgs,
/// launchImage, contentAvailable=0)` as the APNs payload it intends (the badge kept: the
/// official SDK drops it, its defect 11).
fn legacy_push_info(args: &[Value]) -> Value {
    let text = |i: usize| {
        args.get(i)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
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
    let badge = match args.get(1) {
        Some(Value::String(s)) => s.trim().parse::<i64>().map(Value::from).unwrap_or(json!(s)),
        Some(other) => other.clone(),
        None => Value::Null,
    };
    if !badge.is_null() {
        payload.insert("badge".into(), badge);
    }
    if !text(3).is_empty() {
        payload.insert("sound".into(), json!(text(3)));
    }
    payload.insert(
        "contentAvailable".into(),
        args.get(8).cloned().unwrap_or(json!(0)),
    );
    if !text(4).is_empty() {
        payload.insert("customMsg".into(), json!({"payload": text(4)}));
    }
    Value::Object(payload)
}
