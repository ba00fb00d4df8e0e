//! Reading the data files a program gives the engine: facts files and scenario files, with
//! the same budgets (size, depth, aliases) as procedure files.

use procedure_syntax::{Entries, LoadOptions, Scenarios, Sp, SyntaxError, load};

use crate::Fact;

/// The facts of a YAML or JSON facts file (`input id: value`), ready for [`crate::bind`],
/// each with the place it is written.
///
/// ```
/// let facts = procedure::load_facts("cause: stolen\nage: 34\n").unwrap();
/// assert_eq!(facts[1].name, "age");
/// assert_eq!(facts[1].value, procedure::FactValue::Int(34));
/// assert!(procedure::load_facts("cause: [").is_err());
/// ```
pub fn load_facts(text: &str) -> Result<Vec<Fact>, SyntaxError> {
    let entries: Entries<Sp<procedure_syntax::FactValue>> = load(text, &LoadOptions::DEFAULT)?;
    Ok(procedure_core::scenario_facts(&entries))
}

/// A scenario file (`*.test.yaml`), for [`crate::scenario::run`].
pub fn load_scenarios(text: &str) -> Result<Scenarios, SyntaxError> {
    load(text, &LoadOptions::DEFAULT)
}

/// Any YAML or JSON data as a JSON value, read within the same budgets; two equal keys in
/// one mapping are refused with their place (where `serde_json` keeps the last in silence).
///
/// ```
/// let value = procedure::load_json("{\"age\": 34}").unwrap();
/// assert_eq!(value["age"], 34);
/// assert!(procedure::load_json("{\"age\": 1, \"age\": 2}").is_err());
/// ```
pub fn load_json(text: &str) -> Result<serde_json::Value, SyntaxError> {
    load(text, &LoadOptions::DEFAULT)
}
