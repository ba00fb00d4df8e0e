//! The surface of procedure files: YAML text to span-carrying structs, under budgets.
//!
//! This crate checks shape only (kinds of YAML nodes, unknown keys with a did-you-mean,
//! budgets). It gives no meaning to ids and never parses an expression: that is
//! `procedure-core`'s job. Every span is a byte range in the file's text.
//!
//! ```
//! use procedure_syntax::{load, FileKind, LoadOptions, Procedure};
//!
//! let text = "id: demo\nversion: '1'\ntitle: Demo\nlanguages: [en]\ntime_zone: Asia/Tokyo\nstart: done\noutcomes:\n  done: {title: Done, kind: done}\n";
//! assert_eq!(FileKind::of("demo.yaml", text), FileKind::Procedure);
//! let procedure: Procedure = load(text, &LoadOptions::DEFAULT).unwrap();
//! assert_eq!(procedure.id.value, "demo");
//! assert_eq!(procedure.id.span.start, 4);
//! ```

mod catalogue;
mod entries;
mod enum_value;
mod error;
mod load;
mod procedure;
mod scalar;
mod scenario;
mod sp;
mod text;
mod varying_text;
mod versions;

pub use catalogue::{Catalogue, Term};
pub use entries::Entries;
pub use enum_value::EnumValue;
pub use error::SyntaxError;
pub use load::{LoadOptions, load};
pub use procedure::{
    Amount, Bound, Branch, Call, Cell, Constraint, Deadline, DeadlineEvent, DeadlineWarning, DetailedDocRef, DocRef,
    Document, Fee, HitPolicy, Input, InputType, Let, Next, Outcome, OutcomeKind, Procedure, Row, Source, Step, Table,
    TableRef, TranslationStatus, Verification, Warning,
};
pub use scalar::ScalarMap;
pub use scenario::{Case, Expect, FactValue, Scenarios};
pub use sp::Sp;
pub use text::Text;
pub use varying_text::{TextVariant, VaryingText};
pub use versions::Versions;

/// The JSON Schema of procedure files, for editors that validate and complete YAML
/// (yaml-language-server). It is generated from the surface structs, so it cannot drift.
pub fn json_schema() -> schemars::Schema {
    let mut schema = schemars::schema_for!(Procedure);
    schema.insert("title".into(), "procedure file".into());
    schema
}

/// The three kinds of file under `procedures/`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A procedure.
    Procedure,
    /// Scenarios for a procedure: a name ending in `.test.yaml`.
    Scenarios,
    /// A shared catalogue: a file whose top-level key is `catalogue:`.
    Catalogue,
}

impl FileKind {
    /// Tells a file's kind from its name and, for catalogues, its top-level key.
    pub fn of(name: &str, text: &str) -> FileKind {
        if name.ends_with(".test.yaml") || name.ends_with(".test.yml") {
            FileKind::Scenarios
        } else if text.lines().any(|l| l.starts_with("catalogue:")) {
            FileKind::Catalogue
        } else {
            FileKind::Procedure
        }
    }
}
