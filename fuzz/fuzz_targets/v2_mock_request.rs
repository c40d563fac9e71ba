//! getui-mock's REST v2 request parser (`parse_v2_request`: the server's router and body
//! parser) on `METHOD PATH\nbody` (see `v2_logic::mock_request`). Seeds: the requests of the
//! v2 golden vectors.
#![no_main]

mod v2_logic;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| v2_logic::mock_request(data));
