//! `procedure expr`: evaluate one expression.

use std::collections::BTreeMap;

use procedure_expr::{Checking, Env, Limits, Stop, Type, Value, compile, compile_tree, parse};
use serde_json::json;

use crate::cli::{ExprArgs, Format};
use crate::commands::{not_utf8, read, read_stdin};
use crate::exit::ExitStatus;
use crate::out;
use crate::report;
use crate::values::{from_json, to_json};

/// Runs the command.
pub fn run(args: &ExprArgs) -> ExitStatus {
    let limits = Limits::DEFAULT;
    let text = if args.expression == "-" {
        let text = read_stdin()
            .and_then(|bytes| String::from_utf8(bytes).map_err(|e| not_utf8("standard input", &e.utf8_error())))
            .map_err(|d| report::usage(&d.message, args.format));
        match text {
            Ok(t) => t,
            Err(()) => return ExitStatus::Usage,
        }
    } else {
        args.expression.clone()
    };
    let (env, vars) = match environment(args, &limits) {
        Ok(e) => e,
        Err(status) => return status,
    };
    let checking = if args.no_check { Checking::Off } else { Checking::On };
    let compiled = parse(&text, 0, &limits).and_then(|tree| compile_tree(&tree, &env, &limits, checking));
    let program = match compiled {
        Ok(p) => p,
        Err(errors) => {
            report::emit(errors, "expression", &text, args.format);
            return ExitStatus::Failure;
        }
    };
    match program.eval(&vars) {
        Ok(value) => {
            let ty = match program.result_type() {
                Type::Dyn => value.type_of(),
                t => t.clone(),
            };
            match args.format {
                Format::Text => out::stdout(format_args!("{value}\n")),
                Format::Json => {
                    out::stdout(format_args!("{}\n", json!({ "type": ty.to_string(), "value": to_json(&value) })))
                }
            }
            ExitStatus::Success
        }
        Err(Stop::Unknown(slots)) => {
            let names: Vec<&str> = slots.iter().filter_map(|s| env.name(s)).collect();
            match args.format {
                Format::Text => out::stdout(format_args!("unknown: waits on {}\n", names.join(", "))),
                Format::Json => out::stdout(format_args!("{}\n", json!({ "type": "unknown", "waits_on": names }))),
            }
            ExitStatus::NeedsInput
        }
        Err(Stop::Error(error)) => {
            report::emit(error, "expression", &text, args.format);
            ExitStatus::Failure
        }
    }
}

/// The variables from `--declare`, `--vars` and `--var`, declared in that order, with values.
fn environment(args: &ExprArgs, limits: &Limits) -> Result<(Env, Vec<Option<Value>>), ExitStatus> {
    let usage = |message: String| {
        report::usage(&message, args.format);
        ExitStatus::Usage
    };
    let mut declared: BTreeMap<String, Type> = BTreeMap::new();
    for d in &args.declare {
        let Some((name, ty)) = d.split_once(':') else {
            return Err(usage(format!("`--declare {d}` must be NAME:TYPE, e.g. `age:int`")));
        };
        let ty: Type = ty.parse().map_err(|e| usage(format!("`--declare {d}`: {e}")))?;
        if declared.insert(name.trim().to_owned(), ty).is_some() {
            return Err(usage(format!("`{name}` is declared twice")));
        }
    }
    let mut given: Vec<(String, Value)> = Vec::new();
    if let Some(path) = &args.vars_file {
        let text = read(path)
            .and_then(|bytes| {
                String::from_utf8(bytes).map_err(|e| not_utf8(&path.display().to_string(), &e.utf8_error()))
            })
            .map_err(|d| usage(d.message))?;
        // JSON is read as YAML too (YAML 1.2 is a superset of JSON), by the loader of facts
        // files: serde_json keeps the last of two equal keys in silence, where the loader
        // refuses them with their line, within the same budgets.
        let parsed = procedure::load_json(&text).map_err(|e| {
            report::emit(e, &path.display().to_string(), &text, args.format);
            ExitStatus::Usage
        })?;
        let serde_json::Value::Object(map) = parsed else {
            return Err(usage(format!("`{}` must map variable names to values", path.display())));
        };
        for (name, json) in map {
            let value = from_json(&json, declared.get(&name))
                .and_then(|v| within(v, limits))
                .map_err(|e| usage(format!("`{name}` in `{}`: {e}", path.display())))?;
            given.push((name, value));
        }
    }
    for v in &args.vars {
        let Some((name, literal)) = v.split_once('=') else {
            return Err(usage(format!("`--var {v}` must be NAME=VALUE, e.g. `x=3`")));
        };
        let name = name.trim();
        let value = constant(literal, limits, args.format).inspect_err(|_| {
            report::usage(
                &format!("`--var {name}` must be a constant such as 3, '\"text\"', '[1, 2]' or 'date(\"2026-11-25\")'"),
                args.format,
            );
        })?;
        given.retain(|(n, _)| n != name);
        given.push((name.to_owned(), value));
    }

    let mut env = Env::new();
    for calendar in procedure::calendar::all() {
        env.add_calendar(calendar);
    }
    let mut vars = Vec::new();
    for (name, ty) in &declared {
        env.declare(name, ty.clone()).map_err(|e| usage(e.to_string()))?;
    }
    for (name, value) in given {
        let slot = match env.lookup(&name) {
            Some((slot, ty)) => {
                if !value.has_type(ty) {
                    return Err(usage(format!("`{name}` is declared {ty} but given {value}")));
                }
                slot
            }
            None => env.declare(&name, value.type_of()).map_err(|e| usage(e.to_string()))?,
        };
        vars.resize(env.len(), None);
        if let Some(v) = vars.get_mut(slot.index()) {
            *v = Some(value);
        }
    }
    vars.resize(env.len(), None);
    Ok((env, vars))
}

/// `value`, unless it is a list heavier than an expression may build: the limit bounds what
/// an expression's lists cost to compare and print, and a variable's value is one of them.
fn within(value: Value, limits: &Limits) -> Result<Value, String> {
    if value.weight() > limits.max_list_weight {
        return Err(format!(
            "the list has {} elements, counting those of the lists inside it: more than the limit of {}",
            value.weight(),
            limits.max_list_weight
        ));
    }
    Ok(value)
}

/// The value of a constant expression, or the diagnostics that say why it is not one.
fn constant(text: &str, limits: &Limits, format: Format) -> Result<Value, ExitStatus> {
    let env = Env::new();
    match compile(text, 0, &env, limits) {
        Ok(program) => match program.eval(&[]) {
            Ok(v) => Ok(v),
            Err(Stop::Error(e)) => {
                report::emit(e, "--var", text, format);
                Err(ExitStatus::Usage)
            }
            Err(Stop::Unknown(_)) => Err(ExitStatus::Usage),
        },
        Err(errors) => {
            report::emit(errors, "--var", text, format);
            Err(ExitStatus::Usage)
        }
    }
}
