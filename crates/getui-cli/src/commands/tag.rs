//! `getui tag …`: custom tags of cids.

use clap::Subcommand;
use getui::v2::protocol::action::{
    BatchModifyTagForBatchCid, QueryUserTag, SetTagForCid, UnbindTag,
};
use serde_json::json;

use super::checked;
use crate::api::Api;
use crate::error::CliError;
use crate::output::Output;

/// `getui tag` subcommands.
#[derive(Debug, Clone, Subcommand)]
pub enum TagCommand {
    /// Replace the custom tags of one cid.
    #[command(after_help = "Example:\n  getui tag set 0a1b2c3d4e5f vip beta")]
    Set {
        /// The client id.
        cid: String,
        /// The tags (none: remove every tag).
        #[arg(value_name = "TAG")]
        tags: Vec<String>,
    },
    /// The custom tags of one cid.
    #[command(after_help = "Example:\n  getui tag query 0a1b2c3d4e5f")]
    Query {
        /// The client id.
        cid: String,
    },
    /// Add one tag to many cids (at most 1000).
    #[command(after_help = "Example:\n  getui tag add vip 0a1b2c3d4e5f 9f8e7d6c5b4a")]
    Add {
        /// The tag.
        tag: String,
        /// The client ids.
        #[arg(required = true, value_name = "CID")]
        cids: Vec<String>,
    },
    /// Remove one tag from many cids (at most 1000).
    #[command(after_help = "Example:\n  getui tag remove vip 0a1b2c3d4e5f")]
    Remove {
        /// The tag.
        tag: String,
        /// The client ids.
        #[arg(required = true, value_name = "CID")]
        cids: Vec<String>,
    },
}

/// Runs `getui tag …`.
pub fn run(cmd: &TagCommand, api: &Api<'_>, out: &Output) -> Result<(), CliError> {
    match cmd {
        TagCommand::Set { cid, tags } => {
            if api.v2(&checked(SetTagForCid::new(cid, tags))?)?.is_some() {
                let v = json!({"cid": cid, "tags": tags});
                out.result(&v, |_| format!("{cid}: {}", tags.join(" ")));
            }
        }
        TagCommand::Query { cid } => {
            if let Some(tags) = api.v2(&checked(QueryUserTag::new(cid))?)? {
                out.value(&serde_json::to_value(&tags).unwrap_or_default());
            }
        }
        TagCommand::Add { tag, cids } => {
            if let Some(r) = api.v2(&checked(BatchModifyTagForBatchCid::new(tag, cids))?)? {
                out.value(
                    &json!({"tag": tag, "added": serde_json::to_value(&r).unwrap_or_default()}),
                );
            }
        }
        TagCommand::Remove { tag, cids } => {
            if let Some(r) = api.v2(&checked(UnbindTag::new(tag, cids))?)? {
                out.value(
                    &json!({"tag": tag, "removed": serde_json::to_value(&r).unwrap_or_default()}),
                );
            }
        }
    }
    Ok(())
}
