//! Golden-vector tests of getui-protocol's management, query and authentication actions: every
//! vector whose calls are of that kind is replayed through the actions, each request compared
//! with the recorded one (semantically and as text), each recorded answer parsed and its
//! outcome compared with what the official SDK call returned.
//!
//! The vectors and the comparison come from getui-conformance ([`getui_conformance::vectors`]),
//! which is why this test lives in its crate.

mod protocol_legacy;

use getui_conformance::vectors::Vector;
use getui_model::secret::{AuthToken, MasterSecret};
use getui_model::ValidationError;
use getui_protocol::action::{
    encode, Action, AliasBinding, ApnPushToList, Badge, BindAlias, BindAliasBatch, BindCidPn,
    BlackCidList, BlackListOperation, CancelContentId, ChangeClientTag, Close, Connect,
    DelScheduleTask, EncodedRequest, GetClientIdStatus, GetLast24HoursOnlineUser,
    GetOsPushDomainUrlList, GetPersonaTags, GetPushResult, GetPushResultByGroupName,
    GetPushResultByTaskIdList, GetScheduleTask, GetUserCountByTags, GetUserTags, ListPushOptions,
    PushMessageToApp, QueryAlias, QueryAppPushData, QueryAppUserData, QueryCidPn, QueryClientId,
    RequestContext, SetBadge, SetClientTag, StopSendSms, StopTask, UnbindAlias, UnbindCidPn,
};
use getui_protocol::answer::{Answer, ApiError};
use getui_protocol::date::CalendarDate;
use protocol_legacy::{assert_request, load, load_all, response_json, results, s, steps, strings};
use serde_json::Value;

/// An action with its types erased, so that ops can be dispatched at run time.
struct Built {
    encode: Box<dyn Fn(&RequestContext<'_>) -> EncodedRequest>,
    parse: Box<dyn Fn(Answer) -> Result<(), ApiError>>,
}

fn built<A: Action + 'static>(action: A) -> Built {
    let action = std::rc::Rc::new(action);
    let a = action.clone();
    Built {
        encode: Box::new(move |ctx| {
            let req = encode(&*a, ctx);
            // The buffer is sized once: the text never outgrows the action's estimate.
            assert!(
                req.json.len() <= a.size_hint() + ctx.app_key.len() + 128,
                "{}",
                A::NAME
            );
            // Management actions are not de-duplicated: they carry no request id.
            assert!(a.request_id().is_none(), "{}", A::NAME);
            req
        }),
        parse: Box::new(|answer| A::parse(answer).map(drop)),
    }
}

enum Outcome {
    Built(Built),
    Invalid(ValidationError),
}

fn ok(b: Built) -> Option<Outcome> {
    Some(Outcome::Built(b))
}

fn validated<A: Action + 'static>(r: Result<A, ValidationError>) -> Option<Outcome> {
    Some(match r {
        Ok(a) => Outcome::Built(built(a)),
        Err(e) => Outcome::Invalid(e),
    })
}

fn today() -> CalendarDate {
    CalendarDate::new(2025, 6, 1).unwrap()
}

/// The management op `op` as an action; `None` when the op is not a management/query op.
fn build(op: &Value) -> Option<Outcome> {
    let name = op["op"].as_str()?;
    let app_id = || s(op, "appId");
    match name {
        "cancelContentId" => ok(built(CancelContentId::new(s(op, "contentId")))),
        "stop" => ok(built(StopTask::new(s(op, "contentId")))),
        "getClientIdStatus" => ok(built(GetClientIdStatus::new(app_id(), s(op, "clientId")))),
        "setClientTag" => ok(built(SetClientTag::new(
            app_id(),
            s(op, "clientId"),
            strings(op, "tags"),
        ))),
        "getUserTags" => ok(built(GetUserTags::new(app_id(), s(op, "clientId")))),
        "changeClientTag" => ok(built(ChangeClientTag::new(
            app_id(),
            s(op, "tag"),
            s(op, "operation"),
            strings(op, "cids"),
        ))),
        "getUserCountByTags" => {
            validated(GetUserCountByTags::new(app_id(), strings(op, "tagList")))
        }
        "getPersonaTags" => ok(built(GetPersonaTags::new(app_id()))),
        "bindAlias" => ok(built(BindAlias::new(
            app_id(),
            s(op, "alias"),
            s(op, "clientId"),
        ))),
        "bindAliasBatch" => ok(built(BindAliasBatch::new(
            app_id(),
            op["targetList"].as_array().unwrap().iter().map(|t| {
                AliasBinding::new(
                    t["clientId"].as_str().unwrap_or_default(),
                    t["alias"].as_str().unwrap_or_default(),
                )
            }),
        ))),
        "queryClientId" => ok(built(QueryClientId::new(app_id(), s(op, "alias")))),
        "queryAlias" => ok(built(QueryAlias::new(app_id(), s(op, "clientId")))),
        "unBindAlias" => ok(built(UnbindAlias::new(
            app_id(),
            s(op, "alias"),
            op["clientId"].as_str(),
        ))),
        "unBindAliasAll" => ok(built(UnbindAlias::all(app_id(), s(op, "alias")))),
        "blackCidList" => validated(BlackCidList::new(
            app_id(),
            strings(op, "cidList"),
            match op["optType"].as_i64().unwrap() {
                1 => BlackListOperation::Add,
                2 => BlackListOperation::Restore,
                other => BlackListOperation::Code(other),
            },
        )),
        "addCidListToBlk" => validated(BlackCidList::new(
            app_id(),
            strings(op, "cidList"),
            BlackListOperation::Add,
        )),
        "restoreCidListFromBlk" => validated(BlackCidList::new(
            app_id(),
            strings(op, "cidList"),
            BlackListOperation::Restore,
        )),
        "setBadge" | "setBadgeForCID" | "setBadgeForDeviceToken" => {
            let badge: Badge = match &op["badge"] {
                Value::String(t) => t.as_str().into(),
                Value::Number(n) => n.as_i64().unwrap().into(),
                other => panic!("badge {other}"),
            };
            let list = |k: &str| {
                if op.get(k).is_some() {
                    strings(op, k)
                } else {
                    Vec::new()
                }
            };
            ok(built(SetBadge::new(
                badge,
                s(op, "appid"),
                list("deviceTokenList"),
                list("cidList"),
            )))
        }
        "getPushResult" => ok(built(GetPushResult::new(s(op, "taskId")))),
        "getPushResultByTaskidList" => ok(built(GetPushResultByTaskIdList::new(strings(
            op,
            "taskIdList",
        )))),
        "getPushActionResultByTaskids" => ok(built(GetPushResultByTaskIdList::with_action_ids(
            strings(op, "taskIdList"),
            strings(op, "actionIdList"),
        ))),
        "getPushResultByGroupName" => ok(built(GetPushResultByGroupName::new(
            app_id(),
            s(op, "groupName"),
        ))),
        "getLast24HoursOnlineUserStatistics" => ok(built(GetLast24HoursOnlineUser::new(app_id()))),
        "queryAppPushDataByDate" => {
            validated(QueryAppPushData::new(app_id(), s(op, "date"), today()))
        }
        "queryAppUserDataByDate" => {
            validated(QueryAppUserData::new(app_id(), s(op, "date"), today()))
        }
        "getScheduleTask" => ok(built(GetScheduleTask::new(app_id(), s(op, "taskId")))),
        "delScheduleTask" => ok(built(DelScheduleTask::new(app_id(), s(op, "taskId")))),
        "bindCidPn" => ok(built(BindCidPn::new(
            app_id(),
            op["cidAndPn"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned())),
        ))),
        "unbindCidPn" => ok(built(UnbindCidPn::new(app_id(), strings(op, "cid")))),
        "queryCidPn" => ok(built(QueryCidPn::new(app_id(), strings(op, "cid")))),
        "stopSendSms" => ok(built(StopSendSms::new(app_id(), s(op, "taskId")))),
        "close" => ok(built(Close)),
        "pushMessageToAppWithContentId" => ok(built(PushMessageToApp::new(s(op, "contentId")))),
        "pushAPNMessageToList" => validated(ApnPushToList::new(
            app_id(),
            s(op, "contentId"),
            strings(op, "deviceTokenList"),
            ListPushOptions::default(),
        )),
        _ => None,
    }
}

/// Ops that must be handled by [`build`] (the management, query and auth ops of `_api.json`
/// that need no template, and the two push steps without one). `queryUserCount` is covered by the push tests (it takes the model's
/// `AppConditions`).
const MANAGEMENT_OPS: &[&str] = &[
    "cancelContentId",
    "stop",
    "getClientIdStatus",
    "setClientTag",
    "getUserTags",
    "changeClientTag",
    "getUserCountByTags",
    "getPersonaTags",
    "bindAlias",
    "bindAliasBatch",
    "queryClientId",
    "queryAlias",
    "unBindAlias",
    "unBindAliasAll",
    "blackCidList",
    "addCidListToBlk",
    "restoreCidListFromBlk",
    "setBadge",
    "setBadgeForCID",
    "setBadgeForDeviceToken",
    "getPushResult",
    "getPushResultByTaskidList",
    "getPushActionResultByTaskids",
    "getPushResultByGroupName",
    "getLast24HoursOnlineUserStatistics",
    "queryAppPushDataByDate",
    "queryAppUserDataByDate",
    "getScheduleTask",
    "delScheduleTask",
    "bindCidPn",
    "unbindCidPn",
    "queryCidPn",
    "stopSendSms",
    "close",
    "pushMessageToAppWithContentId",
    "pushAPNMessageToList",
    "connect",
    "IGeTui",
];

/// Whether the official call's recorded result means failure (`False` or an exception).
fn official_failed(result: &Value) -> bool {
    result == &Value::Bool(false) || result.get("$error").is_some()
}

fn parse_answer(json: &Value) -> Answer {
    Answer::from_members(json.as_object().expect("answer object").clone()).expect("answer")
}

const TIMESTAMP: i64 = 1_700_000_000_000;

/// Every `getOSPushDomailUrlListAction` and `connect` request of every vector, rebuilt from its
/// app key (and the sign check's master secret) and compared.
#[test]
fn setup_requests_of_every_vector() {
    let mut domain = 0;
    let mut connect = 0;
    for Vector { name, doc: vector } in load_all() {
        for (i, request) in vector["requests"].as_array().unwrap().iter().enumerate() {
            let app_key = request["body"]["appkey"].as_str().unwrap_or_default();
            let ctx = RequestContext::new(app_key);
            match request["action"].as_str() {
                Some("getOSPushDomailUrlListAction") => {
                    let req = encode(&GetOsPushDomainUrlList, &ctx);
                    assert_request(&name, i, &req.json, request);
                    let hosts = GetOsPushDomainUrlList::parse(parse_answer(
                        response_json(request).unwrap(),
                    ))
                    .unwrap();
                    assert!(!hosts.hosts.is_empty());
                    domain += 1;
                }
                Some("connect") => {
                    let secret =
                        MasterSecret::new(request["signCheck"]["masterSecret"].as_str().unwrap());
                    let req = encode(&Connect::new(TIMESTAMP, &secret), &ctx);
                    assert_eq!(req.action, "connect");
                    assert!(!req.gzip);
                    assert_request(&name, i, &req.json, request);
                    connect += 1;
                }
                _ => {}
            }
        }
    }
    assert!(domain >= 10, "{domain} domain-list requests");
    assert!(connect >= 5, "{connect} connect requests");
}

/// Replays one vector made of management/auth steps. Returns `false` when it has other steps.
fn replay(v: &Vector) -> bool {
    let (name, vector) = (v.name.as_str(), &v.doc);
    let steps = steps(vector);
    if !steps
        .iter()
        .all(|st| MANAGEMENT_OPS.contains(&st["op"].as_str().unwrap_or_default()))
    {
        return false;
    }
    let results = results(vector);
    let requests: Vec<&Value> = vector["requests"].as_array().unwrap().iter().collect();
    let mut app_key = vector["client"]["appKey"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let mut secret = MasterSecret::new(
        vector["client"]["masterSecret"]
            .as_str()
            .unwrap_or_default(),
    );
    // With a connected client the setup is not recorded: its token is the one the requests show.
    let mut token: Option<AuthToken> = if vector["client"].is_null() {
        None
    } else {
        requests
            .iter()
            .find_map(|r| r["body"]["authToken"].as_str())
            .map(AuthToken::new)
    };
    let mut next = 0usize;
    let skip_setup = |next: &mut usize| {
        while *next < requests.len() && requests[*next]["action"] == "getOSPushDomailUrlListAction"
        {
            *next += 1;
        }
    };
    for (k, step) in steps.iter().enumerate() {
        let op = step["op"].as_str().unwrap();
        let result = results[k];
        if result.get("$skipped").is_some() {
            break;
        }
        match op {
            "IGeTui" => {
                app_key = s(step, "appKey").to_owned();
                secret = MasterSecret::new(s(step, "masterSecret"));
            }
            "connect" => {
                skip_setup(&mut next);
                let request = requests[next];
                next += 1;
                let req = encode(
                    &Connect::new(TIMESTAMP, &secret),
                    &RequestContext::new(&app_key),
                );
                assert_request(name, next - 1, &req.json, request);
                match Connect::parse(parse_answer(response_json(request).unwrap())) {
                    Ok(connected) => {
                        assert!(!official_failed(result), "{name}: connect should fail");
                        if connected.auth_token.is_some() {
                            token = connected.auth_token;
                        }
                    }
                    Err(err) => {
                        assert!(official_failed(result), "{name}: connect should succeed");
                        assert!(err.is_auth_failure(), "{name}");
                    }
                }
            }
            _ => match build(step).unwrap_or_else(|| panic!("{name}: op {op} not built")) {
                Outcome::Invalid(err) => {
                    let t = v.tags();
                    assert!(
                        t.contains(&"raises") && t.contains(&"no-request"),
                        "{name}: refused a call the SDK sent: {err}"
                    );
                    assert!(official_failed(result), "{name}");
                }
                Outcome::Built(b) => {
                    skip_setup(&mut next);
                    let request = requests
                        .get(next)
                        .unwrap_or_else(|| panic!("{name}: no request recorded for {op}"));
                    next += 1;
                    let ctx = RequestContext::new(&app_key).with_auth_token(token.as_ref());
                    let req = (b.encode)(&ctx);
                    assert_eq!(Some(req.action), request["action"].as_str(), "{name}");
                    assert_eq!(
                        req.content_encoding(),
                        request["headers"]["Content-Encoding"].as_str(),
                        "{name}"
                    );
                    assert_request(name, next - 1, &req.json, request);
                    let answer = parse_answer(response_json(request).unwrap());
                    let outcome = (b.parse)(answer);
                    assert_eq!(
                        outcome.is_err(),
                        official_failed(result),
                        "{name}: our outcome {outcome:?} vs official {result}"
                    );
                }
            },
        }
    }
    skip_setup(&mut next);
    assert_eq!(next, requests.len(), "{name}: requests left over");
    true
}

#[test]
fn management_vectors() {
    let mut replayed = Vec::new();
    let all = load_all();
    for vector in &all {
        if replay(vector) {
            replayed.push(vector.name.clone());
        }
    }
    // Every management/auth op of MANAGEMENT_OPS appears in at least one replayed vector.
    for op in MANAGEMENT_OPS {
        let used = all.iter().any(|Vector { name: n, doc: v }| {
            replayed.contains(n)
                && (v["input"]["op"] == *op
                    || v["input"]["steps"]
                        .as_array()
                        .is_some_and(|st| st.iter().any(|x| x["op"] == *op)))
        });
        assert!(used, "no replayed vector uses {op}");
    }
    assert!(
        replayed.len() >= 51,
        "only {} vectors replayed: {replayed:?}",
        replayed.len()
    );
    println!("{} management/auth vectors replayed", replayed.len());
}

/// `auth.json` → `signExamples`: signs computed by the official SDK's `getSign`.
#[test]
fn sign_examples_of_the_official_sdk() {
    let auth = load("auth").doc;
    let examples = auth["signExamples"].as_array().unwrap();
    assert!(examples.len() >= 3);
    for ex in examples {
        let sign = getui_protocol::sign::connect_sign(
            ex["appkey"].as_str().unwrap(),
            ex["timeStamp"].as_i64().unwrap(),
            &MasterSecret::new(ex["masterSecret"].as_str().unwrap()),
        );
        assert_eq!(sign, ex["sign"].as_str().unwrap(), "{ex}");
    }
}
