//! A1 `POST /auth` and A2 `DELETE /auth/{token}` (protocol-v2 §3), and the token check of every
//! other call.

use getui_model::v2::user::AuthRequest;
use getui_protocol::v2::sign::auth_sign;
use serde_json::{json, Value};
use tokio::time::Instant;

use super::state::Token;
use super::{token_error, Answer, Refusal, Req};
use crate::state::{now_ms, State};

/// A1: checks appkey (an app of the path's app id), the 13-digit timestamp (within the
/// configured skew) and the sign, then issues a token.
pub(crate) fn auth(state: &mut State, req: &Req<'_>) -> Answer {
    match issue(state, req) {
        Ok(data) => {
            state.v2.auth_count += 1;
            Answer::ok(Some(data))
        }
        Err(r) => {
            state.v2.auth_refused += 1;
            Answer::refusal(r.code, &r.msg)
        }
    }
}

/// The body of A1: the Java SDK sends the timestamp as a JSON number, which the service
/// accepts (the sign covers its decimal text), so a number is read as its text.
pub(crate) fn parse_auth(body: &[u8]) -> Result<AuthRequest, Refusal> {
    let mut body: Value = super::parse_body(body)?;
    if let Some(ts) = body.get_mut("timestamp") {
        if let Some(n) = ts.as_u64() {
            *ts = Value::String(n.to_string());
        }
    }
    serde_json::from_value(body).map_err(|e| Refusal::param(format!("body is invalid: {e}")))
}

fn issue(state: &mut State, req: &Req<'_>) -> Result<Value, Refusal> {
    let body = parse_auth(req.body)?;
    let app = state
        .apps
        .get(&body.appkey)
        .filter(|a| a.app_id == req.route.app_id)
        .ok_or_else(|| Refusal::param("appkey is invalid"))?;
    let ts = &body.timestamp;
    if ts.len() != 13 || !ts.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Refusal::param("timestamp is invalid"));
    }
    if let Some(skew) = state.v2.timestamp_skew {
        let ts: u64 = ts.parse().expect("13 digits");
        if ts.abs_diff(now_ms()) > skew.as_millis() as u64 {
            return Err(Refusal::param(
                "timestamp is invalid: too far from the server time",
            ));
        }
    }
    if body.sign != auth_sign(&body.appkey, ts, &app.master_secret) {
        return Err(Refusal::param("sign is invalid"));
    }
    let app_id = app.app_id.clone();
    let token = format!("{}{}", state.new_hex(32), state.new_hex(32));
    let lifetime = state.v2.token_lifetime;
    state.v2.tokens.insert(
        token.clone(),
        Token {
            app_id,
            expires: Instant::now() + lifetime,
        },
    );
    let expire_time = now_ms() + lifetime.as_millis() as u64;
    Ok(json!({"expire_time": expire_time.to_string(), "token": token}))
}

/// A2: deletes the token of the path. Allowed with a valid `token` header or when the token
/// of the path is itself valid for the app (deleting a token proves holding it).
pub(crate) fn close(state: &mut State, req: &Req<'_>) -> Answer {
    let target = req.param(0);
    if !token_valid(state, req) && !valid(state, target, &req.route.app_id) {
        return token_error();
    }
    state.v2.tokens.remove(target);
    Answer::ok(None)
}

/// Whether the request's `token` header holds a live token of the path's app (an expired one
/// is forgotten).
pub(crate) fn token_valid(state: &mut State, req: &Req<'_>) -> bool {
    match req.token {
        Some(token) => valid(state, token, &req.route.app_id),
        None => false,
    }
}

fn valid(state: &mut State, token: &str, app_id: &str) -> bool {
    match state.v2.tokens.get(token) {
        Some(t) if t.expires <= Instant::now() => {
            state.v2.tokens.remove(token);
            false
        }
        Some(t) => t.app_id == app_id,
        None => false,
    }
}
