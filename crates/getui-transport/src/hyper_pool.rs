//! The connection pool of [`HyperClient`](crate::HyperClient): hyper's HTTP/1.1 client
//! connections (`hyper::client::conn::http1`) kept per scheme and authority.
//!
//! Why not hyper-util's pooled client: side by side (`getui-bench async-http`, benches/src/runner/async_http.rs, the
//! same POST, 64 in flight on one tokio worker, against nginx), it needs about a fifth more
//! instructions per request than this pool (counted with callgrind: 30.2k against 24.3k;
//! hyper's connection alone, no pool, 19.7k), and fewer requests per second in the
//! `cargo xtask bench` run (BENCHMARKS.md). Per request it hashes and compares the pool key,
//! rebuilds the URI, boxes and moves a large future several times, and may spawn a task to
//! return the connection to the pool. This pool does only what this SDK needs: a few hosts,
//! HTTP/1.1, one request per connection at a time. What it keeps of hyper-util's behaviour:
//!
//! * keep-alive with at most `max_idle_per_host` idle connections per host, each closed when
//!   it was idle for `idle_timeout` (checked when the pool is used; a connection the server
//!   closed is dropped as soon as it is seen closed);
//! * a request that a reused connection refused before writing any of it (the server closed
//!   the idle connection at that moment) is sent again on a fresh connection — it never
//!   reached the server;
//! * connections are driven by tasks spawned on the caller's tokio runtime; a connection's
//!   task ends when the pool and every request drop its sender.

use std::sync::Mutex;
use std::time::Duration;

use http::uri::{Authority, Scheme};
use http::{HeaderValue, Uri};
use hyper::client::conn::http1;
use tokio::time::Instant;

struct Idle<B> {
    sender: http1::SendRequest<B>,
    since: Instant,
}

/// A connection taken from the pool or newly made.
pub(crate) struct Pooled<B> {
    pub(crate) sender: http1::SendRequest<B>,
    /// Whether it carried a request before (a refused request may then be re-sent).
    pub(crate) reused: bool,
}

/// Idle connections per host (see the module docs).
pub(crate) struct Pool<B> {
    hosts: Mutex<Vec<HostEntry<B>>>,
    max_idle_per_host: usize,
    idle_timeout: Duration,
}

/// One host and its idle connections (a `Vec` searched linearly: a client talks to a handful
/// of hosts).
struct HostEntry<B> {
    host: HostKey,
    idle: Vec<Idle<B>>,
}

/// What identifies a host: scheme and authority as written in the URL.
#[derive(Clone)]
pub(crate) struct HostKey {
    scheme: Scheme,
    authority: Authority,
    host_header: HeaderValue,
}

impl HostKey {
    /// The key of an absolute `http`/`https` URL (checked before), with the `Host` header its
    /// requests carry.
    pub(crate) fn of(url: &Uri) -> Option<HostKey> {
        let scheme = url.scheme()?.clone();
        let authority = url.authority()?.clone();
        let default_port = if scheme == Scheme::HTTPS { 443 } else { 80 };
        let value = match authority.port_u16() {
            Some(port) if port == default_port => HeaderValue::from_str(authority.host()),
            _ => HeaderValue::from_str(authority.as_str()),
        };
        Some(HostKey {
            scheme,
            authority,
            host_header: value.ok()?,
        })
    }

    /// The `Host` header value.
    pub(crate) fn host_header(&self) -> &HeaderValue {
        &self.host_header
    }

    fn same(&self, other: &HostKey) -> bool {
        self.scheme == other.scheme && self.authority.as_str() == other.authority.as_str()
    }
}

impl<B> Pool<B> {
    pub(crate) fn new(max_idle_per_host: usize, idle_timeout: Duration) -> Self {
        Pool {
            hosts: Mutex::new(Vec::new()),
            max_idle_per_host,
            idle_timeout,
        }
    }

    /// The most recently used idle connection to `host` that is still open and was idle for
    /// less than the idle timeout at `now`; the stale ones met on the way are dropped (closed).
    pub(crate) fn take(&self, host: &HostKey, now: Instant) -> Option<Pooled<B>> {
        let mut stale = Vec::new();
        let found = {
            let mut hosts = self.hosts.lock().unwrap_or_else(|e| e.into_inner());
            let entry = hosts.iter_mut().find(|e| e.host.same(host))?;
            let mut found = None;
            while let Some(idle) = entry.idle.pop() {
                if idle.sender.is_closed()
                    || now.saturating_duration_since(idle.since) >= self.idle_timeout
                {
                    stale.push(idle);
                    continue;
                }
                found = Some(idle.sender);
                break;
            }
            found
        };
        drop(stale); // closed outside the lock
        found.map(|sender| Pooled {
            sender,
            reused: true,
        })
    }

    /// The key of a host the pool has seen, for a URL with the same scheme and authority:
    /// a clone of its key (no parsing, no allocation); `None` for a host not seen yet.
    pub(crate) fn known_host(&self, url: &Uri) -> Option<HostKey> {
        let (scheme, authority) = (url.scheme()?, url.authority()?);
        let hosts = self.hosts.lock().unwrap_or_else(|e| e.into_inner());
        hosts
            .iter()
            .find(|e| e.host.scheme == *scheme && e.host.authority.as_str() == authority.as_str())
            .map(|e| e.host.clone())
    }

    /// Gives back a connection whose exchange is complete (response body read to its end),
    /// idle since `since` for the idle timeout (the caller's last clock reading: a moment
    /// too early only closes the connection sooner).
    pub(crate) fn put(&self, host: &HostKey, sender: http1::SendRequest<B>, since: Instant) {
        if self.max_idle_per_host == 0 || sender.is_closed() {
            return;
        }
        let idle = Idle { sender, since };
        let mut hosts = self.hosts.lock().unwrap_or_else(|e| e.into_inner());
        let rejected = match hosts.iter_mut().find(|e| e.host.same(host)) {
            Some(entry) if entry.idle.len() >= self.max_idle_per_host => Some(idle),
            Some(entry) => {
                entry.idle.push(idle);
                None
            }
            None => {
                hosts.push(HostEntry {
                    host: host.clone(),
                    idle: vec![idle],
                });
                None
            }
        };
        drop(hosts);
        drop(rejected); // closed outside the lock
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_host_header_leaves_out_a_default_port() {
        let key = |url: &str| HostKey::of(&url.parse().unwrap()).unwrap();
        assert_eq!(key("http://a.example/x").host_header(), "a.example");
        assert_eq!(key("http://a.example:80/x").host_header(), "a.example");
        assert_eq!(
            key("http://a.example:8080/x").host_header(),
            "a.example:8080"
        );
        assert_eq!(key("https://a.example:443/x").host_header(), "a.example");
        assert_eq!(key("https://a.example:80/x").host_header(), "a.example:80");
        assert_eq!(key("http://[::1]:9/x").host_header(), "[::1]:9");
        assert!(key("http://a.example/x").same(&key("http://a.example/y")));
        assert!(!key("http://a.example/x").same(&key("https://a.example/x")));
        assert!(!key("http://a.example/x").same(&key("http://b.example/x")));
    }

    #[tokio::test]
    async fn a_known_host_is_found_by_scheme_and_authority() {
        let pool: Pool<http_body_util::Empty<bytes::Bytes>> = Pool::new(4, Duration::from_secs(60));
        let url = |u: &str| -> Uri { u.parse().unwrap() };
        assert!(pool.known_host(&url("http://a.example:8080/x")).is_none());
        // A host becomes known with its first entry (an idle connection given back).
        let key = HostKey::of(&url("http://a.example:8080/x")).unwrap();
        pool.hosts.lock().unwrap().push(HostEntry {
            host: key,
            idle: Vec::new(),
        });
        let found = pool.known_host(&url("http://a.example:8080/y?z")).unwrap();
        assert_eq!(found.host_header(), "a.example:8080");
        assert!(pool.known_host(&url("https://a.example:8080/x")).is_none());
        assert!(pool.known_host(&url("http://a.example/x")).is_none());
        assert!(pool.known_host(&url("/relative")).is_none());
    }
}
