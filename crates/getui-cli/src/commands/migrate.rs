//! `getui migrate FILE.json`: a legacy message (its official JSON form) → the REST v2 push
//! request, with every legacy field that does not carry over listed (`getui::migrate`).
//! Offline: nothing is sent, no credentials are needed.

use std::io::Read;
use std::path::PathBuf;

use clap::Args;

use crate::error::CliError;
use crate::output::Output;

/// Examples shown by `getui migrate --help`.
pub const EXAMPLES: &str = "\
Prints the v2 body on stdout (--output json: the endpoint, the body and the unmapped fields);
the v2 call and every legacy field that does not carry over go to stderr. Accepted: a message
with its \"class\" (IGtSingleMessage, IGtListMessage, IGtAppMessage), or
{\"message\": …, \"target\": …, \"taskGroupName\": …}.

Examples:
  getui migrate legacy-message.json > v2-body.json
  getui migrate --strict --output json - < legacy-message.json";

/// `getui migrate` options.
#[derive(Debug, Clone, Args)]
pub struct MigrateArgs {
    /// The legacy message as JSON (`-`: stdin).
    #[arg(value_name = "FILE.json|-")]
    pub file: PathBuf,
    /// Exit with code 2 when a legacy field does not carry over.
    #[arg(long)]
    pub strict: bool,
}

/// Runs `getui migrate`.
pub fn run(args: &MigrateArgs, out: &Output) -> Result<(), CliError> {
    let mut text = String::new();
    if args.file.as_os_str() == "-" {
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| CliError::usage(format!("cannot read stdin: {e}")))?;
    } else {
        text = std::fs::read_to_string(&args.file)
            .map_err(|e| CliError::usage(format!("{}: {e}", args.file.display())))?;
    }
    let migration = getui::migrate::from_json(&text)
        .map_err(|e| CliError::usage(format!("{}: {e}", args.file.display())))?;
    if out.is_json() {
        out.json(&migration.to_json());
    } else {
        out.json(&migration.body());
        out.note(&format!(
            "v2 call: POST {} (`{}` of the v2 clients)",
            migration.endpoint.path(),
            migration.endpoint.method()
        ));
    }
    // Never a silent loss: the unmapped fields are shown even with --quiet.
    if !out.is_json() {
        for u in &migration.unmapped {
            eprintln!(
                "not carried over: {} ({}): {}",
                u.field,
                u.reason.as_str(),
                u.detail
            );
        }
    }
    if args.strict && !migration.is_complete() {
        return Err(CliError::usage(format!(
            "{} legacy field(s) do not carry over (--strict)",
            migration.unmapped.len()
        )));
    }
    Ok(())
}
