//! The one error type of the SDK.

use crate::config::ConfigError;
use getui_model::ValidationError;
use getui_protocol::answer::{Answer, AnswerError, ApiError, ResultCode};
use getui_protocol::v2::answer::{
    ApiError as V2ApiError, ApiErrorKind as V2ApiErrorKind, CodeClass as V2CodeClass,
};
use getui_transport::TransportError;
use std::fmt;

/// What kind of failure an [`Error`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The configuration is unusable.
    Config,
    /// The input breaks a documented rule; nothing was sent.
    Validation,
    /// The request could not be exchanged (connect, TLS, timeout, reset, size cap…).
    Transport,
    /// The server answered with a non-2xx HTTP status.
    Http,
    /// The server's answer is not a JSON object with a `result` (or is over the size limits).
    InvalidAnswer,
    /// The server answered with a failure `result` code.
    Api,
    /// `connect` failed or the server kept answering `sign_error`: the credentials are wrong.
    Auth,
    /// The blocking client's background thread is gone (a transport error of kind
    /// [`Closed`](getui_transport::ErrorKind::Closed)).
    Closed,
}

#[derive(Debug)]
enum Repr {
    Config(ConfigError),
    Validation(ValidationError),
    Transport(TransportError),
    Http {
        status: u16,
        host: String,
    },
    InvalidAnswer(AnswerError),
    Api(ApiError),
    Auth(Option<ApiError>),
    /// A REST v2 answer that is an error (`code` ≠ 0, malformed, or an HTTP error).
    V2(V2ApiError),
    /// The REST v2 auth call failed with this answer.
    V2Auth(V2ApiError),
}

/// An SDK error: the kind, the action it happened in, the `requestId` of the push when it had
/// one (re-send with the same id to be safe from duplicates), and the server's raw answer when
/// there was one. Never contains the master secret or the auth token.
///
/// ```
/// # use getui::{Error, ErrorKind};
/// fn report(err: &Error) {
///     if let Some(id) = err.request_id() {
///         eprintln!("push {id} failed: {err}; retry with the same id is safe");
///     }
///     if err.kind() == ErrorKind::Validation {
///         eprintln!("fix the input: {err}");
///     }
/// }
/// ```
#[non_exhaustive]
pub struct Error {
    repr: Box<Repr>,
    action: Option<&'static str>,
    request_id: Option<String>,
    task_id: Option<String>,
    /// Whether the request may be sent again after it may have reached the server; `None`:
    /// judged by the request id (legacy pushes).
    resend_safe: Option<bool>,
}

impl Error {
    fn new(repr: Repr) -> Self {
        Self {
            repr: Box::new(repr),
            action: None,
            request_id: None,
            task_id: None,
            resend_safe: None,
        }
    }

    /// A validation error for the input of `action`: nothing was sent.
    pub(crate) fn invalid(action: &'static str, error: ValidationError) -> Self {
        Self::from(error).with_context(action, None)
    }

    pub(crate) fn http(status: u16, host: String) -> Self {
        Self::new(Repr::Http { status, host })
    }

    pub(crate) fn auth(answer: Option<ApiError>) -> Self {
        Self::new(Repr::Auth(answer))
    }

    /// The same error, classified as an authentication failure when it is the answer to an
    /// auth request (the caller's credentials or the service refused them).
    pub(crate) fn into_auth_failure(mut self) -> Self {
        let repr = std::mem::replace(&mut *self.repr, Repr::Auth(None));
        *self.repr = match repr {
            Repr::V2(e) if matches!(e.kind(), V2ApiErrorKind::Rejected { .. }) => Repr::V2Auth(e),
            other => other,
        };
        self
    }

    /// Records whether the request of the call is safe to send again after it may have
    /// reached the server (REST v2: reads, requests idempotent by meaning, pushes with their
    /// `request_id`; not list pushes or relative badge changes).
    pub(crate) fn with_resend_safe(mut self, safe: bool) -> Self {
        self.resend_safe.get_or_insert(safe);
        self
    }

    pub(crate) fn with_context(mut self, action: &'static str, request_id: Option<&str>) -> Self {
        self.action.get_or_insert(action);
        if self.request_id.is_none() {
            self.request_id = request_id.map(str::to_owned);
        }
        self
    }

    /// Records the task created by an earlier step of the call (the first step of an app
    /// push), so that the caller can finish it without creating another one.
    #[cfg_attr(not(feature = "async"), allow(dead_code))]
    pub(crate) fn with_task_id(mut self, task_id: String) -> Self {
        self.task_id = Some(task_id);
        self
    }

    /// The kind of failure.
    pub fn kind(&self) -> ErrorKind {
        match &*self.repr {
            Repr::Config(_) => ErrorKind::Config,
            Repr::Validation(_) => ErrorKind::Validation,
            Repr::Transport(e) if e.kind() == getui_transport::ErrorKind::Closed => {
                ErrorKind::Closed
            }
            Repr::Transport(_) => ErrorKind::Transport,
            Repr::Http { .. } => ErrorKind::Http,
            Repr::InvalidAnswer(_) => ErrorKind::InvalidAnswer,
            Repr::Api(_) => ErrorKind::Api,
            Repr::Auth(_) | Repr::V2Auth(_) => ErrorKind::Auth,
            Repr::V2(e) => match e.kind() {
                V2ApiErrorKind::Rejected { .. } => ErrorKind::Api,
                V2ApiErrorKind::Http => ErrorKind::Http,
                _ => ErrorKind::InvalidAnswer,
            },
        }
    }

    /// The REST v2 business `code` of the answer (`10001`, `20001`…), when the service
    /// answered with one.
    pub fn code(&self) -> Option<i64> {
        self.v2_answer().and_then(V2ApiError::code)
    }

    /// What the REST v2 business code means (token invalid, rate limited, parameter
    /// error…), when the service answered with one.
    pub fn code_class(&self) -> Option<V2CodeClass> {
        self.v2_answer().and_then(V2ApiError::class)
    }

    /// Whether the REST v2 service refused the token (10001) — after the client's own
    /// re-authentication, so the credentials or the clock are likely wrong.
    pub fn is_token_invalid(&self) -> bool {
        self.v2_answer().is_some_and(V2ApiError::is_token_invalid)
    }

    /// Whether the REST v2 service answered that a rate limit was exceeded (10003, 10005):
    /// wait before sending again.
    pub fn is_rate_limited(&self) -> bool {
        self.code_class() == Some(V2CodeClass::RateLimited)
    }

    /// The REST v2 answer's `msg`, when there was an answer with one.
    pub fn message(&self) -> Option<&str> {
        self.v2_answer().and_then(V2ApiError::msg)
    }

    /// The REST v2 answer the error is about (code, msg, HTTP status, a bounded excerpt of
    /// the raw body).
    pub fn v2_answer(&self) -> Option<&V2ApiError> {
        match &*self.repr {
            Repr::V2(e) | Repr::V2Auth(e) => Some(e),
            _ => None,
        }
    }

    /// The `action` the error happened in, when known.
    pub fn action(&self) -> Option<&'static str> {
        self.action
    }

    /// The `requestId` of the push, when it carried one. Re-sending with the same id cannot
    /// deliver twice: the server de-duplicates by it.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The task id (`contentId`) that an earlier step of a two-step call created before this
    /// error: [`Client::push_to_app`](crate::Client::push_to_app) fails with it when the task was
    /// created but could not be started. Start it with `push_to_app_with_task_id` instead of
    /// creating a new one (only when the failed step cannot have reached the server, or after
    /// checking its results: starting a task is not de-duplicated by the server).
    pub fn task_id(&self) -> Option<&str> {
        self.task_id.as_deref()
    }

    /// The server's `result` code, when the server answered with one.
    pub fn result_code(&self) -> Option<&ResultCode> {
        self.answer().map(Answer::code)
    }

    /// The server's whole answer, when there was one.
    pub fn answer(&self) -> Option<&Answer> {
        match &*self.repr {
            Repr::Api(e) | Repr::Auth(Some(e)) => Some(e.answer()),
            _ => None,
        }
    }

    /// The broken rule, for validation errors.
    pub fn validation(&self) -> Option<&ValidationError> {
        match &*self.repr {
            Repr::Validation(e) => Some(e),
            _ => None,
        }
    }

    /// The transport failure, for transport errors (attempts, hosts tried…).
    pub fn transport(&self) -> Option<&TransportError> {
        match &*self.repr {
            Repr::Transport(e) => Some(e),
            _ => None,
        }
    }

    /// The HTTP status of a non-2xx answer.
    pub fn status(&self) -> Option<u16> {
        match &*self.repr {
            Repr::Http { status, .. } => Some(*status),
            Repr::V2(e) | Repr::V2Auth(e) => Some(e.status()),
            _ => None,
        }
    }

    /// Whether the request timed out.
    pub fn is_timeout(&self) -> bool {
        self.transport().is_some_and(TransportError::is_timeout)
    }

    /// Whether sending the same request again may succeed and is safe: the failure was
    /// transient (connection, timeout, 5xx, server busy) and either nothing reached the server
    /// or the request carries a `requestId`.
    pub fn is_retryable(&self) -> bool {
        let safe_to_resend = self
            .resend_safe
            .unwrap_or_else(|| self.request_id.as_deref().is_some_and(|id| !id.is_empty()));
        match &*self.repr {
            Repr::Transport(e) => e.is_transient() && (!e.may_have_been_sent() || safe_to_resend),
            Repr::Http { status, .. } => {
                matches!(status, 429 | 500 | 502 | 503 | 504) && safe_to_resend
            }
            // The server may have accepted the push and its answer got lost or damaged: with
            // a request id, sending it again is answered from the server's ledger.
            Repr::InvalidAnswer(_) => safe_to_resend,
            Repr::V2(e) => match e.kind() {
                // "Service starting" and rate limits: the request was not processed.
                V2ApiErrorKind::Rejected { .. } => matches!(
                    e.class(),
                    Some(V2CodeClass::ServerBusy | V2CodeClass::RateLimited)
                ),
                V2ApiErrorKind::Http => {
                    matches!(e.status(), 429 | 500 | 502 | 503 | 504) && safe_to_resend
                }
                // A damaged answer: the request may have been processed.
                V2ApiErrorKind::Malformed { .. } => safe_to_resend,
                // A 301 without hosts: the same host would answer the same.
                _ => false,
            },
            Repr::Api(e) => {
                safe_to_resend
                    && matches!(
                        e.code().as_str(),
                        "flow_exceeded" | "SendError" | "SynSendError"
                    )
            }
            _ => false,
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.kind())
            .field("action", &self.action)
            .field("request_id", &self.request_id)
            .field("task_id", &self.task_id)
            .field("source", &self.repr)
            .finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(action) = self.action {
            write!(f, "{action}: ")?;
        }
        match &*self.repr {
            Repr::Config(e) => write!(f, "{e}"),
            Repr::Validation(e) => write!(f, "{e}"),
            Repr::Transport(e) => write!(f, "{e}"),
            Repr::Http { status, host } => write!(f, "HTTP status {status} from {host}"),
            Repr::InvalidAnswer(e) => write!(f, "{e}"),
            Repr::Api(e) => write!(f, "{e}"),
            Repr::Auth(Some(e)) => write!(f, "authentication failed: {e}"),
            Repr::V2(e) => write!(f, "{e}"),
            Repr::V2Auth(e) => write!(f, "authentication failed: {e}"),
            Repr::Auth(None) => f.write_str(
                "authentication failed: the server still answers sign_error after connect",
            ),
        }?;
        if let Some(id) = &self.request_id {
            write!(f, " (requestId {id})")?;
        }
        if let Some(id) = &self.task_id {
            write!(f, " (taskId {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &*self.repr {
            Repr::Config(e) => Some(e),
            Repr::Validation(e) => Some(e),
            Repr::Transport(e) => Some(e),
            Repr::InvalidAnswer(e) => Some(e),
            Repr::Api(e) | Repr::Auth(Some(e)) => Some(e),
            Repr::V2(e) | Repr::V2Auth(e) => Some(e),
            _ => None,
        }
    }
}

impl From<V2ApiError> for Error {
    fn from(e: V2ApiError) -> Self {
        Self::new(Repr::V2(e))
    }
}

impl From<ConfigError> for Error {
    fn from(e: ConfigError) -> Self {
        Self::new(Repr::Config(e))
    }
}

impl From<ValidationError> for Error {
    fn from(e: ValidationError) -> Self {
        Self::new(Repr::Validation(e))
    }
}

impl From<TransportError> for Error {
    fn from(e: TransportError) -> Self {
        Self::new(Repr::Transport(e))
    }
}

impl From<AnswerError> for Error {
    fn from(e: AnswerError) -> Self {
        Self::new(Repr::InvalidAnswer(e))
    }
}

impl From<ApiError> for Error {
    fn from(e: ApiError) -> Self {
        if e.is_auth_failure() {
            Self::new(Repr::Auth(Some(e)))
        } else {
            Self::new(Repr::Api(e))
        }
    }
}

/// The result type of the SDK.
pub type Result<T, E = Error> = std::result::Result<T, E>;
