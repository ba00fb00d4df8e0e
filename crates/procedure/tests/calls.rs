//! A sub-procedure's facts come from the caller's expressions, and are checked as any facts are.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failing test"
)]

use procedure::{CompileOptions, Fact, FactValue, Files, Status, bind, compile_with, evaluate};

/// The files of the test, in memory.
struct Memory;

impl Files for Memory {
    fn read(&self, path: &str) -> Result<String, String> {
        match path {
            "sub/visit.yaml" => Ok("id: visit\nversion: '1'\ntitle: Visit\nlanguages: [en]\ntime_zone: Asia/Tokyo\nstart: go\n\
                inputs:\n  kind: {type: enum, values: {visitor: Visitor, resident: Resident}, ask: Who?}\n  age: {type: int, ask: Age?, min: 0, max: 150}\n\
                steps:\n  go:\n    title: Go\n    next:\n      - when: kind == \"visitor\" && age >= 16\n        to: adult\n      - otherwise: other\n\
                outcomes:\n  adult: {title: An adult visitor, kind: done}\n  other: {title: Someone else, kind: redirect}\n"
                .into()),
            _ => Err("no such file".into()),
        }
    }
}

const CALLER: &str = "id: caller\nversion: '1'\ntitle: Caller\nlanguages: [en]\ntime_zone: Asia/Tokyo\nstart: go\n\
    inputs:\n  who: {type: string, ask: Who?}\n  years: {type: int, ask: How old?}\n\
    steps:\n  go:\n    title: Go\n    call:\n      procedure: sub/visit.yaml\n      inputs: {kind: who, age: years * 10}\n    next: done\n\
    outcomes:\n  done: {title: Done, kind: done}\n";

fn facts(who: &str, years: i64) -> Vec<Fact> {
    vec![
        Fact { name: "who".into(), value: FactValue::Text(who.into()), span: None },
        Fact { name: "years".into(), value: FactValue::Int(years), span: None },
    ]
}

#[test]
fn a_callee_ending_in_a_redirect_ends_the_caller_and_done_hands_back() {
    let procedure = compile_with(CALLER, &CompileOptions::DEFAULT, &Memory).procedure.unwrap();
    let today = jiff::civil::date(2026, 11, 25);
    let adult = bind(&procedure, &facts("visitor", 2)).unwrap();
    let e = evaluate(&procedure, &adult, today).unwrap();
    assert_eq!((e.status, e.outcome.map(|n| n.id.as_str())), (Status::Complete, Some("done")));
    let resident = bind(&procedure, &facts("resident", 2)).unwrap();
    let e = evaluate(&procedure, &resident, today).unwrap();
    assert_eq!(e.outcome.map(|n| n.id.as_str()), Some("other"));
}

#[test]
fn a_value_the_callee_does_not_accept_is_an_error_at_the_call() {
    let procedure = compile_with(CALLER, &CompileOptions::DEFAULT, &Memory).procedure.unwrap();
    let today = jiff::civil::date(2026, 11, 25);
    let typo = bind(&procedure, &facts("visitr", 2)).unwrap();
    let errors = evaluate(&procedure, &typo, today).unwrap_err();
    assert!(errors[0].message.contains("calling `sub/visit.yaml`"), "{}", errors[0].message);
    assert!(errors[0].message.contains("`visitr` is not one of"), "{}", errors[0].message);
    let out_of_range = bind(&procedure, &facts("visitor", 20)).unwrap();
    let errors = evaluate(&procedure, &out_of_range, today).unwrap_err();
    assert!(errors[0].message.contains("out of range"), "{}", errors[0].message);
}

/// [`Memory`], counting the reads of each file.
#[derive(Default)]
struct Counting {
    reads: std::cell::RefCell<std::collections::HashMap<String, usize>>,
}

impl Files for Counting {
    fn read(&self, path: &str) -> Result<String, String> {
        *self.reads.borrow_mut().entry(path.to_owned()).or_default() += 1;
        Memory.read(path)
    }
}

#[test]
fn a_callee_called_ten_times_is_compiled_once_and_shared() {
    let mut caller = String::from(
        "id: caller\nversion: '1'\ntitle: Caller\nlanguages: [en]\ntime_zone: Asia/Tokyo\nstart: s0\n\
         inputs:\n  who: {type: string, ask: Who?}\nsteps:\n",
    );
    for i in 0..10 {
        let next = if i < 9 { format!("s{}", i + 1) } else { "done".into() };
        caller.push_str(&format!(
            "  s{i}:\n    title: Go\n    call:\n      procedure: sub/visit.yaml\n      inputs: {{kind: who, age: {i}}}\n    next: {next}\n"
        ));
    }
    caller.push_str("outcomes:\n  done: {title: Done, kind: done}\n");
    let files = Counting::default();
    let compiled = compile_with(&caller, &CompileOptions::DEFAULT, &files);
    assert!(compiled.diagnostics.iter().all(|d| d.level != procedure::Level::Error), "{:?}", compiled.diagnostics);
    assert_eq!(files.reads.borrow().get("sub/visit.yaml"), Some(&1));
    let procedure = compiled.procedure.unwrap();
    let calls: Vec<_> = procedure
        .nodes
        .iter()
        .filter_map(|n| match &n.kind {
            procedure_core::NodeKind::Step(s) => s.call.as_ref(),
            _ => None,
        })
        .collect();
    assert_eq!(calls.len(), 10);
    assert!(calls.iter().all(|c| std::sync::Arc::ptr_eq(&c.procedure, &calls[0].procedure)));
}
