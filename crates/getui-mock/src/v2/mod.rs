//! REST API v2 (`/v2/{appId}/…`; protocol notes: `docs/protocol-v2.md`): routing, the
//! answer envelope and the per-domain handlers.
//!
//! Like the legacy actions, everything here is synchronous and runs under the state lock; the
//! HTTP side (latency, faults, gzip, recording) is shared with the legacy protocol in
//! `service.rs`.

mod auth;
mod push;
mod report;
pub(crate) mod state;
mod task;
mod user;

use hyper::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use tokio::time::Instant;

use crate::state::State;

pub use state::{V2LedgerStats, V2Push, V2Task, V2TaskKind, V2TaskState};

/// The path prefix of every v2 request: `/v2/{appId}/…`.
pub(crate) const V2_PREFIX: &str = "/v2/";

/// Every REST v2 endpoint the mock serves (protocol-v2 §6, A1–U16), as `METHOD /path` with the
/// path parameters in braces. A v2 request is recorded with its endpoint as
/// [`RecordedRequest::action`](crate::RecordedRequest::action), so these names also target
/// faults ([`FaultBuilder::on_action`](crate::FaultBuilder::on_action)).
///
/// ```
/// assert!(getui_mock::V2_ENDPOINTS.contains(&"POST /push/single/cid"));
/// assert_eq!(getui_mock::V2_ENDPOINTS.len(), 41);
/// ```
pub const V2_ENDPOINTS: [&str; 41] = [
    // A1, A2
    "POST /auth",
    "DELETE /auth/{token}",
    // M1–M12
    "POST /push/single/cid",
    "POST /push/single/alias",
    "POST /push/single/batch/cid",
    "POST /push/single/batch/alias",
    "POST /push/list/message",
    "POST /push/list/cid",
    "POST /push/list/alias",
    "POST /push/all",
    "POST /push/tag",
    "POST /push/fast_custom_tag",
    "POST /push/single/cid_by_tag",
    "POST /push/list/cid_by_tag",
    // T1–T4
    "DELETE /task/{taskid}",
    "GET /task/schedule/{taskid}",
    "DELETE /task/schedule/{taskid}",
    "GET /task/detail/{cid}/{taskid}",
    // S1–S7
    "GET /report/push/task/{taskids}",
    "GET /report/push/task_group/{group_name}",
    "GET /report/push/task/{taskids}/detail",
    "GET /report/push/date/{date}",
    "GET /report/push/count",
    "GET /report/user/date/{date}",
    "GET /report/online_user",
    // U1–U16
    "POST /user/alias",
    "GET /user/alias/cid/{cid}",
    "GET /user/cid/alias/{alias}",
    "DELETE /user/alias",
    "DELETE /user/alias/{alias}",
    "POST /user/custom_tag/cid/{cid}",
    "PUT /user/custom_tag/batch/{custom_tag}",
    "DELETE /user/custom_tag/batch/{custom_tag}",
    "GET /user/custom_tag/cid/{cid}",
    "POST /user/black/cid/{cids}",
    "DELETE /user/black/cid/{cids}",
    "GET /user/status/{cids}",
    "GET /user/deviceStatus/{cids}",
    "GET /user/detail/{cids}",
    "POST /user/badge/cid/{cids}",
    "POST /user/count",
];

/// A request path resolved to an endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Route {
    /// The app id of the path (percent-decoded).
    pub app_id: String,
    /// The endpoint, one of [`V2_ENDPOINTS`].
    pub endpoint: &'static str,
    /// The path parameters in order (percent-decoded).
    pub params: Vec<String>,
}

/// Resolves `method` and `path` (starting with [`V2_PREFIX`]) to an endpoint; `Err` carries
/// the answer for an unknown path (404) or a known path with another method (405).
pub(crate) fn route(method: &Method, path: &str) -> Result<Route, Answer> {
    let not_found = || Answer::refusal(404, "url error");
    let rest = path.strip_prefix(V2_PREFIX).ok_or_else(not_found)?;
    let mut segments = rest.split('/');
    let app_id = segments
        .next()
        .filter(|s| !s.is_empty())
        .map(percent_decode)
        .ok_or_else(not_found)?;
    let segments: Vec<&str> = segments.collect();
    let mut path_matched = false;
    for endpoint in V2_ENDPOINTS {
        let (m, pattern) = endpoint.split_once(' ').expect("METHOD /path");
        let pattern: Vec<&str> = pattern[1..].split('/').collect();
        if pattern.len() != segments.len() {
            continue;
        }
        let mut params = Vec::new();
        let matched = pattern.iter().zip(&segments).all(|(p, s)| {
            if p.starts_with('{') {
                params.push(percent_decode(s));
                !s.is_empty()
            } else {
                p == s
            }
        });
        if !matched {
            continue;
        }
        if method.as_str() == m {
            return Ok(Route {
                app_id,
                endpoint,
                params,
            });
        }
        path_matched = true;
    }
    Err(if path_matched {
        Answer::refusal(405, "method not supported")
    } else {
        not_found()
    })
}

/// `%XX` decoding of one path segment (invalid escapes are kept as they are; the result is
/// read as UTF-8, lossily).
fn percent_decode(segment: &str) -> String {
    let b = segment.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// An answer: HTTP status and the JSON envelope.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Answer {
    pub status: StatusCode,
    pub body: Value,
}

impl Answer {
    /// `{"code": 0, "msg": "success"}` plus `data` when given.
    pub(crate) fn ok(data: Option<Value>) -> Answer {
        let body = match data {
            Some(data) => json!({"code": 0, "msg": "success", "data": data}),
            None => json!({"code": 0, "msg": "success"}),
        };
        Answer {
            status: StatusCode::OK,
            body,
        }
    }

    /// `{"code": code, "msg": msg}` with the HTTP status the service gives that code.
    pub(crate) fn refusal(code: i64, msg: &str) -> Answer {
        Answer {
            status: status_of(code),
            body: json!({"code": code, "msg": msg}),
        }
    }
}

/// The HTTP status of a business code (protocol-v2 §4.2).
pub(crate) fn status_of(code: i64) -> StatusCode {
    match code {
        404 => StatusCode::NOT_FOUND,
        405 => StatusCode::METHOD_NOT_ALLOWED,
        10001..=10005 => StatusCode::UNAUTHORIZED,
        20001..=29999 => StatusCode::BAD_REQUEST,
        30000..=30999 => StatusCode::FORBIDDEN,
        _ => StatusCode::OK,
    }
}

/// The 10001 answer to a call without a valid token.
pub(crate) fn token_error() -> Answer {
    Answer::refusal(10001, TOKEN_ERROR_MSG)
}

/// The `msg` of a 10001 answer.
pub(crate) const TOKEN_ERROR_MSG: &str = "token error or expired";

/// The 301 answer naming `hosts` (the `Fault::DomainError` of a v2 path).
pub(crate) fn host_switch(hosts: &[String]) -> Value {
    json!({"code": 301, "msg": "domain error", "data": {"host_list": [{"domain_list": hosts}]}})
}

/// Why a handler refused a request: a business code and its `msg`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub code: i64,
    pub msg: String,
}

impl Refusal {
    /// A 20001 parameter error.
    pub(crate) fn param(msg: impl Into<String>) -> Refusal {
        Refusal {
            code: 20001,
            msg: msg.into(),
        }
    }

    pub(crate) fn new(code: i64, msg: impl Into<String>) -> Refusal {
        Refusal {
            code,
            msg: msg.into(),
        }
    }
}

impl From<getui_model::ValidationError> for Refusal {
    /// The service's 20001 wording: `{param} can not be empty`, `{param} size over limit`,
    /// `{param} is invalid`.
    fn from(e: getui_model::ValidationError) -> Refusal {
        use getui_model::Rule;
        let field = e.field();
        Refusal::param(match e.rule() {
            Rule::Required => format!("{field} can not be empty"),
            Rule::MaxItems { .. } => format!("{field} size over limit"),
            rule => format!("{field} is invalid: {rule}"),
        })
    }
}

/// What a handler returns: the `data` of a successful answer (or none), or a refusal.
pub(crate) type Outcome = Result<Option<Value>, Refusal>;

/// One v2 request as the handlers see it.
#[derive(Debug)]
pub(crate) struct Req<'a> {
    pub host: usize,
    pub at: Instant,
    pub route: &'a Route,
    pub query: Option<&'a str>,
    pub token: Option<&'a str>,
    pub body: &'a [u8],
}

impl Req<'_> {
    /// Path parameter `i`.
    pub(crate) fn param(&self, i: usize) -> &str {
        &self.route.params[i]
    }

    /// Path parameter `i` as a comma-separated list, at most `max` items.
    pub(crate) fn list_param(
        &self,
        i: usize,
        name: &str,
        max: usize,
    ) -> Result<Vec<String>, Refusal> {
        let items: Vec<String> = self.param(i).split(',').map(str::to_owned).collect();
        if items.iter().any(String::is_empty) {
            return Err(Refusal::param(format!("{name} is invalid")));
        }
        if items.len() > max {
            return Err(Refusal::param(format!("{name} size over limit")));
        }
        Ok(items)
    }

    /// A query parameter (not decoded beyond `%XX`).
    pub(crate) fn query(&self, name: &str) -> Option<String> {
        self.query?.split('&').find_map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (k == name).then(|| percent_decode(v))
        })
    }

    /// The body parsed into a model type ([`parse_body`]).
    pub(crate) fn body<T: DeserializeOwned>(&self) -> Result<T, Refusal> {
        parse_body(self.body)
    }
}

/// A request body parsed into a model type. Blank → 20001; not JSON → code 1 (HTTP 200, as
/// documented); JSON of the wrong shape → 20001.
///
/// The model type reads the text itself, not a `serde_json::Value`: the types that keep the
/// order of an object (`settings.strategy`) see it as sent, whatever serde_json's features.
pub(crate) fn parse_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, Refusal> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Refusal::param("body can not be empty"));
    }
    serde_json::from_slice::<serde::de::IgnoredAny>(body)
        .map_err(|_| Refusal::new(1, "request body is not json"))?;
    serde_json::from_slice(body).map_err(|e| Refusal::param(format!("body is invalid: {e}")))
}

/// A REST v2 request as the mock reads it, before any state is touched (see
/// [`parse_v2_request`]).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct V2Request {
    /// The app id of the path (percent-decoded).
    pub app_id: String,
    /// The endpoint, one of [`V2_ENDPOINTS`].
    pub endpoint: &'static str,
    /// The path parameters in order (percent-decoded).
    pub params: Vec<String>,
    /// The body, as the endpoint's handler reads it.
    pub body: V2Body,
}

/// The body of a [`V2Request`]: the model type the endpoint's handler parses it into.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum V2Body {
    /// The endpoint reads no body (GET, DELETE of a path, black list, …).
    None,
    /// A1 `POST /auth` (a numeric `timestamp` is read as its text).
    Auth(getui_model::v2::user::AuthRequest),
    /// M1, M2, M5, M8–M11: a push request (boxed: it is large).
    Push(Box<getui_model::v2::push::PushRequest>),
    /// M3, M4: a batch of push requests.
    Batch(getui_model::v2::push::BatchPushRequest),
    /// M6, M7, M12: a list push (`taskid` and audience).
    List(getui_model::v2::push::AudienceRequest),
    /// U1, U4: alias bindings.
    Alias(getui_model::v2::user::AliasRequest),
    /// U6: `{"custom_tag": [...]}`.
    CustomTags(Vec<String>),
    /// U7, U8: `{"cid": [...]}`.
    Cids(Vec<String>),
    /// U15: `{"badge": ...}`.
    Badge(getui_model::v2::user::Badge),
    /// U16: `{"tag": [conditions]}`.
    Conditions(Vec<getui_model::v2::audience::Condition>),
}

/// Why [`parse_v2_request`] refused a request: the HTTP status and the `{code, msg}` the
/// mock answers with.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct V2Refusal {
    /// The HTTP status (404 unknown path, 405 other method, 400 for 20001, 200 for code 1).
    pub status: u16,
    /// The business code (404, 405, 20001, 1).
    pub code: i64,
    /// The answer's `msg`.
    pub msg: String,
}

impl From<Refusal> for V2Refusal {
    fn from(r: Refusal) -> Self {
        V2Refusal {
            status: status_of(r.code).as_u16(),
            code: r.code,
            msg: r.msg,
        }
    }
}

/// Reads a REST v2 request the way the mock's server does before handling it: routes
/// `method` and `path` (`/v2/{appId}/…`, no query) to an endpoint of [`V2_ENDPOINTS`] with the
/// server's router, then parses `body` with the server's body parser into the model type that
/// endpoint's handler reads. Nothing else is checked here (no token, no validation, no
/// limits: the handlers do that with the model's `validate`), so a value the SDK serializes
/// comes back as it was sent, and any input gives `Ok` or a refusal, never a panic. For fuzzing
/// and property tests.
///
/// ```
/// use getui_mock::{parse_v2_request, V2Body};
/// let r = parse_v2_request("POST", "/v2/app/user/badge/cid/c1,c2", br#"{"badge": "+1"}"#).unwrap();
/// assert_eq!(r.endpoint, "POST /user/badge/cid/{cids}");
/// assert_eq!(r.params, ["c1,c2"]);
/// assert_eq!(r.body, V2Body::Badge(getui_model::v2::user::Badge::Add(1)));
/// assert_eq!(parse_v2_request("POST", "/v2/app/push/single/cid", b"{").unwrap_err().code, 1);
/// assert_eq!(parse_v2_request("GET", "/v2/app/nothing", b"").unwrap_err().status, 404);
/// ```
pub fn parse_v2_request(method: &str, path: &str, body: &[u8]) -> Result<V2Request, V2Refusal> {
    let method = Method::from_bytes(method.as_bytes()).map_err(|_| V2Refusal {
        status: 405,
        code: 405,
        msg: "method not supported".to_owned(),
    })?;
    let route = route(&method, path).map_err(|a| V2Refusal {
        status: a.status.as_u16(),
        code: a.body["code"].as_i64().unwrap_or_default(),
        msg: a.body["msg"].as_str().unwrap_or_default().to_owned(),
    })?;
    let body = match route.endpoint {
        "POST /auth" => V2Body::Auth(auth::parse_auth(body)?),
        "POST /push/single/cid"
        | "POST /push/single/alias"
        | "POST /push/list/message"
        | "POST /push/all"
        | "POST /push/tag"
        | "POST /push/fast_custom_tag"
        | "POST /push/single/cid_by_tag" => V2Body::Push(Box::new(parse_body(body)?)),
        "POST /push/single/batch/cid" | "POST /push/single/batch/alias" => {
            V2Body::Batch(parse_body(body)?)
        }
        "POST /push/list/cid" | "POST /push/list/alias" | "POST /push/list/cid_by_tag" => {
            V2Body::List(parse_body(body)?)
        }
        "POST /user/alias" | "DELETE /user/alias" => V2Body::Alias(parse_body(body)?),
        "POST /user/custom_tag/cid/{cid}" => {
            V2Body::CustomTags(parse_body::<user::CustomTags>(body)?.custom_tag)
        }
        "PUT /user/custom_tag/batch/{custom_tag}"
        | "DELETE /user/custom_tag/batch/{custom_tag}" => {
            V2Body::Cids(parse_body::<user::CidList>(body)?.cid)
        }
        "POST /user/badge/cid/{cids}" => V2Body::Badge(parse_body::<user::BadgeBody>(body)?.badge),
        "POST /user/count" => V2Body::Conditions(parse_body::<user::CountBody>(body)?.tag),
        _ => V2Body::None,
    };
    Ok(V2Request {
        app_id: route.app_id,
        endpoint: route.endpoint,
        params: route.params,
        body,
    })
}

/// Handles one routed v2 request under the state lock.
pub(crate) fn handle(state: &mut State, req: &Req<'_>) -> Answer {
    let endpoint = req.route.endpoint;
    let outcome = match endpoint {
        "POST /auth" => return auth::auth(state, req),
        "DELETE /auth/{token}" => return auth::close(state, req),
        _ => {
            if !auth::token_valid(state, req) {
                return token_error();
            }
            dispatch(state, req)
        }
    };
    match outcome {
        Ok(data) => Answer::ok(data),
        Err(r) => Answer::refusal(r.code, &r.msg),
    }
}

fn dispatch(state: &mut State, req: &Req<'_>) -> Outcome {
    match req.route.endpoint {
        "POST /push/single/cid" => push::single_cid(state, req),
        "POST /push/single/alias" => push::single_alias(state, req),
        "POST /push/single/batch/cid" => push::batch(state, req, false),
        "POST /push/single/batch/alias" => push::batch(state, req, true),
        "POST /push/list/message" => push::list_message(state, req),
        "POST /push/list/cid" => push::list_cid(state, req),
        "POST /push/list/alias" => push::list_alias(state, req),
        "POST /push/all" => push::app(state, req),
        "POST /push/tag" => push::app(state, req),
        "POST /push/fast_custom_tag" => push::app(state, req),
        "POST /push/single/cid_by_tag" => push::single_cid_by_tag(state, req),
        "POST /push/list/cid_by_tag" => push::list_cid_by_tag(state, req),
        "DELETE /task/{taskid}" => task::stop(state, req),
        "GET /task/schedule/{taskid}" => task::query_schedule(state, req),
        "DELETE /task/schedule/{taskid}" => task::delete_schedule(state, req),
        "GET /task/detail/{cid}/{taskid}" => task::detail(state, req),
        "GET /report/push/task/{taskids}" => report::tasks(state, req, false),
        "GET /report/push/task/{taskids}/detail" => report::tasks(state, req, true),
        "GET /report/push/task_group/{group_name}" => report::group(state, req),
        "GET /report/push/date/{date}" => report::push_date(state, req),
        "GET /report/push/count" => report::push_count(state, req),
        "GET /report/user/date/{date}" => report::user_date(state, req),
        "GET /report/online_user" => report::online_user(state, req),
        "POST /user/alias" => user::bind_alias(state, req),
        "GET /user/alias/cid/{cid}" => user::alias_of_cid(state, req),
        "GET /user/cid/alias/{alias}" => user::cids_of_alias(state, req),
        "DELETE /user/alias" => user::unbind_alias(state, req),
        "DELETE /user/alias/{alias}" => user::unbind_all_alias(state, req),
        "POST /user/custom_tag/cid/{cid}" => user::set_tags(state, req),
        "PUT /user/custom_tag/batch/{custom_tag}" => user::batch_tag(state, req, true),
        "DELETE /user/custom_tag/batch/{custom_tag}" => user::batch_tag(state, req, false),
        "GET /user/custom_tag/cid/{cid}" => user::query_tags(state, req),
        "POST /user/black/cid/{cids}" => user::black(state, req, true),
        "DELETE /user/black/cid/{cids}" => user::black(state, req, false),
        "GET /user/status/{cids}" => user::status(state, req),
        "GET /user/deviceStatus/{cids}" => user::device_status(state, req),
        "GET /user/detail/{cids}" => user::detail(state, req),
        "POST /user/badge/cid/{cids}" => user::badge(state, req),
        "POST /user/count" => user::count(state, req),
        other => unreachable!("endpoint {other} has no handler"),
    }
}

use getui_model::calendar::{civil_from_days, CHINA_UTC_OFFSET_SECS};

/// `yyyy-MM-dd HH:mm:ss` of an epoch-ms instant in China time (UTC+8), the service's clock.
pub(crate) fn china_datetime(ms: u64) -> String {
    let secs = ms / 1000 + CHINA_UTC_OFFSET_SECS as u64;
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    let s = secs % 86_400;
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// `yyyy-MM-dd` of an epoch-ms instant in China time.
pub(crate) fn china_date(ms: u64) -> String {
    china_datetime(ms)[..10].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes() {
        let r = route(&Method::POST, "/v2/app%201/push/single/cid").unwrap();
        assert_eq!(r.app_id, "app 1");
        assert_eq!(r.endpoint, "POST /push/single/cid");
        let r = route(&Method::GET, "/v2/a/task/detail/c%2C1/RASS_1").unwrap();
        assert_eq!(r.params, ["c,1", "RASS_1"]);
        let r = route(&Method::GET, "/v2/a/report/push/task/t1,t2/detail").unwrap();
        assert_eq!(r.endpoint, "GET /report/push/task/{taskids}/detail");
        let r = route(&Method::GET, "/v2/a/user/custom_tag/cid/%E6%A0%87").unwrap();
        assert_eq!(r.params, ["标"]);
        assert_eq!(
            route(&Method::GET, "/v2/a/push/single/cid")
                .unwrap_err()
                .status,
            405
        );
        assert_eq!(
            route(&Method::GET, "/v2/a/nothing").unwrap_err().status,
            404
        );
        assert_eq!(
            route(&Method::GET, "/v2/a/report/push/task/")
                .unwrap_err()
                .status,
            404
        );
        assert_eq!(
            route(&Method::POST, "/v2/a/user/count/")
                .unwrap_err()
                .status,
            404
        );
        assert_eq!(route(&Method::POST, "/v2//auth").unwrap_err().status, 404);
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
    }

    #[test]
    fn dates() {
        assert_eq!(china_datetime(0), "1970-01-01 08:00:00");
        assert_eq!(china_datetime(1_600_000_000_000), "2020-09-13 20:26:40");
        assert_eq!(china_date(1_709_164_800_000), "2024-02-29");
    }

    #[test]
    fn statuses() {
        assert_eq!(status_of(0), 200);
        assert_eq!(status_of(301), 200);
        assert_eq!(status_of(10001), 401);
        assert_eq!(status_of(20001), 400);
        assert_eq!(status_of(22001), 400);
        assert_eq!(status_of(30007), 403);
    }
}
