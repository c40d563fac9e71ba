//! The protobuf decoders the mock uses for `clientData` (`Transparent`), `PI` (`PushInfo`) and
//! `singleDatas` (`SingleBatchRequest`): never panic on any bytes, and a decoded message
//! re-encodes to bytes that decode to the same message.
#![no_main]

use getui_protocol::pb::decode::{PushInfo, SingleBatchRequest, Transparent};
use libfuzzer_sys::fuzz_target;
use prost::Message;

fn round_trip<M: Message + Default + PartialEq + std::fmt::Debug>(data: &[u8]) {
    if let Ok(message) = M::decode(data) {
        let again = M::decode(message.encode_to_vec().as_slice()).expect("re-encoded bytes decode");
        assert_eq!(again, message);
    }
}

fuzz_target!(|data: &[u8]| {
    round_trip::<Transparent>(data);
    round_trip::<PushInfo>(data);
    round_trip::<SingleBatchRequest>(data);
});
