//! What the CLI's test binaries share: the binary as a user runs it, and scratch folders.

#![allow(clippy::unwrap_used, dead_code, reason = "test code; each binary uses part of it")]

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use insta_cmd::get_cargo_bin;

/// The `procedure` binary, without colour and at miette's default width, so output is stable.
pub fn procedure() -> Command {
    let mut cmd = Command::new(get_cargo_bin("procedure"));
    // Output is piped, so miette draws without colour at 80 columns; pin the rest.
    cmd.env("NO_COLOR", "1").env_remove("COLUMNS").env_remove("PROCEDURE_PATH");
    cmd
}

/// A fresh directory under the system's temporary directory, for files that cannot be
/// committed (links, named pipes) or that are built at test time.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("procedure-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Starts `cmd` with its standard input, output and error piped, for a test that writes to it
/// while it runs or closes its output early.
pub fn spawn_piped(cmd: &mut Command) -> Child {
    cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap()
}
