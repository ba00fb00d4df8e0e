//! Errors of loading: YAML syntax, shape (unknown or missing keys, wrong kinds), and budgets.

use miette::Diagnostic;
use procedure_expr::Span;

/// A file that could not be loaded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Diagnostic)]
#[non_exhaustive]
pub enum SyntaxError {
    /// The YAML is malformed, or its shape is not that of the file kind.
    #[error("{message}")]
    #[diagnostic(code(procedure::syntax::yaml))]
    Yaml {
        /// What is wrong.
        message: String,
        /// Where.
        #[label("here")]
        span: Span,
        /// How to fix it.
        #[help]
        help: Option<String>,
    },

    /// A key the file kind does not have: usually a typo.
    #[error("unknown key `{key}`")]
    #[diagnostic(code(procedure::syntax::unknown_key))]
    UnknownKey {
        /// The key as written.
        key: String,
        /// Where.
        #[label("not a key here")]
        span: Span,
        /// A did-you-mean, and the keys allowed here.
        #[help]
        help: String,
    },

    /// The file is larger than the size budget: the one diagnostic for it, whether the loader,
    /// the engine's `decode` or a reader that stopped at the limit finds it.
    #[error("the file is too large: {}", too_large(*.size, *.limit))]
    #[diagnostic(
        code(procedure::syntax::too_large),
        help("procedure files are small; programs that load generated files can raise the limit")
    )]
    TooLarge {
        /// Its size in bytes, when known: a stream is read only up to the limit.
        size: Option<u64>,
        /// The limit, in bytes.
        limit: usize,
    },

    /// The file has no content.
    #[error("the file is empty")]
    #[diagnostic(code(procedure::syntax::empty), help("a procedure file starts with `id:`, `version:` and `title:`"))]
    Empty,

    /// The YAML exceeds a budget: nesting depth, aliases, or size of the parsed tree.
    #[error("{message}")]
    #[diagnostic(
        code(procedure::syntax::budget),
        help("YAML aliases and deep nesting are limited so that a hostile file cannot exhaust memory or stack")
    )]
    Budget {
        /// Which budget, and by how much.
        message: String,
        /// Where it was exceeded.
        #[label("exceeded here")]
        span: Span,
    },
}

impl SyntaxError {
    /// The primary span, if the error has a place.
    pub fn span(&self) -> Option<Span> {
        match self {
            SyntaxError::Yaml { span, .. }
            | SyntaxError::UnknownKey { span, .. }
            | SyntaxError::Budget { span, .. } => Some(*span),
            SyntaxError::TooLarge { .. } | SyntaxError::Empty => None,
        }
    }
}

/// The rest of the message of [`SyntaxError::TooLarge`].
fn too_large(size: Option<u64>, limit: usize) -> String {
    match size {
        Some(size) => format!("{size} bytes, more than the limit of {limit}"),
        None => format!("more than the limit of {limit} bytes"),
    }
}
