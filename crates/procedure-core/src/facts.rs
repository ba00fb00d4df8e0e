//! Binding facts to a procedure's inputs: every fact is checked against its declaration
//! (name, type, range, enum values) before anything is evaluated.

use std::collections::HashMap;

use procedure_expr::{Span, Type, Value, did_you_mean, parse_date};

use crate::diagnostic::Diagnostic;
use crate::model::{Bound, Input, Procedure};
use crate::situation::Situation;

/// A fact as given by a caller: from a YAML or JSON file, or `--set name=value`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FactValue {
    /// `true` or `false`.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// Text: a string, an enum value, or a date written `YYYY-MM-DD`.
    Text(String),
    /// A list (no input takes one yet).
    List(Vec<FactValue>),
    /// `null`: refused, since leaving a fact out is how one says "not known".
    Null,
}

/// One fact: the input's name, the value, and where it was written (for diagnostics).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fact {
    /// The input's id.
    pub name: String,
    /// The value as given.
    pub value: FactValue,
    /// Where the name is written in the facts file, if it came from one.
    pub span: Option<Span>,
}

/// The facts of one situation, bound to the procedure's input slots: what [`bind`] gives and
/// a [`Situation`] holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    /// One entry per input, in slot order; `None` when not known.
    pub(crate) values: Vec<Option<Value>>,
    /// Where each given fact was written.
    pub(crate) spans: Vec<Option<Span>>,
}

impl Facts {
    /// The value of the input in slot `i`, if given.
    pub fn get(&self, i: usize) -> Option<&Value> {
        self.values.get(i).and_then(Option::as_ref)
    }
}

/// The comparisons of unknown fact names with input names that one binding's did-you-mean
/// suggestions may make: thousands of unknown facts among thousands of inputs would take
/// minutes.
const SUGGESTION_BUDGET: usize = 1_000_000;

/// Binds `facts` to the inputs of `procedure`. Every problem is reported, each naming the
/// input; a later fact for the same input replaces an earlier one (`--set` after `--facts`).
///
/// Each fact is read as its input's type (a date is parsed here, once) and then set through
/// the same checks as [`Situation`]'s typed setters.
pub fn bind(procedure: &Procedure, facts: &[Fact]) -> Result<Facts, Vec<Diagnostic>> {
    let mut situation = Situation::new(procedure);
    let mut errors = Vec::new();
    // Indexed once: a facts file may give thousands of facts to thousands of inputs.
    let by_id: HashMap<&str, usize> =
        procedure.inputs.iter().enumerate().map(|(i, input)| (input.id.as_str(), i)).collect();
    let mut suggestions_left = SUGGESTION_BUDGET;
    for fact in facts {
        let span = fact.span.unwrap_or_default();
        let found = by_id.get(fact.name.as_str()).and_then(|&i| procedure.inputs.get(i).map(|input| (i, input)));
        let Some((i, input)) = found else {
            let affordable = procedure.inputs.len() <= suggestions_left;
            suggestions_left = suggestions_left.saturating_sub(procedure.inputs.len());
            errors.push(undeclared(procedure, &fact.name, span, affordable));
            continue;
        };
        let set = match &fact.value {
            FactValue::Null => Err(invalid(input, "`null` is not a value: leave the fact out when it is not known")),
            FactValue::List(_) => Err(invalid(input, &format!("a list where {} is expected", input.ty))),
            FactValue::Bool(b) => situation.put(i, Given::Bool(*b)),
            FactValue::Int(n) => situation.put(i, Given::Int(*n)),
            FactValue::Text(s) if matches!(input.ty, Type::Date) => match parse_date(s) {
                Ok(date) => situation.put(i, Given::Date(date)),
                Err(e) => Err(invalid(input, &format!("`{s}` is not a date: {}", e.0))),
            },
            FactValue::Text(s) => situation.put(i, Given::Text(s)),
        };
        match set {
            Ok(()) => situation.set_span(i, fact.span),
            Err(mut d) => {
                d.labels = vec![(span, "invalid".into())];
                errors.push(d);
            }
        }
    }
    if errors.is_empty() { Ok(situation.into_facts()) } else { Err(errors) }
}

/// The error for a name that is not an input of `procedure`, with the closest input's name
/// when `affordable`, or the inputs there are when they are few.
pub(crate) fn undeclared(procedure: &Procedure, name: &str, span: Span, affordable: bool) -> Diagnostic {
    let mut d = Diagnostic::error(
        crate::Code::FactsUndeclared,
        format!("`{name}` is not an input of `{}`", procedure.id),
        span,
        "not an input",
    );
    let close = affordable.then(|| did_you_mean(name, procedure.inputs.iter().map(|i| i.id.as_str())));
    d.help = Some(match close.flatten() {
        Some(s) => format!("did you mean `{s}`?"),
        None if name == "today" => "`today` is given with `--today`, not as a fact".into(),
        None if !affordable => "check the name: there are too many unknown facts to look for an input like each".into(),
        None if procedure.inputs.len() > 12 => "no input has a name like it".into(),
        None => format!(
            "the inputs are: {}",
            procedure.inputs.iter().map(|i| format!("`{}`", i.id)).collect::<Vec<_>>().join(", ")
        ),
    });
    d
}

/// The error for a value `input` does not take, without a place: [`bind`] adds the fact's.
pub(crate) fn invalid(input: &Input, why: &str) -> Diagnostic {
    let mut d = Diagnostic::error(
        crate::Code::FactsInvalid,
        format!("invalid fact for `{}`: {why}", input.id),
        Span::default(),
        "invalid",
    )
    .with_help(expected(&input.ty, input.min.as_ref(), input.max.as_ref()));
    d.labels.clear();
    d
}

/// A value as a typed setter is given it, before it is checked against the declaration.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Given<'a> {
    Bool(bool),
    Int(i64),
    /// A string, or an enum value.
    Text(&'a str),
    Date(jiff::civil::Date),
}

/// Checks `given` against `input`'s declaration (type, enum values, range) and gives the
/// value to store; an enum value is the procedure's own shared string, so setting one
/// allocates nothing.
pub(crate) fn admit(input: &Input, given: Given<'_>) -> Result<Value, String> {
    let value = match (given, &input.ty) {
        (Given::Bool(b), Type::Bool) => Value::Bool(b),
        (Given::Int(i), Type::Int) => Value::Int(i),
        (Given::Text(s), Type::String) => Value::string(s),
        (Given::Date(d), Type::Date) => Value::Date(d),
        (Given::Text(s), Type::Enum(_)) => {
            let n = enum_index(input, s)?;
            input.enum_values.get(n).cloned().unwrap_or_else(|| Value::string(s))
        }
        (other, ty) => return Err(format!("{} where {ty} is expected", describe(other))),
    };
    let (min, max) = (input.min.as_ref(), input.max.as_ref());
    let out_of_range = |bound: &Bound, below: bool| match (&value, bound) {
        (Value::Int(v), Bound::Int(b)) => {
            if below {
                v < b
            } else {
                v > b
            }
        }
        (Value::Date(v), Bound::Date(b)) => {
            if below {
                v < b
            } else {
                v > b
            }
        }
        _ => false,
    };
    if min.is_some_and(|b| out_of_range(b, true)) || max.is_some_and(|b| out_of_range(b, false)) {
        return Err(format!("{value} is out of range"));
    }
    Ok(value)
}

/// The place of `s` among the values of `input`, an enum.
pub(crate) fn enum_index(input: &Input, s: &str) -> Result<usize, String> {
    let Type::Enum(e) = &input.ty else {
        return Err(format!("{} where {} is expected", describe(Given::Text(s)), input.ty));
    };
    if let Some(n) = e.values().position(|v| v == s) {
        return Ok(n);
    }
    // A fact is taken exactly as written: one that only looks like a value is refused,
    // and named, rather than trimmed or case-folded into it.
    let looks = crate::compile::enum_value_looks(s);
    let hint = match e.values().find(|v| crate::compile::enum_value_looks(v) == looks) {
        Some(v) => format!(" (did you mean `{v}`? facts are taken exactly as written)"),
        None => did_you_mean(s, e.values()).map(|v| format!(" (did you mean `{v}`?)")).unwrap_or_default(),
    };
    Err(format!("`{s}` is not one of {}{hint}", e.values().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ")))
}

fn describe(given: Given<'_>) -> String {
    match given {
        Given::Bool(b) => format!("the boolean `{b}`"),
        Given::Int(i) => format!("the number `{i}`"),
        Given::Text(s) => format!("the text `{s}`"),
        Given::Date(d) => format!("the date `{d}`"),
    }
}

fn expected(ty: &Type, min: Option<&Bound>, max: Option<&Bound>) -> String {
    let what = match ty {
        Type::Bool => "`true` or `false`".to_owned(),
        Type::Int => "a whole number".to_owned(),
        Type::Date => "a date written YYYY-MM-DD".to_owned(),
        Type::Enum(e) => format!("one of {}", e.values().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ")),
        other => format!("a value of type {other}"),
    };
    match (min, max) {
        (Some(a), Some(b)) => format!("give {what} from {a} to {b}"),
        (Some(a), None) => format!("give {what}, at least {a}"),
        (None, Some(b)) => format!("give {what}, at most {b}"),
        (None, None) => format!("give {what}"),
    }
}

fn convert(v: &procedure_syntax::FactValue) -> FactValue {
    match v {
        procedure_syntax::FactValue::Bool(b) => FactValue::Bool(*b),
        procedure_syntax::FactValue::Int(i) => FactValue::Int(*i),
        procedure_syntax::FactValue::String(s) => FactValue::Text(s.clone()),
        procedure_syntax::FactValue::List(items) => FactValue::List(items.iter().map(|i| convert(&i.value)).collect()),
        procedure_syntax::FactValue::Null => FactValue::Null,
    }
}

/// The facts of a scenario or a facts file, ready to bind.
pub fn scenario_facts(
    entries: &procedure_syntax::Entries<procedure_syntax::Sp<procedure_syntax::FactValue>>,
) -> Vec<Fact> {
    entries
        .iter()
        .map(|(name, value)| Fact {
            name: name.value.clone(),
            value: convert(&value.value),
            span: Some(name.span.to(value.span)),
        })
        .collect()
}
