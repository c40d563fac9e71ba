//! The asynchronous REST v2 client: the one driver every named method goes through.

use super::builder::ClientBuilder;
use super::core::{normalise_host, CallToken, Core};
use crate::clock::TokioClock;
use crate::error::{Error, Result};
use getui_model::secret::{AuthToken, MasterSecret};
use getui_model::v2::user::AuthRequest;
use getui_protocol::v2::action::{Action, Auth, CloseAuth, TokenInfo};
use getui_protocol::v2::answer::Envelope;
use getui_protocol::v2::call::{CallState, Step};
use getui_transport::{HostRanking, Transport};
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
/// ```no_run
/// # async fn run() -> Result<(), getui::Error> {
/// use getui::model::v2::push::{ClickType, Notification, PushMessage, PushRequest};
/// let client = getui::v2::Client::builder("AppId", "AppKey", "MasterSecret").build()?;
/// let request = PushRequest::new()
///     .cid("cid-1")
///     .push_message(PushMessage::notification(Notification::new("Hi", "Hello", ClickType::Startapp)));
/// let result = client.push_to_single_by_cid(&request).await?;
/// println!("{result:?}");
/// # Ok(()) }
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
        let app_id = &self.inner.core.settings().app_id;
        let hosts: Vec<String> = urls
            .into_iter()
            .map(|u| normalise_host(&u.into(), app_id))
            .collect();
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
        self.authenticate_locked().await.map(|_| ())
    }

    /// Sends a caller-built auth request exactly as given (official `userApi.auth`) and
    /// returns the answer's token; the client's own token is not changed.
    pub async fn auth(&self, request: &AuthRequest) -> Result<TokenInfo> {
        let action = Auth::raw(request);
        self.auth_exchange(&action).await
    }

    /// Deletes a token on the server (official `closeAuth`): `token`, or the client's own
    /// when `None` or empty. After deleting its own token the client forgets it; the next
    /// call authenticates first.
    pub async fn close_auth(&self, token: Option<&str>) -> Result<()> {
        let target = match token.filter(|t| !t.is_empty()) {
            Some(t) => AuthToken::new(t),
            None => (*self.call_token().await?.0).clone(),
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
    pub async fn execute<A: Action>(&self, action: &A) -> Result<A::Output> {
        let context = |e: Error| e.with_context(A::NAME, action.request_id());
        if action.is_auth() {
            return self.auth_exchange(action).await.map_err(context);
        }
        let mut token = self.call_token().await.map_err(context)?;
        let mut call = CallState::default();
        loop {
            let envelope = self
                .exchange(action, Some(&token.0))
                .await
                .map_err(context)?;
            match call.next(false, &envelope).map_err(|e| context(e.into()))? {
                Step::Done => return A::parse(envelope).map_err(|e| context(e.into())),
                Step::Reauthenticate => {
                    token = self.reauthenticate(token.1).await.map_err(context)?;
                }
                Step::SwitchHosts(hosts) => self.switch_hosts(&hosts).map_err(context)?,
            }
        }
    }

    /// One exchange: the request with `token`, the answer's envelope.
    async fn exchange<A: Action>(&self, action: &A, token: Option<&AuthToken>) -> Result<Envelope> {
        let core = &self.inner.core;
        let request = core.request(action, token)?;
        let response = self.inner.transport.send(request).await?;
        core.envelope::<A>(response)
    }

    /// An auth call (no token, never a re-auth; a 301 still switches hosts once).
    async fn auth_exchange<A: Action>(&self, action: &A) -> Result<A::Output> {
        let mut call = CallState::default();
        loop {
            let envelope = self.exchange(action, None).await?;
            match call.next(true, &envelope)? {
                Step::SwitchHosts(hosts) => self.switch_hosts(&hosts)?,
                Step::Done | Step::Reauthenticate => return Ok(A::parse(envelope)?),
            }
        }
    }

    /// A usable token: the current one, or a new one (one auth for all waiting callers).
    async fn call_token(&self) -> Result<CallToken> {
        let core = &self.inner.core;
        if let Some(token) = core.usable_token() {
            return Ok(token);
        }
        let _guard = self.inner.auth_lock.lock().await;
        if let Some(token) = core.usable_token() {
            return Ok(token);
        }
        self.authenticate_locked().await
    }

    /// After a 10001 to a request that carried generation `seen`: a new token, unless
    /// another caller got one meanwhile.
    async fn reauthenticate(&self, seen: u64) -> Result<CallToken> {
        let _guard = self.inner.auth_lock.lock().await;
        if let Some(token) = self.inner.core.replaced_since(seen) {
            return Ok(token);
        }
        self.authenticate_locked().await
    }

    /// Sends a signed auth request and stores its token. The caller holds `auth_lock`.
    async fn authenticate_locked(&self) -> Result<CallToken> {
        let core = &self.inner.core;
        let (action, started) = core.auth_action()?;
        let info = self.auth_exchange(&action).await.map_err(|e| {
            e.into_auth_failure()
                .with_context(<Auth as Action>::NAME, None)
        })?;
        Ok(core.token_obtained(info, started))
    }

    /// Adopts the hosts of a 301 answer, the configured ones kept behind them.
    fn switch_hosts(&self, hosts: &[String]) -> Result<()> {
        let list = super::core::switched_hosts(self.inner.core.settings(), hosts);
        Ok(self.inner.transport.replace_hosts(&list)?)
    }
}

/// The head of a host ranking (the base URL calls go to).
pub(crate) fn current_host(ranking: &getui_transport::HostRanking) -> String {
    ranking.current().unwrap_or_default().to_owned()
}
