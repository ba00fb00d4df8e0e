//! Helpers shared by the suite's modules.

use std::path::PathBuf;

use miette::{GraphicalReportHandler, GraphicalTheme, NamedSource};

/// The repository's root folder.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Renders a diagnostic as a user sees it, without colour and at a fixed width, so that
/// snapshots are stable.
pub fn render(diagnostic: &dyn miette::Diagnostic, name: &str, source: &str) -> String {
    let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(90);
    let with_source = WithSource { inner: diagnostic, source: NamedSource::new(name, source.to_owned()) };
    let mut out = String::new();
    match handler.render_report(&mut out, &with_source) {
        Ok(()) => out,
        Err(e) => format!("<could not render: {e}>"),
    }
}

/// A diagnostic with the source code it points into.
struct WithSource<'d> {
    inner: &'d dyn miette::Diagnostic,
    source: NamedSource<String>,
}

impl std::fmt::Debug for WithSource<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.inner, f)
    }
}

impl std::fmt::Display for WithSource<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self.inner, f)
    }
}

impl std::error::Error for WithSource<'_> {}

impl miette::Diagnostic for WithSource<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.inner.code()
    }
    fn severity(&self) -> Option<miette::Severity> {
        self.inner.severity()
    }
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.inner.help()
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        self.inner.labels()
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        self.inner.related()
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }
}
