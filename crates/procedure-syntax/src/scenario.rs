//! The surface of a scenario file (`*.test.yaml`): named cases with facts and expectations.

use std::fmt;

use schemars::JsonSchema;
use serde::de::{SeqAccess, Visitor, value::SeqAccessDeserializer};
use serde::{Deserialize, Deserializer};

use crate::entries::Entries;
use crate::procedure::Verification;
use crate::sp::Sp;

/// A scenario file.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scenarios {
    /// The procedure file the cases run against, relative to this file.
    pub procedure: Sp<String>,
    /// The cases.
    pub cases: Vec<Sp<Case>>,
}

/// One situation and what evaluating it must give.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// What the case is about; unique in the file.
    pub name: Sp<String>,
    /// The date of evaluation, `YYYY-MM-DD`.
    pub today: Sp<String>,
    /// The date of the act, whose rules apply, `YYYY-MM-DD`; `today` if absent.
    #[serde(default)]
    pub as_of: Option<Sp<String>>,
    /// The facts, by input id.
    #[serde(default)]
    pub facts: Entries<Sp<FactValue>>,
    /// What the result must show.
    #[serde(default)]
    pub expect: Option<Sp<Expect>>,
}

/// A fact as written in YAML.
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema)]
#[schemars(untagged)]
pub enum FactValue {
    /// `true` or `false`.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// A string, an enum value or a `YYYY-MM-DD` date.
    String(String),
    /// A list.
    List(Vec<Sp<FactValue>>),
    /// `null`, which is refused: leave a fact out to mean "not known".
    Null,
}

impl<'de> Deserialize<'de> for FactValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FactVisitor;
        impl<'de> Visitor<'de> for FactVisitor {
            type Value = FactValue;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a fact: a boolean, an integer, a string, a date or a list")
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<FactValue, E> {
                Ok(FactValue::Bool(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<FactValue, E> {
                Ok(FactValue::Int(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<FactValue, E> {
                i64::try_from(v).map(FactValue::Int).map_err(|_| E::custom("the number does not fit in 64 bits"))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<FactValue, E> {
                Ok(FactValue::String(v.to_owned()))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<FactValue, E> {
                Ok(FactValue::Null)
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<FactValue, E> {
                Ok(FactValue::Null)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<FactValue, A::Error> {
                Vec::<Sp<FactValue>>::deserialize(SeqAccessDeserializer::new(seq)).map(FactValue::List)
            }
        }
        deserializer.deserialize_any(FactVisitor)
    }
}

/// Expectations on a result; each is checked only if given.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// `complete` or `needs_input`.
    #[serde(default)]
    pub status: Option<Sp<String>>,
    /// The outcome's id.
    #[serde(default)]
    pub outcome: Option<Sp<String>>,
    /// Documents that must be on the checklist.
    #[serde(default)]
    pub documents: Vec<Sp<String>>,
    /// Documents that must not be on the checklist.
    #[serde(default)]
    pub absent_documents: Vec<Sp<String>>,
    /// Deadlines by id, each with its effective date `YYYY-MM-DD`.
    #[serde(default)]
    pub deadlines: Entries<Sp<String>>,
    /// Deadlines that must not be in the result.
    #[serde(default)]
    pub absent_deadlines: Vec<Sp<String>>,
    /// The total fee.
    #[serde(default)]
    pub fee_total: Option<Sp<i64>>,
    /// Warnings that must be shown.
    #[serde(default)]
    pub warnings: Vec<Sp<String>>,
    /// Warnings that must not be shown.
    #[serde(default)]
    pub absent_warnings: Vec<Sp<String>>,
    /// Exactly the inputs still needed, in order.
    #[serde(default)]
    pub needs: Option<Sp<Vec<Sp<String>>>>,
    /// Exactly the fees that apply, by id, each with its amount (`null` for an amount not known:
    /// set by the office, or waiting on an answer); `{}` for no fee at all (which `fee_total: 0`
    /// does not mean: a fee of 0 is a fee stated).
    #[serde(default)]
    pub fees: Option<Entries<Sp<Option<i64>>>>,
    /// Exactly the nodes walked, in order: steps, tables and the outcome, a called
    /// sub-procedure's as `procedure/node`.
    #[serde(default)]
    pub path: Option<Sp<Vec<Sp<String>>>>,
    /// The verification tag of documents, deadlines, fees and warnings in the result, by id.
    #[serde(default)]
    pub verification: Entries<Sp<Verification>>,
    /// The version of a dated warning in the result, by id: the version's `valid_from`,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub warning_versions: Entries<Sp<String>>,
    /// Codes of the errors that must refuse the case, e.g. `procedure::facts::constraint` for
    /// facts that break a constraint: the case passes when it is refused with each of them.
    #[serde(default)]
    pub errors: Vec<Sp<String>>,
}
