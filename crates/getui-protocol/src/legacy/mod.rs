//! The legacy OpenService API (`…/apiex.htm`), sans-IO: the connect sign, one action per
//! official method with its JSON params, protobuf (`clientData`, `PI`, `singleDatas`), gzip,
//! and typed answers. Everything here keeps its path at the crate root
//! (`getui_protocol::action`, `getui_protocol::answer`, …).

pub mod action;
pub mod answer;
pub mod gzip;
pub mod pb;
pub mod sign;
