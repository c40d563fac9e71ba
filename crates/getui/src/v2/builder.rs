//! The builder of both REST v2 clients: credentials, base URLs, timeouts, proxy, roots,
//! attempts, token refresh margin, clock.

use super::core::{normalise_host, Settings};
use crate::clock::Clock;
use crate::config::{ConfigError, EnvVars, Proxy};
use crate::error::Result;
use getui_model::secret::MasterSecret;
use getui_protocol::answer::AnswerLimits;
use getui_transport::{
    AsyncHttpClient, HttpClientBuilder, ProbeMethod, RetryPolicy, Transport, TransportBuilder,
};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// The documented REST v2 base URL.
pub const DEFAULT_BASE_URL: &str = "https://restapi.getui.com";

/// The documented host list: the documented base URL, then the two other hosts the official
/// Java SDK lists as its fallbacks. Used when [`ClientBuilder::health_check`] is on and no
/// base URL was given; otherwise a client uses [`DEFAULT_BASE_URL`] alone.
pub const DEFAULT_BASE_URLS: [&str; 3] = [
    DEFAULT_BASE_URL,
    "https://cncrestapi.getui.com",
    "https://nzrestapi.getui.com",
];

/// Builds a REST v2 [`Client`](super::Client) or, through
/// [`blocking::ClientBuilder`](super::blocking::ClientBuilder), a blocking one.
///
/// Defaults: [`DEFAULT_BASE_URL`] (HTTPS, certificates always verified), connect timeout
/// 10 s, request timeout 30 s, 3 attempts per call after transport failures, a token
/// refreshed 5 minutes before it expires, answers up to 4 MiB, no health check (nothing is
/// sent but the caller's calls and the auth).
#[must_use]
pub struct ClientBuilder {
    pub(crate) app_id: String,
    pub(crate) app_key: String,
    pub(crate) master_secret: MasterSecret,
    pub(crate) hosts: Vec<String>,
    pub(crate) connect_timeout: Duration,
    pub(crate) request_timeout: Duration,
    pub(crate) max_attempts: u32,
    pub(crate) proxy: Option<Proxy>,
    pub(crate) http: HttpClientBuilder,
    pub(crate) refresh_margin: Duration,
    pub(crate) clock: Option<Arc<dyn Clock>>,
    pub(crate) max_answer_bytes: usize,
    pub(crate) http_client: Option<Arc<dyn AsyncHttpClient>>,
    pub(crate) health_check: Option<Duration>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("v2::ClientBuilder")
            .field("app_id", &self.app_id)
            .field("app_key", &self.app_key)
            .field("master_secret", &self.master_secret)
            .field("hosts", &self.hosts)
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("max_attempts", &self.max_attempts)
            .field("proxy", &self.proxy)
            .field("refresh_margin", &self.refresh_margin)
            .field("clock", &self.clock)
            .field("max_answer_bytes", &self.max_answer_bytes)
            .field("custom_http_client", &self.http_client.is_some())
            .field("health_check", &self.health_check)
            .finish()
    }
}

impl ClientBuilder {
    pub(crate) fn new(
        app_id: impl Into<String>,
        app_key: impl Into<String>,
        master_secret: impl Into<MasterSecret>,
    ) -> Self {
        ClientBuilder {
            app_id: app_id.into(),
            app_key: app_key.into(),
            master_secret: master_secret.into(),
            hosts: Vec::new(),
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            max_attempts: 3,
            proxy: None,
            http: HttpClientBuilder::new(),
            refresh_margin: Duration::from_secs(300),
            clock: None,
            max_answer_bytes: 4 * 1024 * 1024,
            http_client: None,
            health_check: None,
        }
    }

    /// A builder from the environment, read now and only here: `GETUI_APP_ID`,
    /// `GETUI_APP_KEY`, `GETUI_MASTER_SECRET` (required), `GETUI_V2_BASE_URL` (optional;
    /// default [`DEFAULT_BASE_URLS`]) and a proxy from `HTTPS_PROXY` (or `https_proxy`), unless
    /// `NO_PROXY` (or `no_proxy`) lists the base URL's host (as for the legacy client: see
    /// [`ConfigBuilder::from_vars`](crate::ConfigBuilder::from_vars)).
    pub fn from_env() -> Result<Self> {
        Self::from_env_vars(&EnvVars::process())
    }

    /// [`from_env`](Self::from_env) over the given variables (name, value).
    pub fn from_vars<I, K, V>(vars: I) -> Result<Self>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: Into<String>,
    {
        let vars: Vec<(String, String)> = vars
            .into_iter()
            .map(|(name, value)| (name.as_ref().to_owned(), value.into()))
            .collect();
        Self::from_env_vars(&EnvVars::collect(vars))
    }

    fn from_env_vars(vars: &EnvVars) -> Result<Self> {
        let mut builder = ClientBuilder::new(
            vars.required("GETUI_APP_ID")?,
            vars.required("GETUI_APP_KEY")?,
            MasterSecret::new(vars.required("GETUI_MASTER_SECRET")?.to_owned()),
        );
        let base = vars.get("GETUI_V2_BASE_URL");
        if let Some(base) = base {
            builder = builder.base_url(base);
        }
        let hosts: Vec<&str> = match base {
            Some(base) => vec![base],
            None => DEFAULT_BASE_URLS.to_vec(),
        };
        builder.proxy = vars.proxy(&hosts)?;
        Ok(builder)
    }

    /// Uses `url` as the only base URL, e.g. `https://restapi.getui.com` (a trailing `/`,
    /// `/v2` or `/v2/{appId}` is accepted and stripped; any other path prefix is kept, for
    /// gateways). A plain `http://` URL is used as given, with a `tracing` warning: tokens and
    /// pushes then travel unencrypted.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.hosts = vec![url.into()];
        self
    }

    /// Several base URLs: the first is used; the next ones after transport failures.
    pub fn base_urls<I, S>(mut self, urls: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.hosts = urls.into_iter().map(Into::into).collect();
        self
    }

    /// Time limit for establishing a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time limit for one exchange once connected (default 30 s).
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// Attempts per call after transport failures (default 3; `1` disables retries). A
    /// request that may have reached the server is sent again only when that is safe: reads,
    /// requests idempotent by meaning, pushes (same `request_id`); never a relative badge
    /// change. HTTP statuses and business codes are never retried.
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Sends through an HTTP proxy (with optional basic credentials).
    pub fn proxy(mut self, proxy: Proxy) -> Self {
        self.proxy = Some(proxy);
        self
    }

    /// Trusts an extra root certificate (DER), e.g. a private CA. Verification of server
    /// certificates is always on.
    pub fn add_root_certificate_der(mut self, der: impl Into<Vec<u8>>) -> Self {
        self.http = self.http.add_root_certificate_der(der);
        self
    }

    /// How long before its expiry a token is replaced (default 5 minutes). The service
    /// issues tokens for one day.
    pub fn token_refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }

    /// The clock for auth timestamps and token expiry (default: tokio's clock for the async
    /// client, the system clock for the blocking one).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = Some(clock);
        self
    }

    /// Cap on an answer's size (default 4 MiB); larger answers are errors.
    pub fn max_answer_bytes(mut self, bytes: usize) -> Self {
        self.max_answer_bytes = bytes;
        self
    }

    /// Ranks the hosts by health (off by default): a background task owned by the client
    /// probes every host with `HEAD {host}/v2/check` (the probe of the official Java SDK; any
    /// HTTP answer counts as reachable, 1 s timeout) at first use and then every `interval`
    /// (the Java SDK uses 2 minutes), and calls go to the fastest reachable host. Without a
    /// base URL the documented host list ([`DEFAULT_BASE_URLS`]) is ranked. The task holds
    /// only a weak reference and ends when the last clone of the client is dropped; it runs
    /// on tokio's clock.
    pub fn health_check(mut self, interval: Duration) -> Self {
        self.health_check = Some(interval);
        self
    }

    /// Sends through your own asynchronous HTTP stack instead of the built-in one.
    pub fn http_client(mut self, client: Arc<dyn AsyncHttpClient>) -> Self {
        self.http_client = Some(client);
        self
    }

    /// The checked settings and the transport configuration they imply.
    pub(crate) fn into_parts(self) -> Result<Parts> {
        let blank = |field: &'static str| ConfigError::new(field, "must not be empty");
        if self.app_id.trim().is_empty() {
            return Err(blank("app_id").into());
        }
        if self.app_key.trim().is_empty() {
            return Err(blank("app_key").into());
        }
        if self.master_secret.is_empty() {
            return Err(blank("master_secret").into());
        }
        let configured: Vec<String> = if !self.hosts.is_empty() {
            self.hosts.clone()
        } else if self.health_check.is_some() {
            DEFAULT_BASE_URLS.iter().map(|h| (*h).to_owned()).collect()
        } else {
            vec![DEFAULT_BASE_URL.to_owned()]
        };
        let mut hosts: Vec<String> = Vec::with_capacity(configured.len());
        for url in &configured {
            let host = normalise_host(url, &self.app_id);
            if host.is_empty() {
                return Err(ConfigError::new("base_url", "must not be empty").into());
            }
            if !hosts.contains(&host) {
                hosts.push(host);
            }
        }
        if hosts
            .iter()
            .any(|h| h.len() >= 7 && h[..7].eq_ignore_ascii_case("http://"))
        {
            warn_event!(
                "getui: a REST v2 base URL uses plain http://; the auth token and every push \
                 travel unencrypted (the default is https://)"
            );
        }
        let mut http = self
            .http
            .connect_timeout(self.connect_timeout)
            .request_timeout(self.request_timeout)
            .max_response_size(self.max_answer_bytes)
            .user_agent(concat!("getui-rs/", env!("CARGO_PKG_VERSION")));
        if let Some(proxy) = &self.proxy {
            http = http.proxy(proxy.clone());
        }
        let mut transport = Transport::builder()
            .http(http)
            .hosts(hosts.iter().cloned())
            .probing(false)
            .retry_policy(RetryPolicy::new(self.max_attempts))
            .max_decompressed_size(self.max_answer_bytes);
        if let Some(interval) = self.health_check {
            transport = transport
                .probing(true)
                .probe_interval(interval)
                .probe_timeout(Duration::from_secs(1))
                .probe_method(ProbeMethod::HeadPathAnyStatus("/v2/check"));
        }
        if let Some(client) = self.http_client {
            transport = transport.http_client(client);
        }
        let settings = Settings {
            app_id: self.app_id,
            app_key: self.app_key,
            master_secret: self.master_secret,
            hosts,
            refresh_margin: self.refresh_margin,
            limits: AnswerLimits {
                max_bytes: self.max_answer_bytes,
                ..AnswerLimits::default()
            },
        };
        Ok(Parts {
            settings,
            clock: self.clock,
            transport,
        })
    }
}

/// What a builder turns into: the client's settings, its clock if one was given, and the
/// transport configuration.
pub(crate) struct Parts {
    pub(crate) settings: Settings,
    pub(crate) clock: Option<Arc<dyn Clock>>,
    pub(crate) transport: TransportBuilder,
}
