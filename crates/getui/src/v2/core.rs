//! What the asynchronous and the blocking REST v2 clients share, and the steps of a call that
//! do no I/O: the settings, the token state, building the transport request of an action,
//! reading an answer into an envelope.
//!
//! ```text
//!   call ──► token usable? ──no──► auth (single flight) ──┐
//!              │ yes                                       │
//!              ▼                                           ▼
//!           encode(action, token) ──► transport ──► Envelope::parse
//!                                                        │
//!              CallState::next ◄─────────────────────────┘
//!               ├─ Done             → Action::parse → typed output or Error
//!               ├─ Reauthenticate   → auth unless another caller already did, re-send once
//!               └─ SwitchHosts(..)  → replace the host list, re-send once
//! ```

use crate::clock::Clock;
use crate::driver::{Call, Next, Prepared};
use crate::error::{Error, Result};
use getui_model::secret::{AuthToken, MasterSecret};
use getui_protocol::answer::AnswerLimits;
use getui_protocol::v2::action::{Action, Auth, Method, TokenInfo};
use getui_protocol::v2::answer::Envelope;
use getui_protocol::v2::call::{CallState, Step};
use getui_protocol::v2::request::{encode, Context, JSON_CONTENT_TYPE};
use getui_transport::{ApiRequest, ApiResponse};
use http::header::CONTENT_TYPE;
use http::{HeaderName, HeaderValue};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// The documented token lifetime ("call time + 1 day"), used when an answer's `expire_time`
/// is missing or implausible.
const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 3600);
/// Lifetimes above this are taken as clock trouble and replaced by the default.
const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(48 * 3600);

const TOKEN: HeaderName = HeaderName::from_static("token");

/// The checked settings of a REST v2 client.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub(crate) app_id: String,
    pub(crate) app_key: String,
    pub(crate) master_secret: MasterSecret,
    /// Normalised base URLs (no trailing `/`, no `/v2…` suffix), in the order to use.
    pub(crate) hosts: Vec<String>,
    pub(crate) refresh_margin: Duration,
    pub(crate) limits: AnswerLimits,
}

/// The `token` header of a token, built once per token (sensitive); `None` when the token
/// has characters that cannot be sent in a header.
pub(crate) type TokenHeader = Option<HeaderValue>;

fn token_header(token: &AuthToken) -> TokenHeader {
    let mut value = HeaderValue::from_str(token.expose()).ok()?;
    value.set_sensitive(true);
    Some(value)
}

/// The token a client holds.
#[derive(Default)]
struct TokenState {
    /// Shared with the requests being built (an `Arc` clone, not a copy).
    token: Option<Arc<AuthToken>>,
    /// `token`'s header value, shared by every request that carries it.
    header: TokenHeader,
    /// When to obtain a new token before using this one again; `None`: only after a 10001
    /// answer (a token given with `set_token`).
    refresh_at: Option<Instant>,
    /// Counts token changes, so that callers who saw the same 10001 authenticate once.
    generation: u64,
}

/// The I/O-free part of a REST v2 client, shared by [`Client`](super::Client) and
/// [`blocking::Client`](super::blocking::Client).
pub(crate) struct Core {
    settings: Settings,
    clock: Arc<dyn Clock>,
    state: Mutex<TokenState>,
}

/// A token for one request, with the generation it belongs to.
pub(crate) type CallToken = (Arc<AuthToken>, u64);

impl Core {
    pub(crate) fn new(settings: Settings, clock: Arc<dyn Clock>) -> Self {
        Core {
            settings,
            clock,
            state: Mutex::new(TokenState::default()),
        }
    }

    pub(crate) fn settings(&self) -> &Settings {
        &self.settings
    }

    fn state(&self) -> MutexGuard<'_, TokenState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The current token when it may still be used without refreshing first.
    pub(crate) fn usable_token(&self) -> Option<CallToken> {
        let now = self.clock.now();
        let state = self.state();
        let token = state.token.as_ref()?;
        match state.refresh_at {
            Some(at) if now >= at => None,
            _ => Some((Arc::clone(token), state.generation)),
        }
    }

    /// The `token` header of the current token when it may still be used without refreshing
    /// first, with its generation.
    pub(crate) fn usable_header(&self) -> Option<(TokenHeader, u64)> {
        let now = self.clock.now();
        let state = self.state();
        state.token.as_ref()?;
        match state.refresh_at {
            Some(at) if now >= at => None,
            _ => Some((state.header.clone(), state.generation)),
        }
    }

    /// Base URLs given by the caller, normalised (docs/protocol-v2.md §1.1) for this app.
    pub(crate) fn normalised_hosts<I, S>(&self, urls: I) -> Vec<String>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let app_id = &self.settings.app_id;
        urls.into_iter()
            .map(|u| normalise_host(&u.into(), app_id))
            .collect()
    }

    /// The current token generation.
    pub(crate) fn generation(&self) -> u64 {
        self.state().generation
    }

    /// The current token, fresh or not.
    pub(crate) fn token(&self) -> Option<AuthToken> {
        self.state().token.as_deref().cloned()
    }

    /// Whether the token changed since `generation` and the new one is usable.
    pub(crate) fn replaced_since(&self, generation: u64) -> Option<CallToken> {
        let token = self.usable_token()?;
        (token.1 != generation).then_some(token)
    }

    /// Replaces the token with one given by the caller, used until the service answers
    /// 10001 (no proactive refresh: its expiry is unknown).
    pub(crate) fn set_token(&self, token: AuthToken) {
        let header = token_header(&token);
        let mut state = self.state();
        state.token = Some(Arc::new(token));
        state.header = header;
        state.refresh_at = None;
        state.generation += 1;
    }

    /// Forgets `token` if it is the client's current one (after `DELETE /auth/{token}`).
    pub(crate) fn forget_token(&self, token: &AuthToken) {
        let mut state = self.state();
        if state.token.as_deref() == Some(token) {
            state.token = None;
            state.header = None;
            state.refresh_at = None;
            state.generation += 1;
        }
    }

    /// The signed auth request for now, and the moment it is built (the start of the
    /// token's lifetime on the local clock).
    pub(crate) fn auth_action(&self) -> Result<(Auth, AuthStart)> {
        let unix_millis = self.clock.unix_millis();
        let started = AuthStart {
            at: self.clock.now(),
            unix_millis,
        };
        let action = Auth::signed(
            &self.settings.app_key,
            &self.settings.master_secret,
            unix_millis,
        )
        .map_err(|e| Error::invalid(<Auth as Action>::NAME, e))?;
        Ok((action, started))
    }

    /// Stores the token of a successful auth answer; returns it for the call that waited.
    pub(crate) fn token_obtained(&self, info: TokenInfo, started: AuthStart) -> CallToken {
        let lifetime = info
            .expire_time
            .and_then(|expire| expire.checked_sub(started.unix_millis))
            .map(Duration::from_millis)
            .filter(|d| !d.is_zero() && *d <= MAX_TOKEN_LIFETIME)
            .unwrap_or(DEFAULT_TOKEN_LIFETIME);
        // Refresh `margin` before the end, but never sooner than half the lifetime: a token
        // just obtained is always used (no auth loop on a short-lived token).
        let usable_for = lifetime
            .saturating_sub(self.settings.refresh_margin)
            .max(lifetime / 2);
        let header = token_header(&info.token);
        let token = Arc::new(info.token);
        let mut state = self.state();
        state.token = Some(Arc::clone(&token));
        state.header = header;
        state.refresh_at = Some(started.at + usable_for);
        state.generation += 1;
        (token, state.generation)
    }

    /// The transport request of `action`, with `token` (the current token's header) in the
    /// `token` header unless the action is the auth call.
    pub(crate) fn request<A: Action>(
        &self,
        action: &A,
        token: Option<&TokenHeader>,
    ) -> Result<ApiRequest> {
        let token = if action.is_auth() { None } else { token };
        // The token goes into the header from the value built once per token, not through
        // `Request::token` (which would copy it for every request).
        let request = encode(
            action,
            &Context {
                app_id: &self.settings.app_id,
                token: None,
            },
        );
        let method = match request.method {
            Method::Get => http::Method::GET,
            Method::Post => http::Method::POST,
            Method::Put => http::Method::PUT,
            Method::Delete => http::Method::DELETE,
        };
        let mut api = ApiRequest::post(request.body.unwrap_or_default())
            .method(method)
            .path(request.path)
            .idempotent(request.resend_safe);
        if let Some(content_type) = request.content_type {
            // The JSON type as a value checked at compile time (`from_static` checks every
            // byte).
            let value = if content_type == JSON_CONTENT_TYPE {
                const { HeaderValue::from_static(JSON_CONTENT_TYPE) }
            } else {
                HeaderValue::from_static(content_type)
            };
            api = api.header(CONTENT_TYPE, value);
        }
        if let Some(header) = token {
            let value = header.clone().ok_or_else(|| {
                Error::from(crate::config::ConfigError::new(
                    "token",
                    "the auth token contains characters that cannot be sent in a header",
                ))
            })?;
            api = api.header(TOKEN, value);
        }
        Ok(api)
    }

    /// Reads a response into the `{code, msg, data}` envelope (JSON only, within the limits).
    pub(crate) fn envelope<A: Action>(&self, response: ApiResponse) -> Result<Envelope> {
        A::envelope(
            response.status.as_u16(),
            response.body,
            &self.settings.limits,
        )
        .map_err(|e| Error::from(e.for_action(A::NAME, A::ENDPOINT)))
    }
}

/// One REST v2 call, without I/O (driven by [`crate::driver`]): the request with the current
/// token (or a request for one first), and what each answer asks for.
pub(crate) struct V2Call<'a, A: Action> {
    core: &'a Core,
    action: &'a A,
    state: CallState,
    /// The token generation of the last request sent.
    generation: u64,
}

impl<'a, A: Action> V2Call<'a, A> {
    pub(crate) fn new(core: &'a Core, action: &'a A) -> Self {
        V2Call {
            core,
            action,
            state: CallState::default(),
            generation: 0,
        }
    }
}

impl<A: Action> Call for V2Call<'_, A> {
    type Output = A::Output;

    fn prepare(&mut self) -> Result<Prepared> {
        if self.action.is_auth() {
            return Ok(Prepared::Send(self.core.request(self.action, None)?));
        }
        match self.core.usable_header() {
            Some((header, generation)) => {
                self.generation = generation;
                Ok(Prepared::Send(
                    self.core.request(self.action, Some(&header))?,
                ))
            }
            None => Ok(Prepared::Authenticate {
                seen: self.core.generation(),
            }),
        }
    }

    fn answer(&mut self, response: ApiResponse) -> Result<Next<A::Output>> {
        let envelope = self.core.envelope::<A>(response)?;
        Ok(match self.state.next(self.action.is_auth(), &envelope)? {
            Step::Done => Next::Done(A::parse(envelope)?),
            Step::Reauthenticate => Next::Authenticate {
                seen: self.generation,
            },
            Step::SwitchHosts(hosts) => {
                Next::SwitchHosts(switched_hosts(&self.core.settings, &hosts))
            }
        })
    }

    fn context(&self, error: Error) -> Error {
        error
            .with_context(A::NAME, self.action.request_id())
            .with_resend_safe(self.action.resend_safe())
    }
}

/// When an auth request was built: the local instant and the timestamp it carries.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AuthStart {
    at: Instant,
    unix_millis: u64,
}

/// Normalises a configured base URL (docs/protocol-v2.md §1.1): trims whitespace and trailing `/`, and
/// strips a trailing `/v2/{appId}` or `/v2` so that Java-SDK-style domains are accepted.
pub(crate) fn normalise_host(url: &str, app_id: &str) -> String {
    let mut host = url.trim().trim_end_matches('/');
    let with_app = format!("/v2/{app_id}");
    if !app_id.is_empty() && host.ends_with(&with_app) {
        host = &host[..host.len() - with_app.len()];
    }
    if let Some(stripped) = host.strip_suffix("/v2") {
        host = stripped;
    }
    host.trim_end_matches('/').to_owned()
}

/// The host list after a 301 answer: its hosts (normalised, in order, deduplicated), then
/// the configured ones as fallback.
pub(crate) fn switched_hosts(settings: &Settings, from_answer: &[String]) -> Vec<String> {
    let mut list: Vec<String> = Vec::with_capacity(from_answer.len() + settings.hosts.len());
    let answered = from_answer
        .iter()
        .map(|h| normalise_host(h, &settings.app_id));
    for host in answered.chain(settings.hosts.iter().cloned()) {
        if !host.is_empty() && !list.contains(&host) {
            list.push(host);
        }
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_normalised() {
        let app = "app1";
        assert_eq!(
            normalise_host(" https://restapi.getui.com/ ", app),
            "https://restapi.getui.com"
        );
        assert_eq!(
            normalise_host("https://restapi.getui.com/v2", app),
            "https://restapi.getui.com"
        );
        assert_eq!(
            normalise_host("https://restapi.getui.com/v2/app1/", app),
            "https://restapi.getui.com"
        );
        assert_eq!(
            normalise_host("https://gw.example/getui", app),
            "https://gw.example/getui"
        );
    }
}
