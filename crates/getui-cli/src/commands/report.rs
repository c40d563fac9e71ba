//! `getui report TASKID…`: push results of tasks.

use clap::Args;
use getui::v2::protocol::action::{QueryPushResultByTaskIds, TASK_IDS_MAX};

use super::checked;
use crate::api::Api;
use crate::error::CliError;
use crate::output::Output;

/// Examples shown by `getui report --help`.
pub const EXAMPLES: &str = "\
Examples:
  getui report RASL_0101_abc
  getui report RASL_0101_abc RASA_0101_def --output json";

/// `getui report` options.
#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    /// The task ids (at most 200).
    #[arg(required = true, value_name = "TASKID")]
    pub task_ids: Vec<String>,
}

/// Runs `getui report`.
pub fn run(args: &ReportArgs, api: &Api<'_>, out: &Output) -> Result<(), CliError> {
    if args.task_ids.len() > TASK_IDS_MAX {
        return Err(CliError::usage(format!(
            "at most {TASK_IDS_MAX} task ids per report"
        )));
    }
    let action = checked(QueryPushResultByTaskIds::new(&args.task_ids))?;
    if let Some(report) = api.v2(&action)? {
        out.value(&serde_json::to_value(&report).unwrap_or_default());
    }
    Ok(())
}
