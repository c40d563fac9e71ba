//! What the REST v2 examples share: where to push (an in-process getui-mock, or a real
//! Getui app named by environment variables), v2 client builders pointed there, and a
//! readable printout of what the mock received and answered.
//!
//! The SDK never reads the environment by itself; [`Example::client_builder`] reads it
//! explicitly with [`getui::v2::ClientBuilder::from_env`]:
//!
//! | variable | meaning |
//! |---|---|
//! | `GETUI_APP_ID` | the app id (`appId`) |
//! | `GETUI_APP_KEY` | the app key (`appKey`) |
//! | `GETUI_MASTER_SECRET` | the master secret (`masterSecret`) |
//! | `GETUI_CID` | the client id to push to; several separated by commas for the batch and list examples (the others use the first) |
//! | `GETUI_V2_BASE_URL` | optional: the base URL, default `https://restapi.getui.com` (the client appends `/v2/{appId}/…`) |
//!
//! With the four required ones set (non-empty), the examples talk to that service and print
//! the typed results. With none of the five set, they start getui-mock in the process, push
//! to it, and also print every request it received (JSON bodies, with the sign and the token
//! elided) and its answer. Setting only some of them is an error (exit status 2), so that a
//! typo does not silently send the pushes to the mock.

use std::cell::Cell;

use getui_mock::{BlockingMockServer, MockServer, RecordedRequest};
use serde_json::{Map, Value};

use super::MOCK_CLIENT_IDS;

/// The variables that select a real app; all of them, or none.
pub const REQUIRED_VARS: [&str; 4] = [
    "GETUI_APP_ID",
    "GETUI_APP_KEY",
    "GETUI_MASTER_SECRET",
    "GETUI_CID",
];

/// The optional base URL variable (read by `ClientBuilder::from_env`).
pub const BASE_URL_VAR: &str = "GETUI_V2_BASE_URL";

/// The mock the examples push to, when no real app is configured.
enum Mock {
    /// Served by the example's own tokio runtime (async examples).
    Async(MockServer),
    /// Served by a runtime of its own (blocking examples).
    Blocking(BlockingMockServer),
}

/// One v2 example's environment: the app, the client ids and, without a real app, the mock.
pub struct Example {
    /// The app id (`GETUI_APP_ID`, or the mock's).
    pub app_id: String,
    /// The client ids (`GETUI_CID` split at commas, or [`MOCK_CLIENT_IDS`]).
    pub cids: Vec<String>,
    mock: Option<Mock>,
    /// How many recorded requests [`print_wire`](Self::print_wire) has shown.
    shown: Cell<usize>,
}

/// The real app of the variables, `None` when none is set; exits (status 2) when only some
/// are set.
fn real_app() -> Option<(String, Vec<String>)> {
    let var = |name: &str| {
        std::env::var(name)
            .ok()
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let values: Vec<Option<String>> = REQUIRED_VARS.iter().map(|name| var(name)).collect();
    let cids: Vec<String> = values[3]
        .iter()
        .flat_map(|cids| cids.split(','))
        .map(str::trim)
        .filter(|cid| !cid.is_empty())
        .map(str::to_owned)
        .collect();
    let set = |i: usize| {
        if i == 3 {
            !cids.is_empty()
        } else {
            values[i].is_some()
        }
    };
    let base_url = var(BASE_URL_VAR);
    if (0..4).all(|i| !set(i)) && base_url.is_none() {
        return None;
    }
    let missing: Vec<&str> = (0..4)
        .filter(|&i| !set(i))
        .map(|i| REQUIRED_VARS[i])
        .collect();
    if !missing.is_empty() {
        eprintln!(
            "to use a real app set all of {} ({BASE_URL_VAR} is optional); missing: {} \
             (unset them all to use the in-process mock)",
            REQUIRED_VARS.join(", "),
            missing.join(", ")
        );
        std::process::exit(2);
    }
    Some((values[0].clone().expect("checked above"), cids))
}

impl Example {
    /// For an async example (inside a tokio runtime): the real app of the variables, else a
    /// mock started on the current runtime.
    pub async fn start(name: &str) -> Example {
        let example = match real_app() {
            Some((app_id, cids)) => Example::real(app_id, cids),
            None => Example::with_mock(Mock::Async(MockServer::builder().start().await)),
        };
        example.print_banner(name);
        example
    }

    /// For a blocking example (no runtime needed): the real app of the variables, else a
    /// mock running on a small runtime of its own.
    pub fn start_blocking(name: &str) -> Example {
        let example = match real_app() {
            Some((app_id, cids)) => Example::real(app_id, cids),
            None => Example::with_mock(Mock::Blocking(MockServer::builder().start_blocking())),
        };
        example.print_banner(name);
        example
    }

    fn real(app_id: String, cids: Vec<String>) -> Example {
        Example {
            app_id,
            cids,
            mock: None,
            shown: Cell::new(0),
        }
    }

    fn with_mock(mock: Mock) -> Example {
        let server = match &mock {
            Mock::Async(server) => server,
            Mock::Blocking(server) => server,
        };
        let app_id = getui_mock::DEFAULT_APP_ID.to_owned();
        // The first client is online, the second offline; any other id counts as online.
        server.add_client(&app_id, MOCK_CLIENT_IDS[0], true);
        server.add_client(&app_id, MOCK_CLIENT_IDS[1], false);
        Example {
            app_id,
            cids: MOCK_CLIENT_IDS.map(str::to_owned).to_vec(),
            mock: Some(mock),
            shown: Cell::new(0),
        }
    }

    fn print_banner(&self, name: &str) {
        match self.mock() {
            Some(server) => {
                println!(
                    "{name}: REST v2 against the in-process getui-mock at {}",
                    server.v2_base_url()
                );
                println!(
                    "  (set {} and optionally {BASE_URL_VAR} to use a real app)",
                    REQUIRED_VARS.join(", ")
                );
            }
            None => {
                let base = std::env::var(BASE_URL_VAR)
                    .ok()
                    .filter(|b| !b.trim().is_empty())
                    .unwrap_or_else(|| getui::v2::DEFAULT_BASE_URL.to_owned());
                println!(
                    "{name}: REST v2 at {base} as app {} (from the GETUI_* variables)",
                    self.app_id
                );
            }
        }
    }

    /// The mock, unless the example talks to a real app.
    pub fn mock(&self) -> Option<&MockServer> {
        match self.mock.as_ref()? {
            Mock::Async(server) => Some(server),
            Mock::Blocking(server) => Some(server),
        }
    }

    /// The client id of single pushes (the first of `GETUI_CID`).
    pub fn cid(&self) -> &str {
        &self.cids[0]
    }

    /// A builder of the asynchronous v2 client: from the variables
    /// ([`getui::v2::ClientBuilder::from_env`]), or for the mock's default app at the mock.
    #[cfg(feature = "async")]
    pub fn client_builder(&self) -> getui::Result<getui::v2::ClientBuilder> {
        match self.mock() {
            None => getui::v2::ClientBuilder::from_env(),
            Some(server) => Ok(getui::v2::Client::builder(
                getui_mock::DEFAULT_APP_ID,
                getui_mock::DEFAULT_APP_KEY,
                getui_mock::DEFAULT_MASTER_SECRET,
            )
            .base_url(server.v2_base_url())),
        }
    }

    /// A builder of the blocking v2 client: from the variables
    /// ([`getui::v2::blocking::ClientBuilder::from_env`]), or for the mock's default app at
    /// the mock.
    #[cfg(feature = "blocking")]
    pub fn blocking_client_builder(&self) -> getui::Result<getui::v2::blocking::ClientBuilder> {
        match self.mock() {
            None => getui::v2::blocking::ClientBuilder::from_env(),
            Some(server) => Ok(getui::v2::blocking::Client::builder(
                getui_mock::DEFAULT_APP_ID,
                getui_mock::DEFAULT_APP_KEY,
                getui_mock::DEFAULT_MASTER_SECRET,
            )
            .base_url(server.v2_base_url())),
        }
    }

    /// Prints the requests the mock received since the last call: method, path (the app id
    /// shortened to `{appId}`), the JSON body (sign elided) and the answer (token elided).
    /// Prints nothing against a real app.
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
        for request in &requests[first..] {
            print_request(request, &self.app_id);
        }
    }
}

/// Prints one request and its answer.
fn print_request(request: &RecordedRequest, app_id: &str) {
    let number = request.seq + 1;
    let path = request
        .path
        .replacen(&format!("/v2/{app_id}/"), "/v2/{appId}/", 1);
    let token = if request.header("token").is_some() {
        "   (token header: <elided>)"
    } else {
        ""
    };
    println!("  #{number} → {} {path}{token}", request.method);
    match &request.params {
        Some(params) => {
            let shown = Value::Object(elide(params, &["sign"]));
            let text = serde_json::to_string_pretty(&shown).expect("JSON values print");
            for line in text.lines() {
                println!("      {line}");
            }
        }
        None if !request.body.is_empty() => {
            println!("      ({} bytes, not a JSON object)", request.body.len());
        }
        None => {}
    }
    match (&request.answer, &request.fault) {
        (Some(answer), None) => {
            let status = request.answer_status.unwrap_or(200);
            println!("  #{number} ← HTTP {status} {}", answer_text(answer));
        }
        (_, Some(fault)) => println!("  #{number} ← injected fault {fault:?}"),
        (None, None) => println!("  #{number} ← nothing"),
    }
}

/// The members named in `names` replaced by a placeholder.
fn elide(object: &Map<String, Value>, names: &[&str]) -> Map<String, Value> {
    object
        .iter()
        .map(|(name, value)| {
            let shown = if names.contains(&name.as_str()) {
                Value::from(format!("<{name} elided>"))
            } else {
                value.clone()
            };
            (name.clone(), shown)
        })
        .collect()
}

/// The answer as one line of JSON, a token in `data.token` elided.
fn answer_text(answer: &Value) -> String {
    let mut answer = answer.clone();
    if let Some(data) = answer.get_mut("data").and_then(Value::as_object_mut) {
        *data = elide(data, &["token"]);
    }
    answer.to_string()
}

/// Milliseconds since the Unix epoch (for `schedule_time`).
pub fn now_ms() -> i64 {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("the clock is after 1970");
    i64::try_from(since.as_millis()).expect("a plausible date")
}

/// The UTC date `days` days ago as `yyyy-MM-dd` (the statistics queries take past dates).
pub fn date_days_ago(days: i64) -> String {
    // Days since 1970-01-01 to a civil date (Howard Hinnant's `civil_from_days`).
    let z = now_ms().div_euclid(86_400_000) - days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Prints a push result (task id → cid → delivery status).
pub fn print_push_result(result: &getui::model::v2::task::PushResult) {
    if result.is_empty() {
        println!("  typed result: no data (an asynchronous push is answered without statuses)");
    }
    for (task_id, statuses) in result {
        println!("  typed result: task id {task_id}");
        for (cid, status) in statuses {
            println!("    {cid}: {status}");
        }
    }
}
