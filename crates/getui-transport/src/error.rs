//! The one error type of this crate.

use std::borrow::Cow;
use std::error::Error as StdError;
use std::fmt;

/// A boxed error that can cross threads; the source type of [`TransportError`].
pub type BoxError = Box<dyn StdError + Send + Sync + 'static>;

/// What went wrong, broadly. See [`TransportError::kind`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The transport or HTTP client is configured inconsistently (no hosts, an unreadable
    /// root certificate, ...). Nothing was sent.
    Config,
    /// The request cannot be sent as given (a URL without `http`/`https` scheme or host, an
    /// invalid header). Nothing was sent.
    InvalidRequest,
    /// No connection could be established: DNS, TCP connect or the proxy tunnel failed.
    /// Nothing was sent.
    Connect,
    /// The TLS handshake failed, e.g. the server's certificate is not trusted. Nothing was sent.
    Tls,
    /// Establishing the connection took longer than the connect timeout. Nothing was sent.
    ConnectTimeout,
    /// The exchange took longer than the request timeout after the request started to be
    /// written (or a blocking caller's deadline passed); the server may have received it.
    Timeout,
    /// The connection failed during the exchange (reset, closed before the answer was
    /// complete, malformed HTTP).
    Connection,
    /// The response body (raw or decompressed) is larger than the configured cap.
    ResponseTooLarge,
    /// The response body could not be decoded (broken gzip data).
    Decode,
    /// No push host list could be obtained from any bootstrap URL.
    HostList,
    /// The blocking transport's worker thread (or the probe task's runtime) is gone.
    Closed,
    /// A failure reported by a user-supplied HTTP client that fits no other kind.
    Other,
}

impl ErrorKind {
    fn describe(self) -> &'static str {
        match self {
            ErrorKind::Config => "invalid transport configuration",
            ErrorKind::InvalidRequest => "invalid request",
            ErrorKind::Connect => "connection failed",
            ErrorKind::Tls => "TLS handshake failed",
            ErrorKind::ConnectTimeout => "connect timed out",
            ErrorKind::Timeout => "request timed out",
            ErrorKind::Connection => "connection failed during the exchange",
            ErrorKind::ResponseTooLarge => "response too large",
            ErrorKind::Decode => "response could not be decoded",
            ErrorKind::HostList => "no push host list could be obtained",
            ErrorKind::Closed => "transport closed",
            ErrorKind::Other => "HTTP client error",
        }
    }
}

/// Why a call to the transport or to an HTTP client failed.
///
/// Classification helpers ([`is_connect`](Self::is_connect), [`is_timeout`](Self::is_timeout),
/// [`may_have_been_sent`](Self::may_have_been_sent)) tell the caller what is safe to do next;
/// [`attempts`](Self::attempts) and [`hosts`](Self::hosts) tell what the transport already did.
///
/// The error never contains request or response bodies, header values or proxy credentials;
/// host URLs are shown without user information or query.
#[non_exhaustive]
pub struct TransportError {
    kind: ErrorKind,
    maybe_sent: bool,
    message: Cow<'static, str>,
    source: Option<BoxError>,
    hosts: Vec<String>,
}

impl TransportError {
    /// An error of `kind` with a short message. Whether the request may have reached the
    /// server is derived from the kind (only [`ErrorKind::Other`] and [`ErrorKind::Closed`]
    /// need [`with_maybe_sent`](Self::with_maybe_sent) to say so).
    ///
    /// This is how user-supplied [`AsyncHttpClient`](crate::AsyncHttpClient) and
    /// [`BlockingHttpClient`](crate::BlockingHttpClient) implementations report failures, so
    /// that retries and failover treat them correctly.
    pub fn new(kind: ErrorKind, message: impl Into<Cow<'static, str>>) -> Self {
        let maybe_sent = matches!(
            kind,
            ErrorKind::Timeout
                | ErrorKind::Connection
                | ErrorKind::ResponseTooLarge
                | ErrorKind::Decode
        );
        TransportError {
            kind,
            maybe_sent,
            message: message.into(),
            source: None,
            hosts: Vec::new(),
        }
    }

    /// Attaches the underlying cause.
    #[must_use]
    pub fn with_source(mut self, source: impl Into<BoxError>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// Overrides whether the request may have reached the server.
    #[must_use]
    pub fn with_maybe_sent(mut self, maybe_sent: bool) -> Self {
        self.maybe_sent = maybe_sent;
        self
    }

    pub(crate) fn with_host(mut self, host: &http::Uri) -> Self {
        self.hosts = vec![display_url(host)];
        self
    }

    pub(crate) fn with_hosts(mut self, hosts: Vec<String>) -> Self {
        self.hosts = hosts;
        self
    }

    pub(crate) fn config(message: impl Into<Cow<'static, str>>) -> Self {
        TransportError::new(ErrorKind::Config, message)
    }

    /// The broad kind of failure.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// `true` if no connection could be established (DNS, TCP, proxy tunnel, TLS handshake,
    /// or the connect timeout ran out). Such a request was never sent.
    pub fn is_connect(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::Connect | ErrorKind::Tls | ErrorKind::ConnectTimeout
        )
    }

    /// `true` if a time limit ran out (connect timeout, request timeout, or a blocking
    /// caller's deadline).
    pub fn is_timeout(&self) -> bool {
        matches!(self.kind, ErrorKind::ConnectTimeout | ErrorKind::Timeout)
    }

    /// `true` if the failure was in the TLS handshake (e.g. an untrusted certificate).
    pub fn is_tls(&self) -> bool {
        self.kind == ErrorKind::Tls
    }

    /// `true` if the response was over a size cap.
    pub fn is_too_large(&self) -> bool {
        self.kind == ErrorKind::ResponseTooLarge
    }

    /// `true` if the server may have received the request (so re-sending a request that the
    /// server does not de-duplicate could act twice). `false` means the request provably was
    /// not written to any connection.
    pub fn may_have_been_sent(&self) -> bool {
        self.maybe_sent
    }

    /// `true` for failures of the network path that a retry (on this or another host) may
    /// overcome, including a failed host list fetch (the next call fetches it again). Size
    /// caps, decoding, configuration and invalid requests are not transient.
    pub fn is_transient(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::Connect
                | ErrorKind::Tls
                | ErrorKind::ConnectTimeout
                | ErrorKind::Timeout
                | ErrorKind::Connection
                | ErrorKind::HostList
                | ErrorKind::Other
        )
    }

    /// How many requests were attempted before giving up (one per entry of
    /// [`hosts`](Self::hosts)); `0` when nothing was attempted (e.g. configuration errors).
    pub fn attempts(&self) -> u32 {
        u32::try_from(self.hosts.len()).unwrap_or(u32::MAX)
    }

    /// The host URL of each attempt, in order (a host appears again when it was retried).
    /// For [`ErrorKind::HostList`] these are the bootstrap URLs that were asked.
    pub fn hosts(&self) -> &[String] {
        &self.hosts
    }

    /// The host of the last attempt, if any.
    pub fn last_host(&self) -> Option<&str> {
        self.hosts.last().map(String::as_str)
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind.describe())?;
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        match self.hosts.len() {
            0 => Ok(()),
            1 => write!(f, " ({})", self.hosts[0]),
            n => write!(f, " (after {n} attempts: {})", self.hosts.join(", ")),
        }
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("TransportError");
        d.field("kind", &self.kind)
            .field("maybe_sent", &self.maybe_sent)
            .field("message", &self.message)
            .field("hosts", &self.hosts);
        if let Some(source) = &self.source {
            d.field("source", &DisplayChain(&**source));
        }
        d.finish()
    }
}

struct DisplayChain<'a>(&'a (dyn StdError + 'static));

impl fmt::Debug for DisplayChain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}", self.0)?;
        let mut next = self.0.source();
        while let Some(e) = next {
            write!(f, ": {e}")?;
            next = e.source();
        }
        f.write_str("\"")
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn StdError + 'static))
    }
}

/// A URL as shown in errors, snapshots and logs: scheme, host, port and path; never user
/// information or the query string.
pub(crate) fn display_url(url: &http::Uri) -> String {
    let scheme = url.scheme_str().unwrap_or("");
    let host = url.host().unwrap_or("");
    let mut out = String::with_capacity(scheme.len() + host.len() + 16);
    if !scheme.is_empty() {
        out.push_str(scheme);
        out.push_str("://");
    }
    out.push_str(host);
    if let Some(port) = url.port_u16() {
        out.push(':');
        out.push_str(&port.to_string());
    }
    out.push_str(url.path());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_url_drops_credentials_and_query() {
        let url: http::Uri = "https://user:pw@example.com:8443/apiex.htm?x=1"
            .parse()
            .unwrap();
        assert_eq!(display_url(&url), "https://example.com:8443/apiex.htm");
    }

    #[test]
    fn kinds_classify() {
        let e = TransportError::new(ErrorKind::ConnectTimeout, "x");
        assert!(e.is_connect() && e.is_timeout() && !e.may_have_been_sent());
        let e = TransportError::new(ErrorKind::Timeout, "x");
        assert!(!e.is_connect() && e.is_timeout() && e.may_have_been_sent());
        let e = TransportError::new(ErrorKind::ResponseTooLarge, "x");
        assert!(!e.is_transient() && e.is_too_large());
        let e = TransportError::new(ErrorKind::Other, "x").with_maybe_sent(true);
        assert!(e.is_transient() && e.may_have_been_sent());
        // No bootstrap URL answered: nothing was sent, and the next call asks again.
        let e = TransportError::new(ErrorKind::HostList, "x");
        assert!(e.is_transient() && !e.may_have_been_sent());
    }

    #[test]
    fn display_lists_attempts() {
        let e = TransportError::new(ErrorKind::Connect, "refused")
            .with_hosts(vec!["http://a/x".into(), "http://b/x".into()]);
        assert_eq!(e.attempts(), 2);
        assert_eq!(
            e.to_string(),
            "connection failed: refused (after 2 attempts: http://a/x, http://b/x)"
        );
    }
}
