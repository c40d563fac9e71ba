//! A1 `POST /auth`, A2 `DELETE /auth/{token}`.

use std::fmt;

use bytes::Bytes;
use getui_model::secret::{AuthToken, MasterSecret};
use getui_model::v2::user::AuthRequest;
use getui_model::ValidationError;
use serde_json::Value;

use super::{check_required, json_body, parse_unit, wire_action, Action, Method, Wire};
use crate::v2::answer::{ApiError, Envelope};
use crate::v2::path::push_segment;
use crate::v2::sign::auth_sign;

/// The token of a successful `POST /auth`. `Debug` redacts the token.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TokenInfo {
    /// `data.token`.
    pub token: AuthToken,
    /// `data.expire_time`: expiry in epoch milliseconds (a string or a number on the wire),
    /// `None` when missing or unreadable.
    pub expire_time: Option<u64>,
}

/// A1 `POST /auth`: get a token. Sent without `token` header, never answered by a re-auth.
///
/// ```
/// use getui_model::secret::MasterSecret;
/// use getui_protocol::v2::action::{Action, Auth};
/// let auth = Auth::signed("OracleV2AppKey00000001", &MasterSecret::new("OracleV2MasterSecret01"), 1_600_000_000_000)?;
/// let body: serde_json::Value = serde_json::from_slice(&auth.body().unwrap()).unwrap();
/// assert_eq!(body["timestamp"], "1600000000000");
/// assert_eq!(body["sign"], "e209da5c74d252e2c7649152688bea00eff2cbff9ca046ea99a294559dc833ff");
/// assert!(!format!("{auth:?}").contains("e209da"));
/// # Ok::<(), getui_model::ValidationError>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Auth {
    body: Bytes,
}

impl Auth {
    /// A request signed now: `timestamp` = `now_unix_ms` as a string (13 digits today),
    /// `sign` = [`auth_sign`]. The app key and the secret must not be empty.
    pub fn signed(
        app_key: &str,
        secret: &MasterSecret,
        now_unix_ms: u64,
    ) -> Result<Self, ValidationError> {
        check_required("appkey", app_key)?;
        check_required("masterSecret", secret.expose())?;
        let timestamp = now_unix_ms.to_string();
        let sign = auth_sign(app_key, &timestamp, secret);
        Ok(Self::raw(&AuthRequest::new(app_key, timestamp, sign)))
    }

    /// A caller-built request, sent exactly as given (no re-signing, no clock check).
    pub fn raw(request: &AuthRequest) -> Self {
        Self {
            body: json_body(request),
        }
    }
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Auth").field("body", &"***").finish()
    }
}

impl Action for Auth {
    const NAME: &'static str = "auth";
    const ENDPOINT: &'static str = "POST /auth";
    type Output = TokenInfo;

    fn method(&self) -> Method {
        Method::Post
    }
    fn write_path(&self, out: &mut String) {
        out.push_str("/auth");
    }
    fn body(&self) -> Option<Bytes> {
        Some(self.body.clone())
    }
    fn resend_safe(&self) -> bool {
        true
    }
    fn is_auth(&self) -> bool {
        true
    }

    /// Success only for code 0 with a non-empty `data.token` string.
    fn parse(envelope: Envelope) -> Result<TokenInfo, ApiError> {
        let envelope = super::accept(Self::NAME, Self::ENDPOINT, envelope)?;
        let data = envelope.data();
        let token = data.and_then(|d| d.get("token")).and_then(Value::as_str);
        let Some(token) = token.filter(|t| !t.is_empty()) else {
            return Err(ApiError::malformed(
                &envelope,
                "auth answer without a `data.token` string",
            )
            .for_action(Self::NAME, Self::ENDPOINT));
        };
        let expire_time = match data.and_then(|d| d.get("expire_time")) {
            Some(Value::Number(n)) => n.as_u64(),
            Some(Value::String(s)) => s.trim().parse().ok(),
            _ => None,
        };
        Ok(TokenInfo {
            token: AuthToken::new(token),
            expire_time,
        })
    }
}

/// A2 `DELETE /auth/{token}`: make a token invalid. No body. (An empty token means "the
/// client's own" at the client level; here the token must be given.)
#[derive(Clone, PartialEq, Eq)]
pub struct CloseAuth {
    wire: Wire,
}

impl CloseAuth {
    /// Closes `token` (escaped as one segment).
    pub fn new(token: &AuthToken) -> Result<Self, ValidationError> {
        check_required("token", token.expose())?;
        let mut path = String::from("/auth");
        push_segment(&mut path, token.expose());
        Ok(Self {
            wire: Wire::new(path),
        })
    }
}

impl fmt::Debug for CloseAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CloseAuth").field("token", &"***").finish()
    }
}

wire_action!(
    CloseAuth,
    "closeAuth",
    Delete,
    "DELETE /auth/{token}",
    (),
    parse_unit
);
