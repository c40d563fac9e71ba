//! The legacy OpenService API's clients (`…/apiex.htm`): [`Client`](crate::Client) and
//! [`blocking::Client`](crate::blocking::Client), their named methods and the batch. Their
//! public paths stay at the crate root (`getui::Client`, `getui::blocking`, `getui::Batch`).

#[cfg(any(feature = "async", feature = "blocking"))]
pub(crate) mod api;
#[cfg(any(feature = "async", feature = "blocking"))]
pub(crate) mod batch;
#[cfg(feature = "blocking")]
pub mod blocking;
#[cfg(any(feature = "async", feature = "blocking"))]
pub(crate) mod client;
#[cfg(feature = "async")]
pub(crate) mod push;
