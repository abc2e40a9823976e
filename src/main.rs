//! The `abrege` command: flags → config → pipeline → output.
//!
//! Exit codes: 0 every input was handled; 1 some inputs failed (each one is
//! reported on stderr, or as an error object in `--jsonl` mode); 2 usage
//! error or a fatal error (bad flags, output not writable); 3 no input (the
//! folders hold no file, or none matching `--glob`). A closed output pipe
//! (`abrege … | head`) ends the run quietly.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::args::parse();
    match cli::run(args) {
        Ok(cli::Outcome::AllOk) => ExitCode::from(0),
        Ok(cli::Outcome::SomeFailed) => ExitCode::from(1),
        Ok(cli::Outcome::NoInput) => ExitCode::from(3),
        Err(err) if cli::is_broken_pipe(&err) => ExitCode::from(0),
        Err(err) => {
            eprintln!("abrege: {err:#}");
            ExitCode::from(2)
        }
    }
}
