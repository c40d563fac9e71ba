//! A small, test-only interpretation of the vectors' language-neutral values: official calls
//! become attributes, enum constants become their values, then serde builds the model types.
//! (The full interpreter is the conformance runner's job.)

use getui_model::{ApnInfo, ApnsPayload, LegacyPushInfo, Template};
use serde_json::{json, Map, Value};

/// `PLATFORM_CONSTRAINS` codes of the `add…ExtKV` methods.
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

fn enum_value(api: &Value, value: &Map<String, Value>) -> Value {
    let enum_name = value["enum"].as_str().expect("enum name");
    let name = value["name"].as_str().expect("constant name");
    if enum_name == "PLATFORM_CONSTRAINS" {
        return Value::String(name.to_owned());
    }
    api["enums"][enum_name][name].clone()
}

fn lower_first(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn apply_call(object: &mut Map<String, Value>, method: &str, args: Vec<Value>) {
    let arg = |i: usize| args.get(i).cloned().unwrap_or(Value::Null);
    match method {
        "setApnInfo" => {
            object.insert("apnInfo".into(), arg(0));
        }
        "setDuration" => {
            object.insert("duration".into(), json!({"begin": arg(0), "end": arg(1)}));
        }
        "set3rdNotifyInfo" => {
            object.insert("notifyInfo".into(), arg(0));
        }
        "setSmsInfo" => {
            object.insert("smsInfo".into(), arg(0));
        }
        "setBlackThirdParty" => {
            object.insert("blackThirdParty".into(), arg(0));
        }
        "setPushInfo" => {
            let names = [
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
            let legacy: Map<String, Value> = names
                .iter()
                .zip(args.iter())
                .map(|(n, v)| ((*n).to_owned(), v.clone()))
                .collect();
            let legacy: LegacyPushInfo = serde_json::from_value(Value::Object(legacy)).unwrap();
            let payload = ApnInfo::from(ApnsPayload::from(legacy));
            object.insert("apnInfo".into(), serde_json::to_value(payload).unwrap());
        }
        "addCustomMsg" => {
            let key = arg(0).as_str().unwrap_or_default().to_owned();
            let map = object
                .entry("customMsg")
                .or_insert_with(|| Value::Object(Map::new()));
            map.as_object_mut().unwrap().insert(key, arg(1));
        }
        "addCondition" => {
            let opt = args.get(2).cloned().unwrap_or(json!(0));
            let list = object
                .entry("condition")
                .or_insert_with(|| Value::Array(Vec::new()));
            list.as_array_mut()
                .unwrap()
                .push(json!({"key": arg(0), "values": arg(1), "optType": opt}));
        }
        _ => {
            if let Some(platform) = ext_kv_platform(method) {
                let list = object
                    .entry("extKVList")
                    .or_insert_with(|| Value::Array(Vec::new()));
                list.as_array_mut()
                    .unwrap()
                    .push(json!({"key": arg(0), "value": arg(1), "constains": platform}));
            } else if let Some(attribute) = method.strip_prefix("set") {
                object.insert(lower_first(attribute), arg(0));
            } else {
                panic!("unknown official call {method}");
            }
        }
    }
}

/// Converts a vector value into the serde form of the model types.
pub(super) fn convert(api: &Value, value: &Value) -> Value {
    match value {
        Value::Array(items) => Value::Array(items.iter().map(|v| convert(api, v)).collect()),
        Value::Object(map) if map.contains_key("enum") => enum_value(api, map),
        Value::Object(map) if map.contains_key("class") => {
            let mut object = Map::new();
            for (key, item) in map {
                if key != "calls" {
                    object.insert(key.clone(), convert(api, item));
                }
            }
            if let Some(calls) = map.get("calls").and_then(Value::as_array) {
                for call in calls {
                    let method = call["method"].as_str().expect("method");
                    let args = call["args"]
                        .as_array()
                        .map(|a| a.iter().map(|v| convert(api, v)).collect())
                        .unwrap_or_default();
                    apply_call(&mut object, method, args);
                }
            }
            Value::Object(object)
        }
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), convert(api, v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Every template object of a vector input, in document order (not descending into them).
pub(super) fn find_templates<'a>(value: &'a Value, out: &mut Vec<&'a Value>) {
    match value {
        Value::Object(map) => {
            let is_template = map
                .get("class")
                .and_then(Value::as_str)
                .is_some_and(|c| c.ends_with("Template"));
            if is_template {
                out.push(value);
            } else {
                map.values().for_each(|v| find_templates(v, out));
            }
        }
        Value::Array(items) => items.iter().for_each(|v| find_templates(v, out)),
        _ => {}
    }
}

/// Builds a template from its vector value.
pub(super) fn template(api: &Value, value: &Value) -> Result<Template, serde_json::Error> {
    serde_json::from_value(convert(api, value))
}
