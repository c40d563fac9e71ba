//! S1–S7: statistics computed from what was pushed (protocol-v2 §7.5).

use getui_model::v2::report::check_date;
use serde_json::{json, Map, Value};

use super::state::{V2Task, V2TaskKind};
use super::{china_date, Outcome, Refusal, Req};
use crate::state::{now_ms, DeliveryStatus, State};

/// The most task ids of one S1/S3 query (`一次最多传200个`).
const REPORT_MAX_TASKS: usize = 200;

#[derive(Default)]
struct Counts {
    target: u64,
    msg: u64,
    receive: u64,
    ignored: u64,
}

impl Counts {
    fn add(&mut self, task: &V2Task) {
        for d in &task.deliveries {
            self.target += 1;
            match d.status {
                DeliveryStatus::Online => {
                    self.msg += 1;
                    self.receive += 1;
                }
                DeliveryStatus::Offline => self.msg += 1,
                DeliveryStatus::Ignored => self.ignored += 1,
            }
        }
    }

    /// `{"total": {…}, "gt": {…}}`: everything went through the Getui channel.
    fn entry(&self) -> Map<String, Value> {
        let c = json!({
            "msg_num": self.msg,
            "target_num": self.target,
            "receive_num": self.receive,
            "display_num": self.receive,
            "click_num": 0,
        });
        let mut m = Map::new();
        m.insert("total".into(), c.clone());
        m.insert("gt".into(), c);
        m
    }
}

fn app_tasks<'s>(state: &'s State, req: &Req<'_>) -> impl Iterator<Item = &'s V2Task> {
    let app_id = req.route.app_id.clone();
    state.v2.tasks.values().filter(move |t| t.app_id == app_id)
}

/// S1 `GET /report/push/task/{taskids}` (`actionIdList` gives each action 0) and S3
/// `…/detail` (plus `failed_detail`: ignored deliveries under stage `ts`). Unknown task ids
/// are left out.
pub(crate) fn tasks(state: &mut State, req: &Req<'_>, detail: bool) -> Outcome {
    let ids = req.list_param(0, "taskids", REPORT_MAX_TASKS)?;
    let actions = req.query("actionIdList");
    let mut out = Map::new();
    for id in ids {
        let Some(task) = state
            .v2
            .tasks
            .get(&id)
            .filter(|t| t.app_id == req.route.app_id)
        else {
            continue;
        };
        let mut counts = Counts::default();
        counts.add(task);
        let mut entry = counts.entry();
        if let Some(actions) = &actions {
            let map: Map<String, Value> = actions
                .split(',')
                .filter(|a| !a.is_empty())
                .map(|a| (a.to_owned(), json!(0)))
                .collect();
            entry.insert("actionCntMap".into(), Value::Object(map));
        }
        if detail {
            let ts = if counts.ignored > 0 {
                json!({"gt": {"10": {"10001": counts.ignored, "total": counts.ignored}}})
            } else {
                json!({})
            };
            entry.insert(
                "failed_detail".into(),
                json!({"ts": ts, "rs": {}, "sf": {}, "fd": {}}),
            );
        }
        out.insert(id, Value::Object(entry));
    }
    Ok(Some(Value::Object(out)))
}

/// S2 `GET /report/push/task_group/{group_name}`: every task of the group.
pub(crate) fn group(state: &mut State, req: &Req<'_>) -> Outcome {
    for key in ["startDate", "endDate"] {
        if let Some(date) = req.query(key) {
            check_date(key, &date)?;
        }
    }
    let name = req.param(0);
    let mut counts = Counts::default();
    for t in app_tasks(state, req).filter(|t| t.group_name.as_deref() == Some(name)) {
        counts.add(t);
    }
    Ok(Some(json!({ name: counts.entry() })))
}

/// A `yyyy-MM-dd` path date before today (China time), as S4 and S6 require.
fn past_date(req: &Req<'_>) -> Result<String, Refusal> {
    let date = req.param(0).to_owned();
    check_date("date", &date)?;
    if date >= china_date(now_ms()) {
        return Err(Refusal::param(
            "date is invalid: only days before today can be queried",
        ));
    }
    Ok(date)
}

/// S4 `GET /report/push/date/{date}`: the tasks created that day.
pub(crate) fn push_date(state: &mut State, req: &Req<'_>) -> Outcome {
    let date = past_date(req)?;
    let mut counts = Counts::default();
    for t in app_tasks(state, req).filter(|t| china_date(t.created_ms) == date) {
        counts.add(t);
    }
    let mut entry = counts.entry();
    if let Some(Value::Object(total)) = entry.get_mut("total") {
        total.remove("msg_num");
    }
    Ok(Some(json!({ date: entry })))
}

/// S5 `GET /report/push/count`: today's quotas (push/all + push/tag share 100, list
/// 2,000,000); vendor figures are fixed, the Xiaomi ones as strings (the service mixes both).
pub(crate) fn push_count(state: &mut State, req: &Req<'_>) -> Outcome {
    let today = china_date(now_ms());
    let (mut app, mut list) = (0u64, 0u64);
    for t in app_tasks(state, req).filter(|t| china_date(t.created_ms) == today) {
        match t.kind {
            V2TaskKind::App => app += 1,
            V2TaskKind::List => list += 1,
            V2TaskKind::Single => {}
        }
    }
    let quota = |total: u64, used: u64| {
        let remain = total.saturating_sub(used);
        json!({"total_num": total, "remain_num": remain, "limit": used >= total})
    };
    Ok(Some(json!({
        "gt": {
            "app": quota(100, app),
            "app_with_tag": quota(100, app),
            "list": quota(2_000_000, list),
        },
        "xm": {"general": {"total_num": "1000", "remain_num": "1000", "limit": false}},
        "vv": {"general": {"total_num": 5000, "remain_num": 5000, "push_num": 0, "limit": false}},
    })))
}

/// S6 `GET /report/user/date/{date}`: clients known (accumulative), active that day (last
/// login), none registered or online on a past day.
pub(crate) fn user_date(state: &mut State, req: &Req<'_>) -> Outcome {
    let date = past_date(req)?;
    let (total, active) = state
        .data
        .get(&req.route.app_id)
        .map(|d| {
            let active = d
                .clients
                .values()
                .filter(|c| china_date(c.last_login_ms) == date)
                .count();
            (d.clients.len(), active)
        })
        .unwrap_or_default();
    Ok(Some(json!({ date: {
        "accumulative_num": total,
        "register_num": 0,
        "active_num": active,
        "online_num": 0,
    }})))
}

/// S7 `GET /report/online_user`: one point per 10 minutes over the last 24 h, each the
/// number of clients online now.
pub(crate) fn online_user(state: &mut State, req: &Req<'_>) -> Outcome {
    let app_id = &req.route.app_id;
    let online = state
        .data
        .get(app_id)
        .map(|d| {
            d.clients
                .keys()
                .filter(|cid| state.is_online(app_id, cid))
                .count()
        })
        .unwrap_or_default();
    const STEP: u64 = 600_000;
    let last = now_ms() / STEP * STEP;
    let points: Map<String, Value> = (0..144u64)
        .rev()
        .map(|i| ((last - i * STEP).to_string(), json!(online)))
        .collect();
    Ok(Some(json!({ "online_statics": points })))
}
