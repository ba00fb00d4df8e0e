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
        LoadOptions { max_bytes: 4 * 1024 * 1024, max_depth: 64, max_aliases: 256, max_nodes: 250_000 };

    /// Budgets for large generated files (benchmarks): 512 MiB and 50 million nodes.
    pub const LARGE: LoadOptions =
        LoadOptions { max_bytes: 512 * 1024 * 1024, max_depth: 64, max_aliases: 256, max_nodes: 50_000_000 };
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions::DEFAULT
    }
}

/// Deserializes `text` as a `T` under the budgets of `options`.
pub fn load<T: DeserializeOwned>(text: &str, options: &LoadOptions) -> Result<T, SyntaxError> {
    if text.len() > options.max_bytes {
        return Err(SyntaxError::TooLarge { size: text.len(), limit: options.max_bytes });
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
    let saphyr_options = serde_saphyr::options! { budget: budget };
    serde_saphyr::from_str_with_options(text, saphyr_options).map_err(|e| convert(&e))
}

/// Turns a serde-saphyr error into a diagnostic: the message without its position (miette
/// shows the position), a byte span, and advice for unknown keys.
fn convert(error: &serde_saphyr::Error) -> SyntaxError {
    let span = error.location().map(byte_span).unwrap_or_default();
    let text = error.without_snippet().to_string();
    let message = match text.rfind(" at line ") {
        Some(i) => text.get(..i).unwrap_or(&text).to_owned(),
        None => text,
    };
    if let Some(rest) = message.strip_prefix("unknown field `") {
        if let Some((key, expected)) = rest.split_once("`, expected one of ") {
            return unknown_key(key, expected, span);
        }
        if let Some((key, _)) = rest.split_once("`, there are no fields") {
            return SyntaxError::UnknownKey { key: key.to_owned(), span, help: "no key is allowed here".into() };
        }
    }
    if message.contains("budget") || message.contains("limit") && message.contains("exceed") {
        return SyntaxError::Budget { message, span };
    }
    let help = advice(&message);
    SyntaxError::Yaml { message, span, help }
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
    if message.contains("tab") {
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
