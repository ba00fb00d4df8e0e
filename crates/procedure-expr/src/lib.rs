//! The expression language of `procedure`: CEL's core syntax and semantics, plus dates,
//! durations, enums and unknown-aware evaluation.
//!
//! The pipeline is parse → check → evaluate. [`compile`] parses an expression (with spans that
//! are offsets in the file it came from), type-checks it against an [`Env`] of declared
//! variables, and lowers it to a [`Program`] that reads variables by slot. A program is
//! immutable, `Send + Sync`, and cheap to evaluate from many threads at once.
//!
//! ```
//! use procedure_expr::{compile, Env, Limits, Stop, Type, Value};
//!
//! let mut env = Env::new();
//! let age = env.declare("age", Type::Int).unwrap();
//! let cause = env.declare("cause", Type::enumeration(["lost", "stolen"])).unwrap();
//! let program = compile(r#"age >= 16 || cause == "stolen""#, 0, &env, &Limits::DEFAULT).unwrap();
//!
//! // Nothing known yet: the result waits on both variables.
//! let mut vars = vec![None; env.len()];
//! let Err(Stop::Unknown(waiting)) = program.eval(&vars) else { panic!() };
//! assert_eq!(waiting.iter().collect::<Vec<_>>(), vec![age, cause]);
//!
//! // Knowing the age is enough.
//! vars[age.index()] = Some(Value::Int(20));
//! assert_eq!(program.eval(&vars), Ok(Value::Bool(true)));
//!
//! // A misspelt enum value is a compile error with a suggestion.
//! let errors = compile(r#"cause == "stolne""#, 0, &env, &Limits::DEFAULT).unwrap_err();
//! assert!(errors.to_string().contains("stolne"));
//! ```

mod ast;
mod calendar;
mod check;
mod dates;
mod env;
mod error;
mod escape;
mod eval;
mod functions;
mod limits;
mod ops;
mod parse;
mod scan;
mod span;
mod suggest;
mod thresholds;
mod types;
mod value;

pub use ast::{BinaryOp, Expr, ExprKind, UnaryOp};
pub use calendar::{CalendarRef, OpenDays};
pub use check::Checking;
pub use dates::{Atom, DateAtoms, Dated, Difference, day, epoch_days, feasible, span_of_months};
pub use env::{DeclareError, Env, RESERVED_WORDS, Slot, SlotSet, is_identifier};
pub use error::{EvalError, EvalErrorKind, ExprError, ExprErrors};
pub use eval::{EvalResult, Stop};
pub use functions::{BUILTINS, Builtin, Style};
pub use limits::Limits;
pub use ops::{DateSyntaxError, parse_date, relation};
pub use parse::parse;
pub use span::Span;
pub use suggest::did_you_mean;
pub use types::{EnumType, Type, TypeSyntaxError};
pub use value::{Kind, List, Value};

use check::Checker;
use eval::Code;

/// A compiled expression: slot-resolved, type-checked code with its result type.
#[derive(Clone, Debug)]
pub struct Program {
    code: Code,
    ty: Type,
    reads: SlotSet,
    span: Span,
    limits: Limits,
}

/// Parses, type-checks and compiles `text`, whose first byte sits at offset `base` of its file.
///
/// Every problem found is reported, in source order.
pub fn compile(text: &str, base: u32, env: &Env, limits: &Limits) -> Result<Program, ExprErrors> {
    let tree = parse(text, base, limits)?;
    compile_tree(&tree, env, limits, Checking::On)
}

/// Compiles a parsed tree, with or without type checking.
///
/// Without checking (the CEL conformance suite's `disable-check` cases), ill-typed operations
/// fail at evaluation with `no such overload`; names must resolve either way.
pub fn compile_tree(tree: &Expr, env: &Env, limits: &Limits, checking: Checking) -> Result<Program, ExprErrors> {
    let mut checker = Checker::new(env, limits, checking);
    let (code, ty) = checker.expr(tree);
    if !checker.errors.is_empty() {
        return Err(ExprErrors::new(checker.errors));
    }
    let mut reads = SlotSet::new();
    code.collect_reads(&mut reads);
    Ok(Program { code, ty, reads, span: tree.span, limits: *limits })
}

impl Program {
    /// Evaluates the program. `vars[slot]` holds the value of the variable in that slot; `None`,
    /// or a slot past the end, means the variable is declared but not known yet.
    ///
    /// Never panics and always terminates; an unknown or an error is an `Err(Stop)`.
    pub fn eval(&self, vars: &[Option<Value>]) -> EvalResult {
        self.code.eval(vars, &self.limits)
    }

    /// Evaluates a condition, a program whose [`Program::result_type`] is `bool`, as
    /// [`Program::eval`] does but without building a value: conditions are most of what
    /// procedures evaluate. A program of another type fails with a `no_such_overload` error.
    pub fn eval_bool(&self, vars: &[Option<Value>]) -> Result<bool, Stop> {
        self.code.eval_bool(vars, &self.limits, self.span)
    }

    /// The static type of the result.
    pub fn result_type(&self) -> &Type {
        &self.ty
    }

    /// The variables the program may read (after constant folding).
    pub fn reads(&self) -> &SlotSet {
        &self.reads
    }

    /// The span of the whole expression.
    pub fn span(&self) -> Span {
        self.span
    }

    /// The constants the variable in `slot` is compared with (`age >= 16` gives `16`), or
    /// `None` when the program reads it in any other way. A checker that enumerates values can
    /// cover every case of such a variable with these constants and their neighbours.
    ///
    /// ```
    /// use procedure_expr::{compile, Env, Limits, Type, Value};
    ///
    /// let mut env = Env::new();
    /// let age = env.declare("age", Type::Int).unwrap();
    /// let guard = compile("age >= 16 && age < 65", 0, &env, &Limits::DEFAULT).unwrap();
    /// assert_eq!(guard.thresholds(age), Some(vec![Value::Int(16), Value::Int(65)]));
    /// let sum = compile("age + 1 > 16", 0, &env, &Limits::DEFAULT).unwrap();
    /// assert_eq!(sum.thresholds(age), None);
    /// ```
    pub fn thresholds(&self, slot: Slot) -> Option<Vec<Value>> {
        thresholds::thresholds(&self.code, slot)
    }

    /// Every constant the program holds after folding (`days(14)` is the constant `days(14)`),
    /// in the order written: what a partition of the situations splits dates at.
    ///
    /// ```
    /// use procedure_expr::{compile, Env, Limits, Type, Value};
    ///
    /// let mut env = Env::new();
    /// env.declare("learned_on", Type::Date).unwrap();
    /// let due = compile("learned_on + days(14)", 0, &env, &Limits::DEFAULT).unwrap();
    /// assert_eq!(due.constants(), vec![Value::Duration(14)]);
    /// ```
    pub fn constants(&self) -> Vec<Value> {
        let mut out = Vec::new();
        thresholds::constants(&self.code, &mut out);
        out
    }

    /// The variable's slot, when the program is that variable alone.
    pub fn as_variable(&self) -> Option<Slot> {
        match &self.code {
            Code::Var(slot) => Some(*slot),
            _ => None,
        }
    }

    /// The program's value if it does not depend on any variable and evaluates cleanly.
    pub fn as_constant(&self) -> Option<&Value> {
        self.code.as_const()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::unreachable, reason = "test code")]
mod tests {
    use miette::Diagnostic as _;

    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn programs_are_shareable_between_threads() {
        assert_send_sync::<Program>();
    }

    /// `[x, x]` doubles the weight of `x` and costs two pointers: forty of them would be 2^40
    /// elements to compare, and are refused at the first list past the limit.
    #[test]
    fn nested_shared_lists_stop_at_the_weight_limit() {
        let limits = Limits::DEFAULT;
        let mut env = Env::new();
        let x = env.declare("x", Type::list(Type::Dyn)).unwrap();
        let double = compile("[x, x]", 0, &env, &limits).unwrap();
        let mut value = Value::list([Value::Int(1), Value::Int(1)]);
        let mut doublings = 0;
        let error = loop {
            let mut vars = vec![None; env.len()];
            vars[x.index()] = Some(value.clone());
            match double.eval(&vars) {
                Ok(v) => value = v,
                Err(Stop::Error(e)) => break e,
                Err(Stop::Unknown(_)) => unreachable!(),
            }
            doublings += 1;
        };
        assert_eq!(doublings, 14, "the fifteenth doubling, 2^17 - 2 elements, is the first past 100,000");
        assert_eq!(error.kind, EvalErrorKind::ListTooHeavy { limit: 100_000 });
        assert_eq!((error.span.start, error.span.end), (0, 6));
        let mut vars = vec![None; env.len()];
        vars[x.index()] = Some(value.clone());
        let concat = compile("x + x", 0, &env, &limits).unwrap();
        assert!(matches!(
            concat.eval(&vars),
            Err(Stop::Error(EvalError { kind: EvalErrorKind::ListTooHeavy { .. }, .. }))
        ));
    }

    #[test]
    fn a_constant_list_too_heavy_is_a_compile_error() {
        let limits = Limits { max_list_weight: 5, ..Limits::DEFAULT };
        let errors = compile("[[1, 2], [3, 4]] == []", 0, &Env::new(), &limits).unwrap_err();
        let codes: Vec<String> = errors.iter().filter_map(|e| e.code().map(|c| c.to_string())).collect();
        assert_eq!(codes, ["procedure::expr::list_too_heavy"]);
        assert_eq!((errors.iter().next().unwrap().span().start, errors.iter().next().unwrap().span().end), (0, 16));
        assert!(compile("[[1, 2], [3]] == []", 0, &Env::new(), &limits).is_ok());
    }
}
