//! Every word an author writes reaches the reader: for every bundled procedure, every case of
//! its scenario file and every language, each authored text of what the result shows (the
//! procedure, every node on the path, the checklist, deadlines, fees, warnings, questions)
//! appears in the JSON result, the text report and the Markdown report.

use std::path::Path;

use procedure::Evaluation;
use procedure::render::{self, Style};
use procedure_core::{NodeKind, Text};
use serde_json::Value as Json;

/// The authored texts an evaluation shows, in `language` (or the language it falls back to).
fn authored<'p>(e: &Evaluation<'p>, language: &str) -> Vec<(&'static str, &'p str)> {
    let mut out: Vec<(&'static str, &'p str)> = Vec::new();
    let mut add = |what: &'static str, t: Option<&'p Text>| {
        if let Some((s, _)) = t.and_then(|t| t.get(language)) {
            out.push((what, s));
        }
    };
    let p = e.procedure;
    add("procedure title", Some(&p.title));
    add("procedure summary", p.summary.as_ref());
    for s in &e.path {
        match &s.node.kind {
            NodeKind::Step(step) => {
                add("step title", Some(&step.title));
                // The variant of the details this situation chose.
                add("step details", s.details);
                add("step place", step.place.as_ref());
            }
            NodeKind::Table(t) => add("table title", t.title.as_ref()),
            NodeKind::Outcome(o) => {
                add("outcome title", Some(&o.title));
                add("outcome description", o.description.as_ref());
                add("outcome place", o.place.as_ref());
            }
        }
    }
    for d in &e.documents {
        add("document title", Some(&d.document.title));
        add("document details", d.document.details.as_ref());
        add("requirement note", d.note);
    }
    for d in &e.deadlines {
        add("deadline title", Some(&d.deadline.title));
        add("deadline note", d.deadline.note.as_ref());
    }
    for f in &e.fees {
        add("fee title", f.fee.title.as_ref());
        add("fee when_paid", f.fee.when_paid.as_ref());
        add("fee note", f.fee.note.as_ref());
    }
    for w in &e.warnings {
        add("warning", Some(&w.warning.message));
    }
    // A derived value explains the decision or the deadline that reads it, when it is known.
    let known = |procedure: &procedure_core::Procedure, slot: procedure_expr::Slot| {
        e.values_of(procedure).is_some_and(|v| v.get(slot.index()).is_some_and(Option::is_some))
    };
    for d in &e.decisions {
        for l in d.lets.iter().filter_map(|&i| d.procedure.lets.get(i)) {
            if known(d.procedure, l.slot) {
                add("derived value's description", l.description.as_ref());
            }
        }
    }
    for d in &e.deadlines {
        if p.nodes
            .iter()
            .any(|n| matches!(&n.kind, NodeKind::Step(s) if s.deadlines.iter().any(|x| std::ptr::eq(x, d.deadline))))
        {
            for l in p.lets_read(&d.deadline.date).into_iter().filter_map(|i| p.lets.get(i)) {
                if known(p, l.slot) {
                    add("derived value's description", l.description.as_ref());
                }
            }
        }
    }
    for i in &e.needs {
        add("question", Some(&i.question));
        add("help", i.help.as_ref());
        for (_, label) in &i.labels {
            add("value label", Some(label));
        }
    }
    out
}

/// Markdown's escapes undone, and its folded line breaks: what a reader sees.
fn unescape_markdown(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let mut chars = md.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            _ => out.push(c),
        }
    }
    out.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

fn strings(json: &Json, out: &mut Vec<String>) {
    match json {
        Json::String(s) => out.push(s.clone()),
        Json::Array(items) => items.iter().for_each(|i| strings(i, out)),
        Json::Object(map) => map.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

fn check_file(path: &Path, failures: &mut Vec<String>) -> usize {
    let mut checked = 0;
    crate::common::for_each_case_evaluation(path, |name, evaluation| {
        for language in &evaluation.procedure.languages {
            let mut json = Vec::new();
            strings(&render::json(evaluation, language), &mut json);
            let plain = render::report(evaluation, language, Style::Text { color: false });
            let markdown = unescape_markdown(&render::report(evaluation, language, Style::Markdown));
            for (what, said) in authored(evaluation, language) {
                checked += 1;
                // A text that shows values reaches the reader when each run of its own words does.
                let words: Vec<&str> = match procedure_core::placeholders::parts(said) {
                    Ok(parts) if procedure_core::placeholders::has_braces(said) => parts
                        .into_iter()
                        .filter_map(|p| match p {
                            procedure_core::placeholders::Part::Words(w) => Some(w.trim()),
                            procedure_core::placeholders::Part::Value(..) => None,
                        })
                        .filter(|w| !w.is_empty())
                        .collect(),
                    _ => vec![said],
                };
                let found = |haystack: &dyn Fn(&str) -> bool| words.iter().all(|w| haystack(w));
                let missing: Vec<&str> = [
                    ("json", found(&|w| json.iter().any(|s| s.contains(w)))),
                    ("text", found(&|w| plain.contains(w))),
                    ("markdown", found(&|w| markdown.contains(&w.replace('\n', " ")))),
                ]
                .into_iter()
                .filter(|(_, found)| !found)
                .map(|(format, _)| format)
                .collect();
                if !missing.is_empty() {
                    failures.push(format!(
                        "{} :: {name} [{language}]: the {what} {said:?} is missing from {}",
                        path.display(),
                        missing.join(", ")
                    ));
                }
            }
        }
    });
    checked
}

#[test]
fn every_authored_text_on_the_path_reaches_every_format() {
    let files = crate::common::scenario_files(&["procedures"]);
    assert!(files.len() >= 5, "the bundled scenario files are missing");
    let mut failures = Vec::new();
    let checked: usize = files.iter().map(|f| check_file(f, &mut failures)).sum();
    assert!(checked > 1000, "only {checked} texts checked");
    assert!(
        failures.is_empty(),
        "{} of {checked} texts did not reach the reader:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Texts that show values (`{valid_until}`): their own words reach every format around the
/// values filled in.
#[test]
fn texts_that_show_values_reach_every_format() {
    let path = crate::common::repo_root().join("tests/check/ok/texts_show_values.test.yaml");
    let mut failures = Vec::new();
    let checked = check_file(&path, &mut failures);
    assert!(checked > 10, "only {checked} texts checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A step's details in variants: the variant each case chooses reaches every format, and
/// across the cases every variant, in every language, is shown.
#[test]
fn every_variant_of_a_step_s_details_reaches_every_format() {
    let path = crate::common::repo_root().join("tests/check/ok/conditional_details.test.yaml");
    let mut failures = Vec::new();
    let checked = check_file(&path, &mut failures);
    assert!(checked > 10, "only {checked} texts checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let mut shown: Vec<String> = Vec::new();
    let mut written: Vec<String> = Vec::new();
    crate::common::for_each_case_evaluation(&path, |_, evaluation| {
        for language in &evaluation.procedure.languages {
            for s in &evaluation.path {
                shown.extend(s.details.and_then(|t| t.get(language)).map(|(t, _)| t.to_owned()));
                if let NodeKind::Step(step) = &s.node.kind {
                    let variants = step.details_when.iter().map(|(_, t)| t).chain(step.details.as_ref());
                    written.extend(variants.filter_map(|t| t.get(language)).map(|(t, _)| t.to_owned()));
                }
            }
        }
    });
    let unseen: Vec<&String> = written.iter().filter(|w| !shown.contains(w)).collect();
    assert!(written.len() >= 6, "only {} variants written", written.len());
    assert!(unseen.is_empty(), "variants no case shows: {unseen:?}");
}
