//! The layers around every route: limits on the request (body, headers, address), a time
//! limit, a concurrency limit, strict security headers, and an error page in the reader's
//! language for every refusal a layer makes on its own.

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

use crate::answers::{MAX_QUERY, Query};
use crate::lang::{self, LANGUAGES};
use crate::words::{Words, words};
use crate::{Shared, pages};

/// The largest request body and the largest sum of the headers' names and values.
pub const MAX_BYTES: usize = 64 * 1024;

/// The longest a request may take.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// Requests served at once; more wait their turn.
pub const CONCURRENCY: usize = 256;

/// No script at all, styles and images from the site only, forms only to the site.
const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; \
                   frame-ancestors 'none'";

/// `app` with every layer around it.
pub fn harden(app: Router<()>, site: Shared) -> Router<()> {
    let headers = [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        // The answers are in the address: no other site may see it.
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ];
    let mut app = app
        .layer(DefaultBodyLimit::max(MAX_BYTES))
        .layer(RequestBodyLimitLayer::new(MAX_BYTES))
        .layer(middleware::from_fn(limits))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, TIMEOUT))
        .layer(tower::limit::GlobalConcurrencyLimitLayer::new(CONCURRENCY));
    app = app.layer(middleware::from_fn_with_state(site, explain));
    for (name, value) in headers {
        app = app.layer(SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value)));
    }
    // A page holds a reader's answers: no cache may keep it (the stylesheet says otherwise).
    app.layer(SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
}

/// Refuses headers larger than [`MAX_BYTES`] in all and an address longer than the answers need.
async fn limits(request: Request, next: Next) -> Response {
    let headers: usize = request.headers().iter().map(|(n, v)| n.as_str().len() + v.len()).sum();
    if headers > MAX_BYTES {
        return bare(StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
    }
    if request.uri().query().map_or(0, str::len) > MAX_QUERY || request.uri().path().len() > 1024 {
        return bare(StatusCode::URI_TOO_LONG);
    }
    next.run(request).await
}

fn bare(status: StatusCode) -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = status;
    response
}

/// Gives a refusal made without a page (by a layer, or axum's own: a wrong method, a body
/// too large) a page in the reader's language, or a JSON error under `/api/`.
async fn explain(State(site): State<Shared>, request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let asked = Query::parse(request.uri().query()).lang;
    let lang = lang::choose(asked.as_deref(), request.headers(), &LANGUAGES);
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error())
        || response.extensions().get::<pages::Rendered>().is_some()
    {
        return response;
    }
    let mut out = if api {
        // Programs read English, as they read the codes.
        crate::api::problem(status, message(words("en"), status), &[])
    } else {
        pages::error_page(&site, status, lang, message(words(lang), status), &[])
    };
    // `Allow` tells a client which methods the address takes.
    if let Some(allow) = response.headers().get(header::ALLOW) {
        out.headers_mut().insert(header::ALLOW, allow.clone());
    }
    out
}

/// What a refusal by `status` means, in `w`'s language.
fn message(w: &'static Words, status: StatusCode) -> &'static str {
    match status {
        StatusCode::PAYLOAD_TOO_LARGE => w.too_large,
        StatusCode::METHOD_NOT_ALLOWED => w.wrong_method,
        StatusCode::REQUEST_TIMEOUT => w.too_slow,
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE | StatusCode::URI_TOO_LONG => w.headers_too_large,
        StatusCode::NOT_FOUND => w.not_found,
        _ => w.bad_answers,
    }
}
