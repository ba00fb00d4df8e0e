//! `procedure eval`: evaluate a procedure for one situation.

use std::path::Path;

use procedure::{Diagnostic, Evaluation, Fact, FactValue, Level, Procedure, Status, bind, evaluate_as_of, render};
use procedure_expr::{Span, Type, parse_date};

use crate::cli::{EvalArgs, EvalOptions, Format, ReportFormat};
use crate::commands::check::Printer;
use crate::commands::{language, load_procedure, read_text};
use crate::exit::ExitStatus;
use crate::out;
use crate::report;

/// Runs the command.
pub fn run(args: &EvalArgs, roots: &[std::path::PathBuf]) -> ExitStatus {
    let Start { text, procedure, language, dates } =
        match start(&args.file, &args.when, roots, args.format.diagnostics()) {
            Ok(s) => s,
            Err(status) => return status,
        };
    let mut facts = Vec::new();
    let mut failed = false;
    for path in &args.facts {
        match facts_file(path, &procedure) {
            Ok(mut f) => facts.append(&mut f),
            Err(status) => {
                if status == ExitStatus::Usage {
                    return status;
                }
                failed = true;
            }
        }
    }
    for set in &args.set {
        match set_fact(set, &procedure) {
            Ok(f) => facts.push(f),
            Err(message) => {
                report::usage(&message, args.format.diagnostics());
                return ExitStatus::Usage;
            }
        }
    }
    if failed {
        return ExitStatus::Failure;
    }
    let evaluation = match answer(&procedure, &facts, dates) {
        Ok(e) => e,
        Err(Refused::Facts(errors)) => {
            // Facts from files were checked with their files; these come from `--set`, which
            // has no lines to show.
            for mut d in errors {
                d.labels.clear();
                report::emit(d, "--set", "", args.format.diagnostics());
            }
            return ExitStatus::Failure;
        }
        Err(Refused::Evaluation(errors)) => {
            let printer = Printer::new(&args.file, &text, args.format.diagnostics());
            for d in &errors {
                printer.print(d);
            }
            return ExitStatus::Failure;
        }
    };
    match args.format {
        ReportFormat::Json => out::stdout(format_args!("{}\n", render::json_text(&evaluation, &language))),
        ReportFormat::Ics => {
            out::stdout(procedure::ics::ics(&evaluation, &language));
            if evaluation.status == Status::NeedsInput {
                // A deadline that waits on an answer has no date, so it is no event.
                out::stderr(format_args!(
                    "note: more information is needed; the calendar holds only the deadlines known so far\n"
                ));
            }
        }
        ReportFormat::Markdown => {
            out::stdout(checklist(&evaluation, &language, render::Style::Markdown, args.show_ids))
        }
        ReportFormat::Text => {
            let color = std::env::var_os("NO_COLOR").is_none() && std::io::IsTerminal::is_terminal(&std::io::stdout());
            out::stdout(checklist(&evaluation, &language, render::Style::Text { color }, args.show_ids));
        }
    }
    match evaluation.status {
        Status::Complete => ExitStatus::Success,
        Status::NeedsInput => ExitStatus::NeedsInput,
    }
}

/// The checklist for people, with the ids of its elements when asked.
fn checklist(evaluation: &Evaluation<'_>, language: &str, style: render::Style, show_ids: bool) -> String {
    if show_ids {
        render::report_with_ids(evaluation, language, style)
    } else {
        render::report(evaluation, language, style)
    }
}

/// What `eval`, `batch` and `interview` start from: the procedure compiled, with its text, the
/// reader's language and the dates; a problem is printed, and the exit status returned.
pub struct Start {
    /// The procedure file's text.
    pub text: String,
    /// The procedure.
    pub procedure: Procedure,
    /// The reader's language.
    pub language: String,
    /// The dates of evaluation and of the act.
    pub dates: Dates,
}

/// Compiles `file` and reads the options every evaluating command shares.
pub fn start(
    file: &std::path::Path,
    when: &EvalOptions,
    roots: &[std::path::PathBuf],
    format: Format,
) -> Result<Start, ExitStatus> {
    let (text, procedure) = load_procedure(file, roots).ok_or(ExitStatus::Failure)?;
    let language = language(&procedure, when.lang.as_ref(), format).ok_or(ExitStatus::Usage)?;
    let dates = dates(when, &procedure).map_err(|message| {
        report::usage(&message, format);
        ExitStatus::Usage
    })?;
    Ok(Start { text, procedure, language, dates })
}

/// The dates of one evaluation.
#[derive(Clone, Copy, Debug)]
pub struct Dates {
    /// The date of evaluation.
    pub today: jiff::civil::Date,
    /// The date of the act, whose rules apply.
    pub as_of: jiff::civil::Date,
}

/// `--today` (default: the current date in the procedure's time zone) and `--as-of`
/// (default: the date of evaluation).
pub fn dates(when: &EvalOptions, procedure: &Procedure) -> Result<Dates, String> {
    let today = match &when.today {
        Some(t) => parse_date(t).map_err(|e| format!("`--today {t}` is not a date: {}", e.0))?,
        None => today_in(procedure)?,
    };
    let as_of = match &when.as_of {
        None => today,
        Some(a) => parse_date(a).map_err(|e| format!("`--as-of {a}` is not a date: {}", e.0))?,
    };
    Ok(Dates { today, as_of })
}

/// The current date in the procedure's time zone.
pub fn today_in(procedure: &Procedure) -> Result<jiff::civil::Date, String> {
    let zone =
        jiff::tz::db().get(&procedure.time_zone).map_err(|e| format!("time zone `{}`: {e}", procedure.time_zone))?;
    Ok(zone.to_datetime(jiff::Timestamp::now()).date())
}

/// Why a situation has no answer.
pub enum Refused {
    /// Facts that do not fit the inputs; their spans point into the facts' text.
    Facts(Vec<Diagnostic>),
    /// Errors of evaluation; their spans point into the procedure.
    Evaluation(Vec<Diagnostic>),
}

/// The answer for one situation: its facts bound to the procedure's inputs, then evaluated.
pub fn answer<'p>(procedure: &'p Procedure, facts: &[Fact], dates: Dates) -> Result<Evaluation<'p>, Refused> {
    let bound = bind(procedure, facts).map_err(Refused::Facts)?;
    evaluate_as_of(procedure, &bound, dates.today, dates.as_of).map_err(Refused::Evaluation)
}

/// The facts written in `text`, a YAML or JSON mapping of input ids to values, not yet bound;
/// a key given twice is refused (serde_json would keep the second in silence).
pub fn parse_facts(text: &str) -> Result<Vec<Fact>, Vec<Diagnostic>> {
    procedure::load_facts(text).map_err(|e| Diagnostic::from_miette(&e, Level::Error))
}

/// The facts of a YAML or JSON file; binding errors are printed with the file's lines.
pub fn facts_file(path: &Path, procedure: &Procedure) -> Result<Vec<Fact>, ExitStatus> {
    let Some(text) = read_text(path) else {
        return Err(ExitStatus::Usage);
    };
    let facts = match parse_facts(&text) {
        Ok(f) => f,
        Err(errors) => {
            let printer = Printer::new(path, &text, Format::Text);
            for d in &errors {
                printer.print(d);
            }
            return Err(ExitStatus::Failure);
        }
    };
    if let Err(errors) = bind(procedure, &facts) {
        let printer = Printer::new(path, &text, Format::Text);
        for d in &errors {
            printer.print(d);
        }
        return Err(ExitStatus::Failure);
    }
    Ok(facts)
}

/// `--set name=value`, typed by the input's declaration.
fn set_fact(arg: &str, procedure: &Procedure) -> Result<Fact, String> {
    let Some((name, value)) = arg.split_once('=') else {
        return Err(format!("`--set {arg}` must be INPUT=VALUE, e.g. `cause=stolen`"));
    };
    // Taken exactly as written, as in facts files and scenarios: `cause=lost ` is not `lost`.
    let ty = procedure.input(name).ok().and_then(|h| procedure.declaration(h)).map(|i| &i.ty);
    let fact = match ty {
        Some(Type::Bool) => match value {
            "true" => FactValue::Bool(true),
            "false" => FactValue::Bool(false),
            _ => return Err(format!("`--set {arg}`: `{name}` takes `true` or `false`")),
        },
        Some(Type::Int) => {
            FactValue::Int(value.parse().map_err(|_| format!("`--set {arg}`: `{name}` takes a whole number"))?)
        }
        _ => FactValue::Text(value.to_owned()),
    };
    Ok(Fact { name: name.to_owned(), value: fact, span: None::<Span> })
}
