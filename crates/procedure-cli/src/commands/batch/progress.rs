//! The progress of `batch` on a terminal: lines done and their rate. Nothing is drawn when
//! standard error is not a terminal, so logs hold diagnostics only.

use std::io::IsTerminal as _;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

/// A progress line on standard error, when it is a terminal.
pub struct Progress(Option<ProgressBar>);

impl Progress {
    /// Starts drawing, if standard error is a terminal.
    pub fn start() -> Self {
        if !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let bar = ProgressBar::new_spinner();
        if let Ok(style) = ProgressStyle::with_template("{spinner} {human_pos} situations, {per_sec} ({elapsed})") {
            bar.set_style(style);
        }
        bar.enable_steady_tick(Duration::from_millis(200));
        Progress(Some(bar))
    }

    /// Counts `n` more lines done.
    pub fn advance(&self, n: usize) {
        if let Some(bar) = &self.0 {
            bar.inc(n as u64);
        }
    }

    /// Runs `f` (which writes to standard error) with the progress line out of its way.
    pub fn suspend(&self, f: impl FnOnce()) {
        match &self.0 {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    /// Leaves the final count on the terminal.
    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish();
        }
    }
}
