//! Semantic checks that evaluate the procedure's own expressions over the values of its
//! inputs: every value of a bool or an enum, and for an int compared only with constants, those
//! constants and their neighbours (the only values that can change a comparison's result).
//!
//! Every error here comes with a concrete assignment that shows the problem, found by running
//! the real evaluator: a guard that never holds, branches that leave a case uncovered,
//! overlapping or missing rows of a table, an input read where it is not asked. An assignment
//! that breaks one of the procedure's constraints is not a situation and is skipped.
//!
//! A check is complete or says so: where a result depends on values the enumeration does not
//! fix (dates, text, `today`, numbers used in arithmetic), or where the combinations are more
//! than [`MAX_WORK`] evaluations, the check warns `check_incomplete` at the place it could not
//! cover, naming what it left open. Evaluation enforces the same rules for every situation
//! (no branch, two matching rows of a `unique` table, an input read where it is not asked are
//! errors there), so an incomplete check never becomes a silent wrong answer.

use std::collections::BTreeMap;

use procedure_expr::{Program, Slot, SlotSet, Stop, Type, Value};
use procedure_syntax as syn;

use crate::Code;
use crate::diagnostic::Diagnostic;
use crate::model::{CellTest, NodeKind, Procedure};

/// The most program evaluations one check may spend on its enumeration (about half a second
/// on the slowest machine this project runs on).
const MAX_WORK: usize = 16_000_000;
/// The most paths remembered per node for the `ask_when` check.
const MAX_PATHS: usize = 256;

/// The programs of a node, each with the `when` that guards its evaluation.
fn node_programs(kind: &NodeKind) -> Vec<(&Program, Option<&Program>)> {
    let mut out = Vec::new();
    match kind {
        NodeKind::Step(step) => {
            for d in step.obtain.iter().chain(&step.bring) {
                out.extend(d.when.as_ref().map(|w| (w, None)));
            }
            for d in &step.deadlines {
                out.push((&d.date, d.when.as_ref()));
                out.extend(d.when.as_ref().map(|w| (w, None)));
                out.extend(d.calendar_when.as_ref().map(|w| (w, d.when.as_ref())));
                out.extend(d.opens_when.as_ref().map(|w| (w, d.when.as_ref())));
                // The first day is read where its own guard holds (the deadline's when there is none).
                out.extend(d.opens.as_ref().map(|o| (o, d.opens_when.as_ref().or(d.when.as_ref()))));
                out.extend(d.warnings.iter().filter_map(|(_, w)| w.when.as_ref()).map(|w| (w, d.when.as_ref())));
            }
            for f in &step.fees {
                out.extend(f.when.as_ref().map(|w| (w, None)));
            }
            for w in &step.warnings {
                out.extend(w.when.as_ref().map(|p| (p, None)));
            }
            for input in step.call.iter().flat_map(|c| &c.inputs) {
                out.push((input, None));
            }
            for b in &step.next {
                out.extend(b.when.as_ref().map(|w| (w, None)));
            }
            out.extend(step.details_when.iter().map(|(w, _)| (w, None)));
        }
        NodeKind::Table(table) => {
            out.extend(table.columns.iter().map(|c| (c, None)));
            for row in &table.rows {
                for d in &row.bring {
                    out.extend(d.when.as_ref().map(|w| (w, None)));
                }
                for w in &row.warnings {
                    out.extend(w.when.as_ref().map(|p| (p, None)));
                }
            }
        }
        NodeKind::Outcome(_) => {}
    }
    out
}

/// Three-valued truth.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Truth {
    True,
    False,
    Maybe,
}

impl Truth {
    /// Three-valued "and": false if any is, true only if all are.
    fn all(ts: impl Iterator<Item = Truth>) -> Truth {
        ts.fold(Truth::True, |acc, t| match (acc, t) {
            (Truth::False, _) | (_, Truth::False) => Truth::False,
            (Truth::Maybe, _) | (_, Truth::Maybe) => Truth::Maybe,
            (Truth::True, Truth::True) => Truth::True,
        })
    }
}

fn truth(result: Result<Value, Stop>) -> Truth {
    match result {
        Ok(Value::Bool(true)) => Truth::True,
        Ok(Value::Bool(false)) => Truth::False,
        _ => Truth::Maybe,
    }
}

/// Why a check could not cover every case.
enum Gap {
    /// The enumeration would take more than [`MAX_WORK`] evaluations.
    Budget { combinations: Option<usize>, inputs: Vec<String> },
    /// Results depend on inputs whose values the enumeration does not fix, or on comparisons
    /// of dates it cannot decide.
    Open { inputs: Vec<String>, comparisons: usize },
    /// Too many periods between the dates of dated branches.
    Periods(usize),
    /// Too many paths lead to the nodes to enumerate them.
    Paths,
    /// The checks of the procedure have spent their whole budget.
    Spent,
}

/// A located warning that a check did not cover every case, and why.
fn incomplete(check: &str, span: procedure_expr::Span, gap: &Gap) -> Diagnostic {
    let names = |inputs: &[String]| inputs.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ");
    let (label, why) = match gap {
        Gap::Budget { combinations, inputs } => (
            "too many combinations".to_owned(),
            match combinations {
                Some(n) => format!("{n} combinations of {} would take more than {MAX_WORK} evaluations", names(inputs)),
                None => format!("the combinations of {} are too many to count", names(inputs)),
            },
        ),
        Gap::Open { inputs, comparisons } => {
            let mut parts = Vec::new();
            if !inputs.is_empty() {
                parts.push(format!(
                    "{}, whose values it does not enumerate (text, lists, numbers used other than in comparisons with constants)",
                    names(inputs)
                ));
            }
            if *comparisons > 0 {
                parts.push(format!(
                    "{comparisons} comparison(s) of dates it cannot decide (a count of years or months between dates, or months counted from a fixed date)"
                ));
            }
            if parts.is_empty() {
                parts.push("values that fail to evaluate".into());
            }
            let label =
                if inputs.is_empty() { "depends on dates".to_owned() } else { format!("depends on {}", names(inputs)) };
            (label, format!("the cases depend on {}", parts.join(" and ")))
        }
        Gap::Periods(n) => {
            ("too many periods".into(), format!("the dated branches make {n} periods, more than {MAX_PERIODS}"))
        }
        Gap::Paths => ("too many paths".into(), format!("more than {MAX_PATHS} paths lead to one node")),
        Gap::Spent => (
            "not checked".into(),
            "the checks of this file have spent their budget of evaluations (`check_work`) before this place"
                .to_owned(),
        ),
    };
    Diagnostic::warning(
        Code::CheckIncomplete,
        format!("{check} could not be checked for every case: {why}"),
        span,
        label,
    )
    .with_help("evaluation still refuses any situation the check could not rule out, with an error naming the facts; to have it checked here, decide on enums, bools or ints compared with constants, or split the decision")
}

/// The work left to the checks of one procedure ([`crate::CompileOptions::check_work`]), in
/// evaluations of a program or of one edge while deciding dates.
struct Budget(std::cell::Cell<u64>);

impl Budget {
    fn new(work: u64) -> Self {
        Budget(std::cell::Cell::new(work))
    }

    /// Takes `work` from what is left; false, and nothing taken, when it is not there.
    fn spend(&self, work: u64) -> bool {
        let left = self.0.get();
        if work > left {
            return false;
        }
        self.0.set(left - work);
        true
    }
}

/// A day for each date variable (`None` for the fixed day 1970-01-01), in days since then.
type Days = Vec<(Option<Slot>, i64)>;

/// The inputs that matter to some programs, and the values each takes in the enumeration.
///
/// Dates are not enumerated by value. Every comparison of dates in the programs (and in the
/// derived values and constraints they read) is an atom, true or false; each combination of
/// atoms that can happen together (decided exactly for differences of dates, see
/// [`procedure_expr::feasible`]) is visited once, at dates that realise it. A comparison that
/// is not a difference (through `add_months`, say) is evaluated at those dates as it comes: a
/// counterexample is still real, but the combinations may miss a case, which the space reports
/// (`opaque`).
struct Space<'p> {
    procedure: &'p Procedure,
    axes: Vec<(Slot, Vec<Value>)>,
    /// The derived values the programs read (directly or through others), in order.
    lets: Vec<&'p crate::model::Let>,
    /// The constraints on what is enumerated: an assignment that breaks one is not a situation.
    constraints: Vec<&'p Program>,
    /// The variables read whose values are not enumerated, by name.
    open: Vec<String>,
    /// The date variables given dates for each combination of atoms, with their ranges in days.
    dates: Vec<(Slot, Option<i64>, Option<i64>)>,
    /// The comparisons of dates that are differences: their combinations are enumerated.
    differences: Vec<procedure_expr::Difference>,
    /// What always holds of the dates a calendar moves: within its longest closure of their base.
    rolled: Vec<procedure_expr::Difference>,
    /// The comparisons of dates that are not differences, by where they are written.
    opaque: Vec<procedure_expr::Span>,
    /// The dates some months after a variable that comparisons read: the variable and months.
    months: Vec<(Slot, i64)>,
    /// Whether a difference is with a fixed date, so that the dates cannot be shifted.
    pinned: bool,
    /// For each combination of the differences (bit `i` for difference `i`), the dates that
    /// realise it: none when it cannot happen; with dates some months after others, one set
    /// for each way those months can fall. Empty past [`MAX_DATE_COMBINATIONS`].
    points: Vec<Vec<Days>>,
    /// For each of `months`, the days its months span from each day of the four-year cycle
    /// (the lengths of months repeat every 1,461 days between 1901 and 2099).
    month_tables: Vec<Vec<Option<i64>>>,
    /// What the checks of the procedure may still spend.
    budget: &'p Budget,
    /// Whether the budget ran out before this space was realised.
    spent: std::cell::Cell<bool>,
}

/// Four years of days: the calendar's lengths of months repeat with this period from 1901 to
/// 2099.
const CYCLE: i64 = 1461;

/// 2026-01-01, in days since 1970-01-01: where counterexamples free of fixed dates are placed.
const RECENT: i64 = 20_454;

/// The most combinations of comparisons of dates a check decides.
const MAX_DATE_COMBINATIONS: usize = 1 << 14;

impl<'p> Space<'p> {
    /// The inputs read by `programs` (through derived values too), with their values; `exclude`
    /// is left unknown (the input whose asking is checked).
    fn new(
        procedure: &'p Procedure,
        programs: &[&Program],
        seeds: &BTreeMap<Slot, Vec<Value>>,
        exclude: Option<Slot>,
        budget: &'p Budget,
    ) -> Self {
        let mut reads = SlotSet::new();
        for p in programs {
            reads.union_with(p.reads());
        }
        // Derived values read inputs of their own: follow them, latest first.
        let mut lets = Vec::new();
        for l in procedure.lets.iter().rev() {
            if reads.contains(l.slot) {
                reads.union_with(l.program.reads());
                lets.push(l);
            }
        }
        lets.reverse();
        // The constraints that read only what the programs read: they bound the situations.
        let mut derived = SlotSet::new();
        for l in &procedure.lets {
            derived.insert(l.slot);
        }
        let constraints: Vec<&Program> = procedure
            .constraints
            .iter()
            // A dated constraint is not in force on every date of an act: it bounds no situation.
            .filter(|c| c.valid == crate::model::Validity::default())
            .map(|c| &c.check)
            .filter(|c| c.reads().iter().all(|s| reads.contains(s) || derived.contains(s)))
            .collect();
        let readers: Vec<&Program> = programs.iter().copied().chain(lets.iter().map(|l| &l.program)).collect();
        let mut axes = Vec::new();
        let mut open = Vec::new();
        let mut dates = Vec::new();
        for input in &procedure.inputs {
            if !reads.contains(input.slot) || Some(input.slot) == exclude {
                continue;
            }
            let values = match &input.ty {
                Type::Bool | Type::Enum(_) => finite_values(&input.ty),
                // A date that a table's cells compare with constants is enumerated by them.
                Type::Date if seeds.contains_key(&input.slot) => {
                    match ordered_candidates(input, &readers, seeds.get(&input.slot)) {
                        Some(values) => values,
                        None => {
                            open.push(input.id.clone());
                            continue;
                        }
                    }
                }
                Type::Date => {
                    dates.push((input.slot, day_bound(input.min.as_ref()), day_bound(input.max.as_ref())));
                    continue;
                }
                Type::Int => match ordered_candidates(input, &readers, seeds.get(&input.slot)) {
                    Some(values) => values,
                    None => {
                        open.push(input.id.clone());
                        continue;
                    }
                },
                _ => {
                    open.push(input.id.clone());
                    continue;
                }
            };
            axes.push((input.slot, values));
        }
        if reads.contains(procedure.today) {
            dates.push((procedure.today, None, None));
        }
        // Derived dates: another date shifted by days, or opaque.
        let mut dated: BTreeMap<u32, procedure_expr::Dated> =
            dates.iter().map(|(s, _, _)| (s.0, procedure_expr::Dated::Variable)).collect();
        // The input whose asking is checked stays unknown, and so do comparisons that read it.
        if let Some(x) = exclude.filter(|x| procedure.env.type_of(*x) == Some(&Type::Date)) {
            dated.insert(x.0, procedure_expr::Dated::Unknown);
        }
        let mut atoms = procedure_expr::DateAtoms::new(procedure.env.len());
        // A date a calendar moves is given dates of its own within the days it may move, and not
        // evaluated: the checks cannot choose the calendar's days, so they cover every day the
        // calendar could give (a counterexample may name one it never gives).
        let mut rolled: Vec<procedure_expr::Difference> = Vec::new();
        for l in &lets {
            if procedure.env.type_of(l.slot) == Some(&Type::Date) {
                let d = atoms.define(l.slot, &l.program, &|s| dated.get(&s.0).copied());
                if let procedure_expr::Dated::Rolled { base, least, most } = d {
                    dates.push((l.slot, None, None));
                    let (x, y) = (Some(l.slot), Some(base));
                    rolled.push(procedure_expr::Difference {
                        x: y,
                        y: x,
                        op: procedure_expr::BinaryOp::Le,
                        k: least.saturating_neg(),
                    });
                    rolled.push(procedure_expr::Difference { x, y, op: procedure_expr::BinaryOp::Le, k: most });
                    dated.insert(l.slot.0, procedure_expr::Dated::Variable);
                } else {
                    dated.insert(l.slot.0, d);
                }
            }
        }
        let moved: Vec<&Program> =
            lets.iter().filter(|l| dates.iter().any(|(s, _, _)| *s == l.slot)).map(|l| &l.program).collect();
        lets.retain(|l| !dates.iter().any(|(s, _, _)| *s == l.slot));
        // The comparisons inside a moved date's definition are never evaluated: no atoms.
        for p in readers.iter().chain(&constraints).filter(|p| !moved.iter().any(|m| std::ptr::eq(*m, **p))) {
            atoms.collect(p, &|s| dated.get(&s.0).copied());
        }
        let opaque =
            atoms.atoms().iter().filter(|a| a.difference.is_none() && a.months.is_none()).map(|a| a.span).collect();
        let differences: Vec<procedure_expr::Difference> = atoms.atoms().iter().filter_map(|a| a.difference).collect();
        let mut months: Vec<(Slot, i64)> = atoms.atoms().iter().filter_map(|a| a.months).collect();
        months.sort_by_key(|(s, n)| (s.0, *n));
        months.dedup();
        // Shifting every date by the same days keeps each difference, so the number of days the
        // months span can be chosen freely, unless a difference is with a fixed date.
        let pinned = differences.iter().any(|d| d.x.is_none() || d.y.is_none())
            || dates.iter().any(|(_, lo, hi)| lo.is_some() || hi.is_some());
        let month_tables = months
            .iter()
            .map(|(_, n)| {
                (0..CYCLE).map(|i| procedure_expr::day(i).and_then(|d| procedure_expr::span_of_months(d, *n))).collect()
            })
            .collect();
        let mut space = Space {
            procedure,
            axes,
            lets,
            constraints,
            open,
            dates,
            differences,
            rolled,
            opaque,
            months,
            pinned,
            points: Vec::new(),
            month_tables,
            budget,
            spent: std::cell::Cell::new(false),
        };
        space.points = space.realise();
        space
    }

    /// The dates that realise each combination of the differences (see [`Space::points`]).
    fn realise(&self) -> Vec<Vec<Days>> {
        if self.dates.is_empty() && self.differences.is_empty() {
            return vec![vec![Vec::new()]];
        }
        let Some(count) = u32::try_from(self.differences.len()).ok().and_then(|n| 1usize.checked_shl(n)) else {
            return Vec::new();
        };
        if count > MAX_DATE_COMBINATIONS {
            return Vec::new();
        }
        // Each combination costs a pass over its constraints for each date, and a pass over the
        // four-year cycle when months are shifted.
        let per = (self.dates.len() + 1) * (self.differences.len() + 2 * self.dates.len() + 1)
            + if self.months.is_empty() || self.pinned { 0 } else { 1461 * self.months.len() };
        let cost = u64::try_from(count.saturating_mul(per)).unwrap_or(u64::MAX);
        if !self.budget.spend(cost) {
            self.spent.set(true);
            return Vec::new();
        }
        (0..count)
            .map(|combination| {
                let truths: Vec<(&procedure_expr::Difference, bool)> = self
                    .differences
                    .iter()
                    .enumerate()
                    .map(|(i, d)| (d, combination & (1 << i) != 0))
                    .chain(self.rolled.iter().map(|d| (d, true)))
                    .collect();
                match procedure_expr::feasible(&truths, &self.dates) {
                    // Free of any fixed date, the dates are moved to a recent year, to read well
                    // in a counterexample.
                    Some(days) if !self.pinned => self.shifted(
                        days.into_iter().map(|(s, d)| (s, if s.is_some() { d + RECENT } else { d })).collect(),
                    ),
                    Some(days) => self.shifted(days),
                    None => Vec::new(),
                }
            })
            .collect()
    }

    /// The number of assignments, or `None` past `usize`.
    fn size(&self) -> Option<usize> {
        let points: usize = self.points.iter().map(Vec::len).sum();
        if points == 0 {
            return None;
        }
        self.axes.iter().try_fold(points, |n, (_, v)| n.checked_mul(v.len().max(1)))
    }

    /// Whether enumerating costs more than the budget, at `per_assignment` evaluations each;
    /// the gap to report if so.
    fn over_budget(&self, per_assignment: usize) -> Option<Gap> {
        let size = self.size();
        let work = size.and_then(|n| n.checked_mul(per_assignment.max(1)));
        if let Some(w) = work.filter(|w| *w <= MAX_WORK) {
            if self.budget.spend(u64::try_from(w).unwrap_or(u64::MAX)) {
                return None;
            }
            return Some(Gap::Spent);
        }
        if self.spent.get() {
            return Some(Gap::Spent);
        }
        let mut inputs: Vec<String> =
            self.axes.iter().filter_map(|(s, _)| self.procedure.env.name(*s).map(str::to_owned)).collect();
        if !self.differences.is_empty() {
            inputs.push(format!("{} comparisons of dates", self.differences.len()));
        }
        Some(Gap::Budget { combinations: size, inputs })
    }

    /// The gap to report when some result was left undecided.
    fn open_gap(&self) -> Gap {
        let comparisons =
            if self.may_miss() { self.opaque.len() + if self.pinned { self.months.len() } else { 0 } } else { 0 };
        Gap::Open { inputs: self.open.clone(), comparisons }
    }

    /// Whether the assignments may miss a case: a comparison of dates that is not a difference
    /// is evaluated at the dates of each combination, not enumerated.
    fn may_miss(&self) -> bool {
        !self.opaque.is_empty() || (self.pinned && !self.months.is_empty())
    }

    /// Calls `f` with every assignment (derived values evaluated) until it returns `true`;
    /// returns whether it did.
    fn find(&self, mut f: impl FnMut(&[Option<Value>]) -> bool) -> bool {
        self.find_with_lets(|vars, _| f(vars))
    }

    /// As [`Space::find`], also giving, for each derived value left unknown by the
    /// assignment, the inputs its evaluation actually waited on (a conditional reads one branch).
    fn find_with_lets(&self, mut f: impl FnMut(&[Option<Value>], &[(Slot, SlotSet)]) -> bool) -> bool {
        let Some(total) = self.axes.iter().try_fold(1usize, |n, (_, v)| n.checked_mul(v.len().max(1))) else {
            return false;
        };
        if self.size().is_none() {
            return false;
        }
        let mut vars: Vec<Option<Value>> = vec![None; self.procedure.env.len()];
        let mut unknown_lets: Vec<(Slot, SlotSet)> = Vec::new();
        let mut at: Vec<Option<usize>> = vec![None; self.procedure.env.len()];
        for days in self.points.iter().flatten() {
            for (slot, _, _) in &self.dates {
                let d = days.iter().find(|(s, _)| *s == Some(*slot)).map_or(0, |(_, d)| *d);
                if let Some(v) = vars.get_mut(slot.index()) {
                    *v = procedure_expr::day(d).map(Value::Date);
                }
            }
            for n in 0..total {
                // An odometer: an axis turns only when those before it are all back at their
                // first value, so only the axes that turn are written.
                let mut rest = n;
                for (slot, values) in &self.axes {
                    let len = values.len().max(1);
                    if let Some(v) = vars.get_mut(slot.index()) {
                        *v = values.get(rest % len).cloned();
                    }
                    if n > 0 && rest % len != 0 {
                        break;
                    }
                    rest /= len;
                }
                if self.visit(&mut vars, &mut unknown_lets, &mut at, &mut f) {
                    return true;
                }
            }
        }
        false
    }

    /// The dates `days` of a combination, and the same shifted so that every way the months
    /// of the comparisons can fall is seen once (a month of 28 to 31 days, a leap year).
    fn shifted(&self, days: Days) -> Vec<Days> {
        if self.months.is_empty() || self.pinned {
            return vec![days];
        }
        let tables: Vec<(i64, &Vec<Option<i64>>)> = self
            .months
            .iter()
            .zip(&self.month_tables)
            .map(|((base, _), table)| (days.iter().find(|(s, _)| *s == Some(*base)).map_or(0, |(_, d)| *d), table))
            .collect();
        let mut seen: Vec<Vec<Option<i64>>> = Vec::new();
        let mut out = Vec::new();
        for shift in 0..CYCLE {
            let signature: Vec<Option<i64>> = tables
                .iter()
                .map(|(b, table)| {
                    usize::try_from((b + shift).rem_euclid(CYCLE)).ok().and_then(|i| table.get(i).copied().flatten())
                })
                .collect();
            if !seen.contains(&signature) {
                seen.push(signature);
                out.push(days.iter().map(|(s, d)| (*s, if s.is_some() { d + shift } else { *d })).collect());
            }
        }
        out
    }

    /// Evaluates the derived values and constraints for an assignment and, if it is a
    /// situation, calls `f`; returns what `f` returned.
    /// `at` is where each unknown derived value is in `unknown_lets`, by slot, all `None`
    /// between calls: a chain of them is followed in one step each, not by a search of all
    /// before it.
    fn visit(
        &self,
        vars: &mut [Option<Value>],
        unknown_lets: &mut Vec<(Slot, SlotSet)>,
        at: &mut [Option<usize>],
        f: &mut impl FnMut(&[Option<Value>], &[(Slot, SlotSet)]) -> bool,
    ) -> bool {
        for (slot, _) in unknown_lets.iter() {
            if let Some(a) = at.get_mut(slot.index()) {
                *a = None;
            }
        }
        unknown_lets.clear();
        for l in &self.lets {
            let value = match l.program.eval(vars) {
                Ok(v) => Some(v),
                Err(Stop::Unknown(mut set)) => {
                    let mut through = SlotSet::new();
                    for slot in set.iter() {
                        if let Some((_, inputs)) =
                            at.get(slot.index()).copied().flatten().and_then(|i| unknown_lets.get(i))
                        {
                            through.union_with(inputs);
                        }
                    }
                    set.union_with(&through);
                    if let Some(a) = at.get_mut(l.slot.index()) {
                        *a = Some(unknown_lets.len());
                    }
                    unknown_lets.push((l.slot, set));
                    None
                }
                Err(Stop::Error(_)) => None,
            };
            if let Some(v) = vars.get_mut(l.slot.index()) {
                *v = value;
            }
        }
        for c in &self.constraints {
            if truth(c.eval(vars)) == Truth::False {
                return false;
            }
        }
        f(vars, unknown_lets)
    }

    /// The assignment in words: `cause = "lost", age = 15`.
    fn describe(&self, vars: &[Option<Value>]) -> String {
        let parts: Vec<String> = self
            .axes
            .iter()
            .map(|(slot, _)| slot)
            .chain(self.dates.iter().map(|(slot, _, _)| slot))
            .filter_map(|slot| {
                let name = self.procedure.env.name(*slot)?;
                let value = vars.get(slot.index())?.as_ref()?;
                Some(format!("{name} = {value}"))
            })
            .collect();
        if parts.is_empty() { "every case".into() } else { parts.join(", ") }
    }
}

/// Every value of a bool or an enum; nothing for other types.
fn finite_values(ty: &Type) -> Vec<Value> {
    match ty {
        Type::Bool => vec![Value::Bool(false), Value::Bool(true)],
        Type::Enum(e) => e.values().map(Value::string).collect(),
        _ => Vec::new(),
    }
}

/// The values of `input` that cover every case of the procedure's expressions, as the checks
/// enumerate them: every value of a bool or an enum, and for an int (or a date) compared only
/// with constants, those constants and their neighbours within its range. `None` when the
/// input is read otherwise (dates compared with other dates, text, arithmetic): a partition
/// must place it some other way, and say so.
pub(crate) fn covering_values(procedure: &Procedure, input: &crate::model::Input) -> Option<Vec<Value>> {
    match &input.ty {
        Type::Bool | Type::Enum(_) => Some(finite_values(&input.ty)),
        Type::Int | Type::Date => {
            // An input passed as it is to a sub-procedure takes the values the sub-procedure
            // compares its own input with (calls are acyclic and bounded in depth).
            let mut passed: Vec<&Program> = Vec::new();
            let mut values = Vec::new();
            for node in &procedure.nodes {
                let NodeKind::Step(step) = &node.kind else { continue };
                let Some(call) = &step.call else { continue };
                for (program, callee_input) in call.inputs.iter().zip(&call.procedure.inputs) {
                    if program.as_variable() == Some(input.slot) && callee_input.ty == input.ty {
                        values.extend(covering_values(&call.procedure, callee_input)?);
                        passed.push(program);
                    }
                }
            }
            let mut programs = Vec::new();
            procedure.for_each_program(&mut |p| {
                if !passed.iter().any(|q| std::ptr::eq(*q, p)) {
                    programs.push(p);
                }
            });
            values.extend(ordered_candidates(input, &programs, None)?);
            values.sort_by(|a, b| match (a, b) {
                (Value::Int(x), Value::Int(y)) => x.cmp(y),
                (Value::Date(x), Value::Date(y)) => x.cmp(y),
                _ => std::cmp::Ordering::Equal,
            });
            values.dedup();
            Some(values)
        }
        _ => None,
    }
}

/// A date bound of an input in days since 1970-01-01.
fn day_bound(bound: Option<&crate::model::Bound>) -> Option<i64> {
    match bound {
        Some(crate::model::Bound::Date(d)) => procedure_expr::epoch_days(*d),
        _ => None,
    }
}

/// The values of an int or date input that cover every case of `programs`: each constant it
/// is compared with and both neighbours, within its range; `None` when a program reads it other
/// than in such a comparison. `seeds` are the constants of table cells that test a column
/// holding the input alone; such a column is not itself a comparison.
fn ordered_candidates(
    input: &crate::model::Input,
    programs: &[&Program],
    seeds: Option<&Vec<Value>>,
) -> Option<Vec<Value>> {
    let bound = |b: Option<&crate::model::Bound>| match b {
        Some(crate::model::Bound::Int(i)) => Some(Value::Int(*i)),
        Some(crate::model::Bound::Date(d)) => Some(Value::Date(*d)),
        None => None,
    };
    let (min, max) = (bound(input.min.as_ref()), bound(input.max.as_ref()));
    let mut constants: Vec<Value> = seeds.cloned().unwrap_or_default();
    for p in programs.iter().filter(|p| p.reads().contains(input.slot)) {
        if seeds.is_some() && p.as_variable() == Some(input.slot) {
            continue;
        }
        constants.extend(p.thresholds(input.slot)?);
    }
    let mut points: Vec<Value> = min.iter().chain(max.iter()).cloned().collect();
    for c in constants {
        match c {
            Value::Int(i) => {
                points.extend([i.checked_sub(1), Some(i), i.checked_add(1)].into_iter().flatten().map(Value::Int));
            }
            Value::Date(d) => {
                points.extend([d.yesterday().ok(), Some(d), d.tomorrow().ok()].into_iter().flatten().map(Value::Date));
            }
            // Compared with a value of another kind (a type error the checker reports).
            _ => return None,
        }
    }
    let order = |a: &Value, b: &Value| match (a, b) {
        (Value::Int(x), Value::Int(y)) => x.cmp(y),
        (Value::Date(x), Value::Date(y)) => x.cmp(y),
        _ => std::cmp::Ordering::Equal,
    };
    points.retain(|v| {
        min.as_ref().is_none_or(|m| order(v, m).is_ge()) && max.as_ref().is_none_or(|m| order(v, m).is_le())
    });
    if points.is_empty() {
        // Compared with nothing: any one value stands for all.
        points.push(match &input.ty {
            Type::Date => Value::Date(jiff::civil::date(2000, 1, 1)),
            _ => Value::Int(0),
        });
    }
    points.sort_by(order);
    points.dedup();
    Some(points)
}

/// Runs every semantic check; returns the indexes of the `unique` tables whose rows were
/// proven exclusive, which evaluation then need not try one against another.
pub(crate) fn check(
    procedure: &Procedure,
    surface: &syn::Procedure,
    work: u64,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<usize> {
    let budget = Budget::new(work);
    for (node, (_, step)) in procedure.nodes.iter().zip(surface.steps.iter()) {
        if let NodeKind::Step(s) = &node.kind {
            branches(procedure, node, s, &step.next, &budget, diagnostics);
        }
    }
    let mut exclusive = Vec::new();
    for (n, node) in procedure.nodes.iter().enumerate() {
        if let NodeKind::Table(t) = &node.kind
            && table(procedure, node, t, &budget, diagnostics)
        {
            exclusive.push(n);
        }
    }
    asked_where_read(procedure, &budget, diagnostics);
    exclusive
}

fn branches(
    procedure: &Procedure,
    node: &crate::model::Node,
    step: &crate::model::Step,
    next: &syn::Sp<syn::Next>,
    budget: &Budget,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if step.next.iter().all(|b| b.when.is_none()) {
        return;
    }
    // A YAML sequence's own span is a point; label the branches themselves.
    let span = match (step.next.first(), step.next.last()) {
        (Some(first), Some(last)) => first.span.to(last.span),
        _ => next.span,
    };
    let what = format!("the branches of `{}`", node.id);
    let programs: Vec<&Program> = step.next.iter().filter_map(|b| b.when.as_ref()).collect();
    let space = Space::new(procedure, &programs, &BTreeMap::new(), None, budget);
    // Dated branches: the branches in force differ from one period to the next, so each
    // period is checked on its own; a branch must be reachable in some period where it is in
    // force, and every period must be covered.
    let periods = epochs(step.next.iter().map(|b| b.valid));
    if periods.len() > MAX_PERIODS {
        diagnostics.push(incomplete(&what, span, &Gap::Periods(periods.len())));
        return;
    }
    if let Some(gap) = space.over_budget(programs.len().saturating_mul(periods.len())) {
        diagnostics.push(incomplete(&what, span, &gap));
        return;
    }
    // One pass per period: for each assignment the branches are tried in order, as evaluation
    // does, so the cost is the assignments times the branches, whatever their number.
    let mut taken = vec![false; step.next.len()];
    let mut maybe_taken = vec![false; step.next.len()];
    let mut uncovered = None;
    let mut undecided = false;
    for (day, period) in periods {
        let open_ended = step.next.iter().any(|b| b.when.is_none() && day.is_none_or(|d| b.valid.in_force(d)));
        space.find(|vars| {
            let mut earlier_maybe = false;
            let mut covered = false;
            for (i, b) in step.next.iter().enumerate() {
                if day.is_some_and(|d| !b.valid.in_force(d)) {
                    continue;
                }
                let t = b.when.as_ref().map_or(Truth::True, |g| truth(g.eval(vars)));
                let flag = if earlier_maybe { maybe_taken.get_mut(i) } else { taken.get_mut(i) };
                match t {
                    Truth::True => {
                        if let Some(f) = flag {
                            *f = true;
                        }
                        covered = true;
                        break;
                    }
                    Truth::Maybe => {
                        if let Some(f) = maybe_taken.get_mut(i) {
                            *f = true;
                        }
                        earlier_maybe = true;
                    }
                    Truth::False => {}
                }
            }
            if !covered && !open_ended {
                if earlier_maybe {
                    undecided = true;
                } else if uncovered.is_none() {
                    uncovered = Some(format!("{}{period}", space.describe(vars)));
                }
            }
            false
        });
    }
    let mut unproven = false;
    for (i, branch) in step.next.iter().enumerate() {
        let Some(guard) = &branch.when else { continue };
        if taken.get(i).copied().unwrap_or(true) {
            continue;
        }
        if maybe_taken.get(i).copied().unwrap_or(false) || space.may_miss() {
            unproven = true;
            continue;
        }
        let why = if guard.as_constant() == Some(&Value::Bool(false)) {
            "its condition is always false"
        } else if i == 0 {
            "its condition is false for every value of the inputs it reads"
        } else {
            "the branches before it already take every case where its condition holds"
        };
        diagnostics.push(
            Diagnostic::error(Code::CheckNeverHolds, "this branch can never be taken", branch.span, "never taken")
                .with_help(format!("{why}; fix the condition or remove the branch")),
        );
    }
    if let Some(case) = uncovered {
        diagnostics.push(
            Diagnostic::error(
                Code::CheckNotExhaustive,
                "the branches do not cover every case",
                span,
                format!("no branch for {case}"),
            )
            .with_help("add a branch for the missing case, or end the list with `- otherwise: <node>`"),
        );
    } else if undecided || unproven || (space.may_miss() && !step.next.iter().any(|b| b.when.is_none())) {
        diagnostics.push(incomplete(&what, span, &space.open_gap()));
    }
}

/// The most periods between the dates of a step's branches that the branch checks enumerate.
const MAX_PERIODS: usize = 32;

/// One day in each period between the validity boundaries of these rules, with the period in
/// words (` from 2025-03-03`); a single `None` ("any day") when none is dated.
fn epochs(validities: impl Iterator<Item = crate::model::Validity>) -> Vec<(Option<jiff::civil::Date>, String)> {
    let mut starts: Vec<jiff::civil::Date> = Vec::new();
    for v in validities {
        starts.extend(v.from);
        starts.extend(v.until.and_then(|u| u.tomorrow().ok()));
    }
    if starts.is_empty() {
        return vec![(None, String::new())];
    }
    starts.sort_unstable();
    starts.dedup();
    let before = starts.first().and_then(|f| f.yesterday().ok()).map(|d| (Some(d), format!(" until {d}")));
    before.into_iter().chain(starts.into_iter().map(|d| (Some(d), format!(" from {d}")))).collect()
}

/// The constants the cells of a table compare each column with, for the columns that hold one
/// input alone; a column whose cells compare it with anything but constants is left out, so
/// its input is not enumerated as if they were all.
fn boundary_values(procedure: &Procedure, table: &crate::model::Table) -> BTreeMap<Slot, Vec<Value>> {
    let mut out: BTreeMap<Slot, Vec<Value>> = BTreeMap::new();
    let mut refused = SlotSet::new();
    for (c, column) in table.columns.iter().enumerate() {
        let Some(slot) = column.as_variable() else { continue };
        if procedure.inputs.get(slot.index()).is_none() {
            continue;
        }
        let mut values = Vec::new();
        for row in &table.rows {
            if let Some(cell) = row.cells.get(c)
                && !constants(cell, &mut values)
            {
                refused.insert(slot);
            }
        }
        out.entry(slot).or_default().extend(values);
    }
    out.retain(|slot, _| !refused.contains(*slot));
    out
}

/// Adds the constants a cell compares with; false when an operand is not a constant.
fn constants(cell: &CellTest, out: &mut Vec<Value>) -> bool {
    match cell {
        CellTest::Any => true,
        CellTest::Compare(_, p) => match p.as_constant() {
            Some(v) => {
                out.push(v.clone());
                true
            }
            None => false,
        },
        CellTest::AnyOf(cells) => cells.iter().all(|c| constants(c, out)),
    }
}

fn cell_truth(cell: &CellTest, column: &Result<Value, Stop>, vars: &[Option<Value>]) -> Truth {
    // An error, like an unknown, is a case the checks cannot decide.
    match cell.holds(column, vars) {
        Ok(Some(true)) => Truth::True,
        Ok(Some(false)) => Truth::False,
        Ok(None) | Err(_) => Truth::Maybe,
    }
}

fn row_truth(row: &crate::model::Row, columns: &[Result<Value, Stop>], vars: &[Option<Value>]) -> Truth {
    Truth::all(row.cells.iter().zip(columns).map(|(c, v)| cell_truth(c, v, vars)))
}

/// Checks a table's rows; returns whether a `unique` table's rows were proven exclusive.
fn table(
    procedure: &Procedure,
    node: &crate::model::Node,
    table: &crate::model::Table,
    budget: &Budget,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    let mut programs: Vec<&Program> = table.columns.iter().collect();
    for row in &table.rows {
        for cell in &row.cells {
            operands(cell, &mut programs);
        }
    }
    let unique = table.hit == syn::HitPolicy::Unique;
    let complete = table.hit != syn::HitPolicy::Collect && table.otherwise.is_none();
    if !unique && !complete {
        return false;
    }
    let what = format!("the rows of the table `{}`", node.id);
    // Cells compare a column with constants: the column's inputs are enumerated through them.
    let space = Space::new(procedure, &programs, &boundary_values(procedure, table), None, budget);
    if let Some(gap) = space.over_budget(table.columns.len() + table.rows.len()) {
        diagnostics.push(incomplete(&what, node.span, &gap));
        return false;
    }
    // One pass over the assignments: the columns and each row's truth once per assignment,
    // then every pair of rows and the gap read from them.
    let mut overlaps: BTreeMap<(usize, usize), String> = BTreeMap::new();
    let mut gaps = Vec::new();
    let mut undecided = false;
    let mut truths: Vec<Truth> = Vec::with_capacity(table.rows.len());
    space.find(|vars| {
        let columns: Vec<Result<Value, Stop>> = table.columns.iter().map(|c| c.eval(vars)).collect();
        truths.clear();
        truths.extend(table.rows.iter().map(|r| row_truth(r, &columns, vars)));
        let matching: Vec<usize> = (0..truths.len()).filter(|&i| truths.get(i) == Some(&Truth::True)).collect();
        let maybe = truths.iter().filter(|t| **t == Truth::Maybe).count();
        if unique {
            for (k, &i) in matching.iter().enumerate() {
                for &j in matching.iter().skip(k + 1) {
                    overlaps.entry((i, j)).or_insert_with(|| space.describe(vars));
                }
            }
            // Two rows might both match: the check cannot tell.
            if maybe > 0 && matching.len() + maybe >= 2 {
                undecided = true;
            }
        }
        if complete && matching.is_empty() {
            if maybe > 0 {
                undecided = true;
            } else if gaps.len() < 5 {
                gaps.push(space.describe(vars));
            }
        }
        false
    });
    let undecided =
        undecided || (space.may_miss() && ((unique && overlaps.is_empty()) || (complete && gaps.is_empty())));
    let proven = unique && overlaps.is_empty() && !undecided;
    for ((i, j), case) in overlaps {
        let (Some(a), Some(b)) = (table.rows.get(i), table.rows.get(j)) else { continue };
        diagnostics.push(
            Diagnostic::error(
                Code::CheckTableOverlap,
                format!("two rows of the `unique` table `{}` both match {case}", node.id),
                b.span,
                "overlaps",
            )
            .with_label(a.span, "with this row")
            .with_help("make the rows exclusive, or use `hit: first` if the order of the rows decides"),
        );
    }
    if !gaps.is_empty() {
        diagnostics.push(
            Diagnostic::error(
                Code::CheckTableGap,
                format!("no row of the table `{}` matches, for example, {}", node.id, gaps.join("; ")),
                node.span,
                "incomplete table",
            )
            .with_help("add rows for these cases, or a `default:` to go to when no row matches"),
        );
    }
    if undecided {
        diagnostics.push(incomplete(&what, node.span, &space.open_gap()));
    }
    proven
}

fn operands<'p>(cell: &'p CellTest, out: &mut Vec<&'p Program>) {
    cell.for_each_operand(&mut |p| out.push(p));
}

/// A condition on a path, with the truth it must have there.
#[derive(Clone, Copy)]
enum Cond<'p> {
    /// A branch's guard.
    Guard(&'p Program),
    /// A row of a table matches.
    Row(&'p crate::model::Table, usize),
    /// A cell of a table's row (row, column) holds.
    Cell(&'p crate::model::Table, usize, usize),
}

impl<'p> Cond<'p> {
    /// Whether two conditions are the same test: paths repeat a node's conditions.
    fn same(&self, other: &Cond<'_>) -> bool {
        match (self, other) {
            (Cond::Guard(a), Cond::Guard(b)) => std::ptr::eq(*a, *b),
            (Cond::Row(a, r), Cond::Row(b, s)) => std::ptr::eq(*a, *b) && r == s,
            (Cond::Cell(a, r, c), Cond::Cell(b, s, d)) => std::ptr::eq(*a, *b) && r == s && c == d,
            _ => false,
        }
    }

    fn programs(&self, out: &mut Vec<&'p Program>) {
        match self {
            Cond::Guard(g) => out.push(g),
            Cond::Row(table, r) | Cond::Cell(table, r, _) => {
                out.extend(table.columns.iter());
                if let Some(row) = table.rows.get(*r) {
                    row.cells.iter().for_each(|c| operands(c, out));
                }
            }
        }
    }
}

/// A path's conditions: each with the truth it must have on the path.
type Path<'p> = Vec<(Cond<'p>, bool)>;

/// The conditions of some paths, each held once, and their truths under the current
/// assignment, each computed at most once: paths to a node share their prefixes, a table's
/// paths repeat its earlier rows, and its rows read the same columns. Evaluation is pure, so
/// a truth remembered is the truth recomputed.
struct Memo<'p> {
    conds: Vec<Cond<'p>>,
    truths: Vec<Option<Truth>>,
    /// The columns the rows and cells read, by table and index, with their values.
    columns: Vec<(&'p crate::model::Table, usize, Option<Evaluated>)>,
}

/// A program's result, as the evaluator gives it.
type Evaluated = Result<Value, Stop>;

impl<'p> Memo<'p> {
    fn new() -> Self {
        Memo { conds: Vec::new(), truths: Vec::new(), columns: Vec::new() }
    }

    /// The conditions of `path` as indexes into the memo.
    fn intern(&mut self, path: &[(Cond<'p>, bool)]) -> Vec<(usize, bool)> {
        path.iter()
            .map(|(c, want)| {
                let i = self.conds.iter().position(|k| k.same(c)).unwrap_or_else(|| {
                    self.conds.push(*c);
                    self.truths.push(None);
                    self.conds.len() - 1
                });
                (i, *want)
            })
            .collect()
    }

    /// Forgets the truths of the previous assignment.
    fn reset(&mut self) {
        self.truths.iter_mut().for_each(|t| *t = None);
        self.columns.iter_mut().for_each(|(_, _, v)| *v = None);
    }

    /// Whether every condition has its wanted truth or may have it (`Maybe`).
    fn holds(&mut self, conditions: &[(usize, bool)], vars: &[Option<Value>]) -> bool {
        conditions.iter().all(|&(i, want)| {
            let t = self.truth(i, vars);
            t == Truth::Maybe || (t == Truth::True) == want
        })
    }

    fn truth(&mut self, i: usize, vars: &[Option<Value>]) -> Truth {
        if let Some(Some(t)) = self.truths.get(i) {
            return *t;
        }
        let t = match self.conds.get(i).copied() {
            Some(Cond::Guard(g)) => truth(g.eval(vars)),
            Some(Cond::Row(table, r)) => {
                // Cell by cell, evaluating only the columns tested, and stopping at a false one.
                let Some(row) = table.rows.get(r) else { return Truth::Maybe };
                let mut t = Truth::True;
                for (c, (cell, _)) in row.cells.iter().zip(&table.columns).enumerate() {
                    match self.cell(table, c, cell, vars) {
                        Truth::False => {
                            t = Truth::False;
                            break;
                        }
                        Truth::Maybe => t = Truth::Maybe,
                        Truth::True => {}
                    }
                }
                t
            }
            Some(Cond::Cell(table, r, c)) => match table.rows.get(r).and_then(|row| row.cells.get(c)) {
                Some(cell) => self.cell(table, c, cell, vars),
                None => Truth::Maybe,
            },
            None => Truth::Maybe,
        };
        if let Some(slot) = self.truths.get_mut(i) {
            *slot = Some(t);
        }
        t
    }

    /// The truth of a cell of column `c` of `table`, the column evaluated once per assignment.
    fn cell(&mut self, table: &'p crate::model::Table, c: usize, cell: &CellTest, vars: &[Option<Value>]) -> Truth {
        if matches!(cell, CellTest::Any) {
            return if table.columns.get(c).is_some() { Truth::True } else { Truth::Maybe };
        }
        let Some(column) = table.columns.get(c) else { return Truth::Maybe };
        let at = match self.columns.iter().position(|(t, k, _)| std::ptr::eq(*t, table) && *k == c) {
            Some(at) => at,
            None => {
                self.columns.push((table, c, None));
                self.columns.len() - 1
            }
        };
        let Some((_, _, value)) = self.columns.get_mut(at) else { return Truth::Maybe };
        let value = value.get_or_insert_with(|| column.eval(vars));
        cell_truth(cell, value, vars)
    }
}

/// The most steps the path enumeration may take in all.
const MAX_PATH_WORK: usize = 1 << 16;

/// The conditions of the paths that reach each node, up to `MAX_PATHS` per node; `None` if
/// the graph has too many paths to enumerate.
fn paths(procedure: &Procedure) -> Option<Vec<Vec<Path<'_>>>> {
    let mut out: Vec<Vec<Path<'_>>> = vec![Vec::new(); procedure.nodes.len()];
    let mut stack: Vec<(usize, Path<'_>, usize)> = vec![(procedure.start, Vec::new(), 0)];
    let mut work = 0usize;
    while let Some((node, path, depth)) = stack.pop() {
        work += 1;
        if work > MAX_PATH_WORK || depth > procedure.nodes.len() {
            return None;
        }
        let slot = out.get_mut(node)?;
        if slot.len() >= MAX_PATHS {
            return None;
        }
        slot.push(path.clone());
        match procedure.nodes.get(node).map(|n| &n.kind) {
            Some(NodeKind::Step(step)) => {
                let guards: Vec<Option<&Program>> = step.next.iter().map(|b| b.when.as_ref()).collect();
                for (i, b) in step.next.iter().enumerate() {
                    let mut p = path.clone();
                    p.extend(guards.iter().take(i).flatten().map(|g| (Cond::Guard(g), false)));
                    p.extend(b.when.as_ref().map(|g| (Cond::Guard(g), true)));
                    stack.push((b.to, p, depth + 1));
                }
            }
            Some(NodeKind::Table(table)) => {
                let first = table.hit == syn::HitPolicy::First;
                for (r, row) in table.rows.iter().enumerate() {
                    let Some(to) = row.to else { continue };
                    let mut p = path.clone();
                    if first {
                        p.extend((0..r).map(|e| (Cond::Row(table, e), false)));
                    }
                    p.push((Cond::Row(table, r), true));
                    stack.push((to, p, depth + 1));
                }
                if let Some(to) = table.otherwise {
                    let mut p = path.clone();
                    if table.hit != syn::HitPolicy::Collect {
                        p.extend((0..table.rows.len()).map(|e| (Cond::Row(table, e), false)));
                    }
                    stack.push((to, p, depth + 1));
                }
            }
            _ => {}
        }
    }
    Some(out)
}

/// An input must not be read where its `ask_when` may be false: it is not asked there, so
/// its value is never known there.
fn asked_where_read(procedure: &Procedure, budget: &Budget, diagnostics: &mut Vec<Diagnostic>) {
    let guarded: Vec<&crate::model::Input> = procedure.inputs.iter().filter(|i| i.ask_when.is_some()).collect();
    if guarded.is_empty() {
        return;
    }
    let what = "where the inputs with `ask_when` are read";
    let Some(paths) = paths(procedure) else {
        let span = guarded.first().map(|i| i.span).unwrap_or_default();
        diagnostics.push(incomplete(what, span, &Gap::Paths));
        return;
    };
    // Which inputs each derived value waits on, to see through `let`s.
    let mut let_reads: Vec<(Slot, SlotSet)> = Vec::new();
    for l in &procedure.lets {
        let mut reads = l.program.reads().clone();
        for (slot, r) in &let_reads {
            if reads.contains(*slot) {
                reads.union_with(r);
            }
        }
        let_reads.push((l.slot, reads));
    }
    let waits_on =
        |set: &SlotSet, x: Slot| set.contains(x) || let_reads.iter().any(|(s, r)| set.contains(*s) && r.contains(x));

    let mut reported = std::collections::HashSet::new();
    let mut undecided_at = std::collections::HashSet::new();
    for (n, node) in procedure.nodes.iter().enumerate() {
        let Some(node_paths) = paths.get(n) else { continue };
        if node_paths.is_empty() {
            continue;
        }
        let mut memo = Memo::new();
        let node_conds: Vec<Vec<(usize, bool)>> = node_paths.iter().map(|path| memo.intern(path)).collect();
        for (program, extra) in reads_of(&node.kind) {
            let extra_conds = memo.intern(&extra);
            for input in &guarded {
                let Some(ask_when) = &input.ask_when else { continue };
                if !waits_on(program.reads(), input.slot) || reported.contains(&(input.slot, program.span())) {
                    continue;
                }
                // First without the paths, which are most of the cost: usually the expression
                // itself reads the input only where it is asked, and no path can change that.
                let mut near: Vec<&Program> = vec![program, ask_when];
                for (c, _) in &extra {
                    c.programs(&mut near);
                }
                let quick = Space::new(procedure, &near, &BTreeMap::new(), Some(input.slot), budget);
                if quick.over_budget(near.len()).is_none() && !quick.may_miss() {
                    let candidate = quick.find_with_lets(|vars, unknown_lets| {
                        memo.reset();
                        let waits = |set: &SlotSet| {
                            set.contains(input.slot)
                                || unknown_lets.iter().any(|(s, r)| set.contains(*s) && r.contains(input.slot))
                        };
                        truth(ask_when.eval(vars)) != Truth::True
                            && matches!(program.eval(vars), Err(Stop::Unknown(set)) if waits(&set))
                            && memo.holds(&extra_conds, vars)
                    });
                    if !candidate {
                        continue;
                    }
                }
                // One enumeration for all paths: an assignment is a witness if some path to
                // the node is feasible under it.
                let mut involved: Vec<&Program> = vec![program, ask_when];
                for (c, _) in node_paths.iter().flatten().chain(&extra) {
                    c.programs(&mut involved);
                }
                let space = Space::new(procedure, &involved, &BTreeMap::new(), Some(input.slot), budget);
                if let Some(gap) = space.over_budget(involved.len()) {
                    reported.insert((input.slot, program.span()));
                    diagnostics.push(incomplete(what, program.span(), &gap));
                    continue;
                }
                let mut witness = None;
                let mut undecided = false;
                space.find_with_lets(|vars, unknown_lets| {
                    memo.reset();
                    // Cheapest test first: most assignments ask the input. A derived value counts
                    // only if this assignment's evaluation of it waited on the input.
                    let waits = |set: &SlotSet| {
                        set.contains(input.slot)
                            || unknown_lets.iter().any(|(s, r)| set.contains(*s) && r.contains(input.slot))
                    };
                    let asked = truth(ask_when.eval(vars));
                    if asked == Truth::True
                        || !matches!(program.eval(vars), Err(Stop::Unknown(set)) if waits(&set))
                        || !memo.holds(&extra_conds, vars)
                        || !node_conds.iter().any(|path| memo.holds(path, vars))
                    {
                        return false;
                    }
                    if asked == Truth::Maybe {
                        undecided = true;
                        return false;
                    }
                    witness = Some(space.describe(vars));
                    true
                });
                // One warning per expression, whichever inputs it left undecided.
                if witness.is_none() && (undecided || space.may_miss()) && undecided_at.insert(program.span()) {
                    diagnostics.push(incomplete(what, program.span(), &space.open_gap()));
                }
                if let Some(case) = witness {
                    reported.insert((input.slot, program.span()));
                    diagnostics.push(
                        Diagnostic::error(
                            Code::CheckReadWhereNotAsked,
                            format!("`{}` is read here where it may not be asked", input.id),
                            program.span(),
                            format!("reads `{}` when {case}", input.id),
                        )
                        .with_label(ask_when.span(), "it is asked only where this holds")
                        .with_help("guard the expression so that it holds only where the input is asked, e.g. with `when:` or an earlier branch"),
                    );
                }
            }
        }
    }
}

/// The programs a node evaluates, each with the conditions under which it is evaluated: an
/// element's `when` for the element's other expressions, and for a table column, the rows
/// before (which did not match) and the cells before it in a row that tests the column —
/// rows are tried in order and a row's cells left to right, so a `-` cell reads nothing.
fn reads_of(kind: &NodeKind) -> Vec<(&Program, Vec<(Cond<'_>, bool)>)> {
    match kind {
        NodeKind::Table(table) => {
            let mut out = Vec::new();
            for (c, column) in table.columns.iter().enumerate() {
                for (r, row) in table.rows.iter().enumerate() {
                    if matches!(row.cells.get(c), None | Some(CellTest::Any)) {
                        continue;
                    }
                    let mut extra: Vec<(Cond<'_>, bool)> = (0..r).map(|e| (Cond::Row(table, e), false)).collect();
                    extra.extend((0..c).map(|k| (Cond::Cell(table, r, k), true)));
                    out.push((column, extra));
                }
            }
            for row in &table.rows {
                for d in &row.bring {
                    out.extend(d.when.as_ref().map(|w| (w, Vec::new())));
                }
                for w in &row.warnings {
                    out.extend(w.when.as_ref().map(|p| (p, Vec::new())));
                }
            }
            out
        }
        other => {
            // A branch's guard is read only when the branches before it did not hold.
            let guards: Vec<&Program> = match other {
                NodeKind::Step(step) => step.next.iter().filter_map(|b| b.when.as_ref()).collect(),
                _ => Vec::new(),
            };
            let mut out: Vec<(&Program, Vec<(Cond<'_>, bool)>)> = node_programs(other)
                .into_iter()
                .filter(|(p, _)| !guards.iter().any(|g| std::ptr::eq(*g, *p)))
                .map(|(p, when)| (p, when.map(|w| (Cond::Guard(w), true)).into_iter().collect()))
                .collect();
            let mut earlier = Vec::new();
            for guard in guards {
                out.push((guard, earlier.clone()));
                earlier.push((Cond::Guard(guard), false));
            }
            out
        }
    }
}

/// Warns about rule-bearing elements that cite no source, at the highest level that could
/// (a step's sources cover its parts).
pub(crate) fn missing_sources(procedure: &Procedure, surface: &syn::Procedure, diagnostics: &mut Vec<Diagnostic>) {
    let warn = |span, what: &str| {
        Diagnostic::warning(Code::CheckMissingSource, format!("this {what} cites no source"), span, "no source")
            .with_help("cite the sources that back it with `sources: [...]`, so that a reviewer can check it and a reader can see how sure it is")
    };
    for (node, (id, _)) in procedure.nodes.iter().zip(surface.steps.iter()) {
        if let NodeKind::Step(step) = &node.kind
            && step.citation.sources.is_empty()
        {
            let parts_cited = step.deadlines.iter().all(|d| !d.citation.sources.is_empty())
                && step.fees.iter().all(|f| !f.citation.sources.is_empty())
                && step.warnings.iter().all(|w| !w.citation.sources.is_empty());
            if !parts_cited || step.next.iter().any(|b| b.when.is_some() && b.citation.sources.is_empty()) {
                diagnostics.push(warn(id.span, "step"));
            }
        }
    }
    // By id: the compiled derived values are in dependency order, not the file's.
    let declared: std::collections::HashMap<&str, procedure_expr::Span> =
        surface.lets.iter().map(|(i, _)| (i.value.as_str(), i.span)).collect();
    for l in &procedure.lets {
        if l.citation.sources.is_empty() {
            diagnostics.push(warn(declared.get(l.id.as_str()).copied().unwrap_or_default(), "derived value"));
        }
    }
    for (id, table) in &surface.tables {
        if table.sources.is_empty() && table.rows.iter().any(|r| r.sources.is_empty()) {
            diagnostics.push(warn(id.span, "table"));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Code, CompileOptions, Level, compile};

    /// With a small budget, the checks that cannot run say so at their places; with the
    /// default, the same file checks clean.
    #[test]
    fn checks_past_the_budget_say_so() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/check/ok/many_combinations.yaml"
        ))
        .unwrap();
        let clean = compile(&text, &CompileOptions::DEFAULT);
        assert!(clean.diagnostics.is_empty(), "{:?}", clean.diagnostics);
        let small = compile(&text, &CompileOptions { check_work: 1_000, ..CompileOptions::DEFAULT });
        let codes: Vec<(Code, Level)> = small.diagnostics.iter().map(|d| (d.code, d.level)).collect();
        assert_eq!(codes, vec![(Code::CheckIncomplete, Level::Warning)]);
        assert!(small.diagnostics[0].message.contains("spent their budget"), "{}", small.diagnostics[0].message);
        // The procedure still compiles: evaluation enforces what the checks could not cover.
        assert!(small.procedure.is_some());
    }
}
