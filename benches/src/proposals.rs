//! Prototypes of the fixes BENCHMARKS.md proposes for missed targets, benchmarked next to the
//! library's code so that each proposal comes with a measured effect. Not used by the library:
//! the crates they belong to are someone else's; these only show the change works and gives
//! the same bytes (see the tests).
//!
//! * [`write_str`]: `getui_model::json_text::write_str` with a word-at-a-time scan for the bytes
//!   that need escaping (the current code tests and branches on every byte).
//! * [`single_batch_request`]: `getui_protocol::pb::single_batch_request` writing each item's
//!   length prefix up front (the current code reserves one byte and moves every item longer than
//!   127 bytes to make room for the real length).

use getui_protocol::pb::BatchItem;

/// Bytes that cannot be copied as they are (as in `getui_model::json_text`).
const NEEDS_ESCAPE: [bool; 256] = {
    let mut table = [true; 256];
    let mut b = 0x20;
    while b < 0x7f {
        table[b] = b == b'"' as usize || b == b'\\' as usize;
        b += 1;
    }
    table
};

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The length of the prefix of `bytes` that needs no escaping, 8 bytes at a time.
///
/// Per 8-byte word, the high bit of a byte lane is set for a control character (`< 0x20`),
/// `"`, `\`, DEL or any non-ASCII byte. Borrows and carries can only mark lanes *above* a lane
/// that is really marked, so the lowest marked lane is exact.
#[inline]
fn clean_prefix_len(bytes: &[u8]) -> usize {
    let mut i = 0;
    while i + 8 <= bytes.len() {
        let mut word = [0u8; 8];
        word.copy_from_slice(&bytes[i..i + 8]);
        let x = u64::from_le_bytes(word);
        let control = x.wrapping_sub(ONES * 0x20) & !x;
        let quote = {
            let y = x ^ (ONES * u64::from(b'"'));
            y.wrapping_sub(ONES) & !y
        };
        let backslash = {
            let y = x ^ (ONES * u64::from(b'\\'));
            y.wrapping_sub(ONES) & !y
        };
        let high = x | x.wrapping_add(ONES);
        let mask = (control | quote | backslash | high) & HIGH;
        if mask != 0 {
            return i + (mask.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && !NEEDS_ESCAPE[usize::from(bytes[i])] {
        i += 1;
    }
    i
}

fn push_u16_escape(out: &mut Vec<u8>, unit: u16) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.extend_from_slice(b"\\u");
    for shift in [12u16, 8, 4, 0] {
        out.push(HEX[usize::from((unit >> shift) & 0xf)]);
    }
}

/// Proposed `getui_model::json_text::write_str`: the same output (Python `ensure_ascii`
/// JSON string), copying runs of plain bytes found 8 bytes at a time.
pub fn write_str(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut i = 0;
    loop {
        let clean = clean_prefix_len(&bytes[i..]);
        out.extend_from_slice(&bytes[i..i + clean]);
        i += clean;
        let Some(&b) = bytes.get(i) else {
            break;
        };
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
            // `i` is on a character boundary: it only advances over whole characters.
            let ch = text[i..].chars().next().expect("a character starts here");
            let mut units = [0u16; 2];
            for unit in ch.encode_utf16(&mut units) {
                push_u16_escape(out, *unit);
            }
            i += ch.len_utf8();
        }
    }
    out.push(b'"');
}

fn varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn varint_len(value: u64) -> usize {
    (64 - (value | 1).leading_zeros() as usize).div_ceil(7)
}

/// Proposed `getui_protocol::pb::single_batch_request`: the same bytes, with every length
/// computed before the bytes it prefixes (so nothing is written twice) and the buffer sized
/// exactly.
pub fn single_batch_request(batch_id: &str, items: &[BatchItem<'_>]) -> Vec<u8> {
    let item_len = |item: &BatchItem<'_>| {
        let seq = i64::from(item.seq_id) as u64;
        1 + varint_len(seq) + 1 + varint_len(item.data.len() as u64) + item.data.len()
    };
    let total = 1
        + varint_len(batch_id.len() as u64)
        + batch_id.len()
        + items
            .iter()
            .map(|i| {
                let n = item_len(i);
                1 + varint_len(n as u64) + n
            })
            .sum::<usize>();
    let mut out = Vec::with_capacity(total);
    out.push(0x0a); // field 1, length-delimited
    varint(&mut out, batch_id.len() as u64);
    out.extend_from_slice(batch_id.as_bytes());
    for item in items {
        out.push(0x12); // field 2, length-delimited
        varint(&mut out, item_len(item) as u64);
        out.push(0x08); // field 1, varint
        varint(&mut out, i64::from(item.seq_id) as u64);
        out.push(0x12); // field 2, length-delimited
        varint(&mut out, item.data.len() as u64);
        out.extend_from_slice(item.data.as_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use getui_model::json_text;
    use getui_protocol::pb;

    fn current(text: &str) -> Vec<u8> {
        let mut out = Vec::new();
        json_text::write_str(&mut out, text);
        out
    }

    fn proposed(text: &str) -> Vec<u8> {
        let mut out = Vec::new();
        write_str(&mut out, text);
        out
    }

    #[test]
    fn write_str_matches_the_library() {
        let mut cases: Vec<String> = [
            "",
            "plain ascii text that is longer than eight bytes",
            "quote\" and backslash\\ and slash/",
            "\u{0}\u{1f}\u{7f}\n\r\t\u{8}\u{c}",
            "通知标题 Title 🚀火箭😀",
            "~~~~~~~~\u{7f}~~~~~~~",
            "\u{ff}\u{100}é",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Every special character at every position of a 20-byte string.
        for special in [
            '"', '\\', '\u{1}', '\u{1f}', '\u{7f}', 'é', '中', '😀', ' ', '~',
        ] {
            for at in 0..20 {
                let mut s: String = "abcdefghijklmnopqrst".into();
                s.insert(at, special);
                cases.push(s);
            }
        }
        // Pseudo-random strings over a mixed alphabet.
        let alphabet: Vec<char> = "ab \"\\\u{0}\u{1f}\u{7f}\u{80}é中😀~}".chars().collect();
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..2000 {
            let len = (state % 40) as usize;
            let s: String = (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    alphabet[(state % alphabet.len() as u64) as usize]
                })
                .collect();
            cases.push(s);
        }
        for case in &cases {
            assert_eq!(proposed(case), current(case), "{case:?}");
        }
    }

    #[test]
    fn batch_request_matches_the_library() {
        let long = "x".repeat(20_000);
        let datas = ["", "{}", "a", long.as_str(), &long[..127], &long[..128]];
        let items: Vec<BatchItem<'_>> = datas
            .iter()
            .enumerate()
            .map(|(i, data)| BatchItem {
                seq_id: if i == 2 { -1 } else { i as i32 * 1000 },
                data,
            })
            .collect();
        for id in ["", "batch-0001"] {
            let fixed = single_batch_request(id, &items);
            assert_eq!(fixed, pb::single_batch_request(id, &items));
            assert_eq!(fixed.capacity(), fixed.len());
        }
    }
}
