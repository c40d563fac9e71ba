//! A protobuf decoder driven by the vectors' `_schema.json`, producing the `decoded` tree format
//! of the vectors README (set fields only, field-number order, enums by name, JSON-carrying
//! strings shown parsed), so a byte difference can be reported as the path of the field that
//! differs.

use base64::Engine as _;
use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// The protobuf schema of the vectors (`_schema.json`).
#[derive(Debug, Clone)]
pub struct Schema {
    package: String,
    messages: HashMap<String, Vec<Field>>,
    enums: HashMap<String, Vec<(String, i64)>>,
}

#[derive(Debug, Clone)]
struct Field {
    number: u64,
    name: String,
    label: String,
    ty: String,
}

/// The schema shipped with the repository's vectors, used when a vectors folder has none.
const BUNDLED_SCHEMA: &str = include_str!("../../../../tests/vectors/_schema.json");

impl Schema {
    /// The schema bundled with the repository's copy of the vectors.
    pub fn bundled() -> Self {
        Self::parse(BUNDLED_SCHEMA).expect("the bundled _schema.json is valid")
    }

    /// Parses a `_schema.json` document.
    pub fn parse(text: &str) -> Result<Self, String> {
        let doc: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let package = doc["package"].as_str().unwrap_or_default().to_owned();
        let mut messages = HashMap::new();
        for (name, fields) in doc["messages"].as_object().ok_or("no messages")? {
            let mut list: Vec<Field> = fields
                .as_array()
                .ok_or("message fields must be a list")?
                .iter()
                .map(|f| Field {
                    number: f["number"].as_u64().unwrap_or_default(),
                    name: f["name"].as_str().unwrap_or_default().to_owned(),
                    label: f["label"].as_str().unwrap_or_default().to_owned(),
                    ty: f["type"].as_str().unwrap_or_default().to_owned(),
                })
                .collect();
            list.sort_by_key(|f| f.number);
            messages.insert(name.clone(), list);
        }
        let mut enums = HashMap::new();
        if let Some(map) = doc["enums"].as_object() {
            for (name, values) in map {
                let values = values
                    .as_object()
                    .map(|v| {
                        v.iter()
                            .map(|(k, n)| (k.clone(), n.as_i64().unwrap_or_default()))
                            .collect()
                    })
                    .unwrap_or_default();
                enums.insert(name.clone(), values);
            }
        }
        Ok(Self {
            package,
            messages,
            enums,
        })
    }

    fn short<'a>(&self, type_name: &'a str) -> &'a str {
        type_name
            .strip_prefix(&self.package)
            .and_then(|t| t.strip_prefix('.'))
            .unwrap_or(type_name)
    }

    /// Decodes `bytes` as the message `type_name` (full or short name) into the vectors'
    /// `decoded` tree.
    pub fn decode(&self, type_name: &str, bytes: &[u8]) -> Result<Value, String> {
        let short = self.short(type_name).to_owned();
        let fields = self
            .messages
            .get(&short)
            .ok_or_else(|| format!("unknown message {type_name}"))?;
        let mut raw: Vec<(u64, RawValue)> = Vec::new();
        let mut pos = 0;
        while pos < bytes.len() {
            let key = read_varint(bytes, &mut pos)?;
            let (number, wire) = (key >> 3, key & 7);
            let value = match wire {
                0 => RawValue::Varint(read_varint(bytes, &mut pos)?),
                2 => {
                    let len = usize::try_from(read_varint(bytes, &mut pos)?)
                        .map_err(|_| "length overflow")?;
                    let end = pos.checked_add(len).filter(|e| *e <= bytes.len());
                    let end = end.ok_or("truncated length-delimited field")?;
                    let slice = bytes[pos..end].to_vec();
                    pos = end;
                    RawValue::Bytes(slice)
                }
                1 => {
                    let end = pos + 8;
                    if end > bytes.len() {
                        return Err("truncated fixed64".into());
                    }
                    let v = u64::from_le_bytes(bytes[pos..end].try_into().expect("8 bytes"));
                    pos = end;
                    RawValue::Varint(v)
                }
                5 => {
                    let end = pos + 4;
                    if end > bytes.len() {
                        return Err("truncated fixed32".into());
                    }
                    let v = u32::from_le_bytes(bytes[pos..end].try_into().expect("4 bytes"));
                    pos = end;
                    RawValue::Varint(u64::from(v))
                }
                other => return Err(format!("unsupported wire type {other}")),
            };
            raw.push((number, value));
        }
        let mut out = Map::new();
        let mut missing = Vec::new();
        for field in fields {
            let values: Vec<&RawValue> = raw
                .iter()
                .filter(|(n, _)| *n == field.number)
                .map(|(_, v)| v)
                .collect();
            if values.is_empty() {
                if field.label == "required" {
                    missing.push(Value::String(field.name.clone()));
                }
                continue;
            }
            let decoded: Result<Vec<Value>, String> = values
                .iter()
                .map(|v| self.decode_field(&short, field, v))
                .collect();
            let decoded = decoded?;
            if field.label == "repeated" {
                out.insert(field.name.clone(), Value::Array(decoded));
            } else {
                // proto2: the last occurrence of a singular field wins.
                let last = decoded.into_iter().last().expect("non-empty");
                out.insert(field.name.clone(), last);
            }
        }
        let unknown: Vec<Value> = raw
            .iter()
            .filter(|(n, _)| !fields.iter().any(|f| f.number == *n))
            .map(|(n, v)| match v {
                RawValue::Varint(x) => json!({"number": n, "varint": x}),
                RawValue::Bytes(b) => json!({"number": n, "bytes": b64(b)}),
            })
            .collect();
        if !unknown.is_empty() {
            out.insert("$unknown".into(), Value::Array(unknown));
        }
        if !missing.is_empty() {
            out.insert("$missingRequired".into(), Value::Array(missing));
        }
        if short == "SingleBatchRequest" && out.contains_key("batchId") {
            out.insert("batchId".into(), Value::String("<uuid>".into()));
        }
        Ok(Value::Object(out))
    }

    fn decode_field(
        &self,
        message: &str,
        field: &Field,
        value: &RawValue,
    ) -> Result<Value, String> {
        match (field.ty.as_str(), value) {
            ("int32", RawValue::Varint(v)) => Ok(json!(*v as i64 as i32)),
            ("int64", RawValue::Varint(v)) => Ok(json!(*v as i64)),
            ("uint32" | "uint64", RawValue::Varint(v)) => Ok(json!(v)),
            ("bool", RawValue::Varint(v)) => Ok(json!(*v != 0)),
            ("string", RawValue::Bytes(b)) => {
                let text = String::from_utf8(b.clone()).map_err(|_| "invalid UTF-8 string")?;
                Ok(self.string_value(message, &field.name, text))
            }
            ("bytes", RawValue::Bytes(b)) => Ok(Value::String(b64(b))),
            (ty, RawValue::Varint(v)) => {
                let short = self.short(ty);
                match self.enums.get(short) {
                    Some(values) => Ok(values
                        .iter()
                        .find(|(_, n)| *n == *v as i64)
                        .map(|(name, _)| Value::String(name.clone()))
                        .unwrap_or_else(|| json!(*v as i64))),
                    None => Err(format!("field {} has type {ty} but a varint", field.name)),
                }
            }
            (ty, RawValue::Bytes(b)) => self.decode(ty, b),
        }
    }

    fn string_value(&self, message: &str, field: &str, text: String) -> Value {
        let carries_json = matches!(
            (message, field),
            ("PushInfo", "apnJson") | ("SingleBatchItem", "data")
        );
        if !carries_json {
            return Value::String(text);
        }
        match serde_json::from_str::<Value>(&text) {
            Ok(mut parsed) => {
                if message == "SingleBatchItem" {
                    if let Some(Value::String(cd)) = parsed.get("clientData").cloned() {
                        if let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(&cd) {
                            if let Ok(decoded) = self.decode("Transparent", &bytes) {
                                parsed["clientData"] =
                                    json!({"$pb": "Transparent", "decoded": decoded});
                            }
                        }
                    }
                }
                json!({ "$json": parsed })
            }
            Err(_) => Value::String(text),
        }
    }
}

enum RawValue {
    Varint(u64),
    Bytes(Vec<u8>),
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn read_varint(bytes: &[u8], pos: &mut usize) -> Result<u64, String> {
    let mut value = 0u64;
    for shift in (0..70).step_by(7) {
        let byte = *bytes.get(*pos).ok_or("truncated varint")?;
        *pos += 1;
        if shift < 64 {
            value |= u64::from(byte & 0x7f) << shift;
        }
        if byte & 0x80 == 0 {
            return Ok(value);
        }
    }
    Err("varint longer than 10 bytes".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_transparent_of_a_transmission_template() {
        // TEMPLATES.md G1.
        let b64 = "CgASC3B1c2htZXNzYWdlGgAiBkFQUEtFWSoFQVBQSUQyADoEWAFoAUIHCAEQABiuTkIZCK5OEAMYZOIIAOoIBgoAEgAaAPAIAfgIZEIECGQQB0oAUAQ=";
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap();
        let tree = Schema::bundled().decode("Transparent", &bytes).unwrap();
        assert_eq!(tree["appKey"], "APPKEY");
        assert_eq!(tree["actionChain"][1]["type"], "startapp");
        assert_eq!(tree["actionChain"][1]["autostart"], true);
        assert_eq!(tree["condition"], json!([""]));
        assert_eq!(tree["templateId"], 4);
        let keys: Vec<&String> = tree.as_object().unwrap().keys().collect();
        assert_eq!(keys[..3], ["id", "action", "taskId"]);
    }

    #[test]
    fn reports_truncation() {
        assert!(Schema::bundled()
            .decode("Transparent", &[0x0a, 0x05, b'a'])
            .is_err());
    }
}
