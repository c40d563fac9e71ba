//! Campaign batching for `getui push-list`: a stream of client ids (one per line) pushed in
//! list pushes of at most [`CHUNK_MAX`] ids to one list message, with a small state file that
//! makes an interrupted campaign resumable, each id pushed once.
//!
//! Memory stays flat in the size of the file: ids are read line by line, one chunk at a time;
//! only a few counters per chunk are kept for the final report.
//!
//! ## The state file
//!
//! A JSON document rewritten (temporary file, then rename) before and after every chunk:
//! the list message's task id, how many chunks and ids are done, a hash of the ids done (a
//! resumed run checks that the file still starts with them), the message's hash (a resumed
//! run must push the same message), and the chunk being sent (`in_flight`).
//!
//! ## The chunk in flight
//!
//! A chunk that was being sent when the process died (or whose answer was lost) may or may not
//! have reached the service, and list pushes carry no request id the service could
//! de-duplicate on. A resumed run **reconciles** it before anything else: for each of its ids
//! it asks the service whether that cid got the task (REST v2 `GET /task/detail/{cid}/{taskid}`,
//! [`RECONCILE_CONCURRENCY`] queries at a time, at most one per id), then pushes only the ids
//! the service has no record of. A query that fails stops the run with nothing sent (the
//! chunk stays in flight for the next `--resume`). With `--skip-uncertain` the chunk is not
//! reconciled: it is counted done without being sent again and reported as uncertain (at
//! most once, the only choice where no such query exists).

use std::collections::BTreeMap;
use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use getui::model::v2::audience::Audience;
use getui::model::v2::push::{AudienceRequest, PushRequest, LIST_PUSH_MAX_TARGETS};
use getui::v2::blocking::Client;
use getui::v2::protocol::action::{CreateListMsg, PushListByCid, QueryTaskDetail};
use getui::ErrorKind;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::api::Api;
use crate::error::CliError;

/// The documented maximum of cids per list push (`POST /push/list/cid`).
pub const CHUNK_MAX: usize = LIST_PUSH_MAX_TARGETS;

/// The task id shown in a dry run, where no list message is created.
pub const DRY_RUN_TASKID: &str = "DRY_RUN_TASKID";

/// How many task-detail queries a reconciliation runs at a time.
pub const RECONCILE_CONCURRENCY: usize = 8;

const STATE_VERSION: u32 = 1;

/// Reads client ids, one per line: surrounding spaces trimmed, blank lines skipped.
#[derive(Debug)]
pub struct IdReader<R> {
    reader: R,
    line: u64,
    buf: String,
}

/// Ids read together, with the lines they came from (1-based).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Chunk {
    /// The ids.
    pub ids: Vec<String>,
    /// The line of the first id.
    pub first_line: u64,
    /// The line of the last id.
    pub last_line: u64,
}

impl<R: BufRead> IdReader<R> {
    /// A reader of `reader`.
    pub fn new(reader: R) -> Self {
        Self {
            reader,
            line: 0,
            buf: String::with_capacity(64),
        }
    }

    /// The next id and its line, `None` at the end.
    pub fn next_id(&mut self) -> io::Result<Option<(u64, String)>> {
        loop {
            self.buf.clear();
            if self.reader.read_line(&mut self.buf)? == 0 {
                return Ok(None);
            }
            self.line += 1;
            let id = self.buf.trim();
            if !id.is_empty() {
                return Ok(Some((self.line, id.to_owned())));
            }
        }
    }

    /// Up to `n` ids (fewer only at the end; empty when there are none).
    pub fn chunk(&mut self, n: usize) -> io::Result<Chunk> {
        let mut chunk = Chunk {
            ids: Vec::with_capacity(n),
            ..Chunk::default()
        };
        while chunk.ids.len() < n {
            match self.next_id()? {
                Some((line, id)) => {
                    if chunk.ids.is_empty() {
                        chunk.first_line = line;
                    }
                    chunk.last_line = line;
                    chunk.ids.push(id);
                }
                None => break,
            }
        }
        Ok(chunk)
    }
}

/// FNV-1a (64 bits), to recognise the ids already done and the message.
#[derive(Debug, Clone, Copy)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    /// Adds bytes.
    pub fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    /// Adds one id (and a separator).
    pub fn id(&mut self, id: &str) {
        self.write(id.as_bytes());
        self.write(b"\n");
    }

    /// The hash as 16 hex digits.
    pub fn hex(&self) -> String {
        format!("{:016x}", self.0)
    }
}

/// A chunk that may have been delivered before an interruption and was not sent again
/// (`--skip-uncertain`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UncertainChunk {
    /// The chunk number (1-based).
    pub index: u64,
    /// The line of its first id.
    pub first_line: u64,
    /// The line of its last id.
    pub last_line: u64,
    /// How many ids it holds.
    pub ids: u64,
}

/// A chunk in flight at an interruption, reconciled with the service by a resumed run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReconciledChunk {
    /// The chunk number (1-based).
    pub index: u64,
    /// The line of its first id.
    pub first_line: u64,
    /// The line of its last id.
    pub last_line: u64,
    /// How many ids it holds.
    pub ids: u64,
    /// Ids the service already had a record of for the task: not sent again.
    pub already_delivered: u64,
    /// Ids the service had no record of: sent by the resumed run.
    pub sent_again: u64,
    /// Delivery status → count, from the answer to the ids sent again.
    pub statuses: BTreeMap<String, u64>,
}

/// The state file's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    /// The format version.
    pub version: u32,
    /// The hash of the message (a resumed run must push the same one).
    pub message: String,
    /// The chunk size of the campaign.
    pub chunk_size: usize,
    /// The list message's task id, once created.
    pub taskid: Option<String>,
    /// Chunks done: sent, or skipped as uncertain.
    pub chunks_done: u64,
    /// Ids in the chunks done.
    pub ids_done: u64,
    /// The hash of the ids done, in order.
    pub ids_hash: String,
    /// The chunk being sent (1-based), if any.
    pub in_flight: Option<u64>,
    /// Chunks skipped because they may have been delivered (`--skip-uncertain`).
    pub uncertain: Vec<UncertainChunk>,
    /// Chunks in flight at an interruption, reconciled by a resumed run.
    #[serde(default)]
    pub reconciled: Vec<ReconciledChunk>,
    /// Delivery statuses over all chunks sent (status → count).
    pub statuses: BTreeMap<String, u64>,
    /// Whether every id was done.
    pub complete: bool,
}

impl State {
    fn new(message: String, chunk_size: usize) -> Self {
        State {
            version: STATE_VERSION,
            message,
            chunk_size,
            taskid: None,
            chunks_done: 0,
            ids_done: 0,
            ids_hash: Fnv::default().hex(),
            in_flight: None,
            uncertain: Vec::new(),
            reconciled: Vec::new(),
            statuses: BTreeMap::new(),
            complete: false,
        }
    }

    /// Reads a state file; `None` when there is none.
    pub fn load(path: &Path) -> Result<Option<State>, CliError> {
        match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map(Some)
                .map_err(|e| CliError::usage(format!("state file {}: {e}", path.display()))),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(CliError::usage(format!(
                "state file {}: {e}",
                path.display()
            ))),
        }
    }

    /// Writes the state atomically (a temporary file renamed over the old one).
    pub fn save(&self, path: &Path) -> Result<(), CliError> {
        let tmp = tmp_path(path);
        let write = || -> io::Result<()> {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(&serde_json::to_vec_pretty(self).map_err(io::Error::other)?)?;
            f.write_all(b"\n")?;
            drop(f);
            std::fs::rename(&tmp, path)
        };
        write().map_err(|e| {
            CliError::usage(format!(
                "cannot write the state file {}: {e}",
                path.display()
            ))
        })
    }
}

fn tmp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".tmp");
    path.with_file_name(name)
}

/// The result of one chunk sent in this run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChunkResult {
    /// The chunk number (1-based, over the whole campaign).
    pub index: u64,
    /// The line of its first id.
    pub first_line: u64,
    /// The line of its last id.
    pub last_line: u64,
    /// How many ids it held.
    pub ids: usize,
    /// Delivery status → count, from the answer.
    pub statuses: BTreeMap<String, u64>,
}

/// What a campaign run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The list message's task id.
    pub taskid: Option<String>,
    /// Ids per chunk.
    pub chunk_size: usize,
    /// Chunks done by earlier runs (resume).
    pub earlier_chunks: u64,
    /// Ids done by earlier runs.
    pub earlier_ids: u64,
    /// The chunks sent by this run.
    pub chunks: Vec<ChunkResult>,
    /// Chunks not sent again because they may have been delivered (`--skip-uncertain`).
    pub uncertain: Vec<UncertainChunk>,
    /// Chunks in flight at an interruption, reconciled with the service.
    pub reconciled: Vec<ReconciledChunk>,
    /// Chunks done over the whole campaign.
    pub chunks_done: u64,
    /// Ids done over the whole campaign.
    pub ids_done: u64,
    /// Delivery statuses over the whole campaign.
    pub statuses: BTreeMap<String, u64>,
    /// Every id was done.
    pub complete: bool,
    /// The run stopped early (`--stop-after-chunks`).
    pub stopped: bool,
}

impl Report {
    /// The report as JSON.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// Where a run reports progress.
pub trait Progress {
    /// `ids` more ids were done (sent or skipped).
    fn advance(&mut self, ids: u64);
    /// `ids` ids were done by an earlier run (not counted in the rate).
    fn skip(&mut self, ids: u64) {
        self.advance(ids);
    }
    /// A line about what the run is doing (e.g. a reconciliation).
    fn note(&mut self, _line: &str) {}
    /// The run ended.
    fn finish(&mut self);
}

/// No progress output.
#[derive(Debug, Default)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn advance(&mut self, _ids: u64) {}
    fn finish(&mut self) {}
}

/// A campaign to run.
#[derive(Debug)]
pub struct Campaign {
    /// The message (no audience).
    pub message: PushRequest,
    /// Ids per list push (1..=[`CHUNK_MAX`]).
    pub chunk_size: usize,
    /// The state file (`None`: not resumable).
    pub state_path: Option<PathBuf>,
    /// Continue the campaign of the state file.
    pub resume: bool,
    /// On resume, skip a chunk whose outcome is uncertain instead of reconciling it.
    pub skip_uncertain: bool,
    /// Stop after this many chunks sent by this run (tests).
    pub stop_after_chunks: Option<u64>,
}

impl Campaign {
    /// Runs the campaign over `ids`.
    pub fn run<R: BufRead>(
        &self,
        api: &Api<'_>,
        ids: &mut IdReader<R>,
        progress: &mut dyn Progress,
    ) -> Result<Report, CliError> {
        if self.chunk_size == 0 || self.chunk_size > CHUNK_MAX {
            return Err(CliError::usage(format!(
                "--chunk-size must be 1..={CHUNK_MAX}"
            )));
        }
        let mut message_hash = Fnv::default();
        message_hash.write(&serde_json::to_vec(&self.message).unwrap_or_default());
        let message_hash = message_hash.hex();
        let create = crate::commands::checked(CreateListMsg::new(&self.message))?;

        if api.is_dry_run() {
            return self.dry_run(api, &create, ids);
        }

        let mut state = self.initial_state(&message_hash)?;
        let mut report = Report {
            chunk_size: self.chunk_size,
            earlier_chunks: state.chunks_done,
            earlier_ids: state.ids_done,
            ..Report::default()
        };
        // Skip what earlier runs did, checking that the file still starts with those ids.
        let mut hash = Fnv::default();
        for _ in 0..state.ids_done {
            match read(ids.next_id())? {
                Some((_, id)) => hash.id(&id),
                None => break,
            }
        }
        if hash.hex() != state.ids_hash {
            return Err(CliError::usage(
                "the ids do not start with the ids the state file says were done: \
                 not the same file (or it changed); nothing sent",
            ));
        }
        if state.ids_done > 0 {
            progress.skip(state.ids_done);
        }
        // --skip-uncertain: the chunk that was being sent when the last run died is counted
        // done without being sent again (at most once).
        if self.skip_uncertain {
            if let Some(index) = state.in_flight.take() {
                let chunk = read(ids.chunk(self.chunk_size))?;
                if !chunk.ids.is_empty() {
                    for id in &chunk.ids {
                        hash.id(id);
                    }
                    state.uncertain.push(UncertainChunk {
                        index,
                        first_line: chunk.first_line,
                        last_line: chunk.last_line,
                        ids: chunk.ids.len() as u64,
                    });
                    state.chunks_done += 1;
                    state.ids_done += chunk.ids.len() as u64;
                    state.ids_hash = hash.hex();
                    progress.advance(chunk.ids.len() as u64);
                }
                self.save(&state)?;
            }
        }

        let taskid = match &state.taskid {
            Some(t) => t.clone(),
            None => {
                let created = api.v2_client()?.execute(&create).map_err(CliError::from)?;
                state.taskid = Some(created.taskid.clone());
                self.save(&state)?;
                created.taskid
            }
        };
        report.taskid = Some(taskid.clone());
        let client = api.v2_client()?;

        // The chunk that was being sent when the last run died: reconciled with the service.
        if state.in_flight.is_some() {
            let chunk = read(ids.chunk(self.chunk_size))?;
            if chunk.ids.is_empty() {
                state.in_flight = None;
                self.save(&state)?;
            } else if let Err(error) =
                self.reconcile(client, &taskid, chunk, &mut state, &mut hash, progress)
            {
                return Err(stopped(&state, report, progress, error));
            }
        }

        let mut sent_this_run = 0u64;
        loop {
            if self.stop_after_chunks.is_some_and(|n| sent_this_run >= n) {
                report.stopped = true;
                break;
            }
            let chunk = read(ids.chunk(self.chunk_size))?;
            if chunk.ids.is_empty() {
                state.complete = true;
                break;
            }
            let index = state.chunks_done + 1;
            let count = chunk.ids.len();
            for id in &chunk.ids {
                hash.id(id);
            }
            state.in_flight = Some(index);
            self.save(&state)?;
            match push(client, &taskid, chunk.ids) {
                Ok(statuses) => {
                    add_statuses(&mut state.statuses, &statuses);
                    state.in_flight = None;
                    state.chunks_done = index;
                    state.ids_done += count as u64;
                    state.ids_hash = hash.hex();
                    self.save(&state)?;
                    report.chunks.push(ChunkResult {
                        index,
                        first_line: chunk.first_line,
                        last_line: chunk.last_line,
                        ids: count,
                        statuses,
                    });
                    sent_this_run += 1;
                    progress.advance(count as u64);
                }
                Err((mut error, uncertain)) => {
                    if !uncertain {
                        state.in_flight = None;
                    }
                    self.save(&state)?;
                    let note = if uncertain {
                        format!(
                            "chunk {index} (lines {}-{}) may have reached the service: --resume \
                             asks the service which of its ids got the task and sends only the \
                             others",
                            chunk.first_line, chunk.last_line
                        )
                    } else {
                        format!(
                            "chunk {index} (lines {}-{}) was not delivered: --resume sends it",
                            chunk.first_line, chunk.last_line
                        )
                    };
                    error.message = format!("{}; {note}", error.message);
                    return Err(stopped(&state, report, progress, error));
                }
            }
        }
        self.save(&state)?;
        progress.finish();
        report.complete = state.complete;
        report.ids_done = state.ids_done;
        report.chunks_done = state.chunks_done;
        report.statuses = state.statuses;
        report.uncertain = state.uncertain;
        report.reconciled = state.reconciled;
        Ok(report)
    }

    /// Reconciles the chunk that was in flight when an earlier run stopped: asks the
    /// service which of its ids got the task, sends the others, and records the chunk done.
    /// On failure nothing of the chunk is recorded: it stays in flight for the next resume.
    fn reconcile(
        &self,
        client: &Client,
        taskid: &str,
        chunk: Chunk,
        state: &mut State,
        hash: &mut Fnv,
        progress: &mut dyn Progress,
    ) -> Result<(), CliError> {
        let index = state.in_flight.unwrap_or(state.chunks_done + 1);
        let m = chunk.ids.len();
        let lines = format!("lines {}-{}", chunk.first_line, chunk.last_line);
        progress.note(&format!(
            "reconciling chunk {index} ({lines}): it was in flight when the last run stopped; \
             asking the service which of its {m} ids got task {taskid} (GET /task/detail, \
             {RECONCILE_CONCURRENCY} at a time)"
        ));
        let known = delivered(client, taskid, &chunk.ids).map_err(|mut e| {
            e.message = format!(
                "cannot reconcile chunk {index} ({lines}) with the service: {}; nothing of it \
                 was sent: --resume again, or --resume --skip-uncertain to leave its ids unsent \
                 (they may or may not have been delivered)",
                e.message
            );
            e
        })?;
        let k = known.iter().filter(|d| **d).count();
        progress.note(&format!(
            "reconciling chunk {index}: {k} of {m} ids already delivered{}",
            if k == m {
                "; nothing to send again".to_owned()
            } else {
                format!("; sending the other {}", m - k)
            }
        ));
        let mut after = *hash;
        for id in &chunk.ids {
            after.id(id);
        }
        let missing: Vec<String> = chunk
            .ids
            .into_iter()
            .zip(&known)
            .filter(|(_, known)| !**known)
            .map(|(id, _)| id)
            .collect();
        let statuses = if missing.is_empty() {
            BTreeMap::new()
        } else {
            push(client, taskid, missing).map_err(|(mut e, _)| {
                e.message = format!(
                    "{}; chunk {index} ({lines}) stays in flight: --resume reconciles it again",
                    e.message
                );
                e
            })?
        };
        add_statuses(&mut state.statuses, &statuses);
        state.reconciled.push(ReconciledChunk {
            index,
            first_line: chunk.first_line,
            last_line: chunk.last_line,
            ids: m as u64,
            already_delivered: k as u64,
            sent_again: (m - k) as u64,
            statuses,
        });
        state.in_flight = None;
        state.chunks_done = index;
        state.ids_done += m as u64;
        state.ids_hash = after.hex();
        self.save(state)?;
        *hash = after;
        progress.advance(m as u64);
        Ok(())
    }

    /// A dry run: prints the list message and every list push, with a placeholder task id.
    fn dry_run<R: BufRead>(
        &self,
        api: &Api<'_>,
        create: &CreateListMsg,
        ids: &mut IdReader<R>,
    ) -> Result<Report, CliError> {
        api.v2(create)?;
        let mut report = Report {
            chunk_size: self.chunk_size,
            taskid: Some(DRY_RUN_TASKID.into()),
            ..Report::default()
        };
        loop {
            let chunk = read(ids.chunk(self.chunk_size))?;
            if chunk.ids.is_empty() {
                break;
            }
            report.ids_done += chunk.ids.len() as u64;
            let request = AudienceRequest::new(DRY_RUN_TASKID, Audience::Cid(chunk.ids));
            api.v2(&crate::commands::checked(PushListByCid::new(&request))?)?;
        }
        report.complete = true;
        Ok(report)
    }

    fn initial_state(&self, message_hash: &str) -> Result<State, CliError> {
        let Some(path) = &self.state_path else {
            if self.resume {
                return Err(CliError::usage(
                    "--resume needs a state file (--state FILE)",
                ));
            }
            return Ok(State::new(message_hash.to_owned(), self.chunk_size));
        };
        match State::load(path)? {
            None => Ok(State::new(message_hash.to_owned(), self.chunk_size)),
            Some(_) if !self.resume => Err(CliError::usage(format!(
                "the state file {} exists: add --resume to continue that campaign, or remove \
                 the file to start a new one",
                path.display()
            ))),
            Some(state) => {
                if state.version != STATE_VERSION {
                    return Err(CliError::usage(format!(
                        "state file {}: unknown version {}",
                        path.display(),
                        state.version
                    )));
                }
                if state.message != message_hash {
                    return Err(CliError::usage(format!(
                        "state file {}: it is the campaign of another message (give the same \
                         message options as the interrupted run)",
                        path.display()
                    )));
                }
                if state.chunk_size != self.chunk_size {
                    return Err(CliError::usage(format!(
                        "state file {}: the campaign used chunks of {} ids",
                        path.display(),
                        state.chunk_size
                    )));
                }
                Ok(state)
            }
        }
    }

    fn save(&self, state: &State) -> Result<(), CliError> {
        match &self.state_path {
            Some(path) => state.save(path),
            None => Ok(()),
        }
    }
}

/// Ends a run that stopped on `error`: the report so far goes with the error
/// (`--output json`).
fn stopped(
    state: &State,
    mut report: Report,
    progress: &mut dyn Progress,
    error: CliError,
) -> CliError {
    progress.finish();
    report.ids_done = state.ids_done;
    report.chunks_done = state.chunks_done;
    report.statuses = state.statuses.clone();
    report.uncertain = state.uncertain.clone();
    report.reconciled = state.reconciled.clone();
    error.with_details(report.to_json())
}

/// One list push of `ids` to `taskid`: delivery status → count, or the error and whether the
/// ids may have been delivered all the same.
fn push(
    client: &Client,
    taskid: &str,
    ids: Vec<String>,
) -> Result<BTreeMap<String, u64>, (CliError, bool)> {
    let request = AudienceRequest::new(taskid, Audience::Cid(ids));
    let action = crate::commands::checked(PushListByCid::new(&request)).map_err(|e| (e, false))?;
    match client.execute(&action) {
        Ok(result) => {
            let mut statuses = BTreeMap::new();
            for cids in result.values() {
                for status in cids.values() {
                    *statuses.entry(status.as_str().to_owned()).or_insert(0) += 1;
                }
            }
            Ok(statuses)
        }
        Err(e) => {
            let uncertain = may_have_been_delivered(&e);
            Err((CliError::from(e), uncertain))
        }
    }
}

fn add_statuses(total: &mut BTreeMap<String, u64>, more: &BTreeMap<String, u64>) {
    for (s, n) in more {
        *total.entry(s.clone()).or_insert(0) += n;
    }
}

/// For each of `cids`, whether the service has a record of it in the task `taskid`: REST v2
/// `GET /task/detail/{cid}/{taskid}` answers a non-empty list of events. One query per cid,
/// [`RECONCILE_CONCURRENCY`] at a time; the first failure stops the queries and is returned.
fn delivered(client: &Client, taskid: &str, cids: &[String]) -> Result<Vec<bool>, CliError> {
    let actions = cids
        .iter()
        .map(|cid| crate::commands::checked(QueryTaskDetail::new(cid, taskid)))
        .collect::<Result<Vec<_>, _>>()?;
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let first_error: Mutex<Option<CliError>> = Mutex::new(None);
    let found: Vec<AtomicBool> = cids.iter().map(|_| AtomicBool::new(false)).collect();
    std::thread::scope(|scope| {
        for _ in 0..RECONCILE_CONCURRENCY.min(cids.len()) {
            scope.spawn(|| {
                while !failed.load(Ordering::Relaxed) {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(action) = actions.get(i) else {
                        break;
                    };
                    match client.execute(action) {
                        Ok(detail) => found[i].store(!detail.detail.is_empty(), Ordering::Relaxed),
                        Err(e) => {
                            failed.store(true, Ordering::Relaxed);
                            let mut error = CliError::from(e);
                            error.message =
                                format!("GET /task/detail/{}/{taskid}: {}", cids[i], error.message);
                            first_error
                                .lock()
                                .unwrap_or_else(|p| p.into_inner())
                                .get_or_insert(error);
                        }
                    }
                }
            });
        }
    });
    match first_error.into_inner().unwrap_or_else(|p| p.into_inner()) {
        Some(error) => Err(error),
        None => Ok(found.into_iter().map(AtomicBool::into_inner).collect()),
    }
}

fn read<T>(result: io::Result<T>) -> Result<T, CliError> {
    result.map_err(|e| CliError::usage(format!("cannot read the ids: {e}")))
}

/// Whether a failed list push may have been delivered: anything but a refusal the service
/// answered with a business code, or a failure before the request left.
fn may_have_been_delivered(e: &getui::Error) -> bool {
    match e.kind() {
        ErrorKind::Validation | ErrorKind::Config | ErrorKind::Auth => false,
        ErrorKind::Api => e.code().is_none(),
        ErrorKind::Transport | ErrorKind::Closed => {
            e.transport().is_none_or(|t| t.may_have_been_sent())
        }
        _ => true,
    }
}

/// The default state file of a file of ids: `FILE.getui-state.json` beside it.
pub fn default_state_path(cids: &Path) -> PathBuf {
    let mut name = cids.file_name().unwrap_or_default().to_os_string();
    name.push(".getui-state.json");
    cids.with_file_name(name)
}

/// Counts the ids of a file (for the progress bar's total), reading it once.
pub fn count_ids(path: &Path) -> io::Result<u64> {
    let file = std::fs::File::open(path)?;
    let mut reader = io::BufReader::with_capacity(1 << 16, file);
    let mut count = 0u64;
    let mut line = Vec::with_capacity(64);
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            return Ok(count);
        }
        if line.iter().any(|b| !b.is_ascii_whitespace()) {
            count += 1;
        }
    }
}

/// A progress display: an `indicatif` bar (rate, ETA) on a terminal, else a plain line on
/// stderr at most once a second and at the end.
pub struct StderrProgress {
    bar: Option<indicatif::ProgressBar>,
    plain: bool,
    total: Option<u64>,
    done: u64,
    /// Ids done by earlier runs.
    skipped: u64,
    started: Instant,
    last_line: Option<Instant>,
    /// `done` when the last plain line was written.
    last_done: Option<u64>,
}

impl std::fmt::Debug for StderrProgress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StderrProgress")
            .field("bar", &self.bar.is_some())
            .field("total", &self.total)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl StderrProgress {
    /// A bar (`bar`) or plain lines (`plain`) for `total` ids (unknown: `None`).
    pub fn new(bar: bool, plain: bool, total: Option<u64>) -> Self {
        let bar = bar.then(|| {
            let pb = match total {
                Some(t) => indicatif::ProgressBar::new(t),
                None => indicatif::ProgressBar::new_spinner(),
            };
            pb.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            let template = if total.is_some() {
                "{bar:40} {human_pos}/{human_len} ids  {per_sec}  ETA {eta}"
            } else {
                "{spinner} {human_pos} ids  {per_sec}"
            };
            if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
                pb.set_style(style);
            }
            pb
        });
        StderrProgress {
            bar,
            plain,
            total,
            done: 0,
            skipped: 0,
            started: Instant::now(),
            last_line: None,
            last_done: None,
        }
    }

    fn plain_line(&mut self) {
        let secs = self.started.elapsed().as_secs_f64().max(1e-3);
        let rate = (self.done - self.skipped) as f64 / secs;
        let of = self.total.map(|t| format!("/{t}")).unwrap_or_default();
        let mut stderr = io::stderr().lock();
        let _ = writeln!(stderr, "push-list: {}{of} ids, {rate:.0} ids/s", self.done);
        self.last_line = Some(Instant::now());
        self.last_done = Some(self.done);
    }
}

impl Progress for StderrProgress {
    fn note(&mut self, line: &str) {
        if let Some(bar) = &self.bar {
            bar.println(format!("push-list: {line}"));
        } else if self.plain {
            let _ = writeln!(io::stderr().lock(), "push-list: {line}");
        }
    }

    fn skip(&mut self, ids: u64) {
        self.done += ids;
        self.skipped += ids;
        if let Some(bar) = &self.bar {
            bar.inc(ids);
            bar.reset_eta();
        }
    }

    fn advance(&mut self, ids: u64) {
        self.done += ids;
        if let Some(bar) = &self.bar {
            bar.inc(ids);
        } else if self.plain
            && self
                .last_line
                .is_none_or(|t| t.elapsed() >= Duration::from_secs(1))
        {
            self.plain_line();
        }
    }

    fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish();
        } else if self.plain {
            if self.last_done != Some(self.done) {
                self.plain_line();
            }
            self.plain = false;
        }
    }
}
