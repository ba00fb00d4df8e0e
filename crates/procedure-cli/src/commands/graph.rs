//! `procedure graph`: print a procedure's decision graph.

#![allow(clippy::print_stdout, reason = "printing the graph is this command's job")]

use procedure::{CompileOptions, Level, compile, decode, graph};

use crate::cli::{Format, GraphArgs, GraphFormat};
use crate::commands::check::{print, read};
use crate::exit::ExitStatus;

/// Runs the command.
pub fn run(args: &GraphArgs) -> ExitStatus {
    let options = CompileOptions::DEFAULT;
    let text = match read(&args.file, &options).and_then(|bytes| decode(&bytes, &options).map(str::to_owned)) {
        Ok(t) => t,
        Err(d) => {
            print(&args.file, "", &d, Format::Text);
            return ExitStatus::Failure;
        }
    };
    let compiled = compile(&text, &options);
    let Some(procedure) = compiled.procedure else {
        for d in compiled.diagnostics.iter().filter(|d| d.level == Level::Error) {
            print(&args.file, &text, d, Format::Text);
        }
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
