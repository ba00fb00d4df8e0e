//! The meaning of each operator and built-in function on values. Both the evaluator and the
//! constant folder call these, so a folded constant always equals what evaluation would give.

use std::cmp::Ordering;
use std::sync::Arc;

use jiff::civil::Date;
use jiff::{Span as JiffSpan, Unit};

use crate::ast::BinaryOp;
use crate::calendar::CalendarRef;
use crate::error::{EvalError, EvalErrorKind};
use crate::functions::Builtin;
use crate::limits::Limits;
use crate::span::Span;
use crate::value::{List, Value};

type OpResult = Result<Value, EvalError>;

fn err(kind: EvalErrorKind, span: Span) -> EvalError {
    EvalError { kind, span }
}

fn no_overload(op: &'static str, operands: &[&Value], span: Span) -> EvalError {
    let kinds = [operands.first().map(|v| v.kind()), operands.get(1).map(|v| v.kind())];
    err(EvalErrorKind::NoSuchOverload { op, operands: kinds }, span)
}

/// CEL's heterogeneous equality: values of different kinds are unequal, never an error.
pub fn equals(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::List(x), Value::List(y)) => x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| equals(p, q)),
        _ => a == b,
    }
}

/// The order of two values of the same orderable kind; `None` if they cannot be ordered.
pub fn compare(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Some(x.cmp(y)),
        // Byte order of UTF-8 is code-point order, which is CEL's string order.
        (Value::String(x), Value::String(y)) => Some(x.as_bytes().cmp(y.as_bytes())),
        (Value::Bool(x), Value::Bool(y)) => Some(x.cmp(y)),
        (Value::Date(x), Value::Date(y)) => Some(x.cmp(y)),
        (Value::Duration(x), Value::Duration(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

/// A strict binary operator (every operator but `&&` and `||`) applied to two values.
pub fn binary(op: BinaryOp, a: &Value, b: &Value, span: Span, limits: &Limits) -> OpResult {
    let sym = op.symbol();
    let overflow = || err(EvalErrorKind::Overflow { op: sym }, span);
    match op {
        BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge | BinaryOp::In => {
            relation(op, a, b, span).map(Value::Bool)
        }
        BinaryOp::Add => match (a, b) {
            (Value::Int(x), Value::Int(y)) => x.checked_add(*y).map(Value::Int).ok_or_else(overflow),
            (Value::String(x), Value::String(y)) => {
                let len = x.len().saturating_add(y.len());
                if len > limits.max_string_len {
                    return Err(too_large("string", limits.max_string_len, span));
                }
                let mut s = String::with_capacity(len);
                s.push_str(x);
                s.push_str(y);
                Ok(Value::String(Arc::from(s)))
            }
            (Value::List(x), Value::List(y)) => {
                if x.len().saturating_add(y.len()) > limits.max_list_len {
                    return Err(too_large("list", limits.max_list_len, span));
                }
                if x.weight().saturating_add(y.weight()) > limits.max_list_weight {
                    return Err(err(EvalErrorKind::ListTooHeavy { limit: limits.max_list_weight }, span));
                }
                Ok(Value::List(x.iter().chain(y.iter()).cloned().collect()))
            }
            (Value::Date(d), Value::Duration(n)) | (Value::Duration(n), Value::Date(d)) => add_days(*d, *n, span),
            (Value::Duration(x), Value::Duration(y)) => duration(x.checked_add(*y), span),
            _ => Err(no_overload(sym, &[a, b], span)),
        },
        BinaryOp::Sub => match (a, b) {
            (Value::Int(x), Value::Int(y)) => x.checked_sub(*y).map(Value::Int).ok_or_else(overflow),
            (Value::Date(d), Value::Duration(n)) => add_days(*d, n.checked_neg().unwrap_or(i64::MAX), span),
            (Value::Date(x), Value::Date(y)) => days_between(*y, *x, span).map(Value::Duration),
            (Value::Duration(x), Value::Duration(y)) => duration(x.checked_sub(*y), span),
            _ => Err(no_overload(sym, &[a, b], span)),
        },
        BinaryOp::Mul => match (a, b) {
            (Value::Int(x), Value::Int(y)) => x.checked_mul(*y).map(Value::Int).ok_or_else(overflow),
            _ => Err(no_overload(sym, &[a, b], span)),
        },
        BinaryOp::Div | BinaryOp::Rem => match (a, b) {
            (Value::Int(_), Value::Int(0)) => Err(err(
                if op == BinaryOp::Div { EvalErrorKind::DivisionByZero } else { EvalErrorKind::ModuloByZero },
                span,
            )),
            (Value::Int(x), Value::Int(y)) => {
                let r = if op == BinaryOp::Div { x.checked_div(*y) } else { x.checked_rem(*y) };
                r.map(Value::Int).ok_or_else(overflow)
            }
            _ => Err(no_overload(sym, &[a, b], span)),
        },
        // `&&` and `||` are not strict; the evaluator handles them before calling here.
        BinaryOp::And | BinaryOp::Or => Err(no_overload(sym, &[a, b], span)),
    }
}

/// A relation (`== != < <= > >= in`), which always gives a bool.
pub fn relation(op: BinaryOp, a: &Value, b: &Value, span: Span) -> Result<bool, EvalError> {
    match op {
        BinaryOp::Eq => Ok(equals(a, b)),
        BinaryOp::Ne => Ok(!equals(a, b)),
        BinaryOp::In => match b {
            Value::List(items) => Ok(items.iter().any(|i| equals(a, i))),
            _ => Err(no_overload("in", &[a, b], span)),
        },
        _ => {
            let ord = compare(a, b).ok_or_else(|| no_overload(op.symbol(), &[a, b], span))?;
            Ok(match op {
                BinaryOp::Lt => ord == Ordering::Less,
                BinaryOp::Le => ord != Ordering::Greater,
                BinaryOp::Gt => ord == Ordering::Greater,
                _ => ord != Ordering::Less,
            })
        }
    }
}

/// `-x`.
pub fn neg(v: &Value, span: Span) -> OpResult {
    match v {
        Value::Int(i) => i.checked_neg().map(Value::Int).ok_or(err(EvalErrorKind::Overflow { op: "-" }, span)),
        Value::Duration(d) => duration(d.checked_neg(), span),
        _ => Err(no_overload("-", &[v], span)),
    }
}

/// `list[index]`.
pub fn index(target: &Value, index: &Value, span: Span) -> OpResult {
    match (target, index) {
        (Value::List(items), Value::Int(i)) => usize::try_from(*i)
            .ok()
            .and_then(|u| items.get(u))
            .cloned()
            .ok_or(err(EvalErrorKind::IndexOutOfRange { index: *i, len: items.len() }, span)),
        _ => Err(no_overload("[]", &[target, index], span)),
    }
}

/// A built-in function applied to its arguments (the receiver first, for a method).
pub fn call(f: Builtin, args: &[Value], span: Span) -> OpResult {
    let name = f.name();
    match (f, args) {
        (Builtin::Size, [Value::String(s)]) => count(s.chars().count(), span),
        (Builtin::Size, [Value::List(l)]) => count(l.len(), span),
        (Builtin::Contains, [Value::String(s), Value::String(t)]) => Ok(Value::Bool(s.contains(&**t))),
        (Builtin::StartsWith, [Value::String(s), Value::String(t)]) => Ok(Value::Bool(s.starts_with(&**t))),
        (Builtin::EndsWith, [Value::String(s), Value::String(t)]) => Ok(Value::Bool(s.ends_with(&**t))),
        (Builtin::Date, [Value::String(s)]) => {
            parse_date(s).map(Value::Date).map_err(|_| err(EvalErrorKind::InvalidDate, span))
        }
        (Builtin::Date, [d @ Value::Date(_)]) => Ok(d.clone()),
        (Builtin::Days, [Value::Int(n)]) => duration(Some(*n), span),
        (Builtin::YearsBetween, [Value::Date(from), Value::Date(to)]) => from
            .until((Unit::Year, *to))
            .map(|s| Value::Int(i64::from(s.get_years())))
            .map_err(|_| err(EvalErrorKind::DateOutOfRange, span)),
        (Builtin::AddMonths, [Value::Date(d), Value::Int(n)]) => add_span(*d, JiffSpan::new().try_months(*n), span),
        (Builtin::AddYears, [Value::Date(d), Value::Int(n)]) => add_span(*d, JiffSpan::new().try_years(*n), span),
        (Builtin::Weekday, [Value::Date(d)]) => Ok(Value::Int(i64::from(d.weekday().to_monday_one_offset()))),
        _ => {
            let operands: Vec<&Value> = args.iter().collect();
            Err(no_overload(name, &operands, span))
        }
    }
}

/// A calendar function applied to its date: outside the calendar's horizon it fails, never guesses.
pub fn on_calendar(f: Builtin, calendar: CalendarRef, date: &Value, span: Span) -> OpResult {
    let Value::Date(d) = date else { return Err(no_overload(f.name(), &[date], span)) };
    let answer = match f {
        Builtin::IsOpenDay => calendar.is_open(*d).map(Value::Bool),
        Builtin::NextOpenDay => calendar.next_open_on_or_after(*d).map(Value::Date),
        Builtin::PreviousOpenDay => calendar.last_open_on_or_before(*d).map(Value::Date),
        _ => return Err(no_overload(f.name(), &[date], span)),
    };
    answer.ok_or(err(EvalErrorKind::OutsideCalendar { calendar: calendar.name(), horizon: calendar.horizon() }, span))
}

/// The most days a duration may hold: the distance between 0001-01-01 and 9999-12-31.
pub const MAX_DAYS: i64 = 3_652_058;

fn duration(days: Option<i64>, span: Span) -> OpResult {
    match days {
        Some(d) if (-MAX_DAYS..=MAX_DAYS).contains(&d) => Ok(Value::Duration(d)),
        _ => Err(err(EvalErrorKind::DateOutOfRange, span)),
    }
}

fn count(n: usize, span: Span) -> OpResult {
    i64::try_from(n).map(Value::Int).map_err(|_| err(EvalErrorKind::Overflow { op: "size" }, span))
}

/// `list`, unless it is heavier than the limit (see [`List`]).
pub(crate) fn heavy(list: List, limits: &Limits, span: Span) -> Result<List, EvalError> {
    if list.weight() > limits.max_list_weight {
        return Err(err(EvalErrorKind::ListTooHeavy { limit: limits.max_list_weight }, span));
    }
    Ok(list)
}

fn too_large(what: &'static str, limit: usize, span: Span) -> EvalError {
    err(EvalErrorKind::ValueTooLarge { what, limit }, span)
}

/// The dates the language supports: those `date("YYYY-MM-DD")` can write, so that every date
/// value prints as a literal that reads back.
fn in_range(date: Date) -> bool {
    (1..=9999).contains(&date.year())
}

fn add_days(date: Date, days: i64, span: Span) -> OpResult {
    add_span(date, JiffSpan::new().try_days(days), span)
}

/// `date` moved by a span of days, months or years; jiff clamps a day past the month's end to
/// its last day, which is how the Civil Code (Article 143) reckons months and years.
fn add_span(date: Date, by: Result<JiffSpan, jiff::Error>, span: Span) -> OpResult {
    by.and_then(|s| date.checked_add(s))
        .ok()
        .filter(|d| in_range(*d))
        .map(Value::Date)
        .ok_or(err(EvalErrorKind::DateOutOfRange, span))
}

/// Whole days from `from` to `to`, negative when `to` comes first.
fn days_between(from: Date, to: Date, span: Span) -> Result<i64, EvalError> {
    from.until(to).map(|s| i64::from(s.get_days())).map_err(|_| err(EvalErrorKind::DateOutOfRange, span))
}

/// Why a date string was refused.
#[derive(Debug, PartialEq, Eq)]
pub struct DateSyntaxError(pub String);

/// Reads a date written exactly `YYYY-MM-DD`, refusing dates that do not exist.
pub fn parse_date(text: &str) -> Result<Date, DateSyntaxError> {
    let b = text.as_bytes();
    let shaped = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
    if !shaped {
        return Err(DateSyntaxError("not in the form YYYY-MM-DD".into()));
    }
    let field = |range: std::ops::Range<usize>| text.get(range).and_then(|t| t.parse::<i16>().ok()).unwrap_or(0);
    let (y, m, d) = (field(0..4), field(5..7), field(8..10));
    if y < 1 {
        return Err(DateSyntaxError("years start at 0001".into()));
    }
    if !(1..=12).contains(&m) {
        return Err(DateSyntaxError(format!("there is no month {m}")));
    }
    Date::new(y, m as i8, d as i8).map_err(|_| {
        let days = jiff::civil::date(y, m as i8, 1).days_in_month();
        DateSyntaxError(format!("{y:04}-{m:02} has {days} days, not {d}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_exist_and_be_well_formed() {
        assert_eq!(parse_date("2026-11-25").unwrap(), jiff::civil::date(2026, 11, 25));
        assert_eq!(parse_date("2026-02-30").unwrap_err().0, "2026-02 has 28 days, not 30");
        assert_eq!(parse_date("2024-02-29").unwrap(), jiff::civil::date(2024, 2, 29));
        assert!(parse_date("2026-13-01").is_err());
        assert!(parse_date("2026-1-01").is_err());
        assert!(parse_date("20261125").is_err());
        assert!(parse_date("2026-00-10").is_err());
        assert!(parse_date("0000-00-00").is_err());
    }

    #[test]
    fn add_months_and_years_clamp_to_the_end_of_the_month() {
        let d = |s: &str| Value::Date(parse_date(s).unwrap());
        let add = |f, a, n| call(f, &[d(a), Value::Int(n)], Span::default()).unwrap();
        assert_eq!(add(Builtin::AddMonths, "2026-05-03", 2), d("2026-07-03"));
        assert_eq!(add(Builtin::AddMonths, "2026-01-31", 1), d("2026-02-28"));
        assert_eq!(add(Builtin::AddMonths, "2026-03-31", -1), d("2026-02-28"));
        assert_eq!(add(Builtin::AddYears, "2024-02-29", 1), d("2025-02-28"));
        assert_eq!(add(Builtin::AddYears, "2020-10-12", 1), d("2021-10-12"));
        assert!(call(Builtin::AddYears, &[d("9999-01-01"), Value::Int(1)], Span::default()).is_err());
        assert!(call(Builtin::AddMonths, &[d("2026-01-01"), Value::Int(i64::MAX)], Span::default()).is_err());
    }

    #[test]
    fn years_between_counts_whole_years() {
        let d = |s| Value::Date(parse_date(s).unwrap());
        let years = |a, b| call(Builtin::YearsBetween, &[d(a), d(b)], Span::default()).unwrap();
        assert_eq!(years("2010-11-26", "2026-11-25"), Value::Int(15));
        assert_eq!(years("2010-11-25", "2026-11-25"), Value::Int(16));
        assert_eq!(years("2008-02-29", "2026-02-28"), Value::Int(17));
    }
}
