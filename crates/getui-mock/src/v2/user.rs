//! U1–U16: aliases, custom tags, black list, status, badges and counts (protocol-v2
//! §7.6–§7.8).
//!
//! Users are the legacy state's clients: an alias bound here is the alias the legacy
//! `alias_query` answers, and the other way round.

use getui_model::v2::audience::Condition;
use getui_model::v2::user::{AliasRequest, Badge, CidAlias};
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::push::{alias_cids, app_clients, matches};
use super::{china_datetime, Outcome, Refusal, Req};
use crate::state::State;

/// At most this many cids are bound to one alias (`一个别名最多允许绑定10个cid`).
const ALIAS_MAX_CIDS: usize = 10;
/// The most cids of one `{cids}` path or `cid` list (U7, U8, U10–U15; the larger documented
/// value).
const CID_LIST_MAX: usize = 1000;
/// The most custom tags of one cid (U6).
const TAGS_MAX: usize = 100;
/// The longest custom tag, in characters.
const TAG_MAX_CHARS: usize = 32;
/// The longest tag list of U6, all tags together, in characters.
const TAGS_TOTAL_MAX_CHARS: usize = 512;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CustomTags {
    pub(crate) custom_tag: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CidList {
    pub(crate) cid: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct BadgeBody {
    pub(crate) badge: Badge,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CountBody {
    pub(crate) tag: Vec<Condition>,
}

/// U1 `POST /user/alias`: a cid has one alias (binding a new one unbinds the old), an alias
/// at most 10 cids.
pub(crate) fn bind_alias(state: &mut State, req: &Req<'_>) -> Outcome {
    let r: AliasRequest = req.body()?;
    r.validate_for_bind()?;
    let app_id = req.route.app_id.clone();
    // check every alias's cid count before binding anything
    let mut after: std::collections::HashMap<&str, Vec<&str>> = std::collections::HashMap::new();
    let known: Vec<Vec<String>> = r
        .data_list
        .iter()
        .map(|p| alias_cids(state, &app_id, &p.alias))
        .collect();
    for (p, bound) in r.data_list.iter().zip(&known) {
        let list = after
            .entry(p.alias.as_str())
            .or_insert_with(|| bound.iter().map(String::as_str).collect());
        if !list.contains(&p.cid.as_str()) {
            list.push(&p.cid);
        }
        if list.len() > ALIAS_MAX_CIDS {
            return Err(Refusal::param(format!(
                "alias {} can be bound to at most {ALIAS_MAX_CIDS} cids",
                p.alias
            )));
        }
    }
    for CidAlias { cid, alias, .. } in &r.data_list {
        let old = state.client_mut(&app_id, cid).alias.replace(alias.clone());
        let data = state.data.entry(app_id.clone()).or_default();
        if let Some(old) = old.filter(|o| o != alias) {
            if let Some(list) = data.aliases.get_mut(&old) {
                list.retain(|c| c != cid);
            }
        }
        let list = data.aliases.entry(alias.clone()).or_default();
        if !list.contains(cid) {
            list.push(cid.clone());
        }
    }
    Ok(None)
}

fn unbind(state: &mut State, app_id: &str, alias: &str, cid: &str) {
    let data = state.data.entry(app_id.to_owned()).or_default();
    if let Some(list) = data.aliases.get_mut(alias) {
        list.retain(|c| c != cid);
        if list.is_empty() {
            data.aliases.remove(alias);
        }
    }
    if let Some(c) = data.clients.get_mut(cid) {
        if c.alias.as_deref() == Some(alias) {
            c.alias = None;
        }
    }
}

/// U2 `GET /user/alias/cid/{cid}`: `{"alias"}`, empty when none is bound.
pub(crate) fn alias_of_cid(state: &mut State, req: &Req<'_>) -> Outcome {
    let alias = state
        .client(&req.route.app_id, req.param(0))
        .and_then(|c| c.alias.clone())
        .unwrap_or_default();
    Ok(Some(json!({ "alias": alias })))
}

/// U3 `GET /user/cid/alias/{alias}`: `{"cid": [..]}`.
pub(crate) fn cids_of_alias(state: &mut State, req: &Req<'_>) -> Outcome {
    let cids = alias_cids(state, &req.route.app_id, req.param(0));
    Ok(Some(json!({ "cid": cids })))
}

/// U4 `DELETE /user/alias`: unbinds each pair that is bound.
pub(crate) fn unbind_alias(state: &mut State, req: &Req<'_>) -> Outcome {
    let r: AliasRequest = req.body()?;
    r.validate()?;
    for p in &r.data_list {
        unbind(state, &req.route.app_id, &p.alias, &p.cid);
    }
    Ok(None)
}

/// U5 `DELETE /user/alias/{alias}`: unbinds every cid of the alias.
pub(crate) fn unbind_all_alias(state: &mut State, req: &Req<'_>) -> Outcome {
    let alias = req.param(0).to_owned();
    for cid in alias_cids(state, &req.route.app_id, &alias) {
        unbind(state, &req.route.app_id, &alias, &cid);
    }
    Ok(None)
}

fn check_tag(tag: &str, field: &str) -> Result<(), Refusal> {
    if tag.is_empty() {
        return Err(Refusal::param(format!("{field} can not be empty")));
    }
    if tag.chars().count() > TAG_MAX_CHARS {
        return Err(Refusal::param(format!(
            "{field} maxlength is {TAG_MAX_CHARS}"
        )));
    }
    if tag.chars().any(char::is_whitespace) {
        return Err(Refusal::param(format!(
            "{field} is invalid: contains a space"
        )));
    }
    Ok(())
}

/// U6 `POST /user/custom_tag/cid/{cid}`: overwrites the cid's tags.
pub(crate) fn set_tags(state: &mut State, req: &Req<'_>) -> Outcome {
    let body: CustomTags = req.body()?;
    if body.custom_tag.len() > TAGS_MAX {
        return Err(Refusal::param("custom_tag size over limit"));
    }
    for tag in &body.custom_tag {
        check_tag(tag, "custom_tag")?;
    }
    if body
        .custom_tag
        .iter()
        .map(|t| t.chars().count())
        .sum::<usize>()
        > TAGS_TOTAL_MAX_CHARS
    {
        return Err(Refusal::param(format!(
            "custom_tag maxlength is {TAGS_TOTAL_MAX_CHARS} in all"
        )));
    }
    let mut tags = Vec::with_capacity(body.custom_tag.len());
    for tag in body.custom_tag {
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    state.client_mut(&req.route.app_id, req.param(0)).tags = tags;
    Ok(None)
}

/// U7 `PUT` (bind, answers `"0"` per cid) and U8 `DELETE` (unbind, answers `"true"`)
/// `/user/custom_tag/batch/{custom_tag}`.
pub(crate) fn batch_tag(state: &mut State, req: &Req<'_>, bind: bool) -> Outcome {
    let tag = req.param(0).to_owned();
    check_tag(&tag, "custom_tag")?;
    let body: CidList = req.body()?;
    if body.cid.is_empty() || body.cid.iter().any(String::is_empty) {
        return Err(Refusal::param("cid can not be empty"));
    }
    if body.cid.len() > CID_LIST_MAX {
        return Err(Refusal::param("cid size over limit"));
    }
    let mut out = Map::new();
    for cid in body.cid {
        let client = state.client_mut(&req.route.app_id, &cid);
        if bind {
            if !client.tags.contains(&tag) {
                client.tags.push(tag.clone());
            }
            out.insert(cid, json!("0"));
        } else {
            client.tags.retain(|t| *t != tag);
            out.insert(cid, json!("true"));
        }
    }
    Ok(Some(Value::Object(out)))
}

/// U9 `GET /user/custom_tag/cid/{cid}`: `{"$cid": [tags]}`.
pub(crate) fn query_tags(state: &mut State, req: &Req<'_>) -> Outcome {
    let cid = req.param(0);
    let tags = state
        .client(&req.route.app_id, cid)
        .map(|c| c.tags.clone())
        .unwrap_or_default();
    Ok(Some(json!({ cid: tags })))
}

/// U10 `POST` (add) and U11 `DELETE` (remove) `/user/black/cid/{cids}`.
pub(crate) fn black(state: &mut State, req: &Req<'_>, add: bool) -> Outcome {
    for cid in req.list_param(0, "cids", CID_LIST_MAX)? {
        state.client_mut(&req.route.app_id, &cid).black = add;
    }
    Ok(None)
}

fn online_str(state: &State, app_id: &str, cid: &str) -> &'static str {
    if state.is_online(app_id, cid) {
        "online"
    } else {
        "offline"
    }
}

/// U12 `GET /user/status/{cids}`.
pub(crate) fn status(state: &mut State, req: &Req<'_>) -> Outcome {
    let app_id = &req.route.app_id;
    let mut out = Map::new();
    for cid in req.list_param(0, "cids", CID_LIST_MAX)? {
        let last = state
            .client(app_id, &cid)
            .map_or(0, |c| c.last_login_ms)
            .to_string();
        let status = online_str(state, app_id, &cid);
        out.insert(cid, json!({"last_login_time": last, "status": status}));
    }
    Ok(Some(Value::Object(out)))
}

/// U13 `GET /user/deviceStatus/{cids}`.
pub(crate) fn device_status(state: &mut State, req: &Req<'_>) -> Outcome {
    let app_id = &req.route.app_id;
    let mut out = Map::new();
    for cid in req.list_param(0, "cids", CID_LIST_MAX)? {
        let s = online_str(state, app_id, &cid);
        out.insert(cid, json!({"cid_status": s, "device_status": s}));
    }
    Ok(Some(Value::Object(out)))
}

/// U14 `GET /user/detail/{cids}`: registered cids are valid (Android devices of the mock),
/// the others invalid.
pub(crate) fn detail(state: &mut State, req: &Req<'_>) -> Outcome {
    let app_id = &req.route.app_id;
    let mut invalid = Vec::new();
    let mut valid = Map::new();
    for cid in req.list_param(0, "cids", CID_LIST_MAX)? {
        match state.client(app_id, &cid).filter(|c| c.registered) {
            Some(c) => {
                valid.insert(
                    cid,
                    json!({
                        "client_app_id": app_id,
                        "package_name": "com.getui.mock",
                        "device_token": "",
                        "phone_type": 1,
                        "phoneModel": "getui-mock",
                        "notificationSwitch": true,
                        "createTime": china_datetime(c.last_login_ms),
                        "loginFreq": 1,
                    }),
                );
            }
            None => invalid.push(cid),
        }
    }
    Ok(Some(json!({"invalidCids": invalid, "validCids": valid})))
}

/// U15 `POST /user/badge/cid/{cids}`: `+N` adds, `-N` subtracts (not below 0), `N` sets.
pub(crate) fn badge(state: &mut State, req: &Req<'_>) -> Outcome {
    let cids = req.list_param(0, "cids", CID_LIST_MAX)?;
    let body: BadgeBody = req.body()?;
    for cid in cids {
        let slot = state
            .v2
            .badges
            .entry((req.route.app_id.clone(), cid))
            .or_insert(0);
        *slot = match body.badge {
            Badge::Add(n) => *slot + i64::from(n),
            Badge::Sub(n) => (*slot - i64::from(n)).max(0),
            Badge::Set(n) => i64::from(n),
            Badge::RawInt(n) => n,
        };
    }
    Ok(None)
}

/// U16 `POST /user/count`: the clients matching every condition (only `custom_tag` is
/// evaluated; other keys match everyone).
pub(crate) fn count(state: &mut State, req: &Req<'_>) -> Outcome {
    let body: CountBody = req.body()?;
    if body.tag.is_empty() {
        return Err(Refusal::param("tag can not be empty"));
    }
    for (i, c) in body.tag.iter().enumerate() {
        c.validate_at(&format!("tag[{i}]"))?;
    }
    let n = app_clients(state, &req.route.app_id)
        .iter()
        .filter(|(_, tags)| matches(tags, &body.tag))
        .count();
    Ok(Some(json!({ "user_count": n })))
}
