//! Compiling a procedure file: surface structs to a checked [`Procedure`].
//!
//! One pass per concern, each adding diagnostics rather than stopping: names, types of
//! expressions, the graph, then the semantic checks that evaluate guards over the finite
//! inputs.

mod amounts;
mod analysis;
mod ask_cycle;
mod branches;
mod calls;
mod citations;
mod dating;
mod documents;
mod enum_values;
mod exprs;
mod graph;
mod imports;
mod inputs;
mod names;
mod shown_values;
mod steps;
mod tables;
mod texts;
mod varying_texts;

use std::collections::{HashMap, HashSet};

use procedure_expr::{Limits, Span};
use procedure_syntax as syn;
use procedure_syntax::{Sp, Verification};

use crate::Code;
use crate::diagnostic::{Diagnostic, Level};
use crate::elsewhere::Elsewhere;
use crate::model::{self, Procedure, Text};
pub(crate) use analysis::covering_values;
pub use calls::MAX_CALL_DEPTH;
pub(crate) use calls::{Callees, dir_of};
pub(crate) use enum_values::looks as enum_value_looks;
use exprs::Exprs;
pub(crate) use imports::check_catalogue;
pub use imports::{Files, NoFiles, refused_path};
use inputs::Environment;
use names::Names;
pub(crate) use names::SUGGESTION_BUDGET;
pub(crate) use texts::control_characters;
pub use texts::hidden_character;

/// How to compile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CompileOptions {
    /// Budgets of the YAML loader.
    pub load: syn::LoadOptions,
    /// Limits of the expression language.
    pub limits: Limits,
    /// What the semantic checks of one file may spend, in evaluations; past it, each check
    /// left warns `check_incomplete` instead of running.
    pub check_work: u64,
}

impl CompileOptions {
    /// The defaults: 200 million evaluations for the checks, about a second and a half.
    pub const DEFAULT: CompileOptions =
        CompileOptions { load: syn::LoadOptions::DEFAULT, limits: Limits::DEFAULT, check_work: 200_000_000 };
}

impl Default for CompileOptions {
    fn default() -> Self {
        CompileOptions::DEFAULT
    }
}

/// The result of compiling: the procedure when there is no error, and every diagnostic
/// (errors and warnings) in file order.
#[derive(Debug)]
pub struct Compiled {
    /// The procedure, if it has no error.
    pub procedure: Option<Procedure>,
    /// Everything found, errors and warnings, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// The errors of imported catalogues and called procedures that do not compile, each in
    /// its own file (the import or call is also an error in `diagnostics`).
    pub elsewhere: Vec<Elsewhere>,
}

/// Compiles the text of a procedure file.
///
/// ```
/// use procedure_core::{compile, CompileOptions};
/// let text = "id: demo\nversion: '1'\ntitle: Demo\nlanguages: [en]\ntime_zone: Asia/Tokyo\nstart: done\noutcomes:\n  done: {title: Done, kind: done}\n";
/// let compiled = compile(text, &CompileOptions::DEFAULT);
/// assert!(compiled.procedure.is_some());
/// ```
pub fn compile(text: &str, options: &CompileOptions) -> Compiled {
    compile_with(text, options, &NoFiles)
}

/// Compiles the text of a procedure file whose imports `files` reads (relative to the file).
///
/// ```
/// use procedure_core::{compile_with, CompileOptions, Files};
///
/// struct Catalogues;
/// impl Files for Catalogues {
///     fn read(&self, path: &str) -> Result<String, String> {
///         match path {
///             "common/documents.yaml" => Ok("catalogue: documents\nlanguages: [en]\ndocuments:\n  passport: {title: Passport}\n".into()),
///             _ => Err("no such file".into()),
///         }
///     }
/// }
/// let text = "id: demo\nversion: '1'\ntitle: Demo\nlanguages: [en]\ntime_zone: Asia/Tokyo\nimports: [common/documents.yaml]\nstart: go\nsteps:\n  go: {title: Go, bring: [passport], next: done}\noutcomes:\n  done: {title: Done, kind: done}\n";
/// let compiled = compile_with(text, &CompileOptions::DEFAULT, &Catalogues);
/// let procedure = compiled.procedure.unwrap();
/// assert_eq!(procedure.documents[0].id, "passport");
/// ```
pub fn compile_with(text: &str, options: &CompileOptions, files: &dyn Files) -> Compiled {
    compile_at(text, options, files, "")
}

/// Compiles the procedure file whose key (see [`Files::locate`]) is `file`, for a caller that
/// found it itself: a scenario file's procedure.
pub(crate) fn compile_at(text: &str, options: &CompileOptions, files: &dyn Files, file: &str) -> Compiled {
    compile_nested(text, options, files, &[], file, &Callees::default())
}

/// Compiles the procedure file whose key is `file` (the empty string for the first file),
/// reached through the calls in `stack` (keys).
fn compile_nested(
    text: &str,
    options: &CompileOptions,
    files: &dyn Files,
    stack: &[String],
    file: &str,
    callees: &Callees,
) -> Compiled {
    let surface: syn::Procedure = match syn::load(text, &options.load) {
        Ok(s) => s,
        Err(e) => {
            return Compiled {
                procedure: None,
                diagnostics: Diagnostic::from_miette(&e, Level::Error),
                elsewhere: Vec::new(),
            };
        }
    };
    let mut diagnostics = Vec::new();
    let mut elsewhere = Vec::new();
    let here = imports::Here { files, file, text };
    let catalogues = imports::load(&surface, &here, options, &mut diagnostics, &mut elsewhere);
    let context = Context { files, stack: stack.to_vec(), file: file.to_owned(), callees, elsewhere };
    let mut compiler = Compiler::new(text, &surface, options, &catalogues, context, &mut diagnostics);
    let procedure = compiler.run();
    let elsewhere = std::mem::take(&mut compiler.context.elsewhere);
    // By the code's name, not the enum's order, so that adding a code moves no diagnostic.
    diagnostics.sort_by_key(|d| (d.span().map_or(0, |s| s.start), d.level, d.code.as_str()));
    let has_error = diagnostics.iter().any(|d| d.level == Level::Error);
    Compiled { procedure: if has_error { None } else { procedure }, diagnostics, elsewhere }
}

/// Where a procedure is compiled from: the files it may read, the calls that led to it, and
/// its own key (the empty string for the first file), from which the paths it names are found.
struct Context<'a> {
    files: &'a dyn Files,
    stack: Vec<String>,
    file: String,
    /// The calls and callees met so far for the first file, through every level.
    callees: &'a Callees,
    /// The errors of the files it reaches that do not compile, in their own files.
    elsewhere: Vec<Elsewhere>,
}

struct Compiler<'a> {
    text: &'a str,
    surface: &'a syn::Procedure,
    options: &'a CompileOptions,
    diagnostics: &'a mut Vec<Diagnostic>,
    languages: Vec<String>,
    sources: Names,
    inputs: Names,
    documents: Names,
    nodes: Names,
    /// Deadlines, fees and warnings: one namespace each.
    items: HashMap<&'static str, Names>,
    source_tags: Vec<Option<Verification>>,
    /// The first fee's currency: fees are added up, so a procedure has one currency.
    currency: Option<(String, Span)>,
    /// The imported catalogues, each with the path that imports it.
    catalogues: &'a [(Sp<String>, syn::Catalogue)],
    /// The official terms of the imported glossaries.
    glossary: Vec<texts::Term>,
    /// The languages `translations` declares machine-translated.
    machine: Vec<String>,
    context: Context<'a>,
    /// The number of the procedure's own and imported sources; sources of called procedures
    /// come after them.
    source_count: usize,
    /// Sources of called procedures that the procedure does not have.
    callee_sources: Vec<model::Source>,
    /// The procedures this one calls, by path from the first file's directory, with their
    /// sources taken into this one's list: a file called twice is shared.
    callees: HashMap<String, std::sync::Arc<Procedure>>,
    /// The ids of the deadlines of every step, in file order and as a set, once gathered.
    deadline_ids: Option<(Vec<&'a str>, HashSet<&'a str>)>,
    /// The comparisons that did-you-mean suggestions of unknown ids may still make.
    suggestions_left: usize,
    /// The ids a reader must not meet in a text (see `texts::Rules::ids`).
    own_ids: HashSet<&'a str>,
    /// The fees defined once at the top of the file, by id, compiled.
    shared_fees: Vec<(String, Vec<model::Fee>)>,
    /// The placeholders of the texts checked so far, with where their text is.
    shown: Vec<(String, Span)>,
}

impl<'a> Compiler<'a> {
    fn new(
        text: &'a str,
        surface: &'a syn::Procedure,
        options: &'a CompileOptions,
        catalogues: &'a [(Sp<String>, syn::Catalogue)],
        context: Context<'a>,
        diagnostics: &'a mut Vec<Diagnostic>,
    ) -> Self {
        Compiler {
            text,
            surface,
            options,
            diagnostics,
            languages: Vec::new(),
            sources: Names::default(),
            inputs: Names::default(),
            documents: Names::default(),
            nodes: Names::default(),
            items: HashMap::new(),
            source_tags: Vec::new(),
            currency: None,
            catalogues,
            glossary: Vec::new(),
            machine: Vec::new(),
            context,
            source_count: 0,
            callee_sources: Vec::new(),
            callees: HashMap::new(),
            own_ids: std::iter::once(&surface.id)
                .chain(surface.inputs.iter().map(|(id, _)| id))
                .chain(surface.lets.iter().map(|(id, _)| id))
                .chain(surface.steps.iter().map(|(id, _)| id))
                .chain(surface.tables.iter().map(|(id, _)| id))
                .chain(surface.outcomes.iter().map(|(id, _)| id))
                .map(|id| id.value.as_str())
                .collect(),
            deadline_ids: None,
            suggestions_left: SUGGESTION_BUDGET,
            shared_fees: Vec::new(),
            shown: Vec::new(),
        }
    }

    fn exprs(&mut self) -> Exprs<'_> {
        Exprs { file: self.text, limits: self.options.limits, diagnostics: self.diagnostics }
    }

    /// The phases in order. Diagnostics are sorted by position afterwards, but a suggestion's
    /// budget and which id counts as declared first follow this order.
    fn run(&mut self) -> Option<Procedure> {
        let s = self.surface;
        (self.languages, self.machine) =
            texts::declared_languages("procedure", &s.languages, &s.translations, self.diagnostics);
        self.check_time_zone(&s.time_zone);
        // Names first, so that every later reference can be resolved with a suggestion.
        self.declare_names();
        self.declare_imports();
        let mut sources = self.sources();
        let Environment { env, inputs, today, lets } = self.environment();
        let constraints = self.constraints(&env);
        let documents = self.documents();
        let nodes = self.nodes(&env);
        let start = self.node_ref(&s.start);
        for said in [&s.id, &s.version].into_iter().chain(&s.jurisdiction) {
            texts::control_characters(said, self.diagnostics);
        }
        sources.append(&mut self.callee_sources);
        let mut procedure = Procedure {
            id: s.id.value.clone(),
            version: s.version.value.clone(),
            title: self.text_of(&s.title),
            summary: s.summary.as_ref().map(|t| self.text_of(t)),
            languages: self.languages.clone(),
            time_zone: s.time_zone.value.clone(),
            env,
            inputs,
            today,
            lets,
            constraints,
            documents,
            sources,
            nodes,
            start: start.unwrap_or(0),
        };
        self.check_shown_values(&procedure.env);
        procedure.index_reads();
        self.check_whole(&mut procedure, start.is_some());
        Some(procedure)
    }

    /// The checks that reason about the whole procedure. After an error they would mostly
    /// repeat it (a branch that failed to compile leaves its target unreachable), so they wait.
    fn check_whole(&mut self, procedure: &mut Procedure, has_start: bool) {
        let clean = !self.diagnostics.iter().any(|d| d.level == Level::Error);
        if has_start && clean {
            graph::check(procedure, self.diagnostics);
            for n in analysis::check(procedure, self.surface, self.options.check_work, self.diagnostics) {
                if let Some(model::NodeKind::Table(t)) = procedure.nodes.get_mut(n).map(|n| &mut n.kind) {
                    t.exclusive = true;
                }
            }
        }
        if clean {
            self.unused(procedure);
        }
    }

    fn check_time_zone(&mut self, zone: &Sp<String>) {
        if jiff::tz::db().get(&zone.value).is_err() {
            self.diagnostics.push(
                Diagnostic::error(
                    Code::CheckInvalidTimeZone,
                    format!("unknown time zone `{}`", zone.value),
                    zone.span,
                    "not an IANA time zone",
                )
                .with_help("use an IANA time zone name, e.g. `Asia/Tokyo`"),
            );
        }
    }

    /// A text, checked against the declared languages and the glossary.
    fn text_of(&mut self, text: &Sp<syn::Text>) -> Text {
        let rules = texts::Rules {
            source: self.text,
            languages: &self.languages,
            glossary: &self.glossary,
            machine: &self.machine,
            ids: &self.own_ids,
        };
        let mut checked = texts::check(text, &rules, self.diagnostics);
        if !checked.placeholders.is_empty() {
            self.record_shown(&checked.placeholders, text.span);
            checked.owner = self.surface.id.value.clone();
        }
        checked
    }
}
