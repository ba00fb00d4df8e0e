//! Test-only crate: the suite lives in `tests/suite.rs` and reads data from the repository.
