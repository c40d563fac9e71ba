//! What every example shares: where to push (an in-process getui-mock, or a real Getui server
//! named by environment variables), client builders pointed there, and a readable printout
//! of what the mock received and answered.
//!
//! The SDK itself never reads the environment; this module reads these variables explicitly:
//!
//! | variable | meaning |
//! |---|---|
//! | `GETUI_HOST` | the bootstrap URL `…/serviceex` (e.g. `https://api.getui.com/serviceex`), from which the client learns the push hosts; or a push host `…/apiex.htm` (e.g. `http://sdk.open.api.igexin.com/apiex.htm`, the `HOST` of the official demos), which is then used as is |
//! | `GETUI_APP_ID` | the app id (`APPID`) |
//! | `GETUI_APP_KEY` | the app key (`APPKEY`) |
//! | `GETUI_MASTER_SECRET` | the master secret (`MASTERSECRET`) |
//! | `GETUI_CID` | the client id (`CLIENTID`) to push to; several separated by commas for the list and batch examples (the other examples use the first) |
//! | `GETUI_DEVICE_TOKEN` | optional, only read by `apns_push`: an iOS device token (64 hex characters) |
//!
//! With all five `GETUI_HOST` … `GETUI_CID` set (non-empty), the examples push to that
//! server and print the typed results. With none set, they start getui-mock in the process,
//! push to it, and also print every request it received (JSON params, with the auth token
//! and the sign elided) and its answer. Setting only some of them is an error, so that a typo
//! does not silently send the pushes to the mock.
//!
//! The REST v2 examples (`quickstart_v2`, `v2_*`) read their own variables: see [`v2`].
//!
//! Each example uses a part of this module (`mod common;`), hence the `dead_code` allowance.

#![allow(dead_code)]

pub mod v2;

use std::cell::Cell;
use std::fmt;

use getui_mock::{BlockingMockServer, DecodedProtobuf, MockServer, ProtobufParam, RecordedRequest};
use serde_json::{Map, Value};

/// The variables that select a real server; all of them, or none.
pub const REQUIRED_VARS: [&str; 5] = [
    "GETUI_HOST",
    "GETUI_APP_ID",
    "GETUI_APP_KEY",
    "GETUI_MASTER_SECRET",
    "GETUI_CID",
];

/// The clients of the mock app: the client ids of the official C# demo. The first is online,
/// the second offline (its messages are stored: `successed_offline`).
pub const MOCK_CLIENT_IDS: [&str; 2] = [
    "aadaf59782dcba2ca6083e4a47e895f7",
    "aadaf59782dcba2ca6083e4a47e895f8",
];

/// The iOS device token used against the mock (any 64 characters are accepted).
pub const MOCK_DEVICE_TOKEN: &str =
    "6b3e9a1f0c4d2e8b7a5f9c1d3e6b8a0f2c4e6a8b0d2f4a6c8e0b2d4f6a8c0e2f";

/// Where the examples push, and with which credentials.
#[derive(Clone)]
pub struct Settings {
    /// `GETUI_HOST`, or the mock's bootstrap URL.
    pub host: String,
    /// The host is a push host (`…/apiex.htm`) to use as is, not a bootstrap URL.
    pub assigned: bool,
    /// `GETUI_APP_ID`, or the mock's app id.
    pub app_id: String,
    /// `GETUI_APP_KEY`, or the mock's app key.
    pub app_key: String,
    /// `GETUI_MASTER_SECRET`, or the mock's master secret.
    pub master_secret: String,
    /// `GETUI_CID` split at commas, or [`MOCK_CLIENT_IDS`].
    pub client_ids: Vec<String>,
    /// `GETUI_DEVICE_TOKEN`, or [`MOCK_DEVICE_TOKEN`] with the mock.
    pub device_token: Option<String>,
}

impl fmt::Debug for Settings {
    // By hand, so that the master secret is never printed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("host", &self.host)
            .field("assigned", &self.assigned)
            .field("app_id", &self.app_id)
            .field("app_key", &self.app_key)
            .field("master_secret", &"***")
            .field("client_ids", &self.client_ids)
            .field("device_token", &self.device_token)
            .finish()
    }
}

impl Settings {
    /// The real server named by the `GETUI_*` variables, `None` when none of them is set.
    ///
    /// When only some of the variables are set, the example stops (exit status 2) before
    /// anything is sent.
    pub fn from_env() -> Option<Settings> {
        let var = |name: &str| {
            std::env::var(name)
                .ok()
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let mut values: Vec<Option<String>> = REQUIRED_VARS.iter().map(|name| var(name)).collect();
        // A GETUI_CID of commas only names no client: as good as unset.
        if let Some(cids) = &values[4] {
            if cids.split(',').all(|cid| cid.trim().is_empty()) {
                values[4] = None;
            }
        }
        if values.iter().all(Option::is_none) {
            return None;
        }
        let missing: Vec<&str> = REQUIRED_VARS
            .iter()
            .zip(&values)
            .filter(|(_, value)| value.is_none())
            .map(|(name, _)| *name)
            .collect();
        if !missing.is_empty() {
            eprintln!(
                "to push to a real server set all of {}; missing: {} \
                 (unset them all to use the in-process mock)",
                REQUIRED_VARS.join(", "),
                missing.join(", ")
            );
            std::process::exit(2);
        }
        let [host, app_id, app_key, master_secret, cids] =
            <[Option<String>; 5]>::try_from(values).expect("five variables");
        let host = host.expect("checked above");
        Some(Settings {
            assigned: is_push_host(&host),
            host,
            app_id: app_id.expect("checked above"),
            app_key: app_key.expect("checked above"),
            master_secret: master_secret.expect("checked above"),
            client_ids: cids
                .expect("checked above")
                .split(',')
                .map(str::trim)
                .filter(|cid| !cid.is_empty())
                .map(str::to_owned)
                .collect(),
            device_token: var("GETUI_DEVICE_TOKEN"),
        })
    }

    /// The settings of the mock's default app, pushing to `server`.
    fn mock(server: &MockServer) -> Settings {
        Settings {
            host: server.serviceex_url(),
            assigned: false,
            app_id: getui_mock::DEFAULT_APP_ID.to_owned(),
            app_key: getui_mock::DEFAULT_APP_KEY.to_owned(),
            master_secret: getui_mock::DEFAULT_MASTER_SECRET.to_owned(),
            client_ids: MOCK_CLIENT_IDS.map(str::to_owned).to_vec(),
            device_token: Some(MOCK_DEVICE_TOKEN.to_owned()),
        }
    }

    /// The client id of single pushes (the first of `GETUI_CID`).
    pub fn client_id(&self) -> &str {
        &self.client_ids[0]
    }

    /// Points a configuration at the server: the host (as a push host when `assigned`).
    pub fn configure(&self, config: getui::ConfigBuilder) -> getui::ConfigBuilder {
        config.host(self.host.clone()).assigned(self.assigned)
    }
}

/// A URL whose path ends in `apiex.htm` is a push host rather than a bootstrap URL.
fn is_push_host(url: &str) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    path.trim_end_matches('/').ends_with("apiex.htm")
}

/// The mock the examples push to, when no real server is configured.
enum Mock {
    /// Served by the example's own tokio runtime (async examples).
    Async(MockServer),
    /// Served by a runtime of its own (blocking examples, which have no runtime).
    Blocking(BlockingMockServer),
}

/// One example's environment: the settings and, without a real server, the mock.
pub struct Example {
    /// Where to push and with which credentials.
    pub settings: Settings,
    mock: Option<Mock>,
    /// How many recorded requests [`print_wire`](Self::print_wire) has shown.
    shown: Cell<usize>,
}

impl Example {
    /// For an async example (inside a tokio runtime): the real server of the `GETUI_*`
    /// variables, else a mock started on the current runtime.
    pub async fn start(name: &str) -> Example {
        let example = match Settings::from_env() {
            Some(settings) => Example::real(settings),
            None => {
                let server = MockServer::builder().start().await;
                Example::with_mock(Mock::Async(server))
            }
        };
        example.print_banner(name);
        example
    }

    /// For a blocking example (no runtime needed): the real server of the `GETUI_*` variables,
    /// else a mock running on a small runtime of its own.
    pub fn start_blocking(name: &str) -> Example {
        let example = match Settings::from_env() {
            Some(settings) => Example::real(settings),
            None => Example::with_mock(Mock::Blocking(MockServer::builder().start_blocking())),
        };
        example.print_banner(name);
        example
    }

    fn real(settings: Settings) -> Example {
        Example {
            settings,
            mock: None,
            shown: Cell::new(0),
        }
    }

    fn with_mock(mock: Mock) -> Example {
        let server = match &mock {
            Mock::Async(server) => server,
            Mock::Blocking(server) => server,
        };
        let settings = Settings::mock(server);
        // The first client is online, the second offline; any other id counts as online.
        server.add_client(&settings.app_id, MOCK_CLIENT_IDS[0], true);
        server.add_client(&settings.app_id, MOCK_CLIENT_IDS[1], false);
        Example {
            settings,
            mock: Some(mock),
            shown: Cell::new(0),
        }
    }

    fn print_banner(&self, name: &str) {
        match self.mock() {
            Some(server) => {
                println!(
                    "{name}: pushing to the in-process getui-mock at {}",
                    server.serviceex_url()
                );
                println!(
                    "  (set {} to push to a real server)",
                    REQUIRED_VARS.join(", ")
                );
            }
            None => println!(
                "{name}: pushing to {} as app {} (from the GETUI_* variables)",
                self.settings.host, self.settings.app_id
            ),
        }
    }

    /// The mock, unless the example pushes to a real server.
    pub fn mock(&self) -> Option<&MockServer> {
        match self.mock.as_ref()? {
            Mock::Async(server) => Some(server),
            Mock::Blocking(server) => Some(server),
        }
    }

    /// A builder of the asynchronous client for the app, pointed at the server.
    #[cfg(feature = "async")]
    pub fn client_builder(&self) -> getui::ClientBuilder {
        let settings = self.settings.clone();
        getui::Client::builder(&*settings.app_key, &*settings.master_secret)
            .config(|config| settings.configure(config))
    }

    /// A builder of the blocking client for the app, pointed at the server.
    #[cfg(feature = "blocking")]
    pub fn blocking_client_builder(&self) -> getui::blocking::ClientBuilder {
        let settings = self.settings.clone();
        getui::blocking::Client::builder(&*settings.app_key, &*settings.master_secret)
            .config(|config| settings.configure(config))
    }

    /// Prints the requests the mock received since the last call, each with its JSON params
    /// (auth token and sign elided, protobuf members summarised) and the mock's answer.
    /// Prints nothing against a real server.
    pub fn print_wire(&self) {
        let Some(server) = self.mock() else {
            return;
        };
        let requests = server.requests();
        let first = self.shown.get().min(requests.len());
        self.shown.set(requests.len());
        if first == requests.len() {
            return;
        }
        println!("  on the wire, as the mock recorded it:");
        for index in first..requests.len() {
            print_request(&requests[..=index]);
        }
    }
}

/// Prints the SDK's `tracing` events (the `tracing` feature of `getui`) to stderr, filtered
/// by `RUST_LOG` (e.g. `RUST_LOG=trace`, `RUST_LOG=getui_transport=debug`); errors only when
/// it is unset. The events never carry bodies, signs, tokens or the master secret.
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::from_default_env();
    // Fails only if a subscriber is already installed, which then keeps printing.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// Prints a section heading.
pub fn heading(title: &str) {
    println!();
    let rule = 68usize.saturating_sub(title.chars().count()).max(3);
    println!("── {title} {}", "─".repeat(rule));
}

/// Prints the last of `requests`; a repeat of an earlier request (a re-send with the same
/// params, the auth token aside) is named rather than printed again.
fn print_request(requests: &[RecordedRequest]) {
    let (request, earlier) = requests.split_last().expect("at least one request");
    let number = request.seq + 1;
    let action = request.action.as_deref().unwrap_or("(no action)");
    let gzip = if request.gzip { " (gzip)" } else { "" };
    println!(
        "  #{number} → {} {} {action}{gzip}{}",
        request.method,
        request.path,
        note_for_request(action)
    );
    let repeat_of = earlier.iter().find(|e| {
        e.action == request.action
            && e.params.is_some()
            && without_token(e.params.as_ref()) == without_token(request.params.as_ref())
    });
    match (&request.params, repeat_of) {
        (Some(_), Some(original)) => println!(
            "      the same params as #{}{}",
            original.seq + 1,
            if has_token(original) == has_token(request) {
                ""
            } else {
                ", now with the auth token"
            }
        ),
        (Some(params), None) => {
            let shown = Value::Object(elide(params, request));
            let text = serde_json::to_string_pretty(&shown).expect("JSON values print");
            for line in text.lines() {
                println!("      {line}");
            }
            for param in &request.protobuf {
                if let Some(json) = apn_json(param) {
                    println!(
                        "      {} carries the APNs payload (apnJson): {json}",
                        param.member
                    );
                }
            }
        }
        (None, _) if !request.body.is_empty() => {
            println!("      ({} bytes, not a JSON object)", request.body.len());
        }
        (None, _) => {}
    }
    match (&request.answer, &request.fault) {
        (Some(answer), None) => {
            println!(
                "  #{number} ← {}{}",
                answer_text(answer),
                note_for_answer(answer)
            );
        }
        (Some(answer), Some(fault)) => println!(
            "  #{number} ← nothing: the mock processed the request (its answer {}) and then \
             applied the injected fault {fault:?}",
            answer_text(answer)
        ),
        (None, Some(fault)) => println!("  #{number} ← nothing: injected fault {fault:?}"),
        (None, None) => println!("  #{number} ← nothing"),
    }
}

/// The members that carry the auth token.
const TOKEN_MEMBERS: [&str; 2] = ["authToken", "authtoken"];

fn without_token(params: Option<&Map<String, Value>>) -> Option<Map<String, Value>> {
    let mut params = params?.clone();
    for name in TOKEN_MEMBERS {
        params.remove(name);
    }
    Some(params)
}

fn has_token(request: &RecordedRequest) -> bool {
    TOKEN_MEMBERS.iter().any(|name| {
        request
            .param_str(name)
            .is_some_and(|token| !token.is_empty())
    })
}

/// A short explanation of the requests the client sends by itself.
fn note_for_request(action: &str) -> &'static str {
    match action {
        "getOSPushDomailUrlListAction" => "   (the client asks the bootstrap URL for push hosts)",
        "connect" => "   (sign = md5(appkey + timeStamp + masterSecret))",
        _ => "",
    }
}

fn note_for_answer(answer: &Value) -> &'static str {
    match answer.get("result").and_then(Value::as_str) {
        Some("sign_error") => "   (no auth token yet: the client connects, then re-sends)",
        _ => "",
    }
}

/// The answer as one line of JSON, the auth token elided.
fn answer_text(answer: &Value) -> String {
    match answer {
        Value::Object(members) => {
            let mut members = members.clone();
            for name in TOKEN_MEMBERS {
                if let Some(value) = members.get_mut(name) {
                    *value = elide_token(value);
                }
            }
            Value::Object(members).to_string()
        }
        other => other.to_string(),
    }
}

/// The params with credentials elided and base64 protobuf members summarised.
fn elide(params: &Map<String, Value>, request: &RecordedRequest) -> Map<String, Value> {
    params
        .iter()
        .map(|(name, value)| {
            let shown = match name.as_str() {
                "authToken" | "authtoken" => elide_token(value),
                "sign" => Value::from("<sign elided>"),
                _ => match request.protobuf(name) {
                    Some(pb) => Value::from(protobuf_summary(pb)),
                    None => value.clone(),
                },
            };
            (name.clone(), shown)
        })
        .collect()
}

/// A base64 protobuf member in a few words.
fn protobuf_summary(param: &ProtobufParam) -> String {
    match &param.bytes {
        Ok(bytes) => format!(
            "<base64 of a {}-byte protobuf {}>",
            bytes.len(),
            param.message_type
        ),
        Err(e) => format!("<undecodable: {e}>"),
    }
}

/// The APNs payload text (`apnJson`) a protobuf member carries, if any.
fn apn_json(param: &ProtobufParam) -> Option<&str> {
    match param.decoded.as_ref().ok()? {
        DecodedProtobuf::PushInfo(info) => info.apn_json.as_deref(),
        DecodedProtobuf::Transparent(transparent) => {
            transparent.push_info.as_ref()?.apn_json.as_deref()
        }
        _ => None,
    }
}

/// A token replaced by a placeholder; an absent one (`null`, `""`) shown as it is.
fn elide_token(value: &Value) -> Value {
    match value {
        Value::String(token) if !token.is_empty() => Value::from("<auth token elided>"),
        other => other.clone(),
    }
}
