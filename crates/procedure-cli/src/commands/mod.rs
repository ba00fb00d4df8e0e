//! One module per subcommand.

pub mod check;
pub mod eval;
pub mod expr;
pub mod graph;
pub mod schema;
pub mod test;

use std::path::{Path, PathBuf};

use procedure::{CompileOptions, Directory, Level, Procedure, compile_with, decode};

use crate::cli::Format;

/// The files at `path`: the file itself, or, below a directory, every file whose name `wanted`
/// accepts, sorted, recursively.
pub fn collect(path: &Path, wanted: &dyn Fn(&str) -> bool, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    if meta.is_file() {
        out.push(path.to_owned());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for entry in entries {
        if entry.is_dir() {
            collect(&entry, wanted, out)?;
        } else if entry.file_name().is_some_and(|n| wanted(&n.to_string_lossy())) {
            out.push(entry);
        }
    }
    Ok(())
}

/// The text of a file, read under the size budget and decoded as UTF-8; a problem is printed.
pub fn read_text(path: &Path) -> Option<String> {
    let options = CompileOptions::DEFAULT;
    match check::read(path, &options).and_then(|bytes| decode(&bytes, &options).map(str::to_owned)) {
        Ok(t) => Some(t),
        Err(d) => {
            check::print(path, "", &d, Format::Text);
            None
        }
    }
}

/// A procedure file compiled, with its text; its errors are printed when it does not compile.
pub fn load_procedure(path: &Path) -> Option<(String, Procedure)> {
    let text = read_text(path)?;
    let compiled = compile_with(&text, &CompileOptions::DEFAULT, &Directory::beside(path));
    match compiled.procedure {
        Some(p) => Some((text, p)),
        None => {
            let printer = check::Printer::new(path, &text, Format::Text);
            for d in compiled.diagnostics.iter().filter(|d| d.level == Level::Error) {
                printer.print(d);
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
