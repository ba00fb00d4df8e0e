//! The compiled procedure: immutable, `Send + Sync`, every name resolved to an index and every
//! expression compiled to a slot-resolved program. The public API speaks in the procedure's
//! own ids; petgraph stays inside.

use std::fmt;

use jiff::civil::Date;
use procedure_expr::{Env, Program, Slot, Span, Stop, Type, Value};
use procedure_syntax::{HitPolicy, OutcomeKind, Verification};

use crate::calendar::Calendar;

/// A text in one or more languages.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Text {
    /// `(language, text)` in file order; the first entry is in the default language when the
    /// author wrote a plain string.
    pub by_language: Vec<(String, String)>,
    /// The languages in which this text is a machine translation not yet reviewed: as the text
    /// states, or as its file's `translations` says.
    pub machine: Vec<String>,
    /// The names its placeholders show (`{valid_until}`), sorted; empty for a text without one,
    /// which is then shown as written.
    pub placeholders: Vec<String>,
    /// The id of the procedure whose values fill the placeholders in (the procedure that wrote
    /// the text); empty without placeholders.
    pub owner: String,
}

impl Text {
    /// Whether the text shown in `language` is a machine translation not yet reviewed.
    pub fn is_machine(&self, language: &str) -> bool {
        self.machine.iter().any(|l| l == language)
    }

    /// The text in `language`, or in the first language it has, with whether it fell back.
    pub fn get(&self, language: &str) -> Option<(&str, bool)> {
        if let Some((_, t)) = self.by_language.iter().find(|(l, _)| l == language) {
            return Some((t, false));
        }
        self.by_language.first().map(|(_, t)| (t.as_str(), true))
    }
}

/// The period a rule is in force: both days inclusive, open where absent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Validity {
    /// The first day in force.
    pub from: Option<jiff::civil::Date>,
    /// The last day in force.
    pub until: Option<jiff::civil::Date>,
}

impl Input {
    /// The period of the enum value `value` when it is not in force on `day` (a value this
    /// input does not take then); `None` for a value in force, dated or not.
    pub fn out_of_force(&self, value: &str, day: jiff::civil::Date) -> Option<Validity> {
        self.dated_value(value).filter(|d| !d.valid.in_force(day)).map(|d| d.valid)
    }

    /// The period of the enum value `value`, if the rules date it.
    pub fn dated_value(&self, value: &str) -> Option<&DatedValue> {
        self.dated_values.iter().find(|d| d.value == value)
    }
}

/// An enum value that exists only in a period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DatedValue {
    /// The value.
    pub value: String,
    /// Its period.
    pub valid: Validity,
    /// Where it is declared.
    pub span: Span,
}

impl Validity {
    /// Whether the rule is in force on `day`, the date of the act.
    pub fn in_force(&self, day: jiff::civil::Date) -> bool {
        self.from.is_none_or(|f| f <= day) && self.until.is_none_or(|u| day <= u)
    }

    /// Whether the rule is in force on every day.
    pub fn always(&self) -> bool {
        self.from.is_none() && self.until.is_none()
    }
}

/// Where a rule comes from and how sure it is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Citation {
    /// Indexes into [`Procedure::sources`].
    pub sources: Vec<usize>,
    /// The tag the element or its sources give; `None` if nothing backs it.
    pub verification: Option<Verification>,
}

/// A source.
#[derive(Clone, Debug)]
pub struct Source {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: Text,
    /// Where it can be read.
    pub url: Option<String>,
    /// Its default verification.
    pub verification: Option<Verification>,
    /// A note for readers about the source.
    pub note: Option<Text>,
}

/// An input.
#[derive(Clone, Debug)]
pub struct Input {
    /// Its id, which is also its name in expressions.
    pub id: String,
    /// Its type.
    pub ty: Type,
    /// For an enum: each value's label.
    pub labels: Vec<(String, Text)>,
    /// For an enum: the values that exist only in a period, with it; a fact naming one out of
    /// its period on the date of the act is refused.
    pub dated_values: Vec<DatedValue>,
    /// The question.
    pub question: Text,
    /// Help for answering.
    pub help: Option<Text>,
    /// The sources its question or help cites.
    pub citation: Citation,
    /// Where it is asked.
    pub ask_when: Option<Program>,
    /// The smallest value allowed.
    pub min: Option<Bound>,
    /// The largest value allowed.
    pub max: Option<Bound>,
    /// The slot it occupies.
    pub slot: Slot,
    /// Where it is declared.
    pub span: Span,
    /// For an enum: each value as the one shared string that every situation setting it
    /// holds, so that setting one allocates nothing.
    pub(crate) enum_values: Vec<procedure_expr::Value>,
}

/// A derived value.
#[derive(Clone, Debug)]
pub struct Let {
    /// Its name.
    pub id: String,
    /// Its expression.
    pub program: Program,
    /// The slot it occupies.
    pub slot: Slot,
    /// What it means, for the reader who asks why.
    pub description: Option<Text>,
    /// What backs it.
    pub citation: Citation,
}

/// A condition the facts must meet.
#[derive(Clone, Debug)]
pub struct Constraint {
    /// The condition.
    pub check: Program,
    /// What the reader is told when it fails.
    pub message: Text,
    /// When it is in force (on the date of the act).
    pub valid: Validity,
}

/// A document of the catalogue.
#[derive(Clone, Debug)]
pub struct Document {
    /// Its id.
    pub id: String,
    /// Its name.
    pub title: Text,
    /// Its details.
    pub details: Option<Text>,
    /// What backs it.
    pub citation: Citation,
}

/// A document a step or a table row asks for.
#[derive(Clone, Debug)]
pub struct DocRequirement {
    /// Index into [`Procedure::documents`].
    pub document: usize,
    /// Where it is asked for.
    pub when: Option<Program>,
    /// Asked for only when this deadline is late.
    pub after_deadline: Option<String>,
    /// A note for this requirement.
    pub note: Option<Text>,
    /// When it is in force.
    pub valid: Validity,
    /// What backs it.
    pub citation: Citation,
}

/// The smallest or largest value an input allows, read once when the procedure is compiled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    /// A bound of an int input.
    Int(i64),
    /// A bound of a date input.
    Date(Date),
}

impl fmt::Display for Bound {
    /// As the procedure file writes it: `16`, `2000-01-01`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Bound::Int(i) => write!(f, "{i}"),
            Bound::Date(d) => write!(f, "{d}"),
        }
    }
}

/// A deadline.
#[derive(Clone, Debug)]
pub struct Deadline {
    /// Its id.
    pub id: String,
    /// What must be done by then.
    pub title: Text,
    /// The legal last day.
    pub date: Program,
    /// Where it applies.
    pub when: Option<Program>,
    /// The calendar that moves it past closed days.
    pub calendar: Option<&'static Calendar>,
    /// Where the calendar applies; everywhere, if absent.
    pub calendar_when: Option<Program>,
    /// How sure it is that the calendar moves the deadline; `Unverified` leaves the legal date
    /// in force and only shows where it would move.
    pub calendar_verification: Option<Verification>,
    /// The first day of its window, for an act that may be done only from then on.
    pub opens: Option<Program>,
    /// Where the window has a first day; everywhere, if absent.
    pub opens_when: Option<Program>,
    /// A note.
    pub note: Option<Text>,
    /// Warnings shown on an event of the deadline: late, last day, extended, may extend.
    pub warnings: Vec<(procedure_syntax::DeadlineEvent, Warning)>,
    /// When it is in force.
    pub valid: Validity,
    /// What backs it.
    pub citation: Citation,
}

/// A fee's amount.
#[derive(Clone, Debug)]
pub enum FeeAmount {
    /// Known when the procedure is written.
    Fixed(i64),
    /// An int expression over the facts, whose every possible value the compiler bounded.
    Computed(Program),
    /// Set by the office: no number is given.
    ByOffice,
}

impl FeeAmount {
    /// The expression, for an amount that is one.
    pub fn program(&self) -> Option<&Program> {
        match self {
            FeeAmount::Computed(p) => Some(p),
            _ => None,
        }
    }
}

/// A fee.
#[derive(Clone, Debug)]
pub struct Fee {
    /// Its id.
    pub id: String,
    /// What it pays for.
    pub title: Option<Text>,
    /// The amount.
    pub amount: FeeAmount,
    /// The currency.
    pub currency: String,
    /// Where it applies.
    pub when: Option<Program>,
    /// When it is paid.
    pub when_paid: Option<Text>,
    /// A note.
    pub note: Option<Text>,
    /// When it is in force.
    pub valid: Validity,
    /// What backs it.
    pub citation: Citation,
}

/// A warning.
#[derive(Clone, Debug)]
pub struct Warning {
    /// Its id.
    pub id: String,
    /// Where it applies.
    pub when: Option<Program>,
    /// What the reader is told.
    pub message: Text,
    /// When it is in force.
    pub valid: Validity,
    /// What backs it.
    pub citation: Citation,
}

/// A guarded transition.
#[derive(Clone, Debug)]
pub struct Branch {
    /// The guard; `None` for `otherwise` or an unconditional `next`.
    pub when: Option<Program>,
    /// Index into [`Procedure::nodes`].
    pub to: usize,
    /// When it is in force.
    pub valid: Validity,
    /// What backs it.
    pub citation: Citation,
    /// Where it is written.
    pub span: Span,
    /// The guard as written (`otherwise` for the last branch), for explanations and graphs.
    pub label: String,
    /// Indexes of the inputs the guard reads (through derived values too), for explanations.
    pub reads: Vec<usize>,
    /// Indexes of the derived values the guard reads directly, for explanations.
    pub lets: Vec<usize>,
}

/// A node of the decision graph.
#[derive(Clone, Debug)]
pub struct Node {
    /// Its id.
    pub id: String,
    /// What it is.
    pub kind: NodeKind,
    /// Where it is declared.
    pub span: Span,
}

/// The kinds of node.
#[derive(Clone, Debug)]
pub enum NodeKind {
    /// A step.
    Step(Box<Step>),
    /// A decision table.
    Table(Box<Table>),
    /// An outcome.
    Outcome(Box<Outcome>),
}

/// A step.
#[derive(Clone, Debug)]
pub struct Step {
    /// What to do.
    pub title: Text,
    /// How; with `details_when`, what is shown where none of them holds.
    pub details: Option<Text>,
    /// The variants of the details that depend on the situation, in order: the first whose
    /// condition holds is shown instead of `details`.
    pub details_when: Vec<(Program, Text)>,
    /// Where.
    pub place: Option<Text>,
    /// Documents to obtain.
    pub obtain: Vec<DocRequirement>,
    /// Documents to bring.
    pub bring: Vec<DocRequirement>,
    /// Deadlines.
    pub deadlines: Vec<Deadline>,
    /// Fees.
    pub fees: Vec<Fee>,
    /// Warnings.
    pub warnings: Vec<Warning>,
    /// The sub-procedure this step follows.
    pub call: Option<Call>,
    /// Where to go next: branches tried in order; the next is either a table or these.
    pub next: Vec<Branch>,
    /// When it is in force.
    pub valid: Validity,
    /// What backs the step.
    pub citation: Citation,
}

/// A step's call of a sub-procedure.
#[derive(Clone, Debug)]
pub struct Call {
    /// The sub-procedure's file, as the caller names it.
    pub path: String,
    /// The sub-procedure, compiled; its citations index the caller's sources.
    pub procedure: std::sync::Arc<Procedure>,
    /// For each input of the sub-procedure, in its order, the caller's expression giving it.
    pub inputs: Vec<Program>,
    /// Where the call is written.
    pub span: Span,
}

/// A cell's test.
#[derive(Clone, Debug)]
pub enum CellTest {
    /// `-`: any value.
    Any,
    /// The column's value compared with an operand.
    Compare(procedure_expr::BinaryOp, Program),
    /// Any of these.
    AnyOf(Vec<CellTest>),
}

impl CellTest {
    /// Calls `f` with each operand the cell compares its column with.
    pub(crate) fn for_each_operand<'p>(&'p self, f: &mut dyn FnMut(&'p Program)) {
        match self {
            CellTest::Any => {}
            CellTest::Compare(_, operand) => f(operand),
            CellTest::AnyOf(cells) => cells.iter().for_each(|c| c.for_each_operand(f)),
        }
    }

    /// Whether the cell holds for a column's value: `Ok(None)` when the value or the operand
    /// is unknown. The evaluator and the semantic checks both ask it, so that a table means
    /// the same to both.
    pub(crate) fn holds(
        &self,
        column: &Result<Value, Stop>,
        vars: &[Option<Value>],
    ) -> Result<Option<bool>, procedure_expr::EvalError> {
        match self {
            CellTest::Any => Ok(Some(true)),
            CellTest::Compare(op, operand) => {
                let c = match column {
                    Ok(c) => c,
                    Err(Stop::Unknown(_)) => return Ok(None),
                    Err(Stop::Error(e)) => return Err(*e),
                };
                match operand.eval(vars) {
                    Ok(o) => procedure_expr::relation(*op, c, &o, operand.span()).map(Some),
                    Err(Stop::Unknown(_)) => Ok(None),
                    Err(Stop::Error(e)) => Err(e),
                }
            }
            CellTest::AnyOf(cells) => {
                let mut unknown = false;
                for c in cells {
                    match c.holds(column, vars)? {
                        Some(true) => return Ok(Some(true)),
                        Some(false) => {}
                        None => unknown = true,
                    }
                }
                Ok(if unknown { None } else { Some(false) })
            }
        }
    }
}

/// A row of a table.
#[derive(Clone, Debug)]
pub struct Row {
    /// One test per column.
    pub cells: Vec<CellTest>,
    /// Where the row leads (`unique` and `first`).
    pub to: Option<usize>,
    /// Documents to bring (`collect`).
    pub bring: Vec<DocRequirement>,
    /// Warnings (`collect`).
    pub warnings: Vec<Warning>,
    /// What backs the row.
    pub citation: Citation,
    /// Where it is written.
    pub span: Span,
    /// The row's tests as written, e.g. `cause in [lost, stolen], age >= 16`.
    pub label: String,
    /// Indexes of the inputs the row's tested columns read, for explanations.
    pub reads: Vec<usize>,
    /// Indexes of the derived values the row's tested columns read directly.
    pub lets: Vec<usize>,
}

/// A decision table.
#[derive(Clone, Debug)]
pub struct Table {
    /// What it decides.
    pub title: Option<Text>,
    /// How matching rows combine.
    pub hit: HitPolicy,
    /// The columns.
    pub columns: Vec<Program>,
    /// The rows.
    pub rows: Vec<Row>,
    /// Where to go when no row matches, or after collecting.
    pub otherwise: Option<usize>,
    /// Whether the checks proved that no two rows match one situation; evaluation then takes
    /// the first matching row of a `unique` table without trying the others.
    pub exclusive: bool,
    /// What backs the table.
    pub citation: Citation,
}

/// An outcome.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// What the reader is told.
    pub title: Text,
    /// What kind of end it is.
    pub kind: OutcomeKind,
    /// More about it.
    pub description: Option<Text>,
    /// Where to go, for a redirect.
    pub place: Option<Text>,
    /// What backs it.
    pub citation: Citation,
}

/// A compiled procedure.
#[derive(Clone, Debug)]
pub struct Procedure {
    /// Its id.
    pub id: String,
    /// Its version.
    pub version: String,
    /// Its title.
    pub title: Text,
    /// What it is about, in a few sentences.
    pub summary: Option<Text>,
    /// Its languages; the first is the default.
    pub languages: Vec<String>,
    /// The time zone of `today`.
    pub time_zone: String,
    /// The variables expressions read: inputs, then `today`, then derived values.
    pub env: Env,
    /// The inputs, in declaration order; input `i` is in slot `i`.
    pub inputs: Vec<Input>,
    /// The slot of `today`.
    pub today: Slot,
    /// Derived values, in an order where each comes after those it reads.
    pub lets: Vec<Let>,
    /// Constraints on the facts.
    pub constraints: Vec<Constraint>,
    /// The document catalogue.
    pub documents: Vec<Document>,
    /// The sources.
    pub sources: Vec<Source>,
    /// The nodes: steps, tables and outcomes.
    pub nodes: Vec<Node>,
    /// Index of the start node.
    pub start: usize,
}

impl Procedure {
    /// Calls `f` with every compiled expression of the procedure, once each: inputs' `ask_when`,
    /// derived values, constraints, and every node's, a table's cell operands included.
    pub(crate) fn for_each_program<'p>(&'p self, f: &mut dyn FnMut(&'p Program)) {
        for input in &self.inputs {
            input.ask_when.iter().for_each(&mut *f);
        }
        self.lets.iter().for_each(|l| f(&l.program));
        self.constraints.iter().for_each(|c| f(&c.check));
        for node in &self.nodes {
            match &node.kind {
                NodeKind::Step(step) => {
                    step.obtain.iter().chain(&step.bring).filter_map(|d| d.when.as_ref()).for_each(&mut *f);
                    for d in &step.deadlines {
                        f(&d.date);
                        d.when.iter().chain(&d.calendar_when).chain(&d.opens).chain(&d.opens_when).for_each(&mut *f);
                        d.warnings.iter().filter_map(|(_, w)| w.when.as_ref()).for_each(&mut *f);
                    }
                    for fee in &step.fees {
                        fee.when.iter().chain(fee.amount.program()).for_each(&mut *f);
                    }
                    step.warnings.iter().filter_map(|w| w.when.as_ref()).for_each(&mut *f);
                    step.call.iter().flat_map(|c| &c.inputs).for_each(&mut *f);
                    step.next.iter().filter_map(|b| b.when.as_ref()).for_each(&mut *f);
                    step.details_when.iter().for_each(|(when, _)| f(when));
                }
                NodeKind::Table(table) => {
                    table.columns.iter().for_each(&mut *f);
                    for row in &table.rows {
                        row.cells.iter().for_each(|c| c.for_each_operand(f));
                        row.bring.iter().filter_map(|d| d.when.as_ref()).for_each(&mut *f);
                        row.warnings.iter().filter_map(|w| w.when.as_ref()).for_each(&mut *f);
                    }
                }
                NodeKind::Outcome(_) => {}
            }
        }
    }

    /// Every citation of the procedure, to rewrite their source indexes when a caller takes
    /// this procedure's sources into its own list.
    pub(crate) fn citations_mut(&mut self) -> Vec<&mut Citation> {
        let mut out: Vec<&mut Citation> = Vec::new();
        out.extend(self.lets.iter_mut().map(|l| &mut l.citation));
        out.extend(self.documents.iter_mut().map(|d| &mut d.citation));
        for node in &mut self.nodes {
            match &mut node.kind {
                NodeKind::Step(step) => {
                    out.push(&mut step.citation);
                    out.extend(step.obtain.iter_mut().chain(step.bring.iter_mut()).map(|r| &mut r.citation));
                    for d in &mut step.deadlines {
                        out.push(&mut d.citation);
                        out.extend(d.warnings.iter_mut().map(|(_, w)| &mut w.citation));
                    }
                    out.extend(step.fees.iter_mut().map(|f| &mut f.citation));
                    out.extend(step.warnings.iter_mut().map(|w| &mut w.citation));
                    out.extend(step.next.iter_mut().map(|b| &mut b.citation));
                }
                NodeKind::Table(table) => {
                    out.push(&mut table.citation);
                    for row in &mut table.rows {
                        out.push(&mut row.citation);
                        out.extend(row.bring.iter_mut().map(|r| &mut r.citation));
                        out.extend(row.warnings.iter_mut().map(|w| &mut w.citation));
                    }
                }
                NodeKind::Outcome(outcome) => out.push(&mut outcome.citation),
            }
        }
        out
    }

    /// Indexes of the inputs `program` reads, directly or through derived values.
    pub fn inputs_read(&self, program: &Program) -> Vec<usize> {
        let mut reads = program.reads().clone();
        for l in self.lets.iter().rev() {
            if reads.contains(l.slot) {
                reads.union_with(l.program.reads());
            }
        }
        self.inputs.iter().enumerate().filter(|(_, i)| reads.contains(i.slot)).map(|(n, _)| n).collect()
    }

    /// Indexes of the derived values `program` reads directly.
    pub fn lets_read(&self, program: &Program) -> Vec<usize> {
        self.lets.iter().enumerate().filter(|(_, l)| program.reads().contains(l.slot)).map(|(n, _)| n).collect()
    }

    /// Fills in which inputs each guard and table row reads, once, after compilation.
    pub(crate) fn index_reads(&mut self) {
        let mut nodes = std::mem::take(&mut self.nodes);
        for node in &mut nodes {
            match &mut node.kind {
                NodeKind::Step(step) => {
                    for b in &mut step.next {
                        b.reads = b.when.as_ref().map(|w| self.inputs_read(w)).unwrap_or_default();
                        b.lets = b.when.as_ref().map(|w| self.lets_read(w)).unwrap_or_default();
                    }
                }
                NodeKind::Table(table) => {
                    for row in &mut table.rows {
                        let (mut reads, mut lets): (Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new());
                        for (cell, column) in row.cells.iter().zip(&table.columns) {
                            if !matches!(cell, CellTest::Any) {
                                reads.extend(self.inputs_read(column));
                                lets.extend(self.lets_read(column));
                            }
                        }
                        for list in [&mut reads, &mut lets] {
                            list.sort_unstable();
                            list.dedup();
                        }
                        row.reads = reads;
                        row.lets = lets;
                    }
                }
                NodeKind::Outcome(_) => {}
            }
        }
        self.nodes = nodes;
    }

    /// The node with this id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id)
    }

    /// Where each node leads, as (target index, guard) pairs, in order.
    pub fn successors(&self, node: usize) -> Vec<(usize, Option<&Program>)> {
        match self.nodes.get(node).map(|n| &n.kind) {
            Some(NodeKind::Step(step)) => step.next.iter().map(|b| (b.to, b.when.as_ref())).collect(),
            Some(NodeKind::Table(table)) => {
                let mut out: Vec<(usize, Option<&Program>)> =
                    table.rows.iter().filter_map(|r| r.to.map(|t| (t, None))).collect();
                out.extend(table.otherwise.map(|t| (t, None)));
                out
            }
            _ => Vec::new(),
        }
    }
}
