//! gzip for request bodies (level 1: the server inflates any level, and the official SDKs'
//! level 9 costs about twelve times the CPU on a 10,000-target list push) and capped decoding
//! of responses.

use std::io::{Read, Write};

use bytes::Bytes;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use flate2::Compression;
use http::header::CONTENT_ENCODING;
use http::HeaderMap;

use crate::error::{ErrorKind, TransportError};

const MAGIC: [u8; 2] = [0x1f, 0x8b];

/// gzip-compresses `data` at level 1.
pub(crate) fn compress(data: &[u8]) -> Bytes {
    let mut encoder = GzEncoder::new(Vec::with_capacity(data.len() / 2 + 32), Compression::fast());
    // Writing into a Vec cannot fail.
    encoder.write_all(data).expect("writing to a Vec");
    Bytes::from(encoder.finish().expect("writing to a Vec"))
}

/// `true` when the response is gzip data: `Content-Encoding: gzip`, or the body starts with
/// the gzip magic bytes (some Getui answers to gzip requests omit the header).
pub(crate) fn is_gzip(headers: &HeaderMap, body: &[u8]) -> bool {
    let declared = headers.get_all(CONTENT_ENCODING).iter().any(|v| {
        v.as_bytes().eq_ignore_ascii_case(b"gzip") || v.as_bytes().eq_ignore_ascii_case(b"x-gzip")
    });
    declared || body.starts_with(&MAGIC)
}

/// Decompresses gzip `data`, failing with [`ErrorKind::ResponseTooLarge`] once the output
/// would exceed `cap` bytes.
pub(crate) fn decompress(data: &[u8], cap: usize) -> Result<Bytes, TransportError> {
    let mut out = Vec::with_capacity(data.len().saturating_mul(4).min(cap));
    let limit = u64::try_from(cap).unwrap_or(u64::MAX).saturating_add(1);
    GzDecoder::new(data)
        .take(limit)
        .read_to_end(&mut out)
        .map_err(|e| {
            TransportError::new(ErrorKind::Decode, "invalid gzip response body").with_source(e)
        })?;
    if out.len() > cap {
        return Err(TransportError::new(
            ErrorKind::ResponseTooLarge,
            format!("decompressed response body exceeds {cap} bytes"),
        ));
    }
    Ok(Bytes::from(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let data = b"{\"action\":\"pushMessageToListAction\"}".repeat(20);
        let packed = compress(&data);
        assert!(packed.starts_with(&MAGIC));
        assert!(packed.len() < data.len());
        assert_eq!(decompress(&packed, data.len()).unwrap(), data);
    }

    #[test]
    fn cap_is_enforced() {
        let packed = compress(&[0u8; 10_000]);
        let err = decompress(&packed, 9_999).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::ResponseTooLarge);
        assert!(decompress(&packed, 10_000).is_ok());
    }

    #[test]
    fn garbage_is_a_decode_error() {
        let err = decompress(&[0x1f, 0x8b, 1, 2, 3], 100).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Decode);
    }

    #[test]
    fn detection() {
        let mut headers = HeaderMap::new();
        assert!(!is_gzip(&headers, b"{}"));
        assert!(is_gzip(&headers, &compress(b"{}")));
        headers.insert(CONTENT_ENCODING, http::HeaderValue::from_static("GZIP"));
        assert!(is_gzip(&headers, b"whatever"));
    }
}
