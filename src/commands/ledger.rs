//! `clausier ledger …` (the register of issued documents) and `clausier batch invoices`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;

use super::Globals;
use crate::batch::{self, Outcome};
use crate::error::UserError;
use crate::ledger::{DocKind, DocumentRecord, Ledger, export};
use crate::workspace::Workspace;

/// Subcommands of this group; flattened into the top-level CLI.
#[derive(Debug, clap::Subcommand)]
pub enum LedgerArgs {
    /// The register of issued documents: list, show, export, verify.
    #[command(subcommand)]
    Ledger(LedgerCommand),
    /// Issue many documents from one feed, gap-free and crash-safe.
    #[command(subcommand)]
    Batch(BatchCommand),
}

/// `clausier ledger …`
#[derive(Debug, clap::Subcommand)]
pub enum LedgerCommand {
    /// List recorded documents in number order.
    List(ListArgs),
    /// Show one document: client, totals per VAT rate, hashes, state.
    Show {
        /// Document number, e.g. 2026-00042.
        number: String,
    },
    /// Export the register for the accountant.
    Export(ExportArgs),
    /// Check the register: numbers 1..N per series without gap or duplicate, every
    /// PDF on disk identical to the recorded one (exit 1 on any problem).
    Verify,
}

/// Filters of `ledger list` and `ledger export`.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Only this kind: invoice, quote, credit-note.
    #[arg(long, value_parser = parse_kind)]
    pub kind: Option<DocKind>,
    /// Only this year's series.
    #[arg(long)]
    pub year: Option<i32>,
}

/// Arguments of `ledger export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// CSV with base and VAT per rate (the only format so far; required for clarity).
    #[arg(long, required = true)]
    pub csv: bool,
    /// Write to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Filters.
    #[command(flatten)]
    pub filter: ListArgs,
}

/// `clausier batch …`
#[derive(Debug, clap::Subcommand)]
pub enum BatchCommand {
    /// Issue one invoice per client and period from a CSV or YAML feed (see docs/batch.md).
    /// Rerunning the same command after a crash finishes the batch; after a success it does nothing.
    Invoices(BatchInvoicesArgs),
}

/// Arguments of `batch invoices`.
#[derive(Debug, clap::Args)]
pub struct BatchInvoicesArgs {
    /// The feed: one row per invoice line (client, period, description, quantity, unit_price, vat_rate).
    #[arg(value_name = "FEED")]
    pub feed: PathBuf,
    /// Parallel typst processes (default: number of cores).
    #[arg(long, short)]
    pub jobs: Option<usize>,
    /// Issue the valid invoices and hold back those with an invalid row.
    #[arg(long)]
    pub skip_invalid: bool,
    /// Show what would be issued, write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Issue date (YYYY-MM-DD; default today). Recorded: a resumed batch keeps its date.
    #[arg(long, value_name = "DATE")]
    pub date: Option<NaiveDate>,
    /// Keep each chunk's Typst project (bundle main.typ and one folder per invoice) in DIR.
    #[arg(long, value_name = "DIR", hide = true)]
    pub keep_typst: Option<PathBuf>,
    /// Also write each invoice's Peppol UBL next to its PDF (consumers are listed, not fatal).
    #[arg(long)]
    pub ubl: bool,
}

fn parse_kind(s: &str) -> Result<DocKind, String> {
    s.parse()
}

/// Runs one subcommand of the group.
pub fn run(args: &LedgerArgs, globals: &Globals) -> anyhow::Result<ExitCode> {
    let cwd = std::env::current_dir()?;
    let ws = Workspace::open(globals.workspace.as_deref(), &cwd)?;
    match args {
        LedgerArgs::Ledger(cmd) => ledger(cmd, &ws.root),
        LedgerArgs::Batch(BatchCommand::Invoices(a)) => batch_invoices(a, &ws),
    }
}

fn ledger(cmd: &LedgerCommand, root: &Path) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    let Some(ledger) = Ledger::open_existing(root)? else {
        match cmd {
            LedgerCommand::Show { number } => return Err(no_such_document(number).into()),
            // An empty register still exports a header, so scripts always get CSV.
            LedgerCommand::Export(a) => write_export(&mut out, a, &[])?,
            _ => writeln!(
                out,
                "no ledger yet: nothing has been issued in this workspace"
            )?,
        }
        return Ok(ExitCode::SUCCESS);
    };
    match cmd {
        LedgerCommand::List(f) => {
            let docs = ledger.list(f.kind, f.year)?;
            for d in &docs {
                writeln!(
                    out,
                    "{:<16} {}  {:<12} {:<30} {:>12}  {}",
                    d.number,
                    d.issue_date,
                    d.kind.as_str(),
                    truncate(&d.client_name, 30),
                    d.total_incl,
                    d.state.as_str()
                )?;
            }
            writeln!(out, "{} document(s)", docs.len())?;
        }
        LedgerCommand::Show { number } => {
            let docs = ledger.find(number)?;
            if docs.is_empty() {
                return Err(no_such_document(number).into());
            }
            for d in &docs {
                show(&mut out, d)?;
                if d.kind == DocKind::Quote {
                    show_quote(&mut out, &ledger, d)?;
                }
            }
        }
        LedgerCommand::Export(a) => {
            write_export(&mut out, a, &ledger.list(a.filter.kind, a.filter.year)?)?
        }
        LedgerCommand::Verify => {
            let report = ledger.verify()?;
            for p in &report.problems {
                writeln!(out, "error: {p}")?;
            }
            for (kind, year, last) in &report.series {
                writeln!(out, "{kind} series {year}: 1..{last}")?;
            }
            if report.is_ok() {
                writeln!(
                    out,
                    "ledger OK: {} document(s), no gap, no duplicate, every PDF matches its recorded SHA-256",
                    report.documents
                )?;
            } else {
                writeln!(out, "ledger NOT OK: {} problem(s)", report.problems.len())?;
                return Ok(ExitCode::from(1));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn write_export(
    out: &mut impl Write,
    a: &ExportArgs,
    docs: &[DocumentRecord],
) -> anyhow::Result<()> {
    let mut buf = Vec::new();
    export::write_csv(docs, &mut buf)?;
    match &a.output {
        Some(path) => crate::output::write_atomic(path, &buf)?,
        None => out.write_all(&buf)?,
    }
    Ok(())
}

fn no_such_document(number: &str) -> UserError {
    UserError::new(format!("no document numbered `{number}` in the ledger"))
        .hint("`clausier ledger list` shows the recorded numbers")
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let cut: String = s.chars().take(n - 1).collect();
        format!("{cut}…")
    }
}

/// A quote's status in its life cycle and the invoices issued from it.
fn show_quote(out: &mut impl Write, ledger: &Ledger, d: &DocumentRecord) -> anyhow::Result<()> {
    let (status, since) = ledger.quote_status(&d.number)?;
    match since {
        Some(on) => writeln!(out, "quote status:  {status} on {on}")?,
        None => writeln!(out, "quote status:  {status}")?,
    }
    for (link, inv) in ledger.invoices_of_quote(&d.number)? {
        let what = match link {
            crate::ledger::Link::DepositInvoice => "deposit",
            crate::ledger::Link::FinalInvoice => "final",
        };
        writeln!(
            out,
            "{:<15}invoice {} ({})",
            format!("{what}:"),
            inv.number,
            inv.total_incl
        )?;
    }
    Ok(())
}

fn show(out: &mut impl Write, d: &DocumentRecord) -> std::io::Result<()> {
    writeln!(out, "number:        {}", d.number)?;
    writeln!(
        out,
        "kind:          {} (series {}, #{})",
        d.kind, d.year, d.seq
    )?;
    writeln!(out, "issue date:    {}", d.issue_date)?;
    writeln!(out, "client:        {} ({})", d.client_name, d.client_id)?;
    if let Some(k) = &d.source_key {
        writeln!(out, "source:        {k}")?;
    }
    if let Some(b) = &d.batch_id {
        writeln!(out, "batch:         {}", &b[..b.len().min(12)])?;
    }
    for v in &d.vat {
        writeln!(
            out,
            "VAT {:>3} %:     base {:>12}  VAT {:>10}",
            v.rate, v.base, v.vat
        )?;
    }
    writeln!(out, "total excl.:   {}", d.total_excl)?;
    writeln!(out, "total VAT:     {}", d.total_vat)?;
    writeln!(out, "total incl.:   {}", d.total_incl)?;
    writeln!(out, "state:         {}", d.state.as_str())?;
    writeln!(out, "pdf:           {}", d.pdf_path.display())?;
    writeln!(
        out,
        "pdf sha256:    {}",
        d.pdf_sha256.as_deref().unwrap_or("-")
    )?;
    writeln!(out, "inputs sha256: {}", d.inputs_sha256)?;
    Ok(())
}

fn batch_invoices(a: &BatchInvoicesArgs, ws: &Workspace) -> anyhow::Result<ExitCode> {
    let jobs = a
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    if jobs == 0 {
        return Err(UserError::new("--jobs must be at least 1").into());
    }
    let opts = batch::Options {
        jobs,
        skip_invalid: a.skip_invalid,
        dry_run: a.dry_run,
        // The CLI edge is the only place that reads the clock.
        issue_date: a.date.unwrap_or_else(|| chrono::Local::now().date_naive()),
        keep_typst: a.keep_typst.clone(),
    };
    let invoicing = batch::workspace::WorkspaceInvoicing { ws };
    let source = batch::workspace::WorkspaceSource::new(ws)?;
    let compiler = batch::workspace::TypstCompiler::default();
    let progress = batch::progress::Stderr::new();
    let ctx = batch::Context {
        root: &ws.root,
        invoicing: &invoicing,
        source: &source,
        compiler: &compiler,
        progress: &progress,
        notice: &|m| eprintln!("{m}"),
    };
    let outcome = batch::invoices(&ctx, &a.feed, &opts)?;
    let mut out = std::io::stdout().lock();
    let code = print_outcome(&mut out, &outcome)?;
    if a.ubl {
        crate::peppol::batch::write_outcome_ubl(&mut out, ws, &outcome)?;
    }
    Ok(code)
}

fn print_rows(out: &mut impl Write, errors: &[batch::feed::RowError]) -> std::io::Result<()> {
    for e in errors {
        writeln!(out, "{e}")?;
    }
    Ok(())
}

fn print_totals(out: &mut impl Write, totals: &export::Totals) -> std::io::Result<()> {
    writeln!(out, "  {:>6}  {:>14}  {:>12}", "VAT %", "base", "VAT")?;
    for v in &totals.per_rate {
        writeln!(out, "  {:>6}  {:>14}  {:>12}", v.rate, v.base, v.vat)?;
    }
    writeln!(
        out,
        "  total excl. {}  VAT {}  incl. {}",
        totals.total_excl, totals.total_vat, totals.total_incl
    )
}

fn range(docs: &[DocumentRecord]) -> String {
    match (docs.first(), docs.last()) {
        (Some(a), Some(b)) if a.id != b.id => format!("{} … {}", a.number, b.number),
        (Some(a), _) => a.number.clone(),
        _ => "-".into(),
    }
}

fn print_outcome(out: &mut impl Write, outcome: &Outcome) -> anyhow::Result<ExitCode> {
    match outcome {
        Outcome::Invalid { errors, total_rows } => {
            let mut err = std::io::stderr().lock();
            print_rows(&mut err, errors)?;
            let rows: std::collections::BTreeSet<usize> = errors.iter().map(|e| e.row).collect();
            writeln!(
                err,
                "{} invalid row(s) among {total_rows}: nothing was issued.\n  hint: fix the rows above, or pass --skip-invalid to issue the invoices without an invalid row",
                rows.len()
            )?;
            Ok(ExitCode::from(2))
        }
        Outcome::DryRun(d) => {
            if let Some(b) = &d.existing {
                writeln!(
                    out,
                    "this feed was already run (batch {}, {} invoice(s), {}): running it again would {}",
                    &b.id[..12],
                    b.documents,
                    if b.done { "done" } else { "interrupted" },
                    if b.done { "do nothing" } else { "finish it" }
                )?;
            }
            print_rows(out, &d.errors)?;
            for (key, number) in &d.already_issued {
                writeln!(out, "already invoiced: {key} as {number}")?;
            }
            for h in &d.held_back {
                writeln!(out, "held back (invalid rows): {}", h.key)?;
            }
            for (number, doc) in &d.invoices {
                writeln!(
                    out,
                    "would issue {number:<16} {:<30} {:>12}",
                    truncate(doc.source_key.as_deref().unwrap_or(&doc.client_id), 30),
                    doc.total_incl
                )?;
            }
            let mut t = export::Totals::default();
            for (_, doc) in &d.invoices {
                t.add(&doc.vat, doc.total_excl, doc.total_vat, doc.total_incl);
            }
            writeln!(
                out,
                "dry run: {} invoice(s) would be issued; nothing written",
                t.count
            )?;
            print_totals(out, &t)?;
            Ok(ExitCode::SUCCESS)
        }
        Outcome::AlreadyDone { batch, documents } => {
            writeln!(
                out,
                "batch {} already done: {} invoice(s) ({}); nothing to do",
                &batch.id[..12],
                documents.len(),
                range(documents)
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Outcome::Issued(r) => {
            let secs = r.elapsed.as_secs_f64();
            let done = r
                .documents
                .iter()
                .filter(|d| d.state == crate::ledger::DocState::Done);
            let totals = export::totals(done);
            writeln!(
                out,
                "{} {} invoice(s) ({}) in {:.1} s ({:.0} PDFs/s)",
                if r.resumed {
                    "finished batch:"
                } else {
                    "issued"
                },
                totals.count,
                range(&r.documents),
                secs,
                totals.count as f64 / secs.max(0.001)
            )?;
            print_totals(out, &totals)?;
            if !r.skipped.is_empty() {
                writeln!(out, "skipped {} invalid row(s):", r.skipped.len())?;
                print_rows(out, &r.skipped)?;
            }
            for h in &r.held_back {
                let rows: Vec<String> = h.rows.iter().map(usize::to_string).collect();
                writeln!(
                    out,
                    "held back: invoice {} (rows {}) has an invalid row; fix it and run the corrected feed",
                    h.key,
                    rows.join(", ")
                )?;
            }
            for (key, number) in &r.already_issued {
                writeln!(out, "already invoiced, skipped: {key} is {number}")?;
            }
            if let Some(csv) = &r.accounting_csv {
                writeln!(out, "accounting CSV: {}", csv.display())?;
            }
            if r.failures.is_empty() {
                return Ok(ExitCode::SUCCESS);
            }
            let mut err = std::io::stderr().lock();
            for f in &r.failures {
                writeln!(
                    err,
                    "error: {} (client {}) was not rendered: {}",
                    f.number, f.client_id, f.message
                )?;
            }
            writeln!(
                err,
                "{} invoice(s) not rendered; their numbers are kept.\n  hint: fix the cause, then run the same command again to finish them",
                r.failures.len()
            )?;
            Ok(ExitCode::from(2))
        }
    }
}
