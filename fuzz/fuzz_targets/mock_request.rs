//! The mock's request decoding on any body: path, `Gt-Action` header and declared gzip picked
//! by the first byte, the rest sent as the body. The mock must answer every request (200,
//! 400 or 404), never drop it.
#![no_main]

#[path = "mock_http.rs"]
mod mock_http;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mock = mock_http::mock();
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let path = ["/apiex.htm", "/serviceex"][usize::from(selector & 1)];
    let action = match (selector >> 1) % 4 {
        0 => None,
        1 => Some("pushMessageToSingleAction"),
        2 => Some("pushMessageToSingleBatchAction"),
        _ => Some("connect"),
    };
    let declare_gzip = selector & 0x10 != 0;
    let (status, _) = mock_http::exchange(mock.addr, path, action, declare_gzip, body);
    assert!([200, 400, 404, 413].contains(&status), "status {status}");
});
