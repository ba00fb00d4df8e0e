//! Fuzz target: parse, check and evaluate arbitrary expressions.
//!
//! For every input that is UTF-8, the text is parsed (base offset 0, `Limits::DEFAULT`), compiled
//! with and without type checking against a fixed environment, and evaluated. The properties:
//!
//! (a) nothing panics or hangs: parsing, checking, evaluating, and displaying every diagnostic;
//! (b) type soundness: when checked compilation succeeds and evaluation returns `Ok(v)`,
//!     `v.has_type(program.result_type())` holds;
//! (c) printing round trip: for such a value `v` (and for any value of the unchecked program),
//!     compiling `v.to_string()` in an empty `Env` and evaluating it gives back a value equal
//!     to `v`.
//!
//! The round trip compiles the printed value with the text limits relaxed (see
//! `ROUND_TRIP_LIMITS`): the limits bound the text of an expression, not the size of its value,
//! and a variable stands for a value of any size, so `[d, d, …]` or `[[…[d]…]]` within the
//! limits can print as text beyond them. Under `Limits::DEFAULT` that is expected, not a bug.
//!
//! A failed property is a panic, which libFuzzer reports as a crash with the message below.

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use procedure_expr::{Checking, Env, Limits, Program, Stop, Type, Value, compile, compile_tree, parse, parse_date};

/// The fixed environment and the values of its variables (`None`: declared but unknown).
struct Fixture {
    env: Env,
    vars: Vec<Option<Value>>,
}

static FIXTURE: LazyLock<Fixture> = LazyLock::new(|| {
    let mut env = Env::new();
    let mut vars = Vec::new();
    let mut declare = |name: &str, ty: &str, value: Option<Value>| {
        let ty: Type = ty.parse().expect("fixture type");
        let slot = env.declare(name, ty).expect("fixture declaration");
        assert_eq!(slot.index(), vars.len());
        vars.push(value);
    };
    declare("i", "int", Some(Value::Int(7)));
    declare("s", "string", Some(Value::string("abc")));
    declare("d", "date", Some(Value::Date(parse_date("2026-11-25").expect("fixture date"))));
    declare("l", "list(int)", Some(Value::list([Value::Int(1), Value::Int(2), Value::Int(3)])));
    declare("e", "enum(lost|stolen)", Some(Value::string("lost")));
    declare("n", "null", Some(Value::Null));
    declare("b", "bool", None);
    declare("u", "int", None);
    Fixture { env, vars }
});

/// The limits for reading a printed value back: `Limits::DEFAULT` for values, no bound on the
/// length of the text or of a string literal, and one more level of nesting and depth, because
/// printing a value adds at most one: the `date(…)` or `days(…)` around a date or duration, or
/// the brackets of the variable `l` put inside the deepest list.
const ROUND_TRIP_LIMITS: Limits = Limits {
    max_length: usize::MAX,
    max_nesting: Limits::DEFAULT.max_nesting + 1,
    max_depth: Limits::DEFAULT.max_depth + 1,
    max_string_len: usize::MAX,
    ..Limits::DEFAULT
};

/// At most 300 characters of `text`, for readable failure messages.
fn clip(text: &str) -> String {
    match text.char_indices().nth(300) {
        Some((at, _)) => format!("{}… ({} bytes in all)", &text[..at], text.len()),
        None => text.to_owned(),
    }
}

/// Evaluates `program`, displaying any error so that message formatting is exercised too.
fn run(program: &Program, vars: &[Option<Value>]) -> Option<Value> {
    match program.eval(vars) {
        Ok(v) => Some(v),
        Err(Stop::Error(e)) => {
            let _ = e.to_string();
            None
        }
        Err(Stop::Unknown(slots)) => {
            assert!(!slots.is_empty(), "an unknown result waits on no variable");
            None
        }
    }
}

/// Property (c): `v` printed as an expression evaluates back to `v`.
fn assert_round_trip(v: &Value, source: &str) {
    let printed = v.to_string();
    // Formatted only on failure: the round trip runs on every input that has a value.
    let describe = |what: &str, detail: String| {
        format!(
            "round trip: {what}\n  source:  {}\n  value:   {}\n  printed: {}\n  {detail}",
            clip(&format!("{source:?}")),
            clip(&format!("{v:?}")),
            clip(&format!("{printed:?}")),
        )
    };
    match compile(&printed, 0, &Env::new(), &ROUND_TRIP_LIMITS) {
        Err(errors) => panic!("{}", describe("the printed value does not compile", format!("errors:  {errors}"))),
        Ok(program) => match program.eval(&[]) {
            Ok(back) if back == *v => {}
            Ok(back) => panic!(
                "{}",
                describe(
                    "the printed value evaluates to another value",
                    format!("back:    {}", clip(&format!("{back:?}")))
                )
            ),
            Err(stop) => panic!("{}", describe("the printed value does not evaluate", format!("stop:    {stop:?}"))),
        },
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let fixture = &*FIXTURE;
    let limits = Limits::DEFAULT;
    let tree = match parse(text, 0, &limits) {
        Ok(tree) => tree,
        Err(errors) => {
            let _ = errors.to_string();
            return;
        }
    };

    // Checked compilation: properties (b) and (c).
    match compile_tree(&tree, &fixture.env, &limits, Checking::On) {
        Ok(program) => {
            if let Some(v) = run(&program, &fixture.vars) {
                let ty = program.result_type();
                assert!(
                    v.has_type(ty),
                    "type soundness: the value does not have the checked type\n  source: {}\n  type:   {ty}\n  value:  {}",
                    clip(&format!("{text:?}")),
                    clip(&format!("{v:?}"))
                );
                assert_round_trip(&v, text);
            }
        }
        Err(errors) => {
            let _ = errors.to_string();
        }
    }

    // Unchecked compilation: property (a), and (c) for the values only unchecked code reaches.
    match compile_tree(&tree, &fixture.env, &limits, Checking::Off) {
        Ok(program) => {
            if let Some(v) = run(&program, &fixture.vars) {
                assert_round_trip(&v, text);
            }
        }
        Err(errors) => {
            let _ = errors.to_string();
        }
    }
});
