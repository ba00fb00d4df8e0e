//! Sub-procedures: a step that follows another procedure file, its inputs given by the
//! caller's expressions. The callee is compiled on its own (with its own imports, relative to
//! its own directory), its sources are taken into the caller's list, and calls nest up to
//! [`MAX_CALL_DEPTH`] files, without cycles.
//!
//! A file called many times is compiled once per compile of the first file: the callee is
//! kept by its key (see [`super::Files::locate`]) and shared through its `Arc`.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::sync::Arc;

use procedure_expr::{Env, did_you_mean};
use procedure_syntax::{self as syn, Sp};

use super::imports::{Here, UNREAD_HELP, refused_path};
use super::{Compiler, compile_nested};
use crate::Code;
use crate::diagnostic::{Diagnostic, Level};
use crate::elsewhere::{Elsewhere, How};
use crate::model::{self, Procedure};

/// How many procedure files deep calls may nest below the first.
pub const MAX_CALL_DEPTH: usize = 4;

/// How many calls one procedure may make in all, through every level, counting a callee's own
/// calls at every call of it: evaluation walks a callee at each call, so without a bound a
/// few steps calling files that call files could multiply into millions. A callee is compiled
/// once however often it is called, so compilations are fewer than calls.
pub const MAX_CALLS: usize = 64;

/// What the compilation of one first file shares through every level of its calls.
#[derive(Default)]
pub(crate) struct Callees {
    /// The calls counted so far against [`MAX_CALLS`].
    calls: Cell<usize>,
    /// The callees compiled so far, by key.
    compiled: RefCell<HashMap<String, Compiled>>,
    /// Callees that failed to compile, by the chain of calls that led to them, with their
    /// first error: a failure can depend on the chain (a cycle), a success cannot.
    failed: RefCell<HashMap<Vec<String>, String>>,
}

/// A callee compiled without error, before its sources were taken into a caller's list.
struct Compiled {
    procedure: Arc<Procedure>,
    /// How many calls below the first file it was compiled at: it compiles the same at that
    /// depth or less, and may nest too deep further down.
    depth: usize,
    /// The calls it makes, through every level.
    calls: usize,
}

impl Callees {
    /// Counts `n` calls; false past the budget.
    fn count(&self, n: usize) -> bool {
        let calls = self.calls.get().saturating_add(n);
        self.calls.set(calls);
        calls <= MAX_CALLS
    }
}

/// The directory part of a relative path, with its slash: `common/` for `common/police.yaml`.
pub(crate) fn dir_of(path: &str) -> &str {
    path.rfind('/').map_or("", |i| path.get(..=i).unwrap_or(""))
}

impl Compiler<'_> {
    pub(super) fn call(&mut self, call: &Sp<syn::Call>, env: &Env) -> Option<model::Call> {
        let path = &call.value.procedure;
        let error = |message: String, help: String| {
            Diagnostic::error(Code::CheckCall, message, path.span, "this call").with_help(help)
        };
        if let Some(why) = refused_path(&path.value) {
            self.diagnostics.push(error(
                format!("cannot call `{}`: {why}", path.value),
                "write e.g. `common/police_report.yaml`".into(),
            ));
            return None;
        }
        let full = match self.context.files.locate(&self.context.file, &path.value) {
            Ok(key) => key,
            Err(why) => {
                self.diagnostics.push(error(format!("cannot read `{}`: {why}", path.value), UNREAD_HELP.into()));
                return None;
            }
        };
        if self.context.stack.contains(&full) || self.context.stack.len() >= MAX_CALL_DEPTH {
            let files = self.context.files;
            let chain: Vec<String> = self.context.stack.iter().chain([&full]).map(|k| files.name(k)).collect();
            let why =
                if self.context.stack.contains(&full) { "the calls form a cycle" } else { "the calls nest too deep" };
            self.diagnostics.push(error(
                format!("{why}: {}", chain.join(" → ")),
                format!("a procedure may call others {MAX_CALL_DEPTH} levels deep, and never itself"),
            ));
            return None;
        }
        let callee = match self.callee(&full, path) {
            Ok(c) => c,
            Err(d) => {
                self.diagnostics.push(d);
                return None;
            }
        };
        self.check_callee(call, &callee);
        let inputs = self.call_inputs(call, &callee, env)?;
        Some(model::Call { path: path.value.clone(), procedure: callee, inputs, span: call.span.to(path.span) })
    }

    /// The callee whose key is `full`, compiled, or reused
    /// when this compile has met it before, with its sources taken into this procedure's list.
    fn callee(&mut self, full: &str, path: &Sp<String>) -> Result<Arc<Procedure>, Diagnostic> {
        let error = |message: String, help: String| {
            Diagnostic::error(Code::CheckCall, message, path.span, "this call").with_help(help)
        };
        let over_budget = || {
            error(
                format!("more than {MAX_CALLS} sub-procedure calls in all"),
                "a call counts once, and again for every call its procedure makes: call fewer, or call one procedure that does more".into(),
            )
        };
        let shared = self.context.callees;
        let depth = self.context.stack.len();
        let reused = shared
            .compiled
            .borrow()
            .get(full)
            .filter(|c| depth <= c.depth)
            .map(|c| (Arc::clone(&c.procedure), c.calls));
        if let Some((procedure, calls)) = reused {
            if !shared.count(1 + calls) {
                return Err(over_budget());
            }
            if let Some(mine) = self.callees.get(full) {
                return Ok(Arc::clone(mine));
            }
            let mut callee = Procedure::clone(&procedure);
            self.take_sources(&mut callee);
            let callee = Arc::new(callee);
            self.callees.insert(full.to_owned(), Arc::clone(&callee));
            return Ok(callee);
        }
        if !shared.count(1) {
            return Err(over_budget());
        }
        let mut stack = self.context.stack.clone();
        stack.push(full.to_owned());
        let name = self.context.files.name(full);
        let failed = |first: &str| {
            error(
                format!("`{}` does not compile: {first}", path.value),
                format!("its errors are shown in `{name}`, at their places"),
            )
        };
        if let Some(first) = shared.failed.borrow().get(&stack) {
            return Err(failed(first));
        }
        let text = self
            .context
            .files
            .read(full)
            .map_err(|why| error(format!("cannot read `{}`: {why}", path.value), UNREAD_HELP.into()))?;
        let before = shared.calls.get();
        let compiled = compile_nested(&text, self.options, self.context.files, &stack, full, shared);
        let Some(procedure) = compiled.procedure else {
            let first = compiled.diagnostics.iter().find(|d| d.level == Level::Error).map(|d| d.message.clone());
            let first = first.unwrap_or_default();
            let d = failed(&first);
            shared.failed.borrow_mut().insert(stack, first);
            let here = Here { files: self.context.files, file: &self.context.file, text: self.text };
            let via = here.via(path.span, How::Call);
            let errors = compiled.diagnostics.into_iter().filter(|d| d.level == Level::Error).collect();
            self.context.elsewhere.push(Elsewhere {
                file: name.clone(),
                text,
                via: vec![via.clone()],
                diagnostics: errors,
            });
            // Their own imports' and calls' errors, reached through this call.
            for mut further in compiled.elsewhere {
                further.via.insert(0, via.clone());
                self.context.elsewhere.push(further);
            }
            return Err(d);
        };
        let calls = shared.calls.get().saturating_sub(before);
        let mut callee = procedure.clone();
        shared.compiled.borrow_mut().insert(full.to_owned(), Compiled { procedure: Arc::new(procedure), depth, calls });
        self.take_sources(&mut callee);
        let callee = Arc::new(callee);
        self.callees.insert(full.to_owned(), Arc::clone(&callee));
        Ok(callee)
    }
    /// Languages and currency: the callee's texts and fees join the caller's result.
    fn check_callee(&mut self, call: &Sp<syn::Call>, callee: &Procedure) {
        let path = &call.value.procedure;
        let what = format!("`{}`", path.value);
        self.diagnostics.extend(super::texts::missing_languages(&what, &self.languages, &callee.languages, path.span));
        let fees = callee.nodes.iter().filter_map(|n| match &n.kind {
            model::NodeKind::Step(s) => Some(s.fees.iter()),
            _ => None,
        });
        for fee in fees.flatten() {
            match &self.currency {
                Some((first, _)) if *first != fee.currency => {
                    self.diagnostics.push(
                        Diagnostic::error(
                            Code::CheckInvalidFee,
                            format!(
                                "`{}` charges fees in {}, but this procedure's fees are in {first}",
                                path.value, fee.currency
                            ),
                            path.span,
                            "another currency",
                        )
                        .with_help(
                            "fees are added up into one total, so a procedure and what it calls use one currency",
                        ),
                    );
                    return;
                }
                Some(_) => {}
                None => self.currency = Some((fee.currency.clone(), path.span)),
            }
        }
    }

    /// Takes the callee's sources into the caller's list (a source with the same id is the
    /// same source, as when both import one catalogue) and rewrites its citations.
    fn take_sources(&mut self, callee: &mut Procedure) {
        let mut map = Vec::with_capacity(callee.sources.len());
        for source in &callee.sources {
            let index = match self.sources.get(&source.id) {
                Some(i) => i,
                None => match self.callee_sources.iter().position(|s| s.id == source.id) {
                    Some(k) => self.source_count + k,
                    None => {
                        self.callee_sources.push(source.clone());
                        self.source_count + self.callee_sources.len() - 1
                    }
                },
            };
            map.push(index);
        }
        remap_sources(callee, &map);
        callee.sources.clear();
    }

    /// One expression per input of the callee, in its order, each of the input's type.
    fn call_inputs(
        &mut self,
        call: &Sp<syn::Call>,
        callee: &Procedure,
        env: &Env,
    ) -> Option<Vec<procedure_expr::Program>> {
        let given = &call.value.inputs;
        for (id, _) in given {
            if callee.input(&id.value).is_err() {
                let help = match did_you_mean(&id.value, callee.inputs.iter().map(|i| i.id.as_str())) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!(
                        "its inputs: {}",
                        callee.inputs.iter().map(|i| format!("`{}`", i.id)).collect::<Vec<_>>().join(", ")
                    ),
                };
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::CheckCall,
                        format!("`{}` has no input `{}`", call.value.procedure.value, id.value),
                        id.span,
                        "no such input",
                    )
                    .with_help(help),
                );
            }
        }
        let mut out = Vec::new();
        let mut complete = true;
        for input in &callee.inputs {
            let Some((_, expr)) = given.iter().find(|(id, _)| id.value == input.id) else {
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::CheckCall,
                        format!("the input `{}` of `{}` is not given", input.id, call.value.procedure.value),
                        call.value.procedure.span,
                        "this call",
                    )
                    .with_help(format!("add `{}: <expression>` under the call's `inputs`", input.id)),
                );
                complete = false;
                continue;
            };
            match self.exprs().compile(expr, env, Some(&input.ty), "a sub-procedure's input") {
                Some(p) => out.push(p),
                None => complete = false,
            }
        }
        complete.then_some(out)
    }
}

/// Rewrites every citation of `procedure`, and of what it calls, through `map`.
fn remap_sources(procedure: &mut Procedure, map: &[usize]) {
    for citation in procedure.citations_mut() {
        for i in &mut citation.sources {
            *i = map.get(*i).copied().unwrap_or(*i);
        }
    }
    for node in &mut procedure.nodes {
        if let model::NodeKind::Step(step) = &mut node.kind
            && let Some(call) = &mut step.call
        {
            remap_sources(Arc::make_mut(&mut call.procedure), map);
        }
    }
}
