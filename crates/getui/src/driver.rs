//! The one asynchronous and the one blocking driver of a call, for both generations.
//!
//! A call of either API is an I/O-free [`Call`] (the legacy one in `legacy/client.rs`, the
//! REST v2 one in `v2/core.rs`): it hands back the request to send, or asks for a token
//! first, and reads each answer into the next step. The drivers only move bytes and wait:
//!
//! ```text
//!   prepare ──Authenticate{seen}──► engine.authenticate(seen) ──┐
//!      │ Send(request)                                          │
//!      ▼                                                        │
//!   transport.send ──► answer ──Done(output)──► return          │
//!                        ├──Authenticate{seen}──────────────────┤
//!                        └──SwitchHosts(hosts)──► replace ──────┴──► prepare again
//! ```
//!
//! Each generation's call decides how often it may ask for a recovery (one re-auth and one
//! host switch per call); the drivers add a bound of their own so that no answer sequence can
//! make a call loop.

use crate::error::{Error, Result};
use getui_transport::{ApiRequest, ApiResponse, BoxFuture, TransportError};
use std::future::Future;

/// The most authentications one call may wait for (a first token, then one after the
/// service reported it invalid).
const MAX_AUTHENTICATIONS: u32 = 2;
/// The most exchanges one call may make (first send, one re-send after a re-auth, one after
/// a host switch, and one spare).
const MAX_EXCHANGES: u32 = 4;

/// What a call wants before its next exchange.
pub(crate) enum Prepared {
    /// Send this request.
    Send(ApiRequest),
    /// Obtain a token first, unless one newer than generation `seen` exists by now.
    Authenticate {
        /// The token generation the call saw.
        seen: u64,
    },
}

/// What a call wants after an answer.
pub(crate) enum Next<O> {
    /// The call is over with this output.
    Done(O),
    /// The token was refused: authenticate (unless another caller did since `seen`), then
    /// prepare and send again.
    Authenticate {
        /// The token generation the refused request carried.
        seen: u64,
    },
    /// Use these hosts from now on, then send again.
    SwitchHosts(Vec<String>),
}

/// One call of one generation, without I/O.
pub(crate) trait Call {
    /// What the call returns.
    type Output;

    /// The next request, or a token first.
    fn prepare(&mut self) -> Result<Prepared>;

    /// Reads an answer into the next step.
    fn answer(&mut self, response: ApiResponse) -> Result<Next<Self::Output>>;

    /// Names the call (action, request id) in an error.
    fn context(&self, error: Error) -> Error;
}

/// What one call has used of its bounds (no generation's call reaches them: a safety net).
#[derive(Default)]
struct Bounds {
    authentications: u32,
    exchanges: u32,
}

impl Bounds {
    /// Counts an authentication; an error past [`MAX_AUTHENTICATIONS`].
    fn authenticate(&mut self) -> Result<()> {
        self.authentications += 1;
        if self.authentications > MAX_AUTHENTICATIONS {
            return Err(Error::auth(None));
        }
        Ok(())
    }

    /// Counts an exchange; an error past [`MAX_EXCHANGES`].
    fn exchange(&mut self) -> Result<()> {
        self.exchanges += 1;
        if self.exchanges > MAX_EXCHANGES {
            return Err(Error::from(crate::config::ConfigError::new(
                "call",
                "more exchanges than one call may make",
            )));
        }
        Ok(())
    }
}

/// What the asynchronous driver needs from a client.
pub(crate) trait AsyncEngine: Sync {
    /// Sends one request (with the transport's retries and failover).
    ///
    /// The transport's own future, not one around it: an `async` wrapper would hold a second
    /// slot for the request, and this future is part of every call under way.
    fn send(
        &self,
        request: ApiRequest,
    ) -> impl Future<Output = std::result::Result<ApiResponse, TransportError>> + Send;

    /// Single-flight authentication: authenticates unless a token newer than generation
    /// `seen` exists by now. (Boxed: authenticating is a call itself.)
    fn authenticate(&self, seen: u64) -> BoxFuture<'_, Result<()>>;

    /// Replaces the host list.
    fn switch_hosts(&self, hosts: &[String]) -> Result<()>;
}

/// Runs `call` to its end on an asynchronous client.
pub(crate) async fn drive<E: AsyncEngine, C: Call>(engine: &E, mut call: C) -> Result<C::Output> {
    let mut bounds = Bounds::default();
    loop {
        let request = match call.prepare().map_err(|e| call.context(e))? {
            Prepared::Send(request) => request,
            Prepared::Authenticate { seen } => {
                bounds.authenticate().map_err(|e| call.context(e))?;
                engine
                    .authenticate(seen)
                    .await
                    .map_err(|e| call.context(e))?;
                continue;
            }
        };
        bounds.exchange().map_err(|e| call.context(e))?;
        let response = engine
            .send(request)
            .await
            .map_err(|e| call.context(e.into()))?;
        match call.answer(response).map_err(|e| call.context(e))? {
            Next::Done(output) => return Ok(output),
            Next::Authenticate { seen } => {
                bounds.authenticate().map_err(|e| call.context(e))?;
                engine
                    .authenticate(seen)
                    .await
                    .map_err(|e| call.context(e))?;
            }
            Next::SwitchHosts(hosts) => engine.switch_hosts(&hosts).map_err(|e| call.context(e))?,
        }
    }
}

/// What the blocking driver needs from a client.
#[cfg(feature = "blocking")]
pub(crate) trait BlockingEngine {
    /// Sends one request on the calling thread.
    fn send(&self, request: ApiRequest) -> Result<ApiResponse>;

    /// See [`AsyncEngine::authenticate`].
    fn authenticate(&self, seen: u64) -> Result<()>;

    /// Replaces the host list.
    fn switch_hosts(&self, hosts: &[String]) -> Result<()>;
}

/// Runs `call` to its end on a blocking client (the same steps as [`drive`]).
#[cfg(feature = "blocking")]
pub(crate) fn drive_blocking<E: BlockingEngine, C: Call>(
    engine: &E,
    mut call: C,
) -> Result<C::Output> {
    let mut bounds = Bounds::default();
    loop {
        let request = match call.prepare().map_err(|e| call.context(e))? {
            Prepared::Send(request) => request,
            Prepared::Authenticate { seen } => {
                bounds.authenticate().map_err(|e| call.context(e))?;
                engine.authenticate(seen).map_err(|e| call.context(e))?;
                continue;
            }
        };
        bounds.exchange().map_err(|e| call.context(e))?;
        let response = engine.send(request).map_err(|e| call.context(e))?;
        match call.answer(response).map_err(|e| call.context(e))? {
            Next::Done(output) => return Ok(output),
            Next::Authenticate { seen } => {
                bounds.authenticate().map_err(|e| call.context(e))?;
                engine.authenticate(seen).map_err(|e| call.context(e))?;
            }
            Next::SwitchHosts(hosts) => engine.switch_hosts(&hosts).map_err(|e| call.context(e))?,
        }
    }
}

#[cfg(all(test, feature = "async"))]
mod tests {
    use crate::model::v2::push::PushRequest;
    use crate::model::{NotificationTemplate, SingleMessage, Target};

    /// Every push under way holds its future (10,000 pushes started at once hold 10,000, most
    /// of them waiting for a free exchange slot): each layer (method, driver, transport) holds
    /// the request once and hands the transport's future on as it is. 800 and 832 bytes with
    /// rustc 1.95 (1,776 and 1,808 when each layer wrapped the next in an `async` block of its
    /// own and the transport kept its rare steps inline).
    #[test]
    fn a_push_future_stays_small() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let _entered = runtime.enter();
        let legacy = crate::Client::builder("AppKey", "MasterSecret")
            .host("http://127.0.0.1:9/serviceex")
            .build()
            .unwrap();
        let template = NotificationTemplate::builder()
            .app_id("AppId")
            .app_key("AppKey")
            .title("title")
            .text("text")
            .build()
            .unwrap();
        let message = SingleMessage::new(template);
        let target = Target::client("AppId", "cid");
        let size = std::mem::size_of_val(&legacy.push_to_single(&message, &target));
        assert!(size <= 960, "push_to_single future: {size} bytes");

        let v2 = crate::v2::Client::builder("AppId", "AppKey", "MasterSecret")
            .base_url("http://127.0.0.1:9")
            .build()
            .unwrap();
        let request = PushRequest::new().cid("cid");
        let size = std::mem::size_of_val(&v2.push_to_single_by_cid(&request));
        assert!(size <= 960, "push_to_single_by_cid future: {size} bytes");
    }
}
