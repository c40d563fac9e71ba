//! Path and query encoding (docs/protocol-v2.md §2.2, §2.3).
//!
//! Every path parameter, the appId included, is one RFC 3986 segment: the unreserved
//! characters `A–Z a–z 0–9 - . _ ~` are kept, every other byte of the UTF-8 form is written
//! `%XX` (upper-case hex), `%` itself included. Callers pass raw values ("标签"), never a
//! pre-encoded form (it would be encoded twice). Lists (cids, task ids) are items encoded one
//! by one and joined by a literal `,`.
//!
//! ```
//! use getui_protocol::v2::path::{push_list_segment, push_segment};
//! let mut p = String::from("/task");
//! push_segment(&mut p, "RASL x/?%");
//! assert_eq!(p, "/task/RASL%20x%2F%3F%25");
//! let mut l = String::new();
//! push_list_segment(&mut l, &["a b", "c"]);
//! assert_eq!(l, "/a%20b,c");
//! ```

const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";

/// Whether each byte is an unreserved character (a table: one load per byte where the
/// comparisons would be several).
const UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~');
        b += 1;
    }
    table
};

fn is_unreserved(b: u8) -> bool {
    UNRESERVED[usize::from(b)]
}

/// Appends `value` percent-encoded as an RFC 3986 component (unreserved kept, every other
/// byte `%XX`), without any separator.
pub fn push_encoded(out: &mut String, value: &str) {
    let mut rest = value;
    // Runs of unreserved characters are copied whole; every byte of any other character
    // becomes `%XX`. The bytes before `at` are ASCII, so `at` starts a character.
    while let Some(at) = rest.bytes().position(|b| !is_unreserved(b)) {
        out.push_str(&rest[..at]);
        let len = rest[at..].chars().next().map_or(1, char::len_utf8);
        for &b in &rest.as_bytes()[at..at + len] {
            out.push('%');
            out.push(char::from(HEX_UPPER[usize::from(b >> 4)]));
            out.push(char::from(HEX_UPPER[usize::from(b & 0x0f)]));
        }
        rest = &rest[at + len..];
    }
    out.push_str(rest);
}

/// Appends `/` and `value` as one RFC 3986 path segment.
pub fn push_segment(out: &mut String, value: &str) {
    out.push('/');
    push_encoded(out, value);
}

/// Appends `/` and the items, each encoded as in [`push_segment`], joined by a literal `,`.
pub fn push_list_segment(out: &mut String, items: &[impl AsRef<str>]) {
    out.push('/');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_encoded(out, item.as_ref());
    }
}

/// Appends one `name=value` query pair (a `&` first unless `out` is empty), the value encoded
/// as an RFC 3986 component. `name` is written as given (the parameter names are ASCII).
pub fn push_query_pair(out: &mut String, name: &str, value: &str) {
    if !out.is_empty() {
        out.push('&');
    }
    out.push_str(name);
    out.push('=');
    push_encoded(out, value);
}

/// Appends one `name=a,b,c` query pair: each item encoded, joined by a literal `,`.
pub fn push_query_list(out: &mut String, name: &str, items: &[impl AsRef<str>]) {
    if !out.is_empty() {
        out.push('&');
    }
    out.push_str(name);
    out.push('=');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_encoded(out, item.as_ref());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        let mut p = String::new();
        push_segment(&mut p, "任务RASA");
        assert_eq!(p, "/%E4%BB%BB%E5%8A%A1RASA");
        let mut p = String::new();
        push_segment(&mut p, "a-b.c_d~e");
        assert_eq!(p, "/a-b.c_d~e");
        let mut p = String::new();
        push_segment(&mut p, "");
        assert_eq!(p, "/");
        let mut q = String::new();
        push_query_pair(&mut q, "alias_type", "x&y=z");
        push_query_list(&mut q, "actionIdList", &["1", "2 3"]);
        assert_eq!(q, "alias_type=x%26y%3Dz&actionIdList=1,2%203");
    }

    proptest::proptest! {
        /// Whole runs copied at once give what encoding byte by byte gives.
        #[test]
        fn runs_encode_as_bytes_do(value in "\\PC*|[a-zA-Z0-9._~ /%-]*") {
            let mut expected = String::new();
            for &b in value.as_bytes() {
                if is_unreserved(b) {
                    expected.push(char::from(b));
                } else {
                    expected.push_str(&format!("%{b:02X}"));
                }
            }
            let mut out = String::new();
            push_encoded(&mut out, &value);
            proptest::prop_assert_eq!(out, expected);
        }
    }
}
