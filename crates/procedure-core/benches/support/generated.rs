//! The generated procedures of the compile benchmark, shared with the profiling example.

use std::fmt::Write as _;

/// A procedure of `steps` steps in a chain; each step branches on an enum input, asks for a
/// document under a condition, and has a deadline, a fee and a warning.
pub fn generated(steps: usize) -> String {
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
