//! Compiled code and its evaluation.
//!
//! Code reads variables by slot. Evaluation is three-valued: a value, an error, or *unknown*
//! (a declared variable without a value). `&&` and `||` are commutative as in CEL: an error or
//! an unknown on one side is absorbed when the other side decides the result, and when neither
//! decides, unknown wins over error. Every other operator is strict: it evaluates all operands,
//! and if any is unknown the result is unknown and waits on the union of their variables, so the
//! caller learns everything still needed in one pass.

use std::borrow::Cow;

use crate::ast::BinaryOp;
use crate::calendar::CalendarRef;
use crate::env::{Slot, SlotSet};
use crate::error::{EvalError, EvalErrorKind};
use crate::functions::Builtin;
use crate::limits::Limits;
use crate::ops;
use crate::span::Span;
use crate::value::{List, Value};

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

/// What evaluation passes between nodes instead of a value. An unknown among the first 64
/// slots (every unknown of a procedure of fewer variables) is its bits, so that waiting on a
/// fact allocates nothing; any other stop is boxed, so that a result stays as small as a value,
/// which the evaluator moves at every node.
#[derive(Debug)]
enum Halt {
    Unknown(u64),
    Other(Box<Stop>),
}

impl Halt {
    fn into_stop(self) -> Stop {
        match self {
            Halt::Unknown(word) => Stop::Unknown(SlotSet::from_word(word)),
            Halt::Other(stop) => *stop,
        }
    }

    /// As [`Stop::join`], without a box for two unknowns of few slots.
    fn join(self, other: Halt) -> Halt {
        match (self, other) {
            (Halt::Unknown(a), Halt::Unknown(b)) => Halt::Unknown(a | b),
            (a, b) => Halt::from(a.into_stop().join(b.into_stop())),
        }
    }
}

impl From<Stop> for Halt {
    fn from(stop: Stop) -> Self {
        match &stop {
            Stop::Unknown(set) => match set.as_word() {
                Some(word) => Halt::Unknown(word),
                None => Halt::Other(Box::new(stop)),
            },
            Stop::Error(_) => Halt::Other(Box::new(stop)),
        }
    }
}

fn unknown(slot: Slot) -> Halt {
    match 1u64.checked_shl(slot.0) {
        Some(bit) => Halt::Unknown(bit),
        None => Halt::Other(Box::new(Stop::Unknown(SlotSet::single(slot)))),
    }
}

fn fail(kind: EvalErrorKind, span: Span) -> Halt {
    halt(EvalError { kind, span })
}

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
    /// A relation of a variable with a constant (`cause == "lost"`, `age >= 16`,
    /// `kind in [..]`): most conditions are one, and this reads the variable in place instead
    /// of going through two operands. It means exactly `Binary(op, Var(slot), Const(value))`,
    /// which is what the analyses read (see [`Code::general`]).
    Compare(BinaryOp, Slot, Value, Span),
    Cond(Box<Code>, Box<Code>, Box<Code>, Span),
    List(Box<[Code]>, Span),
    Index(Box<Code>, Box<Code>, Span),
    Call(Builtin, Box<[Code]>, Span),
    /// A calendar function, with the calendar the checker resolved, and its date argument.
    OnCalendar(Builtin, CalendarRef, Box<Code>, Span),
    /// Code that always fails: kept only in unchecked programs, where the checker did not refuse
    /// it, so that the failure happens where CEL says it happens: at evaluation.
    Fail(EvalErrorKind, Span),
}

impl Code {
    pub(crate) fn eval(&self, vars: &[Option<Value>], limits: &Limits) -> EvalResult {
        self.run(vars, limits).map_err(Halt::into_stop)
    }

    /// As [`Code::eval`] for code that should give a bool, without building a value.
    pub(crate) fn eval_bool(&self, vars: &[Option<Value>], limits: &Limits, span: Span) -> Result<bool, Stop> {
        self.test(vars, limits, ("condition", span)).map_err(Halt::into_stop)
    }

    fn run(&self, vars: &[Option<Value>], limits: &Limits) -> Result<Value, Halt> {
        match self {
            Code::Const(v) => Ok(v.clone()),
            Code::Var(slot) => match vars.get(slot.index()) {
                Some(Some(v)) => Ok(v.clone()),
                _ => Err(unknown(*slot)),
            },
            Code::Not(x, span) => x.test(vars, limits, ("!", *span)).map(|b| Value::Bool(!b)),
            Code::And(a, b, span) => logic(false, a, b, *span, vars, limits).map(Value::Bool),
            Code::Or(a, b, span) => logic(true, a, b, *span, vars, limits).map(Value::Bool),
            Code::Binary(op, a, b, span) if op.is_relation() => {
                with_both(a, b, vars, limits, |x, y| ops::relation(*op, x, y, *span)).map(Value::Bool)
            }
            Code::Compare(op, slot, c, span) => compare(*op, *slot, c, *span, vars).map(Value::Bool),
            Code::Neg(x, span) => ops::neg(&*x.operand(vars, limits)?, *span).map_err(halt),
            Code::Binary(op, a, b, span) => with_both(a, b, vars, limits, |x, y| ops::binary(*op, x, y, *span, limits)),
            Code::Cond(c, t, e, span) => {
                if c.test(vars, limits, ("?:", *span))? {
                    t.run(vars, limits)
                } else {
                    e.run(vars, limits)
                }
            }
            Code::List(items, span) => {
                let values = all(items, vars, limits)?;
                if values.len() > limits.max_list_len {
                    return Err(fail(EvalErrorKind::ValueTooLarge { what: "list", limit: limits.max_list_len }, *span));
                }
                ops::heavy(List::new(values), limits, *span).map(Value::List).map_err(halt)
            }
            Code::Index(t, i, span) => with_both(t, i, vars, limits, |x, y| ops::index(x, y, *span)),
            // Every built-in takes one or two arguments: they are evaluated on the stack, not
            // into a vector, so a call such as `add_months(d, 3)` allocates nothing.
            Code::Call(f, args, span) => match &**args {
                [a] => ops::call(*f, std::slice::from_ref(&*a.operand(vars, limits)?), *span).map_err(halt),
                [a, b] => with_both(a, b, vars, limits, |x, y| ops::call(*f, &[x.clone(), y.clone()], *span)),
                _ => {
                    let values = all(args, vars, limits)?;
                    ops::call(*f, &values, *span).map_err(halt)
                }
            },
            Code::OnCalendar(f, calendar, date, span) => {
                ops::on_calendar(*f, *calendar, &*date.operand(vars, limits)?, *span).map_err(halt)
            }
            Code::Fail(kind, span) => Err(fail(*kind, *span)),
        }
    }

    /// Evaluates code that should give a bool, without building a `Value`: conditions are most
    /// of what procedures evaluate. `context` names the operator that needs the bool and where
    /// it is, for the error when the value is not a bool (possible only in unchecked code).
    fn test(&self, vars: &[Option<Value>], limits: &Limits, context: (&'static str, Span)) -> Result<bool, Halt> {
        match self {
            Code::Not(x, span) => x.test(vars, limits, ("!", *span)).map(|b| !b),
            Code::And(a, b, span) => logic(false, a, b, *span, vars, limits),
            Code::Or(a, b, span) => logic(true, a, b, *span, vars, limits),
            Code::Binary(op, a, b, span) if op.is_relation() => {
                with_both(a, b, vars, limits, |x, y| ops::relation(*op, x, y, *span))
            }
            Code::Compare(op, slot, c, span) => compare(*op, *slot, c, *span, vars),
            Code::Var(slot) => match vars.get(slot.index()) {
                Some(Some(Value::Bool(b))) => Ok(*b),
                Some(Some(v)) => Err(fail(
                    EvalErrorKind::NoSuchOverload { op: context.0, operands: [Some(v.kind()), None] },
                    context.1,
                )),
                _ => Err(unknown(*slot)),
            },
            other => match &*other.operand(vars, limits)? {
                Value::Bool(b) => Ok(*b),
                v => Err(fail(
                    EvalErrorKind::NoSuchOverload { op: context.0, operands: [Some(v.kind()), None] },
                    context.1,
                )),
            },
        }
    }

    /// The value of an operand, borrowed when it is a constant or a variable: operators only
    /// read their operands, and borrowing spares a clone (an atomic increment for a string).
    fn operand<'a>(&'a self, vars: &'a [Option<Value>], limits: &Limits) -> Result<Cow<'a, Value>, Halt> {
        match self {
            Code::Const(v) => Ok(Cow::Borrowed(v)),
            Code::Var(slot) => match vars.get(slot.index()) {
                Some(Some(v)) => Ok(Cow::Borrowed(v)),
                _ => Err(unknown(*slot)),
            },
            other => other.run(vars, limits).map(Cow::Owned),
        }
    }

    /// Whether this is a constant.
    pub(crate) fn as_const(&self) -> Option<&Value> {
        match self {
            Code::Const(v) => Some(v),
            _ => None,
        }
    }

    /// The general form of a specialised instruction, for the analyses that read code by its
    /// shape; `None` for code that is already general.
    pub(crate) fn general(&self) -> Option<Code> {
        match self {
            Code::Compare(op, slot, c, span) => {
                Some(Code::Binary(*op, Box::new(Code::Var(*slot)), Box::new(Code::Const(c.clone())), *span))
            }
            _ => None,
        }
    }

    /// The specialised instruction for general code, where there is one: what the checker
    /// emits, once constants are folded.
    pub(crate) fn specialise(self) -> Code {
        match self {
            Code::Binary(op, a, b, span) if op.is_relation() => match (*a, *b) {
                (Code::Var(slot), Code::Const(c)) => Code::Compare(op, slot, c, span),
                (a, b) => Code::Binary(op, Box::new(a), Box::new(b), span),
            },
            other => other,
        }
    }

    /// Adds every variable this code may read to `set`.
    pub(crate) fn collect_reads(&self, set: &mut SlotSet) {
        match self {
            Code::Const(_) | Code::Fail(..) => {}
            Code::Var(slot) | Code::Compare(_, slot, _, _) => set.insert(*slot),
            Code::Not(x, _) | Code::Neg(x, _) | Code::OnCalendar(_, _, x, _) => x.collect_reads(set),
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

/// Applies `f` to both operands' values (borrowed where possible), or joins their stops.
#[inline]
fn with_both<T>(
    a: &Code,
    b: &Code,
    vars: &[Option<Value>],
    limits: &Limits,
    f: impl FnOnce(&Value, &Value) -> Result<T, EvalError>,
) -> Result<T, Halt> {
    match (a.operand(vars, limits), b.operand(vars, limits)) {
        (Ok(x), Ok(y)) => f(&x, &y).map_err(halt),
        (Err(s), Ok(_)) | (Ok(_), Err(s)) => Err(s),
        (Err(s), Err(t)) => Err(s.join(t)),
    }
}

/// `slot op constant`: as [`with_both`] would give it for `Var(slot)` and `Const(constant)`.
#[inline]
fn compare(op: BinaryOp, slot: Slot, constant: &Value, span: Span, vars: &[Option<Value>]) -> Result<bool, Halt> {
    match vars.get(slot.index()) {
        Some(Some(v)) => ops::relation(op, v, constant, span).map_err(halt),
        _ => Err(unknown(slot)),
    }
}

fn halt(error: EvalError) -> Halt {
    Halt::Other(Box::new(Stop::Error(error)))
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
fn logic(
    decisive: bool,
    a: &Code,
    b: &Code,
    span: Span,
    vars: &[Option<Value>],
    limits: &Limits,
) -> Result<bool, Halt> {
    let context = (if decisive { "||" } else { "&&" }, span);
    let left = a.test(vars, limits, context);
    if matches!(left, Ok(l) if l == decisive) {
        return Ok(decisive);
    }
    let right = b.test(vars, limits, context);
    match (left, right) {
        (_, Ok(r)) if r == decisive => Ok(decisive),
        (Ok(_), Ok(_)) => Ok(!decisive),
        (Err(s), Ok(_)) | (Ok(_), Err(s)) => Err(s),
        (Err(s), Err(t)) => Err(s.join(t)),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "test code: a panic is a failing test")]

    use super::*;
    use crate::{Env, Type, compile};

    #[test]
    fn a_result_is_as_small_as_a_value() {
        assert_eq!(size_of::<Result<Value, Halt>>(), size_of::<Value>());
    }

    #[test]
    fn a_relation_of_a_variable_with_a_constant_is_one_instruction() {
        let mut env = Env::new();
        env.declare("age", Type::Int).unwrap();
        let program = compile("age >= 16", 0, &env, &Limits::DEFAULT).unwrap();
        assert!(matches!(program.code, Code::Compare(BinaryOp::Ge, _, Value::Int(16), _)), "{:?}", program.code);
        assert_eq!(program.eval(&[Some(Value::Int(16))]), Ok(Value::Bool(true)));
        assert_eq!(program.eval_bool(&[Some(Value::Int(15))]), Ok(false));
        assert_eq!(program.eval(&[None]), Err(Stop::Unknown(SlotSet::single(Slot(0)))));
    }

    #[test]
    fn unknowns_of_slots_from_64_on_join_with_the_others() {
        let mut env = Env::new();
        for i in 0..70 {
            env.declare(&format!("v{i}"), Type::Int).unwrap();
        }
        let program = compile("v69 == 1 || v0 == 1 || v63 > 2", 0, &env, &Limits::DEFAULT).unwrap();
        let mut expected = SlotSet::single(Slot(69));
        expected.insert(Slot(0));
        expected.insert(Slot(63));
        assert_eq!(program.eval(&[]), Err(Stop::Unknown(expected.clone())));
        assert_eq!(program.eval_bool(&[]), Err(Stop::Unknown(expected)));
    }
}
