//! `procedure interview` in a pseudo-terminal, as a person uses it: inquire's prompts, with
//! the arrow keys, a number typed, Enter for today's date and Esc to undo the last answer.
//! Linux and macOS have pseudo-terminals, so this test runs wherever the suite does.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code: a panic is a failing test")]

use rexpect::process::WaitStatus;
use rexpect::session::{Options, PtySession, spawn_with_options};

mod common;

const ENTER: &str = "\r";
const ESC: &str = "\x1b";
const DOWN: &str = "\x1b[B";

/// Types `keys` once the prompt has drawn: a key sent while the terminal is still in line mode
/// would be read as a line's end, not as a key.
fn key(p: &mut PtySession, keys: &str) {
    std::thread::sleep(std::time::Duration::from_millis(200));
    p.send(keys).unwrap();
    p.flush().unwrap();
}

#[test]
fn a_stolen_card_answered_with_the_keyboard() {
    let repo = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut cmd = common::procedure();
    cmd.current_dir(&repo).args([
        "interview",
        "procedures/lost_card.yaml",
        "--facts",
        "tests/interview/stolen_partial.yaml",
        "--today",
        "2026-11-25",
    ]);
    let mut p = spawn_with_options(cmd, Options::new().timeout_ms(Some(30_000)).strip_ansi_escape_codes(true)).unwrap();

    // Enter alone takes today's date, offered as the default...
    p.exp_string("5. On which day did you learn that the card was gone?").unwrap();
    p.exp_string("2026-11-25").unwrap();
    key(&mut p, ENTER);
    // ...and Esc undoes it.
    p.exp_string("6. Have you reported the loss or theft to the police?").unwrap();
    key(&mut p, ESC);
    p.exp_string("The last answer is undone.").unwrap();
    p.exp_string("5. On which day did you learn that the card was gone?").unwrap();
    key(&mut p, "2026-11-20");
    key(&mut p, ENTER);
    // A number typed picks that choice.
    p.exp_string("6. Have you reported the loss or theft to the police?").unwrap();
    key(&mut p, "1");
    key(&mut p, ENTER);
    p.exp_string("7. Who will go to the office to apply?").unwrap();
    key(&mut p, ENTER);
    p.exp_string("8. How old is the card holder").unwrap();
    key(&mut p, "34");
    key(&mut p, ENTER);
    p.exp_string("9. Can you show your passport").unwrap();
    key(&mut p, ENTER);
    // The arrow keys move to the next choice: "no".
    p.exp_string("10. Have you been granted permission").unwrap();
    key(&mut p, DOWN);
    key(&mut p, ENTER);
    // The report: the day learned was 20 November, so the deadline is 4 December.
    p.exp_string("Apply for a new card by 2026-12-04").unwrap();
    p.exp_eof().unwrap();
    assert!(matches!(p.process().wait().unwrap(), WaitStatus::Exited(_, 0)));
}
