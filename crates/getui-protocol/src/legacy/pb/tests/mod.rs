//! Tests of the protobuf encoder: the golden vectors of TEMPLATES.md section 13, round trips
//! through the prost structs, property tests. Every recorded vector of the official SDK is
//! compared in getui-conformance (`tests/protocol_legacy_pb`), next to the one loader of the
//! vectors.

mod golden;
mod props;

use super::decode;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use prost::Message as _;

fn b64(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

fn decode_transparent(base64: &str) -> decode::Transparent {
    let bytes = STANDARD.decode(base64).expect("valid base64");
    decode::Transparent::decode(bytes.as_slice()).expect("a Transparent")
}
