//! The graph's nodes: steps with what they carry (deadlines, fees and warnings, each with its
//! dated versions), and outcomes.

use std::collections::HashSet;

use procedure_expr::{Env, Type, did_you_mean};
use procedure_syntax as syn;
use procedure_syntax::Sp;

use super::Compiler;
use crate::Code;
use crate::calendar::{self, Calendar};
use crate::diagnostic::Diagnostic;
use crate::model::{self, Citation};

impl Compiler<'_> {
    /// The graph's nodes: steps, then tables, then outcomes, in file order.
    pub(super) fn nodes(&mut self, env: &Env) -> Vec<model::Node> {
        let s = self.surface;
        self.shared_fees(env);
        let mut nodes = Vec::new();
        for (id, step) in &s.steps {
            let kind = model::NodeKind::Step(Box::new(self.step(step, env)));
            nodes.push(model::Node { id: id.value.clone(), kind, span: id.span });
        }
        self.unused_fees();
        for (id, table) in &s.tables {
            let kind = model::NodeKind::Table(Box::new(self.table(table, env)));
            nodes.push(model::Node { id: id.value.clone(), kind, span: id.span });
        }
        for (id, outcome) in &s.outcomes {
            let kind = model::NodeKind::Outcome(Box::new(self.outcome(outcome)));
            nodes.push(model::Node { id: id.value.clone(), kind, span: id.span });
        }
        nodes
    }

    fn outcome(&mut self, outcome: &syn::Outcome) -> model::Outcome {
        let citation = self.cite(&outcome.sources, outcome.verification.as_ref(), &Citation::default());
        model::Outcome {
            title: self.text_of(&outcome.title),
            kind: outcome.kind.value,
            description: outcome.description.as_ref().map(|t| self.text_of(t)),
            place: outcome.place.as_ref().map(|t| self.text_of(t)),
            citation,
        }
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
                periods.push((valid, span.to(f.amount.as_ref().map_or(f.currency.span, |a| a.span))));
                if let Some(fee) = self.fee(id, f, valid, env, &citation) {
                    fees.push(fee);
                }
            }
            self.check_versions("fee", id, &periods);
        }
        for id in &step.pay {
            match self.shared_fees.iter().find(|(shared, _)| *shared == id.value) {
                Some((_, versions)) => fees.extend(versions.iter().cloned()),
                None => {
                    let candidates: Vec<&str> = self.surface.fees.iter().map(|(f, _)| f.value.as_str()).collect();
                    self.diagnostics.push(Diagnostic::unknown_reference("fee", &id.value, id.span, &candidates));
                }
            }
        }
        let warnings = self.warnings(&step.warnings, env, &citation);
        let next = self.next(&step.next, env, &citation);
        let valid = self.validity(step.valid_from.as_ref(), step.valid_until.as_ref());
        let call = step.call.as_ref().and_then(|c| self.call(c, env));
        let (details, details_when) = match &step.details {
            Some(d) => self.varying_text(d, env),
            None => (None, Vec::new()),
        };
        model::Step {
            valid,
            call,
            title: self.text_of(&step.title),
            details,
            details_when,
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

    pub(super) fn warnings(
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
        let opens = d.opens.as_ref().map(|o| self.exprs().compile(o, env, Some(&Type::Date), "a deadline's `opens`"));
        let opens_when = self.guard(d.opens_when.as_ref(), env);
        if let (None, Some(w)) = (&d.opens, &d.opens_when) {
            self.diagnostics.push(
                Diagnostic::error(Code::CheckInvalidDeadline, "`opens_when` needs `opens`", w.span, "no `opens`")
                    .with_help("give the window's first day, e.g. `opens: add_months(expiry_date, -3)`"),
            );
        }
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
            opens: match opens {
                Some(program) => Some(program?),
                None => None,
            },
            opens_when: opens_when.flatten(),
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
        let amount = self.amount(f, env);
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
            amount: amount?,
            currency: f.currency.value.clone(),
            when: when?,
            when_paid: f.when_paid.as_ref().map(|t| self.text_of(t)),
            note: f.note.as_ref().map(|t| self.text_of(t)),
            citation: self.cite(&f.sources, f.verification.as_ref(), inherited),
            valid,
        })
    }

    /// A fee defined at the top that no step pays is a rule that never reaches a reader.
    fn unused_fees(&mut self) {
        let s = self.surface;
        let paid: HashSet<&str> =
            s.steps.iter().flat_map(|(_, step)| step.pay.iter().map(|p| p.value.as_str())).collect();
        // A `pay` naming no fee is reported with a did-you-mean: the fee it meant is not unused.
        if paid.iter().any(|p| !s.fees.iter().any(|(id, _)| id.value == *p)) {
            return;
        }
        for (id, _) in s.fees.iter().filter(|(id, _)| !paid.contains(id.value.as_str())) {
            self.diagnostics.push(
                Diagnostic::warning(
                    Code::CheckUnusedFee,
                    format!("fee `{}` is paid by no step", id.value),
                    id.span,
                    "declared here",
                )
                .with_help("name it in a step's `pay`, or remove it"),
            );
        }
    }

    /// The fees defined once at the top of the file, compiled once for every step that names
    /// them in `pay`; they cite their own sources.
    fn shared_fees(&mut self, env: &Env) {
        for (id, versions) in &self.surface.fees {
            self.item("fee", id);
            let mut periods = Vec::new();
            let mut compiled = Vec::new();
            for (f, span) in versions.value.each(versions.span) {
                let valid = self.validity(f.valid_from.as_ref(), f.valid_until.as_ref());
                periods.push((valid, span.to(f.amount.as_ref().map_or(f.currency.span, |a| a.span))));
                compiled.extend(self.fee(id, f, valid, env, &Citation::default()));
            }
            self.check_versions("fee", id, &periods);
            self.shared_fees.push((id.value.clone(), compiled));
        }
    }

    /// A fee's amount, checked: of type int, and every value it can take at least 0 and at
    /// most [`MAX_FEE`]. An absent amount is set by the office, and the fee must say so in a
    /// `note`, so that the reader knows what to ask.
    fn amount(&mut self, f: &syn::Fee, env: &Env) -> Option<model::FeeAmount> {
        let Some(amount) = &f.amount else {
            if f.note.is_none() {
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::CheckInvalidFee,
                        "a fee without an amount has no `note`",
                        f.currency.span,
                        "this fee's amount is set by the office",
                    )
                    .with_help("say in a `note` what the reader should ask the office, e.g. whether it may be waived; or give the `amount`"),
                );
            }
            return Some(model::FeeAmount::ByOffice);
        };
        let (program, range) = match &amount.value {
            syn::Amount::Int(n) => (None, Some((i128::from(*n), i128::from(*n)))),
            syn::Amount::Expr(text) => {
                let scalar = Sp::new(text.clone(), amount.span);
                let program = self.exprs().compile(&scalar, env, Some(&Type::Int), "an amount")?;
                let range = procedure_expr::parse(text, 0, &self.options.limits)
                    .ok()
                    .and_then(|tree| super::amounts::range(&tree, self.surface, &self.options.limits));
                (Some(program), range)
            }
        };
        // A constant is told as before; an expression with the range it can take.
        let constant = matches!(amount.value, syn::Amount::Int(_));
        let (message, label, help) = match range {
            None => (
                "the amount has no bound".to_owned(),
                "it may be any number: an input it reads has no `min` or `max`, or an operation is not bounded"
                    .to_owned(),
                "give the int inputs the amount reads a `min` and a `max`, and use `+`, `-`, `*` and `? :`",
            ),
            Some((lo, _)) if lo < 0 => (
                "a fee cannot be negative".to_owned(),
                if constant { "negative".to_owned() } else { format!("may be as low as {lo}") },
                "write the amount the person pays; a fee that is not charged is `amount: 0`",
            ),
            Some((_, hi)) if hi > i128::from(MAX_FEE) => (
                format!("a fee above {MAX_FEE} is not plausible"),
                if constant { "too large".to_owned() } else { format!("may be as high as {hi}") },
                "write the amount in the currency's smallest common unit, e.g. `amount: 4000` for 4,000 yen",
            ),
            Some(_) => {
                return Some(match (program, &amount.value) {
                    (Some(p), _) => model::FeeAmount::Computed(p),
                    (None, syn::Amount::Int(n)) => model::FeeAmount::Fixed(*n),
                    (None, syn::Amount::Expr(_)) => return None,
                });
            }
        };
        self.diagnostics.push(Diagnostic::error(Code::CheckInvalidFee, message, amount.span, label).with_help(help));
        None
    }

    /// A `when`: `Some(None)` when absent, `Some(Some(program))` when it compiles.
    pub(super) fn guard(&mut self, when: Option<&Sp<String>>, env: &Env) -> Option<Option<procedure_expr::Program>> {
        match when {
            None => Some(None),
            Some(w) => self.exprs().compile(w, env, Some(&Type::Bool), "`when`").map(Some),
        }
    }

    fn calendar(&mut self, name: &Sp<String>) -> Option<&'static Calendar> {
        if let Some(calendar) = calendar::by_name(&name.value) {
            return Some(calendar);
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
}

/// The largest fee a procedure may state. Far above any administrative fee, and small enough
/// that the total of every fee a file can hold never overflows.
const MAX_FEE: i64 = 1_000_000_000_000;

fn is_currency(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use crate::model::NodeKind;
    use crate::{CompileOptions, compile};

    #[test]
    fn a_deadline_holds_its_calendar_resolved() {
        let text = "id: demo\nversion: '1'\ntitle: Demo\nlanguages: [en]\ntime_zone: Asia/Tokyo\nstart: go\nsteps:\n  go:\n    title: Go\n    deadlines:\n      file: {title: File, date: 'today + days(14)', calendar: jp_admin}\n    next: done\noutcomes:\n  done: {title: Done, kind: done}\n";
        let compiled = compile(text, &CompileOptions::DEFAULT);
        assert!(compiled.procedure.is_some(), "{:?}", compiled.diagnostics);
        let procedure = compiled.procedure.unwrap();
        let NodeKind::Step(step) = &procedure.nodes[0].kind else { panic!("a step") };
        assert_eq!(step.deadlines[0].calendar.map(|c| c.name()), Some("jp_admin"));
    }
}
