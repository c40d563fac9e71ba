//! # getui-conformance
//!
//! Runs the golden vectors recorded from the official Python SDK (format: `tests/vectors/README.md`)
//! through getui-rs against a local replay server and compares what was sent, request by request.
//! `cargo xtask conformance [--vectors DIR] [--capture FILE]` is its command line; the same
//! runner runs inside `cargo test` over the repository's copy of the vectors.
//!
//! The REST v2 vectors (format: `tests/vectors-v2/README.md`, recorded from the official PHP
//! v2 SDK) run through `getui::v2` with the same command ([`v2`]; `--protocol v2`, or detected
//! from the folder).
//!
//! [`vectors`] is the one place that loads the vectors and compares recorded JSON with what was
//! produced; the runners here and the vector tests of getui-model and getui-protocol (in this
//! crate's `tests/`, so that the published crates neither read nor need the repository's
//! vectors) all go through it.
//!
//! ## Dependencies
//! - `hyper`, `hyper-util`, `http-body-util`, `tokio`, `bytes`, `http`: the replay server.
//! - `serde_json`: vectors, request bodies, the capture file.
//! - `base64`, `flate2`, `md-5`: protobuf params, gzip bodies, the connect sign check.
//! - `sha2`: the REST v2 auth sign and the mock server's tokens.

pub mod capture;
pub mod cli;
pub mod compare;
pub mod legacy;
pub mod v2;
pub mod vectors;

// The legacy runner keeps its paths at the crate root.
pub use legacy::{ops, replay, run, schema};
