//! The typed way in: inputs resolved once to handles, facts set on a reusable [`Situation`]
//! through the same checks as [`crate::bind`], and evaluation into a reusable
//! [`Evaluation`], so that a program answering many situations parses no name and no date
//! per answer.

use jiff::civil::Date;
use procedure_expr::{Span, Value};

use crate::diagnostic::Diagnostic;
use crate::evaluate::{Evaluation, evaluate_as_of_into};
use crate::facts::{Facts, Given, admit, enum_index, invalid, undeclared};
use crate::model::{Input, Procedure};

/// An input of one procedure, resolved once by [`Procedure::input`]: a small `Copy` index,
/// valid for the procedure that gave it (a handle of another procedure names whatever
/// input has its place there, or none).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct InputHandle {
    index: usize,
}

impl InputHandle {
    /// The input's place in [`Procedure::inputs`].
    #[must_use]
    pub fn index(self) -> usize {
        self.index
    }
}

/// One value of an enum input, resolved once by [`Procedure::value`]: setting it with
/// [`Situation::set_value`] compares no string and allocates nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ValueHandle {
    input: InputHandle,
    value: usize,
}

impl ValueHandle {
    /// The input the value belongs to.
    #[must_use]
    pub fn input(self) -> InputHandle {
        self.input
    }
}

impl Procedure {
    /// The input with this id, as a handle for [`Situation`]'s setters.
    ///
    /// The error is the one [`crate::bind`] reports for an unknown fact
    /// (`procedure::facts::undeclared`), with the closest input's id.
    ///
    /// ```
    /// # let text = include_str!("../../../tests/check/ok/small_procedure.yaml");
    /// # let procedure = procedure_core::compile(text, &procedure_core::CompileOptions::DEFAULT).procedure.unwrap();
    /// let age = procedure.input("age")?;
    /// assert_eq!(procedure.declaration(age).map(|i| i.id.as_str()), Some("age"));
    /// let typo = procedure.input("learnd_on").unwrap_err();
    /// assert_eq!(typo.message, "`learnd_on` is not an input of `small`");
    /// assert_eq!(typo.help.as_deref(), Some("did you mean `learned_on`?"));
    /// # Ok::<(), procedure_core::Diagnostic>(())
    /// ```
    pub fn input(&self, id: &str) -> Result<InputHandle, Diagnostic> {
        match self.inputs.iter().position(|i| i.id == id) {
            Some(index) => Ok(InputHandle { index }),
            None => {
                let mut d = undeclared(self, id, Span::default(), true);
                d.labels.clear();
                Err(d)
            }
        }
    }

    /// The value `value` of the enum input `input`, as a handle for
    /// [`Situation::set_value`]. The error is the one [`crate::bind`] reports for a fact
    /// the input does not take.
    ///
    /// ```
    /// # let text = include_str!("../../../tests/check/ok/small_procedure.yaml");
    /// # let procedure = procedure_core::compile(text, &procedure_core::CompileOptions::DEFAULT).procedure.unwrap();
    /// let cause = procedure.input("cause")?;
    /// let stolen = procedure.value(cause, "stolen")?;
    /// assert_eq!(stolen.input(), cause);
    /// assert!(procedure.value(cause, "Stolen").is_err());
    /// # Ok::<(), procedure_core::Diagnostic>(())
    /// ```
    pub fn value(&self, input: InputHandle, value: &str) -> Result<ValueHandle, Diagnostic> {
        let declaration = self.declared(input)?;
        match enum_index(declaration, value) {
            Ok(n) => Ok(ValueHandle { input, value: n }),
            Err(why) => Err(invalid(declaration, &why)),
        }
    }

    /// The declaration of the input behind `handle`.
    #[must_use]
    pub fn declaration(&self, handle: InputHandle) -> Option<&Input> {
        self.inputs.get(handle.index)
    }

    fn declared(&self, handle: InputHandle) -> Result<&Input, Diagnostic> {
        self.declaration(handle).ok_or_else(|| {
            let mut d = undeclared(self, &format!("#{}", handle.index), Span::default(), true);
            d.labels.clear();
            d.help = Some("resolve the handle with this procedure's `input`".into());
            d
        })
    }
}

/// The facts of one situation, set by input handle and checked as they are set: reusable
/// (set, evaluate, [`Situation::clear`], set again) and cheap to clone.
///
/// Every setter checks the value exactly as [`crate::bind`] checks a fact (type, enum
/// values, `min`/`max`) and reports the same diagnostic, without a place in a file; a
/// refused value leaves the input as it was. The procedure's constraints, which read
/// several facts together, are checked when it is evaluated.
///
/// ```
/// use procedure_core::{compile, CompileOptions, Evaluation, Situation, Status};
///
/// let text = include_str!("../../../tests/check/ok/small_procedure.yaml");
/// let procedure = compile(text, &CompileOptions::DEFAULT).procedure.unwrap();
/// let (cause, age, learned_on) = (procedure.input("cause")?, procedure.input("age")?, procedure.input("learned_on")?);
/// let lost = procedure.value(cause, "lost")?;
///
/// let mut situation = Situation::new(&procedure);
/// let mut evaluation = Evaluation::new(&procedure);
/// for years in [15, 40] {
///     situation.clear();
///     situation.set_value(lost)?;
///     situation.set_int(age, years)?;
///     situation.set_date(learned_on, jiff::civil::date(2026, 11, 20))?;
///     situation.evaluate_into(jiff::civil::date(2026, 11, 25), &mut evaluation).unwrap();
///     assert_eq!(evaluation.status, Status::Complete);
/// }
/// // Checked as `bind` checks a fact: `age` is declared `min: 0`.
/// let refused = situation.set_int(age, -1).unwrap_err();
/// assert_eq!(refused.code, procedure_core::Code::FactsInvalid);
/// # Ok::<(), procedure_core::Diagnostic>(())
/// ```
#[derive(Clone, Debug)]
pub struct Situation<'p> {
    procedure: &'p Procedure,
    facts: Facts,
}

impl<'p> Situation<'p> {
    /// A situation of `procedure` where nothing is known yet.
    #[must_use]
    pub fn new(procedure: &'p Procedure) -> Self {
        Situation::with_facts(procedure, Facts::default())
    }

    /// A situation of `procedure` where nothing is known yet, in the room of `facts`.
    pub(crate) fn with_facts(procedure: &'p Procedure, mut facts: Facts) -> Self {
        let n = procedure.inputs.len();
        facts.values.clear();
        facts.values.resize(n, None);
        facts.spans.clear();
        facts.spans.resize(n, None);
        Situation { procedure, facts }
    }

    /// The procedure this situation is of.
    #[must_use]
    pub fn procedure(&self) -> &'p Procedure {
        self.procedure
    }

    /// The facts set so far, as [`crate::bind`] gives them.
    #[must_use]
    pub fn facts(&self) -> &Facts {
        &self.facts
    }

    /// The facts set, given up.
    #[must_use]
    pub fn into_facts(self) -> Facts {
        self.facts
    }

    /// The value set for `input`, if any.
    #[must_use]
    pub fn get(&self, input: InputHandle) -> Option<&Value> {
        self.facts.get(input.index)
    }

    /// Sets a `bool` input.
    pub fn set_bool(&mut self, input: InputHandle, value: bool) -> Result<(), Diagnostic> {
        self.put(input.index, Given::Bool(value))
    }

    /// Sets an `int` input.
    pub fn set_int(&mut self, input: InputHandle, value: i64) -> Result<(), Diagnostic> {
        self.put(input.index, Given::Int(value))
    }

    /// Sets a `date` input: the date is kept as it is, never parsed again.
    pub fn set_date(&mut self, input: InputHandle, value: Date) -> Result<(), Diagnostic> {
        self.put(input.index, Given::Date(value))
    }

    /// Sets a `string` input, or an `enum` input to one of its values (taken exactly as
    /// written, as in facts files). An enum value is stored as the procedure's own string:
    /// only a `string` input's text is copied.
    pub fn set_text(&mut self, input: InputHandle, value: &str) -> Result<(), Diagnostic> {
        self.put(input.index, Given::Text(value))
    }

    /// Sets an enum input to a value resolved by [`Procedure::value`].
    pub fn set_value(&mut self, value: ValueHandle) -> Result<(), Diagnostic> {
        let declaration = self.procedure.declared(value.input)?;
        let Some(v) = declaration.enum_values.get(value.value) else {
            return Err(invalid(declaration, &format!("value #{} is not one of its values", value.value)));
        };
        self.store(value.input.index, v.clone());
        Ok(())
    }

    /// Forgets the value of `input`: it is unknown again.
    pub fn unset(&mut self, input: InputHandle) {
        if let Some(v) = self.facts.values.get_mut(input.index) {
            *v = None;
        }
        if let Some(s) = self.facts.spans.get_mut(input.index) {
            *s = None;
        }
    }

    /// Forgets every value, keeping the room they took.
    pub fn clear(&mut self) {
        self.facts.values.fill(None);
        self.facts.spans.fill(None);
    }

    /// Evaluates the procedure for this situation on `today`, into `evaluation`, reusing the
    /// room of its previous contents (its sub-procedures' too): once warmed, the walk
    /// allocates nothing, with facts missing too (`tests/no_alloc.rs` of the `procedure` crate
    /// counts); what may still allocate is an expression that builds a list or a string, or
    /// waits on facts of a procedure with 64 variables or more. On an error, what
    /// `evaluation` holds is unspecified, but it can be reused.
    pub fn evaluate_into(&self, today: Date, evaluation: &mut Evaluation<'p>) -> Result<(), Vec<Diagnostic>> {
        evaluate_as_of_into(self.procedure, &self.facts, today, today, evaluation)
    }

    /// [`Situation::evaluate_into`] with the rules in force on `as_of`, the date of the act
    /// (see [`crate::evaluate_as_of`]).
    pub fn evaluate_as_of_into(
        &self,
        today: Date,
        as_of: Date,
        evaluation: &mut Evaluation<'p>,
    ) -> Result<(), Vec<Diagnostic>> {
        evaluate_as_of_into(self.procedure, &self.facts, today, as_of, evaluation)
    }

    /// Checks `given` as the input in place `i` declares it and stores it: the one path of
    /// every setter and of [`crate::bind`].
    pub(crate) fn put(&mut self, i: usize, given: Given<'_>) -> Result<(), Diagnostic> {
        let declaration = self.procedure.declared(InputHandle { index: i })?;
        let value = admit(declaration, given).map_err(|why| invalid(declaration, &why))?;
        self.store(i, value);
        Ok(())
    }

    /// Where the fact of input `i` was written, for diagnostics about it.
    pub(crate) fn set_span(&mut self, i: usize, span: Option<Span>) {
        if let Some(s) = self.facts.spans.get_mut(i) {
            *s = span;
        }
    }

    fn store(&mut self, i: usize, value: Value) {
        if let Some(v) = self.facts.values.get_mut(i) {
            *v = Some(value);
        }
        self.set_span(i, None);
    }
}
