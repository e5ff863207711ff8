//! clap definitions only: the binary parses these and hands them to `commands`.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::commands;

/// Belgian quotes, invoices and notices from a clause library, and a linter for general terms.
#[derive(Debug, Parser)]
#[command(name = "clausier", version, about, propagate_version = true)]
pub struct Cli {
    /// Workspace directory holding clausier.yaml (default: walk up from the current directory).
    #[arg(long, global = true, value_name = "DIR")]
    pub workspace: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

/// Every subcommand; the groups live in `commands::*`.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scaffold a working example workspace in DIR.
    Init(commands::init::InitArgs),
    /// Render an invoice, quote or credit note from a YAML file.
    #[command(flatten)]
    Document(commands::document::DocumentArgs),
    /// Browse the clause library and assemble general terms.
    #[command(flatten)]
    Clauses(commands::clauses::ClausesArgs),
    /// Audit general terms for abusive or conflicting clauses.
    #[command(flatten)]
    Audit(commands::audit::AuditArgs),
    /// Compare the workspace's terms with what its invoices and quotes print (XDOC findings).
    Check(commands::check::CheckArgs),
    /// Late fees, reminders and formal notices.
    #[command(flatten)]
    Latefee(commands::latefee::LatefeeArgs),
    /// The invoice register and batch invoicing.
    #[command(flatten)]
    Ledger(commands::ledger::LedgerArgs),
    /// Peppol UBL validation.
    #[command(flatten)]
    Peppol(commands::peppol::PeppolArgs),
}
