//! `procedure check`: check files and report every diagnostic.

#![allow(clippy::print_stdout, clippy::print_stderr, reason = "reporting is this command's job")]

use std::path::Path;
use std::sync::Arc;

use miette::GraphicalReportHandler;
use procedure::{CompileOptions, Diagnostic, Directory, Level, check_bytes, too_large};
use serde_json::json;

use crate::cli::{CheckArgs, Format};
use crate::commands::collect;
use crate::exit::ExitStatus;
use crate::lines::Lines;
use crate::report;

/// Runs the command.
pub fn run(args: &CheckArgs) -> ExitStatus {
    let mut files = Vec::new();
    for path in &args.paths {
        if let Err(message) = collect(path, &|name| name.ends_with(".yaml") || name.ends_with(".yml"), &mut files) {
            report::usage(&message, args.format);
            return ExitStatus::Usage;
        }
    }
    let (mut errors, mut warnings) = (0usize, 0usize);
    for file in &files {
        let (text, diagnostics) = check_file(file);
        let printer = Printer::new(file, text.as_deref().unwrap_or(""), args.format);
        for d in &diagnostics {
            match d.level {
                Level::Error => errors += 1,
                Level::Warning => warnings += 1,
            }
            printer.print(d);
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

/// The file's text (when it could be read as text) and its diagnostics.
fn check_file(path: &Path) -> (Option<String>, Vec<Diagnostic>) {
    let options = CompileOptions::DEFAULT;
    let bytes = match read(path, &options) {
        Ok(b) => b,
        Err(d) => return (None, vec![d]),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let (text, diagnostics) = check_bytes(&name, &bytes, &options, &Directory::beside(path));
    (text.map(str::to_owned), diagnostics)
}

/// The bytes of a file, refusing one over the size budget before reading it.
pub fn read(path: &Path, options: &CompileOptions) -> Result<Vec<u8>, Diagnostic> {
    let unreadable = |e: std::io::Error| Diagnostic {
        code: "procedure::check::unreadable".into(),
        level: Level::Error,
        message: format!("cannot read `{}`: {e}", path.display()),
        labels: Vec::new(),
        help: None,
    };
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if meta.len() > options.load.max_bytes as u64 {
        return Err(too_large(meta.len(), options));
    }
    std::fs::read(path).map_err(unreadable)
}

/// Prints one diagnostic of the file at `path`.
pub fn print(path: &Path, text: &str, d: &Diagnostic, format: Format) {
    Printer::new(path, text, format).print(d);
}

/// Prints the diagnostics of one file: its lines are indexed once, however many there are.
pub struct Printer {
    name: String,
    lines: Arc<Lines>,
    format: Format,
    handler: GraphicalReportHandler,
}

impl Printer {
    /// A printer for the file at `path`, whose text is `text`.
    pub fn new(path: &Path, text: &str, format: Format) -> Self {
        let theme = if std::env::var_os("NO_COLOR").is_some() || !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
            miette::GraphicalTheme::unicode_nocolor()
        } else {
            miette::GraphicalTheme::unicode()
        };
        Printer {
            name: path.display().to_string(),
            lines: Arc::new(Lines::new(text)),
            format,
            handler: GraphicalReportHandler::new_themed(theme),
        }
    }

    /// Prints `d`: on stderr for people, as one JSON line on stdout for programs.
    pub fn print(&self, d: &Diagnostic) {
        match self.format {
            Format::Text => {
                eprintln!("{}", report::render_in(d.clone(), &self.name, &self.lines, Some(&self.handler)));
            }
            Format::Json => println!("{}", self.json(d)),
        }
    }

    fn json(&self, d: &Diagnostic) -> serde_json::Value {
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
                json!({"line": line, "column": column, "span": {"start": span.start, "end": span.end}, "text": text})
            })
            .collect();
        json!({
            "file": self.name,
            "line": line,
            "column": column,
            "span": start.map(|s| json!({"start": s, "end": end})),
            "code": d.code,
            "severity": severity,
            "message": d.message,
            "help": d.help,
            "labels": labels,
        })
    }
}
