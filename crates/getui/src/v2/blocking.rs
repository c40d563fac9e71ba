//! The blocking REST v2 client (feature `blocking`).
//!
//! A call runs on the calling thread, as the legacy [`crate::blocking::Client`] does: the
//! request is built and sent over a pooled keep-alive connection with blocking socket I/O; no
//! runtime on the caller's side, no `block_on`, so it works from plain threads and from
//! inside a tokio runtime. Every method of the asynchronous [`v2::Client`](super::Client) has
//! a twin here with the same name, arguments and output, generated from the same list.

use super::builder::ClientBuilder as AsyncClientBuilder;
use super::core::{Core, V2Call};
use crate::clock::{Clock, SystemClock};
use crate::config::Proxy;
use crate::driver::{drive_blocking, BlockingEngine};
use crate::error::{Error, Result};
use getui_model::secret::{AuthToken, MasterSecret};
use getui_model::v2::user::AuthRequest;
use getui_protocol::v2::action::{Action, Auth, CloseAuth, TokenInfo};
use getui_transport::blocking::Transport;
use getui_transport::{ApiRequest, ApiResponse, HostRanking};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The blocking REST v2 client. Cheap to clone; clones share the connection pool, the host
/// list and the token.
///
/// ```
/// use getui::model::v2::push::{PushMessage, PushRequest};
/// use getui_mock::{BlockingMockServer, DEFAULT_APP_ID, DEFAULT_APP_KEY, DEFAULT_MASTER_SECRET};
/// let server = BlockingMockServer::start(); // a local stand-in for Getui
///
/// let client = getui::v2::blocking::Client::builder(DEFAULT_APP_ID, DEFAULT_APP_KEY, DEFAULT_MASTER_SECRET)
///     .base_url(server.v2_base_url())
///     .build()?;
/// let request = PushRequest::new()
///     .cid("cid-1")
///     .push_message(PushMessage::transmission(r#"{"order": 42}"#));
/// let result = client.push_to_single_by_cid(&request)?;
/// assert_eq!(server.v2_ledger().accepted, 1);
/// println!("{result:?}");
/// # Ok::<(), getui::Error>(())
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    core: Core,
    transport: Transport,
    /// One auth at a time.
    auth_lock: Mutex<()>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("v2::blocking::Client")
            .field("app_id", &self.inner.core.settings().app_id)
            .field("transport", &self.inner.transport)
            .finish_non_exhaustive()
    }
}

/// Builds a blocking REST v2 [`Client`]: the options of the asynchronous
/// [`v2::ClientBuilder`](super::ClientBuilder).
#[derive(Debug)]
#[must_use]
pub struct ClientBuilder {
    inner: AsyncClientBuilder,
}

impl ClientBuilder {
    /// See [`v2::ClientBuilder::from_env`](super::ClientBuilder::from_env).
    pub fn from_env() -> Result<Self> {
        Ok(ClientBuilder {
            inner: AsyncClientBuilder::from_env()?,
        })
    }

    /// See [`v2::ClientBuilder::from_vars`](super::ClientBuilder::from_vars).
    pub fn from_vars<I, K, V>(vars: I) -> Result<Self>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: Into<String>,
    {
        Ok(ClientBuilder {
            inner: AsyncClientBuilder::from_vars(vars)?,
        })
    }

    /// See [`v2::ClientBuilder::base_url`](super::ClientBuilder::base_url).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.inner = self.inner.base_url(url);
        self
    }

    /// See [`v2::ClientBuilder::base_urls`](super::ClientBuilder::base_urls).
    pub fn base_urls<I, S>(mut self, urls: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.inner = self.inner.base_urls(urls);
        self
    }

    /// See [`v2::ClientBuilder::connect_timeout`](super::ClientBuilder::connect_timeout).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.inner = self.inner.connect_timeout(timeout);
        self
    }

    /// See [`v2::ClientBuilder::request_timeout`](super::ClientBuilder::request_timeout).
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.inner = self.inner.request_timeout(timeout);
        self
    }

    /// See [`v2::ClientBuilder::max_attempts`](super::ClientBuilder::max_attempts).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.inner = self.inner.max_attempts(attempts);
        self
    }

    /// See [`v2::ClientBuilder::proxy`](super::ClientBuilder::proxy).
    pub fn proxy(mut self, proxy: Proxy) -> Self {
        self.inner = self.inner.proxy(proxy);
        self
    }

    /// See [`v2::ClientBuilder::add_root_certificate_der`](super::ClientBuilder::add_root_certificate_der).
    pub fn add_root_certificate_der(mut self, der: impl Into<Vec<u8>>) -> Self {
        self.inner = self.inner.add_root_certificate_der(der);
        self
    }

    /// See [`v2::ClientBuilder::token_refresh_margin`](super::ClientBuilder::token_refresh_margin).
    pub fn token_refresh_margin(mut self, margin: Duration) -> Self {
        self.inner = self.inner.token_refresh_margin(margin);
        self
    }

    /// See [`v2::ClientBuilder::clock`](super::ClientBuilder::clock) (default: the system clock).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.inner = self.inner.clock(clock);
        self
    }

    /// See [`v2::ClientBuilder::health_check`](super::ClientBuilder::health_check): the probes
    /// run on the client's background thread.
    pub fn health_check(mut self, interval: Duration) -> Self {
        self.inner = self.inner.health_check(interval);
        self
    }

    /// See [`v2::ClientBuilder::max_answer_bytes`](super::ClientBuilder::max_answer_bytes).
    pub fn max_answer_bytes(mut self, bytes: usize) -> Self {
        self.inner = self.inner.max_answer_bytes(bytes);
        self
    }

    /// Builds the blocking client.
    pub fn build(self) -> Result<Client> {
        let parts = self.inner.into_parts()?;
        let clock = parts.clock.unwrap_or_else(|| Arc::new(SystemClock));
        Ok(Client {
            inner: Arc::new(Inner {
                core: Core::new(parts.settings, clock),
                transport: parts.transport.build_blocking()?,
                auth_lock: Mutex::new(()),
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
        ClientBuilder {
            inner: AsyncClientBuilder::new(app_id, app_key, master_secret),
        }
    }

    /// A client configured from `GETUI_*` variables (see
    /// [`v2::ClientBuilder::from_env`](super::ClientBuilder::from_env)).
    pub fn from_env() -> Result<Self> {
        ClientBuilder::from_env()?.build()
    }

    /// The app id (official `getAppId`).
    pub fn app_id(&self) -> &str {
        &self.inner.core.settings().app_id
    }

    /// The base URL calls go to now (official `getHost`).
    pub fn current_host(&self) -> String {
        super::client::current_host(&self.inner.transport.ranking())
    }

    /// A snapshot of the host ranking (diagnostics).
    pub fn hosts(&self) -> HostRanking {
        self.inner.transport.ranking()
    }

    /// With [`health_check`](ClientBuilder::health_check) on: probes the hosts now and
    /// returns the ranking after the pass; otherwise returns the ranking.
    pub fn refresh_hosts(&self) -> Result<HostRanking> {
        Ok(self.inner.transport.refresh()?)
    }

    /// Replaces the base URLs (official `setDomainUrlList`).
    pub fn set_hosts<I, S>(&self, urls: I) -> Result<()>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let hosts = self.inner.core.normalised_hosts(urls);
        Ok(self.inner.transport.replace_hosts(&hosts)?)
    }

    /// The current auth token (official `getAuthToken`).
    pub fn token(&self) -> Option<AuthToken> {
        self.inner.core.token()
    }

    /// Uses `token` until the service answers 10001 (official `setAuthToken`).
    pub fn set_token(&self, token: impl Into<AuthToken>) {
        self.inner.core.set_token(token.into());
    }

    /// Authenticates now (official `auth`); on refusal the previous token is kept.
    pub fn authenticate(&self) -> Result<()> {
        let _guard = self.lock();
        self.authenticate_locked()
    }

    /// Sends a caller-built auth request exactly as given (official `userApi.auth`).
    pub fn auth(&self, request: &AuthRequest) -> Result<TokenInfo> {
        self.execute(&Auth::raw(request))
    }

    /// Deletes a token on the server (official `closeAuth`); `None` or empty: the client's
    /// own, which it then forgets.
    pub fn close_auth(&self, token: Option<&str>) -> Result<()> {
        let target = match token.filter(|t| !t.is_empty()) {
            Some(t) => AuthToken::new(t),
            None => match self.inner.core.token() {
                Some(own) => own,
                None => {
                    self.authenticate()?;
                    self.inner.core.token().ok_or_else(|| Error::auth(None))?
                }
            },
        };
        let action =
            CloseAuth::new(&target).map_err(|e| Error::invalid(<CloseAuth as Action>::NAME, e))?;
        self.execute(&action)?;
        self.inner.core.forget_token(&target);
        Ok(())
    }

    /// Deletes the client's token on the server, if it holds one, and forgets it.
    pub fn close(&self) -> Result<()> {
        if self.inner.core.token().is_some() {
            self.close_auth(None)?;
        }
        Ok(())
    }

    /// Sends one action; see [`v2::Client::execute`](super::Client::execute).
    pub fn execute<A: Action>(&self, action: &A) -> Result<A::Output> {
        drive_blocking(self, V2Call::new(&self.inner.core, action))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ()> {
        self.inner
            .auth_lock
            .lock()
            .unwrap_or_else(|p| p.into_inner())
    }

    /// Sends a signed auth request and stores its token. The caller holds `auth_lock`.
    fn authenticate_locked(&self) -> Result<()> {
        let core = &self.inner.core;
        let (action, started) = core.auth_action()?;
        let info = self.execute(&action).map_err(Error::into_auth_failure)?;
        core.token_obtained(info, started);
        Ok(())
    }
}

impl BlockingEngine for Client {
    fn send(&self, request: ApiRequest) -> Result<ApiResponse> {
        Ok(self.inner.transport.send(request)?)
    }

    fn authenticate(&self, seen: u64) -> Result<()> {
        let _guard = self.lock();
        if self.inner.core.replaced_since(seen).is_some() {
            return Ok(());
        }
        self.authenticate_locked()
    }

    fn switch_hosts(&self, hosts: &[String]) -> Result<()> {
        Ok(self.inner.transport.replace_hosts(hosts)?)
    }
}
