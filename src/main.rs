//! The `briefdeck` binary: parses arguments and hands over to [`briefdeck::cli::run`].

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = briefdeck::cli::Cli::parse();
    briefdeck::cli::run(cli)
}
