//! One module per subcommand.

pub mod expr;
