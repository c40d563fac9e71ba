//! Answer bodies (whole or dripped) and the gzip bomb of the faults (plain gzip is
//! `getui_protocol::gzip`, the SDK's one helper).

use std::convert::Infallible;
use std::future::Future;
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
    use getui_protocol::gzip::decompress as gunzip;

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
