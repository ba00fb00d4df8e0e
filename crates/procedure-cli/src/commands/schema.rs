//! `procedure schema`: print the JSON Schema of procedure files.

use crate::exit::ExitStatus;

/// Runs the command.
pub fn run() -> ExitStatus {
    match serde_json::to_string_pretty(&procedure::json_schema()) {
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
