//! The legacy fault matrix applied to REST v2, against both v2 clients (async and blocking):
//! every fault getui-mock injects, on four kinds of call that differ in whether a re-send is
//! safe (docs/protocol-v2.md §5.3):
//!
//! * a single push (`POST /push/single/cid`, carries a `request_id` the service
//!   de-duplicates: may be re-sent, always with the same id);
//! * a list push (`POST /push/list/cid`, no `request_id`: never re-sent once it may have
//!   reached the server);
//! * a relative badge change (`POST /user/badge/cid/{cids}` with `+1`: never re-sent once it
//!   may have reached the server), and an absolute one (`5`: may be re-sent);
//! * a read (`GET /user/status/{cids}`: may be re-sent).
//!
//! Each case checks the typed error (kind, transport kind, `is_timeout`, `is_retryable`,
//! action, business code, and the `request_id` of a push), how many requests of the endpoint
//! reached the mock (its request record), how many tokens were issued, and how often the call
//! took effect (the mock's v2 ledger; for the badge, its value). A failed single push is then
//! re-sent by the caller with the same `request_id` once the fault is gone: it succeeds and the
//! ledger still holds it exactly once.

#![cfg(all(feature = "async", feature = "blocking"))]

mod reliability_common;

use getui::model::v2::audience::Audience;
use getui::model::v2::push::{AudienceRequest, PushMessage, PushRequest};
use getui::model::v2::user::Badge;
use getui::transport::ErrorKind as TransportKind;
use getui::{Error, ErrorKind};
use getui_mock::{Fault, MockServer};
use reliability_common::{bounded, dead_url, ANSWER_CAP, APP_ID, APP_KEY, REQUEST_TIMEOUT, SECRET};
use std::fmt::Write as _;
use std::time::Duration;

const SINGLE: &str = "POST /push/single/cid";
const LIST: &str = "POST /push/list/cid";
const BADGE: &str = "POST /user/badge/cid/{cids}";
const STATUS: &str = "GET /user/status/{cids}";
const CID: &str = "cid-v2-matrix";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Flavor {
    Async,
    Blocking,
}

/// One v2 client of either flavor; blocking calls run inside `block_in_place`.
enum Api {
    Async(getui::v2::Client),
    Blocking(getui::v2::blocking::Client),
}

/// Calls the same method on either client.
macro_rules! on {
    ($api:expr, |$c:ident| $call:expr) => {
        match $api {
            Api::Async($c) => $call.await,
            Api::Blocking($c) => tokio::task::block_in_place(|| $call),
        }
    };
}

impl Api {
    /// Short timeouts (2 s connect, 800 ms per exchange), 3 attempts, 1 MiB answer cap, as the
    /// legacy matrix.
    fn new(flavor: Flavor, hosts: Vec<String>) -> Api {
        match flavor {
            Flavor::Async => Api::Async(
                getui::v2::Client::builder(APP_ID, APP_KEY, SECRET)
                    .base_urls(hosts)
                    .connect_timeout(Duration::from_secs(2))
                    .request_timeout(REQUEST_TIMEOUT)
                    .max_attempts(3)
                    .max_answer_bytes(ANSWER_CAP)
                    .build()
                    .expect("client"),
            ),
            Flavor::Blocking => Api::Blocking(
                getui::v2::blocking::Client::builder(APP_ID, APP_KEY, SECRET)
                    .base_urls(hosts)
                    .connect_timeout(Duration::from_secs(2))
                    .request_timeout(REQUEST_TIMEOUT)
                    .max_attempts(3)
                    .max_answer_bytes(ANSWER_CAP)
                    .build()
                    .expect("blocking client"),
            ),
        }
    }

    async fn authenticate(&self) -> Result<(), Error> {
        on!(self, |c| c.authenticate())
    }

    fn set_hosts(&self, hosts: Vec<String>) {
        match self {
            Api::Async(c) => c.set_hosts(hosts),
            Api::Blocking(c) => c.set_hosts(hosts),
        }
        .expect("hosts")
    }

    /// A single push with a caller-chosen request id; `Ok` carries the task id.
    async fn single(&self, request_id: &str) -> Result<String, Error> {
        let request = PushRequest::new()
            .cid(CID)
            .request_id(request_id)
            .push_message(PushMessage::transmission("matrix"));
        let result = on!(self, |c| c.push_to_single_by_cid(&request))?;
        Ok(result.keys().next().cloned().unwrap_or_default())
    }

    async fn create_list(&self) -> Result<String, Error> {
        let request = PushRequest::new().push_message(PushMessage::transmission("list"));
        Ok(on!(self, |c| c.create_list_msg(&request))?.taskid)
    }

    async fn list(&self, task_id: &str) -> Result<(), Error> {
        let request = AudienceRequest::new(task_id, Audience::cid_list([CID]));
        on!(self, |c| c.push_list_by_cid(&request)).map(drop)
    }

    async fn badge(&self, badge: Badge) -> Result<(), Error> {
        let cids = [CID.to_owned()];
        on!(self, |c| c.set_badge(&cids, &badge))
    }

    async fn status(&self) -> Result<(), Error> {
        let cids = [CID.to_owned()];
        on!(self, |c| c.query_user_status(&cids)).map(drop)
    }
}

/// What goes wrong.
#[derive(Clone, Debug)]
enum Setup {
    /// This fault on the endpoint under test, for the next `times` requests (`None`: always).
    Fault(Fault, Option<usize>),
    /// The first base URL refuses connections, the second is the mock.
    FirstHostRefuses,
    /// Every base URL refuses connections.
    EveryHostRefuses,
    /// The token expires between two calls (`expire_v2_tokens`: the next call gets 10001).
    TokenExpires,
    /// One 301 answer naming host 1 (`Fault::DomainError` with its v2 base URL).
    HostSwitch,
}

/// What is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    /// `pushToSingleByCid` with a caller-chosen `request_id`: re-sendable with that id.
    Single,
    /// `pushListByCid`: not de-duplicated, never re-sent once it may have been received.
    List,
    /// `setBadge` `+1`: relative, never re-sent once it may have been received.
    BadgeAdd,
    /// `setBadge` `5`: absolute, re-sendable.
    BadgeSet,
    /// `queryUserStatus`: a GET, re-sendable.
    Status,
}

impl Op {
    fn endpoint(self) -> &'static str {
        match self {
            Op::Single => SINGLE,
            Op::List => LIST,
            Op::BadgeAdd | Op::BadgeSet => BADGE,
            Op::Status => STATUS,
        }
    }

    /// The official method name, which errors carry as their action.
    fn name(self) -> &'static str {
        match self {
            Op::Single => "pushToSingleByCid",
            Op::List => "pushListByCid",
            Op::BadgeAdd | Op::BadgeSet => "setBadge",
            Op::Status => "queryUserStatus",
        }
    }
}

/// The outcome the protocol prescribes.
#[derive(Clone, Copy, Debug)]
enum Expect {
    /// The client recovers by itself.
    Ok,
    /// A typed error.
    Err {
        kind: ErrorKind,
        transport: Option<TransportKind>,
        timeout: bool,
        retryable: bool,
        /// The business code of the answer, if any.
        code: Option<i64>,
    },
}

const fn err(
    kind: ErrorKind,
    transport: Option<TransportKind>,
    timeout: bool,
    retryable: bool,
) -> Expect {
    Expect::Err {
        kind,
        transport,
        timeout,
        retryable,
        code: None,
    }
}

/// `expect` with the answer's business code.
fn with_code(expect: Expect, answer_code: i64) -> Expect {
    match expect {
        Expect::Err {
            kind,
            transport,
            timeout,
            retryable,
            ..
        } => Expect::Err {
            kind,
            transport,
            timeout,
            retryable,
            code: Some(answer_code),
        },
        Expect::Ok => Expect::Ok,
    }
}

struct Case {
    name: &'static str,
    setup: Setup,
    op: Op,
    expect: Expect,
    /// Requests of the endpoint that reached the mock.
    arrived: usize,
    /// How often the call took effect (ledger entries of the push; badge increments; 0 for
    /// the read).
    effect: usize,
    /// Tokens issued during the call.
    auths: usize,
}

fn cases() -> Vec<Case> {
    use Op::{BadgeAdd, BadgeSet, List, Single, Status};
    use Setup::Fault as F;
    use TransportKind as T;
    let t = Some;
    let slow = Fault::SlowLoris {
        chunk: 1,
        interval: Duration::from_millis(60),
    };
    let bomb = Fault::GzipBomb {
        expanded_len: 8 << 20,
    };
    let large = Fault::OversizedAnswer { len: 2 << 20 };
    let case = |name, setup, op, expect, arrived, effect| Case {
        name,
        setup,
        op,
        expect,
        arrived,
        effect,
        auths: 0,
    };
    let reauth = |c: Case| Case { auths: 1, ..c };
    let conn = err(ErrorKind::Transport, t(T::Connection), false, false);
    let timeout = err(ErrorKind::Transport, t(T::Timeout), true, false);
    vec![
        // --- single push: re-sent with the same request_id, accepted once ---
        case(
            "refused, failover",
            Setup::FirstHostRefuses,
            Single,
            Expect::Ok,
            1,
            1,
        ),
        case(
            "refused by every host",
            Setup::EveryHostRefuses,
            Single,
            err(ErrorKind::Transport, t(T::Connect), false, true),
            0,
            0,
        ),
        case(
            "reset before read once",
            F(Fault::DropBeforeRead, Some(1)),
            Single,
            Expect::Ok,
            2,
            1,
        ),
        case(
            "reset after read once",
            F(Fault::DropAfterRead, Some(1)),
            Single,
            Expect::Ok,
            2,
            1,
        ),
        case(
            "reset after processing once",
            F(Fault::DropAfterProcess, Some(1)),
            Single,
            Expect::Ok,
            2,
            1,
        ),
        case(
            "reset after processing, every attempt",
            F(Fault::DropAfterProcess, None),
            Single,
            err(ErrorKind::Transport, t(T::Connection), false, true),
            3,
            1,
        ),
        case(
            "hang once",
            F(Fault::Hang, Some(1)),
            Single,
            Expect::Ok,
            2,
            1,
        ),
        case(
            "hang after processing once",
            F(Fault::HangAfterProcess, Some(1)),
            Single,
            Expect::Ok,
            2,
            1,
        ),
        case(
            "hang on every attempt",
            F(Fault::Hang, None),
            Single,
            err(ErrorKind::Transport, t(T::Timeout), true, true),
            3,
            0,
        ),
        case(
            "HTTP 404",
            F(Fault::Status(404), None),
            Single,
            err(ErrorKind::Http, None, false, false),
            1,
            0,
        ),
        case(
            "HTTP 500",
            F(Fault::Status(500), None),
            Single,
            err(ErrorKind::Http, None, false, true),
            1,
            0,
        ),
        case(
            "HTTP 503",
            F(Fault::Status(503), None),
            Single,
            err(ErrorKind::Http, None, false, true),
            1,
            0,
        ),
        case(
            "301 host switch",
            Setup::HostSwitch,
            Single,
            Expect::Ok,
            2,
            1,
        ),
        case(
            "301 without hosts",
            F(Fault::DomainError(Vec::new()), Some(1)),
            Single,
            with_code(err(ErrorKind::InvalidAnswer, None, false, false), 301),
            1,
            0,
        ),
        reauth(case(
            "token expired mid-stream",
            Setup::TokenExpires,
            Single,
            Expect::Ok,
            2,
            1,
        )),
        reauth(case(
            "10001 again after the re-auth",
            F(Fault::SignError, None),
            Single,
            with_code(err(ErrorKind::Api, None, false, false), 10001),
            2,
            0,
        )),
        case(
            "malformed JSON answer (processed)",
            F(Fault::MalformedJson, None),
            Single,
            err(ErrorKind::InvalidAnswer, None, false, true),
            1,
            1,
        ),
        case(
            "empty answer (processed)",
            F(Fault::EmptyBody, None),
            Single,
            err(ErrorKind::InvalidAnswer, None, false, true),
            1,
            1,
        ),
        case(
            "truncated gzip answer (processed)",
            F(Fault::TruncatedGzip, None),
            Single,
            err(ErrorKind::Transport, t(T::Decode), false, false),
            1,
            1,
        ),
        case(
            "gzip bomb, 8 MiB, cap 1 MiB (processed)",
            F(bomb, None),
            Single,
            err(ErrorKind::Transport, t(T::ResponseTooLarge), false, false),
            1,
            1,
        ),
        case(
            "over-large answer, 2 MiB, cap 1 MiB (processed)",
            F(large, None),
            Single,
            err(ErrorKind::Transport, t(T::ResponseTooLarge), false, false),
            1,
            1,
        ),
        case(
            "slow-loris once",
            F(slow.clone(), Some(1)),
            Single,
            Expect::Ok,
            2,
            1,
        ),
        case(
            "slow-loris on every attempt",
            F(slow.clone(), None),
            Single,
            err(ErrorKind::Transport, t(T::Timeout), true, true),
            3,
            1,
        ),
        // --- list push: never re-sent once it may have been received ---
        case(
            "list: refused, failover",
            Setup::FirstHostRefuses,
            List,
            Expect::Ok,
            1,
            1,
        ),
        case(
            "list: reset before read",
            F(Fault::DropBeforeRead, Some(1)),
            List,
            conn,
            1,
            0,
        ),
        case(
            "list: reset after processing",
            F(Fault::DropAfterProcess, Some(1)),
            List,
            conn,
            1,
            1,
        ),
        case("list: hang", F(Fault::Hang, Some(1)), List, timeout, 1, 0),
        case(
            "list: hang after processing",
            F(Fault::HangAfterProcess, Some(1)),
            List,
            timeout,
            1,
            1,
        ),
        case(
            "list: slow-loris",
            F(slow.clone(), Some(1)),
            List,
            timeout,
            1,
            1,
        ),
        case(
            "list: HTTP 503",
            F(Fault::Status(503), None),
            List,
            err(ErrorKind::Http, None, false, false),
            1,
            0,
        ),
        case(
            "list: malformed JSON answer (processed)",
            F(Fault::MalformedJson, None),
            List,
            err(ErrorKind::InvalidAnswer, None, false, false),
            1,
            1,
        ),
        // a 301 or a 10001 answer says the request was not processed: re-sending is safe
        case(
            "list: 301 host switch",
            Setup::HostSwitch,
            List,
            Expect::Ok,
            2,
            1,
        ),
        reauth(case(
            "list: token expired mid-stream",
            Setup::TokenExpires,
            List,
            Expect::Ok,
            2,
            1,
        )),
        // --- relative badge change: never re-sent once it may have been received ---
        case(
            "badge +1: refused, failover",
            Setup::FirstHostRefuses,
            BadgeAdd,
            Expect::Ok,
            1,
            1,
        ),
        case(
            "badge +1: reset after processing",
            F(Fault::DropAfterProcess, Some(1)),
            BadgeAdd,
            conn,
            1,
            1,
        ),
        case(
            "badge +1: hang after processing",
            F(Fault::HangAfterProcess, Some(1)),
            BadgeAdd,
            timeout,
            1,
            1,
        ),
        reauth(case(
            "badge +1: token expired mid-stream",
            Setup::TokenExpires,
            BadgeAdd,
            Expect::Ok,
            2,
            1,
        )),
        // --- absolute badge and a read: re-sent ---
        case(
            "badge 5: reset after processing once",
            F(Fault::DropAfterProcess, Some(1)),
            BadgeSet,
            Expect::Ok,
            2,
            1,
        ),
        case(
            "read: reset after processing once",
            F(Fault::DropAfterProcess, Some(1)),
            Status,
            Expect::Ok,
            2,
            0,
        ),
        case(
            "read: hang once",
            F(Fault::Hang, Some(1)),
            Status,
            Expect::Ok,
            2,
            0,
        ),
        case(
            "read: slow-loris once",
            F(slow, Some(1)),
            Status,
            Expect::Ok,
            2,
            0,
        ),
        case(
            "read: HTTP 503",
            F(Fault::Status(503), None),
            Status,
            err(ErrorKind::Http, None, false, true),
            1,
            0,
        ),
        reauth(case(
            "read: token expired mid-stream",
            Setup::TokenExpires,
            Status,
            Expect::Ok,
            2,
            0,
        )),
    ]
}

/// How often the call of `op` took effect on the mock.
fn effect(server: &MockServer, op: Op, request_id: &str, list_task: &str) -> usize {
    match op {
        Op::Single => server.v2_request_id_stats(request_id).accepted,
        Op::List => server
            .v2_pushes()
            .iter()
            .filter(|p| p.endpoint == LIST && p.task_id == list_task)
            .count(),
        Op::BadgeAdd => server.v2_badge(APP_ID, CID).unwrap_or(0) as usize,
        Op::BadgeSet => usize::from(server.v2_badge(APP_ID, CID) == Some(5)),
        Op::Status => 0,
    }
}

/// Runs one case on a fresh mock (two hosts) and client; returns what differed.
async fn run(flavor: Flavor, case: &Case, n: usize) -> Result<(), String> {
    let server = MockServer::builder().hosts(2).start().await;
    server.add_client(APP_ID, CID, true);
    let api = Api::new(flavor, vec![server.v2_base_url()]);

    // Warm up: a token, and for the list push its stored message, before anything goes wrong.
    api.authenticate()
        .await
        .map_err(|e| format!("warm-up auth: {e}"))?;
    let list_task = match case.op {
        Op::List => api
            .create_list()
            .await
            .map_err(|e| format!("warm-up list message: {e}"))?,
        _ => String::new(),
    };
    server.clear_requests();
    let auths_before = server.v2_auth_count();
    let endpoint = case.op.endpoint();
    match &case.setup {
        Setup::Fault(fault, times) => {
            let builder = server.inject(fault.clone()).on_action(endpoint);
            match times {
                Some(n) => builder.times(*n),
                None => builder.always(),
            }
            .install();
        }
        Setup::FirstHostRefuses => api.set_hosts(vec![dead_url("").await, server.v2_base_url()]),
        Setup::EveryHostRefuses => api.set_hosts(vec![dead_url("").await, dead_url("").await]),
        Setup::TokenExpires => server.expire_v2_tokens(),
        Setup::HostSwitch => {
            let host_1 = server.v2_base_urls()[1].clone();
            server
                .inject(Fault::DomainError(vec![host_1]))
                .on_action(endpoint)
                .times(1);
        }
    }

    let request_id = format!("v2matrix{flavor:?}{n:02}");
    let outcome = match case.op {
        Op::Single => api.single(&request_id).await.map(drop),
        Op::List => api.list(&list_task).await,
        Op::BadgeAdd => api.badge(Badge::Add(1)).await,
        Op::BadgeSet => api.badge(Badge::Set(5)).await,
        Op::Status => api.status().await,
    };

    let mut problems = String::new();
    match (&case.expect, &outcome) {
        (Expect::Ok, Ok(())) => {}
        (Expect::Ok, Err(e)) => {
            let _ = write!(problems, "expected success, got {e} ({e:?}); ");
        }
        (Expect::Err { .. }, Ok(())) => problems.push_str("expected an error, got success; "),
        (
            Expect::Err {
                kind,
                transport,
                timeout,
                retryable,
                code,
            },
            Err(e),
        ) => {
            if e.kind() != *kind {
                let _ = write!(problems, "kind {:?} != {kind:?} ({e}); ", e.kind());
            }
            let seen_transport = e.transport().map(|t| t.kind());
            if seen_transport != *transport {
                let _ = write!(
                    problems,
                    "transport kind {seen_transport:?} != {transport:?} ({e}); "
                );
            }
            if e.is_timeout() != *timeout {
                let _ = write!(problems, "is_timeout {} ({e}); ", e.is_timeout());
            }
            if e.is_retryable() != *retryable {
                let _ = write!(problems, "is_retryable {} ({e}); ", e.is_retryable());
            }
            if e.code() != *code {
                let _ = write!(problems, "code {:?} != {code:?} ({e}); ", e.code());
            }
            if e.action() != Some(case.op.name()) {
                let _ = write!(problems, "action {:?}; ", e.action());
            }
            // A push's error names its request id (re-sending with it is safe); nothing else
            // carries one.
            let expected_id = (case.op == Op::Single).then_some(request_id.as_str());
            if e.request_id() != expected_id {
                let _ = write!(
                    problems,
                    "request id {:?} != {expected_id:?}; ",
                    e.request_id()
                );
            }
        }
    }

    let arrived = server.requests_for(endpoint).len();
    if arrived != case.arrived {
        let _ = write!(
            problems,
            "{arrived} requests arrived, expected {}; ",
            case.arrived
        );
    }
    let auths = server.v2_auth_count() - auths_before;
    if auths != case.auths {
        let _ = write!(problems, "{auths} auths, expected {}; ", case.auths);
    }
    let took_effect = effect(&server, case.op, &request_id, &list_task);
    if took_effect != case.effect {
        let _ = write!(
            problems,
            "took effect {took_effect} times, expected {}; ",
            case.effect
        );
    }
    if matches!(case.setup, Setup::HostSwitch) && took_effect == 1 {
        let hosts: Vec<usize> = server.v2_pushes().iter().map(|p| p.host).collect();
        if hosts.last() != Some(&1) {
            let _ = write!(problems, "accepted on hosts {hosts:?}, expected host 1; ");
        }
    }
    if server.v2_ledger().accepted_twice != 0 {
        problems.push_str("a request id was accepted twice; ");
    }

    // The caller's recovery: once the fault is gone, the same request_id again. The push is
    // then accepted exactly once overall.
    if case.op == Op::Single && outcome.is_err() {
        server.clear_faults();
        api.set_hosts(vec![server.v2_base_url()]);
        match api.single(&request_id).await {
            Ok(_) => {
                let total = server.v2_request_id_stats(&request_id).accepted;
                if total != 1 {
                    let _ = write!(problems, "after the re-send: accepted {total} times; ");
                }
            }
            Err(e) => {
                let _ = write!(
                    problems,
                    "the re-send with the same request_id failed: {e}; "
                );
            }
        }
        if server.v2_ledger().accepted_twice != 0 {
            problems.push_str("after the re-send: a request id was accepted twice; ");
        }
    }

    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// Runs every case.
async fn matrix(flavor: Flavor) {
    let cases = cases();
    let mut failures = Vec::new();
    for (n, case) in cases.iter().enumerate() {
        if let Err(problems) = run(flavor, case, n).await {
            failures.push(format!("{flavor:?} / {}: {problems}", case.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn v2_fault_matrix_async_client() {
    bounded(matrix(Flavor::Async)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn v2_fault_matrix_blocking_client() {
    bounded(matrix(Flavor::Blocking)).await;
}
