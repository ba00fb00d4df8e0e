//! The data-driven test suite: one binary whose modules each read a corpus of files.

mod common;
mod conformance;
mod expr_files;
