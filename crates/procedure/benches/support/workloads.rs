//! The workloads shared by the evaluation benchmark and its profiling example, so that both
//! measure the same thing: the bundled lost-card procedure for the README's stolen card.

use procedure::{CompileOptions, Directory, Fact, FactValue, Procedure, compile_with};

/// A fact as a scenario file gives it.
pub fn fact(name: &str, value: FactValue) -> Fact {
    Fact { name: name.to_owned(), value, span: None }
}

/// `lost_card` with its imports and sub-procedure, and the README's stolen card.
pub fn lost_card_stolen() -> (Procedure, Vec<Fact>) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../procedures");
    let text = std::fs::read_to_string(format!("{dir}/lost_card.yaml")).expect("the bundled procedure");
    let procedure = compile_with(&text, &CompileOptions::DEFAULT, &Directory::new(std::path::Path::new(dir)))
        .procedure
        .expect("the bundled procedure compiles");
    let facts = [
        ("holder", FactValue::Text("mid_long_term_resident".into())),
        ("cause", FactValue::Text("stolen".into())),
        ("learned_on", FactValue::Text("2026-11-20".into())),
        ("learned_abroad", FactValue::Bool(false)),
        ("age", FactValue::Int(34)),
        ("police_report_filed", FactValue::Bool(false)),
        ("card_found", FactValue::Text("not_found".into())),
        ("passport_presentable", FactValue::Bool(true)),
        ("has_activity_permission", FactValue::Bool(false)),
        ("applicant", FactValue::Text("self".into())),
    ];
    (procedure, facts.into_iter().map(|(n, v)| fact(n, v)).collect())
}
