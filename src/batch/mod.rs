//! Batch invoicing: thousands of invoices from one feed, gap-free and crash-safe.
//!
//! `clausier batch invoices FEED` checks every row first (all problems reported
//! with row numbers; nothing issued unless all are valid, or `--skip-invalid`),
//! groups rows into one invoice per client and period, allocates all numbers in
//! one ledger transaction, then renders the PDFs in parallel typst bundles.
//!
//! The batch id is the SHA-256 of the feed: running the same command again after
//! a crash finishes the batch from the ledger's recorded inputs (the feed is not
//! even parsed again), and after a success does nothing. Two runs of the same
//! feed at once: the second waits for the first (a lock the OS releases when a
//! process dies). Two different feeds at once: their allocations are serialized
//! by SQLite (`BEGIN IMMEDIATE`), and a client-period already invoiced by another
//! batch is skipped, never invoiced twice.

// UserError carries file, position, field and hint by design (as in workspace.rs);
// errors are the cold path.
#![allow(clippy::result_large_err)]

pub mod execute;
pub mod feed;
pub mod hook;
pub mod plan;
pub mod progress;
pub mod workspace;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::error::UserError;
use crate::ledger::{self, BatchRecord, BatchStart, DocKind, DocumentRecord, Ledger, NewDocument};

pub use execute::{BundleCompiler, DocumentSource, Failure, Sandbox};
pub use plan::{HeldBack, PlannedInvoice};

/// What the batch needs from the workspace: clients, rates, numbering, and how an
/// invoice becomes a document to record. Production implements it over
/// `crate::workspace` ([`workspace::WorkspaceInvoicing`]).
pub trait Invoicing: Sync {
    /// Every client id, for did-you-mean hints.
    fn client_ids(&self) -> Vec<String>;
    /// Whether a client id exists.
    fn has_client(&self, id: &str) -> bool;
    /// Whether a VAT rate (percent) is allowed.
    fn is_known_rate(&self, rate: Decimal) -> bool;
    /// The printed number of sequence `seq` of a series.
    fn number(&self, kind: DocKind, year: i32, seq: u32) -> String;
    /// The document to record for one planned invoice; an error explains which
    /// rule the invoice breaks (e.g. a VAT rate that its VAT treatment forbids).
    fn document(
        &self,
        invoice: &PlannedInvoice,
        issue_date: NaiveDate,
    ) -> Result<NewDocument, InvoiceError>;
}

/// Why one planned invoice cannot be issued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceError {
    /// Feed row at fault (the invoice's first row when no line is).
    pub row: usize,
    /// What rule is broken, with its hint.
    pub message: String,
}

/// Options of `batch invoices`.
#[derive(Debug, Clone)]
pub struct Options {
    /// Parallel typst processes.
    pub jobs: usize,
    /// Issue what is valid, hold back invoices with an invalid row.
    pub skip_invalid: bool,
    /// Show what would be issued; write nothing.
    pub dry_run: bool,
    /// Issue date of the invoices (the CLI's `--date`, default today).
    pub issue_date: NaiveDate,
    /// Keep each chunk's Typst project in this directory (benchmark, debugging).
    pub keep_typst: Option<PathBuf>,
}

/// What happened, for the CLI to print.
#[derive(Debug)]
pub enum Outcome {
    /// Invalid rows and no `--skip-invalid`: nothing was issued.
    Invalid {
        /// Every problem.
        errors: Vec<feed::RowError>,
        /// Rows in the feed.
        total_rows: usize,
    },
    /// `--dry-run`.
    DryRun(DryRun),
    /// The batch had already finished: nothing to do.
    AlreadyDone {
        /// The recorded batch.
        batch: BatchRecord,
        /// Its documents.
        documents: Vec<DocumentRecord>,
    },
    /// Documents issued (or a resumed batch finished).
    Issued(Report),
}

/// `--dry-run` output.
#[derive(Debug)]
pub struct DryRun {
    /// Invoices that would be issued, with the number each would get.
    pub invoices: Vec<(String, NewDocument)>,
    /// Invalid rows.
    pub errors: Vec<feed::RowError>,
    /// Groups held back because of invalid rows.
    pub held_back: Vec<HeldBack>,
    /// Client-periods already invoiced, with their number.
    pub already_issued: Vec<(String, String)>,
    /// Set when this feed was already run (the batch would resume or do nothing).
    pub existing: Option<BatchRecord>,
}

/// End-of-batch report.
#[derive(Debug)]
pub struct Report {
    /// Batch id (SHA-256 of the feed).
    pub batch_id: String,
    /// True when an earlier, interrupted run was finished.
    pub resumed: bool,
    /// Every document of the batch.
    pub documents: Vec<DocumentRecord>,
    /// Documents that could not be rendered (numbers kept; rerun to finish).
    pub failures: Vec<Failure>,
    /// Rows skipped with `--skip-invalid`.
    pub skipped: Vec<feed::RowError>,
    /// Groups held back because of invalid rows.
    pub held_back: Vec<HeldBack>,
    /// Client-periods already invoiced by an earlier batch, with their number.
    pub already_issued: Vec<(String, String)>,
    /// Accounting CSV of the batch, relative to the workspace root.
    pub accounting_csv: Option<PathBuf>,
    /// Wall time.
    pub elapsed: Duration,
}

/// Everything around a batch run.
pub struct Context<'a> {
    /// Workspace root (ledger and `out/` live there).
    pub root: &'a Path,
    /// Workspace side.
    pub invoicing: &'a dyn Invoicing,
    /// Recorded inputs to Typst projects.
    pub source: &'a dyn DocumentSource,
    /// typst.
    pub compiler: &'a dyn BundleCompiler,
    /// Progress display.
    pub progress: &'a dyn progress::Progress,
    /// One-line notices (waiting for a lock, resuming).
    pub notice: &'a dyn Fn(&str),
}

/// Checked and planned feed, before allocation.
struct Planned {
    docs: Vec<NewDocument>,
    errors: Vec<feed::RowError>,
    held_back: Vec<HeldBack>,
    total_rows: usize,
}

fn plan_feed(
    ctx: &Context<'_>,
    path: &Path,
    content: &[u8],
    opts: &Options,
) -> Result<Planned, UserError> {
    let inv = ctx.invoicing;
    let clients = inv.client_ids();
    let checked = feed::check(path, content, &|c| inv.has_client(c), &clients, &|r| {
        inv.is_known_rate(r)
    })?;
    let mut errors = checked.errors;
    let (invoices, _) = plan::group(&checked.rows, &errors);
    // Invoice-level rules (VAT treatment, payment term), reported on the offending row.
    let mut docs_by_key = std::collections::HashMap::new();
    for invoice in &invoices {
        // The Typst project is built once here too, so that what would fail at render
        // time (a missing late-fee rate, a template error) fails before any number is taken.
        let checked = inv.document(invoice, opts.issue_date).and_then(|doc| {
            ctx.source
                .sandbox(&provisional(&doc, ctx.invoicing))
                .map(|_| doc)
                .map_err(|message| InvoiceError {
                    row: invoice.rows[0].row,
                    message,
                })
        });
        match checked {
            Ok(doc) => {
                docs_by_key.insert(invoice.source_key(), doc);
            }
            Err(e) => {
                let row = invoice
                    .rows
                    .iter()
                    .find(|r| r.row == e.row)
                    .unwrap_or(&invoice.rows[0]);
                let mut error = UserError::new(format!(
                    "row {}: invoice of `{}` for {}: {}",
                    row.row, invoice.client, invoice.period, e.message
                ))
                .file(path);
                error.line = row.line;
                errors.push(feed::RowError {
                    row: row.row,
                    key: Some(invoice.source_key()),
                    error,
                });
            }
        }
    }
    errors.sort_by_key(|e| e.row);
    // Group again: invoices with an invalid row are now held back.
    let (invoices, held_back) = plan::group(&checked.rows, &errors);
    let docs = invoices
        .iter()
        .filter_map(|i| docs_by_key.remove(&i.source_key()))
        .collect();
    Ok(Planned {
        docs,
        errors,
        held_back,
        total_rows: checked.total_rows,
    })
}

/// A record as the ledger would hold it, with the first number of its series, to
/// build the document's Typst project before anything is allocated.
fn provisional(doc: &NewDocument, invoicing: &dyn Invoicing) -> DocumentRecord {
    let year = chrono::Datelike::year(&doc.issue_date);
    let number = invoicing.number(doc.kind, year, 1);
    DocumentRecord {
        id: 0,
        kind: doc.kind,
        year,
        seq: 1,
        pdf_path: ledger::pdf_relative_path(doc.kind, &number),
        number,
        client_id: doc.client_id.clone(),
        client_name: doc.client_name.clone(),
        issue_date: doc.issue_date,
        source_key: doc.source_key.clone(),
        batch_id: None,
        vat: doc.vat.clone(),
        total_excl: doc.total_excl,
        total_vat: doc.total_vat,
        total_incl: doc.total_incl,
        inputs: doc.inputs.clone(),
        inputs_sha256: String::new(),
        pdf_sha256: None,
        state: ledger::DocState::Allocated,
    }
}

fn read_feed(path: &Path) -> Result<Vec<u8>, UserError> {
    std::fs::read(path).map_err(|e| {
        UserError::new(format!("cannot read the feed: {e}"))
            .file(path)
            .hint("give the path of a .csv or .yaml feed (see docs/batch.md)")
    })
}

/// Runs `batch invoices FEED`.
pub fn invoices(ctx: &Context<'_>, feed_path: &Path, opts: &Options) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let content = read_feed(feed_path)?;
    let id = ledger::sha256_hex(&content);
    if opts.dry_run {
        return dry_run(ctx, feed_path, &content, &id, opts).map(Outcome::DryRun);
    }
    ctx.compiler.check()?;
    let _lock = ledger::lock_batch(ctx.root, &id, &|| {
        (ctx.notice)("another run of this feed is in progress; waiting for it to finish")
    })?;
    let mut ledger = Ledger::open(ctx.root)?;
    let mut report = Report {
        batch_id: id.clone(),
        resumed: false,
        documents: Vec::new(),
        failures: Vec::new(),
        skipped: Vec::new(),
        held_back: Vec::new(),
        already_issued: Vec::new(),
        accounting_csv: None,
        elapsed: Duration::ZERO,
    };
    match ledger.batch(&id)? {
        Some(b) if b.done => {
            let documents = ledger.batch_documents(&id)?;
            return Ok(Outcome::AlreadyDone {
                batch: b,
                documents,
            });
        }
        Some(_) => report.resumed = true,
        None => {
            let planned = plan_feed(ctx, feed_path, &content, opts)?;
            if !planned.errors.is_empty() && !opts.skip_invalid {
                return Ok(Outcome::Invalid {
                    errors: planned.errors,
                    total_rows: planned.total_rows,
                });
            }
            report.skipped = planned.errors;
            report.held_back = planned.held_back;
            let format = |k: DocKind, y: i32, s: u32| ctx.invoicing.number(k, y, s);
            let feed_name = feed_path.to_string_lossy();
            match ledger.start_batch(&id, &feed_name, &planned.docs, &format, &|_| {
                hook::pass("allocate")
            })? {
                BatchStart::Created { already_issued, .. } => {
                    report.already_issued = already_issued
                }
                BatchStart::Exists(_) => report.resumed = true,
            }
        }
    }
    if report.resumed {
        (ctx.notice)(&format!(
            "resuming batch {} from the ledger (an earlier run did not finish)",
            &id[..12]
        ));
    }
    let documents = ledger.batch_documents(&id)?;
    let shared = Mutex::new(ledger);
    let renderer = execute::Renderer {
        ledger: &shared,
        root: ctx.root,
        source: ctx.source,
        compiler: ctx.compiler,
        jobs: opts.jobs,
        progress: ctx.progress,
        keep_typst: opts.keep_typst.as_deref(),
    };
    report.failures = renderer.run(&documents)?;
    hook::pass("finish");
    let mut ledger = shared.into_inner().unwrap_or_else(|e| e.into_inner());
    ledger.finish_batch(&id)?;
    report.documents = ledger.batch_documents(&id)?;
    if !report.documents.is_empty() {
        let rel = Path::new("out")
            .join("batches")
            .join(format!("batch-{}.csv", &id[..12]));
        let mut buf = Vec::new();
        ledger::export::write_csv(&report.documents, &mut buf)?;
        crate::output::write_atomic(&ctx.root.join(&rel), &buf)?;
        report.accounting_csv = Some(rel);
    }
    report.elapsed = started.elapsed();
    Ok(Outcome::Issued(report))
}

fn dry_run(
    ctx: &Context<'_>,
    feed_path: &Path,
    content: &[u8],
    id: &str,
    opts: &Options,
) -> anyhow::Result<DryRun> {
    let ledger = Ledger::open_existing(ctx.root)?;
    let existing = match &ledger {
        Some(l) => l.batch(id)?,
        None => None,
    };
    let planned = plan_feed(ctx, feed_path, content, opts)?;
    let mut next: std::collections::HashMap<(DocKind, i32), u32> = Default::default();
    let mut invoices = Vec::new();
    let mut already_issued = Vec::new();
    for doc in planned.docs {
        if let (Some(l), Some(key)) = (&ledger, &doc.source_key)
            && let Some(number) = l.number_for_source(doc.kind, key)?
        {
            already_issued.push((key.clone(), number));
            continue;
        }
        let year = chrono::Datelike::year(&doc.issue_date);
        let seq = match next.get_mut(&(doc.kind, year)) {
            Some(s) => s,
            None => {
                let first = match &ledger {
                    Some(l) => l.next_seq(doc.kind, year)?,
                    None => 1,
                };
                next.entry((doc.kind, year)).or_insert(first)
            }
        };
        invoices.push((ctx.invoicing.number(doc.kind, year, *seq), doc));
        *seq += 1;
    }
    Ok(DryRun {
        invoices,
        errors: planned.errors,
        held_back: planned.held_back,
        already_issued,
        existing,
    })
}
