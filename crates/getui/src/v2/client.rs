//! The asynchronous REST v2 client: the one driver every named method goes through.

use super::builder::ClientBuilder;
use super::core::{Core, V2Call};
use crate::clock::TokioClock;
use crate::driver::{drive, AsyncEngine};
use crate::error::{Error, Result};
use getui_model::secret::{AuthToken, MasterSecret};
use getui_model::v2::user::AuthRequest;
use getui_protocol::v2::action::{Action, Auth, CloseAuth, TokenInfo};
use getui_transport::{ApiRequest, ApiResponse, BoxFuture, HostRanking, Transport, TransportError};
use std::future::Future;
use std::sync::Arc;

/// The asynchronous REST v2 client (feature `async`). Cheap to clone (an `Arc` inside);
/// clones share the connection pool, the host list and the auth token, and nothing is shared
/// with other clients.
///
/// The token is obtained on the first call (or with [`authenticate`](Self::authenticate)),
/// shared by all calls, and replaced before it expires with one auth request however many
/// calls are waiting; after a 10001 answer the client authenticates once and sends the same
/// request (same body, same `request_id`) once more.
///
/// Every official v2 method has a named method (see the table in [`crate::v2`]);
/// [`execute`](Self::execute) sends any [`Action`].
///
/// ```
/// # #[cfg(feature = "async")]
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), getui::Error> {
/// use getui::model::v2::push::{ClickType, Notification, PushMessage, PushRequest};
/// use getui_mock::{MockServer, DEFAULT_APP_ID, DEFAULT_APP_KEY, DEFAULT_MASTER_SECRET};
/// let server = MockServer::start().await; // a local stand-in for Getui
///
/// let client = getui::v2::Client::builder(DEFAULT_APP_ID, DEFAULT_APP_KEY, DEFAULT_MASTER_SECRET)
///     .base_url(server.v2_base_url())
///     .build()?;
/// let request = PushRequest::new()
///     .cid("cid-1")
///     .push_message(PushMessage::notification(Notification::new("Hi", "Hello", ClickType::Startapp)));
/// let result = client.push_to_single_by_cid(&request).await?;
/// assert_eq!(result.values().next().unwrap().len(), 1); // task id → cid → status
/// assert_eq!(server.v2_ledger().accepted, 1);
/// # Ok(()) }
/// # #[cfg(not(feature = "async"))]
/// # fn main() {}
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    core: Core,
    transport: Transport,
    /// One auth at a time: callers that need a token wait for the same one.
    auth_lock: tokio::sync::Mutex<()>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("v2::Client")
            .field("app_id", &self.inner.core.settings().app_id)
            .field("transport", &self.inner.transport)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// Builds the asynchronous client. Nothing is sent until the first call.
    pub fn build(self) -> Result<Client> {
        let parts = self.into_parts()?;
        let clock = parts.clock.unwrap_or_else(|| Arc::new(TokioClock));
        Ok(Client {
            inner: Arc::new(Inner {
                core: Core::new(parts.settings, clock),
                transport: parts.transport.build()?,
                auth_lock: tokio::sync::Mutex::new(()),
            }),
        })
    }
}

impl Client {
    /// A builder for the app `app_id` with its app key and master secret.
    pub fn builder(
        app_id: impl Into<String>,
        app_key: impl Into<String>,
        master_secret: impl Into<MasterSecret>,
    ) -> ClientBuilder {
        ClientBuilder::new(app_id, app_key, master_secret)
    }

    /// A client configured from `GETUI_*` variables (see [`ClientBuilder::from_env`]).
    pub fn from_env() -> Result<Self> {
        ClientBuilder::from_env()?.build()
    }

    /// The app id (official `getAppId`).
    pub fn app_id(&self) -> &str {
        &self.inner.core.settings().app_id
    }

    /// The base URL calls go to now (official `getHost`).
    pub fn current_host(&self) -> String {
        current_host(&self.inner.transport.ranking())
    }

    /// A snapshot of the host ranking (diagnostics).
    pub fn hosts(&self) -> HostRanking {
        self.inner.transport.ranking()
    }

    /// With [`health_check`](ClientBuilder::health_check) on: probes the hosts now and
    /// returns the ranking after the pass; otherwise returns the ranking.
    pub async fn refresh_hosts(&self) -> Result<HostRanking> {
        Ok(self.inner.transport.refresh().await?)
    }

    /// Replaces the base URLs (official `setDomainUrlList`): later calls go to the first.
    pub fn set_hosts<I, S>(&self, urls: I) -> Result<()>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let hosts = self.inner.core.normalised_hosts(urls);
        Ok(self.inner.transport.replace_hosts(&hosts)?)
    }

    /// The current auth token, if the client holds one (official `getAuthToken`). Its
    /// `Debug` and `Display` print `***`.
    pub fn token(&self) -> Option<AuthToken> {
        self.inner.core.token()
    }

    /// Uses `token` from now on (official `setAuthToken`), until the service answers 10001
    /// (its expiry is unknown, so it is not refreshed before).
    pub fn set_token(&self, token: impl Into<AuthToken>) {
        self.inner.core.set_token(token.into());
    }

    /// Authenticates now (official `auth`) and keeps the new token. Not required: calls
    /// authenticate when they need to. When the service refuses, the error is returned and
    /// the client keeps its previous token.
    pub async fn authenticate(&self) -> Result<()> {
        let _guard = self.inner.auth_lock.lock().await;
        self.authenticate_locked().await
    }

    /// Sends a caller-built auth request exactly as given (official `userApi.auth`) and
    /// returns the answer's token; the client's own token is not changed.
    pub async fn auth(&self, request: &AuthRequest) -> Result<TokenInfo> {
        self.execute(&Auth::raw(request)).await
    }

    /// Deletes a token on the server (official `closeAuth`): `token`, or the client's own
    /// when `None` or empty. After deleting its own token the client forgets it; the next
    /// call authenticates first.
    pub async fn close_auth(&self, token: Option<&str>) -> Result<()> {
        let target = match token.filter(|t| !t.is_empty()) {
            Some(t) => AuthToken::new(t),
            None => match self.inner.core.token() {
                Some(own) => own,
                None => {
                    self.authenticate().await?;
                    self.inner.core.token().ok_or_else(|| Error::auth(None))?
                }
            },
        };
        let action =
            CloseAuth::new(&target).map_err(|e| Error::invalid(<CloseAuth as Action>::NAME, e))?;
        self.execute(&action).await?;
        self.inner.core.forget_token(&target);
        Ok(())
    }

    /// Deletes the client's token on the server, if it holds one, and forgets it.
    pub async fn close(&self) -> Result<()> {
        if self.inner.core.token().is_some() {
            self.close_auth(None).await?;
        }
        Ok(())
    }

    /// Sends one action and returns its typed output: with the current token (obtained or
    /// refreshed first when needed); after a 10001 answer one auth and one re-send of the
    /// same request; after a 301 answer a switch to its hosts and one re-send. An error of
    /// a push carries its `request_id` ([`Error::request_id`]).
    pub fn execute<'a, A: Action>(
        &'a self,
        action: &'a A,
    ) -> impl Future<Output = Result<A::Output>> + 'a {
        drive(self, V2Call::new(&self.inner.core, action))
    }

    /// Sends a signed auth request and stores its token. The caller holds `auth_lock`.
    async fn authenticate_locked(&self) -> Result<()> {
        let core = &self.inner.core;
        let (action, started) = core.auth_action()?;
        let info = self
            .execute(&action)
            .await
            .map_err(Error::into_auth_failure)?;
        core.token_obtained(info, started);
        Ok(())
    }
}

impl AsyncEngine for Client {
    fn send(
        &self,
        request: ApiRequest,
    ) -> impl Future<Output = std::result::Result<ApiResponse, TransportError>> + Send {
        self.inner.transport.send(request)
    }

    fn authenticate(&self, seen: u64) -> BoxFuture<'_, Result<()>> {
        Box::pin(async move {
            let _guard = self.inner.auth_lock.lock().await;
            if self.inner.core.replaced_since(seen).is_some() {
                return Ok(());
            }
            self.authenticate_locked().await
        })
    }

    fn switch_hosts(&self, hosts: &[String]) -> Result<()> {
        Ok(self.inner.transport.replace_hosts(hosts)?)
    }
}

/// The head of a host ranking (the base URL calls go to).
pub(crate) fn current_host(ranking: &getui_transport::HostRanking) -> String {
    ranking.current().unwrap_or_default().to_owned()
}
