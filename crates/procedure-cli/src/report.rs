//! Printing diagnostics: miette's graphical report for people, its JSON report for programs.

#![allow(clippy::print_stderr, reason = "the CLI is the one place that prints diagnostics")]

use miette::{Diagnostic, JSONReportHandler, NamedSource, Report};

use crate::cli::Format;

/// Sets up miette's graphical handler: colour on a terminal, none when piped or under
/// `NO_COLOR` (miette checks both).
pub fn install_hook() {
    // A second installation fails harmlessly; there is only ever one.
    let _ = miette::set_hook(Box::new(|_| Box::new(miette::MietteHandlerOpts::new().terminal_links(false).build())));
}

/// Inputs longer than this are not quoted in reports.
const MAX_SHOWN_SOURCE: usize = 4096;

/// The 1-based line and column (in characters) of byte `at` in `text`.
pub fn line_column(text: &str, at: usize) -> (usize, usize) {
    let before = text.get(..at).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Prints `diagnostic` on stderr, pointing into `source` (named `name` in the report).
pub fn emit<D>(diagnostic: D, name: &str, source: &str, format: Format)
where
    D: Diagnostic + Send + Sync + 'static,
{
    match format {
        Format::Text if source.len() > MAX_SHOWN_SOURCE => {
            // A snippet of a huge one-line input would flood the terminal: say where instead.
            let places: Vec<usize> = std::iter::once(&diagnostic as &dyn Diagnostic)
                .chain(diagnostic.related().into_iter().flatten())
                .filter_map(|d| d.labels().and_then(|mut l| l.next()).map(|l| l.offset()))
                .collect();
            let report = Report::new(diagnostic);
            eprintln!("{report:?}");
            for at in places {
                let (line, column) = line_column(source, at);
                eprintln!("  at {name}:{line}:{column} (byte {at}; the input is too long to show)");
            }
        }
        Format::Text => {
            let report = Report::new(diagnostic).with_source_code(NamedSource::new(name, source.to_owned()));
            eprintln!("{report:?}");
        }
        Format::Json => {
            // File-less spans: byte offsets into the expression, with no file name.
            let mut out = String::new();
            match JSONReportHandler::new().render_report(&mut out, &diagnostic) {
                Ok(()) => eprintln!("{out}"),
                Err(_) => eprintln!("{{\"message\": {:?}}}", diagnostic.to_string()),
            }
        }
    }
}

/// Prints a usage problem that has no source to point into.
pub fn usage(message: &str, format: Format) {
    match format {
        Format::Text => eprintln!("error: {message}"),
        Format::Json => {
            let json = serde_json::json!({ "message": message, "code": "procedure::usage", "severity": "error" });
            eprintln!("{json}");
        }
    }
}
