//! Texts in variants chosen by the situation (a step's `details`): each variant's condition
//! compiled as a guard, each variant's words checked as any text (decision 0017).

use procedure_expr::{Env, Program, Type, Value};
use procedure_syntax as syn;
use procedure_syntax::Sp;

use super::Compiler;
use crate::Code;
use crate::diagnostic::Diagnostic;
use crate::model::Text;

impl Compiler<'_> {
    /// The otherwise, and the conditional variants before it in order.
    pub(super) fn varying_text(
        &mut self,
        text: &Sp<syn::VaryingText>,
        env: &Env,
    ) -> (Option<Text>, Vec<(Program, Text)>) {
        let variants = match &text.value {
            syn::VaryingText::Fixed(t) => return (Some(self.text_of(&Sp::new(t.clone(), text.span))), Vec::new()),
            syn::VaryingText::Variants(v) => v,
        };
        if variants.is_empty() {
            self.diagnostics.push(
                Diagnostic::error(Code::CheckInvalidVariants, "a text with no variants", text.span, "empty")
                    .with_help("write the text, or its variants ending with one without `when`"),
            );
        }
        let mut otherwise = None;
        let mut conditional = Vec::new();
        let count = variants.len();
        for (i, variant) in variants.iter().enumerate() {
            // Every variant's words are checked, whatever its place: each may reach a reader.
            let words = self.text_of(&Sp::new(variant.text.clone(), variant.span));
            let last = i + 1 == count;
            match (&variant.when, last) {
                (Some(when), false) => {
                    let what = "a text variant's `when`";
                    if let Some(program) = self.exprs().compile(when, env, Some(&Type::Bool), what) {
                        // Only the cheap case: the branches' enumeration is not run for texts.
                        if program.as_constant() == Some(&Value::Bool(false)) {
                            self.diagnostics.push(
                                Diagnostic::warning(
                                    Code::CheckNeverHolds,
                                    "this variant of a text can never be shown",
                                    when.span,
                                    "always false",
                                )
                                .with_help("fix the condition or remove the variant"),
                            );
                        }
                        conditional.push((program, words));
                    }
                }
                (None, true) => otherwise = Some(words),
                (Some(when), true) => self.diagnostics.push(
                    Diagnostic::error(
                        Code::CheckInvalidVariants,
                        "the last variant of a text has a `when`",
                        when.span,
                        "the last variant",
                    )
                    .with_help("end with a variant without `when`: it is shown where no `when` before it holds"),
                ),
                (None, false) => self.diagnostics.push(
                    Diagnostic::error(
                        Code::CheckInvalidVariants,
                        "a variant without `when` before the last one",
                        variant.span,
                        "shown in every case",
                    )
                    .with_help("variants are tried in order: give this one a `when`, or make it the last"),
                ),
            }
        }
        (otherwise, conditional)
    }
}
