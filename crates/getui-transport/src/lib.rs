//! Bytes over HTTP for the legacy Getui ("个推") OpenService push API.
//!
//! This crate moves request bodies to the fastest reachable Getui host and keeps choosing it.
//! It knows nothing about API actions or JSON: the `getui` facade encodes requests and reads
//! answers; this crate sends bytes, ranks hosts, fails over and retries safely.
//!
//! # Layers
//!
//! * **Exchange level** — [`HttpRequest`] / [`HttpResponse`] and two small traits,
//!   [`AsyncHttpClient`] and [`BlockingHttpClient`] (`Send + Sync`, usable as `Arc<dyn …>`),
//!   so users can plug in their own HTTP stack. No hyper type appears in the public API.
//!   Defaults: [`HyperClient`] (hyper 1's HTTP/1.1 connections in a small pool + rustls;
//!   feature `hyper`) for async callers, and [`SocketClient`] (HTTP/1.1 keep-alive over
//!   `std::net` + rustls, on the calling thread; no hyper) for blocking ones, both built from
//!   one set of options, [`HttpClientBuilder`]. [`blocking::HyperClient`] runs a `HyperClient`
//!   on a private worker thread for blocking callers who want hyper's stack.
//! * **Host level** — [`Transport`] (async) and [`blocking::Transport`] (exchanges on the
//!   calling thread, background work on one owned worker thread): host list from a
//!   [`HostListFetcher`] or given hosts, concurrent probes ranked by latency among 2xx answers
//!   only, a probe task owned by the transport (re-probe every 10 minutes, early after 3
//!   consecutive failures at most once a minute), failover to the next host within a call,
//!   retries limited to what is safe, gzip both ways with size caps.
//!
//! # What the official SDKs get wrong, and what this crate does instead
//!
//! * A failed probe ranked fastest (Py) → only 2xx answers are ranked; if none answers, the
//!   current choice is kept (and the host list is fetched again).
//! * A "periodic" re-check that fires once (Py), a timer that changes nothing (C#), one that
//!   never runs (Node) → one probe task per transport, periodic on tokio's clock, tested with
//!   paused time.
//! * First-to-answer instead of fastest (C#) → all probes run concurrently, the pass waits for
//!   all of them (bounded by the probe timeout) and ranks by measured latency.
//! * Timers and state nobody owns, shared by all apps (Py) → no global state; the task holds a
//!   `Weak` and ends when the transport is dropped.
//! * TLS verification off (C#, PHP, Node) → rustls with verification always on; extra roots can
//!   be added, checks cannot be disabled.
//! * Retries that may push twice, a gzip body re-compressed per retry (Node) → only requests
//!   that provably were not sent, or are marked [`idempotent`](ApiRequest::idempotent), are
//!   re-sent, always with the identical bytes.
//!
//! # Example
//!
//! ```no_run
//! use getui_transport::{ApiRequest, HttpClientBuilder, Proxy, Transport};
//! use std::time::Duration;
//!
//! # async fn demo() -> Result<(), getui_transport::TransportError> {
//! let transport = Transport::builder()
//!     .hosts(["https://api.getui.com/apiex.htm"])
//!     .http(
//!         HttpClientBuilder::new()
//!             .connect_timeout(Duration::from_secs(10))
//!             .proxy(Proxy::new("10.0.0.1", 3128)?.basic_auth("user", "password")),
//!     )
//!     .build()?;
//! let answer = transport
//!     .send(ApiRequest::post(r#"{"action":"…"}"#).idempotent(true))
//!     .await?;
//! println!("{} from {} after {} attempt(s)", answer.status, answer.host, answer.attempts);
//! # Ok(()) }
//! ```
//!
//! # Features
//!
//! * `hyper` (default) — the async HTTP stack: [`HyperClient`], [`blocking::HyperClient`],
//!   [`HttpClientBuilder::build`] and [`HttpClientBuilder::build_blocking`]. The async
//!   [`Transport`] uses it when no stack of your own is given. Without it no hyper crate is
//!   compiled: [`SocketClient`] and [`blocking::Transport`] need none, and an async
//!   [`Transport`] is built only with a stack of your own
//!   ([`TransportBuilder::http_client`] or [`TransportBuilder::blocking_http_client`]; its
//!   `build` fails with [`ErrorKind::Config`] otherwise).
//! * `rustls` (default) — TLS for `https://` hosts, in both stacks. Without it only `http://`
//!   hosts can be reached; an `https://` URL fails with [`ErrorKind::InvalidRequest`] before
//!   anything is sent, and no TLS code is compiled.
//! * `native-roots` — also trust the operating system's certificate store
//!   (`rustls-native-certs`).
//! * `tracing` — `tracing` events (debug level) for every attempt (host, attempt number,
//!   outcome), failure-triggered re-probes and ranking passes.
//!
//! # Dependencies, and why
//!
//! Feature `hyper` only (the async stack; a blocking-only build compiles none of them):
//!
//! * `hyper` (client, http1) — the HTTP/1.1 connections of [`HyperClient`], kept in the
//!   transport's own small pool (`hyper_pool.rs`: hyper-util's pooled client measured a fifth
//!   more instructions per request, see `getui-bench async-http` in benches/ and BENCHMARKS.md),
//!   and `hyper-util` (its TCP connector with the system resolver, `client-proxy` for the
//!   CONNECT tunnel, the tokio I/O adapter `TokioIo`).
//! * `tower-service` — the connector trait through which hyper-util's TCP connector and tunnel
//!   are called.
//! * `http-body`, `http-body-util` — the request body handed to hyper (it records when hyper
//!   starts writing the request) and the reading of response bodies with a size limit.
//!
//! Feature `rustls` (both stacks):
//!
//! * `rustls` (with the `ring` provider, to keep builds lean) and `webpki-roots` — TLS with
//!   bundled trust roots; `rustls-native-certs` behind the `native-roots` feature.
//! * `tokio-rustls` — rustls over tokio's `TcpStream` for [`HyperClient`] (the TLS step of its
//!   connector; it depends on rustls and tokio only, not on hyper). A small crate, compiled
//!   with `rustls` even without `hyper`: Cargo features cannot require two features at once.
//!
//! Always:
//!
//! * `tokio` (`rt`, `time`, `sync`, `net`) — tasks, the injectable clock, channels, the
//!   worker runtime of the blocking transport (host list fetch, probes) and the I/O of
//!   [`HyperClient`].
//! * `http`, `bytes` — request/response values.
//! * `httparse` — the response head and chunk-size parser of [`SocketClient`], the blocking
//!   client that does its own HTTP/1.1 over `std::net` (also a dependency of `hyper`);
//!   `itoa` — its `Content-Length` digits without the formatting machinery (already under
//!   `serde_json` and `hyper`).
//! * `socket2` and `libc` (Unix only, both already under `tokio`) — [`SocketClient`]'s check
//!   that a pooled connection is still open, in one `recv(MSG_PEEK | MSG_DONTWAIT)` instead of
//!   three system calls.
//! * `flate2` — gzip; `base64` — the proxy's basic-auth header; `tracing` — optional events.
//!   The error type is written by hand (no `thiserror`) so its `Debug` can redact and no
//!   source type becomes part of the API.

// docs.rs (`--cfg docsrs`, nightly): each feature-gated item shows the feature it needs.
#![cfg_attr(docsrs, feature(doc_cfg))]
// The docs link the items of the `hyper` feature (the async stack) wherever they are the
// default; without the feature those links have no target.
#![cfg_attr(not(feature = "hyper"), allow(rustdoc::broken_intra_doc_links))]

/// Emits a `tracing` debug event when the `tracing` feature is on; nothing otherwise.
macro_rules! event {
    ($($arg:tt)*) => {
        #[cfg(feature = "tracing")]
        {
            ::tracing::debug!($($arg)*);
        }
    };
}

pub mod blocking;
mod error;
mod exchange;
mod gzip;
mod hosts;
mod http_stack;
#[cfg(feature = "hyper")]
mod hyper_client;
#[cfg(feature = "hyper")]
mod hyper_pool;
mod proxy;
mod retry;
mod socket_client;
mod transport;
mod util;

pub use bytes::Bytes;
pub use error::{BoxError, ErrorKind, TransportError};
pub use exchange::{AsyncHttpClient, BlockingHttpClient, BoxFuture, HttpRequest, HttpResponse};
pub use hosts::{bootstrap, Health, HostListFetcher, HostRanking, HostStatus, ProbeMethod};
pub use http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
pub use http_stack::{HttpClientBuilder, DEFAULT_USER_AGENT};
#[cfg(feature = "hyper")]
#[cfg_attr(docsrs, doc(cfg(feature = "hyper")))]
pub use hyper_client::HyperClient;
pub use proxy::Proxy;
pub use retry::RetryPolicy;
pub use socket_client::SocketClient;
pub use transport::{ApiRequest, ApiResponse, Transport, TransportBuilder, DEFAULT_MAX_IN_FLIGHT};

// The code blocks of README.md are doctests too, without becoming part of the documentation.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
