//! Authentication and host discovery: `connect`, `close`, `getOSPushDomailUrlListAction`.

use getui_model::json_text::ObjectWriter;
use getui_model::secret::{AuthToken, MasterSecret};
use serde_json::Value;

use super::{open, Action, RequestContext, Trailer};
use crate::answer::{check, Answer, ApiError, ApiErrorKind, ResultCode};
use crate::sign::connect_sign;

/// `connect` (official `connect`): exchanges a signed timestamp for an auth token
/// (docs/protocol-legacy.md section 4.1).
///
/// Members: `action`, `appkey`, `timeStamp` (integer, ms), `sign`, then `version` only (no
/// `authToken`). The sign is computed while encoding, from the context's app key, so the
/// signed text and the sent values always agree.
///
/// ```
/// use getui_model::secret::MasterSecret;
/// use getui_protocol::action::{encode, Connect, RequestContext};
/// let secret = MasterSecret::new("MASTERSECRET");
/// let req = encode(&Connect::new(1_600_000_000_000, &secret), &RequestContext::new("APPKEY"));
/// assert_eq!(
///     std::str::from_utf8(&req.json).unwrap(),
///     r#"{"action": "connect", "appkey": "APPKEY", "timeStamp": 1600000000000, "sign": "0285070899e6ecaa99140eaf59951aa3", "version": "4.1.1.2"}"#
/// );
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Connect<'a> {
    timestamp_ms: i64,
    master_secret: &'a MasterSecret,
}

impl<'a> Connect<'a> {
    /// A `connect` for the current Unix time in milliseconds `timestamp_ms`.
    #[must_use]
    pub fn new(timestamp_ms: i64, master_secret: &'a MasterSecret) -> Self {
        Self {
            timestamp_ms,
            master_secret,
        }
    }

    /// The timestamp sent (and signed).
    pub fn timestamp_ms(&self) -> i64 {
        self.timestamp_ms
    }
}

/// The output of [`Connect`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Connected {
    /// The token of member `authtoken`. `None` when the server answered `success` without one:
    /// the official SDKs then keep the previous token (an empty one before the first connect).
    pub auth_token: Option<AuthToken>,
    /// The rest of the answer (the token member removed).
    pub answer: Answer,
}

impl Action for Connect<'_> {
    const NAME: &'static str = "connect";
    const TRAILER: Trailer = Trailer::VersionOnly;
    type Output = Connected;

    fn write_members(&self, ctx: &RequestContext<'_>, obj: &mut ObjectWriter<'_>) {
        open::<Self>(ctx, obj);
        obj.i64("timeStamp", self.timestamp_ms).str(
            "sign",
            &connect_sign(ctx.app_key, self.timestamp_ms, self.master_secret),
        );
    }

    /// Success only when `result` is exactly `success`; anything else is an
    /// [`ApiErrorKind::AuthFailed`] error. A non-string `authtoken` is
    /// [`ApiErrorKind::Malformed`].
    fn parse(mut answer: Answer) -> Result<Connected, ApiError> {
        let token = answer.take_member("authtoken");
        if *answer.code() != ResultCode::Success {
            return Err(ApiError::new(Self::NAME, ApiErrorKind::AuthFailed, answer));
        }
        let auth_token = match token {
            None => None,
            Some(Value::String(text)) => Some(AuthToken::new(text)),
            Some(_) => {
                return Err(ApiError::new(
                    Self::NAME,
                    ApiErrorKind::Malformed {
                        member: "authtoken",
                    },
                    answer,
                ))
            }
        };
        Ok(Connected { auth_token, answer })
    }
}

/// `close` (official `close`): invalidates the auth token (docs/protocol-legacy.md section 4.3).
///
/// Members: `action`, `appkey`, then `version` and `authToken`. The answer is ignored by the
/// official SDKs; here it is returned whatever its `result`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Close;

impl Action for Close {
    const NAME: &'static str = "close";
    type Output = Answer;

    fn write_members(&self, ctx: &RequestContext<'_>, obj: &mut ObjectWriter<'_>) {
        open::<Self>(ctx, obj);
    }

    fn size_hint(&self) -> usize {
        96
    }

    /// Never fails: the answer to `close` carries no information the caller must act on.
    fn parse(answer: Answer) -> Result<Answer, ApiError> {
        Ok(answer)
    }
}

/// `getOSPushDomailUrlListAction` (sic) (internal to the official SDKs): asks a bootstrap
/// (`serviceex`) URL for the push hosts (docs/protocol-legacy.md sections 7.1 and 9.2).
///
/// Members: `action`, `appkey` and nothing else, as the Python SDK sends it (C#/PHP append the
/// standard trailer).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GetOsPushDomainUrlList;

/// The output of [`GetOsPushDomainUrlList`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct OsPushDomains {
    /// The push host URLs of `osList`, in order (opaque full URLs to POST to).
    pub hosts: Vec<String>,
    /// The whole answer.
    pub answer: Answer,
}

impl Action for GetOsPushDomainUrlList {
    const NAME: &'static str = "getOSPushDomailUrlListAction";
    const TRAILER: Trailer = Trailer::None;
    type Output = OsPushDomains;

    fn write_members(&self, ctx: &RequestContext<'_>, obj: &mut ObjectWriter<'_>) {
        open::<Self>(ctx, obj);
    }

    fn size_hint(&self) -> usize {
        64
    }

    /// Success only for `result` `ok` with a non-empty `osList` of strings (the Python SDK
    /// tries the next bootstrap URL otherwise).
    fn parse(answer: Answer) -> Result<OsPushDomains, ApiError> {
        let answer = check::ok(Self::NAME, answer)?;
        let hosts: Vec<String> = answer.os_list().into_iter().map(str::to_owned).collect();
        if hosts.is_empty() {
            return Err(ApiError::new(
                Self::NAME,
                ApiErrorKind::Malformed { member: "osList" },
                answer,
            ));
        }
        Ok(OsPushDomains { hosts, answer })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::encode;
    use crate::answer::AnswerLimits;

    fn answer(text: &str) -> Answer {
        Answer::parse(text.as_bytes(), &AnswerLimits::default()).unwrap()
    }

    #[test]
    fn connect_takes_the_token_out_of_the_answer() {
        let out = Connect::parse(answer(r#"{"result": "success", "authtoken": "abc"}"#)).unwrap();
        assert_eq!(out.auth_token, Some(AuthToken::new("abc")));
        assert!(out.answer.get("authtoken").is_none());
        assert!(!format!("{out:?}").contains("abc"));
    }

    #[test]
    fn connect_without_token_keeps_none() {
        let out = Connect::parse(answer(r#"{"result": "success"}"#)).unwrap();
        assert_eq!(out.auth_token, None);
    }

    #[test]
    fn connect_failures_are_auth_failures() {
        for text in [
            r#"{"result": "fail"}"#,
            r#"{"result": "ok", "authtoken": "abc"}"#,
            r#"{"result": "sign_error"}"#,
        ] {
            let err = Connect::parse(answer(text)).unwrap_err();
            assert!(err.is_auth_failure(), "{text}");
            assert!(err.answer().get("authtoken").is_none());
        }
        let err = Connect::parse(answer(r#"{"result": "success", "authtoken": 5}"#)).unwrap_err();
        assert_eq!(
            err.kind(),
            ApiErrorKind::Malformed {
                member: "authtoken"
            }
        );
    }

    #[test]
    fn connect_signs_with_the_context_app_key() {
        let secret = MasterSecret::new("OracleMasterSecret0001");
        let req = encode(
            &Connect::new(1_700_000_000_000, &secret),
            &RequestContext::new("OracleAppKey0000000001"),
        );
        let text = String::from_utf8(req.json).unwrap();
        assert!(text.contains(r#""sign": "a8cdd07b38159fadcca592077001874a""#));
        assert!(!text.contains("authToken"));
        assert!(!text.contains("OracleMasterSecret"));
    }

    #[test]
    fn close_ignores_the_result() {
        assert!(Close::parse(answer(r#"{"result": "sign_error"}"#)).is_ok());
    }

    #[test]
    fn domain_list() {
        let out = GetOsPushDomainUrlList::parse(answer(
            r#"{"result": "ok", "osList": ["http://a/apiex.htm", "http://b/apiex.htm"]}"#,
        ))
        .unwrap();
        assert_eq!(out.hosts, ["http://a/apiex.htm", "http://b/apiex.htm"]);
        let err =
            GetOsPushDomainUrlList::parse(answer(r#"{"result": "ok", "osList": []}"#)).unwrap_err();
        assert_eq!(err.kind(), ApiErrorKind::Malformed { member: "osList" });
        let err =
            GetOsPushDomainUrlList::parse(answer(r#"{"result": "appkey_error"}"#)).unwrap_err();
        assert_eq!(err.kind(), ApiErrorKind::Rejected);
        let req = encode(&GetOsPushDomainUrlList, &RequestContext::new("K"));
        assert_eq!(
            req.json,
            br#"{"action": "getOSPushDomailUrlListAction", "appkey": "K"}"#
        );
    }
}
