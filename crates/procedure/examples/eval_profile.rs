//! Runs one evaluation workload a fixed number of times, for counting its instructions under
//! callgrind (steady where this shared machine's clock is not). Only `measured` is counted:
//!
//! ```text
//! cargo build --release -p procedure --example eval_profile
//! valgrind --tool=callgrind --toggle-collect='eval_profile::measured' \
//!     target/release/examples/eval_profile peer-typed 10
//! ```
//!
//! Workloads: `peer-hand`, `peer-typed`, `peer-strings` (rounds of the peer decision's 1,000
//! inputs), `sample` and `sample-json` (the realistic sample decided, then also printed as
//! JSON), `lost-card-json` (the README's stolen card, decided and printed).

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a profiling tool: a panic means its set-up is wrong"
)]

use std::hint::black_box;
use std::process::ExitCode;

use procedure::{
    CompileOptions, Evaluation, Fact, FactValue, Facts, Procedure, Situation, bind, compile, evaluate, render,
};

#[path = "../benches/support/peer.rs"]
#[allow(dead_code, reason = "shared with the benchmark, which uses other parts")]
mod peer;

#[path = "../benches/support/workloads.rs"]
mod workloads;
use workloads::fact;

fn sample() -> (Procedure, Vec<Fact>) {
    let text = include_str!("../../../tests/check/ok/notify_new_address.yaml");
    let procedure = compile(text, &CompileOptions::DEFAULT).procedure.expect("the sample compiles");
    let facts = [
        ("holder", FactValue::Text("mid_long_term".into())),
        ("first_address", FactValue::Bool(false)),
        ("card_in_hand", FactValue::Bool(true)),
        ("already_moved", FactValue::Bool(true)),
        ("moved_in_on", FactValue::Text("2026-01-01".into())),
        ("left_old_on", FactValue::Text("2026-01-01".into())),
        ("move_kind", FactValue::Text("other_municipality".into())),
        ("filed_tenshutsu", FactValue::Bool(true)),
        ("has_my_number_card", FactValue::Bool(true)),
        ("under_16", FactValue::Bool(false)),
        ("filer", FactValue::Text("self".into())),
        ("relative_ok", FactValue::Bool(true)),
        ("agent_registered", FactValue::Bool(true)),
    ];
    (procedure, facts.into_iter().map(|(n, v)| fact(n, v)).collect())
}

/// The counted part: `rounds` times the workload.
#[inline(never)]
fn measured(rounds: usize, mut once: impl FnMut()) {
    for _ in 0..rounds {
        once();
    }
}

fn decide(procedure: &Procedure, facts: &Facts, today: jiff::civil::Date, json: bool) -> impl FnMut() {
    move || {
        let e = evaluate(procedure, black_box(facts), today).expect("evaluates");
        if json {
            black_box(render::json_text(&e, "en"));
        } else {
            black_box(e);
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [workload, rounds] = args.as_slice() else {
        eprintln!("usage: eval_profile WORKLOAD ROUNDS");
        return ExitCode::FAILURE;
    };
    let Ok(rounds) = rounds.parse::<usize>() else {
        eprintln!("{rounds}: not a number of rounds");
        return ExitCode::FAILURE;
    };
    match workload.as_str() {
        "peer-hand" | "peer-typed" | "peer-strings" => {
            let procedure = peer::peer_procedure();
            let inputs = peer::inputs();
            let typed = peer::Typed::new(&procedure);
            let mut situation = Situation::new(&procedure);
            let mut evaluation = Evaluation::new(&procedure);
            // Warm the reused buffers, so that the count is of the steady state.
            for i in &inputs {
                assert_eq!(typed.decide(&mut situation, &mut evaluation, i), peer::hand_written(i));
            }
            match workload.as_str() {
                "peer-hand" => measured(rounds, || inputs.iter().for_each(|i| drop(black_box(peer::hand_written(i))))),
                "peer-typed" => measured(rounds, || {
                    inputs.iter().for_each(|i| drop(black_box(typed.decide(&mut situation, &mut evaluation, i))))
                }),
                _ => measured(rounds, || inputs.iter().for_each(|i| drop(black_box(peer::by_strings(&procedure, i))))),
            }
        }
        "sample" | "sample-json" => {
            let (procedure, facts) = sample();
            let facts = bind(&procedure, &facts).expect("valid facts");
            measured(rounds, decide(&procedure, &facts, jiff::civil::date(2026, 12, 31), workload == "sample-json"));
        }
        "lost-card" | "lost-card-json" => {
            let (procedure, facts) = workloads::lost_card_stolen();
            let facts = bind(&procedure, &facts).expect("valid facts");
            measured(rounds, decide(&procedure, &facts, jiff::civil::date(2026, 11, 25), workload == "lost-card-json"));
        }
        other => {
            eprintln!("{other}: no such workload");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
