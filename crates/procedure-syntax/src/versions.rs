//! Dated versions of one rule: a fee, deadline or warning written once, or as a list of
//! versions under one id, each in force for its own `valid_from`/`valid_until` period.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{MapAccess, SeqAccess, Visitor, value::MapAccessDeserializer, value::SeqAccessDeserializer};
use serde::{Deserialize, Deserializer};

use crate::sp::Sp;

/// The versions of one rule, in file order: one mapping, or a list of mappings. Written as
/// the value of an id, so the single mapping's span is the `Sp` around the `Versions`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Versions<T> {
    /// One version, in force as its own dates say.
    One(T),
    /// Several dated versions.
    Many(Vec<Sp<T>>),
}

impl<T> Versions<T> {
    /// Each version with its span; `whole` is the span of the value as a whole.
    pub fn each(&self, whole: procedure_expr::Span) -> Vec<(&T, procedure_expr::Span)> {
        match self {
            Versions::One(t) => vec![(t, whole)],
            Versions::Many(list) => list.iter().map(|v| (&v.value, v.span)).collect(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Versions<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct VersionsVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for VersionsVisitor<T> {
            type Value = Versions<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping, or a list of dated versions (mappings with `valid_from`/`valid_until`)")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Versions<T>, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map)).map(Versions::One)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Versions<T>, A::Error> {
                Vec::<Sp<T>>::deserialize(SeqAccessDeserializer::new(seq)).map(Versions::Many)
            }
        }
        deserializer.deserialize_any(VersionsVisitor(PhantomData))
    }
}

impl<T: JsonSchema> JsonSchema for Versions<T> {
    fn schema_name() -> Cow<'static, str> {
        format!("Versions_of_{}", T::schema_name()).into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let one = generator.subschema_for::<T>();
        json_schema!({
            "oneOf": [one, { "type": "array", "items": one, "minItems": 1 }],
        })
    }
}
