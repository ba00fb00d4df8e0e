//! `procedure interview`, scripted: when standard input is not a terminal it reads one answer
//! per line, so a conversation is a string; and once in a pseudo-terminal, as a person types.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "test code: a panic is a failing test"
)]

use insta_cmd::assert_cmd_snapshot;

mod common;
use common::{procedure, scratch, spawn_piped};

/// Runs `cmd` with `input` on its standard input.
fn answered(cmd: &mut std::process::Command, input: &str) -> std::process::Output {
    use std::io::Write as _;
    let mut child = spawn_piped(cmd);
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn repo() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A stolen card, in Vietnamese: `?` on a question, `back`, a date that does not exist and one
/// in the future (the procedure's constraint, in the reader's language), then the report.
const STOLEN_VI: &str = "1\n2\n1\n?\n2\nback\n2\n2026-02-30\n2026-12-30\n2026-11-20\n1\n1\n34\n1\n2\n";

#[test]
fn a_stolen_card_in_vietnamese() {
    assert_cmd_snapshot!(
        procedure()
            .current_dir(repo())
            .args(["interview", "procedures/lost_card.yaml", "--today", "2026-11-25", "--lang", "vi"])
            .pass_stdin(STOLEN_VI)
    );
}

/// In Japanese: a choice by a number out of range, an age above the maximum (the facts file's
/// diagnostic), and Enter alone for today's date.
#[test]
fn a_stolen_card_in_japanese() {
    assert_cmd_snapshot!(
        procedure()
            .current_dir(repo())
            .args(["interview", "procedures/lost_card.yaml", "--today", "2026-11-25", "--lang", "ja"])
            .pass_stdin("1\n9\n2\n1\n2\n\n1\n1\n151\n34\n1\n2\n")
    );
}

#[test]
fn the_saved_answers_give_eval_the_same_report() {
    let dir = scratch("interview-save");
    let saved = dir.join("me.yaml");
    let lost_card = repo().join("procedures/lost_card.yaml");
    let interview = answered(
        procedure()
            .args(["interview", lost_card.to_str().unwrap(), "--today", "2026-11-25", "--lang", "vi", "--save"])
            .arg(&saved),
        STOLEN_VI,
    );
    assert_eq!(interview.status.code(), Some(0), "{}", String::from_utf8_lossy(&interview.stderr));
    let eval = procedure()
        .args(["eval", lost_card.to_str().unwrap(), "--today", "2026-11-25", "--lang", "vi", "--facts"])
        .arg(&saved)
        .output()
        .unwrap();
    assert_eq!(eval.status.code(), Some(0), "{}", String::from_utf8_lossy(&eval.stderr));
    let (interview, eval) = (String::from_utf8(interview.stdout).unwrap(), String::from_utf8(eval.stdout).unwrap());
    assert!(eval.contains("2026-12-04"), "{eval}");
    assert!(interview.ends_with(&format!("\n{eval}")), "the interview ends with eval's report:\n{interview}");
    insta::assert_snapshot!(std::fs::read_to_string(&saved).unwrap(), @r#"
    # Answers to `lost_card` (procedure interview).
    holder: "mid_long_term_resident"
    cause: "stolen"
    card_found: "not_found"
    learned_abroad: false
    learned_on: "2026-11-20"
    police_report_filed: true
    applicant: "self"
    age: 34
    passport_presentable: true
    has_activity_permission: false
    "#);

    // A second run does not overwrite the answers unless told to.
    let again = answered(
        procedure().args(["interview", lost_card.to_str().unwrap(), "--today", "2026-11-25", "--save"]).arg(&saved),
        "",
    );
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("give --force to overwrite it"));
    assert!(std::fs::read_to_string(&saved).unwrap().contains("age: 34"));
}

#[test]
fn a_save_file_that_exists_is_refused_before_any_question() {
    assert_cmd_snapshot!(procedure().current_dir(repo()).args([
        "interview",
        "procedures/lost_card.yaml",
        "--today",
        "2026-11-25",
        "--save",
        "README.md"
    ]));
}

/// Resumed from a facts file, only what is left is asked; the input ends early, and the
/// report names the questions left by their questions, never their ids.
#[test]
fn resumed_from_facts_and_stopped_early() {
    assert_cmd_snapshot!(
        procedure()
            .current_dir(repo())
            .args([
                "interview",
                "procedures/lost_card.yaml",
                "--facts",
                "tests/interview/stolen_partial.yaml",
                "--today",
                "2026-11-25"
            ])
            .pass_stdin("2026-11-20\n")
    );
}
