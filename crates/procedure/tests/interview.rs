//! The interview's logic, as a server or a terminal uses it: the next question, a choice by
//! number or label, answers refused with the facts file's diagnostics or the procedure's own
//! constraint message, why a question is asked, back, and the answers as a facts file.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "test code: a panic is a failing test"
)]

use std::path::Path;

use procedure::interview::{Interview, Kind, Question, Reason, Refusal, Step};
use procedure::{Code, CompileOptions, Directory, Procedure, Status, compile_with, load_facts};

fn lost_card() -> Procedure {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../procedures/lost_card.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    compile_with(&text, &CompileOptions::DEFAULT, &Directory::beside(&path)).procedure.unwrap()
}

const TODAY: jiff::civil::Date = jiff::civil::date(2026, 11, 25);

fn ask<'p>(interview: &Interview<'p>) -> Question<'p> {
    match interview.step().unwrap() {
        Step::Ask(q) => q,
        Step::Done(_) => panic!("a question was expected"),
    }
}

#[test]
fn a_choice_is_taken_by_number_or_label_and_nothing_else() {
    let procedure = lost_card();
    let mut interview = Interview::new(&procedure, "vi", TODAY, TODAY);
    let q = ask(&interview);
    assert_eq!(q.text, "Bạn đang có loại thẻ nào?");
    assert_eq!(q.number, 1);
    assert!(matches!(interview.answer(&q, "3"), Err(Refusal::NotAChoice { count: 2 })));
    interview.answer(&q, "1").unwrap();
    let q = ask(&interview);
    // Readers see labels: an enum value's id is not an answer.
    assert!(matches!(interview.answer(&q, "stolen"), Err(Refusal::NotAChoice { count: 5 })));
    interview.answer(&q, "bị lấy cắp").unwrap();
    assert_eq!(interview.answers()[1].name, "cause");
    assert!(matches!(&interview.answers()[1].value, procedure::FactValue::Text(v) if v == "stolen"));
}

#[test]
fn a_date_is_refused_as_a_facts_file_s_is_and_a_future_one_by_the_constraint_in_the_reader_s_language() {
    let procedure = lost_card();
    let mut interview = Interview::new(&procedure, "ja", TODAY, TODAY);
    interview
        .resume(
            &load_facts(
                "{holder: mid_long_term_resident, cause: stolen, card_found: not_found, learned_abroad: false}",
            )
            .unwrap(),
        )
        .unwrap();
    let q = ask(&interview);
    assert_eq!(q.input.id, "learned_on");
    assert!(matches!(q.kind, Kind::Date { default: Some(d), .. } if d == TODAY));
    let Err(Refusal::Invalid(errors)) = interview.answer(&q, "2026-02-30") else { panic!("refused") };
    assert_eq!(errors[0].code, Code::FactsInvalid);
    assert!(!errors[0].message.contains("`learned_on`"), "{}", errors[0].message);
    assert!(errors[0].message.contains("カードがないことを知ったのはいつですか？"), "{}", errors[0].message);
    let Err(Refusal::Constraint(messages)) = interview.answer(&q, "2026-12-30") else { panic!("refused") };
    assert_eq!(messages, ["知った日が未来の日付になっています。"]);
    assert_eq!(interview.answers().len(), 4, "a refused answer is not kept");
    interview.answer(&q, "").unwrap();
    assert!(matches!(&interview.answers()[4].value, procedure::FactValue::Text(d) if d == "2026-11-25"));
}

#[test]
fn an_age_out_of_range_gets_the_facts_file_s_diagnostic() {
    let procedure = lost_card();
    let mut interview = Interview::new(&procedure, "en", TODAY, TODAY);
    interview
        .resume(&load_facts("{holder: mid_long_term_resident, cause: stolen, card_found: not_found, learned_abroad: false, learned_on: '2026-11-20', police_report_filed: true, applicant: self}").unwrap())
        .unwrap();
    let q = ask(&interview);
    assert!(matches!(q.kind, Kind::Int { min: Some(0), max: Some(150) }));
    let Err(Refusal::Invalid(errors)) = interview.answer(&q, "151") else { panic!("refused") };
    assert_eq!(errors[0].code, Code::FactsInvalid);
    assert_eq!(errors[0].help.as_deref(), Some("give a whole number from 0 to 150"));
    assert!(matches!(interview.answer(&q, "abc"), Err(Refusal::NotANumber)));
}

#[test]
fn why_names_the_decision_that_reads_the_answer_and_back_undoes_it() {
    let procedure = lost_card();
    let mut interview = Interview::new(&procedure, "en", TODAY, TODAY);
    interview.resume(&load_facts("{holder: mid_long_term_resident, cause: stolen}").unwrap()).unwrap();
    let q = ask(&interview);
    assert_eq!(q.input.id, "card_found");
    let why = interview.why(q.input);
    assert!(why.contains(&Reason::Decision("Check whether the card has been found".into())), "{why:?}");
    interview.answer(&q, "1").unwrap();
    assert_ne!(ask(&interview).input.id, "card_found");
    assert!(interview.back());
    assert_eq!(ask(&interview).input.id, "card_found");
}

#[test]
fn the_answers_as_a_facts_file_resume_the_same_interview() {
    let procedure = lost_card();
    let mut interview = Interview::new(&procedure, "en", TODAY, TODAY);
    for typed in ["1", "2", "1", "2", "2026-11-20", "1", "1", "34", "1", "2"] {
        let q = ask(&interview);
        interview.answer(&q, typed).unwrap();
    }
    let Step::Done(evaluation) = interview.step().unwrap() else { panic!("done") };
    assert_eq!(evaluation.status, Status::Complete);
    let file = interview.facts_file();
    let mut again = Interview::new(&procedure, "en", TODAY, TODAY);
    again.resume(&load_facts(&file).unwrap()).unwrap();
    assert_eq!(again.facts_file(), file);
    let Step::Done(resumed) = again.step().unwrap() else { panic!("done") };
    assert_eq!(procedure::render::json_text(&resumed, "en"), procedure::render::json_text(&evaluation, "en"));
}

/// An enum value the rules date is offered only in its period: the paper form up to its last
/// day, the express service from its first.
#[test]
fn a_value_out_of_force_on_the_date_of_the_act_is_not_offered() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/check/ok/dated_enum_value.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let procedure = compile_with(&text, &CompileOptions::DEFAULT, &Directory::beside(&path)).procedure.unwrap();
    let offered = |day: jiff::civil::Date| {
        let interview = Interview::new(&procedure, "en", day, day);
        match ask(&interview).kind {
            Kind::Choice(choices) => choices.iter().map(|c| c.label.to_string()).collect::<Vec<_>>(),
            _ => panic!("a choice was expected"),
        }
    };
    assert_eq!(offered(jiff::civil::date(2026, 3, 31)), ["At the counter", "By the paper form"]);
    assert_eq!(offered(jiff::civil::date(2026, 4, 1)), ["At the counter", "By the express service"]);
}
