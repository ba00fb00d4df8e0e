//! The surface of a shared catalogue (`procedures/common/`): documents and sources that
//! procedures import.

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
    /// Sources, by id.
    #[serde(default)]
    pub sources: Entries<Source>,
    /// Documents, by id.
    #[serde(default)]
    pub documents: Entries<Document>,
}
