//! `procedure graph`: print a procedure's decision graph.

#![allow(clippy::print_stdout, reason = "printing the graph is this command's job")]

use procedure::graph;

use crate::cli::{Format, GraphArgs, GraphFormat};
use crate::commands::load_procedure;
use crate::exit::ExitStatus;

/// Runs the command.
pub fn run(args: &GraphArgs) -> ExitStatus {
    let Some((_, procedure)) = load_procedure(&args.file) else {
        return ExitStatus::Failure;
    };
    let language = match &args.lang {
        Some(l) if !procedure.languages.contains(l) => {
            crate::report::usage(
                &format!("the procedure has no language `{l}`; it has {}", procedure.languages.join(", ")),
                Format::Text,
            );
            return ExitStatus::Usage;
        }
        Some(l) => l.clone(),
        None => procedure.languages.first().cloned().unwrap_or_default(),
    };
    match args.format {
        GraphFormat::Mermaid => print!("{}", graph::mermaid(&procedure, &language)),
        GraphFormat::Dot => print!("{}", graph::dot(&procedure, &language)),
    }
    ExitStatus::Success
}
