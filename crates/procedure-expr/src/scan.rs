//! A linear pre-scan that bounds nesting before pest runs.
//!
//! pest parses by recursive descent, so 100,000 opening brackets would overflow the stack long
//! before any rule failed. This scan walks the text once, without recursion, skipping string
//! literals and comments, and counts how deeply brackets and conditionals nest. Every unmatched
//! `?` inside one bracket level opens one more level, because conditionals nest to the right.

/// Where nesting first exceeds `limit`, as a byte offset into `text`, if it does.
pub fn first_excess_nesting(text: &str, limit: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    // One entry per open bracket: the conditionals opened inside it so far.
    let mut groups: Vec<usize> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0usize;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' | b'\'' => {
                let raw = i > 0
                    && matches!(bytes.get(i - 1), Some(b'r' | b'R'))
                    && !(i > 1 && bytes.get(i - 2).is_some_and(|p| p.is_ascii_alphanumeric() || *p == b'_'));
                i = skip_string(bytes, i, raw);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while bytes.get(i).is_some_and(|&c| c != b'\n') {
                    i += 1;
                }
                continue;
            }
            b'(' | b'[' | b'{' => {
                groups.push(0);
                depth += 1;
            }
            b')' | b']' | b'}' => {
                // Unbalanced closers are the parser's business; just do not underflow.
                if let Some(conditionals) = groups.pop() {
                    depth = depth.saturating_sub(conditionals + 1);
                }
            }
            b'?' => {
                if let Some(c) = groups.last_mut() {
                    *c += 1;
                }
                depth += 1;
            }
            _ => {}
        }
        if depth > limit {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// The offset just past the string literal whose opening quote is at `start`.
fn skip_string(bytes: &[u8], start: usize, raw: bool) -> usize {
    let Some(&quote) = bytes.get(start) else { return start + 1 };
    let triple = bytes.get(start + 1) == Some(&quote) && bytes.get(start + 2) == Some(&quote);
    let mut i = start + if triple { 3 } else { 1 };
    while let Some(&b) = bytes.get(i) {
        if b == b'\\' && !raw {
            i += 2;
            continue;
        }
        if b == quote {
            if !triple {
                return i + 1;
            }
            if bytes.get(i + 1) == Some(&quote) && bytes.get(i + 2) == Some(&quote) {
                return i + 3;
            }
        }
        if !triple && (b == b'\n' || b == b'\r') {
            return i;
        }
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::first_excess_nesting;

    #[test]
    fn counts_brackets_and_conditionals() {
        assert_eq!(first_excess_nesting("((1))", 2), None);
        assert_eq!(first_excess_nesting("(((1)))", 2), Some(2));
        assert_eq!(first_excess_nesting("a ? b : c ? d : e", 1), Some(10));
        assert_eq!(first_excess_nesting("(a ? b : c) + (a ? b : c)", 2), None);
    }

    #[test]
    fn ignores_brackets_in_strings_and_comments() {
        assert_eq!(first_excess_nesting("'((((' + \"[[[\" + '''(((''' // ((((\n", 1), None);
        assert_eq!(first_excess_nesting(r#"'\'(((' + r'\' + '(((('"#, 1), None);
    }

    #[test]
    fn a_hundred_thousand_brackets_stop_early() {
        let text = "(".repeat(100_000) + &")".repeat(100_000);
        assert_eq!(first_excess_nesting(&text, 64), Some(64));
    }
}
