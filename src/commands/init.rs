//! Scaffold a workspace.

use std::process::ExitCode;

use super::Globals;

/// Arguments of the `init` command group (placeholder until implemented).
#[derive(Debug, clap::Args)]
pub struct InitArgs {}

/// Runs the command group.
pub fn run(_args: &InitArgs, _globals: &Globals) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}
