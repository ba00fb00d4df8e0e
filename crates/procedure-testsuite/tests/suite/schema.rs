//! The committed JSON Schema (`docs/procedure.schema.json`) is the one the surface structs
//! generate: editors validate against the real format.

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
