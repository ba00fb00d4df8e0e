//! Checking a scenario file against its procedure without running it: the procedure compiles,
//! every case's dates and facts bind, and every id an expectation names exists — so a typo in
//! an expectation is a diagnostic at its place, not a case that fails for the wrong reason.

use std::collections::HashSet;

use procedure_syntax::{Scenarios, Sp};

use crate::Code;
use crate::compile::{CompileOptions, Files, compile_at};
use crate::diagnostic::Diagnostic;
use crate::facts::{bind, scenario_facts};
use crate::model::{NodeKind, Procedure};

/// The ids a scenario may name, gathered through the procedures a procedure calls.
#[derive(Default)]
struct Ids {
    outcomes: Vec<String>,
    documents: Vec<String>,
    deadlines: Vec<String>,
    warnings: Vec<String>,
}

impl Ids {
    fn gather(&mut self, p: &Procedure) {
        self.documents.extend(p.documents.iter().map(|d| d.id.clone()));
        for node in &p.nodes {
            match &node.kind {
                NodeKind::Step(step) => {
                    for d in &step.deadlines {
                        self.deadlines.push(d.id.clone());
                        self.warnings.extend(d.warnings.iter().map(|(_, w)| w.id.clone()));
                    }
                    self.warnings.extend(step.warnings.iter().map(|w| w.id.clone()));
                    if let Some(call) = &step.call {
                        self.gather(&call.procedure);
                    }
                }
                NodeKind::Table(table) => {
                    self.warnings.extend(table.rows.iter().flat_map(|r| r.warnings.iter().map(|w| w.id.clone())));
                }
                NodeKind::Outcome(_) => self.outcomes.push(node.id.clone()),
            }
        }
    }
}

pub(crate) fn check(scenarios: &Scenarios, options: &CompileOptions, files: &dyn Files) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for case in &scenarios.cases {
        // `procedure test` prints the names of failing cases.
        crate::compile::control_characters(&case.name, &mut out);
        if !seen.insert(case.name.value.as_str()) {
            out.push(Diagnostic::error(
                Code::CheckDuplicateId,
                format!("two cases are named `{}`", case.name.value),
                case.name.span,
                "named again here",
            ));
        }
    }
    let path = &scenarios.procedure;
    let text = match crate::refused_path(&path.value).map_or_else(|| files.read(&path.value), |why| Err(why.to_owned()))
    {
        Ok(t) => t,
        Err(why) => {
            out.push(unreadable_procedure(path, &why));
            return out;
        }
    };
    // Confined to the scenario file's directory, not found in a library root: a scenario file
    // tests the procedure beside it.
    let Some(procedure) = compile_at(&text, options, files, &path.value).procedure else {
        out.push(
            Diagnostic::error(
                Code::CheckUnknownReference,
                format!("the procedure `{}` does not compile", path.value),
                path.span,
                "has errors",
            )
            .with_help(format!("run `procedure check` on `{}`", path.value)),
        );
        return out;
    };
    let mut ids = Ids::default();
    ids.gather(&procedure);
    let inputs: Vec<String> = procedure.inputs.iter().map(|i| i.id.clone()).collect();
    let (outcomes, documents, deadlines, warnings, inputs) = (
        Known::new(&ids.outcomes),
        Known::new(&ids.documents),
        Known::new(&ids.deadlines),
        Known::new(&ids.warnings),
        Known::new(&inputs),
    );
    let mut left = crate::compile::SUGGESTION_BUDGET;
    for case in &scenarios.cases {
        let case = &case.value;
        let deadline_dates = case.expect.iter().flat_map(|e| e.value.deadlines.iter().map(|(_, d)| d));
        for date in std::iter::once(&case.today).chain(case.as_of.as_ref()).chain(deadline_dates) {
            if let Err(e) = procedure_expr::parse_date(&date.value) {
                out.push(Diagnostic::error(
                    Code::CheckInvalidDate,
                    format!("`{}` is not a date: {}", date.value, e.0),
                    date.span,
                    "not a date",
                ));
            }
        }
        if let Err(errors) = bind(&procedure, &scenario_facts(&case.facts)) {
            out.extend(errors);
        }
        let Some(expect) = &case.expect else { continue };
        let e = &expect.value;
        if let Some(status) = &e.status
            && !["complete", "needs_input"].contains(&status.value.as_str())
        {
            out.push(
                Diagnostic::error(
                    Code::CheckUnknownReference,
                    format!("unknown status `{}`", status.value),
                    status.span,
                    "not a status",
                )
                .with_help("a status is `complete` or `needs_input`"),
            );
        }
        if let Some(o) = &e.outcome {
            unknown(&mut out, "outcome", o, &outcomes, &mut left);
        }
        for d in e.documents.iter().chain(&e.absent_documents) {
            unknown(&mut out, "document", d, &documents, &mut left);
        }
        for d in e.deadlines.iter().map(|(d, _)| d).chain(&e.absent_deadlines) {
            unknown(&mut out, "deadline", d, &deadlines, &mut left);
        }
        for w in e.warnings.iter().chain(&e.absent_warnings) {
            unknown(&mut out, "warning", w, &warnings, &mut left);
        }
        for n in e.needs.iter().flat_map(|n| n.value.iter()) {
            unknown(&mut out, "input", n, &inputs, &mut left);
        }
    }
    out.sort_by_key(|d| d.span().map_or(0, |s| s.start));
    out
}

/// A scenario file's procedure that cannot be read, and `why` (missing, or refused because
/// its path or a link on it leads outside the scenario file's directory). `procedure test`
/// reports it in the same words as `procedure check`.
pub fn unreadable_procedure(path: &Sp<String>, why: &str) -> Diagnostic {
    Diagnostic::error(
        Code::CheckUnknownReference,
        format!("cannot read the procedure `{}`: {why}", path.value),
        path.span,
        "cannot be read",
    )
    .with_help("name a procedure file inside this scenario file's directory, by its path relative to this file")
}

/// Ids of one kind, in order for suggestions and as a set for lookups: a scenario file may
/// name thousands of ids of a procedure that has thousands.
struct Known<'a> {
    ids: Vec<&'a str>,
    set: HashSet<&'a str>,
}

impl<'a> Known<'a> {
    fn new(ids: &'a [String]) -> Self {
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let set = ids.iter().copied().collect();
        Known { ids, set }
    }
}

/// An id the procedure (and what it calls) does not have, with a did-you-mean while
/// `suggestions_left` comparisons remain.
fn unknown(out: &mut Vec<Diagnostic>, kind: &str, id: &Sp<String>, known: &Known<'_>, suggestions_left: &mut usize) {
    if known.set.contains(id.value.as_str()) {
        return;
    }
    let affordable = known.ids.len() <= *suggestions_left;
    *suggestions_left = suggestions_left.saturating_sub(known.ids.len());
    out.push(Diagnostic::unknown_reference_within(kind, &id.value, id.span, affordable.then_some(&known.ids)));
}
