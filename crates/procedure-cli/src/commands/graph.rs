//! `procedure graph`: print a procedure's decision graph.

#![allow(clippy::print_stdout, reason = "printing the graph is this command's job")]

use procedure::graph;

use crate::cli::{Format, GraphArgs, GraphFormat};
use crate::commands::{language, load_procedure};
use crate::exit::ExitStatus;

/// Runs the command.
pub fn run(args: &GraphArgs) -> ExitStatus {
    let Some((_, procedure)) = load_procedure(&args.file) else {
        return ExitStatus::Failure;
    };
    let Some(language) = language(&procedure, args.lang.as_ref(), Format::Text) else {
        return ExitStatus::Usage;
    };
    match args.format {
        GraphFormat::Mermaid => print!("{}", graph::mermaid(&procedure, &language)),
        GraphFormat::Dot => print!("{}", graph::dot(&procedure, &language)),
    }
    ExitStatus::Success
}
