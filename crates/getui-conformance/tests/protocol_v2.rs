//! Every request of the REST v2 golden vectors (tests/vectors-v2) that the port must send as
//! recorded (vectors tagged `sdk-bug` or `invalid-input` are skipped) is rebuilt from its
//! endpoint, path parameters and body through getui-protocol's v2 actions, and compared: method,
//! path (`%XX` case-insensitive), query, token presence, `Content-Type`, JSON body (strict
//! types, placeholders resolved by rule; a `null` body of a call without parameters matches no
//! body).
//!
//! The vectors and the comparison come from getui-conformance ([`getui_conformance::vectors`],
//! [`getui_conformance::v2::compare`]), which is why this test lives in its crate.

use std::collections::BTreeMap;

use getui_conformance::v2::compare::{resolve, same_escaped, with_tokens};
use getui_conformance::v2::replay::percent_decode;
use getui_conformance::v2::schema::Api;
use getui_conformance::vectors::{self, differences, Vector};
use getui_model::secret::{AuthToken, MasterSecret};
use getui_model::v2::audience::Condition;
use getui_model::v2::user::{AuthRequest, Badge};
use getui_model::ValidationError;
use getui_protocol::v2::action::*;
use getui_protocol::v2::request::{encode, Context, Request, JSON_CONTENT_TYPE};
use serde_json::Value;

fn load_vectors() -> Vec<Vector> {
    vectors::load_dir(&vectors::v2_dir()).expect("tests/vectors-v2")
}

/// The path parameters of `path` (after `/v2/{appId}`) for `template` (`/task/{taskid}`).
fn params(template: &str, path: &str) -> Option<Vec<String>> {
    let t: Vec<&str> = template.split('/').collect();
    let p: Vec<&str> = path.split('/').collect();
    if t.len() != p.len() {
        return None;
    }
    let mut out = Vec::new();
    for (t, p) in t.iter().zip(&p) {
        if t.starts_with('{') {
            out.push(p.to_string());
        } else if t != p {
            return None;
        }
    }
    Some(out)
}

fn list(param: &str) -> Vec<String> {
    param.split(',').map(percent_decode).collect()
}

fn enc<A: Action>(
    action: Result<A, ValidationError>,
    ctx: &Context<'_>,
) -> Result<Request, String> {
    action
        .map(|a| encode(&a, ctx))
        .map_err(|e| format!("refused: {e}"))
}

fn from<T: serde::de::DeserializeOwned>(v: &Value) -> Result<T, String> {
    serde_json::from_value(v.clone()).map_err(|e| format!("model does not read the body: {e}"))
}

fn str_list(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn build(
    endpoint: &str,
    p: &[String],
    body: &Value,
    ctx: &Context<'_>,
    vector: &Value,
    secret: Option<&str>,
) -> Result<Request, String> {
    let seg = |i: usize| percent_decode(&p[i]);
    match endpoint {
        "POST /auth" => {
            let sign = body["sign"].as_str().unwrap_or_default();
            if sign == "<sign>" {
                let appkey = body["appkey"].as_str().unwrap();
                let secret = MasterSecret::new(secret.unwrap_or_default());
                enc(Auth::signed(appkey, &secret, 1_600_000_000_000), ctx)
            } else {
                let r: AuthRequest = from(body)?;
                Ok(encode(&Auth::raw(&r), ctx))
            }
        }
        "DELETE /auth/{token}" => {
            let mut token = seg(0);
            if token.starts_with("<token#") {
                token = vector["requests"][0]["response"]["json"]["data"]["token"]
                    .as_str()
                    .unwrap()
                    .to_owned();
            }
            enc(CloseAuth::new(&AuthToken::new(token)), ctx)
        }
        "POST /push/single/cid" => enc(PushToSingleByCid::new(&from(body)?), ctx),
        "POST /push/single/alias" => enc(PushToSingleByAlias::new(&from(body)?), ctx),
        "POST /push/single/batch/cid" => enc(PushBatchByCid::new(&from(body)?), ctx),
        "POST /push/single/batch/alias" => enc(PushBatchByAlias::new(&from(body)?), ctx),
        "POST /push/list/message" => enc(CreateListMsg::new(&from(body)?), ctx),
        "POST /push/list/cid" => enc(PushListByCid::new(&from(body)?), ctx),
        "POST /push/list/alias" => enc(PushListByAlias::new(&from(body)?), ctx),
        "POST /push/all" => enc(PushAll::new(&from(body)?), ctx),
        "POST /push/tag" => enc(PushByTag::new(&from(body)?), ctx),
        "POST /push/fast_custom_tag" => enc(PushByFastCustomTag::new(&from(body)?), ctx),
        "POST /push/single/cid_by_tag" => enc(PushToSingleCidByTag::new(&from(body)?), ctx),
        "POST /push/list/cid_by_tag" => enc(PushListCidByTag::new(&from(body)?), ctx),
        "DELETE /task/{taskid}" => enc(StopPush::new(&seg(0)), ctx),
        "GET /task/schedule/{taskid}" => enc(QueryScheduleTask::new(&seg(0)), ctx),
        "DELETE /task/schedule/{taskid}" => enc(DeleteScheduleTask::new(&seg(0)), ctx),
        "GET /task/detail/{cid}/{taskid}" => enc(QueryTaskDetail::new(&seg(0), &seg(1)), ctx),
        "GET /report/push/task/{taskids}" => enc(QueryPushResultByTaskIds::new(&list(&p[0])), ctx),
        "GET /report/push/task/{taskids}/detail" => {
            enc(QueryPushTaskDetailData::new(&list(&p[0])), ctx)
        }
        "GET /report/push/task_group/{group_name}" => {
            enc(QueryPushResultByGroupName::new(&seg(0)), ctx)
        }
        "GET /report/push/date/{date}" => enc(QueryPushResultByDate::new(&seg(0)), ctx),
        "GET /report/push/count" => Ok(encode(&QueryPushCountData::new(), ctx)),
        "GET /report/user/date/{date}" => enc(QueryUserDataByDate::new(&seg(0)), ctx),
        "GET /report/online_user" => Ok(encode(&QueryOnlineUserData::new(), ctx)),
        "POST /user/alias" => enc(BindAlias::new(&from(body)?), ctx),
        "GET /user/alias/cid/{cid}" => enc(QueryAliasByCid::new(&seg(0), None), ctx),
        "GET /user/cid/alias/{alias}" => enc(QueryCidByAlias::new(&seg(0), None), ctx),
        "DELETE /user/alias" => enc(UnbindAlias::new(&from(body)?), ctx),
        "DELETE /user/alias/{alias}" => enc(UnbindAllAlias::new(&seg(0), None), ctx),
        "POST /user/custom_tag/cid/{cid}" => enc(
            SetTagForCid::new(&seg(0), &str_list(&body["custom_tag"])),
            ctx,
        ),
        "PUT /user/custom_tag/batch/{custom_tag}" => enc(
            BatchModifyTagForBatchCid::new(&seg(0), &str_list(&body["cid"])),
            ctx,
        ),
        "DELETE /user/custom_tag/batch/{custom_tag}" => {
            enc(UnbindTag::new(&seg(0), &str_list(&body["cid"])), ctx)
        }
        "GET /user/custom_tag/cid/{cid}" => enc(QueryUserTag::new(&seg(0)), ctx),
        "POST /user/black/cid/{cids}" => enc(AddBlackUser::new(&list(&p[0])), ctx),
        "DELETE /user/black/cid/{cids}" => enc(RemoveBlackUser::new(&list(&p[0])), ctx),
        "GET /user/status/{cids}" => enc(QueryUserStatus::new(&list(&p[0])), ctx),
        "GET /user/deviceStatus/{cids}" => enc(QueryDeviceStatus::new(&list(&p[0])), ctx),
        "GET /user/detail/{cids}" => enc(QueryUserDetail::new(&list(&p[0])), ctx),
        "POST /user/badge/cid/{cids}" => {
            let badge: Badge = from(&body["badge"])?;
            enc(SetBadge::new(&list(&p[0]), badge), ctx)
        }
        "POST /user/count" => {
            let tag: Vec<Condition> = from(&body["tag"])?;
            enc(QueryUserCount::new(&tag), ctx)
        }
        other => Err(format!("no action for endpoint {other}")),
    }
}

/// The token of the vector's first auth answer: `<token#1>` of the recording.
fn first_token(vector: &Value) -> Vec<String> {
    vector["requests"][0]["response"]["json"]["data"]["token"]
        .as_str()
        .map(str::to_owned)
        .into_iter()
        .collect()
}

fn compare(req: &Request, rec: &Value, vector: &Value) -> Result<(), String> {
    if req.method.as_str() != rec["method"].as_str().unwrap() {
        return Err(format!("method {} != {}", req.method, rec["method"]));
    }
    let tokens = first_token(vector);
    let mut want_path = rec["path"].as_str().unwrap().to_owned();
    if let Some(prefix) = rec["hostPrefix"].as_str() {
        want_path = want_path
            .strip_prefix(prefix)
            .unwrap_or(&want_path)
            .to_owned();
    }
    let want_path = with_tokens(&want_path, &tokens);
    if !same_escaped(req.path_only(), &want_path) {
        return Err(format!("path {} != {want_path}", req.path_only()));
    }
    if req.query() != rec["query"].as_str().unwrap_or("") {
        return Err(format!("query {} != {}", req.query(), rec["query"]));
    }
    let is_auth = rec["endpoint"] == "POST /auth";
    if is_auth != req.token.is_none() {
        return Err("token header presence".into());
    }
    let want_body = &rec["body"];
    let null_body = rec["bodyKind"] == "none" || (rec["bodyKind"] == "json" && want_body.is_null());
    match (&req.body, null_body) {
        (None, true) => {}
        (Some(_), true) => return Err("a body where none (or `null`) was sent".into()),
        (None, false) => return Err("no body".into()),
        (Some(bytes), false) => {
            let got: Value = serde_json::from_slice(bytes).unwrap();
            // Placeholders (`<sign>`, `<timestamp-ms-string>`, `<token#1>`) by rule, then the
            // strict comparison.
            let secret = rec["signCheck"]["masterSecret"].as_str();
            let want = resolve(want_body, Some(&got), &got, secret, &tokens);
            let diffs = differences("body", &want, &got);
            if !diffs.is_empty() {
                return Err(format!("{}\n  got  {got}\n  want {want}", diffs.join("\n")));
            }
            if req.content_type != Some(JSON_CONTENT_TYPE) {
                return Err("content type".into());
            }
        }
    }
    if req.body.is_none() && req.content_type.is_some() {
        return Err("content type without body".into());
    }
    Ok(())
}

#[test]
fn golden_vectors_requests() {
    let mut failures = Vec::new();
    let mut per_endpoint: BTreeMap<String, usize> = BTreeMap::new();
    let token = AuthToken::new("t");
    for Vector { name, doc: vector } in load_vectors() {
        let tags: Vec<&str> = vector["tags"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        if tags.contains(&"sdk-bug") || tags.contains(&"invalid-input") {
            continue;
        }
        for (i, rec) in vector["requests"].as_array().unwrap().iter().enumerate() {
            let Some(endpoint) = rec["endpoint"].as_str() else {
                continue;
            };
            let (_, template) = endpoint.split_once(' ').unwrap();
            let mut path = rec["path"].as_str().unwrap().to_owned();
            if let Some(p) = rec["hostPrefix"].as_str() {
                path = path.strip_prefix(p).unwrap_or(&path).to_owned();
            }
            // The app id as the client was given it (a vector may build a second client).
            let app_id = percent_decode(path.split('/').nth(2).unwrap_or_default());
            let app_id = app_id.as_str();
            let ctx = Context {
                app_id,
                token: Some(&token),
            };
            let mut prefix = String::from("/v2");
            getui_protocol::v2::path::push_segment(&mut prefix, app_id);
            let Some(rest) = path
                .get(..prefix.len())
                .filter(|head| same_escaped(head, &prefix))
                .map(|_| &path[prefix.len()..])
            else {
                failures.push(format!("{name}[{i}]: app id prefix of {path}"));
                continue;
            };
            let Some(p) = params(template, rest) else {
                failures.push(format!("{name}[{i}]: {path} does not fit {template}"));
                continue;
            };
            let result = build(
                endpoint,
                &p,
                &rec["body"],
                &ctx,
                &vector,
                rec["signCheck"]["masterSecret"].as_str(),
            )
            .and_then(|req| compare(&req, rec, &vector));
            match result {
                Ok(()) => *per_endpoint.entry(endpoint.to_owned()).or_default() += 1,
                Err(e) => failures.push(format!("{name}[{i}] {endpoint}: {e}")),
            }
        }
    }
    eprintln!("compared per endpoint: {per_endpoint:#?}");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // Every endpoint the PHP SDK calls (the vectors' `_api.json`: its 34 endpoints) is covered
    // by at least one judged vector.
    let api = Api::bundled();
    assert_eq!(api.endpoints.len(), 34, "the PHP SDK's endpoints");
    for endpoint in api.endpoints.iter().map(|e| e.name.as_str()) {
        assert!(
            per_endpoint.contains_key(endpoint),
            "no judged vector request compared for {endpoint}"
        );
    }
}

/// The `invalid-input` and `sdk-bug` vectors whose request the port must refuse: an empty or
/// missing target is never turned into "all".
#[test]
fn refused_vector_inputs() {
    let refused = [
        ("push_single_cid_cid_and_alias", 1),
        ("push_single_cid_cid_list", 1),
        ("push_single_cid_no_message", 1),
        ("push_single_cid_request_id_empty", 1),
        ("push_all_with_cid", 1),
        ("push_list_alias_and_cid", 1),
        ("push_list_cid_empty_list", 1),
        ("push_list_cid_no_taskid", 1),
        ("user_bind_alias_cid_only", 1),
        ("user_bind_alias_empty", 1),
    ];
    let token = AuthToken::new("t");
    let vectors: BTreeMap<String, Value> = load_vectors()
        .into_iter()
        .map(|v| (v.name, v.doc))
        .collect();
    for (name, index) in refused {
        let vector = &vectors[name];
        let rec = &vector["requests"][index];
        let endpoint = rec["endpoint"].as_str().unwrap();
        let ctx = Context {
            app_id: vector["client"]["appId"].as_str().unwrap(),
            token: Some(&token),
        };
        let result = build(endpoint, &[], &rec["body"], &ctx, vector, None);
        assert!(result.is_err(), "{name}: {endpoint} was not refused");
    }
}
