//! Compiling an expression written in a YAML scalar, with spans in the YAML file.
//!
//! `procedure-syntax` maps each byte of a scalar's value back to the file (`ScalarMap`: through
//! quotes, escapes, folded lines and a block's indentation). The expression is parsed as the
//! value alone and every span of its tree and of its syntax errors is then carried through the
//! map, so a diagnostic underlines the exact token whatever style the scalar is written in.
//! Only a scalar the map cannot read back (an alias) falls back to labelling the whole node.
//! See `docs/decisions/0004-spans-in-yaml-scalars.md`.

use procedure_expr::{Checking, Env, Expr, ExprErrors, ExprKind, Limits, Program, Span, Type, compile_tree, parse};
use procedure_syntax::{ScalarMap, Sp};

use crate::Code;
use crate::diagnostic::{Diagnostic, Level};

/// Where an expression's text sits in the file.
enum Origin {
    /// The value's bytes, from `skip` on, map back to the file through this map.
    Mapped(ScalarMap, u32),
    /// The value could not be placed: label this whole scalar.
    Whole(Span),
}

impl Origin {
    fn of(file: &str, span: Span, value: &str, skip: usize) -> Origin {
        match ScalarMap::locate_value(file, span, value) {
            Some(map) => Origin::Mapped(map, u32::try_from(skip).unwrap_or(0)),
            None => Origin::Whole(span),
        }
    }

    fn span(&self, span: Span) -> Span {
        match self {
            Origin::Mapped(map, skip) => map.span(span, *skip),
            Origin::Whole(whole) => *whole,
        }
    }

    /// Carries every span of `tree` (offsets in the expression's text) into the file. The
    /// recursion is as deep as the tree, which parsing bounds (`Limits::max_depth`).
    fn relocate(&self, tree: &mut Expr) {
        tree.span = self.span(tree.span);
        match &mut tree.kind {
            ExprKind::Null | ExprKind::Bool(_) | ExprKind::Int(_) | ExprKind::String(_) | ExprKind::Ident(_) => {}
            ExprKind::List(items) => items.iter_mut().for_each(|e| self.relocate(e)),
            ExprKind::Unary { op_span, operand, .. } => {
                *op_span = self.span(*op_span);
                self.relocate(operand);
            }
            ExprKind::Binary { op_span, lhs, rhs, .. } => {
                *op_span = self.span(*op_span);
                self.relocate(lhs);
                self.relocate(rhs);
            }
            ExprKind::Conditional { cond, then, otherwise } => {
                self.relocate(cond);
                self.relocate(then);
                self.relocate(otherwise);
            }
            ExprKind::Index { target, index } => {
                self.relocate(target);
                self.relocate(index);
            }
            ExprKind::Call { target, name_span, args, .. } => {
                *name_span = self.span(*name_span);
                if let Some(t) = target {
                    self.relocate(t);
                }
                args.iter_mut().for_each(|e| self.relocate(e));
            }
            ExprKind::Field { target, name_span, .. } => {
                *name_span = self.span(*name_span);
                self.relocate(target);
            }
        }
    }
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
        self.compile_part(&scalar.value, scalar.span, 0, env, want, what)
    }

    /// [`Exprs::compile`] for the expression that starts `skip` bytes into the value of the
    /// scalar at `span` (a table cell's operand, after its comparison operator).
    pub fn compile_part(
        &mut self,
        value: &str,
        span: Span,
        skip: usize,
        env: &Env,
        want: Option<&Type>,
        what: &str,
    ) -> Option<Program> {
        let origin = Origin::of(self.file, span, value, skip);
        let text = value.get(skip..).unwrap_or("");
        let tree = match parse(text, 0, &self.limits) {
            Ok(mut tree) => {
                origin.relocate(&mut tree);
                tree
            }
            Err(errors) => {
                self.report(&errors, &origin, true);
                return None;
            }
        };
        let program = match compile_tree(&tree, env, &self.limits, Checking::On) {
            Ok(p) => p,
            Err(errors) => {
                // The tree's spans, and so these errors', are already the file's.
                self.report(&errors, &origin, false);
                return None;
            }
        };
        if let Some(want) = want
            && !program.result_type().is_compatible(want)
        {
            self.diagnostics.push(
                Diagnostic::error(
                    Code::CheckWrongType,
                    format!("{what} must be {}, not {}", article(want), program.result_type()),
                    program.span(),
                    format!("this is {}", program.result_type()),
                )
                .with_help(help_for(want)),
            );
            return None;
        }
        Some(program)
    }

    /// The syntax tree alone, with the file's spans, for dependency analysis; errors are
    /// reported once, later, by [`Exprs::compile`].
    pub fn tree(&self, scalar: &Sp<String>) -> Option<Expr> {
        let mut tree = parse(&scalar.value, 0, &self.limits).ok()?;
        Origin::of(self.file, scalar.span, &scalar.value, 0).relocate(&mut tree);
        Some(tree)
    }

    /// Reports `errors`, carrying their labels into the file when `relocate` (a syntax error's
    /// spans are offsets in the expression's text).
    fn report(&mut self, errors: &ExprErrors, origin: &Origin, relocate: bool) {
        for error in errors.iter() {
            for mut d in Diagnostic::from_miette(error, Level::Error) {
                if relocate {
                    for (s, _) in &mut d.labels {
                        *s = origin.span(*s);
                    }
                }
                if let Origin::Whole(_) = origin {
                    d.help = Some(match d.help {
                        Some(h) => format!("{h} ({WHOLE})"),
                        None => WHOLE.into(),
                    });
                }
                self.diagnostics.push(d);
            }
        }
    }
}

/// Why a diagnostic marks a whole scalar rather than a token.
const WHOLE: &str = "the expression's text in the file is not its value (an alias, say), so the whole scalar is marked";

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
