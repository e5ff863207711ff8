//! Lint general terms for abusive or conflicting clauses.

use std::process::ExitCode;

use super::Globals;

/// Subcommands of this group; flattened into the top-level CLI.
#[derive(Debug, clap::Subcommand)]
pub enum AuditArgs {
    /// Placeholder until the group is implemented.
    #[command(hide = true)]
    AuditTodo,
}

/// Runs one subcommand of the group.
pub fn run(_args: &AuditArgs, _globals: &Globals) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}
