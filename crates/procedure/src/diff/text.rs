//! The diff for people, and as scenarios for the author to review and keep.

use std::fmt::Write as _;

use super::{Class, Diff};

/// The rules shown per group in the text; the JSON has them all.
const SHOWN: usize = 12;

/// The diff as text: the interface first, then the summary, then each group of changed
/// classes with its conditions and facts.
#[must_use]
pub fn text(diff: &Diff) -> String {
    let mut out = String::new();
    let side = |v: &super::VersionInfo| format!("{} {} (rules of {})", v.id, v.version, v.as_of);
    let _ = writeln!(out, "diff {} → {}, today {}", side(&diff.old), side(&diff.new), diff.today);
    out.push_str("\ninterface:\n");
    let i = &diff.interface;
    let mut lines = Vec::new();
    lines.extend(i.inputs_added.iter().map(|x| format!("input `{x}` added")));
    lines.extend(i.inputs_removed.iter().map(|x| format!("input `{x}` removed")));
    lines.extend(i.inputs_retyped.iter().map(|r| format!("input `{}` retyped: {} → {}", r.input, r.old, r.new)));
    lines.extend(i.enum_values_added.iter().map(|v| format!("value `{}` of `{}` added", v.value, v.input)));
    lines.extend(i.enum_values_removed.iter().map(|v| format!("value `{}` of `{}` removed", v.value, v.input)));
    let cond = |c: &Option<String>| c.as_deref().map_or_else(|| "always".to_owned(), |c| format!("`{c}`"));
    lines.extend(
        i.ask_when_changed.iter().map(|a| format!("`{}` asked when {} → {}", a.input, cond(&a.old), cond(&a.new))),
    );
    lines.extend(i.ids_added.iter().map(|x| format!("{} `{}` added", x.kind, x.id)));
    lines.extend(i.ids_removed.iter().map(|x| format!("{} `{}` removed", x.kind, x.id)));
    if lines.is_empty() {
        lines.push("no change".into());
    }
    for l in lines {
        let _ = writeln!(out, "  {l}");
    }
    let s = &diff.summary;
    out.push_str("\nanswers:\n");
    let _ = writeln!(
        out,
        "  {} classes compared: {} identical, {} changed ({} combinations are no situation in either version)",
        s.classes, s.identical, s.changed, s.not_situations
    );
    if s.complete {
        out.push_str("  the partition is complete: every class of situations was compared\n");
    } else {
        out.push_str("  the partition is NOT complete");
        if let Some(seed) = s.sampled_seed {
            let _ = write!(out, ": too many classes, situations sampled with seed {seed}");
        }
        if !s.open.is_empty() {
            let _ = write!(out, "; placed at sample values: {}", names(&s.open));
        }
        out.push_str(": a change may hide in a class not compared\n");
    }
    if !s.by_offset.is_empty() {
        let _ = writeln!(
            out,
            "  dates placed by the offsets written in the procedures, from today and from each other: {} (a calendar's closed days are seen only on the dates tried)",
            names(&s.by_offset)
        );
    }
    for group in &diff.changed {
        let _ = writeln!(out, "\nchanged in {} class(es):", group.classes.len());
        for c in &group.changes {
            let _ = writeln!(out, "  {c}");
        }
        if !group.common.is_empty() {
            let _ = writeln!(out, "  all where: {}", group.common.join(" ∧ "));
        }
        let _ = writeln!(out, "  in {} rule(s):", group.rules.len());
        for (n, rule) in group.rules.iter().take(SHOWN).enumerate() {
            let what =
                if rule.conditions.is_empty() { "every situation".into() } else { rule.conditions.join(" ∧ ") };
            let _ = writeln!(out, "  {}. {what} ({} class(es))", n + 1, rule.classes);
            let _ = writeln!(out, "     facts: {}", yaml_facts(&rule.facts));
        }
        if group.rules.len() > SHOWN {
            let _ = writeln!(out, "  … and {} more (see --format json)", group.rules.len() - SHOWN);
        }
    }
    out
}

fn names(ids: &[String]) -> String {
    ids.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ")
}

/// The facts as a one-line YAML mapping.
fn facts(class: &Class) -> String {
    yaml_facts(&class.facts)
}

fn yaml_facts(facts: &std::collections::BTreeMap<String, serde_json::Value>) -> String {
    let parts: Vec<String> = facts.iter().map(|(k, v)| format!("{k}: {}", scalar(v))).collect();
    format!("{{{}}}", parts.join(", "))
}

fn scalar(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => serde_json::Value::String(s.clone()).to_string(),
        other => other.to_string(),
    }
}

/// A scenario file with one case per rule of the changed classes (a class the rule selects,
/// with the facts that reproduce it), expecting the new version's answer, for `procedure`: the
/// author reviews it and keeps what should hold. A class the new version refuses has no case.
#[must_use]
pub fn scenarios(diff: &Diff, procedure: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Written by `procedure diff --write-scenarios`: one case for each rule of the situations whose answer\n# changed, expecting the new version's answer. Review each case before keeping it."
    );
    let _ = writeln!(out, "procedure: {}", serde_json::Value::String(procedure.to_owned()));
    out.push_str("cases:\n");
    let mut n = 0;
    for group in &diff.changed {
        for rule in &group.rules {
            let Some(class) = group.classes.iter().find(|c| c.facts == rule.facts) else { continue };
            let new = &class.new;
            if new.status == "refused" {
                continue;
            }
            n += 1;
            let selects =
                if rule.conditions.is_empty() { "every situation".into() } else { rule.conditions.join(" ∧ ") };
            let name = format!("changed {n}: {selects}");
            let _ = writeln!(out, "  - name: {}", serde_json::Value::String(name));
            let _ = writeln!(out, "    today: \"{}\"", diff.today);
            if diff.new.as_of != diff.today {
                let _ = writeln!(out, "    as_of: \"{}\"", diff.new.as_of);
            }
            if !class.facts.is_empty() {
                let _ = writeln!(out, "    facts: {}", facts(class));
            }
            out.push_str("    expect:\n");
            let _ = writeln!(out, "      status: {}", new.status);
            if let Some(o) = &new.outcome {
                let _ = writeln!(out, "      outcome: {o}");
            }
            if new.status == "needs_input" {
                let _ = writeln!(out, "      needs: [{}]", new.needs.join(", "));
            }
            let absent: Vec<&String> = class.old.documents.iter().filter(|d| !new.documents.contains(d)).collect();
            if !new.documents.is_empty() {
                let _ = writeln!(out, "      documents: [{}]", new.documents.join(", "));
            }
            if !absent.is_empty() {
                let list: Vec<&str> = absent.iter().map(|s| s.as_str()).collect();
                let _ = writeln!(out, "      absent_documents: [{}]", list.join(", "));
            }
            if !new.deadlines.is_empty() {
                let list: Vec<String> =
                    new.deadlines.iter().map(|d| format!("{}: \"{}\"", d.id, d.effective_date)).collect();
                let _ = writeln!(out, "      deadlines: {{{}}}", list.join(", "));
            }
            let gone: Vec<&str> = class
                .old
                .deadlines
                .iter()
                .filter(|d| !new.deadlines.iter().any(|x| x.id == d.id))
                .map(|d| d.id.as_str())
                .collect();
            if !gone.is_empty() {
                let _ = writeln!(out, "      absent_deadlines: [{}]", gone.join(", "));
            }
            if let Some(total) = new.fee_total {
                let _ = writeln!(out, "      fee_total: {total}");
            }
            if !new.warnings.is_empty() {
                let _ = writeln!(out, "      warnings: [{}]", new.warnings.join(", "));
            }
            let quiet: Vec<&str> =
                class.old.warnings.iter().filter(|w| !new.warnings.contains(w)).map(String::as_str).collect();
            if !quiet.is_empty() {
                let _ = writeln!(out, "      absent_warnings: [{}]", quiet.join(", "));
            }
        }
    }
    if n == 0 {
        out = out.replace("cases:\n", "cases: []\n");
    }
    out
}
