//! `push_channel`: the vendor channels (Android ups, iOS APNs, Harmony).

pub mod android;
pub mod harmony;
pub mod ios;
