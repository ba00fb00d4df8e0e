//! The founders' peer decision (`../shared/bench/peer_decision/README.md`): the same 1,000
//! inputs decided by a hand-written Rust function and by `procedure`, interleaved in one run so
//! that the ratio holds while the machine's speed drifts. Each engine's timed work is: convert
//! the `Input` to the engine's facts, evaluate, convert the result to an `Outcome`.
//!
//! Goal (issue 13): `procedure` through the typed API within 3× the hand-written function; the
//! string-fact path (`bind`) is reported beside it.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "benchmark set-up: a panic means the benchmark is wrong"
)]

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use procedure::{Evaluation, Situation};

#[path = "support/peer.rs"]
mod peer;
use peer::{Typed, by_strings, hand_written, inputs, peer_procedure};

fn benches(c: &mut Criterion) {
    let procedure = peer_procedure();
    let inputs = inputs();
    let typed = Typed::new(&procedure);
    let mut situation = Situation::new(&procedure);
    let mut evaluation = Evaluation::new(&procedure);
    // Every implementation decides every input the same way, or the comparison means nothing.
    for input in &inputs {
        assert_eq!(by_strings(&procedure, input), hand_written(input));
        assert_eq!(typed.decide(&mut situation, &mut evaluation, input), hand_written(input));
    }
    let mut group = c.benchmark_group("peer_decision");
    // Interleaved: criterion runs the functions of one group one after another in the same
    // process, so a drift of the machine's speed shows in both.
    group.bench_function(BenchmarkId::new("hand_written", 1_000), |b| {
        b.iter(|| {
            for i in &inputs {
                black_box(hand_written(black_box(i)));
            }
        })
    });
    group.bench_function(BenchmarkId::new("procedure_typed", 1_000), |b| {
        b.iter(|| {
            for i in &inputs {
                black_box(typed.decide(&mut situation, &mut evaluation, black_box(i)));
            }
        })
    });
    group.bench_function(BenchmarkId::new("procedure_strings", 1_000), |b| {
        b.iter(|| {
            for i in &inputs {
                black_box(by_strings(&procedure, black_box(i)));
            }
        })
    });
    group.finish();
}

criterion_group!(peer, benches);
criterion_main!(peer);
