//! A file's text indexed by line, so that reporting N diagnostics of a file of S bytes costs
//! O(S) once plus the lines each report shows, rather than a scan of the file per label.

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// Bytes between two checkpoints of the character count: a column costs at most this many
/// bytes counted, however long its line.
const CHECKPOINT: usize = 1024;

/// Context lines beyond those miette asks for, so that its scan of a window stops where a scan
/// of the whole file would.
const SLACK_LINES: usize = 2;

/// A text with the offsets of its lines.
#[derive(Debug)]
pub struct Lines {
    text: String,
    /// Where each line starts. A line ends at `\n`, `\r\n` or a lone `\r`, as miette and YAML
    /// count lines.
    starts: Vec<usize>,
    /// The number of characters before each multiple of [`CHECKPOINT`].
    chars: Vec<usize>,
    /// The lines before the text's first in the file it comes from: a line of a JSON Lines
    /// file is reported at its place in the file, not as line 1.
    before: usize,
}

/// Whether `b` starts a character in UTF-8 (is not a continuation byte).
fn starts_char(b: u8) -> bool {
    b & 0xC0 != 0x80
}

impl Lines {
    /// Indexes `text`.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut chars = Vec::with_capacity(bytes.len() / CHECKPOINT + 1);
        let mut count = 0usize;
        for (i, &b) in bytes.iter().enumerate() {
            if i % CHECKPOINT == 0 {
                chars.push(count);
            }
            if starts_char(b) {
                count += 1;
            }
            if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                starts.push(i + 1);
            }
        }
        Lines { text: text.to_owned(), starts, chars, before: 0 }
    }

    /// The same text, reported as if `before` lines preceded it.
    pub fn after_lines(self, before: usize) -> Self {
        Lines { before, ..self }
    }

    /// The text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The 0-based line that holds byte `at`.
    fn line_of(&self, at: usize) -> usize {
        self.starts.partition_point(|&s| s <= at).saturating_sub(1)
    }

    /// Where line `line` (0-based) starts; the end of the text past the last line.
    fn start_of(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.text.len())
    }

    /// The number of characters before byte `at`.
    fn chars_before(&self, at: usize) -> usize {
        let at = at.min(self.text.len());
        let checkpoint = at / CHECKPOINT;
        let counted = self.chars.get(checkpoint).copied().unwrap_or(0);
        let rest = self.text.as_bytes().get(checkpoint * CHECKPOINT..at).unwrap_or_default();
        counted + rest.iter().filter(|&&b| starts_char(b)).count()
    }

    /// The 1-based line and column (in characters) of byte `at`.
    pub fn line_column(&self, at: usize) -> (usize, usize) {
        let line = self.line_of(at);
        let column = self.chars_before(at).saturating_sub(self.chars_before(self.start_of(line)));
        (self.before + line + 1, column + 1)
    }

    /// The length in bytes of the line that holds byte `at`, without its line break.
    pub fn line_length(&self, at: usize) -> usize {
        let line = self.line_of(at);
        let end = self.start_of(line + 1);
        let content = self.text.as_bytes().get(self.start_of(line)..end).unwrap_or_default();
        let ending = content.iter().rev().take_while(|&&b| b == b'\n' || b == b'\r').count();
        content.len().saturating_sub(ending)
    }
}

impl SourceCode for Lines {
    /// Gives miette only the lines around the span, and moves what it finds back to the
    /// whole file: miette's own scan starts at the first byte, once per label.
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        // One line more than asked before the span too: miette's scan treats an empty span at
        // the very start of its input differently from one at the start of a later line.
        let first = self.line_of(span.offset()).saturating_sub(context_lines_before + 1);
        let last = self.line_of(span.offset().saturating_add(span.len())) + context_lines_after + SLACK_LINES;
        let from = self.start_of(first);
        let window = self.text.as_bytes().get(from..self.start_of(last + 1)).ok_or(MietteError::OutOfBounds)?;
        let shifted = SourceSpan::new(span.offset().saturating_sub(from).into(), span.len());
        let inner = window.read_span(&shifted, context_lines_before, context_lines_after)?;
        let found = SourceSpan::new((inner.span().offset() + from).into(), inner.span().len());
        let start_line = inner.line() + first;
        let end_line = self.line_of((found.offset() + found.len()).saturating_sub(1).max(found.offset()));
        // The number of lines shown, where miette's own scan gives the line count of the whole
        // text up to the context's end: miette joins two labels into one snippet when the
        // first's line plus this count reaches the second's line, so with its count every line
        // between two labels far apart was printed; with this one, only contexts that touch
        // are joined.
        let shown = end_line.saturating_sub(start_line) + 1;
        Ok(Box::new(MietteSpanContents::new(inner.data(), found, start_line + self.before, inner.column(), shown)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What miette's scan of the whole text finds, as comparable parts (not the line count,
    /// which `read_span` gives as the number of lines shown).
    fn parts(contents: &dyn SpanContents<'_>) -> (Vec<u8>, usize, usize, usize, usize) {
        let span = contents.span();
        (contents.data().to_vec(), span.offset(), span.len(), contents.line(), contents.column())
    }

    #[test]
    fn the_line_count_is_the_lines_shown() {
        let lines = Lines::new("a\nb\nc\nd\ne\nf\n");
        let contents = lines.read_span(&SourceSpan::new(4.into(), 1), 1, 1).unwrap();
        assert_eq!((contents.line(), contents.line_count()), (1, 3));
    }

    #[test]
    fn windows_read_as_the_whole_text_does() {
        let text = "a: 1\r\nbé: 2\rc: [x,\n  y]\n\nlast: z";
        let lines = Lines::new(text);
        for offset in 0..=text.len() {
            for len in 0..4 {
                for (before, after) in [(0, 0), (1, 1), (2, 3)] {
                    let span = SourceSpan::new(offset.into(), len);
                    let whole = text.read_span(&span, before, after).map(|c| parts(&*c));
                    let window = lines.read_span(&span, before, after).map(|c| parts(&*c));
                    assert_eq!(whole.ok(), window.ok(), "offset {offset}, len {len}, context {before}/{after}");
                }
            }
        }
    }

    #[test]
    fn line_column_counts_characters() {
        let lines = Lines::new("ab\nçd é\r\nx");
        assert_eq!(lines.line_column(0), (1, 1));
        assert_eq!(lines.line_column(3), (2, 1));
        assert_eq!(lines.line_column(6), (2, 3));
        assert_eq!(lines.line_column(11), (3, 1));
        assert_eq!(lines.line_length(4), 6);
    }

    #[test]
    fn a_text_after_other_lines_reports_its_place_in_the_file() {
        let lines = Lines::new("{\"a\": 1}").after_lines(6);
        assert_eq!(lines.line_column(7), (7, 8));
        let contents = lines.read_span(&SourceSpan::new(7.into(), 1), 0, 0).unwrap();
        assert_eq!(contents.line(), 6, "miette counts lines from 0");
    }

    #[test]
    fn columns_past_a_checkpoint() {
        let text = format!("{}\n{}x", "é".repeat(CHECKPOINT), "ü".repeat(CHECKPOINT));
        let lines = Lines::new(&text);
        let x = text.len() - 1;
        assert_eq!(lines.line_column(x), (2, CHECKPOINT + 1));
    }
}
