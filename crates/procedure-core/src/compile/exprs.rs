//! Compiling an expression written in a YAML scalar, with spans in the YAML file.
//!
//! A plain or a quoted scalar without escapes holds the expression's text verbatim, so the
//! expression is parsed with the scalar's content offset as its base and every diagnostic
//! underlines the exact token. When the value differs from the raw text (escapes in a
//! double-quoted scalar, a folded or multi-line block scalar), a byte of the value no longer
//! corresponds to a byte of the file; the expression is then parsed on its own and diagnostics
//! label the whole scalar. See `docs/decisions/0004-spans-in-yaml-scalars.md`.

use procedure_expr::{Checking, Env, ExprErrors, Limits, Program, Span, Type, compile_tree, parse};
use procedure_syntax::Sp;

use crate::Code;
use crate::diagnostic::{Diagnostic, Level};

/// Where an expression's text sits in the file.
enum Origin {
    /// The value is verbatim in the file from this offset.
    Exact(u32),
    /// The value is not verbatim: label this whole scalar.
    Whole(Span),
}

fn origin(file: &str, scalar: &Sp<String>) -> Origin {
    let span = scalar.span;
    let raw = file.get(span.range()).unwrap_or("");
    let value = scalar.value.as_str();
    let candidates = [value, value.trim_end_matches(['\n', '\r'])];
    for v in candidates {
        if v.is_empty() {
            continue;
        }
        if raw == v {
            return Origin::Exact(span.start);
        }
        // A quoted scalar: the value right after the opening quote.
        if raw.len() == v.len() + 2 && raw.get(1..raw.len() - 1) == Some(v) {
            return Origin::Exact(span.start + 1);
        }
        // A block scalar whose span starts at its content.
        if raw.starts_with(v) {
            return Origin::Exact(span.start);
        }
    }
    Origin::Whole(span)
}

/// Compiles expressions of one file against one environment, collecting diagnostics.
pub(crate) struct Exprs<'a> {
    pub file: &'a str,
    pub limits: Limits,
    pub diagnostics: &'a mut Vec<Diagnostic>,
}

impl Exprs<'_> {
    /// Parses and checks `scalar` against `env`. `want` is the type the context needs (a
    /// `when` must be a bool), and `what` names the context in the message when it does not.
    pub fn compile(&mut self, scalar: &Sp<String>, env: &Env, want: Option<&Type>, what: &str) -> Option<Program> {
        let tree = self.parse(scalar)?;
        let program = match compile_tree(&tree.0, env, &self.limits, Checking::On) {
            Ok(p) => p,
            Err(errors) => {
                self.report(&errors, &tree.1);
                return None;
            }
        };
        if let Some(want) = want
            && !program.result_type().is_compatible(want)
        {
            let span = match tree.1 {
                Origin::Exact(_) => program.span(),
                Origin::Whole(span) => span,
            };
            self.diagnostics.push(
                Diagnostic::error(
                    Code::CheckWrongType,
                    format!("{what} must be {}, not {}", article(want), program.result_type()),
                    span,
                    format!("this is {}", program.result_type()),
                )
                .with_help(help_for(want)),
            );
            return None;
        }
        Some(program)
    }

    /// Parses `scalar`, reporting syntax errors; the tree comes with its origin.
    fn parse(&mut self, scalar: &Sp<String>) -> Option<(procedure_expr::Expr, Origin)> {
        let origin = origin(self.file, scalar);
        let base = match origin {
            Origin::Exact(base) => base,
            Origin::Whole(_) => 0,
        };
        match parse(&scalar.value, base, &self.limits) {
            Ok(tree) => Some((tree, origin)),
            Err(errors) => {
                self.report(&errors, &origin);
                None
            }
        }
    }

    /// The syntax tree alone, for dependency analysis; errors are reported once, later, by
    /// [`Exprs::compile`].
    pub fn tree(&self, scalar: &Sp<String>) -> Option<procedure_expr::Expr> {
        let base = match origin(self.file, scalar) {
            Origin::Exact(base) => base,
            Origin::Whole(_) => 0,
        };
        parse(&scalar.value, base, &self.limits).ok()
    }

    fn report(&mut self, errors: &ExprErrors, origin: &Origin) {
        for error in errors.iter() {
            for mut d in Diagnostic::from_miette(error, Level::Error) {
                if let Origin::Whole(span) = origin {
                    // Offsets inside an escaped or folded scalar are not file offsets.
                    for (s, _) in &mut d.labels {
                        *s = *span;
                    }
                    d.help = Some(match d.help {
                        Some(h) => format!(
                            "{h} (the expression is in an escaped or multi-line scalar, so the whole scalar is marked; write it on one line, plain or in single quotes, for a precise position)"
                        ),
                        None => {
                            "the expression is in an escaped or multi-line scalar, so the whole scalar is marked".into()
                        }
                    });
                }
                self.diagnostics.push(d);
            }
        }
    }
}

fn article(ty: &Type) -> String {
    match ty {
        Type::Int => "an int".into(),
        Type::Enum(_) => "an enum value".into(),
        other => format!("a {other}"),
    }
}

fn help_for(ty: &Type) -> String {
    match ty {
        Type::Bool => "a condition compares or combines values, e.g. `age >= 16` or `cause == \"lost\"`".into(),
        Type::Date => "a date is written `date(\"2026-11-25\")`, or computed, e.g. `learned_on + days(14)`".into(),
        other => format!("the value must have type {other}"),
    }
}
