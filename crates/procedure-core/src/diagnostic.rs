//! Diagnostics as data: what `procedure check` reports, in one shape whatever found it (the
//! YAML loader, the expression checker, or the procedure checks).

use std::fmt;

use miette::{LabeledSpan, Severity};
use procedure_expr::Span;

use crate::code::Code;

/// The most places a diagnostic about many items (the steps of a cycle) labels: a report
/// quoting 20,000 lines helps no one, and miette draws labels in quadratic time.
pub const MAX_LABELS: usize = 8;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// The procedure cannot be used.
    Error,
    /// The procedure works, but something is likely wrong or incomplete.
    Warning,
}

/// One problem found in a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// What it is about; its stable name (`procedure::check::unreachable_node`) is
    /// [`Code::as_str`].
    pub code: Code,
    /// Error or warning.
    pub level: Level,
    /// One line saying what is wrong.
    pub message: String,
    /// Places in the file, each with what it says; the first is the primary place.
    pub labels: Vec<(Span, String)>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error with one labelled place.
    pub fn error(code: Code, message: impl Into<String>, span: Span, label: impl Into<String>) -> Self {
        Diagnostic {
            code,
            level: Level::Error,
            message: message.into(),
            labels: vec![(span, label.into())],
            help: None,
        }
    }

    /// A warning with one labelled place.
    pub fn warning(code: Code, message: impl Into<String>, span: Span, label: impl Into<String>) -> Self {
        Diagnostic { level: Level::Warning, ..Diagnostic::error(code, message, span, label) }
    }

    /// An id that names nothing of its kind, with the closest id or, when they are few, the
    /// ids there are.
    pub fn unknown_reference(kind: &str, id: &str, span: Span, candidates: &[&str]) -> Self {
        let help = match procedure_expr::did_you_mean(id, candidates.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None if candidates.is_empty() => format!("no {kind} is declared"),
            None if candidates.len() > 12 => format!("no {kind} has an id like it"),
            None => format!("declared: {}", candidates.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")),
        };
        Diagnostic::error(
            Code::CheckUnknownReference,
            format!("unknown {kind} `{id}`"),
            span,
            format!("no {kind} has this id"),
        )
        .with_help(help)
    }

    /// [`Diagnostic::unknown_reference`] when a did-you-mean is affordable (`Some`
    /// candidates), or with a plain help when the file's budget for suggestions is spent.
    pub(crate) fn unknown_reference_within(kind: &str, id: &str, span: Span, candidates: Option<&[&str]>) -> Self {
        match candidates {
            Some(c) => Diagnostic::unknown_reference(kind, id, span, c),
            None => Diagnostic::unknown_reference(kind, id, span, &[])
                .with_help(format!("check the id: this file has too many unknown ids to look for a {kind} like each")),
        }
    }

    /// Adds advice.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a secondary place.
    pub fn with_label(mut self, span: Span, label: impl Into<String>) -> Self {
        self.labels.push((span, label.into()));
        self
    }

    /// The diagnostic of any miette diagnostic (an expression or YAML error), with its code,
    /// message, labels and help; related diagnostics become diagnostics of their own. A code
    /// that is not one of [`Code::ALL`] becomes [`Code::Other`].
    pub fn from_miette(d: &dyn miette::Diagnostic, level: Level) -> Vec<Diagnostic> {
        let related: Vec<&dyn miette::Diagnostic> = d.related().map(|r| r.collect()).unwrap_or_default();
        if !related.is_empty() {
            return related.into_iter().flat_map(|r| Diagnostic::from_miette(r, level)).collect();
        }
        vec![Diagnostic::from_miette_alone(d, level)]
    }

    /// [`Diagnostic::from_miette`] without its related diagnostics: for a diagnostic that has
    /// none, such as a run-time error.
    pub(crate) fn from_miette_alone(d: &dyn miette::Diagnostic, level: Level) -> Diagnostic {
        let labels = d
            .labels()
            .map(|ls| {
                ls.map(|l| {
                    let start = u32::try_from(l.offset()).unwrap_or(u32::MAX);
                    let end = start.saturating_add(u32::try_from(l.len()).unwrap_or(0));
                    (Span::new(start, end), l.label().unwrap_or_default().to_owned())
                })
                .collect()
            })
            .unwrap_or_default();
        Diagnostic {
            code: d.code().and_then(|c| Code::from_name(&c.to_string())).unwrap_or(Code::Other),
            level,
            message: d.to_string(),
            labels,
            help: d.help().map(|h| h.to_string()),
        }
    }

    /// The primary span, if any.
    pub fn span(&self) -> Option<Span> {
        self.labels.first().map(|(s, _)| *s)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diagnostic {}

impl miette::Diagnostic for Diagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code.as_str()))
    }

    fn severity(&self) -> Option<Severity> {
        Some(match self.level {
            Level::Error => Severity::Error,
            Level::Warning => Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            return None;
        }
        Some(Box::new(self.labels.iter().enumerate().map(|(i, (span, text))| {
            let text = (!text.is_empty()).then(|| text.clone());
            if i == 0 {
                LabeledSpan::new_primary_with_span(text, *span)
            } else {
                LabeledSpan::new_with_span(text, *span)
            }
        })))
    }
}
