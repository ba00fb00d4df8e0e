//! `procedure coverage`: what a procedure's scenarios exercise (nodes, branch arms, table rows,
//! document requirements, deadlines, fees, warnings, outcomes, dated versions), and for each
//! item they miss, a situation that reaches it, found by the walk of
//! [`procedure_core::situations`], or why none does.

use std::collections::BTreeMap;

use jiff::civil::Date;
use procedure_core::situations::{self, Answer, Condition, Version, Visit};
use procedure_core::{Evaluation, NodeKind, Procedure, Validity};
use procedure_syntax::HitPolicy;
use serde::Serialize;

/// The coverage of a procedure by its scenarios (`procedure coverage --format json`).
#[derive(Clone, Debug, Serialize)]
pub struct Coverage {
    /// Scenario cases that could not be evaluated (their facts refused, an error in a rule).
    pub cases_failed: usize,
    /// Scenario cases run.
    pub cases_run: usize,
    /// Each kind of item with how many are covered.
    pub kinds: Vec<KindCoverage>,
    /// The procedure's id.
    pub procedure: String,
    /// The items no case reaches, each with a situation that does, or why none does.
    pub uncovered: Vec<Uncovered>,
}

/// How many items of one kind are covered.
#[derive(Clone, Debug, Serialize)]
pub struct KindCoverage {
    /// Covered items.
    pub covered: usize,
    /// `nodes`, `branches`, `rows`, `documents`, `deadlines`, `deadline_warnings`, `fees`,
    /// `warnings`, `outcomes` or `dated_versions`.
    pub kind: &'static str,
    /// The percentage covered of the items some situation reaches (100 when there are none).
    pub percent: f64,
    /// All items.
    pub total: usize,
    /// Items no situation reaches, proven by a complete walk: left out of the percentage.
    pub unreachable: usize,
}

/// An item no case reaches.
#[derive(Clone, Debug, Serialize)]
pub struct Uncovered {
    /// The item, in words (`` branch `age >= 16` of `who` ``).
    pub item: String,
    /// Its kind.
    pub kind: &'static str,
    /// When no situation reaches it: why.
    pub unreachable: Option<String>,
    /// A situation that reaches it: the facts, and the dates.
    pub witness: Option<Witness>,
}

/// A situation that reaches an item, ready to paste into a scenario.
#[derive(Clone, Debug, Serialize)]
pub struct Witness {
    /// The date of the act whose rules apply.
    pub as_of: String,
    /// The conditions of its class.
    pub conditions: Vec<String>,
    /// The facts.
    pub facts: BTreeMap<String, serde_json::Value>,
    /// The date of evaluation.
    pub today: String,
}

/// The kinds that `--min` holds to its percentage: the decisions.
pub const DECISION_KINDS: [&str; 3] = ["branches", "rows", "outcomes"];

/// One thing a case can exercise.
struct Item {
    kind: &'static str,
    what: String,
    /// The dated version's validity, for an item that has one.
    valid: Option<Validity>,
    key: Key,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Key {
    Node(usize),
    Branch(usize, usize),
    Row(usize, usize),
    Default(usize),
    Document(usize, usize),
    Deadline(*const procedure_core::Deadline),
    Fee(*const procedure_core::Fee),
    Warning(*const procedure_core::Warning),
}

/// Every item of `procedure`.
fn items(procedure: &Procedure) -> Vec<Item> {
    let mut out = Vec::new();
    let dated = |v: &Validity| (v.from.is_some() || v.until.is_some()).then_some(*v);
    for (n, node) in procedure.nodes.iter().enumerate() {
        let id = &node.id;
        match &node.kind {
            NodeKind::Outcome(_) => {
                out.push(Item { kind: "outcomes", what: format!("outcome `{id}`"), valid: None, key: Key::Node(n) });
            }
            NodeKind::Step(step) => {
                out.push(Item { kind: "nodes", what: format!("step `{id}`"), valid: None, key: Key::Node(n) });
                if step.next.len() > 1 || step.next.iter().any(|b| b.when.is_some()) {
                    for (i, b) in step.next.iter().enumerate() {
                        out.push(Item {
                            kind: "branches",
                            what: format!("branch `{}` of `{id}`", b.label),
                            valid: dated(&b.valid),
                            key: Key::Branch(n, i),
                        });
                    }
                }
                for r in step.obtain.iter().chain(&step.bring) {
                    let doc = procedure.documents.get(r.document).map_or("?", |d| d.id.as_str());
                    out.push(Item {
                        kind: "documents",
                        what: format!("document `{doc}` at `{id}`"),
                        valid: dated(&r.valid),
                        key: Key::Document(n, r.document),
                    });
                }
                for d in &step.deadlines {
                    out.push(Item {
                        kind: "deadlines",
                        what: format!("deadline `{}`", d.id),
                        valid: dated(&d.valid),
                        key: Key::Deadline(d),
                    });
                    for (event, w) in &d.warnings {
                        out.push(Item {
                            kind: "deadline_warnings",
                            what: format!(
                                "warning `{}` ({}) of deadline `{}`",
                                w.id,
                                snake(&format!("{event:?}")),
                                d.id
                            ),
                            valid: dated(&w.valid),
                            key: Key::Warning(w),
                        });
                    }
                }
                for f in &step.fees {
                    out.push(Item {
                        kind: "fees",
                        what: format!("fee `{}`", f.id),
                        valid: dated(&f.valid),
                        key: Key::Fee(f),
                    });
                }
                for w in &step.warnings {
                    out.push(Item {
                        kind: "warnings",
                        what: format!("warning `{}`", w.id),
                        valid: dated(&w.valid),
                        key: Key::Warning(w),
                    });
                }
            }
            NodeKind::Table(table) => {
                out.push(Item { kind: "nodes", what: format!("table `{id}`"), valid: None, key: Key::Node(n) });
                // A `collect` table's rows gather, they do not route.
                let routes = table.hit != HitPolicy::Collect;
                for (r, row) in table.rows.iter().enumerate() {
                    if routes {
                        out.push(Item {
                            kind: "rows",
                            what: format!("row `{}` of `{id}`", row.label),
                            valid: None,
                            key: Key::Row(n, r),
                        });
                    }
                    for w in &row.warnings {
                        out.push(Item {
                            kind: "warnings",
                            what: format!("warning `{}`", w.id),
                            valid: dated(&w.valid),
                            key: Key::Warning(w),
                        });
                    }
                }
                if routes && table.otherwise.is_some() {
                    out.push(Item {
                        kind: "rows",
                        what: format!("`default` of `{id}`"),
                        valid: None,
                        key: Key::Default(n),
                    });
                }
            }
        }
    }
    let versions: Vec<Item> = out
        .iter()
        .filter(|i| i.valid.is_some())
        .map(|i| Item {
            kind: "dated_versions",
            what: format!("{} ({})", i.what, period(i.valid)),
            valid: i.valid,
            key: i.key,
        })
        .collect();
    out.extend(versions);
    out
}

/// `LastDay` as `last_day`.
fn snake(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(c.to_lowercase());
    }
    out
}

fn period(valid: Option<Validity>) -> String {
    match valid {
        Some(Validity { from: Some(f), until: Some(u) }) => format!("from {f} until {u}"),
        Some(Validity { from: Some(f), until: None }) => format!("from {f}"),
        Some(Validity { from: None, until: Some(u) }) => format!("until {u}"),
        _ => "always".into(),
    }
}

/// Marks in `covered` the items `evaluation` exercises.
fn mark(procedure: &Procedure, items: &[Item], evaluation: &Evaluation<'_>, mut hit: impl FnMut(usize)) {
    let index = |node: &procedure_core::Node| procedure.nodes.iter().position(|n| std::ptr::eq(n, node));
    // The nodes of this procedure, in order: a sub-procedure's nodes between a step and where
    // its branch leads are left out.
    let path: Vec<(Option<usize>, &str)> =
        evaluation.path.iter().filter_map(|p| index(p.node).map(|i| (Some(i), p.why))).collect();
    for (i, item) in items.iter().enumerate() {
        let covered = match item.key {
            Key::Node(n) => path.iter().any(|(m, _)| *m == Some(n)),
            Key::Branch(n, b) => {
                let Some(NodeKind::Step(step)) = procedure.nodes.get(n).map(|n| &n.kind) else { continue };
                let Some(branch) = step.next.get(b) else { continue };
                // The arm taken: the first in force with this label and target after the step.
                let first = step
                    .next
                    .iter()
                    .position(|x| x.label == branch.label && x.to == branch.to && x.valid.in_force(evaluation.as_of));
                first == Some(b)
                    && path.windows(2).any(|w| {
                        matches!(w, [(Some(from), _), (Some(to), why)] if *from == n && *to == branch.to && *why == branch.label)
                    })
            }
            Key::Row(n, r) => {
                let Some(NodeKind::Table(table)) = procedure.nodes.get(n).map(|n| &n.kind) else { continue };
                let Some(row) = table.rows.get(r) else { continue };
                path.windows(2).any(
                    |w| matches!(w, [(Some(from), _), (to, why)] if *from == n && *to == row.to && *why == row.label),
                )
            }
            Key::Default(n) => {
                path.windows(2).any(|w| matches!(w, [(Some(from), _), (_, why)] if *from == n && *why == "default"))
            }
            Key::Document(n, d) => evaluation.documents.iter().any(|item| {
                std::ptr::eq(item.document, procedure.documents.get(d).map_or(std::ptr::null(), |x| x as *const _))
                    && [item.obtain_at, item.bring_to].iter().flatten().any(|node| index(node) == Some(n))
            }),
            Key::Deadline(d) => evaluation.deadlines.iter().any(|x| std::ptr::eq(x.deadline, d)),
            Key::Fee(f) => evaluation.fees.iter().any(|x| std::ptr::eq(x.fee, f)),
            Key::Warning(w) => evaluation.warnings.iter().any(|x| std::ptr::eq(x.warning, w)),
        };
        if covered {
            hit(i);
        }
    }
}

/// The cases of a scenario file that are meant to be evaluated, with their dates and facts.
///
/// A case that expects to be refused (`errors:`) exercises no decision, and one whose dates do
/// not parse is the scenario checker's to report, so neither is a case here.
pub fn scenario_cases(scenarios: &procedure_syntax::Scenarios) -> Vec<(Date, Date, Vec<procedure_core::Fact>)> {
    let date = |text: &str| procedure_expr::parse_date(text).ok();
    scenarios
        .cases
        .iter()
        .map(|case| &case.value)
        .filter(|case| case.expect.as_ref().is_none_or(|e| e.value.errors.is_empty()))
        .filter_map(|case| {
            let today = date(&case.today.value)?;
            let as_of = match &case.as_of {
                None => today,
                Some(a) => date(&a.value)?,
            };
            Some((today, as_of, procedure_core::scenario_facts(&case.facts)))
        })
        .collect()
}

/// One scenario case: its dates and facts, bound and evaluated; `None` when it fails.
pub struct Case<'a> {
    /// The date of evaluation.
    pub today: Date,
    /// The date of the act.
    pub as_of: Date,
    /// The facts, as a scenario gives them.
    pub facts: &'a [procedure_core::Fact],
}

/// The coverage of `procedure` by `cases`; every item they miss is looked for with the walk of
/// the situations on `today`, with the rules of `today` and of each date a dated version
/// starts or ends.
#[must_use]
pub fn coverage(procedure: &Procedure, cases: &[Case<'_>], today: Date) -> Coverage {
    let items = items(procedure);
    let mut covered = vec![false; items.len()];
    let mut failed = 0;
    for case in cases {
        let evaluation = procedure_core::bind(procedure, case.facts)
            .ok()
            .and_then(|facts| procedure_core::evaluate_as_of(procedure, &facts, case.today, case.as_of).ok());
        match evaluation {
            Some(e) => mark(procedure, &items, &e, |i| {
                if let Some(c) = covered.get_mut(i) {
                    *c = true;
                }
            }),
            None => failed += 1,
        }
    }
    // The dates whose rules may differ: today, and where a dated version starts or ends.
    let mut dates = vec![today];
    for item in &items {
        if let Some(v) = item.valid {
            dates.extend(v.from);
            dates.extend(v.until);
        }
    }
    dates.sort();
    dates.dedup();
    let mut witnesses: Vec<Option<Witness>> = vec![None; items.len()];
    let mut complete = true;
    let mut by_offset = false;
    for as_of in dates {
        if covered.iter().zip(&witnesses).all(|(c, w)| *c || w.is_some()) {
            break;
        }
        let mut finder =
            Finder { procedure, items: &items, covered: &covered, witnesses: &mut witnesses, today, as_of };
        let partition = situations::partition(&[Version { procedure, as_of }], today, &mut finder);
        complete &= partition.complete;
        by_offset |= !partition.by_offset.is_empty();
    }
    // Dates placed by offsets see a calendar's closed days only on the dates tried: what a
    // deadline shows is then not proven out of reach.
    let proven = |item: &Item| complete && !(by_offset && matches!(item.kind, "deadlines" | "deadline_warnings"));
    let mut kinds: Vec<KindCoverage> = Vec::new();
    for item in &items {
        if !kinds.iter().any(|k| k.kind == item.kind) {
            kinds.push(KindCoverage { covered: 0, kind: item.kind, percent: 100.0, total: 0, unreachable: 0 });
        }
    }
    for kind in ["nodes", "branches", "rows", "outcomes"] {
        if !kinds.iter().any(|k| k.kind == kind) {
            kinds.push(KindCoverage { covered: 0, kind, percent: 100.0, total: 0, unreachable: 0 });
        }
    }
    for ((item, c), w) in items.iter().zip(&covered).zip(&witnesses) {
        if let Some(k) = kinds.iter_mut().find(|k| k.kind == item.kind) {
            k.total += 1;
            k.covered += usize::from(*c);
            k.unreachable += usize::from(proven(item) && !*c && w.is_none());
        }
    }
    for k in &mut kinds {
        let reachable = k.total - k.unreachable;
        if reachable > 0 {
            // Counts of a procedure's items are far below 2^52: exact as floats.
            #[allow(clippy::cast_precision_loss, reason = "item counts are small")]
            let percent = (k.covered as f64) * 100.0 / (reachable as f64);
            k.percent = (percent * 10.0).round() / 10.0;
        }
    }
    let order = [
        "nodes",
        "branches",
        "rows",
        "outcomes",
        "documents",
        "deadlines",
        "deadline_warnings",
        "fees",
        "warnings",
        "dated_versions",
    ];
    kinds.sort_by_key(|k| order.iter().position(|o| *o == k.kind));
    let uncovered = items
        .iter()
        .zip(&covered)
        .zip(witnesses)
        .filter(|((_, c), _)| !**c)
        .map(|((item, _), witness)| Uncovered {
            item: item.what.clone(),
            kind: item.kind,
            unreachable: witness.is_none().then(|| {
                if proven(item) {
                    "unreachable: no class of situations reaches it (every class was tried, with the rules of today and of each date a dated version starts or ends); a constraint or an earlier branch may rule it out".to_owned()
                } else if complete {
                    "no situation found: dates are placed by the offsets the procedure writes, so a calendar's closed days are seen only on the dates tried; write a scenario with a date that falls on one".to_owned()
                } else {
                    "no situation found: the walk of the situations was not complete (sampled, or inputs at sample values)".to_owned()
                }
            }),
            witness,
        })
        .collect();
    Coverage { cases_failed: failed, cases_run: cases.len(), kinds, procedure: procedure.id.clone(), uncovered }
}

/// Records, for each item not covered, the first class that reaches it.
struct Finder<'a, 'p> {
    procedure: &'p Procedure,
    items: &'a [Item],
    covered: &'a [bool],
    witnesses: &'a mut Vec<Option<Witness>>,
    today: Date,
    as_of: Date,
}

impl<'p> Visit<'p> for Finder<'_, 'p> {
    fn class(&mut self, conditions: &[Condition], answers: &[Answer<'_, 'p>]) {
        let Some(Answer::Evaluated(evaluation)) = answers.first() else { return };
        let (today, as_of) = (self.today, self.as_of);
        let covered = self.covered;
        let witnesses = &mut *self.witnesses;
        mark(self.procedure, self.items, evaluation, |i| {
            if covered.get(i).copied() == Some(false)
                && let Some(w @ None) = witnesses.get_mut(i)
            {
                *w = Some(Witness {
                    as_of: as_of.to_string(),
                    conditions: conditions.iter().map(|c| crate::diff::describe(c, today)).collect(),
                    facts: conditions.iter().map(|c| (c.input.clone(), crate::diff::fact(&c.value))).collect(),
                    today: today.to_string(),
                });
            }
        });
    }

    fn restart(&mut self) {}
}

/// The coverage as text: one line per kind, then each item no case reaches with a situation
/// that does.
#[must_use]
pub fn text(coverage: &Coverage) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "coverage of `{}` by {} case(s){}",
        coverage.procedure,
        coverage.cases_run,
        if coverage.cases_failed > 0 {
            format!(" ({} could not be evaluated)", coverage.cases_failed)
        } else {
            String::new()
        }
    );
    for k in &coverage.kinds {
        let unreachable = if k.unreachable > 0 { format!(" ({} unreachable)", k.unreachable) } else { String::new() };
        let _ = writeln!(out, "  {:<18} {:>4}/{:<4} {:>5.1}%{unreachable}", k.kind, k.covered, k.total, k.percent);
    }
    if coverage.uncovered.is_empty() {
        out.push_str("every item is covered\n");
        return out;
    }
    out.push_str("\nuncovered:\n");
    for u in &coverage.uncovered {
        let _ = writeln!(out, "  {}", u.item);
        if let Some(w) = &u.witness {
            let when = if w.conditions.is_empty() { "every situation".to_owned() } else { w.conditions.join(" ∧ ") };
            let _ = writeln!(out, "    reached when {when}");
            let facts: Vec<String> = w.facts.iter().map(|(k, v)| format!("{k}: {v}")).collect();
            let dates = if w.as_of == w.today {
                format!("today: \"{}\"", w.today)
            } else {
                format!("today: \"{}\", as_of: \"{}\"", w.today, w.as_of)
            };
            let _ = writeln!(out, "    {dates}, facts: {{{}}}", facts.join(", "));
        }
        if let Some(why) = &u.unreachable {
            let _ = writeln!(out, "    {why}");
        }
    }
    out
}

/// The decision kinds below `min` percent, with their percentage.
#[must_use]
pub fn below(coverage: &Coverage, min: f64) -> Vec<(&'static str, f64)> {
    coverage
        .kinds
        .iter()
        .filter(|k| DECISION_KINDS.contains(&k.kind) && k.percent < min)
        .map(|k| (k.kind, k.percent))
        .collect()
}
