//! Sub-procedures: a step that follows another procedure file, its inputs given by the
//! caller's expressions. The callee is compiled on its own (with its own imports, relative to
//! its own directory), its sources are taken into the caller's list, and calls nest up to
//! [`MAX_CALL_DEPTH`] files, without cycles.

use std::sync::Arc;

use procedure_expr::{Env, did_you_mean};
use procedure_syntax::{self as syn, Sp};

use super::imports::{Files, refused_path};
use super::{Compiler, compile_nested};
use crate::diagnostic::{Diagnostic, Level};
use crate::model::{self, Procedure};

/// How many procedure files deep calls may nest below the first.
pub const MAX_CALL_DEPTH: usize = 4;

/// How many calls one procedure may compile in all, through every level: each call compiles
/// its callee, so without a bound a few steps calling files that call files could multiply
/// into millions of compilations.
pub const MAX_CALLS: usize = 64;

/// `files` seen from a subdirectory: the callee's paths are relative to its own file.
pub(crate) struct Below<'a> {
    pub files: &'a dyn Files,
    pub dir: String,
}

impl Files for Below<'_> {
    fn read(&self, path: &str) -> Result<String, String> {
        self.files.read(&format!("{}{path}", self.dir))
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
            Diagnostic::error("procedure::check::call", message, path.span, "this call").with_help(help)
        };
        if let Some(why) = refused_path(&path.value) {
            self.diagnostics.push(error(
                format!("cannot call `{}`: {why}", path.value),
                "write e.g. `common/police_report.yaml`".into(),
            ));
            return None;
        }
        let full = format!("{}{}", self.context.dir, path.value);
        if self.context.stack.contains(&full) || self.context.stack.len() >= MAX_CALL_DEPTH {
            let chain: Vec<&str> = self.context.stack.iter().map(String::as_str).chain([full.as_str()]).collect();
            let why =
                if self.context.stack.contains(&full) { "the calls form a cycle" } else { "the calls nest too deep" };
            self.diagnostics.push(error(
                format!("{why}: {}", chain.join(" → ")),
                format!("a procedure may call others {MAX_CALL_DEPTH} levels deep, and never itself"),
            ));
            return None;
        }
        let compiled_calls = self.context.calls.get() + 1;
        self.context.calls.set(compiled_calls);
        if compiled_calls > MAX_CALLS {
            self.diagnostics.push(error(
                format!("more than {MAX_CALLS} sub-procedure calls in all"),
                "each call compiles its procedure: call fewer, or call one procedure that does more".into(),
            ));
            return None;
        }
        let text = match self.context.files.read(&path.value) {
            Ok(t) => t,
            Err(why) => {
                self.diagnostics.push(error(
                    format!("cannot read `{}`: {why}", path.value),
                    "check the path, relative to this file".into(),
                ));
                return None;
            }
        };
        let below = Below { files: self.context.files, dir: dir_of(&path.value).to_owned() };
        let mut stack = self.context.stack.clone();
        stack.push(full);
        let dir = format!("{}{}", self.context.dir, dir_of(&path.value));
        let compiled = compile_nested(&text, self.options, &below, &stack, &dir, self.context.calls);
        let Some(mut callee) = compiled.procedure else {
            let first = compiled.diagnostics.iter().find(|d| d.level == Level::Error).map(|d| d.message.clone());
            self.diagnostics.push(error(
                format!("`{}` does not compile: {}", path.value, first.unwrap_or_default()),
                format!("run `procedure check` on `{}` for every problem, with its place", path.value),
            ));
            return None;
        };
        self.check_callee(call, &callee);
        self.take_sources(&mut callee);
        let inputs = self.call_inputs(call, &callee, env)?;
        Some(model::Call {
            path: path.value.clone(),
            procedure: Arc::new(callee),
            inputs,
            span: call.span.to(path.span),
        })
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
                            "procedure::check::invalid_fee",
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
            if callee.input(&id.value).is_none() {
                let help = match did_you_mean(&id.value, callee.inputs.iter().map(|i| i.id.as_str())) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!(
                        "its inputs: {}",
                        callee.inputs.iter().map(|i| format!("`{}`", i.id)).collect::<Vec<_>>().join(", ")
                    ),
                };
                self.diagnostics.push(
                    Diagnostic::error(
                        "procedure::check::call",
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
                        "procedure::check::call",
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
