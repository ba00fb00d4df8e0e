//! `procedure batch`: evaluate a procedure for every situation of a JSON Lines input.
//!
//! The procedure is compiled once and shared by the threads. The input is read a chunk of
//! lines at a time; a chunk is evaluated in parallel (in order) and written while the next is
//! evaluated, so memory stays flat and the output follows the input line for line.

mod flat_json;
mod input;
mod progress;
mod situation;

use std::fs::{File, OpenOptions};
use std::path::Path;

use procedure::CompileOptions;
use rayon::prelude::*;

use crate::cli::{BatchArgs, Format};
use crate::commands::check::{self, Printer};
use crate::commands::eval;
use crate::exit::ExitStatus;
use crate::{out, report};
use input::Input;
use progress::Progress;
use situation::{Batch, Done};

/// The most lines evaluated between two writes: enough to keep every core busy, few enough
/// that their results take little memory.
const CHUNK_LINES: usize = 1024;

/// The most bytes of input read before a chunk is evaluated (a line may be as long as a facts
/// file: a chunk of long lines is short).
const CHUNK_BYTES: usize = 8 * 1024 * 1024;

/// Runs the command.
pub fn run(args: &BatchArgs, roots: &[std::path::PathBuf]) -> ExitStatus {
    let eval::Start { text, procedure, language, dates } =
        match eval::start(&args.file, &args.when, roots, Format::Text) {
            Ok(s) => s,
            Err(status) => return status,
        };
    let limit = CompileOptions::DEFAULT.load.max_bytes;
    let mut input = match Input::open(&args.input, limit) {
        Ok(i) => i,
        Err(d) => {
            check::print(&args.input, "", &d, Format::Text);
            return ExitStatus::Usage;
        }
    };
    let mut output = match Output::open(args.output.as_deref(), args.force, &args.input) {
        Ok(o) => o,
        Err(message) => {
            report::usage(&message, Format::Text);
            return ExitStatus::Usage;
        }
    };
    let pool = match rayon::ThreadPoolBuilder::new().num_threads(args.jobs.map_or(0, usize::from)).build() {
        Ok(p) => p,
        Err(e) => {
            report::usage(&format!("cannot start the threads: {e}"), Format::Text);
            return ExitStatus::Failure;
        }
    };
    let printer = Printer::new(&args.file, &text, Format::Text);
    let name = if args.input.as_os_str() == "-" { Path::new("standard input") } else { args.input.as_path() };
    let batch = Batch { procedure: &procedure, printer: &printer, input: name, language: &language, dates, limit };
    let progress = Progress::start();
    let mut failed = false;
    // The chunk evaluated last, whose results are still to write.
    let mut evaluated: Vec<Done> = Vec::new();
    loop {
        let lines = input.chunk(CHUNK_LINES, CHUNK_BYTES);
        // The results of the chunk before are written while this one is evaluated, so that the
        // cores do not wait on the output.
        let previous = std::mem::take(&mut evaluated);
        let (done, ()) = pool.install(|| {
            rayon::join(
                || lines.par_iter().map(|line| batch.line(line)).collect::<Vec<_>>(),
                || {
                    if !previous.is_empty() {
                        let count = previous.len();
                        let text = joined(&previous);
                        // The results are in `text` now: free them before the write.
                        drop(previous);
                        output.write(&text);
                        progress.advance(count);
                    }
                },
            )
        });
        if lines.is_empty() || out::stopped() {
            break;
        }
        for d in &done {
            if let Some(report) = &d.report {
                failed = true;
                progress.suspend(|| out::stderr(report));
            }
        }
        evaluated = done;
    }
    progress.finish();
    if let Some(e) = input.error() {
        report::usage(&format!("cannot read `{}`: {e}", name.display()), Format::Text);
        return ExitStatus::Failure;
    }
    if failed { ExitStatus::Failure } else { ExitStatus::Success }
}

/// The lines of output of a chunk, each ended by a line break, in one piece to write at once.
fn joined(done: &[Done]) -> String {
    let mut text = String::with_capacity(done.iter().map(|d| d.output.len() + 1).sum());
    for d in done {
        text.push_str(&d.output);
        text.push('\n');
    }
    text
}

/// Where the results go.
enum Output {
    Stdout,
    File(File),
}

impl Output {
    /// Standard output, or the file at `path`, which must not exist unless `force` is given: a
    /// command does not overwrite a user's file unasked.
    /// The input is never the output, even with `force`: truncating it would lose the
    /// situations before they are read.
    fn open(path: Option<&Path>, force: bool, input: &Path) -> Result<Output, String> {
        let Some(path) = path else {
            return Ok(Output::Stdout);
        };
        if let (Ok(out), Ok(read)) = (std::fs::canonicalize(path), std::fs::canonicalize(input))
            && out == read
        {
            return Err(format!("`{}` is the input; write the results to another file", path.display()));
        }
        let mut options = OpenOptions::new();
        options.write(true);
        if force {
            options.create(true).truncate(true);
        } else {
            // One step, so that nothing created between a check and the opening is overwritten.
            options.create_new(true);
        }
        options.open(path).map(Output::File).map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => {
                format!("`{}` exists; give `--force` to overwrite it", path.display())
            }
            _ => format!("cannot write `{}`: {e}", path.display()),
        })
    }

    fn write(&mut self, text: &str) {
        match self {
            Output::Stdout => out::stdout(text),
            Output::File(f) => out::write(f, text),
        }
    }
}
