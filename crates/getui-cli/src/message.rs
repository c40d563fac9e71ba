//! The message options shared by `push` and `push-list`, and the REST v2 request and legacy
//! template they describe.

use std::io::Read;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use getui::model::v2::push::{ClickType, Notification, PushMessage, PushRequest};
use getui::model::v2::settings::Settings as V2Settings;

use crate::error::CliError;

/// The click action of a notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ClickTypeArg {
    /// Open the app's home page.
    Startapp,
    /// A plain notification, no action.
    None,
    /// Start the app with --payload.
    Payload,
    /// Hand --payload to the app without starting it.
    PayloadCustom,
    /// Open a page of the app (--intent).
    Intent,
    /// Open a web page (--url).
    Url,
}

impl From<ClickTypeArg> for ClickType {
    fn from(c: ClickTypeArg) -> Self {
        match c {
            ClickTypeArg::Startapp => ClickType::Startapp,
            ClickTypeArg::None => ClickType::None,
            ClickTypeArg::Payload => ClickType::Payload,
            ClickTypeArg::PayloadCustom => ClickType::PayloadCustom,
            ClickTypeArg::Intent => ClickType::Intent,
            ClickTypeArg::Url => ClickType::Url,
        }
    }
}

/// What to push: a notification (`--title`, `--body`), a transmission (`--payload` alone), or
/// the whole REST v2 request from `--json`.
#[derive(Debug, Clone, Args)]
pub struct MessageArgs {
    /// Notification title (with --body: a notification).
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// Notification text.
    #[arg(long, value_name = "TEXT")]
    pub body: Option<String>,
    /// Without --title/--body: a transmission carrying TEXT; with them: the notification's
    /// payload (click type `payload` unless --click-type says otherwise).
    #[arg(long, value_name = "TEXT")]
    pub payload: Option<String>,
    /// What a tap on the notification does (default: startapp, or payload with --payload).
    #[arg(long, value_enum, value_name = "TYPE")]
    pub click_type: Option<ClickTypeArg>,
    /// The web page of --click-type url (legacy: the link template's URL).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// The intent of --click-type intent.
    #[arg(long, value_name = "INTENT")]
    pub intent: Option<String>,
    /// Offline time to live in milliseconds (-1 or 0…259200000).
    #[arg(long, value_name = "MS", allow_hyphen_values = true)]
    pub ttl: Option<i64>,
    /// The request id (10–32 characters; the service drops repeats). Default: a random one.
    #[arg(long, value_name = "ID")]
    pub request_id: Option<String>,
    /// Task group name for statistics.
    #[arg(long, value_name = "NAME")]
    pub group_name: Option<String>,
    /// The REST v2 request as JSON (push_message, push_channel with Android vendor options
    /// and iOS fields, settings…) from FILE or `-` (stdin); the message options given override its fields.
    #[arg(long, value_name = "FILE|-")]
    pub json: Option<PathBuf>,
}

impl MessageArgs {
    /// The REST v2 request without audience (the caller sets it).
    pub fn v2_request(&self) -> Result<PushRequest, CliError> {
        let mut request = match &self.json {
            Some(path) => read_json(path)?,
            None => PushRequest::new(),
        };
        if let Some(message) = self.v2_message()? {
            request.push_message = Some(message);
        } else if request.push_message.is_none() {
            return Err(CliError::usage(
                "nothing to push: give --title and --body (a notification), --payload (a \
                 transmission), or --json FILE",
            ));
        }
        if let Some(ttl) = self.ttl {
            let mut settings = request.settings.take().unwrap_or_else(V2Settings::new);
            settings.ttl = Some(ttl);
            request.settings = Some(settings);
        }
        if let Some(id) = &self.request_id {
            request.request_id = Some(id.clone());
        }
        if let Some(name) = &self.group_name {
            request.group_name = Some(name.clone());
        }
        Ok(request)
    }

    /// The Getui-channel message of the flags; `None` when no flag describes one.
    fn v2_message(&self) -> Result<Option<PushMessage>, CliError> {
        if self.title.is_none() && self.body.is_none() {
            if self.click_type.is_some() || self.url.is_some() || self.intent.is_some() {
                return Err(CliError::usage(
                    "--click-type, --url and --intent need a notification (--title and --body)",
                ));
            }
            return Ok(self.payload.clone().map(PushMessage::transmission));
        }
        let (Some(title), Some(body)) = (&self.title, &self.body) else {
            return Err(CliError::usage(
                "a notification needs both --title and --body",
            ));
        };
        let click = self.click_type.unwrap_or(if self.payload.is_some() {
            ClickTypeArg::Payload
        } else {
            ClickTypeArg::Startapp
        });
        let mut n = Notification::new(title.clone(), body.clone(), click.into());
        n.payload = self.payload.clone();
        n.url = self.url.clone();
        n.intent = self.intent.clone();
        Ok(Some(PushMessage::notification(n)))
    }
}

/// A REST v2 push request read from a file or stdin.
fn read_json(path: &std::path::Path) -> Result<PushRequest, CliError> {
    let mut text = String::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| CliError::usage(format!("--json -: cannot read stdin: {e}")))?;
    } else {
        text = std::fs::read_to_string(path)
            .map_err(|e| CliError::usage(format!("--json {}: {e}", path.display())))?;
    }
    serde_json::from_str(&text)
        .map_err(|e| CliError::usage(format!("--json {}: {e}", path.display())))
}
