//! # getui-cli
//!
//! The `getui` command line (`cargo install --path crates/getui-cli`, or
//! `cargo run -p getui-cli -- …` in the repository): one push, a campaign to a file of client
//! ids, task reports, user status, aliases, tags and the auth token, over REST v2 (default)
//! or the legacy API (`push --legacy`), and `getui mock` to try it all locally.
//!
//! The binary (`src/main.rs`) only reads the arguments and the environment; this library does
//! the work: [`config`] resolves the credentials (flags, then `GETUI_*` variables, then a
//! profile file), [`api`] sends actions through the SDK's blocking clients or, with
//! `--dry-run`, prints them with the sans-IO protocol crate ([`dryrun`]), [`campaign`]
//! streams a file of ids into list pushes with a resumable state file, [`output`] writes
//! results (text or `--output json`) to stdout and progress to stderr, and [`commands`] holds
//! one module per subcommand. `getui migrate` runs the facade's legacy → v2 converter
//! (`getui::migrate`) on a JSON file.
//!
//! ## Exit codes
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success (also `--help`, `--version`, a `--dry-run`) |
//! | 1 | the service answered with an error (business code, HTTP error, refused credentials, unreadable answer) |
//! | 2 | usage or validation error: bad arguments, bad configuration, an input the API would refuse (nothing was sent) |
//! | 3 | transport error: the service could not be reached or the exchange failed |
//!
//! Errors are printed with their code, message and request id (stderr; with `--output json`
//! as a JSON object on stdout). The master secret never appears in any output.

pub mod api;
pub mod campaign;
pub mod commands;
pub mod config;
pub mod dryrun;
pub mod error;
pub mod message;
pub mod output;
pub mod time;

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub use error::{CliError, ExitCode};

/// The exit codes, as shown at the end of `getui --help`.
pub const EXIT_CODES_HELP: &str = "\
Exit codes: 0 ok, 1 API error (the service answered with an error), 2 usage or validation \
error (nothing sent), 3 transport error (the service could not be reached).

Configuration: flags, then GETUI_APP_ID, GETUI_APP_KEY, GETUI_MASTER_SECRET, GETUI_V2_BASE_URL \
(legacy: GETUI_HOST), then the profile file ~/.config/getui/config.toml ([default] or \
--profile NAME; keys app_id, app_key, master_secret or secret_command, base_url, host).

Example:
  getui push --cid 0a1b2c3d4e5f --title 'Your order' --body 'has shipped' --dry-run";

/// `getui`: the command line.
#[derive(Debug, Parser)]
#[command(
    name = "getui",
    version,
    about = "Getui (个推) push from the command line: REST v2 by default, the legacy API with --legacy",
    after_help = EXIT_CODES_HELP,
    max_term_width = 100
)]
pub struct Cli {
    /// Options of every subcommand.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The subcommand.
    #[command(subcommand)]
    pub command: Command,
}

/// How results are written to stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Lines for people.
    Text,
    /// One JSON document, for scripts.
    Json,
}

/// Options of every subcommand.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Global options")]
// The doc comments are the help texts: plain URLs read better there.
#[allow(rustdoc::bare_urls)]
pub struct GlobalArgs {
    /// The app id (else GETUI_APP_ID, else the profile's app_id).
    #[arg(long, global = true, value_name = "ID")]
    pub app_id: Option<String>,
    /// The app key (else GETUI_APP_KEY, else the profile's app_key).
    #[arg(long, global = true, value_name = "KEY")]
    pub app_key: Option<String>,
    /// A command printing the master secret, e.g. 'pass show getui' (else GETUI_MASTER_SECRET,
    /// else the profile's master_secret or secret_command).
    #[arg(long, global = true, value_name = "COMMAND")]
    pub secret_command: Option<String>,
    /// The REST v2 base URL (else GETUI_V2_BASE_URL, else the profile's base_url, else
    /// https://restapi.getui.com).
    #[arg(long, global = true, value_name = "URL")]
    pub base_url: Option<String>,
    /// The legacy bootstrap URL (…/serviceex) or push host (…/apiex.htm) (else GETUI_HOST,
    /// else the profile's host).
    #[arg(long, global = true, value_name = "URL")]
    pub host: Option<String>,
    /// The profile of the configuration file (default: `default`).
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
    /// The configuration file (default: ~/.config/getui/config.toml).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Print the exact HTTP requests (token and sign redacted) and send nothing.
    #[arg(long, global = true)]
    pub dry_run: bool,
    /// The format of the results on stdout.
    #[arg(long, global = true, value_enum, default_value_t = OutputFormat::Text, value_name = "FORMAT")]
    pub output: OutputFormat,
    /// No progress or notes on stderr (errors are still printed).
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Push one notification or transmission to a cid or an alias.
    #[command(after_help = commands::push::EXAMPLES)]
    Push(commands::push::PushArgs),
    /// Push one message to a file of client ids, in list pushes of up to 1000 ids, resumable.
    #[command(name = "push-list", after_help = commands::push_list::EXAMPLES)]
    PushList(commands::push_list::PushListArgs),
    /// Push results of tasks.
    #[command(after_help = commands::report::EXAMPLES)]
    Report(commands::report::ReportArgs),
    /// Users: online status.
    #[command(subcommand)]
    User(commands::user::UserCommand),
    /// Aliases: bind, query, unbind.
    #[command(subcommand)]
    Alias(commands::alias::AliasCommand),
    /// Custom tags: set, query, add, remove.
    #[command(subcommand)]
    Tag(commands::tag::TagCommand),
    /// Get an auth token and print its expiry (the token itself only with --show-token).
    #[command(after_help = commands::token::EXAMPLES)]
    Token(commands::token::TokenArgs),
    /// Convert a legacy message (its official JSON form) to the REST v2 push request.
    #[command(after_help = commands::migrate::EXAMPLES)]
    Migrate(commands::migrate::MigrateArgs),
    /// Start getui-mock (REST v2 and legacy) and print the variables pointing at it.
    #[command(after_help = commands::mock::EXAMPLES)]
    Mock(commands::mock::MockArgs),
}

/// Runs the command line `args` (the first is the program name) with the environment `vars`
/// and returns the exit code. Never panics on bad input.
pub fn run(args: Vec<OsString>, vars: &config::Vars) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version print to stdout and exit 0; usage errors exit 2.
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::Usage as i32
            } else {
                0
            };
        }
    };
    let out = output::Output::new(cli.global.output, cli.global.quiet);
    let result = commands::dispatch(&cli, vars, &out);
    match result {
        Ok(()) => 0,
        Err(error) => {
            out.error(&error);
            error.exit as i32
        }
    }
}
