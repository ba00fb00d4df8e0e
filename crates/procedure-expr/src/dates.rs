//! Comparisons of dates as yes/no atoms, for the procedure checks that enumerate situations.
//!
//! A checker cannot enumerate dates, but it can enumerate whether each comparison of dates
//! holds. [`DateAtoms::collect`] finds every comparison that reads a date variable, gives it
//! a fresh bool variable, and records, where the comparison is a difference constraint
//! (`x + k1 op y + k2`, `x - y op k`, with `k` a number of days), that constraint. Whether a
//! combination of atoms can happen together is then exactly decidable
//! ([`feasible`]): difference constraints over whole days have a solution exactly when their
//! graph has no negative cycle.

use std::collections::BTreeMap;

use crate::Program;
use crate::ast::BinaryOp;
use crate::env::{Slot, SlotSet};
use crate::eval::Code;
use crate::functions::Builtin;
use crate::span::Span;
use crate::value::Value;

/// What a variable is, as seen by the date abstraction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dated {
    /// A date the checker does not enumerate (an input, `today`).
    Variable,
    /// A derived date equal to another's plus a number of days (`learned_on + days(14)`).
    Shifted(Slot, i64),
    /// A derived date some months after another (`add_months(d, -3)`, `add_years(d, 1)`).
    Months(Slot, i64),
    /// A derived date of another form (`add_months(d, 2)`, a conditional): comparisons that read
    /// it are atoms without a constraint.
    Opaque,
    /// A date left unknown on purpose: comparisons that read it stay as they are, unknown.
    Unknown,
    /// A derived date that a calendar moves from another by a bounded number of days
    /// (`next_open_day(d)`: from `d + least` to `d + most`). Which day depends on the calendar,
    /// so the checker gives it a date of its own within those bounds, as to a variable.
    Rolled {
        /// The date it is moved from.
        base: Slot,
        /// The fewest days it lies after `base` (negative: before).
        least: i64,
        /// The most days it lies after `base`.
        most: i64,
    },
}

/// `x - y ≤ k` (or `< k`, or `= k`) in days; `None` stands for the fixed day 1970-01-01, so
/// that a comparison with a constant date is a difference too.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Difference {
    /// The left variable.
    pub x: Option<Slot>,
    /// The right variable.
    pub y: Option<Slot>,
    /// `Le`, `Lt` or `Eq`.
    pub op: BinaryOp,
    /// The bound, in days.
    pub k: i64,
}

/// A comparison replaced by a bool variable.
#[derive(Clone, Debug)]
pub struct Atom {
    /// The variable that stands for it.
    pub slot: Slot,
    /// The constraint it states when it holds; `None` when it is not a difference of dates.
    pub difference: Option<Difference>,
    /// Where the comparison is written (its first occurrence).
    pub span: Span,
    /// For a comparison with a date some months after another: that other date's variable and
    /// the months. Its truth is then fixed by the differences added for each number of days the
    /// months can span, and by how many they span from the variable's date.
    pub months: Option<(Slot, i64)>,
}

/// A difference as a map key: its variables' slots, its operator and its bound.
type DifferenceKey = (Option<u32>, Option<u32>, &'static str, i64);

/// The atoms of a set of programs, shared between them: one comparison written twice, or once
/// and once negated, is one atom.
#[derive(Clone, Debug)]
pub struct DateAtoms {
    next: u32,
    atoms: Vec<Atom>,
    by_difference: BTreeMap<DifferenceKey, usize>,
    /// Derived dates that are conditionals, inlined where they are compared.
    definitions: BTreeMap<u32, Code>,
}

impl DateAtoms {
    /// Atoms whose variables take slots from `first_slot` on (past every slot of the
    /// environment).
    pub fn new(first_slot: usize) -> Self {
        DateAtoms {
            next: u32::try_from(first_slot).unwrap_or(u32::MAX),
            atoms: Vec::new(),
            by_difference: BTreeMap::new(),
            definitions: BTreeMap::new(),
        }
    }

    /// The atoms so far.
    pub fn atoms(&self) -> &[Atom] {
        &self.atoms
    }

    /// Records the atoms of `program`: each comparison in it that reads a dated variable.
    pub fn collect(&mut self, program: &Program, dated: &dyn Fn(Slot) -> Option<Dated>) {
        if reads_dates(program, dated) {
            self.code(&program.code, dated);
        }
    }

    /// What a derived date is: another date shifted by days or months, or opaque. A conditional
    /// is remembered, so that comparing with it compares with each of its branches.
    pub fn define(&mut self, slot: Slot, program: &Program, dated: &dyn Fn(Slot) -> Option<Dated>) -> Dated {
        if program.reads().iter().any(|s| dated(s) == Some(Dated::Unknown)) {
            return Dated::Unknown;
        }
        if let Some(Roll { base, least, most, rolled: true }) = roll(&program.code, dated) {
            return Dated::Rolled { base, least, most };
        }
        match term(&program.code, dated) {
            Some(Term { var: Some(base), days, months: 0 }) => Dated::Shifted(base, days),
            Some(Term { var: Some(base), days: 0, months }) => Dated::Months(base, months),
            _ => {
                if matches!(program.code, Code::Cond(..)) {
                    self.definitions.insert(slot.0, program.code.clone());
                }
                Dated::Opaque
            }
        }
    }

    fn code(&mut self, code: &Code, dated: &dyn Fn(Slot) -> Option<Dated>) -> Code {
        if let Some(general) = code.general() {
            return self.code(&general, dated);
        }
        let reads = |c: &Code, what: &dyn Fn(Option<Dated>) -> bool| {
            let mut reads = SlotSet::new();
            c.collect_reads(&mut reads);
            reads.iter().any(|s| what(dated(s)))
        };
        if !reads(code, &|d| d.is_some_and(|d| d != Dated::Unknown)) {
            return code.clone();
        }
        let b = |me: &mut Self, c: &Code| Box::new(me.code(c, dated));
        match code {
            Code::Binary(_, _, _, _) if reads(code, &|d| d == Some(Dated::Unknown)) => code.clone(),
            Code::Binary(op, l, r, span) if op.is_relation() => self.atom(*op, l, r, *span, dated),
            Code::Not(x, s) => Code::Not(b(self, x), *s),
            Code::And(x, y, s) => Code::And(b(self, x), b(self, y), *s),
            Code::Or(x, y, s) => Code::Or(b(self, x), b(self, y), *s),
            Code::Cond(c, t, e, s) => Code::Cond(b(self, c), b(self, t), b(self, e), *s),
            // A date used otherwise (in arithmetic whose result is not compared, in a list) is
            // left as it is: it stays unknown to the checker.
            other => other.clone(),
        }
    }

    fn atom(&mut self, op: BinaryOp, l: &Code, r: &Code, span: Span, dated: &dyn Fn(Slot) -> Option<Dated>) -> Code {
        // Comparing with a conditional date compares with each of its branches.
        for (side, other, left) in [(l, r, true), (r, l, false)] {
            let conditional = match side {
                Code::Var(s) => self.definitions.get(&s.0).cloned(),
                Code::Cond(..) => Some(side.clone()),
                _ => None,
            };
            if let Some(Code::Cond(c, t, e, cs)) = conditional {
                let compare = |branch: Box<Code>| {
                    let (a, b) =
                        if left { (branch, Box::new(other.clone())) } else { (Box::new(other.clone()), branch) };
                    Box::new(Code::Binary(op, a, b, span))
                };
                let split = Code::Cond(c, compare(t), compare(e), cs);
                return self.code(&split, dated);
            }
        }
        if let Some((base, months, differences)) = by_months(l, r, dated) {
            // One atom for the comparison, and one difference for each number of days the
            // months may span: together they decide it once that number is known.
            for (x, y, k) in differences {
                if let Some((d, _)) = normal(op, x, y, k) {
                    self.difference_atom(d, span);
                }
            }
            let slot = self.fresh();
            self.atoms.push(Atom { slot, difference: None, span, months: Some((base, months)) });
            return Code::Var(slot);
        }
        let Some((difference, negated)) = difference(op, l, r, dated) else {
            let slot = self.fresh();
            self.atoms.push(Atom { slot, difference: None, span, months: None });
            return Code::Var(slot);
        };
        let slot = self.difference_atom(difference, span);
        if negated { Code::Not(Box::new(Code::Var(slot)), span) } else { Code::Var(slot) }
    }

    fn difference_atom(&mut self, difference: Difference, span: Span) -> Slot {
        let key = (difference.x.map(|s| s.0), difference.y.map(|s| s.0), difference.op.symbol(), difference.k);
        match self.by_difference.get(&key).and_then(|&i| self.atoms.get(i)) {
            Some(atom) => atom.slot,
            None => {
                let slot = self.fresh();
                self.by_difference.insert(key, self.atoms.len());
                self.atoms.push(Atom { slot, difference: Some(difference), span, months: None });
                slot
            }
        }
    }

    fn fresh(&mut self) -> Slot {
        let slot = Slot(self.next);
        self.next = self.next.saturating_add(1);
        slot
    }
}

/// Whether `program` reads a date that comparisons are made atoms of.
fn reads_dates(program: &Program, dated: &dyn Fn(Slot) -> Option<Dated>) -> bool {
    program.reads().iter().any(|s| dated(s).is_some_and(|d| d != Dated::Unknown))
}

/// A date term: a variable (or the fixed day, `None`), some months after it, plus days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Term {
    var: Option<Slot>,
    days: i64,
    months: i64,
}

/// The days from 1970-01-01 to `d`: the inverse of [`day`].
#[must_use]
pub fn epoch_days(d: jiff::civil::Date) -> Option<i64> {
    let epoch = jiff::civil::date(1970, 1, 1);
    d.since((jiff::Unit::Day, epoch)).ok().map(|s| i64::from(s.get_days()))
}

fn term(code: &Code, dated: &dyn Fn(Slot) -> Option<Dated>) -> Option<Term> {
    let plain = |var, days| Some(Term { var, days, months: 0 });
    match code {
        Code::Var(s) => match dated(*s)? {
            Dated::Variable | Dated::Rolled { .. } => plain(Some(*s), 0),
            Dated::Shifted(base, k) => plain(Some(base), k),
            Dated::Months(base, n) => Some(Term { var: Some(base), days: 0, months: n }),
            Dated::Opaque | Dated::Unknown => None,
        },
        Code::Const(Value::Date(d)) => plain(None, epoch_days(*d)?),
        Code::Binary(BinaryOp::Add, a, b, _) => match (&**a, &**b) {
            (t, Code::Const(Value::Duration(n))) | (Code::Const(Value::Duration(n)), t) => {
                let t = term(t, dated)?;
                Some(Term { days: t.days.checked_add(*n)?, ..t })
            }
            _ => None,
        },
        Code::Binary(BinaryOp::Sub, a, b, _) => match &**b {
            Code::Const(Value::Duration(n)) => {
                let t = term(a, dated)?;
                Some(Term { days: t.days.checked_sub(*n)?, ..t })
            }
            _ => None,
        },
        Code::Call(f @ (Builtin::AddMonths | Builtin::AddYears), args, _) => match &**args {
            [base, Code::Const(Value::Int(n))] => {
                let t = term(base, dated)?;
                let n = if *f == Builtin::AddYears { n.checked_mul(12)? } else { *n };
                // Months are added to a plain date only: `add_months(d + days(1), 2)` is not
                // `add_months(d, 2) + days(1)`.
                (t.days == 0 && t.months == 0 && t.var.is_some() && n != 0).then_some(Term { months: n, ..t })
            }
            _ => None,
        },
        _ => None,
    }
}

/// Where a date lies from a base date: between `least` and `most` days after it; `rolled` when
/// a calendar moved it.
struct Roll {
    base: Slot,
    least: i64,
    most: i64,
    rolled: bool,
}

/// The bounds of a date that a calendar function may move (`next_open_day(d)` lies from `d` to
/// `d` plus the calendar's longest closure), through conditionals whose branches are such dates
/// of one base or that base shifted by days (`c ? next_open_day(d) : d`, which a procedure writes
/// so that the calendar is asked only near its horizon's dates that matter).
fn roll(code: &Code, dated: &dyn Fn(Slot) -> Option<Dated>) -> Option<Roll> {
    match code {
        Code::OnCalendar(f @ (Builtin::NextOpenDay | Builtin::PreviousOpenDay), calendar, date, _) => {
            let Term { var: Some(base), days, months: 0 } = term(date, dated)? else { return None };
            let longest = i64::from(calendar.longest_closure());
            let (least, most) = if *f == Builtin::PreviousOpenDay { (-longest, 0) } else { (0, longest) };
            Some(Roll { base, least: days.checked_add(least)?, most: days.checked_add(most)?, rolled: true })
        }
        Code::Cond(_, t, e, _) => {
            let (a, b) = (roll(t, dated)?, roll(e, dated)?);
            (a.base == b.base).then(|| Roll {
                base: a.base,
                least: a.least.min(b.least),
                most: a.most.max(b.most),
                rolled: a.rolled || b.rolled,
            })
        }
        other => match term(other, dated)? {
            Term { var: Some(base), days, months: 0 } => Some(Roll { base, least: days, most: days, rolled: false }),
            _ => None,
        },
    }
}

/// The differences in days that `months` months can span from some date: every value
/// between the least and the most, over a whole cycle of leap years.
fn month_lengths(months: i64) -> std::ops::RangeInclusive<i64> {
    let start = jiff::civil::date(2000, 1, 1);
    let (mut least, mut most) = (i64::MAX, i64::MIN);
    for offset in 0..1461 {
        let Some(v) = start.checked_add(jiff::Span::new().days(offset)).ok().and_then(|d| span_of_months(d, months))
        else {
            continue;
        };
        least = least.min(v);
        most = most.max(v);
    }
    least..=most
}

/// The number of days from `date` to `months` months later (clamped to the month's end).
#[must_use]
pub fn span_of_months(date: jiff::civil::Date, months: i64) -> Option<i64> {
    let later = date.checked_add(jiff::Span::new().try_months(months).ok()?).ok()?;
    later.since((jiff::Unit::Day, date)).ok().map(|s| i64::from(s.get_days()))
}

/// A comparison of a plain date with a date some months after another, as the base variable,
/// the months, and for each number of days `f` the months may span, the difference `x - y op k`
/// it is when they span `f`.
type MonthsComparison = (Slot, i64, Vec<(Option<Slot>, Option<Slot>, i64)>);

fn by_months(l: &Code, r: &Code, dated: &dyn Fn(Slot) -> Option<Dated>) -> Option<MonthsComparison> {
    let (a, b) = (term(l, dated)?, term(r, dated)?);
    let differences = |base: Slot, months: i64, k: &dyn Fn(i64) -> Option<i64>, x, y| {
        let ks: Option<Vec<_>> = month_lengths(months).map(|f| k(f).map(|k| (x, y, k))).collect();
        ks.map(|d| (base, months, d))
    };
    match (a.months, b.months) {
        // add_months(x, n) + ka op y + kb  ⇔  x - y op kb - ka - f
        (n, 0) if n != 0 => {
            let base = a.var?;
            let k0 = b.days.checked_sub(a.days)?;
            differences(base, n, &|f| k0.checked_sub(f), a.var, b.var)
        }
        // y + ka op add_months(x, n) + kb  ⇔  y - x op kb - ka + f
        (0, n) if n != 0 => {
            let base = b.var?;
            let k0 = b.days.checked_sub(a.days)?;
            differences(base, n, &|f| k0.checked_add(f), a.var, b.var)
        }
        _ => None,
    }
}

/// A duration written as a difference of two dates plus days: `(x, y, k)` for `x - y + k`.
fn span_between(code: &Code, dated: &dyn Fn(Slot) -> Option<Dated>) -> Option<(Option<Slot>, Option<Slot>, i64)> {
    match code {
        Code::Binary(BinaryOp::Sub, a, b, _) => {
            let (x, y) = (term(a, dated)?, term(b, dated)?);
            if x.months != 0 || y.months != 0 {
                return None;
            }
            Some((x.var, y.var, x.days.checked_sub(y.days)?))
        }
        Code::Const(Value::Duration(n)) => Some((None, None, *n)),
        _ => None,
    }
}

/// The comparison as `x - y (≤|<|=) k`, and whether the comparison is its negation.
fn difference(op: BinaryOp, l: &Code, r: &Code, dated: &dyn Fn(Slot) -> Option<Dated>) -> Option<(Difference, bool)> {
    // Both sides as `x - y + k`: a date term is `x - (fixed day) + k`.
    let side = |c: &Code| match term(c, dated) {
        Some(t) if t.months == 0 => Some((t.var, None, t.days)),
        Some(_) => None,
        None => span_between(c, dated),
    };
    let ((lx, ly, lk), (rx, ry, rk)) = (side(l)?, side(r)?);
    // lx - ly + lk op rx - ry + rk  ⇔  (lx + ry) - (ly + rx) op rk - lk: one variable on each
    // side at most, or it is not a difference.
    let plus: Vec<Slot> = [lx, ry].into_iter().flatten().collect();
    let minus: Vec<Slot> = [ly, rx].into_iter().flatten().collect();
    if plus.len() > 1 || minus.len() > 1 {
        return None;
    }
    let (x, y, k) = (plus.first().copied(), minus.first().copied(), rk.checked_sub(lk)?);
    // A constant on both sides folds away: nothing to enumerate.
    if x == y {
        return None;
    }
    normal(op, x, y, k)
}

/// `x - y op k` as a difference with `≤`, `<` or `=` and the variables in slot order, with
/// whether the original is its negation.
fn normal(op: BinaryOp, x: Option<Slot>, y: Option<Slot>, k: i64) -> Option<(Difference, bool)> {
    // Put the variables in order: y - x op' -k.
    let (x, y, k, op) =
        if x.map(|s| s.0) > y.map(|s| s.0) { (y, x, k.checked_neg()?, mirror(op)?) } else { (x, y, k, op) };
    let d = |op| Difference { x, y, op, k };
    Some(match op {
        BinaryOp::Le => (d(BinaryOp::Le), false),
        BinaryOp::Lt => (d(BinaryOp::Lt), false),
        BinaryOp::Eq => (d(BinaryOp::Eq), false),
        BinaryOp::Gt => (d(BinaryOp::Le), true),
        BinaryOp::Ge => (d(BinaryOp::Lt), true),
        BinaryOp::Ne => (d(BinaryOp::Eq), true),
        _ => return None,
    })
}

/// The relation with its sides swapped.
fn mirror(op: BinaryOp) -> Option<BinaryOp> {
    Some(match op {
        BinaryOp::Lt => BinaryOp::Gt,
        BinaryOp::Le => BinaryOp::Ge,
        BinaryOp::Gt => BinaryOp::Lt,
        BinaryOp::Ge => BinaryOp::Le,
        BinaryOp::Eq => BinaryOp::Eq,
        BinaryOp::Ne => BinaryOp::Ne,
        _ => return None,
    })
}

/// Whether the atoms can hold and fail as `truths` says (`(atom, holds)`), on whole days:
/// `Some(days)` with a day for each variable (`None` for the fixed day 1970-01-01 first, then
/// the variables in slot order) when they can, `None` when they cannot. Every atom must have a
/// difference. `bounds` add `lo ≤ v ≤ hi` (days since 1970-01-01) for a variable.
#[must_use]
pub fn feasible(
    truths: &[(&Difference, bool)],
    bounds: &[(Slot, Option<i64>, Option<i64>)],
) -> Option<Vec<(Option<Slot>, i64)>> {
    // Edges `y → x` of weight k for `x - y ≤ k`; an inequality `≠` splits into two cases.
    let mut edges: Vec<(Option<Slot>, Option<Slot>, i64)> = Vec::new();
    let mut splits: Vec<(Option<Slot>, Option<Slot>, i64)> = Vec::new();
    for (d, holds) in truths {
        let (x, y, k) = (d.x, d.y, d.k);
        match (d.op, holds) {
            (BinaryOp::Le, true) => edges.push((y, x, k)),
            (BinaryOp::Le, false) => edges.push((x, y, k.checked_add(1)?.checked_neg()?)),
            (BinaryOp::Lt, true) => edges.push((y, x, k.checked_sub(1)?)),
            (BinaryOp::Lt, false) => edges.push((x, y, k.checked_neg()?)),
            (BinaryOp::Eq, true) => {
                edges.push((y, x, k));
                edges.push((x, y, k.checked_neg()?));
            }
            (BinaryOp::Eq, false) => splits.push((x, y, k)),
            _ => return None,
        }
    }
    for (slot, lo, hi) in bounds {
        if let Some(lo) = lo {
            edges.push((Some(*slot), None, lo.checked_neg()?));
        }
        if let Some(hi) = hi {
            edges.push((None, Some(*slot), *hi));
        }
    }
    // Each `x - y ≠ k` is `x - y ≤ k - 1` or `x - y ≥ k + 1`: try the combinations (few).
    if splits.len() > 8 {
        return None;
    }
    for choice in 0u32..(1u32 << splits.len()) {
        let mut all = edges.clone();
        for (i, (x, y, k)) in splits.iter().enumerate() {
            if choice & (1 << i) == 0 {
                all.push((*y, *x, k.checked_sub(1)?));
            } else {
                all.push((*x, *y, k.checked_add(1)?.checked_neg()?));
            }
        }
        if let Some(days) = solve(&all) {
            return Some(days);
        }
    }
    None
}

/// Bellman-Ford from a virtual source joined to every node by weight 0: the distances solve
/// the constraints, unless a negative cycle shows there is no solution.
fn solve(edges: &[(Option<Slot>, Option<Slot>, i64)]) -> Option<Vec<(Option<Slot>, i64)>> {
    let mut nodes: Vec<Option<Slot>> = vec![None];
    for (a, b, _) in edges {
        for n in [a, b] {
            if !nodes.contains(n) {
                nodes.push(*n);
            }
        }
    }
    let mut dist: Vec<i64> = vec![0; nodes.len()];
    let at = |n: &Option<Slot>| nodes.iter().position(|m| m == n);
    for round in 0..=nodes.len() {
        let mut changed = false;
        for (from, to, w) in edges {
            let (Some(f), Some(t)) = (at(from), at(to)) else { continue };
            let (Some(df), Some(dt)) = (dist.get(f).copied(), dist.get(t).copied()) else { continue };
            let candidate = df.saturating_add(*w);
            if candidate < dt {
                if let Some(d) = dist.get_mut(t) {
                    *d = candidate;
                }
                changed = true;
            }
        }
        if !changed {
            // Shift so that the fixed day is day 0.
            let origin = dist.first().copied().unwrap_or(0);
            return Some(nodes.iter().zip(&dist).map(|(n, d)| (*n, d.saturating_sub(origin))).collect());
        }
        if round == nodes.len() {
            return None;
        }
    }
    None
}

/// The day `days` after 1970-01-01.
#[must_use]
pub fn day(days: i64) -> Option<jiff::civil::Date> {
    jiff::civil::date(1970, 1, 1).checked_add(jiff::Span::new().try_days(days).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Env, Limits, Type, compile};

    fn atoms_of(text: &str) -> (DateAtoms, Slot, Slot) {
        let mut env = Env::new();
        let a = env.declare("a", Type::Date).unwrap();
        let b = env.declare("b", Type::Date).unwrap();
        let p = compile(text, 0, &env, &Limits::DEFAULT).unwrap();
        let mut atoms = DateAtoms::new(env.len());
        let dated = |s: Slot| (s == a || s == b).then_some(Dated::Variable);
        atoms.collect(&p, &dated);
        (atoms, a, b)
    }

    #[test]
    fn a_comparison_and_its_negation_are_one_atom() {
        let (atoms, _, _) = atoms_of("a > b + days(14) || a <= b + days(14)");
        assert_eq!(atoms.atoms().len(), 1);
    }

    #[test]
    fn contradictory_atoms_are_infeasible_and_consistent_ones_get_days() {
        // `a > b + days(14)` is the negation of `a - b ≤ 14`; `a - b <= days(10)` is `a - b ≤ 10`.
        let (atoms, a, b) = atoms_of("a > b + days(14) && a - b <= days(10)");
        let ds: Vec<&Difference> = atoms.atoms().iter().filter_map(|x| x.difference.as_ref()).collect();
        assert_eq!(ds.len(), 2);
        assert_eq!((ds[0].op, ds[0].k, ds[1].op, ds[1].k), (BinaryOp::Le, 14, BinaryOp::Le, 10));
        // a - b > 14 and a - b ≤ 10 cannot both hold.
        assert!(feasible(&[(ds[0], false), (ds[1], true)], &[]).is_none());
        // a - b ≤ 14 but not ≤ 10 can: the days found are 11 to 14 apart.
        let days = feasible(&[(ds[0], true), (ds[1], false)], &[]).unwrap();
        let day_of = |s| days.iter().find(|(x, _)| *x == Some(s)).unwrap().1;
        assert!((11..=14).contains(&(day_of(a) - day_of(b))), "{days:?}");
    }

    #[test]
    fn months_are_refined_by_the_days_they_can_span() {
        let mut env = Env::new();
        let expiry = env.declare("expiry", Type::Date).unwrap();
        let today = env.declare("today", Type::Date).unwrap();
        let p = compile("today < add_months(expiry, -3)", 0, &env, &Limits::DEFAULT).unwrap();
        let mut atoms = DateAtoms::new(env.len());
        let dated = |s: Slot| (s == expiry || s == today).then_some(Dated::Variable);
        atoms.collect(&p, &dated);
        let months: Vec<_> = atoms.atoms().iter().filter_map(|a| a.months).collect();
        assert_eq!(months, vec![(expiry, -3)]);
        // Three months back span 89 to 92 days: one difference for each.
        assert_eq!(atoms.atoms().iter().filter(|a| a.difference.is_some()).count(), 4);
        assert_eq!(month_lengths(-3), -92..=-89);
        assert_eq!(month_lengths(12), 365..=366);
    }

    #[test]
    fn a_constant_date_is_a_difference_with_the_fixed_day() {
        let (atoms, a, _) = atoms_of(r#"a >= date("2025-03-03")"#);
        let d = atoms.atoms()[0].difference.unwrap();
        assert!(d.x.is_none() || d.y.is_none());
        let solution = feasible(&[(&d, false)], &[]).unwrap();
        let day_a = solution.iter().find(|(s, _)| *s == Some(a)).unwrap().1;
        assert!(day(day_a).unwrap() < jiff::civil::date(2025, 3, 3));
    }
}
