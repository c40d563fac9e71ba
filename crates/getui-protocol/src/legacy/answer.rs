//! Answers: parsing, result codes, classification and the error type of rejected requests.
//!
//! The server answers every action with one JSON object whose string member `result` carries
//! the business outcome (docs/protocol-legacy.md section 6). This module parses that object **as JSON
//! only** (the official Python SDK `eval`s it, see defect 1 of docs/protocol-legacy.md section 11), with a
//! size limit and a nesting depth limit checked before the parser runs, and with bounded gzip
//! decoding.
//!
//! ```
//! use getui_protocol::answer::{Answer, AnswerLimits, ResultCode};
//! let answer = Answer::parse(br#"{"result": "ok", "contentId": "OSL-1"}"#, &AnswerLimits::default())?;
//! assert_eq!(answer.code(), &ResultCode::Ok);
//! assert_eq!(answer.str_member("contentId"), Some("OSL-1"));
//! # Ok::<(), getui_protocol::answer::AnswerError>(())
//! ```

use std::fmt;

use serde_json::{Map, Value};

use crate::gzip::{self, GzipError};

/// Bounds applied to an answer before and while it is parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnswerLimits {
    /// The largest body accepted, in bytes: both the body as received and, for a gzip body, the
    /// decompressed JSON text.
    pub max_bytes: usize,
    /// The deepest nesting of arrays and objects accepted (`{}` is depth 1). Values above
    /// 128 behave like 128, the JSON parser's own recursion limit.
    pub max_depth: usize,
}

impl AnswerLimits {
    /// 8 MiB and depth 32: far above any documented answer (a list push with details for
    /// 10 000 targets is under 1 MiB; the deepest documented answer has depth 3).
    pub const DEFAULT: Self = Self {
        max_bytes: 8 << 20,
        max_depth: 32,
    };
}

impl Default for AnswerLimits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Why an answer body could not be turned into an [`Answer`].
///
/// None of the variants carries the body: it may hold tokens.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AnswerError {
    /// The body (or its decompressed form) is larger than [`AnswerLimits::max_bytes`].
    #[error("answer larger than the limit of {limit} bytes")]
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// Arrays and objects are nested deeper than [`AnswerLimits::max_depth`].
    #[error("answer nested deeper than the limit of {limit}")]
    TooDeep {
        /// The depth limit.
        limit: usize,
    },
    /// The body looked like gzip (or was declared so) but could not be decompressed.
    #[error("answer: {0}")]
    Gzip(#[source] GzipError),
    /// The body is not JSON (for instance an HTML error page or a Python literal).
    #[error("answer is not JSON: {0}")]
    Json(#[source] serde_json::Error),
    /// The body is JSON but not an object.
    #[error("answer is not a JSON object")]
    NotAnObject,
    /// The object has no `result` member.
    #[error("answer has no `result` member")]
    MissingResult,
    /// The `result` member is not a string.
    #[error("answer's `result` member is not a string")]
    ResultNotString,
}

macro_rules! result_codes {
    ($($(#[$doc:meta])* $variant:ident = $text:literal,)*) => {
        /// The `result` member of an answer: every value documented in docs/protocol-legacy.md section 6,
        /// the observed `Success`, `Online` and `Offline`, and [`ResultCode::Other`] for
        /// anything else (kept verbatim).
        ///
        /// ```
        /// use getui_protocol::answer::ResultCode;
        /// assert_eq!(ResultCode::from("sign_error"), ResultCode::SignError);
        /// assert_eq!(ResultCode::from("NoValidPush"), ResultCode::Other("NoValidPush".into()));
        /// assert_eq!(ResultCode::TaskIdHasBeanCanceled.as_str(), "TaskIdHasBeanCanceled");
        /// assert!(ResultCode::SuccessedOffline.is_success());
        /// ```
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ResultCode {
            $($(#[$doc])* $variant,)*
            /// Any value not listed above, verbatim.
            Other(String),
        }

        impl ResultCode {
            /// The text of the code as the server sends it.
            pub fn as_str(&self) -> &str {
                match self {
                    $(ResultCode::$variant => $text,)*
                    ResultCode::Other(text) => text,
                }
            }
        }

        impl From<&str> for ResultCode {
            fn from(text: &str) -> Self {
                match text {
                    $($text => ResultCode::$variant,)*
                    other => ResultCode::Other(other.to_owned()),
                }
            }
        }
    };
}

result_codes! {
    /// `ok`: the request was accepted.
    Ok = "ok",
    /// `success`: `connect` succeeded.
    Success = "success",
    /// `Success` (observed): some queries answer with a capital S.
    SuccessCapitalized = "Success",
    /// `successed_online`: the target was online and got the message.
    SuccessedOnline = "successed_online",
    /// `successed_offline`: the target was offline; the message is stored for it.
    SuccessedOffline = "successed_offline",
    /// `successed_ignore`: inactive or invalid user; the message was discarded (not an error,
    /// but nothing was delivered).
    SuccessedIgnore = "successed_ignore",
    /// `Online` (observed, `getClientIdStatusAction`).
    Online = "Online",
    /// `Offline` (observed, `getClientIdStatusAction`).
    Offline = "Offline",
    /// `Error`: request information filled in wrongly.
    Error = "Error",
    /// `action_error`: unknown `action`.
    ActionError = "action_error",
    /// `appkey_error`: wrong appkey.
    AppkeyError = "appkey_error",
    /// `domain_error`: wrong domain; the answer carries the hosts to use in `osList`.
    DomainError = "domain_error",
    /// `sign_error`: the auth token is missing or expired: connect again and re-send once.
    SignError = "sign_error",
    /// `AppidNoMatchAppKey`: the appId does not belong to the authenticated appkey.
    AppidNoMatchAppKey = "AppidNoMatchAppKey",
    /// `PushMsgToListOrAppTimesOverLimit`: list/app push count over the maximum.
    PushMsgToListOrAppTimesOverLimit = "PushMsgToListOrAppTimesOverLimit",
    /// `PushTotalNumOverLimit`: total number of pushed messages over the maximum.
    PushTotalNumOverLimit = "PushTotalNumOverLimit",
    /// `AppIdNoUsers`: the appId has no users.
    AppIdNoUsers = "AppIdNoUsers",
    /// `SendError`: message sending error.
    SendError = "SendError",
    /// `SynSendError`: packet sending error.
    SynSendError = "SynSendError",
    /// `flow_exceeded`: API push traffic limit exceeded.
    FlowExceeded = "flow_exceeded",
    /// `TargetListIsNullOrSizeIs0`: the target list is empty.
    TargetListIsNullOrSizeIs0 = "TargetListIsNullOrSizeIs0",
    /// `TokenMD5NoUsers`: no valid clientId in the target list.
    TokenMd5NoUsers = "TokenMD5NoUsers",
    /// `NullMsgCommon`: no task for this contentId.
    NullMsgCommon = "NullMsgCommon",
    /// `TaskIdHasBeanCanceled` (sic): the task was already cancelled.
    TaskIdHasBeanCanceled = "TaskIdHasBeanCanceled",
    /// `AppidError`: the clientId's bound appId differs from the pushed appId.
    AppidError = "AppidError",
    /// `TokenMD5Error`: malformed clientId.
    TokenMd5Error = "TokenMD5Error",
    /// `AppidNoAppSecret`: no app secret found for the appId.
    AppidNoAppSecret = "AppidNoAppSecret",
    /// `OtherError`: unknown error.
    OtherError = "OtherError",
}

impl ResultCode {
    /// Whether the code reports success: `ok`, `success`, `Success`, `successed_*`, `Online`,
    /// `Offline` (the recommended mapping of docs/protocol-legacy.md section 6). Actions may be stricter
    /// (`connect` wants `success`, `stopTaskAction` wants `ok`).
    pub fn is_success(&self) -> bool {
        matches!(
            self,
            ResultCode::Ok
                | ResultCode::Success
                | ResultCode::SuccessCapitalized
                | ResultCode::SuccessedOnline
                | ResultCode::SuccessedOffline
                | ResultCode::SuccessedIgnore
                | ResultCode::Online
                | ResultCode::Offline
        )
    }
}

impl fmt::Display for ResultCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Member names whose values are credentials: never shown by `Debug`.
const SECRET_MEMBERS: [&str; 2] = ["authtoken", "authToken"];

/// One parsed answer: the whole JSON object and its `result` code.
///
/// The members are a `serde_json::Map`, so their order is serde_json's: the order received
/// when serde_json's `preserve_order` feature is on in the build, sorted by name otherwise
/// (this crate does not turn the feature on; nothing here depends on the order).
///
/// Numbers are parsed by serde_json: integers exactly; a fraction or exponent is correctly
/// rounded when it has at most 15 significant digits and a small exponent, and otherwise may
/// be off by one unit in the last place unless serde_json's `float_roundtrip` feature is on in
/// the build. The Getui answers carry integers and strings, so this crate does not force it.
///
/// `Debug` prints the members with `authtoken`/`authToken` values replaced by `***`.
#[derive(Clone, PartialEq)]
pub struct Answer {
    code: ResultCode,
    members: Map<String, Value>,
}

impl Answer {
    /// Parses a JSON answer body (not compressed).
    ///
    /// Checks, in order: size, nesting depth, JSON syntax, object, `result` string.
    ///
    /// ```
    /// use getui_protocol::answer::{Answer, AnswerError, AnswerLimits};
    /// let limits = AnswerLimits::default();
    /// assert!(matches!(Answer::parse(b"<html>oops</html>", &limits), Err(AnswerError::Json(_))));
    /// assert!(matches!(Answer::parse(b"{'result': 'ok'}", &limits), Err(AnswerError::Json(_))));
    /// assert!(matches!(Answer::parse(b"{}", &limits), Err(AnswerError::MissingResult)));
    /// ```
    pub fn parse(bytes: &[u8], limits: &AnswerLimits) -> Result<Self, AnswerError> {
        if bytes.len() > limits.max_bytes {
            return Err(AnswerError::TooLarge {
                limit: limits.max_bytes,
            });
        }
        check_depth(bytes, limits.max_depth)?;
        let value: Value = serde_json::from_slice(bytes).map_err(AnswerError::Json)?;
        match value {
            Value::Object(members) => Self::from_members(members),
            _ => Err(AnswerError::NotAnObject),
        }
    }

    /// Parses an HTTP answer body, decompressing it first when `content_encoding` is `gzip`
    /// (case-insensitive) or the body starts with the gzip magic `1f 8b` (the recommendation of
    /// docs/protocol-legacy.md section 2.3). The decompressed text is capped at
    /// [`AnswerLimits::max_bytes`].
    ///
    /// ```
    /// use getui_protocol::{answer::{Answer, AnswerLimits}, gzip};
    /// let body = gzip::compress(br#"{"result": "ok"}"#);
    /// let answer = Answer::parse_http_body(&body, None, &AnswerLimits::default())?;
    /// assert!(answer.code().is_success());
    /// # Ok::<(), getui_protocol::answer::AnswerError>(())
    /// ```
    pub fn parse_http_body(
        body: &[u8],
        content_encoding: Option<&str>,
        limits: &AnswerLimits,
    ) -> Result<Self, AnswerError> {
        let declared = content_encoding.is_some_and(|e| e.trim().eq_ignore_ascii_case("gzip"));
        if declared || gzip::is_gzip(body) {
            if body.len() > limits.max_bytes {
                return Err(AnswerError::TooLarge {
                    limit: limits.max_bytes,
                });
            }
            let text = gzip::decompress(body, limits.max_bytes).map_err(|e| match e {
                GzipError::TooLarge { limit } => AnswerError::TooLarge { limit },
                other => AnswerError::Gzip(other),
            })?;
            Self::parse(&text, limits)
        } else {
            Self::parse(body, limits)
        }
    }

    /// Builds an answer from an already parsed JSON object (a mock server, a test).
    pub fn from_members(members: Map<String, Value>) -> Result<Self, AnswerError> {
        let code = match members.get("result") {
            None => return Err(AnswerError::MissingResult),
            Some(Value::String(text)) => ResultCode::from(text.as_str()),
            Some(_) => return Err(AnswerError::ResultNotString),
        };
        Ok(Self { code, members })
    }

    /// The `result` code.
    pub fn code(&self) -> &ResultCode {
        &self.code
    }

    /// The whole object, `result` included (in `serde_json::Map` order, see [`Answer`]).
    pub fn members(&self) -> &Map<String, Value> {
        &self.members
    }

    /// The whole object, by value.
    pub fn into_members(self) -> Map<String, Value> {
        self.members
    }

    /// A member's value.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.members.get(name)
    }

    /// A member's value when it is a string.
    pub fn str_member(&self, name: &str) -> Option<&str> {
        self.members.get(name).and_then(Value::as_str)
    }

    /// A member's value when it is an integer (or a string of digits, as some servers send
    /// counters).
    pub fn i64_member(&self, name: &str) -> Option<i64> {
        self.members.get(name).and_then(value_as_i64)
    }

    /// The answer as JSON text (Python `json.dumps` form; members in `serde_json::Map` order,
    /// see [`Answer`]).
    pub fn to_json_text(&self) -> String {
        let mut out = Vec::with_capacity(64);
        getui_model::json_text::write_value(&mut out, &Value::Object(self.members.clone()));
        String::from_utf8(out).expect("the JSON writer writes ASCII")
    }

    /// `result` is `sign_error`: the token is missing or expired; connect and re-send once.
    pub fn is_sign_error(&self) -> bool {
        self.code == ResultCode::SignError
    }

    /// For a `domain_error` answer, the host URLs of its `osList` (strings only, in order;
    /// empty when the member is missing or holds none). `None` for any other result.
    ///
    /// ```
    /// use getui_protocol::answer::{Answer, AnswerLimits};
    /// let a = Answer::parse(br#"{"result": "domain_error", "osList": ["http://h/apiex.htm"]}"#,
    ///                       &AnswerLimits::default())?;
    /// assert_eq!(a.domain_error_hosts(), Some(vec!["http://h/apiex.htm"]));
    /// # Ok::<(), getui_protocol::answer::AnswerError>(())
    /// ```
    pub fn domain_error_hosts(&self) -> Option<Vec<&str>> {
        (self.code == ResultCode::DomainError).then(|| self.os_list())
    }

    /// The strings of the `osList` member (empty when absent).
    pub(crate) fn os_list(&self) -> Vec<&str> {
        match self.members.get("osList") {
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        }
    }

    /// Removes a member and returns it (used to move the auth token out of a `connect`
    /// answer so that the kept answer holds no credential).
    pub(crate) fn take_member(&mut self, name: &str) -> Option<Value> {
        // `Map::remove` would move the last member into the gap under serde_json's
        // `preserve_order`, and `shift_remove` exists only with that feature: `retain` keeps
        // the order of the rest either way.
        let value = self.members.get_mut(name).map(Value::take)?;
        self.members.retain(|key, _| key != name);
        Some(value)
    }
}

impl fmt::Debug for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Redacted<'a>(&'a Map<String, Value>);
        impl fmt::Debug for Redacted<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let mut map = f.debug_map();
                for (key, value) in self.0 {
                    if SECRET_MEMBERS.contains(&key.as_str()) {
                        map.entry(key, &format_args!("***"));
                    } else {
                        map.entry(key, value);
                    }
                }
                map.finish()
            }
        }
        f.debug_struct("Answer")
            .field("code", &self.code)
            .field("members", &Redacted(&self.members))
            .finish()
    }
}

/// An integer from a JSON number without fraction, or from a string of decimal digits.
pub(crate) fn value_as_i64(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Rejects input whose arrays/objects nest deeper than `limit`, without parsing it.
fn check_depth(bytes: &[u8], limit: usize) -> Result<(), AnswerError> {
    if too_deep(bytes, limit) {
        Err(AnswerError::TooDeep { limit })
    } else {
        Ok(())
    }
}

/// Whether arrays/objects nest deeper than `limit`, without parsing (strings skipped): the
/// depth check of every answer, legacy and REST v2.
pub(crate) fn too_deep(bytes: &[u8], limit: usize) -> bool {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for &b in bytes {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > limit {
                    return true;
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

/// What went wrong with an answer the server gave to an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ApiErrorKind {
    /// The `result` code is not a success for this action.
    Rejected,
    /// `connect` did not answer `success`: the app key or master secret is wrong.
    AuthFailed,
    /// The result is a success but a member the action needs is missing or has the wrong type.
    Malformed {
        /// The member (official spelling).
        member: &'static str,
    },
}

/// The server rejected an action, or answered it without what the action needs.
///
/// Keeps the action name, the result code and the whole answer (credentials redacted from
/// `Debug`). Classification helpers tell the caller what to do: [`is_sign_error`] → connect
/// and re-send once; [`domain_error_hosts`] → switch hosts and re-send once;
/// [`is_auth_failure`] → the credentials are wrong.
///
/// [`is_sign_error`]: ApiError::is_sign_error
/// [`domain_error_hosts`]: ApiError::domain_error_hosts
/// [`is_auth_failure`]: ApiError::is_auth_failure
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ApiError {
    action: &'static str,
    kind: ApiErrorKind,
    answer: Box<Answer>,
}

impl ApiError {
    /// A new error for `action` about `answer`.
    #[must_use]
    pub fn new(action: &'static str, kind: ApiErrorKind, answer: Answer) -> Self {
        Self {
            action,
            kind,
            answer: Box::new(answer),
        }
    }

    /// The `action` the answer belongs to.
    pub fn action(&self) -> &'static str {
        self.action
    }

    /// What went wrong.
    pub fn kind(&self) -> ApiErrorKind {
        self.kind
    }

    /// The answer's `result` code.
    pub fn code(&self) -> &ResultCode {
        self.answer.code()
    }

    /// The whole answer.
    pub fn answer(&self) -> &Answer {
        &self.answer
    }

    /// The whole answer, by value.
    pub fn into_answer(self) -> Answer {
        *self.answer
    }

    /// `sign_error`: connect again and re-send the same request once.
    pub fn is_sign_error(&self) -> bool {
        self.answer.is_sign_error()
    }

    /// `domain_error`: the hosts of `osList` to switch to (possibly empty). `None` otherwise.
    pub fn domain_error_hosts(&self) -> Option<Vec<&str>> {
        self.answer.domain_error_hosts()
    }

    /// `connect` failed: the app key or the master secret is wrong.
    pub fn is_auth_failure(&self) -> bool {
        self.kind == ApiErrorKind::AuthFailed
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (action, code) = (self.action, self.answer.code());
        match self.kind {
            ApiErrorKind::Rejected => write!(f, "`{action}` answered `{code}`"),
            ApiErrorKind::AuthFailed => write!(
                f,
                "`{action}` answered `{code}`: appKey or masterSecret is auth failed"
            ),
            ApiErrorKind::Malformed { member } => {
                write!(
                    f,
                    "`{action}` answered `{code}` without a usable `{member}`"
                )
            }
        }
    }
}

impl std::error::Error for ApiError {}

/// How a push was delivered to one target: the `status` of a single push, the per-client
/// values of list push `details`, the items of a batch.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DeliveryStatus {
    /// `successed_online`: delivered to the online target.
    Online,
    /// `successed_offline`: stored for the offline target.
    Offline,
    /// `successed_ignore`: inactive or invalid target; discarded.
    Ignored,
    /// Any other value, verbatim.
    Other(String),
}

impl DeliveryStatus {
    /// The status text as the server sends it.
    pub fn as_str(&self) -> &str {
        match self {
            DeliveryStatus::Online => "successed_online",
            DeliveryStatus::Offline => "successed_offline",
            DeliveryStatus::Ignored => "successed_ignore",
            DeliveryStatus::Other(text) => text,
        }
    }
}

impl From<&str> for DeliveryStatus {
    fn from(text: &str) -> Self {
        match text {
            "successed_online" => DeliveryStatus::Online,
            "successed_offline" => DeliveryStatus::Offline,
            "successed_ignore" => DeliveryStatus::Ignored,
            other => DeliveryStatus::Other(other.to_owned()),
        }
    }
}

impl fmt::Display for DeliveryStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Answer helpers shared by the actions' `parse` functions.
pub(crate) mod check {
    use super::{Answer, ApiError, ApiErrorKind, ResultCode};

    /// The answer when its code is a success ([`ResultCode::is_success`]).
    pub(crate) fn success(action: &'static str, answer: Answer) -> Result<Answer, ApiError> {
        if answer.code().is_success() {
            Ok(answer)
        } else {
            Err(ApiError::new(action, ApiErrorKind::Rejected, answer))
        }
    }

    /// The answer when its code is exactly `ok`.
    pub(crate) fn ok(action: &'static str, answer: Answer) -> Result<Answer, ApiError> {
        if *answer.code() == ResultCode::Ok {
            Ok(answer)
        } else {
            Err(ApiError::new(action, ApiErrorKind::Rejected, answer))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Answer, AnswerError> {
        Answer::parse(text.as_bytes(), &AnswerLimits::default())
    }

    #[test]
    fn every_named_code_round_trips() {
        let names = [
            "ok",
            "success",
            "Success",
            "successed_online",
            "successed_offline",
            "successed_ignore",
            "Online",
            "Offline",
            "Error",
            "action_error",
            "appkey_error",
            "domain_error",
            "sign_error",
            "AppidNoMatchAppKey",
            "PushMsgToListOrAppTimesOverLimit",
            "PushTotalNumOverLimit",
            "AppIdNoUsers",
            "SendError",
            "SynSendError",
            "flow_exceeded",
            "TargetListIsNullOrSizeIs0",
            "TokenMD5NoUsers",
            "NullMsgCommon",
            "TaskIdHasBeanCanceled",
            "AppidError",
            "TokenMD5Error",
            "AppidNoAppSecret",
            "OtherError",
        ];
        for name in names {
            let code = ResultCode::from(name);
            assert!(!matches!(code, ResultCode::Other(_)), "{name}");
            assert_eq!(code.as_str(), name);
        }
        assert_eq!(ResultCode::from("OK"), ResultCode::Other("OK".into()));
        assert_eq!(ResultCode::from("").as_str(), "");
    }

    #[test]
    fn success_classification() {
        for ok in [
            "ok",
            "success",
            "Success",
            "successed_online",
            "Online",
            "Offline",
        ] {
            assert!(ResultCode::from(ok).is_success(), "{ok}");
        }
        for bad in [
            "sign_error",
            "domain_error",
            "Error",
            "fail",
            "OK",
            "NoValidPush",
        ] {
            assert!(!ResultCode::from(bad).is_success(), "{bad}");
        }
    }

    #[test]
    fn malformed_bodies_are_typed_errors() {
        assert!(matches!(
            parse("<html>oops</html>"),
            Err(AnswerError::Json(_))
        ));
        assert!(matches!(parse(""), Err(AnswerError::Json(_))));
        assert!(matches!(
            parse("{\"result\": \"ok\""),
            Err(AnswerError::Json(_))
        ));
        assert!(matches!(parse("[1, 2]"), Err(AnswerError::NotAnObject)));
        assert!(matches!(parse("\"ok\""), Err(AnswerError::NotAnObject)));
        assert!(matches!(
            parse("{\"x\": 1}"),
            Err(AnswerError::MissingResult)
        ));
        assert!(matches!(
            parse("{\"result\": 1}"),
            Err(AnswerError::ResultNotString)
        ));
        assert!(matches!(
            parse("{\"result\": null}"),
            Err(AnswerError::ResultNotString)
        ));
    }

    #[test]
    fn python_literals_are_not_json() {
        for text in [
            "{'result': 'ok'}",
            "{\"result\": \"ok\", \"flag\": True}",
            "{\"result\": \"ok\", \"n\": None}",
            "__import__('os').system('true')",
        ] {
            assert!(matches!(parse(text), Err(AnswerError::Json(_))), "{text}");
        }
    }

    #[test]
    fn json_literals_keep_their_types() {
        // What Python's eval turned into the strings "true" and "null".
        let a = parse(r#"{"result": "Offline", "flag": true, "n": null}"#).unwrap();
        assert_eq!(a.get("flag"), Some(&Value::Bool(true)));
        assert_eq!(a.get("n"), Some(&Value::Null));
        assert_eq!(a.code(), &ResultCode::Offline);
    }

    #[test]
    fn size_limit_applies_before_parsing() {
        let limits = AnswerLimits {
            max_bytes: 16,
            max_depth: 8,
        };
        assert!(Answer::parse(br#"{"result": "ok"}"#, &limits).is_ok());
        assert!(matches!(
            Answer::parse(br#"{"result": "ok" }"#, &limits),
            Err(AnswerError::TooLarge { limit: 16 })
        ));
    }

    #[test]
    fn depth_limit() {
        let limits = AnswerLimits {
            max_bytes: 1 << 20,
            max_depth: 3,
        };
        assert!(Answer::parse(br#"{"result": "ok", "a": [{"b": 1}]}"#, &limits).is_ok());
        assert!(matches!(
            Answer::parse(br#"{"result": "ok", "a": [[{"b": 1}]]}"#, &limits),
            Err(AnswerError::TooDeep { limit: 3 })
        ));
        // Brackets inside strings do not count, escaped quotes do not end strings.
        assert!(Answer::parse(br#"{"result": "ok", "a": "[[[[\"[[[["}"#, &limits).is_ok());
        // A deep bomb is rejected without recursion.
        let bomb = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(matches!(
            Answer::parse(bomb.as_bytes(), &AnswerLimits::default()),
            Err(AnswerError::TooDeep { limit: 32 })
        ));
    }

    #[test]
    fn gzip_bodies_by_header_or_magic() {
        let limits = AnswerLimits::default();
        let packed = gzip::compress(br#"{"result": "ok"}"#);
        assert!(Answer::parse_http_body(&packed, Some("gzip"), &limits).is_ok());
        assert!(Answer::parse_http_body(&packed, Some("GZIP"), &limits).is_ok());
        assert!(Answer::parse_http_body(&packed, None, &limits).is_ok());
        // Declared gzip but plain text: a gzip error, not a silent parse.
        assert!(matches!(
            Answer::parse_http_body(br#"{"result": "ok"}"#, Some("gzip"), &limits),
            Err(AnswerError::Gzip(_))
        ));
        // Plain JSON with another encoding name is parsed as is.
        assert!(Answer::parse_http_body(br#"{"result": "ok"}"#, Some("identity"), &limits).is_ok());
    }

    #[test]
    fn gzip_bomb_is_too_large() {
        let mut text = br#"{"result": "ok", "pad": ""#.to_vec();
        text.extend(std::iter::repeat_n(b'a', 32 << 20));
        text.extend(br#""}"#);
        let packed = gzip::compress(&text);
        assert!(packed.len() < 1 << 20);
        assert!(matches!(
            Answer::parse_http_body(&packed, Some("gzip"), &AnswerLimits::default()),
            Err(AnswerError::TooLarge { limit }) if limit == 8 << 20
        ));
    }

    #[test]
    fn domain_error_hosts() {
        let a = parse(r#"{"result": "domain_error", "osList": ["a", 1, "b"]}"#).unwrap();
        assert_eq!(a.domain_error_hosts(), Some(vec!["a", "b"]));
        let a = parse(r#"{"result": "domain_error"}"#).unwrap();
        assert_eq!(a.domain_error_hosts(), Some(vec![]));
        let a = parse(r#"{"result": "ok", "osList": ["a"]}"#).unwrap();
        assert_eq!(a.domain_error_hosts(), None);
        assert!(parse(r#"{"result": "sign_error"}"#)
            .unwrap()
            .is_sign_error());
    }

    #[test]
    fn debug_hides_tokens() {
        let a = parse(r#"{"result": "success", "authtoken": "SECRET1", "authToken": "SECRET2"}"#)
            .unwrap();
        let text = format!("{a:?}");
        assert!(!text.contains("SECRET"), "{text}");
        assert!(text.contains("authtoken"), "{text}");
        let err = ApiError::new("connect", ApiErrorKind::AuthFailed, a);
        assert!(!format!("{err:?} {err}").contains("SECRET"));
        assert!(err.is_auth_failure());
    }

    #[test]
    fn api_error_messages() {
        let a = parse(r#"{"result": "NoValidPush"}"#).unwrap();
        let err = ApiError::new("stopTaskAction", ApiErrorKind::Rejected, a);
        assert_eq!(err.to_string(), "`stopTaskAction` answered `NoValidPush`");
        assert_eq!(err.code(), &ResultCode::Other("NoValidPush".into()));
        assert!(!err.is_sign_error() && !err.is_auth_failure());
        let a = parse(r#"{"result": "ok"}"#).unwrap();
        let err = ApiError::new(
            "getContentIdAction",
            ApiErrorKind::Malformed {
                member: "contentId",
            },
            a,
        );
        assert_eq!(
            err.to_string(),
            "`getContentIdAction` answered `ok` without a usable `contentId`"
        );
    }

    #[test]
    fn to_json_text_escapes_like_python() {
        // Members in sorted order: the same text whether serde_json keeps the order or not.
        let a = parse(r#"{"a": "中", "result": "ok", "z": [1.5, null]}"#).unwrap();
        assert_eq!(
            a.to_json_text(),
            r#"{"a": "\u4e2d", "result": "ok", "z": [1.5, null]}"#
        );
    }

    #[test]
    fn taking_a_member_keeps_the_order_of_the_rest() {
        let mut a = parse(r#"{"result": "ok", "z": 1, "authtoken": "t", "a": 2, "m": 3}"#).unwrap();
        let before: Vec<String> = a.members().keys().cloned().collect();
        assert_eq!(a.take_member("authtoken"), Some(Value::from("t")));
        assert_eq!(a.take_member("authtoken"), None);
        let after: Vec<String> = a.members().keys().cloned().collect();
        let expected: Vec<String> = before.into_iter().filter(|k| k != "authtoken").collect();
        assert_eq!(after, expected);
    }
}
