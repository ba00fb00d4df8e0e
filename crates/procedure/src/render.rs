//! Renderers of an evaluation: JSON for programs, text and Markdown for people. One result
//! structure serves all three; texts are taken in the chosen language, and a text that has no
//! version in that language is shown in another with a visible marker, `[en]`.

use std::fmt::Write as _;

use procedure_core::{DeadlineStatus, Evaluation, NodeKind, Status, Text, verification};
use procedure_syntax::{OutcomeKind, Verification};
use serde_json::{Value as Json, json};

/// The version of the JSON result's shape; it changes only with a documented migration.
pub const SCHEMA_VERSION: u32 = 1;

/// Texts in the reader's language, noting whether any of those shown is a machine
/// translation not yet reviewed.
struct Texts<'l> {
    language: &'l str,
    machine: std::cell::Cell<bool>,
}

impl Texts<'_> {
    /// The text in the language, marked with the language it fell back to.
    fn text(&self, t: &Text) -> String {
        match t.get(self.language) {
            Some((s, false)) => {
                if t.is_machine(self.language) {
                    self.machine.set(true);
                }
                s.to_owned()
            }
            Some((s, true)) => {
                let lang = t.by_language.first().map_or("", |(l, _)| l.as_str());
                format!("[{lang}] {s}")
            }
            None => String::new(),
        }
    }

    fn opt(&self, t: Option<&Text>) -> Json {
        t.map_or(Json::Null, |t| json!(self.text(t)))
    }
}

fn tag(v: Verification) -> &'static str {
    match v {
        Verification::Verified => "verified",
        Verification::Secondary => "secondary",
        Verification::Inferred => "inferred",
        Verification::Unverified => "unverified",
    }
}

fn status(s: Status) -> &'static str {
    match s {
        Status::Complete => "complete",
        Status::NeedsInput => "needs_input",
    }
}

fn deadline_status(s: DeadlineStatus) -> &'static str {
    match s {
        DeadlineStatus::OnTime => "on_time",
        DeadlineStatus::LastDay => "last_day",
        DeadlineStatus::Late => "late",
    }
}

fn kind(k: OutcomeKind) -> &'static str {
    match k {
        OutcomeKind::Done => "done",
        OutcomeKind::Redirect => "redirect",
        OutcomeKind::CannotProceed => "cannot_proceed",
    }
}

/// The evaluation as JSON (schema version [`SCHEMA_VERSION`]).
pub fn json(e: &Evaluation<'_>, language: &str) -> Json {
    let p = e.procedure;
    let tx = Texts { language, machine: std::cell::Cell::new(false) };
    let source_ids = |c: &procedure_core::Citation| -> Vec<&str> {
        c.sources.iter().filter_map(|&i| p.sources.get(i)).map(|s| s.id.as_str()).collect()
    };
    let mut cited: Vec<usize> = Vec::new();
    let mut cite = |c: &procedure_core::Citation| {
        for &i in &c.sources {
            if !cited.contains(&i) {
                cited.push(i);
            }
        }
    };
    let path: Vec<Json> = e
        .path
        .iter()
        .map(|s| {
            let (title, place) = match &s.node.kind {
                NodeKind::Step(step) => {
                    cite(&step.citation);
                    (json!(tx.text(&step.title)), tx.opt(step.place.as_ref()))
                }
                NodeKind::Table(t) => (tx.opt(t.title.as_ref()), Json::Null),
                NodeKind::Outcome(o) => (json!(tx.text(&o.title)), tx.opt(o.place.as_ref())),
            };
            json!({"step": s.node.id, "title": title, "where": place, "why": s.why})
        })
        .collect();
    let decisions: Vec<Json> = e
        .decisions
        .iter()
        .map(|d| {
            let read: Vec<&str> = d.read.iter().filter_map(|&i| p.inputs.get(i)).map(|i| i.id.as_str()).collect();
            json!({"node": d.node.id, "guard": d.guard, "value": d.value, "read": read})
        })
        .collect();
    let documents: Vec<Json> = e
        .documents
        .iter()
        .map(|d| {
            cite(d.citation);
            json!({
                "id": d.document.id,
                "title": tx.text(&d.document.title),
                "details": tx.opt(d.document.details.as_ref()),
                "note": tx.opt(d.note),
                "obtain_at": d.obtain_at.map(|n| n.id.as_str()),
                "bring_to": d.bring_to.map(|n| n.id.as_str()),
                "verification": tag(verification(d.citation)),
                "sources": source_ids(d.citation),
            })
        })
        .collect();
    let deadlines: Vec<Json> = e
        .deadlines
        .iter()
        .map(|d| {
            cite(&d.deadline.citation);
            json!({
                "id": d.deadline.id,
                "title": tx.text(&d.deadline.title),
                "date": d.date.to_string(),
                "effective_date": d.effective_date.to_string(),
                "safe_date": d.safe_date.to_string(),
                "status": deadline_status(d.status),
                "days_left": d.days_left,
                "calendar": d.calendar,
                "note": tx.opt(d.deadline.note.as_ref()),
                "verification": tag(verification(&d.deadline.citation)),
                "sources": source_ids(&d.deadline.citation),
            })
        })
        .collect();
    let total = e.fee_total().map(|(amount, currency)| json!({"amount": amount, "currency": currency}));
    let fee_items: Vec<Json> = e
        .fees
        .iter()
        .map(|f| {
            cite(&f.fee.citation);
            json!({
                "id": f.fee.id,
                "title": tx.opt(f.fee.title.as_ref()),
                "amount": f.fee.amount,
                "currency": f.fee.currency,
                "when_paid": tx.opt(f.fee.when_paid.as_ref()),
                "note": tx.opt(f.fee.note.as_ref()),
                "verification": tag(verification(&f.fee.citation)),
            })
        })
        .collect();
    let warnings: Vec<Json> = e
        .warnings
        .iter()
        .map(|w| {
            cite(&w.warning.citation);
            json!({"id": w.warning.id, "message": tx.text(&w.warning.message), "verification": tag(verification(&w.warning.citation))})
        })
        .collect();
    let needs: Vec<Json> = e
        .needs
        .iter()
        .map(|i| {
            json!({
                "input": i.id,
                "type": type_name(&i.ty),
                "values": i.labels.iter().map(|(v, l)| json!({"value": v, "label": tx.text(l)})).collect::<Vec<_>>(),
                "question": tx.text(&i.question),
                "help": tx.opt(i.help.as_ref()),
            })
        })
        .collect();
    let outcome = e.outcome.and_then(|n| match &n.kind {
        NodeKind::Outcome(o) => {
            cite(&o.citation);
            Some(json!({"id": n.id, "title": tx.text(&o.title), "kind": kind(o.kind), "description": tx.opt(o.description.as_ref()), "where": tx.opt(o.place.as_ref())}))
        }
        _ => None,
    });
    let sources: Vec<Json> = cited
        .iter()
        .filter_map(|&i| p.sources.get(i))
        .map(|s| json!({"id": s.id, "title": tx.text(&s.title), "url": s.url, "verification": s.verification.map(tag)}))
        .collect();
    json!({
        "schema_version": SCHEMA_VERSION,
        "status": status(e.status),
        "procedure": {"id": p.id, "version": p.version, "title": tx.text(&p.title)},
        "language": language,
        "translation": if tx.machine.get() { "machine" } else { "reviewed" },
        "today": e.today.to_string(),
        "as_of": e.as_of.to_string(),
        "outcome": outcome,
        "path": path,
        "decisions": decisions,
        "documents": documents,
        "deadlines": deadlines,
        "fees": {"total": total, "items": fee_items},
        "warnings": warnings,
        "needs": needs,
        "sources": sources,
        "notes": e.notes,
    })
}

fn type_name(ty: &procedure_expr::Type) -> String {
    match ty {
        procedure_expr::Type::Enum(_) => "enum".into(),
        other => other.to_string(),
    }
}

/// The fixed words of a report, in the reader's language (English for a language without a
/// translation here).
struct Labels {
    more_information: &'static str,
    outcome: &'static str,
    steps: &'static str,
    documents: &'static str,
    deadlines: &'static str,
    fee: &'static str,
    warnings: &'static str,
    notes: &'static str,
    sources: &'static str,
    /// `{title}`, `{date}`.
    by: &'static str,
    /// `{date}` (legal), `{safe}`.
    moved: &'static str,
    /// `{n}`.
    late: &'static str,
    last_day: &'static str,
    /// `{n}`.
    left: &'static str,
    secondary: &'static str,
    inferred: &'static str,
    unverified: &'static str,
    /// `{date}`: shown when the rules applied are not today's.
    rules_as_of: &'static str,
    /// Shown when the texts in the reader's language are a machine translation.
    machine: &'static str,
    total: &'static str,
}

fn labels(language: &str) -> Labels {
    match language {
        "vi" => Labels {
            more_information: "Cần thêm thông tin:",
            outcome: "Kết quả",
            steps: "Các bước:",
            documents: "Giấy tờ:",
            deadlines: "Thời hạn:",
            fee: "Lệ phí:",
            warnings: "Lưu ý:",
            notes: "Ghi chú:",
            sources: "Nguồn:",
            by: "{title}: hạn chót {date}",
            moved: " (hạn theo luật {date} rơi vào ngày nghỉ nên được dời; an toàn nhất là nộp trước hoặc vào {safe})",
            late: "TRỄ {n} ngày",
            last_day: "HÔM NAY là ngày cuối cùng",
            left: "còn {n} ngày",
            secondary: "nguồn thứ cấp",
            inferred: "suy luận",
            unverified: "chưa kiểm chứng",
            rules_as_of: "Áp dụng các quy định có hiệu lực vào ngày {date}.",
            machine: "Lưu ý: các nội dung tiếng Việt ở đây được dịch bằng máy và chưa được người bản ngữ kiểm tra.",
            total: "Tổng cộng",
        },
        "ja" => Labels {
            more_information: "追加の情報が必要です：",
            outcome: "結果",
            steps: "手順：",
            documents: "書類：",
            deadlines: "期限：",
            fee: "手数料：",
            warnings: "注意：",
            notes: "備考：",
            sources: "出典：",
            by: "{title}：{date}まで",
            moved: "（法定の期限{date}が閉庁日のため延長。確実なのは{safe}までに手続すること）",
            late: "{n}日超過",
            last_day: "本日が最終日",
            left: "残り{n}日",
            secondary: "二次情報",
            inferred: "推論",
            unverified: "未確認",
            rules_as_of: "{date}時点で有効な規定を適用しています。",
            machine: "注意：この日本語の文章は機械翻訳で、日本語を母語とする人の確認をまだ受けていません。",
            total: "合計",
        },
        _ => Labels {
            more_information: "More information is needed:",
            outcome: "Outcome",
            steps: "Steps:",
            documents: "Documents:",
            deadlines: "Deadlines:",
            fee: "Fee:",
            warnings: "Warnings:",
            notes: "Notes:",
            sources: "Sources:",
            by: "{title} by {date}",
            moved: " (legal date {date}, moved past closed days; safest {safe})",
            late: "LATE by {n} day(s)",
            last_day: "TODAY is the last day",
            left: "{n} day(s) left",
            secondary: "secondary",
            inferred: "inferred",
            unverified: "unverified",
            rules_as_of: "The rules in force on {date} apply.",
            machine: "Note: these texts are a machine translation, not yet reviewed by a native reader.",
            total: "Total",
        },
    }
}

impl Labels {
    /// The tag of an item that is not verified, in words: ` [inferred]`; nothing when verified.
    fn tag(&self, v: &Json) -> String {
        match v.as_str() {
            Some("secondary") => format!(" [{}]", self.secondary),
            Some("inferred") => format!(" [{}]", self.inferred),
            Some("unverified") => format!(" [{}]", self.unverified),
            _ => String::new(),
        }
    }
}

/// How a report for people is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// Plain text for a terminal; `color` adds ANSI colours (bold headings, red for late).
    Text {
        /// Whether to colour.
        color: bool,
    },
    /// Markdown, to print or publish: headings, check boxes, links.
    Markdown,
}

impl Style {
    fn heading(self, out: &mut String, title: &str) {
        match self {
            Style::Text { color: true } => {
                let _ = writeln!(out, "\n\x1b[1m{title}\x1b[0m");
            }
            Style::Text { color: false } => {
                let _ = writeln!(out, "\n{title}");
            }
            Style::Markdown => {
                let _ = writeln!(out, "\n## {}", title.trim_end_matches(':'));
            }
        }
    }

    fn alert(self, text: &str) -> String {
        match self {
            Style::Text { color: true } => format!("\x1b[31;1m{text}\x1b[0m"),
            Style::Markdown => format!("**{text}**"),
            Style::Text { color: false } => text.to_owned(),
        }
    }

    fn item(self, mark: &str) -> String {
        match (self, mark) {
            (Style::Markdown, "[ ]") => "- [ ]".into(),
            (Style::Markdown, _) => "-".into(),
            (_, mark) => format!("  {mark}"),
        }
    }
}

/// The evaluation as a checklist a person can follow, in plain text.
pub fn text_report(e: &Evaluation<'_>, language: &str) -> String {
    report(e, language, Style::Text { color: false })
}

/// The evaluation as a checklist a person can follow, in the given style.
#[allow(
    clippy::indexing_slicing,
    reason = "indexing a serde_json value yields null for a missing key; it never panics"
)]
pub fn report(e: &Evaluation<'_>, language: &str, style: Style) -> String {
    let l = labels(language);
    let j = json(e, language);
    let mut out = String::new();
    let s = |v: &Json| v.as_str().unwrap_or("").to_owned();
    let title =
        format!("{} ({} {})", s(&j["procedure"]["title"]), s(&j["procedure"]["id"]), s(&j["procedure"]["version"]));
    match style {
        Style::Markdown => {
            let _ = writeln!(out, "# {title}");
        }
        _ => {
            let _ = writeln!(out, "{title}");
        }
    }
    if e.as_of != e.today {
        let _ = writeln!(out, "{}", l.rules_as_of.replace("{date}", &e.as_of.to_string()));
    }
    if j["translation"] == "machine" {
        let _ = writeln!(out, "{}", l.machine);
    }
    match e.status {
        Status::Complete => {
            let mut outcome = s(&j["outcome"]["title"]);
            if let Some(w) = j["outcome"]["where"].as_str() {
                let _ = write!(outcome, " — {w}");
            }
            let heading =
                if style == Style::Markdown { format!("{}: {outcome}", l.outcome) } else { format!("=> {outcome}") };
            style.heading(&mut out, &heading);
            if let Some(d) = j["outcome"]["description"].as_str() {
                let _ = writeln!(out, "   {d}");
            }
        }
        Status::NeedsInput => {
            style.heading(&mut out, l.more_information);
            for n in j["needs"].as_array().into_iter().flatten() {
                let _ = writeln!(out, "{} {}  ({})", style.item("?"), s(&n["question"]), s(&n["input"]));
                for v in n["values"].as_array().into_iter().flatten() {
                    let _ = writeln!(out, "    - {}: {}", s(&v["value"]), s(&v["label"]));
                }
            }
        }
    }
    // The path's nodes themselves, not ids: a sub-procedure's steps are not the procedure's own.
    let steps: Vec<&Json> = j["path"]
        .as_array()
        .into_iter()
        .flatten()
        .zip(&e.path)
        .filter(|(_, p)| matches!(p.node.kind, NodeKind::Step(_)))
        .map(|(j, _)| j)
        .collect();
    if !steps.is_empty() {
        style.heading(&mut out, l.steps);
        for (i, p) in steps.iter().enumerate() {
            let number = if style == Style::Markdown { format!("{}.", i + 1) } else { format!("  {}.", i + 1) };
            let _ = write!(out, "{number} {}", s(&p["title"]));
            if let Some(w) = p["where"].as_str() {
                let _ = write!(out, " — {w}");
            }
            out.push('\n');
        }
    }
    if let Some(docs) = j["documents"].as_array().filter(|d| !d.is_empty()) {
        style.heading(&mut out, l.documents);
        for d in docs {
            let _ = write!(out, "{} {}", style.item("[ ]"), s(&d["title"]));
            if let Some(details) = d["details"].as_str() {
                let _ = write!(out, " — {details}");
            }
            if let Some(note) = d["note"].as_str() {
                let _ = write!(out, " ({note})");
            }
            let _ = write!(out, "{}", l.tag(&d["verification"]));
            out.push('\n');
        }
    }
    if let Some(deadlines) = j["deadlines"].as_array().filter(|d| !d.is_empty()) {
        style.heading(&mut out, l.deadlines);
        for d in deadlines {
            let by = l.by.replace("{title}", &s(&d["title"])).replace("{date}", &s(&d["effective_date"]));
            let _ = write!(out, "{} {by}", style.item("-"));
            if d["effective_date"] != d["date"] {
                let _ =
                    write!(out, "{}", l.moved.replace("{date}", &s(&d["date"])).replace("{safe}", &s(&d["safe_date"])));
            }
            let left = d["days_left"].as_i64().unwrap_or(0);
            match d["status"].as_str() {
                Some("late") => {
                    let _ = write!(out, " — {}", style.alert(&l.late.replace("{n}", &(-left).to_string())));
                }
                Some("last_day") => {
                    let _ = write!(out, " — {}", style.alert(l.last_day));
                }
                _ => {
                    let _ = write!(out, " — {}", l.left.replace("{n}", &left.to_string()));
                }
            }
            let _ = write!(out, "{}", l.tag(&d["verification"]));
            out.push('\n');
            // The note says how the date was reckoned, and what in it is not verified.
            if let Some(note) = d["note"].as_str() {
                let _ = writeln!(out, "    {note}");
            }
        }
    }
    if let Some(amount) = j["fees"]["total"]["amount"].as_i64() {
        style.heading(&mut out, l.fee);
        let currency = s(&j["fees"]["total"]["currency"]);
        let items = j["fees"]["items"].as_array().map_or(&[][..], Vec::as_slice);
        // Each fee with what it pays for; the total alone when there is one fee without a title.
        if items.len() > 1 || items.iter().any(|f| f["title"].is_string()) {
            for f in items {
                let title =
                    f["title"].as_str().unwrap_or(&f["id"].as_str().unwrap_or_default().replace('_', " ")).to_owned();
                let _ = write!(out, "{} {title}: {} {currency}", style.item("-"), f["amount"]);
                if let Some(when) = f["when_paid"].as_str() {
                    let _ = write!(out, " ({when})");
                }
                let _ = writeln!(out, "{}", l.tag(&f["verification"]));
            }
            if items.len() > 1 {
                let _ = writeln!(out, "{} {}: {amount} {currency}", style.item("="), l.total);
            }
        } else {
            let _ = writeln!(out, "{} {amount} {currency}", style.item("-"));
        }
    }
    if let Some(ws) = j["warnings"].as_array().filter(|w| !w.is_empty()) {
        style.heading(&mut out, l.warnings);
        for w in ws {
            let _ = write!(out, "{} {}", style.item("!"), style.alert(&s(&w["message"])));
            let _ = write!(out, "{}", l.tag(&w["verification"]));
            out.push('\n');
        }
    }
    if let Some(notes) = j["notes"].as_array().filter(|n| !n.is_empty()) {
        style.heading(&mut out, l.notes);
        for n in notes {
            let _ = writeln!(out, "{} {}", style.item("-"), n.as_str().unwrap_or(""));
        }
    }
    if let Some(sources) = j["sources"].as_array().filter(|s| !s.is_empty()) {
        style.heading(&mut out, l.sources);
        for src in sources {
            let link = match (style, src["url"].as_str()) {
                (Style::Markdown, Some(u)) => format!("[{}]({u})", s(&src["title"])),
                (_, Some(u)) => format!("{} <{u}>", s(&src["title"])),
                (_, None) => s(&src["title"]),
            };
            let _ = writeln!(out, "{} {link}", style.item("-"));
        }
    }
    out
}
