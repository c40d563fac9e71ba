//! T1–T4: stop a task, query and delete a scheduled task, delivery detail (protocol-v2 §7.4).

use serde_json::json;

use super::state::{V2Task, V2TaskKind, V2TaskState};
use super::{china_datetime, Outcome, Refusal, Req};
use crate::state::{now_ms, DeliveryStatus, State};

/// Less than this before its time a scheduled task can no longer be deleted (22001).
const SCHEDULE_DELETE_MARGIN_MS: i64 = 60_000;

fn task<'s>(state: &'s mut State, req: &Req<'_>, id: &str) -> Option<&'s mut V2Task> {
    state
        .v2
        .tasks
        .get_mut(id)
        .filter(|t| t.app_id == req.route.app_id)
}

/// T1 `DELETE /task/{taskid}`: list and app tasks only.
pub(crate) fn stop(state: &mut State, req: &Req<'_>) -> Outcome {
    let id = req.param(0).to_owned();
    match task(state, req, &id) {
        Some(t) if t.kind != V2TaskKind::Single => {
            if t.state == V2TaskState::Active {
                t.state = V2TaskState::Stopped;
            }
            Ok(None)
        }
        _ => Err(Refusal::param("taskid is invalid")),
    }
}

fn scheduled<'s>(state: &'s mut State, req: &Req<'_>) -> Result<(&'s mut V2Task, i64), Refusal> {
    let id = req.param(0).to_owned();
    match task(state, req, &id) {
        Some(t) => match t.schedule_time {
            Some(at) => Ok((t, at)),
            None => Err(Refusal::new(22002, "task is invalid: not a scheduled task")),
        },
        None => Err(Refusal::new(22002, "task is invalid")),
    }
}

/// T2 `GET /task/schedule/{taskid}`: both state keys, `status` and `send_result`.
pub(crate) fn query_schedule(state: &mut State, req: &Req<'_>) -> Outcome {
    let (t, at) = scheduled(state, req)?;
    let send_result = match t.state {
        V2TaskState::ScheduleDeleted => "has_delete",
        V2TaskState::Stopped => "do_not_send",
        V2TaskState::Active if at <= now_ms() as i64 => "send_success",
        V2TaskState::Active => "do_not_send",
    };
    let transmission = t
        .message
        .push_message
        .as_ref()
        .and_then(|m| m.transmission.clone())
        .unwrap_or_default();
    Ok(Some(json!({ t.task_id.clone(): {
        "create_time": t.created_ms.to_string(),
        "status": "success",
        "send_result": send_result,
        "transmission_content": transmission,
        "push_time": at.to_string(),
    }})))
}

/// T3 `DELETE /task/schedule/{taskid}`: refused (22001) less than a minute before its time.
pub(crate) fn delete_schedule(state: &mut State, req: &Req<'_>) -> Outcome {
    let (t, at) = scheduled(state, req)?;
    if t.state == V2TaskState::ScheduleDeleted {
        return Ok(None);
    }
    if at - (now_ms() as i64) < SCHEDULE_DELETE_MARGIN_MS {
        return Err(Refusal::new(22001, "schedule task already executed"));
    }
    t.state = V2TaskState::ScheduleDeleted;
    Ok(None)
}

/// T4 `GET /task/detail/{cid}/{taskid}`: the delivery path of one cid.
pub(crate) fn detail(state: &mut State, req: &Req<'_>) -> Outcome {
    let cid = req.param(0).to_owned();
    let id = req.param(1).to_owned();
    let Some(t) = task(state, req, &id) else {
        return Err(Refusal::param("taskid is invalid"));
    };
    let time = china_datetime(t.created_ms);
    let detail: Vec<_> = t
        .deliveries
        .iter()
        .filter(|d| d.client_id == cid)
        .flat_map(|d| {
            let last = match d.status {
                DeliveryStatus::Online => "sent_online",
                DeliveryStatus::Offline => "stored_offline",
                DeliveryStatus::Ignored => "ignored",
            };
            [
                json!({"time": time, "event": "received"}),
                json!({"time": time, "event": last}),
            ]
        })
        .collect();
    Ok(Some(json!({ "detail": detail })))
}
