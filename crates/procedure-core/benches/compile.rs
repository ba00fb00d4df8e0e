//! Compile time (load + check + graph) of a realistic procedure and of generated ones with
//! 1,000, 10,000 and 100,000 steps. Goals (issue 3): the realistic one ≤ 1 ms; time linear in
//! the number of steps (100,000 steps ≤ 2 s).

#![allow(clippy::expect_used, clippy::unwrap_used, reason = "benchmark set-up: a panic means the benchmark is wrong")]

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use procedure_core::{CompileOptions, compile};
use procedure_syntax::LoadOptions;

/// A procedure of `steps` steps in a chain; each step branches on an enum input, asks for a
/// document under a condition, and has a deadline, a fee and a warning.
fn generated(steps: usize) -> String {
    let mut y = String::with_capacity(steps * 400);
    y.push_str("id: generated\nversion: '1'\ntitle: Generated\nlanguages: [en]\ntime_zone: Asia/Tokyo\nstart: s0\n");
    y.push_str("sources:\n  law: {title: The law, verification: verified}\n");
    y.push_str("inputs:\n  kind: {type: enum, values: {a: A, b: B, c: C}, ask: Which kind?}\n  age: {type: int, ask: How old?}\n  learned_on: {type: date, ask: When?}\n");
    y.push_str("documents:\n  form: {title: Form, sources: [law]}\n  photo: {title: Photo, sources: [law]}\n");
    y.push_str("steps:\n");
    for i in 0..steps {
        let next = if i + 1 == steps { "done".to_owned() } else { format!("s{}", i + 1) };
        let _ = write!(
            y,
            "  s{i}:\n    title: Step {i}\n    bring: [form, {{document: photo, when: age >= 16}}]\n    deadlines:\n      d{i}: {{title: Deadline {i}, date: learned_on + days({d})}}\n    fees:\n      f{i}: {{amount: {i}, currency: JPY, when: 'kind == \"b\"'}}\n    warnings:\n      w{i}: {{when: today > learned_on + days(14), message: Late}}\n    next:\n      - when: kind == \"a\"\n        to: {next}\n      - otherwise: {next}\n    sources: [law]\n",
            d = i % 30 + 1,
        );
    }
    y.push_str("outcomes:\n  done: {title: Done, kind: done, sources: [law]}\n");
    y
}

fn benches(c: &mut Criterion) {
    let realistic =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/check/ok/notify_new_address.yaml"));
    if let Ok(text) = &realistic {
        let compiled = compile(text, &CompileOptions::DEFAULT);
        assert!(compiled.procedure.is_some(), "the realistic sample compiles");
        c.bench_function("compile/realistic", |b| b.iter(|| compile(black_box(text), &CompileOptions::DEFAULT)));
    }

    let options = CompileOptions { load: LoadOptions::LARGE, ..CompileOptions::DEFAULT };
    let mut group = c.benchmark_group("compile/generated");
    group.sample_size(10).measurement_time(Duration::from_secs(20)).warm_up_time(Duration::from_secs(1));
    for steps in [1_000, 10_000, 100_000] {
        let text = generated(steps);
        let compiled = compile(&text, &options);
        assert!(compiled.procedure.is_some(), "{:?}", compiled.diagnostics.first());
        group.bench_with_input(BenchmarkId::from_parameter(steps), &text, |b, text| {
            b.iter(|| compile(black_box(text), &options))
        });
    }
    group.finish();
}

criterion_group!(compile_benches, benches);
criterion_main!(compile_benches);
