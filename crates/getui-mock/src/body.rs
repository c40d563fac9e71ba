//! Answer bodies (whole or dripped) and gzip helpers.

use std::convert::Infallible;
use std::future::Future;
use std::io::{Read, Write};
use std::pin::Pin;
use std::task::{ready, Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use flate2::{Compress, Compression, Crc, FlushCompress};
use hyper::body::{Body, Frame, SizeHint};
use tokio::time::{Instant, Sleep};

/// The body of every answer: the whole thing at once, or dripped (slow-loris).
#[derive(Debug)]
pub(crate) enum MockBody {
    Full(Option<Bytes>),
    Drip(Drip),
}

#[derive(Debug)]
pub(crate) struct Drip {
    rest: Bytes,
    chunk: usize,
    interval: Duration,
    sleep: Pin<Box<Sleep>>,
}

impl MockBody {
    pub(crate) fn full(bytes: impl Into<Bytes>) -> Self {
        MockBody::Full(Some(bytes.into()))
    }

    pub(crate) fn empty() -> Self {
        MockBody::Full(None)
    }

    pub(crate) fn drip(bytes: Bytes, chunk: usize, interval: Duration) -> Self {
        MockBody::Drip(Drip {
            rest: bytes,
            chunk: chunk.max(1),
            interval,
            sleep: Box::pin(tokio::time::sleep(interval)),
        })
    }
}

impl Body for MockBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        match self.get_mut() {
            MockBody::Full(b) => Poll::Ready(
                b.take()
                    .filter(|b| !b.is_empty())
                    .map(|b| Ok(Frame::data(b))),
            ),
            MockBody::Drip(d) => {
                if d.rest.is_empty() {
                    return Poll::Ready(None);
                }
                ready!(d.sleep.as_mut().poll(cx));
                let n = d.chunk.min(d.rest.len());
                let chunk = d.rest.split_to(n);
                let next = Instant::now() + d.interval;
                d.sleep.as_mut().reset(next);
                Poll::Ready(Some(Ok(Frame::data(chunk))))
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        match self {
            MockBody::Full(b) => b.as_ref().is_none_or(Bytes::is_empty),
            MockBody::Drip(d) => d.rest.is_empty(),
        }
    }

    fn size_hint(&self) -> SizeHint {
        let len = match self {
            MockBody::Full(b) => b.as_ref().map_or(0, Bytes::len),
            MockBody::Drip(d) => d.rest.len(),
        };
        SizeHint::with_exact(len as u64)
    }
}

/// gzip-compresses `data` (fast level: answers are small and speed matters more).
pub(crate) fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc =
        flate2::write::GzEncoder::new(Vec::with_capacity(data.len() / 2 + 32), Compression::fast());
    enc.write_all(data).expect("writing to a Vec cannot fail");
    enc.finish().expect("writing to a Vec cannot fail")
}

/// Inflates a gzip body, refusing more than `limit` output bytes.
pub(crate) fn gunzip(data: &[u8], limit: usize) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(data.len().saturating_mul(4).min(limit));
    let mut dec = flate2::read::GzDecoder::new(data).take(limit as u64 + 1);
    dec.read_to_end(&mut out).map_err(|e| e.to_string())?;
    if out.len() > limit {
        return Err(format!("inflated body is over {limit} bytes"));
    }
    Ok(out)
}

/// A valid gzip member inflating to `expanded_len` zero bytes (rounded up to whole MiB).
///
/// Built without compressing the whole output: one MiB of zeros is deflated once with a full
/// flush (so the blocks are byte-aligned and reference nothing before them), the blocks are
/// repeated, and the CRC of the whole is combined from the CRC of one MiB.
pub(crate) fn gzip_bomb(expanded_len: usize) -> Vec<u8> {
    const MIB: usize = 1 << 20;
    let copies = expanded_len.div_ceil(MIB).max(1);
    let zeros = vec![0u8; MIB];
    let mut deflater = Compress::new(Compression::best(), false);
    let mut block = Vec::with_capacity(64 << 10);
    deflater
        .compress_vec(&zeros, &mut block, FlushCompress::Full)
        .expect("deflating into a large enough buffer");
    assert_eq!(
        deflater.total_in(),
        MIB as u64,
        "output buffer too small for the bomb block"
    );
    let mut fin = Vec::with_capacity(64);
    deflater
        .compress_vec(&[], &mut fin, FlushCompress::Finish)
        .expect("finishing a deflate stream");

    let mut one = Crc::new();
    one.update(&zeros);
    let mut crc = Crc::new();
    for _ in 0..copies {
        crc.combine(&one);
    }

    let mut out = Vec::with_capacity(18 + block.len() * copies + fin.len());
    out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
    for _ in 0..copies {
        out.extend_from_slice(&block);
    }
    out.extend_from_slice(&fin);
    out.extend_from_slice(&crc.sum().to_le_bytes());
    out.extend_from_slice(&((copies * MIB) as u32).to_le_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_round_trip_and_limit() {
        let data = b"{\"result\": \"ok\"}".repeat(100);
        let z = gzip(&data);
        assert_eq!(gunzip(&z, 1 << 20).unwrap(), data);
        assert!(gunzip(&z, 10).is_err());
        assert!(gunzip(&z[..z.len() / 2], 1 << 20).is_err());
    }

    #[test]
    fn bomb_is_valid_gzip_of_zeros() {
        let bomb = gzip_bomb(3 << 20);
        assert!(bomb.len() < 64 << 10, "bomb is {} bytes", bomb.len());
        let out = gunzip(&bomb, 4 << 20).unwrap();
        assert_eq!(out.len(), 3 << 20);
        assert!(out.iter().all(|&b| b == 0));
        assert!(gunzip(&bomb, 1 << 20).is_err());
    }
}
