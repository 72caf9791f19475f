//! The `plenary` command; everything it does lives in the library.

fn main() -> std::process::ExitCode {
    plenary::cli::main()
}
