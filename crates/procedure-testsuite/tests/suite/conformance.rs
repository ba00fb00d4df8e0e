//! The CEL conformance corpus (`../shared/conformance/cel/core.jsonl`): every case must pass.
//!
//! Cases tagged `disable-check` run parse → evaluate, and the evaluator alone must produce the
//! expected value or error. All others run parse → check → evaluate; for an expected error, an
//! error at check time counts.

use std::path::PathBuf;

use procedure_expr::{Checking, Env, Limits, Stop, Value, compile_tree, parse};
use serde_json::Value as Json;

use crate::common::repo_root;

fn corpus() -> Option<PathBuf> {
    let path = repo_root().join("../shared/conformance/cel/core.jsonl");
    path.exists().then_some(path)
}

/// Reads a typed value such as `{"int": "-1"}` or `{"list": [...]}`.
fn typed_value(json: &Json) -> Result<Value, String> {
    let obj = json.as_object().ok_or("a typed value must be an object")?;
    let (kind, v) = obj.iter().next().ok_or("empty typed value")?;
    Ok(match kind.as_str() {
        "int" => Value::Int(v.as_str().ok_or("int must be a string")?.parse().map_err(|e| format!("{e}"))?),
        "string" => Value::string(v.as_str().ok_or("string must be a string")?),
        "bool" => Value::Bool(v.as_bool().ok_or("bool must be a bool")?),
        "null" => Value::Null,
        "list" => Value::list(
            v.as_array().ok_or("list must be an array")?.iter().map(typed_value).collect::<Result<Vec<_>, _>>()?,
        ),
        other => return Err(format!("values of kind `{other}` are outside the core")),
    })
}

/// Runs one case; `Err` says why it failed.
fn run_case(case: &Json) -> Result<(), String> {
    let expr = case["expr"].as_str().ok_or("no expr")?;
    let unchecked = case["features"].as_array().is_some_and(|f| f.iter().any(|t| t == "disable-check"));
    let mut env = Env::new();
    let mut vars = Vec::new();
    if let Some(bindings) = case["bindings"].as_object() {
        for (name, value) in bindings {
            let value = typed_value(value)?;
            // CEL lets a binding be named `true` or `null`; the literal always wins, so such a
            // binding can never be read and our `Env` rightly refuses to declare it.
            if procedure_expr::RESERVED_WORDS.contains(&name.as_str()) {
                continue;
            }
            let slot = env.declare(name, value.type_of()).map_err(|e| e.to_string())?;
            vars.resize(slot.index() + 1, None);
            vars[slot.index()] = Some(value);
        }
    }
    let expect_error = case["expect"].get("error").is_some();
    let limits = Limits::DEFAULT;
    let checking = if unchecked { Checking::Off } else { Checking::On };
    let program = match parse(expr, 0, &limits).and_then(|tree| compile_tree(&tree, &env, &limits, checking)) {
        Ok(p) => p,
        Err(_) if expect_error && !unchecked => return Ok(()),
        Err(e) => return Err(format!("compile error: {e:?}")),
    };
    let result = program.eval(&vars);
    match (&case["expect"]["value"], result) {
        (Json::Null, Err(Stop::Error(_))) if expect_error => Ok(()),
        (Json::Null, other) => Err(format!("expected an error, got {other:?}")),
        (want, Ok(got)) => {
            let want = typed_value(want)?;
            if want == got { Ok(()) } else { Err(format!("expected {want}, got {got}")) }
        }
        (want, Err(stop)) => Err(format!("expected {want}, got {stop:?}")),
    }
}

#[test]
fn cel_core_corpus_passes_in_full() {
    let Some(path) = corpus() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "the CEL conformance corpus must be present in CI at ../shared/conformance/cel/core.jsonl"
        );
        println!("conformance: corpus not found at ../shared/conformance/cel/core.jsonl; the CEL cases did NOT run");
        return;
    };
    let text = std::fs::read_to_string(&path).unwrap();
    let mut passed = 0;
    let mut failures = Vec::new();
    for (line, json) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let case: Json = serde_json::from_str(json).unwrap();
        match run_case(&case) {
            Ok(()) => passed += 1,
            Err(why) => failures.push(format!(
                "line {}: {}/{}/{}: `{}`: {why}",
                line + 1,
                case["file"].as_str().unwrap_or(""),
                case["section"].as_str().unwrap_or(""),
                case["name"].as_str().unwrap_or(""),
                case["expr"].as_str().unwrap_or(""),
            )),
        }
    }
    println!("conformance: {passed} passed, {} failed", failures.len());
    assert!(failures.is_empty(), "{} CEL conformance cases failed:\n{}", failures.len(), failures.join("\n"));
    assert_eq!(passed, 264, "the core corpus has 264 cases");
}
