//! The options of the SDK's HTTP stacks, [`HttpClientBuilder`], and what the stacks share:
//! the checks of a request URL, the TLS configuration and the classification of errors.
//!
//! Nothing here needs hyper: the blocking [`SocketClient`] is built from these options without
//! it, the async [`HyperClient`](crate::HyperClient) (feature `hyper`) from the same options.

use std::error::Error as StdError;
use std::fmt;
#[cfg(feature = "rustls")]
use std::sync::Arc;
use std::time::Duration;

use http::{HeaderValue, Uri};
#[cfg(feature = "rustls")]
use rustls::pki_types::pem::PemObject;
#[cfg(feature = "rustls")]
use rustls::pki_types::CertificateDer;

use crate::error::{ErrorKind, TransportError};
use crate::proxy::Proxy;
use crate::socket_client::SocketClient;

/// The `User-Agent` sent when the request has none.
pub const DEFAULT_USER_AGENT: &str = concat!("getui-rs/", env!("CARGO_PKG_VERSION"));

/// The options of the SDK's HTTP stacks: timeouts, connection pool limits, the response size
/// cap, the user agent, a proxy and the TLS trust roots. One set of options builds either
/// stack, which then behave alike:
///
/// * [`build_socket_client`](Self::build_socket_client): the blocking [`SocketClient`]
///   (always available; the default stack of [`blocking::Transport`](crate::blocking::Transport));
/// * [`build`](Self::build): the async [`HyperClient`](crate::HyperClient), and
///   [`build_blocking`](Self::build_blocking): that client on a worker thread of its own (both
///   with the `hyper` feature; the default stack of the async [`Transport`](crate::Transport)).
///
/// [`TransportBuilder::http`](crate::TransportBuilder::http) takes these options for the
/// transport's built-in stack.
///
/// TLS certificate verification is always on; [`add_root_certificate_der`] and
/// [`add_root_certificates_pem`] add trust anchors (e.g. a private CA), they never disable
/// checks.
///
/// [`add_root_certificate_der`]: HttpClientBuilder::add_root_certificate_der
/// [`add_root_certificates_pem`]: HttpClientBuilder::add_root_certificates_pem
#[derive(Clone)]
pub struct HttpClientBuilder {
    connect_timeout: Duration,
    request_timeout: Duration,
    pool_idle_timeout: Duration,
    pool_max_idle_per_host: usize,
    max_response_size: usize,
    user_agent: String,
    proxy: Option<Proxy>,
    builtin_roots: bool,
    extra_roots_der: Vec<Vec<u8>>,
    extra_roots_pem: Vec<Vec<u8>>,
}

impl Default for HttpClientBuilder {
    fn default() -> Self {
        HttpClientBuilder {
            connect_timeout: Duration::from_secs(60),
            request_timeout: Duration::from_secs(30),
            pool_idle_timeout: Duration::from_secs(90),
            pool_max_idle_per_host: 8,
            max_response_size: 16 * 1024 * 1024,
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            proxy: None,
            builtin_roots: true,
            extra_roots_der: Vec::new(),
            extra_roots_pem: Vec::new(),
        }
    }
}

impl fmt::Debug for HttpClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpClientBuilder")
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("pool_idle_timeout", &self.pool_idle_timeout)
            .field("pool_max_idle_per_host", &self.pool_max_idle_per_host)
            .field("max_response_size", &self.max_response_size)
            .field("user_agent", &self.user_agent)
            .field("proxy", &self.proxy)
            .field("builtin_roots", &self.builtin_roots)
            .field(
                "extra_roots",
                &(self.extra_roots_der.len() + self.extra_roots_pem.len()),
            )
            .finish()
    }
}

impl HttpClientBuilder {
    /// The default configuration: connect timeout 60 s, request timeout 30 s, idle pooled
    /// connections closed after 90 s, responses capped at 16 MiB, bundled web PKI roots.
    #[must_use]
    pub fn new() -> Self {
        HttpClientBuilder::default()
    }

    /// Time allowed to establish a connection: TCP connect, proxy tunnel and TLS handshake
    /// (default 60 s, the official `gexin_http_connection_timeout`). A connect timeout is a
    /// [`ErrorKind::ConnectTimeout`]: the request was not sent.
    #[must_use]
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time allowed for the exchange once the request starts to be written: sending it and
    /// receiving the complete response (default 30 s, the official `gexin_http_so_timeout`).
    /// An exchange over time is a [`ErrorKind::Timeout`] that may have reached the server.
    #[must_use]
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// How long an idle keep-alive connection stays in the pool (default 90 s).
    #[must_use]
    pub fn pool_idle_timeout(mut self, timeout: Duration) -> Self {
        self.pool_idle_timeout = timeout;
        self
    }

    /// At most this many idle connections are kept per host (default 8).
    #[must_use]
    pub fn pool_max_idle_per_host(mut self, max: usize) -> Self {
        self.pool_max_idle_per_host = max;
        self
    }

    /// Responses with a larger body (as received, before any decompression) fail with
    /// [`ErrorKind::ResponseTooLarge`] (default 16 MiB).
    #[must_use]
    pub fn max_response_size(mut self, bytes: usize) -> Self {
        self.max_response_size = bytes;
        self
    }

    /// The `User-Agent` for requests that carry none (default `getui-rs/<version>`).
    #[must_use]
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Sends everything through this HTTP CONNECT proxy.
    #[must_use]
    pub fn proxy(mut self, proxy: Proxy) -> Self {
        self.proxy = Some(proxy);
        self
    }

    /// Trusts this additional root certificate (DER encoded).
    #[must_use]
    pub fn add_root_certificate_der(mut self, der: impl Into<Vec<u8>>) -> Self {
        self.extra_roots_der.push(der.into());
        self
    }

    /// Trusts the additional root certificates in this PEM text (all `CERTIFICATE` blocks).
    #[must_use]
    pub fn add_root_certificates_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.extra_roots_pem.push(pem.into());
        self
    }

    /// Whether the bundled web PKI roots (and, with the `native-roots` feature, the operating
    /// system's roots) are trusted (default `true`). Turning them off trusts only the added
    /// roots, for private deployments; it never turns verification off.
    #[must_use]
    pub fn builtin_roots(mut self, enabled: bool) -> Self {
        self.builtin_roots = enabled;
        self
    }

    pub(crate) fn timeouts(&self) -> (Duration, Duration) {
        (self.connect_timeout, self.request_timeout)
    }

    #[cfg(feature = "rustls")]
    fn tls_config(&self) -> Result<rustls::ClientConfig, TransportError> {
        let mut roots = rustls::RootCertStore::empty();
        if self.builtin_roots {
            roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
            #[cfg(feature = "native-roots")]
            {
                let found = rustls_native_certs::load_native_certs();
                roots.add_parsable_certificates(found.certs);
            }
        }
        for der in &self.extra_roots_der {
            roots
                .add(CertificateDer::from(der.clone()))
                .map_err(|e| TransportError::config("invalid root certificate").with_source(e))?;
        }
        for pem in &self.extra_roots_pem {
            let mut found = 0usize;
            for cert in CertificateDer::pem_slice_iter(pem) {
                let cert = cert.map_err(|e| {
                    TransportError::config("unreadable PEM root certificate")
                        .with_source(e.to_string())
                })?;
                roots.add(cert).map_err(|e| {
                    TransportError::config("invalid root certificate").with_source(e)
                })?;
                found += 1;
            }
            if found == 0 {
                return Err(TransportError::config(
                    "no CERTIFICATE block in the PEM root certificates",
                ));
            }
        }
        if roots.is_empty() {
            return Err(TransportError::config("no trusted root certificates"));
        }
        Ok(rustls::ClientConfig::builder_with_provider(ring_provider())
            .with_safe_default_protocol_versions()
            .map_err(|e| TransportError::config("TLS setup failed").with_source(e))?
            .with_root_certificates(roots)
            .with_no_client_auth())
    }

    /// The checked options both stacks are built from: the user agent as a header value and,
    /// with the `rustls` feature, the TLS configuration with the trust roots.
    fn settings(self) -> Result<Settings, TransportError> {
        let user_agent = HeaderValue::from_str(&self.user_agent)
            .map_err(|e| TransportError::config("invalid user agent").with_source(e))?;
        Ok(Settings {
            #[cfg(feature = "rustls")]
            tls: Arc::new(self.tls_config()?),
            connect_timeout: self.connect_timeout,
            request_timeout: self.request_timeout,
            pool_idle_timeout: self.pool_idle_timeout,
            pool_max_idle_per_host: self.pool_max_idle_per_host,
            max_response_size: self.max_response_size,
            user_agent,
            proxy: self.proxy,
        })
    }

    /// Builds a [`SocketClient`], the blocking stack: HTTP/1.1 with all I/O on the calling
    /// thread (no tokio runtime). Fails on unusable root certificates or an invalid user agent.
    ///
    /// Without the `rustls` feature no TLS is compiled in: root certificates are not read and
    /// `https://` requests fail with [`ErrorKind::InvalidRequest`].
    pub fn build_socket_client(self) -> Result<SocketClient, TransportError> {
        Ok(SocketClient::from_settings(self.settings()?))
    }

    /// Builds a [`HyperClient`](crate::HyperClient), the async stack: the same timeouts, pool
    /// limits, size cap, user agent, proxy and trust roots as
    /// [`build_socket_client`](Self::build_socket_client), with hyper's HTTP/1.1 connections
    /// driven by tokio. Fails like [`build_socket_client`](Self::build_socket_client).
    #[cfg(feature = "hyper")]
    #[cfg_attr(docsrs, doc(cfg(feature = "hyper")))]
    pub fn build(self) -> Result<crate::HyperClient, TransportError> {
        Ok(crate::HyperClient::from_settings(self.settings()?))
    }

    /// Builds a [`blocking::HyperClient`](crate::blocking::HyperClient): the
    /// [`HyperClient`](crate::HyperClient) of [`build`](Self::build) driven by a worker thread
    /// of its own, for blocking callers who want hyper's stack.
    #[cfg(feature = "hyper")]
    #[cfg_attr(docsrs, doc(cfg(feature = "hyper")))]
    pub fn build_blocking(self) -> Result<crate::blocking::HyperClient, TransportError> {
        crate::blocking::HyperClient::from_builder(self)
    }
}

/// Everything a built stack is configured with: the options of an [`HttpClientBuilder`],
/// checked ([`HttpClientBuilder::settings`]).
pub(crate) struct Settings {
    pub(crate) connect_timeout: Duration,
    pub(crate) request_timeout: Duration,
    pub(crate) pool_idle_timeout: Duration,
    pub(crate) pool_max_idle_per_host: usize,
    pub(crate) max_response_size: usize,
    pub(crate) user_agent: HeaderValue,
    pub(crate) proxy: Option<Proxy>,
    #[cfg(feature = "rustls")]
    pub(crate) tls: Arc<rustls::ClientConfig>,
}

/// The error of a response body over the size cap.
pub(crate) fn too_large(max: usize) -> TransportError {
    TransportError::new(
        ErrorKind::ResponseTooLarge,
        format!("response body exceeds {max} bytes"),
    )
}

/// Checks that `url` is an absolute `http` or `https` URL with a host (both stacks, and host
/// lists).
pub(crate) fn check_url(url: &Uri) -> Result<(), TransportError> {
    match url.scheme_str() {
        Some(s) if s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https") => {}
        _ => {
            return Err(TransportError::new(
                ErrorKind::InvalidRequest,
                "URL scheme must be http or https",
            ))
        }
    }
    if url.host().is_none_or(str::is_empty) {
        return Err(TransportError::new(
            ErrorKind::InvalidRequest,
            "URL has no host",
        ));
    }
    Ok(())
}

/// The `ring` crypto provider, handed to each `ClientConfig` explicitly: no process-wide
/// default is read or installed, so an application that also links rustls' `aws-lc-rs`
/// provider (or installs its own default) neither changes this client nor makes it panic.
///
/// rustls 0.23.48 deprecates `rustls::crypto::ring::default_provider` ("no support for
/// post-quantum algorithms") without a non-deprecated way to obtain the `ring` provider: the
/// only ones left are the process default (global state, and a panic when both providers are
/// linked) or the `aws-lc-rs` provider (a C build). Until this crate moves to one of them, the
/// deprecation is allowed here, in this one place, so that `-D warnings` holds with every
/// rustls 0.23.
#[cfg(feature = "rustls")]
#[allow(deprecated)]
pub(crate) fn ring_provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// Whether a rustls error is in the chain of `err` (a TLS failure: [`ErrorKind::Tls`]).
#[cfg(feature = "rustls")]
pub(crate) fn is_tls_error(err: &(dyn StdError + 'static)) -> bool {
    chain_has(err, |e| e.is::<rustls::Error>())
}

/// Without TLS support no error is a TLS error.
#[cfg(not(feature = "rustls"))]
pub(crate) fn is_tls_error(_err: &(dyn StdError + 'static)) -> bool {
    false
}

/// Walks `source()` links and the inner errors of `io::Error`s.
#[cfg(any(feature = "rustls", feature = "hyper"))]
pub(crate) fn chain_has(
    err: &(dyn StdError + 'static),
    pred: impl Fn(&(dyn StdError + 'static)) -> bool,
) -> bool {
    let mut stack: Vec<&(dyn StdError + 'static)> = vec![err];
    while let Some(e) = stack.pop() {
        if pred(e) {
            return true;
        }
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            if let Some(inner) = io.get_ref() {
                stack.push(inner);
            }
        }
        if let Some(next) = e.source() {
            stack.push(next);
        }
    }
    false
}

/// The message of the last error in the `source()` chain of `err` (the most specific one).
pub(crate) fn innermost_message(err: &(dyn StdError + 'static)) -> String {
    let mut last = err.to_string();
    let mut next = err.source();
    while let Some(e) = next {
        last = e.to_string();
        next = e.source();
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_checks() {
        assert!(check_url(&"http://h/x".parse().unwrap()).is_ok());
        assert!(check_url(&"HTTPS://h/x".parse().unwrap()).is_ok());
        let e = check_url(&"ftp://h/x".parse().unwrap()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidRequest);
        assert!(check_url(&"/relative".parse().unwrap()).is_err());
    }

    #[cfg(feature = "rustls")]
    #[test]
    fn builder_rejects_bad_roots() {
        let e = HttpClientBuilder::new()
            .add_root_certificate_der(vec![1, 2, 3])
            .build_socket_client()
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Config);
        let e = HttpClientBuilder::new()
            .add_root_certificates_pem(b"not pem".to_vec())
            .build_socket_client()
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Config);
        let e = HttpClientBuilder::new()
            .builtin_roots(false)
            .build_socket_client()
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Config);
        assert!(HttpClientBuilder::new().build_socket_client().is_ok());
    }

    #[test]
    fn builder_rejects_a_bad_user_agent() {
        let e = HttpClientBuilder::new()
            .user_agent("bad\nagent")
            .build_socket_client()
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Config);
    }
}
