//! Parses and checks the expression benchmark's 100-character condition a fixed number of
//! times, for counting instructions under callgrind (steady where this machine's clock is
//! not). Only `measured` is counted:
//!
//! ```text
//! cargo build --release -p procedure-expr --example parse_profile
//! valgrind --tool=callgrind --toggle-collect='parse_profile::measured' \
//!     target/release/examples/parse_profile parse+check 1000
//! ```

#![allow(clippy::expect_used, clippy::print_stderr, reason = "a profiling tool: a panic means its set-up is wrong")]

use std::hint::black_box;
use std::process::ExitCode;

use procedure_expr::{Limits, compile, parse};

#[path = "../benches/support/condition.rs"]
mod condition;
use condition::{CONDITION, env};

/// The counted part: `rounds` times the workload.
#[inline(never)]
fn measured(rounds: usize, mut once: impl FnMut()) {
    for _ in 0..rounds {
        once();
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [workload, rounds] = args.as_slice() else {
        eprintln!("usage: parse_profile parse|parse+check ROUNDS");
        return ExitCode::FAILURE;
    };
    let Ok(rounds) = rounds.parse::<usize>() else {
        eprintln!("{rounds}: not a number of rounds");
        return ExitCode::FAILURE;
    };
    let env = env();
    let limits = Limits::DEFAULT;
    compile(CONDITION, 0, &env, &limits).expect("the condition compiles");
    match workload.as_str() {
        "parse" => measured(rounds, || drop(black_box(parse(black_box(CONDITION), 0, &limits)))),
        "parse+check" => measured(rounds, || drop(black_box(compile(black_box(CONDITION), 0, &env, &limits)))),
        other => {
            eprintln!("{other}: no such workload");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
