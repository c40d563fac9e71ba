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

use crate::escape_scan;
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

/// The high bit of each byte lane of `word` whose byte needs escaping in the `ensure_ascii`
/// form: what every JSON string escapes, and DEL and every non-ASCII byte (`b | (b + 1)` has
/// the high bit set for `b >= 0x7f`). The lowest set lane is exact (see
/// [`escape_scan::json_escape_lanes`]).
#[inline(always)]
fn escape_lanes(word: u64) -> u64 {
    let high = word | word.wrapping_add(escape_scan::ONES);
    escape_scan::json_escape_lanes(word) | (high & escape_scan::HIGH_BITS)
}

/// The length of the longest prefix of `bytes` that needs no escaping (`bytes.len()` when
/// nothing does), a word at a time.
#[inline(always)]
fn clean_prefix_len(bytes: &[u8]) -> usize {
    escape_scan::clean_prefix_len(bytes, escape_lanes, |b| NEEDS_ESCAPE[usize::from(b)])
}

/// Appends `text` as a JSON string literal (quotes included) in the Python `ensure_ascii` form.
///
/// A string with nothing to escape (nearly all) is found so a word at a time and copied at
/// once; otherwise runs of bytes that need no escaping are copied at once.
#[inline]
pub fn write_str(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    let clean = clean_prefix_len(bytes);
    if clean == bytes.len() {
        out.reserve(bytes.len() + 2);
        out.push(b'"');
        out.extend_from_slice(bytes);
        out.push(b'"');
    } else {
        write_escaped(out, text, clean);
    }
}

/// [`write_str`] for a text whose first `clean` bytes need no escaping, and the next one does.
#[cold]
#[inline(never)]
fn write_escaped(out: &mut Vec<u8>, text: &str, clean: usize) {
    let bytes = text.as_bytes();
    out.reserve(bytes.len() + 8);
    out.push(b'"');
    out.extend_from_slice(&bytes[..clean]);
    let mut i = clean;
    while let Some(&b) = bytes.get(i) {
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
        let clean = clean_prefix_len(&bytes[i..]);
        out.extend_from_slice(&bytes[i..i + clean]);
        i += clean;
    }
    out.push(b'"');
}

/// Appends `\uXXXX` (lower-case hex, as Python writes it).
fn push_u16_escape(out: &mut Vec<u8>, unit: u16) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let hex = |shift: u16| HEX[usize::from((unit >> shift) & 0xf)];
    out.extend_from_slice(&[b'\\', b'u', hex(12), hex(8), hex(4), hex(0)]);
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

/// Appends an integer (also Python's `str(int)`).
pub fn write_i64(out: &mut Vec<u8>, value: i64) {
    out.extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
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
///
/// That order is the iteration order of `serde_json::Map`: insertion order with serde_json's
/// `preserve_order` feature, sorted by key without it (this crate does not enable the feature).
/// Where the order is part of the wire format, the caller writes the members itself
/// ([`ObjectWriter`]) or keeps them in an ordered type ([`CustomMsg`](crate::CustomMsg)).
pub fn write_value(out: &mut Vec<u8>, value: &Value) {
    match value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(true) => out.extend_from_slice(b"true"),
        Value::Bool(false) => out.extend_from_slice(b"false"),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                write_i64(out, i);
            } else if let Some(u) = n.as_u64() {
                out.extend_from_slice(itoa::Buffer::new().format(u).as_bytes());
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
    ///
    /// Whether the key needs escaping is decided here, in the caller's code, where a literal
    /// key is known while compiling.
    #[inline(always)]
    pub fn key(&mut self, key: &str) -> &mut Vec<u8> {
        let plain = clean_prefix_len(key.as_bytes()) == key.len();
        self.key_checked(key, plain)
    }

    /// [`key`](Self::key), told whether the key needs no escaping (`plain`).
    fn key_checked(&mut self, key: &str, plain: bool) -> &mut Vec<u8> {
        let first = self.first;
        self.first = false;
        if plain {
            // Keys are nearly always plain: `, "key": ` with one reservation (room for a
            // number too).
            self.out.reserve(key.len() + 26);
            let open: &[u8] = if first { b"\"" } else { b", \"" };
            self.out.extend_from_slice(open);
            self.out.extend_from_slice(key.as_bytes());
            self.out.extend_from_slice(b"\": ");
        } else {
            if !first {
                self.out.extend_from_slice(b", ");
            }
            write_escaped(self.out, key, clean_prefix_len(key.as_bytes()));
            self.out.extend_from_slice(b": ");
        }
        self.out
    }

    /// A string member.
    #[inline(always)]
    pub fn str(&mut self, key: &str, value: &str) -> &mut Self {
        let plain = clean_prefix_len(key.as_bytes()) == key.len();
        self.str_checked(key, plain, value)
    }

    /// [`str`](Self::str), told whether the key needs no escaping (`plain_key`).
    fn str_checked(&mut self, key: &str, plain_key: bool, value: &str) -> &mut Self {
        if !plain_key {
            write_str(self.key_checked(key, false), value);
            return self;
        }
        // The usual case, a plain key: `, "key": "value"` with one reservation.
        let (k, v) = (key.as_bytes(), value.as_bytes());
        let clean = clean_prefix_len(v);
        let out = &mut *self.out;
        out.reserve(k.len() + v.len() + 8);
        let open: &[u8] = if self.first { b"\"" } else { b", \"" };
        out.extend_from_slice(open);
        out.extend_from_slice(k);
        if clean == v.len() {
            out.extend_from_slice(b"\": \"");
            out.extend_from_slice(v);
            out.push(b'"');
        } else {
            out.extend_from_slice(b"\": ");
            write_escaped(out, value, clean);
        }
        self.first = false;
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
    #[inline]
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
    #[inline]
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
    #[inline]
    pub fn raw(&mut self, key: &str, json: &str) -> &mut Self {
        self.raw_bytes(key, json.as_bytes())
    }

    /// [`raw`](Self::raw) for JSON text held as bytes (e.g. a list rendered once in advance).
    #[inline]
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

    /// The obvious character-by-character writer, to check [`write_str`] against.
    fn reference_write_str(out: &mut Vec<u8>, text: &str) {
        out.push(b'"');
        for ch in text.chars() {
            match ch {
                '"' => out.extend_from_slice(b"\\\""),
                '\\' => out.extend_from_slice(b"\\\\"),
                '\n' => out.extend_from_slice(b"\\n"),
                '\r' => out.extend_from_slice(b"\\r"),
                '\t' => out.extend_from_slice(b"\\t"),
                '\u{8}' => out.extend_from_slice(b"\\b"),
                '\u{c}' => out.extend_from_slice(b"\\f"),
                ' '..='~' => out.push(ch as u8),
                _ => {
                    for unit in ch.encode_utf16(&mut [0; 2]) {
                        out.extend_from_slice(format!("\\u{unit:04x}").as_bytes());
                    }
                }
            }
        }
        out.push(b'"');
    }

    /// `write_str` and the reference append the same bytes to a buffer already holding
    /// `before` bytes.
    fn assert_same_as_reference(text: &str, before: usize) {
        let mut written = vec![b'x'; before];
        write_str(&mut written, text);
        let mut expected = vec![b'x'; before];
        reference_write_str(&mut expected, text);
        assert_eq!(
            String::from_utf8_lossy(&written),
            String::from_utf8_lossy(&expected),
            "{text:?}"
        );
    }

    #[test]
    fn strings_are_escaped_like_python_ensure_ascii() {
        assert_eq!(text(|o| write_str(o, "a\"b\\c/d")), r#""a\"b\\c/d""#);
        assert_eq!(
            text(|o| write_str(o, "\n\r\t\u{8}\u{c}")),
            r#""\n\r\t\b\f""#
        );
        assert_eq!(text(|o| write_str(o, "\u{1}\u{7f}")), r#""\u0001\u007f""#);
        assert_eq!(
            text(|o| write_str(o, "\u{0}\u{1f} ~")),
            r#""\u0000\u001f ~""#
        );
        assert_eq!(text(|o| write_str(o, "中文")), r#""\u4e2d\u6587""#);
        assert_eq!(
            text(|o| write_str(o, "\u{80}\u{ff}\u{ffff}")),
            r#""\u0080\u00ff\uffff""#
        );
        assert_eq!(text(|o| write_str(o, "😀")), r#""\ud83d\ude00""#);
        assert_eq!(
            text(|o| write_str(o, "a long plain run, then a quote\" and more")),
            r#""a long plain run, then a quote\" and more""#
        );
    }

    #[test]
    fn every_ascii_byte_at_every_position_of_a_word() {
        // Each ASCII character, and a few non-ASCII ones, at each offset of a 24-byte plain
        // string (three words), and as a run filling the whole string.
        let specials = (0u8..0x80).map(char::from).chain([
            '\u{80}',
            'é',
            '\u{7ff}',
            '\u{800}',
            '中',
            '\u{ffff}',
            '😀',
            '\u{10ffff}',
        ]);
        for special in specials {
            for at in 0..=24 {
                let mut s: String = "abcdefghijklmnopqrstuvwx".into();
                s.insert(at, special);
                assert_same_as_reference(&s, 0);
            }
            for len in 0..=24 {
                assert_same_as_reference(&special.to_string().repeat(len), 3);
            }
        }
    }

    /// Characters that exercise every branch of the writer, plain ones weighted up so that
    /// runs of every length occur.
    fn any_char() -> impl proptest::strategy::Strategy<Value = char> {
        use proptest::prelude::*;
        prop_oneof![
            4 => proptest::char::range(' ', '~'),
            1 => prop::sample::select(vec![
                '"', '\\', '/', '\n', '\r', '\t', '\u{8}', '\u{c}', '\u{0}', '\u{1f}', '\u{7f}',
                '\u{80}', '\u{ff}', 'é', '中', '\u{ffff}', '😀', '\u{10ffff}',
            ]),
            1 => proptest::char::range('\u{0}', '\u{1f}'),
            1 => any::<char>(),
        ]
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

        #[test]
        fn the_word_scan_writes_what_the_reference_writes(
            chars in proptest::collection::vec(any_char(), 0..80),
            // A plain prefix of 0 to 7 bytes puts every character at every word offset.
            shift in 0usize..8,
            before in 0usize..9,
        ) {
            let text: String = "~".repeat(shift) + &chars.into_iter().collect::<String>();
            assert_same_as_reference(&text, before);
        }

        #[test]
        fn integers_are_written_like_display(value in proptest::prelude::any::<i64>()) {
            proptest::prop_assert_eq!(text(|o| write_i64(o, value)), value.to_string());
        }
    }

    #[test]
    fn keys_are_escaped_like_values() {
        for key in [
            "",
            "k",
            "plainKey",
            "a\"b",
            "\u{1}",
            "中文key",
            "longer key with \\ in it",
        ] {
            let mut out = Vec::new();
            let mut obj = ObjectWriter::new(&mut out);
            obj.i64(key, 1).str(key, key);
            obj.finish();
            let mut expected = b"{".to_vec();
            write_str(&mut expected, key);
            expected.extend_from_slice(b": 1, ");
            write_str(&mut expected, key);
            expected.extend_from_slice(b": ");
            write_str(&mut expected, key);
            expected.push(b'}');
            assert_eq!(out, expected, "{key:?}");
            for value in ["", "v", "a \"quoted\" value", "\u{7f}", "中"] {
                let mut out = Vec::new();
                let mut obj = ObjectWriter::new(&mut out);
                obj.str(key, value).str(key, value);
                obj.finish();
                let mut member = Vec::new();
                write_str(&mut member, key);
                member.extend_from_slice(b": ");
                write_str(&mut member, value);
                let member = String::from_utf8(member).unwrap();
                assert_eq!(
                    String::from_utf8(out).unwrap(),
                    format!("{{{member}, {member}}}")
                );
            }
            let back: Value = serde_json::from_slice(&out).unwrap();
            assert_eq!(back[key], Value::from(key));
        }
    }

    #[test]
    fn escaped_len_matches_written_len() {
        for s in ["", "abc", "中文😀", "\"\\\n\u{1}\u{7f}", "mixed 中 \t end"] {
            assert_eq!(escaped_len(s) + 2, text(|o| write_str(o, s)).len(), "{s:?}");
        }
    }

    #[test]
    fn integers_are_python_str_int() {
        for (value, expected) in [
            (0, "0"),
            (7, "7"),
            (-1, "-1"),
            (10, "10"),
            (1_425_623_770_000, "1425623770000"),
            (i64::MAX, "9223372036854775807"),
            (i64::MIN, "-9223372036854775808"),
        ] {
            assert_eq!(text(|o| write_i64(o, value)), expected);
        }
        let big: Value = serde_json::from_str("18446744073709551615").unwrap();
        assert_eq!(text(|o| write_value(o, &big)), "18446744073709551615");
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
            serde_json::from_str(r#"{"a": {}, "b": [1, 2.5, "x"], "c": [], "d": null, "e": true}"#)
                .unwrap();
        // Keys in sorted order: the same text whether serde_json keeps insertion order or not.
        assert_eq!(
            text(|o| write_value(o, &value)),
            r#"{"a": {}, "b": [1, 2.5, "x"], "c": [], "d": null, "e": true}"#
        );
    }
}
