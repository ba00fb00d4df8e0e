//! The command line, declared with clap.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  errors in the input (parse, type or evaluation errors)
  2  usage error (bad arguments)
  3  the result is unknown: it waits on variables without a value";

/// Procedures for foreigners in Japan, as checked and tested rules.
#[derive(Debug, Parser)]
#[command(name = "procedure", version, about, after_help = EXIT_CODES)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,

    /// A library root: an import or a call not found beside the file that names it is looked
    /// for below DIR. May be repeated; searched in order, then the directories of
    /// `PROCEDURE_PATH` (separated as `PATH` is).
    #[arg(long = "lib", value_name = "DIR", global = true)]
    pub lib: Vec<PathBuf>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Evaluate one expression of the procedure language.
    #[command(after_help = EXPR_HELP)]
    Expr(ExprArgs),
    /// Check procedure files, scenario files and catalogues, and report every problem.
    #[command(after_help = CHECK_HELP)]
    Check(CheckArgs),
    /// Evaluate a procedure for one situation: what to do, where, with which documents, by
    /// which date, at what fee, and why.
    #[command(after_help = EVAL_HELP)]
    Eval(EvalArgs),
    /// Evaluate a procedure for many situations, one JSON object of facts per line, in
    /// parallel; the results come out in the order of the input.
    #[command(after_help = BATCH_HELP)]
    Batch(BatchArgs),
    /// Ask, one at a time and in the reader's language, the questions a procedure needs, then
    /// print the answer; `--save` keeps the answers as a facts file.
    #[command(after_help = INTERVIEW_HELP)]
    Interview(InterviewArgs),
    /// Run scenario files (`*.test.yaml`): every case's expectations must hold.
    Test(TestArgs),
    /// Serve the procedures of a directory as web pages (an interview, one question per page,
    /// and the result) and a JSON API, until Ctrl-C.
    #[command(after_help = SERVE_HELP)]
    Serve(ServeArgs),
    /// Print a procedure's decision graph as Mermaid or Graphviz DOT.
    Graph(GraphArgs),
    /// Print the JSON Schema of procedure files, for editors (yaml-language-server), or with
    /// `--result` the schema of `eval --format json`'s result.
    Schema(SchemaArgs),
    /// Compare two versions of a procedure over every class of situations: which situations
    /// get a different answer, described by the conditions that select them.
    #[command(after_help = DIFF_HELP)]
    Diff(DiffArgs),
    /// Run scenario files and report what they exercise, with a situation for each item they
    /// miss.
    #[command(after_help = COVERAGE_HELP)]
    Coverage(CoverageArgs),
}

const COVERAGE_HELP: &str = "\
Without scenario files, the procedure's own `NAME.test.yaml` beside it is run. `--min` holds
branch arms, table rows and outcomes to a percentage.

Exit codes:
  0  reported (and, with --min, every decision kind at or above it)
  1  below --min, or errors in the procedure or the scenarios
  2  usage error";

/// Arguments of `procedure coverage`.
#[derive(Debug, clap::Args)]
pub struct CoverageArgs {
    /// The procedure file.
    pub file: PathBuf,

    /// Scenario files to run (default: the `.test.yaml` beside the procedure).
    pub scenarios: Vec<PathBuf>,

    /// The date of evaluation for the situations found for uncovered items (default: today in
    /// the procedure's time zone).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,

    /// Fail when branch arms, table rows or outcomes are covered below this percentage.
    #[arg(long, value_name = "PERCENT")]
    pub min: Option<f64>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

const DIFF_HELP: &str = "\
Examples:
  procedure diff old.yaml new.yaml
  procedure diff --git HEAD procedures/lost_card.yaml
  procedure diff procedures/lost_card.yaml --as-of 2025-03-02 --to-as-of 2025-03-03

With --git, the old version is read with `git show REV:FILE`; the files it imports or calls are
read from the working tree. See docs/rule-changes.md.

Exit codes:
  0  compared (with --exit-code: no difference)
  1  with --exit-code: the answers or the interface differ; otherwise errors in a procedure
  2  usage error";

/// Arguments of `procedure diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The old version (or, with `--git` or `--to-as-of`, the one file compared).
    pub old: PathBuf,

    /// The new version.
    pub new: Option<PathBuf>,

    /// Compare the file as it is at this git revision with the working file.
    #[arg(long, value_name = "REV", conflicts_with = "new")]
    pub git: Option<String>,

    /// The date of evaluation (default: today in the procedure's time zone).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,

    /// The date of the act for the old version (default: the date of evaluation).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,

    /// The date of the act for the new version (default: `--as-of`); with one file, the
    /// rules of one date against another's.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub to_as_of: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Exit with 1 when the answers or the interface differ, like `git diff --exit-code`.
    #[arg(long)]
    pub exit_code: bool,

    /// Write one scenario for each rule of the changed situations to FILE (beside the procedure), expecting the new version's answer.
    #[arg(long, value_name = "FILE")]
    pub write_scenarios: Option<PathBuf>,
}

/// Arguments of `procedure schema`.
#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// Print the schema of the evaluation result instead (docs/result.schema.json).
    #[arg(long)]
    pub result: bool,
}

const EVAL_HELP: &str = "\
Facts come from YAML or JSON files (input id: value) and from --set, which wins. An input left
out is not known: the result then says which questions remain.

Exit codes:
  0  complete: an outcome was reached
  1  errors (a broken procedure, an invalid fact, an error in a rule)
  2  usage error
  3  more information is needed (see `needs`)";

/// Arguments of `procedure eval`.
#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// The procedure file.
    pub file: PathBuf,

    /// A YAML or JSON file of facts; may be repeated, later files win.
    #[arg(long = "facts", value_name = "FILE")]
    pub facts: Vec<PathBuf>,

    /// One fact, typed by its input: `--set cause=stolen --set age=20 --set learned_on=2026-11-20`.
    #[arg(long = "set", value_name = "INPUT=VALUE")]
    pub set: Vec<String>,

    /// The dates and the language.
    #[command(flatten)]
    pub when: EvalOptions,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,

    /// Show each element's id after it in text and Markdown (steps, documents, deadlines, fees,
    /// warnings, the outcome), to write a scenario file's expectations.
    #[arg(long)]
    pub show_ids: bool,
}

/// What `eval` and `batch` share: the dates and the language of an evaluation.
#[derive(Debug, clap::Args)]
pub struct EvalOptions {
    /// The date of evaluation (default: today in the procedure's time zone).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,

    /// The date of the act, whose rules apply, e.g. the day an application was received
    /// (default: the date of evaluation).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,

    /// The language of the texts (default: the procedure's first language).
    #[arg(long)]
    pub lang: Option<String>,
}

const BATCH_HELP: &str = "\
Each line of the input is one situation: a JSON object of facts, as `eval --facts` takes them
(blank lines are skipped). Each output line is the `eval --format json` result of the input line
at the same place, or {\"line\": N, \"errors\": [...]} for a line that could not be evaluated, whose
diagnostics are also printed on stderr.

Exit codes:
  0  every line was evaluated (complete or needing more facts: see each line's `status`)
  1  some lines could not be evaluated, or the procedure has errors
  2  usage error (bad arguments, an unreadable input, an output file that exists)";

/// Arguments of `procedure batch`.
#[derive(Debug, clap::Args)]
pub struct BatchArgs {
    /// The procedure file.
    pub file: PathBuf,

    /// The situations, as JSON Lines; `-` reads standard input. Read as a stream: a pipe or a
    /// named pipe works, and the input is never held in memory whole.
    #[arg(long, value_name = "FILE", allow_hyphen_values = true)]
    pub input: PathBuf,

    /// Where to write the results (default: standard output). An existing file is refused
    /// unless `--force` is given.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Overwrite the `--output` file if it exists.
    #[arg(long, requires = "output")]
    pub force: bool,

    /// The number of threads evaluating situations (default: one per core).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,

    /// The dates and the language.
    #[command(flatten)]
    pub when: EvalOptions,
}

const INTERVIEW_HELP: &str = "\
Only the questions that matter for the answers given so far are asked. A choice is answered by
its number (or, in a terminal, with the arrow keys), a date as YYYY-MM-DD (Enter alone takes
today where today fits). `back` undoes the last answer, `?` says why a question is asked.
When standard input is not a terminal, one answer is read per line.

Exit codes:
  0  complete: an outcome was reached
  1  errors (a broken procedure, an invalid facts file, an error in a rule)
  2  usage error (bad arguments, a --save file that exists)
  3  the answers stopped before the outcome (see the questions left)";

const SERVE_HELP: &str = "\
Each procedure file directly in DIR (not `*.test.yaml`, not a catalogue) is compiled at start
and served under its id: open http://ADDR/ for the index. Nothing is stored and no answer is
logged: the answers travel in the pages' addresses. The date of evaluation is today in each
procedure's time zone. JSON API: /api/v1/procedures, /api/v1/openapi.json.

Exit status:
  0  stopped with Ctrl-C
  1  a procedure does not compile, or two have one id
  2  usage error (DIR cannot be read, ADDR cannot be bound)";

/// Arguments of `procedure serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The directory of procedures.
    #[arg(default_value = "procedures")]
    pub dir: PathBuf,

    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
}

/// Arguments of `procedure interview`.
#[derive(Debug, clap::Args)]
pub struct InterviewArgs {
    /// The procedure file.
    pub file: PathBuf,

    /// A facts file to resume from (as `eval --facts` takes it); may be repeated.
    #[arg(long = "facts", value_name = "FILE")]
    pub facts: Vec<PathBuf>,

    /// Where to write the answers, as a facts file for `eval --facts` or `--facts` here. An
    /// existing file is refused unless `--force` is given.
    #[arg(long, value_name = "FILE")]
    pub save: Option<PathBuf>,

    /// Overwrite the `--save` file if it exists.
    #[arg(long, requires = "save")]
    pub force: bool,

    /// The dates and the language.
    #[command(flatten)]
    pub when: EvalOptions,
}

/// Formats of an evaluation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// A checklist for people (coloured on a terminal unless `NO_COLOR` is set).
    Text,
    /// The same checklist in Markdown, to print or publish.
    Markdown,
    /// The result structure, for programs (see docs/evaluation.md).
    Json,
    /// The deadlines as an iCalendar file (RFC 5545), to import into a calendar: one all-day
    /// event per deadline, with a reminder on the safest day.
    Ics,
}

impl ReportFormat {
    /// The format diagnostics are printed in.
    pub fn diagnostics(self) -> Format {
        if self == ReportFormat::Json { Format::Json } else { Format::Text }
    }
}

/// Arguments of `procedure test`.
#[derive(Debug, clap::Args)]
pub struct TestArgs {
    /// Scenario files, or directories searched for `*.test.yaml`.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,

    /// The language of the texts in failure reports.
    #[arg(long)]
    pub lang: Option<String>,
}

/// Arguments of `procedure graph`.
#[derive(Debug, clap::Args)]
pub struct GraphArgs {
    /// The procedure file.
    pub file: PathBuf,

    /// The graph language.
    #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
    pub format: GraphFormat,

    /// The language of the labels (default: the procedure's first language).
    #[arg(long)]
    pub lang: Option<String>,
}

/// Graph languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// Mermaid, which GitHub renders in Markdown.
    Mermaid,
    /// Graphviz DOT.
    Dot,
}

const CHECK_HELP: &str = "\
Files ending in .test.yaml are scenario files; files whose top-level key is `catalogue:` are
catalogues; other .yaml files are procedures. A directory is checked recursively.

Exit codes:
  0  no error (and, with --deny-warnings, no warning)
  1  errors found (or warnings, with --deny-warnings)
  2  usage error";

/// Arguments of `procedure check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or directories to check.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,

    /// Treat warnings as errors.
    #[arg(long)]
    pub deny_warnings: bool,

    /// Output format: a report for people, or one JSON object per diagnostic.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

const EXPR_HELP: &str = "\
Examples:
  procedure expr '1 + 2 * 3'
  procedure expr 'x > 3' --var x=5
  procedure expr 'd + days(14)' --var d='date(\"2026-11-25\")'
  procedure expr 'age >= 16 || cause == \"stolen\"' --declare age:int --declare 'cause:enum(lost|stolen)'

Types for --declare: bool, int, string, null, date, duration, list(T), enum(a|b|c).

Exit codes:
  0  the expression has a value
  1  parse, type or evaluation error (a diagnostic is printed on stderr)
  2  usage error (bad arguments, a --var that is not a constant, an unreadable --vars file)
  3  the value is unknown: it waits on declared variables without a value";

/// Arguments of `procedure expr`.
#[derive(Debug, clap::Args)]
pub struct ExprArgs {
    /// The expression; `-` reads it from standard input (for expressions longer than a
    /// command line allows).
    #[arg(allow_hyphen_values = true)]
    pub expression: String,

    /// A variable and its value, written as a constant expression: `x=3`, `s='"abc"'`,
    /// `d='date("2026-11-25")'`, `l='[1, 2]'`.
    #[arg(long = "var", value_name = "NAME=VALUE")]
    pub vars: Vec<String>,

    /// A JSON or YAML file mapping variable names to plain values (numbers, strings, lists,
    /// booleans, null). A string becomes a date or an enum value where `--declare` says so.
    #[arg(long = "vars", value_name = "FILE")]
    pub vars_file: Option<PathBuf>,

    /// Declares a variable's type, with or without a value: `age:int`,
    /// `cause:enum(lost|stolen)`. Declared variables without a value are unknown.
    #[arg(long = "declare", value_name = "NAME:TYPE")]
    pub declare: Vec<String>,

    /// Skip the type checker: ill-typed operations fail when evaluated instead.
    #[arg(long)]
    pub no_check: bool,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// How results and diagnostics are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people.
    Text,
    /// For programs.
    Json,
}
