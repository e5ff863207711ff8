//! The invoice register and batch invoicing.

use std::process::ExitCode;

use super::Globals;

/// Subcommands of this group; flattened into the top-level CLI.
#[derive(Debug, clap::Subcommand)]
pub enum LedgerArgs {
    /// Placeholder until the group is implemented.
    #[command(hide = true)]
    LedgerTodo,
}

/// Runs one subcommand of the group.
pub fn run(_args: &LedgerArgs, _globals: &Globals) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}
