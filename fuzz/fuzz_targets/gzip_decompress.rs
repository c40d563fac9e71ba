//! `gzip::decompress` on any bytes with any cap: never panics, never returns more than the cap,
//! and a stream it accepts round-trips through `compress`.
#![no_main]

use getui_protocol::gzip;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&cap, stream)) = data.split_first() else {
        return;
    };
    let limit = usize::from(cap) * 257;
    if let Ok(out) = gzip::decompress(stream, limit) {
        assert!(out.len() <= limit);
        let again = gzip::decompress(&gzip::compress(&out), out.len()).expect("round trip");
        assert_eq!(again, out);
    }
});
