//! REST v2 answers: `Envelope::parse` and the typed `Action::parse` of a few endpoints on any
//! bytes (see `v2_logic::answer`). Seeds: the answers of the v2 golden vectors.
#![no_main]

mod v2_logic;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| v2_logic::answer(data));
