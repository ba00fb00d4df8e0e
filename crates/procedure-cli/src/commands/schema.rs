//! `procedure schema`: print the JSON Schema of procedure files, or of the evaluation result.

use crate::cli::SchemaArgs;
use crate::exit::ExitStatus;

/// Runs the command.
pub fn run(args: &SchemaArgs) -> ExitStatus {
    let schema = if args.result { procedure::report::json_schema() } else { procedure::json_schema() };
    match serde_json::to_string_pretty(&schema) {
        Ok(json) => {
            crate::out::stdout(format_args!("{json}\n"));
            ExitStatus::Success
        }
        Err(e) => {
            crate::report::usage(&format!("cannot print the schema: {e}"), crate::cli::Format::Text);
            ExitStatus::Failure
        }
    }
}
