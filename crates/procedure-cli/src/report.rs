//! Printing diagnostics: miette's graphical report for people, its JSON report for programs.

use std::sync::Arc;

use miette::{Diagnostic, GraphicalReportHandler, JSONReportHandler, NamedSource, Report};

use crate::cli::Format;
use crate::lines::Lines;
use crate::{out, sanitize};

/// Sets up miette's graphical handler: colour on a terminal, none when piped or under
/// `NO_COLOR` (miette checks both).
pub fn install_hook() {
    // A second installation fails harmlessly; there is only ever one.
    let _ = miette::set_hook(Box::new(|_| Box::new(miette::MietteHandlerOpts::new().terminal_links(false).build())));
}

/// Lines longer than this are not quoted in reports: a 40 KB line would flood the terminal.
const MAX_SHOWN_LINE: usize = 1000;

/// The 1-based line and column (in characters) of byte `at` in `text`.
pub fn line_column(text: &str, at: usize) -> (usize, usize) {
    Lines::new(text).line_column(at)
}

/// A diagnostic rendered for people, with the lines of `source` it points at. With a
/// `handler`, rendering is fixed (tests); without, it follows the installed hook (colour on a
/// terminal). A label on an overlong line is given as a position instead of a quote.
pub fn render<D>(diagnostic: D, name: &str, source: &str, handler: Option<&GraphicalReportHandler>) -> String
where
    D: Diagnostic + Send + Sync + 'static,
{
    render_in(diagnostic, name, &Arc::new(Lines::new(source)), handler)
}

/// [`render`] for a source indexed once and shared by all the diagnostics of its file.
pub fn render_in<D>(diagnostic: D, name: &str, source: &Arc<Lines>, handler: Option<&GraphicalReportHandler>) -> String
where
    D: Diagnostic + Send + Sync + 'static,
{
    let places: Vec<usize> = std::iter::once(&diagnostic as &dyn Diagnostic)
        .chain(diagnostic.related().into_iter().flatten())
        .flat_map(|d| d.labels().into_iter().flatten().map(|l| l.offset()).collect::<Vec<_>>())
        .collect();
    let too_long = places.iter().any(|&at| source.line_length(at) > MAX_SHOWN_LINE);
    let report = if too_long {
        Report::new(diagnostic)
    } else {
        Report::new(diagnostic).with_source_code(NamedSource::new(name, Arc::clone(source)))
    };
    let mut out = match handler {
        Some(h) => {
            let mut out = String::new();
            match h.render_report(&mut out, report.as_ref()) {
                Ok(()) => out,
                Err(_) => report.to_string(),
            }
        }
        None => format!("{report:?}"),
    };
    if too_long {
        for at in places {
            let (line, column) = source.line_column(at);
            out.push_str(&format!("\n  at {name}:{line}:{column} (the line is too long to show)"));
        }
        out.push('\n');
    }
    out
}

/// Prints `diagnostic` on stderr, pointing into `source` (named `name` in the report).
pub fn emit<D>(diagnostic: D, name: &str, source: &str, format: Format)
where
    D: Diagnostic + Send + Sync + 'static,
{
    match format {
        Format::Text => {
            out::stderr(format_args!(
                "{}\n",
                render(sanitize::diagnostic(&diagnostic), name, &sanitize::text(source), None)
            ));
        }
        Format::Json => {
            // File-less spans: byte offsets into the expression, with no file name.
            let mut out = String::new();
            match JSONReportHandler::new().render_report(&mut out, &sanitize::diagnostic(&diagnostic)) {
                Ok(()) => out::stderr(format_args!("{out}\n")),
                Err(_) => out::stderr(format_args!("{{\"message\": {:?}}}\n", diagnostic.to_string())),
            }
        }
    }
}

/// Prints a usage problem that has no source to point into.
pub fn usage(message: &str, format: Format) {
    match format {
        Format::Text => out::stderr(format_args!("error: {}\n", sanitize::text(message))),
        Format::Json => {
            let json = serde_json::json!({ "message": sanitize::text(message), "code": "procedure::usage", "severity": "error" });
            out::stderr(format_args!("{json}\n"));
        }
    }
}
