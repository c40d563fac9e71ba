//! The API: one function per action, each turning JSON params into a JSON answer while
//! updating the in-memory [`State`].
//!
//! Everything here is synchronous and runs under the state lock; it must stay cheap.

use getui_protocol::sign::connect_sign;
use serde_json::{json, Map, Value};
use tokio::time::Instant;

use crate::decode::{DecodedProtobuf, ProtobufParam};
use crate::state::{
    now_ms, AcceptedPush, Delivery, DeliveryStatus, MockApp, State, Task, TaskKind,
};

/// Every `action` the mock implements (the 39 of the legacy SDKs). Anything else is answered
/// with `{"result": "action_error"}`.
pub const ACTIONS: [&str; 39] = [
    "connect",
    "close",
    "getOSPushDomailUrlListAction",
    "pushMessageToSingleAction",
    "pushMessageToSingleBatchAction",
    "getContentIdAction",
    "cancleContentIdAction",
    "pushMessageToListAction",
    "pushMessageToAppAction",
    "pushMessageByTagAction",
    "stopTaskAction",
    "apnPushToSingleAction",
    "apnGetContentIdAction",
    "apnPushToListAction",
    "getClientIdStatusAction",
    "setTagAction",
    "getUserTags",
    "changeTagAction",
    "getUserCountByTags",
    "getPersonaTags",
    "queryUserCount",
    "alias_bind",
    "alias_bind_list",
    "alias_query",
    "alias_unbind",
    "blackCidAction",
    "setBadgeAction",
    "getPushMsgResult",
    "getPushMsgResultByTaskidList",
    "getPushResultByGroupName",
    "getLast24HoursOnlineUser",
    "queryAppPushData",
    "queryAppUserData",
    "getScheduleTaskAction",
    "delScheduleTaskAction",
    "bind_cid_pn",
    "unbind_cid_pn",
    "query_cid_pn",
    "stop_sms",
];

/// Per-request facts the handlers need besides the params.
pub(crate) struct Ctx<'a> {
    pub host: usize,
    pub at: Instant,
    pub protobuf: &'a [ProtobufParam],
    /// Refuse requests whose protobuf members do not decode.
    pub strict_protobuf: bool,
}

/// Handles one request body (a JSON object) and returns the answer.
pub(crate) fn handle(state: &mut State, ctx: &Ctx<'_>, p: &Map<String, Value>) -> Value {
    let Some(action) = s(p, "action") else {
        return result("action_error");
    };
    match action {
        "getOSPushDomailUrlListAction" => return json!({"result": "ok", "osList": state.os_list}),
        "connect" => return connect(state, p),
        a if !ACTIONS.contains(&a) => return result("action_error"),
        _ => {}
    }
    let Some(app) = s(p, "appkey").and_then(|k| state.apps.get(k)).cloned() else {
        return result("appkey_error");
    };
    let token = s(p, "authToken")
        .or_else(|| s(p, "authtoken"))
        .unwrap_or("");
    if !state.token_valid(token, &app.app_key) {
        return result("sign_error");
    }
    if ctx.strict_protobuf {
        if let Some(Err(e)) = ctx
            .protobuf
            .iter()
            .map(|pb| &pb.decoded)
            .find(|d| d.is_err())
        {
            return error(e.to_string());
        }
    }
    let mut call = Call {
        state,
        ctx,
        app: &app,
        p,
        action,
    };
    match action {
        "close" => call.close(),
        "pushMessageToSingleAction" => call.push_single(),
        "pushMessageToSingleBatchAction" => call.push_batch(),
        "getContentIdAction" => call.get_content_id(),
        "apnGetContentIdAction" => call.apn_get_content_id(),
        "cancleContentIdAction" => call.cancel_content_id(),
        "stopTaskAction" => call.stop_task(),
        "pushMessageToListAction" => call.push_list(),
        "pushMessageToAppAction" => call.push_app(),
        "pushMessageByTagAction" => call.push_tag(),
        "apnPushToSingleAction" => call.apn_single(),
        "apnPushToListAction" => call.apn_list(),
        "getClientIdStatusAction" => call.client_status(),
        "setTagAction" => call.set_tag(),
        "getUserTags" => call.user_tags(),
        "changeTagAction" => call.change_tag(),
        "getUserCountByTags" => call.count_by_tags(),
        "getPersonaTags" => call.persona_tags(),
        "queryUserCount" => call.query_user_count(),
        "alias_bind" => call.alias_bind(),
        "alias_bind_list" => call.alias_bind_list(),
        "alias_query" => call.alias_query(),
        "alias_unbind" => call.alias_unbind(),
        "blackCidAction" => call.black_list(),
        "setBadgeAction" => call.set_badge(),
        "getPushMsgResult" => call.push_result(),
        "getPushMsgResultByTaskidList" => call.push_results(),
        "getPushResultByGroupName" => call.group_result(),
        "getLast24HoursOnlineUser" => call.online_last_24h(),
        "queryAppPushData" => call.app_push_data(),
        "queryAppUserData" => call.app_user_data(),
        "getScheduleTaskAction" => call.schedule_task(false),
        "delScheduleTaskAction" => call.schedule_task(true),
        "bind_cid_pn" => call.bind_cid_pn(),
        "unbind_cid_pn" => call.unbind_cid_pn(),
        "query_cid_pn" => call.query_cid_pn(),
        "stop_sms" => call.stop_sms(),
        _ => result("action_error"),
    }
}

fn connect(state: &mut State, p: &Map<String, Value>) -> Value {
    let Some(app) = s(p, "appkey").and_then(|k| state.apps.get(k)) else {
        return result("appkey_error");
    };
    // Integer (Py, C#, Node) or decimal string (PHP); the sign covers the decimal text, so a
    // string must be the canonical decimal of its value.
    let timestamp = match p.get("timeStamp") {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(t)) => t.parse::<i64>().ok().filter(|v| v.to_string() == *t),
        _ => None,
    };
    let Some(timestamp) = timestamp else {
        return result("sign_error");
    };
    let expected = connect_sign(&app.app_key, timestamp, &app.master_secret);
    if s(p, "sign") != Some(expected.as_str()) {
        return result("sign_error");
    }
    let app_key = app.app_key.clone();
    let token = state.new_token(&app_key);
    json!({"result": "success", "authtoken": token})
}

/// One authenticated call.
struct Call<'a, 'c> {
    state: &'a mut State,
    ctx: &'a Ctx<'c>,
    app: &'a MockApp,
    p: &'a Map<String, Value>,
    action: &'a str,
}

type Answer = Result<Value, Value>;

impl<'a> Call<'a, '_> {
    fn s(&self, key: &str) -> Option<&'a str> {
        s(self.p, key)
    }

    /// The app id named by the request (`appId` or `appid`), which must be the caller's.
    fn app_id(&self) -> Result<(), Value> {
        match self.s("appId").or_else(|| self.s("appid")) {
            None => Err(error("missing appId")),
            Some(id) => self.check_app_id(id),
        }
    }

    fn check_app_id(&self, id: &str) -> Result<(), Value> {
        if id == self.app.app_id {
            Ok(())
        } else {
            Err(result("AppidNoMatchAppKey"))
        }
    }

    fn required(&self, key: &str) -> Result<&'a str, Value> {
        match self.s(key) {
            Some(v) if !v.trim().is_empty() => Ok(v),
            _ => Err(error(format!("missing {key}"))),
        }
    }

    fn require_present(&self, key: &str) -> Result<(), Value> {
        if self.p.contains_key(key) {
            Ok(())
        } else {
            Err(error(format!("missing {key}")))
        }
    }

    /// The task named by `key`, which must belong to the caller.
    fn task(&self, key: &str) -> Result<(String, &Task), Value> {
        let id = self.required(key)?;
        match self.state.tasks.get(id) {
            Some(t) if t.app_key == self.app.app_key => Ok((id.to_owned(), t)),
            _ => Err(result("NullMsgCommon")),
        }
    }

    /// `requestId` handling shared by the three push actions that carry one: counts the
    /// submission and answers a repeat from the ledger.
    fn dedup(&mut self) -> Result<Option<String>, Value> {
        let Some(rid) = self
            .s("requestId")
            .filter(|r| !r.is_empty())
            .map(str::to_owned)
        else {
            return Ok(None);
        };
        self.state.note_request_id(&rid);
        match self
            .state
            .dedup
            .get(&(self.app.app_key.clone(), rid.clone()))
        {
            Some(answer) => Err(answer.clone()),
            None => Ok(Some(rid)),
        }
    }

    fn accept(
        &mut self,
        request_id: Option<String>,
        task_id: Option<String>,
        deliveries: Vec<Delivery>,
        answer: &Value,
    ) {
        if let Some(rid) = &request_id {
            self.state
                .dedup
                .insert((self.app.app_key.clone(), rid.clone()), answer.clone());
        }
        self.state.accept(AcceptedPush {
            seq: 0,
            action: self.action.to_owned(),
            app_key: self.app.app_key.clone(),
            request_id,
            task_id,
            deliveries,
            host: self.ctx.host,
            at: self.ctx.at,
        });
    }

    fn new_task(&mut self, prefix: &str, kind: TaskKind) -> String {
        let id = self.state.new_task_id(prefix);
        self.state
            .tasks
            .insert(id.clone(), Task::new(self.app, kind));
        id
    }

    /// Who a single push reaches: the client id, else every client bound to the alias.
    fn single_targets(
        &self,
        cid: Option<&str>,
        alias: Option<&str>,
    ) -> Result<Vec<(String, DeliveryStatus)>, Value> {
        let app_id = &self.app.app_id;
        let cids: Vec<String> = match (
            cid.filter(|c| !c.is_empty()),
            alias.filter(|a| !a.is_empty()),
        ) {
            (Some(cid), _) => vec![cid.to_owned()],
            (None, Some(alias)) => self
                .state
                .data
                .get(app_id)
                .and_then(|d| d.aliases.get(alias))
                .cloned()
                .unwrap_or_default(),
            (None, None) => return Err(error("missing clientId or alias")),
        };
        let targets: Vec<_> = cids
            .into_iter()
            .filter_map(|c| self.state.delivery_status(app_id, &c).map(|st| (c, st)))
            .collect();
        if targets.is_empty() {
            Err(result("TokenMD5NoUsers"))
        } else {
            Ok(targets)
        }
    }

    fn deliveries(&self, targets: &[(String, DeliveryStatus)], task_id: &str) -> Vec<Delivery> {
        targets
            .iter()
            .map(|(cid, status)| Delivery {
                app_id: self.app.app_id.clone(),
                client_id: cid.clone(),
                task_id: task_id.to_owned(),
                status: *status,
            })
            .collect()
    }

    /// The clients of the app that an app/tag push reaches.
    fn audience(
        &self,
        tag_list: &[String],
        conditions: Option<&Value>,
    ) -> Vec<(String, DeliveryStatus)> {
        let app_id = &self.app.app_id;
        let Some(data) = self.state.data.get(app_id) else {
            return Vec::new();
        };
        let mut out: Vec<_> = data
            .clients
            .iter()
            .filter(|(_, c)| matches_audience(&c.tags, tag_list, conditions))
            .filter_map(|(cid, _)| {
                self.state
                    .delivery_status(app_id, cid)
                    .map(|st| (cid.clone(), st))
            })
            .collect();
        out.sort();
        out
    }

    fn close(&mut self) -> Value {
        let token = self
            .s("authToken")
            .or_else(|| self.s("authtoken"))
            .unwrap_or("");
        self.state.tokens.remove(token);
        result("ok")
    }

    fn push_single(&mut self) -> Value {
        unwrap(self.try_push_single())
    }

    fn try_push_single(&mut self) -> Answer {
        let rid = self.dedup()?;
        self.app_id()?;
        self.require_present("clientData")?;
        let targets = self.single_targets(self.s("clientId"), self.s("alias"))?;
        let task_id = self.new_task("OSS", TaskKind::Single);
        let answer =
            json!({"result": "ok", "taskId": task_id, "status": aggregate(&targets).as_str()});
        let deliveries = self.deliveries(&targets, &task_id);
        self.accept(rid, Some(task_id), deliveries, &answer);
        Ok(answer)
    }

    fn push_batch(&mut self) -> Value {
        unwrap(self.try_push_batch())
    }

    fn try_push_batch(&mut self) -> Answer {
        let rid = self.dedup()?;
        let param = self
            .ctx
            .protobuf
            .iter()
            .find(|pb| pb.member == "singleDatas")
            .ok_or_else(|| error("missing singleDatas"))?;
        let batch = match &param.decoded {
            Ok(DecodedProtobuf::SingleBatchRequest(b)) => b,
            Ok(_) => return Err(error("singleDatas is not a SingleBatchRequest")),
            Err(e) => return Err(error(format!("singleDatas: {e}"))),
        };
        let mut info = Map::new();
        let mut deliveries = Vec::new();
        for (index, item) in batch.batch_item.iter().enumerate() {
            let answer = match (&item.seq_id, &item.data) {
                (Some(_), Some(data)) => unwrap(self.batch_item(data, &mut deliveries)),
                _ => error("batch item without seqId or data"),
            };
            let key = item
                .seq_id
                .map_or_else(|| format!("#{index}"), |s| s.to_string());
            info.insert(key, answer);
        }
        let answer = json!({"result": "ok", "info": info});
        self.accept(rid, None, deliveries, &answer);
        Ok(answer)
    }

    fn batch_item(&mut self, data: &str, deliveries: &mut Vec<Delivery>) -> Answer {
        let item: Map<String, Value> =
            serde_json::from_str(data).map_err(|e| error(format!("item data: {e}")))?;
        if s(&item, "appkey") != Some(self.app.app_key.as_str()) {
            return Err(result("appkey_error"));
        }
        match s(&item, "appId") {
            Some(id) => self.check_app_id(id)?,
            None => return Err(error("missing appId")),
        }
        if !item.contains_key("clientData") {
            return Err(error("missing clientData"));
        }
        let targets = self.single_targets(s(&item, "clientId"), s(&item, "alias"))?;
        let task_id = self.new_task("OSS", TaskKind::Single);
        deliveries.extend(self.deliveries(&targets, &task_id));
        Ok(json!({"result": "ok", "taskId": task_id, "status": aggregate(&targets).as_str()}))
    }

    fn get_content_id(&mut self) -> Value {
        unwrap(self.try_get_content_id())
    }

    fn try_get_content_id(&mut self) -> Answer {
        self.require_present("clientData")?;
        let group = self.s("taskGroupName").filter(|g| !g.trim().is_empty());
        if group.is_some_and(|g| g.len() > 40) {
            return Err(error("TaskGroupName is OverLimit 40"));
        }
        let kind = match self.p.get("contentType").and_then(Value::as_i64) {
            None | Some(1) => TaskKind::List,
            Some(2) => TaskKind::App,
            Some(other) => return Err(error(format!("unknown contentType {other}"))),
        };
        let mut task = Task::new(self.app, kind);
        task.group = group.map(str::to_owned);
        if kind == TaskKind::App {
            task.app_ids = strs(self.p, "appIdList");
            for id in &task.app_ids {
                self.check_app_id(id)?;
            }
            task.tag_list = strs(self.p, "tagList");
            task.conditions = self.p.get("conditions").filter(|c| !c.is_null()).cloned();
            task.push_time = match self.p.get("pushTime") {
                Some(Value::String(t)) if !t.is_empty() => Some(t.clone()),
                Some(Value::Number(n)) => Some(n.to_string()),
                _ => None,
            };
        }
        let id = self
            .state
            .new_task_id(if kind == TaskKind::App { "OSA" } else { "OSL" });
        self.state.tasks.insert(id.clone(), task);
        Ok(json!({"result": "ok", "contentId": id}))
    }

    fn apn_get_content_id(&mut self) -> Value {
        unwrap((|| -> Answer {
            self.app_id()?;
            self.require_present("PI")?;
            let id = self.new_task("OSL", TaskKind::Apn);
            Ok(json!({"result": "ok", "contentId": id}))
        })())
    }

    fn cancel_content_id(&mut self) -> Value {
        unwrap((|| -> Answer {
            let (id, task) = self.task("contentId")?;
            if task.cancelled {
                return Err(result("TaskIdHasBeanCanceled"));
            }
            if let Some(t) = self.state.tasks.get_mut(&id) {
                t.cancelled = true;
            }
            Ok(result("ok"))
        })())
    }

    fn stop_task(&mut self) -> Value {
        unwrap((|| -> Answer {
            let (id, _) = self.task("contentId")?;
            if let Some(t) = self.state.tasks.get_mut(&id) {
                t.stopped = true;
                t.scheduled = false;
            }
            Ok(result("ok"))
        })())
    }

    /// A content id for a list/app push: known, of the right kind, not cancelled.
    fn content(&self, kind: TaskKind) -> Result<(String, Task), Value> {
        let (id, task) = self.task("contentId")?;
        if task.cancelled {
            return Err(result("TaskIdHasBeanCanceled"));
        }
        if task.kind != kind {
            return Err(error(format!("contentId {id} is not a {kind:?} content")));
        }
        Ok((id, task.clone()))
    }

    fn push_list(&mut self) -> Value {
        unwrap(self.try_push_list())
    }

    fn try_push_list(&mut self) -> Answer {
        let (content_id, _) = self.content(TaskKind::List)?;
        self.app_id()?;
        let cids = strs(self.p, "clientIdList");
        let aliases = strs(self.p, "aliasList");
        let need_details = flag(self.p, "needDetails");
        check_list_limit(
            cids.len() + aliases.len(),
            flag(self.p, "async"),
            need_details,
        )?;
        let app_id = self.app.app_id.clone();
        let mut details = Map::new();
        let mut targets = Vec::new();
        for cid in &cids {
            match self.state.delivery_status(&app_id, cid) {
                Some(st) => {
                    details.insert(cid.clone(), st.as_str().into());
                    targets.push((cid.clone(), st));
                }
                None => {
                    details.insert(cid.clone(), "TokenMD5NoUsers".into());
                }
            }
        }
        for alias in &aliases {
            let bound = self
                .state
                .data
                .get(&app_id)
                .and_then(|d| d.aliases.get(alias))
                .cloned()
                .unwrap_or_default();
            let mut any = false;
            for cid in bound {
                if let Some(st) = self.state.delivery_status(&app_id, &cid) {
                    details.insert(cid.clone(), st.as_str().into());
                    targets.push((cid, st));
                    any = true;
                }
            }
            if !any {
                details.insert(alias.clone(), "TokenMD5NoUsers".into());
            }
        }
        if targets.is_empty() {
            return Err(result("TokenMD5NoUsers"));
        }
        let mut answer = json!({"result": "ok", "contentId": content_id});
        if need_details {
            answer["details"] = Value::Object(details);
        }
        let deliveries = self.deliveries(&targets, &content_id);
        self.accept(None, Some(content_id), deliveries, &answer);
        Ok(answer)
    }

    fn push_app(&mut self) -> Value {
        unwrap((|| -> Answer {
            let (content_id, task) = self.content(TaskKind::App)?;
            let answer = json!({"result": "ok", "contentId": content_id});
            let deliveries = if task.push_time.is_some() {
                if let Some(t) = self.state.tasks.get_mut(&content_id) {
                    t.scheduled = true;
                }
                Vec::new()
            } else {
                let targets = self.audience(&task.tag_list, task.conditions.as_ref());
                self.deliveries(&targets, &content_id)
            };
            self.accept(None, Some(content_id), deliveries, &answer);
            Ok(answer)
        })())
    }

    fn push_tag(&mut self) -> Value {
        unwrap((|| -> Answer {
            let rid = self.dedup()?;
            for id in strs(self.p, "appIdList") {
                self.check_app_id(&id)?;
            }
            self.require_present("clientData")?;
            let tag = self.required("tag")?.to_owned();
            let content_id = self.new_task("OSA", TaskKind::App);
            if let Some(t) = self.state.tasks.get_mut(&content_id) {
                t.tag_list = vec![tag.clone()];
            }
            let targets = self.audience(&[tag], None);
            let answer = json!({"result": "ok", "contentId": content_id});
            let deliveries = self.deliveries(&targets, &content_id);
            self.accept(rid, Some(content_id), deliveries, &answer);
            Ok(answer)
        })())
    }

    fn apn_single(&mut self) -> Value {
        unwrap((|| -> Answer {
            self.app_id()?;
            self.require_present("PI")?;
            let token = self.s("DT").unwrap_or("");
            if token.chars().count() != 64 {
                return Err(error("deviceToken length must be 64"));
            }
            let task_id = self.new_task("OSS", TaskKind::Apn);
            let targets = [(token.to_owned(), DeliveryStatus::Online)];
            let answer = json!({"result": "ok", "taskId": task_id, "status": "successed_online"});
            let deliveries = self.deliveries(&targets, &task_id);
            self.accept(None, Some(task_id), deliveries, &answer);
            Ok(answer)
        })())
    }

    fn apn_list(&mut self) -> Value {
        unwrap((|| -> Answer {
            let (content_id, _) = self.content(TaskKind::Apn)?;
            self.app_id()?;
            let tokens = strs(self.p, "DTL");
            if tokens.is_empty() {
                return Err(result("TargetListIsNullOrSizeIs0"));
            }
            let mut details = Map::new();
            let mut targets = Vec::new();
            for t in tokens {
                if t.chars().count() == 64 {
                    details.insert(t.clone(), DeliveryStatus::Online.as_str().into());
                    targets.push((t, DeliveryStatus::Online));
                } else {
                    details.insert(t, "TokenMD5Error".into());
                }
            }
            if targets.is_empty() {
                return Err(result("TokenMD5NoUsers"));
            }
            let mut answer = json!({"result": "ok", "contentId": content_id});
            if flag(self.p, "needDetails") {
                answer["details"] = Value::Object(details);
            }
            let deliveries = self.deliveries(&targets, &content_id);
            self.accept(None, Some(content_id), deliveries, &answer);
            Ok(answer)
        })())
    }

    fn client_status(&mut self) -> Value {
        unwrap((|| -> Answer {
            self.app_id()?;
            let cid = self.required("clientId")?;
            let app_id = &self.app.app_id;
            let online = self.state.is_online(app_id, cid);
            let client = self.state.client(app_id, cid);
            let last_login = client
                .map(|c| c.last_login_ms)
                .filter(|&ms| ms > 0)
                .unwrap_or_else(now_ms);
            Ok(json!({
                "result": if online { "Online" } else { "Offline" },
                "lastLogin": last_login,
                "isblack": client.is_some_and(|c| c.black),
            }))
        })())
    }

    fn set_tag(&mut self) -> Value {
        unwrap((|| -> Answer {
            self.app_id()?;
            let cid = self.required("clientId")?.to_owned();
            let mut tags = Vec::new();
            for t in strs(self.p, "tagList") {
                if !tags.contains(&t) {
                    tags.push(t);
                }
            }
            if tags.len() > 100 {
                return Err(error("more than 100 tags"));
            }
            let app_id = self.app.app_id.clone();
            self.state.client_mut(&app_id, &cid).tags = tags;
            Ok(result("Success"))
        })())
    }

    fn user_tags(&mut self) -> Value {
        unwrap((|| -> Answer {
            self.app_id()?;
            let cid = self.required("clientId")?;
            let tags = self
                .state
                .client(&self.app.app_id, cid)
                .map(|c| c.tags.join(" "))
                .unwrap_or_default();
            Ok(json!({"result": "ok", "tags": tags}))
        })())
    }

    fn change_tag(&mut self) -> Value {
        unwrap((|| -> Answer {
            self.app_id()?;
            let operation = self.required("operation")?.to_ascii_lowercase();
            let tag = self.required("tag")?.to_owned();
            let add = match operation.as_str() {
                "add" | "set" | "1" => true,
                "del" | "delete" | "remove" | "2" => false,
                other => return Err(error(format!("unknown operation {other}"))),
            };
            let app_id = self.app.app_id.clone();
            for cid in strs(self.p, "cids") {
                let client = self.state.client_mut(&app_id, &cid);
                if add {
                    if !client.tags.contains(&tag) {
                        client.tags.push(tag.clone());
                    }
                } else {
                    client.tags.retain(|t| *t != tag);
                }
            }
            Ok(result("ok"))
        })())
    }

    fn count_by_tags(&mut self) -> Value {
        unwrap((|| -> Answer {
            self.app_id()?;
            let tags = strs(self.p, "tagList");
            if tags.len() > 10 {
                return Err(error("tagList is over the limit 10"));
            }
            let counts: Vec<Value> = tags
                .iter()
                .map(|t| json!({"tag": t, "count": self.audience(std::slice::from_ref(t), None).len()}))
                .collect();
            let total = self.audience(&tags, None).len();
            Ok(
                json!({"result": "Success", "appId": self.app.app_id, "userCount": total, "tagCount": counts}),
            )
        })())
    }

    fn persona_tags(&mut self) -> Value {
        unwrap((|| -> Answer {
            self.app_id()?;
            Ok(json!({"result": "Success", "tags": [
                {"id": "age", "name": "年龄", "desc": "age range"},
                {"id": "gender", "name": "性别", "desc": "gender"},
            ]}))
        })())
    }

    fn query_user_count(&mut self) -> Value {
        unwrap((|| -> Answer {
            self.app_id()?;
            let n = self.audience(&[], self.p.get("conditions")).len();
            Ok(json!({"result": "ok", "userCount": n}))
        })())
    }

    fn bind(&mut self, alias: &str, cid: &str) -> Result<(), Value> {
        check_alias(alias)?;
        if cid.is_empty() {
            return Err(error("missing cid"));
        }
        let app_id = self.app.app_id.clone();
        let old = self.state.client_mut(&app_id, cid).alias.clone();
        let data = self.state.data.entry(app_id.clone()).or_default();
        let bound = data.aliases.entry(alias.to_owned()).or_default();
        if bound.iter().any(|c| c == cid) {
            return Ok(());
        }
        if bound.len() >= 10 {
            return Err(error("alias is already bound to 10 clientIds"));
        }
        bound.push(cid.to_owned());
        if let Some(old) = old.filter(|o| o != alias) {
            if let Some(list) = data.aliases.get_mut(&old) {
                list.retain(|c| c != cid);
            }
        }
        self.state.client_mut(&app_id, cid).alias = Some(alias.to_owned());
        Ok(())
    }

    fn unbind(&mut self, alias: &str, cid: &str) {
        let app_id = self.app.app_id.clone();
        let data = self.state.data.entry(app_id).or_default();
        if let Some(list) = data.aliases.get_mut(alias) {
            list.retain(|c| c != cid);
        }
        if let Some(c) = data.clients.get_mut(cid) {
            if c.alias.as_deref() == Some(alias) {
                c.alias = None;
            }
        }
    }

    fn alias_bind(&mut self) -> Value {
        unwrap((|| -> Answer {
            self.app_id()?;
            let alias = self.s("alias").unwrap_or("").to_owned();
            let cid = self.s("cid").unwrap_or("").to_owned();
            self.bind(&alias, &cid)?;
            Ok(result("ok"))
        })())
    }

    fn alias_bind_list(&mut self) -> Value {
        unwrap((|| -> Answer {
            self.app_id()?;
            let Some(Value::Array(list)) = self.p.get("aliaslist") else {
                return Err(error("missing aliaslist"));
            };
            let pairs: Vec<(String, String)> = list
                .iter()
                .map(|e| {
                    let f = |k| e.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
                    (f("alias"), f("cid"))
                })
                .collect();
            for (alias, _) in &pairs {
                check_alias(alias)?;
            }
            for (alias, cid) in pairs {
                self.bind(&alias, &cid)?;
            }
            Ok(result("ok"))
        })())
    }

    fn alias_query(&mut self) -> Value {
        unwrap((|| -> Answer {
            self.app_id()?;
            let data = self.state.data.get(&self.app.app_id);
            if let Some(alias) = self.s("alias") {
                let cids = data
                    .and_then(|d| d.aliases.get(alias))
                    .cloned()
                    .unwrap_or_default();
                return Ok(json!({"result": "ok", "cidlist": cids}));
            }
            let cid = self.required("cid")?;
            let alias = data
                .and_then(|d| d.clients.get(cid))
                .and_then(|c| c.alias.clone())
                .unwrap_or_default();
            Ok(json!({"result": "ok", "alias": alias}))
        })())
    }

    fn alias_unbind(&mut self) -> Value {
        unwrap((|| -> Answer {
            self.app_id()?;
            let alias = self.required("alias")?.to_owned();
            match self
                .s("cid")
                .filter(|c| !c.trim().is_empty())
                .map(str::to_owned)
            {
                Some(cid) => self.unbind(&alias, &cid),
                None => {
                    let all = self
                        .state
                        .data
                        .get(&self.app.app_id)
                        .and_then(|d| d.aliases.get(&alias))
                        .cloned()
                        .unwrap_or_default();
                    for cid in all {
                        self.unbind(&alias, &cid);
                    }
                }
            }
            Ok(result("ok"))
        })())
    }

    fn black_list(&mut self) -> Value {
        unwrap((|| -> Answer {
            self.app_id()?;
            let cids = strs(self.p, "cidList");
            if cids.len() > 1000 {
                return Err(error(format!(
                    "cid size:{} beyond the limit:1000",
                    cids.len()
                )));
            }
            let black = match self.p.get("optType").and_then(Value::as_i64) {
                Some(1) => true,
                Some(2) => false,
                _ => return Err(error("optType must be 1 or 2")),
            };
            let app_id = self.app.app_id.clone();
            for cid in cids {
                self.state.client_mut(&app_id, &cid).black = black;
            }
            Ok(result("ok"))
        })())
    }

    fn set_badge(&mut self) -> Value {
        unwrap((|| -> Answer {
            self.app_id()?;
            let badge = self.required("badge")?.to_owned();
            let digits = badge.strip_prefix(['+', '-']).unwrap_or(&badge);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(error(format!("bad badge {badge:?}")));
            }
            let app_id = self.app.app_id.clone();
            for cid in strs(self.p, "cid") {
                self.state.client_mut(&app_id, &cid).badge = Some(badge.clone());
            }
            let data = self.state.data.entry(app_id).or_default();
            for token in strs(self.p, "deviceToken") {
                data.device_badges.insert(token, badge.clone());
            }
            Ok(result("ok"))
        })())
    }

    fn push_result(&mut self) -> Value {
        unwrap((|| -> Answer {
            let (id, task) = self.task("taskId")?;
            Ok(task_counts(&id, task))
        })())
    }

    fn push_results(&mut self) -> Value {
        let data: Vec<Value> = strs(self.p, "taskIdList")
            .iter()
            .filter_map(|id| {
                let task = self.state.tasks.get(id)?;
                (task.app_key == self.app.app_key).then(|| task_counts(id, task))
            })
            .map(|mut v| {
                if let Some(o) = v.as_object_mut() {
                    o.remove("result");
                }
                v
            })
            .collect();
        json!({"result": "ok", "data": data})
    }

    fn group_result(&mut self) -> Value {
        unwrap((|| -> Answer {
            self.app_id()?;
            let group = self.required("groupName")?;
            let (mut total, mut online) = (0, 0);
            for t in self.state.tasks.values() {
                if t.app_key == self.app.app_key && t.group.as_deref() == Some(group) {
                    total += t.msg_total;
                    online += t.msg_online;
                }
            }
            Ok(
                json!({"result": "ok", "groupName": group, "msgTotal": total, "msgProcess": online, "clickNum": 0, "pushNum": online}),
            )
        })())
    }

    fn online_count(&self) -> usize {
        let app_id = &self.app.app_id;
        self.state.data.get(app_id).map_or(0, |d| {
            d.clients
                .iter()
                .filter(|(cid, c)| c.registered && self.state.is_online(app_id, cid))
                .count()
        })
    }

    fn online_last_24h(&mut self) -> Value {
        unwrap((|| -> Answer {
            self.app_id()?;
            let online = self.online_count();
            let hour = now_ms() / 3_600_000 * 3_600_000;
            let stats: Map<String, Value> = (0..24)
                .map(|i| ((hour - i * 3_600_000).to_string(), json!(online)))
                .collect();
            Ok(json!({"result": "ok", "appId": self.app.app_id, "onlineStatics": stats}))
        })())
    }

    fn date(&self) -> Result<String, Value> {
        let date = self.s("date").unwrap_or("");
        if date.len() == 8 && date.bytes().all(|b| b.is_ascii_digit()) {
            Ok(date.to_owned())
        } else {
            Err(error(format!("DateError|{date}")))
        }
    }

    fn app_push_data(&mut self) -> Value {
        unwrap((|| -> Answer {
            self.app_id()?;
            let date = self.date()?;
            let (mut total, mut online) = (0, 0);
            for t in self.state.tasks.values() {
                if t.app_key == self.app.app_key {
                    total += t.msg_total;
                    online += t.msg_online;
                }
            }
            Ok(json!({"result": "ok", "data": {
                "appId": self.app.app_id, "date": date, "sendCount": total,
                "sendOnlineCount": online, "receiveCount": online, "showCount": online, "clickCount": 0,
            }}))
        })())
    }

    fn app_user_data(&mut self) -> Value {
        unwrap((|| -> Answer {
            self.app_id()?;
            let date = self.date()?;
            let registered = self
                .state
                .data
                .get(&self.app.app_id)
                .map_or(0, |d| d.clients.values().filter(|c| c.registered).count());
            let online = self.online_count();
            Ok(json!({"result": "Success", "data": {
                "appId": self.app.app_id, "date": date, "newRegistCount": registered,
                "registTotalCount": registered, "activeCount": online, "onlineCount": online,
            }}))
        })())
    }

    fn schedule_task(&mut self, delete: bool) -> Value {
        unwrap((|| -> Answer {
            self.app_id()?;
            let (id, task) = self.task("taskId")?;
            if !task.scheduled {
                return Err(result("NullMsgCommon"));
            }
            if delete {
                if let Some(t) = self.state.tasks.get_mut(&id) {
                    t.scheduled = false;
                    t.cancelled = true;
                }
                return Ok(result("ok"));
            }
            Ok(json!({"result": "ok", "taskDetail": {
                "taskId": id, "appId": task.app_id, "pushTime": task.push_time, "status": "scheduled",
            }}))
        })())
    }

    fn bind_cid_pn(&mut self) -> Value {
        unwrap((|| -> Answer {
            self.app_id()?;
            let Some(Value::Object(list)) = self.p.get("cidpnlist") else {
                return Err(error("missing cidpnlist"));
            };
            let app_id = self.app.app_id.clone();
            let mut failed = Map::new();
            for (cid, pn) in list {
                match pn.as_str().filter(|pn| !pn.is_empty()) {
                    Some(pn) => self.state.client_mut(&app_id, cid).phone = Some(pn.to_owned()),
                    None => {
                        failed.insert(cid.clone(), "invalid phone number".into());
                    }
                }
            }
            Ok(json!({"result": "ok", "data": failed}))
        })())
    }

    fn unbind_cid_pn(&mut self) -> Value {
        unwrap((|| -> Answer {
            self.app_id()?;
            let app_id = self.app.app_id.clone();
            for cid in strs(self.p, "cids") {
                if let Some(c) = self
                    .state
                    .data
                    .get_mut(&app_id)
                    .and_then(|d| d.clients.get_mut(&cid))
                {
                    c.phone = None;
                }
            }
            Ok(result("ok"))
        })())
    }

    fn query_cid_pn(&mut self) -> Value {
        unwrap((|| -> Answer {
            self.app_id()?;
            let data: Map<String, Value> = strs(self.p, "cids")
                .into_iter()
                .filter_map(|cid| {
                    let pn = self.state.client(&self.app.app_id, &cid)?.phone.clone()?;
                    Some((cid, Value::String(pn)))
                })
                .collect();
            Ok(json!({"result": "ok", "data": data}))
        })())
    }

    fn stop_sms(&mut self) -> Value {
        unwrap((|| -> Answer {
            self.app_id()?;
            self.task("taskId")?;
            Ok(result("ok"))
        })())
    }
}

fn task_counts(id: &str, task: &Task) -> Value {
    json!({"result": "ok", "taskId": id, "msgTotal": task.msg_total, "msgProcess": task.msg_online,
           "clickNum": 0, "pushNum": task.msg_online})
}

fn check_list_limit(n: usize, is_async: bool, need_details: bool) -> Result<(), Value> {
    if n == 0 {
        return Err(result("TargetListIsNullOrSizeIs0"));
    }
    let limit = if is_async && !need_details {
        10_000
    } else {
        1_000
    };
    if n > limit {
        return Err(result("PushMsgToListOrAppTimesOverLimit"));
    }
    Ok(())
}

/// Alias rules (Docs): 1..=40 UTF-8 bytes of letters, digits, `_` and Chinese characters.
fn check_alias(alias: &str) -> Result<(), Value> {
    let ok = !alias.is_empty()
        && alias.len() <= 40
        && alias.chars().all(|c| {
            c.is_ascii_alphanumeric() || c == '_' || (!c.is_ascii() && c.is_alphanumeric())
        });
    if ok {
        Ok(())
    } else {
        Err(error(format!("invalid alias {alias:?}")))
    }
}

fn matches_audience(tags: &[String], tag_list: &[String], conditions: Option<&Value>) -> bool {
    if let Some(Value::Array(conds)) = conditions {
        return conds.iter().all(|c| {
            if c.get("key").and_then(Value::as_str) != Some("tag") {
                return true; // phone type, region, …: the mock knows none, so all match
            }
            let values: Vec<&str> = c
                .get("values")
                .and_then(Value::as_array)
                .map(|v| v.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            if values.is_empty() {
                return true;
            }
            let has = |v: &&str| tags.iter().any(|t| t == v);
            match c.get("optType").and_then(Value::as_i64).unwrap_or(0) {
                1 => values.iter().all(has),
                2 => !values.iter().any(has),
                _ => values.iter().any(has),
            }
        });
    }
    tag_list.is_empty() || tag_list.iter().any(|t| tags.contains(t))
}

fn aggregate(targets: &[(String, DeliveryStatus)]) -> DeliveryStatus {
    let has = |s| targets.iter().any(|(_, st)| *st == s);
    if has(DeliveryStatus::Online) {
        DeliveryStatus::Online
    } else if has(DeliveryStatus::Offline) {
        DeliveryStatus::Offline
    } else {
        DeliveryStatus::Ignored
    }
}

fn unwrap(answer: Answer) -> Value {
    answer.unwrap_or_else(|e| e)
}

fn s<'a>(p: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    p.get(key)?.as_str()
}

/// A boolean member; the Python SDK sends environment-configured flags as strings.
fn flag(p: &Map<String, Value>, key: &str) -> bool {
    match p.get(key) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(t)) => t.eq_ignore_ascii_case("true"),
        _ => false,
    }
}

/// A list-of-strings member, trimmed, blanks dropped.
fn strs(p: &Map<String, Value>, key: &str) -> Vec<String> {
    p.get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn result(code: &str) -> Value {
    json!({ "result": code })
}

fn error(message: impl Into<String>) -> Value {
    json!({"result": "Error", "error_msg": message.into()})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audience_conditions() {
        let tags = vec!["a".to_owned(), "b".to_owned()];
        let cond = |op: i64, v: &[&str]| json!([{"key": "tag", "values": v, "optType": op}]);
        assert!(matches_audience(&tags, &[], Some(&cond(0, &["a", "x"]))));
        assert!(!matches_audience(&tags, &[], Some(&cond(1, &["a", "x"]))));
        assert!(matches_audience(&tags, &[], Some(&cond(1, &["a", "b"]))));
        assert!(!matches_audience(&tags, &[], Some(&cond(2, &["a"]))));
        assert!(matches_audience(&tags, &["x".into(), "b".into()], None));
        assert!(!matches_audience(&tags, &["x".into()], None));
        assert!(matches_audience(&tags, &[], None));
    }

    #[test]
    fn alias_rules() {
        assert!(check_alias("user_1").is_ok());
        assert!(check_alias("别名").is_ok());
        assert!(check_alias("").is_err());
        assert!(check_alias("a-b").is_err());
        assert!(check_alias(&"a".repeat(41)).is_err());
    }
}
