//! Throughput of the expression language: compiling a typical condition, and evaluating it.
//!
//! Goals (issue 2): parse + check ≤ 10 µs for a 100-character condition; evaluation ≤ 50 ns
//! with five variables.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::print_stdout,
    reason = "benchmark set-up: a panic means the benchmark is wrong"
)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use procedure_expr::{Limits, Value, compile, parse, parse_date};

#[path = "support/condition.rs"]
mod condition;
use condition::{CONDITION, env};

fn facts() -> Vec<Option<Value>> {
    let date = |s| Value::Date(parse_date(s).expect("a valid date"));
    vec![
        Some(Value::Int(34)),
        Some(Value::string("stolen")),
        Some(date("2026-11-20")),
        Some(date("2026-11-25")),
        Some(Value::Bool(false)),
    ]
}

fn benches(c: &mut Criterion) {
    let env = env();
    let limits = Limits::DEFAULT;
    assert!((95..=115).contains(&CONDITION.len()), "a condition of about 100 characters");

    c.bench_function("parse", |b| b.iter(|| parse(black_box(CONDITION), 0, &limits)));
    c.bench_function("parse+check", |b| b.iter(|| compile(black_box(CONDITION), 0, &env, &limits)));

    let program = compile(CONDITION, 0, &env, &limits).expect("the condition compiles");
    let known = facts();
    assert_eq!(program.eval(&known), Ok(Value::Bool(true)));
    c.bench_function("eval/5 known variables", |b| b.iter(|| program.eval(black_box(&known))));

    let mut partial = facts();
    partial[0] = None;
    partial[1] = None;
    c.bench_function("eval/2 unknown variables", |b| b.iter(|| program.eval(black_box(&partial))));
}

criterion_group!(expr, benches);
criterion_main!(expr);
