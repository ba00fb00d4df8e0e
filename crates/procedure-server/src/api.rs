//! The JSON API for programs: the procedures served, and an evaluation of facts with the
//! result `procedure eval --format json` writes. Its OpenAPI document is a static file.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use procedure::{Diagnostic, Level, bind, evaluate_as_of, render};
use serde::Serialize;

use crate::answers::Query;
use crate::lang;
use crate::{Shared, Site};

/// The OpenAPI document of the API, served at `/api/v1/openapi.json`.
pub const OPENAPI: &str = include_str!("../openapi.json");

/// The API's routes: method, path (as the OpenAPI document writes it) and handler. The
/// router is built from this list, so a test can hold it against the document.
#[must_use]
pub fn api_routes() -> Vec<(&'static str, &'static str, MethodRouter<Shared>)> {
    vec![
        ("get", "/api/v1/procedures", get(procedures)),
        ("post", "/api/v1/procedures/{id}/evaluate", post(evaluate)),
        ("get", "/api/v1/openapi.json", get(openapi)),
    ]
}

/// The API's routes in a router.
pub fn routes() -> Router<Shared> {
    api_routes().into_iter().fold(Router::new(), |router, (_, path, handler)| router.route(path, handler))
}

/// An error's JSON: a message, and the diagnostics with their codes.
#[derive(Serialize)]
struct Problem<'a> {
    error: &'a str,
    diagnostics: Vec<DiagnosticJson>,
}

#[derive(Serialize)]
struct DiagnosticJson {
    code: &'static str,
    severity: &'static str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<String>,
}

impl From<&Diagnostic> for DiagnosticJson {
    fn from(d: &Diagnostic) -> DiagnosticJson {
        let severity = if d.level == Level::Error { "error" } else { "warning" };
        DiagnosticJson { code: d.code.as_str(), severity, message: d.message.clone(), help: d.help.clone() }
    }
}

/// A JSON error response.
pub fn problem(status: StatusCode, error: &str, diagnostics: &[Diagnostic]) -> Response {
    let body = Problem { error, diagnostics: diagnostics.iter().map(DiagnosticJson::from).collect() };
    let json = serde_json::to_string(&body).unwrap_or_default();
    let mut response = (status, [(header::CONTENT_TYPE, "application/json")], json).into_response();
    response.extensions_mut().insert(crate::pages::Rendered);
    response
}

fn json(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

async fn procedures(State(site): State<Shared>) -> Response {
    #[derive(Serialize)]
    struct Entry<'a> {
        id: &'a str,
        version: &'a str,
        languages: &'a [String],
        title: serde_json::Map<String, serde_json::Value>,
    }
    let list: Vec<Entry<'_>> = site
        .procedures
        .iter()
        .map(|p| Entry {
            id: &p.id,
            version: &p.version,
            languages: &p.languages,
            title: p
                .languages
                .iter()
                .filter_map(|l| p.title.get(l).map(|(t, _)| (l.clone(), serde_json::Value::from(t))))
                .collect(),
        })
        .collect();
    json(StatusCode::OK, serde_json::to_string(&list).unwrap_or_default())
}

async fn openapi() -> Response {
    json(StatusCode::OK, OPENAPI.to_owned())
}

/// Facts (a JSON object of input ids to values) in, the evaluation's JSON out; `lang=` in the
/// query picks the language (else `Accept-Language`, else the procedure's first).
async fn evaluate(
    State(site): State<Shared>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    evaluate_facts(&site, &id, raw.as_deref(), &headers, &body)
}

fn evaluate_facts(site: &Site, id: &str, raw: Option<&str>, headers: &HeaderMap, body: &[u8]) -> Response {
    let Some(procedure) = site.procedure(id) else {
        return problem(StatusCode::NOT_FOUND, &format!("no procedure `{id}`"), &[]);
    };
    let query = Query::parse(raw);
    let offered: Vec<&str> = procedure.languages.iter().map(String::as_str).collect();
    let language = lang::choose(query.lang.as_deref(), headers, &offered);
    let Ok(text) = std::str::from_utf8(body) else {
        return problem(StatusCode::BAD_REQUEST, "the body is not UTF-8 text", &[]);
    };
    if !text.trim_start().starts_with('{') {
        return problem(StatusCode::BAD_REQUEST, "the body must be a JSON object of facts", &[]);
    }
    let facts = match procedure::load_facts(text) {
        Ok(f) => f,
        Err(e) => {
            return problem(
                StatusCode::BAD_REQUEST,
                "the facts cannot be read",
                &Diagnostic::from_miette(&e, Level::Error),
            );
        }
    };
    let bound = match bind(procedure, &facts) {
        Ok(b) => b,
        Err(errors) => return problem(StatusCode::UNPROCESSABLE_ENTITY, "the facts do not fit the procedure", &errors),
    };
    let today = site.today.of(procedure);
    match evaluate_as_of(procedure, &bound, today, today) {
        Ok(evaluation) => json(StatusCode::OK, render::json_text(&evaluation, language)),
        Err(errors) => problem(StatusCode::UNPROCESSABLE_ENTITY, "the facts cannot be evaluated", &errors),
    }
}
