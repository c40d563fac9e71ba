//! One module per subcommand. Each turns its arguments into actions, sends them through
//! [`Api`] and writes the results through [`Output`].

pub mod alias;
pub mod migrate;
pub mod mock;
pub mod push;
pub mod push_list;
pub mod report;
pub mod tag;
pub mod token;
pub mod user;

use crate::api::Api;
use crate::config::{Settings, Vars};
use crate::error::CliError;
use crate::output::Output;
use crate::{Cli, Command};

/// Runs the subcommand of `cli`.
pub fn dispatch(cli: &Cli, vars: &Vars, out: &Output) -> Result<(), CliError> {
    if let Command::Mock(args) = &cli.command {
        if cli.global.dry_run {
            return Err(CliError::usage(
                "`getui mock` sends nothing: --dry-run does not apply",
            ));
        }
        return mock::run(args, out);
    }
    if let Command::Migrate(args) = &cli.command {
        // Offline: no credentials, nothing sent (--dry-run changes nothing).
        return migrate::run(args, out);
    }
    let settings = Settings::resolve(&cli.global, vars)?;
    let api = Api::new(settings, out, cli.global.dry_run);
    let result = match &cli.command {
        Command::Push(args) => push::run(args, &api, out),
        Command::PushList(args) => push_list::run(args, &api, out),
        Command::Report(args) => report::run(args, &api, out),
        Command::User(cmd) => user::run(cmd, &api, out),
        Command::Alias(cmd) => alias::run(cmd, &api, out),
        Command::Tag(cmd) => tag::run(cmd, &api, out),
        Command::Token(args) => token::run(args, &api, out),
        Command::Mock(_) | Command::Migrate(_) => unreachable!("handled above"),
    };
    if result.is_ok() {
        api.finish();
    }
    result
}

/// Turns a validation failure of an action's constructor into a usage error naming the
/// action.
pub(crate) fn checked<A>(action: Result<A, getui::model::ValidationError>) -> Result<A, CliError> {
    action.map_err(|e| CliError::usage(format!("invalid request: {e}")))
}
