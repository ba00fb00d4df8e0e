//! An enum input's value: its label, and the period it exists in when the rules date it.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::entries::Entries;
use crate::sp::Sp;
use crate::text::{Text, Version, push_version};

/// One value of an enum input: its label (a text), or `{label, valid_from, valid_until}` for a
/// value that exists only in a period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumValue {
    /// The label a reader sees.
    pub label: Text,
    /// The first day the value exists, `YYYY-MM-DD`; since always, if absent.
    pub valid_from: Option<Sp<String>>,
    /// The last day the value exists, `YYYY-MM-DD`; from then on, if absent.
    pub valid_until: Option<Sp<String>>,
}

impl<'de> Deserialize<'de> for EnumValue {
    // By hand, for the reason `Text` is: an untagged enum would lose the spans. A mapping with
    // `label` is the dated form; any other mapping is a label's languages.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ValueVisitor;
        impl<'de> Visitor<'de> for ValueVisitor {
            type Value = EnumValue;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a label, a mapping of language codes to labels, or `{label, valid_from, valid_until}`")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<EnumValue, E> {
                Ok(undated(Text::Plain(s.to_owned())))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<EnumValue, E> {
                Ok(undated(Text::Plain(v.to_string())))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<EnumValue, E> {
                Ok(undated(Text::Plain(v.to_string())))
            }
            fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<EnumValue, E> {
                Err(E::custom("YAML reads this label as a number; put it in quotes"))
            }
            fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<EnumValue, E> {
                Err(E::custom("YAML reads this label as a boolean; put it in quotes"))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<EnumValue, E> {
                Err(E::invalid_type(serde::de::Unexpected::Unit, &"a label"))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<EnumValue, A::Error> {
                let (mut texts, mut statuses) = (Vec::new(), Vec::new());
                let (mut label, mut valid_from, mut valid_until) = (None, None, None);
                while let Some(key) = map.next_key::<Sp<String>>()? {
                    match key.value.as_str() {
                        "label" => label = Some(map.next_value::<Text>()?),
                        "valid_from" => valid_from = Some(map.next_value::<Sp<String>>()?),
                        "valid_until" => valid_until = Some(map.next_value::<Sp<String>>()?),
                        _ => push_version(&mut texts, &mut statuses, key, map.next_value::<Sp<Version>>()?),
                    }
                }
                let dated = valid_from.is_some() || valid_until.is_some();
                match label {
                    Some(_) if !texts.is_empty() => {
                        Err(serde::de::Error::custom("a dated value's languages go under `label`, not beside it"))
                    }
                    Some(label) => Ok(EnumValue { label, valid_from, valid_until }),
                    None if dated => Err(serde::de::Error::custom(
                        "a dated value needs its `label` beside `valid_from`/`valid_until`",
                    )),
                    None => Ok(undated(Text::Translated(Entries(texts), statuses))),
                }
            }
        }
        deserializer.deserialize_any(ValueVisitor)
    }
}

fn undated(label: Text) -> EnumValue {
    EnumValue { label, valid_from: None, valid_until: None }
}

impl JsonSchema for EnumValue {
    fn schema_name() -> Cow<'static, str> {
        "EnumValue".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let text = generator.subschema_for::<Text>();
        json_schema!({
            "description": "An enum value's label (a text), or `{label, valid_from, valid_until}` for a value that exists only in a period (both days inclusive, `YYYY-MM-DD`).",
            "anyOf": [
                text,
                { "type": "object", "properties": {
                    "label": text,
                    "valid_from": { "type": "string" },
                    "valid_until": { "type": "string" }
                }, "required": ["label"], "additionalProperties": false }
            ]
        })
    }
}
