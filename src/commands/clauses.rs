//! Browse the clause library and assemble terms.

use std::process::ExitCode;

use super::Globals;

/// Subcommands of this group; flattened into the top-level CLI.
#[derive(Debug, clap::Subcommand)]
pub enum ClausesArgs {
    /// Placeholder until the group is implemented.
    #[command(hide = true)]
    ClausesTodo,
}

/// Runs one subcommand of the group.
pub fn run(_args: &ClausesArgs, _globals: &Globals) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}
