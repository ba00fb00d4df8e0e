//! Expression files under `tests/expr/`: `ok/` files must compile without a diagnostic, `err/`
//! files must produce at least one (at compile time or when evaluated). Each file's outcome is
//! snapshotted as a user would see it.
//!
//! A file is an expression whose leading comment lines may declare its environment (comments
//! are part of the language, so the file is parsed whole and spans are offsets in the file):
//!
//! ```text
//! // declare: cause: enum(lost|stolen)
//! // var: age = 20
//! // no-check
//! // max_list_len: 3
//! // no-calendar
//! age >= 16 || cause == "stolen"
//! ```

use std::fmt::Write as _;
use std::path::Path;

use procedure_expr::{Checking, Env, Limits, Stop, Type, Value, compile, compile_tree, parse};

use crate::common::render;

/// The environment and values described by a file's header.
pub struct Header {
    pub env: Env,
    pub vars: Vec<Option<Value>>,
    pub checking: Checking,
    /// The default limits, or smaller ones where a file needs a limit it could not reach in the
    /// defaults' length of an expression.
    pub limits: Limits,
}

/// Reads the `// declare:`, `// var:`, `// no-check`, `// max_list_len:` and `// no-calendar`
/// lines at the top of `text`. The calendars of procedures are available unless `no-calendar`
/// says otherwise.
pub fn header(text: &str) -> Header {
    let mut env = Env::new();
    let mut vars = Vec::new();
    let mut checking = Checking::On;
    let mut limits = Limits::DEFAULT;
    let mut calendars = true;
    for line in text.lines().map(str::trim).take_while(|l| l.starts_with("//") || l.is_empty()) {
        let line = line.trim_start_matches('/').trim();
        if let Some(decl) = line.strip_prefix("declare:") {
            let (name, ty) = decl.split_once(':').expect("`// declare: NAME: TYPE`");
            let ty: Type = ty.parse().unwrap();
            env.declare(name.trim(), ty).unwrap();
        } else if let Some(var) = line.strip_prefix("var:") {
            let (name, literal) = var.split_once('=').expect("`// var: NAME = VALUE`");
            let value = compile(literal.trim(), 0, &Env::new(), &Limits::DEFAULT).unwrap().eval(&[]).unwrap();
            let slot = match env.lookup(name.trim()) {
                Some((slot, _)) => slot,
                None => env.declare(name.trim(), value.type_of()).unwrap(),
            };
            vars.resize(env.len(), None);
            vars[slot.index()] = Some(value);
        } else if line == "no-check" {
            checking = Checking::Off;
        } else if let Some(n) = line.strip_prefix("max_list_len:") {
            limits.max_list_len = n.trim().parse().unwrap();
        } else if line == "no-calendar" {
            calendars = false;
        }
    }
    if calendars {
        procedure_core::calendar::all().for_each(|c| env.add_calendar(c));
    }
    vars.resize(env.len(), None);
    Header { env, vars, checking, limits }
}

/// What happened to the expression in `text`, as text for a snapshot, and whether any
/// diagnostic was produced.
pub fn outcome(name: &str, text: &str) -> (String, bool) {
    let Header { env, vars, checking, limits } = header(text);
    let program = match parse(text, 0, &limits).and_then(|t| compile_tree(&t, &env, &limits, checking)) {
        Ok(p) => p,
        Err(errors) => return (render(&errors, name, text), true),
    };
    let mut out = format!("type: {}\n", program.result_type());
    match program.eval(&vars) {
        Ok(v) => {
            let _ = writeln!(out, "value: {v}");
            (out, false)
        }
        Err(Stop::Unknown(slots)) => {
            let names: Vec<_> = slots.iter().filter_map(|s| env.name(s)).collect();
            let _ = writeln!(out, "unknown, waits on: {}", names.join(", "));
            (out, false)
        }
        Err(Stop::Error(e)) => {
            out.push_str(&render(&e, name, text));
            (out, true)
        }
    }
}

fn snapshot(path: &Path, expect_diagnostic: bool) {
    let text = std::fs::read_to_string(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let (out, diagnosed) = outcome(&name, &text);
    if expect_diagnostic {
        assert!(diagnosed, "{name} is under err/ but produced no diagnostic:\n{out}");
    } else {
        assert!(!diagnosed, "{name} is under ok/ but produced a diagnostic:\n{out}");
    }
    insta::assert_snapshot!(out);
}

#[test]
fn ok_files_evaluate_without_diagnostics() {
    insta::glob!("../../../../tests/expr", "ok/*.cel", |path| snapshot(path, false));
}

#[test]
fn err_files_are_diagnosed() {
    insta::glob!("../../../../tests/expr", "err/*.cel", |path| snapshot(path, true));
}
