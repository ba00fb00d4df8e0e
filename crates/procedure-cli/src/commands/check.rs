//! `procedure check`: check files and report every diagnostic.

#![allow(clippy::print_stdout, clippy::print_stderr, reason = "reporting is this command's job")]

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use miette::{GraphicalReportHandler, NamedSource};
use procedure_core::{CompileOptions, Diagnostic, Level, compile};
use procedure_syntax::{Catalogue, FileKind, LoadOptions, Scenarios, load};
use serde_json::json;

use crate::cli::{CheckArgs, Format};
use crate::exit::ExitStatus;
use crate::report;

/// Runs the command.
pub fn run(args: &CheckArgs) -> ExitStatus {
    let mut files = Vec::new();
    for path in &args.paths {
        if let Err(message) = collect(path, &mut files) {
            report::usage(&message, args.format);
            return ExitStatus::Usage;
        }
    }
    let (mut errors, mut warnings) = (0usize, 0usize);
    for file in &files {
        let (text, diagnostics) = check_file(file);
        for d in &diagnostics {
            match d.level {
                Level::Error => errors += 1,
                Level::Warning => warnings += 1,
            }
            print(file, text.as_deref().unwrap_or(""), d, args.format);
        }
    }
    if args.format == Format::Text {
        eprintln!(
            "checked {} file{}: {errors} error{}, {warnings} warning{}",
            files.len(),
            plural(files.len()),
            plural(errors),
            plural(warnings)
        );
    }
    if errors > 0 || (args.deny_warnings && warnings > 0) { ExitStatus::Failure } else { ExitStatus::Success }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The YAML files at `path`: the file itself, or every `.yaml`/`.yml` below a directory, sorted.
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
        } else if entry.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(entry);
        }
    }
    Ok(())
}

/// The file's text (when it could be read as text) and its diagnostics.
fn check_file(path: &Path) -> (Option<String>, Vec<Diagnostic>) {
    let options = CompileOptions::DEFAULT;
    let limit = options.load.max_bytes;
    let file_error = |message: String| Diagnostic {
        code: "procedure::check::unreadable".into(),
        level: Level::Error,
        message,
        labels: vec![],
        help: None,
    };
    match std::fs::metadata(path) {
        Ok(meta) if meta.len() > limit as u64 => {
            let d = file_error(format!("the file is too large: {} bytes, more than the limit of {limit}", meta.len()))
                .with_help("procedure files are small; programs that load generated files can raise the limit");
            return (None, vec![Diagnostic { code: "procedure::syntax::too_large".into(), ..d }]);
        }
        Err(e) => return (None, vec![file_error(format!("cannot read the file: {e}"))]),
        Ok(_) => {}
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return (None, vec![file_error(format!("cannot read the file: {e}"))]),
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let d = file_error(format!("the file is not UTF-8 text: invalid byte at offset {at}"))
                .with_help("procedure files are YAML in UTF-8");
            return (None, vec![Diagnostic { code: "procedure::syntax::not_utf8".into(), ..d }]);
        }
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let diagnostics = match FileKind::of(&name, &text) {
        FileKind::Procedure => compile(&text, &options).diagnostics,
        FileKind::Catalogue => match load::<Catalogue>(&text, &LoadOptions::DEFAULT) {
            Ok(_) => Vec::new(),
            Err(e) => Diagnostic::from_miette(&e, Level::Error),
        },
        FileKind::Scenarios => match load::<Scenarios>(&text, &LoadOptions::DEFAULT) {
            Ok(s) => scenario_diagnostics(path, &s),
            Err(e) => Diagnostic::from_miette(&e, Level::Error),
        },
    };
    (Some(text), diagnostics)
}

/// Checks a scenario file's references: its procedure file exists, and case names are unique.
fn scenario_diagnostics(path: &Path, scenarios: &Scenarios) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let target = path.parent().unwrap_or(Path::new(".")).join(&scenarios.procedure.value);
    if !target.is_file() {
        out.push(
            Diagnostic::error(
                "procedure::check::unknown_reference",
                format!("no procedure file at `{}`", target.display()),
                scenarios.procedure.span,
                "not found",
            )
            .with_help("give the procedure's path relative to this scenario file"),
        );
    }
    let mut seen = HashSet::new();
    for case in &scenarios.cases {
        if !seen.insert(case.name.value.as_str()) {
            out.push(Diagnostic::error(
                "procedure::check::duplicate_id",
                format!("two cases are named `{}`", case.name.value),
                case.name.span,
                "named again here",
            ));
        }
    }
    out
}

fn print(path: &Path, text: &str, d: &Diagnostic, format: Format) {
    match format {
        Format::Text => {
            let report = miette::Report::new(d.clone())
                .with_source_code(NamedSource::new(path.display().to_string(), text.to_owned()));
            let theme =
                if std::env::var_os("NO_COLOR").is_some() || !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
                    miette::GraphicalTheme::unicode_nocolor()
                } else {
                    miette::GraphicalTheme::unicode()
                };
            let mut out = String::new();
            match GraphicalReportHandler::new_themed(theme).render_report(&mut out, report.as_ref()) {
                Ok(()) => eprintln!("{out}"),
                Err(_) => eprintln!("{}: {}", path.display(), d.message),
            }
        }
        Format::Json => {
            let (line, column, start, end) = match d.span() {
                Some(span) => {
                    let (line, column) = report::line_column(text, span.start as usize);
                    (Some(line), Some(column), Some(span.start), Some(span.end))
                }
                None => (None, None, None, None),
            };
            let severity = match d.level {
                Level::Error => "error",
                Level::Warning => "warning",
            };
            let json = json!({
                "file": path.display().to_string(),
                "line": line,
                "column": column,
                "span": start.map(|s| json!({"start": s, "end": end})),
                "code": d.code,
                "severity": severity,
                "message": d.message,
                "help": d.help,
            });
            println!("{json}");
        }
    }
}
