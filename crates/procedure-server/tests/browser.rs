//! The lost-card interview in a real browser: Debian's headless Chromium driven over
//! chromedriver with fantoccini. A stolen card in Vietnamese and in Japanese, an impossible
//! date refused next to its field, back and change, the checklist, the deadline, the `.ics`
//! download, and screenshots of the result at phone and desktop widths under
//! `target/screenshots/`.
//!
//! Without Chromium and chromedriver the test fails under `CI=true` (`.ci/run` installs them)
//! and otherwise says plainly that it did not run.

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

use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use procedure::Procedure;

use common::{STOLEN, compiled, root, site};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// chromedriver, ended when the test ends however it ends.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Whether the browser is here; when it is not, outside CI, the reason the test did not run.
fn browser_missing() -> Option<String> {
    let missing: Vec<&str> = [CHROMIUM, CHROMEDRIVER].into_iter().filter(|p| !Path::new(p).exists()).collect();
    if missing.is_empty() {
        return None;
    }
    let message = format!(
        "{} missing: install Debian's chromium and chromium-driver (`apt-get install -y chromium chromium-driver`)",
        missing.join(" and ")
    );
    assert!(std::env::var("CI").as_deref() != Ok("true"), "the browser test must run under CI: {message}");
    Some(message)
}

async fn start_server() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, procedure_server::router(site())).await.unwrap() });
    address
}

async fn start_browser(scratch: &Path) -> (Driver, Client) {
    let port = free_port();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let driver = Driver(child);
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not listen on {port}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let profile = scratch.join("profile");
    let args = vec![
        "--headless".to_owned(),
        "--no-sandbox".to_owned(),
        "--disable-gpu".to_owned(),
        "--disable-quic".to_owned(),
        "--no-first-run".to_owned(),
        "--disable-background-networking".to_owned(),
        "--disable-component-update".to_owned(),
        "--disable-sync".to_owned(),
        "--disable-dev-shm-usage".to_owned(),
        "--hide-scrollbars".to_owned(),
        format!("--user-data-dir={}", profile.display()),
        "--window-size=1280,900".to_owned(),
    ];
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("goog:chromeOptions".into(), serde_json::json!({"binary": CHROMIUM, "args": args}));
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .unwrap();
    (driver, client)
}

/// The number (from 1) of the choice that sets `value` on `input`, as the page lists them.
fn choice_number(procedure: &Procedure, input: &str, value: &str) -> Option<usize> {
    let declaration = procedure.declaration(procedure.input(input).ok()?)?;
    match value {
        "true" if declaration.labels.is_empty() => Some(1),
        "false" if declaration.labels.is_empty() => Some(2),
        _ => declaration.labels.iter().position(|(v, _)| v == value).map(|i| i + 1),
    }
}

struct Page {
    client: Client,
    base: String,
    procedure: Procedure,
}

impl Page {
    async fn text(&self, css: &str) -> String {
        self.client.wait().for_element(Locator::Css(css)).await.unwrap().text().await.unwrap()
    }

    /// Waits until the page that was shown before `old` went stale has been replaced: a form
    /// sent or a link followed returns before the next page has loaded.
    async fn arrived(&self, old: fantoccini::elements::Element) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while old.tag_name().await.is_ok() {
            assert!(Instant::now() < deadline, "no new page after 30 s");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        self.client.wait().for_element(Locator::Css("main")).await.unwrap();
    }

    /// Follows the link found by `locator`, and waits for the next page.
    async fn follow(&self, locator: Locator<'_>) {
        let old = self.client.find(Locator::Css("html")).await.unwrap();
        self.client.find(locator).await.unwrap().click().await.unwrap();
        self.arrived(old).await;
    }

    async fn asked(&self) -> Option<String> {
        let field = self.client.find(Locator::Css("input[name=ask]")).await.ok()?;
        field.attr("value").await.unwrap()
    }

    /// Answers the question on the page, which must be `input`'s.
    async fn answer(&self, input: &str, value: &str) {
        assert_eq!(self.asked().await.as_deref(), Some(input));
        let old = self.client.find(Locator::Css("html")).await.unwrap();
        match choice_number(&self.procedure, input, value) {
            Some(n) => {
                let radio = self.client.find(Locator::Css(&format!("#q-{input}-{n}"))).await.unwrap();
                // By keyboard: Space selects the focused radio button, Enter sends the form.
                radio.send_keys(" ").await.unwrap();
                radio.send_keys("\u{E007}").await.unwrap();
            }
            None => {
                let field = self.client.find(Locator::Css(&format!("#q-{input}"))).await.unwrap();
                field.clear().await.unwrap();
                field.send_keys(value).await.unwrap();
                field.send_keys("\u{E007}").await.unwrap();
            }
        }
        self.arrived(old).await;
    }

    async fn answer_all(&self, answers: &[(&str, &str)]) {
        for (input, value) in answers {
            self.answer(input, value).await;
        }
        assert_eq!(self.asked().await, None, "the result after every answer");
    }

    async fn open(&self, path: &str) {
        self.client.goto(&format!("{}{path}", self.base)).await.unwrap();
    }

    /// A screenshot `width` pixels wide: of the whole page, or (`whole` false) of the first
    /// screen a phone shows.
    async fn screenshot(&self, name: &str, width: u32, whole: bool) -> PathBuf {
        self.client.set_window_size(width, 844).await.unwrap();
        if whole {
            let height: u64 = self
                .client
                .execute("return document.documentElement.scrollHeight", vec![])
                .await
                .ok()
                .and_then(|v| v.as_u64())
                .unwrap_or(844);
            self.client.set_window_size(width, u32::try_from(height.clamp(600, 8000)).unwrap()).await.unwrap();
        }
        let png = self.client.screenshot().await.unwrap();
        let dir = root().join("target/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, png).unwrap();
        self.client.set_window_size(1280, 900).await.unwrap();
        path
    }
}

/// The body of a GET on the test's server.
fn fetch(address: SocketAddr, path: &str) -> String {
    let mut stream = TcpStream::connect(address).unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {address}\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.0 200") || response.starts_with("HTTP/1.1 200"), "{response}");
    response.split_once("\r\n\r\n").unwrap().1.to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_lost_card_interview_in_a_real_browser() {
    if let Some(reason) = browser_missing() {
        eprintln!("NOT RUN: the browser test did not run: {reason}");
        return;
    }
    let address = start_server().await;
    let scratch = std::env::temp_dir().join(format!("procedure-browser-{}", std::process::id()));
    let (_driver, client) = start_browser(&scratch).await;
    let page = Page {
        client: client.clone(),
        base: format!("http://{address}"),
        procedure: compiled("procedures/lost_card.yaml"),
    };
    // In a task of its own, so that a failing step still closes the browser.
    let outcome = tokio::spawn(async move {
        vietnamese(&page, address).await;
        japanese(&page).await;
    })
    .await;
    let _ = client.close().await;
    let _ = std::fs::remove_dir_all(&scratch);
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}

async fn vietnamese(page: &Page, address: SocketAddr) {
    // The index, in Vietnamese, then the procedure.
    page.open("/?lang=vi").await;
    let link = page.client.find(Locator::Css("a[href^='/p/lost_card']")).await.unwrap();
    assert!(link.text().await.unwrap().contains("Cấp lại thẻ lưu trú"));
    page.follow(Locator::Css("a[href^='/p/lost_card']")).await;
    assert_eq!(page.asked().await.as_deref(), Some("holder"));
    let lang = page.client.find(Locator::Css("html")).await.unwrap().attr("lang").await.unwrap();
    assert_eq!(lang.as_deref(), Some("vi"));

    // Back undoes the last answer.
    page.answer_all_but_check(&STOLEN[..2]).await;
    page.follow(Locator::LinkText("Quay lại")).await;
    assert_eq!(page.asked().await.as_deref(), Some("cause"));
    page.answer_all_but_check(&STOLEN[1..4]).await;

    // An impossible date is refused next to its field, in Vietnamese, and the text kept.
    page.answer("learned_on", "2026-02-30").await;
    assert_eq!(page.asked().await.as_deref(), Some("learned_on"));
    let error = page.text("#q-learned_on-error").await;
    assert!(error.contains("Không có ngày “2026-02-30”"), "{error}");
    let field = page.client.find(Locator::Css("#q-learned_on")).await.unwrap();
    assert_eq!(field.attr("aria-invalid").await.unwrap().as_deref(), Some("true"));
    page.answer_all(&STOLEN[4..]).await;

    // The result: the outcome, the checklist, the deadline with its days left and safe date.
    let notice = page.text(".notice").await;
    assert!(notice.contains("dịch bằng máy"), "{notice}");
    let checklist = page.text(".checklist").await;
    for document in ["Đơn xin cấp lại thẻ lưu trú", "Hộ chiếu"] {
        assert!(checklist.contains(document), "{document} in {checklist}");
    }
    let labels = page.client.find_all(Locator::Css(".checklist li label")).await.unwrap();
    assert_eq!(labels.len(), 5, "{checklist}");
    assert_eq!(page.text(".deadline .safe-date").await, "2026-12-04");
    assert_eq!(page.text(".deadline .days").await, "còn 9 ngày");
    page.screenshot("result-phone-vi.png", 390, true).await;
    page.screenshot("result-phone-vi-first-screen.png", 390, false).await;
    page.screenshot("result-desktop-vi.png", 1280, true).await;

    // The .ics download: the deadline as an all-day event on its date.
    let href = page.client.find(Locator::Css("a.calendar")).await.unwrap().attr("href").await.unwrap().unwrap();
    let ics = fetch(address, &href);
    let calendar: icalendar::Calendar = ics.parse().unwrap();
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

    // Change the day learned: the question again, then the deadline moves.
    page.follow(Locator::Css(".answers dl div:nth-child(5) a")).await;
    assert_eq!(page.asked().await.as_deref(), Some("learned_on"));
    page.answer("learned_on", "2026-11-18").await;
    assert_eq!(page.asked().await, None);
    assert_eq!(page.text(".deadline .safe-date").await, "2026-12-02");
    assert_eq!(page.text(".deadline .days").await, "còn 7 ngày");
}

async fn japanese(page: &Page) {
    page.open("/p/lost_card?lang=ja").await;
    assert!(page.text("#progress").await.starts_with("質問 1"));
    page.answer_all(STOLEN).await;
    let lang = page.client.find(Locator::Css("html")).await.unwrap().attr("lang").await.unwrap();
    assert_eq!(lang.as_deref(), Some("ja"));
    assert!(page.text("#checklist-title").await.contains("書類のチェックリスト"));
    let checklist = page.text(".checklist").await;
    assert!(checklist.contains("在留カード再交付申請書") && checklist.contains("旅券"), "{checklist}");
    assert_eq!(page.text(".deadline .safe-date").await, "2026-12-04");
    assert_eq!(page.text(".deadline .days").await, "残り 9 日");
    page.screenshot("result-phone-ja.png", 390, true).await;
    page.screenshot("result-desktop-ja.png", 1280, true).await;

    // The language switch keeps the answers.
    page.follow(Locator::LinkText("Tiếng Việt")).await;
    assert_eq!(page.text(".deadline .days").await, "còn 9 ngày");
}

impl Page {
    /// Answers these questions, the page not ending on the result.
    async fn answer_all_but_check(&self, answers: &[(&str, &str)]) {
        for (input, value) in answers {
            self.answer(input, value).await;
        }
    }
}
