//! `getui user …`: users.

use clap::Subcommand;
use getui::v2::protocol::action::{QueryUserStatus, CIDS_MAX};

use super::checked;
use crate::api::Api;
use crate::error::CliError;
use crate::output::Output;

/// `getui user` subcommands.
#[derive(Debug, Clone, Subcommand)]
pub enum UserCommand {
    /// Online status and last login of cids (at most 200).
    #[command(after_help = "Example:\n  getui user status 0a1b2c3d4e5f 9f8e7d6c5b4a")]
    Status {
        /// The client ids.
        #[arg(required = true, value_name = "CID")]
        cids: Vec<String>,
    },
}

/// Runs `getui user …`.
pub fn run(cmd: &UserCommand, api: &Api<'_>, out: &Output) -> Result<(), CliError> {
    match cmd {
        UserCommand::Status { cids } => {
            if cids.len() > CIDS_MAX {
                return Err(CliError::usage(format!("at most {CIDS_MAX} cids")));
            }
            let action = checked(QueryUserStatus::new(cids))?;
            if let Some(statuses) = api.v2(&action)? {
                out.value(&serde_json::to_value(&statuses).unwrap_or_default());
            }
            Ok(())
        }
    }
}
