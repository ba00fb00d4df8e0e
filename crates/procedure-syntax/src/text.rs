//! User-facing texts: one string, or one string per language.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{MapAccess, Visitor, value::MapAccessDeserializer};
use serde::{Deserialize, Deserializer};

use crate::entries::Entries;
use crate::procedure::TranslationStatus;
use crate::sp::Sp;

/// A text shown to a reader: a plain string (in the procedure's first language), or a map of
/// language codes to strings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Text {
    /// One string, in the procedure's default language.
    Plain(String),
    /// One string per language, in file order.
    /// One string per language, in file order, and the translation status some of them state.
    Translated(Entries<Sp<String>>, Vec<(Sp<String>, TranslationStatus)>),
}

/// One language's version of a text: a string, or `{text, status}` to state whether this
/// translation was reviewed.
pub(crate) enum Version {
    Plain(String),
    Stated(StatedVersion),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StatedVersion {
    text: String,
    status: TranslationStatus,
}

impl<'de> Deserialize<'de> for Version {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct VersionVisitor;
        impl<'de> Visitor<'de> for VersionVisitor {
            type Value = Version;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a text, or `{text: …, status: reviewed | machine}`")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Version, E> {
                Ok(Version::Plain(s.to_owned()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Version, E> {
                Ok(Version::Plain(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Version, E> {
                Ok(Version::Plain(v.to_string()))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Version, E> {
                // An empty value is most often a text cut short: say what was expected plainly.
                Err(E::invalid_type(serde::de::Unexpected::Unit, &"a text"))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Version, A::Error> {
                StatedVersion::deserialize(MapAccessDeserializer::new(map)).map(Version::Stated)
            }
        }
        deserializer.deserialize_any(VersionVisitor)
    }
}

impl<'de> Deserialize<'de> for Text {
    // Written by hand rather than `#[serde(untagged)]`, which would buffer the value and lose
    // the spans of the language keys.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a text, or a mapping of language codes to texts")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Text, E> {
                Ok(Text::Plain(s.to_owned()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text::Plain(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text::Plain(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Text, E> {
                Err(E::custom("YAML reads this text as a number; put it in quotes"))
            }
            fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Text, E> {
                Err(E::custom("YAML reads this text as a boolean; put it in quotes"))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
                let mut texts = Vec::new();
                let mut statuses = Vec::new();
                while let Some(language) = map.next_key::<Sp<String>>()? {
                    let version: Sp<Version> = map.next_value()?;
                    push_version(&mut texts, &mut statuses, language, version);
                }
                Ok(Text::Translated(Entries(texts), statuses))
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

/// Adds one language's version to the texts and statuses a translated text is built from.
pub(crate) fn push_version(
    texts: &mut Vec<(Sp<String>, Sp<String>)>,
    statuses: &mut Vec<(Sp<String>, TranslationStatus)>,
    language: Sp<String>,
    version: Sp<Version>,
) {
    let text = match version.value {
        Version::Plain(t) => t,
        Version::Stated(v) => {
            statuses.push((language.clone(), v.status));
            v.text
        }
    };
    texts.push((language, Sp::new(text, version.span)));
}

impl JsonSchema for Text {
    fn schema_name() -> Cow<'static, str> {
        "Text".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A text: one string, or a mapping of language codes (en, vi, ja, …) to strings; a translation may state its status as `{text: …, status: reviewed | machine}`.",
            "oneOf": [
                { "type": "string" },
                { "type": "object", "additionalProperties": {
                    "oneOf": [
                        { "type": "string" },
                        { "type": "object", "properties": {
                            "text": { "type": "string" },
                            "status": { "enum": ["reviewed", "machine"] }
                        }, "required": ["text", "status"], "additionalProperties": false }
                    ]
                } }
            ]
        })
    }
}
