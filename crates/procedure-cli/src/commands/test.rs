//! `procedure test`: run scenario files.

use std::path::Path;

use procedure::{Directory, Level, unreadable_procedure};

use crate::cli::{Format, TestArgs};
use crate::commands::check::Printer;
use crate::commands::{collect, load_procedure, read_text};
use crate::exit::ExitStatus;
use crate::{out, report, sanitize};

/// Runs the command.
pub fn run(args: &TestArgs, roots: &[std::path::PathBuf]) -> ExitStatus {
    let files = match collect(&args.paths, &|name| name.ends_with(".test.yaml"), Format::Text) {
        Ok(f) => f,
        Err(message) => {
            report::usage(&message, Format::Text);
            return ExitStatus::Usage;
        }
    };
    let (mut passed, mut failed) = (0usize, 0usize);
    for file in &files {
        if out::stopped() {
            break;
        }
        match run_file(file, args.lang.as_deref(), roots) {
            Ok((p, f)) => {
                passed += p;
                failed += f;
            }
            Err(()) => failed += 1,
        }
    }
    out::stdout(format_args!("{passed} passed, {failed} failed\n"));
    if failed == 0 { ExitStatus::Success } else { ExitStatus::Failure }
}

/// Runs one scenario file: `(passed, failed)` cases, or `Err` when it cannot run at all.
fn run_file(path: &Path, lang: Option<&str>, roots: &[std::path::PathBuf]) -> Result<(usize, usize), ()> {
    let text = read_text(path).ok_or(())?;
    let scenarios = procedure::load_scenarios(&text).map_err(|e| {
        let printer = Printer::new(path, &text, Format::Text);
        for d in procedure::Diagnostic::from_miette(&e, Level::Error) {
            printer.print(&d);
        }
    })?;
    let procedure_path = Directory::beside(path).confine(&scenarios.procedure.value).map_err(|why| {
        Printer::new(path, &text, Format::Text).print(&unreadable_procedure(&scenarios.procedure, &why));
    })?;
    let (_, procedure) = load_procedure(&procedure_path, roots).ok_or(())?;
    let language = lang.map(str::to_owned).or_else(|| procedure.languages.first().cloned()).unwrap_or_default();
    let results = procedure::scenario::run(&procedure, &scenarios, &language);
    let mut failed = 0;
    for r in &results {
        if r.failures.is_empty() {
            continue;
        }
        failed += 1;
        out::stdout(format_args!(
            "FAIL {} :: {}\n",
            sanitize::text(&path.display().to_string()),
            sanitize::text(&r.name)
        ));
        for f in &r.failures {
            out::stdout(format_args!("     {}\n", sanitize::text(f)));
        }
    }
    Ok((results.len() - failed, failed))
}
