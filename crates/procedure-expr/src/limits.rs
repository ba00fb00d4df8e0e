//! Bounds on expressions and values, so that hostile input yields a diagnostic and never a stack
//! overflow, a hang or an exhausted memory.

/// Bounds enforced when parsing, checking and evaluating.
///
/// The defaults accept every expression of the CEL conformance corpus (chains of 32 `&&`,
/// 32 `!`, 24 nested conditionals) with room to spare, and are far beyond what a procedure needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The longest expression, in bytes.
    pub max_length: usize,
    /// The deepest nesting of brackets and conditionals, counted before the parser runs so that
    /// the parser's recursion is bounded whatever the input.
    pub max_nesting: usize,
    /// The deepest syntax tree, which also bounds long operator chains and prefix runs such as
    /// `!!!!x`: the checker and the evaluator recurse over the tree.
    pub max_depth: usize,
    /// The most elements a list may have, in a literal or as a computed value.
    pub max_list_len: usize,
    /// The longest string, in bytes, in a literal or as a computed value.
    pub max_string_len: usize,
    /// The heaviest list, in elements counted through every nested list at every place it
    /// appears (see [`crate::List`]): lists share structure, so `[x, x]` nested 40 deep is
    /// small in memory but 2^40 elements to compare or print.
    pub max_list_weight: usize,
}

impl Limits {
    /// The default bounds.
    pub const DEFAULT: Limits = Limits {
        max_length: 16 * 1024,
        max_nesting: 64,
        max_depth: 128,
        max_list_len: 10_000,
        max_string_len: 64 * 1024,
        max_list_weight: 100_000,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}
