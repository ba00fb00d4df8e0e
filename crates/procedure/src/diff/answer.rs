//! One version's answer for a class, reduced to what a reviewer compares: status and needs,
//! outcome, path, documents, deadlines, fees and warnings, by id.

use procedure_core::situations::Answer;
use procedure_core::{DeadlineStatus, Status};
use serde::Serialize;

/// What one version answers for one class.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// The deadlines, by id, with their dates and where today stands.
    pub deadlines: Vec<DeadlineSummary>,
    /// The documents on the checklist, by id.
    pub documents: Vec<String>,
    /// The codes of the errors, when the version refused the situation.
    pub errors: Vec<String>,
    /// The sum of the fees, when some fee applies.
    pub fee_total: Option<i64>,
    /// The fees, by id.
    pub fees: Vec<FeeSummary>,
    /// The inputs still needed.
    pub needs: Vec<String>,
    /// The outcome reached.
    pub outcome: Option<String>,
    /// The nodes walked, by id.
    pub path: Vec<String>,
    /// `complete`, `needs_input` or `refused`.
    pub status: &'static str,
    /// The warnings shown, by id.
    pub warnings: Vec<String>,
}

/// A deadline of an answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DeadlineSummary {
    /// The legal last day.
    pub date: String,
    /// The day after rolling past closed days.
    pub effective_date: String,
    /// Its id.
    pub id: String,
    /// The first day of its window, where it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opens: Option<String>,
    /// `not_yet_open`, `on_time`, `last_day` or `late`.
    pub status: &'static str,
}

/// A fee of an answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FeeSummary {
    /// The amount; `None` when the office sets it or it waits on an answer.
    pub amount: Option<i64>,
    /// Its currency.
    pub currency: String,
    /// Its id.
    pub id: String,
}

/// The summary of `answer`.
pub fn summarise(answer: &Answer<'_, '_>) -> Summary {
    let evaluation = match answer {
        Answer::Refused(errors) => {
            return Summary {
                status: "refused",
                errors: errors.iter().map(|d| d.code.as_str().to_owned()).collect(),
                ..Summary::default()
            };
        }
        Answer::Evaluated(e) => e,
    };
    Summary {
        deadlines: evaluation
            .deadlines
            .iter()
            .map(|d| DeadlineSummary {
                date: d.date.to_string(),
                effective_date: d.effective_date.to_string(),
                id: d.deadline.id.clone(),
                opens: d.opens.map(|o| o.to_string()),
                status: deadline_status(d.status),
            })
            .collect(),
        documents: evaluation.documents.iter().map(|d| d.document.id.clone()).collect(),
        errors: Vec::new(),
        fee_total: evaluation.fee_total().map(|(total, _)| total),
        fees: evaluation
            .fees
            .iter()
            .map(|f| FeeSummary { amount: f.amount, currency: f.fee.currency.clone(), id: f.fee.id.clone() })
            .collect(),
        needs: evaluation.needs.iter().map(|i| i.id.clone()).collect(),
        outcome: evaluation.outcome.map(|n| n.id.clone()),
        path: evaluation.path.iter().map(|p| p.node.id.clone()).collect(),
        status: match evaluation.status {
            Status::Complete => "complete",
            Status::NeedsInput => "needs_input",
        },
        warnings: evaluation.warnings.iter().map(|w| w.warning.id.clone()).collect(),
    }
}

/// A deadline status as the JSON result writes it.
pub fn deadline_status(status: DeadlineStatus) -> &'static str {
    match status {
        DeadlineStatus::NotYetOpen => "not_yet_open",
        DeadlineStatus::OnTime => "on_time",
        DeadlineStatus::LastDay => "last_day",
        DeadlineStatus::Late => "late",
    }
}

/// What differs between two answers, one line per aspect, free of the class's own dates so
/// that classes with the same change group together.
pub fn changes(old: &Summary, new: &Summary) -> Vec<String> {
    let mut out = Vec::new();
    // A situation one version refuses: the other's answer in short, not every aspect added.
    if old.status != new.status && (old.status == "refused" || new.status == "refused") {
        let show = |a: &Summary| match (a.status, &a.outcome) {
            ("refused", _) => {
                format!("refused ({})", a.errors.iter().map(|e| format!("`{e}`")).collect::<Vec<_>>().join(", "))
            }
            (status, Some(outcome)) => format!("{status} at `{outcome}`"),
            (status, None) => status.to_owned(),
        };
        out.push(format!("answer: {} → {}", show(old), show(new)));
        return out;
    }
    if old.status != new.status {
        out.push(format!("status: {} → {}", old.status, new.status));
    }
    if old.errors != new.errors {
        out.push(format!("errors: {}", added_removed(&old.errors, &new.errors)));
    }
    if old.needs != new.needs {
        out.push(format!("needs: {}", added_removed(&old.needs, &new.needs)));
    }
    if old.outcome != new.outcome {
        let show = |o: &Option<String>| o.as_deref().map_or_else(|| "none".to_owned(), |o| format!("`{o}`"));
        out.push(format!("outcome: {} → {}", show(&old.outcome), show(&new.outcome)));
    }
    if old.path != new.path {
        out.push(format!("path: {}", added_removed(&old.path, &new.path)));
    }
    if old.documents != new.documents {
        let (added, removed) = (minus(&new.documents, &old.documents), minus(&old.documents, &new.documents));
        if added.is_empty() && removed.is_empty() {
            out.push("documents: same documents in another order".into());
        } else {
            out.push(format!("documents: {}", added_removed(&old.documents, &new.documents)));
        }
    }
    deadline_changes(old, new, &mut out);
    let fee = |f: &FeeSummary| match f.amount {
        Some(amount) => format!("{} ({amount} {})", f.id, f.currency),
        None => format!("{} (amount not known)", f.id),
    };
    let (old_fees, new_fees): (Vec<String>, Vec<String>) =
        (old.fees.iter().map(fee).collect(), new.fees.iter().map(fee).collect());
    if old_fees != new_fees {
        out.push(format!("fees: {}", added_removed(&old_fees, &new_fees)));
    }
    if old.fee_total != new.fee_total {
        let show = |t: Option<i64>| t.map_or_else(|| "none".to_owned(), |t| t.to_string());
        out.push(format!("fee total: {} → {}", show(old.fee_total), show(new.fee_total)));
    }
    if old.warnings != new.warnings {
        out.push(format!("warnings: {}", added_removed(&old.warnings, &new.warnings)));
    }
    out
}

/// The changes of the deadlines: added, removed, or moved (in days) and their status.
fn deadline_changes(old: &Summary, new: &Summary, out: &mut Vec<String>) {
    for d in &old.deadlines {
        match new.deadlines.iter().find(|n| n.id == d.id) {
            None => out.push(format!("deadline `{}`: removed", d.id)),
            Some(n) => {
                let mut parts = Vec::new();
                if let Some(days) = shift(&d.date, &n.date) {
                    parts.push(format!("legal date {days}"));
                }
                if let Some(days) = shift(&d.effective_date, &n.effective_date) {
                    parts.push(format!("effective date {days}"));
                }
                match (&d.opens, &n.opens) {
                    (Some(a), Some(b)) => parts.extend(shift(a, b).map(|days| format!("first day {days}"))),
                    (None, Some(_)) => parts.push("now opens on a first day".to_owned()),
                    (Some(_), None) => parts.push("no longer has a first day".to_owned()),
                    (None, None) => {}
                }
                if d.status != n.status {
                    parts.push(format!("status {} → {}", d.status, n.status));
                }
                if !parts.is_empty() {
                    out.push(format!("deadline `{}`: {}", d.id, parts.join(", ")));
                }
            }
        }
    }
    for n in &new.deadlines {
        if !old.deadlines.iter().any(|d| d.id == n.id) {
            out.push(format!("deadline `{}`: added", n.id));
        }
    }
}

/// `+N days` from `old` to `new`, or `None` when they are the same day.
fn shift(old: &str, new: &str) -> Option<String> {
    if old == new {
        return None;
    }
    let (Ok(a), Ok(b)) = (old.parse::<jiff::civil::Date>(), new.parse::<jiff::civil::Date>()) else {
        return Some(format!("{old} → {new}"));
    };
    let days = (b - a).get_days();
    Some(format!("{days:+} day{}", if days.abs() == 1 { "" } else { "s" }))
}

/// `+ a, − b`: what `new` has that `old` lacks and the reverse; the order alone when nothing
/// was added or removed.
fn added_removed(old: &[String], new: &[String]) -> String {
    let mut parts: Vec<String> = minus(new, old).into_iter().map(|s| format!("+ `{s}`")).collect();
    parts.extend(minus(old, new).into_iter().map(|s| format!("− `{s}`")));
    if parts.is_empty() {
        return format!("{} → {}", old.join(" → "), new.join(" → "));
    }
    parts.join(", ")
}

fn minus<'a>(a: &'a [String], b: &[String]) -> Vec<&'a str> {
    a.iter().filter(|x| !b.contains(x)).map(String::as_str).collect()
}
