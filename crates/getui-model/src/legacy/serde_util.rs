//! Serde plumbing shared by the model types.
//!
//! * [`official_class!`] gives a struct the official `"class"` key: accepted (and checked) when
//!   present on input, optional because the class is implied by the position, and written on
//!   output for standalone objects.
//! * Lenient number readers for the attributes that the official SDK formats with `str(...)`
//!   and therefore accepts as either a number or a numeric string (`notifyStyle`, `notifyid`).

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// Implements `Serialize`/`Deserialize` for a struct derived with `#[serde(remote = "Self")]`,
/// accepting an optional `"class": "<official name>"` member on input.
macro_rules! official_class {
    ($ty:ty, $class:literal) => {
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                <$ty>::serialize(self, serializer)
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <$ty>::deserialize($crate::serde_util::ClassChecked::new(deserializer, $class))
            }
        }
    };
}
pub(crate) use official_class;

/// A deserializer that removes a `"class"` member equal to `class` from the object it reads
/// (and rejects any other class name), then hands the remaining members to the visitor.
pub(crate) struct ClassChecked<D> {
    inner: D,
    class: &'static str,
}

impl<D> ClassChecked<D> {
    pub(crate) fn new(inner: D, class: &'static str) -> Self {
        Self { inner, class }
    }
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for ClassChecked<D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_any(ClassCheckedVisitor {
            inner: visitor,
            class: self.class,
        })
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner.deserialize_struct(
            name,
            fields,
            ClassCheckedVisitor {
                inner: visitor,
                class: self.class,
            },
        )
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_map(ClassCheckedVisitor {
            inner: visitor,
            class: self.class,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct enum identifier ignored_any
    }
}

struct ClassCheckedVisitor<V> {
    inner: V,
    class: &'static str,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for ClassCheckedVisitor<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(f)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.inner.visit_map(ClassCheckedMap {
            map,
            class: self.class,
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.inner.visit_seq(seq)
    }
}

struct ClassCheckedMap<A> {
    map: A,
    class: &'static str,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for ClassCheckedMap<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        loop {
            let Some(key) = self.map.next_key::<String>()? else {
                return Ok(None);
            };
            if key == "class" {
                let class: String = self.map.next_value()?;
                if class != self.class {
                    return Err(de::Error::custom(format_args!(
                        "expected class `{}`, got `{class}`",
                        self.class
                    )));
                }
                continue;
            }
            return seed
                .deserialize(de::value::StringDeserializer::<A::Error>::new(key))
                .map(Some);
        }
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        self.map.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

/// Reads an `i32` given as a JSON integer or as a string holding a decimal integer
/// (the official SDK writes these attributes with `str(value)`, so both forms mean the same).
pub(crate) fn lenient_i32<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i32, D::Error> {
    struct V;
    impl Visitor<'_> for V {
        type Value = i32;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an integer or a string holding a decimal integer")
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<i32, E> {
            i32::try_from(v).map_err(|_| E::custom(format_args!("{v} is out of the i32 range")))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<i32, E> {
            i32::try_from(v).map_err(|_| E::custom(format_args!("{v} is out of the i32 range")))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<i32, E> {
            v.trim()
                .parse()
                .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
        }
    }
    deserializer.deserialize_any(V)
}

/// Reads a string given as a JSON string or as an integer (written in decimal).
pub(crate) fn lenient_string<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<String, D::Error> {
    struct V;
    impl Visitor<'_> for V {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string or an integer")
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_owned())
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
            Ok(v)
        }
    }
    deserializer.deserialize_any(V)
}

/// Declares a C-like enum that (de)serializes as its official integer value and also accepts
/// the official constant name on input.
macro_rules! int_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident ($what:literal) {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal / $official:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant = $value ),+
        }

        impl $name {
            /// The official integer value.
            pub const fn value(self) -> i32 {
                self as i32
            }

            /// The official constant name.
            pub const fn official_name(self) -> &'static str {
                match self {
                    $( Self::$variant => $official ),+
                }
            }

            /// The variant with the official integer value `value`, if any.
            pub const fn from_value(value: i64) -> Option<Self> {
                match value {
                    $( $value => Some(Self::$variant), )+
                    _ => None,
                }
            }

            /// The variant with the official constant name `name`, if any.
            pub fn from_official_name(name: &str) -> Option<Self> {
                match name {
                    $( $official => Some(Self::$variant), )+
                    _ => None,
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i32(self.value())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct V;
                impl serde::de::Visitor<'_> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!($what, " (its integer value or official name)"))
                    }
                    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<$name, E> {
                        $name::from_value(v).ok_or_else(|| {
                            E::invalid_value(serde::de::Unexpected::Signed(v), &self)
                        })
                    }
                    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<$name, E> {
                        i64::try_from(v)
                            .ok()
                            .and_then($name::from_value)
                            .ok_or_else(|| {
                                E::invalid_value(serde::de::Unexpected::Unsigned(v), &self)
                            })
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        $name::from_official_name(v)
                            .ok_or_else(|| E::invalid_value(serde::de::Unexpected::Str(v), &self))
                    }
                }
                deserializer.deserialize_any(V)
            }
        }
    };
}
pub(crate) use int_enum;

#[cfg(test)]
mod tests {
    use super::*;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(
        remote = "Self",
        tag = "class",
        rename = "Probe",
        deny_unknown_fields,
        default
    )]
    struct Probe {
        x: i32,
        #[serde(deserialize_with = "lenient_i32")]
        n: i32,
        #[serde(deserialize_with = "lenient_string")]
        s: String,
    }
    official_class!(Probe, "Probe");

    #[test]
    fn class_is_optional_checked_and_written() {
        let p: Probe = serde_json::from_str(r#"{"x": 1}"#).unwrap();
        assert_eq!(p.x, 1);
        let p: Probe = serde_json::from_str(r#"{"class": "Probe", "x": 2}"#).unwrap();
        assert_eq!(p.x, 2);
        let err = serde_json::from_str::<Probe>(r#"{"class": "Other", "x": 2}"#).unwrap_err();
        assert!(err.to_string().contains("expected class `Probe`"), "{err}");
        let err = serde_json::from_str::<Probe>(r#"{"y": 2}"#).unwrap_err();
        assert!(err.to_string().contains("unknown field `y`"), "{err}");
        let value = serde_json::to_value(Probe::default()).unwrap();
        assert_eq!(value["class"], "Probe");
    }

    #[test]
    fn lenient_numbers_and_strings() {
        let p: Probe = serde_json::from_str(r#"{"n": "5", "s": 3}"#).unwrap();
        assert_eq!((p.n, p.s.as_str()), (5, "3"));
        let p: Probe = serde_json::from_str(r#"{"n": -7, "s": "x"}"#).unwrap();
        assert_eq!((p.n, p.s.as_str()), (-7, "x"));
        assert!(serde_json::from_str::<Probe>(r#"{"n": "abc"}"#).is_err());
        assert!(serde_json::from_str::<Probe>(r#"{"n": 4294967296}"#).is_err());
    }
}
