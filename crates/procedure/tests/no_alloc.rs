//! Once warmed, an evaluation into a reused result allocates nothing: counted by a global
//! allocator over `tests/check/ok/small_procedure.yaml` (a table, a derived date, a calendar,
//! deadline warnings), complete and with facts missing, and over a procedure that calls a
//! sub-procedure, with complete facts. One
//! test in this binary, so that no other test's allocations are counted.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code: a panic is a failing test")]

use procedure::{CompileOptions, Directory, Evaluation, Situation, Status, compile, compile_with};

// dhat counts every allocation while its profiler runs (the workspace forbids the `unsafe`
// a counting allocator of our own would need).
#[global_allocator]
static ALLOCATOR: dhat::Alloc = dhat::Alloc;

#[test]
fn evaluating_into_a_warmed_result_allocates_nothing() {
    let _profiler = dhat::Profiler::builder().testing().build();
    let text = include_str!("../../../tests/check/ok/small_procedure.yaml");
    let procedure = compile(text, &CompileOptions::DEFAULT).procedure.unwrap();
    let cause = procedure.input("cause").unwrap();
    let causes = ["lost", "stolen", "disaster", "damaged"].map(|v| procedure.value(cause, v).unwrap());
    let kind = procedure.input("disaster_kind").unwrap();
    let kinds = ["fire", "natural_disaster"].map(|v| procedure.value(kind, v).unwrap());
    let age = procedure.input("age").unwrap();
    let learned_on = procedure.input("learned_on").unwrap();
    let mut situation = Situation::new(&procedure);
    let mut evaluation = Evaluation::new(&procedure);
    let start = jiff::civil::date(2026, 1, 5);

    // Every path of the procedure, complete: each cause, under and over 16, on time, on the
    // last day and late, legal dates on open and on closed days.
    let mut run = |i: i64| {
        situation.clear();
        let c = (i % 4) as usize;
        situation.set_value(causes[c]).unwrap();
        if c == 2 {
            situation.set_value(kinds[(i % 2) as usize]).unwrap();
        }
        situation.set_int(age, i % 90).unwrap();
        situation.set_date(learned_on, start.checked_add(jiff::Span::new().days(i % 300)).unwrap()).unwrap();
        let today = start.checked_add(jiff::Span::new().days(i % 300 + i % 31)).unwrap();
        situation.evaluate_into(today, &mut evaluation).unwrap();
        assert_eq!(evaluation.status, Status::Complete);
        (evaluation.outcome.map(|n| n.id.as_str()), evaluation.documents.len(), evaluation.warnings.len())
    };
    // Warm: the first evaluations find the room the largest answer needs.
    let mut seen = std::collections::BTreeSet::new();
    for i in 0..200 {
        seen.insert(run(i));
    }
    // Several outcomes, checklists and warnings: the evaluations below are not all one path.
    assert!(seen.len() >= 6, "{seen:?}");

    let before = dhat::HeapStats::get().total_blocks;
    for i in 200..1_200 {
        run(i);
    }
    let allocations = dhat::HeapStats::get().total_blocks - before;
    assert_eq!(allocations, 0, "allocations in 1,000 warmed evaluations");

    // Facts missing: the walk stops where a decision waits on them and names them. Each
    // unknown the expressions pass on is a word of bits, not a box.
    let mut waiting = |i: i64| {
        situation.clear();
        if i % 2 == 0 {
            situation.set_value(causes[(i % 4) as usize]).unwrap();
        }
        situation.evaluate_into(start, &mut evaluation).unwrap();
        assert_eq!(evaluation.status, Status::NeedsInput);
        assert!(!evaluation.needs.is_empty());
    };
    for i in 0..8 {
        waiting(i);
    }
    let before = dhat::HeapStats::get().total_blocks;
    for i in 8..1_008 {
        waiting(i);
    }
    let allocations = dhat::HeapStats::get().total_blocks - before;
    assert_eq!(allocations, 0, "allocations in 1,000 warmed evaluations waiting on facts");

    // A step that calls a sub-procedure: the callee's facts and evaluation are kept too.
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/check/ok/calls_sub_procedure.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let caller = compile_with(&text, &CompileOptions::DEFAULT, &Directory::beside(&path)).procedure.unwrap();
    let cause = caller.input("cause").unwrap();
    let causes = ["lost", "stolen"].map(|v| caller.value(cause, v).unwrap());
    let reported = caller.input("police_report_filed").unwrap();
    let mut situation = Situation::new(&caller);
    let mut evaluation = Evaluation::new(&caller);
    let mut run = |i: usize| {
        situation.set_value(causes[i % 2]).unwrap();
        situation.set_bool(reported, i.is_multiple_of(3)).unwrap();
        situation.evaluate_into(start, &mut evaluation).unwrap();
        assert_eq!(evaluation.status, Status::Complete);
        assert_eq!(evaluation.callees.len(), 1);
    };
    for i in 0..12 {
        run(i);
    }
    let before = dhat::HeapStats::get().total_blocks;
    for i in 12..1_012 {
        run(i);
    }
    let allocations = dhat::HeapStats::get().total_blocks - before;
    assert_eq!(allocations, 0, "allocations in 1,000 warmed evaluations that call a sub-procedure");

    // The counter counts: a fresh result, as `evaluate` gives, takes room of its own.
    let facts = situation.facts().clone();
    let before = dhat::HeapStats::get().total_blocks;
    let fresh = procedure::evaluate(&caller, &facts, start).unwrap();
    assert!(dhat::HeapStats::get().total_blocks > before);
    assert_eq!(fresh.status, Status::Complete);
}
