//! The condition the expression benchmark and its profiling example both measure, so that
//! their figures are of the same thing.

use procedure_expr::{Env, Type};

/// A condition of the kind procedures are made of: about 100 characters, five variables.
pub const CONDITION: &str =
    r#"age >= 16 && cause in ["lost", "stolen", "other", "disaster"] && learned_on + days(14) >= today && !card_found"#;

/// The declarations `CONDITION` reads.
pub fn env() -> Env {
    let mut env = Env::new();
    for (name, ty) in [
        ("age", Type::Int),
        ("cause", Type::enumeration(["lost", "stolen", "other", "disaster", "damaged"])),
        ("learned_on", Type::Date),
        ("today", Type::Date),
        ("card_found", Type::Bool),
    ] {
        env.declare(name, ty).expect("distinct names");
    }
    env
}
