//! REST v2 sans-IO protocol: sign, path escaping, envelope parsing, call steps, request ids,
//! resend safety, typed answers.

use getui_model::secret::{AuthToken, MasterSecret};
use getui_model::v2::audience::{Audience, Condition, OptType};
use getui_model::v2::push::{
    AudienceRequest, BatchPushRequest, ClickType, Notification, PushMessage, PushRequest,
};
use getui_model::v2::report::ReportQuery;
use getui_model::v2::task::DeliveryStatus;
use getui_model::v2::user::{AuthRequest, Badge};
use getui_protocol::answer::AnswerLimits;
use getui_protocol::v2::action::*;
use getui_protocol::v2::answer::{ApiErrorKind, Code, CodeClass, Envelope, KnownCode};
use getui_protocol::v2::call::{CallState, Step};
use getui_protocol::v2::path::{push_list_segment, push_segment};
use getui_protocol::v2::request::{encode, Context};
use getui_protocol::v2::sign::auth_sign;
use serde_json::{json, Value};

fn ctx(token: &AuthToken) -> Context<'_> {
    Context {
        app_id: "APP",
        token: Some(token),
    }
}

fn env(status: u16, body: &str) -> Envelope {
    Envelope::parse(status, body.as_bytes(), &AnswerLimits::default()).unwrap()
}

fn message() -> PushMessage {
    PushMessage::notification(Notification::new("t", "b", ClickType::None))
}

#[test]
fn sign_worked_example() {
    assert_eq!(
        auth_sign(
            "OracleV2AppKey00000001",
            "1600000000000",
            &MasterSecret::new("OracleV2MasterSecret01")
        ),
        "e209da5c74d252e2c7649152688bea00eff2cbff9ca046ea99a294559dc833ff"
    );
}

#[test]
fn auth_request_shape_and_parse() {
    let token = AuthToken::new("old");
    let auth = Auth::signed(
        "OracleV2AppKey00000001",
        &MasterSecret::new("OracleV2MasterSecret01"),
        1_600_000_000_000,
    )
    .unwrap();
    let req = encode(&auth, &ctx(&token));
    assert_eq!(req.path, "/v2/APP/auth");
    assert!(req.token.is_none(), "no token header on /auth");
    assert!(auth.is_auth());
    let body: Value = serde_json::from_slice(req.body.as_ref().unwrap()).unwrap();
    assert_eq!(
        body,
        json!({"appkey": "OracleV2AppKey00000001", "timestamp": "1600000000000",
               "sign": "e209da5c74d252e2c7649152688bea00eff2cbff9ca046ea99a294559dc833ff"})
    );
    assert!(!format!("{req:?}").contains("e209da"));

    // raw: exactly as given
    let raw = Auth::raw(&AuthRequest::new("k", "1", "s"));
    let body: Value = serde_json::from_slice(&raw.body().unwrap()).unwrap();
    assert_eq!(body, json!({"appkey": "k", "timestamp": "1", "sign": "s"}));

    let ok = Auth::parse(env(
        200,
        r#"{"code":0,"msg":"success","data":{"expire_time":"4102444800000","token":"T1"}}"#,
    ))
    .unwrap();
    assert_eq!(
        (ok.token.expose(), ok.expire_time),
        ("T1", Some(4_102_444_800_000))
    );
    let num = Auth::parse(env(
        200,
        r#"{"code":"0","data":{"expire_time":5,"token":"T"}}"#,
    ))
    .unwrap();
    assert_eq!(num.expire_time, Some(5));
    let none = Auth::parse(env(200, r#"{"code":0,"data":{"token":"T"}}"#)).unwrap();
    assert_eq!(none.expire_time, None);
    let missing = Auth::parse(env(200, r#"{"code":0,"msg":"success"}"#)).unwrap_err();
    assert!(matches!(missing.kind(), ApiErrorKind::Malformed { .. }));
    assert_eq!(missing.name(), Some("auth"));
    let refused = Auth::parse(env(400, r#"{"code":20001,"msg":"sign error"}"#)).unwrap_err();
    assert_eq!(
        (refused.code(), refused.msg(), refused.status()),
        (Some(20001), Some("sign error"), 400)
    );
    assert_eq!(refused.endpoint(), Some("POST /auth"));
    // A malformed auth answer holding a token: the excerpt redacts it.
    let odd = Auth::parse(env(200, r#"{"code":0,"data":{"token":5,"x":"SECRET"}}"#)).unwrap_err();
    assert!(odd.raw_excerpt().contains("***"));
}

#[test]
fn close_auth_is_one_segment_without_body() {
    let token = AuthToken::new("own");
    let req = encode(
        &CloseAuth::new(&AuthToken::new("a/b?c")).unwrap(),
        &ctx(&token),
    );
    assert_eq!(req.path, "/v2/APP/auth/a%2Fb%3Fc");
    assert_eq!((req.body, req.content_type), (None, None));
    assert!(!format!(
        "{:?}",
        CloseAuth::new(&AuthToken::new("SECRETTOK")).unwrap()
    )
    .contains("SECRETTOK"));
    let req = encode(
        &CloseAuth::new(&AuthToken::new("SECRETTOK")).unwrap(),
        &ctx(&token),
    );
    assert!(!format!("{req:?}").contains("SECRETTOK"));
    assert!(CloseAuth::new(&AuthToken::new("")).is_err());
}

#[test]
fn path_escaping() {
    let mut p = String::new();
    push_segment(&mut p, "a/b?c d%e");
    assert_eq!(p, "/a%2Fb%3Fc%20d%25e");
    let mut p = String::new();
    push_segment(&mut p, "任务");
    assert_eq!(p, "/%E4%BB%BB%E5%8A%A1");
    let mut p = String::new();
    push_list_segment(&mut p, &["x y", "z"]);
    assert_eq!(p, "/x%20y,z");

    let token = AuthToken::new("t");
    let c = Context {
        app_id: "应用 id/1",
        token: Some(&token),
    };
    let req = encode(&StopPush::new("RASL x/?%").unwrap(), &c);
    assert_eq!(
        req.path,
        "/v2/%E5%BA%94%E7%94%A8%20id%2F1/task/RASL%20x%2F%3F%25"
    );
    let req = encode(&QueryTaskDetail::new("c/1", "t 2").unwrap(), &c);
    assert!(req.path.ends_with("/task/detail/c%2F1/t%202"));
}

#[test]
fn queries() {
    let token = AuthToken::new("t");
    let q = ReportQuery::new()
        .action_id_list(["101", "1 2"])
        .need_getui_by_brand(true);
    let req = encode(
        &QueryPushResultByTaskIds::with_query(&["a", "b"], &q).unwrap(),
        &ctx(&token),
    );
    assert_eq!(
        req.path,
        "/v2/APP/report/push/task/a,b?actionIdList=101,1%202&needGetuiByBrand=true"
    );
    assert_eq!(req.query(), "actionIdList=101,1%202&needGetuiByBrand=true");
    let q = ReportQuery::new()
        .need_getui_by_brand(false)
        .start_date("2024-01-01")
        .end_date("2024-01-31");
    let req = encode(
        &QueryPushResultByGroupName::with_query("g 1", &q).unwrap(),
        &ctx(&token),
    );
    assert_eq!(
        req.path,
        "/v2/APP/report/push/task_group/g%201?needGetuiByBrand=false&startDate=2024-01-01&endDate=2024-01-31"
    );
    // parameters an endpoint does not take, bad dates
    assert!(QueryPushResultByDate::with_query(
        "2024-01-01",
        &ReportQuery::new().start_date("2024-01-01")
    )
    .is_err());
    assert!(
        QueryPushResultByGroupName::with_query("g", &ReportQuery::new().action_id_list(["1"]))
            .is_err()
    );
    assert!(QueryPushResultByGroupName::with_query(
        "g",
        &ReportQuery::new().end_date("2024/01/31")
    )
    .is_err());
    assert!(QueryPushResultByDate::new("2020/11/30").is_err());
    assert!(QueryUserDataByDate::new("2023-02-29").is_err());
    let req = encode(
        &QueryPushResultByDate::with_query(
            "2020-11-30",
            &ReportQuery::new().need_getui_by_brand(true),
        )
        .unwrap(),
        &ctx(&token),
    );
    assert_eq!(
        req.path,
        "/v2/APP/report/push/date/2020-11-30?needGetuiByBrand=true"
    );
    // alias_type
    let req = encode(
        &QueryAliasByCid::new("c", Some("t&1")).unwrap(),
        &ctx(&token),
    );
    assert_eq!(req.path, "/v2/APP/user/alias/cid/c?alias_type=t%261");
    let req = encode(
        &QueryCidByAlias::new("a-2", Some("x")).unwrap(),
        &ctx(&token),
    );
    assert_eq!(req.path, "/v2/APP/user/cid/alias/a-2?alias_type=x");
    let req = encode(&UnbindAllAlias::new("别名", None).unwrap(), &ctx(&token));
    assert_eq!(req.path, "/v2/APP/user/alias/%E5%88%AB%E5%90%8D");
    assert!(req.body.is_none());
    assert!(QueryAliasByCid::new("c", Some("")).is_err());
}

#[test]
fn lists_are_checked() {
    assert!(QueryPushResultByTaskIds::new(&Vec::<String>::new()).is_err());
    assert!(QueryPushResultByTaskIds::new(&["a", ""]).is_err());
    assert!(QueryPushResultByTaskIds::new(&["a,b"]).is_err());
    let many: Vec<String> = (0..201).map(|i| format!("t{i}")).collect();
    assert!(QueryPushResultByTaskIds::new(&many).is_err());
    assert!(QueryPushResultByTaskIds::new(&many[..200]).is_ok());
    let cids: Vec<String> = (0..1001).map(|i| format!("c{i}")).collect();
    assert!(AddBlackUser::new(&cids).is_err());
    assert!(AddBlackUser::new(&cids[..1000]).is_ok());
    assert!(RemoveBlackUser::new(&Vec::<String>::new()).is_err());
    assert!(QueryUserStatus::new(&["a,b"]).is_err());
    assert!(SetBadge::new(&["c", ""], Badge::Set(1)).is_err());
    assert!(BatchModifyTagForBatchCid::new("t", &Vec::<String>::new()).is_err());
    assert!(BatchModifyTagForBatchCid::new("has space", &["c"]).is_err());
    assert!(UnbindTag::new("", &["c"]).is_err());
    assert!(SetTagForCid::new("c", &["x".repeat(33)]).is_err());
    assert!(QueryUserCount::new(&[]).is_err());
    assert!(StopPush::new("").is_err());
}

#[test]
fn bodies_and_no_bodies() {
    let token = AuthToken::new("t");
    let body = |r: &getui_protocol::v2::request::Request| -> Value {
        serde_json::from_slice(r.body.as_ref().unwrap()).unwrap()
    };
    let req = encode(
        &SetTagForCid::new("c", &Vec::<String>::new()).unwrap(),
        &ctx(&token),
    );
    assert_eq!(body(&req), json!({"custom_tag": []}));
    assert_eq!(req.content_type, Some("application/json;charset=UTF-8"));
    let req = encode(
        &SetBadge::new(&["a", "b"], Badge::RawInt(10)).unwrap(),
        &ctx(&token),
    );
    assert_eq!(
        (req.path.as_str(), body(&req)),
        ("/v2/APP/user/badge/cid/a,b", json!({"badge": 10}))
    );
    let req = encode(
        &QueryUserCount::new(&[Condition::new("phone_type", ["IOS"], OptType::Or)]).unwrap(),
        &ctx(&token),
    );
    assert_eq!(
        body(&req),
        json!({"tag": [{"key": "phone_type", "values": ["IOS"], "opt_type": "or"}]})
    );
    for req in [
        encode(&AddBlackUser::new(&["c"]).unwrap(), &ctx(&token)),
        encode(&RemoveBlackUser::new(&["c"]).unwrap(), &ctx(&token)),
        encode(&DeleteScheduleTask::new("t").unwrap(), &ctx(&token)),
        encode(&QueryOnlineUserData::new(), &ctx(&token)),
        encode(&QueryPushCountData::new(), &ctx(&token)),
    ] {
        assert!(req.body.is_none() && req.content_type.is_none(), "{req:?}");
        assert_eq!(req.token.as_ref().map(AuthToken::expose), Some("t"));
    }
}

#[test]
fn badge_resend_safety() {
    let add = SetBadge::new(&["c"], Badge::Add(1)).unwrap();
    let sub = SetBadge::new(&["c"], Badge::Sub(1)).unwrap();
    let set = SetBadge::new(&["c"], Badge::Set(1)).unwrap();
    let raw = SetBadge::new(&["c"], Badge::RawInt(1)).unwrap();
    assert!(!add.resend_safe() && !sub.resend_safe());
    assert!(set.resend_safe() && raw.resend_safe());
    let token = AuthToken::new("t");
    assert!(!encode(&add, &ctx(&token)).resend_safe);
}

#[test]
fn request_id_generated_once() {
    let request = PushRequest::new().cid("c1").push_message(message());
    let action = PushToSingleByCid::new(&request).unwrap();
    let id = action.request_id().unwrap().to_owned();
    assert_eq!(id.len(), 32);
    assert!(id
        .bytes()
        .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
    let token = AuthToken::new("t");
    let a = encode(&action, &ctx(&token));
    let b = encode(&action, &ctx(&AuthToken::new("new")));
    assert_eq!(a.request_id.as_deref(), Some(id.as_str()));
    assert_eq!(a.body, b.body);
    assert_eq!(a.request_id, b.request_id);
    let body: Value = serde_json::from_slice(a.body.as_ref().unwrap()).unwrap();
    assert_eq!(body["request_id"], id.as_str());
    assert!(a.resend_safe);
    // A second action gets another id; a caller's id is kept.
    let other = PushToSingleByCid::new(&request).unwrap();
    assert_ne!(other.request_id(), action.request_id());
    let given = PushToSingleByCid::new(&request.clone().request_id("given_id_123")).unwrap();
    assert_eq!(given.request_id(), Some("given_id_123"));

    // Batch: one per item without one.
    let batch = BatchPushRequest::new(vec![
        PushRequest::new().cid("c1").push_message(message()),
        PushRequest::new()
            .cid("c2")
            .push_message(message())
            .request_id("fixed_id_0001"),
        PushRequest::new().cid("c3").push_message(message()),
    ]);
    let action = PushBatchByCid::new(&batch).unwrap();
    let ids = action.request_ids();
    assert_eq!(ids.len(), 3);
    assert_eq!(ids[1], "fixed_id_0001");
    assert!(ids[0].len() == 32 && ids[2].len() == 32 && ids[0] != ids[2]);
    let body: Value = serde_json::from_slice(&action.body().unwrap()).unwrap();
    for (i, id) in ids.iter().enumerate() {
        assert_eq!(body["msg_list"][i]["request_id"], id.as_str());
    }
    assert_eq!(body.get("is_async"), None);
}

#[test]
fn audience_is_fixed_by_the_endpoint() {
    let base = PushRequest::new().push_message(message());
    // missing / empty / other form / several targets
    assert!(PushToSingleByCid::new(&base).is_err());
    assert!(PushToSingleByCid::new(&base.clone().cid("")).is_err());
    assert!(PushToSingleByCid::new(&base.clone().cid_list(Vec::<String>::new())).is_err());
    assert!(PushToSingleByCid::new(&base.clone().cid_list(["a", "b"])).is_err());
    assert!(PushToSingleByCid::new(&base.clone().alias("a")).is_err());
    assert!(PushToSingleByCid::new(&base.clone().all()).is_err());
    assert!(PushToSingleByAlias::new(&base.clone().alias("")).is_err());
    assert!(PushByTag::new(&base.clone().tag(vec![])).is_err());
    assert!(PushByFastCustomTag::new(&base.clone().fast_custom_tag("")).is_err());
    assert!(PushAll::new(&base.clone().cid("c")).is_err());
    assert!(CreateListMsg::new(&base.clone().cid("c")).is_err());
    assert!(
        PushToSingleByCid::new(&PushRequest::new().cid("c")).is_err(),
        "push_message"
    );
    // push_all and createListMsg send "all"
    for body in [
        PushAll::new(&base).unwrap().body().unwrap(),
        PushAll::new(&base.clone().all()).unwrap().body().unwrap(),
        CreateListMsg::new(&base).unwrap().body().unwrap(),
    ] {
        let body: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(body["audience"], "all");
    }
    // list pushes
    assert!(PushListByCid::new(&AudienceRequest::new(
        "t",
        Audience::cid_list(Vec::<String>::new())
    ))
    .is_err());
    assert!(PushListByCid::new(&AudienceRequest::new("t", Audience::alias_list(["a"]))).is_err());
    let cids: Vec<String> = (0..1001).map(|i| format!("c{i}")).collect();
    assert!(
        PushListByCid::new(&AudienceRequest::new("t", Audience::cid_list(cids.clone()))).is_err()
    );
    let ok = PushListByCid::new(&AudienceRequest::new(
        "t",
        Audience::cid_list(cids[..1000].to_vec()),
    ))
    .unwrap();
    assert!(!ok.resend_safe());
    assert_eq!(ok.request_id(), None);
    assert!(PushListByAlias::new(&AudienceRequest::new("t", Audience::alias_list(["a"]))).is_ok());
}

#[test]
fn envelope_parsing() {
    let limits = AnswerLimits::default();
    let e = env(200, r#"{"code":"10001","msg":"x","extra":1}"#);
    assert_eq!(e.code, Code::Known(KnownCode::TokenInvalid));
    assert!(e.code.is_token_invalid());
    let e = env(400, r#"{"code":20001,"msg":"cid is invalid","data":{}}"#);
    assert_eq!((e.status, e.code.class()), (400, CodeClass::InvalidParam));
    assert_eq!(env(200, r#"{"code":42}"#).code, Code::Other(42));

    let missing = Envelope::parse(200, br#"{"msg":"ok"}"#, &limits).unwrap_err();
    assert!(matches!(missing.kind(), ApiErrorKind::Malformed { .. }));
    let array = Envelope::parse(200, br#"[{"code":0}]"#, &limits).unwrap_err();
    assert!(matches!(array.kind(), ApiErrorKind::Malformed { .. }));
    assert_eq!(array.status(), 200);
    assert!(array.raw_excerpt().contains("code"));
    let string = Envelope::parse(200, br#""oops""#, &limits).unwrap_err();
    assert!(matches!(string.kind(), ApiErrorKind::Malformed { .. }));
    let html = Envelope::parse(500, b"<html>Internal Server Error</html>", &limits).unwrap_err();
    assert_eq!(
        (html.kind(), html.status(), html.code()),
        (&ApiErrorKind::Http, 500, None)
    );
    assert!(html.raw_excerpt().contains("Internal"));
    let empty = Envelope::parse(200, b"", &limits).unwrap_err();
    assert!(matches!(empty.kind(), ApiErrorKind::Malformed { .. }));
    // a JSON error body on a non-2xx status is an envelope
    let e = env(500, r#"{"code":30019,"msg":"busy"}"#);
    assert!(e.code.is_retryable());

    let small = AnswerLimits {
        max_bytes: 16,
        max_depth: 32,
    };
    let big = Envelope::parse(200, br#"{"code":0,"data":"0123456789"}"#, &small).unwrap_err();
    assert!(matches!(big.kind(), ApiErrorKind::Malformed { .. }));
    let shallow = AnswerLimits {
        max_bytes: 1 << 20,
        max_depth: 3,
    };
    let deep = Envelope::parse(200, br#"{"code":0,"data":{"a":{"b":{}}}}"#, &shallow).unwrap_err();
    assert!(matches!(deep.kind(), ApiErrorKind::Malformed { .. }));
    assert!(Envelope::parse(200, br#"{"code":0,"data":{"a":{}}}"#, &shallow).is_ok());
    // token redaction in raw excerpts
    let leaked = Envelope::parse(200, br#"[{"token": "SECRET"}]"#, &limits).unwrap_err();
    assert!(!leaked.raw_excerpt().contains("SECRET"));
}

#[test]
fn call_state_transitions() {
    let expired = env(401, r#"{"code":10001,"msg":"token expired"}"#);
    let expired_str = env(200, r#"{"code":"10001"}"#);
    let ok = env(200, r#"{"code":0}"#);

    let mut s = CallState::default();
    assert_eq!(s.next(false, &expired_str).unwrap(), Step::Reauthenticate);
    assert_eq!(s.next(false, &expired).unwrap(), Step::Done);
    let err = StopPush::parse(expired.clone()).unwrap_err();
    assert!(err.is_token_invalid());

    let mut s = CallState::default();
    assert_eq!(
        s.next(true, &expired).unwrap(),
        Step::Done,
        "never re-auth on /auth"
    );
    let mut s = CallState::default();
    assert_eq!(s.next(false, &ok).unwrap(), Step::Done);

    // 301 then 10001: the answer to the 301 re-send is final.
    let switch = env(
        200,
        r#"{"code":301,"msg":"domain","data":{"host_list":[{"domain_list":["https://a","https://b"],"priority_gap":30},{"domain_list":["https://a","https://c"]}],"domain_hash":"h"}}"#,
    );
    let mut s = CallState::default();
    assert_eq!(
        s.next(false, &switch).unwrap(),
        Step::SwitchHosts(vec![
            "https://a".into(),
            "https://b".into(),
            "https://c".into()
        ])
    );
    assert_eq!(s.next(false, &expired).unwrap(), Step::Done);
    // second 301: done (parse reports it)
    let mut s = CallState::default();
    s.next(false, &switch).unwrap();
    assert_eq!(s.next(false, &switch).unwrap(), Step::Done);
    assert_eq!(
        StopPush::parse(switch.clone()).unwrap_err().code(),
        Some(301)
    );
    // re-auth then 301 is still handled once
    let mut s = CallState::default();
    assert_eq!(s.next(false, &expired).unwrap(), Step::Reauthenticate);
    assert!(matches!(
        s.next(false, &switch).unwrap(),
        Step::SwitchHosts(_)
    ));

    // 301 without hosts
    for body in [
        r#"{"code":301,"msg":"域名错误"}"#,
        r#"{"code":301,"data":{"host_list":[]}}"#,
        r#"{"code":301,"data":{"host_list":[{"domain_list":[]}]}}"#,
    ] {
        let mut s = CallState::default();
        let err = s.next(false, &env(200, body)).unwrap_err();
        assert_eq!(err.kind(), &ApiErrorKind::HostSwitchWithoutHosts);
    }
}

#[test]
fn typed_answers() {
    let r = PushToSingleByCid::parse(env(
        200,
        r#"{"code":0,"msg":"","data":{"RASS_1":{"c1":"successed_offline"}}}"#,
    ))
    .unwrap();
    assert_eq!(r["RASS_1"]["c1"], DeliveryStatus::SuccessedOffline);
    assert!(PushBatchByCid::parse(env(200, r#"{"code":0,"msg":""}"#))
        .unwrap()
        .is_empty());
    assert!(PushListByCid::parse(env(200, r#"{"code":0,"data":{}}"#))
        .unwrap()
        .is_empty());
    assert_eq!(
        PushAll::parse(env(200, r#"{"code":0,"data":{"taskid":"RASA_1"}}"#))
            .unwrap()
            .taskid,
        "RASA_1"
    );
    assert!(matches!(
        PushAll::parse(env(200, r#"{"code":0}"#))
            .unwrap_err()
            .kind(),
        ApiErrorKind::Malformed { .. }
    ));
    assert!(matches!(
        PushAll::parse(env(200, r#"{"code":0,"data":{"taskid":5}}"#))
            .unwrap_err()
            .kind(),
        ApiErrorKind::Malformed { .. }
    ));
    let detail = PushListByAlias::parse(env(
        200,
        r#"{"code":0,"data":{"RASL_1":{"a1":{"c1":"successed_online"}}}}"#,
    ))
    .unwrap();
    assert!(
        matches!(detail, ListAliasResult::AliasDetail(ref m) if m["RASL_1"]["a1"]["c1"] == DeliveryStatus::SuccessedOnline)
    );
    let flat = PushListByAlias::parse(env(
        200,
        r#"{"code":0,"data":{"RASL_1":{"c1":"successed_online"}}}"#,
    ))
    .unwrap();
    assert!(matches!(flat, ListAliasResult::Cids(_)));
    let t = QueryScheduleTask::parse(env(
        200,
        r#"{"code":0,"data":{"RASA_1":{"create_time":"1","status":"success","push_time":"2"}}}"#,
    ))
    .unwrap();
    assert_eq!(t["RASA_1"].push_time, Some(2));
    let u = QueryUserCount::parse(env(200, r#"{"code":0,"data":{"user_count":7}}"#)).unwrap();
    assert_eq!(u.user_count, 7);
    let a = QueryAliasByCid::parse(env(200, r#"{"code":0,"data":{"alias":"x"}}"#)).unwrap();
    assert_eq!(a.alias, "x");
    let c = QueryCidByAlias::parse(env(200, r#"{"code":0,"data":{"cid":["c1","c2"]}}"#)).unwrap();
    assert_eq!(c.cid.len(), 2);
    let s = QueryUserStatus::parse(env(
        200,
        r#"{"code":0,"data":{"c1":{"last_login_time":"1600000000000","status":"offline"}}}"#,
    ))
    .unwrap();
    assert_eq!(s["c1"].last_login_time, Some(1_600_000_000_000));
    let o = QueryOnlineUserData::parse(env(200, r#"{"code":0,"data":{"online_statics":{"1":2}}}"#))
        .unwrap();
    assert_eq!(o.online_statics["1"], 2);
    let err = QueryUserTag::parse(env(403, r#"{"code":30001,"msg":"no permission"}"#)).unwrap_err();
    assert_eq!(
        (err.name(), err.class()),
        (Some("queryUserTag"), Some(CodeClass::Forbidden))
    );
    assert!(err.to_string().contains("30001"));
    assert!(StopPush::parse(env(200, r#"{"code":0,"msg":"","data":{}}"#)).is_ok());
}

#[test]
fn names_and_endpoints() {
    assert_eq!(PushToSingleByCid::NAME, "pushToSingleByCid");
    assert_eq!(PushToSingleByCid::ENDPOINT, "POST /push/single/cid");
    assert_eq!(StopPush::ENDPOINT, "DELETE /task/{taskid}");
    assert_eq!(BatchModifyTagForBatchCid::NAME, "batchModifyTagForBatchCid");
    assert_eq!(
        QueryPushTaskDetailData::ENDPOINT,
        "GET /report/push/task/{taskids}/detail"
    );
    assert_eq!(Method::Put.as_str(), "PUT");
}
