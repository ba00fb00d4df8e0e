//! The situations of one or more procedures (two versions of one, say), split into classes
//! that get the same answer: the walk starts with nothing known, evaluates every version, and
//! splits only on an input some version still needs, over the values that can change an
//! answer. An input that is not asked is never split on, so the `ask_when` states come out
//! as they are.
//!
//! The values are those of the static checks (`compile/analysis.rs`): every value of a bool
//! or an enum, an int compared only with constants at those constants and their neighbours.
//! A date read in any other way (compared with `today` or another date, shifted by days) is
//! placed at every offset written in the procedures (`days(14)`) and its neighbours from
//! `today` and from each date already placed, which splits every comparison of such
//! differences. What the walk cannot split exactly (text, numbers used in arithmetic, dates
//! whose effects depend on the calendar) it names, and past its budget it samples with a
//! fixed seed: a caller never reads "no change" where some case was not compared.

use std::collections::{BTreeSet, HashSet};

use jiff::civil::Date;
use procedure_expr::{Type, Value};

use crate::compile::covering_values;
use crate::diagnostic::Diagnostic;
use crate::evaluate::{Evaluation, Status};
use crate::model::Procedure;
use crate::situation::Situation;

/// One version of a procedure, with the date whose rules apply.
#[derive(Clone, Copy, Debug)]
pub struct Version<'p> {
    /// The procedure.
    pub procedure: &'p Procedure,
    /// The date of the act: the rules in force on it apply.
    pub as_of: Date,
}

/// Where an int or a date lies in a class: `lo ≤ input ≤ hi`, `None` for no bound.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Range {
    /// The value alone (every bool and enum value).
    Exactly,
    /// Every value between the bounds behaves as the representative.
    Between {
        /// The smallest value, `None` for any below.
        lo: Option<Value>,
        /// The largest value, `None` for any above.
        hi: Option<Value>,
    },
}

/// One condition that selects a class: an input, the value tried, and the values it stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    /// The input's id.
    pub input: String,
    /// The representative value, which the class's facts give.
    pub value: Value,
    /// The values it stands for.
    pub range: Range,
}

/// The answer of one version for a class.
#[derive(Clone, Copy, Debug)]
pub enum Answer<'e, 'p> {
    /// Evaluated.
    Evaluated(&'e Evaluation<'p>),
    /// Refused: a fact the version does not accept (a value it does not declare) or a
    /// constraint or rule that fails.
    Refused(&'e [Diagnostic]),
}

/// What receives the classes of a walk.
pub trait Visit<'p> {
    /// One class: the conditions that select it (in the order they were split on) and each
    /// version's answer, in the order of the versions.
    fn class(&mut self, conditions: &[Condition], answers: &[Answer<'_, 'p>]);
    /// Forget every class so far: the walk ran out of budget and starts again, sampling.
    fn restart(&mut self);
}

/// How the walk went: how many classes, and how sure.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Partition {
    /// The classes visited.
    pub classes: usize,
    /// Combinations that no version accepts as a situation (a constraint fails in every
    /// version): not classes.
    pub not_situations: usize,
    /// Whether every class was visited: no sampling and no input placed at sample values.
    pub complete: bool,
    /// The seed of the sampling, when the classes were too many to visit.
    pub sampled: Option<u64>,
    /// Inputs whose values the walk does not enumerate (text, numbers used in arithmetic):
    /// placed at sample values.
    pub open: Vec<String>,
    /// Date inputs placed by offsets from `today` and from each other.
    pub by_offset: Vec<String>,
}

/// The most evaluations of one version a complete walk spends before it samples instead.
pub const MAX_NODES: usize = 400_000;
/// The number of situations drawn when sampling.
pub const SAMPLES: usize = 4_000;
/// The seed of the sampling, fixed so that a run can be repeated.
pub const SEED: u64 = 0x5EED_2026;

/// Walks the situations of `versions` on `today`, calling `visit` with each class.
pub fn partition<'p>(versions: &[Version<'p>], today: Date, visit: &mut dyn Visit<'p>) -> Partition {
    partition_within(versions, today, MAX_NODES, visit)
}

/// [`partition`] with a budget of `max_nodes` evaluations per version.
pub fn partition_within<'p>(
    versions: &[Version<'p>],
    today: Date,
    max_nodes: usize,
    visit: &mut dyn Visit<'p>,
) -> Partition {
    let mut walk = Walk::new(versions, today, max_nodes);
    if walk.node(visit).is_err() {
        visit.restart();
        walk.restart();
        walk.rng = Some(SEED);
        let mut seen = HashSet::new();
        for _ in 0..SAMPLES {
            // A budget per draw: one draw is one path down.
            walk.nodes = 0;
            let _ = walk.node(&mut Dedup { inner: &mut *visit, seen: &mut seen });
        }
        walk.result.sampled = Some(SEED);
    }
    walk.result.complete = walk.result.sampled.is_none() && walk.open.is_empty();
    walk.result.open = walk.open.into_iter().collect();
    walk.result.by_offset = walk.by_offset.into_iter().collect();
    walk.result
}

/// Passes on each class once when sampling draws it again.
struct Dedup<'v, 's, 'p> {
    inner: &'v mut dyn Visit<'p>,
    seen: &'s mut HashSet<Vec<(String, String)>>,
}

impl<'p> Visit<'p> for Dedup<'_, '_, 'p> {
    fn class(&mut self, conditions: &[Condition], answers: &[Answer<'_, 'p>]) {
        let key = conditions.iter().map(|c| (c.input.clone(), c.value.to_string())).collect();
        if self.seen.insert(key) {
            self.inner.class(conditions, answers);
        }
    }

    fn restart(&mut self) {
        self.inner.restart();
    }
}

/// The walk ran out of its budget.
struct Spent;

struct Walk<'p, 'v> {
    versions: &'v [Version<'p>],
    today: Date,
    situations: Vec<Situation<'p>>,
    /// One evaluation per version, reused from one point of the walk to the next.
    evaluations: Vec<Evaluation<'p>>,
    /// For each version, why a fact set above this point was refused.
    refused: Vec<Option<Vec<Diagnostic>>>,
    conditions: Vec<Condition>,
    /// The day offsets written in the versions, with 0.
    offsets: BTreeSet<i64>,
    /// The dates written in the versions.
    fixed: BTreeSet<Date>,
    nodes: usize,
    max_nodes: usize,
    open: BTreeSet<String>,
    by_offset: BTreeSet<String>,
    rng: Option<u64>,
    result: Partition,
    /// For each input split on so far: its type, the values the checks give it (of every
    /// version), and whether those place it.
    covering: std::collections::HashMap<String, (Option<Type>, Vec<Value>, bool)>,
}

impl<'p, 'v> Walk<'p, 'v> {
    fn new(versions: &'v [Version<'p>], today: Date, max_nodes: usize) -> Self {
        let mut offsets = BTreeSet::from([0]);
        let mut fixed = BTreeSet::new();
        for v in versions {
            v.procedure.for_each_program(&mut |p| {
                for c in p.constants() {
                    match c {
                        Value::Duration(d) => {
                            offsets.insert(d.abs());
                        }
                        Value::Date(d) => {
                            fixed.insert(d);
                        }
                        _ => {}
                    }
                }
            });
        }
        Walk {
            versions,
            today,
            situations: versions.iter().map(|v| Situation::new(v.procedure)).collect(),
            evaluations: versions.iter().map(|v| Evaluation::new(v.procedure)).collect(),
            refused: vec![None; versions.len()],
            conditions: Vec::new(),
            offsets,
            fixed,
            nodes: 0,
            max_nodes,
            open: BTreeSet::new(),
            by_offset: BTreeSet::new(),
            rng: None,
            result: Partition::default(),
            covering: std::collections::HashMap::new(),
        }
    }

    fn restart(&mut self) {
        for s in &mut self.situations {
            s.clear();
        }
        self.refused.iter_mut().for_each(|r| *r = None);
        self.conditions.clear();
        self.nodes = 0;
        self.result = Partition::default();
    }

    /// A number from the fixed-seed generator (xorshift64), below `n`.
    fn draw(&mut self, n: usize) -> usize {
        let Some(mut x) = self.rng else { return 0 };
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.rng = Some(x);
        usize::try_from(x % u64::try_from(n.max(1)).unwrap_or(1)).unwrap_or(0)
    }

    /// Evaluates every version at this point and splits on the first input one still needs.
    fn node(&mut self, visit: &mut dyn Visit<'p>) -> Result<(), Spent> {
        self.nodes += 1;
        if self.nodes > self.max_nodes {
            return Err(Spent);
        }
        let mut errors: Vec<Option<Vec<Diagnostic>>> = self.refused.clone();
        let mut needed: Option<String> = None;
        for (i, version) in self.versions.iter().enumerate() {
            if errors.get(i).is_some_and(Option::is_some) {
                continue;
            }
            let (Some(situation), Some(evaluation)) = (self.situations.get(i), self.evaluations.get_mut(i)) else {
                continue;
            };
            match situation.evaluate_as_of_into(self.today, version.as_of, evaluation) {
                Ok(()) => {
                    if needed.is_none() && evaluation.status == Status::NeedsInput {
                        needed = evaluation
                            .needs
                            .iter()
                            .find(|n| !self.conditions.iter().any(|c| c.input == n.id))
                            .map(|n| n.id.clone());
                    }
                }
                Err(e) => {
                    if let Some(slot) = errors.get_mut(i) {
                        *slot = Some(e);
                    }
                }
            }
        }
        let Some(input) = needed else {
            if errors.iter().all(Option::is_some) {
                self.result.not_situations += 1;
                return Ok(());
            }
            let answers: Vec<Answer<'_, 'p>> = self
                .evaluations
                .iter()
                .zip(&errors)
                .map(|(e, err)| match err {
                    Some(d) => Answer::Refused(d),
                    None => Answer::Evaluated(e),
                })
                .collect();
            self.result.classes += 1;
            visit.class(&self.conditions, &answers);
            return Ok(());
        };
        let values = self.values(&input);
        if self.rng.is_some() {
            let pick = self.draw(values.len());
            if let Some((value, range)) = values.into_iter().nth(pick) {
                self.branch(&input, value, range, visit)?;
            }
            return Ok(());
        }
        for (value, range) in values {
            self.branch(&input, value, range, visit)?;
        }
        Ok(())
    }

    /// Sets `input` to `value` in every version that declares it, walks on, and unsets it.
    fn branch(&mut self, input: &str, value: Value, range: Range, visit: &mut dyn Visit<'p>) -> Result<(), Spent> {
        let saved = self.refused.clone();
        for (i, situation) in self.situations.iter_mut().enumerate() {
            let Ok(handle) = situation.procedure().input(input) else { continue };
            let set = match &value {
                Value::Bool(b) => situation.set_bool(handle, *b),
                Value::Int(n) => situation.set_int(handle, *n),
                Value::Date(d) => situation.set_date(handle, *d),
                Value::String(s) => situation.set_text(handle, s),
                _ => Ok(()),
            };
            if let (Err(d), Some(slot)) = (set, self.refused.get_mut(i))
                && slot.is_none()
            {
                *slot = Some(vec![d]);
            }
        }
        self.conditions.push(Condition { input: input.to_owned(), value, range });
        let walked = self.node(visit);
        self.conditions.pop();
        for situation in &mut self.situations {
            if let Ok(handle) = situation.procedure().input(input) {
                situation.unset(handle);
            }
        }
        self.refused = saved;
        walked
    }

    /// The values to split `input` on, each with the values it stands for.
    fn values(&mut self, input: &str) -> Vec<(Value, Range)> {
        let (ty, mut finite, placed) = match self.covering.get(input) {
            Some(known) => known.clone(),
            None => {
                let mut finite: Vec<Value> = Vec::new();
                let mut ty = None;
                let mut placed = true;
                for v in self.versions {
                    let Some(declared) = v.procedure.inputs.iter().find(|i| i.id == input) else { continue };
                    ty = ty.or(Some(declared.ty.clone()));
                    match covering_values(v.procedure, declared) {
                        Some(values) => finite.extend(values),
                        None => placed = false,
                    }
                }
                // The same at every point of the walk: reading every program again was most of
                // its time.
                self.covering.insert(input.to_owned(), (ty.clone(), finite.clone(), placed));
                (ty, finite, placed)
            }
        };
        let ordered = matches!(ty, Some(Type::Int | Type::Date));
        if !placed {
            match ty {
                Some(Type::Date) => {
                    self.by_offset.insert(input.to_owned());
                    finite.extend(self.date_points().into_iter().map(Value::Date));
                }
                Some(Type::Int) => {
                    self.open.insert(input.to_owned());
                    finite.extend([0, 1, 18, 65].map(Value::Int));
                }
                _ => {
                    self.open.insert(input.to_owned());
                    finite.push(Value::string("text"));
                }
            }
        }
        // Enum values keep the order they are declared in (the old version's first).
        let mut values: Vec<Value> = Vec::with_capacity(finite.len());
        for v in finite {
            if !values.contains(&v) {
                values.push(v);
            }
        }
        if !ordered {
            return values.into_iter().map(|v| (v, Range::Exactly)).collect();
        }
        values.sort_by(order);
        let mut out = Vec::with_capacity(values.len());
        for (i, v) in values.iter().enumerate() {
            let lo = if i == 0 { None } else { Some(v.clone()) };
            let hi = match values.get(i + 1) {
                None => None,
                Some(next) => before(next),
            };
            let range = if lo.as_ref() == Some(v) && hi.as_ref() == Some(v) {
                Range::Exactly
            } else {
                Range::Between { lo, hi }
            };
            out.push((v.clone(), range));
        }
        out
    }

    /// The dates a date input is tried at: `today`, the dates written in the versions and the
    /// dates placed so far, each shifted by every offset both ways and by a day more or less.
    fn date_points(&self) -> Vec<Date> {
        let mut bases: BTreeSet<Date> = BTreeSet::from([self.today]);
        bases.extend(self.fixed.iter().copied());
        for c in &self.conditions {
            if let Value::Date(d) = c.value {
                bases.insert(d);
            }
        }
        let mut out = BTreeSet::new();
        for base in bases {
            for &k in &self.offsets {
                for shift in [-k - 1, -k, -k + 1, k - 1, k, k + 1] {
                    if let Ok(d) = base.checked_add(jiff::Span::new().days(shift)) {
                        out.insert(d);
                    }
                }
            }
        }
        out.into_iter().collect()
    }
}

/// The value just before `v`: the day before, or the int less one.
fn before(v: &Value) -> Option<Value> {
    match v {
        Value::Int(n) => n.checked_sub(1).map(Value::Int),
        Value::Date(d) => d.yesterday().ok().map(Value::Date),
        _ => None,
    }
}

/// Ints and dates in their order, other values by their text.
fn order(a: &Value, b: &Value) -> std::cmp::Ordering {
    match (a, b) {
        (Value::Int(a), Value::Int(b)) => a.cmp(b),
        (Value::Date(a), Value::Date(b)) => a.cmp(b),
        (a, b) => a.to_string().cmp(&b.to_string()),
    }
}
