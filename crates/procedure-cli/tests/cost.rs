//! Big inputs, built at test time: every command must finish on them with a bounded output or
//! a clear diagnostic. Times are measured by hand (`/usr/bin/time -v`), never asserted; each
//! test asserts the shape of what comes out, and each took minutes or gigabytes before its fix.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "test code: a panic is a failing test"
)]

use std::fmt::Write as _;
use std::path::PathBuf;

use insta_cmd::assert_cmd_snapshot;

mod common;
use common::{procedure, scratch};

const HEAD: &str = "id: demo\nversion: \"1\"\ntitle: Demo\nlanguages: [en]\ntime_zone: Asia/Tokyo\n";

#[test]
fn thirty_thousand_warnings_are_all_printed_with_their_lines() {
    let mut text = format!("{HEAD}start: done\ninputs:\n");
    for i in 0..30_000 {
        writeln!(text, "  i{i}: {{type: int, ask: A?}}").unwrap();
    }
    text.push_str("outcomes:\n  done: {title: Done, kind: done}\n");
    let file = scratch("warnings").join("unused.yaml");
    std::fs::write(&file, text).unwrap();

    let output = procedure().arg("check").arg(&file).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.matches("procedure::check::unused_input").count(), 30_000);
    assert!(stderr.contains("unused.yaml:30007:3]"), "the last input is on line 30007");
    assert!(stderr.ends_with("checked 1 file: 0 errors, 30000 warnings\n"));

    let output = procedure().args(["check", "--format", "json"]).arg(&file).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let last: serde_json::Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    assert_eq!((last["line"].as_u64(), last["column"].as_u64()), (Some(30007), Some(3)));
}

/// A procedure whose 20,000 steps lead round in one cycle.
fn long_cycle() -> String {
    let mut text = format!("{HEAD}start: s0\ninputs:\n  again: {{type: bool, ask: Again?}}\nsteps:\n");
    for i in 0..19_999 {
        writeln!(text, "  s{i}: {{title: S, next: s{}}}", i + 1).unwrap();
    }
    text.push_str("  s19999:\n    title: S\n    next:\n      - {when: again, to: s0}\n      - otherwise: done\n");
    text.push_str("outcomes:\n  done: {title: Done, kind: done}\n");
    text
}

#[test]
fn a_cycle_of_twenty_thousand_steps_is_shown_by_eight() {
    let dir = scratch("cycle");
    let file = dir.join("cycle.yaml");
    std::fs::write(&file, long_cycle()).unwrap();
    std::fs::write(dir.join("facts.yaml"), "again: true\n").unwrap();

    let output = procedure().arg("check").arg(&file).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("`s7` and 19992 more lead back to each other"), "{stderr}");
    assert_eq!(stderr.matches("in the cycle").count(), 8);

    // A procedure with a cycle does not compile: eval stops at once with the same report.
    let output = procedure().arg("eval").arg(&file).arg("--facts").arg(dir.join("facts.yaml")).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("procedure::check::cycle"), "{stderr}");
    assert_eq!(stderr.matches("in the cycle").count(), 8);
    assert!(output.stdout.is_empty());
}

/// A vars file giving `x` a list of `n` numbers.
fn numbers(name: &str, n: usize) -> PathBuf {
    let dir = scratch(name);
    let items: Vec<String> = (0..n).map(|i| i.to_string()).collect();
    std::fs::write(dir.join("vars.json"), format!("{{\"x\": [{}]}}", items.join(","))).unwrap();
    dir
}

#[test]
fn a_list_from_vars_nested_a_thousand_times_is_refused_not_printed() {
    // This printed 689 MB before.
    let dir = numbers("nest", 100_000);
    let expression = format!("[{}]", vec!["x"; 1000].join(", "));
    let output = procedure().current_dir(&dir).args(["expr", "--vars", "vars.json", &expression]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("procedure::expr::list_too_heavy"), "{stderr}");
    assert!(stderr.len() < 2000, "{stderr}");
    assert_cmd_snapshot!(procedure().current_dir(&dir).args(["expr", "--vars", "vars.json", "[x, x]"]));
}

#[test]
fn a_list_from_vars_heavier_than_the_limit_is_refused() {
    let dir = numbers("heavy", 100_001);
    assert_cmd_snapshot!(procedure().current_dir(&dir).args(["expr", "--vars", "vars.json", "size(x)"]));
}

#[test]
fn twenty_thousand_unknown_ids_among_twenty_thousand_suggest_within_a_budget() {
    // Took minutes before: each unknown id was compared with every id.
    let mut text = format!("{HEAD}start: s0\nsteps:\n");
    for i in 0..20_000 {
        writeln!(text, "  s{i}: {{title: S, next: s{}x}}", i + 1).unwrap();
    }
    text.push_str("outcomes:\n  done: {title: Done, kind: done}\n");
    let file = scratch("unknown").join("unknown.yaml");
    std::fs::write(&file, text).unwrap();
    let output = procedure().arg("check").arg(&file).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.matches("procedure::check::unknown_reference").count(), 20_000);
    // 1,000,000 comparisons: fifty suggestions among 20,001 ids.
    assert_eq!(stderr.matches("did you mean `s").count(), 49);
    assert_eq!(stderr.matches("too many unknown ids").count(), 20_000 - 49);
}

#[test]
fn undeclared_names_among_twenty_thousand_variables_get_a_short_help() {
    // Took 26 s and printed 27 MB before: every help listed every variable.
    let mut text = format!("{HEAD}start: done\ninputs:\n");
    for i in 0..20_000 {
        writeln!(text, "  i{i}: {{type: int, ask: A?}}").unwrap();
    }
    text.push_str("let:\n");
    for i in 0..20_000 {
        writeln!(text, "  l{i}: {{expr: \"x{i} + 1\"}}").unwrap();
    }
    text.push_str("outcomes:\n  done: {title: Done, kind: done}\n");
    let file = scratch("undeclared").join("undeclared.yaml");
    std::fs::write(&file, text).unwrap();
    let output = procedure().arg("check").arg(&file).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.matches("procedure::expr::undeclared_variable").count(), 20_000);
    assert!(stderr.lines().all(|l| l.len() < 400), "a line is long");
}

#[test]
fn twenty_thousand_unknown_facts_are_bound_within_a_budget() {
    // Took minutes before: each fact was looked for among the inputs one by one, and each
    // unknown one compared with every input.
    let dir = scratch("facts");
    let mut text = format!("{HEAD}start: done\ninputs:\n");
    let mut facts = String::new();
    for i in 0..20_000 {
        writeln!(text, "  i{i}: {{type: int, ask: A?}}").unwrap();
        writeln!(facts, "j{i}: 1").unwrap();
    }
    text.push_str("outcomes:\n  done: {title: Done, kind: done}\n");
    std::fs::write(dir.join("inputs.yaml"), text).unwrap();
    std::fs::write(dir.join("facts.yaml"), facts).unwrap();
    let output = procedure().current_dir(&dir).args(["eval", "inputs.yaml", "--facts", "facts.yaml"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.matches("procedure::facts::undeclared").count(), 20_000);
    assert_eq!(stderr.matches("too many unknown facts").count(), 20_000 - 50);
}

#[test]
fn a_scenario_naming_twenty_thousand_unknown_documents_suggests_within_a_budget() {
    // Took 30 s before: each id was looked for in a list, and each unknown one compared with
    // every document.
    let dir = scratch("scenario");
    let mut text = format!("{HEAD}start: done\ndocuments:\n");
    let mut named = Vec::new();
    for i in 0..20_000 {
        writeln!(text, "  d{i}: {{title: D}}").unwrap();
        named.push(format!("d{i}x"));
    }
    text.push_str("outcomes:\n  done: {title: Done, kind: done}\n");
    std::fs::write(dir.join("docs.yaml"), text).unwrap();
    let scenario = format!(
        "procedure: docs.yaml\ncases:\n  - name: many\n    today: \"2026-11-25\"\n    expect:\n      documents: [{}]\n",
        named.join(", ")
    );
    std::fs::write(dir.join("docs.test.yaml"), scenario).unwrap();
    let output = procedure().current_dir(&dir).args(["check", "docs.test.yaml"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.ends_with("checked 1 file: 20000 errors, 0 warnings\n"));
    assert_eq!(stderr.matches("did you mean `d").count(), 50);
    assert_eq!(stderr.matches("too many unknown ids").count(), 20_000 - 50);
}

/// 2,000 branches over three enums of sixteen values (4,096 combinations): each branch was
/// checked against every combination and every branch before it (cubic, over 10 s); the
/// branches are now tried in order once per combination, as evaluation does, and the check is
/// complete: the one branch that repeats an earlier one is found.
#[test]
fn two_thousand_branches_over_three_enums_are_checked_completely() {
    let values: String = (0..16).map(|v| format!("v{v}: V{v}")).collect::<Vec<_>>().join(", ");
    let mut text = format!("{HEAD}start: decide\nsources:\n  law: {{title: Law}}\ninputs:\n");
    for q in ["a", "b", "c"] {
        writeln!(text, "  {q}: {{type: enum, values: {{{values}}}, ask: {q}?}}").unwrap();
    }
    text.push_str("steps:\n  decide:\n    title: Decide\n    sources: [law]\n    next:\n");
    for i in 0..2_000 {
        let (a, b, c) = (i % 16, (i / 16) % 16, (i / 256) % 16);
        writeln!(text, "      - when: a == \"v{a}\" && b == \"v{b}\" && c == \"v{c}\"\n        to: done").unwrap();
    }
    // The same case as the first branch: never taken.
    text.push_str("      - when: a == \"v0\" && b == \"v0\" && c == \"v0\"\n        to: done\n");
    text.push_str("      - otherwise: done\noutcomes:\n  done: {title: Done, kind: done}\n");
    let file = scratch("branches").join("branches.yaml");
    std::fs::write(&file, text).unwrap();

    let output = procedure().args(["check", "--format", "json"]).arg(&file).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let codes: Vec<String> = stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["code"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes, vec!["procedure::check::never_holds"], "{stdout}");
    assert_eq!(output.status.code(), Some(1));
}
