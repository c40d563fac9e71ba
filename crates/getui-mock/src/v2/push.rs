//! M1–M12: pushes (protocol-v2 §7.1–§7.3).
//!
//! Bodies are parsed into the model types and checked with the model's validation (the
//! documented limits), then the endpoint's audience form; a push repeating a known
//! `request_id` of its app is answered like the first one and not delivered again.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use getui_model::v2::audience::{Audience, AudienceForm, CidByTag, Condition, OptType};
use getui_model::v2::push::{
    AudienceRequest, BatchPushRequest, PushRequest, LIST_PUSH_MAX_TARGETS,
};
use serde_json::{json, Map, Value};

use super::state::{V2Push, V2Task, V2TaskKind, V2TaskState};
use super::{china_date, Outcome, Refusal, Req};
use crate::state::{now_ms, Delivery, State};

/// M1 `POST /push/single/cid`.
pub(crate) fn single_cid(state: &mut State, req: &Req<'_>) -> Outcome {
    let p: PushRequest = req.body()?;
    let rid = check_push(&p, AudienceForm::SingleCid, "")?;
    let cids = match &p.audience {
        Some(Audience::Cid(list)) => list.clone(),
        _ => unreachable!("checked form"),
    };
    single(state, req, p, rid, cids)
}

/// M2 `POST /push/single/alias`: the cids bound to the alias.
pub(crate) fn single_alias(state: &mut State, req: &Req<'_>) -> Outcome {
    let p: PushRequest = req.body()?;
    let rid = check_push(&p, AudienceForm::SingleAlias, "")?;
    let cids = match &p.audience {
        Some(Audience::Alias { alias, .. }) => alias_cids(state, &req.route.app_id, &alias[0]),
        _ => unreachable!("checked form"),
    };
    single(state, req, p, rid, cids)
}

/// M11 `POST /push/single/cid_by_tag`: the cids whose tags pass their filter.
pub(crate) fn single_cid_by_tag(state: &mut State, req: &Req<'_>) -> Outcome {
    let p: PushRequest = req.body()?;
    let rid = check_push(&p, AudienceForm::CidByTag, "")?;
    let cids = match &p.audience {
        Some(Audience::CidByTag(items)) => cid_by_tag(state, &req.route.app_id, items),
        _ => unreachable!("checked form"),
    };
    if let Some(data) = repeat(state, &req.route.app_id, &rid) {
        return Ok(data);
    }
    let deliveries = resolve(state, &req.route.app_id, &cids, true)?;
    let data = accept_new(state, req, V2TaskKind::Single, p, Some(rid), deliveries);
    Ok(Some(data))
}

fn single(
    state: &mut State,
    req: &Req<'_>,
    p: PushRequest,
    rid: String,
    cids: Vec<String>,
) -> Outcome {
    if let Some(data) = repeat(state, &req.route.app_id, &rid) {
        return Ok(data);
    }
    let deliveries = resolve(state, &req.route.app_id, &cids, false)?;
    Ok(Some(accept_new(
        state,
        req,
        V2TaskKind::Single,
        p,
        Some(rid),
        deliveries,
    )))
}

/// M3 / M4 `POST /push/single/batch/cid|alias`: every item is checked and its targets
/// resolved before any is accepted; repeated items are answered from the ledger.
pub(crate) fn batch(state: &mut State, req: &Req<'_>, by_alias: bool) -> Outcome {
    let b: BatchPushRequest = req.body()?;
    b.validate()?;
    b.check_audiences(if by_alias {
        AudienceForm::SingleAlias
    } else {
        AudienceForm::SingleCid
    })?;
    let mut seen = HashSet::new();
    let mut items = Vec::with_capacity(b.msg_list.len());
    for (i, p) in b.msg_list.into_iter().enumerate() {
        let rid = required_request_id(&p, &format!("msg_list[{i}]"))?;
        if !seen.insert(rid.clone()) {
            return Err(Refusal::param("contains duplicate request_id"));
        }
        let cids = match &p.audience {
            Some(Audience::Cid(list)) => list.clone(),
            Some(Audience::Alias { alias, .. }) => alias_cids(state, &req.route.app_id, &alias[0]),
            _ => unreachable!("checked form"),
        };
        items.push((p, rid, cids));
    }
    let app_id = &req.route.app_id;
    let mut planned = Vec::with_capacity(items.len());
    for (p, rid, cids) in items {
        let known = state.v2.dedup.contains_key(&(app_id.clone(), rid.clone()));
        let deliveries = if known {
            Vec::new()
        } else {
            resolve(state, app_id, &cids, false)?
        };
        planned.push((p, rid, deliveries));
    }
    let mut answer = Map::new();
    for (p, rid, deliveries) in planned {
        let data = match repeat(state, app_id, &rid) {
            Some(data) => data,
            None => Some(accept_new(
                state,
                req,
                V2TaskKind::Single,
                p,
                Some(rid),
                deliveries,
            )),
        };
        if let Some(Value::Object(map)) = data {
            answer.extend(map);
        }
    }
    Ok((b.is_async != Some(true)).then_some(Value::Object(answer)))
}

/// M5 `POST /push/list/message`: stores the message as a list task.
pub(crate) fn list_message(state: &mut State, req: &Req<'_>) -> Outcome {
    let p: PushRequest = req.body()?;
    p.validate()?;
    p.check_audience(AudienceForm::AllOrNone)?;
    let app_id = &req.route.app_id;
    if let Some(rid) = &p.request_id {
        if let Some(data) = repeat(state, app_id, rid) {
            return Ok(data);
        }
    }
    let rid = p.request_id.clone();
    let task_id = create_task(state, req, V2TaskKind::List, Arc::new(p));
    let data = json!({"taskid": task_id});
    if let Some(rid) = rid {
        state
            .v2
            .request_ids
            .entry(rid.clone())
            .or_default()
            .accepted += 1;
        state
            .v2
            .dedup
            .insert((app_id.clone(), rid), Some(data.clone()));
    }
    Ok(Some(data))
}

/// M6 `POST /push/list/cid`.
pub(crate) fn list_cid(state: &mut State, req: &Req<'_>) -> Outcome {
    let r: AudienceRequest = req.body()?;
    r.validate()?;
    r.check_audience(AudienceForm::CidList {
        max: LIST_PUSH_MAX_TARGETS,
    })?;
    let Some(Audience::Cid(cids)) = &r.audience else {
        unreachable!("checked form")
    };
    no_duplicates(cids, "cid")?;
    let (task_id, message) = list_task(state, req, &r)?;
    let deliveries = resolve(state, &req.route.app_id, cids, false)?;
    let data = result_map(&task_id, &deliveries);
    accept(state, req, None, task_id, message, deliveries);
    Ok((r.is_async != Some(true)).then_some(data))
}

/// M7 `POST /push/list/alias`; with `need_alias_detail` (and not async) the answer is per
/// alias.
pub(crate) fn list_alias(state: &mut State, req: &Req<'_>) -> Outcome {
    let r: AudienceRequest = req.body()?;
    r.validate()?;
    r.check_audience(AudienceForm::AliasList {
        max: LIST_PUSH_MAX_TARGETS,
    })?;
    let Some(Audience::Alias { alias: aliases, .. }) = &r.audience else {
        unreachable!("checked form")
    };
    no_duplicates(aliases, "alias")?;
    let (task_id, message) = list_task(state, req, &r)?;
    let app_id = &req.route.app_id;
    let mut per_alias = Vec::new();
    let mut all = Vec::new();
    for alias in aliases {
        let cids = alias_cids(state, app_id, alias);
        let deliveries = resolve(state, app_id, &cids, true)?;
        all.extend(deliveries.iter().cloned());
        per_alias.push((alias.clone(), deliveries));
    }
    if all.is_empty() {
        return Err(Refusal::param("target user is invalid"));
    }
    let data = if r.need_alias_detail == Some(true) {
        let detail: Map<String, Value> = per_alias
            .iter()
            .map(|(alias, ds)| (alias.clone(), statuses(ds)))
            .collect();
        json!({ task_id.clone(): detail })
    } else {
        result_map(&task_id, &all)
    };
    accept(state, req, None, task_id, message, all);
    Ok((r.is_async != Some(true)).then_some(data))
}

/// M12 `POST /push/list/cid_by_tag`.
pub(crate) fn list_cid_by_tag(state: &mut State, req: &Req<'_>) -> Outcome {
    let r: AudienceRequest = req.body()?;
    r.validate()?;
    r.check_audience(AudienceForm::CidByTag)?;
    let Some(Audience::CidByTag(items)) = &r.audience else {
        unreachable!("checked form")
    };
    let (task_id, message) = list_task(state, req, &r)?;
    let cids = cid_by_tag(state, &req.route.app_id, items);
    let deliveries = resolve(state, &req.route.app_id, &cids, true)?;
    let data = result_map(&task_id, &deliveries);
    accept(state, req, None, task_id, message, deliveries);
    Ok((r.is_async != Some(true)).then_some(data))
}

/// M8 `/push/all`, M9 `/push/tag`, M10 `/push/fast_custom_tag`: `{"taskid"}`. With
/// `settings.schedule_time` (in the future, else 22002) the task is scheduled and nothing is
/// delivered.
pub(crate) fn app(state: &mut State, req: &Req<'_>) -> Outcome {
    let p: PushRequest = req.body()?;
    let form = match req.route.endpoint {
        "POST /push/all" => AudienceForm::AllOrNone,
        "POST /push/tag" => AudienceForm::Tag,
        _ => AudienceForm::FastCustomTag,
    };
    let rid = check_push(&p, form, "")?;
    let app_id = req.route.app_id.clone();
    let schedule = p.settings.as_ref().and_then(|s| s.schedule_time);
    if let Some(at) = schedule {
        if at <= now_ms() as i64 {
            return Err(Refusal::new(22002, "schedule_time is invalid"));
        }
    }
    if let Some(data) = repeat(state, &app_id, &rid) {
        return Ok(data);
    }
    let deliveries = if schedule.is_some() {
        Vec::new()
    } else {
        let cids: Vec<String> = app_clients(state, &app_id)
            .into_iter()
            .filter(|(_, tags)| match &p.audience {
                Some(Audience::Tag(conditions)) => matches(tags, conditions),
                Some(Audience::FastCustomTag(tag)) => tags.contains(tag),
                _ => true,
            })
            .map(|(cid, _)| cid)
            .collect();
        resolve(state, &app_id, &cids, true)?
    };
    let message = Arc::new(p);
    let task_id = create_task(state, req, V2TaskKind::App, Arc::clone(&message));
    if let Some(task) = state.v2.tasks.get_mut(&task_id) {
        task.schedule_time = schedule;
    }
    let data = json!({ "taskid": task_id.clone() });
    accept(state, req, Some(rid.clone()), task_id, message, deliveries);
    state.v2.dedup.insert((app_id, rid), Some(data.clone()));
    Ok(Some(data))
}

/// Validation, the endpoint's audience form and a required `request_id`.
fn check_push(p: &PushRequest, form: AudienceForm, at: &str) -> Result<String, Refusal> {
    p.validate()?;
    p.check_audience(form)?;
    required_request_id(p, at)
}

fn required_request_id(p: &PushRequest, at: &str) -> Result<String, Refusal> {
    match &p.request_id {
        Some(rid) => Ok(rid.clone()),
        None if at.is_empty() => Err(Refusal::param("request_id can not be empty")),
        None => Err(Refusal::param(format!("{at}.request_id can not be empty"))),
    }
}

fn no_duplicates(list: &[String], name: &str) -> Result<(), Refusal> {
    let mut seen = HashSet::with_capacity(list.len());
    if list.iter().all(|x| seen.insert(x)) {
        Ok(())
    } else {
        Err(Refusal::param(format!("contains duplicate {name}")))
    }
}

/// Counts a submission of `rid`; for a known one, the `data` answered the first time.
fn repeat(state: &mut State, app_id: &str, rid: &str) -> Option<Option<Value>> {
    state
        .v2
        .request_ids
        .entry(rid.to_owned())
        .or_default()
        .submitted += 1;
    let data = state
        .v2
        .dedup
        .get(&(app_id.to_owned(), rid.to_owned()))?
        .clone();
    state.v2.duplicates += 1;
    Some(data)
}

/// Where a push to each cid ends up; unknown cids refused by the policy are left out. With
/// none left: 20001 `target user is invalid`, unless `allow_none`.
fn resolve(
    state: &State,
    app_id: &str,
    cids: &[String],
    allow_none: bool,
) -> Result<Vec<Delivery>, Refusal> {
    let deliveries: Vec<Delivery> = cids
        .iter()
        .filter_map(|cid| {
            state.delivery_status(app_id, cid).map(|status| Delivery {
                app_id: app_id.to_owned(),
                client_id: cid.clone(),
                task_id: String::new(),
                status,
            })
        })
        .collect();
    if deliveries.is_empty() && !allow_none {
        return Err(Refusal::param("target user is invalid"));
    }
    Ok(deliveries)
}

/// The list task of an M6/M7/M12 request: a list message of this app, not stopped.
fn list_task(
    state: &State,
    req: &Req<'_>,
    r: &AudienceRequest,
) -> Result<(String, Arc<PushRequest>), Refusal> {
    let task_id = r.taskid.clone().unwrap_or_default();
    match state.v2.tasks.get(&task_id) {
        Some(t) if t.app_id == req.route.app_id && t.kind == V2TaskKind::List => {
            if t.state != V2TaskState::Active {
                return Err(Refusal::new(22002, "task is invalid: stopped"));
            }
            Ok((task_id, Arc::clone(&t.message)))
        }
        _ => Err(Refusal::param("taskid is invalid")),
    }
}

/// Creates a task and accepts its push; returns `{taskid: {cid: status}}`, remembered for the
/// request id.
fn accept_new(
    state: &mut State,
    req: &Req<'_>,
    kind: V2TaskKind,
    p: PushRequest,
    rid: Option<String>,
    deliveries: Vec<Delivery>,
) -> Value {
    let message = Arc::new(p);
    let task_id = create_task(state, req, kind, Arc::clone(&message));
    let data = result_map(&task_id, &deliveries);
    if let Some(rid) = &rid {
        state
            .v2
            .dedup
            .insert((req.route.app_id.clone(), rid.clone()), Some(data.clone()));
    }
    accept(state, req, rid, task_id, message, deliveries);
    data
}

fn accept(
    state: &mut State,
    req: &Req<'_>,
    request_id: Option<String>,
    task_id: String,
    message: Arc<PushRequest>,
    mut deliveries: Vec<Delivery>,
) {
    for d in &mut deliveries {
        d.task_id.clone_from(&task_id);
    }
    state.v2.accept(V2Push {
        seq: 0,
        endpoint: req.route.endpoint,
        app_id: req.route.app_id.clone(),
        request_id,
        task_id,
        message,
        deliveries,
        host: req.host,
        at: req.at,
    });
}

fn create_task(
    state: &mut State,
    req: &Req<'_>,
    kind: V2TaskKind,
    message: Arc<PushRequest>,
) -> String {
    let prefix = match kind {
        V2TaskKind::Single => "RASS",
        V2TaskKind::List => "RASL",
        V2TaskKind::App => "RASA",
    };
    let now = now_ms();
    let date = china_date(now);
    let task_id = format!(
        "{prefix}_{}{}_{}",
        &date[5..7],
        &date[8..10],
        state.new_hex(32)
    );
    state.v2.tasks.insert(
        task_id.clone(),
        V2Task {
            task_id: task_id.clone(),
            app_id: req.route.app_id.clone(),
            kind,
            endpoint: req.route.endpoint,
            group_name: message.group_name.clone(),
            message,
            schedule_time: None,
            state: V2TaskState::Active,
            created_ms: now,
            deliveries: Vec::new(),
        },
    );
    task_id
}

fn statuses(deliveries: &[Delivery]) -> Value {
    let map: BTreeMap<&str, &str> = deliveries
        .iter()
        .map(|d| (d.client_id.as_str(), d.status.as_str()))
        .collect();
    json!(map)
}

fn result_map(task_id: &str, deliveries: &[Delivery]) -> Value {
    json!({ task_id: statuses(deliveries) })
}

/// The cids bound to `alias`.
pub(crate) fn alias_cids(state: &State, app_id: &str, alias: &str) -> Vec<String> {
    state
        .data
        .get(app_id)
        .and_then(|d| d.aliases.get(alias))
        .cloned()
        .unwrap_or_default()
}

/// Every client of the app with its tags, in cid order.
pub(crate) fn app_clients(state: &State, app_id: &str) -> Vec<(String, Vec<String>)> {
    let mut all: Vec<(String, Vec<String>)> = state
        .data
        .get(app_id)
        .map(|d| {
            d.clients
                .iter()
                .map(|(cid, c)| (cid.clone(), c.tags.clone()))
                .collect()
        })
        .unwrap_or_default();
    all.sort();
    all
}

/// Whether a client with `tags` matches every condition. Only `custom_tag` conditions are
/// evaluated (the mock knows no phone types, regions or portraits: those match everyone).
pub(crate) fn matches(tags: &[String], conditions: &[Condition]) -> bool {
    conditions.iter().all(|c| {
        if c.key.as_deref() != Some("custom_tag") {
            return true;
        }
        let values = c.values.as_deref().unwrap_or_default();
        let has = |v: &String| tags.contains(v);
        match c.opt_type {
            Some(OptType::And) => values.iter().all(has),
            Some(OptType::Not) => !values.iter().any(has),
            _ => values.iter().any(has),
        }
    })
}

/// The cids of `cid_by_tag` entries whose tags pass the entry's filter (0 any, 1 all,
/// 2 none).
fn cid_by_tag(state: &State, app_id: &str, items: &[CidByTag]) -> Vec<String> {
    items
        .iter()
        .filter(|item| {
            let cid = item.cid.as_deref().unwrap_or_default();
            let own = state
                .client(app_id, cid)
                .map(|c| c.tags.clone())
                .unwrap_or_default();
            let wanted = item.tag.as_deref().unwrap_or_default();
            let has = |t: &String| own.contains(t);
            match item.op_type {
                Some(1) => wanted.iter().all(has),
                Some(2) => !wanted.iter().any(has),
                _ => wanted.iter().any(has),
            }
        })
        .filter_map(|item| item.cid.clone())
        .collect()
}
