//! `--reference REV`: the figures of the targets table measured for another commit of this
//! repository in the same run, side by side with this tree's, so that "no figure gets worse"
//! is judged on one machine at one time instead of against a table written on another day
//! (or another machine: the figures of two runs hours apart move more on a shared VM than
//! most changes being judged).
//!
//! The reference commit is exported with `git archive` (nothing in the repository changes)
//! into `<target>/getui-bench/reference/<commit>/`, built there with its own
//! `Cargo.lock` into `<target>/getui-bench/reference/target/`, and measured with its own
//! criterion benches and load generator, with the commands this tree's figures use. Both
//! load generators push to this tree's `getui-mock`: the load figures are the client's, and
//! the mock is the instrument (each tree against its own mock would mix in the mock's
//! changes: a faster mock raises wrk's rate, the denominator of the client's share). Each comparison is a number of *pairs*: one measurement of each tree, moments apart,
//! the order switched every pair. A figure is **worse** only when this tree's value is
//! worse than the reference's in every pair (with 5 pairs, a difference that is noise alone
//! looks like that 1 time in 32); the medians and the count of pairs are shown next to it.
//!
//! Compared: every criterion figure of the targets table whose benchmark both trees have
//! (single-push body time and allocations, REST v2 body, prost ÷ hand-written ratios, list
//! push body), the legacy async (64 in flight) and blocking (1 thread) clients next to wrk
//! (share of wrk, p99), and the peak RSS of 10,000 pushes in flight. The nginx rows are not: their commands (`--fixed`, `--protocol v2`) are newer
//! than the references they are judged against.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::criterion::{self, format_ns, BenchResult};
use crate::fixtures::TemplateKind;

/// The criterion ids behind the targets table (a regex for criterion's filter).
pub const TARGET_BENCHES: &str = "^(single_push_body/notification|v2_single_push_body/notification|protobuf/[a-z]+/(hand|prost)_reuse|protobuf/batch_1000/(hand|prost)_vec|list_push_10k/body_gzip)$";

/// Criterion's options for each compared run: shorter than the main run's, repeated in pairs.
pub const CRITERION_ARGS: [&str; 5] =
    ["--warm-up-time", "1", "--measurement-time", "2", "--noplot"];

/// The `cargo` arguments that run the criterion benches of the targets table, in either tree.
pub fn criterion_command() -> Vec<&'static str> {
    let mut args = vec!["bench", "-p", "getui-benches", "--", TARGET_BENCHES];
    args.extend(CRITERION_ARGS);
    args
}

/// The first 12 digits of a commit id.
pub fn short_commit(commit: &str) -> &str {
    &commit[..commit.len().min(12)]
}

/// Another commit, exported and built next to this tree.
#[derive(Debug, Clone)]
pub struct Reference {
    /// What the caller named (`--reference REV`).
    pub rev: String,
    /// The full commit id.
    pub commit: String,
    /// The exported source tree.
    pub src: PathBuf,
    /// Its cargo target directory.
    pub target: PathBuf,
}

impl Reference {
    /// Resolves `rev` in the repository at `root`, exports it under `base` (once per commit)
    /// and builds its load generator (release).
    pub fn prepare(root: &Path, base: &Path, rev: &str) -> Result<Self, String> {
        let out = Command::new("git")
            .arg("-C")
            .arg(root)
            .args(["rev-parse", "--verify", "--end-of-options"])
            .arg(format!("{rev}^{{commit}}"))
            .output()
            .map_err(|e| format!("cannot run git: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "--reference {rev}: not a commit of this repository ({})",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        let commit = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        let src = base.join(&commit);
        if !src.join("Cargo.toml").is_file() {
            export(root, &commit, &src)?;
        }
        let reference = Self {
            rev: rev.to_owned(),
            commit,
            src,
            target: base.join("target"),
        };
        reference.cargo(&super::load::BUILD_LOADGEN, &[])?;
        Ok(reference)
    }

    /// The first 12 digits of the commit.
    pub fn short(&self) -> &str {
        short_commit(&self.commit)
    }

    /// Its load generator.
    pub fn loadgen(&self) -> PathBuf {
        super::load::release_binary(&self.target, "examples/loadgen")
    }

    /// Runs its criterion benches of the targets table into `home`.
    pub fn criterion(&self, home: &Path) -> Result<(), String> {
        self.cargo(&criterion_command(), &[("CRITERION_HOME", home)])
    }

    fn cargo(&self, args: &[&str], envs: &[(&str, &Path)]) -> Result<(), String> {
        let mut all = vec![("CARGO_TARGET_DIR", self.target.as_path())];
        all.extend_from_slice(envs);
        super::run_cargo_in(&self.src, args, &all)
            .map_err(|e| format!("reference {}: {e}", self.short()))
    }
}

/// `git archive COMMIT | tar -x` into `dest`, through a temporary directory so that an
/// interrupted export is never taken for a complete one.
fn export(root: &Path, commit: &str, dest: &Path) -> Result<(), String> {
    let partial = dest.with_extension("partial");
    let _ = std::fs::remove_dir_all(&partial);
    std::fs::create_dir_all(&partial).map_err(|e| format!("{}: {e}", partial.display()))?;
    let mut git = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["archive", "--format=tar", commit])
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run git archive: {e}"))?;
    let tar = Command::new("tar")
        .arg("-x")
        .arg("-C")
        .arg(&partial)
        .stdin(git.stdout.take().ok_or("no stdout from git archive")?)
        .status()
        .map_err(|e| format!("cannot run tar: {e}"))?;
    let git = git.wait().map_err(|e| e.to_string())?;
    if !git.success() || !tar.success() {
        return Err(format!("exporting {commit} failed (git {git}, tar {tar})"));
    }
    std::fs::rename(&partial, dest).map_err(|e| format!("{}: {e}", dest.display()))
}

/// Which way a figure improves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    /// Larger is better (a rate, a share of wrk, a speed ratio).
    Higher,
    /// Smaller is better (a time, allocations, memory).
    Lower,
}

/// How a figure's values are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Nanoseconds.
    Nanos,
    /// A count per call (allocations).
    Count,
    /// A ratio written as `3.41×`.
    Times,
    /// A share written as a percentage.
    Share,
    /// Microseconds written as milliseconds.
    Micros,
    /// KiB written as MiB.
    Kib,
}

impl Unit {
    /// `value` as text.
    pub fn format(self, value: f64) -> String {
        match self {
            Unit::Nanos => format_ns(value),
            Unit::Count => format!("{value:.2}"),
            Unit::Times => format!("{value:.2}×"),
            Unit::Share => format!("{:.0}%", value * 100.0),
            Unit::Micros => format!("{:.2} ms", value / 1000.0),
            Unit::Kib => format!("{:.1} MiB", value / 1024.0),
        }
    }
}

/// One figure of the targets table, measured for both trees in pairs.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// What it is.
    pub figure: String,
    /// Its unit.
    pub unit: Unit,
    /// Which way it improves.
    pub better: Better,
    /// (this tree, reference), one per pair.
    pub pairs: Vec<(f64, f64)>,
}

impl Comparison {
    /// An empty comparison.
    pub fn new(figure: impl Into<String>, unit: Unit, better: Better) -> Self {
        Self {
            figure: figure.into(),
            unit,
            better,
            pairs: Vec::new(),
        }
    }

    /// Whether `this` is worse than `reference`.
    fn worse_than(&self, this: f64, reference: f64) -> bool {
        match self.better {
            Better::Higher => this < reference,
            Better::Lower => this > reference,
        }
    }

    /// Pairs where this tree is worse than the reference.
    pub fn worse_pairs(&self) -> usize {
        self.pairs
            .iter()
            .filter(|(t, r)| self.worse_than(*t, *r))
            .count()
    }

    /// Worse in every pair (none measured: not worse, and not shown as compared).
    pub fn is_worse(&self) -> bool {
        !self.pairs.is_empty() && self.worse_pairs() == self.pairs.len()
    }

    /// The medians (this tree, reference).
    pub fn medians(&self) -> Option<(f64, f64)> {
        Some((
            median(self.pairs.iter().map(|p| p.0))?,
            median(self.pairs.iter().map(|p| p.1))?,
        ))
    }
}

/// The median (the mean of the middle two for an even count).
pub fn median(values: impl Iterator<Item = f64>) -> Option<f64> {
    let mut v: Vec<f64> = values.filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

/// The criterion figures of the targets table found in one run's results, by figure name.
pub fn criterion_figures(benches: &BTreeMap<String, BenchResult>) -> Vec<(Comparison, f64)> {
    let mut out = Vec::new();
    let mut time = |id: &str, figure: &str| {
        if let Some(b) = benches.get(id) {
            out.push((
                Comparison::new(format!("{figure}, time"), Unit::Nanos, Better::Lower),
                b.median_ns,
            ));
            if let Some(a) = b.allocs {
                out.push((
                    Comparison::new(format!("{figure}, allocations"), Unit::Count, Better::Lower),
                    a,
                ));
            }
        }
    };
    time(
        "single_push_body/notification",
        "single-push body, notification",
    );
    time(
        "v2_single_push_body/notification",
        "REST v2 single-push body, notification",
    );
    time(
        "list_push_10k/body_gzip",
        "list push body, 10,000 ids, gzip",
    );
    let ratio = |hand: &str, prost: &str| {
        let (h, p) = (benches.get(hand)?, benches.get(prost)?);
        (h.median_ns > 0.0).then(|| p.median_ns / h.median_ns)
    };
    // The table's figure is the ratio; the hand-written encoder's own time goes next to it,
    // because prost's time in the same binary moves too (code placement differs between
    // builds of two trees) and a ratio alone does not say which side moved.
    let pairs = TemplateKind::ALL
        .iter()
        .map(|kind| (kind.name(), "hand_reuse", "prost_reuse"))
        .chain([("batch_1000", "hand_vec", "prost_vec")]);
    for (name, hand, prost) in pairs {
        let (hand, prost) = (
            format!("protobuf/{name}/{hand}"),
            format!("protobuf/{name}/{prost}"),
        );
        if let Some(r) = ratio(&hand, &prost) {
            out.push((
                Comparison::new(
                    format!("protobuf, prost ÷ hand-written, {name}"),
                    Unit::Times,
                    Better::Higher,
                ),
                r,
            ));
            out.push((
                Comparison::new(
                    format!("protobuf, hand-written time, {name}"),
                    Unit::Nanos,
                    Better::Lower,
                ),
                benches[&hand].median_ns,
            ));
        }
    }
    out
}

/// Adds one pair of criterion runs to `comparisons` (figures both runs have).
pub fn add_criterion_pair(
    comparisons: &mut Vec<Comparison>,
    this: &BTreeMap<String, BenchResult>,
    reference: &BTreeMap<String, BenchResult>,
) {
    let theirs = criterion_figures(reference);
    for (c, value) in criterion_figures(this) {
        let Some((_, r)) = theirs.iter().find(|(t, _)| t.figure == c.figure) else {
            continue;
        };
        add(comparisons, c, value, *r);
    }
}

/// Adds the pair (`this`, `reference`) to the comparison like `template` (created if new).
pub fn add(comparisons: &mut Vec<Comparison>, template: Comparison, this: f64, reference: f64) {
    match comparisons.iter_mut().find(|c| c.figure == template.figure) {
        Some(c) => c.pairs.push((this, reference)),
        None => {
            let mut c = template;
            c.pairs.push((this, reference));
            comparisons.push(c);
        }
    }
}

/// Reads one compared criterion run.
pub fn read_criterion(home: &Path) -> BTreeMap<String, BenchResult> {
    criterion::read(home, std::time::SystemTime::UNIX_EPOCH)
}

/// What the reference comparison found, for the report.
#[derive(Debug, Clone, Default)]
pub struct ReferenceReport {
    /// What the caller named.
    pub rev: String,
    /// The full commit id.
    pub commit: String,
    /// Pairs per figure that were asked for.
    pub rounds: usize,
    /// The figures compared.
    pub comparisons: Vec<Comparison>,
}

impl ReferenceReport {
    /// The first 12 digits of the commit.
    pub fn short(&self) -> &str {
        short_commit(&self.commit)
    }

    /// The figures worse in every pair.
    pub fn worse(&self) -> Vec<&Comparison> {
        self.comparisons.iter().filter(|c| c.is_worse()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bench(ns: f64, allocs: Option<f64>) -> BenchResult {
        BenchResult {
            median_ns: ns,
            allocs,
            bytes: None,
        }
    }

    #[test]
    fn worse_means_worse_in_every_pair() {
        let mut c = Comparison::new("rate", Unit::Share, Better::Higher);
        assert!(!c.is_worse(), "nothing measured is not worse");
        c.pairs = vec![(0.9, 1.0), (0.95, 1.0), (1.1, 1.0)];
        assert_eq!(c.worse_pairs(), 2);
        assert!(!c.is_worse());
        c.pairs.push((0.5, 1.0));
        c.pairs.retain(|p| p.0 < 1.0);
        assert!(c.is_worse());
        let mut t = Comparison::new("time", Unit::Nanos, Better::Lower);
        t.pairs = vec![(510.0, 500.0), (520.0, 500.0)];
        assert!(t.is_worse());
        t.pairs.push((500.0, 500.0));
        assert!(!t.is_worse(), "equal is not worse");
        assert_eq!(t.medians(), Some((510.0, 500.0)));
    }

    #[test]
    fn medians() {
        assert_eq!(median([3.0, 1.0, 2.0].into_iter()), Some(2.0));
        assert_eq!(median([4.0, 1.0, 2.0, 3.0].into_iter()), Some(2.5));
        assert_eq!(median(std::iter::empty()), None);
        assert_eq!(median([f64::NAN].into_iter()), None);
    }

    #[test]
    fn criterion_pairs_compare_the_figures_both_trees_have() {
        let mut this = BTreeMap::new();
        this.insert(
            "single_push_body/notification".to_owned(),
            bench(480.0, Some(3.0)),
        );
        this.insert(
            "v2_single_push_body/notification".to_owned(),
            bench(260.0, Some(4.0)),
        );
        this.insert(
            "protobuf/notification/hand_reuse".to_owned(),
            bench(100.0, None),
        );
        this.insert(
            "protobuf/notification/prost_reuse".to_owned(),
            bench(400.0, None),
        );
        // The reference predates REST v2 and has no allocation counts.
        let mut reference = this.clone();
        reference.remove("v2_single_push_body/notification");
        reference.insert(
            "single_push_body/notification".to_owned(),
            bench(560.0, None),
        );
        reference.insert(
            "protobuf/notification/prost_reuse".to_owned(),
            bench(450.0, None),
        );
        let mut comparisons = Vec::new();
        add_criterion_pair(&mut comparisons, &this, &reference);
        add_criterion_pair(&mut comparisons, &this, &reference);
        let figures: Vec<_> = comparisons.iter().map(|c| c.figure.as_str()).collect();
        assert_eq!(
            figures,
            [
                "single-push body, notification, time",
                "protobuf, prost ÷ hand-written, notification",
                "protobuf, hand-written time, notification"
            ]
        );
        assert_eq!(comparisons[0].pairs, [(480.0, 560.0), (480.0, 560.0)]);
        assert!(!comparisons[0].is_worse());
        assert_eq!(comparisons[1].pairs[0], (4.0, 4.5));
        assert!(comparisons[1].is_worse());
        assert_eq!(comparisons[2].pairs[0], (100.0, 100.0));
        assert!(!comparisons[2].is_worse());
    }

    #[test]
    fn units() {
        assert_eq!(Unit::Share.format(0.614), "61%");
        assert_eq!(Unit::Times.format(3.456), "3.46×");
        assert_eq!(Unit::Kib.format(47_923.0), "46.8 MiB");
        assert_eq!(Unit::Micros.format(2630.0), "2.63 ms");
        assert_eq!(Unit::Nanos.format(479.2), "479 ns");
    }
}
