//! The JSON result is serialised straight from the typed report, and must print byte for byte
//! what the `serde_json::Value` it was once printed through prints (whose map sorts keys): for
//! every case of every scenario file, in every language, both ways give the same text. The
//! cases between them hold every struct of the report, so a field declared out of order in
//! any of them fails here.

use std::collections::BTreeSet;
use std::path::Path;

use procedure::render;
use serde_json::Value as Json;

/// Every key path of `json` (`/decisions/[]/answers/[]/question`).
fn paths(json: &Json, at: &str, out: &mut BTreeSet<String>) {
    match json {
        Json::Array(items) => items.iter().for_each(|i| paths(i, &format!("{at}/[]"), out)),
        Json::Object(map) => {
            for (key, value) in map {
                let path = format!("{at}/{key}");
                paths(value, &path, out);
                out.insert(path);
            }
        }
        _ => {}
    }
}

fn compare_file(path: &Path, failures: &mut Vec<String>, seen: &mut BTreeSet<String>) -> usize {
    let mut compared = 0;
    crate::common::for_each_case_evaluation(path, |name, evaluation| {
        for language in &evaluation.procedure.languages {
            let value = render::json(evaluation, language);
            let printed: String = value.to_string();
            if render::json_text(evaluation, language) != printed {
                failures.push(format!("{} :: {name} [{language}]", path.display()));
            }
            paths(&value, "", seen);
            compared += 1;
        }
    });
    compared
}

#[test]
fn the_json_text_is_the_sorted_value_printed() {
    let files = crate::common::scenario_files(&["procedures", "tests/check/ok"]);
    let mut failures = Vec::new();
    let mut seen = BTreeSet::new();
    let compared: usize = files.iter().map(|f| compare_file(f, &mut failures, &mut seen)).sum();
    assert!(compared > 100, "only {compared} results compared");
    assert!(failures.is_empty(), "the JSON text differs from the value printed for:\n{}", failures.join("\n"));
    // One key of each struct of the report: each was serialised at least once.
    let every_struct = [
        "/procedure/id",
        "/outcome/id",
        "/path/[]/step",
        "/decisions/[]/node",
        "/decisions/[]/answers/[]/question",
        "/explanations/[]/id",
        "/documents/[]/id",
        "/deadlines/[]/id",
        "/fees/items",
        "/fees/total/amount",
        "/fees/items/[]/id",
        "/warnings/[]/id",
        "/needs/[]/input",
        "/needs/[]/values/[]/label",
        "/sources/[]/id",
        "/notes/[]/kind",
    ];
    let missing: Vec<&str> = every_struct.into_iter().filter(|p| !seen.contains(*p)).collect();
    assert!(missing.is_empty(), "no result holds {missing:?}");
}
