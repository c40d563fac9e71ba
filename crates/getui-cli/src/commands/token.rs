//! `getui token`: get an auth token and print its expiry.

use clap::Args;
use serde_json::json;

use crate::api::Api;
use crate::error::CliError;
use crate::output::Output;
use crate::time::{human_duration, now_ms, utc};

/// Examples shown by `getui token --help`.
pub const EXAMPLES: &str = "\
Checks the credentials: a new token is requested (POST /auth) and its expiry printed. The
token is printed only with --show-token (it grants access to the app until it expires).

Examples:
  getui token
  getui token --profile staging --output json";

/// `getui token` options.
#[derive(Debug, Clone, Args)]
pub struct TokenArgs {
    /// Also print the token.
    #[arg(long)]
    pub show_token: bool,
}

/// Runs `getui token`.
pub fn run(args: &TokenArgs, api: &Api<'_>, out: &Output) -> Result<(), CliError> {
    let Some(info) = api.v2_token()? else {
        return Ok(());
    };
    let now = now_ms();
    let mut value = json!({
        "app_id": api.settings().app_id()?,
        "expire_time": info.expire_time,
        "expires_at": info.expire_time.map(utc),
        "expires_in_s": info.expire_time.map(|t| t.saturating_sub(now) / 1000),
    });
    if args.show_token {
        value["token"] = json!(info.token.expose());
    }
    out.result(&value, |_| {
        let mut text = match info.expire_time {
            Some(t) => format!(
                "token valid until {} (in {})\n",
                utc(t),
                human_duration(t.saturating_sub(now) / 1000)
            ),
            None => "token issued (no expiry in the answer)\n".to_owned(),
        };
        if args.show_token {
            text.push_str(&format!("token: {}\n", info.token.expose()));
        }
        text
    });
    Ok(())
}
