//! Inputs asked only when each other is known.
//!
//! An input whose `ask_when` reads itself, or reads an input that is in turn asked only
//! when the first is known, can never be asked: evaluation would ask for the facts its
//! condition waits on, forever. Such a cycle is found here, through derived values too.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use procedure_expr::Slot;

use crate::Code;
use crate::diagnostic::Diagnostic;
use crate::model;

/// An input an `ask_when` waits on, and the derived value it is read through, if any.
type Edge = (usize, Option<String>);

/// Reports every cycle of inputs whose `ask_when` read each other, directly or through
/// `lets` (given in dependency order, each after the values it reads).
pub(crate) fn check(inputs: &[model::Input], lets: &[model::Let], diagnostics: &mut Vec<Diagnostic>) {
    let edges = edges(inputs, lets);
    for cycle in cycles(&edges) {
        diagnostics.extend(diagnostic(inputs, &cycle));
    }
}

/// For each input, the inputs its `ask_when` waits on.
fn edges(inputs: &[model::Input], lets: &[model::Let]) -> Vec<Vec<Edge>> {
    let input_at: HashMap<Slot, usize> = inputs.iter().enumerate().map(|(i, input)| (input.slot, i)).collect();
    // The inputs each derived value reads, through the derived values it reads: those come
    // first in `lets`, so one pass suffices.
    let mut let_reads: HashMap<Slot, BTreeSet<usize>> = HashMap::new();
    for l in lets {
        let mut reads = BTreeSet::new();
        for slot in l.program.reads().iter() {
            if let Some(&i) = input_at.get(&slot) {
                reads.insert(i);
            } else if let Some(inner) = let_reads.get(&slot) {
                reads.extend(inner.iter().copied());
            }
        }
        let_reads.insert(l.slot, reads);
    }
    let let_ids: HashMap<Slot, &str> = lets.iter().map(|l| (l.slot, l.id.as_str())).collect();
    inputs
        .iter()
        .map(|input| {
            let mut out: BTreeMap<usize, Option<String>> = BTreeMap::new();
            let Some(when) = &input.ask_when else { return Vec::new() };
            for slot in when.reads().iter() {
                if let Some(&i) = input_at.get(&slot) {
                    out.insert(i, None);
                } else if let Some(reads) = let_reads.get(&slot) {
                    let via = let_ids.get(&slot).map(|id| (*id).to_owned());
                    for &i in reads {
                        out.entry(i).or_insert_with(|| via.clone());
                    }
                }
            }
            out.into_iter().collect()
        })
        .collect()
}

/// The cycles that a depth-first search meets, each as its edges in order, starting at its
/// first input in file order. Iterative, so that a long chain of inputs costs no stack.
fn cycles(edges: &[Vec<Edge>]) -> Vec<Vec<Edge>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut marks = vec![Mark::New; edges.len()];
    let mut found = Vec::new();
    for root in 0..edges.len() {
        if marks.get(root) != Some(&Mark::New) {
            continue;
        }
        // The open path: each input with the index of its next edge to follow, and the edge
        // that led to it.
        let mut path: Vec<(usize, usize)> = vec![(root, 0)];
        let mut taken: Vec<Edge> = Vec::new();
        if let Some(m) = marks.get_mut(root) {
            *m = Mark::Open;
        }
        while let Some(&(node, next)) = path.last() {
            let Some(edge) = edges.get(node).and_then(|es| es.get(next)) else {
                if let Some(m) = marks.get_mut(node) {
                    *m = Mark::Done;
                }
                path.pop();
                taken.pop();
                continue;
            };
            if let Some(top) = path.last_mut() {
                top.1 += 1;
            }
            let to = edge.0;
            match marks.get(to) {
                Some(Mark::New) => {
                    if let Some(m) = marks.get_mut(to) {
                        *m = Mark::Open;
                    }
                    path.push((to, 0));
                    taken.push(edge.clone());
                }
                Some(Mark::Open) => {
                    let start = path.iter().position(|&(n, _)| n == to).unwrap_or(0);
                    // `taken[k]` is the edge from `path[k]` to `path[k + 1]`.
                    let mut cycle: Vec<Edge> = taken.get(start..).unwrap_or_default().to_vec();
                    cycle.push(edge.clone());
                    // Edge k leads from input k - 1 of the cycle, so the cycle's inputs are
                    // `to`, then every edge's target but the last.
                    let first = cycle.iter().map(|(i, _)| *i).min().unwrap_or(to);
                    let at = cycle.iter().position(|(i, _)| *i == first).unwrap_or(0);
                    let len = cycle.len().max(1);
                    cycle.rotate_left((at + 1) % len);
                    found.push(cycle);
                }
                _ => {}
            }
        }
    }
    found
}

/// The error for one cycle: `cycle[k]` is the edge from the input that `cycle[k - 1]` reaches
/// (the last edge reaches the first input).
fn diagnostic(inputs: &[model::Input], cycle: &[Edge]) -> Option<Diagnostic> {
    let (last, _) = cycle.last()?;
    let name = |i: usize| inputs.get(i).map_or("?", |input| input.id.as_str());
    let span = |i: usize| inputs.get(i).and_then(|input| input.ask_when.as_ref()).map(|p| p.span());
    let mut from = *last;
    let mut clauses = Vec::new();
    let mut labels = Vec::new();
    let mut path = vec![name(from).to_owned()];
    for (to, via) in cycle {
        let through = via.as_ref().map(|v| format!(" (through `{v}`)")).unwrap_or_default();
        let clause = if *to == from {
            format!("`{}` is asked only when `{}` itself is known{through}", name(from), name(*to))
        } else {
            format!("`{}` is asked only when `{}` is known{through}", name(from), name(*to))
        };
        labels.push((span(from), clause.clone()));
        clauses.push(clause);
        path.push(name(*to).to_owned());
        from = *to;
    }
    let mut message = String::new();
    for (k, (to, via)) in cycle.iter().enumerate() {
        let through = via.as_ref().map(|v| format!(" (through `{v}`)")).unwrap_or_default();
        match k {
            0 => message.push_str(clauses.first().map_or("", String::as_str)),
            _ => message.push_str(&format!(", which is asked only when `{}` is known{through}", name(*to))),
        }
    }
    message.push_str(&format!(": {}", path.join(" → ")));
    let mut labels = labels.into_iter();
    let (first_span, first_label) = labels.next()?;
    let mut d = Diagnostic::error(Code::CheckAskWhenCycle, message, first_span?, first_label)
        .with_help("a question cannot wait on its own answer: make one of these `ask_when` read only inputs that do not wait on its input");
    for (s, label) in labels {
        if let Some(s) = s {
            d = d.with_label(s, label);
        }
    }
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::{Edge, cycles};

    fn plain(targets: &[&[usize]]) -> Vec<Vec<Edge>> {
        targets.iter().map(|ts| ts.iter().map(|&t| (t, None)).collect()).collect()
    }

    fn targets(cycle: &[Edge]) -> Vec<usize> {
        cycle.iter().map(|(t, _)| *t).collect()
    }

    #[test]
    fn a_cycle_entered_late_starts_at_its_first_input() {
        // 0 → 2 → 1 → 2: the search enters the cycle at 2; the report reads 1 → 2 → 1.
        let found = cycles(&plain(&[&[2], &[2], &[1]]));
        assert_eq!(found.iter().map(|c| targets(c)).collect::<Vec<_>>(), vec![vec![2, 1]]);
    }

    #[test]
    fn shared_conditions_are_no_cycle() {
        // 0 and 1 both wait on 2, and 0 on 1: a diamond, no cycle.
        assert!(cycles(&plain(&[&[1, 2], &[2], &[]])).is_empty());
    }
}
