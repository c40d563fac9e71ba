//! Tests of the protobuf encoder: the golden vectors of TEMPLATES.md section 13, every recorded
//! vector of the official SDK, round trips through the prost structs, property tests.

mod fixes;
mod golden;
mod interp;
mod props;
mod vectors;

use super::decode;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use prost::Message as _;

fn b64(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

fn unb64(text: &str) -> Vec<u8> {
    STANDARD.decode(text).expect("valid base64")
}

fn decode_transparent(base64: &str) -> decode::Transparent {
    decode::Transparent::decode(unb64(base64).as_slice()).expect("a Transparent")
}
