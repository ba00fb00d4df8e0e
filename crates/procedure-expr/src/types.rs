//! The static types of the language.

use std::fmt;
use std::sync::Arc;

/// The type of an expression or a variable.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    /// `true` or `false`.
    Bool,
    /// A signed 64-bit integer; overflow is an error, never a wrap-around.
    Int,
    /// A string of Unicode characters.
    String,
    /// The type of `null`.
    Null,
    /// A calendar date without time or zone.
    Date,
    /// A number of whole days, positive or negative.
    Duration,
    /// A list whose elements all have the given type.
    List(Box<Type>),
    /// A string restricted to a declared set of values.
    Enum(Arc<EnumType>),
    /// Any type, decided at run time. Only the checker produces it (heterogeneous and empty
    /// lists); authors never write it.
    Dyn,
}

/// The values an enum-typed variable may take.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct EnumType {
    values: Vec<String>,
}

impl EnumType {
    /// An enum with the given values, in order.
    pub fn new(values: impl IntoIterator<Item = impl Into<String>>) -> Self {
        EnumType { values: values.into_iter().map(Into::into).collect() }
    }

    /// The declared values.
    pub fn values(&self) -> impl Iterator<Item = &str> {
        self.values.iter().map(String::as_str)
    }

    /// Whether `value` is one of the declared values.
    pub fn contains(&self, value: &str) -> bool {
        self.values.iter().any(|v| v == value)
    }
}

impl Type {
    /// An enum type with the given values.
    pub fn enumeration(values: impl IntoIterator<Item = impl Into<String>>) -> Type {
        Type::Enum(Arc::new(EnumType::new(values)))
    }

    /// A list of `element`.
    pub fn list(element: Type) -> Type {
        Type::List(Box::new(element))
    }

    /// How many lists deep this type is: 0 for a scalar, 1 for `list(int)`.
    pub fn list_depth(&self) -> usize {
        let mut depth = 0;
        let mut t = self;
        while let Type::List(element) = t {
            depth += 1;
            t = element;
        }
        depth
    }

    /// Whether a value of this type may flow where `other` is expected, or the reverse: the
    /// types are equal once `dyn` is allowed to stand for anything and an enum for a string.
    pub fn is_compatible(&self, other: &Type) -> bool {
        match (self, other) {
            (Type::Dyn, _) | (_, Type::Dyn) => true,
            (Type::List(a), Type::List(b)) => a.is_compatible(b),
            (Type::Enum(_) | Type::String, Type::Enum(_) | Type::String) => {
                // Two different enums never compare equal in a meaningful way.
                !matches!((self, other), (Type::Enum(a), Type::Enum(b)) if a != b)
            }
            (a, b) => a == b,
        }
    }

    /// The most precise type covering both, `dyn` if they differ.
    pub fn join(&self, other: &Type) -> Type {
        match (self, other) {
            (a, b) if a == b => a.clone(),
            (Type::List(a), Type::List(b)) => Type::list(a.join(b)),
            (Type::Enum(_) | Type::String, Type::Enum(_) | Type::String) => Type::String,
            _ => Type::Dyn,
        }
    }

    /// Whether the type is `string` or an enum, which behaves as a string.
    pub fn is_stringy(&self) -> bool {
        matches!(self, Type::String | Type::Enum(_))
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Bool => f.write_str("bool"),
            Type::Int => f.write_str("int"),
            Type::String => f.write_str("string"),
            Type::Null => f.write_str("null"),
            Type::Date => f.write_str("date"),
            Type::Duration => f.write_str("duration"),
            Type::List(t) => write!(f, "list({t})"),
            Type::Enum(e) => {
                f.write_str("enum(")?;
                for (i, v) in e.values.iter().enumerate() {
                    if i > 0 {
                        f.write_str("|")?;
                    }
                    f.write_str(v)?;
                }
                f.write_str(")")
            }
            Type::Dyn => f.write_str("dyn"),
        }
    }
}

/// A type name that could not be read, with the reason.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct TypeSyntaxError(String);

impl std::str::FromStr for Type {
    type Err = TypeSyntaxError;

    /// Reads the type syntax used by `--declare` and procedure inputs: `bool`, `int`, `string`,
    /// `null`, `date`, `duration`, `list(T)` and `enum(a|b|c)`.
    fn from_str(text: &str) -> Result<Type, TypeSyntaxError> {
        let text = text.trim();
        if let Some(inner) = text.strip_prefix("list(").and_then(|t| t.strip_suffix(')')) {
            return Ok(Type::list(inner.parse()?));
        }
        if let Some(inner) = text.strip_prefix("enum(").and_then(|t| t.strip_suffix(')')) {
            let values: Vec<&str> = inner.split('|').map(str::trim).collect();
            if values.iter().any(|v| v.is_empty()) {
                return Err(TypeSyntaxError(format!("`{text}` has an empty enum value")));
            }
            for (i, v) in values.iter().enumerate() {
                if values.iter().take(i).any(|w| w == v) {
                    return Err(TypeSyntaxError(format!("`{text}` lists `{v}` twice")));
                }
            }
            return Ok(Type::enumeration(values));
        }
        match text {
            "bool" => Ok(Type::Bool),
            "int" => Ok(Type::Int),
            "string" => Ok(Type::String),
            "null" => Ok(Type::Null),
            "date" => Ok(Type::Date),
            "duration" => Ok(Type::Duration),
            _ => Err(TypeSyntaxError(format!(
                "unknown type `{text}`: expected bool, int, string, null, date, duration, list(T) or enum(a|b|…)"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Type;

    #[test]
    fn type_names_round_trip() {
        for name in ["bool", "int", "list(list(date))", "enum(lost|stolen)", "duration"] {
            let ty: Type = name.parse().unwrap();
            assert_eq!(ty.to_string(), name);
        }
    }

    #[test]
    fn bad_type_names_are_refused() {
        assert!("float".parse::<Type>().is_err());
        assert!("enum(a||b)".parse::<Type>().is_err());
        assert!("enum(a|a)".parse::<Type>().is_err());
    }

    #[test]
    fn enums_are_strings_but_not_each_other() {
        let a = Type::enumeration(["x", "y"]);
        let b = Type::enumeration(["z"]);
        assert!(a.is_compatible(&Type::String));
        assert!(!a.is_compatible(&b));
        assert!(Type::list(Type::Dyn).is_compatible(&Type::list(Type::Int)));
    }
}
