//! The result of an evaluation as the reader receives it: one typed model, built once from an
//! [`Evaluation`] in the reader's language, with every authored text the path shows. JSON is
//! its serialisation (`docs/result.schema.json` is generated from it), and the text and
//! Markdown reports read its fields, so a text cannot reach one output and miss another.

use procedure_core::{DeadlineStatus, Evaluation, Input, Node, NodeKind, Note, Procedure, Status, Text, verification};
use procedure_expr::Value;
use procedure_syntax::{OutcomeKind, Verification};
use schemars::JsonSchema;
use serde::Serialize;

use crate::labels::{Labels, labels};

/// The version of the result's shape; it changes only with a documented migration
/// (`docs/evaluation.md`).
pub const SCHEMA_VERSION: u32 = 2;

/// An evaluation in the reader's language.
///
/// ```
/// use procedure::{bind, compile, evaluate, CompileOptions, report::Report};
///
/// let text = "id: demo\nversion: '1'\ntitle: Demo\nlanguages: [en]\ntime_zone: Asia/Tokyo\nstart: go\nsteps:\n  go: {title: Go, details: Call 0120-000-000 first., next: done}\noutcomes:\n  done: {title: Done, kind: done}\n";
/// let procedure = compile(text, &CompileOptions::DEFAULT).procedure.unwrap();
/// let facts = bind(&procedure, &[]).unwrap();
/// let evaluation = evaluate(&procedure, &facts, jiff::civil::date(2026, 11, 25)).unwrap();
/// let report = Report::new(&evaluation, "en");
/// assert_eq!(report.path[0].details.as_deref(), Some("Call 0120-000-000 first."));
/// ```
///
/// The fields of this struct and of every struct in it are declared in the alphabetical order
/// of their JSON names: serialised straight to text, the keys come out sorted, as they always
/// have (the result was once printed through a `serde_json::Value`, whose map sorts them).
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Report {
    /// The date of the act: the rules in force on this day apply.
    pub as_of: String,
    /// The deadlines.
    pub deadlines: Vec<DeadlineInfo>,
    /// The decisions taken, in order, with the facts that decided them.
    pub decisions: Vec<DecisionInfo>,
    /// The checklist of documents.
    pub documents: Vec<DocumentInfo>,
    /// What explains the deadlines, warnings and fees shown: the derived values they read.
    pub explanations: Vec<Explanation>,
    /// The fees and their total.
    pub fees: Fees,
    /// The language of the texts.
    pub language: String,
    /// The questions still to answer, when the status is `needs_input`.
    pub needs: Vec<Need>,
    /// What the engine adds: facts ignored, dates beyond a calendar.
    pub notes: Vec<NoteInfo>,
    /// The outcome, when the walk reached one.
    pub outcome: Option<OutcomeInfo>,
    /// Every node walked, in order: actions, decisions and the outcome.
    pub path: Vec<PathEntry>,
    /// The procedure.
    pub procedure: ProcedureInfo,
    /// The shape's version: [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The sources cited by what is shown.
    pub sources: Vec<SourceInfo>,
    /// `complete`, or `needs_input` when the answer waits on facts (see `needs`).
    pub status: ReportStatus,
    /// The date of evaluation: deadlines count from it.
    pub today: String,
    /// `machine` when a text shown is a machine translation not yet reviewed.
    pub translation: Translation,
    /// The warnings.
    pub warnings: Vec<WarningInfo>,
}

/// Whether the evaluation reached an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    /// An outcome was reached and nothing on the way waits on facts.
    Complete,
    /// The answer waits on the facts named in `needs`.
    NeedsInput,
}

/// Whether the texts shown are reviewed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Translation {
    /// Written or reviewed by a native reader.
    Reviewed,
    /// At least one text shown is a machine translation not yet reviewed.
    Machine,
}

/// How sure a rule is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Tag {
    /// Read in the law or an official source.
    Verified,
    /// From a secondary source.
    Secondary,
    /// Inferred from sources.
    Inferred,
    /// Not verified.
    Unverified,
}

impl From<Verification> for Tag {
    fn from(v: Verification) -> Self {
        match v {
            Verification::Verified => Tag::Verified,
            Verification::Secondary => Tag::Secondary,
            Verification::Inferred => Tag::Inferred,
            Verification::Unverified => Tag::Unverified,
        }
    }
}

/// The procedure answered.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ProcedureInfo {
    /// Its id.
    pub id: String,
    /// What it is about.
    pub summary: Option<String>,
    /// Its title.
    pub title: String,
    /// Its version.
    pub version: String,
}

/// The kind of an end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EndKind {
    /// The procedure is done.
    Done,
    /// Another procedure or office applies.
    Redirect,
    /// The person cannot proceed.
    CannotProceed,
}

/// The outcome reached.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct OutcomeInfo {
    /// More about it.
    pub description: Option<String>,
    /// Its id.
    pub id: String,
    /// What kind of end it is.
    pub kind: EndKind,
    /// What the reader is told.
    pub title: String,
    /// Where to go.
    #[serde(rename = "where")]
    pub place: Option<String>,
}

/// What a node on the path is, for the reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NodeRole {
    /// A step that asks something of the reader.
    Action,
    /// A step or table that only chooses the way.
    Decision,
    /// The end.
    Outcome,
}

/// A node walked.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct PathEntry {
    /// How to do it.
    pub details: Option<String>,
    /// What it is.
    pub kind: NodeRole,
    /// The id of the procedure the node belongs to: the evaluated one, or a sub-procedure it
    /// called (whose node ids may repeat the caller's).
    pub procedure: String,
    /// The node's id.
    pub step: String,
    /// Its title (a table may have none).
    pub title: Option<String>,
    /// Where.
    #[serde(rename = "where")]
    pub place: Option<String>,
    /// The guard or row that led here, as written (empty for the start).
    pub why: String,
}

/// A decision, with what decided it.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct DecisionInfo {
    /// The answers it read, in words.
    pub answers: Vec<Answer>,
    /// The guard or row, as written.
    pub guard: String,
    /// The node that decided.
    pub node: String,
    /// The id of the procedure the node belongs to.
    pub procedure: String,
    /// The ids of the inputs it read.
    pub read: Vec<String>,
    /// The node's title, when it has one.
    pub title: Option<String>,
    /// Whether it held.
    pub value: bool,
}

/// A deadline, warning or fee, with the derived values that explain it.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Explanation {
    /// The derived values its expressions read, described, with their values.
    pub answers: Vec<Answer>,
    /// The id of the deadline, warning or fee.
    pub id: String,
    /// Its title, for a deadline.
    pub title: Option<String>,
}

/// A fact or a derived value in words, as a reason.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Answer {
    /// The answer in words (an enum value's label).
    pub answer: String,
    /// The question, or the derived value's description.
    pub question: String,
}

/// A document on the checklist.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct DocumentInfo {
    /// The step it is brought to.
    pub bring_to: Option<String>,
    /// Its details.
    pub details: Option<String>,
    /// Its id.
    pub id: String,
    /// The requirement's note.
    pub note: Option<String>,
    /// The step where it is obtained.
    pub obtain_at: Option<String>,
    /// The ids of the sources backing it.
    pub sources: Vec<String>,
    /// Its name.
    pub title: String,
    /// How sure the requirement is.
    pub verification: Tag,
}

/// Where a deadline stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineState {
    /// Before the effective date.
    OnTime,
    /// On it.
    LastDay,
    /// After it.
    Late,
}

/// A deadline.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct DeadlineInfo {
    /// The calendar that moved it.
    pub calendar: Option<String>,
    /// How sure it is that the calendar moves this deadline, when the procedure says; absent
    /// where no calendar applies.
    pub calendar_verification: Option<Tag>,
    /// The legal last day.
    pub date: String,
    /// Days from today to the effective date (negative when late).
    pub days_left: i64,
    /// The last day after rolling past closed days.
    pub effective_date: String,
    /// Its id.
    pub id: String,
    /// How the date was reckoned.
    pub note: Option<String>,
    /// The date the calendar would move it to when that move is unverified: the legal date
    /// stands, and this is shown beside it. Absent when the move is certain or moves nothing.
    pub possible_date: Option<String>,
    /// The last open day on or before the legal date: the day to aim for.
    pub safe_date: String,
    /// The ids of the sources backing it.
    pub sources: Vec<String>,
    /// Where today stands.
    pub status: DeadlineState,
    /// What must be done by then.
    pub title: String,
    /// How sure it is.
    pub verification: Tag,
}

/// The fees.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Fees {
    /// Each fee.
    pub items: Vec<FeeInfo>,
    /// Their sum; absent when no fee is stated (which is not "free").
    pub total: Option<Amount>,
}

/// An amount of money.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Amount {
    /// In the currency's unit.
    pub amount: i64,
    /// ISO 4217.
    pub currency: String,
}

/// A fee.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct FeeInfo {
    /// The amount.
    pub amount: i64,
    /// The currency.
    pub currency: String,
    /// Its id.
    pub id: String,
    /// A note.
    pub note: Option<String>,
    /// What it pays for.
    pub title: Option<String>,
    /// How sure it is.
    pub verification: Tag,
    /// When it is paid.
    pub when_paid: Option<String>,
}

/// A warning.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct WarningInfo {
    /// Its id.
    pub id: String,
    /// What the reader is told.
    pub message: String,
    /// How sure it is.
    pub verification: Tag,
}

/// A question still to answer.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Need {
    /// Help for answering.
    pub help: Option<String>,
    /// The input's id (the key of a facts file).
    pub input: String,
    /// The question.
    pub question: String,
    /// Its type: `bool`, `int`, `string`, `date`, `enum` or a list.
    #[serde(rename = "type")]
    pub ty: String,
    /// For an enum: its values with their labels.
    pub values: Vec<Choice>,
}

/// An enum value with its label.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Choice {
    /// The label (what the reader sees).
    pub label: String,
    /// The value (what a facts file says).
    pub value: String,
}

/// A source.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct SourceInfo {
    /// Its id.
    pub id: String,
    /// A note about it.
    pub note: Option<String>,
    /// Its title.
    pub title: String,
    /// Where it can be read.
    pub url: Option<String>,
    /// Its default tag.
    pub verification: Option<Tag>,
}

/// What the engine adds to the answer.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct NoteInfo {
    /// The input or deadline it is about.
    pub about: String,
    /// What kind of note it is.
    pub kind: NoteKind,
    /// The note in the reader's language.
    pub text: String,
}

/// The kinds of engine note.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    /// A fact was given for a question not asked in this situation, and ignored.
    FactIgnored,
    /// A deadline lies beyond its calendar's years and is shown unmoved.
    OutsideCalendar,
}

/// Texts in the reader's language, remembering whether one shown is a machine translation.
struct Texts<'l> {
    language: &'l str,
    machine: bool,
}

impl Texts<'_> {
    /// The text in the language, marked with the language it fell back to.
    fn text(&mut self, t: &Text) -> String {
        match t.get(self.language) {
            Some((s, false)) => {
                if t.is_machine(self.language) {
                    self.machine = true;
                }
                s.to_owned()
            }
            Some((s, true)) => {
                let lang = t.by_language.first().map_or("", |(l, _)| l.as_str());
                format!("[{lang}] {s}")
            }
            None => String::new(),
        }
    }

    fn opt(&mut self, t: Option<&Text>) -> Option<String> {
        t.map(|t| self.text(t))
    }
}

/// Whether a step only chooses the way: it asks nothing of the reader and says nothing.
fn is_decision(node: &Node) -> bool {
    match &node.kind {
        NodeKind::Step(s) => {
            s.details.is_none()
                && s.place.is_none()
                && s.obtain.is_empty()
                && s.bring.is_empty()
                && s.deadlines.is_empty()
                && s.fees.is_empty()
                && s.warnings.is_empty()
                && s.call.is_none()
                && s.next.iter().any(|b| b.when.is_some())
        }
        NodeKind::Table(_) => true,
        NodeKind::Outcome(_) => false,
    }
}

/// A value in words for the reader: an enum value by its label, a bool as yes or no.
fn in_words(value: &Value, input: Option<&Input>, tx: &mut Texts<'_>, l: &Labels) -> String {
    match value {
        Value::Bool(true) => l.yes.to_owned(),
        Value::Bool(false) => l.no.to_owned(),
        Value::String(s) => match input.and_then(|i| i.labels.iter().find(|(v, _)| v.as_str() == &**s)) {
            Some((_, label)) => tx.text(label),
            None => s.to_string(),
        },
        Value::Date(d) => d.to_string(),
        Value::Int(i) => i.to_string(),
        other => other.to_string(),
    }
}

impl Report {
    /// The report as JSON text, on one line, its keys sorted.
    #[must_use]
    pub fn to_json(&self) -> String {
        // Serialising fails only for a map with non-string keys or a failing `Serialize` impl;
        // the report has neither.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The evaluation in `language` (a language the procedure has; another falls back to the
    /// first, marked `[en]`).
    #[must_use]
    pub fn new(e: &Evaluation<'_>, language: &str) -> Report {
        let p = e.procedure;
        let l = labels(language);
        let mut tx = Texts { language, machine: false };
        let mut cited: Vec<usize> = Vec::new();
        let mut cite = |c: &procedure_core::Citation| {
            for &i in &c.sources {
                if !cited.contains(&i) {
                    cited.push(i);
                }
            }
        };
        let source_ids = |c: &procedure_core::Citation| -> Vec<String> {
            c.sources.iter().filter_map(|&i| p.sources.get(i)).map(|s| s.id.clone()).collect()
        };
        let tag = |c: &procedure_core::Citation| Tag::from(verification(c));
        let mut path = Vec::with_capacity(e.path.len());
        for s in &e.path {
            let role = match &s.node.kind {
                NodeKind::Outcome(_) => NodeRole::Outcome,
                _ if is_decision(s.node) => NodeRole::Decision,
                _ => NodeRole::Action,
            };
            let (title, details, place) = match &s.node.kind {
                NodeKind::Step(step) => {
                    cite(&step.citation);
                    (Some(tx.text(&step.title)), tx.opt(step.details.as_ref()), tx.opt(step.place.as_ref()))
                }
                NodeKind::Table(t) => (tx.opt(t.title.as_ref()), None, None),
                NodeKind::Outcome(o) => (Some(tx.text(&o.title)), None, tx.opt(o.place.as_ref())),
            };
            // A node of a sub-procedure is found among the callees' nodes; most evaluations call none.
            let owner = if e.callees.is_empty() {
                p
            } else {
                e.procedures().map(|(q, _)| q).find(|q| q.nodes.iter().any(|n| std::ptr::eq(n, s.node))).unwrap_or(p)
            };
            path.push(PathEntry {
                step: s.node.id.clone(),
                procedure: owner.id.clone(),
                kind: role,
                title,
                details,
                place,
                why: s.why.to_owned(),
            });
        }
        let decisions = e
            .decisions
            .iter()
            .map(|d| {
                let values = e.values_of(d.procedure).map(|v| (d.procedure, v));
                let title = match &d.node.kind {
                    NodeKind::Step(s) => Some(tx.text(&s.title)),
                    NodeKind::Table(t) => tx.opt(t.title.as_ref()),
                    NodeKind::Outcome(_) => None,
                };
                DecisionInfo {
                    node: d.node.id.clone(),
                    procedure: d.procedure.id.clone(),
                    title,
                    guard: d.guard.to_owned(),
                    value: d.value,
                    read: d.read.iter().filter_map(|&i| d.procedure.inputs.get(i)).map(|i| i.id.clone()).collect(),
                    answers: answers(d, values, &mut tx, &l),
                }
            })
            .collect();
        let documents = e
            .documents
            .iter()
            .map(|d| {
                cite(d.citation);
                DocumentInfo {
                    id: d.document.id.clone(),
                    title: tx.text(&d.document.title),
                    details: tx.opt(d.document.details.as_ref()),
                    note: tx.opt(d.note),
                    obtain_at: d.obtain_at.map(|n| n.id.clone()),
                    bring_to: d.bring_to.map(|n| n.id.clone()),
                    verification: tag(d.citation),
                    sources: source_ids(d.citation),
                }
            })
            .collect();
        let deadlines = e
            .deadlines
            .iter()
            .map(|d| {
                cite(&d.deadline.citation);
                DeadlineInfo {
                    id: d.deadline.id.clone(),
                    title: tx.text(&d.deadline.title),
                    date: d.date.to_string(),
                    effective_date: d.effective_date.to_string(),
                    safe_date: d.safe_date.to_string(),
                    status: match d.status {
                        DeadlineStatus::OnTime => DeadlineState::OnTime,
                        DeadlineStatus::LastDay => DeadlineState::LastDay,
                        DeadlineStatus::Late => DeadlineState::Late,
                    },
                    days_left: d.days_left,
                    calendar: d.calendar.map(str::to_owned),
                    calendar_verification: d.calendar.and(d.deadline.calendar_verification).map(Tag::from),
                    possible_date: d.possible_date.map(|p| p.to_string()),
                    note: tx.opt(d.deadline.note.as_ref()),
                    verification: tag(&d.deadline.citation),
                    sources: source_ids(&d.deadline.citation),
                }
            })
            .collect();
        let items = e
            .fees
            .iter()
            .map(|f| {
                cite(&f.fee.citation);
                FeeInfo {
                    id: f.fee.id.clone(),
                    title: tx.opt(f.fee.title.as_ref()),
                    amount: f.fee.amount,
                    currency: f.fee.currency.clone(),
                    when_paid: tx.opt(f.fee.when_paid.as_ref()),
                    note: tx.opt(f.fee.note.as_ref()),
                    verification: tag(&f.fee.citation),
                }
            })
            .collect();
        let total = e.fee_total().map(|(amount, currency)| Amount { amount, currency: currency.to_owned() });
        let warnings = e
            .warnings
            .iter()
            .map(|w| {
                cite(&w.warning.citation);
                WarningInfo {
                    id: w.warning.id.clone(),
                    message: tx.text(&w.warning.message),
                    verification: tag(&w.warning.citation),
                }
            })
            .collect();
        let needs = e
            .needs
            .iter()
            .map(|i| Need {
                input: i.id.clone(),
                ty: match &i.ty {
                    procedure_expr::Type::Enum(_) => "enum".into(),
                    other => other.to_string(),
                },
                values: i.labels.iter().map(|(v, label)| Choice { value: v.clone(), label: tx.text(label) }).collect(),
                question: tx.text(&i.question),
                help: tx.opt(i.help.as_ref()),
            })
            .collect();
        let outcome = e.outcome.and_then(|n| match &n.kind {
            NodeKind::Outcome(o) => {
                cite(&o.citation);
                Some(OutcomeInfo {
                    id: n.id.clone(),
                    title: tx.text(&o.title),
                    kind: match o.kind {
                        OutcomeKind::Done => EndKind::Done,
                        OutcomeKind::Redirect => EndKind::Redirect,
                        OutcomeKind::CannotProceed => EndKind::CannotProceed,
                    },
                    description: tx.opt(o.description.as_ref()),
                    place: tx.opt(o.place.as_ref()),
                })
            }
            _ => None,
        });
        let sources = cited
            .iter()
            .filter_map(|&i| p.sources.get(i))
            .map(|s| SourceInfo {
                id: s.id.clone(),
                title: tx.text(&s.title),
                url: s.url.clone(),
                verification: s.verification.map(Tag::from),
                note: tx.opt(s.note.as_ref()),
            })
            .collect();
        let notes = e.notes.iter().map(|n| note(n, &mut tx, &l)).collect();
        let explanations = explanations(e, &mut tx, &l);
        let title = tx.text(&p.title);
        let summary = tx.opt(p.summary.as_ref());
        Report {
            schema_version: SCHEMA_VERSION,
            status: match e.status {
                Status::Complete => ReportStatus::Complete,
                Status::NeedsInput => ReportStatus::NeedsInput,
            },
            procedure: ProcedureInfo { id: p.id.clone(), version: p.version.clone(), title, summary },
            language: language.to_owned(),
            translation: if tx.machine { Translation::Machine } else { Translation::Reviewed },
            today: e.today.to_string(),
            as_of: e.as_of.to_string(),
            outcome,
            path,
            decisions,
            explanations,
            documents,
            deadlines,
            fees: Fees { total, items },
            warnings,
            needs,
            sources,
            notes,
        }
    }
}

/// A procedure evaluated, with the values its evaluation saw, by slot.
type Seen<'a> = (&'a Procedure, &'a [Option<Value>]);

/// The facts and derived values a decision read, in words.
fn answers(d: &procedure_core::Decision<'_>, values: Option<Seen<'_>>, tx: &mut Texts<'_>, l: &Labels) -> Vec<Answer> {
    let Some(values) = values else { return Vec::new() };
    let mut out = Vec::new();
    for input in d.read.iter().filter_map(|&i| d.procedure.inputs.get(i)) {
        if let Some(v) = values.1.get(input.slot.index()).and_then(Option::as_ref) {
            let answer = in_words(v, Some(input), tx, l);
            out.push(Answer { question: tx.text(&input.question), answer });
        }
    }
    out.extend(derived(d.lets.iter().filter_map(|&i| d.procedure.lets.get(i)), values, tx, l));
    out
}

/// Derived values with a description and a value, in words: the description, then the value;
/// with them, the described values they are computed from (`opens_on` behind `too_early`).
fn derived<'a>(
    lets: impl Iterator<Item = &'a procedure_core::Let>,
    (procedure, values): Seen<'a>,
    tx: &mut Texts<'_>,
    l: &Labels,
) -> Vec<Answer> {
    let mut seen: Vec<&procedure_core::Let> = lets.collect();
    let mut next = 0;
    while let Some(derived) = seen.get(next).copied() {
        for inner in procedure.lets_read(&derived.program) {
            if let Some(inner) = procedure.lets.get(inner)
                && !seen.iter().any(|s| std::ptr::eq(*s, inner))
            {
                seen.push(inner);
            }
        }
        next += 1;
    }
    let mut out = Vec::new();
    for derived in seen {
        if let (Some(description), Some(v)) =
            (&derived.description, values.get(derived.slot.index()).and_then(Option::as_ref))
        {
            let answer = in_words(v, None, tx, l);
            out.push(Answer { question: tx.text(description), answer });
        }
    }
    out
}

/// What explains the deadlines, warnings and fees shown: the derived values their expressions
/// read, with their descriptions and values (`The last day to return the old card → 2026-12-04`).
fn explanations(e: &Evaluation<'_>, tx: &mut Texts<'_>, l: &Labels) -> Vec<Explanation> {
    type Item<'a> = (&'a str, Option<&'a Text>, Vec<&'a procedure_expr::Program>, Option<Seen<'a>>);
    let mut items: Vec<Item<'_>> = Vec::new();
    for d in &e.deadlines {
        let programs = std::iter::once(&d.deadline.date).chain(d.deadline.when.as_ref()).collect();
        let owner = e.procedures().find(|(p, _)| owns(p, |s| s.deadlines.iter().any(|x| std::ptr::eq(x, d.deadline))));
        items.push((&d.deadline.id, Some(&d.deadline.title), programs, owner));
    }
    for w in &e.warnings {
        let owner = e.procedures().find(|(p, _)| {
            owns(p, |s| {
                s.warnings.iter().any(|x| std::ptr::eq(x, w.warning))
                    || s.deadlines.iter().any(|d| d.warnings.iter().any(|(_, x)| std::ptr::eq(x, w.warning)))
            })
        });
        items.push((&w.warning.id, None, w.warning.when.iter().collect(), owner));
    }
    for f in &e.fees {
        let owner = e.procedures().find(|(p, _)| owns(p, |s| s.fees.iter().any(|x| std::ptr::eq(x, f.fee))));
        items.push((&f.fee.id, None, f.fee.when.iter().collect(), owner));
    }
    let mut out = Vec::new();
    for (id, title, programs, owner) in items {
        let Some(seen @ (procedure, _)) = owner else { continue };
        let mut lets: Vec<usize> = programs.iter().flat_map(|p| procedure.lets_read(p)).collect();
        lets.sort_unstable();
        lets.dedup();
        let answers = derived(lets.iter().filter_map(|&i| procedure.lets.get(i)), seen, tx, l);
        if !answers.is_empty() {
            out.push(Explanation { id: id.to_owned(), title: title.map(|t| tx.text(t)), answers });
        }
    }
    out
}

/// Whether a step of `procedure` holds what `has` looks for.
fn owns(procedure: &Procedure, has: impl Fn(&procedure_core::Step) -> bool) -> bool {
    procedure.nodes.iter().any(|n| matches!(&n.kind, NodeKind::Step(s) if has(s)))
}

fn note(n: &Note<'_>, tx: &mut Texts<'_>, l: &Labels) -> NoteInfo {
    match n {
        Note::FactIgnored { input } => NoteInfo {
            kind: NoteKind::FactIgnored,
            about: input.id.clone(),
            text: l.fact_ignored.replace("{question}", &tx.text(&input.question)),
        },
        Note::OutsideCalendar { deadline, date } => NoteInfo {
            kind: NoteKind::OutsideCalendar,
            about: deadline.id.clone(),
            text: l.outside_calendar.replace("{title}", &tx.text(&deadline.title)).replace("{date}", &date.to_string()),
        },
    }
}

/// The JSON Schema of the result, generated from [`Report`].
#[must_use]
pub fn json_schema() -> schemars::Schema {
    let mut schema = schemars::schema_for!(Report);
    schema.insert("title".into(), "procedure evaluation result".into());
    schema.insert(
        "description".into(),
        format!(
            "The result of `procedure eval --format json` (schema version {SCHEMA_VERSION}). See docs/evaluation.md."
        )
        .into(),
    );
    schema
}
