//! The values of an enum input must look different to a reader.
//!
//! Values that differ only in case or in surrounding spaces (`lost`, `lost `, `Lost`) read
//! as one, and a fact would bind to one or the other by accident; an empty value cannot be
//! seen at all.

use std::collections::HashMap;

use procedure_syntax::Sp;

use crate::Code;
use crate::diagnostic::Diagnostic;

/// Reports the empty values of input `input`, and each value that looks like an earlier one.
pub(crate) fn check(input: &str, values: &[&Sp<String>], diagnostics: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<String, &Sp<String>> = HashMap::new();
    for value in values {
        let key = looks(&value.value);
        if key.is_empty() {
            diagnostics.push(
                Diagnostic::error(
                    Code::CheckInvalidInput,
                    format!("enum input `{input}` has a blank value `\"{}\"`", value.value),
                    value.span,
                    "blank",
                )
                .with_help("a reader cannot see a blank value; name it, e.g. `none` or `unknown`"),
            );
            continue;
        }
        match seen.get(&key) {
            Some(first) => diagnostics.push(
                Diagnostic::error(
                    Code::CheckConfusableEnumValues,
                    format!(
                        "enum values `{}` and `{}` of input `{input}` differ only in case or spaces",
                        first.value, value.value
                    ),
                    value.span,
                    "looks the same as the first",
                )
                .with_label(first.span, "the first")
                .with_help("a reader cannot tell them apart, and a fact would match one or the other by accident; keep one of them"),
            ),
            None => {
                seen.insert(key, value);
            }
        }
    }
}

/// What a reader sees of a value: its text without surrounding spaces, in any case.
pub(crate) fn looks(value: &str) -> String {
    value.trim().to_lowercase()
}
