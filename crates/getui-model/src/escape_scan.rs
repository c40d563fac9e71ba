//! The word-at-a-time scan both JSON string writers use (the legacy `ensure_ascii` writer and
//! the REST v2 serde_json-compatible one): where the first byte that needs escaping is. The
//! writers differ only in which bytes need it, so they pass that rule in twice: per byte lane
//! of a word, and per byte for strings shorter than four bytes.

/// `0x01` in every byte lane of a word.
pub(crate) const ONES: u64 = u64::from_ne_bytes([1; 8]);
/// The high bit of every byte lane of a word.
pub(crate) const HIGH_BITS: u64 = ONES * 0x80;

/// The high bit of each byte lane of `word` holding `"`, `\` or a byte below 0x20 (what every
/// JSON string must escape); lanes above the first such lane may be set without reason.
///
/// Per lane: `b - 0x20` borrows into the high bit when `b < 0x20` (and `!b` keeps only lanes
/// that were below 0x80); `b ^ q` is zero for `b == q` and zero lanes are found the same way,
/// `0 - 1`. Borrows only run from a lane that needs escaping towards later lanes (the word is
/// read little-endian), so the lowest set lane is exact.
#[inline(always)]
pub(crate) fn json_escape_lanes(word: u64) -> u64 {
    let zero_lanes = |x: u64| x.wrapping_sub(ONES) & !x;
    let control = word.wrapping_sub(ONES * 0x20) & !word;
    let quote = zero_lanes(word ^ (ONES * u64::from(b'"')));
    let backslash = zero_lanes(word ^ (ONES * u64::from(b'\\')));
    (control | quote | backslash) & HIGH_BITS
}

/// The length of the longest prefix of `bytes` with no byte to escape (`bytes.len()` when
/// there is none), looking at whole words: 8 bytes at a time, the last partial word read again
/// overlapping the one before (those lanes were found clean the first time, so the lowest set
/// lane stays exact); 4 to 7 bytes as two overlapping halves of one word; shorter strings byte
/// by byte. `lanes` marks the lanes to escape as [`json_escape_lanes`] does (the lowest set
/// lane exact), `escape` says the same of one byte.
#[inline(always)]
pub(crate) fn clean_prefix_len(
    bytes: &[u8],
    lanes: impl Fn(u64) -> u64,
    escape: impl Fn(u8) -> bool,
) -> usize {
    let n = bytes.len();
    let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"));
    let lane = |set: u64| (set.trailing_zeros() / 8) as usize;
    if n >= 8 {
        let mut i = 0;
        while i + 8 <= n {
            let set = lanes(word(i));
            if set != 0 {
                return i + lane(set);
            }
            i += 8;
        }
        if i < n {
            let set = lanes(word(n - 8));
            if set != 0 {
                return n - 8 + lane(set);
            }
        }
        n
    } else if n >= 4 {
        let half = |at: usize| {
            u64::from(u32::from_le_bytes(
                bytes[at..at + 4].try_into().expect("4 bytes"),
            ))
        };
        // Lanes 0–3 hold bytes 0–3, lanes 4–7 bytes n−4 .. n (overlapping when n < 8).
        let set = lanes(half(0) | half(n - 4) << 32);
        if set == 0 {
            return n;
        }
        let k = lane(set);
        if k < 4 {
            k
        } else {
            n + k - 8
        }
    } else {
        bytes.iter().take_while(|&&b| !escape(b)).count()
    }
}
