//! A fee whose amount is not known is told so in every language, and the total is "at least"
//! the known amounts: never a number the procedure does not give.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failing test"
)]

use procedure::{CompileOptions, Fact, FactValue, bind, compile, evaluate, render};

const OFFICE: &str = "id: office\nversion: '1'\ntitle: {en: Office, vi: Văn phòng, ja: 窓口}\nlanguages: [en, vi, ja]\n\
    time_zone: Asia/Tokyo\nstart: go\n\
    inputs:\n  copies: {type: int, min: 1, max: 3, ask: {en: Copies?, vi: Bao nhiêu bản?, ja: 何通ですか？}}\n\
    steps:\n  go:\n    title: {en: Apply, vi: Nộp đơn, ja: 申請する}\n    fees:\n\
    \x20     copy: {title: {en: Copies, vi: Bản sao, ja: 写し}, amount: copies * 300, currency: JPY}\n\
    \x20     stamp: {title: {en: Stamp, vi: Tem, ja: 印紙}, amount: 200, currency: JPY}\n\
    \x20     review: {title: {en: Review, vi: Xem xét, ja: 審査}, currency: JPY, note: {en: Ask the office., vi: Hãy hỏi văn phòng., ja: 窓口でお尋ねください。}}\n\
    \x20   next: done\n\
    outcomes:\n  done: {title: {en: Done, vi: Xong, ja: 完了}, kind: done}\n";

#[test]
fn an_amount_not_known_is_said_in_every_language_and_the_total_is_a_minimum() {
    let procedure = compile(OFFICE, &CompileOptions::DEFAULT).procedure.unwrap();
    let today = jiff::civil::date(2026, 11, 25);
    let waiting = evaluate(&procedure, &bind(&procedure, &[]).unwrap(), today).unwrap();
    assert_eq!(waiting.fee_total(), Some((200, "JPY")));
    assert!(waiting.fee_amount_unknown());
    let expected = [
        ("en", "amount not known yet", "an amount the office sets", "at least 200 JPY"),
        ("vi", "chưa biết số tiền", "số tiền do cơ quan quyết định", "ít nhất 200 yên"),
        ("ja", "金額は未定です", "金額は窓口が定めます", "200円以上"),
    ];
    for (language, not_known, by_office, total) in expected {
        let text = render::text_report(&waiting, language);
        for words in [not_known, by_office, total] {
            assert!(text.contains(words), "{language}: `{words}` not in\n{text}");
        }
    }
    let copies = [Fact { name: "copies".into(), value: FactValue::Int(2), span: None }];
    let known = evaluate(&procedure, &bind(&procedure, &copies).unwrap(), today).unwrap();
    assert_eq!(known.fee_total(), Some((800, "JPY")));
    assert!(render::text_report(&known, "en").contains("at least 800 JPY"));
}
