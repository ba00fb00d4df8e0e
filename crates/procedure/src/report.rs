//! The result of an evaluation as the reader receives it: one typed model, built once from an
//! [`Evaluation`] in the reader's language, with every authored text the path shows. JSON is
//! its serialisation (`docs/result.schema.json` is generated from it), and the text and
//! Markdown reports read its fields, so a text cannot reach one output and miss another.

use std::borrow::Cow;

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
pub struct Report<'p> {
    /// The date of the act: the rules in force on this day apply.
    pub as_of: String,
    /// The deadlines.
    pub deadlines: Vec<DeadlineInfo<'p>>,
    /// The decisions taken, in order, with the facts that decided them.
    pub decisions: Vec<DecisionInfo<'p>>,
    /// The checklist of documents.
    pub documents: Vec<DocumentInfo<'p>>,
    /// What explains the deadlines, warnings and fees shown: the derived values they read.
    pub explanations: Vec<Explanation<'p>>,
    /// The fees and their total.
    pub fees: Fees<'p>,
    /// The language of the texts.
    pub language: String,
    /// The questions still to answer, when the status is `needs_input`.
    pub needs: Vec<Need<'p>>,
    /// What the engine adds: facts ignored, dates beyond a calendar.
    pub notes: Vec<NoteInfo<'p>>,
    /// The outcome, when the walk reached one.
    pub outcome: Option<OutcomeInfo<'p>>,
    /// Every node walked, in order: actions, decisions and the outcome.
    pub path: Vec<PathEntry<'p>>,
    /// The procedure.
    pub procedure: ProcedureInfo<'p>,
    /// The shape's version: [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The sources cited by what is shown.
    pub sources: Vec<SourceInfo<'p>>,
    /// `complete`, or `needs_input` when the answer waits on facts (see `needs`).
    pub status: ReportStatus,
    /// The date of evaluation: deadlines count from it.
    pub today: String,
    /// `machine` when a text shown is a machine translation not yet reviewed.
    pub translation: Translation,
    /// The warnings.
    pub warnings: Vec<WarningInfo<'p>>,
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
pub struct ProcedureInfo<'p> {
    /// Its id.
    pub id: &'p str,
    /// What it is about.
    pub summary: Option<Cow<'p, str>>,
    /// Its title.
    pub title: Cow<'p, str>,
    /// Its version.
    pub version: &'p str,
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
pub struct OutcomeInfo<'p> {
    /// More about it.
    pub description: Option<Cow<'p, str>>,
    /// Its id.
    pub id: &'p str,
    /// What kind of end it is.
    pub kind: EndKind,
    /// What the reader is told.
    pub title: Cow<'p, str>,
    /// Where to go.
    #[serde(rename = "where")]
    pub place: Option<Cow<'p, str>>,
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
pub struct PathEntry<'p> {
    /// How to do it.
    pub details: Option<Cow<'p, str>>,
    /// What it is.
    pub kind: NodeRole,
    /// The id of the procedure the node belongs to: the evaluated one, or a sub-procedure it
    /// called (whose node ids may repeat the caller's).
    pub procedure: &'p str,
    /// The node's id.
    pub step: &'p str,
    /// Its title (a table may have none).
    pub title: Option<Cow<'p, str>>,
    /// Where.
    #[serde(rename = "where")]
    pub place: Option<Cow<'p, str>>,
    /// The guard or row that led here, as written (empty for the start).
    pub why: &'p str,
}

/// A decision, with what decided it.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct DecisionInfo<'p> {
    /// The answers it read, in words.
    pub answers: Vec<Answer<'p>>,
    /// The guard or row, as written.
    pub guard: &'p str,
    /// The node that decided.
    pub node: &'p str,
    /// The id of the procedure the node belongs to.
    pub procedure: &'p str,
    /// The ids of the inputs it read.
    pub read: Vec<&'p str>,
    /// The node's title, when it has one.
    pub title: Option<Cow<'p, str>>,
    /// Whether it held.
    pub value: bool,
}

/// A deadline, warning or fee, with the derived values that explain it.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Explanation<'p> {
    /// The derived values its expressions read, described, with their values.
    pub answers: Vec<Answer<'p>>,
    /// The id of the deadline, warning or fee.
    pub id: &'p str,
    /// Its title, for a deadline.
    pub title: Option<Cow<'p, str>>,
}

/// A fact or a derived value in words, as a reason.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Answer<'p> {
    /// The answer in words (an enum value's label).
    pub answer: Cow<'p, str>,
    /// The question, or the derived value's description.
    pub question: Cow<'p, str>,
}

/// A document on the checklist.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct DocumentInfo<'p> {
    /// The step it is brought to.
    pub bring_to: Option<&'p str>,
    /// Its details.
    pub details: Option<Cow<'p, str>>,
    /// Its id.
    pub id: &'p str,
    /// The requirement's note.
    pub note: Option<Cow<'p, str>>,
    /// The step where it is obtained.
    pub obtain_at: Option<&'p str>,
    /// The ids of the sources backing it.
    pub sources: Vec<&'p str>,
    /// Its name.
    pub title: Cow<'p, str>,
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
    /// Before the first day of its window.
    NotYetOpen,
}

/// A deadline.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct DeadlineInfo<'p> {
    /// The calendar that moved it.
    pub calendar: Option<&'p str>,
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
    pub id: &'p str,
    /// How the date was reckoned.
    pub note: Option<Cow<'p, str>>,
    /// The first day of its window, for an act that may be done only from then on; absent for a
    /// plain deadline.
    pub opens: Option<String>,
    /// The date the calendar would move it to when that move is unverified: the legal date
    /// stands, and this is shown beside it. Absent when the move is certain or moves nothing.
    pub possible_date: Option<String>,
    /// The last open day on or before the legal date: the day to aim for.
    pub safe_date: String,
    /// The ids of the sources backing it.
    pub sources: Vec<&'p str>,
    /// Where today stands.
    pub status: DeadlineState,
    /// What must be done by then.
    pub title: Cow<'p, str>,
    /// How sure it is.
    pub verification: Tag,
}

/// The fees.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Fees<'p> {
    /// Each fee.
    pub items: Vec<FeeInfo<'p>>,
    /// The sum of the known amounts; absent when no fee is stated (which is not "free").
    pub total: Option<Amount<'p>>,
    /// Present and true when a fee's amount is not known (set by the office, or waiting on an
    /// answer): the total is then a minimum, "at least", never a made-up sum.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub total_is_minimum: bool,
}

/// An amount of money.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Amount<'p> {
    /// In the currency's unit.
    pub amount: i64,
    /// ISO 4217.
    pub currency: &'p str,
}

/// A fee.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct FeeInfo<'p> {
    /// The amount; `null` when it is not known (set by the office, or waiting on an answer).
    pub amount: Option<i64>,
    /// The currency.
    pub currency: &'p str,
    /// Its id.
    pub id: &'p str,
    /// A note.
    pub note: Option<Cow<'p, str>>,
    /// Present and true when the office sets the amount.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub set_by_office: bool,
    /// What it pays for.
    pub title: Option<Cow<'p, str>>,
    /// How sure it is.
    pub verification: Tag,
    /// When it is paid.
    pub when_paid: Option<Cow<'p, str>>,
}

/// A warning.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct WarningInfo<'p> {
    /// Its id.
    pub id: &'p str,
    /// What the reader is told.
    pub message: Cow<'p, str>,
    /// How sure it is.
    pub verification: Tag,
}

/// A question still to answer.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Need<'p> {
    /// Help for answering.
    pub help: Option<Cow<'p, str>>,
    /// The input's id (the key of a facts file).
    pub input: &'p str,
    /// The question.
    pub question: Cow<'p, str>,
    /// The ids of the sources its question or help cites.
    pub sources: Vec<&'p str>,
    /// Its type: `bool`, `int`, `string`, `date`, `enum` or a list.
    #[serde(rename = "type")]
    pub ty: Cow<'p, str>,
    /// For an enum: its values with their labels.
    pub values: Vec<Choice<'p>>,
}

/// An enum value with its label.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Choice<'p> {
    /// The label (what the reader sees).
    pub label: Cow<'p, str>,
    /// The value (what a facts file says).
    pub value: &'p str,
}

/// A source.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct SourceInfo<'p> {
    /// Its id.
    pub id: &'p str,
    /// A note about it.
    pub note: Option<Cow<'p, str>>,
    /// Its title.
    pub title: Cow<'p, str>,
    /// Where it can be read.
    pub url: Option<&'p str>,
    /// Its default tag.
    pub verification: Option<Tag>,
}

/// What the engine adds to the answer.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct NoteInfo<'p> {
    /// The input or deadline it is about.
    pub about: &'p str,
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
    /// The values placeholders show, by the procedure that wrote them.
    scopes: Vec<crate::shown::Scope<'l>>,
    labels: Labels,
}

impl Texts<'_> {
    /// The text in the language, marked with the language it fell back to; borrowed from the
    /// procedure unless marked.
    fn text<'p>(&mut self, t: &'p Text) -> Cow<'p, str> {
        let shown = self.plain(t);
        if t.placeholders.is_empty() {
            return shown;
        }
        Cow::Owned(crate::shown::fill(&shown, t, &self.scopes, self.language, &self.labels))
    }

    /// [`Texts::text`] as written, placeholders unfilled.
    fn plain<'p>(&mut self, t: &'p Text) -> Cow<'p, str> {
        match t.get(self.language) {
            Some((s, false)) => {
                if !self.machine && t.is_machine(self.language) {
                    self.machine = true;
                }
                Cow::Borrowed(s)
            }
            Some((s, true)) => {
                let lang = t.by_language.first().map_or("", |(l, _)| l.as_str());
                Cow::Owned(format!("[{lang}] {s}"))
            }
            None => Cow::Borrowed(""),
        }
    }

    fn opt<'p>(&mut self, t: Option<&'p Text>) -> Option<Cow<'p, str>> {
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
fn in_words<'p>(value: &Value, input: Option<&'p Input>, tx: &mut Texts<'_>, l: &Labels) -> Cow<'p, str> {
    match value {
        Value::Bool(true) => Cow::Borrowed(l.yes),
        Value::Bool(false) => Cow::Borrowed(l.no),
        Value::String(s) => match input.and_then(|i| i.labels.iter().find(|(v, _)| v.as_str() == &**s)) {
            Some((_, label)) => tx.text(label),
            None => Cow::Owned(s.to_string()),
        },
        Value::Date(d) => Cow::Owned(d.to_string()),
        Value::Int(i) => Cow::Owned(i.to_string()),
        other => Cow::Owned(other.to_string()),
    }
}

/// Whether `item` is one of `items`: an address comparison, as the evaluation hands out
/// references into the procedure.
fn holds<T>(items: &[T], item: &T) -> bool {
    items.as_ptr_range().contains(&std::ptr::from_ref(item))
}

impl<'p> Report<'p> {
    /// The report as JSON text, on one line, its keys sorted.
    #[must_use]
    pub fn to_json(&self) -> String {
        // Serialising fails only for a map with non-string keys or a failing `Serialize` impl;
        // the report has neither.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The evaluation in `language` (a language the procedure has; another falls back to the
    /// first, marked `[en]`). Its texts and ids are borrowed from the procedure.
    #[must_use]
    pub fn new(e: &Evaluation<'p>, language: &str) -> Report<'p> {
        let p = e.procedure;
        let l = labels(language);
        let scopes = std::iter::once(crate::shown::Scope { procedure: p, values: &e.values })
            .chain(e.callees.iter().map(|c| crate::shown::Scope { procedure: c.procedure, values: &c.values }))
            .collect();
        let mut tx = Texts { language, machine: false, scopes, labels: labels(language) };
        let mut cited: Vec<usize> = Vec::new();
        let mut cite = |c: &procedure_core::Citation| {
            for &i in &c.sources {
                if !cited.contains(&i) {
                    cited.push(i);
                }
            }
        };
        let source_ids = |c: &procedure_core::Citation| -> Vec<&'p str> {
            c.sources.iter().filter_map(|&i| p.sources.get(i)).map(|s| s.id.as_str()).collect()
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
                    (Some(tx.text(&step.title)), tx.opt(s.details), tx.opt(step.place.as_ref()))
                }
                NodeKind::Table(t) => (tx.opt(t.title.as_ref()), None, None),
                NodeKind::Outcome(o) => (Some(tx.text(&o.title)), None, tx.opt(o.place.as_ref())),
            };
            // A node of a sub-procedure is found among the callees' nodes; most evaluations call none.
            let owner = if e.callees.is_empty() {
                p
            } else {
                e.procedures().map(|(q, _)| q).find(|q| holds(&q.nodes, s.node)).unwrap_or(p)
            };
            path.push(PathEntry {
                step: &s.node.id,
                procedure: &owner.id,
                kind: role,
                title,
                details,
                place,
                why: s.why,
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
                    node: &d.node.id,
                    procedure: &d.procedure.id,
                    title,
                    guard: d.guard,
                    value: d.value,
                    read: d.read.iter().filter_map(|&i| d.procedure.inputs.get(i)).map(|i| i.id.as_str()).collect(),
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
                    id: &d.document.id,
                    title: tx.text(&d.document.title),
                    details: tx.opt(d.document.details.as_ref()),
                    note: tx.opt(d.note),
                    obtain_at: d.obtain_at.map(|n| n.id.as_str()),
                    bring_to: d.bring_to.map(|n| n.id.as_str()),
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
                    id: &d.deadline.id,
                    title: tx.text(&d.deadline.title),
                    date: d.date.to_string(),
                    effective_date: d.effective_date.to_string(),
                    safe_date: d.safe_date.to_string(),
                    status: match d.status {
                        DeadlineStatus::OnTime => DeadlineState::OnTime,
                        DeadlineStatus::LastDay => DeadlineState::LastDay,
                        DeadlineStatus::Late => DeadlineState::Late,
                        DeadlineStatus::NotYetOpen => DeadlineState::NotYetOpen,
                    },
                    opens: d.opens.map(|o| o.to_string()),
                    days_left: d.days_left,
                    calendar: d.calendar,
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
                    id: &f.fee.id,
                    title: tx.opt(f.fee.title.as_ref()),
                    amount: f.amount,
                    currency: &f.fee.currency,
                    when_paid: tx.opt(f.fee.when_paid.as_ref()),
                    note: tx.opt(f.fee.note.as_ref()),
                    set_by_office: matches!(f.fee.amount, procedure_core::FeeAmount::ByOffice),
                    verification: tag(&f.fee.citation),
                }
            })
            .collect();
        let total = e.fee_total().map(|(amount, currency)| Amount { amount, currency });
        let total_is_minimum = e.fee_amount_unknown();
        let warnings = e
            .warnings
            .iter()
            .map(|w| {
                cite(&w.warning.citation);
                WarningInfo {
                    id: &w.warning.id,
                    message: tx.text(&w.warning.message),
                    verification: tag(&w.warning.citation),
                }
            })
            .collect();
        let needs = e
            .needs
            .iter()
            .map(|&i| Need {
                input: &i.id,
                ty: match &i.ty {
                    procedure_expr::Type::Enum(_) => Cow::Borrowed("enum"),
                    other => Cow::Owned(other.to_string()),
                },
                values: i.labels.iter().map(|(v, label)| Choice { value: v, label: tx.text(label) }).collect(),
                question: tx.text(&i.question),
                help: tx.opt(i.help.as_ref()),
                sources: {
                    cite(&i.citation);
                    source_ids(&i.citation)
                },
            })
            .collect();
        let outcome = e.outcome.and_then(|n| match &n.kind {
            NodeKind::Outcome(o) => {
                cite(&o.citation);
                Some(OutcomeInfo {
                    id: &n.id,
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
                id: &s.id,
                title: tx.text(&s.title),
                url: s.url.as_deref(),
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
            procedure: ProcedureInfo { id: &p.id, version: &p.version, title, summary },
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
            fees: Fees { total, items, total_is_minimum },
            warnings,
            needs,
            sources,
            notes,
        }
    }
}

/// A procedure evaluated, with the values its evaluation saw, by slot.
type Seen<'p, 'v> = (&'p Procedure, &'v [Option<Value>]);

/// The facts and derived values a decision read, in words.
fn answers<'p>(
    d: &procedure_core::Decision<'p>,
    values: Option<Seen<'p, '_>>,
    tx: &mut Texts<'_>,
    l: &Labels,
) -> Vec<Answer<'p>> {
    let Some(values) = values else { return Vec::new() };
    let mut out = Vec::new();
    for input in d.read.iter().filter_map(|&i| d.procedure.inputs.get(i)) {
        if let Some(v) = values.1.get(input.slot.index()).and_then(Option::as_ref) {
            let answer = in_words(v, Some(input), tx, l);
            out.push(Answer { question: tx.text(&input.question), answer });
        }
    }
    derived(d.lets.iter().filter_map(|&i| d.procedure.lets.get(i)), values, tx, l, &mut out);
    out
}

/// Derived values with a description and a value, in words, added to `out`: the description,
/// then the value; with them, the described values they are computed from (`opens_on` behind
/// `too_early`).
fn derived<'p>(
    lets: impl Iterator<Item = &'p procedure_core::Let>,
    (procedure, values): Seen<'p, '_>,
    tx: &mut Texts<'_>,
    l: &Labels,
    out: &mut Vec<Answer<'p>>,
) {
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
    for derived in seen {
        if let (Some(description), Some(v)) =
            (&derived.description, values.get(derived.slot.index()).and_then(Option::as_ref))
        {
            let answer = in_words(v, None, tx, l);
            out.push(Answer { question: tx.text(description), answer });
        }
    }
}

/// What explains the deadlines, warnings and fees shown: the derived values their expressions
/// read, with their descriptions and values (`The last day to return the old card → 2026-12-04`).
fn explanations<'p>(e: &Evaluation<'p>, tx: &mut Texts<'_>, l: &Labels) -> Vec<Explanation<'p>> {
    type Item<'p, 'v> = (&'p str, Option<&'p Text>, Vec<&'p procedure_expr::Program>, Option<Seen<'p, 'v>>);
    let mut items: Vec<Item<'p, '_>> = Vec::new();
    for d in &e.deadlines {
        let programs = std::iter::once(&d.deadline.date).chain(d.deadline.when.as_ref()).collect();
        let owner = e.procedures().find(|(p, _)| owns(p, |s| holds(&s.deadlines, d.deadline)));
        items.push((&d.deadline.id, Some(&d.deadline.title), programs, owner));
    }
    for w in &e.warnings {
        let owner = e.procedures().find(|(p, _)| {
            owns(p, |s| {
                holds(&s.warnings, w.warning)
                    || s.deadlines.iter().any(|d| d.warnings.iter().any(|(_, x)| std::ptr::eq(x, w.warning)))
            })
        });
        items.push((&w.warning.id, None, w.warning.when.iter().collect(), owner));
    }
    for f in &e.fees {
        let owner = e.procedures().find(|(p, _)| owns(p, |s| holds(&s.fees, f.fee)));
        items.push((&f.fee.id, None, f.fee.when.iter().collect(), owner));
    }
    let mut out = Vec::new();
    let mut lets: Vec<usize> = Vec::new();
    for (id, title, programs, owner) in items {
        let Some(seen @ (procedure, _)) = owner else { continue };
        lets.clear();
        lets.extend(programs.iter().flat_map(|p| procedure.lets_read(p)));
        lets.sort_unstable();
        lets.dedup();
        let mut answers = Vec::new();
        derived(lets.iter().filter_map(|&i| procedure.lets.get(i)), seen, tx, l, &mut answers);
        if !answers.is_empty() {
            out.push(Explanation { id, title: title.map(|t| tx.text(t)), answers });
        }
    }
    out
}

/// Whether a step of `procedure` holds what `has` looks for.
fn owns(procedure: &Procedure, has: impl Fn(&procedure_core::Step) -> bool) -> bool {
    procedure.nodes.iter().any(|n| matches!(&n.kind, NodeKind::Step(s) if has(s)))
}

fn note<'p>(n: &Note<'p>, tx: &mut Texts<'_>, l: &Labels) -> NoteInfo<'p> {
    match n {
        Note::FactIgnored { input } => NoteInfo {
            kind: NoteKind::FactIgnored,
            about: &input.id,
            text: l.fact_ignored.replace("{question}", &tx.text(&input.question)),
        },
        Note::OutsideCalendar { deadline, date } => NoteInfo {
            kind: NoteKind::OutsideCalendar,
            about: &deadline.id,
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
