//! Run-time values.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

use jiff::civil::Date;

use crate::types::Type;

/// A value computed by an expression or given for a variable.
///
/// Cloning is cheap: strings and lists are shared.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A signed 64-bit integer.
    Int(i64),
    /// A string; enum values are strings too.
    String(Arc<str>),
    /// A calendar date.
    Date(Date),
    /// A whole number of days.
    Duration(i64),
    /// A list.
    List(List),
}

/// The elements of a list value, shared, with the list's weight: the number of its elements
/// plus the weights of the lists among them.
///
/// Lists share structure, so `[x, x]` costs two pointers however large `x` is; but comparing
/// or printing it visits every element of both. The weight, kept at construction, is what
/// such a walk costs, and [`crate::Limits::max_list_weight`] bounds it.
#[derive(Clone, Debug, Default)]
pub struct List {
    items: Arc<[Value]>,
    weight: usize,
}

impl List {
    /// A list of `items`; its weight saturates at `usize::MAX`.
    pub fn new(items: impl Into<Arc<[Value]>>) -> List {
        let items = items.into();
        let weight = items.iter().fold(items.len(), |w, v| w.saturating_add(v.weight()));
        List { items, weight }
    }

    /// The number of elements, counting those of nested lists at every place they appear.
    pub fn weight(&self) -> usize {
        self.weight
    }
}

impl Deref for List {
    type Target = [Value];

    fn deref(&self) -> &[Value] {
        &self.items
    }
}

impl FromIterator<Value> for List {
    fn from_iter<I: IntoIterator<Item = Value>>(iter: I) -> List {
        List::new(iter.into_iter().collect::<Vec<_>>())
    }
}

impl PartialEq for List {
    fn eq(&self, other: &List) -> bool {
        self.weight == other.weight && self.items == other.items
    }
}

impl Eq for List {}

impl Hash for List {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.items.hash(state);
    }
}

/// The shape of a value, for messages that must not allocate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `null`
    Null,
    /// `bool`
    Bool,
    /// `int`
    Int,
    /// `string`
    String,
    /// `date`
    Date,
    /// `duration`
    Duration,
    /// `list`
    List,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::Null => "null",
            Kind::Bool => "bool",
            Kind::Int => "int",
            Kind::String => "string",
            Kind::Date => "date",
            Kind::Duration => "duration",
            Kind::List => "list",
        })
    }
}

impl Value {
    /// A string value.
    pub fn string(s: impl Into<Arc<str>>) -> Value {
        Value::String(s.into())
    }

    /// A list value.
    pub fn list(items: impl IntoIterator<Item = Value>) -> Value {
        Value::List(items.into_iter().collect())
    }

    /// The weight of a list (see [`List`]); 0 for any other value.
    pub fn weight(&self) -> usize {
        match self {
            Value::List(l) => l.weight(),
            _ => 0,
        }
    }

    /// The shape of this value.
    pub fn kind(&self) -> Kind {
        match self {
            Value::Null => Kind::Null,
            Value::Bool(_) => Kind::Bool,
            Value::Int(_) => Kind::Int,
            Value::String(_) => Kind::String,
            Value::Date(_) => Kind::Date,
            Value::Duration(_) => Kind::Duration,
            Value::List(_) => Kind::List,
        }
    }

    /// The most precise static type of this value: a list's element type is the join of its
    /// elements' types, `dyn` when they differ or the list is empty.
    pub fn type_of(&self) -> Type {
        match self {
            Value::Null => Type::Null,
            Value::Bool(_) => Type::Bool,
            Value::Int(_) => Type::Int,
            Value::String(_) => Type::String,
            Value::Date(_) => Type::Date,
            Value::Duration(_) => Type::Duration,
            Value::List(items) => {
                let mut element: Option<Type> = None;
                for item in items.iter() {
                    let t = item.type_of();
                    element = Some(match element {
                        None => t,
                        Some(e) => e.join(&t),
                    });
                }
                Type::list(element.unwrap_or(Type::Dyn))
            }
        }
    }

    /// Whether this value belongs to `ty`: an enum value must be one of the declared values.
    pub fn has_type(&self, ty: &Type) -> bool {
        match (self, ty) {
            (_, Type::Dyn) => true,
            (Value::String(s), Type::Enum(e)) => e.contains(s),
            (Value::List(items), Type::List(t)) => items.iter().all(|i| i.has_type(t)),
            (v, t) => v.type_of() == *t,
        }
    }
}

impl fmt::Display for Value {
    /// Formats the value as an expression that evaluates to it: `"text"`, `[1, 2]`,
    /// `date("2026-11-25")`, `days(14)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::String(s) => write_quoted(f, s),
            Value::Date(d) => write!(f, "date(\"{d}\")"),
            Value::Duration(d) => write!(f, "days({d})"),
            Value::List(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
        }
    }
}

fn write_quoted(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    f.write_str("\"")?;
    for c in s.chars() {
        match c {
            '"' => f.write_str("\\\"")?,
            '\\' => f.write_str("\\\\")?,
            '\n' => f.write_str("\\n")?,
            '\r' => f.write_str("\\r")?,
            '\t' => f.write_str("\\t")?,
            c if c.is_control() => write!(f, "\\u{:04x}", u32::from(c))?,
            c => write!(f, "{c}")?,
        }
    }
    f.write_str("\"")
}
