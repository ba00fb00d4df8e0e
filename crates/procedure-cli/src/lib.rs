//! The `procedure` command as a library: the binary is a thin `main`, and the test suite
//! renders diagnostics exactly as the command prints them. Parsing arguments and choosing
//! the exit code happen here; each subcommand lives in its own module under `commands/`.

pub mod cli;
pub mod commands;
pub mod exit;
pub mod lines;
pub mod out;
pub mod report;
pub mod sanitize;
pub mod values;

use std::process::ExitCode;

use clap::Parser as _;

/// Runs the command line and returns the exit code.
pub fn main() -> ExitCode {
    report::install_hook();
    let cli = cli::Cli::parse();
    let roots = match commands::roots(&cli.lib, std::env::var_os("PROCEDURE_PATH")) {
        Ok(r) => r,
        Err(why) => {
            report::usage(&why, cli::Format::Text);
            return out::status(exit::ExitStatus::Usage).into();
        }
    };
    let status = match cli.command {
        cli::Command::Expr(args) => commands::expr::run(&args),
        cli::Command::Check(args) => commands::check::run(&args, &roots),
        cli::Command::Eval(args) => commands::eval::run(&args, &roots),
        cli::Command::Batch(args) => commands::batch::run(&args, &roots),
        cli::Command::Interview(args) => commands::interview::run(&args, &roots),
        cli::Command::Serve(args) => commands::serve::run(&args, &roots),
        cli::Command::Test(args) => commands::test::run(&args, &roots),
        cli::Command::Graph(args) => commands::graph::run(&args, &roots),
        cli::Command::Schema(args) => commands::schema::run(&args),
        cli::Command::Diff(args) => commands::diff::run(&args, &roots),
        cli::Command::Coverage(args) => commands::coverage::run(&args, &roots),
    };
    out::status(status).into()
}
