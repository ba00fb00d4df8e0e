//! `procedure check`: check files and report every diagnostic.

use std::path::Path;
use std::sync::Arc;

use miette::GraphicalReportHandler;
use procedure::{CompileOptions, Diagnostic, Elsewhere, Level};
use serde_json::json;

use crate::cli::{CheckArgs, Format};
use crate::commands::{collect, read};
use crate::exit::ExitStatus;
use crate::lines::Lines;
use crate::{out, report, sanitize};

/// Runs the command.
pub fn run(args: &CheckArgs, roots: &[std::path::PathBuf]) -> ExitStatus {
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
        let (text, diagnostics, elsewhere) = check_file(file, roots);
        let printer = Printer::new(file, text.as_deref().unwrap_or(""), args.format);
        for d in &diagnostics {
            match d.level {
                Level::Error => errors += 1,
                Level::Warning => warnings += 1,
            }
            printer.print(d);
        }
        for e in &elsewhere {
            errors += e.diagnostics.len();
            print_elsewhere(file, e, args.format);
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

/// The file's text (when it could be read as text), its diagnostics, and the errors of the
/// files it imports or calls, in their own files.
fn check_file(path: &Path, roots: &[std::path::PathBuf]) -> (Option<String>, Vec<Diagnostic>, Vec<Elsewhere>) {
    let options = CompileOptions::DEFAULT;
    let bytes = match read(path) {
        Ok(b) => b,
        Err(d) => return (None, vec![d], Vec::new()),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let checked = procedure::check_file(&name, &bytes, &options, &crate::commands::directory(path, roots));
    (checked.text.map(str::to_owned), checked.diagnostics, checked.elsewhere)
}

/// The chain of imports and calls by which `first` reached the file of `e`, as a note.
pub fn via_note(first: &str, e: &Elsewhere) -> String {
    let chain: Vec<String> = e
        .via
        .iter()
        .map(|v| {
            format!("{} at {}:{}:{}", v.how.as_str(), if v.file.is_empty() { first } else { &v.file }, v.line, v.column)
        })
        .collect();
    format!("note: in `{}`, {}", e.file, chain.join(", then "))
}

/// Prints the errors of a file that `first` imports or calls, at their places in that file,
/// each followed by the chain of imports and calls from `first`.
pub fn print_elsewhere(first: &Path, e: &Elsewhere, format: Format) {
    let printer = Printer::new(Path::new(&e.file), &e.text, format);
    let first = first.display().to_string();
    for d in &e.diagnostics {
        match format {
            Format::Text => {
                let note = sanitize::text(&via_note(&first, e)).into_owned();
                out::stderr(format_args!("{}\n  {note}\n\n", printer.render(d).trim_end()));
            }
            Format::Json => {
                let mut json = printer.json(d);
                let chain: Vec<serde_json::Value> = e
                    .via
                    .iter()
                    .map(|v| {
                        let file = if v.file.is_empty() { first.as_str() } else { v.file.as_str() };
                        json!({"file": sanitize::text(file), "line": v.line, "column": v.column, "how": v.how.as_str()})
                    })
                    .collect();
                if let Some(object) = json.as_object_mut() {
                    object.insert("via".into(), serde_json::Value::Array(chain));
                }
                out::stdout(format_args!("{json}\n"));
            }
        }
    }
}

/// Prints one diagnostic of the file at `path`.
pub fn print(path: &Path, text: &str, d: &Diagnostic, format: Format) {
    Printer::new(path, text, format).print(d);
}

/// Prints the diagnostics of one file: its lines are indexed once, however many there are.
/// What it prints is sanitised: no control character of the file or of a message reaches the
/// terminal (`sanitize` keeps byte lengths, so the spans still point at the same places).
pub struct Printer {
    name: String,
    lines: Arc<Lines>,
    format: Format,
    handler: GraphicalReportHandler,
}

impl Printer {
    /// A printer for the file at `path`, whose text is `text`.
    pub fn new(path: &Path, text: &str, format: Format) -> Self {
        Printer::after_lines(path, text, format, 0)
    }

    /// A printer for a text that is one line of the file at `path`, preceded by `before`
    /// lines: it reports places in the whole file.
    pub fn after_lines(path: &Path, text: &str, format: Format, before: usize) -> Self {
        let theme = if std::env::var_os("NO_COLOR").is_some() || !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
            miette::GraphicalTheme::unicode_nocolor()
        } else {
            miette::GraphicalTheme::unicode()
        };
        Printer {
            name: sanitize::text(&path.display().to_string()).into_owned(),
            lines: Arc::new(Lines::new(&sanitize::text(text)).after_lines(before)),
            format,
            handler: GraphicalReportHandler::new_themed(theme),
        }
    }

    /// Prints `d`: on stderr for people, as one JSON line on stdout for programs.
    pub fn print(&self, d: &Diagnostic) {
        match self.format {
            Format::Text => out::stderr(format_args!("{}\n", self.render(d))),
            Format::Json => out::stdout(format_args!("{}\n", self.json(d))),
        }
    }

    /// `d` as a report for people, with the lines it points at.
    pub fn render(&self, d: &Diagnostic) -> String {
        report::render_in(sanitize::diagnostic(d), &self.name, &self.lines, Some(&self.handler))
    }

    /// `d` as a JSON object: its file, place, code, severity, message, help and labels.
    pub fn json(&self, d: &Diagnostic) -> serde_json::Value {
        let (line, column, start, end) = match d.span() {
            Some(span) => {
                let (line, column) = self.lines.line_column(span.start as usize);
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
                let (line, column) = self.lines.line_column(span.start as usize);
                json!({"line": line, "column": column, "span": {"start": span.start, "end": span.end}, "text": sanitize::text(text)})
            })
            .collect();
        json!({
            "file": self.name,
            "line": line,
            "column": column,
            "span": start.map(|s| json!({"start": s, "end": end})),
            "code": d.code.as_str(),
            "severity": severity,
            "message": sanitize::text(&d.message),
            "help": d.help.as_deref().map(sanitize::text),
            "labels": labels,
        })
    }
}
