//! Placeholders in texts: `{name}` shows the value of an input or a derived value, `{{` and `}}`
//! a brace. The compiler checks them, the report fills them in.

use std::ops::Range;

/// One part of a text: words to show as they are, or a value to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part<'t> {
    /// Literal words (a brace stands for itself here, escapes decoded).
    Words(&'t str),
    /// `{name}`: the name, and where it is in the text.
    Value(&'t str, Range<usize>),
}

/// Why a text's braces do not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BraceError {
    /// What is wrong.
    pub message: String,
    /// Where, in the text.
    pub at: Range<usize>,
}

/// The parts of `text`, in order.
///
/// ```
/// use procedure_core::placeholders::{parts, Part};
///
/// let p = parts("valid until {valid_until} {{sic}}").unwrap();
/// assert_eq!(p[1], Part::Value("valid_until", 12..25));
/// assert_eq!(p.iter().filter(|p| matches!(p, Part::Words(_))).count(), 3);
/// assert!(parts("a { b").is_err());
/// ```
///
/// # Errors
///
/// A brace that opens no placeholder and is not doubled, or a placeholder that is not a name.
pub fn parts(text: &str) -> Result<Vec<Part<'_>>, BraceError> {
    let mut out = Vec::new();
    let mut rest = 0;
    let mut i = 0;
    let bytes = text.as_bytes();
    while let Some(&b) = bytes.get(i) {
        match b {
            b'{' | b'}' if bytes.get(i + 1) == Some(&b) => {
                // A doubled brace is one brace: the words up to and including the first.
                out.extend(text.get(rest..=i).map(Part::Words));
                i += 2;
                rest = i;
            }
            b'{' => {
                let close = text.get(i..).and_then(|t| t.find('}')).map(|c| i + c);
                let Some(close) = close else {
                    return Err(BraceError {
                        message: "`{` opens no placeholder: write `{{` for a brace".to_owned(),
                        at: i..i + 1,
                    });
                };
                let name = text.get(i + 1..close).unwrap_or_default();
                if !procedure_expr::is_identifier(name) {
                    return Err(BraceError {
                        message: format!(
                            "`{{{name}}}` is no placeholder: name an input or a derived value, or write `{{{{` for a brace"
                        ),
                        at: i..close + 1,
                    });
                }
                out.extend(text.get(rest..i).filter(|w| !w.is_empty()).map(Part::Words));
                out.push(Part::Value(name, i..close + 1));
                i = close + 1;
                rest = i;
            }
            b'}' => {
                return Err(BraceError {
                    message: "`}` closes no placeholder: write `}}` for a brace".to_owned(),
                    at: i..i + 1,
                });
            }
            _ => i += 1,
        }
    }
    out.extend(text.get(rest..).filter(|w| !w.is_empty()).map(Part::Words));
    Ok(out)
}

/// Whether `text` holds a brace, so that it must be read by [`parts`].
pub fn has_braces(text: &str) -> bool {
    text.contains(['{', '}'])
}

/// The names of the placeholders of `text`, sorted and without repeats; empty when its braces
/// do not read.
pub fn names(text: &str) -> Vec<&str> {
    let mut names: Vec<&str> = parts(text)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| match p {
            Part::Value(name, _) => Some(name),
            Part::Words(_) => None,
        })
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// `text` with each placeholder and doubled brace blanked out, byte for byte, for the checks
/// that read a text's words.
pub fn blanked(text: &str) -> String {
    let mut out = text.to_owned();
    if let Ok(parts) = parts(text) {
        for part in parts {
            if let Part::Value(_, at) = part {
                out.replace_range(at.clone(), &" ".repeat(at.len()));
            }
        }
    }
    out
}
