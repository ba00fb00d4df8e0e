//! Every example in `docs/language.md` runs, so the reference cannot drift from the language.
//!
//! An example is a fenced block tagged `cel`, in the format of `tests/expr` files (header lines
//! `// declare: NAME: TYPE`, `// var: NAME = VALUE`, `// no-check`), whose last line states the
//! result in a comment:
//!
//! ```text
//! // => 7                          the value, as the language prints it
//! // => unknown: age, cause        the variables an unknown result waits on
//! // => error: procedure::expr::overflow    the code of each diagnostic, comma-separated
//! ```

use procedure_expr::{Limits, Stop, compile_tree, parse};

use crate::common::repo_root;
use crate::expr_files::{Header, header};

/// The result of an example, in the `// =>` notation.
fn actual(text: &str) -> String {
    let Header { env, vars, checking, .. } = header(text);
    let limits = Limits::DEFAULT;
    let program = match parse(text, 0, &limits).and_then(|t| compile_tree(&t, &env, &limits, checking)) {
        Ok(p) => p,
        Err(errors) => {
            let codes: Vec<String> =
                errors.iter().map(|e| miette::Diagnostic::code(e).map(|c| c.to_string()).unwrap_or_default()).collect();
            return format!("error: {}", codes.join(", "));
        }
    };
    match program.eval(&vars) {
        Ok(v) => v.to_string(),
        Err(Stop::Unknown(slots)) => {
            let names: Vec<_> = slots.iter().filter_map(|s| env.name(s)).collect();
            format!("unknown: {}", names.join(", "))
        }
        Err(Stop::Error(e)) => format!("error: {}", e.kind.code()),
    }
}

/// The `cel` blocks of a Markdown text, with the line each starts on.
fn cel_blocks(markdown: &str) -> Vec<(usize, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (n, line) in markdown.lines().enumerate() {
        let fence = line.trim_start();
        match &mut current {
            None if fence.starts_with("```cel") => current = Some((n + 1, String::new())),
            Some(_) if fence.starts_with("```") => blocks.extend(current.take()),
            Some((_, text)) => {
                text.push_str(line);
                text.push('\n');
            }
            None => {}
        }
    }
    blocks
}

#[test]
fn every_example_in_the_language_reference_gives_its_stated_result() {
    let path = repo_root().join("docs/language.md");
    let markdown = std::fs::read_to_string(&path).unwrap();
    let blocks = cel_blocks(&markdown);
    assert!(blocks.len() >= 20, "docs/language.md should have examples; found {}", blocks.len());
    let mut failures = Vec::new();
    for (line, text) in &blocks {
        let Some(expected) = text.lines().rev().find_map(|l| l.trim().strip_prefix("// =>")) else {
            failures.push(format!("docs/language.md:{line}: the example does not state its result with `// =>`"));
            continue;
        };
        let got = actual(text);
        if got != expected.trim() {
            failures.push(format!("docs/language.md:{line}: expected `{}`, got `{got}`\n{text}", expected.trim()));
        }
    }
    assert!(failures.is_empty(), "{} examples disagree with the language:\n{}", failures.len(), failures.join("\n"));
}
