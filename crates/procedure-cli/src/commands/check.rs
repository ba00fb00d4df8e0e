//! `procedure check`: check files and report every diagnostic.

use std::path::Path;

use miette::GraphicalReportHandler;
use procedure::{CompileOptions, Diagnostic, Directory, Level, check_bytes};
use serde_json::json;

use crate::cli::{CheckArgs, Format};
use crate::commands::{collect, read};
use crate::exit::ExitStatus;
use crate::{out, report, sanitize};

/// Runs the command.
pub fn run(args: &CheckArgs) -> ExitStatus {
    let files = match collect(&args.paths, &|name| name.ends_with(".yaml") || name.ends_with(".yml"), args.format) {
        Ok(f) => f,
        Err(message) => {
            report::usage(&message, args.format);
            return ExitStatus::Usage;
        }
    };
    let (mut errors, mut warnings) = (0usize, 0usize);
    for file in &files {
        if out::stopped() {
            break;
        }
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
        out::stderr(format_args!(
            "checked {} file{}: {errors} error{}, {warnings} warning{}\n",
            files.len(),
            plural(files.len()),
            plural(errors),
            plural(warnings)
        ));
    }
    if errors > 0 || (args.deny_warnings && warnings > 0) { ExitStatus::Failure } else { ExitStatus::Success }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The file's text (when it could be read as text) and its diagnostics.
fn check_file(path: &Path) -> (Option<String>, Vec<Diagnostic>) {
    let options = CompileOptions::DEFAULT;
    let bytes = match read(path) {
        Ok(b) => b,
        Err(d) => return (None, vec![d]),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let (text, diagnostics) = check_bytes(&name, &bytes, &options, &Directory::beside(path));
    (text.map(str::to_owned), diagnostics)
}

/// Prints one diagnostic of the file at `path`.
pub fn print(path: &Path, text: &str, d: &Diagnostic, format: Format) {
    match format {
        Format::Text => {
            let theme =
                if std::env::var_os("NO_COLOR").is_some() || !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
                    miette::GraphicalTheme::unicode_nocolor()
                } else {
                    miette::GraphicalTheme::unicode()
                };
            let handler = GraphicalReportHandler::new_themed(theme);
            let name = path.display().to_string();
            let shown = sanitize::diagnostic(d);
            out::stderr(format_args!(
                "{}\n",
                report::render(shown, &sanitize::text(&name), &sanitize::text(text), Some(&handler))
            ));
        }
        Format::Json => {
            let text_of = |_: &str| text;
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
            let labels: Vec<serde_json::Value> = d
                .labels
                .iter()
                .map(|(span, text)| {
                    let (line, column) = report::line_column(text_of(text), span.start as usize);
                    json!({"line": line, "column": column, "span": {"start": span.start, "end": span.end}, "text": sanitize::text(text)})
                })
                .collect();
            let json = json!({
                "file": sanitize::text(&path.display().to_string()),
                "line": line,
                "column": column,
                "span": start.map(|s| json!({"start": s, "end": end})),
                "code": d.code,
                "severity": severity,
                "message": sanitize::text(&d.message),
                "help": d.help.as_deref().map(sanitize::text),
                "labels": labels,
            });
            out::stdout(format_args!("{json}\n"));
        }
    }
}
