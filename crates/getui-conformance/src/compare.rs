//! Comparison of what was sent with a vector's recorded request, as the vectors README says:
//! method, path, `Gt-Action` and `Content-Encoding` exactly; the JSON body semantically with
//! strict JSON types and placeholders checked by kind; protobuf params byte for byte (after the
//! batchId normalisation), with the decoded trees compared to locate a byte difference.

use crate::capture::CapturedRequest;
use crate::schema::Schema;
use base64::Engine as _;
use md5::{Digest, Md5};
use serde_json::Value;

/// At most this many differences are reported per request.
const MAX_DIFFERENCES: usize = 8;

/// The normalised batch id the vectors use in place of the generated one.
pub const ZERO_UUID: &str = "00000000-0000-0000-0000-000000000000";

/// Compares one sent request with the recorded one; returns one line per difference, each
/// starting with the path of the difference (`request[0].body.clientData`…).
pub fn compare_request(
    index: usize,
    expected: &Value,
    actual: &CapturedRequest,
    schema: &Schema,
    base: &str,
) -> Vec<String> {
    let mut diffs = Vec::new();
    let at = format!("request[{index}]");
    let exp_method = expected["method"].as_str().unwrap_or("POST");
    if exp_method != actual.method {
        diffs.push(format!(
            "{at}.method: expected {exp_method}, got {}",
            actual.method
        ));
    }
    let exp_path = expected["path"].as_str().unwrap_or_default();
    if exp_path != actual.path {
        diffs.push(format!(
            "{at}.path: expected {exp_path}, got {}",
            actual.path
        ));
    }
    for header in ["Gt-Action", "Content-Encoding"] {
        let exp = expected["headers"][header].as_str();
        let got = actual.header(header);
        if exp != got {
            diffs.push(format!(
                "{at}.headers.{header}: expected {}, got {}",
                show_opt(exp),
                show_opt(got)
            ));
        }
    }
    let Some(body) = actual.json() else {
        diffs.push(format!(
            "{at}.body: not JSON: {}",
            truncate(&actual.body_text, 120)
        ));
        return diffs;
    };
    let exp_body = expand_base(&expected["body"], base);
    let placeholders = expected["placeholders"].as_object();
    let protobuf = expected["protobuf"].as_object();
    let (Some(exp_obj), Some(got_obj)) = (exp_body.as_object(), body.as_object()) else {
        diffs.push(format!("{at}.body: expected a JSON object"));
        return diffs;
    };
    for key in exp_obj.keys() {
        if !got_obj.contains_key(key) {
            diffs.push(format!("{at}.body.{key}: missing"));
        }
    }
    for key in got_obj.keys() {
        if !exp_obj.contains_key(key) {
            diffs.push(format!(
                "{at}.body.{key}: unexpected member {}",
                truncate(&got_obj[key].to_string(), 80)
            ));
        }
    }
    for (key, exp_value) in exp_obj {
        let Some(got_value) = got_obj.get(key) else {
            continue;
        };
        let path = format!("{at}.body.{key}");
        if let Some(pb) = protobuf.and_then(|p| p.get(key)) {
            compare_protobuf(&path, pb, got_value, schema, &mut diffs);
            continue;
        }
        match placeholders
            .and_then(|p| p.get(key))
            .and_then(Value::as_str)
        {
            Some("uuid") if exp_value == "<uuid>" => {
                if !got_value.as_str().is_some_and(is_canonical_uuid) {
                    diffs.push(format!("{path}: expected a UUID, got {got_value}"));
                }
            }
            Some("timestamp-ms") => {
                if !(got_value.is_i64() || got_value.is_u64()) {
                    diffs.push(format!(
                        "{path}: expected an integer timestamp, got {got_value}"
                    ));
                }
            }
            Some(kind) if kind.starts_with("md5(") => {
                let secret = expected["signCheck"]["masterSecret"]
                    .as_str()
                    .unwrap_or_default();
                let app_key = got_obj
                    .get("appkey")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                let stamp = got_obj
                    .get("timeStamp")
                    .map(Value::to_string)
                    .unwrap_or_default();
                let want = md5_hex(&format!("{app_key}{stamp}{secret}"));
                if got_value.as_str() != Some(want.as_str()) {
                    diffs.push(format!(
                        "{path}: sign is not md5(appkey + timeStamp + masterSecret)"
                    ));
                }
            }
            _ => diff_values(&path, exp_value, got_value, &mut diffs),
        }
    }
    diffs.truncate(MAX_DIFFERENCES);
    diffs
}

fn compare_protobuf(path: &str, pb: &Value, got: &Value, schema: &Schema, diffs: &mut Vec<String>) {
    let exp_b64 = pb["base64"].as_str().unwrap_or_default();
    let Some(got_b64) = got.as_str() else {
        diffs.push(format!("{path}: expected base64 text, got {got}"));
        return;
    };
    let engine = base64::engine::general_purpose::STANDARD;
    let Ok(mut got_bytes) = engine.decode(got_b64) else {
        diffs.push(format!("{path}: not standard base64"));
        return;
    };
    let type_name = pb["type"].as_str().unwrap_or_default();
    if type_name.ends_with("SingleBatchRequest") {
        normalise_batch_id(&mut got_bytes);
    }
    if engine.encode(&got_bytes) == exp_b64 {
        return;
    }
    diffs.push(format!(
        "{path}: protobuf bytes differ (base64 {exp_b64:.40}… vs {got_b64:.40}…)"
    ));
    let expected_tree = pb.get("decoded").cloned().or_else(|| {
        let bytes = engine.decode(exp_b64).ok()?;
        schema.decode(type_name, &bytes).ok()
    });
    match (expected_tree, schema.decode(type_name, &got_bytes)) {
        (Some(exp), Ok(got)) => {
            let before = diffs.len();
            diff_values(&format!("{path}.decoded"), &exp, &got, diffs);
            if diffs.len() == before {
                diffs.push(format!("{path}: decoded trees are equal; encoding differs (field order, duplicate or default fields)"));
            }
        }
        (_, Err(e)) => diffs.push(format!("{path}: the sent protobuf does not decode: {e}")),
        (None, _) => {}
    }
}

/// Replaces the `SingleBatchRequest.batchId` (field 1, 36 bytes) in place by the zero UUID.
pub fn normalise_batch_id(bytes: &mut [u8]) {
    if bytes.len() >= 38 && bytes[0] == 0x0a && bytes[1] == 36 {
        bytes[2..38].copy_from_slice(ZERO_UUID.as_bytes());
    }
}

/// Recursive strict comparison; records the path of each difference.
pub fn diff_values(path: &str, expected: &Value, actual: &Value, diffs: &mut Vec<String>) {
    if diffs.len() >= MAX_DIFFERENCES {
        return;
    }
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                match a.get(k) {
                    Some(av) => diff_values(&format!("{path}.{k}"), ev, av, diffs),
                    None => diffs.push(format!("{path}.{k}: missing (expected {})", short(ev))),
                }
            }
            for (k, av) in a {
                if !e.contains_key(k) {
                    diffs.push(format!("{path}.{k}: unexpected {}", short(av)));
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                diff_values(&format!("{path}[{i}]"), ev, av, diffs);
            }
            if e.len() != a.len() {
                diffs.push(format!(
                    "{path}: expected {} items, got {}",
                    e.len(),
                    a.len()
                ));
            }
        }
        _ => {
            if !strict_eq(expected, actual) {
                diffs.push(format!(
                    "{path}: expected {}, got {}",
                    short(expected),
                    short(actual)
                ));
            }
        }
    }
}

/// JSON equality with strict types: `1` is not `1.0`, `true` is not `1`.
fn strict_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            x.is_f64() == y.is_f64() && x.as_f64() == y.as_f64() && x.as_i64() == y.as_i64()
        }
        _ => a == b,
    }
}

/// Replaces `${BASE}` in every string of `value`.
pub fn expand_base(value: &Value, base: &str) -> Value {
    match value {
        Value::String(s) if s.contains("${BASE}") => Value::String(s.replace("${BASE}", base)),
        Value::Array(items) => Value::Array(items.iter().map(|v| expand_base(v, base)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), expand_base(v, base)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Whether `text` is a canonical (hyphenated, 36-char) UUID.
pub fn is_canonical_uuid(text: &str) -> bool {
    text.len() == 36
        && text.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

fn md5_hex(text: &str) -> String {
    Md5::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn short(value: &Value) -> String {
    truncate(&value.to_string(), 80)
}

fn show_opt(value: Option<&str>) -> String {
    value.map_or_else(|| "(absent)".to_owned(), |v| format!("{v:?}"))
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        format!("{}…", text.chars().take(max).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_compare_with_strict_types() {
        let mut diffs = Vec::new();
        diff_values("x", &json!({"a": 1}), &json!({"a": 1.0}), &mut diffs);
        diff_values("y", &json!([true]), &json!([1]), &mut diffs);
        diff_values("z", &json!({"b": "true"}), &json!({"b": true}), &mut diffs);
        assert_eq!(diffs.len(), 3, "{diffs:?}");
        assert!(diffs[0].starts_with("x.a:"));
        let mut none = Vec::new();
        diff_values(
            "x",
            &json!({"a": [1, "s", null]}),
            &json!({"a": [1, "s", null]}),
            &mut none,
        );
        assert!(none.is_empty());
    }

    #[test]
    fn uuid_shape() {
        assert!(is_canonical_uuid("0a1b2c3d-0000-4000-8000-123456789abc"));
        assert!(!is_canonical_uuid("0a1b2c3d00004000800012345678"));
        assert!(!is_canonical_uuid("0a1b2c3d-0000-4000-8000-123456789abz"));
    }

    #[test]
    fn batch_id_is_normalised_in_place() {
        let mut bytes = vec![0x0a, 36];
        bytes.extend_from_slice(b"6b1e7e1a-1111-11ee-8000-0242ac120002");
        bytes.extend_from_slice(&[0x12, 0x00]);
        normalise_batch_id(&mut bytes);
        assert_eq!(&bytes[2..38], ZERO_UUID.as_bytes());
        assert_eq!(&bytes[38..], &[0x12, 0x00]);
    }
}
