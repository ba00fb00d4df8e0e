//! Citations: the sources a rule cites and how sure it is, inherited by its parts.

use procedure_syntax::{Sp, Verification};

use super::Compiler;
use crate::model::Citation;

impl Compiler<'_> {
    /// Resolves cited sources and the verification tag; parts inherit their step's citation.
    pub(super) fn cite(
        &mut self,
        sources: &[Sp<String>],
        verification: Option<&Sp<Verification>>,
        inherited: &Citation,
    ) -> Citation {
        let mut resolved = Vec::new();
        for id in sources {
            match self.sources.get(&id.value) {
                Some(i) => {
                    self.sources.used.insert(i);
                    resolved.push(i);
                }
                None => {
                    let mut candidates: Vec<String> = Vec::new();
                    let affordable = self.afford_suggestion(self.sources.index.len());
                    if affordable {
                        candidates = self.sources.index.keys().cloned().collect();
                        candidates.sort();
                    }
                    let candidates: Vec<&str> = candidates.iter().map(String::as_str).collect();
                    self.unknown("source", id, affordable.then_some(&candidates));
                }
            }
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
