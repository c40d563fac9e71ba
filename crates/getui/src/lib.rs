//! # getui
//!
//! The Getui (个推) push SDK for the legacy OpenService API (`…/apiex.htm`): the same requests
//! as the official SDKs, byte for byte, with an asynchronous [`Client`] (feature `async`,
//! default) and a [`blocking::Client`] (feature `blocking`).
//!
//! - Configuration lives in a [`Config`] built by a builder; nothing is read from the
//!   environment unless you call [`Config::from_env`].
//! - Bad input is refused with a typed [`Error`] naming the field and rule before any byte is
//!   sent; a push's `requestId` survives every re-send.
//! - Secrets never appear in `Debug`, `Display`, logs or errors; TLS verification is always on.
//!
//! ## Dependencies
//! - `getui-model`, `getui-protocol`, `getui-transport`: the layers below this facade.
//! - `tokio`: the runtime of the asynchronous client and of the blocking client's thread.
//! - `http`: header names for requests handed to the transport.
//! - `thiserror`: the configuration error type.

mod client;
pub mod config;
pub mod error;

#[cfg(feature = "blocking")]
pub mod blocking;

pub use client::{Client, ClientBuilder};
pub use config::{Config, ConfigBuilder, ConfigError, HostConfig, Limits, Proxy, PushFlags};
pub use error::{Error, ErrorKind, Result};

/// Templates, messages, targets and payloads (re-exported from `getui-model`).
pub use getui_model as model;
/// The actions of the API with their typed outputs (re-exported from `getui-protocol`).
pub use getui_protocol::action;
/// Answers, result codes and API errors (re-exported from `getui-protocol`).
pub use getui_protocol::answer;
