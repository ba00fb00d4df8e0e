//! `procedure test`: run scenario files.

#![allow(clippy::print_stdout, clippy::print_stderr, reason = "reporting is this command's job")]

use std::path::{Path, PathBuf};

use procedure::{CompileOptions, Level, compile, decode};
use procedure_syntax::{LoadOptions, Scenarios, load};

use crate::cli::{Format, TestArgs};
use crate::commands::check::{print, read};
use crate::exit::ExitStatus;
use crate::report;

/// Runs the command.
pub fn run(args: &TestArgs) -> ExitStatus {
    let mut files = Vec::new();
    for path in &args.paths {
        if let Err(message) = collect(path, &mut files) {
            report::usage(&message, Format::Text);
            return ExitStatus::Usage;
        }
    }
    let (mut passed, mut failed) = (0usize, 0usize);
    for file in &files {
        match run_file(file, args.lang.as_deref()) {
            Ok((p, f)) => {
                passed += p;
                failed += f;
            }
            Err(()) => failed += 1,
        }
    }
    println!("{passed} passed, {failed} failed");
    if failed == 0 { ExitStatus::Success } else { ExitStatus::Failure }
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    if meta.is_file() {
        out.push(path.to_owned());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for entry in entries {
        if entry.is_dir() {
            collect(&entry, out)?;
        } else if entry.file_name().is_some_and(|n| n.to_string_lossy().ends_with(".test.yaml")) {
            out.push(entry);
        }
    }
    Ok(())
}

/// Runs one scenario file: `(passed, failed)` cases, or `Err` when it cannot run at all.
fn run_file(path: &Path, lang: Option<&str>) -> Result<(usize, usize), ()> {
    let options = CompileOptions::DEFAULT;
    let load_text = |p: &Path| read(p, &options).and_then(|bytes| decode(&bytes, &options).map(str::to_owned));
    let text = load_text(path).map_err(|d| print(path, "", &d, Format::Text))?;
    let scenarios: Scenarios = load(&text, &LoadOptions::DEFAULT).map_err(|e| {
        for d in procedure::Diagnostic::from_miette(&e, Level::Error) {
            print(path, &text, &d, Format::Text);
        }
    })?;
    let procedure_path = path.parent().unwrap_or(Path::new(".")).join(&scenarios.procedure.value);
    let procedure_text = load_text(&procedure_path).map_err(|d| print(&procedure_path, "", &d, Format::Text))?;
    let compiled = compile(&procedure_text, &options);
    let Some(procedure) = compiled.procedure else {
        for d in compiled.diagnostics.iter().filter(|d| d.level == Level::Error) {
            print(&procedure_path, &procedure_text, d, Format::Text);
        }
        return Err(());
    };
    let language = lang.map(str::to_owned).or_else(|| procedure.languages.first().cloned()).unwrap_or_default();
    let results = procedure::scenario::run(&procedure, &scenarios, &language);
    let mut failed = 0;
    for r in &results {
        if r.failures.is_empty() {
            continue;
        }
        failed += 1;
        println!("FAIL {} :: {}", path.display(), r.name);
        for f in &r.failures {
            println!("     {f}");
        }
    }
    Ok((results.len() - failed, failed))
}
