//! Writing to standard output and standard error.
//!
//! A reader may stop reading early (`procedure check … | head -c1`): the next write fails
//! with a broken pipe. `print!` would panic there; instead each write's error is handled and
//! remembered, the commands stop their loops once a write failed, and the exit code says so:
//! quietly, as 141 (what a shell reports for a program that a broken pipe ended) for a closed
//! pipe, with a message for any other failure.

use std::fmt::Display;
use std::io::{self, Write};
use std::sync::atomic::{AtomicU8, Ordering};

use crate::exit::ExitStatus;

const WRITING: u8 = 0;
const CLOSED: u8 = 1;
const FAILED: u8 = 2;

static STATE: AtomicU8 = AtomicU8::new(WRITING);

/// Writes `text` to standard output, flushed, unless an earlier write failed.
pub fn stdout(text: impl Display) {
    write(&mut io::stdout().lock(), text);
}

/// Writes `text` to standard error, flushed, unless an earlier write failed.
pub fn stderr(text: impl Display) {
    write(&mut io::stderr().lock(), text);
}

/// Writes `text` to `to` (an output file), flushed, unless an earlier write failed: a file
/// fails and stops the command as standard output does.
pub fn write(to: &mut dyn Write, text: impl Display) {
    if stopped() {
        return;
    }
    if let Err(e) = write!(to, "{text}").and_then(|()| to.flush()) {
        let state = if e.kind() == io::ErrorKind::BrokenPipe { CLOSED } else { FAILED };
        STATE.store(state, Ordering::Relaxed);
        if state == FAILED {
            // Standard error may still work when standard output failed (a full disk).
            let _ = writeln!(io::stderr().lock(), "error: cannot write the output: {e}");
        }
    }
}

/// Whether a write failed: the rest of the output would go nowhere.
pub fn stopped() -> bool {
    STATE.load(Ordering::Relaxed) != WRITING
}

/// The command's status, unless a write failed.
pub fn status(status: ExitStatus) -> ExitStatus {
    match STATE.load(Ordering::Relaxed) {
        CLOSED => ExitStatus::Closed,
        FAILED => ExitStatus::Failure,
        _ => status,
    }
}
