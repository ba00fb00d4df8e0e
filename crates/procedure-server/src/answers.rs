//! The answers in a URL: `a.<input>=<value>` in the order given, the reader's language
//! `lang=`, and the question just answered (`ask=<input>` with the reader's `answer=`).

use procedure::{Fact, FactValue, Procedure};
use procedure_expr::Type;

/// What a page's query says.
#[derive(Debug, Default)]
pub struct Query {
    /// `lang=`.
    pub lang: Option<String>,
    /// The answers given before, in order, as written.
    pub answers: Vec<(String, String)>,
    /// The question answered now and the reader's words.
    pub asked: Option<(String, String)>,
}

/// The longest query taken: a few dozen answers fit many times over.
pub const MAX_QUERY: usize = 16 * 1024;

impl Query {
    /// Reads a query string; keys it does not know are ignored, as a form may add some.
    pub fn parse(raw: Option<&str>) -> Query {
        let mut q = Query::default();
        let mut ask = None;
        let mut typed = None;
        for (key, value) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
            match key.as_ref() {
                "lang" => q.lang = Some(value.into_owned()),
                "ask" => ask = Some(value.into_owned()),
                "answer" => typed = Some(value.into_owned()),
                k => {
                    if let Some(name) = k.strip_prefix("a.") {
                        q.answers.retain(|(n, _)| n != name);
                        q.answers.push((name.to_owned(), value.into_owned()));
                    }
                }
            }
        }
        if let Some(ask) = ask {
            q.asked = Some((ask, typed.unwrap_or_default()));
        }
        q
    }

    /// The answers as facts, each typed by its input's declaration; a value that does not
    /// parse stays text, for [`procedure::bind`] to refuse with its diagnostic.
    pub fn facts(&self, procedure: &Procedure) -> Vec<Fact> {
        self.answers.iter().map(|(name, value)| fact(procedure, name, value)).collect()
    }
}

fn fact(procedure: &Procedure, name: &str, value: &str) -> Fact {
    let ty = procedure.input(name).ok().and_then(|h| procedure.declaration(h)).map(|i| &i.ty);
    let value = match (ty, value) {
        (Some(Type::Bool), "true") => FactValue::Bool(true),
        (Some(Type::Bool), "false") => FactValue::Bool(false),
        (Some(Type::Int), v) => v.parse().map_or_else(|_| FactValue::Text(v.to_owned()), FactValue::Int),
        (_, v) => FactValue::Text(v.to_owned()),
    };
    Fact { name: name.to_owned(), value, span: None }
}

/// A fact's value as written in a URL.
pub fn written(value: &FactValue) -> String {
    match value {
        FactValue::Bool(b) => b.to_string(),
        FactValue::Int(i) => i.to_string(),
        FactValue::Text(s) => s.clone(),
        FactValue::List(_) | FactValue::Null => String::new(),
    }
}

/// The query of a page: `lang` and the answers, in order.
pub fn query(lang: &str, answers: &[Fact]) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    out.append_pair("lang", lang);
    for fact in answers {
        out.append_pair(&format!("a.{}", fact.name), &written(&fact.value));
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_keep_their_order_and_a_later_one_replaces() {
        let q = Query::parse(Some("lang=vi&a.cause=stolen&x=1&a.age=3&a.cause=lost&ask=age&answer=4"));
        assert_eq!(q.lang.as_deref(), Some("vi"));
        assert_eq!(q.answers, vec![("age".into(), "3".into()), ("cause".into(), "lost".into())]);
        assert_eq!(q.asked, Some(("age".into(), "4".into())));
    }
}
