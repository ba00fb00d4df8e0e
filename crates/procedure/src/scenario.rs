//! Running scenario files: each case's facts are evaluated on its `today`, and every stated
//! expectation is compared with the result.

use procedure_core::{Diagnostic, Procedure, Status, bind, evaluate_as_of, scenario_facts};
use procedure_expr::parse_date;
use procedure_syntax::{Case, Scenarios};
use serde_json::Value as Json;

use crate::report::{Report, Tag};

/// A tag as a scenario file writes it.
fn tag(t: Tag) -> &'static str {
    match t {
        Tag::Verified => "verified",
        Tag::Secondary => "secondary",
        Tag::Inferred => "inferred",
        Tag::Unverified => "unverified",
    }
}

/// The result of one case.
#[derive(Clone, Debug)]
pub struct CaseResult {
    /// The case's name.
    pub name: String,
    /// Each expectation that did not hold, in words (`expected …, got …`).
    pub failures: Vec<String>,
    /// The full result, as JSON (or the errors, when evaluation failed).
    pub result: Json,
}

/// Runs every case of `scenarios` against `procedure`, in the language `language`.
pub fn run(procedure: &Procedure, scenarios: &Scenarios, language: &str) -> Vec<CaseResult> {
    scenarios.cases.iter().map(|case| run_case(procedure, &case.value, language)).collect()
}

fn run_case(procedure: &Procedure, case: &Case, language: &str) -> CaseResult {
    let name = case.name.value.clone();
    let fail = |failures: Vec<String>| CaseResult {
        name: name.clone(),
        failures: failures.clone(),
        result: Json::from(failures),
    };
    let today = match parse_date(&case.today.value) {
        Ok(d) => d,
        Err(e) => return fail(vec![format!("`today: {}` is not a date: {}", case.today.value, e.0)]),
    };
    let as_of = match &case.as_of {
        None => today,
        Some(a) => match parse_date(&a.value) {
            Ok(d) => d,
            Err(e) => return fail(vec![format!("`as_of: {}` is not a date: {}", a.value, e.0)]),
        },
    };
    let expected_errors: Vec<&str> =
        case.expect.iter().flat_map(|e| e.value.errors.iter().map(|c| c.value.as_str())).collect();
    let refused = |errors: Vec<Diagnostic>| {
        if expected_errors.is_empty() {
            return fail(errors.iter().map(|d| d.message.clone()).collect());
        }
        let got: Vec<&str> = errors.iter().map(|d| d.code.as_str()).collect();
        let missing: Vec<&str> = expected_errors.iter().copied().filter(|c| !got.contains(c)).collect();
        if missing.is_empty() {
            // Refused as expected: the errors are the result.
            let result = errors.iter().map(|d| format!("{}: {}", d.code.as_str(), d.message)).collect::<Vec<_>>();
            return CaseResult { name: name.clone(), failures: Vec::new(), result: Json::from(result) };
        }
        let mut failures = vec![format!("errors: expected [{}], got [{}]", missing.join(", "), got.join(", "))];
        failures.extend(errors.iter().map(|d| d.message.clone()));
        fail(failures)
    };
    let bound = match bind(procedure, &scenario_facts(&case.facts)) {
        Ok(b) => b,
        Err(errors) => return refused(errors),
    };
    let evaluation = match evaluate_as_of(procedure, &bound, today, as_of) {
        Ok(e) => e,
        Err(errors) => return refused(errors),
    };
    let report = Report::new(&evaluation, language);
    let mut failures = Vec::new();
    if !expected_errors.is_empty() {
        failures.push(format!("errors: expected [{}], got none: the case was evaluated", expected_errors.join(", ")));
    }
    if let Some(expect) = &case.expect {
        let e = &expect.value;
        let status = match evaluation.status {
            Status::Complete => "complete",
            Status::NeedsInput => "needs_input",
        };
        if let Some(want) = &e.status
            && want.value != status
        {
            failures.push(format!("status: expected `{}`, got `{status}`", want.value));
        }
        let outcome = evaluation.outcome.map(|n| n.id.as_str());
        if let Some(want) = &e.outcome
            && Some(want.value.as_str()) != outcome
        {
            failures.push(format!("outcome: expected `{}`, got `{}`", want.value, outcome.unwrap_or("none")));
        }
        let documents: Vec<&str> = report.documents.iter().map(|d| d.id).collect();
        for want in &e.documents {
            if !documents.contains(&want.value.as_str()) {
                failures.push(format!("documents: expected `{}`, got [{}]", want.value, documents.join(", ")));
            }
        }
        for absent in &e.absent_documents {
            if documents.contains(&absent.value.as_str()) {
                failures.push(format!("documents: `{}` must be absent", absent.value));
            }
        }
        for (id, want) in &e.deadlines {
            let got =
                evaluation.deadlines.iter().find(|d| d.deadline.id == id.value).map(|d| d.effective_date.to_string());
            if got.as_deref() != Some(want.value.as_str()) {
                failures.push(format!(
                    "deadline `{}`: expected {}, got {}",
                    id.value,
                    want.value,
                    got.unwrap_or_else(|| "none".into())
                ));
            }
        }
        for absent in &e.absent_deadlines {
            if evaluation.deadlines.iter().any(|d| d.deadline.id == absent.value) {
                failures.push(format!("deadline `{}` must be absent", absent.value));
            }
        }
        if let Some(want) = &e.fee_total {
            match evaluation.fee_total() {
                Some((total, _)) if total == want.value => {}
                Some((total, _)) => failures.push(format!("fee total: expected {}, got {total}", want.value)),
                None => failures.push(format!(
                    "fee total: expected {}, got no fee on the path (`fees: {{}}` expects no fee)",
                    want.value
                )),
            }
        }
        let warnings: Vec<&str> = report.warnings.iter().map(|w| w.id).collect();
        for want in &e.warnings {
            if !warnings.contains(&want.value.as_str()) {
                failures.push(format!("warnings: expected `{}`, got [{}]", want.value, warnings.join(", ")));
            }
        }
        for absent in &e.absent_warnings {
            if warnings.contains(&absent.value.as_str()) {
                failures.push(format!("warnings: `{}` must be absent", absent.value));
            }
        }
        if let Some(want) = &e.fees {
            let amount = |a: Option<i64>| a.map_or_else(|| "null".to_owned(), |a| a.to_string());
            let got: Vec<String> =
                report.fees.items.iter().map(|f| format!("{}: {}", f.id, amount(f.amount))).collect();
            let want: Vec<String> = want.iter().map(|(id, a)| format!("{}: {}", id.value, amount(a.value))).collect();
            let (mut got_sorted, mut want_sorted) = (got.clone(), want.clone());
            got_sorted.sort();
            want_sorted.sort();
            if got_sorted != want_sorted {
                failures.push(format!("fees: expected {{{}}}, got {{{}}}", want.join(", "), got.join(", ")));
            }
        }
        if let Some(want) = &e.path {
            let got: Vec<String> = report
                .path
                .iter()
                .map(|p| {
                    if p.procedure == procedure.id { p.step.to_owned() } else { format!("{}/{}", p.procedure, p.step) }
                })
                .collect();
            let want: Vec<&str> = want.value.iter().map(|w| w.value.as_str()).collect();
            if got != want {
                failures.push(format!("path: expected [{}], got [{}]", want.join(", "), got.join(", ")));
            }
        }
        for (id, want) in &e.verification {
            let want_tag = Tag::from(want.value);
            let got = report
                .documents
                .iter()
                .map(|d| (d.id, d.verification))
                .chain(report.deadlines.iter().map(|d| (d.id, d.verification)))
                .chain(report.fees.items.iter().map(|f| (f.id, f.verification)))
                .chain(report.warnings.iter().map(|w| (w.id, w.verification)))
                .find(|(i, _)| *i == id.value)
                .map(|(_, t)| t);
            match got {
                Some(t) if t == want_tag => {}
                Some(t) => {
                    failures.push(format!(
                        "verification of `{}`: expected {}, got {}",
                        id.value,
                        tag(want_tag),
                        tag(t)
                    ));
                }
                None => failures.push(format!(
                    "verification of `{}`: expected {}, got nothing with this id in the result",
                    id.value,
                    tag(want_tag)
                )),
            }
        }
        for (id, want) in &e.warning_versions {
            match evaluation.warnings.iter().find(|w| w.warning.id == id.value) {
                Some(w) => {
                    let got = w.warning.valid.from.map(|d| d.to_string());
                    if got.as_deref() != Some(want.value.as_str()) {
                        let got = got.map_or_else(
                            || "the version without `valid_from`".to_owned(),
                            |d| format!("the version valid from {d}"),
                        );
                        failures.push(format!(
                            "warning `{}`: expected the version valid from {}, got {got}",
                            id.value, want.value
                        ));
                    }
                }
                None => failures.push(format!(
                    "warning `{}`: expected the version valid from {}, got no such warning",
                    id.value, want.value
                )),
            }
        }
        if let Some(want) = &e.needs {
            let got: Vec<&str> = evaluation.needs.iter().map(|i| i.id.as_str()).collect();
            let want: Vec<&str> = want.value.iter().map(|w| w.value.as_str()).collect();
            if got != want {
                failures.push(format!("needs: expected [{}], got [{}]", want.join(", "), got.join(", ")));
            }
        }
    }
    CaseResult { name, failures, result: serde_json::to_value(report).unwrap_or(Json::Null) }
}
