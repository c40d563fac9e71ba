//! JSON text exactly as the official Python SDK writes it.
//!
//! Python's `json.dumps` defaults: `", "` between items, `": "` between key and value, every
//! character outside printable ASCII escaped as `\uXXXX` (UTF-16 surrogate pairs above U+FFFF),
//! `/` not escaped, floats in Python's shortest `repr` form (`0.6`, `1e-05`, `1e+16`).
//! That text is what ends up *inside* protobuf fields (`PushInfo.apnJson`, the batch items'
//! `SingleBatchItem.data`), where a single different byte changes the encoding, and it is also
//! what the request bodies use so that a captured request reads like the official one.
//!
//! The writer appends to a caller-owned `Vec<u8>`, so a whole request body is built in one
//! buffer without intermediate allocations.
//!
//! ```
//! use getui_model::json_text::ObjectWriter;
//! let mut out = Vec::new();
//! let mut obj = ObjectWriter::new(&mut out);
//! obj.str("alert", "你好").i64("badge", 3);
//! obj.finish();
//! assert_eq!(out, br#"{"alert": "\u4f60\u597d", "badge": 3}"#);
//! ```

use serde_json::Value;
use std::fmt::Write as _;

/// Bytes that cannot be copied as they are: control characters, `"`, `\\`, DEL and every
/// byte of a non-ASCII character.
const NEEDS_ESCAPE: [bool; 256] = {
    let mut table = [true; 256];
    let mut b = 0x20;
    while b < 0x7f {
        table[b] = b == b'"' as usize || b == b'\\' as usize;
        b += 1;
    }
    table
};

/// Appends `text` as a JSON string literal (quotes included) in the Python `ensure_ascii` form.
pub fn write_str(out: &mut Vec<u8>, text: &str) {
    out.reserve(text.len() + 2);
    out.push(b'"');
    let bytes = text.as_bytes();
    let mut plain_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !NEEDS_ESCAPE[usize::from(b)] {
            i += 1;
            continue;
        }
        out.extend_from_slice(&bytes[plain_start..i]);
        if b < 0x80 {
            match b {
                b'"' => out.extend_from_slice(b"\\\""),
                b'\\' => out.extend_from_slice(b"\\\\"),
                b'\n' => out.extend_from_slice(b"\\n"),
                b'\r' => out.extend_from_slice(b"\\r"),
                b'\t' => out.extend_from_slice(b"\\t"),
                0x08 => out.extend_from_slice(b"\\b"),
                0x0c => out.extend_from_slice(b"\\f"),
                _ => push_u16_escape(out, u16::from(b)),
            }
            i += 1;
        } else {
            // `i` is on a character boundary: it only ever advances over whole characters.
            let ch = text[i..].chars().next().expect("a character starts here");
            let mut units = [0u16; 2];
            for unit in ch.encode_utf16(&mut units) {
                push_u16_escape(out, *unit);
            }
            i += ch.len_utf8();
        }
        plain_start = i;
    }
    out.extend_from_slice(&bytes[plain_start..]);
    out.push(b'"');
}

fn push_u16_escape(out: &mut Vec<u8>, unit: u16) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.extend_from_slice(b"\\u");
    for shift in [12u16, 8, 4, 0] {
        out.push(HEX[usize::from((unit >> shift) & 0xf)]);
    }
}

/// The length in bytes of `text` once written by [`write_str`], without the two quotes.
///
/// This is how the official SDK measures the APNs payload limit (the escaped text).
pub fn escaped_len(text: &str) -> usize {
    text.chars()
        .map(|ch| match ch {
            '"' | '\\' | '\n' | '\r' | '\t' | '\u{8}' | '\u{c}' => 2,
            ' '..='~' => 1,
            _ => 6 * ch.len_utf16(),
        })
        .sum()
}

/// Appends an integer.
pub fn write_i64(out: &mut Vec<u8>, value: i64) {
    use std::io::Write as _;
    // Writing to a Vec cannot fail.
    let _ = write!(out, "{value}");
}

/// Appends a float in Python's `repr` form (`1.0`, `0.55`, `1e-05`, `1.5e+16`).
///
/// Non-finite values have no JSON form; Python writes `NaN`/`Infinity`, which no JSON parser
/// accepts, so this writes `null` for them.
pub fn write_f64(out: &mut Vec<u8>, value: f64) {
    out.extend_from_slice(python_float_repr(value).as_bytes());
}

/// Python's `repr(float)`: the shortest digits that round-trip, in fixed notation when the
/// decimal exponent is within `-4..16`, else in scientific notation with a signed two-digit
/// (or longer) exponent.
pub fn python_float_repr(value: f64) -> String {
    if !value.is_finite() {
        return "null".to_owned();
    }
    if value == 0.0 {
        return if value.is_sign_negative() {
            "-0.0"
        } else {
            "0.0"
        }
        .to_owned();
    }
    // `{:e}` gives the shortest round-trip digits: "-1.2345e-5".
    let sci = format!("{value:e}");
    let (mantissa, exp) = sci
        .split_once('e')
        .expect("LowerExp always has an exponent");
    let exp: i32 = exp.parse().expect("LowerExp exponent is an integer");
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let mut out = String::from(sign);
    if (-4..16).contains(&exp) {
        if exp < 0 {
            out.push_str("0.");
            for _ in 0..(-exp - 1) {
                out.push('0');
            }
            out.push_str(&digits);
        } else {
            let int_len = (exp + 1) as usize;
            if digits.len() <= int_len {
                out.push_str(&digits);
                for _ in digits.len()..int_len {
                    out.push('0');
                }
                out.push_str(".0");
            } else {
                out.push_str(&digits[..int_len]);
                out.push('.');
                out.push_str(&digits[int_len..]);
            }
        }
    } else {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let _ = write!(out, "e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs());
    }
    out
}

/// Appends any JSON value, objects in their own key order.
pub fn write_value(out: &mut Vec<u8>, value: &Value) {
    match value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(true) => out.extend_from_slice(b"true"),
        Value::Bool(false) => out.extend_from_slice(b"false"),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                write_i64(out, i);
            } else if let Some(u) = n.as_u64() {
                use std::io::Write as _;
                let _ = write!(out, "{u}");
            } else {
                write_f64(out, n.as_f64().unwrap_or(f64::NAN));
            }
        }
        Value::String(s) => write_str(out, s),
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.extend_from_slice(b", ");
                }
                write_value(out, item);
            }
            out.push(b']');
        }
        Value::Object(map) => {
            let mut obj = ObjectWriter::new(out);
            for (key, item) in map {
                obj.value(key, item);
            }
            obj.finish();
        }
    }
}

/// Appends a list of strings: `["a", "b"]`.
pub fn write_str_list<S: AsRef<str>>(out: &mut Vec<u8>, items: &[S]) {
    out.push(b'[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(b", ");
        }
        write_str(out, item.as_ref());
    }
    out.push(b']');
}

/// Writes one JSON object member by member, in the order the calls are made.
///
/// Dropping the writer without [`finish`](Self::finish) leaves the object unclosed; call
/// `finish` once all members are written.
#[derive(Debug)]
pub struct ObjectWriter<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
}

impl<'a> ObjectWriter<'a> {
    /// Starts an object (`{`) at the end of `out`.
    pub fn new(out: &'a mut Vec<u8>) -> Self {
        out.push(b'{');
        Self { out, first: true }
    }

    /// Writes `"key": ` and returns the buffer, for a value written by the caller.
    pub fn key(&mut self, key: &str) -> &mut Vec<u8> {
        if !self.first {
            self.out.extend_from_slice(b", ");
        }
        self.first = false;
        write_str(self.out, key);
        self.out.extend_from_slice(b": ");
        self.out
    }

    /// A string member.
    pub fn str(&mut self, key: &str, value: &str) -> &mut Self {
        write_str(self.key(key), value);
        self
    }

    /// A string member, or `null` when absent.
    pub fn opt_str(&mut self, key: &str, value: Option<&str>) -> &mut Self {
        match value {
            Some(v) => self.str(key, v),
            None => self.raw(key, "null"),
        }
    }

    /// An integer member.
    pub fn i64(&mut self, key: &str, value: i64) -> &mut Self {
        write_i64(self.key(key), value);
        self
    }

    /// A float member (Python `repr` form).
    pub fn f64(&mut self, key: &str, value: f64) -> &mut Self {
        write_f64(self.key(key), value);
        self
    }

    /// A boolean member.
    pub fn bool(&mut self, key: &str, value: bool) -> &mut Self {
        self.raw(key, if value { "true" } else { "false" })
    }

    /// A member whose value is a list of strings.
    pub fn str_list<S: AsRef<str>>(&mut self, key: &str, items: &[S]) -> &mut Self {
        write_str_list(self.key(key), items);
        self
    }

    /// A member holding any JSON value.
    pub fn value(&mut self, key: &str, value: &Value) -> &mut Self {
        write_value(self.key(key), value);
        self
    }

    /// A member whose value is JSON text the caller already wrote correctly (`null`, a number…).
    pub fn raw(&mut self, key: &str, json: &str) -> &mut Self {
        self.raw_bytes(key, json.as_bytes())
    }

    /// [`raw`](Self::raw) for JSON text held as bytes (e.g. a list rendered once in advance).
    pub fn raw_bytes(&mut self, key: &str, json: &[u8]) -> &mut Self {
        self.key(key).extend_from_slice(json);
        self
    }

    /// Closes the object (`}`).
    pub fn finish(self) {
        self.out.push(b'}');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(f: impl FnOnce(&mut Vec<u8>)) -> String {
        let mut out = Vec::new();
        f(&mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn strings_are_escaped_like_python_ensure_ascii() {
        assert_eq!(text(|o| write_str(o, "a\"b\\c/d")), r#""a\"b\\c/d""#);
        assert_eq!(
            text(|o| write_str(o, "\n\r\t\u{8}\u{c}")),
            r#""\n\r\t\b\f""#
        );
        assert_eq!(text(|o| write_str(o, "\u{1}\u{7f}")), r#""\u0001\u007f""#);
        assert_eq!(text(|o| write_str(o, "中文")), r#""\u4e2d\u6587""#);
        assert_eq!(text(|o| write_str(o, "😀")), r#""\ud83d\ude00""#);
    }

    proptest::proptest! {
        #[test]
        fn any_string_round_trips_through_ascii_json(text in "\\PC*|[\\x00-\\x7f]*|.*") {
            let written = super::tests::text(|o| write_str(o, &text));
            proptest::prop_assert!(written.is_ascii());
            let back: String = serde_json::from_str(&written).unwrap();
            proptest::prop_assert_eq!(&back, &text);
            proptest::prop_assert_eq!(escaped_len(&text) + 2, written.len());
        }
    }

    #[test]
    fn escaped_len_matches_written_len() {
        for s in ["", "abc", "中文😀", "\"\\\n\u{1}\u{7f}", "mixed 中 \t end"] {
            assert_eq!(escaped_len(s) + 2, text(|o| write_str(o, s)).len(), "{s:?}");
        }
    }

    #[test]
    fn floats_follow_python_repr() {
        let cases = [
            (1.0, "1.0"),
            (0.55, "0.55"),
            (0.6, "0.6"),
            (1.5, "1.5"),
            (-2.5, "-2.5"),
            (43_200_000.0, "43200000.0"),
            (1e-5, "1e-05"),
            (0.0001, "0.0001"),
            (1e16, "1e+16"),
            (1.5e16, "1.5e+16"),
            (123_456_789_012_345.6, "123456789012345.6"),
            (2.225_073_858_507_201_4e-308, "2.2250738585072014e-308"),
            (1_425_623_770_000.0, "1425623770000.0"),
            (0.0, "0.0"),
        ];
        for (value, expected) in cases {
            assert_eq!(python_float_repr(value), expected);
        }
    }

    #[test]
    fn objects_and_lists_use_python_separators() {
        let value: Value =
            serde_json::from_str(r#"{"b": [1, 2.5, "x"], "a": {}, "c": [], "d": null, "e": true}"#)
                .unwrap();
        assert_eq!(
            text(|o| write_value(o, &value)),
            r#"{"b": [1, 2.5, "x"], "a": {}, "c": [], "d": null, "e": true}"#
        );
    }
}
