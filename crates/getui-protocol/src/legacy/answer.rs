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

use std::sync::OnceLock;

use bytes::Bytes;
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
/// An answer whose members are a few strings without escapes (the answer of a push) keeps
/// them in its text and builds the `Map` only when [`members`](Self::members),
/// [`get`](Self::get) or another whole-object view is asked for; the text was checked to be
/// a JSON object within the limits when it was parsed, and every accessor gives what it
/// would give on the `Map`.
///
/// `Debug` prints the members with `authtoken`/`authToken` values replaced by `***`.
#[derive(Clone)]
pub struct Answer {
    code: ResultCode,
    repr: Repr,
}

/// How an [`Answer`] holds its members.
#[derive(Clone)]
enum Repr {
    /// A parsed object.
    Map(Map<String, Value>),
    /// Every member a string without escapes, as spans of `text` (a JSON object within the
    /// limits); the `Map` is built from the text at most once, on demand.
    Flat {
        text: String,
        spans: FlatSpans,
        map: OnceLock<Map<String, Value>>,
    },
}

/// The most members an answer may have to be kept as [`Repr::Flat`].
const FLAT_MAX: usize = 6;

/// Byte ranges of the text: one member's name and string value (both without escapes, so the
/// text between the quotes is the value).
#[derive(Clone, Copy, Default)]
struct FlatSpan {
    key: (u32, u32),
    value: (u32, u32),
}

/// The members of a [`Repr::Flat`] answer, in the order received.
#[derive(Clone, Copy, Default)]
struct FlatSpans {
    len: u8,
    items: [FlatSpan; FLAT_MAX],
}

impl FlatSpans {
    fn as_slice(&self) -> &[FlatSpan] {
        &self.items[..usize::from(self.len)]
    }
}

/// The text of `range` in `text` (a range [`read_flat`] found: in bounds, between ASCII
/// quotes, so on character boundaries).
fn span_str(text: &str, (start, end): (u32, u32)) -> &str {
    text.get(start as usize..end as usize).unwrap_or_default()
}

impl PartialEq for Answer {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code && self.members() == other.members()
    }
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
        check_limits(bytes, limits)?;
        // Most answers are a few plain strings: read them as spans of the text, in one pass
        // and without allocating. Anything else is parsed fully (`parse_value`), which gives
        // the members and the errors of a JSON parse.
        if let Some(spans) = read_flat(bytes) {
            if let Ok(text) = std::str::from_utf8(bytes) {
                return Self::flat(text.to_owned(), spans);
            }
        }
        Self::parse_value(bytes)
    }

    /// [`parse`](Self::parse) of a shared body, kept without a copy when the answer keeps
    /// its text (see [`Answer`]).
    ///
    /// ```
    /// use getui_protocol::answer::{Answer, AnswerLimits};
    /// let body = bytes::Bytes::from_static(br#"{"result": "ok", "taskId": "OSS-1"}"#);
    /// let answer = Answer::parse_bytes(body, &AnswerLimits::default())?;
    /// assert_eq!(answer.str_member("taskId"), Some("OSS-1"));
    /// # Ok::<(), getui_protocol::answer::AnswerError>(())
    /// ```
    pub fn parse_bytes(body: Bytes, limits: &AnswerLimits) -> Result<Self, AnswerError> {
        check_limits(&body, limits)?;
        if let Some(spans) = read_flat(&body) {
            // The buffer itself when nothing else shares it.
            return match String::from_utf8(Vec::from(body)) {
                Ok(text) => Self::flat(text, spans),
                Err(not_utf8) => Self::parse_value(not_utf8.as_bytes()),
            };
        }
        Self::parse_value(&body)
    }

    /// The answer of a text [`read_flat`] read as `spans`.
    fn flat(text: String, spans: FlatSpans) -> Result<Self, AnswerError> {
        let code = spans
            .as_slice()
            .iter()
            .rev()
            .find(|span| span_str(&text, span.key) == "result")
            .map(|span| ResultCode::from(span_str(&text, span.value)))
            .ok_or(AnswerError::MissingResult)?;
        Ok(Self {
            code,
            repr: Repr::Flat {
                text,
                spans,
                map: OnceLock::new(),
            },
        })
    }

    /// The answer of a text within the limits, parsed as a JSON value.
    fn parse_value(bytes: &[u8]) -> Result<Self, AnswerError> {
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
            Self::parse_bytes(Bytes::from(text), limits)
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
        Ok(Self {
            code,
            repr: Repr::Map(members),
        })
    }

    /// The `result` code.
    pub fn code(&self) -> &ResultCode {
        &self.code
    }

    /// The whole object, `result` included (in `serde_json::Map` order, see [`Answer`]).
    pub fn members(&self) -> &Map<String, Value> {
        match &self.repr {
            Repr::Map(members) => members,
            Repr::Flat { text, map, .. } => map.get_or_init(|| flat_members(text)),
        }
    }

    /// The whole object, by value.
    pub fn into_members(self) -> Map<String, Value> {
        match self.repr {
            Repr::Map(members) => members,
            Repr::Flat { text, map, .. } => map.into_inner().unwrap_or_else(|| flat_members(&text)),
        }
    }

    /// A member's value.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.members().get(name)
    }

    /// A member's value when it is a string.
    pub fn str_member(&self, name: &str) -> Option<&str> {
        match &self.repr {
            Repr::Map(members) => members.get(name).and_then(Value::as_str),
            Repr::Flat { text, spans, .. } => flat_get(text, spans, name),
        }
    }

    /// A member's value when it is an integer (or a string of digits, as some servers send
    /// counters).
    pub fn i64_member(&self, name: &str) -> Option<i64> {
        match &self.repr {
            Repr::Map(members) => members.get(name).and_then(value_as_i64),
            Repr::Flat { text, spans, .. } => {
                flat_get(text, spans, name).and_then(|s| s.trim().parse().ok())
            }
        }
    }

    /// The answer as JSON text (Python `json.dumps` form; members in `serde_json::Map` order,
    /// see [`Answer`]).
    pub fn to_json_text(&self) -> String {
        let mut out = Vec::with_capacity(64);
        getui_model::json_text::write_value(&mut out, &Value::Object(self.members().clone()));
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
        match self.get("osList") {
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
        let members = self.members_mut();
        let value = members.get_mut(name).map(Value::take)?;
        members.retain(|key, _| key != name);
        Some(value)
    }

    /// The members as a `Map` held by the answer (built from the text first if need be).
    fn members_mut(&mut self) -> &mut Map<String, Value> {
        if let Repr::Flat { text, map, .. } = &mut self.repr {
            let members = map.take().unwrap_or_else(|| flat_members(text));
            self.repr = Repr::Map(members);
        }
        match &mut self.repr {
            Repr::Map(members) => members,
            Repr::Flat { .. } => unreachable!("converted above"),
        }
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
            .field("members", &Redacted(self.members()))
            .finish()
    }
}

/// The value of the last member `name` of a flat answer (the one a parsed `Map` keeps).
fn flat_get<'a>(text: &'a str, spans: &FlatSpans, name: &str) -> Option<&'a str> {
    spans
        .as_slice()
        .iter()
        .rev()
        .find(|span| span_str(text, span.key) == name)
        .map(|span| span_str(text, span.value))
}

/// The `Map` of a flat answer's text (parsed before: parsing again cannot fail).
fn flat_members(text: &str) -> Map<String, Value> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(members)) => members,
        _ => Map::new(),
    }
}

/// Reads `bytes` as a JSON object of at most [`FLAT_MAX`] members whose names and values
/// are strings without escapes, recording where they are; `None` for anything else (another
/// value, more members, an escape, a control character, a syntax error: the caller parses
/// such text fully, as JSON, and gets its members or its error). The caller checks that the
/// text is UTF-8 (outside strings only ASCII is accepted here).
///
/// What it accepts is JSON (RFC 8259 whitespace, object, strings), so a full parse of the
/// same text gives the same members: the text between the quotes of each name and value.
fn read_flat(bytes: &[u8]) -> Option<FlatSpans> {
    let mut spans = FlatSpans::default();
    let mut at = skip_whitespace(bytes, 0);
    if bytes.get(at) != Some(&b'{') {
        return None;
    }
    at = skip_whitespace(bytes, at + 1);
    if bytes.get(at) == Some(&b'}') {
        at += 1;
    } else {
        loop {
            let (key, next) = plain_string(bytes, at)?;
            at = skip_whitespace(bytes, next);
            if bytes.get(at) != Some(&b':') {
                return None;
            }
            at = skip_whitespace(bytes, at + 1);
            let (value, next) = plain_string(bytes, at)?;
            *spans.items.get_mut(usize::from(spans.len))? = FlatSpan { key, value };
            spans.len += 1;
            at = skip_whitespace(bytes, next);
            match bytes.get(at) {
                Some(b',') => at = skip_whitespace(bytes, at + 1),
                Some(b'}') => {
                    at += 1;
                    break;
                }
                _ => return None,
            }
        }
    }
    (skip_whitespace(bytes, at) == bytes.len()).then_some(spans)
}

/// The index of the first byte at or after `at` that is not JSON whitespace.
#[inline]
pub(crate) fn skip_whitespace(bytes: &[u8], mut at: usize) -> usize {
    while let Some(b' ' | b'\t' | b'\n' | b'\r') = bytes.get(at) {
        at += 1;
    }
    at
}

/// The bytes that end a string without escapes: `"`, `\` and the control characters.
static STRING_STOPS: [bool; 256] = {
    let mut stops = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        stops[b] = true;
        b += 1;
    }
    stops[b'"' as usize] = true;
    stops[b'\\' as usize] = true;
    stops
};

/// The string starting at `at` (its opening quote) when it has no escape and no control
/// character: the range between its quotes, and the index after its closing quote.
#[inline]
pub(crate) fn plain_string(bytes: &[u8], at: usize) -> Option<((u32, u32), usize)> {
    if bytes.get(at) != Some(&b'"') {
        return None;
    }
    let start = at + 1;
    let len = bytes
        .get(start..)?
        .iter()
        .position(|&b| STRING_STOPS[usize::from(b)])?;
    let end = start + len;
    if bytes[end] != b'"' {
        return None;
    }
    let range = (u32::try_from(start).ok()?, u32::try_from(end).ok()?);
    Some((range, end + 1))
}

/// An integer from a JSON number without fraction, or from a string of decimal digits.
pub(crate) fn value_as_i64(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The checks before an answer is parsed: size, then nesting depth.
fn check_limits(bytes: &[u8], limits: &AnswerLimits) -> Result<(), AnswerError> {
    if bytes.len() > limits.max_bytes {
        return Err(AnswerError::TooLarge {
            limit: limits.max_bytes,
        });
    }
    check_depth(bytes, limits.max_depth)
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
    // The depth never exceeds the number of `{` and `[` (in strings or not): when they are
    // few, as in every ordinary answer, a count (which the compiler vectorises) settles it.
    if bytes.iter().filter(|&&b| b == b'{' || b == b'[').count() <= limit {
        return false;
    }
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

    /// What a parse into a `Value` gives (the reading before answers kept their text).
    fn parse_as_value(text: &str) -> Result<Answer, AnswerError> {
        let value: Value = serde_json::from_str(text).map_err(AnswerError::Json)?;
        match value {
            Value::Object(members) => Answer::from_members(members),
            _ => Err(AnswerError::NotAnObject),
        }
    }

    fn is_flat(answer: &Answer) -> bool {
        matches!(answer.repr, Repr::Flat { .. })
    }

    /// Every accessor of the answer of `text` agrees with the answer of its `Value`.
    fn assert_agrees_with_value(text: &str) -> Option<Answer> {
        let expected = parse_as_value(text);
        let got = parse(text);
        let shared = Answer::parse_bytes(
            Bytes::copy_from_slice(text.as_bytes()),
            &AnswerLimits::default(),
        );
        match (&got, &expected, &shared) {
            (Ok(got), Ok(expected), Ok(shared)) => {
                assert_eq!(got, expected, "{text}");
                assert_eq!(shared, expected, "{text}");
                assert_eq!(is_flat(got), is_flat(shared), "{text}");
                assert_eq!(got.code(), expected.code(), "{text}");
                assert_eq!(format!("{got:?}"), format!("{expected:?}"), "{text}");
                assert_eq!(got.to_json_text(), expected.to_json_text(), "{text}");
                for name in expected
                    .members()
                    .keys()
                    .map(String::as_str)
                    .chain(["", "nope"])
                {
                    assert_eq!(
                        got.str_member(name),
                        expected.str_member(name),
                        "{text} {name}"
                    );
                    assert_eq!(
                        got.i64_member(name),
                        expected.i64_member(name),
                        "{text} {name}"
                    );
                    assert_eq!(got.get(name), expected.get(name), "{text} {name}");
                }
                assert_eq!(
                    got.domain_error_hosts(),
                    expected.domain_error_hosts(),
                    "{text}"
                );
                assert_eq!(
                    got.clone().into_members(),
                    expected.clone().into_members(),
                    "{text}"
                );
                Some(got.clone())
            }
            (Err(got), Err(expected), Err(shared)) => {
                assert_eq!(got.to_string(), expected.to_string(), "{text}");
                assert_eq!(shared.to_string(), expected.to_string(), "{text}");
                None
            }
            _ => panic!("{text}: {got:?} / {expected:?} / {shared:?}"),
        }
    }

    #[test]
    fn plain_string_answers_keep_their_text_and_agree_with_a_full_parse() {
        for (text, flat) in [
            (
                r#"{"result":"ok","taskId":"OSS-bench","status":"successed_online"}"#,
                true,
            ),
            (
                " \t\r\n{ \"result\" : \"ok\" ,\n\"taskId\":\"t\" } \n",
                true,
            ),
            (r#"{"result":"ok","taskId":"a","taskId":"b"}"#, true),
            (r#"{"result":"sign_error","result":"ok"}"#, true),
            (r#"{"result":"ok","result":"sign_error"}"#, true),
            (r#"{"result":"NoValidPush","x":""}"#, true),
            (r#"{"result":"","":""}"#, true),
            (r#"{"result":"ok","n":" 42 ","m":"4x"}"#, true),
            (r#"{"result":"ok","中":"文 é","emoji":"🎉"}"#, true),
            ("{\"result\":\"ok\",\"del\":\"a\u{7f}b\"}", true),
            (
                r#"{"result":"ok","a":"1","b":"2","c":"3","d":"4","e":"5"}"#,
                true,
            ),
            (r#"{"result":"domain_error","osList":"h"}"#, true),
            (r#"{"result":"success","authtoken":"SECRET"}"#, true),
            // Not plain: the full parse.
            (
                r#"{"result":"ok","a":"1","b":"2","c":"3","d":"4","e":"5","f":"6"}"#,
                false,
            ),
            (r#"{"result":"ok","taskId":"a\"b"}"#, false),
            (r#"{"result":"ok","ta\u0073kId":"x"}"#, false),
            (r#"{"result":"o\u006b"}"#, false),
            (r#"{"result":"ok","n":1}"#, false),
            (r#"{"result":"ok","b":true,"z":null}"#, false),
            (r#"{"result":"ok","l":["a"],"o":{"k":"v"}}"#, false),
            (r#"{"result":"domain_error","osList":["h1",2,"h2"]}"#, false),
            (r#"{"result":1}"#, false),
            (r#"{"result":null,"result":"ok"}"#, false),
            (r#"{"result":"ok","result":null}"#, false),
            // Errors, as a full parse gives them.
            (r#"{}"#, false),
            (r#" { } "#, false),
            (r#"{"taskId":"x"}"#, false),
            (r#"{"result":"ok",}"#, false),
            (r#"{"result":"ok""taskId":"x"}"#, false),
            (r#"{"result""ok"}"#, false),
            (r#"{"result":"ok"} x"#, false),
            (r#"{"result":"ok"}}"#, false),
            (r#"{"result":"ok""#, false),
            (r#"{"result":"ok"#, false),
            (r#"{"result":'ok'}"#, false),
            (r#"{result:"ok"}"#, false),
            ("{\"result\":\"o\u{1}k\"}", false),
            ("{\"result\":\"ok\",\"t\":\"a\tb\"}", false),
            ("\u{feff}{\"result\":\"ok\"}", false),
            ("{\"result\":\"ok\"}\u{0}", false),
            ("\u{b}{\"result\":\"ok\"}", false),
            (r#"["result","ok"]"#, false),
            (r#""ok""#, false),
            ("", false),
            ("   ", false),
        ] {
            let answer = assert_agrees_with_value(text);
            assert_eq!(answer.as_ref().is_some_and(is_flat), flat, "{text}");
        }
    }

    #[test]
    fn a_body_that_is_not_utf8_is_a_json_error() {
        for bytes in [
            &b"{\"result\":\"ok\xff\"}"[..],
            b"{\"result\":\"ok\",\"a\":\"\xc3\"}",
        ] {
            let expected = serde_json::from_slice::<Value>(bytes)
                .unwrap_err()
                .to_string();
            let limits = AnswerLimits::default();
            for err in [
                Answer::parse(bytes, &limits).unwrap_err(),
                Answer::parse_bytes(Bytes::copy_from_slice(bytes), &limits).unwrap_err(),
            ] {
                assert!(matches!(&err, AnswerError::Json(e) if e.to_string() == expected));
            }
        }
    }

    #[test]
    fn limits_apply_to_plain_string_answers() {
        let text = br#"{"result": "ok", "t": "[[[[[["}"#;
        let limits = AnswerLimits {
            max_bytes: text.len(),
            max_depth: 1,
        };
        assert!(is_flat(&Answer::parse(text, &limits).unwrap()));
        assert!(is_flat(
            &Answer::parse_bytes(Bytes::from_static(text), &limits).unwrap()
        ));
        let small = AnswerLimits {
            max_bytes: text.len() - 1,
            ..limits
        };
        assert!(matches!(
            Answer::parse(text, &small),
            Err(AnswerError::TooLarge { .. })
        ));
        assert!(matches!(
            Answer::parse_bytes(Bytes::from_static(text), &small),
            Err(AnswerError::TooLarge { .. })
        ));
        let shallow = AnswerLimits {
            max_depth: 0,
            ..limits
        };
        assert!(matches!(
            Answer::parse(text, &shallow),
            Err(AnswerError::TooDeep { limit: 0 })
        ));
        // Brackets counted in strings only make the exact scan run: same verdicts.
        let limits = AnswerLimits {
            max_bytes: 1 << 20,
            max_depth: 3,
        };
        assert!(Answer::parse(br#"{"result": "[[[[", "a": [{"b": "{{{{"}]}"#, &limits).is_ok());
        assert!(matches!(
            Answer::parse(br#"{"result": "[[[[", "a": [[{"b": 1}]]}"#, &limits),
            Err(AnswerError::TooDeep { limit: 3 })
        ));
    }

    #[test]
    fn a_plain_answer_gives_its_members_once_built_and_by_value() {
        let mut a = parse(r#"{"result":"success","authtoken":"SECRET","z":"1"}"#).unwrap();
        assert!(is_flat(&a));
        let first: *const Map<String, Value> = a.members();
        assert!(std::ptr::eq(first, a.members()));
        assert!(!format!("{a:?}").contains("SECRET"));
        let copy = a.clone();
        assert_eq!(a.take_member("authtoken"), Some(Value::from("SECRET")));
        assert!(!is_flat(&a));
        assert_eq!(a.str_member("authtoken"), None);
        assert_eq!(a.str_member("z"), Some("1"));
        assert_eq!(copy.str_member("authtoken"), Some("SECRET"));
        assert_ne!(a, copy);
        let members = copy.into_members();
        assert_eq!(members.len(), 3);
        assert_eq!(members["authtoken"], "SECRET");
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
