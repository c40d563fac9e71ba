//! The mock's JSON parameter handling for every action, authenticated: a fuzz input that is a
//! JSON object gets the default app key and a valid token (and an action from the list when it
//! names none), then goes to the mock, which must answer 200 with a string `result` whatever
//! the members hold — including `clientData`, `PI` and `singleDatas` of any content. Seeds:
//! the request bodies of the golden vectors (`fuzz/seeds/mock_params`).
#![no_main]

#[path = "mock_http.rs"]
mod mock_http;

use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let mock = mock_http::mock();
    let Ok(Value::Object(mut members)) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    if !members.get("action").is_some_and(Value::is_string) {
        let pick = data
            .iter()
            .fold(0usize, |a, b| a.wrapping_mul(31) + usize::from(*b));
        members.insert(
            "action".into(),
            getui_mock::ACTIONS[pick % getui_mock::ACTIONS.len()].into(),
        );
    }
    members.insert("appkey".into(), getui_mock::DEFAULT_APP_KEY.into());
    members.insert("authToken".into(), mock.token.clone().into());
    // The `Gt-Action` header mirrors the action when it can be a header value (visible
    // ASCII); otherwise the mock learns the action from the body.
    let action = members["action"]
        .as_str()
        .filter(|a| a.bytes().all(|b| b.is_ascii_graphic()))
        .map(str::to_owned);
    let body = Value::Object(members).to_string();
    let (status, answer) = mock_http::exchange(
        mock.addr,
        "/apiex.htm",
        action.as_deref(),
        false,
        body.as_bytes(),
    );
    assert_eq!(
        status,
        200,
        "{} for {body} (action header {action:?})",
        String::from_utf8_lossy(&answer)
    );
    let answer: Value = serde_json::from_slice(&answer).expect("a JSON answer");
    assert!(answer["result"].is_string(), "{answer}");
});
