//! Sending actions: through the SDK's blocking clients, or with `--dry-run` printed (see
//! [`crate::dryrun`]) and not sent. Clients are built on first use, so that a dry run needs
//! no master secret and runs no `secret_command`.

use std::cell::{OnceCell, RefCell};

use getui::v2::protocol::action::{Action, Auth, TokenInfo};
use serde_json::{json, Value};

use crate::config::Settings;
use crate::dryrun::{v2_base, PrintedRequest};
use crate::error::CliError;
use crate::output::Output;
use crate::time::now_ms;

/// What a dry run has printed so far.
#[derive(Debug, Default)]
struct DryRun {
    auth_printed: bool,
    count: usize,
    /// With `--output json`: the requests, printed as one document at the end.
    json: Vec<Value>,
}

/// The way to the service for one command.
pub struct Api<'o> {
    settings: Settings,
    out: &'o Output,
    dry: Option<RefCell<DryRun>>,
    v2: OnceCell<getui::v2::blocking::Client>,
    legacy: OnceCell<getui::blocking::Client>,
}

impl std::fmt::Debug for Api<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Api")
            .field("settings", &self.settings)
            .field("dry_run", &self.dry.is_some())
            .finish_non_exhaustive()
    }
}

impl<'o> Api<'o> {
    /// An API for `settings`; with `dry_run` nothing is sent.
    pub fn new(settings: Settings, out: &'o Output, dry_run: bool) -> Self {
        if let crate::config::SecretSource::Value(secret) = &settings.secret {
            out.secrets().borrow_mut().push(secret.clone());
        }
        Api {
            settings,
            out,
            dry: dry_run.then(RefCell::default),
            v2: OnceCell::new(),
            legacy: OnceCell::new(),
        }
    }

    /// The settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Whether requests are printed instead of sent.
    pub fn is_dry_run(&self) -> bool {
        self.dry.is_some()
    }

    /// The REST v2 client (built on first use).
    pub fn v2_client(&self) -> Result<&getui::v2::blocking::Client, CliError> {
        if let Some(client) = self.v2.get() {
            return Ok(client);
        }
        let s = &self.settings;
        let secret = self.secret()?;
        let mut builder =
            getui::v2::blocking::Client::builder(s.app_id()?, s.app_key()?, secret.as_str());
        if let Some(url) = &s.base_url {
            builder = builder.base_url(url.clone());
        }
        let client = builder.build()?;
        Ok(self.v2.get_or_init(|| client))
    }

    /// The legacy client (built on first use).
    pub fn legacy_client(&self) -> Result<&getui::blocking::Client, CliError> {
        if let Some(client) = self.legacy.get() {
            return Ok(client);
        }
        let s = &self.settings;
        let host = s.legacy_host()?.to_owned();
        let assigned = is_push_host(&host);
        let secret = self.secret()?;
        let client = getui::blocking::Client::builder(s.app_key()?, secret.as_str())
            .host(host)
            .config(|c| c.assigned(assigned))
            .build()?;
        Ok(self.legacy.get_or_init(|| client))
    }

    fn secret(&self) -> Result<String, CliError> {
        let secret = self.settings.master_secret()?;
        self.out.secrets().borrow_mut().push(secret.clone());
        Ok(secret)
    }

    /// Sends a REST v2 action; `None` in a dry run (the request was printed).
    pub fn v2<A: Action>(&self, action: &A) -> Result<Option<A::Output>, CliError> {
        match &self.dry {
            Some(dry) => {
                let app_id = self.settings.app_id()?;
                let base = v2_base(self.settings.base_url.as_deref(), app_id);
                if !dry.borrow().auth_printed {
                    let auth =
                        PrintedRequest::v2_auth(&base, app_id, self.settings.app_key()?, now_ms());
                    self.print(dry, &auth);
                    dry.borrow_mut().auth_printed = true;
                }
                self.print(dry, &PrintedRequest::v2(&base, app_id, action));
                Ok(None)
            }
            None => Ok(Some(self.v2_client()?.execute(action)?)),
        }
    }

    /// Gets a new REST v2 token (`POST /auth`); `None` in a dry run.
    pub fn v2_token(&self) -> Result<Option<TokenInfo>, CliError> {
        match &self.dry {
            Some(dry) => {
                let app_id = self.settings.app_id()?;
                let base = v2_base(self.settings.base_url.as_deref(), app_id);
                let auth =
                    PrintedRequest::v2_auth(&base, app_id, self.settings.app_key()?, now_ms());
                self.print(dry, &auth);
                dry.borrow_mut().auth_printed = true;
                Ok(None)
            }
            None => {
                let client = self.v2_client()?;
                let secret = getui::model::secret::MasterSecret::new(self.secret()?);
                let action = Auth::signed(self.settings.app_key()?, &secret, now_ms())?;
                Ok(Some(client.execute(&action)?))
            }
        }
    }

    /// Sends a legacy action; `None` in a dry run.
    pub fn legacy<A: getui::action::Action>(
        &self,
        action: &A,
    ) -> Result<Option<A::Output>, CliError> {
        match &self.dry {
            Some(dry) => {
                let host = self.settings.legacy_host()?;
                let url = if is_push_host(host) {
                    host.to_owned()
                } else {
                    format!("{{push host listed by {host}}}")
                };
                let printed = PrintedRequest::legacy(&url, self.settings.app_key()?, action);
                self.print(dry, &printed);
                Ok(None)
            }
            None => Ok(Some(self.legacy_client()?.execute(action)?)),
        }
    }

    fn print(&self, dry: &RefCell<DryRun>, request: &PrintedRequest) {
        let mut dry = dry.borrow_mut();
        dry.count += 1;
        if self.out.is_json() {
            dry.json.push(request.to_json());
        } else {
            if dry.count > 1 {
                self.out.line("");
            }
            self.out.line(request.to_text().trim_end_matches('\n'));
        }
    }

    /// Ends a dry run: the JSON document of the requests (`--output json`) and a note.
    pub fn finish(&self) {
        if let Some(dry) = &self.dry {
            let dry = std::mem::take(&mut *dry.borrow_mut());
            if self.out.is_json() {
                self.out
                    .json(&json!({ "dry_run": true, "requests": dry.json }));
            }
            self.out.note(&format!(
                "dry run: {} request(s) printed, nothing sent",
                dry.count
            ));
        }
    }
}

/// A URL whose path ends in `apiex.htm` is a legacy push host, used as is; any other is a
/// bootstrap URL (`…/serviceex`) the push hosts are learned from.
pub fn is_push_host(url: &str) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    path.trim_end_matches('/').ends_with("apiex.htm")
}
