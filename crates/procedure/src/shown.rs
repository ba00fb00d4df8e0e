//! The values texts show (`{valid_until}`), written as the reader's language writes them.

use std::borrow::Cow;

use jiff::civil::Date;
use procedure_core::placeholders::{Part, parts};
use procedure_core::{Procedure, Text};
use procedure_expr::Value;

use crate::labels::Labels;

/// The values of one procedure of an evaluation: the caller's, or a sub-procedure's.
pub(crate) struct Scope<'e> {
    pub(crate) procedure: &'e Procedure,
    pub(crate) values: &'e [Option<Value>],
}

/// `text` (a text of `t` in the reader's language) with its placeholders filled in from the
/// scope of the procedure that wrote it. A value not known yet is shown as `…`, as a blank to
/// fill: the placeholder's name is an id, never meant for a reader.
pub(crate) fn fill(text: &str, t: &Text, scopes: &[Scope<'_>], language: &str, l: &Labels) -> String {
    let Ok(parts) = parts(text) else { return text.to_owned() };
    let scope = scopes.iter().find(|s| s.procedure.id == t.owner);
    let mut out = String::with_capacity(text.len());
    for part in parts {
        match part {
            Part::Words(w) => out.push_str(w),
            Part::Value(name, _) => {
                let shown = scope.and_then(|s| {
                    let (slot, _) = s.procedure.env.lookup(name)?;
                    let value = s.values.get(slot.index())?.as_ref()?;
                    Some(in_words(value, s.procedure, name, language, l))
                });
                out.push_str(shown.as_deref().unwrap_or("…"));
            }
        }
    }
    out
}

fn in_words<'p>(value: &Value, procedure: &'p Procedure, name: &str, language: &str, l: &Labels) -> Cow<'p, str> {
    match value {
        Value::Date(d) => Cow::Owned(date(*d, language)),
        Value::Int(i) => Cow::Owned(grouped(*i, l.thousands)),
        Value::Bool(true) => Cow::Borrowed(l.yes),
        Value::Bool(false) => Cow::Borrowed(l.no),
        Value::String(s) => {
            let input = procedure.inputs.iter().find(|i| i.id == name);
            match input.and_then(|i| i.labels.iter().find(|(v, _)| v.as_str() == &**s)) {
                Some((_, label)) => label.get(language).map_or(Cow::Owned(s.to_string()), |(t, _)| Cow::Borrowed(t)),
                None => Cow::Owned(s.to_string()),
            }
        }
        other => Cow::Owned(other.to_string()),
    }
}

/// A date as the language writes it in a sentence: 31 March 2028, ngày 31 tháng 3 năm 2028,
/// 2028年3月31日; `YYYY-MM-DD` in another language.
pub(crate) fn date(d: Date, language: &str) -> String {
    let (y, m, day) = (d.year(), d.month(), d.day());
    match language {
        "en" => {
            const MONTHS: [&str; 12] = [
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ];
            let month = usize::try_from(m - 1).ok().and_then(|i| MONTHS.get(i)).copied().unwrap_or_default();
            format!("{day} {month} {y}")
        }
        "vi" => format!("ngày {day} tháng {m} năm {y}"),
        "ja" => format!("{y}年{m}月{day}日"),
        _ => d.to_string(),
    }
}

/// An int with its thousands grouped.
fn grouped(n: i64, thousands: char) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(thousands);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_each_language_writes_them() {
        let d = jiff::civil::date(2028, 3, 31);
        assert_eq!(date(d, "en"), "31 March 2028");
        assert_eq!(date(d, "vi"), "ngày 31 tháng 3 năm 2028");
        assert_eq!(date(d, "ja"), "2028年3月31日");
        assert_eq!(date(d, "fr"), "2028-03-31");
        assert_eq!(grouped(-1_234_567, ','), "-1,234,567");
    }
}
