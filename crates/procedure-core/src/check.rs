//! Checking any file under `procedures/`: a procedure, a scenario file or a catalogue.

use procedure_syntax::{Catalogue, FileKind, Scenarios, load};

use crate::Code;
use crate::compile::{CompileOptions, Files, compile_with};
use crate::diagnostic::{Diagnostic, Level};
use crate::elsewhere::Elsewhere;

/// Every diagnostic of a file given as bytes: refused if larger than the size budget or not
/// UTF-8, else as [`check_source`]. Returns the text too, for rendering.
pub fn check_bytes<'b>(
    name: &str,
    bytes: &'b [u8],
    options: &CompileOptions,
    files: &dyn Files,
) -> (Option<&'b str>, Vec<Diagnostic>) {
    match decode(bytes, options) {
        Ok(text) => (Some(text), check_source(name, text, options, files)),
        Err(d) => (None, vec![d]),
    }
}

/// What checking a file found: its text (when it is text), its diagnostics, and the errors of
/// the catalogues and procedures it imports or calls that do not compile, in their own files.
#[derive(Debug)]
pub struct Checked<'b> {
    /// The file's text, for rendering; `None` when it is too large or not UTF-8.
    pub text: Option<&'b str>,
    /// Its diagnostics, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// The errors found in other files on the way.
    pub elsewhere: Vec<Elsewhere>,
}

/// [`check_bytes`] with the errors of the files it reaches, each in its own file.
pub fn check_file<'b>(name: &str, bytes: &'b [u8], options: &CompileOptions, files: &dyn Files) -> Checked<'b> {
    let text = match decode(bytes, options) {
        Ok(t) => t,
        Err(d) => return Checked { text: None, diagnostics: vec![d], elsewhere: Vec::new() },
    };
    if FileKind::of(name, text) == FileKind::Procedure {
        let compiled = compile_with(text, options, files);
        return Checked { text: Some(text), diagnostics: compiled.diagnostics, elsewhere: compiled.elsewhere };
    }
    Checked { text: Some(text), diagnostics: check_source(name, text, options, files), elsewhere: Vec::new() }
}

/// The text of a file given as bytes, or why it cannot be a procedure file (too large, not
/// UTF-8).
pub fn decode<'b>(bytes: &'b [u8], options: &CompileOptions) -> Result<&'b str, Diagnostic> {
    if bytes.len() > options.load.max_bytes {
        return Err(too_large(Some(bytes.len() as u64), options));
    }
    std::str::from_utf8(bytes).map_err(|e| Diagnostic {
        code: Code::SyntaxNotUtf8,
        level: Level::Error,
        message: format!("the file is not UTF-8 text: invalid byte at offset {}", e.valid_up_to()),
        labels: Vec::new(),
        help: Some("procedure files are YAML, in UTF-8".into()),
    })
}

/// The diagnostic for a file over the budget: of `size` bytes when the file system tells the
/// size, else of a stream cut at the limit (callers refuse a huge file before reading it).
pub fn too_large(size: Option<u64>, options: &CompileOptions) -> Diagnostic {
    let error = procedure_syntax::SyntaxError::TooLarge { size, limit: options.load.max_bytes };
    Diagnostic::from_miette_alone(&error, Level::Error)
}

/// Every diagnostic of the file named `name` (its kind is told from the name and the text).
/// `files` reads, relative to the file, a procedure's imports and calls, and a scenario file's
/// procedure: the engine itself touches no file.
pub fn check_source(name: &str, text: &str, options: &CompileOptions, files: &dyn Files) -> Vec<Diagnostic> {
    match FileKind::of(name, text) {
        FileKind::Procedure => compile_with(text, options, files).diagnostics,
        FileKind::Catalogue => match load::<Catalogue>(text, &options.load) {
            Ok(c) => crate::compile::check_catalogue(&c, text),
            Err(e) => Diagnostic::from_miette(&e, Level::Error),
        },
        FileKind::Scenarios => match load::<Scenarios>(text, &options.load) {
            Ok(s) => crate::scenario_check::check(&s, options, files),
            Err(e) => Diagnostic::from_miette(&e, Level::Error),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NoFiles;

    /// A file over the budget is one diagnostic, whether the bytes are refused before decoding
    /// or the text is refused by the loader (for callers that hand over text).
    #[test]
    fn a_file_too_large_is_one_diagnostic_wherever_it_is_found() {
        let mut options = CompileOptions::DEFAULT;
        options.load.max_bytes = 10;
        let text = "id: a_procedure_longer_than_ten_bytes\n";
        let (_, refused) = check_bytes("p.yaml", text.as_bytes(), &options, &NoFiles);
        let loaded = check_source("p.yaml", text, &options, &NoFiles);
        assert_eq!(refused, loaded);
        assert_eq!(loaded.iter().map(|d| d.code).collect::<Vec<_>>(), [Code::SyntaxTooLarge]);
    }
}
