//! The legacy (OpenService) vector runner: the interpreter of official calls (`ops`), the
//! replay server, the run and the vector schema. Their paths stay at the crate root
//! (`getui_conformance::run`, …).

pub mod ops;
pub mod replay;
pub mod run;
pub mod schema;
