//! A value with the byte span of the YAML node it came from.

use std::borrow::Cow;

use procedure_expr::Span;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer};

/// A deserialized value and where its YAML node is in the file (a byte range, so that it can
/// label a miette diagnostic directly, whatever scripts the file mixes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sp<T> {
    /// The value.
    pub value: T,
    /// Where its node is. For a quoted scalar the span includes the quotes.
    pub span: Span,
}

impl<T> Sp<T> {
    /// A value with a span.
    pub fn new(value: T, span: Span) -> Self {
        Sp { value, span }
    }
}

impl<T> std::ops::Deref for Sp<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// The byte span of a serde-saphyr location; empty at 0 when the parser could not tell.
pub(crate) fn byte_span(location: serde_saphyr::Location) -> Span {
    let span = location.span();
    let start = span.byte_offset().and_then(|o| u32::try_from(o).ok()).unwrap_or(0);
    let len = span.byte_len().and_then(|l| u32::try_from(l).ok()).unwrap_or(0);
    Span::new(start, start.saturating_add(len))
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Sp<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
        Ok(Sp { span: byte_span(spanned.referenced), value: spanned.value })
    }
}

impl<T: JsonSchema> JsonSchema for Sp<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}
