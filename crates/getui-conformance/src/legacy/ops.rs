//! The interpreter of a vector's `input`: each op becomes a call of the Rust SDK.

use crate::run::ClientMode;
use getui::action::{
    Action, AliasBinding, ApnPushToList, Badge, BindAlias, BindAliasBatch, BindCidPn, BlackCidList,
    BlackListOperation, CancelContentId, ChangeClientTag, Close, DelScheduleTask,
    GetClientIdStatus, GetLast24HoursOnlineUser, GetPersonaTags, GetPushResult,
    GetPushResultByGroupName, GetPushResultByTaskIdList, GetScheduleTask, GetUserCountByTags,
    GetUserTags, ListPushOptions, PushMessageToApp, QueryAlias, QueryAppPushData, QueryAppUserData,
    QueryCidPn, QueryClientId, SetBadge, SetClientTag, StopSendSms, StopTask, UnbindAlias,
    UnbindCidPn,
};
use getui::model::description::Scope;
use getui::{Config, ConfigBuilder, Error};
use getui_protocol::date::CalendarDate;
use serde_json::{Map, Value};
use std::future::Future;
use std::pin::Pin;

// Beijing time, the zone the API's dates are in.
use getui::model::calendar::CHINA_UTC_OFFSET_SECS;

/// What one step of a vector gave.
#[derive(Debug)]
pub enum StepOutcome {
    /// The call returned (its value, as far as later steps need it).
    Ok(Value),
    /// The call failed after something was exchanged with the server (or the transport).
    Failed(String),
    /// The SDK refused the input before sending anything.
    Refused(String),
    /// Not run because an earlier step of the sequence raised.
    Skipped,
    /// The runner has no mapping for the step.
    Unsupported(String),
}

impl StepOutcome {
    fn is_error(&self) -> bool {
        !matches!(self, StepOutcome::Ok(_))
    }
}

/// A client of either kind.
#[derive(Clone)]
enum AnyClient {
    Async(getui::Client),
    Blocking(getui::blocking::Client),
}

impl AnyClient {
    async fn execute<A>(&self, action: A) -> Result<A::Output, Error>
    where
        A: Action + Send + Sync + 'static,
        A::Output: Send + 'static,
    {
        match self {
            AnyClient::Async(c) => c.execute(&action).await,
            AnyClient::Blocking(c) => {
                let c = c.clone();
                tokio::task::spawn_blocking(move || c.execute(&action))
                    .await
                    .expect("blocking call panicked")
            }
        }
    }

    async fn connect(&self) -> Result<(), Error> {
        match self {
            AnyClient::Async(c) => c.connect().await,
            AnyClient::Blocking(c) => {
                let c = c.clone();
                tokio::task::spawn_blocking(move || c.connect())
                    .await
                    .expect("blocking call panicked")
            }
        }
    }

    async fn refresh_hosts(&self) -> Result<(), Error> {
        match self {
            AnyClient::Async(c) => c.refresh_hosts().await.map(drop),
            AnyClient::Blocking(c) => {
                let c = c.clone();
                tokio::task::spawn_blocking(move || c.refresh_hosts().map(drop))
                    .await
                    .expect("blocking call panicked")
            }
        }
    }
}

/// A batch of either kind.
enum AnyBatch {
    Async(getui::Batch),
    Blocking(getui::blocking::Batch),
}

type StepFuture<'a> = Pin<Box<dyn Future<Output = StepOutcome> + Send + 'a>>;

/// Runs the same facade call on either client: awaited on the async client, on a blocking
/// thread for the blocking one (the captured values are moved there).
macro_rules! on_client {
    ($client:expr, $c:ident => $call:expr, $out:expr) => {{
        match $client.clone() {
            AnyClient::Async($c) => outcome($call.await, $out),
            AnyClient::Blocking($c) => {
                let result = tokio::task::spawn_blocking(move || $call)
                    .await
                    .expect("blocking call panicked");
                outcome(result, $out)
            }
        }
    }};
}

fn outcome<T>(result: Result<T, Error>, out: fn(&T) -> Value) -> StepOutcome {
    match result {
        Ok(value) => StepOutcome::Ok(out(&value)),
        Err(e) => failure(e),
    }
}

fn nothing<T>(_: &T) -> Value {
    Value::Null
}

fn task_id(task: &getui::action::PreparedTask) -> Value {
    Value::String(task.task_id.clone())
}

/// Deserializes an argument into a model type: the serde form is the official form.
fn model<T: serde::de::DeserializeOwned>(
    args: &Map<String, Value>,
    key: &str,
) -> Result<T, StepOutcome> {
    let value = args.get(key).cloned().unwrap_or(Value::Null);
    serde_json::from_value(value).map_err(|e| StepOutcome::Refused(format!("`{key}`: {e}")))
}

/// The state of one vector's interpretation.
pub struct Interp {
    mode: ClientMode,
    base: String,
    scope: Scope,
    env: Vec<(String, Option<String>)>,
    client: Option<AnyClient>,
    batch: Option<AnyBatch>,
}

impl Interp {
    /// An interpreter whose `${BASE}` is `base`.
    pub fn new(mode: ClientMode, base: String, scope: Scope) -> Self {
        Self {
            mode,
            base,
            scope,
            env: Vec::new(),
            client: None,
            batch: None,
        }
    }

    /// Builds and connects the vector's client (the set-up the vector does not record).
    pub async fn set_up(&mut self, client: &Value) -> Result<(), String> {
        let client = self.make_client(client).await.map_err(|e| e.to_string())?;
        client.refresh_hosts().await.map_err(|e| e.to_string())?;
        client.connect().await.map_err(|e| e.to_string())?;
        self.client = Some(client);
        Ok(())
    }

    /// Runs the vector's `input`: one outcome per step of a `sequence`, else one.
    pub async fn exec_top(&mut self, input: &Value) -> Vec<StepOutcome> {
        if input["op"] == "sequence" {
            let pushed = self.push_env(input);
            let mut outcomes = Vec::new();
            let mut raised = false;
            for step in input["steps"].as_array().cloned().unwrap_or_default() {
                if raised {
                    outcomes.push(StepOutcome::Skipped);
                    continue;
                }
                let outcome = self.exec(&step).await;
                raised = outcome.is_error();
                outcomes.push(outcome);
            }
            self.env.truncate(self.env.len() - pushed);
            outcomes
        } else {
            vec![self.exec(input).await]
        }
    }

    fn push_env(&mut self, op: &Value) -> usize {
        let Some(env) = op.get("env").and_then(Value::as_object) else {
            return 0;
        };
        for (k, v) in env {
            let value = v.as_str().map(|s| s.replace("${BASE}", &self.base));
            self.env.push((k.clone(), value));
        }
        env.len()
    }

    /// The environment knobs in force, later settings winning, unset ones removed.
    fn active_env(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        for (k, v) in &self.env {
            out.retain(|(name, _)| name != k);
            if let Some(v) = v {
                out.push((k.clone(), v.clone()));
            }
        }
        out
    }

    fn config_with_env(&self, builder: ConfigBuilder) -> Result<ConfigBuilder, Error> {
        Ok(builder.apply_vars(self.active_env())?)
    }

    /// The configuration the active environment gives (for per-call flags and limits).
    fn env_config(&self) -> Result<Config, Error> {
        Ok(self
            .config_with_env(
                Config::builder("env", "env").host(format!("{}/serviceex", self.base)),
            )?
            .build()?)
    }

    async fn make_client(&self, spec: &Value) -> Result<AnyClient, Error> {
        let host = spec["host"]
            .as_str()
            .unwrap_or_default()
            .replace("${BASE}", &self.base);
        let app_key = spec["appKey"].as_str().unwrap_or_default().to_owned();
        let secret = spec["masterSecret"].as_str().unwrap_or_default().to_owned();
        let ssl = spec["ssl"].as_bool();
        let env = self.active_env();
        // Report unusable knobs here; the closure below can then apply them infallibly.
        self.config_with_env(Config::builder(app_key.clone(), secret.clone()))?;
        // Probing is off: a vector records only API requests.
        let configure = move |c: ConfigBuilder| -> ConfigBuilder {
            let c = c.probe(false);
            let c = if host.is_empty() { c } else { c.host(host) };
            let c = match ssl {
                Some(on) => c.https(on),
                None => c,
            };
            c.apply_vars(env).expect("the knobs were checked above")
        };
        match self.mode {
            ClientMode::Async => Ok(AnyClient::Async(
                getui::Client::builder(app_key, secret)
                    .config(configure)
                    .build()?,
            )),
            ClientMode::Blocking => {
                let client = tokio::task::spawn_blocking(move || {
                    getui::blocking::Client::builder(app_key, secret)
                        .config(configure)
                        .build()
                })
                .await
                .expect("building the blocking client panicked")?;
                Ok(AnyClient::Blocking(client))
            }
        }
    }

    /// Runs one op (not a sequence).
    pub fn exec<'a>(&'a mut self, op: &'a Value) -> StepFuture<'a> {
        Box::pin(async move {
            if op["op"] == "sequence" {
                let outcomes = self.exec_top(op).await;
                return match outcomes.into_iter().find(StepOutcome::is_error) {
                    Some(err) => err,
                    None => StepOutcome::Ok(Value::Null),
                };
            }
            let pushed = self.push_env(op);
            let outcome = self.exec_op(op).await;
            self.env.truncate(self.env.len() - pushed);
            if let (StepOutcome::Ok(value), Some(name)) = (&outcome, op["saveAs"].as_str()) {
                self.scope.vars.insert(name.to_owned(), value.clone());
            }
            outcome
        })
    }

    async fn exec_op(&mut self, op: &Value) -> StepOutcome {
        let name = op["op"].as_str().unwrap_or_default();
        // Arguments with variables, enums and objects resolved.
        let args = match self.normalized_args(op) {
            Ok(a) => a,
            Err(e) => return StepOutcome::Unsupported(e),
        };
        match name {
            "let" => {
                let var = args.get("name").and_then(Value::as_str).unwrap_or_default();
                let value = args.get("value").cloned().unwrap_or(Value::Null);
                self.scope.vars.insert(var.to_owned(), value);
                return StepOutcome::Ok(Value::Null);
            }
            "IGeTui" => {
                let client = match self.make_client(&Value::Object(args)).await {
                    Ok(c) => c,
                    Err(e) => return failure(e),
                };
                // The official constructor fetches the host list at once.
                let result = client.refresh_hosts().await;
                self.client = Some(client);
                return match result {
                    Ok(()) => StepOutcome::Ok(Value::Null),
                    Err(e) => failure(e),
                };
            }
            _ => {}
        }
        let Some(client) = self.client.clone() else {
            return StepOutcome::Unsupported(format!("{name}: no client"));
        };
        if name == "connect" {
            return match client.connect().await {
                Ok(()) => StepOutcome::Ok(Value::Bool(true)),
                Err(e) => failure(e),
            };
        }
        let env = match self.env_config() {
            Ok(c) => c,
            Err(e) => return failure(e),
        };
        if name == "BatchImpl" || name == "getBatch" || name.starts_with("batch.") {
            return self.batch_op(&client, name, &args, &env).await;
        }
        match push(&client, name, op, &args, &env).await {
            Some(outcome) => outcome,
            None => management(&client, name, &args, &env).await,
        }
    }

    async fn batch_op(
        &mut self,
        client: &AnyClient,
        name: &str,
        args: &Map<String, Value>,
        env: &Config,
    ) -> StepOutcome {
        match name {
            "BatchImpl" | "getBatch" => {
                let app_key = args.get("appKey").and_then(Value::as_str);
                self.batch = Some(match (client, app_key) {
                    (AnyClient::Async(c), Some(key)) => AnyBatch::Async(c.batch_with_app_key(key)),
                    (AnyClient::Async(c), None) => AnyBatch::Async(c.batch()),
                    (AnyClient::Blocking(c), Some(key)) => {
                        AnyBatch::Blocking(c.batch_with_app_key(key))
                    }
                    (AnyClient::Blocking(c), None) => AnyBatch::Blocking(c.batch()),
                });
                StepOutcome::Ok(Value::Null)
            }
            "batch.add" => {
                let (message, target): (getui::model::SingleMessage, getui::model::Target) =
                    match (model(args, "message"), model(args, "target")) {
                        (Ok(m), Ok(t)) => (m, t),
                        (Err(e), _) | (_, Err(e)) => return e,
                    };
                let added = match self.batch.as_mut() {
                    Some(AnyBatch::Async(b)) => b.add(&message, &target),
                    Some(AnyBatch::Blocking(b)) => b.add(&message, &target),
                    None => return StepOutcome::Unsupported("batch.add without a batch".into()),
                };
                outcome(added, |n| Value::from(*n))
            }
            "batch.submit" | "batch.retry" => {
                let submit = name == "batch.submit";
                let async_push = env.flags().batch_async;
                match self.batch.take() {
                    Some(AnyBatch::Async(b)) => {
                        let mut b = if submit { b.async_push(async_push) } else { b };
                        let result = if submit {
                            b.submit().await
                        } else {
                            b.retry().await
                        };
                        self.batch = Some(AnyBatch::Async(b));
                        outcome(result, nothing)
                    }
                    Some(AnyBatch::Blocking(b)) => {
                        let mut b = if submit { b.async_push(async_push) } else { b };
                        let (b, result) = tokio::task::spawn_blocking(move || {
                            let result = if submit { b.submit() } else { b.retry() };
                            (b, result)
                        })
                        .await
                        .expect("blocking call panicked");
                        self.batch = Some(AnyBatch::Blocking(b));
                        outcome(result, nothing)
                    }
                    None => StepOutcome::Unsupported(format!("{name} without a batch")),
                }
            }
            other => StepOutcome::Unsupported(format!("op {other}")),
        }
    }

    fn normalized_args(&self, op: &Value) -> Result<Map<String, Value>, String> {
        let mut args = Map::new();
        for (k, v) in op.as_object().into_iter().flatten() {
            if matches!(k.as_str(), "op" | "env" | "saveAs" | "note" | "steps") {
                continue;
            }
            args.insert(
                k.clone(),
                self.scope.normalize(v).map_err(|e| e.to_string())?,
            );
        }
        Ok(args)
    }
}

fn failure(e: Error) -> StepOutcome {
    if matches!(
        e.kind(),
        getui::ErrorKind::Validation | getui::ErrorKind::Config
    ) {
        StepOutcome::Refused(e.to_string())
    } else {
        StepOutcome::Failed(e.to_string())
    }
}

fn s(args: &Map<String, Value>, key: &str) -> String {
    match args.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

fn strings(args: &Map<String, Value>, key: &str) -> Vec<String> {
    args.get(key)
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

async fn run<A>(client: &AnyClient, action: Result<A, getui::model::ValidationError>) -> StepOutcome
where
    A: Action + Send + Sync + 'static,
    A::Output: Send + std::fmt::Debug + 'static,
{
    match action {
        Err(e) => StepOutcome::Refused(e.to_string()),
        Ok(action) => match client.execute(action).await {
            Ok(_) => StepOutcome::Ok(Value::Null),
            Err(e) => failure(e),
        },
    }
}

/// The ops that carry a template or a message; `None` for the others.
async fn push(
    client: &AnyClient,
    name: &str,
    op: &Value,
    args: &Map<String, Value>,
    env: &Config,
) -> Option<StepOutcome> {
    use getui::model::{AppConditions, AppMessage, ListMessage, SingleMessage, Target};
    macro_rules! arg {
        ($ty:ty, $key:expr) => {
            match model::<$ty>(args, $key) {
                Ok(v) => v,
                Err(refused) => return Some(refused),
            }
        };
    }
    let app_id = s(args, "appId");
    let group = args
        .get("taskGroupName")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let request_id = args
        .get("requestId")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let options = env.list_push_options();
    Some(match name {
        "pushMessageToSingle" => {
            let (message, target) = (arg!(SingleMessage, "message"), arg!(Target, "target"));
            match request_id {
                Some(id) => {
                    on_client!(client, c => c.push_to_single_with_request_id(&message, &target, &id), nothing)
                }
                None => on_client!(client, c => c.push_to_single(&message, &target), nothing),
            }
        }
        "getContentId" => {
            // The official method takes any message class; the class decides the request.
            match op["message"]["class"].as_str() {
                Some("IGtAppMessage") => {
                    let message = arg!(AppMessage, "message");
                    on_client!(client, c => c.create_app_task(&message, group.as_deref()), task_id)
                }
                Some("IGtSingleMessage") => {
                    let message = arg!(SingleMessage, "message");
                    on_client!(client, c => c.create_task(&message, group.as_deref()), task_id)
                }
                _ => {
                    let message = arg!(ListMessage, "message");
                    on_client!(client, c => c.create_list_task(&message, group.as_deref()), task_id)
                }
            }
        }
        "pushMessageToList" => {
            let (task, targets) = (s(args, "contentId"), arg!(Vec<Target>, "targets"));
            on_client!(client, c => c.push_to_list_with_options(&task, &targets, options), nothing)
        }
        "pushMessageToApp" => {
            let message = arg!(AppMessage, "message");
            on_client!(client, c => c.push_to_app(&message, group.as_deref()), nothing)
        }
        "pushTagMessage" | "pushTagMessageRetry" => {
            let message = arg!(AppMessage, "message");
            match request_id.filter(|_| name == "pushTagMessage") {
                Some(id) => {
                    on_client!(client, c => c.push_by_tag_with_request_id(&message, &id), nothing)
                }
                None => on_client!(client, c => c.push_by_tag(&message), nothing),
            }
        }
        "getAPNContentId" => match op["message"]["class"].as_str() {
            Some("IGtListMessage") => {
                let message = arg!(ListMessage, "message");
                on_client!(client, c => c.create_apns_task(&app_id, &message), task_id)
            }
            Some("IGtAppMessage") => {
                let message = arg!(AppMessage, "message");
                on_client!(client, c => c.create_apns_task(&app_id, &message), task_id)
            }
            _ => {
                let message = arg!(SingleMessage, "message");
                on_client!(client, c => c.create_apns_task(&app_id, &message), task_id)
            }
        },
        "pushAPNMessageToSingle" => {
            let (token, message) = (s(args, "deviceToken"), arg!(SingleMessage, "message"));
            on_client!(client, c => c.push_apns_to_single(&app_id, &token, &message), nothing)
        }
        "queryUserCount" => {
            let conditions = arg!(Option<AppConditions>, "conditions");
            on_client!(client, c => c.user_count(&app_id, conditions.as_ref()), nothing)
        }
        _ => return None,
    })
}

/// The management, query and statistics ops, and the push steps that need no template.
async fn management(
    client: &AnyClient,
    name: &str,
    args: &Map<String, Value>,
    env: &Config,
) -> StepOutcome {
    let app_id = || s(args, "appId");
    let today = CalendarDate::today(CHINA_UTC_OFFSET_SECS);
    let limits = env.limits();
    match name {
        "cancelContentId" => run(client, Ok(CancelContentId::new(s(args, "contentId")))).await,
        "stop" => run(client, Ok(StopTask::new(s(args, "contentId")))).await,
        "getClientIdStatus" => {
            run(
                client,
                Ok(GetClientIdStatus::new(app_id(), s(args, "clientId"))),
            )
            .await
        }
        "setClientTag" => {
            run(
                client,
                Ok(SetClientTag::new(
                    app_id(),
                    s(args, "clientId"),
                    strings(args, "tags"),
                )),
            )
            .await
        }
        "getUserTags" => run(client, Ok(GetUserTags::new(app_id(), s(args, "clientId")))).await,
        "changeClientTag" => {
            let action = ChangeClientTag::new(
                app_id(),
                s(args, "tag"),
                s(args, "operation"),
                strings(args, "cids"),
            );
            run(client, Ok(action)).await
        }
        "getUserCountByTags" => {
            run(
                client,
                GetUserCountByTags::with_limit(app_id(), strings(args, "tagList"), limits.tag_list),
            )
            .await
        }
        "getPersonaTags" => run(client, Ok(GetPersonaTags::new(app_id()))).await,
        "bindAlias" => {
            run(
                client,
                Ok(BindAlias::new(
                    app_id(),
                    s(args, "alias"),
                    s(args, "clientId"),
                )),
            )
            .await
        }
        "bindAliasBatch" => {
            let bindings: Vec<AliasBinding> = args
                .get("targetList")
                .and_then(Value::as_array)
                .map(|targets| {
                    targets
                        .iter()
                        .map(|t| {
                            AliasBinding::new(
                                t["clientId"].as_str().unwrap_or_default(),
                                t["alias"].as_str().unwrap_or_default(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            run(client, Ok(BindAliasBatch::new(app_id(), bindings))).await
        }
        "queryClientId" => run(client, Ok(QueryClientId::new(app_id(), s(args, "alias")))).await,
        "queryAlias" => run(client, Ok(QueryAlias::new(app_id(), s(args, "clientId")))).await,
        "unBindAlias" => {
            let cid = args.get("clientId").and_then(Value::as_str);
            run(
                client,
                Ok(UnbindAlias::new(app_id(), s(args, "alias"), cid)),
            )
            .await
        }
        "unBindAliasAll" => run(client, Ok(UnbindAlias::all(app_id(), s(args, "alias")))).await,
        "blackCidList" | "addCidListToBlk" | "restoreCidListFromBlk" => {
            let operation = match name {
                "addCidListToBlk" => BlackListOperation::Add,
                "restoreCidListFromBlk" => BlackListOperation::Restore,
                _ => match args.get("optType").and_then(Value::as_i64) {
                    Some(1) => BlackListOperation::Add,
                    Some(2) => BlackListOperation::Restore,
                    Some(other) => BlackListOperation::Code(other),
                    None => return StepOutcome::Unsupported("blackCidList without optType".into()),
                },
            };
            let action = BlackCidList::with_limit(
                app_id(),
                strings(args, "cidList"),
                operation,
                limits.black_list,
            );
            run(client, action).await
        }
        "setBadge" | "setBadgeForCID" | "setBadgeForDeviceToken" => {
            let badge: Badge = match args.get("badge") {
                Some(Value::String(t)) => t.as_str().into(),
                Some(Value::Number(n)) if n.is_i64() => n.as_i64().unwrap_or_default().into(),
                other => return StepOutcome::Unsupported(format!("badge {other:?}")),
            };
            let action = SetBadge::new(
                badge,
                s(args, "appid"),
                strings(args, "deviceTokenList"),
                strings(args, "cidList"),
            );
            run(client, Ok(action)).await
        }
        "getPushResult" => run(client, Ok(GetPushResult::new(s(args, "taskId")))).await,
        "getPushResultByTaskidList" => {
            run(
                client,
                Ok(GetPushResultByTaskIdList::new(strings(args, "taskIdList"))),
            )
            .await
        }
        "getPushActionResultByTaskids" => {
            let action = GetPushResultByTaskIdList::with_action_ids(
                strings(args, "taskIdList"),
                strings(args, "actionIdList"),
            );
            run(client, Ok(action)).await
        }
        "getPushResultByGroupName" => {
            run(
                client,
                Ok(GetPushResultByGroupName::new(
                    app_id(),
                    s(args, "groupName"),
                )),
            )
            .await
        }
        "getLast24HoursOnlineUserStatistics" => {
            run(client, Ok(GetLast24HoursOnlineUser::new(app_id()))).await
        }
        "queryAppPushDataByDate" => {
            run(
                client,
                QueryAppPushData::new(app_id(), s(args, "date"), today),
            )
            .await
        }
        "queryAppUserDataByDate" => {
            run(
                client,
                QueryAppUserData::new(app_id(), s(args, "date"), today),
            )
            .await
        }
        "getScheduleTask" => {
            run(
                client,
                Ok(GetScheduleTask::new(app_id(), s(args, "taskId"))),
            )
            .await
        }
        "delScheduleTask" => {
            run(
                client,
                Ok(DelScheduleTask::new(app_id(), s(args, "taskId"))),
            )
            .await
        }
        "bindCidPn" => {
            let pairs: Vec<(String, String)> = args
                .get("cidAndPn")
                .and_then(Value::as_object)
                .map(|m| {
                    m.iter()
                        .map(|(k, v)| {
                            (
                                k.clone(),
                                v.as_str().map_or_else(|| v.to_string(), str::to_owned),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            run(client, Ok(BindCidPn::new(app_id(), pairs))).await
        }
        "unbindCidPn" => run(client, Ok(UnbindCidPn::new(app_id(), strings(args, "cid")))).await,
        "queryCidPn" => run(client, Ok(QueryCidPn::new(app_id(), strings(args, "cid")))).await,
        "stopSendSms" => run(client, Ok(StopSendSms::new(app_id(), s(args, "taskId")))).await,
        "close" => run(client, Ok(Close)).await,
        "pushMessageToAppWithContentId" => {
            run(client, Ok(PushMessageToApp::new(s(args, "contentId")))).await
        }
        "pushAPNMessageToList" => {
            let flags = env.flags();
            let options = ListPushOptions {
                need_details: flags.need_details,
                async_push: flags.list_async,
                sync_limit: limits.list_sync,
                async_limit: limits.list_async,
            };
            let action = ApnPushToList::new(
                app_id(),
                s(args, "contentId"),
                strings(args, "deviceTokenList"),
                options,
            );
            run(client, action).await
        }
        other => StepOutcome::Unsupported(format!("op {other}")),
    }
}
