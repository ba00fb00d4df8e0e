//! Effective dating: the periods rules are in force, and the checks that the dated versions
//! of one rule neither overlap (two versions would apply on one day) nor leave a gap (no
//! version would apply, which is more often a typo than the law).

use jiff::civil::Date;
use procedure_expr::Span;
use procedure_syntax::Sp;

use super::Compiler;
use crate::Code;
use crate::diagnostic::Diagnostic;
use crate::model::Validity;

impl Compiler<'_> {
    /// Reads `valid_from`/`valid_until`; an unreadable date is reported and left open.
    pub(super) fn validity(&mut self, from: Option<&Sp<String>>, until: Option<&Sp<String>>) -> Validity {
        let valid = Validity { from: from.and_then(|d| self.day(d)), until: until.and_then(|d| self.day(d)) };
        if let (Some(f), Some(u), Some(from), Some(until)) = (valid.from, valid.until, from, until)
            && u < f
        {
            self.diagnostics.push(
                Diagnostic::error(
                    Code::CheckInvalidValidity,
                    format!("this rule would stop being in force ({u}) before it starts ({f})"),
                    until.span,
                    "the last day in force",
                )
                .with_label(from.span, "the first day in force")
                .with_help("both days are inclusive: `valid_from` must be on or before `valid_until`"),
            );
        }
        valid
    }

    fn day(&mut self, text: &Sp<String>) -> Option<Date> {
        match procedure_expr::parse_date(&text.value) {
            Ok(d) => Some(d),
            Err(reason) => {
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::CheckInvalidValidity,
                        format!("`{}` is not a date: {}", text.value, reason.0),
                        text.span,
                        "not a date",
                    )
                    .with_help("write the day as `YYYY-MM-DD`, e.g. `valid_from: 2025-04-01`"),
                );
                None
            }
        }
    }

    /// The versions of one fee, deadline or warning, under one id.
    pub(super) fn check_versions(&mut self, kind: &str, id: &Sp<String>, versions: &[(Validity, Span)]) {
        if versions.len() > 1 {
            self.check_periods(&format!("{kind} `{}`", id.value), versions);
        }
    }

    /// Rules of one list keyed by what makes them the same rule (a branch's `when`, a
    /// document with its `when`): each key's dated versions must fit together.
    pub(super) fn check_rules(&mut self, kind: &str, rules: &[(&str, Validity, Span)]) {
        let mut seen: Vec<&str> = Vec::new();
        for (key, _, _) in rules {
            if seen.contains(key) {
                continue;
            }
            seen.push(key);
            let versions: Vec<(Validity, Span)> =
                rules.iter().filter(|(k, _, _)| k == key).map(|(_, v, s)| (*v, *s)).collect();
            if versions.len() > 1 && versions.iter().any(|(v, _)| !v.always()) {
                self.check_periods(&format!("this {kind}"), &versions);
            }
        }
    }

    fn check_periods(&mut self, what: &str, versions: &[(Validity, Span)]) {
        let mut sorted: Vec<&(Validity, Span)> = versions.iter().collect();
        sorted.sort_by_key(|(v, _)| v.from);
        for pair in sorted.windows(2) {
            let [(a, a_span), (b, b_span)] = pair else { continue };
            // `a` starts no later than `b`: they overlap unless `a` ends before `b` starts.
            let a_ends_before_b = matches!((a.until, b.from), (Some(u), Some(f)) if u < f);
            if !a_ends_before_b {
                let day = b.from.map_or_else(|| "every day".to_owned(), |f| format!("on {f}"));
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::CheckOverlappingVersions,
                        format!("two versions of {what} are in force {day}"),
                        *b_span,
                        "this version",
                    )
                    .with_label(*a_span, "overlaps this one")
                    .with_help("end the earlier version the day before the later one starts (`valid_until` and `valid_from` are both inclusive)"),
                );
            } else if let (Some(u), Some(f)) = (a.until, b.from)
                && u.tomorrow().ok() != Some(f)
            {
                self.diagnostics.push(
                    Diagnostic::warning(
                        Code::CheckValidityGap,
                        format!("no version of {what} is in force from {} to {}", next_day(u), f.yesterday().unwrap_or(f)),
                        *b_span,
                        "starts here",
                    )
                    .with_label(*a_span, "the earlier version ends here")
                    .with_help("if the rule did not apply in between, say so with a version for that period; otherwise make the dates meet"),
                );
            }
        }
    }
}

fn next_day(d: Date) -> Date {
    d.tomorrow().unwrap_or(d)
}
