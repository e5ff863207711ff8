//! Late fees and notices.

use std::process::ExitCode;

use super::Globals;

/// Subcommands of this group; flattened into the top-level CLI.
#[derive(Debug, clap::Subcommand)]
pub enum LatefeeArgs {
    /// Placeholder until the group is implemented.
    #[command(hide = true)]
    LatefeeTodo,
}

/// Runs one subcommand of the group.
pub fn run(_args: &LatefeeArgs, _globals: &Globals) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}
