//! Compiled code and its evaluation.
//!
//! Code reads variables by slot. Evaluation is three-valued: a value, an error, or *unknown*
//! (a declared variable without a value). `&&` and `||` are commutative as in CEL: an error or
//! an unknown on one side is absorbed when the other side decides the result, and when neither
//! decides, unknown wins over error. Every other operator is strict: it evaluates all operands,
//! and if any is unknown the result is unknown and waits on the union of their variables, so the
//! caller learns everything still needed in one pass.

use crate::ast::BinaryOp;
use crate::env::{Slot, SlotSet};
use crate::error::{EvalError, EvalErrorKind};
use crate::functions::Builtin;
use crate::limits::Limits;
use crate::ops;
use crate::span::Span;
use crate::value::Value;

/// Why evaluation produced no value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stop {
    /// The result depends on variables that have no value yet: these.
    Unknown(SlotSet),
    /// Evaluation failed.
    Error(EvalError),
}

impl Stop {
    /// The combination of two operands' stops: unknowns merge, and unknown wins over error.
    fn join(self, other: Stop) -> Stop {
        match (self, other) {
            (Stop::Unknown(mut a), Stop::Unknown(b)) => {
                a.union_with(&b);
                Stop::Unknown(a)
            }
            (u @ Stop::Unknown(_), Stop::Error(_)) | (Stop::Error(_), u @ Stop::Unknown(_)) => u,
            (e @ Stop::Error(_), Stop::Error(_)) => e,
        }
    }
}

impl From<EvalError> for Stop {
    fn from(e: EvalError) -> Self {
        Stop::Error(e)
    }
}

/// The result of evaluating code.
pub type EvalResult = Result<Value, Stop>;

/// Slot-resolved code: what a checked expression compiles to.
#[derive(Clone, Debug)]
pub(crate) enum Code {
    Const(Value),
    Var(Slot),
    Not(Box<Code>, Span),
    Neg(Box<Code>, Span),
    And(Box<Code>, Box<Code>, Span),
    Or(Box<Code>, Box<Code>, Span),
    Binary(BinaryOp, Box<Code>, Box<Code>, Span),
    Cond(Box<Code>, Box<Code>, Box<Code>, Span),
    List(Box<[Code]>, Span),
    Index(Box<Code>, Box<Code>, Span),
    Call(Builtin, Box<[Code]>, Span),
    /// Code that always fails: kept only in unchecked programs, where the checker did not refuse
    /// it, so that the failure happens where CEL says it happens: at evaluation.
    Fail(EvalErrorKind, Span),
}

impl Code {
    pub(crate) fn eval(&self, vars: &[Option<Value>], limits: &Limits) -> EvalResult {
        match self {
            Code::Const(v) => Ok(v.clone()),
            Code::Var(slot) => match vars.get(slot.index()) {
                Some(Some(v)) => Ok(v.clone()),
                _ => Err(Stop::Unknown(SlotSet::single(*slot))),
            },
            Code::Not(x, span) => Ok(ops::not(&x.eval(vars, limits)?, *span)?),
            Code::Neg(x, span) => Ok(ops::neg(&x.eval(vars, limits)?, *span)?),
            Code::And(a, b, span) => logic(false, a, b, *span, vars, limits),
            Code::Or(a, b, span) => logic(true, a, b, *span, vars, limits),
            Code::Binary(op, a, b, span) => {
                let (x, y) = both(a.eval(vars, limits), b.eval(vars, limits))?;
                Ok(ops::binary(*op, &x, &y, *span, limits)?)
            }
            Code::Cond(c, t, e, span) => match c.eval(vars, limits)? {
                Value::Bool(true) => t.eval(vars, limits),
                Value::Bool(false) => e.eval(vars, limits),
                other => Err(Stop::Error(EvalError {
                    kind: EvalErrorKind::NoSuchOverload { op: "?:", operands: [Some(other.kind()), None] },
                    span: *span,
                })),
            },
            Code::List(items, span) => {
                let values = all(items, vars, limits)?;
                if values.len() > limits.max_list_len {
                    return Err(Stop::Error(EvalError {
                        kind: EvalErrorKind::ValueTooLarge { what: "list", limit: limits.max_list_len },
                        span: *span,
                    }));
                }
                Ok(Value::List(values.into()))
            }
            Code::Index(t, i, span) => {
                let (x, y) = both(t.eval(vars, limits), i.eval(vars, limits))?;
                Ok(ops::index(&x, &y, *span)?)
            }
            Code::Call(f, args, span) => {
                let values = all(args, vars, limits)?;
                Ok(ops::call(*f, &values, *span)?)
            }
            Code::Fail(kind, span) => Err(Stop::Error(EvalError { kind: *kind, span: *span })),
        }
    }

    /// Whether this is a constant.
    pub(crate) fn as_const(&self) -> Option<&Value> {
        match self {
            Code::Const(v) => Some(v),
            _ => None,
        }
    }

    /// Adds every variable this code may read to `set`.
    pub(crate) fn collect_reads(&self, set: &mut SlotSet) {
        match self {
            Code::Const(_) | Code::Fail(..) => {}
            Code::Var(slot) => set.insert(*slot),
            Code::Not(x, _) | Code::Neg(x, _) => x.collect_reads(set),
            Code::And(a, b, _) | Code::Or(a, b, _) | Code::Binary(_, a, b, _) | Code::Index(a, b, _) => {
                a.collect_reads(set);
                b.collect_reads(set);
            }
            Code::Cond(c, t, e, _) => {
                c.collect_reads(set);
                t.collect_reads(set);
                e.collect_reads(set);
            }
            Code::List(items, _) | Code::Call(_, items, _) => items.iter().for_each(|i| i.collect_reads(set)),
        }
    }
}

/// Both operands' values, or their joined stop.
fn both(a: EvalResult, b: EvalResult) -> Result<(Value, Value), Stop> {
    match (a, b) {
        (Ok(x), Ok(y)) => Ok((x, y)),
        (Err(s), Ok(_)) | (Ok(_), Err(s)) => Err(s),
        (Err(s), Err(t)) => Err(s.join(t)),
    }
}

/// Every item's value, or the join of all their stops.
fn all(items: &[Code], vars: &[Option<Value>], limits: &Limits) -> Result<Vec<Value>, Stop> {
    let mut values = Vec::with_capacity(items.len());
    let mut stop: Option<Stop> = None;
    for item in items {
        match item.eval(vars, limits) {
            Ok(v) => values.push(v),
            Err(s) => {
                stop = Some(match stop {
                    None => s,
                    Some(prev) => prev.join(s),
                })
            }
        }
    }
    match stop {
        None => Ok(values),
        Some(s) => Err(s),
    }
}

/// `a && b` (when `decisive` is false) or `a || b` (when it is true): the side equal to
/// `decisive` decides, whatever the other side is.
fn logic(decisive: bool, a: &Code, b: &Code, span: Span, vars: &[Option<Value>], limits: &Limits) -> EvalResult {
    let op = if decisive { "||" } else { "&&" };
    let as_bool = |r: EvalResult| -> Result<bool, Stop> {
        match r? {
            Value::Bool(b) => Ok(b),
            other => Err(Stop::Error(EvalError {
                kind: EvalErrorKind::NoSuchOverload { op, operands: [Some(other.kind()), None] },
                span,
            })),
        }
    };
    let left = as_bool(a.eval(vars, limits));
    if left == Ok(decisive) {
        return Ok(Value::Bool(decisive));
    }
    let right = as_bool(b.eval(vars, limits));
    match (left, right) {
        (_, Ok(r)) if r == decisive => Ok(Value::Bool(decisive)),
        (Ok(_), Ok(_)) => Ok(Value::Bool(!decisive)),
        (Err(s), Ok(_)) | (Ok(_), Err(s)) => Err(s),
        (Err(s), Err(t)) => Err(s.join(t)),
    }
}
