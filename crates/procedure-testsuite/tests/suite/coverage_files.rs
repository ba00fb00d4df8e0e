//! Every folder under `tests/coverage/` holds a `procedure.yaml` and its `procedure.test.yaml`:
//! the coverage of the one by the other is snapshotted as text and JSON. The bundled
//! procedures' scenarios cover every reachable branch arm, table row and outcome.

use std::path::Path;

use procedure::coverage::{self, Case};
use procedure::{CompileOptions, Directory, Procedure, compile_with, load_scenarios};

use crate::common::repo_root;

const TODAY: jiff::civil::Date = jiff::civil::date(2026, 11, 25);

fn coverage_of(procedure_path: &Path, scenarios_path: &Path) -> coverage::Coverage {
    let text = std::fs::read_to_string(procedure_path).unwrap();
    let procedure: Procedure = compile_with(&text, &CompileOptions::DEFAULT, &Directory::beside(procedure_path))
        .procedure
        .unwrap_or_else(|| panic!("{} compiles", procedure_path.display()));
    let scenarios = load_scenarios(&std::fs::read_to_string(scenarios_path).unwrap()).unwrap();
    let cases = coverage::scenario_cases(&scenarios);
    let cases: Vec<Case<'_>> =
        cases.iter().map(|(today, as_of, facts)| Case { today: *today, as_of: *as_of, facts }).collect();
    coverage::coverage(&procedure, &cases, TODAY)
}

#[test]
fn coverage_folders_are_snapshotted() {
    let root = repo_root().join("tests/coverage");
    let mut dirs: Vec<_> =
        std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    dirs.sort();
    assert!(dirs.len() >= 2);
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let result = coverage_of(&dir.join("procedure.yaml"), &dir.join("procedure.test.yaml"));
        insta::assert_snapshot!(format!("coverage_{name}_text"), coverage::text(&result));
        insta::assert_snapshot!(format!("coverage_{name}_json"), serde_json::to_string_pretty(&result).unwrap());
    }
}

#[test]
fn bundled_procedures_cover_every_reachable_decision() {
    for name in
        ["extension_of_stay", "lost_card", "moving_notification", "organisation_notification", "special_reentry"]
    {
        let dir = repo_root().join("procedures");
        let result = coverage_of(&dir.join(format!("{name}.yaml")), &dir.join(format!("{name}.test.yaml")));
        assert_eq!(result.cases_failed, 0, "{name}");
        assert!(coverage::below(&result, 100.0).is_empty(), "{name}:\n{}", coverage::text(&result));
    }
}
