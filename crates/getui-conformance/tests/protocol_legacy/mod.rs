//! Shared helpers of getui-protocol's legacy vector tests (`protocol_legacy_*.rs`): the
//! repository's vectors through the one loader, and the check of an encoded request against
//! `requests[i]` through the one comparison ([`getui_conformance::compare::compare_body`]:
//! strict JSON types, placeholders by kind, protobuf parameters byte for byte), plus the
//! textual comparison with `bodyText`.

#![allow(dead_code)] // each test binary uses a different part

use std::sync::OnceLock;

use getui_conformance::compare::compare_body;
use getui_conformance::schema::Schema;
use getui_conformance::vectors::{self, Vector};
use serde_json::{Map, Value};

/// Every vector of `tests/vectors`, sorted by name.
pub fn load_all() -> Vec<Vector> {
    let all = vectors::load_dir(&vectors::legacy_dir()).expect("tests/vectors");
    assert!(
        all.len() > 100,
        "expected the full vector set, found {}",
        all.len()
    );
    all
}

/// The vector `name` of `tests/vectors`.
pub fn load(name: &str) -> Vector {
    vectors::load_named(&vectors::legacy_dir(), name).unwrap_or_else(|e| panic!("{e}"))
}

/// The protobuf schema of the vectors (to locate a protobuf difference).
fn schema() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(Schema::bundled)
}

/// The differences of our JSON params from `request["body"]` (see [`compare_body`]); the
/// lines start with `at`.
pub fn body_differences(at: &str, ours: &Value, request: &Value) -> Vec<String> {
    compare_body(at, request, ours, schema(), "")
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
    let diffs = body_differences(&format!("{name}[{index}]"), &ours, request);
    assert!(diffs.is_empty(), "{}\nours: {ours_text}", diffs.join("\n"));
    if let Some(body_text) = request["bodyText"].as_str() {
        let substituted = substitute_placeholders(ours_text, ours.as_object().unwrap(), request);
        assert_eq!(
            substituted, body_text,
            "{name}[{index}]: text differs from bodyText"
        );
    }
}

/// The steps of a vector's `input`: those of a `sequence`, else the input itself.
pub fn steps(vector: &Value) -> Vec<&Value> {
    let input = &vector["input"];
    if input["op"] == "sequence" {
        input["steps"].as_array().unwrap().iter().collect()
    } else {
        vec![input]
    }
}

/// What the official SDK returned for each of the [`steps`].
pub fn results(vector: &Value) -> Vec<&Value> {
    if vector["input"]["op"] == "sequence" {
        vector["result"].as_array().unwrap().iter().collect()
    } else {
        vec![&vector["result"]]
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
