//! One file per group of subcommands; each owns its clap arguments and its `run`.
//!
//! A `run` returns the process exit code: 0 ok, 1 findings at or above the
//! threshold, and errors (mapped to 2 by `main`) for usage or input problems.

pub mod audit;
pub mod check;
pub mod clauses;
pub mod document;
pub mod init;
pub mod latefee;
pub mod ledger;
pub mod peppol;
pub mod quote;

use std::path::PathBuf;

/// Options every subcommand may use, kept together so commands stay uniform.
#[derive(Debug, Clone, Default)]
pub struct Globals {
    /// `--workspace`: where `clausier.yaml` lives; otherwise found by walking up.
    pub workspace: Option<PathBuf>,
}
