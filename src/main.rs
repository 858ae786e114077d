//! The `briefdeck` binary: parses arguments and hands over to [`briefdeck::cli::run`].

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    briefdeck::trace::mark("main starts");
    let cli = briefdeck::cli::Cli::parse();
    briefdeck::trace::mark("arguments parsed");
    let code = briefdeck::cli::run(cli);
    briefdeck::trace::mark("done");
    code
}
