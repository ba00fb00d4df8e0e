//! The site of the tests: the bundled lost_card procedure and one whose texts try to inject
//! HTML, evaluated on a fixed date.

#![allow(dead_code, reason = "each test file uses part of it")]

use std::path::{Path, PathBuf};

use procedure::{CompileOptions, Directory, Procedure, compile_with};
use procedure_server::{Site, Today};

/// The date of evaluation of every test.
pub const TODAY: jiff::civil::Date = jiff::civil::date(2026, 11, 25);

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn compiled(relative: &str) -> Procedure {
    let path = root().join(relative);
    let text = std::fs::read_to_string(&path).unwrap();
    let compiled = compile_with(&text, &CompileOptions::DEFAULT, &Directory::beside(&path));
    compiled.procedure.unwrap_or_else(|| panic!("{relative}: {:?}", compiled.diagnostics))
}

pub fn site() -> Site {
    Site::new(vec![compiled("procedures/lost_card.yaml"), compiled("tests/serve/script.yaml")], Today::fixed(TODAY))
}

/// The answers of a stolen card, not found, applied for by its holder, in the order asked.
pub const STOLEN: &[(&str, &str)] = &[
    ("holder", "mid_long_term_resident"),
    ("cause", "stolen"),
    ("card_found", "not_found"),
    ("learned_abroad", "false"),
    ("learned_on", "2026-11-20"),
    ("police_report_filed", "true"),
    ("applicant", "self"),
    ("age", "34"),
    ("passport_presentable", "true"),
    ("has_activity_permission", "false"),
];
