//! # getui
//!
//! The Getui (个推) push SDK for the OpenService API (work in progress).

pub mod config;

pub use config::{Config, ConfigBuilder, ConfigError, HostConfig, Limits, Proxy, PushFlags};
