//! `procedure coverage`: what scenario files exercise of a procedure.

use std::path::{Path, PathBuf};

use procedure::coverage::{self, Case};
use procedure::{Fact, Level};
use procedure_expr::parse_date;

use crate::cli::{CoverageArgs, Format};
use crate::commands::check::Printer;
use crate::commands::{load_procedure, read_text};
use crate::exit::ExitStatus;
use crate::{out, report};

/// Runs the command.
pub fn run(args: &CoverageArgs, roots: &[PathBuf]) -> ExitStatus {
    let Some((_, procedure)) = load_procedure(&args.file, roots) else { return ExitStatus::Failure };
    let files: Vec<PathBuf> = if args.scenarios.is_empty() {
        let beside = args.file.with_extension("test.yaml");
        if !beside.is_file() {
            report::usage(&format!("name scenario files: `{}` does not exist", beside.display()), args.format);
            return ExitStatus::Usage;
        }
        vec![beside]
    } else {
        args.scenarios.clone()
    };
    let today = match &args.today {
        Some(t) => match parse_date(t) {
            Ok(d) => d,
            Err(e) => {
                report::usage(&format!("`--today {t}` is not a date: {}", e.0), args.format);
                return ExitStatus::Usage;
            }
        },
        None => match crate::commands::eval::today_in(&procedure) {
            Ok(d) => d,
            Err(message) => {
                report::usage(&message, args.format);
                return ExitStatus::Usage;
            }
        },
    };
    let mut cases: Vec<(jiff::civil::Date, jiff::civil::Date, Vec<Fact>)> = Vec::new();
    for file in &files {
        match cases_of(file) {
            Some(mut c) => cases.append(&mut c),
            None => return ExitStatus::Failure,
        }
    }
    let cases: Vec<Case<'_>> =
        cases.iter().map(|(today, as_of, facts)| Case { today: *today, as_of: *as_of, facts }).collect();
    let result = coverage::coverage(&procedure, &cases, today);
    match args.format {
        Format::Json => match serde_json::to_string_pretty(&result) {
            Ok(json) => out::stdout(format_args!("{json}\n")),
            Err(e) => {
                report::usage(&format!("cannot serialise the coverage: {e}"), args.format);
                return ExitStatus::Failure;
            }
        },
        Format::Text => out::stdout(coverage::text(&result)),
    }
    if let Some(min) = args.min {
        let below = coverage::below(&result, min);
        if !below.is_empty() {
            let list: Vec<String> = below.iter().map(|(k, p)| format!("{k} {p:.1}%")).collect();
            report::usage(&format!("coverage below {min}%: {}", list.join(", ")), args.format);
            return ExitStatus::Failure;
        }
    }
    ExitStatus::Success
}

/// The cases of a scenario file, with their dates and facts; problems are printed.
fn cases_of(path: &Path) -> Option<Vec<(jiff::civil::Date, jiff::civil::Date, Vec<Fact>)>> {
    let text = read_text(path)?;
    let scenarios = match procedure::load_scenarios(&text) {
        Ok(s) => s,
        Err(e) => {
            let printer = Printer::new(path, &text, Format::Text);
            for d in procedure::Diagnostic::from_miette(&e, Level::Error) {
                printer.print(&d);
            }
            return None;
        }
    };
    Some(coverage::scenario_cases(&scenarios))
}
