//! The site over HTTP, in process: pages, the JSON API, and bad requests, each answered with a
//! 4xx and a clear message in the page's language, never a 500.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test"
)]

mod common;

use axum::body::{Body, to_bytes};
use axum::http::{Method, Request, StatusCode, header};
use tower::ServiceExt as _;

use common::{STOLEN, TODAY, site};

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

async fn send(request: Request<Body>) -> Reply {
    let response = procedure_server::router(site()).oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = String::from_utf8(to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec()).unwrap();
    assert!(!status.is_server_error(), "{status}: {body}");
    Reply { status, headers, body }
}

async fn get(uri: &str) -> Reply {
    send(Request::get(uri).body(Body::empty()).unwrap()).await
}

async fn get_in(uri: &str, accept_language: &str) -> Reply {
    send(Request::get(uri).header(header::ACCEPT_LANGUAGE, accept_language).body(Body::empty()).unwrap()).await
}

async fn post(uri: &str, body: impl Into<Body>) -> Reply {
    send(Request::post(uri).header(header::CONTENT_TYPE, "application/json").body(body.into()).unwrap()).await
}

fn query(lang: &str, answers: &[(&str, &str)]) -> String {
    let mut out = format!("lang={lang}");
    for (k, v) in answers {
        out.push_str(&format!("&a.{k}={v}"));
    }
    out
}

/// The input the page asks (its hidden `ask` field).
fn asked(body: &str) -> Option<&str> {
    let at = body.find("name=\"ask\" value=\"")? + "name=\"ask\" value=\"".len();
    body.get(at..)?.split('"').next()
}

#[tokio::test]
async fn the_index_speaks_the_browsers_language_and_lists_the_procedures() {
    let reply = get_in("/", "vi-VN,vi;q=0.9,en;q=0.8").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.body.contains("<html lang=\"vi\">"), "{}", reply.body);
    assert!(reply.body.contains("Cấp lại thẻ lưu trú bị mất"), "{}", reply.body);
    assert!(reply.body.contains("href=\"&#x2f;p&#x2f;lost_card?lang=vi\""), "{}", reply.body);
    let ja = get_in("/?lang=ja", "vi").await;
    assert!(ja.body.contains("<html lang=\"ja\">"));
}

#[tokio::test]
async fn every_page_has_a_strict_policy_and_no_cookie() {
    for uri in ["/", "/p/lost_card", "/nowhere", "/static/style.css"] {
        let reply = get(uri).await;
        let csp = reply.headers.get(header::CONTENT_SECURITY_POLICY).unwrap().to_str().unwrap();
        assert!(csp.contains("default-src 'none'") && csp.contains("style-src 'self'"), "{uri}: {csp}");
        assert!(!csp.contains("unsafe-inline") && !csp.contains("script-src"), "{uri}: {csp}");
        assert_eq!(reply.headers.get(header::REFERRER_POLICY).unwrap(), "no-referrer");
        assert!(reply.headers.get(header::SET_COOKIE).is_none());
        assert!(!reply.body.contains("<script"), "{uri}");
        assert!(!reply.body.contains("http://") || uri == "/static/style.css", "{uri}: no external asset");
    }
    let css = get("/static/style.css").await;
    assert!(css.headers.get(header::CONTENT_TYPE).unwrap().to_str().unwrap().starts_with("text/css"));
    assert!(css.body.contains("@media print"));
}

#[tokio::test]
async fn an_answer_moves_into_the_address_and_the_next_question_is_asked() {
    let first = get("/p/lost_card?lang=vi").await;
    assert_eq!(asked(&first.body), Some("holder"));
    assert!(first.body.contains("<label for=\"q-holder-1\">"), "every choice has a label");
    let reply = get("/p/lost_card?lang=vi&ask=holder&answer=1").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.headers.get(header::LOCATION).unwrap(), "/p/lost_card?lang=vi&a.holder=mid_long_term_resident");
    let next = get("/p/lost_card?lang=vi&a.holder=mid_long_term_resident").await;
    assert_eq!(asked(&next.body), Some("cause"));
    assert!(next.body.contains("Câu trả lời của bạn"), "the answers so far");
    assert!(next.body.contains("href=\"&#x2f;p&#x2f;lost_card?lang=vi\" ") || next.body.contains(">Quay lại</a>"));
}

#[tokio::test]
async fn the_stolen_card_interview_asks_these_questions_then_gives_the_result() {
    for i in 0..STOLEN.len() {
        let page = get(&format!("/p/lost_card?{}", query("en", &STOLEN[..i]))).await;
        assert_eq!(asked(&page.body), Some(STOLEN[i].0), "after {:?}", &STOLEN[..i]);
    }
    let result = get(&format!("/p/lost_card?{}", query("ja", STOLEN))).await;
    assert_eq!(result.status, StatusCode::OK);
    assert_eq!(asked(&result.body), None);
    assert!(result.body.contains("書類のチェックリスト"), "{}", result.body);
    assert!(result.body.contains("<time datetime=\"2026-12-04\" class=\"safe-date\">"), "{}", result.body);
    assert!(result.body.contains("残り 9 日"), "days left on {TODAY}");
    assert!(result.body.contains("機械翻訳"), "the machine-translation notice");
    // A tag is the word every output gives it (the text report's `[推論]`), not a word of its own.
    let tags = procedure::reader_words("ja");
    assert!(result.body.contains(&format!(">{}</span>", tags.inferred)), "{}", result.body);
    assert!(!result.body.contains("推定"), "a second word for `inferred`");
    assert!(result.body.contains("calendar.ics?lang=ja&amp;a.holder="), "the .ics link");
}

#[tokio::test]
async fn the_calendar_download_is_an_ics_file_of_the_deadline() {
    let reply = get(&format!("/p/lost_card/calendar.ics?{}", query("vi", STOLEN))).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.headers.get(header::CONTENT_TYPE).unwrap().to_str().unwrap().starts_with("text/calendar"));
    assert!(reply.headers.get(header::CONTENT_DISPOSITION).unwrap().to_str().unwrap().contains("lost_card.ics"));
    let calendar: icalendar::Calendar = reply.body.parse().unwrap();
    let event = calendar
        .components
        .iter()
        .find_map(|c| match c {
            icalendar::CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .unwrap();
    use icalendar::Component as _;
    match event.get_start() {
        Some(icalendar::DatePerhapsTime::Date(d)) => assert_eq!(d.to_string(), "2026-12-04"),
        other => panic!("not an all-day event: {other:?}"),
    }
}

#[tokio::test]
async fn an_impossible_date_is_refused_next_to_the_field_in_the_pages_language() {
    let before = query("vi", &STOLEN[..4]);
    let reply = get(&format!("/p/lost_card?{before}&ask=learned_on&answer=2026-02-30")).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("aria-invalid=\"true\""), "{}", reply.body);
    let error = reply.body.split("class=\"error\"").nth(1).unwrap();
    assert!(error.contains("Không có ngày “2026-02-30”."), "{error}");
    assert!(reply.body.contains("value=\"2026-02-30\""), "the typed text is kept");
    assert!(reply.body.contains("<html lang=\"vi\">"));
}

#[tokio::test]
async fn a_procedures_text_cannot_inject_html() {
    let index = get("/").await;
    assert!(
        index.body.contains("&lt;script&gt;alert(&#x27;title&#x27;)&lt;&#x2f;script&gt; Injected"),
        "{}",
        index.body
    );
    assert!(index.body.contains("&lt;img src=x onerror=alert(1)&gt;"));
    let question = get("/p/script").await;
    assert!(question.body.contains("&lt;script&gt;alert(&#x27;question&#x27;)"), "{}", question.body);
    assert!(question.body.contains("&lt;&#x2f;label&gt;&lt;script&gt;"), "{}", question.body);
    let result = get("/p/script?a.pick=a").await;
    assert!(result.body.contains("&lt;script&gt;alert(&#x27;outcome&#x27;)"), "{}", result.body);
    assert!(result.body.contains("&lt;b&gt;bold&lt;&#x2f;b&gt; source"), "{}", result.body);
    for body in [&index.body, &question.body, &result.body] {
        assert!(!body.contains("<script") && !body.contains("<img") && !body.contains("<b>"), "{body}");
    }
}

#[tokio::test]
async fn an_unknown_procedure_is_a_404_page_in_the_readers_language() {
    let reply = get_in("/p/no_such_thing", "ja").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(reply.body.contains("この名前の手続きはありません。"), "{}", reply.body);
    let api = post("/api/v1/procedures/no_such_thing/evaluate", "{}").await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert!(api.body.contains("no procedure `no_such_thing`"), "{}", api.body);
}

#[tokio::test]
async fn answers_in_the_address_that_do_not_fit_are_a_400_naming_the_problem() {
    let reply = get("/p/lost_card?lang=vi&a.holder=nobody").await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.body.contains("Các câu trả lời trong địa chỉ này không hợp lệ"), "{}", reply.body);
    assert!(reply.body.contains("nobody"), "{}", reply.body);
    let unknown = get("/p/lost_card?a.colour=blue").await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert!(unknown.body.contains("procedure::facts::undeclared"), "{}", unknown.body);
    let impossible = get("/p/lost_card?a.learned_on=2026-13-01").await;
    assert_eq!(impossible.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn path_traversal_finds_nothing() {
    for uri in [
        "/p/..%2F..%2FCargo.toml",
        "/p/../../Cargo.toml",
        "/static/..%2F..%2FCargo.toml",
        "/static/../src/lib.rs",
        "/p/lost_card/..%2Flost_card.yaml",
        "/procedures/lost_card.yaml",
        "/%2e%2e/%2e%2e/etc/passwd",
    ] {
        let reply = get(uri).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(!reply.body.contains("[workspace]") && !reply.body.contains("root:"), "{uri}");
    }
}

#[tokio::test]
async fn a_wrong_method_is_a_405_with_a_message() {
    let reply =
        send(Request::post("/p/lost_card").header(header::ACCEPT_LANGUAGE, "vi").body(Body::empty()).unwrap()).await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(reply.body.contains("Địa chỉ này không nhận loại yêu cầu này."), "{}", reply.body);
    let api = get("/api/v1/procedures/lost_card/evaluate").await;
    assert_eq!(api.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(api.body.contains("\"error\":\"This address does not take this kind of request.\""), "{}", api.body);
    let delete = send(Request::builder().method(Method::DELETE).uri("/").body(Body::empty()).unwrap()).await;
    assert_eq!(delete.status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn a_huge_body_or_huge_headers_are_refused() {
    let big = format!("{{\"cause\": \"{}\"}}", "x".repeat(100 * 1024));
    let reply = post("/api/v1/procedures/lost_card/evaluate", big.clone()).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(reply.body.contains("The request is too large."), "{}", reply.body);
    // Without a length announced, the body is cut while it is read.
    let stream = Body::from_stream(futures_stream(big));
    let reply = send(Request::post("/api/v1/procedures/lost_card/evaluate").body(stream).unwrap()).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", reply.body);
    let mut request = Request::get("/").body(Body::empty()).unwrap();
    for i in 0..40 {
        request
            .headers_mut()
            .insert(header::HeaderName::try_from(format!("x-filler-{i}")).unwrap(), "y".repeat(2000).parse().unwrap());
    }
    assert_eq!(send(request).await.status, StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
    let long = format!("/p/lost_card?a.x={}", "z".repeat(20 * 1024));
    assert_eq!(get(&long).await.status, StatusCode::URI_TOO_LONG);
}

fn futures_stream(text: String) -> impl futures_core::Stream<Item = Result<String, std::io::Error>> + Send {
    Chunks(text.into_bytes().chunks(4096).map(|c| String::from_utf8_lossy(c).into_owned()).collect())
}

struct Chunks(Vec<String>);

impl futures_core::Stream for Chunks {
    type Item = Result<String, std::io::Error>;
    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        let next = if self.0.is_empty() { None } else { Some(Ok(self.0.remove(0))) };
        std::task::Poll::Ready(next)
    }
}

#[tokio::test]
async fn the_api_lists_the_procedures() {
    let reply = get("/api/v1/procedures").await;
    let list: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
    assert_eq!(list[0]["id"], "lost_card");
    assert_eq!(list[0]["languages"], serde_json::json!(["en", "vi", "ja"]));
    assert_eq!(list[0]["title"]["ja"], "在留カードの紛失・盗難・汚損等による再交付");
}

#[tokio::test]
async fn the_api_evaluates_facts_into_evals_json() {
    let facts: serde_json::Map<String, serde_json::Value> = STOLEN
        .iter()
        .map(|(k, v)| {
            let value = match *v {
                "true" => serde_json::Value::Bool(true),
                "false" => serde_json::Value::Bool(false),
                v => v.parse::<i64>().map_or_else(|_| serde_json::Value::from(v), serde_json::Value::from),
            };
            ((*k).to_owned(), value)
        })
        .collect();
    let body = serde_json::to_string(&facts).unwrap();
    let reply = post("/api/v1/procedures/lost_card/evaluate?lang=vi", body.clone()).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    // Exactly what `procedure eval --format json` writes for these facts on this day.
    let procedure = common::compiled("procedures/lost_card.yaml");
    let bound = procedure::bind(&procedure, &procedure::load_facts(&body).unwrap()).unwrap();
    let evaluation = procedure::evaluate_as_of(&procedure, &bound, TODAY, TODAY).unwrap();
    assert_eq!(reply.body, procedure::render::json_text(&evaluation, "vi"));
}

#[tokio::test]
async fn the_api_refuses_bad_facts_with_their_codes() {
    let url = "/api/v1/procedures/lost_card/evaluate";
    let broken = post(url, "{\"cause\": ").await;
    assert_eq!(broken.status, StatusCode::BAD_REQUEST);
    let json: serde_json::Value = serde_json::from_str(&broken.body).unwrap();
    assert!(json["diagnostics"][0]["code"].as_str().unwrap().starts_with("procedure::"), "{json}");
    let not_object = post(url, "[1, 2]").await;
    assert_eq!(not_object.status, StatusCode::BAD_REQUEST);
    let unknown = post(url, "{\"colour\": \"blue\"}").await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    let json: serde_json::Value = serde_json::from_str(&unknown.body).unwrap();
    assert_eq!(json["diagnostics"][0]["code"], "procedure::facts::undeclared");
    let impossible = post(url, "{\"learned_on\": \"2026-02-30\"}").await;
    assert_eq!(impossible.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", impossible.body);
    assert!(impossible.body.contains("2026-02-30"), "{}", impossible.body);
    let not_text = post(url, vec![0xff_u8, 0xfe]).await;
    assert_eq!(not_text.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_openapi_document_names_every_api_route_and_no_other() {
    let reply = get("/api/v1/openapi.json").await;
    let document: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
    let mut documented: Vec<(String, String)> = Vec::new();
    for (path, methods) in document["paths"].as_object().unwrap() {
        for method in methods.as_object().unwrap().keys() {
            documented.push((method.clone(), path.clone()));
        }
    }
    let mut routed: Vec<(String, String)> =
        procedure_server::api_routes().into_iter().map(|(m, p, _)| (m.to_owned(), p.to_owned())).collect();
    documented.sort();
    routed.sort();
    assert_eq!(documented, routed);
    // And each answers at its address with its method (not a 404 or 405).
    for (method, path) in &routed {
        let uri = path.replace("{id}", "lost_card");
        let request =
            Request::builder().method(method.to_uppercase().as_str()).uri(&uri).body(Body::from("{}")).unwrap();
        let status = send(request).await.status;
        assert!(
            status != StatusCode::NOT_FOUND && status != StatusCode::METHOD_NOT_ALLOWED,
            "{method} {uri}: {status}"
        );
    }
}
