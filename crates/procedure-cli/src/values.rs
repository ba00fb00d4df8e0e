//! Values across the command line's boundary: JSON and YAML in, JSON out.

use procedure_expr::{Type, Value, parse_date};
use serde_json::{Value as Json, json};

/// The JSON form of a value: ints as numbers, dates as `"YYYY-MM-DD"`, durations as a number
/// of days, lists as arrays.
pub fn to_json(value: &Value) -> Json {
    match value {
        Value::Null => Json::Null,
        Value::Bool(b) => json!(b),
        Value::Int(i) => json!(i),
        Value::String(s) => json!(&**s),
        Value::Date(d) => json!(d.to_string()),
        Value::Duration(d) => json!(d),
        Value::List(items) => Json::Array(items.iter().map(to_json).collect()),
    }
}

/// A value from a plain JSON or YAML value, shaped by the declared type where there is one:
/// a string becomes a date for a `date`, a number becomes a duration for a `duration`.
pub fn from_json(json: &Json, declared: Option<&Type>) -> Result<Value, String> {
    let value = match (json, declared) {
        (Json::String(s), Some(Type::Date)) => {
            Value::Date(parse_date(s).map_err(|e| format!("`{s}` is not a date: {}", e.0))?)
        }
        (Json::Number(n), Some(Type::Duration)) => {
            Value::Duration(n.as_i64().ok_or_else(|| format!("`{n}` is not a whole number of days"))?)
        }
        (Json::Array(items), Some(Type::List(element))) => {
            Value::list(items.iter().map(|i| from_json(i, Some(element))).collect::<Result<Vec<_>, _>>()?)
        }
        (Json::Null, _) => Value::Null,
        (Json::Bool(b), _) => Value::Bool(*b),
        (Json::Number(n), _) => Value::Int(
            n.as_i64()
                .ok_or_else(|| format!("`{n}` is not a 64-bit integer (the language has no floating-point numbers)"))?,
        ),
        (Json::String(s), _) => Value::string(s.as_str()),
        (Json::Array(items), _) => {
            Value::list(items.iter().map(|i| from_json(i, None)).collect::<Result<Vec<_>, _>>()?)
        }
        (Json::Object(_), _) => return Err("maps are not values of the language".into()),
    };
    match declared {
        Some(ty) if !value.has_type(ty) => Err(format!("{value} is not a value of type {ty}")),
        _ => Ok(value),
    }
}
