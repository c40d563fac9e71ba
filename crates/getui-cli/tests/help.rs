//! `getui --help` and every subcommand's help, checked against the files in
//! tests/snapshots/ (`GETUI_UPDATE_SNAPSHOTS=1 cargo test -p getui-cli --test help` rewrites
//! them after an intended change; review the diff).

mod common;

use std::path::PathBuf;

const COMMANDS: &[&[&str]] = &[
    &[],
    &["push"],
    &["push-list"],
    &["report"],
    &["user"],
    &["user", "status"],
    &["alias"],
    &["alias", "bind"],
    &["alias", "query"],
    &["alias", "unbind"],
    &["alias", "unbind-all"],
    &["tag"],
    &["tag", "set"],
    &["tag", "query"],
    &["tag", "add"],
    &["tag", "remove"],
    &["token"],
    &["migrate"],
    &["mock"],
];

#[test]
fn help_snapshots() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let update = std::env::var_os("GETUI_UPDATE_SNAPSHOTS").is_some();
    let mut failures = Vec::new();
    for args in COMMANDS {
        let mut cmd = common::bare();
        cmd.args(*args).arg("--help");
        let (stdout, stderr) = common::run(&mut cmd, 0);
        assert!(stderr.is_empty(), "{stderr}");
        let name = if args.is_empty() {
            "getui".to_owned()
        } else {
            format!("getui-{}", args.join("-"))
        };
        let path = dir.join(format!("{name}.txt"));
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &stdout).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        if expected != stdout {
            failures.push(format!("--- {}\n+++ actual\n{stdout}", path.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "help changed (GETUI_UPDATE_SNAPSHOTS=1 to accept):\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_subcommand_has_an_example_in_its_help() {
    for args in COMMANDS.iter().filter(|a| !a.is_empty()) {
        // Group commands list their subcommands; each leaf shows an example.
        let mut cmd = common::bare();
        cmd.args(*args).arg("--help");
        let (stdout, _) = common::run(&mut cmd, 0);
        let is_group = stdout.contains("\nCommands:\n");
        assert!(
            is_group || stdout.contains("Example"),
            "no example in `getui {} --help`:\n{stdout}",
            args.join(" ")
        );
    }
}
