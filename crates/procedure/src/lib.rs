//! `procedure`: administrative procedures as checked, tested rules.
//!
//! This crate is the embedding API: compile a procedure file once, then evaluate it for many
//! situations, from any thread. A tour:
//!
//! ```
//! use procedure::{compile, CompileOptions, Evaluation, Situation, Status, render, report::Report};
//!
//! // 1. Compile once. A `Procedure` is immutable and `Send + Sync`: share it by reference
//! //    across scoped threads, or in an `Arc<Procedure>`.
//! let text = include_str!("../../../tests/check/ok/small_procedure.yaml");
//! let compiled = compile(text, &CompileOptions::DEFAULT);
//! let procedure = compiled.procedure.expect("the procedure compiles");
//!
//! // 2. Resolve the inputs once: a typo is an error naming the closest input.
//! let cause = procedure.input("cause")?;
//! let age = procedure.input("age")?;
//! let learned_on = procedure.input("learned_on")?;
//! let stolen = procedure.value(cause, "stolen")?;
//! assert!(procedure.input("agee").is_err());
//!
//! // 3. Set the facts of a situation, each checked as it is set (type, values, range).
//! let mut situation = Situation::new(&procedure);
//! situation.set_value(stolen)?;
//! situation.set_int(age, 34)?;
//! situation.set_date(learned_on, jiff::civil::date(2026, 11, 20))?;
//! assert!(situation.set_int(age, 151).is_err()); // `max: 150`
//!
//! // 4. Evaluate into a reusable result: the next evaluation reuses its room.
//! let mut evaluation = Evaluation::new(&procedure);
//! situation.evaluate_into(jiff::civil::date(2026, 11, 25), &mut evaluation).expect("it evaluates");
//! assert_eq!(evaluation.status, Status::Complete);
//! assert_eq!(evaluation.outcome.map(|n| n.id.as_str()), Some("done"));
//! // 2026-12-04, a Friday: fourteen days after the day learned, not moved.
//! assert_eq!(evaluation.deadlines[0].days_left, 9);
//!
//! // 5. Read it as a program (typed, serialisable) or as a person (text, Markdown).
//! let report = Report::new(&evaluation, "en");
//! assert!(report.documents.iter().any(|d| d.title == "Photo"));
//! let json = serde_json::to_value(&report).expect("a report serialises");
//! assert_eq!(json["status"], "complete");
//! let text = render::render(&report, render::Style::Text { color: false });
//! assert!(text.contains("Application form"));
//! # Ok::<(), procedure::Diagnostic>(())
//! ```
//!
//! Facts given by name (files, the command line) are bound with [`bind`], which checks each
//! fact on the same path as [`Situation`]'s setters; [`load_facts`] and [`load_scenarios`]
//! read the files.

pub mod coverage;
pub mod diff;
mod files;
pub mod graph;
pub mod ics;
pub mod interview;
mod labels;
mod load;
pub mod render;
pub mod report;
pub mod scenario;
mod shown;

pub use files::{Directory, Unread, read_file, read_stream};
pub use labels::{ReaderWords, reader_words};
pub use load::{load_facts, load_json, load_scenarios};
pub use procedure_core::calendar;
pub use procedure_core::situations;
pub use procedure_core::{
    Bound, Branch, CALENDARS, Call, CellTest, Checked, Citation, Code, CompileOptions, Compiled, Constraint,
    DatedValue, Deadline, DeadlineItem, DeadlineStatus, Decision, Diagnostic, DocRequirement, Document, DocumentItem,
    Elsewhere, Evaluation, Fact, FactValue, Facts, Fee, FeeItem, Files, How, Input, InputHandle, Let, Level, NoFiles,
    Node, NodeKind, Note, Outcome, PathStep, Procedure, Row, Situation, Source, Status, Step, Table, Text, Validity,
    ValueHandle, Values, Via, Warning, WarningItem, bind, check_bytes, check_file, check_source, compile, compile_with,
    decode, evaluate, evaluate_as_of, hidden_character, scenario_facts, too_large, unreadable_procedure, verification,
};
pub use procedure_expr::{Span, Value};
pub use procedure_syntax::{
    DeadlineEvent, FileKind, HitPolicy, LoadOptions, OutcomeKind, Scenarios, Sp, SyntaxError, Verification, json_schema,
};

/// A compiled procedure is shared by the threads that evaluate it: it must stay `Send + Sync`.
const _: () = {
    const fn shared<T: Send + Sync>() {}
    shared::<Procedure>();
};
