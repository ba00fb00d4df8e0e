//! Imports: the shared catalogues a procedure uses (sources, documents, the glossary).
//!
//! The engine touches no file: the caller hands it a [`Files`] that reads a path relative to
//! the importing file. Paths are confined to the importing file's directory by their form (no
//! absolute path, no `..`), and the file-system reader also refuses links that lead outside.

use procedure_expr::Span;
use procedure_syntax::{self as syn, Sp};

use super::texts::Term;
use super::{CompileOptions, Compiler};
use crate::Code;
use crate::diagnostic::{Diagnostic, Level};
use crate::elsewhere::{Elsewhere, How, Via};
use crate::model::{self, Citation, Text};

/// The most glossary terms a procedure may import: every text is searched for every term.
pub const MAX_TERMS: usize = 2000;

/// Reads the files a procedure imports and calls.
///
/// A reader that only implements [`Files::read`] serves paths relative to the first file's
/// directory: a path a file names is joined to that file's own directory. A reader with
/// library roots (the facade's `Directory`) also implements [`Files::locate`], so that a path
/// not found beside its file can be found in a root, and [`Files::name`].
pub trait Files {
    /// The text of the file `key` names (a key [`Files::locate`] returned), or why it cannot
    /// be read.
    fn read(&self, key: &str) -> Result<String, String>;

    /// The key of the file that `path`, as written in the file `from`, names, or why it may
    /// not be read. `from` is the empty string for the first file, or a key this method
    /// returned: the same file always has the same key, so a key identifies a file.
    fn locate(&self, from: &str, path: &str) -> Result<String, String> {
        Ok(format!("{}{path}", super::dir_of(from)))
    }

    /// How the file `key` is named to a reader (in a chain of calls).
    fn name(&self, key: &str) -> String {
        key.to_owned()
    }
}

/// For a procedure compiled from text alone: every import is refused.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoFiles;

impl Files for NoFiles {
    fn read(&self, _: &str) -> Result<String, String> {
        Err("this procedure was compiled from its text alone, without access to other files".into())
    }
}

/// The help of a path that could not be read.
pub(crate) const UNREAD_HELP: &str = "a path names a file beside this one, or in a library root (`--lib DIR`, `PROCEDURE_PATH`); nothing outside them is read";

/// Why an import path is refused by its form, if it is.
pub fn refused_path(path: &str) -> Option<&'static str> {
    if path.is_empty() {
        return Some("the path is empty");
    }
    if path.starts_with('/') || path.starts_with('\\') || path.contains(':') {
        return Some("the path must be relative to this file, not absolute");
    }
    if path.split(['/', '\\']).any(|c| c == ".." || c == "." || c.is_empty()) {
        return Some("the path must stay inside this file's directory: no `..`, `.` or empty part");
    }
    if !(path.ends_with(".yaml") || path.ends_with(".yml")) {
        return Some("procedure files and catalogues are `.yaml` files");
    }
    None
}

/// The file being compiled, as the files it names are found from.
pub(super) struct Here<'a> {
    pub files: &'a dyn Files,
    /// Its key (see [`Files::locate`]).
    pub file: &'a str,
    pub text: &'a str,
}

impl Here<'_> {
    /// The import or call at `span` of this file, on the way to another.
    pub(super) fn via(&self, span: Span, how: How) -> Via {
        Via::at(self.files.name(self.file), self.text, span.start as usize, how)
    }
}

/// Loads the catalogues `surface` imports; a problem is a diagnostic at the import's path,
/// and the errors of a catalogue that does not load are kept in its own file.
pub(super) fn load(
    surface: &syn::Procedure,
    here: &Here<'_>,
    options: &CompileOptions,
    diagnostics: &mut Vec<Diagnostic>,
    elsewhere: &mut Vec<Elsewhere>,
) -> Vec<(Sp<String>, syn::Catalogue)> {
    let files = here.files;
    let mut out: Vec<(Sp<String>, syn::Catalogue)> = Vec::new();
    for path in &surface.imports {
        let error = |message: String, help: &str| {
            Diagnostic::error(Code::CheckImport, message, path.span, "this import").with_help(help.to_owned())
        };
        if let Some(why) = refused_path(&path.value) {
            diagnostics
                .push(error(format!("cannot import `{}`: {why}", path.value), "write e.g. `common/documents.yaml`"));
            continue;
        }
        if out.iter().any(|(p, _)| p.value == path.value) {
            diagnostics.push(error(format!("`{}` is imported twice", path.value), "remove one of the imports"));
            continue;
        }
        let found = files.locate(here.file, &path.value).and_then(|key| Ok((files.read(&key)?, key)));
        let (text, key) = match found {
            Ok(t) => t,
            Err(why) => {
                diagnostics.push(error(format!("cannot read `{}`: {why}", path.value), UNREAD_HELP));
                continue;
            }
        };
        match syn::load::<syn::Catalogue>(&text, &options.load) {
            Ok(c) => out.push((path.clone(), c)),
            Err(e) => {
                let theirs = Diagnostic::from_miette(&e, Level::Error);
                let first = theirs.first().map(|d| d.message.clone());
                let name = files.name(&key);
                diagnostics.push(error(
                    format!("`{}` is not a valid catalogue: {}", path.value, first.unwrap_or_default()),
                    &format!("its errors are shown in `{name}`, at their places"),
                ));
                elsewhere.push(Elsewhere {
                    file: name,
                    text,
                    via: vec![here.via(path.span, How::Import)],
                    diagnostics: theirs,
                });
            }
        }
    }
    out
}

impl Compiler<'_> {
    /// Declares the imported sources and documents (at the import's path, for diagnostics)
    /// and gathers the glossary. Runs after the procedure's own ids are declared, so a clash
    /// is reported at the import.
    pub(super) fn declare_imports(&mut self) {
        for (path, catalogue) in self.catalogues {
            for (id, _) in &catalogue.sources {
                self.sources.declare(&Sp::new(id.value.clone(), path.span), "source", self.diagnostics);
            }
            for (id, _) in &catalogue.documents {
                self.documents.declare(&Sp::new(id.value.clone(), path.span), "document", self.diagnostics);
            }
            let default = catalogue.languages.value.first().map_or("", |l| l.value.as_str());
            for (id, term) in &catalogue.glossary {
                if self.glossary.len() == MAX_TERMS {
                    self.diagnostics.push(
                        Diagnostic::error(
                            Code::CheckImport,
                            format!("more than {MAX_TERMS} glossary terms in all"),
                            path.span,
                            "this import",
                        )
                        .with_help("every text is searched for every term: keep the glossary to the official terms"),
                    );
                    break;
                }
                self.glossary.push(Term::of(&id.value, term, default));
            }
            let theirs: Vec<String> = catalogue.languages.value.iter().map(|l| l.value.clone()).collect();
            let what = format!("the catalogue `{}`", path.value);
            self.diagnostics.extend(super::texts::missing_languages(&what, &self.languages, &theirs, path.span));
        }
    }

    /// The imported sources, in declaration order, after the procedure's own.
    pub(super) fn imported_sources(&mut self) -> Vec<model::Source> {
        let mut out = Vec::new();
        for (_, catalogue) in self.catalogues {
            let text = texts_of(catalogue);
            for (id, src) in &catalogue.sources {
                let verification = src.verification.as_ref().map(|v| v.value);
                self.source_tags.push(verification);
                out.push(model::Source {
                    id: id.value.clone(),
                    title: text(&src.title.value),
                    url: src.url.as_ref().map(|u| u.value.clone()),
                    verification,
                    note: src.note.as_ref().map(|n| text(&n.value)),
                });
            }
        }
        out
    }

    /// The imported documents, after the procedure's own; their citations name sources of
    /// any catalogue (or of the procedure).
    pub(super) fn imported_documents(&mut self) -> Vec<model::Document> {
        let mut out = Vec::new();
        for (path, catalogue) in self.catalogues {
            let text = texts_of(catalogue);
            for (id, d) in &catalogue.documents {
                let sources: Vec<usize> = d.sources.iter().filter_map(|s| self.sources.get(&s.value)).collect();
                if sources.len() < d.sources.len() {
                    self.unresolved(path.span, &id.value);
                }
                let from_sources = sources
                    .iter()
                    .filter_map(|&i| self.source_tags.get(i).copied().flatten())
                    .max_by_key(|v| super::citations::strength(*v));
                out.push(model::Document {
                    id: id.value.clone(),
                    title: text(&d.title.value),
                    details: d.details.as_ref().map(|t| text(&t.value)),
                    citation: Citation {
                        sources,
                        verification: d.verification.as_ref().map(|v| v.value).or(from_sources),
                    },
                });
            }
        }
        out
    }

    fn unresolved(&mut self, span: Span, document: &str) {
        self.diagnostics.push(
            Diagnostic::error(
                Code::CheckUnknownReference,
                format!("the imported document `{document}` cites a source that is not declared"),
                span,
                "imported here",
            )
            .with_help("import the catalogue that declares the source, or run `procedure check` on the catalogue"),
        );
    }
}

/// The languages a catalogue declares machine-translated.
fn machine_languages(catalogue: &syn::Catalogue) -> Vec<String> {
    let statuses: Vec<(Sp<String>, syn::TranslationStatus)> =
        catalogue.translations.iter().map(|(l, s)| (l.clone(), s.value)).collect();
    super::texts::machine_languages(&[], &statuses)
}

/// The catalogue's texts in the model's form, with its first language and translation status.
fn texts_of(catalogue: &syn::Catalogue) -> impl Fn(&syn::Text) -> Text + '_ {
    let default = catalogue.languages.value.first().map_or("", |l| l.value.as_str());
    let machine = machine_languages(catalogue);
    move |t| text(t, default, &machine)
}

/// A catalogue's text in the model's form; the catalogue's own check reports its languages.
fn text(t: &syn::Text, default_language: &str, machine: &[String]) -> Text {
    match t {
        syn::Text::Plain(s) => Text {
            by_language: vec![(default_language.to_owned(), s.clone())],
            machine: Vec::new(),
            placeholders: Vec::new(),
            owner: String::new(),
        },
        syn::Text::Translated(entries, statuses) => Text {
            by_language: entries.iter().map(|(l, t)| (l.value.clone(), t.value.clone())).collect(),
            machine: super::texts::machine_languages(machine, statuses),
            placeholders: Vec::new(),
            owner: String::new(),
        },
    }
}

/// The checks of a catalogue on its own: languages declared and present in every text, its
/// glossary's renderings followed in its own texts, and its documents citing its own sources.
pub(crate) fn check_catalogue(catalogue: &syn::Catalogue, source: &str) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let (languages, _) =
        super::texts::declared_languages("catalogue", &catalogue.languages, &catalogue.translations, &mut diagnostics);
    let default = languages.first().map_or("", String::as_str);
    let glossary: Vec<Term> = catalogue.glossary.iter().map(|(id, t)| Term::of(&id.value, t, default)).collect();
    let mut texts: Vec<&Sp<syn::Text>> = Vec::new();
    for (_, src) in &catalogue.sources {
        texts.push(&src.title);
        texts.extend(src.note.as_ref());
    }
    for (_, d) in &catalogue.documents {
        texts.push(&d.title);
        texts.extend(d.details.as_ref());
    }
    for (_, t) in &catalogue.glossary {
        texts.push(&t.term);
        texts.extend(t.note.as_ref());
    }
    if let Some(title) = &catalogue.title {
        texts.push(title);
    }
    let machine = machine_languages(catalogue);
    let no_ids = std::collections::HashSet::new();
    let rules =
        super::texts::Rules { source, languages: &languages, glossary: &glossary, machine: &machine, ids: &no_ids };
    for t in texts {
        super::texts::check(t, &rules, &mut diagnostics);
    }
    let cited: Vec<&Sp<String>> = catalogue.documents.iter().flat_map(|(_, d)| d.sources.iter()).collect();
    for id in cited {
        if !catalogue.sources.iter().any(|(s, _)| s.value == id.value) {
            diagnostics.push(
                Diagnostic::error(
                    Code::CheckUnknownReference,
                    format!("unknown source `{}`", id.value),
                    id.span,
                    "no source of this catalogue has this id",
                )
                .with_help("a catalogue's documents cite the sources declared in the same catalogue"),
            );
        }
    }
    diagnostics
}
