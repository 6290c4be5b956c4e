//! The `dvcrank` command: parses arguments, runs the library, maps the outcome to an
//! exit code. All behaviour lives in the library.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
