//! The next step of a call after an answer (docs/protocol-v2.md §1.6, §3.5): at most one re-auth (10001,
//! never for `POST /auth`) and one host switch (301) per call; the answer to a 301 re-send is
//! final.
//!
//! ```
//! use getui_protocol::answer::AnswerLimits;
//! use getui_protocol::v2::answer::Envelope;
//! use getui_protocol::v2::call::{CallState, Step};
//! let expired = Envelope::parse(401, br#"{"code": 10001}"#, &AnswerLimits::default())?;
//! let mut state = CallState::default();
//! assert_eq!(state.next(false, &expired)?, Step::Reauthenticate);
//! // ... authenticate, re-send the same request with the new token ...
//! assert_eq!(state.next(false, &expired)?, Step::Done); // the action's parse reports it
//! # Ok::<(), getui_protocol::v2::answer::ApiError>(())
//! ```

use super::answer::{ApiError, ApiErrorKind, Envelope};

/// What to do after an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The answer is final: hand it to [`Action::parse`](super::action::Action::parse).
    Done,
    /// Code 10001: authenticate again, then re-send the same request (same body, same
    /// `request_id`) with the new token.
    Reauthenticate,
    /// Code 301: adopt these hosts (in order, deduplicated; keep the configured ones as
    /// fallback) and re-send the same request once to the first.
    SwitchHosts(Vec<String>),
}

/// The recovery actions already taken in one call. Start a new one per call.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CallState {
    reauthenticated: bool,
    switched_hosts: bool,
}

impl CallState {
    /// A state for a new call.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether a re-auth was asked for in this call.
    pub fn reauthenticated(&self) -> bool {
        self.reauthenticated
    }

    /// Whether a host switch was asked for in this call.
    pub fn switched_hosts(&self) -> bool {
        self.switched_hosts
    }

    /// The step after `envelope`, the answer to a request of the call (`is_auth`: the request
    /// is `POST /auth`).
    ///
    /// * 10001 on a non-auth call, the first time, when no 301 re-send happened in this call
    ///   → [`Step::Reauthenticate`];
    /// * 301 the first time → [`Step::SwitchHosts`] with
    ///   `data.host_list[*].domain_list[*]`, or an error
    ///   ([`ApiErrorKind::HostSwitchWithoutHosts`]) when it names none;
    /// * anything else, and any repetition → [`Step::Done`].
    pub fn next(&mut self, is_auth: bool, envelope: &Envelope) -> Result<Step, ApiError> {
        match envelope.code.value() {
            10001 if !is_auth && !self.reauthenticated && !self.switched_hosts => {
                self.reauthenticated = true;
                Ok(Step::Reauthenticate)
            }
            301 if !self.switched_hosts => {
                let hosts = envelope.host_switch_hosts();
                if hosts.is_empty() {
                    return Err(ApiError::new(
                        ApiErrorKind::HostSwitchWithoutHosts,
                        envelope.status,
                    )
                    .with_excerpt(envelope.excerpt()));
                }
                self.switched_hosts = true;
                Ok(Step::SwitchHosts(hosts))
            }
            _ => Ok(Step::Done),
        }
    }
}
