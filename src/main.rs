//! The `briefdeck` binary: parses arguments and hands over to [`briefdeck::cli::run`].

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    briefdeck::trace::mark("main starts");
    let cli = briefdeck::cli::Cli::parse();
    briefdeck::cli::run(cli)
}
