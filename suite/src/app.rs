//! Top-level dispatch: parsed CLI → command → exit code (keeps `main` thin).

use crate::cli::{Cli, Command};
use crate::config::RunConfig;
use crate::exit::ExitCode;

/// Runs one parsed command line and returns the process exit code.
pub fn main_with(cli: Cli) -> i32 {
    match cli.command {
        Command::List(args) => crate::list::run(&args, &mut std::io::stdout().lock()),
        Command::Certify(args) => crate::certify::command::main(&args),
        Command::Keygen(args) => crate::certify::command::keygen_main(&args),
        Command::Verify(args) => crate::certify::verify::main(&args),
        Command::Run(args) => match RunConfig::resolve(&args) {
            Ok(cfg) => run(cfg),
            Err(e) => {
                eprintln!("harp-conformance: {e}");
                ExitCode::USAGE
            }
        },
    }
}

fn run(cfg: RunConfig) -> i32 {
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt.block_on(crate::runner::engine::run(cfg)),
        Err(e) => {
            eprintln!("harp-conformance: cannot start the async runtime: {e}");
            ExitCode::HARNESS
        }
    }
}
