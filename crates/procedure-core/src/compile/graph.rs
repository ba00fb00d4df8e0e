//! Checks on the shape of the decision graph: every node reachable, no cycle, every path
//! ending in an outcome. petgraph does the graph work; nothing of it leaves this module.

use petgraph::algo::{kosaraju_scc, toposort};
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::{Dfs, Reversed};

use crate::Code;
use crate::diagnostic::{Diagnostic, MAX_LABELS};
use crate::model::{NodeKind, Procedure};

/// Builds the graph of `procedure`, one petgraph node per procedure node, in the same order.
fn build(procedure: &Procedure) -> DiGraph<usize, ()> {
    let mut graph = DiGraph::with_capacity(procedure.nodes.len(), procedure.nodes.len());
    let indices: Vec<NodeIndex> = (0..procedure.nodes.len()).map(|i| graph.add_node(i)).collect();
    for (i, from) in indices.iter().enumerate() {
        for (to, _) in procedure.successors(i) {
            if let Some(to) = indices.get(to) {
                graph.update_edge(*from, *to, ());
            }
        }
    }
    graph
}

/// Reports unreachable nodes, cycles, and nodes from which no outcome can be reached.
pub(crate) fn check(procedure: &Procedure, diagnostics: &mut Vec<Diagnostic>) {
    let graph = build(procedure);
    let node = |i: usize| procedure.nodes.get(i);

    let mut reachable = vec![false; procedure.nodes.len()];
    let mut dfs = Dfs::new(&graph, NodeIndex::new(procedure.start));
    while let Some(n) = dfs.next(&graph) {
        if let Some(r) = reachable.get_mut(n.index()) {
            *r = true;
        }
    }
    for (i, seen) in reachable.iter().enumerate() {
        if let (false, Some(n)) = (seen, node(i)) {
            diagnostics.push(
                Diagnostic::error(
                    Code::CheckUnreachableNode,
                    format!("`{}` cannot be reached from the start", n.id),
                    n.span,
                    "unreachable",
                )
                .with_help(format!(
                    "lead to it from another step or table, or remove it; evaluation starts at `{}`",
                    node(procedure.start).map_or("", |s| s.id.as_str())
                )),
            );
        }
    }

    let mut in_cycle = vec![false; procedure.nodes.len()];
    // Kosaraju rather than Tarjan: petgraph's Tarjan recurses once per node of a chain.
    for scc in kosaraju_scc(&graph) {
        let self_loop = scc.len() == 1 && scc.first().is_some_and(|&n| graph.contains_edge(n, n));
        if scc.len() < 2 && !self_loop {
            continue;
        }
        let mut members: Vec<usize> = scc.iter().map(|n| n.index()).collect();
        members.sort_unstable();
        for &m in &members {
            if let Some(c) = in_cycle.get_mut(m) {
                *c = true;
            }
        }
        let nodes: Vec<_> = members.iter().filter_map(|&i| node(i)).collect();
        let shown = nodes.get(..MAX_LABELS).unwrap_or(&nodes);
        let ids = shown.iter().map(|n| format!("`{}`", n.id)).collect::<Vec<_>>().join(", ");
        let more = nodes.len() - shown.len();
        let message = if more == 0 {
            format!("the steps {ids} lead back to each other")
        } else {
            format!("the steps {ids} and {more} more lead back to each other")
        };
        let mut labels = shown.iter().map(|n| (n.span, "in the cycle".to_owned()));
        let Some((span, label)) = labels.next() else { continue };
        let mut d = Diagnostic::error(Code::CheckCycle, message, span, label)
            .with_help("a procedure is a directed acyclic graph: every path must move towards an outcome");
        d.labels.extend(labels);
        diagnostics.push(d);
    }

    // Walk backwards from every outcome: a node never met has no path to an end.
    let mut finishes = vec![false; procedure.nodes.len()];
    let reversed = Reversed(&graph);
    for (i, n) in procedure.nodes.iter().enumerate() {
        if matches!(n.kind, NodeKind::Outcome(_)) {
            let mut dfs = Dfs::new(reversed, NodeIndex::new(i));
            while let Some(m) = dfs.next(reversed) {
                if let Some(f) = finishes.get_mut(m.index()) {
                    *f = true;
                }
            }
        }
    }
    for (i, done) in finishes.iter().enumerate() {
        let cyclic = in_cycle.get(i).copied().unwrap_or(false);
        if let (false, false, Some(n)) = (done, cyclic, node(i)) {
            diagnostics.push(
                Diagnostic::error(
                    Code::CheckDeadEnd,
                    format!("no path from `{}` reaches an outcome", n.id),
                    n.span,
                    "dead end",
                )
                .with_help("every step and table must lead, through `next`, `to` or `default`, to an outcome"),
            );
        }
    }
}

/// An order of `0..deps.len()` in which every item comes after the items it depends on
/// (`deps[i]` lists what `i` depends on), or the members of a cycle.
pub(crate) fn topological(deps: &[Vec<usize>]) -> Result<Vec<usize>, Vec<usize>> {
    let mut graph: DiGraph<usize, ()> = DiGraph::with_capacity(deps.len(), deps.len());
    let indices: Vec<NodeIndex> = (0..deps.len()).map(|i| graph.add_node(i)).collect();
    for (i, ds) in deps.iter().enumerate() {
        for &d in ds {
            if let (Some(&from), Some(&to)) = (indices.get(d), indices.get(i)) {
                graph.update_edge(from, to, ());
            }
        }
    }
    match toposort(&graph, None) {
        Ok(order) => Ok(order.into_iter().map(|n| n.index()).collect()),
        Err(cycle) => {
            let at = cycle.node_id();
            let members = kosaraju_scc(&graph)
                .into_iter()
                .find(|scc| scc.contains(&at))
                .map(|scc| {
                    let mut m: Vec<usize> = scc.into_iter().map(|n| n.index()).collect();
                    m.sort_unstable();
                    m
                })
                .unwrap_or_else(|| vec![at.index()]);
            Err(members)
        }
    }
}
