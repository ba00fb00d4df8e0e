//! Diagnostics of another file than the one compiled: an imported catalogue or a called
//! procedure that does not compile. The import or the call is an error in its own file, and
//! the errors found in the other file are kept with that file's name and text, and with the
//! chain of imports and calls that led there, so that they are shown at their own places.

use crate::diagnostic::Diagnostic;

/// The errors of a file reached through imports or calls, in that file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Elsewhere {
    /// The file, as the reader knows it (its path from the first file's directory, or from
    /// the library root it was found in).
    pub file: String,
    /// Its text: the diagnostics' spans are byte offsets in it.
    pub text: String,
    /// How the first file reached it, from the first file on: each import or call on the way.
    pub via: Vec<Via>,
    /// Its errors, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

/// One import or call on the way to a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Via {
    /// The file that imports or calls; empty for the first file.
    pub file: String,
    /// The 1-based line of the import or the call in that file.
    pub line: usize,
    /// The 1-based column, in characters.
    pub column: usize,
    /// An import or a call.
    pub how: How,
}

/// How a file is reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum How {
    /// `imports:`.
    Import,
    /// A step's `call:`.
    Call,
}

impl How {
    /// The verb, as a reader is told the chain: `imported`, `called`.
    pub fn as_str(self) -> &'static str {
        match self {
            How::Import => "imported",
            How::Call => "called",
        }
    }
}

impl Via {
    /// The import or call at byte `at` of `text`, the file `file`.
    pub(crate) fn at(file: String, text: &str, at: usize, how: How) -> Via {
        let before = text.get(..at).unwrap_or(text);
        let line = before.matches('\n').count().saturating_add(1);
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()).saturating_add(1);
        Via { file, line, column, how }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_lines_and_columns_in_characters() {
        let via = Via::at(String::new(), "a: 1\nb: é x\n", 10, How::Call);
        assert_eq!((via.line, via.column), (2, 5));
    }
}
