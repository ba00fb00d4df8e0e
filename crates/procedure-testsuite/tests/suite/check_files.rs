//! Procedure, scenario and catalogue files under `tests/check/`: every `ok/` file must check
//! without a diagnostic; every `err/` file must produce at least one, and its report, as
//! `procedure check` prints it, is snapshotted. Each `err/` file is the smallest file that
//! triggers its check, named after it.

use std::path::Path;

use procedure::{CompileOptions, Directory, check_file};

use crate::common::{render, repo_root};

/// The rendered diagnostics of the file at `path`, and how many there are.
fn check(path: &Path) -> (String, usize) {
    let bytes = std::fs::read(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let checked = check_file(&name, &bytes, &CompileOptions::DEFAULT, &Directory::beside(path));
    let mut rendered: Vec<String> =
        checked.diagnostics.iter().map(|d| render(d, &name, checked.text.unwrap_or(""))).collect();
    // The errors of an imported or called file, in that file, as `procedure check` shows them.
    for e in &checked.elsewhere {
        let note = procedure_cli::commands::check::via_note(&name, e);
        rendered
            .extend(e.diagnostics.iter().map(|d| format!("{}\n  {note}\n", render(d, &e.file, &e.text).trim_end())));
    }
    (rendered.join("\n"), checked.diagnostics.len())
}

#[test]
fn ok_files_check_clean() {
    check_clean("tests/check/ok");
}

#[test]
fn bundled_procedures_check_clean() {
    check_clean("procedures");
}

#[test]
fn catalogues_imported_by_err_files_check_clean() {
    check_clean("tests/check/err/common");
}

/// The files below `dir`, recursively, sorted.
fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Every file below `dir` checks without a diagnostic, warnings included.
fn check_clean(dir: &str) {
    let dir = repo_root().join(dir);
    let mut paths = Vec::new();
    files(&dir, &mut paths);
    paths.sort();
    assert!(!paths.is_empty(), "no files in {}", dir.display());
    let mut failures = Vec::new();
    for path in paths {
        let (report, count) = check(&path);
        if count > 0 {
            failures.push(format!("{}:\n{report}", path.display()));
        }
    }
    assert!(failures.is_empty(), "files under {} have diagnostics:\n{}", dir.display(), failures.join("\n"));
}

#[test]
fn err_files_are_diagnosed() {
    insta::glob!("../../../../tests/check", "err/*.yaml", |path| {
        let (report, count) = check(path);
        assert!(count > 0, "{} is under err/ but checks clean", path.display());
        insta::assert_snapshot!(report);
    });
}
