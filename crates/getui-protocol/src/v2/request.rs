//! Building the HTTP request of an action: method, path (appId and parameters escaped, query
//! appended), token header, `Content-Type` and body.

use std::fmt;
use std::ops::Deref;

use bytes::Bytes;
use getui_model::secret::AuthToken;

use super::action::{Action, Method};
use super::path::push_segment;

/// The `Content-Type` of a request with a JSON body.
pub const JSON_CONTENT_TYPE: &str = "application/json;charset=UTF-8";

/// The `request_id` of a push request, as text (it dereferences to `str`).
///
/// Shares the bytes of the request body where the id appears there unescaped (every id of
/// letters, digits and the usual punctuation): cloning it, or encoding the action again,
/// copies nothing.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct RequestId(Bytes);

impl RequestId {
    /// A request id holding a copy of `text`.
    pub fn new(text: &str) -> Self {
        RequestId(Bytes::copy_from_slice(text.as_bytes()))
    }

    /// `text` as a view into `body` when `body[at..]` starts with exactly its bytes, else a
    /// copy.
    pub(crate) fn within(body: &Bytes, at: usize, text: &str) -> Self {
        let end = at + text.len();
        if body.get(at..end) == Some(text.as_bytes()) {
            RequestId(body.slice(at..end))
        } else {
            Self::new(text)
        }
    }

    /// The id.
    pub fn as_str(&self) -> &str {
        // Built from a `&str` or from the same bytes of one: always UTF-8.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl Deref for RequestId {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for RequestId {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Debug for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for RequestId {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for RequestId {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl From<RequestId> for String {
    fn from(id: RequestId) -> String {
        id.as_str().to_owned()
    }
}

/// What [`encode`] needs besides the action.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The app id (`/v2/{appId}`), escaped as one segment.
    pub app_id: &'a str,
    /// The current token, sent in the `token` header of every call but `POST /auth`.
    pub token: Option<&'a AuthToken>,
}

impl<'a> Context<'a> {
    /// A context for `app_id` with `token`.
    pub fn new(app_id: &'a str, token: Option<&'a AuthToken>) -> Self {
        Self { app_id, token }
    }
}

/// A request ready for a transport: append `path` to the host URL (scheme, authority and any
/// path prefix, without trailing `/`).
///
/// `Debug` shows neither the token, nor the body, nor the token in a `DELETE /auth/{token}`
/// path.
#[derive(Clone, PartialEq, Eq)]
pub struct Request {
    /// The HTTP method.
    pub method: Method,
    /// `/v2/{appId}` + the endpoint path, every parameter escaped, then `?` + the query when
    /// there is one.
    pub path: String,
    /// The `token` header (`None` for `POST /auth`, or when no token is known yet).
    pub token: Option<AuthToken>,
    /// `application/json;charset=UTF-8` when there is a body, else `None`.
    pub content_type: Option<&'static str>,
    /// The JSON body, if any (the same bytes on every encoding of the same action).
    pub body: Option<Bytes>,
    /// The `request_id` the body carries (pushes).
    pub request_id: Option<RequestId>,
    /// Whether the request may be re-sent after it may have reached the server
    /// (docs/protocol-v2.md §5.3).
    pub resend_safe: bool,
}

impl Request {
    /// The path without the query.
    pub fn path_only(&self) -> &str {
        self.path
            .split_once('?')
            .map_or(self.path.as_str(), |(p, _)| p)
    }

    /// The query (after `?`), `""` when there is none.
    pub fn query(&self) -> &str {
        self.path.split_once('?').map_or("", |(_, q)| q)
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `/v2/{appId}/auth/{token}`: the token is a credential.
        let path: &str = match self.path.match_indices("/auth/").next() {
            Some((i, _)) if self.path[..i].matches('/').count() == 2 => "/v2/…/auth/***",
            _ => &self.path,
        };
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path", &path)
            .field("token", &self.token)
            .field("content_type", &self.content_type)
            .field("body_len", &self.body.as_ref().map(Bytes::len))
            .field("request_id", &self.request_id)
            .field("resend_safe", &self.resend_safe)
            .finish()
    }
}

/// Builds the request of `action`. Cannot fail: the action was validated when it was built,
/// and its body was serialised then (encoding the same action again gives the same bytes and
/// the same `request_id`; only the token may change).
///
/// ```
/// use getui_model::secret::AuthToken;
/// use getui_protocol::v2::action::{Method, StopPush};
/// use getui_protocol::v2::request::{encode, Context};
/// let token = AuthToken::new("TOKEN");
/// let action = StopPush::new("RASL x/1")?;
/// let request = encode(&action, &Context { app_id: "APP ID", token: Some(&token) });
/// assert_eq!(request.method, Method::Delete);
/// assert_eq!(request.path, "/v2/APP%20ID/task/RASL%20x%2F1");
/// assert_eq!(request.token.as_ref().map(AuthToken::expose), Some("TOKEN"));
/// assert_eq!((request.body, request.content_type), (None, None));
/// assert!(request.resend_safe);
/// # Ok::<(), getui_model::ValidationError>(())
/// ```
pub fn encode<A: Action>(action: &A, ctx: &Context<'_>) -> Request {
    let mut path = String::with_capacity(64);
    path.push_str("/v2");
    push_segment(&mut path, ctx.app_id);
    action.write_path(&mut path);
    let mut query = String::new();
    action.write_query(&mut query);
    if !query.is_empty() {
        path.push('?');
        path.push_str(&query);
    }
    let body = action.body();
    Request {
        method: action.method(),
        path,
        token: if action.is_auth() {
            None
        } else {
            ctx.token.cloned()
        },
        content_type: body.as_ref().map(|_| JSON_CONTENT_TYPE),
        body,
        request_id: action.request_id_shared(),
        resend_safe: action.resend_safe(),
    }
}
