//! Render invoices, quotes and credit notes.

use std::process::ExitCode;

use super::Globals;

/// Subcommands of this group; flattened into the top-level CLI.
#[derive(Debug, clap::Subcommand)]
pub enum DocumentArgs {
    /// Placeholder until the group is implemented.
    #[command(hide = true)]
    DocumentTodo,
}

/// Runs one subcommand of the group.
pub fn run(_args: &DocumentArgs, _globals: &Globals) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}
