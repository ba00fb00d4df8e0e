//! The diagnostic codes against the files that show them: every [`Code`] is produced by a test
//! (its name is in a committed snapshot or in a test's expectation), every name a snapshot shows
//! is a `Code`, and the tables of `docs/language.md` list exactly the codes.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use procedure::Code;

use crate::common::repo_root;

/// Codes no input can produce: guards of invariants, there so that a broken invariant is an
/// error and not a wrong answer. Each says why it cannot be reached.
const UNREACHABLE: &[(Code, &str)] = &[
    (Code::EvalFuel, "the checks refuse cycles, so a walk ends within as many steps as there are nodes"),
    (Code::EvalNothingToAsk, "an answer that waits on facts waits on inputs, and each can be asked"),
    (Code::Other, "every error of procedure carries a code of `Code::ALL`; only another library's can map here"),
];

/// Names the files show that are no diagnostic's code: the summary over several errors of one
/// expression, which `Diagnostic` splits into its parts.
const NOT_CODES: &[&str] = &[
    "procedure::expr::errors",
    // Misspelt on purpose: a scenario file expects it, and `check` suggests the real code
    // (`tests/check/err/scenario_unknown_expectation_ids.test.yaml`).
    "procedure::facts::constrain",
];

/// The files below `dir` (recursively) whose names end with `suffix`, outside `target/`.
fn files(dir: &Path, suffix: &str, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "target") {
                files(&path, suffix, out);
            }
        } else if path.to_string_lossy().ends_with(suffix) {
            out.push(path);
        }
    }
}

/// Every `procedure::<area>::<what>` in `text`.
fn names(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (at, _) in text.match_indices("procedure::") {
        let name: String = text
            .get(at..)
            .unwrap_or_default()
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_' || *c == ':')
            .collect();
        let name = name.trim_end_matches(':');
        if name.split("::").count() == 3 {
            out.insert(name.to_owned());
        }
    }
    out
}

/// The names shown by the committed snapshots and by the executed examples of the language
/// reference (`// => error: …`).
fn shown() -> BTreeSet<String> {
    let root = repo_root();
    let mut snapshots = Vec::new();
    files(&root.join("crates"), ".snap", &mut snapshots);
    assert!(snapshots.len() > 100, "the snapshots were not found");
    let mut out: BTreeSet<String> =
        snapshots.iter().flat_map(|p| names(&std::fs::read_to_string(p).unwrap())).collect();
    let doc = std::fs::read_to_string(root.join("docs/language.md")).unwrap();
    out.extend(doc.lines().filter(|l| l.starts_with("// =>")).flat_map(names));
    out
}

/// The names the tests assert on, in the sources of the integration tests.
fn asserted() -> BTreeSet<String> {
    let mut sources = Vec::new();
    for dir in std::fs::read_dir(repo_root().join("crates")).unwrap() {
        let tests = dir.unwrap().path().join("tests");
        if tests.is_dir() {
            files(&tests, ".rs", &mut sources);
        }
    }
    sources
        .iter()
        .filter(|p| !p.ends_with("suite/codes.rs"))
        .flat_map(|p| names(&std::fs::read_to_string(p).unwrap()))
        .collect()
}

#[test]
fn every_code_is_produced_by_a_test_file() {
    let mut found = shown();
    found.extend(asserted());
    let unreachable: Vec<Code> = UNREACHABLE.iter().map(|(c, _)| *c).collect();
    let missing: Vec<&str> = Code::ALL
        .iter()
        .filter(|c| !unreachable.contains(c) && !found.contains(c.as_str()))
        .map(|c| c.as_str())
        .collect();
    assert!(missing.is_empty(), "no test file produces these codes; add one under tests/: {missing:#?}");
    let produced: Vec<&str> = unreachable.iter().map(|c| c.as_str()).filter(|n| found.contains(*n)).collect();
    assert!(produced.is_empty(), "these codes are said to be unreachable, but a test produces them: {produced:#?}");
}

#[test]
fn every_name_a_snapshot_shows_is_a_code() {
    let unknown: Vec<String> =
        shown().into_iter().filter(|n| Code::from_name(n).is_none() && !NOT_CODES.contains(&n.as_str())).collect();
    assert!(unknown.is_empty(), "names that are no `Code`: {unknown:#?}");
}

/// The codes of the first column of the tables of `docs/language.md` (rows starting
/// ``| `procedure::``; a row for a family, like `procedure::expr::…`, names no code).
fn documented() -> Vec<String> {
    let doc = std::fs::read_to_string(repo_root().join("docs/language.md")).unwrap();
    doc.lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split_once('`').map(|(name, _)| name))
        .filter(|name| name.starts_with("procedure::") && !name.contains('…'))
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_language_reference_lists_every_code_once() {
    let documented = documented();
    let listed: BTreeSet<&str> = documented.iter().map(String::as_str).collect();
    assert_eq!(listed.len(), documented.len(), "a code is listed twice: {documented:#?}");
    let undocumented: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).filter(|n| !listed.contains(n)).collect();
    let unknown: Vec<&str> = listed.iter().copied().filter(|n| Code::from_name(n).is_none()).collect();
    assert!(undocumented.is_empty(), "codes missing from the tables of docs/language.md: {undocumented:#?}");
    assert!(unknown.is_empty(), "docs/language.md lists names that are no code: {unknown:#?}");
}
