//! The surface of a shared catalogue (`procedures/common/`): sources, documents and the
//! glossary of official terms that procedures import.

use schemars::JsonSchema;
use serde::Deserialize;

use crate::entries::Entries;
use crate::procedure::{Document, Source};
use crate::sp::Sp;
use crate::text::Text;

/// A catalogue file.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    /// The catalogue's id.
    pub catalogue: Sp<String>,
    /// What it holds.
    #[serde(default)]
    pub title: Option<Sp<Text>>,
    /// The languages of its texts; the first is the default.
    pub languages: Sp<Vec<Sp<String>>>,
    /// The status of each translated language, e.g. `{vi: machine}`; `reviewed` if absent.
    #[serde(default)]
    pub translations: Entries<Sp<crate::procedure::TranslationStatus>>,
    /// Sources, by id.
    #[serde(default)]
    pub sources: Entries<Source>,
    /// Documents, by id.
    #[serde(default)]
    pub documents: Entries<Document>,
    /// Official terms, by id, each with its fixed rendering in every language.
    #[serde(default)]
    pub glossary: Entries<Term>,
}

/// An official term and its fixed renderings: a text naming it in one language must name it
/// in every language it is written in.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// The rendering in each language, e.g. `{ja: 在留カード, en: residence card, vi: thẻ lưu trú}`.
    pub term: Sp<Text>,
    /// Other renderings that name the term too, by language, e.g. 地方出入国在留管理官署 (the
    /// bureau with its branch offices) beside 地方出入国在留管理局.
    #[serde(default)]
    pub variants: Entries<Vec<Sp<String>>>,
    /// Renderings to avoid, by language: known mistranslations.
    #[serde(default)]
    pub avoid: Entries<Vec<Sp<String>>>,
    /// Why the rendering was chosen, or where it comes from.
    #[serde(default)]
    pub note: Option<Sp<Text>>,
}
