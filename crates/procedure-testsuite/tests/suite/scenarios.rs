//! Scenario files: every case's expectations hold, and each file's full results are
//! snapshotted, so that a rule change shows up as a reviewable diff.

use std::path::Path;

use procedure::{CompileOptions, Directory, compile_with, scenario};
use procedure_syntax::{LoadOptions, Scenarios, load};
use serde_json::{Map, Value as Json};

/// The committed schema of the result, compiled once.
fn result_schema() -> &'static jsonschema::Validator {
    static SCHEMA: std::sync::OnceLock<jsonschema::Validator> = std::sync::OnceLock::new();
    SCHEMA.get_or_init(|| {
        let text = std::fs::read_to_string(crate::common::repo_root().join("docs/result.schema.json")).unwrap();
        jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap()
    })
}

fn run(path: &Path) {
    let text = std::fs::read_to_string(path).unwrap();
    let scenarios: Scenarios = load(&text, &LoadOptions::DEFAULT).unwrap();
    let procedure_path = Directory::beside(path).confine(&scenarios.procedure.value).unwrap();
    let procedure_text = std::fs::read_to_string(&procedure_path).unwrap();
    let procedure = compile_with(&procedure_text, &CompileOptions::DEFAULT, &Directory::beside(&procedure_path))
        .procedure
        .expect("the procedure compiles");
    let mut results = Map::new();
    let mut failures = Vec::new();
    for language in &procedure.languages {
        for r in scenario::run(&procedure, &scenarios, language) {
            for f in &r.failures {
                failures.push(format!("{} [{language}]: {f}", r.name));
            }
            // A case refused as it expects has its errors, not a report, as its result.
            let errors = if r.result.is_array() { None } else { Some(result_schema().iter_errors(&r.result)) };
            for error in errors.into_iter().flatten() {
                failures.push(format!(
                    "{} [{language}]: the result does not match docs/result.schema.json: {error} at {}",
                    r.name,
                    error.instance_path()
                ));
            }
            results.insert(format!("{} [{language}]", r.name), r.result);
        }
    }
    assert!(failures.is_empty(), "{}:\n{}", path.display(), failures.join("\n"));
    // Named after the file, whichever folder it is in and however many files the glob finds.
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    insta::with_settings!({ snapshot_suffix => name }, {
        insta::assert_json_snapshot!("scenario_results", Json::Object(results));
    });
}

#[test]
fn scenario_files_pass_and_their_results_are_snapshotted() {
    insta::glob!("../../../../tests", "check/ok/*.test.yaml", run);
}

#[test]
fn bundled_procedures_pass_their_scenarios_and_their_results_are_snapshotted() {
    insta::glob!("../../../../procedures", "*.test.yaml", run);
}
