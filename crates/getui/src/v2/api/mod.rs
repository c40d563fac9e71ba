//! The named REST v2 methods, written once and expanded for both clients
//! ([`v2::Client`](super::Client) and [`v2::blocking::Client`](super::blocking::Client)), so
//! that the two cannot drift apart.
//!
//! The lists are grouped by domain (`push`, `task`, `report`, `user`). Each entry names the
//! method, its typed arguments, its output, how the protocol action is built (its
//! constructor validates: a refused input sends nothing) and the setup lines of its doc
//! example.

use crate::error::{Error, Result};
use getui_model::ValidationError;
use getui_protocol::v2::action::Action;

/// Turns a constructor's validation failure into an [`Error`] naming the action.
pub(crate) fn checked<A: Action>(action: std::result::Result<A, ValidationError>) -> Result<A> {
    action.map_err(|e| Error::invalid(A::NAME, e))
}

/// The asynchronous expansion.
#[cfg(feature = "async")]
macro_rules! async_v2_methods {
    ($(
        $(#[doc = $doc:literal])*
        fn $name:ident($($arg:ident: $ty:ty),*) -> $out:ty = $build:expr;
        example $example:literal;
    )*) => {
        impl crate::v2::client::Client {
            $(
                $(#[doc = $doc])*
                #[doc = ""]
                #[doc = "```"]
                #[doc = "# use getui::model::v2::{audience::*, push::*, report::*, settings::*, user::*};"]
                #[doc = "# use getui_mock::{MockServer, DEFAULT_APP_ID, DEFAULT_APP_KEY, DEFAULT_MASTER_SECRET};"]
                #[doc = "# #[tokio::main(flavor = \"current_thread\")]"]
                #[doc = "# async fn main() -> getui::Result<()> {"]
                #[doc = "# let server = MockServer::start().await; // a local stand-in for Getui"]
                #[doc = "# let client = getui::v2::Client::builder(DEFAULT_APP_ID, DEFAULT_APP_KEY, DEFAULT_MASTER_SECRET)"]
                #[doc = "#     .base_url(server.v2_base_url())"]
                #[doc = "#     .build()?;"]
                #[doc = "# macro_rules! call { ($e:expr) => { $e.await? } }"]
                #[doc = $example]
                #[doc = concat!("let answer = client.", stringify!($name), "(", stringify!($($arg),*), ").await?;")]
                #[doc = "println!(\"{answer:?}\");"]
                #[doc = "# Ok(()) }"]
                #[doc = "```"]
                pub async fn $name(&self, $($arg: $ty),*) -> Result<$out> {
                    let action = checked($build)?;
                    self.execute(&action).await
                }
            )*
        }
    };
}

/// The blocking expansion.
#[cfg(feature = "blocking")]
macro_rules! blocking_v2_methods {
    ($(
        $(#[doc = $doc:literal])*
        fn $name:ident($($arg:ident: $ty:ty),*) -> $out:ty = $build:expr;
        example $example:literal;
    )*) => {
        impl crate::v2::blocking::Client {
            $(
                $(#[doc = $doc])*
                #[doc = ""]
                #[doc = "```"]
                #[doc = "# use getui::model::v2::{audience::*, push::*, report::*, settings::*, user::*};"]
                #[doc = "# use getui_mock::{BlockingMockServer, DEFAULT_APP_ID, DEFAULT_APP_KEY, DEFAULT_MASTER_SECRET};"]
                #[doc = "# fn main() -> getui::Result<()> {"]
                #[doc = "# let server = BlockingMockServer::start(); // a local stand-in for Getui"]
                #[doc = "# let client = getui::v2::blocking::Client::builder(DEFAULT_APP_ID, DEFAULT_APP_KEY, DEFAULT_MASTER_SECRET)"]
                #[doc = "#     .base_url(server.v2_base_url())"]
                #[doc = "#     .build()?;"]
                #[doc = "# macro_rules! call { ($e:expr) => { $e? } }"]
                #[doc = $example]
                #[doc = concat!("let answer = client.", stringify!($name), "(", stringify!($($arg),*), ")?;")]
                #[doc = "println!(\"{answer:?}\");"]
                #[doc = "# Ok(()) }"]
                #[doc = "```"]
                pub fn $name(&self, $($arg: $ty),*) -> Result<$out> {
                    let action = checked($build)?;
                    self.execute(&action)
                }
            )*
        }
    };
}

mod push;
mod report;
mod task;
mod user;
