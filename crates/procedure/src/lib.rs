//! `procedure`: administrative procedures as checked, tested rules.
//!
//! This crate is the embedding API: compile a procedure file once, then use it from any
//! thread. It re-exports the compiler of `procedure-core` and adds the renderers (graphs
//! today; evaluation results next).
//!
//! ```
//! use procedure::{compile, CompileOptions, graph};
//!
//! let text = "id: demo\nversion: '1'\ntitle: Demo\nlanguages: [en]\ntime_zone: Asia/Tokyo\nstart: done\noutcomes:\n  done: {title: Done, kind: done}\n";
//! let procedure = compile(text, &CompileOptions::DEFAULT).procedure.unwrap();
//! let mermaid = graph::mermaid(&procedure, "en");
//! assert!(mermaid.starts_with("flowchart TD"));
//! ```

mod files;
pub mod graph;
mod labels;
pub mod render;
pub mod report;
pub mod scenario;

pub use files::{Directory, Unread, read_file, read_stream};
pub use procedure_core::{
    CALENDARS, Code, CompileOptions, Compiled, Diagnostic, Evaluation, Fact, FactValue, Facts, Files, Level, NoFiles,
    Procedure, Status, bind, check_bytes, check_source, compile, compile_with, decode, evaluate, evaluate_as_of,
    hidden_character, scenario_facts, too_large, unreadable_procedure,
};
pub use procedure_syntax::{FileKind, LoadOptions, json_schema};
