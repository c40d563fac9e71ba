//! Client configuration: one value built by [`ConfigBuilder`], optionally seeded from the
//! official SDKs' environment knobs with [`Config::from_env`] (the only place that reads the
//! environment, and only when called).
//!
//! # HTTPS by default
//!
//! A client built without a host asks the official HTTPS bootstrap hosts
//! ([`DEFAULT_HTTPS_BOOTSTRAP`]), and a host given without a scheme gets `https://`. Over plain
//! HTTP the app key, the auth token and every push would travel unencrypted and could be read
//! or changed on the way, so plain HTTP is used only when the caller asks for it: an
//! `http://` host ([`ConfigBuilder::host`], [`ConfigBuilder::hosts`],
//! `gexin_default_domainurl`), or [`ConfigBuilder::https`]`(false)`, which selects
//! [`DEFAULT_HTTP_BOOTSTRAP`] when no host is given. Such a client emits one `tracing` warning
//! when it is built (feature `tracing`). The official SDKs default to plain HTTP; this is a
//! deliberate difference.

use getui_model::secret::MasterSecret;
use getui_protocol::action::ListPushOptions;
use std::time::Duration;

/// The official SDKs' built-in bootstrap URLs for plain HTTP (the Python SDK's list, then the
/// C#/PHP additions). Used only with [`ConfigBuilder::https`]`(false)` and no host: see the
/// [module docs](self#https-by-default). The list lives in
/// [`getui_transport::bootstrap::HTTP`].
pub const DEFAULT_HTTP_BOOTSTRAP: &[&str] = getui_transport::bootstrap::HTTP;

/// The official SDKs' built-in bootstrap URLs for HTTPS: the default when no host is given.
/// The list lives in [`getui_transport::bootstrap::HTTPS`].
pub const DEFAULT_HTTPS_BOOTSTRAP: &[&str] = getui_transport::bootstrap::HTTPS;

/// The SDK version string sent as `version` (the newest generation the wire format was taken
/// from): the protocol's [`DEFAULT_VERSION`](getui_protocol::action::DEFAULT_VERSION), the one
/// definition.
pub const DEFAULT_SDK_VERSION: &str = getui_protocol::action::DEFAULT_VERSION;

/// An HTTP proxy with optional basic credentials: the transport's type, the one proxy type of
/// the SDK (the password is kept only in the encoded, sensitive header value and never shown
/// by `Debug`).
pub use getui_transport::Proxy;

/// Limits checked before a request is sent (the official defaults).
///
/// Not exhaustive (a limit may be added): start from [`Limits::default`] and change fields
/// with the setters, e.g. `Limits::default().black_list(2)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Most targets of a list push answered synchronously or with details (`gexin_pushList_syncLimit`, 1000).
    pub list_sync: usize,
    /// Most targets of an asynchronous list push without details (`gexin_pushList_asyncLimit`, 10000).
    pub list_async: usize,
    /// Most tags in a user count query (`gexin_tagList_limit`, 10).
    pub tag_list: usize,
    /// Most client ids per black list call (`gexin_max_blkCid_length`, 1000).
    pub black_list: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            list_sync: 1000,
            list_async: 10_000,
            tag_list: 10,
            black_list: 1000,
        }
    }
}

/// Flags the official SDKs read from the environment on every list or batch push.
///
/// Not exhaustive (a flag may be added): start from [`PushFlags::default`] and change fields
/// with the setters, e.g. `PushFlags::default().need_details(true)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct PushFlags {
    /// Ask for per-target details in list pushes (`needDetails`).
    pub need_details: bool,
    /// Asynchronous list pushes (`gexin_pushList_needAsync`).
    pub list_async: bool,
    /// Asynchronous batch submits (`gexin_pushSingleBatch_needAsync`).
    pub batch_async: bool,
}

impl Limits {
    /// Sets [`list_sync`](Self::list_sync).
    #[must_use]
    pub fn list_sync(mut self, most: usize) -> Self {
        self.list_sync = most;
        self
    }

    /// Sets [`list_async`](Self::list_async).
    #[must_use]
    pub fn list_async(mut self, most: usize) -> Self {
        self.list_async = most;
        self
    }

    /// Sets [`tag_list`](Self::tag_list).
    #[must_use]
    pub fn tag_list(mut self, most: usize) -> Self {
        self.tag_list = most;
        self
    }

    /// Sets [`black_list`](Self::black_list).
    #[must_use]
    pub fn black_list(mut self, most: usize) -> Self {
        self.black_list = most;
        self
    }
}

impl PushFlags {
    /// Sets [`need_details`](Self::need_details).
    #[must_use]
    pub fn need_details(mut self, on: bool) -> Self {
        self.need_details = on;
        self
    }

    /// Sets [`list_async`](Self::list_async).
    #[must_use]
    pub fn list_async(mut self, on: bool) -> Self {
        self.list_async = on;
        self
    }

    /// Sets [`batch_async`](Self::batch_async).
    #[must_use]
    pub fn batch_async(mut self, on: bool) -> Self {
        self.batch_async = on;
        self
    }
}

/// How hosts are found and ranked (read with [`Config::hosts`]; set with the
/// [`ConfigBuilder`] methods). Not exhaustive: a setting may be added.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct HostConfig {
    /// Bootstrap URLs (`…/serviceex`) asked for the push host list, or the push host itself when
    /// [`assigned`](Self::assigned) is set. [`DEFAULT_HTTPS_BOOTSTRAP`] unless the caller
    /// gave hosts or asked for plain HTTP.
    pub bootstrap: Vec<String>,
    /// Use the given host only: no host list request (`needOSAssigned`).
    pub assigned: bool,
    /// Rank hosts by probing them; off means the first host of the list is used.
    pub probe: bool,
    /// How often hosts are ranked again (10 minutes).
    pub probe_interval: Duration,
    /// Consecutive failures that trigger an early ranking (3).
    pub fail_count: u32,
    /// Minimum time between two triggered rankings (60 s).
    pub trigger_interval: Duration,
}

/// The whole configuration of a client. Cheap to clone; secrets are redacted in `Debug`.
#[derive(Debug, Clone)]
pub struct Config {
    pub(crate) app_key: String,
    pub(crate) master_secret: MasterSecret,
    pub(crate) hosts: HostConfig,
    pub(crate) connect_timeout: Duration,
    pub(crate) request_timeout: Duration,
    pub(crate) max_attempts: u32,
    pub(crate) proxy: Option<Proxy>,
    pub(crate) limits: Limits,
    pub(crate) flags: PushFlags,
    pub(crate) sdk_version: String,
    pub(crate) max_answer_bytes: usize,
    pub(crate) max_in_flight: usize,
}

impl Config {
    /// A builder for the app `app_key` with its master secret.
    pub fn builder(
        app_key: impl Into<String>,
        master_secret: impl Into<MasterSecret>,
    ) -> ConfigBuilder {
        ConfigBuilder::new(app_key.into(), master_secret.into())
    }

    /// The app key.
    pub fn app_key(&self) -> &str {
        &self.app_key
    }

    /// The host settings.
    pub fn hosts(&self) -> &HostConfig {
        &self.hosts
    }

    /// The limits checked before sending.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// The list/batch flags.
    pub fn flags(&self) -> PushFlags {
        self.flags
    }

    /// The options of a list push (`pushMessageToListAction`, `apnPushToListAction`) when the
    /// call gives none: `needDetails` and `async` from [`flags`](Self::flags), the target
    /// limits from [`limits`](Self::limits).
    ///
    /// ```
    /// use getui::{Config, PushFlags};
    /// let config = Config::builder("AppKey", "secret")
    ///     .flags(PushFlags::default().need_details(true))
    ///     .build()?;
    /// let options = config.list_push_options();
    /// assert!(options.need_details && !options.async_push);
    /// assert_eq!(options.target_limit(), 1000);
    /// # Ok::<(), getui::ConfigError>(())
    /// ```
    pub fn list_push_options(&self) -> ListPushOptions {
        ListPushOptions {
            need_details: self.flags.need_details,
            async_push: self.flags.list_async,
            sync_limit: self.limits.list_sync,
            async_limit: self.limits.list_async,
        }
    }

    /// The connect timeout.
    pub fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }

    /// The per-request timeout.
    pub fn request_timeout(&self) -> Duration {
        self.request_timeout
    }

    /// Transport attempts per request (retries only where safe).
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The proxy, if any.
    pub fn proxy(&self) -> Option<&Proxy> {
        self.proxy.as_ref()
    }

    /// The `version` string sent with requests.
    pub fn sdk_version(&self) -> &str {
        &self.sdk_version
    }

    /// The configured hosts that are plain `http://` (only ever the caller's choice: see the
    /// [module docs](self#https-by-default)).
    // Read by the `tracing` warning and the tests only.
    #[cfg_attr(not(feature = "tracing"), allow(dead_code))]
    pub(crate) fn plain_http_hosts(&self) -> impl Iterator<Item = &str> {
        self.hosts
            .bootstrap
            .iter()
            .map(String::as_str)
            .filter(|url| has_scheme(url, "http:"))
    }

    /// A builder seeded from the process environment with the official SDKs' knob names
    /// (see [`ConfigBuilder::apply_vars`] for the list).
    ///
    /// Besides this function, only the explicit `from_env` constructors (e.g.
    /// [`Client::from_env`](crate::Client::from_env), which reads the `GETUI_*` variables:
    /// see [`ConfigBuilder::from_vars`]) read the environment.
    pub fn from_env(
        app_key: impl Into<String>,
        master_secret: impl Into<MasterSecret>,
    ) -> Result<ConfigBuilder, ConfigError> {
        Self::builder(app_key, master_secret).apply_vars(std::env::vars())
    }
}

/// A configuration value that could not be used; names the knob.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid configuration `{name}`: {reason}")]
pub struct ConfigError {
    name: String,
    reason: String,
}

impl ConfigError {
    pub(crate) fn new(name: &str, reason: impl Into<String>) -> Self {
        Self {
            name: name.to_owned(),
            reason: reason.into(),
        }
    }

    /// The knob (environment variable or builder option) that was wrong.
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// Builds a [`Config`]. Every option has the official default.
///
/// ```
/// use getui::Config;
/// use std::time::Duration;
/// let config = Config::builder("AppKey", "s3cr3t")
///     .host("http://127.0.0.1:8080/serviceex")
///     .request_timeout(Duration::from_secs(5))
///     .build()
///     .unwrap();
/// assert_eq!(config.app_key(), "AppKey");
/// assert!(!format!("{config:?}").contains("s3cr3t"));
/// ```
#[derive(Debug, Clone)]
pub struct ConfigBuilder {
    config: Config,
    https: Option<bool>,
    custom_hosts: bool,
}

impl ConfigBuilder {
    fn new(app_key: String, master_secret: MasterSecret) -> Self {
        Self {
            config: Config {
                app_key,
                master_secret,
                hosts: HostConfig {
                    bootstrap: Vec::new(),
                    assigned: false,
                    probe: true,
                    probe_interval: Duration::from_secs(600),
                    fail_count: 3,
                    trigger_interval: Duration::from_secs(60),
                },
                connect_timeout: Duration::from_secs(60),
                request_timeout: Duration::from_secs(30),
                max_attempts: 3,
                proxy: None,
                limits: Limits::default(),
                flags: PushFlags::default(),
                sdk_version: DEFAULT_SDK_VERSION.to_owned(),
                max_answer_bytes: 16 * 1024 * 1024,
                max_in_flight: getui_transport::DEFAULT_MAX_IN_FLIGHT,
            },
            https: None,
            custom_hosts: false,
        }
    }

    /// A builder that reproduces `config` (used to build a client from a finished config).
    pub(crate) fn from_config(config: Config) -> Self {
        Self {
            config,
            https: None,
            custom_hosts: true,
        }
    }

    /// Uses `url` as the only bootstrap URL (a `…/serviceex` URL, or with [`assigned`](Self::assigned)
    /// the push host itself). Without a scheme, `https://` is prefixed; an `http://` URL is
    /// used as given, with a `tracing` warning (plain HTTP sends the token and pushes
    /// unencrypted: see the [module docs](self#https-by-default)).
    #[must_use]
    pub fn host(self, url: impl Into<String>) -> Self {
        self.hosts([url.into()])
    }

    /// Uses these bootstrap URLs, tried in order. The first URL chooses the scheme unless
    /// [`https`](Self::https) is set: HTTPS unless it starts with `http:`; entries of the other
    /// scheme are dropped and scheme-less ones get the chosen scheme (the official override
    /// rule, with HTTPS as the default).
    #[must_use]
    pub fn hosts<I, S>(mut self, urls: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.config.hosts.bootstrap = urls.into_iter().map(Into::into).collect();
        self.custom_hosts = !self.config.hosts.bootstrap.is_empty();
        self
    }

    /// HTTPS on or off (the official `ssl` flag). Default: on, unless the first given host
    /// starts with `http:`. Off with no host given selects the plain-HTTP bootstrap list
    /// [`DEFAULT_HTTP_BOOTSTRAP`], with a `tracing` warning: only do this if you must (see the
    /// [module docs](self#https-by-default)).
    #[must_use]
    pub fn https(mut self, on: bool) -> Self {
        self.https = Some(on);
        self
    }

    /// Sends to the given host only, without asking for the host list (`needOSAssigned`).
    #[must_use]
    pub fn assigned(mut self, on: bool) -> Self {
        self.config.hosts.assigned = on;
        self
    }

    /// Turns host ranking by probes on or off (on by default; with one host nothing is probed).
    #[must_use]
    pub fn probe(mut self, on: bool) -> Self {
        self.config.hosts.probe = on;
        self
    }

    /// How often hosts are ranked again (default 10 minutes).
    #[must_use]
    pub fn probe_interval(mut self, every: Duration) -> Self {
        self.config.hosts.probe_interval = every;
        self
    }

    /// Consecutive failures that trigger an early ranking (default 3), at most once per
    /// `trigger_interval` (default 60 s).
    #[must_use]
    pub fn failover(mut self, fail_count: u32, trigger_interval: Duration) -> Self {
        self.config.hosts.fail_count = fail_count;
        self.config.hosts.trigger_interval = trigger_interval;
        self
    }

    /// Connect timeout (default 60 s).
    #[must_use]
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.config.connect_timeout = timeout;
        self
    }

    /// Per-request timeout (default 30 s).
    #[must_use]
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.config.request_timeout = timeout;
        self
    }

    /// Transport attempts per request (default 3). Only safe requests are retried: failures
    /// before the request was written, and pushes that carry a requestId.
    #[must_use]
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.config.max_attempts = attempts;
        self
    }

    /// Sends through an HTTP(S) proxy.
    #[must_use]
    pub fn proxy(mut self, proxy: Proxy) -> Self {
        self.config.proxy = Some(proxy);
        self
    }

    /// Limits checked before sending.
    #[must_use]
    pub fn limits(mut self, limits: Limits) -> Self {
        self.config.limits = limits;
        self
    }

    /// Default list/batch flags (each push can override them).
    #[must_use]
    pub fn flags(mut self, flags: PushFlags) -> Self {
        self.config.flags = flags;
        self
    }

    /// The `version` string sent with requests (default `4.1.1.2`).
    #[must_use]
    pub fn sdk_version(mut self, version: impl Into<String>) -> Self {
        self.config.sdk_version = version.into();
        self
    }

    /// The most requests under way at once (default 256); further calls wait for a free slot
    /// before they take a connection, so starting thousands of pushes at once keeps memory
    /// and connections bounded. Waiting does not count against the request timeout.
    #[must_use]
    pub fn max_in_flight(mut self, exchanges: usize) -> Self {
        self.config.max_in_flight = exchanges;
        self
    }

    /// Largest answer accepted, in bytes after decompression (default 16 MiB).
    #[must_use]
    pub fn max_answer_bytes(mut self, bytes: usize) -> Self {
        self.config.max_answer_bytes = bytes;
        self
    }

    /// A builder from the `GETUI_*` variables among `vars` (name, value), e.g.
    /// `std::env::vars()`; [`Client::from_env`](crate::Client::from_env) and
    /// [`blocking::Client::from_env`](crate::blocking::Client::from_env) call it with the
    /// process environment. Nothing else in the SDK reads these variables: a client built with
    /// [`Config::builder`] ignores them.
    ///
    /// | Variable | |
    /// |---|---|
    /// | `GETUI_APP_KEY` | the app key (required) |
    /// | `GETUI_MASTER_SECRET` | the master secret (required) |
    /// | `GETUI_HOST` | optional: the bootstrap URL `…/serviceex` (see [`host`](Self::host)); default [`DEFAULT_HTTPS_BOOTSTRAP`] |
    /// | `HTTPS_PROXY` (or `https_proxy`) | optional: a proxy `http://[user[:password]@]host[:port]` (see [`Proxy::from_url`]) |
    /// | `NO_PROXY` (or `no_proxy`) | optional: comma-separated host names (`*`, `example.com`, `.example.com`); when it lists every configured host, `HTTPS_PROXY` is not used |
    ///
    /// Empty values count as unset. `GETUI_APP_ID` is not read: the legacy API takes the app
    /// id per call.
    ///
    /// ```
    /// use getui::ConfigBuilder;
    /// let config = ConfigBuilder::from_vars([
    ///     ("GETUI_APP_KEY", "AppKey"),
    ///     ("GETUI_MASTER_SECRET", "s3cr3t"),
    ///     ("GETUI_HOST", "https://api.getui.com/serviceex"),
    ///     ("HTTPS_PROXY", "http://proxy.internal:3128"),
    /// ])?
    /// .build()?;
    /// assert_eq!(config.app_key(), "AppKey");
    /// assert_eq!(config.proxy().map(|p| p.port()), Some(3128));
    /// # Ok::<(), getui::ConfigError>(())
    /// ```
    pub fn from_vars<I, K, V>(vars: I) -> Result<Self, ConfigError>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        Self::from_env_vars(&EnvVars::collect(vars))
    }

    /// [`from_vars`](Self::from_vars) over collected variables.
    pub(crate) fn from_env_vars(vars: &EnvVars) -> Result<Self, ConfigError> {
        let app_key = vars.required("GETUI_APP_KEY")?;
        let secret = vars.required("GETUI_MASTER_SECRET")?;
        let mut builder = Config::builder(app_key, MasterSecret::new(secret.to_owned()));
        let host = vars.get("GETUI_HOST");
        if let Some(host) = host {
            builder = builder.host(host);
        }
        let hosts: Vec<&str> = match host {
            Some(host) => vec![host],
            None => DEFAULT_HTTPS_BOOTSTRAP.to_vec(),
        };
        builder.config.proxy = vars.proxy(&hosts)?;
        Ok(builder)
    }

    /// Applies the official SDKs' knobs from `(name, value)` pairs (e.g. `std::env::vars()`).
    ///
    /// Recognised: `gexin_default_domainurl`, `needOSAssigned`, `needDetails`,
    /// `gexin_pushList_needDetails`, `gexin_pushList_needAsync`, `gexin_pushSingleBatch_needAsync`,
    /// `gexin_pushList_syncLimit`, `gexin_pushList_asyncLimit`, `gexin_tagList_limit`,
    /// `gexin_max_blkCid_length`, `gexin_http_connection_timeout` (s),
    /// `gexin_http_so_timeout` (s), `gexin_http_tryCount`, `gexin_http_inspect_interval` (s),
    /// `gexin_http_failCount`, `gexin_http_trigger_interval` (s), `gexin_http_proxy_ip`,
    /// `gexin_http_proxy_port`, `gexin_http_proxy_username`, `gexin_http_proxy_passwd`.
    /// Booleans are `true`/`false` (any case); numbers must parse exactly; anything else is a
    /// [`ConfigError`] naming the knob, instead of the official SDKs' silent misbehaviour.
    pub fn apply_vars<I, K, V>(mut self, vars: I) -> Result<Self, ConfigError>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let vars: Vec<(String, String)> = vars
            .into_iter()
            .map(|(k, v)| (k.as_ref().to_owned(), v.as_ref().to_owned()))
            .collect();
        let get = |name: &str| {
            vars.iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        if let Some(list) = get("gexin_default_domainurl") {
            let urls: Vec<String> = list
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            if !urls.is_empty() && !self.custom_hosts {
                self.config.hosts.bootstrap = urls;
                self.custom_hosts = true;
            }
        }
        if let Some(v) = get("needOSAssigned") {
            self.config.hosts.assigned = parse_bool("needOSAssigned", v)?;
        }
        // `needDetails` (newer name) wins over `gexin_pushList_needDetails`, as in Py and C#.
        if let Some(v) = get("gexin_pushList_needDetails") {
            self.config.flags.need_details = parse_bool("gexin_pushList_needDetails", v)?;
        }
        if let Some(v) = get("needDetails") {
            self.config.flags.need_details = parse_bool("needDetails", v)?;
        }
        if let Some(v) = get("gexin_pushList_needAsync") {
            self.config.flags.list_async = parse_bool("gexin_pushList_needAsync", v)?;
        }
        if let Some(v) = get("gexin_pushSingleBatch_needAsync") {
            self.config.flags.batch_async = parse_bool("gexin_pushSingleBatch_needAsync", v)?;
        }
        let limits = &mut self.config.limits;
        for (name, slot) in [
            ("gexin_pushList_syncLimit", &mut limits.list_sync),
            ("gexin_pushList_asyncLimit", &mut limits.list_async),
            ("gexin_tagList_limit", &mut limits.tag_list),
            ("gexin_max_blkCid_length", &mut limits.black_list),
        ] {
            if let Some(v) = get(name) {
                *slot = parse_num(name, v)?;
            }
        }
        if let Some(v) = get("gexin_http_connection_timeout") {
            self.config.connect_timeout =
                Duration::from_secs(parse_num("gexin_http_connection_timeout", v)?);
        }
        if let Some(v) = get("gexin_http_so_timeout") {
            self.config.request_timeout =
                Duration::from_secs(parse_num("gexin_http_so_timeout", v)?);
        }
        if let Some(v) = get("gexin_http_tryCount") {
            self.config.max_attempts = parse_num("gexin_http_tryCount", v)?;
        }
        if let Some(v) = get("gexin_http_inspect_interval") {
            self.config.hosts.probe_interval =
                Duration::from_secs(parse_num("gexin_http_inspect_interval", v)?);
        }
        if let Some(v) = get("gexin_http_failCount") {
            self.config.hosts.fail_count = parse_num("gexin_http_failCount", v)?;
        }
        if let Some(v) = get("gexin_http_trigger_interval") {
            self.config.hosts.trigger_interval =
                Duration::from_secs(parse_num("gexin_http_trigger_interval", v)?);
        }
        if let Some(host) = get("gexin_http_proxy_ip").filter(|h| !h.trim().is_empty()) {
            let port = match get("gexin_http_proxy_port") {
                Some(p) => parse_num("gexin_http_proxy_port", p)?,
                None => 80,
            };
            let proxy = Proxy::new(host.trim(), port)
                .map_err(|e| ConfigError::new("gexin_http_proxy_ip", e.to_string()))?;
            self.config.proxy = Some(proxy.basic_auth(
                get("gexin_http_proxy_username").unwrap_or_default(),
                get("gexin_http_proxy_passwd").unwrap_or_default(),
            ));
        }
        Ok(self)
    }

    /// Checks the settings and returns the configuration.
    pub fn build(mut self) -> Result<Config, ConfigError> {
        if self.config.app_key.trim().is_empty() {
            return Err(ConfigError::new("appKey", "must not be empty"));
        }
        if self.config.master_secret.is_empty() {
            return Err(ConfigError::new("masterSecret", "must not be empty"));
        }
        if self.config.max_attempts == 0 {
            return Err(ConfigError::new("max_attempts", "at least one attempt"));
        }
        // HTTPS unless the caller chose plain HTTP: explicitly, or with an `http://` host.
        let https = self.https.unwrap_or_else(|| {
            !self
                .config
                .hosts
                .bootstrap
                .first()
                .is_some_and(|h| has_scheme(h, "http:"))
        });
        if self.config.hosts.bootstrap.is_empty() {
            let list = if https {
                DEFAULT_HTTPS_BOOTSTRAP
            } else {
                DEFAULT_HTTP_BOOTSTRAP
            };
            self.config.hosts.bootstrap = list.iter().map(|s| (*s).to_owned()).collect();
        } else {
            // The official override rule: drop entries of the other scheme, add https:// to
            // scheme-less entries when HTTPS is on.
            let mut urls = Vec::new();
            for url in &self.config.hosts.bootstrap {
                let lower = url.to_ascii_lowercase();
                if (https && lower.starts_with("http://"))
                    || (!https && lower.starts_with("https://"))
                {
                    continue;
                }
                if lower.contains("://") && !lower.starts_with("http") {
                    // Another scheme (ftp://…): not something to prefix.
                    urls.push(url.clone());
                } else if !lower.starts_with("http://") && !lower.starts_with("https://") {
                    urls.push(format!("{}://{url}", if https { "https" } else { "http" }));
                } else {
                    urls.push(url.clone());
                }
            }
            if urls.is_empty() {
                return Err(ConfigError::new(
                    "hosts",
                    "no host matches the chosen scheme (http/https)",
                ));
            }
            if let Some(bad) = urls.iter().find(|url| !is_http_url(url)) {
                return Err(ConfigError::new(
                    "hosts",
                    format!("{bad:?} is not an http:// or https:// URL with a host"),
                ));
            }
            self.config.hosts.bootstrap = urls;
        }
        Ok(self.config)
    }
}

/// Variables (name, value) given to a `from_vars` function; empty values count as unset.
pub(crate) struct EnvVars(Vec<(String, String)>);

impl EnvVars {
    pub(crate) fn collect<I, K, V>(vars: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        EnvVars(
            vars.into_iter()
                .map(|(k, v)| (k.as_ref().to_owned(), v.as_ref().to_owned()))
                .filter(|(_, v)| !v.trim().is_empty())
                .collect(),
        )
    }

    /// The process environment (variables whose name or value is not Unicode are skipped).
    pub(crate) fn process() -> Self {
        Self::collect(
            std::env::vars_os()
                .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?))),
        )
    }

    /// The value of `name`, if set and not blank.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The value of `name`, or an error naming it.
    pub(crate) fn required(&self, name: &str) -> Result<&str, ConfigError> {
        self.get(name)
            .ok_or_else(|| ConfigError::new(name, "the variable is not set"))
    }

    /// The proxy of `HTTPS_PROXY` (or `https_proxy`), unless `NO_PROXY` (or `no_proxy`)
    /// lists every one of `hosts` (URLs, or host names without a scheme).
    pub(crate) fn proxy(&self, hosts: &[&str]) -> Result<Option<Proxy>, ConfigError> {
        let Some((name, url)) = ["HTTPS_PROXY", "https_proxy"]
            .into_iter()
            .find_map(|name| self.get(name).map(|url| (name, url)))
        else {
            return Ok(None);
        };
        let no_proxy = self
            .get("NO_PROXY")
            .or_else(|| self.get("no_proxy"))
            .unwrap_or_default();
        if !hosts.is_empty() && hosts.iter().all(|h| no_proxy_lists(no_proxy, url_host(h))) {
            return Ok(None);
        }
        Proxy::from_url(url)
            .map(Some)
            .map_err(|e| ConfigError::new(name, e.to_string()))
    }
}

/// The host name of `url` (`https://h:443/x` → `h`; a bare `h/x` → `h`), lower case as given.
fn url_host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if let Some(v6) = host_port.strip_prefix('[') {
        return v6.split(']').next().unwrap_or_default();
    }
    host_port.split(':').next().unwrap_or_default()
}

/// Whether the `NO_PROXY` list names `host`: `*`, the host itself, or a parent domain
/// (`example.com` and `.example.com` both cover `api.example.com`; an IP address only matches
/// itself); ports in entries are
/// ignored, names compare without regard to ASCII case.
fn no_proxy_lists(no_proxy: &str, host: &str) -> bool {
    let host = host.trim_end_matches('.');
    let is_ip = host.parse::<std::net::IpAddr>().is_ok();
    no_proxy.split(',').map(str::trim).any(|entry| {
        if entry == "*" {
            return true;
        }
        let entry = match entry.strip_prefix('[') {
            Some(v6) => v6.split(']').next().unwrap_or_default(),
            None if entry.matches(':').count() == 1 => entry.split(':').next().unwrap_or_default(),
            None => entry,
        };
        let entry = entry.trim_start_matches('.').trim_end_matches('.');
        !entry.is_empty()
            && (host.eq_ignore_ascii_case(entry)
                || (!is_ip
                    && host.len() > entry.len()
                    && host.as_bytes()[host.len() - entry.len() - 1] == b'.'
                    && host[host.len() - entry.len()..].eq_ignore_ascii_case(entry)))
    })
}

/// Whether `url` starts with `scheme` (e.g. `"http:"`), ignoring ASCII case.
fn has_scheme(url: &str, scheme: &str) -> bool {
    url.get(..scheme.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(scheme))
}

/// An absolute `http`/`https` URL with a host (what the transport can send to).
fn is_http_url(url: &str) -> bool {
    url.parse::<http::Uri>().is_ok_and(|uri| {
        uri.scheme_str()
            .is_some_and(|s| s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https"))
            && uri.host().is_some_and(|h| !h.is_empty())
    })
}

fn parse_bool(name: &str, value: &str) -> Result<bool, ConfigError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(ConfigError::new(
            name,
            format!("expected true or false, got {value:?}"),
        )),
    }
}

fn parse_num<T: std::str::FromStr>(name: &str, value: &str) -> Result<T, ConfigError> {
    value
        .trim()
        .parse()
        .map_err(|_| ConfigError::new(name, format!("expected a number, got {value:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_official_ones() {
        let config = Config::builder("k", "s").build().unwrap();
        // The official HTTPS bootstrap hosts (docs/protocol-legacy.md section 1), not plain HTTP.
        assert_eq!(
            config.hosts.bootstrap,
            [
                "https://cncapi.getui.com/serviceex",
                "https://telapi.getui.com/serviceex",
                "https://api.getui.com/serviceex",
                "https://sdk1api.getui.com/serviceex",
                "https://sdk2api.getui.com/serviceex",
                "https://sdk3api.getui.com/serviceex",
            ]
        );
        assert_eq!(config.hosts.bootstrap, DEFAULT_HTTPS_BOOTSTRAP);
        assert_eq!(config.plain_http_hosts().count(), 0);
        assert_eq!(config.connect_timeout, Duration::from_secs(60));
        assert_eq!(config.request_timeout, Duration::from_secs(30));
        assert_eq!(config.hosts.probe_interval, Duration::from_secs(600));
        assert_eq!(config.max_attempts, 3);
        assert_eq!(config.limits, Limits::default());
        let https = Config::builder("k", "s").https(true).build().unwrap();
        assert_eq!(https.hosts.bootstrap, DEFAULT_HTTPS_BOOTSTRAP);
        // Plain HTTP only when asked for.
        let plain = Config::builder("k", "s").https(false).build().unwrap();
        assert_eq!(plain.hosts.bootstrap, DEFAULT_HTTP_BOOTSTRAP);
        assert_eq!(
            plain.plain_http_hosts().count(),
            DEFAULT_HTTP_BOOTSTRAP.len()
        );
        // One list, in one place: the transport's.
        assert_eq!(DEFAULT_HTTPS_BOOTSTRAP, getui_transport::bootstrap::HTTPS);
        assert_eq!(DEFAULT_HTTP_BOOTSTRAP, getui_transport::bootstrap::HTTP);
        // Rebuilding a finished configuration keeps its hosts.
        let again = ConfigBuilder::from_config(config).build().unwrap();
        assert_eq!(again.hosts.bootstrap, DEFAULT_HTTPS_BOOTSTRAP);
        let again = ConfigBuilder::from_config(plain).build().unwrap();
        assert_eq!(again.hosts.bootstrap, DEFAULT_HTTP_BOOTSTRAP);
    }

    #[test]
    fn hosts_without_a_scheme_get_https() {
        let c = Config::builder("k", "s")
            .hosts(["a.example/serviceex", "http://b/serviceex"])
            .build()
            .unwrap();
        assert_eq!(c.hosts.bootstrap, ["https://a.example/serviceex"]);
        let env = Config::builder("k", "s")
            .apply_vars([("gexin_default_domainurl", "a.example/serviceex")])
            .unwrap()
            .build()
            .unwrap();
        assert_eq!(env.hosts.bootstrap, ["https://a.example/serviceex"]);
        // An explicit http:// host is kept, and is the only plain one.
        let plain = Config::builder("k", "s")
            .hosts(["HTTP://h/serviceex", "i/serviceex"])
            .build()
            .unwrap();
        assert_eq!(
            plain.hosts.bootstrap,
            ["HTTP://h/serviceex", "http://i/serviceex"]
        );
        assert_eq!(plain.plain_http_hosts().count(), 2);
    }

    #[test]
    fn env_knobs_are_typed_and_garbage_is_rejected() {
        let b = Config::builder("k", "s")
            .apply_vars([
                ("needDetails", "TRUE"),
                ("gexin_pushList_needDetails", "false"),
                ("gexin_pushList_needAsync", "true"),
                ("gexin_pushList_syncLimit", "5"),
                ("gexin_http_proxy_ip", "127.0.0.1"),
                ("gexin_http_proxy_passwd", "pw"),
            ])
            .unwrap()
            .build()
            .unwrap();
        assert!(b.flags.need_details && b.flags.list_async && !b.flags.batch_async);
        assert_eq!(b.limits.list_sync, 5);
        let proxy = b.proxy.unwrap();
        assert_eq!((proxy.host(), proxy.port()), ("127.0.0.1", 80));
        assert!(proxy.has_credentials() && proxy.username() == Some(""));
        assert!(!format!("{proxy:?}").contains("pw"));
        let err = Config::builder("k", "s")
            .apply_vars([("gexin_http_tryCount", "three")])
            .unwrap_err();
        assert_eq!(err.name(), "gexin_http_tryCount");
        assert!(Config::builder("k", "s")
            .apply_vars([("needDetails", "yes")])
            .is_err());
    }

    #[test]
    fn host_override_follows_the_scheme_rule() {
        let c = Config::builder("k", "s")
            .hosts(["https://a/serviceex", "http://b/serviceex", "c/serviceex"])
            .https(true)
            .build()
            .unwrap();
        assert_eq!(
            c.hosts.bootstrap,
            ["https://a/serviceex", "https://c/serviceex"]
        );
        let plain = Config::builder("k", "s")
            .host("http://h/serviceex")
            .build()
            .unwrap();
        assert_eq!(plain.hosts.bootstrap, ["http://h/serviceex"]);
        let err = Config::builder("k", "s")
            .host("ftp://h/x")
            .build()
            .unwrap_err();
        assert_eq!(err.name(), "hosts");
        assert!(Config::builder("k", "s").host("http://").build().is_err());
        assert!(Config::builder("k", "s")
            .host("HTTP://h:8080/serviceex")
            .build()
            .is_ok());
        assert!(Config::builder("", "s").build().is_err());
        assert!(Config::builder("k", "").build().is_err());
    }

    #[test]
    fn getui_vars_give_credentials_host_and_proxy() {
        let base = [
            ("GETUI_APP_KEY", "Key"),
            ("GETUI_MASTER_SECRET", "Secret"),
            ("GETUI_HOST", "http://127.0.0.1:8080/serviceex"),
        ];
        let c = ConfigBuilder::from_vars(base).unwrap().build().unwrap();
        assert_eq!(c.app_key(), "Key");
        assert_eq!(c.hosts.bootstrap, ["http://127.0.0.1:8080/serviceex"]);
        assert!(c.proxy().is_none());
        let with = |extra: &[(&'static str, &'static str)]| {
            ConfigBuilder::from_vars(base.iter().chain(extra).copied())
                .unwrap()
                .build()
                .unwrap()
        };
        let proxied = with(&[("HTTPS_PROXY", "http://u:pw@proxy.internal:3128")]);
        let proxy = proxied.proxy().unwrap();
        assert_eq!((proxy.host(), proxy.port()), ("proxy.internal", 3128));
        assert!(!format!("{proxied:?}").contains("pw@") && proxy.username() == Some("u"));
        assert!(with(&[("https_proxy", "proxy.internal")]).proxy().is_some());
        // NO_PROXY listing the host (or `*`) turns the proxy off; other entries do not.
        for listed in [
            "127.0.0.1",
            "*",
            "localhost, 127.0.0.1:8080",
            "[::1],127.0.0.1",
        ] {
            let c = with(&[("HTTPS_PROXY", "proxy.internal:3128"), ("NO_PROXY", listed)]);
            assert!(c.proxy().is_none(), "{listed}");
        }
        for other in ["127.0.0.2", "0.0.1", ""] {
            let c = with(&[("HTTPS_PROXY", "proxy.internal:3128"), ("no_proxy", other)]);
            assert!(c.proxy().is_some(), "{other:?}");
        }
        // Without GETUI_HOST: the default list, all under getui.com.
        let defaults = ConfigBuilder::from_vars([
            ("GETUI_APP_KEY", "Key"),
            ("GETUI_MASTER_SECRET", "Secret"),
            ("HTTPS_PROXY", "proxy.internal:3128"),
            ("NO_PROXY", ".getui.com"),
        ])
        .unwrap()
        .build()
        .unwrap();
        assert_eq!(defaults.hosts.bootstrap, DEFAULT_HTTPS_BOOTSTRAP);
        assert!(defaults.proxy().is_none());
        // Missing credentials and bad proxies name the variable.
        let err = ConfigBuilder::from_vars([("GETUI_APP_KEY", "Key")]).unwrap_err();
        assert_eq!(err.name(), "GETUI_MASTER_SECRET");
        let err = ConfigBuilder::from_vars([("GETUI_APP_KEY", " "), ("GETUI_MASTER_SECRET", "s")])
            .unwrap_err();
        assert_eq!(err.name(), "GETUI_APP_KEY");
        let err =
            ConfigBuilder::from_vars(base.iter().chain(&[("HTTPS_PROXY", "socks5://p")]).copied())
                .unwrap_err();
        assert_eq!(err.name(), "HTTPS_PROXY");
    }

    #[test]
    fn no_proxy_matching() {
        assert!(no_proxy_lists("example.com", "api.example.com"));
        assert!(no_proxy_lists(".EXAMPLE.com", "api.example.com"));
        assert!(no_proxy_lists("api.example.com:443", "API.example.com"));
        assert!(!no_proxy_lists("example.com", "badexample.com"));
        assert!(!no_proxy_lists("api.example.com", "example.com"));
        assert!(no_proxy_lists("::1", "::1") && no_proxy_lists("[::1]:80", "::1"));
        assert_eq!(url_host("https://u@[::1]:8080/x"), "::1");
        assert_eq!(url_host("api.getui.com/serviceex"), "api.getui.com");
    }

    #[test]
    fn secrets_do_not_leak_through_debug() {
        let config = Config::builder("k", "TopSecretValue").build().unwrap();
        assert!(!format!("{config:?}").contains("TopSecretValue"));
    }
}
