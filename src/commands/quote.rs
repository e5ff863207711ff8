//! The quote life cycle on the command line.
//!
//! `clausier quote FILE` renders a quote and records it in the ledger as a draft (the
//! file is the business key: rendering it again reuses the record). A recorded quote
//! then moves with `clausier quote send|accept|decline|invoice NUMBER`:
//!
//! - `accept` refuses a quote past its validity date (and records it as expired), and
//!   issues the deposit invoice when the quote asks one: the acceptance, the invoice
//!   number and the link are one ledger transaction (`Ledger::accept_quote`);
//! - `invoice` issues the final invoice: the quote's lines, minus the deposit invoice's
//!   base and VAT per rate (money.rs rules 5 and 6), so deposit + final = quote.
//!
//! Every check runs before the ledger is written, so a refused command uses no number.

// `UserError` (file, line, column, field, message, hint) is the project-wide input error.
#![allow(clippy::result_large_err)]

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{Datelike, Days, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::Globals;
use super::document::{
    Allocated, RenderArgs, Request, Written, print_written, render_recorded, user_error,
};
use crate::batch::workspace::{InvoiceInputs, WorkspaceInvoicing};
use crate::error::UserError;
use crate::ledger::{DocKind, DocumentRecord, Ledger, Link, NewDocument, QuoteStatus};
use crate::model::{
    Client, Config, InvoiceDoc, Line, QuoteDoc, ResolvedQuote, Source, VatRate, resolve_quote,
};
use crate::money::{Deduction, deposit_split};
use crate::render::format;
use crate::render::{Kind, Renderer};
use crate::workspace::Workspace;

/// `clausier quote FILE` (render and record) or `clausier quote ACTION NUMBER`.
#[derive(Debug, Clone, clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct QuoteArgs {
    /// What to do with a recorded quote; without one, FILE is rendered.
    #[command(subcommand)]
    pub action: Option<QuoteAction>,
    /// The quote's YAML file.
    #[arg(required = true)]
    pub file: Option<PathBuf>,
    /// Where to write the PDF; a directory (existing, or written with a trailing `/`) gets
    /// `<number>.pdf` [default: out/quote/<number>.pdf in the workspace].
    #[arg(short, long, value_name = "PDF")]
    pub out: Option<PathBuf>,
    /// Keep the generated Typst source, its JSON data and assets next to the PDF, for debugging.
    #[arg(long)]
    pub emit_typst: bool,
}

impl QuoteArgs {
    /// The render options when a file (and no action) was given.
    pub fn render_args(&self) -> Option<RenderArgs> {
        match (&self.action, &self.file) {
            (None, Some(file)) => Some(RenderArgs {
                file: file.clone(),
                out: self.out.clone(),
                emit_typst: self.emit_typst,
            }),
            _ => None,
        }
    }
}

/// The moves of a recorded quote.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum QuoteAction {
    /// Record that the quote was sent to the client.
    Send(OnDate),
    /// Record the client's acceptance; issues the deposit invoice when the quote asks one.
    Accept(AcceptOn),
    /// Record that the client declined the quote.
    Decline(OnDate),
    /// Issue the final invoice of an accepted quote, the deposit deducted.
    Invoice(InvoiceOn),
}

/// A quote number and the day something happened to it.
#[derive(Debug, Clone, clap::Args)]
pub struct OnDate {
    /// The quote's number, e.g. Q2026-0001.
    pub number: String,
    /// The day it happened (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub on: NaiveDate,
}

/// Options of `clausier quote accept`.
#[derive(Debug, Clone, clap::Args)]
pub struct AcceptOn {
    /// The quote's number and the day the client accepted it.
    #[command(flatten)]
    pub at: OnDate,
    /// Also write the deposit invoice's Peppol BIS 3.0 UBL next to its PDF (`<number>.xml`).
    #[arg(long)]
    pub ubl: bool,
}

/// Options of `clausier quote invoice`.
#[derive(Debug, Clone, clap::Args)]
pub struct InvoiceOn {
    /// The quote's number, e.g. Q2026-0001.
    pub number: String,
    /// Issue date of the final invoice (YYYY-MM-DD) [default: today].
    #[arg(long, value_name = "DATE")]
    pub on: Option<NaiveDate>,
    /// Also write the final invoice's Peppol BIS 3.0 UBL next to its PDF (`<number>.xml`):
    /// the deposit is deducted per VAT rate, as on the PDF.
    #[arg(long)]
    pub ubl: bool,
}

/// What the ledger records for a quote: enough to render it again, and to invoice it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct QuoteInputs {
    /// clausier.yaml when the quote was recorded.
    pub config: Config,
    /// The client then.
    pub client: Client,
    /// The quote, without its number (the ledger holds it).
    pub quote: QuoteDoc,
}

impl QuoteInputs {
    /// Reads the inputs recorded for a quote.
    pub fn of(record: &DocumentRecord) -> Result<Self, UserError> {
        serde_json::from_str(&record.inputs).map_err(|e| {
            UserError::new(format!(
                "the recorded inputs of quote {} cannot be read: {e}",
                record.number
            ))
            .hint("`clausier ledger verify` checks the register")
        })
    }

    /// The workspace as it was when the quote was recorded (current root, for the logo,
    /// the templates and the terms file).
    pub fn snapshot(&self, ws: &Workspace) -> Workspace {
        Workspace {
            root: ws.root.clone(),
            config: self.config.clone(),
            clients: BTreeMap::from([(self.client.id.clone(), self.client.clone())]),
            config_source: Source::new("ledger", ""),
            client_sources: BTreeMap::new(),
        }
    }

    /// The recorded quote resolved against its snapshot, under its recorded number.
    pub fn resolve(&self, snapshot: &Workspace, number: &str) -> Result<ResolvedQuote, UserError> {
        resolve_quote(
            snapshot,
            &Source::new("ledger", ""),
            &self.quote,
            Some(number),
        )
    }
}

/// The printed number of (kind, year, seq) in this workspace.
fn number_of(ws: &Workspace) -> impl Fn(DocKind, i32, u32) -> String + Sync + '_ {
    move |kind, year, seq| {
        crate::batch::Invoicing::number(&WorkspaceInvoicing { ws }, kind, year, seq)
    }
}

/// The ledger's business key of a document file: its path inside the workspace.
fn file_key(ws: &Workspace, file: &Path) -> String {
    let canonical = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
    let root = std::fs::canonicalize(&ws.root).unwrap_or_else(|_| ws.root.clone());
    format!(
        "file:{}",
        canonical
            .strip_prefix(&root)
            .unwrap_or(&canonical)
            .display()
    )
}

/// Records a quote file in the ledger as a draft (or finds its record), so that
/// `clausier quote accept` and `invoice` can work from it. The quote is validated first:
/// bad input leaves the ledger untouched.
pub(crate) fn record_quote(
    ws: &Workspace,
    src: &Source,
    file: &Path,
    doc: &QuoteDoc,
) -> Result<Allocated, UserError> {
    let format = number_of(ws);
    let pattern = &ws.config.numbering.quote;
    let explicit = match &doc.number {
        Some(n) => {
            let seq = crate::model::numbering::parse_number(pattern, n)
                .and_then(|(_, seq)| u32::try_from(seq).ok())
                .ok_or_else(|| {
                    src.error("number", format!("quote number `{n}` does not follow the pattern `{pattern}`"))
                        .hint("fix the number, or remove `number:` to let the ledger allocate the next one")
                })?;
            Some((n.clone(), seq))
        }
        None => None,
    };
    let probe_number = match &explicit {
        Some((n, _)) => n.clone(),
        None => format(DocKind::Quote, doc.issue_date.year(), 1),
    };
    let probe = resolve_quote(ws, src, doc, Some(&probe_number))?;
    let inputs = QuoteInputs {
        config: ws.config.clone(),
        client: probe.client.clone(),
        quote: QuoteDoc {
            number: None,
            ..doc.clone()
        },
    };
    let inputs_json = serde_json::to_string(&inputs)
        .map_err(|e| UserError::new(format!("cannot record the quote: {e}")))?;
    let key = file_key(ws, file);
    let mut ledger = Ledger::open(&ws.root).map_err(user_error)?;
    let mut warnings = Vec::new();
    let mut notes = Vec::new();
    let record = match ledger
        .number_for_source(DocKind::Quote, &key)
        .map_err(user_error)?
    {
        Some(number) => {
            let record = find_quote(&ledger, &number)?;
            let renumbered = explicit.as_ref().is_some_and(|(n, _)| *n != number);
            if record.inputs != inputs_json || renumbered {
                warnings.push(format!(
                    "{} was recorded as quote {number} and has changed since; the PDF shows the quote as recorded. Write a revised quote in a new file.",
                    file.display()
                ));
            }
            record
        }
        None => {
            let new = NewDocument::from_totals(
                DocKind::Quote,
                &probe.client.id,
                &probe.client.name,
                doc.issue_date,
                Some(key),
                &probe.totals,
                inputs_json,
            );
            let fixed = explicit.as_ref().map(|(n, seq)| (n.as_str(), *seq));
            let record = ledger
                .record_quote(&new, fixed, &format)
                .map_err(user_error)?;
            notes.push(format!("recorded quote {} as a draft", record.number));
            record
        }
    };
    Ok(Allocated {
        ledger,
        record,
        warnings,
        notes,
    })
}

/// The quote recorded under `number`, or an error that says how to record it.
fn find_quote(ledger: &Ledger, number: &str) -> Result<DocumentRecord, UserError> {
    ledger
        .find(number)
        .map_err(user_error)?
        .into_iter()
        .find(|r| r.kind == DocKind::Quote)
        .ok_or_else(|| {
            UserError::new(format!("no quote numbered `{number}` in the ledger"))
                .hint("render the quote first with `clausier quote FILE.yaml`; `clausier ledger list --kind quote` shows the recorded quotes")
        })
}

/// Runs `clausier quote ACTION NUMBER`.
pub fn run(args: &QuoteArgs, globals: &Globals) -> anyhow::Result<ExitCode> {
    let Some(action) = &args.action else {
        return Err(UserError::new("no quote file given")
            .hint("`clausier quote FILE.yaml` renders a quote; `clausier quote --help` lists the actions")
            .into());
    };
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let ws = Workspace::open(globals.workspace.as_deref(), &cwd)?;
    let mut out = std::io::stdout().lock();
    match action {
        QuoteAction::Send(a) => {
            transition(&ws, &a.number, QuoteStatus::Sent, a.on)?;
            let _ = writeln!(out, "quote {} sent on {}", a.number, a.on);
        }
        QuoteAction::Decline(a) => {
            transition(&ws, &a.number, QuoteStatus::Declined, a.on)?;
            let _ = writeln!(out, "quote {} declined on {}", a.number, a.on);
        }
        QuoteAction::Accept(AcceptOn { at: a, ubl }) => {
            let written = accept(&ws, &a.number, a.on, *ubl)?;
            let _ = writeln!(out, "quote {} accepted on {}", a.number, a.on);
            drop(out);
            if let Some(w) = written {
                print_written(&w);
            }
        }
        QuoteAction::Invoice(a) => {
            let on = a.on.unwrap_or_else(|| chrono::Local::now().date_naive());
            drop(out);
            print_written(&final_invoice(&ws, &a.number, on, a.ubl)?);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The recorded quote, resolved, with where it stands.
struct Current {
    record: DocumentRecord,
    inputs: QuoteInputs,
    quote: ResolvedQuote,
    status: QuoteStatus,
    since: Option<NaiveDate>,
}

fn current(ws: &Workspace, ledger: &Ledger, number: &str) -> Result<Current, UserError> {
    let record = find_quote(ledger, number)?;
    let inputs = QuoteInputs::of(&record)?;
    let quote = inputs.resolve(&inputs.snapshot(ws), &record.number)?;
    let (status, since) = ledger.quote_status(number).map_err(user_error)?;
    Ok(Current {
        record,
        inputs,
        quote,
        status,
        since,
    })
}

/// Refuses a date before the quote's issue date or its last move.
fn check_date(c: &Current, on: NaiveDate, what: &str) -> Result<(), UserError> {
    let number = &c.record.number;
    if on < c.quote.issue_date {
        return Err(UserError::new(format!(
            "quote {number} cannot be {what} on {on}: it was issued on {}",
            c.quote.issue_date
        ))
        .hint("check the date given with --on"));
    }
    if let Some(since) = c.since.filter(|s| on < *s) {
        return Err(UserError::new(format!(
            "quote {number} cannot be {what} on {on}: it became {} on {since}",
            c.status
        ))
        .hint("check the date given with --on"));
    }
    Ok(())
}

/// The day after the last day of validity: when an unaccepted quote expired.
fn expiry(q: &ResolvedQuote) -> NaiveDate {
    q.valid_until
        .checked_add_days(Days::new(1))
        .unwrap_or(q.valid_until)
}

/// Refuses to send or accept a quote after its validity date; records it as expired
/// when it still can be, since that is what it is.
fn check_valid(
    ledger: &mut Ledger,
    c: &Current,
    on: NaiveDate,
    what: &str,
) -> Result<(), UserError> {
    if on <= c.quote.valid_until {
        return Ok(());
    }
    let number = &c.record.number;
    let expired = expiry(&c.quote);
    if c.status.can_become(QuoteStatus::Expired) {
        ledger
            .set_quote_status(number, QuoteStatus::Expired, expired)
            .map_err(user_error)?;
    }
    Err(UserError::new(format!(
        "quote {number} expired on {expired} (valid until {}): it cannot be {what} on {on}; it is now recorded as expired",
        c.quote.valid_until
    ))
    .hint("send the client a new quote with a new validity date"))
}

/// `send` and `decline`.
fn transition(
    ws: &Workspace,
    number: &str,
    to: QuoteStatus,
    on: NaiveDate,
) -> Result<(), UserError> {
    let mut ledger = Ledger::open(&ws.root).map_err(user_error)?;
    let c = current(ws, &ledger, number)?;
    let what = to.as_str();
    if !c.status.can_become(to) {
        return Err(refusal(number, c.status, to));
    }
    check_date(&c, on, what)?;
    if to == QuoteStatus::Sent {
        check_valid(&mut ledger, &c, on, what)?;
    }
    ledger.set_quote_status(number, to, on).map_err(user_error)
}

fn refusal(number: &str, from: QuoteStatus, to: QuoteStatus) -> UserError {
    let hint = match (from, to) {
        (QuoteStatus::Accepted, QuoteStatus::Accepted) => {
            format!(
                "it is accepted already; `clausier quote invoice {number}` issues its final invoice"
            )
        }
        (QuoteStatus::Expired | QuoteStatus::Declined, _) => {
            "send the client a new quote".to_string()
        }
        _ => "a quote goes draft → sent → accepted, declined or expired, never back".to_string(),
    };
    UserError::new(format!("quote {number} is {from}: it cannot become {to}")).hint(hint)
}

fn request(ubl: bool) -> Request {
    Request {
        kind: Kind::Invoice,
        file: PathBuf::new(),
        out: None,
        emit_typst: false,
        ubl,
        pdf_a3: false,
    }
}

/// The invoice inputs for a quote's client, from the current workspace when it still
/// knows the client (the invoice is issued now), else as recorded with the quote.
fn invoice_inputs(
    ws: &Workspace,
    c: &Current,
    invoice: InvoiceDoc,
    deductions: Vec<Deduction>,
) -> InvoiceInputs {
    let client = ws
        .client(&c.quote.client.id)
        .cloned()
        .unwrap_or_else(|| c.inputs.client.clone());
    InvoiceInputs {
        config: ws.config.clone(),
        client,
        invoice,
        deductions,
    }
}

/// Validates an invoice about to be issued and returns what the ledger records for it;
/// with `ubl`, also that it can be a Peppol e-invoice, so a refusal uses no number.
fn new_invoice(
    ws: &Workspace,
    inputs: &InvoiceInputs,
    key: String,
    ubl: bool,
) -> Result<NewDocument, UserError> {
    let probe_number = number_of(ws)(DocKind::Invoice, inputs.invoice.issue_date.year(), 1);
    let probe = inputs.resolve(&inputs.snapshot(ws), &probe_number)?;
    if ubl {
        crate::peppol::to_ubl(crate::peppol::UblDocument::Invoice(&probe), None)?;
    }
    Ok(NewDocument::from_totals(
        DocKind::Invoice,
        &probe.client.id,
        &probe.client.name,
        inputs.invoice.issue_date,
        Some(key),
        &probe.totals,
        serde_json::to_string(inputs)
            .map_err(|e| UserError::new(format!("cannot record the invoice: {e}")))?,
    ))
}

/// Renders an invoice issued from a quote; a crash before this leaves a record that
/// the same command renders on its next run.
fn deliver(
    ws: &Workspace,
    ledger: &mut Ledger,
    record: &DocumentRecord,
    note: String,
    ubl: bool,
) -> Result<Written, UserError> {
    let renderer = Renderer::for_workspace(ws)?;
    let mut written = render_recorded(&request(ubl), &renderer, ws, ledger, record)?;
    written.notes.insert(0, note);
    Ok(written)
}

fn linked(ledger: &Ledger, number: &str, link: Link) -> Result<Option<DocumentRecord>, UserError> {
    Ok(ledger
        .invoices_of_quote(number)
        .map_err(user_error)?
        .into_iter()
        .find(|(l, _)| *l == link)
        .map(|(_, d)| d))
}

/// `clausier quote accept`: the acceptance and, with a deposit, its invoice (and its
/// Peppol UBL with `ubl`).
pub fn accept(
    ws: &Workspace,
    number: &str,
    on: NaiveDate,
    ubl: bool,
) -> Result<Option<Written>, UserError> {
    let mut ledger = Ledger::open(&ws.root).map_err(user_error)?;
    let c = current(ws, &ledger, number)?;
    if c.status == QuoteStatus::Accepted {
        // A deposit invoice whose PDF a crash left unfinished is finished now.
        if let Some(d) = linked(&ledger, number, Link::DepositInvoice)?
            .filter(|d| d.state != crate::ledger::DocState::Done)
        {
            let note = format!("finishing deposit invoice {} of quote {number}", d.number);
            return deliver(ws, &mut ledger, &d, note, ubl).map(Some);
        }
    }
    if !c.status.can_become(QuoteStatus::Accepted) {
        return Err(refusal(number, c.status, QuoteStatus::Accepted));
    }
    check_date(&c, on, "accepted")?;
    check_valid(&mut ledger, &c, on, "accepted")?;
    let deposit = match c.quote.deposit_percent {
        Some(p) => Some(deposit_document(ws, &c, p, on, ubl)?),
        None => None,
    };
    let format = number_of(ws);
    let issued = ledger
        .accept_quote(number, on, deposit.as_ref(), &format)
        .map_err(user_error)?;
    match issued {
        Some(d) => {
            let note = format!("issued deposit invoice {} for quote {number}", d.number);
            deliver(ws, &mut ledger, &d, note, ubl).map(Some)
        }
        None => Ok(None),
    }
}

/// The deposit invoice: one line per VAT rate of the quote (money.rs rule 5).
fn deposit_document(
    ws: &Workspace,
    c: &Current,
    percent: Decimal,
    on: NaiveDate,
    ubl: bool,
) -> Result<NewDocument, UserError> {
    let q = &c.quote;
    // The workspace's labels (or the built-in ones) word the lines, like the templates.
    let renderer = Renderer::for_workspace(ws)?;
    let i18n = renderer.i18n();
    let lang = q.lang;
    let pct = format::percent(percent, lang);
    let date = format::date(on, i18n.months(lang));
    let split = deposit_split(&q.totals.per_rate, percent).ok_or_else(|| {
        UserError::new(format!(
            "the deposit of quote {} is too large to compute",
            q.number
        ))
    })?;
    let description = i18n.fill(
        "deposit_line",
        lang,
        &[("percent", &pct), ("quote", &q.number), ("date", &date)],
    );
    let lines: Vec<Line> = split
        .iter()
        .filter(|g| !g.base.is_zero())
        .map(|g| Line {
            description: description.clone(),
            quantity: Decimal::ONE,
            unit: None,
            unit_price: g.base,
            vat_rate: g.rate,
            discount_percent: None,
        })
        .collect();
    if lines.is_empty() {
        return Err(UserError::new(format!(
            "quote {}: a deposit of {pct} is 0.00, there is nothing to invoice",
            q.number
        ))
        .hint("remove `deposit_percent` from the quote, or raise it"));
    }
    let invoice = InvoiceDoc {
        client: q.client.id.clone(),
        number: None,
        issue_date: on,
        due_date: None,
        supply_date: None,
        subject: Some(i18n.fill(
            "deposit_invoice_subject",
            lang,
            &[("percent", &pct), ("quote", &q.number)],
        )),
        lines,
        notes: None,
        vat_treatment: c.inputs.quote.vat_treatment,
        buyer_reference: None,
    };
    let inputs = invoice_inputs(ws, c, invoice, Vec::new());
    new_invoice(ws, &inputs, format!("quote:{}/deposit", q.number), ubl)
}

/// `clausier quote invoice`: the final invoice, the deposit deducted at its own rates
/// (and its Peppol UBL with `ubl`).
pub fn final_invoice(
    ws: &Workspace,
    number: &str,
    on: NaiveDate,
    ubl: bool,
) -> Result<Written, UserError> {
    let mut ledger = Ledger::open(&ws.root).map_err(user_error)?;
    let c = current(ws, &ledger, number)?;
    if let Some(f) = linked(&ledger, number, Link::FinalInvoice)? {
        if f.state != crate::ledger::DocState::Done {
            let note = format!("finishing final invoice {} of quote {number}", f.number);
            return deliver(ws, &mut ledger, &f, note, ubl);
        }
        return Err(UserError::new(format!(
            "quote {number} already has its final invoice: {}",
            f.number
        ))
        .hint("correct an issued invoice with a credit note, never by invoicing again"));
    }
    if c.status != QuoteStatus::Accepted {
        let hint = match c.status {
            QuoteStatus::Draft | QuoteStatus::Sent => {
                format!(
                    "record the client's acceptance first: `clausier quote accept {number} --on DATE`"
                )
            }
            _ => "send the client a new quote".to_string(),
        };
        return Err(UserError::new(format!(
            "quote {number} is {}: only an accepted quote is invoiced",
            c.status
        ))
        .hint(hint));
    }
    check_date(&c, on, "invoiced")?;
    let q = &c.quote;
    // The workspace's labels (or the built-in ones) word the lines, like the templates.
    let renderer = Renderer::for_workspace(ws)?;
    let i18n = renderer.i18n();
    let lang = q.lang;
    let deposit = linked(&ledger, number, Link::DepositInvoice)?;
    let mut deductions = Vec::new();
    if let Some(d) = &deposit {
        let description = i18n.fill("deduction_line", lang, &[("invoice", &d.number)]);
        for v in &d.vat {
            let vat_rate = VatRate::new(v.rate).map_err(|e| UserError::new(e.message))?;
            deductions.push(Deduction {
                description: description.clone(),
                invoice_number: d.number.clone(),
                vat_rate,
                base: v.base,
                vat: v.vat,
            });
        }
        // Highest rate first, like the VAT breakdown, on the PDF and in the UBL.
        deductions.sort_by_key(|d| std::cmp::Reverse(d.vat_rate));
    }
    let accepted = c.since.unwrap_or(q.issue_date);
    let invoice = InvoiceDoc {
        client: q.client.id.clone(),
        number: None,
        issue_date: on,
        due_date: None,
        supply_date: None,
        subject: q.subject.clone(),
        lines: c.inputs.quote.lines.clone(),
        notes: Some(i18n.fill(
            "final_invoice_note",
            lang,
            &[
                ("quote", &q.number),
                ("date", &format::date(accepted, i18n.months(lang))),
            ],
        )),
        vat_treatment: c.inputs.quote.vat_treatment,
        buyer_reference: None,
    };
    let inputs = invoice_inputs(ws, &c, invoice, deductions);
    let new = new_invoice(ws, &inputs, format!("quote:{number}/final"), ubl)?;
    let format = number_of(ws);
    let record = ledger
        .issue_from_quote(number, Link::FinalInvoice, &new, &format)
        .map_err(user_error)?;
    let note = format!("issued final invoice {} for quote {number}", record.number);
    deliver(ws, &mut ledger, &record, note, ubl)
}
