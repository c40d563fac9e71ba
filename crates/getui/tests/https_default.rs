//! HTTPS by default: a client built without a host contacts only the official `https://`
//! bootstrap hosts (both kinds), and a plain `http://` host is used only when the caller
//! gives one, with one `tracing` warning per client.
//!
//! The default clients are checked with an HTTP stack of the test's own that records every URL
//! and answers like Getui, so nothing leaves the machine. The warning is captured with a
//! subscriber scoped to the building thread (`tracing::subscriber::with_default`): the
//! warning is emitted while the client is built, and other tests of this binary do not see it.

mod common;

use common::*;
use getui::transport::{
    AsyncHttpClient, BoxFuture, HttpRequest, HttpResponse, Method, StatusCode, TransportError,
};
use getui_mock::MockServer;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::subscriber::Interest;
use tracing::{Event, Level, Metadata, Subscriber};

/// The official HTTPS bootstrap hosts (docs/protocol-legacy.md section 1), in order.
const OFFICIAL_HTTPS: [&str; 6] = [
    "https://cncapi.getui.com/serviceex",
    "https://telapi.getui.com/serviceex",
    "https://api.getui.com/serviceex",
    "https://sdk1api.getui.com/serviceex",
    "https://sdk2api.getui.com/serviceex",
    "https://sdk3api.getui.com/serviceex",
];

/// The push hosts the recording stack's bootstrap answer names.
const PUSH_HOSTS: [&str; 2] = [
    "https://push-a.getui.invalid/apiex.htm",
    "https://push-b.getui.invalid/apiex.htm",
];

/// An HTTP stack that sends nothing: it records each request's method and URL and answers
/// as Getui would (host list, `connect`, a single push, probes).
#[derive(Default)]
struct Recorder {
    seen: Mutex<Vec<(Method, String)>>,
}

impl Recorder {
    fn urls(&self) -> Vec<(Method, String)> {
        self.seen.lock().unwrap().clone()
    }
}

impl AsyncHttpClient for Recorder {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.seen
            .lock()
            .unwrap()
            .push((request.method.clone(), request.url.to_string()));
        let action = request
            .headers
            .get("gt-action")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let body = match action.as_str() {
            "getOSPushDomailUrlListAction" => {
                serde_json::json!({"result": "ok", "osList": PUSH_HOSTS}).to_string()
            }
            "connect" => r#"{"result": "success", "authtoken": "T0KEN"}"#.to_owned(),
            "pushMessageToSingleAction" => {
                r#"{"result": "ok", "taskId": "OSS-1", "status": "successed_online"}"#.to_owned()
            }
            // Probes (HEAD or an empty POST).
            _ => String::new(),
        };
        Box::pin(async move { Ok(HttpResponse::new(StatusCode::OK, body)) })
    }
}

/// Checks what a default-built client sent: the host list asked of the first official
/// HTTPS bootstrap host, then only `https://` URLs.
#[track_caller]
fn check_only_https(seen: &[(Method, String)]) {
    assert!(!seen.is_empty(), "the client sent nothing");
    assert_eq!(seen[0], (Method::POST, OFFICIAL_HTTPS[0].to_owned()));
    for (method, url) in seen {
        assert!(url.starts_with("https://"), "{method} {url} is not HTTPS");
        assert!(
            OFFICIAL_HTTPS.contains(&url.as_str()) || PUSH_HOSTS.contains(&url.as_str()),
            "{method} {url}: neither a bootstrap host nor a push host of the list"
        );
    }
    assert!(
        seen.iter()
            .any(|(m, url)| *m == Method::POST && PUSH_HOSTS.contains(&url.as_str())),
        "the push went to a push host: {seen:?}"
    );
}

fn message() -> getui::model::SingleMessage {
    single("over TLS")
}

#[tokio::test]
async fn a_default_async_client_contacts_only_https_hosts() {
    bounded(async {
        let recorder = Arc::new(Recorder::default());
        let (client, warnings) = capture_warnings(|| {
            getui::Client::builder(APP_KEY, SECRET)
                .http_client(recorder.clone())
                .build()
                .unwrap()
        });
        assert_eq!(warnings, Vec::<String>::new(), "no warning for HTTPS");
        assert_eq!(client.config().hosts().bootstrap, OFFICIAL_HTTPS);
        let result = client.push_to_single(&message(), &cid("c1")).await.unwrap();
        assert_eq!(result.task_id.as_deref(), Some("OSS-1"));
        check_only_https(&recorder.urls());
    })
    .await;
}

#[test]
fn a_default_blocking_client_contacts_only_https_hosts() {
    let recorder = Arc::new(Recorder::default());
    let (client, warnings) = capture_warnings(|| {
        getui::blocking::Client::builder(APP_KEY, SECRET)
            .http_client(recorder.clone())
            .build()
            .unwrap()
    });
    assert_eq!(warnings, Vec::<String>::new(), "no warning for HTTPS");
    assert_eq!(client.config().hosts().bootstrap, OFFICIAL_HTTPS);
    let result = client.push_to_single(&message(), &cid("c1")).unwrap();
    assert_eq!(result.task_id.as_deref(), Some("OSS-1"));
    drop(client);
    check_only_https(&recorder.urls());
}

#[test]
fn the_built_in_clients_default_to_https_too() {
    // The built-in HTTP stacks (no recorder): the same bootstrap list, nothing plain.
    let a = getui::Client::builder(APP_KEY, SECRET).build().unwrap();
    assert_eq!(a.config().hosts().bootstrap, OFFICIAL_HTTPS);
    let b = getui::blocking::Client::builder(APP_KEY, SECRET)
        .build()
        .unwrap();
    assert_eq!(b.config().hosts().bootstrap, OFFICIAL_HTTPS);
    // A host without a scheme gets https:// as well.
    let c = getui::Client::builder(APP_KEY, SECRET)
        .host("api.getui.com/serviceex")
        .build()
        .unwrap();
    assert_eq!(
        c.config().hosts().bootstrap,
        ["https://api.getui.com/serviceex"]
    );
}

/// The warnings captured while `f` ran on this thread.
fn warned_about_plain_http(warnings: &[String]) -> usize {
    warnings
        .iter()
        .filter(|w| w.contains("plain http://") && w.contains("unencrypted"))
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_explicit_http_host_works_with_one_warning_per_client() {
    bounded(async {
        let server = MockServer::start().await;
        server.add_client(APP_ID, "c1", true);
        let url = server.serviceex_url();
        assert!(url.starts_with("http://"), "{url}");

        let (client, warnings) = capture_warnings(|| async_client(&server));
        assert_eq!(warned_about_plain_http(&warnings), 1, "{warnings:#?}");
        // The warning names the host, not the path, and no secret.
        assert!(warnings[0].contains("http://127.0.0.1:"), "{warnings:#?}");
        assert!(!warnings[0].contains(SECRET));
        // Clones are the same client: no second warning while they work.
        let (_, later) = capture_warnings(|| {
            let clone = client.clone();
            drop(clone);
        });
        assert!(later.is_empty(), "{later:#?}");
        let result = client.push_to_single(&message(), &cid("c1")).await.unwrap();
        assert!(result.task_id.is_some());
        assert_eq!(client.config().hosts().bootstrap, [url.as_str()]);

        let (blocking, warnings) =
            capture_warnings(|| tokio::task::block_in_place(|| blocking_client(&url)));
        assert_eq!(warned_about_plain_http(&warnings), 1, "{warnings:#?}");
        let result = tokio::task::block_in_place(|| {
            let result = blocking.push_to_single(&message(), &cid("c1"));
            drop(blocking);
            result
        })
        .unwrap();
        assert!(result.task_id.is_some());
        // Both pushes reached the mock over plain HTTP, as asked.
        assert_eq!(
            server
                .accepted_pushes()
                .iter()
                .filter(|p| p.action == "pushMessageToSingleAction")
                .count(),
            2
        );
    })
    .await;
}

#[test]
fn asking_for_plain_http_without_a_host_is_warned_too() {
    let (client, warnings) = capture_warnings(|| {
        getui::Client::builder(APP_KEY, SECRET)
            .config(|c| c.https(false))
            .build()
            .unwrap()
    });
    assert_eq!(warned_about_plain_http(&warnings), 1, "{warnings:#?}");
    let bootstrap = &client.config().hosts().bootstrap;
    assert_eq!(bootstrap, getui::config::DEFAULT_HTTP_BOOTSTRAP);
    assert!(bootstrap.iter().all(|url| url.starts_with("http://")));
}

// --- a minimal `tracing` subscriber that keeps the WARN events of one thread ---

/// Runs `f` with a subscriber on this thread; returns its result and the WARN events seen.
fn capture_warnings<T>(f: impl FnOnce() -> T) -> (T, Vec<String>) {
    let lines = Arc::new(Mutex::new(Vec::new()));
    let subscriber = Warnings {
        lines: lines.clone(),
    };
    let out = tracing::subscriber::with_default(subscriber, f);
    let lines = lines.lock().unwrap().clone();
    (out, lines)
}

struct Warnings {
    lines: Arc<Mutex<Vec<String>>>,
}

struct Line(String);

impl Visit for Line {
    fn record_str(&mut self, field: &Field, value: &str) {
        let _ = write!(self.0, " {}={}", field.name(), value);
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }
}

impl Subscriber for Warnings {
    fn register_callsite(&self, _: &'static Metadata<'static>) -> Interest {
        Interest::sometimes()
    }

    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        *metadata.level() <= Level::WARN
    }

    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }

    fn record(&self, _: &Id, _: &Record<'_>) {}

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        if *event.metadata().level() == Level::WARN {
            let mut line = Line(String::new());
            event.record(&mut line);
            self.lines.lock().unwrap().push(line.0);
        }
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}
