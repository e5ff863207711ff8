//! Thin binary: parse the CLI, call the library, map errors to exit codes.

use std::process::ExitCode;

use clap::Parser;

use clausier::cli::{Cli, Command};
use clausier::commands::{self, Globals};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let globals = Globals {
        workspace: cli.workspace.clone(),
    };
    let result = match &cli.command {
        Command::Init(a) => commands::init::run(a, &globals),
        Command::Document(a) => commands::document::run(a, &globals),
        Command::Clauses(a) => commands::clauses::run(a, &globals),
        Command::Audit(a) => commands::audit::run(a, &globals),
        Command::Check(a) => commands::check::run(a, &globals),
        Command::Latefee(a) => commands::latefee::run(a, &globals),
        Command::Ledger(a) => commands::ledger::run(a, &globals),
        Command::Peppol(a) => commands::peppol::run(a, &globals),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            match err.downcast_ref::<clausier::error::UserError>() {
                Some(user) => eprintln!("{user}"),
                None => eprintln!("error: {err:#}"),
            }
            ExitCode::from(2)
        }
    }
}
