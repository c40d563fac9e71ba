//! Host list, ranking state and probes.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use http::{Method, StatusCode, Uri};
use tokio::task::JoinSet;
use tokio::time::Instant;

use crate::error::{display_url, BoxError, TransportError};
use crate::exchange::{AsyncHttpClient, HttpRequest, HttpResponse};
use crate::transport::join_url;

/// The built-in bootstrap ("serviceex") URLs that answer the push host list request: the one
/// place these lists live (the `getui` facade's `DEFAULT_HTTPS_BOOTSTRAP` and
/// `DEFAULT_HTTP_BOOTSTRAP` are these constants).
///
/// [`HTTPS`](bootstrap::HTTPS) is the default: over plain HTTP the app key, the auth token
/// and every push would travel unencrypted. [`HTTP`](bootstrap::HTTP) is only for a caller
/// who asks for plain HTTP explicitly. The official SDKs disagree on the plain-HTTP list;
/// [`HTTP`](bootstrap::HTTP) is the Python SDK's list followed by the additional C#/PHP
/// entries. The HTTPS list is the same in all of them.
pub mod bootstrap {
    /// Bootstrap URLs for plain HTTP (only when asked for explicitly; see the module docs).
    pub const HTTP: &[&str] = &[
        "http://api.getui.com/serviceex",
        "http://sdk.open.api.gepush.com/serviceex",
        "http://sdk.open.api.getui.net/serviceex",
        "http://sdk.open.api.igexin.com/serviceex",
        "http://sdk1.open.api.igexin.com/serviceex",
        "http://sdk2.open.api.igexin.com/serviceex",
        "http://sdk3.open.api.igexin.com/serviceex",
    ];

    /// Bootstrap URLs for HTTPS (the default).
    pub const HTTPS: &[&str] = &[
        "https://cncapi.getui.com/serviceex",
        "https://telapi.getui.com/serviceex",
        "https://api.getui.com/serviceex",
        "https://sdk1api.getui.com/serviceex",
        "https://sdk2api.getui.com/serviceex",
        "https://sdk3api.getui.com/serviceex",
    ];
}

/// Obtains the push host list from a bootstrap URL.
///
/// The transport knows nothing about API actions: the fetcher builds the request (for Getui,
/// the `getOSPushDomailUrlListAction` exchange) and reads the answer; the transport sends it
/// through its HTTP client (same TLS and proxy settings) to each bootstrap URL in order until
/// one answers with a non-empty list.
pub trait HostListFetcher: Send + Sync {
    /// The request that asks `bootstrap_url` for the host list.
    fn request(&self, bootstrap_url: &Uri) -> HttpRequest;

    /// Reads the host URLs out of the answer (already gzip-decoded). An error or an empty list
    /// moves on to the next bootstrap URL.
    fn parse(&self, response: HttpResponse) -> Result<Vec<String>, BoxError>;
}

/// How hosts are probed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ProbeMethod {
    /// `HEAD`; if the host rejects the method (405 or 501), `POST` with an empty body, and
    /// remember to use `POST` for that host from then on (default).
    #[default]
    HeadThenPost,
    /// `HEAD` only.
    Head,
    /// `POST` with an empty body only (what the Python SDK does).
    Post,
    /// `HEAD` of this path after the host URL (e.g. `/v2/check`, the probe of the official
    /// Java REST v2 SDK); any HTTP answer, whatever its status, counts as reachable, ranked by
    /// latency.
    HeadPathAnyStatus(&'static str),
}

/// What the transport knows about one host.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Health {
    /// Not probed yet, or its first probe has not answered yet (no pass completed since the
    /// host list was set).
    Unprobed,
    /// Answered the last probe with a 2xx status.
    Up,
    /// Answered the last probe with this non-2xx status; never chosen while a host is up.
    Rejected(u16),
    /// The last probe got no answer (connection failure or probe timeout); never chosen while
    /// a host is up.
    Unreachable,
    /// A call could not connect to it since the last probe; skipped until the next pass.
    Down,
}

/// One host in a [`HostRanking`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct HostStatus {
    /// The host URL (without user information or query).
    pub url: String,
    /// Its health.
    pub health: Health,
    /// Latency of its last successful probe.
    pub latency: Option<Duration>,
}

/// A snapshot of one transport's host ranking.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct HostRanking {
    /// All hosts: first the ones calls are sent to, in the order they are tried, then the
    /// excluded ones in list order.
    pub hosts: Vec<HostStatus>,
    /// How many of [`hosts`](Self::hosts) (from the front) calls are sent to.
    pub candidates: usize,
    /// Completed ranking passes.
    pub passes: u64,
    /// When the last completed pass started (tokio's clock).
    pub last_pass: Option<Instant>,
    /// Consecutive failed calls since the last success or triggered re-probe.
    pub consecutive_failures: u32,
}

impl HostRanking {
    /// The host the next call goes to first.
    pub fn current(&self) -> Option<&str> {
        self.send_order().first().map(|h| h.url.as_str())
    }

    /// The hosts calls are sent to, in order.
    pub fn send_order(&self) -> &[HostStatus] {
        &self.hosts[..self.candidates.min(self.hosts.len())]
    }

    /// The status of `url`, if it is in the list.
    pub fn get(&self, url: &str) -> Option<&HostStatus> {
        self.hosts.iter().find(|h| h.url == url)
    }
}

struct Entry {
    url: Uri,
    /// The URLs of calls to this host, by path (the last one built).
    urls: Arc<JoinedUrl>,
    /// The URL as shown in results, errors and events (shared by every call's order).
    label: Arc<str>,
    health: Health,
    latency: Option<Duration>,
    head_rejected: bool,
    /// `Up` carried over from the previous host list (its latency is from that list's
    /// probes): used until this list's own probes answer, ranked after their answers.
    stale: bool,
}

/// The per-transport mutable host state (behind a mutex in the transport).
pub(crate) struct HostTable {
    entries: Vec<Entry>,
    /// The send order for the current health and latencies, shared by the calls: recomputed
    /// whenever an entry changes (list replaced, a host marked down, probe results).
    order: Arc<[Candidate]>,
    generation: u64,
    consecutive_failures: u32,
    last_trigger: Option<Instant>,
    passes: u64,
    last_pass: Option<Instant>,
    /// Set by a failure trigger: the next pass re-fetches the host list if nothing is up.
    pub(crate) refetch_requested: bool,
    /// Whether the hosts are ranked by probes at all (probing on); without it calls never
    /// wait for a probe.
    ranks: bool,
    /// The first probe round of this host list has not finished yet: its good answers are
    /// recorded as they arrive, and the hosts not heard from yet stay candidates.
    round_pending: bool,
    /// Calls should wait for the first good probe answer: the first round is under way and
    /// no host of this list is up (not even one carried over from the previous list).
    awaiting: bool,
}

/// One host of a call's send order.
#[derive(Clone)]
pub(crate) struct Candidate {
    pub(crate) index: usize,
    pub(crate) url: Uri,
    pub(crate) label: Arc<str>,
    urls: Arc<JoinedUrl>,
}

impl Candidate {
    /// This host's URL followed by `path_and_query` (see [`join_url`]): the URL of the
    /// previous call when it had the same path (calls of one kind share it; parsing a path
    /// is most of what building a URL costs), else built and kept for the next call.
    pub(crate) fn url_with(&self, path_and_query: &str) -> Result<Uri, TransportError> {
        let mut last = self.urls.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((path, url)) = &*last {
            if **path == *path_and_query {
                return Ok(url.clone());
            }
        }
        let url = join_url(&self.url, path_and_query)?;
        *last = Some((path_and_query.into(), url.clone()));
        Ok(url)
    }
}

/// The last URL built for calls to one host, with the path it was built for.
#[derive(Default)]
struct JoinedUrl(Mutex<Option<(Box<str>, Uri)>>);

#[derive(Clone)]
pub(crate) struct ProbeTarget {
    url: Uri,
    head_rejected: bool,
}

pub(crate) enum ProbeResult {
    Up(Duration),
    Rejected(StatusCode),
    Unreachable,
}

pub(crate) struct ProbeOutcome {
    result: ProbeResult,
    head_rejected: bool,
}

impl HostTable {
    /// A table of `urls`; `ranks`: the hosts are ranked by probes (probing on).
    pub(crate) fn new(urls: Vec<Uri>, ranks: bool) -> Self {
        let mut table = HostTable {
            entries: Vec::new(),
            order: Arc::new([]),
            generation: 0,
            consecutive_failures: 0,
            last_trigger: None,
            passes: 0,
            last_pass: None,
            refetch_requested: false,
            ranks,
            round_pending: false,
            awaiting: false,
        };
        table.replace(urls);
        table
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    pub(crate) fn generation(&self) -> u64 {
        self.generation
    }

    pub(crate) fn same_urls(&self, urls: &[Uri]) -> bool {
        self.entries.len() == urls.len() && self.entries.iter().zip(urls).all(|(e, u)| e.url == *u)
    }

    /// Replaces the host list. A host that was up in the previous list keeps its place (its
    /// old latency, marked stale) until this list's probes answer; the others are unprobed.
    /// With probing on and more than one host, the list's first probe round is pending from
    /// now on.
    pub(crate) fn replace(&mut self, urls: Vec<Uri>) {
        self.generation += 1;
        let previous = std::mem::take(&mut self.entries);
        self.entries = urls
            .into_iter()
            .map(|url| {
                let carried = previous
                    .iter()
                    .find(|e| e.url == url && e.health == Health::Up);
                Entry {
                    label: display_url(&url).into(),
                    health: if carried.is_some() {
                        Health::Up
                    } else {
                        Health::Unprobed
                    },
                    latency: carried.and_then(|e| e.latency),
                    head_rejected: previous.iter().any(|e| e.url == url && e.head_rejected),
                    stale: carried.is_some(),
                    url,
                    urls: Arc::default(),
                }
            })
            .collect();
        self.round_pending = self.ranks && self.entries.len() > 1;
        self.awaiting = self.round_pending;
        self.reorder();
    }

    fn order_indices(&self) -> Vec<usize> {
        let mut up: Vec<usize> = (0..self.entries.len())
            .filter(|&i| self.entries[i].health == Health::Up)
            .collect();
        if !up.is_empty() {
            // This list's own answers first, then the ones carried over from the previous list.
            up.sort_by_key(|&i| {
                let e = &self.entries[i];
                (e.stale, e.latency.unwrap_or(Duration::MAX), i)
            });
            if self.round_pending {
                // The hosts whose first probe has not answered yet stay candidates (after the
                // ones known to be up), in list order.
                up.extend(
                    (0..self.entries.len()).filter(|&i| self.entries[i].health == Health::Unprobed),
                );
            }
            return up;
        }
        let fresh: Vec<usize> = (0..self.entries.len())
            .filter(|&i| self.entries[i].health == Health::Unprobed)
            .collect();
        if !fresh.is_empty() {
            return fresh;
        }
        // Nothing is known to work: try everything, in list order.
        (0..self.entries.len()).collect()
    }

    /// The send order of a call, with the generation it belongs to, and whether the call
    /// should wait for the first good probe answer of this host list first.
    pub(crate) fn order(&self) -> (u64, Arc<[Candidate]>, bool) {
        (self.generation, Arc::clone(&self.order), self.awaiting)
    }

    /// Whether a host is up (by a probe of this list or carried over from the previous one).
    pub(crate) fn has_up(&self) -> bool {
        self.entries.iter().any(|e| e.health == Health::Up)
    }

    /// Recomputes the send order after an entry changed.
    fn reorder(&mut self) {
        // Once a host of this list is up, calls stop waiting (for good: a later connect
        // failure of that host is failover's business, not a reason to wait again).
        if self.awaiting && (!self.round_pending || self.has_up()) {
            self.awaiting = false;
        }
        self.order = self
            .order_indices()
            .into_iter()
            .map(|i| Candidate {
                index: i,
                url: self.entries[i].url.clone(),
                label: Arc::clone(&self.entries[i].label),
                urls: Arc::clone(&self.entries[i].urls),
            })
            .collect();
    }

    /// A call could not connect to this host: skip it until the next pass.
    pub(crate) fn mark_down(&mut self, generation: u64, index: usize) {
        if generation == self.generation {
            if let Some(e) = self.entries.get_mut(index) {
                e.health = Health::Down;
                self.reorder();
            }
        }
    }

    pub(crate) fn probe_targets(&self) -> (u64, Vec<ProbeTarget>) {
        let targets = self
            .entries
            .iter()
            .map(|e| ProbeTarget {
                url: e.url.clone(),
                head_rejected: e.head_rejected,
            })
            .collect();
        (self.generation, targets)
    }

    /// Counts a completed pass that started at `started`.
    pub(crate) fn note_pass(&mut self, started: Instant) {
        self.passes += 1;
        self.last_pass = Some(started);
    }

    /// Records one good probe answer of the first round of host list `generation` as soon as
    /// it arrives (later rounds are applied whole, by [`apply`](Self::apply)). Returns whether
    /// the send order changed.
    pub(crate) fn record_up(&mut self, generation: u64, index: usize, latency: Duration) -> bool {
        if generation != self.generation || !self.round_pending {
            return false;
        }
        let Some(entry) = self.entries.get_mut(index) else {
            return false;
        };
        if entry.health == Health::Up && !entry.stale {
            return false;
        }
        entry.health = Health::Up;
        entry.latency = Some(latency);
        entry.stale = false;
        self.reorder();
        true
    }

    /// Records probe results (`None`: nothing was probed). Returns how many hosts are up, or
    /// `None` when the host list changed meanwhile (results discarded). When no host answered
    /// well the previous state is kept (the current host stays current). Ends the list's
    /// first round.
    pub(crate) fn apply(
        &mut self,
        generation: u64,
        outcomes: Option<Vec<ProbeOutcome>>,
    ) -> Option<usize> {
        if generation != self.generation {
            return None;
        }
        let was_pending = std::mem::replace(&mut self.round_pending, false);
        let Some(outcomes) = outcomes else {
            if was_pending {
                self.reorder();
            }
            return Some(0);
        };
        let up = outcomes
            .iter()
            .filter(|o| matches!(o.result, ProbeResult::Up(_)))
            .count();
        for (entry, outcome) in self.entries.iter_mut().zip(&outcomes) {
            entry.head_rejected |= outcome.head_rejected;
            if up == 0 {
                continue;
            }
            entry.stale = false;
            (entry.health, entry.latency) = match outcome.result {
                ProbeResult::Up(latency) => (Health::Up, Some(latency)),
                ProbeResult::Rejected(status) => (Health::Rejected(status.as_u16()), None),
                ProbeResult::Unreachable => (Health::Unreachable, None),
            };
        }
        if up > 0 || was_pending {
            self.reorder();
        }
        Some(up)
    }

    pub(crate) fn record_success(&mut self) {
        self.consecutive_failures = 0;
    }

    /// Counts a failed call; `true` when it should trigger an early re-probe (threshold
    /// reached and the last trigger is at least `min_interval` ago). Triggering restarts the
    /// count.
    pub(crate) fn record_failure(
        &mut self,
        now: Instant,
        threshold: u32,
        min_interval: Duration,
    ) -> bool {
        self.consecutive_failures = self.consecutive_failures.saturating_add(1);
        let due = self
            .last_trigger
            .is_none_or(|last| now.saturating_duration_since(last) >= min_interval);
        if threshold > 0 && self.consecutive_failures >= threshold && due {
            self.last_trigger = Some(now);
            self.consecutive_failures = 0;
            true
        } else {
            false
        }
    }

    pub(crate) fn snapshot(&self) -> HostRanking {
        let order = self.order_indices();
        let mut hosts: Vec<HostStatus> = order.iter().map(|&i| self.status(i)).collect();
        let candidates = hosts.len();
        hosts.extend(
            (0..self.entries.len())
                .filter(|i| !order.contains(i))
                .map(|i| self.status(i)),
        );
        HostRanking {
            hosts,
            candidates,
            passes: self.passes,
            last_pass: self.last_pass,
            consecutive_failures: self.consecutive_failures,
        }
    }

    fn status(&self, i: usize) -> HostStatus {
        let e = &self.entries[i];
        HostStatus {
            url: e.label.to_string(),
            health: e.health,
            latency: e.latency,
        }
    }
}

/// Parses host URL strings: trims, drops empty entries and duplicates, requires
/// `http`/`https` with a host.
pub(crate) fn parse_hosts<I, S>(hosts: I) -> Result<Vec<Uri>, TransportError>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out: Vec<Uri> = Vec::new();
    for host in hosts {
        let host = host.as_ref().trim();
        if host.is_empty() {
            continue;
        }
        let url: Uri = host.parse().map_err(|e| {
            TransportError::config(format!("invalid host URL {host:?}")).with_source(e)
        })?;
        crate::http_stack::check_url(&url).map_err(|e| {
            TransportError::config(format!("invalid host URL {host:?}")).with_source(e)
        })?;
        if !out.contains(&url) {
            out.push(url);
        }
    }
    Ok(out)
}

/// Probes every target concurrently; outcomes in target order. `on_answer` sees each good
/// answer (target index, latency) the moment it arrives.
pub(crate) async fn probe_all(
    client: Arc<dyn AsyncHttpClient>,
    targets: Vec<ProbeTarget>,
    method: ProbeMethod,
    timeout: Duration,
    mut on_answer: impl FnMut(usize, Duration),
) -> Vec<ProbeOutcome> {
    let mut set = JoinSet::new();
    for (i, target) in targets.into_iter().enumerate() {
        let client = Arc::clone(&client);
        set.spawn(async move { (i, probe(&*client, &target, method, timeout).await) });
    }
    let mut outcomes: Vec<Option<ProbeOutcome>> = Vec::new();
    while let Some(joined) = set.join_next().await {
        if let Ok((i, outcome)) = joined {
            if let ProbeResult::Up(latency) = outcome.result {
                on_answer(i, latency);
            }
            if outcomes.len() <= i {
                outcomes.resize_with(i + 1, || None);
            }
            outcomes[i] = Some(outcome);
        }
    }
    outcomes
        .into_iter()
        .map(|o| {
            o.unwrap_or(ProbeOutcome {
                result: ProbeResult::Unreachable,
                head_rejected: false,
            })
        })
        .collect()
}

async fn probe(
    client: &dyn AsyncHttpClient,
    target: &ProbeTarget,
    method: ProbeMethod,
    timeout: Duration,
) -> ProbeOutcome {
    if let ProbeMethod::HeadPathAnyStatus(path) = method {
        let url = crate::transport::join_url(&target.url, path);
        let result = match url {
            Ok(url) => match timed(client, HttpRequest::new(Method::HEAD, url), timeout).await {
                (Some(_), latency) => ProbeResult::Up(latency),
                (None, _) => ProbeResult::Unreachable,
            },
            Err(_) => ProbeResult::Unreachable,
        };
        return ProbeOutcome {
            result,
            head_rejected: false,
        };
    }
    let use_head = match method {
        // (HeadPathAnyStatus returned above.)
        ProbeMethod::Head | ProbeMethod::HeadPathAnyStatus(_) => true,
        ProbeMethod::Post => false,
        ProbeMethod::HeadThenPost => !target.head_rejected,
    };
    let mut head_rejected = false;
    if use_head {
        match timed(
            client,
            HttpRequest::new(Method::HEAD, target.url.clone()),
            timeout,
        )
        .await
        {
            (Some(status), latency) if status.is_success() => {
                return ProbeOutcome {
                    result: ProbeResult::Up(latency),
                    head_rejected,
                }
            }
            (Some(status), _)
                if method == ProbeMethod::HeadThenPost
                    && matches!(
                        status,
                        StatusCode::METHOD_NOT_ALLOWED | StatusCode::NOT_IMPLEMENTED
                    ) =>
            {
                head_rejected = true;
            }
            (Some(status), _) => {
                return ProbeOutcome {
                    result: ProbeResult::Rejected(status),
                    head_rejected,
                }
            }
            (None, _) => {
                return ProbeOutcome {
                    result: ProbeResult::Unreachable,
                    head_rejected,
                }
            }
        }
    }
    let result = match timed(client, HttpRequest::post(target.url.clone(), ""), timeout).await {
        (Some(status), latency) if status.is_success() => ProbeResult::Up(latency),
        (Some(status), _) => ProbeResult::Rejected(status),
        (None, _) => ProbeResult::Unreachable,
    };
    ProbeOutcome {
        result,
        head_rejected,
    }
}

/// Sends one probe; the status (if any answer came within `timeout`) and the elapsed time on
/// tokio's clock.
async fn timed(
    client: &dyn AsyncHttpClient,
    request: HttpRequest,
    timeout: Duration,
) -> (Option<StatusCode>, Duration) {
    let start = Instant::now();
    let status = match tokio::time::timeout(timeout, client.send(request)).await {
        Ok(Ok(response)) => Some(response.status),
        Ok(Err(_)) | Err(_) => None,
    };
    (status, start.elapsed())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(list: &[&str]) -> Vec<Uri> {
        parse_hosts(list).unwrap()
    }

    #[test]
    fn a_host_keeps_the_url_of_the_last_path() {
        let table = HostTable::new(urls(&["http://a.example/base/", "http://b.example"]), false);
        let (_, order, _) = table.order();
        let a = &order[0];
        let first = a.url_with("/v2/app/push/single/cid").unwrap();
        assert_eq!(first, "http://a.example/base/v2/app/push/single/cid");
        // The same path again: the same URL (kept), and it shares the kept one's bytes.
        let again = a.url_with("/v2/app/push/single/cid").unwrap();
        assert_eq!(again, first);
        // Another path is built (and kept instead), another host has its own.
        assert_eq!(
            a.url_with("/v2/app/task/1?x=y").unwrap(),
            "http://a.example/base/v2/app/task/1?x=y"
        );
        assert_eq!(
            order[1].url_with("/v2/app/push/single/cid").unwrap(),
            "http://b.example/v2/app/push/single/cid"
        );
        // A bad path is an error and leaves the kept URL alone.
        assert!(a.url_with("/bad path").is_err());
        assert_eq!(
            a.url_with("/v2/app/task/1?x=y").unwrap(),
            "http://a.example/base/v2/app/task/1?x=y"
        );
        // Candidates of a reordered table share their host's URLs.
        let (_, order2, _) = table.order();
        assert!(Arc::ptr_eq(&order2[0].urls, &a.urls));
    }

    fn up(ms: u64) -> ProbeOutcome {
        ProbeOutcome {
            result: ProbeResult::Up(Duration::from_millis(ms)),
            head_rejected: false,
        }
    }

    fn failed() -> ProbeOutcome {
        ProbeOutcome {
            result: ProbeResult::Unreachable,
            head_rejected: false,
        }
    }

    fn rejected(code: u16) -> ProbeOutcome {
        ProbeOutcome {
            result: ProbeResult::Rejected(StatusCode::from_u16(code).unwrap()),
            head_rejected: false,
        }
    }

    fn order(t: &HostTable) -> Vec<String> {
        t.order().1.iter().map(|c| c.label.to_string()).collect()
    }

    #[test]
    fn parse_dedupes_and_validates() {
        assert_eq!(
            urls(&[" http://a/x ", "", "http://a/x", "https://b/"]).len(),
            2
        );
        assert!(parse_hosts(["ftp://a/"]).is_err());
        assert!(parse_hosts(["not a url"]).is_err());
    }

    #[test]
    fn ranking_uses_only_good_answers() {
        let mut t = HostTable::new(
            urls(&["http://a/", "http://b/", "http://c/", "http://d/"]),
            true,
        );
        assert_eq!(
            order(&t),
            ["http://a/", "http://b/", "http://c/", "http://d/"]
        );
        let g = t.generation();
        // a failed (the Py SDK ranked this as -1, i.e. fastest), b 404 fast, c slow, d fast.
        let n = t.apply(g, Some(vec![failed(), rejected(404), up(300), up(100)]));
        assert_eq!(n, Some(2));
        assert_eq!(order(&t), ["http://d/", "http://c/"]);
        let snap = t.snapshot();
        assert_eq!(snap.current(), Some("http://d/"));
        assert_eq!(snap.candidates, 2);
        assert_eq!(snap.get("http://b/").unwrap().health, Health::Rejected(404));
        assert_eq!(snap.get("http://a/").unwrap().health, Health::Unreachable);
    }

    #[test]
    fn all_failed_keeps_previous_choice() {
        let mut t = HostTable::new(urls(&["http://a/", "http://b/"]), true);
        let g = t.generation();
        t.apply(g, Some(vec![up(50), up(10)]));
        assert_eq!(order(&t)[0], "http://b/");
        t.apply(g, Some(vec![failed(), failed()]));
        assert_eq!(order(&t)[0], "http://b/");
        t.note_pass(Instant::now());
        assert_eq!(t.snapshot().passes, 1);
    }

    #[test]
    fn down_hosts_are_skipped_and_stale_results_dropped() {
        let mut t = HostTable::new(urls(&["http://a/", "http://b/", "http://c/"]), true);
        let g = t.generation();
        t.apply(g, Some(vec![up(1), up(2), up(3)]));
        t.mark_down(g, 0);
        assert_eq!(order(&t), ["http://b/", "http://c/"]);
        t.replace(urls(&["http://x/", "http://y/"]));
        t.mark_down(g, 0); // stale generation: ignored
        assert_eq!(order(&t), ["http://x/", "http://y/"]);
        assert_eq!(t.apply(g, Some(vec![up(1), up(2), up(3)])), None);
        assert_eq!(order(&t), ["http://x/", "http://y/"]);
        // Everything down: last resort is the whole list.
        let g = t.generation();
        t.mark_down(g, 0);
        t.mark_down(g, 1);
        assert_eq!(order(&t), ["http://x/", "http://y/"]);
    }

    #[test]
    fn failure_trigger_is_rate_limited_and_reset_by_success() {
        let mut t = HostTable::new(urls(&["http://a/", "http://b/"]), true);
        let t0 = Instant::now();
        let min = Duration::from_secs(60);
        assert!(!t.record_failure(t0, 3, min));
        assert!(!t.record_failure(t0, 3, min));
        t.record_success();
        assert!(!t.record_failure(t0, 3, min));
        assert!(!t.record_failure(t0, 3, min));
        assert!(t.record_failure(t0, 3, min));
        for _ in 0..5 {
            assert!(!t.record_failure(t0 + Duration::from_secs(59), 3, min));
        }
        assert!(t.record_failure(t0 + Duration::from_secs(60), 3, min));
    }

    #[test]
    fn first_good_answer_ends_the_wait_and_pending_hosts_stay_candidates() {
        let mut t = HostTable::new(
            urls(&["http://slow/", "http://fast/", "http://dead/"]),
            true,
        );
        let g = t.generation();
        // Before any answer: wait, list order as the fallback.
        assert!(t.order().2);
        assert_eq!(order(&t), ["http://slow/", "http://fast/", "http://dead/"]);
        // The fast host answers first: it leads, the others (not heard from yet) follow.
        assert!(t.record_up(g, 1, Duration::from_millis(1)));
        assert!(!t.order().2);
        assert_eq!(order(&t), ["http://fast/", "http://slow/", "http://dead/"]);
        // Losing it does not bring the wait back.
        t.mark_down(g, 1);
        assert!(!t.order().2);
        // The round completes the ranking.
        t.apply(g, Some(vec![up(300), up(1), failed()]));
        assert_eq!(order(&t), ["http://fast/", "http://slow/"]);
        // Later rounds are applied whole, not answer by answer.
        assert!(!t.record_up(g, 0, Duration::from_millis(1)));
        assert_eq!(order(&t), ["http://fast/", "http://slow/"]);
    }

    #[test]
    fn a_round_without_good_answers_ends_the_wait_in_list_order() {
        let mut t = HostTable::new(urls(&["http://a/", "http://b/"]), true);
        let g = t.generation();
        assert!(t.order().2);
        t.apply(g, Some(vec![failed(), rejected(500)]));
        assert!(!t.order().2);
        assert_eq!(order(&t), ["http://a/", "http://b/"]);
        // Without probing, or with one host, nothing ever waits.
        assert!(
            !HostTable::new(urls(&["http://a/", "http://b/"]), false)
                .order()
                .2
        );
        assert!(!HostTable::new(urls(&["http://a/"]), true).order().2);
    }

    #[test]
    fn a_new_list_keeps_the_old_ranking_where_it_applies() {
        let mut t = HostTable::new(urls(&["http://a/", "http://b/", "http://c/"]), true);
        let g = t.generation();
        t.apply(g, Some(vec![up(30), up(10), failed()]));
        // b and a carry over (stale, old order); x is new: no waiting, x after them.
        t.replace(urls(&["http://x/", "http://a/", "http://b/"]));
        let g = t.generation();
        assert!(!t.order().2);
        assert_eq!(order(&t), ["http://b/", "http://a/", "http://x/"]);
        // The new list's first answer leads from the moment it arrives.
        assert!(t.record_up(g, 0, Duration::from_millis(50)));
        assert_eq!(order(&t), ["http://x/", "http://b/", "http://a/"]);
        t.apply(g, Some(vec![up(50), up(5), failed()]));
        assert_eq!(order(&t), ["http://a/", "http://x/"]);
        // Nothing of the old ranking applies to a disjoint list: wait for its first answer.
        t.replace(urls(&["http://y/", "http://z/"]));
        assert!(t.order().2);
        assert_eq!(order(&t), ["http://y/", "http://z/"]);
    }
}
