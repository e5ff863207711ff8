//! Peppol UBL validation.

use std::process::ExitCode;

use super::Globals;

/// Subcommands of this group; flattened into the top-level CLI.
#[derive(Debug, clap::Subcommand)]
pub enum PeppolArgs {
    /// Placeholder until the group is implemented.
    #[command(hide = true)]
    PeppolTodo,
}

/// Runs one subcommand of the group.
pub fn run(_args: &PeppolArgs, _globals: &Globals) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}
