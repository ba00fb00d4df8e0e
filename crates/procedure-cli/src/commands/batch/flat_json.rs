//! The fast way in for a batch line: a flat JSON object of booleans, whole numbers and strings,
//! read with serde_json. Anything else (a key given twice, a null, a list, a number with a
//! fraction, a line that is not JSON) is left to the facts loader, which reports it with its
//! place in the line exactly as `eval --facts` does; so is a line whose facts do not bind.

use std::fmt;

use procedure::{Fact, FactValue};
use serde::de::{self, Deserializer, MapAccess, Visitor};

/// The facts of `text` when it is a flat JSON object of scalars with distinct keys; `None`
/// sends the line to the facts loader.
pub fn facts(text: &str) -> Option<Vec<Fact>> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let facts = deserializer.deserialize_map(Flat).ok()?;
    deserializer.end().ok()?;
    Some(facts)
}

struct Flat;

impl<'de> Visitor<'de> for Flat {
    type Value = Vec<Fact>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object of facts")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<Fact>, A::Error> {
        let mut facts: Vec<Fact> = Vec::with_capacity(map.size_hint().unwrap_or(8));
        while let Some(name) = map.next_key::<String>()? {
            if facts.iter().any(|f| f.name == name) {
                return Err(de::Error::custom("a key given twice"));
            }
            let Scalar(value) = map.next_value()?;
            facts.push(Fact { name, value, span: None });
        }
        Ok(facts)
    }
}

/// A boolean, a whole number or a string; any other value is refused.
struct Scalar(FactValue);

impl<'de> de::Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ScalarVisitor)
    }
}

struct ScalarVisitor;

impl Visitor<'_> for ScalarVisitor {
    type Value = Scalar;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a boolean, a whole number or a string")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
        Ok(Scalar(FactValue::Bool(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
        Ok(Scalar(FactValue::Int(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
        i64::try_from(v).map(|v| Scalar(FactValue::Int(v))).map_err(|_| E::custom("out of range"))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
        Ok(Scalar(FactValue::Text(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar, E> {
        Ok(Scalar(FactValue::Text(v)))
    }
}

#[cfg(test)]
mod tests {
    use super::facts;
    use procedure::FactValue;

    #[test]
    fn a_flat_object_of_scalars_is_read() {
        let read = facts(r#"{"cause": "stolen", "age": 34, "abroad": false}"#).unwrap();
        let values: Vec<(&str, &FactValue)> = read.iter().map(|f| (f.name.as_str(), &f.value)).collect();
        assert_eq!(
            values,
            [
                ("cause", &FactValue::Text("stolen".into())),
                ("age", &FactValue::Int(34)),
                ("abroad", &FactValue::Bool(false))
            ]
        );
    }

    #[test]
    fn anything_else_goes_to_the_loader() {
        for line in [
            r#"{"age": 1, "age": 2}"#,
            r#"{"age": null}"#,
            r#"{"age": 1.5}"#,
            r#"{"age": [1]}"#,
            r#"{"age": {"n": 1}}"#,
            r#"{"age": 18446744073709551615}"#,
            r#"{"age": 1} trailing"#,
            r#"["age"]"#,
            "age: 1",
            "",
        ] {
            assert!(facts(line).is_none(), "{line}");
        }
    }
}
