//! Compiles one procedure file (or a generated procedure) once, for profiling the compiler
//! under callgrind, whose instruction counts are steady where this machine's clock is not:
//!
//! ```text
//! cargo build --release -p procedure-core --example compile_profile
//! valgrind --tool=callgrind --toggle-collect='procedure_core::compile::compile_with' \
//!     target/release/examples/compile_profile FILE
//! valgrind --tool=callgrind --toggle-collect='procedure_core::compile::compile_with' \
//!     target/release/examples/compile_profile --generated 100000
//! ```

#![allow(clippy::print_stdout, clippy::print_stderr, reason = "a command-line tool")]

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use procedure_core::{CompileOptions, Files, compile_with};
use procedure_syntax::LoadOptions;

#[path = "../benches/support/generated.rs"]
mod generated;

/// Reads imports and calls relative to the compiled file's directory.
struct Beside(PathBuf);

impl Files for Beside {
    fn read(&self, path: &str) -> Result<String, String> {
        std::fs::read_to_string(self.0.join(path)).map_err(|e| e.to_string())
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (text, dir) = match args.as_slice() {
        [flag, steps] if flag == "--generated" => match steps.parse() {
            Ok(n) => (generated::generated(n), PathBuf::from(".")),
            Err(e) => {
                eprintln!("{steps}: {e}");
                return ExitCode::FAILURE;
            }
        },
        [file] => match std::fs::read_to_string(file) {
            Ok(text) => (text, Path::new(file).parent().map(Path::to_path_buf).unwrap_or_default()),
            Err(e) => {
                eprintln!("{file}: {e}");
                return ExitCode::FAILURE;
            }
        },
        _ => {
            eprintln!("usage: compile_profile FILE | --generated STEPS");
            return ExitCode::FAILURE;
        }
    };
    let options = CompileOptions { load: LoadOptions::LARGE, ..CompileOptions::DEFAULT };
    let compiled = compile_with(&text, &options, &Beside(dir));
    println!("compiled: {}, {} diagnostic(s)", compiled.procedure.is_some(), compiled.diagnostics.len());
    for d in &compiled.diagnostics {
        println!("{}", d.message);
    }
    ExitCode::SUCCESS
}
