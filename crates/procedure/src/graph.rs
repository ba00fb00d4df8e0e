//! The decision graph as Mermaid (renders on GitHub) or Graphviz DOT: nodes labelled with their
//! titles, edges with their guards, outcomes styled apart.

use std::fmt::Write as _;

use procedure_core::{NodeKind, Procedure, Text};
use procedure_syntax::OutcomeKind;

/// One node's label and shape, and its outgoing edges with their labels.
struct Shape<'p> {
    label: String,
    kind: &'static str,
    edges: Vec<(usize, &'p str)>,
}

fn shapes<'p>(procedure: &'p Procedure, language: &str) -> Vec<Shape<'p>> {
    let text = |t: &Text| t.get(language).map_or_else(String::new, |(s, _)| s.to_owned());
    procedure
        .nodes
        .iter()
        .map(|node| match &node.kind {
            NodeKind::Step(step) => Shape {
                // A call is part of the step: the label names the procedure it follows.
                label: match &step.call {
                    Some(call) => format!("{} ⤷ {}", text(&step.title), call.path),
                    None => text(&step.title),
                },
                kind: "step",
                edges: step.next.iter().map(|b| (b.to, b.label.as_str())).collect(),
            },
            NodeKind::Table(table) => Shape {
                label: table.title.as_ref().map_or_else(|| node.id.clone(), text),
                kind: "table",
                edges: table
                    .rows
                    .iter()
                    .filter_map(|r| r.to.map(|t| (t, r.label.as_str())))
                    .chain(
                        table
                            .otherwise
                            .map(|t| (t, if table.rows.iter().any(|r| r.to.is_some()) { "default" } else { "" })),
                    )
                    .collect(),
            },
            NodeKind::Outcome(outcome) => Shape {
                label: text(&outcome.title),
                kind: match outcome.kind {
                    OutcomeKind::Done => "done",
                    OutcomeKind::Redirect => "redirect",
                    OutcomeKind::CannotProceed => "cannot_proceed",
                },
                edges: Vec::new(),
            },
        })
        .collect()
}

/// The graph as a Mermaid flowchart.
pub fn mermaid(procedure: &Procedure, language: &str) -> String {
    // Mermaid reads `"` as the end of a label, and its entity codes (`#quot;`) come out garbled
    // in edge labels; CEL strings may use single quotes, so a guard reads the same with them.
    let escape = |s: &str| s.replace('"', "'").replace('\n', " ");
    let mut out = String::from("flowchart TD\n");
    let shapes = shapes(procedure, language);
    for (i, shape) in shapes.iter().enumerate() {
        let label = escape(&shape.label);
        let node = match shape.kind {
            "step" => format!("  n{i}[\"{label}\"]"),
            "table" => format!("  n{i}{{\"{label}\"}}"),
            _ => format!("  n{i}([\"{label}\"]):::{}", shape.kind),
        };
        let _ = writeln!(out, "{node}");
    }
    let _ = writeln!(out, "  start((start)) --> n{}", procedure.start);
    for (i, shape) in shapes.iter().enumerate() {
        for (to, label) in &shape.edges {
            if label.is_empty() {
                let _ = writeln!(out, "  n{i} --> n{to}");
            } else {
                let _ = writeln!(out, "  n{i} -->|\"{}\"| n{to}", escape(label));
            }
        }
    }
    out.push_str("  classDef done fill:#d4edda,stroke:#2e7d32\n");
    out.push_str("  classDef redirect fill:#fff3cd,stroke:#b8860b\n");
    out.push_str("  classDef cannot_proceed fill:#f8d7da,stroke:#b71c1c\n");
    out
}

/// The graph in Graphviz DOT.
pub fn dot(procedure: &Procedure, language: &str) -> String {
    let escape = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
    let mut out = format!("digraph \"{}\" {{\n", escape(&procedure.id));
    out.push_str("  rankdir=TB;\n  node [shape=box, style=rounded, fontname=\"sans-serif\"];\n  edge [fontname=\"sans-serif\", fontsize=10];\n");
    let shapes = shapes(procedure, language);
    for (i, shape) in shapes.iter().enumerate() {
        let style = match shape.kind {
            "step" => "",
            "table" => ", shape=diamond, style=\"\"",
            "done" => ", shape=ellipse, style=filled, fillcolor=\"#d4edda\"",
            "redirect" => ", shape=ellipse, style=filled, fillcolor=\"#fff3cd\"",
            _ => ", shape=ellipse, style=filled, fillcolor=\"#f8d7da\"",
        };
        let _ = writeln!(out, "  n{i} [label=\"{}\"{style}];", escape(&shape.label));
    }
    let _ = writeln!(out, "  start [label=\"start\", shape=circle];\n  start -> n{};", procedure.start);
    for (i, shape) in shapes.iter().enumerate() {
        for (to, label) in &shape.edges {
            if label.is_empty() {
                let _ = writeln!(out, "  n{i} -> n{to};");
            } else {
                let _ = writeln!(out, "  n{i} -> n{to} [label=\"{}\"];", escape(label));
            }
        }
    }
    out.push_str("}\n");
    out
}
