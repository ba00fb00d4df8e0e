//! A compiled procedure is shared by threads that evaluate it at once.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code: a panic is a failing test")]

use std::sync::Arc;

use procedure::{CompileOptions, Fact, FactValue, Procedure, bind, compile, evaluate};

fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn one_procedure_evaluated_from_many_threads_gives_the_same_answers() {
    assert_send_sync::<Procedure>();
    let text = include_str!("../../../tests/check/ok/small_procedure.yaml");
    let procedure = Arc::new(compile(text, &CompileOptions::DEFAULT).procedure.unwrap());
    let today = jiff::civil::date(2026, 11, 25);
    let answer = move |p: &Procedure, age: i64| {
        let facts = vec![
            Fact { name: "cause".into(), value: FactValue::Text("lost".into()), span: None },
            Fact { name: "age".into(), value: FactValue::Int(age), span: None },
            Fact { name: "learned_on".into(), value: FactValue::Text("2026-11-20".into()), span: None },
        ];
        let facts = bind(p, &facts).unwrap();
        evaluate(p, &facts, today).unwrap().outcome.map(|n| n.id.clone()).unwrap()
    };
    let handles: Vec<_> = (0..8)
        .map(|t| {
            let p = Arc::clone(&procedure);
            std::thread::spawn(move || (0..200).map(|i| answer(&p, (t * 7 + i) % 40)).collect::<Vec<_>>())
        })
        .collect();
    for (t, h) in handles.into_iter().enumerate() {
        let got = h.join().unwrap();
        for (i, outcome) in got.iter().enumerate() {
            let age = (t as i64 * 7 + i as i64) % 40;
            let expected = if age >= 16 { "done" } else { "done_with_relative" };
            assert_eq!(outcome, expected, "thread {t}, age {age}");
        }
    }
}
