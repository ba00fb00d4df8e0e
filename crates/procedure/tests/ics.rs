//! The `.ics` file, read back with an iCalendar parser (the `icalendar` crate): what a
//! calendar program would import.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "test code: a panic is a failing test"
)]

use std::path::Path;

use icalendar::parser::{Component, read_calendar, unfold};
use icalendar::{CalendarComponent, Component as _, DatePerhapsTime};
use procedure::{CompileOptions, Directory, Procedure, bind, compile_with, evaluate, ics::ics, load_facts};

fn lost_card() -> Procedure {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../procedures/lost_card.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    compile_with(&text, &CompileOptions::DEFAULT, &Directory::beside(&path)).procedure.unwrap()
}

/// The calendar of a card lost on `learned_on` (Saturday 21 November 2026: its legal last day
/// is Saturday 5 December, moved to Monday 7; the safe day is Friday 4).
fn calendar(learned_on: &str, today: jiff::civil::Date, language: &str) -> String {
    let procedure = lost_card();
    let facts = load_facts(&format!(
        "{{holder: mid_long_term_resident, cause: lost, learned_on: '{learned_on}', learned_abroad: false, age: 34, \
         police_report_filed: true, card_found: not_found, passport_presentable: true, has_activity_permission: false, applicant: self}}"
    ))
    .unwrap();
    let facts = bind(&procedure, &facts).unwrap();
    let evaluation = evaluate(&procedure, &facts, today).unwrap();
    ics(&evaluation, language)
}

/// An all-day date as `YYYY-MM-DD`; a date with a time fails the test.
fn day(d: Option<DatePerhapsTime>) -> String {
    match d {
        Some(DatePerhapsTime::Date(d)) => d.to_string(),
        other => panic!("not an all-day date: {other:?}"),
    }
}

fn prop<'a>(c: &'a Component<'_>, name: &str) -> &'a str {
    c.find_prop(name).unwrap_or_else(|| panic!("no {name}")).val.as_str()
}

#[test]
fn a_deadline_moved_past_the_weekend_is_an_all_day_event_with_a_reminder_on_the_safe_day() {
    let text = calendar("2026-11-21", jiff::civil::date(2026, 11, 25), "en");
    let calendar: icalendar::Calendar = text.parse().unwrap();
    let events: Vec<_> = calendar
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect();
    assert_eq!(events.len(), 1);
    let event = events[0];
    assert_eq!(day(event.get_start()), "2026-12-07");
    assert_eq!(day(event.get_end()), "2026-12-08");
    assert_eq!(event.get_summary(), Some("Apply for a new card"));
    let description = event.get_description().unwrap();
    assert!(description.starts_with("Replacing a lost, stolen or damaged residence card\n"), "{description}");
    assert!(description.contains("Legal date: 2026-12-05"), "{description}");
    assert!(description.contains("Safest: done by 2026-12-04"), "{description}");
    assert!(description.contains("Article 19-12 <https://laws.e-gov.go.jp/law/326CO0000000319>"), "{description}");
    assert_eq!(event.get_uid(), Some("lost_card-apply-20261207@procedure"));

    // The reminder rings at 09:00 in Tokyo on the safe day: midnight UTC.
    let unfolded = unfold(&text);
    let parsed = read_calendar(&unfolded).unwrap();
    let vevent = parsed.components.iter().find(|c| c.name == "VEVENT").unwrap();
    assert_eq!(prop(vevent, "DTSTAMP"), "20261125T000000Z");
    let alarm = vevent.components.iter().find(|c| c.name == "VALARM").unwrap();
    assert_eq!(prop(alarm, "ACTION"), "DISPLAY");
    assert_eq!(prop(alarm, "TRIGGER"), "20261204T000000Z");
}

#[test]
fn the_reader_s_language_reaches_the_event() {
    let text = calendar("2026-11-20", jiff::civil::date(2026, 11, 25), "ja");
    let calendar: icalendar::Calendar = text.parse().unwrap();
    let CalendarComponent::Event(event) = &calendar.components[0] else { panic!("an event first") };
    assert_eq!(day(event.get_start()), "2026-12-04");
    assert_eq!(event.get_summary(), Some("再交付の申請"));
    let description = event.get_description().unwrap();
    assert!(description.starts_with("在留カードの紛失・盗難・汚損等による再交付\n"), "{description}");
    assert!(description.contains("出典："), "{description}");
    assert!(description.contains("機械翻訳"), "{description}");
}

#[test]
fn every_line_ends_in_crlf_within_75_octets_and_the_output_is_the_same_each_time() {
    let text = calendar("2026-11-20", jiff::civil::date(2026, 11, 25), "vi");
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    for line in text.split_terminator("\r\n") {
        assert!(line.len() <= 75, "{line:?}");
        assert!(!line.contains('\n') && !line.contains('\r'), "{line:?}");
    }
    assert_eq!(text, calendar("2026-11-20", jiff::civil::date(2026, 11, 25), "vi"));
}

#[test]
fn a_deadline_that_waits_on_an_answer_is_no_event() {
    let procedure = lost_card();
    let facts = bind(&procedure, &load_facts("{holder: mid_long_term_resident, cause: lost}").unwrap()).unwrap();
    let evaluation = evaluate(&procedure, &facts, jiff::civil::date(2026, 11, 25)).unwrap();
    let text = ics(&evaluation, "en");
    assert!(!text.contains("BEGIN:VEVENT"), "{text}");
    assert!(text.parse::<icalendar::Calendar>().is_ok());
}
