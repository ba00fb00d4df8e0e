//! A text that varies with the situation: one text, or a list of variants each shown where its
//! `when` holds, the last one without `when` (the otherwise).

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::entries::Entries;
use crate::sp::Sp;
use crate::text::{Text, Version, push_version};

/// A text written once, or in variants that depend on the situation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VaryingText {
    /// The same text in every situation.
    Fixed(Text),
    /// The first variant whose `when` holds; the last has no `when`.
    Variants(Vec<Sp<TextVariant>>),
}

/// One variant of a [`VaryingText`]: `{when: EXPR, en: …, vi: …}`, or a plain string for the
/// otherwise in the procedure's first language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextVariant {
    /// Where it is shown; `None` for the otherwise.
    pub when: Option<Sp<String>>,
    /// The text.
    pub text: Text,
}

impl<'de> Deserialize<'de> for VaryingText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct VaryingVisitor;
        impl<'de> Visitor<'de> for VaryingVisitor {
            type Value = VaryingText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a text, or a list of `{when: …, en: …}` variants ending with one without `when`")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<VaryingText, E> {
                Ok(VaryingText::Fixed(Text::Plain(s.to_owned())))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<VaryingText, E> {
                Ok(VaryingText::Fixed(Text::Plain(v.to_string())))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<VaryingText, E> {
                Ok(VaryingText::Fixed(Text::Plain(v.to_string())))
            }
            fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<VaryingText, E> {
                Err(E::custom("YAML reads this text as a number; put it in quotes"))
            }
            fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<VaryingText, E> {
                Err(E::custom("YAML reads this text as a boolean; put it in quotes"))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<VaryingText, E> {
                Err(E::invalid_type(serde::de::Unexpected::Unit, &"a text"))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<VaryingText, A::Error> {
                Text::deserialize(MapAccessDeserializer::new(map)).map(VaryingText::Fixed)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<VaryingText, A::Error> {
                Vec::deserialize(SeqAccessDeserializer::new(seq)).map(VaryingText::Variants)
            }
        }
        deserializer.deserialize_any(VaryingVisitor)
    }
}

impl<'de> Deserialize<'de> for TextVariant {
    // By hand, as `Text` is: `when` sits beside the languages, whose spans must be kept.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct VariantVisitor;
        impl<'de> Visitor<'de> for VariantVisitor {
            type Value = TextVariant;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a variant `{when: …, en: …}`, or a text for the otherwise")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<TextVariant, E> {
                Ok(TextVariant { when: None, text: Text::Plain(s.to_owned()) })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TextVariant, A::Error> {
                let (mut texts, mut statuses, mut when) = (Vec::new(), Vec::new(), None);
                while let Some(key) = map.next_key::<Sp<String>>()? {
                    if key.value == "when" {
                        when = Some(map.next_value::<Sp<String>>()?);
                    } else {
                        push_version(&mut texts, &mut statuses, key, map.next_value::<Sp<Version>>()?);
                    }
                }
                Ok(TextVariant { when, text: Text::Translated(Entries(texts), statuses) })
            }
        }
        deserializer.deserialize_any(VariantVisitor)
    }
}

impl JsonSchema for VaryingText {
    fn schema_name() -> Cow<'static, str> {
        "VaryingText".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let text = generator.subschema_for::<Text>();
        json_schema!({
            "description": "A text, or a list of variants: each `{when: EXPR, en: …, vi: …}` is shown where its `when` holds (the first that holds wins), and the last, without `when`, otherwise.",
            "anyOf": [
                text,
                { "type": "array", "minItems": 1, "items": {
                    "anyOf": [
                        { "type": "string" },
                        { "type": "object", "properties": { "when": { "type": "string" } },
                          "additionalProperties": {
                            "oneOf": [
                                { "type": "string" },
                                { "type": "object", "properties": {
                                    "text": { "type": "string" },
                                    "status": { "enum": ["reviewed", "machine"] }
                                }, "required": ["text", "status"], "additionalProperties": false }
                            ]
                        } }
                    ]
                } }
            ]
        })
    }
}
