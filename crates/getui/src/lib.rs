//! # getui
//!
//! The Getui (个推) push SDK for Rust: REST API v2 ([`v2::Client`], [`v2::blocking::Client`]) and
//! the legacy OpenService API ([`Client`], [`blocking::Client`]), with the requests of the
//! official SDKs, typed errors before anything is sent, HTTPS and TLS verification always on.
//!
//! ## Install
//!
//! ```toml
//! [dependencies]
//! getui = "0.1"
//! # `#[tokio::main]` below needs tokio's macros and multi-threaded runtime:
//! tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
//! ```
//!
//! For the blocking clients instead: `getui = { version = "0.1", features = ["blocking"] }`
//! (no tokio in your code).
//!
//! ## Quickstart
//!
//! A notification to one device through REST v2 — fill in your app's credentials from the Getui
//! console and a client id (cid) reported by the Getui SDK in your app:
//!
//! ```no_run
//! use getui::model::v2::push::{ClickType, Notification, PushMessage, PushRequest};
//!
//! # #[cfg(feature = "async")]
//! #[tokio::main]
//! async fn main() -> Result<(), getui::Error> {
//!     let app_id = "your-app-id";
//!     let app_key = "your-app-key";
//!     let master_secret = "your-master-secret";
//!     let cid = "a-client-id";
//!
//!     let client = getui::v2::Client::builder(app_id, app_key, master_secret).build()?;
//!     let request = PushRequest::new()
//!         .cid(cid)
//!         .push_message(PushMessage::notification(Notification::new(
//!             "Your order",
//!             "has shipped",
//!             ClickType::Startapp,
//!         )));
//!     let answer = client.push_to_single_by_cid(&request).await?;
//!     println!("{answer:?}");
//!     Ok(())
//! }
//! # #[cfg(not(feature = "async"))]
//! # fn main() {}
//! ```
//!
//! To try it without a Getui account, point the builder at a local stand-in server:
//! `.base_url(server.v2_base_url())` with a `getui_mock::MockServer` (feature `mock`, or
//! getui-mock as a dev-dependency); `cargo run --example quickstart_v2` in the repository does exactly
//! that.
//!
//! ## Features
//!
//! | feature | default | what it gives |
//! |---|---|---|
//! | `async` | yes | [`v2::Client`], [`Client`] and [`Batch`] (tokio; HTTP by hyper) |
//! | `blocking` | no | [`v2::blocking::Client`], [`blocking::Client`] and [`blocking::Batch`]: calls run on the calling thread (blocking sockets, pooled connections), one background thread per client for the host list and probes; usable from any thread. Without `async` no hyper crate is compiled |
//! | `rustls` | yes | TLS for `https://` hosts (rustls, `ring`, bundled web PKI roots). Without it only `http://` hosts work: a client with an `https://` host is refused with [`ErrorKind::Config`], and an `https://` host learned later fails with [`ErrorKind::Transport`] before anything is sent |
//! | `native-roots` | no | also trust the operating system's certificate store (implies `rustls`) |
//! | `tracing` | no | `tracing` debug events: reconnects, `domain_error` failovers, attempts and host ranking (never bodies or secrets) |
//! | `mock` | no | `getui::mock`: the local stand-in server (`getui-mock`) for your own tests |
//!
//! ## Links
//!
//! - Getui's server API documentation: REST v2
//!   <https://docs.getui.com/getui/server/rest_v2/introduction/>, all of it
//!   <https://docs.getui.com/>.
//! - The examples: `examples/` in the getui-rs repository, one per scenario for both APIs
//!   (`cargo run --example quickstart_v2`, `cargo run --example quickstart`); each pushes to an
//!   in-process getui-mock unless the `GETUI_*` variables name a real app.
//! - What changed in each release: `CHANGELOG.md` at the root of the repository.
//! - [Minimum supported Rust version](#minimum-supported-rust-version), below.
//!
//! ## Minimum supported Rust version
//!
//! Rust 1.85 (`rust-version` of every crate of getui-rs, checked in CI with
//! `cargo +1.85 check`; the committed lock file only holds dependency versions that build with
//! it). Raising it is announced in the changelog and done in a minor release (0.1 → 0.2 while
//! the version is 0.x), never in a patch release.
//!
//! ## The legacy API
//!
//! The legacy OpenService API (`…/apiex.htm`) is spoken with the same requests as the
//! official SDKs, with an asynchronous [`Client`] (feature `async`, default) and a
//! [`blocking::Client`] (feature `blocking`) that have one named method per official method.
//!
//! - Configuration lives in a [`Config`] built by a builder; nothing is read from the
//!   environment unless you call [`Config::from_env`].
//! - Bad input is refused with a typed [`Error`] naming the field and rule before any byte is
//!   sent; a push's `requestId` survives every re-send, and a failed push's error carries it.
//! - The client connects when the server asks (`sign_error`, one `connect` for all concurrent
//!   callers), follows `domain_error` to the hosts it names, and ranks hosts by latency. No
//!   state is shared between clients.
//! - Secrets never appear in `Debug`, `Display`, logs or errors; TLS verification is always on.
//!
//! ```
//! # #[cfg(feature = "async")]
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), getui::Error> {
//! use getui::model::{SingleMessage, Target, TransmissionTemplate};
//! # let server = getui_mock::MockServer::start().await;
//! # let host = server.serviceex_url();
//! # let (app_key, master_secret, app_id) =
//! #     (getui_mock::DEFAULT_APP_KEY, getui_mock::DEFAULT_MASTER_SECRET, getui_mock::DEFAULT_APP_ID);
//! // `host` is e.g. "https://api.getui.com/serviceex"; without one the built-in list is used.
//! let client = getui::Client::builder(app_key, master_secret).host(host).build()?;
//!
//! let template = TransmissionTemplate::builder()
//!     .app_id(app_id)
//!     .app_key(app_key)
//!     .transmission_content(r#"{"order": 42}"#)
//!     .build()?;
//! let result = client
//!     .push_to_single(&SingleMessage::new(template), &Target::client(app_id, "the-cid"))
//!     .await?;
//! println!("task {:?}, status {:?}", result.task_id, result.status);
//! # Ok(()) }
//! # #[cfg(not(feature = "async"))]
//! # fn main() {}
//! ```
//!
//! ## Official methods and their Rust names
//!
//! Every method of the official legacy SDKs, with its name on both clients (the blocking ones
//! without `.await`), the action it sends, the [`action`] type that builds the request, and
//! the output. Arguments keep the official meaning; app ids come first where the official
//! order varies. Outputs are the typed outputs of the [`action`] types, which all keep the
//! whole server [`answer`]; [`Client::execute`] sends any [`action::Action`].
//!
#![doc = include_str!("legacy/methods.md")]
//!
//! ## Dependencies
//! - `getui-model`, `getui-protocol`, `getui-transport`: the layers below this facade.
//! - `tokio`: the runtime of the asynchronous client and of the blocking client's background
//!   thread (host list, probes).
//! - `http`: header names for requests handed to the transport.
//! - `thiserror`: the configuration error type.
//! - `tracing` (optional): the events of the `tracing` feature.
//! - `getui-mock` (optional): re-exported by the `mock` feature.

// Without a client the crate only holds the configuration and error types; the helpers the
// clients use are then unused.
#![cfg_attr(not(any(feature = "async", feature = "blocking")), allow(dead_code))]
// docs.rs (`--cfg docsrs`, nightly): each feature-gated item shows the feature it needs.
#![cfg_attr(docsrs, feature(doc_cfg))]

/// Emits a `tracing` debug event when the `tracing` feature is on; nothing otherwise.
#[allow(unused_macros)]
macro_rules! event {
    ($($arg:tt)*) => {
        #[cfg(feature = "tracing")]
        {
            ::tracing::debug!($($arg)*);
        }
    };
}

/// Emits a `tracing` warning when the `tracing` feature is on; nothing otherwise.
#[allow(unused_macros)]
macro_rules! warn_event {
    ($($arg:tt)*) => {
        #[cfg(feature = "tracing")]
        {
            ::tracing::warn!($($arg)*);
        }
    };
}

pub mod clock;
pub mod config;
#[cfg(any(feature = "async", feature = "blocking"))]
mod driver;
pub mod error;
mod legacy;
#[cfg(any(feature = "async", feature = "blocking"))]
#[cfg_attr(docsrs, doc(cfg(any(feature = "async", feature = "blocking"))))]
pub mod v2;

// The legacy clients keep their paths at the crate root.
#[cfg(feature = "blocking")]
#[cfg_attr(docsrs, doc(cfg(feature = "blocking")))]
pub use legacy::blocking;
#[cfg(any(feature = "async", feature = "blocking"))]
use legacy::{api, batch, client};

#[cfg(feature = "async")]
#[cfg_attr(docsrs, doc(cfg(feature = "async")))]
pub use batch::Batch;
#[cfg(feature = "async")]
#[cfg_attr(docsrs, doc(cfg(feature = "async")))]
pub use client::{Client, ClientBuilder};
pub use config::{Config, ConfigBuilder, ConfigError, HostConfig, Limits, Proxy, PushFlags};
pub use error::{Error, ErrorKind, Result};

/// Templates, messages, targets and payloads (re-exported from `getui-model`).
pub use getui_model as model;
pub use getui_model::migrate;
/// The actions of the API with their typed outputs (re-exported from `getui-protocol`).
pub use getui_protocol::action;
/// Answers, result codes and API errors (re-exported from `getui-protocol`).
pub use getui_protocol::answer;
/// Calendar dates of the statistics queries (re-exported from `getui-protocol`).
pub use getui_protocol::date;
/// Bytes over HTTP (re-exported from `getui-transport`): [`transport::HostRanking`] of
/// `Client::hosts`, and [`transport::AsyncHttpClient`] to plug your own HTTP stack into
/// `ClientBuilder::http_client`. No hyper type is part of it.
pub use getui_transport as transport;

/// The local stand-in for the Getui server (re-exported `getui-mock`, feature `mock`): point
/// a client at [`MockServer::serviceex_url`](getui_mock::MockServer::serviceex_url) in your
/// tests, then check what it recorded.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), getui::Error> {
/// use getui::mock::{MockServer, DEFAULT_APP_ID, DEFAULT_APP_KEY, DEFAULT_MASTER_SECRET};
/// let server = MockServer::start().await;
/// let client = getui::Client::builder(DEFAULT_APP_KEY, DEFAULT_MASTER_SECRET)
///     .host(server.serviceex_url())
///     .build()?;
/// client.bind_alias(DEFAULT_APP_ID, "alice", "cid-1").await?;
/// assert_eq!(server.alias_clients(DEFAULT_APP_ID, "alice"), ["cid-1"]);
/// assert_eq!(server.requests_for("alias_bind").len(), 2); // sign_error, then after connect
/// # Ok(()) }
/// ```
#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub use getui_mock as mock;

// The code blocks of README.md are doctests too (the published README is the crate's page on
// crates.io), without becoming part of the documentation. They use the async clients.
#[cfg(all(doctest, feature = "async"))]
#[doc = include_str!("../README.md")]
struct CrateReadmeDoctests;

/// The Rust examples of the workspace README (`README.md`: the REST v2 and legacy
/// quickstarts), compiled as doctests so that they keep compiling.
#[cfg(all(doctest, feature = "async"))]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
