//! The data-driven test suite: one binary whose modules each read a corpus of files.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::print_stdout,
    reason = "test code: a panic is a failing test, and the conformance count is printed"
)]

mod check_files;
mod codes;
mod common;
mod conformance;
mod coverage_files;
mod diff_files;
mod expr_files;
mod graphs;
mod json_text;
mod language_doc;
mod scenarios;
mod schema;
mod texts_reach_reader;
