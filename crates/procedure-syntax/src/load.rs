//! Loading a file: budgets, then serde-saphyr, then errors turned into diagnostics.

use serde::de::DeserializeOwned;

use crate::error::SyntaxError;
use crate::sp::byte_span;

/// Budgets against hostile or accidental huge input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoadOptions {
    /// The largest file accepted, in bytes.
    pub max_bytes: usize,
    /// The deepest nesting of YAML collections.
    pub max_depth: usize,
    /// The most alias references (`*name`): each expands to a whole subtree.
    pub max_aliases: usize,
    /// The most YAML nodes (scalars, sequences and mappings).
    pub max_nodes: usize,
}

impl LoadOptions {
    /// The defaults: generous for hand-written procedures, far below what could hurt.
    pub const DEFAULT: LoadOptions =
        LoadOptions { max_bytes: 4 * 1024 * 1024, max_depth: 32, max_aliases: 256, max_nodes: 250_000 };

    /// Budgets for large generated files (benchmarks): 512 MiB and 50 million nodes.
    pub const LARGE: LoadOptions =
        LoadOptions { max_bytes: 512 * 1024 * 1024, max_depth: 32, max_aliases: 256, max_nodes: 50_000_000 };
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions::DEFAULT
    }
}

/// Deserializes `text` as a `T` under the budgets of `options`.
pub fn load<T: DeserializeOwned>(text: &str, options: &LoadOptions) -> Result<T, SyntaxError> {
    if text.len() > options.max_bytes {
        return Err(SyntaxError::TooLarge { size: u64::try_from(text.len()).ok(), limit: options.max_bytes });
    }
    if text.lines().all(|l| l.trim().is_empty() || l.trim_start().starts_with('#')) {
        return Err(SyntaxError::Empty);
    }
    let budget = serde_saphyr::budget! {
        max_depth: options.max_depth,
        max_aliases: options.max_aliases,
        max_anchors: options.max_aliases,
        max_nodes: options.max_nodes,
        max_events: options.max_nodes.saturating_mul(4),
    };
    // YAML 1.2 booleans: only `true` and `false`, so that a text such as `No` stays a text.
    let saphyr_options = serde_saphyr::options! { budget: budget, strict_booleans: true };
    serde_saphyr::from_str_with_options(text, saphyr_options).map_err(|e| convert(&e, text, options))
}

/// The byte span of an error's location, computed from its line and column when the parser
/// did not record a byte offset (it does not for some syntax errors).
fn error_span(location: serde_saphyr::Location, text: &str) -> procedure_expr::Span {
    let span = byte_span(location);
    if span.start > 0 || location.line() <= 1 && location.column() <= 1 {
        return span;
    }
    let line_start: usize =
        text.split_inclusive('\n').take(location.line().saturating_sub(1) as usize).map(str::len).sum();
    let column = location.column().saturating_sub(1) as usize;
    let rest = text.get(line_start..).unwrap_or("");
    let offset = line_start + rest.char_indices().nth(column).map_or(rest.len(), |(i, _)| i);
    let width = text.get(offset..).and_then(|r| r.chars().next()).map_or(0, char::len_utf8);
    let start = u32::try_from(offset).unwrap_or(u32::MAX);
    procedure_expr::Span::new(start, start.saturating_add(u32::try_from(width).unwrap_or(0)))
}

/// The message without the position serde-saphyr appends (` at line 3, column 5`), which
/// miette shows anyway; other `at line` phrases inside the message are kept.
fn strip_position(text: &str) -> &str {
    if let Some(i) = text.rfind(" at line ") {
        let tail = text.get(i + " at line ".len()..).unwrap_or("");
        let positional = tail
            .split_once(", column ")
            .is_some_and(|(l, c)| l.bytes().all(|b| b.is_ascii_digit()) && c.bytes().all(|b| b.is_ascii_digit()));
        if positional {
            return text.get(..i).unwrap_or(text);
        }
    }
    text
}

/// Turns a serde-saphyr error into a diagnostic: the message without its position (miette
/// shows the position), a byte span, and advice for unknown keys.
fn convert(error: &serde_saphyr::Error, text: &str, options: &LoadOptions) -> SyntaxError {
    let span = error.location().map(|l| error_span(l, text)).unwrap_or_default();
    let rendered = error.without_snippet().to_string();
    let message = strip_position(&rendered).replace(", set DuplicateKeyPolicy in Options if acceptable", "");
    if let Some(rest) = message.strip_prefix("unknown field `") {
        if let Some((key, expected)) = rest.split_once("`, expected one of ") {
            return unknown_key(key, expected, span);
        }
        if let Some((key, _)) = rest.split_once("`, there are no fields") {
            return SyntaxError::UnknownKey { key: key.to_owned(), span, help: "no key is allowed here".into() };
        }
    }
    if message.contains("budget") || message.contains("Budget") {
        return SyntaxError::Budget { message: budget_message(&message, options), span };
    }
    if let Some(expected) = empty_value_expected(&message) {
        return SyntaxError::Yaml {
            message: format!("the value is empty; expected {expected}"),
            span,
            help: Some(empty_value_advice(text, span)),
        };
    }
    let help = colon_in_text(&message, text, span).or_else(|| advice(&message));
    SyntaxError::Yaml { message, span, help }
}

/// What was expected where serde-saphyr met an empty (null) value, whichever of its two
/// phrasings it used.
fn empty_value_expected(message: &str) -> Option<String> {
    if let Some(rest) = message.strip_prefix("cannot deserialize null into ") {
        return Some(match rest.split(';').next().unwrap_or(rest).trim() {
            "string" => "a text".to_owned(),
            other => format!("a {other}"),
        });
    }
    message.strip_prefix("invalid type: unit value, expected ").map(str::to_owned)
}

/// An empty value inside `{…}` is almost always an unquoted comma: YAML reads
/// `{en: Front desk, Sakura Centre}` as two keys, the second without a value.
fn empty_value_advice(text: &str, span: procedure_expr::Span) -> String {
    let start = usize::try_from(span.start).unwrap_or(usize::MAX).min(text.len());
    let before = text.get(..start).unwrap_or("");
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line_end = text.get(start..).and_then(|r| r.find('\n')).map_or(text.len(), |i| start + i);
    let line = text.get(line_start..line_end).unwrap_or("");
    if line.contains('{') && line.contains(',') {
        "inside `{…}` a comma ends an entry: quote a text that contains a comma, as in `{en: \"Front desk, 2nd floor\"}`".into()
    } else {
        "write the value after the colon, or remove the key if it is optional".into()
    }
}

/// A plain text holding `: ` (`title: Bring this: your card`): YAML reads the rest as another
/// key and says only that mapping values are not allowed, which reads like an indentation
/// problem. When the line is a `key: text` whose text has `: `, the fix is to quote the text.
fn colon_in_text(message: &str, text: &str, span: procedure_expr::Span) -> Option<String> {
    if !message.contains("mapping values are not allowed") {
        return None;
    }
    let start = usize::try_from(span.start).unwrap_or(usize::MAX).min(text.len());
    let line_start = text.get(..start).unwrap_or("").rfind('\n').map_or(0, |i| i + 1);
    let line_end = text.get(start..).and_then(|r| r.find('\n')).map_or(text.len(), |i| start + i);
    let line = text.get(line_start..line_end)?.trim();
    let line = line.strip_prefix("- ").unwrap_or(line).trim_start();
    let (key, value) = line.split_once(": ")?;
    let value = value.trim();
    let quoted_or_nested = value.starts_with(['"', '\'', '{', '[', '|', '>']);
    if key.is_empty() || key.contains(' ') || quoted_or_nested || !(value.contains(": ") || value.ends_with(':')) {
        return None;
    }
    let escaped = value.replace('"', "\\\"");
    Some(format!(
        "the text after `{key}:` contains `: `, which YAML reads as the start of another key: quote the text, as in `{key}: \"{escaped}\"`"
    ))
}

/// Budget breaches in words rather than in the parser's debug notation.
fn budget_message(message: &str, options: &LoadOptions) -> String {
    if message.contains("Depth") {
        return format!("the YAML nests too deeply: more than {} levels", options.max_depth);
    }
    if message.contains("Alias") {
        return format!(
            "the YAML uses more than {} aliases (`*name`); each expands to a copy of its anchor",
            options.max_aliases
        );
    }
    if message.contains("Nodes") || message.contains("Events") {
        return format!("the YAML has more than {} nodes", options.max_nodes);
    }
    message.to_owned()
}

fn unknown_key(key: &str, expected: &str, span: procedure_expr::Span) -> SyntaxError {
    let allowed: Vec<&str> = expected.split(", ").map(|k| k.trim_matches('`')).collect();
    let list = allowed.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
    let help = match procedure_expr::did_you_mean(key, allowed.iter().copied()) {
        Some(s) => format!("did you mean `{s}`? The keys here are {list}"),
        None => format!("the keys here are {list}"),
    };
    SyntaxError::UnknownKey { key: key.to_owned(), span, help }
}

fn advice(message: &str) -> Option<String> {
    if message
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| w.eq_ignore_ascii_case("tab") || w.eq_ignore_ascii_case("tabs"))
    {
        return Some("YAML indents with spaces, never tabs".into());
    }
    if message.contains("missing field") {
        return Some("add the key; see docs/language.md for what each element needs".into());
    }
    if message.contains("duplicate mapping key") {
        return Some("each key may appear once in a mapping; ids must be unique".into());
    }
    if message.contains("mapping values are not allowed") || message.contains("did not find expected") {
        return Some("check the indentation: nested keys are indented by the same number of spaces".into());
    }
    None
}
