//! `getui push-list`: one message to a file of client ids (see [`crate::campaign`]).

use std::io::BufReader;
use std::path::PathBuf;

use clap::Args;

use crate::api::Api;
use crate::campaign::{
    count_ids, default_state_path, Campaign, IdReader, NoProgress, Progress, Report,
    StderrProgress, CHUNK_MAX,
};
use crate::error::CliError;
use crate::message::MessageArgs;
use crate::output::Output;

/// Examples shown by `getui push-list --help`.
pub const EXAMPLES: &str = "\
The list message is created once (POST /push/list/message), then the ids are sent in list
pushes of up to 1000 (POST /push/list/cid). The state file (default: FILE.getui-state.json)
records every chunk; after an interruption, the same command with --resume continues where it
stopped: chunks done are not sent again.

A chunk in flight when the run stopped (sent, no answer) may or may not have reached the
service, and list pushes carry no request id to de-duplicate on. --resume reconciles it first:
for each of its ids it asks the service whether that cid got the task
(GET /task/detail/{cid}/{taskid}: at most one query per id, 8 at a time; stderr shows
\"reconciling chunk N: k of m ids already delivered\"), then sends only the ids the service has
no record of. Each id is so pushed exactly once, provided the task detail is authoritative when
--resume runs. It is not if it lags behind accepted pushes or if the stopped run's request is
still being processed: then an id of that chunk can be pushed twice (resuming a little later
narrows this). If a query fails (e.g. 10004: the app lacks the permission), nothing is sent and
the run stops; --resume --skip-uncertain then skips that chunk instead, at most once, its lines
reported for you to check. push-list speaks REST v2 only: the legacy API has no such query.

Examples:
  getui push-list --cids users.txt --title 'Sale' --body 'Today only'
  getui push-list --cids users.txt --title 'Sale' --body 'Today only' --resume
  cut -f1 export.tsv | getui push-list --cids - --payload '{\"sync\": true}' --state sync.json";

/// `getui push-list` options.
#[derive(Debug, Clone, Args)]
pub struct PushListArgs {
    /// The client ids, one per line (`-`: stdin).
    #[arg(long, value_name = "FILE|-")]
    pub cids: PathBuf,
    /// The message.
    #[command(flatten)]
    pub message: MessageArgs,
    /// The state file (default: FILE.getui-state.json; none for stdin unless given).
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// Continue the interrupted campaign of the state file; a chunk in flight when it stopped is
    /// reconciled with the service first (only its ids the service has no record of are sent).
    #[arg(long)]
    pub resume: bool,
    /// With --resume: do not reconcile a chunk in flight when the run stopped; count it done
    /// without sending it again (at most once) and report its lines.
    #[arg(long, requires = "resume")]
    pub skip_uncertain: bool,
    /// Ids per list push (at most 1000, the documented maximum).
    #[arg(long, value_name = "N", default_value_t = CHUNK_MAX)]
    pub chunk_size: usize,
    /// Stop after N chunks, as if interrupted (for tests).
    #[arg(long, value_name = "N", hide = true)]
    pub stop_after_chunks: Option<u64>,
}

/// Runs `getui push-list`.
pub fn run(args: &PushListArgs, api: &Api<'_>, out: &Output) -> Result<(), CliError> {
    let message = args.message.v2_request()?;
    if message.audience.is_some() {
        return Err(CliError::usage(
            "the --json request of push-list must not have an audience: the ids come from --cids",
        ));
    }
    let stdin = args.cids.as_os_str() == "-";
    let state_path = match (&args.state, stdin) {
        (Some(p), _) => Some(p.clone()),
        (None, false) => Some(default_state_path(&args.cids)),
        (None, true) => None,
    };
    let campaign = Campaign {
        message,
        chunk_size: args.chunk_size,
        state_path: if api.is_dry_run() { None } else { state_path },
        resume: args.resume,
        skip_uncertain: args.skip_uncertain,
        stop_after_chunks: args.stop_after_chunks,
    };
    let mut progress: Box<dyn Progress> = if api.is_dry_run() || out.is_quiet() {
        Box::new(NoProgress)
    } else {
        let total = if stdin {
            None
        } else {
            count_ids(&args.cids).ok()
        };
        Box::new(StderrProgress::new(
            out.progress_bar(),
            !out.progress_bar(),
            total,
        ))
    };
    let report = if stdin {
        let stdin = std::io::stdin();
        let mut ids = IdReader::new(stdin.lock());
        campaign.run(api, &mut ids, progress.as_mut())?
    } else {
        let file = std::fs::File::open(&args.cids)
            .map_err(|e| CliError::usage(format!("--cids {}: {e}", args.cids.display())))?;
        let mut ids = IdReader::new(BufReader::with_capacity(1 << 16, file));
        campaign.run(api, &mut ids, progress.as_mut())?
    };
    if api.is_dry_run() {
        return Ok(());
    }
    out.result(&report.to_json(), |_| render(&report));
    Ok(())
}

/// The report as lines.
pub fn render(report: &Report) -> String {
    let mut text = format!("task id: {}\n", report.taskid.as_deref().unwrap_or("-"));
    match report.earlier_chunks {
        0 => {}
        1 => text.push_str(&format!(
            "chunk 1: {} ids done by an earlier run\n",
            report.earlier_ids
        )),
        n => text.push_str(&format!(
            "chunks 1-{n}: {} ids done by an earlier run\n",
            report.earlier_ids
        )),
    }
    for u in &report.uncertain {
        text.push_str(&format!(
            "chunk {}: lines {}-{}: {} ids NOT sent again (--skip-uncertain): they may or may \
             not have been delivered before the interruption\n",
            u.index, u.first_line, u.last_line, u.ids
        ));
    }
    for r in &report.reconciled {
        let statuses: Vec<String> = r.statuses.iter().map(|(s, n)| format!("{s} {n}")).collect();
        text.push_str(&format!(
            "chunk {}: lines {}-{}: {} ids in flight at the interruption, reconciled: {} already \
             delivered, {} sent again{}\n",
            r.index,
            r.first_line,
            r.last_line,
            r.ids,
            r.already_delivered,
            r.sent_again,
            if statuses.is_empty() {
                String::new()
            } else {
                format!(": {}", statuses.join(", "))
            }
        ));
    }
    for c in &report.chunks {
        let statuses: Vec<String> = c.statuses.iter().map(|(s, n)| format!("{s} {n}")).collect();
        text.push_str(&format!(
            "chunk {}: lines {}-{}: {} ids: {}\n",
            c.index,
            c.first_line,
            c.last_line,
            c.ids,
            statuses.join(", ")
        ));
    }
    let mut statuses: Vec<String> = report
        .statuses
        .iter()
        .map(|(s, n)| format!("{s} {n}"))
        .collect();
    // Ids with no status of their own: delivered before an interruption (reconciled), or
    // skipped as uncertain.
    let reconciled: u64 = report.reconciled.iter().map(|r| r.already_delivered).sum();
    if reconciled > 0 {
        statuses.push(format!(
            "already delivered before an interruption {reconciled}"
        ));
    }
    let uncertain: u64 = report.uncertain.iter().map(|u| u.ids).sum();
    if uncertain > 0 {
        statuses.push(format!("uncertain, not sent again {uncertain}"));
    }
    text.push_str(&format!(
        "total: {} ids in {} chunks ({}): {}\n",
        report.ids_done,
        report.chunks_done,
        if report.complete {
            "complete"
        } else if report.stopped {
            "stopped: --resume to continue"
        } else {
            "incomplete"
        },
        if statuses.is_empty() {
            "-".to_owned()
        } else {
            statuses.join(", ")
        }
    ));
    text
}
