//! `Answer::parse_http_body` (gzip sniffing, declared encodings, bounded decompression) on any
//! body: never panics and never accepts more than the limit. The first byte picks the declared
//! `Content-Encoding` and the limits; the rest is the body, raw or (odd first byte) gzipped
//! first so that the decoder sees valid streams too.
#![no_main]

use getui_protocol::answer::{Answer, AnswerLimits};
use getui_protocol::gzip;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let encoding = match selector % 4 {
        0 => None,
        1 => Some("gzip"),
        2 => Some(" GZip "),
        _ => Some("identity"),
    };
    let limits = AnswerLimits {
        max_bytes: [64usize, 4096, 1 << 20][usize::from(selector >> 2) % 3],
        max_depth: usize::from(selector >> 4),
    };
    let packed;
    let body = if selector & 0x80 != 0 {
        packed = gzip::compress(body);
        &packed[..]
    } else {
        body
    };
    if let Ok(answer) = Answer::parse_http_body(body, encoding, &limits) {
        assert!(answer.get("result").is_some_and(|r| r.is_string()));
    }
});
