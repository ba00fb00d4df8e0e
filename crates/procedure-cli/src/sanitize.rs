//! Nothing the command prints to a terminal carries a raw control character or bidirectional
//! override from a file: an escape sequence in a title could retitle the terminal, hide a
//! link or reorder what a reviewer reads. `procedure check` refuses such characters in texts;
//! this is the guard for the texts it quotes while saying so, and for every other print.

use std::borrow::Cow;
use std::fmt;

use miette::{Diagnostic, LabeledSpan, Severity};

/// `text` with each character that [`procedure::hidden_character`] names (but carriage
/// returns, which end lines in CRLF files) replaced by as many `?` as it has bytes, so that
/// every byte offset into the text still points at the same place.
pub fn text(text: &str) -> Cow<'_, str> {
    let hidden = |c: char| c != '\r' && procedure::hidden_character(c).is_some();
    if !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if hidden(c) {
            out.extend(std::iter::repeat_n('?', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A copy of `diagnostic` whose message, help and labels, and those of its related
/// diagnostics, went through [`text`]; it renders as the original does otherwise.
pub fn diagnostic(diagnostic: &dyn Diagnostic) -> Clean {
    let labels = diagnostic.labels().into_iter().flatten().map(|l| {
        let label = l.label().map(|t| text(t).into_owned());
        if l.primary() {
            LabeledSpan::new_primary_with_span(label, *l.inner())
        } else {
            LabeledSpan::new_with_span(label, *l.inner())
        }
    });
    Clean {
        message: text(&diagnostic.to_string()).into_owned(),
        code: diagnostic.code().map(|c| text(&c.to_string()).into_owned()),
        severity: diagnostic.severity(),
        help: diagnostic.help().map(|h| text(&h.to_string()).into_owned()),
        url: diagnostic.url().map(|u| text(&u.to_string()).into_owned()),
        labels: labels.collect(),
        related: diagnostic.related().into_iter().flatten().map(self::diagnostic).collect(),
    }
}

/// A diagnostic made safe to print, see [`diagnostic`].
#[derive(Clone, Debug)]
pub struct Clean {
    message: String,
    code: Option<String>,
    severity: Option<Severity>,
    help: Option<String>,
    url: Option<String>,
    labels: Vec<LabeledSpan>,
    related: Vec<Clean>,
}

impl fmt::Display for Clean {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Clean {}

impl Diagnostic for Clean {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.code.as_ref().map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<Severity> {
        self.severity
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn url<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.url.as_ref().map(|u| Box::new(u) as Box<dyn fmt::Display>)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() { None } else { Some(Box::new(self.labels.iter().cloned())) }
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.related.is_empty() { None } else { Some(Box::new(self.related.iter().map(|r| r as &dyn Diagnostic))) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_characters_become_as_many_question_marks_as_they_have_bytes() {
        let raw = "a\u{1b}]8;;x\u{7}b\u{202e}c\r\n\td";
        let clean = text(raw);
        assert_eq!(clean, "a?]8;;x?b???c\r\n\td");
        assert_eq!(clean.len(), raw.len());
        assert!(matches!(text("plain\ntext"), Cow::Borrowed(_)));
    }
}
