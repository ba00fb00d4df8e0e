//! Checking a scenario file against its procedure without running it: the procedure compiles,
//! every case's dates and facts bind, and every id an expectation names exists — so a typo in
//! an expectation is a diagnostic at its place, not a case that fails for the wrong reason.

use std::collections::HashSet;

use procedure_syntax::{Scenarios, Sp};

use crate::Code;
use crate::compile::{CompileOptions, Files, compile_at};
use crate::diagnostic::Diagnostic;
use crate::facts::{bind, scenario_facts};
use crate::model::{NodeKind, Procedure, Warning};

/// The ids a scenario may name, gathered through the procedures a procedure calls.
#[derive(Default)]
struct Ids {
    outcomes: Vec<String>,
    documents: Vec<String>,
    deadlines: Vec<String>,
    warnings: Vec<String>,
    fees: Vec<String>,
    /// Nodes as a path names them: a called sub-procedure's as `procedure/node`.
    nodes: Vec<String>,
    /// Each dated version of a warning: its id and its `valid_from`.
    warning_versions: Vec<(String, String)>,
}

impl Ids {
    fn dated<'a>(&mut self, warnings: impl Iterator<Item = &'a Warning>) {
        self.warning_versions.extend(warnings.filter_map(|w| Some((w.id.clone(), w.valid.from?.to_string()))));
    }

    fn gather(&mut self, p: &Procedure, prefix: &str) {
        self.documents.extend(p.documents.iter().map(|d| d.id.clone()));
        for node in &p.nodes {
            self.nodes.push(format!("{prefix}{}", node.id));
            match &node.kind {
                NodeKind::Step(step) => {
                    for d in &step.deadlines {
                        self.deadlines.push(d.id.clone());
                        self.warnings.extend(d.warnings.iter().map(|(_, w)| w.id.clone()));
                        self.dated(d.warnings.iter().map(|(_, w)| w));
                    }
                    self.warnings.extend(step.warnings.iter().map(|w| w.id.clone()));
                    self.dated(step.warnings.iter());
                    self.fees.extend(step.fees.iter().map(|f| f.id.clone()));
                    if let Some(call) = &step.call {
                        self.gather(&call.procedure, &format!("{}/", call.procedure.id));
                    }
                }
                NodeKind::Table(table) => {
                    self.warnings.extend(table.rows.iter().flat_map(|r| r.warnings.iter().map(|w| w.id.clone())));
                    self.dated(table.rows.iter().flat_map(|r| r.warnings.iter()));
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
    ids.gather(&procedure, "");
    let inputs: Vec<String> = procedure.inputs.iter().map(|i| i.id.clone()).collect();
    let (outcomes, documents, deadlines, warnings, inputs) = (
        Known::new(&ids.outcomes),
        Known::new(&ids.documents),
        Known::new(&ids.deadlines),
        Known::new(&ids.warnings),
        Known::new(&inputs),
    );
    let (fees, nodes) = (Known::new(&ids.fees), Known::new(&ids.nodes));
    // A verification tag is expected of anything the result tags.
    let tagged: Vec<String> =
        [&ids.documents, &ids.deadlines, &ids.fees, &ids.warnings].into_iter().flatten().cloned().collect();
    let tagged = Known::new(&tagged);
    let codes: Vec<String> = Code::ALL.iter().map(|c| c.as_str().to_owned()).collect();
    let codes = Known::new(&codes);
    let mut left = crate::compile::SUGGESTION_BUDGET;
    for case in &scenarios.cases {
        let case = &case.value;
        let deadline_dates = case.expect.iter().flat_map(|e| {
            e.value.deadlines.iter().map(|(_, d)| d).chain(e.value.warning_versions.iter().map(|(_, d)| d))
        });
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
        // A case that expects to be refused is checked by `procedure test`, which compares codes.
        let refusal_expected = case.expect.as_ref().is_some_and(|e| !e.value.errors.is_empty());
        if let Err(errors) = bind(&procedure, &scenario_facts(&case.facts))
            && !refusal_expected
        {
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
        for f in e.fees.iter().flat_map(|f| f.iter().map(|(f, _)| f)) {
            unknown(&mut out, "fee", f, &fees, &mut left);
        }
        for n in e.path.iter().flat_map(|p| p.value.iter()) {
            unknown(&mut out, "node", n, &nodes, &mut left);
        }
        for (id, _) in &e.verification {
            unknown(&mut out, "document, deadline, fee or warning", id, &tagged, &mut left);
        }
        for code in &e.errors {
            unknown(&mut out, "diagnostic code", code, &codes, &mut left);
        }
        for (id, from) in &e.warning_versions {
            if !warnings.set.contains(id.value.as_str()) {
                unknown(&mut out, "warning", id, &warnings, &mut left);
            } else if !ids.warning_versions.iter().any(|(w, f)| *w == id.value && *f == from.value) {
                let dates: Vec<String> = ids
                    .warning_versions
                    .iter()
                    .filter(|(w, _)| *w == id.value)
                    .map(|(_, f)| format!("`{f}`"))
                    .collect();
                let help = if dates.is_empty() {
                    "this warning has no version with `valid_from`".to_owned()
                } else {
                    format!("its versions are valid from {}", dates.join(", "))
                };
                out.push(
                    Diagnostic::error(
                        Code::CheckUnknownReference,
                        format!("warning `{}` has no version valid from `{}`", id.value, from.value),
                        from.span,
                        "no such version",
                    )
                    .with_help(help),
                );
            }
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
