//! `procedure diff`: two versions of a procedure compared over every class of situations.

use std::path::Path;

use procedure::CompileOptions;
use procedure::diff::{self, Side};
use procedure_expr::parse_date;

use crate::cli::{DiffArgs, Format};
use crate::commands::{compile_procedure, load_procedure};
use crate::exit::ExitStatus;
use crate::{out, report};

/// Runs the command.
pub fn run(args: &DiffArgs, roots: &[std::path::PathBuf]) -> ExitStatus {
    let usage = |message: &str| {
        report::usage(message, args.format);
        ExitStatus::Usage
    };
    let (old, new) = match (&args.new, &args.git) {
        (Some(new), None) => {
            let (Some(old), Some(new)) = (load_procedure(&args.old, roots), load_procedure(new, roots)) else {
                return ExitStatus::Failure;
            };
            (old, new)
        }
        (None, Some(rev)) => {
            let old_text = match git_show(rev, &args.old) {
                Ok(t) => t,
                Err(message) => return usage(&message),
            };
            let Some(old) = compile_procedure(&args.old, old_text, roots) else { return ExitStatus::Failure };
            let Some(new) = load_procedure(&args.old, roots) else { return ExitStatus::Failure };
            (old, new)
        }
        (None, None) if args.to_as_of.is_some() => {
            let Some(one) = load_procedure(&args.old, roots) else { return ExitStatus::Failure };
            (one.clone(), one)
        }
        _ => return usage("name two files, or one file with `--git REV` or with `--to-as-of DATE`"),
    };
    let today = match &args.today {
        Some(t) => match parse_date(t) {
            Ok(d) => d,
            Err(e) => return usage(&format!("`--today {t}` is not a date: {}", e.0)),
        },
        None => match crate::commands::eval::today_in(&new.1) {
            Ok(d) => d,
            Err(message) => return usage(&message),
        },
    };
    let date = |flag: &str, given: Option<&String>, default| match given {
        None => Ok(default),
        Some(a) => parse_date(a).map_err(|e| format!("`--{flag} {a}` is not a date: {}", e.0)),
    };
    let old_as_of = match date("as-of", args.as_of.as_ref(), today) {
        Ok(d) => d,
        Err(m) => return usage(&m),
    };
    let new_as_of = match date("to-as-of", args.to_as_of.as_ref(), old_as_of) {
        Ok(d) => d,
        Err(m) => return usage(&m),
    };
    let result = diff::diff(
        &Side { procedure: &old.1, text: &old.0, as_of: old_as_of },
        &Side { procedure: &new.1, text: &new.0, as_of: new_as_of },
        today,
    );
    if let Some(path) = &args.write_scenarios {
        let target = args.new.as_deref().unwrap_or(&args.old);
        let Some(relative) = beside(target, path) else {
            return usage(
                "write the scenarios beside the procedure: a scenario file names its procedure relative to itself",
            );
        };
        if let Err(e) = std::fs::write(path, diff::scenarios(&result, &relative)) {
            report::usage(&format!("cannot write `{}`: {e}", path.display()), args.format);
            return ExitStatus::Failure;
        }
    }
    match args.format {
        Format::Json => match serde_json::to_string_pretty(&result) {
            Ok(json) => out::stdout(format_args!("{json}\n")),
            Err(e) => return usage(&format!("cannot serialise the diff: {e}")),
        },
        Format::Text => out::stdout(diff::text(&result)),
    }
    if args.exit_code && result.differs() { ExitStatus::Failure } else { ExitStatus::Success }
}

/// The procedure file at `path` as it is at git revision `rev`: `git show REV:./NAME`, run in
/// the file's directory so that the path is taken relative to it.
fn git_show(rev: &str, path: &Path) -> Result<String, String> {
    if rev.starts_with('-') {
        return Err(format!("`--git {rev}` is not a revision"));
    }
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().ok_or_else(|| format!("`{}` names no file", path.display()))?;
    let output = std::process::Command::new("git")
        .arg("show")
        .arg(format!("{rev}:./{}", name.to_string_lossy()))
        .current_dir(dir)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "`git show {rev}:{}` failed: {}",
            path.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    if output.stdout.len() > CompileOptions::DEFAULT.load.max_bytes {
        return Err(format!("`{}` at `{rev}` is larger than a procedure may be", path.display()));
    }
    String::from_utf8(output.stdout).map_err(|_| format!("`{}` at `{rev}` is not UTF-8 text", path.display()))
}

/// The name of `target` as a scenario file at `scenarios` gives it, when both are in the same
/// directory.
fn beside(target: &Path, scenarios: &Path) -> Option<String> {
    let dir = |p: &Path| {
        let parent = p.parent().map(Path::to_path_buf).unwrap_or_default();
        std::path::absolute(if parent.as_os_str().is_empty() { Path::new(".") } else { &parent }).ok()
    };
    (dir(target)? == dir(scenarios)?).then(|| target.file_name().map(|n| n.to_string_lossy().into_owned())).flatten()
}
