//! Evaluation speed: deciding a realistic procedure for a complete situation, with and
//! without rendering the result, and throughput over many varied situations.
//! Goals (issue 4): ≤ 2 µs to decide; ≥ 500,000 evaluations per second on one core.
//! Issue 13: decide + JSON ≤ 5 µs; `… via Value` is the old way of printing, kept for the ratio.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "benchmark set-up: a panic means the benchmark is wrong"
)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use procedure::{CompileOptions, Fact, FactValue, bind, compile, evaluate, render};

const PROCEDURE: &str = include_str!("../../../tests/check/ok/notify_new_address.yaml");

#[path = "support/workloads.rs"]
mod workloads;
use workloads::fact;

fn situation(i: usize) -> Vec<Fact> {
    let kinds = ["other_municipality", "same_municipality"];
    let filers = ["self", "relative", "agent"];
    vec![
        fact("holder", FactValue::Text("mid_long_term".into())),
        fact("first_address", FactValue::Bool(false)),
        fact("card_in_hand", FactValue::Bool(true)),
        fact("already_moved", FactValue::Bool(true)),
        fact("moved_in_on", FactValue::Text(format!("2026-{:02}-{:02}", 1 + i % 12, 1 + i % 28))),
        fact("left_old_on", FactValue::Text(format!("2026-{:02}-{:02}", 1 + i % 12, 1 + i % 28))),
        fact("move_kind", FactValue::Text(kinds[i % 2].into())),
        fact("filed_tenshutsu", FactValue::Bool(true)),
        fact("has_my_number_card", FactValue::Bool(i.is_multiple_of(3))),
        fact("under_16", FactValue::Bool(false)),
        fact("filer", FactValue::Text(filers[i % 3].into())),
        fact("relative_ok", FactValue::Bool(true)),
        fact("agent_registered", FactValue::Bool(true)),
    ]
}

fn benches(c: &mut Criterion) {
    let procedure = compile(PROCEDURE, &CompileOptions::DEFAULT).procedure.expect("the sample compiles");
    let today = jiff::civil::date(2026, 12, 31);
    let facts = bind(&procedure, &situation(0)).expect("valid facts");
    let e = evaluate(&procedure, &facts, today).expect("evaluates");
    assert_eq!(e.status, procedure::Status::Complete, "{:?}", e.needs.iter().map(|i| &i.id).collect::<Vec<_>>());

    c.bench_function("eval/decide", |b| b.iter(|| evaluate(&procedure, black_box(&facts), today)));
    c.bench_function("eval/decide+json", |b| {
        b.iter(|| render::json_text(&evaluate(&procedure, black_box(&facts), today).unwrap(), "en"))
    });
    // The way the JSON was printed before issue 13, for the ratio: through a serde_json::Value.
    c.bench_function("eval/decide+json via Value", |b| {
        b.iter(|| render::json(&evaluate(&procedure, black_box(&facts), today).unwrap(), "en").to_string())
    });
    c.bench_function("eval/bind", |b| b.iter(|| bind(&procedure, black_box(&situation(7)))));

    // The bundled lost-card procedure: two imported catalogues and the police-report
    // sub-procedure, for the README's stolen card.
    let (lost_card, stolen) = workloads::lost_card_stolen();
    let stolen = bind(&lost_card, &stolen).expect("valid facts");
    let today = jiff::civil::date(2026, 11, 25);
    let e = evaluate(&lost_card, &stolen, today).expect("evaluates");
    assert_eq!(e.status, procedure::Status::Complete);
    c.bench_function("eval/lost_card with its sub-procedure", |b| {
        b.iter(|| evaluate(&lost_card, black_box(&stolen), today))
    });
    // What `procedure batch` does per line once the facts are bound (goal, issue 13: ≤ 5 µs).
    c.bench_function("eval/lost_card decide+json", |b| {
        b.iter(|| render::json_text(&evaluate(&lost_card, black_box(&stolen), today).unwrap(), "en"))
    });
    c.bench_function("eval/lost_card decide+json via Value", |b| {
        b.iter(|| render::json(&evaluate(&lost_card, black_box(&stolen), today).unwrap(), "en").to_string())
    });
    let today = jiff::civil::date(2026, 12, 31);

    let situations: Vec<_> = (0..100_000).map(|i| bind(&procedure, &situation(i)).expect("valid facts")).collect();
    let mut group = c.benchmark_group("eval/throughput");
    group.throughput(Throughput::Elements(situations.len() as u64)).sample_size(10);
    group.bench_function("100k situations", |b| {
        b.iter(|| situations.iter().filter(|f| evaluate(&procedure, f, today).is_ok()).count())
    });
    group.finish();
}

criterion_group!(eval, benches);
criterion_main!(eval);
