//! The situations of `batch`: JSON Lines read as a stream, a bounded chunk at a time, so that
//! memory stays flat however long the input and however long one of its lines.

use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::Path;

use procedure::{Diagnostic, Unread};

use crate::commands::unread;

/// One line of the input that is not blank.
pub struct Line {
    /// Its 1-based number in the input, blank lines counted.
    pub number: usize,
    /// What it holds.
    pub text: Text,
}

/// The bytes of a line, or how many there were when they were too many to keep.
pub enum Text {
    /// The line without its line break.
    Kept(Vec<u8>),
    /// A line longer than the limit: only its length was kept.
    TooLong(u64),
}

/// The input, read line by line.
pub struct Input {
    reader: Box<dyn BufRead>,
    /// The number of the last line read.
    number: usize,
    /// The longest line kept, in bytes.
    limit: usize,
    /// The error that ended the reading, if one did.
    error: Option<io::Error>,
}

impl Input {
    /// Opens `path`, or standard input for `-`. A named pipe is read as it comes; a directory
    /// or a device is refused (a device such as `/dev/zero` would be one endless line).
    pub fn open(path: &Path, limit: usize) -> Result<Input, Diagnostic> {
        let reader: Box<dyn BufRead> = if path.as_os_str() == "-" {
            Box::new(io::stdin().lock())
        } else {
            let what = format!("`{}`", path.display());
            let meta = std::fs::metadata(path).map_err(|e| unread(&what, Unread::Io(e)))?;
            if let Some(kind) = refused(&meta) {
                return Err(unread(&what, Unread::NotAFile(kind)));
            }
            // Opening a named pipe waits for its writer, which is what streaming asks for.
            let file = File::open(path).map_err(|e| unread(&what, Unread::Io(e)))?;
            Box::new(BufReader::with_capacity(64 * 1024, file))
        };
        Ok(Input { reader, number: 0, limit, error: None })
    }

    /// The next lines that are not blank: at most `max_lines` of them, and no more once they
    /// hold `max_bytes`. None at the end of the input or after an error.
    pub fn chunk(&mut self, max_lines: usize, max_bytes: usize) -> Vec<Line> {
        let mut lines = Vec::new();
        let mut bytes = 0;
        while lines.len() < max_lines && bytes < max_bytes {
            let text = match self.next() {
                Ok(Some(t)) => t,
                Ok(None) => break,
                Err(e) => {
                    self.error = Some(e);
                    break;
                }
            };
            if let Text::Kept(b) = &text {
                if b.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                bytes += b.len();
            }
            lines.push(Line { number: self.number, text });
        }
        lines
    }

    /// The error that ended the reading, if one did.
    pub fn error(&mut self) -> Option<io::Error> {
        self.error.take()
    }

    /// The next line, read without keeping more than `limit` bytes of it.
    fn next(&mut self) -> io::Result<Option<Text>> {
        if self.error.is_some() {
            return Ok(None);
        }
        let mut kept = Vec::new();
        let mut length = 0u64;
        let mut any = false;
        loop {
            let available = match self.reader.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                if !any {
                    return Ok(None);
                }
                break;
            }
            any = true;
            let end = available.iter().position(|&b| b == b'\n');
            let part = available.get(..end.unwrap_or(available.len())).unwrap_or_default();
            length += part.len() as u64;
            if length <= self.limit as u64 {
                kept.extend_from_slice(part);
            } else {
                kept = Vec::new();
            }
            let used = end.map_or(part.len(), |e| e + 1);
            self.reader.consume(used);
            if end.is_some() {
                break;
            }
        }
        self.number += 1;
        if length > self.limit as u64 {
            return Ok(Some(Text::TooLong(length)));
        }
        if kept.last() == Some(&b'\r') {
            kept.pop();
        }
        Ok(Some(Text::Kept(kept)))
    }
}

/// Why a file of this type is not read as an input, if it is not.
fn refused(meta: &std::fs::Metadata) -> Option<&'static str> {
    let kind = meta.file_type();
    if kind.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if kind.is_char_device() || kind.is_block_device() {
            return Some("a device");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(text: &'static str, limit: usize) -> Input {
        Input { reader: Box::new(text.as_bytes()), number: 0, limit, error: None }
    }

    fn shown(lines: &[Line]) -> Vec<(usize, String)> {
        lines
            .iter()
            .map(|l| match &l.text {
                Text::Kept(b) => (l.number, String::from_utf8_lossy(b).into_owned()),
                Text::TooLong(n) => (l.number, format!("<{n} bytes>")),
            })
            .collect()
    }

    #[test]
    fn blank_lines_are_skipped_but_counted() {
        let mut i = input("{}\n\n  \r\n{\"a\": 1}\r\n{}", 100);
        assert_eq!(shown(&i.chunk(10, 1000)), [(1, "{}".into()), (4, "{\"a\": 1}".into()), (5, "{}".into())]);
        assert!(i.chunk(10, 1000).is_empty());
    }

    #[test]
    fn a_chunk_ends_at_its_number_of_lines_or_of_bytes() {
        let mut i = input("{}\n{}\n{}\n{\"long\": 1}\n{}\n", 100);
        assert_eq!(i.chunk(2, 1000).len(), 2);
        assert_eq!(i.chunk(10, 4).len(), 2, "the line that reaches the budget is the last");
        assert_eq!(shown(&i.chunk(10, 1000)), [(5, "{}".into())]);
    }

    #[test]
    fn a_line_over_the_limit_keeps_only_its_length() {
        let mut i = input("{}\n0123456789\n{}\n", 5);
        assert_eq!(shown(&i.chunk(10, 1000)), [(1, "{}".into()), (2, "<10 bytes>".into()), (3, "{}".into())]);
    }
}
