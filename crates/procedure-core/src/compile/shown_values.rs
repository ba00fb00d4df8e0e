//! The values texts show: each placeholder names an input or a derived value of a type a
//! reader can be shown.

use procedure_expr::{Env, Span, Type, did_you_mean};

use super::Compiler;
use crate::Code;
use crate::diagnostic::Diagnostic;

impl Compiler<'_> {
    /// Checks the placeholders the texts recorded, once every name is declared.
    pub(super) fn check_shown_values(&mut self, env: &Env) {
        for (name, span) in self.shown.clone() {
            match env.lookup(&name) {
                None => {
                    let known = env.names().filter(|n| *n != "today");
                    let help = match did_you_mean(&name, known) {
                        Some(s) => format!("did you mean `{{{s}}}`?"),
                        None => "a placeholder names an input or a derived value; write `{{` for a brace".to_owned(),
                    };
                    self.diagnostics.push(
                        Diagnostic::error(
                            Code::CheckInvalidPlaceholder,
                            format!("no input or derived value `{name}` to show"),
                            span,
                            "in this text",
                        )
                        .with_help(help),
                    );
                }
                Some((_, ty)) if !shown(ty) => self.diagnostics.push(
                    Diagnostic::error(
                        Code::CheckInvalidPlaceholder,
                        format!("`{{{name}}}` is {ty}, which a text cannot show"),
                        span,
                        "in this text",
                    )
                    .with_help("a text shows a date, an int, a string, a bool or an enum value"),
                ),
                Some(_) => {}
            }
        }
    }

    /// Records the placeholders of a text checked at `span`, to be resolved once the
    /// environment is complete (questions are checked before derived values are declared).
    pub(super) fn record_shown(&mut self, names: &[String], span: Span) {
        self.shown.extend(names.iter().map(|n| (n.clone(), span)));
    }
}

/// Whether a value of this type reads well in a text.
fn shown(ty: &Type) -> bool {
    matches!(ty, Type::Date | Type::Int | Type::String | Type::Bool | Type::Enum(_))
}
