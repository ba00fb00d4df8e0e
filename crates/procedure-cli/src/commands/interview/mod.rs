//! `procedure interview`: the questions a procedure needs, one at a time, then the answer.
//! The questions, their checks and why each is asked come from the facade's
//! [`procedure::interview`]; this module only asks: in a terminal with prompts
//! (`terminal.rs`), or one answer per line when standard input is not a terminal (`lines.rs`).

mod lines;
mod terminal;
mod words;

use std::io::IsTerminal as _;
use std::path::Path;

use procedure::interview::{Interview, Kind, Question, Reason, Refusal, Step};
use procedure::report::Report;
use procedure::{Evaluation, Status, render};

use crate::cli::{Format, InterviewArgs};
use crate::commands::check::Printer;
use crate::commands::eval;
use crate::exit::ExitStatus;
use crate::sanitize;
use crate::{out, report};
use words::{Words, words};

/// What the reader said to a question.
pub enum Reply {
    /// An answer, as typed (a choice by its number).
    Answer(String),
    /// Undo the last answer.
    Back,
    /// Why is this asked?
    Why,
    /// No more answers (end of input, or interrupted).
    End,
}

/// A way of asking.
pub trait Ask {
    /// Asks `question`; `fresh` when it was not the question asked just before.
    fn ask(&mut self, question: &Question<'_>, words: &Words, fresh: bool) -> Reply;
}

/// Runs the command.
pub fn run(args: &InterviewArgs, roots: &[std::path::PathBuf]) -> ExitStatus {
    let eval::Start { text, procedure, language, dates } =
        match eval::start(&args.file, &args.when, roots, Format::Text) {
            Ok(s) => s,
            Err(status) => return status,
        };
    // Refused before the first question, so that no answer is typed in vain.
    if let Some(path) = &args.save
        && !args.force
        && path.exists()
    {
        report::usage(&format!("`{}` exists; give --force to overwrite it", path.display()), Format::Text);
        return ExitStatus::Usage;
    }
    let printer = Printer::new(&args.file, &text, Format::Text);
    let mut interview = Interview::new(&procedure, &language, dates.today, dates.as_of);
    for path in &args.facts {
        let facts = match eval::facts_file(path, &procedure) {
            Ok(f) => f,
            Err(status) => return status,
        };
        if let Err(errors) = interview.resume(&facts) {
            errors.iter().for_each(|d| printer.print(d));
            return ExitStatus::Failure;
        }
    }
    let words = words(&language);
    let mut asker: Box<dyn Ask> =
        if std::io::stdin().is_terminal() { Box::new(terminal::Terminal) } else { Box::new(lines::Lines) };
    let mut last: Option<String> = None;
    loop {
        let question = match interview.step() {
            Ok(Step::Ask(q)) => q,
            Ok(Step::Done(evaluation)) => return finish(&evaluation, &interview, args, &words),
            Err(errors) => {
                errors.iter().for_each(|d| printer.print(d));
                return ExitStatus::Failure;
            }
        };
        let fresh = last.as_deref() != Some(question.input.id.as_str());
        last = Some(question.input.id.clone());
        match asker.ask(&question, &words, fresh) {
            Reply::Answer(typed) => match interview.answer(&question, &typed) {
                Ok(()) => {}
                Err(Refusal::Error(errors)) => {
                    errors.iter().for_each(|d| printer.print(d));
                    return ExitStatus::Failure;
                }
                Err(refusal) => say(&refused(&refusal, &words)),
            },
            Reply::Back => {
                if interview.back() {
                    say(words.undone);
                    last = None;
                } else {
                    say(words.nothing_to_undo);
                }
            }
            Reply::Why => say(&why(&interview.why(question.input), &words)),
            Reply::End => {
                return match interview.evaluate() {
                    Ok(evaluation) => finish(&evaluation, &interview, args, &words),
                    Err(errors) => {
                        errors.iter().for_each(|d| printer.print(d));
                        ExitStatus::Failure
                    }
                };
            }
        }
    }
}

/// Prints a remark under the question, indented, its authored texts sanitised.
fn say(text: &str) {
    for line in text.lines() {
        out::stdout(format_args!("   {}\n", sanitize::text(line)));
    }
}

/// Why an answer was not taken, in the reader's words; a diagnostic keeps its code and help.
fn refused(refusal: &Refusal, words: &Words) -> String {
    match refusal {
        Refusal::NotAChoice { count } => words.not_a_choice.replace("{n}", &count.to_string()),
        Refusal::NotANumber => words.not_a_number.to_owned(),
        Refusal::Invalid(errors) | Refusal::Error(errors) => errors
            .iter()
            .map(|d| match &d.help {
                Some(help) => format!("✗ {} [{}]\n  {help}", d.message, d.code.as_str()),
                None => format!("✗ {} [{}]", d.message, d.code.as_str()),
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Refusal::Constraint(messages) => messages.iter().map(|m| format!("✗ {m}")).collect::<Vec<_>>().join("\n"),
    }
}

/// Why a question is asked, in the reader's words.
fn why(reasons: &[Reason<'_>], words: &Words) -> String {
    if reasons.is_empty() {
        return words.why_none.to_owned();
    }
    // Warnings say much and decide little: named only when nothing else reads the answer.
    let decisive: Vec<&Reason<'_>> = reasons.iter().filter(|r| !matches!(r, Reason::Warning(_))).collect();
    let shown = if decisive.is_empty() { reasons.iter().collect() } else { decisive };
    let mut text = words.why_intro.to_owned();
    for r in shown {
        let (template, title) = match r {
            Reason::Decision(t) => (words.why_decision, t),
            Reason::Deadline(t) => (words.why_deadline, t),
            Reason::Document(t) => (words.why_document, t),
            Reason::Fee(t) => (words.why_fee, t),
            Reason::Warning(t) => (words.why_warning, t),
        };
        text.push_str("\n- ");
        text.push_str(&template.replace("{title}", title));
    }
    text
}

/// What is written under a question: its help, then how to answer.
pub fn hint(question: &Question<'_>, words: &Words) -> String {
    match &question.kind {
        Kind::Choice(_) => words.choice_hint.to_owned(),
        Kind::Date { default, .. } => match default {
            Some(d) => {
                format!("{}{}{}", words.date_hint, words.join, words.date_default.replace("{date}", &d.to_string()))
            }
            None => words.date_hint.to_owned(),
        },
        Kind::Int { min, max } => {
            let range = match (min, max) {
                (Some(a), Some(b)) => words.int_range.replace("{min}", &a.to_string()).replace("{max}", &b.to_string()),
                (Some(a), None) => words.int_at_least.replace("{min}", &a.to_string()),
                (None, Some(b)) => words.int_at_most.replace("{max}", &b.to_string()),
                (None, None) => String::new(),
            };
            if range.is_empty() {
                words.int_hint.to_owned()
            } else {
                format!("{range}{}{}", words.join, words.int_hint)
            }
        }
        Kind::Text => words.text_hint.to_owned(),
    }
}

/// A typed line as a reply: `back` (or the language's word for it), `?`, or an answer.
pub fn reply(typed: &str, words: &Words) -> Reply {
    let t = typed.trim();
    if t.eq_ignore_ascii_case("back") || t.to_lowercase() == words.back_word {
        Reply::Back
    } else if t == "?" || t == "？" {
        Reply::Why
    } else {
        Reply::Answer(t.to_owned())
    }
}

/// The end: the answer as a text report, and the answers saved when asked.
fn finish(evaluation: &Evaluation<'_>, interview: &Interview<'_>, args: &InterviewArgs, words: &Words) -> ExitStatus {
    let color = std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal();
    out::stdout("\n");
    let mut report = Report::new(evaluation, interview.language());
    // The questions left are named by their questions: ids and enum values are for facts files.
    for need in &mut report.needs {
        need.input = "";
        need.values.clear();
    }
    out::stdout(render::render(&report, render::Style::Text { color }));
    if let Some(path) = &args.save {
        if let Err(e) = save(path, &interview.facts_file(), args.force) {
            report::usage(&format!("cannot write `{}`: {e}", path.display()), Format::Text);
            return ExitStatus::Usage;
        }
        out::stderr(format_args!("{}\n", words.saved.replace("{path}", &sanitize::text(&path.display().to_string()))));
    }
    match evaluation.status {
        Status::Complete => ExitStatus::Success,
        Status::NeedsInput => ExitStatus::NeedsInput,
    }
}

/// Writes the facts file; an existing file only with `force` (checked again here: it may have
/// appeared while the reader answered).
fn save(path: &Path, text: &str, force: bool) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    options.open(path)?.write_all(text.as_bytes())
}
