//! Renderers of an evaluation: JSON for programs, text and Markdown for people. All three
//! render one [`Report`], built once in the reader's language, so a text reaches every format
//! or none. What is printed is escaped for where it goes: control characters never reach a
//! terminal raw, and a text cannot inject Markdown or HTML (headings, links, `<script>`).

use std::fmt::Write as _;

use procedure_core::Evaluation;
use serde_json::Value as Json;

use crate::labels::{Labels, labels};
use crate::report::{DeadlineState, NodeRole, Report, ReportStatus, Tag, Translation};

pub use crate::report::SCHEMA_VERSION;

/// The evaluation as a JSON value (schema version [`SCHEMA_VERSION`]): the [`Report`],
/// serialised. To print it, [`json_text`] is faster and gives the same text.
pub fn json(e: &Evaluation<'_>, language: &str) -> Json {
    serde_json::to_value(Report::new(e, language)).unwrap_or(Json::Null)
}

/// The evaluation as JSON text on one line (schema version [`SCHEMA_VERSION`]): the
/// [`Report`] serialised straight to text, byte for byte what [`json`]'s value prints.
#[must_use]
pub fn json_text(e: &Evaluation<'_>, language: &str) -> String {
    Report::new(e, language).to_json()
}

impl Labels {
    /// The tag of an item that is not verified, in words: ` [inferred]`; nothing when verified.
    /// An amount as the reader writes it: digits grouped by thousands with the language's
    /// separator, then the currency (in Japanese, yen as 円).
    fn money(&self, amount: i64, currency: &str) -> String {
        let digits = amount.unsigned_abs().to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3 + 1);
        if amount < 0 {
            grouped.push('-');
        }
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(self.thousands);
            }
            grouped.push(c);
        }
        match (self.yen, currency) {
            (Some(yen), "JPY") => format!("{grouped}{yen}"),
            _ => format!("{grouped} {currency}"),
        }
    }

    fn tag(&self, v: Tag) -> String {
        match v {
            Tag::Secondary => format!(" [{}]", self.secondary),
            Tag::Inferred => format!(" [{}]", self.inferred),
            Tag::Unverified => format!(" [{}]", self.unverified),
            Tag::Verified => String::new(),
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
    /// A text as it may be printed in this style: control characters and bidirectional
    /// overrides shown as `\u{..}` escapes; in Markdown, every character that could start
    /// markup escaped, `<` and `&` as entities, and line breaks folded, so that a text stays
    /// inside its list item.
    fn escape(self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            match (self, c) {
                (_, '\n') if self == Style::Markdown => out.push(' '),
                (_, '\n' | '\t') => out.push(c),
                (_, c) if c.is_control() || is_bidi_control(c) => {
                    let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
                }
                (Style::Markdown, '<') => out.push_str("&lt;"),
                (Style::Markdown, '>') => out.push_str("&gt;"),
                (Style::Markdown, '&') => out.push_str("&amp;"),
                (Style::Markdown, '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '#' | '|' | '!' | '~') => {
                    out.push('\\');
                    out.push(c);
                }
                _ => out.push(c),
            }
        }
        out
    }

    fn heading(self, out: &mut String, title: &str) {
        match self {
            Style::Text { color: true } => {
                let _ = writeln!(out, "\n\x1b[1m{title}\x1b[0m");
            }
            Style::Text { color: false } => {
                let _ = writeln!(out, "\n{title}");
            }
            Style::Markdown => {
                let _ = writeln!(out, "\n## {}", title.trim_end_matches([':', '：']));
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

/// Whole days from one `YYYY-MM-DD` date of the report to another.
fn days_between(from: &str, to: &str) -> Option<i64> {
    let (from, to) = (procedure_expr::parse_date(from).ok()?, procedure_expr::parse_date(to).ok()?);
    from.until(to).ok().map(|s| i64::from(s.get_days()))
}

/// Whether `c` reorders text when displayed: the bidirectional embeddings, overrides and
/// isolates, which can make a line read other than it is.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// The evaluation as a checklist a person can follow, in plain text.
pub fn text_report(e: &Evaluation<'_>, language: &str) -> String {
    report(e, language, Style::Text { color: false })
}

/// The evaluation as a checklist a person can follow, in the given style.
pub fn report(e: &Evaluation<'_>, language: &str, style: Style) -> String {
    render(&Report::new(e, language), style)
}

/// [`report`] with each element's id after it (`procedure eval --show-ids`), for the author
/// of a scenario file, whose expectations name steps, documents, deadlines, fees and warnings
/// by id.
pub fn report_with_ids(e: &Evaluation<'_>, language: &str, style: Style) -> String {
    render_with(&Report::new(e, language), style, true)
}

/// A report as a checklist a person can follow, in the given style.
pub fn render(r: &Report, style: Style) -> String {
    render_with(r, style, false)
}

/// An id after the element it names, dim on a terminal; nothing unless ids are asked for.
fn id_suffix(style: Style, show: bool, id: &str) -> String {
    match (show, style) {
        (false, _) => String::new(),
        (true, Style::Text { color: true }) => format!(" \x1b[2m[{}]\x1b[0m", style.escape(id)),
        (true, Style::Text { color: false }) => format!(" [{}]", style.escape(id)),
        (true, Style::Markdown) => format!(" `{}`", id.replace('`', "")),
    }
}

/// [`render`], with each element's id after it when `show_ids`.
pub fn render_with(r: &Report, style: Style, show_ids: bool) -> String {
    let l = labels(&r.language);
    let x = |t: &str| style.escape(t);
    let id = |id: &str| id_suffix(style, show_ids, id);
    // A node of a called sub-procedure is named with its procedure's id, as a scenario's path names it.
    let node_id = |procedure: &str, step: &str| {
        if procedure == r.procedure.id { id(step) } else { id(&format!("{procedure}/{step}")) }
    };
    let mut out = String::new();
    let title = format!("{}{}", x(&r.procedure.title), l.version.replace("{version}", &x(r.procedure.version)));
    match style {
        Style::Markdown => {
            let _ = writeln!(out, "# {title}");
        }
        Style::Text { .. } => {
            let _ = writeln!(out, "{title}");
        }
    }
    if let Some(summary) = &r.procedure.summary {
        let _ = writeln!(out, "{}", x(summary));
    }
    if r.as_of != r.today {
        let _ = writeln!(out, "{}", l.rules_as_of.replace("{date}", &r.as_of));
    }
    if r.translation == Translation::Machine {
        let _ = writeln!(out, "{}", l.machine);
    }
    // The outcome, also when the checklist on the way still waits on facts.
    if let Some(o) = &r.outcome {
        let mut outcome = x(&o.title);
        if let Some(w) = &o.place {
            let _ = write!(outcome, " — {}", x(w));
        }
        outcome.push_str(&id(o.id));
        // Reached while questions remain: it holds once they are answered.
        if r.status == ReportStatus::NeedsInput {
            let _ = write!(outcome, " {}", l.pending);
        }
        let heading = if style == Style::Markdown {
            format!("{}{}{outcome}", l.outcome, l.colon)
        } else {
            format!("=> {outcome}")
        };
        style.heading(&mut out, &heading);
        if let Some(d) = &o.description {
            let _ = writeln!(out, "   {}", x(d));
        }
    }
    if r.status == ReportStatus::NeedsInput {
        style.heading(&mut out, l.more_information);
        for n in &r.needs {
            // A program that asks the questions itself (the interview) blanks the ids: its
            // reader sees questions only.
            if n.input.is_empty() {
                let _ = writeln!(out, "{} {}", style.item("?"), x(&n.question));
            } else {
                let _ = writeln!(out, "{} {}  ({})", style.item("?"), x(&n.question), x(n.input));
            }
            if let Some(help) = &n.help {
                let _ = writeln!(out, "    {}", x(help));
            }
            for v in &n.values {
                let _ = writeln!(out, "    - {}: {}", x(v.value), x(&v.label));
            }
        }
    }
    // The actions, numbered; the decisions are explained under "Why".
    let actions: Vec<&crate::report::PathEntry> = r.path.iter().filter(|p| p.kind == NodeRole::Action).collect();
    if !actions.is_empty() {
        style.heading(&mut out, l.steps);
        for (i, step) in actions.iter().enumerate() {
            let number = if style == Style::Markdown { format!("{}.", i + 1) } else { format!("  {}.", i + 1) };
            let _ = write!(out, "{number} {}", x(step.title.as_deref().unwrap_or_default()));
            if let Some(w) = &step.place {
                let _ = write!(out, " — {}", x(w));
            }
            let _ = writeln!(out, "{}", node_id(step.procedure, step.step));
            if let Some(details) = &step.details {
                let _ = writeln!(out, "     {}", x(details));
            }
        }
    }
    if !r.documents.is_empty() {
        style.heading(&mut out, l.documents);
        for d in &r.documents {
            let _ = write!(out, "{} {}", style.item("[ ]"), x(&d.title));
            if let Some(details) = &d.details {
                let _ = write!(out, " — {}", x(details));
            }
            if let Some(note) = &d.note {
                let _ = write!(out, "{}", l.aside.replace("{text}", &x(note)));
            }
            let _ = writeln!(out, "{}{}", l.tag(d.verification), id(d.id));
        }
    }
    if !r.deadlines.is_empty() {
        style.heading(&mut out, l.deadlines);
        for d in &r.deadlines {
            let by = match &d.opens {
                Some(opens) => l.window.replace("{opens}", opens),
                None => l.by.to_owned(),
            };
            let by = by.replace("{title}", &x(&d.title)).replace("{date}", &d.effective_date);
            let _ = write!(out, "{} {by}", style.item("-"));
            if d.effective_date != d.date {
                // The move's own tag, when the procedure gives one: the date moved, and how sure that is.
                let tag = d.calendar_verification.map(|t| l.tag(t)).unwrap_or_default();
                let moved = l.moved.replace("{date}", &d.date).replace("{tag}", &tag);
                let _ = write!(out, "{}", moved.replace("{safe}", &d.safe_date));
            } else if let Some(possible) = &d.possible_date {
                let _ = write!(out, "{}", l.may_move.replace("{possible}", possible).replace("{safe}", &d.safe_date));
            }
            let status = match d.status {
                DeadlineState::Late => style.alert(&l.late.replace("{n}", &(-d.days_left).to_string())),
                DeadlineState::LastDay => style.alert(l.last_day),
                DeadlineState::OnTime => l.left.replace("{n}", &d.days_left.to_string()),
                DeadlineState::NotYetOpen => {
                    let until = d.opens.as_deref().and_then(|o| days_between(&r.today, o)).unwrap_or_default();
                    l.opens_in.replace("{n}", &until.to_string())
                }
            };
            let _ = writeln!(out, " — {status}{}{}", l.tag(d.verification), id(d.id));
            // The note says how the date was reckoned, and what in it is not verified.
            if let Some(note) = &d.note {
                let _ = writeln!(out, "    {}", x(note));
            }
        }
    }
    if let Some(total) = &r.fees.total {
        style.heading(&mut out, l.fee);
        let money = |amount: i64| l.money(amount, &x(total.currency));
        let amount_of = |f: &crate::report::FeeInfo| match f.amount {
            Some(a) => money(a),
            None if f.set_by_office => l.fee_by_office.to_owned(),
            None => l.fee_not_known.to_owned(),
        };
        let items = &r.fees.items;
        // Each fee with what it pays for; the total alone when there is one fee without a title
        // or a word about it.
        let said = |f: &crate::report::FeeInfo| f.title.is_some() || f.when_paid.is_some() || f.note.is_some();
        let sum = if r.fees.total_is_minimum {
            l.fee_at_least.replace("{amount}", &money(total.amount))
        } else {
            money(total.amount)
        };
        if items.len() > 1 || items.iter().any(said) {
            for f in items {
                let title = f.title.as_deref().unwrap_or(l.fee_untitled);
                let _ = write!(out, "{} {}{}{}", style.item("-"), x(title), l.colon, amount_of(f));
                if let Some(when) = &f.when_paid {
                    let _ = write!(out, "{}", l.aside.replace("{text}", &x(when)));
                }
                let _ = writeln!(out, "{}{}", l.tag(f.verification), id(f.id));
                if let Some(note) = &f.note {
                    let _ = writeln!(out, "    {}", x(note));
                }
            }
            if items.len() > 1 {
                let _ = writeln!(out, "{} {}{}{}", style.item("="), l.total, l.colon, sum);
            }
        } else {
            let ids: String = items.iter().map(|f| id(f.id)).collect();
            let one = items.first().map_or(sum, amount_of);
            let _ = writeln!(out, "{} {one}{ids}", style.item("-"));
        }
    }
    if !r.warnings.is_empty() {
        style.heading(&mut out, l.warnings);
        for w in &r.warnings {
            let _ = writeln!(
                out,
                "{} {}{}{}",
                style.item("!"),
                style.alert(&x(&w.message)),
                l.tag(w.verification),
                id(w.id)
            );
        }
    }
    // Why: each node on the path that chose the way, with the answers its conditions read
    // (held or not: an `otherwise` is taken because the conditions before it did not hold).
    let mut why: Vec<(Option<&str>, Vec<String>, String)> = Vec::new();
    for entry in &r.path {
        let mut answers: Vec<String> = Vec::new();
        for d in r.decisions.iter().filter(|d| d.node == entry.step && d.procedure == entry.procedure) {
            for a in &d.answers {
                let said = format!("{} → {}", x(&a.question), x(&a.answer));
                if !answers.contains(&said) {
                    answers.push(said);
                }
            }
        }
        if entry.kind == NodeRole::Decision || !answers.is_empty() {
            why.push((entry.title.as_deref(), answers, node_id(entry.procedure, entry.step)));
        }
    }
    for explained in &r.explanations {
        let answers = explained.answers.iter().map(|a| format!("{} → {}", x(&a.question), x(&a.answer))).collect();
        why.push((explained.title.as_deref(), answers, id(explained.id)));
    }
    why.retain(|(title, answers, _)| title.is_some() || !answers.is_empty());
    if !why.is_empty() {
        style.heading(&mut out, l.why);
        for (title, answers, shown_id) in why {
            let line = match (title, answers.is_empty()) {
                (Some(t), false) => format!("{} — {}", x(t), answers.join("; ")),
                (Some(t), true) if r.status == ReportStatus::NeedsInput => format!("{} — {}", x(t), l.waiting),
                (Some(t), true) => x(t),
                (None, _) => answers.join("; "),
            };
            let _ = writeln!(out, "{} {line}{shown_id}", style.item("-"));
        }
    }
    if !r.notes.is_empty() {
        style.heading(&mut out, l.notes);
        for n in &r.notes {
            let _ = writeln!(out, "{} {}", style.item("-"), x(&n.text));
        }
    }
    if !r.sources.is_empty() {
        style.heading(&mut out, l.sources);
        for src in &r.sources {
            // Only a web address becomes a link: a `javascript:` one stays text.
            let web = src.url.filter(|u| u.starts_with("https://") || u.starts_with("http://"));
            let link = match (style, web, &src.url) {
                (Style::Markdown, Some(u), _) => format!("[{}](<{}>)", x(&src.title), u.replace(['<', '>', ' '], "")),
                // In Markdown `<…>` is a link: an address that is not a web one stays text.
                (Style::Markdown, None, Some(u)) => format!("{} ({})", x(&src.title), x(u)),
                (_, _, Some(u)) => format!("{} <{}>", x(&src.title), x(u)),
                (_, _, None) => x(&src.title),
            };
            let _ = writeln!(out, "{} {link}", style.item("-"));
            if let Some(note) = &src.note {
                let _ = writeln!(out, "    {}", x(note));
            }
        }
    }
    out
}
