//! A guided interview: the questions a procedure still needs (the evaluation's `needs`), one
//! at a time, in the reader's language, each answer checked as a facts file's would be.
//!
//! The interview holds only the answers given, in order; every step evaluates them afresh, so
//! that `back` is dropping the last answer and a program (a terminal, a web form) that keeps
//! the answers elsewhere can rebuild the same interview from them. It reads no terminal, file
//! or clock: the caller asks, and passes the reader's words in.
//!
//! ```
//! use procedure::{compile, CompileOptions, interview::{Interview, Step}};
//!
//! let text = include_str!("../../../tests/check/ok/small_procedure.yaml");
//! let procedure = compile(text, &CompileOptions::DEFAULT).procedure.unwrap();
//! let today = jiff::civil::date(2026, 11, 25);
//! let mut interview = Interview::new(&procedure, "en", today, today);
//! let Step::Ask(question) = interview.step().unwrap() else { panic!("a question first") };
//! assert!(question.choices().len() > 1);
//! interview.answer(&question, "1").unwrap();
//! assert_eq!(interview.answers().len(), 1);
//! interview.back();
//! assert!(interview.answers().is_empty());
//! ```

use std::borrow::Cow;

use jiff::civil::Date;
use procedure_core::{
    Bound, Code, Diagnostic, Evaluation, Fact, FactValue, Input, NodeKind, Procedure, Text, bind, evaluate_as_of,
};
use procedure_expr::{Span, Type};

use crate::labels::labels;

/// An interview of one reader about one procedure.
#[derive(Clone, Debug)]
pub struct Interview<'p> {
    procedure: &'p Procedure,
    language: String,
    today: Date,
    as_of: Date,
    answers: Vec<Fact>,
}

/// Where an interview stands.
#[derive(Debug)]
pub enum Step<'p> {
    /// The next question the answer needs.
    Ask(Question<'p>),
    /// Nothing more can be asked: the evaluation of the answers given (complete, or waiting
    /// on nothing the reader can answer).
    Done(Box<Evaluation<'p>>),
}

/// A question, in the reader's language.
#[derive(Clone, Debug)]
pub struct Question<'p> {
    /// The input asked (its id is for programs; readers see [`Question::text`]).
    pub input: &'p Input,
    /// The question.
    pub text: Cow<'p, str>,
    /// Help for answering.
    pub help: Option<Cow<'p, str>>,
    /// How it is answered.
    pub kind: Kind<'p>,
    /// Its number: the answers given so far, plus one.
    pub number: usize,
}

/// How a question is answered.
#[derive(Clone, Debug)]
pub enum Kind<'p> {
    /// One of these (an enum's values, or yes and no).
    Choice(Vec<Choice<'p>>),
    /// A date written `YYYY-MM-DD`, within the bounds; `default` is today where today fits.
    Date {
        /// The earliest date allowed.
        min: Option<Date>,
        /// The latest date allowed.
        max: Option<Date>,
        /// The date offered when the reader types nothing.
        default: Option<Date>,
    },
    /// A whole number within the bounds.
    Int {
        /// The smallest allowed.
        min: Option<i64>,
        /// The largest allowed.
        max: Option<i64>,
    },
    /// Free text.
    Text,
}

/// One answer to choose.
#[derive(Clone, Debug)]
pub struct Choice<'p> {
    /// What the reader sees.
    pub label: Cow<'p, str>,
    /// What it sets.
    pub value: FactValue,
}

/// Why a question is asked: something the answer decides or dates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason<'p> {
    /// A step or table that chooses the way on it (its title).
    Decision(Cow<'p, str>),
    /// A deadline it dates or decides (its title).
    Deadline(Cow<'p, str>),
    /// A document it decides (its name).
    Document(Cow<'p, str>),
    /// A fee it decides (its title).
    Fee(Cow<'p, str>),
    /// A warning it decides (its message).
    Warning(Cow<'p, str>),
}

/// Why an answer was not taken.
#[derive(Clone, Debug)]
pub enum Refusal {
    /// Not one of the choices: the reader types a number from 1 to `count`, or a label.
    NotAChoice {
        /// How many choices there are.
        count: usize,
    },
    /// Not a whole number.
    NotANumber,
    /// Refused as a facts file's value is (type, date, range), with the same diagnostics;
    /// their messages name the input by its question, not its id.
    Invalid(Vec<Diagnostic>),
    /// The answers together break a rule of the procedure: its messages, in the reader's
    /// language.
    Constraint(Vec<String>),
    /// The answers cannot be evaluated (an error in a rule).
    Error(Vec<Diagnostic>),
}

impl<'p> Interview<'p> {
    /// An interview with no answer yet, in `language`, for the date of evaluation `today` and
    /// the rules in force on `as_of`.
    #[must_use]
    pub fn new(procedure: &'p Procedure, language: &str, today: Date, as_of: Date) -> Interview<'p> {
        Interview { procedure, language: language.to_owned(), today, as_of, answers: Vec::new() }
    }

    /// Takes `facts` (a facts file's, to resume) as answers given, in order; refused as
    /// [`bind`] refuses them, or as their evaluation does (a broken constraint), and then none
    /// is taken.
    pub fn resume(&mut self, facts: &[Fact]) -> Result<(), Vec<Diagnostic>> {
        bind(self.procedure, facts)?;
        let before = self.answers.clone();
        for fact in facts {
            self.put(Fact { name: fact.name.clone(), value: fact.value.clone(), span: None });
        }
        // A constraint the facts break together is refused here, not at the next question.
        if let Err(errors) = self.evaluate() {
            self.answers = before;
            return Err(errors);
        }
        Ok(())
    }

    /// The answers given, in order, as facts (one per input: a later answer replaced an
    /// earlier one).
    #[must_use]
    pub fn answers(&self) -> &[Fact] {
        &self.answers
    }

    /// The reader's language.
    #[must_use]
    pub fn language(&self) -> &str {
        &self.language
    }

    /// Drops the last answer; false when there was none.
    pub fn back(&mut self) -> bool {
        self.answers.pop().is_some()
    }

    /// The answers evaluated.
    pub fn evaluate(&self) -> Result<Evaluation<'p>, Vec<Diagnostic>> {
        let facts = bind(self.procedure, &self.answers)?;
        evaluate_as_of(self.procedure, &facts, self.today, self.as_of)
    }

    /// The next question, or the evaluation when none is left.
    pub fn step(&self) -> Result<Step<'p>, Vec<Diagnostic>> {
        let evaluation = self.evaluate()?;
        match evaluation.needs.first() {
            Some(input) => Ok(Step::Ask(self.question(input))),
            None => Ok(Step::Done(Box::new(evaluation))),
        }
    }

    /// `input`'s question in the reader's language.
    #[must_use]
    pub fn question(&self, input: &'p Input) -> Question<'p> {
        let l = labels(&self.language);
        let kind = match &input.ty {
            Type::Enum(_) => Kind::Choice(
                input
                    .labels
                    .iter()
                    // A value not in force on the date of the act would be refused: not offered.
                    .filter(|(v, _)| input.out_of_force(v, self.as_of).is_none())
                    .map(|(v, label)| Choice { label: self.text(label), value: FactValue::Text(v.clone()) })
                    .collect(),
            ),
            Type::Bool => Kind::Choice(vec![
                Choice { label: Cow::Borrowed(l.yes), value: FactValue::Bool(true) },
                Choice { label: Cow::Borrowed(l.no), value: FactValue::Bool(false) },
            ]),
            Type::Date => {
                let bound = |b: Option<&Bound>| match b {
                    Some(Bound::Date(d)) => Some(*d),
                    _ => None,
                };
                let (min, max) = (bound(input.min.as_ref()), bound(input.max.as_ref()));
                let fits = min.is_none_or(|m| m <= self.today) && max.is_none_or(|m| self.today <= m);
                Kind::Date { min, max, default: fits.then_some(self.today) }
            }
            Type::Int => {
                let bound = |b: Option<&Bound>| match b {
                    Some(Bound::Int(i)) => Some(*i),
                    _ => None,
                };
                Kind::Int { min: bound(input.min.as_ref()), max: bound(input.max.as_ref()) }
            }
            _ => Kind::Text,
        };
        Question {
            input,
            text: self.text(&input.question),
            help: input.help.as_ref().map(|h| self.text(h)),
            kind,
            number: self.answers.len() + 1,
        }
    }

    /// Takes the reader's answer to `question`: for a choice, its number (from 1) or its
    /// label; a date as `YYYY-MM-DD` (empty: the default); a whole number; or text. The answer
    /// is checked as a facts file's value, then with the answers before it against the
    /// procedure's constraints; a refused answer is not kept.
    pub fn answer(&mut self, question: &Question<'p>, typed: &str) -> Result<(), Refusal> {
        let typed = typed.trim();
        let value = match &question.kind {
            Kind::Choice(choices) => {
                let by_number = typed.parse::<usize>().ok().and_then(|n| n.checked_sub(1)).and_then(|n| choices.get(n));
                let by_label = || choices.iter().find(|c| c.label.trim().to_lowercase() == typed.to_lowercase());
                match by_number.or_else(by_label) {
                    Some(c) => c.value.clone(),
                    None => return Err(Refusal::NotAChoice { count: choices.len() }),
                }
            }
            Kind::Date { default: Some(d), .. } if typed.is_empty() => FactValue::Text(d.to_string()),
            Kind::Date { .. } | Kind::Text => FactValue::Text(typed.to_owned()),
            Kind::Int { .. } => FactValue::Int(typed.parse().map_err(|_| Refusal::NotANumber)?),
        };
        let fact = Fact { name: question.input.id.clone(), value, span: None };
        if let Err(errors) = bind(self.procedure, std::slice::from_ref(&fact)) {
            return Err(Refusal::Invalid(errors.into_iter().map(|d| self.by_question(d, question)).collect()));
        }
        let before = self.answers.clone();
        self.put(fact);
        match self.evaluate() {
            Ok(_) => Ok(()),
            Err(errors) => {
                self.answers = before;
                if errors.iter().all(|d| d.code == Code::FactsConstraint) {
                    Err(Refusal::Constraint(errors.iter().map(|d| self.constraint_message(d)).collect()))
                } else {
                    Err(Refusal::Error(errors))
                }
            }
        }
    }

    /// Why `input` is asked: the decisions, deadlines, documents, fees and warnings of the
    /// procedure whose conditions or dates read it, in the order of the procedure.
    #[must_use]
    pub fn why(&self, input: &'p Input) -> Vec<Reason<'p>> {
        let p = self.procedure;
        let Some(index) = p.inputs.iter().position(|i| std::ptr::eq(i, input)) else { return Vec::new() };
        let reads =
            |program: Option<&procedure_expr::Program>| program.is_some_and(|w| p.inputs_read(w).contains(&index));
        let mut out: Vec<Reason<'p>> = Vec::new();
        let mut add = |r: Reason<'p>| {
            if !out.contains(&r) {
                out.push(r);
            }
        };
        for node in &p.nodes {
            match &node.kind {
                NodeKind::Step(s) => {
                    let calls = s.call.as_ref().is_some_and(|c| c.inputs.iter().any(|i| reads(Some(i))));
                    if s.next.iter().any(|b| b.reads.contains(&index)) || calls {
                        add(Reason::Decision(self.text(&s.title)));
                    }
                    for d in &s.deadlines {
                        if reads(Some(&d.date)) || reads(d.when.as_ref()) {
                            add(Reason::Deadline(self.text(&d.title)));
                        }
                    }
                    for r in s.obtain.iter().chain(&s.bring) {
                        if reads(r.when.as_ref())
                            && let Some(doc) = p.documents.get(r.document)
                        {
                            add(Reason::Document(self.text(&doc.title)));
                        }
                    }
                    for f in &s.fees {
                        if reads(f.when.as_ref()) {
                            let title = f
                                .title
                                .as_ref()
                                .map_or(Cow::Borrowed(labels(&self.language).fee_untitled), |t| self.text(t));
                            add(Reason::Fee(title));
                        }
                    }
                    for w in &s.warnings {
                        if reads(w.when.as_ref()) {
                            add(Reason::Warning(self.text(&w.message)));
                        }
                    }
                }
                NodeKind::Table(t) => {
                    if t.rows.iter().any(|r| r.reads.contains(&index)) {
                        let title = t.title.as_ref().map_or_else(|| self.text(&p.title), |t| self.text(t));
                        add(Reason::Decision(title));
                    }
                }
                NodeKind::Outcome(_) => {}
            }
        }
        out
    }

    /// The answers as a facts file (YAML) that `procedure eval --facts` reads and
    /// [`Interview::resume`] takes back.
    #[must_use]
    pub fn facts_file(&self) -> String {
        let mut out = format!("# Answers to `{}` (procedure interview).\n", self.procedure.id);
        for fact in &self.answers {
            let value = match &fact.value {
                FactValue::Bool(b) => b.to_string(),
                FactValue::Int(i) => i.to_string(),
                // A JSON string is a YAML string, escapes and all: nothing typed can end it.
                FactValue::Text(s) => serde_json::to_string(s).unwrap_or_default(),
                FactValue::List(_) | FactValue::Null => continue,
            };
            out.push_str(&format!("{}: {value}\n", fact.name));
        }
        out
    }

    /// Sets an answer, replacing an earlier one to the same input (which then moves last).
    fn put(&mut self, fact: Fact) {
        self.answers.retain(|a| a.name != fact.name);
        self.answers.push(fact);
    }

    fn text(&self, t: &'p Text) -> Cow<'p, str> {
        match t.get(&self.language) {
            Some((s, false)) => Cow::Borrowed(s),
            Some((s, true)) => {
                let lang = t.by_language.first().map_or("", |(l, _)| l.as_str());
                Cow::Owned(format!("[{lang}] {s}"))
            }
            None => Cow::Borrowed(""),
        }
    }

    /// `d` with the input's id in its message replaced by its question.
    fn by_question(&self, mut d: Diagnostic, question: &Question<'_>) -> Diagnostic {
        d.message = d.message.replace(&format!("`{}`", question.input.id), &format!("“{}”", question.text));
        d.labels.clear();
        d
    }

    /// A broken constraint's message in the reader's language (the diagnostic carries the
    /// first language's); found by the place of its check.
    fn constraint_message(&self, d: &Diagnostic) -> String {
        let at: Option<Span> = d.labels.first().map(|(s, _)| *s);
        self.procedure
            .constraints
            .iter()
            .find(|c| Some(c.check.span()) == at)
            .map_or_else(|| d.message.clone(), |c| self.text(&c.message).into_owned())
    }
}

impl Question<'_> {
    /// The choices, for a choice; none otherwise.
    #[must_use]
    pub fn choices(&self) -> &[Choice<'_>] {
        match &self.kind {
            Kind::Choice(c) => c,
            _ => &[],
        }
    }
}
