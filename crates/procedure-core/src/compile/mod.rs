//! Compiling a procedure file: surface structs to a checked [`Procedure`].
//!
//! One pass per concern, each adding diagnostics rather than stopping: names, types of
//! expressions, the graph, then the semantic checks that evaluate guards over the finite
//! inputs.

mod analysis;
mod ask_cycle;
mod calls;
mod dating;
mod enum_values;
mod exprs;
mod graph;
mod imports;
mod texts;

use std::collections::{HashMap, HashSet};

use procedure_expr::{Env, Limits, Slot, Span, Type, did_you_mean};
use procedure_syntax as syn;
use procedure_syntax::{Sp, Verification};

use crate::Code;
use crate::diagnostic::{Diagnostic, Level, MAX_LABELS};
use crate::model::{self, Citation, Procedure, Text};
pub use calls::MAX_CALL_DEPTH;
pub(crate) use calls::{Below, Callees, dir_of};
pub(crate) use enum_values::looks as enum_value_looks;
use exprs::Exprs;
pub(crate) use imports::check_catalogue;
pub use imports::{Files, NoFiles, refused_path};
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

/// Ids of one kind: where each is declared, and which are used.
#[derive(Default)]
struct Names {
    index: HashMap<String, usize>,
    spans: Vec<Span>,
    used: HashSet<usize>,
}

impl Names {
    fn declare(&mut self, id: &Sp<String>, kind: &str, diagnostics: &mut Vec<Diagnostic>) -> usize {
        texts::control_characters(id, diagnostics);
        let i = self.spans.len();
        if let Some(&first) = self.index.get(&id.value) {
            let first_span = self.spans.get(first).copied().unwrap_or_default();
            diagnostics.push(
                Diagnostic::error(
                    Code::CheckDuplicateId,
                    format!("{kind} `{}` is declared twice", id.value),
                    id.span,
                    "declared again here",
                )
                .with_label(first_span, "first declared here")
                .with_help(format!("each {kind} needs an id of its own")),
            );
        } else {
            self.index.insert(id.value.clone(), i);
        }
        self.spans.push(id.span);
        i
    }

    fn get(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }
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

/// The comparisons of unknown ids with declared ids that one file's suggestions may make: a
/// few hundred milliseconds of work.
pub(crate) const SUGGESTION_BUDGET: usize = 1_000_000;

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

    fn input_type(&mut self, id: &Sp<String>, input: &syn::Input) -> Type {
        use syn::InputType as T;
        match (input.ty.value, &input.values) {
            (T::Enum, Some(values)) if !values.value.is_empty() => {
                let values: Vec<&Sp<String>> = values.value.iter().map(|(v, _)| v).collect();
                enum_values::check(&id.value, &values, self.diagnostics);
                Type::enumeration(values.iter().map(|v| v.value.clone()))
            }
            (T::Enum, _) => {
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::CheckInvalidInput,
                        format!("enum input `{}` has no values", id.value),
                        input.ty.span,
                        "an enum",
                    )
                    .with_help("list the values under `values:`, each with its label"),
                );
                Type::String
            }
            (other, Some(values)) => {
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::CheckInvalidInput,
                        format!("only an enum input has `values`; `{}` is not an enum", id.value),
                        values.span,
                        "not allowed here",
                    )
                    .with_help("write `type: enum`, or remove `values`"),
                );
                simple_type(other)
            }
            (other, None) => simple_type(other),
        }
    }

    fn check_bounds(&mut self, id: &str, input: &syn::Input, ty: &Type) {
        for bound in input.min.iter().chain(input.max.iter()) {
            let ok = match (&bound.value, ty) {
                (syn::Bound::Int(_), Type::Int) => true,
                (syn::Bound::Date(d), Type::Date) => procedure_expr::parse_date(d).is_ok(),
                _ => false,
            };
            if !ok {
                self.diagnostics.push(
                    Diagnostic::error(Code::CheckInvalidInput, format!("this bound does not fit an input of type {ty}"), bound.span, "invalid bound")
                        .with_help("an int input takes integer bounds; a date input takes `YYYY-MM-DD` bounds; other types take none"),
                );
            }
        }
        if let (Some(min), Some(max)) = (&input.min, &input.max) {
            Self::check_bound_order(id, min, max, ty, self.diagnostics);
        }
    }

    /// A `min` above the `max` leaves no value allowed: every answer would be refused.
    fn check_bound_order(
        id: &str,
        min: &Sp<syn::Bound>,
        max: &Sp<syn::Bound>,
        ty: &Type,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let above = match (&min.value, &max.value, ty) {
            (syn::Bound::Int(lo), syn::Bound::Int(hi), Type::Int) => lo > hi,
            (syn::Bound::Date(lo), syn::Bound::Date(hi), Type::Date) => {
                match (procedure_expr::parse_date(lo), procedure_expr::parse_date(hi)) {
                    (Ok(lo), Ok(hi)) => lo > hi,
                    _ => false,
                }
            }
            _ => false,
        };
        if above {
            diagnostics.push(
                Diagnostic::error(
                    Code::CheckInvalidInput,
                    format!("input `{id}` has a `min` above its `max`: no value is allowed"),
                    min.span,
                    "`min`",
                )
                .with_label(max.span, "`max`, below it")
                .with_help("swap the bounds, or correct the one that is wrong"),
            );
        }
    }

    /// Orders derived values so that each comes after those it reads, reports cycles, and
    /// declares each in the environment with the type of its expression.
    fn lets(&mut self, env: &mut Env) -> Vec<model::Let> {
        let s = self.surface;
        let names: HashMap<&str, usize> =
            s.lets.iter().enumerate().map(|(i, (id, _))| (id.value.as_str(), i)).collect();
        let mut clashing = HashSet::new();
        for (i, (id, _)) in s.lets.iter().enumerate() {
            let d = if id.value == "today" {
                today_declared(id.span)
            } else if let Some(input) = self.inputs.get(&id.value) {
                Diagnostic::error(
                    Code::CheckDuplicateId,
                    format!("`{}` names both an input and a derived value", id.value),
                    id.span,
                    "declared again here",
                )
                .with_label(self.inputs.spans.get(input).copied().unwrap_or_default(), "the input")
                .with_help("inputs and derived values share one namespace in expressions; rename one of them")
            } else {
                continue;
            };
            self.diagnostics.push(d);
            clashing.insert(i);
        }
        let deps: Vec<Vec<usize>> = s
            .lets
            .iter()
            .map(|(_, l)| {
                let mut idents = Vec::new();
                if let Some(tree) = self.exprs().tree(&l.expr) {
                    collect_idents(&tree, &mut idents);
                }
                idents.iter().filter_map(|n| names.get(n.as_str()).copied()).collect()
            })
            .collect();
        let order = match graph::topological(&deps) {
            Ok(order) => order,
            Err(cycle) => {
                let ids: Vec<&Sp<String>> = cycle.iter().filter_map(|&i| s.lets.0.get(i).map(|(id, _)| id)).collect();
                let shown = ids.get(..MAX_LABELS).unwrap_or(&ids);
                let mut help = "a derived value cannot depend on itself, directly or through others".to_owned();
                if ids.len() > shown.len() {
                    help.push_str(&format!("; the cycle has {} more, not shown", ids.len() - shown.len()));
                }
                let mut labels = shown.iter().map(|id| (id.span, "part of the cycle".to_owned()));
                let d = labels.next().map(|(span, label)| {
                    let mut d = Diagnostic::error(
                        Code::CheckLetCycle,
                        "derived values depend on each other in a cycle",
                        span,
                        label,
                    )
                    .with_help(help);
                    d.labels.extend(labels);
                    d
                });
                self.diagnostics.extend(d);
                return Vec::new();
            }
        };
        let mut lets = Vec::new();
        for i in order {
            let Some((id, l)) = s.lets.0.get(i) else { continue };
            if clashing.contains(&i) {
                continue;
            }
            let citation = self.cite(&l.sources, l.verification.as_ref(), &Citation::default());
            let description = l.description.as_ref().map(|d| self.text_of(d));
            let Some(program) = self.exprs().compile(&l.expr, env, None, "a derived value") else { continue };
            match env.declare(&id.value, program.result_type().clone()) {
                Ok(slot) => lets.push(model::Let { id: id.value.clone(), program, slot, description, citation }),
                Err(e) => {
                    self.diagnostics.push(Diagnostic::error(Code::CheckInvalidName, e.to_string(), id.span, "here"))
                }
            }
        }
        lets
    }

    fn step(&mut self, step: &syn::Step, env: &Env) -> model::Step {
        let citation = self.cite(&step.sources, step.verification.as_ref(), &Citation::default());
        let obtain = self.doc_refs(&step.obtain, env, &citation);
        let bring = self.doc_refs(&step.bring, env, &citation);
        let mut deadlines = Vec::new();
        for (id, versions) in &step.deadlines {
            self.item("deadline", id);
            let mut periods = Vec::new();
            let mut event_ids = HashSet::new();
            for (d, span) in versions.value.each(versions.span) {
                let valid = self.validity(d.valid_from.as_ref(), d.valid_until.as_ref());
                // A mapping's span is a point at its start: extend it over the rule's key part.
                periods.push((valid, span.to(d.date.span)));
                if let Some(deadline) = self.deadline(id, d, valid, env, &citation, &mut event_ids) {
                    deadlines.push(deadline);
                }
            }
            self.check_versions("deadline", id, &periods);
        }
        let mut fees = Vec::new();
        for (id, versions) in &step.fees {
            self.item("fee", id);
            let mut periods = Vec::new();
            for (f, span) in versions.value.each(versions.span) {
                let valid = self.validity(f.valid_from.as_ref(), f.valid_until.as_ref());
                periods.push((valid, span.to(f.amount.span)));
                if let Some(fee) = self.fee(id, f, valid, env, &citation) {
                    fees.push(fee);
                }
            }
            self.check_versions("fee", id, &periods);
        }
        let warnings = self.warnings(&step.warnings, env, &citation);
        let next = self.next(&step.next, env, &citation);
        let valid = self.validity(step.valid_from.as_ref(), step.valid_until.as_ref());
        let call = step.call.as_ref().and_then(|c| self.call(c, env));
        model::Step {
            valid,
            call,
            title: self.text_of(&step.title),
            details: step.details.as_ref().map(|t| self.text_of(t)),
            place: step.place.as_ref().map(|t| self.text_of(t)),
            obtain,
            bring,
            deadlines,
            fees,
            warnings,
            next,
            citation,
        }
    }

    fn warnings(
        &mut self,
        warnings: &syn::Entries<Sp<syn::Versions<syn::Warning>>>,
        env: &Env,
        inherited: &Citation,
    ) -> Vec<model::Warning> {
        let mut out = Vec::new();
        for (id, versions) in warnings {
            self.item("warning", id);
            let mut periods = Vec::new();
            for (w, span) in versions.value.each(versions.span) {
                let valid = self.validity(w.valid_from.as_ref(), w.valid_until.as_ref());
                periods.push((valid, span.to(w.message.span)));
                let when = self.guard(w.when.as_ref(), env);
                let message = self.text_of(&w.message);
                let citation = self.cite(&w.sources, w.verification.as_ref(), inherited);
                if let Some(when) = when {
                    out.push(model::Warning { id: id.value.clone(), when, message, citation, valid });
                }
            }
            self.check_versions("warning", id, &periods);
        }
        out
    }

    fn deadline(
        &mut self,
        id: &Sp<String>,
        d: &syn::Deadline,
        valid: model::Validity,
        env: &Env,
        inherited: &Citation,
        event_ids: &mut HashSet<String>,
    ) -> Option<model::Deadline> {
        let date = self.exprs().compile(&d.date, env, Some(&Type::Date), "a deadline's `date`");
        let when = self.guard(d.when.as_ref(), env);
        let title = self.text_of(&d.title);
        let note = d.note.as_ref().map(|t| self.text_of(t));
        let calendar = d.calendar.as_ref().map(|c| self.calendar(c));
        let calendar_when = self.guard(d.calendar_when.as_ref(), env);
        // Keys that say how the calendar applies mean nothing without one.
        let calendar_keys = [
            ("calendar_when", d.calendar_when.as_ref().map(|w| w.span)),
            ("calendar_verification", d.calendar_verification.as_ref().map(|v| v.span)),
        ];
        for (key, span) in calendar_keys.into_iter().filter(|_| d.calendar.is_none()) {
            let Some(span) = span else { continue };
            self.diagnostics.push(
                Diagnostic::error(
                    Code::CheckInvalidDeadline,
                    format!("`{key}` needs a `calendar`"),
                    span,
                    "no calendar",
                )
                .with_help("name the calendar it is about, e.g. `calendar: jp_admin`"),
            );
        }
        let c = self.cite(&d.sources, d.verification.as_ref(), inherited);
        let mut event_warnings = Vec::new();
        for (wid, w) in &d.warnings {
            // The versions of one deadline may repeat its warnings' ids.
            if event_ids.insert(wid.value.clone()) {
                self.item("warning", wid);
            }
            self.check_deadline_event(w, d);
            let message = self.text_of(&w.message);
            let wc = self.cite(&w.sources, w.verification.as_ref(), &c);
            let Some(when) = self.guard(w.when.as_ref(), env) else { continue };
            event_warnings.push((
                w.on.value,
                model::Warning {
                    id: wid.value.clone(),
                    when,
                    message,
                    citation: wc,
                    valid: model::Validity::default(),
                },
            ));
        }
        Some(model::Deadline {
            id: id.value.clone(),
            title,
            date: date?,
            when: when?,
            calendar: calendar.flatten(),
            calendar_when: calendar_when.flatten(),
            calendar_verification: d.calendar_verification.as_ref().map(|v| v.value),
            note,
            warnings: event_warnings,
            citation: c,
            valid,
        })
    }

    /// A deadline warning whose event the deadline cannot have is an error, not a warning
    /// that silently never shows.
    fn check_deadline_event(&mut self, w: &syn::DeadlineWarning, d: &syn::Deadline) {
        let unverified = d.calendar_verification.as_ref().map(|v| v.value) == Some(syn::Verification::Unverified);
        let (message, help) = match w.on.value {
            syn::DeadlineEvent::MayExtend if !unverified => (
                "`on: may_extend` needs `calendar_verification: unverified`",
                "only a deadline whose move is unverified may extend; a verified move is `on: extended`",
            ),
            syn::DeadlineEvent::Extended if unverified => (
                "`on: extended` never happens with `calendar_verification: unverified`",
                "an unverified move leaves the legal date in force: use `on: may_extend`",
            ),
            _ => return,
        };
        self.diagnostics
            .push(Diagnostic::error(Code::CheckInvalidDeadline, message, w.on.span, "this event").with_help(help));
    }

    fn fee(
        &mut self,
        id: &Sp<String>,
        f: &syn::Fee,
        valid: model::Validity,
        env: &Env,
        inherited: &Citation,
    ) -> Option<model::Fee> {
        let when = self.guard(f.when.as_ref(), env);
        if f.amount.value < 0 {
            self.diagnostics.push(
                Diagnostic::error(Code::CheckInvalidFee, "a fee cannot be negative", f.amount.span, "negative")
                    .with_help("write the amount the person pays; a fee that is not charged is `amount: 0`"),
            );
        }
        if f.amount.value > MAX_FEE {
            self.diagnostics.push(
                Diagnostic::error(
                    Code::CheckInvalidFee,
                    format!("a fee above {MAX_FEE} is not plausible"),
                    f.amount.span,
                    "too large",
                )
                .with_help(
                    "write the amount in the currency's smallest common unit, e.g. `amount: 4000` for 4,000 yen",
                ),
            );
        }
        match &self.currency {
            Some((first, first_span)) if *first != f.currency.value => {
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::CheckInvalidFee,
                        format!("this fee is in {}, but an earlier fee is in {first}", f.currency.value),
                        f.currency.span,
                        "another currency",
                    )
                    .with_label(*first_span, "the first fee's currency")
                    .with_help("fees are added up into one total, so every fee of a procedure uses one currency"),
                );
            }
            Some(_) => {}
            None => self.currency = Some((f.currency.value.clone(), f.currency.span)),
        }
        if !is_currency(&f.currency.value) {
            self.diagnostics.push(
                Diagnostic::error(
                    Code::CheckInvalidFee,
                    format!("`{}` is not a currency code", f.currency.value),
                    f.currency.span,
                    "not ISO 4217",
                )
                .with_help("write the ISO 4217 code in capitals, e.g. `JPY`"),
            );
        }
        Some(model::Fee {
            id: id.value.clone(),
            title: f.title.as_ref().map(|t| self.text_of(t)),
            amount: f.amount.value,
            currency: f.currency.value.clone(),
            when: when?,
            when_paid: f.when_paid.as_ref().map(|t| self.text_of(t)),
            note: f.note.as_ref().map(|t| self.text_of(t)),
            citation: self.cite(&f.sources, f.verification.as_ref(), inherited),
            valid,
        })
    }

    /// A `when`: `Some(None)` when absent, `Some(Some(program))` when it compiles.
    fn guard(&mut self, when: Option<&Sp<String>>, env: &Env) -> Option<Option<procedure_expr::Program>> {
        match when {
            None => Some(None),
            Some(w) => self.exprs().compile(w, env, Some(&Type::Bool), "`when`").map(Some),
        }
    }

    fn item(&mut self, kind: &'static str, id: &Sp<String>) {
        let names = self.items.entry(kind).or_default();
        names.declare(id, kind, self.diagnostics);
    }

    fn calendar(&mut self, name: &Sp<String>) -> Option<String> {
        if crate::CALENDARS.contains(&name.value.as_str()) {
            return Some(name.value.clone());
        }
        let help = match did_you_mean(&name.value, crate::CALENDARS.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("the calendars are: {}", crate::CALENDARS.join(", ")),
        };
        self.diagnostics.push(
            Diagnostic::error(
                Code::CheckUnknownReference,
                format!("unknown calendar `{}`", name.value),
                name.span,
                "no such calendar",
            )
            .with_help(help),
        );
        None
    }

    /// A list of document requirements; the dated versions of one requirement (the same
    /// document under the same `when`) must not overlap.
    fn doc_refs(&mut self, list: &[Sp<syn::DocRef>], env: &Env, inherited: &Citation) -> Vec<model::DocRequirement> {
        let mut rules: Vec<(String, model::Validity, Span)> = Vec::new();
        let mut out = Vec::new();
        for d in list {
            let Some(requirement) = self.doc_ref(d, env, inherited) else { continue };
            if let syn::DocRef::Detailed(r) = &d.value {
                let when = r.when.as_ref().map_or("", |w| w.value.trim());
                rules.push((format!("{}\u{0}{when}", r.document.value), requirement.valid, d.span.to(r.document.span)));
            }
            out.push(requirement);
        }
        let rules: Vec<(&str, model::Validity, Span)> = rules.iter().map(|(k, v, s)| (k.as_str(), *v, *s)).collect();
        self.check_rules("document requirement", &rules);
        out
    }

    fn doc_ref(&mut self, d: &Sp<syn::DocRef>, env: &Env, inherited: &Citation) -> Option<model::DocRequirement> {
        match &d.value {
            syn::DocRef::Id(id) => {
                let document = self.resolve_document(&Sp::new(id.clone(), d.span))?;
                Some(model::DocRequirement {
                    document,
                    when: None,
                    after_deadline: None,
                    note: None,
                    citation: inherited.clone(),
                    valid: model::Validity::default(),
                })
            }
            syn::DocRef::Detailed(r) => {
                let document = self.resolve_document(&r.document);
                let when = self.guard(r.when.as_ref(), env);
                let note = r.note.as_ref().map(|t| self.text_of(t));
                let citation = self.cite(&r.sources, r.verification.as_ref(), inherited);
                let after_deadline = match &r.after_deadline {
                    None => Some(None),
                    Some(id) => self.deadline_ref(id).map(Some),
                };
                let valid = self.validity(r.valid_from.as_ref(), r.valid_until.as_ref());
                Some(model::DocRequirement {
                    document: document?,
                    when: when?,
                    after_deadline: after_deadline?,
                    note,
                    citation,
                    valid,
                })
            }
        }
    }

    /// A deadline named by its id, which may be declared in any step.
    fn deadline_ref(&mut self, id: &Sp<String>) -> Option<String> {
        let s = self.surface;
        // Gathered once: a file may name thousands of deadlines thousands of times.
        let (ids, set) = self.deadline_ids.get_or_insert_with(|| {
            let ids: Vec<&str> =
                s.steps.iter().flat_map(|(_, step)| step.deadlines.iter().map(|(d, _)| d.value.as_str())).collect();
            let set = ids.iter().copied().collect();
            (ids, set)
        });
        if set.contains(id.value.as_str()) {
            return Some(id.value.clone());
        }
        let ids = ids.clone();
        let candidates = self.afford_suggestion(ids.len()).then_some(ids);
        self.unknown("deadline", id, candidates.as_deref());
        None
    }

    fn resolve_document(&mut self, id: &Sp<String>) -> Option<usize> {
        let found = self.documents.get(&id.value);
        match found {
            Some(i) => {
                self.documents.used.insert(i);
                Some(i)
            }
            None => {
                let mut candidates: Vec<String> = Vec::new();
                let affordable = self.afford_suggestion(self.documents.index.len());
                if affordable {
                    candidates = self.documents.index.keys().cloned().collect();
                    candidates.sort();
                }
                let candidates: Vec<&str> = candidates.iter().map(String::as_str).collect();
                self.unknown("document", id, affordable.then_some(&candidates));
                None
            }
        }
    }

    fn node_ref(&mut self, id: &Sp<String>) -> Option<usize> {
        let found = self.nodes.get(&id.value);
        if found.is_none() {
            let s = self.surface;
            let affordable = self.afford_suggestion(s.steps.len() + s.tables.len() + s.outcomes.len());
            let candidates: Vec<&str> = s
                .steps
                .iter()
                .map(|(i, _)| i)
                .chain(s.tables.iter().map(|(i, _)| i))
                .chain(s.outcomes.iter().map(|(i, _)| i))
                .map(|i| i.value.as_str())
                .take(if affordable { usize::MAX } else { 0 })
                .collect();
            self.unknown("step, table or outcome", id, affordable.then_some(&candidates));
        }
        found
    }

    /// Reports an id that names nothing of its kind, with a did-you-mean among `candidates`,
    /// or with none when the budget for suggestions is spent (`None`).
    fn unknown(&mut self, kind: &str, id: &Sp<String>, candidates: Option<&[&str]>) {
        self.diagnostics.push(Diagnostic::unknown_reference_within(kind, &id.value, id.span, candidates));
    }

    /// Whether a did-you-mean among `candidates` ids is within the budget, which it then
    /// spends: each suggestion compares the unknown id with every candidate, so thousands of
    /// unknown ids among thousands of ids would take minutes.
    fn afford_suggestion(&mut self, candidates: usize) -> bool {
        match self.suggestions_left.checked_sub(candidates) {
            Some(left) => {
                self.suggestions_left = left;
                true
            }
            None => false,
        }
    }

    fn next(&mut self, next: &Sp<syn::Next>, env: &Env, inherited: &Citation) -> Vec<model::Branch> {
        match &next.value {
            syn::Next::Goto(id) => {
                let to = self.node_ref(&Sp::new(id.clone(), next.span));
                to.map(|to| model::Branch {
                    when: None,
                    to,
                    citation: inherited.clone(),
                    span: next.span,
                    label: String::new(),
                    reads: Vec::new(),
                    lets: Vec::new(),
                    valid: model::Validity::default(),
                })
                .into_iter()
                .collect()
            }
            syn::Next::Table(t) => {
                let to = self.node_ref(&t.table);
                if to.is_some() && !self.surface.tables.iter().any(|(i, _)| i.value == t.table.value) {
                    self.diagnostics.push(
                        Diagnostic::error(
                            Code::CheckUnknownReference,
                            format!("`{}` is not a table", t.table.value),
                            t.table.span,
                            "not a table",
                        )
                        .with_help(format!("to go to a step or an outcome, write `next: {}`", t.table.value)),
                    );
                    return Vec::new();
                }
                to.map(|to| model::Branch {
                    when: None,
                    to,
                    citation: inherited.clone(),
                    span: t.table.span,
                    label: String::new(),
                    reads: Vec::new(),
                    lets: Vec::new(),
                    valid: model::Validity::default(),
                })
                .into_iter()
                .collect()
            }
            syn::Next::Branches(branches) => {
                let mut out = Vec::new();
                let count = branches.len();
                let mut rules: Vec<(&str, model::Validity, Span)> = Vec::new();
                for (i, b) in branches.iter().enumerate() {
                    let citation = self.cite(&b.sources, b.verification.as_ref(), inherited);
                    let valid = self.validity(b.valid_from.as_ref(), b.valid_until.as_ref());
                    match (&b.when, &b.to, &b.otherwise) {
                        (Some(when), Some(to), None) => {
                            rules.push((when.value.trim(), valid, b.span.to(to.span)));
                            let guard = self.exprs().compile(when, env, Some(&Type::Bool), "a branch's `when`");
                            // A mapping's span is a point at its start: extend it to the target.
                            let span = b.span.to(to.span);
                            if let (Some(guard), Some(to)) = (guard, self.node_ref(to)) {
                                out.push(model::Branch {
                                    when: Some(guard),
                                    to,
                                    citation,
                                    span,
                                    label: when.value.trim().to_owned(),
                                    reads: Vec::new(),
                                    lets: Vec::new(),
                                    valid,
                                });
                            }
                        }
                        (None, None, Some(otherwise)) if i + 1 == count => {
                            if let Some(dated) = b.valid_from.as_ref().or(b.valid_until.as_ref()) {
                                self.diagnostics.push(
                                    Diagnostic::error(
                                        Code::CheckInvalidValidity,
                                        "`otherwise` is always in force",
                                        dated.span,
                                        "a date on `otherwise`",
                                    )
                                    .with_help("date the branches before it; `otherwise` catches every case they leave, on every date"),
                                );
                            }
                            if let Some(to) = self.node_ref(otherwise) {
                                out.push(model::Branch {
                                    when: None,
                                    to,
                                    citation,
                                    span: b.span.to(otherwise.span),
                                    label: "otherwise".into(),
                                    reads: Vec::new(),
                                    lets: Vec::new(),
                                    valid: model::Validity::default(),
                                });
                            }
                        }
                        (None, None, Some(_)) => self.diagnostics.push(
                            Diagnostic::error(
                                Code::CheckInvalidBranch,
                                "`otherwise` must be the last branch",
                                b.span,
                                "not last",
                            )
                            .with_help(
                                "branches are tried in order; the branches after `otherwise` could never be taken",
                            ),
                        ),
                        _ => {
                            // `when: !abroad` is a YAML tag, not a condition: the key looks empty.
                            let raw = self.text.get(b.span.range()).unwrap_or("");
                            let tagged =
                                raw.split("when:").nth(1).is_some_and(|rest| rest.trim_start().starts_with('!'));
                            let help = if tagged {
                                "YAML reads a value starting with `!` as a tag: quote the condition, e.g. `when: '!abroad'`"
                            } else {
                                "write `- when: <condition>` with `to: <node>`, and end with `- otherwise: <node>`"
                            };
                            self.diagnostics.push(
                                Diagnostic::error(
                                    Code::CheckInvalidBranch,
                                    "a branch is either `when` with `to`, or `otherwise` alone",
                                    b.span,
                                    "this branch",
                                )
                                .with_help(help),
                            );
                        }
                    }
                }
                self.check_rules("branch", &rules);
                if branches.is_empty() {
                    self.diagnostics.push(Diagnostic::error(
                        Code::CheckInvalidBranch,
                        "a branch list needs at least one branch",
                        next.span,
                        "empty",
                    ));
                }
                out
            }
        }
    }

    fn table(&mut self, table: &syn::Table, env: &Env) -> model::Table {
        let citation = self.cite(&table.sources, table.verification.as_ref(), &Citation::default());
        let mut column_types = Vec::new();
        let columns: Vec<procedure_expr::Program> = table
            .inputs
            .iter()
            .filter_map(|c| {
                let p = self.exprs().compile(c, env, None, "a table column");
                if let Some(p) = &p {
                    column_types.push(p.result_type().clone());
                }
                p
            })
            .collect();
        let complete = columns.len() == table.inputs.len();
        let collect = table.hit.value == syn::HitPolicy::Collect;
        let mut rows = Vec::new();
        for row in &table.rows {
            if row.when.len() != table.inputs.len() {
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::CheckTableShape,
                        format!(
                            "this row has {} but the table has {}",
                            count(row.when.len(), "cell"),
                            count(table.inputs.len(), "input column")
                        ),
                        row_span(row),
                        "wrong number of cells",
                    )
                    .with_help("write one cell per input column; `-` matches any value"),
                );
                continue;
            }
            let row_citation = self.cite(&row.sources, row.verification.as_ref(), &citation);
            let cells: Vec<Option<model::CellTest>> = if complete {
                row.when.iter().zip(&column_types).map(|(cell, ty)| self.cell(cell, ty, env)).collect()
            } else {
                Vec::new()
            };
            let to = match (&row.to, collect) {
                (Some(to), false) => self.node_ref(to),
                (None, false) => {
                    self.diagnostics.push(
                        Diagnostic::error(
                            Code::CheckTableShape,
                            "a row of a `unique` or `first` table needs `to`",
                            row_span(row),
                            "no `to`",
                        )
                        .with_help("say where the row leads: `to: <step, table or outcome>`"),
                    );
                    None
                }
                (Some(to), true) => {
                    self.diagnostics.push(
                        Diagnostic::error(
                            Code::CheckTableShape,
                            "a row of a `collect` table has no `to`",
                            to.span,
                            "not allowed",
                        )
                        .with_help("a `collect` table gathers documents and warnings, then goes to the table's `next`"),
                    );
                    None
                }
                (None, true) => None,
            };
            if !collect && (!row.bring.is_empty() || !row.warnings.is_empty()) {
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::CheckTableShape,
                        "only the rows of a `collect` table bring documents or warnings",
                        row_span(row),
                        "here",
                    )
                    .with_help("give the documents and warnings to the step the row leads to"),
                );
            }
            let bring = self.doc_refs(&row.bring, env, &row_citation);
            let warnings = self.warnings(&row.warnings, env, &row_citation);
            if cells.iter().all(Option::is_some) && complete {
                rows.push(model::Row {
                    cells: cells.into_iter().flatten().collect(),
                    to,
                    bring,
                    warnings,
                    citation: row_citation,
                    span: row_span(row),
                    label: row_label(&table.inputs, &row.when),
                    reads: Vec::new(),
                    lets: Vec::new(),
                });
            }
        }
        let otherwise = match (collect, &table.default, &table.next) {
            (false, Some(d), None) => self.node_ref(d),
            (true, None, Some(n)) => self.node_ref(n),
            (false, None, None) => None,
            (true, None, None) => {
                let span = table.hit.span;
                self.diagnostics.push(
                    Diagnostic::error(Code::CheckDeadEnd, "a `collect` table needs `next`", span, "collect table")
                        .with_help("say where to go after collecting: `next: <step or outcome>`"),
                );
                None
            }
            (false, _, Some(n)) => {
                self.diagnostics.push(Diagnostic::error(
                    Code::CheckTableShape,
                    "only a `collect` table has `next`; use `default`",
                    n.span,
                    "not allowed",
                ));
                None
            }
            (true, Some(d), _) => {
                self.diagnostics.push(Diagnostic::error(
                    Code::CheckTableShape,
                    "a `collect` table has no `default`; use `next`",
                    d.span,
                    "not allowed",
                ));
                None
            }
        };
        model::Table {
            title: table.title.as_ref().map(|t| self.text_of(t)),
            hit: table.hit.value,
            columns,
            rows,
            otherwise,
            exclusive: false,
            citation,
        }
    }

    fn cell(&mut self, cell: &Sp<syn::Cell>, ty: &Type, env: &Env) -> Option<model::CellTest> {
        use procedure_expr::{BinaryOp, Value};
        let constant = |v: Value| procedure_expr::compile(&v.to_string(), 0, &Env::new(), &Limits::DEFAULT).ok();
        match &cell.value {
            syn::Cell::Any(cells) => {
                let tests: Vec<Option<model::CellTest>> = cells.iter().map(|c| self.cell(c, ty, env)).collect();
                tests.into_iter().collect::<Option<Vec<_>>>().map(model::CellTest::AnyOf)
            }
            syn::Cell::Int(i) => self.cell_operand(cell, ty, constant(Value::Int(*i)), BinaryOp::Eq),
            syn::Cell::Bool(b) => self.cell_operand(cell, ty, constant(Value::Bool(*b)), BinaryOp::Eq),
            syn::Cell::Text(text) => {
                let trimmed = text.trim();
                if trimmed == "-" {
                    return Some(model::CellTest::Any);
                }
                // An enum or string column takes bare words as values: `lost` means "lost".
                if ty.is_stringy() && procedure_expr::is_identifier(trimmed) {
                    if let Type::Enum(e) = ty
                        && !e.contains(trimmed)
                    {
                        let help = did_you_mean(trimmed, e.values()).map(|v| format!("did you mean `{v}`?"));
                        let mut d = Diagnostic::error(
                            Code::ExprUnknownEnumValue,
                            format!("`{trimmed}` is not a value of this column"),
                            cell.span,
                            format!(
                                "not one of {}",
                                e.values().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ")
                            ),
                        );
                        d.help = help;
                        self.diagnostics.push(d);
                        return None;
                    }
                    return self.cell_operand(cell, ty, constant(Value::string(trimmed)), BinaryOp::Eq);
                }
                let ops = [
                    ("<=", BinaryOp::Le),
                    (">=", BinaryOp::Ge),
                    ("!=", BinaryOp::Ne),
                    ("==", BinaryOp::Eq),
                    ("<", BinaryOp::Lt),
                    (">", BinaryOp::Gt),
                ];
                let (op, rest_offset) = ops
                    .iter()
                    .find(|(sym, _)| trimmed.starts_with(sym))
                    .map_or((BinaryOp::Eq, 0), |(sym, op)| (*op, sym.len()));
                // Compile the operand in place, so that its errors point into the cell.
                let lead = text.len() - text.trim_start().len() + rest_offset;
                let raw = self.text.get(cell.span.range()).unwrap_or("");
                let quote = usize::from(raw.starts_with(['"', '\'']));
                let operand_text = text.get(lead..).unwrap_or("").to_owned();
                let offset = u32::try_from(lead + quote).unwrap_or(0);
                let operand_span = procedure_expr::Span::new(
                    cell.span.start.saturating_add(offset),
                    cell.span.end.saturating_sub(u32::try_from(quote).unwrap_or(0)),
                );
                let operand = self.exprs().compile(&Sp::new(operand_text, operand_span), env, None, "a cell");
                self.cell_operand(cell, ty, operand, op)
            }
        }
    }

    fn cell_operand(
        &mut self,
        cell: &Sp<syn::Cell>,
        ty: &Type,
        operand: Option<procedure_expr::Program>,
        op: procedure_expr::BinaryOp,
    ) -> Option<model::CellTest> {
        let operand = operand?;
        let ot = operand.result_type();
        let ok = if op == procedure_expr::BinaryOp::Eq || op == procedure_expr::BinaryOp::Ne {
            ty.is_compatible(ot)
        } else {
            ty.is_compatible(ot) && matches!(ty, Type::Int | Type::Date | Type::Duration | Type::String | Type::Dyn)
        };
        if !ok {
            self.diagnostics.push(
                Diagnostic::error(
                    Code::CheckWrongType,
                    format!("this cell tests a {ty} column with {ot}"),
                    cell.span,
                    format!("{ot} against {ty}"),
                )
                .with_help(
                    "a cell is `-`, a value of the column's type, a comparison such as `>= 16`, or a list of those",
                ),
            );
            return None;
        }
        Some(model::CellTest::Compare(op, operand))
    }

    /// Resolves cited sources and the verification tag; parts inherit their step's citation.
    fn cite(
        &mut self,
        sources: &[Sp<String>],
        verification: Option<&Sp<Verification>>,
        inherited: &Citation,
    ) -> Citation {
        let mut resolved = Vec::new();
        for id in sources {
            match self.sources.get(&id.value) {
                Some(i) => {
                    self.sources.used.insert(i);
                    resolved.push(i);
                }
                None => {
                    let mut candidates: Vec<String> = Vec::new();
                    let affordable = self.afford_suggestion(self.sources.index.len());
                    if affordable {
                        candidates = self.sources.index.keys().cloned().collect();
                        candidates.sort();
                    }
                    let candidates: Vec<&str> = candidates.iter().map(String::as_str).collect();
                    self.unknown("source", id, affordable.then_some(&candidates));
                }
            }
        }
        if resolved.is_empty() && verification.is_none() {
            return inherited.clone();
        }
        // A part that only states its own tag still rests on its step's sources.
        if resolved.is_empty() {
            resolved.clone_from(&inherited.sources);
        }
        // Without an explicit tag, a rule is as sure as the least sure of its sources.
        let from_sources =
            resolved.iter().filter_map(|&i| self.source_tags.get(i).copied().flatten()).max_by_key(|v| strength(*v));
        Citation {
            sources: resolved,
            verification: verification.map(|v| v.value).or(from_sources).or(inherited.verification),
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

    fn unused(&mut self, procedure: &Procedure) {
        let s = self.surface;
        let mut read = procedure_expr::SlotSet::new();
        let programs = analysis::all_programs(procedure);
        for p in &programs {
            read.union_with(p.reads());
        }
        for l in &procedure.lets {
            read.union_with(l.program.reads());
        }
        for input in &procedure.inputs {
            if !read.contains(input.slot) {
                self.diagnostics.push(
                    Diagnostic::warning(
                        Code::CheckUnusedInput,
                        format!("input `{}` is never read", input.id),
                        input.span,
                        "declared here",
                    )
                    .with_help(
                        "use it in a condition, or remove it: a question that changes nothing wastes the reader's time",
                    ),
                );
            }
        }
        for (i, (id, _)) in s.documents.iter().enumerate() {
            if !self.documents.used.contains(&i) {
                self.diagnostics.push(
                    Diagnostic::warning(
                        Code::CheckUnusedDocument,
                        format!("document `{}` is never asked for", id.value),
                        id.span,
                        "declared here",
                    )
                    .with_help("ask for it in a step's `obtain` or `bring`, or remove it"),
                );
            }
        }
        for (i, (id, _)) in s.sources.iter().enumerate() {
            if !self.sources.used.contains(&i) {
                self.diagnostics.push(
                    Diagnostic::warning(
                        Code::CheckUnusedSource,
                        format!("source `{}` is never cited", id.value),
                        id.span,
                        "declared here",
                    )
                    .with_help("cite it from the rules it backs with `sources: [...]`, or remove it"),
                );
            }
        }
        analysis::missing_sources(procedure, s, self.diagnostics);
    }
}

/// A row's tests in words: `cause = lost, age >= 16`; `-` cells are left out.
fn row_label(columns: &[Sp<String>], cells: &[Sp<syn::Cell>]) -> String {
    fn cell_text(cell: &syn::Cell) -> String {
        match cell {
            syn::Cell::Text(t) => t.trim().to_owned(),
            syn::Cell::Int(i) => i.to_string(),
            syn::Cell::Bool(b) => b.to_string(),
            syn::Cell::Any(cells) => format!("[{}]", cells.iter().map(|c| cell_text(c)).collect::<Vec<_>>().join(", ")),
        }
    }
    let parts: Vec<String> = columns
        .iter()
        .zip(cells)
        .filter_map(|(column, cell)| {
            let text = cell_text(cell);
            let column = column.value.trim();
            match (&cell.value, text.as_str()) {
                (_, "-") => None,
                (syn::Cell::Any(_), _) => Some(format!("{column} in {text}")),
                (_, t) if t.starts_with(['<', '>', '=', '!']) => Some(format!("{column} {t}")),
                _ => Some(format!("{column} = {text}")),
            }
        })
        .collect();
    if parts.is_empty() { "any".into() } else { parts.join(", ") }
}

fn count(n: usize, what: &str) -> String {
    if n == 1 { format!("1 {what}") } else { format!("{n} {what}s") }
}

/// A row's extent: a flow mapping's own span is a point at its `{`.
fn row_span(row: &Sp<syn::Row>) -> Span {
    let mut span = row.span;
    for cell in &row.when {
        span = span.to(cell.span);
    }
    if let Some(to) = &row.to {
        span = span.to(to.span);
    }
    span
}

fn simple_type(ty: syn::InputType) -> Type {
    match ty {
        syn::InputType::Bool => Type::Bool,
        syn::InputType::Int => Type::Int,
        syn::InputType::String | syn::InputType::Enum => Type::String,
        syn::InputType::Date => Type::Date,
    }
}

/// Higher is less sure.
fn strength(v: Verification) -> u8 {
    match v {
        Verification::Verified => 0,
        Verification::Secondary => 1,
        Verification::Inferred => 2,
        Verification::Unverified => 3,
    }
}

/// The largest fee a procedure may state. Far above any administrative fee, and small enough
/// that the total of every fee a file can hold never overflows.
const MAX_FEE: i64 = 1_000_000_000_000;

fn is_currency(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// Every variable name an expression mentions.
fn collect_idents(e: &procedure_expr::Expr, out: &mut Vec<String>) {
    use procedure_expr::ExprKind as K;
    match &e.kind {
        K::Ident(n) => out.push(n.clone()),
        K::List(items) => items.iter().for_each(|i| collect_idents(i, out)),
        K::Unary { operand, .. } => collect_idents(operand, out),
        K::Binary { lhs, rhs, .. } => {
            collect_idents(lhs, out);
            collect_idents(rhs, out);
        }
        K::Conditional { cond, then, otherwise } => {
            collect_idents(cond, out);
            collect_idents(then, out);
            collect_idents(otherwise, out);
        }
        K::Index { target, index } => {
            collect_idents(target, out);
            collect_idents(index, out);
        }
        K::Call { target, args, .. } => {
            target.iter().for_each(|t| collect_idents(t, out));
            args.iter().for_each(|a| collect_idents(a, out));
        }
        K::Field { target, .. } => collect_idents(target, out),
        K::Null | K::Bool(_) | K::Int(_) | K::String(_) => {}
    }
}

/// An input or a derived value named `today`, which every procedure has already.
fn today_declared(span: Span) -> Diagnostic {
    Diagnostic::error(Code::CheckReservedName, "`today` is built in and cannot be declared", span, "declared here")
        .with_help("`today` is always available: the date of evaluation, given by the caller")
}
