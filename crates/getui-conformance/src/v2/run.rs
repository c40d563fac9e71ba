//! Running REST v2 vectors: a mock server per vector, a new client built from `client` and
//! authenticated at once, the `input` interpreted through `getui::v2` (async or blocking), then
//! the requests compared with the recorded ones.

use super::compare::compare_request;
use super::input::{Arg, Driver, Interp, LocalFuture, Outcome};
use super::replay::{substitute, Answer, Received, ReplayServer};
use super::schema::Api;
use crate::run::{ClientMode, Vector};
use getui::model::secret::MasterSecret;
use getui::model::v2::audience::Condition;
use getui::model::v2::push::{AudienceRequest, BatchPushRequest, PushRequest};
use getui::model::v2::user::{AliasRequest, AuthRequest, Badge};
use getui::{Error, ErrorKind};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// Tags whose vectors are run but reported apart instead of judged (vectors-v2 README, "Tags").
pub const REPORTED_APART: &[&str] = &["sdk-bug", "invalid-input", "token-policy"];

/// The REST v2 vectors of a folder and its `_api.json`.
#[derive(Debug)]
pub struct VectorSet {
    /// The vectors, sorted by name.
    pub vectors: Vec<Vector>,
    /// `_api.json` of the folder, else the bundled one.
    pub api: Api,
}

impl VectorSet {
    /// Loads a folder ([`crate::vectors::load_dir`]) and its `_api.json`.
    pub fn load(dir: &Path) -> Result<Self, String> {
        let vectors = crate::vectors::load_dir(dir)?;
        let api = match std::fs::read_to_string(dir.join("_api.json")) {
            Ok(text) => Api::parse(&text)?,
            Err(_) => Api::bundled(),
        };
        Ok(Self { vectors, api })
    }
}

/// The first tag that puts a v2 vector apart, if any.
pub fn apart_tag(vector: &Vector) -> Option<&'static str> {
    vector.first_tag_in(REPORTED_APART)
}

/// What running one vector with one client gave.
#[derive(Debug)]
pub struct VectorRun {
    /// The vector's name.
    pub name: String,
    /// The client mode.
    pub mode: ClientMode,
    /// One line per difference (path first); empty when the vector passed.
    pub differences: Vec<String>,
    /// Every request the mock server received, in order (the client's first auth included).
    pub requests: Vec<Received>,
    /// What each step of the input gave.
    pub outcomes: Vec<Outcome>,
    /// What the client construction gave (build and first auth).
    pub construct: Option<Outcome>,
}

impl VectorRun {
    /// Whether nothing differed.
    pub fn passed(&self) -> bool {
        self.differences.is_empty()
    }

    /// The capture-file lines of the requests.
    pub fn capture_lines(&self) -> Vec<Value> {
        self.requests
            .iter()
            .map(Received::to_capture_line)
            .collect()
    }
}

/// Runs one vector with one client mode.
pub async fn run_vector(set: &VectorSet, vector: &Vector, mode: ClientMode) -> VectorRun {
    let mut run = VectorRun {
        name: vector.name.clone(),
        mode,
        differences: Vec::new(),
        requests: Vec::new(),
        outcomes: Vec::new(),
        construct: None,
    };
    let (server, doc) = match ReplayServer::start(&vector.doc, &set.api).await {
        Ok((s, d)) => (Arc::new(s), d),
        Err(e) => {
            run.differences.push(format!("mock server: {e}"));
            return run;
        }
    };
    if doc["client"]["domainUrl"]
        .as_str()
        .is_some_and(|u| u.starts_with("http://127.0.0.2"))
        && doc["env"]["getui_http_proxy_ip"].is_null()
        && !server.serves_alt()
    {
        run.differences
            .push("mock server: 127.0.0.2 cannot be bound for ${BASE_ALT}".into());
    }
    let env = doc["env"].as_object().cloned().unwrap_or_default();
    let mut driver = FacadeDriver::new(mode, env);
    driver.server = Some(Arc::clone(&server));
    if doc["client"].is_object() {
        run.construct = Some(driver.build_client(&doc["client"]).await);
    }
    let mut interp = Interp::new(&set.api, driver, &doc["result"]);
    run.outcomes = interp.exec_top(&doc["input"]).await;
    drop(interp);
    // Let a request still in the server's hands be recorded.
    tokio::time::sleep(Duration::from_millis(5)).await;
    run.requests = server.received();
    let tokens = server.answered_tokens();
    judge(&mut run.differences, &doc, &run.requests, &tokens);
    for (i, o) in run.outcomes.iter().enumerate() {
        if let Outcome::Unsupported(msg) = o {
            run.differences.push(format!(
                "input step {i}: the runner cannot interpret it: {msg}"
            ));
        }
    }
    run
}

fn judge(diffs: &mut Vec<String>, doc: &Value, sent: &[Received], tokens: &[String]) {
    let expected = doc["requests"].as_array().cloned().unwrap_or_default();
    if expected.len() != sent.len() {
        let exp: Vec<String> = expected
            .iter()
            .map(|r| {
                r["endpoint"].as_str().map_or_else(
                    || format!("{} {}", r["method"].as_str().unwrap_or("?"), r["path"]),
                    str::to_owned,
                )
            })
            .collect();
        let got: Vec<String> = sent
            .iter()
            .map(|r| {
                r.endpoint
                    .clone()
                    .unwrap_or_else(|| format!("{} {}", r.method, r.path))
            })
            .collect();
        diffs.push(format!(
            "requests: expected {} [{}], sent {} [{}]",
            expected.len(),
            exp.join(", "),
            sent.len(),
            got.join(", ")
        ));
    }
    for (i, (exp, got)) in expected.iter().zip(sent).enumerate() {
        diffs.extend(compare_request(i, exp, got, tokens));
    }
}

/// A client of either kind.
#[derive(Clone)]
enum AnyClient {
    #[allow(dead_code)]
    Async(getui::v2::Client),
    #[allow(dead_code)]
    Blocking(getui::v2::blocking::Client),
}

/// Drives `getui::v2` for the interpreter.
pub struct FacadeDriver {
    mode: ClientMode,
    env: Map<String, Value>,
    client: Option<AnyClient>,
    /// The mock server: an API op returns the answer it gave (as the official SDK returns the
    /// decoded answer), so that `$var` paths such as `data.taskid` resolve.
    pub server: Option<Arc<ReplayServer>>,
}

impl FacadeDriver {
    /// A driver with the vector's `env` knobs and no client yet.
    pub fn new(mode: ClientMode, env: Map<String, Value>) -> Self {
        Self {
            mode,
            env,
            client: None,
            server: None,
        }
    }

    fn env(&self, name: &str) -> Option<String> {
        self.env.get(name).map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    }

    /// Builds a client from a `client` object (or a `GTClient` op) and the `env` knobs, makes
    /// it current and authenticates at once, as the official constructor does. A failed
    /// authentication is returned but the client stays current (the official SDK swallows it).
    pub async fn build_client(&mut self, spec: &Value) -> Outcome {
        let text = |k: &str| spec[k].as_str().unwrap_or_default().to_owned();
        let (app_id, app_key, secret) = (text("appId"), text("appkey"), text("masterSecret"));
        let mut host = text("domainUrl").trim().to_owned();
        if host.is_empty() {
            // The official default host comes from `getui_default_domainurl`; the runner never
            // lets a client go to the real service.
            match self.env("getui_default_domainurl") {
                Some(h) if !h.trim().is_empty() => host = h.trim().to_owned(),
                _ => {
                    return Outcome::Refused(
                        "no host: an empty domainUrl would select the public service".into(),
                    )
                }
            }
        }
        let attempts = self
            .env("getui_http_tryCount")
            .and_then(|v| v.trim().parse::<u32>().ok());
        let proxy = self
            .env("getui_http_proxy_ip")
            .filter(|h| !h.is_empty())
            .map(|ip| {
                let port = self
                    .env("getui_http_proxy_port")
                    .and_then(|p| p.trim().parse().ok())
                    .unwrap_or(80);
                getui::Proxy::new(&ip, port).map(|p| {
                    p.basic_auth(
                        &self.env("getui_http_proxy_username").unwrap_or_default(),
                        &self.env("getui_http_proxy_passwd").unwrap_or_default(),
                    )
                })
            })
            .transpose();
        let proxy = match proxy {
            Ok(proxy) => proxy,
            Err(e) => return error_outcome(&Error::from(e)),
        };
        let timeout = |name: &str| {
            self.env(name)
                .and_then(|v| v.trim().parse::<u64>().ok())
                .filter(|v| *v > 0)
                // The official knobs are milliseconds; small values are taken as seconds.
                .map(|v| {
                    if v < 1000 {
                        Duration::from_secs(v)
                    } else {
                        Duration::from_millis(v)
                    }
                })
        };
        let connect = timeout("getui_http_connecton_timeout");
        let read = timeout("getui_http_so_timeout");
        macro_rules! configure {
            ($b:expr) => {{
                let mut b = $b.base_url(host.clone());
                if let Some(n) = attempts {
                    b = b.max_attempts(n);
                }
                if let Some(p) = proxy.clone() {
                    b = b.proxy(p);
                }
                if let Some(t) = connect {
                    b = b.connect_timeout(t);
                }
                if let Some(t) = read {
                    b = b.request_timeout(t);
                }
                b
            }};
        }
        let built = match self.mode {
            ClientMode::Async => configure!(getui::v2::Client::builder(
                app_id.clone(),
                app_key.clone(),
                MasterSecret::new(secret.clone())
            ))
            .build()
            .map(AnyClient::Async),
            ClientMode::Blocking => {
                let builder = configure!(getui::v2::blocking::Client::builder(
                    app_id.clone(),
                    app_key.clone(),
                    MasterSecret::new(secret.clone())
                ));
                tokio::task::spawn_blocking(move || builder.build())
                    .await
                    .expect("blocking build panicked")
                    .map(AnyClient::Blocking)
            }
        };
        let client = match built {
            Ok(c) => c,
            Err(e) => return error_outcome(&e),
        };
        self.client = Some(client.clone());
        let auth = match client {
            AnyClient::Async(c) => c.authenticate().await,
            AnyClient::Blocking(c) => tokio::task::spawn_blocking(move || c.authenticate())
                .await
                .expect("blocking call panicked"),
        };
        match auth {
            Ok(()) => Outcome::Ok(Value::Null),
            Err(e) => error_outcome(&e),
        }
    }
}

fn error_outcome(e: &Error) -> Outcome {
    if e.kind() == ErrorKind::Validation {
        Outcome::Refused(e.to_string())
    } else {
        Outcome::Failed(e.to_string())
    }
}

fn outcome<T: Serialize>(r: Result<T, Error>) -> Outcome {
    match r {
        Ok(v) => Outcome::Ok(serde_json::to_value(v).unwrap_or(Value::Null)),
        Err(e) => error_outcome(&e),
    }
}

/// Deserialises an argument into the model type an op takes; a failure is a refusal.
fn de<T: DeserializeOwned>(what: &str, v: &Value) -> Result<T, Outcome> {
    T::deserialize(v).map_err(|e| Outcome::Refused(format!("{what}: {e}")))
}

/// The `i`-th argument's JSON (null when absent).
fn json_of(args: &[Arg], i: usize) -> Value {
    args.get(i).map(|a| a.json.clone()).unwrap_or(Value::Null)
}

/// A value kept aside by a setter that `getApiParam()` does not write (else the member of the
/// JSON, for a plain argument).
fn param_of(args: &[Arg], param: &str, member: &str) -> Value {
    let Some(a) = args.first() else {
        return Value::Null;
    };
    a.params
        .get(param)
        .cloned()
        .or_else(|| {
            (a.class.is_none())
                .then(|| a.json.get(member).cloned())
                .flatten()
        })
        .unwrap_or(Value::Null)
}

fn member_of(args: &[Arg], member: &str) -> Value {
    args.first()
        .and_then(|a| a.json.get(member).cloned())
        .unwrap_or(Value::Null)
}

/// A string argument; null is the empty string (the official SDK builds the URL with it).
fn string_arg(what: &str, v: &Value) -> Result<String, Outcome> {
    match v {
        Value::Null => Ok(String::new()),
        other => de(what, other),
    }
}

/// A list of strings; null is the empty list.
fn strings_arg(what: &str, v: &Value) -> Result<Vec<String>, Outcome> {
    match v {
        Value::Null => Ok(Vec::new()),
        other => de(what, other),
    }
}

/// Calls `$method` with the given (owned) arguments on the current client of either kind.
macro_rules! on_client {
    ($self:ident, |$c:ident| $call:expr) => {{
        match $self.client.clone() {
            None => Outcome::Failed("no client".into()),
            Some(AnyClient::Async($c)) => outcome($call.await),
            Some(AnyClient::Blocking($c)) => outcome(
                tokio::task::spawn_blocking(move || $call)
                    .await
                    .expect("blocking call panicked"),
            ),
        }
    }};
}

macro_rules! try_arg {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(o) => return o,
        }
    };
}

impl FacadeDriver {
    async fn api_call(&mut self, op: &str, args: Vec<Arg>) -> Outcome {
        let first = json_of(&args, 0);
        match op {
            // Pushes.
            "pushApi.pushToSingleByCid" => {
                let r: PushRequest = try_arg!(de("GTPushRequest", &first));
                on_client!(self, |c| c.push_to_single_by_cid(&r))
            }
            "pushApi.pushToSingleByAlias" => {
                let r: PushRequest = try_arg!(de("GTPushRequest", &first));
                on_client!(self, |c| c.push_to_single_by_alias(&r))
            }
            "pushApi.pushBatchByCid" => {
                let r: BatchPushRequest = try_arg!(de("GTPushBatchRequest", &first));
                on_client!(self, |c| c.push_batch_by_cid(&r))
            }
            "pushApi.pushBatchByAlias" => {
                let r: BatchPushRequest = try_arg!(de("GTPushBatchRequest", &first));
                on_client!(self, |c| c.push_batch_by_alias(&r))
            }
            "pushApi.createListMsg" => {
                let r: PushRequest = try_arg!(de("GTPushRequest", &first));
                on_client!(self, |c| c.create_list_msg(&r))
            }
            "pushApi.pushListByCid" => {
                let r: AudienceRequest = try_arg!(de("GTAudienceRequest", &first));
                on_client!(self, |c| c.push_list_by_cid(&r))
            }
            "pushApi.pushListByAlias" => {
                let r: AudienceRequest = try_arg!(de("GTAudienceRequest", &first));
                on_client!(self, |c| c.push_list_by_alias(&r))
            }
            "pushApi.pushAll" => {
                let r: PushRequest = try_arg!(de("GTPushRequest", &first));
                on_client!(self, |c| c.push_all(&r))
            }
            "pushApi.pushByTag" => {
                let r: PushRequest = try_arg!(de("GTPushRequest", &first));
                on_client!(self, |c| c.push_by_tag(&r))
            }
            "pushApi.pushByFastCustomTag" => {
                let r: PushRequest = try_arg!(de("GTPushRequest", &first));
                on_client!(self, |c| c.push_by_fast_custom_tag(&r))
            }
            "pushApi.stopPush" => {
                let t = try_arg!(string_arg("taskid", &first));
                on_client!(self, |c| c.stop_push(&t))
            }
            "pushApi.queryScheduleTask" => {
                let t = try_arg!(string_arg("taskid", &first));
                on_client!(self, |c| c.query_schedule_task(&t))
            }
            "pushApi.deleteScheduleTask" => {
                let t = try_arg!(string_arg("taskid", &first));
                on_client!(self, |c| c.delete_schedule_task(&t))
            }
            // Statistics.
            "statisticsApi.queryPushResultByTaskIds" => {
                let ids = try_arg!(strings_arg("taskIds", &first));
                on_client!(self, |c| c.query_push_result_by_task_ids(&ids))
            }
            "statisticsApi.queryPushResultByGroupName" => {
                let g = try_arg!(string_arg("groupName", &first));
                on_client!(self, |c| c.query_push_result_by_group_name(&g))
            }
            "statisticsApi.queryPushResultByDate" => {
                let d = try_arg!(string_arg("date", &first));
                on_client!(self, |c| c.query_push_result_by_date(&d))
            }
            "statisticsApi.queryUserDataByDate" => {
                let d = try_arg!(string_arg("date", &first));
                on_client!(self, |c| c.query_user_data_by_date(&d))
            }
            "statisticsApi.queryOnlineUserData" => {
                on_client!(self, |c| c.query_online_user_data())
            }
            // Users.
            "userApi.auth" => {
                let r: AuthRequest = try_arg!(de("GTAuthRequest", &first));
                // `TokenInfo` is not `Serialize` (its token is redacted): the answer's shape.
                let token_json = |r: Result<getui::v2::TokenInfo, Error>| {
                    r.map(|t| {
                        serde_json::json!({
                            "expire_time": t.expire_time.map(|e| e.to_string()),
                            "token": t.token.expose(),
                        })
                    })
                };
                match self.client.clone() {
                    None => Outcome::Failed("no client".into()),
                    Some(AnyClient::Async(c)) => outcome(token_json(c.auth(&r).await)),
                    Some(AnyClient::Blocking(c)) => outcome(token_json(
                        tokio::task::spawn_blocking(move || c.auth(&r))
                            .await
                            .expect("blocking call panicked"),
                    )),
                }
            }
            "userApi.closeAuth" => {
                let t: Option<String> = match &first {
                    Value::Null => None,
                    other => Some(try_arg!(de("token", other))),
                };
                on_client!(self, |c| c.close_auth(t.as_deref()))
            }
            "userApi.bindAlias" => {
                let r: AliasRequest = try_arg!(de("GTAliasRequest", &first));
                on_client!(self, |c| c.bind_alias(&r))
            }
            "userApi.unbindAlias" => {
                let r: AliasRequest = try_arg!(de("GTAliasRequest", &first));
                on_client!(self, |c| c.unbind_alias(&r))
            }
            "userApi.queryAliasByCid" => {
                let s = try_arg!(string_arg("cid", &first));
                on_client!(self, |c| c.query_alias_by_cid(&s))
            }
            "userApi.queryCidByAlias" => {
                let s = try_arg!(string_arg("alias", &first));
                on_client!(self, |c| c.query_cid_by_alias(&s))
            }
            "userApi.unbindAllAlias" => {
                let s = try_arg!(string_arg("alias", &first));
                on_client!(self, |c| c.unbind_all_alias(&s))
            }
            "userApi.setTagForCid" => {
                let cid = try_arg!(string_arg("cid", &param_of(&args, "cid", "cid")));
                let tags = try_arg!(strings_arg("custom_tag", &member_of(&args, "custom_tag")));
                on_client!(self, |c| c.set_tag_for_cid(&cid, &tags))
            }
            "userApi.batchModifyTagForBatchCid" => {
                let tag = try_arg!(string_arg(
                    "customTag",
                    &param_of(&args, "customTag", "custom_tag")
                ));
                let cids = try_arg!(strings_arg("cid", &member_of(&args, "cid")));
                on_client!(self, |c| c.batch_modify_tag_for_batch_cid(&tag, &cids))
            }
            "userApi.unbindTag" => {
                let tag = try_arg!(string_arg(
                    "customTag",
                    &param_of(&args, "customTag", "custom_tag")
                ));
                let cids = try_arg!(strings_arg("cid", &member_of(&args, "cid")));
                on_client!(self, |c| c.unbind_tag(&tag, &cids))
            }
            "userApi.queryUserTag" => {
                let s = try_arg!(string_arg("cid", &first));
                on_client!(self, |c| c.query_user_tag(&s))
            }
            "userApi.addBlackUser" => {
                let cids = try_arg!(strings_arg("cids", &first));
                on_client!(self, |c| c.add_black_user(&cids))
            }
            "userApi.removeBlackUser" => {
                let cids = try_arg!(strings_arg("cids", &first));
                on_client!(self, |c| c.remove_black_user(&cids))
            }
            "userApi.queryUserStatus" => {
                let cids = try_arg!(strings_arg("cids", &first));
                on_client!(self, |c| c.query_user_status(&cids))
            }
            "userApi.setBadge" => {
                let cids = try_arg!(strings_arg("cids", &param_of(&args, "cids", "cids")));
                let badge: Badge = try_arg!(de("badge", &member_of(&args, "badge")));
                on_client!(self, |c| c.set_badge(&cids, &badge))
            }
            "userApi.queryUserCount" => {
                let conditions: Vec<Condition> = match member_of(&args, "tag") {
                    Value::Null => Vec::new(),
                    v => try_arg!(de("tag", &v)),
                };
                on_client!(self, |c| c.query_user_count(&conditions))
            }
            other => Outcome::Unsupported(format!("no Rust method for {other}")),
        }
    }

    async fn client_call(&mut self, op: &str, args: Vec<Arg>) -> Outcome {
        let first = json_of(&args, 0);
        let Some(client) = self.client.clone() else {
            return Outcome::Failed("no client".into());
        };
        match op {
            "client.auth" => match on_client!(self, |c| c.authenticate()) {
                Outcome::Ok(_) => Outcome::Ok(Value::Bool(true)),
                other => other,
            },
            "client.getAuthToken" => {
                let token = match &client {
                    AnyClient::Async(c) => c.token(),
                    AnyClient::Blocking(c) => c.token(),
                };
                Outcome::Ok(token.map_or(Value::Null, |t| Value::from(t.expose())))
            }
            "client.setAuthToken" => {
                let t = try_arg!(string_arg("authToken", &first));
                match &client {
                    AnyClient::Async(c) => c.set_token(t),
                    AnyClient::Blocking(c) => c.set_token(t),
                }
                Outcome::Ok(Value::Null)
            }
            "client.getHost" => Outcome::Ok(Value::from(match &client {
                AnyClient::Async(c) => c.current_host(),
                AnyClient::Blocking(c) => c.current_host(),
            })),
            "client.getAppId" => Outcome::Ok(Value::from(match &client {
                AnyClient::Async(c) => c.app_id().to_owned(),
                AnyClient::Blocking(c) => c.app_id().to_owned(),
            })),
            "client.setDomainUrlList" => {
                let urls = try_arg!(strings_arg("domainUrlList", &first));
                let r = match &client {
                    AnyClient::Async(c) => c.set_hosts(urls),
                    AnyClient::Blocking(c) => c.set_hosts(urls),
                };
                outcome(r.map(|()| Value::Null))
            }
            other => Outcome::Unsupported(format!("no Rust method for {other}")),
        }
    }
}

impl Driver for FacadeDriver {
    fn call<'a>(&'a mut self, op: &'a str, args: Vec<Arg>) -> LocalFuture<'a, Outcome> {
        Box::pin(async move {
            if op == "GTClient" {
                let spec = json_of(&args, 0);
                // The official constructor swallows a failed first authentication.
                return match self.build_client(&spec).await {
                    Outcome::Failed(_) if self.client.is_some() => Outcome::Ok(Value::Null),
                    other => other,
                };
            }
            if op.starts_with("client.") {
                return self.client_call(op, args).await;
            }
            let before = self.server.as_ref().map_or(0, |s| s.received().len());
            match self.api_call(op, args).await {
                Outcome::Ok(typed) => {
                    let answer = self.server.as_ref().and_then(|s| {
                        s.received()
                            .get(before..)?
                            .iter()
                            .rev()
                            .find_map(|r| match &r.answer {
                                Answer::Http { json: Some(j), .. } => Some(j.clone()),
                                _ => None,
                            })
                    });
                    Outcome::Ok(answer.unwrap_or(typed))
                }
                other => other,
            }
        })
    }
}

/// Replaces `${BASE}`… of a vector for a given port (for tools that judge a capture).
pub fn expand(doc: &Value, port: u16) -> Value {
    substitute(
        doc,
        &format!("http://127.0.0.1:{port}"),
        &format!("http://127.0.0.2:{port}"),
        port,
    )
}
