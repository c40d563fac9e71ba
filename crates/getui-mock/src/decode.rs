//! Decoding of the protobuf-carrying request members (`clientData`, `PI`, `singleDatas`).
//!
//! The schema lives in `getui-protocol` (its `pb::decode` module); this module only maps a
//! member name to the message type and keeps the result for the request log. Everything that
//! touches the schema goes through [`decode_protobuf`], the one function to adapt when the
//! protocol crate's decoder changes.

use base64::Engine as _;

/// Why a protobuf member could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The member is not a JSON string.
    #[error("`{0}` is not a string")]
    NotAString(String),
    /// The member is not valid standard base64.
    #[error("`{member}` is not valid base64: {message}")]
    Base64 {
        /// The member name.
        member: String,
        /// The base64 decoder's message.
        message: String,
    },
    /// The bytes are not a valid message of the expected type.
    #[error("`{member}` is not a valid {message_type}: {message}")]
    Protobuf {
        /// The member name.
        member: String,
        /// The expected protobuf message type.
        message_type: &'static str,
        /// The decoder's message.
        message: String,
    },
    /// This build has no protobuf decoder (the protocol crate's `pb::decode` is not wired in).
    #[error("protobuf decoding is not available in this build")]
    Unavailable,
}

/// The decoded value of a protobuf member.
///
/// Only the batch request is decoded into structure today; `clientData` and `PI` keep their
/// bytes (see [`ProtobufParam::bytes`]).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodedProtobuf {
    /// `singleDatas`: a `SingleBatchRequest`.
    SingleBatchRequest(SingleBatch),
}

/// A decoded `SingleBatchRequest` (`singleDatas` of `pushMessageToSingleBatchAction`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SingleBatch {
    /// The batch id (a UUID per batch object in the official SDKs).
    pub batch_id: String,
    /// The items in wire order.
    pub items: Vec<SingleBatchItem>,
}

/// One item of a batch: the sequence number and the JSON text of a single push.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SingleBatchItem {
    /// `seqId` (0-based in most SDKs, 1-based in PHP).
    pub seq_id: i32,
    /// `data`: the JSON text of a `pushMessageToSingleAction` request.
    pub data: String,
}

/// A protobuf-carrying member of a recorded request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProtobufParam {
    /// The JSON member (`clientData`, `PI` or `singleDatas`).
    pub member: String,
    /// The protobuf message type the member carries.
    pub message_type: &'static str,
    /// The base64-decoded bytes.
    pub bytes: Result<Vec<u8>, DecodeError>,
    /// The decoded message, where this crate decodes it.
    pub decoded: Result<DecodedProtobuf, DecodeError>,
}

/// The members that carry base64 protobuf, with their message types.
const PROTOBUF_MEMBERS: [(&str, &str); 3] = [
    ("clientData", "Transparent"),
    ("PI", "PushInfo"),
    ("singleDatas", "SingleBatchRequest"),
];

/// Decodes every protobuf member present in a request's JSON params.
pub(crate) fn decode_params(
    params: &serde_json::Map<String, serde_json::Value>,
) -> Vec<ProtobufParam> {
    let mut out = Vec::new();
    for (member, message_type) in PROTOBUF_MEMBERS {
        let Some(value) = params.get(member) else {
            continue;
        };
        let bytes = match value.as_str() {
            Some(text) => base64::engine::general_purpose::STANDARD
                .decode(text)
                .map_err(|e| DecodeError::Base64 {
                    member: member.to_owned(),
                    message: e.to_string(),
                }),
            None => Err(DecodeError::NotAString(member.to_owned())),
        };
        let decoded = match &bytes {
            Ok(b) => decode_protobuf(member, message_type, b),
            Err(e) => Err(e.clone()),
        };
        out.push(ProtobufParam {
            member: member.to_owned(),
            message_type,
            bytes,
            decoded,
        });
    }
    out
}

/// Decodes one protobuf member. The single place that knows the protocol crate's decoder.
fn decode_protobuf(
    _member: &str,
    _message_type: &'static str,
    _bytes: &[u8],
) -> Result<DecodedProtobuf, DecodeError> {
    Err(DecodeError::Unavailable)
}
