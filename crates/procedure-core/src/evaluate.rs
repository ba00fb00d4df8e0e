//! Evaluating a compiled procedure for one situation: walk the decision graph from the start,
//! gather what each step on the path asks for, and stop at an outcome — or where a decision
//! waits on facts not given yet, saying exactly which.
//!
//! Pure and deterministic: `today` and the facts are arguments, and a compiled procedure may
//! be evaluated from many threads at once. The result borrows its texts from the procedure.

use jiff::civil::Date;
use procedure_expr::{Program, Slot, SlotSet, Stop, Type, Value};
use procedure_syntax::{DeadlineEvent, HitPolicy, OutcomeKind, Verification};

use crate::calendar::Calendar;
use crate::diagnostic::Diagnostic;
use crate::facts::{Facts, Given, invalid};
use crate::model::{Call, CellTest, Citation, DocRequirement, Input, Node, NodeKind, Procedure, Row, Table, Text};
use crate::situation::Situation;

/// Whether the evaluation reached an outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// An outcome was reached.
    Complete,
    /// A decision waits on facts not given yet: see [`Evaluation::needs`].
    NeedsInput,
}

/// A step on the path, and why it was taken.
#[derive(Clone, Debug)]
pub struct PathStep<'p> {
    /// The node.
    pub node: &'p Node,
    /// The guard that led here (empty for the start or an unconditional `next`).
    pub why: &'p str,
    /// A step's details in this situation: the variant chosen, or `None` where a variant's
    /// condition waits on a fact (decision 0017).
    pub details: Option<&'p Text>,
}

/// A decision: a guard or a table row that chose the way, with the facts it read.
#[derive(Clone, Debug)]
pub struct Decision<'p> {
    /// The node that decided.
    pub node: &'p Node,
    /// The guard or the row, as written.
    pub guard: &'p str,
    /// Whether it held.
    pub value: bool,
    /// Indexes of the inputs it read.
    pub read: &'p [usize],
    /// Indexes of the derived values it read directly.
    pub lets: &'p [usize],
    /// The procedure the node belongs to (the caller's or a sub-procedure's).
    pub procedure: &'p Procedure,
}

/// A document on the checklist, once, with the steps that obtain and need it.
#[derive(Clone, Debug)]
pub struct DocumentItem<'p> {
    /// The document.
    pub document: &'p crate::model::Document,
    /// The step where it is obtained.
    pub obtain_at: Option<&'p Node>,
    /// The step it is brought to.
    pub bring_to: Option<&'p Node>,
    /// A note from the requirement.
    pub note: Option<&'p Text>,
    /// What backs the requirement.
    pub citation: &'p Citation,
}

/// Adds a document to the checklist once: by id, since a sub-procedure may ask for a document of
/// the same shared catalogue, unless both requirements carry different notes, which would lose
/// one of them: then the document is listed again with its own note.
fn add_document<'p>(documents: &mut Vec<DocumentItem<'p>>, item: DocumentItem<'p>) {
    let fits = |known: &DocumentItem<'p>| {
        known.document.id == item.document.id
            && (item.note.is_none() || known.note.is_none() || known.note == item.note)
    };
    match documents.iter_mut().find(|known| fits(known)) {
        Some(known) => {
            known.obtain_at = known.obtain_at.or(item.obtain_at);
            known.bring_to = known.bring_to.or(item.bring_to);
            known.note = known.note.or(item.note);
        }
        None => documents.push(item),
    }
}

/// Where a deadline stands on `today`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeadlineStatus {
    /// Before the effective date.
    OnTime,
    /// On the effective date itself.
    LastDay,
    /// After it.
    Late,
    /// Before the first day of its window (`opens`): the act cannot be done yet.
    NotYetOpen,
}

/// A deadline with its dates.
#[derive(Clone, Debug)]
pub struct DeadlineItem<'p> {
    /// The deadline.
    pub deadline: &'p crate::model::Deadline,
    /// The legal last day.
    pub date: Date,
    /// The date after rolling past closed days of its calendar (equal to `date` without one).
    pub effective_date: Date,
    /// The last open day on or before `date`: the day to aim for.
    pub safe_date: Date,
    /// The date the calendar would move it to, when that move is unverified (so `effective_date`
    /// stays the legal date) and later than the legal date.
    pub possible_date: Option<Date>,
    /// The first day of its window, where it has one.
    pub opens: Option<Date>,
    /// Where `today` stands against `effective_date` (and `opens`).
    pub status: DeadlineStatus,
    /// Days from `today` to `effective_date` (negative when late).
    pub days_left: i64,
    /// The calendar that moved it, when one applies here.
    pub calendar: Option<&'p str>,
}

/// What the engine tells the reader beyond the procedure's own texts. Typed, so that each is
/// rendered in the reader's language like every other label.
#[derive(Clone, Copy, Debug)]
pub enum Note<'p> {
    /// A fact was given for a question that is not asked in this situation: it was ignored.
    FactIgnored {
        /// The input whose fact was ignored.
        input: &'p Input,
    },
    /// A deadline's legal date lies beyond the years its calendar knows: it is shown unmoved.
    OutsideCalendar {
        /// The deadline.
        deadline: &'p crate::model::Deadline,
        /// Its legal date.
        date: Date,
    },
}

/// The values a procedure's evaluation saw, by slot: the facts, `today` and the derived values.
#[derive(Clone, Debug)]
pub struct Values<'p> {
    /// The procedure (the caller's, or a sub-procedure's).
    pub procedure: &'p Procedure,
    /// By slot; `None` where unknown.
    pub values: Vec<Option<Value>>,
}

/// A fee to pay.
#[derive(Clone, Debug)]
pub struct FeeItem<'p> {
    /// The fee.
    pub fee: &'p crate::model::Fee,
    /// Its amount in this situation; `None` when the office sets it, or when it depends on
    /// facts not given yet (which `needs` then lists).
    pub amount: Option<i64>,
}

/// A warning to show.
#[derive(Clone, Debug)]
pub struct WarningItem<'p> {
    /// The warning.
    pub warning: &'p crate::model::Warning,
}

/// The result of evaluating a procedure for one situation.
#[derive(Clone, Debug)]
pub struct Evaluation<'p> {
    /// The procedure.
    pub procedure: &'p Procedure,
    /// Complete, or waiting on facts.
    pub status: Status,
    /// The outcome, when the walk reached one (also when the checklist on the way still waits
    /// on facts, with status `needs_input`).
    pub outcome: Option<&'p Node>,
    /// The nodes walked, in order.
    pub path: Vec<PathStep<'p>>,
    /// The decisions taken, in order.
    pub decisions: Vec<Decision<'p>>,
    /// The checklist of documents.
    pub documents: Vec<DocumentItem<'p>>,
    /// The deadlines.
    pub deadlines: Vec<DeadlineItem<'p>>,
    /// The fees.
    pub fees: Vec<FeeItem<'p>>,
    /// The warnings.
    pub warnings: Vec<WarningItem<'p>>,
    /// The inputs still needed, in declaration order.
    pub needs: Vec<&'p Input>,
    /// Notes from the engine: facts ignored because their input is not asked, dates beyond a
    /// calendar's horizon.
    pub notes: Vec<Note<'p>>,
    /// The values this procedure's evaluation saw, by slot (the facts, `today`, the derived
    /// values): what explains a decision to the reader. Moved from the walk, not copied.
    pub values: Vec<Option<Value>>,
    /// The same for each sub-procedure followed.
    pub callees: Vec<Values<'p>>,
    /// The date of evaluation: deadlines count from it.
    pub today: Date,
    /// The date of the act: the rules in force on this day were applied.
    pub as_of: Date,
    /// The columns of the table being decided, kept between evaluations for their room.
    columns: Vec<Option<Result<Value, Stop>>>,
    /// Room for the sub-procedures a step calls, kept between evaluations.
    spare: Spare<'p>,
}

/// What the calls of sub-procedures use, kept from one evaluation to the next so that a
/// warmed evaluation that calls one allocates nothing for it.
#[derive(Clone, Debug, Default)]
struct Spare<'p> {
    /// The callees' evaluations.
    evaluations: Vec<Evaluation<'p>>,
    /// The callees' facts.
    facts: Vec<Facts>,
    /// Values vectors, given back by the callees' [`Values`] when the next evaluation starts.
    values: Vec<Vec<Option<Value>>>,
    /// For each callee input, the caller's inputs it waits on.
    waits_on: Vec<Vec<SlotSet>>,
    /// The walk's `let_inputs`, given back when it ends.
    let_inputs: Vec<Option<SlotSet>>,
}

impl<'p> Evaluation<'p> {
    /// An empty evaluation of `procedure`, to evaluate into with
    /// [`crate::Situation::evaluate_into`]: each evaluation reuses the room of the last.
    #[must_use]
    pub fn new(procedure: &'p Procedure) -> Self {
        Evaluation {
            procedure,
            status: Status::NeedsInput,
            outcome: None,
            // Sized once for a typical walk: growing these vectors was a tenth of the time.
            path: Vec::with_capacity(procedure.nodes.len().min(16)),
            decisions: Vec::with_capacity(procedure.nodes.len().min(16)),
            documents: Vec::with_capacity(procedure.documents.len().min(16)),
            deadlines: Vec::new(),
            fees: Vec::new(),
            warnings: Vec::new(),
            needs: Vec::new(),
            notes: Vec::new(),
            values: Vec::new(),
            callees: Vec::new(),
            today: Date::ZERO,
            as_of: Date::ZERO,
            columns: Vec::new(),
            spare: Spare::default(),
        }
    }

    /// Empties every list, keeping its room, for the evaluation of `procedure`.
    fn reset(&mut self, procedure: &'p Procedure, today: Date, as_of: Date) {
        self.procedure = procedure;
        self.status = Status::NeedsInput;
        self.outcome = None;
        self.path.clear();
        self.decisions.clear();
        self.documents.clear();
        self.deadlines.clear();
        self.fees.clear();
        self.warnings.clear();
        self.needs.clear();
        self.notes.clear();
        self.values.clear();
        for callee in self.callees.drain(..) {
            let mut values = callee.values;
            values.clear();
            self.spare.values.push(values);
        }
        self.today = today;
        self.as_of = as_of;
    }

    /// The values seen in `procedure`'s evaluation: this one's, or a sub-procedure's.
    #[must_use]
    pub fn values_of(&self, procedure: &Procedure) -> Option<&[Option<Value>]> {
        if std::ptr::eq(self.procedure, procedure) {
            return Some(&self.values);
        }
        self.callees.iter().find(|v| std::ptr::eq(v.procedure, procedure)).map(|v| v.values.as_slice())
    }

    /// Every procedure evaluated, this one first, with the values its evaluation saw.
    pub fn procedures(&self) -> impl Iterator<Item = (&'p Procedure, &[Option<Value>])> {
        std::iter::once((self.procedure, self.values.as_slice()))
            .chain(self.callees.iter().map(|v| (v.procedure, v.values.as_slice())))
    }

    /// The sum of the fees that apply whose amount is known, in the procedure's one currency;
    /// `None` when no fee applies on the path, which says "no fee stated", not "free". The
    /// compiler keeps one currency per procedure and bounds each amount, so the sum is exact;
    /// it is only a minimum when [`Evaluation::fee_amount_unknown`].
    #[must_use]
    pub fn fee_total(&self) -> Option<(i64, &'p str)> {
        let first = self.fees.first()?;
        Some((self.fees.iter().filter_map(|f| f.amount).sum(), first.fee.currency.as_str()))
    }

    /// Whether a fee that applies has no known amount (set by the office, or waiting on a
    /// fact): the total is then "at least" [`Evaluation::fee_total`], never a made-up sum.
    #[must_use]
    pub fn fee_amount_unknown(&self) -> bool {
        self.fees.iter().any(|f| f.amount.is_none())
    }
}

/// The most nodes one evaluation visits; a procedure is a DAG, so this bounds any walk.
fn fuel(procedure: &Procedure) -> usize {
    procedure.nodes.len() + 1
}

/// Evaluates `procedure` for `facts` on `today`.
///
/// Errors (a constraint the facts violate, an overflow in a rule, a table with no matching
/// row) are located diagnostics; nothing is guessed.
pub fn evaluate<'p>(procedure: &'p Procedure, facts: &Facts, today: Date) -> Result<Evaluation<'p>, Vec<Diagnostic>> {
    evaluate_as_of(procedure, facts, today, today)
}

/// Evaluates `procedure` on `today` with the rules in force on `as_of`, the date of the act
/// (the day an application is received, say), which may be earlier or later than `today`.
/// Rules carry their periods in `valid_from`/`valid_until`; deadlines still count from
/// `today`.
///
/// ```
/// use procedure_core::{bind, compile, evaluate_as_of, CompileOptions};
///
/// let text = "\
/// id: demo
/// version: '1'
/// title: Demo
/// languages: [en]
/// time_zone: Asia/Tokyo
/// start: pay
/// steps:
///   pay:
///     title: Pay
///     fees:
///       permission:
///         - {amount: 4000, currency: JPY, valid_until: 2025-03-31}
///         - {amount: 6000, currency: JPY, valid_from: 2025-04-01}
///     next: done
/// outcomes:
///   done: {title: Done, kind: done}
/// ";
/// let procedure = compile(text, &CompileOptions::DEFAULT).procedure.unwrap();
/// let facts = bind(&procedure, &[]).unwrap();
/// let today = jiff::civil::date(2026, 11, 25);
/// let before = evaluate_as_of(&procedure, &facts, today, jiff::civil::date(2025, 3, 31)).unwrap();
/// let after = evaluate_as_of(&procedure, &facts, today, jiff::civil::date(2025, 4, 1)).unwrap();
/// assert_eq!(before.fee_total(), Some((4000, "JPY")));
/// assert_eq!(after.fee_total(), Some((6000, "JPY")));
/// ```
pub fn evaluate_as_of<'p>(
    procedure: &'p Procedure,
    facts: &Facts,
    today: Date,
    as_of: Date,
) -> Result<Evaluation<'p>, Vec<Diagnostic>> {
    let mut evaluation = Evaluation::new(procedure);
    evaluate_as_of_into(procedure, facts, today, as_of, &mut evaluation)?;
    Ok(evaluation)
}

/// [`evaluate_as_of`] into `into`, reusing the room of its lists.
pub(crate) fn evaluate_as_of_into<'p>(
    procedure: &'p Procedure,
    facts: &Facts,
    today: Date,
    as_of: Date,
    into: &mut Evaluation<'p>,
) -> Result<(), Vec<Diagnostic>> {
    let mut run = Run::new(procedure, facts, today, as_of, into)?;
    run.walk()?;
    run.finish()
}

/// Sets a value the caller computed as a fact of a sub-procedure, checked as [`bind`] checks a
/// fact; a date stays a date, never written out and parsed again.
fn give(situation: &mut Situation<'_>, i: usize, v: &Value) -> Result<(), Diagnostic> {
    match v {
        Value::Bool(b) => situation.put(i, Given::Bool(*b)),
        Value::Int(n) => situation.put(i, Given::Int(*n)),
        Value::String(s) => situation.put(i, Given::Text(s.as_ref())),
        Value::Date(d) => situation.put(i, Given::Date(*d)),
        // The compiler types each call's expressions as the callee's inputs: none of these
        // reaches a callee; were one to, it is refused as `bind` refuses a fact of no type.
        Value::List(_) | Value::Null | Value::Duration(_) => match situation.procedure().inputs.get(i) {
            Some(input) => Err(invalid(input, &format!("{v} where {} is expected", input.ty))),
            None => Ok(()),
        },
    }
}

/// Where a sub-procedure leaves its caller.
enum CallEnd<'p> {
    /// It is done: the caller goes on.
    Continue,
    /// It waits on facts: so does the caller.
    Waits,
    /// It ended elsewhere (a redirect, or the person cannot proceed): so does the caller.
    Ends(&'p Node),
}

struct Run<'p, 'e> {
    procedure: &'p Procedure,
    /// By slot: the evaluation's `values`, taken for the walk and given back when it ends
    /// (see `Drop`), so that their room is reused.
    vars: Vec<Option<Value>>,
    /// For each derived value's slot, the inputs it waits on when unknown.
    let_inputs: Vec<Option<SlotSet>>,
    today: Date,
    as_of: Date,
    eval: &'e mut Evaluation<'p>,
    /// Unknown inputs read by the checklist on the decided part of the path.
    wanted: SlotSet,
}

impl Drop for Run<'_, '_> {
    fn drop(&mut self) {
        self.eval.values = std::mem::take(&mut self.vars);
        self.eval.spare.let_inputs = std::mem::take(&mut self.let_inputs);
    }
}

impl<'p, 'e> Run<'p, 'e> {
    fn new(
        procedure: &'p Procedure,
        facts: &Facts,
        today: Date,
        as_of: Date,
        eval: &'e mut Evaluation<'p>,
    ) -> Result<Self, Vec<Diagnostic>> {
        eval.reset(procedure, today, as_of);
        let mut vars = std::mem::take(&mut eval.values);
        vars.resize(procedure.env.len(), None);
        for (i, input) in procedure.inputs.iter().enumerate() {
            if let Some(v) = vars.get_mut(input.slot.index()) {
                *v = facts.get(i).cloned();
            }
        }
        if let Some(v) = vars.get_mut(procedure.today.index()) {
            *v = Some(Value::Date(today));
        }
        let let_inputs = std::mem::take(&mut eval.spare.let_inputs);
        let mut run = Run { procedure, vars, let_inputs, today, as_of, eval, wanted: SlotSet::new() };
        run.compute_lets()?;
        run.drop_unasked(facts)?;
        run.check_dated_values()?;
        run.check_constraints()?;
        Ok(run)
    }

    /// Derived values in dependency order; an unknown one remembers the inputs it waits on.
    fn compute_lets(&mut self) -> Result<(), Vec<Diagnostic>> {
        self.let_inputs.clear();
        for (n, l) in self.procedure.lets.iter().enumerate() {
            let value = match l.program.eval(&self.vars) {
                Ok(v) => Some(v),
                Err(Stop::Unknown(set)) => {
                    let inputs = self.inputs_of(&set);
                    // Indexed by the derived value's place, grown only when one is unknown:
                    // looking one up costs nothing however many there are.
                    if self.let_inputs.len() <= n {
                        self.let_inputs.resize(n + 1, None);
                    }
                    if let Some(at) = self.let_inputs.get_mut(n) {
                        *at = Some(inputs);
                    }
                    None
                }
                Err(Stop::Error(e)) => return Err(vec![runtime(&e, &format!("derived value `{}`", l.id))]),
            };
            if let Some(v) = self.vars.get_mut(l.slot.index()) {
                *v = value;
            }
        }
        Ok(())
    }

    /// A fact for an input whose `ask_when` does not hold is ignored, with a note.
    fn drop_unasked(&mut self, facts: &Facts) -> Result<(), Vec<Diagnostic>> {
        let mut dropped = false;
        for (i, input) in self.procedure.inputs.iter().enumerate() {
            let Some(ask_when) = &input.ask_when else { continue };
            if facts.get(i).is_none() {
                continue;
            }
            if ask_when.eval_bool(&self.vars) == Ok(false) {
                if let Some(v) = self.vars.get_mut(input.slot.index()) {
                    *v = None;
                }
                self.eval.notes.push(Note::FactIgnored { input });
                dropped = true;
            }
        }
        if dropped {
            self.compute_lets()?;
        }
        Ok(())
    }

    /// An enum value the rules date is a value only in its period: a fact naming it on
    /// another date of the act is refused as `bind` refuses a value not listed.
    fn check_dated_values(&self) -> Result<(), Vec<Diagnostic>> {
        let mut errors = Vec::new();
        for input in self.procedure.inputs.iter().filter(|i| !i.dated_values.is_empty()) {
            let Some(Value::String(value)) = self.vars.get(input.slot.index()).and_then(Option::as_ref) else {
                continue;
            };
            let Some(valid) = input.out_of_force(value, self.as_of) else { continue };
            let period = match (valid.from, valid.until) {
                (Some(f), Some(u)) => format!("from {f} until {u}"),
                (Some(f), None) => format!("from {f}"),
                (None, Some(u)) => format!("until {u}"),
                (None, None) => String::new(),
            };
            let mut d = invalid(input, &format!("`{value}` is a value only {period}, not on {}", self.as_of));
            // The fact may come from a file or `--set`; the period is written in the procedure.
            let declared = input.dated_value(value).map_or(input.span, |d| d.span);
            d.labels = vec![(declared, format!("a value only {period}"))];
            d.help = Some(format!(
                "both days are inclusive; the values on {} are: {}",
                self.as_of,
                input
                    .labels
                    .iter()
                    .filter(|(v, _)| input.out_of_force(v, self.as_of).is_none())
                    .map(|(v, _)| format!("`{v}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            errors.push(d);
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }

    fn check_constraints(&self) -> Result<(), Vec<Diagnostic>> {
        let mut errors = Vec::new();
        for c in self.procedure.constraints.iter().filter(|c| c.valid.in_force(self.as_of)) {
            match c.check.eval(&self.vars) {
                Ok(Value::Bool(false)) => {
                    let read: Vec<String> = self
                        .inputs_read(&c.check)
                        .iter()
                        .filter_map(|i| {
                            self.vars.get(i.slot.index()).and_then(Option::as_ref).map(|v| format!("`{}` = {v}", i.id))
                        })
                        .collect();
                    let message = c
                        .message
                        .get(self.procedure.languages.first().map_or("", String::as_str))
                        .map_or("", |(t, _)| t);
                    errors.push(
                        Diagnostic::error(
                            crate::Code::FactsConstraint,
                            message.to_owned(),
                            c.check.span(),
                            "this check fails",
                        )
                        .with_help(format!("the facts involved: {}", read.join(", "))),
                    );
                }
                Err(Stop::Error(e)) => errors.push(runtime(&e, "a constraint")),
                _ => {}
            }
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }

    /// The place in [`Procedure::lets`] of the derived value in `slot`: they take the slots
    /// after the inputs and `today`, in their order.
    fn let_position(&self, slot: Slot) -> Option<usize> {
        let first = self.procedure.lets.first()?.slot.index();
        let n = slot.index().checked_sub(first)?;
        (self.procedure.lets.get(n)?.slot == slot).then_some(n)
    }

    /// The inputs behind a set of unknown slots, looking through derived values.
    fn inputs_of(&self, set: &SlotSet) -> SlotSet {
        let mut out = SlotSet::new();
        for slot in set.iter() {
            if slot.index() < self.procedure.inputs.len() {
                out.insert(slot);
            } else if let Some(inputs) =
                self.let_position(slot).and_then(|n| self.let_inputs.get(n)).and_then(Option::as_ref)
            {
                out.union_with(inputs);
            }
        }
        out
    }

    fn inputs_read(&self, program: &Program) -> Vec<&'p Input> {
        self.procedure.inputs_read(program).into_iter().filter_map(|i| self.procedure.inputs.get(i)).collect()
    }

    /// Whether an optional `when` holds: true when absent; false while it waits on facts (which
    /// are recorded as needed).
    fn holds(&mut self, when: Option<&Program>, what: &str) -> Result<bool, Vec<Diagnostic>> {
        match when {
            None => Ok(true),
            Some(w) => Ok(self.test(w, what)? == Some(true)),
        }
    }

    /// The variant of a step's details the situation chooses: the first whose `when` holds, or
    /// the otherwise; none while a `when` before the one that holds waits on a fact, whose
    /// inputs are then needed, since a later variant may not be the one that applies.
    fn details(&mut self, step: &'p crate::model::Step) -> Result<Option<&'p Text>, Vec<Diagnostic>> {
        // A step out of force asks for nothing: its details are not worth a question.
        if !step.valid.in_force(self.as_of) {
            return Ok(step.details.as_ref());
        }
        for (when, text) in &step.details_when {
            match self.test(when, "a text variant's `when`")? {
                Some(true) => return Ok(Some(text)),
                Some(false) => {}
                None => return Ok(None),
            }
        }
        Ok(step.details.as_ref())
    }

    /// A fee's amount: `None` when the office sets it, or when it waits on facts (recorded).
    fn amount(&mut self, amount: &crate::model::FeeAmount) -> Result<Option<i64>, Vec<Diagnostic>> {
        let program = match amount {
            crate::model::FeeAmount::Fixed(n) => return Ok(Some(*n)),
            crate::model::FeeAmount::ByOffice => return Ok(None),
            crate::model::FeeAmount::Computed(p) => p,
        };
        match program.eval(&self.vars) {
            Ok(Value::Int(n)) => Ok(Some(n)),
            Ok(other) => Err(vec![Diagnostic::error(
                crate::Code::EvalNotACondition,
                format!("an amount gave {other}, not an int"),
                program.span(),
                "here",
            )]),
            Err(Stop::Unknown(set)) => {
                self.wait_on(&set, program.span())?;
                Ok(None)
            }
            Err(Stop::Error(e)) => Err(vec![runtime(&e, "an amount")]),
        }
    }

    /// Evaluates a condition: `Some(bool)`, or `None` when it waits on facts (recorded).
    fn test(&mut self, program: &Program, what: &str) -> Result<Option<bool>, Vec<Diagnostic>> {
        // A condition is checked to be a bool: evaluated as one, it builds no value.
        let result = match program.result_type() {
            Type::Bool => program.eval_bool(&self.vars).map(Value::Bool),
            _ => program.eval(&self.vars),
        };
        match result {
            Ok(Value::Bool(b)) => Ok(Some(b)),
            Ok(other) => Err(vec![Diagnostic::error(
                crate::Code::EvalNotACondition,
                format!("{what} gave {other}, not a bool"),
                program.span(),
                "here",
            )]),
            Err(Stop::Unknown(set)) => {
                self.wait_on(&set, program.span())?;
                Ok(None)
            }
            Err(Stop::Error(e)) => Err(vec![runtime(&e, what)]),
        }
    }

    /// Records that the expression at `span` waits on the variables in `set`, so that their
    /// inputs are asked. An input that is not asked in this situation (its `ask_when` is
    /// false) can never be known here: that is an error in the procedure, never an answer
    /// that silently leaves the expression out.
    fn wait_on(&mut self, set: &SlotSet, span: procedure_expr::Span) -> Result<(), Vec<Diagnostic>> {
        let inputs = self.inputs_of(set);
        for slot in inputs.iter() {
            let Some(input) = self.procedure.inputs.get(slot.index()) else { continue };
            if let Some(ask_when) = &input.ask_when
                && ask_when.eval_bool(&self.vars) == Ok(false)
            {
                return Err(vec![
                    Diagnostic::error(
                        crate::Code::EvalReadWhereNotAsked,
                        format!("`{}` is read here, but it is not asked in this situation", input.id),
                        span,
                        format!("waits on `{}`", input.id),
                    )
                    .with_label(ask_when.span(), "it is asked only where this holds")
                    .with_help(format!(
                        "the facts: {}; guard the expression so that it reads `{}` only where it is asked",
                        self.known_facts(),
                        input.id
                    )),
                ]);
            }
        }
        self.wanted.union_with(&inputs);
        Ok(())
    }

    /// The facts known, in words, for a diagnostic: `` `cause` = "lost", `age` = 15 ``.
    fn known_facts(&self) -> String {
        let known: Vec<String> = self
            .procedure
            .inputs
            .iter()
            .filter_map(|i| self.vars.get(i.slot.index()).and_then(Option::as_ref).map(|v| format!("`{}` = {v}", i.id)))
            .collect();
        if known.is_empty() { "none given".into() } else { known.join(", ") }
    }

    fn walk(&mut self) -> Result<(), Vec<Diagnostic>> {
        let mut node_index = self.procedure.start;
        let mut why: &'p str = "";
        for _ in 0..fuel(self.procedure) {
            let Some(node) = self.procedure.nodes.get(node_index) else { break };
            let details = match &node.kind {
                NodeKind::Step(step) => self.details(step)?,
                _ => None,
            };
            self.eval.path.push(PathStep { node, why, details });
            match &node.kind {
                NodeKind::Outcome(_) => {
                    self.eval.status = Status::Complete;
                    self.eval.outcome = Some(node);
                    return Ok(());
                }
                NodeKind::Step(step) => {
                    // A step not in force on the date of the act asks for nothing; its
                    // branches still route.
                    let as_of = self.as_of;
                    let in_force = step.valid.in_force(as_of);
                    // Deadlines first: a document may be asked for only once one is late.
                    for d in step.deadlines.iter().filter(|d| in_force && d.valid.in_force(as_of)) {
                        if self.holds(d.when.as_ref(), "a deadline's `when`")? {
                            self.deadline(d)?;
                        }
                    }
                    if in_force {
                        self.checklist(node, &step.obtain, &step.bring)?;
                        self.warnings(&step.warnings)?;
                    }
                    for f in step.fees.iter().filter(|f| in_force && f.valid.in_force(as_of)) {
                        if self.holds(f.when.as_ref(), "a fee's `when`")? {
                            let amount = self.amount(&f.amount)?;
                            self.eval.fees.push(FeeItem { fee: f, amount });
                        }
                    }
                    if in_force && let Some(call) = &step.call {
                        match self.call(call)? {
                            CallEnd::Continue => {}
                            CallEnd::Waits => return Ok(()),
                            CallEnd::Ends(outcome) => {
                                self.eval.status = Status::Complete;
                                self.eval.outcome = Some(outcome);
                                return Ok(());
                            }
                        }
                    }
                    let mut next = None;
                    for b in step.next.iter().filter(|b| b.valid.in_force(as_of)) {
                        let taken = match &b.when {
                            None => Some(true),
                            Some(guard) => {
                                let value = self.test(guard, "a branch's `when`")?;
                                if let Some(v) = value {
                                    self.eval.decisions.push(Decision {
                                        node,
                                        guard: &b.label,
                                        value: v,
                                        read: &b.reads,
                                        lets: &b.lets,
                                        procedure: self.procedure,
                                    });
                                }
                                value
                            }
                        };
                        match taken {
                            Some(true) => {
                                next = Some((b.to, b.label.as_str()));
                                break;
                            }
                            Some(false) => {}
                            None => return Ok(()),
                        }
                    }
                    let Some((to, label)) = next else {
                        return Err(vec![
                            Diagnostic::error(
                                crate::Code::EvalNoBranch,
                                format!("no branch of `{}` holds in this situation", node.id),
                                node.span,
                                "no way on",
                            )
                            .with_help("add an `otherwise` branch"),
                        ]);
                    };
                    node_index = to;
                    why = label;
                }
                NodeKind::Table(table) => match self.table(node, table)? {
                    Some((to, label)) => {
                        node_index = to;
                        why = label;
                    }
                    None => return Ok(()),
                },
            }
        }
        Err(vec![Diagnostic::error(
            crate::Code::EvalFuel,
            "evaluation visited more nodes than the procedure has",
            self.procedure.nodes.get(self.procedure.start).map(|n| n.span).unwrap_or_default(),
            "start",
        )])
    }

    /// Follows a sub-procedure: its facts are the caller's expressions, its checklist,
    /// deadlines, fees, warnings and path join the caller's, and the facts it still needs are
    /// asked as the caller's inputs those expressions read.
    fn call(&mut self, call: &'p Call) -> Result<CallEnd<'p>, Vec<Diagnostic>> {
        let facts = self.eval.spare.facts.pop().unwrap_or_default();
        let mut situation = Situation::with_facts(&call.procedure, facts);
        let mut errors = Vec::new();
        let mut waits_on = self.eval.spare.waits_on.pop().unwrap_or_default();
        waits_on.clear();
        for (i, (program, input)) in call.inputs.iter().zip(&call.procedure.inputs).enumerate() {
            match program.eval(&self.vars) {
                Ok(v) => {
                    // The callee's facts are checked as any facts are: an enum value it does
                    // not have, or a number out of its range, is an error here rather than a
                    // wrong answer there.
                    if let Err(mut d) = give(&mut situation, i, &v) {
                        d.message = format!("calling `{}`: {}", call.path, d.message);
                        d.labels = vec![(call.span, "this call".into())];
                        errors.push(d);
                    }
                    waits_on.push(SlotSet::new());
                }
                Err(Stop::Unknown(set)) => waits_on.push(self.inputs_of(&set)),
                Err(Stop::Error(e)) => {
                    return Err(vec![runtime(&e, &format!("the input `{}` of `{}`", input.id, call.path))]);
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut sub = self.eval.spare.evaluations.pop().unwrap_or_else(|| Evaluation::new(&call.procedure));
        let evaluated = evaluate_as_of_into(&call.procedure, situation.facts(), self.today, self.as_of, &mut sub);
        self.eval.spare.facts.push(situation.into_facts());
        evaluated?;
        for need in &sub.needs {
            if let Some(i) = call.procedure.inputs.iter().position(|input| std::ptr::eq(input, *need))
                && let Some(set) = waits_on.get(i)
            {
                let span = call.inputs.get(i).map_or(call.span, Program::span);
                self.wait_on(set, span)?;
            }
        }
        // A `done` outcome of the callee is where it hands back, not a place the reader ends at.
        let handed_back =
            matches!(sub.outcome.map(|n| &n.kind), Some(NodeKind::Outcome(o)) if o.kind == OutcomeKind::Done);
        let shown = sub.path.len().saturating_sub(usize::from(handed_back));
        self.eval.path.extend(sub.path.iter().take(shown).cloned());
        for item in &sub.documents {
            add_document(&mut self.eval.documents, item.clone());
        }
        self.eval.deadlines.extend_from_slice(&sub.deadlines);
        self.eval.fees.extend_from_slice(&sub.fees);
        self.eval.warnings.extend_from_slice(&sub.warnings);
        self.eval.decisions.extend_from_slice(&sub.decisions);
        // The callee's facts are the caller's expressions, not the reader's answers: an ignored
        // one is no news to the reader (theirs are noted where the caller binds them).
        self.eval.notes.extend(sub.notes.iter().filter(|n| !matches!(n, Note::FactIgnored { .. })).copied());
        // The callee's values move to the caller's list, and the callee keeps spare room.
        let values = std::mem::replace(&mut sub.values, self.eval.spare.values.pop().unwrap_or_default());
        self.eval.callees.push(Values { procedure: sub.procedure, values });
        self.eval.callees.append(&mut sub.callees);
        let end = match sub.outcome {
            None => CallEnd::Waits,
            Some(node) => match &node.kind {
                NodeKind::Outcome(o) if o.kind != OutcomeKind::Done => CallEnd::Ends(node),
                _ => CallEnd::Continue,
            },
        };
        self.eval.spare.evaluations.push(sub);
        self.eval.spare.waits_on.push(waits_on);
        Ok(end)
    }

    fn checklist(
        &mut self,
        node: &'p Node,
        obtain: &'p [DocRequirement],
        bring: &'p [DocRequirement],
    ) -> Result<(), Vec<Diagnostic>> {
        for (obtaining, list) in [(true, obtain), (false, bring)] {
            let as_of = self.as_of;
            for r in list.iter().filter(|r| r.valid.in_force(as_of)) {
                if !self.holds(r.when.as_ref(), "a document's `when`")? {
                    continue;
                }
                // A deadline that was not computed on this path (it does not apply, or waits on
                // facts, which are then asked for) is not late.
                if let Some(id) = &r.after_deadline
                    && !self.eval.deadlines.iter().any(|d| &d.deadline.id == id && d.status == DeadlineStatus::Late)
                {
                    continue;
                }
                let Some(document) = self.procedure.documents.get(r.document) else { continue };
                let (obtain_at, bring_to) = if obtaining { (Some(node), None) } else { (None, Some(node)) };
                let item = DocumentItem { document, obtain_at, bring_to, note: r.note.as_ref(), citation: &r.citation };
                add_document(&mut self.eval.documents, item);
            }
        }
        Ok(())
    }

    fn warnings(&mut self, warnings: &'p [crate::model::Warning]) -> Result<(), Vec<Diagnostic>> {
        let as_of = self.as_of;
        for w in warnings.iter().filter(|w| w.valid.in_force(as_of)) {
            if self.holds(w.when.as_ref(), "a warning's `when`")? {
                self.eval.warnings.push(WarningItem { warning: w });
            }
        }
        Ok(())
    }

    fn deadline(&mut self, d: &'p crate::model::Deadline) -> Result<(), Vec<Diagnostic>> {
        let date = match d.date.eval(&self.vars) {
            Ok(Value::Date(date)) => date,
            Ok(_) => return Ok(()),
            Err(Stop::Unknown(set)) => {
                self.wait_on(&set, d.date.span())?;
                return Ok(());
            }
            Err(Stop::Error(e)) => return Err(vec![runtime(&e, &format!("deadline `{}`", d.id))]),
        };
        let (mut effective, mut safe, mut possible) = (date, date, None);
        let rolled = match &d.calendar_when {
            None => true,
            // Until it is known whether the calendar applies, the legal date is shown.
            Some(w) => self.test(w, "a deadline's `calendar_when`")?.unwrap_or_default(),
        };
        if rolled && let Some(cal) = d.calendar {
            match (cal.next_open_on_or_after(date), cal.last_open_on_or_before(date)) {
                (Ok(e), Ok(s)) => {
                    if d.calendar_verification == Some(Verification::Unverified) {
                        possible = (e > date).then_some(e);
                    } else {
                        effective = e;
                    }
                    safe = s;
                }
                (Err(_), _) | (_, Err(_)) => self.eval.notes.push(Note::OutsideCalendar { deadline: d, date }),
            }
        }
        let opens = self.opens(d)?;
        let days_left = self.today.until(effective).map(|s| i64::from(s.get_days())).unwrap_or(0);
        let status = match self.today.cmp(&effective) {
            _ if opens.is_some_and(|o| self.today < o) => DeadlineStatus::NotYetOpen,
            std::cmp::Ordering::Less => DeadlineStatus::OnTime,
            std::cmp::Ordering::Equal => DeadlineStatus::LastDay,
            std::cmp::Ordering::Greater => DeadlineStatus::Late,
        };
        self.eval.deadlines.push(DeadlineItem {
            deadline: d,
            date,
            effective_date: effective,
            safe_date: safe,
            possible_date: possible,
            opens,
            status,
            days_left,
            calendar: if rolled { d.calendar.map(Calendar::name) } else { None },
        });
        for (event, warning) in &d.warnings {
            let shown = match event {
                DeadlineEvent::Late => status == DeadlineStatus::Late,
                DeadlineEvent::LastDay => status == DeadlineStatus::LastDay,
                DeadlineEvent::Extended => effective > date,
                DeadlineEvent::MayExtend => possible.is_some(),
            };
            if shown && self.holds(warning.when.as_ref(), "a deadline warning's `when`")? {
                self.eval.warnings.push(WarningItem { warning });
            }
        }
        Ok(())
    }

    /// The first day of a deadline's window, where it has one here; `None` too while it waits on
    /// facts. The first day decides nothing by itself, so an `opens_when` that waits on a fact
    /// leaves it out rather than asking; the first day's own facts are asked.
    fn opens(&mut self, d: &'p crate::model::Deadline) -> Result<Option<Date>, Vec<Diagnostic>> {
        let Some(opens) = &d.opens else { return Ok(None) };
        if let Some(w) = &d.opens_when {
            match w.eval(&self.vars) {
                Ok(Value::Bool(true)) => {}
                Ok(Value::Bool(false)) | Err(Stop::Unknown(_)) => return Ok(None),
                Ok(other) => {
                    return Err(vec![Diagnostic::error(
                        crate::Code::EvalNotACondition,
                        format!("a deadline's `opens_when` gave {other}, not a bool"),
                        w.span(),
                        "here",
                    )]);
                }
                Err(Stop::Error(e)) => return Err(vec![runtime(&e, "a deadline's `opens_when`")]),
            }
        }
        match opens.eval(&self.vars) {
            Ok(Value::Date(date)) => Ok(Some(date)),
            Ok(_) => Ok(None),
            Err(Stop::Unknown(set)) => {
                self.wait_on(&set, opens.span())?;
                Ok(None)
            }
            Err(Stop::Error(e)) => Err(vec![runtime(&e, &format!("the window of deadline `{}`", d.id))]),
        }
    }

    /// A table's way on: `Some((target, row label))`, or `None` when it waits on facts.
    fn table(&mut self, node: &'p Node, table: &'p Table) -> Result<Option<(usize, &'p str)>, Vec<Diagnostic>> {
        // Columns are computed when a cell first needs them: a `-` cell reads nothing. Their
        // room is the evaluation's, kept from one table and one evaluation to the next.
        let mut columns = std::mem::take(&mut self.eval.columns);
        columns.clear();
        columns.resize(table.columns.len(), None);
        let way = self.decide(node, table, &mut columns);
        self.eval.columns = columns;
        way
    }

    /// [`Run::table`] with its columns.
    fn decide(
        &mut self,
        node: &'p Node,
        table: &'p Table,
        columns: &mut [Option<Result<Value, Stop>>],
    ) -> Result<Option<(usize, &'p str)>, Vec<Diagnostic>> {
        let mut waiting = false;
        for (r, row) in table.rows.iter().enumerate() {
            match self.row(table, row, columns)? {
                Some(true) => {
                    if table.hit == HitPolicy::Collect {
                        self.checklist(node, &[], &row.bring)?;
                        self.warnings(&row.warnings)?;
                        continue;
                    }
                    if waiting {
                        return Ok(None);
                    }
                    // A `unique` table answers only when no other row matches: unless the
                    // checks proved the rows exclusive, the rows after this one are tried too.
                    if table.hit == HitPolicy::Unique
                        && !table.exclusive
                        && !self.no_other_row(node, table, r, columns)?
                    {
                        return Ok(None);
                    }
                    self.eval.decisions.push(Decision {
                        node,
                        guard: &row.label,
                        value: true,
                        read: &row.reads,
                        lets: &row.lets,
                        procedure: self.procedure,
                    });
                    return Ok(row.to.map(|t| (t, row.label.as_str())));
                }
                Some(false) => {}
                None => {
                    waiting = true;
                    if table.hit != HitPolicy::Collect {
                        return Ok(None);
                    }
                }
            }
        }
        if waiting {
            return Ok(None);
        }
        match table.otherwise {
            Some(to) => Ok(Some((to, if table.hit == HitPolicy::Collect { "" } else { "default" }))),
            None => Err(vec![
                Diagnostic::error(
                    crate::Code::EvalNoRow,
                    format!("no row of the table `{}` matches this situation", node.id),
                    node.span,
                    "no row matches",
                )
                .with_help("add a row for this case, or a `default`"),
            ]),
        }
    }

    /// Whether no row after `matched` matches: `Ok(false)` while one waits on facts, and an
    /// error naming both rows when another matches too.
    fn no_other_row(
        &mut self,
        node: &'p Node,
        table: &'p Table,
        matched: usize,
        columns: &mut [Option<Result<Value, Stop>>],
    ) -> Result<bool, Vec<Diagnostic>> {
        let mut decided = true;
        for row in table.rows.iter().skip(matched + 1) {
            match self.row(table, row, columns)? {
                Some(true) => {
                    let first = table.rows.get(matched).map(|r| r.span).unwrap_or(node.span);
                    return Err(vec![
                        Diagnostic::error(
                            crate::Code::EvalTableOverlap,
                            format!("two rows of the `unique` table `{}` match this situation", node.id),
                            first,
                            "this row matches",
                        )
                        .with_label(row.span, "and this one too")
                        .with_help(format!(
                            "the facts: {}; make the rows exclusive, or use `hit: first` if the order of the rows decides",
                            self.known_facts()
                        )),
                    ]);
                }
                Some(false) => {}
                None => decided = false,
            }
        }
        Ok(decided)
    }

    fn row(
        &mut self,
        table: &Table,
        row: &Row,
        columns: &mut [Option<Result<Value, Stop>>],
    ) -> Result<Option<bool>, Vec<Diagnostic>> {
        let mut unknown = false;
        for (c, cell) in row.cells.iter().enumerate() {
            if matches!(cell, CellTest::Any) {
                continue;
            }
            let Some(slot) = columns.get_mut(c) else { continue };
            let column =
                slot.get_or_insert_with(|| table.columns.get(c).map_or(Ok(Value::Null), |p| p.eval(&self.vars)));
            match cell.holds(column, &self.vars) {
                Ok(Some(true)) => {}
                Ok(Some(false)) => return Ok(Some(false)),
                Ok(None) => {
                    if let Err(Stop::Unknown(set)) = column {
                        let set = set.clone();
                        let span = table.columns.get(c).map(Program::span).unwrap_or_default();
                        self.wait_on(&set, span)?;
                    }
                    unknown = true;
                }
                Err(e) => return Err(vec![runtime(&e, "a table cell")]),
            }
        }
        Ok(if unknown { None } else { Some(true) })
    }

    /// Lists what is still needed. An outcome reached while a document, deadline, fee or
    /// warning on the path still waits on a fact is not a complete answer: the status stays
    /// `needs_input`, with the outcome known.
    fn finish(&mut self) -> Result<(), Vec<Diagnostic>> {
        // Only inputs that can be asked now: an unknown `ask_when` needs its own inputs first.
        let mut needs = SlotSet::new();
        for slot in self.wanted.iter() {
            let Some(input) = self.procedure.inputs.get(slot.index()) else { continue };
            match input.ask_when.as_ref().map(|a| a.eval_bool(&self.vars)) {
                None | Some(Ok(true)) => needs.insert(slot),
                Some(Err(Stop::Unknown(set))) => needs.union_with(&self.inputs_of(&set)),
                _ => {}
            }
        }
        let procedure = self.procedure;
        self.eval.needs.extend(procedure.inputs.iter().filter(|i| needs.contains(i.slot)));
        if !self.eval.needs.is_empty() {
            self.eval.status = Status::NeedsInput;
        } else if self.eval.status == Status::NeedsInput {
            // Waiting with nothing to ask would leave the reader stuck: never an answer.
            let at = self.eval.path.last().map_or_else(
                || self.procedure.nodes.get(self.procedure.start).map(|n| n.span).unwrap_or_default(),
                |s| s.node.span,
            );
            return Err(vec![
                Diagnostic::error(
                    crate::Code::EvalNothingToAsk,
                    "the answer waits on facts, but no question can be asked for them",
                    at,
                    "evaluation stopped here",
                )
                .with_help(format!("the facts: {}", self.known_facts())),
            ]);
        }
        Ok(())
    }
}

/// A run-time error in a rule, as a located diagnostic.
fn runtime(e: &procedure_expr::EvalError, what: &str) -> Diagnostic {
    let mut d = Diagnostic::from_miette_alone(e, crate::Level::Error);
    d.message = format!("{} while evaluating {what}", d.message);
    d
}

/// The surest tag a reader can be shown for a citation: its own, or `unverified`.
pub fn verification(citation: &Citation) -> Verification {
    citation.verification.unwrap_or(Verification::Unverified)
}
