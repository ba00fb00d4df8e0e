//! A fee's amount written as an expression: its type is checked like any expression's, and the
//! values it can take are bounded before any situation is evaluated, by interval arithmetic
//! over the expression, the ranges of the inputs it reads and the expressions of the derived
//! values it reads. An amount that could be negative, implausibly large or without bound is an
//! error at the expression, as a constant amount would be.

use procedure_expr::{BinaryOp, Expr, ExprKind, UnaryOp};
use procedure_syntax::{self as syn, Bound};

/// How deep derived values may refer to derived values while an amount is bounded.
const MAX_DEPTH: usize = 8;

/// The smallest and largest values an amount can take, or `None` when they cannot be bounded.
pub(super) fn range(expr: &Expr, surface: &syn::Procedure, limits: &procedure_expr::Limits) -> Option<(i128, i128)> {
    Ranges { surface, limits }.of(expr, 0)
}

struct Ranges<'a> {
    surface: &'a syn::Procedure,
    limits: &'a procedure_expr::Limits,
}

impl Ranges<'_> {
    fn of(&self, expr: &Expr, depth: usize) -> Option<(i128, i128)> {
        match &expr.kind {
            ExprKind::Int(n) => Some((i128::from(*n), i128::from(*n))),
            ExprKind::Ident(name) => self.name(name, depth),
            ExprKind::Unary { op: UnaryOp::Neg, operand, .. } => {
                let (lo, hi) = self.of(operand, depth)?;
                Some((hi.checked_neg()?, lo.checked_neg()?))
            }
            ExprKind::Binary { op, lhs, rhs, .. } => {
                let (a, b) = (self.of(lhs, depth)?, self.of(rhs, depth)?);
                match op {
                    BinaryOp::Add => Some((a.0.checked_add(b.0)?, a.1.checked_add(b.1)?)),
                    BinaryOp::Sub => Some((a.0.checked_sub(b.1)?, a.1.checked_sub(b.0)?)),
                    BinaryOp::Mul => {
                        let products = [
                            a.0.checked_mul(b.0)?,
                            a.0.checked_mul(b.1)?,
                            a.1.checked_mul(b.0)?,
                            a.1.checked_mul(b.1)?,
                        ];
                        Some((*products.iter().min()?, *products.iter().max()?))
                    }
                    _ => None,
                }
            }
            ExprKind::Conditional { then, otherwise, .. } => {
                let (a, b) = (self.of(then, depth)?, self.of(otherwise, depth)?);
                Some((a.0.min(b.0), a.1.max(b.1)))
            }
            _ => None,
        }
    }

    /// An int input's declared range, or the range of a derived value's expression.
    fn name(&self, name: &str, depth: usize) -> Option<(i128, i128)> {
        if let Some((_, input)) = self.surface.inputs.iter().find(|(id, _)| id.value == name) {
            let bound = |b: &Option<procedure_syntax::Sp<Bound>>| match b.as_ref().map(|b| &b.value) {
                Some(Bound::Int(n)) => Some(i128::from(*n)),
                _ => None,
            };
            return Some((bound(&input.min)?, bound(&input.max)?));
        }
        let (_, derived) = self.surface.lets.iter().find(|(id, _)| id.value == name)?;
        if depth >= MAX_DEPTH {
            return None;
        }
        // The derived value compiled already; an error in it was reported there.
        let tree = procedure_expr::parse(&derived.expr.value, 0, self.limits).ok()?;
        self.of(&tree, depth + 1)
    }
}
