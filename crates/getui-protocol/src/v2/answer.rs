//! The answer envelope `{code, msg, data}` (docs/protocol-v2.md §4), business codes and the error of a
//! REST v2 call.
//!
//! [`Envelope::parse`] reads the body whatever the HTTP status is, as long as it is a JSON
//! object (within [`AnswerLimits`]); `code` may be an integer or a numeric string. A missing or
//! non-numeric `code` is never success.
//!
//! ```
//! use getui_protocol::answer::AnswerLimits;
//! use getui_protocol::v2::answer::{CodeClass, Envelope};
//! let env = Envelope::parse(401, br#"{"code": "10001", "msg": "token expired"}"#, &AnswerLimits::default())?;
//! assert_eq!(env.code.value(), 10001);
//! assert!(env.code.is_token_invalid());
//! assert_eq!(env.code.class(), CodeClass::TokenInvalid);
//! let err = Envelope::parse(500, b"<html>oops</html>", &AnswerLimits::default()).unwrap_err();
//! assert_eq!(err.status(), 500);
//! # Ok::<(), getui_protocol::v2::answer::ApiError>(())
//! ```

use std::any::Any;
use std::fmt;
use std::sync::{Arc, OnceLock};

use bytes::Bytes;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::answer::{plain_string, skip_whitespace, too_deep, AnswerLimits};

/// The longest excerpt of an answer kept in an [`ApiError`], in bytes.
pub const EXCERPT_MAX_BYTES: usize = 1024;

macro_rules! known_codes {
    ($($(#[$doc:meta])* $variant:ident = $value:literal => $class:ident,)*) => {
        /// A business code documented on the code page (docs/protocol-v2.md §4.4).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum KnownCode {
            $($(#[$doc])* $variant,)*
        }

        impl KnownCode {
            /// The numeric code.
            pub const fn value(self) -> i64 {
                match self {
                    $(KnownCode::$variant => $value,)*
                }
            }

            /// The documented code for `value`, if any.
            pub const fn from_value(value: i64) -> Option<Self> {
                match value {
                    $($value => Some(KnownCode::$variant),)*
                    _ => None,
                }
            }

            /// The class of the code.
            pub const fn class(self) -> CodeClass {
                match self {
                    $(KnownCode::$variant => CodeClass::$class,)*
                }
            }
        }
    };
}

known_codes! {
    /// 0: success.
    Success = 0 => Ok,
    /// 1: the body is not JSON.
    Failed = 1 => InvalidRequest,
    /// 2: the service is starting.
    ServiceStarting = 2 => ServerBusy,
    /// 301: wrong host for the app's data centre; the answer names the hosts to use.
    HostSwitch = 301 => HostSwitch,
    /// 404: wrong URL.
    UrlError = 404 => InvalidRequest,
    /// 405: method not supported.
    MethodNotAllowed = 405 => InvalidRequest,
    /// 10001: token wrong or expired.
    TokenInvalid = 10001 => TokenInvalid,
    /// 10002: appId or IP blacklisted.
    Blacklisted = 10002 => Forbidden,
    /// 10003: auth calls per minute exceeded.
    AuthRateLimited = 10003 => RateLimited,
    /// 10004: no permission for message details.
    NoDetailPermission = 10004 => Forbidden,
    /// 10005: calls per minute exceeded.
    RateLimited = 10005 => RateLimited,
    /// 20001: invalid parameter (`msg` names it).
    InvalidParam = 20001 => InvalidParam,
    /// 22001: task state does not allow the operation (already executed, less than a minute
    /// before sending).
    TaskState = 22001 => TaskState,
    /// 22002: task invalid or bad schedule time.
    TaskInvalid = 22002 => TaskState,
    /// 23001: tag operation failed.
    TagOperationFailed = 23001 => Failed,
    /// 30000: no permission to push `fast_custom_tag`.
    NoFastCustomTagPermission = 30000 => Forbidden,
    /// 30001: no permission to modify or delete `custom_tag`.
    NoCustomTagPermission = 30001 => Forbidden,
    /// 30002: no permission for scheduled pushes.
    NoSchedulePermission = 30002 => Forbidden,
    /// 30003: no permission for app/tag pushes, or invalid tag.
    NoTagPermission = 30003 => Forbidden,
    /// 30004: daily tag pushes exceeded.
    TagDailyQuota = 30004 => QuotaExceeded,
    /// 30005: tag too long.
    TagTooLong = 30005 => InvalidParam,
    /// 30006: daily `fast_custom_tag` pushes exceeded.
    FastCustomTagDailyQuota = 30006 => QuotaExceeded,
    /// 30007: daily `push/all` pushes exceeded.
    PushAllDailyQuota = 30007 => QuotaExceeded,
    /// 30008: daily list pushes exceeded.
    ListDailyQuota = 30008 => QuotaExceeded,
    /// 30009: daily pushes exceeded.
    PushDailyQuota = 30009 => QuotaExceeded,
    /// 30010: daily `push/tag` pushes exceeded (shared with `push/all`).
    PushTagDailyQuota = 30010 => QuotaExceeded,
    /// 30011: daily tag settings exceeded.
    SetTagDailyQuota = 30011 => QuotaExceeded,
    /// 30012: tag modifications per minute exceeded.
    TagModifyRateLimited = 30012 => RateLimited,
    /// 30013: `fast_custom_tag` pushes per minute exceeded.
    FastCustomTagRateLimited = 30013 => RateLimited,
    /// 30014: app pushes per minute exceeded.
    AppPushRateLimited = 30014 => RateLimited,
    /// 30015: list pushes per minute exceeded.
    ListPushRateLimited = 30015 => RateLimited,
    /// 30016: too many tag conditions.
    TooManyTags = 30016 => InvalidParam,
    /// 30017: no permission for the single-push real-time report.
    NoSingleReportPermission = 30017 => Forbidden,
    /// 30018: single-push real-time report queries per minute exceeded.
    SingleReportRateLimited = 30018 => RateLimited,
    /// 30019: system busy, retry later.
    SystemBusy = 30019 => ServerBusy,
}

/// What a business code means for the caller (docs/protocol-v2.md §4.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CodeClass {
    /// 0.
    Ok,
    /// A client bug (1, 404, 405).
    InvalidRequest,
    /// The service is busy or starting (2, 30019): retryable later.
    ServerBusy,
    /// 301: switch hosts and re-send once.
    HostSwitch,
    /// 10001: authenticate again and re-send once.
    TokenInvalid,
    /// A permission is missing (permanent).
    Forbidden,
    /// A per-minute limit was hit: retryable after a delay.
    RateLimited,
    /// A parameter is invalid (permanent).
    InvalidParam,
    /// A daily quota is used up.
    QuotaExceeded,
    /// The task's state does not allow the operation.
    TaskState,
    /// The operation failed (23001).
    Failed,
    /// Not documented.
    Unknown,
}

/// A business code: documented or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    /// A documented code.
    Known(KnownCode),
    /// Any other value.
    Other(i64),
}

impl Code {
    /// The code for a numeric value.
    pub fn from_value(value: i64) -> Self {
        KnownCode::from_value(value).map_or(Code::Other(value), Code::Known)
    }

    /// The numeric value.
    pub fn value(&self) -> i64 {
        match self {
            Code::Known(k) => k.value(),
            Code::Other(v) => *v,
        }
    }

    /// Whether the code is 0.
    pub fn is_ok(&self) -> bool {
        self.value() == 0
    }

    /// The class of the code ([`CodeClass::Unknown`] for undocumented codes).
    pub fn class(&self) -> CodeClass {
        match self {
            Code::Known(k) => k.class(),
            Code::Other(_) => CodeClass::Unknown,
        }
    }

    /// Whether the same request may succeed later (busy, rate-limited): a caller or an opt-in
    /// policy may retry after a delay. Never automatic for pushes.
    pub fn is_retryable(&self) -> bool {
        matches!(self.class(), CodeClass::ServerBusy | CodeClass::RateLimited)
    }

    /// 10001: the token is wrong or expired.
    pub fn is_token_invalid(&self) -> bool {
        self.value() == 10001
    }
}

impl From<i64> for Code {
    fn from(value: i64) -> Self {
        Code::from_value(value)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.value())
    }
}

/// One parsed answer: HTTP status, business code, message and `data`.
///
/// `data` stays in the answer's text until it is asked for: [`data_as`](Self::data_as)
/// reads it straight into the caller's type (what every action does), [`data`](Self::data)
/// builds a [`Value`] of it once.
///
/// `Debug` redacts `data.token` (the answer of `POST /auth`).
#[derive(Clone)]
pub struct Envelope {
    /// The HTTP status.
    pub status: u16,
    /// `code`.
    pub code: Code,
    /// `msg` (`""` when absent; a non-string value as its JSON text).
    pub msg: String,
    data: Data,
}

/// An envelope's `data`.
#[derive(Clone)]
enum Data {
    /// Absent or `null`.
    None,
    /// Present and not `null`, still in `body` (the whole answer, already checked to be a
    /// JSON object within the limits); its `Value` is built at most once, on demand.
    Text { body: Bytes, value: OnceLock<Value> },
    /// Given as a value (an envelope built from parsed members).
    Value(Value),
    /// Present, and already read as the type an action expects (see
    /// [`Envelope::parse_bytes_typed`]); the text stays for any other reading.
    Typed {
        body: Bytes,
        value: OnceLock<Value>,
        typed: Arc<dyn Any + Send + Sync>,
    },
}

impl PartialEq for Envelope {
    fn eq(&self, other: &Self) -> bool {
        self.status == other.status
            && self.code == other.code
            && self.msg == other.msg
            && self.data() == other.data()
    }
}

impl Envelope {
    /// Parses an answer body (not compressed).
    ///
    /// * a JSON object with a `code` that is an integer or a numeric string → the envelope,
    ///   whatever the status;
    /// * a 2xx body that is not a JSON object (HTML, empty, array, string, too large, too
    ///   deep), or an object without a usable `code` → [`ApiErrorKind::Malformed`];
    /// * the same on a non-2xx status → [`ApiErrorKind::Http`].
    ///
    /// The error's name and endpoint are unset: see [`ApiError::for_action`].
    pub fn parse(status: u16, body: &[u8], limits: &AnswerLimits) -> Result<Envelope, ApiError> {
        Self::parse_with(status, body, limits, || Bytes::copy_from_slice(body))
    }

    /// [`parse`](Self::parse) of a shared body, kept without a copy for reading `data` later.
    pub fn parse_bytes(
        status: u16,
        body: Bytes,
        limits: &AnswerLimits,
    ) -> Result<Envelope, ApiError> {
        Self::parse_with(status, &body, limits, || body.clone())
    }

    /// [`parse_bytes`](Self::parse_bytes) that also reads `data` as a `T` in the same pass
    /// when it follows a `code` of 0 (the order of every answer of the service); an action
    /// then takes it without reading the text again. Anything else (another order, another
    /// code, a `data` of another shape, a body that is not an object) gives what
    /// [`parse_bytes`](Self::parse_bytes) gives.
    pub fn parse_bytes_typed<T: DeserializeOwned + Send + Sync + 'static>(
        status: u16,
        body: Bytes,
        limits: &AnswerLimits,
    ) -> Result<Envelope, ApiError> {
        if body.len() <= limits.max_bytes && !too_deep(&body, limits.max_depth) {
            // `code` an integer (or numeric string) and `msg` a string or `null`, read
            // without a `Value`; any other shape gives an error here, and the plain parse
            // below gives what it always gives.
            // First a scan of the envelope's text that leaves only the values to serde_json
            // (below the parser's recursion limit, so that reading `data` on its own cannot
            // accept what the whole reading would refuse); for an answer it cannot read, the
            // reading of the whole object.
            let scanned = if limits.max_depth < 128 {
                scan_members::<T>(&body)
            } else {
                None
            };
            let members = match scanned {
                Some(members) => Ok(members),
                None => read_members::<T, i64, String>(&body, Read::TypedAfterZeroCode),
            };
            if let Ok(Members {
                code: Some(code),
                msg,
                data,
            }) = members
            {
                // The body moves into the envelope: no clone (which would share it).
                let data = match data {
                    Seen::Absent => Data::None,
                    Seen::Text => Data::Text {
                        body,
                        value: OnceLock::new(),
                    },
                    Seen::Typed(typed) => Data::Typed {
                        body,
                        value: OnceLock::new(),
                        typed: Arc::new(typed),
                    },
                };
                return Ok(Envelope {
                    status,
                    code: Code::from_value(code),
                    msg: msg.unwrap_or_default(),
                    data,
                });
            }
        }
        Self::parse_bytes(status, body, limits)
    }

    /// `data` as the `T` read by [`parse_bytes_typed`](Self::parse_bytes_typed), taken out
    /// of the envelope (whose `data` stays readable from the text); `None` when it holds no
    /// value of that type.
    pub(crate) fn take_typed<T: Send + Sync + 'static>(&mut self) -> Option<T> {
        if !matches!(&self.data, Data::Typed { typed, .. } if (**typed).is::<T>()) {
            return None;
        }
        let Data::Typed { body, value, typed } = std::mem::replace(&mut self.data, Data::None)
        else {
            return None;
        };
        match typed.downcast::<T>().map(Arc::try_unwrap) {
            Ok(Ok(data)) => {
                self.data = Data::Text { body, value };
                Some(data)
            }
            Ok(Err(shared)) => {
                self.data = Data::Typed {
                    body,
                    value,
                    typed: shared,
                };
                None
            }
            Err(other) => {
                self.data = Data::Typed {
                    body,
                    value,
                    typed: other,
                };
                None
            }
        }
    }

    fn parse_with(
        status: u16,
        body: &[u8],
        limits: &AnswerLimits,
        keep: impl FnOnce() -> Bytes,
    ) -> Result<Envelope, ApiError> {
        let bad = |reason: &'static str| {
            let kind = if (200..300).contains(&status) {
                ApiErrorKind::Malformed { reason }
            } else {
                ApiErrorKind::Http
            };
            ApiError::new(kind, status).with_excerpt(body_excerpt(body))
        };
        // The checks of `Answer::parse`, in its order (size, depth, syntax, object), with one
        // parse: a v2 answer has no `result`, so `Answer` would parse it twice.
        if body.len() > limits.max_bytes {
            return Err(bad("answer larger than the limit"));
        }
        if too_deep(body, limits.max_depth) {
            return Err(bad("answer nested too deep"));
        }
        // The three members an envelope keeps, read without building the whole object (the
        // last of duplicate keys wins, as in a parsed `Map`).
        let members =
            match read_members::<serde::de::IgnoredAny, Value, Value>(body, Read::Envelope) {
                Ok(members) => members,
                // Not an object, or not JSON: tell which as a full parse would.
                Err(_) => {
                    return Err(match serde_json::from_slice::<Value>(body) {
                        Ok(_) => bad("answer is not a JSON object"),
                        Err(_) => bad("answer is not JSON"),
                    })
                }
            };
        let data = match members.data {
            Seen::Absent => Data::None,
            Seen::Text | Seen::Typed(_) => Data::Text {
                body: keep(),
                value: OnceLock::new(),
            },
        };
        Self::from_parts(status, members.code.as_ref(), members.msg, data).map_err(bad)
    }

    /// Builds an envelope from an already parsed JSON object (a mock server, a test).
    /// Fails with a reason when `code` is missing or not numeric.
    pub fn from_members(
        status: u16,
        mut members: Map<String, Value>,
    ) -> Result<Self, &'static str> {
        let (msg, data) = (members.remove("msg"), members.remove("data"));
        let data = match data {
            None | Some(Value::Null) => Data::None,
            Some(value) => Data::Value(value),
        };
        Self::from_parts(status, members.get("code"), msg, data)
    }

    /// Whether `data` is present and not `null`.
    pub fn has_data(&self) -> bool {
        !matches!(self.data, Data::None)
    }

    /// `data` as a JSON value (`None` when absent or `null`).
    pub fn data(&self) -> Option<&Value> {
        match &self.data {
            Data::None => None,
            Data::Value(value) => Some(value),
            Data::Text { body, value } | Data::Typed { body, value, .. } => {
                Some(value.get_or_init(|| {
                    match read_members::<Value, Value, Value>(body, Read::DataOnly) {
                        Ok(Members {
                            data: Seen::Typed(value),
                            ..
                        }) => value,
                        // Unreachable: the body was checked when the envelope was parsed.
                        _ => Value::Null,
                    }
                }))
            }
        }
    }

    /// `data` read as a `T`, straight from the answer's text when it is still there (no
    /// intermediate [`Value`]). `None` when `data` is absent or `null`; an error when it does
    /// not have the shape of `T`.
    pub fn data_as<T: DeserializeOwned>(&self) -> Option<Result<T, serde_json::Error>> {
        match &self.data {
            Data::None => None,
            Data::Value(value) => Some(T::deserialize(value)),
            Data::Text { body, value } | Data::Typed { body, value, .. } => match value.get() {
                Some(value) => Some(T::deserialize(value)),
                None => match read_members::<T, Value, Value>(body, Read::DataOnly) {
                    Ok(Members {
                        data: Seen::Typed(data),
                        ..
                    }) => Some(Ok(data)),
                    Ok(_) => None,
                    Err(e) => Some(Err(e)),
                },
            },
        }
    }

    /// The envelope of an answer's `code`, `msg` and `data` members.
    fn from_parts(
        status: u16,
        code: Option<&Value>,
        msg: Option<Value>,
        data: Data,
    ) -> Result<Self, &'static str> {
        let code = match code {
            None | Some(Value::Null) => return Err("answer has no `code`"),
            Some(Value::Number(n)) => n.as_i64().ok_or("answer's `code` is not an integer")?,
            Some(Value::String(s)) => s
                .trim()
                .parse::<i64>()
                .map_err(|_| "answer's `code` is not numeric")?,
            Some(_) => return Err("answer's `code` is not numeric"),
        };
        let msg = match msg {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(s)) => s,
            Some(other) => other.to_string(),
        };
        Ok(Envelope {
            status,
            code: Code::from_value(code),
            msg,
            data,
        })
    }

    /// For a 301 answer, the hosts of `data.host_list[*].domain_list[*]` in order,
    /// deduplicated (empty strings skipped). Empty for other answers or without a list.
    pub fn host_switch_hosts(&self) -> Vec<String> {
        let mut hosts: Vec<String> = Vec::new();
        if self.code.value() != 301 {
            return hosts;
        }
        let groups = self
            .data()
            .and_then(|d| d.get("host_list"))
            .and_then(Value::as_array);
        for group in groups.into_iter().flatten() {
            let list = group.get("domain_list").and_then(Value::as_array);
            for host in list.into_iter().flatten().filter_map(Value::as_str) {
                let host = host.trim();
                if !host.is_empty() && !hosts.iter().any(|h| h == host) {
                    hosts.push(host.to_owned());
                }
            }
        }
        hosts
    }

    /// A bounded JSON excerpt of the envelope (at most [`EXCERPT_MAX_BYTES`]), `data.token`
    /// redacted.
    pub fn excerpt(&self) -> String {
        let mut obj = Map::new();
        obj.insert("code".into(), Value::from(self.code.value()));
        obj.insert("msg".into(), Value::from(self.msg.clone()));
        if let Some(data) = self.data() {
            let mut data = data.clone();
            if let Some(token) = data.get_mut("token") {
                *token = Value::from("***");
            }
            obj.insert("data".into(), data);
        }
        truncate(Value::Object(obj).to_string())
    }
}

impl fmt::Debug for Envelope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Envelope")
            .field("status", &self.status)
            .field("code", &self.code)
            .field("msg", &self.msg)
            .field("excerpt", &self.excerpt())
            .finish()
    }
}

/// Whether a JSON value is not `null`; the value itself is only checked and skipped.
struct NotNull(bool);

impl<'de> serde::Deserialize<'de> for NotNull {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = NotNull;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON value")
            }

            fn visit_unit<E: serde::de::Error>(self) -> Result<NotNull, E> {
                Ok(NotNull(false))
            }

            fn visit_none<E: serde::de::Error>(self) -> Result<NotNull, E> {
                Ok(NotNull(false))
            }

            fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<NotNull, E> {
                Ok(NotNull(true))
            }

            fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<NotNull, E> {
                Ok(NotNull(true))
            }

            fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<NotNull, E> {
                Ok(NotNull(true))
            }

            fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<NotNull, E> {
                Ok(NotNull(true))
            }

            fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<NotNull, E> {
                Ok(NotNull(true))
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<NotNull, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(NotNull(true))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<NotNull, A::Error> {
                while map
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(NotNull(true))
            }
        }

        deserializer.deserialize_any(Visitor)
    }
}

/// How [`read_members`] reads an answer object.
#[derive(Clone, Copy, PartialEq)]
enum Read {
    /// `code` and `msg` as values; `data` only checked (and whether it is `null`).
    Envelope,
    /// The same, but `data` read as a `T` when it follows a `code` of 0.
    TypedAfterZeroCode,
    /// Only `data`, read as a `T`.
    DataOnly,
}

/// What [`read_members`] saw of `data`.
enum Seen<T> {
    Absent,
    /// Present and not `null`, left in the text.
    Text,
    Typed(T),
}

/// The members of an answer object an [`Envelope`] is made of (the last of duplicate keys
/// wins, as in a parsed `Map`); the others are checked for syntax and skipped.
///
/// `C` and `M` are how `code` and `msg` are read: as [`Value`]s (any JSON), or as `i64` and
/// `String` ([`CodeMember`] and [`MsgMember`]: an integer or numeric string, a string or
/// `null`; anything else is an error, for the caller to read the answer as values).
struct Members<T, C, M> {
    code: Option<C>,
    msg: Option<M>,
    data: Seen<T>,
}

/// Reads the members of the answer object `body` as `read` says, in one pass.
fn read_members<T: DeserializeOwned, C: CodeMember, M: MsgMember>(
    body: &[u8],
    read: Read,
) -> serde_json::Result<Members<T, C, M>> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let members = serde::de::DeserializeSeed::deserialize(
        MembersSeed::<T, C, M>(read, std::marker::PhantomData),
        &mut deserializer,
    )?;
    deserializer.end()?;
    Ok(members)
}

/// [`read_members`] with `Read::TypedAfterZeroCode`, `i64` codes and `String` messages, by
/// a scan of the object's structure, names, `code` and `msg` that gives every other value to
/// serde_json; `None` where it cannot tell (a name with an escape, a `code` that is not a
/// non-negative integer of at most 18 digits, a `msg` that is not a string or `null`, any
/// error), for the caller to read the object with [`read_members`].
///
/// What it accepts is JSON: RFC 8259 whitespace and structure, names without escapes
/// (valid UTF-8), integers, and values serde_json read.
fn scan_members<T: DeserializeOwned>(body: &[u8]) -> Option<Members<T, i64, String>> {
    let mut members = Members {
        code: None,
        msg: None,
        data: Seen::Absent,
    };
    let mut at = skip_whitespace(body, 0);
    if body.get(at) != Some(&b'{') {
        return None;
    }
    at = skip_whitespace(body, at + 1);
    if body.get(at) == Some(&b'}') {
        at += 1;
    } else {
        loop {
            let ((start, end), next) = plain_string(body, at)?;
            let name = body.get(start as usize..end as usize)?;
            at = skip_whitespace(body, next);
            if body.get(at) != Some(&b':') {
                return None;
            }
            at = skip_whitespace(body, at + 1);
            at = match name {
                b"code" => {
                    let (code, next) = plain_integer(body, at)?;
                    members.code = Some(code);
                    next
                }
                b"msg" => match plain_string(body, at) {
                    Some(((start, end), next)) => {
                        let text = body.get(start as usize..end as usize)?;
                        members.msg = Some(std::str::from_utf8(text).ok()?.to_owned());
                        next
                    }
                    None => {
                        let (msg, next) = next_value::<Option<String>>(body, at)?;
                        members.msg = msg;
                        next
                    }
                },
                b"data" if members.code == Some(0) => {
                    let (data, next) = next_value::<Option<T>>(body, at)?;
                    members.data = data.map_or(Seen::Absent, Seen::Typed);
                    next
                }
                b"data" => {
                    let (NotNull(present), next) = next_value::<NotNull>(body, at)?;
                    members.data = if present { Seen::Text } else { Seen::Absent };
                    next
                }
                _ => {
                    std::str::from_utf8(name).ok()?;
                    next_value::<serde::de::IgnoredAny>(body, at)?.1
                }
            };
            at = skip_whitespace(body, at);
            match body.get(at) {
                Some(b',') => at = skip_whitespace(body, at + 1),
                Some(b'}') => {
                    at += 1;
                    break;
                }
                _ => return None,
            }
        }
    }
    (skip_whitespace(body, at) == body.len()).then_some(members)
}

/// The JSON value starting at `at`, read by serde_json, and the index after it.
fn next_value<T: DeserializeOwned>(body: &[u8], at: usize) -> Option<(T, usize)> {
    let mut values = serde_json::Deserializer::from_slice(body.get(at..)?).into_iter::<T>();
    let value = values.next()?.ok()?;
    Some((value, at + values.byte_offset()))
}

/// The non-negative JSON integer of at most 18 digits starting at `at` (followed by
/// whitespace, `,` or `}`), and the index after it.
fn plain_integer(body: &[u8], at: usize) -> Option<(i64, usize)> {
    let digits = body
        .get(at..)?
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    // No leading zero (not JSON) and no overflow.
    if digits == 0 || digits > 18 || (digits > 1 && body[at] == b'0') {
        return None;
    }
    let end = at + digits;
    if !matches!(
        body.get(end),
        Some(b' ' | b'\t' | b'\n' | b'\r' | b',' | b'}')
    ) {
        return None;
    }
    let value = body[at..end]
        .iter()
        .fold(0i64, |value, &b| value * 10 + i64::from(b - b'0'));
    Some((value, end))
}

/// How [`read_members`] reads `code`.
trait CodeMember: Sized {
    /// Reads one `code` value; `Ok(None)` for `null` (an envelope without a code).
    fn read<'de, A: serde::de::MapAccess<'de>>(map: &mut A) -> Result<Option<Self>, A::Error>;
    /// Whether the code is 0 (a number, or a numeric string as the envelope reads it).
    fn is_zero(&self) -> bool;
}

impl CodeMember for Value {
    fn read<'de, A: serde::de::MapAccess<'de>>(map: &mut A) -> Result<Option<Self>, A::Error> {
        // `null` kept as a value: `from_parts` tells it from a missing code the same way.
        map.next_value().map(Some)
    }

    fn is_zero(&self) -> bool {
        match self {
            Value::Number(n) => n.as_i64() == Some(0),
            Value::String(s) => s.trim().parse::<i64>() == Ok(0),
            _ => false,
        }
    }
}

impl CodeMember for i64 {
    fn read<'de, A: serde::de::MapAccess<'de>>(map: &mut A) -> Result<Option<Self>, A::Error> {
        map.next_value::<CodeValue>().map(|c| c.0)
    }

    fn is_zero(&self) -> bool {
        *self == 0
    }
}

/// How [`read_members`] reads `msg`.
trait MsgMember: Sized {
    /// Reads one `msg` value; `Ok(None)` for what the envelope reads as `""` (`null`).
    fn read<'de, A: serde::de::MapAccess<'de>>(map: &mut A) -> Result<Option<Self>, A::Error>;
}

impl MsgMember for Value {
    fn read<'de, A: serde::de::MapAccess<'de>>(map: &mut A) -> Result<Option<Self>, A::Error> {
        map.next_value().map(Some)
    }
}

impl MsgMember for String {
    fn read<'de, A: serde::de::MapAccess<'de>>(map: &mut A) -> Result<Option<Self>, A::Error> {
        map.next_value::<Option<String>>()
    }
}

/// A `code` read as the envelope reads it, without a [`Value`]: an integer that fits an
/// `i64`, a string of one once trimmed, or `null` (`None`); anything else is an error.
struct CodeValue(Option<i64>);

impl<'de> serde::Deserialize<'de> for CodeValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl serde::de::Visitor<'_> for Visitor {
            type Value = CodeValue;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer code")
            }

            fn visit_unit<E: serde::de::Error>(self) -> Result<CodeValue, E> {
                Ok(CodeValue(None))
            }

            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<CodeValue, E> {
                Ok(CodeValue(Some(v)))
            }

            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<CodeValue, E> {
                i64::try_from(v)
                    .map(|v| CodeValue(Some(v)))
                    .map_err(|_| E::custom("code out of range"))
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<CodeValue, E> {
                v.trim()
                    .parse::<i64>()
                    .map(|v| CodeValue(Some(v)))
                    .map_err(|_| E::custom("code not numeric"))
            }
        }

        deserializer.deserialize_any(Visitor)
    }
}

struct MembersSeed<T, C, M>(Read, std::marker::PhantomData<(T, C, M)>);

impl<'de, T: serde::Deserialize<'de>, C: CodeMember, M: MsgMember> serde::de::DeserializeSeed<'de>
    for MembersSeed<T, C, M>
{
    type Value = Members<T, C, M>;

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Members<T, C, M>, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, T: serde::Deserialize<'de>, C: CodeMember, M: MsgMember> serde::de::Visitor<'de>
    for MembersSeed<T, C, M>
{
    type Value = Members<T, C, M>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> Result<Members<T, C, M>, A::Error> {
        let read = self.0;
        let mut members = Members {
            code: None,
            msg: None,
            data: Seen::Absent,
        };
        while let Some(key) = map.next_key::<MemberKey>()? {
            match key {
                MemberKey::Code if read != Read::DataOnly => members.code = C::read(&mut map)?,
                MemberKey::Msg if read != Read::DataOnly => members.msg = M::read(&mut map)?,
                MemberKey::Data
                    if read == Read::DataOnly
                        || (read == Read::TypedAfterZeroCode
                            && members.code.as_ref().is_some_and(C::is_zero)) =>
                {
                    members.data = match map.next_value::<Option<T>>()? {
                        Some(typed) => Seen::Typed(typed),
                        None => Seen::Absent,
                    };
                }
                MemberKey::Data => {
                    members.data = if map.next_value::<NotNull>()?.0 {
                        Seen::Text
                    } else {
                        Seen::Absent
                    };
                }
                _ => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        Ok(members)
    }
}

/// A member name of an answer object, read without copying it.
enum MemberKey {
    Code,
    Msg,
    Data,
    Other,
}

impl<'de> serde::Deserialize<'de> for MemberKey {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Key;

        impl serde::de::Visitor<'_> for Key {
            type Value = MemberKey;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }

            fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<MemberKey, E> {
                Ok(match name {
                    "code" => MemberKey::Code,
                    "msg" => MemberKey::Msg,
                    "data" => MemberKey::Data,
                    _ => MemberKey::Other,
                })
            }
        }

        deserializer.deserialize_identifier(Key)
    }
}

/// Keeps at most [`EXCERPT_MAX_BYTES`] (on a character boundary).
fn truncate(mut text: String) -> String {
    if text.len() > EXCERPT_MAX_BYTES {
        let mut end = EXCERPT_MAX_BYTES;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push('…');
    }
    text
}

/// A bounded excerpt of a raw body with every `"token": "…"` value replaced by `***`.
fn body_excerpt(body: &[u8]) -> String {
    // Redact within a window larger than the excerpt so a token crossing the cut is caught.
    let window = &body[..body.len().min(EXCERPT_MAX_BYTES * 8)];
    let text = String::from_utf8_lossy(window);
    truncate(redact_tokens(&text))
}

fn redact_tokens(text: &str) -> String {
    const KEY: &str = "\"token\"";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find(KEY) {
        let after_key = pos + KEY.len();
        out.push_str(&rest[..after_key]);
        rest = &rest[after_key..];
        let trimmed = rest.trim_start();
        let Some(after_colon) = trimmed.strip_prefix(':') else {
            continue;
        };
        let value = after_colon.trim_start();
        let Some(inner) = value.strip_prefix('"') else {
            continue;
        };
        // Find the closing quote, skipping escapes.
        let mut escaped = false;
        let mut close = None;
        for (i, c) in inner.char_indices() {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                close = Some(i);
                break;
            }
        }
        out.push_str(&rest[..rest.len() - inner.len()]);
        out.push_str("***");
        match close {
            Some(i) => rest = &inner[i..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// What went wrong with a REST v2 call's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ApiErrorKind {
    /// The service answered a non-zero `code` (or a second 10001 / 301).
    Rejected {
        /// `code`.
        code: i64,
        /// `msg`.
        msg: String,
    },
    /// A 2xx answer that is not a usable envelope, or a success without what the endpoint
    /// needs (e.g. an auth answer without `data.token`).
    Malformed {
        /// What is wrong.
        reason: &'static str,
    },
    /// A non-2xx answer without a JSON object carrying a `code`.
    Http,
    /// A 301 answer without any host in `data.host_list[*].domain_list`.
    HostSwitchWithoutHosts,
}

/// The error of a REST v2 call: which endpoint, what went wrong, the HTTP status and a
/// bounded excerpt of the answer (credentials redacted).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub struct ApiError {
    inner: Box<Inner>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Inner {
    name: Option<&'static str>,
    endpoint: Option<&'static str>,
    kind: ApiErrorKind,
    status: u16,
    code: Option<i64>,
    excerpt: String,
    request_id: Option<String>,
}

impl ApiError {
    /// An error of `kind` for an answer with HTTP `status`, without endpoint and excerpt.
    pub fn new(kind: ApiErrorKind, status: u16) -> Self {
        let code = match &kind {
            ApiErrorKind::Rejected { code, .. } => Some(*code),
            ApiErrorKind::HostSwitchWithoutHosts => Some(301),
            _ => None,
        };
        Self {
            inner: Box::new(Inner {
                name: None,
                endpoint: None,
                kind,
                status,
                code,
                excerpt: String::new(),
                request_id: None,
            }),
        }
    }

    /// The envelope's code was not 0.
    pub fn rejected(envelope: &Envelope) -> Self {
        Self::new(
            ApiErrorKind::Rejected {
                code: envelope.code.value(),
                msg: envelope.msg.clone(),
            },
            envelope.status,
        )
        .with_excerpt(envelope.excerpt())
    }

    /// The envelope was a success but lacks what the endpoint needs.
    pub fn malformed(envelope: &Envelope, reason: &'static str) -> Self {
        let mut err = Self::new(ApiErrorKind::Malformed { reason }, envelope.status)
            .with_excerpt(envelope.excerpt());
        err.inner.code = Some(envelope.code.value());
        err
    }

    /// The same error naming the official method and the endpoint template.
    #[must_use]
    pub fn for_action(mut self, name: &'static str, endpoint: &'static str) -> Self {
        self.inner.name = Some(name);
        self.inner.endpoint = Some(endpoint);
        self
    }

    /// The same error with the request's `request_id`.
    #[must_use]
    pub fn with_request_id(mut self, request_id: Option<&str>) -> Self {
        self.inner.request_id = request_id.map(str::to_owned);
        self
    }

    /// The same error with an excerpt (bounded to [`EXCERPT_MAX_BYTES`]).
    #[must_use]
    pub fn with_excerpt(mut self, excerpt: String) -> Self {
        self.inner.excerpt = truncate(excerpt);
        self
    }

    /// The official method name (`pushToSingleByCid`), when known.
    pub fn name(&self) -> Option<&'static str> {
        self.inner.name
    }

    /// The endpoint template (`POST /push/single/cid`), when known.
    pub fn endpoint(&self) -> Option<&'static str> {
        self.inner.endpoint
    }

    /// What went wrong.
    pub fn kind(&self) -> &ApiErrorKind {
        &self.inner.kind
    }

    /// The HTTP status of the answer.
    pub fn status(&self) -> u16 {
        self.inner.status
    }

    /// The business code, when the answer had one.
    pub fn code(&self) -> Option<i64> {
        self.inner.code
    }

    /// The class of the business code, when the answer had one.
    pub fn class(&self) -> Option<CodeClass> {
        self.inner.code.map(|c| Code::from_value(c).class())
    }

    /// `msg`, for a rejected call.
    pub fn msg(&self) -> Option<&str> {
        match &self.inner.kind {
            ApiErrorKind::Rejected { msg, .. } => Some(msg),
            _ => None,
        }
    }

    /// A bounded excerpt of the answer (at most [`EXCERPT_MAX_BYTES`] plus `…`), with
    /// `token` values redacted.
    pub fn raw_excerpt(&self) -> &str {
        &self.inner.excerpt
    }

    /// The `request_id` of the request, when known.
    pub fn request_id(&self) -> Option<&str> {
        self.inner.request_id.as_deref()
    }

    /// 10001: the token is wrong or expired.
    pub fn is_token_invalid(&self) -> bool {
        self.inner.code == Some(10001)
    }

    /// Whether the same request may succeed later ([`Code::is_retryable`]).
    pub fn is_retryable(&self) -> bool {
        self.inner
            .code
            .is_some_and(|c| Code::from_value(c).is_retryable())
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.inner.name, self.inner.endpoint) {
            (Some(name), Some(endpoint)) => write!(f, "`{name}` ({endpoint}): ")?,
            (Some(name), None) => write!(f, "`{name}`: ")?,
            (None, Some(endpoint)) => write!(f, "{endpoint}: ")?,
            (None, None) => {}
        }
        match &self.inner.kind {
            ApiErrorKind::Rejected { code, msg } => {
                write!(f, "rejected with code {code} (HTTP {})", self.inner.status)?;
                if !msg.is_empty() {
                    write!(f, ": {msg}")?;
                }
                Ok(())
            }
            ApiErrorKind::Malformed { reason } => {
                write!(f, "malformed answer (HTTP {}): {reason}", self.inner.status)
            }
            ApiErrorKind::Http => {
                write!(f, "HTTP status {} without a JSON answer", self.inner.status)
            }
            ApiErrorKind::HostSwitchWithoutHosts => {
                f.write_str("code 301 (switch hosts) without any host in `data.host_list`")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(status: u16, body: &str) -> Result<Envelope, ApiError> {
        Envelope::parse(status, body.as_bytes(), &AnswerLimits::default())
    }

    #[test]
    fn data_is_read_from_the_text_as_a_value_or_a_type() {
        use std::collections::BTreeMap;
        type Statuses = BTreeMap<String, BTreeMap<String, String>>;
        let body =
            r#"{"data":{"t1":{"c1":"successed_online"}},"code":0,"msg":"ok","x":[1,{"y":null}]}"#;
        let e = parse(200, body).unwrap();
        assert!(e.has_data());
        let typed: Statuses = e.data_as().unwrap().unwrap();
        assert_eq!(typed["t1"]["c1"], "successed_online");
        let full: Value = serde_json::from_str(body).unwrap();
        assert_eq!(e.data(), Some(&full["data"]));
        // After the value was built, the typed read uses it and agrees.
        assert_eq!(e.data_as::<Statuses>().unwrap().unwrap(), typed);
        // A shape that does not fit is an error, not a panic.
        assert!(e.data_as::<Vec<u8>>().unwrap().is_err());
        assert!(parse(200, body)
            .unwrap()
            .data_as::<Vec<u8>>()
            .unwrap()
            .is_err());

        // Absent or null: no data, whatever the type asked for.
        for body in [r#"{"code":0}"#, r#"{"code":0,"data":null}"#] {
            let e = parse(200, body).unwrap();
            assert!(!e.has_data() && e.data().is_none());
            assert!(e.data_as::<Statuses>().is_none());
        }
        // The last of duplicate members wins, as in a parsed map.
        let e = parse(200, r#"{"code":0,"data":{"a":1},"data":{"b":2}}"#).unwrap();
        assert_eq!(e.data(), Some(&serde_json::json!({"b": 2})));
        let e = parse(200, r#"{"code":0,"data":{"a":1},"data":{"b":2}}"#).unwrap();
        assert_eq!(
            e.data_as::<BTreeMap<String, u8>>().unwrap().unwrap(),
            BTreeMap::from([("b".to_owned(), 2)])
        );
        // A shared body gives the same envelope as a borrowed one.
        let shared = Envelope::parse_bytes(
            200,
            Bytes::from_static(body.as_bytes()),
            &AnswerLimits::default(),
        )
        .unwrap();
        assert_eq!(shared, parse(200, body).unwrap());
        // Built from members: the value given.
        let members: Map<String, Value> = serde_json::from_str(body).unwrap();
        assert_eq!(Envelope::from_members(200, members).unwrap(), shared);
    }

    #[test]
    fn a_typed_parse_reads_data_once_and_agrees_with_the_plain_one() {
        use std::collections::BTreeMap;
        type Statuses = BTreeMap<String, BTreeMap<String, String>>;
        let typed = |body: &str| {
            Envelope::parse_bytes_typed::<Statuses>(
                200,
                Bytes::copy_from_slice(body.as_bytes()),
                &AnswerLimits::default(),
            )
        };
        let ok = r#"{"code":0,"msg":"success","data":{"t":{"c":"successed_online"}}}"#;
        let e = typed(ok).unwrap();
        assert_eq!(e, parse(200, ok).unwrap());
        assert!(matches!(e.data, Data::Typed { .. }));
        assert_eq!(e.data().unwrap()["t"]["c"], "successed_online");
        let mut e = e;
        let statuses = e.take_typed::<Statuses>().unwrap();
        assert_eq!(statuses["t"]["c"], "successed_online");
        // Taken once; the data stays readable from the text.
        assert!(e.take_typed::<Statuses>().is_none());
        assert_eq!(e, parse(200, ok).unwrap());
        // Another type asked for: nothing taken, the data intact.
        let mut other = typed(ok).unwrap();
        assert!(other.take_typed::<Vec<u8>>().is_none());
        assert_eq!(other, parse(200, ok).unwrap());
        assert!(other.take_typed::<Statuses>().is_some());

        // Only after a `code` of 0, and only for the right shape: otherwise the plain reading.
        for body in [
            r#"{"data":{"t":{"c":"x"}},"code":0}"#,
            r#"{"code":1,"data":{"t":{"c":"x"}},"code":0}"#,
            r#"{"code":0,"data":{"t":{"c":"x"}},"code":1}"#,
            r#"{"code":20001,"msg":"bad","data":{"t":{"c":"x"}}}"#,
            r#"{"code":0,"data":[1,2]}"#,
            r#"{"code":0,"data":null}"#,
            r#"{"code":"0","data":{"t":{"c":"x"}},"code":301}"#,
        ] {
            assert_eq!(typed(body).unwrap(), parse(200, body).unwrap(), "{body}");
        }
        // A string code of 0 counts; errors are the plain parse's.
        assert!(matches!(
            typed(r#"{"code":"0","data":{"t":{"c":"x"}}}"#)
                .unwrap()
                .data,
            Data::Typed { .. }
        ));
        for body in ["", "[1]", r#"{"msg":"x"}"#, "<html>"] {
            assert_eq!(
                typed(body).unwrap_err().to_string(),
                parse(200, body).unwrap_err().to_string()
            );
        }
    }

    #[test]
    fn the_typed_fast_reading_of_code_and_msg_agrees_with_the_value_reading() {
        use std::collections::BTreeMap;
        type Statuses = BTreeMap<String, BTreeMap<String, String>>;
        let typed = |status: u16, body: &str| {
            Envelope::parse_bytes_typed::<Statuses>(
                status,
                Bytes::copy_from_slice(body.as_bytes()),
                &AnswerLimits::default(),
            )
        };
        let data = r#"{"t":{"c":"successed_online"}}"#;
        for (body, fast) in [
            // Read in the typed pass: integer or numeric string codes, string or null msg.
            (
                format!(r#"{{"code":0,"msg":"success","data":{data}}}"#),
                true,
            ),
            (format!(r#"{{"code":" 0 ","data":{data}}}"#), true),
            (format!(r#"{{"code":0,"msg":null,"data":{data}}}"#), true),
            (
                format!(r#"{{"msg":"a\"b\u4e2d","code":0,"data":{data}}}"#),
                true,
            ),
            (
                format!(r#"{{"code":0,"x":[1,{{"y":null}}],"data":{data},"z":1.5}}"#),
                true,
            ),
            (
                format!(r#"{{"code":0,"msg":"a","msg":"b","data":{data}}}"#),
                true,
            ),
            (
                format!(r#"{{"code":0,"msg":"a","msg":null,"data":{data}}}"#),
                true,
            ),
            (r#"{"code":20001,"msg":"bad"}"#.to_owned(), false),
            (
                r#"{"code":"10001","msg":"token expired"}"#.to_owned(),
                false,
            ),
            (r#"{"code":0}"#.to_owned(), false),
            // Anything else: the value reading.
            (format!(r#"{{"code":0.0,"data":{data}}}"#), false),
            (format!(r#"{{"code":1e0,"data":{data}}}"#), false),
            (
                format!(r#"{{"code":9223372036854775808,"data":{data}}}"#),
                false,
            ),
            (format!(r#"{{"code":"0x","data":{data}}}"#), false),
            (format!(r#"{{"code":true,"data":{data}}}"#), false),
            (format!(r#"{{"code":[0],"data":{data}}}"#), false),
            (format!(r#"{{"code":null,"data":{data}}}"#), false),
            (format!(r#"{{"code":0,"code":null,"data":{data}}}"#), false),
            (format!(r#"{{"code":null,"code":0,"data":{data}}}"#), true),
            (format!(r#"{{"code":0,"msg":7,"data":{data}}}"#), false),
            (
                format!(r#"{{"code":0,"msg":{{"a":1}},"data":{data}}}"#),
                false,
            ),
            (format!(r#"{{"msg":"x","data":{data}}}"#), false),
            (format!(r#"{{"code":0,"data":{data}}} x"#), false),
            (format!(r#"{{"code":0,"data":{data},}}"#), false),
            // What the scan of the text leaves to the member reading, or reads itself.
            (
                format!(" \n{{ \"code\" : 0 ,\t\"msg\":\"\" , \"data\" :{data} }}\r\n"),
                true,
            ),
            (format!(r#"{{"co\u0064e":0,"data":{data}}}"#), true),
            (format!(r#"{{"code":0,"d\u0061ta":{data}}}"#), true),
            (format!(r#"{{"code":00,"data":{data}}}"#), false),
            (format!(r#"{{"code":01,"data":{data}}}"#), false),
            (format!(r#"{{"code":-1,"data":{data}}}"#), false),
            (format!(r#"{{"code":-0,"data":{data}}}"#), false),
            (
                format!(r#"{{"code":123456789012345678,"data":{data}}}"#),
                false,
            ),
            (
                format!(r#"{{"code":1234567890123456789,"data":{data}}}"#),
                false,
            ),
            (format!(r#"{{"code":0x,"data":{data}}}"#), false),
            (format!(r#"{{"code":0"data":{data}}}"#), false),
            (format!(r#"{{"code":0,"data":{data}"msg":"x"}}"#), false),
            (format!(r#"{{"code" 0,"data":{data}}}"#), false),
            (
                format!(r#"{{"code":0,"msg":"\u0001","data":{data}}}"#),
                true,
            ),
            (
                format!("{{\"code\":0,\"msg\":\"\u{1}\",\"data\":{data}}}"),
                false,
            ),
            (
                format!("{{\"code\":0,\"msg\":\"中文\",\"data\":{data}}}"),
                true,
            ),
            (
                format!("{{\"code\":0,\"名\":\"中文\",\"data\":{data}}}"),
                true,
            ),
            (
                format!(r#"{{"code":0,"msg":"x","msg":"\"y\"","data":{data}}}"#),
                true,
            ),
            (format!(r#"{{"code":0,"data":null,"data":{data}}}"#), true),
            (format!(r#"{{"code":0,"data":{data},"data":null}}"#), true),
            (r#"{"code":0,"data":{"t":{"c":1}}}"#.to_owned(), false),
            (r#"{"code":0,"data":{"t":{"c":"x"}} }"#.to_owned(), true),
            (r#"{"code":0,"data":{"t":{"c":"x"}}"#.to_owned(), false),
            (
                format!(r#"{{"code":0,"x":1e5,"y":-2,"z":[true,false,null],"data":{data}}}"#),
                true,
            ),
            (format!(r#"{{"code":0,"x":1x,"data":{data}}}"#), false),
            (format!(r#"{{"code":0,"x":tru,"data":{data}}}"#), false),
            (format!(r#"{{"code":0,"x":{{"a":}},"data":{data}}}"#), false),
            ("{}".to_owned(), false),
            ("{ }".to_owned(), false),
            (r#"{"code":0}"#.to_owned(), false),
            (r#"{"code":0,"data":{}}"#.to_owned(), true),
        ] {
            for status in [200, 500] {
                let (fast_reading, plain) = (typed(status, &body), parse(status, &body));
                match (&fast_reading, &plain) {
                    (Ok(a), Ok(b)) => {
                        assert_eq!(a, b, "{body}");
                        assert_eq!(a.msg, b.msg, "{body}");
                        assert_eq!(a.code, b.code, "{body}");
                        assert_eq!(a.has_data(), b.has_data(), "{body}");
                        assert_eq!(
                            matches!(a.data, Data::Typed { .. }),
                            fast && a.code.is_ok() && a.has_data(),
                            "{body}"
                        );
                    }
                    (Err(a), Err(b)) => {
                        assert!(!fast, "{body}");
                        assert_eq!(a, b, "{body}");
                        assert_eq!(a.to_string(), b.to_string(), "{body}");
                        assert_eq!(a.raw_excerpt(), b.raw_excerpt(), "{body}");
                        assert_eq!(a.status(), b.status(), "{body}");
                    }
                    _ => panic!("{body}: {fast_reading:?} / {plain:?}"),
                }
            }
        }
        // The limits apply before either reading.
        let body = format!(r#"{{"code":0,"data":{data}}}"#);
        let tight = AnswerLimits {
            max_bytes: 1 << 20,
            max_depth: 2,
        };
        let err = Envelope::parse_bytes_typed::<Statuses>(200, Bytes::from(body.clone()), &tight)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            Envelope::parse(200, body.as_bytes(), &tight)
                .unwrap_err()
                .to_string()
        );
        let small = AnswerLimits {
            max_bytes: 10,
            max_depth: 32,
        };
        assert!(Envelope::parse_bytes_typed::<Statuses>(200, Bytes::from(body), &small).is_err());
    }

    #[test]
    fn the_scan_of_the_text_agrees_with_the_member_reading() {
        use std::collections::BTreeMap;
        type Statuses = BTreeMap<String, BTreeMap<String, String>>;
        let summary = |m: Members<Statuses, i64, String>| {
            let data = match m.data {
                Seen::Absent => "absent".to_owned(),
                Seen::Text => "text".to_owned(),
                Seen::Typed(t) => format!("{t:?}"),
            };
            (m.code, m.msg, data)
        };
        let mut scanned = 0;
        for body in [
            r#"{"code":0,"msg":"success","data":{"RASS_bench":{"0a1b2c3d":"successed_online"}}}"#,
            r#"{"code":0,"msg":"success"}"#,
            r#"{"code":0,"msg":null,"data":null}"#,
            r#"{"code":20001,"msg":"invalid param","data":{"x":[1,2,{"y":null}]}}"#,
            r#"{"msg":"a\"b","code":10001}"#,
            r#"{"code":0,"data":{"t":{"c":"x"}},"code":0,"msg":"m","msg":"n"}"#,
            r#"{"data":{"t":{"c":"x"}},"code":0}"#,
            r#"{"code":1,"data":{"t":{"c":"x"}},"code":0}"#,
            r#"{"code":0,"data":{"t":{"c":"x"}},"code":1}"#,
            r#" { "code" : 301 , "data" : { "host_list" : [ ] } } "#,
            r#"{"code":0,"data":[1]}"#,
            r#"{"code":0,"msg":5}"#,
            r#"{"code":"0"}"#,
            r#"{"code":0,}"#,
            r#"{"code":0} {}"#,
        ] {
            let read =
                read_members::<Statuses, i64, String>(body.as_bytes(), Read::TypedAfterZeroCode);
            match scan_members::<Statuses>(body.as_bytes()) {
                Some(scan) => {
                    scanned += 1;
                    assert_eq!(summary(scan), summary(read.unwrap()), "{body}");
                }
                // The scan declines only what the member reading refuses too, or a string code.
                None => assert!(
                    read.is_err() || body.contains(r#""code":"#) && body.contains(r#""0""#),
                    "{body}"
                ),
            }
        }
        assert_eq!(scanned, 10);
    }

    #[test]
    fn codes() {
        assert_eq!(
            parse(200, r#"{"code":0}"#).unwrap().code,
            Code::Known(KnownCode::Success)
        );
        assert_eq!(
            parse(200, r#"{"code":" 12 "}"#).unwrap().code,
            Code::Other(12)
        );
        assert!(matches!(
            parse(200, r#"{"code":"x"}"#).unwrap_err().kind(),
            ApiErrorKind::Malformed { .. }
        ));
        assert!(matches!(
            parse(200, r#"{"code":1.5}"#).unwrap_err().kind(),
            ApiErrorKind::Malformed { .. }
        ));
        assert!(matches!(
            parse(404, r#"{"error":"x"}"#).unwrap_err().kind(),
            ApiErrorKind::Http
        ));
        let e = parse(200, r#"{"code":0,"msg":null,"data":null,"result":"x"}"#).unwrap();
        assert_eq!((e.msg.as_str(), e.data().is_none()), ("", true));
        assert_eq!(Code::from_value(30019).class(), CodeClass::ServerBusy);
        assert!(Code::from_value(10005).is_retryable());
        assert!(!Code::from_value(20001).is_retryable());
    }

    #[test]
    fn redaction() {
        assert_eq!(
            redact_tokens(r#"{"data": {"token" : "abc\"d", "x": "token"}}"#),
            r#"{"data": {"token" : "***", "x": "token"}}"#
        );
        assert_eq!(
            redact_tokens(r#""token": "unterminated"#),
            r#""token": "***"#
        );
        let env = parse(
            200,
            r#"{"code":0,"data":{"token":"SECRET","expire_time":"1"}}"#,
        )
        .unwrap();
        assert!(!env.excerpt().contains("SECRET"));
        assert!(!format!("{env:?}").contains("SECRET"));
    }

    #[test]
    fn long_excerpt_is_bounded() {
        let body = format!(r#"<html>{}</html>"#, "é".repeat(5000));
        let err = parse(200, &body).unwrap_err();
        assert!(err.raw_excerpt().len() <= EXCERPT_MAX_BYTES + '…'.len_utf8());
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    /// Text shaped like an envelope: known and unknown names (one with an escape), codes of
    /// every shape, strings, `null`, objects of the data type or not, syntax slips.
    fn envelope_like_text() -> impl Strategy<Value = String> {
        r#"[ \n]?\{([ ]?"(code|msg|data|x|co\\u0064e)"[ ]?:[ ]?(0|7|01|-1|1\.0|"0"|" 3"|"a\\"b"|"s"|null|\{"t":\{"c":"x"\}\}|\{"t":1\}|\[1\]|1e2|true)[ ]?,?){0,5}\}[ ]?"#
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

        #[test]
        fn the_typed_reading_agrees_with_the_plain_one(text in envelope_like_text(), status in prop_oneof![Just(200u16), Just(502u16)]) {
            type Statuses = std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>>;
            let limits = AnswerLimits::default();
            let typed = Envelope::parse_bytes_typed::<Statuses>(status, Bytes::from(text.clone()), &limits);
            let plain = Envelope::parse(status, text.as_bytes(), &limits);
            match (typed, plain) {
                (Ok(mut typed), Ok(plain)) => {
                    prop_assert_eq!(&typed, &plain);
                    prop_assert_eq!(&typed.msg, &plain.msg);
                    prop_assert_eq!(typed.has_data(), plain.has_data());
                    let statuses = typed.take_typed::<Statuses>();
                    if let Some(statuses) = statuses {
                        prop_assert_eq!(Some(Ok(statuses)), plain.data_as::<Statuses>().map(|r| r.map_err(|e| e.to_string())));
                    }
                }
                (Err(typed), Err(plain)) => {
                    prop_assert_eq!(typed.to_string(), plain.to_string());
                    prop_assert_eq!(typed, plain);
                }
                (typed, plain) => prop_assert!(false, "{}: {:?} / {:?}", text, typed, plain),
            }
        }
    }
}
