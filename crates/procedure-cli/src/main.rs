//! The `procedure` binary: everything is in the library.

fn main() -> std::process::ExitCode {
    procedure_cli::main()
}
