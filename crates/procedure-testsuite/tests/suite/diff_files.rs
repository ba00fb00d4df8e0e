//! Every pair under `tests/diff/` (`old.yaml` and `new.yaml`, or one `procedure.yaml` with
//! the two dates of the act in `as_of.txt`) is compared, and the text and JSON diffs are
//! snapshotted.

use std::path::Path;

use procedure::diff::{self, Side};
use procedure::{CompileOptions, Directory, Procedure, compile_with};

use crate::common::repo_root;

/// The date of evaluation of every pair.
const TODAY: jiff::civil::Date = jiff::civil::date(2026, 11, 25);

fn load(path: &Path) -> (String, Procedure) {
    let text = std::fs::read_to_string(path).unwrap();
    let procedure = compile_with(&text, &CompileOptions::DEFAULT, &Directory::beside(path))
        .procedure
        .unwrap_or_else(|| panic!("{} compiles", path.display()));
    (text, procedure)
}

#[test]
fn pairs_are_diffed_and_snapshotted() {
    let root = repo_root().join("tests/diff");
    let mut dirs: Vec<_> =
        std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    dirs.sort();
    assert!(dirs.len() >= 6, "tests/diff holds the six pairs of issue 15");
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let (old, new, dates) = if dir.join("procedure.yaml").exists() {
            let one = load(&dir.join("procedure.yaml"));
            let dates = std::fs::read_to_string(dir.join("as_of.txt")).unwrap();
            let dates: Vec<jiff::civil::Date> = dates.split_whitespace().map(|d| d.parse().unwrap()).collect();
            (one.clone(), one, (dates[0], dates[1]))
        } else {
            (load(&dir.join("old.yaml")), load(&dir.join("new.yaml")), (TODAY, TODAY))
        };
        let result = diff::diff(
            &Side { procedure: &old.1, text: &old.0, as_of: dates.0 },
            &Side { procedure: &new.1, text: &new.0, as_of: dates.1 },
            TODAY,
        );
        assert!(result.differs(), "{name}: the pair differs");
        assert!(result.summary.complete, "{name}: the partition of a small procedure is complete");
        insta::assert_snapshot!(format!("diff_{name}_text"), diff::text(&result));
        insta::assert_snapshot!(format!("diff_{name}_json"), serde_json::to_string_pretty(&result).unwrap());
    }
}

/// The dated change of `lost_card` on 2025-03-03 replaces the police certificate by the
/// statement with the acceptance number, and nothing else, for exactly the situations whose
/// requirements name one of them.
#[test]
fn lost_card_across_2025_03_03_changes_only_the_police_documents() {
    let (text, procedure) = load(&repo_root().join("procedures/lost_card.yaml"));
    let side = |as_of| Side { procedure: &procedure, text: &text, as_of };
    let result = diff::diff(&side(jiff::civil::date(2025, 3, 2)), &side(jiff::civil::date(2025, 3, 3)), TODAY);
    assert!(result.summary.complete);
    let ids: Vec<(&str, &str)> = result.interface.ids_added.iter().map(|i| (i.kind, i.id.as_str())).collect();
    assert_eq!(ids, [("document", "loss_statement")]);
    let ids: Vec<(&str, &str)> = result.interface.ids_removed.iter().map(|i| (i.kind, i.id.as_str())).collect();
    assert_eq!(ids, [("document", "police_certificate")]);
    assert!(!result.changed.is_empty());
    for group in &result.changed {
        assert_eq!(group.changes.len(), 1, "{:?}", group.changes);
        let change = &group.changes[0];
        assert!(
            [
                "documents: + `loss_statement`, − `police_certificate`",
                "documents: + `loss_statement`",
                "documents: − `police_certificate`",
            ]
            .contains(&change.as_str()),
            "{change}"
        );
        for class in &group.classes {
            // Every other aspect of the answer is the same.
            let strip = |s: &diff::Summary| {
                let mut s = s.clone();
                s.documents.retain(|d| d != "loss_statement" && d != "police_certificate");
                s
            };
            assert_eq!(strip(&class.old), strip(&class.new));
            // A damaged card or one found before the reissue is never among them.
            let cause = class.facts["cause"].as_str().unwrap();
            assert!(["lost", "stolen", "other"].contains(&cause), "{cause}");
        }
    }
    // Situations the change does not touch (a damaged card, a disaster) are counted as identical.
    assert!(result.summary.identical > 0);
    assert_eq!(result.summary.changed + result.summary.identical, result.summary.classes);
}

/// Past its budget the walk samples with a fixed seed, and the diff says so: it never claims a
/// complete comparison, and merges no classes into rules.
#[test]
fn a_walk_past_its_budget_samples_and_says_so() {
    let dir = repo_root().join("tests/diff/document_added");
    let (old, new) = (load(&dir.join("old.yaml")), load(&dir.join("new.yaml")));
    let result = diff::diff_within(
        &Side { procedure: &old.1, text: &old.0, as_of: TODAY },
        &Side { procedure: &new.1, text: &new.0, as_of: TODAY },
        TODAY,
        10,
    );
    assert!(!result.summary.complete);
    assert_eq!(result.summary.sampled_seed, Some(procedure::situations::SEED));
    assert!(
        diff::text(&result).contains("the partition is NOT complete: too many classes, situations sampled with seed")
    );
    for group in &result.changed {
        assert_eq!(group.rules.len(), group.classes.len());
    }
    // The sample still finds the change.
    assert!(result.changed.iter().any(|g| g.changes == ["documents: + `police_statement`"]));
}

/// `special_reentry` passes `age` as it is to a sub-procedure: the walk splits it at the
/// sub-procedure's comparisons, so the comparison is complete (it placed `age` at sample values
/// before, and said it was not).
#[test]
fn an_input_passed_to_a_sub_procedure_is_split_at_its_comparisons() {
    let (text, procedure) = load(&repo_root().join("procedures/special_reentry.yaml"));
    let side = Side { procedure: &procedure, text: &text, as_of: TODAY };
    let result = diff::diff(&side, &Side { procedure: &procedure, text: &text, as_of: TODAY }, TODAY);
    assert_eq!(result.summary.open, Vec::<String>::new());
    assert!(result.summary.complete);
    assert!(!result.differs());
}
