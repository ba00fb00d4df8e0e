//! The surface of a procedure file: what an author writes, with spans, before any meaning.
//!
//! Every id, reference, expression and text is a plain struct field or a hand-written
//! polymorphic shape, never `#[serde(flatten)]` or `untagged`, so that its span survives.

use std::fmt;

use schemars::JsonSchema;
use serde::de::{MapAccess, SeqAccess, Visitor, value::MapAccessDeserializer, value::SeqAccessDeserializer};
use serde::{Deserialize, Deserializer};

use crate::entries::Entries;
use crate::enum_value::EnumValue;
use crate::sp::Sp;
use crate::text::Text;
use crate::varying_text::VaryingText;
use crate::versions::Versions;

/// A procedure file.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Procedure {
    /// The procedure's id, e.g. `lost_card`.
    pub id: Sp<String>,
    /// The version of the rules, e.g. `2026.11.0`.
    pub version: Sp<String>,
    /// What the procedure is called.
    pub title: Sp<Text>,
    /// One paragraph saying what the procedure is for.
    #[serde(default)]
    pub summary: Option<Sp<Text>>,
    /// The languages of its texts; the first is the default.
    pub languages: Sp<Vec<Sp<String>>>,
    /// How far the texts of each language other than the first can be trusted, e.g.
    /// `{vi: machine}`: readers of a machine translation are told so. `reviewed` if absent.
    #[serde(default)]
    pub translations: Entries<Sp<TranslationStatus>>,
    /// Where it applies, e.g. `JP`.
    #[serde(default)]
    pub jurisdiction: Option<Sp<String>>,
    /// The IANA time zone in which `today` is reckoned, e.g. `Asia/Tokyo`.
    pub time_zone: Sp<String>,
    /// The node evaluation starts at: a step, a table or an outcome.
    pub start: Sp<String>,
    /// Catalogues whose sources, documents and glossary this procedure uses: paths relative
    /// to this file, inside its directory (no absolute path, no `..`).
    #[serde(default)]
    pub imports: Vec<Sp<String>>,
    /// The sources rules cite, by id.
    #[serde(default)]
    pub sources: Entries<Source>,
    /// The facts a person supplies, by id.
    #[serde(default)]
    pub inputs: Entries<Input>,
    /// Conditions that the facts together must meet.
    #[serde(default)]
    pub constraints: Vec<Sp<Constraint>>,
    /// Derived values: named expressions over inputs and other derived values.
    #[serde(default, rename = "let")]
    pub lets: Entries<Let>,
    /// The documents steps ask for, by id.
    #[serde(default)]
    pub documents: Entries<Document>,
    /// The steps, by id.
    #[serde(default)]
    pub steps: Entries<Step>,
    /// Decision tables, by id.
    #[serde(default)]
    pub tables: Entries<Table>,
    /// Where paths end, by id.
    #[serde(default)]
    pub outcomes: Entries<Outcome>,
    /// Fees defined once, by id, which steps name in `pay`; each one mapping, or a list of
    /// dated versions.
    #[serde(default)]
    pub fees: Entries<Sp<Versions<Fee>>>,
}

/// Whether the texts of a language were reviewed by a person who reads it natively.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TranslationStatus {
    /// Read and corrected by a native reader.
    Reviewed,
    /// Translated by a machine (or by someone not reading the language natively), not reviewed.
    Machine,
}

/// How sure a rule is, as its sources support it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Verification {
    /// Stated by an official source.
    Verified,
    /// Stated consistently by independent secondary sources.
    Secondary,
    /// Follows from a verified general rule; no source states it for this case.
    Inferred,
    /// No source found: shown to the reader as unverified.
    Unverified,
}

/// A source that rules cite.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Its title.
    pub title: Sp<Text>,
    /// Where it can be read.
    #[serde(default)]
    pub url: Option<Sp<String>>,
    /// The words relied on.
    #[serde(default)]
    pub quote: Option<Sp<Text>>,
    /// The kind of source, and so the default verification of what cites it.
    #[serde(default)]
    pub verification: Option<Sp<Verification>>,
    /// Anything a reviewer should know.
    #[serde(default)]
    pub note: Option<Sp<Text>>,
}

/// The type of an input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum InputType {
    /// Yes or no.
    Bool,
    /// A whole number.
    Int,
    /// Free text.
    String,
    /// A calendar date.
    Date,
    /// One of the listed `values`.
    Enum,
}

/// A fact a person supplies.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// Its type.
    #[serde(rename = "type")]
    pub ty: Sp<InputType>,
    /// For an enum: the values, each with the label a reader sees (and, for a value that
    /// exists only in a period, its `valid_from`/`valid_until`).
    #[serde(default)]
    pub values: Option<Sp<Entries<Sp<EnumValue>>>>,
    /// The question that asks for it.
    pub ask: Sp<Text>,
    /// Help for answering.
    #[serde(default)]
    pub help: Option<Sp<Text>>,
    /// The smallest value allowed (an int, or a `YYYY-MM-DD` date).
    #[serde(default)]
    pub min: Option<Sp<Bound>>,
    /// The largest value allowed.
    #[serde(default)]
    pub max: Option<Sp<Bound>>,
    /// Sources backing what its question or help states (a fact such as a limit or a fee):
    /// shown with the question.
    #[serde(default)]
    pub sources: Vec<Sp<String>>,
    /// Where it is asked: the input is only asked, and only readable, where this holds.
    #[serde(default)]
    pub ask_when: Option<Sp<String>>,
}

/// A bound of an input's range: an int, or a date written `YYYY-MM-DD`.
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema)]
#[schemars(untagged)]
pub enum Bound {
    /// For an int input.
    Int(i64),
    /// For a date input.
    Date(String),
}

impl<'de> Deserialize<'de> for Bound {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BoundVisitor;
        impl Visitor<'_> for BoundVisitor {
            type Value = Bound;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer or a date written YYYY-MM-DD")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Bound, E> {
                Ok(Bound::Int(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Bound, E> {
                i64::try_from(v).map(Bound::Int).map_err(|_| E::custom("the bound does not fit in 64 bits"))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Bound, E> {
                Ok(Bound::Date(v.to_owned()))
            }
        }
        deserializer.deserialize_any(BoundVisitor)
    }
}

/// A fee's amount: an int, or an int expression written as a string.
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema)]
#[schemars(untagged)]
pub enum Amount {
    /// A constant amount.
    Int(i64),
    /// An int expression, e.g. `"express ? 1800 : 800"`.
    Expr(String),
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AmountVisitor;
        impl Visitor<'_> for AmountVisitor {
            type Value = Amount;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer or an int expression")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Amount, E> {
                Ok(Amount::Int(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Amount, E> {
                i64::try_from(v).map(Amount::Int).map_err(|_| E::custom("the amount does not fit in 64 bits"))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Amount, E> {
                Ok(Amount::Expr(v.to_owned()))
            }
        }
        deserializer.deserialize_any(AmountVisitor)
    }
}

/// A condition the facts together must meet, e.g. `reentered_on >= learned_on`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Constraint {
    /// The condition.
    pub check: Sp<String>,
    /// What the reader is told when it fails.
    pub message: Sp<Text>,
    /// The first day the constraint is in force, `YYYY-MM-DD`; always before, if absent.
    #[serde(default)]
    pub valid_from: Option<Sp<String>>,
    /// The last day the constraint is in force, `YYYY-MM-DD`; from then on, if absent.
    #[serde(default)]
    pub valid_until: Option<Sp<String>>,
}

/// A derived value.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Let {
    /// The expression.
    pub expr: Sp<String>,
    /// What it means.
    #[serde(default)]
    pub description: Option<Sp<Text>>,
    /// Sources backing the rule.
    #[serde(default)]
    pub sources: Vec<Sp<String>>,
    /// How sure the rule is.
    #[serde(default)]
    pub verification: Option<Sp<Verification>>,
}

/// A document in the catalogue.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Its name.
    pub title: Sp<Text>,
    /// Size, validity, form and other details.
    #[serde(default)]
    pub details: Option<Sp<Text>>,
    /// Sources backing what is said of it.
    #[serde(default)]
    pub sources: Vec<Sp<String>>,
    /// How sure that is.
    #[serde(default)]
    pub verification: Option<Sp<Verification>>,
}

/// A step of the procedure.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// What to do, in a few words.
    pub title: Sp<Text>,
    /// How to do it: one text, or variants chosen by the situation.
    #[serde(default)]
    pub details: Option<Sp<VaryingText>>,
    /// Where to do it.
    #[serde(default, rename = "where")]
    pub place: Option<Sp<Text>>,
    /// Documents to obtain in this step.
    #[serde(default)]
    pub obtain: Vec<Sp<DocRef>>,
    /// Documents to bring to this step.
    #[serde(default)]
    pub bring: Vec<Sp<DocRef>>,
    /// Deadlines, by id; each one mapping, or a list of dated versions.
    #[serde(default)]
    pub deadlines: Entries<Sp<Versions<Deadline>>>,
    /// Fees, by id; each one mapping, or a list of dated versions.
    #[serde(default)]
    pub fees: Entries<Sp<Versions<Fee>>>,
    /// Fees defined once at the top of the file (`fees:`), by id: the same fee in several
    /// steps.
    #[serde(default)]
    pub pay: Vec<Sp<String>>,
    /// Warnings, by id; each one mapping, or a list of dated versions.
    #[serde(default)]
    pub warnings: Entries<Sp<Versions<Warning>>>,
    /// Another procedure this step follows, with its inputs given from this one's: its
    /// documents, deadlines, fees and warnings join this procedure's result.
    #[serde(default)]
    pub call: Option<Sp<Call>>,
    /// Where to go next.
    pub next: Sp<Next>,
    /// The first day the rule is in force, `YYYY-MM-DD`; always before, if absent.
    #[serde(default)]
    pub valid_from: Option<Sp<String>>,
    /// The last day the rule is in force, `YYYY-MM-DD`; from then on, if absent.
    #[serde(default)]
    pub valid_until: Option<Sp<String>>,
    /// Sources backing the step.
    #[serde(default)]
    pub sources: Vec<Sp<String>>,
    /// How sure the step is.
    #[serde(default)]
    pub verification: Option<Sp<Verification>>,
}

/// A call of a sub-procedure from a step.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Call {
    /// The procedure file, relative to this file and inside its directory.
    pub procedure: Sp<String>,
    /// Every input of the sub-procedure, each given by an expression over this procedure's
    /// inputs and derived values.
    #[serde(default)]
    pub inputs: Entries<Sp<String>>,
}

/// A document a step asks for: its id, or its id with a condition and a note.
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema)]
#[schemars(untagged)]
pub enum DocRef {
    /// Always asked for.
    Id(String),
    /// Asked for where `when` holds.
    Detailed(Box<DetailedDocRef>),
}

/// A document reference with a condition.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DetailedDocRef {
    /// The document's id.
    pub document: Sp<String>,
    /// Where it is asked for.
    #[serde(default)]
    pub when: Option<Sp<String>>,
    /// Asked for only when this deadline (of this step or an earlier one) is late: after its
    /// effective date, which expressions cannot see because it depends on the calendar.
    #[serde(default)]
    pub after_deadline: Option<Sp<String>>,
    /// What to note about it here.
    #[serde(default)]
    pub note: Option<Sp<Text>>,
    /// The first day the rule is in force, `YYYY-MM-DD`; always before, if absent.
    #[serde(default)]
    pub valid_from: Option<Sp<String>>,
    /// The last day the rule is in force, `YYYY-MM-DD`; from then on, if absent.
    #[serde(default)]
    pub valid_until: Option<Sp<String>>,
    /// Sources backing the requirement.
    #[serde(default)]
    pub sources: Vec<Sp<String>>,
    /// How sure the requirement is.
    #[serde(default)]
    pub verification: Option<Sp<Verification>>,
}

impl<'de> Deserialize<'de> for DocRef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DocRefVisitor;
        impl<'de> Visitor<'de> for DocRefVisitor {
            type Value = DocRef;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a document id, or a mapping with `document` and `when`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<DocRef, E> {
                Ok(DocRef::Id(v.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<DocRef, A::Error> {
                DetailedDocRef::deserialize(MapAccessDeserializer::new(map)).map(|d| DocRef::Detailed(Box::new(d)))
            }
        }
        deserializer.deserialize_any(DocRefVisitor)
    }
}

/// A deadline.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    /// What must be done by then.
    pub title: Sp<Text>,
    /// The legal last day: an expression of type date.
    pub date: Sp<String>,
    /// Where the deadline applies.
    #[serde(default)]
    pub when: Option<Sp<String>>,
    /// The calendar whose closed days move the deadline to the next open day.
    #[serde(default)]
    pub calendar: Option<Sp<String>>,
    /// Where the calendar applies (e.g. not at a municipal office with its own closing days);
    /// everywhere, if absent.
    #[serde(default)]
    pub calendar_when: Option<Sp<String>>,
    /// How sure it is that the calendar moves this deadline. `unverified` does not move it: the
    /// legal date stands, and the date it would move to is shown beside it as unverified.
    #[serde(default)]
    pub calendar_verification: Option<Sp<Verification>>,
    /// The first day of the window, for an act that may be done only from a date on
    /// (`applications are accepted from …`): an expression of type date. The reader is shown the
    /// window from this day to the last day, and whether it is not yet open, open or closed.
    #[serde(default)]
    pub opens: Option<Sp<String>>,
    /// Where the window has a first day; everywhere, if absent.
    #[serde(default)]
    pub opens_when: Option<Sp<String>>,
    /// What the reader should know about it.
    #[serde(default)]
    pub note: Option<Sp<Text>>,
    /// Warnings shown when the deadline is late, is today, or was moved past closed days, by id.
    #[serde(default)]
    pub warnings: Entries<DeadlineWarning>,
    /// The first day the rule is in force, `YYYY-MM-DD`; always before, if absent.
    #[serde(default)]
    pub valid_from: Option<Sp<String>>,
    /// The last day the rule is in force, `YYYY-MM-DD`; from then on, if absent.
    #[serde(default)]
    pub valid_until: Option<Sp<String>>,
    /// Sources backing the rule.
    #[serde(default)]
    pub sources: Vec<Sp<String>>,
    /// How sure the rule is.
    #[serde(default)]
    pub verification: Option<Sp<Verification>>,
}

/// When a deadline's warning is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineEvent {
    /// `today` is after the effective date.
    Late,
    /// `today` is the effective date.
    LastDay,
    /// The effective date is later than the legal date: the deadline was moved past closed days.
    Extended,
    /// The calendar would move the deadline past closed days, but whether it does is
    /// unverified (`calendar_verification: unverified`), so the legal date stands.
    MayExtend,
}

/// A warning tied to a deadline's dates, which expressions cannot see (they depend on the
/// calendar).
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeadlineWarning {
    /// When it is shown.
    pub on: Sp<DeadlineEvent>,
    /// Where it applies besides the event, e.g. only for a filing at the counter; always, if
    /// absent.
    #[serde(default)]
    pub when: Option<Sp<String>>,
    /// What the reader is told.
    pub message: Sp<Text>,
    /// Sources backing it.
    #[serde(default)]
    pub sources: Vec<Sp<String>>,
    /// How sure it is.
    #[serde(default)]
    pub verification: Option<Sp<Verification>>,
}

/// A fee.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fee {
    /// What it pays for.
    #[serde(default)]
    pub title: Option<Sp<Text>>,
    /// The amount, in the currency's smallest common unit (yen): an int, or an int expression
    /// over the inputs and derived values (`"800 + (express ? 1000 : 0)"`). Absent when the
    /// office sets it: the total then says "at least", and the fee's `note` says what to ask.
    #[serde(default)]
    pub amount: Option<Sp<Amount>>,
    /// The currency, e.g. `JPY`.
    pub currency: Sp<String>,
    /// Where the fee applies.
    #[serde(default)]
    pub when: Option<Sp<String>>,
    /// When it is paid, e.g. only when the application is granted.
    #[serde(default)]
    pub when_paid: Option<Sp<Text>>,
    /// What the reader should know about it.
    #[serde(default)]
    pub note: Option<Sp<Text>>,
    /// The first day the rule is in force, `YYYY-MM-DD`; always before, if absent.
    #[serde(default)]
    pub valid_from: Option<Sp<String>>,
    /// The last day the rule is in force, `YYYY-MM-DD`; from then on, if absent.
    #[serde(default)]
    pub valid_until: Option<Sp<String>>,
    /// Sources backing the rule.
    #[serde(default)]
    pub sources: Vec<Sp<String>>,
    /// How sure the rule is.
    #[serde(default)]
    pub verification: Option<Sp<Verification>>,
}

/// A warning shown to the reader.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Warning {
    /// Where it applies; always, if absent.
    #[serde(default)]
    pub when: Option<Sp<String>>,
    /// What the reader is told.
    pub message: Sp<Text>,
    /// The first day the rule is in force, `YYYY-MM-DD`; always before, if absent.
    #[serde(default)]
    pub valid_from: Option<Sp<String>>,
    /// The last day the rule is in force, `YYYY-MM-DD`; from then on, if absent.
    #[serde(default)]
    pub valid_until: Option<Sp<String>>,
    /// Sources backing it.
    #[serde(default)]
    pub sources: Vec<Sp<String>>,
    /// How sure it is.
    #[serde(default)]
    pub verification: Option<Sp<Verification>>,
}

/// Where a step leads: one node, an ordered list of guarded branches, or a decision table.
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema)]
#[schemars(untagged)]
pub enum Next {
    /// Always to this node.
    Goto(String),
    /// To the first branch whose `when` holds; the last branch is `otherwise`.
    Branches(Vec<Sp<Branch>>),
    /// To where a decision table says.
    Table(TableRef),
}

/// A guarded branch: `{when: …, to: …}`, or `{otherwise: …}` last.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Branch {
    /// The guard.
    #[serde(default)]
    pub when: Option<Sp<String>>,
    /// Where to go when it holds.
    #[serde(default)]
    pub to: Option<Sp<String>>,
    /// Where to go when no earlier branch held.
    #[serde(default)]
    pub otherwise: Option<Sp<String>>,
    /// The first day the rule is in force, `YYYY-MM-DD`; always before, if absent.
    #[serde(default)]
    pub valid_from: Option<Sp<String>>,
    /// The last day the rule is in force, `YYYY-MM-DD`; from then on, if absent.
    #[serde(default)]
    pub valid_until: Option<Sp<String>>,
    /// Sources backing the branch.
    #[serde(default)]
    pub sources: Vec<Sp<String>>,
    /// How sure it is.
    #[serde(default)]
    pub verification: Option<Sp<Verification>>,
}

/// A reference to a decision table: `{table: id}`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableRef {
    /// The table's id.
    pub table: Sp<String>,
}

impl<'de> Deserialize<'de> for Next {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NextVisitor;
        impl<'de> Visitor<'de> for NextVisitor {
            type Value = Next;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a node id, a list of `when`/`to` branches ending with `otherwise`, or `{table: id}`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Next, E> {
                Ok(Next::Goto(v.to_owned()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Next, A::Error> {
                Vec::<Sp<Branch>>::deserialize(SeqAccessDeserializer::new(seq)).map(Next::Branches)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Next, A::Error> {
                TableRef::deserialize(MapAccessDeserializer::new(map)).map(Next::Table)
            }
        }
        deserializer.deserialize_any(NextVisitor)
    }
}

/// How a decision table combines the rows that match.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum HitPolicy {
    /// At most one row may match; `procedure check` proves it.
    Unique,
    /// The first matching row wins.
    First,
    /// Every matching row contributes its documents and warnings; the table then goes `next`.
    Collect,
}

/// A DMN-style decision table.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// What the table decides.
    #[serde(default)]
    pub title: Option<Sp<Text>>,
    /// How matching rows combine.
    pub hit: Sp<HitPolicy>,
    /// The input columns: one expression each.
    pub inputs: Vec<Sp<String>>,
    /// The rows.
    pub rows: Vec<Sp<Row>>,
    /// For `unique` and `first`: where to go when no row matches.
    #[serde(default)]
    pub default: Option<Sp<String>>,
    /// For `collect`: where to go after collecting.
    #[serde(default)]
    pub next: Option<Sp<String>>,
    /// Sources backing the table.
    #[serde(default)]
    pub sources: Vec<Sp<String>>,
    /// How sure it is.
    #[serde(default)]
    pub verification: Option<Sp<Verification>>,
}

/// A row of a decision table.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Row {
    /// One cell per input column: `-` for any value, a value, a comparison such as `>= 16`,
    /// or a list of those (any of them).
    pub when: Vec<Sp<Cell>>,
    /// For `unique` and `first` tables: where the row leads.
    #[serde(default)]
    pub to: Option<Sp<String>>,
    /// For `collect` tables: documents to bring.
    #[serde(default)]
    pub bring: Vec<Sp<DocRef>>,
    /// For `collect` tables: warnings to show, by id; each one mapping, or dated versions.
    #[serde(default)]
    pub warnings: Entries<Sp<Versions<Warning>>>,
    /// Sources backing the row.
    #[serde(default)]
    pub sources: Vec<Sp<String>>,
    /// How sure it is.
    #[serde(default)]
    pub verification: Option<Sp<Verification>>,
}

/// A cell of a decision table: a unary test on its column's value.
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema)]
#[schemars(untagged)]
pub enum Cell {
    /// `-` (any value), a comparison such as `>= 16`, an enum value such as `lost`, or an
    /// expression the value must equal.
    Text(String),
    /// An integer the value must equal.
    Int(i64),
    /// A boolean the value must equal.
    Bool(bool),
    /// Any of these tests.
    Any(Vec<Sp<Cell>>),
}

impl<'de> Deserialize<'de> for Cell {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(CellVisitor { lists: true })
    }
}

/// Reads a cell; `lists` is false inside a cell's list, where a list has no meaning. Refusing
/// nested lists keeps the deserializer's recursion (dozens of stack frames a level) to one level.
struct CellVisitor {
    lists: bool,
}

impl<'de> Visitor<'de> for CellVisitor {
    type Value = Cell;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.lists {
            f.write_str("a table cell: `-`, a value, a comparison such as `>= 16`, or a list of those")
        } else {
            f.write_str("a value or a comparison such as `>= 16` (a list in a cell holds values, not lists)")
        }
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Cell, E> {
        Ok(Cell::Text(v.to_owned()))
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Cell, E> {
        Ok(Cell::Int(v))
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Cell, E> {
        i64::try_from(v).map(Cell::Int).map_err(|_| E::custom("the value does not fit in 64 bits"))
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Cell, E> {
        Ok(Cell::Bool(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Cell, A::Error> {
        if !self.lists {
            return Err(serde::de::Error::invalid_type(serde::de::Unexpected::Seq, &self));
        }
        Vec::<Sp<ListedCell>>::deserialize(SeqAccessDeserializer::new(seq))
            .map(|cells| Cell::Any(cells.into_iter().map(|c| Sp::new(c.value.0, c.span)).collect()))
    }
}

/// A cell inside a cell's list: a value or a comparison, never another list.
struct ListedCell(Cell);

impl<'de> Deserialize<'de> for ListedCell {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(CellVisitor { lists: false }).map(ListedCell)
    }
}

/// The kind of an outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeKind {
    /// The procedure is done.
    Done,
    /// The person must follow another procedure, elsewhere.
    Redirect,
    /// The person cannot proceed now.
    CannotProceed,
}

/// Where a path ends.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    /// What the reader is told.
    pub title: Sp<Text>,
    /// What kind of end it is.
    pub kind: Sp<OutcomeKind>,
    /// More about it.
    #[serde(default)]
    pub description: Option<Sp<Text>>,
    /// For a redirect: where to go.
    #[serde(default, rename = "where")]
    pub place: Option<Sp<Text>>,
    /// Sources backing it.
    #[serde(default)]
    pub sources: Vec<Sp<String>>,
    /// How sure it is.
    #[serde(default)]
    pub verification: Option<Sp<Verification>>,
}
