//! Asking through lines: standard input is not a terminal (a script, a test), so each
//! question is written out in full and one answer is read per line, echoed so that the
//! transcript reads as the conversation it was.

use std::io::BufRead as _;

use procedure::interview::{Kind, Question};

use super::words::Words;
use super::{Ask, Reply, hint, reply};
use crate::out;
use crate::sanitize;

/// One answer per line of standard input.
pub struct Lines;

impl Ask for Lines {
    fn ask(&mut self, question: &Question<'_>, words: &Words, fresh: bool) -> Reply {
        if fresh {
            let mut text = format!("\n{}. {}\n", question.number, sanitize::text(&question.text));
            if let Some(help) = &question.help {
                for line in help.lines() {
                    text.push_str(&format!("   {}\n", sanitize::text(line)));
                }
            }
            if let Kind::Choice(choices) = &question.kind {
                for (n, c) in choices.iter().enumerate() {
                    text.push_str(&format!("   {}) {}\n", n + 1, sanitize::text(&c.label)));
                }
            }
            text.push_str(&format!("   {}\n", hint(question, words)));
            out::stdout(text);
        }
        out::stdout("> ");
        let mut line = String::new();
        match std::io::stdin().lock().read_line(&mut line) {
            Ok(0) | Err(_) => {
                out::stdout("\n");
                Reply::End
            }
            Ok(_) => {
                let typed = line.trim_end_matches(['\n', '\r']);
                out::stdout(format_args!("{}\n", sanitize::text(typed)));
                reply(typed, words)
            }
        }
    }
}
