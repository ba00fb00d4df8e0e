//! Exit codes, the same for every subcommand.

use std::process::ExitCode;

/// How a command ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0: the command did its job.
    Success,
    /// 1: the input has errors (a parse, type or evaluation error, a refused fact…).
    Failure,
    /// 2: the command line is wrong (clap uses 2 too).
    Usage,
    /// 3: the answer depends on facts not given yet.
    NeedsInput,
    /// 141: the reader closed the output (`| head`) before everything was written; the
    /// command stopped quietly, with the status a shell gives a program a broken pipe ends.
    Closed,
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> Self {
        ExitCode::from(match status {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Usage => 2,
            ExitStatus::NeedsInput => 3,
            ExitStatus::Closed => 141,
        })
    }
}
