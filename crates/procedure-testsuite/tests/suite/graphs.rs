//! The Mermaid graphs in `docs/graphs.md` are the graphs of the files they name.

use procedure::{CompileOptions, Directory, compile_with, graph};

use crate::common::repo_root;

#[test]
fn graphs_in_the_docs_match_their_procedures() {
    let doc = std::fs::read_to_string(repo_root().join("docs/graphs.md")).unwrap();
    let mut checked = 0;
    let mut file: Option<String> = None;
    let mut lines = doc.lines();
    while let Some(line) = lines.next() {
        if let Some(path) = line.strip_prefix("## `").and_then(|l| l.strip_suffix('`')) {
            file = Some(path.to_owned());
        }
        if line.trim() == "```mermaid" {
            let block: String = lines.by_ref().take_while(|l| l.trim() != "```").map(|l| format!("{l}\n")).collect();
            let path = file.take().expect("a `## `path`` heading before each graph");
            let text = std::fs::read_to_string(repo_root().join(&path)).unwrap();
            let directory = Directory::beside(&repo_root().join(&path));
            let procedure =
                compile_with(&text, &CompileOptions::DEFAULT, &directory).procedure.expect("the procedure compiles");
            let expected = graph::mermaid(&procedure, procedure.languages.first().unwrap());
            assert!(
                block == expected,
                "the graph of {path} in docs/graphs.md is stale: regenerate it with `cargo run -q --bin procedure -- graph {path}`"
            );
            checked += 1;
        }
    }
    assert!(checked > 0, "docs/graphs.md has no graph");
}
