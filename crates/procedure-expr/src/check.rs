//! The type checker, which also lowers the tree to slot-resolved code and folds constants.
//!
//! One walk does all three: each node is typed, its children's code is combined, and a node
//! whose operands are all constant is evaluated on the spot. Errors are collected, not thrown,
//! so that one run reports every problem of the expression.

use crate::ast::{BinaryOp, Expr, ExprKind, UnaryOp};
use crate::env::Env;
use crate::error::{EvalError, EvalErrorKind, ExprError};
use crate::eval::{Code, Stop};
use crate::functions::{BUILTINS, Builtin, Style};
use crate::limits::Limits;
use crate::ops::parse_date;
use crate::suggest::{MAX_CANDIDATES, MAX_LISTED, did_you_mean};
use crate::types::Type;
use crate::value::Value;

/// Whether the checker's type errors are reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Checking {
    /// Type errors are reported; the program is well-typed when compilation succeeds.
    On,
    /// Type errors are not reported: operators meet unsuitable values at evaluation and fail
    /// there with `no such overload`, as CEL's unchecked evaluation does. Names must still
    /// resolve.
    Off,
}

pub(crate) struct Checker<'a> {
    env: &'a Env,
    limits: &'a Limits,
    checking: Checking,
    pub(crate) errors: Vec<ExprError>,
}

impl<'a> Checker<'a> {
    pub(crate) fn new(env: &'a Env, limits: &'a Limits, checking: Checking) -> Self {
        Checker { env, limits, checking, errors: Vec::new() }
    }

    fn type_error(&mut self, error: ExprError) {
        if self.checking == Checking::On {
            self.errors.push(error);
        }
    }

    fn mismatch(&mut self, message: String, span: crate::span::Span, label: &str, help: Option<String>) {
        self.type_error(ExprError::TypeMismatch { message, span, label: label.to_owned(), help });
    }

    /// Folds `code` into a constant when its operands are constants and it evaluates cleanly.
    /// A failing constant (`1 / 0`) is left to fail at evaluation, where CEL's rules about
    /// absorbing errors in `&&` and `||` still apply; but a constant list too heavy to build
    /// is reported now, as a literal too large is, since no value can rescue it.
    fn fold(&mut self, code: Code, operands_constant: bool) -> Code {
        if !operands_constant {
            return code;
        }
        match code.eval(&[], self.limits) {
            Ok(v) => Code::Const(v),
            Err(Stop::Error(EvalError { kind: EvalErrorKind::ListTooHeavy { limit }, span })) => {
                self.errors.push(ExprError::ListTooHeavy { limit, span });
                code
            }
            Err(_) => code,
        }
    }

    pub(crate) fn expr(&mut self, e: &Expr) -> (Code, Type) {
        match &e.kind {
            ExprKind::Null => (Code::Const(Value::Null), Type::Null),
            ExprKind::Bool(b) => (Code::Const(Value::Bool(*b)), Type::Bool),
            ExprKind::Int(i) => (Code::Const(Value::Int(*i)), Type::Int),
            ExprKind::String(s) => (Code::Const(Value::string(s.as_str())), Type::String),
            ExprKind::Ident(name) => match self.env.lookup(name) {
                Some((slot, ty)) => (Code::Var(slot), ty.clone()),
                None => {
                    let close = (self.env.len() <= MAX_CANDIDATES).then(|| did_you_mean(name, self.env.names()));
                    let help = match close.flatten() {
                        Some(s) => Some(format!("did you mean `{s}`?")),
                        None if self.env.is_empty() => Some("no variable is declared here".into()),
                        None => Some(format!("declared variables: {}", list_names(self.env.names()))),
                    };
                    self.errors.push(ExprError::UndeclaredVariable { name: name.clone(), span: e.span, help });
                    (Code::Const(Value::Null), Type::Dyn)
                }
            },
            ExprKind::List(items) => {
                let mut codes = Vec::with_capacity(items.len());
                let mut element: Option<Type> = None;
                for item in items {
                    let (c, t) = self.expr(item);
                    element = Some(match element {
                        None => t,
                        Some(prev) => prev.join(&t),
                    });
                    codes.push(c);
                }
                // Lists of lists of derived values nest their types: 40,000 derived values
                // `l_i = [l_(i-1)]` would have types of 40,000 levels, each copied.
                if element.as_ref().is_some_and(|t| t.list_depth() >= self.limits.max_nesting) {
                    self.errors.push(ExprError::TooDeep {
                        limit: self.limits.max_nesting,
                        span: e.span,
                        help: format!(
                            "a list may hold lists {} levels deep at most, through derived values too",
                            self.limits.max_nesting
                        ),
                    });
                    element = Some(Type::Dyn);
                }
                let constant = codes.iter().all(|c| c.as_const().is_some());
                let code = self.fold(Code::List(codes.into(), e.span), constant);
                (code, Type::list(element.unwrap_or(Type::Dyn)))
            }
            ExprKind::Unary { op, op_span, operand } => {
                let (c, t) = self.expr(operand);
                let constant = c.as_const().is_some();
                let (code, ty) = match op {
                    UnaryOp::Not => {
                        if !matches!(t, Type::Bool | Type::Dyn) {
                            self.mismatch(
                                format!("`!` needs a bool, not {t}"),
                                operand.span,
                                &format!("this is {t}"),
                                None,
                            );
                        }
                        (Code::Not(Box::new(c), *op_span), Type::Bool)
                    }
                    UnaryOp::Neg => {
                        if !matches!(t, Type::Int | Type::Duration | Type::Dyn) {
                            self.mismatch(
                                format!("`-` needs an int or a duration, not {t}"),
                                operand.span,
                                &format!("this is {t}"),
                                None,
                            );
                        }
                        let ty = if matches!(t, Type::Int | Type::Duration) { t.clone() } else { Type::Dyn };
                        (Code::Neg(Box::new(c), *op_span), ty)
                    }
                };
                (self.fold(code, constant), ty)
            }
            ExprKind::Binary { op, op_span, lhs, rhs } => self.binary(*op, *op_span, lhs, rhs),
            ExprKind::Conditional { cond, then, otherwise } => {
                let (c, ct) = self.expr(cond);
                let (t, tt) = self.expr(then);
                let (o, ot) = self.expr(otherwise);
                if !matches!(ct, Type::Bool | Type::Dyn) {
                    self.mismatch(
                        format!("the condition of `?:` must be a bool, not {ct}"),
                        cond.span,
                        &format!("this is {ct}"),
                        None,
                    );
                }
                if !tt.is_compatible(&ot) {
                    self.mismatch(
                        format!("the branches of `?:` have different types: {tt} and {ot}"),
                        then.span.to(otherwise.span),
                        "both branches must have one type",
                        None,
                    );
                }
                let ty = tt.join(&ot);
                // A constant condition selects its branch now.
                let code = match c.as_const() {
                    Some(Value::Bool(true)) => t,
                    Some(Value::Bool(false)) => o,
                    _ => Code::Cond(Box::new(c), Box::new(t), Box::new(o), e.span),
                };
                (code, ty)
            }
            ExprKind::Index { target, index } => {
                let (t, tt) = self.expr(target);
                let (i, it) = self.expr(index);
                let element = match &tt {
                    Type::List(el) => (**el).clone(),
                    Type::Dyn => Type::Dyn,
                    other => {
                        self.mismatch(
                            format!("only lists can be indexed, not {other}"),
                            target.span,
                            &format!("this is {other}"),
                            None,
                        );
                        Type::Dyn
                    }
                };
                if !matches!(it, Type::Int | Type::Dyn) {
                    self.mismatch(
                        format!("a list index must be an int, not {it}"),
                        index.span,
                        &format!("this is {it}"),
                        None,
                    );
                }
                let constant = t.as_const().is_some() && i.as_const().is_some();
                (self.fold(Code::Index(Box::new(t), Box::new(i), e.span), constant), element)
            }
            ExprKind::Call { target, name, name_span, args } => self.call(e, target.as_deref(), name, *name_span, args),
            ExprKind::Field { target, name, name_span } => {
                let (_, tt) = self.expr(target);
                self.type_error(ExprError::NoSuchField { name: name.clone(), ty: tt.to_string(), span: *name_span });
                (Code::Fail(EvalErrorKind::NoSuchField, *name_span), Type::Dyn)
            }
        }
    }

    fn binary(&mut self, op: BinaryOp, op_span: crate::span::Span, lhs: &Expr, rhs: &Expr) -> (Code, Type) {
        let (a, at) = self.expr(lhs);
        let (b, bt) = self.expr(rhs);
        let sym = op.symbol();
        let result = match op {
            BinaryOp::And | BinaryOp::Or => {
                for (t, side) in [(&at, lhs), (&bt, rhs)] {
                    if !matches!(t, Type::Bool | Type::Dyn) {
                        self.mismatch(
                            format!("`{sym}` needs bools, not {t}"),
                            side.span,
                            &format!("this is {t}"),
                            None,
                        );
                    }
                }
                // One constant side that decides makes the other side irrelevant.
                let decisive = op == BinaryOp::Or;
                let decides = |c: &Code| c.as_const() == Some(&Value::Bool(decisive));
                let code = if decides(&a) || decides(&b) {
                    Code::Const(Value::Bool(decisive))
                } else {
                    let constant = a.as_const().is_some() && b.as_const().is_some();
                    let code = if decisive {
                        Code::Or(Box::new(a), Box::new(b), op_span)
                    } else {
                        Code::And(Box::new(a), Box::new(b), op_span)
                    };
                    return (self.fold(code, constant), Type::Bool);
                };
                return (code, Type::Bool);
            }
            BinaryOp::Eq | BinaryOp::Ne => {
                if !at.is_compatible(&bt) {
                    self.mismatch(
                        format!("`{sym}` compares values of one type, not {at} and {bt}"),
                        op_span,
                        &format!("{at} {sym} {bt}"),
                        None,
                    );
                } else {
                    self.check_enum_literal(&at, lhs, rhs);
                    self.check_enum_literal(&bt, rhs, lhs);
                }
                Type::Bool
            }
            BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
                let orderable =
                    |t: &Type| matches!(t, Type::Int | Type::String | Type::Bool | Type::Date | Type::Duration);
                let ok = match (&at, &bt) {
                    (Type::Dyn, t) | (t, Type::Dyn) => orderable(t) || *t == Type::Dyn,
                    (x, y) => x == y && orderable(x),
                };
                if !ok {
                    let help = if matches!(at, Type::Enum(_)) || matches!(bt, Type::Enum(_)) {
                        Some("enum values have no order; compare them with `==` or `in`".into())
                    } else {
                        Some("ints, strings, bools, dates and durations can be ordered, each with its own kind".into())
                    };
                    self.mismatch(
                        format!("`{sym}` cannot order {at} and {bt}"),
                        op_span,
                        &format!("{at} {sym} {bt}"),
                        help,
                    );
                }
                Type::Bool
            }
            BinaryOp::In => {
                match &bt {
                    Type::List(el) => {
                        if !at.is_compatible(el) {
                            self.mismatch(
                                format!("`in` looks for {at} in a list of {el}"),
                                op_span,
                                &format!("{at} in list({el})"),
                                None,
                            );
                        } else if let (Type::Enum(_), ExprKind::List(items)) = (&at, &rhs.kind) {
                            for item in items {
                                self.check_enum_literal(&at, lhs, item);
                            }
                        } else {
                            // `"stolen" in causes`, where `causes` is a list of enum values.
                            self.check_enum_literal(el, rhs, lhs);
                        }
                    }
                    Type::Dyn => {}
                    other => self.mismatch(
                        format!("`in` needs a list on its right, not {other}"),
                        rhs.span,
                        &format!("this is {other}"),
                        None,
                    ),
                }
                Type::Bool
            }
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Rem => {
                match arithmetic(op, &at, &bt) {
                    Some(t) => t,
                    None => {
                        let help = arithmetic_help(op);
                        self.mismatch(
                            format!("no operator `{sym}` for {at} and {bt}"),
                            op_span,
                            &format!("{at} {sym} {bt}"),
                            help,
                        );
                        Type::Dyn
                    }
                }
            }
        };
        let constant = a.as_const().is_some() && b.as_const().is_some();
        (self.fold(Code::Binary(op, Box::new(a), Box::new(b), op_span), constant).specialise(), result)
    }

    /// Reports a string literal compared with an enum-typed value that is not one of its values.
    /// `typed` is the enum-typed side, `other` the side that may be a string literal.
    fn check_enum_literal(&mut self, ty: &Type, typed: &Expr, other: &Expr) {
        let (Type::Enum(e), ExprKind::String(s)) = (ty, &other.kind) else { return };
        if e.contains(s) {
            return;
        }
        let close = (e.values().count() <= MAX_CANDIDATES).then(|| did_you_mean(s, e.values()));
        let help = close.flatten().map(|v| format!("did you mean `\"{v}\"`?"));
        let values = list_names(e.values());
        let of = match &typed.kind {
            ExprKind::Ident(name) => format!("`{name}`"),
            _ => "this enum".to_owned(),
        };
        self.type_error(ExprError::UnknownEnumValue { value: s.clone(), of, span: other.span, values, help });
    }

    fn call(
        &mut self,
        e: &Expr,
        target: Option<&Expr>,
        name: &str,
        name_span: crate::span::Span,
        args: &[Expr],
    ) -> (Code, Type) {
        let mut codes = Vec::with_capacity(args.len() + 1);
        let mut types = Vec::with_capacity(args.len() + 1);
        let mut exprs: Vec<&Expr> = Vec::with_capacity(args.len() + 1);
        for arg in target.into_iter().chain(args) {
            let (c, t) = self.expr(arg);
            codes.push(c);
            types.push(t);
            exprs.push(arg);
        }
        let method = target.is_some();
        let Some(f) = Builtin::by_name(name) else {
            let help = match did_you_mean(name, BUILTINS.iter().map(|b| b.name())) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("the functions are: {}", list_names(BUILTINS.iter().map(|b| b.name()))),
            };
            self.errors.push(ExprError::UnknownFunction { name: name.to_owned(), span: name_span, help: Some(help) });
            return (Code::Const(Value::Null), Type::Dyn);
        };
        let style_ok = match f.style() {
            Style::Both => true,
            Style::Global => !method,
            Style::Method => method,
        };
        if !style_ok {
            let how = if method {
                format!("call it as `{name}(…)`")
            } else {
                format!("call it as a method: `x.{name}(…)`")
            };
            self.errors.push(ExprError::UnknownFunction {
                name: name.to_owned(),
                span: name_span,
                help: Some(format!("`{name}` is {}; {how}", f.signature())),
            });
            return (Code::Const(Value::Null), Type::Dyn);
        }
        let given = codes.len() - usize::from(method);
        let wanted = f.arity() - usize::from(method);
        if f.uses_calendar() && (given == wanted || given == wanted + 1) {
            return self.on_calendar(e, f, name_span, codes, &types, &exprs);
        }
        if given != wanted {
            self.errors.push(ExprError::WrongArity {
                name: name.to_owned(),
                expected: plural(wanted, "argument"),
                found: given.to_string(),
                span: name_span,
                signature: f.signature().to_owned(),
            });
            return (Code::Const(Value::Null), Type::Dyn);
        }
        let expect = |t: &Type, want: &Type| t.is_compatible(want);
        let (params, result): (&[Type], Type) = match f {
            Builtin::Size => {
                let ok = matches!(types.first(), Some(Type::List(_) | Type::Dyn))
                    || types.first().is_some_and(Type::is_stringy);
                if !ok {
                    let t = types.first().cloned().unwrap_or(Type::Dyn);
                    let span = exprs.first().map_or(name_span, |x| x.span);
                    self.mismatch(
                        format!("`size` needs a string or a list, not {t}"),
                        span,
                        &format!("this is {t}"),
                        None,
                    );
                }
                (&[], Type::Int)
            }
            Builtin::Contains | Builtin::StartsWith | Builtin::EndsWith => (&[Type::String, Type::String], Type::Bool),
            Builtin::Date => {
                if let Some(Expr { kind: ExprKind::String(text), span }) = exprs.first().copied()
                    && let Err(reason) = parse_date(text)
                {
                    self.errors.push(ExprError::InvalidDate { text: text.clone(), span: *span, reason: reason.0 });
                    return (Code::Const(Value::Null), Type::Date);
                }
                (&[Type::String], Type::Date)
            }
            Builtin::Days => (&[Type::Int], Type::Duration),
            Builtin::YearsBetween => (&[Type::Date, Type::Date], Type::Int),
            Builtin::AddMonths | Builtin::AddYears => (&[Type::Date, Type::Int], Type::Date),
            Builtin::Weekday => (&[Type::Date], Type::Int),
            // Handled by `on_calendar` before the arity check refuses them.
            Builtin::IsOpenDay | Builtin::NextOpenDay | Builtin::PreviousOpenDay => (&[Type::Date], Type::Dyn),
        };
        for ((t, want), arg) in types.iter().zip(params).zip(&exprs) {
            if !expect(t, want) {
                self.mismatch(
                    format!("`{name}` needs {want} here, not {t}"),
                    arg.span,
                    &format!("this is {t}"),
                    Some(format!("`{}`", f.signature())),
                );
            }
        }
        let constant = codes.iter().all(|c| c.as_const().is_some());
        (self.fold(Code::Call(f, codes.into(), e.span), constant), result)
    }
}

impl Checker<'_> {
    /// A calendar function: its calendar (the named one, or the environment's default) is
    /// resolved now, so that evaluation never looks one up and a misspelt name is a compile error.
    fn on_calendar(
        &mut self,
        e: &Expr,
        f: Builtin,
        name_span: crate::span::Span,
        codes: Vec<Code>,
        types: &[Type],
        exprs: &[&Expr],
    ) -> (Code, Type) {
        let result = if f == Builtin::IsOpenDay { Type::Bool } else { Type::Date };
        let calendar = match exprs.get(1) {
            None => self.env.default_calendar().ok_or((f.name().to_owned(), name_span)),
            Some(Expr { kind: ExprKind::String(named), span }) => {
                self.env.calendar(named).ok_or((named.clone(), *span))
            }
            Some(other) => {
                self.mismatch(
                    format!("`{}` names its calendar with a string literal", f.name()),
                    other.span,
                    "not a string literal",
                    Some(format!("e.g. `{}(d, \"jp_admin\")`", f.name())),
                );
                return (Code::Const(Value::Null), result);
            }
        };
        let calendar = match calendar {
            Ok(c) => c,
            Err((name, span)) => {
                let known: Vec<&str> = self.env.calendar_names().collect();
                let error = if known.is_empty() {
                    ExprError::UnknownCalendar {
                        message: format!("`{}` needs a calendar, and none is available here", f.name()),
                        span,
                        label: "no calendar".to_owned(),
                        help: None,
                    }
                } else {
                    let help = match did_you_mean(&name, known.iter().copied()) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("the calendars are: {}", list_names(known.iter().copied())),
                    };
                    ExprError::UnknownCalendar {
                        message: format!("unknown calendar `{name}`"),
                        span,
                        label: "no such calendar".to_owned(),
                        help: Some(help),
                    }
                };
                self.errors.push(error);
                return (Code::Const(Value::Null), result);
            }
        };
        if let (Some(t), Some(arg)) = (types.first(), exprs.first())
            && !t.is_compatible(&Type::Date)
        {
            self.mismatch(
                format!("`{}` needs date here, not {t}", f.name()),
                arg.span,
                &format!("this is {t}"),
                Some(format!("`{}`", f.signature())),
            );
        }
        let Some(date) = codes.into_iter().next() else { return (Code::Const(Value::Null), result) };
        let constant = date.as_const().is_some();
        (self.fold(Code::OnCalendar(f, calendar, Box::new(date), e.span), constant), result)
    }
}

/// The result type of an arithmetic operator, or `None` if it does not apply.
fn arithmetic(op: BinaryOp, a: &Type, b: &Type) -> Option<Type> {
    use Type::*;
    match (op, a, b) {
        (_, Dyn, _) | (_, _, Dyn) => Some(Dyn),
        (_, Int, Int) => Some(Int),
        (BinaryOp::Add, x, y) if x.is_stringy() && y.is_stringy() => Some(String),
        (BinaryOp::Add, List(x), List(y)) => Some(Type::list(x.join(y))),
        (BinaryOp::Add, Date, Duration) | (BinaryOp::Add, Duration, Date) => Some(Date),
        (BinaryOp::Add | BinaryOp::Sub, Duration, Duration) => Some(Duration),
        (BinaryOp::Sub, Date, Duration) => Some(Date),
        (BinaryOp::Sub, Date, Date) => Some(Duration),
        _ => None,
    }
}

fn arithmetic_help(op: BinaryOp) -> Option<String> {
    Some(
        match op {
            BinaryOp::Add => "`+` adds ints or durations, joins strings or lists, and adds a duration to a date",
            BinaryOp::Sub => "`-` subtracts ints or durations, a duration from a date, or a date from a date",
            _ => "`*`, `/` and `%` apply to ints only",
        }
        .to_owned(),
    )
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}

fn list_names<'n>(names: impl Iterator<Item = &'n str>) -> String {
    let mut shown: Vec<String> = Vec::new();
    let mut more = 0usize;
    for n in names {
        if shown.len() < MAX_LISTED {
            shown.push(format!("`{n}`"));
        } else {
            more += 1;
        }
    }
    let mut out = shown.join(", ");
    if more > 0 {
        out.push_str(&format!(" and {more} more"));
    }
    out
}
