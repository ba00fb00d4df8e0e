//! Helpers shared by the suite's modules.

use std::path::PathBuf;

use miette::{GraphicalReportHandler, GraphicalTheme};

/// The repository's root folder.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Renders a diagnostic exactly as the `procedure` command prints it, without colour and at
/// a fixed width, so that snapshots are stable.
pub fn render<D>(diagnostic: &D, name: &str, source: &str) -> String
where
    D: miette::Diagnostic,
{
    let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(90);
    use procedure_cli::sanitize;
    procedure_cli::report::render(sanitize::diagnostic(diagnostic), name, &sanitize::text(source), Some(&handler))
}
