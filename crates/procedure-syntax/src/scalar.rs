//! Where the text of a scalar's value lies in its file, byte by byte.
//!
//! serde-saphyr hands over a scalar's decoded value and the span of its node, not the scalar's
//! style, so a value that YAML changed (an escape such as `\"` or `''`, lines folded into one,
//! a block scalar's indentation) cannot be placed by offset arithmetic alone. This module reads
//! the node's text again with YAML's own rules for each style and keeps, for every run of
//! decoded bytes, the file bytes it came from; the result counts only if it decodes to exactly
//! the value serde-saphyr gave. See `docs/decisions/0004-spans-in-yaml-scalars.md`.

use procedure_expr::Span;

use crate::sp::Sp;

/// A run of decoded bytes and the file bytes it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Piece {
    /// The offset of its first byte in the value.
    decoded: u32,
    /// Where it is in the file.
    source: Span,
    /// Whether the value's bytes are the file's, one for one; otherwise the run stands for the
    /// whole of `source` (an escape, a folded line break).
    verbatim: bool,
}

/// Maps byte offsets in a scalar's value to byte offsets in its file.
///
/// ```
/// use procedure_syntax::{load, LoadOptions, ScalarMap, Sp};
/// use std::collections::BTreeMap;
///
/// let text = "when: \"cause == \\\"stolen\\\"\"\n";
/// let file: BTreeMap<String, Sp<String>> = load(text, &LoadOptions::DEFAULT).unwrap();
/// let map = ScalarMap::locate(text, &file["when"]).unwrap();
/// assert_eq!(map.start(0), 7); // `cause` starts after the opening quote
/// assert_eq!(map.start(9), 16); // the decoded `"` is the escape `\"` in the file
/// assert_eq!(map.end(17), 26); // and the closing one ends after its backslash pair
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScalarMap {
    pieces: Vec<Piece>,
    len: u32,
}

impl ScalarMap {
    /// The map of `scalar`'s value in `source`, the file it was loaded from; `None` when the
    /// node's text does not decode to the value (an alias, a tag, a style this module does not
    /// read), in which case only the node's whole span is known.
    pub fn locate(source: &str, scalar: &Sp<String>) -> Option<ScalarMap> {
        ScalarMap::locate_value(source, scalar.span, &scalar.value)
    }

    /// [`ScalarMap::locate`] for a value and a span held apart (a table's cell).
    pub fn locate_value(source: &str, span: Span, value: &str) -> Option<ScalarMap> {
        let raw = source.as_bytes().get(span.range())?;
        // The first byte tells a quoted scalar; a plain scalar and a block scalar (whose span
        // starts at its content) are told apart by which reading gives the value.
        let attempts: &[Reading] = match raw.first() {
            Some(b'"') => &[double_quoted],
            Some(b'\'') => &[single_quoted],
            _ => &[plain, literal, folded],
        };
        let indent = vec![b' '; indentation(source, span.start)];
        let value = value.as_bytes();
        attempts.iter().find_map(|attempt| attempt(raw, span.start, &indent)?.matching(value))
    }

    /// The file offset of the value's byte at `decoded` (for a span's start).
    pub fn start(&self, decoded: u32) -> u32 {
        let i = self.pieces.partition_point(|p| p.decoded <= decoded).saturating_sub(1);
        match self.pieces.get(i) {
            Some(p) if p.verbatim => p.source.start.saturating_add(decoded.saturating_sub(p.decoded)),
            Some(p) => p.source.start,
            None => 0,
        }
    }

    /// The file offset just past the value's byte before `decoded` (for a span's end).
    pub fn end(&self, decoded: u32) -> u32 {
        let Some(last) = decoded.checked_sub(1) else {
            return self.start(0);
        };
        let i = self.pieces.partition_point(|p| p.decoded <= last).saturating_sub(1);
        match self.pieces.get(i) {
            Some(p) if p.verbatim => p.source.start.saturating_add(decoded.saturating_sub(p.decoded)),
            Some(p) => p.source.end,
            None => 0,
        }
    }

    /// A span of the value (offsets from `skip` bytes into it) as a span of the file.
    pub fn span(&self, span: Span, skip: u32) -> Span {
        let start = self.start(span.start.saturating_add(skip).min(self.len));
        let end = self.end(span.end.saturating_add(skip).min(self.len));
        Span::new(start, end.max(start))
    }
}

/// The value as decoded so far, with its pieces.
#[derive(Default)]
struct Decoded {
    bytes: Vec<u8>,
    pieces: Vec<Piece>,
}

impl Decoded {
    fn push(&mut self, bytes: &[u8], source: Span, verbatim: bool) {
        if bytes.is_empty() {
            return;
        }
        let decoded = u32::try_from(self.bytes.len()).unwrap_or(u32::MAX);
        match self.pieces.last_mut() {
            // Adjacent verbatim runs are one run.
            Some(last) if verbatim && last.verbatim && last.source.end == source.start => last.source.end = source.end,
            _ => self.pieces.push(Piece { decoded, source, verbatim }),
        }
        self.bytes.extend_from_slice(bytes);
    }

    /// The map, if these bytes are `value` (a block scalar's chomping may drop final line
    /// breaks, which are then cut here).
    fn matching(mut self, value: &[u8]) -> Option<ScalarMap> {
        let rest = self.bytes.get(value.len()..)?;
        if self.bytes.get(..value.len()) != Some(value) || !rest.iter().all(|b| *b == b'\n') {
            return None;
        }
        let len = u32::try_from(value.len()).ok()?;
        self.pieces.retain(|p| p.decoded < len || len == 0);
        Some(ScalarMap { pieces: self.pieces, len })
    }
}

/// How many spaces precede `offset` on its line (a block scalar's indentation).
fn indentation(source: &str, offset: u32) -> usize {
    let before = source.as_bytes().get(..offset as usize).unwrap_or_default();
    before.iter().rev().take_while(|b| **b == b' ').count()
}

/// One way of reading a node's text: (its bytes, its file offset, a block's indentation).
type Reading = fn(&[u8], u32, &[u8]) -> Option<Decoded>;

fn at(base: u32, i: usize) -> u32 {
    base.saturating_add(u32::try_from(i).unwrap_or(u32::MAX))
}

fn is_space(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

fn is_break(b: u8) -> bool {
    b == b'\n' || b == b'\r'
}

/// A line break inside a flow scalar (plain or quoted) and the empty lines after it: one space,
/// or one `\n` per empty line. Returns the index of the next line's first non-blank byte.
fn fold(raw: &[u8], base: u32, from: usize, out: &mut Decoded) -> usize {
    let mut i = from;
    let mut breaks = 0usize;
    loop {
        while raw.get(i).is_some_and(|b| is_space(*b)) {
            i += 1;
        }
        match raw.get(i) {
            Some(b'\r') if raw.get(i + 1) == Some(&b'\n') => i += 2,
            Some(b'\n' | b'\r') => i += 1,
            _ => break,
        }
        breaks += 1;
    }
    let replacement: Vec<u8> = if breaks <= 1 { vec![b' '] } else { vec![b'\n'; breaks - 1] };
    out.push(&replacement, Span::new(at(base, from), at(base, i)), false);
    i
}

/// Spaces that end a line are not part of a flow scalar's value.
fn trailing_space(raw: &[u8], i: usize) -> bool {
    let mut j = i;
    while raw.get(j).is_some_and(|b| is_space(*b)) {
        j += 1;
    }
    raw.get(j).is_some_and(|b| is_break(*b))
}

/// A plain scalar: the text itself, lines folded.
fn plain(raw: &[u8], base: u32, _: &[u8]) -> Option<Decoded> {
    flow(raw, base, 0, raw.len(), |_, _, _| None)
}

/// A flow scalar's body from `start` to `end`: verbatim bytes, folded line breaks, and what
/// `special` makes of a byte it claims (an escape), as (decoded bytes, bytes read).
fn flow(
    raw: &[u8],
    base: u32,
    start: usize,
    end: usize,
    special: impl Fn(&[u8], usize, u32) -> Option<Option<(Vec<u8>, usize)>>,
) -> Option<Decoded> {
    let mut out = Decoded::default();
    let mut i = start;
    let mut run = start;
    while i < end {
        let b = *raw.get(i)?;
        if is_space(b) && trailing_space(raw, i) || is_break(b) {
            out.push(raw.get(run..i)?, Span::new(at(base, run), at(base, i)), true);
            i = fold(raw, base, i, &mut out);
            run = i;
            continue;
        }
        if let Some(claimed) = special(raw, i, base) {
            let (bytes, read) = claimed?;
            out.push(raw.get(run..i)?, Span::new(at(base, run), at(base, i)), true);
            out.push(&bytes, Span::new(at(base, i), at(base, i + read)), false);
            i += read;
            run = i;
            continue;
        }
        i += 1;
    }
    out.push(raw.get(run..end.min(raw.len()))?, Span::new(at(base, run), at(base, end)), true);
    Some(out)
}

/// A single-quoted scalar: `''` is one quote.
fn single_quoted(raw: &[u8], base: u32, _: &[u8]) -> Option<Decoded> {
    let end = raw.len().checked_sub(1).filter(|e| *e >= 1 && raw.get(*e) == Some(&b'\''))?;
    flow(raw, base, 1, end, |raw, i, _| (raw.get(i) == Some(&b'\'')).then(|| Some((vec![b'\''], 2))))
}

/// A double-quoted scalar: backslash escapes, including an escaped line break.
fn double_quoted(raw: &[u8], base: u32, _: &[u8]) -> Option<Decoded> {
    let end = raw.len().checked_sub(1).filter(|e| *e >= 1 && raw.get(*e) == Some(&b'"'))?;
    flow(raw, base, 1, end, |raw, i, _| (raw.get(i) == Some(&b'\\')).then(|| escape(raw, i)))
}

/// The escape at `i` (a backslash): its decoded bytes and its length in the file.
fn escape(raw: &[u8], i: usize) -> Option<(Vec<u8>, usize)> {
    let simple = |c: char| Some((c.to_string().into_bytes(), 2));
    match raw.get(i + 1)? {
        b'0' => simple('\0'),
        b'a' => simple('\u{7}'),
        b'b' => simple('\u{8}'),
        b't' | b'\t' => simple('\t'),
        b'n' => simple('\n'),
        b'v' => simple('\u{b}'),
        b'f' => simple('\u{c}'),
        b'r' => simple('\r'),
        b'e' => simple('\u{1b}'),
        b' ' => simple(' '),
        b'"' => simple('"'),
        b'/' => simple('/'),
        b'\\' => simple('\\'),
        b'N' => simple('\u{85}'),
        b'_' => simple('\u{a0}'),
        b'L' => simple('\u{2028}'),
        b'P' => simple('\u{2029}'),
        b'x' => hex(raw, i, 2),
        b'u' => hex(raw, i, 4),
        b'U' => hex(raw, i, 8),
        b'\n' | b'\r' => {
            // An escaped line break joins the lines without a space.
            let mut j = i + 1;
            if raw.get(j) == Some(&b'\r') && raw.get(j + 1) == Some(&b'\n') {
                j += 1;
            }
            j += 1;
            while raw.get(j).is_some_and(|b| is_space(*b)) {
                j += 1;
            }
            Some((Vec::new(), j - i))
        }
        _ => None,
    }
}

fn hex(raw: &[u8], i: usize, digits: usize) -> Option<(Vec<u8>, usize)> {
    let text = std::str::from_utf8(raw.get(i + 2..i + 2 + digits)?).ok()?;
    let c = char::from_u32(u32::from_str_radix(text, 16).ok()?)?;
    Some((c.to_string().into_bytes(), 2 + digits))
}

/// The lines of a block scalar's content, each as (start, end) without its indentation; the
/// span starts at the first line's content, after the indentation.
fn block_lines(raw: &[u8], indent: &[u8]) -> Option<Vec<(usize, usize)>> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut first = true;
    while start < raw.len() {
        let end = raw.get(start..)?.iter().position(|b| *b == b'\n').map_or(raw.len(), |p| start + p);
        let line = raw.get(start..end)?;
        let content = if first || line.iter().all(|b| *b == b' ' || *b == b'\r') {
            start + if first { 0 } else { line.len().min(indent.len()) }
        } else if line.starts_with(indent) {
            start + indent.len()
        } else {
            return None;
        };
        lines.push((content, end));
        first = false;
        start = end + 1;
    }
    Some(lines)
}

/// A literal block scalar (`|`): lines kept, indentation removed.
fn literal(raw: &[u8], base: u32, indent: &[u8]) -> Option<Decoded> {
    let mut out = Decoded::default();
    for (start, end) in block_lines(raw, indent)? {
        out.push(raw.get(start..end)?, Span::new(at(base, start), at(base, end)), true);
        if raw.get(end) == Some(&b'\n') {
            out.push(b"\n", Span::new(at(base, end), at(base, end + 1)), true);
        }
    }
    Some(out)
}

/// A folded block scalar (`>`): a line break between two lines becomes a space, and a break
/// followed by empty lines one `\n` per empty line.
fn folded(raw: &[u8], base: u32, indent: &[u8]) -> Option<Decoded> {
    let mut out = Decoded::default();
    let lines = block_lines(raw, indent)?;
    let mut i = 0;
    while let Some(&(start, end)) = lines.get(i) {
        out.push(raw.get(start..end)?, Span::new(at(base, start), at(base, end)), true);
        let mut next = i + 1;
        while lines.get(next).is_some_and(|(s, e)| s >= e) {
            next += 1;
        }
        let empty = next - i - 1;
        let Some(&(next_start, _)) = lines.get(next) else {
            // The final line break, then the empty lines that chomping may keep.
            if raw.get(end) == Some(&b'\n') {
                out.push(b"\n", Span::new(at(base, end), at(base, end + 1)), true);
            }
            break;
        };
        let replacement: Vec<u8> = if empty == 0 { vec![b' '] } else { vec![b'\n'; empty] };
        out.push(&replacement, Span::new(at(base, end), at(base, next_start)), false);
        i = next;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::{LoadOptions, load};

    /// For each key, the file text under each of the value's words, found through the map.
    fn words(text: &str) -> BTreeMap<String, Vec<String>> {
        let file: BTreeMap<String, Sp<String>> = load(text, &LoadOptions::DEFAULT).unwrap();
        file.into_iter()
            .map(|(key, scalar)| {
                let map = ScalarMap::locate(text, &scalar).unwrap_or_else(|| panic!("{key} not located"));
                let mut found = Vec::new();
                let mut offset = 0u32;
                for word in scalar.value.split(['\n', ' ']) {
                    let len = u32::try_from(word.len()).unwrap();
                    let span = map.span(Span::new(offset, offset + len), 0);
                    found.push(text.get(span.range()).unwrap().to_owned());
                    offset += len + 1;
                }
                (key, found)
            })
            .collect()
    }

    #[test]
    fn every_style_maps_back_to_the_file() {
        let text = "a: \"x \\\"y\\\" z\"\nb: 'it''s here'\nc: plain\n  folded\nd: |\n  line1\n  line2\ne: >-\n  f1\n  f2\n\n  f3\nf: \"multi\n  li\\\n  ne\"\ng: |\n  one\n";
        let found = words(text);
        assert_eq!(found["a"], ["x", "\\\"y\\\"", "z"]);
        assert_eq!(found["b"], ["it''s", "here"]);
        assert_eq!(found["c"], ["plain", "folded"]);
        assert_eq!(found["d"], ["line1", "line2", ""]);
        assert_eq!(found["e"], ["f1", "f2", "f3"]);
        assert_eq!(found["f"], ["multi", "li\\\n  ne"]);
        assert_eq!(found["g"], ["one", ""]);
    }

    #[test]
    fn a_value_the_text_does_not_decode_to_is_not_located() {
        let text = "a: 'x'\n";
        let file: BTreeMap<String, Sp<String>> = load(text, &LoadOptions::DEFAULT).unwrap();
        let scalar = Sp::new("y".to_owned(), file["a"].span);
        assert_eq!(ScalarMap::locate(text, &scalar), None);
    }
}
