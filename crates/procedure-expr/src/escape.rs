//! Decoding of backslash escapes in string literals, as CEL defines them.

/// A bad escape: its byte range within the literal's text and why it is bad.
#[derive(Debug, PartialEq, Eq)]
pub struct BadEscape {
    /// Offset of the backslash.
    pub start: usize,
    /// Offset just past the escape.
    pub end: usize,
    /// Why.
    pub reason: &'static str,
}

/// Decodes the escapes of `text`, collecting every bad escape rather than stopping at the first.
pub fn unescape(text: &str) -> Result<String, Vec<BadEscape>> {
    let mut out = String::with_capacity(text.len());
    let mut bad = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some((_, e)) = chars.next() else {
            bad.push(BadEscape { start, end: text.len(), reason: "a backslash must be followed by an escape" });
            break;
        };
        let simple = match e {
            'a' => Some('\u{7}'),
            'b' => Some('\u{8}'),
            'f' => Some('\u{c}'),
            'n' => Some('\n'),
            'r' => Some('\r'),
            't' => Some('\t'),
            'v' => Some('\u{b}'),
            '\\' | '?' | '"' | '\'' | '`' => Some(e),
            _ => None,
        };
        if let Some(s) = simple {
            out.push(s);
            continue;
        }
        let (digits, radix, reason) = match e {
            'x' | 'X' => (2, 16, "`\\x` takes exactly two hexadecimal digits"),
            'u' => (4, 16, "`\\u` takes exactly four hexadecimal digits"),
            'U' => (8, 16, "`\\U` takes exactly eight hexadecimal digits"),
            '0'..='3' => (2, 8, "an octal escape takes exactly three octal digits, from \\000 to \\377"),
            _ => {
                let end = start + 1 + e.len_utf8();
                bad.push(BadEscape { start, end, reason: "unknown escape" });
                continue;
            }
        };
        let mut value = if radix == 8 { e.to_digit(8).unwrap_or(0) } else { 0 };
        let mut end = start + 1 + e.len_utf8();
        let mut ok = true;
        for _ in 0..digits {
            match chars.peek().and_then(|&(_, d)| d.to_digit(radix).map(|v| (d, v))) {
                Some((d, v)) => {
                    value = value.saturating_mul(radix).saturating_add(v);
                    end += d.len_utf8();
                    chars.next();
                }
                None => {
                    ok = false;
                    break;
                }
            }
        }
        if !ok {
            bad.push(BadEscape { start, end, reason });
            continue;
        }
        match char::from_u32(value) {
            Some(c) => out.push(c),
            None => bad.push(BadEscape {
                start,
                end,
                reason: "not a Unicode scalar value (surrogates and values above 10FFFF are not characters)",
            }),
        }
    }
    if bad.is_empty() { Ok(out) } else { Err(bad) }
}

#[cfg(test)]
mod tests {
    use super::unescape;

    #[test]
    fn decodes_every_kind_of_escape() {
        assert_eq!(unescape(r#"\a\b\f\n\r\t\v\\\?\"\'\`"#).unwrap(), "\u{7}\u{8}\u{c}\n\r\t\u{b}\\?\"'`");
        assert_eq!(unescape(r"\x41\X42\u00e9\U0001F62C\101\377").unwrap(), "ABé😬Aÿ");
    }

    #[test]
    fn reports_every_bad_escape_with_its_place() {
        let bad = unescape(r"ok \q and \x4 and \uD800").unwrap_err();
        let places: Vec<_> = bad.iter().map(|b| (b.start, b.end)).collect();
        assert_eq!(places, vec![(3, 5), (10, 13), (18, 24)]);
    }
}
