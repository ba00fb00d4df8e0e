//! Citations: the sources a rule cites and how sure it is, inherited by its parts.

use procedure_syntax::{Sp, Verification};

use super::Compiler;
use crate::model::{self, Citation};

impl Compiler<'_> {
    /// The procedure's own sources, then the imported ones; called procedures' come later.
    pub(super) fn sources(&mut self) -> Vec<model::Source> {
        let s = self.surface;
        self.source_tags = s.sources.iter().map(|(_, src)| src.verification.as_ref().map(|v| v.value)).collect();
        // A source's note is written for readers, in every language; its quote stays in the
        // language of the source, verbatim.
        let mut sources: Vec<model::Source> = s
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
        sources.extend(self.imported_sources());
        self.source_count = sources.len();
        sources
    }

    /// Resolves cited sources and the verification tag; parts inherit their step's citation.
    pub(super) fn cite(
        &mut self,
        sources: &[Sp<String>],
        verification: Option<&Sp<Verification>>,
        inherited: &Citation,
    ) -> Citation {
        let mut resolved = Vec::new();
        for id in sources {
            resolved.extend(self.resolve_source(id));
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
}

/// Higher is less sure.
pub(super) fn strength(v: Verification) -> u8 {
    match v {
        Verification::Verified => 0,
        Verification::Secondary => 1,
        Verification::Inferred => 2,
        Verification::Unverified => 3,
    }
}
