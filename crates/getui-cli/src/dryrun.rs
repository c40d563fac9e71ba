//! `--dry-run`: the exact HTTP requests a command would send, built with the sans-IO protocol
//! crate (`getui::v2::protocol::request::encode`, the legacy `getui::action::encode`), with
//! the token and the sign redacted. Nothing is sent.

use getui::model::secret::{AuthToken, MasterSecret};
use getui::v2::protocol::action::{Action, Auth};
use getui::v2::protocol::request::{encode, Context};
use serde_json::{json, Value};

/// What replaces a token or a sign.
pub const REDACTED: &str = "***";

/// One request as printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintedRequest {
    /// `GET`, `POST`, …
    pub method: String,
    /// The full URL.
    pub url: String,
    /// The headers the SDK sets for this request (the HTTP stack adds `Host`,
    /// `Content-Length` and `User-Agent`).
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Option<Vec<u8>>,
}

/// `base_url` as the REST v2 client uses it: the default host when unset, without a trailing
/// `/`, `/v2` or `/v2/{appId}`.
pub fn v2_base(base_url: Option<&str>, app_id: &str) -> String {
    let mut base = base_url
        .unwrap_or(getui::v2::DEFAULT_BASE_URL)
        .trim()
        .trim_end_matches('/')
        .to_owned();
    let with_app = format!("/v2/{app_id}");
    if base.ends_with(&with_app) {
        base.truncate(base.len() - with_app.len());
    } else if base.ends_with("/v2") {
        base.truncate(base.len() - 3);
    }
    base
}

impl PrintedRequest {
    /// The request of a REST v2 action, with the token header redacted.
    pub fn v2<A: Action>(base: &str, app_id: &str, action: &A) -> Self {
        let token = AuthToken::new(REDACTED);
        let request = encode(action, &Context::new(app_id, Some(&token)));
        let mut headers = Vec::new();
        if let Some(token) = &request.token {
            headers.push(("token".to_owned(), token.expose().to_owned()));
        }
        if let Some(ct) = request.content_type {
            headers.push(("Content-Type".to_owned(), ct.to_owned()));
        }
        PrintedRequest {
            method: request.method.as_str().to_owned(),
            url: format!("{base}{}", request.path),
            headers,
            body: request.body.map(|b| b.to_vec()),
        }
    }

    /// The `POST /auth` a client sends first, with the sign redacted (the master secret is
    /// not needed to print it).
    pub fn v2_auth(base: &str, app_id: &str, app_key: &str, now_ms: u64) -> Self {
        // Any non-empty secret: the sign it gives is replaced below.
        let placeholder = MasterSecret::new(REDACTED);
        let mut printed = match Auth::signed(app_key, &placeholder, now_ms) {
            Ok(auth) => Self::v2(base, app_id, &auth),
            Err(_) => PrintedRequest {
                method: "POST".into(),
                url: format!("{base}/v2/{app_id}/auth"),
                headers: Vec::new(),
                body: None,
            },
        };
        if let Some(body) = &printed.body {
            if let Ok(mut value) = serde_json::from_slice::<Value>(body) {
                if let Some(sign) = value.get_mut("sign") {
                    *sign = Value::String(REDACTED.into());
                }
                printed.body = serde_json::to_vec(&value).ok();
            }
        }
        printed
    }

    /// A legacy request (`POST` of the action's JSON params), `authToken` redacted.
    pub fn legacy<A: getui::action::Action>(url: &str, app_key: &str, action: &A) -> Self {
        let token = AuthToken::new(REDACTED);
        let ctx = getui::action::RequestContext::new(app_key).with_auth_token(Some(&token));
        let encoded = getui::action::encode(action, &ctx);
        let mut headers = vec![
            ("Gt-Action".to_owned(), encoded.action.to_owned()),
            (
                "Content-Type".to_owned(),
                "text/html;charset=UTF-8".to_owned(),
            ),
        ];
        if encoded.gzip {
            headers.push(("Content-Encoding".to_owned(), "gzip".to_owned()));
        }
        PrintedRequest {
            method: "POST".into(),
            url: url.to_owned(),
            headers,
            // The JSON before gzip: what the server reads.
            body: Some(encoded.json),
        }
    }

    /// The request as text: request line, headers, blank line, body.
    pub fn to_text(&self) -> String {
        let mut text = format!("{} {}\n", self.method, self.url);
        for (name, value) in &self.headers {
            text.push_str(&format!("{name}: {value}\n"));
        }
        if let Some(body) = &self.body {
            text.push('\n');
            text.push_str(&String::from_utf8_lossy(body));
            text.push('\n');
        }
        text
    }

    /// The request as JSON: the body parsed when it is JSON, else a string.
    pub fn to_json(&self) -> Value {
        let headers: serde_json::Map<String, Value> = self
            .headers
            .iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect();
        let body = self.body.as_ref().map(|b| {
            serde_json::from_slice::<Value>(b)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(b).into_owned()))
        });
        json!({
            "method": self.method,
            "url": self.url,
            "headers": headers,
            "body": body,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_normalised() {
        assert_eq!(v2_base(None, "A"), "https://restapi.getui.com");
        assert_eq!(v2_base(Some("http://h:1/"), "A"), "http://h:1");
        assert_eq!(v2_base(Some("http://h:1/v2"), "A"), "http://h:1");
        assert_eq!(v2_base(Some("http://h:1/v2/A/"), "A"), "http://h:1");
        assert_eq!(v2_base(Some("http://h:1/gw"), "A"), "http://h:1/gw");
    }

    #[test]
    fn auth_sign_is_redacted() {
        let r = PrintedRequest::v2_auth("http://h", "APP", "KEY", 1_600_000_000_000);
        let text = r.to_text();
        assert!(text.starts_with("POST http://h/v2/APP/auth\n"), "{text}");
        assert!(text.contains(r#""sign":"***""#), "{text}");
        assert!(text.contains(r#""timestamp":"1600000000000""#), "{text}");
        assert!(!text.contains("token:"), "{text}");
    }
}
