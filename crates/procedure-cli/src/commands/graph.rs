//! `procedure graph`: print a procedure's decision graph.

use procedure::graph;

use crate::cli::{Format, GraphArgs, GraphFormat};
use crate::commands::{language, load_procedure};
use crate::exit::ExitStatus;
use crate::out;

/// Runs the command.
pub fn run(args: &GraphArgs, roots: &[std::path::PathBuf]) -> ExitStatus {
    let Some((_, procedure)) = load_procedure(&args.file, roots) else {
        return ExitStatus::Failure;
    };
    let Some(language) = language(&procedure, args.lang.as_ref(), Format::Text) else {
        return ExitStatus::Usage;
    };
    match args.format {
        GraphFormat::Mermaid => out::stdout(graph::mermaid(&procedure, &language)),
        GraphFormat::Dot => out::stdout(graph::dot(&procedure, &language)),
    }
    ExitStatus::Success
}
