//! Compile time (load + check + graph) of a realistic procedure and of generated ones with
//! 1,000, 10,000 and 100,000 steps. Goals (issue 3): the realistic one ≤ 1 ms; time linear in
//! the number of steps (100,000 steps ≤ 2 s).

#![allow(clippy::expect_used, clippy::unwrap_used, reason = "benchmark set-up: a panic means the benchmark is wrong")]

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use procedure_core::{CompileOptions, compile};
use procedure_syntax::LoadOptions;

#[path = "support/generated.rs"]
mod generated;
use generated::generated;

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
