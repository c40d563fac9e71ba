//! The fault matrix: every fault the mock can inject, against both clients (async and
//! blocking), for an idempotent push (`pushMessageToSingleAction`, carries a `requestId`) and —
//! where retry safety matters — for a push the server does not de-duplicate
//! (`pushMessageToAppAction`).
//!
//! Each case checks the typed error or the recovery docs/protocol-legacy.md prescribes (sections 2.3–2.5,
//! 4.2, 5, 9.5), how many times the request reached the mock, and the mock's ledger: every push
//! accepted at most once. A failed push is then re-sent with the same `requestId` once the fault
//! is gone, and the ledger still shows exactly one acceptance (no loss, no duplicate).

#![cfg(all(feature = "async", feature = "blocking"))]

mod reliability_common;

use getui::transport::ErrorKind as TransportKind;
use getui::{Error, ErrorKind};
use getui_mock::{Fault, MockServer};
use reliability_common::*;
use std::fmt::Write as _;
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Flavor {
    Async,
    Blocking,
}

/// One client of either flavor; blocking calls run inside `block_in_place`.
enum Api {
    Async(getui::Client),
    Blocking(Option<getui::blocking::Client>),
}

impl Api {
    fn new(flavor: Flavor, bootstrap: String) -> Api {
        match flavor {
            Flavor::Async => Api::Async(
                getui::Client::builder(APP_KEY, SECRET)
                    .config(|c| fast(c).host(bootstrap))
                    .build()
                    .expect("client"),
            ),
            Flavor::Blocking => Api::Blocking(Some(tokio::task::block_in_place(|| {
                getui::blocking::Client::builder(APP_KEY, SECRET)
                    .config(|c| fast(c).host(bootstrap))
                    .build()
                    .expect("blocking client")
            }))),
        }
    }

    fn blocking(&self) -> &getui::blocking::Client {
        match self {
            Api::Blocking(Some(c)) => c,
            _ => unreachable!("a blocking client"),
        }
    }

    async fn connect(&self) -> Result<(), Error> {
        match self {
            Api::Async(c) => c.connect().await,
            Api::Blocking(_) => tokio::task::block_in_place(|| self.blocking().connect()),
        }
    }

    /// A single push with a caller-chosen requestId; `Ok` carries the task id.
    async fn push(&self, request_id: &str) -> Result<Option<String>, Error> {
        let (message, target) = (single("matrix"), cid("c1"));
        match self {
            Api::Async(c) => c
                .push_to_single_with_request_id(&message, &target, request_id)
                .await
                .map(|r| r.task_id),
            Api::Blocking(_) => tokio::task::block_in_place(|| {
                self.blocking()
                    .push_to_single_with_request_id(&message, &target, request_id)
                    .map(|r| r.task_id)
            }),
        }
    }

    async fn create_app_task(&self) -> Result<String, Error> {
        let mut message = getui::model::AppMessage::new(transmission("app"));
        message.app_id_list = vec![APP_ID.to_owned()];
        match self {
            Api::Async(c) => c.create_app_task(&message, None).await,
            Api::Blocking(_) => {
                tokio::task::block_in_place(|| self.blocking().create_app_task(&message, None))
            }
        }
        .map(|t| t.task_id)
    }

    async fn start_app_task(&self, task_id: &str) -> Result<Option<String>, Error> {
        match self {
            Api::Async(c) => c.push_to_app_with_task_id(task_id).await,
            Api::Blocking(_) => {
                tokio::task::block_in_place(|| self.blocking().push_to_app_with_task_id(task_id))
            }
        }
        .map(|r| r.task_id)
    }
}

impl Drop for Api {
    fn drop(&mut self) {
        if let Api::Blocking(client) = self {
            // Dropping joins the client's runtime thread: not on an async worker as is.
            let client = client.take();
            tokio::task::block_in_place(move || drop(client));
        }
    }
}

/// What goes wrong.
#[derive(Clone, Debug)]
enum Setup {
    /// This fault on the action under test, for the next `times` requests (`None`: always).
    Fault(Fault, Option<usize>),
    /// The host list names a host that refuses connections, then the mock.
    FirstHostRefuses,
    /// Every host of the host list refuses connections.
    EveryHostRefuses,
    /// The bootstrap URL (`…/serviceex`) refuses connections.
    BootstrapRefuses,
    /// The auth token expires between two pushes (`sign_error` mid-stream).
    TokenExpires,
}

/// What is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    /// `pushMessageToSingleAction` with a requestId: safe to re-send.
    Single,
    /// `pushMessageToAppAction`: not de-duplicated, must not be re-sent blindly.
    AppStart,
}

/// The outcome the spec prescribes.
#[derive(Clone, Copy, Debug)]
enum Expect {
    /// The SDK recovers by itself.
    Ok,
    /// A typed error.
    Err {
        kind: ErrorKind,
        /// The transport failure kind, for transport errors.
        transport: Option<TransportKind>,
        timeout: bool,
        retryable: bool,
    },
}

struct Case {
    name: &'static str,
    setup: Setup,
    op: Op,
    expect: Expect,
    /// Requests of the action under test that reached the mock.
    arrived: usize,
    /// Pushes the mock accepted for this call (0 or 1).
    accepted: usize,
    /// `connect` requests during the call.
    connects: usize,
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
    }
}

fn cases() -> Vec<Case> {
    use Op::{AppStart, Single};
    use Setup::Fault as F;
    let t = |k| Some(k);
    let slow = Fault::SlowLoris {
        chunk: 1,
        interval: Duration::from_millis(60),
    };
    let case = |name, setup, op, expect, arrived, accepted| Case {
        name,
        setup,
        op,
        expect,
        arrived,
        accepted,
        connects: 0,
    };
    let mut cases = vec![
        // Connection refused: nothing was sent, so failing over is always safe.
        case(
            "refused, failover",
            Setup::FirstHostRefuses,
            Single,
            Expect::Ok,
            1,
            1,
        ),
        case(
            "refused, failover, app push",
            Setup::FirstHostRefuses,
            AppStart,
            Expect::Ok,
            1,
            1,
        ),
        case(
            "refused by every host",
            Setup::EveryHostRefuses,
            Single,
            err(ErrorKind::Transport, t(TransportKind::Connect), false, true),
            0,
            0,
        ),
        case(
            "bootstrap refused",
            Setup::BootstrapRefuses,
            Single,
            err(
                ErrorKind::Transport,
                t(TransportKind::HostList),
                false,
                true,
            ),
            0,
            0,
        ),
        // Connection reset before / after the request was read, and after it was processed.
        case(
            "reset before read",
            F(Fault::DropBeforeRead, Some(1)),
            Single,
            Expect::Ok,
            2,
            1,
        ),
        case(
            "reset after read",
            F(Fault::DropAfterRead, Some(1)),
            Single,
            Expect::Ok,
            2,
            1,
        ),
        case(
            "reset after processing",
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
            err(
                ErrorKind::Transport,
                t(TransportKind::Connection),
                false,
                true,
            ),
            3,
            1,
        ),
        case(
            "reset before read, app push",
            F(Fault::DropBeforeRead, Some(1)),
            AppStart,
            err(
                ErrorKind::Transport,
                t(TransportKind::Connection),
                false,
                false,
            ),
            1,
            0,
        ),
        case(
            "reset after processing, app push",
            F(Fault::DropAfterProcess, Some(1)),
            AppStart,
            err(
                ErrorKind::Transport,
                t(TransportKind::Connection),
                false,
                false,
            ),
            1,
            1,
        ),
        // A host that hangs: the request timeout ends the attempt.
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
            err(ErrorKind::Transport, t(TransportKind::Timeout), true, true),
            3,
            0,
        ),
        case(
            "hang after processing, app push",
            F(Fault::HangAfterProcess, Some(1)),
            AppStart,
            err(ErrorKind::Transport, t(TransportKind::Timeout), true, false),
            1,
            1,
        ),
        // HTTP statuses are answers: not retried by the transport, typed for the caller.
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
            "HTTP 503, app push",
            F(Fault::Status(503), None),
            AppStart,
            err(ErrorKind::Http, None, false, false),
            1,
            0,
        ),
        // domain_error: follow osList once; without hosts it is an API error.
        case(
            "domain_error without osList hosts",
            F(Fault::DomainError(Vec::new()), Some(1)),
            Single,
            err(ErrorKind::Api, None, false, false),
            1,
            0,
        ),
        // sign_error: one connect, the same request again; a second sign_error is an auth error.
        Case {
            connects: 1,
            ..case(
                "sign_error mid-stream (token expiry)",
                Setup::TokenExpires,
                Single,
                Expect::Ok,
                2,
                1,
            )
        },
        Case {
            connects: 1,
            ..case(
                "sign_error mid-stream, app push",
                Setup::TokenExpires,
                AppStart,
                Expect::Ok,
                2,
                1,
            )
        },
        Case {
            connects: 1,
            ..case(
                "sign_error after reconnect",
                F(Fault::SignError, None),
                Single,
                err(ErrorKind::Auth, None, false, false),
                2,
                0,
            )
        },
        // Damaged answers of processed requests: typed errors; the push was accepted once. An
        // unparseable answer to a push with a request id is retryable (the re-send is answered
        // from the server's ledger); a body over the caps would be over them again.
        case(
            "malformed JSON",
            F(Fault::MalformedJson, None),
            Single,
            err(ErrorKind::InvalidAnswer, None, false, true),
            1,
            1,
        ),
        case(
            "empty body",
            F(Fault::EmptyBody, None),
            Single,
            err(ErrorKind::InvalidAnswer, None, false, true),
            1,
            1,
        ),
        case(
            "truncated gzip",
            F(Fault::TruncatedGzip, None),
            Single,
            err(ErrorKind::Transport, t(TransportKind::Decode), false, false),
            1,
            1,
        ),
        case(
            "gzip bomb (8 MiB, cap 1 MiB)",
            F(
                Fault::GzipBomb {
                    expanded_len: 8 << 20,
                },
                None,
            ),
            Single,
            err(
                ErrorKind::Transport,
                t(TransportKind::ResponseTooLarge),
                false,
                false,
            ),
            1,
            1,
        ),
        case(
            "over-large answer (2 MiB, cap 1 MiB)",
            F(Fault::OversizedAnswer { len: 2 << 20 }, None),
            Single,
            err(
                ErrorKind::Transport,
                t(TransportKind::ResponseTooLarge),
                false,
                false,
            ),
            1,
            1,
        ),
        // Slow-loris: the answer trickles in slower than the request timeout allows.
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
            F(slow, None),
            Single,
            err(ErrorKind::Transport, t(TransportKind::Timeout), true, true),
            3,
            1,
        ),
    ];
    // domain_error naming another host: the push is re-sent there once (filled in per server).
    cases.push(case(
        "domain_error with osList",
        F(Fault::DomainError(vec!["<host 1>".into()]), Some(1)),
        Single,
        Expect::Ok,
        2,
        1,
    ));
    cases
}

/// Runs one case on a fresh mock and client; returns what differed from the expectation.
async fn run(flavor: Flavor, case: &Case, n: usize) -> Result<(), String> {
    let server = MockServer::builder().hosts(2).start().await;
    let mut setup = case.setup.clone();
    if let Setup::Fault(Fault::DomainError(hosts), _) = &mut setup {
        for host in hosts.iter_mut() {
            *host = server.host_api_url(1);
        }
    }
    match &setup {
        Setup::FirstHostRefuses => {
            server.set_os_list(vec![dead_url("/apiex.htm").await, server.host_api_url(0)]);
        }
        Setup::EveryHostRefuses => {
            server.set_os_list(vec![
                dead_url("/apiex.htm").await,
                dead_url("/apiex.htm").await,
            ]);
        }
        _ => {}
    }
    let bootstrap = match setup {
        Setup::BootstrapRefuses => dead_url("/serviceex").await,
        _ => server.serviceex_url(),
    };
    let api = Api::new(flavor, bootstrap);
    let action = match case.op {
        Op::Single => SINGLE,
        Op::AppStart => APP_START,
    };

    // Warm up: connected, and for the app push its task exists, before anything goes wrong.
    let reachable = !matches!(setup, Setup::EveryHostRefuses | Setup::BootstrapRefuses);
    if reachable {
        api.connect()
            .await
            .map_err(|e| format!("warm-up connect: {e}"))?;
    }
    let task_id = match case.op {
        Op::AppStart => api
            .create_app_task()
            .await
            .map_err(|e| format!("warm-up task: {e}"))?,
        Op::Single => String::new(),
    };
    server.clear_requests();
    match &setup {
        Setup::Fault(fault, times) => {
            let builder = server.inject(fault.clone()).on_action(action);
            match times {
                Some(n) => builder.times(*n),
                None => builder.always(),
            }
            .install();
        }
        Setup::TokenExpires => server.expire_tokens(),
        _ => {}
    }

    let request_id = format!("matrix-{flavor:?}-{n}");
    let outcome = match case.op {
        Op::Single => api.push(&request_id).await,
        Op::AppStart => api.start_app_task(&task_id).await,
    };

    let mut problems = String::new();
    match (&case.expect, &outcome) {
        (Expect::Ok, Ok(task)) => {
            if task.is_none() {
                problems.push_str("no task id in the result; ");
            }
        }
        (Expect::Ok, Err(e)) => {
            let _ = write!(problems, "expected success, got {e} ({e:?}); ");
        }
        (Expect::Err { .. }, Ok(_)) => problems.push_str("expected an error, got success; "),
        (
            Expect::Err {
                kind,
                transport,
                timeout,
                retryable,
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
            if e.action() != Some(action) {
                let _ = write!(problems, "action {:?}; ", e.action());
            }
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

    let arrived = server.requests_for(action).len();
    if arrived != case.arrived {
        let _ = write!(
            problems,
            "{arrived} requests arrived, expected {}; ",
            case.arrived
        );
    }
    let connects = server.requests_for("connect").len();
    if connects != case.connects {
        let _ = write!(
            problems,
            "{connects} connects, expected {}; ",
            case.connects
        );
    }
    let accepted = accepted_now(&server, case.op, &request_id, &task_id);
    if accepted != case.accepted {
        let _ = write!(
            problems,
            "accepted {accepted} times, expected {}; ",
            case.accepted
        );
    }
    if let (Op::Single, Ok(Some(task)), true) = (case.op, &outcome, accepted == 1) {
        let ledger_task = server
            .accepted_pushes()
            .into_iter()
            .find(|p| p.request_id.as_deref() == Some(request_id.as_str()))
            .and_then(|p| p.task_id);
        if ledger_task.as_deref() != Some(task.as_str()) {
            let _ = write!(
                problems,
                "task {task} is not the ledger's {ledger_task:?}; "
            );
        }
    }
    if case.name == "domain_error with osList" && accepted == 1 {
        let host = server.accepted_pushes()[0].host;
        if host != 1 {
            let _ = write!(
                problems,
                "accepted on host {host}, expected the osList host 1; "
            );
        }
    }
    ledger_by_request_id(&server); // never twice, whatever happened

    // The caller's recovery: once the fault is gone, the same requestId again. The push is
    // then accepted exactly once overall.
    if case.op == Op::Single && outcome.is_err() && reachable {
        server.clear_faults();
        match api.push(&request_id).await {
            Ok(_) => {
                let total = server.acceptance_count(&request_id);
                if total != 1 {
                    let _ = write!(problems, "after the re-send: accepted {total} times; ");
                }
            }
            Err(e) => {
                let _ = write!(
                    problems,
                    "the re-send with the same requestId failed: {e}; "
                );
            }
        }
        ledger_by_request_id(&server);
    }

    drop(api);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// How many times the mock accepted the push of this call.
fn accepted_now(server: &MockServer, op: Op, request_id: &str, task_id: &str) -> usize {
    match op {
        Op::Single => server.acceptance_count(request_id),
        Op::AppStart => server
            .accepted_pushes()
            .iter()
            .filter(|p| p.action == APP_START && p.task_id.as_deref() == Some(task_id))
            .count(),
    }
}

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
async fn fault_matrix_async_client() {
    bounded(matrix(Flavor::Async)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_matrix_blocking_client() {
    bounded(matrix(Flavor::Blocking)).await;
}
