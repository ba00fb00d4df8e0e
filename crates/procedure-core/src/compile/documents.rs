//! Documents: those the procedure declares, and the requirements of a step's or a row's
//! `obtain` and `bring`.

use procedure_expr::{Env, Span};
use procedure_syntax as syn;
use procedure_syntax::Sp;

use super::Compiler;
use crate::model::{self, Citation};

impl Compiler<'_> {
    /// The documents the procedure declares, then the imported ones.
    pub(super) fn documents(&mut self) -> Vec<model::Document> {
        let mut documents: Vec<model::Document> = self
            .surface
            .documents
            .iter()
            .map(|(id, d)| model::Document {
                id: id.value.clone(),
                title: self.text_of(&d.title),
                details: d.details.as_ref().map(|t| self.text_of(t)),
                citation: self.cite(&d.sources, d.verification.as_ref(), &Citation::default()),
            })
            .collect();
        documents.extend(self.imported_documents());
        documents
    }

    /// A list of document requirements; the dated versions of one requirement (the same
    /// document under the same `when`) must not overlap.
    pub(super) fn doc_refs(
        &mut self,
        list: &[Sp<syn::DocRef>],
        env: &Env,
        inherited: &Citation,
    ) -> Vec<model::DocRequirement> {
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
}
