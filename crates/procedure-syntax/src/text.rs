//! User-facing texts: one string, or one string per language.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{MapAccess, Visitor, value::MapAccessDeserializer};
use serde::{Deserialize, Deserializer};

use crate::entries::Entries;
use crate::sp::Sp;

/// A text shown to a reader: a plain string (in the procedure's first language), or a map of
/// language codes to strings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Text {
    /// One string, in the procedure's default language.
    Plain(String),
    /// One string per language, in file order.
    Translated(Entries<Sp<String>>),
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
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Text, A::Error> {
                Entries::deserialize(MapAccessDeserializer::new(map)).map(Text::Translated)
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

impl JsonSchema for Text {
    fn schema_name() -> Cow<'static, str> {
        "Text".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A text: one string, or a mapping of language codes (en, vi, ja, …) to strings.",
            "oneOf": [
                { "type": "string" },
                { "type": "object", "additionalProperties": { "type": "string" } }
            ]
        })
    }
}
