//! Deadlines as an iCalendar file (RFC 5545), for the reader's own calendar: one all-day event
//! per deadline on its effective date, with a reminder on its safe date, the procedure's title
//! and the deadline's sources in its description, in the reader's language.
//!
//! The output depends on nothing but the evaluation: the event's UID is made of the procedure's
//! id, the deadline's id and its date, and DTSTAMP is the date of evaluation, never the clock,
//! so that the same situation gives the same file and a calendar that imports it twice
//! updates its events instead of doubling them.
//!
//! A deadline whose date is not known yet (it waits on an answer) is no event: the file holds
//! the deadlines the evaluation could date, and the caller tells the reader when the answer is
//! incomplete (`procedure eval` exits with 3, as for every format).

use std::fmt::Write as _;

use procedure_core::Evaluation;

use crate::labels::labels;
use crate::report::{DeadlineInfo, Report, Tag, Translation};

/// The hour, in the procedure's time zone, at which the reminder rings on the safe date.
const REMINDER_HOUR: i8 = 9;

/// The longest content line, in octets, before it is folded (RFC 5545 §3.1).
const LINE_OCTETS: usize = 75;

/// The evaluation's deadlines as an iCalendar file in `language` (see the module's doc).
#[must_use]
pub fn ics(e: &Evaluation<'_>, language: &str) -> String {
    calendar(&Report::new(e, language), &e.procedure.time_zone)
}

/// The deadlines of `report` as an iCalendar file; `time_zone` (an IANA name) places the
/// reminders, which ring at 09:00 on the safe date there (in UTC if the zone is unknown).
#[must_use]
pub fn calendar(report: &Report<'_>, time_zone: &str) -> String {
    let words = Words::new(&report.language);
    let mut out = Lines::default();
    out.line("BEGIN:VCALENDAR");
    out.line("VERSION:2.0");
    out.line("PRODID:-//procedure//procedure//EN");
    out.line("CALSCALE:GREGORIAN");
    out.line("METHOD:PUBLISH");
    out.property("X-WR-CALNAME", &report.procedure.title);
    let stamp = format!("{}T000000Z", compact(&report.today));
    let mut uids: Vec<String> = Vec::with_capacity(report.deadlines.len());
    for d in &report.deadlines {
        let mut uid = format!("{}-{}-{}@procedure", report.procedure.id, d.id, compact(&d.effective_date));
        // A sub-procedure's deadline may share the caller's id and date: a UID names one event.
        let base = uid.clone();
        let mut n = 1;
        while uids.contains(&uid) {
            n += 1;
            uid = format!("{base}-{n}");
        }
        uids.push(uid.clone());
        out.line("BEGIN:VEVENT");
        out.property("UID", &uid);
        out.line(&format!("DTSTAMP:{stamp}"));
        out.line(&format!("DTSTART;VALUE=DATE:{}", compact(&d.effective_date)));
        out.line(&format!("DTEND;VALUE=DATE:{}", day_after(&d.effective_date)));
        out.property("SUMMARY", &d.title);
        out.property("DESCRIPTION", &description(report, d, &words));
        if let Some(url) = report.sources.iter().find(|s| d.sources.contains(&s.id)).and_then(|s| s.url) {
            out.property("URL", url);
        }
        out.line("TRANSP:TRANSPARENT");
        out.line("BEGIN:VALARM");
        out.line("ACTION:DISPLAY");
        out.property("DESCRIPTION", &words.reminder.replace("{title}", &d.title).replace("{safe}", &d.safe_date));
        out.line(&format!("TRIGGER;VALUE=DATE-TIME:{}", reminder(&d.safe_date, time_zone)));
        out.line("END:VALARM");
        out.line("END:VEVENT");
    }
    out.line("END:VCALENDAR");
    out.text
}

/// What an event says: the procedure, the dates, the note, how sure it is, the sources.
fn description(report: &Report<'_>, d: &DeadlineInfo<'_>, words: &Words) -> String {
    let l = labels(&report.language);
    let mut text = String::new();
    let _ = writeln!(text, "{}", report.procedure.title);
    let _ = writeln!(text, "{}", l.by.replace("{title}", &d.title).replace("{date}", &d.effective_date));
    if d.date != d.effective_date {
        let _ = writeln!(text, "{}", words.legal.replace("{date}", &d.date));
    }
    if let Some(possible) = &d.possible_date {
        let _ = writeln!(text, "{}", words.possible.replace("{date}", possible));
    }
    if d.safe_date != d.effective_date {
        let _ = writeln!(text, "{}", words.safe.replace("{date}", &d.safe_date));
    }
    if let Some(note) = &d.note {
        let _ = writeln!(text, "{note}");
    }
    let tag = match d.verification {
        Tag::Verified => None,
        Tag::Secondary => Some(l.secondary),
        Tag::Inferred => Some(l.inferred),
        Tag::Unverified => Some(l.unverified),
    };
    if let Some(tag) = tag {
        let _ = writeln!(text, "[{tag}]");
    }
    let sources: Vec<_> = report.sources.iter().filter(|s| d.sources.contains(&s.id)).collect();
    if !sources.is_empty() {
        let _ = writeln!(text, "{}", l.sources);
        for s in sources {
            match s.url {
                Some(url) => {
                    let _ = writeln!(text, "- {} <{url}>", s.title);
                }
                None => {
                    let _ = writeln!(text, "- {}", s.title);
                }
            }
        }
    }
    if report.translation == Translation::Machine {
        let _ = writeln!(text, "{}", l.machine);
    }
    text.trim_end().to_owned()
}

/// `2026-12-04` as `20261204`.
fn compact(date: &str) -> String {
    date.chars().filter(char::is_ascii_digit).collect()
}

/// The day after `date` (an all-day event ends, exclusive, the next day), compact.
fn day_after(date: &str) -> String {
    date.parse::<jiff::civil::Date>()
        .ok()
        .and_then(|d| d.tomorrow().ok())
        .map_or_else(|| compact(date), |d| d.strftime("%Y%m%d").to_string())
}

/// The reminder's moment, in UTC: 09:00 on `safe` in `time_zone`.
fn reminder(safe: &str, time_zone: &str) -> String {
    let Ok(date) = safe.parse::<jiff::civil::Date>() else {
        return format!("{}T000000Z", compact(safe));
    };
    let local = date.at(REMINDER_HOUR, 0, 0, 0);
    let zone = jiff::tz::db().get(time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    match zone.to_timestamp(local) {
        Ok(t) => t.strftime("%Y%m%dT%H%M%SZ").to_string(),
        Err(_) => format!("{}T{REMINDER_HOUR:02}0000Z", compact(safe)),
    }
}

/// Content lines, each folded at 75 octets and ended with CRLF.
#[derive(Default)]
struct Lines {
    text: String,
}

impl Lines {
    /// A line as it is: its value holds nothing to escape.
    fn line(&mut self, line: &str) {
        let mut octets = 0;
        for c in line.chars() {
            // A character is never split: the line breaks before one that would not fit.
            if octets + c.len_utf8() > LINE_OCTETS {
                self.text.push_str("\r\n ");
                octets = 1;
            }
            self.text.push(c);
            octets += c.len_utf8();
        }
        self.text.push_str("\r\n");
    }

    /// A property whose value is TEXT, escaped.
    fn property(&mut self, name: &str, value: &str) {
        self.line(&format!("{name}:{}", escape(value)));
    }
}

/// A TEXT value escaped (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks; a
/// control character or bidirectional override from an authored text becomes `?`, as on a
/// terminal, since a calendar shows it to the reader as it is.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if procedure_core::hidden_character(c).is_some() => out.push('?'),
            c => out.push(c),
        }
    }
    out
}

/// The fixed words of a calendar in the reader's language (English for a language without a
/// translation here).
struct Words {
    /// `{date}`: the legal last day, when the calendar moved it.
    legal: &'static str,
    /// `{date}`: where an unverified move would put it.
    possible: &'static str,
    /// `{date}`: the last open day on or before the legal date.
    safe: &'static str,
    /// `{title}`, `{safe}`: what the reminder says.
    reminder: &'static str,
}

impl Words {
    fn new(language: &str) -> Words {
        match language {
            "vi" => Words {
                legal: "Hạn theo luật: {date}",
                possible: "Có thể được dời đến {date} (chưa kiểm chứng)",
                safe: "An toàn nhất là làm xong chậm nhất vào {date}",
                reminder: "{title}: an toàn nhất là làm xong trong hôm nay ({safe})",
            },
            "ja" => Words {
                legal: "法定の期限：{date}",
                possible: "{date}まで延長される可能性があります（未確認）",
                safe: "確実なのは{date}までに手続すること",
                reminder: "{title}：確実なのは本日（{safe}）までに手続すること",
            },
            _ => Words {
                legal: "Legal date: {date}",
                possible: "It may move to {date} (unverified)",
                safe: "Safest: done by {date}",
                reminder: "{title}: safest to have it done today ({safe})",
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Lines, escape};

    #[test]
    fn a_long_line_folds_between_characters_within_75_octets() {
        let mut lines = Lines::default();
        lines.property("SUMMARY", &"在留カード".repeat(10));
        for line in lines.text.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
        let unfolded = lines.text.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{}\r\n", "在留カード".repeat(10)));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a,b;c\\d\ne\u{1b}f\u{202e}"), "a\\,b\\;c\\\\d\\ne?f?");
    }
}
