//! Shared helpers of the vector tests: loading the golden vectors and comparing encoded
//! requests with `requests[i]` (semantically with strict JSON types and placeholders by kind,
//! and textually against `bodyText`).

#![allow(dead_code)]

use std::path::PathBuf;

use getui_model::secret::MasterSecret;
use getui_protocol::sign::connect_sign;
use serde_json::{Map, Value};

/// The folder of the golden vectors.
pub fn vectors_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/vectors"))
}

/// Every vector (`name`, whole JSON), sorted by name, `_*.json` excluded.
pub fn load_all() -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(vectors_dir()).expect("vectors folder") {
        let path = entry.expect("dir entry").path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".json") || name.starts_with('_') {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("vector file");
        let value: Value = serde_json::from_str(&text).expect("vector JSON");
        out.push((name.trim_end_matches(".json").to_owned(), value));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(
        out.len() > 100,
        "expected the full vector set, found {}",
        out.len()
    );
    out
}

/// The vector's tags.
pub fn tags(vector: &Value) -> Vec<&str> {
    vector["tags"]
        .as_array()
        .map(|t| t.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// Whether `text` is a canonical UUID (8-4-4-4-12 hex digits).
pub fn is_uuid(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Compares our JSON params with `request["body"]`: same keys, same values with strict JSON
/// types, placeholders checked by kind. Returns a description of the first difference.
pub fn compare_body(ours: &Value, request: &Value) -> Result<(), String> {
    let expected = &request["body"];
    let (Value::Object(exp), Value::Object(got)) = (expected, ours) else {
        return Err("body is not an object".into());
    };
    let placeholders = request["placeholders"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let mut exp_keys: Vec<&String> = exp.keys().collect();
    let mut got_keys: Vec<&String> = got.keys().collect();
    exp_keys.sort();
    got_keys.sort();
    if exp_keys != got_keys {
        return Err(format!(
            "keys differ: expected {exp_keys:?}, got {got_keys:?}"
        ));
    }
    for (key, exp_value) in exp {
        let got_value = &got[key];
        match placeholders.get(key).and_then(Value::as_str) {
            Some("uuid") => {
                if !got_value.as_str().is_some_and(is_uuid) {
                    return Err(format!("`{key}`: expected a uuid, got {got_value}"));
                }
            }
            Some("timestamp-ms") => {
                if !got_value.is_i64() {
                    return Err(format!("`{key}`: expected an integer, got {got_value}"));
                }
            }
            Some(kind) if kind.starts_with("md5(") => {
                let secret = request["signCheck"]["masterSecret"]
                    .as_str()
                    .ok_or("signCheck.masterSecret missing")?;
                let sign = connect_sign(
                    got["appkey"].as_str().unwrap_or_default(),
                    got["timeStamp"]
                        .as_i64()
                        .ok_or("timeStamp not an integer")?,
                    &MasterSecret::new(secret),
                );
                if got_value.as_str() != Some(sign.as_str()) {
                    return Err(format!("`{key}`: expected sign {sign}, got {got_value}"));
                }
            }
            Some(_) => {
                // Protobuf placeholders (batchId) are compared by the push tests.
            }
            None => {
                if got_value != exp_value {
                    return Err(format!("`{key}`: expected {exp_value}, got {got_value}"));
                }
            }
        }
    }
    Ok(())
}

/// Our JSON text with the values of placeholder members replaced the way `bodyText` shows
/// them (`"<uuid>"`, `<timestamp-ms>`, `"<sign>"`).
pub fn substitute_placeholders(
    ours_text: &str,
    ours: &Map<String, Value>,
    request: &Value,
) -> String {
    let mut text = ours_text.to_owned();
    let Some(placeholders) = request["placeholders"].as_object() else {
        return text;
    };
    for (key, kind) in placeholders {
        let Some(value) = ours.get(key) else { continue };
        let mut value_text = Vec::new();
        getui_model::json_text::write_value(&mut value_text, value);
        let value_text = String::from_utf8(value_text).unwrap();
        let replacement = match kind.as_str().unwrap_or_default() {
            "uuid" => "\"<uuid>\"".to_owned(),
            "timestamp-ms" => "<timestamp-ms>".to_owned(),
            k if k.starts_with("md5(") => "\"<sign>\"".to_owned(),
            _ => continue,
        };
        let from = format!("\"{key}\": {value_text}");
        let to = format!("\"{key}\": {replacement}");
        text = text.replacen(&from, &to, 1);
    }
    text
}

/// Checks our encoded JSON text against `request` both semantically and textually.
pub fn assert_request(name: &str, index: usize, ours_json: &[u8], request: &Value) {
    let ours_text = std::str::from_utf8(ours_json).expect("UTF-8 JSON");
    let ours: Value = serde_json::from_str(ours_text)
        .unwrap_or_else(|e| panic!("{name}[{index}]: our JSON does not parse: {e}\n{ours_text}"));
    if let Err(diff) = compare_body(&ours, request) {
        panic!("{name}[{index}]: {diff}\nours: {ours_text}");
    }
    if let Some(body_text) = request["bodyText"].as_str() {
        let substituted = substitute_placeholders(ours_text, ours.as_object().unwrap(), request);
        assert_eq!(
            substituted, body_text,
            "{name}[{index}]: text differs from bodyText"
        );
    }
}

/// The JSON answer recorded for `request`, if it was JSON.
pub fn response_json(request: &Value) -> Option<&Value> {
    request["response"].get("json")
}

/// A string argument of an input op.
pub fn s<'a>(op: &'a Value, key: &str) -> &'a str {
    op[key]
        .as_str()
        .unwrap_or_else(|| panic!("argument `{key}` is not a string: {}", op[key]))
}

/// A list-of-strings argument of an input op.
pub fn strings(op: &Value, key: &str) -> Vec<String> {
    op[key]
        .as_array()
        .unwrap_or_else(|| panic!("argument `{key}` is not a list: {}", op[key]))
        .iter()
        .map(|v| v.as_str().expect("string item").to_owned())
        .collect()
}
