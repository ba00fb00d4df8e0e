//! `procedure serve`: the procedures of a directory as web pages and a JSON API.

use procedure::{FileKind, Procedure};
use procedure_server::{Site, Today};

use crate::cli::ServeArgs;
use crate::commands::{eval, load_procedure};
use crate::exit::ExitStatus;
use crate::out;

/// Runs the command.
pub fn run(args: &ServeArgs, roots: &[std::path::PathBuf]) -> ExitStatus {
    let files = match procedure_files(&args.dir) {
        Ok(f) => f,
        Err(message) => {
            crate::report::usage(&message, crate::cli::Format::Text);
            return ExitStatus::Usage;
        }
    };
    let mut procedures: Vec<Procedure> = Vec::new();
    for path in &files {
        let Some((_, procedure)) = load_procedure(path, roots) else { return ExitStatus::Failure };
        if procedures.iter().any(|p| p.id == procedure.id) {
            out::stderr(format_args!("error: two procedures have the id `{}`\n", procedure.id));
            return ExitStatus::Failure;
        }
        // A zone the time-zone database lacks is found now, not at the first request.
        if let Err(message) = eval::today_in(&procedure) {
            out::stderr(format_args!("error: {message}\n"));
            return ExitStatus::Failure;
        }
        procedures.push(procedure);
    }
    let count = procedures.len();
    // Every zone was found above; UTC only if the database changed under the server.
    let today = Today::from_fn(|p| {
        eval::today_in(p).unwrap_or_else(|_| jiff::tz::TimeZone::UTC.to_datetime(jiff::Timestamp::now()).date())
    });
    out::stderr(format_args!("serving {count} procedures at http://{}/ (Ctrl-C stops)\n", args.addr));
    match procedure_server::run(args.addr, Site::new(procedures, today)) {
        Ok(()) => ExitStatus::Success,
        Err(e) => {
            crate::report::usage(&format!("cannot serve on {}: {e}", args.addr), crate::cli::Format::Text);
            ExitStatus::Usage
        }
    }
}

/// The procedure files directly in `dir`, sorted: its `*.yaml` but scenarios and catalogues
/// (libraries below it are read by the procedures that use them).
fn procedure_files(dir: &std::path::Path) -> Result<Vec<std::path::PathBuf>, String> {
    let cannot = |e: std::io::Error| format!("cannot read `{}`: {e}", dir.display());
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(cannot)? {
        let path = entry.map_err(cannot)?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if !(name.ends_with(".yaml") || name.ends_with(".yml")) || !path.is_file() {
            continue;
        }
        let text = crate::commands::read(&path).unwrap_or_default();
        if FileKind::of(&name, &String::from_utf8_lossy(&text)) == FileKind::Procedure {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}
