//! The typed way in agrees with `bind`: the same checks and the same diagnostics, and an
//! evaluation into a reused result equals a fresh one.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code: a panic is a failing test")]

use procedure::{
    CompileOptions, Diagnostic, Evaluation, Fact, FactValue, Procedure, Situation, bind, compile, evaluate, render,
};

fn small() -> Procedure {
    compile(include_str!("../../../tests/check/ok/small_procedure.yaml"), &CompileOptions::DEFAULT).procedure.unwrap()
}

/// `bind`'s one diagnostic for one fact, without its place (the setters have none).
fn bound(procedure: &Procedure, name: &str, value: FactValue) -> Diagnostic {
    let mut errors = bind(procedure, &[Fact { name: name.into(), value, span: None }]).unwrap_err();
    assert_eq!(errors.len(), 1);
    let mut d = errors.remove(0);
    d.labels.clear();
    d
}

#[test]
fn every_setter_refuses_what_bind_refuses_with_the_same_diagnostic() {
    let p = small();
    let mut s = Situation::new(&p);
    let (cause, age, learned_on) = (p.input("cause").unwrap(), p.input("age").unwrap(), p.input("learned_on").unwrap());
    let cases: Vec<(Diagnostic, Diagnostic)> = vec![
        (s.set_int(age, -1).unwrap_err(), bound(&p, "age", FactValue::Int(-1))),
        (s.set_int(age, 151).unwrap_err(), bound(&p, "age", FactValue::Int(151))),
        (s.set_bool(age, true).unwrap_err(), bound(&p, "age", FactValue::Bool(true))),
        (s.set_text(age, "12").unwrap_err(), bound(&p, "age", FactValue::Text("12".into()))),
        (s.set_text(cause, "Lost").unwrap_err(), bound(&p, "cause", FactValue::Text("Lost".into()))),
        (s.set_text(cause, "lsot").unwrap_err(), bound(&p, "cause", FactValue::Text("lsot".into()))),
        (p.value(cause, "stole").unwrap_err(), bound(&p, "cause", FactValue::Text("stole".into()))),
        (s.set_int(learned_on, 3).unwrap_err(), bound(&p, "learned_on", FactValue::Int(3))),
        (p.input("learnd_on").unwrap_err(), bound(&p, "learnd_on", FactValue::Int(3))),
    ];
    for (typed, by_name) in cases {
        assert_eq!(typed, by_name);
    }
    // A refused value leaves the situation as it was.
    assert_eq!(s.facts(), Situation::new(&p).facts());
}

#[test]
fn typed_facts_bind_to_what_bind_gives() {
    let p = small();
    let mut s = Situation::new(&p);
    s.set_value(p.value(p.input("cause").unwrap(), "lost").unwrap()).unwrap();
    s.set_int(p.input("age").unwrap(), 15).unwrap();
    s.set_date(p.input("learned_on").unwrap(), jiff::civil::date(2026, 11, 20)).unwrap();
    let by_name = bind(
        &p,
        &[
            Fact { name: "cause".into(), value: FactValue::Text("lost".into()), span: None },
            Fact { name: "age".into(), value: FactValue::Int(15), span: None },
            Fact { name: "learned_on".into(), value: FactValue::Text("2026-11-20".into()), span: None },
        ],
    )
    .unwrap();
    assert_eq!(s.facts(), &by_name);
    s.unset(p.input("age").unwrap());
    assert_eq!(s.get(p.input("age").unwrap()), None);
    s.clear();
    assert_eq!(s.facts(), Situation::new(&p).facts());
}

#[test]
fn an_evaluation_into_a_used_result_equals_a_fresh_one() {
    let p = small();
    let today = jiff::civil::date(2026, 11, 25);
    let situations: Vec<Vec<(&str, FactValue)>> = vec![
        vec![("cause", FactValue::Text("disaster".into())), ("disaster_kind", FactValue::Text("fire".into()))],
        vec![],
        vec![("cause", FactValue::Text("lost".into())), ("age", FactValue::Int(40))],
        // The constraint fails (a date in the future): an error between two answers.
        vec![("cause", FactValue::Text("lost".into())), ("learned_on", FactValue::Text("2027-01-01".into()))],
        vec![
            ("cause", FactValue::Text("stolen".into())),
            ("age", FactValue::Int(15)),
            ("learned_on", FactValue::Text("2026-10-01".into())),
        ],
        vec![("cause", FactValue::Text("damaged".into()))],
    ];
    let mut reused = Evaluation::new(&p);
    let mut s = Situation::new(&p);
    for facts in situations {
        let facts: Vec<Fact> =
            facts.into_iter().map(|(name, value)| Fact { name: name.into(), value, span: None }).collect();
        let bound = bind(&p, &facts).unwrap();
        s.clear();
        for f in &facts {
            let h = p.input(&f.name).unwrap();
            match &f.value {
                FactValue::Int(n) => s.set_int(h, *n).unwrap(),
                FactValue::Text(t) if f.name == "learned_on" => s.set_date(h, t.parse().unwrap()).unwrap(),
                FactValue::Text(t) => s.set_text(h, t).unwrap(),
                other => panic!("no such fact here: {other:?}"),
            }
        }
        let fresh = evaluate(&p, &bound, today);
        let into = s.evaluate_into(today, &mut reused);
        match (fresh, into) {
            (Ok(fresh), Ok(())) => {
                assert_eq!(render::json(&reused, "en"), render::json(&fresh, "en"));
                assert_eq!(reused.values, fresh.values);
            }
            (Err(a), Err(b)) => assert_eq!(a, b),
            (a, b) => panic!("fresh {:?}, reused {:?}", a.map(|e| e.status), b),
        }
    }
}

#[test]
fn an_evaluation_that_calls_a_sub_procedure_into_a_used_result_equals_a_fresh_one() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/check/ok/calls_sub_procedure.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let p = procedure::compile_with(&text, &CompileOptions::DEFAULT, &procedure::Directory::beside(&path))
        .procedure
        .unwrap();
    let today = jiff::civil::date(2026, 11, 25);
    let (cause, reported) = (p.input("cause").unwrap(), p.input("police_report_filed").unwrap());
    let mut reused = Evaluation::new(&p);
    let mut s = Situation::new(&p);
    // Complete answers through each branch of the callee, and answers that wait on facts
    // (the callee's needs become the caller's), in an order that reuses each after another.
    let situations: [(Option<&str>, Option<bool>); 7] = [
        (Some("stolen"), Some(false)),
        (None, None),
        (Some("lost"), Some(false)),
        (None, Some(true)),
        (None, Some(false)),
        (Some("stolen"), Some(true)),
        (Some("lost"), None),
    ];
    for (c, r) in situations {
        s.clear();
        if let Some(c) = c {
            s.set_text(cause, c).unwrap();
        }
        if let Some(r) = r {
            s.set_bool(reported, r).unwrap();
        }
        let fresh = evaluate(&p, s.facts(), today).unwrap();
        s.evaluate_into(today, &mut reused).unwrap();
        assert_eq!(render::json(&reused, "en"), render::json(&fresh, "en"), "{c:?} {r:?}");
        assert_eq!(reused.values, fresh.values);
        let values = |e: &Evaluation| e.callees.iter().map(|v| v.values.clone()).collect::<Vec<_>>();
        assert_eq!(values(&reused), values(&fresh));
    }
}
