//! The `procedure` command. Parsing arguments and choosing the exit code happen here; each
//! subcommand lives in its own module under `commands/`.

mod cli;
mod commands;
mod exit;
mod report;
mod values;

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    report::install_hook();
    let cli = cli::Cli::parse();
    let status = match cli.command {
        cli::Command::Expr(args) => commands::expr::run(&args),
        cli::Command::Check(args) => commands::check::run(&args),
    };
    status.into()
}
