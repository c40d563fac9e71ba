//! Canonical proto2 wire primitives over a `Vec<u8>`.
//!
//! Callers write fields in ascending field-number order and only the fields the official SDK
//! assigns; these functions write exactly what they are given (explicit presence), so a field
//! set to `""`, `0` or `false` is written too.

const VARINT: u8 = 0;
const LEN: u8 = 2;

/// Appends a base-128 varint.
#[inline]
pub(crate) fn varint(buf: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        buf.push((value as u8) | 0x80);
        value >>= 7;
    }
    buf.push(value as u8);
}

#[inline]
fn varint_len(value: u64) -> usize {
    // 1 + floor(log128(value)), at least 1.
    (64 - (value | 1).leading_zeros() as usize).div_ceil(7)
}

#[inline]
fn key(buf: &mut Vec<u8>, field: u32, wire_type: u8) {
    varint(buf, u64::from(field << 3 | u32::from(wire_type)));
}

/// A `string` (or `bytes`) field.
#[inline]
pub(crate) fn string(buf: &mut Vec<u8>, field: u32, value: &str) {
    key(buf, field, LEN);
    varint(buf, value.len() as u64);
    buf.extend_from_slice(value.as_bytes());
}

/// An `int32` or enum field: negative values are sign-extended to 10 bytes, as proto2 does.
#[inline]
pub(crate) fn int32(buf: &mut Vec<u8>, field: u32, value: i32) {
    key(buf, field, VARINT);
    varint(buf, i64::from(value) as u64);
}

/// An `int64` field.
#[inline]
pub(crate) fn int64(buf: &mut Vec<u8>, field: u32, value: i64) {
    key(buf, field, VARINT);
    varint(buf, value as u64);
}

/// A `bool` field.
#[inline]
pub(crate) fn boolean(buf: &mut Vec<u8>, field: u32, value: bool) {
    key(buf, field, VARINT);
    buf.push(u8::from(value));
}

/// A length-delimited field (nested message, or a string written piecewise) whose content is
/// written by `content`. One byte is reserved for the length; when the content turns out longer
/// than 127 bytes it is moved to make room for the longer varint.
#[inline]
pub(crate) fn nested<R>(
    buf: &mut Vec<u8>,
    field: u32,
    content: impl FnOnce(&mut Vec<u8>) -> R,
) -> R {
    key(buf, field, LEN);
    let start = buf.len();
    buf.push(0);
    let result = content(buf);
    let len = buf.len() - start - 1;
    if len < 0x80 {
        buf[start] = len as u8;
    } else {
        let width = varint_len(len as u64);
        let end = buf.len();
        buf.resize(end + width - 1, 0);
        buf.copy_within(start + 1..end, start + width);
        let mut value = len as u64;
        for slot in &mut buf[start..start + width] {
            *slot = (value as u8 & 0x7f) | if value >= 0x80 { 0x80 } else { 0 };
            value >>= 7;
        }
    }
    result
}

/// Appends the decimal text of an integer (Python's `str(int)`).
#[inline]
pub(crate) fn push_decimal(buf: &mut Vec<u8>, value: i64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = value.unsigned_abs();
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if value < 0 {
        buf.push(b'-');
    }
    buf.extend_from_slice(&digits[at..]);
}

/// A string field holding the decimal text of an integer (as Python's `str(int)`).
#[inline]
pub(crate) fn decimal(buf: &mut Vec<u8>, field: u32, value: i64) {
    key(buf, field, LEN);
    let start = buf.len();
    buf.push(0);
    push_decimal(buf, value);
    // At most 20 bytes: the length always fits in the reserved byte.
    buf[start] = (buf.len() - start - 1) as u8;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints() {
        for (value, bytes) in [
            (0u64, &[0u8][..]),
            (1, &[1]),
            (127, &[0x7f]),
            (128, &[0x80, 0x01]),
            (10030, &[0xae, 0x4e]),
            (
                u64::MAX,
                &[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
            ),
        ] {
            let mut buf = Vec::new();
            varint(&mut buf, value);
            assert_eq!(buf, bytes, "{value}");
            assert_eq!(varint_len(value), bytes.len(), "{value}");
        }
    }

    #[test]
    fn negative_int32_is_ten_bytes() {
        let mut buf = Vec::new();
        int32(&mut buf, 10, -1);
        assert_eq!(
            buf,
            [0x50, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]
        );
    }

    #[test]
    fn presence_is_explicit() {
        let mut buf = Vec::new();
        string(&mut buf, 1, "");
        boolean(&mut buf, 142, false);
        int32(&mut buf, 2, 0);
        assert_eq!(buf, [0x0a, 0x00, 0xf0, 0x08, 0x00, 0x10, 0x00]);
    }

    #[test]
    fn nested_lengths_of_every_width() {
        for len in [0usize, 1, 127, 128, 300, 16_383, 16_384, 70_000] {
            let mut buf = vec![0xaa];
            nested(&mut buf, 3, |b| b.extend(std::iter::repeat_n(7u8, len)));
            let mut expected = vec![0xaa, 0x1a];
            varint(&mut expected, len as u64);
            expected.extend(std::iter::repeat_n(7u8, len));
            assert_eq!(buf, expected, "{len}");
        }
    }

    #[test]
    fn decimal_text() {
        let mut buf = Vec::new();
        decimal(&mut buf, 2, -42);
        assert_eq!(buf, b"\x12\x03-42");
        for value in [0, 7, 10, 12_345, -1, i64::MAX, i64::MIN] {
            let mut text = Vec::new();
            push_decimal(&mut text, value);
            assert_eq!(text, value.to_string().into_bytes());
        }
    }
}
