//! [`CustomMsg`]: the custom root keys of an APNs payload, in the caller's order.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, Serializer};
use serde_json::Value;
use std::fmt;

/// The custom root keys of an [`ApnsPayload`](crate::ApnsPayload) (`customMsg`, filled by the
/// official `addCustomMsg`): JSON values by key, **in insertion order**, each key once.
///
/// The official SDK writes these keys at the root of the `apnJson` text in the order they were
/// added, and that text is compared byte for byte inside the protobuf, so the order is part of
/// the wire format. This type keeps it by itself, whatever the features of `serde_json` in the
/// build (a `serde_json::Map` keeps insertion order only with serde_json's `preserve_order`
/// feature, which this crate does not force on its users).
///
/// * [`insert`](Self::insert) on a new key appends it; on a key already present it replaces the
///   value **in place** (the key keeps its position), as a Python `dict` does.
/// * Entries with an empty key or a `null` value are kept here but left out of the `apnJson`
///   text, as `addCustomMsg` does ([`ApnsPayload::add_custom_msg`](crate::ApnsPayload::add_custom_msg)
///   does not store them at all).
/// * Equality compares the entries in order (the order is part of the text). Lookups are
///   linear: a payload holds a few keys, and all of it fits in 3,072 bytes.
/// * What is kept is the order of the keys of this object. A value that is itself a JSON
///   object is a `serde_json::Value`, whose members follow `serde_json::Map`: their order of
///   insertion with serde_json's `preserve_order` feature, sorted by key without it.
///
/// Serde form: a JSON object, read in document order (a key seen again replaces the earlier
/// value in place). Also read: a list of `[key, value]` pairs, which keeps the order through
/// tools whose JSON objects do not (the form [`Scope`](crate::description::Scope) produces for
/// `addCustomMsg` calls). Always written as an object.
///
/// ```
/// use getui_model::{ApnsPayload, CustomMsg};
/// let mut custom: CustomMsg = [("z", 1), ("a", 2)].into_iter().collect();
/// custom.insert("m", "text");
/// custom.insert("z", 3); // replaced in place
/// assert_eq!(custom.keys().collect::<Vec<_>>(), ["z", "a", "m"]);
/// assert_eq!(custom.get("z"), Some(&serde_json::json!(3)));
///
/// let payload = ApnsPayload::with_alert("hi").custom_msg(custom);
/// assert_eq!(
///     payload.json().unwrap(),
///     r#"{"z": 3, "a": 2, "m": "text", "aps": {"alert": "hi"}}"#
/// );
/// assert_eq!(serde_json::to_string(&payload.custom_msg).unwrap(), r#"{"z":3,"a":2,"m":"text"}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CustomMsg {
    entries: Vec<(String, Value)>,
}

impl CustomMsg {
    /// An empty set of keys.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `key` to `value`: appended when the key is new, replaced in place otherwise.
    /// Returns the previous value of the key.
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<Value>) -> Option<Value> {
        let key = key.into();
        let value = value.into();
        match self.get_mut(&key) {
            Some(slot) => Some(std::mem::replace(slot, value)),
            None => {
                self.entries.push((key, value));
                None
            }
        }
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The value of `key`, to change it in place.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        self.entries
            .iter_mut()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// Whether `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Removes `key` and returns its value; the keys after it move up (order kept).
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let index = self.entries.iter().position(|(k, _)| k == key)?;
        Some(self.entries.remove(index).1)
    }

    /// The entries in insertion order.
    pub fn iter(&self) -> CustomMsgIter<'_> {
        CustomMsgIter(self.entries.iter())
    }

    /// The keys in insertion order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(k, _)| k.as_str())
    }

    /// The number of keys.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there is no key.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The entries of a [`CustomMsg`] in insertion order: `(key, value)`.
#[derive(Debug, Clone)]
pub struct CustomMsgIter<'a>(std::slice::Iter<'a, (String, Value)>);

impl<'a> Iterator for CustomMsgIter<'a> {
    type Item = (&'a str, &'a Value);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(k, v)| (k.as_str(), v))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl ExactSizeIterator for CustomMsgIter<'_> {}

impl<'a> IntoIterator for &'a CustomMsg {
    type Item = (&'a str, &'a Value);
    type IntoIter = CustomMsgIter<'a>;

    fn into_iter(self) -> CustomMsgIter<'a> {
        self.iter()
    }
}

impl IntoIterator for CustomMsg {
    type Item = (String, Value);
    type IntoIter = std::vec::IntoIter<(String, Value)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<K: Into<String>, V: Into<Value>> Extend<(K, V)> for CustomMsg {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        for (key, value) in iter {
            self.insert(key, value);
        }
    }
}

impl<K: Into<String>, V: Into<Value>> FromIterator<(K, V)> for CustomMsg {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut custom = Self::new();
        custom.extend(iter);
        custom
    }
}

/// The entries of a `serde_json::Map`, in the map's own iteration order.
impl From<serde_json::Map<String, Value>> for CustomMsg {
    fn from(map: serde_json::Map<String, Value>) -> Self {
        map.into_iter().collect()
    }
}

impl Serialize for CustomMsg {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de> Deserialize<'de> for CustomMsg {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CustomMsgVisitor;

        impl<'de> Visitor<'de> for CustomMsgVisitor {
            type Value = CustomMsg;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of custom keys, or a list of [key, value] pairs")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<CustomMsg, A::Error> {
                let mut custom = CustomMsg::new();
                while let Some((key, value)) = map.next_entry::<String, Value>()? {
                    custom.insert(key, value);
                }
                Ok(custom)
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<CustomMsg, A::Error> {
                let mut custom = CustomMsg::new();
                while let Some((key, value)) = seq.next_element::<(String, Value)>()? {
                    custom.insert(key, value);
                }
                Ok(custom)
            }

            fn visit_unit<E: de::Error>(self) -> Result<CustomMsg, E> {
                Ok(CustomMsg::new())
            }
        }

        deserializer.deserialize_any(CustomMsgVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn insertion_order_and_in_place_replacement() {
        let mut custom = CustomMsg::new();
        assert_eq!(custom.insert("z", 1), None);
        custom.insert("a", json!({"y": 1}));
        custom.insert("m", Value::Null);
        assert_eq!(custom.insert("z", "again"), Some(json!(1)));
        assert_eq!(custom.keys().collect::<Vec<_>>(), ["z", "a", "m"]);
        assert_eq!(custom.get("z"), Some(&json!("again")));
        assert!(custom.contains_key("m") && !custom.contains_key("y"));
        assert_eq!(custom.remove("z"), Some(json!("again")));
        assert_eq!(custom.remove("z"), None);
        let entries: Vec<(String, Value)> = custom.clone().into_iter().collect();
        assert_eq!(
            entries,
            [
                ("a".to_owned(), json!({"y": 1})),
                ("m".to_owned(), Value::Null)
            ]
        );
        assert_eq!(custom.iter().len(), 2);
    }

    /// The order comes from this type, not from serde_json: `cargo test -p getui-model` builds
    /// serde_json without its `preserve_order` feature (nothing this crate depends on enables
    /// it), so there a `serde_json::Map` sorts its keys while `CustomMsg` keeps them as read.
    /// In a build where another crate turns the feature on (`cargo test --workspace`, with
    /// getui-mock), both keep them; the test holds either way.
    #[test]
    fn serde_keeps_document_order_without_preserve_order() {
        let text = r#"{"zeta": 1, "alpha": [2], "mid": {"b": 1}, "zeta": 3}"#;
        let map_keys: Vec<String> = serde_json::from_str::<serde_json::Map<String, Value>>(text)
            .unwrap()
            .keys()
            .cloned()
            .collect();
        let preserve_order = map_keys == ["zeta", "alpha", "mid"];
        assert!(preserve_order || map_keys == ["alpha", "mid", "zeta"]);

        let custom: CustomMsg = serde_json::from_str(text).unwrap();
        assert_eq!(custom.keys().collect::<Vec<_>>(), ["zeta", "alpha", "mid"]);
        assert_eq!(custom.get("zeta"), Some(&json!(3)));
        assert_eq!(
            serde_json::to_string(&custom).unwrap(),
            r#"{"zeta":3,"alpha":[2],"mid":{"b":1}}"#
        );
        let pairs: CustomMsg = serde_json::from_str(r#"[["z", 1], ["a", null]]"#).unwrap();
        assert_eq!(pairs.keys().collect::<Vec<_>>(), ["z", "a"]);
        assert_eq!(
            serde_json::from_str::<CustomMsg>("null").unwrap(),
            CustomMsg::new()
        );
        assert!(serde_json::from_str::<CustomMsg>(r#""x""#).is_err());
        assert!(serde_json::from_str::<CustomMsg>(r#"[["x"]]"#).is_err());
    }
}
