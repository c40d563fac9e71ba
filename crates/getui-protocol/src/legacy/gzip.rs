//! Gzip for request bodies and answers (docs/protocol-legacy.md section 2.1 and 2.3).
//!
//! Requests of `pushMessageToListAction` and `pushMessageToSingleBatchAction` are sent
//! gzip-compressed, as every official SDK does; their answers come back compressed. The
//! official SDKs compress at level 9; this crate uses level 1: the server inflates any level,
//! and for a 10,000-target list push level 9 costs about twelve times the CPU (BENCHMARKS.md)
//! for a somewhat smaller body. Decompression is always bounded: a small compressed answer may expand to
//! gigabytes (a "gzip bomb"), so [`decompress`] stops, without allocating more than the cap,
//! as soon as the output would exceed it.

use std::io::{Read, Write};

use flate2::read::MultiGzDecoder;
use flate2::write::GzEncoder;
use flate2::Compression;

/// The two magic bytes that start every gzip stream.
pub const MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Why a gzip body could not be decompressed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GzipError {
    /// The decompressed data would be larger than the allowed cap.
    #[error("gzip data expands beyond the limit of {limit} bytes")]
    TooLarge {
        /// The cap, in bytes.
        limit: usize,
    },
    /// The data is not a valid gzip stream (bad header, corrupt deflate data, wrong CRC,
    /// truncated).
    #[error("invalid gzip data: {0}")]
    Invalid(#[source] std::io::Error),
}

/// Whether `bytes` starts with the gzip magic `1f 8b`.
///
/// ```
/// assert!(getui_protocol::gzip::is_gzip(&getui_protocol::gzip::compress(b"{}")));
/// assert!(!getui_protocol::gzip::is_gzip(b"{}"));
/// ```
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&MAGIC)
}

/// Compresses `data` as one gzip member at level 1 (see the module docs for why not 9).
///
/// ```
/// use getui_protocol::gzip::{compress, decompress};
/// let packed = compress(b"{\"result\": \"ok\"}");
/// assert_eq!(decompress(&packed, 1024).unwrap(), b"{\"result\": \"ok\"}");
/// ```
pub fn compress(data: &[u8]) -> Vec<u8> {
    // Header (10) + trailer (8) + deflate overhead; typical JSON shrinks a lot.
    let mut encoder = GzEncoder::new(Vec::with_capacity(data.len() / 2 + 32), Compression::fast());
    // Writing into a Vec cannot fail.
    encoder
        .write_all(data)
        .expect("writing gzip data into memory cannot fail");
    encoder
        .finish()
        .expect("finishing gzip data in memory cannot fail")
}

/// Decompresses a gzip stream (one or more members) into at most `limit` bytes.
///
/// Returns [`GzipError::TooLarge`] as soon as the output would exceed `limit`; the output
/// buffer never grows beyond `limit` bytes, so a gzip bomb costs at most `limit` bytes of
/// memory.
///
/// ```
/// use getui_protocol::gzip::{compress, decompress, GzipError};
/// let bomb = compress(&vec![b' '; 1 << 20]);
/// assert!(matches!(decompress(&bomb, 4096), Err(GzipError::TooLarge { limit: 4096 })));
/// ```
pub fn decompress(data: &[u8], limit: usize) -> Result<Vec<u8>, GzipError> {
    let mut decoder = MultiGzDecoder::new(data);
    // A good first guess: the input size times a typical JSON ratio, within the cap.
    let mut out: Vec<u8> = Vec::with_capacity(data.len().saturating_mul(4).min(limit));
    let mut chunk = [0u8; 8192];
    loop {
        let n = match decoder.read(&mut chunk) {
            Ok(0) => return Ok(out),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(GzipError::Invalid(e)),
        };
        let needed = out.len() + n;
        if needed > limit {
            return Err(GzipError::TooLarge { limit });
        }
        if needed > out.capacity() {
            // Grow geometrically, but never past the cap.
            let target = needed.max(out.capacity().saturating_mul(2)).min(limit);
            out.reserve_exact(target - out.len());
        }
        out.extend_from_slice(&chunk[..n]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let text = "{\"result\": \"ok\", \"x\": \"\\u4e2d\"}".repeat(50);
        let packed = compress(text.as_bytes());
        assert!(is_gzip(&packed));
        assert!(packed.len() < text.len());
        assert_eq!(decompress(&packed, text.len()).unwrap(), text.as_bytes());
    }

    #[test]
    fn exactly_the_limit_is_allowed_one_more_is_not() {
        let packed = compress(&[b'a'; 1000]);
        assert_eq!(decompress(&packed, 1000).unwrap().len(), 1000);
        assert!(matches!(
            decompress(&packed, 999),
            Err(GzipError::TooLarge { limit: 999 })
        ));
    }

    #[test]
    fn bomb_does_not_allocate_beyond_the_cap() {
        // 64 MiB of zeros compresses to about 64 KiB at level 9.
        let mut bomb = GzEncoder::new(Vec::new(), Compression::best());
        bomb.write_all(&vec![0u8; 64 << 20]).unwrap();
        let packed = bomb.finish().unwrap();
        assert!(packed.len() < 200 << 10);
        let err = decompress(&packed, 1 << 20).unwrap_err();
        assert!(matches!(err, GzipError::TooLarge { limit } if limit == 1 << 20));
    }

    #[test]
    fn capacity_never_exceeds_the_cap() {
        let data: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
        let packed = compress(&data);
        let out = decompress(&packed, 300_000).unwrap();
        assert_eq!(out, data);
        assert!(out.capacity() <= 300_000, "capacity {}", out.capacity());
    }

    #[test]
    fn garbage_and_truncation_are_invalid() {
        assert!(matches!(
            decompress(b"not gzip", 100),
            Err(GzipError::Invalid(_))
        ));
        let packed = compress(b"hello hello hello");
        assert!(matches!(
            decompress(&packed[..packed.len() - 4], 100),
            Err(GzipError::Invalid(_))
        ));
        let mut corrupt = packed.clone();
        let last = corrupt.len() - 5;
        corrupt[last] ^= 0xff; // CRC byte
        assert!(matches!(
            decompress(&corrupt, 100),
            Err(GzipError::Invalid(_))
        ));
    }

    #[test]
    fn empty_input_is_empty_output() {
        assert_eq!(decompress(&compress(b""), 0).unwrap(), b"");
        // Zero bytes are not a gzip stream.
        assert!(matches!(decompress(b"", 10), Err(GzipError::Invalid(_))));
    }

    #[test]
    fn several_members_are_concatenated() {
        let mut data = compress(b"ab");
        data.extend(compress(b"cd"));
        assert_eq!(decompress(&data, 10).unwrap(), b"abcd");
    }
}
