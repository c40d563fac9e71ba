//! REST API v2 (`https://restapi.getui.com/v2/{appId}/…`): the API the vendor points every
//! new integration to. [`Client`] (async, feature `async`) and [`blocking::Client`] (feature
//! `blocking`) speak it with the wire of the official Java and PHP v2 SDKs, checked against
//! golden vectors recorded from the PHP SDK, and without their defects: TLS always verified,
//! path parameters escaped, a `request_id` generated when absent and kept on every re-send,
//! the token refreshed before it expires (one auth for all waiting calls), an empty target
//! refused instead of pushing to everyone, every documented limit checked before sending.
//!
//! The legacy API (`getui::Client`) and this one can run side by side in one process while
//! an integration migrates.
//!
//! ```
//! # #[cfg(feature = "async")]
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), getui::Error> {
//! use getui::model::v2::push::{ClickType, Notification, PushMessage, PushRequest};
//! # let server = getui_mock::MockServer::start().await; // a local stand-in for Getui
//! # let (app_id, app_key, master_secret) = (getui_mock::DEFAULT_APP_ID, getui_mock::DEFAULT_APP_KEY, getui_mock::DEFAULT_MASTER_SECRET);
//! let client = getui::v2::Client::builder(app_id, app_key, master_secret)
//! #   .base_url(server.v2_base_url()) // without it: https://restapi.getui.com
//!     .build()?;
//! let request = PushRequest::new()
//!     .cid("cid-1")
//!     .push_message(PushMessage::notification(Notification::new(
//!         "Your order",
//!         "has shipped",
//!         ClickType::Startapp,
//!     )));
//! let answer = client.push_to_single_by_cid(&request).await?;
//! println!("{answer:?}");
//! # Ok(()) }
//! # #[cfg(not(feature = "async"))]
//! # fn main() {}
//! ```
//!
//! ## Official methods
//!
//! Every method of the official PHP (P2) and Java (J2) v2 SDKs, and the documented endpoints
//! neither has, with its Rust name on both clients:
//!
#![doc = include_str!("methods.md")]

mod api;
mod builder;
mod client;
mod core;

#[cfg(feature = "blocking")]
#[cfg_attr(docsrs, doc(cfg(feature = "blocking")))]
pub mod blocking;

pub use builder::{ClientBuilder, DEFAULT_BASE_URL, DEFAULT_BASE_URLS};
#[cfg(feature = "async")]
#[cfg_attr(docsrs, doc(cfg(feature = "async")))]
pub use client::Client;
/// The REST v2 sans-IO layer (actions, envelope, codes), for [`Client::execute`] and
/// error inspection.
pub use getui_protocol::v2 as protocol;
/// The answer types that are not in the model crate.
pub use getui_protocol::v2::action::{ListAliasResult, TokenInfo};
