//! # getui-conformance
//!
//! Runs the golden vectors recorded from the official Python SDK (format: `tests/vectors/README.md`)
//! through getui-rs against a local replay server and compares what was sent, request by request.
//! `cargo xtask conformance [--vectors DIR] [--capture FILE]` is its command line; the same
//! runner runs inside `cargo test` over the repository's copy of the vectors.
//!
//! ## Dependencies
//! - `hyper`, `hyper-util`, `http-body-util`, `tokio`, `bytes`, `http`: the replay server.
//! - `serde_json`: vectors, request bodies, the capture file.
//! - `base64`, `flate2`, `md-5`: protobuf params, gzip bodies, the connect sign check.

pub mod capture;
pub mod cli;
pub mod compare;
pub mod ops;
pub mod replay;
pub mod run;
pub mod schema;
