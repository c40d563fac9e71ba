//! Decoding of the protobuf-carrying request members (`clientData`, `PI`, `singleDatas`).
//!
//! The schema lives in `getui-protocol` (its `pb::decode` module); this module only maps a
//! member name to the message type and keeps the result for the request log. Everything that
//! touches the schema goes through [`decode_protobuf`], the one function to adapt when the
//! protocol crate's decoder changes.

use base64::Engine as _;
use getui_protocol::pb::decode as pb;
use prost::Message as _;

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
}

/// The decoded value of a protobuf member: the `prost` structs of `getui-protocol`
/// (re-exported as [`crate::pb`]), where every singular field is an `Option` so proto2 presence
/// is visible.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum DecodedProtobuf {
    /// `clientData`: the template envelope.
    Transparent(Box<pb::Transparent>),
    /// `PI`: the APNs push info.
    PushInfo(Box<pb::PushInfo>),
    /// `singleDatas`: the batch of `pushMessageToSingleBatchAction`.
    SingleBatchRequest(pb::SingleBatchRequest),
}

/// A protobuf-carrying member of a recorded request.
#[derive(Clone, Debug, PartialEq)]
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
    member: &str,
    message_type: &'static str,
    bytes: &[u8],
) -> Result<DecodedProtobuf, DecodeError> {
    let error = |e: prost::DecodeError| DecodeError::Protobuf {
        member: member.to_owned(),
        message_type,
        message: e.to_string(),
    };
    Ok(match message_type {
        "Transparent" => {
            DecodedProtobuf::Transparent(Box::new(pb::Transparent::decode(bytes).map_err(error)?))
        }
        "PushInfo" => {
            DecodedProtobuf::PushInfo(Box::new(pb::PushInfo::decode(bytes).map_err(error)?))
        }
        _ => DecodedProtobuf::SingleBatchRequest(
            pb::SingleBatchRequest::decode(bytes).map_err(error)?,
        ),
    })
}
