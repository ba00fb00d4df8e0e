//! Compiling a procedure file: surface structs to a checked [`Procedure`].
//!
//! One pass per concern, each adding diagnostics rather than stopping: names, types of
//! expressions, the graph, then the semantic checks that evaluate guards over the finite
//! inputs.

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
mod steps;
mod tables;
mod texts;

use std::collections::{HashMap, HashSet};

use procedure_expr::{Env, Limits, Slot, Span, Type};
use procedure_syntax as syn;
use procedure_syntax::{Sp, Verification};

use crate::Code;
use crate::diagnostic::{Diagnostic, Level};
use crate::model::{self, Citation, Procedure, Text};
pub use calls::MAX_CALL_DEPTH;
pub(crate) use calls::{Below, Callees, dir_of};
pub(crate) use enum_values::looks as enum_value_looks;
use exprs::Exprs;
pub(crate) use imports::check_catalogue;
pub use imports::{Files, NoFiles, refused_path};
use inputs::today_declared;
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
    compile_nested(text, options, files, &[], "", &Callees::default())
}

/// Compiles a procedure reached through the calls in `stack` (paths from the first file's
/// directory), whose own directory is `dir` from there.
fn compile_nested(
    text: &str,
    options: &CompileOptions,
    files: &dyn Files,
    stack: &[String],
    dir: &str,
    callees: &Callees,
) -> Compiled {
    let surface: syn::Procedure = match syn::load(text, &options.load) {
        Ok(s) => s,
        Err(e) => return Compiled { procedure: None, diagnostics: Diagnostic::from_miette(&e, Level::Error) },
    };
    let mut diagnostics = Vec::new();
    let catalogues = imports::load(&surface, files, options, &mut diagnostics);
    let context = Context { files, stack: stack.to_vec(), dir: dir.to_owned(), callees };
    let procedure = Compiler::new(text, &surface, options, &catalogues, context, &mut diagnostics).run();
    // By the code's name, not the enum's order, so that adding a code moves no diagnostic.
    diagnostics.sort_by_key(|d| (d.span().map_or(0, |s| s.start), d.level, d.code.as_str()));
    let has_error = diagnostics.iter().any(|d| d.level == Level::Error);
    Compiled { procedure: if has_error { None } else { procedure }, diagnostics }
}

/// Where a procedure is compiled from: the files it may read (relative to its own
/// directory), the calls that led to it, and its directory from the first file's.
struct Context<'a> {
    files: &'a dyn Files,
    stack: Vec<String>,
    dir: String,
    /// The calls and callees met so far for the first file, through every level.
    callees: &'a Callees,
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
        }
    }

    fn exprs(&mut self) -> Exprs<'_> {
        Exprs { file: self.text, limits: self.options.limits, diagnostics: self.diagnostics }
    }

    fn run(mut self) -> Option<Procedure> {
        let s = self.surface;
        (self.languages, self.machine) =
            texts::declared_languages("procedure", &s.languages, &s.translations, self.diagnostics);
        self.check_time_zone(&s.time_zone);

        // Names first, so that every later reference can be resolved with a suggestion.
        for (id, _) in &s.sources {
            self.sources.declare(id, "source", self.diagnostics);
        }
        for (id, _) in &s.inputs {
            self.inputs.declare(id, "input", self.diagnostics);
        }
        for (id, _) in &s.documents {
            self.documents.declare(id, "document", self.diagnostics);
        }
        let node_ids: Vec<&Sp<String>> = s
            .steps
            .iter()
            .map(|(i, _)| i)
            .chain(s.tables.iter().map(|(i, _)| i))
            .chain(s.outcomes.iter().map(|(i, _)| i))
            .collect();
        for id in node_ids {
            self.nodes.declare(id, "node (step, table or outcome)", self.diagnostics);
        }
        self.declare_imports();
        self.source_tags = s.sources.iter().map(|(_, src)| src.verification.as_ref().map(|v| v.value)).collect();
        // A source's note is written for readers, in every language; its quote stays in the
        // language of the source, verbatim.
        let sources: Vec<model::Source> = s
            .sources
            .iter()
            .map(|(id, src)| model::Source {
                id: id.value.clone(),
                title: self.text_of(&src.title),
                url: src.url.as_ref().map(|u| u.value.clone()),
                verification: src.verification.as_ref().map(|v| v.value),
                note: src.note.as_ref().map(|n| self.text_of(n)),
            })
            .collect();
        let mut sources = sources;
        sources.extend(self.imported_sources());
        self.source_count = sources.len();

        // The environment: inputs, `today`, then derived values in dependency order.
        let mut env = Env::new();
        let mut inputs = Vec::new();
        for (id, input) in &s.inputs {
            let ty = self.input_type(id, input);
            let slot = match env.declare(&id.value, ty.clone()) {
                Ok(slot) => slot,
                Err(e) => {
                    self.diagnostics.push(Diagnostic::error(Code::CheckInvalidName, e.to_string(), id.span, "here"));
                    Slot(u32::try_from(env.len()).unwrap_or(u32::MAX))
                }
            };
            let labels = input
                .values
                .iter()
                .flat_map(|v| v.value.iter())
                .map(|(value, label)| (value.value.clone(), self.text_of(label)))
                .collect();
            let enum_values = match &ty {
                Type::Enum(e) => e.values().map(procedure_expr::Value::string).collect(),
                _ => Vec::new(),
            };
            inputs.push(model::Input {
                id: id.value.clone(),
                ty,
                labels,
                question: self.text_of(&input.ask),
                help: input.help.as_ref().map(|h| self.text_of(h)),
                ask_when: None,
                min: input.min.as_ref().map(|b| b.value.clone()),
                max: input.max.as_ref().map(|b| b.value.clone()),
                slot,
                span: id.span,
                enum_values,
            });
        }
        let today = match env.declare("today", Type::Date) {
            Ok(slot) => slot,
            Err(_) => {
                let span = s.inputs.iter().find(|(i, _)| i.value == "today").map(|(i, _)| i.span).unwrap_or_default();
                self.diagnostics.push(today_declared(span));
                Slot(0)
            }
        };
        let lets = self.lets(&mut env);

        // Now every expression can be compiled against the complete environment.
        for ((_, surface), input) in s.inputs.iter().zip(inputs.iter_mut()) {
            if let Some(w) = &surface.ask_when {
                input.ask_when = self.exprs().compile(w, &env, Some(&Type::Bool), "`ask_when`");
            }
            self.check_bounds(&input.id, surface, &input.ty);
        }
        ask_cycle::check(&inputs, &lets, self.diagnostics);
        let constraints = s
            .constraints
            .iter()
            .filter_map(|c| {
                let check = self.exprs().compile(&c.check, &env, Some(&Type::Bool), "a constraint's `check`");
                let message = self.text_of(&c.message);
                check.map(|check| model::Constraint { check, message })
            })
            .collect();
        let documents = s
            .documents
            .iter()
            .map(|(id, d)| model::Document {
                id: id.value.clone(),
                title: self.text_of(&d.title),
                details: d.details.as_ref().map(|t| self.text_of(t)),
                citation: self.cite(&d.sources, d.verification.as_ref(), &Citation::default()),
            })
            .collect();
        let mut documents: Vec<model::Document> = documents;
        documents.extend(self.imported_documents());
        let mut nodes = Vec::new();
        for (id, step) in &s.steps {
            let kind = model::NodeKind::Step(Box::new(self.step(step, &env)));
            nodes.push(model::Node { id: id.value.clone(), kind, span: id.span });
        }
        for (id, table) in &s.tables {
            let kind = model::NodeKind::Table(Box::new(self.table(table, &env)));
            nodes.push(model::Node { id: id.value.clone(), kind, span: id.span });
        }
        for (id, outcome) in &s.outcomes {
            let citation = self.cite(&outcome.sources, outcome.verification.as_ref(), &Citation::default());
            let kind = model::NodeKind::Outcome(Box::new(model::Outcome {
                title: self.text_of(&outcome.title),
                kind: outcome.kind.value,
                description: outcome.description.as_ref().map(|t| self.text_of(t)),
                place: outcome.place.as_ref().map(|t| self.text_of(t)),
                citation,
            }));
            nodes.push(model::Node { id: id.value.clone(), kind, span: id.span });
        }
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
        procedure.index_reads();

        // Later checks reason about the whole graph: after an error they would mostly repeat
        // it (a branch that failed to compile leaves its target unreachable), so they wait.
        let clean = !self.diagnostics.iter().any(|d| d.level == Level::Error);
        if start.is_some() && clean {
            graph::check(&procedure, self.diagnostics);
            for n in analysis::check(&procedure, s, self.options.check_work, self.diagnostics) {
                if let Some(model::NodeKind::Table(t)) = procedure.nodes.get_mut(n).map(|n| &mut n.kind) {
                    t.exclusive = true;
                }
            }
        }
        if clean {
            self.unused(&procedure);
        }
        Some(procedure)
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
        texts::check(text, &rules, self.diagnostics)
    }
}
