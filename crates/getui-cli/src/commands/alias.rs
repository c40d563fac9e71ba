//! `getui alias …`: bind, query and unbind aliases.

use clap::Subcommand;
use getui::model::v2::user::{AliasRequest, CidAlias};
use getui::v2::protocol::action::{
    BindAlias, QueryAliasByCid, QueryCidByAlias, UnbindAlias, UnbindAllAlias,
};
use serde_json::json;

use super::checked;
use crate::api::Api;
use crate::error::CliError;
use crate::output::Output;

/// `getui alias` subcommands.
#[derive(Debug, Clone, Subcommand)]
pub enum AliasCommand {
    /// Bind an alias to a cid.
    #[command(after_help = "Example:\n  getui alias bind 0a1b2c3d4e5f alice")]
    Bind {
        /// The client id.
        cid: String,
        /// The alias.
        alias: String,
    },
    /// The alias of a cid (--cid), or the cids of an alias (--alias).
    #[command(
        after_help = "Examples:\n  getui alias query --cid 0a1b2c3d4e5f\n  getui alias query --alias alice"
    )]
    Query {
        /// The client id whose alias to show.
        #[arg(
            long,
            value_name = "CID",
            required_unless_present = "alias",
            conflicts_with = "alias"
        )]
        cid: Option<String>,
        /// The alias whose cids to show.
        #[arg(long, value_name = "ALIAS")]
        alias: Option<String>,
    },
    /// Unbind an alias from a cid.
    #[command(after_help = "Example:\n  getui alias unbind 0a1b2c3d4e5f alice")]
    Unbind {
        /// The client id.
        cid: String,
        /// The alias.
        alias: String,
    },
    /// Unbind every cid of an alias.
    #[command(
        name = "unbind-all",
        after_help = "Example:\n  getui alias unbind-all alice"
    )]
    UnbindAll {
        /// The alias.
        alias: String,
    },
}

/// Runs `getui alias …`.
pub fn run(cmd: &AliasCommand, api: &Api<'_>, out: &Output) -> Result<(), CliError> {
    match cmd {
        AliasCommand::Bind { cid, alias } => {
            let request = AliasRequest::new(vec![CidAlias::new(cid.clone(), alias.clone())]);
            if api.v2(&checked(BindAlias::new(&request))?)?.is_some() {
                let v = json!({"bound": {"cid": cid, "alias": alias}});
                out.result(&v, |_| format!("bound {alias} to {cid}"));
            }
        }
        AliasCommand::Query { cid: Some(cid), .. } => {
            if let Some(answer) = api.v2(&checked(QueryAliasByCid::new(cid, None))?)? {
                out.value(&json!({"cid": cid, "alias": serde_json::to_value(&answer).unwrap_or_default()}));
            }
        }
        AliasCommand::Query { alias, .. } => {
            let alias = alias.as_deref().unwrap_or_default();
            if let Some(answer) = api.v2(&checked(QueryCidByAlias::new(alias, None))?)? {
                out.value(&json!({"alias": alias, "cids": serde_json::to_value(&answer).unwrap_or_default()}));
            }
        }
        AliasCommand::Unbind { cid, alias } => {
            let request = AliasRequest::new(vec![CidAlias::new(cid.clone(), alias.clone())]);
            if api.v2(&checked(UnbindAlias::new(&request))?)?.is_some() {
                let v = json!({"unbound": {"cid": cid, "alias": alias}});
                out.result(&v, |_| format!("unbound {alias} from {cid}"));
            }
        }
        AliasCommand::UnbindAll { alias } => {
            if api
                .v2(&checked(UnbindAllAlias::new(alias, None))?)?
                .is_some()
            {
                let v = json!({"unbound_all": alias});
                out.result(&v, |_| format!("unbound every cid of {alias}"));
            }
        }
    }
    Ok(())
}
