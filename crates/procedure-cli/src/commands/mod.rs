//! One module per subcommand.

pub mod batch;
pub mod check;
pub mod coverage;
pub mod diff;
pub mod eval;
pub mod expr;
pub mod graph;
pub mod interview;
pub mod schema;
pub mod serve;
pub mod test;
mod walk;

use std::path::{Path, PathBuf};

use procedure::{
    Code, CompileOptions, Diagnostic, Directory, Level, Procedure, Unread, compile_with, decode, too_large,
};

use crate::cli::Format;

/// The files the command line names: each file as given, and below each directory every
/// file whose name `wanted` accepts, sorted; links out of a tree are skipped, with a note on
/// stderr. A path that cannot be read is an error message.
pub fn collect(paths: &[PathBuf], wanted: &dyn Fn(&str) -> bool, format: Format) -> Result<Vec<PathBuf>, String> {
    let mut walk = walk::Walk::new(wanted);
    for path in paths {
        walk.add(path)?;
    }
    let (files, skipped) = walk.finish();
    if format == Format::Text {
        for note in skipped {
            crate::out::stderr(format_args!("note: {}\n", crate::sanitize::text(&note)));
        }
    }
    Ok(files)
}

/// The bytes of the file at `path`, under the size budget; every file the command reads
/// (procedures, scenarios, catalogues, facts, variables) is read here.
pub fn read(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    procedure::read_file(path, CompileOptions::DEFAULT.load.max_bytes)
        .map_err(|e| unread(&format!("`{}`", path.display()), e))
}

/// Standard input, under the same size budget as a file.
pub fn read_stdin() -> Result<Vec<u8>, Diagnostic> {
    procedure::read_stream(std::io::stdin().lock(), CompileOptions::DEFAULT.load.max_bytes)
        .map_err(|e| unread("standard input", e))
}

/// The diagnostic of a file or stream that could not be read.
pub fn unread(what: &str, e: Unread) -> Diagnostic {
    match e {
        Unread::TooLarge { size, .. } => too_large(size, &CompileOptions::DEFAULT),
        e => Diagnostic {
            code: Code::CheckUnreadable,
            level: Level::Error,
            message: format!("cannot read {what}: {e}"),
            labels: Vec::new(),
            help: None,
        },
    }
}

/// The text of a file, read under the size budget and decoded as UTF-8; a problem is printed.
pub fn read_text(path: &Path) -> Option<String> {
    let options = CompileOptions::DEFAULT;
    match read(path).and_then(|bytes| decode(&bytes, &options).map(str::to_owned)) {
        Ok(t) => Some(t),
        Err(d) => {
            check::print(path, "", &d, Format::Text);
            None
        }
    }
}

/// The library roots: every `--lib`, then the directories of `PROCEDURE_PATH` (empty parts
/// skipped); one that is not a directory is a usage error, rather than a root that finds
/// nothing.
pub fn roots(lib: &[PathBuf], env: Option<std::ffi::OsString>) -> Result<Vec<PathBuf>, String> {
    let from_env: Vec<PathBuf> = env.map(|v| std::env::split_paths(&v).collect()).unwrap_or_default();
    let mut roots = Vec::new();
    for (root, from) in lib.iter().map(|r| (r, "--lib")).chain(from_env.iter().map(|r| (r, "PROCEDURE_PATH"))) {
        if root.as_os_str().is_empty() {
            continue;
        }
        if !root.is_dir() {
            return Err(format!("the library root `{}` (from {from}) is not a directory", root.display()));
        }
        roots.push(root.clone());
    }
    Ok(roots)
}

/// What the file at `path` may read: its directory, then the library roots.
pub fn directory(path: &Path, roots: &[PathBuf]) -> Directory {
    Directory::beside(path).with_roots(roots)
}

/// A procedure file compiled, with its text; its errors are printed when it does not compile.
pub fn load_procedure(path: &Path, roots: &[PathBuf]) -> Option<(String, Procedure)> {
    compile_procedure(path, read_text(path)?, roots)
}

/// `text`, read from `path` (or another version of that file), compiled with what it imports
/// and calls found beside `path` and in the roots; its errors are printed when it does not compile.
pub fn compile_procedure(path: &Path, text: String, roots: &[PathBuf]) -> Option<(String, Procedure)> {
    let compiled = compile_with(&text, &CompileOptions::DEFAULT, &directory(path, roots));
    match compiled.procedure {
        Some(p) => Some((text, p)),
        None => {
            let printer = check::Printer::new(path, &text, Format::Text);
            for d in compiled.diagnostics.iter().filter(|d| d.level == Level::Error) {
                printer.print(d);
            }
            for e in &compiled.elsewhere {
                check::print_elsewhere(path, e, Format::Text);
            }
            None
        }
    }
}

/// The language asked for with `--lang`, or the procedure's first; `None` after reporting a
/// language the procedure does not have.
pub fn language(procedure: &Procedure, asked: Option<&String>, format: Format) -> Option<String> {
    match asked {
        Some(l) if !procedure.languages.contains(l) => {
            crate::report::usage(
                &format!("the procedure has no language `{l}`; it has {}", procedure.languages.join(", ")),
                format,
            );
            None
        }
        Some(l) => Some(l.clone()),
        None => Some(procedure.languages.first().cloned().unwrap_or_default()),
    }
}

/// Why bytes read from `what` are not text.
pub fn not_utf8(what: &str, e: &std::str::Utf8Error) -> Diagnostic {
    Diagnostic {
        code: Code::SyntaxNotUtf8,
        level: Level::Error,
        message: format!("{what} is not UTF-8 text: invalid byte at offset {}", e.valid_up_to()),
        labels: Vec::new(),
        help: None,
    }
}
