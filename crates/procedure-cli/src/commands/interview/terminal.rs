//! Asking in a terminal, with inquire's prompts (decision 0019): a choice from a list (arrow
//! keys, or its number typed), a date or number typed on a line with today offered where it
//! fits. Esc undoes the last answer; Ctrl-C ends the interview with the answers given.

use inquire::error::InquireError;
use inquire::{Select, Text};
use procedure::interview::{Kind, Question};

use super::words::Words;
use super::{Ask, Reply, hint, reply};
use crate::sanitize;

/// Prompts on the terminal.
pub struct Terminal;

impl Ask for Terminal {
    fn ask(&mut self, question: &Question<'_>, words: &Words, _fresh: bool) -> Reply {
        let message = format!("{}. {}", question.number, sanitize::text(&question.text));
        let help = match &question.help {
            Some(h) => format!("{}{}{}", sanitize::text(h), words.join, words.choice_keys),
            None => words.choice_keys.to_owned(),
        };
        match &question.kind {
            Kind::Choice(choices) => {
                let mut options: Vec<String> = choices
                    .iter()
                    .enumerate()
                    .map(|(n, c)| format!("{}. {}", n + 1, sanitize::text(&c.label)))
                    .collect();
                options.push(words.why_option.to_owned());
                options.push(words.back_option.to_owned());
                let count = choices.len();
                // A number typed picks that choice; other text filters by the labels.
                let scorer = |typed: &str, option: &String, _: &str, index: usize| -> Option<i64> {
                    match typed.trim().parse::<usize>() {
                        Ok(n) => (n == index + 1 && index < count).then_some(0),
                        Err(_) => option.to_lowercase().contains(&typed.to_lowercase()).then_some(0),
                    }
                };
                let picked = Select::new(&message, options).with_help_message(&help).with_scorer(&scorer).raw_prompt();
                match picked {
                    Ok(o) if o.index < count => Reply::Answer((o.index + 1).to_string()),
                    Ok(o) if o.index == count => Reply::Why,
                    Ok(_) | Err(InquireError::OperationCanceled) => Reply::Back,
                    Err(_) => Reply::End,
                }
            }
            _ => {
                let help = match &question.help {
                    Some(h) => format!("{}{}{}", sanitize::text(h), words.join, hint(question, words)),
                    None => hint(question, words),
                };
                let default = match &question.kind {
                    Kind::Date { default: Some(d), .. } => Some(d.to_string()),
                    _ => None,
                };
                let mut prompt = Text::new(&message).with_help_message(&help);
                if let Some(d) = &default {
                    prompt = prompt.with_default(d);
                }
                match prompt.prompt() {
                    Ok(typed) => reply(&typed, words),
                    Err(InquireError::OperationCanceled) => Reply::Back,
                    Err(_) => Reply::End,
                }
            }
        }
    }
}
