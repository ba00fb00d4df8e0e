//! The HTML pages: the index, one question per page, the result, its calendar file, and the
//! stylesheet. Every text reaches the page through a template that escapes it.

use std::borrow::Cow;

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use minijinja::{Environment, context};
use procedure::interview::{Interview, Kind, Question, Reason, Refusal};
use procedure::report::Report;
use procedure::{Diagnostic, Evaluation, Fact, Procedure};
use serde::Serialize;

use crate::answers::{self, Query};
use crate::lang::{self, LANGUAGES};
use crate::words::{Words, words};
use crate::{Shared, Site};

/// The stylesheet: one file for screens, phones and print.
const STYLE: &str = include_str!("../assets/style.css");

/// The templates, compiled once; `.html` names turn on escaping of every value.
pub fn templates() -> Environment<'static> {
    let mut env = Environment::new();
    let all = [
        ("base.html", include_str!("../templates/base.html")),
        ("index.html", include_str!("../templates/index.html")),
        ("question.html", include_str!("../templates/question.html")),
        ("result.html", include_str!("../templates/result.html")),
        ("error.html", include_str!("../templates/error.html")),
        ("answers.html", include_str!("../templates/answers.html")),
    ];
    for (name, text) in all {
        // The templates are the crate's own and a test renders each: a broken one fails there.
        if let Err(e) = env.add_template(name, text) {
            debug_assert!(false, "template {name}: {e}");
        }
    }
    env
}

/// The pages' routes.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/", get(index))
        .route("/p/{id}", get(interview))
        .route("/p/{id}/calendar.ics", get(calendar))
        .route("/static/style.css", get(style))
        .fallback(not_found)
}

/// Marks a response the site rendered itself, so that the guard leaves its body alone.
#[derive(Clone, Copy, Debug)]
pub struct Rendered;

/// A language the reader may switch to, with the address of this page in it.
#[derive(Serialize)]
struct LanguageLink {
    code: &'static str,
    name: &'static str,
    url: String,
    current: bool,
}

fn language_name(code: &str) -> &'static str {
    match code {
        "vi" => "Tiếng Việt",
        "ja" => "日本語",
        _ => "English",
    }
}

/// The switch to the other languages of `offered`; `url` makes this page's address in one.
fn switch(offered: &[&'static str], current: &str, url: impl Fn(&str) -> String) -> Vec<LanguageLink> {
    offered
        .iter()
        .map(|code| LanguageLink { code, name: language_name(code), url: url(code), current: *code == current })
        .collect()
}

/// `template` rendered with `ctx`, as a page with `status`.
pub fn render(site: &Site, status: StatusCode, template: &str, ctx: minijinja::Value) -> Response {
    let html = site.templates.get_template(template).and_then(|t| t.render(ctx));
    match html {
        Ok(html) => {
            let mut response = (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response();
            response.extensions_mut().insert(Rendered);
            response
        }
        // Only a broken template of the crate's own comes here; the tests render every one.
        Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, "the page could not be made").into_response(),
    }
}

/// An error page in `lang`: `message`, and details (diagnostics) under it.
pub fn error_page(site: &Site, status: StatusCode, lang: &str, message: &str, details: &[String]) -> Response {
    let ctx = context! { lang, w => words(lang), message, details, status => status.as_u16() };
    render(site, status, "error.html", ctx)
}

/// The languages of a procedure that the pages also speak, in the procedure's order.
fn offered(procedure: &Procedure) -> Vec<&'static str> {
    procedure.languages.iter().filter_map(|l| LANGUAGES.iter().find(|c| **c == l.as_str()).copied()).collect()
}

async fn index(State(site): State<Shared>, RawQuery(raw): RawQuery, headers: HeaderMap) -> Response {
    let query = Query::parse(raw.as_deref());
    let lang = lang::choose(query.lang.as_deref(), &headers, &LANGUAGES);
    #[derive(Serialize)]
    struct Entry<'a> {
        url: String,
        title: Cow<'a, str>,
        summary: Option<Cow<'a, str>>,
    }
    let entries: Vec<Entry<'_>> = site
        .procedures
        .iter()
        .map(|p| {
            let (title, summary) = texts(p, lang);
            Entry { url: format!("/p/{}?lang={lang}", p.id), title, summary }
        })
        .collect();
    let languages = switch(&LANGUAGES, lang, |l| format!("/?lang={l}"));
    render(&site, StatusCode::OK, "index.html", context! { lang, w => words(lang), entries, languages })
}

/// A procedure's title and summary in `lang` (or its first language's).
fn texts<'p>(p: &'p Procedure, lang: &str) -> (Cow<'p, str>, Option<Cow<'p, str>>) {
    let text = |t: &'p procedure::Text| t.get(lang).map_or(Cow::Borrowed(""), |(s, _)| Cow::Borrowed(s));
    (text(&p.title), p.summary.as_ref().map(text))
}

/// One request's procedure, language and answers, or the error page that ends it.
struct Visit<'s> {
    site: &'s Site,
    procedure: &'s Procedure,
    lang: &'static str,
    query: Query,
}

impl<'s> Visit<'s> {
    fn new(site: &'s Site, id: &str, raw: Option<&str>, headers: &HeaderMap) -> Result<Visit<'s>, Response> {
        let query = Query::parse(raw);
        let Some(procedure) = site.procedure(id) else {
            let lang = lang::choose(query.lang.as_deref(), headers, &LANGUAGES);
            return Err(error_page(site, StatusCode::NOT_FOUND, lang, words(lang).no_procedure, &[]));
        };
        let lang = lang::choose(query.lang.as_deref(), headers, &offered(procedure));
        Ok(Visit { site, procedure, lang, query })
    }

    fn w(&self) -> &'static Words {
        words(self.lang)
    }

    /// The interview with the answers of the URL taken; answers that do not fit the
    /// procedure end the visit with a 400 page naming what is wrong.
    fn interview(&self) -> Result<Interview<'s>, Response> {
        let today = self.site.today.of(self.procedure);
        let mut interview = Interview::new(self.procedure, self.lang, today, today);
        interview.resume(&self.query.facts(self.procedure)).map_err(|errors| self.refused(&errors))?;
        Ok(interview)
    }

    fn refused(&self, errors: &[Diagnostic]) -> Response {
        let details: Vec<String> = errors.iter().map(|d| format!("{} ({})", d.message, d.code.as_str())).collect();
        error_page(self.site, StatusCode::BAD_REQUEST, self.lang, self.w().bad_answers, &details)
    }

    fn url(&self, lang: &str, answers: &[Fact]) -> String {
        format!("/p/{}?{}", self.procedure.id, answers::query(lang, answers))
    }
}

async fn interview(
    State(site): State<Shared>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let visit = match Visit::new(&site, &id, raw.as_deref(), &headers) {
        Ok(v) => v,
        Err(page) => return page,
    };
    let mut interview = match visit.interview() {
        Ok(i) => i,
        Err(page) => return page,
    };
    let evaluation = match interview.evaluate() {
        Ok(e) => e,
        Err(errors) => return visit.refused(&errors),
    };
    let Some(input) = evaluation.needs.first().copied() else {
        return result(&visit, &interview, &evaluation);
    };
    let question = interview.question(input);
    let mut refusal = None;
    if let Some((asked, typed)) = &visit.query.asked
        && *asked == question.input.id
    {
        match interview.answer(&question, typed) {
            // The answers move into the address, so that back, edit and reload are links.
            Ok(()) => return Redirect::to(&visit.url(visit.lang, interview.answers())).into_response(),
            Err(r) => refusal = Some((typed.clone(), r)),
        }
    }
    ask(&visit, &interview, &question, evaluation.needs.len(), refusal)
}

/// A question's page; with the reader's refused words and why, a 422 with the error by the field.
fn ask(
    visit: &Visit<'_>,
    interview: &Interview<'_>,
    question: &Question<'_>,
    remaining: usize,
    refusal: Option<(String, Refusal)>,
) -> Response {
    let w = visit.w();
    let given = interview.answers();
    let (kind, min, max, default) = match &question.kind {
        Kind::Choice(_) => ("choice", None, None, None),
        Kind::Date { min, max, default } => {
            ("date", min.map(|d| d.to_string()), max.map(|d| d.to_string()), default.map(|d| d.to_string()))
        }
        Kind::Int { min, max } => ("int", min.map(|i| i.to_string()), max.map(|i| i.to_string()), None),
        Kind::Text => ("text", None, None, None),
    };
    let error = refusal.as_ref().map(|(typed, r)| match (&question.kind, r) {
        // The reader's language says what is wrong with a date; bind's message says it in English.
        (Kind::Date { .. }, Refusal::Invalid(_)) if procedure_expr::parse_date(typed.trim()).is_err() => {
            w.not_a_date.replace("{typed}", typed)
        }
        _ => refusal_text(w, r),
    });
    let typed = refusal.as_ref().map(|(t, _)| t.clone()).or(default);
    let choices: Vec<_> = question
        .choices()
        .iter()
        .enumerate()
        .map(|(i, c)| context! { n => i + 1, label => c.label, checked => typed.as_deref() == Some(&(i + 1).to_string()) })
        .collect();
    let why: Vec<String> = interview
        .why(question.input)
        .into_iter()
        .map(|r| match r {
            Reason::Decision(t) | Reason::Deadline(t) | Reason::Document(t) | Reason::Fee(t) | Reason::Warning(t) => {
                t.into_owned()
            }
        })
        .collect();
    let mut hidden: Vec<(String, String)> = vec![("lang".into(), visit.lang.into())];
    hidden.extend(given.iter().map(|f| (format!("a.{}", f.name), answers::written(&f.value))));
    hidden.push(("ask".into(), question.input.id.clone()));
    let back = given.split_last().map(|(_, before)| visit.url(visit.lang, before));
    let progress = w.progress.replace("{n}", &question.number.to_string()).replace("{more}", &remaining.to_string());
    let ctx = context! {
        lang => visit.lang,
        w,
        title => texts(visit.procedure, visit.lang).0,
        languages => switch(&offered(visit.procedure), visit.lang, |l| visit.url(l, given)),
        action => format!("/p/{}", visit.procedure.id),
        question => context! {
            text => question.text, help => question.help, kind, choices, min, max,
            value => typed, error, field => format!("q-{}", question.input.id),
        },
        progress, why, hidden, back,
        restart => visit.url(visit.lang, &[]),
        answers => answer_list(visit, interview),
    };
    let status = if refusal.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    render(visit.site, status, "question.html", ctx)
}

/// Why an answer was refused, in the reader's words.
fn refusal_text(w: &Words, r: &Refusal) -> String {
    match r {
        Refusal::NotAChoice { .. } => w.not_a_choice.to_owned(),
        Refusal::NotANumber => w.not_a_number.to_owned(),
        Refusal::Invalid(errors) | Refusal::Error(errors) => {
            errors.iter().map(|d| d.message.as_str()).collect::<Vec<_>>().join(" ")
        }
        Refusal::Constraint(messages) => messages.join(" "),
    }
}

/// The answers so far: each question, its answer in words, and a link that asks it again
/// (the other answers kept).
fn answer_list(visit: &Visit<'_>, interview: &Interview<'_>) -> Vec<minijinja::Value> {
    let given = interview.answers();
    given
        .iter()
        .enumerate()
        .filter_map(|(i, fact)| {
            let handle = visit.procedure.input(&fact.name).ok()?;
            let input = visit.procedure.declaration(handle)?;
            let question = interview.question(input);
            let answer = question
                .choices()
                .iter()
                .find(|c| c.value == fact.value)
                .map_or_else(|| answers::written(&fact.value), |c| c.label.to_string());
            let others: Vec<Fact> = given.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, f)| f.clone()).collect();
            Some(context! { question => question.text, answer, change => visit.url(visit.lang, &others) })
        })
        .collect()
}

fn result(visit: &Visit<'_>, interview: &Interview<'_>, evaluation: &Evaluation<'_>) -> Response {
    let report = Report::new(evaluation, visit.lang);
    let given = interview.answers();
    let ics = format!("/p/{}/calendar.ics?{}", visit.procedure.id, answers::query(visit.lang, given));
    let ctx = context! {
        lang => visit.lang,
        w => visit.w(),
        tags => procedure::reader_words(visit.lang),
        title => texts(visit.procedure, visit.lang).0,
        languages => switch(&offered(visit.procedure), visit.lang, |l| visit.url(l, given)),
        report => minijinja::Value::from_serialize(&report),
        ics,
        back => given.split_last().map(|(_, before)| visit.url(visit.lang, before)),
        restart => visit.url(visit.lang, &[]),
        answers => answer_list(visit, interview),
    };
    render(visit.site, StatusCode::OK, "result.html", ctx)
}

async fn calendar(
    State(site): State<Shared>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let visit = match Visit::new(&site, &id, raw.as_deref(), &headers) {
        Ok(v) => v,
        Err(page) => return page,
    };
    let interview = match visit.interview() {
        Ok(i) => i,
        Err(page) => return page,
    };
    match interview.evaluate() {
        Ok(evaluation) => {
            let disposition = format!("attachment; filename=\"{}.ics\"", visit.procedure.id);
            let mut response = (
                [(header::CONTENT_TYPE, HeaderValue::from_static("text/calendar; charset=utf-8"))],
                procedure::ics::ics(&evaluation, visit.lang),
            )
                .into_response();
            if let Ok(v) = HeaderValue::from_str(&disposition) {
                response.headers_mut().insert(header::CONTENT_DISPOSITION, v);
            }
            response
        }
        Err(errors) => visit.refused(&errors),
    }
}

async fn style() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")], STYLE)
        .into_response()
}

/// Left to the guard, which answers in the page's language, or in JSON under `/api/`.
async fn not_found() -> StatusCode {
    StatusCode::NOT_FOUND
}
