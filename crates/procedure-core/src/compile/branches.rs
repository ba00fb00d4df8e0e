//! Where a step goes next: one node, a table, or guarded branches ending in `otherwise`.

use procedure_expr::{Env, Span, Type};
use procedure_syntax as syn;
use procedure_syntax::Sp;

use super::Compiler;
use crate::Code;
use crate::diagnostic::Diagnostic;
use crate::model::{self, Citation};

impl Compiler<'_> {
    pub(super) fn next(&mut self, next: &Sp<syn::Next>, env: &Env, inherited: &Citation) -> Vec<model::Branch> {
        match &next.value {
            syn::Next::Goto(id) => {
                let to = self.node_ref(&Sp::new(id.clone(), next.span));
                to.map(|to| unguarded(to, next.span, String::new(), inherited.clone())).into_iter().collect()
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
                to.map(|to| unguarded(to, t.table.span, String::new(), inherited.clone())).into_iter().collect()
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
                                out.push(unguarded(to, b.span.to(otherwise.span), "otherwise".into(), citation));
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
}

/// A branch taken whatever the facts, on every date.
fn unguarded(to: usize, span: Span, label: String, citation: Citation) -> model::Branch {
    model::Branch {
        when: None,
        to,
        citation,
        span,
        label,
        reads: Vec::new(),
        lets: Vec::new(),
        valid: model::Validity::default(),
    }
}
