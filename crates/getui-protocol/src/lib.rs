//! # getui-protocol
//!
//! The Getui OpenService protocol without I/O: the connect sign, the JSON params of every
//! action, the protobuf encoding of templates (`clientData`, `PI`, `singleDatas`), gzip, and the
//! typed parsing of answers. Transports only move the bytes this crate produces.

pub mod pb;
