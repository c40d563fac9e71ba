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

/// The longest key-and-varint prefix [`Prefix`] holds: three one-byte keys and three varints
/// of at most 10 bytes.
pub(crate) const PREFIX_CAPACITY: usize = 33;

/// The keys and varints in front of a field's content, written by [`Prefix::write`] into
/// [`PREFIX_CAPACITY`] bytes appended at once: cheaper than pushing them byte by byte when
/// many small fields are written (one capacity check and one length update for all), and,
/// unlike building them on the stack and copying them, the bytes are never read back.
pub(crate) struct Prefix<'a> {
    bytes: &'a mut [u8; PREFIX_CAPACITY],
    len: usize,
}

impl Prefix<'_> {
    /// Appends the prefix `build` writes to `buf`.
    #[inline]
    pub(crate) fn write(buf: &mut Vec<u8>, build: impl FnOnce(&mut Prefix<'_>)) {
        let start = buf.len();
        buf.extend_from_slice(&[0; PREFIX_CAPACITY]);
        let Some((bytes, _)) = buf[start..].split_first_chunk_mut() else {
            unreachable!("{PREFIX_CAPACITY} bytes were just appended");
        };
        let mut prefix = Prefix { bytes, len: 0 };
        build(&mut prefix);
        let end = start + prefix.len;
        buf.truncate(end);
    }

    fn varint(&mut self, mut value: u64) -> &mut Self {
        while value >= 0x80 {
            self.bytes[self.len] = (value as u8) | 0x80;
            self.len += 1;
            value >>= 7;
        }
        self.bytes[self.len] = value as u8;
        self.len += 1;
        self
    }

    /// The key and length of a length-delimited field (fields 1 to 15 only).
    pub(crate) fn len_prefix(&mut self, field: u32, len: usize) -> &mut Self {
        debug_assert!((1..16).contains(&field));
        self.varint(u64::from(field << 3 | u32::from(LEN)))
            .varint(len as u64)
    }

    /// An `int32` field (fields 1 to 15 only).
    pub(crate) fn int32(&mut self, field: u32, value: i32) -> &mut Self {
        debug_assert!((1..16).contains(&field));
        self.varint(u64::from(field << 3 | u32::from(VARINT)))
            .varint(i64::from(value) as u64)
    }
}

/// Fields whose every value is a constant, encoded at compile time into at most `N` bytes and
/// appended with one copy (`buf.extend_from_slice(X.bytes())` of a `const X`): the same
/// bytes the functions of this module write for the same calls (a test checks it), without
/// their work on every push. Too small an `N` fails the build.
#[derive(Clone, Copy)]
pub(crate) struct Fixed<const N: usize> {
    bytes: [u8; N],
    len: usize,
}

impl<const N: usize> Fixed<N> {
    pub(crate) const fn new() -> Self {
        Fixed {
            bytes: [0; N],
            len: 0,
        }
    }

    /// The encoded bytes.
    pub(crate) const fn bytes(&self) -> &[u8] {
        self.bytes.split_at(self.len).0
    }

    const fn byte(mut self, byte: u8) -> Self {
        self.bytes[self.len] = byte;
        self.len += 1;
        self
    }

    const fn varint(mut self, mut value: u64) -> Self {
        while value >= 0x80 {
            self = self.byte((value as u8) | 0x80);
            value >>= 7;
        }
        self.byte(value as u8)
    }

    const fn key(self, field: u32, wire_type: u8) -> Self {
        self.varint((field << 3 | wire_type as u32) as u64)
    }

    const fn raw(mut self, bytes: &[u8]) -> Self {
        let mut i = 0;
        while i < bytes.len() {
            self = self.byte(bytes[i]);
            i += 1;
        }
        self
    }

    /// See [`string`].
    pub(crate) const fn string(self, field: u32, value: &str) -> Self {
        self.key(field, LEN)
            .varint(value.len() as u64)
            .raw(value.as_bytes())
    }

    /// See [`int32`].
    pub(crate) const fn int32(self, field: u32, value: i32) -> Self {
        self.key(field, VARINT).varint(value as i64 as u64)
    }

    /// See [`boolean`].
    pub(crate) const fn boolean(self, field: u32, value: bool) -> Self {
        self.key(field, VARINT).byte(value as u8)
    }

    /// A length-delimited field holding `content` (see [`nested`]).
    pub(crate) const fn nested<const M: usize>(self, field: u32, content: &Fixed<M>) -> Self {
        self.key(field, LEN)
            .varint(content.len as u64)
            .raw(content.bytes())
    }
}

/// The number of bytes [`varint`] writes for `value`.
#[inline]
fn varint_len(value: u64) -> usize {
    // 1 + floor(log128(value)), at least 1.
    (64 - (value | 1).leading_zeros() as usize).div_ceil(7)
}

#[inline]
fn key(buf: &mut Vec<u8>, field: u32, wire_type: u8) {
    varint(buf, u64::from(field << 3 | u32::from(wire_type)));
}

#[inline]
fn key_len(field: u32) -> usize {
    varint_len(u64::from(field << 3))
}

/// The encoded size of a length-delimited field whose content is `content_len` bytes.
#[inline]
pub(crate) fn delimited_len(field: u32, content_len: usize) -> usize {
    key_len(field) + varint_len(content_len as u64) + content_len
}

/// The encoded size of an [`int32`] field.
#[inline]
pub(crate) fn int32_len(field: u32, value: i32) -> usize {
    key_len(field) + varint_len(i64::from(value) as u64)
}

/// The key and length of a length-delimited field whose `len` bytes of content the caller
/// writes next.
#[inline]
pub(crate) fn len_prefix(buf: &mut Vec<u8>, field: u32, len: usize) {
    key_and_varint(buf, field, LEN, len as u64);
}

/// A key and a varint. The usual case (a key of one or two bytes, a value below 128) is one
/// append of a small array whose bytes the compiler knows but for the value: one capacity
/// check and one length update instead of one per byte.
#[inline(always)]
fn key_and_varint(buf: &mut Vec<u8>, field: u32, wire_type: u8, value: u64) {
    let tag = field << 3 | u32::from(wire_type);
    if value < 0x80 {
        if tag < 0x80 {
            buf.extend_from_slice(&[tag as u8, value as u8]);
            return;
        }
        if tag < 0x4000 {
            buf.extend_from_slice(&[tag as u8 | 0x80, (tag >> 7) as u8, value as u8]);
            return;
        }
    }
    varint(buf, u64::from(tag));
    varint(buf, value);
}

/// A `string` (or `bytes`) field.
#[inline(always)]
pub(crate) fn string(buf: &mut Vec<u8>, field: u32, value: &str) {
    len_prefix(buf, field, value.len());
    buf.extend_from_slice(value.as_bytes());
}

/// An `int32` or enum field: negative values are sign-extended to 10 bytes, as proto2 does.
#[inline]
pub(crate) fn int32(buf: &mut Vec<u8>, field: u32, value: i32) {
    key_and_varint(buf, field, VARINT, i64::from(value) as u64);
}

/// An `int64` field.
#[inline]
pub(crate) fn int64(buf: &mut Vec<u8>, field: u32, value: i64) {
    key_and_varint(buf, field, VARINT, value as u64);
}

/// A `bool` field.
#[inline]
pub(crate) fn boolean(buf: &mut Vec<u8>, field: u32, value: bool) {
    key_and_varint(buf, field, VARINT, u64::from(value));
}

/// A length-delimited field (nested message, or a string written piecewise) whose content is
/// written by `content`, for content that is usually shorter than 128 bytes: see
/// [`nested_reserving`].
#[inline]
pub(crate) fn nested<R>(
    buf: &mut Vec<u8>,
    field: u32,
    content: impl FnOnce(&mut Vec<u8>) -> R,
) -> R {
    nested_reserving(buf, field, 1, content)
}

/// A length-delimited field whose content is written by `content` and measured afterwards.
///
/// `width` bytes are reserved for the length: 1 for content usually shorter than 128 bytes,
/// 2 for content usually 128 to 16,383 bytes long. When the length needs another width, the
/// content is moved to make the length canonical. Where the length is cheap to compute
/// beforehand, [`len_prefix`] writes it without any move.
#[inline]
pub(crate) fn nested_reserving<R>(
    buf: &mut Vec<u8>,
    field: u32,
    width: usize,
    content: impl FnOnce(&mut Vec<u8>) -> R,
) -> R {
    key(buf, field, LEN);
    let start = buf.len();
    buf.resize(start + width, 0);
    let result = content(buf);
    let end = buf.len();
    let len = end - start - width;
    let needed = varint_len(len as u64);
    if needed != width {
        if needed > width {
            buf.resize(end + needed - width, 0);
        }
        buf.copy_within(start + width..end, start + needed);
        buf.truncate(start + needed + len);
    }
    let mut value = len as u64;
    for slot in &mut buf[start..start + needed] {
        *slot = (value as u8 & 0x7f) | if value >= 0x80 { 0x80 } else { 0 };
        value >>= 7;
    }
    result
}

/// The length of the decimal text of `value` (Python's `str(int)`).
#[inline]
pub(crate) fn decimal_len(value: i64) -> usize {
    let digits = value
        .unsigned_abs()
        .checked_ilog10()
        .map_or(1, |d| d as usize + 1);
    digits + usize::from(value < 0)
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
    fn key_and_varint_is_two_varints_for_every_width() {
        for field in [1u32, 15, 16, 381, 2047, 2048, 300_000] {
            for wire_type in [VARINT, LEN] {
                for value in [0u64, 1, 127, 128, 300, 16_384, u64::MAX] {
                    let mut expected = vec![0xaa];
                    varint(&mut expected, u64::from(field << 3 | u32::from(wire_type)));
                    varint(&mut expected, value);
                    let mut buf = vec![0xaa];
                    key_and_varint(&mut buf, field, wire_type, value);
                    assert_eq!(buf, expected, "field {field}, type {wire_type}, {value}");
                }
            }
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
    fn nested_lengths_of_every_width_whatever_was_reserved() {
        for len in [0usize, 1, 127, 128, 300, 16_383, 16_384, 70_000, 2_097_152] {
            let content = || (0..len).map(|i| i as u8);
            let mut expected = vec![0xaa, 0x1a];
            varint(&mut expected, len as u64);
            expected.extend(content());
            assert_eq!(expected.len(), 1 + delimited_len(3, len), "{len}");
            let mut buf = vec![0xaa];
            nested(&mut buf, 3, |b| b.extend(content()));
            assert_eq!(buf, expected, "{len}");
            for width in 1..=4 {
                let mut buf = vec![0xaa];
                nested_reserving(&mut buf, 3, width, |b| b.extend(content()));
                assert_eq!(buf, expected, "{len}, {width} bytes reserved");
            }
            let mut buf = vec![0xaa];
            len_prefix(&mut buf, 3, len);
            buf.extend(content());
            assert_eq!(buf, expected, "{len}");
        }
    }

    #[test]
    fn sizes_match_what_is_written() {
        for field in [1, 2, 15, 16, 381, 2047, 2048] {
            for value in [0, 1, 127, 128, 10_030, i32::MAX, -1, i32::MIN] {
                let mut buf = Vec::new();
                int32(&mut buf, field, value);
                assert_eq!(buf.len(), int32_len(field, value), "{field} {value}");
            }
            for text in ["", "x", &"y".repeat(127), &"z".repeat(128)] {
                let mut buf = Vec::new();
                string(&mut buf, field, text);
                assert_eq!(buf.len(), delimited_len(field, text.len()), "{field}");
            }
        }
    }

    #[test]
    fn decimal_text_length() {
        for value in [
            0,
            7,
            9,
            10,
            99,
            100,
            12_345,
            -1,
            -9,
            -10,
            i64::MAX,
            i64::MIN,
        ] {
            assert_eq!(decimal_len(value), value.to_string().len(), "{value}");
        }
    }

    #[test]
    fn fixed_fields_are_the_bytes_the_vec_writers_write() {
        const INNER: Fixed<16> = Fixed::new().int32(1, 10_030).boolean(142, false);
        const ALL: Fixed<64> = Fixed::new()
            .string(1, "")
            .string(2, "pushmessage")
            .int32(3, -1)
            .boolean(381, true)
            .nested(8, &INNER);
        let mut inner = Vec::new();
        int32(&mut inner, 1, 10_030);
        boolean(&mut inner, 142, false);
        let mut expected = Vec::new();
        string(&mut expected, 1, "");
        string(&mut expected, 2, "pushmessage");
        int32(&mut expected, 3, -1);
        boolean(&mut expected, 381, true);
        nested(&mut expected, 8, |b| b.extend_from_slice(&inner));
        assert_eq!(INNER.bytes(), inner);
        assert_eq!(ALL.bytes(), expected);
        // Longer than 127 bytes: a two-byte length.
        const TEXT: &str = concat!(
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
        );
        assert_eq!(TEXT.len(), 130);
        const LONG: Fixed<140> = Fixed::new().string(5, TEXT);
        let mut expected = Vec::new();
        string(&mut expected, 5, TEXT);
        assert_eq!(LONG.bytes(), expected);
    }

    #[test]
    fn prefix_writes_what_the_vec_writers_write_up_to_its_capacity() {
        for (len, value) in [(0, 0), (127, 1), (128, -1), (usize::MAX, i32::MIN)] {
            let mut expected = Vec::new();
            len_prefix(&mut expected, 15, len);
            int32(&mut expected, 1, value);
            len_prefix(&mut expected, 2, len);
            let mut got = vec![0xaa];
            Prefix::write(&mut got, |prefix| {
                prefix
                    .len_prefix(15, len)
                    .int32(1, value)
                    .len_prefix(2, len);
            });
            assert_eq!(got[1..], expected, "{len} {value}");
        }
        // The longest prefix fills it exactly.
        let mut longest = Vec::new();
        Prefix::write(&mut longest, |prefix| {
            prefix
                .len_prefix(15, usize::MAX)
                .int32(15, -1)
                .len_prefix(15, usize::MAX);
        });
        assert_eq!(longest.len(), PREFIX_CAPACITY);
    }
}
