//! Fault injection: what can go wrong, and on which requests.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// Something that goes wrong on a request, installed with
/// [`MockServer::inject`](crate::MockServer::inject).
///
/// Faults differ in whether the request takes effect (a push is accepted, a token issued, …):
///
/// | fault | the request is processed |
/// |---|---|
/// | [`DropBeforeRead`](Fault::DropBeforeRead) | no (the body is not read) |
/// | [`Status`](Fault::Status), [`DropAfterRead`](Fault::DropAfterRead), [`Hang`](Fault::Hang), [`DomainError`](Fault::DomainError), [`SignError`](Fault::SignError), [`Answer`](Fault::Answer) | no (the body is read and recorded) |
///
/// Every fault applies to REST v2 requests (`/v2/{appId}/…`) too; there a v2 request's
/// endpoint is known before its body is read, so [`DropBeforeRead`](Fault::DropBeforeRead)
/// needs no header, [`DomainError`](Fault::DomainError) answers the v2 host switch
/// (`{"code": 301, "data": {"host_list": [{"domain_list": hosts}]}}`, HTTP 200),
/// [`SignError`](Fault::SignError) answers a token expiry (HTTP 401 `{"code": 10001}`), and
/// [`MalformedJson`](Fault::MalformedJson) / [`OversizedAnswer`](Fault::OversizedAnswer) start
/// like a v2 answer (`{"code": 0, …`).
/// | [`Latency`](Fault::Latency) | yes, after the delay |
/// | [`DropAfterProcess`](Fault::DropAfterProcess), [`HangAfterProcess`](Fault::HangAfterProcess), [`MalformedJson`](Fault::MalformedJson), [`EmptyBody`](Fault::EmptyBody), [`TruncatedGzip`](Fault::TruncatedGzip), [`GzipBomb`](Fault::GzipBomb), [`OversizedAnswer`](Fault::OversizedAnswer), [`SlowLoris`](Fault::SlowLoris) | yes: only the answer is lost or damaged |
///
/// So "the push was accepted but the client never learned it" is
/// [`DropAfterProcess`](Fault::DropAfterProcess) or [`HangAfterProcess`](Fault::HangAfterProcess),
/// the case that `requestId` de-duplication exists for.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Fault {
    /// Wait this long before processing and answering (on top of the host's latency).
    Latency(Duration),
    /// Answer with this HTTP status (e.g. 404, 500, 503) and a short text body.
    Status(u16),
    /// Close the connection as soon as the request head arrived, without reading the body.
    ///
    /// The fault is chosen from the `Gt-Action` header; a request without one has its body read
    /// first to learn the action.
    DropBeforeRead,
    /// Read the body, then close the connection without processing or answering.
    DropAfterRead,
    /// Process the request (e.g. accept the push), then close the connection without answering.
    DropAfterProcess,
    /// Read the body and never answer (until the server shuts down); not processed.
    Hang,
    /// Process the request, then never answer.
    HangAfterProcess,
    /// Answer 200 with a body that is not JSON.
    MalformedJson,
    /// Answer 200 with an empty body.
    EmptyBody,
    /// Answer 200 with `Content-Encoding: gzip` and a gzip stream cut in half.
    TruncatedGzip,
    /// Answer 200 with `Content-Encoding: gzip` and a small body that inflates to
    /// `expanded_len` zero bytes (well-formed gzip; meant to trip decompression limits).
    GzipBomb {
        /// The inflated size in bytes (rounded up to whole MiB).
        expanded_len: usize,
    },
    /// Answer 200 with a valid JSON object (`result` `ok` plus padding) of `len` bytes.
    OversizedAnswer {
        /// The body size in bytes.
        len: usize,
    },
    /// Send the normal answer `chunk` bytes at a time, waiting `interval` before each chunk.
    SlowLoris {
        /// Bytes per chunk (at least 1).
        chunk: usize,
        /// Pause before each chunk.
        interval: Duration,
    },
    /// Answer `{"result": "domain_error", "osList": [...]}` with these hosts; on a v2 path
    /// the 301 host switch `{"code": 301, "msg": …, "data": {"host_list": [{"domain_list":
    /// [...]}]}}` (give v2 base URLs, e.g.
    /// [`MockServer::v2_base_urls`](crate::MockServer::v2_base_urls)).
    DomainError(Vec<String>),
    /// Answer `{"result": "sign_error"}`; on a v2 path HTTP 401
    /// `{"code": 10001, "msg": "token error or expired"}` (a token expiring mid-stream; the
    /// token itself stays valid).
    SignError,
    /// Answer 200 with this JSON value instead of the real answer.
    Answer(serde_json::Value),
}

impl Fault {
    /// A gzip bomb inflating to 64 MiB.
    pub fn gzip_bomb() -> Fault {
        Fault::GzipBomb {
            expanded_len: 64 << 20,
        }
    }

    /// When this fault acts (see the table on [`Fault`]).
    pub(crate) fn phase(&self) -> Phase {
        match self {
            Fault::DropBeforeRead => Phase::BeforeRead,
            Fault::Status(_)
            | Fault::DropAfterRead
            | Fault::Hang
            | Fault::DomainError(_)
            | Fault::SignError
            | Fault::Answer(_) => Phase::InsteadOfProcessing,
            _ => Phase::AfterProcessing,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Phase {
    BeforeRead,
    InsteadOfProcessing,
    AfterProcessing,
}

#[derive(Debug)]
struct Rule {
    id: u64,
    fault: Fault,
    host: Option<usize>,
    action: Option<String>,
    path: Option<String>,
    path_prefix: Option<String>,
    skip: usize,
    remaining: Option<usize>,
    hits: usize,
    removed: bool,
}

impl Rule {
    fn live(&self) -> bool {
        !self.removed && self.remaining != Some(0)
    }

    fn matches(&self, host: usize, path: &str, action: Option<&str>) -> bool {
        self.host.is_none_or(|h| h == host)
            && self.path.as_deref().is_none_or(|p| p == path)
            && self
                .path_prefix
                .as_deref()
                .is_none_or(|p| path.starts_with(p))
            && self.action.as_deref().is_none_or(|a| Some(a) == action)
    }
}

/// The installed fault rules of one server.
#[derive(Debug, Default)]
pub(crate) struct FaultRegistry {
    rules: Mutex<Vec<Rule>>,
    live: AtomicUsize,
    next_id: AtomicUsize,
}

impl FaultRegistry {
    fn lock(&self) -> MutexGuard<'_, Vec<Rule>> {
        self.rules.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Picks the fault for a request (first live matching rule in installation order) and
    /// counts it against that rule.
    pub(crate) fn select(&self, host: usize, path: &str, action: Option<&str>) -> Option<Fault> {
        if self.live.load(Ordering::Acquire) == 0 {
            return None;
        }
        let mut rules = self.lock();
        for rule in rules.iter_mut() {
            if !rule.live() || !rule.matches(host, path, action) {
                continue;
            }
            if rule.skip > 0 {
                rule.skip -= 1;
                continue;
            }
            rule.hits += 1;
            if let Some(n) = rule.remaining.as_mut() {
                *n -= 1;
                if *n == 0 {
                    self.live.fetch_sub(1, Ordering::AcqRel);
                }
            }
            return Some(rule.fault.clone());
        }
        None
    }

    fn install(&self, mut rule: Rule) -> u64 {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed) as u64;
        rule.id = id;
        let live = rule.live();
        let mut rules = self.lock();
        rules.push(rule);
        if live {
            self.live.fetch_add(1, Ordering::AcqRel);
        }
        id
    }

    fn with_rule<T>(&self, id: u64, f: impl FnOnce(&mut Rule) -> T) -> Option<T> {
        self.lock().iter_mut().find(|r| r.id == id).map(f)
    }

    fn remove(&self, id: u64) {
        let mut rules = self.lock();
        if let Some(pos) = rules.iter().position(|r| r.id == id) {
            if rules[pos].live() {
                self.live.fetch_sub(1, Ordering::AcqRel);
            }
            rules.remove(pos);
        }
    }

    pub(crate) fn clear(&self) {
        let mut rules = self.lock();
        rules.clear();
        self.live.store(0, Ordering::Release);
    }
}

/// Describes where an injected fault applies; installs it when dropped (or on
/// [`install`](FaultBuilder::install)).
///
/// Made by [`MockServer::inject`](crate::MockServer::inject). By default a fault applies to
/// every request on every host, forever; narrow it with the methods below. Rules are checked in
/// installation order and the first live rule that matches wins.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use getui_mock::{Fault, MockServer};
/// let server = MockServer::start().await;
/// // the next single push on any host gets a 503, then things are normal again
/// server.inject(Fault::Status(503)).on_action("pushMessageToSingleAction").times(1);
/// // host 0 hangs up on every batch push, forever; keep a handle to look at it later
/// let drop = server
///     .inject(Fault::DropAfterRead)
///     .on_host(0)
///     .on_action("pushMessageToSingleBatchAction")
///     .install();
/// assert_eq!(drop.hits(), 0);
/// # }
/// ```
#[derive(Debug)]
pub struct FaultBuilder {
    registry: Arc<FaultRegistry>,
    rule: Option<Rule>,
}

impl FaultBuilder {
    pub(crate) fn new(registry: Arc<FaultRegistry>, fault: Fault) -> Self {
        FaultBuilder {
            registry,
            rule: Some(Rule {
                id: 0,
                fault,
                host: None,
                action: None,
                path: None,
                path_prefix: None,
                skip: 0,
                remaining: None,
                hits: 0,
                removed: false,
            }),
        }
    }

    fn rule(&mut self) -> &mut Rule {
        self.rule.as_mut().expect("rule is present until installed")
    }

    /// Only requests to host `index` (0 = the first listener).
    pub fn on_host(mut self, index: usize) -> Self {
        self.rule().host = Some(index);
        self
    }

    /// Only requests for this action (from the `Gt-Action` header, else the body's `action`).
    /// HEAD and empty-body probes have no action and never match. For REST v2 the action is
    /// the endpoint, one of [`V2_ENDPOINTS`](crate::V2_ENDPOINTS) (e.g.
    /// `"POST /push/single/cid"`).
    pub fn on_action(mut self, action: impl Into<String>) -> Self {
        self.rule().action = Some(action.into());
        self
    }

    /// Only requests to this path (`/serviceex`, `/apiex.htm`, or a whole v2 path such as
    /// `/v2/{appId}/push/single/cid`).
    pub fn on_path(mut self, path: impl Into<String>) -> Self {
        self.rule().path = Some(path.into());
        self
    }

    /// Only requests whose path starts with `prefix`, e.g. `"/v2/"` for every REST v2
    /// request (legacy requests untouched) or `"/v2/{appId}/push/"` for the pushes of an app.
    pub fn on_path_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.rule().path_prefix = Some(prefix.into());
        self
    }

    /// Only REST v2 requests (`on_path_prefix("/v2/")`).
    pub fn on_v2(self) -> Self {
        self.on_path_prefix("/v2/")
    }

    /// Let the first `n` matching requests pass untouched.
    pub fn skip(mut self, n: usize) -> Self {
        self.rule().skip = n;
        self
    }

    /// Apply to the next `n` matching requests only.
    pub fn times(mut self, n: usize) -> Self {
        self.rule().remaining = Some(n);
        self
    }

    /// Apply to every matching request (the default).
    pub fn always(mut self) -> Self {
        self.rule().remaining = None;
        self
    }

    /// Installs the rule now and returns a handle to observe or remove it.
    pub fn install(mut self) -> FaultHandle {
        let rule = self.rule.take().expect("rule is present until installed");
        let id = self.registry.install(rule);
        FaultHandle {
            registry: Arc::clone(&self.registry),
            id,
        }
    }
}

impl Drop for FaultBuilder {
    /// Installs the rule if [`install`](FaultBuilder::install) was not called.
    fn drop(&mut self) {
        if let Some(rule) = self.rule.take() {
            self.registry.install(rule);
        }
    }
}

/// An installed fault rule (from [`FaultBuilder::install`]).
///
/// Dropping the handle leaves the rule installed; call [`remove`](FaultHandle::remove) to take it
/// out.
#[derive(Debug)]
pub struct FaultHandle {
    registry: Arc<FaultRegistry>,
    id: u64,
}

impl FaultHandle {
    /// How many requests this rule has acted on (0 once removed).
    pub fn hits(&self) -> usize {
        self.registry.with_rule(self.id, |r| r.hits).unwrap_or(0)
    }

    /// Whether the rule still applies to future requests (not used up, not removed).
    pub fn is_live(&self) -> bool {
        self.registry
            .with_rule(self.id, |r| r.live())
            .unwrap_or(false)
    }

    /// Removes the rule; later requests are not affected by it.
    pub fn remove(&self) {
        self.registry.remove(self.id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_skip_and_matching() {
        let reg = Arc::new(FaultRegistry::default());
        let h = FaultBuilder::new(Arc::clone(&reg), Fault::SignError)
            .on_action("a")
            .on_host(1)
            .skip(1)
            .times(2)
            .install();
        assert_eq!(reg.select(0, "/apiex.htm", Some("a")), None);
        assert_eq!(reg.select(1, "/apiex.htm", Some("b")), None);
        assert_eq!(reg.select(1, "/apiex.htm", Some("a")), None); // skipped
        assert_eq!(
            reg.select(1, "/apiex.htm", Some("a")),
            Some(Fault::SignError)
        );
        assert!(h.is_live());
        assert_eq!(
            reg.select(1, "/apiex.htm", Some("a")),
            Some(Fault::SignError)
        );
        assert!(!h.is_live());
        assert_eq!(reg.select(1, "/apiex.htm", Some("a")), None);
        assert_eq!(h.hits(), 2);
        assert_eq!(reg.live.load(Ordering::Relaxed), 0);
    }

    #[test]
    fn drop_installs_and_remove_uninstalls() {
        let reg = Arc::new(FaultRegistry::default());
        drop(FaultBuilder::new(Arc::clone(&reg), Fault::EmptyBody).on_path("/serviceex"));
        assert_eq!(reg.select(0, "/serviceex", None), Some(Fault::EmptyBody));
        assert_eq!(reg.select(0, "/apiex.htm", None), None);
        let h = FaultBuilder::new(Arc::clone(&reg), Fault::Hang).install();
        assert_eq!(reg.select(0, "/apiex.htm", None), Some(Fault::Hang));
        h.remove();
        assert_eq!(reg.select(0, "/apiex.htm", None), None);
        reg.clear();
        assert_eq!(reg.select(0, "/serviceex", None), None);
        drop(FaultBuilder::new(Arc::clone(&reg), Fault::EmptyBody).on_v2());
        assert_eq!(reg.select(0, "/apiex.htm", None), None);
        assert_eq!(reg.select(0, "/v2/app/auth", None), Some(Fault::EmptyBody));
    }
}
