//! One module per subcommand.

pub mod check;
pub mod eval;
pub mod expr;
pub mod graph;
pub mod schema;
pub mod test;
