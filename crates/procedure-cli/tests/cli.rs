//! The `procedure` binary, tested as a user runs it: exit code, stdout and stderr together.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::print_stdout,
    reason = "test code: a panic is a failing test"
)]

use std::process::Command;

use insta_cmd::assert_cmd_snapshot;

mod common;
use common::{procedure, scratch, spawn_piped};

#[test]
fn unknown_inputs_are_named_in_json() {
    assert_cmd_snapshot!(procedure().args([
        "expr",
        r#"age >= 16 || cause == "stolen""#,
        "--declare",
        "age:int",
        "--declare",
        "cause:enum(lost|stolen)",
        "--format",
        "json",
    ]));
}

#[test]
fn a_known_age_decides_the_or() {
    assert_cmd_snapshot!(procedure().args([
        "expr",
        r#"age >= 16 || cause == "stolen""#,
        "--declare",
        "age:int",
        "--declare",
        "cause:enum(lost|stolen)",
        "--var",
        "age=20",
        "--format",
        "json",
    ]));
}

#[test]
fn an_enum_typo_suggests_the_value() {
    assert_cmd_snapshot!(procedure().args(["expr", r#"cause == "stolne""#, "--declare", "cause:enum(lost|stolen)"]));
}

#[test]
fn arithmetic_in_json() {
    assert_cmd_snapshot!(procedure().args(["expr", "1 + 2 * 3", "--format", "json"]));
}

#[test]
fn a_variable_from_the_command_line() {
    assert_cmd_snapshot!(procedure().args(["expr", "x > 3", "--var", "x=5"]));
}

#[test]
fn overflow_underlines_the_operator() {
    assert_cmd_snapshot!(procedure().args(["expr", "9223372036854775807 + 1"]));
}

#[test]
fn overflow_as_a_json_diagnostic() {
    assert_cmd_snapshot!(procedure().args(["expr", "9223372036854775807 + 1", "--format", "json"]));
}

#[test]
fn a_hundred_thousand_nested_parentheses_are_refused() {
    use std::io::Write as _;
    let text = "(".repeat(100_000) + "1" + &")".repeat(100_000);
    let mut child = procedure()
        .args(["expr", "-"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    // Snapshot the report alone: insta-cmd would copy the 200 KB input into the snapshot.
    insta::assert_snapshot!(String::from_utf8_lossy(&output.stderr));
}

#[test]
fn sixty_thousand_nested_parentheses_on_the_command_line() {
    // The longest argument Linux passes is 128 KiB; this one fits.
    let text = "(".repeat(60_000) + "1" + &")".repeat(60_000);
    let output = procedure().args(["expr", &text]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("procedure::expr::too_deep"), "{stderr}");
}

#[test]
fn lists_and_dates() {
    assert_cmd_snapshot!(procedure().args([
        "expr",
        r#"size(xs) > 0 && d + days(14) > date("2026-01-01")"#,
        "--var",
        "xs=[1]",
        "--var",
        r#"d=date("2025-12-20")"#,
    ]));
}

#[test]
fn dates_print_as_iso_strings_in_json() {
    assert_cmd_snapshot!(procedure().args([
        "expr",
        "[learned_on + days(14), learned_on]",
        "--var",
        r#"learned_on=date("2026-11-25")"#,
        "--format",
        "json",
    ]));
}

#[test]
fn variables_from_a_yaml_file_take_declared_types() {
    let dir = std::env::temp_dir().join(format!("procedure-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("vars.yaml");
    std::fs::write(&file, "learned_on: 2026-11-20\ncause: stolen\nages: [15, 16]\n").unwrap();
    let output = procedure()
        .args(["expr", r#"cause == "stolen" && learned_on + days(14) == date("2026-12-04") && 16 in ages"#])
        .args(["--declare", "learned_on:date", "--declare", "cause:enum(lost|stolen)", "--vars"])
        .arg(&file)
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stdout), "true\n", "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn unchecked_evaluation_fails_at_run_time() {
    assert_cmd_snapshot!(procedure().args(["expr", "'less filling' && 'tastes great'", "--no-check"]));
}

#[test]
fn a_bad_declaration_is_a_usage_error() {
    assert_cmd_snapshot!(procedure().args(["expr", "x", "--declare", "x:float"]));
}

#[test]
fn a_var_that_is_not_a_constant_is_a_usage_error() {
    assert_cmd_snapshot!(procedure().args(["expr", "x", "--var", "x=y + 1"]));
}

#[test]
fn a_value_that_contradicts_its_declaration_is_a_usage_error() {
    assert_cmd_snapshot!(procedure().args([
        "expr",
        "cause",
        "--declare",
        "cause:enum(lost|stolen)",
        "--var",
        r#"cause="stolne""#
    ]));
}

#[test]
fn missing_arguments_are_usage_errors() {
    assert_cmd_snapshot!(procedure().args(["expr"]));
}

/// The repository root, as the working directory of commands that take repository paths,
/// so that reports show short relative paths.
fn repo() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn check_a_clean_procedure() {
    assert_cmd_snapshot!(procedure().current_dir(repo()).args(["check", "tests/check/ok/small_procedure.yaml"]));
}

#[test]
fn check_reports_errors_as_json_lines() {
    assert_cmd_snapshot!(procedure().current_dir(repo()).args([
        "check",
        "--format",
        "json",
        "tests/check/err/not_exhaustive.yaml",
        "tests/check/err/unknown_reference_node.yaml",
    ]));
}

#[test]
fn warnings_fail_only_when_denied() {
    let file = "tests/check/err/unused_input.yaml";
    let allowed = procedure().current_dir(repo()).args(["check", file]).output().unwrap();
    assert_eq!(allowed.status.code(), Some(0), "{}", String::from_utf8_lossy(&allowed.stderr));
    let denied = procedure().current_dir(repo()).args(["check", "--deny-warnings", file]).output().unwrap();
    assert_eq!(denied.status.code(), Some(1));
}

#[test]
fn check_a_directory_of_every_file_kind() {
    let output = procedure().current_dir(repo()).args(["check", "--deny-warnings", "tests/check/ok"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("0 errors, 0 warnings"), "{stderr}");
}

#[test]
fn a_twenty_megabyte_file_is_refused_before_it_is_read() {
    let dir = std::env::temp_dir().join(format!("procedure-cli-huge-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("huge.yaml");
    std::fs::write(&file, "id: x\n".repeat(20 * 1024 * 1024 / 6)).unwrap();
    let output = procedure().args(["check"]).arg(&file).output().unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("procedure::syntax::too_large"), "{stderr}");
}

#[test]
fn a_missing_file_is_a_usage_error() {
    assert_cmd_snapshot!(procedure().current_dir(repo()).args(["check", "tests/check/ok/no_such_file.yaml"]));
}

#[test]
fn graph_as_mermaid() {
    assert_cmd_snapshot!(procedure().current_dir(repo()).args(["graph", "tests/check/ok/small_procedure.yaml"]));
}

#[test]
fn graph_as_dot() {
    assert_cmd_snapshot!(procedure().current_dir(repo()).args([
        "graph",
        "--format",
        "dot",
        "tests/check/ok/small_procedure.yaml"
    ]));
}

#[test]
fn graph_of_a_broken_procedure_fails_with_its_diagnostics() {
    let output = procedure().current_dir(repo()).args(["graph", "tests/check/err/cycle.yaml"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("procedure::check::cycle"));
}

#[test]
fn schema_is_the_committed_one() {
    let output = procedure().args(["schema"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let committed = std::fs::read_to_string(repo().join("docs/procedure.schema.json")).unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stdout), committed);
}

#[test]
fn variables_from_a_json_file_take_declared_types() {
    let output = procedure()
        .current_dir(repo())
        .args([
            "expr",
            r#"cause == "stolen" && learned_on + days(14) == date("2026-12-04") && 16 in ages && note.size() == 17"#,
        ])
        .args([
            "--declare",
            "learned_on:date",
            "--declare",
            "cause:enum(lost|stolen)",
            "--vars",
            "tests/eval/vars.json",
        ])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stdout), "true\n", "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(output.status.code(), Some(0));
}

/// serde_json would keep the second `x` in silence.
#[test]
fn a_json_vars_file_with_a_duplicate_key_is_refused() {
    assert_cmd_snapshot!(procedure().current_dir(repo()).args([
        "expr",
        "x",
        "--vars",
        "tests/eval/duplicate_key_vars.json"
    ]));
}

#[test]
fn a_json_facts_file_with_a_duplicate_key_is_refused() {
    assert_cmd_snapshot!(procedure().current_dir(repo()).args([
        "eval",
        "tests/check/ok/small_procedure.yaml",
        "--facts",
        "tests/eval/duplicate_key.json",
        "--today",
        "2026-11-25",
    ]));
}

/// `--set` took `lost ` as `lost` where a facts file refused it: both take a fact exactly as
/// written, and name the value it looks like.
#[test]
fn an_enum_fact_with_a_space_is_refused_with_the_value_it_looks_like() {
    assert_cmd_snapshot!(procedure().current_dir(repo()).args([
        "eval",
        "tests/check/ok/small_procedure.yaml",
        "--set",
        "cause=lost ",
        "--today",
        "2026-11-25",
    ]));
    assert_cmd_snapshot!(procedure().current_dir(repo()).args([
        "eval",
        "tests/check/ok/small_procedure.yaml",
        "--facts",
        "tests/eval/enum_with_space.yaml",
        "--today",
        "2026-11-25",
    ]));
}

#[test]
fn eval_complete_as_text() {
    assert_cmd_snapshot!(procedure().current_dir(repo()).args([
        "eval",
        "tests/check/ok/small_procedure.yaml",
        "--facts",
        "tests/eval/stolen.yaml",
        "--today",
        "2026-11-25",
    ]));
}

/// A deadline whose move past closed days is unverified stays on its legal date, late the day
/// after, and the reader sees where it may move and the safe date.
#[test]
fn eval_shows_an_unverified_move_beside_the_legal_date() {
    assert_cmd_snapshot!(procedure().current_dir(repo()).args([
        "eval",
        "tests/check/ok/uncertain_calendar.yaml",
        "--set",
        "office=municipal",
        "--set",
        "moved_on=2026-04-20",
        "--today",
        "2026-05-05",
    ]));
}

/// A caller and its sub-procedure both have a step `reported`: each step's answers are shown
/// under it alone, and the constant the caller passes for a question the callee does not ask is
/// no note to the reader. Both failed before (the decisions were matched by id only, and the
/// callee's notes were passed on whole).
#[test]
fn eval_explains_a_callees_step_apart_from_the_callers_of_the_same_id() {
    assert_cmd_snapshot!(procedure().current_dir(repo()).args([
        "eval",
        "tests/check/ok/calls_sharing_a_step_id.yaml",
        "--set",
        "urgent=true",
        "--set",
        "stolen=false",
        "--today",
        "2026-11-25",
    ]));
}

/// Amounts as a Vietnamese reader writes them (5.500 yên), for someone who already applied and
/// waits in the special period.
#[test]
fn eval_writes_amounts_as_the_reader_does() {
    assert_cmd_snapshot!(procedure().current_dir(repo()).args([
        "eval",
        "procedures/extension_of_stay.yaml",
        "--lang",
        "vi",
        "--today",
        "2026-06-01",
        "--set",
        "expiry_date=2026-05-03",
        "--set",
        "application_state=pending",
        "--set",
        "received_on=2026-05-03",
        "--set",
        "applied_channel=online",
    ]));
}

/// `--show-ids`: each step, document, deadline, fee, warning and the outcome with its id, for
/// the author of a scenario file (the same case as `eval_writes_amounts_as_the_reader_does`
/// shows without them, in Vietnamese).
#[test]
fn eval_show_ids_in_text() {
    assert_cmd_snapshot!(procedure().current_dir(repo()).args([
        "eval",
        "procedures/extension_of_stay.yaml",
        "--show-ids",
        "--today",
        "2026-06-01",
        "--set",
        "expiry_date=2026-05-03",
        "--set",
        "application_state=pending",
        "--set",
        "received_on=2026-05-03",
        "--set",
        "applied_channel=online",
    ]));
}

/// `--show-ids` in Markdown: a called sub-procedure's steps are named `procedure/step`.
#[test]
fn eval_show_ids_in_markdown_names_a_callees_steps_with_its_procedure() {
    assert_cmd_snapshot!(procedure().current_dir(repo()).args([
        "eval",
        "tests/check/ok/calls_sharing_a_step_id.yaml",
        "--show-ids",
        "--format",
        "markdown",
        "--set",
        "urgent=true",
        "--set",
        "stolen=false",
        "--today",
        "2026-11-25",
    ]));
}

/// A deadline with a first day is a window, "from … to …", in each language: not yet open (in
/// English, with the days until it opens), open (in Vietnamese, Markdown) and closed (in Japanese).
#[test]
fn eval_shows_a_window_from_its_first_day_to_its_last() {
    let eval = |today: &str, lang: &str, format: &str| {
        let mut command = procedure();
        command.current_dir(repo()).args([
            "eval",
            "tests/check/ok/window_deadline.yaml",
            "--today",
            today,
            "--lang",
            lang,
            "--format",
            format,
            "--set",
            "expiry_date=2026-05-01",
            "--set",
            "long_period=true",
        ]);
        command
    };
    assert_cmd_snapshot!("window_not_yet_open_en", eval("2026-01-20", "en", "text"));
    assert_cmd_snapshot!("window_open_vi", eval("2026-03-01", "vi", "markdown"));
    assert_cmd_snapshot!("window_closed_ja", eval("2026-05-02", "ja", "text"));
}

/// A dated constraint is in force from its first day: the day before, a minor is answered; on
/// it, refused with the constraint's message.
#[test]
fn eval_applies_a_constraint_from_its_first_day() {
    let eval = |today: &str| {
        let mut command = procedure();
        command.current_dir(repo()).args([
            "eval",
            "tests/check/ok/dated_constraint.yaml",
            "--today",
            today,
            "--set",
            "age=17",
        ]);
        command
    };
    assert_cmd_snapshot!("dated_constraint_before", eval("2026-03-31"));
    assert_cmd_snapshot!("dated_constraint_in_force", eval("2026-04-01"));
}

/// An enum value the rules date is a value only in its period: on its last day the paper form
/// is answered; the day after, refused at the value's declaration with the values in force.
#[test]
fn eval_refuses_an_enum_value_out_of_its_period() {
    let eval = |today: &str| {
        let mut command = procedure();
        command.current_dir(repo()).args([
            "eval",
            "tests/check/ok/dated_enum_value.yaml",
            "--today",
            today,
            "--set",
            "channel=paper",
        ]);
        command
    };
    assert_cmd_snapshot!("dated_enum_value_in_force", eval("2026-03-31"));
    assert_cmd_snapshot!("dated_enum_value_out_of_force", eval("2026-04-01"));
}

#[test]
fn eval_needs_input_exits_3_with_the_questions() {
    assert_cmd_snapshot!(procedure().current_dir(repo()).args([
        "eval",
        "tests/check/ok/small_procedure.yaml",
        "--set",
        "cause=disaster",
        "--today",
        "2026-11-25",
        "--format",
        "json",
    ]));
}

#[test]
fn eval_set_overrides_a_facts_file() {
    let output = procedure()
        .current_dir(repo())
        .args(["eval", "tests/check/ok/small_procedure.yaml", "--facts", "tests/eval/stolen.yaml", "--set", "age=12"])
        .args(["--today", "2026-11-25", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["outcome"]["id"], "done_with_relative");
}

#[test]
fn eval_refuses_every_bad_fact_naming_its_input() {
    assert_cmd_snapshot!(procedure().current_dir(repo()).args([
        "eval",
        "tests/check/ok/small_procedure.yaml",
        "--facts",
        "tests/eval/bad_facts.yaml",
        "--today",
        "2026-11-25",
    ]));
}

#[test]
fn eval_refuses_null() {
    let output = procedure()
        .current_dir(repo())
        .args(["eval", "tests/check/ok/small_procedure.yaml", "--facts", "tests/eval/null_fact.yaml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("leave the fact out"));
}

#[test]
fn eval_refuses_facts_that_break_a_constraint() {
    assert_cmd_snapshot!(procedure().current_dir(repo()).args([
        "eval",
        "tests/check/ok/small_procedure.yaml",
        "--facts",
        "tests/eval/future.yaml",
        "--today",
        "2026-11-25",
    ]));
}

#[test]
fn eval_in_another_language_marks_fallbacks() {
    let output = procedure()
        .current_dir(repo())
        .args([
            "eval",
            "tests/check/ok/notify_new_address.yaml",
            "--lang",
            "vi",
            "--today",
            "2026-11-25",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["language"], "vi");
    assert!(!json["needs"][0]["question"].as_str().unwrap().starts_with('['), "the sample has Vietnamese questions");
}

#[test]
fn test_runs_scenario_files() {
    assert_cmd_snapshot!(procedure().current_dir(repo()).args(["test", "tests/check/ok"]));
}

#[test]
fn test_reports_every_failed_expectation() {
    assert_cmd_snapshot!(procedure().current_dir(repo()).args(["test", "tests/scenario/failing"]));
}

#[test]
fn eval_refuses_a_fact_of_the_wrong_type() {
    let output = procedure()
        .current_dir(repo())
        .args(["eval", "tests/check/ok/small_procedure.yaml", "--facts", "tests/eval/wrong_type.yaml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("invalid fact for `age`: the text `forty` where int is expected"), "{stderr}");
}

#[test]
fn eval_ignores_a_fact_that_is_not_asked_and_says_so() {
    let output = procedure()
        .current_dir(repo())
        .args(["eval", "tests/check/ok/small_procedure.yaml", "--set", "cause=lost", "--set", "disaster_kind=fire"])
        .args(["--today", "2026-11-25", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["notes"][0]["kind"], "fact_ignored");
    assert_eq!(json["notes"][0]["about"], "disaster_kind");
    assert_eq!(
        json["notes"][0]["text"],
        "Your answer to “What kind of disaster?” was not used: the question does not apply in your situation."
    );
}

#[test]
fn the_main_job_in_vietnamese() {
    assert_cmd_snapshot!(procedure().current_dir(repo()).args([
        "eval",
        "procedures/lost_card.yaml",
        "--facts",
        "examples/stolen_card.yaml",
        "--today",
        "2026-11-21",
        "--lang",
        "vi",
    ]));
}

#[test]
fn the_main_job_in_japanese() {
    assert_cmd_snapshot!(procedure().current_dir(repo()).args([
        "eval",
        "procedures/lost_card.yaml",
        "--facts",
        "examples/stolen_card.yaml",
        "--today",
        "2026-12-04",
        "--lang",
        "ja",
    ]));
}

#[test]
fn the_main_job_as_a_calendar_in_vietnamese() {
    // CRLF line ends are part of the format; shown as `\r` so the snapshot keeps them.
    let output = procedure()
        .current_dir(repo())
        .args([
            "eval",
            "procedures/lost_card.yaml",
            "--facts",
            "examples/stolen_card.yaml",
            "--today",
            "2026-11-21",
            "--lang",
            "vi",
            "--format",
            "ics",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.split_terminator('\n').all(|l| l.ends_with('\r')), "every line ends in CRLF");
    insta::assert_snapshot!(text.replace('\r', "\\r"));
}

#[test]
fn a_calendar_of_an_incomplete_answer_says_so() {
    assert_cmd_snapshot!(procedure().current_dir(repo()).args([
        "eval",
        "procedures/lost_card.yaml",
        "--set",
        "cause=stolen",
        "--today",
        "2026-11-21",
        "--format",
        "ics",
    ]));
}

#[test]
fn lost_card_needs_never_asks_what_does_not_apply() {
    let output = procedure()
        .current_dir(repo())
        .args(["eval", "procedures/lost_card.yaml", "--set", "cause=stolen", "--set", "learned_on=2026-11-20"])
        .args(["--today", "2026-11-25", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let needs: Vec<&str> = json["needs"].as_array().unwrap().iter().map(|n| n["input"].as_str().unwrap()).collect();
    assert!(!needs.is_empty());
    for never in ["disaster_kind", "found_on", "reentered_on", "representative_reason"] {
        assert!(!needs.contains(&never), "{never} in {needs:?}");
    }
}

/// The README shows what the main job prints: the block under its command is the binary's
/// real output, so the first thing a reader sees cannot drift.
#[test]
fn the_readme_shows_the_main_jobs_real_output() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let command = "cargo run -q --bin procedure -- eval procedures/lost_card.yaml --facts examples/stolen_card.yaml --today 2026-11-25\n```\n\n```text\n";
    let start = readme.find(command).expect("the README shows the main job") + command.len();
    let rest = readme.get(start..).unwrap();
    let shown = rest.get(..rest.find("```").unwrap()).unwrap();
    let output = procedure()
        .current_dir(repo())
        .args(["eval", "procedures/lost_card.yaml", "--facts", "examples/stolen_card.yaml", "--today", "2026-11-25"])
        .output()
        .unwrap();
    assert_eq!(shown, String::from_utf8(output.stdout).unwrap(), "regenerate the README's main-job output");
}

/// Each procedure under `tests/eval/refused/` decides, in the situation of its facts file,
/// something its checks could not rule out: evaluation refuses it with an error that names the
/// places and the facts (exit 1), never an answer.
#[test]
fn evaluation_refuses_what_the_checks_could_not_rule_out() {
    insta::glob!("../../../tests/eval/refused", "*.facts.yaml", |facts| {
        let name = facts.file_name().unwrap().to_string_lossy().replace(".facts.yaml", ".yaml");
        let file = facts.with_file_name(name);
        let root = repo().canonicalize().unwrap();
        let output = procedure()
            .current_dir(&root)
            .args(["eval", file.strip_prefix(&root).unwrap().to_str().unwrap(), "--facts"])
            .arg(facts.strip_prefix(&root).unwrap())
            .args(["--today", "2026-11-25"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        assert!(output.stdout.is_empty(), "{}", String::from_utf8_lossy(&output.stdout));
        insta::assert_snapshot!(String::from_utf8_lossy(&output.stderr));
    });
}

#[cfg(unix)]
#[test]
fn a_named_pipe_or_a_device_is_refused_without_waiting_for_it() {
    let dir = scratch("fifo");
    let fifo = dir.join("pipe.yaml");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let output = procedure().args(["check"]).arg(&fifo).arg("/dev/zero").output().unwrap();
    let also = procedure().args(["eval"]).arg(&fifo).output().unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("it is a named pipe, not a file"), "{stderr}");
    assert!(stderr.contains("it is a device, not a file"), "{stderr}");
    assert_eq!(stderr.matches("procedure::check::unreadable").count(), 2, "{stderr}");
    assert!(String::from_utf8_lossy(&also.stderr).contains("named pipe"));
}

#[test]
fn an_endless_standard_input_is_refused_at_the_size_limit() {
    use std::io::Write as _;
    let mut child = spawn_piped(procedure().args(["expr", "-"]));
    let mut stdin = child.stdin.take().unwrap();
    // Writes until the command stops reading: endless, as far as it can tell.
    let writer = std::thread::spawn(move || {
        let chunk = vec![b' '; 64 * 1024];
        while stdin.write_all(&chunk).is_ok() {}
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("more than the limit of 4194304 bytes"), "{stderr}");
}

#[test]
fn test_refuses_a_procedure_outside_the_scenario_directory() {
    assert_cmd_snapshot!(procedure().current_dir(repo()).args(["test", "tests/scenario/refused"]));
}

#[cfg(unix)]
#[test]
fn test_and_check_refuse_a_procedure_linked_from_outside_and_print_none_of_it() {
    let dir = scratch("scenario-link");
    std::fs::create_dir_all(dir.join("outside")).unwrap();
    std::fs::create_dir_all(dir.join("inside")).unwrap();
    std::fs::write(dir.join("outside/secret.yaml"), "id: [SECRET-LINE\n").unwrap();
    std::os::unix::fs::symlink(dir.join("outside/secret.yaml"), dir.join("inside/procedure.yaml")).unwrap();
    let scenario = "procedure: procedure.yaml\ncases:\n  - name: never run\n    today: 2026-11-25\n";
    std::fs::write(dir.join("inside/linked.test.yaml"), scenario).unwrap();
    for command in ["test", "check"] {
        let output = procedure().arg(command).arg(dir.join("inside/linked.test.yaml")).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{command}: {stderr}");
        assert!(!stderr.contains("SECRET"), "{command}: {stderr}");
        assert!(stderr.contains("symbolic link"), "{command}: {stderr}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Runs `cmd` to its end, failing the test if it takes longer than `seconds`.
fn finishes_within(cmd: &mut Command, seconds: u64) -> std::process::Output {
    let mut child = cmd.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn().unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed().as_secs() > seconds {
            child.kill().unwrap();
            panic!("still running after {seconds} seconds");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[cfg(unix)]
#[test]
fn check_a_directory_with_looping_links_and_a_link_outside() {
    let dir = scratch("walk");
    std::fs::create_dir_all(dir.join("tree")).unwrap();
    std::fs::create_dir_all(dir.join("outside")).unwrap();
    std::fs::copy(repo().join("tests/check/ok/small_procedure.yaml"), dir.join("tree/small.yaml")).unwrap();
    std::fs::write(dir.join("outside/secret.yaml"), "id: [SECRET-LINE\n").unwrap();
    for name in ["a", "b"] {
        std::os::unix::fs::symlink(".", dir.join("tree").join(name)).unwrap();
    }
    std::os::unix::fs::symlink(dir.join("outside"), dir.join("tree/out")).unwrap();
    let output = finishes_within(procedure().arg("check").arg(dir.join("tree")), 60);
    std::fs::remove_dir_all(&dir).unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("checked 1 file: 0 errors"), "{stderr}");
    assert!(stderr.contains("note: skipped") && stderr.contains("leads outside"), "{stderr}");
    assert!(!stderr.contains("SECRET"), "{stderr}");
}

#[test]
fn no_control_character_of_a_file_reaches_the_terminal() {
    let files = [
        "tests/check/err/control_character_escape.yaml",
        "tests/check/err/control_character_bidi.yaml",
        "tests/check/err/control_character_binary.yaml",
        "tests/check/err/yaml_raw_control_character.yaml",
    ];
    for format in ["text", "json"] {
        let output = procedure().current_dir(repo()).args(["check", "--format", format]).args(files).output().unwrap();
        assert_eq!(output.status.code(), Some(1));
        let printed = [output.stdout, output.stderr].concat();
        let printed = String::from_utf8(printed).unwrap();
        assert!(printed.contains("U+001B (escape)") && printed.contains("U+202E"), "{printed}");
        let raw: Vec<char> = printed
            .chars()
            .filter(|c| (c.is_control() && *c != '\n') || ('\u{202a}'..='\u{202e}').contains(c))
            .collect();
        assert!(raw.is_empty(), "{format}: {raw:?}");
    }
}

#[test]
fn a_closed_output_ends_every_command_quietly() {
    let runs: [&[&str]; 6] = [
        &["check", "--format", "json", "tests/check/err"],
        &["eval", "tests/check/ok/small_procedure.yaml", "--today", "2026-11-25", "--format", "json"],
        &["schema"],
        &["graph", "tests/check/ok/small_procedure.yaml"],
        &["test", "tests/scenario/failing"],
        &["expr", "1 + 1"],
    ];
    for args in runs {
        // The reading end is closed before the command starts: its first write fails.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let output = procedure().current_dir(repo()).args(args).stdout(writer).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(141), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    // `check` reports on standard error: closing it ends the command the same way.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let output = procedure().current_dir(repo()).args(["check", "tests/check/err"]).stderr(writer).output().unwrap();
    assert_eq!(output.status.code(), Some(141));
}

/// A text that would be Markdown or HTML if printed raw is escaped in the Markdown report: no
/// heading, link, image, table cell or tag comes from the author's text, and a `javascript:`
/// address is not made a link.
#[test]
fn markdown_report_escapes_markup_in_texts() {
    assert_cmd_snapshot!(procedure().current_dir(repo()).args([
        "eval",
        "tests/eval/markup_in_texts.yaml",
        "--today",
        "2026-11-25",
        "--format",
        "markdown",
    ]));
}

/// A fact's text is shown to the reader (in the Why part) with its control characters escaped:
/// an answer cannot clear the screen or retitle the terminal.
#[test]
fn a_control_character_in_a_fact_is_escaped_in_the_report() {
    let output = procedure()
        .current_dir(repo())
        .args(["eval", "tests/eval/text_input.yaml", "--today", "2026-11-25", "--set"])
        .arg("office=\u{1b}]0;pwned\u{7}\u{1b}[2J")
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(!stdout.contains('\u{1b}') && !stdout.contains('\u{7}'), "{stdout:?}");
    assert!(stdout.contains(r"Which office did you visit? → \u{1b}]0;pwned\u{7}\u{1b}[2J"), "{stdout}");
}

/// Every situation of the file, in input order with two threads: valid lines give `eval`'s
/// JSON, each bad line (bad JSON, an unknown input, a wrong type, a constraint broken, a key
/// given twice) gives its errors in place and on stderr, a blank line nothing; exit 1.
#[test]
fn batch_answers_every_line_in_input_order() {
    assert_cmd_snapshot!(procedure().current_dir(repo()).args([
        "batch",
        "tests/check/ok/small_procedure.yaml",
        "--input",
        "tests/batch/situations.jsonl",
        "--today",
        "2026-11-25",
        "--jobs",
        "2",
    ]));
}

/// A line's result is what `eval --format json` prints for the same facts.
#[test]
fn batch_prints_what_eval_prints_for_each_line() {
    let dir = scratch("batch-same");
    let situations = std::fs::read_to_string(repo().join("tests/batch/situations.jsonl")).unwrap();
    let batch = procedure()
        .current_dir(repo())
        .args(["batch", "tests/check/ok/small_procedure.yaml", "--input", "-", "--today", "2026-11-25"])
        .stdin(std::fs::File::open(repo().join("tests/batch/situations.jsonl")).unwrap())
        .output()
        .unwrap();
    let results: Vec<&str> = std::str::from_utf8(&batch.stdout).unwrap().lines().collect();
    let inputs: Vec<&str> = situations.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(results.len(), inputs.len());
    let mut compared = 0;
    for (input, result) in inputs.iter().zip(&results) {
        let facts = dir.join("facts.json");
        std::fs::write(&facts, input).unwrap();
        let eval = procedure()
            .current_dir(repo())
            .args(["eval", "tests/check/ok/small_procedure.yaml", "--today", "2026-11-25", "--format", "json"])
            .arg("--facts")
            .arg(&facts)
            .output()
            .unwrap();
        if eval.status.code() == Some(1) {
            assert!(result.starts_with(r#"{"errors":"#), "{result}");
        } else {
            assert_eq!(String::from_utf8_lossy(&eval.stdout), format!("{result}\n"));
            compared += 1;
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(compared, 4);
}

#[test]
fn batch_refuses_to_overwrite_an_output_file_unless_forced() {
    let dir = scratch("batch-output");
    let results = dir.join("results.jsonl");
    std::fs::write(&results, "a user's file\n").unwrap();
    let run = |force: bool| {
        let mut cmd = procedure();
        cmd.current_dir(repo()).args(["batch", "tests/check/ok/small_procedure.yaml", "--today", "2026-11-25"]);
        cmd.args(["--input", "tests/batch/situations.jsonl", "--output"]).arg(&results);
        if force {
            cmd.arg("--force");
        }
        cmd.output().unwrap()
    };
    let refused = run(false);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("exists; give `--force` to overwrite it"));
    assert_eq!(std::fs::read_to_string(&results).unwrap(), "a user's file\n");
    let forced = run(true);
    assert_eq!(forced.status.code(), Some(1), "the input has bad lines");
    assert!(forced.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&results).unwrap().lines().count(), 9);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Even with `--force`, the output is never the input: truncating it would lose every
/// situation before it is read.
#[test]
fn batch_refuses_to_write_over_its_own_input() {
    let dir = scratch("batch-own-input");
    let input = dir.join("situations.jsonl");
    std::fs::copy(repo().join("tests/batch/situations.jsonl"), &input).unwrap();
    let before = std::fs::read_to_string(&input).unwrap();
    let output = procedure()
        .args(["batch"])
        .arg(repo().join("tests/check/ok/small_procedure.yaml"))
        .arg("--input")
        .arg(&input)
        .arg("--output")
        .arg(dir.join(".").join("situations.jsonl"))
        .arg("--force")
        .output()
        .unwrap();
    let after = std::fs::read_to_string(&input).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("is the input; write the results to another file"));
    assert_eq!(after, before);
}

/// A line longer than a facts file may be is a bad line, counted, not read into memory.
#[test]
fn batch_refuses_a_line_over_the_size_limit_and_goes_on() {
    let dir = scratch("batch-long");
    let input = dir.join("long.jsonl");
    let long = format!("{{\"cause\": \"{}\"}}", "x".repeat(4 * 1024 * 1024));
    std::fs::write(&input, format!("{long}\n{{\"cause\": \"lost\"}}\n")).unwrap();
    let output = procedure()
        .args(["batch"])
        .arg(repo().join("tests/check/ok/small_procedure.yaml"))
        .arg("--input")
        .arg(&input)
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(output.status.code(), Some(1));
    assert!(lines[0].starts_with(r#"{"errors":[{"code":"procedure::syntax::too_large""#), "{}", lines[0]);
    assert!(lines[0].ends_with(r#""line":1}"#), "{}", lines[0]);
    assert!(lines[1].contains(r#""status":"needs_input""#), "{}", lines[1]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("error: line 1 of") && stderr.contains("the line is too large: 4194317 bytes"), "{stderr}");
}

/// Over several chunks (a chunk is written while the next is evaluated), every line is
/// answered once, in input order, the last chunk too: each refused line's result names its own
/// line number.
#[test]
fn batch_keeps_the_order_across_chunks() {
    use std::io::Write as _;
    let lines = 2_500;
    let input: String = (1..=lines)
        .map(|n| {
            if n % 7 == 0 {
                format!("{{\"cause\": \"stolen\", \"agee\": {n}}}\n")
            } else {
                format!("{{\"cause\": \"stolen\", \"age\": 34, \"learned_on\": \"2026-11-{:02}\"}}\n", 1 + n % 20)
            }
        })
        .collect();
    let mut child = spawn_piped(procedure().current_dir(repo()).args([
        "batch",
        "tests/check/ok/small_procedure.yaml",
        "--input",
        "-",
        "--today",
        "2026-11-25",
        "--jobs",
        "2",
    ]));
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()).unwrap());
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let results: Vec<&str> = stdout.lines().collect();
    assert_eq!(results.len(), lines);
    for (i, result) in results.iter().enumerate() {
        let n = i + 1;
        if n % 7 == 0 {
            assert!(
                result.starts_with(r#"{"errors":"#) && result.ends_with(&format!(",\"line\":{n}}}")),
                "{n}: {result}"
            );
        } else {
            assert!(result.contains(r#""status":"complete""#), "{n}: {result}");
        }
    }
}

/// A reader that stops early (`| head -1`) ends the batch quietly with 141, as it ends the
/// other commands.
#[test]
fn batch_stops_quietly_when_its_output_is_closed() {
    use std::io::{BufRead as _, BufReader, Write as _};
    let mut child = spawn_piped(procedure().current_dir(repo()).args([
        "batch",
        "tests/check/ok/small_procedure.yaml",
        "--input",
        "-",
        "--today",
        "2026-11-25",
    ]));
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let line = b"{\"cause\": \"stolen\", \"age\": 34, \"learned_on\": \"2026-11-20\"}\n";
        for _ in 0..20_000 {
            if stdin.write_all(line).is_err() {
                break;
            }
        }
    });
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    assert!(first.contains(r#""status":"complete""#));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(output.status.code(), Some(141), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(output.stderr.is_empty(), "{}", String::from_utf8_lossy(&output.stderr));
}

const ROOTS_CASE: &str = "tests/roots/project/cases/case.yaml";
const ROOTS_LIB: &str = "tests/roots/project/lib";

#[test]
fn a_procedure_outside_the_library_fails_without_a_root() {
    assert_cmd_snapshot!(procedure().current_dir(repo()).args(["check", ROOTS_CASE]));
}

#[test]
fn lib_finds_the_catalogue_and_the_sub_procedure_in_a_root() {
    assert_cmd_snapshot!(procedure().current_dir(repo()).args([
        "eval",
        "--lib",
        ROOTS_LIB,
        "--today",
        "2026-11-25",
        ROOTS_CASE
    ]));
}

#[test]
fn procedure_path_gives_the_roots_to_check_and_test() {
    for command in ["check", "test"] {
        let output = procedure()
            .current_dir(repo())
            // An empty part is skipped, as in `PATH`.
            .env("PROCEDURE_PATH", format!(":{ROOTS_LIB}"))
            .args([command, "tests/roots/project/cases"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{command}: {stderr}");
    }
}

#[test]
fn a_library_root_that_is_not_a_directory_is_a_usage_error() {
    assert_cmd_snapshot!(procedure().current_dir(repo()).args([
        "check",
        "--lib",
        "tests/roots/no_such_dir",
        ROOTS_CASE
    ]));
}

#[cfg(unix)]
#[test]
fn a_link_out_of_the_file_directory_and_every_root_is_refused() {
    let dir = scratch("roots-link");
    for sub in ["outside", "lib/common", "cases"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    std::fs::write(dir.join("outside/secret.yaml"), "catalogue: [SECRET-LINE\n").unwrap();
    let case = std::fs::read_to_string(repo().join(ROOTS_CASE)).unwrap();
    std::fs::write(dir.join("cases/case.yaml"), case).unwrap();
    std::fs::copy(repo().join(ROOTS_LIB).join("common/visit.yaml"), dir.join("lib/common/visit.yaml")).unwrap();
    std::os::unix::fs::symlink(dir.join("outside/secret.yaml"), dir.join("lib/common/documents.yaml")).unwrap();
    let output =
        procedure().arg("check").arg("--lib").arg(dir.join("lib")).arg(dir.join("cases/case.yaml")).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("SECRET"), "{stderr}");
    assert!(
        stderr.contains("cannot read `common/documents.yaml`: a symbolic link on the path leads outside"),
        "{stderr}"
    );
    assert!(stderr.contains("every library root"), "{stderr}");
    assert!(!stderr.contains("relative to this file"), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn errors_of_a_called_file_are_json_lines_of_their_own_file_with_the_chain() {
    assert_cmd_snapshot!(procedure().current_dir(repo()).args([
        "check",
        "--format",
        "json",
        "tests/check/err/call_broken_callee.yaml"
    ]));
}

#[test]
fn a_total_with_an_amount_not_known_says_at_least() {
    let args = ["--set", "express=true", "--set", "certificate=true", "--today", "2026-11-25"];
    assert_cmd_snapshot!(procedure().current_dir(repo()).args(["eval", "tests/check/ok/fee_amounts.yaml"]).args(args));
}

#[test]
fn a_fee_the_office_sets_in_markdown() {
    assert_cmd_snapshot!(procedure().current_dir(repo()).args([
        "eval",
        "tests/check/ok/fee_amounts.yaml",
        "--set",
        "express=false",
        "--set",
        "copies=3",
        "--set",
        "certificate=false",
        "--today",
        "2026-11-25",
        "--format",
        "markdown"
    ]));
}

/// The commands of `docs/tutorial.md` that run on files of the repository (they name a path
/// under `tests/`), each with the environment variables written before it: run from the
/// repository's root, each gives the output the tutorial shows (which may stop before the end
/// of a long report) and the exit code its `echo $?` shows.
#[test]
fn the_tutorials_commands_on_repository_files_print_what_it_shows() {
    let tutorial = std::fs::read_to_string(repo().join("docs/tutorial.md")).unwrap();
    let mut lines = tutorial.lines().peekable();
    let mut ran = 0;
    while let Some(line) = lines.next() {
        let Some(command) = line.strip_prefix("$ ") else { continue };
        let mut shown = Vec::new();
        while let Some(next) = lines.peek() {
            if next.starts_with("$ ") || next.starts_with("```") {
                break;
            }
            shown.push(lines.next().unwrap());
        }
        let words: Vec<&str> = command.split_whitespace().collect();
        let Some(at) = words.iter().position(|w| *w == "procedure") else { continue };
        if !words.iter().any(|w| w.starts_with("tests/")) {
            continue;
        }
        let mut cmd = procedure();
        cmd.current_dir(repo());
        for assignment in &words[..at] {
            let (name, value) = assignment.split_once('=').unwrap();
            cmd.env(name, value);
        }
        let output = cmd.args(&words[at + 1..]).output().unwrap();
        let printed = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        let printed: Vec<&str> = printed.lines().collect();
        assert!(
            printed.starts_with(&shown),
            "`{command}` printed:\n{}\nthe tutorial shows:\n{}",
            printed.join("\n"),
            shown.join("\n")
        );
        if lines.peek() == Some(&"$ echo $?") {
            lines.next();
            let code = lines.next().unwrap();
            assert_eq!(output.status.code().map(|c| c.to_string()).as_deref(), Some(code), "`{command}`");
        }
        ran += 1;
    }
    assert!(ran >= 4, "the tutorial should have commands on repository files; ran {ran}");
}

/// A procedure the tutorial shows as "This is [`PATH`](…):" is that file of the repository,
/// byte for byte, so that the commands run on what the reader reads.
#[test]
fn the_files_the_tutorial_shows_are_the_repositorys() {
    let tutorial = std::fs::read_to_string(repo().join("docs/tutorial.md")).unwrap();
    let mut compared = 0;
    for (i, part) in tutorial.split("\nThis is [`").enumerate().skip(1) {
        let path = part.split('`').next().unwrap();
        let block = part.split_once("```yaml\n").unwrap().1.split_once("```").unwrap().0;
        let file = std::fs::read_to_string(repo().join(path)).unwrap();
        assert_eq!(block, file, "the block after \"This is [`{path}`]\" (number {i}) is not the file");
        compared += 1;
    }
    assert!(compared >= 2, "compared {compared}");
}

/// `diff --exit-code` exits 1 when the answers differ, as `git diff --exit-code` does.
#[test]
fn diff_exit_code_is_1_when_answers_differ() {
    assert_cmd_snapshot!(procedure().current_dir(repo()).args([
        "diff",
        "tests/diff/document_added/old.yaml",
        "tests/diff/document_added/new.yaml",
        "--today",
        "2026-11-25",
        "--exit-code",
    ]));
}

/// A file compared with itself: no change, exit 0 even with `--exit-code`.
#[test]
fn diff_of_a_file_with_itself_is_no_change() {
    assert_cmd_snapshot!(procedure().current_dir(repo()).args([
        "diff",
        "tests/diff/document_added/old.yaml",
        "tests/diff/document_added/old.yaml",
        "--today",
        "2026-11-25",
        "--exit-code",
    ]));
}

/// One file on two dates of the act.
#[test]
fn diff_of_a_dated_change_in_one_file() {
    assert_cmd_snapshot!(procedure().current_dir(repo()).args([
        "diff",
        "tests/diff/dated_change/procedure.yaml",
        "--as-of",
        "2025-03-31",
        "--to-as-of",
        "2025-04-01",
        "--today",
        "2026-11-25",
    ]));
}

/// One file and nothing to compare it with is a usage error.
#[test]
fn diff_of_one_file_alone_is_a_usage_error() {
    assert_cmd_snapshot!(procedure().current_dir(repo()).args(["diff", "tests/diff/dated_change/procedure.yaml"]));
}

/// `--git HEAD` compares the committed file with the working one, and `--write-scenarios`
/// writes cases that `procedure test` then passes: the new version's answers.
#[test]
fn diff_against_git_and_the_scenarios_it_writes() {
    let dir = scratch("diff-git");
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .args(["-c", "user.name=test", "-c", "user.email=test@example.org", "-c", "init.defaultBranch=main"])
            .args(args)
            .current_dir(&dir)
            .output()
            .unwrap();
        assert!(status.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&status.stderr));
    };
    let pair = repo().join("tests/diff/document_added");
    std::fs::copy(pair.join("old.yaml"), dir.join("card.yaml")).unwrap();
    git(&["init", "-q"]);
    git(&["add", "card.yaml"]);
    git(&["commit", "-q", "-m", "old"]);
    std::fs::copy(pair.join("new.yaml"), dir.join("card.yaml")).unwrap();
    let from_git = procedure()
        .current_dir(&dir)
        .args(["diff", "--git", "HEAD", "card.yaml", "--today", "2026-11-25", "--write-scenarios", "changed.test.yaml"])
        .output()
        .unwrap();
    assert!(from_git.status.success(), "{}", String::from_utf8_lossy(&from_git.stderr));
    let direct = procedure()
        .current_dir(repo())
        .args([
            "diff",
            "tests/diff/document_added/old.yaml",
            "tests/diff/document_added/new.yaml",
            "--today",
            "2026-11-25",
        ])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&from_git.stdout), String::from_utf8_lossy(&direct.stdout));
    let scenarios = std::fs::read_to_string(dir.join("changed.test.yaml")).unwrap();
    insta::assert_snapshot!("diff_written_scenarios", scenarios);
    let test = procedure().current_dir(&dir).args(["test", "changed.test.yaml"]).output().unwrap();
    assert!(
        test.status.success(),
        "{}{}",
        String::from_utf8_lossy(&test.stdout),
        String::from_utf8_lossy(&test.stderr)
    );
    // A revision git does not know is a usage error naming it.
    let unknown = procedure().current_dir(&dir).args(["diff", "--git", "nope", "card.yaml"]).output().unwrap();
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("git show nope:card.yaml"));
}

/// The session of docs/rule-changes.md, run as written: each `$ ` line of its `console` block
/// in a shell (with this `procedure` first on the PATH), its output and exit status compared
/// with the lines that follow it.
#[test]
fn the_rule_change_loop_of_the_docs_runs_as_written() {
    let doc = std::fs::read_to_string(repo().join("docs/rule-changes.md")).unwrap();
    let block: Vec<&str> = doc.lines().skip_while(|l| *l != "```console").skip(1).take_while(|l| *l != "```").collect();
    assert!(!block.is_empty(), "docs/rule-changes.md has a console block");
    let dir = scratch("rule-changes");
    let pair = repo().join("tests/diff/document_added");
    std::fs::copy(pair.join("old.yaml"), dir.join("card.yaml")).unwrap();
    std::fs::copy(pair.join("new.yaml"), dir.join("new.yaml")).unwrap();
    let bin = insta_cmd::get_cargo_bin("procedure");
    let path = format!("{}:{}", bin.parent().unwrap().display(), std::env::var("PATH").unwrap_or_default());
    let sh = |line: &str| {
        Command::new("sh")
            .arg("-c")
            .arg(line)
            .current_dir(&dir)
            .env("PATH", &path)
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    for setup in
        ["git init -q", "git add card.yaml", "git -c user.name=test -c user.email=test@example.org commit -q -m old"]
    {
        assert!(sh(setup).status.success(), "{setup}");
    }
    let mut commands = 0;
    let mut lines = block.iter().peekable();
    while let Some(line) = lines.next() {
        let command = line.strip_prefix("$ ").unwrap_or_else(|| panic!("a command line, not `{line}`"));
        let mut expected = String::new();
        while let Some(next) = lines.next_if(|l| !l.starts_with("$ ")) {
            expected.push_str(next);
            expected.push('\n');
        }
        let output = sh(command);
        let mut got = String::from_utf8_lossy(&output.stdout).into_owned();
        let code = output.status.code().unwrap();
        if code != 0 {
            got.push_str(&format!("exit {code}\n"));
        }
        assert_eq!(got, expected, "`{command}` (stderr: {})", String::from_utf8_lossy(&output.stderr));
        commands += 1;
    }
    assert!(commands >= 4);
}

/// `coverage --min` fails below the percentage, naming the decision kinds below it.
#[test]
fn coverage_below_min_fails() {
    assert_cmd_snapshot!(procedure().current_dir(repo()).args([
        "coverage",
        "tests/coverage/partial/procedure.yaml",
        "tests/coverage/partial/procedure.test.yaml",
        "--today",
        "2026-11-25",
        "--min",
        "90",
    ]));
}

/// The bundled scenarios cover every reachable branch arm, row and outcome: `--min 100` passes.
#[test]
fn coverage_of_a_bundled_procedure_passes_min_100() {
    let output = procedure()
        .current_dir(repo())
        .args([
            "coverage",
            "procedures/special_reentry.yaml",
            "--today",
            "2026-11-25",
            "--min",
            "100",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["procedure"], "special_reentry");
}

#[test]
fn serve_refuses_a_directory_that_is_not_there() {
    assert_cmd_snapshot!(procedure().args(["serve", "no/such/dir"]));
}

#[test]
fn serve_refuses_a_procedure_that_does_not_compile() {
    let dir = std::env::temp_dir().join(format!("procedure-cli-serve-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("broken.yaml"), "id: broken\n").unwrap();
    let output = procedure().args(["serve"]).arg(&dir).output().unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("broken.yaml"));
}
