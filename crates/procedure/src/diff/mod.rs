//! `procedure diff`: which situations get a different answer from two versions of a
//! procedure (two files, or one file on two dates of the act), each change with the
//! conditions that select it and facts that reproduce it; and first, what the versions
//! declare differently. The situations are the classes of [`procedure_core::situations`],
//! walked over both versions together.

mod answer;
mod interface;
mod text;

use std::collections::BTreeMap;

use jiff::civil::Date;
use procedure_core::situations::{self, Answer, Condition, Range, Version, Visit};
use procedure_expr::Value;
use serde::Serialize;

pub use answer::{DeadlineSummary, FeeSummary, Summary};
pub use interface::{AskWhenChange, EnumValue, Id, Interface, Retyped, Side};
pub use text::{scenarios, text};

/// The whole comparison of two versions (`procedure diff --format json`).
#[derive(Clone, Debug, Serialize)]
pub struct Diff {
    /// The classes whose answers differ, grouped by what changed.
    pub changed: Vec<Group>,
    /// What the versions declare differently.
    pub interface: Interface,
    /// The new version.
    pub new: VersionInfo,
    /// The old version.
    pub old: VersionInfo,
    /// How many classes were compared, and how sure the comparison is.
    pub summary: DiffSummary,
    /// The date of evaluation: deadlines count from it, and dates in conditions are relative
    /// to it.
    pub today: String,
}

impl Diff {
    /// Whether some answer or the interface differs.
    #[must_use]
    pub fn differs(&self) -> bool {
        !self.changed.is_empty() || !self.interface.is_empty()
    }
}

/// Which version was compared.
#[derive(Clone, Debug, Serialize)]
pub struct VersionInfo {
    /// The date of the act whose rules applied.
    pub as_of: String,
    /// The procedure's id.
    pub id: String,
    /// The procedure's `version`.
    pub version: String,
}

/// How the comparison went.
#[derive(Clone, Debug, Serialize)]
pub struct DiffSummary {
    /// Date inputs placed by offsets from `today` and from each other.
    pub by_offset: Vec<String>,
    /// Classes whose answers differ.
    pub changed: usize,
    /// Classes compared.
    pub classes: usize,
    /// Whether every class of the partition was compared (no sampling, no input at sample
    /// values): only then does "no change" mean no change.
    pub complete: bool,
    /// Classes with the same answer from both versions.
    pub identical: usize,
    /// Combinations neither version accepts as a situation.
    pub not_situations: usize,
    /// Inputs placed at sample values.
    pub open: Vec<String>,
    /// The seed of the sampling, when the classes were too many to compare all.
    pub sampled_seed: Option<u64>,
}

/// Classes that changed in the same way.
#[derive(Clone, Debug, Serialize)]
pub struct Group {
    /// What changed, one line per aspect.
    pub changes: Vec<String>,
    /// The classes.
    pub classes: Vec<Class>,
    /// The conditions every class of the group shares.
    pub common: Vec<String>,
    /// The classes merged: each rule selects only classes of this group (of the classes
    /// compared), and together they select all of them.
    pub rules: Vec<Rule>,
}

/// Conditions that select classes of one group only.
#[derive(Clone, Debug, Serialize)]
pub struct Rule {
    /// How many classes it selects.
    pub classes: usize,
    /// The conditions.
    pub conditions: Vec<String>,
    /// Facts that reproduce one of its classes.
    pub facts: BTreeMap<String, serde_json::Value>,
}

/// A class whose answer changed.
#[derive(Clone, Debug, Serialize)]
pub struct Class {
    /// The conditions that select it.
    pub conditions: Vec<String>,
    /// Facts that reproduce it, as a facts file gives them.
    pub facts: BTreeMap<String, serde_json::Value>,
    /// The new version's answer.
    pub new: Summary,
    /// The old version's answer.
    pub old: Summary,
}

/// Compares `old` and `new` over every class of their situations on `today`.
#[must_use]
pub fn diff(old: &Side<'_>, new: &Side<'_>, today: Date) -> Diff {
    diff_within(old, new, today, situations::MAX_NODES)
}

/// [`diff`] with a budget of evaluations, past which it samples.
#[must_use]
pub fn diff_within(old: &Side<'_>, new: &Side<'_>, today: Date, max_nodes: usize) -> Diff {
    let versions = [
        Version { procedure: old.procedure, as_of: old.as_of },
        Version { procedure: new.procedure, as_of: new.as_of },
    ];
    let mut collect = Collect { today, groups: Vec::new(), identical: 0, leaves: Vec::new() };
    let partition = situations::partition_within(&versions, today, max_nodes, &mut collect);
    let changed: usize = collect.groups.iter().map(|g| g.classes.len()).sum();
    let merged = if partition.sampled.is_none() { merge(&collect.leaves, collect.groups.len()) } else { Vec::new() };
    for (g, group) in collect.groups.iter_mut().enumerate() {
        group.common = common(&group.classes);
        group.rules = match merged.get(g) {
            Some(rules) => rules
                .iter()
                .map(|(prefix, count)| Rule {
                    classes: *count,
                    conditions: prefix.clone(),
                    facts: group
                        .classes
                        .iter()
                        .find(|c| prefix.iter().all(|p| c.conditions.contains(p)))
                        .map(|c| c.facts.clone())
                        .unwrap_or_default(),
                })
                .collect(),
            // Sampled: classes not drawn may lie between, so none is merged.
            None => group
                .classes
                .iter()
                .map(|c| Rule { classes: 1, conditions: c.conditions.clone(), facts: c.facts.clone() })
                .collect(),
        };
    }
    let info = |side: &Side<'_>| VersionInfo {
        as_of: side.as_of.to_string(),
        id: side.procedure.id.clone(),
        version: side.procedure.version.clone(),
    };
    Diff {
        changed: collect.groups,
        interface: interface::compare(old, new),
        new: info(new),
        old: info(old),
        summary: DiffSummary {
            by_offset: partition.by_offset,
            changed,
            classes: partition.classes,
            complete: partition.complete,
            identical: collect.identical,
            not_situations: partition.not_situations,
            open: partition.open,
            sampled_seed: partition.sampled,
        },
        today: today.to_string(),
    }
}

/// The conditions all `classes` share.
fn common(classes: &[Class]) -> Vec<String> {
    let Some((first, rest)) = classes.split_first() else { return Vec::new() };
    first.conditions.iter().filter(|c| rest.iter().all(|r| r.conditions.contains(c))).cloned().collect()
}

/// For each group, rules that select its classes: each class's conditions with every
/// condition dropped that can go while no class of another group (or with the same answer)
/// meets the rest, found greedily; a class a rule already selects gets none of its own. A
/// rule is said of the classes compared, so it is only made from a complete walk.
fn merge(leaves: &[(Vec<String>, Option<usize>)], groups: usize) -> Vec<Vec<(Vec<String>, usize)>> {
    // Conditions as numbers, each leaf's sorted, so that "meets every condition" is a merge.
    let mut ids: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
    let coded: Vec<(Vec<u32>, Option<usize>)> = leaves
        .iter()
        .map(|(conditions, group)| {
            let mut codes: Vec<u32> = conditions
                .iter()
                .map(|c| {
                    let next = u32::try_from(ids.len()).unwrap_or(u32::MAX);
                    *ids.entry(c.as_str()).or_insert(next)
                })
                .collect();
            codes.sort_unstable();
            (codes, *group)
        })
        .collect();
    let meets = |leaf: &[u32], rule: &[u32]| rule.iter().all(|c| leaf.binary_search(c).is_ok());
    let mut out: Vec<Vec<(Vec<String>, usize)>> = vec![Vec::new(); groups];
    let mut rules: Vec<Vec<Vec<u32>>> = vec![Vec::new(); groups];
    for ((codes, group), (conditions, _)) in coded.iter().zip(leaves) {
        let Some(g) = *group else { continue };
        let Some(known) = rules.get_mut(g) else { continue };
        if known.iter().any(|r| meets(codes, r)) {
            continue;
        }
        // Conditions in the order of the walk, as numbers.
        let mut rule: Vec<u32> = conditions.iter().filter_map(|c| ids.get(c.as_str()).copied()).collect();
        // The last split first: the walk splits on what decides the way before the details.
        for at in (0..rule.len()).rev() {
            let mut without = rule.clone();
            without.remove(at);
            let mut sorted = without.clone();
            sorted.sort_unstable();
            if coded.iter().all(|(leaf, other)| *other == Some(g) || !meets(leaf, &sorted)) {
                rule = without;
            }
        }
        let mut sorted = rule.clone();
        sorted.sort_unstable();
        known.push(sorted);
        let text: Vec<String> =
            conditions.iter().filter(|c| ids.get(c.as_str()).is_some_and(|id| rule.contains(id))).cloned().collect();
        if let Some(list) = out.get_mut(g) {
            list.push((text, 0));
        }
    }
    // How many classes each rule selects.
    for (g, list) in out.iter_mut().enumerate() {
        let Some(known) = rules.get(g) else { continue };
        for ((_, count), rule) in list.iter_mut().zip(known) {
            *count = coded.iter().filter(|(leaf, group)| *group == Some(g) && meets(leaf, rule)).count();
        }
    }
    out
}

struct Collect {
    today: Date,
    groups: Vec<Group>,
    identical: usize,
    /// Every class's conditions, with its group (`None`: identical), in the walk's order.
    leaves: Vec<(Vec<String>, Option<usize>)>,
}

impl<'p> Visit<'p> for Collect {
    fn class(&mut self, conditions: &[Condition], answers: &[Answer<'_, 'p>]) {
        let (Some(old), Some(new)) = (answers.first(), answers.get(1)) else { return };
        let (old, new) = (answer::summarise(old), answer::summarise(new));
        let changes = answer::changes(&old, &new);
        let described: Vec<String> = conditions.iter().map(|c| describe(c, self.today)).collect();
        if changes.is_empty() {
            self.identical += 1;
            self.leaves.push((described, None));
            return;
        }
        let group = self.groups.iter().position(|g| g.changes == changes).unwrap_or(self.groups.len());
        self.leaves.push((described.clone(), Some(group)));
        let class = Class {
            conditions: described,
            facts: conditions.iter().map(|c| (c.input.clone(), fact(&c.value))).collect(),
            new,
            old,
        };
        match self.groups.get_mut(group) {
            Some(g) => g.classes.push(class),
            None => self.groups.push(Group { changes, classes: vec![class], common: Vec::new(), rules: Vec::new() }),
        }
    }

    fn restart(&mut self) {
        self.groups.clear();
        self.identical = 0;
        self.leaves.clear();
    }
}

/// A value as a facts file writes it.
pub(crate) fn fact(value: &Value) -> serde_json::Value {
    match value {
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Int(n) => serde_json::Value::from(*n),
        Value::String(s) => serde_json::Value::String(s.to_string()),
        Value::Date(d) => serde_json::Value::String(d.to_string()),
        other => serde_json::Value::String(other.to_string()),
    }
}

/// A condition in words: `cause = stolen`, `age ≥ 17`, `learned_on ≤ today − 15 days`.
#[must_use]
pub fn describe(condition: &Condition, today: Date) -> String {
    let show = |v: &Value| match v {
        Value::Date(d) => relative(*d, today),
        Value::String(s) => s.to_string(),
        other => other.to_string(),
    };
    let name = &condition.input;
    match &condition.range {
        Range::Exactly => format!("{name} = {}", show(&condition.value)),
        Range::Between { lo: None, hi: None } => format!("{name} is any value"),
        Range::Between { lo: Some(lo), hi: None } => format!("{name} ≥ {}", show(lo)),
        Range::Between { lo: None, hi: Some(hi) } => format!("{name} ≤ {}", show(hi)),
        Range::Between { lo: Some(lo), hi: Some(hi) } if lo == hi => format!("{name} = {}", show(lo)),
        Range::Between { lo: Some(lo), hi: Some(hi) } => format!("{} ≤ {name} ≤ {}", show(lo), show(hi)),
    }
}

/// A date as days from `today`: `today`, `today + 3 days`, `today − 15 days`.
fn relative(date: Date, today: Date) -> String {
    let days = (date - today).get_days();
    match days {
        0 => "today".into(),
        1 => "today + 1 day".into(),
        -1 => "today − 1 day".into(),
        d if d > 0 => format!("today + {d} days"),
        d => format!("today − {} days", d.unsigned_abs()),
    }
}
