//! The errors of the expression language: compile-time diagnostics and run-time errors.
//!
//! Messages follow one style: a lowercase line without a final period, user text in backticks,
//! details in the label and the help. Codes are stable: programs and tests rely on them.

use std::fmt;

use miette::{Diagnostic, LabeledSpan};

use crate::span::Span;
use crate::value::Kind;

/// A problem found while parsing or checking an expression.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Diagnostic)]
#[non_exhaustive]
pub enum ExprError {
    /// The text does not follow the grammar.
    #[error("{message}")]
    #[diagnostic(code(procedure::expr::syntax))]
    Syntax {
        /// What is wrong.
        message: String,
        /// Where.
        #[label("{label}")]
        span: Span,
        /// What the label says.
        label: String,
        /// How to fix it.
        #[help]
        help: Option<String>,
    },

    /// A backslash escape in a string literal is not one the language knows.
    #[error("invalid escape `{escape}` in a string literal")]
    #[diagnostic(
        code(procedure::expr::invalid_escape),
        help(
            "known escapes: \\n \\r \\t \\\\ \\\" \\' \\xHH \\uHHHH \\UHHHHHHHH and three octal digits; prefix the string with `r` to keep backslashes as they are"
        )
    )]
    InvalidEscape {
        /// The escape as written.
        escape: String,
        /// Where.
        #[label("{reason}")]
        span: Span,
        /// Why it is invalid.
        reason: String,
    },

    /// An integer literal does not fit in 64 signed bits.
    #[error("integer literal `{text}` is out of range")]
    #[diagnostic(
        code(procedure::expr::int_out_of_range),
        help("integers are signed 64-bit: from -9223372036854775808 to 9223372036854775807")
    )]
    IntOutOfRange {
        /// The literal as written.
        text: String,
        /// Where.
        #[label("does not fit in 64 bits")]
        span: Span,
    },

    /// The expression nests brackets, conditionals or operators more deeply than the limit.
    #[error("expression nests too deeply: more than {limit} levels")]
    #[diagnostic(code(procedure::expr::too_deep), help("{help}"))]
    TooDeep {
        /// The limit that was exceeded.
        limit: usize,
        /// Where the limit was crossed.
        #[label("the limit is crossed here")]
        span: Span,
        /// How to fix it.
        help: String,
    },

    /// The expression is longer than the limit.
    #[error("expression is too long: {length} bytes, more than the limit of {limit}")]
    #[diagnostic(code(procedure::expr::too_long), help("split the expression into named derived values (`let`)"))]
    TooLong {
        /// Its length in bytes.
        length: usize,
        /// The limit.
        limit: usize,
        /// Where the limit falls.
        #[label("the limit is crossed here")]
        span: Span,
    },

    /// A list or string literal is larger than the limit.
    #[error("{what} literal is too large: {size}, more than the limit of {limit}")]
    #[diagnostic(code(procedure::expr::literal_too_large))]
    LiteralTooLarge {
        /// `list` or `string`.
        what: &'static str,
        /// Its size (elements or bytes).
        size: usize,
        /// The limit.
        limit: usize,
        /// Where.
        #[label("too large")]
        span: Span,
    },

    /// A constant list heavier than the limit: its elements, counted through every nested list
    /// at every place it appears, are more than `Limits::max_list_weight`.
    #[error("list has more than {limit} elements, counting those of the lists inside it")]
    #[diagnostic(
        code(procedure::expr::list_too_heavy),
        help("a list of lists counts the elements of each inner list at every place it appears: build smaller lists")
    )]
    ListTooHeavy {
        /// The limit.
        limit: usize,
        /// The list.
        #[label("too large")]
        span: Span,
    },

    /// A name that no declaration introduces: usually a typo.
    #[error("undeclared variable `{name}`")]
    #[diagnostic(code(procedure::expr::undeclared_variable))]
    UndeclaredVariable {
        /// The name as written.
        name: String,
        /// Where.
        #[label("not declared")]
        span: Span,
        /// A did-you-mean, or what may be declared.
        #[help]
        help: Option<String>,
    },

    /// A call to a function the language does not have.
    #[error("unknown function `{name}`")]
    #[diagnostic(code(procedure::expr::unknown_function))]
    UnknownFunction {
        /// The name as written.
        name: String,
        /// Where.
        #[label("no such function")]
        span: Span,
        /// A did-you-mean, or the list of functions.
        #[help]
        help: Option<String>,
    },

    /// A function called with the wrong number of arguments.
    #[error("`{name}` takes {expected}, not {found}")]
    #[diagnostic(code(procedure::expr::wrong_arity))]
    WrongArity {
        /// The function.
        name: String,
        /// What it takes, in words.
        expected: String,
        /// How many were given, in words.
        found: String,
        /// Where.
        #[label("{signature}")]
        span: Span,
        /// The function's signature.
        signature: String,
    },

    /// An operator or function applied to operands of types it does not accept.
    #[error("{message}")]
    #[diagnostic(code(procedure::expr::type_mismatch))]
    TypeMismatch {
        /// What is wrong.
        message: String,
        /// Where.
        #[label("{label}")]
        span: Span,
        /// What the label says.
        label: String,
        /// How to fix it.
        #[help]
        help: Option<String>,
    },

    /// A string compared with an enum-typed value is not one of the enum's values.
    #[error("`\"{value}\"` is not a value of {of}")]
    #[diagnostic(code(procedure::expr::unknown_enum_value))]
    UnknownEnumValue {
        /// The literal.
        value: String,
        /// The enum-typed expression, in words: `` `cause` `` or `this enum`.
        of: String,
        /// Where.
        #[label("not one of {values}")]
        span: Span,
        /// The declared values, formatted.
        values: String,
        /// A did-you-mean.
        #[help]
        help: Option<String>,
    },

    /// A field selection `a.b`: no value of the language has fields.
    #[error("no field `{name}` on a value of type `{ty}`")]
    #[diagnostic(
        code(procedure::expr::no_such_field),
        help(
            "values of this language have no fields; a method call needs parentheses, as in `name.startsWith(\"A\")`"
        )
    )]
    NoSuchField {
        /// The field name.
        name: String,
        /// The type of the value.
        ty: String,
        /// Where.
        #[label("no such field")]
        span: Span,
    },

    /// A date literal `date("…")` that is not a real date.
    #[error("invalid date `{text}`")]
    #[diagnostic(
        code(procedure::expr::invalid_date),
        help("write dates as `date(\"YYYY-MM-DD\")`, e.g. `date(\"2026-11-25\")`")
    )]
    InvalidDate {
        /// The text of the literal.
        text: String,
        /// Why it is not a date.
        #[label("{reason}")]
        span: Span,
        /// Why.
        reason: String,
    },

    /// A calendar function names a calendar the environment does not have, or there is none.
    #[error("{message}")]
    #[diagnostic(code(procedure::expr::unknown_calendar))]
    UnknownCalendar {
        /// What is wrong.
        message: String,
        /// Where.
        #[label("{label}")]
        span: Span,
        /// What the label says.
        label: String,
        /// The calendars there are, or a did-you-mean.
        #[help]
        help: Option<String>,
    },
}

impl ExprError {
    /// The primary span of the error.
    pub fn span(&self) -> Span {
        match self {
            ExprError::Syntax { span, .. }
            | ExprError::InvalidEscape { span, .. }
            | ExprError::IntOutOfRange { span, .. }
            | ExprError::TooDeep { span, .. }
            | ExprError::TooLong { span, .. }
            | ExprError::LiteralTooLarge { span, .. }
            | ExprError::ListTooHeavy { span, .. }
            | ExprError::UndeclaredVariable { span, .. }
            | ExprError::UnknownFunction { span, .. }
            | ExprError::WrongArity { span, .. }
            | ExprError::TypeMismatch { span, .. }
            | ExprError::UnknownEnumValue { span, .. }
            | ExprError::NoSuchField { span, .. }
            | ExprError::InvalidDate { span, .. }
            | ExprError::UnknownCalendar { span, .. } => *span,
        }
    }
}

/// Every problem found in one expression, in source order; never empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExprErrors(Vec<ExprError>);

impl ExprErrors {
    pub(crate) fn new(mut errors: Vec<ExprError>) -> Self {
        errors.sort_by_key(|e| (e.span().start, e.span().end));
        ExprErrors(errors)
    }

    /// The errors, in source order.
    pub fn iter(&self) -> std::slice::Iter<'_, ExprError> {
        self.0.iter()
    }

    /// The number of errors.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Always false: there is at least one error.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The errors, by value.
    pub fn into_vec(self) -> Vec<ExprError> {
        self.0
    }
}

impl IntoIterator for ExprErrors {
    type Item = ExprError;
    type IntoIter = std::vec::IntoIter<ExprError>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl fmt::Display for ExprErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.as_slice() {
            [one] => write!(f, "{one}"),
            many => write!(f, "{} errors in expression", many.len()),
        }
    }
}

impl std::error::Error for ExprErrors {}

impl Diagnostic for ExprErrors {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        match self.0.as_slice() {
            [one] => one.code(),
            _ => Some(Box::new("procedure::expr::errors")),
        }
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        match self.0.as_slice() {
            [one] => one.help(),
            _ => None,
        }
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        match self.0.as_slice() {
            [one] => one.labels(),
            _ => None,
        }
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        match self.0.as_slice() {
            [_] => None,
            many => Some(Box::new(many.iter().map(|e| e as &dyn Diagnostic))),
        }
    }
}

/// An error raised while evaluating: overflow, division by zero, an operator applied to values
/// it does not accept (possible only in unchecked code or through `dyn`), and so on.
///
/// Small and `Copy`, so that raising one costs nothing on the evaluation path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EvalError {
    /// What went wrong.
    pub kind: EvalErrorKind,
    /// The operator or call that failed.
    pub span: Span,
}

/// What went wrong during evaluation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EvalErrorKind {
    /// Integer or duration arithmetic left the 64-bit range.
    Overflow {
        /// The operator.
        op: &'static str,
    },
    /// Division by zero.
    DivisionByZero,
    /// Remainder of a division by zero.
    ModuloByZero,
    /// An operator or function applied to values of kinds it does not accept.
    NoSuchOverload {
        /// The operator or function.
        op: &'static str,
        /// The kinds of its operands (at most two are shown).
        operands: [Option<Kind>; 2],
    },
    /// A list index outside the list.
    IndexOutOfRange {
        /// The index.
        index: i64,
        /// The list's length.
        len: usize,
    },
    /// Date arithmetic left the supported range (0001-01-01 to 9999-12-31).
    DateOutOfRange,
    /// `date(s)` on a string that is not a `YYYY-MM-DD` date.
    InvalidDate,
    /// A computed string or list exceeds the size limit.
    ValueTooLarge {
        /// `string` or `list`.
        what: &'static str,
        /// The limit, in bytes or elements.
        limit: usize,
    },
    /// A field selection evaluated without the checker.
    NoSuchField,
    /// A computed list heavier than `Limits::max_list_weight` (see `List`).
    ListTooHeavy {
        /// The limit, in elements counted through nested lists.
        limit: usize,
    },
    /// A calendar function asked about a day outside the calendar's horizon.
    OutsideCalendar {
        /// The calendar's name.
        calendar: &'static str,
        /// The first and last years it knows.
        horizon: (i16, i16),
    },
}

impl EvalErrorKind {
    /// The stable diagnostic code.
    pub fn code(self) -> &'static str {
        match self {
            EvalErrorKind::Overflow { .. } => "procedure::expr::overflow",
            EvalErrorKind::DivisionByZero | EvalErrorKind::ModuloByZero => "procedure::expr::division_by_zero",
            EvalErrorKind::NoSuchOverload { .. } => "procedure::expr::no_such_overload",
            EvalErrorKind::IndexOutOfRange { .. } => "procedure::expr::index_out_of_range",
            EvalErrorKind::DateOutOfRange => "procedure::expr::date_out_of_range",
            EvalErrorKind::InvalidDate => "procedure::expr::invalid_date",
            EvalErrorKind::ValueTooLarge { .. } => "procedure::expr::value_too_large",
            EvalErrorKind::NoSuchField => "procedure::expr::no_such_field",
            EvalErrorKind::ListTooHeavy { .. } => "procedure::expr::list_too_heavy",
            EvalErrorKind::OutsideCalendar { .. } => "procedure::expr::outside_calendar",
        }
    }
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            EvalErrorKind::Overflow { op } => write!(f, "integer overflow in `{op}`"),
            EvalErrorKind::DivisionByZero => f.write_str("division by zero"),
            EvalErrorKind::ModuloByZero => f.write_str("remainder of a division by zero"),
            EvalErrorKind::NoSuchOverload { op, operands } => {
                write!(f, "no such overload: `{op}` does not apply to ")?;
                match operands {
                    [Some(a), Some(b)] => write!(f, "{a} and {b}"),
                    [Some(a), None] | [None, Some(a)] => write!(f, "{a}"),
                    [None, None] => f.write_str("these values"),
                }
            }
            EvalErrorKind::IndexOutOfRange { index, len } => {
                write!(f, "index {index} is out of range for a list of {len} elements")
            }
            EvalErrorKind::DateOutOfRange => f.write_str("date out of range"),
            EvalErrorKind::InvalidDate => f.write_str("invalid date"),
            EvalErrorKind::ValueTooLarge { what, limit } => write!(f, "{what} exceeds the limit of {limit}"),
            EvalErrorKind::NoSuchField => f.write_str("no such field"),
            EvalErrorKind::ListTooHeavy { limit } => {
                write!(f, "list has more than {limit} elements, counting those of the lists inside it")
            }
            EvalErrorKind::OutsideCalendar { calendar, horizon: (first, last) } => {
                write!(f, "the calendar `{calendar}` knows only the years {first} to {last}")
            }
        }
    }
}

impl std::error::Error for EvalError {}

impl Diagnostic for EvalError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.kind.code()))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        let help = match self.kind {
            EvalErrorKind::Overflow { .. } => {
                "integers are signed 64-bit: from -9223372036854775808 to 9223372036854775807"
            }
            EvalErrorKind::DivisionByZero | EvalErrorKind::ModuloByZero => {
                "guard the division, e.g. `n != 0 && total / n > 2`"
            }
            EvalErrorKind::DateOutOfRange => "dates range from 0001-01-01 to 9999-12-31",
            EvalErrorKind::InvalidDate => "dates are written `YYYY-MM-DD` and must exist in the calendar",
            EvalErrorKind::ListTooHeavy { .. } => {
                "a list of lists counts the elements of each inner list at every place it appears: build smaller lists"
            }
            EvalErrorKind::OutsideCalendar { .. } => {
                "the calendar does not guess the closed days of years it does not know: guard the call so that such a date never reaches it"
            }
            _ => return None,
        };
        Some(Box::new(help))
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let label = match self.kind {
            EvalErrorKind::Overflow { .. } => "overflows",
            EvalErrorKind::DivisionByZero | EvalErrorKind::ModuloByZero => "divisor is zero",
            EvalErrorKind::NoSuchOverload { .. } => "no such overload",
            EvalErrorKind::IndexOutOfRange { .. } => "out of range",
            EvalErrorKind::DateOutOfRange => "out of range",
            EvalErrorKind::InvalidDate => "not a date",
            EvalErrorKind::ValueTooLarge { .. } => "too large",
            EvalErrorKind::NoSuchField => "no such field",
            EvalErrorKind::ListTooHeavy { .. } => "too large",
            EvalErrorKind::OutsideCalendar { .. } => "outside the calendar",
        };
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(Some(label.to_owned()), self.span))))
    }
}
