//! `harp-conformance` binary: parse the command line, run, exit with the documented code (see `exit.rs`).

use clap::Parser as _;

fn main() {
    let cli = harp_conformance::cli::Cli::parse();
    std::process::exit(harp_conformance::app::main_with(cli));
}
