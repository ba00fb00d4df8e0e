//! Helpers shared by the suite's modules.

use std::path::{Path, PathBuf};

use miette::{GraphicalReportHandler, GraphicalTheme};

/// The repository's root folder.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Renders a diagnostic exactly as the `procedure` command prints it, without colour and at
/// a fixed width, so that snapshots are stable.
pub fn render<D>(diagnostic: &D, name: &str, source: &str) -> String
where
    D: miette::Diagnostic,
{
    let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(90);
    use procedure_cli::sanitize;
    procedure_cli::report::render(sanitize::diagnostic(diagnostic), name, &sanitize::text(source), Some(&handler))
}

/// The scenario files (`*.test.yaml`) of the repository folders `dirs`, sorted.
pub fn scenario_files(dirs: &[&str]) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = dirs
        .iter()
        .flat_map(|dir| std::fs::read_dir(repo_root().join(dir)).unwrap())
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".test.yaml"))
        .collect();
    files.sort();
    files
}

/// Calls `f` with the name and the evaluation of every case of the scenario file at `path`
/// whose facts bind and evaluate (the others are the scenario runner's to report).
pub fn for_each_case_evaluation(path: &Path, mut f: impl FnMut(&str, &procedure::Evaluation<'_>)) {
    use procedure::{CompileOptions, Directory, bind, compile_with, evaluate_as_of, scenario_facts};
    let text = std::fs::read_to_string(path).unwrap();
    let scenarios = procedure::load_scenarios(&text).unwrap();
    let procedure_path = Directory::beside(path).confine(&scenarios.procedure.value).unwrap();
    let source = std::fs::read_to_string(&procedure_path).unwrap();
    let procedure =
        compile_with(&source, &CompileOptions::DEFAULT, &Directory::beside(&procedure_path)).procedure.unwrap();
    for case in &scenarios.cases {
        let case = &case.value;
        let today = procedure_expr::parse_date(&case.today.value).unwrap();
        let as_of = case.as_of.as_ref().map_or(today, |a| procedure_expr::parse_date(&a.value).unwrap());
        let Ok(facts) = bind(&procedure, &scenario_facts(&case.facts)) else { continue };
        let Ok(evaluation) = evaluate_as_of(&procedure, &facts, today, as_of) else { continue };
        f(&case.name.value, &evaluation);
    }
}
