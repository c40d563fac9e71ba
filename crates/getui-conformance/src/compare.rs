//! Comparison of what was sent with a vector's recorded request, as the vectors README says:
//! method, path, `Gt-Action` and `Content-Encoding` exactly; the JSON body semantically with
//! strict JSON types ([`crate::vectors::diff_values`]) and placeholders checked by kind;
//! protobuf params byte for byte (after the batchId normalisation), with the decoded trees
//! compared to locate a byte difference.

use crate::capture::CapturedRequest;
use crate::schema::Schema;
use crate::vectors::{diff_values, is_canonical_uuid, show_opt, truncate, MAX_DIFFERENCES};
use base64::Engine as _;
use md5::{Digest, Md5};
use serde_json::Value;

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
    match actual.json() {
        Some(body) => diffs.extend(compare_body(&at, expected, body, schema, base)),
        None => diffs.push(format!(
            "{at}.body: not JSON: {}",
            truncate(&actual.body_text, 120)
        )),
    }
    diffs.truncate(MAX_DIFFERENCES);
    diffs
}

/// Compares a sent JSON body with the body of the recorded request `expected`: the same
/// members, values with strict JSON types, placeholders (`placeholders`) checked by kind
/// (`uuid`, `timestamp-ms`, the `md5(…)` connect sign against `signCheck`), protobuf
/// parameters (`protobuf`) byte for byte after the batchId normalisation. `${BASE}` in the
/// recording stands for `base`. Returns one line per difference, each starting with
/// `{at}.body.{member}`.
pub fn compare_body(
    at: &str,
    expected: &Value,
    body: &Value,
    schema: &Schema,
    base: &str,
) -> Vec<String> {
    let mut diffs = Vec::new();
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

fn md5_hex(text: &str) -> String {
    Md5::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn bodies_compare_strictly_with_placeholders_by_kind() {
        let expected = json!({
            "body": {"requestId": "<uuid>", "timeStamp": 1, "sign": "<sign>", "appkey": "k",
                     "isOffline": false},
            "placeholders": {"requestId": "uuid", "timeStamp": "timestamp-ms",
                             "sign": "md5(appkey+timeStamp+masterSecret)"},
            "signCheck": {"masterSecret": "s"}
        });
        let schema = Schema::bundled();
        let sign = md5_hex("k1700000000000s");
        let good = json!({"requestId": "0a1b2c3d-0000-4000-8000-123456789abc",
                          "timeStamp": 1_700_000_000_000_i64, "sign": sign, "appkey": "k",
                          "isOffline": false});
        assert_eq!(
            compare_body("r", &expected, &good, &schema, ""),
            Vec::<String>::new()
        );
        let mut bad = good.clone();
        bad["requestId"] = json!("x");
        bad["timeStamp"] = json!("1700000000000");
        bad["isOffline"] = json!(0);
        bad["extra"] = json!(1);
        let d = compare_body("r", &expected, &bad, &schema, "");
        for member in [
            "extra: unexpected",
            "requestId",
            "timeStamp",
            "sign",
            "isOffline",
        ] {
            assert!(
                d.iter().any(|l| l.starts_with(&format!("r.body.{member}"))),
                "{member}: {d:?}"
            );
        }
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
