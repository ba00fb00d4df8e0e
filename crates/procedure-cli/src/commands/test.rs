//! `procedure test`: run scenario files.

#![allow(clippy::print_stdout, clippy::print_stderr, reason = "reporting is this command's job")]

use std::path::Path;

use procedure::Level;
use procedure_syntax::{LoadOptions, Scenarios, load};

use crate::cli::{Format, TestArgs};
use crate::commands::check::Printer;
use crate::commands::{collect, load_procedure, read_text};
use crate::exit::ExitStatus;
use crate::report;

/// Runs the command.
pub fn run(args: &TestArgs) -> ExitStatus {
    let mut files = Vec::new();
    for path in &args.paths {
        if let Err(message) = collect(path, &|name| name.ends_with(".test.yaml"), &mut files) {
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

/// Runs one scenario file: `(passed, failed)` cases, or `Err` when it cannot run at all.
fn run_file(path: &Path, lang: Option<&str>) -> Result<(usize, usize), ()> {
    let text = read_text(path).ok_or(())?;
    let scenarios: Scenarios = load(&text, &LoadOptions::DEFAULT).map_err(|e| {
        let printer = Printer::new(path, &text, Format::Text);
        for d in procedure::Diagnostic::from_miette(&e, Level::Error) {
            printer.print(&d);
        }
    })?;
    let procedure_path = path.parent().unwrap_or(Path::new(".")).join(&scenarios.procedure.value);
    let (_, procedure) = load_procedure(&procedure_path).ok_or(())?;
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
