//! Ids and their namespaces: declaring each kind of id, resolving references with a
//! did-you-mean within a budget, and warning of declarations nothing uses.

use std::collections::{HashMap, HashSet};

use procedure_expr::Span;
use procedure_syntax::Sp;

use super::{Compiler, analysis, texts};
use crate::Code;
use crate::diagnostic::Diagnostic;
use crate::model::Procedure;

/// Ids of one kind: where each is declared, and which are used.
#[derive(Default)]
pub(super) struct Names {
    pub(super) index: HashMap<String, usize>,
    pub(super) spans: Vec<Span>,
    pub(super) used: HashSet<usize>,
}

impl Names {
    pub(super) fn declare(&mut self, id: &Sp<String>, kind: &str, diagnostics: &mut Vec<Diagnostic>) -> usize {
        texts::control_characters(id, diagnostics);
        let i = self.spans.len();
        if let Some(&first) = self.index.get(&id.value) {
            let first_span = self.spans.get(first).copied().unwrap_or_default();
            diagnostics.push(
                Diagnostic::error(
                    Code::CheckDuplicateId,
                    format!("{kind} `{}` is declared twice", id.value),
                    id.span,
                    "declared again here",
                )
                .with_label(first_span, "first declared here")
                .with_help(format!("each {kind} needs an id of its own")),
            );
        } else {
            self.index.insert(id.value.clone(), i);
        }
        self.spans.push(id.span);
        i
    }

    pub(super) fn get(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }
}

/// The comparisons of unknown ids with declared ids that one file's suggestions may make: a
/// few hundred milliseconds of work.
pub(crate) const SUGGESTION_BUDGET: usize = 1_000_000;

impl Compiler<'_> {
    /// Declares every id of the file, each kind in its namespace.
    pub(super) fn declare_names(&mut self) {
        let s = self.surface;
        for (id, _) in &s.sources {
            self.sources.declare(id, "source", self.diagnostics);
        }
        for (id, _) in &s.inputs {
            self.inputs.declare(id, "input", self.diagnostics);
        }
        for (id, _) in &s.documents {
            self.documents.declare(id, "document", self.diagnostics);
        }
        let node_ids = s
            .steps
            .iter()
            .map(|(i, _)| i)
            .chain(s.tables.iter().map(|(i, _)| i))
            .chain(s.outcomes.iter().map(|(i, _)| i));
        for id in node_ids {
            self.nodes.declare(id, "node (step, table or outcome)", self.diagnostics);
        }
    }

    pub(super) fn item(&mut self, kind: &'static str, id: &Sp<String>) {
        let names = self.items.entry(kind).or_default();
        names.declare(id, kind, self.diagnostics);
    }

    /// A deadline named by its id, which may be declared in any step.
    pub(super) fn deadline_ref(&mut self, id: &Sp<String>) -> Option<String> {
        let s = self.surface;
        // Gathered once: a file may name thousands of deadlines thousands of times.
        let (ids, set) = self.deadline_ids.get_or_insert_with(|| {
            let ids: Vec<&str> =
                s.steps.iter().flat_map(|(_, step)| step.deadlines.iter().map(|(d, _)| d.value.as_str())).collect();
            let set = ids.iter().copied().collect();
            (ids, set)
        });
        if set.contains(id.value.as_str()) {
            return Some(id.value.clone());
        }
        let ids = ids.clone();
        let candidates = self.afford_suggestion(ids.len()).then_some(ids);
        self.unknown("deadline", id, candidates.as_deref());
        None
    }

    pub(super) fn resolve_document(&mut self, id: &Sp<String>) -> Option<usize> {
        self.resolve("document", id, |c| &mut c.documents)
    }

    pub(super) fn resolve_source(&mut self, id: &Sp<String>) -> Option<usize> {
        self.resolve("source", id, |c| &mut c.sources)
    }

    /// Resolves `id` among `names` and marks it used, or reports it unknown with a
    /// did-you-mean among them, sorted so that it does not depend on the map's order.
    fn resolve(&mut self, kind: &str, id: &Sp<String>, names: fn(&mut Self) -> &mut Names) -> Option<usize> {
        if let Some(i) = names(self).get(&id.value) {
            names(self).used.insert(i);
            return Some(i);
        }
        let mut candidates: Vec<String> = Vec::new();
        let declared = names(self).index.len();
        let affordable = self.afford_suggestion(declared);
        if affordable {
            candidates = names(self).index.keys().cloned().collect();
            candidates.sort();
        }
        let candidates: Vec<&str> = candidates.iter().map(String::as_str).collect();
        self.unknown(kind, id, affordable.then_some(&candidates));
        None
    }

    pub(super) fn node_ref(&mut self, id: &Sp<String>) -> Option<usize> {
        let found = self.nodes.get(&id.value);
        if found.is_none() {
            let s = self.surface;
            let affordable = self.afford_suggestion(s.steps.len() + s.tables.len() + s.outcomes.len());
            let candidates: Vec<&str> = s
                .steps
                .iter()
                .map(|(i, _)| i)
                .chain(s.tables.iter().map(|(i, _)| i))
                .chain(s.outcomes.iter().map(|(i, _)| i))
                .map(|i| i.value.as_str())
                .take(if affordable { usize::MAX } else { 0 })
                .collect();
            self.unknown("step, table or outcome", id, affordable.then_some(&candidates));
        }
        found
    }

    /// Reports an id that names nothing of its kind, with a did-you-mean among `candidates`,
    /// or with none when the budget for suggestions is spent (`None`).
    pub(super) fn unknown(&mut self, kind: &str, id: &Sp<String>, candidates: Option<&[&str]>) {
        self.diagnostics.push(Diagnostic::unknown_reference_within(kind, &id.value, id.span, candidates));
    }

    /// Whether a did-you-mean among `candidates` ids is within the budget, which it then
    /// spends: each suggestion compares the unknown id with every candidate, so thousands of
    /// unknown ids among thousands of ids would take minutes.
    pub(super) fn afford_suggestion(&mut self, candidates: usize) -> bool {
        match self.suggestions_left.checked_sub(candidates) {
            Some(left) => {
                self.suggestions_left = left;
                true
            }
            None => false,
        }
    }

    pub(super) fn unused(&mut self, procedure: &Procedure) {
        let s = self.surface;
        let mut read = procedure_expr::SlotSet::new();
        procedure.for_each_program(&mut |p| read.union_with(p.reads()));
        // A value a text shows is read too, with what a derived value shown reads.
        for (name, _) in &self.shown {
            let Some((slot, _)) = procedure.env.lookup(name) else { continue };
            read.insert(slot);
            if let Some(l) = procedure.lets.iter().find(|l| l.slot == slot) {
                read.union_with(l.program.reads());
            }
        }
        for input in &procedure.inputs {
            if !read.contains(input.slot) {
                self.diagnostics.push(
                    Diagnostic::warning(
                        Code::CheckUnusedInput,
                        format!("input `{}` is never read", input.id),
                        input.span,
                        "declared here",
                    )
                    .with_help(
                        "use it in a condition, or remove it: a question that changes nothing wastes the reader's time",
                    ),
                );
            }
        }
        for (i, (id, _)) in s.documents.iter().enumerate() {
            if !self.documents.used.contains(&i) {
                self.diagnostics.push(
                    Diagnostic::warning(
                        Code::CheckUnusedDocument,
                        format!("document `{}` is never asked for", id.value),
                        id.span,
                        "declared here",
                    )
                    .with_help("ask for it in a step's `obtain` or `bring`, or remove it"),
                );
            }
        }
        for (i, (id, _)) in s.sources.iter().enumerate() {
            if !self.sources.used.contains(&i) {
                self.diagnostics.push(
                    Diagnostic::warning(
                        Code::CheckUnusedSource,
                        format!("source `{}` is never cited", id.value),
                        id.span,
                        "declared here",
                    )
                    .with_help("cite it from the rules it backs with `sources: [...]`, or remove it"),
                );
            }
        }
        analysis::missing_sources(procedure, s, self.diagnostics);
    }
}
