//! The environment: inputs with their types and bounds, `today`, derived values in dependency
//! order; and the constraints compiled against it.

use std::collections::{HashMap, HashSet};

use procedure_expr::{Env, Slot, Span, Type};
use procedure_syntax as syn;
use procedure_syntax::Sp;

use super::{Compiler, ask_cycle, enum_values, graph};
use crate::Code;
use crate::diagnostic::{Diagnostic, MAX_LABELS};
use crate::model::{self, Citation};

/// The environment every expression compiles against, and what it declares.
pub(super) struct Environment {
    pub(super) env: Env,
    pub(super) inputs: Vec<model::Input>,
    pub(super) today: Slot,
    pub(super) lets: Vec<model::Let>,
}

impl Compiler<'_> {
    /// Inputs, `today`, then derived values in dependency order; then what reads them all.
    pub(super) fn environment(&mut self) -> Environment {
        let mut env = Env::new();
        for calendar in crate::calendar::all() {
            env.add_calendar(calendar);
        }
        let mut inputs = self.inputs(&mut env);
        let today = self.today(&mut env);
        let lets = self.lets(&mut env);
        // Now every expression can be compiled against the complete environment.
        for ((_, surface), input) in self.surface.inputs.iter().zip(inputs.iter_mut()) {
            if let Some(w) = &surface.ask_when {
                input.ask_when = self.exprs().compile(w, &env, Some(&Type::Bool), "`ask_when`");
            }
            self.check_bounds(&input.id, surface, &input.ty);
        }
        ask_cycle::check(&inputs, &lets, self.diagnostics);
        Environment { env, inputs, today, lets }
    }

    fn inputs(&mut self, env: &mut Env) -> Vec<model::Input> {
        let mut inputs = Vec::new();
        for (id, input) in &self.surface.inputs {
            let ty = self.input_type(id, input);
            let slot = match env.declare(&id.value, ty.clone()) {
                Ok(slot) => slot,
                Err(e) => {
                    self.diagnostics.push(Diagnostic::error(Code::CheckInvalidName, e.to_string(), id.span, "here"));
                    Slot(u32::try_from(env.len()).unwrap_or(u32::MAX))
                }
            };
            let mut labels = Vec::new();
            let mut dated_values = Vec::new();
            for (value, v) in input.values.iter().flat_map(|v| v.value.iter()) {
                labels.push((value.value.clone(), self.text_of(&Sp::new(v.label.clone(), v.span))));
                let valid = self.validity(v.valid_from.as_ref(), v.valid_until.as_ref());
                if !valid.always() {
                    dated_values.push(model::DatedValue { value: value.value.clone(), valid, span: value.span });
                }
            }
            let enum_values = match &ty {
                Type::Enum(e) => e.values().map(procedure_expr::Value::string).collect(),
                _ => Vec::new(),
            };
            let bound = |b: &Option<Sp<syn::Bound>>| b.as_ref().and_then(|b| read_bound(&b.value, &ty));
            let (min, max) = (bound(&input.min), bound(&input.max));
            inputs.push(model::Input {
                id: id.value.clone(),
                ty,
                labels,
                dated_values,
                question: self.text_of(&input.ask),
                help: input.help.as_ref().map(|h| self.text_of(h)),
                citation: self.cite(&input.sources, None, &Citation::default()),
                ask_when: None,
                min,
                max,
                slot,
                span: id.span,
                enum_values,
            });
        }
        inputs
    }

    fn today(&mut self, env: &mut Env) -> Slot {
        match env.declare("today", Type::Date) {
            Ok(slot) => slot,
            Err(_) => {
                let s = self.surface;
                let span = s.inputs.iter().find(|(i, _)| i.value == "today").map(|(i, _)| i.span).unwrap_or_default();
                self.diagnostics.push(today_declared(span));
                Slot(0)
            }
        }
    }

    /// The constraints a situation must meet, compiled against the complete environment.
    pub(super) fn constraints(&mut self, env: &Env) -> Vec<model::Constraint> {
        self.surface
            .constraints
            .iter()
            .filter_map(|c| {
                let check = self.exprs().compile(&c.check, env, Some(&Type::Bool), "a constraint's `check`");
                let message = self.text_of(&c.message);
                let valid = self.validity(c.valid_from.as_ref(), c.valid_until.as_ref());
                check.map(|check| model::Constraint { check, message, valid })
            })
            .collect()
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
            if read_bound(&bound.value, ty).is_none() {
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
        let above = match (read_bound(&min.value, ty), read_bound(&max.value, ty)) {
            (Some(model::Bound::Int(lo)), Some(model::Bound::Int(hi))) => lo > hi,
            (Some(model::Bound::Date(lo)), Some(model::Bound::Date(hi))) => lo > hi,
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
}

/// A bound as the model holds it, parsed once; `None` for one that does not fit the input's
/// type, which `check_bounds` refuses.
fn read_bound(bound: &syn::Bound, ty: &Type) -> Option<model::Bound> {
    match (bound, ty) {
        (syn::Bound::Int(i), Type::Int) => Some(model::Bound::Int(*i)),
        (syn::Bound::Date(d), Type::Date) => procedure_expr::parse_date(d).ok().map(model::Bound::Date),
        _ => None,
    }
}

fn simple_type(ty: syn::InputType) -> Type {
    match ty {
        syn::InputType::Bool => Type::Bool,
        syn::InputType::Int => Type::Int,
        syn::InputType::String | syn::InputType::Enum => Type::String,
        syn::InputType::Date => Type::Date,
    }
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

#[cfg(test)]
mod tests {
    use crate::model::Bound;
    use crate::{CompileOptions, compile};

    #[test]
    fn bounds_are_read_once_as_the_input_type() {
        let text = "id: demo\nversion: '1'\ntitle: Demo\nlanguages: [en]\ntime_zone: Asia/Tokyo\ninputs:\n  born: {type: date, ask: Born?, min: '1900-01-01', max: '2100-12-31'}\n  age: {type: int, ask: Age?, min: 0}\nstart: done\noutcomes:\n  done: {title: Done, kind: done, description: 'born > date(\"2000-01-01\") && age > 1'}\n";
        let procedure = compile(text, &CompileOptions::DEFAULT).procedure.unwrap();
        let born = &procedure.inputs[0];
        assert_eq!(born.min, Some(Bound::Date(jiff::civil::date(1900, 1, 1))));
        assert_eq!(born.max.map(|b| b.to_string()).as_deref(), Some("2100-12-31"));
        assert_eq!(procedure.inputs[1].min, Some(Bound::Int(0)));
    }
}
