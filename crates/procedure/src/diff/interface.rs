//! What two versions declare differently: inputs, their types and values, where they are
//! asked, and the ids of what an answer can hold.

use jiff::civil::Date;
use procedure_core::{NodeKind, Procedure};
use procedure_expr::Type;
use serde::Serialize;

/// The interface changes between two versions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Interface {
    /// Inputs whose `ask_when` is written differently.
    pub ask_when_changed: Vec<AskWhenChange>,
    /// Enum values the new version adds.
    pub enum_values_added: Vec<EnumValue>,
    /// Enum values the new version removes.
    pub enum_values_removed: Vec<EnumValue>,
    /// Ids the new version adds (in force on its date of the act).
    pub ids_added: Vec<Id>,
    /// Ids the new version removes.
    pub ids_removed: Vec<Id>,
    /// Inputs the new version adds.
    pub inputs_added: Vec<String>,
    /// Inputs the new version removes.
    pub inputs_removed: Vec<String>,
    /// Inputs whose type changed.
    pub inputs_retyped: Vec<Retyped>,
}

impl Interface {
    /// Whether nothing changed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self == &Interface::default()
    }
}

/// An input whose `ask_when` changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AskWhenChange {
    /// The input.
    pub input: String,
    /// The new condition (`null`: always asked).
    pub new: Option<String>,
    /// The old condition.
    pub old: Option<String>,
}

/// A value of an enum input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EnumValue {
    /// The input.
    pub input: String,
    /// The value.
    pub value: String,
}

/// An id of something an answer can hold.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Id {
    /// Its id.
    pub id: String,
    /// `document`, `deadline`, `fee`, `warning` or `outcome`.
    pub kind: &'static str,
}

/// An input whose type changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Retyped {
    /// The input.
    pub input: String,
    /// Its new type.
    pub new: String,
    /// Its old type.
    pub old: String,
}

/// One version, with its text (to quote its conditions) and its date of the act.
pub struct Side<'a> {
    /// The compiled procedure.
    pub procedure: &'a Procedure,
    /// Its source text.
    pub text: &'a str,
    /// The date whose rules apply.
    pub as_of: Date,
}

/// The interface changes from `old` to `new`.
#[must_use]
pub fn compare(old: &Side<'_>, new: &Side<'_>) -> Interface {
    let mut out = Interface::default();
    for o in &old.procedure.inputs {
        let Some(n) = new.procedure.inputs.iter().find(|n| n.id == o.id) else {
            out.inputs_removed.push(o.id.clone());
            continue;
        };
        match (&o.ty, &n.ty) {
            (Type::Enum(a), Type::Enum(b)) => {
                for v in b.values().filter(|v| !a.contains(v)) {
                    out.enum_values_added.push(EnumValue { input: o.id.clone(), value: v.to_owned() });
                }
                for v in a.values().filter(|v| !b.contains(v)) {
                    out.enum_values_removed.push(EnumValue { input: o.id.clone(), value: v.to_owned() });
                }
            }
            (a, b) if a != b => {
                out.inputs_retyped.push(Retyped { input: o.id.clone(), new: b.to_string(), old: a.to_string() });
            }
            _ => {}
        }
        let quote = |side: &Side<'_>, input: &procedure_core::Input| {
            input.ask_when.as_ref().map(|p| {
                let span = p.span();
                let text = usize::try_from(span.start)
                    .ok()
                    .zip(usize::try_from(span.end).ok())
                    .and_then(|(a, b)| side.text.get(a..b))
                    .unwrap_or_default();
                text.split_whitespace().collect::<Vec<_>>().join(" ")
            })
        };
        let (a, b) = (quote(old, o), quote(new, n));
        if a != b {
            out.ask_when_changed.push(AskWhenChange { input: o.id.clone(), new: b, old: a });
        }
    }
    for n in &new.procedure.inputs {
        if !old.procedure.inputs.iter().any(|o| o.id == n.id) {
            out.inputs_added.push(n.id.clone());
        }
    }
    let (a, b) = (ids(old), ids(new));
    out.ids_added = b.iter().filter(|i| !a.contains(i)).cloned().collect();
    out.ids_removed = a.iter().filter(|i| !b.contains(i)).cloned().collect();
    out
}

/// The ids of what an answer of `side` can hold, in force on its date of the act, sorted.
fn ids(side: &Side<'_>) -> Vec<Id> {
    let p = side.procedure;
    let day = side.as_of;
    let mut out = Vec::new();
    let document = |index: usize, out: &mut Vec<Id>| {
        if let Some(d) = p.documents.get(index) {
            out.push(Id { id: d.id.clone(), kind: "document" });
        }
    };
    for node in &p.nodes {
        match &node.kind {
            NodeKind::Step(step) => {
                if !step.valid.in_force(day) {
                    continue;
                }
                for r in step.obtain.iter().chain(&step.bring).filter(|r| r.valid.in_force(day)) {
                    document(r.document, &mut out);
                }
                for d in step.deadlines.iter().filter(|d| d.valid.in_force(day)) {
                    out.push(Id { id: d.id.clone(), kind: "deadline" });
                    for (_, w) in d.warnings.iter().filter(|(_, w)| w.valid.in_force(day)) {
                        out.push(Id { id: w.id.clone(), kind: "warning" });
                    }
                }
                for f in step.fees.iter().filter(|f| f.valid.in_force(day)) {
                    out.push(Id { id: f.id.clone(), kind: "fee" });
                }
                for w in step.warnings.iter().filter(|w| w.valid.in_force(day)) {
                    out.push(Id { id: w.id.clone(), kind: "warning" });
                }
            }
            NodeKind::Table(table) => {
                for row in &table.rows {
                    for r in row.bring.iter().filter(|r| r.valid.in_force(day)) {
                        document(r.document, &mut out);
                    }
                    for w in row.warnings.iter().filter(|w| w.valid.in_force(day)) {
                        out.push(Id { id: w.id.clone(), kind: "warning" });
                    }
                }
            }
            NodeKind::Outcome(_) => out.push(Id { id: node.id.clone(), kind: "outcome" }),
        }
    }
    out.sort_by(|a, b| (a.kind, &a.id).cmp(&(b.kind, &b.id)));
    out.dedup();
    out
}
