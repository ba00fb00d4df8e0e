//! The meaning of procedure files: compiling a file into a checked decision graph.
//!
//! `procedure-core` is where the file format (`procedure-syntax`) and the expression language
//! (`procedure-expr`) meet. It is pure: no file, environment or clock access.
//!
//! ```
//! use procedure_core::{compile, CompileOptions, Level};
//!
//! let text = "\
//! id: demo
//! version: '1'
//! title: Demo
//! languages: [en]
//! time_zone: Asia/Tokyo
//! start: ask
//! inputs:
//!   age: {type: int, ask: How old are you?}
//! steps:
//!   ask:
//!     title: Decide
//!     next:
//!       - when: age >= 16
//!         to: adult
//!       - otherwise: child
//! outcomes:
//!   adult: {title: Adult, kind: done}
//!   child: {title: Child, kind: done}
//! ";
//! let compiled = compile(text, &CompileOptions::DEFAULT);
//! assert!(compiled.procedure.is_some());
//! // No source is cited: a warning, not an error.
//! assert!(compiled.diagnostics.iter().all(|d| d.level == Level::Warning));
//! ```

pub mod calendar;
mod check;
mod code;
mod compile;
mod diagnostic;
mod elsewhere;
mod evaluate;
mod facts;
mod model;
pub mod placeholders;
mod scenario_check;
mod situation;
pub mod situations;
pub use scenario_check::unreadable_procedure;

pub use check::{Checked, check_bytes, check_file, check_source, decode, too_large};
pub use code::Code;
pub use compile::{
    CompileOptions, Compiled, Files, MAX_CALL_DEPTH, NoFiles, compile, compile_with, hidden_character, refused_path,
};
pub use diagnostic::{Diagnostic, Level};
pub use elsewhere::{Elsewhere, How, Via};
pub use evaluate::{
    DeadlineItem, DeadlineStatus, Decision, DocumentItem, Evaluation, FeeItem, Note, PathStep, Status, Values,
    WarningItem, evaluate, evaluate_as_of, verification,
};
pub use facts::{Fact, FactValue, Facts, bind, scenario_facts};
pub use model::{
    Bound, Branch, Call, CellTest, Citation, Constraint, DatedValue, Deadline, DocRequirement, Document, Fee,
    FeeAmount, Input, Let, Node, NodeKind, Outcome, Procedure, Row, Source, Step, Table, Text, Validity, Warning,
};
pub use situation::{InputHandle, Situation, ValueHandle};

/// The calendars a deadline may roll forward on and a calendar function may name (the first is
/// the functions' default).
pub const CALENDARS: &[&str] = &["jp_admin"];
