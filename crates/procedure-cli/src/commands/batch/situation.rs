//! One line of `batch`: its facts evaluated, as the line of output and the report on stderr.

use std::path::Path;

use procedure::{Diagnostic, Level, Procedure, render};
use serde_json::json;

use super::input::{Line, Text};
use crate::cli::Format;
use crate::commands::check::Printer;
use crate::commands::eval::{Dates, Refused, answer, parse_facts};
use crate::commands::not_utf8;

/// What every line is evaluated with; shared by the threads.
pub struct Batch<'a> {
    /// The procedure.
    pub procedure: &'a Procedure,
    /// Prints the procedure's diagnostics (errors of evaluation point into it).
    pub printer: &'a Printer,
    /// The input, as its lines' diagnostics name it.
    pub input: &'a Path,
    /// The language of the results.
    pub language: &'a str,
    /// The dates of every evaluation.
    pub dates: Dates,
    /// The longest line accepted, in bytes.
    pub limit: usize,
}

/// The outcome of one line.
pub struct Done {
    /// The line of output, without its line break.
    pub output: String,
    /// For a line that could not be evaluated, its report for people.
    pub report: Option<String>,
}

impl Batch<'_> {
    /// Evaluates one line.
    pub fn line(&self, line: &Line) -> Done {
        let bytes = match &line.text {
            Text::Kept(b) => b,
            Text::TooLong(size) => return self.refused(line.number, "", &[self.too_long(*size)], None),
        };
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => return self.refused(line.number, "", &[not_utf8("the line", &e)], None),
        };
        // Most lines are flat JSON that binds: read fast, without the places in the line that
        // only a refusal needs. A line that does not bind is read again by the loader, whose
        // facts carry their places, so that its report is the same either way.
        if let Some(facts) = super::flat_json::facts(text)
            && let Ok(evaluation) = answer(self.procedure, &facts, self.dates)
        {
            return Done { output: render::json_text(&evaluation, self.language), report: None };
        }
        let facts = match parse_facts(text) {
            Ok(f) => f,
            Err(errors) => return self.refused(line.number, text, &errors, None),
        };
        match answer(self.procedure, &facts, self.dates) {
            Ok(evaluation) => Done { output: render::json_text(&evaluation, self.language), report: None },
            Err(Refused::Facts(errors)) => self.refused(line.number, text, &errors, None),
            Err(Refused::Evaluation(errors)) => self.refused(line.number, text, &errors, Some(self.printer)),
        }
    }

    /// The output and report of a line that could not be evaluated: its errors' places are
    /// in the line (`text`), or in the procedure when `printer` is the procedure's.
    fn refused(&self, number: usize, text: &str, errors: &[Diagnostic], printer: Option<&Printer>) -> Done {
        let own;
        let printer = match printer {
            Some(p) => p,
            None => {
                own = Printer::after_lines(self.input, text, Format::Text, number.saturating_sub(1));
                &own
            }
        };
        let output = json!({"line": number, "errors": errors.iter().map(|d| printer.json(d)).collect::<Vec<_>>()});
        let mut report = format!(
            "error: line {number} of `{}` could not be evaluated\n",
            crate::sanitize::text(&self.input.display().to_string())
        );
        for d in errors {
            report.push_str(&printer.render(d));
            report.push('\n');
        }
        Done { output: output.to_string(), report: Some(report) }
    }

    fn too_long(&self, size: u64) -> Diagnostic {
        Diagnostic {
            code: procedure::Code::SyntaxTooLarge,
            level: Level::Error,
            message: format!("the line is too large: {size} bytes, more than the limit of {}", self.limit),
            labels: Vec::new(),
            help: Some("a line holds the facts of one situation, as a facts file does, under the same limit".into()),
        }
    }
}
