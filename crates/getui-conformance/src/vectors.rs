//! The golden vectors in one place: where the repository keeps them, the one loader of a folder
//! of vector files, and the one strict JSON comparison that every check of a recorded value
//! uses (the conformance runners of both protocols, and the tests of getui-model and
//! getui-protocol that replay the vectors, which live in this crate's `tests/`).
//!
//! A folder holds one JSON document per vector (`tests/vectors/README.md`,
//! `tests/vectors-v2/README.md`); the `_`-prefixed files (`_schema.json`, `_api.json`,
//! `_index.json`) are metadata, not vectors.

use serde_json::Value;
use std::path::{Path, PathBuf};

/// The repository's copy of the legacy API's vectors (`tests/vectors`).
pub fn legacy_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors")
}

/// The repository's copy of the REST v2 vectors (`tests/vectors-v2`).
pub fn v2_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors-v2")
}

/// One vector file.
#[derive(Debug, Clone)]
pub struct Vector {
    /// The vector's name (its `name` member, else the file name without `.json`).
    pub name: String,
    /// The whole document.
    pub doc: Value,
}

impl Vector {
    /// The vector's tags.
    pub fn tags(&self) -> Vec<&str> {
        self.doc["tags"]
            .as_array()
            .map(|t| t.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    }

    /// Whether the vector carries `tag`.
    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags().contains(&tag)
    }

    /// The first tag of `list` that the vector carries, if any.
    pub fn first_tag_in(&self, list: &[&'static str]) -> Option<&'static str> {
        let tags = self.tags();
        list.iter().copied().find(|t| tags.contains(t))
    }

    /// The recorded requests, in order (none when the vector records none).
    pub fn requests(&self) -> &[Value] {
        self.doc["requests"].as_array().map_or(&[], Vec::as_slice)
    }
}

/// Loads one vector file.
pub fn load_file(path: &Path) -> Result<Vector, String> {
    let file = path
        .file_name()
        .and_then(|f| f.to_str())
        .unwrap_or_default();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let doc: Value = serde_json::from_str(&text).map_err(|e| format!("{file}: {e}"))?;
    let name = doc["name"]
        .as_str()
        .map(str::to_owned)
        .unwrap_or_else(|| file.trim_end_matches(".json").to_owned());
    Ok(Vector { name, doc })
}

/// Loads every vector of a folder (every `*.json` except the `_`-prefixed metadata files),
/// sorted by name.
pub fn load_dir(dir: &Path) -> Result<Vec<Vector>, String> {
    let mut vectors = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let Some(file) = path.file_name().and_then(|f| f.to_str()) else {
            continue;
        };
        if file.ends_with(".json") && !file.starts_with('_') {
            vectors.push(load_file(&path)?);
        }
    }
    vectors.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(vectors)
}

/// Loads the vector `name` of a folder (the file `name.json`).
pub fn load_named(dir: &Path, name: &str) -> Result<Vector, String> {
    load_file(&dir.join(format!("{name}.json")))
}

/// At most this many differences are reported per comparison.
pub const MAX_DIFFERENCES: usize = 8;

/// The strict comparison of a recorded JSON value with the one produced: the same members
/// (missing and unexpected ones reported), arrays item by item, scalars with strict types
/// ([`strict_eq`]). Each difference is pushed to `diffs` as one line starting with its path
/// (`path.member[2]: expected …, got …`); nothing more is pushed once `diffs` holds
/// [`MAX_DIFFERENCES`].
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

/// The differences [`diff_values`] finds between `expected` and `actual`, under `path`.
pub fn differences(path: &str, expected: &Value, actual: &Value) -> Vec<String> {
    let mut diffs = Vec::new();
    diff_values(path, expected, actual, &mut diffs);
    diffs
}

/// JSON equality with strict types: `1` is not `1.0`, `true` is not `1`.
pub fn strict_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            x.is_f64() == y.is_f64() && x.as_f64() == y.as_f64() && x.as_i64() == y.as_i64()
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| strict_eq(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, xv)| y.get(k).is_some_and(|yv| strict_eq(xv, yv)))
        }
        _ => a == b,
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

/// `text` cut to `max` characters, with `…` where it was cut (for difference lines).
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        format!("{}…", text.chars().take(max).collect::<String>())
    }
}

/// An optional header value for a difference line: quoted, or `(absent)`.
pub fn show_opt(value: Option<&str>) -> String {
    value.map_or_else(|| "(absent)".to_owned(), |v| format!("{v:?}"))
}

fn short(value: &Value) -> String {
    truncate(&value.to_string(), 80)
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
        let same = json!({"a": [1, "s", null]});
        assert!(differences("x", &same, &same.clone()).is_empty());
        assert!(strict_eq(&same, &same.clone()));
        assert!(!strict_eq(&json!({"a": [1]}), &json!({"a": [1.0]})));
        assert!(!strict_eq(&json!({"a": 1}), &json!({"a": 1, "b": 2})));
    }

    #[test]
    fn missing_unexpected_and_lengths_are_reported_with_their_path() {
        let d = differences(
            "body",
            &json!({"a": 1, "l": [1, 2]}),
            &json!({"b": 1, "l": [1]}),
        );
        assert_eq!(
            d,
            [
                "body.a: missing (expected 1)",
                "body.l: expected 2 items, got 1",
                "body.b: unexpected 1"
            ]
        );
        let many: Vec<Value> = (0..20).map(Value::from).collect();
        let d = differences(
            "x",
            &Value::Array(many),
            &Value::Array(vec![json!("s"); 20]),
        );
        assert_eq!(d.len(), MAX_DIFFERENCES);
    }

    #[test]
    fn uuid_shape_and_truncation() {
        assert!(is_canonical_uuid("0a1b2c3d-0000-4000-8000-123456789abc"));
        assert!(!is_canonical_uuid("0a1b2c3d00004000800012345678"));
        assert!(!is_canonical_uuid("0a1b2c3d-0000-4000-8000-123456789abz"));
        assert_eq!(truncate("abcdef", 3), "abc…");
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(show_opt(None), "(absent)");
        assert_eq!(show_opt(Some("gzip")), "\"gzip\"");
    }

    #[test]
    fn a_folder_loads_sorted_without_its_metadata() {
        let legacy = load_dir(&legacy_dir()).expect("tests/vectors");
        assert!(legacy.len() > 150, "{}", legacy.len());
        assert!(legacy.windows(2).all(|w| w[0].name < w[1].name));
        assert!(legacy.iter().all(|v| !v.name.starts_with('_')));
        let one = load_named(&legacy_dir(), "batch_two_items").unwrap();
        assert_eq!(one.name, "batch_two_items");
        assert!(!one.requests().is_empty());
        assert!(load_named(&legacy_dir(), "no_such_vector").is_err());
        let v2 = load_dir(&v2_dir()).expect("tests/vectors-v2");
        assert!(v2.len() > 150, "{}", v2.len());
        assert!(v2.iter().any(|v| v.has_tag("sdk-bug")));
        assert!(load_dir(&legacy_dir().join("no_such_folder")).is_err());
    }
}
