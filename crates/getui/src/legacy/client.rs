//! The asynchronous client: authentication, host failover and request ids for every action.
//!
//! The named methods (one per official method) are in `api.rs` and `push.rs`; this module
//! holds what they share: [`Client::execute`].

// With only the `blocking` feature this client is the engine of `blocking::Client` and not
// public; some of its conveniences are then unused.
#![cfg_attr(not(feature = "async"), allow(dead_code))]

use crate::config::{Config, ConfigBuilder};
use crate::driver::{drive, AsyncEngine, Call, Next, Prepared};
use crate::error::{Error, Result};
use getui_model::secret::{AuthToken, MasterSecret};
use getui_protocol::action::{
    encode, Action, Close, Connect, GetOsPushDomainUrlList, RequestContext,
};
use getui_protocol::answer::Answer as ApiAnswer;
use getui_protocol::answer::{Answer, AnswerLimits};
use getui_transport::{
    ApiRequest, ApiResponse, AsyncHttpClient, BoxError, BoxFuture, HostListFetcher, HostRanking,
    HttpClientBuilder, HttpRequest, HttpResponse, RetryPolicy, Transport, TransportBuilder,
    TransportError,
};
use http::{HeaderName, HeaderValue, Uri};
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

const GT_ACTION: HeaderName = HeaderName::from_static("gt-action");
/// The content type the C#/PHP/Node SDKs send (the Python SDK sends none).
const CONTENT_TYPE_VALUE: &str = "text/html;charset=UTF-8";

/// The asynchronous Getui client (feature `async`). Cheap to clone (an `Arc` inside); clones
/// share the connection pool, the host ranking and the auth token, and nothing is shared with
/// other clients, even of the same app key. Background work (host probes) ends when the last
/// clone is dropped.
///
/// Every official method has a named method here (see the table in the [crate] docs);
/// [`execute`](Self::execute) sends any [`Action`] value.
///
/// ```
/// # #[cfg(feature = "async")]
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), getui::Error> {
/// use getui_mock::{MockServer, DEFAULT_APP_ID, DEFAULT_APP_KEY, DEFAULT_MASTER_SECRET};
/// let server = MockServer::start().await; // a local stand-in for Getui
/// server.add_client(DEFAULT_APP_ID, "cid-1", true);
///
/// let client = getui::Client::builder(DEFAULT_APP_KEY, DEFAULT_MASTER_SECRET)
///     .host(server.serviceex_url())
///     .build()?;
/// let status = client.client_status(DEFAULT_APP_ID, "cid-1").await?;
/// assert!(status.online);
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
    connect_lock: tokio::sync::Mutex<()>,
}

/// What the asynchronous and the blocking client share, and the steps of a call that do no
/// I/O: the configuration, the answer limits and the auth token; building the request of an
/// action, reading the answer of a response, deciding what a first answer asks for.
pub(crate) struct Core {
    config: Config,
    limits: AnswerLimits,
    auth: Mutex<AuthState>,
}

/// What the first answer to an action asks the client to do.
pub(crate) enum Followup {
    /// Nothing: the answer is final.
    Done,
    /// `sign_error`: connect (unless a connect happened since the token generation the
    /// request carried), then send again.
    Reconnect,
    /// `domain_error` with hosts: switch to these hosts, then send again.
    SwitchHosts(Vec<String>),
}

#[derive(Default)]
struct AuthState {
    /// Shared with the requests being encoded (an `Arc` clone per request, not a copy).
    token: Option<Arc<AuthToken>>,
    generation: u64,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("config", self.inner.core.config())
            .field("transport", &self.inner.transport)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Client`]: the [`Config`] options plus transport overrides.
pub struct ClientBuilder {
    config: ConfigBuilder,
    http: HttpClientBuilder,
    http_client: Option<Arc<dyn AsyncHttpClient>>,
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("config", &self.config)
            .field("custom_http_client", &self.http_client.is_some())
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    pub(crate) fn new(config: ConfigBuilder) -> Self {
        Self {
            config,
            http: HttpClientBuilder::new(),
            http_client: None,
        }
    }

    pub(crate) fn from_config(config: Config) -> Self {
        Self {
            config: ConfigBuilder::from_config(config),
            http: HttpClientBuilder::new(),
            http_client: None,
        }
    }

    /// A builder from the `GETUI_*` variables of the process environment, read now and only
    /// here: `GETUI_APP_KEY`, `GETUI_MASTER_SECRET` (required), `GETUI_HOST`, and a proxy from
    /// `HTTPS_PROXY`/`NO_PROXY` (see [`ConfigBuilder::from_vars`] for the details).
    pub fn from_env() -> Result<Self> {
        Ok(Self::new(ConfigBuilder::from_env_vars(
            &crate::config::EnvVars::process(),
        )?))
    }

    /// [`from_env`](Self::from_env) over the given variables (name, value).
    pub fn from_vars<I, K, V>(vars: I) -> Result<Self>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        Ok(Self::new(ConfigBuilder::from_vars(vars)?))
    }

    /// Changes the configuration options (host, timeouts, limits…).
    #[must_use]
    pub fn config(mut self, f: impl FnOnce(ConfigBuilder) -> ConfigBuilder) -> Self {
        self.config = f(self.config);
        self
    }

    /// Uses `url` as the bootstrap URL (see [`ConfigBuilder::host`]).
    #[must_use]
    pub fn host(self, url: impl Into<String>) -> Self {
        self.config(|c| c.host(url))
    }

    /// Trusts an extra root certificate (DER), e.g. a private CA in tests. Verification of
    /// server certificates is always on.
    #[must_use]
    pub fn add_root_certificate_der(mut self, der: impl Into<Vec<u8>>) -> Self {
        self.http = self.http.add_root_certificate_der(der);
        self
    }

    /// Sends through your own HTTP stack instead of the built-in hyper client.
    #[must_use]
    pub fn http_client(mut self, client: Arc<dyn AsyncHttpClient>) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Builds the client. Nothing is sent until the first call.
    ///
    /// With a plain `http://` host (or [`ConfigBuilder::https`]`(false)`) it emits one
    /// `tracing` warning (feature `tracing`): see [HTTPS by default](crate::config#https-by-default).
    pub fn build(self) -> Result<Client> {
        let (config, transport) = self.into_transport()?;
        let transport = transport.build()?;
        warn_if_plain_http(&config);
        Ok(Client {
            inner: Arc::new(Inner {
                core: Core::new(config),
                transport,
                connect_lock: tokio::sync::Mutex::new(()),
            }),
        })
    }

    /// The checked configuration and the transport configuration it implies.
    pub(crate) fn into_transport(self) -> Result<(Config, TransportBuilder)> {
        let config = self.config.build()?;
        let transport = transport_builder(&config, self.http, self.http_client)?;
        Ok((config, transport))
    }
}

impl Client {
    /// A builder for the app `app_key` with its master secret.
    pub fn builder(
        app_key: impl Into<String>,
        master_secret: impl Into<MasterSecret>,
    ) -> ClientBuilder {
        ClientBuilder::new(Config::builder(app_key, master_secret))
    }

    /// A client configured from the `GETUI_*` variables of the process environment (see
    /// [`ClientBuilder::from_env`]); the environment is read here, never by other
    /// constructors.
    ///
    /// ```no_run
    /// # #[cfg(feature = "async")]
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), getui::Error> {
    /// // GETUI_APP_KEY=… GETUI_MASTER_SECRET=… [GETUI_HOST=…] [HTTPS_PROXY=…]
    /// let client = getui::Client::from_env()?;
    /// # Ok(()) }
    /// # #[cfg(not(feature = "async"))]
    /// # fn main() {}
    /// ```
    pub fn from_env() -> Result<Self> {
        ClientBuilder::from_env()?.build()
    }

    /// A client with this configuration and the built-in HTTP stack.
    pub fn new(config: Config) -> Result<Self> {
        ClientBuilder::from_config(config).build()
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        self.inner.core.config()
    }

    /// Obtains the push host list now (otherwise it happens on the first call) and ranks the
    /// hosts; returns the ranking.
    pub async fn refresh_hosts(&self) -> Result<HostRanking> {
        Ok(self.inner.transport.refresh().await?)
    }

    /// A snapshot of the host ranking.
    pub fn hosts(&self) -> HostRanking {
        self.inner.transport.ranking()
    }

    /// Authenticates now (`connect`). Not required: the client connects by itself when the
    /// server asks for it (`sign_error`), as the official SDKs do.
    pub async fn connect(&self) -> Result<()> {
        let _guard = self.inner.connect_lock.lock().await;
        self.connect_now().await
    }

    /// Sends one action and returns its typed output.
    ///
    /// Handles what the protocol prescribes: on `sign_error` it connects (one connect shared
    /// by all concurrent callers) and re-sends the same request once; on `domain_error` it
    /// switches to the hosts of `osList` and re-sends once. A push keeps its `requestId`
    /// through every re-send, and an error of a push carries it
    /// ([`Error::request_id`]).
    ///
    /// The named methods (`push_to_single`, `client_status`, …) build the action from typed
    /// input and call this.
    pub fn execute<'a, A: Action>(
        &'a self,
        action: &'a A,
    ) -> impl Future<Output = Result<A::Output>> + 'a {
        drive(self, LegacyCall::new(&self.inner.core, action))
    }

    /// Closes the session (`close`); the next call connects again when the server asks.
    pub async fn close(&self) -> Result<ApiAnswer> {
        let _guard = self.inner.connect_lock.lock().await;
        let (_, answer) = self
            .send(&Close)
            .await
            .map_err(|e| e.with_context(<Close as Action>::NAME, None))?;
        self.inner.core.closed(answer)
    }

    /// Sends `action` once with the current token; returns the token generation it carried.
    async fn send<A: Action>(&self, action: &A) -> Result<(u64, Answer)> {
        let (generation, request) = self.inner.core.request(action);
        let response = self.inner.transport.send(request).await?;
        Ok((generation, self.inner.core.answer(response)?))
    }

    /// Connects unless another caller connected since `seen_generation` (single flight).
    async fn reconnect(&self, seen_generation: u64) -> Result<()> {
        let _guard = self.inner.connect_lock.lock().await;
        if self.inner.core.connected_since(seen_generation) {
            return Ok(());
        }
        self.connect_now().await
    }

    async fn connect_now(&self) -> Result<()> {
        let core = &self.inner.core;
        let action = core.connect_action();
        let (_, answer) = self
            .send(&action)
            .await
            .map_err(|e| e.with_context(<Connect<'_> as Action>::NAME, None))?;
        core.connected(answer)
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
        Box::pin(self.reconnect(seen))
    }

    fn switch_hosts(&self, hosts: &[String]) -> Result<()> {
        Ok(self.inner.transport.replace_hosts(hosts)?)
    }
}

/// Where a legacy call stands.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CallStage {
    /// The first answer decides ([`Core::followup`]).
    First,
    /// Sent again after a connect: a second `sign_error` is an auth error.
    Reconnected,
    /// Sent again to the hosts of a `domain_error`: the answer is final.
    Switched,
}

/// One legacy call, without I/O (driven by [`crate::driver`]): the request with the current
/// token, and what each answer asks for (`sign_error` → connect and send again once,
/// `domain_error` → switch hosts and send again once).
pub(crate) struct LegacyCall<'a, A: Action> {
    core: &'a Core,
    action: &'a A,
    stage: CallStage,
    /// The token generation of the last request sent.
    generation: u64,
}

impl<'a, A: Action> LegacyCall<'a, A> {
    pub(crate) fn new(core: &'a Core, action: &'a A) -> Self {
        LegacyCall {
            core,
            action,
            stage: CallStage::First,
            generation: 0,
        }
    }
}

impl<A: Action> Call for LegacyCall<'_, A> {
    type Output = A::Output;

    fn prepare(&mut self) -> Result<Prepared> {
        let (generation, request) = self.core.request(self.action);
        self.generation = generation;
        Ok(Prepared::Send(request))
    }

    fn answer(&mut self, response: ApiResponse) -> Result<Next<A::Output>> {
        let answer = self.core.answer(response)?;
        let answer = match self.stage {
            CallStage::First => match self.core.followup::<A>(&answer) {
                Followup::Done => answer,
                Followup::Reconnect => {
                    self.stage = CallStage::Reconnected;
                    return Ok(Next::Authenticate {
                        seen: self.generation,
                    });
                }
                Followup::SwitchHosts(hosts) => {
                    self.stage = CallStage::Switched;
                    return Ok(Next::SwitchHosts(hosts));
                }
            },
            CallStage::Reconnected => self.core.check_signed(answer)?,
            CallStage::Switched => answer,
        };
        Ok(Next::Done(A::parse(answer)?))
    }

    fn context(&self, error: Error) -> Error {
        error.with_context(A::NAME, self.action.request_id())
    }
}

impl Core {
    pub(crate) fn new(config: Config) -> Self {
        let limits = AnswerLimits {
            max_bytes: config.max_answer_bytes,
            ..AnswerLimits::default()
        };
        Core {
            config,
            limits,
            auth: Mutex::new(AuthState::default()),
        }
    }

    /// The configuration.
    pub(crate) fn config(&self) -> &Config {
        &self.config
    }

    fn auth(&self) -> std::sync::MutexGuard<'_, AuthState> {
        self.auth.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The request of `action` with the current token, and the token generation it carries.
    pub(crate) fn request<A: Action>(&self, action: &A) -> (u64, ApiRequest) {
        let (generation, token) = {
            let auth = self.auth();
            (auth.generation, auth.token.clone())
        };
        let ctx = RequestContext::new(&self.config.app_key)
            .with_version(&self.config.sdk_version)
            .with_auth_token(token.as_deref());
        let encoded = encode(action, &ctx);
        let request = ApiRequest::post(encoded.json)
            .gzip(A::GZIP)
            .idempotent(is_deduplicated(action.request_id()))
            // Both values checked at compile time (`from_static` checks every byte).
            .header(GT_ACTION, const { HeaderValue::from_static(A::NAME) })
            .header(
                http::header::CONTENT_TYPE,
                const { HeaderValue::from_static(CONTENT_TYPE_VALUE) },
            );
        (generation, request)
    }

    /// The answer of a response: a 2xx status and a JSON object within the limits.
    pub(crate) fn answer(&self, response: ApiResponse) -> Result<Answer> {
        if !response.status.is_success() {
            return Err(Error::http(
                response.status.as_u16(),
                response.host.to_string(),
            ));
        }
        Ok(Answer::parse_bytes(response.body, &self.limits)?)
    }

    /// What the first answer to an `A` asks for.
    // `A` only names the action in `tracing` events.
    #[cfg_attr(not(feature = "tracing"), allow(clippy::extra_unused_type_parameters))]
    pub(crate) fn followup<A: Action>(&self, answer: &Answer) -> Followup {
        if answer.is_sign_error() {
            event!(
                action = A::NAME,
                "sign_error: connecting, then sending again"
            );
            return Followup::Reconnect;
        }
        match answer.domain_error_hosts() {
            Some(hosts) if !hosts.is_empty() => {
                event!(
                    action = A::NAME,
                    hosts = hosts.len(),
                    "domain_error: switching to the hosts of osList, then sending again"
                );
                Followup::SwitchHosts(hosts.into_iter().map(str::to_owned).collect())
            }
            _ => Followup::Done,
        }
    }

    /// The answer sent again after a connect; a second `sign_error` is an auth error.
    pub(crate) fn check_signed(&self, answer: Answer) -> Result<Answer> {
        if answer.is_sign_error() {
            Err(Error::auth(None))
        } else {
            Ok(answer)
        }
    }

    /// Whether a connect succeeded since the token generation `seen`.
    pub(crate) fn connected_since(&self, seen: u64) -> bool {
        let auth = self.auth();
        auth.generation != seen && auth.token.is_some()
    }

    /// The `connect` action, signed now.
    pub(crate) fn connect_action(&self) -> Connect<'_> {
        let timestamp = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
        Connect::new(timestamp, &self.config.master_secret)
    }

    /// Keeps the token of a `connect` answer.
    pub(crate) fn connected(&self, answer: Answer) -> Result<()> {
        let connected = <Connect<'_> as Action>::parse(answer)
            .map_err(|e| Error::from(e).with_context(<Connect<'_> as Action>::NAME, None))?;
        let mut auth = self.auth();
        // Like the official SDKs, keep the previous token when the answer carries none.
        if let Some(token) = connected.auth_token {
            auth.token = Some(Arc::new(token));
        }
        auth.generation += 1;
        event!(generation = auth.generation, "connected");
        Ok(())
    }

    /// Forgets the token after a `close` and returns its answer.
    pub(crate) fn closed(&self, answer: Answer) -> Result<ApiAnswer> {
        {
            let mut auth = self.auth();
            auth.token = None;
            auth.generation += 1;
        }
        <Close as Action>::parse(answer)
            .map_err(|e| Error::from(e).with_context(<Close as Action>::NAME, None))
    }
}

/// The transport configuration of a client: the built-in HTTP stack's options (timeouts,
/// proxy, answer cap, user agent) or `http_client`, hosts or bootstrap URLs, probing, retries.
/// Shared by the asynchronous and the blocking client.
pub(crate) fn transport_builder(
    config: &Config,
    http: HttpClientBuilder,
    http_client: Option<Arc<dyn AsyncHttpClient>>,
) -> Result<TransportBuilder> {
    #[cfg(not(feature = "rustls"))]
    if http_client.is_none()
        && config
            .hosts
            .bootstrap
            .iter()
            .any(|h| h.len() >= 6 && h[..6].eq_ignore_ascii_case("https:"))
    {
        return Err(crate::config::ConfigError::new(
            "hosts",
            "https:// hosts need TLS support: enable the `rustls` feature of getui",
        )
        .into());
    }
    let mut http = http
        .connect_timeout(config.connect_timeout)
        .request_timeout(config.request_timeout)
        .max_response_size(config.max_answer_bytes)
        .user_agent(concat!("getui-rs/", env!("CARGO_PKG_VERSION")));
    if let Some(proxy) = &config.proxy {
        http = http.proxy(proxy.clone());
    }
    let hosts = &config.hosts;
    let mut builder = Transport::builder()
        .http(http)
        .probing(hosts.probe)
        .probe_interval(hosts.probe_interval)
        .failure_threshold(hosts.fail_count)
        .trigger_interval(hosts.trigger_interval)
        .retry_policy(RetryPolicy::new(config.max_attempts))
        .max_decompressed_size(config.max_answer_bytes)
        .max_in_flight(config.max_in_flight);
    if let Some(client) = http_client {
        builder = builder.http_client(client);
    }
    Ok(if hosts.assigned {
        builder.hosts(hosts.bootstrap.iter().cloned())
    } else {
        builder
            .bootstrap_urls(hosts.bootstrap.iter().cloned())
            .host_list_fetcher(Arc::new(HostListRequest {
                app_key: config.app_key.clone(),
                version: config.sdk_version.clone(),
                limits: AnswerLimits {
                    max_bytes: config.max_answer_bytes,
                    ..AnswerLimits::default()
                },
            }))
    })
}

/// The warning of a client built with plain `http://` hosts, once per client (both kinds call
/// it when a client is built; clones share the client). Names the hosts without userinfo,
/// path or query.
pub(crate) fn warn_if_plain_http(config: &Config) {
    #[cfg(feature = "tracing")]
    {
        let hosts: Vec<String> = config
            .plain_http_hosts()
            .map(|url| match url.parse::<Uri>() {
                Ok(uri) => match (uri.host(), uri.port_u16()) {
                    (Some(host), Some(port)) => format!("http://{host}:{port}"),
                    (Some(host), None) => format!("http://{host}"),
                    (None, _) => "http://?".to_owned(),
                },
                Err(_) => "http://?".to_owned(),
            })
            .collect();
        if !hosts.is_empty() {
            ::tracing::warn!(
                hosts = ?hosts,
                "plain http:// hosts configured: the app key, the auth token and every push \
                 travel unencrypted; use https:// hosts (the default) unless you must"
            );
        }
    }
    #[cfg(not(feature = "tracing"))]
    let _ = config;
}

fn is_deduplicated(request_id: Option<&str>) -> bool {
    request_id.is_some_and(|id| !id.is_empty())
}

/// The `getOSPushDomailUrlListAction` exchange, for the transport's host list fetch.
struct HostListRequest {
    app_key: String,
    version: String,
    limits: AnswerLimits,
}

impl HostListFetcher for HostListRequest {
    fn request(&self, bootstrap_url: &Uri) -> HttpRequest {
        let ctx = RequestContext::new(&self.app_key).with_version(&self.version);
        let encoded = encode(&GetOsPushDomainUrlList, &ctx);
        let mut request = HttpRequest::post(bootstrap_url.clone(), encoded.json);
        request.headers.insert(
            GT_ACTION,
            HeaderValue::from_static(<GetOsPushDomainUrlList as Action>::NAME),
        );
        request.headers.insert(
            http::header::CONTENT_TYPE,
            HeaderValue::from_static(CONTENT_TYPE_VALUE),
        );
        request
    }

    fn parse(&self, response: HttpResponse) -> std::result::Result<Vec<String>, BoxError> {
        if !response.status.is_success() {
            return Err(format!("HTTP status {}", response.status).into());
        }
        let answer = Answer::parse_bytes(response.body, &self.limits)?;
        let domains = <GetOsPushDomainUrlList as Action>::parse(answer)?;
        Ok(domains.hosts)
    }
}
