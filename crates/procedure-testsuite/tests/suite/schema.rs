//! The committed JSON Schemas are the ones the code generates: `docs/procedure.schema.json`
//! from the surface structs (editors validate against the real format) and
//! `docs/result.schema.json` from the typed result.

use crate::common::repo_root;

#[test]
fn committed_schema_is_current() {
    let generated = serde_json::to_string_pretty(&procedure::json_schema()).unwrap() + "\n";
    let path = repo_root().join("docs/procedure.schema.json");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/procedure.schema.json is stale: regenerate it with `cargo run -q --bin procedure -- schema > docs/procedure.schema.json`"
    );
}

#[test]
fn schema_refuses_unknown_keys_and_knows_the_element_kinds() {
    let schema = procedure::json_schema().to_value();
    assert_eq!(schema["additionalProperties"], serde_json::json!(false));
    for element in ["Input", "Step", "Table", "Outcome", "Deadline", "Fee", "Warning", "Text", "Next", "Cell"] {
        assert!(schema["$defs"].get(element).is_some(), "the schema has no definition of {element}");
    }
}

/// The committed schema of the evaluation result (`docs/result.schema.json`) is the one the
/// typed result generates: programs validate against what the engine really writes.
#[test]
fn committed_result_schema_is_current() {
    let generated = serde_json::to_string_pretty(&procedure::report::json_schema()).unwrap() + "\n";
    let path = repo_root().join("docs/result.schema.json");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/result.schema.json is stale: regenerate it with `cargo run -q --bin procedure -- schema --result > docs/result.schema.json`"
    );
}
