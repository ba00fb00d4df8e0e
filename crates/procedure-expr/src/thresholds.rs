//! The constants a variable is compared with, for the procedure checks that enumerate values:
//! when every read of an int variable is a comparison with a constant (`age >= 16`,
//! `3 == count`, `age in [1, 2]`), the constants and their neighbours are the only values
//! that can change any result, so enumerating them covers every case.

use crate::ast::BinaryOp;
use crate::env::Slot;
use crate::eval::Code;
use crate::value::Value;

/// The constants `slot` is compared with in `code`, or `None` when `code` reads it in any
/// other way (arithmetic, a function's argument, a comparison with another variable).
pub(crate) fn thresholds(code: &Code, slot: Slot) -> Option<Vec<Value>> {
    let mut out = Vec::new();
    collect(code, slot, &mut out).then_some(out)
}

fn is_var(code: &Code, slot: Slot) -> bool {
    matches!(code, Code::Var(s) if *s == slot)
}

/// Adds the constants `slot` is compared with; false when a read is not such a comparison.
fn collect(code: &Code, slot: Slot, out: &mut Vec<Value>) -> bool {
    match code {
        Code::Const(_) | Code::Fail(..) => true,
        Code::Var(s) => *s != slot,
        Code::Binary(op, a, b, _) if op.is_relation() => match (&**a, &**b) {
            (x, Code::Const(c)) | (Code::Const(c), x) if is_var(x, slot) => {
                match (op, c) {
                    (BinaryOp::In, Value::List(items)) => out.extend(items.iter().cloned()),
                    _ => out.push(c.clone()),
                }
                true
            }
            (a, b) => collect(a, slot, out) && collect(b, slot, out),
        },
        Code::Compare(..) => code.general().is_none_or(|g| collect(&g, slot, out)),
        Code::Not(x, _) | Code::Neg(x, _) | Code::OnCalendar(_, _, x, _) => collect(x, slot, out),
        Code::And(a, b, _) | Code::Or(a, b, _) | Code::Binary(_, a, b, _) | Code::Index(a, b, _) => {
            collect(a, slot, out) && collect(b, slot, out)
        }
        Code::Cond(c, t, e, _) => collect(c, slot, out) && collect(t, slot, out) && collect(e, slot, out),
        Code::List(items, _) | Code::Call(_, items, _) => items.iter().all(|i| collect(i, slot, out)),
    }
}

/// Every constant in `code`, in the order written: the offsets (`days(14)`) and dates a
/// partition of dates splits at.
pub(crate) fn constants(code: &Code, out: &mut Vec<Value>) {
    match code {
        Code::Const(c) | Code::Compare(_, _, c, _) => out.push(c.clone()),
        Code::Fail(..) | Code::Var(_) => {}
        Code::Not(x, _) | Code::Neg(x, _) | Code::OnCalendar(_, _, x, _) => constants(x, out),
        Code::And(a, b, _) | Code::Or(a, b, _) | Code::Binary(_, a, b, _) | Code::Index(a, b, _) => {
            constants(a, out);
            constants(b, out);
        }
        Code::Cond(c, t, e, _) => {
            constants(c, out);
            constants(t, out);
            constants(e, out);
        }
        Code::List(items, _) | Code::Call(_, items, _) => items.iter().for_each(|i| constants(i, out)),
    }
}
